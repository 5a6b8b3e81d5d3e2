// Opt-in service worker (registered by sw-register.js as sw.js?v=VERSION): after a first visit
// the page, the widget, the wasm engine and any index file it fetched work offline.
//
// - The cache is named after VERSION (the build's content hash), and `activate` deletes the
//   caches of other versions: a new build replaces the old files instead of serving them forever.
// - pkg/* and pkg-embedded/* (the wasm engine, covered by the version hash) are served
//   cache-first.
// - Everything else (HTML, version.json, zh-search.js, CSS, index files, whose changes the hash
//   may not cover) is network-first: always fresh online, the cached copy offline.
// - A split index's fragments are range requests (206): never stored. Its entry and its
//   compact form (index-<hash>.zhs, downloaded by the element for offline use) are stored like
//   any other file; zh-search-index.js removes compact files of older builds.
// - With no version.json (VERSION "dev") everything is network-first.

const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const PREFIX = 'zhsearch-';
const CACHE = PREFIX + VERSION;
// Stored at install so the first visit is enough; a missing optional file does not fail it.
// The wasm modules are not: a page fetches only the one it uses (pkg/ with an index attribute,
// pkg-embedded/ without), and that one is stored as it arrives (sw-register.js fetches again,
// through the worker, what the first visit loaded before the worker took control).
const PRECACHE = [
  './', './index.html', './zh-search.js', './zh-search-index.js', './portal.css', './demo.js',
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
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
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

async function fromNetwork(event) {
  const req = event.request;
  const cache = await caches.open(CACHE);
  try {
    return store(event, cache, await fetch(req));
  } catch (e) {
    if (req.headers.has('range')) throw e; // fragments are not kept: the compact form answers
    // ignoreSearch: a page opened as index.html?q=… still finds its cached copy
    const hit = await cache.match(req) ?? await cache.match(req, { ignoreSearch: true }) ??
      await caches.match(req); // a compact index file kept from another version's cache
    if (hit) return hit;
    throw e;
  }
}
