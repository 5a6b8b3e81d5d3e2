//! JSON (`.json`: an array of records or one record) and JSON Lines (`.jsonl`, `.ndjson`: one
//! record per line) files: each record an article by [`FieldNames`], or skipped with why.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{kind, meta_fields, scalar_field, tags_field, FieldNames, Parser};
use crate::{Article, Result};

impl Parser<'_> {
    /// A `.json` file: an array of records, read one record at a time (an export of a
    /// million articles is never one tree in memory), or one record. A syntax error ends the
    /// file there: the records before it are indexed, and the error says from which on
    /// nothing was read.
    pub(super) fn json(&mut self, text: &str) -> Result<()> {
        let rel = self.rel;
        let mut de = serde_json::Deserializer::from_str(text);
        let mut read = 0;
        let found = Records {
            parser: self,
            read: &mut read,
        }
        .deserialize(&mut de)
        .and_then(|found| de.end().map(|()| found));
        match found {
            Ok(None) => Ok(()),
            Ok(Some(other)) => {
                let reason = format!("expected a JSON array or object, found {other}");
                self.bad(rel.to_owned(), reason)
            }
            Err(e) if read > 0 => {
                let reason = format!("{e} (records #{read} on not read)");
                self.bad(rel.to_owned(), reason)
            }
            Err(e) => self.bad(rel.to_owned(), e.to_string()),
        }
    }

    pub(super) fn json_lines(&mut self, text: &str) -> Result<()> {
        self.json_lines_from(text, 0)
    }

    /// JSON Lines whose first line is line `first + 1` of the file.
    pub(super) fn json_lines_from(&mut self, text: &str, first: usize) -> Result<()> {
        for (i, line) in text.lines().enumerate() {
            let i = first + i;
            // A BOM or a line separator at the start of a line (concatenated exports) is not
            // part of the record.
            let line = line.trim_start_matches(['\u{FEFF}', '\u{2028}', '\u{2029}']);
            if line.trim().is_empty() {
                continue;
            }
            let source = format!("{}:{}", self.rel, i + 1);
            match serde_json::from_str(line) {
                Ok(record) => self.record(source, record),
                Err(e) => {
                    // serde's message says "line 1": the line within the line.
                    let full = e.to_string();
                    let location = format!(" at line {} column {}", e.line(), e.column());
                    let msg = full.strip_suffix(&location).unwrap_or(&full);
                    self.bad(source, format!("{msg} at column {}", e.column()))?;
                }
            }
        }
        Ok(())
    }

    /// One JSON record: indexed or skipped with its reason.
    fn record(&mut self, source: String, record: Value) {
        let Value::Object(obj) = &record else {
            return self.skip(
                source,
                format!("not a JSON object (found {})", kind(&record)),
            );
        };
        match json_article(obj, &self.opts.fields, &source) {
            Ok(article) => self.add(source, article),
            Err(reason) => self.skip(source, reason),
        }
    }
}

/// The top level of a `.json` file, handing each record of an array to the parser as it is
/// read. Produces `None`, or the kind of value found when it is neither array nor object.
struct Records<'p, 'a> {
    parser: &'p mut Parser<'a>,
    /// Records read so far.
    read: &'p mut usize,
}

impl<'de> DeserializeSeed<'de> for Records<'_, '_> {
    type Value = Option<&'static str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON array or object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while let Some(record) = seq.next_element::<Value>()? {
            let source = format!("{}#{}", self.parser.rel, *self.read);
            *self.read += 1;
            self.parser.record(source, record);
        }
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        // (A number is a map too, with arbitrary_precision.)
        let value = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        if !value.is_object() {
            return Ok(Some(kind(&value)));
        }
        let source = format!("{}#0", self.parser.rel);
        *self.read += 1;
        self.parser.record(source, value);
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Some("a boolean"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Some("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Some("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Some("a number"))
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Some("a string"))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Some("null"))
    }
}

fn json_article(obj: &Map<String, Value>, f: &FieldNames, source: &str) -> Result<Article, String> {
    let title = scalar_field(obj, &f.title)?;
    let body = scalar_field(obj, &f.body)?;
    if title.is_none() && body.is_none() {
        return Err("no title and no body".into());
    }
    Ok(Article {
        id: scalar_field(obj, &f.id)?
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| source.to_owned()),
        title: title.unwrap_or_default().trim().to_owned(),
        url: scalar_field(obj, &f.url)?.unwrap_or_default(),
        date: scalar_field(obj, &f.date)?.unwrap_or_default(),
        tags: tags_field(obj, &f.tags)?,
        body: body.unwrap_or_default(),
        page: None,
        meta: meta_fields(obj, &[&f.id, &f.title, &f.url, &f.date, &f.body, &f.tags]),
        weights: Vec::new(),
    })
}
