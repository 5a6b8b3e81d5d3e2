//! The entry: the one small file of a split index that changes between builds. It names the
//! immutable pack parts (by content hash) and says where every section's fragments are, so a
//! reader can fetch any fragment a query needs without another lookup.
//!
//! The articles are in one or two *segments*: the base, and (after `zhsearch index --split`
//! updates an existing directory) a small segment of the articles added or changed since, with
//! the base's replaced or removed articles listed as deleted. Documents are numbered across
//! segments in order.
//!
//! It shares the single file's container (header, section table, xxh3 checksum) under its own
//! magic number, with two sections: META (as in the single file, over the live documents) and
//! LAYOUT:
//!
//! ```text
//! build      u64 LE: hash of everything the entry names (tells deploys apart)
//! parts      n, n × (name, length)                 pack parts, immutable, content-hashed names
//! segments   n, n × segment
//!   segment  first doc, doc count, frequent length,
//!            docs: block size, n, n × frag         doc table: varint units per document
//!            text: n, n × (first doc, part, offset)   runs of document records, UNIT-padded
//!            dict: slots, slot length, n, n × (first slot, part, offset)   dictionary slots
//!            frequent: n, n × (gram, frag)          grams whose lists exceed the frequent length
//! deleted    n, n × document delta                  documents of a segment no longer live
//! words      n, n × frag                            vocabulary shards (FSTs) by first character
//! spell      n, n × (first key, frag)               spelling dictionary shards (FSTs), key ranges
//! compact    n, n × (name, length)                  the live articles as one single file, in pieces
//! filters    n, n × frag                            0 or 1: filter fields and days (crate::filter)
//! weights    n, n × frag                            0 or 1: weighted runs (crate::weight), when any
//! frag       part, offset, length
//! ```
//!
//! Every number is a varint, every string a varint length and UTF-8. [`Entry::decode`]
//! checks that every fragment lies inside its part, that segments follow each other and that
//! runs are ordered, so later reads index nothing out of bounds.

use crate::error::{Error, Result};
use crate::format::{self, Meta};
use crate::postings::positional::MAX_GRAM;
use crate::source::Frag;
use crate::varint::{self, put_str};

/// First eight bytes of a split index's entry.
pub const ENTRY_MAGIC: [u8; 8] = *b"ZHSPLIT\x01";
/// The entry's file name inside a split index directory.
pub const ENTRY_NAME: &str = "zhsearch.entry";
/// The entry's format version, which this build reads and writes (its own, apart from the
/// single file's [`crate::format::VERSION`]).
pub const ENTRY_VERSION: u32 = 8;

const META: u32 = 1;
const LAYOUT: u32 = 2;

/// A file of a split index: a pack part or a piece of the compact file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// File name (carries the content hash).
    pub name: String,
    /// Size in bytes.
    pub len: u64,
}

/// Where a run of consecutive items (documents or slots) starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// First item of the run (local to its segment).
    pub first: u32,
    /// Pack part.
    pub part: u32,
    /// Offset of the first item in the part.
    pub offset: u64,
}

/// The dictionary: hash slots of equal size, each listing the grams that hash to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dict {
    /// Number of slots (0 when every gram is frequent or there are none).
    pub slots: u32,
    /// Bytes per slot.
    pub slot_len: u32,
    /// Where runs of slots start.
    pub runs: Vec<Run>,
}

/// A segment: consecutive documents with their own lists, dictionary and records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// Number of its first document across segments.
    pub first: u32,
    /// Documents in it (live or deleted).
    pub docs_count: u32,
    /// Lists longer than this many bytes are in `frequent`, and only their grams are extended
    /// by one more character.
    pub frequent_len: u32,
    /// Documents per doc-table block.
    pub docs_block: u32,
    /// Doc-table blocks.
    pub docs: Vec<Frag>,
    /// Runs of document records.
    pub text: Vec<Run>,
    /// The dictionary.
    pub dict: Dict,
    /// Frequent grams and their lists, sorted by gram.
    pub frequent: Vec<(String, Frag)>,
}

/// A split index's entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// Hash of everything the entry names.
    pub build: u64,
    /// Index-wide numbers, over the live documents.
    pub meta: Meta,
    /// Pack parts.
    pub parts: Vec<Part>,
    /// Segments, in document order.
    pub segments: Vec<Segment>,
    /// Documents (numbered across segments) that are no longer live, ascending.
    pub deleted: Vec<u32>,
    /// Vocabulary shards.
    pub words: Vec<Frag>,
    /// Spelling dictionary shards ([`crate::spell`]): each one's first key (ascending) and
    /// fragment.
    pub spell: Vec<(Vec<u8>, Frag)>,
    /// The live articles as one single file (the offline form), in pieces of at most a part's
    /// size; empty without one.
    pub compact: Vec<Part>,
    /// The filterable fields and days of every document ([`crate::filter::Filters`],
    /// numbered across segments): one fragment, or none.
    pub filters: Vec<Frag>,
    /// The weighted runs of the documents that have them ([`crate::weight::Weights`],
    /// numbered across segments): one fragment, or none when no document is weighted.
    pub weights: Vec<Frag>,
}

fn put_frag(out: &mut Vec<u8>, f: &Frag) {
    varint::put(out, u64::from(f.part));
    varint::put(out, f.offset);
    varint::put(out, u64::from(f.len));
}

fn put_runs(out: &mut Vec<u8>, runs: &[Run]) {
    varint::put(out, runs.len() as u64);
    for r in runs {
        varint::put(out, u64::from(r.first));
        varint::put(out, u64::from(r.part));
        varint::put(out, r.offset);
    }
}

fn put_parts(out: &mut Vec<u8>, parts: &[Part]) {
    varint::put(out, parts.len() as u64);
    for p in parts {
        put_str(out, &p.name);
        varint::put(out, p.len);
    }
}

/// A bounds-checked reader over the LAYOUT section.
struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn bad(what: &str) -> Error {
        Error::corrupt(format!("entry: {what}"))
    }

    fn num(&mut self) -> Result<u64> {
        varint::get(self.b, &mut self.p).ok_or_else(|| Self::bad("truncated"))
    }

    fn u32(&mut self) -> Result<u32> {
        u32::try_from(self.num()?).map_err(|_| Self::bad("number out of range"))
    }

    /// A count of items that take at least `min_bytes` each (checked against what is left).
    fn count(&mut self, min_bytes: usize) -> Result<usize> {
        let n = self.num()?;
        if n > ((self.b.len() - self.p) / min_bytes.max(1)) as u64 {
            return Err(Self::bad("count exceeds the section"));
        }
        Ok(n as usize)
    }

    /// A varint length and that many bytes.
    fn bytes(&mut self) -> Result<Vec<u8>> {
        let n = self.count(1)?;
        let s = self.b[self.p..self.p + n].to_vec();
        self.p += n;
        Ok(s)
    }

    fn str(&mut self) -> Result<String> {
        String::from_utf8(self.bytes()?).map_err(|_| Self::bad("string is not UTF-8"))
    }

    /// A fragment; never empty (every fragment a build writes holds something).
    fn frag(&mut self) -> Result<Frag> {
        let f = Frag {
            part: self.u32()?,
            offset: self.num()?,
            len: self.u32()?,
        };
        if f.len == 0 {
            return Err(Self::bad("empty fragment"));
        }
        Ok(f)
    }

    /// A count, then that many items read by `item`, each at least `min_bytes` long.
    fn list<T>(
        &mut self,
        min_bytes: usize,
        mut item: impl FnMut(&mut Self) -> Result<T>,
    ) -> Result<Vec<T>> {
        let n = self.count(min_bytes)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(item(self)?);
        }
        Ok(v)
    }

    fn frags(&mut self) -> Result<Vec<Frag>> {
        self.list(3, Self::frag)
    }

    fn runs(&mut self) -> Result<Vec<Run>> {
        self.list(3, |r| {
            Ok(Run {
                first: r.u32()?,
                part: r.u32()?,
                offset: r.num()?,
            })
        })
    }

    fn parts(&mut self) -> Result<Vec<Part>> {
        self.list(2, |r| {
            Ok(Part {
                name: r.str()?,
                len: r.num()?,
            })
        })
    }

    fn segment(&mut self) -> Result<Segment> {
        let first = self.u32()?;
        let docs_count = self.u32()?;
        let frequent_len = self.u32()?;
        let docs_block = self.u32()?;
        let docs = self.frags()?;
        let text = self.runs()?;
        let dict = Dict {
            slots: self.u32()?,
            slot_len: self.u32()?,
            runs: self.runs()?,
        };
        let frequent = self.list(4, |r| Ok((r.str()?, r.frag()?)))?;
        Ok(Segment {
            first,
            docs_count,
            frequent_len,
            docs_block,
            docs,
            text,
            dict,
            frequent,
        })
    }
}

/// Whether `name` is a plain file name (no path, no hidden file).
fn file_name_ok(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(&c))
}

impl Entry {
    /// The entry file's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut l = Vec::new();
        l.extend_from_slice(&self.build.to_le_bytes());
        put_parts(&mut l, &self.parts);
        varint::put(&mut l, self.segments.len() as u64);
        for s in &self.segments {
            for v in [s.first, s.docs_count, s.frequent_len, s.docs_block] {
                varint::put(&mut l, u64::from(v));
            }
            varint::put(&mut l, s.docs.len() as u64);
            for f in &s.docs {
                put_frag(&mut l, f);
            }
            put_runs(&mut l, &s.text);
            varint::put(&mut l, u64::from(s.dict.slots));
            varint::put(&mut l, u64::from(s.dict.slot_len));
            put_runs(&mut l, &s.dict.runs);
            varint::put(&mut l, s.frequent.len() as u64);
            for (g, f) in &s.frequent {
                put_str(&mut l, g);
                put_frag(&mut l, f);
            }
        }
        varint::put(&mut l, self.deleted.len() as u64);
        let mut last = 0;
        for &d in &self.deleted {
            varint::put(&mut l, u64::from(d - last));
            last = d;
        }
        varint::put(&mut l, self.words.len() as u64);
        for f in &self.words {
            put_frag(&mut l, f);
        }
        varint::put(&mut l, self.spell.len() as u64);
        for (k, f) in &self.spell {
            varint::put_bytes(&mut l, k);
            put_frag(&mut l, f);
        }
        put_parts(&mut l, &self.compact);
        varint::put(&mut l, self.filters.len() as u64);
        for f in &self.filters {
            put_frag(&mut l, f);
        }
        varint::put(&mut l, self.weights.len() as u64);
        for f in &self.weights {
            put_frag(&mut l, f);
        }
        format::assemble(
            ENTRY_MAGIC,
            ENTRY_VERSION,
            &[(META, self.meta.encode()), (LAYOUT, l)],
        )
    }

    /// Reads and checks an entry file.
    pub fn decode(bytes: &[u8]) -> Result<Entry> {
        let sections = format::open_container(bytes, ENTRY_MAGIC, ENTRY_VERSION)?;
        let get = |kind: u32| {
            sections
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, r)| &bytes[r.clone()])
                .ok_or_else(|| Error::corrupt(format!("entry: missing section {kind}")))
        };
        let meta = Meta::decode(get(META)?).ok_or_else(|| Error::corrupt("entry: meta"))?;
        format::check_normalization(meta.normalization)?;
        let b = get(LAYOUT)?;
        let build = format::u64_at(b, 0).ok_or_else(|| Reader::bad("truncated"))?;
        let mut r = Reader { b, p: 8 };
        let parts = r.parts()?;
        let segments = r.list(8, Reader::segment)?;
        let n = r.count(1)?;
        let mut deleted = Vec::with_capacity(n);
        let mut at: u64 = 0;
        for i in 0..n {
            let d = r.num()?;
            if i > 0 && d == 0 {
                return Err(Reader::bad("deleted documents out of order"));
            }
            at = at
                .checked_add(d)
                .ok_or_else(|| Reader::bad("deleted document"))?;
            deleted.push(u32::try_from(at).map_err(|_| Reader::bad("deleted document"))?);
        }
        let words = r.frags()?;
        let spell = r.list(4, |r| Ok((r.bytes()?, r.frag()?)))?;
        let compact = r.parts()?;
        let filters = r.frags()?;
        let weights = r.frags()?;
        if r.p != b.len() {
            return Err(Reader::bad("trailing bytes"));
        }
        let e = Entry {
            build,
            meta,
            parts,
            segments,
            deleted,
            words,
            spell,
            compact,
            filters,
            weights,
        };
        e.check()?;
        Ok(e)
    }

    /// Documents across all segments, live or deleted.
    pub fn slots(&self) -> u32 {
        self.segments
            .last()
            .map_or(0, |s| s.first.saturating_add(s.docs_count))
    }

    /// The checksum of the compact single file (in its pieces' names, `index-<checksum>-<i>.zhs`).
    pub fn compact_checksum(&self) -> Option<u64> {
        let name = &self.compact.first()?.name;
        let hex = name.strip_prefix("index-")?.get(..16)?;
        u64::from_str_radix(hex, 16).ok()
    }

    /// The name of piece `i` of the compact file whose checksum is `sum`.
    pub fn compact_piece_name(sum: u64, i: usize) -> String {
        format!("index-{sum:016x}-{i}.zhs")
    }

    /// Whether `f` lies inside its part.
    pub fn holds(&self, f: &Frag) -> bool {
        self.parts
            .get(f.part as usize)
            .is_some_and(|p| f.end() <= p.len)
    }

    /// Every fragment inside its part, segments contiguous, runs ordered, counts consistent.
    fn check(&self) -> Result<()> {
        let bad = |what: &str| Err(Error::corrupt(format!("entry: {what}")));
        let at = |part: u32, offset: u64| {
            self.parts
                .get(part as usize)
                .is_some_and(|p| offset <= p.len)
        };
        if !self
            .parts
            .iter()
            .chain(&self.compact)
            .all(|p| file_name_ok(&p.name))
        {
            return bad("file name");
        }
        if let Some(sum) = self.compact_checksum() {
            let named = self
                .compact
                .iter()
                .enumerate()
                .all(|(i, p)| p.name == Self::compact_piece_name(sum, i) && p.len > 0);
            if !named {
                return bad("compact pieces");
            }
        } else if !self.compact.is_empty() {
            return bad("compact pieces");
        }
        if !self.words.iter().all(|f| self.holds(f))
            || !self.spell.iter().all(|(_, f)| self.holds(f))
            || !self.filters.iter().all(|f| self.holds(f))
            || self.filters.len() > 1
            || !self.weights.iter().all(|f| self.holds(f))
            || self.weights.len() > 1
        {
            return bad("fragment outside its part");
        }
        if !self.spell.windows(2).all(|w| w[0].0 < w[1].0) {
            return bad("spelling shards out of order");
        }
        let mut next = 0u32;
        for s in &self.segments {
            if s.first != next {
                return bad("segments do not follow each other");
            }
            next = match s.first.checked_add(s.docs_count) {
                Some(n) => n,
                None => return bad("document count"),
            };
            let blocks = s.docs_count.div_ceil(s.docs_block.max(1));
            if s.docs_block == 0 || s.docs.len() as u64 != u64::from(blocks) {
                return bad("doc table blocks");
            }
            if !s
                .docs
                .iter()
                .chain(s.frequent.iter().map(|(_, f)| f))
                .all(|f| self.holds(f))
            {
                return bad("fragment outside its part");
            }
            let runs_ok = |runs: &[Run], items: u32| {
                (runs.is_empty() && items == 0 || runs.first().is_some_and(|r| r.first == 0))
                    && runs.windows(2).all(|w| w[0].first < w[1].first)
                    && runs
                        .iter()
                        .all(|r| r.first < items.max(1) && at(r.part, r.offset))
            };
            if !runs_ok(&s.text, s.docs_count) {
                return bad("document runs");
            }
            if !runs_ok(&s.dict.runs, s.dict.slots) || (s.dict.slots > 0 && s.dict.slot_len == 0) {
                return bad("dictionary runs");
            }
            if s.frequent.windows(2).any(|w| w[0].0 >= w[1].0) {
                return bad("frequent grams out of order");
            }
            if s.frequent
                .iter()
                .any(|(g, _)| g.is_empty() || g.chars().count() > MAX_GRAM)
            {
                return bad("frequent gram length");
            }
        }
        if self.deleted.last().is_some_and(|&d| d >= next) {
            return bad("deleted document out of range");
        }
        if u64::from(next) - self.deleted.len() as u64 != u64::from(self.meta.doc_count) {
            return bad("live documents do not match the doc count");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::NORMALIZATION;

    fn frag(offset: u64, len: u32) -> Frag {
        Frag {
            part: 0,
            offset,
            len,
        }
    }

    /// A small, consistent entry: one segment of 3 documents, one of them deleted.
    fn entry() -> Entry {
        let run = Run {
            first: 0,
            part: 0,
            offset: 0,
        };
        Entry {
            build: 7,
            meta: Meta {
                doc_count: 2,
                normalization: NORMALIZATION,
                ..Meta::default()
            },
            parts: vec![Part {
                name: "pack-0123456789abcdef.zpk".into(),
                len: 1000,
            }],
            segments: vec![Segment {
                first: 0,
                docs_count: 3,
                frequent_len: 100,
                docs_block: 2,
                docs: vec![frag(0, 10), frag(10, 10)],
                text: vec![run],
                dict: Dict {
                    slots: 4,
                    slot_len: 64,
                    runs: vec![Run { offset: 100, ..run }],
                },
                frequent: vec![("乡".into(), frag(500, 200))],
            }],
            deleted: vec![1],
            words: vec![frag(800, 100)],
            spell: vec![(Vec::new(), frag(900, 50)), (b"m".to_vec(), frag(950, 50))],
            compact: vec![Part {
                name: Entry::compact_piece_name(0xfeed, 0),
                len: 5000,
            }],
            filters: vec![frag(900, 50)],
            weights: vec![frag(950, 20)],
        }
    }

    fn refused(e: &Entry) -> bool {
        Entry::decode(&e.encode()).is_err()
    }

    #[test]
    fn round_trips_and_refuses_what_does_not_add_up() {
        let e = entry();
        let bytes = e.encode();
        assert_eq!(Entry::decode(&bytes).unwrap(), e);
        assert_eq!(e.compact_checksum(), Some(0xfeed));
        // Cut short or flipped anywhere: refused (the container's checksum, then the checks).
        for n in 0..bytes.len() {
            assert!(Entry::decode(&bytes[..n]).is_err(), "cut at {n}");
        }
        let mut other = bytes.clone();
        other[8] = other[8].wrapping_add(1);
        assert!(matches!(
            Entry::decode(&other),
            Err(Error::UnsupportedVersion { .. })
        ));

        let mut bad = e.clone();
        bad.words = vec![frag(990, 20)];
        assert!(refused(&bad), "fragment past its part");
        bad.words = vec![Frag {
            part: 0,
            offset: u64::MAX,
            len: 10,
        }];
        assert!(refused(&bad), "offset that overflows");
        bad.words = vec![frag(10, 0)];
        assert!(refused(&bad), "empty fragment");
        let mut bad = e.clone();
        bad.words[0].part = 1;
        assert!(refused(&bad), "part that does not exist");
        let mut bad = e.clone();
        bad.segments[0].first = 1;
        assert!(refused(&bad), "segments with a gap");
        let mut bad = e.clone();
        bad.deleted = vec![3];
        assert!(refused(&bad), "deleted past the documents");
        let mut bad = e.clone();
        bad.meta.doc_count = 3;
        assert!(refused(&bad), "live count that does not add up");
        let mut bad = e.clone();
        bad.segments[0].docs.pop();
        assert!(refused(&bad), "doc-table blocks missing");
        let mut bad = e.clone();
        bad.parts[0].name = "../etc/passwd".into();
        assert!(refused(&bad), "a path for a file name");
        let mut bad = e.clone();
        bad.compact[0].name = "index-000000000000feed-1.zhs".into();
        assert!(refused(&bad), "compact pieces misnumbered");
        let mut bad = e.clone();
        bad.segments[0].frequent.push(("一".into(), frag(0, 1)));
        assert!(refused(&bad), "frequent grams out of order");
    }
}
