//! Index construction (feature `indexer`): normalization, jieba segmentation, gram lists, and
//! the two layouts, both deterministic (the same articles give the same bytes):
//!
//! - [`build_index`]: the single file ([`crate::format`]), embedded by `build.rs` or written by
//!   `zhsearch index -o`;
//! - [`build_split`]: the split layout ([`crate::split`]), a directory of immutable pack parts
//!   and one entry, written by `zhsearch index --split`.

mod grams;
mod par;
mod prepare;
mod single;
mod split;
mod stored;
mod update;

pub use split::{SplitReport, UpdateReport};
pub use update::MANIFEST_NAME;

use crate::error::{Error, Result};
use crate::Article;
use std::path::Path;

/// Tuning knobs of the index build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Words seen fewer times than this stay out of the query-time dictionary.
    pub vocab_min_freq: u32,
    /// A character pair gets its own doc-level postings in the single file when at least this
    /// many documents contain both characters but not the pair: those are the documents a
    /// query would otherwise scan in vain.
    pub pair_min_savings: u32,
    /// Worker threads (0 = available parallelism, at most 8).
    pub threads: usize,
    /// Split layout: lists longer than this many bytes are *frequent* (named in the entry, and
    /// their grams extended by one character). 0: the larger of 8 KiB and one byte per article.
    pub frequent_len: usize,
    /// Split layout: largest pack part in bytes (static hosts limit file sizes; Cloudflare
    /// Pages to 25 MiB), and of the compact file's pieces. A part exceeds it only to keep one
    /// dictionary slot's lists together.
    pub part_bytes: usize,
    /// Split layout: grams per dictionary slot, on average.
    pub slot_grams: usize,
    /// Split layout: bytes per dictionary slot, filled with the smaller lists of its grams (a
    /// query whose grams' lists all ride in their slots needs one round trip for them, not
    /// two). A slot whose grams alone need more makes every slot that long; 0: grams only.
    pub slot_bytes: usize,
    /// Split layout: also write the articles as one single file, the compact form that the
    /// browser downloads in the background to work offline.
    pub offline: bool,
    /// Split layout: build afresh, never updating the split index already in the directory
    /// (see [`MANIFEST_NAME`] for what an update keeps).
    pub fresh: bool,
    /// Metadata fields searches can filter by and count ([`crate::filter`]), besides `tags`,
    /// which always is one.
    pub filter_fields: Vec<String>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            vocab_min_freq: 2,
            pair_min_savings: 2000,
            threads: 0,
            frequent_len: 0,
            part_bytes: 8 << 20,
            slot_grams: 24,
            slot_bytes: 1536,
            offline: true,
            fresh: false,
            filter_fields: Vec::new(),
        }
    }
}

impl BuildOptions {
    /// The frequent-list threshold for `n` articles.
    pub fn frequent_len_for(&self, n: usize) -> usize {
        if self.frequent_len > 0 {
            self.frequent_len
        } else {
            n.max(8 << 10)
        }
    }
}

/// With `ZHSEARCH_TRACE` set, prints how long each build phase took (and the peak memory so
/// far, on Linux) to standard error.
pub(crate) struct Trace {
    on: bool,
    start: std::time::Instant,
}

impl Trace {
    pub(crate) fn new() -> Trace {
        Trace {
            on: std::env::var_os("ZHSEARCH_TRACE").is_some(),
            start: std::time::Instant::now(),
        }
    }

    pub(crate) fn phase(&self, what: &str) {
        if !self.on {
            return;
        }
        let peak = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
            })
            .unwrap_or_default();
        eprintln!(
            "zhsearch: {:7.2} s  {what} (peak {peak})",
            self.start.elapsed().as_secs_f64()
        );
    }
}

/// Returns freed memory to the system. glibc keeps what a thread freed for that thread's
/// arena, so text freed by the main thread would otherwise stay resident while the worker
/// threads build the lists.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn check_count(articles: usize, prepared: usize) -> Result<()> {
    if articles == 0 {
        return Err(Error::Build("no articles".into()));
    }
    u32::try_from(articles).map_err(|_| Error::Build("too many articles".into()))?;
    if prepared != articles {
        return Err(Error::Build("a worker thread failed".into()));
    }
    Ok(())
}

/// Articles taken one at a time and prepared in batches as they come, for a build that never
/// holds the text of them all: ingestion hands each article over as it is read
/// ([`crate::ingest::ingest_paths_each`]) and its text is freed once normalized. For the
/// single file, each prepared batch is then stored as the index's own bytes and listed, and
/// freed too. Then [`Collector::build_index`], [`Collector::write_index`] or
/// [`Collector::build_split`].
///
/// ```
/// use zhsearch_engine::build::{build_index, BuildOptions, Collector};
/// use zhsearch_engine::Article;
///
/// let a = Article { id: "a".into(), title: "标题".into(), body: "正文".into(), ..Article::default() };
/// let opts = BuildOptions::default();
/// let mut c = Collector::new(&opts, false);
/// c.push(a.clone());
/// assert_eq!(c.len(), 1);
/// assert_eq!(c.build_index(&opts)?, build_index(&[a], &opts)?);
/// # Ok::<(), zhsearch_engine::Error>(())
/// ```
pub struct Collector {
    jieba: jieba_rs::Jieba,
    threads: usize,
    split: bool,
    pending: Vec<Article>,
    pending_bytes: usize,
    /// The prepared articles (split layout) or only the vocabulary (single file: each batch
    /// goes into `stored` and `lists`, and is freed).
    prepared: prepare::Prepared,
    /// Single file: the stored sections and the lists of the batches so far.
    stored: stored::Stored<'static>,
    lists: grams::Batches,
    /// Articles prepared.
    done: usize,
    stories: usize,
    split_pages: usize,
    last_page: Option<String>,
    /// Articles pushed (a worker that failed would leave fewer prepared).
    pushed: usize,
    /// What went wrong storing a batch (reported when the index is built).
    failed: Option<Error>,
}

/// Articles waiting for a batch: at most this many…
const BATCH_ARTICLES: usize = 4096;
/// …or this many bytes of text.
const BATCH_BYTES: usize = 16 << 20;

impl Collector {
    /// A collector for the single file (`split` false) or the split layout (`split` true,
    /// which also keeps each article's framed record).
    pub fn new(opts: &BuildOptions, split: bool) -> Collector {
        Collector {
            jieba: jieba_rs::Jieba::new(),
            threads: opts.threads,
            split,
            pending: Vec::new(),
            pending_bytes: 0,
            prepared: prepare::Prepared {
                docs: Vec::new(),
                vocab: Default::default(),
                latin: Default::default(),
            },
            stored: stored::Stored::new(),
            lists: grams::Batches::default(),
            done: 0,
            stories: 0,
            split_pages: 0,
            last_page: None,
            pushed: 0,
            failed: None,
        }
    }

    /// Takes the next article (articles keep the order they are pushed in).
    pub fn push(&mut self, a: Article) {
        if let Some(page) = &a.page {
            self.stories += 1;
            if self.last_page.as_deref() != Some(page.id.as_str()) {
                self.split_pages += 1;
                self.last_page = Some(page.id.clone());
            }
        } else {
            self.last_page = None;
        }
        self.pending_bytes += a.title.len() + a.body.len();
        self.pushed += 1;
        self.pending.push(a);
        if self.pending.len() >= BATCH_ARTICLES || self.pending_bytes >= BATCH_BYTES {
            if let Err(e) = self.flush() {
                self.failed.get_or_insert(e);
            }
        }
    }

    /// Articles taken so far.
    pub fn len(&self) -> usize {
        self.pushed
    }

    /// No article taken yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many of the articles are stories of a page split into them, and of how many pages.
    pub fn stories(&self) -> (usize, usize) {
        (self.stories, self.split_pages)
    }

    fn flush(&mut self) -> Result<()> {
        let batch = std::mem::take(&mut self.pending);
        let before = self.prepared.docs.len();
        prepare::prepare_into(
            &self.jieba,
            &batch,
            self.threads,
            self.split,
            &mut self.prepared,
        );
        drop(batch);
        self.pending_bytes = 0;
        self.done += self.prepared.docs.len() - before;
        if !self.split {
            // Stored and listed, the batch is freed: what stays is about the index's bytes.
            let docs = std::mem::take(&mut self.prepared.docs);
            self.lists.add(&docs, self.threads);
            for d in &docs {
                self.stored.push_copy(d)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.flush()?;
        give_back_memory();
        check_count(self.pushed, self.done)
    }

    /// The single file: its stored sections, lists and vocabulary.
    fn single(
        mut self,
        t: &Trace,
    ) -> Result<(prepare::Prepared, stored::Stored<'static>, grams::Grams)> {
        if self.split {
            return Err(Error::Build(
                "a collector for the split layout cannot build the single file".into(),
            ));
        }
        self.finish()?;
        t.phase("prepared, stored and listed");
        Ok((self.prepared, self.stored, self.lists.finish()))
    }

    /// The single file's bytes ([`build_index`] of the articles taken).
    pub fn build_index(self, opts: &BuildOptions) -> Result<Vec<u8>> {
        let t = Trace::new();
        let (p, mut s, g) = self.single(&t)?;
        single::assemble(&p, &mut s, &g, opts)
    }

    /// Writes the single file to `path` atomically ([`write_atomic`]'s rules), streamed to
    /// disk rather than assembled in memory first; returns its size in bytes.
    pub fn write_index(self, opts: &BuildOptions, path: &Path) -> Result<u64> {
        let t = Trace::new();
        let (p, mut s, g) = self.single(&t)?;
        let target = writable_target(path)?;
        let r = write_with(&target, |w| {
            single::write(w, &p, &mut s, &g, opts)?;
            Ok(())
        });
        t.phase("written");
        r
    }

    /// The split layout in `dir` ([`build_split`] of the articles taken). The collector must
    /// have been made for it (`split` true).
    pub fn build_split(self, opts: &BuildOptions, dir: &Path) -> Result<SplitReport> {
        if !self.split {
            return Err(Error::Build(
                "a collector for the single file cannot build the split layout".into(),
            ));
        }
        let t = Trace::new();
        let mut c = self;
        c.finish()?;
        split_from(c.prepared, opts, dir, t)
    }
}

/// Gram lists of the single file.
fn single_grams(p: &prepare::Prepared, opts: &BuildOptions, t: &Trace) -> grams::Grams {
    t.phase("prepared");
    let g = grams::build(
        &p.docs,
        grams::GramOptions {
            positions: false,
            extend_over: None,
            docs_only: true,
            threads: opts.threads,
        },
    );
    t.phase("gram lists");
    g
}

fn single_from(p: &prepare::Prepared, opts: &BuildOptions, t: &Trace) -> Result<Vec<u8>> {
    let g = single_grams(p, opts, t);
    let mut s = stored::Stored::of(&p.docs)?;
    let r = single::assemble(p, &mut s, &g, opts);
    t.phase("assembled");
    r
}

/// Builds the single-file index bytes for `articles` (deterministic: same input, same bytes).
///
/// ```
/// use zhsearch_engine::build::{build_index, BuildOptions};
/// use zhsearch_engine::{Article, Index};
///
/// let a = Article { id: "a".into(), title: "标题".into(), body: "正文".into(), ..Article::default() };
/// let bytes = build_index(&[a.clone()], &BuildOptions::default())?;
/// assert_eq!(bytes, build_index(&[a], &BuildOptions::default())?);
/// assert_eq!(Index::open(bytes)?.doc_count(), 1);
/// # Ok::<(), zhsearch_engine::Error>(())
/// ```
pub fn build_index(articles: &[Article], opts: &BuildOptions) -> Result<Vec<u8>> {
    let t = Trace::new();
    let p = prepare::prepare_all(articles, opts.threads, false);
    check_count(articles.len(), p.docs.len())?;
    single_from(&p, opts, &t)
}

/// Builds the split layout of `articles` into directory `dir` (created if missing): pack
/// parts named by content hash (parts that already exist are kept as they are), the compact
/// single file when [`BuildOptions::offline`], then the entry, written last and atomically, so
/// a reader never sees an entry naming parts that are not there yet. Files of builds before the
/// previous one are removed; the previous build's stay, for pages still open on it.
///
/// When `dir` holds a split index of mostly the same articles, the build updates it: the
/// previous files stay and only the changed articles are written anew (see the report's
/// [`SplitReport::update`]), unless [`BuildOptions::fresh`].
pub fn build_split(articles: &[Article], opts: &BuildOptions, dir: &Path) -> Result<SplitReport> {
    let t = Trace::new();
    let p = prepare::prepare_all(articles, opts.threads, true);
    check_count(articles.len(), p.docs.len())?;
    split_from(p, opts, dir, t)
}

fn split_from(
    mut p: prepare::Prepared,
    opts: &BuildOptions,
    dir: &Path,
    t: Trace,
) -> Result<SplitReport> {
    t.phase("prepared");
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.display().to_string(),
        error: source,
    })?;
    let mut hashes: Vec<u64> = p
        .docs
        .iter()
        .map(|d| d.record.as_deref().map_or(0, update::record_hash))
        .collect();
    let pages = crate::story::page_ordinals(p.docs.iter().map(|d| d.meta.page_id()));
    update::fold_pages(&mut hashes, &pages);
    let mut plan = if opts.fresh {
        update::Plan::fresh(p.docs.len())
    } else {
        update::plan(dir, &hashes, update::layout_key(opts))
    };
    if plan.base.is_some() {
        // Index order: the base's articles first, then the new segment's.
        let mut docs: Vec<Option<prepare::PreparedDoc>> = p.docs.drain(..).map(Some).collect();
        p.docs = plan
            .order
            .iter()
            .filter_map(|&i| docs.get_mut(i).and_then(Option::take))
            .collect();
        hashes = plan.order.iter().map(|&i| hashes[i]).collect();
        if p.docs.len() != hashes.len() {
            return Err(Error::Build("the update's order lost articles".into()));
        }
    }
    let kept = plan.kept;
    // Document numbers across segments: the kept articles at their places in the base
    // (around its deleted documents), the new segment after the base.
    let base_count = plan.base.as_ref().map_or(0, |b| b.segment.docs_count);
    let mut numbers: Vec<u32> = (0..base_count)
        .filter(|d| plan.deleted.binary_search(d).is_err())
        .take(kept)
        .collect();
    numbers.extend((0..(p.docs.len() - kept) as u32).map(|i| base_count + i));
    let mut filters = Vec::new();
    crate::filter::Filters::collect(
        p.docs.iter().zip(&numbers).map(|(d, &n)| {
            let m = &d.meta;
            (n, m.tags.as_slice(), &m.meta, m.date.as_str())
        }),
        base_count as usize + p.docs.len() - kept,
        &opts.filter_fields,
    )
    .encode(&mut filters);
    let weighted = crate::weight::Weights::collect(
        p.docs
            .iter()
            .zip(&numbers)
            .map(|(d, &n)| (n, d.weights.as_slice())),
    );
    let mut weights = Vec::new();
    weighted.encode(&mut weights);
    let weights = (!weighted.is_empty()).then_some(weights.as_slice());
    let mut w = split::Writer::new(dir, opts, &mut plan);
    p.docs[..kept].iter_mut().for_each(|d| d.record = None);
    w.records(&mut p.docs[kept..])?;
    give_back_memory();
    t.phase("records written");
    let g = grams::build(
        &p.docs[kept..],
        grams::GramOptions {
            positions: true,
            extend_over: Some(opts.frequent_len_for(p.docs.len() - kept)),
            docs_only: false,
            threads: opts.threads,
        },
    );
    t.phase("gram lists");
    let compact = match (opts.offline, kept) {
        (false, _) => None,
        // A fresh build: the single file's lists come from the split's.
        (true, 0) => Some(split::write_compact(dir, &p, &g, opts)?),
        (true, _) => {
            let all = grams::build(
                &p.docs,
                grams::GramOptions {
                    positions: false,
                    extend_over: None,
                    docs_only: true,
                    threads: opts.threads,
                },
            );
            Some(split::write_compact(dir, &p, &all, opts)?)
        }
    };
    t.phase("compact single file");
    let (words, word_total) = single::vocabulary(&p, opts);
    let spell = single::spelling(&p, &words, p.docs.len());
    let words: Vec<(String, u64)> = words.into_iter().map(|(w, f)| (w.to_owned(), f)).collect();
    let meta = single::meta_of(&p, word_total)?;
    drop(p);
    give_back_memory();
    let r = w.finish(
        split::Finish {
            meta,
            words: &words,
            spell: &spell,
            filters: &filters,
            weights,
        },
        g,
        compact,
        &hashes[kept..],
        opts,
        &t,
    );
    t.phase("split layout written");
    r
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, synced, then
/// renamed over the target, so an interrupted write leaves the previous file intact. The file
/// keeps an existing file's permissions; a new one gets 0666 minus the umask, like any file a
/// program creates (so a web server running as another user can read it).
///
/// Only regular files are written: a symbolic link is followed to the file it names (the link
/// stays), and a device, FIFO, socket or directory at `path` is an error, never replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = writable_target(path)?;
    write_regular(&target, bytes)
}

/// The regular file that writing to `path` should replace: `path`, or what its symbolic links
/// lead to.
fn writable_target(path: &Path) -> Result<std::path::PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Err(_) => return Ok(at), // nothing there yet
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&at).map_err(|error| Error::Io {
                    path: at.display().to_string(),
                    error,
                })?;
                at = match at.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(m) if m.is_file() => return Ok(at),
            Ok(_) => {
                return Err(Error::Io {
                    path: path.display().to_string(),
                    error: std::io::Error::other(
                        "not a regular file (a device, FIFO, socket or directory): not replaced",
                    ),
                })
            }
        }
    }
    Err(Error::Io {
        path: path.display().to_string(),
        error: std::io::Error::other("too many levels of symbolic links"),
    })
}

fn write_regular(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    write_with(path, |w| {
        w.write_all(bytes).map_err(|error| Error::Io {
            path: path.display().to_string(),
            error,
        })
    })
    .map(|_| ())
}

/// Writes regular file `path` atomically with what `fill` writes to it (buffered; it may
/// seek), keeping an existing file's permissions; returns its size.
fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> Result<()>,
) -> Result<u64> {
    use std::io::Write;
    let io = |source| Error::Io {
        path: path.display().to_string(),
        error: source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = temp_in(dir).map_err(io)?;
    if let Ok(m) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), m.permissions()).map_err(io)?;
    }
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        fill(&mut w)?;
        w.flush().map_err(io)?;
    }
    let len = tmp.as_file().metadata().map_err(io)?.len();
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(len)
}

/// A temporary file in `dir` with the permissions a newly created file gets (0666 minus the
/// umask), for renaming into place.
pub(crate) fn temp_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".zhsearch-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // open(2) applies the umask to this mode.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}
