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
 * Runs search `q` (the module's `SearchRun`) to its results: the engine says which fragments
 * it lacks, they are fetched at once, handed to it, and it searches again. When a part is gone
 * (a deploy removed it), the entry is fetched again once and a new build taken up.
 */
export async function drive(q) {
  try {
    let reopened = false;
    for (let need; (need = q.step()); ) {
      let got;
      try {
        got = await Promise.all(need.map(([url, start, end], i) => range(url, start, end).catch((e) => {
          throw { e, i };
        })));
      } catch ({ e, i }) {
        if (e.kind !== 'missing' || reopened) throw e;
        reopened = true;
        if (!q.reopen(i, await fetchEntry(q.entryUrl(i)))) throw e;
        continue;
      }
      // Raw frames are kept at once; deflated ones come back as [start, end, length].
      const z = got.map((b, i) => q.supply(i, b));
      const out = await Promise.all(z.map((x, i) => x && inflate(got[i].subarray(x[0], x[1]), x[2], need[i][3])));
      out.forEach((b, i) => b && q.supplyInflated(i, b));
    }
    return q.results();
  } finally {
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
