//! Where a pattern occurs: the one result shape both layouts produce, so that ranking cannot
//! tell them apart. The single file fills it by scanning stored text; the split layout by
//! intersecting gram positions ([`crate::postings::positional::resolve`]).
//!
//! Occurrences are counted overlapping (`aa` occurs 3 times in `aaaa`) and positions are in key
//! characters, so both sources agree exactly.

use memchr::memmem::Finder;

/// Every document containing a pattern, with its occurrence counts per field, and (from the
/// split layout, for patterns of two or more characters) its body positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatternMatches {
    /// Documents containing the pattern, ascending.
    pub docs: Vec<u32>,
    /// Occurrences in each document's title.
    pub tf_title: Vec<u32>,
    /// Occurrences in each document's body.
    pub tf_body: Vec<u32>,
    /// Whether each document's title starts with the pattern (patterns of two or more
    /// characters only; `false` for single characters, in both layouts).
    pub title_first: Vec<bool>,
    /// Where each document's body positions start in `body_pos` (one more entry than `docs`);
    /// empty when positions were not kept.
    pub body_starts: Vec<u32>,
    /// Body positions (key characters), ascending per document.
    pub body_pos: Vec<u32>,
}

impl PatternMatches {
    /// Number of documents containing the pattern.
    pub fn df(&self) -> usize {
        self.docs.len()
    }

    /// Index of `doc` in `docs`.
    pub fn find(&self, doc: u32) -> Option<usize> {
        self.docs.binary_search(&doc).ok()
    }

    /// Body positions of the `i`-th document, when kept.
    pub fn body_positions(&self, i: usize) -> Option<&[u32]> {
        let s = *self.body_starts.get(i)? as usize;
        let e = *self.body_starts.get(i + 1)? as usize;
        self.body_pos.get(s..e)
    }
}

/// A UTF-8 continuation byte (`10xxxxxx`): not the start of a character.
pub(crate) fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Byte offsets of every occurrence of `f`'s needle in `hay`, overlapping ones included.
pub(crate) fn find_all(f: &Finder<'_>, hay: &[u8], mut on: impl FnMut(usize)) {
    let n = f.needle().len();
    if n == 0 {
        return;
    }
    let mut from = 0;
    while let Some(i) = f.find(&hay[from..]) {
        let at = from + i;
        on(at);
        // Step over the first character only, so overlapping occurrences count too.
        from = at + 1;
        while from < hay.len() && is_continuation(hay[from]) {
            from += 1;
        }
        if from + n > hay.len() {
            break;
        }
    }
}

/// Number of occurrences (overlapping) of `f`'s needle in `hay`.
pub(crate) fn count_all(f: &Finder<'_>, hay: &[u8]) -> u32 {
    let mut n = 0;
    find_all(f, hay, |_| n += 1);
    n
}

/// Character positions of every occurrence (overlapping) of `f`'s needle in `hay`, appended to
/// `out`.
pub(crate) fn char_positions(f: &Finder<'_>, hay: &[u8], out: &mut Vec<u32>) {
    let (mut at, mut chars) = (0usize, 0u32);
    find_all(f, hay, |s| {
        chars += hay[at..s].iter().filter(|&&b| !is_continuation(b)).count() as u32;
        at = s;
        out.push(chars);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_counts_and_char_positions() {
        let f = Finder::new("aa");
        assert_eq!(count_all(&f, b"aaaa"), 3);
        let f = Finder::new("村村".as_bytes());
        let mut pos = Vec::new();
        char_positions(&f, "乡村村村a村村".as_bytes(), &mut pos);
        assert_eq!(pos, vec![1, 2, 5]);
        assert_eq!(count_all(&Finder::new(""), b"abc"), 0);
    }
}
