//! Criterion micro-benchmarks of the engine's hot paths, so that a change slowing one of them
//! shows up as a regression in criterion's report:
//!
//! - `normalize/body`: [`normalize`] of the longest article body (search key + display edits);
//! - `segment/{short,digits,medium,long}`: query-time segmentation ([`Index::with_segmenter`],
//!   the index's own vocabulary) of sentences of about 30 to 100 characters from the corpus;
//! - `build/articles`: [`build_index`] over the whole corpus with default options;
//! - `query/{word,name,substring,multi,quoted,latin}`: [`Index::search`] with `limit: 0`, i.e.
//!   matching and ranking without snippets (how a result count is computed);
//! - `snippet/{search_word,search_multi,passages}`: the search with snippets for the top 10, and
//!   [`snippet::snippet`] alone (three passages of the longest matching body).
//!
//! The input is always the default corpus in `articles/` (not `ZHSEARCH_BENCH_CORPUS`), so runs
//! stay comparable; the index is built once, outside the measured code.
//!
//! `cargo bench -p zhsearch-engine --bench micro` (a filter such as `-- query/` runs one group;
//! `-- --test` runs each benchmark once, as a smoke test).

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use memchr::memmem::Finder;
use std::hint::black_box;
use std::time::Duration;
use zhsearch_engine::build::{build_index, BuildOptions};
use zhsearch_engine::ingest::{ingest_paths, IngestOptions};
use zhsearch_engine::normalize::{key, normalize};
use zhsearch_engine::{snippet, Article, Index, SearchOptions};

/// The default corpus (five OCR newspaper pages).
fn load() -> Vec<Article> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../articles");
    let articles = ingest_paths(&[dir.into()], &IngestOptions::default(), &mut |_| {})
        .expect("read the default corpus in articles/")
        .articles;
    assert!(!articles.is_empty(), "no articles in {dir}");
    articles
}

/// Sentences from the corpus for the segmenter, as typed (normalized to keys before use).
const SENTENCES: [(&str, &str); 4] = [
    ("short", "刘运琼说,他坚持义务理发,不仅方便了居民,也传递了正能量"),
    (
        "digits",
        "2020年4月,宁小庆只身一人带着锅灶、被褥来到关王庙村,开始了吃住在村的驻村工作",
    ),
    (
        "medium",
        "宁小庆说,头几个月,他挨家挨户走访,在对村情民情充分调研后,发现该村存在村党组织软弱涣散、集体经济薄弱、环境卫生脏乱差等问题",
    ),
    (
        "long",
        "深入开展农村人居环境集中整治行动,动员镇村干部、党员、群众等力量,清扫辖区大街小巷、河道池塘及广场公园,消除卫生死角,清理清运垃圾132处,整治乱搭乱建5处,开展专项活动50余次,动员群众1000余人次",
    ),
];

/// Representative queries: a common word, a name, a 3-character substring off word boundaries
/// (创建|工作), two words, a quoted phrase (“五星”支部 in the text), Latin/digits.
const QUERIES: [(&str, &str); 6] = [
    ("word", "经济"),
    ("name", "刘万玺"),
    ("substring", "建工作"),
    ("multi", "乡村振兴 基层治理"),
    ("quoted", "\"五星支部\""),
    ("latin", "2024年"),
];

fn benches(c: &mut Criterion) {
    let articles = load();
    let raw_bytes: usize = articles.iter().map(|a| a.title.len() + a.body.len()).sum();
    let bytes = build_index(&articles, &BuildOptions::default()).expect("build the bench index");
    let index = Index::open(bytes).expect("open the bench index");

    // normalize: the longest body.
    let body = articles
        .iter()
        .map(|a| a.body.as_str())
        .max_by_key(|b| b.len())
        .unwrap_or_default();
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("body", |b| b.iter(|| normalize(black_box(body))));
    g.finish();

    // segment: the segmenter built once; only the cut is measured.
    let keys: Vec<(&str, String)> = SENTENCES.iter().map(|&(id, s)| (id, key(s))).collect();
    let mut g = c.benchmark_group("segment");
    index
        .with_segmenter(|seg| {
            for (id, k) in &keys {
                g.bench_function(*id, |b| b.iter(|| seg.cut(black_box(k))));
            }
        })
        .expect("open the index's segmenter");
    g.finish();

    // build: the whole corpus, default options (threads, vocabulary, pairs). Builds take tenths
    // of a second: ten flat samples (same iteration count each) keep the group short.
    let mut g = c.benchmark_group("build");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(raw_bytes as u64));
    g.bench_function("articles", |b| {
        b.iter(|| build_index(black_box(&articles), &BuildOptions::default()))
    });
    g.finish();

    // query: matching and ranking only (no hits, so no snippets).
    let count_only = SearchOptions {
        limit: 0,
        ..SearchOptions::default()
    };
    for (id, q) in QUERIES {
        let r = index.search(q, &count_only).expect("search");
        assert!(
            r.total > 0 && r.relaxed.is_none(),
            "query {id} ({q}) must match as typed in the default corpus"
        );
    }
    let mut g = c.benchmark_group("query");
    for (id, q) in QUERIES {
        g.bench_function(id, |b| b.iter(|| index.search(black_box(q), &count_only)));
    }
    g.finish();

    // snippet: the search with the top 10 hits' snippets, then snippet alone.
    let top10 = SearchOptions::default();
    let mut g = c.benchmark_group("snippet");
    // About half a millisecond per search: room for 100 samples even on a busy machine.
    g.measurement_time(Duration::from_secs(5));
    for (id, q) in [
        ("search_word", QUERIES[0].1),
        ("search_multi", QUERIES[3].1),
    ] {
        g.bench_function(id, |b| b.iter(|| index.search(black_box(q), &top10)));
    }
    // Three passages of 80 characters from the longest body containing 经济.
    let needle = key(QUERIES[0].1);
    let needles = [Finder::new(needle.as_bytes())];
    let doc = (0..index.doc_count())
        .map(|i| index.doc(i).expect("stored document"))
        .filter(|d| needles[0].find(d.body_key).is_some())
        .max_by_key(|d| d.body_chars)
        .expect("a body containing the word query");
    let body_key = doc.body_str().expect("stored body key");
    let body_chars = body_key.chars().count() as u32;
    let edits = doc.body_edits().expect("stored body edits");
    g.bench_function("passages", |b| {
        b.iter(|| snippet::snippet(black_box(body_key), body_chars, &edits, &needles, 80, 3))
    });
    g.finish();
}

criterion_group! {
    name = micro;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(micro);
