#![no_main]
//! A valid index with fuzzer-chosen byte patches, checksum recomputed so parsing goes deep.
//! Input: a sequence of 5-byte records (u32 LE offset mod len, xor byte); a remainder is ignored.
//! Set ZHS_DUMP_INDEX=path to write the unpatched index (used to seed index_reader's corpus).
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

#[path = "common/mod.rs"]
mod common;

static VALID: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let b = common::small_index_bytes();
    if let Ok(p) = std::env::var("ZHS_DUMP_INDEX") {
        std::fs::write(p, &b).unwrap();
    }
    b
});

fuzz_target!(|data: &[u8]| {
    let mut b = VALID.clone();
    let len = b.len();
    for rec in data.chunks_exact(5) {
        let off = u32::from_le_bytes([rec[0], rec[1], rec[2], rec[3]]) as usize % len;
        // Leave the checksum field itself alone: it is recomputed below.
        if (24..32).contains(&off) {
            continue;
        }
        b[off] ^= rec[4];
    }
    if b.len() >= 32 {
        let sum = xxhash_rust::xxh3::xxh3_64(&b[32..]);
        b[24..32].copy_from_slice(&sum.to_le_bytes());
    }
    if let Ok(index) = zhsearch_engine::Index::open(&b[..]) {
        common::exercise(&index);
    }
});
