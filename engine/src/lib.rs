//! `zhsearch-engine`: the pure-Rust core of zhsearch.
//!
//! One crate defines the index format and the whole search pipeline, shared by the root
//! crate's `build.rs`, the wasm bindings and the `zhsearch` CLI:
//!
//! - [`normalize`]: OCR clean-up, width/case folding, the search key and the map back to display text;
//! - [`segment`]: query-time segmentation against the index's own vocabulary (no jieba dictionary);
//! - [`format`]: the self-describing binary index file (reader on a borrowed `&[u8]`, writer);
//! - [`query`]: query syntax (pieces, `"phrases"`, `-exclusions`);
//! - [`search`]: candidate generation, exact verification, ranking;
//! - [`snippet`]: best passages with highlight ranges;
//! - [`build`] and [`ingest`] (feature `indexer`): jieba segmentation at index time, reading article files.

// Without `indexer`, the writer halves of the format modules are unused (the reader build).
#![cfg_attr(not(feature = "indexer"), allow(dead_code))]

#[cfg(feature = "indexer")]
pub mod build;
pub mod error;
pub mod format;
#[cfg(feature = "indexer")]
pub mod ingest;
pub mod normalize;
pub mod postings;
pub mod query;
pub mod search;
pub mod segment;
pub mod snippet;
mod varint;

pub use error::{Error, Result};
pub use format::Index;
pub use search::{Hit, SearchOptions, SearchResults};

/// One article to index, as ingestion produces it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Stable identifier (the `id` field, or the file path relative to the input root).
    pub id: String,
    /// Headline; searched and boosted.
    pub title: String,
    /// Link target for the result (may be empty).
    pub url: String,
    /// Publication date as given (free text, may be empty).
    pub date: String,
    /// Optional tags (stored, returned with hits).
    pub tags: Vec<String>,
    /// Article text.
    pub body: String,
}
