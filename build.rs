//! Indexes the default articles (or `ZHSEARCH_ARTICLES`) at build time; the library embeds the
//! result with `include_bytes!`.

use std::path::PathBuf;
use zhsearch_engine::build::{build_index, write_atomic, BuildOptions};
use zhsearch_engine::ingest::{ingest_paths, IngestOptions};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-env-changed=ZHSEARCH_ARTICLES");
    println!("cargo:rerun-if-env-changed=ZHSEARCH_URL_BASE");
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_EMBED").is_none() {
        return Ok(()); // a module without an embedded index loads index files at run time
    }
    // The default articles link to the demo's reader pages (`zhsearch reader`, www/read/).
    let (paths, url_base): (Vec<PathBuf>, &str) = match std::env::var_os("ZHSEARCH_ARTICLES") {
        Some(v) if !v.is_empty() => (std::env::split_paths(&v).collect(), ""),
        _ => (
            vec![PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("articles")],
            "read/",
        ),
    };
    let url_base = std::env::var("ZHSEARCH_URL_BASE").unwrap_or_else(|_| url_base.to_owned());
    for p in &paths {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    let opts = IngestOptions {
        url_base,
        ..IngestOptions::default()
    };
    let report = ingest_paths(&paths, &opts, &mut |_| {})?;
    for w in &report.warnings {
        println!("cargo:warning={w}");
    }
    for s in &report.skipped {
        println!("cargo:warning=skipped {}: {}", s.source, s.reason);
    }
    if report.articles.is_empty() {
        return Err(format!("no articles found in {paths:?}").into());
    }
    let bytes = build_index(&report.articles, &BuildOptions::default())?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("index.zhs");
    write_atomic(&out, &bytes)?;
    Ok(())
}
