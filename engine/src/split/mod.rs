//! The split layout: an index a browser reads piece by piece.
//!
//! A split index is a directory: one small entry ([`entry`], the only file that changes
//! between builds) and immutable pack parts named by their content hash, read with HTTP range
//! requests. The parts hold [frames](crate::frame):
//!
//! - the **doc table**: every document's stored size in units (ranking's length, and where its
//!   record is);
//! - **document records**: keys, display edits and metadata of one document each, fetched only
//!   for the hits shown;
//! - **gram lists** ([`crate::postings::positional`]): positions of every pair of adjacent
//!   characters, of longer grams where pairs are frequent, and counts of every character;
//! - **dictionary slots** ([`dict`]): where each gram's list is, and the smaller lists
//!   themselves;
//! - **vocabulary shards**: the query-time dictionary, fetched only to relax a query.
//!
//! Doc table, records, lists and dictionary come per *segment* (see [`entry`]): a fresh build
//! has one; an update adds a small segment of the changed articles and marks their old
//! versions deleted, so it rewrites few files. A pattern is looked up in every segment, in the
//! same rounds, and the documents of the segments joined (deleted ones left out).
//!
//! After the entry (fetched while the wasm module loads), a query costs at most three
//! dependent rounds of requests: dictionary slots (with the frequent grams' lists and the doc
//! table, whose places the entry gives), then the lists the slots do not carry, then the
//! records of the hits shown; a query relaxed into words (nothing contained it as typed) adds the vocabulary and
//! the words' lists, about six in all. [`SplitIndex::search`] runs the search phases ([`crate::search`]) until they meet a
//! fragment it does not have and returns every fragment that phase needs ([`Step::Need`]);
//! the caller fetches them, hands them to [`SplitIndex::supply`] and asks again. Fragments are
//! kept (up to a memory bound) for later queries. Results are identical to the single file's
//! for the same articles: same totals, same order, same hits. After an update they are those
//! of a fresh build of the same articles in the index order (base first, then the new
//! segment), so only hits of equal score can come in another order.
//!
//! ```
//! # fn main() -> zhsearch_engine::Result<()> {
//! use zhsearch_engine::build::{build_split, BuildOptions};
//! use zhsearch_engine::split::{SplitIndex, Step};
//! use zhsearch_engine::{Article, SearchOptions};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let articles = vec![Article {
//!     id: "1".into(),
//!     title: "乡村振兴简报".into(),
//!     body: "会议强调乡村\n振兴，推动产业发展。".into(),
//!     ..Article::default()
//! }];
//! build_split(&articles, &BuildOptions::default(), dir.path())?;
//! let mut index = SplitIndex::open_dir(dir.path())?;
//! // The whole loop, reading fragments from the directory:
//! let r = index.search_dir(dir.path(), "村振", &SearchOptions::default())?;
//! assert_eq!(r.hits[0].title, "乡村振兴简报");
//! // Or step by step, as a browser does it:
//! let mut rounds = 0;
//! let r = loop {
//!     match index.search("会议 产业", &SearchOptions::default())? {
//!         Step::Done(r) => break r,
//!         Step::Need(frags) => {
//!             rounds += 1;
//!             for f in frags {
//!                 let bytes = index.read_local(dir.path(), &f)?;
//!                 index.supply(&f, &bytes)?;
//!             }
//!         }
//!     }
//! };
//! assert_eq!(r.total, 1);
//! assert!(rounds <= 3);
//! # Ok(())
//! # }
//! ```

pub(crate) mod cache;
pub mod dict;
mod docs;
pub mod entry;
mod lookup;
pub(crate) mod plan;

use crate::error::{Error, Result};
use crate::format::{Index, StoredDoc};
use crate::frame;
use crate::hash::{FxMap, FxSet};
use crate::search::matches::PatternMatches;
use crate::search::{Corpus, SearchOptions, SearchResults};
use crate::segment::{shard_of, Segmenter};
use crate::sites::{Member, SitesStep};
use crate::source::{Frag, Need};
use crate::spell::Dictionary;
use cache::Frames;
use docs::DocTable;
use entry::Entry;
use fst::raw::Fst;
use std::cell::RefCell;
#[cfg(not(target_family = "wasm"))]
use std::path::Path;
use std::sync::Arc;

/// Bytes of fragments kept in memory before those of earlier queries are dropped.
pub const DEFAULT_CACHE_BYTES: usize = 96 << 20;
/// Bytes of resolved patterns kept for the next queries (typing extends the previous query).
const MEMO_BYTES: usize = 8 << 20;

/// One step of a search on a split index.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The results.
    Done(SearchResults),
    /// These fragments are needed first: fetch them (in parallel), supply them, search again.
    Need(Vec<Frag>),
}

/// Patterns resolved by earlier queries, bounded in bytes.
#[derive(Default)]
struct Memo {
    map: FxMap<String, Arc<PatternMatches>>,
    bytes: usize,
}

impl Memo {
    fn insert(&mut self, key: &str, m: Arc<PatternMatches>) {
        let size = key.len() + 12 * m.docs.len() + 4 * (m.body_starts.len() + m.body_pos.len());
        if self.bytes + size > MEMO_BYTES {
            self.map.clear();
            self.bytes = 0;
        }
        if size <= MEMO_BYTES {
            self.bytes += size;
            self.map.insert(key.to_owned(), m);
        }
    }
}

/// A split index being read: its entry, and the fragments supplied so far.
pub struct SplitIndex {
    entry: Entry,
    /// Each segment's frequent grams and where their lists are.
    frequent: Vec<FxMap<String, Frag>>,
    /// The doc table's blocks, which stay in memory once there.
    doc_blocks: FxSet<Frag>,
    frames: Frames,
    docs: Option<DocTable>,
    compact: Option<Index<Vec<u8>>>,
    memo: RefCell<Memo>,
    /// The filters, once decoded.
    filters: RefCell<Option<Arc<crate::filter::Filters>>>,
    /// The weighted runs, once decoded.
    weights: RefCell<Option<Arc<crate::weight::Weights>>>,
    /// Fragments whose checked payload failed to decode: dropped before the next query, so
    /// that it fetches them again instead of failing on the same bytes.
    poisoned: RefCell<Vec<Frag>>,
}

impl std::fmt::Debug for SplitIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SplitIndex")
            .field("docs", &self.entry.meta.doc_count)
            .field("segments", &self.entry.segments.len())
            .field("parts", &self.entry.parts.len())
            .field("fragments", &self.frames.len())
            .field("cached", &self.frames.bytes())
            .field("compact", &self.compact.is_some())
            .finish()
    }
}

impl SplitIndex {
    /// Reads an entry (checked: see [`Entry::decode`]).
    pub fn open(entry_bytes: &[u8]) -> Result<SplitIndex> {
        let entry = Entry::decode(entry_bytes)?;
        let frequent = entry
            .segments
            .iter()
            .map(|s| s.frequent.iter().cloned().collect())
            .collect();
        let doc_blocks = entry
            .segments
            .iter()
            .flat_map(|s| s.docs.iter().copied())
            .collect();
        Ok(SplitIndex {
            entry,
            frequent,
            doc_blocks,
            frames: Frames::new(DEFAULT_CACHE_BYTES),
            docs: None,
            compact: None,
            filters: RefCell::new(None),
            weights: RefCell::new(None),
            memo: RefCell::default(),
            poisoned: RefCell::default(),
        })
    }

    /// Opens the split index in directory `dir` (reads its entry).
    #[cfg(not(target_family = "wasm"))]
    pub fn open_dir(dir: &Path) -> Result<SplitIndex> {
        let bytes = crate::format::read_file(&dir.join(entry::ENTRY_NAME))?;
        Self::open(&bytes)
    }

    /// The entry.
    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    /// Number of articles.
    pub fn doc_count(&self) -> u32 {
        self.entry.meta.doc_count
    }

    /// Bounds the memory kept for fragments (those of earlier queries are dropped past it).
    pub fn set_cache_limit(&mut self, bytes: usize) {
        self.frames.set_limit(bytes);
    }

    /// Bytes of fragments held.
    pub fn cached_bytes(&self) -> usize {
        self.frames.bytes()
    }

    /// Whether fragment `f` is held (supplied and not dropped since).
    pub fn holds(&self, f: &Frag) -> bool {
        self.frames.contains(f)
    }

    /// Whether `f` is a document record: what the hits shown are read from, and the only
    /// fragments whose arrival never lets a search name more.
    pub fn is_record(&self, f: &Frag) -> bool {
        self.entry
            .segments
            .iter()
            .any(|s| s.text.iter().any(|r| r.part == f.part))
    }

    /// The pack part file a fragment is in.
    pub fn part_name(&self, f: &Frag) -> &str {
        self.entry
            .parts
            .get(f.part as usize)
            .map_or("", |p| p.name.as_str())
    }

    /// A fragment's name for messages: `part@offset+len`.
    pub fn describe(&self, f: &Frag) -> String {
        format!("{}@{}+{}", self.part_name(f), f.offset, f.len)
    }

    /// Whether the compact single file has been attached (every query then runs on it).
    pub fn has_compact(&self) -> bool {
        self.compact.is_some()
    }

    /// Attaches the compact single file named by the entry (the offline form, its pieces
    /// joined): from then on queries need no fragments. Refuses a file of another build: its
    /// checksum must be the one in the pieces' names, and its numbers the entry's.
    pub fn attach_compact(&mut self, bytes: Vec<u8>) -> Result<()> {
        let want = self
            .entry
            .compact_checksum()
            .ok_or_else(|| Error::corrupt("this split index has no compact form"))?;
        let index = Index::open(bytes)?;
        if crate::format::u64_at(index.bytes(), 24) != Some(want) || index.meta() != self.entry.meta
        {
            return Err(Error::corrupt(
                "the compact index does not belong to this split index",
            ));
        }
        self.compact = Some(index);
        self.memo.borrow_mut().map.clear();
        Ok(())
    }

    /// Checks, decodes and keeps a fetched fragment.
    #[cfg(feature = "inflate")]
    pub fn supply(&mut self, f: &Frag, bytes: &[u8]) -> Result<()> {
        if self.frames.contains(f) {
            return Ok(());
        }
        let what = || self.describe(f);
        let payload = frame::payload(unpack(f, bytes, &what)?, &what)?;
        self.supply_payload(f, payload)
    }

    /// Keeps the payload of fragment `f` (its frame checked with [`unpack`] and
    /// inflated, if it was deflated, to the length the frame gave).
    pub fn supply_payload(&mut self, f: &Frag, payload: Vec<u8>) -> Result<()> {
        if self.frames.contains(f) {
            return Ok(());
        }
        let dictionary = if self.entry.words.contains(f) {
            Some("vocabulary")
        } else if self.entry.spell.iter().any(|(_, s)| s == f) {
            Some("spelling dictionary")
        } else {
            None
        };
        if let Some(what) = dictionary {
            // Dictionaries are walked without checks: verify them once, here.
            if let Err(e) = crate::format::verify_fst(&payload) {
                return Err(Error::Fragment {
                    fragment: self.describe(f),
                    reason: format!("{what}: {e}"),
                });
            }
        }
        self.frames.insert(*f, payload);
        if self.docs.is_none() && self.doc_blocks.contains(f) {
            let frames = &self.frames;
            let built = DocTable::build(&self.entry, &|b| frames.get(b).cloned(), &|b| {
                self.describe(b)
            });
            match built {
                Ok(t) => self.docs = t,
                Err(bad) => {
                    self.frames.remove(&bad.block);
                    return Err(bad.error);
                }
            }
        }
        let blocks = &self.doc_blocks;
        self.frames.evict(|g| blocks.contains(g));
        Ok(())
    }

    /// One step of a search: the results, or the fragments needed first.
    pub fn search(&mut self, query: &str, opts: &SearchOptions) -> Result<Step> {
        // One index without a label: searched as itself (the one step that drives both).
        let one = &mut [Member::Split(self)];
        Ok(match crate::sites::search(one, &[], query, opts)? {
            SitesStep::Done(r) => Step::Done(r),
            SitesStep::Need(frags) => Step::Need(frags.into_iter().map(|(_, f)| f).collect()),
        })
    }

    /// Before each step of a search: fragments that failed to decode are dropped (fetched
    /// again rather than failing on the same bytes).
    pub(crate) fn begin_step(&mut self) {
        for f in self.poisoned.get_mut().drain(..) {
            self.frames.remove(&f);
        }
    }

    /// After a search is done: its fragments become the ones evicted first.
    pub(crate) fn end_search(&mut self) {
        self.frames.next_epoch();
    }

    /// The compact single file, when attached (queries then run on it).
    pub(crate) fn compact(&self) -> Option<crate::format::IndexRef<'_>> {
        self.compact.as_ref().map(|c| c.view())
    }

    /// Searches, fetching every missing fragment with `fetch` (given the fragment and its part
    /// file's name) until the results are complete; `fetch` is told each round's number
    /// (from 1) too.
    #[cfg(feature = "inflate")]
    pub fn search_with(
        &mut self,
        query: &str,
        opts: &SearchOptions,
        mut fetch: impl FnMut(u32, &str, &Frag) -> Result<Vec<u8>>,
    ) -> Result<SearchResults> {
        let one = &mut [Member::Split(self)];
        crate::sites::search_with(one, &[], query, opts, |round, _, name, f| {
            fetch(round, name, f)
        })
    }

    /// Reads fragment `f` from the pack part in directory `dir`.
    #[cfg(not(target_family = "wasm"))]
    pub fn read_local(&self, dir: &Path, f: &Frag) -> Result<Vec<u8>> {
        read_range(&dir.join(self.part_name(f)), f)
    }

    /// [`SplitIndex::search_with`] reading fragments from the split index directory `dir`.
    #[cfg(all(feature = "inflate", not(target_family = "wasm")))]
    pub fn search_dir(
        &mut self,
        dir: &Path,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<SearchResults> {
        self.search_with(query, opts, |_, name, f| read_range(&dir.join(name), f))
    }

    /// The payload of `f`, or `None` after adding it to `need`.
    fn frame(&self, f: &Frag, need: &mut Need) -> Option<&Arc<Vec<u8>>> {
        let got = self.frames.get(f);
        if got.is_none() {
            need.add(*f);
        }
        got
    }

    /// What fragment `frag` decodes to, decoded once and kept in `cell` (no fragment: the
    /// default, nothing in it); `None` when the fragment is missing (requested in `need`).
    fn decoded_once<T: Default>(
        &self,
        cell: &RefCell<Option<Arc<T>>>,
        frag: Option<&Frag>,
        need: &mut Need,
        decode: impl FnOnce(&[u8]) -> Result<T>,
    ) -> Result<Option<Arc<T>>> {
        if let Some(v) = cell.borrow().as_ref() {
            return Ok(Some(v.clone()));
        }
        let v = match frag {
            None => T::default(),
            Some(f) => {
                let Some(b) = self.frame(f, need) else {
                    return Ok(None);
                };
                decode(b).map_err(|e| self.damaged(f, e))?
            }
        };
        let v = Arc::new(v);
        *cell.borrow_mut() = Some(v.clone());
        Ok(Some(v))
    }

    /// The error for a fragment whose payload does not decode; the fragment is dropped before
    /// the next query.
    fn damaged(&self, f: &Frag, reason: impl std::fmt::Display) -> Error {
        self.poisoned.borrow_mut().push(*f);
        Error::Fragment {
            fragment: self.describe(f),
            reason: reason.to_string(),
        }
    }
}

/// Checks a fragment's bytes: their length, then its frame ([`frame::open`]); gives its
/// payload, or the deflated bytes for the caller to inflate, then to hand to
/// [`SplitIndex::supply_payload`]. `what` names the fragment in errors
/// ([`SplitIndex::describe`]).
pub fn unpack<'b>(
    f: &Frag,
    bytes: &'b [u8],
    what: &dyn Fn() -> String,
) -> Result<frame::Frame<'b>> {
    if bytes.len() != f.len as usize {
        return Err(Error::Fragment {
            fragment: what(),
            reason: format!("{} bytes where {} were asked for", bytes.len(), f.len),
        });
    }
    frame::open(bytes, what)
}

/// The stored bytes of fragment `f` from the part file at `path` (exactly `f.len` of them).
#[cfg(not(target_family = "wasm"))]
pub fn read_range(path: &Path, f: &Frag) -> Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let io = |source| Error::Io {
        path: path.display().to_string(),
        error: source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    file.seek(SeekFrom::Start(f.offset)).map_err(io)?;
    let mut buf = Vec::new();
    file.take(u64::from(f.len))
        .read_to_end(&mut buf)
        .map_err(io)?;
    if buf.len() != f.len as usize {
        return Err(Error::Fragment {
            fragment: format!("{}@{}+{}", path.display(), f.offset, f.len),
            reason: "the part file is shorter".into(),
        });
    }
    Ok(buf)
}

impl Dictionary for SplitIndex {
    fn spellings(&self, prefixes: &[Vec<u8>], need: &mut Need) -> Result<Option<Vec<Fst<&[u8]>>>> {
        let mut wanted: Vec<usize> = prefixes
            .iter()
            .flat_map(|p| crate::spell::shards_for(&self.entry.spell, p))
            .collect();
        crate::sort::natural(&mut wanted);
        wanted.dedup();
        let mut out = Vec::with_capacity(wanted.len());
        let mut missing = false;
        for s in wanted {
            let f = &self.entry.spell[s].1;
            match self.frame(f, need) {
                Some(b) => out.push(
                    Fst::new(b.as_slice())
                        .map_err(|e| self.damaged(f, format!("spelling dictionary: {e}")))?,
                ),
                None => missing = true,
            }
        }
        Ok((!missing).then_some(out))
    }
}

impl Corpus for SplitIndex {
    fn meta(&self) -> crate::format::Meta {
        self.entry.meta
    }

    fn id_space(&self) -> u32 {
        self.entry
            .segments
            .last()
            .map_or(0, |s| s.first + s.docs_count)
    }

    fn pattern(&self, key: &str, need: &mut Need) -> Result<Option<Arc<PatternMatches>>> {
        if let Some(m) = self.memo.borrow().map.get(key) {
            return Ok(Some(m.clone()));
        }
        // Every segment's lookups go into the same round.
        let mut found = Vec::with_capacity(self.entry.segments.len());
        let mut missing = false;
        for s in 0..self.entry.segments.len() {
            match self.resolve(s, key, need)? {
                Some(m) => found.push(m),
                None => missing = true,
            }
        }
        if missing {
            return Ok(None);
        }
        let m = Arc::new(lookup::join(&self.entry, found));
        self.memo.borrow_mut().insert(key, m.clone());
        Ok(Some(m))
    }

    fn units_ready(&self, need: &mut Need) -> Result<bool> {
        if self.docs.is_some() {
            return Ok(true);
        }
        for s in &self.entry.segments {
            for f in &s.docs {
                self.frame(f, need);
            }
        }
        Ok(false)
    }

    fn units(&self, doc: u32) -> Result<u32> {
        let t = self
            .docs
            .as_ref()
            .ok_or_else(|| Error::corrupt("doc table not loaded"))?;
        Ok(t.get(doc)?.units)
    }

    fn page(&self, doc: u32) -> Result<u32> {
        let t = self
            .docs
            .as_ref()
            .ok_or_else(|| Error::corrupt("doc table not loaded"))?;
        Ok(t.get(doc)?.page)
    }

    fn own_pages(&self) -> Result<bool> {
        let t = self
            .docs
            .as_ref()
            .ok_or_else(|| Error::corrupt("doc table not loaded"))?;
        Ok(t.own_pages)
    }

    fn body_positions(
        &self,
        _: &str,
        m: &PatternMatches,
        i: usize,
        out: &mut Vec<u32>,
    ) -> Result<()> {
        let p = m
            .body_positions(i)
            .ok_or_else(|| Error::corrupt("positions of a pattern were not kept"))?;
        out.extend_from_slice(p);
        Ok(())
    }

    fn filters(&self, need: &mut Need) -> Result<Option<Arc<crate::filter::Filters>>> {
        let Some(frag) = self.entry.filters.first() else {
            return Err(Error::corrupt("the entry names no filters"));
        };
        let total = self.id_space();
        self.decoded_once(&self.filters, Some(frag), need, |b| {
            crate::filter::Filters::decode(b, total)
        })
    }

    fn weights(&self, need: &mut Need) -> Result<Option<Arc<crate::weight::Weights>>> {
        let total = self.id_space();
        self.decoded_once(&self.weights, self.entry.weights.first(), need, |b| {
            crate::weight::Weights::decode(b, total)
        })
    }

    fn live(&self) -> Vec<u32> {
        let total = self.id_space();
        let deleted = &self.entry.deleted;
        (0..total)
            .filter(|d| deleted.binary_search(d).is_err())
            .collect()
    }

    fn stored(&self, doc: u32, need: &mut Need) -> Result<Option<StoredDoc>> {
        let t = self
            .docs
            .as_ref()
            .ok_or_else(|| Error::corrupt("doc table not loaded"))?;
        let f = t.get(doc)?.frag();
        let Some(b) = self.frame(&f, need) else {
            return Ok(None);
        };
        StoredDoc::decode(b)
            .map(Some)
            .map_err(|e| self.damaged(&f, e))
    }

    fn cut(&self, key: &str, need: &mut Need) -> Result<Option<Vec<String>>> {
        let w = &self.entry.words;
        if w.is_empty() {
            return Ok(Some(key.chars().map(String::from).collect()));
        }
        let mut flags = vec![false; w.len()];
        key.chars().for_each(|c| flags[shard_of(c, w.len())] = true);
        let wanted: Vec<usize> = (0..w.len()).filter(|&s| flags[s]).collect();
        let mut payloads = Vec::with_capacity(wanted.len());
        for &s in &wanted {
            if let Some(b) = self.frame(&w[s], need) {
                payloads.push((s, b));
            }
        }
        if payloads.len() != wanted.len() {
            return Ok(None);
        }
        let fsts = payloads
            .iter()
            .map(|(s, b)| {
                fst::raw::Fst::new(b.as_slice())
                    .map(|f| (*s, f))
                    .map_err(|e| self.damaged(&w[*s], format!("vocabulary: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut shards: Vec<Option<&fst::raw::Fst<&[u8]>>> = vec![None; w.len()];
        for (s, f) in &fsts {
            shards[*s] = Some(f);
        }
        let seg = Segmenter::sharded(shards, self.entry.meta.word_total);
        Ok(Some(seg.cut(key).into_iter().map(str::to_owned).collect()))
    }
}
