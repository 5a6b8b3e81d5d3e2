//! `zhsearch reader`: a reader page per page of articles that have no page of their own (OCR'd
//! newspaper pages, Markdown), with each story as a section whose anchor the story's hits link
//! to. Paired with `zhsearch index --url-base`, which gives those pages' stories their urls,
//! and with `zh-highlight.js`, which marks the query on the page a result opened.

use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use zhsearch_engine::build::write_atomic;
use zhsearch_engine::normalize::normalize;
use zhsearch_engine::{story, Article};

/// How the pages link to what surrounds them (URLs as written into the pages).
pub struct Links {
    /// Stylesheet.
    pub stylesheet: Option<String>,
    /// Icon.
    pub icon: Option<String>,
    /// The highlight script (a module).
    pub script: Option<String>,
    /// The search page, for a "back to search" link.
    pub back: Option<String>,
    /// `lang` of the pages.
    pub lang: String,
}

/// The url prefix `zhsearch reader` ingests with: the pages whose urls start with it are the
/// ones `zhsearch index --url-base` links to, and the rest of the url names their file. So the
/// two name the pages by one rule (the engine's).
pub const URL_MARK: &str = "zhsearch-reader:";

/// One page to write: its file (relative to the output), title, date, and stories (`(anchor,
/// title, body)`; one story without anchor for a page that was not split).
struct Page<'a> {
    file: &'a str,
    title: &'a str,
    date: &'a str,
    stories: Vec<(&'a str, &'a str, &'a str)>,
}

/// The pages of `articles` (ingested with the url base [`URL_MARK`]) that have no url of
/// their own, stories of one page grouped ([`story::article_pages`]).
fn pages(articles: &[Article]) -> Vec<Page<'_>> {
    let ordinals = story::article_pages(articles);
    let mut out: Vec<(u32, Page)> = Vec::new();
    for (a, &n) in articles.iter().zip(&ordinals) {
        let (url, title, anchor) = match &a.page {
            Some(p) => (
                p.url.as_str(),
                p.title.as_str(),
                a.id.rsplit_once('#').map_or("", |(_, s)| s),
            ),
            None => (a.url.as_str(), a.title.as_str(), ""),
        };
        let Some(file) = url.strip_prefix(URL_MARK) else {
            continue; // a page of its own somewhere (a canonical or front-matter url)
        };
        let file = file.split_once('#').map_or(file, |(f, _)| f);
        match out.last_mut() {
            Some((last, p)) if *last == n => p.stories.push((anchor, &a.title, &a.body)),
            _ => out.push((
                n,
                Page {
                    file,
                    title,
                    date: &a.date,
                    stories: vec![(anchor, &a.title, &a.body)],
                },
            )),
        }
    }
    out.into_iter().map(|(_, p)| p).collect()
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// A paragraph as read: its lines joined the way search shows text (no space between Chinese
/// characters, one between Latin words).
fn shown(block: &str) -> String {
    normalize(block).display()
}

fn render(p: &Page, links: &Links) -> String {
    let mut h = String::new();
    let e = |s: &str| {
        let mut o = String::new();
        escape(s, &mut o);
        o
    };
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n",
        e(&links.lang),
        e(p.title)
    );
    if let Some(icon) = &links.icon {
        let _ = writeln!(h, "<link rel=\"icon\" href=\"{}\">", e(icon));
    }
    if let Some(css) = &links.stylesheet {
        let _ = writeln!(h, "<link rel=\"stylesheet\" href=\"{}\">", e(css));
    }
    if let Some(js) = &links.script {
        let _ = writeln!(h, "<script type=\"module\" src=\"{}\"></script>", e(js));
    }
    h.push_str("</head>\n<body>\n");
    if let Some(back) = &links.back {
        let _ = writeln!(
            h,
            "<nav class=\"zh-reader-nav\"><a href=\"{}\" id=\"zh-back\">← 返回搜索</a></nav>",
            e(back)
        );
    }
    let _ = write!(
        h,
        "<main data-zhsearch-body>\n<article>\n<h1>{}</h1>\n",
        e(p.title)
    );
    if !p.date.is_empty() {
        let _ = writeln!(h, "<p class=\"zh-reader-date\">{}</p>", e(p.date));
    }
    let whole = p.stories.len() == 1 && p.stories[0].0.is_empty();
    for (anchor, title, body) in &p.stories {
        if anchor.is_empty() {
            h.push_str("<section>\n");
        } else {
            let _ = writeln!(h, "<section id=\"{}\">", e(anchor));
        }
        if !whole {
            let _ = writeln!(h, "<h2>{}</h2>", e(title));
        }
        for block in body
            .split(story::BLOCK_BREAK)
            .filter(|b| !b.trim().is_empty())
        {
            let tag = if story::newspaper::reads_as_heading(block) {
                "h3"
            } else {
                "p"
            };
            let _ = writeln!(h, "<{tag}>{}</{tag}>", e(&shown(block)));
        }
        h.push_str("</section>\n");
    }
    h.push_str("</article>\n</main>\n</body>\n</html>\n");
    h
}

/// The reader page file `rel` inside `dir` (a relative path of normal components only).
fn file_of(dir: &Path, rel: &str) -> Result<PathBuf> {
    let path = Path::new(rel);
    let normal = path
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if rel.is_empty() || path.is_absolute() || !normal {
        anyhow::bail!("reader page {rel:?} is not a relative path");
    }
    Ok(dir.join(rel))
}

/// Writes a reader page for every page of `articles` (ingested with the url base
/// [`URL_MARK`]) into `dir`; returns how many. Two pages that would share a file (`a.txt` and
/// `a.md`) are an error naming both.
pub fn write_pages(articles: &[Article], dir: &Path, links: &Links) -> Result<usize> {
    let pages = pages(articles);
    let mut seen = std::collections::HashMap::new();
    for p in &pages {
        if let Some(first) = seen.insert(p.file, p.title) {
            anyhow::bail!(
                "two pages would both be {}: {first:?} and {:?} (rename one of their files)",
                p.file,
                p.title
            );
        }
    }
    for p in &pages {
        let file = file_of(dir, p.file)?;
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        write_atomic(&file, render(p, links).as_bytes())
            .with_context(|| format!("writing {}", file.display()))?;
    }
    Ok(pages.len())
}
