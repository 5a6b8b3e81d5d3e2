//! Test support shared by `search.rs` and `properties.rs`: fixtures, the brute-force model of
//! what a query must return (with the relaxed fallback), the checks every result list and hit
//! must pass, and the layout of the index file's section table.
//!
//! Checks return `Err(message)`; each test file turns that into its own kind of failure (a
//! panic in `search.rs`, a `TestCaseError` in the property tests).

use std::any::Any;
use std::path::PathBuf;

use zhsearch_engine::ingest::{ingest_paths, IngestOptions};
use zhsearch_engine::normalize::{key, normalize_title};
use zhsearch_engine::query::{Query, MAX_PIECES};
use zhsearch_engine::{Article, Hit, Index, SearchOptions, SearchResults};

/// `Err(message)` unless `cond` holds.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// `Err(message with both values)` unless `left == right`.
macro_rules! ensure_eq {
    ($left:expr, $right:expr, $($msg:tt)+) => {
        match (&$left, &$right) {
            (left, right) => {
                if left != right {
                    return Err(format!(
                        "{}\n  left: {:?}\n right: {:?}",
                        format_args!($($msg)+),
                        left,
                        right
                    ));
                }
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

pub fn articles_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../articles"))
}

/// The OCR'd newspaper pages in `articles/`, ingested with the default options: split into
/// their stories.
pub fn ingest_articles() -> Vec<Article> {
    ingest_paths(&[articles_dir()], &IngestOptions::default(), &mut |_| {})
        .expect("ingest articles/")
        .articles
}

/// The same pages each as one article (`whole_pages`): the tests of the OCR text's quirks.
#[allow(dead_code)] // not every test file includes the OCR tests
pub fn ingest_pages() -> Vec<Article> {
    let o = IngestOptions {
        whole_pages: true,
        ..IngestOptions::default()
    };
    ingest_paths(&[articles_dir()], &o, &mut |_| {})
        .expect("ingest articles/")
        .articles
}

pub fn article(id: &str, title: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        ..Article::default()
    }
}

pub fn opts(limit: usize) -> SearchOptions {
    SearchOptions {
        limit,
        ..SearchOptions::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Brute-force model and checks
// ---------------------------------------------------------------------------------------------

/// A corpus: articles, their index, and `(title key, body key)` computed with `key()` directly
/// from the source text.
pub struct Corpus<D> {
    pub articles: Vec<Article>,
    pub index: Index<D>,
    pub keys: Vec<(String, String)>,
}

/// What the engine must return for a query, computed by brute force ([`Corpus::model`]).
pub struct Model {
    /// The matching documents, ascending.
    pub docs: Vec<u32>,
    /// The search keys the results match: the query's own pieces, or the relaxed ones.
    pub pieces: Vec<String>,
    /// When relaxed, the relaxed query as shown (`南乐县 乡村振兴 "a phrase" -excluded`).
    pub relaxed: Option<String>,
}

impl<D: AsRef<[u8]>> Corpus<D> {
    /// `index` must be the index of `articles`.
    pub fn new(articles: Vec<Article>, index: Index<D>) -> Corpus<D> {
        let keys = articles
            .iter()
            .map(|a| (key(&a.title), key(&a.body)))
            .collect();
        Corpus {
            articles,
            index,
            keys,
        }
    }

    /// Brute force: documents whose title or body key contains every `piece` and no `excluded`
    /// key.
    pub fn truth(&self, pieces: &[&str], excluded: &[&str]) -> Vec<u32> {
        let has = |(t, b): &(String, String), p: &str| t.contains(p) || b.contains(p);
        self.keys
            .iter()
            .enumerate()
            .filter(|(_, k)| {
                pieces.iter().all(|p| has(k, p)) && !excluded.iter().any(|x| has(k, x))
            })
            .map(|(i, _)| i as u32)
            .collect()
    }

    /// What the engine should return for `q`: the articles containing every piece and no
    /// excluded key; when there are none, the same over the query with its unquoted pieces cut
    /// into words by the index's segmenter (the engine's "relaxed" fallback, reported in
    /// `SearchResults::relaxed`).
    pub fn model(&self, q: &str) -> Model {
        let parsed = Query::parse(q);
        let exact: Vec<String> = parsed.pieces.iter().map(|p| p.key.clone()).collect();
        fn as_strs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        let excluded = as_strs(&parsed.excluded);
        let not_relaxed = |docs: Vec<u32>, exact: Vec<String>| Model {
            docs,
            pieces: exact,
            relaxed: None,
        };
        if exact.is_empty() {
            return not_relaxed(Vec::new(), exact);
        }
        let docs = self.truth(&as_strs(&exact), &excluded);
        if !docs.is_empty() {
            return not_relaxed(docs, exact);
        }
        // Unquoted pieces cut into words (each word once), quoted ones kept, at most MAX_PIECES.
        let mut cut: Vec<(String, bool)> = Vec::new();
        self.index
            .with_segmenter(|seg| {
                for p in &parsed.pieces {
                    if p.quoted {
                        cut.push((p.key.clone(), true));
                        continue;
                    }
                    for w in seg.cut(&p.key) {
                        if !cut.iter().any(|(k, _)| k == w) {
                            cut.push((w.to_owned(), false));
                        }
                    }
                }
            })
            .unwrap();
        cut.truncate(MAX_PIECES);
        if cut
            .iter()
            .map(|(k, q)| (k.as_str(), *q))
            .eq(parsed.pieces.iter().map(|p| (p.key.as_str(), p.quoted)))
        {
            return not_relaxed(Vec::new(), exact);
        }
        let words: Vec<String> = cut.iter().map(|(k, _)| k.clone()).collect();
        let docs = self.truth(&as_strs(&words), &excluded);
        if docs.is_empty() {
            return not_relaxed(docs, exact);
        }
        let shown: Vec<String> = cut
            .iter()
            .map(|(k, quoted)| {
                if *quoted {
                    format!("\"{k}\"")
                } else {
                    k.clone()
                }
            })
            .chain(excluded.iter().map(|k| format!("-{k}")))
            .collect();
        Model {
            docs,
            pieces: words,
            relaxed: Some(shown.join(" ")),
        }
    }

    /// Checks `r`, the results of `q` with options `o`, against [`model`](Self::model): the
    /// total, the relaxed query, the number of hits on the page, the documents (exactly the
    /// model's when the page holds them all, some of them otherwise), the order, and every hit.
    pub fn check_results(
        &self,
        q: &str,
        r: &SearchResults,
        o: &SearchOptions,
    ) -> Result<(), String> {
        let want = self.model(q);
        let qs = &short(q);
        ensure_eq!(
            r.total,
            want.docs.len(),
            "query {qs:?}: total (relaxed: {:?})",
            r.relaxed
        );
        // Whether relaxed, and then the relaxed query as shown.
        ensure_eq!(r.relaxed, want.relaxed, "query {qs:?}: relaxed query");
        ensure_eq!(
            r.hits.len(),
            r.total.saturating_sub(o.offset).min(o.limit),
            "query {qs:?}: hits on the page (offset {}, limit {})",
            o.offset,
            o.limit
        );
        if r.hits.len() == r.total {
            ensure_eq!(docs(r), want.docs, "query {qs:?}: results vs brute force");
        } else {
            ensure!(
                r.hits.iter().all(|h| want.docs.contains(&h.doc)),
                "query {qs:?}: results {:?} not all in brute force {:?}",
                docs(r),
                want.docs
            );
        }
        check_order(r)?;
        for h in &r.hits {
            self.check_hit(h, &want.pieces, o)?;
        }
        Ok(())
    }

    /// Every structural promise a hit makes, for a query with search keys `pieces`.
    pub fn check_hit(&self, hit: &Hit, pieces: &[String], o: &SearchOptions) -> Result<(), String> {
        let a = &self.articles[hit.doc as usize];
        let what = format!("{} ({})", hit.id, short(&pieces.join("|")));
        ensure_eq!(hit.id, a.id, "{what}: id");
        ensure_eq!(
            hit.title,
            normalize_title(&a.title).display(),
            "{what}: title is the display title"
        );
        check_highlights(&hit.snippet, &hit.highlights, pieces, &what)?;
        check_highlights(&hit.title, &hit.title_highlights, pieces, &what)?;
        // A snippet holds at most `passages` windows of `snippet_chars` key characters, plus `…`
        // marks.
        let width = o.snippet_chars.max(1) as usize;
        let passages = o.passages.max(1);
        let n = key(&hit.snippet).chars().count();
        // (each edge may move a quarter of the width to a clause boundary)
        ensure!(
            n <= passages * (width + 2 * (width / 4) + 2),
            "{what}: snippet of {n} key chars: {:?}",
            hit.snippet
        );
        if passages == 1 {
            check_window(&hit.snippet, &self.keys[hit.doc as usize].1, width)
                .map_err(|e| format!("{what}: {e}"))?;
        }
        Ok(())
    }
}

/// Result documents in ascending order.
pub fn docs(r: &SearchResults) -> Vec<u32> {
    let mut d: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
    d.sort_unstable();
    d
}

/// Results are ordered by score, ties by document order.
pub fn check_order(r: &SearchResults) -> Result<(), String> {
    for w in r.hits.windows(2) {
        ensure!(
            w[0].score > w[1].score || (w[0].score == w[1].score && w[0].doc < w[1].doc),
            "{:?}: bad order {} ({}) before {} ({})",
            short(&r.query),
            w[0].doc,
            w[0].score,
            w[1].doc,
            w[1].score
        );
    }
    Ok(())
}

/// Highlight ranges are non-empty, sorted, non-overlapping (touching ones are merged), inside
/// `text`, start and end on a key character, and each covers at least one whole piece unless
/// it was cut at a passage edge.
pub fn check_highlights(
    text: &str,
    hl: &[[u32; 2]],
    pieces: &[String],
    what: &str,
) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len() as u32;
    for (i, h) in hl.iter().enumerate() {
        ensure!(
            h[0] < h[1] && h[1] <= len,
            "{what}: highlight {h:?} out of 0..{len} in {text:?}"
        );
        if i > 0 {
            ensure!(
                hl[i - 1][1] < h[0],
                "{what}: highlights unsorted/overlapping {hl:?}"
            );
        }
        let span: String = chars[h[0] as usize..h[1] as usize].iter().collect();
        let k = key(&span);
        ensure!(
            !k.is_empty(),
            "{what}: highlight {span:?} of {text:?} has no key characters"
        );
        ensure!(
            !chars[h[0] as usize].is_whitespace() && !chars[h[1] as usize - 1].is_whitespace(),
            "{what}: highlight {span:?} starts or ends on whitespace"
        );
        let clipped = h[0] == 0
            || h[1] == len
            || chars[h[0] as usize - 1] == '…'
            || chars[h[1] as usize] == '…';
        ensure!(
            clipped || pieces.iter().any(|p| k.contains(p.as_str())),
            "{what}: highlight {span:?} (key {k:?}) covers no piece of {pieces:?} in {text:?}"
        );
    }
    Ok(())
}

/// A one-passage snippet is a window of the body between optional `…` cut marks, cut marks
/// exactly where the body goes on, `width` key characters long (or the whole body), each edge
/// moved by at most a quarter of `width` to a clause boundary.
pub fn check_window(snippet: &str, body_key: &str, width: usize) -> Result<(), String> {
    let sk = key(snippet);
    let starts = sk.starts_with('…');
    let ends = sk.chars().count() > 1 && sk.ends_with('…');
    let mut core = sk.as_str();
    if starts {
        core = &core['…'.len_utf8()..];
    }
    if ends {
        core = &core[..core.len() - '…'.len_utf8()];
    }
    ensure!(
        body_key.contains(core),
        "snippet {snippet:?} is not a window of the body"
    );
    ensure!(
        starts || body_key.starts_with(core),
        "cut at the start without …: {snippet:?}"
    );
    ensure!(
        ends || body_key.ends_with(core),
        "cut at the end without …: {snippet:?}"
    );
    if !body_key.starts_with('…') && !body_key.ends_with('…') {
        let (n, want, reach) = (
            core.chars().count(),
            width.min(body_key.chars().count()),
            width / 4,
        );
        ensure!(
            n + 2 * reach >= want && n <= want + 2 * reach,
            "window of {snippet:?}: {n} key characters for a width of {width}"
        );
    }
    Ok(())
}

/// `q` shortened for messages.
pub fn short(q: &str) -> String {
    let n = q.chars().count();
    if n <= 40 {
        q.to_owned()
    } else {
        format!("{}… ({n} chars)", q.chars().take(40).collect::<String>())
    }
}

/// The message of a caught panic.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Index file layout
// ---------------------------------------------------------------------------------------------

/// Bytes of the file header (magic, version, section count, total length, checksum).
pub const HEADER_LEN: usize = 32;
/// Bytes of a section table entry (kind u32, offset u64, length u64).
pub const ENTRY_LEN: usize = 20;

/// Recomputes the header checksum (xxh3-64 of bytes[32..]) after a patch.
pub fn reseal(b: &mut [u8]) {
    let sum = xxhash_rust::xxh3::xxh3_64(&b[HEADER_LEN..]);
    b[24..32].copy_from_slice(&sum.to_le_bytes());
}

/// Number of sections, from the header.
pub fn section_count(b: &[u8]) -> usize {
    u32::from_le_bytes(b[12..16].try_into().unwrap()) as usize
}

/// `(kind, offset, length)` of every section, from the section table.
pub fn sections(b: &[u8]) -> impl Iterator<Item = (u32, usize, usize)> + '_ {
    (0..section_count(b))
        .map(|i| HEADER_LEN + i * ENTRY_LEN)
        .map(|e| {
            let kind = u32::from_le_bytes(b[e..e + 4].try_into().unwrap());
            let off = u64::from_le_bytes(b[e + 4..e + 12].try_into().unwrap()) as usize;
            let len = u64::from_le_bytes(b[e + 12..e + 20].try_into().unwrap()) as usize;
            (kind, off, len)
        })
}
