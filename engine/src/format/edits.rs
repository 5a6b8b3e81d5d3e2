//! The encoding of display edits (see [`crate::normalize::Edit`]): a varint count, then per
//! edit a varint position delta and a varint `char << 1 | replace`; a switch of script
//! ([`Edit::Traditional`]) is an insert of a value past the last character, [`SCRIPT_ON`] or
//! [`SCRIPT_OFF`].

use crate::error::{Error, Result};
use crate::normalize::Edit;
use crate::varint;

/// The "character" of an [`Edit::Traditional`] that switches the Traditional display on.
const SCRIPT_ON: u64 = 0x11_0000;
/// ... and off.
const SCRIPT_OFF: u64 = 0x11_0001;

/// Appends `edits` in the EDITS encoding.
pub(crate) fn put_edits(out: &mut Vec<u8>, edits: &[Edit]) {
    varint::put(out, edits.len() as u64);
    let mut last = 0u32;
    for e in edits {
        let (at, ch, replace) = match *e {
            Edit::Insert { at, ch } => (at, u64::from(ch as u32), 0),
            Edit::Replace { at, ch } => (at, u64::from(ch as u32), 1),
            Edit::Traditional { at, on } => (at, if on { SCRIPT_ON } else { SCRIPT_OFF }, 0),
        };
        varint::put(out, u64::from(at - last));
        varint::put(out, (ch << 1) | replace);
        last = at;
    }
}

/// Decodes an edits stream starting at `*pos` (advanced past it); positions must stay within
/// `key_chars`. The count is checked against the bytes available before anything is allocated.
pub(crate) fn get_edits(b: &[u8], pos: &mut usize, key_chars: u32) -> Result<Vec<Edit>> {
    let bad = || Error::corrupt("display edits");
    let n = varint::get(b, pos).ok_or_else(bad)?;
    // Each edit takes at least two bytes: the count cannot exceed what is there.
    if n > (b.len().saturating_sub(*pos) as u64) / 2 {
        return Err(bad());
    }
    let mut out = Vec::with_capacity(n as usize);
    let mut at: u64 = 0;
    for _ in 0..n {
        at = at
            .checked_add(varint::get(b, pos).ok_or_else(bad)?)
            .ok_or_else(bad)?;
        let v = varint::get(b, pos).ok_or_else(bad)?;
        if at > u64::from(key_chars) {
            return Err(bad());
        }
        let at = at as u32;
        if v >> 1 == SCRIPT_ON || v >> 1 == SCRIPT_OFF {
            out.push(Edit::Traditional {
                at,
                on: v >> 1 == SCRIPT_ON,
            });
            continue;
        }
        let ch = u32::try_from(v >> 1)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(bad)?;
        out.push(if v & 1 == 1 {
            Edit::Replace { at, ch }
        } else {
            Edit::Insert { at, ch }
        });
    }
    Ok(out)
}
