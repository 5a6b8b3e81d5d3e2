//! The fragments a split index reader holds: payloads by fragment, bounded in bytes.
//!
//! Every read stamps the fragment with the current query's epoch; the epoch advances when a
//! query completes. Past the bound, the fragments least recently used are dropped first, and
//! never one read or supplied during the last [`KEEP_QUERIES`] epochs: queries overlap in the
//! browser (each keystroke starts one, and they finish in any order), so a query between its
//! rounds never loses what an earlier round fetched for it while a few others complete.

use crate::hash::FxMap;
use crate::source::Frag;
use std::cell::Cell;
use std::sync::Arc;

/// Epochs (completed queries) during which what a query used is never dropped.
pub(crate) const KEEP_QUERIES: u64 = 8;

struct Held {
    bytes: Arc<Vec<u8>>,
    used: Cell<u64>,
}

/// Payloads of fragments, bounded in bytes.
pub(crate) struct Frames {
    map: FxMap<Frag, Held>,
    bytes: usize,
    limit: usize,
    epoch: u64,
}

impl Frames {
    pub(crate) fn new(limit: usize) -> Frames {
        Frames {
            map: FxMap::default(),
            bytes: 0,
            limit,
            epoch: 1,
        }
    }

    pub(crate) fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// Bytes held.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    pub(crate) fn contains(&self, f: &Frag) -> bool {
        self.map.contains_key(f)
    }

    /// The payload of `f`, stamped as used by the current query.
    pub(crate) fn get(&self, f: &Frag) -> Option<&Arc<Vec<u8>>> {
        let h = self.map.get(f)?;
        h.used.set(self.epoch);
        Some(&h.bytes)
    }

    pub(crate) fn insert(&mut self, f: Frag, payload: Vec<u8>) {
        self.bytes += payload.len();
        let held = Held {
            bytes: Arc::new(payload),
            used: Cell::new(self.epoch),
        };
        if let Some(old) = self.map.insert(f, held) {
            self.bytes -= old.bytes.len();
        }
    }

    pub(crate) fn remove(&mut self, f: &Frag) {
        if let Some(h) = self.map.remove(f) {
            self.bytes -= h.bytes.len();
        }
    }

    /// A query completed: what it read may be dropped from now on.
    pub(crate) fn next_epoch(&mut self) {
        self.epoch += 1;
    }

    /// Drops fragments not used in the last [`KEEP_QUERIES`] epochs, least recently used
    /// first, until the bound holds; `pinned` fragments always stay.
    pub(crate) fn evict(&mut self, pinned: impl Fn(&Frag) -> bool) {
        // Oldest query first, a pass per query (no sort: this code is in every visitor's
        // download).
        while self.bytes > self.limit {
            let oldest = self
                .map
                .iter()
                .filter(|(f, h)| h.used.get() + KEEP_QUERIES <= self.epoch && !pinned(f))
                .map(|(_, h)| h.used.get())
                .min();
            let Some(oldest) = oldest else {
                return;
            };
            let limit = self.limit;
            let mut bytes = self.bytes;
            self.map.retain(|f, h| {
                let drop = bytes > limit && h.used.get() == oldest && !pinned(f);
                if drop {
                    bytes -= h.bytes.len();
                }
                !drop
            });
            self.bytes = bytes;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frag(i: u64) -> Frag {
        Frag {
            part: 0,
            offset: i,
            len: 1,
        }
    }

    #[test]
    fn keeps_recent_queries_and_drops_the_oldest() {
        let mut c = Frames::new(20);
        c.insert(frag(1), vec![0; 10]);
        c.next_epoch();
        c.insert(frag(2), vec![0; 10]);
        // Over the bound, but both were used within the last queries: both stay.
        c.insert(frag(3), vec![0; 10]);
        c.evict(|_| false);
        assert_eq!(c.len(), 3);
        // Queries complete; frag 2 is read again by a later one.
        for _ in 0..KEEP_QUERIES - 1 {
            c.next_epoch();
        }
        assert!(c.get(&frag(2)).is_some());
        c.evict(|_| false);
        // frag 1 (oldest, out of the window) goes first; frag 3 is still within it.
        assert!(!c.contains(&frag(1)));
        assert!(c.contains(&frag(2)) && c.contains(&frag(3)));
        assert_eq!(c.bytes(), 20);
        // Long after, the bound is restored, least recently used first, pinned ones kept.
        for _ in 0..KEEP_QUERIES {
            c.next_epoch();
        }
        c.insert(frag(4), vec![0; 10]);
        c.evict(|f| *f == frag(3));
        assert!(c.contains(&frag(3)) && c.contains(&frag(4)));
        assert!(!c.contains(&frag(2)));
        assert!(c.bytes() <= 20);
    }
}
