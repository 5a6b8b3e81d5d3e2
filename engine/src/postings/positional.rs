//! Gram lists of the split layout.
//!
//! A gram is a run of 2 to [`MAX_GRAM`] key characters inside one field (title or body); its
//! list holds, for every document containing it, where it occurs. A single character's list
//! holds occurrence counts only (its positions would be as large as the text).
//!
//! ```text
//! list      varint df, then df entries in ascending document order
//! entry     varint document delta (the first: the document itself)
//!           varint body_count << 1 | has_title, [varint title_count when has_title]
//!           positional lists only: title positions, then body positions, each as
//!           ascending key-character offsets, delta coded (the first absolute)
//! ```
//!
//! A pattern (a query piece, the query's phrase, an exclusion) is found from a *cover*: grams
//! at offsets of the pattern whose spans together cover all of it. The pattern occurs at `x`
//! exactly when every cover gram occurs at `x + offset` in the same field, so intersecting the
//! shifted positions finds every occurrence, and only occurrences.

use crate::error::{Error, Result};
use crate::search::matches::PatternMatches;
use crate::varint;

/// Longest gram the split layout indexes (in key characters).
pub const MAX_GRAM: usize = 8;

/// Appends one document at a time to a list (documents in ascending order).
#[derive(Debug, Default, Clone)]
pub(crate) struct ListBuilder {
    buf: Vec<u8>,
    df: u32,
    last: u32,
}

impl ListBuilder {
    fn start(&mut self, doc: u32) {
        let delta = if self.df == 0 { doc } else { doc - self.last };
        varint::put(&mut self.buf, u64::from(delta));
        self.df += 1;
        self.last = doc;
    }

    fn counts(&mut self, title: u32, body: u32) {
        varint::put(&mut self.buf, (u64::from(body) << 1) | u64::from(title > 0));
        if title > 0 {
            varint::put(&mut self.buf, u64::from(title));
        }
    }

    /// Adds `doc` alone (a list of documents only, which the single file's doc-level postings
    /// are made from; not a gram list [`decode`] reads).
    pub fn push_doc(&mut self, doc: u32) {
        self.start(doc);
    }

    /// Adds `doc` with its ascending occurrence positions in the title and the body.
    pub fn push_positions(&mut self, doc: u32, title: &[u32], body: &[u32]) {
        self.start(doc);
        self.counts(title.len() as u32, body.len() as u32);
        for field in [title, body] {
            let mut last = 0;
            for (i, &p) in field.iter().enumerate() {
                varint::put(&mut self.buf, u64::from(if i == 0 { p } else { p - last }));
                last = p;
            }
        }
    }

    /// Adds `doc` with its occurrence counts (single-character lists).
    pub fn push_counts(&mut self, doc: u32, title: u32, body: u32) {
        self.start(doc);
        self.counts(title, body);
    }

    /// Appends `other`, whose documents all come after this list's.
    pub fn append(&mut self, other: ListBuilder) {
        if other.df == 0 {
            return;
        }
        if self.df == 0 {
            *self = other;
            return;
        }
        let mut p = 0;
        let first = varint::get(&other.buf, &mut p).unwrap_or(0) as u32;
        // Lists appended batch after batch grow by an eighth, not by doubling: the spare
        // capacity of the lists being built stays small beside them.
        let need = other.buf.len() + 5;
        if self.buf.capacity() - self.buf.len() < need {
            self.buf.reserve_exact(need.max(self.buf.len() / 8));
        }
        varint::put(&mut self.buf, u64::from(first - self.last));
        self.buf.extend_from_slice(&other.buf[p..]);
        self.df += other.df;
        self.last = other.last;
    }

    /// Gives back the buffer's spare capacity.
    pub fn shrink(&mut self) {
        self.buf.shrink_to_fit();
    }

    /// Number of documents.
    pub fn df(&self) -> u32 {
        self.df
    }

    /// Length of [`ListBuilder::finish`]'s output.
    pub fn finish_len(&self) -> usize {
        crate::varint::len(u64::from(self.df)) + self.buf.len()
    }

    /// The list bytes.
    pub fn finish(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.buf.len() + 5);
        varint::put(&mut out, u64::from(self.df));
        out.extend_from_slice(&self.buf);
        out
    }
}

/// A decoded list: documents, counts, and (positional lists) positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct GramList {
    pub docs: Vec<u32>,
    pub title: Vec<u32>,
    pub body: Vec<u32>,
    /// Per document, where its positions start in `pos` (title positions, then body
    /// positions); one more entry than `docs`. Empty for count lists.
    pub starts: Vec<u32>,
    pub pos: Vec<u32>,
}

impl GramList {
    fn title_pos(&self, i: usize) -> &[u32] {
        let s = self.starts[i] as usize;
        &self.pos[s..s + self.title[i] as usize]
    }

    fn body_pos(&self, i: usize) -> &[u32] {
        let s = self.starts[i] as usize + self.title[i] as usize;
        &self.pos[s..s + self.body[i] as usize]
    }

    fn field(&self, i: usize, body: bool) -> &[u32] {
        if body {
            self.body_pos(i)
        } else {
            self.title_pos(i)
        }
    }
}

/// Decodes a list over `n` documents; `positional` tells gram lists from count lists. Every
/// count is checked against the bytes left before anything is reserved.
pub(crate) fn decode(b: &[u8], n: u32, positional: bool) -> Result<GramList> {
    let bad = |what: &str| Error::corrupt(format!("gram list: {what}"));
    let mut p = 0;
    let df = varint::get(b, &mut p).ok_or_else(|| bad("truncated"))?;
    // Every entry takes at least two bytes.
    if df > u64::from(n) || df > (b.len() as u64) / 2 {
        return Err(bad("document count"));
    }
    let df = df as usize;
    let mut l = GramList {
        docs: Vec::with_capacity(df),
        title: Vec::with_capacity(df),
        body: Vec::with_capacity(df),
        ..GramList::default()
    };
    if positional {
        l.starts.reserve(df + 1);
    }
    let mut doc: u64 = 0;
    for i in 0..df {
        let delta = varint::get(b, &mut p).ok_or_else(|| bad("truncated"))?;
        if i > 0 && delta == 0 {
            return Err(bad("documents out of order"));
        }
        doc = doc
            .checked_add(delta)
            .ok_or_else(|| bad("document out of range"))?;
        if doc >= u64::from(n) {
            return Err(bad("document out of range"));
        }
        let v = varint::get(b, &mut p).ok_or_else(|| bad("truncated"))?;
        let body = v >> 1;
        let title = if v & 1 == 1 {
            varint::get(b, &mut p).ok_or_else(|| bad("truncated"))?
        } else {
            0
        };
        if title + body == 0 || (v & 1 == 1 && title == 0) {
            return Err(bad("empty entry"));
        }
        let (title, body) = (
            u32::try_from(title).map_err(|_| bad("count"))?,
            u32::try_from(body).map_err(|_| bad("count"))?,
        );
        l.docs.push(doc as u32);
        l.title.push(title);
        l.body.push(body);
        if positional {
            let total = u64::from(title) + u64::from(body);
            if total > (b.len() - p) as u64 {
                return Err(bad("positions truncated"));
            }
            l.starts.push(l.pos.len() as u32);
            for count in [title, body] {
                let mut at: u64 = 0;
                for k in 0..count {
                    let d = varint::get(b, &mut p).ok_or_else(|| bad("truncated"))?;
                    if k > 0 && d == 0 {
                        return Err(bad("positions out of order"));
                    }
                    at = at.checked_add(d).ok_or_else(|| bad("position"))?;
                    l.pos.push(u32::try_from(at).map_err(|_| bad("position"))?);
                }
            }
        }
    }
    if positional {
        l.starts.push(l.pos.len() as u32);
    }
    if p != b.len() {
        return Err(bad("trailing bytes"));
    }
    Ok(l)
}

/// Matches of a single character from its count list.
pub(crate) fn char_matches(l: GramList) -> PatternMatches {
    PatternMatches {
        title_first: vec![false; l.docs.len()],
        docs: l.docs,
        tf_title: l.title,
        tf_body: l.body,
        body_starts: Vec::new(),
        body_pos: Vec::new(),
    }
}

/// Every occurrence of a pattern, from a cover: `(list, offset of its gram in the pattern)`.
/// Body positions are kept (proximity needs them).
pub(crate) fn resolve(cover: &[(&GramList, u32)]) -> PatternMatches {
    let mut out = PatternMatches::default();
    out.body_starts.push(0);
    let Some(driver) = (0..cover.len()).min_by_key(|&i| cover[i].0.docs.len()) else {
        return out;
    };
    let (dl, doff) = cover[driver];
    let mut at: Vec<usize> = vec![0; cover.len()];
    let mut title_buf = Vec::new();
    'docs: for (i, &doc) in dl.docs.iter().enumerate() {
        // Where `doc` is in every other list (lists ascend: move forward only).
        for (k, (l, _)) in cover.iter().enumerate() {
            if k == driver {
                at[k] = i;
                continue;
            }
            let from = at[k];
            let j = from + l.docs[from..].partition_point(|&d| d < doc);
            at[k] = j;
            if l.docs.get(j) != Some(&doc) {
                continue 'docs;
            }
        }
        title_buf.clear();
        let field = |body: bool, out: &mut Vec<u32>| {
            for &p in dl.field(i, body) {
                let Some(x) = p.checked_sub(doff) else {
                    continue;
                };
                let all = cover.iter().enumerate().all(|(k, (l, off))| {
                    k == driver
                        || x.checked_add(*off)
                            .is_some_and(|y| l.field(at[k], body).binary_search(&y).is_ok())
                });
                if all {
                    out.push(x);
                }
            }
        };
        field(false, &mut title_buf);
        let before = out.body_pos.len();
        field(true, &mut out.body_pos);
        let tf_body = (out.body_pos.len() - before) as u32;
        if title_buf.is_empty() && tf_body == 0 {
            continue;
        }
        out.docs.push(doc);
        out.tf_title.push(title_buf.len() as u32);
        out.tf_body.push(tf_body);
        out.title_first.push(title_buf.first() == Some(&0));
        out.body_starts.push(out.body_pos.len() as u32);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[(u32, &[u32], &[u32])]) -> Vec<u8> {
        let mut b = ListBuilder::default();
        for (d, t, x) in entries {
            b.push_positions(*d, t, x);
        }
        b.finish()
    }

    #[test]
    fn roundtrip_and_append() {
        let mut a = ListBuilder::default();
        a.push_positions(2, &[0], &[3, 9]);
        let mut b = ListBuilder::default();
        b.push_positions(7, &[], &[1]);
        b.push_positions(70, &[4, 5], &[]);
        a.append(b);
        let l = decode(&a.finish(), 100, true).unwrap();
        assert_eq!(l.docs, vec![2, 7, 70]);
        assert_eq!((l.title_pos(0), l.body_pos(0)), (&[0][..], &[3, 9][..]));
        assert_eq!(l.body_pos(1), &[1]);
        assert_eq!(l.title_pos(2), &[4, 5]);
        assert!(
            decode(&a.finish(), 70, true).is_err(),
            "document out of range"
        );
        let mut c = ListBuilder::default();
        c.push_counts(3, 0, 2);
        c.push_counts(5, 1, 0);
        let l = decode(&c.finish(), 10, false).unwrap();
        assert_eq!(
            (l.docs, l.title, l.body),
            (vec![3, 5], vec![0, 1], vec![2, 0])
        );
    }

    #[test]
    fn cover_finds_exactly_the_occurrences() {
        // Pattern "abcd" covered by "ab"@0 and "cd"@2. Doc 1 has ab at 0 and cd at 2 (a match)
        // and ab at 10 with cd at 20 (not one); doc 2 has only ab.
        let ab = decode(&list(&[(1, &[], &[0, 10]), (2, &[], &[5])]), 5, true).unwrap();
        let cd = decode(&list(&[(1, &[], &[2, 20])]), 5, true).unwrap();
        let m = resolve(&[(&ab, 0), (&cd, 2)]);
        assert_eq!(m.docs, vec![1]);
        assert_eq!((m.tf_title[0], m.tf_body[0]), (0, 1));
        assert_eq!(m.body_positions(0), Some(&[0][..]));
    }

    #[test]
    fn damaged_lists_are_errors() {
        let b = list(&[(1, &[2], &[0, 10]), (4, &[], &[5])]);
        for i in 0..b.len() {
            for bit in 0..8 {
                let mut c = b.clone();
                c[i] ^= 1 << bit;
                let _ = decode(&c, 5, true); // never panics
            }
        }
        for n in 0..b.len() {
            assert!(decode(&b[..n], 5, true).is_err());
        }
    }
}
