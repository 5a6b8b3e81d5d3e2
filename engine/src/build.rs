//! Index construction (feature `indexer`): normalization, jieba segmentation, FSTs, postings.

use crate::error::{Error, Result};
use crate::format::{self, DocRecord, Meta, Section};
use crate::normalize::{self, is_han, Normalized};
use crate::postings::{self, DocSet};
use crate::segment::FREQ_MASK;
use crate::{varint, Article};
use jieba_rs::Jieba;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Tuning knobs of the index build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Words seen fewer times than this stay out of the query-time dictionary.
    pub vocab_min_freq: u32,
    /// A character pair gets its own postings when at least this many documents contain both
    /// characters but not the pair: those are the documents a query would otherwise scan in vain.
    pub pair_min_savings: u32,
    /// Worker threads for segmentation (0 = available parallelism, at most 8).
    pub threads: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            vocab_min_freq: 2,
            pair_min_savings: 2000,
            threads: 0,
        }
    }
}

/// Whether a token is made only of Han characters (the words the dictionary keeps).
fn is_han_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(is_han)
}

/// One article after normalization and segmentation.
struct Prepared {
    title: Normalized,
    body: Normalized,
    /// Han tokens of the title, as byte ranges into `title.key` (for vocabulary frequencies).
    title_tokens: Vec<(u32, u32)>,
    /// Han tokens of the body, as byte ranges into `body.key`.
    body_tokens: Vec<(u32, u32)>,
}

fn han_tokens(jieba: &Jieba, key: &str) -> Vec<(u32, u32)> {
    jieba
        .cut(key, true)
        .into_iter()
        .filter(|t| is_han_word(t.word))
        .map(|t| (t.byte_start as u32, t.byte_end as u32))
        .collect()
}

fn prepare(jieba: &Jieba, a: &Article) -> Prepared {
    let title = normalize::normalize(&a.title);
    let body = normalize::normalize(&a.body);
    Prepared {
        title_tokens: han_tokens(jieba, &title.key),
        body_tokens: han_tokens(jieba, &body.key),
        title,
        body,
    }
}

/// Normalizes and segments all articles, in order, on `threads` threads.
fn prepare_all(articles: &[Article], threads: usize) -> Vec<Prepared> {
    let jieba = Jieba::new();
    let threads = if threads == 0 {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
    } else {
        threads
    };
    if threads <= 1 || articles.len() < 64 {
        return articles.iter().map(|a| prepare(&jieba, a)).collect();
    }
    let chunk = articles.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = articles
            .chunks(chunk)
            .map(|part| {
                let jieba = &jieba;
                s.spawn(move || part.iter().map(|a| prepare(jieba, a)).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Builds the index bytes for `articles` (deterministic: same input, same bytes).
pub fn build_index(articles: &[Article], opts: &BuildOptions) -> Result<Vec<u8>> {
    let n = u32::try_from(articles.len()).map_err(|_| Error::Build("too many articles".into()))?;
    let prepared = prepare_all(articles, opts.threads);
    if prepared.len() != articles.len() {
        return Err(Error::Build("a segmentation worker failed".into()));
    }

    // Vocabulary frequencies from jieba's tokens (titles and bodies).
    let mut vocab: HashMap<&str, u64> = HashMap::new();
    for p in &prepared {
        for (key, toks) in [
            (&p.title.key, &p.title_tokens),
            (&p.body.key, &p.body_tokens),
        ] {
            for &(s, e) in toks {
                *vocab.entry(&key[s as usize..e as usize]).or_default() += 1;
            }
        }
    }

    // Character postings.
    let mut char_docs: BTreeMap<char, Vec<u32>> = BTreeMap::new();
    let mut seen_chars: Vec<char> = Vec::new();
    for (d, p) in prepared.iter().enumerate() {
        let d = d as u32;
        seen_chars.clear();
        seen_chars.extend(p.title.key.chars().chain(p.body.key.chars()));
        seen_chars.sort_unstable();
        seen_chars.dedup();
        for &c in &seen_chars {
            char_docs.entry(c).or_default().push(d);
        }
    }

    // Pairs of adjacent characters (within a title or a body), for pairs worth their postings.
    let char_sets: HashMap<char, DocSet> = char_docs
        .iter()
        .map(|(&c, docs)| {
            let mut set = DocSet::empty(n);
            docs.iter().for_each(|&d| set.insert(d));
            (c, set)
        })
        .collect();
    let mut pair_docs: HashMap<(char, char), Vec<u32>> = HashMap::new();
    let mut pairs: Vec<(char, char)> = Vec::new();
    for (d, p) in prepared.iter().enumerate() {
        pairs.clear();
        for key in [&p.title.key, &p.body.key] {
            pairs.extend(key.chars().zip(key.chars().skip(1)));
        }
        pairs.sort_unstable();
        pairs.dedup();
        for &pair in &pairs {
            pair_docs.entry(pair).or_default().push(d as u32);
        }
    }
    let mut grams: Vec<(String, &[u32])> = char_docs
        .iter()
        .map(|(c, docs)| (c.to_string(), docs.as_slice()))
        .collect();
    for ((a, b), docs) in &pair_docs {
        let both = char_sets[a].intersection_count(&char_sets[b]);
        if both.saturating_sub(docs.len() as u32) >= opts.pair_min_savings {
            grams.push((format!("{a}{b}"), docs.as_slice()));
        }
    }
    grams.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    let mut post = Vec::new();
    let mut chars = fst::MapBuilder::memory();
    for (key, docs) in &grams {
        let off = post.len() as u64;
        postings::put_char_postings(&mut post, docs, n);
        chars
            .insert(key.as_bytes(), off)
            .map_err(|e| Error::Build(e.to_string()))?;
    }

    let mut words: Vec<(&str, u64)> = vocab
        .iter()
        .filter(|(w, &f)| f >= u64::from(opts.vocab_min_freq) || w.chars().count() == 1)
        .map(|(w, f)| (*w, *f))
        .collect();
    words.sort_unstable();
    let mut word_total = 0u64;
    let mut wfst = fst::MapBuilder::memory();
    for (w, freq) in &words {
        word_total += freq;
        wfst.insert(w.as_bytes(), (*freq).min(FREQ_MASK))
            .map_err(|e| Error::Build(e.to_string()))?;
    }

    let mut text = Vec::new();
    let mut strings = Vec::new();
    let mut edits = Vec::new();
    let mut docs = Vec::with_capacity(articles.len() * format::DOC_RECORD_LEN);
    let (mut title_chars, mut body_chars) = (0u64, 0u64);
    let u32_of = |v: usize, what: &str| {
        u32::try_from(v).map_err(|_| Error::Build(format!("{what} section exceeds 4 GiB")))
    };
    for (a, p) in articles.iter().zip(&prepared) {
        let mut rec = DocRecord {
            strings: u32_of(strings.len(), "strings")?,
            ..Default::default()
        };
        for s in [&a.id, &a.url, &a.date, &a.tags.join("\u{1F}")] {
            varint::put(&mut strings, s.len() as u64);
            strings.extend_from_slice(s.as_bytes());
        }
        rec.title = (
            u32_of(text.len(), "text")?,
            u32_of(p.title.key.len(), "title")?,
        );
        text.extend_from_slice(p.title.key.as_bytes());
        rec.body = (
            u32_of(text.len(), "text")?,
            u32_of(p.body.key.len(), "body")?,
        );
        text.extend_from_slice(p.body.key.as_bytes());
        rec.title_chars = p.title.key_chars;
        rec.body_chars = p.body.key_chars;
        rec.title_edits = u32_of(edits.len(), "edits")?;
        format::put_edits(&mut edits, &p.title.edits);
        rec.body_edits = u32_of(edits.len(), "edits")?;
        format::put_edits(&mut edits, &p.body.edits);
        rec.encode(&mut docs);
        title_chars += u64::from(p.title.key_chars);
        body_chars += u64::from(p.body.key_chars);
    }
    let meta = Meta {
        doc_count: n,
        title_chars,
        body_chars,
        word_total,
    };
    let fst_bytes =
        |b: fst::MapBuilder<Vec<u8>>| b.into_inner().map_err(|e| Error::Build(e.to_string()));
    Ok(format::assemble(&[
        (Section::Meta, meta.encode()),
        (Section::Chars, fst_bytes(chars)?),
        (Section::Words, fst_bytes(wfst)?),
        (Section::Postings, post),
        (Section::Docs, docs),
        (Section::Strings, strings),
        (Section::Text, text),
        (Section::Edits, edits),
    ]))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, synced, then
/// renamed over the target, so an interrupted write leaves the previous file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".zhsearch-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
