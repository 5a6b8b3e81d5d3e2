//! Splitting an OCR'd newspaper page into its stories.
//!
//! A county paper's e-paper page comes out of OCR as one text: several stories, their
//! headlines (sometimes gathered at the foot of the page, far from their stories), place lines
//! (濮阳县郎中乡), column names, photo captions and bylines, with lines broken wherever the
//! column was narrow. The rules, in order:
//!
//! 1. **Each line gets a kind.** A line that continues an unfinished sentence of the line before
//!    is text, whatever it looks like (past a blank line, only when the line before is as wide
//!    as the column: 80 % of the page's wrapped lines' 80th percentile). Otherwise:
//!    - *opening*: starts with 本报讯;
//!    - *closing*: a credit ending in 文/图, a byline in brackets ending a line （杨燕平 魏奕阳）,
//!      or a line of one to three names right after a finished paragraph (谢青 何雯);
//!    - *reporter*: 本报记者 …, 全媒体记者 … 通讯员 …, or an author line (… 党委书记 赵振);
//!    - *header*: the page's first line when it is a date line (2024年 1月 4日 星期四 …);
//!      *banner*: a line led by ■;
//!    - *place*: a short all-Han line naming a county, district or city unit (南乐县城关镇);
//!    - *heading* ([`reads_as_heading`]): 2 to 40 characters without sentence punctuation, not
//!      ending in a comma or colon; when the next line follows without a blank line, it must
//!      also be narrower than 80 % of the column and hold no comma. Led by a dash, a
//!      *subtitle* (——华龙区建设办…侧记). Two headlines printed on one line (中站区:…
//!      孟州市:…) are two headings;
//!    - everything else is text (a photo credit … 摄 included).
//! 2. **Stories.** An opening or reporter line starts a story (unless the story so far is an
//!    uncued caption of fewer than 60 characters, which it then takes in); a closing line ends
//!    one; text outside a story starts an uncued one (a feature without 本报讯). Headings met
//!    inside a story and followed by its text are its sections; headings followed by a new
//!    story's cue, or outside any story, wait to be placed. The last three lines before a
//!    story's start are its *lead*.
//! 3. **Headlines.** Each waiting heading is scored against the stories: the share of its
//!    character pairs found in the story, each pair weighted `ln((n + 1) / k)` when `k` of the
//!    `n` stories hold it, less the best share of any other story (a slogan quoted in two
//!    stories is neither's headline), plus 0.4 when it is in the story's lead and 0.4 when a
//!    place line next to it is named in the story. Pairs are taken best first (equal scores:
//!    the heading nearer the story's start), each heading and story once, while the score is
//!    at least 0.2. A story still without a headline may take a subtitle the same way (a dash
//!    line may be a headline whose opening quote OCR lost; the dash goes); then the remaining
//!    subtitles are placed as subtitles, and place lines go with the story that names them.
//!    Whatever is left (banners, column names, the date line) stays in the text of the story
//!    after it (or the last one), so every line of the page is in exactly one story.
//! 4. **Fragments.** An uncued story without a headline, shorter than 200 characters and
//!    without a photo credit (OCR's misplaced tail of a column) joins the story before it.
//!
//! A page with no opening, reporter or closing line at all is not a newspaper page: it stays
//! one story.

use super::{Block, Story};
use crate::normalize::{fold_char, is_clause_end, is_full_stop};
use std::collections::{HashMap, HashSet};

/// A heading or subtitle has at most this many non-space characters.
const MAX_HEADING: usize = 40;
/// A place line has this many characters.
const PLACE_CHARS: std::ops::RangeInclusive<usize> = 4..=16;
/// A caption before a cue that the cue's story takes in is shorter than this.
const CAPTION_CHARS: usize = 60;
/// An uncued headline-less story shorter than this joins the story before it.
const FRAGMENT_CHARS: usize = 200;
/// Headline scores: standing right before the story (among the last [`LEAD_LINES`] lines
/// before its cue), a place line beside it named in the story, and the least score that
/// places a heading.
const LEAD_BONUS: f32 = 0.4;
const PLACE_BONUS: f32 = 0.4;
const MIN_SCORE: f32 = 0.2;
const LEAD_LINES: usize = 3;
/// The share of the best other story's fit taken off a heading's fit to a story.
const AMBIGUITY: f32 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Open,
    Reporter,
    Close,
    Header,
    Banner,
    Subtitle,
    Place,
    Heading,
    Text,
}

impl Kind {
    /// Lines that wait to be placed when they stand outside a story's text.
    fn is_heading_like(self) -> bool {
        matches!(
            self,
            Kind::Header | Kind::Banner | Kind::Subtitle | Kind::Place | Kind::Heading
        )
    }
}

fn non_space(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// What may end a line of finished text: a full stop, `；` or `…`.
fn is_sentence_end(c: char) -> bool {
    is_full_stop(c) || matches!(fold_char(c), '…' | '；')
}

fn has_sentence_punct(s: &str) -> bool {
    s.chars().any(is_full_stop)
}

fn is_closing_mark(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '"' | '\'' | '）' | ')' | '》' | '】'
    )
}

/// Whether the line ends a sentence (closing quotes and brackets after the mark allowed).
fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .chars()
        .rev()
        .find(|&c| !is_closing_mark(c) && !c.is_whitespace())
        .is_some_and(is_sentence_end)
}

fn is_han(c: char) -> bool {
    crate::normalize::is_han(c)
}

/// 本报讯, optionally with its bracketed reporters, at the start of `s`, removed.
pub(crate) fn strip_cue(s: &str) -> &str {
    let t = s.trim_start();
    let Some(rest) = t.strip_prefix("本报讯") else {
        return t;
    };
    let rest = rest.trim_start();
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = rest.strip_prefix(open) {
            if let Some(end) = inner.find(close) {
                if inner[..end].chars().count() <= 30 {
                    return inner[end + close.len_utf8()..].trim_start();
                }
            }
        }
    }
    rest
}

const REPORTER_STARTS: [&str; 5] = ["本报记者", "全媒体记者", "本报通讯员", "记者", "通讯员"];
const AUTHOR_TITLES: [&str; 10] = [
    "书记", "记者", "主任", "局长", "部长", "县长", "镇长", "乡长", "社长", "主编",
];

fn is_name(token: &str) -> bool {
    let n = token.chars().count();
    (2..=3).contains(&n) && token.chars().all(is_han)
}

/// 本报记者 宁江东, 全媒体记者 王献伟 通讯员 何雯, or 范县王楼镇党委书记 赵振 (not a credit).
pub(crate) fn is_reporter_line(s: &str) -> bool {
    let t = s.trim();
    if non_space(t) > MAX_HEADING || has_sentence_punct(t) || is_credit(t) || ends_with_photo(t) {
        return false;
    }
    if REPORTER_STARTS.iter().any(|p| t.starts_with(p)) {
        return true;
    }
    let mut tokens = t.split_whitespace().rev();
    match (tokens.next(), tokens.next()) {
        (Some(name), Some(role)) => {
            is_name(name)
                && AUTHOR_TITLES.iter().any(|r| role.ends_with(r))
                && tokens.next().is_none()
        }
        _ => false,
    }
}

fn is_credit(t: &str) -> bool {
    ["文/图", "文／图", "图/文", "图／文"]
        .iter()
        .any(|c| t.ends_with(c))
}

fn ends_with_photo(t: &str) -> bool {
    t.ends_with('摄') && t.chars().count() <= 80
}

/// A bracketed byline ending the line: `（李欣欣）`, `(全媒体记者 王献伟 通讯员 卢艳敏)`, either
/// alone or after a finished sentence.
fn ends_with_byline(t: &str) -> bool {
    for (open, close) in [('（', '）'), ('(', ')')] {
        let Some(inner_end) = t.strip_suffix(close) else {
            continue;
        };
        let Some(start) = inner_end.rfind(open) else {
            continue;
        };
        let inner = &inner_end[start + open.len_utf8()..];
        let before = inner_end[..start].trim_end();
        let names = inner
            .chars()
            .all(|c| is_han(c) || c.is_whitespace() || c == '、' || c == ',' || c == '，');
        let n = non_space(inner);
        if names && (2..=30).contains(&n) && (before.is_empty() || ends_sentence(before)) {
            return true;
        }
    }
    false
}

/// One to three names, optionally followed by 摄: 谢青 何雯, 田建光.
fn is_names_line(t: &str) -> bool {
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let names = match tokens.last() {
        Some(&"摄") => &tokens[..tokens.len() - 1],
        _ => &tokens[..],
    };
    (1..=3).contains(&names.len()) && names.iter().all(|n| is_name(n))
}

const PLACE_UNITS: [char; 3] = ['县', '区', '市'];
const PLACE_ENDS: [&str; 16] = [
    "镇", "乡", "办", "街道", "社区", "村", "委", "团", "局", "部", "站", "所", "院", "县", "区",
    "市",
];

/// 南乐县城关镇, 经开区皇甫办纪工委, 华龙区孟轲乡人大主席团.
fn is_place(t: &str) -> bool {
    let n = t.chars().count();
    PLACE_CHARS.contains(&n)
        && t.chars().all(is_han)
        && t.chars().take(6).skip(1).any(|c| PLACE_UNITS.contains(&c))
        && PLACE_ENDS.iter().any(|e| t.ends_with(e))
}

/// The page's date line: a year, month and day, or a weekday.
fn is_header(t: &str) -> bool {
    let has = |c| t.contains(c);
    (has('年') && has('月') && has('日') && t.chars().any(|c| c.is_ascii_digit()))
        || has('星') && t.contains("星期")
}

/// The short part of a place name a story may use instead of the whole (城关镇 for
/// 南乐县城关镇).
fn place_short(p: &str) -> &str {
    match p
        .char_indices()
        .find(|&(i, c)| i > 0 && PLACE_UNITS.contains(&c))
    {
        Some((i, c)) if p[i + c.len_utf8()..].chars().count() >= 2 => &p[i + c.len_utf8()..],
        _ => p,
    }
}

/// A line with what the splitter decided about it.
#[derive(Debug, Clone)]
struct Line<'a> {
    text: &'a str,
    kind: Kind,
    /// A blank line separates it from the previous non-blank line.
    after_blank: bool,
    /// It continues the unfinished sentence of the previous line.
    continues: bool,
}

fn classify(text: &str) -> Vec<Line<'_>> {
    let raw: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    // The page's column width: wrapped lines (followed directly by another line).
    let mut wrapped: Vec<usize> = raw
        .windows(2)
        .filter(|w| !w[0].trim().is_empty() && !w[1].trim().is_empty())
        .map(|w| non_space(w[0]))
        .collect();
    wrapped.sort_unstable();
    let column = if wrapped.len() >= 5 {
        wrapped[wrapped.len() * 4 / 5] as f32
    } else {
        f32::INFINITY
    };
    let mut out: Vec<Line> = Vec::new();
    let mut blank = true;
    let mut first = true;
    for (no, &l) in raw.iter().enumerate() {
        let t = l.trim();
        if t.is_empty() {
            blank = true;
            continue;
        }
        let prev = out.last();
        let unfinished = prev
            .is_some_and(|p| matches!(p.kind, Kind::Text | Kind::Open) && !ends_sentence(p.text));
        // Past a blank line, only a line wrapped at the column's width goes on.
        let wrapped = unfinished
            && (!blank || prev.is_some_and(|p| non_space(p.text) as f32 >= 0.8 * column));
        let adjacent_next = raw.get(no + 1).is_some_and(|n| !n.trim().is_empty());
        let kind = if unfinished && !blank {
            Kind::Text
        } else if t.starts_with("本报讯") {
            Kind::Open
        } else if is_credit(t)
            || ends_with_byline(t)
            || (!unfinished
                && is_names_line(t)
                && prev.is_some_and(|p| {
                    matches!(p.kind, Kind::Text | Kind::Open) && ends_sentence(p.text)
                }))
        {
            Kind::Close
        } else if ends_with_photo(t) {
            Kind::Text
        } else if is_reporter_line(t) {
            Kind::Reporter
        } else if first && is_header(t) && !has_sentence_punct(t) {
            Kind::Header
        } else if t.starts_with('■') && non_space(t) <= MAX_HEADING {
            Kind::Banner
        } else if is_place(t) {
            Kind::Place
        } else if wrapped {
            Kind::Text
        } else if is_heading(t, adjacent_next, column) {
            if t.starts_with(['—', '-', '－']) {
                Kind::Subtitle
            } else {
                Kind::Heading
            }
        } else {
            Kind::Text
        };
        out.push(Line {
            text: t,
            kind,
            after_blank: blank,
            continues: wrapped,
        });
        blank = false;
        first = false;
    }
    out
}

/// A line that reads as a heading by itself: 2 to 40 characters, no sentence punctuation, not
/// ending in a comma or colon. (Also how a reader page tells a story's section headings.)
pub fn reads_as_heading(t: &str) -> bool {
    let t = t.trim();
    let n = non_space(t);
    let last = t.chars().last().unwrap_or(' ');
    let open_ended = is_clause_end(last) || matches!(last, '、' | '､');
    (2..=MAX_HEADING).contains(&n) && !t.contains('\n') && !has_sentence_punct(t) && !open_ended
}

/// Step 1's heading rule: [`reads_as_heading`], and when the next line follows without a blank,
/// narrower than 80 % of the column and without a comma.
fn is_heading(t: &str, adjacent_next: bool, column: f32) -> bool {
    let comma = |c: char| matches!(fold_char(c), '，' | '、');
    reads_as_heading(t)
        && (!adjacent_next || ((non_space(t) as f32) < 0.8 * column && !t.chars().any(comma)))
}

/// Two headlines printed on one line (中站区:… 孟州市:…) are two headings.
fn split_double_headline(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let idx: Vec<(usize, char)> = t.char_indices().collect();
    for (k, &(i, c)) in idx.iter().enumerate() {
        if !c.is_whitespace() || i < start {
            continue;
        }
        // whitespace, then 1-5 Han characters ending in 市/区/县, then a colon
        let rest: Vec<char> = idx[k + 1..].iter().map(|&(_, c)| c).take(7).collect();
        let colon = rest.iter().position(|&c| c == ':' || c == '：');
        let ok = colon.is_some_and(|p| {
            (2..=6).contains(&p)
                && rest[..p].iter().all(|&c| is_han(c))
                && PLACE_UNITS.contains(&rest[p - 1])
        });
        if ok && !t[start..i].trim().is_empty() {
            out.push(t[start..i].trim());
            start = i;
        }
    }
    out.push(t[start..].trim());
    out
}

/// A story being assembled.
#[derive(Debug, Default)]
struct Draft {
    blocks: Vec<Block>,
    /// It has an opening or reporter line.
    cued: bool,
    closed: bool,
    text_chars: usize,
    photo: bool,
    headline: Option<String>,
    /// Blocks placed before the story's own text (subtitle, place line, column).
    lead: Vec<(usize, Block)>,
}

impl Draft {
    fn push_text(&mut self, line: &Line, joins: bool) {
        self.text_chars += non_space(line.text);
        self.photo |= ends_with_photo(line.text);
        if joins {
            if let Some(Block::Text(t)) = self.blocks.last_mut() {
                t.push('\n');
                t.push_str(line.text);
                return;
            }
        }
        self.blocks.push(Block::Text(line.text.to_owned()));
    }
}

/// A heading line waiting to be placed.
#[derive(Debug, Clone)]
struct Waiting {
    /// Position among the page's non-blank lines.
    at: usize,
    text: String,
    kind: Kind,
    /// The story that started right after it, if any.
    before: Option<usize>,
}

fn pairs(s: &str) -> HashSet<(char, char)> {
    let typed: Vec<char> = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(fold_char)
        .collect();
    typed.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Splits a newspaper page (the whole text, its first line included) into its stories (see
/// the module docs). A page that is not one gives one story.
pub fn split(text: &str) -> Vec<Story> {
    let lines = classify(text);
    let cued = lines
        .iter()
        .any(|l| matches!(l.kind, Kind::Open | Kind::Reporter | Kind::Close));
    if !cued {
        let blocks = lines
            .iter()
            .map(|l| Block::Text(l.text.to_owned()))
            .collect();
        return vec![Story {
            blocks,
            ..Story::default()
        }];
    }
    let mut drafts: Vec<Draft> = Vec::new();
    let mut cur: Option<Draft> = None;
    let mut waiting: Vec<Waiting> = Vec::new();
    let mut run: Vec<usize> = Vec::new(); // waiting entries of the current heading run
    for (i, line) in lines.iter().enumerate() {
        let kind = line.kind;
        if kind.is_heading_like() {
            // Inside a story, headings followed by its text are its sections.
            let next = lines[i..].iter().find(|l| !l.kind.is_heading_like());
            let section = cur.as_ref().is_some_and(|c| !c.closed && c.text_chars > 0)
                && next.is_some_and(|n| matches!(n.kind, Kind::Text | Kind::Close))
                && kind != Kind::Header;
            if section {
                if let Some(c) = cur.as_mut() {
                    c.blocks.push(Block::Heading(line.text.to_owned()));
                }
            } else {
                let parts = if kind == Kind::Heading {
                    split_double_headline(line.text)
                } else {
                    vec![line.text]
                };
                for p in parts {
                    run.push(waiting.len());
                    waiting.push(Waiting {
                        at: i,
                        text: p.to_owned(),
                        kind,
                        before: None,
                    });
                }
            }
            continue;
        }
        let starts = match kind {
            Kind::Open | Kind::Reporter => match cur.as_mut() {
                Some(c) if !c.cued && c.text_chars < CAPTION_CHARS && !c.closed => {
                    c.cued = true;
                    false
                }
                _ => true,
            },
            _ => cur.is_none(),
        };
        if starts {
            if let Some(c) = cur.take() {
                drafts.push(c);
            }
            let n = drafts.len();
            let last = run.last().map_or(0, |&w| waiting[w].at);
            for w in run.drain(..) {
                if last - waiting[w].at < LEAD_LINES {
                    waiting[w].before = Some(n);
                }
            }
            cur = Some(Draft {
                cued: matches!(kind, Kind::Open | Kind::Reporter),
                ..Draft::default()
            });
        }
        let Some(c) = cur.as_mut() else { continue };
        let joins =
            matches!(kind, Kind::Text | Kind::Close) && (line.continues || !line.after_blank);
        c.push_text(line, joins);
        if kind == Kind::Close {
            c.closed = true;
            drafts.push(cur.take().unwrap_or_default());
        }
    }
    if let Some(c) = cur.take() {
        drafts.push(c);
    }
    run.clear();
    if drafts.is_empty() {
        return vec![Story::default()];
    }
    place(&mut drafts, &waiting);
    let drafts = join_fragments(drafts);
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let mut blocks: Vec<Block> = d.lead.into_iter().map(|(_, b)| b).collect();
            blocks.extend(d.blocks);
            Story {
                headline: d.headline.unwrap_or_default(),
                anchor: format!("s{}", i + 1),
                blocks,
                weights: Vec::new(),
            }
        })
        .collect()
}

/// Step 3 of the module docs: headlines, subtitles and place lines to their stories, the rest
/// to the story after them.
fn place(drafts: &mut [Draft], waiting: &[Waiting]) {
    let texts: Vec<String> = drafts
        .iter()
        .map(|d| {
            d.blocks
                .iter()
                .map(Block::text)
                .collect::<Vec<_>>()
                .join("")
        })
        .collect();
    // Which stories hold each character pair, and which name each place line.
    let mut holders: HashMap<(char, char), Vec<usize>> = HashMap::new();
    for (s, t) in texts.iter().enumerate() {
        for p in pairs(t) {
            holders.entry(p).or_default().push(s);
        }
    }
    // (A story naming a place holds every pair of its short form: only the holders of the
    // rarest one are searched.)
    let naming: Vec<Vec<usize>> = waiting
        .iter()
        .map(|w| {
            if w.kind != Kind::Place {
                return Vec::new();
            }
            let short = place_short(&w.text);
            let rarest = pairs(short)
                .into_iter()
                .map(|p| holders.get(&p).map_or(&[][..], Vec::as_slice))
                .min_by_key(|h| h.len())
                .unwrap_or(&[]);
            rarest
                .iter()
                .copied()
                .filter(|&s| texts[s].contains(w.text.as_str()) || texts[s].contains(short))
                .collect()
        })
        .collect();
    let ctx = Fit {
        waiting,
        holders: &holders,
        naming: &naming,
        stories: texts.len(),
    };
    let mut used = vec![false; waiting.len()];
    // Headlines; then, for stories still without one, a subtitle (a dash line may be a
    // headline whose opening quote OCR lost); then subtitles.
    let scores = |kind: Kind| -> Vec<(f32, usize, usize)> {
        let mut scored = Vec::new();
        for (w, h) in waiting.iter().enumerate().filter(|(_, h)| h.kind == kind) {
            for (s, score) in ctx.fit(h) {
                if score >= MIN_SCORE {
                    scored.push((score, w, s));
                }
            }
        }
        // Equal scores: the heading nearer the story's start (printed right above it) first.
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(waiting[b.1].at.cmp(&waiting[a.1].at))
                .then(a.2.cmp(&b.2))
        });
        scored
    };
    for (kind, as_headline) in [
        (Kind::Heading, true),
        (Kind::Subtitle, true),
        (Kind::Subtitle, false),
    ] {
        let mut taken: Vec<bool> = drafts
            .iter()
            .map(|d| as_headline && d.headline.is_some())
            .collect();
        for (_, w, s) in scores(kind) {
            if used[w] || taken[s] {
                continue;
            }
            used[w] = true;
            taken[s] = true;
            let text = waiting[w].text.clone();
            if as_headline {
                let text = text.trim_start_matches(['—', '-', '－']).trim().to_owned();
                drafts[s].headline = Some(text);
            } else {
                drafts[s].lead.push((waiting[w].at, Block::Heading(text)));
            }
        }
    }
    // Place lines: to the story that names them (the one after them first), else after them.
    for (w, p) in waiting
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Place)
    {
        let first = p.before.filter(|b| naming[w].contains(b));
        if let Some(s) = first.or_else(|| naming[w].first().copied()) {
            used[w] = true;
            drafts[s].lead.push((p.at, Block::Heading(p.text.clone())));
        }
    }
    // The rest stays in the text of the story after it, else of the last one.
    for (w, h) in waiting.iter().enumerate() {
        if used[w] {
            continue;
        }
        let block = Block::Heading(h.text.clone());
        match h.before {
            Some(s) => drafts[s].lead.push((h.at, block)),
            None => {
                let last = drafts.len() - 1;
                drafts[last].blocks.push(block);
            }
        }
    }
    for d in drafts.iter_mut() {
        d.lead.sort_by_key(|(at, _)| *at);
    }
}

/// What scoring a heading against the stories needs (step 3 of the module docs).
struct Fit<'a> {
    waiting: &'a [Waiting],
    /// The stories holding each character pair.
    holders: &'a HashMap<(char, char), Vec<usize>>,
    /// Per waiting line, the stories that name it (place lines only).
    naming: &'a [Vec<usize>],
    stories: usize,
}

impl Fit<'_> {
    /// How well heading `h` fits the stories it could belong to, as `(story, score)`: the
    /// weighted share of its character pairs found in the story, less the best share of any
    /// other story (a slogan quoted in two stories is neither's headline), plus the lead and
    /// place bonuses. A pair held by `k` of `n` stories weighs `ln((n + 1) / k)`. Stories
    /// sharing no pair with it, not right after it and not named beside it cannot reach the
    /// least score and are left out.
    fn fit(&self, h: &Waiting) -> Vec<(usize, f32)> {
        let hp = pairs(&h.text);
        if hp.is_empty() {
            return Vec::new();
        }
        let n = (self.stories + 1) as f32;
        let mut total = 0.0;
        let mut shares: HashMap<usize, f32> = HashMap::new();
        for p in &hp {
            let holders = self.holders.get(p).map_or(&[][..], Vec::as_slice);
            let weight = (n / holders.len().max(1) as f32).ln();
            total += weight;
            for &s in holders {
                *shares.entry(s).or_default() += weight;
            }
        }
        let total = f32::max(total, f32::MIN_POSITIVE);
        let share = |s: usize| shares.get(&s).copied().unwrap_or(0.0) / total;
        // Place lines beside the heading, and the stories naming them.
        let placed: Vec<usize> = (0..self.waiting.len())
            .filter(|&w| {
                self.waiting[w].kind == Kind::Place && self.waiting[w].at.abs_diff(h.at) <= 1
            })
            .flat_map(|w| self.naming[w].iter().copied())
            .collect();
        let mut candidates: Vec<usize> = shares
            .keys()
            .copied()
            .chain(h.before)
            .chain(placed.iter().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        // The two best shares give every story "the best other".
        let (mut best, mut second) = ((0.0f32, usize::MAX), 0.0f32);
        for &s in &candidates {
            let v = share(s);
            if v > best.0 {
                second = best.0;
                best = (v, s);
            } else if v > second {
                second = v;
            }
        }
        candidates
            .into_iter()
            .map(|s| {
                let other = if s == best.1 { second } else { best.0 };
                let mut score = share(s) - AMBIGUITY * other;
                if h.before == Some(s) {
                    score += LEAD_BONUS;
                }
                if placed.contains(&s) {
                    score += PLACE_BONUS;
                }
                (s, score)
            })
            .collect()
    }
}

/// Step 4 of the module docs.
fn join_fragments(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::new();
    for d in drafts {
        let fragment = !d.cued
            && d.headline.is_none()
            && d.text_chars < FRAGMENT_CHARS
            && !d.photo
            && d.lead.iter().all(|(_, b)| matches!(b, Block::Heading(_)));
        match out.last_mut() {
            Some(prev) if fragment => {
                prev.blocks.extend(d.lead.into_iter().map(|(_, b)| b));
                prev.blocks.extend(d.blocks);
                prev.text_chars += d.text_chars;
            }
            _ => out.push(d),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues() {
        assert!(is_reporter_line("本报记者 宁江东"));
        assert!(is_reporter_line("范县王楼镇党委书记 赵振"));
        assert!(!is_reporter_line("本报记者 王梦梦 摄"));
        assert!(!is_reporter_line("全媒体记者 王献伟 通讯员 何雯 文/图"));
        assert!(ends_with_byline("（杨燕平 魏奕阳）"));
        assert!(ends_with_byline("等企业蓬勃发展。 （李欣欣）"));
        assert!(ends_with_byline("(全媒体记者 王献伟 通讯员 卢艳敏)"));
        assert!(!ends_with_byline("表现优秀的村(社区)"));
        assert!(is_names_line("谢青 何雯") && is_names_line("田建光"));
        assert!(!is_names_line("学思想 强党性 重实践 建新功") && !is_names_line("节前敲警钟"));
        assert!(is_place("南乐县城关镇") && is_place("华龙区孟轲乡人大主席团"));
        assert!(!is_place("市区交通整治") && !is_place("乡贤回归赋能乡村振兴"));
        assert_eq!(place_short("南乐县城关镇"), "城关镇");
        assert_eq!(place_short("范县颜村铺乡"), "颜村铺乡");
        assert_eq!(
            strip_cue("本报讯(记者杜挺勇 通讯员王珊)扎实推进"),
            "扎实推进"
        );
        assert_eq!(
            split_double_headline("中站区:突出创新 共助“五星” 孟州市:高点起步"),
            vec!["中站区:突出创新 共助“五星”", "孟州市:高点起步"]
        );
    }

    #[test]
    fn a_page_without_cues_is_one_story() {
        let s = split("标题\n\n第一段没有任何记者署名。\n\n小标题\n\n第二段。\n");
        assert_eq!(s.len(), 1);
    }
}

/// The letters, digits and Han characters of `text`, sorted: what splitting must keep.
#[cfg(test)]
fn letters(text: &str) -> String {
    let mut v: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    v.sort_unstable();
    v.into_iter().collect()
}

/// [`letters`] of all the stories' headlines and bodies.
#[cfg(test)]
fn story_letters(stories: &[Story]) -> String {
    let all: String = stories
        .iter()
        .flat_map(|s| [s.headline.clone(), s.body()])
        .collect();
    letters(&all)
}

#[cfg(test)]
mod pages {
    use super::*;

    const HEADLINES: &str = include_str!("../../tests/data/headlines.tsv");

    fn page(name: &str) -> String {
        let path = format!("{}/../articles/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).expect("read a default article")
    }

    /// Each default page splits into the stories a reader of the printed page sees, with
    /// their headlines (`engine/tests/data/headlines.tsv`).
    #[test]
    fn the_default_pages_split_into_their_stories() {
        let mut want: Vec<(&str, Vec<&str>)> = Vec::new();
        for l in HEADLINES.lines().filter(|l| !l.starts_with('#')) {
            let (p, h) = l.split_once('\t').expect("page<TAB>headline");
            match want.last_mut() {
                Some((last, hs)) if *last == p => hs.push(h),
                _ => want.push((p, vec![h])),
            }
        }
        assert_eq!(want.len(), 5);
        let mut report = String::new();
        let mut ok = true;
        for (name, headlines) in &want {
            let text = page(name);
            let stories = split(&text);
            let got: Vec<&str> = stories.iter().map(|s| s.headline.as_str()).collect();
            report.push_str(&format!("== {name}\n"));
            for s in &stories {
                let body = s.body();
                let start: String = body
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .take(30)
                    .collect();
                report.push_str(&format!(
                    "  [{}] {} chars | {start}\n",
                    s.headline,
                    body.chars().count()
                ));
            }
            ok &= got == *headlines;
            // Every letter, digit and Han character of the page is in exactly one story (a
            // dash before a headline may go).
            let (a, k) = (letters(&text), story_letters(&stories));
            assert!(
                a == k,
                "{name}: the stories do not hold the page's text: {} vs {} chars",
                a.chars().count(),
                k.chars().count()
            );
        }
        assert!(ok, "{report}");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Lines as OCR'd pages have them: cues, bylines, places, headings, wrapped text.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("本报讯 近日，某镇召开会议".to_owned()),
            Just("（任增睿）".to_owned()),
            Just("等企业蓬勃发展。 （李欣欣）".to_owned()),
            Just("南乐县城关镇".to_owned()),
            Just("■ 专栏".to_owned()),
            Just("——华龙区工作纪实".to_owned()),
            Just("本报记者 宁江东".to_owned()),
            Just("张广森 李光耀 摄".to_owned()),
            Just("全媒体记者 王献伟 文/图".to_owned()),
            Just("谢青 何雯".to_owned()),
            Just("2024年 1月 4日 星期四".to_owned()),
            Just("中站区:突出创新 孟州市:高点起步".to_owned()),
            "[乡村振兴燃气安全五星支部，。、！a-z0-9 ]{0,30}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// Any page splits without a panic into stories holding every letter, digit and Han
        /// character of the page once, with distinct anchors.
        #[test]
        fn splitting_keeps_every_character_once(lines in prop::collection::vec(line(), 0..60)) {
            let text = lines.join("\n");
            let stories = split(&text);
            prop_assert_eq!(letters(&text), story_letters(&stories));
            let anchors: HashSet<&str> = stories.iter().map(|s| s.anchor.as_str()).collect();
            prop_assert_eq!(anchors.len(), stories.len());
        }
    }
}
