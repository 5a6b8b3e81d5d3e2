//! Property tests: search results against brute force on the default articles and on random
//! corpora, normalization invariants, well-formed snippets, and damaged index files.
#![cfg(feature = "indexer")]

use std::path::PathBuf;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use zhsearch_engine::build::{build_index, BuildOptions};
use zhsearch_engine::ingest::{ingest_paths, IngestOptions};
use zhsearch_engine::normalize::{clean, key, normalize, Edit};
use zhsearch_engine::query::{Query, MAX_PIECES};
use zhsearch_engine::{Article, Hit, Index, SearchOptions, SearchResults};

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

/// A corpus: articles, their index, and `(title key, body key)` computed with `key()`.
struct Corpus {
    articles: Vec<Article>,
    index: Index<Vec<u8>>,
    keys: Vec<(String, String)>,
}

impl Corpus {
    fn new(articles: Vec<Article>, opts: &BuildOptions) -> Corpus {
        let index = Index::open(build_index(&articles, opts).expect("build")).expect("open");
        let keys = articles
            .iter()
            .map(|a| (key(&a.title), key(&a.body)))
            .collect();
        Corpus {
            articles,
            index,
            keys,
        }
    }

    /// Brute force: documents containing every piece (in title or body) and no excluded key.
    fn truth(&self, pieces: &[String], excluded: &[String]) -> Vec<u32> {
        let has = |(t, b): &(String, String), p: &String| {
            t.contains(p.as_str()) || b.contains(p.as_str())
        };
        self.keys
            .iter()
            .enumerate()
            .filter(|(_, k)| {
                pieces.iter().all(|p| has(k, p)) && !excluded.iter().any(|x| has(k, x))
            })
            .map(|(i, _)| i as u32)
            .collect()
    }

    /// What `search(q)` must return: the brute-force matches of the parsed query; when there are
    /// none, those of the query with unquoted pieces cut into words (the relaxed fallback).
    /// Returns the documents and the pieces the results match.
    fn model(&self, q: &str) -> (Vec<u32>, Vec<String>, bool) {
        let parsed = Query::parse(q);
        let exact: Vec<String> = parsed.pieces.iter().map(|p| p.key.clone()).collect();
        if exact.is_empty() {
            return (Vec::new(), exact, false);
        }
        let docs = self.truth(&exact, &parsed.excluded);
        if !docs.is_empty() {
            return (docs, exact, false);
        }
        // Unquoted pieces cut into words (each word once), quoted ones kept, at most MAX_PIECES.
        let mut cut: Vec<(String, bool)> = Vec::new();
        self.index
            .with_segmenter(|seg| {
                for p in &parsed.pieces {
                    if p.quoted {
                        cut.push((p.key.clone(), true));
                        continue;
                    }
                    for w in seg.cut(&p.key) {
                        if !cut.iter().any(|(k, _)| k == w) {
                            cut.push((w.to_owned(), false));
                        }
                    }
                }
            })
            .unwrap();
        cut.truncate(MAX_PIECES);
        if cut
            .iter()
            .map(|(k, q)| (k.as_str(), *q))
            .eq(parsed.pieces.iter().map(|p| (p.key.as_str(), p.quoted)))
        {
            return (Vec::new(), exact, false);
        }
        let words: Vec<String> = cut.into_iter().map(|(k, _)| k).collect();
        let docs = self.truth(&words, &parsed.excluded);
        let relaxed = !docs.is_empty();
        (docs, if relaxed { words } else { exact }, relaxed)
    }

    /// Runs `q` and checks it against the model and every hit's invariants.
    fn check(&self, q: &str, o: &SearchOptions) -> Result<SearchResults, TestCaseError> {
        let r = self
            .index
            .search(q, o)
            .map_err(|e| TestCaseError::fail(format!("{q:?}: {e}")))?;
        let (want, pieces, relaxed) = self.model(q);
        prop_assert_eq!(
            r.total,
            want.len(),
            "total of {:?} (relaxed {:?})",
            q,
            r.relaxed
        );
        prop_assert_eq!(
            r.relaxed.is_some(),
            relaxed,
            "relaxed of {:?}: {:?}",
            q,
            r.relaxed
        );
        if o.offset == 0 && o.limit >= r.total {
            let mut got: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
            got.sort_unstable();
            prop_assert_eq!(got, want, "results of {:?}", q);
        } else {
            prop_assert!(
                r.hits.iter().all(|h| want.contains(&h.doc)),
                "results of {:?}",
                q
            );
            prop_assert_eq!(r.hits.len(), r.total.saturating_sub(o.offset).min(o.limit));
        }
        for w in r.hits.windows(2) {
            prop_assert!(
                w[0].score > w[1].score || (w[0].score == w[1].score && w[0].doc < w[1].doc),
                "order of {:?}",
                q
            );
        }
        for h in &r.hits {
            self.check_hit(h, &pieces, o)?;
        }
        Ok(r)
    }

    fn check_hit(
        &self,
        h: &Hit,
        pieces: &[String],
        o: &SearchOptions,
    ) -> Result<(), TestCaseError> {
        let a = &self.articles[h.doc as usize];
        prop_assert_eq!(&h.id, &a.id);
        prop_assert_eq!(&h.title, &normalize(&a.title).display());
        check_highlights(&h.snippet, &h.highlights, pieces)?;
        check_highlights(&h.title, &h.title_highlights, pieces)?;
        let (width, passages) = (o.snippet_chars.max(1) as usize, o.passages.max(1));
        let n = key(&h.snippet).chars().count();
        prop_assert!(
            n <= passages * (width + 2),
            "snippet of {} key chars: {:?}",
            n,
            h.snippet
        );
        if passages == 1 {
            check_window(&h.snippet, &self.keys[h.doc as usize].1, width)?;
        }
        Ok(())
    }
}

fn articles_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../articles"))
}

/// The default articles, indexed once.
fn default() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let articles = ingest_paths(&[articles_dir()], &IngestOptions::default(), &mut |_| {})
            .expect("ingest")
            .articles;
        Corpus::new(articles, &BuildOptions::default())
    })
}

/// Highlights: non-empty, sorted, apart (touching ones are merged), inside the text, on key
/// characters at both ends, each covering a whole piece unless cut at a passage edge.
fn check_highlights(text: &str, hl: &[[u32; 2]], pieces: &[String]) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len() as u32;
    for (i, h) in hl.iter().enumerate() {
        prop_assert!(
            h[0] < h[1] && h[1] <= len,
            "highlight {:?} outside 0..{} of {:?}",
            h,
            len,
            text
        );
        if i > 0 {
            prop_assert!(
                hl[i - 1][1] < h[0],
                "highlights {:?} unsorted or overlapping",
                hl
            );
        }
        let span: String = chars[h[0] as usize..h[1] as usize].iter().collect();
        let k = key(&span);
        prop_assert!(!k.is_empty(), "highlight {:?} of {:?}", span, text);
        prop_assert!(
            !chars[h[0] as usize].is_whitespace() && !chars[h[1] as usize - 1].is_whitespace(),
            "highlight {:?} starts/ends with whitespace",
            span
        );
        let clipped = h[0] == 0
            || h[1] == len
            || chars[h[0] as usize - 1] == '…'
            || chars[h[1] as usize] == '…';
        prop_assert!(
            clipped || pieces.iter().any(|p| k.contains(p.as_str())),
            "highlight {:?} covers none of {:?} in {:?}",
            span,
            pieces,
            text
        );
    }
    Ok(())
}

/// A one-passage snippet is a window of the body between optional `…` cut marks, cut marks
/// exactly where the body goes on, `width` key characters long (or the whole body).
fn check_window(snippet: &str, body: &str, width: usize) -> Result<(), TestCaseError> {
    let sk = key(snippet);
    let starts = sk.starts_with('…');
    let ends = sk.chars().count() > 1 && sk.ends_with('…');
    let mut core = sk.as_str();
    if starts {
        core = &core['…'.len_utf8()..];
    }
    if ends {
        core = &core[..core.len() - '…'.len_utf8()];
    }
    prop_assert!(
        body.contains(core),
        "snippet {:?} is not a window of the body",
        snippet
    );
    prop_assert!(
        starts || body.starts_with(core),
        "cut at the start without …: {:?}",
        snippet
    );
    prop_assert!(
        ends || body.ends_with(core),
        "cut at the end without …: {:?}",
        snippet
    );
    if !body.starts_with('…') && !body.ends_with('…') {
        let want = width.min(body.chars().count());
        prop_assert_eq!(core.chars().count(), want, "window of {:?}", snippet);
    }
    Ok(())
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

fn opts(limit: usize) -> SearchOptions {
    SearchOptions {
        limit,
        ..SearchOptions::default()
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
        let r = c.check(&q, &opts(1000))?;
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
        let r = c.check(&format!("\"{phrase}\""), &opts(1000))?;
        prop_assert_eq!(r.relaxed, None);
        for h in &r.hits {
            let d = c.index.doc(h.doc).unwrap();
            let contains = |hay: &[u8]| hay.windows(k.len()).any(|w| w == k.as_bytes());
            prop_assert!(contains(d.title_key) || contains(d.body_key), "{} lacks {:?}", h.id, k);
        }
        let expected = if k.is_empty() { vec![] } else { c.truth(&[k], &[]) };
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
        c.check(&q, &opts(1000))?;
        c.check(&q, &SearchOptions { limit, offset, ..SearchOptions::default() })?;
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
        let o = SearchOptions { limit, offset: 0, passages, snippet_chars };
        c.check(&q, &o)?;
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
];

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
        default().check(&q, &opts(1000))?;
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
            .map(|(i, (title, body))| Article { id: format!("d{i}"), title, body, ..Article::default() })
            .collect();
        let opts_b = BuildOptions { pair_min_savings, vocab_min_freq, threads: 1 };
        let c = Corpus::new(articles, &opts_b);
        for q in &queries {
            c.check(q, &opts(100))?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Damaged index files
// ---------------------------------------------------------------------------------------------

fn small_index() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| {
        let a = |id: &str, title: &str, body: &str| Article {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            ..Article::default()
        };
        let articles = [
            a("a", "标题甲", "乡村振兴工作开展以来成效显著的情况"),
            a("b", "标题乙", "本报讯 “五星”支部创建, Hello World 2023 年"),
            a("c", "", "的的的"),
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
            let i = 32 + at.index(b.len() - 32);
            b[i] ^= mask;
        }
        if reseal {
            let sum = xxhash_rust::xxh3::xxh3_64(&b[32..]);
            b[24..32].copy_from_slice(&sum.to_le_bytes());
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
                    let i = 32 + at.index(b.len() - 32);
                    format!("byte {i} ({}) ^= {mask:#04x}", section_of(small_index(), i))
                })
                .collect();
            prop_assert!(false, "panic after damaging {}: {}", at.join(", "), panic);
        }
    }
}

/// Which section of the index `bytes` holds byte `i` (from the section table).
fn section_of(bytes: &[u8], i: usize) -> String {
    let n = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    if i < 32 + n * 20 {
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
    (0..n)
        .map(|k| 32 + k * 20)
        .map(|e| {
            let kind = u32::from_le_bytes(bytes[e..e + 4].try_into().unwrap()) as usize;
            let off = u64::from_le_bytes(bytes[e + 4..e + 12].try_into().unwrap()) as usize;
            let len = u64::from_le_bytes(bytes[e + 12..e + 20].try_into().unwrap()) as usize;
            (kind, off, len)
        })
        .find(|&(_, off, len)| (off..off + len).contains(&i))
        .map(|(kind, off, _)| format!("{} section +{}", names.get(kind).unwrap_or(&"?"), i - off))
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
                let msg = info
                    .payload()
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
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
