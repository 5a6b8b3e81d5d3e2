// The split layout in headless Chromium, for the scale sweep (bench/scale/run.sh): a page that
// embeds <zh-search index="/split/"> as the README says (www/zh-search.min.js and www/pkg/), served
// as a static host or CDN would (tests/e2e/server.js: HTTP/2, brotli, range requests),
// cross-origin isolated.
// Counts bytes on the wire (CDP) before the first result and for each new query of the mix
// (fragments of earlier queries kept, as in a visit), the latency of each query's first run
// (fetches included) and of its second run (everything loaded).
// Usage: node bench/scale/split.mjs SPLIT_DIR QUERIES_JSONL
// Prints one JSON line: {firstKB, perQueryKB: {p50, p95, max}, firstRunMs: {p50, p95},
// loadedMs: {p50, p95, max}, requestsFirst, queries} or {error} (and exits 1).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pct } from '../stats.mjs';
import { meter } from '../wire.mjs';
import { startServer } from '../../tests/e2e/server.js';
import { LAUNCH, WWW } from '../../tests/e2e/helpers.js';

const [splitDir, queriesFile] = process.argv.slice(2);
if (!queriesFile) {
  console.error('usage: node bench/scale/split.mjs SPLIT_DIR QUERIES_JSONL');
  process.exit(2);
}
const pageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-scale-'));
fs.writeFileSync(path.join(pageDir, 'page.html'), '<!doctype html><html lang="zh-Hans"><meta charset="utf-8">' +
  '<title>scale</title><script type="module" src="/zh-search.min.js"></script><zh-search index="/split/" limit="10"></zh-search></html>');
const server = await startServer({ '/': WWW, '/split/': splitDir, '/page.html': path.join(pageDir, 'page.html') }, {
  brotli: true,
  http2: true,
  headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
});
server.warm(path.join(WWW, 'pkg'));
// Only the entry: a visit without the service worker reads the rest by range (.zpk, never
// compressed), and compressing the compact form's pieces (531 MB at 100,000 articles) at
// quality 11 took the sweep 20 minutes for files this page never asks for.
server.warm(path.join(splitDir, 'zhsearch.entry'));
const round = (x) => Math.round(x * 10) / 10;
let browser;
let code = 0;
try {
  const queries = fs.readFileSync(queriesFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l).query ?? JSON.parse(l));
  browser = await chromium.launch(LAUNCH);
  const ctx = await browser.newContext({ serviceWorkers: 'block', ignoreHTTPSErrors: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const wire = await meter(page, (url) => url.startsWith(server.url) && !url.endsWith('/page.html'));
  await page.goto(`${server.url}/page.html`);
  const ask = (q) => page.evaluate(async (q) => {
    const el = document.querySelector('zh-search');
    await customElements.whenDefined('zh-search');
    const done = new Promise((resolve) => {
      const on = (e) => { if (e.detail.query === q) { el.removeEventListener('zh-search-results', on); resolve(e.detail); } };
      el.addEventListener('zh-search-results', on);
      el.addEventListener('zh-search-error', (e) => resolve({ error: e.detail.message }), { once: true });
    });
    el.search(q);
    return done;
  }, q);
  const first = await ask(queries[0]);
  if (first.error) throw new Error(first.error);
  await wire.settle();
  const atFirst = await wire.snapshot();
  const perQuery = [];
  const firstRun = [first.elapsedMs];
  let last = atFirst.bytes;
  for (const q of queries.slice(1)) {
    const r = await ask(q);
    if (r.error) throw new Error(`${q}: ${r.error}`);
    firstRun.push(r.elapsedMs);
    await wire.settle();
    const now = (await wire.snapshot()).bytes;
    perQuery.push(now - last);
    last = now;
  }
  const loaded = [];
  for (const q of queries) {
    const r = await ask(q); // the same query again: everything it needs is loaded
    loaded.push(r.elapsedMs);
  }
  console.log(JSON.stringify({
    firstKB: round(atFirst.bytes / 1e3),
    requestsFirst: atFirst.requests,
    perQueryKB: { p50: round(pct(perQuery, 0.5) / 1e3), p95: round(pct(perQuery, 0.95) / 1e3), max: round(Math.max(...perQuery) / 1e3) },
    firstRunMs: { p50: round(pct(firstRun, 0.5)), p95: round(pct(firstRun, 0.95)) },
    loadedMs: { p50: pct(loaded, 0.5), p95: pct(loaded, 0.95), max: Math.max(...loaded) },
    queries: queries.length,
    errors,
  }));
} catch (e) {
  console.log(JSON.stringify({ error: String(e?.message ?? e) }));
  code = 1;
} finally {
  await browser?.close();
  await server.close();
  fs.rmSync(pageDir, { recursive: true, force: true });
}
process.exit(code);
