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
