//! Frames: how the split layout stores every piece it fetches separately (a postings list, a
//! dictionary slot, a document record, a doc-table block), each checked and decoded on its own.
//!
//! ```text
//! codec u8 (0 raw, 1 raw deflate) | varint stored length | [varint decoded length, codec 1]
//! | stored bytes | u32 LE checksum: low 32 bits of xxh3-64 over codec byte and stored bytes
//! | zero padding (dictionary slots and document records are padded to a fixed grid)
//! ```
//!
//! A frame that fails its checksum, claims more bytes than it has, inflates to another length
//! or has non-zero padding is an [`Error::Fragment`]; nothing read from it sizes an allocation
//! beyond what its own bytes allow.

use crate::error::{Error, Result};
use crate::varint;

/// Document records are padded to a multiple of this many bytes. A document's size in units is
/// also the length that ranking normalizes by (see [`crate::search`]).
pub const UNIT: usize = 64;

const RAW: u8 = 0;
const DEFLATE: u8 = 1;
/// Deflated payloads may be at most this many times their stored size (deflate's own bound
/// is about 1032).
const MAX_RATIO: usize = 1100;

fn checksum(codec: u8, stored: &[u8]) -> u32 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&[codec]);
    h.update(stored);
    h.digest() as u32
}

/// Payloads shorter than this are stored raw: deflating them saves a few bytes at most.
#[cfg(feature = "indexer")]
const DEFLATE_FROM: usize = 128;
/// Gram lists shorter than this are stored raw: at 30,000 articles 1 % of those under 256
/// bytes and 11 % of those under 512 shrank by the tenth that keeps them deflated, against
/// 94-100 % above; and every attempt resets about 230 KB of compressor state, which made
/// failed attempts a large share of a build's framing time.
#[cfg(feature = "indexer")]
const DEFLATE_LISTS_FROM: usize = 512;

/// How hard to compress a frame.
#[cfg(feature = "indexer")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// Level 1: varints deflate as well at level 1 as at level 6, and faster.
    Fast,
    /// Level 1, for gram lists: only from [`DEFLATE_LISTS_FROM`] bytes.
    Lists,
    /// Level 6: text, fetched by every visitor for the hits shown (level 9 saves nothing).
    Best,
}

/// Raw deflate, reusing one compressor per thread and level (setting one up costs more than
/// compressing a small payload).
#[cfg(feature = "indexer")]
fn deflate(payload: &[u8], level: Level) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        compress_to_output, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush,
        TDEFLStatus,
    };
    thread_local! {
        static FAST: std::cell::RefCell<CompressorOxide> =
            std::cell::RefCell::new(CompressorOxide::new(create_comp_flags_from_zip_params(1, -15, 0)));
        static BEST: std::cell::RefCell<CompressorOxide> =
            std::cell::RefCell::new(CompressorOxide::new(create_comp_flags_from_zip_params(6, -15, 0)));
    }
    let key = match level {
        Level::Fast | Level::Lists => &FAST,
        Level::Best => &BEST,
    };
    key.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let mut out = Vec::with_capacity(payload.len() / 2 + 16);
        let (status, _) = compress_to_output(&mut c, payload, TDEFLFlush::Finish, |b| {
            out.extend_from_slice(b);
            true
        });
        debug_assert_eq!(status, TDEFLStatus::Done);
        out
    })
}

/// Encodes `payload` as a frame, deflated (at `level`) when that saves at least a tenth.
#[cfg(feature = "indexer")]
pub(crate) fn encode(payload: &[u8], level: Level) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 12);
    let from = match level {
        Level::Lists => DEFLATE_LISTS_FROM,
        Level::Fast | Level::Best => DEFLATE_FROM,
    };
    let deflated = (payload.len() >= from).then(|| deflate(payload, level));
    match deflated {
        Some(d) if d.len() + 4 < payload.len() - payload.len() / 10 => {
            out.push(DEFLATE);
            varint::put(&mut out, d.len() as u64);
            varint::put(&mut out, payload.len() as u64);
            out.extend_from_slice(&d);
            out.extend_from_slice(&checksum(DEFLATE, &d).to_le_bytes());
        }
        _ => {
            out.push(RAW);
            varint::put(&mut out, payload.len() as u64);
            out.extend_from_slice(payload);
            out.extend_from_slice(&checksum(RAW, payload).to_le_bytes());
        }
    }
    out
}

/// Pads `frame` with zeros to a multiple of `grid` bytes.
#[cfg(feature = "indexer")]
pub(crate) fn pad(frame: &mut Vec<u8>, grid: usize) {
    let want = frame.len().div_ceil(grid) * grid;
    frame.resize(want, 0);
}

/// A frame whose checks have passed: its payload, or the deflated bytes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame<'a> {
    /// Stored as is.
    Raw(&'a [u8]),
    /// Raw deflate of a payload of `len` bytes.
    Deflated { stored: &'a [u8], len: usize },
}

/// Checks a frame (possibly followed by zero padding): header, checksum, padding. `what`
/// names the fragment in errors.
pub fn open<'a>(b: &'a [u8], what: &dyn Fn() -> String) -> Result<Frame<'a>> {
    let bad = |reason: &str| Error::Fragment {
        fragment: what(),
        reason: reason.to_owned(),
    };
    let codec = *b.first().ok_or_else(|| bad("empty"))?;
    let mut p = 1;
    let stored_len = varint::get(b, &mut p).ok_or_else(|| bad("truncated header"))?;
    let raw_len = match codec {
        RAW => stored_len,
        DEFLATE => varint::get(b, &mut p).ok_or_else(|| bad("truncated header"))?,
        _ => return Err(bad("unknown codec")),
    };
    let stored_len = usize::try_from(stored_len).map_err(|_| bad("length"))?;
    let end = p
        .checked_add(stored_len)
        .filter(|&e| e.saturating_add(4) <= b.len())
        .ok_or_else(|| bad("truncated"))?;
    let stored = &b[p..end];
    let sum = u32::from_le_bytes(b[end..end + 4].try_into().map_err(|_| bad("truncated"))?);
    if sum != checksum(codec, stored) {
        return Err(bad("checksum mismatch"));
    }
    if b[end + 4..].iter().any(|&x| x != 0) {
        return Err(bad("bytes after the frame"));
    }
    if codec == RAW {
        return Ok(Frame::Raw(stored));
    }
    let len = usize::try_from(raw_len)
        .ok()
        .filter(|&n| n <= stored_len.saturating_mul(MAX_RATIO).max(64))
        .ok_or_else(|| bad("implausible decoded length"))?;
    Ok(Frame::Deflated { stored, len })
}

/// Decodes a frame: [`open`], then [`payload`].
#[cfg(any(feature = "indexer", all(test, feature = "inflate")))]
pub(crate) fn decode(b: &[u8], what: &dyn Fn() -> String) -> Result<Vec<u8>> {
    payload(open(b, what)?, what)
}

/// The payload of a checked frame, inflated if need be (to the length the frame gives).
#[cfg(feature = "inflate")]
pub fn payload(frame: Frame<'_>, what: &dyn Fn() -> String) -> Result<Vec<u8>> {
    match frame {
        Frame::Raw(p) => Ok(p.to_vec()),
        Frame::Deflated { stored, len } => {
            let out =
                miniz_oxide::inflate::decompress_to_vec_with_limit(stored, len).map_err(|_| {
                    Error::Fragment {
                        fragment: what(),
                        reason: "does not inflate".into(),
                    }
                })?;
            check_len(&out, len, what)?;
            Ok(out)
        }
    }
}

/// A fragment that inflated to another length than its frame says is damaged.
pub fn check_len(out: &[u8], len: usize, what: &dyn Fn() -> String) -> Result<()> {
    if out.len() != len {
        return Err(Error::Fragment {
            fragment: what(),
            reason: "inflates to another length".into(),
        });
    }
    Ok(())
}

#[cfg(all(test, feature = "indexer"))]
mod tests {
    use super::*;

    fn what() -> String {
        "test".into()
    }

    #[test]
    fn roundtrip_raw_and_deflated_with_padding() {
        for payload in [
            b"short".to_vec(),
            "乡村振兴".repeat(200).into_bytes(),
            vec![],
        ] {
            let mut f = encode(&payload, Level::Best);
            pad(&mut f, UNIT);
            assert_eq!(f.len() % UNIT, 0);
            assert_eq!(decode(&f, &what).unwrap(), payload);
        }
        assert!(encode(&"乡村振兴".repeat(200).into_bytes(), Level::Fast).len() < 200);
    }

    #[test]
    fn damage_is_a_fragment_error() {
        let f = encode(&"乡村振兴".repeat(50).into_bytes(), Level::Best);
        for i in 0..f.len() {
            let mut g = f.clone();
            g[i] ^= 0x20;
            assert!(
                matches!(decode(&g, &what), Err(Error::Fragment { .. })),
                "byte {i}"
            );
        }
        for n in 0..f.len() {
            assert!(decode(&f[..n], &what).is_err());
        }
        let mut g = f.clone();
        g.push(1);
        assert!(decode(&g, &what).is_err());
    }
}
