// FlexSearch (0.8) adapter for the side-by-side browser benchmark. Loads the index written by
// `node bench/compare/build-peer.mjs flexsearch <corpus.jsonl> <outdir>` (outdir/index.json: the
// [key, data] pairs of Document.export(), with FlexSearch's browser ES-module bundle copied next
// to it as outdir/flexsearch.js).
//
// Query translation: pieces separated by ASCII spaces must all match; a quoted phrase has no
// phrase support here, so its quotes are dropped and it is the AND of its tokens. Each piece is
// tokenized with the build-time tokenizer; whole terms only (tokenize: 'strict', no context).
//
// AND across fields: a plain Document.search ANDs the terms within each field and then unions
// the fields, so a document with one term in its title and another only in its body would be
// missed. Instead the query is composed with FlexSearch's Resolver: per token, title OR body;
// then the AND of those over all tokens. FlexSearch does the ranking (its position-slot
// relevance; in the title/body union the title's slots count half, i.e. title boosted 2x).

import { queryTokens } from './peer-tokens.mjs';

const LIMIT = 100000; // "all results"

let index = null;
let Resolver = null;

function run(query, limit) {
  if (!index) throw new Error('FlexSearch: search before init()');
  const tokens = queryTokens(query);
  if (!tokens.length) return [];
  let r = null;
  for (const t of tokens) {
    const either = new Resolver({ index, field: 'title', query: t }).or({ field: 'body', query: t });
    r = r ? r.and(either) : either;
    // Stop at the first empty intermediate result: besides saving work, Resolver.and() on an
    // empty resolver with a Resolver argument returns a bare [] instead of the resolver (0.8.212).
    if (!r.result || !r.result.length) return [];
  }
  // enrich: attach the stored {url, title} of each hit.
  return r.resolve({ limit, enrich: true });
}

export default {
  name: 'FlexSearch',

  async init(base) {
    let lib;
    try {
      lib = await import(base + 'flexsearch.js');
    } catch (e) {
      throw new Error(`FlexSearch: cannot import ${base}flexsearch.js: ${e.message}`);
    }
    Resolver = lib.Resolver;
    const url = base + 'index.json';
    const res = await fetch(url);
    if (!res.ok) throw new Error(`FlexSearch: cannot load index ${url}: HTTP ${res.status}`);
    // Must match new Document(…) in build-peer.mjs, except the encoder: that one segments the
    // text at build time; here the index only ever sees tokens already produced by queryTokens,
    // so it passes them through unchanged (re-segmenting a lone token could split it again).
    const doc = new lib.Document({
      encode: (s) => [s],
      tokenize: 'strict',
      document: { id: 'n', index: ['title', 'body'], store: ['url', 'title'] },
    });
    try {
      const parts = await res.json();
      for (const [key, data] of parts) await doc.import(key, data);
    } catch (e) {
      throw new Error(`FlexSearch: cannot deserialize index ${url}: ${e.message}`);
    }
    if (!doc.reg.size || !doc.store || !doc.store.size) {
      throw new Error(`FlexSearch: index ${url} holds no documents`);
    }
    index = doc;
  },

  async search(query) {
    return run(query, LIMIT).map((r) => r.doc.url);
  },

  async count(query) {
    return run(query, LIMIT).length;
  },
  async show(query, k) {
    return run(query, k).map((r) => ({ url: r.doc.url, title: r.doc.title, excerpt: '' }));
  },
};
