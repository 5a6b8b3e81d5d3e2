//! Rendering a hit from its stored document: the title with highlights, the best passages of
//! the body. Both layouts render from the same stored text, so hits are identical too.

use super::{Hit, SearchOptions};
use crate::format::StoredDoc;
use crate::snippet;
use memchr::memmem::Finder;

/// The hit for document `doc` with `score`, highlighting `needles`.
pub(crate) fn hit(
    doc: u32,
    stored: StoredDoc,
    score: f32,
    needles: &[Finder<'_>],
    opts: &SearchOptions,
) -> Hit {
    let s = &stored;
    // Lengths from the text itself: a corrupted record cannot skew the windows.
    let title = snippet::highlight_all(
        &s.title_key,
        s.title_key.chars().count() as u32,
        &s.title_edits,
        needles,
    );
    let body = snippet::snippet(
        &s.body_key,
        s.body_key.chars().count() as u32,
        &s.body_edits,
        needles,
        opts.snippet_chars,
        opts.passages,
    );
    let meta = stored.meta;
    Hit {
        doc,
        id: meta.id,
        title: title.text,
        url: meta.url,
        date: meta.date,
        tags: meta.tags,
        score,
        snippet: body.text,
        highlights: body.highlights,
        title_highlights: title.highlights,
        pinyin: None,
        page: meta.page,
        meta: meta.meta,
        site: None,
    }
}
