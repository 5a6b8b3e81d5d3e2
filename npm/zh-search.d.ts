// Types of the <zh-search> element (`zhsearch`: www/zh-search.js). Importing the module
// defines the element; attributes, events and properties are described in the README
// ("Embed it in a portal") and in the header comment of zh-search.js.
import type { Facets, FetchStats, SearchHit, ZhSearchError } from './zhsearch-widget.js';

export type { Facets, FetchStats, SearchHit, SearchOptions, SearchResults, ZhSearchError } from './zhsearch-widget.js';

/** Filters, dates and order as the element searches with them (normalized). */
export interface Narrowing {
  /** Filter field → chosen values (OR within a field, AND across fields). */
  filters: Record<string, string[]>;
  /** '' or a day, month or year: 2024, 2024-01, 2024-01-04. */
  after: string;
  before: string;
  sort: 'relevance' | 'date' | '-date';
}

/** The element's attributes (all strings in HTML; booleans by presence). */
export interface ZhSearchAttributes {
  /** A split index (its directory URL ending in /, or its zhsearch.entry) or a single index file; several, with white space between them, are searched as one list. Required with this package (its module has no articles inside). */
  index?: string;
  /** With several indexes in `index` (white space between them): their labels, in order ("县政府 城关镇"). */
  sites?: string;
  placeholder?: string;
  /** Results per page (10, at most 100). */
  limit?: string | number;
  /** Passages per snippet (1, at most 10). */
  passages?: string | number;
  /** Where results open, e.g. _blank. */
  target?: string;
  /** UI language: zh-Hans, zh-Hant or en (default: the page's). */
  lang?: string;
  /** The articles' language (zh). */
  'content-lang'?: string;
  /** The page URL parameter holding the query (q); empty: the URL is left alone. */
  'url-param'?: string;
  /** Put before the URL parameter names of filters, dates and order ('' : ?栏目=…&after=…&sort=-date). */
  'url-prefix'?: string;
  /** The parameter links to this site's pages carry the matched words in (zh-highlight); empty: none. */
  'highlight-param'?: string;
  /** Filter fields offered as chips with counts, separated by spaces: "栏目 tags". */
  filters?: string;
  /** Present: the date range (after / before). */
  dates?: boolean | '';
  /** Present: the order toggle 相关度 / 最新. */
  sort?: boolean | '';
  /** Metadata fields shown with each hit, separated by spaces: "author". */
  meta?: string;
}

export interface ZhSearchResultsDetail {
  query: string;
  total: number;
  pages: number;
  elapsedMs: number;
  /** 0 for a new search, else the offset of the page appended (更多结果). */
  offset: number;
  /** Split indexes only. */
  fetched?: FetchStats;
  narrowing: Narrowing;
  /** The facet counts of these results ({} without the filters attribute). */
  facets: Facets;
  /** An empty box with filters: the articles they leave, newest first. */
  browse: boolean;
}

export interface ZhSearchErrorDetail {
  message: string;
  error: ZhSearchError | unknown;
}

export interface ZhSearchSelectDetail {
  hit: SearchHit;
  /** null when the hit has no http(s) or same-origin URL. */
  href: string | null;
}

export interface ZhSearchOfflineDetail {
  /** 0 to 1. */
  progress: number;
  ready: boolean;
}

export interface ZhSearchEventMap {
  'zh-search-results': CustomEvent<ZhSearchResultsDetail>;
  'zh-search-error': CustomEvent<ZhSearchErrorDetail>;
  /** Cancelable: preventDefault() keeps the page from opening the result. */
  'zh-search-select': CustomEvent<ZhSearchSelectDetail>;
  'zh-search-offline': CustomEvent<ZhSearchOfflineDetail>;
}

export declare class ZhSearch extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Resolves with the element once its index has loaded; rejects with the load error. */
  readonly ready: Promise<ZhSearch>;
  /** The text in the box; setting it searches at once. */
  value: string;
  /** Puts `query` into the box and searches now. */
  search(query: string): void;
  focus(options?: FocusOptions): void;
  addEventListener<K extends keyof ZhSearchEventMap>(type: K, listener: (this: ZhSearch, ev: ZhSearchEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: ZhSearch, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ZhSearchEventMap>(type: K, listener: (this: ZhSearch, ev: ZhSearchEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: ZhSearch, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'zh-search': ZhSearch;
  }
  // The events bubble out of the element (composed): a listener on window or document sees them.
  interface WindowEventMap extends ZhSearchEventMap {}
  interface DocumentEventMap extends ZhSearchEventMap {}
}
