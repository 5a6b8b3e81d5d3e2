//! Traditional ↔ Simplified Chinese, one character to one character.
//!
//! Search keys hold Simplified characters: [`simplified`] folds a Traditional character (or a
//! Taiwan or Hong Kong variant) to its Simplified form, so 檔案 and 档案 have the same key and
//! jieba's Simplified dictionary segments both. Display text keeps what was written:
//! [`traditional`] gives the form a Traditional text shows by default, so a Traditional passage
//! needs display edits only where it differs from that default (see
//! [`super::Edit::Traditional`]).
//!
//! The table (`han_fold.bin`, 3,232 characters, 7.8 KB brotli) is generated from
//! OpenCC's character tables (Apache-2.0) by `scripts/gen-han-fold.py`; its format is
//! described there. It is decoded once, on first use.

use crate::varint;
use std::sync::OnceLock;

static TABLE: &[u8] = include_bytes!("han_fold.bin");

struct Fold {
    /// `(traditional, simplified)`, sorted by the Traditional character.
    to_simplified: Vec<(u32, u32)>,
    /// `(simplified, default traditional)`, sorted by the Simplified character.
    to_traditional: Vec<(u32, u32)>,
}

fn fold() -> &'static Fold {
    static FOLD: OnceLock<Fold> = OnceLock::new();
    FOLD.get_or_init(|| {
        let (mut to_simplified, mut to_traditional) = (Vec::new(), Vec::new());
        // The table is built in (and checked by the tests below): a number it lacks reads 0.
        let mut p = 0;
        let num = |p: &mut usize| varint::get(TABLE, p).unwrap_or(0) as u32;
        let mut s = 0u32;
        while p < TABLE.len() {
            s += num(&mut p);
            let n = num(&mut p);
            // Low bit: a Traditional text writes `s` itself by default.
            let kept = n & 1 == 1;
            for i in 0..n >> 1 {
                let z = num(&mut p);
                let t = if z & 1 == 0 {
                    s + (z >> 1)
                } else {
                    s - ((z + 1) >> 1)
                };
                to_simplified.push((t, s));
                if i == 0 && !kept {
                    to_traditional.push((s, t));
                }
            }
        }
        crate::sort::natural(&mut to_simplified);
        Fold {
            to_simplified,
            to_traditional,
        }
    })
}

fn find(table: &[(u32, u32)], c: char) -> Option<char> {
    let i = table.binary_search_by_key(&(c as u32), |e| e.0).ok()?;
    char::from_u32(table[i].1)
}

/// The Simplified form of a Han character (`'檔'` → `'档'`); any other character as it is.
///
/// ```
/// use zhsearch_engine::normalize::han::simplified;
/// assert_eq!(simplified('鄉'), '乡');
/// assert_eq!(simplified('乡'), '乡');
/// assert_eq!(simplified('a'), 'a');
/// ```
pub fn simplified(c: char) -> char {
    if !super::is_han(c) {
        return c;
    }
    find(&fold().to_simplified, c).unwrap_or(c)
}

/// The Traditional form a Traditional text shows for a Simplified character by default
/// (`'档'` → `'檔'`); any character without one as it is.
///
/// ```
/// use zhsearch_engine::normalize::han::traditional;
/// assert_eq!(traditional('乡'), '鄉');
/// assert_eq!(traditional('人'), '人');
/// ```
pub fn traditional(c: char) -> char {
    if !super::is_han(c) {
        return c;
    }
    find(&fold().to_traditional, c).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_and_regional_forms() {
        for (t, s) in "檔档案案鄉乡興兴迴回圈圈衛卫衞卫爲为為为著著臺台麼么么么吃吃"
            .chars()
            .collect::<Vec<_>>()
            .chunks(2)
            .map(|p| (p[0], p[1]))
        {
            assert_eq!(simplified(t), s, "{t}");
        }
    }

    #[test]
    fn folding_is_idempotent_and_the_default_form_folds_back() {
        for &(t, s) in &fold().to_simplified {
            let (t, s) = (char::from_u32(t).unwrap(), char::from_u32(s).unwrap());
            assert_ne!(t, s);
            assert_eq!(simplified(s), s, "{t} → {s} folds again");
            assert_eq!(simplified(traditional(s)), s, "{s}");
        }
    }
}
