#![no_main]
//! Arbitrary file bytes through ingest::parse_file with each extension (first byte picks it).
use libfuzzer_sys::fuzz_target;
use zhsearch_engine::ingest::{parse_file, IngestOptions, IngestReport};

const EXTS: &[&str] = &["txt", "md", "html", "json", "jsonl"];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else { return };
    let ext = EXTS[sel as usize % EXTS.len()];
    let opts = IngestOptions {
        skip_bad_records: sel & 0x80 != 0,
        ..Default::default()
    };
    let mut report = IngestReport::default();
    let rel = format!("dir/file.{ext}");
    let _ = parse_file(&rel, ext, bytes, &opts, &mut report);
});
