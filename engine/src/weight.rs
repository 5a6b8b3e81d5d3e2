//! Weighted text: parts of an article's body that count more (or less) in ranking, as a page
//! marks them with `data-zhsearch-weight` (Pagefind's `data-pagefind-weight`): a lead
//! paragraph at 2, a sidebar at 0.5.
//!
//! A weight is 0 to 10 in tenths ([`NORMAL`] = 1.0). Ingestion records runs of the body's text
//! ([`crate::Article::weights`], bytes of the body); the build turns them into runs of key
//! characters, stored per weighted document (the single file's WEIGHTS section, a fragment of
//! the split layout fetched with a query's first round, only when some document has runs):
//!
//! ```text
//! n, n × (doc delta, runs: n, n × (start − previous end, length, tenths))
//! ```
//!
//! Ranking counts each body occurrence of a piece of two or more characters at the weight of
//! the run it starts in ([`crate::search::rank`]); single characters count as written (the
//! split layout keeps no positions for them). Matching is unchanged: text weighted 0 is still
//! found, it only adds nothing to the score.

use crate::error::{Error, Result};
use crate::varint;

/// The weight of unmarked text, in tenths.
pub const NORMAL: u8 = 10;
/// The largest weight, in tenths.
pub const MAX: u8 = 100;

/// A run of an article's body with a weight other than [`NORMAL`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Run {
    /// First byte (of the body, in an [`crate::Article`]; first key character, once built).
    pub start: u32,
    /// One past the last.
    pub end: u32,
    /// The weight in tenths (0 to [`MAX`]).
    pub tenths: u8,
}

/// Reads a `data-zhsearch-weight` value: a number from 0 to 10 (at most one decimal counts),
/// as tenths.
pub fn parse(value: &str) -> Option<u8> {
    let v: f64 = value.trim().parse().ok()?;
    (v.is_finite() && (0.0..=10.0).contains(&v)).then(|| (v * 10.0).round() as u8)
}

/// The runs of every weighted document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Weights {
    /// Weighted documents, ascending.
    docs: Vec<u32>,
    /// Where each document's runs start in `runs` (one more entry than `docs`).
    starts: Vec<u32>,
    /// Runs of key characters, ascending and apart within a document.
    runs: Vec<Run>,
}

impl Weights {
    /// From `(document, runs)` with documents ascending.
    pub(crate) fn collect<'a>(docs: impl Iterator<Item = (u32, &'a [Run])>) -> Weights {
        let mut w = Weights::default();
        for (d, runs) in docs {
            w.push(d, runs);
        }
        w
    }

    /// Adds document `d`'s runs (documents ascending; none: nothing to add).
    pub(crate) fn push(&mut self, d: u32, runs: &[Run]) {
        if runs.is_empty() {
            return;
        }
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.docs.push(d);
        self.runs.extend_from_slice(runs);
        self.starts.push(self.runs.len() as u32);
    }

    /// Whether no document is weighted.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The runs of document `doc` (none: unweighted).
    pub fn of(&self, doc: u32) -> &[Run] {
        let Ok(i) = self.docs.binary_search(&doc) else {
            return &[];
        };
        let (s, e) = (self.starts[i] as usize, self.starts[i + 1] as usize);
        self.runs.get(s..e).unwrap_or(&[])
    }

    /// The weight (tenths) of the key character at `pos` among `runs`.
    pub fn at(runs: &[Run], pos: u32) -> u8 {
        let i = runs.partition_point(|r| r.end <= pos);
        match runs.get(i) {
            Some(r) if r.start <= pos => r.tenths,
            _ => NORMAL,
        }
    }

    /// These weights with every document number moved up by `by`, then `other`'s after them
    /// (documents of several indexes numbered one after another).
    pub(crate) fn append(&mut self, by: u32, other: &Weights) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        for (i, &d) in other.docs.iter().enumerate() {
            self.docs.push(d + by);
            let (s, e) = (other.starts[i] as usize, other.starts[i + 1] as usize);
            self.runs.extend_from_slice(&other.runs[s..e]);
            self.starts.push(self.runs.len() as u32);
        }
    }

    /// The WEIGHTS encoding (see the module docs).
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        varint::put(out, self.docs.len() as u64);
        let mut prev_doc = 0;
        for (i, &d) in self.docs.iter().enumerate() {
            varint::put(out, u64::from(d - prev_doc));
            prev_doc = d;
            let runs = &self.runs[self.starts[i] as usize..self.starts[i + 1] as usize];
            varint::put(out, runs.len() as u64);
            let mut prev_end = 0;
            for r in runs {
                varint::put(out, u64::from(r.start - prev_end));
                varint::put(out, u64::from(r.end - r.start));
                varint::put(out, u64::from(r.tenths));
                prev_end = r.end;
            }
        }
    }

    /// Decodes [`Weights::encode`]'s bytes for an index of `n` document numbers (checked:
    /// documents ascending below `n`, runs ascending, weights at most [`MAX`]).
    pub(crate) fn decode(b: &[u8], n: u32) -> Result<Weights> {
        let bad = |what: &str| Error::corrupt(format!("weights: {what}"));
        let mut p = 0;
        let mut next = |what: &str| varint::get(b, &mut p).ok_or_else(|| bad(what));
        let count = next("count")?;
        if count > u64::from(n) {
            return Err(bad("more weighted documents than documents"));
        }
        let mut w = Weights {
            starts: vec![0],
            ..Weights::default()
        };
        let mut doc: u64 = 0;
        for i in 0..count {
            let delta = next("document")?;
            if i > 0 && delta == 0 {
                return Err(bad("documents out of order"));
            }
            doc = doc
                .checked_add(delta)
                .ok_or_else(|| bad("a document beyond the index"))?;
            if doc >= u64::from(n) {
                return Err(bad("a document beyond the index"));
            }
            let runs = next("runs")?;
            if runs > b.len() as u64 {
                return Err(bad("more runs than bytes"));
            }
            let mut end: u64 = 0;
            for _ in 0..runs {
                let start = end
                    .checked_add(next("run start")?)
                    .ok_or_else(|| bad("a run out of range"))?;
                end = start
                    .checked_add(next("run length")?)
                    .ok_or_else(|| bad("a run out of range"))?;
                let tenths = next("weight")?;
                if end > u64::from(u32::MAX) || tenths > u64::from(MAX) {
                    return Err(bad("a run out of range"));
                }
                w.runs.push(Run {
                    start: start as u32,
                    end: end as u32,
                    tenths: tenths as u8,
                });
            }
            w.docs.push(doc as u32);
            w.starts.push(w.runs.len() as u32);
        }
        if p != b.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(w)
    }
}

/// Key-character runs of a body from its byte runs: `sources` gives, for each key character,
/// the character of the body it came from (`normalize::key_with_sources`).
pub(crate) fn key_runs(body: &str, runs: &[Run], sources: &[u32]) -> Vec<Run> {
    // Each body character's weight, by character number.
    let mut by_char = Vec::with_capacity(body.len());
    let mut r = 0;
    for (i, _) in body.char_indices() {
        let i = i as u32;
        while r < runs.len() && runs[r].end <= i {
            r += 1;
        }
        by_char.push(match runs.get(r) {
            Some(run) if run.start <= i => run.tenths,
            _ => NORMAL,
        });
    }
    let mut out: Vec<Run> = Vec::new();
    for (k, &s) in sources.iter().enumerate() {
        // (A caller's weight past the largest counts as the largest.)
        let t = by_char.get(s as usize).copied().unwrap_or(NORMAL).min(MAX);
        let k = k as u32;
        match out.last_mut() {
            Some(last) if last.end == k && last.tenths == t => last.end = k + 1,
            _ if t != NORMAL => out.push(Run {
                start: k,
                end: k + 1,
                tenths: t,
            }),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_weights_and_runs() {
        assert_eq!(parse("2"), Some(20));
        assert_eq!(parse(" 0.5 "), Some(5));
        assert_eq!(parse("10"), Some(100));
        assert_eq!(parse("0"), Some(0));
        for bad in ["11", "-1", "abc", "", "NaN", "inf"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        let runs = [
            Run {
                start: 2,
                end: 4,
                tenths: 20,
            },
            Run {
                start: 6,
                end: 7,
                tenths: 0,
            },
        ];
        let at: Vec<u8> = (0..8).map(|p| Weights::at(&runs, p)).collect();
        assert_eq!(at, [10, 10, 20, 20, 10, 10, 0, 10]);
    }

    #[test]
    fn encoding_round_trips_and_rejects_damage() {
        let a = [Run {
            start: 0,
            end: 3,
            tenths: 20,
        }];
        let b = [
            Run {
                start: 1,
                end: 2,
                tenths: 5,
            },
            Run {
                start: 4,
                end: 9,
                tenths: 0,
            },
        ];
        let w = Weights::collect([(1, &a[..]), (2, &[][..]), (5, &b[..])].into_iter());
        let mut bytes = Vec::new();
        w.encode(&mut bytes);
        let back = Weights::decode(&bytes, 6).unwrap();
        assert_eq!(back, w);
        assert_eq!(back.of(5), &b);
        assert!(back.of(2).is_empty());
        assert!(
            Weights::decode(&bytes, 5).is_err(),
            "a document beyond the index"
        );
        assert!(Weights::decode(&bytes[..bytes.len() - 1], 6).is_err());
        let mut more = bytes.clone();
        more.push(0);
        assert!(Weights::decode(&more, 6).is_err());
        let mut joined = w.clone();
        joined.append(10, &w);
        assert_eq!(joined.of(15), &b);
    }

    #[test]
    fn body_runs_become_key_runs() {
        // "甲 乙丙": the key 甲乙丙 drops the space; 乙丙 (bytes 4..10) weighted 2.
        let body = "甲 乙丙";
        let (key, sources) = crate::normalize::key_with_sources(body);
        assert_eq!(key, "甲乙丙");
        let runs = key_runs(
            body,
            &[Run {
                start: 4,
                end: 10,
                tenths: 20,
            }],
            &sources,
        );
        assert_eq!(
            runs,
            [Run {
                start: 1,
                end: 3,
                tenths: 20
            }]
        );
    }
}
