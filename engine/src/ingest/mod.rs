//! Reading article files into [`Article`]s. Every input record ends up either indexed or in
//! [`IngestReport::skipped`] with its reason.
//!
//! - `.txt`: title = first non-empty line, body = the rest.
//! - `.md`/`.markdown`: optional YAML front matter (`id`, `title`, `url`, `date`, `tags`); body
//!   as plain text. Without a front-matter title, the first `# heading` (else the first line)
//!   becomes the title and leaves the body.
//! - `.html`/`.htm`: `<title>` (else first `<h1>`), `<meta name="date">` or
//!   `article:published_time`, `<link rel="canonical">`; body text without page chrome.
//! - `.json` (array of objects or one object), `.jsonl`/`.ndjson` (one object per line): fields
//!   per [`FieldNames`].
//!
//! Files and `.txt`/`.md`/`.html` articles get the path relative to the input root as id;
//! JSON records without an id get `path#index` (`.json`) or `path:line` (`.jsonl`).
//!
//! A page of several stories becomes one article per story ([`crate::story`]): a `.txt`
//! newspaper page by its printed cues ([`crate::story::newspaper`]), Markdown ([`markdown`])
//! and HTML ([`html`]) at their headings; each gets the id `page#anchor`, a url with that
//! anchor, its own title, and the page as [`Article::page`]. With
//! [`IngestOptions::whole_pages`] nothing is split. [`IngestOptions::url_base`] gives `.txt`
//! and `.md` pages without a url of their own the url of their reader page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gray_matter::engine::{Engine, YAML};
use serde_json::{Map, Value};
use walkdir::WalkDir;

use crate::{story, Article, Error, Result};

pub mod decode;
pub mod html;
mod json;
pub mod markdown;
pub mod nesting;

/// File extensions `ingest_paths` reads (compared case-insensitively).
const EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "html", "htm", "shtml", "xhtml", "json", "jsonl", "ndjson",
];

/// Extensions read as HTML.
const HTML: &[&str] = &["html", "htm", "shtml", "xhtml"];

/// Which JSON fields hold what (configurable from the CLI). Default: id, title, url, date, body, tags.
#[derive(Debug, Clone)]
pub struct FieldNames {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub body: String,
    pub tags: String,
}

impl Default for FieldNames {
    fn default() -> Self {
        Self {
            id: "id".into(),
            title: "title".into(),
            url: "url".into(),
            date: "date".into(),
            body: "body".into(),
            tags: "tags".into(),
        }
    }
}

/// How to read input files.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub fields: FieldNames,
    /// Skip malformed JSON records (reporting each) instead of failing the whole run.
    /// Also covers a whole malformed `.json` file and invalid Markdown front matter.
    pub skip_bad_records: bool,
    /// Index every page as one article: no splitting into stories ([`crate::story`]).
    pub whole_pages: bool,
    /// A `.txt` or `.md` page without a url of its own gets this prefix followed by its path
    /// with the extension `.html` (`read/` gives `read/2024/p1.html` for `2024/p1.txt`): the
    /// reader pages `zhsearch reader` writes. Empty: no url.
    pub url_base: String,
    /// Read every file in this encoding (a WHATWG label: `gbk`, `big5`, `gb18030`, …; see
    /// [`decode::by_name`]) unless it starts with a byte-order mark. `None`: per file, as
    /// [`decode`] describes.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Follow every symbolic link in input directories. Without it, a link to a file inside
    /// one of the input roots is read and any other link (to a file elsewhere, or to a
    /// directory) is left out and reported in [`IngestReport::ignored`]: a link to a private
    /// file never ends up in a public index unasked.
    pub follow_links: bool,
    /// Ids carry each input as given (`site/a/index.html`) even when there is only one: for
    /// inputs read from a list whose length varies between runs (`zhsearch index -`), so an
    /// article keeps its id.
    pub qualify_ids: bool,
}

/// Why an input record was not indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// `path`, `path:line` (JSON Lines) or `path#index` (JSON arrays).
    pub source: String,
    pub reason: String,
}

/// Everything ingestion produced.
#[derive(Debug, Default)]
pub struct IngestReport {
    pub articles: Vec<Article>,
    pub skipped: Vec<Skipped>,
    /// Non-fatal problems, each naming its file (e.g. invalid UTF-8 decoded lossily).
    pub warnings: Vec<String>,
    /// Number of files read.
    pub files: usize,
    /// Files not in UTF-8, with the encoding they were read in (`GBK`, `Big5`, `UTF-16LE`, …)
    /// and how it was known.
    pub encodings: Vec<(String, &'static str, decode::How)>,
    /// Entries met in input directories and not read, with why: `hidden` (a name starting
    /// with `.`), `not a regular file` (a FIFO, socket or device), or `not an article file
    /// (.jpg)`. Every entry met is read, skipped or here.
    pub ignored: Vec<(String, String)>,
    /// Fields that pages mark filterable (`data-zhsearch-filter`), in the order first met:
    /// the indexer adds them to [`crate::build::BuildOptions::filter_fields`].
    pub filter_fields: Vec<String>,
}

/// Reads every supported file under `paths` (files or directories, walked recursively in sorted
/// order so the result is deterministic). `on_file` is called once per file before it is read
/// (the CLI drives a progress bar with it). Entries of input directories that are not read
/// (hidden, special, other types, links out of the inputs) are listed in
/// [`IngestReport::ignored`]; a file named explicitly with an unsupported extension is an
/// `Error::Input`.
pub fn ingest_paths(
    paths: &[PathBuf],
    opts: &IngestOptions,
    on_file: &mut dyn FnMut(&Path),
) -> Result<IngestReport> {
    let mut report = IngestReport::default();
    ingest_paths_into(paths, opts, on_file, &mut report)?;
    Ok(report)
}

/// [`ingest_paths`] into `report`, which keeps what was read (warnings included) when a file
/// fails: the CLI reports those before the error.
pub fn ingest_paths_into(
    paths: &[PathBuf],
    opts: &IngestOptions,
    on_file: &mut dyn FnMut(&Path),
    report: &mut IngestReport,
) -> Result<()> {
    let mut articles = Vec::new();
    let r = ingest_paths_each(paths, opts, on_file, report, &mut |a| articles.push(a));
    report.articles.extend(articles);
    r
}

/// [`ingest_paths_into`] handing each article to `sink` as soon as it is read, instead of
/// keeping it in `report.articles` (which stays empty): the indexer prepares articles as they
/// come ([`crate::build::Collector`]), so the text of them all is never held at once, and
/// each file's bytes only while that file is read.
pub fn ingest_paths_each(
    paths: &[PathBuf],
    opts: &IngestOptions,
    on_file: &mut dyn FnMut(&Path),
    report: &mut IngestReport,
    sink: &mut dyn FnMut(Article),
) -> Result<()> {
    let mut seen = Seen::default();
    let (files, ignored) = collect(paths, opts)?;
    report.ignored = ignored;
    for (path, rel) in files {
        on_file(&path);
        let ext = path.extension().unwrap_or_default().to_string_lossy();
        let mut parser = Parser {
            rel: &rel,
            opts,
            report,
            seen: &mut seen,
            sink,
            undated: String::new(),
        };
        let lines = matches!(ext.to_ascii_lowercase().as_str(), "jsonl" | "ndjson");
        if lines {
            let file = std::fs::File::open(&path).map_err(|e| io_error(&path, e))?;
            parser.json_lines_streamed(&ext, file, &path)?;
        } else {
            let bytes = std::fs::read(&path).map_err(|e| io_error(&path, e))?;
            parser.parse(&ext, bytes)?;
        }
    }
    Ok(())
}

/// Lists the files `ingest_paths` would read, in order (for the progress bar length).
pub fn list_files(paths: &[PathBuf], opts: &IngestOptions) -> Result<Vec<PathBuf>> {
    let (files, _) = collect(paths, opts)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// Parses one file's bytes (exposed for tests and fuzzing). `rel` is the path used for ids and messages.
///
/// Ids already in `report.articles` count as seen for duplicate detection.
pub fn parse_file(
    rel: &str,
    ext: &str,
    bytes: &[u8],
    opts: &IngestOptions,
    report: &mut IngestReport,
) -> Result<()> {
    let mut seen = Seen::default();
    for a in &report.articles {
        seen.insert(&a.id, "an earlier file");
    }
    let mut articles = Vec::new();
    let r = Parser {
        rel,
        opts,
        report,
        seen: &mut seen,
        sink: &mut |a| articles.push(a),
        undated: String::new(),
    }
    .parse(ext, bytes.to_vec());
    report.articles.extend(articles);
    r
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        error: source,
    }
}

fn is_supported(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A path as an id: its names joined by `/` (no root, no `.`).
fn id_of(path: &Path) -> String {
    use std::path::Component;
    let parts: Vec<_> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// Files read and entries left out.
type Collected = (Vec<(PathBuf, String)>, Vec<(String, String)>);

/// The files to read, each with the path relative to its input root (used for ids), and the
/// entries of input directories not read, with why ([`IngestReport::ignored`]).
fn collect(paths: &[PathBuf], opts: &IngestOptions) -> Result<Collected> {
    let follow_links = opts.follow_links;
    let mut files = Vec::new();
    let ignored = std::cell::RefCell::new(Vec::new());
    let roots: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    // With several inputs, ids carry the input as given (site/2023/a.txt, site/2024/a.txt):
    // the same relative path under two roots is two articles.
    let qualify = paths.len() > 1 || opts.qualify_ids;
    for root in paths {
        let meta = std::fs::metadata(root).map_err(|e| io_error(root, e))?;
        if !meta.is_dir() {
            if !meta.is_file() {
                return Err(Error::Input(format!(
                    "{}: not a regular file (a device, FIFO or socket): not read",
                    root.display()
                )));
            }
            if !is_supported(root) {
                return Err(Error::Input(format!(
                    "{}: unsupported file type (expected .{})",
                    root.display(),
                    EXTENSIONS.join(", .")
                )));
            }
            let name = match qualify {
                true => root.as_os_str(),
                false => root.file_name().unwrap_or(root.as_os_str()),
            };
            files.push((root.clone(), id_of(Path::new(name))));
            continue;
        }
        let rel_of = |path: &Path| match qualify {
            true => id_of(path),
            false => id_of(path.strip_prefix(root).unwrap_or(path)),
        };
        let walker = WalkDir::new(root)
            .follow_links(follow_links)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                if hidden {
                    let what = if e.file_type().is_dir() {
                        "hidden directory"
                    } else {
                        "hidden"
                    };
                    ignored
                        .borrow_mut()
                        .push((rel_of(e.path()), what.to_owned()));
                }
                !hidden
            });
        for entry in walker {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(root).to_path_buf();
                io_error(&path, e.into())
            })?;
            let mut t = entry.file_type();
            if t.is_dir() {
                continue;
            }
            let rel = rel_of(entry.path());
            if t.is_symlink() {
                // Not following links: a link to a file inside an input root is read.
                let target = std::fs::canonicalize(entry.path()).ok();
                let meta = target.as_ref().and_then(|p| std::fs::metadata(p).ok());
                let inside = target
                    .as_ref()
                    .is_some_and(|p| roots.iter().any(|r| p.starts_with(r)));
                match meta {
                    Some(m) if m.is_file() && inside => t = m.file_type(),
                    _ => {
                        let why = match meta {
                            Some(m) if m.is_dir() => "symbolic link to a directory",
                            Some(_) => "symbolic link out of the input (--follow-links reads it)",
                            None => "broken symbolic link",
                        };
                        ignored.borrow_mut().push((rel, why.to_owned()));
                        continue;
                    }
                }
            }
            if !t.is_file() {
                let why = "not a regular file (a FIFO, socket or device)".to_owned();
                ignored.borrow_mut().push((rel, why));
            } else if is_supported(entry.path()) {
                files.push((entry.path().to_path_buf(), rel));
            } else {
                let ext = entry
                    .path()
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase());
                let why = match ext {
                    Some(e) => format!("not an article file (.{e})"),
                    None => "not an article file (no extension)".to_owned(),
                };
                ignored.borrow_mut().push((rel, why));
            }
        }
    }
    Ok((files, ignored.into_inner()))
}

/// The ids met so far, each with where it was first met, in a few dozen bytes per id: a
/// 128-bit hash of the id (two different ids share one with a chance of about 10⁻²⁶ at a
/// million) and the source's text in one buffer, where two strings per record would
/// otherwise cost more than the articles' own index entries.
#[derive(Default)]
pub(crate) struct Seen {
    ids: crate::hash::FxMap<u128, u32>,
    sources: String,
    ends: Vec<u32>,
}

impl Seen {
    /// Where `id` was first met.
    fn get(&self, id: &str) -> Option<&str> {
        let &i = self.ids.get(&xxhash_rust::xxh3::xxh3_128(id.as_bytes()))?;
        let start = match i {
            0 => 0,
            i => *self.ends.get(i as usize - 1)? as usize,
        };
        let end = *self.ends.get(i as usize)? as usize;
        self.sources.get(start..end)
    }

    /// Records that `id` was met in `source` (unless met before).
    fn insert(&mut self, id: &str, source: &str) {
        let key = xxhash_rust::xxh3::xxh3_128(id.as_bytes());
        if self.ids.contains_key(&key) {
            return;
        }
        let (Ok(i), Ok(end)) = (
            u32::try_from(self.ends.len()),
            u32::try_from(self.sources.len() + source.len()),
        ) else {
            return; // past 4 GiB of sources: ids are no longer checked
        };
        self.sources.push_str(source);
        self.ends.push(end);
        self.ids.insert(key, i);
    }
}

/// Parsing state for one file.
struct Parser<'a> {
    rel: &'a str,
    opts: &'a IngestOptions,
    report: &'a mut IngestReport,
    /// Ids met, with the source of each one's first occurrence.
    seen: &'a mut Seen,
    /// Where articles go.
    sink: &'a mut dyn FnMut(Article),
    /// The last source warned about for its date (a page's stories share the warning).
    undated: String,
}

/// One line ending for every reader: CR LF, and CR alone (old Mac exports), become LF.
fn unify_line_ends(text: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    match text.contains('\r') {
        true => text.replace("\r\n", "\n").replace('\r', "\n").into(),
        false => text,
    }
}

/// JSON Lines are read in chunks of about this many bytes (each cut after a line).
pub(crate) const LINES_CHUNK: usize = 8 << 20;

impl Parser<'_> {
    /// A JSON Lines file read a chunk of lines at a time, so that a file of a million records
    /// is never in memory whole. A file that is not plain UTF-8 from its first chunk on (a
    /// byte-order mark, `--encoding`, other bytes) is read whole and decoded as any file is;
    /// a later chunk that is not UTF-8 has its bad bytes replaced (reported).
    fn json_lines_streamed(&mut self, ext: &str, file: std::fs::File, path: &Path) -> Result<()> {
        use std::io::{BufRead, Read};
        let io = |e| io_error(path, e);
        let mut r = std::io::BufReader::with_capacity(1 << 20, file);
        let mut chunk = Vec::new();
        let next = |r: &mut std::io::BufReader<std::fs::File>, chunk: &mut Vec<u8>| {
            chunk.clear();
            (&mut *r).take(LINES_CHUNK as u64).read_to_end(chunk)?;
            if chunk.last().is_some_and(|&b| b != b'\n') {
                r.read_until(b'\n', chunk)?;
            }
            Ok::<_, std::io::Error>(!chunk.is_empty())
        };
        next(&mut r, &mut chunk).map_err(io)?;
        let plain = encoding_rs::Encoding::for_bom(&chunk).is_none()
            && self.opts.encoding.is_none()
            && std::str::from_utf8(&chunk).is_ok();
        if !plain {
            r.read_to_end(&mut chunk).map_err(io)?;
            return self.parse(ext, chunk);
        }
        self.report.files += 1;
        let (mut line, mut any, mut replaced) = (0, false, false);
        loop {
            let text = match std::str::from_utf8(&chunk) {
                Ok(t) => std::borrow::Cow::Borrowed(t),
                Err(_) => {
                    replaced = true;
                    String::from_utf8_lossy(&chunk)
                }
            };
            let text = unify_line_ends(text);
            any |= !text.trim().is_empty();
            self.json_lines_from(&text, line)?;
            line += text.lines().count();
            if !next(&mut r, &mut chunk).map_err(io)? {
                break;
            }
        }
        if replaced {
            let warning = format!("{}: invalid UTF-8 replaced with U+FFFD", self.rel);
            self.report.warnings.push(warning);
        }
        if !any {
            self.skip(self.rel.to_owned(), "empty");
        }
        Ok(())
    }

    fn parse(&mut self, ext: &str, bytes: Vec<u8>) -> Result<()> {
        let ext = ext.trim_start_matches('.').to_ascii_lowercase();
        if !EXTENSIONS.contains(&ext.as_str()) {
            let msg = format!("{}: unsupported file type {ext:?}", self.rel);
            return Err(Error::Input(msg));
        }
        self.report.files += 1;
        let html = HTML.contains(&ext.as_str());
        let decoded = decode::decode_owned(bytes, html, self.opts.encoding);
        let name = decoded.encoding.name();
        if decoded.encoding != encoding_rs::UTF_8 {
            let how = decoded.how;
            self.report.encodings.push((self.rel.to_owned(), name, how));
        }
        if decoded.replaced {
            let warning = format!("{}: invalid {name} replaced with U+FFFD", self.rel);
            self.report.warnings.push(warning);
        }
        let text = unify_line_ends(decoded.text.into()).into_owned();
        let rel = self.rel.to_owned();
        if text.trim().is_empty() {
            self.skip(rel, "empty");
            return Ok(());
        }
        match ext.as_str() {
            "txt" => {
                let (title, body) = split_title(&text);
                // A page that opens with its date line (2024年 1月 4日 星期四 …) is dated.
                let date = crate::filter::date::day(&title)
                    .map(crate::filter::date::day_string)
                    .unwrap_or_default();
                let page = Article {
                    id: rel.clone(),
                    title,
                    body,
                    date,
                    url: self.reader_url(),
                    ..Article::default()
                };
                let stories = match self.opts.whole_pages {
                    true => Vec::new(),
                    false => story::newspaper::split(&text),
                };
                // The file's text is not needed any more: a huge page is not held twice while
                // it is prepared.
                drop(text);
                self.add_page(rel, page, || stories);
                return Ok(());
            }
            "md" | "markdown" => self.markdown(&text)?,
            e if HTML.contains(&e) => {
                let whole = self.opts.whole_pages;
                let html::HtmlPage {
                    page,
                    stories,
                    flattened,
                    filters,
                    bad_weights,
                } = html::html_page(rel.clone(), &text, !whole);
                for w in bad_weights {
                    let warning = format!(
                        "{rel}: data-zhsearch-weight={:?} is no weight (a number from 0 to 10): ignored",
                        w
                    );
                    self.report.warnings.push(warning);
                }
                for f in filters {
                    if !self.report.filter_fields.contains(&f) {
                        self.report.filter_fields.push(f);
                    }
                }
                if flattened {
                    let depth = nesting::MAX_HTML_DEPTH;
                    let warning = format!(
                        "{rel}: elements nested deeper than {depth} levels read as their text"
                    );
                    self.report.warnings.push(warning);
                }
                self.add_page(rel, page, || stories);
            }
            "json" => self.json(&text)?,
            _ => self.json_lines(&text)?,
        }
        Ok(())
    }

    /// [`IngestOptions::url_base`] for this file (empty without one).
    fn reader_url(&self) -> String {
        if self.opts.url_base.is_empty() {
            return String::new();
        }
        let stem = match self.rel.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() && !stem.ends_with('/') => stem,
            _ => self.rel,
        };
        format!("{}{stem}.html", self.opts.url_base)
    }

    fn skip(&mut self, source: String, reason: impl Into<String>) {
        self.report.skipped.push(Skipped {
            source,
            reason: reason.into(),
        });
    }

    /// A malformed record: an error, or skipped with `skip_bad_records`.
    fn bad(&mut self, source: String, reason: String) -> Result<()> {
        if !self.opts.skip_bad_records {
            return Err(Error::Input(format!("{source}: {reason}")));
        }
        self.skip(source, reason);
        Ok(())
    }

    /// Adds a page as its stories (or whole, with `whole_pages`, when `stories` is not even
    /// called, or with fewer than two stories).
    fn add_page(
        &mut self,
        source: String,
        page: Article,
        stories: impl FnOnce() -> Vec<story::Story>,
    ) {
        let stories = if self.opts.whole_pages {
            Vec::new()
        } else {
            stories()
        };
        for a in story::into_articles(page, stories) {
            self.add(source.clone(), a);
        }
    }

    fn add(&mut self, source: String, article: Article) {
        if article.title.trim().is_empty() && article.body.trim().is_empty() {
            return self.skip(source, "empty");
        }
        if let Some(first) = self.seen.get(&article.id) {
            let reason = format!("duplicate id {:?} (first seen in {first})", article.id);
            return self.skip(source, reason);
        }
        let date = article.date.trim();
        if !date.is_empty() && crate::filter::date::day(date).is_none() && self.undated != source {
            let warning = format!(
                "{source}: date {date:?} is not a day (kept as written; not sorted or filtered by date)"
            );
            self.report.warnings.push(warning);
            self.undated = source.clone();
        }
        self.seen.insert(&article.id, &source);
        (self.sink)(article);
    }

    fn markdown(&mut self, text: &str) -> Result<()> {
        let rel = self.rel.to_owned();
        let (front, content) = split_front_matter(text);
        let meta = match front.map(parse_yaml).transpose() {
            Ok(meta) => meta.unwrap_or_default(),
            Err(e) => return self.bad(rel, format!("invalid front matter: {e}")),
        };
        let fields = (|| -> Result<_, String> {
            Ok((
                // (as written: YAML reads `id: 010` as the number 10)
                match front.and_then(|f| plain_scalar(f, "id")) {
                    Some(raw) => Some(raw),
                    None => scalar_field(&meta, "id")?,
                }
                .filter(|s| !s.trim().is_empty()),
                scalar_field(&meta, "title")?.filter(|s| !s.trim().is_empty()),
                scalar_field(&meta, "url")?.unwrap_or_default(),
                scalar_field(&meta, "date")?.unwrap_or_default(),
                tags_field(&meta, "tags")?,
            ))
        })();
        let (id, title, url, date, tags) = match fields {
            Ok(fields) => fields,
            Err(reason) => {
                self.skip(rel, format!("front matter {reason}"));
                return Ok(());
            }
        };
        let md = markdown::markdown_text(content, title.is_none());
        let body = md.body();
        let (title, body) = match title.or(md.heading.clone()) {
            Some(title) => (title.trim().to_owned(), body.trim_end().to_owned()),
            None => split_title(&body),
        };
        let headline = title.clone();
        let url = if url.is_empty() {
            self.reader_url()
        } else {
            url
        };
        let id = id.unwrap_or_else(|| rel.clone());
        let page = Article {
            id,
            title,
            url,
            date,
            tags,
            body,
            page: None,
            meta: match front.is_some() {
                true => meta_fields(&meta, &["id", "title", "url", "date", "tags"]),
                false => BTreeMap::new(),
            },
            weights: Vec::new(),
        };
        self.add_page(rel, page, || md.stories(&headline));
        Ok(())
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The fields of a record other than `known` as metadata: a string, number or boolean as
/// itself, an array as its items, anything else (an object, an array of arrays) as its JSON
/// text; null and empty values left out.
fn meta_fields(obj: &Map<String, Value>, known: &[&str]) -> BTreeMap<String, Vec<String>> {
    let text = |v: &Value| match v {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        v => scalar(v).or_else(|| serde_json::to_string(v).ok()),
    };
    let mut out = BTreeMap::new();
    for (k, v) in obj {
        if known.contains(&k.as_str()) {
            continue;
        }
        let values: Vec<String> = match v {
            Value::Array(items) => items.iter().filter_map(text).collect(),
            v => text(v).into_iter().collect(),
        };
        let values: Vec<String> = values
            .into_iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if !values.is_empty() {
            out.insert(k.clone(), values);
        }
    }
    out
}

/// A string or number field (`None` when missing or null).
fn scalar_field(obj: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => scalar(value).map(Some).ok_or_else(|| {
            format!(
                "field {name:?}: expected a string or number, found {}",
                kind(value)
            )
        }),
    }
}

/// Tags: an array of strings, or one string of comma-separated tags.
fn tags_field(obj: &Map<String, Value>, name: &str) -> Result<Vec<String>, String> {
    let invalid = |v: &Value| {
        format!(
            "field {name:?}: expected strings or an array of them, found {}",
            kind(v)
        )
    };
    let tags = match obj.get(name) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| scalar(v).ok_or_else(|| invalid(v)))
            .collect::<Result<_, _>>()?,
        Some(value) => {
            let list = scalar(value).ok_or_else(|| invalid(value))?;
            list.split([',', '，']).map(str::to_owned).collect()
        }
    };
    Ok(tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Title = first non-empty line (trimmed); body = everything after it.
fn split_title(text: &str) -> (String, String) {
    let mut rest = text;
    while !rest.is_empty() {
        let (line, tail) = rest.split_once('\n').unwrap_or((rest, ""));
        if !line.trim().is_empty() {
            let body = tail.trim_start_matches(['\r', '\n']).trim_end();
            return (line.trim().to_owned(), body.to_owned());
        }
        rest = tail;
    }
    (String::new(), String::new())
}

/// Splits `---` front matter (which must be closed by another `---` line) from the content.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some((first, rest)) = text.split_once('\n') else {
        return (None, text);
    };
    if first.trim_end() != "---" {
        return (None, text);
    }
    let mut end = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (Some(&rest[..end]), &rest[end + line.len()..]);
        }
        end += line.len();
    }
    (None, text)
}

fn push_newline(buf: &mut String) {
    if !buf.is_empty() && !buf.ends_with('\n') {
        buf.push('\n');
    }
}

/// The text of top-level `key: value` in YAML when the value is a plain number-like scalar
/// (digits, signs, dots, `e`, `x`, `_`), as written: YAML would read `010` as 10 and `1e2` as
/// 100.0. Quoted or other values: `None` (the parser's value is right).
fn plain_scalar(yaml: &str, key: &str) -> Option<String> {
    for line in yaml.lines() {
        let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
            continue;
        };
        let v = rest.split(" #").next().unwrap_or("").trim();
        let numeric = !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_hexdigit() || "+-._xXoO".contains(c))
            && v.chars().any(|c| c.is_ascii_digit());
        return numeric.then(|| v.to_owned());
    }
    None
}

/// Whether YAML text uses an alias (`*name`) of an anchor (`&name`): the parser expands
/// aliases in full, so eight nested ones in 400 bytes take gigabytes.
fn uses_aliases(yaml: &str) -> bool {
    let marks = |sigil: char| {
        let mut prev = '\n';
        yaml.chars().any(|c| {
            let token_start = prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':' | '-');
            let hit = c == sigil && token_start;
            prev = c;
            hit
        })
    };
    marks('&') && marks('*')
}

fn parse_yaml(yaml: &str) -> Result<Map<String, Value>, String> {
    if uses_aliases(yaml) {
        return Err(
            "uses YAML anchors and aliases (&a … *a), which are not expanded: \
                    they can grow without bound"
                .into(),
        );
    }
    let value: Value = YAML::parse(yaml)
        .and_then(|pod| pod.deserialize())
        .map_err(|e| e.to_string())?;
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(format!("expected a mapping, found {}", kind(&other))),
    }
}
