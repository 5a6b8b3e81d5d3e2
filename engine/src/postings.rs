//! Postings lists and the document sets they decode into.
//!
//! Postings list the documents containing a key character or pair of adjacent characters
//! (no positions: exact matching is done on the stored text).

use crate::error::{Error, Result};
use crate::varint;

/// A set of document numbers as a bitmap over the index's documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSet {
    words: Vec<u64>,
    len: u32,
}

impl DocSet {
    /// The empty set over `n` documents.
    pub fn empty(n: u32) -> Self {
        DocSet {
            words: vec![0; (n as usize).div_ceil(64)],
            len: n,
        }
    }

    /// All `n` documents.
    pub fn full(n: u32) -> Self {
        let mut s = Self::empty(n);
        for (i, w) in s.words.iter_mut().enumerate() {
            let lo = i as u32 * 64;
            *w = if n - lo >= 64 {
                u64::MAX
            } else {
                (1u64 << (n - lo)) - 1
            };
        }
        s
    }

    /// Adds document `d` (ignored when out of range).
    pub fn insert(&mut self, d: u32) {
        if d < self.len {
            self.words[(d / 64) as usize] |= 1 << (d % 64);
        }
    }

    /// Whether `d` is in the set.
    pub fn contains(&self, d: u32) -> bool {
        d < self.len && self.words[(d / 64) as usize] & (1 << (d % 64)) != 0
    }

    /// Keeps only documents also in `other`.
    pub fn intersect(&mut self, other: &DocSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= *b;
        }
    }

    /// Size of the intersection with `other`.
    pub fn intersection_count(&self, other: &DocSet) -> u32 {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| (a & b).count_ones())
            .sum()
    }

    /// Number of documents in the set.
    pub fn count(&self) -> u32 {
        self.words.iter().map(|w| w.count_ones()).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// Documents in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros();
                w &= w - 1;
                Some(i as u32 * 64 + b)
            })
        })
    }
}

const DELTA: u8 = 0;
const BITMAP: u8 = 1;

/// Appends character postings for ascending `docs` over `n` documents, in the smaller encoding.
pub(crate) fn put_char_postings(out: &mut Vec<u8>, docs: &[u32], n: u32) {
    varint::put(out, docs.len() as u64);
    let mut deltas = Vec::with_capacity(docs.len() * 2);
    let mut last = 0;
    for (i, &d) in docs.iter().enumerate() {
        varint::put(&mut deltas, u64::from(if i == 0 { d } else { d - last }));
        last = d;
    }
    let bitmap_len = (n as usize).div_ceil(8);
    if bitmap_len < deltas.len() {
        out.push(BITMAP);
        let start = out.len();
        out.resize(start + bitmap_len, 0);
        for &d in docs {
            out[start + (d / 8) as usize] |= 1 << (d % 8);
        }
    } else {
        out.push(DELTA);
        out.extend_from_slice(&deltas);
    }
}

/// Decodes character postings into a set over `n` documents; returns it with its df.
pub(crate) fn char_postings(b: &[u8], n: u32) -> Result<DocSet> {
    let bad = || Error::corrupt("char postings");
    let mut p = 0;
    let df = varint::get(b, &mut p).ok_or_else(bad)?;
    if df > u64::from(n) {
        return Err(bad());
    }
    let mut set = DocSet::empty(n);
    match b.get(p).copied() {
        Some(BITMAP) => {
            let bytes = b
                .get(p + 1..p + 1 + (n as usize).div_ceil(8))
                .ok_or_else(bad)?;
            for (i, w) in set.words.iter_mut().enumerate() {
                let mut v = [0u8; 8];
                let chunk = bytes.get(i * 8..).unwrap_or(&[]);
                let k = chunk.len().min(8);
                v[..k].copy_from_slice(&chunk[..k]);
                *w = u64::from_le_bytes(v);
            }
            if let Some(last) = set.words.last_mut() {
                if !n.is_multiple_of(64) {
                    *last &= (1u64 << (n % 64)) - 1;
                }
            }
        }
        Some(DELTA) => {
            p += 1;
            let mut d: u64 = 0;
            for i in 0..df {
                let delta = varint::get(b, &mut p).ok_or_else(bad)?;
                d = if i == 0 { delta } else { d + delta };
                if d >= u64::from(n) {
                    return Err(bad());
                }
                set.insert(d as u32);
            }
        }
        _ => return Err(bad()),
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_postings_roundtrip_both_encodings() {
        for docs in [vec![0u32, 5, 63, 64, 99], (0..100).collect::<Vec<_>>()] {
            let mut b = Vec::new();
            put_char_postings(&mut b, &docs, 100);
            let set = char_postings(&b, 100).unwrap();
            assert_eq!(set.iter().collect::<Vec<_>>(), docs);
        }
    }

    #[test]
    fn docset_ops() {
        let mut a = DocSet::full(70);
        assert_eq!(a.count(), 70);
        let mut b = DocSet::empty(70);
        b.insert(3);
        b.insert(69);
        a.intersect(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![3, 69]);
        assert!(!a.is_empty() && DocSet::empty(70).is_empty());
    }
}
