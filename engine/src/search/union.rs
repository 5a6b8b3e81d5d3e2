//! Several corpora as one: the corpus [`crate::sites`] searches.
//!
//! Documents are numbered one index after another (the first index's from 0, the second's
//! from the first's [`Corpus::id_space`], and so on), so every phase runs unchanged and ranks
//! on one scale: document counts, lengths and each pattern's document frequency are sums over
//! the members, exactly what one index built from all their articles would hold. Only the
//! vocabulary stays per index: a relaxed query is cut with the largest member's, and pinyin
//! walks every member's spelling dictionary.

use super::matches::PatternMatches;
use super::Corpus;
use crate::error::{Error, Result};
use crate::filter::{Field, Filters};
use crate::format::{Meta, StoredDoc};
use crate::hash::FxMap;
use crate::source::Need;
use crate::spell::Dictionary;
use crate::weight::Weights;
use fst::raw::Fst;
use std::cell::RefCell;
use std::sync::Arc;

/// The filter field whose value is each document's site label.
pub const SITE_FIELD: &str = "site";

/// Corpora numbered one after another.
pub(crate) struct Union<'a> {
    members: Vec<&'a dyn Corpus>,
    labels: &'a [String],
    /// First document number of each member, and (last) one past the whole.
    bases: Vec<u32>,
    /// Each pattern's matches per member (the proximity phase reads a member's own).
    parts: RefCell<FxMap<String, Vec<Arc<PatternMatches>>>>,
}

impl<'a> Union<'a> {
    /// The members, in order, with one label each.
    pub(crate) fn new(members: Vec<&'a dyn Corpus>, labels: &'a [String]) -> Result<Union<'a>> {
        let mut bases = Vec::with_capacity(members.len() + 1);
        let mut at = 0u32;
        for m in &members {
            bases.push(at);
            at = at.checked_add(m.id_space()).ok_or_else(|| {
                Error::Query("the indexes hold too many articles together".into())
            })?;
        }
        bases.push(at);
        Ok(Union {
            members,
            labels,
            bases,
            parts: RefCell::default(),
        })
    }

    /// The member holding document `doc`, and its number there.
    pub(crate) fn locate(&self, doc: u32) -> Result<(usize, u32)> {
        let k = self.bases.partition_point(|&b| b <= doc).saturating_sub(1);
        if k >= self.members.len() {
            return Err(Error::corrupt("a document beyond every index"));
        }
        Ok((k, doc - self.bases[k]))
    }

    /// Asks each member with its own record of what is missing, so that one member's missing
    /// fragments never hold back another's requests in the same round.
    fn each<T>(
        &self,
        need: &mut Need,
        mut f: impl FnMut(&'a dyn Corpus, &mut Need) -> Result<Option<T>>,
    ) -> Result<Option<Vec<T>>> {
        let mut out = Vec::with_capacity(self.members.len());
        for (k, m) in self.members.iter().enumerate() {
            let mut own = Need::default();
            let got = f(*m, &mut own)?;
            need.absorb(k as u32, own);
            out.extend(got);
        }
        Ok((out.len() == self.members.len()).then_some(out))
    }
}

impl Dictionary for Union<'_> {
    fn spellings(&self, prefixes: &[Vec<u8>], need: &mut Need) -> Result<Option<Vec<Fst<&[u8]>>>> {
        Ok(self
            .each(need, |m, n| m.spellings(prefixes, n))?
            .map(|all| all.into_iter().flatten().collect()))
    }
}

impl Corpus for Union<'_> {
    fn meta(&self) -> Meta {
        let mut sum = Meta::default();
        for m in &self.members {
            let x = m.meta();
            sum.doc_count = sum.doc_count.saturating_add(x.doc_count);
            sum.title_chars += x.title_chars;
            sum.body_chars += x.body_chars;
            sum.word_total += x.word_total;
            sum.total_units += x.total_units;
            sum.normalization = x.normalization;
        }
        sum
    }

    fn id_space(&self) -> u32 {
        self.bases[self.members.len()]
    }

    fn pattern(&self, key: &str, need: &mut Need) -> Result<Option<Arc<PatternMatches>>> {
        let Some(parts) = self.each(need, |m, n| m.pattern(key, n))? else {
            return Ok(None);
        };
        let mut all = PatternMatches::default();
        // Positions stay with each member's own matches (`body_positions` reads them there).
        for (p, &base) in parts.iter().zip(&self.bases) {
            all.docs.extend(p.docs.iter().map(|d| d + base));
            all.tf_title.extend_from_slice(&p.tf_title);
            all.tf_body.extend_from_slice(&p.tf_body);
            all.title_first.extend_from_slice(&p.title_first);
        }
        self.parts.borrow_mut().insert(key.to_owned(), parts);
        Ok(Some(Arc::new(all)))
    }

    fn units_ready(&self, need: &mut Need) -> Result<bool> {
        let ready = self.each(need, |m, n| Ok(m.units_ready(n)?.then_some(())))?;
        Ok(ready.is_some())
    }

    fn units(&self, doc: u32) -> Result<u32> {
        let (k, d) = self.locate(doc)?;
        self.members[k].units(d)
    }

    fn page(&self, doc: u32) -> Result<u32> {
        // A member's page ordinals are below its document numbers: offset, they stay apart.
        let (k, d) = self.locate(doc)?;
        Ok(self.members[k].page(d)? + self.bases[k])
    }

    fn own_pages(&self) -> Result<bool> {
        for m in &self.members {
            if !m.own_pages()? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn body_positions(
        &self,
        key: &str,
        m: &PatternMatches,
        i: usize,
        out: &mut Vec<u32>,
    ) -> Result<()> {
        let doc = *m
            .docs
            .get(i)
            .ok_or_else(|| Error::corrupt("no such match"))?;
        let (k, d) = self.locate(doc)?;
        let parts = self.parts.borrow();
        let own = parts
            .get(key)
            .and_then(|p| p.get(k))
            .ok_or_else(|| Error::corrupt("positions of a pattern that was not resolved"))?;
        let j = own
            .find(d)
            .ok_or_else(|| Error::corrupt("a match missing from its index"))?;
        self.members[k].body_positions(key, own, j, out)
    }

    fn stored(&self, doc: u32, need: &mut Need) -> Result<Option<StoredDoc>> {
        let (k, d) = self.locate(doc)?;
        let mut own = Need::default();
        let got = self.members[k].stored(d, &mut own)?;
        need.absorb(k as u32, own);
        Ok(got)
    }

    fn filters(&self, need: &mut Need) -> Result<Option<Arc<Filters>>> {
        let Some(parts) = self.each(need, |m, n| m.filters(n))? else {
            return Ok(None);
        };
        let lives: Vec<Vec<u32>> = self.members.iter().map(|m| m.live()).collect();
        let mut days = Vec::with_capacity(self.id_space() as usize);
        // (field, value, member, its documents there), then sorted: each field's values in
        // order, each value's lists in member order (a sort, not a map: fewer bytes of wasm).
        let mut items: Vec<(&str, &str, usize, &[u32])> = Vec::new();
        for (k, f) in parts.iter().enumerate() {
            let space = (self.bases[k + 1] - self.bases[k]) as usize;
            days.extend(f.days.iter().copied().take(space));
            days.resize(self.bases[k + 1] as usize, None);
            for field in f.fields.iter().filter(|x| x.name != SITE_FIELD) {
                for (v, docs) in &field.values {
                    items.push((&field.name, v, k, docs));
                }
            }
            let label = self.labels.get(k).map_or("", String::as_str);
            items.push((SITE_FIELD, label, k, &lives[k]));
        }
        crate::sort::by(&mut items, |a, b| (a.0, a.1, a.2) < (b.0, b.1, b.2));
        let mut fields: Vec<Field> = Vec::new();
        for (name, value, k, docs) in items {
            if fields.last().is_none_or(|f| f.name != name) {
                fields.push(Field {
                    name: name.to_owned(),
                    values: Vec::new(),
                });
            }
            let Some(field) = fields.last_mut() else {
                continue;
            };
            if field.values.last().is_none_or(|(v, _)| v != value) {
                field.values.push((value.to_owned(), Vec::new()));
            }
            if let Some((_, list)) = field.values.last_mut() {
                let (base, space) = (self.bases[k], self.bases[k + 1] - self.bases[k]);
                list.extend(docs.iter().filter(|&&d| d < space).map(|d| d + base));
            }
        }
        Ok(Some(Arc::new(Filters { fields, days })))
    }

    fn weights(&self, need: &mut Need) -> Result<Option<Arc<Weights>>> {
        let Some(parts) = self.each(need, |m, n| m.weights(n))? else {
            return Ok(None);
        };
        let mut all = Weights::default();
        for (w, &base) in parts.iter().zip(&self.bases) {
            all.append(base, w);
        }
        Ok(Some(Arc::new(all)))
    }

    fn live(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for (m, &base) in self.members.iter().zip(&self.bases) {
            out.extend(m.live().into_iter().map(|d| d + base));
        }
        out
    }

    fn cut(&self, key: &str, need: &mut Need) -> Result<Option<Vec<String>>> {
        // The largest vocabulary cuts (the first of equals).
        let Some(k) = (0..self.members.len())
            .rev()
            .max_by_key(|&k| self.members[k].word_total())
        else {
            return Ok(Some(Vec::new()));
        };
        let mut own = Need::default();
        let got = self.members[k].cut(key, &mut own)?;
        need.absorb(k as u32, own);
        Ok(got)
    }
}
