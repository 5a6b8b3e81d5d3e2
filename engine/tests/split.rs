//! The split layout: the same results as the single file (same JSON, byte for byte) on the
//! default articles and on random corpora; few rounds of fragments per query; damaged,
//! missing and stale fragments as typed errors; deploys that keep the previous build's files
//! and rewrite only what changed.
#![cfg(feature = "indexer")]

#[allow(dead_code)]
mod common;

use common::{article, ingest_articles, ingest_pages};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::path::Path;
use std::sync::OnceLock;
use zhsearch_engine::build::{build_index, build_split, BuildOptions};
use zhsearch_engine::filter::Narrowing;
use zhsearch_engine::source::Frag;
use zhsearch_engine::split::entry::ENTRY_NAME;
use zhsearch_engine::weight::Run;
use zhsearch_engine::{Article, Error, Index, SearchOptions, SearchResults, SplitIndex, Step};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x7370_6c69_7400_0001),
        ..ProptestConfig::default()
    }
}

/// A single file and a split directory of the same articles.
struct Both {
    single: Index<Vec<u8>>,
    dir: tempfile::TempDir,
    split: std::sync::Mutex<SplitIndex>,
}

fn both(articles: &[Article], opts: &BuildOptions) -> Both {
    let single = Index::open(build_index(articles, opts).expect("build")).expect("open");
    let dir = tempfile::tempdir().expect("tempdir");
    build_split(articles, opts, dir.path()).expect("build split");
    let split = SplitIndex::open_dir(dir.path()).expect("open split");
    Both {
        single,
        dir,
        split: std::sync::Mutex::new(split),
    }
}

fn json(r: &SearchResults) -> String {
    serde_json::to_string(r).expect("json")
}

impl Both {
    fn split_search(&self, q: &str, o: &SearchOptions) -> SearchResults {
        let mut s = self.split.lock().unwrap();
        s.search_dir(self.dir.path(), q, o)
            .unwrap_or_else(|e| panic!("{q:?}: {e}"))
    }

    /// Both layouts answer `q` with the same JSON.
    fn same(&self, q: &str, o: &SearchOptions) -> Result<(), String> {
        let a = self
            .single
            .search(q, o)
            .map_err(|e| format!("{q:?}: {e}"))?;
        let b = self.split_search(q, o);
        if json(&a) != json(&b) {
            return Err(format!(
                "{q:?} {o:?}\nsingle: {}\n split: {}",
                json(&a),
                json(&b)
            ));
        }
        Ok(())
    }
}

/// The default articles with options that exercise every part of the layout: extended grams
/// (a low frequent threshold), many pack parts, small dictionary slots that carry some of their
/// lists and not others.
fn default_both() -> &'static Both {
    static B: OnceLock<Both> = OnceLock::new();
    B.get_or_init(|| {
        let opts = BuildOptions {
            frequent_len: 24,
            part_bytes: 64 << 10,
            slot_grams: 8,
            slot_bytes: 160,
            ..BuildOptions::default()
        };
        both(&ingest_articles(), &opts)
    })
}

fn texts() -> &'static Vec<String> {
    static T: OnceLock<Vec<String>> = OnceLock::new();
    T.get_or_init(|| {
        ingest_articles()
            .iter()
            .map(|a| format!("{}\n{}", a.title, a.body))
            .collect()
    })
}

/// `len` non-whitespace characters of article `doc` from a fraction of its text on.
fn excerpt(doc: usize, frac: f64, len: usize) -> String {
    let t: Vec<char> = texts()[doc]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let start = ((frac * t.len() as f64) as usize).min(t.len().saturating_sub(1));
    t[start..(start + len).min(t.len())]
        .iter()
        .filter(|c| !matches!(c, '"' | '\u{FF02}'))
        .collect::<String>()
        .trim_start_matches(['-', '\u{FF0D}'])
        .to_owned()
}

/// `text` as a reader would type it in pinyin (each character's common reading), as
/// initials when `initials`.
fn as_pinyin(text: &str, initials: bool) -> String {
    use pinyin::ToPinyin;
    text.chars()
        .map(|c| match c.to_pinyin() {
            Some(p) if initials => p.plain()[..1].to_owned(),
            Some(p) => p.plain().replace('ü', "v"),
            None => c.to_string(),
        })
        .collect()
}

fn search_opts() -> impl Strategy<Value = SearchOptions> {
    (
        0..30usize,
        0..12usize,
        1..4usize,
        prop::sample::select(&[20u32, 80, 200][..]),
        prop::bool::weighted(0.8),
        (
            prop::sample::select(&["relevance", "date", "-date"][..]),
            prop::option::of(prop::sample::select(&["2024", "2023-12"][..])),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(limit, offset, passages, snippet_chars, spell, (sort, after, facets))| {
                SearchOptions {
                    limit,
                    offset,
                    passages,
                    snippet_chars,
                    spell,
                    narrowing: Narrowing {
                        sort: sort.parse().unwrap(),
                        after: after.map(str::to_owned),
                        facets,
                        ..Narrowing::default()
                    },
                }
            },
        )
}

proptest! {
    #![proptest_config(config(300))]

    /// Random queries drawn from the articles (substrings, several pieces, phrases,
    /// exclusions, words off the text that relax) give byte-identical JSON in both layouts.
    #[test]
    fn split_answers_like_the_single_file(
        parts in prop::collection::vec((0..5usize, 0.0..1.0f64, 1..7usize, 0..6u8), 1..4),
        o in search_opts(),
    ) {
        let q: Vec<String> = parts
            .iter()
            .map(|&(d, f, n, how)| {
                let e = excerpt(d, f, n);
                match how {
                    0 => format!("\"{e}\""),
                    1 => format!("-{e}"),
                    2 => format!("{e}乡村振兴工作"), // likely only relaxed
                    3 => as_pinyin(&e, n % 2 == 0),
                    _ => e,
                }
            })
            .collect();
        let q = q.join(" ");
        default_both().same(&q, &o).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn fixed_queries_answer_alike() {
    let b = default_both();
    // The fixture exercises every kind of fragment: frequent grams extended to longer ones.
    let e = b.split.lock().unwrap().entry().clone();
    let seg = &e.segments[0];
    assert!(seg.frequent.iter().any(|(g, _)| g.chars().count() >= 4));
    assert!(e.parts.len() > 5 && seg.dict.slots > 100 && !e.words.is_empty());
    for q in [
        "的",
        "乡村振兴",
        "乡村 振兴",
        "振兴 乡村",
        "\"五星支部\"",
        "刘万玺",
        "2023",
        "2023年",
        "本报讯2023",
        "工作 -南乐",
        "技",
        "的 是",
        "五星 支部 创建",
        "，",
        "a",
        "",
        "😀",
        "南乐县乡村振兴工作会议召开",
        "引领 治理 基层 党建",
        "“五星”",
        "xinglongshequ",
        "xing long she qu",
        "xlsq",
        "xinglongsh",
        "兴隆sq",
        "xiangcunzhenxing",
        "wuxing zhibu -nanle",
        "hangzhang",
        "zh",
        "a",
        "xian'ganbu",
        "iphoen",
    ] {
        for o in [
            SearchOptions::default(),
            SearchOptions {
                limit: 100,
                ..SearchOptions::default()
            },
            SearchOptions {
                limit: 3,
                offset: 2,
                passages: 3,
                snippet_chars: 20,
                spell: true,
                narrowing: Default::default(),
            },
            SearchOptions {
                limit: 0,
                ..SearchOptions::default()
            },
        ] {
            b.same(q, &o).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Random corpora
// ---------------------------------------------------------------------------------------------

fn small_text(max: usize) -> impl Strategy<Value = String> {
    const TEXT: &[char] = &[
        '乡', '村', '振', '兴', '五', '星', '的', '，', '。', ' ', '\n', '“', '”', 'a', 'B', '1',
    ];
    prop::collection::vec(prop::sample::select(TEXT), 0..max).prop_map(|v| v.into_iter().collect())
}

fn small_query() -> impl Strategy<Value = String> {
    const QUERY: &[char] = &[
        '乡', '村', '振', '兴', '五', '星', '的', 'a', 'b', '1', '，',
    ];
    let piece = prop::collection::vec(prop::sample::select(QUERY), 1..6)
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
    #![proptest_config(config(16))]

    /// Random corpora over a small alphabet (pairs repeat, long grams get extended), some of
    /// their text weighted, with any layout options: the split answers every query like the
    /// single file.
    #[test]
    fn random_corpora_answer_alike(
        docs in prop::collection::vec(
            (small_text(6), small_text(60), prop::option::of((0..120u32, 1..60u32, 0..=100u8))),
            1..12,
        ),
        frequent_len in prop::sample::select(&[1usize, 8, 40, 100_000][..]),
        slot_grams in 1..40usize,
        slot_bytes in prop::sample::select(&[0usize, 48, 200, 1536][..]),
        queries in prop::collection::vec(small_query(), 25),
    ) {
        let articles: Vec<Article> = docs
            .into_iter()
            .enumerate()
            .map(|(i, (t, b, w))| Article {
                weights: w
                    .map(|(start, len, tenths)| Run { start, end: start + len, tenths })
                    .into_iter()
                    .collect(),
                ..article(&format!("d{i}"), &t, &b)
            })
            .collect();
        let opts = BuildOptions {
            frequent_len,
            slot_grams,
            slot_bytes,
            part_bytes: 1, // a part per fragment (a slot's lists stay together)
            threads: 1,
            ..BuildOptions::default()
        };
        let b = both(&articles, &opts);
        for q in &queries {
            b.same(q, &SearchOptions { limit: 100, ..SearchOptions::default() })
                .map_err(TestCaseError::fail)?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rounds, faults, deploys
// ---------------------------------------------------------------------------------------------

/// Runs `q` step by step, returning the rounds of fragments it needed.
fn rounds(s: &mut SplitIndex, dir: &Path, q: &str) -> Vec<Vec<Frag>> {
    let mut out = Vec::new();
    loop {
        match s.search(q, &SearchOptions::default()).unwrap() {
            Step::Done(_) => return out,
            Step::Need(frags) => {
                for f in &frags {
                    let b = s.read_local(dir, f).unwrap();
                    s.supply(f, &b).unwrap();
                }
                out.push(frags);
            }
        }
    }
}

#[test]
fn a_query_needs_three_rounds_at_most_and_fragments_are_kept() {
    let b = default_both();
    let mut s = SplitIndex::open_dir(b.dir.path()).unwrap();
    for q in ["乡村振兴", "五星 支部", "\"基层党建\"", "的", "2023年"] {
        let r = rounds(&mut s, b.dir.path(), q);
        assert!(r.len() <= 3, "{q}: {} rounds", r.len());
        // Asked again: everything is there.
        assert!(rounds(&mut s, b.dir.path(), q).is_empty(), "{q}");
    }
    // Nothing contains it as typed: relaxing fetches vocabulary shards, then lists.
    let r = rounds(&mut s, b.dir.path(), "南乐县乡村振兴工作会议召开");
    assert!(r.len() <= 6, "{} rounds", r.len());
    assert!(s.cached_bytes() > 0);
}

#[test]
fn lists_ride_in_their_dictionary_slots_so_a_query_needs_two_rounds() {
    // Default options: every list of the default articles fits in its slot.
    let dir = tempfile::tempdir().unwrap();
    build_split(&ingest_articles(), &BuildOptions::default(), dir.path()).unwrap();
    for q in ["乡村振兴", "五星 支部", "\"振兴\""] {
        let mut s = SplitIndex::open_dir(dir.path()).unwrap();
        let r = rounds(&mut s, dir.path(), q);
        // Slots (and the doc table), then the records of the hits shown.
        assert_eq!(r.len(), 2, "{q}: {r:?}");
        assert!(r[1].iter().all(|f| s.is_record(f)), "{q}: {r:?}");
    }
    // Slots that carry no lists: a round more for the lists, same results.
    let plain = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        slot_bytes: 0,
        ..BuildOptions::default()
    };
    build_split(&ingest_articles(), &opts, plain.path()).unwrap();
    let mut p = SplitIndex::open_dir(plain.path()).unwrap();
    assert_eq!(rounds(&mut p, plain.path(), "乡村振兴").len(), 3);
    let mut s = SplitIndex::open_dir(dir.path()).unwrap();
    let o = SearchOptions::default();
    let a = s.search_dir(dir.path(), "乡村振兴", &o).unwrap();
    let b = p.search_dir(plain.path(), "乡村振兴", &o).unwrap();
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn a_damaged_fragment_is_a_typed_error_and_other_queries_keep_working() {
    let b = default_both();
    let mut s = SplitIndex::open_dir(b.dir.path()).unwrap();
    let mut first = None;
    let r = loop {
        match s.search("乡村振兴", &SearchOptions::default()).unwrap() {
            Step::Done(r) => break r,
            Step::Need(frags) => {
                for f in frags {
                    let mut bytes = s.read_local(b.dir.path(), &f).unwrap();
                    if first.is_none() && bytes.len() > 8 {
                        // One flipped bit, then the bytes cut short: both refused.
                        let mut bad = bytes.clone();
                        bad[bytes.len() / 2] ^= 4;
                        let e = s.supply(&f, &bad).unwrap_err();
                        assert!(matches!(e, Error::Fragment { .. }), "{e}");
                        assert!(e.to_string().contains(".zpk@"), "{e}");
                        let e = s.supply(&f, &bytes[..bytes.len() - 1]).unwrap_err();
                        assert!(matches!(e, Error::Fragment { .. }), "{e}");
                        first = Some(f);
                        // Another layout's bytes of the right length: refused too.
                        bytes.iter_mut().for_each(|x| *x = 0);
                        assert!(s.supply(&f, &bytes).is_err());
                        bytes = s.read_local(b.dir.path(), &f).unwrap();
                    }
                    s.supply(&f, &bytes).unwrap();
                }
            }
        }
    };
    assert!(first.is_some());
    assert_eq!(
        json(&r),
        json(
            &b.single
                .search("乡村振兴", &SearchOptions::default())
                .unwrap()
        )
    );
}

#[test]
fn the_compact_file_answers_alike_and_refuses_another_build() {
    let b = default_both();
    let mut s = SplitIndex::open_dir(b.dir.path()).unwrap();
    let pieces = s.entry().compact.clone();
    assert!(
        pieces.len() > 1,
        "the compact file comes in pieces of at most a part's size"
    );
    let mut joined = Vec::new();
    for p in &pieces {
        joined.extend(std::fs::read(b.dir.path().join(&p.name)).unwrap());
    }
    // One piece missing: refused.
    let short = joined[..joined.len() - pieces.last().unwrap().len as usize].to_vec();
    assert!(s.attach_compact(short).is_err());
    s.attach_compact(joined.clone()).unwrap();
    for q in ["乡村振兴", "五星 -支部", "的"] {
        let Step::Done(r) = s.search(q, &SearchOptions::default()).unwrap() else {
            panic!("the compact file needs no fragments");
        };
        assert_eq!(
            json(&r),
            json(&b.single.search(q, &SearchOptions::default()).unwrap())
        );
    }
    let other = build_index(&[article("x", "别的", "文章")], &BuildOptions::default()).unwrap();
    let mut s = SplitIndex::open_dir(b.dir.path()).unwrap();
    assert!(s.attach_compact(other).is_err());
    // The same articles' single file built with other options: not this build's either.
    let opts = BuildOptions {
        pair_min_savings: 1,
        ..BuildOptions::default()
    };
    let same_docs = build_index(&ingest_articles(), &opts).unwrap();
    assert_ne!(same_docs, joined);
    assert!(s.attach_compact(same_docs).is_err());
}

#[test]
fn a_damaged_entry_is_refused() {
    let b = default_both();
    let e = std::fs::read(b.dir.path().join(ENTRY_NAME)).unwrap();
    assert!(SplitIndex::open(&e).is_ok());
    assert!(matches!(
        SplitIndex::open(&e[..e.len() - 1]),
        Err(Error::Truncated(_))
    ));
    let mut c = e.clone();
    c[e.len() - 3] ^= 1;
    assert!(matches!(SplitIndex::open(&c), Err(Error::ChecksumMismatch)));
    assert!(matches!(
        SplitIndex::open(b"ZHSRCH\x00\x01xxxx"),
        Err(Error::BadMagic)
    ));
    assert!(matches!(SplitIndex::open(b""), Err(Error::Truncated(_))));
    // A single file is not an entry.
    assert!(matches!(
        SplitIndex::open(b.single.bytes()),
        Err(Error::BadMagic)
    ));
}

#[test]
fn rebuilds_keep_unchanged_parts_and_the_previous_build() {
    let dir = tempfile::tempdir().unwrap();
    let mut articles = ingest_pages();
    let opts = BuildOptions {
        part_bytes: 32 << 10,
        ..BuildOptions::default()
    };
    let first = build_split(&articles, &opts, dir.path()).unwrap();
    assert_eq!(first.written, first.files);
    assert_eq!(first.update, None);
    // The same articles again: nothing is rewritten, byte-identical output.
    let entry = std::fs::read(dir.path().join(ENTRY_NAME)).unwrap();
    let again = build_split(&articles, &opts, dir.path()).unwrap();
    assert_eq!((again.written, again.removed), (0, 0), "{again:?}");
    assert_eq!(std::fs::read(dir.path().join(ENTRY_NAME)).unwrap(), entry);
    // One article changes: an update, which writes the new segment, the vocabulary, the
    // entry and the offline copy; every other file stays.
    let last = articles.len() - 1;
    articles[last].body = articles[last].body.replacen('的', "地", 1);
    let third = build_split(&articles, &opts, dir.path()).unwrap();
    let u = third.update.expect("an update");
    assert_eq!((u.kept, u.added, u.deleted), (articles.len() - 1, 1, 1));
    // Of the pack parts, only the new segment's (one article's doc table, record, lists and
    // dictionary), the vocabulary's and the spelling dictionary's are new.
    let parts_written = third.written - third.written_compact - 1;
    assert!(parts_written <= 10, "{third:?}");
    assert!(third.written * 2 <= third.files, "{third:?}");
    assert_eq!(third.removed, 0, "the previous build's files stay");
    // A page still on the previous entry reads its parts.
    let old = SplitIndex::open(&entry).unwrap();
    for p in &old.entry().parts {
        assert!(dir.path().join(&p.name).exists(), "{}", p.name);
    }
    // One more build: the first build's files that nothing refers to any more are removed.
    articles[0].body.push_str("新增一句。");
    let fourth = build_split(&articles, &opts, dir.path()).unwrap();
    assert!(fourth.removed > 0, "{fourth:?}");
    // Asked to, a build starts afresh: the same bytes as a build in an empty directory.
    let fresh = BuildOptions {
        fresh: true,
        ..opts.clone()
    };
    let r = build_split(&articles, &fresh, dir.path()).unwrap();
    assert_eq!(r.update, None);
    let empty = tempfile::tempdir().unwrap();
    build_split(&articles, &opts, empty.path()).unwrap();
    assert_eq!(
        std::fs::read(dir.path().join(ENTRY_NAME)).unwrap(),
        std::fs::read(empty.path().join(ENTRY_NAME)).unwrap()
    );
}

/// Articles after an update, in the index order: those kept, in their old order, then the
/// new segment's, in input order.
fn index_order(old: &[Article], new: &[Article]) -> Vec<Article> {
    let same = |a: &Article, b: &Article| {
        (&a.id, &a.title, &a.body, &a.url, &a.date, &a.tags)
            == (&b.id, &b.title, &b.body, &b.url, &b.date, &b.tags)
    };
    let mut used = vec![false; new.len()];
    let mut out = Vec::new();
    for a in old {
        if let Some(i) = (0..new.len()).find(|&i| !used[i] && same(a, &new[i])) {
            used[i] = true;
            out.push(new[i].clone());
        }
    }
    out.extend((0..new.len()).filter(|&i| !used[i]).map(|i| new[i].clone()));
    out
}

proptest! {
    #![proptest_config(config(24))]

    /// A split index updated in place (some articles changed, added, removed) answers every
    /// query like a single file of the same articles in the index order.
    #[test]
    fn updates_answer_like_a_fresh_single_file(
        docs in prop::collection::vec((small_text(6), small_text(60)), 8..40),
        edits in prop::collection::vec((0..40usize, 0..3u8, small_text(30)), 1..4),
        frequent_len in prop::sample::select(&[1usize, 40, 100_000][..]),
        queries in prop::collection::vec(small_query(), 20),
    ) {
        // Tags and dates, for filters and the order by date across the update's segments.
        let dated = |mut a: Article, i: usize| {
            if i.is_multiple_of(3) {
                a.tags = vec!["a".into()];
            }
            if !i.is_multiple_of(4) {
                a.date = format!("2024-01-{:02}", 1 + i % 28);
            }
            a
        };
        let old: Vec<Article> = docs
            .into_iter()
            .enumerate()
            .map(|(i, (t, b))| dated(article(&format!("d{i}"), &t, &b), i))
            .collect();
        let mut new = old.clone();
        for (k, (at, how, text)) in edits.iter().enumerate() {
            let at = at % new.len();
            match how {
                0 => new[at].body.push_str(text),
                1 => new.push(dated(article(&format!("n{k}"), "新", text), k + 1)),
                _ => {
                    if new.len() > 1 {
                        new.remove(at);
                    }
                }
            }
        }
        let opts = BuildOptions {
            frequent_len,
            slot_grams: 4,
            part_bytes: 512,
            threads: 1,
            ..BuildOptions::default()
        };
        let dir = tempfile::tempdir().unwrap();
        build_split(&old, &opts, dir.path()).unwrap();
        let r = build_split(&new, &opts, dir.path()).unwrap();
        let order = if r.update.is_some() { index_order(&old, &new) } else { new.clone() };
        let single = Index::open(build_index(&order, &opts).unwrap()).unwrap();
        let mut split = SplitIndex::open_dir(dir.path()).unwrap();
        let o = SearchOptions { limit: 100, ..SearchOptions::default() };
        let mut narrow = o.clone();
        narrow.narrowing.sort = "-date".parse().unwrap();
        narrow.narrowing.facets = true;
        let mut tagged = narrow.clone();
        tagged.narrowing.filters.set("tags", vec!["a".into()]);
        for q in queries.iter().map(String::as_str).chain([""]) {
            for o in [&o, &narrow, &tagged] {
                let a = json(&single.search(q, o).unwrap());
                let b = json(&split.search_dir(dir.path(), q, o).unwrap());
                prop_assert_eq!(a, b, "{:?} {:?} (update: {:?})", q, o.narrowing, r.update);
            }
        }
        // The offline copy is the same articles, in the same order.
        let mut joined = Vec::new();
        for p in &split.entry().compact {
            joined.extend(std::fs::read(dir.path().join(&p.name)).unwrap());
        }
        split.attach_compact(joined).unwrap();
        for q in &queries {
            let Step::Done(b) = split.search(q, &o).unwrap() else {
                panic!("the compact file needs no fragments");
            };
            prop_assert_eq!(json(&single.search(q, &o).unwrap()), json(&b));
        }
    }
}

#[test]
fn a_changed_story_moves_its_page_whole_and_pages_count_alike() {
    // 40 pages of two stories each.
    let mut articles = Vec::new();
    for i in 0..40 {
        for s in 1..=2 {
            let mut a = article(
                &format!("p{i}#s{s}"),
                "标题",
                &format!("第{i}版第{s}篇，共同的词。"),
            );
            a.page = Some(zhsearch_engine::Page {
                id: format!("p{i}"),
                title: format!("第{i}版"),
                url: format!("/p{i}.html"),
            });
            articles.push(a);
        }
    }
    let opts = BuildOptions {
        threads: 1,
        ..BuildOptions::default()
    };
    let dir = tempfile::tempdir().unwrap();
    build_split(&articles, &opts, dir.path()).unwrap();
    articles[21].body.push_str("更新。");
    let r = build_split(&articles, &opts, dir.path()).unwrap();
    let u = r.update.expect("an update");
    assert_eq!((u.added, u.deleted), (2, 2), "both stories of page 10 move");
    // The index order: the other pages, then page 10.
    let order: Vec<Article> = articles
        .iter()
        .filter(|a| !a.id.starts_with("p10#"))
        .chain(articles.iter().filter(|a| a.id.starts_with("p10#")))
        .cloned()
        .collect();
    let single = Index::open(build_index(&order, &opts).unwrap()).unwrap();
    let mut split = SplitIndex::open_dir(dir.path()).unwrap();
    let o = SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    };
    for (q, total, pages) in [
        ("共同", 80, 40),
        ("版第1篇", 40, 40),
        ("第3版第2篇", 1, 1),
        ("更新", 1, 1),
    ] {
        let a = single.search(q, &o).unwrap();
        let b = split.search_dir(dir.path(), q, &o).unwrap();
        assert_eq!(json(&a), json(&b), "{q}");
        assert_eq!((a.total, a.pages), (total, pages), "{q}");
    }
    let hit = &single.search("更新", &o).unwrap().hits[0];
    assert_eq!(hit.id, "p10#s2");
    assert_eq!(hit.page.as_ref().map(|p| p.url.as_str()), Some("/p10.html"));
}

#[test]
fn pages_count_alike_after_an_update_that_deleted_a_document() {
    // A base of whole pages; the update deletes one and adds a page of two stories, so the
    // document slots run past the live count.
    let mut articles: Vec<Article> = (0..40)
        .map(|i| article(&format!("a{i}"), "标题", &format!("第{i}篇，乡村振兴。")))
        .collect();
    let opts = BuildOptions {
        threads: 1,
        ..BuildOptions::default()
    };
    let dir = tempfile::tempdir().unwrap();
    build_split(&articles, &opts, dir.path()).unwrap();
    articles.remove(5);
    for s in 1..=2 {
        let mut a = article(&format!("p#s{s}"), "部署", &format!("部署廉政工作{s}。"));
        a.page = Some(zhsearch_engine::Page {
            id: "p".into(),
            ..Default::default()
        });
        articles.push(a);
    }
    let r = build_split(&articles, &opts, dir.path()).unwrap();
    assert!(r.update.is_some());
    let single = Index::open(build_index(&articles, &opts).unwrap()).unwrap();
    let mut split = SplitIndex::open_dir(dir.path()).unwrap();
    let o = SearchOptions::default();
    for (q, total, pages) in [("部署廉政工作", 2, 1), ("乡村振兴", 39, 39)] {
        let a = single.search(q, &o).unwrap();
        let b = split.search_dir(dir.path(), q, &o).unwrap();
        assert_eq!((a.total, a.pages), (total, pages), "{q}: single file");
        assert_eq!(
            (b.total, b.pages),
            (total, pages),
            "{q}: updated split index"
        );
    }
}

#[test]
fn updates_stack_and_give_way_to_a_fresh_build() {
    let articles: Vec<Article> = (0..64)
        .map(|i| {
            article(
                &format!("a{i}"),
                &format!("标题{i}"),
                &format!("乡村振兴第{i}篇，五星支部。"),
            )
        })
        .collect();
    let opts = BuildOptions {
        threads: 1,
        ..BuildOptions::default()
    };
    let dir = tempfile::tempdir().unwrap();
    build_split(&articles, &opts, dir.path()).unwrap();
    let mut now = articles.clone();
    now[3].body.push_str("更新。");
    let r = build_split(&now, &opts, dir.path()).unwrap();
    assert_eq!(
        r.update.map(|u| (u.kept, u.added, u.deleted)),
        Some((63, 1, 1))
    );
    // A second edit: the new segment holds both changed articles; the base is unchanged.
    now[9].body.push_str("再更新。");
    now.push(article("new", "新文章", "新增的乡村振兴报道"));
    let r = build_split(&now, &opts, dir.path()).unwrap();
    assert_eq!(
        r.update.map(|u| (u.kept, u.added, u.deleted)),
        Some((62, 3, 2))
    );
    let s = SplitIndex::open_dir(dir.path()).unwrap();
    assert_eq!(s.entry().segments.len(), 2);
    assert_eq!(s.doc_count(), 65);
    // Too much changed: a fresh build, one segment again.
    for a in now.iter_mut().take(20) {
        a.body.push_str("大改。");
    }
    let r = build_split(&now, &opts, dir.path()).unwrap();
    assert_eq!(r.update, None);
    let s = SplitIndex::open_dir(dir.path()).unwrap();
    assert_eq!(s.entry().segments.len(), 1);
    assert!(s.entry().deleted.is_empty());
}
