//! Postings: which documents contain a key, and where.
//!
//! - [`docset`]: document sets as bitmaps, for intersecting candidates;
//! - [`doclevel`]: the single file's doc-level lists of characters and pairs;
//! - [`positional`]: the split layout's gram lists, with occurrence positions (or, for single
//!   characters, occurrence counts), which prove a match without the text.

pub(crate) mod doclevel;
pub mod docset;
pub(crate) mod positional;

pub use docset::DocSet;
