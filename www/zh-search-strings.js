// What <zh-search> says, in its three UI languages, and the wording of failures and of
// queries that have nothing to search. DOM-free (the controller's node tests import it).

// A query echoed back is cut to this many characters (a pasted page is not read out whole).
export const ECHO_CHARS = 40;

/** `q` cut to `max` code points (never inside a surrogate pair), with … when cut. */
export function shorten(q, max = ECHO_CHARS) {
  const chars = Array.from(String(q ?? ''));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}…`;
}

export const STRINGS = {
  'zh-Hans': {
    filters: '筛选',
    field: (name) => ({ tags: '标签', site: '站点' })[name] ?? name,
    count: (n) => `（${n} 篇）`,
    dates: '日期',
    after: '起',
    before: '止',
    dateHint: '年、年-月或年-月-日，如 2024、2024-01、2024-01-04',
    badDate: (v) => `“${shorten(v, 12)}”不是日期：请输入如 2024、2024-01 或 2024-01-04`,
    sort: '排序',
    relevance: '相关度',
    newest: '最新',
    reset: '清除筛选',
    noneFiltered: '所选范围内没有文章',
    noneNarrowed: (q) => `所选范围内没有找到与“${shorten(q)}”相关的文章`,
    metaSep: '、',
    label: '站内搜索',
    placeholder: '搜索文章，按 / 快速定位',
    touchPlaceholder: '搜索文章',
    loading: '正在加载搜索索引…',
    found: (n, pages) => `找到 ${n} 篇${pages < n ? `（${pages} 个版面）` : ''}`,
    added: (n, total) => `已加载 ${n} 篇，共 ${total} 篇`,
    announce: (notes, status) => [...notes, status].join('。'),
    page: '版面',
    none: (q) => `没有找到与“${shorten(q)}”相关的文章`,
    empty: '请输入要查找的词语',
    excludedOnly: (q) => `“${shorten(q)}”只排除文章，请再输入要查找的词（如：志愿服务 ${shorten(q, 10)}）`,
    relaxed: (w) => `没有完全匹配的结果，以下包含：${w}`,
    pinyin: (w) => `按拼音匹配：${w}`,
    corrected: (w) => `没有找到原词，以下为拼写相近的“${w}”`,
    viaPinyin: '拼音',
    more: (n) => `更多结果（还有 ${n} 篇）`,
    clear: '清除搜索内容',
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
    filters: '篩選',
    field: (name) => ({ tags: '標籤', site: '網站' })[name] ?? name,
    count: (n) => `（${n} 篇）`,
    dates: '日期',
    after: '起',
    before: '迄',
    dateHint: '年、年-月或年-月-日，如 2024、2024-01、2024-01-04',
    badDate: (v) => `「${shorten(v, 12)}」不是日期：請輸入如 2024、2024-01 或 2024-01-04`,
    sort: '排序',
    relevance: '相關度',
    newest: '最新',
    reset: '清除篩選',
    noneFiltered: '所選範圍內沒有文章',
    noneNarrowed: (q) => `所選範圍內沒有找到與「${shorten(q)}」相關的文章`,
    metaSep: '、',
    label: '站內搜尋',
    placeholder: '搜尋文章，按 / 快速定位',
    touchPlaceholder: '搜尋文章',
    loading: '正在載入搜尋索引…',
    found: (n, pages) => `找到 ${n} 篇${pages < n ? `（${pages} 個版面）` : ''}`,
    added: (n, total) => `已載入 ${n} 篇，共 ${total} 篇`,
    announce: (notes, status) => [...notes, status].join('。'),
    page: '版面',
    none: (q) => `沒有找到與「${shorten(q)}」相關的文章`,
    empty: '請輸入要查找的詞語',
    excludedOnly: (q) => `「${shorten(q)}」只排除文章，請再輸入要查找的詞（如：志願服務 ${shorten(q, 10)}）`,
    relaxed: (w) => `沒有完全相符的結果，以下包含：${w}`,
    pinyin: (w) => `按拼音比對：${w}`,
    corrected: (w) => `沒有找到原詞，以下為拼寫相近的「${w}」`,
    viaPinyin: '拼音',
    more: (n) => `更多結果（還有 ${n} 篇）`,
    clear: '清除搜尋內容',
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
    filters: 'Filters',
    field: (name) => ({ tags: 'Tags', site: 'Site' })[name] ?? name,
    count: (n) => ` (${n} ${n === 1 ? 'article' : 'articles'})`,
    dates: 'Date',
    after: 'From',
    before: 'To',
    dateHint: 'a year, month or day, e.g. 2024, 2024-01, 2024-01-04',
    badDate: (v) => `“${shorten(v, 12)}” is not a date: type e.g. 2024, 2024-01 or 2024-01-04`,
    sort: 'Sort by',
    relevance: 'Relevance',
    newest: 'Newest',
    reset: 'Clear filters',
    noneFiltered: 'No articles match the filters',
    noneNarrowed: (q) => `No articles match “${shorten(q)}” with these filters`,
    metaSep: ', ',
    label: 'Site search',
    placeholder: 'Search articles (press / to focus)',
    touchPlaceholder: 'Search articles',
    loading: 'Loading the search index…',
    found: (n, pages) => `${n} ${n === 1 ? 'result' : 'results'}${pages < n ? ` on ${pages} ${pages === 1 ? 'page' : 'pages'}` : ''}`,
    added: (n, total) => `${n} more loaded, ${total} in all`,
    announce: (notes, status) => [...notes, status].join('. '),
    page: 'Page',
    none: (q) => `No articles match “${shorten(q)}”`,
    empty: 'Type a word to search for',
    excludedOnly: (q) => `“${shorten(q)}” only excludes articles: add a word to search for (e.g. 志愿服务 ${shorten(q, 10)})`,
    relaxed: (w) => `No exact matches; showing articles containing: ${w}`,
    pinyin: (w) => `Matched as pinyin: ${w}`,
    corrected: (w) => `Nothing matched as typed; showing the close spelling “${w}”`,
    viaPinyin: 'pinyin',
    more: (n) => `More results (${n} more)`,
    clear: 'Clear the search',
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

/**
 * A date bound as typed, in the form the engine reads (2024, 2024-01, 2024-01-04; also / . or
 * 年月日 between the parts, full-width digits), or null when it is none. '' stays ''.
 */
export function dateBound(text) {
  const s = String(text ?? '').trim().replace(/[！-～]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)); // full-width
  if (!s) return '';
  const m = s.match(/^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月)?)?\s*年?$/u);
  if (!m) return null;
  const [, y, mo, d] = m;
  if (+y < 1900 || +y > 2199) return null;
  if (mo === undefined) return y;
  if (+mo < 1 || +mo > 12) return null;
  const mm = mo.padStart(2, '0');
  if (d === undefined) return `${y}-${mm}`;
  const days = new Date(Date.UTC(+y, +mo, 0)).getUTCDate();
  if (+d < 1 || +d > days) return null;
  return `${y}-${mm}-${d.padStart(2, '0')}`;
}

/** The language tag of the UI strings used for the BCP 47 tag `lang` (zh-Hans for others). */
export function uiLang(lang) {
  const l = String(lang ?? '');
  return /^(zh|en)\b/i.test(l) ? l : 'zh-Hans';
}

/** The strings for a BCP 47 tag: zh-Hant (also zh-TW, zh-HK, zh-MO), en (en-*), else zh-Hans. */
export function stringsFor(lang) {
  const l = String(lang ?? '').toLowerCase();
  if (/^zh-(hant|tw|hk|mo)\b/.test(l)) return STRINGS['zh-Hant'];
  if (/^en\b/.test(l)) return STRINGS.en;
  return STRINGS['zh-Hans'];
}

/**
 * The visitor-facing message for an IndexError (see zh-search-index.js) `e`; `loading` when the
 * index itself failed to load, else a query's fragments failed.
 */
export function failure(t, e, loading) {
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

// Quotation marks and brackets (which the engine drops from the key) and minus signs.
const QUOTES = /["'“”‘’「」『』〝〞＂＇]/gu;
const MINUS = /^[-－—]/u;

/**
 * What a query that found nothing lacks: 'empty' when it holds nothing but quotation marks,
 * minus signs and spaces (a lone ” is not echoed back), 'excluded' when every piece is an
 * exclusion (-南乐: nothing to search for), else null (a real query that matched nothing).
 */
export function missingTerm(query) {
  const q = String(query ?? '');
  if (!q.replace(QUOTES, '').replace(/[\s\-－—]/gu, '')) return 'empty';
  const pieces = q.replace(QUOTES, ' ').split(/\s+/u).filter(Boolean);
  if (pieces.every((p) => MINUS.test(p))) return 'excluded';
  return null;
}

/**
 * The status line for results: the count, or why nothing was found. `narrowed`: filters or
 * dates were chosen (an empty query then lists what they leave).
 */
export function statusText(t, query, total, pages, narrowed = false) {
  if (total > 0) return t.found(total, Number.isFinite(pages) ? pages : total);
  if (narrowed && !String(query ?? '').trim()) return t.noneFiltered;
  const missing = missingTerm(query);
  if (narrowed && !missing) return t.noneNarrowed(query);
  if (missing === 'empty') return t.empty;
  if (missing === 'excluded') return t.excludedOnly(String(query).trim());
  return t.none(query);
}

/** The lines saying what was searched besides the letters as typed. */
export function notesFor(t, r) {
  const notes = [];
  if (r?.relaxed) notes.push(t.relaxed(r.relaxed));
  if (r?.corrected) notes.push(t.corrected(r.corrected));
  if (Array.isArray(r?.pinyin) && r.pinyin.length) notes.push(t.pinyin(r.pinyin.join('、')));
  return notes;
}
