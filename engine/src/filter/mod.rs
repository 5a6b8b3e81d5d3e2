//! Filters, facets, dates and sorting: what narrows and orders a search besides its text.
//!
//! At build time, every document's values of the filterable fields (`tags` always, and those
//! named by `--filter-field`) and its day ([`date::day`] of its date) go into one [`Filters`]
//! structure, stored as the single file's FILTERS section:
//!
//! ```text
//! fields   n, n × (name, values: n, n × (value, docs: n, n × delta))   sorted by name, value
//! days     n, n × (day + 25568, or 0 without one)                       one per document
//! ```
//!
//! At query time ([`narrow`]): fields AND, the values of one field OR; `after`/`before`
//! bound the day inclusively; facets count every matching article per value, with the filters
//! of the other fields applied (the usual faceting rule, so a chosen 栏目 still shows what the
//! others would give); a query without words lists the articles the filters leave, newest
//! first (browse mode).

pub mod date;
mod fields;

pub use fields::{Facets, Fields};

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::varint::{self, put_str};

/// Added to a day number when stored: days from 1900-01-01 on are positive, 0 is "no day".
const DAY_BASE: i64 = 25_568;

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
pub enum Sort {
    /// Best match first.
    #[default]
    #[serde(rename = "relevance")]
    Relevance,
    /// Oldest first (undated articles last).
    #[serde(rename = "date")]
    Date,
    /// Newest first (undated articles last).
    #[serde(rename = "-date")]
    Newest,
}

impl std::str::FromStr for Sort {
    type Err = Error;

    fn from_str(s: &str) -> Result<Sort> {
        match s {
            "relevance" => Ok(Sort::Relevance),
            "date" => Ok(Sort::Date),
            "-date" => Ok(Sort::Newest),
            _ => Err(Error::Query(format!(
                "sort \"{s}\": expected relevance, date or -date"
            ))),
        }
    }
}

/// One filterable field: its values, sorted, each with the documents holding it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub values: Vec<(String, Vec<u32>)>,
}

/// The filterable fields and the day of every document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Sorted by name.
    pub fields: Vec<Field>,
    /// Per document, its day ([`date::day`]) if its date is one.
    pub days: Vec<Option<i32>>,
}

/// [`Filters::collect`] one document at a time (a build that frees each article once it is
/// stored keeps only this). Every metadata field is collected: which ones are filterable is
/// known only at the end (pages declare theirs with `data-zhsearch-filter` as they are read),
/// and [`FilterCollector::finish`] keeps those.
#[derive(Default)]
pub(crate) struct FilterCollector {
    /// Each field's values with their documents, by field name (`tags` among them).
    fields: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    days: Vec<Option<i32>>,
}

impl FilterCollector {
    /// Adds document `d` (numbers ascending).
    pub(crate) fn add(&mut self, d: u32, tags: &[String], meta: &Fields, date: &str) {
        let fields = std::iter::once(("tags", tags)).chain(meta.iter());
        for (name, vals) in fields {
            let values = match self.fields.get_mut(name) {
                Some(v) => v,
                None => self.fields.entry(name.to_owned()).or_default(),
            };
            for v in vals {
                let list = match values.get_mut(v.as_str()) {
                    Some(l) => l,
                    None => values.entry(v.clone()).or_default(),
                };
                if list.last() != Some(&d) {
                    list.push(d);
                }
            }
        }
        let day = date::day(date);
        if day.is_some() {
            if self.days.len() <= d as usize {
                self.days.resize(d as usize + 1, None);
            }
            self.days[d as usize] = day;
        }
    }

    /// The filters of `total` documents: the fields named `names`, and `tags`.
    pub(crate) fn finish(mut self, total: usize, names: &[String]) -> Filters {
        self.days.resize(total, None);
        let mut fields = Vec::new();
        for (name, values) in self.fields {
            if name == "tags" || names.contains(&name) {
                fields.push(Field {
                    name,
                    values: values.into_iter().collect(),
                });
            }
        }
        // A field no document holds is still there (a search may name it).
        for n in names.iter().chain(std::iter::once(&"tags".to_owned())) {
            if let Err(at) = fields.binary_search_by(|f: &Field| f.name.as_str().cmp(n)) {
                fields.insert(
                    at,
                    Field {
                        name: n.clone(),
                        values: Vec::new(),
                    },
                );
            }
        }
        Filters {
            fields,
            days: self.days,
        }
    }
}

impl Filters {
    /// Collects the fields named `names` (plus `tags`) and the days of documents given as
    /// `(number, tags, meta, date)`, numbers ascending, among `total` documents (the split
    /// layout numbers deleted documents too: they hold nothing).
    pub(crate) fn collect<'a>(
        docs: impl Iterator<Item = (u32, &'a [String], &'a Fields, &'a str)>,
        total: usize,
        names: &[String],
    ) -> Filters {
        let mut c = FilterCollector::default();
        for (d, tags, meta, date) in docs {
            c.add(d, tags, meta, date);
        }
        c.finish(total, names)
    }

    /// The FILTERS encoding (see the module docs).
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        varint::put(out, self.fields.len() as u64);
        for f in &self.fields {
            put_str(out, &f.name);
            varint::put(out, f.values.len() as u64);
            for (v, docs) in &f.values {
                put_str(out, v);
                varint::put(out, docs.len() as u64);
                let mut prev = 0;
                for (i, &d) in docs.iter().enumerate() {
                    varint::put(out, u64::from(if i == 0 { d } else { d - prev }));
                    prev = d;
                }
            }
        }
        varint::put(out, self.days.len() as u64);
        for d in &self.days {
            varint::put(out, d.map_or(0, |d| (i64::from(d) + DAY_BASE) as u64));
        }
    }

    /// Reads the FILTERS encoding of an index of `n` documents, checking that every document
    /// number is below `n` and ascending, and that there is one day per document.
    pub(crate) fn decode(b: &[u8], n: u32) -> Result<Filters> {
        let bad = |what: &str| Error::corrupt(format!("filters: {what}"));
        let mut p = 0;
        let num = |p: &mut usize, what: &str| varint::get(b, p).ok_or_else(|| bad(what));
        let count = |v: u64, what: &str| -> Result<usize> {
            // Every item takes at least a byte: a count beyond the bytes left is corrupt.
            usize::try_from(v)
                .ok()
                .filter(|&v| v <= b.len())
                .ok_or_else(|| bad(what))
        };
        let str_at = |p: &mut usize| -> Result<String> {
            let len = varint::get(b, p).ok_or_else(|| bad("string length"))?;
            let len = count(len, "string length")?;
            let end = p.checked_add(len).filter(|&e| e <= b.len());
            let end = end.ok_or_else(|| bad("string past the end"))?;
            let s = std::str::from_utf8(&b[*p..end]).map_err(|_| bad("string not UTF-8"))?;
            *p = end;
            Ok(s.to_owned())
        };
        let nf = count(num(&mut p, "field count")?, "field count")?;
        let mut fields = Vec::with_capacity(nf);
        for _ in 0..nf {
            let name = str_at(&mut p)?;
            let nv = count(num(&mut p, "value count")?, "value count")?;
            let mut values = Vec::with_capacity(nv);
            for _ in 0..nv {
                let v = str_at(&mut p)?;
                let nd = count(num(&mut p, "doc count")?, "doc count")?;
                let mut docs = Vec::with_capacity(nd);
                let mut prev: u64 = 0;
                for i in 0..nd {
                    let delta = num(&mut p, "doc")?;
                    let d = if i == 0 {
                        Some(delta)
                    } else {
                        prev.checked_add(delta)
                    };
                    let d = d.ok_or_else(|| bad("document out of range"))?;
                    if (i > 0 && delta == 0) || d >= u64::from(n) {
                        return Err(bad("document out of order or range"));
                    }
                    docs.push(d as u32);
                    prev = d;
                }
                values.push((v, docs));
            }
            fields.push(Field { name, values });
        }
        let nd = num(&mut p, "day count")?;
        if nd != u64::from(n) {
            return Err(bad("not one day per document"));
        }
        let mut days = Vec::with_capacity(count(nd, "day count")?);
        for _ in 0..nd {
            let v = num(&mut p, "day")?;
            days.push(match v {
                0 => None,
                v => Some(i32::try_from(v as i64 - DAY_BASE).map_err(|_| bad("day"))?),
            });
        }
        if p != b.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(Filters { fields, days })
    }

    fn field(&self, name: &str) -> Result<&Field> {
        self.fields.iter().find(|f| f.name == name).ok_or_else(|| {
            let names: Vec<&str> = self.fields.iter().map(|f| f.name.as_str()).collect();
            Error::Query(format!(
                "unknown filter field \"{name}\" (this index can filter by {})",
                names.join(", ")
            ))
        })
    }
}

/// What narrows and orders a search (part of [`crate::SearchOptions`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct Narrowing {
    /// Field name → values: an article must hold one of the values of every field named.
    pub filters: Fields,
    /// Only articles dated on or after the first day of this day, month or year.
    pub after: Option<String>,
    /// Only articles dated on or before the last day of this day, month or year.
    pub before: Option<String>,
    pub sort: Sort,
    /// Count the matching articles per value of every filter field.
    pub facets: bool,
}

impl Narrowing {
    /// Whether anything is asked of the filters (else a search never reads them).
    pub fn is_active(&self) -> bool {
        self.browses() || self.sort != Sort::Relevance
    }

    /// Whether a query without words lists articles (some filter or date bound is set, or
    /// facets are asked for: then over every article). A blank date bound is none.
    pub fn browses(&self) -> bool {
        let set = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
        !self.filters.is_empty() || set(&self.after) || set(&self.before) || self.facets
    }

    /// The inclusive day bounds, checked.
    fn days(&self) -> Result<(i32, i32)> {
        let bound = |s: &Option<String>, what: &str| -> Result<Option<(i32, i32)>> {
            s.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| {
                    date::span(s).ok_or_else(|| {
                        Error::Query(format!(
                            "{what} \"{s}\": not a date (2024, 2024-01, 2024-01-04 or 2024年1月4日)"
                        ))
                    })
                })
                .transpose()
        };
        let after = bound(&self.after, "after")?.map_or(i32::MIN, |(first, _)| first);
        let before = bound(&self.before, "before")?.map_or(i32::MAX, |(_, last)| last);
        Ok((after, before))
    }
}

/// Which documents pass a search's filters and date bounds.
pub(crate) struct Admit<'a> {
    days: &'a [Option<i32>],
    after: i32,
    before: i32,
    /// Per chosen field (by its place in [`Filters::fields`]), the documents holding one of
    /// its chosen values.
    chosen: Vec<(usize, Vec<bool>)>,
}

impl<'a> Admit<'a> {
    /// The filters and bounds of `n` over `f` (an unknown field or a bad date is an error).
    pub(crate) fn new(f: &'a Filters, n: &Narrowing) -> Result<Admit<'a>> {
        let docs = f.days.len();
        let (after, before) = n.days()?;
        let mut chosen = Vec::new();
        for (name, values) in n.filters.iter() {
            let field = f.field(name)?;
            let fi = f
                .fields
                .iter()
                .position(|x| x.name == field.name)
                .unwrap_or(0);
            let mut set = vec![false; docs];
            for (v, list) in &field.values {
                if values.iter().any(|x| x == v) {
                    list.iter().for_each(|&d| set[d as usize] = true);
                }
            }
            chosen.push((fi, set));
        }
        Ok(Admit {
            days: &f.days,
            after,
            before,
            chosen,
        })
    }

    /// Whether document `d` passes every filter but field `except`'s, and the date bounds.
    pub(crate) fn passes(&self, d: u32, except: Option<usize>) -> bool {
        let dated = self.after != i32::MIN || self.before != i32::MAX;
        let in_days = !dated
            || self
                .days
                .get(d as usize)
                .copied()
                .flatten()
                .is_some_and(|day| (self.after..=self.before).contains(&day));
        in_days
            && self.chosen.iter().all(|(fi, set)| {
                Some(*fi) == except || set.get(d as usize).copied().unwrap_or(false)
            })
    }
}

/// Narrows `hits` (`(score, doc, query)`, best first) to what `admit` (made from `n`) lets
/// pass, orders them as `n` asks, and counts the facets (when asked). `browse`: `hits` are
/// every document, for a query without words.
pub(crate) fn narrow<T: Copy>(
    f: &Filters,
    n: &Narrowing,
    admit: &Admit<'_>,
    hits: &mut Vec<(T, u32, usize)>,
    browse: bool,
) -> Facets {
    let docs = f.days.len();
    let passes = |d: u32, except: Option<usize>| admit.passes(d, except);
    let mut facets = Facets::default();
    if n.facets {
        for (fi, field) in f.fields.iter().enumerate() {
            let mut counted = vec![false; docs];
            for &(_, d, _) in hits.iter() {
                if passes(d, Some(fi)) {
                    counted[d as usize] = true;
                }
            }
            let chosen_values = n.filters.get(&field.name);
            let mut counts = Vec::new();
            for (v, list) in &field.values {
                let c = list.iter().filter(|&&d| counted[d as usize]).count();
                if c > 0 || chosen_values.is_some_and(|cv| cv.contains(v)) {
                    counts.push((v.clone(), c));
                }
            }
            if !counts.is_empty() {
                facets.0.push((field.name.clone(), counts));
            }
        }
    }
    hits.retain(|&(_, d, _)| passes(d, None));
    let sort = match (n.sort, browse) {
        (Sort::Relevance, true) => Sort::Newest,
        (s, _) => s,
    };
    let day = |d: u32| f.days.get(d as usize).copied().flatten();
    if sort != Sort::Relevance {
        let sign = if sort == Sort::Newest { -1 } else { 1 };
        // Stable: equal days keep relevance order; undated articles last either way.
        crate::sort::by_key(hits, |&(_, d, _)| {
            day(d).map_or((1, 0), |x| (0, sign * i64::from(x)))
        });
    }
    facets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Filters {
        let meta = |v: &[&str]| {
            let mut m = Fields::default();
            m.set("栏目", v.iter().map(|s| s.to_string()).collect());
            m
        };
        let docs = [
            (vec!["a".to_owned()], meta(&["要闻"]), "2024-01-04"),
            (vec![], meta(&["通知公告"]), "2023年5月1日"),
            (
                vec!["a".to_owned(), "b".to_owned()],
                meta(&["要闻", "政策解读"]),
                "",
            ),
            (vec![], Fields::default(), "某天"),
        ];
        Filters::collect(
            docs.iter()
                .enumerate()
                .map(|(i, (t, m, d))| (i as u32, t.as_slice(), m, *d)),
            docs.len(),
            &["栏目".to_owned()],
        )
    }

    #[test]
    fn encoding_round_trips_and_rejects_damage() {
        let f = sample();
        assert_eq!(f.fields.len(), 2);
        assert_eq!(f.days[3], None);
        let mut b = Vec::new();
        f.encode(&mut b);
        assert_eq!(Filters::decode(&b, 4).unwrap(), f);
        assert!(
            Filters::decode(&b, 3).is_err(),
            "a document beyond the index"
        );
        for cut in 0..b.len() {
            assert!(Filters::decode(&b[..cut], 4).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn filters_facets_and_sorting() {
        let f = sample();
        let all = |n: &Narrowing| {
            let mut hits: Vec<(f32, u32, usize)> = (0..4).map(|d| (0.0, d, 0)).collect();
            let facets = narrow(&f, n, &Admit::new(&f, n).unwrap(), &mut hits, false);
            (hits.iter().map(|h| h.1).collect::<Vec<_>>(), facets)
        };
        let mut n = Narrowing {
            facets: true,
            ..Default::default()
        };
        n.filters.set("栏目", vec!["要闻".into()]);
        let (docs, facets) = all(&n);
        assert_eq!(docs, [0, 2]);
        // The chosen field counts as if unfiltered; the others within the choice.
        assert_eq!(facets.count("栏目", "通知公告"), Some(1));
        assert_eq!(facets.count("tags", "b"), Some(1));
        n.filters.set("tags", vec!["b".into(), "nothing".into()]);
        assert_eq!(all(&n).0, [2]);
        n.filters = Fields::default();
        n.sort = Sort::Newest;
        assert_eq!(all(&n).0, [0, 1, 2, 3]);
        n.sort = Sort::Date;
        assert_eq!(all(&n).0, [1, 0, 2, 3]);
        n.after = Some("2024".into());
        assert_eq!(all(&n).0, [0]);
        let blank = Narrowing {
            after: Some("  ".into()),
            ..Default::default()
        };
        assert!(
            !blank.browses() && !blank.is_active(),
            "a blank bound is none"
        );
        n.after = Some("明天".into());
        assert!(matches!(Admit::new(&f, &n), Err(Error::Query(_))));
        let mut unknown = Narrowing::default();
        unknown.filters.set("作者", vec!["x".into()]);
        let e = Admit::new(&f, &unknown).err().unwrap().to_string();
        assert!(e.contains("作者") && e.contains("tags, 栏目"), "{e}");
    }
}
