// Runs in the benchmark page. run.mjs opens harness.html?engine=NAME&q=FIRST_QUERY: the page
// loads the engine and shows the first query's results at once (as a page opened with a query
// does), without waiting for the driver, then exposes window.bench for the rest. Each engine
// module (engines/NAME.mjs) provides {name, init(base), search(query) -> all result URLs,
// count(query) -> number of results (no result data), show(query, k) -> top k as a results list
// shows them}.
const params = new URL(location.href).searchParams;
const engine = params.get('engine');
const mod = (await import(`./engines/${engine}.mjs`)).default;
const base = new URL(`/${engine}/`, location.href).href;

/** Loads the engine and shows the first query's results: ms from navigation start. */
async function first(query) {
  await mod.init(base);
  const initMs = performance.now();
  const top = await mod.show(query, 10);
  const ms = performance.now();
  return { ms, initMs, showMs: ms - initMs, shown: top.length };
}
const firstResult = first(params.get('q') ?? '');
firstResult.catch(() => {});

window.bench = {
  name: mod.name,
  isolated: globalThis.crossOriginIsolated,
  /** The first query's timing (started on page load). */
  first: () => firstResult,
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
