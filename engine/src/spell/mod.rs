//! Spelling: what a query typed in Latin letters may mean in this index.
//!
//! One FST per index, the *spelling dictionary*, holds three kinds of keys, each with the
//! frequency of what it spells (the same counts as the vocabulary):
//!
//! ```text
//! full pinyin   syllable ('\'' syllable)* 0x01 word    xing'long\x01兴隆, hang'zhang\x01行长
//! initials      letter ('\'' letter)+ 0x02 word        x'l\x02兴隆       (words of 2+ characters)
//! Latin word    0x03 word                              \x03iphone        (runs of 3+ ASCII letters)
//! ```
//!
//! Syllables are toneless, `ü` written `v` (`lv'you\x01旅游`). Every reading of a polyphonic
//! character counts (up to [`MAX_READINGS`] combinations per word), computed natively at index
//! time from pinyin-data ([`keys`], feature `indexer`), so the browser carries no pinyin table:
//! it walks this dictionary ([`pinyin`]: a query's letters cut into words, full or initials,
//! the last one possibly still being typed), and its Latin words for typos ([`typo`]).
//!
//! The split layout cuts the dictionary into shards of consecutive keys; the entry lists each
//! shard's first key, so a walk fetches only the shards of the letters it reads.

#[cfg(feature = "indexer")]
pub(crate) mod keys;
pub mod pinyin;
pub mod typo;

/// Ends the letters of a full-pinyin key; the word follows.
pub const FULL: u8 = 0x01;
/// Ends the letters of an initials key; the word follows.
pub const INITIALS: u8 = 0x02;
/// Starts a Latin-word key.
pub const LATIN: u8 = 0x03;
/// Separates syllables (or initials) inside a key.
pub const SEP: u8 = b'\'';
/// Reading combinations kept per word (the likeliest first: readings are in pinyin-data's
/// order, the common one first).
pub const MAX_READINGS: usize = 2;

/// What answers spelling lookups: the whole dictionary (single file), or the shards of it
/// holding the given prefixes (split layout; `None` until they are fetched).
pub(crate) trait Dictionary {
    /// The FSTs that together hold every key starting with any of `prefixes`.
    fn spellings(
        &self,
        prefixes: &[Vec<u8>],
        need: &mut crate::source::Need,
    ) -> crate::Result<Option<Vec<fst::raw::Fst<&[u8]>>>>;
}

/// The shards (each `(first key, …)`, by first key ascending) that hold keys starting with
/// `prefix`.
pub(crate) fn shards_for<T>(shards: &[(Vec<u8>, T)], prefix: &[u8]) -> std::ops::Range<usize> {
    if shards.is_empty() {
        return 0..0;
    }
    // The shard holding `prefix` itself is the last whose first key is <= prefix.
    let start = shards
        .partition_point(|(f, _)| f.as_slice() <= prefix)
        .saturating_sub(1);
    let mut end = start + 1;
    while end < shards.len() && shards[end].0.starts_with(prefix) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_holding_a_prefix() {
        let firsts: Vec<(Vec<u8>, ())> = ["", "c", "sh", "shi", "t"]
            .iter()
            .map(|s| (s.as_bytes().to_vec(), ()))
            .collect();
        assert_eq!(shards_for(&firsts, b"a"), 0..1);
        assert_eq!(shards_for(&firsts, b"s"), 1..4);
        assert_eq!(shards_for(&firsts, b"sh"), 2..4);
        assert_eq!(shards_for(&firsts, b"shu"), 3..4);
        assert_eq!(shards_for(&firsts, b"x"), 4..5);
        assert_eq!(shards_for::<()>(&[], b"x"), 0..0);
    }
}
