//! Markdown files: plain text, the title heading, and sections at headings.

use pulldown_cmark::{Event, HeadingLevel, Options, Tag, TagEnd};

use super::push_newline;
use crate::story::{slug, Block, Story, BLOCK_BREAK};

/// A Markdown file's text: its first `# heading` (when asked for), and its sections.
pub(super) struct MarkdownText {
    pub heading: Option<String>,
    /// The text before the first section heading, then one `(heading, anchor, text)` per
    /// section. Sections start at the highest heading level used below the title.
    pub intro: String,
    pub sections: Vec<(String, String, String)>,
}

impl MarkdownText {
    /// The whole text, section headings included (an article of the whole page).
    pub fn body(&self) -> String {
        let mut out = self.intro.trim_end().to_owned();
        for (h, _, t) in &self.sections {
            if !out.is_empty() {
                out.push_str(BLOCK_BREAK);
            }
            out.push_str(h);
            out.push_str(BLOCK_BREAK);
            out.push_str(t.trim_end());
        }
        out.trim_end().to_owned()
    }

    /// The stories: the intro (titled `title`, when it has text), then each section, anchored
    /// at its heading's slug (or `{#id}`).
    pub fn stories(&self, title: &str) -> Vec<Story> {
        let mut out = Vec::new();
        if !self.intro.trim().is_empty() {
            out.push(Story {
                headline: title.to_owned(),
                anchor: String::new(),
                blocks: vec![Block::Text(self.intro.trim_end().to_owned())],
                weights: Vec::new(),
            });
        }
        for (h, a, t) in &self.sections {
            out.push(Story {
                headline: h.clone(),
                anchor: a.clone(),
                blocks: vec![Block::Text(t.trim_end().to_owned())],
                weights: Vec::new(),
            });
        }
        out
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Markdown to plain text; with `want_heading`, the first `# heading` is returned separately
/// (and left out of the text).
pub(super) fn markdown_text(markdown: &str, want_heading: bool) -> MarkdownText {
    // The section level: the highest heading level below the title heading.
    let mut level: Option<HeadingLevel> = None;
    let mut title_seen = !want_heading;
    for event in pulldown_cmark::Parser::new_ext(markdown, options()) {
        if let Event::Start(Tag::Heading { level: l, .. }) = event {
            if !title_seen && l == HeadingLevel::H1 {
                title_seen = true;
                continue;
            }
            level = Some(level.map_or(l, |m| m.min(l)));
        }
    }
    let mut out = MarkdownText {
        heading: None,
        intro: String::new(),
        sections: Vec::new(),
    };
    #[derive(PartialEq)]
    enum In {
        Text,
        Title,
        Section,
    }
    let mut at = In::Text;
    let mut heading = String::new();
    let mut anchors = Vec::new();
    let mut title_seen = !want_heading;
    for event in pulldown_cmark::Parser::new_ext(markdown, options()) {
        let text = match out.sections.last_mut() {
            Some((_, _, t)) => t,
            None => &mut out.intro,
        };
        let buf = if at == In::Text { text } else { &mut heading };
        match event {
            Event::Start(Tag::Heading { level: l, id, .. }) => {
                if !title_seen && l == HeadingLevel::H1 {
                    title_seen = true;
                    at = In::Title;
                    heading.clear();
                } else if Some(l) == level {
                    at = In::Section;
                    heading.clear();
                    anchors.push(id.map(|i| i.to_string()));
                }
            }
            Event::End(TagEnd::Heading(_)) if at != In::Text => {
                let h = heading.trim().to_owned();
                if at == In::Title {
                    out.heading = Some(h).filter(|h| !h.is_empty());
                } else {
                    let anchor = anchors.pop().flatten().unwrap_or_else(|| slug(&h));
                    out.sections.push((h, anchor, String::new()));
                }
                at = In::Text;
            }
            Event::Text(t) | Event::Code(t) => buf.push_str(&t),
            Event::SoftBreak | Event::HardBreak if at != In::Text => buf.push(' '),
            Event::SoftBreak | Event::HardBreak | Event::Rule => push_newline(buf),
            Event::End(TagEnd::TableCell) => buf.push(' '),
            // A blank line after each block, so that a reader page shows the paragraphs.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::FootnoteDefinition,
            ) => {
                push_newline(buf);
                if !buf.is_empty() && !buf.ends_with(BLOCK_BREAK) {
                    buf.push('\n');
                }
            }
            _ => {}
        }
    }
    // Distinct anchors, as a page's ids are (GitHub's -1, -2 for repeats).
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for (_, a, _) in &mut out.sections {
        let n = seen.entry(a.clone()).or_default();
        if *n > 0 {
            *a = format!("{a}-{n}");
        }
        *n += 1;
    }
    out
}
