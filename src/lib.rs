//! zhsearch widget: the wasm module.
//!
//! A thin layer over `zhsearch-engine`:
//!
//! - [`SearchIndex`]: a single-file index, in memory. With the default feature `embed`,
//!   `build.rs` indexes `articles/` (or the paths in `ZHSEARCH_ARTICLES`) and the bytes are
//!   embedded here and opened in place ([`SearchIndex::embedded`]); sites that update content
//!   without rebuilding the wasm load a file built by `zhsearch index -o`
//!   ([`SearchIndex::from_bytes`]).
//! - [`SplitSearch`]: a split index built by `zhsearch index --split`, fetched fragment by
//!   fragment as queries need them ([`split`]; `src/fetch.js` moves the bytes).
//! - [`SiteSearch`]: several of either searched as one list, each hit labelled with its site
//!   ([`sites`]).

mod error;
mod results;
mod run;
pub mod sites;
pub mod split;

pub use sites::SiteSearch;
pub use split::SplitSearch;

use wasm_bindgen::prelude::*;
use zhsearch_engine::Index;

/// The allocator: talc is 1.4 KB brotli smaller in the module than the standard dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

/// The index built by `build.rs` from `articles/` (or `ZHSEARCH_ARTICLES`).
#[cfg(feature = "embed")]
pub static EMBEDDED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.zhs"));

/// Opens the embedded index (validates header and checksum; no copy).
#[cfg(feature = "embed")]
pub fn embedded() -> zhsearch_engine::Result<Index<&'static [u8]>> {
    Index::open(EMBEDDED_INDEX)
}

/// Index bytes: embedded in the module, or loaded at run time.
pub(crate) enum Bytes {
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

/// A single-file search index usable from JavaScript.
#[wasm_bindgen]
pub struct SearchIndex {
    index: std::rc::Rc<Index<Bytes>>,
}

#[wasm_bindgen]
impl SearchIndex {
    /// The index embedded at build time. Throws if this module was built without one.
    pub fn embedded() -> Result<SearchIndex, JsError> {
        #[cfg(feature = "embed")]
        {
            Ok(SearchIndex {
                index: std::rc::Rc::new(Index::open(Bytes::Static(EMBEDDED_INDEX))?),
            })
        }
        #[cfg(not(feature = "embed"))]
        Err(JsError::new(
            "this zhsearch module was built without an embedded index",
        ))
    }

    /// An index file (as written by `zhsearch index -o`); throws a clear error for a file that
    /// is truncated, corrupted, or of another format version.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<SearchIndex, JsError> {
        Ok(SearchIndex {
            index: std::rc::Rc::new(Index::open(Bytes::Owned(bytes))?),
        })
    }

    /// Number of articles.
    #[wasm_bindgen(getter, js_name = docCount)]
    pub fn doc_count(&self) -> u32 {
        self.index.doc_count()
    }

    /// Runs `query`. `options`: `{limit, offset, passages, snippetChars, spell}` (all
    /// optional). Returns `{query, total, pages, hits: [{id, title, url, date, snippet,
    /// highlights, titleHighlights, score, pinyin?, page?}], elapsedMs, searchMs, relaxed?,
    /// corrected?, pinyin?}`: a hit is a story, `page` the page it is one of; highlight
    /// offsets count code points.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let started = results::now_ms();
        let opts = results::options(options)?;
        let r = self.index.search(query, &opts)?;
        let ms = results::now_ms() - started;
        results::to_js(r, ms, ms, None)
    }
}

/// What `bytes` are: `"split"` (a split index's entry), `"single"` (an index file) or
/// `"unknown"` (checked further when opened).
#[wasm_bindgen(js_name = indexKind)]
pub fn index_kind(bytes: &[u8]) -> String {
    use zhsearch_engine::format::MAGIC;
    use zhsearch_engine::split::entry::ENTRY_MAGIC;
    if bytes.starts_with(&ENTRY_MAGIC) {
        "split"
    } else if bytes.starts_with(&MAGIC) {
        "single"
    } else {
        "unknown"
    }
    .into()
}

/// Where `query` matches in `text`, normalized as the index normalizes articles (line breaks,
/// spaces, quotation marks, widths, case, Traditional characters): `[start, end, start, end,
/// ...]` in UTF-16 code units, for marking a page's own text (`zh-highlight.js`).
#[wasm_bindgen(js_name = highlightRanges)]
pub fn highlight_ranges(text: &str, query: &str) -> Vec<u32> {
    let marks = zhsearch_engine::highlight::marks(text, query);
    if marks.is_empty() {
        return Vec::new();
    }
    // Code point offset -> UTF-16 offset, walking the text once.
    let mut utf16 = Vec::with_capacity(text.len() + 1);
    let mut at = 0u32;
    for c in text.chars() {
        utf16.push(at);
        at += c.len_utf16() as u32;
    }
    utf16.push(at);
    let to16 = |i: u32| utf16.get(i as usize).copied().unwrap_or(at);
    marks
        .iter()
        .flat_map(|[s, e]| [to16(*s), to16(*e)])
        .collect()
}

/// The index format version this module reads.
#[wasm_bindgen(js_name = formatVersion)]
pub fn format_version() -> u32 {
    zhsearch_engine::format::VERSION
}
