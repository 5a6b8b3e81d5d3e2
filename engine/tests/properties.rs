//! Property tests: search results against brute force on the default articles and on random
//! corpora, normalization invariants, well-formed snippets, and damaged index files.
#![cfg(feature = "indexer")]

mod common;

use std::sync::OnceLock;

use common::{
    article, ingest_articles, opts, panic_message, section_count, sections, Corpus, ENTRY_LEN,
    HEADER_LEN,
};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use zhsearch_engine::build::{build_index, BuildOptions};
use zhsearch_engine::normalize::{clean, key, normalize, Edit};
use zhsearch_engine::query::{Query, MAX_PIECES};
use zhsearch_engine::{Article, Index, SearchOptions, SearchResults};

/// Bounded, deterministic runs that leave no regression files behind.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x7a68_7365_6172_6368),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// `articles` and their index built with `opts`.
fn build(articles: Vec<Article>, opts: &BuildOptions) -> Corpus<Vec<u8>> {
    let index = Index::open(build_index(&articles, opts).expect("build")).expect("open");
    Corpus::new(articles, index)
}

/// The default articles, indexed once.
fn default() -> &'static Corpus<Vec<u8>> {
    static C: OnceLock<Corpus<Vec<u8>>> = OnceLock::new();
    C.get_or_init(|| build(ingest_articles(), &BuildOptions::default()))
}

/// Runs `q` on `c` and checks it against the brute-force model and every hit's invariants
/// (see [`Corpus::check_results`]).
///
/// With spelling (pinyin, typos) on, the same page starts with the same hits, and whatever
/// follows them was found by a reading or a correction.
fn check(c: &Corpus<Vec<u8>>, q: &str, o: &SearchOptions) -> Result<SearchResults, TestCaseError> {
    let search = |o: &SearchOptions| {
        c.index
            .search(q, o)
            .map_err(|e| TestCaseError::fail(format!("{q:?}: {e}")))
    };
    let plain = SearchOptions {
        spell: false,
        ..o.clone()
    };
    let r = search(&plain)?;
    c.check_results(q, &r, &plain)
        .map_err(TestCaseError::fail)?;
    let s = search(&SearchOptions {
        spell: true,
        ..o.clone()
    })?;
    let spelled = !s.pinyin.is_empty() || s.corrected.is_some();
    if !spelled {
        prop_assert_eq!(&s, &r, "{:?}: nothing spelled, yet other results", q);
    } else if r.relaxed.is_none() {
        prop_assert!(s.total >= r.total, "{:?}: spelling lost results", q);
        let typed = r.total.saturating_sub(o.offset).min(r.hits.len());
        prop_assert_eq!(
            &s.hits[..typed],
            &r.hits[..typed],
            "{:?}: typed hits first",
            q
        );
        for h in &s.hits[typed..] {
            prop_assert!(
                h.pinyin.is_some() || s.corrected.is_some(),
                "{:?}: {:?}",
                q,
                h
            );
        }
    }
    Ok(r)
}

/// `len` non-whitespace characters of `text` from character `start` on (so across line breaks),
/// without query syntax characters (quotes; a leading minus).
fn excerpt(text: &str, start: usize, len: usize) -> String {
    let s: String = text
        .chars()
        .skip(start)
        .filter(|c| !c.is_whitespace())
        .take(len)
        .filter(|c| !matches!(c, '"' | '\u{FF02}'))
        .collect();
    s.trim_start_matches(['-', '\u{FF0D}']).to_owned()
}

/// A start position in `text`: anywhere, or just before a line break (where OCR broke words).
fn start_in(text: &str, frac: f64, near_break: bool, back: usize) -> usize {
    let n = text.chars().count();
    let breaks: Vec<usize> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| *c == '\n')
        .map(|(i, _)| i)
        .collect();
    if near_break && !breaks.is_empty() {
        let b = breaks[((frac * breaks.len() as f64) as usize).min(breaks.len() - 1)];
        b.saturating_sub(back)
    } else {
        ((frac * n as f64) as usize).min(n.saturating_sub(1))
    }
}

// ---------------------------------------------------------------------------------------------
// Search on the default articles
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(400))]

    /// Any 1-8 characters of an article (whitespace removed, across line breaks too) find that
    /// article, quoted or not, and exactly the articles brute force finds.
    #[test]
    fn substrings_of_the_text_are_found(
        doc in 0..5usize,
        in_title in prop::bool::weighted(0.15),
        frac in 0.0..1.0f64,
        near_break in any::<bool>(),
        back in 0..6usize,
        len in 1..=8usize,
        quoted in any::<bool>(),
    ) {
        let c = default();
        let a = &c.articles[doc];
        let text = if in_title { &a.title } else { &a.body };
        let sub = excerpt(text, start_in(text, frac, near_break, back), len);
        let q = if quoted { format!("\"{sub}\"") } else { sub.clone() };
        let pieces: Vec<String> = Query::parse(&q).pieces.into_iter().map(|p| p.key).collect();
        if pieces.is_empty() {
            return Ok(()); // only punctuation or quotation marks
        }
        // Every piece comes from the article's own key.
        let (t, b) = &c.keys[doc];
        prop_assert!(pieces.iter().all(|p| t.contains(p.as_str()) || b.contains(p.as_str())));
        let r = check(c, &q, &opts(1000))?;
        prop_assert!(r.hits.iter().any(|h| h.doc == doc as u32), "{:?} from {} not found", q, a.id);
        prop_assert_eq!(r.relaxed, None);
        prop_assert_eq!(r.hits.len(), r.total);
    }

    /// Every result of a quoted phrase contains it contiguously, and the results are exactly
    /// the articles that do (a phrase is never relaxed into words).
    #[test]
    fn quoted_phrases_match_contiguously(
        phrase in prop::collection::vec(prop::sample::select(PHRASE_CHARS), 1..6),
    ) {
        let phrase: String = phrase.into_iter().collect();
        let k = key(&phrase);
        let c = default();
        let r = check(c, &format!("\"{phrase}\""), &opts(1000))?;
        prop_assert_eq!(r.relaxed, None);
        for h in &r.hits {
            let d = c.index.doc(h.doc).unwrap();
            let contains = |hay: &[u8]| hay.windows(k.len()).any(|w| w == k.as_bytes());
            prop_assert!(contains(d.title_key) || contains(d.body_key), "{} lacks {:?}", h.id, k);
        }
        let expected = if k.is_empty() { vec![] } else { c.truth(&[k.as_str()], &[]) };
        prop_assert_eq!(r.total, expected.len());
    }

    /// Queries of several pieces, quoted or not, with exclusions: brute force (with the relaxed
    /// fallback when nothing matches as typed), at any page.
    #[test]
    fn random_queries_match_brute_force(
        pieces in prop::collection::vec((word(), any::<bool>()), 1..4),
        excluded in prop::collection::vec(word(), 0..2),
        limit in 1..8usize,
        offset in 0..3usize,
    ) {
        let mut q: Vec<String> = pieces
            .iter()
            .map(|(w, quoted)| if *quoted { format!("\"{w}\"") } else { w.clone() })
            .collect();
        q.extend(excluded.iter().map(|w| format!("-{w}")));
        let q = q.join(" ");
        let c = default();
        check(c, &q, &opts(1000))?;
        check(c, &q, &SearchOptions { limit, offset, ..SearchOptions::default() })?;
    }
}

/// Characters common in the articles, with punctuation, spaces and quotation marks.
const PHRASE_CHARS: &[char] = &[
    '五', '星', '支', '部', '创', '建', '乡', '村', '振', '兴', '工', '作', '的', '党', '镇', '治',
    '理', '，', '、', '。', ' ', '“', '”', '2', '0', '3', '年', ',', '\n',
];

/// Characters of query words (no whitespace, punctuation or quotes).
const WORD_CHARS: &[char] = &[
    '五', '星', '支', '部', '创', '建', '乡', '村', '振', '兴', '工', '作', '的', '党', '镇', '治',
    '理', '2', '0', '3', '年',
];

/// A query word: 1-4 common characters.
fn word() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORD_CHARS), 1..5)
        .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(config(300))]

    /// Snippets and highlights are well formed for any options: highlights sorted, apart, within
    /// the snippet, covering pieces; one passage is a window of the body with `…` where cut.
    #[test]
    fn snippets_and_highlights_are_well_formed(
        spots in prop::collection::vec((0..5usize, 0.0..1.0f64, 1..5usize), 1..4),
        passages in 0..5usize,
        snippet_chars in 0..250u32,
        limit in 1..6usize,
    ) {
        let c = default();
        let q: Vec<String> = spots
            .iter()
            .map(|&(d, frac, len)| {
                let body = &c.articles[d].body;
                excerpt(body, start_in(body, frac, false, 0), len)
            })
            .collect();
        let q = q.join(" ");
        let o = SearchOptions { limit, offset: 0, passages, snippet_chars, ..SearchOptions::default() };
        check(c, &q, &o)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Normalization
// ---------------------------------------------------------------------------------------------

/// Text like the OCR pages: CJK, spaces and line breaks, both widths, quotes, brackets,
/// Latin and digits, invisible characters and U+FFFD.
const MESSY_CHARS: &[char] = &[
    '五', '星', '支', '部', '年', '，', '。', '、', '：', ',', ':', '!', '?', ';', ' ', ' ', '\n',
    '\t', '\u{3000}', '“', '”', '‘', '’', '"', '\'', '(', ')', '（', '）', '《', '》', '「', '」',
    '【', '】', 'A', 'b', 'Z', 'Ａ', 'ｂ', '２', '0', '9', '０', '-', '－', '\u{FFFD}', '\u{200B}',
    '\u{FEFF}', '\u{AD}', '\u{7}', '\u{0}', 'İ', 'ẞ', 'Σ', 'ﬁ', '…', '■', '😀', '\u{0301}',
    // Traditional, Simplified and both (發 and 髮 fold to 发; 乾 and 幹 to 干; 衞 is Hong Kong's 衛)
    '鄉', '乡', '檔', '档', '發', '髮', '发', '干', '乾', '幹', '國', '国', '衞', '衛', '卫', '著',
    '人',
];

/// Characters [`normalize`] drops, among [`MESSY_CHARS`].
const DROPPED: &[char] = &['\u{200B}', '\u{FEFF}', '\u{AD}', '\u{7}', '\u{0}'];

fn messy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(MESSY_CHARS), 0..60)
        .prop_map(|v| v.into_iter().collect())
}

fn check_normalize(t: &str) -> Result<(), TestCaseError> {
    let n = normalize(t);
    let k = &n.key;
    prop_assert!(
        !k.chars().any(char::is_whitespace),
        "whitespace in key {:?}",
        k
    );
    prop_assert_eq!(n.key_chars as usize, k.chars().count());
    prop_assert_eq!(&key(t), k);
    // The display text is the key plus display-only characters: same key again.
    let display = n.display();
    prop_assert_eq!(&key(&display), k, "display {:?}", display);
    let inserts = n
        .edits
        .iter()
        .filter(|e| matches!(e, Edit::Insert { .. }))
        .count();
    prop_assert_eq!(display.chars().count(), n.key_chars as usize + inserts);
    prop_assert!(
        n.edits.windows(2).all(|w| w[0].at() <= w[1].at()),
        "edits out of order"
    );
    prop_assert!(n.edits.iter().all(|e| e.at() <= n.key_chars));
    // The key is a fixed point, and the readable text has the same key.
    prop_assert_eq!(&key(k), k);
    let c = clean(t);
    prop_assert_eq!(&key(&c), k, "clean {:?}", c);
    prop_assert!(
        !c.contains("  ") && !c.starts_with(' ') && !c.ends_with(' '),
        "clean {:?}",
        c
    );
    prop_assert!(
        c.chars().all(|ch| ch == ' ' || !ch.is_whitespace()),
        "clean {:?}",
        c
    );
    // Queries parse without panicking into non-empty, whitespace-free pieces.
    let q = Query::parse(t);
    prop_assert!(q.pieces.len() + q.excluded.len() <= MAX_PIECES);
    for p in &q.pieces {
        prop_assert!(!p.key.is_empty() && !p.key.chars().any(char::is_whitespace));
        prop_assert!(p.quoted || !p.key.contains(['，', '。', '、', '；', '：', '！', '？']));
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn normalize_invariants_on_messy_text(t in messy()) {
        check_normalize(&t)?;
        // Every character shown is the one written (script, width and case included): only
        // whitespace is collapsed and invisible characters dropped.
        let shown: String = normalize(&t).display().chars().filter(|c| !c.is_whitespace()).collect();
        let written: String = t.chars().filter(|c| !c.is_whitespace() && !DROPPED.contains(c)).collect();
        prop_assert_eq!(shown, written);
    }

    #[test]
    fn normalize_invariants_on_any_string(t in any::<String>()) {
        check_normalize(&t)?;
    }

    /// Keys are computed character by character: the key of a concatenation is the
    /// concatenation of the keys (so a substring of a text has a substring of its key).
    #[test]
    fn key_is_compositional(a in messy(), b in messy()) {
        prop_assert_eq!(key(&format!("{a}{b}")), format!("{}{}", key(&a), key(&b)));
    }
}

proptest! {
    #![proptest_config(config(150))]

    /// Arbitrary query strings on the real index: no panic, no error, results as brute force.
    #[test]
    fn arbitrary_queries_never_fail(q in prop_oneof![messy(), any::<String>()]) {
        let q: String = q.chars().take(40).collect();
        check(default(), &q, &opts(1000))?;
    }
}

// ---------------------------------------------------------------------------------------------
// Random corpora
// ---------------------------------------------------------------------------------------------

/// Small texts over a small alphabet, so random queries often match (and pairs repeat).
fn small_text(max: usize) -> impl Strategy<Value = String> {
    const TEXT: &[char] = &[
        '乡', '村', '振', '兴', '五', '星', '支', '部', '的', '，', '。', ' ', '\n', '“', '”', 'a',
        'B', 'ａ', '1', '１',
    ];
    prop::collection::vec(prop::sample::select(TEXT), 0..max).prop_map(|v| v.into_iter().collect())
}

fn small_query() -> impl Strategy<Value = String> {
    const QUERY: &[char] = &[
        '乡', '村', '振', '兴', '五', '星', '支', '部', '的', 'a', 'b', '1', '，',
    ];
    let piece = prop::collection::vec(prop::sample::select(QUERY), 1..4)
        .prop_map(|v| v.into_iter().collect::<String>());
    prop::collection::vec((piece, 0..4u8), 1..4).prop_map(|ps| {
        ps.into_iter()
            .map(|(p, how)| match how {
                0 => format!("\"{p}\""),
                1 => format!("-{p}"),
                _ => p,
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

proptest! {
    #![proptest_config(config(12))]

    /// Random corpora, with every character pair indexed or none: exactly the brute-force
    /// results, with any build options.
    #[test]
    fn random_corpora_match_brute_force(
        docs in prop::collection::vec((small_text(6), small_text(40)), 1..10),
        pair_min_savings in prop::sample::select(&[0u32, 1, 2000][..]),
        vocab_min_freq in 1..3u32,
        queries in prop::collection::vec(small_query(), 20),
    ) {
        let articles: Vec<Article> = docs
            .into_iter()
            .enumerate()
            .map(|(i, (title, body))| article(&format!("d{i}"), &title, &body))
            .collect();
        let opts_b = BuildOptions { pair_min_savings, vocab_min_freq, threads: 1, ..BuildOptions::default() };
        let c = build(articles, &opts_b);
        for q in &queries {
            check(&c, q, &opts(100))?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Damaged index files
// ---------------------------------------------------------------------------------------------

fn small_index() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| {
        let articles = [
            article("a", "标题甲", "乡村振兴工作开展以来成效显著的情况"),
            article("b", "标题乙", "本报讯 “五星”支部创建, Hello World 2023 年"),
            article("c", "", "的的的"),
        ];
        build_index(
            &articles,
            &BuildOptions {
                pair_min_savings: 0,
                ..BuildOptions::default()
            },
        )
        .unwrap()
    })
}

proptest! {
    #![proptest_config(config(300))]

    /// Flipped bits anywhere are caught by the checksum; with the checksum recomputed (a file
    /// damaged before it was sealed), opening and searching may fail but return typed errors,
    /// never panic.
    #[test]
    fn damaged_files_never_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), 1..=255u8), 1..4),
        reseal in any::<bool>(),
    ) {
        let mut b = small_index().to_vec();
        for (at, mask) in &flips {
            let i = HEADER_LEN + at.index(b.len() - HEADER_LEN);
            b[i] ^= mask;
        }
        if reseal {
            common::reseal(&mut b);
        } else {
            prop_assert!(matches!(Index::open(b.as_slice()), Err(zhsearch_engine::Error::ChecksumMismatch)));
            return Ok(());
        }
        let bytes = b.clone();
        let run = move || {
            let b = bytes;
            if let Ok(idx) = Index::open(b.as_slice()) {
                for q in ["乡村 振兴", "五星支部", "的", "标题", "hello", "2023年", "开展以来 -甲", "乡村振兴工作开展"] {
                    let _ = idx.search(q, &SearchOptions { passages: 2, snippet_chars: 6, ..opts(10) });
                }
                for d in 0..idx.doc_count() {
                    if let Ok(doc) = idx.doc(d) {
                        let _ = (doc.meta(), doc.title_edits(), doc.body_edits(), doc.title_str(), doc.body_str());
                    }
                }
                let _ = idx.stats();
            }
        };
        if let Err(panic) = quietly(run) {
            let at: Vec<String> = flips
                .iter()
                .map(|(at, mask)| {
                    let i = HEADER_LEN + at.index(b.len() - HEADER_LEN);
                    format!("byte {i} ({}) ^= {mask:#04x}", section_of(small_index(), i))
                })
                .collect();
            prop_assert!(false, "panic after damaging {}: {}", at.join(", "), panic);
        }
    }
}

/// Which section of the index `bytes` holds byte `i` (from the section table).
fn section_of(bytes: &[u8], i: usize) -> String {
    if i < HEADER_LEN + section_count(bytes) * ENTRY_LEN {
        return "section table".into();
    }
    let names = [
        "",
        "meta",
        "chars-fst",
        "words-fst",
        "postings",
        "docs",
        "strings",
        "text",
        "edits",
    ];
    sections(bytes)
        .find(|&(_, off, len)| (off..off + len).contains(&i))
        .map(|(kind, off, _)| {
            let name = names.get(kind as usize).unwrap_or(&"?");
            format!("{name} section +{}", i - off)
        })
        .unwrap_or_default()
}

thread_local! {
    /// Set on threads whose panics are expected and reported by [`quietly`].
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The last panic message and location on this thread.
    static LAST: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs `f` on another thread, turning a panic into `Err(message with location)` without
/// printing it, and giving up after two seconds (a hung thread spins until the binary exits).
fn quietly(f: impl FnOnce() + Send + 'static) -> Result<(), String> {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(|q| q.get()) {
                let msg = panic_message(info.payload());
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                LAST.with(|l| *l.borrow_mut() = format!("{msg} at {at}"));
            } else {
                default(info);
            }
        }));
    });
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        QUIET.with(|q| q.set(true));
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let _ = tx.send(r.map_err(|_| LAST.with(|l| l.borrow().clone())));
    });
    rx.recv_timeout(std::time::Duration::from_secs(2))
        .unwrap_or_else(|_| Err("no answer after 2 s (endless loop?)".into()))
}

// ---------------------------------------------------------------------------------------------
// Filters, facets, dates and sorting
// ---------------------------------------------------------------------------------------------

const SECTIONS: &[&str] = &["要闻", "通知公告", "政策解读"];

/// A date as sites print it (in 2023-2024), one that is no day, or none.
fn date() -> impl Strategy<Value = (String, Option<i32>)> {
    use zhsearch_engine::filter::date::day;
    prop_oneof![
        Just((String::new(), None)),
        Just(("昨天".to_owned(), None)),
        (2023..2025u32, 1..13u32, 1..29u32, 0..3u8).prop_map(|(y, m, d, how)| {
            let s = match how {
                0 => format!("{y}年{m}月{d}日"),
                1 => format!("{y}-{m:02}-{d:02}"),
                _ => format!("{y}/{m}/{d}"),
            };
            let n = day(&s);
            (s, n)
        }),
    ]
}

proptest! {
    #![proptest_config(config(24))]

    /// Filters (fields AND, values OR), date bounds, facets and both date orders against
    /// brute force over the articles the query matches; browse mode lists what filters leave.
    #[test]
    fn filters_facets_and_dates_match_brute_force(
        docs in prop::collection::vec(
            (small_text(30), prop::sample::subsequence(SECTIONS, 0..3), prop::sample::subsequence(&["a", "b"][..], 0..3), date()),
            1..14,
        ),
        query in prop_oneof![small_query(), Just(String::new()), small_query().prop_map(|q| format!("-{}", q.replace(['-', '"', ' '], "")))],
        chosen in prop::sample::subsequence(SECTIONS, 0..3),
        tag in prop::option::of(prop::sample::select(&["a", "b", "c"][..])),
        after in prop::option::of(prop::sample::select(&["2023-07", "2024", "2023年3月15日"][..])),
        before in prop::option::of(prop::sample::select(&["2023", "2024-06-30"][..])),
        sort in prop::sample::select(&["relevance", "date", "-date"][..]),
    ) {
        use std::collections::BTreeMap;
        use zhsearch_engine::filter::date::span;
        let articles: Vec<Article> = docs
            .iter()
            .enumerate()
            .map(|(i, (body, sections, tags, (date, _)))| {
                let mut a = article(&format!("d{i}"), "", body);
                a.title = format!("第{i}篇");
                a.date = date.clone();
                a.tags = tags.iter().map(|t| t.to_string()).collect();
                if !sections.is_empty() {
                    a.meta.insert("栏目".into(), sections.iter().map(|s| s.to_string()).collect());
                }
                a
            })
            .collect();
        let b = BuildOptions { threads: 1, filter_fields: vec!["栏目".into()], ..BuildOptions::default() };
        let c = build(articles, &b);
        let mut o = opts(1000);
        if !chosen.is_empty() {
            o.narrowing.filters.set("栏目", chosen.iter().map(|s| s.to_string()).collect());
        }
        if let Some(t) = tag {
            o.narrowing.filters.set("tags", vec![t.to_owned()]);
        }
        o.narrowing.after = after.map(str::to_owned);
        o.narrowing.before = before.map(str::to_owned);
        o.narrowing.sort = sort.parse().unwrap();
        o.narrowing.facets = true;
        let r = c.index.search(&query, &o).map_err(|e| TestCaseError::fail(e.to_string()))?;

        // The model.
        let lo = after.map_or(i32::MIN, |a| span(a).unwrap().0);
        let hi = before.map_or(i32::MAX, |b| span(b).unwrap().1);
        let dated = after.is_some() || before.is_some();
        let browse = Query::parse(&query).pieces.is_empty() && (!o.narrowing.filters.is_empty() || dated || o.narrowing.facets);
        let matched: Vec<u32> = if browse {
            // Every article but those the query excludes.
            let parsed = Query::parse(&query);
            let excluded: Vec<&str> = parsed.excluded.iter().map(String::as_str).collect();
            c.truth(&[], &excluded)
        } else {
            c.model(&query).docs
        };
        let field_ok = |d: usize, field: &str| -> bool {
            let Some(want) = o.narrowing.filters.get(field) else { return true };
            let has: Vec<&str> = match field {
                "tags" => docs[d].2.clone(),
                _ => docs[d].1.clone(),
            };
            want.iter().any(|w| has.contains(&w.as_str()))
        };
        let day_ok = |d: usize| !dated || docs[d].3 .1.is_some_and(|x| (lo..=hi).contains(&x));
        let passes = |d: usize, except: &str| {
            day_ok(d) && ["栏目", "tags"].iter().all(|f| *f == except || field_ok(d, f))
        };
        let mut want: Vec<u32> = matched.iter().copied().filter(|&d| passes(d as usize, "")).collect();
        let mut got: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
        prop_assert_eq!(r.total, want.len());
        // Order: by day when asked (browse: newest first), undated last.
        let days_of = |v: &[u32]| v.iter().map(|&d| docs[d as usize].3 .1).collect::<Vec<_>>();
        let order = match (sort, browse) {
            ("relevance", false) => None,
            ("date", _) => Some(false),
            _ => Some(true),
        };
        if let Some(newest) = order {
            let days = days_of(&got);
            let mut sorted = days.clone();
            sorted.sort_by_key(|d| d.map_or((1, 0), |x| (0, if newest { -x } else { x })));
            prop_assert_eq!(days, sorted, "order of {:?}", got);
        }
        got.sort_unstable();
        want.sort_unstable();
        prop_assert_eq!(got, want);
        // Facets: every value met in the matching articles that pass the other fields'
        // filters, and the chosen ones.
        let mut facets: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for (field, values) in [("栏目", SECTIONS), ("tags", &["a", "b"][..])] {
            let mut counts = BTreeMap::new();
            for v in values {
                let n = matched
                    .iter()
                    .filter(|&&d| passes(d as usize, field))
                    .filter(|&&d| match field {
                        "tags" => docs[d as usize].2.contains(v),
                        _ => docs[d as usize].1.contains(v),
                    })
                    .count();
                let chosen_v = o.narrowing.filters.get(field).is_some_and(|c| c.iter().any(|x| x == v));
                let exists = docs.iter().any(|x| match field {
                    "tags" => x.2.contains(v),
                    _ => x.1.contains(v),
                });
                if (n > 0 || chosen_v) && exists {
                    counts.insert(v.to_string(), n);
                }
            }
            if !counts.is_empty() {
                facets.insert(field.to_owned(), counts);
            }
        }
        let got: BTreeMap<String, BTreeMap<String, usize>> = r
            .facets
            .0
            .iter()
            .map(|(f, c)| (f.clone(), c.iter().cloned().collect()))
            .collect();
        prop_assert_eq!(&got, &facets);
    }
}
