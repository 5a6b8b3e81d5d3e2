//! Integration tests of the search pipeline on the OCR'd newspaper pages in `articles/`
//! (every quirk of that text), on small synthetic corpora (ranking, snippets), and on the
//! index file format (determinism, corrupted files give typed errors).
#![cfg(feature = "indexer")]

mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::{
    article, articles_dir, docs, ingest_pages, opts, panic_message, reseal, section_count,
    sections, Corpus, ENTRY_LEN, HEADER_LEN,
};
use zhsearch_engine::build::{build_index, BuildOptions};
use zhsearch_engine::normalize::key;
use zhsearch_engine::query::{MAX_PIECES, MAX_QUERY_CHARS};
use zhsearch_engine::{Article, Error, Hit, Index, SearchOptions, SearchResults};

// ---------------------------------------------------------------------------------------------
// Shared fixtures and helpers
// ---------------------------------------------------------------------------------------------

/// The default articles as whole pages, ingested once: these tests are about the OCR text
/// (the stories of the pages have tests of their own, at the end).
fn articles() -> &'static [Article] {
    static A: OnceLock<Vec<Article>> = OnceLock::new();
    A.get_or_init(ingest_pages)
}

/// Index bytes of the default articles, built once.
fn index_bytes() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| build_index(articles(), &BuildOptions::default()).expect("build"))
}

/// The default articles with their index (borrowing [`index_bytes`]) and keys.
fn corpus() -> &'static Corpus<&'static [u8]> {
    static C: OnceLock<Corpus<&'static [u8]>> = OnceLock::new();
    C.get_or_init(|| {
        Corpus::new(
            articles().to_vec(),
            Index::open(index_bytes()).expect("open"),
        )
    })
}

fn index() -> &'static Index<&'static [u8]> {
    &corpus().index
}

/// `(title key, body key)` of every article, computed with `key()` directly from the source text.
fn keys() -> &'static [(String, String)] {
    &corpus().keys
}

/// Position of the article whose file name starts with `prefix` ("000", "001", ...).
fn doc_of(prefix: &str) -> u32 {
    articles()
        .iter()
        .position(|a| a.id.starts_with(prefix))
        .unwrap_or_else(|| panic!("no article {prefix}")) as u32
}

fn search(q: &str) -> SearchResults {
    search_on(index(), q, &opts(1000))
}

fn search_on<D: AsRef<[u8]>>(idx: &Index<D>, q: &str, o: &SearchOptions) -> SearchResults {
    let r = idx
        .search(q, o)
        .unwrap_or_else(|e| panic!("search {q:?}: {e}"));
    assert!(r.hits.len() <= r.total, "{q:?}: more hits than total");
    r
}

/// Panics with the message of a failed check from `common`.
#[track_caller]
fn ok(check: Result<(), String>) {
    if let Err(e) = check {
        panic!("{e}");
    }
}

/// Brute force on the default articles (see [`Corpus::truth`]).
fn truth(pieces: &[&str], excluded: &[&str]) -> Vec<u32> {
    corpus().truth(pieces, excluded)
}

/// The characters `[s, e)` of `text` for each highlight.
fn spans(text: &str, hl: &[[u32; 2]]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    hl.iter()
        .map(|h| chars[h[0] as usize..h[1] as usize].iter().collect())
        .collect()
}

/// Every structural promise a hit of the default articles makes, for a query with search keys
/// `pieces` (see [`Corpus::check_hit`]).
#[track_caller]
fn check_hit(hit: &Hit, pieces: &[String], o: &SearchOptions) {
    ok(corpus().check_hit(hit, pieces, o));
}

/// Search keys of the pieces of `q` (whitespace separates; unquoted pieces split at sentence
/// punctuation). Only for the plain queries written in this file.
fn pieces_of(q: &str) -> Vec<String> {
    zhsearch_engine::query::Query::parse(q)
        .pieces
        .into_iter()
        .map(|p| p.key)
        .collect()
}

/// Results are ordered by score, ties by document order.
#[track_caller]
fn check_order(r: &SearchResults) {
    ok(common::check_order(r));
}

/// Checks a result list of the default articles against the brute-force model (relaxed
/// fallback included), every hit, and the order (see [`Corpus::check_results`]).
#[track_caller]
fn check_results(q: &str, r: &SearchResults, o: &SearchOptions) {
    ok(corpus().check_results(q, r, o));
}

/// Searches `q` on the default index; its pieces must be `pieces` and the results exactly the
/// articles containing all of them and none of `excluded` (brute force).
fn expect(q: &str, pieces: &[&str], excluded: &[&str]) -> SearchResults {
    assert_eq!(pieces_of(q), pieces, "pieces of {q:?}");
    let r = search(q);
    let want = truth(pieces, excluded);
    assert_eq!(docs(&r), want, "query {q:?}: results vs brute force");
    assert_eq!(r.total, want.len(), "query {q:?}: total");
    assert_eq!(r.relaxed, None, "query {q:?}");
    check_results(q, &r, &opts(1000));
    r
}

fn hit_of(r: &SearchResults, doc: u32) -> &Hit {
    r.hits
        .iter()
        .find(|h| h.doc == doc)
        .unwrap_or_else(|| panic!("{:?}: doc {doc} not in results", r.query))
}

/// Highlighted spans that were not cut at a passage edge (not at either end of the text and
/// not next to a `…` cut mark).
fn whole_spans(text: &str, hl: &[[u32; 2]]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    hl.iter()
        .filter(|h| {
            h[0] > 0
                && (h[1] as usize) < chars.len()
                && chars[h[0] as usize - 1] != '…'
                && chars[h[1] as usize] != '…'
        })
        .map(|h| chars[h[0] as usize..h[1] as usize].iter().collect())
        .collect()
}

/// Runs `f` on another thread and fails if it takes longer than `limit` (the thread is left
/// behind, so a slow engine cannot make the whole test binary slow).
fn within(limit: Duration, what: &str, f: impl FnOnce() + Send + 'static) {
    let (tx, rx) = std::sync::mpsc::channel();
    let start = Instant::now();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let _ = tx.send(r.err().map(|e| panic_message(&*e)));
    });
    match rx.recv_timeout(limit) {
        Ok(None) => {}
        Ok(Some(panic)) => panic!("{what}: {panic}"),
        Err(_) => panic!("{what}: still running after {:?}", start.elapsed()),
    }
}

fn raw(prefix: &str) -> String {
    let a = &articles()[doc_of(prefix) as usize];
    format!("{}\n{}", a.title, a.body)
}

// ---------------------------------------------------------------------------------------------
// OCR quirks of the default articles
// ---------------------------------------------------------------------------------------------

#[test]
fn articles_are_the_expected_five() {
    let a = articles();
    assert_eq!(a.len(), 5);
    assert_eq!(index().doc_count(), 5);
    // Title = first non-empty line.
    assert_eq!(
        a[doc_of("001") as usize].title,
        "■ 创建“五星”支部 引领城乡治理"
    );
    // The stored keys are exactly key() of the source text.
    for (i, (t, b)) in keys().iter().enumerate() {
        let d = index().doc(i as u32).unwrap();
        assert_eq!(d.title_str().unwrap(), t);
        assert_eq!(d.body_str().unwrap(), b);
        assert_eq!(d.title_chars as usize, t.chars().count());
        assert_eq!(d.body_chars as usize, b.chars().count());
    }
}

#[test]
fn name_broken_by_a_line_break_is_found() {
    // The OCR text has 刘万 at the end of one line and 玺 on the next.
    assert!(raw("000").contains("刘万\n玺") && !raw("000").contains("刘万玺"));
    let r = expect("刘万玺", &["刘万玺"], &[]);
    assert_eq!(docs(&r), vec![doc_of("000")]);
    let h = &r.hits[0];
    assert_eq!(
        spans(&h.snippet, &h.highlights),
        vec!["刘万玺"],
        "snippet {:?}",
        h.snippet
    );
}

#[test]
fn broken_word_single_char_and_cross_word_substrings() {
    // 问题导\n向: the line break falls inside the word.
    assert!(raw("000").contains("问题导\n向"));
    let r = expect("问题导向", &["问题导向"], &[]);
    assert!(docs(&r).contains(&doc_of("000")));
    for h in &r.hits {
        assert!(!h.highlights.is_empty());
        assert!(whole_spans(&h.snippet, &h.highlights)
            .iter()
            .all(|s| s == "问题导向"));
    }

    // One character finds every word containing it (技 in 科技, 竞技, 技术, ...).
    let r = expect("技", &["技"], &[]);
    assert!(docs(&r).contains(&doc_of("004")), "004 has 科技化");
    assert!(r.total >= 2);
    let r = expect("科技", &["科技"], &[]);
    assert!(docs(&r).contains(&doc_of("004")));

    // 关镇按 (from 南乐县城关镇按照) crosses jieba's word boundaries: still found.
    let body = &keys()[doc_of("000") as usize].1;
    let at = body.find("关镇按").expect("关镇按 in 000");
    let tokens = jieba_rs::Jieba::new().cut(body, true);
    let boundaries: BTreeSet<usize> = tokens.iter().map(|t| t.byte_start).collect();
    assert!(
        !boundaries.contains(&at)
            && boundaries
                .range(at + 1..at + "关镇按".len())
                .next()
                .is_some(),
        "关镇按 should start inside a jieba word and cross a boundary"
    );
    let r = expect("关镇按", &["关镇按"], &[]);
    assert_eq!(docs(&r), vec![doc_of("000")]);
    assert_eq!(
        spans(&r.hits[0].snippet, &r.hits[0].highlights),
        vec!["关镇按"]
    );
}

#[test]
fn quotation_marks_are_transparent_and_highlights_land_on_display_text() {
    let r = expect("五星支部", &["五星支部"], &[]);
    assert_eq!(r.total, 5, "every page has “五星”支部");
    // Typed with the quotation marks, the query is the same.
    assert_eq!(docs(&search("“五星”支部")), docs(&r));
    assert_eq!(docs(&search("\"“五星”支部\"")), docs(&r));
    // Title of 001: ■ 创建“五星”支部 引领城乡治理: the closing quote sits inside the match.
    let h = hit_of(&r, doc_of("001"));
    // (a title keeps its spaces: ■ 创建… as printed)
    assert_eq!(h.title, "■ 创建“五星”支部 引领城乡治理");
    assert_eq!(spans(&h.title, &h.title_highlights), vec!["五星”支部"]);
    for h in &r.hits {
        for s in whole_spans(&h.snippet, &h.highlights) {
            assert_eq!(key(&s), "五星支部", "{}: highlight {s:?}", h.id);
            // The opening quote stays outside, a closing one (“” or ‘’) inside.
            assert!(
                s.starts_with('五') && s.ends_with('部'),
                "{}: highlight {s:?}",
                h.id
            );
        }
    }

    // “书记工程”: both quotes are outside the match.
    let r = expect("书记工程", &["书记工程"], &[]);
    assert!(docs(&r).contains(&doc_of("000")) && docs(&r).contains(&doc_of("002")));
    for h in &r.hits {
        let chars: Vec<char> = h.snippet.chars().collect();
        assert!(!h.highlights.is_empty());
        for hl in &h.highlights {
            let (s, e) = (hl[0] as usize, hl[1] as usize);
            let text: String = chars[s..e].iter().collect();
            assert_eq!(text, "书记工程", "{}: {:?}", h.id, h.snippet);
            assert_eq!(
                chars.get(s.wrapping_sub(1)),
                Some(&'“'),
                "{}: {:?}",
                h.id,
                h.snippet
            );
            assert_eq!(chars.get(e), Some(&'”'), "{}: {:?}", h.id, h.snippet);
        }
    }
}

#[test]
fn sentence_punctuation_breaks_phrases() {
    // 000: 坚持问题导\n向 ，注重部门联动 (space before the full-width comma).
    assert!(raw("000").contains("导\n向 ，注重"));
    // A phrase never matches across the comma.
    assert_eq!(truth(&["导向注重"], &[]), Vec::<u32>::new());
    let r = search("\"导向注重\"");
    assert_eq!(
        (r.total, r.relaxed),
        (0, None),
        "quoted phrases are never relaxed"
    );
    // Unquoted, nothing contains it as typed: the engine falls back to its words.
    let r = search("导向注重");
    assert_eq!(r.relaxed.as_deref(), Some("导向 注重"));
    assert_eq!(docs(&r), truth(&["导向", "注重"], &[]));
    check_results("导向注重", &r, &opts(1000));
    // Unquoted, the comma splits the query into two pieces (AND).
    assert_eq!(pieces_of("导向，注重"), vec!["导向", "注重"]);
    let r = expect("导向，注重", &["导向", "注重"], &[]);
    assert!(docs(&r).contains(&doc_of("000")));
    assert_eq!(
        docs(&search("导向,注重")),
        docs(&r),
        "half-width comma splits too"
    );
    assert_eq!(docs(&search("导向 注重")), docs(&r));
    // Quoted with the comma (either width, any spaces), it is one phrase that includes it.
    let r = expect("\"导向，注重\"", &["导向，注重"], &[]);
    assert!(docs(&r).contains(&doc_of("000")));
    assert_eq!(docs(&search("\"导向 , 注重\"")), docs(&r));
    let h = hit_of(&r, doc_of("000"));
    assert!(spans(&h.snippet, &h.highlights).contains(&"导向，注重".to_string()));
}

#[test]
fn numbers_spaces_and_width_folding() {
    // 000: 本报讯 2023 年，南乐县... (a space inside 2023 年); 001: 召开2023年春节...
    assert!(raw("000").contains("2023 年"));
    let r = expect("2023年", &["2023年"], &[]);
    assert!(docs(&r).contains(&doc_of("000")) && docs(&r).contains(&doc_of("001")));
    let h = hit_of(&r, doc_of("000"));
    assert!(
        // The display keeps the source's space between digits and Chinese, inside the highlight.
        spans(&h.snippet, &h.highlights).contains(&"2023 年".to_string()),
        "{:?}",
        h.snippet
    );
    assert_eq!(docs(&search("\"2023 年\"")), docs(&r));
    // Full-width digits fold to ASCII.
    assert_eq!(docs(&search("２０２３年")), docs(&r));
    expect("２０２３", &["2023"], &[]);
    assert_eq!(docs(&search("２０２３")), docs(&search("2023")));

    // 11 个行政村 115 项创建任务
    assert!(raw("000").contains("115 项"));
    let r = expect("115项", &["115项"], &[]);
    assert_eq!(docs(&r), vec![doc_of("000")]);
    assert_eq!(
        spans(&r.hits[0].snippet, &r.hits[0].highlights),
        vec!["115 项"]
    );
    assert_eq!(docs(&search("\"115 项\"")), docs(&r));
    // Unquoted with a space: two pieces, 115 AND 项.
    expect("115 项", &["115", "项"], &[]);

    // Latin is case-folded: 003 has “登台演讲+PPT展示+现场观摩”.
    let r = expect("ppt", &["ppt"], &[]);
    assert_eq!(docs(&r), vec![doc_of("003")]);
    assert_eq!(
        spans(&r.hits[0].snippet, &r.hits[0].highlights),
        vec!["PPT"],
        "original case shown"
    );
    for q in ["PPT", "Ppt", "ＰＰＴ", "ｐｐｔ", "\"PPT展示\""] {
        assert_eq!(docs(&search(q)), vec![doc_of("003")], "{q}");
    }
    // 004: "兴隆 V 生活" (spaces around a Latin letter between Han characters).
    assert_eq!(docs(&search("兴隆v生活")), vec![doc_of("004")]);
    assert_eq!(docs(&search("\"兴隆 V 生活\"")), vec![doc_of("004")]);
}

#[test]
fn replacement_characters_and_invisible_characters() {
    // 000: 暖炉 46�个 (U+FFFD from the OCR): searchable like any character.
    expect("46\u{FFFD}个", &["46\u{FFFD}个"], &[]);
    assert_eq!(docs(&search("46\u{FFFD}个")), vec![doc_of("000")]);
    // Zero-width and control characters in a query are dropped.
    assert_eq!(docs(&search("刘\u{200B}万\u{7}玺")), vec![doc_of("000")]);
}

#[test]
fn quoted_phrases_exclusions_and_multiple_pieces() {
    // A quoted phrase: only articles containing it contiguously.
    let r = expect("\"乡村振兴\"", &["乡村振兴"], &[]);
    for h in &r.hits {
        let (t, b) = &keys()[h.doc as usize];
        assert!(t.contains("乡村振兴") || b.contains("乡村振兴"));
    }
    expect("\"振兴 乡村\"", &["振兴乡村"], &[]);

    // Two pieces: AND, in any order and position.
    let and = expect("乡村 振兴", &["乡村", "振兴"], &[]);
    assert_eq!(docs(&and), docs(&search("振兴 乡村")));
    assert!(docs(&r).iter().all(|d| docs(&and).contains(d)));
    expect("支部 刘万玺", &["支部", "刘万玺"], &[]);
    expect("南乐 岳村", &["南乐", "岳村"], &[]);

    // Exclusions: 南乐 appears in 000 and 001 only.
    let r = expect("五星 -南乐", &["五星"], &["南乐"]);
    assert!(!docs(&r).contains(&doc_of("000")) && !r.hits.is_empty());
    expect("五星 -\"城关 镇\"", &["五星"], &["城关镇"]);
    expect("五星 －南乐 -ppt", &["五星"], &["南乐", "ppt"]);
    expect("\"五星\" -五星", &["五星"], &["五星"]);
    // 004's title starts with "-基双核": as a query it is an exclusion; quoted it is a phrase.
    expect("\"-基双核\"", &["-基双核"], &[]);
    expect("治理 -基双核", &["治理"], &["基双核"]);
    // Only exclusions: nothing to look for, no panic.
    let _ = search("-南乐");
}

#[test]
fn brute_force_truth_on_many_queries() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("的", &["的"], &[]),
        ("镇", &["镇"], &[]),
        ("庙", &["庙"], &[]),
        ("星 村", &["星", "村"], &[]),
        ("支部创建", &["支部创建"], &[]),
        ("创建工作", &["创建工作"], &[]),
        ("华龙区", &["华龙区"], &[]),
        ("华龙区 -岳村", &["华龙区"], &["岳村"]),
        ("宁小庆", &["宁小庆"], &[]),
        ("宁小庆：为民", &["宁小庆", "为民"], &[]),
        ("\"宁小庆: 为民\"", &["宁小庆：为民"], &[]),
        ("基层治理", &["基层治理"], &[]),
        ("治理 基层 -五星", &["治理", "基层"], &["五星"]),
        ("2024", &["2024"], &[]),
        ("2024年", &["2024年"], &[]),
        ("1月", &["1月"], &[]),
        ("■", &["■"], &[]),
        ("■创建", &["■创建"], &[]),
        ("（", &[], &[]),
        ("村（社区）", &["村社区"], &[]),
        ("村(社区)党", &["村社区党"], &[]),
        ("不存在的词语", &["不存在的词语"], &[]),
        ("乡村振兴战略", &["乡村振兴战略"], &[]),
        ("振兴乡村", &["振兴乡村"], &[]),
        (
            "五星 支部 创建 工作 乡村",
            &["五星", "支部", "创建", "工作", "乡村"],
            &[],
        ),
        ("\"、\"", &["、"], &[]),
        ("\"。\" 五星", &["。", "五星"], &[]),
    ];
    for &(q, pieces, excluded) in cases {
        assert_eq!(pieces_of(q), pieces, "pieces of {q}");
        let r = search(q);
        check_results(q, &r, &opts(1000));
        let exact = truth(pieces, excluded);
        if pieces.is_empty() {
            assert_eq!(r.total, 0, "{q}");
        } else if !exact.is_empty() {
            assert_eq!((docs(&r), r.relaxed), (exact, None), "{q}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Ranking, on a small synthetic corpus
// ---------------------------------------------------------------------------------------------

fn ranking_index() -> &'static Index<Vec<u8>> {
    static I: OnceLock<Index<Vec<u8>>> = OnceLock::new();
    I.get_or_init(|| {
        let a = [
            // 0: 乡村 ... 振兴 scattered in the body
            article(
                "scattered",
                "工作简报",
                "本报讯 会议强调乡村建设，推动产业振兴。",
            ),
            // 1: 乡村振兴 contiguous in the body (same lengths as 0)
            article(
                "phrase",
                "工作简报",
                "本报讯 会议强调乡村振兴，推动产业建设。",
            ),
            // 2: 乡村振兴 in the title only
            article(
                "title",
                "乡村振兴简报",
                "本报讯 会议强调基层建设，推动产业发展。",
            ),
            // 3..6: identical texts: equal scores, document order decides
            article("tie-a", "茶叶丰收", "合作社茶叶丰收。"),
            article("tie-b", "茶叶丰收", "合作社茶叶丰收。"),
            article("tie-c", "茶叶丰收", "合作社茶叶丰收。"),
            // 6, 7: one piece in the title beats it in the body
            article("body-only", "通知", "据悉，林场植树造林成效显著。"),
            article("in-title", "植树造林", "据悉，林场今年成效显著如期。"),
            // 8: unrelated filler
            article("filler", "其他", "天气晴朗。"),
        ];
        Index::open(build_index(&a, &BuildOptions::default()).unwrap()).unwrap()
    })
}

fn ranked_ids(q: &str) -> Vec<String> {
    let r = search_on(ranking_index(), q, &opts(100));
    check_order(&r);
    r.hits.iter().map(|h| h.id.clone()).collect()
}

#[test]
fn title_match_ranks_above_body_match() {
    assert_eq!(ranked_ids("乡村振兴"), vec!["title", "phrase"]);
    assert_eq!(ranked_ids("植树造林"), vec!["in-title", "body-only"]);
    assert_eq!(ranked_ids("植树"), vec!["in-title", "body-only"]);
}

#[test]
fn contiguous_phrase_ranks_above_scattered_pieces() {
    assert_eq!(
        ranked_ids("乡村 振兴"),
        vec!["title", "phrase", "scattered"]
    );
    // The pieces in the other order do not form the phrase: 0 and 1 are no longer told apart by it.
    let ids = ranked_ids("振兴 乡村");
    assert_eq!(ids.len(), 3);
}

#[test]
fn equal_scores_keep_document_order() {
    let r = search_on(ranking_index(), "茶叶", &opts(100));
    let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, vec!["tie-a", "tie-b", "tie-c"]);
    assert!(r.hits.windows(2).all(|w| w[0].score == w[1].score));
    // Same again with paging: one at a time.
    for (i, want) in ["tie-a", "tie-b", "tie-c"].iter().enumerate() {
        let o = SearchOptions {
            limit: 1,
            offset: i,
            ..SearchOptions::default()
        };
        assert_eq!(search_on(ranking_index(), "茶叶", &o).hits[0].id, *want);
    }
    // And the search is deterministic.
    assert_eq!(
        search_on(ranking_index(), "茶叶 丰收", &opts(100)),
        search_on(ranking_index(), "茶叶 丰收", &opts(100))
    );
}

// ---------------------------------------------------------------------------------------------
// Paging, passages, snippets, highlights
// ---------------------------------------------------------------------------------------------

#[test]
fn total_counts_everything_and_pages_do_not_overlap() {
    for q in ["五星", "的", "乡村 振兴", "技"] {
        let all = search(q);
        assert!(all.total >= 3, "{q}");
        let full: Vec<u32> = all.hits.iter().map(|h| h.doc).collect();
        assert_eq!(full.len(), all.total);
        for limit in [1, 2, 3] {
            let mut paged = Vec::new();
            let mut offset = 0;
            while offset < all.total + limit {
                let o = SearchOptions {
                    limit,
                    offset,
                    ..SearchOptions::default()
                };
                let r = search_on(index(), q, &o);
                assert_eq!(r.total, all.total, "{q}: total does not depend on paging");
                assert!(r.hits.len() <= limit);
                paged.extend(r.hits.iter().map(|h| h.doc));
                offset += limit;
            }
            assert_eq!(
                paged, full,
                "{q}: pages of {limit} concatenate to the full list"
            );
        }
        // limit 0: no hits, still the count; the query string is echoed.
        let r = search_on(index(), q, &opts(0));
        assert!(r.hits.is_empty());
        assert_eq!((r.total, r.query.as_str()), (all.total, q));
        let far = SearchOptions {
            offset: 1_000_000,
            ..SearchOptions::default()
        };
        assert!(search_on(index(), q, &far).hits.is_empty());
    }
}

#[test]
fn several_passages_when_matches_are_far_apart() {
    let d = doc_of("000"); // a whole newspaper page: 五星 all over it
    let one = SearchOptions {
        limit: 10,
        passages: 1,
        snippet_chars: 20,
        offset: 0,
        spell: true,
        narrowing: Default::default(),
    };
    let three = SearchOptions {
        passages: 3,
        ..one.clone()
    };
    let r1 = search_on(index(), "五星", &one);
    let r3 = search_on(index(), "五星", &three);
    let (h1, h3) = (hit_of(&r1, d), hit_of(&r3, d));
    check_hit(h3, &["五星".into()], &three);
    assert!(h3.snippet.chars().count() > h1.snippet.chars().count());
    // Three separate passages, each with a match, joined by …
    let parts: Vec<&str> = h3.snippet.split('…').filter(|p| !p.is_empty()).collect();
    assert_eq!(parts.len(), 3, "{:?}", h3.snippet);
    assert!(
        parts.iter().all(|p| key(p).contains("五星")),
        "{:?}",
        h3.snippet
    );
    assert!(h3.highlights.len() >= 3);
    // Passages appear in text order.
    let body = &keys()[d as usize].1;
    let at: Vec<usize> = parts.iter().map(|p| body.find(&key(p)).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
}

#[test]
fn snippets_are_windows_cut_with_ellipses() {
    for (q, width) in [
        ("刘万玺", 30),
        ("刘万玺", 1),
        ("五星", 50),
        ("乡村 振兴", 80),
        ("技", 7),
        ("本报讯2023", 20),
    ] {
        let o = SearchOptions {
            limit: 10,
            offset: 0,
            passages: 1,
            snippet_chars: width,
            spell: true,
            narrowing: Default::default(),
        };
        let r = search_on(index(), q, &o);
        assert!(r.total > 0, "{q}");
        for h in &r.hits {
            // With one passage this includes the window check (`common::check_window`).
            check_hit(h, &pieces_of(q), &o);
        }
    }
    // A match in the middle of a long page: cut on both sides.
    let o = SearchOptions {
        snippet_chars: 30,
        ..SearchOptions::default()
    };
    let h = &search_on(index(), "刘万玺", &o).hits[0];
    assert!(
        h.snippet.starts_with('…') && h.snippet.ends_with('…'),
        "{:?}",
        h.snippet
    );
    // At the very start of the body: no leading …
    let h = &search_on(index(), "本报讯2023", &o).hits[0];
    assert!(
        h.snippet.starts_with("本报讯 2023") && h.snippet.ends_with('…'),
        "{:?}",
        h.snippet
    );
    assert_eq!(spans(&h.snippet, &h.highlights), vec!["本报讯 2023"]);

    // A body shorter than the window is shown whole, in display form, without cut marks.
    let idx = ranking_index();
    let h = &search_on(idx, "茶叶", &opts(1)).hits[0];
    assert_eq!(h.snippet, "合作社茶叶丰收。");
    assert_eq!(spans(&h.snippet, &h.highlights), vec!["茶叶"]);
    assert_eq!(spans(&h.title, &h.title_highlights), vec!["茶叶"]);
    // A title-only match still gives a snippet (the start of the body) without highlights.
    let r = search_on(idx, "简报", &opts(10));
    assert_eq!(r.total, 3);
    for h in &r.hits {
        assert!(h.highlights.is_empty(), "{:?}", h.snippet);
        assert!(h.snippet.starts_with("本报讯会议强调"), "{:?}", h.snippet);
        assert_eq!(spans(&h.title, &h.title_highlights), vec!["简报"]);
    }
    // Pieces split between title and body: each highlighted where it is.
    let h = &search_on(idx, "简报 基层", &opts(10)).hits[0];
    assert_eq!(h.id, "title");
    assert_eq!(spans(&h.title, &h.title_highlights), vec!["简报"]);
    assert_eq!(spans(&h.snippet, &h.highlights), vec!["基层"]);
}

#[test]
fn highlights_are_sorted_bounded_and_cover_pieces() {
    let queries = [
        "五星 支部",
        "乡村 振兴 创建",
        "五星支部创建",
        "的",
        "村 镇 乡",
        "“五星”",
        "2023 年",
        "工作 -南乐",
        "\"(社区)\"",
        "引领 治理 基层 党建",
    ];
    for q in queries {
        for (passages, width) in [(1, 80), (2, 15), (4, 5), (1, 1), (3, 200)] {
            let o = SearchOptions {
                limit: 10,
                offset: 0,
                passages,
                snippet_chars: width,
                spell: true,
                narrowing: Default::default(),
            };
            let r = search_on(index(), q, &o);
            for h in &r.hits {
                check_hit(h, &pieces_of(q), &o);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Odd queries
// ---------------------------------------------------------------------------------------------

#[test]
fn odd_queries_do_not_panic_and_finish_quickly() {
    let long_text: String = keys()[0].1.chars().cycle().take(100_000).collect();
    let queries: Vec<String> = vec![
        String::new(),
        " ".into(),
        " \t\n\u{3000} ".into(),
        "，。、；：！？".into(),
        "\"".into(),
        "\"\"".into(),
        "-".into(),
        "--".into(),
        "- \" ".into(),
        "“”（）《》".into(),
        "😀".into(),
        "五星😀".into(),
        "\u{0}\u{1}\u{7}\u{1b}[31m".into(),
        "\u{200B}\u{FEFF}\u{AD}".into(),
        "\u{FFFD}".into(),
        "a".repeat(100_000),
        "字".repeat(100_000),
        "五 ".repeat(50_000),
        "-五 ".repeat(50_000),
        "\"".repeat(100_000),
        long_text,
        "\u{10FFFF}\u{E000}\u{1F600}\u{0301}".into(),
        // right-to-left text and direction overrides
        "\u{202E}五星支部\u{202C} שלום مرحبا".into(),
        // combining marks on CJK and Latin
        "五\u{0301}星\u{0308}支部 e\u{0301}\u{0327}".into(),
        // only stop characters
        "的 了 是 在".into(),
        "的了是在和".into(),
    ];
    for q in queries {
        let what = format!(
            "{:?}... ({} chars)",
            q.chars().take(8).collect::<String>(),
            q.chars().count()
        );
        within(Duration::from_secs(5), &what, move || {
            for o in [
                opts(10),
                SearchOptions {
                    passages: 5,
                    snippet_chars: 0,
                    ..opts(10)
                },
            ] {
                let r = index().search(&q, &o).expect("odd queries are not errors");
                check_results(&q, &r, &o);
            }
        });
    }
    // Nothing to look for: no results.
    for q in ["", "  ", "，。", "\"\"", "-", "“”"] {
        assert_eq!(search(q).total, 0, "{q:?}");
    }
    // A long query is clamped, not rejected: the first characters still count.
    assert!(pieces_of(&"字".repeat(100_000))
        .iter()
        .all(|p| p.chars().count() == MAX_QUERY_CHARS));
    let r = search(&"五 ".repeat(50_000));
    assert_eq!(docs(&r), truth(&["五"], &[]));
}

/// The relaxed fallback cuts unquoted pieces into words: the query it runs must still obey
/// the documented clamp of `MAX_PIECES` pieces (each piece costs a scan of every candidate and
/// a needle in every snippet).
#[test]
fn relaxed_query_is_clamped_to_max_pieces() {
    // 40 × 字: not in any article as typed, so it is relaxed into single characters.
    let q = "字".repeat(40);
    let r = search(&q);
    let relaxed = r.relaxed.as_deref().expect("relaxed");
    let n = relaxed.split(' ').count();
    assert!(
        n <= MAX_PIECES,
        "relaxed query runs {n} pieces (> MAX_PIECES = {MAX_PIECES}): {relaxed:?}"
    );
}

/// Pinyin on the default articles: what a reader types finds the Chinese, after anything
/// containing the letters as typed, and bad input gets a bounded answer.
#[test]
fn pinyin_finds_what_it_spells_and_bad_letters_are_bounded() {
    let han = index().search("兴隆社区", &opts(100)).unwrap();
    assert!(han.total > 0);
    for q in [
        "xinglongshequ",
        "xlsq",
        "xinglongsh",
        "兴隆sq",
        "xing'long'she'qu",
    ] {
        let r = index().search(q, &opts(100)).unwrap();
        assert_eq!(
            r.pinyin.first().map(String::as_str),
            Some("兴隆社区"),
            "{q}"
        );
        let ids: BTreeSet<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        assert!(han.hits.iter().all(|h| ids.contains(h.id.as_str())), "{q}");
        assert!(r.hits.iter().all(|h| h.pinyin.is_some()), "{q}");
    }
    let off = SearchOptions {
        spell: false,
        ..opts(10)
    };
    assert_eq!(index().search("xinglongshequ", &off).unwrap().total, 0);
    // Letters that are no pinyin, one letter, an initial with thousands of completions, and
    // Latin strings longer than any reading.
    let long = "xinglong".repeat(200);
    for q in ["qqqqqvvv", "a", "zh", "x", long.as_str(), &"ab".repeat(30)] {
        let q = q.to_owned();
        within(Duration::from_secs(5), "bad letters", move || {
            let r = index().search(&q, &opts(10)).unwrap();
            assert!(
                r.pinyin.len() <= zhsearch_engine::spell::pinyin::MAX_READINGS,
                "{q}"
            );
            assert!(r.hits.len() <= 10);
        });
    }
}

/// Whole-query cost stays bounded for the longest query (1000 characters after clamping) of a
/// character that occurs in the text, which the relaxed fallback cuts into 1000 one-char pieces.
#[test]
fn long_relaxed_query_is_fast() {
    let q = "字".repeat(MAX_QUERY_CHARS);
    within(Duration::from_secs(5), "1000 × 字", move || {
        let r = index().search(&q, &opts(10)).unwrap();
        assert!(r.total > 0);
    });
}

// ---------------------------------------------------------------------------------------------
// Index file format
// ---------------------------------------------------------------------------------------------

fn open_err(bytes: &[u8]) -> Error {
    match Index::open(bytes) {
        Ok(_) => panic!("opened a damaged index ({} bytes)", bytes.len()),
        Err(e) => e,
    }
}

#[test]
fn build_is_deterministic() {
    let again = ingest_pages();
    assert_eq!(again, articles());
    let bytes = build_index(&again, &BuildOptions::default()).unwrap();
    assert!(bytes == index_bytes(), "same articles, different bytes");
    assert_eq!(&bytes[..8], b"ZHSRCH\x00\x01");
    assert_eq!(
        u64::from_le_bytes(bytes[16..24].try_into().unwrap()),
        bytes.len() as u64
    );

    // Thread count does not change the output (enough articles for the parallel path).
    let many: Vec<Article> = (0..80)
        .map(|i| {
            let a = &articles()[i % articles().len()];
            let body: String = a.body.chars().skip(i * 37).take(300).collect();
            article(&format!("doc{i}"), &a.title, &body)
        })
        .collect();
    let one = build_index(
        &many,
        &BuildOptions {
            threads: 1,
            ..BuildOptions::default()
        },
    )
    .unwrap();
    let two = build_index(
        &many,
        &BuildOptions {
            threads: 2,
            ..BuildOptions::default()
        },
    )
    .unwrap();
    let three = build_index(
        &many,
        &BuildOptions {
            threads: 3,
            ..BuildOptions::default()
        },
    )
    .unwrap();
    assert!(
        one == two && two == three,
        "thread count changes the index bytes"
    );
    let idx = Index::open(one.as_slice()).unwrap();
    assert_eq!(idx.doc_count(), 80);
    // Vec<u8> and &[u8] both open, same answers.
    let owned = Index::open(index_bytes().to_vec()).unwrap();
    assert_eq!(
        search_on(&owned, "五星 -南乐", &opts(10)),
        search("五星 -南乐").clone_limited(10)
    );
}

/// A build that takes articles one at a time and frees each batch once stored (the CLI's)
/// writes the bytes of the build that holds them all: 10,000 articles in several batches,
/// pages split into stories among them, tags and dates for the filters, weighted text.
#[test]
fn batched_build_writes_the_same_bytes() {
    use zhsearch_engine::build::Collector;
    let many: Vec<Article> = (0..10_000)
        .map(|i| {
            let a = &articles()[i % articles().len()];
            let body: String = a.body.chars().skip(i % 997).take(40 + i % 90).collect();
            let mut x = article(&format!("doc{i}"), &a.title, &body);
            x.tags = vec![format!("t{}", i % 7)];
            x.date = format!("2024-01-{:02}", 1 + i % 28);
            if i % 3 == 0 {
                x.page = Some(zhsearch_engine::Page {
                    id: format!("page{}", i / 6),
                    ..Default::default()
                });
            }
            if i % 5 == 0 {
                x.weights = vec![zhsearch_engine::weight::Run {
                    start: 3,
                    end: 30,
                    tenths: 25,
                }];
            }
            x
        })
        .collect();
    let opts = BuildOptions {
        filter_fields: vec!["none".into()],
        ..BuildOptions::default()
    };
    let whole = build_index(&many, &opts).unwrap();
    let mut c = Collector::new(&opts, false);
    for a in many {
        c.push(a);
    }
    assert!(
        c.build_index(&opts).unwrap() == whole,
        "batched build, different bytes"
    );
}

/// `SearchResults` with only the first `n` hits (to compare with a limit-n search).
trait Limited {
    fn clone_limited(&self, n: usize) -> Self;
}

impl Limited for SearchResults {
    fn clone_limited(&self, n: usize) -> Self {
        let mut r = self.clone();
        r.hits.truncate(n);
        r
    }
}

#[test]
fn truncated_files_are_typed_errors() {
    let b = index_bytes();
    let mut cuts = vec![
        0,
        1,
        4,
        7,
        8,
        12,
        20,
        31,
        32,
        33,
        52,
        100,
        b.len() / 2,
        b.len() - 1,
    ];
    cuts.extend((0..b.len()).step_by(b.len() / 50));
    for n in cuts {
        match open_err(&b[..n]) {
            Error::Truncated(_) => {}
            e => panic!("{n} bytes: expected Truncated, got {e:?}"),
        }
    }
    // Trailing garbage: the length in the header no longer matches.
    let mut longer = b.to_vec();
    longer.push(0);
    assert!(matches!(open_err(&longer), Error::Corrupt(_)));
}

#[test]
fn flipped_bytes_fail_the_checksum() {
    let b = index_bytes();
    for at in [32, 33, 40, 52, 1000, b.len() / 3, b.len() / 2, b.len() - 1] {
        let mut c = b.to_vec();
        c[at] ^= 0x40;
        assert!(
            matches!(open_err(&c), Error::ChecksumMismatch),
            "flip at {at}"
        );
    }
    // The checksum field itself.
    let mut c = b.to_vec();
    c[27] ^= 1;
    assert!(matches!(open_err(&c), Error::ChecksumMismatch));
}

#[test]
fn foreign_files_and_other_versions_are_rejected() {
    let b = index_bytes();
    let mut c = b.to_vec();
    c[0] = b'X';
    assert!(matches!(open_err(&c), Error::BadMagic));
    let mut c = b.to_vec();
    c[7] = 2; // "ZHSRCH\0\x02": not our magic
    assert!(matches!(open_err(&c), Error::BadMagic));
    let text = std::fs::read(articles_dir().join(&articles()[0].id)).unwrap();
    assert!(matches!(open_err(&text), Error::BadMagic));
    assert!(matches!(open_err(b"PK\x03\x04"), Error::BadMagic));
    assert!(matches!(open_err(&[0u8; 64]), Error::BadMagic));

    // The header is not checksummed: a patched version is reported as such.
    for v in [0u32, 1, 2, 3, 4, 5, 7, 99, u32::MAX] {
        let mut c = b.to_vec();
        c[8..12].copy_from_slice(&v.to_le_bytes());
        match open_err(&c) {
            Error::UnsupportedVersion { found, supported } => {
                assert_eq!((found, supported), (v, zhsearch_engine::format::VERSION))
            }
            e => panic!("version {v}: {e:?}"),
        }
    }
    // A wrong declared total length.
    let mut c = b.to_vec();
    c[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(open_err(&c), Error::Truncated(_)));
    let mut c = b.to_vec();
    c[16..24].copy_from_slice(&1u64.to_le_bytes());
    assert!(matches!(open_err(&c), Error::Corrupt(_)));
}

#[test]
fn damaged_section_table_is_corrupt_not_a_panic() {
    let b = index_bytes();
    let n = section_count(b);
    assert_eq!(n, 11);
    for i in 0..n {
        let e = HEADER_LEN + i * ENTRY_LEN;
        let patches: [(usize, u64); 5] = [
            (e + 12, u64::MAX),          // huge length
            (e + 12, b.len() as u64),    // length past the end
            (e + 4, u64::MAX - 3),       // offset + length overflows
            (e + 4, b.len() as u64 + 1), // offset past the end
            (e + 4, u64::MAX),
        ];
        for (at, v) in patches {
            let mut c = b.to_vec();
            c[at..at + 8].copy_from_slice(&v.to_le_bytes());
            // Without resealing the checksum catches it...
            assert!(matches!(open_err(&c), Error::ChecksumMismatch));
            // ...with a valid checksum the bounds check does.
            reseal(&mut c);
            assert!(
                matches!(open_err(&c), Error::Corrupt(_)),
                "section {i}: patch at {at} = {v}"
            );
        }
        // A duplicated kind, and an unknown kind (then a section is missing).
        for kind in [if i == 0 { 2 } else { 1 }, 99] {
            let mut c = b.to_vec();
            c[e..e + 4].copy_from_slice(&(kind as u32).to_le_bytes());
            reseal(&mut c);
            assert!(
                matches!(open_err(&c), Error::Corrupt(_)),
                "section {i} as kind {kind}"
            );
        }
    }
    // Absurd section counts (the header is not checksummed).
    for count in [0u32, 10, 12, 1000, u32::MAX] {
        let mut c = b.to_vec();
        c[12..16].copy_from_slice(&count.to_le_bytes());
        assert!(matches!(open_err(&c), Error::Corrupt(_)), "count {count}");
    }
}

/// Start of the section of `kind` in index bytes `b` (from the section table).
fn section_start(b: &[u8], kind: u32) -> usize {
    sections(b).find(|&(k, _, _)| k == kind).unwrap().1
}

/// Opens `bytes` and runs a few searches on another thread; `Err(message)` if anything
/// panicked or did not finish within two seconds (typed errors are fine). A hung thread is
/// left behind, spinning until the test binary exits.
fn survives(bytes: Vec<u8>, queries: &'static [&'static str]) -> Result<(), String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| {
            if let Ok(idx) = Index::open(bytes.as_slice()) {
                for q in queries {
                    for o in [
                        opts(10),
                        SearchOptions {
                            passages: 3,
                            snippet_chars: 5,
                            ..opts(10)
                        },
                    ] {
                        let _ = idx.search(q, &o);
                    }
                }
            }
        });
        let _ = tx.send(r.map_err(|e| panic_message(&*e)));
    });
    rx.recv_timeout(Duration::from_secs(2))
        .unwrap_or_else(|_| Err("no answer after 2 s (endless loop?)".into()))
}

/// A small index whose bodies have no display edits (so nothing else notices wrong lengths).
fn plain_index() -> Vec<u8> {
    let a = [
        article("a", "标题甲", "乡村振兴工作开展以来成效显著的情况"),
        article("b", "标题乙", "本报讯五星支部创建"),
    ];
    build_index(&a, &BuildOptions::default()).unwrap()
}

/// A file damaged before its checksum was computed (a buggy writer, a crafted file): every
/// field of a doc record set to a wrong value, searches must give typed errors, not panic.
#[test]
fn inconsistent_doc_records_are_errors_not_panics() {
    let b = plain_index();
    let docs_at = section_start(&b, 5);
    let names = [
        "strings",
        "title offset",
        "title bytes",
        "title chars",
        "body offset",
        "body bytes",
        "body chars",
        "title edits",
        "body edits",
    ];
    let mut failures = Vec::new();
    for d in 0..2 {
        for (field, name) in names.iter().enumerate() {
            let at = docs_at + d * 36 + field * 4;
            let v0 = u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
            for v in [
                0,
                1,
                v0.wrapping_sub(1),
                v0 + 1,
                v0 / 2,
                v0.saturating_mul(2),
                v0 + 1000,
            ] {
                let mut c = b.clone();
                c[at..at + 4].copy_from_slice(&v.to_le_bytes());
                reseal(&mut c);
                if let Err(panic) = survives(c, &["乡村 振兴", "五星", "的", "标题", "显著"])
                {
                    failures.push(format!("doc {d} {name} {v0} -> {v}: {panic}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "search panicked on:\n{}",
        failures.join("\n")
    );
}

/// Same for the character FST: a file with a damaged CHARS section but a valid checksum.
#[test]
fn damaged_fst_with_valid_checksum_is_an_error_not_a_panic() {
    let b = plain_index();
    let chars_at = section_start(&b, 2);
    let mut failures = Vec::new();
    // Byte 0 of an FST is its format version (3); 2 is an older layout. Byte 18 is in a node.
    for (rel, v) in [(0, 2u8), (18, 0xff), (18, 0x80)] {
        let mut c = b.clone();
        c[chars_at + rel] = v;
        reseal(&mut c);
        if let Err(panic) = survives(c, &["乡村", "五星", "本报讯"]) {
            failures.push(format!("chars-fst byte +{rel} = {v:#x}: {panic}"));
        }
    }
    assert!(
        failures.is_empty(),
        "search panicked on:\n{}",
        failures.join("\n")
    );
}

#[test]
fn inconsistent_meta_is_corrupt() {
    let b = index_bytes();
    // Change the doc count in the META section (kind 1).
    let meta_at = section_start(b, 1);
    for n in [0u32, 4, 6, u32::MAX] {
        let mut c = b.to_vec();
        c[meta_at..meta_at + 4].copy_from_slice(&n.to_le_bytes());
        reseal(&mut c);
        assert!(matches!(open_err(&c), Error::Corrupt(_)), "doc count {n}");
    }
}

#[test]
fn traditional_and_simplified_find_each_other_and_show_as_written() {
    let a = vec![
        article("hant", "鄉村振興檔案", "縣裡的檔案館公佈了鄉村振興的資料。"),
        article("hans", "乡村振兴档案", "县里的档案馆公布了乡村振兴的资料。"),
        article("mixed", "通知", "今年乡村振興工作取得成效。"),
        article("other", "其他", "天气晴朗。"),
    ];
    let idx = Index::open(build_index(&a, &BuildOptions::default()).unwrap()).unwrap();
    let ids = |q: &str| {
        let mut v: Vec<String> = search_on(&idx, q, &opts(10))
            .hits
            .iter()
            .map(|h| h.id.clone())
            .collect();
        v.sort();
        v
    };
    for q in ["鄉村振興", "乡村振兴", "乡村振興", "\"鄉村 振興\""] {
        assert_eq!(ids(q), vec!["hans", "hant", "mixed"], "{q}");
    }
    assert_eq!(ids("檔案"), vec!["hans", "hant"]);
    assert_eq!(ids("档案馆"), vec!["hans", "hant"]);
    // Shown as written, highlighted on the characters as written.
    let r = search_on(&idx, "档案", &opts(10));
    let h = r.hits.iter().find(|h| h.id == "hant").unwrap();
    assert_eq!(h.title, "鄉村振興檔案");
    assert_eq!(spans(&h.title, &h.title_highlights), vec!["檔案"]);
    let r = search_on(&idx, "档案馆", &opts(10));
    let h = r.hits.iter().find(|h| h.id == "hant").unwrap();
    assert!(h.snippet.contains("縣裡的檔案館公佈了"), "{}", h.snippet);
    assert_eq!(spans(&h.snippet, &h.highlights), vec!["檔案館"]);
    let h = r.hits.iter().find(|h| h.id == "hans").unwrap();
    assert_eq!(spans(&h.snippet, &h.highlights), vec!["档案馆"]);
}

// ---------------------------------------------------------------------------------------------
// Stories of the default pages
// ---------------------------------------------------------------------------------------------

/// The default articles as ingested by default: split into their stories.
fn story_index() -> &'static Index<Vec<u8>> {
    static S: OnceLock<Index<Vec<u8>>> = OnceLock::new();
    S.get_or_init(|| {
        let articles = common::ingest_articles();
        Index::open(build_index(&articles, &BuildOptions::default()).unwrap()).unwrap()
    })
}

#[test]
fn a_query_inside_a_story_returns_the_story_with_its_headline() {
    let r = search_on(story_index(), "燃气安全", &opts(10));
    assert_eq!((r.total, r.pages), (1, 1));
    let h = &r.hits[0];
    assert_eq!(h.title, "开展燃气安全大排查 筑牢燃气安全防线");
    assert_eq!(h.id, "000_1f48cccaa077cdf6.txt#s4");
    let page = h.page.as_ref().expect("the story's page");
    assert_eq!(page.id, "000_1f48cccaa077cdf6.txt");
    assert_eq!(page.title, "2024年 1月 4日 星期四 乡村振兴");
    // The snippet starts at a clause boundary, not inside 本报讯.
    assert!(!h.snippet.starts_with("…讯"), "{}", h.snippet);
    // A photo story without a printed headline is named by its first words.
    let r = search_on(story_index(), "刘万玺", &opts(10));
    assert!(
        r.hits[0].title.starts_with("近日，清丰县自然资源局"),
        "{}",
        r.hits[0].title
    );
    // Several stories of one page are counted as stories and as pages.
    let r = search_on(story_index(), "乡贤", &opts(10));
    assert!(
        r.pages < r.total && r.pages >= 2,
        "{} on {}",
        r.total,
        r.pages
    );
    // A page of one story stays one article, with no page of its own.
    let r = search_on(story_index(), "岳村镇瓦岗村", &opts(10));
    assert_eq!(r.hits[0].id, "002_a8e5c3ad946ad7f3.txt");
    assert!(r.hits[0].page.is_none());
}

#[test]
fn every_story_is_found_first_by_its_headline_whole_its_first_characters_or_two_pieces() {
    let articles = common::ingest_articles();
    for a in articles.iter().filter(|a| a.page.is_some()) {
        let typed: String = a.title.chars().filter(|c| c.is_alphanumeric()).collect();
        let first: String = typed.chars().take(4).collect();
        let n = typed.chars().count();
        let k = (n / 3).clamp(2, 4);
        let two = format!(
            "{} {}",
            typed.chars().take(k).collect::<String>(),
            typed.chars().skip(n - k).collect::<String>()
        );
        for q in [a.title.as_str(), &first, &two] {
            let r = search_on(story_index(), q, &opts(3));
            assert_eq!(r.hits[0].id, a.id, "{q:?} should bring {} first", a.title);
        }
    }
}

#[test]
fn every_substring_of_a_story_finds_it() {
    let articles = common::ingest_articles();
    let mut rng = 0x2545F4914F6CDD1Du64;
    for (i, a) in articles.iter().enumerate() {
        let k = key(&a.body);
        let chars: Vec<char> = k.chars().collect();
        for _ in 0..20 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let len = 2 + (rng % 5) as usize;
            if chars.len() <= len {
                continue;
            }
            let at = (rng >> 8) as usize % (chars.len() - len);
            let q: String = chars[at..at + len].iter().collect();
            if q.chars().any(zhsearch_engine::normalize::is_sentence_punct) {
                continue;
            }
            let r = search_on(story_index(), &format!("\"{q}\""), &opts(1000));
            assert!(
                r.hits.iter().any(|h| h.doc == i as u32),
                "{q:?} in {}",
                a.id
            );
        }
    }
}

/// With filters, what decides relaxing a query (or reading its letters as pinyin) is what the
/// visitor will see: the articles that pass the filters. A browse listing leaves out what the
/// query excludes.
#[test]
fn filters_decide_relaxing_and_browsing_keeps_exclusions() {
    let mk = |id: &str, body: &str, section: &str| {
        let mut a = article(id, id, body);
        a.meta.insert("栏目".into(), vec![section.into()]);
        a
    };
    let articles = vec![
        mk("a1", "南乐县推进乡村振兴工作", "要闻"),
        mk("a2", "清丰县开展燃气安全排查", "要闻"),
        mk("a5", "南乐乡村振兴通知", "通知公告"),
    ];
    let opts_b = BuildOptions {
        filter_fields: vec!["栏目".into()],
        ..BuildOptions::default()
    };
    let idx = Index::open(build_index(&articles, &opts_b).unwrap()).unwrap();
    let mut o = opts(10);
    o.narrowing.filters.set("栏目", vec!["要闻".into()]);
    let r = idx.search("南乐乡村振兴", &o).unwrap();
    let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a1"], "{r:?}");
    assert!(r.relaxed.is_some());
    let r = idx.search("-南乐", &o).unwrap();
    let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a2"]);
}
