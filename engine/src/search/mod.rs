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

use crate::error::{Error, Result};
use crate::format::StoredDoc;
use crate::query::{Piece, Query, MAX_PIECES};
use crate::source::Need;
use matches::PatternMatches;
use memchr::memmem::Finder;
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
    /// Approximate characters per passage.
    pub snippet_chars: u32,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            passages: 1,
            snippet_chars: 80,
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
}

/// Results of one query.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchResults {
    pub query: String,
    /// Number of matching articles (all of them, not only those returned).
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Set when nothing contained the query as typed and these results match its words
    /// instead: the segmented query that was run (e.g. `南乐县 乡村振兴 工作`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relaxed: Option<String>,
}

impl SearchResults {
    fn empty() -> Self {
        SearchResults {
            query: String::new(),
            total: 0,
            hits: Vec::new(),
            relaxed: None,
        }
    }
}

/// What the phases need from an index layout. Each method that reads data returns `None`
/// when the data is not there yet, after recording the missing fragments in `need`.
pub(crate) trait Corpus {
    /// Number of documents.
    fn doc_count(&self) -> u32;
    /// Average stored size in units.
    fn avg_units(&self) -> f32;
    /// Every document containing `key` (a normalized, non-empty pattern).
    fn pattern(&self, key: &str, need: &mut Need) -> Result<Option<Arc<PatternMatches>>>;
    /// Whether [`Corpus::units`] can answer (else its data is requested in `need`).
    fn units_ready(&self, need: &mut Need) -> Result<bool>;
    /// A document's stored size in units (once [`Corpus::units_ready`]).
    fn units(&self, doc: u32) -> Result<u32>;
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
    /// `key` cut into the index's words (query-time segmentation).
    fn cut(&self, key: &str, need: &mut Need) -> Result<Option<Vec<String>>>;
}

/// Runs `query` on `c`: `Ok(None)` when fragments are missing (listed in `need`).
pub(crate) fn run(
    c: &dyn Corpus,
    query: &str,
    opts: &SearchOptions,
    need: &mut Need,
) -> Result<Option<SearchResults>> {
    let parsed = Query::parse(query);
    let Some(mut r) = run_parsed(c, &parsed, opts, need)? else {
        return Ok(None);
    };
    if r.total == 0 {
        let Some(relaxed) = relax(c, &parsed, need)? else {
            return Ok(None);
        };
        if let Some(q) = relaxed {
            let Some(again) = run_parsed(c, &q, opts, need)? else {
                return Ok(None);
            };
            if again.total > 0 {
                r = again;
                r.relaxed = Some(q.to_string());
            }
        }
    }
    r.query = query.to_owned();
    Ok(Some(r))
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
                out.push(Piece {
                    key: w,
                    quoted: false,
                });
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

/// The matches of every key, or `None` when some are missing (all requested in `need`).
fn patterns(
    c: &dyn Corpus,
    keys: &[&str],
    need: &mut Need,
) -> Result<Option<Vec<Arc<PatternMatches>>>> {
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        if let Some(m) = c.pattern(k, need)? {
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

/// Runs a parsed query (no relaxing).
fn run_parsed(
    c: &dyn Corpus,
    q: &Query,
    opts: &SearchOptions,
    need: &mut Need,
) -> Result<Option<SearchResults>> {
    if q.pieces.is_empty() || c.doc_count() == 0 {
        return Ok(Some(SearchResults::empty()));
    }
    // Phases 1 and 2: every pattern resolved (in one round of fetches for the split layout).
    let phrase = q.phrase();
    let mut keys: Vec<&str> = q.pieces.iter().map(|p| p.key.as_str()).collect();
    keys.extend(phrase.as_deref());
    keys.extend(q.excluded.iter().map(String::as_str));
    let units = c.units_ready(need)?;
    let Some(found) = patterns(c, &keys, need)? else {
        return Ok(None);
    };
    if !units {
        return Ok(None);
    }
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
    let ranked = rank::rank(c, &pieces, phrase_m, &excluded)?;

    // Phase 4: render the page shown.
    let page: Vec<(f32, u32)> = ranked
        .iter()
        .skip(opts.offset)
        .take(opts.limit)
        .copied()
        .collect();
    let mut stored = Vec::with_capacity(page.len());
    for &(_, d) in &page {
        stored.push(c.stored(d, need)?);
    }
    if !need.is_empty() {
        return Ok(None);
    }
    let needles: Vec<Finder<'_>> = q
        .pieces
        .iter()
        .map(|p| Finder::new(p.key.as_bytes()))
        .collect();
    let hits = page
        .iter()
        .zip(stored)
        .map(|(&(score, d), s)| {
            let s = s.ok_or_else(|| Error::corrupt("a document was neither read nor requested"))?;
            Ok(render::hit(d, s, score, &needles, opts))
        })
        .collect::<Result<_>>()?;
    Ok(Some(SearchResults {
        query: String::new(),
        total: ranked.len(),
        hits,
        relaxed: None,
    }))
}
