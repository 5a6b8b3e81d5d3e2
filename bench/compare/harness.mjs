// Runs in the benchmark page. run.mjs opens harness.html?engine=NAME, waits for
// window.bench, then calls its methods. Each engine module (engines/NAME.mjs) provides
// {name, init(base), search(query) -> all result URLs, count(query) -> number of results (no
// result data), show(query, k) -> top k as a results list shows them}.
const engine = new URL(location.href).searchParams.get('engine');
const mod = (await import(`./engines/${engine}.mjs`)).default;
const base = new URL(`/${engine}/`, location.href).href;

window.bench = {
  name: mod.name,
  isolated: globalThis.crossOriginIsolated,
  /** Load the engine and show the first query's results: ms from navigation start. */
  async first(query) {
    await mod.init(base);
    const initMs = performance.now();
    const top = await mod.show(query, 10);
    const ms = performance.now();
    return { ms, initMs, showMs: ms - initMs, shown: top.length };
  },
  /** Time show(q, 10) for queries [from, to) in order, each the first time it is run. */
  async time(queries) {
    const out = [];
    for (const q of queries) {
      const t = performance.now();
      const top = await mod.show(q, 10);
      out.push({ ms: performance.now() - t, shown: top.length });
    }
    return out;
  },
  /** Time count(q) (the search alone, no result data) for each query, as a second run. */
  async count(queries) {
    const out = [];
    for (const q of queries) {
      const t = performance.now();
      const n = await mod.count(q);
      out.push({ ms: performance.now() - t, n });
    }
    return out;
  },
  /** All result URLs per query (not timed). */
  async all(queries) {
    const out = [];
    for (const q of queries) out.push(await mod.search(q));
    return out;
  },
};
