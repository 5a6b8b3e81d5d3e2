//! The single file's doc-level postings: the documents containing a key character, or a pair
//! of adjacent characters worth its own list, as delta varints or a bitmap (whichever is
//! smaller). No positions: the single file verifies candidates on its stored text.

use super::DocSet;
use crate::error::{Error, Result};
use crate::varint;

const DELTA: u8 = 0;
const BITMAP: u8 = 1;

/// Appends character postings for ascending `docs` over `n` documents, in the smaller encoding.
pub(crate) fn put_char_postings(out: &mut Vec<u8>, docs: &[u32], n: u32) {
    varint::put(out, docs.len() as u64);
    let mut deltas = Vec::with_capacity(docs.len() * 2);
    let mut last = 0;
    for (i, &d) in docs.iter().enumerate() {
        varint::put(&mut deltas, u64::from(if i == 0 { d } else { d - last }));
        last = d;
    }
    let bitmap_len = (n as usize).div_ceil(8);
    if bitmap_len < deltas.len() {
        out.push(BITMAP);
        let start = out.len();
        out.resize(start + bitmap_len, 0);
        for &d in docs {
            out[start + (d / 8) as usize] |= 1 << (d % 8);
        }
    } else {
        out.push(DELTA);
        out.extend_from_slice(&deltas);
    }
}

/// Decodes character postings into a set over `n` documents; returns it with its df.
pub(crate) fn char_postings(b: &[u8], n: u32) -> Result<DocSet> {
    let bad = || Error::corrupt("char postings");
    let mut p = 0;
    let df = varint::get(b, &mut p).ok_or_else(bad)?;
    if df > u64::from(n) {
        return Err(bad());
    }
    let mut set = DocSet::empty(n);
    match b.get(p).copied() {
        Some(BITMAP) => {
            let bytes = b
                .get(p + 1..p + 1 + (n as usize).div_ceil(8))
                .ok_or_else(bad)?;
            for (i, w) in set.words.iter_mut().enumerate() {
                let mut v = [0u8; 8];
                let chunk = bytes.get(i * 8..).unwrap_or(&[]);
                let k = chunk.len().min(8);
                v[..k].copy_from_slice(&chunk[..k]);
                *w = u64::from_le_bytes(v);
            }
            if let Some(last) = set.words.last_mut() {
                if !n.is_multiple_of(64) {
                    *last &= (1u64 << (n % 64)) - 1;
                }
            }
        }
        Some(DELTA) => {
            p += 1;
            let mut d: u64 = 0;
            for i in 0..df {
                let delta = varint::get(b, &mut p).ok_or_else(bad)?;
                d = if i == 0 { delta } else { d + delta };
                if d >= u64::from(n) {
                    return Err(bad());
                }
                set.insert(d as u32);
            }
        }
        _ => return Err(bad()),
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_postings_roundtrip_both_encodings() {
        for docs in [vec![0u32, 5, 63, 64, 99], (0..100).collect::<Vec<_>>()] {
            let mut b = Vec::new();
            put_char_postings(&mut b, &docs, 100);
            let set = char_postings(&b, 100).unwrap();
            assert_eq!(set.iter().collect::<Vec<_>>(), docs);
        }
    }
}
