//! Where an index's bytes come from.
//!
//! A single-file index is one slice in memory (embedded in the wasm module, or read from a
//! file): nothing is ever missing. A split index lives in pack files and is read in fragments,
//! byte ranges that the reader asks for when a query needs them: the search runs until it
//! meets data it does not have, reports every missing [`Frag`] of that phase at once in a
//! [`Need`], and is run again once they have been supplied (by a file reader natively, by
//! `fetch` with range requests in the browser). Pagefind's "which chunks does this query
//! need" loop, with the knowledge of which fragment holds what kept in the engine.

/// A byte range of one pack part of a split index: the unit that is fetched, checked and
/// cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Frag {
    /// Index of the pack part in the entry's part list.
    pub part: u32,
    /// First byte.
    pub offset: u64,
    /// Length in bytes.
    pub len: u32,
}

impl Frag {
    /// One past the last byte (saturating: a hostile offset lies outside every part).
    pub fn end(&self) -> u64 {
        self.offset.saturating_add(u64::from(self.len))
    }
}

/// Fragments a search step found missing (deduplicated, in order of first request).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Need {
    frags: Vec<Frag>,
}

impl Need {
    /// Records that `f` is needed.
    pub fn add(&mut self, f: Frag) {
        if !self.frags.contains(&f) {
            self.frags.push(f);
        }
    }

    /// Whether nothing is missing.
    pub fn is_empty(&self) -> bool {
        self.frags.is_empty()
    }

    /// Takes the missing fragments out.
    pub fn take(&mut self) -> Vec<Frag> {
        std::mem::take(&mut self.frags)
    }
}
