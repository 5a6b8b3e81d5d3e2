//! Index construction (feature `indexer`): normalization, jieba segmentation, gram lists, and
//! the two layouts, both deterministic (the same articles give the same bytes):
//!
//! - [`build_index`]: the single file ([`crate::format`]), embedded by `build.rs` or written by
//!   `zhsearch index -o`;
//! - [`build_split`]: the split layout ([`crate::split`]), a directory of immutable pack parts
//!   and one entry, written by `zhsearch index --split`.

mod grams;
mod prepare;
mod single;
mod split;

pub use split::SplitReport;

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
    /// Pages to 25 MiB).
    pub part_bytes: usize,
    /// Split layout: grams per dictionary slot, on average.
    pub slot_grams: usize,
    /// Split layout: also write the articles as one single file, the compact form that the
    /// browser downloads in the background to work offline.
    pub offline: bool,
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
            offline: true,
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

fn check_count(articles: &[Article], prepared: usize) -> Result<()> {
    if articles.is_empty() {
        return Err(Error::Build("no articles".into()));
    }
    u32::try_from(articles.len()).map_err(|_| Error::Build("too many articles".into()))?;
    if prepared != articles.len() {
        return Err(Error::Build("a worker thread failed".into()));
    }
    Ok(())
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
    let p = prepare::prepare_all(articles, opts.threads, false);
    check_count(articles, p.docs.len())?;
    let g = grams::build(
        &p.docs,
        grams::GramOptions {
            positions: false,
            extend_over: None,
            threads: opts.threads,
        },
    );
    single::assemble(articles, &p, &g, false, opts)
}

/// Builds the split layout of `articles` into directory `dir` (created if missing): pack
/// parts named by content hash (parts that already exist are kept as they are), the compact
/// single file when [`BuildOptions::offline`], then the entry, written last and atomically, so
/// a reader never sees an entry naming parts that are not there yet. Files of builds before the
/// previous one are removed; the previous build's stay, for pages still open on it.
pub fn build_split(articles: &[Article], opts: &BuildOptions, dir: &Path) -> Result<SplitReport> {
    let p = prepare::prepare_all(articles, opts.threads, true);
    check_count(articles, p.docs.len())?;
    let frequent = opts.frequent_len_for(articles.len());
    let g = grams::build(
        &p.docs,
        grams::GramOptions {
            positions: true,
            extend_over: Some(frequent),
            threads: opts.threads,
        },
    );
    let compact = if opts.offline {
        Some(single::assemble(articles, &p, &g, true, opts)?)
    } else {
        None
    };
    split::write(dir, &p, &g, compact, frequent, opts)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, synced, then
/// renamed over the target, so an interrupted write leaves the previous file intact. The file
/// keeps an existing file's permissions; a new one gets 0666 minus the umask, like any file a
/// program creates (so a web server running as another user can read it).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".zhsearch-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // open(2) applies the umask to this mode.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    if let Ok(m) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), m.permissions()).map_err(io)?;
    }
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
