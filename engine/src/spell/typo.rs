//! Latin typos: a word of 5+ letters that matches nothing is taken for the closest Latin word
//! of the index within one edit (two from 9 letters), as Meilisearch does. An edit is a
//! letter inserted, deleted, replaced, or two neighbours swapped (`iphoen` → `iphone`).
//!
//! The search walks the spelling dictionary's Latin keys ([`super::LATIN`]) depth first,
//! carrying one row of the edit-distance table per letter and leaving every branch whose row
//! is over the bound; at most [`SCAN_NODES`] nodes are visited, so any input costs bounded time.

use super::LATIN;
use fst::raw::{Fst, Output};

/// Nodes visited per word at most.
pub const SCAN_NODES: usize = 50_000;
/// Shortest word corrected.
pub const MIN_LETTERS: usize = 5;
/// Longest word corrected (longer ones are codes, not words).
pub const MAX_LETTERS: usize = 24;

/// Edits allowed for a word of `len` letters.
pub fn allowed(len: usize) -> u32 {
    match len {
        0..MIN_LETTERS => 0,
        MIN_LETTERS..=8 => 1,
        9..=MAX_LETTERS => 2,
        _ => 0,
    }
}

/// Whether `word` is something this module corrects: ASCII letters, of a length that allows
/// an edit.
pub fn correctable(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_lowercase()) && allowed(word.len()) > 0
}

/// The closest Latin word to `word` in `fsts` (fewest edits, then most frequent, then first
/// in order), other than `word` itself; `None` when none is within the allowed edits.
pub fn correct(fsts: &[Fst<&[u8]>], word: &str) -> Option<String> {
    if !correctable(word) {
        return None;
    }
    let max = allowed(word.len());
    let w = word.as_bytes();
    let mut best: Option<(u32, u64, Vec<u8>)> = None;
    for fst in fsts {
        let root = fst.root();
        let Some(t) = root.find_input(LATIN).map(|k| root.transition(k)) else {
            continue;
        };
        let first: Vec<u32> = (0..=w.len() as u32).collect();
        // (node, output, depth); rows[d] and path[d - 1] describe the letters to depth d.
        let mut stack: Vec<(usize, Output, usize, u8)> = Vec::new();
        let mut rows: Vec<Vec<u32>> = vec![first];
        let mut path: Vec<u8> = Vec::new();
        let start = fst.node(t.addr);
        for tr in start.transitions() {
            stack.push((tr.addr, t.out.cat(tr.out), 1, tr.inp));
        }
        let mut visited = 0;
        while let Some((addr, out, depth, b)) = stack.pop() {
            visited += 1;
            if visited > SCAN_NODES {
                break;
            }
            rows.truncate(depth);
            path.truncate(depth - 1);
            path.push(b);
            let prev = &rows[depth - 1];
            let mut row = Vec::with_capacity(w.len() + 1);
            row.push(depth as u32);
            for j in 1..=w.len() {
                let sub = prev[j - 1] + u32::from(w[j - 1] != b);
                let mut d = sub.min(prev[j] + 1).min(row[j - 1] + 1);
                if depth >= 2 && j >= 2 && w[j - 1] == path[depth - 2] && w[j - 2] == b {
                    d = d.min(rows[depth - 2][j - 2] + 1);
                }
                row.push(d);
            }
            let low = row.iter().copied().min().unwrap_or(u32::MAX);
            let node = fst.node(addr);
            let dist = row[w.len()];
            if node.is_final() && dist <= max && path != w {
                let freq = out.cat(node.final_output()).value();
                let better = best.as_ref().is_none_or(|(bd, bf, bw)| {
                    (dist, std::cmp::Reverse(freq), &path) < (*bd, std::cmp::Reverse(*bf), bw)
                });
                if better {
                    best = Some((dist, freq, path.clone()));
                }
            }
            rows.push(row);
            if low > max || depth >= w.len() + max as usize {
                continue;
            }
            for tr in node.transitions() {
                stack.push((tr.addr, out.cat(tr.out), depth + 1, tr.inp));
            }
        }
    }
    best.and_then(|(_, _, w)| String::from_utf8(w).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spell::keys;

    fn latin(words: &[(&str, u64)]) -> Vec<u8> {
        let mut b = fst::MapBuilder::memory();
        for (k, v) in keys::dictionary(&[], words, 1) {
            b.insert(k, v).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn one_edit_from_five_letters_two_from_nine() {
        let bytes = latin(&[
            ("iphone", 10),
            ("phone", 3),
            ("internet", 8),
            ("huawei", 5),
            ("information", 4),
            ("wifi", 9),
        ]);
        let f = [Fst::new(bytes.as_slice()).unwrap()];
        assert_eq!(correct(&f, "iphoen").as_deref(), Some("iphone"));
        assert_eq!(correct(&f, "iphne").as_deref(), Some("iphone"));
        assert_eq!(correct(&f, "internat").as_deref(), Some("internet"));
        assert_eq!(correct(&f, "hauwei").as_deref(), Some("huawei"));
        assert_eq!(correct(&f, "infromatoin").as_deref(), Some("information"));
        // two edits on eight letters: no
        assert_eq!(correct(&f, "intrenat"), None);
        // short words are never corrected
        assert_eq!(correct(&f, "wifu"), None);
        assert_eq!(correct(&f, &"x".repeat(500)), None);
    }
}
