//! Stories: the unit a result names. A newspaper page, an HTML page or a Markdown file often
//! holds several stories or sections; each becomes its own document with its own headline,
//! and keeps its page ([`Page`]) as context.
//!
//! - [`newspaper`]: OCR'd e-paper pages (`.txt`), split by the cues printed on them;
//! - HTML and Markdown pages are split at their headings by [`crate::ingest`].
//!
//! [`into_articles`] turns a page and its stories into the articles that get indexed: one per
//! story, with ids and urls `page#anchor`; a page of one story stays one article as it was.
//!
//! ```
//! use zhsearch_engine::story::{into_articles, newspaper};
//! use zhsearch_engine::Article;
//!
//! let text = "乡村振兴\n\n节前敲警钟\n\n本报讯 近日，某镇召开廉政会议。\n（任增睿）\n\n\
//!             扎实做好禁燃工作\n\n本报讯 为预防火灾，该乡做好禁燃工作。\n（时晓喻）\n";
//! let page = Article { id: "p.txt".into(), title: "乡村振兴".into(), ..Article::default() };
//! let articles = into_articles(page, newspaper::split(text));
//! assert_eq!(articles.len(), 2);
//! assert_eq!(articles[0].title, "节前敲警钟");
//! assert_eq!(articles[1].title, "扎实做好禁燃工作");
//! assert_eq!(articles[1].id, "p.txt#s2");
//! assert_eq!(articles[1].page.as_ref().unwrap().id, "p.txt");
//! ```

pub mod newspaper;

use crate::{Article, Page};

/// A block of a story's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading inside the story (a section), or a subtitle, column or place line.
    Heading(String),
    /// A paragraph, with its line breaks as written.
    Text(String),
}

impl Block {
    /// The block's text.
    pub fn text(&self) -> &str {
        match self {
            Block::Heading(s) | Block::Text(s) => s,
        }
    }
}

/// One story (or section) of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Story {
    /// Its own headline (empty when none was printed: see [`Story::title`]).
    pub headline: String,
    /// Fragment id inside the page (`s2`, or a heading's `id`); empty: none.
    pub anchor: String,
    /// Its text in reading order.
    pub blocks: Vec<Block>,
    /// Weighted runs of [`Story::body`] (bytes), if any ([`crate::weight`]).
    pub weights: Vec<crate::weight::Run>,
}

/// The page ordinal of each document, from each one's page id (`None`: a whole page): stories
/// of one page (consecutive documents with the same page id) share one; every other document
/// has its own. The one definition of "a page" that the index stores and the CLI counts.
///
/// ```
/// use zhsearch_engine::story::page_ordinals;
/// let ids = [None, Some("p"), Some("p"), None, Some("q")];
/// assert_eq!(page_ordinals(ids.into_iter()), vec![0, 1, 1, 2, 3]);
/// ```
pub fn page_ordinals<'a>(ids: impl Iterator<Item = Option<&'a str>>) -> Vec<u32> {
    let mut pages = PageOrdinals::default();
    ids.map(|id| pages.next(id)).collect()
}

/// [`page_ordinals`] one document at a time.
#[derive(Debug, Default)]
pub struct PageOrdinals {
    prev: Option<Option<String>>,
    n: u32,
}

impl PageOrdinals {
    /// The page ordinal of the next document, whose page id is `id`.
    pub fn next(&mut self, id: Option<&str>) -> u32 {
        if let Some(prev) = &self.prev {
            if id.is_none() || id != prev.as_deref() {
                self.n += 1;
            }
        }
        if self.prev.as_ref().is_none_or(|p| p.as_deref() != id) {
            self.prev = Some(id.map(str::to_owned));
        }
        self.n
    }
}

/// [`page_ordinals`] of articles.
pub fn article_pages(articles: &[Article]) -> Vec<u32> {
    page_ordinals(
        articles
            .iter()
            .map(|a| a.page.as_ref().map(|p| p.id.as_str())),
    )
}

/// A heading's anchor as Markdown sites make it (GitHub's rule): lower case; letters, digits,
/// Han characters, `-` and `_` kept; spaces to `-`; everything else dropped.
///
/// ```
/// assert_eq!(zhsearch_engine::story::slug("燃气安全 排查（2024）"), "燃气安全-排查2024");
/// ```
pub fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '-' || c == '_' => {
                Some(c.to_lowercase().next().unwrap_or(c))
            }
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// What stands between two blocks (paragraphs) of an article's body: a blank line. Stories
/// and Markdown sections are written with it and reader pages split bodies at it.
pub const BLOCK_BREAK: &str = "\n\n";

/// Longest title made from a story's first sentence when it has no headline.
const LEAD_TITLE_CHARS: usize = 28;

impl Story {
    /// The indexed body: the blocks' text, a blank line between blocks (line breaks inside
    /// a block kept), so a reader page can show the paragraphs again.
    pub fn body(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            if !out.is_empty() {
                out.push_str(BLOCK_BREAK);
            }
            out.push_str(b.text());
        }
        out
    }

    /// The headline, or else the story's first sentence (at most 28 characters, `…` where cut)
    /// without its 本报讯 or reporter cue.
    pub fn title(&self) -> String {
        if !self.headline.trim().is_empty() {
            return self.headline.trim().to_owned();
        }
        let Some(first) = self.blocks.iter().find_map(|b| match b {
            Block::Text(t) if !newspaper::is_reporter_line(t) => Some(t),
            _ => None,
        }) else {
            return String::new();
        };
        let shown = crate::normalize::normalize(first).display();
        let lead = newspaper::strip_cue(&shown);
        let mut out = String::new();
        for (i, c) in lead.chars().enumerate() {
            if crate::normalize::is_full_stop(c) {
                break;
            }
            if i == LEAD_TITLE_CHARS {
                out.push(crate::snippet::ELLIPSIS);
                break;
            }
            out.push(c);
        }
        out.trim().to_owned()
    }
}

/// The articles to index for `page` (its id, title, url, date and tags; its body is not used)
/// split into `stories`: each story gets the id `page#anchor` (`page#sN` for a story without
/// an anchor, N its place from 1), the page's url with `#anchor` (a story without an anchor
/// links to the page itself), its own title and body, and the page as [`Article::page`].
/// Fewer than two stories: the page as it was.
pub fn into_articles(page: Article, stories: Vec<Story>) -> Vec<Article> {
    if stories.len() < 2 {
        return vec![page];
    }
    let info = Page {
        id: page.id.clone(),
        title: page.title.clone(),
        url: page.url.clone(),
    };
    // Each story's anchor: its own (the first story with it), else `sN`, or `sN-2`, ... when
    // a page's own anchor is `sN` already.
    let mut taken = std::collections::HashSet::new();
    let named: Vec<bool> = stories
        .iter()
        .map(|s| !s.anchor.is_empty() && taken.insert(s.anchor.clone()))
        .collect();
    stories
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let anchor = if named[i] {
                s.anchor.clone()
            } else {
                let mut a = format!("s{}", i + 1);
                let mut k = 1;
                while !taken.insert(a.clone()) {
                    k += 1;
                    a = format!("s{}-{k}", i + 1);
                }
                a
            };
            let named = named[i];
            let base = page
                .url
                .split_once('#')
                .map_or(page.url.as_str(), |(b, _)| b);
            let url = match () {
                _ if page.url.is_empty() => String::new(),
                _ if named => format!("{base}#{anchor}"),
                _ => page.url.clone(),
            };
            Article {
                id: format!("{}#{anchor}", page.id),
                title: s.title(),
                url,
                date: page.date.clone(),
                tags: page.tags.clone(),
                body: s.body(),
                page: Some(info.clone()),
                meta: page.meta.clone(),
                weights: s.weights,
            }
        })
        .collect()
}
