//! One search under way over split indexes (alone or among several sites), as `fetch.js`
//! drives it: the engine names the fragments it lacks, each is fetched at once and handed back
//! as it arrives, and the search steps again, until it is done.
//!
//! The engine decides everything about the bytes (which fragments, their checks, what a
//! failure means); `fetch.js` only moves them.

use crate::error::{engine_error, error};
use crate::results::{self, now_ms, Fetched};
use crate::sites::Source;
use crate::split::State;
use js_sys::{Array, Promise};
use std::cell::{RefCell, RefMut};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use zhsearch_engine::frame::{self, Frame};
use zhsearch_engine::sites::{self, Member, SitesStep};
use zhsearch_engine::source::Frag;
use zhsearch_engine::split;
use zhsearch_engine::{SearchOptions, SearchResults};

/// More dependent waves of fetches than any query's phases take: the sign of a broken index.
const MAX_ROUNDS: u32 = 12;

#[wasm_bindgen(module = "/src/fetch.js")]
extern "C" {
    fn drive(run: SearchRun) -> Promise;
}

/// `query` over `sources` (labelled by `labels`; one split index alone: none), run to its
/// results by `fetch.js`.
pub(crate) fn run(
    sources: Vec<Source>,
    labels: Vec<String>,
    query: String,
    opts: SearchOptions,
) -> Promise {
    drive(SearchRun {
        reopened: vec![false; sources.len()],
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
/// newly lacks; each is supplied as it arrives, and the search steps again, so a fragment
/// whose place another reveals is asked for at once, not after the rest of its round.
#[wasm_bindgen]
pub struct SearchRun {
    sources: Vec<Source>,
    labels: Vec<String>,
    query: String,
    opts: SearchOptions,
    /// Every fragment asked for, by id.
    asked: Vec<Asked>,
    /// Per source: whether this search took up its new build already (once per search).
    reopened: Vec<bool>,
    done: Option<SearchResults>,
    started: f64,
    engine_ms: f64,
    fetched: Fetched,
}

struct Asked {
    source: usize,
    /// Its source's build generation when asked (another build's fragment is not used).
    generation: u32,
    frag: Frag,
    /// The length it inflates to, once known.
    inflated: usize,
    /// Handed over or given up (one needed again after that is asked for again).
    settled: bool,
    /// Its dependent wave: 1 for what the first step asked, then 1 more than the highest
    /// wave settled before it was asked.
    wave: u32,
}

impl SearchRun {
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

    fn settle(&mut self, id: usize) {
        if let Some(a) = self.asked.get_mut(id) {
            a.settled = true;
        }
    }
}

#[wasm_bindgen]
impl SearchRun {
    /// Searches with what has been supplied: `undefined` when the results are complete, else
    /// the fragments it lacks that are not under way (possibly none), each `[id, url, start,
    /// end, name, record]` (`end` exclusive; `record`: a document record, whose arrival never
    /// lets the search name more).
    pub fn step(&mut self) -> Result<Option<Array>, JsValue> {
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
        let wave = 1 + self
            .asked
            .iter()
            .filter(|a| a.settled)
            .map(|a| a.wave)
            .max()
            .unwrap_or(0);
        let out = Array::new();
        for (k, f) in frags {
            let Some(Source::Split(st)) = self.sources.get(k) else {
                continue;
            };
            let s = st.borrow();
            let g = s.generation;
            let under_way =
                |a: &Asked| a.source == k && a.generation == g && a.frag == f && !a.settled;
            if self.asked.iter().any(under_way) {
                continue;
            }
            if wave > MAX_ROUNDS {
                return Err(error("corrupt", "the index needed too many rounds"));
            }
            let url = format!("{}{}", s.base, s.index.part_name(&f));
            let d = Array::of3(
                &self.asked.len().into(),
                &url.into(),
                &(f.offset as f64).into(),
            );
            d.push(&(f.end() as f64).into());
            d.push(&s.index.describe(&f).into());
            d.push(&s.index.is_record(&f).into());
            out.push(&d);
            self.asked.push(Asked {
                source: k,
                generation: g,
                frag: f,
                inflated: 0,
                settled: false,
                wave,
            });
            self.fetched.rounds = self.fetched.rounds.max(wave);
        }
        Ok(Some(out))
    }

    /// Hands over the fetched bytes of fragment `id`: checked and kept, unless the frame is
    /// deflated: then `[start, end, length]`, the deflated bytes to inflate to `length` and
    /// hand to `supplyInflated`. A fragment of a build taken up since, or held already, is
    /// not looked at.
    pub fn supply(&mut self, id: usize, bytes: &[u8]) -> Result<Option<Vec<u32>>, JsValue> {
        let (st, a) = self.asked(id)?;
        let (f, g) = (a.frag, a.generation);
        let mut s = st.borrow_mut();
        if s.generation != g {
            drop(s);
            self.settle(id);
            return Ok(None);
        }
        self.fetched.bytes += f64::from(f.len);
        self.fetched.fragments += 1;
        if s.index.holds(&f) {
            drop(s);
            self.settle(id);
            return Ok(None);
        }
        let what = || s.index.describe(&f);
        match split::unpack(&f, bytes, &what).map_err(|e| engine_error(&e))? {
            Frame::Raw(p) => {
                let p = p.to_vec();
                s.index
                    .supply_payload(&f, p)
                    .map_err(|e| engine_error(&e))?;
                drop(s);
                self.settle(id);
                Ok(None)
            }
            Frame::Deflated { stored, len } => {
                let at = stored.as_ptr() as usize - bytes.as_ptr() as usize;
                drop(s);
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
        if s.generation == g && !s.index.holds(&f) {
            let what = || s.index.describe(&f);
            frame::check_len(&bytes, len, &what).map_err(|e| engine_error(&e))?;
            s.index
                .supply_payload(&f, bytes)
                .map_err(|e| engine_error(&e))?;
        }
        drop(s);
        self.settle(id);
        Ok(())
    }

    /// What to do about fragment `id`, which failed to load with error `kind`: 0 go on (a
    /// build taken up since asked for it: the search asks the new build), 1 fetch the entry
    /// again and `reopen` (a part is gone: a deploy removed it; once per source and search),
    /// 2 fail the search with that error.
    pub fn failed(&mut self, id: usize, kind: &str) -> Result<u8, JsValue> {
        let (st, a) = self.asked(id)?;
        let (k, g) = (a.source, a.generation);
        let stale = st.borrow().generation != g;
        self.settle(id);
        if stale {
            return Ok(0);
        }
        match self.reopened.get_mut(k) {
            Some(done) if kind == "missing" && !*done => {
                *done = true;
                Ok(1)
            }
            _ => Ok(2),
        }
    }

    /// The entry URL of fragment `id`'s split index.
    #[wasm_bindgen(js_name = entryUrl)]
    pub fn entry_url(&self, id: usize) -> Result<String, JsValue> {
        Ok(self.asked(id)?.0.borrow().entry.clone())
    }

    /// Takes up the build of entry `bytes` for fragment `id`'s split index (see `failed`):
    /// `true` when the search goes on, on a newer build; `false` when the build in use is the
    /// newest (the part is missing for good).
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
