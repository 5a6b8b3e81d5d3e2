//! Text normalization for messy (OCR) Chinese text.
//!
//! Every text is turned into two views that share one coordinate system:
//!
//! - the **search key**: what matching runs on. No whitespace at all (so any query finds its text
//!   "ignoring whitespace"), quotation marks and brackets removed (so 五星支部 matches “五星”支部),
//!   full-width ASCII folded to ASCII and Latin letters lower-cased (so ２０２３ = 2023, Ａbc = abc),
//!   Traditional characters folded to Simplified ones ([`han`]: 鄉村振興 = 乡村振兴).
//!   Sentence punctuation stays and so breaks phrases.
//! - the **display text**: what people read in snippets. Line breaks joined, whitespace between
//!   CJK characters (or next to CJK punctuation) dropped, one space kept between Latin words and
//!   numbers (and between them and Chinese), original width and case kept.
//!
//! The display text is stored as the key plus sparse [`Edit`]s (characters inserted before a key
//! position, or a key character shown as its original form), so highlights computed on the key land
//! exactly on the matched characters of the display text. A Traditional passage costs one edit
//! ([`Edit::Traditional`]: from here on, show the default Traditional form of each character)
//! plus one per character that differs from that default, not one per character.

pub mod han;

/// The version of the normalization below. Indexes record the version that built their keys
/// and readers refuse another one ([`crate::Error::Normalization`]): bump it whenever a change
/// here changes any key.
pub const NORMALIZATION: u32 = 3;

/// A display-only change at a key character position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Show `ch` before key character `at` (a space, a quotation mark, a bracket).
    Insert { at: u32, ch: char },
    /// Show key character `at` as `ch` (its original width, case or script).
    Replace { at: u32, ch: char },
    /// From key character `at` on, show each character in its default Traditional form
    /// ([`han::traditional`]) when `on`, as it is when not (until the next such edit).
    Traditional { at: u32, on: bool },
}

impl Edit {
    /// The key character position this edit applies to.
    pub fn at(&self) -> u32 {
        match *self {
            Edit::Insert { at, .. } | Edit::Replace { at, .. } | Edit::Traditional { at, .. } => at,
        }
    }
}

/// A normalized text: the search key and the edits that turn it back into display text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// Search key (see the module docs).
    pub key: String,
    /// Number of characters in `key`.
    pub key_chars: u32,
    /// Edits in key order (inserts before the replace at the same position).
    pub edits: Vec<Edit>,
}

impl Normalized {
    /// The full display text.
    pub fn display(&self) -> String {
        render_display(&self.key, 0, self.key_chars, &self.edits, |_, _| {}).0
    }
}

/// True for characters that read as Chinese/Japanese/Korean text or CJK punctuation, around
/// which whitespace is never meaningful.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x2010..=0x206F    // general punctuation: dashes, curly quotes, ellipsis
        | 0x2E80..=0x2FDF    // CJK radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x312F    // bopomofo
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x3190..=0x31FF    // kanbun, CJK strokes, kana extensions
        | 0x3200..=0x33FF    // enclosed CJK, compatibility
        | 0x3400..=0x4DBF    // ext A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE10..=0xFE1F    // vertical forms
        | 0xFE30..=0xFE6F    // compatibility forms, small forms
        | 0xFF00..=0xFFEF    // full-width and half-width forms
        | 0xFFFD             // replacement character (OCR noise)
        | 0x20000..=0x3FFFF  // ideograph extensions B..
    )
}

/// True for Han ideographs (the characters the query-time dictionary segments).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Folds one character to its search form: full-width letters, digits and symbols to ASCII,
/// capital letters to small ones ([`lower`]), and the sentence punctuation both widths share
/// (, ; : ! ?) to its full-width form, the one Chinese text uses (so common text needs no
/// display edits), and Traditional Han characters to Simplified ones ([`han::simplified`]).
/// Always one character in, one out.
pub fn fold_char(c: char) -> char {
    if is_han(c) {
        return han::simplified(c);
    }
    let c = match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '!' => '！',
        '?' => '？',
        '，' | '；' | '：' | '！' | '？' => c,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    lower(c)
}

/// The small letter of a capital in the scripts Chinese text mixes in: Latin (ASCII, Latin-1,
/// Latin Extended-A, Vietnamese), Greek and Cyrillic; every other character as it is. A table
/// of a few ranges rather than Unicode's full case mapping, whose tables would cost every
/// visitor about 6 KB of the wasm module.
pub fn lower(c: char) -> char {
    let u = c as u32;
    let even = u.is_multiple_of(2);
    let l = match u {
        0x41..=0x5A => u + 32,
        0xC0..=0xDE if u != 0xD7 => u + 32,
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if even => u + 1,
        0x139..=0x148 | 0x179..=0x17E if !even => u + 1,
        0x178 => 0xFF,
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF if even => u + 1,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 37,
        0x38C => 0x3CC,
        0x38E | 0x38F => u + 63,
        0x391..=0x3AB if u != 0x3A2 => u + 32,
        0x400..=0x40F => u + 80,
        0x410..=0x42F => u + 32,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if even => u + 1,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

/// Quotation marks and brackets (after folding): shown, but not part of the search key,
/// so they never break a phrase.
pub fn is_transparent(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '(' | ')'
            | '[' | ']'
            | '{' | '}'
            | '<' | '>'
            | '\u{2018}'..='\u{201F}' // ‘ ’ ‚ ‛ “ ” „ ‟
            | '\u{2039}' | '\u{203A}'
            | '\u{00AB}' | '\u{00BB}'
            | '\u{3008}'..='\u{3011}' // 〈 〉 《 》 「 」 『 』 【 】
            | '\u{3014}'..='\u{301F}' // 〔 〕 〖 〗 〘 〙 〚 〛 〜 〝 〞 〟
            | '\u{FE41}'..='\u{FE44}' // vertical corner brackets
            | '\u{FF62}' | '\u{FF63}' // half-width corner brackets
    )
}

/// Sentence punctuation (after folding): splits unquoted query pieces.
pub fn is_sentence_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '；' | '：' | '！' | '？' | '。' | '、' | '｡' | '､'
    )
}

/// A mark that ends a sentence, in either width: 。！？ (and ｡ ! ?).
pub fn is_full_stop(c: char) -> bool {
    matches!(fold_char(c), '。' | '！' | '？' | '｡')
}

/// A mark that ends a clause, in either width: a full stop or ，；： (not the list comma 、).
/// Snippets start after one and stories' titles stop at one.
pub fn is_clause_end(c: char) -> bool {
    is_full_stop(c) || matches!(fold_char(c), '，' | '；' | '：')
}

/// Whether whitespace next to `c` is meaningless: CJK text and punctuation, but not
/// full-width letters and digits (２０２３ spaces like 2023).
fn spaceless(c: char) -> bool {
    is_cjk(c) && !fold_char(c).is_ascii_alphanumeric()
}

/// Whether a run of whitespace between `a` and `b` shows as one space: not between two CJK
/// characters and not next to CJK punctuation or symbols; kept between Latin words and numbers, and
/// between them and Chinese (正常的 https 链接, 115 项).
fn keeps_space(a: char, b: char) -> bool {
    // CJK punctuation and symbols such as ■ ● ※ (non-ASCII, neither letter nor digit)
    let symbol = |c: char| !c.is_alphanumeric() && !c.is_ascii();
    !(symbol(a) || symbol(b) || (spaceless(a) && spaceless(b)))
}

/// Characters dropped entirely (controls, zero-width marks, soft hyphens).
fn is_dropped(c: char) -> bool {
    (c.is_control() && !c.is_whitespace())
        || matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        )
}

/// Normalizes `text` (see the module docs).
pub fn normalize(text: &str) -> Normalized {
    normalize_with(text, false, |_| {})
}

/// [`normalize`] for a title: the same key, but the display keeps one space wherever the
/// title has whitespace, also between Chinese characters (开展燃气安全大排查 筑牢燃气安全防线
/// is two lines of a headline, not OCR noise).
pub fn normalize_title(text: &str) -> Normalized {
    normalize_with(text, true, |_| {})
}

/// The search key of `text` and, for each key character, the position (in characters) of the
/// character of `text` it came from: how a page's own text is marked where a query matches
/// ([`crate::highlight`]).
pub fn key_with_sources(text: &str) -> (String, Vec<u32>) {
    let mut sources = Vec::new();
    let key = normalize_with(text, false, |i| sources.push(i)).key;
    (key, sources)
}

/// [`normalize`], calling `on_key(i)` for each key character with the position of the
/// character of `text` it came from.
fn normalize_with(text: &str, spaces: bool, mut on_key: impl FnMut(u32)) -> Normalized {
    let mut out = Normalized {
        key: String::with_capacity(text.len()),
        ..Default::default()
    };
    let mut prev: Option<char> = None;
    let mut pending_space = false;
    // Han characters whose display depends on the script: (key position, as written, key,
    // its default Traditional form).
    let mut han: Vec<(u32, char, char, char)> = Vec::new();
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if is_dropped(c) {
            continue;
        }
        let at = out.key_chars;
        if pending_space {
            pending_space = false;
            if let Some(p) = prev {
                if spaces || keeps_space(p, c) {
                    out.edits.push(Edit::Insert { at, ch: ' ' });
                }
            }
        }
        prev = Some(c);
        let f = fold_char(c);
        if is_transparent(f) {
            out.edits.push(Edit::Insert { at, ch: c });
        } else {
            out.key.push(f);
            on_key(i as u32);
            let t = han::traditional(f);
            if is_han(f) && (f != c || t != f) {
                han.push((at, c, f, t));
            } else if f != c {
                out.edits.push(Edit::Replace { at, ch: c });
            }
            out.key_chars += 1;
        }
    }
    if !han.is_empty() {
        let before = out.edits.len();
        script_edits(&han, &mut out.edits);
        if out.edits.len() > before {
            // Stable: at one position, inserts stay before the replace.
            crate::sort::by_key(&mut out.edits, Edit::at);
        }
    }
    out
}

/// The fewest edits that show Han characters `han` as written: where to switch the display
/// between Simplified and Traditional ([`Edit::Traditional`], one edit each) and which
/// characters still need an [`Edit::Replace`] (two states, one pass: a Viterbi walk).
fn script_edits(han: &[(u32, char, char, char)], edits: &mut Vec<Edit>) {
    let miss = |trad: bool, c: char, f: char, t: char| u32::from((if trad { t } else { f }) != c);
    // cost[s]: fewest edits so far ending in state s (0 Simplified, 1 Traditional); the text
    // starts in Simplified. `from[i]` bit s: state i-1 came from the other state.
    let mut cost = [0u32, 1];
    let mut from = Vec::with_capacity(han.len());
    for &(_, c, f, t) in han {
        let mut bits = 0u8;
        let mut next = [0u32; 2];
        for s in 0..2 {
            let (stay, switch) = (cost[s], cost[1 - s] + 1);
            if switch < stay {
                bits |= 1 << s;
            }
            next[s] = stay.min(switch) + miss(s == 1, c, f, t);
        }
        from.push(bits);
        cost = next;
    }
    // Walk back for the states, then emit in order.
    let mut state = usize::from(cost[1] < cost[0]);
    let mut states = vec![0u8; han.len()];
    for i in (0..han.len()).rev() {
        states[i] = state as u8;
        if from[i] & (1 << state) != 0 {
            state = 1 - state;
        }
    }
    let mut trad = false;
    for (&(at, c, f, t), &s) in han.iter().zip(&states) {
        let want = s == 1;
        if want != trad {
            trad = want;
            edits.push(Edit::Traditional { at, on: trad });
        }
        if miss(trad, c, f, t) == 1 {
            edits.push(Edit::Replace { at, ch: c });
        }
    }
}

/// The search key of `text`: [`normalize`] without the display edits.
pub fn key(text: &str) -> String {
    normalize(text).key
}

/// The normalized readable text: display text with width and case folded
/// (`"Ａbc  DEF\n２０２３ 年"` gives `"abc def 2023 年"`).
pub fn clean(text: &str) -> String {
    normalize(text).display().chars().map(fold_char).collect()
}

/// Renders the display text of key characters `[start, end)`.
///
/// `key` is the whole key, `edits` all its edits in order. Inserts at `start` are included, inserts
/// at `end` only when `end` is the end of the key. `on_char(key_index, display_index)` is called for
/// every key character rendered, so callers can map key positions to display positions.
/// Returns the text and its length in characters.
pub fn render_display(
    key: &str,
    start: u32,
    end: u32,
    edits: &[Edit],
    mut on_char: impl FnMut(u32, u32),
) -> (String, u32) {
    let mut out = String::new();
    let mut n: u32 = 0;
    let first = edits.partition_point(|e| e.at() < start);
    let mut traditional = edits[..first].iter().rev().find_map(|e| match *e {
        Edit::Traditional { on, .. } => Some(on),
        _ => None,
    }) == Some(true);
    let mut edits = edits[first..].iter().peekable();
    let key_len = key.chars().count() as u32;
    for (i, c) in key.chars().enumerate().skip(start as usize) {
        let i = i as u32;
        if i >= end {
            break;
        }
        let mut replaced = None;
        while let Some(e) = edits.peek() {
            if e.at() != i {
                break;
            }
            match **e {
                Edit::Insert { ch, .. } => {
                    out.push(ch);
                    n += 1;
                }
                Edit::Replace { ch, .. } => replaced = Some(ch),
                Edit::Traditional { on, .. } => traditional = on,
            }
            edits.next();
        }
        let shown = replaced.unwrap_or(if traditional { han::traditional(c) } else { c });
        on_char(i, n);
        out.push(shown);
        n += 1;
    }
    if end >= key_len {
        for e in edits {
            if let Edit::Insert { ch, .. } = *e {
                out.push(ch);
                n += 1;
            }
        }
    }
    (out, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_broken_lines_and_drops_cjk_spaces() {
        let n = normalize("刘万\n玺 同志坚持问题导\n向 ，注重部门联动 。");
        assert_eq!(n.key, "刘万玺同志坚持问题导向，注重部门联动。");
        assert!(n.edits.is_empty());
        assert_eq!(n.display(), "刘万玺同志坚持问题导向，注重部门联动。");
    }

    #[test]
    fn keeps_latin_spaces_in_display_not_in_key() {
        let n = normalize("Hello   World\n2023 年 5G 网络, 115 项");
        assert_eq!(n.key, "helloworld2023年5g网络，115项");
        assert_eq!(n.display(), "Hello World 2023 年 5G 网络, 115 项");
        assert_eq!(clean("Ａbc  DEF\n２０２３ 年"), "abc def 2023 年");
        assert_eq!(
            normalize("共 26 次 ，解决\n问题").display(),
            "共 26 次，解决问题"
        );
    }

    #[test]
    fn lower_agrees_with_unicode_where_it_folds() {
        let covered = |c: char| {
            c.is_ascii()
                || (('\u{C0}'..'\u{17F}').contains(&c) && c != '\u{130}')
                || ('\u{391}'..'\u{3AC}').contains(&c)
                || ('\u{400}'..'\u{430}').contains(&c)
        };
        for c in (0u32..0x2000).filter_map(char::from_u32) {
            let l = lower(c);
            if l != c {
                assert_eq!(c.to_lowercase().collect::<String>(), l.to_string(), "{c:?}");
            } else if covered(c) {
                // Inside the covered blocks, every capital with a one-letter small form folds.
                let mut low = c.to_lowercase();
                let single = matches!((low.next(), low.next()), (Some(_), None));
                assert!(!(c.is_uppercase() && single), "{c:?} not folded");
            }
        }
        assert_eq!(key("ÄÖÜ ÉÈ ΩΜΈΓΑ ПРИВЕТ Ỳ"), "äöüéèωμέγαпривет\u{1ef3}");
    }

    #[test]
    fn folds_width_and_case() {
        assert_eq!(key("２０２３"), key("2023"));
        assert_eq!(key("Ａbc"), "abc");
        assert_eq!(key("ＡＢＣ"), "abc");
        let n = normalize("Ａbc");
        assert_eq!(n.display(), "Ａbc");
    }

    #[test]
    fn quotes_and_brackets_are_transparent() {
        let n = normalize("“五星”支部，“书记工程”（试点）");
        assert_eq!(n.key, "五星支部，书记工程试点");
        assert_eq!(n.display(), "“五星”支部，“书记工程”（试点）");
    }

    #[test]
    fn replacement_char_is_kept_and_controls_dropped() {
        let n = normalize("本报\u{FFFD}讯\u{0007}\u{200B}了");
        assert_eq!(n.key, "本报\u{FFFD}讯了");
    }

    #[test]
    fn traditional_text_has_simplified_keys_and_shows_as_written() {
        let n = normalize("鄉村振興，檔案館。乡村振兴");
        assert_eq!(n.key, "乡村振兴，档案馆。乡村振兴");
        assert_eq!(n.display(), "鄉村振興，檔案館。乡村振兴");
        // One switch to Traditional, one back: no edit per character.
        assert_eq!(
            n.edits,
            vec![
                Edit::Traditional { at: 0, on: true },
                Edit::Traditional { at: 9, on: false }
            ]
        );
        // A form other than the default one (髮 for 发, 頭髮) costs one edit.
        let n = normalize("頭髮發展");
        assert_eq!(n.key, "头发发展");
        assert_eq!(n.display(), "頭髮發展");
        assert_eq!(n.edits.len(), 2);
        // A window inside a Traditional passage renders in Traditional.
        let n = normalize("鄉村振興工作");
        let mut map = Vec::new();
        let (s, _) = render_display(&n.key, 2, 6, &n.edits, |k, d| map.push((k, d)));
        assert_eq!(s, "振興工作");
        assert_eq!(map, vec![(2, 0), (3, 1), (4, 2), (5, 3)]);
    }

    #[test]
    fn render_window_maps_positions() {
        let n = normalize("“五星”支部");
        let mut map = Vec::new();
        let (s, len) = render_display(&n.key, 0, n.key_chars, &n.edits, |k, d| map.push((k, d)));
        assert_eq!(s, "“五星”支部");
        assert_eq!(len, 6);
        assert_eq!(map, vec![(0, 1), (1, 2), (2, 4), (3, 5)]);
        let (s, _) = render_display(&n.key, 2, 4, &n.edits, |_, _| {});
        assert_eq!(s, "”支部");
    }
}
