// In-browser query latency over one index file, for the scale sweep (bench/scale/run.sh).
// Same method as part 2 of bench/browser.mjs: headless Chromium loads the wasm package (built
// without an embedded index), fetches the index file, opens it, runs the query mix (each query
// 5 times, interleaved) and takes the median per query. The page is cross-origin isolated
// (COOP/COEP headers) so performance.now() has fine resolution.
// Usage: node bench/scale/browser.mjs PKG_DIR INDEX_FILE QUERIES_JSONL
// Prints one JSON line: {fetchMs, openMs, p50, p95, max (ms), docCount, indexBytes,
// queries, crossOriginIsolated} or, when something fails, {error} (and exits 1).
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { pct } from '../stats.mjs';

const [pkgDir, indexFile, queriesFile] = process.argv.slice(2);
if (!queriesFile) {
  console.error('usage: node bench/scale/browser.mjs PKG_DIR INDEX_FILE QUERIES_JSONL');
  process.exit(2);
}
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const isolation = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let file;
  if (url.pathname === '/') {
    res.writeHead(200, { ...isolation, 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><title>scale bench</title>');
    return;
  } else if (url.pathname === '/bench.zhs') {
    file = indexFile;
  } else if (url.pathname.startsWith('/pkg/')) {
    const name = path.basename(decodeURIComponent(url.pathname));
    file = path.join(pkgDir, name);
  }
  if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, isolation);
    res.end();
    return;
  }
  res.writeHead(200, {
    ...isolation,
    'content-type': types[path.extname(file)] || 'application/octet-stream',
    'content-length': fs.statSync(file).size,
  });
  fs.createReadStream(file).pipe(res);
});

const round3 = (x) => Math.round(x * 1000) / 1000;

let browser;
let code = 0;
const consoleErrors = [];
try {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const queries = fs.readFileSync(queriesFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox',
    '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-quic'] });
  const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('crash', () => consoleErrors.push('page crashed'));
  await page.goto(base + '/');
  const r = await page.evaluate(async (queries) => {
    if (!crossOriginIsolated) return { error: 'page is not cross-origin isolated' };
    let stage = 'load wasm';
    try {
      const mod = await import('/pkg/zhsearch_widget.js');
      await mod.default();
      stage = 'fetch index';
      const t0 = performance.now();
      const resp = await fetch('/bench.zhs');
      if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
      let bytes = new Uint8Array(await resp.arrayBuffer());
      const indexBytes = bytes.length;
      const t1 = performance.now();
      stage = 'open index';
      const idx = mod.SearchIndex.fromBytes(bytes);
      const t2 = performance.now();
      bytes = null;
      stage = 'search';
      const times = queries.map(() => []);
      for (let round = 0; round < 5; round++) {
        queries.forEach((q, i) => {
          const s = performance.now();
          idx.search(q.query, { limit: 10 });
          times[i].push(performance.now() - s);
        });
      }
      return { fetchMs: t1 - t0, openMs: t2 - t1, indexBytes, docCount: idx.docCount, times };
    } catch (e) {
      return { error: `${stage}: ${e && e.message ? e.message : String(e)}` };
    }
  }, queries);
  if (r.error) throw new Error(r.error);
  const med = r.times.map((t) => pct(t, 0.5));
  console.log(JSON.stringify({
    fetchMs: round3(r.fetchMs), openMs: round3(r.openMs),
    p50: round3(pct(med, 0.5)), p95: round3(pct(med, 0.95)), max: round3(Math.max(...med)),
    docCount: r.docCount, indexBytes: r.indexBytes, queries: med.length, crossOriginIsolated: true,
  }));
} catch (e) {
  let msg = (e && e.message ? e.message : String(e)).split('\n')[0];
  if (consoleErrors.length) msg += ` [page: ${consoleErrors.slice(0, 3).join('; ')}]`;
  console.log(JSON.stringify({ error: msg }));
  code = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  server.close();
}
process.exit(code);
