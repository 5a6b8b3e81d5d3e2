//! Build time, index size and query latency distribution over a fixed query mix.
//!
//! `ZHSEARCH_BENCH_CORPUS=inews.jsonl cargo bench -p zhsearch-engine --bench query_mix`
//! (without the variable: the default articles). Prints medians and p95 of several interleaved
//! rounds; the mix (single words, names, 2-6 character substrings off word boundaries,
//! multi-piece and quoted queries, Latin and digits) is drawn with a fixed seed.

use std::time::Instant;
use zhsearch_engine::build::{build_index, BuildOptions};
use zhsearch_engine::{Index, SearchOptions};

#[path = "common.rs"]
mod common;
use common::{load, pct, report, Rng};

/// The fixed query mix, drawn from the corpus itself.
pub fn query_mix(index: &Index<Vec<u8>>, count: usize) -> Vec<(String, String)> {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let n = index.doc_count();
    let mut out = Vec::new();
    let han = |c: &char| zhsearch_engine::normalize::is_han(*c);
    let words: Vec<String> = index
        .with_segmenter(|_| ())
        .map(|_| {
            use fst::Streamer;
            let w = index.words().unwrap();
            let mut s = w.stream();
            let mut v = Vec::new();
            while let Some((k, val)) = s.next() {
                let k = String::from_utf8_lossy(k).into_owned();
                if k.chars().count() >= 2 && (val & 0xFF_FFFF) >= 20 {
                    v.push(k);
                }
            }
            v
        })
        .unwrap();
    while out.len() < count {
        let d = index.doc(rng.below(n as usize) as u32).unwrap();
        let chars: Vec<char> = d.body_str().unwrap().chars().collect();
        if chars.len() < 40 {
            continue;
        }
        let kind = out.len() % 6;
        let at = rng.below(chars.len() - 20);
        let q = match kind {
            0 => words[rng.below(words.len())].clone(),
            1 => {
                let len = 2 + rng.below(5);
                let s: String = chars[at..at + len].iter().collect();
                if !s.chars().all(|c| han(&c)) {
                    continue;
                }
                s
            }
            2 => format!(
                "{} {}",
                words[rng.below(words.len())],
                words[rng.below(words.len())]
            ),
            3 => {
                let s: String = chars[at..at + 4].iter().collect();
                if !s.chars().all(|c| han(&c)) {
                    continue;
                }
                format!("\"{s}\"")
            }
            4 => {
                // Latin/digits mixed: a digit run and the character after it
                let Some(p) = chars[at..].iter().position(|c| c.is_ascii_digit()) else {
                    continue;
                };
                let s: String = chars[at + p..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .chain(
                        chars[at + p..]
                            .iter()
                            .skip_while(|c| c.is_ascii_alphanumeric())
                            .take(1),
                    )
                    .collect();
                s
            }
            _ => {
                // names and longer phrases: 3-character run starting a vocabulary word
                let len = 3;
                let s: String = chars[at..at + len].iter().collect();
                if !s.chars().all(|c| han(&c)) {
                    continue;
                }
                s
            }
        };
        let kinds = ["word", "substring", "multi", "quoted", "latin", "name3"];
        out.push((kinds[kind].to_owned(), q));
    }
    out
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let articles = load();
    let raw: usize = articles.iter().map(|a| a.title.len() + a.body.len()).sum();
    let mut builds = Vec::new();
    let mut bytes = Vec::new();
    let mut opts = BuildOptions::default();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u32>().ok());
    if let Some(v) = env("ZHSEARCH_PAIR_MIN_SAVINGS") {
        opts.pair_min_savings = v;
    }
    if let Some(v) = env("ZHSEARCH_VOCAB_MIN_FREQ") {
        opts.vocab_min_freq = v;
    }
    let builds_n = env("ZHSEARCH_BUILDS").unwrap_or(3);
    for _ in 0..builds_n {
        let t = Instant::now();
        bytes = build_index(&articles, &opts).unwrap();
        builds.push(t.elapsed().as_secs_f64());
    }
    println!(
        "articles {}  raw text {} bytes  index {} bytes",
        articles.len(),
        raw,
        bytes.len()
    );
    println!(
        "build median {:.2} s (runs: {:?})",
        pct(&mut builds, 0.5),
        builds
    );
    if let Ok(p) = std::env::var("ZHSEARCH_BENCH_WRITE") {
        std::fs::write(p, &bytes).unwrap();
    }
    let index = Index::open(bytes).unwrap();
    let mix = query_mix(&index, 300);
    if let Ok(path) = std::env::var("ZHSEARCH_DUMP_QUERIES") {
        // The same mix for the in-browser benchmark (bench/browser.mjs).
        let lines: Vec<String> = mix
            .iter()
            .map(|(k, q)| serde_json::json!({"kind": k, "query": q}).to_string())
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").expect("write queries");
    }
    // ZHSEARCH_SPELL=0: letters only as typed (no pinyin readings, no typo corrections).
    let opts = SearchOptions {
        spell: std::env::var("ZHSEARCH_SPELL").map_or(true, |v| v != "0"),
        ..SearchOptions::default()
    };
    let mut per_query: Vec<Vec<f64>> = vec![Vec::new(); mix.len()];
    for _round in 0..5 {
        for (i, (_, q)) in mix.iter().enumerate() {
            let t = Instant::now();
            let r = index.search(q, &opts).unwrap();
            per_query[i].push(t.elapsed().as_secs_f64() * 1e6);
            std::hint::black_box(r);
        }
    }
    let mut medians: Vec<f64> = per_query.iter_mut().map(|v| pct(v, 0.5)).collect();
    let named: Vec<(&str, &str)> = mix.iter().map(|(k, q)| (k.as_str(), q.as_str())).collect();
    report("", &named, &mut medians, None);
}
