//! The first step of every build: each article normalized into its search keys and display
//! edits, its stored record framed (its size in units is the length ranking uses), and the
//! vocabulary counted from jieba's segmentation, on several threads.

use crate::format::{encode_record, DocMeta};
use crate::frame::{self, UNIT};
use crate::normalize::{self, is_han, Normalized};
use crate::spell::keys::count_latin;
use crate::Article;
use jieba_rs::Jieba;
use std::collections::HashMap;

/// One article after normalization.
pub(crate) struct PreparedDoc {
    pub title: Normalized,
    pub body: Normalized,
    /// Id, url, date, tags.
    pub meta: DocMeta,
    /// Stored size in units.
    pub units: u32,
    /// The framed, padded record (split builds only).
    pub record: Option<Vec<u8>>,
}

/// Every article prepared, and the vocabulary.
pub(crate) struct Prepared {
    pub docs: Vec<PreparedDoc>,
    /// Han words jieba produced, with how often.
    pub vocab: HashMap<String, u64>,
    /// Latin words of the keys, with how often (for typo correction).
    pub latin: HashMap<String, u64>,
}

/// What one thread counts.
#[derive(Default)]
struct Counts {
    vocab: HashMap<String, u64>,
    latin: HashMap<String, u64>,
}

/// Worker threads for `threads` (0 = available parallelism, at most 8).
pub(crate) fn thread_count(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
    } else {
        threads.clamp(1, crate::limits::MAX_THREADS)
    }
}

/// Whether a token is made only of Han characters (the words the dictionary keeps).
fn is_han_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(is_han)
}

fn prepare(jieba: &Jieba, a: &Article, keep: bool, counts: &mut Counts) -> PreparedDoc {
    let title = normalize::normalize_title(&a.title);
    let body = normalize::normalize(&a.body);
    for key in [&title.key, &body.key] {
        for t in jieba.cut(key, true) {
            if is_han_word(t.word) {
                *counts.vocab.entry(t.word.to_owned()).or_default() += 1;
            }
        }
        count_latin(key, &mut counts.latin);
    }
    let meta = DocMeta {
        id: a.id.clone(),
        url: a.url.clone(),
        date: a.date.clone(),
        tags: a.tags.clone(),
        page: a.page.clone(),
    };
    let mut rec = frame::encode(
        &encode_record((&title.key, &title.edits), (&body.key, &body.edits), &meta),
        frame::Level::Best,
    );
    frame::pad(&mut rec, UNIT);
    let units = (rec.len() / UNIT) as u32;
    PreparedDoc {
        title,
        body,
        meta,
        units,
        record: keep.then_some(rec),
    }
}

/// Prepares all articles, in order, on `threads` threads; `keep_records` keeps the framed
/// records (the split layout stores them).
pub(crate) fn prepare_all(articles: &[Article], threads: usize, keep_records: bool) -> Prepared {
    let jieba = Jieba::new();
    let threads = thread_count(threads);
    if threads <= 1 || articles.len() < 64 {
        let mut c = Counts::default();
        let docs = articles
            .iter()
            .map(|a| prepare(&jieba, a, keep_records, &mut c))
            .collect();
        return Prepared {
            docs,
            vocab: c.vocab,
            latin: c.latin,
        };
    }
    let chunk = articles.len().div_ceil(threads);
    let parts: Vec<(Vec<PreparedDoc>, Counts)> = std::thread::scope(|s| {
        let handles: Vec<_> = articles
            .chunks(chunk)
            .map(|part| {
                let jieba = &jieba;
                s.spawn(move || {
                    let mut c = Counts::default();
                    let docs = part
                        .iter()
                        .map(|a| prepare(jieba, a, keep_records, &mut c))
                        .collect::<Vec<_>>();
                    (docs, c)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut docs = Vec::with_capacity(articles.len());
    let mut all = Counts::default();
    let add = |into: &mut HashMap<String, u64>, from: HashMap<String, u64>| {
        if into.is_empty() {
            *into = from;
        } else {
            for (w, n) in from {
                *into.entry(w).or_default() += n;
            }
        }
    };
    for (d, c) in parts {
        docs.extend(d);
        add(&mut all.vocab, c.vocab);
        add(&mut all.latin, c.latin);
    }
    Prepared {
        docs,
        vocab: all.vocab,
        latin: all.latin,
    }
}
