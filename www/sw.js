// Opt-in service worker (registered by sw-register.js as sw.js?v=VERSION): after a first visit
// the page, the widget, the wasm engine and any index file it fetched work offline.
//
// - The cache is named after VERSION (the build's content hash), and `activate` deletes the
//   caches of other versions: a new build replaces the old files instead of serving them forever.
// - pkg/* and pkg-embedded/* (the wasm engine, covered by the version hash) are served
//   cache-first.
// - Everything else (HTML, version.json, the element's modules, CSS, index files, whose changes the hash
//   may not cover) is network-first: always fresh online, the cached copy offline.
// - A split index's fragments are range requests: left to the browser, never stored (offline,
//   the compact form answers).
// - The compact form's pieces (index-<hash>-<i>.zhs, immutable) and a copy of their entry are
//   stored by zh-search-index.js in the cache "zhsearch-offline", which `activate` keeps: a new
//   version of the site must not delete a visitor's offline index. Pieces are served from it
//   first; offline, an entry is served from it first too (it matches the pieces stored).
// - With no version.json (VERSION "dev") everything is network-first.

const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const PREFIX = 'zhsearch-';
const CACHE = PREFIX + VERSION;
const OFFLINE = 'zhsearch-offline';
const PIECE = /\/index-[0-9a-f]{16}-\d+\.zhs$/;
// Stored at install so the first visit is enough; a missing optional file does not fail it.
// The wasm modules are not: a page fetches only the one it uses (pkg/ with an index attribute,
// pkg-embedded/ without), and that one is stored as it arrives (sw-register.js fetches again,
// through the worker, what the first visit loaded before the worker took control).
const PRECACHE = [
  './', './index.html', './zh-search.min.js', './zh-search.js', './zh-search-index.js', './zh-search-strings.js',
  './zh-search-styles.js', './zh-search-controller.js', './zh-highlight.js', './portal.css', './demo.js',
  './sw-register.js', './favicon.svg', './pkg/version.json',
];
const PKG = [new URL('./pkg/', self.location.href).href, new URL('./pkg-embedded/', self.location.href).href];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(PRECACHE.map(async (path) => {
      try {
        // cache: 'reload' skips the HTTP cache, which may hold the previous build's files.
        const res = await fetch(new Request(path, { cache: 'reload' }));
        if (res.ok) await cache.put(path, res);
      } catch {
        // offline or absent: it will be cached when first fetched
      }
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE && name !== OFFLINE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  // A worker that a newer version has replaced but that still gets an event leaves it to the
  // network, so it cannot re-create the old cache that the new version deleted.
  if (self.registration.active?.scriptURL !== self.location.href) return;
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.headers.has('range')) return; // fragments: never stored, nothing to serve offline
  const path = new URL(req.url).pathname;
  if (PIECE.test(path)) {
    event.respondWith(fromOffline(req));
    return;
  }
  const cacheFirst = VERSION !== 'dev' && PKG.some((p) => req.url.startsWith(p)) && !req.url.endsWith('/version.json');
  event.respondWith(cacheFirst ? fromCache(event) : fromNetwork(event));
});

// Stores a full (200) response without delaying the page: it gets the body while it streams.
function store(event, cache, res) {
  if (res.status === 200) event.waitUntil(cache.put(event.request, res.clone()).catch(() => {}));
  return res;
}

async function fromCache(event) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(event.request);
  return hit ?? store(event, cache, await fetch(event.request));
}

// A piece of a compact form: the stored copy (pieces never change), else the network,
// unstored (zh-search-index.js stores what it has checked).
async function fromOffline(req) {
  const cache = await caches.open(OFFLINE);
  return await cache.match(req) ?? fetch(req);
}

async function fromNetwork(event) {
  const req = event.request;
  const cache = await caches.open(CACHE);
  try {
    return store(event, cache, await fetch(req));
  } catch (e) {
    // An entry: the copy that goes with the stored compact form, if there is one.
    const offline = new URL(req.url).pathname.endsWith('/zhsearch.entry')
      ? await (await caches.open(OFFLINE)).match(req) : undefined;
    // ignoreSearch: a page opened as index.html?q=… still finds its cached copy
    const hit = offline ?? await cache.match(req) ?? await cache.match(req, { ignoreSearch: true }) ??
      await caches.match(req);
    if (hit) return hit;
    throw e;
  }
}
