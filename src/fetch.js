// Fetching for the wasm module's split indexes (wasm-bindgen ships this file with its glue).
//
// The engine (Rust) decides everything about the bytes: which fragments a query needs and where
// they are, and it checks every byte it is handed. This file only moves them: range requests,
// in parallel, one request per fragment shared by every query that needs it, and the
// browser's DecompressionStream for deflated frames (the module carries no inflater). It
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
  let at = 0;
  try {
    const out = new Uint8Array(len);
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
 * lacks; each is fetched at once and handed to it as it arrives; once arrivals that may let it
 * name more are in (anything but a record of a hit shown) or nothing is under way, the engine
 * is asked again. A list whose place its dictionary slot reveals thus starts without waiting
 * for the rest of its round. What a failed fragment means is the engine's call (`failed`): go
 * on, take up a new build (a deploy removed a part) or fail.
 */
export async function drive(q) {
  let over = false;
  const arrived = []; // {id, record, e?}, in order of arrival
  let wake = null;
  let flying = 0;
  const settle = (r) => {
    flying--;
    arrived.push(r);
    if (wake) wake();
  };
  // Fetches, checks and hands over fragment `id`; never rejects.
  const one = async (id, url, start, end, name, record) => {
    try {
      const b = await range(url, start, end);
      const z = over ? null : q.supply(id, b); // deflated: [start, end, length]
      if (z) {
        const out = await inflate(b.subarray(z[0], z[1]), z[2], name);
        if (!over) q.supplyInflated(id, out);
      }
      settle({ id, record });
    } catch (e) {
      settle({ id, e });
    }
  };
  try {
    for (let fresh; (fresh = q.step()); ) {
      for (const [id, url, start, end, name, record] of fresh) {
        flying++;
        one(id, url, start, end, name, record);
      }
      for (;;) {
        while (!arrived.length) {
          if (!flying) throw fail('corrupt', 'the search lacks fragments it does not name');
          await new Promise((r) => {
            wake = r;
          });
          wake = null;
        }
        const batch = arrived.splice(0);
        for (const { id, e } of batch) {
          if (!e) continue;
          const what = q.failed(id, e.kind ?? '');
          if (what === 2 || (what === 1 && !q.reopen(id, await fetchEntry(q.entryUrl(id))))) throw e;
        }
        if (!flying || batch.some((r) => !r.record || r.e)) break;
      }
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
