//! Corpus loading shared by the benches: `ZHSEARCH_BENCH_CORPUS` (JSONL with id, title, body)
//! or the default articles; a fixed-seed generator and quantiles.

// Each bench includes this file and uses part of it.
#![allow(dead_code)]

use zhsearch_engine::ingest::{ingest_paths, IngestOptions};
use zhsearch_engine::Article;

pub fn load() -> Vec<Article> {
    let path = std::env::var("ZHSEARCH_BENCH_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../articles").to_owned());
    ingest_paths(&[path.into()], &IngestOptions::default(), &mut |_| {})
        .expect("read the bench corpus")
        .articles
}

/// A small fixed-seed generator (xorshift), so every run draws the same queries.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// The `p` quantile of `v` (sorted in place).
pub fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// Prints per-kind and overall p50 / p95 / max of per-query medians (microseconds), then the
/// five slowest queries; each line starts with `prefix`. With `found`, also how many queries
/// of each kind found something.
pub fn report(
    prefix: &str,
    queries: &[(&str, &str)],
    medians: &mut [f64],
    found: Option<&[usize]>,
) {
    let mut by_kind: std::collections::BTreeMap<&str, (Vec<f64>, usize)> = Default::default();
    for (i, ((k, _), m)) in queries.iter().zip(medians.iter()).enumerate() {
        let e = by_kind.entry(k).or_default();
        e.0.push(*m);
        e.1 += usize::from(found.is_some_and(|f| f[i] > 0));
    }
    for (k, (v, hit)) in &mut by_kind {
        let hits = match found {
            Some(_) => format!(" found {hit:3} "),
            None => String::new(),
        };
        println!(
            "{prefix}{k:10} n={:3}{hits} p50 {:8.1} us  p95 {:8.1} us  max {:8.1} us",
            v.len(),
            pct(v, 0.5),
            pct(v, 0.95),
            pct(v, 1.0)
        );
    }
    let mut worst: Vec<(f64, &str)> = medians
        .iter()
        .zip(queries)
        .map(|(m, (_, q))| (*m, *q))
        .collect();
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("{prefix}slowest: {:?}", &worst[..5.min(worst.len())]);
    println!(
        "{prefix}ALL        n={:3} p50 {:8.1} us  p95 {:8.1} us  max {:8.1} us",
        medians.len(),
        pct(medians, 0.5),
        pct(medians, 0.95),
        pct(medians, 1.0)
    );
}
