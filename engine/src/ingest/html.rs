//! HTML pages: title, date and canonical url from the head, the body's text without page
//! chrome, and sections at headings.

use std::collections::BTreeMap;

use scraper::{ElementRef, Html, Node, Selector};

use super::push_newline;
use crate::story::{Block, Story};
use crate::Article;

/// HTML subtrees whose text is not part of the article body.
const HTML_EXCLUDED: &[&str] = &[
    "script", "style", "nav", "noscript", "template", "header", "footer", "head",
];

/// HTML elements that start and end a line of body text.
#[rustfmt::skip]
const HTML_BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "td", "th", "tr", "ul",
];

const HEADINGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];

fn first_match<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(css).ok()?;
    doc.select(&selector).next()
}

/// Element text with whitespace runs collapsed.
fn inline_text(el: ElementRef) -> String {
    let text: String = el.text().collect();
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page as one article, and (with `sections`) its sections: split at `<h1>`s when there
/// are several, else at the highest heading level below them; each section's anchor is its
/// heading's `id` (none: the story's url has no fragment). Markup nested deeper than
/// [`super::nesting::MAX_HTML_DEPTH`] is read flattened.
///
/// What the page says about itself: `<meta name>` tags (but the technical ones, [`NOT_META`])
/// and elements marked `data-zhsearch-meta="NAME"` (their text; `NAME[ATTR]`: that attribute)
/// are metadata; `data-zhsearch-filter` marks them the same way and makes the field
/// filterable; with an element marked `data-zhsearch-body`, only the first such is the body;
/// `data-zhsearch-ignore` leaves a subtree out of the text.
pub(super) fn html_page(id: String, html: &str, sections: bool) -> HtmlPage {
    let (html, flattened) = super::nesting::flatten(html);
    let doc = Html::parse_document(&html);
    let title = ["title", "h1"]
        .iter()
        .filter_map(|css| first_match(&doc, css).map(inline_text))
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    // (PubDate: the meta tags of Chinese government sites, with ColumnName, Author, ….)
    let date = [
        r#"meta[name="date" i]"#,
        r#"meta[name="pubdate" i]"#,
        r#"meta[name="publishdate" i]"#,
        r#"meta[property="article:published_time"]"#,
        r#"meta[name="article:published_time"]"#,
        r#"meta[name="dc.date" i]"#,
    ]
    .iter()
    .find_map(|css| first_match(&doc, css)?.attr("content"))
    .unwrap_or_default();
    let url = first_match(&doc, r#"link[rel~="canonical"]"#)
        .and_then(|el| el.attr("href"))
        .unwrap_or_default();
    let mut meta: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Ok(sel) = Selector::parse("meta[name][content]") {
        for el in doc.select(&sel) {
            // Names as written (ColumnName, Author): what --filter-field names.
            let name = el.attr("name").unwrap_or_default().trim().to_owned();
            let content = el.attr("content").unwrap_or_default().trim();
            let lower = name.to_lowercase();
            let technical = NOT_META.iter().any(|p| lower.starts_with(p));
            if !name.is_empty() && !content.is_empty() && !technical {
                meta.entry(name).or_default().push(content.to_owned());
            }
        }
    }
    let mut filters = Vec::new();
    for attr in ["data-zhsearch-meta", "data-zhsearch-filter"] {
        let Ok(sel) = Selector::parse(&format!("[{attr}]")) else {
            continue;
        };
        for el in doc.select(&sel) {
            let spec = el.attr(attr).unwrap_or_default().trim();
            let (name, value) = match spec.strip_suffix(']').and_then(|s| s.split_once('[')) {
                Some((name, a)) => (name.trim(), el.attr(a.trim()).map(str::to_owned)),
                None => (spec, Some(inline_text(el))),
            };
            let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            if attr == "data-zhsearch-filter" && !filters.iter().any(|f| f == name) {
                filters.push(name.to_owned());
            }
            let values = meta.entry(name.to_owned()).or_default();
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    let root = first_match(&doc, "[data-zhsearch-body]")
        .or_else(|| first_match(&doc, "body"))
        .unwrap_or_else(|| doc.root_element());
    let (whole, counts) = html_text(root, None);
    let level = match counts {
        [h1, ..] if h1 >= 2 => Some(0),
        _ => (1..6).find(|&l| counts[l] > 0),
    };
    let stories = match level.filter(|_| sections) {
        Some(l) => {
            let (sections, _) = html_text(root, Some(HEADINGS[l]));
            let mut stories = Vec::new();
            for (i, s) in sections.into_iter().enumerate() {
                if i == 0 && s.text.trim().is_empty() {
                    continue;
                }
                stories.push(Story {
                    headline: if i == 0 { title.clone() } else { s.heading },
                    anchor: s.anchor,
                    blocks: vec![Block::Text(s.text.trim_end().to_owned())],
                });
            }
            stories
        }
        None => Vec::new(),
    };
    let page = Article {
        id,
        title,
        url: url.trim().to_owned(),
        date: date.trim().to_owned(),
        tags: Vec::new(),
        body: whole.into_iter().next().map(|s| s.text).unwrap_or_default(),
        page: None,
        meta,
    };
    HtmlPage {
        page,
        stories,
        flattened,
        filters,
    }
}

/// What [`html_page`] read.
pub(super) struct HtmlPage {
    pub page: Article,
    pub stories: Vec<Story>,
    /// Nesting deeper than the bound was flattened.
    pub flattened: bool,
    /// Fields the page marks filterable (`data-zhsearch-filter`).
    pub filters: Vec<String>,
}

/// `<meta name>` prefixes that say how to show or crawl the page, not what it is about.
const NOT_META: &[&str] = &[
    "pubdate",
    "publishdate",
    "dc.date",
    "viewport",
    "generator",
    "robots",
    "googlebot",
    "referrer",
    "theme-color",
    "color-scheme",
    "format-detection",
    "renderer",
    "force-rendering",
    "apple-",
    "msapplication",
    "csrf",
    "google-site-verification",
    "baidu-site-verification",
    "date",
    "article:published_time",
    "twitter:",
    "application-name",
    "mobile-",
    "handheldfriendly",
    "x-",
];

/// Text of a part of the page, from one heading to the next.
#[derive(Default)]
struct Section {
    heading: String,
    anchor: String,
    text: String,
}

/// Text of `root` without excluded subtrees, one line per block element; split into sections
/// at each `split` heading (its text the section's heading, not its text). Also counts the
/// headings of each level met.
fn html_text(root: ElementRef, split: Option<&str>) -> (Vec<Section>, [usize; 6]) {
    let mut sections = vec![Section::default()];
    let mut counts = [0usize; 6];
    // Explicit stack (no recursion: documents may nest arbitrarily deep). `true` = closing visit.
    let mut stack = vec![(*root, false)];
    while let Some((node, closing)) = stack.pop() {
        let Some(cur) = sections.last_mut() else {
            break;
        };
        let out = &mut cur.text;
        match node.value() {
            Node::Text(text) => {
                for c in text.chars() {
                    if !c.is_ascii_whitespace() {
                        out.push(c);
                    } else if !out.is_empty() && !out.ends_with([' ', '\n']) {
                        out.push(' ');
                    }
                }
            }
            Node::Element(el) => {
                let name = el.name();
                if closing || name == "br" || HTML_BLOCKS.contains(&name) {
                    if out.ends_with(' ') {
                        out.pop();
                    }
                    push_newline(out);
                }
                if closing
                    || HTML_EXCLUDED.contains(&name)
                    || el.attr("data-zhsearch-ignore").is_some()
                {
                    continue;
                }
                if let Some(l) = HEADINGS.iter().position(|h| *h == name) {
                    counts[l] += 1;
                }
                if split == Some(name) {
                    if let Some(h) = ElementRef::wrap(node) {
                        sections.push(Section {
                            heading: inline_text(h),
                            anchor: el.attr("id").unwrap_or_default().trim().to_owned(),
                            text: String::new(),
                        });
                        continue;
                    }
                }
                if HTML_BLOCKS.contains(&name) {
                    stack.push((node, true));
                }
                stack.extend(node.children().rev().map(|child| (child, false)));
            }
            _ => {}
        }
    }
    for s in &mut sections {
        s.text = s.text.trim_end().to_owned();
    }
    (sections, counts)
}
