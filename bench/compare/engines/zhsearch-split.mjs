// Our engine with a split index (zhsearch index --split): the module without articles, the
// entry fetched beside it, then fragments as each query needs them, as <zh-search index=…>
// does it (www/zh-search-index.js). The page preloads the wasm and the entry as the README
// tells portals to (zhsearch-split.head.html).
let idx;
export default {
  name: 'zhsearch (split)',
  async init(base) {
    const entryUrl = base + 'index/zhsearch.entry';
    const entry = fetch(entryUrl).then(async (r) => {
      if (!r.ok) throw new Error(`zhsearch.entry: HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    });
    const wasm = fetch(base + 'zhsearch_widget_bg.wasm'); // beside the glue, as the element does
    const mod = await import(base + 'zhsearch_widget.js');
    await mod.default({ module_or_path: wasm });
    idx = mod.SplitSearch.fromEntry(entryUrl, await entry);
    globalThis.__idx = idx;
  },
  async search(query) {
    const urls = [];
    for (let offset = 0; ; offset += 1000) {
      const r = await idx.search(query, { limit: 1000, offset, passages: 1 });
      urls.push(...r.hits.map((h) => h.url));
      if (urls.length >= r.total || r.hits.length === 0) return urls;
    }
  },
  async count(query) {
    return (await idx.search(query, { limit: 0 })).total;
  },
  async show(query, k) {
    return (await idx.search(query, { limit: k })).hits.map((h) => ({ url: h.url, title: h.title, excerpt: h.snippet }));
  },
};
