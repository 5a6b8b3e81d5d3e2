// Side-by-side browser run (Playwright + Debian's Chromium), called by scripts/bench-report.sh.
//
//   node bench/compare/run.mjs OUT_DIR ROUNDS ENGINE...
//
// OUT_DIR holds queries.json and site/ (bench/compare/prepare.py) and engines/<ENGINE>/ (each
// engine's build output). Files are served as a static host or CDN serves them
// (tests/e2e/server.js: HTTP/2 over TLS, Content-Encoding br where it helps, range requests),
// cross-origin isolated.
// Per round, and per engine in a rotated order, a fresh browser context (empty cache) opens
// harness.html?engine=ENGINE&q=FIRST (the page runs the first query as it loads) and measures:
//   - time from navigation start to the first query's results on screen (top 10);
//   - bytes on the wire (Chromium's count: headers and compressed bodies) and requests before
//     the first result and after 20 queries (wasm, JS, index, fragments; not the harness);
//   - latency of show(q, 10) for each of the 200 queries, each the first time it runs;
//   - then latency of count(q) (the search alone, without result data), each query's second run.
// In round 1 it also collects every result of every query and scores it against the
// brute-force truth in queries.json (recall, precision; an article that holds the query only in
// the other script, `variants`, is not needed for recall and not wrong when returned). Then, per engine, ROUNDS throttled
// runs (Chromium's emulation of a slow 4G phone: 150 ms round trip, 1.6 Mbit/s) measure
// navigation to the first result. Writes OUT_DIR/browser.json.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { pct } from '../stats.mjs';
import { meter, SLOW_4G } from '../wire.mjs';
import { serveHarness } from './serve.mjs';
import { LAUNCH } from '../../tests/e2e/helpers.js';

const [outDir, roundsArg, ...engines] = process.argv.slice(2);
if (!outDir || !engines.length) {
  console.error('usage: node bench/compare/run.mjs OUT_DIR ROUNDS ENGINE...');
  process.exit(2);
}
const rounds = Number(roundsArg) || 3;
const { queries } = JSON.parse(fs.readFileSync(path.join(outDir, 'queries.json'), 'utf8'));
const texts = queries.map((q) => q.query);

const site = await serveHarness(outDir, engines);

const browser = await chromium.launch(LAUNCH);

async function openEngine(engine, throttle) {
  const ctx = await browser.newContext({ serviceWorkers: 'block', ignoreHTTPSErrors: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const wire = await meter(page, site.counted, { throttle });
  await page.goto(site.pageUrl(engine, texts[0]));
  await page.waitForFunction(() => window.bench, null, { timeout: 60000 });
  return { ctx, page, errors, wire };
}

const runs = [];
const throttled = [];
const quality = {};
for (let round = 0; round < rounds; round++) {
  const order = engines.map((_, i) => engines[(i + round) % engines.length]);
  for (const engine of order) {
    const { ctx, page, errors, wire } = await openEngine(engine);
    const isolated = await page.evaluate(() => window.bench.isolated);
    const first = await page.evaluate(() => window.bench.first());
    await wire.settle();
    const bytesFirst = await wire.snapshot();
    const t20 = await page.evaluate((qs) => window.bench.time(qs), texts.slice(1, 20));
    await wire.settle();
    const bytes20 = await wire.snapshot();
    const rest = await page.evaluate((qs) => window.bench.time(qs), texts.slice(20));
    await wire.settle();
    const bytesAll = await wire.snapshot();
    const lat = [first.showMs, ...t20.map((t) => t.ms), ...rest.map((t) => t.ms)];
    const counts = await page.evaluate((qs) => window.bench.count(qs), texts);
    if (round === 0) {
      const all = await page.evaluate((qs) => window.bench.all(qs), texts);
      quality[engine] = queries.map((q, i) => {
        const truth = new Set(q.truth);
        const variants = new Set(q.variants ?? []);
        const got = [...new Set(all[i])];
        return { kind: q.kind, truth: truth.size, returned: got.length, correct: got.filter((u) => truth.has(u)).length,
          variants: got.filter((u) => variants.has(u)).length };
      });
    }
    const name = await page.evaluate(() => window.bench.name);
    runs.push({ engine, name, round, isolated, firstResultMs: first.ms, initMs: first.initMs,
      bytesFirst, bytes20, bytesAll, latencyMs: lat, countMs: counts.map((c) => c.ms), errors });
    console.log(`round ${round + 1} ${name}: first result ${first.ms.toFixed(0)} ms, ` +
      `${(bytesFirst.bytes / 1e3).toFixed(1)} KB (${bytesFirst.requests} requests) before it, ` +
      `${(bytes20.bytes / 1e6).toFixed(2)} MB after 20 queries; ` +
      `p50 ${pct(lat, 0.5).toFixed(2)} ms p95 ${pct(lat, 0.95).toFixed(2)} ms max ${Math.max(...lat).toFixed(2)} ms` +
      (errors.length ? `; ERRORS: ${errors.join(' | ')}` : ''));
    await ctx.close();
  }
}

// Throttled: navigation to the first result on a slow 4G phone, engines interleaved.
for (let round = 0; round < rounds; round++) {
  const order = engines.map((_, i) => engines[(i + round) % engines.length]);
  for (const engine of order) {
    const { ctx, page, errors, wire } = await openEngine(engine, SLOW_4G);
    const first = await page.evaluate(() => window.bench.first());
    await wire.settle();
    const bytes = await wire.snapshot();
    throttled.push({ engine, round, firstResultMs: first.ms, bytes, errors });
    console.log(`throttled round ${round + 1} ${engine}: first result ${first.ms.toFixed(0)} ms, ` +
      `${(bytes.bytes / 1e3).toFixed(1)} KB, ${bytes.requests} requests` + (errors.length ? `; ERRORS: ${errors.join(' | ')}` : ''));
    await ctx.close();
  }
}
await browser.close();
await site.close();

fs.writeFileSync(path.join(outDir, 'browser.json'), JSON.stringify({ queries: queries.length, rounds, runs, throttled, quality }));
console.log(`wrote ${path.join(outDir, 'browser.json')}`);
