//! HTML pages: title, date and canonical url from the head, the body's text without page
//! chrome, and sections at headings.

use std::collections::BTreeMap;

use scraper::{ElementRef, Html, Node, Selector};

use super::push_newline;
use crate::story::{Block, Story};
use crate::weight::{Run, NORMAL};
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
/// `data-zhsearch-ignore` leaves a subtree out of the text; `data-zhsearch-weight="2"` makes
/// its text count twice in ranking ([`crate::weight`]).
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
    let HtmlText {
        sections: whole,
        counts,
        bad_weights,
    } = html_text(root, None);
    let level = match counts {
        [h1, ..] if h1 >= 2 => Some(0),
        _ => (1..6).find(|&l| counts[l] > 0),
    };
    let stories = match level.filter(|_| sections) {
        Some(l) => {
            let sections = html_text(root, Some(HEADINGS[l])).sections;
            let mut stories = Vec::new();
            for (i, s) in sections.into_iter().enumerate() {
                if i == 0 && s.text.trim().is_empty() {
                    continue;
                }
                stories.push(Story {
                    headline: if i == 0 { title.clone() } else { s.heading },
                    anchor: s.anchor,
                    blocks: vec![Block::Text(s.text)],
                    weights: s.weights,
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
        page: None,
        meta,
        weights: whole.first().map(|s| s.weights.clone()).unwrap_or_default(),
        body: whole.into_iter().next().map(|s| s.text).unwrap_or_default(),
    };
    HtmlPage {
        page,
        stories,
        flattened,
        filters,
        bad_weights,
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
    /// `data-zhsearch-weight` values that are no weight (0 to 10), each once.
    pub bad_weights: Vec<String>,
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
    /// Runs of `text` marked `data-zhsearch-weight` (bytes).
    weights: Vec<Run>,
}

/// What [`html_text`] read.
struct HtmlText {
    sections: Vec<Section>,
    /// Headings met, per level.
    counts: [usize; 6],
    /// `data-zhsearch-weight` values that are no weight (left out, reported).
    bad_weights: Vec<String>,
}

/// Text of `root` without excluded subtrees, one line per block element; split into sections
/// at each `split` heading (its text the section's heading, not its text). Also counts the
/// headings of each level met, and records the runs of text inside `data-zhsearch-weight`
/// elements (the innermost's weight counts).
fn html_text(root: ElementRef, split: Option<&str>) -> HtmlText {
    let mut sections = vec![Section::default()];
    let mut counts = [0usize; 6];
    let mut bad_weights = Vec::new();
    // The weights of the marked elements open around the text, innermost last, and where in
    // the current section's text the current one began.
    let mut weights: Vec<u8> = Vec::new();
    let mut run_at = 0usize;
    // Ends the current run at the end of the section's text (a new one starts there).
    fn cut(sec: &mut Section, weights: &[u8], run_at: &mut usize) {
        let t = weights.last().copied().unwrap_or(NORMAL);
        let end = sec.text.len();
        if t != NORMAL && end > *run_at {
            sec.weights.push(Run {
                start: *run_at as u32,
                end: end as u32,
                tenths: t,
            });
        }
        *run_at = end;
    }
    // Explicit stack (no recursion: documents may nest arbitrarily deep). `true` = closing visit.
    let mut stack = vec![(*root, false)];
    while let Some((node, closing)) = stack.pop() {
        let Some(cur) = sections.last_mut() else {
            break;
        };
        match node.value() {
            Node::Text(text) => {
                let out = &mut cur.text;
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
                let weight = el.attr("data-zhsearch-weight");
                if closing && weight.is_some_and(|w| crate::weight::parse(w).is_some()) {
                    // (Before a block's line break: the run ends with its text.)
                    cut(cur, &weights, &mut run_at);
                    weights.pop();
                }
                if name == "br" || HTML_BLOCKS.contains(&name) {
                    if cur.text.ends_with(' ') {
                        cur.text.pop();
                    }
                    push_newline(&mut cur.text);
                    run_at = run_at.min(cur.text.len());
                }
                if closing {
                    continue;
                }
                if HTML_EXCLUDED.contains(&name) || el.attr("data-zhsearch-ignore").is_some() {
                    continue;
                }
                if let Some(l) = HEADINGS.iter().position(|h| *h == name) {
                    counts[l] += 1;
                }
                if split == Some(name) {
                    if let Some(h) = ElementRef::wrap(node) {
                        cut(cur, &weights, &mut run_at);
                        sections.push(Section {
                            heading: inline_text(h),
                            anchor: el.attr("id").unwrap_or_default().trim().to_owned(),
                            ..Section::default()
                        });
                        run_at = 0;
                        continue;
                    }
                }
                let weighted = match weight {
                    Some(w) => match crate::weight::parse(w) {
                        Some(t) => {
                            cut(cur, &weights, &mut run_at);
                            weights.push(t);
                            true
                        }
                        None => {
                            if !bad_weights.iter().any(|b| b == w) {
                                bad_weights.push(w.to_owned());
                            }
                            false
                        }
                    },
                    None => false,
                };
                if weighted || HTML_BLOCKS.contains(&name) {
                    stack.push((node, true));
                }
                stack.extend(node.children().rev().map(|child| (child, false)));
            }
            _ => {}
        }
    }
    if let Some(last) = sections.last_mut() {
        cut(last, &weights, &mut run_at);
    }
    for s in &mut sections {
        s.text = s.text.trim_end().to_owned();
        let len = s.text.len() as u32;
        for r in &mut s.weights {
            r.end = r.end.min(len);
        }
        s.weights.retain(|r| r.start < r.end);
    }
    HtmlText {
        sections,
        counts,
        bad_weights,
    }
}
