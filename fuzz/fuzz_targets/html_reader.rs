#![no_main]
//! Arbitrary HTML (as bytes: declared charsets, GBK detection, nesting, headings with ids)
//! through ingest::parse_file as .html, then every story's title and body through the highlight
//! marker: never a panic, bounded time and memory (run with -timeout and -rss_limit_mb).
use libfuzzer_sys::fuzz_target;
use zhsearch_engine::highlight::marks;
use zhsearch_engine::ingest::{parse_file, IngestOptions, IngestReport};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else { return };
    let opts = IngestOptions {
        whole_pages: sel & 1 != 0,
        ..Default::default()
    };
    let mut report = IngestReport::default();
    let ext = if sel & 2 != 0 { "xhtml" } else { "html" };
    if parse_file(&format!("p.{ext}"), ext, bytes, &opts, &mut report).is_ok() {
        for a in &report.articles {
            let n = a.body.chars().count() as u32;
            for [s, e] in marks(&a.body, &a.title) {
                assert!(s < e && e <= n);
            }
        }
    }
});
