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
//! - **dictionary slots** ([`dict`]): where each gram's list is;
//! - **vocabulary shards**: the query-time dictionary, fetched only to relax a query.
//!
//! A query costs at most four dependent requests, the first of which (the entry) is fetched
//! while the wasm module loads: dictionary slots (with the frequent grams' lists and the doc
//! table, whose places the entry gives), then the other lists, then the records of the hits
//! shown. [`SplitIndex::search`] runs the search phases ([`crate::search`]) until they meet a
//! fragment it does not have and returns every fragment that phase needs ([`Step::Need`]);
//! the caller fetches them, hands them to [`SplitIndex::supply`] and asks again. Fragments are
//! kept (up to a memory bound) for later queries. Results are identical to the single file's
//! for the same articles: same totals, same order, same hits.
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

pub mod dict;
pub mod entry;
pub(crate) mod plan;

use crate::error::{Error, Result};
use crate::format::{Index, StoredDoc};
use crate::frame::{self, UNIT};
use crate::postings::positional::{self, GramList};
use crate::search::matches::PatternMatches;
use crate::search::{self, Corpus, SearchOptions, SearchResults};
use crate::segment::{shard_of, Segmenter};
use crate::source::{Frag, Need};
use entry::Entry;
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasherDefault;

/// FNV-1a: the reader's maps hold a query's few keys; no need for SipHash's keyed hashing.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
use std::path::Path;
use std::sync::Arc;

/// Bytes of fragments kept in memory before the oldest are dropped.
pub const DEFAULT_CACHE_BYTES: usize = 96 << 20;
/// Resolved patterns kept for the next queries (typing extends the previous query).
const MEMO_PATTERNS: usize = 256;

/// One step of a search on a split index.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The results.
    Done(SearchResults),
    /// These fragments are needed first: fetch them (in parallel), supply them, search again.
    Need(Vec<Frag>),
}

/// The per-document numbers of the doc table, once all its blocks have been supplied.
#[derive(Debug)]
struct DocTable {
    units: Vec<u32>,
    /// Where each document's record starts in its run's part.
    offsets: Vec<u64>,
    /// Each document's part.
    parts: Vec<u32>,
}

/// A split index being read: its entry, and the fragments supplied so far.
pub struct SplitIndex {
    entry: Entry,
    frequent: Map<String, Frag>,
    frequent_len: Map<String, u32>,
    frames: Map<Frag, Arc<Vec<u8>>>,
    order: VecDeque<Frag>,
    cached: usize,
    limit: usize,
    docs: Option<DocTable>,
    compact: Option<Index<Vec<u8>>>,
    memo: RefCell<Map<String, Arc<PatternMatches>>>,
}

impl std::fmt::Debug for SplitIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SplitIndex")
            .field("docs", &self.entry.meta.doc_count)
            .field("parts", &self.entry.parts.len())
            .field("fragments", &self.frames.len())
            .field("cached", &self.cached)
            .field("compact", &self.compact.is_some())
            .finish()
    }
}

/// What the dictionary says about a gram.
enum Located {
    At(Frag),
    Absent,
}

impl SplitIndex {
    /// Reads an entry (checked: see [`Entry::decode`]).
    pub fn open(entry_bytes: &[u8]) -> Result<SplitIndex> {
        let entry = Entry::decode(entry_bytes)?;
        let frequent = entry.frequent.iter().cloned().collect();
        let frequent_len = entry
            .frequent
            .iter()
            .map(|(g, f)| (g.clone(), f.len))
            .collect();
        Ok(SplitIndex {
            entry,
            frequent,
            frequent_len,
            frames: Map::default(),
            order: VecDeque::new(),
            cached: 0,
            limit: DEFAULT_CACHE_BYTES,
            docs: None,
            compact: None,
            memo: RefCell::new(Map::default()),
        })
    }

    /// Opens the split index in directory `dir` (reads its entry).
    pub fn open_dir(dir: &Path) -> Result<SplitIndex> {
        let path = dir.join(entry::ENTRY_NAME);
        let bytes = std::fs::read(&path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
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

    /// Bounds the memory kept for fragments (the oldest are dropped past it).
    pub fn set_cache_limit(&mut self, bytes: usize) {
        self.limit = bytes;
    }

    /// Bytes of fragments held.
    pub fn cached_bytes(&self) -> usize {
        self.cached
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

    /// Attaches the compact single file named by the entry (the offline form): from then on
    /// queries need no fragments. Refuses a file of another build.
    pub fn attach_compact(&mut self, bytes: Vec<u8>) -> Result<()> {
        let index = Index::open(bytes)?;
        if index.meta() != self.entry.meta {
            return Err(Error::corrupt(
                "the compact index does not belong to this split index",
            ));
        }
        self.compact = Some(index);
        self.memo.borrow_mut().clear();
        Ok(())
    }

    /// Checks a fetched fragment's frame (length, checksum, padding) and gives its payload,
    /// or the deflated bytes for the caller to inflate (then [`SplitIndex::supply_payload`]).
    pub fn unpack<'b>(&self, f: &Frag, bytes: &'b [u8]) -> Result<frame::Frame<'b>> {
        if bytes.len() != f.len as usize {
            return Err(Error::Fragment {
                fragment: self.describe(f),
                reason: format!("{} bytes where {} were asked for", bytes.len(), f.len),
            });
        }
        frame::open(bytes, &|| self.describe(f))
    }

    /// Checks, decodes and keeps a fetched fragment.
    #[cfg(feature = "inflate")]
    pub fn supply(&mut self, f: &Frag, bytes: &[u8]) -> Result<()> {
        if self.frames.contains_key(f) {
            return Ok(());
        }
        self.unpack(f, bytes)?;
        let payload = frame::decode(bytes, &|| self.describe(f))?;
        self.supply_payload(f, payload)
    }

    /// Keeps the payload of fragment `f` (its frame checked with [`SplitIndex::unpack`] and
    /// inflated, if it was deflated, to the length the frame gave).
    pub fn supply_payload(&mut self, f: &Frag, payload: Vec<u8>) -> Result<()> {
        if self.frames.contains_key(f) {
            return Ok(());
        }
        if self.entry.words.contains(f) {
            // The vocabulary is walked without checks: verify it once, here.
            if let Err(e) = crate::format::verify_fst(&payload) {
                return Err(Error::Fragment {
                    fragment: self.describe(f),
                    reason: format!("vocabulary: {e}"),
                });
            }
        }
        self.cached += payload.len();
        self.frames.insert(*f, Arc::new(payload));
        self.order.push_back(*f);
        if self.docs.is_none() && self.entry.docs.contains(f) {
            match self.doc_table() {
                Ok(t) => self.docs = t,
                Err(e) => {
                    self.forget(f);
                    return Err(e);
                }
            }
        }
        self.evict();
        Ok(())
    }

    fn forget(&mut self, f: &Frag) {
        if let Some(p) = self.frames.remove(f) {
            self.cached -= p.len();
        }
        self.order.retain(|g| g != f);
    }

    /// Drops the oldest fragments past the memory bound (the doc table stays: it is small and
    /// every query needs it).
    fn evict(&mut self) {
        let mut keep = VecDeque::new();
        while self.cached > self.limit {
            let Some(f) = self.order.pop_front() else {
                break;
            };
            if self.entry.docs.contains(&f) {
                keep.push_back(f);
                continue;
            }
            if let Some(p) = self.frames.remove(&f) {
                self.cached -= p.len();
            }
        }
        while let Some(f) = keep.pop_back() {
            self.order.push_front(f);
        }
    }

    /// The doc table, once every block is there.
    fn doc_table(&self) -> Result<Option<DocTable>> {
        let n = self.entry.meta.doc_count as usize;
        let mut units = Vec::with_capacity(n);
        for (i, f) in self.entry.docs.iter().enumerate() {
            let Some(b) = self.frames.get(f) else {
                return Ok(None);
            };
            let want = (n - i * self.entry.docs_block as usize).min(self.entry.docs_block as usize);
            let mut p = 0;
            for _ in 0..want {
                let u = crate::varint::get(b, &mut p)
                    .and_then(|u| u32::try_from(u).ok())
                    .filter(|&u| u > 0)
                    .ok_or_else(|| Error::Fragment {
                        fragment: self.describe(f),
                        reason: "doc table".into(),
                    })?;
                units.push(u);
            }
            if p != b.len() {
                return Err(Error::Fragment {
                    fragment: self.describe(f),
                    reason: "doc table has trailing bytes".into(),
                });
            }
        }
        let mut offsets = Vec::with_capacity(n);
        let mut parts = Vec::with_capacity(n);
        let runs = &self.entry.text;
        let mut r = 0;
        let mut at = runs.first().map_or(0, |run| run.offset);
        for (d, &u) in units.iter().enumerate() {
            if runs.get(r + 1).is_some_and(|next| next.first as usize == d) {
                r += 1;
                at = runs[r].offset;
            }
            let part = runs.get(r).map_or(0, |run| run.part);
            let len = u64::from(u) * UNIT as u64;
            let fits = self
                .entry
                .parts
                .get(part as usize)
                .zip(at.checked_add(len))
                .is_some_and(|(p, e)| e <= p.len);
            if !fits {
                return Err(Error::corrupt(format!(
                    "document {d} lies outside its part"
                )));
            }
            offsets.push(at);
            parts.push(part);
            at += len;
        }
        Ok(Some(DocTable {
            units,
            offsets,
            parts,
        }))
    }

    /// One step of a search: the results, or the fragments needed first.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<Step> {
        let mut need = Need::default();
        if let Some(c) = &self.compact {
            return Ok(Step::Done(c.search(query, opts)?));
        }
        match search::run(self, query, opts, &mut need)? {
            Some(r) => Ok(Step::Done(r)),
            None => Ok(Step::Need(need.take())),
        }
    }

    /// Searches, fetching every missing fragment with `fetch` (given the fragment and its part
    /// file's name) until the results are complete.
    #[cfg(feature = "inflate")]
    pub fn search_with(
        &mut self,
        query: &str,
        opts: &SearchOptions,
        mut fetch: impl FnMut(&str, &Frag) -> Result<Vec<u8>>,
    ) -> Result<SearchResults> {
        // Each round resolves one phase; the phases are few (see the module docs).
        for _ in 0..16 {
            match self.search(query, opts)? {
                Step::Done(r) => return Ok(r),
                Step::Need(frags) => {
                    for f in frags {
                        let bytes = fetch(self.part_name(&f), &f)?;
                        self.supply(&f, &bytes)?;
                    }
                }
            }
        }
        Err(Error::corrupt(
            "a search needed more rounds of fragments than its phases",
        ))
    }

    /// Reads fragment `f` from the pack part in directory `dir`.
    pub fn read_local(&self, dir: &Path, f: &Frag) -> Result<Vec<u8>> {
        read_range(&dir.join(self.part_name(f)), f)
    }

    /// [`SplitIndex::search_with`] reading fragments from the split index directory `dir`.
    #[cfg(feature = "inflate")]
    pub fn search_dir(
        &mut self,
        dir: &Path,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<SearchResults> {
        self.search_with(query, opts, |name, f| read_range(&dir.join(name), f))
    }

    fn frame(&self, f: &Frag, need: &mut Need) -> Option<&Arc<Vec<u8>>> {
        let got = self.frames.get(f);
        if got.is_none() {
            need.add(*f);
        }
        got
    }

    /// The slot fragment of `gram`.
    fn slot(&self, gram: &str) -> Result<Option<Frag>> {
        let d = &self.entry.dict;
        if d.slots == 0 {
            return Ok(None);
        }
        let s = dict::slot_of(gram, d.slots);
        let run = d.runs[d.runs.partition_point(|r| r.first <= s) - 1];
        let offset = run.offset + u64::from(s - run.first) * u64::from(d.slot_len);
        let f = Frag {
            part: run.part,
            offset,
            len: d.slot_len,
        };
        let fits = self
            .entry
            .parts
            .get(f.part as usize)
            .is_some_and(|p| f.end() <= p.len);
        if !fits {
            return Err(Error::corrupt("dictionary slot outside its part"));
        }
        Ok(Some(f))
    }

    /// Where `gram`'s list is (`None`: its dictionary slot is needed first).
    fn locate(&self, gram: &str, need: &mut Need) -> Result<Option<Located>> {
        if let Some(f) = self.frequent.get(gram) {
            return Ok(Some(Located::At(*f)));
        }
        let Some(slot) = self.slot(gram)? else {
            return Ok(Some(Located::Absent));
        };
        let Some(payload) = self.frame(&slot, need) else {
            return Ok(None);
        };
        Ok(Some(match dict::lookup(payload, gram)? {
            Some(f) => Located::At(f),
            None => Located::Absent,
        }))
    }

    fn list(&self, f: &Frag, positional: bool, need: &mut Need) -> Result<Option<GramList>> {
        let Some(b) = self.frame(f, need) else {
            return Ok(None);
        };
        positional::decode(b, self.doc_count(), positional)
            .map(Some)
            .map_err(|e| Error::Fragment {
                fragment: self.describe(f),
                reason: e.to_string(),
            })
    }

    fn resolve(&self, key: &str, need: &mut Need) -> Result<Option<PatternMatches>> {
        let chars: Vec<char> = key.chars().collect();
        if chars.len() == 1 {
            return Ok(match self.locate(key, need)? {
                None => None,
                Some(Located::Absent) => Some(PatternMatches::default()),
                Some(Located::At(f)) => self.list(&f, false, need)?.map(positional::char_matches),
            });
        }
        let other = u64::from(self.entry.frequent_len / 4).max(64);
        let cover = plan::cover(&chars, &self.frequent_len, other);
        let mut frags = Vec::with_capacity(cover.len());
        let mut missing = false;
        for (g, _) in &cover {
            match self.locate(g, need)? {
                None => missing = true,
                // A cover gram the index does not have: the pattern occurs nowhere.
                Some(Located::Absent) => return Ok(Some(PatternMatches::default())),
                Some(Located::At(f)) => frags.push(f),
            }
        }
        if missing {
            return Ok(None);
        }
        let mut lists = Vec::with_capacity(frags.len());
        for f in &frags {
            if let Some(l) = self.list(f, true, need)? {
                lists.push(l);
            }
        }
        if lists.len() != frags.len() {
            return Ok(None);
        }
        let with_offsets: Vec<(&GramList, u32)> = lists
            .iter()
            .zip(&cover)
            .map(|(l, (_, o))| (l, *o))
            .collect();
        Ok(Some(positional::resolve(&with_offsets)))
    }
}

fn read_range(path: &Path, f: &Frag) -> Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let io = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    file.seek(SeekFrom::Start(f.offset)).map_err(io)?;
    let mut buf = Vec::with_capacity(f.len as usize);
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

impl Corpus for SplitIndex {
    fn doc_count(&self) -> u32 {
        self.entry.meta.doc_count
    }

    fn avg_units(&self) -> f32 {
        self.entry.meta.avg_units()
    }

    fn pattern(&self, key: &str, need: &mut Need) -> Result<Option<Arc<PatternMatches>>> {
        if let Some(m) = self.memo.borrow().get(key) {
            return Ok(Some(m.clone()));
        }
        let Some(m) = self.resolve(key, need)? else {
            return Ok(None);
        };
        let m = Arc::new(m);
        let mut memo = self.memo.borrow_mut();
        if memo.len() >= MEMO_PATTERNS {
            memo.clear();
        }
        memo.insert(key.to_owned(), m.clone());
        Ok(Some(m))
    }

    fn units_ready(&self, need: &mut Need) -> Result<bool> {
        if self.docs.is_some() {
            return Ok(true);
        }
        for f in &self.entry.docs {
            self.frame(f, need);
        }
        Ok(false)
    }

    fn units(&self, doc: u32) -> Result<u32> {
        self.docs
            .as_ref()
            .and_then(|t| t.units.get(doc as usize).copied())
            .ok_or_else(|| Error::corrupt(format!("doc {doc} out of range")))
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

    fn stored(&self, doc: u32, need: &mut Need) -> Result<Option<StoredDoc>> {
        let t = self
            .docs
            .as_ref()
            .ok_or_else(|| Error::corrupt("doc table not loaded"))?;
        let d = doc as usize;
        let (Some(&units), Some(&offset), Some(&part)) =
            (t.units.get(d), t.offsets.get(d), t.parts.get(d))
        else {
            return Err(Error::corrupt(format!("doc {doc} out of range")));
        };
        let f = Frag {
            part,
            offset,
            len: units.saturating_mul(UNIT as u32),
        };
        let Some(b) = self.frame(&f, need) else {
            return Ok(None);
        };
        StoredDoc::decode(b).map(Some).map_err(|e| Error::Fragment {
            fragment: self.describe(&f),
            reason: e.to_string(),
        })
    }

    fn cut(&self, key: &str, need: &mut Need) -> Result<Option<Vec<String>>> {
        let w = &self.entry.words;
        if w.is_empty() {
            return Ok(Some(key.chars().map(String::from).collect()));
        }
        let mut flags = vec![false; w.len()];
        key.chars().for_each(|c| flags[shard_of(c, w.len())] = true);
        let wanted: Vec<usize> = (0..w.len()).filter(|&s| flags[s]).collect();
        let mut missing = false;
        for &s in &wanted {
            missing |= self.frame(&w[s], need).is_none();
        }
        if missing {
            return Ok(None);
        }
        let fsts = wanted
            .iter()
            .map(|&s| {
                let b = &self.frames[&w[s]];
                fst::raw::Fst::new(b.as_slice())
                    .map(|f| (s, f))
                    .map_err(|e| Error::Fragment {
                        fragment: self.describe(&w[s]),
                        reason: format!("vocabulary: {e}"),
                    })
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
