// zhsearch/highlight (www/zh-highlight.js): on an article page, marks the words a result link
// carries (?zh-highlight=…) and moves focus to the first mark. No exports: importing it runs it.
export {};
