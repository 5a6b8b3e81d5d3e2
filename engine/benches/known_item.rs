//! Known-item search: a reader types a headline they remember (whole, its first four
//! characters, or two pieces of it) and expects its story first.
//!
//! `cargo bench -p zhsearch-engine --bench known_item` runs the default articles' printed
//! headlines (`engine/tests/data/headlines.tsv`); with `ZHSEARCH_BENCH_CORPUS=inews.jsonl` it
//! also runs the titles of every 15th record of that corpus. Per kind of query it prints how
//! often the first hit is the story (its headline as the hit's title), how often the first hit
//! is on the right page, and the mean reciprocal rank of the right page.

use zhsearch_engine::build::{build_index, BuildOptions};
use zhsearch_engine::ingest::{ingest_paths, IngestOptions};
use zhsearch_engine::{Article, Index, SearchOptions};

const HEADLINES: &str = include_str!("../tests/data/headlines.tsv");

/// The characters a reader would type: Han, letters and digits (no quotes or spaces).
fn typed(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The three queries for one headline: whole, first four characters, two pieces.
fn queries(headline: &str) -> Vec<(&'static str, String)> {
    let t = typed(headline);
    let mut out = vec![("whole", headline.to_owned())];
    if t.len() >= 6 {
        out.push(("first4", t[..4].iter().collect()));
        let k = (t.len() / 3).clamp(2, 4);
        let (a, b): (String, String) = (t[..k].iter().collect(), t[t.len() - k..].iter().collect());
        out.push(("pieces", format!("{a} {b}")));
    }
    out
}

#[derive(Default)]
struct Tally {
    n: usize,
    story: usize,
    page: usize,
    rr: f64,
}

/// Whether a hit's title is the headline (whitespace aside: titles are shown normalized).
fn same(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    strip(a) == strip(b)
}

fn run(name: &str, index: &Index<Vec<u8>>, items: &[(String, String)]) {
    let opts = SearchOptions {
        limit: 50,
        spell: false,
        ..SearchOptions::default()
    };
    let mut by_kind: std::collections::BTreeMap<&str, Tally> = Default::default();
    let mut misses = Vec::new();
    for (page, headline) in items {
        for (kind, q) in queries(headline) {
            let r = index.search(&q, &opts).expect("search");
            let on_page = |id: &str| {
                id == page
                    || id
                        .strip_prefix(page.as_str())
                        .is_some_and(|r| r.starts_with('#'))
            };
            let t = by_kind.entry(kind).or_default();
            t.n += 1;
            if let Some(first) = r.hits.first() {
                if on_page(&first.id) {
                    t.page += 1;
                    if same(&first.title, headline) {
                        t.story += 1;
                    }
                }
            }
            match r.hits.iter().position(|h| on_page(&h.id)) {
                Some(i) => t.rr += 1.0 / (i + 1) as f64,
                None => misses.push(q.clone()),
            }
            if kind == "first4" && !r.hits.first().is_some_and(|h| same(&h.title, headline)) {
                misses.push(format!(
                    "{q} -> {}",
                    r.hits.first().map_or("", |h| h.title.as_str())
                ));
            }
        }
    }
    for (kind, t) in &by_kind {
        println!(
            "known-item {name:8} {kind:7} n={:4}  story first {:5.1} %  page first {:5.1} %  MRR(page) {:.3}",
            t.n,
            100.0 * t.story as f64 / t.n as f64,
            100.0 * t.page as f64 / t.n as f64,
            t.rr / t.n as f64
        );
    }
    println!(
        "known-item {name:8} first4 not titled first (up to 8): {:?}",
        &misses[..misses.len().min(8)]
    );
}

fn build(articles: &[Article]) -> Index<Vec<u8>> {
    Index::open(build_index(articles, &BuildOptions::default()).expect("build")).expect("open")
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../articles");
    let read = |p: &str| {
        ingest_paths(&[p.into()], &IngestOptions::default(), &mut |_| {})
            .expect("read the corpus")
            .articles
    };
    let items: Vec<(String, String)> = HEADLINES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(_, h)| !h.is_empty())
        .map(|(p, h)| (p.to_owned(), h.to_owned()))
        .collect();
    run("articles", &build(&read(dir)), &items);
    if let Ok(path) = std::env::var("ZHSEARCH_BENCH_CORPUS") {
        let articles = read(&path);
        let items: Vec<(String, String)> = articles
            .iter()
            .step_by(15)
            .filter(|a| typed(&a.title).len() >= 6)
            .map(|a| (a.id.clone(), a.title.clone()))
            .collect();
        run("news", &build(&articles), &items);
    }
}
