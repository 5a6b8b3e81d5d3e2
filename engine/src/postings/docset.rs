//! Sets of documents as bitmaps over the index's documents.

/// A set of document numbers as a bitmap over the index's documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSet {
    pub(crate) words: Vec<u64>,
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

#[cfg(test)]
mod tests {
    use super::*;

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
