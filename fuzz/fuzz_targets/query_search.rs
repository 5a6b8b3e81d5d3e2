#![no_main]
//! Arbitrary query strings and options against an index of /work/main/articles.
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use zhsearch_engine::{Index, SearchOptions};

#[path = "common/mod.rs"]
mod common;

static BYTES: LazyLock<Vec<u8>> = LazyLock::new(|| {
    zhsearch_engine::build::build_index(&common::repo_articles(), &Default::default())
        .expect("build articles index")
});
static INDEX: LazyLock<Index<&'static [u8]>> =
    LazyLock::new(|| Index::open(&BYTES[..]).expect("open articles index"));

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    limit: u16,
    offset: usize,
    passages: u8,
    snippet_chars: u16,
    query: &'a str,
}

fuzz_target!(|inp: Input<'_>| {
    let opts = SearchOptions {
        limit: inp.limit as usize % 1001,
        offset: inp.offset,
        passages: inp.passages as usize % 9,
        snippet_chars: inp.snippet_chars as u32 % 1001,
        spell: inp.passages & 0x80 == 0,
        narrowing: Default::default(),
    };
    let _ = zhsearch_engine::query::Query::parse(inp.query);
    if let Ok(r) = INDEX.search(inp.query, &opts) {
        assert!(r.hits.len() <= opts.limit, "more hits than limit");
        common::check_results(&r);
    }
});
