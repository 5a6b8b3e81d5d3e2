//! Several indexes searched as one list: a county portal and its townships' sites.
//!
//! The indexes are numbered one after another and searched as one corpus, so the list is
//! ranked on one scale: every document count, length and document frequency the ranking reads
//! is summed over the sites, and a query gives the same order and scores as one index built
//! from all their articles (`engine/tests/sites.rs` proves it). Each hit carries its site's
//! label ([`crate::Hit::site`]), and the filter field `site` ([`SITE_FIELD`]) holds every
//! document's label: a search can be narrowed to some sites and count its matches per site
//! (facets), beside each site's own fields (a field only some sites have leaves the others'
//! articles out when it is filtered on).
//!
//! The indexes may be single files or split indexes, in any mix; a split index's missing
//! fragments are reported with the position of its site ([`SitesStep::Need`]).
//!
//! ```
//! use zhsearch_engine::build::{build_index, BuildOptions};
//! use zhsearch_engine::sites::{self, Member, SitesStep};
//! use zhsearch_engine::{Article, Index, SearchOptions};
//!
//! let article = |id: &str, body: &str| Article {
//!     id: id.into(),
//!     body: body.into(),
//!     ..Default::default()
//! };
//! let build = |a: Article| build_index(&[a], &BuildOptions::default());
//! let county = Index::open(build(article("a", "全县开展燃气安全大排查"))?)?;
//! let town = Index::open(build(article("b", "城关镇燃气安全培训"))?)?;
//! let labels = ["县政府".to_string(), "城关镇".to_string()];
//! let mut members = [Member::Single(county.view()), Member::Single(town.view())];
//! let o = SearchOptions::default();
//! let SitesStep::Done(r) = sites::search(&mut members, &labels, "燃气安全", &o)? else {
//!     unreachable!("single files never miss fragments")
//! };
//! assert_eq!(r.total, 2);
//! assert!(r.hits.iter().any(|h| h.site.as_deref() == Some("城关镇")));
//! # Ok::<(), zhsearch_engine::Error>(())
//! ```

use crate::error::Result;
use crate::format::IndexRef;
use crate::search::union::Union;
use crate::search::{self, Corpus, SearchOptions, SearchResults};
use crate::source::{Frag, Need};
use crate::split::SplitIndex;

pub use crate::search::union::SITE_FIELD;

/// One of the indexes searched together.
pub enum Member<'a> {
    /// A single file (embedded, loaded or read).
    Single(IndexRef<'a>),
    /// A split index, with the fragments supplied so far.
    Split(&'a mut SplitIndex),
}

/// One step of a search over several indexes.
#[derive(Debug, Clone, PartialEq)]
pub enum SitesStep {
    /// The results, each hit labelled with its site.
    Done(SearchResults),
    /// These fragments are needed first, each with the position of its index among the
    /// members: fetch them, supply each to its index, search again.
    Need(Vec<(usize, Frag)>),
}

/// Runs `query` over `members` as one index, each labelled by the label at its position
/// in `labels`. `Need` lists what split members lack; supply it and call again. One member
/// without labels is searched exactly as on its own.
pub fn search(
    members: &mut [Member<'_>],
    labels: &[String],
    query: &str,
    opts: &SearchOptions,
) -> Result<SitesStep> {
    for m in members.iter_mut() {
        if let Member::Split(s) = m {
            s.begin_step();
        }
    }
    let views: Vec<Option<IndexRef<'_>>> = members
        .iter()
        .map(|m| match m {
            Member::Single(v) => Some(*v),
            Member::Split(s) => s.compact(),
        })
        .collect();
    let corpora: Vec<&dyn Corpus> = members
        .iter()
        .zip(&views)
        .map(|(m, v)| match (m, v) {
            (_, Some(v)) => v as &dyn Corpus,
            (Member::Split(s), None) => &**s as &dyn Corpus,
            (Member::Single(v), None) => v as &dyn Corpus,
        })
        .collect();
    let mut need = Need::default();
    let found = match (&corpora[..], labels) {
        // One index without a label: searched as itself (no hit labels, no `site` field).
        ([one], []) => search::run(*one, query, opts, &mut need)?,
        _ => {
            let union = Union::new(corpora, labels)?;
            let mut found = search::run(&union, query, opts, &mut need)?;
            for h in found.iter_mut().flat_map(|r| r.hits.iter_mut()) {
                let (k, _) = union.locate(h.doc)?;
                h.site = labels.get(k).cloned();
            }
            found
        }
    };
    let Some(r) = found else {
        let frags = need.take_sited();
        return Ok(SitesStep::Need(
            frags.into_iter().map(|(k, f)| (k as usize, f)).collect(),
        ));
    };
    drop(views);
    for m in members.iter_mut() {
        if let Member::Split(s) = m {
            s.end_search();
        }
    }
    Ok(SitesStep::Done(r))
}

/// Searches, fetching every fragment the split members lack with `fetch` (given the round's
/// number from 1, the member's position, the part file's name and the fragment) until the
/// results are complete.
#[cfg(feature = "inflate")]
pub fn search_with(
    members: &mut [Member<'_>],
    labels: &[String],
    query: &str,
    opts: &SearchOptions,
    mut fetch: impl FnMut(u32, usize, &str, &Frag) -> Result<Vec<u8>>,
) -> Result<SearchResults> {
    // Each round resolves one phase of every member at once.
    for round in 1..=16 {
        let frags = match search(members, labels, query, opts)? {
            SitesStep::Done(r) => return Ok(r),
            SitesStep::Need(frags) => frags,
        };
        for (k, f) in frags {
            if let Some(Member::Split(s)) = members.get_mut(k) {
                let bytes = fetch(round, k, s.part_name(&f), &f)?;
                s.supply(&f, &bytes)?;
            }
        }
    }
    Err(crate::Error::corrupt(
        "a search needed more rounds of fragments than its phases",
    ))
}
