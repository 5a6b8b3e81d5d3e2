//! A bound on how deep HTML nests before the tree builder sees it.
//!
//! html5ever checks element scope by walking the stack of open elements, so each tag costs
//! time in proportion to the nesting depth: 100,000 nested `<div>`s (1.1 MB) took about a
//! minute. Browsers bound the depth too (Chromium at 512: deeper elements become siblings).
//! [`flatten`] is one linear pass over the markup that leaves out the tags of elements opened
//! deeper than [`MAX_HTML_DEPTH`] (and their end tags), keeping all their text, so such a page
//! is read in linear time with every character of it. A page within the bound comes back
//! unchanged, without a copy.
//!
//! The depth is counted from the tags as written, the way the tree builder would nest them
//! for well-formed markup: void elements (`<br>`, `<img>`, …), self-closing tags, and elements
//! whose end tag is optional and that close themselves (`<p>`, `<li>`, `<td>`, …) do not nest;
//! comments, declarations and the raw text of `<script>`, `<style>`, `<textarea>` and
//! `<title>` hold no tags.

use std::borrow::Cow;
use std::collections::HashMap;

pub use crate::limits::MAX_HTML_DEPTH;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out and that the next one of their kind closes.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb",
    "rt", "rp", "rtc", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// `html` with the tags nested deeper than [`MAX_HTML_DEPTH`] left out (their text stays), and
/// whether any were. Within the bound: `html` itself.
///
/// ```
/// use zhsearch_engine::ingest::nesting::{flatten, MAX_HTML_DEPTH};
///
/// let deep = format!("{}燃气安全{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
/// let (flat, changed) = flatten(&deep);
/// assert!(changed && flat.contains("燃气安全"));
/// assert_eq!(flat.matches("<div>").count(), MAX_HTML_DEPTH);
/// assert!(!flatten("<p>一<p>二").1);
/// ```
pub fn flatten(html: &str) -> (Cow<'_, str>, bool) {
    let b = html.as_bytes();
    let mut out: Option<String> = None;
    // Bytes of `html` before `copied` are in `out` (once something is left out).
    let mut copied = 0;
    // The elements open, as the tree builder would nest them (at most MAX_HTML_DEPTH).
    let mut open: Vec<String> = Vec::new();
    // End tags still to leave out, by element name.
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        let start = i + lt;
        let Some(tag) = Tag::at(b, start) else {
            i = start + 1;
            continue;
        };
        i = tag.end;
        if tag.name.is_empty() {
            continue; // a comment or declaration
        }
        if tag.closing {
            // The innermost element of the name: one left out, else one open (closing those
            // inside it, as the tree builder does); an end tag of nothing open closes nothing
            // (`</p>`, `</br>`, `</script>`, strays).
            match dropped.get_mut(&tag.name) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    let o = out.get_or_insert_with(String::new);
                    o.push_str(&html[copied..start]);
                    copied = tag.end;
                }
                _ => {
                    if let Some(at) = open.iter().rposition(|n| *n == tag.name) {
                        open.truncate(at);
                    }
                }
            }
            continue;
        }
        if RAW_TEXT.contains(&tag.name.as_str()) {
            // Skip to its end tag (or the end): what is inside is text.
            let close = format!("</{}", tag.name);
            i = find_ascii_ci(b, i, close.as_bytes()).unwrap_or(b.len());
            continue;
        }
        let name = tag.name.as_str();
        if tag.self_closing || VOID.contains(&name) || SELF_CLOSING.contains(&name) {
            continue;
        }
        if open.len() < MAX_HTML_DEPTH {
            open.push(tag.name);
        } else {
            *dropped.entry(tag.name).or_default() += 1;
            let o = out.get_or_insert_with(String::new);
            o.push_str(&html[copied..start]);
            copied = tag.end;
        }
    }
    match out {
        None => (Cow::Borrowed(html), false),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            (Cow::Owned(o), true)
        }
    }
}

/// A start or end tag (or a comment or declaration, as a nameless tag to step over).
struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    /// Index after its `>` (or the end of the markup).
    end: usize,
}

impl Tag {
    /// The tag starting at `b[start] == b'<'`, if one does (else the `<` is text).
    fn at(b: &[u8], start: usize) -> Option<Tag> {
        let rest = &b[start + 1..];
        if rest.starts_with(b"!--") {
            let end = find_ascii_ci(b, start + 4, b"-->").map_or(b.len(), |e| e + 3);
            return Some(Tag::nameless(end));
        }
        if matches!(rest.first(), Some(b'!' | b'?')) {
            let end = memchr::memchr(b'>', rest).map_or(b.len(), |e| start + 1 + e + 1);
            return Some(Tag::nameless(end));
        }
        let closing = rest.first() == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        let len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'_'))
            .count();
        if len == 0 || !b[name_at].is_ascii_alphabetic() {
            return None;
        }
        let name = String::from_utf8_lossy(&b[name_at..name_at + len]).to_ascii_lowercase();
        // Attributes, with quoted values that may hold `>`.
        let mut j = name_at + len;
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, c @ (b'"' | b'\'')) => quote = Some(c),
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        let self_closing = j > 0 && j < b.len() && b[j - 1] == b'/';
        Some(Tag {
            name,
            closing,
            self_closing,
            end: (j + 1).min(b.len()),
        })
    }

    fn nameless(end: usize) -> Tag {
        Tag {
            name: String::new(),
            closing: true,
            self_closing: false,
            end,
        }
    }
}

/// Where `needle` (ASCII) occurs in `b` from `from` on, ignoring ASCII case.
fn find_ascii_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut i = from;
    while let Some(p) = memchr::memchr(*first, b.get(i..)?) {
        let at = i + p;
        if b.len() >= at + needle.len() && b[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_unchanged() {
        let page = concat!(
            "<!doctype html><html><head><title>标题</title><script>if (a<b) x('<div>')</script>",
            "</head><body><!-- <div><div> --><p>一<p>二<br><img src='a>b'><ul><li>三<li>四</ul>",
            "<table><tr><td>五<td>六</table><div/></body></html>"
        );
        let (flat, changed) = flatten(page);
        assert!(!changed);
        assert!(matches!(flat, Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_keeps_every_character_of_text() {
        let n = MAX_HTML_DEPTH * 3;
        let mut html = String::new();
        for i in 0..n {
            html.push_str(&format!("<span class=\"c{i}\">{}", i % 10));
        }
        html.push_str(&"</span>".repeat(n));
        let (flat, changed) = flatten(&html);
        assert!(changed);
        let text = |s: &str| {
            let mut t = String::new();
            let mut in_tag = false;
            for c in s.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => t.push(c),
                    _ => {}
                }
            }
            t
        };
        assert_eq!(text(&flat), text(&html));
        assert_eq!(flat.matches("<span").count(), MAX_HTML_DEPTH);
        assert_eq!(flat.matches("</span>").count(), MAX_HTML_DEPTH);
    }

    /// End tags of elements that do not nest (or were never opened) must not hide the depth.
    #[test]
    fn end_tags_of_what_does_not_nest_do_not_hide_depth() {
        for unit in [
            "<div><p>x</p>",
            "<div><script></script>",
            "<div></br>",
            "<div></span>",
            "<div><li>a</li>",
        ] {
            let html = unit.repeat(MAX_HTML_DEPTH * 4);
            let (flat, changed) = flatten(&html);
            assert!(changed, "{unit}");
            assert_eq!(flat.matches("<div>").count(), MAX_HTML_DEPTH, "{unit}");
        }
        // Siblings stay as they are, however many.
        let siblings = "<div><p>x</p></div>".repeat(MAX_HTML_DEPTH * 4);
        assert!(!flatten(&siblings).1);
    }

    #[test]
    fn unterminated_markup_ends_cleanly() {
        for s in [
            "<",
            "<div",
            "<div a='",
            "<!--",
            "</",
            "<script>",
            "<a b=\"c>",
        ] {
            let deep = format!("{}{s}", "<b>".repeat(MAX_HTML_DEPTH + 2));
            let (flat, changed) = flatten(&deep);
            assert!(changed && flat.len() < deep.len(), "{s}");
        }
    }
}
