#![no_main]
//! Arbitrary bytes as an index file.
use libfuzzer_sys::fuzz_target;

#[path = "common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(index) = zhsearch_engine::Index::open(data) {
        common::exercise(&index);
    }
});
