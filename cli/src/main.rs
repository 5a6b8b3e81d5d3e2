//! `zhsearch`: build index files from article files and query them.
//!
//! Other tools and the benchmarks drive this interface; keep it stable:
//! - `zhsearch index <PATH>... -o <FILE>` (one file) or `--split <DIR>` (the split layout)
//! - `zhsearch search <FILE|DIR> <QUERY> [--limit N] [--json]`, or `--stdin` for one query per line
//! - `zhsearch stats <FILE|DIR>`
//! - `zhsearch reader <PATH>... -o <DIR>`: reader pages for pages without their own

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Instant;
use zhsearch_engine::build::{BuildOptions, Collector};
use zhsearch_engine::filter::Narrowing;
use zhsearch_engine::ingest::{self, FieldNames, IngestOptions};
use zhsearch_engine::split::entry::ENTRY_NAME;
use zhsearch_engine::{Index, SearchOptions, SearchResults, SplitIndex};

mod reader;

#[derive(Parser)]
#[command(
    name = "zhsearch",
    version,
    about = "Chinese full-text search: build and query index files",
    after_help = "Exit status: 0 on success (also when a reader of the output goes away, as with `| head`), \
1 on an error (said on standard error, naming the file, line or record), 2 on a usage error.\n\n\
Examples:\n  zhsearch index articles/ -o site.zhs\n  zhsearch search site.zhs '乡村振兴 -南乐'\n  \
zhsearch index articles/ --split public/search/\n  zhsearch stats public/search/"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index article files and directories (.txt .md .html .json .jsonl .ndjson) into one
    /// file (-o) or a split index directory (--split).
    #[command(after_help = "Examples:\n  \
zhsearch index articles/ exports/feed.jsonl -o site.zhs\n  \
zhsearch index site/ --split public/search/ --url-base /read/\n  \
zhsearch index exports/feed.jsonl -o site.zhs --filter-field 栏目 --skip-bad-records\n  \
find site -name '*.html' -newer last-build | zhsearch index - -o site.zhs\n  \
zhsearch index old-cms/ -o site.zhs --encoding gbk")]
    Index(IndexArgs),
    /// Search an index file or a split index directory.
    #[command(after_help = "Examples:\n  \
zhsearch search site.zhs '乡村振兴 \"五星支部\" -南乐' --limit 5\n  \
zhsearch search site.zhs 燃气安全 --filter 栏目=要闻 --sort -date --facets\n  \
zhsearch search site.zhs --filter 栏目=通知公告 --after 2024      (no query: a list, newest first)\n  \
zhsearch search site.zhs -南乐                                    (a query may start with a minus)\n  \
zhsearch search county.zhs 燃气安全 --label 县政府 --site 城关镇=towns/chengguan/search/   (two sites as one list)\n  \
zhsearch search public/search/ --stdin --json --fetch-stats < queries.txt")]
    Search(SearchArgs),
    /// Write a reader page per page of .txt and .md articles (each story a section with the
    /// anchor its hits link to), for sites whose articles have no HTML page of their own.
    #[command(after_help = "Example:\n  \
zhsearch reader articles/ -o public/read/ --stylesheet /reader.css --script /zh-highlight.js --back /\n  \
zhsearch index articles/ -o public/site.zhs --url-base /read/      (hits then link to those pages)")]
    Reader(ReaderArgs),
    /// Print article, term and section sizes of an index file or split index directory.
    #[command(
        after_help = "Examples:\n  zhsearch stats site.zhs\n  zhsearch stats public/search/ --json"
    )]
    Stats {
        /// Index file or split index directory.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct IndexArgs {
    /// Files or directories to index; `-` reads their names from standard input, one per line.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Index file to write (atomically: an interrupted run leaves the old file intact).
    #[arg(
        short,
        long,
        required_unless_present = "split",
        conflicts_with = "split"
    )]
    output: Option<PathBuf>,
    /// Write a split index into this directory instead: immutable pack parts named by content
    /// hash, read piece by piece by the browser, and one small entry (zhsearch.entry).
    #[arg(long, value_name = "DIR")]
    split: Option<PathBuf>,
    /// With --split: leave out the compact single file that the browser downloads to work
    /// offline.
    #[arg(long, requires = "split")]
    no_offline: bool,
    /// With --split: build afresh instead of updating the split index already in DIR (an
    /// update keeps the files of unchanged articles, so a CDN keeps them cached).
    #[arg(long, requires = "split")]
    fresh: bool,
    /// JSON field holding the article id.
    #[arg(long, default_value = "id")]
    id_field: String,
    /// JSON field holding the title.
    #[arg(long, default_value = "title")]
    title_field: String,
    /// JSON field holding the URL.
    #[arg(long, default_value = "url")]
    url_field: String,
    /// JSON field holding the date.
    #[arg(long, default_value = "date")]
    date_field: String,
    /// JSON field holding the text.
    #[arg(long, default_value = "body")]
    body_field: String,
    /// JSON field holding the tags.
    #[arg(long, default_value = "tags")]
    tags_field: String,
    /// Skip malformed JSON records (each is reported) instead of failing.
    #[arg(long)]
    skip_bad_records: bool,
    /// Index every page as one article: do not split newspaper pages, HTML and Markdown into
    /// their stories and sections.
    #[arg(long)]
    whole_pages: bool,
    /// Follow every symbolic link in input directories (by default a link to a file inside
    /// the inputs is read and any other is reported and left out).
    #[arg(long)]
    follow_links: bool,
    /// Read the files in this encoding (gbk, gb18030, big5, utf-16le, ...) unless they start
    /// with a byte-order mark. Default: a BOM, an HTML page's declared charset, UTF-8, or
    /// GBK/GB18030/Big5 detected from the bytes; each file not in UTF-8 is named.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Give pages read from files without a url of their own the url URL + their path with
    /// the extension .html (the pages `zhsearch reader` writes), their stories URL + ... + #sN.
    #[arg(long, value_name = "URL")]
    url_base: Option<String>,
    /// Index a pair of adjacent characters when it saves scanning this many documents
    /// (smaller: faster queries, bigger index).
    #[arg(long, default_value_t = BuildOptions::default().pair_min_savings)]
    pair_min_savings: u32,
    /// Split index: bytes per dictionary slot, filled with its grams' smaller lists; a query
    /// whose lists all ride in their slots needs one round trip for them, not two (bigger:
    /// more queries do, each fetching bigger slots, more bytes on disk; 0: slots carry no
    /// lists).
    #[arg(long, value_name = "BYTES", default_value_t = BuildOptions::default().slot_bytes)]
    slot_bytes: usize,
    /// Segmentation threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Make a metadata field filterable and counted in facets (repeatable; `tags` always is,
    /// and so is every field a page marks with data-zhsearch-filter). Metadata are the fields
    /// of a record besides id, title, url, date, body and tags: JSON fields, front matter,
    /// HTML <meta name> tags and data-zhsearch-meta elements.
    #[arg(long, value_name = "NAME")]
    filter_field: Vec<String>,
    /// Print only errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args)]
struct ReaderArgs {
    /// Files or directories (as given to `zhsearch index`).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Directory to write the pages into (`<id without extension>.html`, the names
    /// `zhsearch index --url-base` links to).
    #[arg(short, long)]
    output: PathBuf,
    /// Stylesheet URL for the pages.
    #[arg(long)]
    stylesheet: Option<String>,
    /// Icon URL for the pages.
    #[arg(long)]
    icon: Option<String>,
    /// URL of the highlight script (zh-highlight.js), which marks the query a result link
    /// carries.
    #[arg(long)]
    script: Option<String>,
    /// URL of the search page, for a link back to it.
    #[arg(long)]
    back: Option<String>,
    /// Language of the pages.
    #[arg(long, default_value = "zh-Hans")]
    lang: String,
    /// Do not split pages into stories (as `zhsearch index --whole-pages`).
    #[arg(long)]
    whole_pages: bool,
    /// Follow every symbolic link (as `zhsearch index --follow-links`).
    #[arg(long)]
    follow_links: bool,
}

#[derive(Args)]
struct SearchArgs {
    /// Index file or split index directory.
    file: PathBuf,
    /// Query (omit with --stdin, or with --filter/--after/--before to list articles). It may
    /// start with a minus: `zhsearch search FILE -南乐`.
    #[arg(
        required_unless_present_any = ["stdin", "filter", "after", "before", "facets"],
        allow_hyphen_values = true
    )]
    query: Option<String>,
    /// Hits to return.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Passages per snippet.
    #[arg(long, default_value_t = 1)]
    passages: usize,
    /// Characters per passage.
    #[arg(long, default_value_t = 80)]
    snippet_chars: u32,
    /// Take Latin letters only as typed: no pinyin readings, no typo corrections.
    #[arg(long)]
    no_spell: bool,
    /// Only articles whose field NAME holds VALUE (repeatable: the same name twice is OR,
    /// different names AND). With an empty query: list the articles, newest first.
    #[arg(long, value_name = "NAME=VALUE")]
    filter: Vec<String>,
    /// Only articles dated on or after this day, month or year (2024-01-04, 2024年1月, 2023).
    #[arg(long, value_name = "DATE")]
    after: Option<String>,
    /// Only articles dated on or before this day, month or year (inclusive: 2023 is up to
    /// 2023-12-31).
    #[arg(long, value_name = "DATE")]
    before: Option<String>,
    /// Order: relevance, date (oldest first) or -date (newest first); undated articles last.
    #[arg(long, default_value = "relevance", allow_hyphen_values = true)]
    sort: String,
    /// Count the matching articles per value of every filter field (JSON "facets"; printed
    /// after the hits otherwise).
    #[arg(long)]
    facets: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Read one query per line from standard input, write one JSON object per line.
    #[arg(long, conflicts_with = "query")]
    stdin: bool,
    /// Split index: add to the JSON what a browser would have fetched for each query, with
    /// the fragments of earlier queries kept: `"fetched": {"bytes", "fragments", "rounds"}`.
    #[arg(long)]
    fetch_stats: bool,
    /// Also search this index (a file or a split index directory), labelled LABEL: all of them
    /// as one list ranked on one scale, each hit with its site's label, and the filter field
    /// `site` (repeatable; `--filter site=LABEL` keeps one site).
    #[arg(long, value_name = "LABEL=PATH")]
    site: Vec<String>,
    /// With --site: the label of FILE's site (default: FILE's name).
    #[arg(long, value_name = "LABEL", requires = "site")]
    label: Option<String>,
}

fn main() {
    if let Err(e) = run(Cli::parse()) {
        // The reader of our output went away (`| head -1`): nothing more to say.
        let broken_pipe = e.chain().any(|c| {
            c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        });
        if broken_pipe {
            std::process::exit(0);
        }
        eprintln!("zhsearch: error: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Index(a) => index(a),
        Command::Search(a) => search(a),
        Command::Reader(a) => write_reader(a),
        Command::Stats { file, json } => stats(file, json),
    }
}

/// `paths` with `-` replaced by the names read from standard input (one per line; blank lines
/// skipped).
fn expand_stdin(paths: Vec<PathBuf>) -> Result<Vec<PathBuf>> {
    if !paths.iter().any(|p| p.as_os_str() == "-") {
        return Ok(paths);
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() != "-" {
            out.push(p);
            continue;
        }
        let mut raw = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut raw)
            .context("reading the list of inputs from standard input")?;
        for line in raw.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            #[cfg(unix)]
            out.push(PathBuf::from(
                <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(line),
            ));
            #[cfg(not(unix))]
            out.push(PathBuf::from(String::from_utf8_lossy(line).into_owned()));
        }
    }
    if out.is_empty() {
        bail!("no inputs: standard input named no files");
    }
    Ok(out)
}

fn index(mut a: IndexArgs) -> Result<()> {
    let started = Instant::now();
    let listed = a.paths.iter().any(|p| p.as_os_str() == "-");
    a.paths = expand_stdin(std::mem::take(&mut a.paths))?;
    let opts = IngestOptions {
        fields: FieldNames {
            id: a.id_field,
            title: a.title_field,
            url: a.url_field,
            date: a.date_field,
            body: a.body_field,
            tags: a.tags_field,
        },
        skip_bad_records: a.skip_bad_records,
        whole_pages: a.whole_pages,
        follow_links: a.follow_links,
        qualify_ids: listed,
        url_base: a.url_base.unwrap_or_default(),
        encoding: match &a.encoding {
            Some(name) => Some(
                ingest::decode::by_name(name)
                    .with_context(|| format!("--encoding {name:?}: not an encoding name"))?,
            ),
            None => None,
        },
    };
    let files = ingest::list_files(&a.paths, &opts)?;
    // The index must not overwrite an article it is built from.
    if let Some(out) = a
        .output
        .as_ref()
        .and_then(|o| std::fs::canonicalize(o).ok())
    {
        for f in &files {
            if std::fs::canonicalize(f).is_ok_and(|f| f == out) {
                bail!(
                    "-o {} is one of the inputs: it would be overwritten (choose another output)",
                    printable(&out.display().to_string())
                );
            }
        }
    }
    let bar = if a.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(files.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} reading {pos}/{len} files {bar:30} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let build = BuildOptions {
        pair_min_savings: a.pair_min_savings,
        slot_bytes: a.slot_bytes,
        threads: a.threads,
        offline: !a.no_offline,
        fresh: a.fresh,
        filter_fields: a.filter_field.clone(),
        ..Default::default()
    };
    // Articles are prepared as they are read: their text is not all held at once.
    let mut build = build;
    let mut collector = Collector::new(&build, a.split.is_some());
    let mut report = ingest::IngestReport::default();
    let read = ingest::ingest_paths_each(
        &a.paths,
        &opts,
        &mut |p| {
            bar.set_message(p.display().to_string());
            bar.inc(1);
        },
        &mut report,
        &mut |article| collector.push(article),
    );
    bar.finish_and_clear();
    // (File names and reasons come from the input: shown printable. The warnings of the
    // files read before a failure are said too.)
    for w in &report.warnings {
        eprintln!("zhsearch: warning: {}", printable(w));
    }
    read?;
    for s in &report.skipped {
        eprintln!(
            "zhsearch: skipped {}: {}",
            printable(&s.source),
            printable(&s.reason)
        );
    }
    // Entries of the input directories not read: each hidden or special one by name, the
    // other types counted by extension.
    let mut others: std::collections::BTreeMap<&str, usize> = Default::default();
    for (file, why) in &report.ignored {
        match why.strip_prefix("not an article file (") {
            Some(ext) => *others.entry(ext.trim_end_matches(')')).or_default() += 1,
            None if !a.quiet => eprintln!("zhsearch: ignored {}: {why}", printable(file)),
            None => {}
        }
    }
    if !others.is_empty() && !a.quiet {
        let list: Vec<String> = others.iter().map(|(e, n)| format!("{e} {n}")).collect();
        let n: usize = others.values().sum();
        eprintln!(
            "zhsearch: ignored {n} files of other types ({})",
            list.join(", ")
        );
    }
    for (file, name, how) in &report.encodings {
        let how = match how {
            ingest::decode::How::Bom => "byte-order mark",
            ingest::decode::How::Given => "--encoding",
            ingest::decode::How::Declared => "declared by the page",
            ingest::decode::How::Detected => "detected",
            ingest::decode::How::Utf8 => "UTF-8",
        };
        if !a.quiet {
            eprintln!("zhsearch: read {} as {name} ({how})", printable(file));
        }
    }
    for f in &report.filter_fields {
        if !build.filter_fields.contains(f) {
            build.filter_fields.push(f.clone());
        }
    }
    if collector.is_empty() {
        bail!(
            "no articles to index in {} file(s) ({} skipped)",
            report.files,
            report.skipped.len()
        );
    }
    let spinner = if a.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new_spinner()
    };
    spinner.set_message(format!("indexing {} articles", collector.len()));
    spinner.enable_steady_tick(std::time::Duration::from_millis(100));
    // Pages split into stories, counted as the index counts pages.
    let (stories, split_pages) = collector.stories();
    let split = match split_pages {
        0 => String::new(),
        1 => format!(" ({stories} of them stories of 1 page)"),
        n => format!(" ({stories} of them stories of {n} pages)"),
    };
    let encoded = match report.encodings.len() {
        0 => String::new(),
        n => format!(" ({n} not in UTF-8)"),
    };
    let ignored = match report.ignored.len() {
        0 => String::new(),
        n => format!(", ignored {n} other entries"),
    };
    let counts = format!(
        "indexed {} articles{split} from {} files{encoded}, skipped {}{ignored}, {} warnings",
        collector.len(),
        report.files,
        report.skipped.len(),
        report.warnings.len(),
    );
    if let Some(dir) = &a.split {
        let r = collector.build_split(&build, dir);
        spinner.finish_and_clear();
        let r = r.with_context(|| format!("building the split index in {}", dir.display()))?;
        if !a.quiet {
            let compact = if r.compact_bytes > 0 {
                format!(", offline copy {} bytes", r.compact_bytes)
            } else {
                String::new()
            };
            let how = match r.update {
                Some(u) => format!(
                    "updated: {} articles kept, {} added or changed, {} removed or replaced",
                    u.kept, u.added, u.deleted
                ),
                None => "built afresh".to_owned(),
            };
            eprintln!(
                "{counts} -> {}: {} files, {} bytes, entry {} bytes{compact}; {how}; {} files written ({} bytes; {} files of them offline copy), {} unchanged, {} old removed; {:.2} s",
                dir.display(),
                r.files,
                r.bytes,
                r.entry_bytes,
                r.written,
                r.written_bytes,
                r.written_compact,
                r.files - r.written.min(r.files),
                r.removed,
                started.elapsed().as_secs_f64()
            );
        }
        return Ok(());
    }
    let output = a.output.context("-o FILE or --split DIR is required")?;
    let written = collector.write_index(&build, &output);
    spinner.finish_and_clear();
    let written = written.with_context(|| format!("building the index {}", output.display()))?;
    if !a.quiet {
        eprintln!(
            "{counts} -> {} ({} bytes) in {:.2} s",
            output.display(),
            written,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// An index to search: a single file, a split index directory read from disk, or several of
/// those searched as one (`--site`).
enum Opened {
    Single(Index<Vec<u8>>),
    Split(Box<SplitIndex>, PathBuf),
    Sites(Vec<String>, Vec<Opened>),
}

impl Opened {
    /// Searches, reading the fragments split indexes lack from their directories (one index
    /// alone is searched as itself: [`zhsearch_engine::sites`] drives both).
    fn search(&mut self, q: &str, o: &SearchOptions) -> Result<(SearchResults, Option<Fetched>)> {
        use zhsearch_engine::sites::{self, Member};
        let (labels, sites): (&[String], &mut [Opened]) = match self {
            Opened::Sites(labels, sites) => (labels, sites),
            one => (&[], std::slice::from_mut(one)),
        };
        let mut dirs = Vec::new();
        let mut members = Vec::new();
        for s in sites.iter_mut() {
            match s {
                Opened::Single(i) => {
                    members.push(Member::Single(i.view()));
                    dirs.push(None);
                }
                Opened::Split(s, dir) => {
                    members.push(Member::Split(s));
                    dirs.push(Some(dir.clone()));
                }
                Opened::Sites(..) => bail!("sites within sites"),
            }
        }
        let mut f = Fetched::default();
        let r = sites::search_with(&mut members, labels, q, o, |round, k, name, frag| {
            f.rounds = f.rounds.max(round as usize);
            f.count(frag);
            let dir = dirs.get(k).cloned().flatten().unwrap_or_default();
            zhsearch_engine::split::read_range(&dir.join(name), frag)
        })?;
        Ok((r, dirs.iter().any(Option::is_some).then_some(f)))
    }
}

/// FILE alone, or FILE and the `--site LABEL=PATH` indexes as one.
fn open_sites(a: &SearchArgs) -> Result<Opened> {
    if a.site.is_empty() {
        return open_any(&a.file);
    }
    let first = a.label.clone().unwrap_or_else(|| {
        a.file.file_name().map_or_else(
            || a.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    });
    let mut labels = vec![first];
    let mut sites = vec![open_any(&a.file)?];
    for s in &a.site {
        let Some((label, path)) = s.split_once('=') else {
            bail!("--site {s:?}: expected LABEL=PATH (e.g. --site 城关镇=towns/chengguan.zhs)");
        };
        labels.push(label.trim().to_owned());
        sites.push(open_any(std::path::Path::new(path))?);
    }
    Ok(Opened::Sites(labels, sites))
}

/// A split index when `path` is its directory or its entry file; else a single file.
fn open_any(path: &std::path::Path) -> Result<Opened> {
    let dir = if path.is_dir() {
        Some(path.to_path_buf())
    } else if path.file_name().is_some_and(|n| n == ENTRY_NAME) {
        Some(path.parent().map(PathBuf::from).unwrap_or_default())
    } else {
        None
    };
    match dir {
        Some(d) => {
            let s = SplitIndex::open_dir(&d).with_context(|| format!("opening {}", d.display()))?;
            Ok(Opened::Split(Box::new(s), d))
        }
        None => Ok(Opened::Single(open(path)?)),
    }
}

fn open(file: &std::path::Path) -> Result<Index<Vec<u8>>> {
    let bytes = zhsearch_engine::format::read_file(file)?;
    Index::open(bytes).with_context(|| format!("opening {}", file.display()))
}

/// The JSON shape of one query's results.
#[derive(serde::Serialize)]
struct JsonResults<'a> {
    #[serde(flatten)]
    results: &'a SearchResults,
    elapsed_us: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    fetched: Option<Fetched>,
}

/// What a query fetched from a split index.
#[derive(serde::Serialize, Default, Clone, Copy)]
struct Fetched {
    bytes: u64,
    fragments: usize,
    rounds: usize,
}

impl Fetched {
    fn count(&mut self, frag: &zhsearch_engine::source::Frag) {
        self.fragments += 1;
        self.bytes += u64::from(frag.len);
    }
}

fn search(a: SearchArgs) -> Result<()> {
    let mut index = open_sites(&a)?;
    let mut narrowing = Narrowing {
        after: a.after.clone(),
        before: a.before.clone(),
        sort: a.sort.parse().map_err(|e| anyhow::anyhow!("--sort: {e}"))?,
        facets: a.facets,
        ..Default::default()
    };
    for f in &a.filter {
        let Some((name, value)) = f.split_once('=') else {
            bail!("--filter {f:?}: expected NAME=VALUE (e.g. --filter 栏目=要闻)");
        };
        narrowing.filters.push(name.trim(), value.trim());
    }
    let opts = SearchOptions {
        limit: a.limit,
        offset: a.offset,
        passages: a.passages,
        snippet_chars: a.snippet_chars,
        spell: !a.no_spell,
        narrowing,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let stats = a.fetch_stats;
    let mut run = |q: &str| -> Result<(SearchResults, u128, Option<Fetched>)> {
        let t = Instant::now();
        let (r, f) = index.search(q, &opts)?;
        Ok((r, t.elapsed().as_micros(), f.filter(|_| stats)))
    };
    if a.stdin {
        // One answer per line: a line that is not UTF-8 gets an error object, and the pipe goes on.
        let mut input = std::io::stdin().lock();
        let mut raw = Vec::new();
        for n in 1.. {
            raw.clear();
            if input
                .read_until(b'\n', &mut raw)
                .context("reading standard input")?
                == 0
            {
                break;
            }
            let bytes = raw.strip_suffix(b"\n").unwrap_or(&raw);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let Ok(line) = std::str::from_utf8(bytes) else {
                let error = format!("line {n} of standard input is not UTF-8");
                serde_json::to_writer(&mut out, &serde_json::json!({ "error": error, "line": n }))?;
                writeln!(out)?;
                out.flush()?;
                continue;
            };
            let (results, elapsed_us, fetched) = run(line)?;
            serde_json::to_writer(
                &mut out,
                &JsonResults {
                    results: &results,
                    elapsed_us,
                    fetched,
                },
            )?;
            writeln!(out)?;
            out.flush()?;
        }
        return Ok(());
    }
    let q = a.query.unwrap_or_default();
    let (results, elapsed_us, fetched) = run(&q)?;
    if a.json {
        serde_json::to_writer(
            &mut out,
            &JsonResults {
                results: &results,
                elapsed_us,
                fetched,
            },
        )?;
        writeln!(out)?;
    } else {
        let color = std::io::stdout().is_terminal();
        let pages = match results.pages {
            n if n >= results.total => String::new(),
            1 => " on 1 page".to_owned(),
            n => format!(" on {n} pages"),
        };
        writeln!(
            out,
            "{} results{pages} for {:?} ({:.2} ms)",
            results.total,
            results.query,
            elapsed_us as f64 / 1000.0
        )?;
        let parsed = zhsearch_engine::query::Query::parse(&results.query);
        if parsed.pieces.is_empty() && !parsed.excluded.is_empty() {
            writeln!(
                out,
                "only exclusions: add a word to search for (e.g. 乡村振兴 -南乐)"
            )?;
        }
        if let Some(r) = &results.relaxed {
            writeln!(out, "no exact matches; articles containing the words: {r}")?;
        }
        if let Some(c) = &results.corrected {
            writeln!(out, "also with the spelling corrected: {c}")?;
        }
        if !results.pinyin.is_empty() {
            writeln!(out, "also read as pinyin: {}", results.pinyin.join(", "))?;
        }
        for (i, h) in results.hits.iter().enumerate() {
            writeln!(
                out,
                "\n{}. {}  [{}] score {:.3}",
                i + 1 + a.offset,
                mark(&h.title, &h.title_highlights, color),
                printable(&h.id),
                h.score
            )?;
            if let Some(site) = &h.site {
                writeln!(out, "   site: {}", printable(site))?;
            }
            if !h.url.is_empty() || !h.date.is_empty() {
                writeln!(out, "   {} {}", printable(&h.date), printable(&h.url))?;
            }
            if !h.meta.is_empty() {
                let meta: Vec<String> = h
                    .meta
                    .iter()
                    .map(|(k, v)| format!("{}: {}", printable(k), printable(&v.join(", "))))
                    .collect();
                writeln!(out, "   {}", meta.join(" · "))?;
            }
            if let Some(p) = &h.page {
                writeln!(
                    out,
                    "   on page: {} [{}]",
                    printable(&p.title),
                    printable(&p.id)
                )?;
            }
            writeln!(out, "   {}", mark(&h.snippet, &h.highlights, color))?;
        }
        for (field, values) in &results.facets.0 {
            let counts: Vec<String> = values
                .iter()
                .map(|(v, n)| format!("{} {n}", printable(v)))
                .collect();
            writeln!(out, "\n{}: {}", printable(field), counts.join(" · "))?;
        }
    }
    Ok(())
}

fn write_reader(a: ReaderArgs) -> Result<()> {
    let opts = IngestOptions {
        whole_pages: a.whole_pages,
        follow_links: a.follow_links,
        url_base: reader::URL_MARK.into(),
        ..IngestOptions::default()
    };
    let report = ingest::ingest_paths(&a.paths, &opts, &mut |_| {})?;
    for s in &report.skipped {
        eprintln!(
            "zhsearch: skipped {}: {}",
            printable(&s.source),
            printable(&s.reason)
        );
    }
    let links = reader::Links {
        stylesheet: a.stylesheet,
        icon: a.icon,
        script: a.script,
        back: a.back,
        lang: a.lang,
    };
    let n = reader::write_pages(&report.articles, &a.output, &links)?;
    eprintln!("wrote {n} reader pages to {}", a.output.display());
    Ok(())
}

/// Article data with control characters (newlines, tabs, terminal escapes) and bidirectional
/// controls (U+202A-U+202E, U+2066-U+2069: text that reads backwards) shown as U+FFFD, one
/// character for one, so offsets stay valid and data cannot drive the terminal.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Renders highlights in bold yellow on a terminal, as `**…**` otherwise.
fn mark(text: &str, ranges: &[[u32; 2]], color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let chars: Vec<char> = printable(text).chars().collect();
    let mut out = String::new();
    let mut at = 0usize;
    for r in ranges {
        let (s, e) = (r[0] as usize, (r[1] as usize).min(chars.len()));
        if s < at || s > e {
            continue;
        }
        out.extend(&chars[at..s]);
        out.push_str(open);
        out.extend(&chars[s..e]);
        out.push_str(close);
        at = e;
    }
    out.extend(&chars[at..]);
    out
}

fn stats(file: PathBuf, json: bool) -> Result<()> {
    let index = match open_any(&file)? {
        Opened::Single(i) => i,
        Opened::Split(s, _) => return split_stats(&s, json),
        Opened::Sites(..) => bail!("stats reads one index"),
    };
    let s = index.stats()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(());
    }
    println!("articles  {}", s.articles);
    println!("chars     {}", s.chars);
    println!("pairs     {}", s.pairs);
    println!("words     {} (query-time dictionary)", s.words);
    println!("bytes     {}", s.total_bytes);
    for (name, bytes) in &s.sections {
        println!("  {name:10} {bytes:>12}");
    }
    Ok(())
}

fn split_stats(s: &SplitIndex, json: bool) -> Result<()> {
    let e = s.entry();
    let parts: u64 = e.parts.iter().map(|p| p.len).sum();
    let compact: u64 = e.compact.iter().map(|p| p.len).sum();
    let files = |v: &[zhsearch_engine::split::entry::Part]| {
        v.iter()
            .map(|p| serde_json::json!({"name": p.name, "bytes": p.len}))
            .collect::<Vec<_>>()
    };
    if json {
        let segments: Vec<_> = e
            .segments
            .iter()
            .map(|g| {
                serde_json::json!({
                    "first": g.first,
                    "documents": g.docs_count,
                    "frequent_grams": g.frequent.len(),
                    "frequent_len": g.frequent_len,
                    "dict_slots": g.dict.slots,
                    "dict_slot_bytes": g.dict.slot_len,
                })
            })
            .collect();
        let v = serde_json::json!({
            "articles": e.meta.doc_count,
            "parts": files(&e.parts),
            "part_bytes": parts,
            "segments": segments,
            "deleted": e.deleted.len(),
            "vocabulary_shards": e.words.len(),
            "compact": files(&e.compact),
            "compact_bytes": compact,
            "build": format!("{:016x}", e.build),
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    println!("articles  {}", e.meta.doc_count);
    println!("build     {:016x}", e.build);
    println!("parts     {} ({} bytes)", e.parts.len(), parts);
    for p in &e.parts {
        println!("  {:40} {:>12}", p.name, p.len);
    }
    for (i, g) in e.segments.iter().enumerate() {
        println!(
            "segment {i} documents {}..{}: {} frequent grams (lists over {} bytes), {} dictionary slots of {} bytes",
            g.first,
            g.first + g.docs_count,
            g.frequent.len(),
            g.frequent_len,
            g.dict.slots,
            g.dict.slot_len
        );
    }
    println!("deleted   {} documents", e.deleted.len());
    println!("words     {} shards", e.words.len());
    if !e.compact.is_empty() {
        println!("compact   {} pieces ({compact} bytes)", e.compact.len());
    }
    Ok(())
}
