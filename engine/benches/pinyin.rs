//! Pinyin and typo query latency, side by side with the same queries taken literally.
//!
//! `ZHSEARCH_BENCH_CORPUS=target/bench/inews.jsonl cargo bench -p zhsearch-engine --bench pinyin`
//! (without the variable: the default articles). The mix is drawn with a fixed seed from the
//! index's own vocabulary (words seen 20+ times), typed as a reader would: full pinyin, two
//! words with and without a space, initials, the last syllable cut short, mixed Han and
//! pinyin, and Latin words of the text with one letter swapped. Each query runs 5 rounds;
//! medians per query, then p50 / p95 / max per kind, with spelling on (`spell`) and off
//! (`typed`: the letters only as typed, what the search did before pinyin).

use pinyin::ToPinyin;
use std::time::Instant;
use zhsearch_engine::build::{build_index, BuildOptions};
use zhsearch_engine::{Index, SearchOptions};

#[path = "common.rs"]
mod common;
use common::{load, pct, report, Rng};

fn spelled(word: &str, initials: bool) -> String {
    word.chars()
        .map(|c| match c.to_pinyin() {
            Some(p) if initials => p.plain()[..1].to_owned(),
            Some(p) => p.plain().replace('ü', "v"),
            None => c.to_string(),
        })
        .collect()
}

fn mix(index: &Index<Vec<u8>>, count: usize) -> Vec<(&'static str, String)> {
    use fst::Streamer;
    let w = index.words().expect("words");
    let mut s = w.stream();
    let mut words = Vec::new();
    while let Some((k, v)) = s.next() {
        let k = String::from_utf8_lossy(k).into_owned();
        if (2..=4).contains(&k.chars().count()) && (v & 0xFF_FFFF) >= 20 {
            words.push(k);
        }
    }
    // Latin words of the text, for typos.
    let mut latin = Vec::new();
    for d in 0..index.doc_count().min(2000) {
        let doc = index.doc(d).expect("doc");
        let body = doc.body_str().expect("body");
        for run in body.split(|c: char| !c.is_ascii_lowercase()) {
            if (5..=12).contains(&run.len()) && !latin.iter().any(|l: &String| l == run) {
                latin.push(run.to_owned());
            }
        }
    }
    let mut rng = Rng(0x2545F4914F6CDD1D);
    let mut out = Vec::new();
    let pick = |rng: &mut Rng| words[rng.below(words.len())].clone();
    while out.len() < count {
        let kind = out.len() % 7;
        let q = match kind {
            0 => spelled(&pick(&mut rng), false),
            1 => format!(
                "{} {}",
                spelled(&pick(&mut rng), false),
                spelled(&pick(&mut rng), false)
            ),
            2 => {
                let a = pick(&mut rng);
                spelled(&format!("{a}{}", pick(&mut rng)), false)
            }
            3 => spelled(&pick(&mut rng), true),
            4 => {
                let s = spelled(&pick(&mut rng), false);
                s[..s.len().saturating_sub(2).max(1)].to_owned()
            }
            5 => {
                let w = pick(&mut rng);
                let first: String = w.chars().take(1).collect();
                let rest: String = w.chars().skip(1).collect();
                format!("{first}{}", spelled(&rest, false))
            }
            _ => {
                if latin.is_empty() {
                    continue;
                }
                let mut b = latin[rng.below(latin.len())].clone().into_bytes();
                let i = rng.below(b.len() - 1);
                b.swap(i, i + 1);
                String::from_utf8(b).unwrap_or_default()
            }
        };
        let kinds = [
            "full",
            "two-words",
            "joined",
            "initials",
            "partial",
            "mixed",
            "typo",
        ];
        out.push((kinds[kind], q));
    }
    out
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let articles = load();
    let bytes = build_index(&articles, &BuildOptions::default()).expect("build");
    let index = Index::open(bytes).expect("open");
    let spell = index.stats().expect("stats");
    let spell_bytes = spell
        .sections
        .iter()
        .find(|(n, _)| n == "spell-fst")
        .map_or(0, |s| s.1);
    println!(
        "articles {}  index {} bytes  spelling dictionary {} bytes",
        index.doc_count(),
        spell.total_bytes,
        spell_bytes
    );
    let queries = mix(&index, 350);
    for (label, on) in [("spell", true), ("typed", false)] {
        let opts = SearchOptions {
            spell: on,
            ..SearchOptions::default()
        };
        let mut per: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
        let mut found = vec![0usize; queries.len()];
        for _ in 0..5 {
            for (i, (_, q)) in queries.iter().enumerate() {
                let t = Instant::now();
                let r = index.search(q, &opts).expect("search");
                per[i].push(t.elapsed().as_secs_f64() * 1e6);
                found[i] = r.total;
            }
        }
        let mut medians: Vec<f64> = per.iter_mut().map(|v| pct(v, 0.5)).collect();
        let named: Vec<(&str, &str)> = queries.iter().map(|(k, q)| (*k, q.as_str())).collect();
        report(&format!("{label} "), &named, &mut medians, Some(&found));
    }
}
