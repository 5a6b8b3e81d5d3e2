// In-browser benchmarks (Playwright + Debian's Chromium), run by scripts/bench-browser.sh:
//  1. page load to first results: the demo page over the default (embedded) articles opened
//     with ?q=刘万玺, from navigation start to the widget's first `zh-search-results` event;
//  2. query latency: the news corpus loaded as an index file, the fixed query mix of the
//     native bench (ZHSEARCH_DUMP_QUERIES), each query 5 times interleaved, median per query.
// Usage: node bench/browser.mjs WWW_DIR INDEX_FILE QUERIES_JSONL
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { pct } from './stats.mjs';

const [wwwDir, indexFile, queriesFile] = process.argv.slice(2);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const file = url.pathname === '/bench.zhs' ? indexFile
    : path.join(wwwDir, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
  const f = fs.existsSync(file) && fs.statSync(file).isDirectory() ? path.join(file, 'index.html') : file;
  fs.readFile(f, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(f)] || 'application/octet-stream' });
    res.end(data);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox',
  '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic'] });


// 1. Page load to first results (fresh context each run: nothing cached, no service worker).
const loads = [];
for (let i = 0; i < 7; i++) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    document.addEventListener('zh-search-results', (e) => {
      if (!window.__firstResults && e.detail.total > 0) window.__firstResults = performance.now();
    }, true);
  });
  // As a portal's search form would send a visitor: the query in the URL.
  await page.goto(base + '/?q=' + encodeURIComponent('刘万玺'));
  await page.waitForFunction(() => window.__firstResults, null, { timeout: 10000 });
  loads.push(await page.evaluate(() => window.__firstResults));
  await ctx.close();
}
console.log(`page load to first results (ms, 7 runs): median ${pct(loads, 0.5).toFixed(0)}, max ${Math.max(...loads).toFixed(0)}  [${loads.map((x) => x.toFixed(0)).join(' ')}]`);

// 2. Query latency over an index file.
const queries = fs.readFileSync(queriesFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
await page.goto(base + '/');
const r = await page.evaluate(async (queries) => {
  const mod = await import('/pkg/zhsearch_widget.js');
  await mod.default();
  const t0 = performance.now();
  const bytes = new Uint8Array(await (await fetch('/bench.zhs')).arrayBuffer());
  const t1 = performance.now();
  const idx = mod.SearchIndex.fromBytes(bytes);
  const t2 = performance.now();
  const times = queries.map(() => []);
  for (let round = 0; round < 5; round++) {
    queries.forEach((q, i) => {
      const s = performance.now();
      idx.search(q.query, { limit: 10 });
      times[i].push(performance.now() - s);
    });
  }
  return { fetchMs: t1 - t0, openMs: t2 - t1, bytes: bytes.length, times };
}, queries);
const med = r.times.map((t) => pct(t, 0.5));
const byKind = {};
queries.forEach((q, i) => (byKind[q.kind] ||= []).push(med[i]));
console.log(`index file ${r.bytes} bytes: fetch ${r.fetchMs.toFixed(0)} ms, open (checksum) ${r.openMs.toFixed(1)} ms`);
for (const [k, v] of Object.entries(byKind).sort()) {
  console.log(`${k.padEnd(10)} n=${v.length} p50 ${pct(v, 0.5).toFixed(3)} ms  p95 ${pct(v, 0.95).toFixed(3)} ms  max ${Math.max(...v).toFixed(3)} ms`);
}
console.log(`ALL        n=${med.length} p50 ${pct(med, 0.5).toFixed(3)} ms  p95 ${pct(med, 0.95).toFixed(3)} ms  max ${Math.max(...med).toFixed(3)} ms  (performance.now() resolution is coarse: 0.1 ms or worse)`);
await browser.close();
server.close();
