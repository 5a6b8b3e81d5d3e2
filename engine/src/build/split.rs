//! Writing the split layout (see [`crate::split`] for what each part holds).
//!
//! Sections go to their own pack parts (doc table, records, lists, dictionary, vocabulary), so
//! an edit touches only the parts whose bytes change. Records are stored in document order and
//! their parts cut by size, so a changed article rewrites its own part of records (and those
//! after it only when its size in units changed).

use super::grams::Grams;
use super::prepare::{thread_count, Prepared};
use super::single::{self, keep_word};
use super::{temp_in, write_atomic, BuildOptions, Trace};
use crate::error::{Error, Result};
use crate::format::Meta;
use crate::frame::{self, UNIT};
use crate::postings::positional::ListBuilder;
use crate::segment::{shard_of, FREQ_MASK};
use crate::source::Frag;
use crate::split::dict::{encode_slot, slot_of};
use crate::split::entry::{Dict, Entry, Part, Run, ENTRY_NAME};
use std::collections::BTreeSet;
use std::path::Path;

/// Documents per doc-table block.
const DOCS_BLOCK: u32 = 16384;
/// Vocabulary words per shard.
const WORDS_PER_SHARD: usize = 1500;
/// Pack parts are `<section>-<xxh3 of the bytes>.zpk`.
const PART_EXT: &str = ".zpk";

/// What `zhsearch index --split` reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SplitReport {
    /// Files the index consists of (entry, pack parts, compact file).
    pub files: usize,
    /// Of those, files this build wrote (the others were already there, byte for byte).
    pub written: usize,
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
}

/// Pack parts being written, one section at a time.
struct Packs<'a> {
    dir: &'a Path,
    max: usize,
    section: &'static str,
    cur: Vec<u8>,
    parts: Vec<Part>,
    written: usize,
}

impl<'a> Packs<'a> {
    /// Appends `bytes` (never split across parts) and returns where they are.
    fn put(&mut self, bytes: &[u8]) -> Result<(u32, u64)> {
        if !self.cur.is_empty() && self.cur.len() + bytes.len() > self.max {
            self.flush()?;
        }
        let at = self.cur.len() as u64;
        self.cur.extend_from_slice(bytes);
        Ok((self.parts.len() as u32, at))
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
        .chain(e.compact.as_ref())
        .map(|p| p.name.clone())
        .collect()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.display().to_string();
    move |source| Error::Io { path, source }
}

/// Writes the compact single file into `dir`, named `index-<checksum>.zhs`, streaming; returns
/// its part and whether it was written (an identical file may already be there).
pub(crate) fn write_compact(
    dir: &Path,
    p: &Prepared,
    g: &Grams,
    opts: &BuildOptions,
) -> Result<(Part, bool)> {
    let tmp = temp_in(dir).map_err(io(dir))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp);
    let sum = single::write(&mut w, p, g, true, opts)?;
    let tmp = w.into_inner().map_err(|e| io(dir)(e.into_error()))?;
    tmp.as_file().sync_all().map_err(io(tmp.path()))?;
    let len = tmp.as_file().metadata().map_err(io(tmp.path()))?.len();
    let name = format!("index-{sum:016x}.zhs");
    let path = dir.join(&name);
    let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == len);
    if !same {
        tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
    }
    Ok((Part { name, len }, !same))
}

/// Frames every list, on several threads, dropping each list once framed:
/// `(gram, frame, list length)`.
fn frame_lists(lists: Vec<(String, ListBuilder)>, threads: usize) -> Vec<(String, Vec<u8>, usize)> {
    let threads = thread_count(threads);
    let frame = |part: Vec<(String, ListBuilder)>| -> Vec<(String, Vec<u8>, usize)> {
        part.into_iter()
            .map(|(k, l)| {
                let len = l.finish_len();
                let f = frame::encode(&l.finish(), frame::Level::Fast);
                (k, f, len)
            })
            .collect()
    };
    if threads <= 1 || lists.len() < 1024 {
        return frame(lists);
    }
    let mut parts = Vec::with_capacity(threads);
    let mut rest = lists;
    let chunk = rest.len().div_ceil(threads);
    while rest.len() > chunk {
        let tail = rest.split_off(chunk);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| s.spawn(move || frame(part)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Writes a split layout into a directory: the records first (so they can be dropped before the
/// gram lists are built), then everything else.
pub(crate) struct Writer<'a> {
    dir: &'a Path,
    packs: Packs<'a>,
    previous: Option<Entry>,
    docs: Vec<Frag>,
    text: Vec<Run>,
}

impl<'a> Writer<'a> {
    /// A writer into `dir` (which exists), remembering the build already there.
    pub(crate) fn new(dir: &'a Path, opts: &BuildOptions) -> Writer<'a> {
        let previous = std::fs::read(dir.join(ENTRY_NAME))
            .ok()
            .and_then(|b| Entry::decode(&b).ok());
        Writer {
            dir,
            packs: Packs {
                dir,
                max: opts.part_bytes.max(1 << 16),
                section: "docs",
                cur: Vec::new(),
                parts: Vec::new(),
                written: 0,
            },
            previous,
            docs: Vec::new(),
            text: Vec::new(),
        }
    }

    /// Writes the doc table and the records, in document order, taking the records out of `p`.
    pub(crate) fn records(&mut self, p: &mut Prepared) -> Result<()> {
        let packs = &mut self.packs;
        for block in p.docs.chunks(DOCS_BLOCK as usize) {
            let mut b = Vec::with_capacity(block.len() * 2);
            for d in block {
                crate::varint::put(&mut b, u64::from(d.units));
            }
            self.docs
                .push(packs.frag(&frame::encode(&b, frame::Level::Best))?);
        }
        packs.section("text")?;
        for (i, d) in p.docs.iter_mut().enumerate() {
            let rec = d
                .record
                .take()
                .ok_or_else(|| Error::Build("records were not kept".into()))?;
            debug_assert_eq!(rec.len(), d.units as usize * UNIT);
            let at = packs.put(&rec)?;
            if self.text.last().is_none_or(|r| r.part != at.0) {
                self.text.push(run_of(i as u32, at));
            }
        }
        Ok(())
    }

    /// Writes the lists, dictionary and vocabulary, then the entry; removes files of builds
    /// before the previous one. `compact` is the single file of the same articles (already
    /// written) with whether this build wrote it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn finish(
        self,
        meta: Meta,
        words: &[(String, u64)],
        g: Grams,
        compact: Option<(Part, bool)>,
        frequent_len: usize,
        opts: &BuildOptions,
        t: &Trace,
    ) -> Result<SplitReport> {
        let Writer {
            dir,
            mut packs,
            previous,
            docs,
            text,
        } = self;
        let entry_path = dir.join(ENTRY_NAME);
        let n = meta.doc_count;

        // Lists: the frequent ones first (the entry says where), then the others slot by slot.
        packs.section("lists")?;
        let Grams { chars, grams } = g;
        let lists: Vec<(String, ListBuilder)> = chars
            .into_iter()
            .map(|(c, l)| (c.to_string(), l))
            .chain(grams)
            .collect();
        let all = frame_lists(lists, opts.threads);
        t.phase("lists framed");
        let mut frequent: Vec<(String, Frag)> = Vec::new();
        let mut others: Vec<usize> = Vec::new();
        for (i, (k, f, len)) in all.iter().enumerate() {
            if *len > frequent_len {
                frequent.push((k.clone(), packs.frag(f)?));
            } else {
                others.push(i);
            }
        }
        frequent.sort_unstable_by(|a, b| a.0.cmp(&b.0));
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
        let mut payloads = Vec::with_capacity(slots as usize);
        for members in &mut by_slot {
            members.sort_unstable_by(|&a, &b| all[a].0.cmp(&all[b].0));
            let total: usize = members.iter().map(|&i| all[i].1.len()).sum();
            if !packs.fits(total) {
                packs.flush()?;
            }
            let base = (packs.parts.len() as u32, packs.cur.len() as u64);
            let mut entries = Vec::with_capacity(members.len());
            for &i in members.iter() {
                let f = &all[i].1;
                packs.put(f)?;
                entries.push((all[i].0.as_str(), f.len() as u32));
            }
            payloads.push(frame::encode(
                &encode_slot(base.0, base.1, &entries),
                frame::Level::Fast,
            ));
        }

        // Dictionary slots, all of one length.
        packs.section("dict")?;
        let slot_len = payloads
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .div_ceil(16)
            * 16;
        let mut dict = Dict {
            slots,
            slot_len: slot_len as u32,
            runs: Vec::new(),
        };
        for (s, mut f) in payloads.into_iter().enumerate() {
            f.resize(slot_len, 0);
            let at = packs.put(&f)?;
            if dict.runs.last().is_none_or(|r| r.part != at.0) {
                dict.runs.push(run_of(s as u32, at));
            }
        }

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
        packs.flush()?;

        let mut written = packs.written;
        let compact_part = compact.map(|(part, new)| {
            written += usize::from(new);
            part
        });

        let mut entry = Entry {
            build: 0,
            meta,
            parts: packs.parts,
            docs_block: DOCS_BLOCK,
            docs,
            text,
            dict,
            frequent_len: u32::try_from(frequent_len).unwrap_or(u32::MAX),
            frequent,
            words: word_frags,
            compact: compact_part,
        };
        debug_assert!(n == 0 || !entry.text.is_empty());
        entry.build = xxhash_rust::xxh3::xxh3_64(&entry.encode());
        let bytes = entry.encode();
        let unchanged = std::fs::read(&entry_path).is_ok_and(|old| old == bytes);
        if !unchanged {
            write_atomic(&entry_path, &bytes)?;
            written += 1;
        }

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
        let compact_bytes = entry.compact.as_ref().map_or(0, |p| p.len);
        Ok(SplitReport {
            files: names.len() + 1,
            written,
            bytes: entry.parts.iter().map(|p| p.len).sum::<u64>()
                + compact_bytes
                + bytes.len() as u64,
            entry_bytes: bytes.len() as u64,
            compact_bytes,
            removed,
            parts: entry.parts.len(),
        })
    }
}
