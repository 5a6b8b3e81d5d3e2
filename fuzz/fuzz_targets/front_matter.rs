#![no_main]
//! Markdown files with arbitrary front matter (anchors, aliases, deep nesting, odd scalars)
//! through ingest::parse_file: never a panic, bounded time and memory (run with -timeout and
//! -rss_limit_mb), and every file either indexed or skipped.
use libfuzzer_sys::fuzz_target;
use zhsearch_engine::ingest::{parse_file, IngestOptions, IngestReport};

fuzz_target!(|data: &[u8]| {
    let yaml = String::from_utf8_lossy(data);
    let file = format!("---\n{yaml}\n---\n# 标题\n\n正文。\n\n## 第一节\n\n内容。\n");
    let opts = IngestOptions {
        skip_bad_records: true,
        ..Default::default()
    };
    let mut report = IngestReport::default();
    let r = parse_file("dir/p.md", "md", file.as_bytes(), &opts, &mut report);
    if r.is_ok() {
        assert!(!report.articles.is_empty() || !report.skipped.is_empty());
    }
});
