//! The single file's answers to the search phases: candidates from doc-level character (and
//! pair) postings, verified by scanning each candidate's stored search key.

use super::matches::{char_positions, count_all, PatternMatches};
use super::{run, Corpus, SearchOptions, SearchResults};
use crate::error::{Error, Result};
use crate::format::{Index, IndexRef, StoredDoc};
use crate::postings::{doclevel, DocSet};
use crate::segment::Segmenter;
use crate::source::Need;
use crate::spell::Dictionary;
use fst::raw::Fst;
use memchr::memmem::Finder;
use std::sync::Arc;

impl<'a> IndexRef<'a> {
    /// Documents containing every character of `key` and every indexed pair of adjacent
    /// characters (a superset of the documents containing `key`).
    fn char_candidates(&self, chars: &fst::Map<&[u8]>, key: &str) -> Result<DocSet> {
        let n = self.doc_count();
        let starts: Vec<usize> = key
            .char_indices()
            .map(|(i, _)| i)
            .chain([key.len()])
            .collect();
        // (Slicing with get: char boundaries by construction, and no panic path in the module.)
        let mut grams: Vec<&str> = starts
            .windows(2)
            .filter_map(|w| key.get(w[0]..w[1]))
            .collect();
        crate::sort::few(&mut grams, |a, b| a < b);
        grams.dedup();
        let mut pairs: Vec<&str> = starts
            .windows(3)
            .filter_map(|w| key.get(w[0]..w[2]))
            .collect();
        crate::sort::few(&mut pairs, |a, b| a < b);
        pairs.dedup();
        let mut lists = Vec::with_capacity(grams.len() + pairs.len());
        for g in grams {
            match chars.get(g) {
                Some(off) => lists.push(self.postings_at(off)?),
                None => return Ok(DocSet::empty(n)),
            }
        }
        for p in pairs {
            if let Some(off) = chars.get(p) {
                lists.push(self.postings_at(off)?);
            }
        }
        // Rarest first: postings start with their document frequency.
        let df = |b: &[u8]| {
            let mut p = 0;
            crate::varint::get(b, &mut p).unwrap_or(0)
        };
        crate::sort::few(&mut lists, |a, b| df(a) < df(b));
        let mut set = DocSet::full(n);
        for b in lists {
            set.intersect(&doclevel::char_postings(b, n)?);
            if set.is_empty() {
                break;
            }
        }
        Ok(set)
    }

    /// The query-time segmenter over this index's vocabulary.
    pub fn with_segmenter<T>(&self, f: impl FnOnce(&Segmenter<'_>) -> T) -> Result<T> {
        let words = self.words()?;
        let fst = words.as_fst();
        Ok(f(&Segmenter::new(fst, self.meta().word_total)))
    }

    /// See [`Index::search`].
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let mut need = Need::default();
        run(self, query, opts, &mut need)?
            .ok_or_else(|| Error::corrupt("a single-file index asked for fragments"))
    }
}

impl<D: AsRef<[u8]>> Index<D> {
    /// Runs a query string: every article containing all its pieces, ranked, with the
    /// requested page of hits. When no article contains it as typed, unquoted pieces are cut
    /// into words with the index's vocabulary and the query runs again over the words
    /// (reported in [`SearchResults::relaxed`]); quoted phrases are never relaxed.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        self.view().search(query, opts)
    }

    /// The query-time segmenter over this index's vocabulary.
    pub fn with_segmenter<T>(&self, f: impl FnOnce(&Segmenter<'_>) -> T) -> Result<T> {
        self.view().with_segmenter(f)
    }
}

impl Dictionary for IndexRef<'_> {
    fn spellings(&self, _: &[Vec<u8>], _: &mut Need) -> Result<Option<Vec<Fst<&[u8]>>>> {
        Ok(Some(vec![self.spell()?]))
    }
}

impl Corpus for IndexRef<'_> {
    fn meta(&self) -> crate::format::Meta {
        IndexRef::meta(self)
    }

    fn pattern(&self, key: &str, _: &mut Need) -> Result<Option<Arc<PatternMatches>>> {
        let chars = self.chars()?;
        let candidates = self.char_candidates(&chars, key)?;
        let f = Finder::new(key.as_bytes());
        let multi = key.chars().nth(1).is_some();
        let mut m = PatternMatches::default();
        for d in candidates.iter() {
            let doc = self.doc(d)?;
            let (t, b) = (count_all(&f, doc.title_key), count_all(&f, doc.body_key));
            if t + b > 0 {
                m.docs.push(d);
                m.tf_title.push(t);
                m.tf_body.push(b);
                m.title_first
                    .push(multi && doc.title_key.starts_with(key.as_bytes()));
            }
        }
        Ok(Some(Arc::new(m)))
    }

    fn units_ready(&self, _: &mut Need) -> Result<bool> {
        Ok(true)
    }

    fn units(&self, doc: u32) -> Result<u32> {
        Ok(self.doc(doc)?.units)
    }

    fn page(&self, doc: u32) -> Result<u32> {
        self.doc_page(doc)
    }

    fn own_pages(&self) -> Result<bool> {
        // Ordinals count up from 0, so the last document's is its number exactly then.
        match self.doc_count().checked_sub(1) {
            Some(last) => Ok(self.doc_page(last)? == last),
            None => Ok(true),
        }
    }

    fn body_positions(
        &self,
        key: &str,
        m: &PatternMatches,
        i: usize,
        out: &mut Vec<u32>,
    ) -> Result<()> {
        let doc = self.doc(m.docs[i])?;
        char_positions(&Finder::new(key.as_bytes()), doc.body_key, out);
        Ok(())
    }

    fn stored(&self, doc: u32, _: &mut Need) -> Result<Option<StoredDoc>> {
        Ok(Some(self.doc(doc)?.stored()?))
    }

    fn filters(&self, _: &mut Need) -> Result<Option<Arc<crate::filter::Filters>>> {
        Ok(Some(Arc::new(IndexRef::filters(self)?)))
    }

    fn weights(&self, _: &mut Need) -> Result<Option<Arc<crate::weight::Weights>>> {
        Ok(Some(IndexRef::weights(self)))
    }

    fn cut(&self, key: &str, _: &mut Need) -> Result<Option<Vec<String>>> {
        self.with_segmenter(|seg| Some(seg.cut(key).into_iter().map(str::to_owned).collect()))
    }
}
