// The one static file server of the tests and benchmarks: 127.0.0.1, a random free port,
// correct MIME types (application/wasm included), several roots mounted at URL prefixes, HTTP
// range requests (a split index's fragments), and optionally what a static host or CDN does:
// brotli for compressible files, long caching for immutable ones.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.zhs': 'application/octet-stream',
  '.zpk': 'application/octet-stream',
  '.entry': 'application/octet-stream',
};

// The policy a careful portal would send: no inline script or style, wasm allowed.
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
  "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// Split-index pack parts are deflated frame by frame already and read by range: never
// compressed again (a range of a compressed body would mean nothing).
const INCOMPRESSIBLE = new Set(['.png', '.zpk']);

/**
 * Starts a server. `mounts` maps URL prefixes ('/', '/fixtures/') to directories (or one file);
 * the longest matching prefix wins. Options:
 * - `csp`: send STRICT_CSP with HTML pages; `port`: 0 for a free one;
 * - `brotli`: answer `Accept-Encoding: br` with brotli (quality 11, cached per file), and mark
 *   pack parts (`*.zpk`, content-hashed) immutable, as a static host would;
 * - `intercept(pathname, req)`: may return `{status}` to answer with that status instead, or
 *   `{corrupt: true}` to flip a byte of the body (fault injection).
 * Returns {url, port, close(), requests} (requests: pathnames in arrival order).
 */
export async function startServer(mounts, { csp = false, port = 0, brotli = false, intercept } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const requests = [];
  const compressed = new Map(); // file -> {mtime, body}
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(pathname);
    const prefix = prefixes.find((p) => pathname.startsWith(p));
    const root = prefix && path.resolve(mounts[prefix]);
    let file = root && path.join(root, pathname.slice(prefix.length));
    if (!file || (file !== root && !file.startsWith(root + path.sep))) return send(res, 403);
    const fault = intercept?.(pathname, req);
    if (fault?.status) return send(res, fault.status);
    let stat;
    try {
      stat = fs.statSync(file);
      if (stat.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = fs.statSync(file);
      }
    } catch {
      return send(res, 404);
    }
    let body = fs.readFileSync(file);
    const ext = path.extname(file);
    const type = TYPES[ext] ?? 'application/octet-stream';
    const immutable = brotli && ext === '.zpk';
    const headers = {
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'accept-ranges': 'bytes',
    };
    if (csp && type.startsWith('text/html')) headers['content-security-policy'] = STRICT_CSP;
    let status = 200;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] === '' ? body.length - 1 : Math.min(Number(range[2]), body.length - 1);
      if (start > end || start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` });
        return res.end();
      }
      headers['content-range'] = `bytes ${start}-${end}/${body.length}`;
      body = body.subarray(start, end + 1);
      status = 206;
    } else if (brotli && !INCOMPRESSIBLE.has(ext) && /\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
      let c = compressed.get(file);
      if (!c || c.mtime !== stat.mtimeMs) {
        c = { mtime: stat.mtimeMs, body: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }) };
        compressed.set(file, c);
      }
      body = c.body;
      headers['content-encoding'] = 'br';
      headers.vary = 'accept-encoding';
    }
    if (fault?.corrupt && body.length) {
      body = Buffer.from(body);
      body[body.length >> 1] ^= 0x5a;
    }
    headers['content-length'] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = server.address().port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function send(res, status) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${status}\n`);
}
