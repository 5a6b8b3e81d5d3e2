//! Several indexes searched as one list (the engine's [`zhsearch_engine::sites`]): single
//! files and split indexes in any mix, each labelled with its site.

use crate::error::{engine_error, error};
use crate::results::{self, now_ms, Fetched};
use crate::split::State;
use crate::{Bytes, SearchIndex, SplitSearch};
use js_sys::Promise;
use std::cell::{RefCell, RefMut};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use zhsearch_engine::frame::{self, Frame};
use zhsearch_engine::sites::{self, Member, SitesStep};
use zhsearch_engine::source::Frag;
use zhsearch_engine::split;
use zhsearch_engine::{Index, SearchOptions, SearchResults};

/// More rounds than any query's phases take: the sign of a broken index.
const MAX_ROUNDS: u32 = 12;

#[derive(Clone)]
pub(crate) enum Source {
    Single(Rc<Index<Bytes>>),
    Split(Rc<RefCell<State>>),
}

/// Several indexes searched as one: one list ranked on one scale, each hit with its site's
/// `site` label, and the filter field `site` (facets count per site).
#[wasm_bindgen]
#[derive(Default)]
pub struct SiteSearch {
    sources: Vec<Source>,
    labels: Vec<String>,
}

#[wasm_bindgen]
impl SiteSearch {
    /// No sites yet: add them in the order their ties should go.
    #[wasm_bindgen(constructor)]
    pub fn new() -> SiteSearch {
        SiteSearch::default()
    }

    /// Adds a single-file index, labelled `label`.
    #[wasm_bindgen(js_name = addSingle)]
    pub fn add_single(&mut self, index: &SearchIndex, label: String) {
        self.sources.push(Source::Single(index.index.clone()));
        self.labels.push(label);
    }

    /// Adds a split index, labelled `label` (its fragments and new builds are shared with the
    /// `SplitSearch` it comes from). Throws if it was added already.
    #[wasm_bindgen(js_name = addSplit)]
    pub fn add_split(&mut self, index: &SplitSearch, label: String) -> Result<(), JsError> {
        let twice = self.sources.iter().any(|s| match s {
            Source::Split(st) => Rc::ptr_eq(st, &index.state),
            Source::Single(_) => false,
        });
        if twice {
            return Err(JsError::new("this index was added already"));
        }
        self.sources.push(Source::Split(index.state.clone()));
        self.labels.push(label);
        Ok(())
    }

    /// Number of articles of all sites.
    #[wasm_bindgen(getter, js_name = docCount)]
    pub fn doc_count(&self) -> u32 {
        self.sources
            .iter()
            .map(|s| match s {
                Source::Single(i) => i.doc_count(),
                Source::Split(st) => st.borrow().index.doc_count(),
            })
            .fold(0, u32::saturating_add)
    }

    /// Runs `query` over every site, fetching what split indexes need (each site's round at
    /// once). Resolves to the same object as `SearchIndex.search`, each hit with `site`;
    /// rejects as `SplitSearch.search` does.
    pub fn search(&self, query: String, options: JsValue) -> Result<Promise, JsError> {
        let opts = results::options(options)?;
        Ok(run(self.sources.clone(), self.labels.clone(), query, opts))
    }
}

#[wasm_bindgen(module = "/src/fetch.js")]
extern "C" {
    fn drive(run: SearchRun) -> Promise;
}

/// A query over `sources` (labelled by `labels`; one split index alone: none), run to its
/// results by `fetch.js`: the engine says what each split index lacks, every index's fetches
/// start at once, and the search runs again once they are supplied.
pub(crate) fn run(
    sources: Vec<Source>,
    labels: Vec<String>,
    query: String,
    opts: SearchOptions,
) -> Promise {
    drive(SearchRun {
        sources,
        labels,
        query,
        opts,
        asked: Vec::new(),
        done: None,
        started: now_ms(),
        engine_ms: 0.0,
        fetched: Fetched::default(),
    })
}

/// One search under way, for `fetch.js`: each [`SearchRun::step`] names the fragments it
/// newly lacks; each is supplied as soon as it arrives and the search steps again, so a
/// fragment whose place another revealed is asked for at once, not after a whole round.
#[wasm_bindgen]
pub struct SearchRun {
    sources: Vec<Source>,
    labels: Vec<String>,
    query: String,
    opts: SearchOptions,
    /// Every fragment asked for, by id: its source, that source's build generation, and the
    /// length it inflates to (once known).
    asked: Vec<Asked>,
    done: Option<SearchResults>,
    started: f64,
    engine_ms: f64,
    fetched: Fetched,
}

struct Asked {
    source: usize,
    generation: u32,
    frag: Frag,
    inflated: usize,
    /// Handed over (a fragment needed again after that is asked for again).
    supplied: bool,
}

impl SearchRun {
    fn done_with(&mut self, id: usize) {
        if let Some(a) = self.asked.get_mut(id) {
            a.supplied = true;
        }
    }

    /// Fragment `id`'s split index, and what was asked of it.
    fn asked(&self, id: usize) -> Result<(Rc<RefCell<State>>, &Asked), JsValue> {
        let a = self
            .asked
            .get(id)
            .ok_or_else(|| error("corrupt", "no such fragment"))?;
        match self.sources.get(a.source) {
            Some(Source::Split(st)) => Ok((st.clone(), a)),
            _ => Err(error("corrupt", "no such fragment")),
        }
    }
}

#[wasm_bindgen]
impl SearchRun {
    /// Searches with what has been supplied: `undefined` when the results are complete, else
    /// the fragments it lacks that were not asked for yet (possibly none while others are
    /// under way), each `[id, url, start, end, name]` (`end` exclusive).
    pub fn step(&mut self) -> Result<Option<js_sys::Array>, JsValue> {
        let t = now_ms();
        let step = step(&self.sources, &self.labels, &self.query, &self.opts);
        self.engine_ms += now_ms() - t;
        let frags = match step.map_err(|e| engine_error(&e))? {
            SitesStep::Done(r) => {
                self.done = Some(r);
                return Ok(None);
            }
            SitesStep::Need(frags) => frags,
        };
        let out = js_sys::Array::new();
        for (k, f) in frags {
            let Some(Source::Split(st)) = self.sources.get(k) else {
                continue;
            };
            let s = st.borrow();
            let g = s.generation;
            let known =
                |a: &Asked| a.source == k && a.generation == g && a.frag == f && !a.supplied;
            if self.asked.iter().any(known) {
                continue;
            }
            let url = format!("{}{}", s.base, s.index.part_name(&f));
            let d = js_sys::Array::of5(
                &self.asked.len().into(),
                &url.into(),
                &(f.offset as f64).into(),
                &(f.end() as f64).into(),
                &s.index.describe(&f).into(),
            );
            out.push(&d);
            self.asked.push(Asked {
                source: k,
                generation: g,
                frag: f,
                inflated: 0,
                supplied: false,
            });
        }
        if out.length() > 0 {
            self.fetched.rounds += 1;
            if self.fetched.rounds > MAX_ROUNDS {
                return Err(error("corrupt", "the index needed too many rounds"));
            }
        }
        Ok(Some(out))
    }

    /// Hands over the fetched bytes of fragment `id`. Checked and kept, unless the frame is
    /// deflated: then `[start, end, length]`, the deflated bytes to inflate to `length` and
    /// hand to `supplyInflated`.
    pub fn supply(&mut self, id: usize, bytes: &[u8]) -> Result<Option<Vec<u32>>, JsValue> {
        let (st, a) = self.asked(id)?;
        let (f, g) = (a.frag, a.generation);
        self.fetched.bytes += f64::from(f.len);
        self.fetched.fragments += 1;
        let mut s = st.borrow_mut();
        if s.generation != g {
            self.done_with(id);
            return Ok(None); // another query took up a new build: this one asks again
        }
        let what = || s.index.describe(&f);
        match split::unpack(&f, bytes, &what).map_err(|e| engine_error(&e))? {
            Frame::Raw(p) => {
                let p = p.to_vec();
                s.index
                    .supply_payload(&f, p)
                    .map_err(|e| engine_error(&e))?;
                drop(s);
                self.done_with(id);
                Ok(None)
            }
            Frame::Deflated { stored, len } => {
                let at = stored.as_ptr() as usize - bytes.as_ptr() as usize;
                if let Some(a) = self.asked.get_mut(id) {
                    a.inflated = len;
                }
                Ok(Some(vec![
                    at as u32,
                    (at + stored.len()) as u32,
                    len as u32,
                ]))
            }
        }
    }

    /// Hands over fragment `id`'s inflated bytes (see `supply`).
    #[wasm_bindgen(js_name = supplyInflated)]
    pub fn supply_inflated(&mut self, id: usize, bytes: Vec<u8>) -> Result<(), JsValue> {
        let (st, a) = self.asked(id)?;
        let (f, g, len) = (a.frag, a.generation, a.inflated);
        let mut s = st.borrow_mut();
        if s.generation == g {
            let what = || s.index.describe(&f);
            frame::check_len(&bytes, len, &what).map_err(|e| engine_error(&e))?;
            s.index
                .supply_payload(&f, bytes)
                .map_err(|e| engine_error(&e))?;
        }
        drop(s);
        self.done_with(id);
        Ok(())
    }

    /// The entry URL of fragment `id`'s split index.
    #[wasm_bindgen(js_name = entryUrl)]
    pub fn entry_url(&self, id: usize) -> Result<String, JsValue> {
        Ok(self.asked(id)?.0.borrow().entry.clone())
    }

    /// Takes up the build of entry `bytes` for fragment `id`'s split index (whose part was
    /// missing): `true` when the search should go on, on a newer build.
    pub fn reopen(&mut self, id: usize, bytes: Vec<u8>) -> Result<bool, JsValue> {
        let (st, a) = self.asked(id)?;
        let g = a.generation;
        let mut s = st.borrow_mut();
        s.reopen(g, bytes)
    }

    /// The results, once `step` returned nothing: as `SearchIndex.search`, plus `fetched`.
    pub fn results(&mut self) -> Result<JsValue, JsValue> {
        let r = self
            .done
            .take()
            .ok_or_else(|| error("corrupt", "the search is not done"))?;
        let out = results::to_js(
            r,
            now_ms() - self.started,
            self.engine_ms,
            Some(self.fetched),
        );
        out.map_err(JsValue::from)
    }
}

/// One step of the engine's search over every source.
fn step(
    sources: &[Source],
    labels: &[String],
    query: &str,
    opts: &SearchOptions,
) -> zhsearch_engine::Result<SitesStep> {
    let mut states: Vec<Option<RefMut<'_, State>>> = sources
        .iter()
        .map(|s| match s {
            Source::Split(st) => Some(st.borrow_mut()),
            Source::Single(_) => None,
        })
        .collect();
    let mut members: Vec<Member<'_>> = sources
        .iter()
        .zip(states.iter_mut())
        .filter_map(|(s, st)| match (s, st) {
            (Source::Single(i), _) => Some(Member::Single(i.view())),
            (Source::Split(_), Some(st)) => Some(Member::Split(&mut st.index)),
            (Source::Split(_), None) => None,
        })
        .collect();
    sites::search(&mut members, labels, query, opts)
}
