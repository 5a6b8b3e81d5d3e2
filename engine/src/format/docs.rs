//! Stored documents: the single file's DOCS records (where a document's parts live in the other
//! sections) and the self-contained record the split layout stores per document. Both decode
//! into a [`StoredDoc`], which is all that rendering a hit needs.

use super::edits::{get_edits, put_edits};
use super::u32_at;
use crate::error::{Error, Result};
use crate::normalize::Edit;
use crate::varint;
use crate::Page;

/// Size of one record in the DOCS section.
pub(crate) const DOC_RECORD_LEN: usize = 44;

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
    /// Stored size in units (the length ranking normalizes by).
    pub units: u32,
    /// Ordinal of the document's page (stories of one page share it; see
    /// `story::page_ordinals`).
    pub page: u32,
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
            self.units,
            self.page,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    pub(crate) fn decode(b: &[u8]) -> Option<DocRecord> {
        let f = |i: usize| u32_at(b, i * 4);
        Some(DocRecord {
            strings: f(0)?,
            title: (f(1)?, f(2)?),
            title_chars: f(3)?,
            body: (f(4)?, f(5)?),
            body_chars: f(6)?,
            title_edits: f(7)?,
            body_edits: f(8)?,
            units: f(9)?,
            page: f(10)?,
        })
    }
}

/// A document's stored fields, borrowed from a single-file index.
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
    /// Stored size in units.
    pub units: u32,
    /// Ordinal of its page (stories of one page share it).
    pub page: u32,
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
    /// The page a story belongs to ([`crate::Article::page`]).
    pub page: Option<Page>,
    /// Other fields ([`crate::Article::meta`]).
    pub meta: crate::filter::Fields,
}

fn get_str<'a>(b: &'a [u8], pos: &mut usize) -> Result<&'a str> {
    let bytes = get_bytes(b, pos)?;
    std::str::from_utf8(bytes).map_err(|_| Error::corrupt("string is not UTF-8"))
}

fn get_bytes<'a>(b: &'a [u8], pos: &mut usize) -> Result<&'a [u8]> {
    let len = varint::get(b, pos).ok_or_else(|| Error::corrupt("string length"))?;
    let end = usize::try_from(len)
        .ok()
        .and_then(|l| pos.checked_add(l))
        .ok_or_else(|| Error::corrupt("string length"))?;
    let s = b
        .get(*pos..end)
        .ok_or_else(|| Error::corrupt("string out of bounds"))?;
    *pos = end;
    Ok(s)
}

use varint::put_str;

/// Tags are stored joined by U+001F.
const TAG_SEP: char = '\u{1F}';

impl DocMeta {
    /// The id of the page this document is one story of.
    pub fn page_id(&self) -> Option<&str> {
        self.page.as_ref().map(|p| p.id.as_str())
    }

    /// Appends id, url, date, tags and the page's id, title and url (empty id: no page; the
    /// STRINGS encoding).
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        for s in [&self.id, &self.url, &self.date] {
            put_str(out, s);
        }
        put_str(out, &self.tags.join(&TAG_SEP.to_string()));
        match &self.page {
            Some(p) => [&p.id, &p.title, &p.url]
                .iter()
                .for_each(|s| put_str(out, s)),
            None => put_str(out, ""),
        }
        crate::varint::put(out, self.meta.len() as u64);
        for (k, v) in self.meta.iter() {
            put_str(out, k);
            put_str(out, &v.join(&TAG_SEP.to_string()));
        }
    }

    pub(crate) fn decode(b: &[u8], p: &mut usize) -> Result<DocMeta> {
        let id = get_str(b, p)?.to_owned();
        let url = get_str(b, p)?.to_owned();
        let date = get_str(b, p)?.to_owned();
        let tags = get_str(b, p)?;
        let tags = if tags.is_empty() {
            Vec::new()
        } else {
            tags.split(TAG_SEP).map(str::to_owned).collect()
        };
        let page_id = get_str(b, p)?;
        let page = if page_id.is_empty() {
            None
        } else {
            Some(Page {
                id: page_id.to_owned(),
                title: get_str(b, p)?.to_owned(),
                url: get_str(b, p)?.to_owned(),
            })
        };
        let n = varint::get(b, p).ok_or_else(|| Error::corrupt("meta count"))?;
        let mut meta = crate::filter::Fields::default();
        for _ in 0..n {
            let k = get_str(b, p)?;
            let v = get_str(b, p)?.split(TAG_SEP).map(str::to_owned).collect();
            meta.set(k, v);
        }
        Ok(DocMeta {
            id,
            url,
            date,
            tags,
            page,
            meta,
        })
    }
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
        DocMeta::decode(self.strings, &mut 0)
    }

    /// Display edits of the title.
    pub fn title_edits(&self) -> Result<Vec<Edit>> {
        get_edits(self.title_edits, &mut 0, self.title_chars)
    }

    /// Display edits of the body.
    pub fn body_edits(&self) -> Result<Vec<Edit>> {
        get_edits(self.body_edits, &mut 0, self.body_chars)
    }

    /// Everything rendering needs, owned.
    pub fn stored(&self) -> Result<StoredDoc> {
        let title_key = self.title_str()?.to_owned();
        let body_key = self.body_str()?.to_owned();
        Ok(StoredDoc {
            title_edits: get_edits(self.title_edits, &mut 0, chars(&title_key))?,
            body_edits: get_edits(self.body_edits, &mut 0, chars(&body_key))?,
            title_key,
            body_key,
            meta: self.meta()?,
        })
    }
}

fn chars(s: &str) -> u32 {
    s.chars().count() as u32
}

/// A document as rendering a hit needs it: keys, display edits and metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredDoc {
    /// Search key of the title.
    pub title_key: String,
    /// Search key of the body.
    pub body_key: String,
    /// Display edits of the title.
    pub title_edits: Vec<Edit>,
    /// Display edits of the body.
    pub body_edits: Vec<Edit>,
    /// Id, url, date, tags.
    pub meta: DocMeta,
}

/// The split layout's record of a document: title key, body key, their edits, then the
/// metadata (decoded by [`StoredDoc::decode`]).
pub(crate) fn encode_record(
    title: (&str, &[Edit]),
    body: (&str, &[Edit]),
    meta: &DocMeta,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(title.0.len() + body.0.len() + 64);
    put_str(&mut out, title.0);
    put_str(&mut out, body.0);
    put_edits(&mut out, title.1);
    put_edits(&mut out, body.1);
    meta.encode(&mut out);
    out
}

impl StoredDoc {
    /// Decodes [`encode_record`]'s output; every length is checked against the bytes.
    pub(crate) fn decode(b: &[u8]) -> Result<StoredDoc> {
        let mut p = 0;
        let title_key = get_str(b, &mut p)?.to_owned();
        let body_key = get_str(b, &mut p)?.to_owned();
        let title_edits = get_edits(b, &mut p, chars(&title_key))?;
        let body_edits = get_edits(b, &mut p, chars(&body_key))?;
        let meta = DocMeta::decode(b, &mut p)?;
        if p != b.len() {
            return Err(Error::corrupt("stored document has trailing bytes"));
        }
        Ok(StoredDoc {
            title_key,
            body_key,
            title_edits,
            body_edits,
            meta,
        })
    }
}
