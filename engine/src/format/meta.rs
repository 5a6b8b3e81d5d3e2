//! The META section: index-wide numbers every reader needs before anything else.

use super::{u32_at, u64_at};

/// Index-wide numbers from the META section (the split layout's entry carries the same).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Meta {
    /// Number of articles.
    pub doc_count: u32,
    /// Sum of title lengths (key characters).
    pub title_chars: u64,
    /// Sum of body lengths (key characters).
    pub body_chars: u64,
    /// Sum of all vocabulary frequencies (for segmentation probabilities).
    pub word_total: u64,
    /// Sum of every article's stored size in [`crate::frame::UNIT`]s: the length ranking
    /// normalizes by (see [`crate::search`]).
    pub total_units: u64,
    /// The normalization that built the keys ([`crate::normalize::NORMALIZATION`]).
    pub normalization: u32,
}

/// Encoded size of [`Meta`].
pub(crate) const META_LEN: usize = 44;

impl Meta {
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(META_LEN);
        b.extend_from_slice(&self.doc_count.to_le_bytes());
        b.extend_from_slice(&self.title_chars.to_le_bytes());
        b.extend_from_slice(&self.body_chars.to_le_bytes());
        b.extend_from_slice(&self.word_total.to_le_bytes());
        b.extend_from_slice(&self.total_units.to_le_bytes());
        b.extend_from_slice(&self.normalization.to_le_bytes());
        b
    }

    pub(crate) fn decode(b: &[u8]) -> Option<Meta> {
        Some(Meta {
            doc_count: u32_at(b, 0)?,
            title_chars: u64_at(b, 4)?,
            body_chars: u64_at(b, 12)?,
            word_total: u64_at(b, 20)?,
            total_units: u64_at(b, 28)?,
            normalization: u32_at(b, 36)?,
        })
    }

    /// Average stored size in units (at least 1).
    pub fn avg_units(&self) -> f32 {
        if self.doc_count == 0 {
            return 1.0;
        }
        (self.total_units as f32 / self.doc_count as f32).max(1.0)
    }
}
