//! The term dictionary of a split index: equal-size hash slots, so that the slot of any gram is
//! known from the entry alone (no index of the dictionary to fetch first).
//!
//! ```text
//! slot     frame of: varint part, varint offset (where the slot's first list starts), varint n,
//!          n × (varint gram length, gram UTF-8, varint list length), grams in byte order;
//!          zero-padded to the slot length
//! ```
//!
//! The lists of a slot's grams are stored one after another from that offset, in the same
//! order, so a gram's fragment is the offset plus the lengths before it.

use crate::error::{Error, Result};
use crate::source::Frag;
use crate::varint;

/// The slot of `gram` among `slots`.
pub fn slot_of(gram: &str, slots: u32) -> u32 {
    (xxhash_rust::xxh3::xxh3_64(gram.as_bytes()) % u64::from(slots.max(1))) as u32
}

/// A slot's payload for grams (sorted) with their list lengths, whose lists start at
/// `(part, offset)`.
#[cfg(feature = "indexer")]
pub(crate) fn encode_slot(part: u32, offset: u64, grams: &[(&str, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    varint::put(&mut out, u64::from(part));
    varint::put(&mut out, offset);
    varint::put(&mut out, grams.len() as u64);
    for (g, len) in grams {
        varint::put(&mut out, g.len() as u64);
        out.extend_from_slice(g.as_bytes());
        varint::put(&mut out, u64::from(*len));
    }
    out
}

/// The fragment of `gram`'s list from its slot's payload (`None`: the index has no such gram).
pub(crate) fn lookup(payload: &[u8], gram: &str) -> Result<Option<Frag>> {
    let bad = || Error::corrupt("dictionary slot");
    let mut p = 0;
    let part = u32::try_from(varint::get(payload, &mut p).ok_or_else(bad)?).map_err(|_| bad())?;
    let mut offset = varint::get(payload, &mut p).ok_or_else(bad)?;
    let n = varint::get(payload, &mut p).ok_or_else(bad)?;
    for _ in 0..n {
        let klen =
            usize::try_from(varint::get(payload, &mut p).ok_or_else(bad)?).map_err(|_| bad())?;
        let end = p.checked_add(klen).ok_or_else(bad)?;
        let key = payload.get(p..end).ok_or_else(bad)?;
        p = end;
        let len =
            u32::try_from(varint::get(payload, &mut p).ok_or_else(bad)?).map_err(|_| bad())?;
        if key == gram.as_bytes() {
            if len == 0 {
                return Err(bad());
            }
            return Ok(Some(Frag { part, offset, len }));
        }
        offset = offset.checked_add(u64::from(len)).ok_or_else(bad)?;
    }
    Ok(None)
}

#[cfg(all(test, feature = "indexer"))]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_offsets() {
        let s = encode_slot(2, 100, &[("乡村", 10), ("振兴", 7), ("z", 1)]);
        assert_eq!(
            lookup(&s, "振兴").unwrap(),
            Some(Frag {
                part: 2,
                offset: 110,
                len: 7
            })
        );
        assert_eq!(lookup(&s, "兴").unwrap(), None);
        assert!(lookup(&s[..s.len() - 1], "z").is_err());
        assert!(slot_of("乡村", 7) < 7);
    }
}
