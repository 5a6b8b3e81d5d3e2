//! Assembling the single file from prepared articles and their lists: doc-level postings of
//! every character and of the pairs worth their own list, the vocabulary FST, and the stored
//! text, edits, strings and doc records.

use super::grams::{Grams, Kind};
use super::par;
use super::prepare::Prepared;
use super::stored::Stored;
use super::BuildOptions;
use crate::error::{Error, Result};
use crate::format::{self, Meta, Section, MAGIC};
use crate::normalize::NORMALIZATION;
use crate::postings::{doclevel, positional, DocSet};
use crate::segment::FREQ_MASK;
use crate::spell::keys::min_freq_for;
use std::collections::HashMap;

/// The documents of one of our own lists (`kind`: what it holds per document).
fn docs_of(bytes: &[u8], n: u32, kind: Kind) -> Vec<u32> {
    if kind != Kind::Docs {
        return positional::decode(bytes, n, kind == Kind::Positions)
            .map(|l| l.docs)
            .unwrap_or_default();
    }
    let mut p = 0;
    let df = crate::varint::get(bytes, &mut p).unwrap_or(0);
    let mut out = Vec::with_capacity(df.min(u64::from(n)) as usize);
    let mut doc = 0u64;
    while let Some(d) = crate::varint::get(bytes, &mut p) {
        doc += d;
        out.push(doc as u32);
    }
    out
}

/// Whether a word goes into the query-time dictionary.
pub(crate) fn keep_word(w: &str, freq: u64, opts: &BuildOptions) -> bool {
    freq >= u64::from(opts.vocab_min_freq) || w.chars().count() == 1
}

/// The vocabulary as sorted `(word, frequency)` and the frequencies' sum.
pub(crate) fn vocabulary<'a>(p: &'a Prepared, opts: &BuildOptions) -> (Vec<(&'a str, u64)>, u64) {
    let mut words: Vec<(&str, u64)> = p
        .vocab
        .iter()
        .filter(|(w, &f)| keep_word(w, f, opts))
        .map(|(w, f)| (w.as_str(), *f))
        .collect();
    words.sort_unstable();
    let total = words.iter().map(|(_, f)| f).sum();
    (words, total)
}

/// The spelling dictionary's keys ([`crate::spell`]) for a vocabulary and the text's Latin
/// words, sorted.
/// `docs`: the number of articles.
pub(crate) fn spelling(p: &Prepared, words: &[(&str, u64)], docs: usize) -> Vec<(Vec<u8>, u64)> {
    let mut latin: Vec<(&str, u64)> = p.latin.iter().map(|(w, f)| (w.as_str(), *f)).collect();
    latin.sort_unstable();
    crate::spell::keys::dictionary(words, &latin, min_freq_for(docs))
}

/// The META numbers of a build (the split entry carries the same).
pub(crate) fn meta_of(p: &Prepared, word_total: u64) -> Result<Meta> {
    let n = u32::try_from(p.docs.len()).map_err(|_| Error::Build("too many articles".into()))?;
    Ok(Meta {
        doc_count: n,
        title_chars: p.docs.iter().map(|d| u64::from(d.title.key_chars)).sum(),
        body_chars: p.docs.iter().map(|d| u64::from(d.body.key_chars)).sum(),
        word_total,
        total_units: p.docs.iter().map(|d| u64::from(d.units)).sum(),
        normalization: NORMALIZATION,
    })
}

/// The single file's bytes.
pub(crate) fn assemble(
    p: &Prepared,
    s: &mut Stored<'_>,
    g: &Grams,
    opts: &BuildOptions,
) -> Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    write(&mut out, p, s, g, opts)?;
    Ok(out.into_inner())
}

/// Writes the single file to `w` and returns its checksum: the stored sections `s`, and the
/// lists `g` and vocabulary of `p` (of which only the counts are read: its documents may have
/// been freed once stored).
pub(crate) fn write<W: std::io::Write + std::io::Seek>(
    w: &mut W,
    p: &Prepared,
    s: &mut Stored<'_>,
    g: &Grams,
    opts: &BuildOptions,
) -> Result<u64> {
    let (words, word_total) = vocabulary(p, opts);
    let meta = s.meta(word_total);
    let n = meta.doc_count;

    // Doc-level postings: every character, and the pairs that save enough scanning. Keys are
    // sorted first and each list encoded in turn, so no list is held decoded for long. Only
    // characters in at least `pair_min_savings` documents can be part of such a pair: only
    // they get a set (one bit per document each).
    let char_df: HashMap<char, u32> = g.chars.iter().map(|(c, l)| (*c, l.df())).collect();
    let df = |c: char| char_df.get(&c).copied().unwrap_or(0);
    let mut char_sets: HashMap<char, DocSet> = HashMap::new();
    for (c, l) in &g.chars {
        if l.df() < opts.pair_min_savings {
            continue;
        }
        let mut set = DocSet::empty(n);
        docs_of(&l.finish(), n, g.kinds.0)
            .into_iter()
            .for_each(|d| set.insert(d));
        char_sets.insert(*c, set);
    }
    // (key, Err(i)) for character list `g.chars[i]`, (key, Ok(i)) for pair list `g.grams[i]`.
    let mut keyed: Vec<(String, std::result::Result<usize, usize>)> = g
        .chars
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (c.to_string(), Err(i)))
        .collect();
    // Which pairs qualify: set intersections, on every thread.
    let pairs = par::in_chunks(&g.grams, opts.threads, 4096, |first, part| {
        let mut out = Vec::new();
        for (i, (k, l)) in part.iter().enumerate() {
            let mut it = k.chars();
            let (Some(a), Some(b), None) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            // `both` is at most the rarer character's count: skip pairs that cannot qualify.
            if df(a).min(df(b)).saturating_sub(l.df()) < opts.pair_min_savings {
                continue;
            }
            let (Some(sa), Some(sb)) = (char_sets.get(&a), char_sets.get(&b)) else {
                continue;
            };
            let both = sa.intersection_count(sb);
            if both.saturating_sub(l.df()) >= opts.pair_min_savings {
                out.push((k.clone(), Ok(first + i)));
            }
        }
        out
    });
    keyed.extend(pairs.into_iter().flatten());
    keyed.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    let build_err = |e: fst::Error| Error::Build(e.to_string());
    // Each list decoded and encoded as doc-level postings on every thread, in key order: a
    // chunk's postings follow the chunk before it.
    let post = par::in_chunks(&keyed, opts.threads, 1024, |_, part| {
        let mut post = Vec::new();
        let mut starts = Vec::with_capacity(part.len());
        for (_, pair) in part {
            starts.push(post.len() as u64);
            let docs: Vec<u32> = match pair {
                Ok(i) => docs_of(&g.grams[*i].1.finish(), n, g.kinds.1),
                Err(i) => docs_of(&g.chars[*i].1.finish(), n, g.kinds.0),
            };
            doclevel::put_char_postings(&mut post, &docs, n);
        }
        (post, starts)
    });
    let mut chars = fst::MapBuilder::memory();
    let mut base = 0;
    let mut keys = keyed.iter();
    for (part, starts) in &post {
        for (start, (key, _)) in starts.iter().zip(keys.by_ref()) {
            chars
                .insert(key.as_bytes(), base + start)
                .map_err(build_err)?;
        }
        base += part.len() as u64;
    }
    let mut wfst = fst::MapBuilder::memory();
    for (w, freq) in &words {
        wfst.insert(w.as_bytes(), (*freq).min(FREQ_MASK))
            .map_err(build_err)?;
    }

    let mut sfst = fst::MapBuilder::memory();
    for (k, v) in spelling(p, &words, n as usize) {
        sfst.insert(k, v).map_err(build_err)?;
    }
    let sfst = sfst.into_inner().map_err(build_err)?;

    let (filters, weights) = s.finish_sections(opts);
    let fst_bytes = |b: fst::MapBuilder<Vec<u8>>| b.into_inner().map_err(build_err);
    let (meta, chars, wfst) = (meta.encode(), fst_bytes(chars)?, fst_bytes(wfst)?);
    let sections: Vec<(u32, Vec<&[u8]>)> = vec![
        (Section::Meta as u32, vec![&meta]),
        (Section::Chars as u32, vec![&chars]),
        (Section::Words as u32, vec![&wfst]),
        (
            Section::Postings as u32,
            post.iter().map(|(p, _)| p.as_slice()).collect(),
        ),
        (Section::Docs as u32, s.docs.slices()),
        (Section::Strings as u32, s.strings.slices()),
        (Section::Text as u32, s.text.chunks()),
        (Section::Edits as u32, s.edits.slices()),
        (Section::Spell as u32, vec![&sfst]),
        (Section::Filters as u32, vec![&filters]),
        (Section::Weights as u32, vec![&weights]),
    ];
    format::assemble_into(w, MAGIC, format::VERSION, &sections).map_err(|e| Error::Io {
        path: "index".into(),
        error: e,
    })
}
