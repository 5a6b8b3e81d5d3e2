// The one static file server of the tests and benchmarks: 127.0.0.1, a random free port,
// correct MIME types (application/wasm included), several roots mounted at URL prefixes, HTTP
// range requests (a split index's fragments), and optionally what a static host or CDN does:
// brotli for compressible files, long caching for immutable ones.
import http from 'node:http';
import http2 from 'node:http2';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

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
 *   `{corrupt: true}` to flip a byte of the body (fault injection);
 * - `headers`: sent with every response (e.g. cross-origin isolation for fine timers);
 * - `http2`: HTTP/2 over TLS with a throwaway self-signed certificate (as CDNs serve; the
 *   browser context needs `ignoreHTTPSErrors`), instead of HTTP/1.1 (6 connections a host).
 * Returns {url, port, close(), requests, warm(path)} (requests: pathnames in arrival order;
 * warm: precompresses a file or a directory's files).
 */
export async function startServer(mounts, { csp = false, port = 0, brotli = false, intercept, headers: extra = {}, http2: h2 = false } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const requests = [];
  const compressed = new Map(); // file -> {mtime, body}
  const compress = (file, stat) => {
    let c = compressed.get(file);
    if (!c || c.mtime !== stat.mtimeMs) {
      c = { mtime: stat.mtimeMs, body: zlib.brotliCompressSync(fs.readFileSync(file), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }) };
      compressed.set(file, c);
    }
    return c.body;
  };
  const handler = (req, res) => {
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
    const ext = path.extname(file);
    const type = TYPES[ext] ?? 'application/octet-stream';
    const immutable = brotli && ext === '.zpk';
    const headers = {
      ...extra,
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'accept-ranges': 'bytes',
    };
    if (csp && type.startsWith('text/html')) headers['content-security-policy'] = STRICT_CSP;
    let status = 200;
    let body;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      // Only the bytes asked for are read: pack parts are megabytes.
      const size = stat.size;
      const start = Number(range[1]);
      const end = range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
      if (start > end || start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        return res.end();
      }
      headers['content-range'] = `bytes ${start}-${end}/${size}`;
      body = Buffer.alloc(end + 1 - start);
      const fd = fs.openSync(file, 'r');
      try {
        fs.readSync(fd, body, 0, body.length, start);
      } finally {
        fs.closeSync(fd);
      }
      status = 206;
    } else if (brotli && !INCOMPRESSIBLE.has(ext) && /\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
      const br = compress(file, stat);
      // Only when it helps (Pagefind's files are gzipped already).
      if (br.length < stat.size) {
        body = br;
        headers['content-encoding'] = 'br';
      } else {
        body = fs.readFileSync(file);
      }
      headers.vary = 'accept-encoding';
    } else {
      body = fs.readFileSync(file);
    }
    if (fault?.corrupt && body.length) {
      body = Buffer.from(body);
      body[body.length >> 1] ^= 0x5a;
    }
    headers['content-length'] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const sessions = new Set();
  const server = h2
    ? http2.createSecureServer({ ...certificate(), allowHTTP1: true }, handler)
    : http.createServer(handler);
  if (h2) {
    server.on('session', (s) => {
      sessions.add(s);
      s.on('close', () => sessions.delete(s));
    });
  }
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = server.address().port;
  return {
    url: `${h2 ? 'https' : 'http'}://127.0.0.1:${bound}`,
    port: bound,
    requests,
    /** Compresses a file, or the files under a directory, now, as a host serving
     *  precompressed files has them ready (compressing on the first request would stall
     *  every response meanwhile). */
    warm(where) {
      if (!brotli) return;
      const files = fs.statSync(where).isFile() ? [where] : fs.readdirSync(where, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath ?? e.path, e.name));
      for (const file of files) {
        if (!INCOMPRESSIBLE.has(path.extname(file))) compress(file, fs.statSync(file));
      }
    },
    close: () => new Promise((resolve) => {
      for (const s of sessions) s.destroy();
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

let cert;
// A self-signed certificate for 127.0.0.1, made once per process with openssl.
function certificate() {
  if (!cert) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    cert = { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return cert;
}

function send(res, status) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${status}\n`);
}
