//! Finding a pattern's documents in each segment: its cover of grams ([`super::plan`]), where
//! their lists are (the segment's frequent table, else its dictionary slot), the lists, and
//! the occurrences they prove; then the segments' documents joined.

use super::dict::{self, ListAt};
use super::entry::Entry;
use super::{plan, SplitIndex};
use crate::error::{Error, Result};
use crate::postings::positional::{self, GramList};
use crate::search::matches::PatternMatches;
use crate::source::{Frag, Need};
use std::ops::Range;

impl SplitIndex {
    /// The dictionary slot of `gram` in segment `s` (`None`: the segment has no slots).
    fn slot(&self, s: usize, gram: &str) -> Result<Option<Frag>> {
        let d = &self.entry.segments[s].dict;
        if d.slots == 0 {
            return Ok(None);
        }
        let k = dict::slot_of(gram, d.slots);
        // The entry's check makes the first run start at slot 0.
        let run = d.runs[d.runs.partition_point(|r| r.first <= k).saturating_sub(1)];
        let bad = || Error::corrupt("entry: dictionary slot outside its part");
        let offset = u64::from(k - run.first)
            .checked_mul(u64::from(d.slot_len))
            .and_then(|o| o.checked_add(run.offset))
            .ok_or_else(bad)?;
        let f = Frag {
            part: run.part,
            offset,
            len: d.slot_len,
        };
        if !self.entry.holds(&f) {
            return Err(Error::corrupt("entry: dictionary slot outside its part"));
        }
        Ok(Some(f))
    }

    /// Where `gram`'s list is in segment `s`: `None` when its slot must be fetched first,
    /// `Some(None)` when the segment does not have the gram.
    fn locate(&self, s: usize, gram: &str, need: &mut Need) -> Result<Option<Option<Place>>> {
        if let Some(f) = self.frequent[s].get(gram) {
            return Ok(Some(Some(Place::Own(*f))));
        }
        let Some(slot) = self.slot(s, gram)? else {
            return Ok(Some(None));
        };
        let Some(payload) = self.frame(&slot, need) else {
            return Ok(None);
        };
        match dict::lookup(payload, gram) {
            Ok(Some(ListAt::Frag(f))) if self.entry.holds(&f) => Ok(Some(Some(Place::Own(f)))),
            Ok(Some(ListAt::Frag(_))) => Err(self.damaged(&slot, "names a list outside its part")),
            Ok(Some(ListAt::Inline(r))) => Ok(Some(Some(Place::InSlot(slot, r)))),
            Ok(None) => Ok(Some(None)),
            Err(e) => Err(self.damaged(&slot, e)),
        }
    }

    fn list(
        &self,
        s: usize,
        at: &Place,
        positional: bool,
        need: &mut Need,
    ) -> Result<Option<GramList>> {
        let Some(b) = self.frame(at.frag(), need) else {
            return Ok(None);
        };
        let bytes = match at {
            Place::Own(_) => &b[..],
            // `dict::lookup` checked the range against the payload.
            Place::InSlot(_, r) => b.get(r.clone()).unwrap_or_default(),
        };
        let n = self.entry.segments[s].docs_count;
        positional::decode(bytes, n, positional)
            .map(Some)
            .map_err(|e| self.damaged(at.frag(), e))
    }

    /// Every document of segment `s` containing `key` (numbered within the segment).
    pub(super) fn resolve(
        &self,
        s: usize,
        key: &str,
        need: &mut Need,
    ) -> Result<Option<PatternMatches>> {
        let chars: Vec<char> = key.chars().collect();
        if chars.len() == 1 {
            return Ok(match self.locate(s, key, need)? {
                None => None,
                Some(None) => Some(PatternMatches::default()),
                Some(Some(at)) => self
                    .list(s, &at, false, need)?
                    .map(positional::char_matches),
            });
        }
        let seg = &self.entry.segments[s];
        let other = u64::from(seg.frequent_len / 4).max(64);
        let frequent = &self.frequent[s];
        let cover = plan::cover(&chars, |g| frequent.get(g).map(|f| f.len), other);
        let mut places = Vec::with_capacity(cover.len());
        let mut missing = false;
        for (g, _) in &cover {
            match self.locate(s, g, need)? {
                None => missing = true,
                // A cover gram the segment does not have: the pattern occurs nowhere in it.
                Some(None) => return Ok(Some(PatternMatches::default())),
                Some(Some(at)) => places.push(at),
            }
        }
        if missing {
            return Ok(None);
        }
        // Every list requested before any is decoded (a step runs again as each arrives).
        let mut missing = false;
        for at in &places {
            missing |= self.frame(at.frag(), need).is_none();
        }
        if missing {
            return Ok(None);
        }
        let mut lists = Vec::with_capacity(places.len());
        for at in &places {
            let Some(l) = self.list(s, at, true, need)? else {
                return Ok(None);
            };
            lists.push(l);
        }
        let with_offsets: Vec<(&GramList, u32)> = lists
            .iter()
            .zip(&cover)
            .map(|(l, (_, o))| (l, *o))
            .collect();
        Ok(Some(positional::resolve(&with_offsets)))
    }
}

/// Where a gram's list is: a fragment of its own, or these bytes of its dictionary slot.
enum Place {
    Own(Frag),
    InSlot(Frag, Range<usize>),
}

impl Place {
    /// The fragment that holds the list.
    fn frag(&self) -> &Frag {
        match self {
            Place::Own(f) | Place::InSlot(f, _) => f,
        }
    }
}

/// The matches of every segment (`found[s]` numbered within segment `s`) as one, numbered
/// across segments, without the deleted documents.
pub(super) fn join(e: &Entry, mut found: Vec<PatternMatches>) -> PatternMatches {
    if found.len() == 1 && e.deleted.is_empty() {
        return found.pop().unwrap_or_default();
    }
    let keep_pos = found.iter().any(|m| !m.body_starts.is_empty());
    let mut out = PatternMatches::default();
    if keep_pos {
        out.body_starts.push(0);
    }
    let mut del = e.deleted.iter().peekable();
    for (seg, m) in e.segments.iter().zip(&found) {
        for (i, &local) in m.docs.iter().enumerate() {
            let doc = seg.first + local;
            while del.next_if(|&&d| d < doc).is_some() {}
            if del.peek() == Some(&&doc) {
                continue;
            }
            out.docs.push(doc);
            out.tf_title.push(m.tf_title[i]);
            out.tf_body.push(m.tf_body[i]);
            out.title_first
                .push(m.title_first.get(i).copied().unwrap_or(false));
            if keep_pos {
                out.body_pos
                    .extend_from_slice(m.body_positions(i).unwrap_or(&[]));
                out.body_starts.push(out.body_pos.len() as u32);
            }
        }
    }
    out
}
