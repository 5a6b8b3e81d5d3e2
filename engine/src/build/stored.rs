//! The single file's per-document sections (TEXT, EDITS, STRINGS, DOCS, FILTERS, WEIGHTS) and
//! its totals, built one prepared article at a time: a build that frees each article once it
//! is stored holds about the index's own bytes, not the articles as structures (which cost
//! about four times as much).

use super::prepare::PreparedDoc;
use super::BuildOptions;
use crate::error::{Error, Result};
use crate::filter::FilterCollector;
use crate::format::{self, DocRecord, Meta, DOC_RECORD_LEN};
use crate::normalize::NORMALIZATION;
use crate::story::PageOrdinals;
use crate::weight::Weights;

/// Bytes in chunks of a few megabytes: a section that grows without spare capacity the size
/// of itself (as a doubling vector would keep).
#[derive(Default)]
pub(crate) struct Chunks {
    chunks: Vec<Vec<u8>>,
    len: usize,
}

const CHUNK: usize = 4 << 20;

impl Chunks {
    fn len(&self) -> usize {
        self.len
    }

    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]) {
        match self.chunks.last_mut() {
            Some(c) if c.capacity() - c.len() >= bytes.len() => c.extend_from_slice(bytes),
            _ => {
                let mut c = Vec::with_capacity(CHUNK.max(bytes.len()));
                c.extend_from_slice(bytes);
                self.chunks.push(c);
            }
        }
        self.len += bytes.len();
    }

    /// The section's chunks.
    pub(crate) fn slices(&self) -> Vec<&[u8]> {
        self.chunks.iter().map(Vec::as_slice).collect()
    }
}

/// The TEXT section: copied (the articles are freed as they are stored), or the prepared
/// keys themselves, never copied together (they stay in memory anyway).
pub(crate) enum Text<'a> {
    Copied(Chunks),
    Borrowed(Vec<&'a [u8]>, usize),
}

impl Text<'_> {
    fn len(&self) -> usize {
        match self {
            Text::Copied(b) => b.len(),
            Text::Borrowed(_, n) => *n,
        }
    }

    /// The section's chunks.
    pub(crate) fn chunks(&self) -> Vec<&[u8]> {
        match self {
            Text::Copied(b) => b.slices(),
            Text::Borrowed(c, _) => c.clone(),
        }
    }
}

/// The stored sections so far.
pub(crate) struct Stored<'a> {
    /// Search keys of titles and bodies, concatenated.
    pub text: Text<'a>,
    pub strings: Chunks,
    pub edits: Chunks,
    /// DOCS records.
    pub docs: Chunks,
    /// One document's bytes before they go into a chunk.
    scratch: Vec<u8>,
    pages: PageOrdinals,
    filters: FilterCollector,
    weights: Weights,
    /// Documents stored.
    pub count: u32,
    title_chars: u64,
    body_chars: u64,
    total_units: u64,
}

fn u32_of(v: usize, what: &str) -> Result<u32> {
    u32::try_from(v).map_err(|_| Error::Build(format!("{what} section exceeds 4 GiB")))
}

impl<'a> Stored<'a> {
    /// Sections that copy the text of what is pushed ([`Stored::push_copy`]).
    pub(crate) fn new() -> Stored<'a> {
        Stored {
            text: Text::Copied(Chunks::default()),
            strings: Chunks::default(),
            edits: Chunks::default(),
            docs: Chunks::default(),
            scratch: Vec::new(),
            pages: PageOrdinals::default(),
            filters: FilterCollector::default(),
            weights: Weights::default(),
            count: 0,
            title_chars: 0,
            body_chars: 0,
            total_units: 0,
        }
    }

    /// The sections of `docs`, their text borrowed.
    pub(crate) fn of(docs: &'a [PreparedDoc]) -> Result<Stored<'a>> {
        let mut s = Stored::new();
        s.text = Text::Borrowed(Vec::with_capacity(docs.len() * 2), 0);
        for d in docs {
            s.record(d)?;
            if let Text::Borrowed(chunks, n) = &mut s.text {
                chunks.push(d.title.key.as_bytes());
                chunks.push(d.body.key.as_bytes());
                *n += d.title.key.len() + d.body.key.len();
            }
        }
        Ok(s)
    }

    /// Stores the next document, copying its text (made with [`Stored::new`]).
    pub(crate) fn push_copy(&mut self, d: &PreparedDoc) -> Result<()> {
        self.record(d)?;
        match &mut self.text {
            Text::Copied(b) => {
                b.put(d.title.key.as_bytes());
                b.put(d.body.key.as_bytes());
                Ok(())
            }
            Text::Borrowed(..) => Err(Error::Build("stored text mixes copies and borrows".into())),
        }
    }

    /// Everything of the next document but its text (which follows what is stored).
    fn record(&mut self, d: &PreparedDoc) -> Result<()> {
        let n = self.count;
        let mut rec = DocRecord {
            strings: u32_of(self.strings.len(), "strings")?,
            units: d.units,
            page: self.pages.next(d.meta.page_id()),
            ..Default::default()
        };
        self.scratch.clear();
        d.meta.encode(&mut self.scratch);
        self.strings.put(&self.scratch);
        let at = self.text.len();
        rec.title = (u32_of(at, "text")?, u32_of(d.title.key.len(), "title")?);
        rec.body = (
            u32_of(at + d.title.key.len(), "text")?,
            u32_of(d.body.key.len(), "body")?,
        );
        rec.title_chars = d.title.key_chars;
        rec.body_chars = d.body.key_chars;
        rec.title_edits = u32_of(self.edits.len(), "edits")?;
        self.scratch.clear();
        format::edits::put_edits(&mut self.scratch, &d.title.edits);
        rec.body_edits = u32_of(self.edits.len() + self.scratch.len(), "edits")?;
        format::edits::put_edits(&mut self.scratch, &d.body.edits);
        self.edits.put(&self.scratch);
        self.scratch.clear();
        rec.encode(&mut self.scratch);
        self.docs.put(&self.scratch);
        let m = &d.meta;
        self.filters.add(n, &m.tags, &m.meta, &m.date);
        self.weights.push(n, &d.weights);
        self.title_chars += u64::from(d.title.key_chars);
        self.body_chars += u64::from(d.body.key_chars);
        self.total_units += u64::from(d.units);
        self.count = n
            .checked_add(1)
            .ok_or_else(|| Error::Build("too many articles".into()))?;
        debug_assert_eq!(self.docs.len(), self.count as usize * DOC_RECORD_LEN);
        Ok(())
    }

    /// The META numbers (the split entry carries the same).
    pub(crate) fn meta(&self, word_total: u64) -> Meta {
        Meta {
            doc_count: self.count,
            title_chars: self.title_chars,
            body_chars: self.body_chars,
            word_total,
            total_units: self.total_units,
            normalization: NORMALIZATION,
        }
    }

    /// The FILTERS and WEIGHTS encodings, with the fields `opts` names filterable.
    pub(crate) fn finish_sections(&mut self, opts: &BuildOptions) -> (Vec<u8>, Vec<u8>) {
        let filters = std::mem::take(&mut self.filters);
        let mut f = Vec::new();
        filters
            .finish(self.count as usize, &opts.filter_fields)
            .encode(&mut f);
        let mut w = Vec::new();
        self.weights.encode(&mut w);
        (f, w)
    }
}
