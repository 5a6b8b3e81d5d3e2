//! Several indexes searched as one list (the engine's [`zhsearch_engine::sites`]): single
//! files and split indexes in any mix, each labelled with its site.

use crate::results;
use crate::split::State;
use crate::{Bytes, SearchIndex, SplitSearch};
use js_sys::Promise;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use zhsearch_engine::Index;

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

    /// Runs `query` over every site, fetching what split indexes need (every site's
    /// fragments at once). Resolves to the same object as `SearchIndex.search`, each hit with
    /// `site`; rejects as `SplitSearch.search` does.
    pub fn search(&self, query: String, options: JsValue) -> Result<Promise, JsError> {
        let opts = results::options(options)?;
        Ok(crate::run::run(
            self.sources.clone(),
            self.labels.clone(),
            query,
            opts,
        ))
    }
}
