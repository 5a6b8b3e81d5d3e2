//! Matching, ranking and rendering, in phases that both layouts share.
//!
//! 1. **plan**: the query is parsed into patterns: its pieces, its phrase (the pieces joined,
//!    when there are two or more) and its exclusions ([`crate::query`]);
//! 2. **candidates and verification**: each pattern is resolved to every document containing
//!    it, with occurrence counts per field ([`matches::PatternMatches`]). The single file
//!    narrows candidates with character postings and scans their stored text
//!    ([`text`]); the split layout intersects gram positions and never needs the text
//!    ([`crate::split`]). Either way, every article containing the pattern is found, and only
//!    those;
//! 3. **score**: every document containing all pieces and no exclusion is scored from its
//!    occurrences ([`rank`]), so the total is exact and the order is the same in both layouts;
//! 4. **render**: only the page of hits shown reads stored documents, for titles, snippets and
//!    highlights ([`render`]).
//!
//! A [`Corpus`] answers each phase or reports the fragments it is missing ([`Need`]): the
//! single file never misses anything; the split reader runs the phases again once the missing
//! fragments have been supplied. When nothing contains the query as typed, its unquoted pieces
//! are cut into words with the index's vocabulary and it runs again (`relaxed`).

pub mod matches;
pub mod rank;
mod render;
pub(crate) mod text;
pub(crate) mod union;

use crate::error::{Error, Result};
use crate::format::StoredDoc;
use crate::hash::{FxMap, FxSet};
use crate::query::{Piece, Query, MAX_PIECES};
use crate::source::Need;
use crate::spell::{pinyin, typo, Dictionary};
use matches::PatternMatches;
use memchr::memmem::Finder;
use std::cell::RefCell;
use std::sync::Arc;

/// What to return.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default)]
pub struct SearchOptions {
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (for "more results").
    pub offset: usize,
    /// Passages per snippet (a newspaper page holds several articles).
    pub passages: usize,
    /// Also read Latin letters as pinyin and correct Latin typos ([`crate::spell`]); on by
    /// default.
    pub spell: bool,
    /// Approximate characters per passage.
    pub snippet_chars: u32,
    /// Filters, date bounds, order and facets ([`crate::filter`]).
    #[serde(flatten)]
    pub narrowing: crate::filter::Narrowing,
}

pub use crate::limits::{MAX_LIMIT, MAX_PASSAGES, MAX_SNIPPET_CHARS};

impl SearchOptions {
    /// The options every search runs with: `limit` at most [`MAX_LIMIT`], 1 to
    /// [`MAX_PASSAGES`] passages of 1 to [`MAX_SNIPPET_CHARS`] characters. The one set of
    /// bounds for the CLI, the wasm API and the engine itself, so no request makes a search
    /// run for minutes.
    pub fn clamped(&self) -> SearchOptions {
        SearchOptions {
            limit: self.limit.min(MAX_LIMIT),
            passages: self.passages.clamp(1, MAX_PASSAGES),
            snippet_chars: self.snippet_chars.clamp(1, MAX_SNIPPET_CHARS),
            ..self.clone()
        }
    }
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            passages: 1,
            spell: true,
            snippet_chars: 80,
            narrowing: Default::default(),
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// Position of the document in the index.
    #[serde(skip)]
    pub doc: u32,
    pub id: String,
    /// Display title.
    pub title: String,
    pub url: String,
    pub date: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub score: f32,
    /// Best passage(s) of the body, `…` where cut.
    pub snippet: String,
    /// `[start, end)` character offsets of matches in `snippet`.
    pub highlights: Vec<[u32; 2]>,
    /// `[start, end)` character offsets of matches in `title`.
    pub title_highlights: Vec<[u32; 2]>,
    /// Set when the query's letters were read as pinyin to find this hit: the words, as in
    /// [`SearchResults::pinyin`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinyin: Option<String>,
    /// When the hit is one story of a page: the page (its id, title and url). The hit's own
    /// `id` and `url` then point at the story (`page#anchor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<crate::Page>,
    /// The article's other fields ([`crate::Article::meta`]).
    #[serde(skip_serializing_if = "crate::filter::Fields::is_empty")]
    pub meta: crate::filter::Fields,
    /// When several indexes are searched as one ([`crate::sites`]): the label of the one
    /// holding the article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

/// Results of one query.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchResults {
    pub query: String,
    /// Number of matching articles (all of them, not only those returned): stories, where
    /// pages were split into stories.
    pub total: usize,
    /// Number of pages those articles are on (equal to `total` unless pages hold several
    /// matching stories).
    pub pages: usize,
    pub hits: Vec<Hit>,
    /// Set when nothing contained the query as typed and these results match its words
    /// instead: the segmented query that was run (e.g. `南乐县 乡村振兴 工作`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relaxed: Option<String>,
    /// Set when nothing contained a Latin word as typed and some results contain its
    /// correction: the corrected query (e.g. `iphone` for `iphoen`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// What the query's Latin letters were read as, when results contain it: the words of
    /// each reading that found articles, likeliest first (e.g. `兴隆社区`). Those results
    /// follow the ones containing the letters as typed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pinyin: Vec<String>,
    /// With [`crate::filter::Narrowing::facets`]: for every filter field, the matching
    /// articles per value, counted with the other fields' filters applied.
    #[serde(skip_serializing_if = "crate::filter::Facets::is_empty")]
    pub facets: crate::filter::Facets,
}

/// What the phases need from an index layout. Each method that reads data returns `None`
/// when the data is not there yet, after recording the missing fragments in `need`.
pub(crate) trait Corpus: Dictionary {
    /// The index-wide numbers (documents, sizes, vocabulary total).
    fn meta(&self) -> crate::format::Meta;
    /// Number of (live) documents.
    fn doc_count(&self) -> u32 {
        self.meta().doc_count
    }
    /// Sum of the vocabulary's frequencies.
    fn word_total(&self) -> u64 {
        self.meta().word_total
    }
    /// Average stored size in units.
    fn avg_units(&self) -> f32 {
        self.meta().avg_units()
    }
    /// One more than the largest document number (deleted documents keep their numbers).
    fn id_space(&self) -> u32 {
        self.doc_count()
    }
    /// Every document containing `key` (a normalized, non-empty pattern).
    fn pattern(&self, key: &str, need: &mut Need) -> Result<Option<Arc<PatternMatches>>>;
    /// Whether [`Corpus::units`] can answer (else its data is requested in `need`).
    fn units_ready(&self, need: &mut Need) -> Result<bool>;
    /// A document's stored size in units (once [`Corpus::units_ready`]).
    fn units(&self, doc: u32) -> Result<u32>;
    /// The ordinal of a document's page (once [`Corpus::units_ready`]): stories of one page
    /// share it.
    fn page(&self, doc: u32) -> Result<u32>;
    /// Whether every document is a page of its own (once [`Corpus::units_ready`]).
    fn own_pages(&self) -> Result<bool>;
    /// Body positions of `key` in the `i`-th document of `m` (its matches).
    fn body_positions(
        &self,
        key: &str,
        m: &PatternMatches,
        i: usize,
        out: &mut Vec<u32>,
    ) -> Result<()>;
    /// A document's stored fields.
    fn stored(&self, doc: u32, need: &mut Need) -> Result<Option<StoredDoc>>;
    /// The filterable fields and days of every document ([`crate::filter`]).
    fn filters(&self, need: &mut Need) -> Result<Option<Arc<crate::filter::Filters>>>;
    /// The weighted runs of the documents that have them ([`crate::weight`]).
    fn weights(&self, need: &mut Need) -> Result<Option<Arc<crate::weight::Weights>>>;
    /// Every live document, ascending (what a query without words lists).
    fn live(&self) -> Vec<u32> {
        (0..self.id_space()).collect()
    }
    /// `key` cut into the index's words (query-time segmentation).
    fn cut(&self, key: &str, need: &mut Need) -> Result<Option<Vec<String>>>;
}

/// Runs `query` on `c`: `Ok(None)` when fragments are missing (listed in `need`).
///
/// The results are, in order and each article once: the articles containing the query as
/// typed; when nothing does, those containing it with its Latin typos corrected
/// ([`crate::spell::typo`]); then those containing a reading of its Latin letters as pinyin
/// ([`crate::spell::pinyin`]), the likeliest readings taking turns so that the first page
/// shows several. When all of that finds nothing, the query is relaxed into words.
pub(crate) fn run(
    c: &dyn Corpus,
    query: &str,
    opts: &SearchOptions,
    need: &mut Need,
) -> Result<Option<SearchResults>> {
    let opts = &opts.clamped();
    let parsed = Query::parse(query);
    let memo = Resolved::default();
    // Requested with the doc table: every ranking reads them.
    let weights = c.weights(need)?;
    let weights = weights.as_deref();
    // Requested with the first round's fragments (and, for the single file, decoded once).
    let mut filters = None;
    if opts.narrowing.is_active() {
        filters = c.filters(need)?;
        c.units_ready(need)?;
        if parsed.pieces.is_empty() {
            // A browse listing leaves out what the query excludes.
            let keys: Vec<&str> = parsed.excluded.iter().map(String::as_str).collect();
            patterns(c, &keys, &memo, need)?;
        }
    }
    // Round one: the query as typed, and what its letters may spell (independent fetches).
    let literal = ranked(c, &parsed, weights, &memo, need)?;
    let readings = if opts.spell {
        pinyin::readings(c, &parsed, c.word_total(), need)?
    } else {
        Some(Vec::new())
    };
    let (Some(literal), Some(readings)) = (literal, readings) else {
        return Ok(None);
    };
    // What the visitor will see of a list: with filters, only what passes them (once the
    // filters are there; until then the round is repeated anyway).
    let admit = match (&filters, opts.narrowing.is_active()) {
        (Some(f), true) => Some(crate::filter::Admit::new(f, &opts.narrowing)?),
        _ => None,
    };
    let shown = |d: u32| admit.as_ref().is_none_or(|a| a.passes(d, None));
    let corrected = if !literal.iter().any(|h| shown(h.1)) && opts.spell {
        let Some(q) = correct(c, &parsed, &memo, need)? else {
            return Ok(None);
        };
        q
    } else {
        None
    };
    let mut variants: Vec<(Query, Via)> = Vec::new();
    if let Some(q) = corrected {
        variants.push((q, Via::Typo));
    }
    for r in readings {
        if !variants.iter().any(|(q, _)| *q == r.query) && r.query != parsed {
            variants.push((r.query, Via::Pinyin(r.label)));
        }
    }
    let mut lists = Vec::with_capacity(variants.len());
    for (q, _) in &variants {
        lists.push(ranked(c, q, weights, &memo, need)?);
    }
    if !need.is_empty() {
        return Ok(None);
    }
    let Some(lists) = lists.into_iter().collect::<Option<Vec<_>>>() else {
        return Err(Error::corrupt("a query was neither ranked nor requested"));
    };
    let mut all: Vec<(Query, Via)> = vec![(parsed, Via::Typed)];
    all.extend(variants);
    let mut ranked_lists = vec![literal];
    ranked_lists.extend(lists);
    let mut merged = merge(&all, &ranked_lists);
    let mut relaxed = None;
    if !merged.iter().any(|h| shown(h.1)) {
        let Some(words) = relax(c, &all[0].0, need)? else {
            return Ok(None);
        };
        if let Some(q) = words {
            let Some(list) = ranked(c, &q, weights, &memo, need)? else {
                return Ok(None);
            };
            if list.iter().any(|h| shown(h.1)) {
                relaxed = Some(q.to_string());
                all = vec![(q, Via::Typed)];
                ranked_lists = vec![list];
                merged = merge(&all, &ranked_lists);
            }
        }
    }
    let mut facets = crate::filter::Facets::default();
    if opts.narrowing.is_active() {
        // (Both were requested in round one: missing, the search has returned already.)
        let (Some(f), Some(admit), true) = (&filters, &admit, c.units_ready(need)?) else {
            return Ok(None);
        };
        // A query without words and with filters lists what the filters leave, but for what
        // it excludes.
        let browse = all[0].0.pieces.is_empty() && opts.narrowing.browses();
        if browse {
            let keys: Vec<&str> = all[0].0.excluded.iter().map(String::as_str).collect();
            let Some(excluded) = patterns(c, &keys, &memo, need)? else {
                return Ok(None);
            };
            let out: FxSet<u32> = excluded
                .iter()
                .flat_map(|m| m.docs.iter().copied())
                .collect();
            merged = c
                .live()
                .into_iter()
                .filter(|d| !out.contains(d))
                .map(|d| (0.0, d, 0))
                .collect();
        }
        facets = crate::filter::narrow(f, &opts.narrowing, admit, &mut merged, browse);
    }
    let Some(mut r) = render(c, &all, &merged, opts, need)? else {
        return Ok(None);
    };
    r.facets = facets;
    for ((q, via), list) in all.iter().zip(&ranked_lists) {
        if !list.iter().any(|h| shown(h.1)) {
            continue;
        }
        match via {
            Via::Typed => {}
            Via::Typo => r.corrected = Some(q.to_string()),
            Via::Pinyin(label) => r.pinyin.push(label.clone()),
        }
    }
    r.relaxed = relaxed;
    r.query = query.to_owned();
    Ok(Some(r))
}

/// Where a query that ran came from.
#[derive(Debug, Clone, PartialEq)]
enum Via {
    /// As typed.
    Typed,
    /// Its Latin typos corrected.
    Typo,
    /// Its letters read as pinyin (the words, as shown).
    Pinyin(String),
}

/// The ranked lists joined, each article once: the typed query's, then the correction's,
/// then the pinyin readings' in turns (the best of each reading, then the second best...),
/// as `(score, doc, which query)`.
fn merge(queries: &[(Query, Via)], lists: &[Vec<(f32, u32)>]) -> Vec<(f32, u32, usize)> {
    let mut seen = FxSet::default();
    let mut out = Vec::new();
    let mut turns: Vec<usize> = Vec::new();
    for (i, l) in lists.iter().enumerate() {
        if matches!(queries[i].1, Via::Pinyin(_)) {
            turns.push(i);
            continue;
        }
        for &(s, d) in l {
            if seen.insert(d) {
                out.push((s, d, i));
            }
        }
    }
    let longest = turns.iter().map(|&i| lists[i].len()).max().unwrap_or(0);
    for k in 0..longest {
        for &i in &turns {
            if let Some(&(s, d)) = lists[i].get(k) {
                if seen.insert(d) {
                    out.push((s, d, i));
                }
            }
        }
    }
    out
}

/// The Latin words of `q` that match nothing, corrected (`Some(None)` when there are none or
/// no correction is close enough).
fn correct(
    c: &dyn Corpus,
    q: &Query,
    memo: &Resolved,
    need: &mut Need,
) -> Result<Option<Option<Query>>> {
    let mut out = q.clone();
    let mut changed = false;
    for p in &mut out.pieces {
        if p.quoted || !typo::correctable(&p.key) {
            continue;
        }
        // Resolved already, with the query as typed.
        let Some(m) = pattern(c, &p.key, memo, need)? else {
            continue;
        };
        if m.df() > 0 {
            continue;
        }
        let Some(fsts) = c.spellings(&[vec![crate::spell::LATIN]], need)? else {
            continue;
        };
        if let Some(w) = typo::correct(&fsts, &p.key) {
            p.key = w;
            p.breaks.clear();
            changed = true;
        }
    }
    if !need.is_empty() {
        return Ok(None);
    }
    Ok(Some(changed.then_some(out)))
}

/// The query with unquoted pieces cut into words (`Some(None)` if that changes nothing).
fn relax(c: &dyn Corpus, q: &Query, need: &mut Need) -> Result<Option<Option<Query>>> {
    let mut out: Vec<Piece> = Vec::new();
    for p in &q.pieces {
        if p.quoted {
            out.push(p.clone());
            continue;
        }
        let Some(words) = c.cut(&p.key, need)? else {
            continue;
        };
        for w in words {
            if !out.iter().any(|o| o.key == w) {
                out.push(Piece::new(w));
            }
        }
    }
    if !need.is_empty() {
        return Ok(None);
    }
    out.truncate(MAX_PIECES);
    Ok(Some((out != q.pieces).then(|| Query {
        pieces: out,
        excluded: q.excluded.clone(),
    })))
}

/// Patterns already resolved during one search (its readings share pieces).
type Resolved = RefCell<FxMap<String, Arc<PatternMatches>>>;

/// The matches of `key`, resolved once per search (`None` when missing, requested in `need`).
fn pattern(
    c: &dyn Corpus,
    key: &str,
    memo: &Resolved,
    need: &mut Need,
) -> Result<Option<Arc<PatternMatches>>> {
    if let Some(m) = memo.borrow().get(key) {
        return Ok(Some(m.clone()));
    }
    let found = c.pattern(key, need)?;
    if let Some(m) = &found {
        memo.borrow_mut().insert(key.to_owned(), m.clone());
    }
    Ok(found)
}

/// The matches of every key, or `None` when some are missing (all requested in `need`).
fn patterns(
    c: &dyn Corpus,
    keys: &[&str],
    memo: &Resolved,
    need: &mut Need,
) -> Result<Option<Vec<Arc<PatternMatches>>>> {
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        if let Some(m) = pattern(c, k, memo, need)? {
            out.push(m);
        }
    }
    if !need.is_empty() {
        return Ok(None);
    }
    if out.len() != keys.len() {
        return Err(Error::corrupt("a pattern was neither found nor requested"));
    }
    Ok(Some(out))
}

/// Phases 1 to 3 for a parsed query: every matching article, best first, as `(score, doc)`.
fn ranked(
    c: &dyn Corpus,
    q: &Query,
    weights: Option<&crate::weight::Weights>,
    memo: &Resolved,
    need: &mut Need,
) -> Result<Option<Vec<(f32, u32)>>> {
    if q.pieces.is_empty() || c.doc_count() == 0 {
        return Ok(Some(Vec::new()));
    }
    // Phases 1 and 2: every pattern resolved (in one round of fetches for the split layout).
    let phrase = q.phrase();
    let mut keys: Vec<&str> = q.pieces.iter().map(|p| p.key.as_str()).collect();
    keys.extend(phrase.as_deref());
    keys.extend(q.excluded.iter().map(String::as_str));
    let units = c.units_ready(need)?;
    let Some(found) = patterns(c, &keys, memo, need)? else {
        return Ok(None);
    };
    let (true, Some(weights)) = (units, weights) else {
        return Ok(None);
    };
    let n = q.pieces.len();
    let pieces: Vec<rank::RankPiece<'_>> = q
        .pieces
        .iter()
        .zip(&found)
        .map(|(p, m)| rank::RankPiece {
            key: &p.key,
            matches: m,
            multi: p.key.chars().nth(1).is_some(),
        })
        .collect();
    let phrase_m = phrase.as_ref().map(|_| found[n].as_ref());
    let excluded: Vec<&PatternMatches> = found[n + usize::from(phrase.is_some())..]
        .iter()
        .map(|m| m.as_ref())
        .collect();
    // Phase 3: score everything.
    rank::rank(c, &pieces, phrase_m, &excluded, weights).map(Some)
}

/// Phase 4: the page of `merged` (`(score, doc, which of queries)`) that `opts` asks for,
/// each hit highlighting the pieces of the query that found it.
fn render(
    c: &dyn Corpus,
    queries: &[(Query, Via)],
    merged: &[(f32, u32, usize)],
    opts: &SearchOptions,
    need: &mut Need,
) -> Result<Option<SearchResults>> {
    let page: Vec<(f32, u32, usize)> = merged
        .iter()
        .skip(opts.offset)
        .take(opts.limit)
        .copied()
        .collect();
    let mut stored = Vec::with_capacity(page.len());
    for &(_, d, _) in &page {
        stored.push(c.stored(d, need)?);
    }
    if !need.is_empty() {
        return Ok(None);
    }
    let needles: Vec<Vec<Finder<'_>>> = queries
        .iter()
        .map(|(q, _)| {
            q.pieces
                .iter()
                .map(|p| Finder::new(p.key.as_bytes()))
                .collect()
        })
        .collect();
    let hits = page
        .iter()
        .zip(stored)
        .map(|(&(score, d, qi), s)| {
            let s = s.ok_or_else(|| Error::corrupt("a document was neither read nor requested"))?;
            let via = match &queries[qi].1 {
                Via::Pinyin(label) => Some(label.clone()),
                _ => None,
            };
            let mut h = render::hit(d, s, score, &needles[qi], opts);
            h.pinyin = via;
            Ok(h)
        })
        .collect::<Result<_>>()?;
    let pages = if merged.is_empty() || c.own_pages()? {
        merged.len()
    } else {
        let mut pages = FxSet::default();
        for &(_, d, _) in merged {
            pages.insert(c.page(d)?);
        }
        pages.len()
    };
    Ok(Some(SearchResults {
        query: String::new(),
        total: merged.len(),
        pages,
        hits,
        relaxed: None,
        corrected: None,
        pinyin: Vec::new(),
        facets: Default::default(),
    }))
}
