//! Named values as sorted lists: a document's metadata, a search's filters, its facet counts.
//! They behave as maps (one entry per name, names in order) and serialize as JSON objects, but
//! cost the wasm module a fraction of a `BTreeMap`'s code (every visitor downloads it).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Names, each with its values, sorted by name.
///
/// ```
/// use zhsearch_engine::filter::Fields;
///
/// let mut f = Fields::default();
/// f.push("栏目", "要闻");
/// f.push("author", "王");
/// f.push("栏目", "通知公告");
/// assert_eq!(f.get("栏目"), Some(&["要闻".to_owned(), "通知公告".to_owned()][..]));
/// assert_eq!(f.iter().next().unwrap().0, "author");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(String, Vec<String>)>);

impl Fields {
    /// The values of `name`.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.find(name).ok().map(|i| self.0[i].1.as_slice())
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    /// Adds `value` to `name`'s values (once).
    pub fn push(&mut self, name: &str, value: &str) {
        let i = match self.find(name) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (name.to_owned(), Vec::new()));
                i
            }
        };
        let values = &mut self.0[i].1;
        if !values.iter().any(|v| v == value) {
            values.push(value.to_owned());
        }
    }

    /// Sets `name`'s values (none: removes it).
    pub fn set(&mut self, name: &str, values: Vec<String>) {
        match (self.find(name), values.is_empty()) {
            (Ok(i), true) => {
                self.0.remove(i);
            }
            (Ok(i), false) => self.0[i].1 = values,
            (Err(_), true) => {}
            (Err(i), false) => self.0.insert(i, (name.to_owned(), values)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Names and values, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_slice()))
    }

    /// Whether `name` is there.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }
}

impl IntoIterator for Fields {
    type Item = (String, Vec<String>);
    type IntoIter = std::vec::IntoIter<(String, Vec<String>)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<(String, Vec<String>)> for Fields {
    fn from_iter<I: IntoIterator<Item = (String, Vec<String>)>>(it: I) -> Fields {
        let mut f = Fields::default();
        for (n, v) in it {
            f.set(&n, v);
        }
        f
    }
}

impl Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(n, v)| (n, v)))
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Fields, D::Error> {
        Ok(BTreeMap::<String, Vec<String>>::deserialize(d)?
            .into_iter()
            .collect())
    }
}

/// Facet counts: per filter field (in name order), the matching articles per value (in value
/// order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets(pub Vec<(String, Vec<(String, usize)>)>);

impl Facets {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The count of `value` in `field`, if listed.
    pub fn count(&self, field: &str, value: &str) -> Option<usize> {
        let (_, values) = self.0.iter().find(|(f, _)| f == field)?;
        values.iter().find(|(v, _)| v == value).map(|(_, n)| *n)
    }
}

impl Serialize for Facets {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Counts<'a>(&'a [(String, usize)]);
        impl Serialize for Counts<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|(v, n)| (v, n)))
            }
        }
        s.collect_map(self.0.iter().map(|(f, c)| (f, Counts(c))))
    }
}
