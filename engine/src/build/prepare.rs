//! The first step of every build: each article normalized into its search keys and display
//! edits, its stored record framed (its size in units is the length ranking uses), and the
//! vocabulary counted from jieba's segmentation, on several threads.

use crate::format::{encode_record, DocMeta};
use crate::frame::{self, UNIT};
use crate::hash::FxMap;
use crate::limits::PIECE_CHARS;
use crate::normalize::{self, is_han, Normalized};
use crate::spell::keys::count_latin;
use crate::Article;
use jieba_rs::Jieba;

/// One article after normalization.
pub(crate) struct PreparedDoc {
    pub title: Normalized,
    pub body: Normalized,
    /// Id, url, date, tags.
    pub meta: DocMeta,
    /// Stored size in units.
    pub units: u32,
    /// The framed, padded record (split builds only).
    pub record: Option<Vec<u8>>,
    /// Weighted runs of the body key ([`crate::weight`]).
    pub weights: Vec<crate::weight::Run>,
}

/// Every article prepared, and the vocabulary.
pub(crate) struct Prepared {
    pub docs: Vec<PreparedDoc>,
    /// Han words jieba produced, with how often.
    pub vocab: FxMap<String, u64>,
    /// Latin words of the keys, with how often (for typo correction).
    pub latin: FxMap<String, u64>,
}

/// What one thread counts.
#[derive(Default)]
struct Counts {
    vocab: FxMap<String, u64>,
    latin: FxMap<String, u64>,
}

/// Worker threads for `threads` (0 = available parallelism, at most 8).
pub(crate) fn thread_count(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
    } else {
        threads.clamp(1, crate::limits::MAX_THREADS)
    }
}

/// Whether a token is made only of Han characters (the words the dictionary keeps).
fn is_han_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(is_han)
}

fn prepare(jieba: &Jieba, a: &Article, keep: bool, counts: &mut Counts) -> PreparedDoc {
    let title = normalize::normalize_title(&a.title);
    let body = normalize::normalize(&a.body);
    for key in [&title.key, &body.key] {
        for piece in pieces(key) {
            for t in jieba.cut(piece, true) {
                if is_han_word(t.word) {
                    crate::hash::count(&mut counts.vocab, t.word);
                }
            }
        }
        count_latin(key, &mut counts.latin);
    }
    let meta = DocMeta {
        id: a.id.clone(),
        url: a.url.clone(),
        date: a.date.clone(),
        tags: a.tags.clone(),
        page: a.page.clone(),
        meta: a.meta.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
    };
    let mut rec = frame::encode(
        &encode_record((&title.key, &title.edits), (&body.key, &body.edits), &meta),
        frame::Level::Best,
    );
    frame::pad(&mut rec, UNIT);
    let units = (rec.len() / UNIT) as u32;
    let weights = match a.weights.is_empty() {
        true => Vec::new(),
        false => {
            let (_, sources) = normalize::key_with_sources(&a.body);
            crate::weight::key_runs(&a.body, &a.weights, &sources)
        }
    };
    PreparedDoc {
        title,
        body,
        meta,
        units,
        record: keep.then_some(rec),
        weights,
    }
}

/// Prepares all articles, in order, on `threads` threads; `keep_records` keeps the framed
/// records (the split layout stores them).
pub(crate) fn prepare_all(articles: &[Article], threads: usize, keep_records: bool) -> Prepared {
    let mut p = Prepared {
        docs: Vec::with_capacity(articles.len()),
        vocab: FxMap::default(),
        latin: FxMap::default(),
    };
    prepare_into(&Jieba::new(), articles, threads, keep_records, &mut p);
    p
}

/// Prepares `articles` after those already in `into`, on `threads` threads.
pub(crate) fn prepare_into(
    jieba: &Jieba,
    articles: &[Article],
    threads: usize,
    keep_records: bool,
    into: &mut Prepared,
) {
    let add = |into: &mut FxMap<String, u64>, from: FxMap<String, u64>| {
        if into.is_empty() {
            *into = from;
        } else {
            for (w, n) in from {
                *into.entry(w).or_default() += n;
            }
        }
    };
    let parts = super::par::in_chunks(articles, threads, 64, |_, part| {
        let mut c = Counts::default();
        let docs = part
            .iter()
            .map(|a| prepare(jieba, a, keep_records, &mut c))
            .collect::<Vec<_>>();
        (docs, c)
    });
    for (d, c) in parts {
        into.docs.extend(d);
        add(&mut into.vocab, c.vocab);
        add(&mut into.latin, c.latin);
    }
}

/// `key` in pieces of about [`PIECE_CHARS`] characters for jieba, each cut after a character
/// jieba cuts at anyway (not a letter, digit or one of `+#&._%-`), so segmenting piece by
/// piece gives the words segmenting the whole would, without a token list as long as the
/// text. A run of word characters longer than twice the size is cut where it reaches it.
pub(crate) fn pieces(key: &str) -> impl Iterator<Item = &str> {
    let mut rest = key;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len();
        for (n, (i, c)) in rest.char_indices().enumerate() {
            let cut = !(c.is_alphanumeric() || "+#&._%-".contains(c));
            if (n >= PIECE_CHARS && cut) || n >= 2 * PIECE_CHARS {
                end = if cut { i + c.len_utf8() } else { i };
                break;
            }
        }
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some(piece)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_key_and_segment_as_the_whole() {
        let sentence = "南乐县城关镇扎实推进“五星”支部创建，乡村振兴工作全面提升。COVID-19 5G网络 ";
        let key = sentence.repeat(PIECE_CHARS / 20);
        let parts: Vec<&str> = pieces(&key).collect();
        assert!(parts.len() > 1);
        assert_eq!(parts.concat(), key);
        let jieba = Jieba::new();
        let whole: Vec<&str> = jieba.cut(&key, true).iter().map(|t| t.word).collect();
        let by_piece: Vec<&str> = parts
            .iter()
            .flat_map(|p| jieba.cut(p, true).into_iter().map(|t| t.word))
            .collect();
        assert_eq!(whole, by_piece);
        // A run without a place to cut is cut at twice the size.
        let run = "乡".repeat(5 * PIECE_CHARS);
        let n: Vec<usize> = pieces(&run).map(|p| p.chars().count()).collect();
        assert_eq!(n, [2 * PIECE_CHARS, 2 * PIECE_CHARS, PIECE_CHARS]);
        assert_eq!(pieces("").count(), 0);
    }
}
