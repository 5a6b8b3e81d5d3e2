//! A split index in the browser: the engine's [`SplitIndex`] and what it was opened from.
//!
//! The engine says which fragments a query needs; `fetch.js` fetches them (range requests in
//! parallel, each shared with any other query fetching the same fragment) and hands each back
//! as it arrives, through the one query loop ([`crate::run`], for a split index alone and for
//! several sites), until the results are complete. A fragment that fails fails the query with a
//! typed error and nothing partial; the next query tries again. When a part is gone (a deploy
//! removed it), the entry is fetched again: a new build is taken up and the query retried, so a
//! page open across deploys keeps working.

use crate::error::engine_error;
use crate::results;
use crate::sites::Source;
use js_sys::{Promise, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use zhsearch_engine::split::entry::ENTRY_NAME;
use zhsearch_engine::SplitIndex;

/// Memory kept for fetched fragments (a phone's tab has little).
const CACHE_BYTES: usize = 32 << 20;

pub(crate) struct State {
    pub(crate) index: SplitIndex,
    /// The entry's URL.
    pub(crate) entry: String,
    /// The entry's bytes (the offline copy stores them beside the pieces).
    entry_bytes: Vec<u8>,
    /// The directory's URL, ending in `/`.
    pub(crate) base: String,
    /// Bumped when a new build is taken up (fragments of the old one are then ignored).
    pub(crate) generation: u32,
}

impl State {
    /// Takes up the build of entry `bytes` unless it is the one in use. `true` when a query
    /// that met a missing part at `generation` should search again: a new build was taken up,
    /// here or by another query since.
    pub(crate) fn reopen(&mut self, generation: u32, bytes: Vec<u8>) -> Result<bool, JsValue> {
        if self.generation != generation {
            return Ok(true);
        }
        let index = open_entry(&bytes)?;
        if index.entry().build == self.index.entry().build {
            return Ok(false);
        }
        self.index = index;
        self.entry_bytes = bytes;
        self.generation += 1;
        Ok(true)
    }
}

/// A split index (see `zhsearch index --split`), read fragment by fragment.
#[wasm_bindgen]
pub struct SplitSearch {
    pub(crate) state: Rc<RefCell<State>>,
}

/// The entry URL and the directory URL of `url` (a directory ending in `/`, or an entry).
fn urls(url: &str) -> (String, String) {
    if url.ends_with('/') {
        (format!("{url}{ENTRY_NAME}"), url.to_owned())
    } else {
        let base = match url.rfind('/') {
            Some(i) => url[..=i].to_owned(),
            None => String::new(),
        };
        (url.to_owned(), base)
    }
}

fn open_entry(bytes: &[u8]) -> Result<SplitIndex, JsValue> {
    let mut index = SplitIndex::open(bytes).map_err(|e| engine_error(&e))?;
    index.set_cache_limit(CACHE_BYTES);
    Ok(index)
}

#[wasm_bindgen(module = "/src/fetch.js")]
extern "C" {
    fn open(opener: SplitOpener) -> Promise;
}

/// [`SplitSearch::open_url`] under way: `fetch.js` fetches the entry and finishes it.
#[wasm_bindgen]
pub struct SplitOpener {
    url: String,
}

#[wasm_bindgen]
impl SplitOpener {
    /// The entry's URL.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        urls(&self.url).0
    }

    /// The split index of the entry's `bytes`.
    pub fn finish(&self, bytes: Vec<u8>) -> Result<SplitSearch, JsValue> {
        SplitSearch::from_entry(self.url.clone(), bytes)
    }
}

#[wasm_bindgen]
impl SplitSearch {
    /// Opens the split index at `url`: its directory (ending in `/`) or its entry file.
    /// Resolves to a `SplitSearch`.
    #[wasm_bindgen(js_name = open)]
    pub fn open_url(url: String) -> Promise {
        open(SplitOpener { url })
    }

    /// A split index from its entry's bytes, fetched already (the element fetches the entry
    /// while this module loads); `url` as for [`SplitSearch::open_url`].
    #[wasm_bindgen(js_name = fromEntry)]
    pub fn from_entry(url: String, bytes: Vec<u8>) -> Result<SplitSearch, JsValue> {
        let (entry, base) = urls(&url);
        Ok(SplitSearch {
            state: Rc::new(RefCell::new(State {
                index: open_entry(&bytes)?,
                entry,
                entry_bytes: bytes,
                base,
                generation: 0,
            })),
        })
    }

    /// Number of articles.
    #[wasm_bindgen(getter, js_name = docCount)]
    pub fn doc_count(&self) -> u32 {
        self.state.borrow().index.doc_count()
    }

    /// The build this entry belongs to (hex).
    #[wasm_bindgen(getter)]
    pub fn build(&self) -> String {
        format!("{:016x}", self.state.borrow().index.entry().build)
    }

    /// URLs of the compact single file's pieces (the offline form, to be joined in order);
    /// empty without one.
    #[wasm_bindgen(getter, js_name = compactUrls)]
    pub fn compact_urls(&self) -> Vec<String> {
        let s = self.state.borrow();
        let pieces = &s.index.entry().compact;
        pieces
            .iter()
            .map(|p| format!("{}{}", s.base, p.name))
            .collect()
    }

    /// Size of the compact single file in bytes (0 without one).
    #[wasm_bindgen(getter, js_name = compactBytes)]
    pub fn compact_bytes(&self) -> f64 {
        let s = self.state.borrow();
        s.index.entry().compact.iter().map(|p| p.len as f64).sum()
    }

    /// Size in bytes of each piece of the compact single file, in the order of `compactUrls`.
    #[wasm_bindgen(getter, js_name = compactPieceBytes)]
    pub fn compact_piece_bytes(&self) -> Vec<f64> {
        let s = self.state.borrow();
        s.index
            .entry()
            .compact
            .iter()
            .map(|p| p.len as f64)
            .collect()
    }

    /// The bytes of the entry in use (after a deploy was taken up, the new build's).
    #[wasm_bindgen(getter, js_name = entryBytes)]
    pub fn entry_bytes(&self) -> Uint8Array {
        Uint8Array::from(self.state.borrow().entry_bytes.as_slice())
    }

    /// Attaches the compact single file (its pieces joined): queries then need no network.
    /// Throws for a file of another build.
    #[wasm_bindgen(js_name = attachCompact)]
    pub fn attach_compact(&self, bytes: Vec<u8>) -> Result<(), JsValue> {
        self.state
            .borrow_mut()
            .index
            .attach_compact(bytes)
            .map_err(|e| engine_error(&e))
    }

    /// Whether the compact single file is attached.
    #[wasm_bindgen(getter)]
    pub fn offline(&self) -> bool {
        self.state.borrow().index.has_compact()
    }

    /// Bytes of fragments held in memory.
    #[wasm_bindgen(getter, js_name = cachedBytes)]
    pub fn cached_bytes(&self) -> f64 {
        self.state.borrow().index.cached_bytes() as f64
    }

    /// Runs `query`, fetching the fragments it needs. Resolves to the same object as
    /// `SearchIndex.search`, plus `fetched: {bytes, fragments, rounds}`; rejects with an
    /// `Error` whose `kind` says what failed.
    pub fn search(&self, query: String, options: JsValue) -> Result<Promise, JsError> {
        let opts = results::options(options)?;
        let sources = vec![Source::Split(self.state.clone())];
        Ok(crate::run::run(sources, Vec::new(), query, opts))
    }
}
