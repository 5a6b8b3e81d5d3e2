// Side-by-side browser run (Playwright + Debian's Chromium), called by scripts/bench-report.sh.
//
//   node bench/compare/run.mjs OUT_DIR ROUNDS ENGINE...
//
// OUT_DIR holds queries.json and site/ (bench/compare/prepare.py) and engines/<ENGINE>/ (each
// engine's build output). Per round, and per engine in a rotated order, a fresh browser context
// (empty cache) opens harness.html?engine=ENGINE and measures:
//   - time from navigation start to the first query's results on screen (top 10);
//   - bytes fetched (raw, and brotli -q 11 as a server would send them) before the first result
//     and after 20 queries (wasm, JS, index, fragments; not the harness itself);
//   - latency of show(q, 10) for each of the 200 queries, each the first time it runs;
//   - then latency of count(q) (the search alone, without result data), each query's second run.
// In round 1 it also collects every result of every query and scores it against the
// brute-force truth in queries.json (recall, precision). Writes OUT_DIR/browser.json.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pct } from '../stats.mjs';

const [outDir, roundsArg, ...engines] = process.argv.slice(2);
if (!outDir || !engines.length) {
  console.error('usage: node bench/compare/run.mjs OUT_DIR ROUNDS ENGINE...');
  process.exit(2);
}
const rounds = Number(roundsArg) || 3;
const here = path.dirname(new URL(import.meta.url).pathname);
const { queries } = JSON.parse(fs.readFileSync(path.join(outDir, 'queries.json'), 'utf8'));
const texts = queries.map((q) => q.query);

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };

/** URL path -> file on disk, or null. The harness lives in the repo; everything else in OUT_DIR. */
function resolve(pathname) {
  const p = path.posix.normalize(decodeURIComponent(pathname));
  if (p.includes('..')) return null;
  if (p === '/harness.html' || p === '/harness.mjs' || p.startsWith('/engines/')) return path.join(here, p);
  if (p.startsWith('/a/')) return path.join(outDir, 'site', p);
  const [, engine, ...rest] = p.split('/');
  if (engines.includes(engine)) return path.join(outDir, 'engines', engine, ...rest);
  return null;
}
const harnessFile = (pathname) => pathname === '/harness.html' || pathname === '/harness.mjs' || pathname.startsWith('/engines/');

const server = http.createServer((req, res) => {
  const file = resolve(new URL(req.url, 'http://x').pathname);
  fs.readFile(file ?? '', (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, {
      'content-type': types[path.extname(file)] || 'application/octet-stream',
      // Cross-origin isolation: performance.now() at 5 µs instead of 100 µs.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'max-age=3600',
    });
    res.end(data);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// Brotli size of each file, as a static host serving precompressed files would send it (never
// more than the file itself: Pagefind's fragments are already gzipped).
const brCache = new Map();
function brotliSize(file) {
  if (!brCache.has(file)) {
    const data = fs.readFileSync(file);
    const br = zlib.brotliCompressSync(data, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }).length;
    brCache.set(file, Math.min(br, data.length));
  }
  return brCache.get(file);
}
function bytesOf(fetched) {
  let raw = 0, br = 0;
  for (const p of fetched) {
    const f = resolve(p);
    raw += fs.statSync(f).size;
    br += brotliSize(f);
  }
  return { files: fetched.size, raw, br };
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox',
  '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic'] });

const runs = [];
const quality = {};
for (let round = 0; round < rounds; round++) {
  const order = engines.map((_, i) => engines[(i + round) % engines.length]);
  for (const engine of order) {
    const ctx = await browser.newContext({ serviceWorkers: 'block' });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const fetched = new Set();
    page.on('requestfinished', (r) => {
      const p = new URL(r.url()).pathname;
      if (!harnessFile(p) && resolve(p)) fetched.add(p);
    });
    await page.goto(`${origin}/harness.html?engine=${engine}`);
    await page.waitForFunction(() => window.bench, null, { timeout: 30000 });
    const isolated = await page.evaluate(() => window.bench.isolated);
    const first = await page.evaluate((q) => window.bench.first(q), texts[0]);
    const bytesFirst = bytesOf(new Set(fetched));
    const t20 = await page.evaluate((qs) => window.bench.time(qs), texts.slice(1, 20));
    const bytes20 = bytesOf(new Set(fetched));
    const rest = await page.evaluate((qs) => window.bench.time(qs), texts.slice(20));
    const lat = [first.showMs, ...t20.map((t) => t.ms), ...rest.map((t) => t.ms)];
    const counts = await page.evaluate((qs) => window.bench.count(qs), texts);
    if (round === 0) {
      const all = await page.evaluate((qs) => window.bench.all(qs), texts);
      quality[engine] = queries.map((q, i) => {
        const truth = new Set(q.truth);
        const got = [...new Set(all[i])];
        return { kind: q.kind, truth: truth.size, returned: got.length, correct: got.filter((u) => truth.has(u)).length };
      });
    }
    const name = await page.evaluate(() => window.bench.name);
    runs.push({ engine, name, round, isolated, firstResultMs: first.ms, initMs: first.initMs,
      bytesFirst, bytes20, latencyMs: lat, countMs: counts.map((c) => c.ms), errors });
    console.log(`round ${round + 1} ${name}: first result ${first.ms.toFixed(0)} ms, ` +
      `${(bytesFirst.br / 1e6).toFixed(2)} MB br before it, ${(bytes20.br / 1e6).toFixed(2)} MB after 20 queries; ` +
      `p50 ${pct(lat, 0.5).toFixed(2)} ms p95 ${pct(lat, 0.95).toFixed(2)} ms max ${Math.max(...lat).toFixed(2)} ms` +
      (errors.length ? `; ERRORS: ${errors.join(' | ')}` : ''));
    await ctx.close();
  }
}
await browser.close();
server.close();

fs.writeFileSync(path.join(outDir, 'browser.json'), JSON.stringify({ queries: queries.length, rounds, runs, quality }));
console.log(`wrote ${path.join(outDir, 'browser.json')}`);
