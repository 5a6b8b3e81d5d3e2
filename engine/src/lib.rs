//! `zhsearch-engine`: the pure-Rust core of zhsearch.
//!
//! One crate defines the index formats and the whole search pipeline, shared by the root
//! crate's `build.rs`, the wasm bindings and the `zhsearch` CLI:
//!
//! - [`normalize`]: OCR clean-up, width/case folding, the search key and the map back to display text;
//! - [`segment`]: query-time segmentation against the index's own vocabulary (no jieba dictionary);
//! - [`query`]: query syntax (pieces, `"phrases"`, `-exclusions`);
//! - [`spell`]: what Latin letters may mean: pinyin readings and Latin typo corrections;
//! - [`search`]: the search phases (plan, candidates and verification, score, render), written
//!   once against what a layout provides;
//! - [`format`]: the single file (read in place from a borrowed `&[u8]`), which verifies
//!   candidates on its stored text;
//! - [`split`]: the split layout, read fragment by fragment ([`source`]), which proves matches
//!   with positional [`postings`] and reads only the shown hits' records ([`frame`]);
//! - [`snippet`]: best passages with highlight ranges;
//! - [`highlight`]: the matches of a query in any text, for a reader page's marks;
//! - [`filter`]: filters, facets, dates and sorting;
//! - [`limits`]: every bound on the work a request or an input may cause;
//! - [`story`] (feature `indexer`): pages split into their stories (newspaper pages by their
//!   cues, HTML and Markdown by their headings);
//! - [`build`] and [`ingest`] (feature `indexer`): jieba segmentation at index time, reading
//!   article files, writing both layouts.

// Without `indexer`, the writer halves of the format modules are unused (the reader build).
#![cfg_attr(not(feature = "indexer"), allow(dead_code))]

#[cfg(feature = "indexer")]
pub mod build;
pub mod error;
pub mod filter;
pub mod format;
pub mod frame;
mod hash;
pub mod highlight;
#[cfg(feature = "indexer")]
pub mod ingest;
pub mod limits;
pub mod normalize;
pub mod postings;
pub mod query;
pub mod search;
pub mod segment;
pub mod sites;
pub mod snippet;
mod sort;
pub mod source;
pub mod spell;
pub mod split;
#[cfg(feature = "indexer")]
pub mod story;
mod varint;
pub mod weight;

pub use error::{Error, Result};
pub use format::Index;
pub use search::{Hit, SearchOptions, SearchResults};
pub use split::{SplitIndex, Step};

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
    /// The page this article is one story of (its id, title and url), when a page was split
    /// into stories ([`story`]); `None` when the article is a whole page or record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<Page>,
    /// Other fields of the record (JSON fields, front matter, HTML `<meta>` tags and marked
    /// elements), each with its values: stored, returned with hits, and filterable when
    /// named by [`build::BuildOptions::filter_fields`].
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub meta: std::collections::BTreeMap<String, Vec<String>>,
    /// Parts of the body that count more or less in ranking (`data-zhsearch-weight`): byte
    /// runs of `body`, ascending and apart ([`weight`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weights: Vec<weight::Run>,
}

/// The page a story belongs to: shown as a hit's context, counted as a 版面.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub id: String,
    pub title: String,
    pub url: String,
}
