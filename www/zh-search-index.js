// Index loading for <zh-search>: one wasm module per page, one index per URL, shared by every
// element. Knows nothing of the index formats: the engine (Rust, in the wasm module) tells an
// entry from a single file, says which fragments a query needs and checks every byte.
//
//   loadIndex('')                  the articles embedded in the module (pkg-embedded/)
//   loadIndex(url)                 a split index (its directory, ending in /, or its entry file),
//                                  or a single index file; the module is pkg/ (no articles)
//   loadSites([{url, label}, ...])  several single files or split indexes searched as one list
//                                  ranked on one scale, each hit with its `site` label, the
//                                  filter field `site` holding every article's label
//   index.search(query, options)   -> Promise<results>
//   prepareOffline(index, onProgress)   the compact form, for search with the network off
//
// Failures reject with an IndexError whose `kind` the element words in its own language:
// engine (the module did not load), network, http (with status), missing, corrupt,
// unsupported (another format version); and, from prepareOffline only, offline-unavailable
// (no service worker), offline-space, offline-save-data.

const PKG = new URL('./pkg/zhsearch_widget.js', import.meta.url).href;
const PKG_EMBEDDED = new URL('./pkg-embedded/zhsearch_widget.js', import.meta.url).href;
const ENTRY_NAME = 'zhsearch.entry';

export class IndexError extends Error {
  constructor(kind, message, { status, name, cause } = {}) {
    super(message, { cause });
    this.kind = kind;
    this.status = status;
    this.file = name;
  }
}

function fileName(url) {
  try {
    const u = new URL(url);
    return u.pathname.split('/').filter(Boolean).pop() || u.href;
  } catch {
    return String(url);
  }
}

// An error from the engine or from fetch, as an IndexError.
function wrap(e, name) {
  if (e instanceof IndexError) return e;
  const kind = typeof e?.kind === 'string' ? e.kind : 'corrupt';
  return new IndexError(kind, e?.message || String(e), { status: e?.status, name, cause: e });
}

const modules = new Map(); // module URL -> Promise<module>
function loadModule(url) {
  let p = modules.get(url);
  if (!p) {
    // The wasm downloads while its JS glue does, not after it (one round trip less).
    const wasm = fetch(url.replace(/\.js$/, '_bg.wasm'));
    wasm.catch(() => {}); // reported through init below
    p = import(url).then(async (mod) => {
      await mod.default({ module_or_path: wasm });
      return mod;
    });
    p.catch(() => modules.delete(url)); // a later element may retry
    modules.set(url, p);
  }
  return p.catch((e) => {
    throw new IndexError('engine', e?.message || String(e), { cause: e });
  });
}

// The response for `url`, or an IndexError (network, missing, http).
async function get(url, init) {
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new IndexError('network', 'network unavailable', { name: fileName(url), cause: e });
  }
  if (!res.ok) {
    const kind = res.status === 404 || res.status === 410 ? 'missing' : 'http';
    throw new IndexError(kind, `HTTP ${res.status}`, { status: res.status, name: fileName(url) });
  }
  return res;
}

async function fetchBytes(url, init) {
  return new Uint8Array(await (await get(url, init)).arrayBuffer());
}

// A single-file index (embedded or fetched): searches are synchronous, wrapped as promises.
function singleIndex(engine, kind) {
  return {
    kind,
    engine,
    get docCount() { return engine.docCount; },
    offline: null,
    async search(query, options) {
      try {
        return engine.search(query, options);
      } catch (e) {
        throw wrap(e);
      }
    },
  };
}

function splitIndex(engine, url, entryUrl) {
  return {
    kind: 'split',
    url,
    engine,
    entryUrl,
    get docCount() { return engine.docCount; },
    get offline() { return engine.offline; },
    async search(query, options) {
      try {
        return await engine.search(query, options);
      } catch (e) {
        throw wrap(e);
      }
    },
  };
}

async function open(url) {
  if (!url) {
    const mod = await loadModule(PKG_EMBEDDED);
    try {
      return singleIndex(mod.SearchIndex.embedded(), 'embedded');
    } catch (e) {
      throw wrap(e);
    }
  }
  const file = url.endsWith('/') ? url + ENTRY_NAME : url;
  // The entry (or file) and the engine download side by side: neither waits for the other.
  // The default cache mode, so that a <link rel="preload"> of the entry is used; the host
  // makes the browser revalidate it (Cache-Control: no-cache, see the README).
  const [mod, bytes] = await Promise.all([loadModule(PKG), fetchBytes(file)]);
  const name = fileName(file);
  try {
    if (mod.indexKind(bytes) === 'split') {
      const index = splitIndex(mod.SplitSearch.fromEntry(file, bytes), url, file);
      await attachCached(index);
      return index;
    }
    return singleIndex(mod.SearchIndex.fromBytes(bytes), 'single');
  } catch (e) {
    throw wrap(e, name);
  }
}

const indexes = new Map(); // URL ('' = embedded) -> Promise<index>
export function loadIndex(url) {
  let p = indexes.get(url);
  if (!p) {
    p = open(url);
    indexes.set(url, p);
    p.catch(() => indexes.delete(url)); // do not keep failures: the file may be fixed later
  }
  return p;
}

// Several indexes as one (the engine's SiteSearch): each opened as loadIndex opens it (and shared
// with elements searching one of them alone).
async function openSites(sites) {
  const [mod, members] = await Promise.all([loadModule(PKG), Promise.all(sites.map((s) => loadIndex(s.url)))]);
  const engine = new mod.SiteSearch();
  try {
    members.forEach((m, i) => {
      if (m.kind === 'split') engine.addSplit(m.engine, sites[i].label);
      else if (m.kind === 'single') engine.addSingle(m.engine, sites[i].label);
      else throw new IndexError('unsupported', 'the built-in articles cannot be searched with other sites');
    });
  } catch (e) {
    throw wrap(e);
  }
  return {
    kind: 'sites',
    engine,
    members,
    labels: sites.map((s) => s.label),
    get docCount() { return engine.docCount; },
    get offline() { return members.every((m) => m.offline !== false); },
    async search(query, options) {
      try {
        return await engine.search(query, options);
      } catch (e) {
        throw wrap(e);
      }
    },
  };
}

export function loadSites(sites) {
  const key = JSON.stringify(sites.map((s) => [s.url, s.label]));
  let p = indexes.get(key);
  if (!p) {
    p = openSites(sites);
    indexes.set(key, p);
    p.catch(() => indexes.delete(key));
  }
  return p;
}

// --- offline: the compact form, kept in the cache the service worker never clears ------------
//
// The compact form is one single-file index in pieces (index-<checksum>-<i>.zhs, immutable).
// Each piece is stored as it arrives (an interrupted download resumes where it stopped); once
// all are there, a copy of their entry, so a page opened offline opens the same build.

export const OFFLINE_CACHE = 'zhsearch-offline';
const PIECE = /\/index-[0-9a-f]{16}-\d+\.zhs$/;

async function offlineCache() {
  if (!('caches' in self)) return null;
  try {
    return await caches.open(OFFLINE_CACHE);
  } catch {
    return null;
  }
}

// Copies the stored piece `url`, if it is there with its `len` bytes, into `out` at `at`.
async function cachedPiece(cache, url, len, out, at) {
  try {
    const res = await cache?.match(url);
    if (!res) return false;
    const b = new Uint8Array(await res.arrayBuffer());
    if (b.length !== len) return false;
    out.set(b, at);
    return true;
  } catch {
    return false;
  }
}

// A page opened offline (or online after a finished prefetch) uses the compact form at once.
async function attachCached(index) {
  const { engine } = index;
  const urls = engine.compactUrls;
  if (!urls.length || !navigator.serviceWorker?.controller) return;
  const cache = await offlineCache();
  if (!cache) return;
  const lens = engine.compactPieceBytes;
  const bytes = new Uint8Array(engine.compactBytes);
  let at = 0;
  for (let i = 0; i < urls.length; i++) {
    if (!await cachedPiece(cache, urls[i], lens[i], bytes, at)) return;
    at += lens[i];
  }
  try {
    engine.attachCompact(bytes);
  } catch {
    // a damaged copy is not used: the network answers, and prepareOffline fetches it again
  }
}

const dirOf = (url) => url.slice(0, url.lastIndexOf('/') + 1);

// Removes pieces of other builds of this index (same directory) from the offline cache.
async function dropStale(cache, dir, urls) {
  const keep = new Set(urls);
  for (const req of await cache.keys()) {
    if (!keep.has(req.url) && dirOf(req.url) === dir && PIECE.test(new URL(req.url).pathname)) {
      await cache.delete(req);
    }
  }
}

// Streams piece `url` of `len` bytes into `out` at `at`; a longer or shorter body is refused
// before anything is stored.
async function fetchPiece(url, len, out, at, onBytes) {
  const res = await get(url);
  if (!res.body) throw new IndexError('network', 'no body', { name: fileName(url) });
  const reader = res.body.getReader();
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (got + value.length > len) {
      reader.cancel().catch(() => {});
      throw new IndexError('corrupt', 'longer than the index says', { name: fileName(url) });
    }
    out.set(value, at + got);
    got += value.length;
    onBytes(got);
  }
  if (got !== len) throw new IndexError('corrupt', 'shorter than the index says', { name: fileName(url) });
}

/**
 * Downloads the compact form of a split index so search works with the network off, reporting
 * `onProgress(fraction)`; resolves once attached. Needs the opt-in service worker (which serves
 * the page offline), and is skipped when the visitor asked to save data or storage is short.
 */
export async function prepareOffline(index, onProgress = () => {}) {
  if (index?.kind === 'sites') {
    // Each split site in turn, the progress over all of their bytes.
    const splits = index.members.filter((m) => m.kind === 'split' && !m.offline && m.engine.compactUrls.length);
    const total = splits.reduce((n, m) => n + m.engine.compactBytes, 0);
    let done = 0;
    for (const m of splits) {
      const bytes = m.engine.compactBytes;
      await prepareOffline(m, (f) => onProgress(total ? (done + f * bytes) / total : 1));
      done += bytes;
    }
    onProgress(1);
    return;
  }
  const engine = index?.engine;
  const urls = engine?.compactUrls ?? [];
  if (!urls.length || engine.offline) return;
  if (!navigator.serviceWorker?.controller) throw new IndexError('offline-unavailable', 'no service worker');
  if (navigator.connection?.saveData) throw new IndexError('offline-save-data', 'the visitor saves data');
  const total = engine.compactBytes;
  if (navigator.storage?.estimate) {
    const { quota = Infinity, usage = 0 } = await navigator.storage.estimate();
    if (quota - usage < total * 1.2) throw new IndexError('offline-space', 'not enough storage');
  }
  const cache = await offlineCache();
  if (!cache) throw new IndexError('offline-unavailable', 'no Cache API');
  // The build in use now (a deploy taken up since the page opened changes it).
  const entry = engine.entryBytes;
  const lens = engine.compactPieceBytes;
  const bytes = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < urls.length; i++) {
    const url = urls[i];
    if (!await cachedPiece(cache, url, lens[i], bytes, at)) {
      await fetchPiece(url, lens[i], bytes, at, (got) => onProgress((at + got) / total));
      try {
        await cache.put(url, new Response(bytes.slice(at, at + lens[i])));
      } catch (e) {
        throw new IndexError('offline-space', 'not enough storage', { name: fileName(url), cause: e });
      }
    }
    at += lens[i];
    onProgress(at / total);
  }
  try {
    engine.attachCompact(bytes);
  } catch (e) {
    // Every piece had its length, yet the whole fails its checksum: fetched again next time.
    for (const url of urls) await cache.delete(url);
    throw wrap(e, fileName(urls[0]));
  }
  // Then its entry (a page opened offline opens this build), and the other builds' pieces go.
  try {
    await cache.put(index.entryUrl, new Response(entry));
  } catch {
    // without the copy, a page opened offline uses the entry the service worker kept
  }
  onProgress(1);
  dropStale(cache, dirOf(index.entryUrl), urls).catch(() => {});
}
