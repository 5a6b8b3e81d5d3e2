// Types of the zhsearch wasm module (`zhsearch/pkg`: www/pkg/zhsearch_widget.js, built by
// scripts/build-wasm.sh with wasm-pack, without the default articles inside). The glue
// wasm-bindgen writes types options and results as `any`; these say what they hold
// (src/lib.rs, src/split.rs, src/results.rs).

/** Search options; every field is optional, and out-of-range numbers are clamped. */
export interface SearchOptions {
  /** Hits to return (10). */
  limit?: number;
  /** Hits to skip (paging). */
  offset?: number;
  /** Passages per snippet (1). */
  passages?: number;
  /** Characters per passage. */
  snippetChars?: number;
  /** Retry with close spellings and pinyin when nothing matches as typed (true). */
  spell?: boolean;
  /**
   * Filter field → values: an article must hold one of the values of every field named
   * (several values of one field are OR, different fields AND). An unknown field is an error
   * naming the fields there are; an unknown value matches nothing.
   */
  filters?: Record<string, string | string[]>;
  /** Only articles dated on or after the first day of this day, month or year (2024, 2024-01, 2024-01-04). */
  after?: string;
  /** Only articles dated on or before the last day of this day, month or year (inclusive). */
  before?: string;
  /** `date`: oldest first, `-date`: newest first (undated articles last); relevance by default. */
  sort?: 'relevance' | 'date' | '-date';
  /** Count the matching articles per value of every filter field (`facets` in the results). */
  facets?: boolean;
}

/** `[start, end)` in Unicode code points of the text it marks. */
export type Range = [start: number, end: number];

/** A result: a story (or a section), with the page it is on when it is one of several. */
export interface SearchHit {
  id: string;
  title: string;
  url: string;
  /** The date as the article gives it ('' when none). */
  date: string;
  snippet: string;
  /** Marks in `snippet`. */
  highlights: Range[];
  /** Marks in `title`. */
  titleHighlights: Range[];
  score: number;
  /** The pinyin reading the hit was found by, when it was. */
  pinyin?: string;
  /** The page this story is one of. */
  page?: { id: string; title: string; url: string };
  /** Every field of the record besides id, title, url, date, body and tags. */
  meta?: Record<string, string[]>;
  /** SiteSearch only: the label of the site the article is on. */
  site?: string;
}

/** Field → value → matching articles (counted with the filters of the other fields applied). */
export type Facets = Record<string, Record<string, number>>;

/** What a query fetched from a split index. */
export interface FetchStats {
  bytes: number;
  fragments: number;
  /** Dependent waves of requests (a list waits for its dictionary slot, a record for the lists). */
  rounds: number;
}

export interface SearchResults {
  query: string;
  /** Matching articles (stories). */
  total: number;
  /** The pages they are on. */
  pages: number;
  hits: SearchHit[];
  elapsedMs: number;
  searchMs: number;
  /** Nothing matched as typed: the words the query was relaxed into. */
  relaxed?: string;
  /** Nothing matched as typed: the close spelling searched instead. */
  corrected?: string;
  /** Pinyin readings matched. */
  pinyin?: string[];
  /** With `facets: true`. */
  facets?: Facets;
  /** Split indexes only. */
  fetched?: FetchStats;
}

/** A failure: `kind` says what failed (network, http, missing, corrupt, unsupported). */
export interface ZhSearchError extends Error {
  kind?: 'network' | 'http' | 'missing' | 'corrupt' | 'unsupported' | string;
  status?: number;
}

/** A single-file index (`zhsearch index -o`), in memory. */
export class SearchIndex {
  private constructor();
  free(): void;
  [Symbol.dispose](): void;
  /** The index built into the module; throws in this package's module (built without one). */
  static embedded(): SearchIndex;
  /** An index file's bytes; throws for a truncated, corrupted or other-version file. */
  static fromBytes(bytes: Uint8Array | number[]): SearchIndex;
  search(query: string, options?: SearchOptions): SearchResults;
  readonly docCount: number;
}

/** A split index (`zhsearch index --split`), fetched fragment by fragment. */
export class SplitSearch {
  private constructor();
  free(): void;
  [Symbol.dispose](): void;
  /** Its directory URL (ending in /) or its entry file. */
  static open(url: string): Promise<SplitSearch>;
  /** From the entry's bytes, fetched already; `url` as for open(). */
  static fromEntry(url: string, bytes: Uint8Array | number[]): SplitSearch;
  /** Resolves as SearchIndex.search, with `fetched`; rejects with a ZhSearchError. */
  search(query: string, options?: SearchOptions): Promise<SearchResults>;
  /** Attaches the compact single file (its pieces joined): queries then need no network. */
  attachCompact(bytes: Uint8Array | number[]): void;
  readonly build: string;
  readonly cachedBytes: number;
  readonly compactBytes: number;
  readonly compactPieceBytes: Float64Array;
  readonly compactUrls: string[];
  readonly docCount: number;
  readonly entryBytes: Uint8Array;
  readonly offline: boolean;
}

/**
 * Several indexes searched as one list, ranked on one scale (as one index of all their
 * articles would rank them); each hit has `site`, and the filter field `site` holds each
 * article's label (filters and facets).
 */
export class SiteSearch {
  constructor();
  free(): void;
  [Symbol.dispose](): void;
  addSingle(index: SearchIndex, label: string): void;
  /** Throws when this index was added already. */
  addSplit(index: SplitSearch, label: string): void;
  /** Resolves as SplitSearch.search; rejects with a ZhSearchError. */
  search(query: string, options?: SearchOptions): Promise<SearchResults>;
  readonly docCount: number;
}

/** The index format version this module reads. */
export function formatVersion(): number;
/** Where `query` matches in `text`: [start, end, start, end, …] in UTF-16 code units. */
export function highlightRanges(text: string, query: string): Uint32Array;
/** What bytes are: a split index's entry, an index file, or unknown. */
export function indexKind(bytes: Uint8Array | number[]): 'split' | 'single' | 'unknown';

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;
export type SyncInitInput = BufferSource | WebAssembly.Module;
export function initSync(module: { module: SyncInitInput } | SyncInitInput): unknown;
/** Loads the wasm (by default zhsearch_widget_bg.wasm beside the glue); call once before anything else. */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<unknown>;
