// Builds a peer engine's index (MiniSearch or FlexSearch) over the news corpus for the
// side-by-side browser benchmark.
//
// Usage: node bench/compare/build-peer.mjs <minisearch|flexsearch> <corpus.jsonl> <outdir>
//
// The corpus is JSON lines {"id", "title", "body"}; article <id> lives at /a/<id>.html (the
// URLs every engine reports). Writes exactly two files into <outdir>:
//   index.json     the serialized index (title + body indexed, title boosted; url + title stored,
//                  no body text)
//   <engine>.js    the library's browser ES-module build, for import() by the adapter in
//                  bench/compare/engines/<engine>.mjs
// and prints one JSON line: {"engine", "docs", "buildMs"} (tokenizing + indexing + serializing,
// wall time; reading the corpus and writing the files are not included).
//
// Tokenizer: engines/peer-tokens.mjs, shared with the browser adapters.
// Output is deterministic for the same input (documents are added in corpus order; both
// libraries serialize their maps in insertion order).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { tokenize, MINISEARCH_OPTIONS } from './engines/peer-tokens.mjs';

const require = createRequire(import.meta.url);

const [engine, corpusFile, outDir] = process.argv.slice(2);
if (!['minisearch', 'flexsearch'].includes(engine) || !corpusFile || !outDir) {
  console.error('usage: node bench/compare/build-peer.mjs <minisearch|flexsearch> <corpus.jsonl> <outdir>');
  process.exit(2);
}

const docs = fs.readFileSync(corpusFile, 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => {
  const d = JSON.parse(l);
  if (d.id === undefined || typeof d.title !== 'string' || typeof d.body !== 'string') {
    throw new Error(`${corpusFile}:${i + 1}: expected {"id", "title", "body"}`);
  }
  // n: a small integer key for the engines (compact in their serialized form).
  return { n: i, url: `/a/${d.id}.html`, title: d.title, body: d.body };
});

// Resolve the package's files through Node's resolution from this script (so the copy is the
// one in bench/node_modules), then pick the browser ES-module build next to it.
function packageDir(name) {
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

async function buildMiniSearch() {
  const { default: MiniSearch } = await import('minisearch');
  const t0 = performance.now();
  const ms = new MiniSearch(MINISEARCH_OPTIONS);
  // Slow on Chinese (tens of seconds): MiniSearch's radix tree finds a child by scanning all of
  // a node's keys, and the root has one key per distinct leading character (thousands here).
  ms.addAll(docs);
  const json = JSON.stringify(ms);
  const buildMs = performance.now() - t0;
  return { files: { 'index.json': json }, lib: path.join(packageDir('minisearch'), 'dist/es/index.js'), libName: 'minisearch.js', buildMs };
}

async function buildFlexSearch() {
  const { Document } = await import('flexsearch');
  const t0 = performance.now();
  // Options must match new Document(…) in engines/flexsearch.mjs. tokenize 'strict' = whole
  // terms only (no prefix/partial matching); no context index; default resolution (9).
  const index = new Document({
    encode: tokenize,
    tokenize: 'strict',
    document: { id: 'n', index: ['title', 'body'], store: ['url', 'title'] },
  });
  for (const d of docs) index.add(d);
  // export() hands out (key, JSON string) chunks: "<field>.<part>.map" per field index, and
  // "<part>.reg" / "<part>.doc" (registry, store) for the document. Keep them as one JSON array of
  // [key, data] pairs, in export order, which the adapter feeds back to import(key, data).
  const parts = [];
  await index.export((key, data) => { parts.push([key, JSON.parse(data)]); });
  const json = JSON.stringify(parts);
  const buildMs = performance.now() - t0;
  return { files: { 'index.json': json }, lib: path.join(packageDir('flexsearch'), 'dist/flexsearch.bundle.module.min.mjs'), libName: 'flexsearch.js', buildMs };
}

const r = engine === 'minisearch' ? await buildMiniSearch() : await buildFlexSearch();
fs.mkdirSync(outDir, { recursive: true });
for (const [name, text] of Object.entries(r.files)) fs.writeFileSync(path.join(outDir, name), text);
fs.copyFileSync(r.lib, path.join(outDir, r.libName));
console.log(JSON.stringify({ engine, docs: docs.length, buildMs: Math.round(r.buildMs) }));
