//! The doc table of a split index: every document's stored size in units (ranking's length),
//! whether it is on the page of the document before it (stories of one page), and, from the
//! segment's runs of records, where its record is.

use super::entry::Entry;
use crate::error::{Error, Result};
use crate::frame::UNIT;
use crate::source::Frag;
use crate::varint;
use std::sync::Arc;

/// Where one document's record is, and its size.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocPlace {
    pub units: u32,
    /// Ordinal of its page, numbered across segments (a segment starts a page).
    pub page: u32,
    pub part: u32,
    pub offset: u64,
}

impl DocPlace {
    /// The record's fragment.
    pub(crate) fn frag(&self) -> Frag {
        Frag {
            part: self.part,
            offset: self.offset,
            len: self.units.saturating_mul(UNIT as u32),
        }
    }
}

/// The per-document numbers, numbered across segments.
#[derive(Debug, Default)]
pub(crate) struct DocTable {
    pub docs: Vec<DocPlace>,
    /// No document shares its page with another (over every slot, deleted ones included).
    pub own_pages: bool,
}

/// A doc-table block that fails its checks.
pub(crate) struct BadBlock {
    pub block: Frag,
    pub error: Error,
}

impl DocTable {
    /// The table from every segment's blocks (`get` gives a block's payload; `None` while one
    /// is missing). Checks every count and that every record lies inside its part.
    pub(crate) fn build(
        e: &Entry,
        get: &dyn Fn(&Frag) -> Option<Arc<Vec<u8>>>,
        describe: &dyn Fn(&Frag) -> String,
    ) -> std::result::Result<Option<DocTable>, BadBlock> {
        let mut blocks = Vec::new();
        for s in &e.segments {
            for f in &s.docs {
                match get(f) {
                    Some(b) => blocks.push(b),
                    None => return Ok(None),
                }
            }
        }
        // Every document takes at least a byte of its block.
        let bytes: usize = blocks.iter().map(|b| b.len()).sum();
        let mut docs = Vec::with_capacity((e.slots() as usize).min(bytes));
        let mut blocks = blocks.into_iter();
        let mut page = 0u32;
        for s in &e.segments {
            let n = s.docs_count as usize;
            let per = s.docs_block as usize;
            let mut r = 0;
            let mut at = s.text.first().map_or(0, |run| run.offset);
            for (i, f) in s.docs.iter().enumerate() {
                let bad = |reason: &str| BadBlock {
                    block: *f,
                    error: Error::Fragment {
                        fragment: describe(f),
                        reason: reason.into(),
                    },
                };
                let b = blocks.next().ok_or_else(|| bad("doc table"))?;
                let want = (n - i * per).min(per);
                let mut p = 0;
                for k in 0..want {
                    let d = (i * per + k) as u32;
                    let v = varint::get(&b, &mut p).ok_or_else(|| bad("doc table"))?;
                    let units = u32::try_from(v >> 1)
                        .ok()
                        .filter(|&u| u > 0)
                        .ok_or_else(|| bad("doc table"))?;
                    let same_page = v & 1 == 1 && d > 0;
                    if !docs.is_empty() && !same_page {
                        page += 1;
                    }
                    if s.text.get(r + 1).is_some_and(|next| next.first == d) {
                        r += 1;
                        at = s.text[r].offset;
                    }
                    let part = s.text.get(r).map_or(0, |run| run.part);
                    let len = u64::from(units) * UNIT as u64;
                    let fits = e
                        .parts
                        .get(part as usize)
                        .zip(at.checked_add(len))
                        .is_some_and(|(p, end)| end <= p.len);
                    if !fits {
                        return Err(bad("a document's record lies outside its part"));
                    }
                    docs.push(DocPlace {
                        units,
                        page,
                        part,
                        offset: at,
                    });
                    at += len;
                }
                if p != b.len() {
                    return Err(bad("doc table has trailing bytes"));
                }
            }
        }
        let own_pages = docs
            .last()
            .is_none_or(|d| d.page as usize + 1 == docs.len());
        Ok(Some(DocTable { docs, own_pages }))
    }

    pub(crate) fn get(&self, doc: u32) -> Result<&DocPlace> {
        self.docs
            .get(doc as usize)
            .ok_or_else(|| Error::corrupt(format!("doc {doc} out of range")))
    }
}
