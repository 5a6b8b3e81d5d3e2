// Where the time to the first result goes, request by request, on the slow 4G phone of the
// side-by-side run (150 ms round trip, 1.6 Mbit/s down):
//
//   node bench/compare/waterfall.mjs OUT_DIR ENGINE [QUERY] [--fast]
//
// OUT_DIR as for run.mjs (scripts/bench-report.sh writes target/bench/compare). Opens the
// engine's harness page with QUERY (default: the mix's first query) in a fresh context and
// prints each request with its start and end (ms from navigation start), the bytes Chromium
// received, and whether the benchmark counts it; then the engine's init and first-result times.
// `--fast`: without the throttle.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { meter, SLOW_4G } from '../wire.mjs';
import { serveHarness } from './serve.mjs';
import { LAUNCH } from '../../tests/e2e/helpers.js';

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const [outDir, engine, query] = args.filter((a) => a !== '--fast');
if (!outDir || !engine) {
  console.error('usage: node bench/compare/waterfall.mjs OUT_DIR ENGINE [QUERY] [--fast]');
  process.exit(2);
}
const q = query ?? JSON.parse(fs.readFileSync(path.join(outDir, 'queries.json'), 'utf8')).queries[0].query;
const site = await serveHarness(outDir, [engine]);
const browser = await chromium.launch(LAUNCH);
// The run before the measured one warms the browser process up (its first page pays for
// starting services that every later page finds running), as the benchmark's rounds do.
for (const measured of [false, true]) {
  const ctx = await browser.newContext({ serviceWorkers: 'block', ignoreHTTPSErrors: true });
  const page = await ctx.newPage();
  const wire = await meter(page, site.counted, { throttle: fast || !measured ? undefined : SLOW_4G });
  const rows = [];
  page.on('requestfinished', async (r) => {
    const t = r.timing();
    const s = await r.sizes().catch(() => null);
    rows.push({ url: r.url(), start: t.startTime, end: t.startTime + t.responseEnd, bytes: s ? s.responseHeadersSize + s.responseBodySize : 0 });
  });
  await page.goto(site.pageUrl(engine, q));
  await page.waitForFunction(() => window.bench, null, { timeout: 60000 });
  const first = await page.evaluate(() => window.bench.first());
  await wire.settle();
  if (!measured) {
    await ctx.close();
    continue;
  }
  const nav = await page.evaluate(() => performance.timeOrigin);
  let counted = 0;
  console.log(`${engine}, query ${q}${fast ? '' : ', slow 4G'}`);
  console.log('  start     end      bytes  request');
  for (const r of rows.sort((a, b) => a.start - b.start)) {
    const mine = site.counted(r.url);
    if (mine) counted += r.bytes;
    const p = new URL(r.url);
    console.log(`${(r.start - nav).toFixed(0).padStart(7)} ${(r.end - nav).toFixed(0).padStart(7)} ${String(r.bytes).padStart(10)}  ${mine ? '' : '(harness) '}${p.pathname}${p.search.length > 40 ? '' : p.search}`);
  }
  console.log(`engine ready ${first.initMs.toFixed(0)} ms, first result ${first.ms.toFixed(0)} ms; ${(counted / 1e3).toFixed(1)} KB counted`);
  await ctx.close();
}
await browser.close();
await site.close();
