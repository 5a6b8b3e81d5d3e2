//! How often query-time segmentation (the index's own vocabulary in its WORDS FST) agrees with
//! jieba's index-time segmentation, and what the query-time dictionary costs.
//!
//! `ZHSEARCH_BENCH_CORPUS=inews.jsonl cargo bench -p zhsearch-engine --bench segmentation`
//! (without the variable: the default articles).

use std::time::Instant;
use zhsearch_engine::build::{build_index, BuildOptions};
use zhsearch_engine::normalize::{is_han, key};
use zhsearch_engine::Index;

#[path = "common.rs"]
mod common;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let articles = common::load();
    let bytes = build_index(&articles, &BuildOptions::default()).expect("build");
    let t = Instant::now();
    let index = Index::open(bytes.as_slice()).expect("open");
    let open_us = t.elapsed().as_secs_f64() * 1e6;
    let jieba = jieba_rs::Jieba::new();
    // Han runs between punctuation, as queries look; every 7th from each article.
    let mut runs: Vec<String> = Vec::new();
    for a in &articles {
        let k = key(&a.body);
        let mut cur = String::new();
        for c in k.chars().chain(['。']) {
            if is_han(c) {
                cur.push(c);
            } else {
                if cur.chars().count() >= 2 {
                    runs.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
        }
    }
    let runs: Vec<String> = runs.into_iter().step_by(7).take(20_000).collect();
    let (mut same, mut tok_both, mut tok_j, mut tok_q) = (0usize, 0usize, 0usize, 0usize);
    let t = Instant::now();
    let query_cuts: Vec<Vec<String>> = index
        .with_segmenter(|seg| {
            runs.iter()
                .map(|r| seg.cut(r).into_iter().map(str::to_owned).collect())
                .collect()
        })
        .expect("segmenter");
    let seg_us = t.elapsed().as_secs_f64() * 1e6 / runs.len().max(1) as f64;
    let spans = |toks: &[&str]| {
        let mut at = 0;
        toks.iter()
            .map(|t| {
                let s = (at, at + t.len());
                at += t.len();
                s
            })
            .collect::<std::collections::BTreeSet<_>>()
    };
    for (r, q) in runs.iter().zip(&query_cuts) {
        let j: Vec<&str> = jieba.cut(r, true).into_iter().map(|t| t.word).collect();
        let q: Vec<&str> = q.iter().map(String::as_str).collect();
        same += usize::from(j == q);
        let (sj, sq) = (spans(&j), spans(&q));
        tok_both += sj.intersection(&sq).count();
        tok_j += sj.len();
        tok_q += sq.len();
    }
    let p = tok_both as f64 / tok_q.max(1) as f64;
    let r = tok_both as f64 / tok_j.max(1) as f64;
    let words = index.words().expect("words");
    println!("runs compared           {}", runs.len());
    println!(
        "identical segmentation  {:.1}%",
        100.0 * same as f64 / runs.len().max(1) as f64
    );
    println!(
        "token precision/recall  {:.1}% / {:.1}%  (F1 {:.1}%)",
        100.0 * p,
        100.0 * r,
        200.0 * p * r / (p + r).max(1e-9)
    );
    println!(
        "query dictionary        {} words, {} bytes (read in place)",
        words.len(),
        words.as_fst().as_bytes().len()
    );
    println!("index open (checksum)   {open_us:.0} us; segmentation {seg_us:.1} us per run");
}
