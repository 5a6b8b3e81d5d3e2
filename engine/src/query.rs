//! Query syntax.
//!
//! - Whitespace separates **pieces**; every piece must occur in an article (AND), as a substring
//!   of its search key, so a piece need not line up with word boundaries (技 finds 科技).
//!   Unquoted pieces are also split at sentence punctuation (，。、；：！？).
//! - A quoted phrase is one piece, spaces inside ignored, in the quotes a Chinese keyboard
//!   types as well as ASCII ones: `"…"`, `＂…＂`, `“…”`, `「…」`, `『…』`. An unclosed quote
//!   runs to the end.
//! - A minus (`-`, `－`, `—` or `−`) before a piece or phrase excludes articles containing it:
//!   `-南乐`, `-“城关镇”`. It does so in the middle of a piece too when it stands between
//!   Chinese (or a closing quote) and Chinese or an opening quote, as typed without a space:
//!   `志愿服务-南乐` is `志愿服务 -南乐`. Between letters or digits it stays part of the piece:
//!   `2023-2024`, `COVID-19`, `a-b`.
//! - Pieces are normalized like the text (width, case, script, quotation marks and brackets
//!   dropped), so ５Ｇ is the piece 5g and 鄉村 the piece 乡村.
//!
//! Queries are clamped to [`MAX_QUERY_CHARS`] characters and [`MAX_PIECES`] pieces.

use crate::normalize::{self, is_sentence_punct};

pub use crate::limits::{MAX_PIECES, MAX_QUERY_CHARS};

/// One thing to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Search key (normalized, non-empty).
    pub key: String,
    /// Written as a quoted phrase.
    pub quoted: bool,
    /// Character offsets in `key` where an apostrophe was typed (`xi'an`): syllable breaks
    /// for reading letters as pinyin ([`crate::spell::pinyin`]).
    pub breaks: Vec<u32>,
}

impl Piece {
    /// An unquoted piece without breaks.
    pub fn new(key: String) -> Self {
        Piece {
            key,
            quoted: false,
            breaks: Vec::new(),
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Pieces that must all occur.
    pub pieces: Vec<Piece>,
    /// Keys that must not occur.
    pub excluded: Vec<String>,
}

impl Query {
    /// Parses a query string (never fails; unbalanced quotes run to the end).
    pub fn parse(raw: &str) -> Query {
        let chars: Vec<char> = raw.chars().take(MAX_QUERY_CHARS).collect();
        let mut q = Query::default();
        let mut i = 0;
        while i < chars.len() && q.pieces.len() + q.excluded.len() < MAX_PIECES {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            let negate = is_minus(c);
            if negate {
                i += 1;
            }
            let mut text = String::new();
            let quoted = chars.get(i).and_then(|&c| closing_quote(c));
            if let Some(close) = quoted {
                i += 1;
                while let Some(&c) = chars.get(i) {
                    i += 1;
                    if close(c) {
                        break;
                    }
                    text.push(c);
                }
            } else {
                while let Some(&c) = chars.get(i) {
                    if c.is_whitespace()
                        || closing_quote(c).is_some()
                        || minus_starts_piece(&chars, i)
                    {
                        break;
                    }
                    text.push(c);
                    i += 1;
                }
            }
            let key = normalize::key(&text);
            if key.is_empty() {
                continue;
            }
            if negate {
                q.excluded.push(key);
            } else if quoted.is_some() {
                q.pieces.push(Piece {
                    key,
                    quoted: true,
                    breaks: Vec::new(),
                });
            } else {
                let breaks = apostrophes(&text);
                let mut at = 0u32;
                for part in key.split(is_sentence_punct) {
                    let len = part.chars().count() as u32;
                    if !part.is_empty() {
                        q.pieces.push(Piece {
                            key: part.to_owned(),
                            quoted: false,
                            breaks: breaks
                                .iter()
                                .filter(|&&b| b > at && b < at + len)
                                .map(|b| b - at)
                                .collect(),
                        });
                    }
                    at += len + 1;
                }
            }
        }
        q.pieces.truncate(MAX_PIECES);
        q.excluded
            .truncate(MAX_PIECES.saturating_sub(q.pieces.len()));
        q
    }

    /// The pieces joined in order: the contiguous phrase that ranks highest when present
    /// (`None` for fewer than two pieces).
    pub fn phrase(&self) -> Option<String> {
        (self.pieces.len() > 1).then(|| self.pieces.iter().map(|p| p.key.as_str()).collect())
    }
}

/// Key character offsets of the apostrophes typed in `text` (between letters: `xi'an`).
fn apostrophes(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut before = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{FF07}') {
            let n = normalize::key(&before).chars().count() as u32;
            let letter = |c: Option<&char>| c.is_some_and(|c| c.is_alphabetic());
            if n > 0 && letter(chars.get(i + 1)) && !out.contains(&n) {
                out.push(n);
            }
        }
        before.push(c);
    }
    out
}

/// A minus sign as typed on either keyboard.
fn is_minus(c: char) -> bool {
    matches!(c, '-' | '\u{FF0D}' | '\u{2014}' | '\u{2212}')
}

/// For an opening quotation mark, what closes it.
fn closing_quote(c: char) -> Option<fn(char) -> bool> {
    let ascii = |c: char| c == '"' || c == '\u{FF02}';
    match c {
        '"' | '\u{FF02}' => Some(ascii),
        '\u{201C}' => Some(|c| c == '\u{201D}' || c == '\u{201C}' || c == '"'),
        '\u{300C}' => Some(|c| c == '\u{300D}'),
        '\u{300E}' => Some(|c| c == '\u{300F}'),
        _ => None,
    }
}

/// Whether the minus at `chars[i]`, inside an unquoted piece, starts an excluded piece: it
/// follows Chinese or a closing quote and precedes Chinese or an opening quote.
fn minus_starts_piece(chars: &[char], i: usize) -> bool {
    let (Some(&m), Some(&before), Some(&after)) = (
        chars.get(i),
        i.checked_sub(1).and_then(|j| chars.get(j)),
        chars.get(i + 1),
    ) else {
        return false;
    };
    let closing = matches!(
        before,
        '"' | '\u{FF02}' | '\u{201D}' | '\u{300D}' | '\u{300F}'
    );
    is_minus(m)
        && (normalize::is_han(before) || closing)
        && (normalize::is_han(after) || closing_quote(after).is_some())
}

impl std::fmt::Display for Query {
    /// The query in its own syntax (pieces as keys).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        let mut sep = |f: &mut std::fmt::Formatter<'_>| {
            let s = if first { "" } else { " " };
            first = false;
            f.write_str(s)
        };
        for p in &self.pieces {
            sep(f)?;
            if p.quoted {
                write!(f, "\"{}\"", p.key)?;
            } else {
                f.write_str(&p.key)?;
            }
        }
        for k in &self.excluded {
            sep(f)?;
            write!(f, "-{k}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(q: &Query) -> Vec<&str> {
        q.pieces.iter().map(|p| p.key.as_str()).collect()
    }

    #[test]
    fn pieces_phrases_and_exclusions() {
        let q = Query::parse(" 乡村  振兴 \"五星 支部\" -南乐 -\"城关 镇\"");
        assert_eq!(keys(&q), vec!["乡村", "振兴", "五星支部"]);
        assert!(q.pieces[2].quoted && !q.pieces[0].quoted);
        assert_eq!(q.excluded, vec!["南乐", "城关镇"]);
        assert_eq!(q.phrase().as_deref(), Some("乡村振兴五星支部"));
        assert_eq!(q.to_string(), "乡村 振兴 \"五星支部\" -南乐 -城关镇");
    }

    #[test]
    fn normalizes_like_text() {
        let q = Query::parse("五星（支部） ５Ｇ 2023年 鄉村振興");
        assert_eq!(keys(&q), vec!["五星支部", "5g", "2023年", "乡村振兴"]);
        let q = Query::parse("导向，注重。");
        assert_eq!(keys(&q), vec!["导向", "注重"]);
    }

    #[test]
    fn quotes_and_minus_as_a_chinese_keyboard_types_them() {
        for raw in [
            "“乡村振兴 工作”",
            "「乡村振兴工作」",
            "『乡村振兴工作』",
            "＂乡村振兴工作＂",
        ] {
            let q = Query::parse(raw);
            assert_eq!(keys(&q), vec!["乡村振兴工作"], "{raw}");
            assert!(q.pieces[0].quoted, "{raw}");
        }
        let q = Query::parse("“五星”支部");
        assert_eq!(keys(&q), vec!["五星", "支部"]);
        assert!(q.pieces[0].quoted && !q.pieces[1].quoted);
        let q = Query::parse("志愿服务-南乐 党建－“城关 镇” 干部—培训");
        assert_eq!(keys(&q), vec!["志愿服务", "党建", "干部"]);
        assert_eq!(q.excluded, vec!["南乐", "城关镇", "培训"]);
        let q = Query::parse("2023-2024 COVID-19 a-b 新冠-19");
        assert_eq!(keys(&q), vec!["2023-2024", "covid-19", "a-b", "新冠-19"]);
        assert!(q.excluded.is_empty());
        let q = Query::parse("—南乐 −“城关”");
        assert_eq!(q.excluded, vec!["南乐", "城关"]);
    }

    #[test]
    fn apostrophes_mark_syllable_breaks() {
        let q = Query::parse("xi'an lv’you，chang'an");
        assert_eq!(keys(&q), vec!["xian", "lvyou", "changan"]);
        assert_eq!(q.pieces[0].breaks, vec![2]);
        assert_eq!(q.pieces[1].breaks, vec![2]);
        assert_eq!(q.pieces[2].breaks, vec![5]);
        assert!(Query::parse("'xian'").pieces[0].breaks.is_empty());
    }

    #[test]
    fn odd_queries() {
        assert_eq!(Query::parse("").pieces.len(), 0);
        assert_eq!(Query::parse("  ，。！ \"\" - ").pieces.len(), 0);
        assert_eq!(keys(&Query::parse("\"未闭合 引号")), vec!["未闭合引号"]);
        assert_eq!(keys(&Query::parse("a-b")), vec!["a-b"]);
        let long = "字 ".repeat(100_000);
        let q = Query::parse(&long);
        assert!(q.pieces.len() <= MAX_PIECES);
    }
}
