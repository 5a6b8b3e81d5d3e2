// zh-highlight.js: marks, on an article page, the words a <zh-search> result was found by, and
// scrolls to the first of them in the story the link points at.
//
//   <script type="module" src="/search/zh-highlight.js"></script>
//
// A result link carries the words in its query (?zh-highlight=燃气安全, set by <zh-search>; its
// highlight-param attribute names the parameter, and so does data-param on this page's <html>
// element: <html data-zh-highlight-param="q">). Matching runs in the zhsearch wasm module
// (./pkg/, the one <zh-search> uses, usually cached already), so the page's text is normalized
// exactly as the index normalized it: across line breaks, spaces and quotation marks, full and
// half width, capitals, Traditional and Simplified characters.
//
// What is marked: the text inside [data-zhsearch-body] (else <main>, else <article>, else
// <body>), outside script, style, template, form fields, contenteditable and
// [data-zhsearch-ignore]. Each match becomes <mark class="zh-highlight"> around the page's own
// text nodes: no HTML is parsed, nothing else in the page changes, its scripts keep their
// nodes' parents. Works under a strict Content-Security-Policy (script-src 'self'
// 'wasm-unsafe-eval'). Style the marks with `mark.zh-highlight { ... }`.

const DEFAULT_PARAM = 'zh-highlight';
const MAX_WORDS = 200; // characters of the parameter used
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT',
  'OPTION', 'BUTTON', 'IFRAME', 'OBJECT', 'SVG', 'MATH', 'MARK']);

function words() {
  const param = document.documentElement.dataset.zhHighlightParam || DEFAULT_PARAM;
  const value = new URLSearchParams(location.search).get(param);
  return value ? value.slice(0, MAX_WORDS).trim() : '';
}

function container() {
  return document.querySelector('[data-zhsearch-body]') || document.querySelector('main') ||
    document.querySelector('article') || document.body;
}

function skipped(node, root) {
  for (let el = node.parentElement; el && el !== root.parentElement; el = el.parentElement) {
    if (SKIP.has(el.tagName.toUpperCase()) || el.isContentEditable || el.hasAttribute('data-zhsearch-ignore')) {
      return true;
    }
  }
  return false;
}

// The text nodes to mark, with where each starts in their joined text (UTF-16 offsets).
function textNodes(root) {
  const nodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let at = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (skipped(n, root)) continue;
    nodes.push({ node: n, start: at });
    at += n.data.length;
  }
  return nodes;
}

// Wraps [s, e) of each text node (ranges in the joined text, sorted) in <mark class=zh-highlight>.
function mark(nodes, ranges) {
  const marks = [];
  let k = 0;
  for (const { node, start } of nodes) {
    const end = start + node.data.length;
    const local = [];
    while (k < ranges.length && ranges[k][1] <= start) k++;
    for (let j = k; j < ranges.length && ranges[j][0] < end; j++) {
      local.push([Math.max(ranges[j][0], start) - start, Math.min(ranges[j][1], end) - start]);
    }
    // Last first, so the offsets of the earlier ones stay valid in `node`.
    const made = [];
    for (let i = local.length - 1; i >= 0; i--) {
      const [a, b] = local[i];
      if (b <= a) continue;
      const mid = node.splitText(a);
      mid.splitText(b - a);
      const m = document.createElement('mark');
      m.className = 'zh-highlight';
      mid.replaceWith(m);
      m.append(mid);
      made.unshift(m);
    }
    marks.push(...made);
  }
  return marks;
}

// The first mark inside the element the URL's #fragment names (the story), else the first.
function firstMark(marks) {
  let id = location.hash.slice(1);
  try {
    id = decodeURIComponent(id);
  } catch {
    // a fragment that is not valid percent-encoding: taken as written
  }
  const target = id ? document.getElementById(id) : null;
  return (target && marks.find((m) => target.contains(m))) || marks[0];
}

async function run() {
  const query = words();
  if (!query) return;
  const root = container();
  if (!root) return;
  let engine;
  try {
    engine = await import(new URL('./pkg/zhsearch_widget.js', import.meta.url).href);
    await engine.default();
  } catch (e) {
    console.warn('zh-highlight: the search engine did not load', e);
    return;
  }
  const nodes = textNodes(root);
  const text = nodes.map((n) => n.node.data).join('');
  const flat = engine.highlightRanges(text, query);
  const ranges = [];
  for (let i = 0; i + 1 < flat.length; i += 2) ranges.push([flat[i], flat[i + 1]]);
  const marks = mark(nodes, ranges);
  const first = firstMark(marks);
  if (!first) return;
  // Land on the match: scrolled to, and where keyboard and screen reader continue from.
  first.tabIndex = -1;
  first.scrollIntoView({ block: 'center' });
  first.focus({ preventScroll: true });
  document.documentElement.dataset.zhHighlighted = String(marks.length);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', run, { once: true });
} else {
  run();
}
