//! Writing the split layout (see [`crate::split`] for what each part holds).
//!
//! Sections go to their own pack parts (doc table, records, lists, dictionary, vocabulary), one
//! segment at a time: a fresh build writes one segment; an update ([`super::update`]) keeps the
//! previous base segment's parts and writes a small new segment after them. Every part is
//! named by its content hash, and a part already in the directory is not rewritten.

use super::grams::Grams;
use super::prepare::{Prepared, PreparedDoc};
use super::single::{self, keep_word};
use super::update::{self, Plan};
use super::{temp_in, write_atomic, BuildOptions, Trace};
use crate::error::{Error, Result};
use crate::format::Meta;
use crate::frame::{self, UNIT};
use crate::postings::positional::ListBuilder;
use crate::segment::{shard_of, FREQ_MASK};
use crate::source::Frag;
use crate::split::dict::{encode_slot, slot_of};
use crate::split::entry::{Dict, Entry, Part, Run, Segment, ENTRY_NAME};
use std::collections::BTreeSet;
use std::path::Path;

/// Documents per doc-table block.
const DOCS_BLOCK: u32 = 16384;
/// Vocabulary words per shard.
const WORDS_PER_SHARD: usize = 1500;
/// Spelling dictionary keys per shard.
const SPELL_KEYS_PER_SHARD: usize = 2000;
/// Pack parts are `<section>-<xxh3 of the bytes>.zpk`.
const PART_EXT: &str = ".zpk";

/// What `zhsearch index --split` reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SplitReport {
    /// Files the index consists of (entry, pack parts, pieces of the compact file).
    pub files: usize,
    /// Of those, files this build wrote (the others were already there, byte for byte).
    pub written: usize,
    /// Of the files written, pieces of the compact file.
    pub written_compact: usize,
    /// Bytes of the files written.
    pub written_bytes: u64,
    /// Bytes of all files.
    pub bytes: u64,
    /// Bytes of the entry.
    pub entry_bytes: u64,
    /// Bytes of the compact single file (0 without one).
    pub compact_bytes: u64,
    /// Files of older builds removed.
    pub removed: usize,
    /// Files a query may fetch from: the pack parts.
    pub parts: usize,
    /// Set when the build updated the previous one: how it did.
    pub update: Option<UpdateReport>,
}

/// How a build updated the split index already in its directory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateReport {
    /// Articles kept in the previous build's files.
    pub kept: usize,
    /// Articles added or changed since, in the new segment.
    pub added: usize,
    /// Articles of the previous build's files no longer live (removed or changed).
    pub deleted: usize,
}

/// Pack parts being written, one section at a time.
struct Packs<'a> {
    dir: &'a Path,
    max: usize,
    section: &'static str,
    cur: Vec<u8>,
    parts: Vec<Part>,
    written: usize,
    written_bytes: u64,
}

impl<'a> Packs<'a> {
    /// Appends `bytes` (never split across parts) and returns where they are.
    fn put(&mut self, bytes: &[u8]) -> Result<(u32, u64)> {
        if !self.fits(bytes.len()) {
            self.flush()?;
        }
        Ok(self.append(bytes))
    }

    /// Appends `bytes` to the current part, whatever its size.
    fn append(&mut self, bytes: &[u8]) -> (u32, u64) {
        let at = self.cur.len() as u64;
        self.cur.extend_from_slice(bytes);
        (self.parts.len() as u32, at)
    }

    /// Whether `n` more bytes fit in the current part.
    fn fits(&self, n: usize) -> bool {
        self.cur.is_empty() || self.cur.len() + n <= self.max
    }

    fn frag(&mut self, bytes: &[u8]) -> Result<Frag> {
        let (part, offset) = self.put(bytes)?;
        Ok(Frag {
            part,
            offset,
            len: u32::try_from(bytes.len())
                .map_err(|_| Error::Build("a fragment exceeds 4 GiB".into()))?,
        })
    }

    /// Closes the current part: its name is its content hash; an existing file of that name
    /// and size is kept as it is.
    fn flush(&mut self) -> Result<()> {
        if self.cur.is_empty() {
            return Ok(());
        }
        let name = format!(
            "{}-{:016x}{PART_EXT}",
            self.section,
            xxhash_rust::xxh3::xxh3_64(&self.cur)
        );
        let path = self.dir.join(&name);
        let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == self.cur.len() as u64);
        if !same {
            write_atomic(&path, &self.cur)?;
            self.written += 1;
            self.written_bytes += self.cur.len() as u64;
        }
        self.parts.push(Part {
            name,
            len: self.cur.len() as u64,
        });
        self.cur.clear();
        Ok(())
    }

    fn section(&mut self, name: &'static str) -> Result<()> {
        self.flush()?;
        self.section = name;
        Ok(())
    }
}

fn run_of(first: u32, (part, offset): (u32, u64)) -> Run {
    Run {
        first,
        part,
        offset,
    }
}

/// Files of a split index in `dir` that an entry refers to.
fn files_of(e: &Entry) -> BTreeSet<String> {
    e.parts
        .iter()
        .chain(&e.compact)
        .map(|p| p.name.clone())
        .collect()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.display().to_string();
    move |source| Error::Io {
        path,
        error: source,
    }
}

/// The compact single file as written: its pieces, and how many this build wrote.
pub(crate) struct Compact {
    pieces: Vec<Part>,
    written: usize,
    written_bytes: u64,
}

/// Writes the compact single file into `dir` in pieces of at most `opts.part_bytes` (static
/// hosts limit file sizes), named `index-<checksum>-<i>.zhs` ([`Entry::compact_piece_name`]);
/// pieces already there are kept.
pub(crate) fn write_compact(
    dir: &Path,
    p: &Prepared,
    g: &Grams,
    opts: &BuildOptions,
) -> Result<Compact> {
    use std::io::{Read, Seek, SeekFrom};
    let tmp = temp_in(dir).map_err(io(dir))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp);
    let mut stored = super::stored::Stored::of(&p.docs)?;
    let sum = single::write(&mut w, p, &mut stored, g, opts)?;
    let mut tmp = w.into_inner().map_err(|e| io(dir)(e.into_error()))?;
    let len = tmp.as_file().metadata().map_err(io(tmp.path()))?.len();
    let max = opts.part_bytes.max(1) as u64;
    let mut out = Compact {
        pieces: Vec::new(),
        written: 0,
        written_bytes: 0,
    };
    tmp.as_file_mut()
        .seek(SeekFrom::Start(0))
        .map_err(io(tmp.path()))?;
    let mut at = 0;
    while at < len {
        let n = (len - at).min(max);
        let name = Entry::compact_piece_name(sum, out.pieces.len());
        let path = dir.join(&name);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() == n) {
            tmp.as_file_mut()
                .seek(SeekFrom::Current(n as i64))
                .map_err(io(tmp.path()))?;
        } else {
            let mut buf = Vec::with_capacity(n as usize);
            (&mut tmp).take(n).read_to_end(&mut buf).map_err(io(dir))?;
            write_atomic(&path, &buf)?;
            out.written += 1;
            out.written_bytes += n;
        }
        out.pieces.push(Part { name, len: n });
        at += n;
    }
    Ok(out)
}

/// Frames every list, on several threads, dropping each list once framed:
/// `(gram, frame, list length)`.
fn frame_lists(lists: Vec<(String, ListBuilder)>, threads: usize) -> Vec<(String, Vec<u8>, usize)> {
    let frame = |part: Vec<(String, ListBuilder)>| -> Vec<(String, Vec<u8>, usize)> {
        part.into_iter()
            .map(|(k, l)| {
                let len = l.finish_len();
                let f = frame::encode(&l.finish(), frame::Level::Lists);
                (k, f, len)
            })
            .collect()
    };
    super::par::in_owned_chunks(lists, threads, 1024, frame)
        .into_iter()
        .flatten()
        .collect()
}

/// Writes a split layout into a directory: the new segment's records first (so they can be
/// dropped before the gram lists are built), then everything else.
/// The index-wide parts [`Writer::finish`] writes besides the lists.
pub(crate) struct Finish<'a> {
    pub meta: Meta,
    pub words: &'a [(String, u64)],
    pub spell: &'a [(Vec<u8>, u64)],
    /// The FILTERS encoding ([`crate::filter::Filters`]).
    pub filters: &'a [u8],
    /// The WEIGHTS encoding ([`crate::weight::Weights`]), when some document is weighted.
    pub weights: Option<&'a [u8]>,
}

pub(crate) struct Writer<'a> {
    dir: &'a Path,
    packs: Packs<'a>,
    previous: Option<Entry>,
    base: Option<update::Base>,
    deleted: Vec<u32>,
    /// The new segment, its records written.
    seg: Segment,
}

impl<'a> Writer<'a> {
    /// A writer into `dir` (which exists) of what `plan` says, remembering the build already
    /// there.
    pub(crate) fn new(dir: &'a Path, opts: &BuildOptions, plan: &mut Plan) -> Writer<'a> {
        let previous = std::fs::read(dir.join(ENTRY_NAME))
            .ok()
            .and_then(|b| Entry::decode(&b).ok());
        let base = plan.base.take();
        let parts = base.as_ref().map_or_else(Vec::new, |b| b.parts.clone());
        let first = base.as_ref().map_or(0, |b| b.segment.docs_count);
        Writer {
            dir,
            packs: Packs {
                dir,
                max: opts.part_bytes.max(1),
                section: "docs",
                cur: Vec::new(),
                parts,
                written: 0,
                written_bytes: 0,
            },
            previous,
            base,
            deleted: std::mem::take(&mut plan.deleted),
            seg: Segment {
                first,
                docs_block: DOCS_BLOCK,
                ..Segment::default()
            },
        }
    }

    /// Writes the new segment's doc table and records, in order, taking the records out of
    /// `docs`.
    pub(crate) fn records(&mut self, docs: &mut [PreparedDoc]) -> Result<()> {
        let packs = &mut self.packs;
        packs.section("docs")?;
        self.seg.docs_count =
            u32::try_from(docs.len()).map_err(|_| Error::Build("too many articles".into()))?;
        let pages = crate::story::page_ordinals(docs.iter().map(|d| d.meta.page_id()));
        for (n, block) in docs.chunks(DOCS_BLOCK as usize).enumerate() {
            let mut b = Vec::with_capacity(block.len() * 2);
            for (k, d) in block.iter().enumerate() {
                // units << 1 | the document is on the page of the one before it
                let i = n * DOCS_BLOCK as usize + k;
                let same_page = i > 0 && pages[i] == pages[i - 1];
                crate::varint::put(&mut b, u64::from(d.units) << 1 | u64::from(same_page));
            }
            self.seg
                .docs
                .push(packs.frag(&frame::encode(&b, frame::Level::Best))?);
        }
        packs.section("text")?;
        for (i, d) in docs.iter_mut().enumerate() {
            let rec = d
                .record
                .take()
                .ok_or_else(|| Error::Build("records were not kept".into()))?;
            debug_assert_eq!(rec.len(), d.units as usize * UNIT);
            let at = packs.put(&rec)?;
            if self.seg.text.last().is_none_or(|r| r.part != at.0) {
                self.seg.text.push(run_of(i as u32, at));
            }
        }
        Ok(())
    }

    /// Writes the new segment's lists and dictionary (from `g`, numbered within the segment),
    /// the vocabulary, then the entry and the manifest (`hashes`: the new segment's record
    /// hashes); removes files of builds before the previous one. `compact` is the single file
    /// of the same articles, already written.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn finish(
        self,
        what: Finish<'_>,
        g: Grams,
        compact: Option<Compact>,
        hashes: &[u64],
        opts: &BuildOptions,
        t: &Trace,
    ) -> Result<SplitReport> {
        let Finish {
            meta,
            words,
            spell,
            filters,
            weights,
        } = what;
        let Writer {
            dir,
            mut packs,
            previous,
            base,
            deleted,
            mut seg,
        } = self;
        let entry_path = dir.join(ENTRY_NAME);
        let frequent_len = opts.frequent_len_for(seg.docs_count as usize);
        seg.frequent_len = u32::try_from(frequent_len).unwrap_or(u32::MAX);
        write_lists(&mut packs, &mut seg, g, frequent_len, opts, t)?;

        // Vocabulary shards by first character.
        packs.section("words")?;
        let shards = words.len().div_ceil(WORDS_PER_SHARD).max(1);
        let mut sharded: Vec<Vec<(&str, u64)>> = vec![Vec::new(); shards];
        for (w, f) in words {
            if let Some(c) = w.chars().next() {
                debug_assert!(keep_word(w, *f, opts));
                sharded[shard_of(c, shards)].push((w, *f));
            }
        }
        let mut word_frags = Vec::with_capacity(shards);
        for shard in sharded {
            let mut b = fst::MapBuilder::memory();
            for (w, f) in shard {
                b.insert(w.as_bytes(), f.min(FREQ_MASK))
                    .map_err(|e| Error::Build(e.to_string()))?;
            }
            let bytes = b.into_inner().map_err(|e| Error::Build(e.to_string()))?;
            word_frags.push(packs.frag(&frame::encode(&bytes, frame::Level::Best))?);
        }

        // The spelling dictionary in shards of consecutive keys.
        packs.section("spell")?;
        let mut spell_frags = Vec::new();
        for shard in spell.chunks(SPELL_KEYS_PER_SHARD) {
            let mut b = fst::MapBuilder::memory();
            for (k, v) in shard {
                b.insert(k, *v).map_err(|e| Error::Build(e.to_string()))?;
            }
            let bytes = b.into_inner().map_err(|e| Error::Build(e.to_string()))?;
            let first = if spell_frags.is_empty() {
                Vec::new()
            } else {
                shard[0].0.clone()
            };
            spell_frags.push((
                first,
                packs.frag(&frame::encode(&bytes, frame::Level::Best))?,
            ));
        }
        packs.section("filters")?;
        let filters = vec![packs.frag(&frame::encode(filters, frame::Level::Best))?];
        let weights = match weights {
            Some(w) => vec![packs.frag(&frame::encode(w, frame::Level::Best))?],
            None => Vec::new(),
        };
        packs.flush()?;

        let mut written = packs.written;
        let mut written_bytes = packs.written_bytes;
        let (compact, written_compact) = match compact {
            Some(c) => {
                written_bytes += c.written_bytes;
                (c.pieces, c.written)
            }
            None => (Vec::new(), 0),
        };
        written += written_compact;
        let update = base.as_ref().map(|b| UpdateReport {
            kept: (b.segment.docs_count as usize).saturating_sub(deleted.len()),
            added: seg.docs_count as usize,
            deleted: deleted.len(),
        });
        let mut all_hashes = Vec::new();
        let mut segments = Vec::with_capacity(2);
        if let Some(b) = base {
            all_hashes = b.hashes;
            segments.push(b.segment);
        }
        all_hashes.extend_from_slice(hashes);
        if seg.docs_count > 0 || segments.is_empty() {
            segments.push(seg);
        }
        let mut entry = Entry {
            build: 0,
            meta,
            parts: packs.parts,
            segments,
            deleted,
            words: word_frags,
            spell: spell_frags,
            compact,
            filters,
            weights,
        };
        entry.build = xxhash_rust::xxh3::xxh3_64(&entry.encode());
        let bytes = entry.encode();
        // Checked as a reader will check it.
        Entry::decode(&bytes)?;
        let unchanged = std::fs::read(&entry_path).is_ok_and(|old| old == bytes);
        if !unchanged {
            write_atomic(&entry_path, &bytes)?;
            written += 1;
            written_bytes += bytes.len() as u64;
        }
        update::write_manifest(dir, entry.build, update::layout_key(opts), &all_hashes)?;

        // Keep this build's files and the previous build's; remove older ones.
        let mut keep = files_of(&entry);
        if let Some(prev) = &previous {
            keep.extend(files_of(prev));
        }
        let mut removed = 0;
        let listing = std::fs::read_dir(dir).map_err(io(dir))?;
        for f in listing.flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            let ours =
                name.ends_with(PART_EXT) || (name.starts_with("index-") && name.ends_with(".zhs"));
            if ours && !keep.contains(&name) {
                std::fs::remove_file(f.path()).map_err(io(&f.path()))?;
                removed += 1;
            }
        }
        let names = files_of(&entry);
        let part_bytes: u64 = entry.parts.iter().map(|p| p.len).sum();
        let compact_bytes: u64 = entry.compact.iter().map(|p| p.len).sum();
        Ok(SplitReport {
            files: names.len() + 1,
            written,
            written_compact,
            written_bytes,
            bytes: part_bytes + compact_bytes + bytes.len() as u64,
            entry_bytes: bytes.len() as u64,
            compact_bytes,
            removed,
            parts: entry.parts.len(),
            update,
        })
    }
}

/// Bytes a dictionary slot's grams take without their lists, at most (their entries as
/// stored, uncompressed, and the frame around them).
fn slot_estimate(members: &[usize], all: &[(String, Vec<u8>, usize)]) -> usize {
    let entries: usize = members.iter().map(|&i| all[i].0.len() + 6).sum();
    entries + 32
}

/// A dictionary slot's frame, at most `room` bytes unless its grams alone need more: its grams
/// (`members`, sorted) with as many of their lists inline as fit, the largest first; writes the
/// others one after another to `packs`. `carry`: whether any list may ride inside.
fn fill_slot(
    packs: &mut Packs<'_>,
    members: &[usize],
    all: &[(String, Vec<u8>, usize)],
    room: usize,
    carry: bool,
) -> Result<Vec<u8>> {
    let mut by_size: Vec<usize> = (0..members.len()).filter(|_| carry).collect();
    by_size.sort_by_key(|&m| (std::cmp::Reverse(all[members[m]].1.len()), m));
    let mut inline: Vec<Option<Vec<u8>>> = vec![None; members.len()];
    // A list framed on its own is about as long as it is inside the slot's frame.
    let mut used = slot_estimate(members, all);
    for m in by_size {
        let framed = &all[members[m]].1;
        if used + framed.len() <= room {
            used += framed.len();
            inline[m] = Some(frame::decode(framed, &|| all[members[m]].0.clone())?);
        }
    }
    loop {
        let elsewhere: usize = (0..members.len())
            .filter(|&m| inline[m].is_none())
            .map(|m| all[members[m]].1.len())
            .sum();
        if !packs.fits(elsewhere) {
            packs.flush()?;
        }
        let base = (packs.parts.len() as u32, packs.cur.len() as u64);
        let mut entries = Vec::with_capacity(members.len());
        for (m, &i) in members.iter().enumerate() {
            let len = match &inline[m] {
                Some(l) => l.len(),
                None => all[i].1.len(),
            };
            let len =
                u32::try_from(len).map_err(|_| Error::Build("a fragment exceeds 4 GiB".into()))?;
            entries.push((all[i].0.as_str(), len, inline[m].as_deref()));
        }
        let f = frame::encode(&encode_slot(base.0, base.1, &entries), frame::Level::Fast);
        // Past the room: the smallest inline list goes elsewhere, and the slot is made again.
        let smallest = (0..members.len())
            .filter(|&m| inline[m].is_some())
            .min_by_key(|&m| (all[members[m]].1.len(), m));
        match smallest {
            Some(m) if f.len() > room => inline[m] = None,
            _ => {
                for (m, &i) in members.iter().enumerate() {
                    if inline[m].is_none() {
                        packs.append(&all[i].1);
                    }
                }
                return Ok(f);
            }
        }
    }
}

/// Writes a segment's lists (the frequent ones first: the entry says where), then the others
/// slot by slot (a slot's lists one after another in one part; the smaller ones inside their
/// dictionary slot), then the dictionary slots.
fn write_lists(
    packs: &mut Packs<'_>,
    seg: &mut Segment,
    g: Grams,
    frequent_len: usize,
    opts: &BuildOptions,
    t: &Trace,
) -> Result<()> {
    packs.section("lists")?;
    let Grams { chars, grams, .. } = g;
    let lists: Vec<(String, ListBuilder)> = chars
        .into_iter()
        .map(|(c, l)| (c.to_string(), l))
        .chain(grams)
        .collect();
    let all = frame_lists(lists, opts.threads);
    t.phase("lists framed");
    let mut others: Vec<usize> = Vec::new();
    for (i, (k, f, len)) in all.iter().enumerate() {
        if *len > frequent_len {
            seg.frequent.push((k.clone(), packs.frag(f)?));
        } else {
            others.push(i);
        }
    }
    seg.frequent.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let slots = if others.is_empty() {
        0
    } else {
        u32::try_from(others.len().div_ceil(opts.slot_grams.max(1)))
            .map_err(|_| Error::Build("too many grams".into()))?
    };
    let mut by_slot: Vec<Vec<usize>> = vec![Vec::new(); slots as usize];
    for &i in &others {
        by_slot[slot_of(&all[i].0, slots) as usize].push(i);
    }
    // A slot as long as its grams alone need, or the length asked for (0: no lists inside).
    let inline = opts.slot_bytes > 0;
    let room = by_slot
        .iter()
        .map(|m| slot_estimate(m, &all))
        .max()
        .unwrap_or(0)
        .max(opts.slot_bytes);
    let mut payloads = Vec::with_capacity(slots as usize);
    for members in &mut by_slot {
        members.sort_unstable_by(|&a, &b| all[a].0.cmp(&all[b].0));
        payloads.push(fill_slot(packs, members, &all, room, inline)?);
    }
    t.phase("dictionary slots filled");

    // Dictionary slots, all of one length.
    packs.section("dict")?;
    let slot_len = payloads
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .div_ceil(16)
        * 16;
    seg.dict = Dict {
        slots,
        slot_len: u32::try_from(slot_len).map_err(|_| Error::Build("dictionary slot".into()))?,
        runs: Vec::new(),
    };
    for (s, mut f) in payloads.into_iter().enumerate() {
        f.resize(slot_len, 0);
        let at = packs.put(&f)?;
        if seg.dict.runs.last().is_none_or(|r| r.part != at.0) {
            seg.dict.runs.push(run_of(s as u32, at));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::dict::{lookup, ListAt};

    /// Bytes deflate cannot shrink (xorshift).
    fn noise(n: usize, mut x: u64) -> Vec<u8> {
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    #[test]
    fn a_slot_that_outgrows_its_room_sends_lists_elsewhere() {
        // `a` frames small on its own, but inside a slot of incompressible lists the slot's
        // frame is stored raw (deflating saves less than a tenth): `a` no longer fits.
        let mut lists = vec![("a".to_owned(), vec![7u8; 600])];
        for i in 0..15 {
            lists.push((format!("b{i:02}"), noise(400, i + 1)));
        }
        let all: Vec<(String, Vec<u8>, usize)> = lists
            .iter()
            .map(|(k, l)| (k.clone(), frame::encode(l, frame::Level::Lists), l.len()))
            .collect();
        assert!(all[0].1.len() < 64, "a alone frames small");
        let dir = tempfile::tempdir().unwrap();
        let mut packs = Packs {
            dir: dir.path(),
            max: 1 << 20,
            section: "lists",
            cur: Vec::new(),
            parts: Vec::new(),
            written: 0,
            written_bytes: 0,
        };
        let members: Vec<usize> = (0..all.len()).collect();
        let room = 6400;
        assert!(
            slot_estimate(&members, &all) + all.iter().map(|l| l.1.len()).sum::<usize>() <= room
        );
        let f = fill_slot(&mut packs, &members, &all, room, true).unwrap();
        assert!(f.len() <= room, "{} > {room}", f.len());
        let payload = frame::decode(&f, &|| "slot".into()).unwrap();
        match lookup(&payload, "a").unwrap() {
            Some(ListAt::Frag(at)) => {
                let at_end = (at.offset + u64::from(at.len)) as usize;
                assert_eq!(&packs.cur[at.offset as usize..at_end], all[0].1.as_slice());
            }
            other => panic!("a should be stored elsewhere: {other:?}"),
        }
        for (k, l) in &lists[1..] {
            match lookup(&payload, k).unwrap() {
                Some(ListAt::Inline(r)) => assert_eq!(&payload[r], l.as_slice(), "{k}"),
                other => panic!("{k} should ride in the slot: {other:?}"),
            }
        }
        // Slots carrying nothing: every list elsewhere, one after another.
        let mut plain = Packs {
            cur: Vec::new(),
            ..packs
        };
        let f = fill_slot(&mut plain, &members, &all, room, false).unwrap();
        let payload = frame::decode(&f, &|| "slot".into()).unwrap();
        let Some(ListAt::Frag(b)) = lookup(&payload, "b00").unwrap() else {
            panic!("b00 elsewhere");
        };
        assert_eq!(b.offset as usize, all[0].1.len());
    }
}
