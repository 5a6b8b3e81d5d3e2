// The search behind <zh-search>, without a DOM: when to search as the visitor types, which
// answers are stale, paging, what the status says and what is announced, and when. The element
// (zh-search.js) renders what it is told; node tests drive this with a fake index and clock
// (tests/controller.test.mjs).
//
//   const c = new SearchController(view, { clock })
//   c.setIndex(promise)    the index to search (zh-search-index.js loadIndex)
//   c.input(text)          the box's text changed (typing; debounced, with a maximum wait)
//   c.submit(text)         Enter or search(): at once
//   c.more()               the next page
//   c.clear()              the box was emptied
//   c.narrow(narrowing)    filters, dates or order chosen: searched at once (the box's text,
//                          or, with the box empty, the articles the filters leave: browse)
//   c.overview()           -> Promise<facets> of the whole index (the chips before a query)
//
// view: { strings() → STRINGS[lang], options() → {limit, passages, facets?}, status(text),
//   results(page), clear(), error(message, cause), announce(text), settled({query, shown}) }
// page: {query, hits, offset, total, pages, notes, status, left, r}
// narrowing: {filters: {NAME: [VALUES]}, after, before, sort: 'relevance' | 'date' | '-date'}

import { failure, notesFor, statusText } from './zh-search-strings.js';

/** No filters, no dates, relevance order. */
export const NO_NARROWING = Object.freeze({ filters: Object.freeze({}), after: '', before: '', sort: 'relevance' });

/** `n` in one canonical form: values deduplicated and in order, empty fields and bounds dropped. */
export function normalizeNarrowing(n) {
  const filters = {};
  for (const [name, values] of Object.entries(n?.filters ?? {})) {
    const list = [...new Set((Array.isArray(values) ? values : [values]).map(String).filter(Boolean))];
    if (name && list.length) filters[name] = list;
  }
  const sort = n?.sort === '-date' || n?.sort === 'date' ? n.sort : 'relevance';
  return { filters, after: String(n?.after ?? '').trim(), before: String(n?.before ?? '').trim(), sort };
}

/** Whether two narrowings ask the same (values in any order). */
export function sameNarrowing(a, b) {
  const x = normalizeNarrowing(a);
  const y = normalizeNarrowing(b);
  const key = (n) => JSON.stringify([Object.keys(n.filters).sort().map((k) => [k, [...n.filters[k]].sort()]), n.after, n.before, n.sort]);
  return key(x) === key(y);
}

/** Whether `n` lists articles for an empty box (a filter value or a date bound is chosen). */
export function browses(n) {
  return Object.keys(n.filters).length > 0 || Boolean(n.after) || Boolean(n.before);
}

/** The search options for `n` (only what is set). */
function narrowingOptions(n) {
  const o = {};
  if (Object.keys(n.filters).length) o.filters = n.filters;
  if (n.after) o.after = n.after;
  if (n.before) o.before = n.before;
  if (n.sort !== 'relevance') o.sort = n.sort;
  return o;
}

export const TIMING = {
  debounceMs: 120, // a burst of keystrokes waits this long after the last one...
  maxWaitMs: 300, // ...but never longer than this after the last search: results follow a typist
  settleMs: 700, // typing has settled: announce, and put the query into the page URL
  slowMs: 400, // a query still fetching after this says so
};

const realClock = {
  now: () => performance.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (id) => clearTimeout(id),
};

export class SearchController {
  #view;
  #clock;
  #timing;
  #seq = 0; // number of the newest new search; older answers are dropped
  #timer = 0; // the debounced search
  #settleTimer = 0; // the announcement (and URL update) once typing settles
  #lastInput = -Infinity; // clock time of the last keystroke that changed the query
  #lastRun = -Infinity; // clock time of the last search started from typing
  #scheduled = ''; // the query last scheduled or run from the box
  #index = null; // Promise<index>
  #loaded = false;
  #failed = null;
  #loadingSaid = false; // the loading text is announced once per index
  #query = ''; // query of the rendered results
  #rendered = false; // results are shown (for #query, or a browse listing when it is '')
  #narrowing = NO_NARROWING;
  #shown = 0;
  #total = 0;

  constructor(view, { clock = realClock, ...timing } = {}) {
    this.#view = view;
    this.#clock = clock;
    this.#timing = { ...TIMING, ...timing };
  }

  get query() { return this.#query; }
  get shown() { return this.#shown; }
  get total() { return this.#total; }
  get failed() { return this.#failed; }
  get loaded() { return this.#loaded; }
  /** The filters, dates and order searches use (normalized; see narrow()). */
  get narrowing() { return this.#narrowing; }

  /** Searches `promise` (an index) from now on; reports a load failure through view.error. */
  setIndex(promise) {
    this.#index = promise;
    this.#loaded = false;
    this.#failed = null;
    this.#loadingSaid = false;
    promise.then(() => {
      if (this.#index === promise) this.#loaded = true;
    }, (e) => {
      if (this.#index !== promise) return;
      this.#failed = e;
      this.#cancelSettle();
      this.#view.error(failure(this.#view.strings(), e, true), e);
    });
  }

  /** The box's text is now `text` (typed). */
  input(text) {
    const c = this.#clock;
    c.clearTimeout(this.#timer);
    const q = String(text ?? '').trim();
    const now = c.now();
    if (!q && !browses(this.#narrowing)) { // cleared: drop results at once (and any pending answer)
      this.#lastInput = now;
      this.clear({ typed: true });
      return;
    }
    // The same text again (compositionend is followed by an input event): nothing to do.
    if (q === this.#scheduled) return;
    this.#scheduled = q;
    const { debounceMs, maxWaitMs } = this.#timing;
    const pause = now - this.#lastInput > debounceMs;
    this.#lastInput = now;
    this.#cancelSettle();
    // The first keystroke after a pause searches at once; a burst is debounced, but a search
    // runs at least every maxWaitMs while it lasts.
    const wait = Math.min(debounceMs, this.#lastRun + maxWaitMs - now);
    if (pause || wait <= 0) this.#fromTyping(q);
    else this.#timer = c.setTimeout(() => this.#fromTyping(q), wait);
  }

  #fromTyping(q) {
    this.#lastRun = this.#clock.now();
    this.#run(q, 0, 'typed');
  }

  /** Searches `text` now (Enter, search()); announced at once. */
  submit(text) {
    this.#clock.clearTimeout(this.#timer);
    const q = String(text ?? '').trim();
    this.#scheduled = q;
    if (!q && !browses(this.#narrowing)) { this.clear(); return; }
    this.#run(q, 0, 'now');
  }

  /** Appends the next page of the rendered query. */
  more() {
    if (this.#rendered && this.#shown < this.#total) this.#run(this.#query, this.#shown, 'now');
  }

  /**
   * Searches with `narrowing` from now on ({filters, after, before, sort}), at once: the box's
   * text, or with an empty box the articles the filters leave, newest first (browse). With
   * nothing to search or browse, results are dropped.
   */
  narrow(narrowing) {
    this.#narrowing = normalizeNarrowing(narrowing);
    this.#clock.clearTimeout(this.#timer);
    const q = this.#scheduled;
    if (!q && !browses(this.#narrowing)) { this.clear(); return; }
    this.#run(q, 0, 'now');
  }

  /**
   * The facet counts of the whole index (every filter field's values), for the chips shown
   * before anything is searched; {} when the index has none or failed.
   */
  async overview() {
    let index;
    try {
      index = await this.#index;
    } catch {
      return {};
    }
    const facets = async (options) => {
      try {
        return (await index.search('', { limit: 1, facets: true, ...options }))?.facets ?? null;
      } catch {
        return null;
      }
    };
    // An empty query counts nothing unless it lists articles: a date bound that every dated
    // article passes makes it list them (undated articles are not counted: see the README).
    return await facets({}) ?? await facets({ after: '1900' }) ?? {};
  }

  /** Drops results (and any answer on its way). `typed`: by typing, so the URL follows later. */
  clear({ typed = false } = {}) {
    this.#clock.clearTimeout(this.#timer);
    if (browses(this.#narrowing)) { // an empty box with filters: the articles they leave
      this.#scheduled = '';
      this.#run('', 0, typed ? 'typed' : 'now');
      return;
    }
    this.#cancelSettle();
    this.#seq++;
    this.#scheduled = '';
    this.#query = '';
    this.#rendered = false;
    this.#shown = 0;
    this.#total = 0;
    this.#view.clear();
    if (!this.#failed) this.#view.status('');
    this.#settle(null, typed ? '' : null, '');
  }

  /** Stops timers (the element was disconnected). */
  stop() {
    this.#clock.clearTimeout(this.#timer);
    this.#cancelSettle();
  }

  #cancelSettle() {
    this.#clock.clearTimeout(this.#settleTimer);
    this.#settleTimer = 0;
  }

  // Announces `text` (if any) and reports the settled query: at once, or, after typing
  // (`typedQuery` is the query typed), once no key has been pressed for settleMs.
  #settle(text, typedQuery, query) {
    this.#cancelSettle();
    const done = () => {
      this.#settleTimer = 0;
      if (text) this.#view.announce(text);
      this.#view.settled({ query, shown: this.#shown });
    };
    if (typedQuery === null) { done(); return; }
    const wait = this.#lastInput + this.#timing.settleMs - this.#clock.now();
    if (wait <= 0) done();
    else this.#settleTimer = this.#clock.setTimeout(done, wait);
  }

  // Runs `query` from result `offset` on (0: a new search; >0: the next page, appended).
  // `mode`: 'typed' (announced once typing settles), 'now' (announced at once) or 'quiet'.
  // Resolves with the index once rendered, undefined when stale or failed.
  async #run(query, offset, mode) {
    const seq = offset ? this.#seq : ++this.#seq;
    if (this.#failed || !this.#index) return;
    const t = this.#view.strings();
    if (!this.#loaded) {
      this.#view.status(t.loading);
      if (!this.#loadingSaid) {
        this.#loadingSaid = true;
        this.#view.announce(t.loading);
      }
    }
    let index;
    try {
      index = await this.#index;
    } catch {
      return; // setIndex has reported the error
    }
    // A newer request exists (or this page was already appended): this answer is stale.
    const stale = () => seq !== this.#seq || (offset && offset !== this.#shown);
    if (stale()) return;
    // A split index fetches what the query needs: on a slow network, say that it is searching.
    const slow = this.#clock.setTimeout(() => {
      if (!stale()) this.#view.status(this.#view.strings().searching);
    }, this.#timing.slowMs);
    let r;
    try {
      r = await index.search(query, { ...this.#view.options(), ...narrowingOptions(this.#narrowing), offset });
    } catch (e) {
      if (!stale()) {
        this.#cancelSettle();
        this.#view.error(failure(this.#view.strings(), e, false), e);
      }
      return;
    } finally {
      this.#clock.clearTimeout(slow);
    }
    if (stale()) return;
    this.#render(r, query, offset, mode);
    return index;
  }

  #render(r, query, offset, mode) {
    const t = this.#view.strings();
    const hits = Array.isArray(r?.hits) ? r.hits : [];
    if (!offset) this.#shown = 0;
    this.#query = query;
    this.#rendered = true;
    this.#total = r?.total | 0;
    const pages = Number.isFinite(r?.pages) ? r.pages : this.#total;
    const notes = notesFor(t, r);
    const status = statusText(t, query, this.#total, pages, browses(this.#narrowing));
    const first = this.#shown;
    this.#shown += hits.length;
    const left = hits.length ? Math.max(0, this.#total - this.#shown) : 0;
    this.#view.results({ query, hits, offset, first, total: this.#total, pages, notes, status, left, r });
    if (mode === 'quiet') this.#settle(null, null, query);
    else if (offset) this.#settle(t.added(hits.length, this.#total), null, query);
    else this.#settle(t.announce(notes, status), mode === 'typed' ? query : null, query);
  }

  /**
   * The query's results restored with `shown` of them (Back, a shared URL); with `narrowing`,
   * those filters, dates and order too.
   */
  restore(query, shown, limit, narrowing) {
    this.#clock.clearTimeout(this.#timer);
    if (narrowing) this.#narrowing = normalizeNarrowing(narrowing);
    const q = String(query ?? '').trim();
    this.#scheduled = q;
    if (!q && !browses(this.#narrowing)) { this.clear(); return Promise.resolve(); }
    return this.#restore(q, Math.max(limit, shown | 0));
  }

  /** The rendered query again (its options or language changed), unannounced. */
  refresh() {
    if (this.#rendered) this.#restore(this.#query, 0, 'quiet');
  }

  async #restore(q, upTo, mode = 'now') {
    // The first page, then pages until as many as were shown are back.
    const index = await this.#run(q, 0, mode);
    if (!index) return;
    while (this.#rendered && this.#query === q && this.#shown < Math.min(upTo, this.#total)) {
      const before = this.#shown;
      if (!await this.#run(q, this.#shown, 'quiet') || this.#shown === before) return;
    }
  }
}
