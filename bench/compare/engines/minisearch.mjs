// MiniSearch (7.x) adapter for the side-by-side browser benchmark. Loads the index written by
// `node bench/compare/build-peer.mjs minisearch <corpus.jsonl> <outdir>` (outdir/index.json,
// with MiniSearch's own browser ES module copied next to it as outdir/minisearch.js).
//
// Query translation: pieces separated by ASCII spaces must all match; a quoted phrase has no
// phrase support here, so its quotes are dropped and it is the AND of its tokens. Each piece is
// tokenized with the build-time tokenizer and ALL tokens are required (combineWith: 'AND'),
// whole terms only: no prefix matching, no fuzzy matching. Ranking is MiniSearch's BM25+ with the
// title field boosted 2x.

import { queryTokens, MINISEARCH_OPTIONS } from './peer-tokens.mjs';

// The query is already tokenized by queryTokens (tokens never contain spaces).
const SEARCH = {
  combineWith: 'AND',
  prefix: false,
  fuzzy: false,
  boost: { title: 2 },
  tokenize: (s) => s.split(' '),
  processTerm: (t) => t,
};

let ms = null;

function run(query) {
  if (!ms) throw new Error('MiniSearch: search before init()');
  const tokens = queryTokens(query);
  if (!tokens.length) return [];
  return ms.search(tokens.join(' '), SEARCH);
}

export default {
  name: 'MiniSearch',

  async init(base) {
    let MiniSearch;
    try {
      MiniSearch = (await import(base + 'minisearch.js')).default;
    } catch (e) {
      throw new Error(`MiniSearch: cannot import ${base}minisearch.js: ${e.message}`);
    }
    const url = base + 'index.json';
    const res = await fetch(url);
    if (!res.ok) throw new Error(`MiniSearch: cannot load index ${url}: HTTP ${res.status}`);
    let js;
    try {
      js = await res.json();
      ms = MiniSearch.loadJS(js, MINISEARCH_OPTIONS);
    } catch (e) {
      throw new Error(`MiniSearch: cannot deserialize index ${url}: ${e.message}`);
    }
    if (!ms.documentCount) throw new Error(`MiniSearch: index ${url} holds no documents`);
  },

  async search(query) {
    return run(query).map((r) => r.url);
  },

  async count(query) {
    return run(query).length;
  },
  async show(query, k) {
    return run(query).slice(0, k).map((r) => ({ url: r.url, title: r.title, excerpt: '' }));
  },
};
