//! Snippets: the best passages of a text with the query's matches highlighted.
//!
//! Matches are found on the search key and rendered on the display text through the
//! normalization edits, so a highlight covers exactly the matched characters (a closing quote
//! inside a match is inside the highlight). Offsets are in Unicode characters (code points) of
//! the returned snippet, never splitting one.

use crate::normalize::{is_clause_end, render_display, Edit};
use memchr::memmem::Finder;

/// Marks where text was cut.
pub const ELLIPSIS: char = '…';

/// A rendered passage (or passages) with highlight ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// Display text, with `…` where cut.
    pub text: String,
    /// `[start, end)` character offsets into `text`, sorted, merged where they overlap or touch.
    pub highlights: Vec<[u32; 2]>,
}

/// An occurrence of piece `piece` at key characters `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Occurrence {
    start: u32,
    end: u32,
    piece: usize,
}

/// All occurrences of `needles` in `key`, in character offsets, sorted by start.
fn occurrences(key: &str, needles: &[Finder<'_>]) -> Vec<Occurrence> {
    // (start, end, piece) in bytes: the same tuple ranking sorts, so one sort is compiled.
    let mut found: Vec<(u32, u32, usize)> = Vec::new();
    for (piece, f) in needles.iter().enumerate() {
        let len = f.needle().len() as u32;
        if len == 0 {
            continue;
        }
        found.extend(
            f.find_iter(key.as_bytes())
                .map(|s| (s as u32, s as u32 + len, piece)),
        );
    }
    // Byte offsets to character offsets in one forward pass (byte order is character order).
    crate::sort::natural(&mut found);
    let bytes = key.as_bytes();
    let chars_in =
        |a: usize, b: usize| bytes[a..b].iter().filter(|&&x| !is_continuation(x)).count() as u32;
    let (mut at, mut n) = (0usize, 0u32);
    found
        .into_iter()
        .map(|(s, e, piece)| {
            let (s, e) = (s as usize, e as usize);
            n += chars_in(at, s);
            at = s;
            Occurrence {
                start: n,
                end: n + chars_in(s, e),
                piece,
            }
        })
        .collect()
}

/// A UTF-8 continuation byte (`10xxxxxx`): not the start of a character.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The best window of `width` characters starting at an occurrence among `occ`, scored by
/// distinct pieces, then number of occurrences; returns `(start, end)` centred on its matches.
/// One pass with two pointers: linear in the number of occurrences.
fn best_window(occ: &[Occurrence], width: u32, len: u32) -> Option<(u32, u32)> {
    let pieces = occ.iter().map(|o| o.piece + 1).max()?;
    let mut per_piece = vec![0u32; pieces];
    let mut distinct = 0usize;
    let mut j = 0usize; // the window is occ[i..j): occurrences from i ending within the limit
    let mut best: Option<(usize, usize, usize, usize)> = None; // (distinct, count, i, j)
    for (i, o) in occ.iter().enumerate() {
        j = j.max(i);
        let limit = o.start.saturating_add(width);
        while let Some(p) = occ.get(j).filter(|p| p.end <= limit) {
            per_piece[p.piece] += 1;
            distinct += usize::from(per_piece[p.piece] == 1);
            j += 1;
        }
        let cand = (distinct, j - i, i, j);
        if best.is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
            best = Some(cand);
        }
        if j > i {
            per_piece[o.piece] -= 1;
            distinct -= usize::from(per_piece[o.piece] == 0);
        }
    }
    let (_, _, i, j) = best?;
    let start = occ[i].start;
    let span_end = occ[i..j].iter().map(|p| p.end).fold(occ[i].end, u32::max);
    let slack = width.saturating_sub(span_end - start);
    let mut s = start.saturating_sub(slack / 2);
    let e = s.saturating_add(width).min(len);
    if e.saturating_sub(s) < width {
        s = e.saturating_sub(width);
    }
    Some((s, e))
}

/// Window `(s, e)` of `key` (`len` characters) moved to clause boundaries where one is within
/// `reach` characters: it starts right after clause punctuation (or at the text's start) and
/// ends with it (or at the text's end), never leaving out a match it held.
fn at_clauses(
    key: &str,
    len: u32,
    (s, e): (u32, u32),
    occ: &[Occurrence],
    reach: u32,
) -> (u32, u32) {
    // Only the characters near the window's edges are looked at.
    let lo = s.saturating_sub(reach + 1);
    let near: Vec<char> = key
        .chars()
        .skip(lo as usize)
        .take((e.saturating_add(reach + 1) - lo) as usize)
        .collect();
    let char_at = |p: u32| {
        p.checked_sub(lo)
            .and_then(|i| near.get(i as usize))
            .copied()
    };
    let inside = occ.iter().filter(|o| o.start >= s && o.end <= e);
    let (first, last) = inside.fold((e, s), |(f, l), o| (f.min(o.start), l.max(o.end)));
    let boundary = |p: u32| p == 0 || char_at(p - 1).is_some_and(is_clause_end);
    // Start: the nearest boundary before s, else after s (up to the first match).
    let back = (s.saturating_sub(reach)..=s).rev().find(|&p| boundary(p));
    let fwd = || (s..=first.min(s + reach)).find(|&p| boundary(p));
    let start = back.or_else(fwd).unwrap_or(s);
    // End: the nearest boundary after e, else before e (down to the last match).
    let end_ok = |p: u32| p == len || boundary(p);
    let e = e.min(len);
    let ahead = (e..=(e + reach).min(len)).find(|&p| end_ok(p));
    let before = || {
        (last.max(start).max(e.saturating_sub(reach))..e)
            .rev()
            .find(|&p| end_ok(p))
    };
    let end = ahead.or_else(before).unwrap_or(e);
    (start, end.max(start))
}

/// Builds a snippet of about `width` key characters per passage, at most `passages` passages,
/// from the text whose search key is `key` (with `key_chars` characters and display `edits`).
/// A passage starts after and ends with clause punctuation (，。；：！？) where one lies within a
/// quarter of `width` of its edges, so it is `width` ± half of `width` long.
pub fn snippet(
    key: &str,
    key_chars: u32,
    edits: &[Edit],
    needles: &[Finder<'_>],
    width: u32,
    passages: usize,
) -> Snippet {
    let width = width.max(1);
    let mut occ = occurrences(key, needles);
    let all = occ.clone();
    let mut windows: Vec<(u32, u32)> = Vec::new();
    while windows.len() < passages.max(1) {
        let Some(w) = best_window(&occ, width, key_chars) else {
            break;
        };
        let mut w = at_clauses(key, key_chars, w, &occ, width / 4);
        // Never over an earlier passage: cut at its edge, on the side away from this one's
        // first match still to show.
        let first = occ
            .iter()
            .find(|o| o.start >= w.0 && o.end <= w.1)
            .map(|o| o.start);
        for &(s, e) in &windows {
            if w.0 < e && s < w.1 {
                if first.is_some_and(|f| f < s) {
                    w.1 = s;
                } else {
                    w.0 = e.min(w.1);
                }
            }
        }
        let before = occ.len();
        occ.retain(|o| o.start >= w.1 || o.end <= w.0);
        if w.0 < w.1 {
            windows.push(w);
        }
        // A window that covers no remaining match (only possible when the stored length is
        // wrong, i.e. a corrupted file) cannot make progress.
        if occ.len() == before {
            break;
        }
    }
    if windows.is_empty() {
        windows.push((0, width.min(key_chars)));
    }
    crate::sort::natural(&mut windows);
    // Passages that touch read as one.
    let mut joined: Vec<(u32, u32)> = Vec::with_capacity(windows.len());
    for w in windows {
        match joined.last_mut() {
            Some(last) if w.0 <= last.1 => last.1 = last.1.max(w.1),
            _ => joined.push(w),
        }
    }
    render(key, key_chars, edits, &joined, &all)
}

/// Renders the whole text with all occurrences highlighted (for titles).
pub fn highlight_all(key: &str, key_chars: u32, edits: &[Edit], needles: &[Finder<'_>]) -> Snippet {
    let occ = occurrences(key, needles);
    render(key, key_chars, edits, &[(0, key_chars)], &occ)
}

fn render(
    key: &str,
    key_chars: u32,
    edits: &[Edit],
    windows: &[(u32, u32)],
    occ: &[Occurrence],
) -> Snippet {
    let mut text = String::new();
    let mut n: u32 = 0;
    let mut highlights: Vec<(u32, u32)> = Vec::new();
    for &(start, end) in windows {
        if start > 0 && !text.ends_with(ELLIPSIS) {
            text.push(ELLIPSIS);
            n += 1;
        }
        let mut map: Vec<u32> = Vec::with_capacity((end - start) as usize);
        let (part, len) = render_display(key, start, end, edits, |_, d| map.push(d));
        for o in occ.iter().filter(|o| o.start < end && o.end > start) {
            let (s, e) = (o.start.max(start), o.end.min(end));
            if let (Some(&ds), Some(&de)) = (
                map.get((s - start) as usize),
                map.get((e - 1 - start) as usize),
            ) {
                highlights.push((n + ds, n + de + 1));
            }
        }
        text.push_str(&part);
        n += len;
        if end < key_chars {
            text.push(ELLIPSIS);
            n += 1;
        }
    }
    crate::sort::natural(&mut highlights);
    let mut merged: Vec<[u32; 2]> = Vec::with_capacity(highlights.len());
    for (s, e) in highlights {
        match merged.last_mut() {
            Some(last) if s <= last[1] => last[1] = last[1].max(e),
            _ => merged.push([s, e]),
        }
    }
    Snippet {
        text,
        highlights: merged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{key, normalize};

    fn marked(s: &Snippet) -> String {
        let chars: Vec<char> = s.text.chars().collect();
        let mut out = String::new();
        let mut i = 0usize;
        for h in &s.highlights {
            out.extend(&chars[i..h[0] as usize]);
            out.push('[');
            out.extend(&chars[h[0] as usize..h[1] as usize]);
            out.push(']');
            i = h[1] as usize;
        }
        out.extend(&chars[i..]);
        out
    }

    #[test]
    fn highlights_land_on_display_text() {
        let n = normalize("坚持“五星”支部创建，五星支部好");
        let f = [Finder::new("五星支部")];
        let s = snippet(&n.key, n.key_chars, &n.edits, &f, 80, 1);
        assert_eq!(marked(&s), "坚持“[五星”支部]创建，[五星支部]好");
    }

    #[test]
    fn window_cut_with_ellipsis_and_merge() {
        let text = format!("{}乡村振兴{}", "前".repeat(100), "后".repeat(100));
        let n = normalize(&text);
        let f = [Finder::new("乡村"), Finder::new("村振")];
        let s = snippet(&n.key, n.key_chars, &n.edits, &f, 20, 1);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert_eq!(s.text.chars().count(), 22);
        assert_eq!(s.highlights.len(), 1);
        assert!(marked(&s).contains("[乡村振]兴"));
    }

    #[test]
    fn several_passages() {
        let text = format!("甲{}乙{}甲", "中".repeat(200), "中".repeat(200));
        let n = normalize(&text);
        let f = [Finder::new("甲"), Finder::new("乙")];
        let s = snippet(&n.key, n.key_chars, &n.edits, &f, 10, 3);
        assert_eq!(s.highlights.len(), 3);
        let one = snippet(&n.key, n.key_chars, &n.edits, &f, 10, 1);
        assert_eq!(one.highlights.len(), 1);
    }

    #[test]
    fn passages_start_after_and_end_with_clause_punctuation_nearby() {
        // 本报讯为进一步做好…: the passage starts after the comma, not inside 本报讯.
        let text = format!(
            "本报讯为进一步做好辖区工作，坚决防范燃气安全事故发生{}。",
            "中".repeat(60)
        );
        let n = normalize(&text);
        let f = [Finder::new("燃气安全")];
        let s = snippet(&n.key, n.key_chars, &n.edits, &f, 24, 1);
        assert!(s.text.starts_with("…坚决防范燃气安全"), "{}", s.text);
        // No punctuation within reach: the window stays as it was.
        let plain = format!("{}燃气安全{}", "中".repeat(40), "中".repeat(40));
        let n = normalize(&plain);
        let s = snippet(&n.key, n.key_chars, &n.edits, &f, 24, 1);
        assert_eq!(key(&s.text).chars().count(), 24 + 2, "{}", s.text);
        // A match longer than the width is kept whole enough to be marked.
        let long = "燃气安全".repeat(10);
        let n = normalize(&long);
        let s = snippet(&n.key, n.key_chars, &n.edits, &[Finder::new(&long)], 8, 1);
        assert!(!s.highlights.is_empty(), "{s:?}");
        // A stored length that is wrong (a damaged file) does not panic.
        for len in [0, 3, n.key_chars * 2] {
            let _ = snippet(&n.key, len, &n.edits, &f, 8, 2);
        }
    }

    #[test]
    fn widened_passages_never_overlap_and_every_passage_asked_for_is_shown() {
        // Matches 30 characters apart with commas between: widened windows would overlap.
        let part = format!("{}，燃气{}，安全", "中".repeat(12), "中".repeat(12));
        let text = part.repeat(6);
        let n = normalize(&text);
        let f = [Finder::new("燃气"), Finder::new("安全")];
        let s = snippet(&n.key, n.key_chars, &n.edits, &f, 20, 4);
        let shown = key(&s.text);
        let marked: usize = s.highlights.len();
        assert!(marked >= 4, "{} marks in {shown:?}", marked);
        // No character of the text is shown twice.
        assert!(
            shown.chars().count() <= n.key_chars as usize + 8,
            "{shown:?}"
        );
    }

    #[test]
    fn no_match_gives_the_start() {
        let n = normalize("短文本");
        let s = snippet(&n.key, n.key_chars, &n.edits, &[Finder::new("无")], 80, 1);
        assert_eq!(s.text, "短文本");
        assert!(s.highlights.is_empty());
    }
}
