// The tokenizer of the peers (MiniSearch, FlexSearch), one copy for their build
// (build-peer.mjs, in Node) and their adapters (engines/*.mjs, in the browser): NFKC,
// lower-case, Intl.Segmenter('zh', word granularity), the word-like segments. Build and query use
// the segmenter's ICU dictionary of their own runtime (Node there, Chromium here); the two can
// differ on rare words.

const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });
// Word boundaries always fall at these (after NFKC), so segmenting the pieces between them
// gives the same words as segmenting the whole text, about twice as fast in V8. (\s also
// drops U+FEFF, which the segmenter would otherwise glue onto the preceding word.)
const SPLIT = /[\s。、!?]+/u;

/** The words of `text`. */
export function tokenize(text) {
  const out = [];
  for (const piece of text.normalize('NFKC').toLowerCase().split(SPLIT)) {
    if (!piece) continue;
    for (const s of SEGMENTER.segment(piece)) if (s.isWordLike) out.push(s.segment);
  }
  return out;
}

/** Distinct tokens of a query, in order: pieces split on ASCII spaces, quotes dropped. */
export function queryTokens(query) {
  const tokens = [];
  for (const piece of query.replaceAll('"', ' ').split(' ')) {
    if (piece) tokens.push(...tokenize(piece));
  }
  return [...new Set(tokens)];
}

/** MiniSearch's index options, for new MiniSearch(…) at build and MiniSearch.loadJS(…) at load. */
export const MINISEARCH_OPTIONS = {
  idField: 'n',
  fields: ['title', 'body'],
  storeFields: ['url', 'title'],
  tokenize,
  processTerm: (t) => t, // already normalized and lower-cased by tokenize
};
