#![no_main]
//! A valid split index whose fragments arrive with fuzzer-chosen byte patches in their checked
//! payloads, as a browser hands them over after inflating (`SplitIndex::supply_payload`): the
//! frame checksum is behind, so the patches reach the dictionary slots (their inline lists and
//! the places of the others), the gram lists, the doc table and the records.
//! Input: first byte picks the query; then 4-byte records (fragment ordinal in the order the
//! search asks for them, u16 LE offset mod the payload's length, xor byte).
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use zhsearch_engine::build::{build_split, BuildOptions};
use zhsearch_engine::split::{unpack, SplitIndex, Step};
use zhsearch_engine::{frame, SearchOptions};

#[path = "common/mod.rs"]
mod common;

/// The index, built once: small slots that carry some lists and not others, frequent grams
/// extended, several parts.
static DIR: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let opts = BuildOptions {
        frequent_len: 24,
        slot_grams: 4,
        slot_bytes: 96,
        part_bytes: 4096,
        ..common::build_opts()
    };
    build_split(&common::small_articles(), &opts, dir.path()).expect("build split index");
    dir
});

const QUERIES: [&str; 8] = [
    "乡村振兴",
    "五星 支部",
    "\"五星支部\"",
    "的",
    "振兴 -镇",
    "2023 年",
    "hello wrold",
    "wuxing",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let q = QUERIES[usize::from(pick) % QUERIES.len()];
    let patches: Vec<(u8, u16, u8)> = rest
        .chunks_exact(4)
        .map(|r| (r[0], u16::from_le_bytes([r[1], r[2]]), r[3]))
        .collect();
    let dir = DIR.path();
    let mut index = SplitIndex::open_dir(dir).expect("the valid index opens");
    let mut ordinal = 0u8;
    // A search takes a handful of rounds; a damaged fragment may make it ask again.
    for _ in 0..24 {
        match index.search(q, &SearchOptions::default()) {
            Ok(Step::Done(r)) => {
                common::check_results(&r);
                return;
            }
            Err(_) => return,
            Ok(Step::Need(frags)) => {
                for f in frags {
                    let bytes = index.read_local(dir, &f).expect("fragment reads");
                    let what = || String::from("fragment");
                    // A damaged slot may name a place that holds no frame: a typed error, as
                    // the browser's check of those bytes would give.
                    let Ok(mut payload) =
                        unpack(&f, &bytes, &what).and_then(|fr| frame::payload(fr, &what))
                    else {
                        return;
                    };
                    for &(k, off, x) in &patches {
                        if k == ordinal && !payload.is_empty() {
                            let n = payload.len();
                            payload[usize::from(off) % n] ^= x;
                        }
                    }
                    ordinal = ordinal.wrapping_add(1);
                    if index.supply_payload(&f, payload).is_err() {
                        return;
                    }
                }
            }
        }
    }
});
