//! Updating a split index in place: what a build can take over from the one in its directory.
//!
//! The directory keeps a manifest (`zhsearch.manifest`, read by builds only, never by
//! browsers): the hash of every document record of the build, in index order. A new build
//! whose articles are mostly those of the previous build's base segment keeps that segment's
//! files as they are; the articles it does not have (added or changed since) go into one new,
//! small segment, and its records no longer among the articles are marked deleted. So an edit
//! rewrites a few files (the new segment's, the vocabulary and the entry) and a CDN keeps the
//! rest cached. When too much has changed (more than an eighth of the articles new, or as
//! many of the base's deleted), with other options, or without a usable previous build, the
//! build starts afresh, as with `--fresh`.
//!
//! A fresh build is deterministic; an update is deterministic given the previous build. The
//! results are those of a fresh build of the same articles in the index order (base articles
//! first, then the new segment's), so only the order of equal scores can differ.

use crate::error::Result;
use crate::format;
use crate::hash::FxMap;
use crate::normalize::NORMALIZATION;
use crate::split::entry::{Entry, Part, Segment, ENTRY_NAME};
use std::path::Path;

/// The manifest's file name inside a split index directory.
pub const MANIFEST_NAME: &str = "zhsearch.manifest";
const MANIFEST_MAGIC: [u8; 8] = *b"ZHSMANI\x01";
/// The manifest's version: a build refuses (and starts afresh over) any other.
const MANIFEST_VERSION: u32 = 1;
/// Bumped whenever the way a build lays documents, segments and parts out changes, so an
/// update never takes over a base laid out by other rules.
const LAYOUT_RULES: u64 = 2;
const HASHES: u32 = 1;

/// An update takes over the base segment when at most one article in this many is new, and
/// as few of the base's are deleted (one article always may be).
const MAX_NEW_SHARE: usize = 8;

/// The build options that shape the layout: an update keeps the base only if they are the same.
pub(crate) fn layout_key(opts: &super::BuildOptions) -> u64 {
    let mut b = Vec::new();
    for v in [
        opts.part_bytes as u64,
        opts.slot_grams as u64,
        opts.slot_bytes as u64,
        opts.frequent_len as u64,
        u64::from(NORMALIZATION),
        u64::from(format::VERSION),
        u64::from(crate::split::entry::ENTRY_VERSION),
        LAYOUT_RULES,
    ] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&b)
}

/// The manifest's bytes: the build it belongs to, the layout key and the record hashes.
pub(crate) fn encode_manifest(build: u64, key: u64, hashes: &[u64]) -> Vec<u8> {
    let mut b = Vec::with_capacity(16 + 8 * hashes.len());
    b.extend_from_slice(&build.to_le_bytes());
    b.extend_from_slice(&key.to_le_bytes());
    for h in hashes {
        b.extend_from_slice(&h.to_le_bytes());
    }
    format::assemble(MANIFEST_MAGIC, MANIFEST_VERSION, &[(HASHES, b)])
}

/// `(build, layout key, hashes)` of a manifest, if it is one.
fn decode_manifest(bytes: &[u8]) -> Option<(u64, u64, Vec<u64>)> {
    let sections = format::open_container(bytes, MANIFEST_MAGIC, MANIFEST_VERSION).ok()?;
    let (_, r) = sections.iter().find(|(k, _)| *k == HASHES)?;
    let b = &bytes[r.clone()];
    if b.len() < 16 || !b.len().is_multiple_of(8) {
        return None;
    }
    let hashes = b[16..]
        .chunks_exact(8)
        .map(|c| format::u64_at(c, 0).unwrap_or(0))
        .collect();
    Some((format::u64_at(b, 0)?, format::u64_at(b, 8)?, hashes))
}

/// The previous build's base segment, taken over as it is.
pub(crate) struct Base {
    pub segment: Segment,
    /// The pack parts it lies in: the first parts of the previous entry, kept at the same
    /// numbers (its dictionary slots name them).
    pub parts: Vec<Part>,
    /// Its documents' record hashes.
    pub hashes: Vec<u64>,
}

/// What a build writes.
pub(crate) struct Plan {
    /// The base segment taken over, if any.
    pub base: Option<Base>,
    /// The articles (by input position) in index order: those kept in the base, by their
    /// place there, then those of the new segment, in input order.
    pub order: Vec<usize>,
    /// How many of `order` the base holds.
    pub kept: usize,
    /// Documents of the base no longer among the articles.
    pub deleted: Vec<u32>,
}

impl Plan {
    /// A fresh build of `n` articles.
    pub(crate) fn fresh(n: usize) -> Plan {
        Plan {
            base: None,
            order: (0..n).collect(),
            kept: 0,
            deleted: Vec::new(),
        }
    }
}

/// The highest pack part a segment refers to, plus one. A segment's parts come before the
/// dictionary's last part (lists are written before the dictionary that names them).
fn parts_end(s: &Segment) -> u32 {
    let frags = s.docs.iter().chain(s.frequent.iter().map(|(_, f)| f));
    let runs = s.text.iter().chain(&s.dict.runs);
    frags
        .map(|f| f.part)
        .chain(runs.map(|r| r.part))
        .max()
        .map_or(0, |p| p + 1)
}

/// Decides what a build of articles with record hashes `hashes` (input order) takes over from
/// the split index in `dir`.
pub(crate) fn plan(dir: &Path, hashes: &[u64], key: u64) -> Plan {
    take_over(dir, hashes, key).unwrap_or_else(|| Plan::fresh(hashes.len()))
}

fn take_over(dir: &Path, hashes: &[u64], key: u64) -> Option<Plan> {
    let entry = Entry::decode(&std::fs::read(dir.join(ENTRY_NAME)).ok()?).ok()?;
    let (build, old_key, old) = decode_manifest(&std::fs::read(dir.join(MANIFEST_NAME)).ok()?)?;
    if build != entry.build || old_key != key || old.len() != entry.slots() as usize {
        return None;
    }
    let base = entry.segments.first()?.clone();
    let end = parts_end(&base) as usize;
    let parts = entry.parts.get(..end)?.to_vec();
    let present = parts.iter().all(|p| {
        std::fs::metadata(dir.join(&p.name)).is_ok_and(|m| m.is_file() && m.len() == p.len)
    });
    if !present {
        return None;
    }
    // The live documents of the base, by record hash (in order, for duplicates).
    let mut live: FxMap<u64, Vec<u32>> = FxMap::default();
    for d in 0..base.docs_count {
        if entry.deleted.binary_search(&d).is_err() {
            live.entry(old[d as usize]).or_default().push(d);
        }
    }
    for v in live.values_mut() {
        v.reverse();
    }
    let mut kept: Vec<(u32, usize)> = Vec::new();
    let mut new: Vec<usize> = Vec::new();
    for (i, h) in hashes.iter().enumerate() {
        match live.get_mut(h).and_then(Vec::pop) {
            Some(d) => kept.push((d, i)),
            None => new.push(i),
        }
    }
    kept.sort_unstable();
    let mut is_kept = vec![false; base.docs_count as usize];
    for &(d, _) in &kept {
        is_kept[d as usize] = true;
    }
    let deleted: Vec<u32> = (0..base.docs_count)
        .filter(|&d| !is_kept[d as usize])
        .collect();
    let most = (hashes.len() / MAX_NEW_SHARE).max(1);
    if kept.is_empty() || new.len() > most || deleted.len() > most {
        return None;
    }
    let n = kept.len();
    let order = kept.into_iter().map(|(_, i)| i).chain(new).collect();
    Some(Plan {
        base: Some(Base {
            hashes: old[..base.docs_count as usize].to_vec(),
            segment: base,
            parts,
        }),
        order,
        kept: n,
        deleted,
    })
}

/// A document record's hash (what the manifest keeps).
pub(crate) fn record_hash(record: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(record)
}

/// Makes the stories of one page (consecutive documents sharing a page ordinal, `pages`) change
/// together: each one's hash also covers its page's other stories. So a page with a changed
/// story moves to the new segment whole, and a page's stories stay consecutive in one segment,
/// which counting pages relies on.
pub(crate) fn fold_pages(hashes: &mut [u64], pages: &[u32]) {
    let mut i = 0;
    while i < hashes.len().min(pages.len()) {
        let n = pages[i..].iter().take_while(|&&p| p == pages[i]).count();
        let run = &mut hashes[i..i + n];
        if n > 1 {
            let all: Vec<u8> = run.iter().flat_map(|h| h.to_le_bytes()).collect();
            let page = xxhash_rust::xxh3::xxh3_64(&all);
            for h in run.iter_mut() {
                *h = xxhash_rust::xxh3::xxh3_64(&[h.to_le_bytes(), page.to_le_bytes()].concat());
            }
        }
        i += n;
    }
}

/// Writes the manifest of the build whose entry has `build`.
pub(crate) fn write_manifest(dir: &Path, build: u64, key: u64, hashes: &[u64]) -> Result<()> {
    super::write_atomic(
        &dir.join(MANIFEST_NAME),
        &encode_manifest(build, key, hashes),
    )
}
