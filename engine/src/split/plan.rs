//! Which grams to fetch for a pattern: the cheapest cover.
//!
//! Every pair of adjacent characters is indexed; a longer gram (up to
//! [`MAX_GRAM`] characters) is indexed exactly when the gram one character shorter is
//! *frequent* (its list is in the entry's frequent table). A cover is a set of indexed grams
//! whose spans together cover the pattern; among covers, the one with the fewest estimated
//! bytes wins (frequent lists by their known length, the others by an estimate below the
//! frequent threshold), then the one with fewer grams. Extending frequent grams is what keeps
//! patterns of common characters (`2018年`) from fetching their characters' huge lists.

use crate::postings::positional::MAX_GRAM;

/// A gram of a cover and its offset in the pattern (in characters).
pub(crate) type CoverGram = (String, u32);

/// The best way found to cover a prefix of the pattern.
#[derive(Clone, Copy)]
struct Best {
    cost: u64,
    grams: u32,
    /// The last gram, `[i, j)`.
    gram: (usize, usize),
    /// The covered prefix before it.
    prev: usize,
}

/// The cover of `chars` (two or more characters). `frequent` gives a frequent gram's list
/// length (`None` for other grams, whose lists are estimated at `other` bytes).
pub(crate) fn cover(
    chars: &[char],
    frequent: impl Fn(&str) -> Option<u32>,
    other: u64,
) -> Vec<CoverGram> {
    let n = chars.len();
    let gram = |i: usize, j: usize| chars[i..j].iter().collect::<String>();
    // best[e]: the cheapest cover of chars [0, e) found.
    let mut best: Vec<Option<Best>> = vec![None; n + 1];
    best[0] = Some(Best {
        cost: 0,
        grams: 0,
        gram: (0, 0),
        prev: 0,
    });
    for e in 0..n {
        let Some(Best {
            cost, grams: count, ..
        }) = best[e]
        else {
            continue;
        };
        // A gram [i, j) with i <= e < j (and j - i <= MAX_GRAM) extends the covered prefix
        // to j.
        for i in e.saturating_sub(MAX_GRAM - 1)..=e.min(n - 2) {
            let mut j = i + 2;
            while j <= n && j - i <= MAX_GRAM {
                let len = frequent(&gram(i, j));
                if j > e {
                    let c = len.map_or(other, u64::from);
                    let cand = (cost + c, count + 1);
                    if best[j].is_none_or(|b| cand < (b.cost, b.grams)) {
                        best[j] = Some(Best {
                            cost: cand.0,
                            grams: cand.1,
                            gram: (i, j),
                            prev: e,
                        });
                    }
                }
                // Longer grams exist only where this one is frequent.
                if len.is_none() {
                    break;
                }
                j += 1;
            }
        }
    }
    let mut out = Vec::new();
    let mut e = n;
    while e > 0 {
        let Some(Best {
            gram: (i, j), prev, ..
        }) = best[e]
        else {
            break;
        };
        out.push((gram(i, j), i as u32));
        e = prev;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn pairs_when_nothing_is_frequent() {
        let c = cover(&chars("乡村振兴"), |_| None, 100);
        assert_eq!(c, vec![("乡村".into(), 0), ("振兴".into(), 2)]);
        let c = cover(&chars("乡村振兴局"), |_| None, 100);
        assert_eq!(c.len(), 3);
        let covered: Vec<bool> = (0..5)
            .map(|k| {
                c.iter()
                    .any(|(g, o)| (*o as usize..*o as usize + g.chars().count()).contains(&k))
            })
            .collect();
        assert!(covered.iter().all(|&x| x));
    }

    #[test]
    fn frequent_prefixes_are_extended() {
        let f: std::collections::HashMap<String, u32> = [
            ("20".into(), 50_000),
            ("201".into(), 40_000),
            ("01".into(), 30_000),
        ]
        .into();
        // "2018" is indexed (its prefix "201" is frequent) and cheaper than "20" + "18".
        let c = cover(&chars("2018年"), |g| f.get(g).copied(), 1000);
        assert_eq!(c, vec![("2018".into(), 0), ("8年".into(), 3)]);
    }
}
