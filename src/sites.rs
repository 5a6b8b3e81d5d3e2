//! Several indexes searched as one list (the engine's [`zhsearch_engine::sites`]): single
//! files and split indexes in any mix, each labelled with its site.

use crate::fetch::{engine_error, error};
use crate::results::{self, now_ms, Fetched};
use crate::split::{Round, State, MAX_ROUNDS};
use crate::{Bytes, SearchIndex, SplitSearch};
use js_sys::Promise;
use std::cell::{RefCell, RefMut};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use zhsearch_engine::sites::{self, Member, SitesStep};
use zhsearch_engine::{Index, SearchOptions};

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
        Ok(drive(
            self.sources.clone(),
            self.labels.clone(),
            query,
            opts,
        ))
    }
}

/// A query over `sources` (labelled by `labels`; one split index alone: none), run to its
/// results: the engine says what each split index lacks, every index's fetches start at once,
/// and the search runs again once they are supplied.
pub(crate) fn drive(
    sources: Vec<Source>,
    labels: Vec<String>,
    query: String,
    opts: SearchOptions,
) -> Promise {
    future_to_promise(async move {
        let started = now_ms();
        let mut engine_ms = 0.0;
        let mut fetched = Fetched::default();
        let mut reopened = vec![false; sources.len()];
        loop {
            let t = now_ms();
            let step = step(&sources, &labels, &query, &opts);
            engine_ms += now_ms() - t;
            let frags = match step.map_err(|e| engine_error(&e))? {
                SitesStep::Done(r) => {
                    let out = results::to_js(r, now_ms() - started, engine_ms, Some(fetched));
                    return out.map_err(JsValue::from);
                }
                SitesStep::Need(frags) => frags,
            };
            fetched.rounds += 1;
            if fetched.rounds > MAX_ROUNDS {
                return Err(error("corrupt", "the index needed too many rounds", None));
            }
            // Every index's fetches start before any is awaited.
            let mut rounds = Vec::new();
            for (k, source) in sources.iter().enumerate() {
                let mine: Vec<_> = frags
                    .iter()
                    .filter(|(i, _)| *i == k)
                    .map(|(_, f)| *f)
                    .collect();
                if let (Source::Split(st), false) = (source, mine.is_empty()) {
                    rounds.push((k, Round::start(st, mine)));
                }
            }
            for (k, round) in rounds {
                round.finish(&mut reopened[k], &mut fetched).await?;
            }
        }
    })
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
