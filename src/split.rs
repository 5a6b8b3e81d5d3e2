//! A split index in the browser: the engine's [`SplitIndex`] driven by `fetch`.
//!
//! The engine says which fragments a query needs; the query loop (one for a split index alone
//! and for several sites, [`crate::sites`]) starts a [`Round`] here, which fetches them (range requests,
//! all of a round in parallel, shared with any other query fetching the same fragment), hands
//! them back, and asks again until the results are complete. A fragment that fails fails the
//! query with a typed error (see [`crate::fetch`]) and nothing partial; the next query tries
//! again. When a part is gone (a deploy removed it), the entry is fetched again: a new build is
//! taken up and the query retried, so a page open across deploys keeps working.

use crate::fetch::{self, engine_error, error};
use crate::results::{self, Fetched};
use crate::sites::Source;
use js_sys::{Promise, Uint8Array};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use zhsearch_engine::frame::{self, Frame};
use zhsearch_engine::source::Frag;
use zhsearch_engine::split;
use zhsearch_engine::split::entry::ENTRY_NAME;
use zhsearch_engine::SplitIndex;

/// Memory kept for fetched fragments (a phone's tab has little).
const CACHE_BYTES: usize = 32 << 20;
/// More rounds than any query's phases take: the sign of a broken index.
pub(crate) const MAX_ROUNDS: u32 = 12;

pub(crate) struct State {
    pub(crate) index: SplitIndex,
    /// The entry's URL.
    entry: String,
    /// The entry's bytes (the offline copy stores them beside the pieces).
    entry_bytes: Vec<u8>,
    /// The directory's URL, ending in `/`.
    base: String,
    /// Fragments being fetched, shared by every query that needs them.
    inflight: HashMap<Frag, Promise>,
    /// Bumped when a new build is taken up (fetches of the old one are then ignored).
    generation: u32,
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

#[wasm_bindgen]
impl SplitSearch {
    /// Opens the split index at `url`: its directory (ending in `/`) or its entry file.
    pub async fn open(url: String) -> Result<SplitSearch, JsValue> {
        let (entry, _) = urls(&url);
        let bytes = fetch::bytes(&entry, true).await?;
        Self::from_entry(url, bytes)
    }

    /// A split index from its entry's bytes, fetched already (the element fetches the entry
    /// while this module loads); `url` as for [`SplitSearch::open`].
    #[wasm_bindgen(js_name = fromEntry)]
    pub fn from_entry(url: String, bytes: Vec<u8>) -> Result<SplitSearch, JsValue> {
        let (entry, base) = urls(&url);
        Ok(SplitSearch {
            state: Rc::new(RefCell::new(State {
                index: open_entry(&bytes)?,
                entry,
                entry_bytes: bytes,
                base,
                inflight: HashMap::new(),
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
        Ok(crate::sites::drive(sources, Vec::new(), query, opts))
    }
}

/// One round of fetches for one split index: started at once (beside any other index's round),
/// then awaited and supplied.
pub(crate) struct Round {
    state: Rc<RefCell<State>>,
    frags: Vec<Frag>,
    promises: Vec<Promise>,
    generation: u32,
}

impl Round {
    /// Starts fetching `frags` (all in parallel; a fragment already under way is shared).
    pub(crate) fn start(state: &Rc<RefCell<State>>, frags: Vec<Frag>) -> Round {
        let promises = frags.iter().map(|f| fragment(state, *f)).collect();
        Round {
            state: state.clone(),
            generation: state.borrow().generation,
            frags,
            promises,
        }
    }

    /// Waits for the fetches and supplies them. When a part is gone, the entry is fetched
    /// again once per query (`reopened`) and a new build taken up; the caller then searches
    /// again either way.
    pub(crate) async fn finish(
        self,
        reopened: &mut bool,
        fetched: &mut Fetched,
    ) -> Result<(), JsValue> {
        let got = fetch::all(self.promises).await;
        let state = &self.state;
        if state.borrow().generation != self.generation {
            // Another query took up a new build meanwhile: start over on it.
            return Ok(());
        }
        match got {
            Ok(parts) => {
                for (f, v) in self.frags.iter().zip(parts) {
                    let payload = Uint8Array::new(&v).to_vec();
                    fetched.bytes += f64::from(f.len);
                    fetched.fragments += 1;
                    let mut s = state.borrow_mut();
                    let r = s.index.supply_payload(f, payload);
                    r.map_err(|e| engine_error(&e))?;
                }
                Ok(())
            }
            Err(e) if kind(&e) == "missing" && !*reopened => {
                *reopened = true;
                if !reopen(state, self.generation).await? {
                    return Err(e);
                }
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

fn kind(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"kind".into())
        .ok()
        .and_then(|k| k.as_string())
        .unwrap_or_default()
}

/// The fetch of fragment `f`, resolving to its checked payload (inflated by the browser when
/// its frame is deflated): one already under way, or a new one.
fn fragment(state: &Rc<RefCell<State>>, f: Frag) -> Promise {
    let mut s = state.borrow_mut();
    if let Some(p) = s.inflight.get(&f) {
        return p.clone();
    }
    let name = s.index.describe(&f);
    let url = format!("{}{}", s.base, s.index.part_name(&f));
    let st = state.clone();
    let p = future_to_promise(async move {
        let r = payload(&url, f, &name).await;
        st.borrow_mut().inflight.remove(&f);
        Ok(Uint8Array::from(r?.as_slice()).into())
    });
    s.inflight.insert(f, p.clone());
    p
}

async fn payload(url: &str, f: Frag, name: &str) -> Result<Vec<u8>, JsValue> {
    let bytes = fetch::range(url, f.offset, f.end()).await?;
    let what = || name.to_owned();
    match split::unpack(&f, &bytes, &what).map_err(|e| engine_error(&e))? {
        Frame::Raw(p) => Ok(p.to_vec()),
        Frame::Deflated { stored, len } => {
            let out = fetch::inflate(stored, len)
                .await
                .map_err(|_| error("corrupt", &format!("{name}: does not inflate"), None))?;
            frame::check_len(&out, len, &what).map_err(|e| engine_error(&e))?;
            Ok(out)
        }
    }
}

/// Fetches the entry again and takes up its build if it is not the one in use. `true` when
/// the query should be retried: a new build was taken up, here or by another query since
/// `generation`; `false` when the build in use is still the newest.
async fn reopen(state: &Rc<RefCell<State>>, generation: u32) -> Result<bool, JsValue> {
    let url = state.borrow().entry.clone();
    let bytes = fetch::bytes(&url, true).await?;
    let index = open_entry(&bytes)?;
    let mut s = state.borrow_mut();
    if s.generation != generation {
        return Ok(true);
    }
    if index.entry().build == s.index.entry().build {
        return Ok(false);
    }
    s.index = index;
    s.entry_bytes = bytes;
    s.inflight.clear();
    s.generation += 1;
    Ok(true)
}
