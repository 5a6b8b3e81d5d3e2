//! Several indexes searched as one: ranked on one scale (the same order and scores as one
//! index built from all their articles), each hit labelled with its site, the `site` field
//! filtering and counting, and split members answering like single files (weighted text
//! included).
#![cfg(feature = "indexer")]

#[allow(dead_code)]
mod common;

use common::ingest_articles;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use zhsearch_engine::build::{build_index, build_split, BuildOptions};
use zhsearch_engine::filter::{Fields, Narrowing};
use zhsearch_engine::sites::{self, Member};
use zhsearch_engine::split::read_range;
use zhsearch_engine::weight::Run;
use zhsearch_engine::{Article, Index, SearchOptions, SearchResults, SplitIndex};

const LABELS: [&str; 2] = ["县融媒体中心", "城关镇"];

struct Fixture {
    articles: Vec<Article>,
    /// Every article, the first site's first: what the sites together must rank like.
    all: Index<Vec<u8>>,
    singles: Vec<Index<Vec<u8>>>,
    splits: Mutex<Vec<SplitIndex>>,
    dirs: Vec<tempfile::TempDir>,
}

fn labels() -> Vec<String> {
    LABELS.iter().map(|s| s.to_string()).collect()
}

/// The default pages' stories, pages 000 and 001 as one site and the others as another.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        // Some text weighted, as data-zhsearch-weight would (the weights join too).
        let articles: Vec<Article> = ingest_articles()
            .into_iter()
            .enumerate()
            .map(|(i, mut a)| {
                if i % 3 == 1 {
                    a.weights = vec![Run {
                        start: 0,
                        end: 90,
                        tenths: 30,
                    }];
                }
                a
            })
            .collect();
        let first = |a: &Article| {
            let page = a.page.as_ref().map_or(a.id.as_str(), |p| p.id.as_str());
            page.starts_with("000") || page.starts_with("001")
        };
        let (a, b): (Vec<Article>, Vec<Article>) = articles.iter().cloned().partition(first);
        assert!(!a.is_empty() && !b.is_empty());
        let opts = BuildOptions {
            frequent_len: 24,
            part_bytes: 64 << 10,
            slot_grams: 8,
            ..BuildOptions::default()
        };
        let mut joined = a.clone();
        joined.extend(b.iter().cloned());
        let all = Index::open(build_index(&joined, &opts).unwrap()).unwrap();
        let mut singles = Vec::new();
        let mut splits = Vec::new();
        let mut dirs = Vec::new();
        for part in [&a, &b] {
            singles.push(Index::open(build_index(part, &opts).unwrap()).unwrap());
            let dir = tempfile::tempdir().unwrap();
            build_split(part, &opts, dir.path()).unwrap();
            splits.push(SplitIndex::open_dir(dir.path()).unwrap());
            dirs.push(dir);
        }
        Fixture {
            articles: joined,
            all,
            singles,
            splits: Mutex::new(splits),
            dirs,
        }
    })
}

impl Fixture {
    fn singles(&self, q: &str, o: &SearchOptions) -> SearchResults {
        let mut members: Vec<Member<'_>> = self
            .singles
            .iter()
            .map(|i| Member::Single(i.view()))
            .collect();
        sites::search_with(&mut members, &labels(), q, o, |_, _, _, _| unreachable!())
            .unwrap_or_else(|e| panic!("{q:?}: {e}"))
    }

    fn splits(&self, q: &str, o: &SearchOptions) -> SearchResults {
        let mut splits = self.splits.lock().unwrap();
        let mut members: Vec<Member<'_>> = splits.iter_mut().map(Member::Split).collect();
        let dirs: Vec<PathBuf> = self.dirs.iter().map(|d| d.path().to_owned()).collect();
        sites::search_with(&mut members, &labels(), q, o, |_, k, name, f| {
            read_range(&dirs[k].join(name), f)
        })
        .unwrap_or_else(|e| panic!("{q:?}: {e}"))
    }
}

fn json(r: &SearchResults) -> String {
    serde_json::to_string(r).unwrap()
}

/// `r` without what only a search of several sites has: hit labels and the `site` facet.
fn unlabelled(r: &SearchResults) -> SearchResults {
    let mut r = r.clone();
    for h in &mut r.hits {
        h.site = None;
    }
    r.facets.0.retain(|(f, _)| f != sites::SITE_FIELD);
    r
}

/// `len` non-whitespace characters of article `doc` from a fraction of its text on.
fn excerpt(doc: usize, frac: f64, len: usize) -> String {
    let a = &fixture().articles[doc % fixture().articles.len()];
    let t: Vec<char> = format!("{}\n{}", a.title, a.body)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '\u{FF02}' | '-' | '\u{FF0D}'))
        .collect();
    let start = ((frac * t.len() as f64) as usize).min(t.len().saturating_sub(1));
    t[start..(start + len).min(t.len())].iter().collect()
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x7369_7465_7300_0001),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(200))]

    /// Random queries from the articles (pieces, phrases, exclusions; any order, date bound,
    /// facets, page): the sites together answer exactly as one index of all their articles,
    /// and split members exactly as single files.
    #[test]
    fn sites_rank_on_one_scale(
        parts in prop::collection::vec((0..40usize, 0.0..1.0f64, 1..7usize, 0..4u8), 1..4),
        limit in 0..30usize,
        offset in 0..8usize,
        sort in prop::sample::select(&["relevance", "date", "-date"][..]),
        after in prop::option::of(prop::sample::select(&["2024", "2024-01-05"][..])),
        facets in any::<bool>(),
    ) {
        let q: Vec<String> = parts
            .iter()
            .map(|&(d, f, n, how)| {
                let e = excerpt(d, f, n);
                match how {
                    0 => format!("\"{e}\""),
                    1 => format!("-{e}"),
                    _ => e,
                }
            })
            .collect();
        let q = q.join(" ");
        let o = SearchOptions {
            limit,
            offset,
            narrowing: Narrowing {
                sort: sort.parse().unwrap(),
                after: after.map(str::to_owned),
                facets,
                ..Narrowing::default()
            },
            ..SearchOptions::default()
        };
        let f = fixture();
        let one = f.all.search(&q, &o).unwrap();
        // A relaxed query is cut with one site's vocabulary: not the joined index's.
        let several = f.singles(&q, &o);
        prop_assume!(one.relaxed.is_none() && several.relaxed.is_none());
        prop_assert_eq!(json(&unlabelled(&several)), json(&one), "{}", q);
        prop_assert_eq!(json(&f.splits(&q, &o)), json(&several), "{}", q);
    }
}

#[test]
fn every_hit_names_its_site_and_the_site_field_narrows() {
    let f = fixture();
    let q = "五星";
    let all = f.singles(
        q,
        &SearchOptions {
            limit: 100,
            ..SearchOptions::default()
        },
    );
    let by_site = |label: &str| {
        all.hits
            .iter()
            .filter(|h| h.site.as_deref() == Some(label))
            .count()
    };
    assert!(
        by_site(LABELS[0]) > 0 && by_site(LABELS[1]) > 0,
        "{}",
        json(&all)
    );
    assert_eq!(by_site(LABELS[0]) + by_site(LABELS[1]), all.total);
    // Each site's own index finds as many.
    for (i, label) in LABELS.iter().enumerate() {
        assert_eq!(
            f.singles[i]
                .search(q, &SearchOptions::default())
                .unwrap()
                .total,
            by_site(label)
        );
    }
    // Facets count per site; a site filter keeps one site's articles, its facet still counts both.
    let mut filters = Fields::default();
    filters.set(sites::SITE_FIELD, vec![LABELS[1].to_string()]);
    let o = SearchOptions {
        limit: 100,
        narrowing: Narrowing {
            filters,
            facets: true,
            ..Narrowing::default()
        },
        ..SearchOptions::default()
    };
    let one = f.singles(q, &o);
    assert_eq!(one.total, by_site(LABELS[1]));
    assert!(one
        .hits
        .iter()
        .all(|h| h.site.as_deref() == Some(LABELS[1])));
    let count = |label: &str| one.facets.count(sites::SITE_FIELD, label);
    assert_eq!(count(LABELS[0]), Some(by_site(LABELS[0])));
    assert_eq!(count(LABELS[1]), Some(by_site(LABELS[1])));
    assert_eq!(json(&f.splits(q, &o)), json(&one));
    // Browse: a site's articles, newest first.
    let mut filters = Fields::default();
    filters.set(sites::SITE_FIELD, vec![LABELS[0].to_string()]);
    let browse = SearchOptions {
        limit: 100,
        narrowing: Narrowing {
            filters,
            ..Narrowing::default()
        },
        ..SearchOptions::default()
    };
    let listed = f.singles("", &browse);
    assert_eq!(listed.total, f.singles[0].doc_count() as usize);
    assert_eq!(json(&f.splits("", &browse)), json(&listed));
}

#[test]
fn pages_count_apart_across_sites() {
    let f = fixture();
    for q in ["支部", "乡村振兴", "燃气"] {
        let one = f.all.search(q, &SearchOptions::default()).unwrap();
        let several = f.singles(q, &SearchOptions::default());
        assert_eq!(
            (several.total, several.pages),
            (one.total, one.pages),
            "{q}"
        );
    }
}
