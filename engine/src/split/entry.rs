//! The entry: the one small file of a split index that changes between builds. It names the
//! immutable pack parts (by content hash) and says where every section's fragments are, so a
//! reader can fetch any fragment a query needs without another lookup.
//!
//! It shares the single file's container (header, section table, xxh3 checksum) under its own
//! magic number, with two sections: META (as in the single file) and LAYOUT:
//!
//! ```text
//! build      u64 LE: hash of everything the entry names (tells deploys apart)
//! parts      n, n × (name, length)                 pack parts, immutable, content-hashed names
//! docs       block size, n, n × frag                doc table: varint units per document
//! text       n, n × (first doc, part, offset)       runs of document records, UNIT-padded
//! dict       slots, slot length, n, n × (first slot, part, offset)   runs of dictionary slots
//! frequent   list length threshold, n, n × (gram, frag)   grams with the largest lists
//! words      n, n × frag                            vocabulary shards (FSTs) by first character
//! compact    0 | 1 (name, length)                   the same articles as one single file
//! frag       part, offset, length
//! ```
//!
//! Every number is a varint, every string a varint length and UTF-8. [`Entry::decode`]
//! checks that every fragment lies inside its part and that the runs are ordered, so later
//! reads index nothing out of bounds.

use crate::error::{Error, Result};
use crate::format::{self, Meta};
use crate::postings::positional::MAX_GRAM;
use crate::source::Frag;
use crate::varint;

/// First eight bytes of a split index's entry.
pub const ENTRY_MAGIC: [u8; 8] = *b"ZHSPLIT\x01";
/// The entry's file name inside a split index directory.
pub const ENTRY_NAME: &str = "zhsearch.entry";

const META: u32 = 1;
const LAYOUT: u32 = 2;

/// A pack part: one immutable file of a split index.
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
    /// First item of the run.
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

/// A split index's entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// Hash of everything the entry names.
    pub build: u64,
    /// Index-wide numbers.
    pub meta: Meta,
    /// Pack parts.
    pub parts: Vec<Part>,
    /// Documents per doc-table block.
    pub docs_block: u32,
    /// Doc-table blocks.
    pub docs: Vec<Frag>,
    /// Runs of document records.
    pub text: Vec<Run>,
    /// The dictionary.
    pub dict: Dict,
    /// Lists longer than this many bytes are listed in `frequent`, and only their grams are
    /// extended by one more character.
    pub frequent_len: u32,
    /// Frequent grams and their lists, sorted by gram.
    pub frequent: Vec<(String, Frag)>,
    /// Vocabulary shards.
    pub words: Vec<Frag>,
    /// The same articles as one single file (the offline form).
    pub compact: Option<Part>,
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    varint::put(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
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

    fn str(&mut self) -> Result<String> {
        let n = self.count(1)?;
        let s = &self.b[self.p..self.p + n];
        self.p += n;
        String::from_utf8(s.to_vec()).map_err(|_| Self::bad("string is not UTF-8"))
    }

    fn frag(&mut self) -> Result<Frag> {
        Ok(Frag {
            part: self.u32()?,
            offset: self.num()?,
            len: self.u32()?,
        })
    }

    fn runs(&mut self) -> Result<Vec<Run>> {
        let n = self.count(3)?;
        (0..n)
            .map(|_| {
                Ok(Run {
                    first: self.u32()?,
                    part: self.u32()?,
                    offset: self.num()?,
                })
            })
            .collect()
    }
}

impl Entry {
    /// The entry file's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut l = Vec::new();
        l.extend_from_slice(&self.build.to_le_bytes());
        varint::put(&mut l, self.parts.len() as u64);
        for p in &self.parts {
            put_str(&mut l, &p.name);
            varint::put(&mut l, p.len);
        }
        varint::put(&mut l, u64::from(self.docs_block));
        varint::put(&mut l, self.docs.len() as u64);
        for f in &self.docs {
            put_frag(&mut l, f);
        }
        put_runs(&mut l, &self.text);
        varint::put(&mut l, u64::from(self.dict.slots));
        varint::put(&mut l, u64::from(self.dict.slot_len));
        put_runs(&mut l, &self.dict.runs);
        varint::put(&mut l, u64::from(self.frequent_len));
        varint::put(&mut l, self.frequent.len() as u64);
        for (g, f) in &self.frequent {
            put_str(&mut l, g);
            put_frag(&mut l, f);
        }
        varint::put(&mut l, self.words.len() as u64);
        for f in &self.words {
            put_frag(&mut l, f);
        }
        match &self.compact {
            None => l.push(0),
            Some(p) => {
                l.push(1);
                put_str(&mut l, &p.name);
                varint::put(&mut l, p.len);
            }
        }
        format::assemble(ENTRY_MAGIC, &[(META, self.meta.encode()), (LAYOUT, l)])
    }

    /// Reads and checks an entry file.
    pub fn decode(bytes: &[u8]) -> Result<Entry> {
        let sections = format::open_container(bytes, ENTRY_MAGIC)?;
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
        let n = r.count(2)?;
        let mut parts = Vec::with_capacity(n);
        for _ in 0..n {
            parts.push(Part {
                name: r.str()?,
                len: r.num()?,
            });
        }
        let docs_block = r.u32()?;
        let n = r.count(3)?;
        let docs = (0..n).map(|_| r.frag()).collect::<Result<Vec<_>>>()?;
        let text = r.runs()?;
        let slots = r.u32()?;
        let slot_len = r.u32()?;
        let runs = r.runs()?;
        let frequent_len = r.u32()?;
        let n = r.count(4)?;
        let mut frequent = Vec::with_capacity(n);
        for _ in 0..n {
            frequent.push((r.str()?, r.frag()?));
        }
        let n = r.count(3)?;
        let words = (0..n).map(|_| r.frag()).collect::<Result<Vec<_>>>()?;
        let compact = match r.num()? {
            0 => None,
            1 => Some(Part {
                name: r.str()?,
                len: r.num()?,
            }),
            _ => return Err(Reader::bad("compact flag")),
        };
        if r.p != b.len() {
            return Err(Reader::bad("trailing bytes"));
        }
        let e = Entry {
            build,
            meta,
            parts,
            docs_block,
            docs,
            text,
            dict: Dict {
                slots,
                slot_len,
                runs,
            },
            frequent_len,
            frequent,
            words,
            compact,
        };
        e.check()?;
        Ok(e)
    }

    /// Every fragment inside its part, runs ordered, counts consistent.
    fn check(&self) -> Result<()> {
        let bad = |what: &str| Err(Error::corrupt(format!("entry: {what}")));
        let in_part = |part: u32, offset: u64, len: u64| {
            self.parts
                .get(part as usize)
                .is_some_and(|p| offset.checked_add(len).is_some_and(|e| e <= p.len))
        };
        for p in &self.parts {
            if p.name.is_empty()
                || !p
                    .name
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(&c))
                || p.name.starts_with('.')
            {
                return bad("part name");
            }
        }
        let frags = self
            .docs
            .iter()
            .chain(self.frequent.iter().map(|(_, f)| f))
            .chain(&self.words);
        for f in frags {
            if !in_part(f.part, f.offset, u64::from(f.len)) {
                return bad("fragment outside its part");
            }
        }
        let n = self.meta.doc_count;
        let blocks = if n == 0 {
            0
        } else {
            n.div_ceil(self.docs_block.max(1))
        };
        if self.docs_block == 0 || self.docs.len() as u64 != u64::from(blocks) {
            return bad("doc table blocks");
        }
        let runs_ok = |runs: &[Run], items: u32| {
            (runs.is_empty() && items == 0 || runs.first().is_some_and(|r| r.first == 0))
                && runs.windows(2).all(|w| w[0].first < w[1].first)
                && runs
                    .iter()
                    .all(|r| r.first < items.max(1) && in_part(r.part, r.offset, 0))
        };
        if !runs_ok(&self.text, n) {
            return bad("document runs");
        }
        if !runs_ok(&self.dict.runs, self.dict.slots)
            || (self.dict.slots > 0 && self.dict.slot_len == 0)
        {
            return bad("dictionary runs");
        }
        for w in self.frequent.windows(2) {
            if w[0].0 >= w[1].0 {
                return bad("frequent grams out of order");
            }
        }
        if self
            .frequent
            .iter()
            .any(|(g, _)| g.is_empty() || g.chars().count() > MAX_GRAM)
        {
            return bad("frequent gram length");
        }
        Ok(())
    }
}
