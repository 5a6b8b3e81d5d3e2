// Fetching for the wasm module's split indexes (wasm-bindgen ships this file with its glue).
//
// The engine (Rust) decides everything about the bytes: which fragments a query needs and where
// they are, and it checks every byte it is handed. This file only moves them: range requests,
// all of a round at once, one request per fragment shared by every query that needs it, and
// the browser's DecompressionStream for deflated frames (the module carries no inflater). It
// is JavaScript rather than web-sys and Rust futures because the module is downloaded by
// every visitor: the same loop in Rust cost the wasm 10.1 KB brotli, this file about 1 KB.
//
// Failures are Errors with a `kind`: network, http (with `status`), missing (404 or 410: a
// deploy removed a part), corrupt (from here or the engine), unsupported (the engine).

const inflight = new Map(); // fragment URL -> Promise<bytes>

function fail(kind, message, status) {
  const e = new Error(message);
  e.kind = kind;
  if (status !== undefined) e.status = status;
  return e;
}

const short = (url) => url.split(/[?#]/)[0].split('/').filter(Boolean).pop() || url;

async function get(url, init) {
  let res;
  try {
    res = await fetch(url, init);
  } catch {
    throw fail('network', `${short(url)}: network unavailable`);
  }
  if (!res.ok) {
    const s = res.status;
    throw fail(s === 404 || s === 410 ? 'missing' : 'http', `${short(url)}: HTTP ${s}`, s);
  }
  try {
    return [res.status, new Uint8Array(await res.arrayBuffer())];
  } catch {
    throw fail('network', `${short(url)}: the connection broke off`);
  }
}

/** The bytes of an entry, revalidated with the server (the one file a deploy changes). */
export async function fetchEntry(url) {
  return (await get(url, { cache: 'no-cache' }))[1];
}

// Bytes [start, end) of `url`. The range is also in the URL: browsers lock an HTTP cache entry
// per URL, so range requests to one part would otherwise wait for each other (static hosts
// ignore the query string). A server that ignores the range sends the whole file.
function range(url, start, end) {
  const key = `${url}?r=${start}-${end}`;
  let p = inflight.get(key);
  if (!p) {
    p = get(key, { headers: { Range: `bytes=${start}-${end - 1}` } })
      .then(([status, b]) => {
        if (status !== 200) return b;
        if (b.length < end) throw fail('corrupt', `${short(url)}: shorter than the index says`);
        return b.slice(start, end);
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, p);
  }
  return p;
}

// Raw deflate to at most `len` bytes: a stream that inflates to more is cancelled, not read to
// its end (a small fragment must not become gigabytes in a tab). The engine checks the length.
async function inflate(bytes, len, name) {
  const out = new Uint8Array(len);
  let at = 0;
  try {
    const reader = new Response(bytes).body.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return out.subarray(0, at);
      if (at + value.length > len) {
        reader.cancel().catch(() => {});
        break;
      }
      out.set(value, at);
      at += value.length;
    }
  } catch {
    // reported below
  }
  throw fail('corrupt', `${name}: does not inflate`);
}

/**
 * Runs search `q` (the module's `SearchRun`) to its results. The engine names the fragments it
 * lacks; each is fetched at once and handed to it as soon as it arrives, and the engine is asked
 * again: a fragment whose place another one reveals (a list, from its dictionary slot) starts
 * without waiting for the rest of its round. When a part is gone (a deploy removed it), the
 * entry is fetched again, once, and a new build taken up.
 */
export async function drive(q) {
  let over = false;
  // Fetches, checks and hands over fragment `id`; settles to an error instead of rejecting.
  const one = async (id, url, start, end, name) => {
    try {
      const b = await range(url, start, end);
      if (over) return null;
      const z = q.supply(id, b); // deflated: [start, end, length]
      if (z) {
        const out = await inflate(b.subarray(z[0], z[1]), z[2], name);
        if (!over) q.supplyInflated(id, out);
      }
      return null;
    } catch (e) {
      return { e, id };
    }
  };
  try {
    const flying = new Set();
    let reopened = false;
    let next = 0; // the next fragment id
    let since = 0; // ids from the build taken up on: earlier ones are ignored when they fail
    for (let fresh; (fresh = q.step()); ) {
      for (const [id, url, start, end, name] of fresh) {
        next = id + 1;
        const p = one(id, url, start, end, name).then((r) => {
          flying.delete(p);
          return r;
        });
        flying.add(p);
      }
      if (!flying.size) throw fail('corrupt', 'the search lacks fragments it does not name');
      const failed = await Promise.race(flying);
      if (!failed) continue;
      const { e, id } = failed;
      if (id < since) continue;
      if (e.kind !== 'missing' || reopened) throw e;
      reopened = true;
      if (!q.reopen(id, await fetchEntry(q.entryUrl(id)))) throw e;
      since = next;
    }
    return q.results();
  } finally {
    over = true;
    q.free();
  }
}

/** Opens a split index from its entry's URL (`o` is the module's `SplitOpener`). */
export async function open(o) {
  try {
    return o.finish(await fetchEntry(o.url));
  } finally {
    o.free();
  }
}
