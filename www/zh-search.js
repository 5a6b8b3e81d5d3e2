// <zh-search>: an in-browser Chinese full-text search box (the zhsearch wasm engine).
//
//   <script type="module" src="/path/to/zh-search.js"></script>
//   <zh-search></zh-search>
//
// Attributes: placeholder; limit (results per page, 10); passages (snippet passages per result, 1);
//   index (a split index: its directory URL ending in / or its zhsearch.entry; or a single index
//   file built with `zhsearch index -o`; absent: the articles built into the wasm; several URLs
//   with white space between them: those indexes searched as one list, ranked on one scale, each
//   result naming its site, with site chips to narrow to some of them);
//   sites (with several indexes: their labels, in the same order, e.g. "县政府 城关镇"; absent:
//   each index's host and path; labels and index URLs hold no spaces: write a space in a URL
//   as %20);
//   target (where results open, e.g. _blank); lang (UI language: zh-Hans, zh-Hant, en; absent:
//   the page's, from <html lang>, zh-Hans when that is none of them); content-lang (the
//   language of the articles, zh by default: results are marked with it for screen readers);
//   highlight-param (the URL parameter links to this site's pages carry the matched words in,
//   for zh-highlight.js on the article page: zh-highlight by default; empty: none);
//   url-param (the page URL parameter that holds the query, q by default: a shared or restored
//   URL opens with its search done, Back returns to the results; empty: the URL is left alone;
//   the first element on a page with a given name owns it);
//   filters (the filter fields to offer as chips, e.g. "栏目 tags": each value a toggle button
//   with its count, several values of a field are OR, fields AND; a chip chosen with an empty
//   box lists the articles newest first); dates (boolean: a date range, after/before, taking
//   2024, 2024-01 or 2024-01-04); sort (boolean: the order toggle 相关度 / 最新); meta (the
//   metadata fields shown with each hit, e.g. "author"); url-prefix (put before the names of
//   the URL parameters of filters, dates and order: ?q=…&栏目=要闻&after=2023&sort=-date by
//   default, ?q=…&s.栏目=要闻 with url-prefix="s."; they follow url-param: empty, none).
// Events (bubbling, composed): zh-search-results {query, total, pages, elapsedMs, offset, fetched,
//   narrowing, facets, browse} after
//   results are rendered; zh-search-error {message, error}; zh-search-select {hit, href} when a result
//   is chosen (cancelable: preventDefault() keeps the page from opening it); zh-search-offline
//   {progress, ready} while a split index's compact form downloads for offline use (only with the
//   opt-in service worker, never when the visitor saves data).
// Properties and methods: ready (Promise, settles when the index has loaded or failed; wait for
//   customElements.whenDefined('zh-search') first), value, search(query), focus().
// Keyboard: ↑/↓ choose a result, Enter opens it (Ctrl/⌘+Enter in a new tab, Shift+Enter in a new
//   window), Esc closes the results and a second Esc clears the box; / or Ctrl+K focus the box.
// Styling: custom properties --zh-search-accent, -font, -font-size, -line-height,
//   -letter-spacing, -word-spacing, -bg, -fg, -muted, -border, -separator, -radius, -mark-bg,
//   -mark-fg, -active-bg, -title-fg, -input-bg, -notice-bg, -error-fg, -error-bg, -focus (each
//   with a light and a dark default; the element follows the page's color-scheme); parts root,
//   input, clear, results, result, title, site, page, snippet, mark, via, status, notice, more, error,
//   offline, filters, group, chip, count, dates, date, sort, reset, meta.
//
// Modules (relative imports, no bundler; all listed in sw.js): zh-search-strings.js (the three
// UI languages), zh-search-styles.js, zh-search-controller.js (searching, paging and
// announcements, without a DOM), zh-search-index.js (loads the wasm engine, ./pkg/ for an index
// attribute, ./pkg-embedded/ for the built-in articles, once per page, and each index once).
// All article data is put into the DOM as text nodes: nothing from an index is ever parsed as
// HTML. No inline styles or scripts: the element works under a strict Content-Security-Policy
// (script-src 'self' 'wasm-unsafe-eval'; style-src 'self').

import { loadIndex, loadSites, prepareOffline } from './zh-search-index.js';
import { SearchController, NO_NARROWING, browses, sameNarrowing, normalizeNarrowing } from './zh-search-controller.js';
import { dateBound, stringsFor, uiLang } from './zh-search-strings.js';
import { CSS, styles } from './zh-search-styles.js';

// --- rendering helpers --------------------------------------------------------------------------

// An href only for http(s) or same-origin URLs (relative ones resolve against the page).
// javascript:, data:, vbscript:, blob: and anything unparsable give no link at all.
function safeHref(url) {
  if (typeof url !== 'string' || !url.trim()) return null;
  let u;
  try {
    u = new URL(url.trim(), document.baseURI);
  } catch {
    return null;
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  if (u.origin !== 'null' && u.origin === location.origin) return u.href;
  return null;
}

// Text with [start, end) code-point ranges wrapped in <mark part="mark">, as DOM nodes.
function highlighted(text, ranges) {
  const frag = document.createDocumentFragment();
  const chars = Array.from(String(text ?? ''));
  let pos = 0;
  const sorted = Array.isArray(ranges) ? [...ranges].sort((a, b) => a[0] - b[0]) : [];
  for (const [s0, e0] of sorted) {
    const s = Math.max(pos, Math.min(s0 | 0, chars.length));
    const e = Math.max(s, Math.min(e0 | 0, chars.length));
    if (e === s) continue;
    if (s > pos) frag.append(chars.slice(pos, s).join(''));
    const mark = document.createElement('mark');
    mark.setAttribute('part', 'mark');
    mark.textContent = chars.slice(s, e).join('');
    frag.append(mark);
    pos = e;
  }
  if (pos < chars.length) frag.append(chars.slice(pos).join(''));
  return frag;
}

// `href` with `param=words` added to its query (before any #fragment): the words a reader page
// marks (zh-highlight.js). Only for pages of this site: a visitor's query is not handed to
// other sites (their logs, caches, signed URLs). No param, or no words: `href` as it is.
function withHighlight(href, param, words) {
  if (!href || !param || !words) return href;
  try {
    const u = new URL(href);
    if (u.origin !== location.origin) return href;
    u.searchParams.set(param, words);
    return u.href;
  } catch {
    return href;
  }
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

// True when a key press is meant for some other text field (shortcuts must not steal it).
function isEditable(node) {
  return node instanceof HTMLElement &&
    (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
}

const touchOnly = () => typeof matchMedia === 'function' && matchMedia('(hover: none) and (pointer: coarse)').matches;

let instances = 0;
const offlineStarted = new WeakSet(); // indexes whose compact form is downloading or ready
const urlOwners = new Map(); // URL parameter name -> the element that keeps its query there
const STATE = 'zhSearch'; // key of the element's record in history.state

class ZhSearch extends HTMLElement {
  static observedAttributes = ['placeholder', 'index', 'lang', 'limit', 'passages', 'target', 'content-lang',
    'filters', 'dates', 'sort', 'meta', 'sites'];

  #uid = `zhs${++instances}`;
  #controller;
  #url = null; // absolute URL of the loaded index ('' = embedded; null = not loaded yet)
  #index = null; // Promise<SearchIndex>
  #active = -1;
  #open = false; // results are shown (Esc closes them without clearing the box)
  #committed = false; // a result was opened from this history entry: the next query pushes one
  #said = ''; // the live region's last text
  #ready;
  #readyResolve;
  #readyReject;
  #root;
  #rootDiv;
  #box;
  #input;
  #clear;
  #list;
  #status;
  #notice;
  #error;
  #more;
  #offlineLine;
  #live;
  #narrowBox; // filters, dates and order (part=filters)
  #groups = new Map(); // filter field -> {node, chips: Map(value -> button), label}
  #dates = null; // {node, after, before, hint, error} when the dates attribute is set
  #sortGroup = null; // {node, buttons: {relevance, '-date'}}
  #reset;
  #overview = {}; // facet counts of the whole index (chips before anything is searched)
  #facets = null; // facet counts of the results shown (null: none shown)
  #onDocKey = (e) => this.#shortcut(e);
  #onPopState = () => this.#fromUrl(true);

  constructor() {
    super();
    this.#newReady();
    const root = this.attachShadow({ mode: 'open' });
    this.#root = root;
    const s = styles();
    if (s) root.adoptedStyleSheets = [s];
    else root.append(el('style', {}, CSS));

    const id = this.#uid;
    this.#input = el('input', {
      part: 'input', type: 'search', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
      enterkeyhint: 'search', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': `${id}-list`,
    });
    this.#clear = el('button', { part: 'clear', class: 'clear', type: 'button', tabindex: '-1' }, '×');
    this.#list = el('ul', { part: 'results', role: 'listbox', id: `${id}-list` });
    this.#status = el('p', { part: 'status', class: 'status' });
    this.#notice = el('p', { part: 'notice', class: 'notice', hidden: '' });
    this.#error = el('p', { part: 'error', class: 'error', role: 'alert', hidden: '' });
    this.#more = el('button', { part: 'more', class: 'more', type: 'button', hidden: '' });
    this.#offlineLine = el('p', { part: 'offline', class: 'status offline', hidden: '' });
    // What screen readers hear, once typing settles (the status above is for the eyes).
    this.#live = el('p', { class: 'live', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.#box = el('div', { class: 'box', role: 'search' }, this.#input,
      el('kbd', { class: 'key', 'aria-hidden': 'true' }, '/'), this.#clear);
    this.#narrowBox = el('div', { class: 'narrow', part: 'filters', hidden: '' });
    this.#reset = el('button', { part: 'reset', class: 'reset', type: 'button', hidden: '' });
    this.#rootDiv = el('div', { class: 'root', part: 'root' },
      this.#box, this.#narrowBox, this.#error, this.#notice, this.#status, this.#list, this.#more, this.#offlineLine, this.#live);
    root.append(this.#rootDiv);

    this.#controller = new SearchController({
      strings: () => this.#t,
      options: () => ({
        limit: this.#num('limit', 10, 100), passages: this.#num('passages', 1, 10),
        ...(this.#fields.length ? { facets: true } : {}),
      }),
      status: (text) => { this.#status.textContent = text; },
      results: (page) => this.#render(page),
      clear: () => { this.#clearResults(); this.#showFacets(null); },
      error: (message, cause) => this.#showError(message, cause),
      announce: (text) => this.#announce(text),
      settled: (state) => this.#toUrl(state),
    });

    let composing = false;
    this.#input.addEventListener('input', (e) => {
      this.#filled();
      // Pinyin letters typed inside an IME composition are not the query: wait for the commit.
      if (!composing && !e.isComposing) this.#controller.input(this.#input.value);
    });
    this.#input.addEventListener('compositionstart', () => { composing = true; });
    this.#input.addEventListener('compositionend', () => {
      composing = false;
      this.#controller.input(this.#input.value);
    });
    this.#input.addEventListener('keydown', (e) => this.#onKey(e));
    this.#clear.addEventListener('click', () => {
      this.#input.value = '';
      this.#filled();
      this.#controller.clear();
      this.#input.focus();
    });
    // Options are not focusable (the combobox keeps focus): a press on one leaves it there.
    this.#list.addEventListener('mousedown', (e) => { if (e.button <= 1) e.preventDefault(); });
    this.#list.addEventListener('click', (e) => this.#onClick(e));
    this.#list.addEventListener('auxclick', (e) => { if (e.button === 1) this.#onClick(e, true); });
    this.#more.addEventListener('click', () => this.#controller.more());
    this.#reset.addEventListener('click', () => {
      this.#input.focus(); // the button goes away: focus goes to the box, never to <body>
      this.#narrow(NO_NARROWING);
    });
  }

  /** Resolves with the element once its index is loaded; rejects with the load error. */
  get ready() { return this.#ready; }

  /** The text in the search box; setting it searches at once. */
  get value() { return this.#input.value; }
  set value(q) { this.search(q); }

  /** Puts `query` into the box and searches now (no debounce). */
  search(query) {
    this.#input.value = String(query ?? '');
    this.#filled();
    this.#controller.submit(this.#input.value);
  }

  focus(options) { this.#input.focus(options); }

  connectedCallback() {
    this.#buildNarrowing();
    this.#texts();
    document.addEventListener('keydown', this.#onDocKey);
    const param = this.#param;
    if (param && !urlOwners.has(param)) urlOwners.set(param, this);
    addEventListener('popstate', this.#onPopState);
    // Loading starts now but never blocks rendering: the box is usable at once and a query
    // typed before the index arrives runs as soon as it does.
    this.#load();
    this.#fromUrl(false);
  }

  disconnectedCallback() {
    document.removeEventListener('keydown', this.#onDocKey);
    removeEventListener('popstate', this.#onPopState);
    for (const [k, v] of urlOwners) if (v === this) urlOwners.delete(k);
    this.#controller.stop();
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.isConnected) return;
    if (name === 'index' || name === 'sites') this.#load();
    if (name === 'sites') {
      // A chosen site under its old label would match nothing.
      const n = this.#controller.narrowing;
      if (n.filters.site?.length) {
        this.#controller.restore(this.#controller.query, 0, this.#num('limit', 10, 100), { ...n, filters: { ...n.filters, site: [] } });
      }
    }
    if (name === 'lang' || name === 'placeholder') this.#texts();
    else if (name === 'filters' || name === 'dates' || name === 'sort' || name === 'index') {
      // (Several sites in index bring the site chips.)
      this.#buildNarrowing();
      this.#texts();
      this.#renderChips();
    }
    if (name !== 'placeholder') this.#controller.refresh(); // re-render, unannounced
  }

  // The UI language: the element's own lang, else the page's (<html lang> or the nearest lang).
  get #lang() {
    return this.getAttribute('lang') || this.parentElement?.closest('[lang]')?.getAttribute('lang') ||
      document.documentElement.lang || '';
  }

  get #t() { return stringsFor(this.#lang); }

  // The URL parameter this element keeps its query in, if it owns one.
  get #param() {
    const p = this.getAttribute('url-param') ?? 'q';
    return p && (!urlOwners.has(p) || urlOwners.get(p) === this) ? p : '';
  }

  #num(name, dflt, max) {
    const n = parseInt(this.getAttribute(name), 10);
    return n > 0 ? Math.min(n, max) : dflt;
  }

  #texts() {
    const t = this.#t;
    const own = this.getAttribute('placeholder');
    // No "press /" on a touch screen (there is no key to press, and it would cut the text short).
    this.#input.placeholder = own ?? (touchOnly() ? t.touchPlaceholder : t.placeholder);
    this.#input.setAttribute('aria-label', own || t.label);
    this.#list.setAttribute('aria-label', t.label);
    this.#clear.setAttribute('aria-label', t.clear);
    // The language the UI is in (the page's, unless it is none of the three); results carry theirs.
    this.#rootDiv.setAttribute('lang', uiLang(this.#lang));
    this.#narrowBox.setAttribute('aria-label', t.filters);
    this.#reset.textContent = t.reset;
    for (const [field, g] of this.#groups) this.#fieldLabel(g.label, field);
    for (const g of this.#groups.values()) for (const [v, b] of g.chips) this.#chipText(b, v, Number(b.dataset.count));
    if (this.#dates) {
      const d = this.#dates;
      d.label.textContent = t.dates;
      d.afterLabel.textContent = t.after;
      d.beforeLabel.textContent = t.before;
      d.hint.textContent = t.dateHint;
      for (const input of [d.after, d.before]) if (input.getAttribute('aria-invalid') === 'true') this.#dateError(input, false);
    }
    if (this.#sortGroup) {
      this.#sortGroup.label.textContent = t.sort;
      this.#sortGroup.buttons.relevance.textContent = t.relevance;
      this.#sortGroup.buttons['-date'].textContent = t.newest;
    }
  }

  #newReady() {
    this.#ready = new Promise((res, rej) => { this.#readyResolve = res; this.#readyReject = rej; });
    this.#ready.catch(() => {}); // a failure is shown in the widget; never an unhandled rejection
  }

  // Loads the index named by the `index` attribute, unless it is the one already loaded.
  #load() {
    const sites = this.#sites();
    const url = sites.length === 1 ? sites[0].url : JSON.stringify(sites);
    if (url === this.#url) return;
    if (this.#url !== null) this.#newReady(); // the first load settles the constructor's promise
    this.#url = url;
    this.#error.hidden = true;
    const p = sites.length > 1 ? loadSites(sites) : loadIndex(url);
    this.#index = p;
    this.#controller.setIndex(p);
    this.#overview = {};
    p.then(() => {
      if (this.#index === p) this.#readyResolve(this);
      if (this.#fields.length) {
        this.#controller.overview().then((facets) => {
          if (this.#index !== p) return;
          this.#overview = facets;
          this.#renderChips();
        });
      }
    }, (e) => {
      if (this.#index === p) this.#readyReject(e);
    });
  }

  // The indexes the index attribute names (white space between several), each labelled by the
  // sites attribute's word at its place, else by its host and path. None: the built-in articles.
  #sites() {
    const urls = (this.getAttribute('index') ?? '').split(/\s+/u).filter(Boolean);
    const labels = (this.getAttribute('sites') ?? '').split(/\s+/u).filter(Boolean);
    if (!urls.length) return [{ url: '', label: '' }];
    const seen = new Set();
    return urls.map((u, i) => {
      const url = new URL(u, document.baseURI).href;
      const { host, pathname } = new URL(url);
      return { url, label: labels[i] || `${host}${pathname.replace(/\/(zhsearch\.entry)?$/u, '')}` };
    }).filter((s) => !seen.has(s.url) && seen.add(s.url));
  }

  // Shows `message` in the widget (part=error) and fires `zh-search-error`; never throws.
  #showError(message, cause) {
    this.#error.textContent = message;
    this.#error.hidden = false;
    this.#status.textContent = '';
    this.#clearResults();
    this.dispatchEvent(new CustomEvent('zh-search-error', {
      bubbles: true, composed: true, detail: { message, error: cause },
    }));
  }

  // Says `text` through the polite live region (text equal to the last one is changed a
  // little, so that it is heard again).
  #announce(text) {
    const say = text === this.#said ? `${text}\u00a0` : text;
    this.#said = say;
    this.#live.textContent = say;
  }

  #filled() {
    this.#box.classList.toggle('filled', this.#input.value !== '');
  }

  // --- filters, dates and order ------------------------------------------------------------------

  // The filter fields offered as chips (the filters attribute, split at spaces or commas).
  get #fields() {
    const asked = (this.getAttribute('filters') ?? '').split(/[\s,，、]+/u).filter(Boolean);
    // Several sites: a visitor can narrow to some of them (and sees each one's count).
    if (this.#sites().length > 1) asked.unshift('site');
    return [...new Set(asked)];
  }

  // Builds the filter groups, the date range and the order toggle the attributes ask for (again
  // when they change; chosen values of fields no longer offered are dropped).
  #buildNarrowing() {
    const fields = this.#fields;
    const key = JSON.stringify([fields, this.hasAttribute('dates'), this.hasAttribute('sort')]);
    if (this.#narrowBox.dataset.key === key) return;
    this.#narrowBox.dataset.key = key;
    const hadFocus = this.#narrowBox.contains(this.#root.activeElement);
    this.#groups.clear();
    this.#dates = null;
    this.#sortGroup = null;
    const id = this.#uid;
    const nodes = [];
    fields.forEach((field, i) => {
      const label = el('span', { class: 'label', id: `${id}-f${i}` });
      const chips = el('div', { class: 'chips' });
      const node = el('div', { class: 'group', part: 'group', role: 'group', 'aria-labelledby': label.id, hidden: '' }, label, chips);
      chips.addEventListener('click', (e) => {
        const b = e.target.closest('button');
        if (b) this.#toggle(field, b.dataset.value);
      });
      this.#groups.set(field, { node, chips: new Map(), box: chips, label });
      nodes.push(node);
    });
    if (this.hasAttribute('dates')) {
      const label = el('span', { class: 'label', id: `${id}-dates` });
      const hint = el('span', { class: 'hint', id: `${id}-dates-hint` });
      const error = el('span', { class: 'date-error', id: `${id}-dates-error`, hidden: '' });
      const input = (name) => el('input', {
        part: 'date', type: 'text', name, autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'done',
        'aria-describedby': `${hint.id} ${error.id}`, // the hint gives examples: no placeholder to mistake for a value
      });
      const after = input('after');
      const before = input('before');
      const afterLabel = el('span', {});
      const beforeLabel = el('span', {});
      const node = el('div', { class: 'group dates', part: 'dates', role: 'group', 'aria-labelledby': label.id }, label,
        el('span', { class: 'range' }, el('label', { class: 'date' }, afterLabel, after), el('label', { class: 'date' }, beforeLabel, before)),
        hint, error);
      for (const box of [after, before]) {
        box.addEventListener('change', () => this.#dateChanged(box));
        box.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' && !e.isComposing) { e.preventDefault(); this.#dateChanged(box); }
        });
      }
      this.#dates = { node, label, after, before, afterLabel, beforeLabel, hint, error };
      nodes.push(node);
    }
    if (this.hasAttribute('sort')) {
      const label = el('span', { class: 'label', id: `${id}-sort` });
      const button = (sort) => el('button', { part: 'sort', class: 'chip', type: 'button', 'aria-pressed': 'false', 'data-sort': sort });
      const buttons = { relevance: button('relevance'), '-date': button('-date') };
      const node = el('div', { class: 'group sort', role: 'group', 'aria-labelledby': label.id }, label,
        el('div', { class: 'chips' }, buttons.relevance, buttons['-date']));
      node.addEventListener('click', (e) => {
        const b = e.target.closest('button[data-sort]');
        if (b) this.#narrow({ ...this.#controller.narrowing, sort: b.dataset.sort });
      });
      this.#sortGroup = { node, label, buttons };
      nodes.push(node);
    }
    this.#narrowBox.replaceChildren(...nodes, this.#reset);
    this.#narrowBox.hidden = nodes.length === 0;
    if (hadFocus) this.#input.focus();
    // Values of fields no longer offered are not searched for any more.
    const n = this.#controller.narrowing;
    const kept = Object.fromEntries(Object.entries(n.filters).filter(([f]) => this.#groups.has(f)));
    const next = {
      filters: kept, after: this.#dates ? n.after : '', before: this.#dates ? n.before : '',
      sort: this.#sortGroup ? n.sort : 'relevance',
    };
    if (!sameNarrowing(next, n)) this.#controller.restore(this.#controller.query, 0, this.#num('limit', 10, 100), next);
    this.#showNarrowing();
  }

  #fieldLabel(node, field) {
    node.textContent = this.#t.field(field);
    if (field !== 'tags' && field !== 'site') node.setAttribute('lang', this.getAttribute('content-lang') || 'zh');
    else node.removeAttribute('lang');
  }

  #chipText(b, value, count) {
    const lang = this.getAttribute('content-lang') || 'zh';
    b.dataset.count = String(count);
    b.classList.toggle('zero', count === 0);
    b.replaceChildren(el('span', { class: 'value', lang }, value),
      el('span', { class: 'count', part: 'count', 'aria-hidden': 'true' }, String(count)),
      el('span', { class: 'sr' }, this.#t.count(count)));
  }

  // A chip's value chosen or let go: searched at once, the next history entry.
  #toggle(field, value) {
    const n = this.#controller.narrowing;
    const values = n.filters[field] ?? [];
    const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
    this.#narrow({ ...n, filters: { ...n.filters, [field]: next } });
  }

  #narrow(n) {
    this.#controller.narrow(n);
    this.#showNarrowing();
  }

  // A date box changed: a date narrows at once; anything else is said to be none, and the
  // bound it held stays as it was.
  #dateChanged(box) {
    const v = dateBound(box.value);
    if (v === null) {
      this.#dateError(box, true);
      return;
    }
    box.removeAttribute('aria-invalid');
    const other = box === this.#dates.after ? this.#dates.before : this.#dates.after;
    if (other.getAttribute('aria-invalid') !== 'true') this.#dates.error.hidden = true;
    const n = this.#controller.narrowing;
    if ((n[box.name] ?? '') === v) return;
    this.#narrow({ ...n, [box.name]: v });
  }

  #dateError(box, say) {
    const msg = this.#t.badDate(box.value);
    box.setAttribute('aria-invalid', 'true');
    this.#dates.error.textContent = msg;
    this.#dates.error.hidden = false;
    if (say) this.#announce(msg);
  }

  // The chosen values, dates and order as the controls show them.
  #showNarrowing() {
    const n = this.#controller.narrowing;
    for (const [field, g] of this.#groups) {
      const chosen = n.filters[field] ?? [];
      for (const [v, b] of g.chips) b.setAttribute('aria-pressed', String(chosen.includes(v)));
    }
    this.#renderChips();
    if (this.#dates) {
      for (const box of [this.#dates.after, this.#dates.before]) {
        // A box being typed in (or holding what it says is no date) keeps its text.
        if (box.getAttribute('aria-invalid') === 'true' || this.#root.activeElement === box) continue;
        if (dateBound(box.value) !== (n[box.name] || '')) box.value = n[box.name] || '';
      }
    }
    if (this.#sortGroup) {
      for (const [sort, b] of Object.entries(this.#sortGroup.buttons)) b.setAttribute('aria-pressed', String(n.sort === sort));
    }
    const wasFocused = this.#root.activeElement === this.#reset;
    this.#reset.hidden = !(browses(n) || n.sort !== 'relevance');
    if (wasFocused && this.#reset.hidden) this.#input.focus();
  }

  // The facet counts of the results shown (null: none shown, the whole index's counts).
  #showFacets(facets) {
    this.#facets = facets ?? null;
    this.#renderChips();
  }

  // Each offered field's chips: every value the index has (the order of the whole index's
  // counts, stable while searching), with the count of the results shown; chosen values always.
  // Buttons are kept per value, so a chip keeps its focus while counts change.
  #renderChips() {
    const n = this.#controller.narrowing;
    const focused = this.#root.activeElement;
    for (const [field, g] of this.#groups) {
      const all = this.#overview?.[field] ?? {};
      const now = this.#facets ? (this.#facets[field] ?? {}) : all;
      const chosen = n.filters[field] ?? [];
      const values = Object.keys(all).sort((a, b) => all[b] - all[a] || (a < b ? -1 : a > b ? 1 : 0));
      for (const v of [...Object.keys(now), ...chosen]) if (!values.includes(v)) values.push(v);
      const buttons = values.map((v) => {
        let b = g.chips.get(v);
        if (!b) {
          b = el('button', { part: 'chip', class: 'chip', type: 'button', 'aria-pressed': 'false', 'data-value': v });
          g.chips.set(v, b);
        }
        const count = now[v] ?? 0;
        if (b.dataset.count !== String(count) || !b.firstChild) this.#chipText(b, v, count);
        b.setAttribute('aria-pressed', String(chosen.includes(v)));
        return b;
      });
      for (const v of [...g.chips.keys()]) if (!values.includes(v)) g.chips.delete(v);
      const current = [...g.box.children];
      if (current.length !== buttons.length || current.some((b, i) => b !== buttons[i])) g.box.replaceChildren(...buttons);
      g.node.hidden = buttons.length === 0;
    }
    if (focused && focused !== this.#root.activeElement && focused.isConnected) focused.focus();
  }

  // The URL parameter names of the filters, dates and order: url-prefix + name.
  #urlName(name) {
    return (this.getAttribute('url-prefix') ?? '') + name;
  }

  // The filters, dates and order in `params` (only those this element offers).
  #narrowingFrom(params) {
    const filters = {};
    for (const field of this.#groups.keys()) {
      const values = params.getAll(this.#urlName(field)).filter(Boolean);
      if (values.length) filters[field] = values;
    }
    const date = (name) => (this.#dates ? dateBound(params.get(this.#urlName(name))) || '' : '');
    const sort = this.#sortGroup ? params.get(this.#urlName('sort')) : null;
    return normalizeNarrowing({ filters, after: date('after'), before: date('before'), sort });
  }

  // `params` with the filters, dates and order of `n` (those this element offers) in place.
  #narrowingInto(params, n) {
    for (const field of this.#groups.keys()) {
      params.delete(this.#urlName(field));
      for (const v of n.filters[field] ?? []) params.append(this.#urlName(field), v);
    }
    for (const name of ['after', 'before']) {
      if (!this.#dates) continue;
      if (n[name]) params.set(this.#urlName(name), n[name]);
      else params.delete(this.#urlName(name));
    }
    if (this.#sortGroup) {
      if (n.sort !== 'relevance') params.set(this.#urlName('sort'), n.sort);
      else params.delete(this.#urlName('sort'));
    }
  }

  // --- the page URL: ?q= holds the query; Back and shared links restore it ----------------------

  // Searches the query in the page URL (on load, and on popstate when `pop`), with as many
  // results as that history entry showed.
  #fromUrl(pop) {
    const param = this.#param;
    if (!param) return;
    const params = new URL(location.href).searchParams;
    const q = params.get(param) ?? '';
    const n = this.#narrowingFrom(params);
    const saved = history.state?.[STATE];
    this.#committed = Boolean(saved?.committed);
    if (q.trim() === this.#controller.query && sameNarrowing(n, this.#controller.narrowing)) return;
    this.#input.value = q;
    this.#filled();
    if (this.#dates) for (const box of [this.#dates.after, this.#dates.before]) box.removeAttribute('aria-invalid');
    if (this.#dates) this.#dates.error.hidden = true;
    const same = saved?.query === q.trim() && sameNarrowing(saved?.narrowing, n);
    this.#controller.restore(q, same ? saved.shown : 0, this.#num('limit', 10, 100), n);
    if (this.#dates) for (const box of [this.#dates.after, this.#dates.before]) box.value = n[box.name] || '';
    this.#showNarrowing();
  }

  // The query (with how many results are shown) into the page URL: replaceState while typing,
  // a new history entry for a query typed after a result was opened from this one.
  #toUrl({ query, shown }, commit = false) {
    const param = this.#param;
    if (!param) return;
    try {
      const u = new URL(location.href);
      const narrowing = this.#controller.narrowing;
      // Filters, dates or order chosen: a step of its own in history (Back undoes it).
      const chosen = !sameNarrowing(this.#narrowingFrom(u.searchParams), narrowing);
      const same = (u.searchParams.get(param) ?? '') === query && !chosen;
      if (query) u.searchParams.set(param, query);
      else u.searchParams.delete(param);
      this.#narrowingInto(u.searchParams, narrowing);
      // An entry a result was opened from stays as it was (until its query changes).
      const committed = commit || (this.#committed && same);
      const state = { ...(history.state ?? {}), [STATE]: { query, shown, committed, narrowing } };
      if ((this.#committed && !committed) || chosen) history.pushState(state, '', u.href);
      else history.replaceState(state, '', u.href);
      this.#committed = committed;
    } catch {
      // history refused (sandboxed frame, too many calls): the URL stays as it was
    }
  }

  // --- rendering ----------------------------------------------------------------------------------

  // With the opt-in service worker, once results have been shown and the page is idle, the
  // compact form of a split index downloads for offline search (one download per index).
  #offline(index) {
    if (index.offline || !navigator.serviceWorker?.controller || offlineStarted.has(index)) return;
    offlineStarted.add(index);
    const idle = self.requestIdleCallback ?? ((f) => setTimeout(f, 1000));
    idle(() => {
      let last = -1;
      prepareOffline(index, (fraction) => {
        const p = Math.floor(fraction * 100);
        if (p === last) return;
        last = p;
        this.#offlineLine.hidden = false;
        this.#offlineLine.textContent = p < 100 ? this.#t.offlineProgress(p) : this.#t.offlineReady;
        this.dispatchEvent(new CustomEvent('zh-search-offline', {
          bubbles: true, composed: true, detail: { progress: fraction, ready: fraction >= 1 },
        }));
      }).catch(() => {
        offlineStarted.delete(index); // saving data, short of space or offline: another time
        this.#offlineLine.hidden = true;
      });
    });
  }

  #render({ query, hits, offset, first, total, pages, notes, status, left, r }) {
    this.#error.hidden = true;
    if (!offset) this.#clearResults();
    const moreHadFocus = this.#root.activeElement === this.#more;
    const param = this.getAttribute('highlight-param') ?? 'zh-highlight';
    // What a reader page marks: the words that found the hit.
    const words = (hit) => hit.pinyin || r.corrected || r.relaxed || query;
    hits.forEach((hit, k) => {
      const href = withHighlight(safeHref(hit.url), param, words(hit));
      this.#list.append(this.#option(hit, first + k, href));
    });
    this.#notice.hidden = notes.length === 0;
    this.#notice.textContent = notes.join('\n');
    this.#status.textContent = status;
    this.#more.hidden = left <= 0;
    this.#more.textContent = this.#t.more(left);
    this.#show(this.#list.childElementCount > 0);
    if (!offset) this.#showFacets(r.facets ?? {});
    // The last page: the button goes, and focus goes on to the first new result (never <body>).
    if (offset && moreHadFocus && this.#more.hidden) {
      this.#input.focus();
      if (hits.length) this.#setActive(first);
    }
    this.dispatchEvent(new CustomEvent('zh-search-results', {
      bubbles: true, composed: true,
      detail: {
        query, total, pages, elapsedMs: r.elapsedMs, offset, fetched: r.fetched,
        narrowing: this.#controller.narrowing, facets: r.facets ?? {}, browse: !query,
      },
    }));
    if (this.#index) this.#index.then((index) => { if (index.kind === 'split' || index.kind === 'sites') this.#offline(index); }, () => {});
  }

  // One result: an option named by its title (its only content exposed as such) and described
  // by its snippet, page, date and pinyin reading (exposed only through aria-describedby, so
  // the name stays short), with no interactive content inside: the option itself opens it.
  #option(hit, i, href) {
    const t = this.#t;
    const id = `${this.#uid}-opt-${i}`;
    const lang = this.getAttribute('content-lang') || 'zh';
    const li = el('li', { role: 'option', id, part: 'result', 'aria-selected': 'false' });
    const title = el('span', { part: 'title', class: 'title' });
    if (hit.title) {
      title.setAttribute('lang', lang);
      title.append(highlighted(hit.title, hit.titleHighlights));
    } else {
      title.append(t.untitled);
    }
    li.append(title);
    const described = [];
    const detail = (node, suffix) => {
      node.id = `${id}-${suffix}`;
      node.setAttribute('aria-hidden', 'true');
      described.push(node.id);
      return node;
    };
    const snippet = detail(el('p', { part: 'snippet', class: 'snippet', lang }, highlighted(hit.snippet, hit.highlights)), 's');
    // A story of a page: the page it is on, as context.
    const page = hit.page && typeof hit.page === 'object'
      ? detail(el('span', { part: 'page', class: 'page' }, `${t.page}：`,
        el('span', { lang }, String(hit.page.title || hit.page.id || ''))), 'p')
      : null;
    const date = hit.date ? detail(el('span', { class: 'date' }, String(hit.date)), 'd') : null;
    // Several sites: the one the article is on.
    const site = hit.site
      ? detail(el('span', { part: 'site', class: 'site' }, el('span', { class: 'sr' }, `${t.field('site')}：`), String(hit.site)), 'w')
      : null;
    const meta = this.#metaLine(hit, lang);
    if (meta) detail(meta, 'm');
    const via = hit.pinyin
      ? detail(el('span', { part: 'via', class: 'via' }, `${t.viaPinyin}：`, el('span', { lang }, String(hit.pinyin))), 'v')
      : null;
    for (const node of [site, date, meta, via, page, snippet]) if (node) li.append(node);
    li.setAttribute('aria-describedby', described.join(' '));
    if (href) {
      li.classList.add('linked');
      li.dataset.href = href;
    }
    li._hit = hit;
    return li;
  }

  // The metadata fields the meta attribute names, compactly: 王明 · 安全生产、通知 (each
  // field's name said to screen readers).
  #metaLine(hit, lang) {
    const names = (this.getAttribute('meta') ?? '').split(/[\s,，、]+/u).filter(Boolean);
    const m = hit.meta && typeof hit.meta === 'object' ? hit.meta : {};
    const parts = [];
    for (const name of names) {
      const values = (Array.isArray(m[name]) ? m[name] : m[name] != null ? [m[name]] : []).map(String).filter(Boolean);
      if (!values.length) continue;
      if (parts.length) parts.push(el('span', { 'aria-hidden': 'true', class: 'sep' }, ' · '));
      parts.push(el('span', { class: 'sr' }, `${this.#t.field(name)}：`), el('span', { lang }, values.join(this.#t.metaSep)));
    }
    return parts.length ? el('span', { part: 'meta', class: 'meta' }, ...parts) : null;
  }

  // Shows or hides the results (aria-expanded follows).
  #show(open) {
    this.#open = open;
    this.#list.hidden = !open;
    if (!open) this.#setActive(-1);
    this.#more.hidden ||= !open;
    this.#input.setAttribute('aria-expanded', String(open));
  }

  #clearResults() {
    this.#list.replaceChildren();
    this.#setActive(-1);
    this.#more.hidden = true;
    this.#notice.hidden = true;
    this.#show(false);
  }

  #setActive(i) {
    const options = this.#list.children;
    this.#active = i;
    for (let k = 0; k < options.length; k++) options[k].setAttribute('aria-selected', String(k === i));
    if (i >= 0 && options[i]) {
      this.#input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      this.#input.removeAttribute('aria-activedescendant');
    }
  }

  #onKey(e) {
    if (e.isComposing || e.keyCode === 229) return; // keys that drive the IME
    const n = this.#list.childElementCount;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!n) return;
      e.preventDefault();
      if (!this.#open) { // closed by Esc: the arrows bring the results back
        this.#show(true);
        this.#more.hidden = this.#controller.shown >= this.#controller.total;
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.#setActive(this.#active < 0 && step < 0 ? n - 1 : (this.#active + step + n) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.#open && this.#active >= 0) {
        this.#choose(this.#list.children[this.#active], e);
      } else {
        this.#controller.submit(this.#input.value);
      }
    } else if (e.key === 'Escape') {
      if (this.#open) { // first Esc: close the results, keep the text
        e.preventDefault();
        this.#show(false);
      } else if (this.#input.value) { // second Esc: clear the text
        e.preventDefault();
        this.#input.value = '';
        this.#filled();
        this.#controller.clear();
      } // nothing to close or clear: let the page have Esc
    }
  }

  #onClick(e, middle = false) {
    const li = e.target.closest('li[role="option"]');
    if (!li) return;
    this.#setActive([...this.#list.children].indexOf(li));
    this.#choose(li, { ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey, button: middle ? 1 : 0 });
  }

  // Opens a result after `zh-search-select`, as a link would: a link of its own, clicked with the
  // visitor's modifier keys (Ctrl/⌘: a new tab, Shift: a new window, the middle button), so the
  // browser decides as for any link; `target` applies. A result without a safe URL only fires
  // the event. Focus stays in the box.
  #choose(li, { ctrlKey = false, metaKey = false, shiftKey = false, button = 0 } = {}) {
    const href = li.dataset.href ?? null;
    const go = this.dispatchEvent(new CustomEvent('zh-search-select', {
      bubbles: true, composed: true, cancelable: true, detail: { hit: li._hit, href },
    }));
    if (this.#root.activeElement !== this.#input) this.#input.focus();
    if (!go || !href) return;
    // This entry keeps the query whose result was opened: Back comes back to it.
    this.#toUrl({ query: this.#controller.query, shown: this.#controller.shown }, true);
    // Outside the listbox, never rendered, gone again at once.
    const a = el('a', { href, rel: 'noopener', hidden: '', 'aria-hidden': 'true', tabindex: '-1' });
    const target = this.getAttribute('target');
    if (target) a.target = target;
    this.#rootDiv.append(a);
    a.dispatchEvent(new MouseEvent('click', { cancelable: true, ctrlKey, metaKey, shiftKey, button }));
    a.remove();
  }

  // `/` or Ctrl+K / Cmd+K anywhere on the page focuses the box, except while typing elsewhere.
  #shortcut(e) {
    if (e.defaultPrevented || e.isComposing || e.altKey) return; // first instance wins
    const slash = e.key === '/' && !e.ctrlKey && !e.metaKey;
    const k = (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.shiftKey;
    if (!slash && !k) return;
    const target = e.composedPath()[0];
    if (target === this.#input) {
      if (k) { e.preventDefault(); this.#input.select(); }
      return;
    }
    if (isEditable(target)) return;
    e.preventDefault();
    this.#input.focus();
    this.#input.select();
  }
}

if (!customElements.get('zh-search')) customElements.define('zh-search', ZhSearch);

export { ZhSearch };
