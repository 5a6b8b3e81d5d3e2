//! The term dictionary of a split index: equal-size hash slots, so that the slot of any gram is
//! known from the entry alone (no index of the dictionary to fetch first). A slot also carries
//! the smaller lists of its grams, as many as fit its length, so that a query whose lists all
//! ride in their slots learns where its grams are and what their lists hold in one round trip.
//!
//! ```text
//! slot     frame of: varint part, varint offset (where the slot's first list elsewhere starts),
//!          varint n, n × (varint gram length, gram UTF-8, varint (list length << 1 | inline)),
//!          grams in byte order; then the inline lists, one after another in the same order;
//!          zero-padded to the slot length
//! ```
//!
//! An inline list is stored as it decodes (not framed: the slot's frame covers it), and its
//! length is that; a list stored elsewhere is a frame of its own, and its length is the
//! frame's.
//!
//! The other lists of a slot's grams are stored one after another from that offset, in the
//! same order, so such a gram's fragment is the offset plus the lengths of those before it.

use std::ops::Range;

use crate::error::{Error, Result};
use crate::source::Frag;
use crate::varint;

/// The slot of `gram` among `slots`.
pub fn slot_of(gram: &str, slots: u32) -> u32 {
    (xxhash_rust::xxh3::xxh3_64(gram.as_bytes()) % u64::from(slots.max(1))) as u32
}

/// Where a slot says a gram's list is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ListAt {
    /// A fragment of its own (framed).
    Frag(Frag),
    /// These bytes of the slot's payload (the list itself, not framed).
    Inline(Range<usize>),
}

/// A gram of a slot: the gram, its list's length, and the list when the slot carries it
/// (`None`: the list is a framed fragment of that length elsewhere).
#[cfg(feature = "indexer")]
pub(crate) type SlotGram<'a> = (&'a str, u32, Option<&'a [u8]>);

/// A slot's payload for grams (sorted), whose lists not carried inline start at
/// `(part, offset)`.
#[cfg(feature = "indexer")]
pub(crate) fn encode_slot(part: u32, offset: u64, grams: &[SlotGram<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    varint::put(&mut out, u64::from(part));
    varint::put(&mut out, offset);
    varint::put(&mut out, grams.len() as u64);
    for (g, len, inline) in grams {
        varint::put(&mut out, g.len() as u64);
        out.extend_from_slice(g.as_bytes());
        varint::put(&mut out, u64::from(*len) << 1 | u64::from(inline.is_some()));
    }
    for (_, _, inline) in grams {
        out.extend_from_slice(inline.unwrap_or_default());
    }
    out
}

/// Where `gram`'s list is, from its slot's payload (`None`: the index has no such gram).
pub(crate) fn lookup(payload: &[u8], gram: &str) -> Result<Option<ListAt>> {
    let bad = || Error::corrupt("dictionary slot");
    let mut p = 0;
    let part = u32::try_from(varint::get(payload, &mut p).ok_or_else(bad)?).map_err(|_| bad())?;
    let mut offset = varint::get(payload, &mut p).ok_or_else(bad)?;
    let n = varint::get(payload, &mut p).ok_or_else(bad)?;
    let mut inline_before = 0usize;
    let mut found = None;
    for _ in 0..n {
        let klen =
            usize::try_from(varint::get(payload, &mut p).ok_or_else(bad)?).map_err(|_| bad())?;
        let end = p.checked_add(klen).ok_or_else(bad)?;
        let key = payload.get(p..end).ok_or_else(bad)?;
        p = end;
        let v = varint::get(payload, &mut p).ok_or_else(bad)?;
        let len = u32::try_from(v >> 1).map_err(|_| bad())?;
        let inline = v & 1 == 1;
        if found.is_none() && key == gram.as_bytes() {
            if len == 0 {
                return Err(bad());
            }
            if !inline {
                // Nothing after it changes where it is.
                return Ok(Some(ListAt::Frag(Frag { part, offset, len })));
            }
            let end = inline_before.checked_add(len as usize).ok_or_else(bad)?;
            found = Some(inline_before..end);
        }
        if inline {
            inline_before = inline_before.checked_add(len as usize).ok_or_else(bad)?;
        } else {
            offset = offset.checked_add(u64::from(len)).ok_or_else(bad)?;
        }
    }
    let Some(r) = found else {
        return Ok(None);
    };
    // Inline lists start after the last gram, where `p` is now.
    let start = p.checked_add(r.start).ok_or_else(bad)?;
    let end = p.checked_add(r.end).ok_or_else(bad)?;
    if end > payload.len() {
        return Err(bad());
    }
    Ok(Some(ListAt::Inline(start..end)))
}

#[cfg(all(test, feature = "indexer"))]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_lists_elsewhere_and_inline() {
        let s = encode_slot(
            2,
            100,
            &[
                ("一", 3, Some(b"abc".as_slice())),
                ("乡村", 10, None),
                ("兴", 2, Some(b"de".as_slice())),
                ("振兴", 7, None),
                ("z", 1, None),
            ],
        );
        let frag = |offset, len| {
            Some(ListAt::Frag(Frag {
                part: 2,
                offset,
                len,
            }))
        };
        assert_eq!(lookup(&s, "乡村").unwrap(), frag(100, 10));
        assert_eq!(lookup(&s, "振兴").unwrap(), frag(110, 7));
        assert_eq!(lookup(&s, "z").unwrap(), frag(117, 1));
        let Some(ListAt::Inline(r)) = lookup(&s, "兴").unwrap() else {
            panic!("兴 is inline");
        };
        assert_eq!(&s[r], b"de");
        let Some(ListAt::Inline(r)) = lookup(&s, "一").unwrap() else {
            panic!("一 is inline");
        };
        assert_eq!(&s[r], b"abc");
        assert_eq!(lookup(&s, "村").unwrap(), None);
        // A slot cut short: its inline lists (or its last gram) are missing.
        assert!(lookup(&s[..s.len() - 1], "兴").is_err());
        assert!(slot_of("乡村", 7) < 7);
    }
}
