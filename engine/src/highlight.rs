//! Where a query matches in any text: the marks a reader page shows when a visitor arrives
//! from a result (`www/zh-highlight.js` through the wasm module).
//!
//! The text is normalized exactly as the index normalizes articles ([`crate::normalize`]), so
//! a query matches across line breaks, stray spaces, quotation marks, widths, case and
//! Traditional/Simplified, and the marks land on the characters of the text as written.
//!
//! ```
//! use zhsearch_engine::highlight::marks;
//!
//! // 燃气安全 printed across a line break, with a stray space
//! let text = "开展燃气\n安 全大排查";
//! assert_eq!(marks(text, "燃气安全"), vec![[2, 8]]);
//! assert_eq!(&text.chars().skip(2).take(6).collect::<String>(), "燃气\n安 全");
//! ```

use crate::normalize::key_with_sources;
use crate::query::Query;
use crate::search::matches::find_all;
use memchr::memmem::Finder;

pub use crate::limits::MAX_MARKS;

/// `[start, end)` character ranges of `text` covering every occurrence of the query's pieces
/// (not its `-exclusions`), sorted, merged where they overlap or touch, at most
/// [`MAX_MARKS`]. A range runs from the first matched character to the last, so it spans the
/// line breaks and spaces inside a match.
pub fn marks(text: &str, query: &str) -> Vec<[u32; 2]> {
    let q = Query::parse(query);
    if q.pieces.is_empty() {
        return Vec::new();
    }
    let (key, sources) = key_with_sources(text);
    // Byte offset of each key character, to turn byte matches into characters.
    let mut char_at = vec![0u32; key.len() + 1];
    for (n, (b, _)) in key.char_indices().enumerate() {
        char_at[b] = n as u32;
    }
    char_at[key.len()] = sources.len() as u32;
    let mut ranges: Vec<[u32; 2]> = Vec::new();
    for piece in &q.pieces {
        let f = Finder::new(piece.key.as_bytes());
        let n = piece.key.chars().count() as u32;
        find_all(&f, key.as_bytes(), |b| {
            let first = char_at[b] as usize;
            let last = first + n as usize - 1;
            if let (Some(&s), Some(&e)) = (sources.get(first), sources.get(last)) {
                ranges.push([s, e + 1]);
            }
        });
    }
    crate::sort::natural(&mut ranges);
    let mut out: Vec<[u32; 2]> = Vec::new();
    for r in ranges {
        if let Some(last) = out.last_mut().filter(|l| r[0] <= l[1]) {
            last[1] = last[1].max(r[1]);
        } else if out.len() == MAX_MARKS {
            break;
        } else {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, query: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut at = 0;
        for [s, e] in marks(text, query) {
            out.extend(&chars[at..s as usize]);
            out.push('[');
            out.extend(&chars[s as usize..e as usize]);
            out.push(']');
            at = e as usize;
        }
        out.extend(&chars[at..]);
        out
    }

    #[test]
    fn marks_follow_the_engine_normalization() {
        assert_eq!(marked("“五星”支部创建", "五星支部"), "“[五星”支部]创建");
        assert_eq!(
            marked("鄉村振興 乡村振兴", "乡村振兴"),
            "[鄉村振興] [乡村振兴]"
        );
        assert_eq!(marked("ＡＢＣ abc", "abc"), "[ＡＢＣ] [abc]");
        assert_eq!(marked("燃气安全，燃气", "燃气 -安全"), "[燃气]安全，[燃气]");
        assert_eq!(marked("aaaa", "aa"), "[aaaa]");
        assert_eq!(marked("没有", ""), "没有");
        assert_eq!(marked("没有", "<img src=x>"), "没有");
    }
}
