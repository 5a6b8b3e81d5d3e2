//! Corpus loading shared by the benches: `ZHSEARCH_BENCH_CORPUS` (JSONL with id, title, body)
//! or the default articles.

use zhsearch_engine::ingest::{ingest_paths, IngestOptions};
use zhsearch_engine::Article;

pub fn load() -> Vec<Article> {
    let path = std::env::var("ZHSEARCH_BENCH_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../articles").to_owned());
    ingest_paths(&[path.into()], &IngestOptions::default(), &mut |_| {})
        .expect("read the bench corpus")
        .articles
}
