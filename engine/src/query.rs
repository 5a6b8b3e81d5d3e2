//! Query syntax.
//!
//! - Whitespace separates **pieces**; every piece must occur in an article (AND), as a substring
//!   of its search key, so a piece need not line up with word boundaries (技 finds 科技).
//!   Unquoted pieces are also split at sentence punctuation (，。、；：！？).
//! - `"a quoted phrase"` (ASCII or full-width quotes) is one piece, spaces inside ignored.
//! - `-piece` or `-"phrase"` excludes articles containing it.
//! - Pieces are normalized like the text (width, case, quotation marks and brackets dropped),
//!   so “五星”支部 as typed is the piece 五星支部.
//!
//! Queries are clamped to [`MAX_QUERY_CHARS`] characters and [`MAX_PIECES`] pieces.

use crate::normalize::{self, is_sentence_punct};

/// Characters of a query beyond this are ignored.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Pieces beyond this (positive and excluded together) are ignored.
pub const MAX_PIECES: usize = 32;

/// One thing to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Search key (normalized, non-empty).
    pub key: String,
    /// Written as a quoted phrase.
    pub quoted: bool,
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
        let raw: String = raw.chars().take(MAX_QUERY_CHARS).collect();
        let mut q = Query::default();
        let mut chars = raw.chars().peekable();
        let is_quote = |c: char| c == '"' || c == '\u{FF02}';
        loop {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            let Some(&first) = chars.peek() else { break };
            let negate = first == '-' || first == '\u{FF0D}';
            if negate {
                chars.next();
            }
            let mut text = String::new();
            let quoted = chars.next_if(|&c| is_quote(c)).is_some();
            if quoted {
                for c in chars.by_ref() {
                    if is_quote(c) {
                        break;
                    }
                    text.push(c);
                }
            } else {
                while let Some(c) = chars.next_if(|c| !c.is_whitespace() && !is_quote(*c)) {
                    text.push(c);
                }
            }
            let key = normalize::key(&text);
            if key.is_empty() {
                continue;
            }
            if negate {
                q.excluded.push(key);
            } else if quoted {
                q.pieces.push(Piece { key, quoted: true });
            } else {
                for part in key.split(is_sentence_punct).filter(|p| !p.is_empty()) {
                    q.pieces.push(Piece {
                        key: part.to_owned(),
                        quoted: false,
                    });
                }
            }
            if q.pieces.len() + q.excluded.len() >= MAX_PIECES {
                break;
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
        let q = Query::parse("“五星”支部 ５Ｇ 2023年");
        assert_eq!(keys(&q), vec!["五星支部", "5g", "2023年"]);
        let q = Query::parse("导向，注重。");
        assert_eq!(keys(&q), vec!["导向", "注重"]);
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
