//! The single-file index: one self-describing binary, read in place from a borrowed `&[u8]`.
//!
//! ```text
//! header (32 bytes, little endian)
//!   magic "ZHSRCH\0\x01" | version u32 | section count u32 | total length u64 | xxh3-64 of bytes[32..]
//! section table: count × (kind u32, offset u64, length u64)
//! sections (any order, each at most once):
//!   META      see `Meta`: counts, totals, the normalization that built the keys
//!   CHARS     FST: every key character (and pairs worth it) -> offset of its doc-level postings
//!   WORDS     FST: vocabulary word -> frequency (low 24 bits)
//!   POSTINGS  doc-level postings: varint df, kind byte (0 = delta varints, 1 = bitmap), payload
//!   DOCS      fixed 44-byte records, see `DocRecord`
//!   STRINGS   per doc: id, url, date, tags, page, metadata (varint length + UTF-8 each)
//!   TEXT      search keys of titles and bodies, UTF-8, concatenated
//!   EDITS     per field: varint count, count × (varint position delta, varint char << 1 | replace)
//!   SPELL     FST: the spelling dictionary (pinyin of the vocabulary, Latin words), see `spell`
//!   FILTERS   filterable fields' values with their documents, and each document's day (`filter`)
//!   WEIGHTS   the weighted runs of the documents that have them (`weight`)
//! ```
//!
//! The single file answers queries by scanning the stored text of candidates (see
//! [`crate::search`]); the split layout ([`crate::split`]) stores the same articles as
//! positional postings and per-document records instead, and gives the same results.
//!
//! [`Index::open`] checks magic, version, length, checksum, normalization and every section
//! bound before anything else reads the data, so a truncated, corrupted or foreign file gives a
//! typed [`Error`], and no length read from the file is ever used to allocate.

mod docs;
pub(crate) mod edits;
mod meta;

#[cfg(feature = "indexer")]
pub(crate) use docs::encode_record;
pub use docs::{Doc, DocMeta, StoredDoc};
pub(crate) use docs::{DocRecord, DOC_RECORD_LEN};
pub use meta::Meta;

use crate::error::{Error, Result};
use crate::normalize::NORMALIZATION;
use std::ops::Range;

/// First eight bytes of every single-file index.
pub const MAGIC: [u8; 8] = *b"ZHSRCH\x00\x01";
/// The single file's format version, which this build reads and writes. (The split entry and
/// the build manifest share the container and carry versions of their own.)
pub const VERSION: u32 = 6;
const HEADER_LEN: usize = 32;
const SECTION_ENTRY_LEN: usize = 20;

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
    Spell = 9,
    Filters = 10,
    Weights = 11,
}

/// Number of section kinds.
const SECTIONS: usize = 11;

const ALL_SECTIONS: [Section; SECTIONS] = [
    Section::Meta,
    Section::Chars,
    Section::Words,
    Section::Postings,
    Section::Docs,
    Section::Strings,
    Section::Text,
    Section::Edits,
    Section::Spell,
    Section::Filters,
    Section::Weights,
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
            Section::Spell => "spell-fst",
            Section::Filters => "filters",
            Section::Weights => "weights",
        }
    }
}

/// Builds file bytes from encoded sections (header, table, checksum). `magic` tells the single
/// file from the split layout's entry and the build manifest, which share this container;
/// `version` is the version of that kind of file.
pub(crate) fn assemble(magic: [u8; 8], version: u32, sections: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let chunked: Vec<(u32, Vec<&[u8]>)> = sections
        .iter()
        .map(|(k, b)| (*k, vec![b.as_slice()]))
        .collect();
    let mut out = std::io::Cursor::new(Vec::new());
    // Writing to memory cannot fail.
    let _ = assemble_into(&mut out, magic, version, &chunked);
    out.into_inner()
}

/// Writes a container whose sections come in chunks (so large sections need not be copied
/// together first) and returns its checksum. Nothing is buffered: the header, written last,
/// gets the checksum of everything after it.
pub(crate) fn assemble_into<W: std::io::Write + std::io::Seek>(
    w: &mut W,
    magic: [u8; 8],
    version: u32,
    sections: &[(u32, Vec<&[u8]>)],
) -> std::io::Result<u64> {
    use std::io::SeekFrom;
    let len = |chunks: &[&[u8]]| chunks.iter().map(|c| c.len() as u64).sum::<u64>();
    let table_len = (sections.len() * SECTION_ENTRY_LEN) as u64;
    let total = HEADER_LEN as u64 + table_len + sections.iter().map(|(_, c)| len(c)).sum::<u64>();
    let start = w.stream_position()?;
    w.write_all(&[0u8; HEADER_LEN])?;
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut table = Vec::with_capacity(table_len as usize);
    let mut offset = HEADER_LEN as u64 + table_len;
    for (kind, chunks) in sections {
        table.extend_from_slice(&kind.to_le_bytes());
        table.extend_from_slice(&offset.to_le_bytes());
        table.extend_from_slice(&len(chunks).to_le_bytes());
        offset += len(chunks);
    }
    hash.update(&table);
    w.write_all(&table)?;
    for (_, chunks) in sections {
        for c in chunks {
            hash.update(c);
            w.write_all(c)?;
        }
    }
    let sum = hash.digest();
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(&magic);
    header.extend_from_slice(&version.to_le_bytes());
    header.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    header.extend_from_slice(&total.to_le_bytes());
    header.extend_from_slice(&sum.to_le_bytes());
    w.seek(SeekFrom::Start(start))?;
    w.write_all(&header)?;
    w.seek(SeekFrom::Start(start + total))?;
    Ok(sum)
}

/// Checks a container's header (its `magic` and the `supported` version) and checksum and
/// returns its sections as `(kind, range)`. Unknown kinds are returned too; callers skip them.
/// Reads an index file (or a split index's entry) from disk: a regular file only, and no
/// further than the length its header declares (plus one byte, so that a longer file is still
/// reported as such), so `/dev/zero` or a FIFO is an error, not unbounded memory.
#[cfg(not(target_family = "wasm"))]
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.display().to_string(),
        error: source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        return Err(Error::Io {
            path: path.display().to_string(),
            error: std::io::Error::other("not a regular file (a device, FIFO or directory)"),
        });
    }
    let mut head = Vec::with_capacity(HEADER_LEN);
    file.take(HEADER_LEN as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    let declared = u64_at(&head, 16).unwrap_or(0);
    let file = std::fs::File::open(path).map_err(io)?;
    let limit = declared.max(HEADER_LEN as u64).saturating_add(1);
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

pub(crate) fn open_container(
    b: &[u8],
    magic: [u8; 8],
    supported: u32,
) -> Result<Vec<(u32, Range<usize>)>> {
    if b.len() < magic.len() || b[..magic.len()] != magic {
        if b.is_empty() {
            return Err(Error::Truncated("the file is empty".into()));
        }
        if b.len() < magic.len() && magic.starts_with(b) {
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
    if version != supported {
        return Err(Error::UnsupportedVersion {
            found: version,
            supported,
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
    if count > 64 || HEADER_LEN + count * SECTION_ENTRY_LEN > b.len() {
        return Err(Error::corrupt("section table"));
    }
    let mut out: Vec<(u32, Range<usize>)> = Vec::with_capacity(count);
    for i in 0..count {
        let e = HEADER_LEN + i * SECTION_ENTRY_LEN;
        let kind = u32_at(b, e).unwrap_or(0);
        let off = u64_at(b, e + 4).unwrap_or(u64::MAX);
        let len = u64_at(b, e + 12).unwrap_or(u64::MAX);
        let end = off.checked_add(len).filter(|&end| end <= b.len() as u64);
        let Some(end) = end else {
            return Err(Error::corrupt(format!("section {kind} out of bounds")));
        };
        if out.iter().any(|(k, _)| *k == kind) {
            return Err(Error::corrupt(format!("section {kind} appears twice")));
        }
        out.push((kind, off as usize..end as usize));
    }
    Ok(out)
}

pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

pub(crate) fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// CRC-32C (Castagnoli) table, built at compile time: 1 KiB where fst's own verification
/// carries 16 KiB of tables that every visitor would download.
const CRC32C: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 == 1 {
                (c >> 1) ^ 0x82F6_3B78
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// Opens an FST and checks its own checksum (fst's `verify`, with a smaller table): fst trusts
/// its node encoding when it walks it.
pub(crate) fn verify_fst(bytes: &[u8]) -> std::result::Result<(), String> {
    fst::raw::Fst::new(bytes).map_err(|e| e.to_string())?;
    let n = bytes.len();
    let stored = u32_at(bytes, n - 4).ok_or("truncated")?;
    let mut crc = !0u32;
    for &b in &bytes[..n - 4] {
        crc = CRC32C[((crc as u8) ^ b) as usize] ^ (crc >> 8);
    }
    let crc = !crc;
    // fst stores the checksum "masked", as the Snappy frame format does.
    let masked = (crc.wrapping_shr(15) | crc.wrapping_shl(17)).wrapping_add(0xA282_EAD8);
    if masked != stored {
        return Err("checksum mismatch".into());
    }
    Ok(())
}

/// Refuses keys built by another normalization: queries would silently stop matching.
pub(crate) fn check_normalization(found: u32) -> Result<()> {
    if found != NORMALIZATION {
        return Err(Error::Normalization {
            found,
            supported: NORMALIZATION,
        });
    }
    Ok(())
}

/// A read-only single-file index over bytes it borrows or owns (`&[u8]`, `Vec<u8>`,
/// `&'static [u8]`).
///
/// ```
/// use zhsearch_engine::build::{build_index, BuildOptions};
/// use zhsearch_engine::{Article, Index, SearchOptions};
///
/// let articles = vec![Article {
///     id: "1".into(),
///     title: "乡村振兴简报".into(),
///     body: "会议强调乡村\n振兴，推动产业发展。".into(),
///     ..Article::default()
/// }];
/// let bytes = build_index(&articles, &BuildOptions::default())?;
/// let index = Index::open(bytes.as_slice())?;
/// let results = index.search("村振", &SearchOptions::default())?;
/// assert_eq!(results.total, 1);
/// assert_eq!(results.hits[0].title, "乡村振兴简报");
/// # Ok::<(), zhsearch_engine::Error>(())
/// ```
pub struct Index<D> {
    data: D,
    meta: Meta,
    sections: [Range<usize>; SECTIONS],
    /// WEIGHTS, decoded once (when the index is opened: it is checked then).
    weights: std::sync::Arc<crate::weight::Weights>,
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

/// The sections of a checked single file: `(meta, ranges)`.
fn parse(b: &[u8]) -> Result<(Meta, [Range<usize>; SECTIONS], crate::weight::Weights)> {
    let found = open_container(b, MAGIC, VERSION)?;
    let mut sections: [Option<Range<usize>>; SECTIONS] = Default::default();
    for (kind, range) in found {
        // Unknown sections are skipped (forward compatible within a version).
        if let Some(slot) = ALL_SECTIONS.iter().position(|s| *s as u32 == kind) {
            sections[slot] = Some(range);
        }
    }
    let mut ranges: [Range<usize>; SECTIONS] = Default::default();
    for (i, s) in sections.into_iter().enumerate() {
        ranges[i] =
            s.ok_or_else(|| Error::corrupt(format!("missing section {}", ALL_SECTIONS[i].name())))?;
    }
    let meta = Meta::decode(&b[ranges[0].clone()]).ok_or_else(|| Error::corrupt("meta"))?;
    check_normalization(meta.normalization)?;
    let docs_len = ranges[Section::Docs as usize - 1].len();
    if docs_len != meta.doc_count as usize * DOC_RECORD_LEN {
        return Err(Error::corrupt(
            "doc table length does not match the doc count",
        ));
    }
    let none = std::sync::Arc::default();
    let view = IndexRef {
        bytes: b,
        meta,
        sections: &ranges,
        weights: &none,
    };
    for (name, bytes) in [
        ("chars", view.section(Section::Chars)),
        ("words", view.section(Section::Words)),
        ("spell", view.section(Section::Spell)),
    ] {
        verify_fst(bytes).map_err(|e| Error::corrupt(format!("{name} fst: {e}")))?;
    }
    view.filters()?;
    let weights = view.decode_weights()?;
    Ok((meta, ranges, weights))
}

impl<D: AsRef<[u8]>> Index<D> {
    /// Validates the header, checksum, normalization and section table, and wraps the bytes.
    pub fn open(data: D) -> Result<Self> {
        let (meta, sections, weights) = parse(data.as_ref())?;
        Ok(Index {
            data,
            meta,
            sections,
            weights: std::sync::Arc::new(weights),
        })
    }

    /// The index as a borrowed view (what every read goes through: compiled once, whatever
    /// holds the bytes).
    pub fn view(&self) -> IndexRef<'_> {
        IndexRef {
            bytes: self.data.as_ref(),
            meta: self.meta,
            sections: &self.sections,
            weights: &self.weights,
        }
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

    /// Word dictionary: word -> frequency.
    pub fn words(&self) -> Result<fst::Map<&[u8]>> {
        self.view().words()
    }

    /// Document `i` (its keys checked to be in bounds).
    pub fn doc(&self, i: u32) -> Result<Doc<'_>> {
        self.view().doc(i)
    }

    /// Counts and sizes, for `zhsearch stats`.
    pub fn stats(&self) -> Result<Stats> {
        self.view().stats()
    }
}

/// A single-file index borrowed: the non-generic core under [`Index`].
#[derive(Debug, Clone, Copy)]
pub struct IndexRef<'a> {
    bytes: &'a [u8],
    meta: Meta,
    sections: &'a [Range<usize>; SECTIONS],
    weights: &'a std::sync::Arc<crate::weight::Weights>,
}

impl<'a> IndexRef<'a> {
    /// Index-wide numbers.
    pub fn meta(&self) -> Meta {
        self.meta
    }

    /// Number of articles.
    pub fn doc_count(&self) -> u32 {
        self.meta.doc_count
    }

    pub(crate) fn section(&self, s: Section) -> &'a [u8] {
        &self.bytes[self.sections[s as usize - 1].clone()]
    }

    /// The filterable fields and days of the documents ([`crate::filter`]).
    pub fn filters(&self) -> Result<crate::filter::Filters> {
        crate::filter::Filters::decode(self.section(Section::Filters), self.doc_count())
    }

    /// The weighted runs of the documents ([`crate::weight`]), decoded when the index was
    /// opened.
    pub fn weights(&self) -> std::sync::Arc<crate::weight::Weights> {
        self.weights.clone()
    }

    fn decode_weights(&self) -> Result<crate::weight::Weights> {
        crate::weight::Weights::decode(self.section(Section::Weights), self.doc_count())
    }

    /// Character and pair dictionary: key -> postings offset.
    pub(crate) fn chars(&self) -> Result<fst::Map<&'a [u8]>> {
        fst::Map::new(self.section(Section::Chars)).map_err(|e| Error::corrupt(e.to_string()))
    }

    /// Word dictionary: word -> frequency.
    pub fn words(&self) -> Result<fst::Map<&'a [u8]>> {
        fst::Map::new(self.section(Section::Words)).map_err(|e| Error::corrupt(e.to_string()))
    }

    /// The spelling dictionary ([`crate::spell`]).
    pub(crate) fn spell(&self) -> Result<fst::raw::Fst<&'a [u8]>> {
        fst::raw::Fst::new(self.section(Section::Spell)).map_err(|e| Error::corrupt(e.to_string()))
    }

    /// Postings bytes starting at `offset`.
    pub(crate) fn postings_at(&self, offset: u64) -> Result<&'a [u8]> {
        let p = self.section(Section::Postings);
        usize::try_from(offset)
            .ok()
            .and_then(|o| p.get(o..))
            .ok_or_else(|| Error::corrupt("postings offset"))
    }

    /// The page ordinal of document `i` (read alone: counting the pages of every match reads
    /// it for each).
    pub fn doc_page(&self, i: u32) -> Result<u32> {
        let at = (i as usize)
            .saturating_mul(DOC_RECORD_LEN)
            .saturating_add(DOC_RECORD_LEN - 4);
        u32_at(self.section(Section::Docs), at)
            .ok_or_else(|| Error::corrupt(format!("doc {i} out of range")))
    }

    /// Document `i` (its keys checked to be in bounds).
    pub fn doc(&self, i: u32) -> Result<Doc<'a>> {
        let docs = self.section(Section::Docs);
        let at = (i as usize).saturating_mul(DOC_RECORD_LEN);
        let rec = docs
            .get(at..at.saturating_add(DOC_RECORD_LEN))
            .and_then(DocRecord::decode)
            .ok_or_else(|| Error::corrupt(format!("doc {i} out of range")))?;
        let text = self.section(Section::Text);
        let key = |(off, len): (u32, u32)| -> Result<&'a [u8]> {
            let (off, len) = (off as usize, len as usize);
            off.checked_add(len)
                .and_then(|end| text.get(off..end))
                .ok_or_else(|| Error::corrupt(format!("doc {i} text out of bounds")))
        };
        let tail = |sec: Section, off: u32| -> Result<&'a [u8]> {
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
            units: rec.units,
            page: rec.page,
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
            total_bytes: self.bytes.len(),
            sections: ALL_SECTIONS
                .iter()
                .map(|s| (s.name().to_owned(), self.section(*s).len()))
                .collect(),
        })
    }
}
