//! What metadata and filters cost: index size with and without filter fields, and the latency
//! of a filtered query, of a query sorted newest first with facets, and of a browse listing
//! (no words, a filter), against the same queries unfiltered; and of the articles as two sites
//! searched as one list (two indexes, each half of them) against the one index.
//!
//! `ZHSEARCH_BENCH_CORPUS=$PWD/target/bench/inews.jsonl cargo bench -p zhsearch-engine --bench filters`
//! (the news corpus from `bench/corpus/get-inews.sh`; without it, the default pages). The news
//! records carry `label` (0-2) and `split` (train/dev/test) as metadata; they have no dates,
//! so each record is given one (2020-01-01 plus its id modulo 1,500 days) to sort by.
//! Prints medians over 7 rounds of the query set.

use std::time::Instant;
use zhsearch_engine::build::{build_index, BuildOptions};
use zhsearch_engine::filter::date::day_string;
use zhsearch_engine::ingest::{ingest_paths, IngestOptions};
use zhsearch_engine::sites::{self, Member, SitesStep};
use zhsearch_engine::{Index, SearchOptions};

const QUERIES: &[&str] = &[
    "的",
    "中国",
    "经济",
    "公司",
    "北京",
    "发展",
    "记者",
    "2016年",
    "市场",
    "政府",
    "学生",
    "医院",
    "手机",
    "银行",
    "警方",
    "乡村振兴",
    "互联网",
    "房价",
    "高考",
    "旅游",
];

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let path = std::env::var("ZHSEARCH_BENCH_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../articles").to_owned());
    let mut articles = ingest_paths(
        &[path.clone().into()],
        &IngestOptions::default(),
        &mut |_| {},
    )
    .expect("read the corpus")
    .articles;
    let epoch = zhsearch_engine::filter::date::day("2020-01-01").expect("a day");
    for (i, a) in articles.iter_mut().enumerate() {
        if a.date.is_empty() {
            let n: i32 = a.id.parse().unwrap_or(i as i32);
            a.date = day_string(epoch + n % 1500);
        }
    }
    let fields: Vec<String> = ["label", "split"]
        .iter()
        .filter(|f| articles.iter().any(|a| a.meta.contains_key(**f)))
        .map(|f| f.to_string())
        .collect();
    println!(
        "{} articles from {path}; filter fields {fields:?}",
        articles.len()
    );
    let plain = BuildOptions::default();
    let with = BuildOptions {
        filter_fields: fields.clone(),
        ..BuildOptions::default()
    };
    let bare: Vec<_> = articles
        .iter()
        .map(|a| zhsearch_engine::Article {
            meta: Default::default(),
            date: String::new(),
            ..a.clone()
        })
        .collect();
    let bytes_bare = build_index(&bare, &plain).expect("build");
    let bytes_plain = build_index(&articles, &plain).expect("build");
    let bytes = build_index(&articles, &with).expect("build");
    println!(
        "index: {} bytes without metadata or dates, {} with them stored ({:+.2} %)",
        bytes_bare.len(),
        bytes_plain.len(),
        100.0 * (bytes_plain.len() as f64 / bytes_bare.len() as f64 - 1.0),
    );
    let index = Index::open(bytes.clone()).expect("open");
    let filters_section = index
        .stats()
        .expect("stats")
        .sections
        .iter()
        .find(|(n, _)| n == "filters")
        .map_or(0, |(_, b)| *b);
    println!(
        "index: {} bytes with them filterable too ({:+.2} % over stored only); FILTERS section {} bytes",
        bytes.len(),
        100.0 * (bytes.len() as f64 / bytes_plain.len() as f64 - 1.0),
        filters_section
    );
    let field = fields.first().cloned().unwrap_or_else(|| "tags".into());
    let value = if field == "label" { "1" } else { "x" };
    let base = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    let mut filtered = base.clone();
    filtered
        .narrowing
        .filters
        .set(&field, vec![value.to_owned()]);
    let mut newest = base.clone();
    newest.narrowing.sort = "-date".parse().expect("sort");
    newest.narrowing.facets = true;
    let kinds: [(&str, &SearchOptions, bool); 4] = [
        ("unfiltered", &base, false),
        ("filtered", &filtered, false),
        ("newest first + facets", &newest, false),
        ("browse (no words, filtered)", &filtered, true),
    ];
    // Several sites: the articles as two indexes (first half, second half) searched as one
    // list, against the one index of all of them (the same results).
    let half = articles.len() / 2;
    let a = Index::open(build_index(&articles[..half], &with).expect("build")).expect("open");
    let b = Index::open(build_index(&articles[half..], &with).expect("build")).expect("open");
    let labels = ["a".to_string(), "b".to_string()];
    let sites = |q: &str, o: &SearchOptions| {
        let mut members = [Member::Single(a.view()), Member::Single(b.view())];
        match sites::search(&mut members, &labels, q, o).expect("search") {
            SitesStep::Done(r) => r,
            SitesStep::Need(_) => unreachable!("single files miss nothing"),
        }
    };
    type Run<'a> = Box<dyn Fn(&str) -> zhsearch_engine::SearchResults + 'a>;
    let mut runs: Vec<(&str, Run<'_>)> = Vec::new();
    for (name, o, browse) in kinds {
        let index = &index;
        runs.push((
            name,
            Box::new(move |q: &str| {
                let q = if browse { "" } else { q };
                index.search(q, o).expect("search")
            }),
        ));
    }
    runs.push((
        "two sites as one (unfiltered)",
        Box::new(|q: &str| sites(q, &base)),
    ));
    for (name, run) in runs {
        let mut per_query: Vec<Vec<f64>> = vec![Vec::new(); QUERIES.len()];
        let mut totals = 0;
        for _ in 0..7 {
            for (i, q) in QUERIES.iter().enumerate() {
                let t = Instant::now();
                let r = run(q);
                per_query[i].push(t.elapsed().as_secs_f64() * 1e3);
                totals = r.total;
            }
        }
        let medians: Vec<f64> = per_query.into_iter().map(median).collect();
        let mut sorted = medians.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "{name:30} p50 {:7.3} ms  p95 {:7.3} ms  max {:7.3} ms  (last total {totals})",
            sorted[sorted.len() / 2],
            sorted[(sorted.len() * 95).div_ceil(100) - 1],
            sorted[sorted.len() - 1]
        );
    }
    for q in QUERIES {
        let (one, two) = (index.search(q, &base).expect("search"), sites(q, &base));
        assert_eq!(one.total, two.total, "{q}");
        let ids = |r: &zhsearch_engine::SearchResults| {
            r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>()
        };
        assert_eq!(ids(&one), ids(&two), "{q}: the same order as one index");
    }
    println!("two sites as one: the same totals and order as the one index for every query");
}
