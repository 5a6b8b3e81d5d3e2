// Pagefind 1.6 (extended build: Chinese segmentation), through its JS API: search() returns
// every result; a result's URL, title and excerpt come from its fragment (data()), which is
// what its UI loads for the results it shows.
let pf;
export default {
  name: 'Pagefind',
  async init(base) {
    pf = await import(base + 'pagefind.js');
    await pf.options({ basePath: base });
    await pf.init();
  },
  async search(query) {
    const r = await pf.search(query);
    const data = await Promise.all(r.results.map((x) => x.data()));
    return data.map((d) => d.url);
  },
  async count(query) {
    return (await pf.search(query)).results.length;
  },
  async show(query, k) {
    const r = await pf.search(query);
    const data = await Promise.all(r.results.slice(0, k).map((x) => x.data()));
    return data.map((d) => ({ url: d.url, title: d.meta?.title ?? '', excerpt: d.excerpt }));
  },
};
