// Our engine: the wasm module built without an embedded index, plus the index file.
let idx;
export default {
  name: 'zhsearch (one file)',
  async init(base) {
    const mod = await import(base + 'zhsearch_widget.js');
    await mod.default({ module_or_path: base + 'zhsearch_widget_bg.wasm' });
    const res = await fetch(base + 'index.zhs');
    if (!res.ok) throw new Error(`index.zhs: HTTP ${res.status}`);
    idx = mod.SearchIndex.fromBytes(new Uint8Array(await res.arrayBuffer()));
  },
  async search(query) {
    const urls = [];
    for (let offset = 0; ; offset += 1000) {
      const r = idx.search(query, { limit: 1000, offset, passages: 1 });
      urls.push(...r.hits.map((h) => h.url));
      if (urls.length >= r.total || r.hits.length === 0) return urls;
    }
  },
  async count(query) {
    return idx.search(query, { limit: 0 }).total;
  },
  async show(query, k) {
    return idx.search(query, { limit: k }).hits.map((h) => ({ url: h.url, title: h.title, excerpt: h.snippet }));
  },
};
