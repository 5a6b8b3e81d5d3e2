// The styles of <zh-search>'s shadow root: one constructed stylesheet shared by every instance
// (constructed stylesheets are not inline styles: the element works under style-src 'self').
//
// Every color comes from a custom property (--zh-search-*, below) whose default follows the
// color scheme the element is in: the host page's `color-scheme` (inherited; `light dark` lets
// the visitor's prefers-color-scheme choose), so a dark page gets a dark box and a light-only
// page a light one. Sizes are in rem/em (the reader's root font size is honoured); touch
// targets are at least 44 px; forced-colors mode (Windows High Contrast) keeps every focus and
// selection visible with system colors.

export const CSS = `
:host { all: initial; color-scheme: inherit; display: block; max-width: 100%; }
:host([hidden]) { display: none; }
/* Reset everything inherited from the host page (custom properties and color-scheme still flow in). */
.root {
  all: initial;
  color-scheme: inherit;
  display: block;
  box-sizing: border-box;
  max-width: 100%;
  font-family: var(--zh-search-font, system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif);
  font-size: var(--zh-search-font-size, 1rem);
  line-height: var(--zh-search-line-height, 1.6);
  letter-spacing: var(--zh-search-letter-spacing, normal);
  word-spacing: var(--zh-search-word-spacing, normal);
  overflow-wrap: anywhere;
  --_fg: var(--zh-search-fg, light-dark(#1f2328, #e6e8eb));
  --_bg: var(--zh-search-bg, light-dark(#fff, #1b1e23));
  --_accent: var(--zh-search-accent, light-dark(#b3261e, #ff9488));
  --_radius: var(--zh-search-radius, 0.375em);
  --_muted: var(--zh-search-muted, light-dark(#5f6368, #aeb4bd));
  --_border: var(--zh-search-border, light-dark(#767b84, #8e959f));
  --_separator: var(--zh-search-separator, light-dark(#e3e5e9, #343a42));
  --_input-bg: var(--zh-search-input-bg, var(--_bg));
  --_active-bg: var(--zh-search-active-bg, light-dark(#eef0f4, #2b3038));
  --_title-fg: var(--zh-search-title-fg, var(--_accent));
  --_mark-bg: var(--zh-search-mark-bg, light-dark(#ffe58f, #4a3b00));
  --_mark-fg: var(--zh-search-mark-fg, inherit);
  --_notice-bg: var(--zh-search-notice-bg, light-dark(#fff7e0, #3a3218));
  --_error-fg: var(--zh-search-error-fg, light-dark(#8a1c12, #ffb4ab));
  --_error-bg: var(--zh-search-error-bg, light-dark(#fdecea, #3d1713));
  --_focus: var(--zh-search-focus, var(--_accent));
  --_chip-on-bg: var(--zh-search-chip-on-bg, var(--_accent));
  --_chip-on-fg: var(--zh-search-chip-on-fg, light-dark(#fff, #1b1e23));
  color: var(--_fg);
  background: var(--_bg);
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
  min-height: max(2.75em, 44px);
  padding: 0.55em 2.4em 0.55em 0.8em;
  font: inherit;
  color: inherit;
  background: var(--_input-bg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  text-overflow: ellipsis;
}
input::placeholder { color: var(--_muted); opacity: 1; }
input:focus { border-color: var(--_focus); outline: 2px solid var(--_focus); outline-offset: 1px; }
input::-webkit-search-cancel-button { display: none; }
.box.filled input { padding-right: max(2.75em, 44px); }
.key {
  position: absolute; right: 0.7em; top: 50%; transform: translateY(-50%);
  font: 0.8em/1.4 ui-monospace, monospace; color: var(--_muted);
  border: 1px solid var(--_border); border-radius: 0.25em; padding: 0 0.4em; pointer-events: none;
}
input:focus ~ .key, .box.filled .key { display: none; }
.clear {
  all: unset; box-sizing: border-box; position: absolute; right: 0; top: 0; bottom: 0;
  display: grid; place-items: center;
  width: max(2.75em, 44px); min-height: max(2.75em, 44px);
  font: inherit; font-size: 1.25em; line-height: 1; color: var(--_muted); cursor: pointer;
  border-radius: var(--_radius);
}
.clear:hover { color: var(--_fg); }
.clear:focus-visible { outline: 2px solid var(--_focus); outline-offset: -4px; }
.box:not(.filled) .clear { display: none; }
/* Touch screens have no / key to press: no hint, and the placeholder gets the room. */
@media (hover: none) and (pointer: coarse) {
  .key { display: none; }
  input { padding-right: 0.8em; }
}
.status, .notice { margin: 0.5em 0 0; font-size: 0.85em; color: var(--_muted); }
.notice { color: inherit; background: var(--_notice-bg); padding: 0.3em 0.6em; border-radius: var(--_radius); white-space: pre-line; }
.error {
  margin: 0.5em 0 0; padding: 0.5em 0.75em; font-size: 0.9em;
  color: var(--_error-fg); background: var(--_error-bg);
  border: 1px solid currentColor; border-radius: var(--_radius);
}
ul { list-style: none; margin: 0.25em 0 0; padding: 0; }
li { display: block; margin: 0; padding: 0.6em 0.75em; border-radius: var(--_radius); border-bottom: 1px solid var(--_separator); cursor: default; }
li.linked { cursor: pointer; }
li[aria-selected="true"] { background: var(--_active-bg); box-shadow: inset 0.2em 0 0 var(--_accent); }
.title { display: inline; font-size: 1.05em; font-weight: 600; color: inherit; }
li.linked .title { color: var(--_title-fg); }
li.linked:hover .title, li.linked[aria-selected="true"] .title { text-decoration: underline; }
.site { margin-left: 0.6em; font-size: 0.8em; color: var(--_muted); white-space: nowrap; }
.date { margin-left: 0.6em; font-size: 0.8em; color: var(--_muted); white-space: nowrap; }
.via { margin-left: 0.6em; font-size: 0.8em; color: var(--_muted); }
.page { display: block; font-size: 0.8em; color: var(--_muted); }
.snippet { margin: 0.25em 0 0; font-size: 0.92em; color: inherit; }
mark { display: inline; color: var(--_mark-fg); background: var(--_mark-bg); border-radius: 2px; padding: 0 1px; }
.title mark { color: inherit; }
.more {
  all: unset; box-sizing: border-box; display: block; width: 100%; margin: 0.5em 0 0; padding: 0.45em;
  min-height: max(2.75em, 44px);
  text-align: center; font: inherit; font-size: 0.9em; color: var(--_accent); cursor: pointer;
  border: 1px solid var(--_border); border-radius: var(--_radius);
}
.more:hover { background: var(--_active-bg); }
.more:focus-visible { background: var(--_active-bg); outline: 2px solid var(--_focus); outline-offset: 2px; }
/* Filters, dates and order: labelled groups of toggle buttons (chips) that wrap on a narrow
   screen, each at least 44 px tall; the chosen state is a check mark and a fill, not color alone. */
.narrow { display: block; margin: 0.5em 0 0; }
.group { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25em 0.4em; margin: 0.25em 0 0; }
.group > .label { flex: none; min-width: 3em; font-size: 0.85em; color: var(--_muted); }
.chips { display: flex; flex-wrap: wrap; gap: 0.25em 0.4em; min-width: 0; }
.chip {
  all: unset; box-sizing: border-box; display: inline-flex; align-items: center; gap: 0.35em;
  min-height: max(2.75em, 44px); min-width: 44px; padding: 0.2em 0.8em; max-width: 100%;
  font: inherit; font-size: 0.9em; color: var(--_fg); cursor: pointer;
  border: 1px solid var(--_border); border-radius: 999px; background: var(--_input-bg);
}
.chip:hover { background: var(--_active-bg); }
.chip:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }
.chip[aria-pressed="true"] { background: var(--_chip-on-bg); color: var(--_chip-on-fg); border-color: var(--_chip-on-bg); }
.chip[aria-pressed="true"]::before { content: "✓"; font-weight: 700; }
.chip .count { font-size: 0.85em; color: var(--_muted); font-variant-numeric: tabular-nums; }
.chip[aria-pressed="true"] .count { color: inherit; }
.chip.zero:not([aria-pressed="true"]) { color: var(--_muted); border-style: dashed; }
.range { display: inline-flex; flex-wrap: wrap; gap: 0.25em 0.6em; min-width: 0; }
.date { display: inline-flex; align-items: center; gap: 0.3em; font-size: 0.9em; }
input[part="date"] {
  width: 8.5em; min-height: max(2.75em, 44px); padding: 0.3em 0.6em; border-radius: var(--_radius);
  font-size: 1em;
}
input[part="date"][aria-invalid="true"] { border-color: var(--_error-fg); outline: 2px solid var(--_error-fg); outline-offset: 1px; }
.hint { flex-basis: 100%; font-size: 0.8em; color: var(--_muted); }
.date-error { flex-basis: 100%; font-size: 0.85em; color: var(--_error-fg); }
.reset {
  all: unset; box-sizing: border-box; display: inline-flex; align-items: center; margin: 0.25em 0 0;
  min-height: max(2.75em, 44px); padding: 0 0.6em; font: inherit; font-size: 0.85em;
  color: var(--_accent); text-decoration: underline; cursor: pointer; border-radius: var(--_radius);
}
.reset:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }
.meta { margin-left: 0.6em; font-size: 0.8em; color: var(--_muted); }
.sr {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap;
}
.live {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap;
}
@media (forced-colors: active) {
  input:focus, .more:focus-visible, .clear:focus-visible { outline: 2px solid Highlight; }
  li[aria-selected="true"] { outline: 3px solid Highlight; outline-offset: -3px; }
  li.linked .title { color: LinkText; }
  mark { forced-color-adjust: none; color: MarkText; background: Mark; }
  .more { color: ButtonText; border-color: ButtonText; }
  .chip, .reset { color: ButtonText; border-color: ButtonText; }
  .chip:focus-visible, .reset:focus-visible { outline: 2px solid Highlight; }
  .chip[aria-pressed="true"] { forced-color-adjust: none; color: HighlightText; background: Highlight; border-color: Highlight; }
  .chip[aria-pressed="true"] .count { color: HighlightText; }
  input[part="date"][aria-invalid="true"] { outline-color: Highlight; }
}
`;

let sheet = null;
/** The shared CSSStyleSheet, or null where constructed stylesheets are not supported. */
export function styles() {
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
