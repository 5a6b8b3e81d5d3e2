//! Gram lists for every key: single characters (occurrence counts), pairs of adjacent
//! characters, and (split builds) longer grams where the shorter gram is frequent.
//!
//! Documents are processed in order, split into contiguous ranges across threads; each thread
//! appends to its own lists, which are then concatenated in range order. Extension runs level
//! by level: grams of `n + 1` characters are collected only where the `n`-character gram at
//! that position has a list longer than the frequent threshold, so the extra lists cost about
//! as much as the frequent lists they refine.

use super::prepare::PreparedDoc;
use crate::hash::{FxMap, FxSet};
use crate::limits::PIECE_CHARS;
use crate::postings::positional::{ListBuilder, MAX_GRAM};
use std::hash::Hash;

/// What to build.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GramOptions {
    /// Positional lists for grams (split builds); else counts only (enough for the single
    /// file's doc-level postings).
    pub positions: bool,
    /// Extend grams whose list is longer than this many bytes (split builds).
    pub extend_over: Option<usize>,
    /// Lists of documents only, no counts (the single file, which keeps nothing else of
    /// them); else characters get counts and grams counts or positions.
    pub docs_only: bool,
    pub threads: usize,
}

/// What a list holds per document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Nothing but the document.
    Docs,
    /// Occurrence counts in title and body.
    Counts,
    /// Occurrence positions.
    Positions,
}

/// The lists of a build.
pub(crate) struct Grams {
    /// What the character lists and the gram lists hold.
    pub kinds: (Kind, Kind),
    /// Single characters, sorted, with count lists.
    pub chars: Vec<(char, ListBuilder)>,
    /// Grams of two or more characters, sorted by their UTF-8 bytes.
    pub grams: Vec<(String, ListBuilder)>,
}

fn pair_key(a: char, b: char) -> u64 {
    (u64::from(a as u32) << 32) | u64::from(b as u32)
}

fn pair_str(k: u64) -> String {
    let a = char::from_u32((k >> 32) as u32).unwrap_or('\u{FFFD}');
    let b = char::from_u32(k as u32).unwrap_or('\u{FFFD}');
    [a, b].iter().collect()
}

/// One pass over all documents: `extract(chars, out)` lists `(key, position)` of one field;
/// the result has one list per key, documents ascending. A document with a field longer than
/// `piece` characters is read a piece at a time into per-key lists ([`long_doc`]: 4 bytes per
/// occurrence, counts only without `positions`) instead of one sorted list of every
/// occurrence (16 bytes each): the same lists.
fn pass<K, F>(
    docs: &[PreparedDoc],
    first: usize,
    threads: usize,
    kind: Kind,
    piece: usize,
    extract: F,
) -> FxMap<K, ListBuilder>
where
    K: Hash + Eq + Ord + Clone + Send,
    F: Fn(&[char], &mut Vec<(K, u32)>) + Sync,
{
    let run = |first: usize, part: &[PreparedDoc]| {
        let mut lists: FxMap<K, ListBuilder> = FxMap::default();
        let mut hits: Vec<(K, u8, u32)> = Vec::new();
        let mut field: Vec<(K, u32)> = Vec::new();
        let (mut t, mut b) = (Vec::new(), Vec::new());
        let mut chars: Vec<char> = Vec::new();
        for (i, d) in part.iter().enumerate() {
            let doc = (first + i) as u32;
            if d.title.key_chars as usize > piece || d.body.key_chars as usize > piece {
                long_doc(d, doc, kind, piece, &extract, &mut lists);
                continue;
            }
            hits.clear();
            for (f, key) in [(0u8, &d.title.key), (1u8, &d.body.key)] {
                chars.clear();
                chars.extend(key.chars());
                field.clear();
                extract(&chars, &mut field);
                hits.extend(field.drain(..).map(|(k, p)| (k, f, p)));
            }
            hits.sort_unstable();
            let mut j = 0;
            while j < hits.len() {
                let k = hits[j].0.clone();
                t.clear();
                b.clear();
                while j < hits.len() && hits[j].0 == k {
                    if hits[j].1 == 0 {
                        t.push(hits[j].2)
                    } else {
                        b.push(hits[j].2)
                    }
                    j += 1;
                }
                let l = lists.entry(k).or_default();
                match kind {
                    Kind::Positions => l.push_positions(doc, &t, &b),
                    Kind::Counts => l.push_counts(doc, t.len() as u32, b.len() as u32),
                    Kind::Docs => l.push_doc(doc),
                }
            }
        }
        lists
    };
    let mut parts = super::par::in_chunks(docs, threads, 256, |i, part| run(first + i, part));
    let mut all = parts.remove(0);
    for later in parts {
        for (k, l) in later {
            all.entry(k).or_default().append(l);
        }
    }
    all.values_mut().for_each(ListBuilder::shrink);
    all
}

/// Occurrences of one key in one long document: counts, and positions when listed.
#[derive(Default)]
struct Occurrences {
    title: u32,
    body: u32,
    positions: [Vec<u32>; 2],
}

/// The lists of one document with a field longer than `piece` characters, read a piece at a
/// time (each piece with the `MAX_GRAM - 1` characters after it, for the grams starting in it).
fn long_doc<K, F>(
    d: &PreparedDoc,
    doc: u32,
    kind: Kind,
    piece: usize,
    extract: &F,
    lists: &mut FxMap<K, ListBuilder>,
) where
    K: Hash + Eq + Ord + Clone,
    F: Fn(&[char], &mut Vec<(K, u32)>),
{
    let mut by_key: FxMap<K, Occurrences> = FxMap::default();
    let mut field = Vec::new();
    for (f, key) in [&d.title.key, &d.body.key].into_iter().enumerate() {
        let chars: Vec<char> = key.chars().collect();
        let mut start = 0;
        while start < chars.len() {
            let end = (start + piece + MAX_GRAM - 1).min(chars.len());
            field.clear();
            extract(&chars[start..end], &mut field);
            for (k, p) in field.drain(..) {
                if p as usize >= piece {
                    continue;
                }
                let o = by_key.entry(k).or_default();
                if f == 0 {
                    o.title += 1;
                } else {
                    o.body += 1;
                }
                if kind == Kind::Positions {
                    o.positions[f].push(start as u32 + p);
                }
            }
            start += piece;
        }
    }
    for (k, o) in by_key {
        let l = lists.entry(k).or_default();
        match kind {
            Kind::Positions => l.push_positions(doc, &o.positions[0], &o.positions[1]),
            Kind::Counts => l.push_counts(doc, o.title, o.body),
            Kind::Docs => l.push_doc(doc),
        }
    }
}

/// Builds the lists of `docs` (see the module docs).
pub(crate) fn build(docs: &[PreparedDoc], o: GramOptions) -> Grams {
    build_in_pieces(docs, 0, o, PIECE_CHARS)
}

/// The lists of a build made a batch of documents at a time (single file only: no extended
/// grams), appended in document order: the lists [`build`] gives of all of them.
#[derive(Default)]
pub(crate) struct Batches {
    chars: FxMap<char, ListBuilder>,
    grams: FxMap<String, ListBuilder>,
    /// Documents so far (the next batch's first number).
    docs: usize,
}

impl Batches {
    /// Adds the lists of the next `docs`.
    pub(crate) fn add(&mut self, docs: &[PreparedDoc], threads: usize) {
        let o = GramOptions {
            positions: false,
            extend_over: None,
            docs_only: true,
            threads,
        };
        let g = build_in_pieces(docs, self.docs, o, PIECE_CHARS);
        self.docs += docs.len();
        for (c, l) in g.chars {
            self.chars.entry(c).or_default().append(l);
        }
        for (k, l) in g.grams {
            self.grams.entry(k).or_default().append(l);
        }
    }

    /// The lists, sorted as [`build`] gives them.
    pub(crate) fn finish(self) -> Grams {
        let mut chars: Vec<(char, ListBuilder)> = self.chars.into_iter().collect();
        chars.sort_unstable_by_key(|(c, _)| *c);
        let mut grams: Vec<(String, ListBuilder)> = self.grams.into_iter().collect();
        grams.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for l in chars
            .iter_mut()
            .map(|(_, l)| l)
            .chain(grams.iter_mut().map(|(_, l)| l))
        {
            l.shrink();
        }
        Grams {
            kinds: (Kind::Docs, Kind::Docs),
            chars,
            grams,
        }
    }
}

/// [`build`] of documents numbered from `first`, reading fields longer than `piece`
/// characters a piece at a time.
fn build_in_pieces(docs: &[PreparedDoc], first: usize, o: GramOptions, piece: usize) -> Grams {
    let kinds = match (o.docs_only, o.positions) {
        (true, _) => (Kind::Docs, Kind::Docs),
        (false, true) => (Kind::Counts, Kind::Positions),
        (false, false) => (Kind::Counts, Kind::Counts),
    };
    let chars = pass(docs, first, o.threads, kinds.0, piece, |c, out| {
        out.extend(c.iter().enumerate().map(|(i, &ch)| (ch, i as u32)));
    });
    let pairs = pass(docs, first, o.threads, kinds.1, piece, |c, out| {
        out.extend(
            c.windows(2)
                .enumerate()
                .map(|(i, w)| (pair_key(w[0], w[1]), i as u32)),
        );
    });
    let mut chars: Vec<(char, ListBuilder)> = chars.into_iter().collect();
    chars.sort_unstable_by_key(|(c, _)| *c);
    let mut grams: Vec<(String, ListBuilder)> = Vec::with_capacity(pairs.len());
    // Extension keys: up to MAX_GRAM characters, zero-padded (no key holds U+0000).
    type Key = [u32; MAX_GRAM];
    let key_of = |c: &[char]| {
        let mut k = [0u32; MAX_GRAM];
        for (slot, ch) in k.iter_mut().zip(c) {
            *slot = *ch as u32;
        }
        k
    };
    let str_of = |k: &Key| -> String {
        k.iter()
            .take_while(|&&c| c != 0)
            .filter_map(|&c| char::from_u32(c))
            .collect()
    };
    let mut frequent: FxSet<Key> = FxSet::default();
    let mut frequent_pairs: FxSet<u64> = FxSet::default();
    // First characters of frequent pairs in the Basic Multilingual Plane, as a bitmap: most
    // positions fail this test, before any hashing.
    let mut first_bmp = vec![0u64; 1024];
    let mut first_other: FxSet<char> = FxSet::default();
    for (k, l) in pairs {
        if o.extend_over.is_some_and(|x| l.finish_len() > x) {
            frequent_pairs.insert(k);
            let s = pair_str(k);
            let c: Vec<char> = s.chars().collect();
            frequent.insert(key_of(&c));
            match u16::try_from(c[0] as u32) {
                Ok(u) => first_bmp[usize::from(u) / 64] |= 1 << (u % 64),
                Err(_) => {
                    first_other.insert(c[0]);
                }
            }
        }
        grams.push((pair_str(k), l));
    }
    let may_start = |c: char| match u16::try_from(c as u32) {
        Ok(u) => first_bmp[usize::from(u) / 64] & (1 << (u % 64)) != 0,
        Err(_) => first_other.contains(&c),
    };
    if let Some(x) = o.extend_over.filter(|_| o.positions) {
        for n in 3..=MAX_GRAM {
            if frequent.is_empty() {
                break;
            }
            let prev = &frequent;
            let fp = &frequent_pairs;
            let may_start = &may_start;
            let level = pass(docs, first, o.threads, Kind::Positions, piece, |c, out| {
                if c.len() < n {
                    return;
                }
                for i in 0..=c.len() - n {
                    // Cheap filters first: every extended gram starts with a frequent pair.
                    if may_start(c[i])
                        && fp.contains(&pair_key(c[i], c[i + 1]))
                        && prev.contains(&key_of(&c[i..i + n - 1]))
                    {
                        out.push((key_of(&c[i..i + n]), i as u32));
                    }
                }
            });
            let mut next: FxSet<Key> = FxSet::default();
            for (k, l) in level {
                if l.finish_len() > x {
                    next.insert(k);
                }
                grams.push((str_of(&k), l));
            }
            frequent = next;
        }
    }
    grams.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Grams {
        kinds,
        chars,
        grams,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::prepare::prepare_all;
    use crate::Article;

    /// Long fields read in pieces give the lists that reading them whole gives.
    #[test]
    fn pieces_give_the_same_lists() {
        let text = "南乐县城关镇扎实推进“五星”支部创建，乡村振兴工作全面提升。五星支部创建完成。";
        let articles: Vec<Article> = (0..40)
            .map(|i| Article {
                id: format!("a{i}"),
                title: text[..3 * (i % 7 + 1)].to_owned(),
                body: text.repeat(i % 5 + 1),
                ..Article::default()
            })
            .collect();
        let p = prepare_all(&articles, 1, false);
        for positions in [false, true] {
            let o = GramOptions {
                positions,
                extend_over: positions.then_some(8),
                docs_only: !positions,
                threads: 1,
            };
            let lists = |g: Grams| {
                let chars: Vec<(char, Vec<u8>)> =
                    g.chars.iter().map(|(c, l)| (*c, l.finish())).collect();
                let grams: Vec<(String, Vec<u8>)> = g
                    .grams
                    .iter()
                    .map(|(k, l)| (k.clone(), l.finish()))
                    .collect();
                (chars, grams)
            };
            let whole = lists(build_in_pieces(&p.docs, 0, o, usize::MAX));
            for piece in [1, 2, 5, 13] {
                assert_eq!(
                    lists(build_in_pieces(&p.docs, 0, o, piece)),
                    whole,
                    "{piece}"
                );
            }
            if !positions {
                // A batch at a time: the same lists.
                for batch in [1, 3, 16] {
                    let mut b = Batches::default();
                    p.docs.chunks(batch).for_each(|c| b.add(c, 1));
                    assert_eq!(lists(b.finish()), whole, "batches of {batch}");
                }
            }
        }
    }
}
