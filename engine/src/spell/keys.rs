//! Building the spelling dictionary's keys (index time only): every reading of every
//! vocabulary word from pinyin-data (the `pinyin` crate), and the Latin words of the text.

use super::{FULL, INITIALS, LATIN, MAX_READINGS, SEP};
use pinyin::ToPinyinMulti;
use std::collections::BTreeMap;

/// Shortest Latin word kept for typo correction.
pub(crate) const MIN_LATIN: usize = 3;
/// Longest word given an initials key (longer ones are phrases nobody abbreviates).
pub(crate) const MAX_INITIALS: usize = 4;
/// Longest Latin word kept (longer runs are codes, hashes or URLs, never mistyped words).
pub(crate) const MAX_LATIN: usize = 24;

/// The toneless readings of `c`, `ü` as `v`, common one first, without repeats.
fn readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            let r: String = p
                .plain()
                .chars()
                .map(|c| if c == 'ü' { 'v' } else { c })
                .collect();
            if !r.is_empty() && r.bytes().all(|b| b.is_ascii_lowercase()) && !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out
}

/// Up to `max` choices of one reading per character, fewest uncommon readings first (the
/// first choice is every character's common reading).
fn combinations(per_char: &[Vec<String>], max: usize) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut layer = vec![vec![0usize; per_char.len()]];
    while !layer.is_empty() && out.len() < max {
        let mut next: Vec<Vec<usize>> = Vec::new();
        for c in layer {
            if out.contains(&c) {
                continue;
            }
            for i in 0..c.len() {
                if c[i] + 1 < per_char[i].len() {
                    let mut n = c.clone();
                    n[i] += 1;
                    if !next.contains(&n) {
                        next.push(n);
                    }
                }
            }
            out.push(c);
            if out.len() == max {
                break;
            }
        }
        layer = next;
    }
    out
}

/// Adds the keys of a vocabulary word to `out`, each with `freq`: full pinyin (for words of 2+
/// characters only from `min_freq` occurrences), and initials for words of 2 to
/// [`MAX_INITIALS`] characters from twice that. A word with a character that has no reading
/// gets no key.
pub(crate) fn add_word(word: &str, freq: u64, min_freq: u64, out: &mut BTreeMap<Vec<u8>, u64>) {
    let per_char: Vec<Vec<String>> = word.chars().map(readings).collect();
    if per_char.len() > 1 && freq < min_freq {
        return;
    }
    if per_char.is_empty() || per_char.iter().any(Vec::is_empty) {
        return;
    }
    let mut add = |mut key: Vec<u8>, end: u8, freq: u64| {
        key.push(end);
        key.extend_from_slice(word.as_bytes());
        let f = out.entry(key).or_default();
        *f = (*f).max(freq);
    };
    let mut initials_seen: Vec<Vec<u8>> = Vec::new();
    for choice in combinations(&per_char, MAX_READINGS) {
        let syllables: Vec<&str> = choice
            .iter()
            .zip(&per_char)
            .map(|(&i, r)| r[i].as_str())
            .collect();
        // A reading other than a character's common one is likelier a misreading (提供 as
        // di'gong): a quarter of the frequency for each.
        let uncommon = choice.iter().filter(|&&i| i > 0).count() as u32;
        let weight = (freq >> (2 * uncommon).min(62)).max(1);
        add(syllables.join("'").into_bytes(), FULL, weight);
        if (2..=MAX_INITIALS).contains(&syllables.len()) && freq >= 2 * min_freq {
            let mut k = Vec::with_capacity(syllables.len() * 2);
            for (i, s) in syllables.iter().enumerate() {
                if i > 0 {
                    k.push(SEP);
                }
                k.push(s.as_bytes()[0]);
            }
            if !initials_seen.contains(&k) {
                initials_seen.push(k.clone());
                add(k, INITIALS, weight);
            }
        }
    }
}

/// Counts the Latin words of a search key (runs of ASCII letters of [`MIN_LATIN`] to
/// [`MAX_LATIN`] letters) into `counts`.
pub(crate) fn count_latin(key: &str, counts: &mut crate::hash::FxMap<String, u64>) {
    for run in key.split(|c: char| !c.is_ascii_lowercase()) {
        if (MIN_LATIN..=MAX_LATIN).contains(&run.len()) {
            crate::hash::count(counts, run);
        }
    }
}

/// How often a word of 2+ characters occurs before it gets a pinyin key, for `articles`
/// articles: once in a small site, then one more per thousand articles (8 at 7,353: the
/// dictionary is 7.6 % of the news index, brotli, and its vocabulary about the same size as the
/// site grows, since frequencies grow with it).
pub fn min_freq_for(articles: usize) -> u64 {
    1 + articles as u64 / 1000
}

/// The spelling dictionary's keys and values, sorted: the words of `words` (see [`add_word`]
/// for `min_freq`) and every Latin word of `latin`, each with its frequency.
pub(crate) fn dictionary(
    words: &[(&str, u64)],
    latin: &[(&str, u64)],
    min_freq: u64,
) -> Vec<(Vec<u8>, u64)> {
    let mut out = BTreeMap::new();
    for (w, f) in words {
        add_word(w, *f, min_freq, &mut out);
    }
    for (w, f) in latin {
        let mut k = Vec::with_capacity(w.len() + 1);
        k.push(LATIN);
        k.extend_from_slice(w.as_bytes());
        out.insert(k, *f);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(word: &str) -> Vec<String> {
        let mut out = BTreeMap::new();
        add_word(word, 2, 1, &mut out);
        out.keys()
            .map(|k| {
                String::from_utf8_lossy(k)
                    .replace('\x01', "=")
                    .replace('\x02', "#")
            })
            .collect()
    }

    #[test]
    fn readings_initials_and_polyphones() {
        let k = keys("兴隆");
        assert!(k.contains(&"xing'long=兴隆".to_owned()), "{k:?}");
        assert!(k.contains(&"x'l#兴隆".to_owned()), "{k:?}");
        let k = keys("行长");
        for want in ["hang'zhang=行长", "xing'zhang=行长", "h'z#行长", "x'z#行长"] {
            assert!(k.contains(&want.to_owned()), "{want} in {k:?}");
        }
        assert!(keys("旅游").contains(&"lv'you=旅游".to_owned()));
        assert!(keys("西安").contains(&"xi'an=西安".to_owned()));
        // one character: no initials key
        assert!(keys("先").iter().all(|k| k.contains('=')));
        assert!(keys("a").is_empty());
    }

    #[test]
    fn combinations_start_with_common_readings_and_stop() {
        let per = vec![
            vec!["a".to_owned(), "b".to_owned()],
            vec!["c".to_owned(), "d".to_owned(), "e".to_owned()],
        ];
        let c = combinations(&per, 4);
        assert_eq!(c[0], vec![0, 0]);
        assert_eq!(c.len(), 4);
        assert!(c[1..3].contains(&vec![1, 0]) && c[1..3].contains(&vec![0, 1]));
        assert_eq!(combinations(&per, 100).len(), 6);
    }

    #[test]
    fn latin_runs() {
        let mut m = crate::hash::FxMap::default();
        count_latin("iphone15发布ab,wifi和wifi", &mut m);
        assert_eq!(m.get("iphone"), Some(&1));
        assert_eq!(m.get("wifi"), Some(&2));
        assert_eq!(m.get("ab"), None);
    }
}
