//! Query-time segmentation against the index's own vocabulary.
//!
//! The browser never loads jieba's dictionary. Instead, the WORDS FST of the index holds every
//! word jieba produced for the indexed text with its frequency, and queries are cut with jieba's
//! own method (a DAG of dictionary words, best path by summed log frequency) over that FST, so
//! a query segments the way the text did. Nothing is loaded at start-up: the FST is read in place.
//! The split layout shards the vocabulary by first character ([`shard_of`]), so a query
//! fetches only the shards of its own characters.

use crate::normalize::is_han;
use fst::raw::{Fst, Output};

/// Mask of the frequency bits in a WORDS value.
pub(crate) const FREQ_MASK: u64 = (1 << 24) - 1;

/// The shard (of `shards`) holding the words that start with `c`.
pub fn shard_of(c: char, shards: usize) -> usize {
    if shards <= 1 {
        return 0;
    }
    let mut b = [0u8; 4];
    (xxhash_rust::xxh3::xxh3_64(c.encode_utf8(&mut b).as_bytes()) % shards as u64) as usize
}

/// Segments search keys with a word→frequency FST (or FSTs sharded by first character).
pub struct Segmenter<'a> {
    shards: Vec<Option<&'a Fst<&'a [u8]>>>,
    log_total: f64,
}

impl<'a> Segmenter<'a> {
    /// A segmenter over `words` (values: frequency in the low 24 bits), whose frequencies sum to `total`.
    pub fn new(words: &'a Fst<&'a [u8]>, total: u64) -> Self {
        Self::sharded(vec![Some(words)], total)
    }

    /// A segmenter over vocabulary shards (see [`shard_of`]); a `None` shard has no words.
    pub fn sharded(shards: Vec<Option<&'a Fst<&'a [u8]>>>, total: u64) -> Self {
        Segmenter {
            shards,
            log_total: (total.max(1) as f64).ln(),
        }
    }

    /// Ends (byte offsets into `s`) of dictionary words starting at the beginning of `s`,
    /// with their frequencies.
    fn prefixes(&self, s: &str, out: &mut Vec<(usize, u64)>) {
        out.clear();
        let Some(first) = s.chars().next() else {
            return;
        };
        let Some(Some(fst)) = self.shards.get(shard_of(first, self.shards.len())) else {
            return;
        };
        let mut node = fst.root();
        let mut acc = Output::zero();
        for (i, b) in s.bytes().enumerate() {
            let Some(t) = node.find_input(b).map(|k| node.transition(k)) else {
                return;
            };
            acc = acc.cat(t.out);
            node = fst.node(t.addr);
            if node.is_final() && s.is_char_boundary(i + 1) {
                let freq = acc.cat(node.final_output()).value() & FREQ_MASK;
                if freq > 0 {
                    out.push((i + 1, freq));
                }
            }
        }
    }

    /// Cuts a run of Han characters by the most probable path.
    fn cut_han<'s>(&self, run: &'s str, out: &mut Vec<&'s str>) {
        let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
        let n = starts.len();
        // best[i] = (score, end byte) for the suffix starting at char i
        let mut best: Vec<(f64, usize)> = vec![(0.0, run.len()); n + 1];
        let mut ends = Vec::new();
        for i in (0..n).rev() {
            let from = starts[i];
            let next_char = starts.get(i + 1).copied().unwrap_or(run.len());
            self.prefixes(run.get(from..).unwrap_or_default(), &mut ends);
            let score_after = |end: usize| {
                let j = starts.partition_point(|&s| s < end);
                best[j].0
            };
            // An unknown single character counts as frequency 1, as in jieba.
            let mut top = (0.0 - self.log_total + score_after(next_char), next_char);
            for &(len, freq) in &ends {
                let end = from + len;
                let s = (freq as f64).ln() - self.log_total + score_after(end);
                if s > top.0 || (s == top.0 && end > top.1) {
                    top = (s, end);
                }
            }
            best[i] = top;
        }
        let mut i = 0;
        while i < n {
            let end = best[i].1;
            out.push(run.get(starts[i]..end).unwrap_or_default());
            i = starts.partition_point(|&s| s < end);
        }
    }

    /// Cuts a search key into words: Han runs by the dictionary, runs of letters and digits
    /// whole, and every other character on its own.
    pub fn cut<'s>(&self, key: &'s str) -> Vec<&'s str> {
        let mut out = Vec::new();
        let mut chars = key.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            let class = |c: char| {
                if is_han(c) {
                    0
                } else if c.is_alphanumeric() {
                    1
                } else {
                    2
                }
            };
            let k = class(c);
            let mut end = start + c.len_utf8();
            if k != 2 {
                while let Some(&(i, d)) = chars.peek() {
                    if class(d) != k {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                }
            }
            if k == 0 {
                self.cut_han(key.get(start..end).unwrap_or_default(), &mut out);
            } else {
                out.push(key.get(start..end).unwrap_or_default());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_frequency() {
        let words = [
            ("乡村", 50u64),
            ("振兴", 40),
            ("乡村振兴", 30),
            ("南乐", 5),
            ("南乐县", 20),
            ("县", 3),
        ];
        let mut sorted = words.to_vec();
        sorted.sort();
        let bytes = fst::Map::from_iter(sorted.iter().map(|(k, v)| (k.as_bytes(), *v)))
            .unwrap()
            .into_fst()
            .into_inner();
        let fst = Fst::new(bytes.as_slice()).unwrap();
        let seg = Segmenter::new(&fst, 1000);
        assert_eq!(seg.cut("南乐县乡村振兴"), vec!["南乐县", "乡村振兴"]);
        assert_eq!(seg.cut("5g网络ab"), vec!["5g", "网", "络", "ab"]);
        assert_eq!(seg.cut("振兴,乡村"), vec!["振兴", ",", "乡村"]);
    }
}
