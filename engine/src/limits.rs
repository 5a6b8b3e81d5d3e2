//! Every bound on the work one request or one input may cause, in one place: queries and
//! search options (the CLI, the wasm API and the engine all apply [`crate::SearchOptions::clamped`]),
//! marks on a reader page, build threads, and what one input record may cost the indexer.
//! Going past a bound never fails: the excess is ignored (queries, options, marks), capped
//! (threads), or read another way and reported (HTML nesting).

/// Characters of a query beyond this are ignored.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Pieces of a query beyond this (positive and excluded together) are ignored.
pub const MAX_PIECES: usize = 32;
/// Most hits one search returns (pages beyond come with `offset`).
pub const MAX_LIMIT: usize = 1000;
/// Most passages per snippet.
pub const MAX_PASSAGES: usize = 8;
/// Widest passage, in characters.
pub const MAX_SNIPPET_CHARS: u32 = 1000;
/// Most matches marked in one text ([`crate::highlight`]).
pub const MAX_MARKS: usize = 1_000;
/// Most worker threads of a build (`--threads` beyond is this many).
pub const MAX_THREADS: usize = 64;
/// HTML elements nested deeper than this are read as their text, without their tags
/// (`ingest::nesting`): the tree builder's time grows with depth for every tag.
pub const MAX_HTML_DEPTH: usize = 256;
/// Characters the indexer segments (jieba) and lists (gram postings) at once: a longer text is
/// taken in pieces of about this size, cut where segmentation would cut anyway, so one huge
/// record costs memory in proportion to its text, not several times over.
pub const PIECE_CHARS: usize = 1 << 16;
