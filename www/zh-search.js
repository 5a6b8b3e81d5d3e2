// <zh-search>: an in-browser Chinese full-text search box (the zhsearch wasm engine).
//
//   <script type="module" src="/path/to/zh-search.js"></script>
//   <zh-search></zh-search>
//
// Attributes: placeholder; limit (results per page, 10); passages (snippet passages per result, 1);
//   index (a split index: its directory URL ending in / or its zhsearch.entry; or a single index
//   file built with `zhsearch index -o`; absent: the articles built into the wasm);
//   target (where result links open, e.g. _blank); lang (zh-Hans default, zh-Hant, en);
//   highlight-param (the URL parameter links to this site's pages carry the matched words in,
//   for zh-highlight.js on the article page: zh-highlight by default; empty: none).
// Events (bubbling, composed): zh-search-results {query, total, pages, elapsedMs, offset, fetched} after
//   results are rendered; zh-search-error {message, error}; zh-search-select {hit} when a result is
//   chosen (cancelable: preventDefault() keeps the link from opening); zh-search-offline
//   {progress, ready} while a split index's compact form downloads for offline use (only with the
//   opt-in service worker, never when the visitor saves data).
// Properties and methods: ready (Promise, settles when the index has loaded or failed; wait for
//   customElements.whenDefined('zh-search') first), value, search(query), focus().
// Styling: custom properties --zh-search-accent, -font, -font-size, -bg, -fg, -muted, -border,
//   -radius, -mark-bg, -active-bg, -title-fg, -input-bg, -notice-bg, -error-fg, -error-bg; parts
//   root, input, results, result, title, page, snippet, mark, via, status, notice, more, error,
//   offline.
//
// The wasm engine (./pkg/ for an index attribute, ./pkg-embedded/ for the built-in articles,
// relative to this file) is loaded once per page by zh-search-index.js, after the element is
// connected, and shared by every instance; so is each index. All article data is put into
// the DOM as text nodes: nothing from an index is ever parsed as HTML. No inline styles or
// scripts: the element works under a strict Content-Security-Policy (script-src 'self'
// 'wasm-unsafe-eval'; style-src 'self').

import { loadIndex, prepareOffline } from './zh-search-index.js';

const DEBOUNCE_MS = 120;
// A query whose fragments take longer than this to arrive says so.
const SLOW_MS = 400;

const STRINGS = {
  'zh-Hans': {
    label: '站内搜索',
    placeholder: '搜索文章，按 / 快速定位',
    loading: '正在加载搜索索引…',
    found: (n, ms, pages) => `找到 ${n} 篇${pages < n ? `（${pages} 个版面）` : ''}，用时 ${ms} 毫秒`,
    page: '版面',
    none: (q) => `没有找到与“${q}”相关的文章`,
    relaxed: (w) => `没有完全匹配的结果，以下包含：${w}`,
    pinyin: (w) => `按拼音匹配：${w}`,
    corrected: (w) => `没有找到原词，以下为拼写相近的“${w}”`,
    viaPinyin: '拼音',
    more: (n) => `更多结果（还有 ${n} 篇）`,
    untitled: '（无标题）',
    engineFailed: (what) => `搜索功能加载失败：${what}`,
    loadFailed: (what) => `搜索索引加载失败：${what}`,
    badIndex: (what) => `搜索索引文件无效：${what}`,
    searchFailed: (what) => `搜索出错：${what}`,
    offline: '网络不可用',
    searching: '正在检索…',
    fragmentFailed: (what) => `部分搜索索引未能加载：${what}。请检查网络后重试（按回车键）`,
    reload: '搜索索引已更新，请刷新页面后重试',
    offlineProgress: (p) => `离线可用 ${p} %`,
    offlineReady: '已可离线搜索',
    detail: (name, why) => `${name}（${why}）`,
  },
  'zh-Hant': {
    label: '站內搜尋',
    placeholder: '搜尋文章，按 / 快速定位',
    loading: '正在載入搜尋索引…',
    found: (n, ms, pages) => `找到 ${n} 篇${pages < n ? `（${pages} 個版面）` : ''}，用時 ${ms} 毫秒`,
    page: '版面',
    none: (q) => `沒有找到與「${q}」相關的文章`,
    relaxed: (w) => `沒有完全相符的結果，以下包含：${w}`,
    pinyin: (w) => `按拼音比對：${w}`,
    corrected: (w) => `沒有找到原詞，以下為拼寫相近的「${w}」`,
    viaPinyin: '拼音',
    more: (n) => `更多結果（還有 ${n} 篇）`,
    untitled: '（無標題）',
    engineFailed: (what) => `搜尋功能載入失敗：${what}`,
    loadFailed: (what) => `搜尋索引載入失敗：${what}`,
    badIndex: (what) => `搜尋索引檔案無效：${what}`,
    searchFailed: (what) => `搜尋出錯：${what}`,
    offline: '網路無法使用',
    searching: '正在檢索…',
    fragmentFailed: (what) => `部分搜尋索引未能載入：${what}。請檢查網路後重試（按 Enter 鍵）`,
    reload: '搜尋索引已更新，請重新整理頁面後重試',
    offlineProgress: (p) => `離線可用 ${p} %`,
    offlineReady: '已可離線搜尋',
    detail: (name, why) => `${name}（${why}）`,
  },
  en: {
    label: 'Site search',
    placeholder: 'Search articles (press / to focus)',
    loading: 'Loading the search index…',
    found: (n, ms, pages) => `${n} ${n === 1 ? 'result' : 'results'}${pages < n ? ` on ${pages} ${pages === 1 ? 'page' : 'pages'}` : ''} in ${ms} ms`,
    page: 'Page',
    none: (q) => `No articles match “${q}”`,
    relaxed: (w) => `No exact matches; showing articles containing: ${w}`,
    pinyin: (w) => `Matched as pinyin: ${w}`,
    corrected: (w) => `Nothing matched as typed; showing the close spelling “${w}”`,
    viaPinyin: 'pinyin',
    more: (n) => `More results (${n} more)`,
    untitled: '(untitled)',
    engineFailed: (what) => `The search engine could not be loaded: ${what}`,
    loadFailed: (what) => `The search index could not be loaded: ${what}`,
    badIndex: (what) => `The search index file is invalid: ${what}`,
    searchFailed: (what) => `Search failed: ${what}`,
    offline: 'network unavailable',
    searching: 'Searching…',
    fragmentFailed: (what) => `Part of the search index could not be loaded: ${what}. Check the connection and try again (Enter)`,
    reload: 'The search index was updated: reload the page and try again',
    offlineProgress: (p) => `Offline search ${p} % ready`,
    offlineReady: 'Search works offline',
    detail: (name, why) => `${name} (${why})`,
  },
};

const CSS = `
:host { all: initial; display: block; max-width: 100%; }
:host([hidden]) { display: none; }
/* Reset everything inherited from the host page (custom properties still flow in). */
.root {
  all: initial;
  display: block;
  box-sizing: border-box;
  max-width: 100%;
  font-family: var(--zh-search-font, system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif);
  font-size: var(--zh-search-font-size, 16px);
  line-height: 1.6;
  color: var(--zh-search-fg, #1f2328);
  background: var(--zh-search-bg, #fff);
  overflow-wrap: anywhere;
  --_accent: var(--zh-search-accent, #b3261e);
  --_radius: var(--zh-search-radius, 6px);
  --_muted: var(--zh-search-muted, #5f6368);
  --_border: var(--zh-search-border, #c9ccd1);
}
:host(:lang(zh-Hant)) .root, :host(:lang(zh-TW)) .root, :host(:lang(zh-HK)) .root { font-family: var(--zh-search-font, system-ui, -apple-system, "PingFang TC",
  "Microsoft JhengHei", "Noto Sans CJK TC", "WenQuanYi Micro Hei", sans-serif); }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.box { position: relative; display: block; }
input {
  all: unset;
  box-sizing: border-box;
  display: block;
  width: 100%;
  min-width: 0;
  padding: 0.55em 2.4em 0.55em 0.8em;
  font: inherit;
  color: inherit;
  background: var(--zh-search-input-bg, #fff);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
}
input::placeholder { color: var(--_muted); opacity: 1; }
input:focus { border-color: var(--_accent); box-shadow: 0 0 0 3px color-mix(in srgb, var(--_accent) 22%, transparent); }
input::-webkit-search-cancel-button { display: none; }
.key {
  position: absolute; right: 0.7em; top: 50%; transform: translateY(-50%);
  font: 0.8em/1.4 ui-monospace, monospace; color: var(--_muted);
  border: 1px solid var(--_border); border-radius: 4px; padding: 0 0.4em; pointer-events: none;
}
input:focus + .key, input:not(:placeholder-shown) + .key { display: none; }
.status, .notice { margin: 0.5em 0 0; font-size: 0.85em; color: var(--_muted); }
.notice { color: inherit; background: var(--zh-search-notice-bg, #fff7e0); padding: 0.3em 0.6em; border-radius: var(--_radius); white-space: pre-line; }
.error {
  margin: 0.5em 0 0; padding: 0.5em 0.75em; font-size: 0.9em;
  color: var(--zh-search-error-fg, #8a1c12); background: var(--zh-search-error-bg, #fdecea);
  border: 1px solid currentColor; border-radius: var(--_radius);
}
ul { list-style: none; margin: 0.25em 0 0; padding: 0; }
li { display: block; margin: 0; padding: 0.6em 0.75em; border-radius: var(--_radius); border-bottom: 1px solid #eceef1; cursor: pointer; }
li[aria-selected="true"] { background: var(--zh-search-active-bg, #f1f3f6); box-shadow: inset 3px 0 0 var(--_accent); }
.title { display: inline; font-size: 1.05em; font-weight: 600; color: var(--zh-search-title-fg, var(--_accent)); text-decoration: none; }
a.title:hover, a.title:focus-visible { text-decoration: underline; }
.date { margin-left: 0.6em; font-size: 0.8em; color: var(--_muted); white-space: nowrap; }
.via { margin-left: 0.6em; font-size: 0.8em; color: var(--_muted); }
.page { display: block; font-size: 0.8em; color: var(--_muted); }
a.page { text-decoration: none; }
a.page:hover { text-decoration: underline; }
.snippet { margin: 0.25em 0 0; font-size: 0.92em; color: inherit; }
mark { display: inline; color: inherit; background: var(--zh-search-mark-bg, #ffe58f); border-radius: 2px; padding: 0 1px; }
.title mark { color: inherit; }
button {
  all: unset; box-sizing: border-box; display: block; width: 100%; margin: 0.5em 0 0; padding: 0.45em;
  text-align: center; font: inherit; font-size: 0.9em; color: var(--_accent); cursor: pointer;
  border: 1px solid var(--_border); border-radius: var(--_radius);
}
button:hover, button:focus-visible { background: var(--zh-search-active-bg, #f1f3f6); }
`;

// One stylesheet object shared by every instance. Constructed stylesheets are not inline styles,
// so the widget works under a strict Content-Security-Policy (style-src 'self').
let sheet = null;
function styles() {
  if (!sheet && 'adoptedStyleSheets' in Document.prototype) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    } catch {
      sheet = null;
    }
  }
  return sheet;
}

// --- messages for loading and search failures, in the element's language ----------------------

// The visitor-facing message for an IndexError (see zh-search-index.js) `e`; `loading` when the
// index itself failed to load, else a query's fragments failed.
function failure(t, e, loading) {
  const name = e?.file ?? '';
  const why = e?.kind === 'network' ? t.offline
    : e?.kind === 'http' || e?.kind === 'missing' ? `HTTP ${e.status ?? 404}`
      : (e?.message || String(e));
  const what = name ? t.detail(name, why) : why;
  if (e?.kind === 'engine') return t.engineFailed(e.message || String(e));
  if (!loading) {
    if (e?.kind === 'missing') return t.reload;
    if (e?.kind === 'network' || e?.kind === 'http') return t.fragmentFailed(what);
    return t.searchFailed(what);
  }
  if (e?.kind === 'network' || e?.kind === 'http' || e?.kind === 'missing') return t.loadFailed(what);
  return t.badIndex(what);
}


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

function formatMs(ms) {
  const n = Number(ms) || 0;
  return n < 10 ? n.toFixed(1) : String(Math.round(n));
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

let instances = 0;
const offlineStarted = new WeakSet(); // indexes whose compact form is downloading or ready

class ZhSearch extends HTMLElement {
  static observedAttributes = ['placeholder', 'index', 'lang', 'limit', 'passages', 'target'];

  #uid = `zhs${++instances}`;
  #seq = 0; // number of the newest search request; older answers are dropped
  #timer = 0;
  #lastInput = -Infinity; // performance.now() of the last scheduled search
  #scheduled = ''; // the query last scheduled or run from the box
  #composing = false;
  #url = null; // absolute URL of the loaded index ('' = embedded; null = not loaded yet)
  #index = null; // Promise<SearchIndex>
  #loaded = false; // #index has resolved
  #failed = null; // the error, once loading failed
  #query = ''; // query of the rendered results
  #shown = 0; // results rendered so far (offset of the next page)
  #total = 0;
  #active = -1;
  #ready;
  #readyResolve;
  #readyReject;
  #input;
  #list;
  #status;
  #notice;
  #error;
  #more;
  #offlineLine;
  #onDocKey = (e) => this.#shortcut(e);

  constructor() {
    super();
    this.#newReady();
    const root = this.attachShadow({ mode: 'open' });
    const s = styles();
    if (s) root.adoptedStyleSheets = [s];
    else root.append(el('style', {}, CSS));

    const id = this.#uid;
    this.#input = el('input', {
      part: 'input', type: 'search', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
      enterkeyhint: 'search', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': `${id}-list`,
    });
    this.#list = el('ul', { part: 'results', role: 'listbox', id: `${id}-list` });
    this.#status = el('p', { part: 'status', class: 'status', 'aria-live': 'polite' });
    this.#notice = el('p', { part: 'notice', class: 'notice', hidden: '' });
    this.#error = el('p', { part: 'error', class: 'error', role: 'alert', hidden: '' });
    this.#more = el('button', { part: 'more', type: 'button', hidden: '' });
    this.#offlineLine = el('p', { part: 'offline', class: 'status offline', hidden: '' });
    const box = el('div', { class: 'box', role: 'search' }, this.#input,
      el('kbd', { class: 'key', 'aria-hidden': 'true' }, '/'));
    root.append(el('div', { class: 'root', part: 'root' },
      box, this.#error, this.#notice, this.#status, this.#list, this.#more, this.#offlineLine));

    this.#input.addEventListener('input', (e) => this.#onInput(e));
    this.#input.addEventListener('compositionstart', () => { this.#composing = true; });
    this.#input.addEventListener('compositionend', () => {
      this.#composing = false;
      this.#schedule();
    });
    this.#input.addEventListener('keydown', (e) => this.#onKey(e));
    this.#list.addEventListener('click', (e) => this.#onClick(e));
    this.#more.addEventListener('click', () => this.#run(this.#query, this.#shown));
  }

  /** Resolves with the element once its index is loaded; rejects with the load error. */
  get ready() { return this.#ready; }

  /** The text in the search box; setting it searches at once. */
  get value() { return this.#input.value; }
  set value(q) { this.search(q); }

  /** Puts `query` into the box and searches now (no debounce). */
  search(query) {
    this.#input.value = String(query ?? '');
    this.#scheduled = this.#input.value.trim();
    clearTimeout(this.#timer);
    this.#run(this.#input.value.trim(), 0);
  }

  focus(options) { this.#input.focus(options); }

  connectedCallback() {
    this.#texts();
    document.addEventListener('keydown', this.#onDocKey);
    // Loading starts now but never blocks rendering: the box is usable at once and a query
    // typed before the index arrives runs as soon as it does.
    this.#load();
  }

  disconnectedCallback() {
    document.removeEventListener('keydown', this.#onDocKey);
    clearTimeout(this.#timer);
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.isConnected) return;
    if (name === 'index') this.#load();
    else if (name === 'lang' || name === 'placeholder') {
      this.#texts();
    }
    if (name !== 'placeholder' && this.#query) this.#run(this.#query, 0); // re-render
  }

  // UI strings: zh-Hans (default), zh-Hant (also zh-TW, zh-HK, zh-MO), en (also en-*).
  get #t() {
    const lang = (this.getAttribute('lang') || '').toLowerCase();
    if (/^zh-(hant|tw|hk|mo)\b/.test(lang)) return STRINGS['zh-Hant'];
    if (/^en\b/.test(lang)) return STRINGS.en;
    return STRINGS['zh-Hans'];
  }

  #num(name, dflt, max) {
    const n = parseInt(this.getAttribute(name), 10);
    return n > 0 ? Math.min(n, max) : dflt;
  }

  #texts() {
    const t = this.#t;
    this.#input.placeholder = this.getAttribute('placeholder') ?? t.placeholder;
    this.#input.setAttribute('aria-label', this.getAttribute('placeholder') || t.label);
    this.#list.setAttribute('aria-label', t.label);
  }

  #newReady() {
    this.#ready = new Promise((res, rej) => { this.#readyResolve = res; this.#readyReject = rej; });
    this.#ready.catch(() => {}); // a failure is shown in the widget; never an unhandled rejection
  }

  // Loads the index named by the `index` attribute, unless it is the one already loaded.
  #load() {
    const attr = this.getAttribute('index');
    const url = attr ? new URL(attr, document.baseURI).href : '';
    if (url === this.#url) return;
    if (this.#url !== null) this.#newReady(); // the first load settles the constructor's promise
    this.#url = url;
    this.#failed = null;
    this.#loaded = false;
    this.#error.hidden = true;
    const p = loadIndex(url);
    this.#index = p;
    p.then(() => {
      if (this.#index !== p) return;
      this.#loaded = true;
      this.#readyResolve(this);
    }, (e) => {
      if (this.#index !== p) return;
      this.#failed = e;
      this.#showError(failure(this.#t, e, true), e);
      this.#readyReject(e);
    });
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

  #onInput(e) {
    // Pinyin letters typed inside an IME composition are not the query: wait for the commit.
    if (this.#composing || e.isComposing) return;
    this.#schedule();
  }

  #schedule() {
    clearTimeout(this.#timer);
    const q = this.#input.value.trim();
    if (!q) { // cleared: drop results at once (and any pending answer)
      this.#scheduled = '';
      this.#seq++;
      this.#reset();
      return;
    }
    // The same text again (compositionend is followed by an input event): nothing to do.
    if (q === this.#scheduled) return;
    this.#scheduled = q;
    // The first keystroke after a pause searches at once; a burst of typing is debounced.
    const now = performance.now();
    const idle = now - this.#lastInput > DEBOUNCE_MS;
    this.#lastInput = now;
    if (idle) this.#run(q, 0);
    else this.#timer = setTimeout(() => this.#run(q, 0), DEBOUNCE_MS);
  }

  // Runs `query` from result `offset` on (0: a new search; >0: the next page, appended).
  async #run(query, offset) {
    const seq = offset ? this.#seq : ++this.#seq;
    if (!query) { this.#reset(); return; }
    if (this.#failed) return;
    if (!this.#loaded) this.#status.textContent = this.#t.loading;
    let index;
    try {
      index = await this.#index;
    } catch {
      return; // #load() has shown the error
    }
    // A newer request exists (or this page was already appended): this answer is stale.
    const stale = () => seq !== this.#seq || (offset && offset !== this.#shown);
    if (stale()) return;
    // A split index fetches what the query needs: on a slow network, say that it is searching.
    const slow = setTimeout(() => { if (!stale()) this.#status.textContent = this.#t.searching; }, SLOW_MS);
    let r;
    try {
      r = await index.search(query, {
        limit: this.#num('limit', 10, 100), offset, passages: this.#num('passages', 1, 10),
      });
    } catch (e) {
      if (!stale()) this.#showError(failure(this.#t, e, false), e);
      return;
    } finally {
      clearTimeout(slow);
    }
    if (stale()) return;
    this.#render(r, query, offset);
    if (index.kind === 'split') this.#offline(index);
  }

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

  #render(r, query, offset) {
    const t = this.#t;
    const hits = Array.isArray(r.hits) ? r.hits : [];
    this.#error.hidden = true;
    if (!offset) this.#clearResults();
    this.#query = query;
    this.#total = r.total | 0;
    const target = this.getAttribute('target');
    const param = this.getAttribute('highlight-param') ?? 'zh-highlight';
    // What a reader page marks: the words that found the hit.
    const words = (hit) => hit.pinyin || r.corrected || r.relaxed || query;
    for (const hit of hits) {
      this.#list.append(this.#option(hit, this.#shown++, target, (href) => withHighlight(href, param, words(hit))));
    }

    // What was searched besides the letters as typed, one line each.
    const notes = [];
    if (r.relaxed) notes.push(t.relaxed(r.relaxed));
    if (r.corrected) notes.push(t.corrected(r.corrected));
    if (Array.isArray(r.pinyin) && r.pinyin.length) notes.push(t.pinyin(r.pinyin.join('、')));
    this.#notice.hidden = notes.length === 0;
    this.#notice.textContent = notes.join('\n');
    const pages = Number.isFinite(r.pages) ? r.pages : this.#total;
    this.#status.textContent = this.#total
      ? t.found(this.#total, formatMs(r.elapsedMs), pages)
      : t.none(query);
    const left = this.#total - this.#shown;
    this.#more.hidden = left <= 0 || hits.length === 0;
    this.#more.textContent = t.more(left);
    this.#input.setAttribute('aria-expanded', String(this.#shown > 0));
    this.dispatchEvent(new CustomEvent('zh-search-results', {
      bubbles: true, composed: true,
      detail: { query, total: this.#total, pages, elapsedMs: r.elapsedMs, offset, fetched: r.fetched },
    }));
  }

  #option(hit, i, target, link) {
    const li = el('li', { role: 'option', id: `${this.#uid}-opt-${i}`, part: 'result', 'aria-selected': 'false' });
    const href = link(safeHref(hit.url));
    const title = el(href ? 'a' : 'span', { part: 'title', class: 'title' });
    if (href) {
      title.href = href;
      title.tabIndex = -1; // the combobox keeps focus; arrows + Enter choose
      if (target) title.target = target;
      if (target === '_blank') title.rel = 'noopener';
    }
    title.append(hit.title ? highlighted(hit.title, hit.titleHighlights) : this.#t.untitled);
    li.append(title);
    if (hit.date) li.append(el('span', { class: 'date' }, String(hit.date)));
    if (hit.pinyin) li.append(el('span', { part: 'via', class: 'via' }, `${this.#t.viaPinyin}：${hit.pinyin}`));
    // A story of a page: the page it is on, as context.
    if (hit.page && typeof hit.page === 'object') {
      const pageHref = safeHref(hit.page.url);
      const page = el(pageHref ? 'a' : 'span', { part: 'page', class: 'page' },
        `${this.#t.page}：${hit.page.title || hit.page.id || ''}`);
      if (pageHref) {
        page.href = pageHref;
        page.tabIndex = -1;
        if (target) page.target = target;
        if (target === '_blank') page.rel = 'noopener';
      }
      li.append(page);
    }
    li.append(el('p', { part: 'snippet', class: 'snippet' }, highlighted(hit.snippet, hit.highlights)));
    li._hit = hit;
    return li;
  }

  #clearResults() {
    this.#list.replaceChildren();
    this.#shown = 0;
    this.#total = 0;
    this.#setActive(-1);
    this.#more.hidden = true;
    this.#notice.hidden = true;
    this.#input.setAttribute('aria-expanded', 'false');
  }

  #reset() {
    this.#scheduled = '';
    clearTimeout(this.#timer);
    this.#query = '';
    this.#clearResults();
    if (!this.#failed) this.#status.textContent = '';
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
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.#setActive(this.#active < 0 && step < 0 ? n - 1 : (this.#active + step + n) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.#active >= 0) this.#choose(this.#list.children[this.#active]);
      else { clearTimeout(this.#timer); this.#run(this.#input.value.trim(), 0); }
    } else if (e.key === 'Escape') {
      if (!this.#input.value && !n) return; // nothing to clear: let the page have Esc
      e.preventDefault();
      this.#input.value = '';
      this.#seq++;
      this.#reset();
    }
  }

  #onClick(e) {
    const li = e.target.closest('li[role="option"]');
    if (!li) return;
    this.#setActive([...this.#list.children].indexOf(li));
    if (!e.target.closest('a')) this.#choose(li); // a click on the link itself navigates already
  }

  // Opens a result: follows its link if it has a safe one; always fires `zh-search-select`.
  #choose(li) {
    const go = this.dispatchEvent(new CustomEvent('zh-search-select', {
      bubbles: true, composed: true, cancelable: true, detail: { hit: li._hit },
    }));
    const a = li.querySelector('a.title');
    if (go && a) a.click();
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
