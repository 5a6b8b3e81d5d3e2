//! Shared helpers for the fuzz targets (included with `#[path]`, not a crate).
#![allow(dead_code)]

use zhsearch_engine::build::{build_index, BuildOptions};
use zhsearch_engine::{Article, Index, SearchOptions};

/// Small articles for the "valid index" seed (kept small so mutations hit interesting bytes).
pub fn small_articles() -> Vec<Article> {
    let texts = [
        ("乡村振兴", "本报讯 南乐县城关镇扎实推进“五星”支部创建，乡村振兴工作全面提升。五星支部创建的任务已完成。"),
        ("五星支部", "党委统领，压实工作责任。该镇党委高度重视“五星”支部创建工作，乡村 振兴。Hello World 2023 年 5G 网络"),
        ("Abc 测试", "ＡＢＣ abc 的 的 的 村 振兴 a b -a 镇 党委"),
    ];
    texts
        .iter()
        .enumerate()
        .map(|(i, (t, b))| Article {
            id: format!("a{i}"),
            title: t.to_string(),
            url: format!("https://example.com/{i}"),
            date: "2024-01-04".into(),
            tags: vec!["tag".into()],
            body: b.to_string(),
            ..Default::default()
        })
        .collect()
}

pub fn build_opts() -> BuildOptions {
    BuildOptions {
        vocab_min_freq: 1,
        pair_min_savings: 1,
        threads: 1,
        ..Default::default()
    }
}

pub fn small_index_bytes() -> Vec<u8> {
    build_index(&small_articles(), &build_opts()).expect("build small index")
}

/// title = first non-empty line, body = the rest.
pub fn repo_articles() -> Vec<Article> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("articles dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read article");
            let text = text.trim_start();
            let (title, body) = text.split_once('\n').unwrap_or((text, ""));
            Article {
                id: p.file_name().unwrap().to_string_lossy().into_owned(),
                title: title.trim().to_string(),
                body: body.to_string(),
                ..Default::default()
            }
        })
        .collect()
}

pub const QUERIES: &[&str] = &[
    "的",
    "乡村 振兴",
    "\"五星支部\"",
    "-a b",
    "五星 -支部",
    "abc",
    "\"\"",
    "-",
];

/// Exercises every read path of an opened index; must never panic.
pub fn exercise<D: AsRef<[u8]>>(index: &Index<D>) {
    let _ = index.stats();
    let n = index.doc_count();
    let _ = index.words();
    for i in [0, 1, n.wrapping_sub(1), n, n.wrapping_add(1), u32::MAX] {
        if let Ok(d) = index.doc(i) {
            let _ = d.title_str();
            let _ = d.body_str();
            let _ = d.meta();
            let _ = d.title_edits();
            let _ = d.body_edits();
        }
    }
    let opts = SearchOptions {
        limit: 5,
        offset: 0,
        passages: 2,
        snippet_chars: 40,
        ..Default::default()
    };
    for q in QUERIES {
        if let Ok(r) = index.search(q, &opts) {
            check_results(&r);
        }
    }
}

/// Invariants of search results: highlight ranges are sorted and inside their text.
pub fn check_results(r: &zhsearch_engine::SearchResults) {
    for h in &r.hits {
        check_ranges(&h.snippet, &h.highlights);
        check_ranges(&h.title, &h.title_highlights);
    }
}

pub fn check_ranges(text: &str, ranges: &[[u32; 2]]) {
    let n = text.chars().count() as u32;
    let mut prev_end = 0u32;
    for (k, r) in ranges.iter().enumerate() {
        assert!(r[0] < r[1], "empty/inverted highlight {r:?} in {text:?}");
        assert!(r[1] <= n, "highlight {r:?} beyond {n} chars of {text:?}");
        if k > 0 {
            assert!(
                r[0] > prev_end,
                "unsorted/unmerged highlights {ranges:?} in {text:?}"
            );
        }
        prev_end = r[1];
    }
}
