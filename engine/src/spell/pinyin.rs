//! Reading a query's Latin letters as pinyin: `xinglongshequ`, `xing long she qu`, `xi'an`,
//! `lvyou`, `xlsq` (initials), `xinglongsh` (the last syllable still being typed), `兴隆sq`.
//!
//! The query's pieces become a row of tokens: letters (each knowing whether a space or an
//! apostrophe was typed before it, which forces a syllable break there) and fixed text (Han
//! characters, digits, quoted phrases: kept as typed). A beam search cuts the letters into
//! words of the spelling dictionary, each scored by its log frequency (initials and
//! completions of the last word cost a little more), and keeps the [`MAX_READINGS`] best
//! readings. Each reading is a query again: words typed without a space between them form one
//! contiguous piece (`xinglongshequ` is the piece 兴隆社区), words a space separates stay
//! separate pieces (`beijing shanghai` is 北京 上海).
//!
//! Clamps (a bounded answer in bounded time whatever is typed): at most [`MAX_LETTERS`]
//! letters are read as pinyin (a longer query is taken literally only); at most
//! [`SCAN_HOMOPHONES`] words are looked at per spelling and [`SCAN_COMPLETIONS`] per
//! completion of the last word (`a`, `zh`), of which the [`KEEP_PER_SPAN`] most frequent are
//! kept; the beam keeps [`BEAM`] readings per position.

use super::{Dictionary, FULL, INITIALS, SEP};
use crate::error::Result;
use crate::normalize::is_han;
use crate::query::{Piece, Query};
use crate::source::Need;
use fst::raw::{Fst, Node, Output};

/// Letters beyond this are not read as pinyin.
pub const MAX_LETTERS: usize = 48;
/// Readings of a query run (the likeliest first).
pub const MAX_READINGS: usize = 3;
/// Readings kept per position while cutting.
pub const BEAM: usize = 8;
/// Words looked at per spelling (homophones of one syllable sequence).
pub const SCAN_HOMOPHONES: usize = 512;
/// Keys looked at when completing the last word.
pub const SCAN_COMPLETIONS: usize = 2048;
/// Letters (and syllable breaks) a completion may add: the syllable being typed and about
/// one more.
pub const COMPLETE_LETTERS: usize = 7;
/// Words kept per span of letters and kind.
pub const KEEP_PER_SPAN: usize = 8;
/// Log-probability cost of a word typed as initials.
const INITIALS_COST: f64 = 2.0;
/// Log-probability cost of completing a last word still being typed, with more syllables
/// (`xian` → 现场).
const COMPLETION_COST: f64 = 1.0;
/// The same when the last syllable itself is incomplete, although what was typed is a
/// syllable already (`xian` → 向): what is typed in full is likelier meant.
const SYLLABLE_COMPLETION_COST: f64 = 3.0;

/// One way to read a query's letters.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The query with its letters replaced by words (exclusions as they were).
    pub query: Query,
    /// What the letters were read as, as shown to the reader (`兴隆社区`, `北京 上海`).
    pub label: String,
    /// Summed log probability (higher is likelier).
    pub score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Letter(u8),
    Fixed(&'a str),
}

#[derive(Debug, Clone, Copy)]
struct Slot<'a> {
    tok: Tok<'a>,
    /// First token of a query piece (a space before it).
    piece_start: bool,
    /// A syllable break is forced before this letter (space or apostrophe).
    brk: bool,
    /// The fixed text is a quoted phrase (its own piece, quoted).
    quoted: bool,
}

/// Whether an unquoted piece's key can hold pinyin: Han characters and ASCII letters only,
/// with at least one letter.
fn readable(key: &str) -> bool {
    key.bytes().any(|b| b.is_ascii_lowercase())
        && key.chars().all(|c| c.is_ascii_lowercase() || is_han(c))
}

/// The query as a row of tokens (`None` when it has no letters to read, or too many).
fn tokens(q: &Query) -> Option<Vec<Slot<'_>>> {
    let mut out = Vec::new();
    let mut letters = 0;
    for p in &q.pieces {
        let start = out.len();
        if p.quoted || !readable(&p.key) {
            out.push(Slot {
                tok: Tok::Fixed(&p.key),
                piece_start: true,
                brk: true,
                quoted: p.quoted,
            });
            continue;
        }
        let mut han_from: Option<usize> = None;
        for (ci, (bi, c)) in p.key.char_indices().enumerate() {
            if c.is_ascii_lowercase() {
                if let Some(h) = han_from.take() {
                    out.push(fixed(&p.key[h..bi]));
                }
                letters += 1;
                out.push(Slot {
                    tok: Tok::Letter(c as u8),
                    piece_start: false,
                    brk: ci == 0 || p.breaks.contains(&(ci as u32)),
                    quoted: false,
                });
            } else if han_from.is_none() {
                han_from = Some(bi);
            }
        }
        if let Some(h) = han_from {
            out.push(fixed(&p.key[h..]));
        }
        if let Some(s) = out.get_mut(start) {
            s.piece_start = true;
        }
    }
    (letters > 0 && letters <= MAX_LETTERS).then_some(out)
}

fn fixed(s: &str) -> Slot<'_> {
    Slot {
        tok: Tok::Fixed(s),
        piece_start: false,
        brk: true,
        quoted: false,
    }
}

/// How a word was spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Full,
    Initials,
    /// Completion after a syllable break.
    Completion,
    /// Completion of the last syllable.
    SyllableCompletion,
}

/// A word found for the letters from a position to `end`.
#[derive(Debug, Clone)]
struct Found {
    end: usize,
    kind: Kind,
    word: String,
    freq: u64,
}

/// Visits up to `scan` keys below `node` (reached with output `acc`; `term` when `node` is
/// just past a terminal byte) whose spelling goes on for at most `letters` more bytes:
/// `on(first byte below node, word bytes, value)` for each.
fn below(
    fst: &Fst<&[u8]>,
    node: Node<'_>,
    acc: Output,
    scan: usize,
    letters: usize,
    term: Option<u8>,
    mut on: impl FnMut(u8, &[u8], u64),
) {
    // Depth first with one path buffer: (node address, output, depth, byte into it).
    let mut stack: Vec<(usize, Output, usize, Option<u8>)> = vec![(node.addr(), acc, 0, None)];
    let mut path: Vec<u8> = Vec::new();
    // Where the word starts in `path`, and its terminal, once one is on the path.
    let mut word: Option<(u8, usize)> = term.map(|t| (t, 0));
    let mut seen = 0;
    while let Some((addr, out, depth, inp)) = stack.pop() {
        path.truncate(depth.saturating_sub(1));
        if word.is_some_and(|(_, at)| at > path.len()) {
            word = None;
        }
        if let Some(b) = inp {
            path.push(b);
            if word.is_none() && (b == FULL || b == INITIALS) {
                word = Some((b, path.len()));
            }
        }
        let n = fst.node(addr);
        if n.is_final() {
            if let Some((_, at)) = word {
                seen += 1;
                let first = path.first().copied().unwrap_or(0);
                on(first, &path[at..], out.cat(n.final_output()).value());
                if seen >= scan {
                    return;
                }
            }
        }
        if word.is_none() && path.len() >= letters {
            // Only a terminal may follow.
            for b in [FULL, INITIALS] {
                if let Some(t) = n.find_input(b).map(|k| n.transition(k)) {
                    stack.push((t.addr, out.cat(t.out), depth + 1, Some(t.inp)));
                }
            }
            continue;
        }
        // Reverse order, so that keys come out in ascending order.
        for i in (0..n.len()).rev() {
            let t = n.transition(i);
            stack.push((t.addr, out.cat(t.out), depth + 1, Some(t.inp)));
        }
    }
}

/// Keeps the `KEEP_PER_SPAN` most frequent of `words` (ties: the smaller word first), each
/// word once, as found at `end`.
fn keep_top(words: &mut Vec<(String, u64, Kind)>, end: usize, out: &mut Vec<Found>) {
    crate::sort::by(words, |a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)).is_lt()
    });
    words.dedup_by(|a, b| a.0 == b.0);
    words.truncate(KEEP_PER_SPAN);
    out.extend(words.drain(..).map(|(word, freq, kind)| Found {
        end,
        kind,
        word,
        freq,
    }));
}

/// Every word the letters from `p` spell in `fst`, fully, as initials, or (when they run to
/// the end of the query) as the beginning of a longer word.
fn walk(fst: &Fst<&[u8]>, row: &[Slot<'_>], p: usize, out: &mut Vec<Found>) {
    let letter = |i: usize| match row.get(i).map(|s| s.tok) {
        Some(Tok::Letter(b)) => Some(b),
        _ => None,
    };
    let mut stack: Vec<(usize, usize, Output)> = vec![(fst.root().addr(), p, Output::zero())];
    while let Some((addr, i, acc)) = stack.pop() {
        let node = fst.node(addr);
        if i > p {
            for (term, kind) in [(FULL, Kind::Full), (INITIALS, Kind::Initials)] {
                if let Some(t) = node.find_input(term).map(|k| node.transition(k)) {
                    let mut words = Vec::new();
                    let (node, acc) = (fst.node(t.addr), acc.cat(t.out));
                    below(fst, node, acc, SCAN_HOMOPHONES, 0, Some(term), |_, w, v| {
                        if let Ok(w) = std::str::from_utf8(w) {
                            words.push((w.to_owned(), v, kind));
                        }
                    });
                    keep_top(&mut words, i, out);
                }
            }
        }
        let Some(c) = letter(i) else {
            if i > p && i == row.len() {
                // What is typed may be a syllable (the key could break here) or a part of one:
                // completions that continue the syllable rank below those after it.
                let whole = [SEP, FULL, INITIALS]
                    .iter()
                    .any(|&b| node.find_input(b).is_some());
                let mut words = Vec::new();
                below(
                    fst,
                    node,
                    acc,
                    SCAN_COMPLETIONS,
                    COMPLETE_LETTERS,
                    None,
                    |first, w, v| {
                        if let Ok(w) = std::str::from_utf8(w) {
                            let kind = if whole && first != SEP {
                                Kind::SyllableCompletion
                            } else {
                                Kind::Completion
                            };
                            words.push((w.to_owned(), v, kind));
                        }
                    },
                );
                // Words spelled in full here were found above.
                words.retain(|(w, _, _)| {
                    !out.iter()
                        .any(|f| f.end == i && f.kind == Kind::Full && &f.word == w)
                });
                keep_top(&mut words, i, out);
            }
            continue;
        };
        if i == p || !row[i].brk {
            if let Some(t) = node.find_input(c).map(|k| node.transition(k)) {
                stack.push((t.addr, i + 1, acc.cat(t.out)));
            }
        }
        if i > p {
            if let Some(s) = node.find_input(SEP).map(|k| node.transition(k)) {
                let n2 = fst.node(s.addr);
                if let Some(t) = n2.find_input(c).map(|k| n2.transition(k)) {
                    stack.push((t.addr, i + 1, acc.cat(s.out).cat(t.out)));
                }
            }
        }
    }
}

/// A partial reading: its score and how it got here.
#[derive(Debug, Clone)]
struct Hyp {
    score: f64,
    /// Position and index of the reading it extends (`None` at the start).
    from: Option<(usize, usize)>,
    /// The text this step adds, and whether it was read from letters.
    text: String,
    read: bool,
    start: usize,
}

fn push_beam(beam: &mut Vec<Hyp>, h: Hyp) {
    let at = beam.partition_point(|b| b.score >= h.score);
    if at < BEAM {
        beam.insert(at, h);
        beam.truncate(BEAM);
    }
}

/// The likeliest readings of `q`'s letters as words of `dict` (empty when it has no letters
/// to read, or none spell anything), or `None` while spelling shards are missing (requested in
/// `need`). `word_total` is the vocabulary's frequency sum.
pub(crate) fn readings(
    dict: &dyn Dictionary,
    q: &Query,
    word_total: u64,
    need: &mut Need,
) -> Result<Option<Vec<Reading>>> {
    let Some(row) = tokens(q) else {
        return Ok(Some(Vec::new()));
    };
    let log_total = (word_total.max(1) as f64).ln();
    let n = row.len();
    let mut beams: Vec<Vec<Hyp>> = vec![Vec::new(); n + 1];
    beams[0].push(Hyp {
        score: 0.0,
        from: None,
        text: String::new(),
        read: false,
        start: 0,
    });
    let mut missing = false;
    for p in 0..n {
        if beams[p].is_empty() {
            continue;
        }
        let step: Vec<(usize, String, bool, f64)> = match row[p].tok {
            Tok::Fixed(s) => vec![(p + 1, s.to_owned(), false, 0.0)],
            Tok::Letter(c) => {
                // Where the keys these letters can spell are: the next letter follows
                // directly, or after a break, or the word ends.
                let mut prefixes = vec![vec![c, FULL], vec![c, INITIALS], vec![c, SEP]];
                match row.get(p + 1) {
                    None => prefixes = vec![vec![c]],
                    Some(s) if !s.brk => {
                        if let Tok::Letter(d) = s.tok {
                            prefixes.push(vec![c, d]);
                        }
                    }
                    Some(_) => {}
                }
                let Some(fsts) = dict.spellings(&prefixes, need)? else {
                    missing = true;
                    continue;
                };
                let mut found = Vec::new();
                for f in &fsts {
                    walk(f, &row, p, &mut found);
                }
                found
                    .into_iter()
                    .map(|f| {
                        let cost = match f.kind {
                            Kind::Full => 0.0,
                            Kind::Initials => INITIALS_COST,
                            Kind::Completion => COMPLETION_COST,
                            Kind::SyllableCompletion => SYLLABLE_COMPLETION_COST,
                        };
                        let s = (f.freq.max(1) as f64).ln() - log_total - cost;
                        (f.end, f.word, true, s)
                    })
                    .collect()
            }
        };
        for (end, text, read, s) in step {
            // Only the best way to reach `end` with this word from each reading.
            for i in 0..beams[p].len() {
                let h = Hyp {
                    score: beams[p][i].score + s,
                    from: Some((p, i)),
                    text: text.clone(),
                    read,
                    start: p,
                };
                if beams[end]
                    .iter()
                    .any(|b| b.from == h.from && b.text == h.text && b.score >= h.score)
                {
                    continue;
                }
                push_beam(&mut beams[end], h);
            }
        }
    }
    if missing {
        return Ok(None);
    }
    let mut out: Vec<Reading> = Vec::new();
    let mut singles = 0;
    for h in &beams[n] {
        // Walk back to the start.
        let mut steps: Vec<&Hyp> = Vec::new();
        let mut at = Some(h);
        while let Some(s) = at {
            if s.from.is_none() {
                break;
            }
            steps.push(s);
            at = s.from.and_then(|(p, i)| beams[p].get(i));
        }
        steps.reverse();
        if !steps.iter().any(|s| s.read) {
            continue;
        }
        // Letters read as one character each (`di`: 的, 地, 第) find most articles for
        // little: one such reading at most.
        let single = steps
            .iter()
            .filter(|s| s.read)
            .all(|s| s.text.chars().nth(1).is_none());
        if single && singles == 1 {
            continue;
        }
        let r = assemble(q, &row, &steps, h.score);
        if !out.iter().any(|o| o.query == r.query) {
            singles += usize::from(single);
            out.push(r);
        }
        if out.len() == MAX_READINGS {
            break;
        }
    }
    Ok(Some(out))
}

/// The query a reading stands for.
fn assemble(q: &Query, row: &[Slot<'_>], steps: &[&Hyp], score: f64) -> Reading {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut label: Vec<String> = Vec::new();
    for s in steps {
        let slot = &row[s.start];
        if slot.piece_start || pieces.is_empty() || slot.quoted {
            pieces.push(Piece {
                key: String::new(),
                quoted: slot.quoted,
                breaks: Vec::new(),
            });
            label.push(String::new());
        }
        if let (Some(p), Some(l)) = (pieces.last_mut(), label.last_mut()) {
            p.key.push_str(&s.text);
            l.push_str(&s.text);
        }
    }
    Reading {
        query: Query {
            pieces,
            excluded: q.excluded.clone(),
        },
        label: label.join(" "),
        score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spell::keys;

    struct Whole(Vec<u8>);
    impl Dictionary for Whole {
        fn spellings(&self, _: &[Vec<u8>], _: &mut Need) -> Result<Option<Vec<Fst<&[u8]>>>> {
            Ok(Some(vec![Fst::new(self.0.as_slice()).unwrap()]))
        }
    }

    fn dict(words: &[(&str, u64)], latin: &[(&str, u64)]) -> Whole {
        let keys = keys::dictionary(words, latin, 1);
        let mut b = fst::MapBuilder::memory();
        for (k, v) in keys {
            b.insert(k, v).unwrap();
        }
        Whole(b.into_inner().unwrap())
    }

    fn labels(d: &Whole, q: &str) -> Vec<String> {
        let q = Query::parse(q);
        readings(d, &q, 10_000, &mut Need::default())
            .unwrap()
            .unwrap()
            .into_iter()
            .map(|r| r.label)
            .collect()
    }

    fn news() -> Whole {
        dict(
            &[
                ("兴隆", 40),
                ("社区", 300),
                ("兴", 20),
                ("隆", 5),
                ("社", 10),
                ("区", 80),
                ("星", 30),
                ("龙", 25),
                ("西安", 50),
                ("先", 90),
                ("线", 60),
                ("旅游", 70),
                ("行长", 15),
                ("北京", 200),
                ("上海", 150),
                ("社会", 500),
            ],
            &[],
        )
    }

    #[test]
    fn full_pinyin_with_and_without_breaks() {
        let d = news();
        assert_eq!(labels(&d, "xinglongshequ")[0], "兴隆社区");
        assert_eq!(labels(&d, "xing long she qu")[0], "兴隆 社区");
        assert_eq!(labels(&d, "xing'long'she'qu")[0], "兴隆社区");
        assert_eq!(labels(&d, "lvyou")[0], "旅游");
        assert_eq!(labels(&d, "beijing shanghai")[0], "北京 上海");
    }

    #[test]
    fn apostrophe_separates_syllables() {
        let d = news();
        assert_eq!(labels(&d, "xi'an")[0], "西安");
        let plain = labels(&d, "xian");
        assert_eq!(plain[0], "先", "{plain:?}");
        assert!(plain.contains(&"西安".to_owned()), "homophones: {plain:?}");
    }

    #[test]
    fn initials_completion_polyphones_and_mixed() {
        let d = news();
        assert_eq!(labels(&d, "xlsq")[0], "兴隆社区");
        assert_eq!(labels(&d, "xinglongsh")[0], "兴隆社会");
        assert!(labels(&d, "xinglongsh").contains(&"兴隆社区".to_owned()));
        assert_eq!(labels(&d, "hangzhang")[0], "行长");
        assert_eq!(labels(&d, "xingzhang")[0], "行长");
        assert_eq!(labels(&d, "兴隆sq")[0], "兴隆社区");
    }

    #[test]
    fn nothing_to_read_and_clamps() {
        let d = news();
        assert!(labels(&d, "社区").is_empty());
        assert!(labels(&d, "qqqqxx").is_empty());
        assert!(labels(&d, &"xing".repeat(20)).is_empty());
        assert!(labels(&d, "\"xinglong\"").is_empty());
        // one letter: bounded completions
        assert!(labels(&d, "x").len() <= MAX_READINGS);
    }

    #[test]
    fn fixed_pieces_stay() {
        let d = news();
        let q = Query::parse("2024 xinglong -南乐");
        let r = readings(&d, &q, 10_000, &mut Need::default())
            .unwrap()
            .unwrap();
        assert_eq!(r[0].query.to_string(), "2024 兴隆 -南乐");
    }
}
