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

/// Fragments a search step found missing (deduplicated, in order of first request), each with
/// the index it belongs to when several are searched as one ([`crate::sites`]; 0 otherwise).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Need {
    frags: Vec<(u32, Frag)>,
}

impl Need {
    /// Records that `f` is needed.
    pub fn add(&mut self, f: Frag) {
        self.add_for(0, f);
    }

    /// Records that fragment `f` of index `site` is needed.
    fn add_for(&mut self, site: u32, f: Frag) {
        if !self.frags.contains(&(site, f)) {
            self.frags.push((site, f));
        }
    }

    /// Records what one of several indexes searched as one needs, as needed by index `site`.
    pub(crate) fn absorb(&mut self, site: u32, other: Need) {
        for (_, f) in other.frags {
            self.add_for(site, f);
        }
    }

    /// Whether nothing is missing.
    pub fn is_empty(&self) -> bool {
        self.frags.is_empty()
    }

    /// Takes the missing fragments out.
    pub fn take(&mut self) -> Vec<Frag> {
        self.take_sited().into_iter().map(|(_, f)| f).collect()
    }

    /// Takes the missing fragments out, each with its index.
    pub fn take_sited(&mut self) -> Vec<(u32, Frag)> {
        std::mem::take(&mut self.frags)
    }
}
