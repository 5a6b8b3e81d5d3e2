//! The index file: one self-describing binary, read in place from a borrowed `&[u8]`.
//!
//! ```text
//! header (32 bytes, little endian)
//!   magic "ZHSRCH\0\x01" | version u32 | section count u32 | total length u64 | xxh3-64 of bytes[32..]
//! section table: count × (kind u32, offset u64, length u64)
//! sections (any order, each at most once):
//!   META      doc count u32, total title chars u64, total body chars u64, word-postings min df u32
//!   CHARS     FST: every key character -> offset of its doc-level postings
//!   WORDS     FST: vocabulary word -> frequency (low 24 bits) | (word postings offset + 1) << 24
//!   POSTINGS  char postings: varint df, kind byte (0 = delta varints, 1 = bitmap), payload
//!             word postings: varint df, df × (varint doc delta, varint tf)
//!   DOCS      fixed 36-byte records, see `DocRecord`
//!   STRINGS   per doc: id, url, date, tags (varint length + UTF-8 each)
//!   TEXT      search keys of titles and bodies, UTF-8, concatenated
//!   EDITS     per field: varint count, count × (varint position delta, varint char << 1 | replace)
//! ```
//!
//! [`Index::open`] checks magic, version, length, checksum and every section bound before
//! anything else reads the data, so a truncated, corrupted or foreign file gives a typed
//! [`Error`], and no length read from the file is ever used to allocate.

use crate::error::{Error, Result};
use crate::normalize::Edit;
use crate::varint;
use std::ops::Range;

/// First eight bytes of every index file.
pub const MAGIC: [u8; 8] = *b"ZHSRCH\x00\x01";
/// The format version this build reads and writes.
pub const VERSION: u32 = 1;
const HEADER_LEN: usize = 32;
const SECTION_ENTRY_LEN: usize = 20;
/// Size of one record in the DOCS section.
pub(crate) const DOC_RECORD_LEN: usize = 36;

/// Kinds of sections in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum Section {
    Meta = 1,
    Chars = 2,
    Words = 3,
    Postings = 4,
    Docs = 5,
    Strings = 6,
    Text = 7,
    Edits = 8,
}

const ALL_SECTIONS: [Section; 8] = [
    Section::Meta,
    Section::Chars,
    Section::Words,
    Section::Postings,
    Section::Docs,
    Section::Strings,
    Section::Text,
    Section::Edits,
];

impl Section {
    /// Human name, as `zhsearch stats` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Section::Meta => "meta",
            Section::Chars => "chars-fst",
            Section::Words => "words-fst",
            Section::Postings => "postings",
            Section::Docs => "docs",
            Section::Strings => "strings",
            Section::Text => "text",
            Section::Edits => "edits",
        }
    }
}

/// Builds the file bytes from encoded sections (header, table, checksum).
pub(crate) fn assemble(sections: &[(Section, Vec<u8>)]) -> Vec<u8> {
    let table_len = sections.len() * SECTION_ENTRY_LEN;
    let total: usize =
        HEADER_LEN + table_len + sections.iter().map(|(_, b)| b.len()).sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    out.extend_from_slice(&(total as u64).to_le_bytes());
    out.extend_from_slice(&[0u8; 8]); // checksum, filled below
    let mut offset = HEADER_LEN + table_len;
    for (kind, bytes) in sections {
        out.extend_from_slice(&(*kind as u32).to_le_bytes());
        out.extend_from_slice(&(offset as u64).to_le_bytes());
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        offset += bytes.len();
    }
    for (_, bytes) in sections {
        out.extend_from_slice(bytes);
    }
    let sum = xxhash_rust::xxh3::xxh3_64(&out[HEADER_LEN..]);
    out[24..32].copy_from_slice(&sum.to_le_bytes());
    out
}

/// Appends a doc's edits in the EDITS encoding.
pub(crate) fn put_edits(out: &mut Vec<u8>, edits: &[Edit]) {
    varint::put(out, edits.len() as u64);
    let mut last = 0u32;
    for e in edits {
        let (at, ch, replace) = match *e {
            Edit::Insert { at, ch } => (at, ch, 0),
            Edit::Replace { at, ch } => (at, ch, 1),
        };
        varint::put(out, u64::from(at - last));
        varint::put(out, (u64::from(ch as u32) << 1) | replace);
        last = at;
    }
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Index-wide numbers from the META section.
#[derive(Debug, Clone, Copy, Default)]
pub struct Meta {
    /// Number of articles.
    pub doc_count: u32,
    /// Sum of title lengths (key characters).
    pub title_chars: u64,
    /// Sum of body lengths (key characters).
    pub body_chars: u64,
    /// Sum of all vocabulary frequencies (for segmentation probabilities).
    pub word_total: u64,
}

impl Meta {
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(24);
        b.extend_from_slice(&self.doc_count.to_le_bytes());
        b.extend_from_slice(&self.title_chars.to_le_bytes());
        b.extend_from_slice(&self.body_chars.to_le_bytes());
        b.extend_from_slice(&self.word_total.to_le_bytes());
        b
    }

    fn decode(b: &[u8]) -> Option<Meta> {
        Some(Meta {
            doc_count: u32_at(b, 0)?,
            title_chars: u64_at(b, 4)?,
            body_chars: u64_at(b, 12)?,
            word_total: u64_at(b, 20)?,
        })
    }
}

/// One DOCS record: where a document's parts live in the other sections.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct DocRecord {
    pub strings: u32,
    pub title: (u32, u32),
    pub title_chars: u32,
    pub body: (u32, u32),
    pub body_chars: u32,
    pub title_edits: u32,
    pub body_edits: u32,
}

impl DocRecord {
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        for v in [
            self.strings,
            self.title.0,
            self.title.1,
            self.title_chars,
            self.body.0,
            self.body.1,
            self.body_chars,
            self.title_edits,
            self.body_edits,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    fn decode(b: &[u8]) -> Option<DocRecord> {
        let f = |i: usize| u32_at(b, i * 4);
        Some(DocRecord {
            strings: f(0)?,
            title: (f(1)?, f(2)?),
            title_chars: f(3)?,
            body: (f(4)?, f(5)?),
            body_chars: f(6)?,
            title_edits: f(7)?,
            body_edits: f(8)?,
        })
    }
}

/// A document's stored fields, borrowed from the index.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// Position of the document in the index.
    pub index: u32,
    /// Search key of the title (UTF-8 unless the file is corrupted: see [`Doc::title_str`]).
    pub title_key: &'a [u8],
    /// Search key of the body (UTF-8 unless the file is corrupted: see [`Doc::body_str`]).
    pub body_key: &'a [u8],
    /// Title length in key characters.
    pub title_chars: u32,
    /// Body length in key characters.
    pub body_chars: u32,
    pub(crate) strings: &'a [u8],
    pub(crate) title_edits: &'a [u8],
    pub(crate) body_edits: &'a [u8],
}

/// Stored metadata of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocMeta {
    pub id: String,
    pub url: String,
    pub date: String,
    pub tags: Vec<String>,
}

fn get_str<'a>(b: &'a [u8], pos: &mut usize) -> Result<&'a str> {
    let len = varint::get(b, pos).ok_or_else(|| Error::corrupt("string length"))?;
    let end = usize::try_from(len)
        .ok()
        .and_then(|l| pos.checked_add(l))
        .ok_or_else(|| Error::corrupt("string length"))?;
    let s = b
        .get(*pos..end)
        .ok_or_else(|| Error::corrupt("string out of bounds"))?;
    *pos = end;
    std::str::from_utf8(s).map_err(|_| Error::corrupt("string is not UTF-8"))
}

fn utf8(b: &[u8]) -> Result<&str> {
    std::str::from_utf8(b).map_err(|_| Error::corrupt("stored text is not UTF-8"))
}

impl<'a> Doc<'a> {
    /// The title key as text (validated here, not on every scan).
    pub fn title_str(&self) -> Result<&'a str> {
        utf8(self.title_key)
    }

    /// The body key as text (validated here, not on every scan).
    pub fn body_str(&self) -> Result<&'a str> {
        utf8(self.body_key)
    }

    /// Stored id, url, date and tags.
    pub fn meta(&self) -> Result<DocMeta> {
        let mut p = 0;
        let b = self.strings;
        let id = get_str(b, &mut p)?.to_owned();
        let url = get_str(b, &mut p)?.to_owned();
        let date = get_str(b, &mut p)?.to_owned();
        let tags = get_str(b, &mut p)?;
        let tags = if tags.is_empty() {
            Vec::new()
        } else {
            tags.split('\u{1F}').map(str::to_owned).collect()
        };
        Ok(DocMeta {
            id,
            url,
            date,
            tags,
        })
    }

    /// Display edits of the title.
    pub fn title_edits(&self) -> Result<Vec<Edit>> {
        decode_edits(self.title_edits, self.title_chars)
    }

    /// Display edits of the body.
    pub fn body_edits(&self) -> Result<Vec<Edit>> {
        decode_edits(self.body_edits, self.body_chars)
    }
}

/// Decodes an EDITS stream; positions must stay within `key_chars`.
fn decode_edits(b: &[u8], key_chars: u32) -> Result<Vec<Edit>> {
    let bad = || Error::corrupt("display edits");
    let mut p = 0;
    let n = varint::get(b, &mut p).ok_or_else(bad)?;
    // Each edit takes at least two bytes: the count cannot exceed what is there.
    if n > (b.len() as u64) / 2 {
        return Err(bad());
    }
    let mut out = Vec::with_capacity(n as usize);
    let mut at: u64 = 0;
    for _ in 0..n {
        at += varint::get(b, &mut p).ok_or_else(bad)?;
        let v = varint::get(b, &mut p).ok_or_else(bad)?;
        let ch = u32::try_from(v >> 1)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(bad)?;
        if at > u64::from(key_chars) {
            return Err(bad());
        }
        let at = at as u32;
        out.push(if v & 1 == 1 {
            Edit::Replace { at, ch }
        } else {
            Edit::Insert { at, ch }
        });
    }
    Ok(out)
}

/// A read-only index over bytes it borrows or owns (`&[u8]`, `Vec<u8>`, `&'static [u8]`).
pub struct Index<D> {
    data: D,
    meta: Meta,
    sections: [Range<usize>; 8],
}

impl<D: AsRef<[u8]>> std::fmt::Debug for Index<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("bytes", &self.data.as_ref().len())
            .field("meta", &self.meta)
            .finish()
    }
}

/// Sizes reported by `zhsearch stats`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Stats {
    pub articles: u32,
    pub chars: usize,
    pub pairs: usize,
    pub words: usize,
    pub total_bytes: usize,
    pub sections: Vec<(String, usize)>,
}

impl<D: AsRef<[u8]>> Index<D> {
    /// Validates the header, checksum and section table, and wraps the bytes.
    pub fn open(data: D) -> Result<Self> {
        let b = data.as_ref();
        if b.len() < MAGIC.len() || b[..MAGIC.len()] != MAGIC {
            if b.len() < MAGIC.len() && MAGIC.starts_with(b) {
                return Err(Error::Truncated(format!("{} bytes", b.len())));
            }
            return Err(Error::BadMagic);
        }
        if b.len() < HEADER_LEN {
            return Err(Error::Truncated(format!(
                "{} bytes, header needs {HEADER_LEN}",
                b.len()
            )));
        }
        let version = u32_at(b, 8).unwrap_or(0);
        if version != VERSION {
            return Err(Error::UnsupportedVersion {
                found: version,
                supported: VERSION,
            });
        }
        let count = u32_at(b, 12).unwrap_or(0) as usize;
        let total = u64_at(b, 16).unwrap_or(0);
        if total != b.len() as u64 {
            return Err(if total > b.len() as u64 {
                Error::Truncated(format!("{} of {total} bytes", b.len()))
            } else {
                Error::corrupt(format!(
                    "{} bytes where the header declares {total}",
                    b.len()
                ))
            });
        }
        let sum = u64_at(b, 24).unwrap_or(0);
        if xxhash_rust::xxh3::xxh3_64(&b[HEADER_LEN..]) != sum {
            return Err(Error::ChecksumMismatch);
        }
        if count > ALL_SECTIONS.len() * 4 || HEADER_LEN + count * SECTION_ENTRY_LEN > b.len() {
            return Err(Error::corrupt("section table"));
        }
        let mut sections: [Option<Range<usize>>; 8] = Default::default();
        for i in 0..count {
            let e = HEADER_LEN + i * SECTION_ENTRY_LEN;
            let kind = u32_at(b, e).unwrap_or(0);
            let off = u64_at(b, e + 4).unwrap_or(u64::MAX);
            let len = u64_at(b, e + 12).unwrap_or(u64::MAX);
            let end = off.checked_add(len).filter(|&end| end <= b.len() as u64);
            let Some(end) = end else {
                return Err(Error::corrupt(format!("section {kind} out of bounds")));
            };
            let Some(slot) = ALL_SECTIONS.iter().position(|s| *s as u32 == kind) else {
                continue; // unknown sections are skipped (forward compatible within a version)
            };
            if sections[slot].is_some() {
                return Err(Error::corrupt(format!("section {kind} appears twice")));
            }
            sections[slot] = Some(off as usize..end as usize);
        }
        let mut ranges: [Range<usize>; 8] = Default::default();
        for (i, s) in sections.into_iter().enumerate() {
            ranges[i] = s.ok_or_else(|| {
                Error::corrupt(format!("missing section {}", ALL_SECTIONS[i].name()))
            })?;
        }
        let meta = Meta::decode(&b[ranges[0].clone()]).ok_or_else(|| Error::corrupt("meta"))?;
        let docs_len = ranges[Section::Docs as usize - 1].len();
        if docs_len != meta.doc_count as usize * DOC_RECORD_LEN {
            return Err(Error::corrupt(
                "doc table length does not match the doc count",
            ));
        }
        let index = Index {
            data,
            meta,
            sections: ranges,
        };
        for (name, bytes) in [
            ("chars", index.section(Section::Chars)),
            ("words", index.section(Section::Words)),
        ] {
            // The FST's own checksum too: fst trusts its node encoding when it walks it.
            fst::raw::Fst::new(bytes)
                .and_then(|f| f.verify())
                .map_err(|e| Error::corrupt(format!("{name} fst: {e}")))?;
        }
        Ok(index)
    }

    /// The underlying bytes.
    pub fn bytes(&self) -> &[u8] {
        self.data.as_ref()
    }

    /// Index-wide numbers.
    pub fn meta(&self) -> Meta {
        self.meta
    }

    /// Number of articles.
    pub fn doc_count(&self) -> u32 {
        self.meta.doc_count
    }

    pub(crate) fn section(&self, s: Section) -> &[u8] {
        &self.data.as_ref()[self.sections[s as usize - 1].clone()]
    }

    /// Character and pair dictionary: key -> postings offset.
    pub(crate) fn chars(&self) -> Result<fst::Map<&[u8]>> {
        fst::Map::new(self.section(Section::Chars)).map_err(|e| Error::corrupt(e.to_string()))
    }

    /// Word dictionary: word -> frequency.
    pub fn words(&self) -> Result<fst::Map<&[u8]>> {
        fst::Map::new(self.section(Section::Words)).map_err(|e| Error::corrupt(e.to_string()))
    }

    /// Postings bytes starting at `offset`.
    pub(crate) fn postings_at(&self, offset: u64) -> Result<&[u8]> {
        let p = self.section(Section::Postings);
        usize::try_from(offset)
            .ok()
            .and_then(|o| p.get(o..))
            .ok_or_else(|| Error::corrupt("postings offset"))
    }

    /// Document `i` (its keys checked to be in bounds and UTF-8).
    pub fn doc(&self, i: u32) -> Result<Doc<'_>> {
        let docs = self.section(Section::Docs);
        let at = (i as usize).saturating_mul(DOC_RECORD_LEN);
        let rec = docs
            .get(at..at.saturating_add(DOC_RECORD_LEN))
            .and_then(DocRecord::decode)
            .ok_or_else(|| Error::corrupt(format!("doc {i} out of range")))?;
        let text = self.section(Section::Text);
        let key = |(off, len): (u32, u32)| -> Result<&[u8]> {
            let (off, len) = (off as usize, len as usize);
            off.checked_add(len)
                .and_then(|end| text.get(off..end))
                .ok_or_else(|| Error::corrupt(format!("doc {i} text out of bounds")))
        };
        let tail = |sec: Section, off: u32| -> Result<&[u8]> {
            self.section(sec)
                .get(off as usize..)
                .ok_or_else(|| Error::corrupt(format!("doc {i} {} offset", sec.name())))
        };
        Ok(Doc {
            index: i,
            title_key: key(rec.title)?,
            body_key: key(rec.body)?,
            title_chars: rec.title_chars,
            body_chars: rec.body_chars,
            strings: tail(Section::Strings, rec.strings)?,
            title_edits: tail(Section::Edits, rec.title_edits)?,
            body_edits: tail(Section::Edits, rec.body_edits)?,
        })
    }

    /// Counts and sizes, for `zhsearch stats`.
    pub fn stats(&self) -> Result<Stats> {
        let grams = self.chars()?;
        let pairs = {
            use fst::Streamer;
            let mut s = grams.stream();
            let mut n = 0;
            while let Some((k, _)) = s.next() {
                n += usize::from(std::str::from_utf8(k).map_or(0, |k| k.chars().count()) == 2);
            }
            n
        };
        Ok(Stats {
            articles: self.meta.doc_count,
            chars: grams.len() - pairs,
            pairs,
            words: self.words()?.len(),
            total_bytes: self.data.as_ref().len(),
            sections: ALL_SECTIONS
                .iter()
                .map(|s| (s.name().to_owned(), self.section(*s).len()))
                .collect(),
        })
    }
}
