//! zhsearch widget: the wasm module.
//!
//! A thin layer over `zhsearch-engine`: `build.rs` indexes `articles/` (or the paths in
//! `ZHSEARCH_ARTICLES`) and, with the default feature `embed`, the bytes are embedded here and
//! opened in place. Sites that update content without rebuilding the wasm load an index file
//! built by `zhsearch index` instead ([`SearchIndex::from_bytes`]).

use serde::Serialize;
use wasm_bindgen::prelude::*;
use zhsearch_engine::{Index, SearchOptions};

/// The index built by `build.rs` from `articles/` (or `ZHSEARCH_ARTICLES`).
#[cfg(feature = "embed")]
pub static EMBEDDED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.zhs"));

/// Opens the embedded index (validates header and checksum; no copy).
#[cfg(feature = "embed")]
pub fn embedded() -> zhsearch_engine::Result<Index<&'static [u8]>> {
    Index::open(EMBEDDED_INDEX)
}

/// Index bytes: embedded in the module, or loaded at run time.
enum Bytes {
    #[cfg_attr(not(feature = "embed"), allow(dead_code))]
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Owned(b) => b,
        }
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Milliseconds from a monotonic clock (0 outside a JS host, e.g. in native tests).
fn now_ms() -> f64 {
    if cfg!(target_arch = "wasm32") {
        performance_now()
    } else {
        0.0
    }
}

/// Options accepted by [`SearchIndex::search`] (all optional).
#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct JsOptions {
    limit: Option<usize>,
    offset: Option<usize>,
    passages: Option<usize>,
    snippet_chars: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsHit {
    id: String,
    title: String,
    url: String,
    date: String,
    snippet: String,
    highlights: Vec<[u32; 2]>,
    title_highlights: Vec<[u32; 2]>,
    score: f32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsResults {
    query: String,
    total: usize,
    hits: Vec<JsHit>,
    elapsed_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    relaxed: Option<String>,
}

/// Largest `limit` honoured per call (the element pages with `offset`).
const MAX_LIMIT: usize = 1000;

/// A search index usable from JavaScript.
#[wasm_bindgen]
pub struct SearchIndex {
    index: Index<Bytes>,
}

#[wasm_bindgen]
impl SearchIndex {
    /// The index embedded at build time. Throws if this module was built without one.
    pub fn embedded() -> Result<SearchIndex, JsError> {
        #[cfg(feature = "embed")]
        {
            Ok(SearchIndex {
                index: Index::open(Bytes::Static(EMBEDDED_INDEX))?,
            })
        }
        #[cfg(not(feature = "embed"))]
        Err(JsError::new(
            "this zhsearch module was built without an embedded index",
        ))
    }

    /// An index file (as written by `zhsearch index`); throws a clear error for a file that is
    /// truncated, corrupted, or of another format version.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<SearchIndex, JsError> {
        Ok(SearchIndex {
            index: Index::open(Bytes::Owned(bytes))?,
        })
    }

    /// Number of articles.
    #[wasm_bindgen(getter, js_name = docCount)]
    pub fn doc_count(&self) -> u32 {
        self.index.doc_count()
    }

    /// Runs `query`. `options`: `{limit, offset, passages, snippetChars}` (all optional).
    /// Returns `{query, total, hits: [{id, title, url, date, snippet, highlights,
    /// titleHighlights, score}], elapsedMs, relaxed?}`; highlight offsets count code points.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let started = now_ms();
        let o: JsOptions = if options.is_undefined() || options.is_null() {
            JsOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options)
                .map_err(|e| JsError::new(&format!("bad search options: {e}")))?
        };
        let d = SearchOptions::default();
        let opts = SearchOptions {
            limit: o.limit.unwrap_or(d.limit).min(MAX_LIMIT),
            offset: o.offset.unwrap_or(0),
            passages: o.passages.unwrap_or(d.passages).clamp(1, 8),
            snippet_chars: o.snippet_chars.unwrap_or(d.snippet_chars).clamp(10, 1000),
        };
        let r = self.index.search(query, &opts)?;
        let out = JsResults {
            query: r.query,
            total: r.total,
            hits: r
                .hits
                .into_iter()
                .map(|h| JsHit {
                    id: h.id,
                    title: h.title,
                    url: h.url,
                    date: h.date,
                    snippet: h.snippet,
                    highlights: h.highlights,
                    title_highlights: h.title_highlights,
                    score: h.score,
                })
                .collect(),
            elapsed_ms: now_ms() - started,
            relaxed: r.relaxed,
        };
        Ok(out.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
    }
}

/// The index format version this module reads.
#[wasm_bindgen(js_name = formatVersion)]
pub fn format_version() -> u32 {
    zhsearch_engine::format::VERSION
}
