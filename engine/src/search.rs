//! Matching and ranking.
//!
//! For each piece of the query:
//! 1. **candidates**: the documents containing every character of the piece (character postings,
//!    exact for one-character pieces), intersected across pieces;
//!    and every indexed pair of adjacent characters (pairs are indexed where characters alone
//!    filter badly);
//! 2. **verification**: each candidate's stored search key is scanned for the piece (memmem), so a
//!    result always contains every piece and no article containing them is missed.
//! 3. **ranking**: BM25F over title and body per piece, plus bonuses for the whole query as a
//!    contiguous phrase (title above body), else for pieces close together in the body, and for
//!    all pieces in the title. Ties go to the earlier document, so results are deterministic.

use crate::error::Result;
use crate::format::{Doc, Index};
use crate::postings::{self, DocSet};
use crate::query::{Piece, Query, MAX_PIECES};
use crate::segment::Segmenter;
use crate::snippet::{self, Snippet};
use memchr::memmem::Finder;

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

const K1: f32 = 1.2;
const B_BODY: f32 = 0.75;
const B_TITLE: f32 = 0.5;
const W_TITLE: f32 = 4.0;

/// Per-piece matching state.
struct PieceMatch<'q> {
    finder: Finder<'q>,
    candidates: DocSet,
    idf: f32,
}

fn count(f: &Finder<'_>, hay: &[u8]) -> u32 {
    f.find_iter(hay).count() as u32
}

/// Smallest byte span of `hay` holding an occurrence of every finder (`None` if one is missing).
/// `buf` is scratch space reused across documents.
fn min_span(
    finders: &[Finder<'_>],
    hay: &[u8],
    buf: &mut Vec<(usize, usize, usize)>,
) -> Option<usize> {
    buf.clear();
    for (i, f) in finders.iter().enumerate() {
        let len = f.needle().len();
        buf.extend(f.find_iter(hay).map(|s| (s, s + len, i)));
    }
    buf.sort_unstable();
    let k = finders.len();
    let mut seen = vec![0usize; k];
    let mut have = 0;
    let mut best: Option<usize> = None;
    let mut lo = 0;
    for hi in 0..buf.len() {
        let p = buf[hi].2;
        seen[p] += 1;
        have += usize::from(seen[p] == 1);
        while have == k {
            // From the first start to the last occurrence's end (exact unless an earlier,
            // longer piece ends later: close enough for ranking, and linear).
            let span = buf[hi].1.saturating_sub(buf[lo].0);
            best = Some(best.map_or(span, |b| b.min(span)));
            let q = buf[lo].2;
            seen[q] -= 1;
            have -= usize::from(seen[q] == 0);
            lo += 1;
        }
    }
    best
}

impl<D: AsRef<[u8]>> Index<D> {
    /// Documents containing every character of `key` and every indexed pair of adjacent
    /// characters (a superset of the documents containing `key`).
    fn char_candidates(&self, chars: &fst::Map<&[u8]>, key: &str) -> Result<DocSet> {
        let n = self.doc_count();
        let starts: Vec<usize> = key
            .char_indices()
            .map(|(i, _)| i)
            .chain([key.len()])
            .collect();
        let mut grams: Vec<&str> = starts.windows(2).map(|w| &key[w[0]..w[1]]).collect();
        grams.sort_unstable();
        grams.dedup();
        let mut pairs: Vec<&str> = starts.windows(3).map(|w| &key[w[0]..w[2]]).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut lists = Vec::with_capacity(grams.len() + pairs.len());
        for g in grams {
            match chars.get(g) {
                Some(off) => lists.push(self.postings_at(off)?),
                None => return Ok(DocSet::empty(n)),
            }
        }
        for p in pairs {
            if let Some(off) = chars.get(p) {
                lists.push(self.postings_at(off)?);
            }
        }
        // Rarest first: postings start with their document frequency.
        lists.sort_by_key(|b| {
            let mut p = 0;
            crate::varint::get(b, &mut p).unwrap_or(0)
        });
        let mut set = DocSet::full(n);
        for b in lists {
            set.intersect(&postings::char_postings(b, n)?);
            if set.is_empty() {
                break;
            }
        }
        Ok(set)
    }

    /// The query-time segmenter over this index's vocabulary.
    pub fn with_segmenter<T>(&self, f: impl FnOnce(&Segmenter<'_>) -> T) -> Result<T> {
        let words = self.words()?;
        let fst = words.as_fst();
        Ok(f(&Segmenter::new(fst, self.meta().word_total)))
    }

    /// Runs a query string. When no article contains it as typed, unquoted pieces are cut into
    /// words with the index's vocabulary and the query runs again over the words (reported in
    /// [`SearchResults::relaxed`]); quoted phrases are never relaxed.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let parsed = Query::parse(query);
        let mut r = self.search_parsed(&parsed, opts)?;
        if r.total == 0 {
            if let Some(relaxed) = self.relax(&parsed)? {
                let again = self.search_parsed(&relaxed, opts)?;
                if again.total > 0 {
                    r = again;
                    r.relaxed = Some(relaxed.to_string());
                }
            }
        }
        r.query = query.to_owned();
        Ok(r)
    }

    /// The query with unquoted pieces cut into words, or `None` if that changes nothing.
    fn relax(&self, q: &Query) -> Result<Option<Query>> {
        let pieces = self.with_segmenter(|seg| {
            let mut out = Vec::new();
            for p in &q.pieces {
                if p.quoted {
                    out.push(p.clone());
                    continue;
                }
                for w in seg.cut(&p.key) {
                    if !out.iter().any(|o: &Piece| o.key == w) {
                        out.push(Piece {
                            key: w.to_owned(),
                            quoted: false,
                        });
                    }
                }
            }
            out.truncate(MAX_PIECES);
            out
        })?;
        Ok((pieces != q.pieces).then(|| Query {
            pieces,
            excluded: q.excluded.clone(),
        }))
    }

    /// Runs a parsed query.
    pub fn search_parsed(&self, q: &Query, opts: &SearchOptions) -> Result<SearchResults> {
        let n = self.doc_count();
        let empty = SearchResults {
            query: String::new(),
            total: 0,
            hits: Vec::new(),
            relaxed: None,
        };
        if q.pieces.is_empty() || n == 0 {
            return Ok(empty);
        }
        let chars = self.chars()?;

        let mut pieces = Vec::with_capacity(q.pieces.len());
        let mut all = DocSet::full(n);
        for p in &q.pieces {
            let candidates = self.char_candidates(&chars, &p.key)?;
            all.intersect(&candidates);
            let df = candidates.count() as f32;
            let idf = (1.0 + (n as f32 - df + 0.5) / (df + 0.5)).ln();
            pieces.push(PieceMatch {
                finder: Finder::new(p.key.as_bytes()),
                candidates,
                idf,
            });
        }
        if all.is_empty() {
            return Ok(empty);
        }
        // Scan for the rarest piece first: most false candidates fail there.
        pieces.sort_by_key(|p| p.candidates.count());
        let excluded: Vec<(Finder<'_>, DocSet)> = q
            .excluded
            .iter()
            .map(|k| Ok((Finder::new(k.as_bytes()), self.char_candidates(&chars, k)?)))
            .collect::<Result<_>>()?;
        let phrase = q.phrase();
        let phrase_finder = phrase.as_deref().map(|p| Finder::new(p.as_bytes()));
        let idf_sum: f32 = pieces.iter().map(|p| p.idf).sum();

        let meta = self.meta();
        let avg_title = (meta.title_chars as f32 / n as f32).max(1.0);
        let avg_body = (meta.body_chars as f32 / n as f32).max(1.0);
        let mut scored: Vec<(f32, u32)> = Vec::new();
        // The pieces' finders, for proximity and snippets.
        let needles: Vec<Finder<'_>> = pieces.iter().map(|p| p.finder.clone()).collect();
        let mut span_buf = Vec::new();
        'docs: for d in all.iter() {
            let doc = self.doc(d)?;
            let norm_t = 1.0 - B_TITLE + B_TITLE * doc.title_chars as f32 / avg_title;
            let norm_b = 1.0 - B_BODY + B_BODY * doc.body_chars as f32 / avg_body;
            let mut score = 0.0;
            let mut in_title = 0;
            for p in &pieces {
                let tf_t = count(&p.finder, doc.title_key);
                let tf_b = count(&p.finder, doc.body_key);
                if tf_t + tf_b == 0 {
                    continue 'docs;
                }
                in_title += usize::from(tf_t > 0);
                let tf = W_TITLE * tf_t as f32 / norm_t + tf_b as f32 / norm_b;
                score += p.idf * tf * (K1 + 1.0) / (K1 + tf);
            }
            for (f, cand) in &excluded {
                if cand.contains(d)
                    && (f.find(doc.title_key).is_some() || f.find(doc.body_key).is_some())
                {
                    continue 'docs;
                }
            }
            if in_title == pieces.len() {
                score += 0.5 * idf_sum;
            }
            if let Some(f) = &phrase_finder {
                if f.find(doc.title_key).is_some() {
                    score += 1.5 * idf_sum;
                }
                if f.find(doc.body_key).is_some() {
                    score += idf_sum;
                } else if let Some(span) = min_span(&needles, doc.body_key, &mut span_buf) {
                    // Proximity: pieces close together (about 10 characters) earn up to half
                    // the phrase bonus.
                    score += 0.5 * idf_sum * 30.0 / (30.0 + span as f32);
                }
            }
            scored.push((score, d));
        }
        let total = scored.len();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let hits = scored
            .iter()
            .skip(opts.offset)
            .take(opts.limit)
            .map(|&(score, d)| self.hit(self.doc(d)?, score, &needles, opts))
            .collect::<Result<_>>()?;
        Ok(SearchResults {
            query: String::new(),
            total,
            hits,
            relaxed: None,
        })
    }

    fn hit(
        &self,
        doc: Doc<'_>,
        score: f32,
        needles: &[Finder<'_>],
        opts: &SearchOptions,
    ) -> Result<Hit> {
        let meta = doc.meta()?;
        // Lengths from the text itself: a corrupted record cannot skew the windows.
        let (title_key, body_key) = (doc.title_str()?, doc.body_str()?);
        let title: Snippet = snippet::highlight_all(
            title_key,
            title_key.chars().count() as u32,
            &doc.title_edits()?,
            needles,
        );
        let body = snippet::snippet(
            body_key,
            body_key.chars().count() as u32,
            &doc.body_edits()?,
            needles,
            opts.snippet_chars,
            opts.passages,
        );
        Ok(Hit {
            doc: doc.index,
            id: meta.id,
            title: title.text,
            url: meta.url,
            date: meta.date,
            tags: meta.tags,
            score,
            snippet: body.text,
            highlights: body.highlights,
            title_highlights: title.highlights,
        })
    }
}
