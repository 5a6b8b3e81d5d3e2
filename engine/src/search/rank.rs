//! Ranking: every matching document scored from its pattern occurrences alone, so the single
//! file and the split layout, which find occurrences differently, rank identically.
//!
//! - **BM25F** per piece over title and body: `idf × tf (K1 + 1) / (K1 + tf)` with
//!   `tf = W_TITLE × title occurrences + body occurrences / norm`, `norm = 1 − B + B × units /
//!   average units` (a document's stored size in [`crate::frame::UNIT`]s is its length), and
//!   `idf = ln(1 + (N − df + 0.5) / (df + 0.5))` from the piece's exact document frequency.
//! - **All pieces in the title**: `+ TITLE_ALL × Σ idf`.
//! - **The title starts with the first piece** (two or more characters: a headline typed from
//!   its start): `+ TITLE_START × Σ idf`.
//! - **The whole query as one phrase** (two or more pieces, in order, contiguous): in the title
//!   `+ PHRASE_TITLE × Σ idf`, in the body `+ PHRASE_BODY × Σ idf`; where the body lacks the
//!   phrase, **proximity**: `+ NEAR × Σ idf × NEAR_CHARS / (NEAR_CHARS + span)`, `span` the
//!   smallest window (key characters) holding every piece of two or more characters (when
//!   there are at least two such pieces).
//! - **Weighted text** ([`crate::weight`]): in a document with weighted runs, each body
//!   occurrence of a piece of two or more characters counts as the weight of the run it starts
//!   in (`tf` body = Σ weights), before the saturation above.
//! - Ties go to the earlier document.

use super::matches::PatternMatches;
use super::Corpus;
use crate::error::Result;
use crate::weight::Weights;

/// BM25 term-frequency saturation.
pub const K1: f32 = 1.2;
/// BM25 length normalization of the body.
pub const B: f32 = 0.75;
/// Weight of a title occurrence against a body occurrence.
pub const W_TITLE: f32 = 4.0;
/// Bonus when every piece is in the title, in units of the pieces' summed idf.
pub const TITLE_ALL: f32 = 0.5;
/// Bonus when the title starts with the first piece, in units of the pieces' summed idf.
pub const TITLE_START: f32 = 1.0;
/// Bonus for the query as a contiguous phrase in the title.
pub const PHRASE_TITLE: f32 = 1.5;
/// Bonus for the query as a contiguous phrase in the body.
pub const PHRASE_BODY: f32 = 1.0;
/// Largest proximity bonus (pieces right next to each other).
pub const NEAR: f32 = 0.5;
/// Span (key characters) at which the proximity bonus halves.
pub const NEAR_CHARS: f32 = 10.0;

/// One positive piece of a query, resolved.
pub(crate) struct RankPiece<'a> {
    pub key: &'a str,
    pub matches: &'a PatternMatches,
    /// The piece has two or more characters (proximity counts it).
    pub multi: bool,
}

/// The inverse document frequency of a pattern found in `df` of `n` documents.
fn idf(n: u32, df: usize) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Index of `doc` in `m`, searching forward from `*from` (documents are visited ascending).
fn seek(m: &PatternMatches, from: &mut usize, doc: u32) -> Option<usize> {
    let j = *from + m.docs[*from..].partition_point(|&d| d < doc);
    *from = j;
    (m.docs.get(j) == Some(&doc)).then_some(j)
}

/// Every document containing all `pieces` and none of `excluded`, scored, best first (ties:
/// earlier document first).
pub(crate) fn rank(
    c: &dyn Corpus,
    pieces: &[RankPiece<'_>],
    phrase: Option<&PatternMatches>,
    excluded: &[&PatternMatches],
    weights: &Weights,
) -> Result<Vec<(f32, u32)>> {
    let n = c.doc_count();
    let Some(rarest) = (0..pieces.len()).min_by_key(|&i| pieces[i].matches.df()) else {
        return Ok(Vec::new());
    };
    let idfs: Vec<f32> = pieces.iter().map(|p| idf(n, p.matches.df())).collect();
    let idf_sum: f32 = idfs.iter().sum();
    let avg = c.avg_units();
    let near: Vec<usize> = (0..pieces.len()).filter(|&i| pieces[i].multi).collect();

    let mut at = vec![0usize; pieces.len()];
    let mut ex_at = vec![0usize; excluded.len()];
    let mut phrase_at = 0usize;
    let mut idx = vec![0usize; pieces.len()];
    let mut spans = Vec::new();
    let mut pos = Vec::new();
    let mut out = Vec::new();
    'docs: for &doc in &pieces[rarest].matches.docs {
        for (k, p) in pieces.iter().enumerate() {
            match seek(p.matches, &mut at[k], doc) {
                Some(j) => idx[k] = j,
                None => continue 'docs,
            }
        }
        for (k, x) in excluded.iter().enumerate() {
            if seek(x, &mut ex_at[k], doc).is_some() {
                continue 'docs;
            }
        }
        let norm = 1.0 - B + B * c.units(doc)? as f32 / avg;
        let runs = weights.of(doc);
        let mut score = 0.0;
        let mut in_title = 0;
        for (k, p) in pieces.iter().enumerate() {
            let (tt, mut tb) = (p.matches.tf_title[idx[k]], p.matches.tf_body[idx[k]] as f32);
            if !runs.is_empty() && p.multi && tb > 0.0 {
                // Each occurrence at the weight of the run it starts in.
                pos.clear();
                c.body_positions(p.key, p.matches, idx[k], &mut pos)?;
                let tenths: u32 = pos.iter().map(|&at| u32::from(Weights::at(runs, at))).sum();
                tb = tenths as f32 / f32::from(crate::weight::NORMAL);
            }
            in_title += usize::from(tt > 0);
            let tf = W_TITLE * tt as f32 + tb / norm;
            score += idfs[k] * tf * (K1 + 1.0) / (K1 + tf);
        }
        if in_title == pieces.len() {
            score += TITLE_ALL * idf_sum;
        }
        if pieces[0].matches.title_first.get(idx[0]) == Some(&true) {
            score += TITLE_START * idf_sum;
        }
        if let Some(ph) = phrase {
            let (mut title, mut body) = (false, false);
            if let Some(j) = seek(ph, &mut phrase_at, doc) {
                title = ph.tf_title[j] > 0;
                body = ph.tf_body[j] > 0;
            }
            if title {
                score += PHRASE_TITLE * idf_sum;
            }
            if body {
                score += PHRASE_BODY * idf_sum;
            } else if near.len() >= 2 {
                spans.clear();
                for (slot, &k) in near.iter().enumerate() {
                    let p = &pieces[k];
                    pos.clear();
                    c.body_positions(p.key, p.matches, idx[k], &mut pos)?;
                    let len = p.key.chars().count() as u32;
                    spans.extend(pos.iter().map(|&s| (s, s + len, slot)));
                }
                if let Some(span) = min_span(&mut spans, near.len()) {
                    score += NEAR * idf_sum * NEAR_CHARS / (NEAR_CHARS + span as f32);
                }
            }
        }
        out.push((score, doc));
    }
    // Documents are distinct: a total order.
    crate::sort::by(&mut out, |a, b| {
        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).is_lt()
    });
    Ok(out)
}

/// Smallest span (first start to last end) holding an occurrence of each of `k` pieces, from
/// `(start, end, piece)` triples (`None` if a piece is missing). Linear after the sort.
fn min_span(occ: &mut [(u32, u32, usize)], k: usize) -> Option<u32> {
    crate::sort::natural(occ);
    let mut seen = vec![0usize; k];
    let mut have = 0;
    let mut best: Option<u32> = None;
    let mut lo = 0;
    for hi in 0..occ.len() {
        let p = occ[hi].2;
        seen[p] += 1;
        have += usize::from(seen[p] == 1);
        while have == k {
            // From the first start to the last occurrence's end (exact unless an earlier,
            // longer piece ends later: close enough for ranking, and linear).
            let span = occ[hi].1.saturating_sub(occ[lo].0);
            best = Some(best.map_or(span, |b| b.min(span)));
            let q = occ[lo].2;
            seen[q] -= 1;
            have -= usize::from(seen[q] == 0);
            lo += 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_span_finds_the_tightest_window() {
        let mut occ = vec![(0, 2, 0), (10, 12, 1), (30, 32, 0), (33, 35, 1)];
        assert_eq!(min_span(&mut occ, 2), Some(5));
        let mut one = vec![(0, 2, 0)];
        assert_eq!(min_span(&mut one, 2), None);
    }

    #[test]
    fn idf_falls_with_df() {
        assert!(idf(100, 1) > idf(100, 50));
        assert!(idf(100, 100) > 0.0);
    }
}
