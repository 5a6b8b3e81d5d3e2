//! Search options and results as JavaScript sees them (camelCase), shared by both index kinds.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use zhsearch_engine::filter::{Fields, Narrowing, Sort};
use zhsearch_engine::{SearchOptions, SearchResults};

/// A non-negative whole number from `o[key]`, if present.
fn number(o: &JsValue, key: &str) -> Result<Option<usize>, JsError> {
    let v = Reflect::get(o, &key.into()).map_err(|_| JsError::new("bad search options"))?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Some(n.min(u32::MAX as f64) as usize)),
        _ => Err(JsError::new(&format!(
            "bad search options: {key} must be a whole number of at least 0"
        ))),
    }
}

/// A string from `o[key]`, if present.
fn string(o: &JsValue, key: &str) -> Result<Option<String>, JsError> {
    let v = Reflect::get(o, &key.into()).map_err(|_| JsError::new("bad search options"))?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| JsError::new(&format!("bad search options: {key} must be a string")))
}

/// `{NAME: VALUE or [VALUES]}` from `o.filters`.
fn filters(o: &JsValue) -> Result<Fields, JsError> {
    let bad = || {
        JsError::new("bad search options: filters must map names to strings or arrays of strings")
    };
    let v = Reflect::get(o, &"filters".into()).map_err(|_| bad())?;
    let mut out = Fields::default();
    if v.is_undefined() || v.is_null() {
        return Ok(out);
    }
    if !v.is_object() {
        return Err(bad());
    }
    for entry in Object::entries(&Object::from(v)).iter() {
        let pair = Array::from(&entry);
        let name = pair.get(0).as_string().ok_or_else(bad)?;
        let value = pair.get(1);
        let values: Vec<String> = if let Some(s) = value.as_string() {
            vec![s]
        } else if Array::is_array(&value) {
            Array::from(&value)
                .iter()
                .map(|x| x.as_string().ok_or_else(bad))
                .collect::<Result<_, _>>()?
        } else {
            return Err(bad());
        };
        out.set(&name, values);
    }
    Ok(out)
}

/// Parses `{limit, offset, passages, snippetChars, spell, filters, after, before, sort,
/// facets}` (all optional); the engine clamps them ([`SearchOptions::clamped`]).
pub(crate) fn options(options: JsValue) -> Result<SearchOptions, JsError> {
    let d = SearchOptions::default();
    if options.is_undefined() || options.is_null() {
        return Ok(d);
    }
    if !options.is_object() {
        return Err(JsError::new("bad search options: expected an object"));
    }
    let get = |k| number(&options, k);
    let spell = Reflect::get(&options, &"spell".into())
        .map_err(|_| JsError::new("bad search options"))?
        .as_bool()
        .unwrap_or(d.spell);
    let sort = match string(&options, "sort")? {
        Some(s) => s.parse().map_err(|e: zhsearch_engine::Error| {
            JsError::new(&format!("bad search options: {e}"))
        })?,
        None => Sort::Relevance,
    };
    let narrowing = Narrowing {
        filters: filters(&options)?,
        after: string(&options, "after")?,
        before: string(&options, "before")?,
        sort,
        facets: Reflect::get(&options, &"facets".into())
            .map_err(|_| JsError::new("bad search options"))?
            .as_bool()
            .unwrap_or(false),
    };
    Ok(SearchOptions {
        spell,
        narrowing,
        limit: get("limit")?.unwrap_or(d.limit),
        offset: get("offset")?.unwrap_or(0),
        passages: get("passages")?.unwrap_or(d.passages),
        snippet_chars: get("snippetChars")?
            .map_or(d.snippet_chars, |n| n.min(u32::MAX as usize) as u32),
    }
    .clamped())
}

/// What a query fetched from a split index.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fetched {
    pub bytes: f64,
    pub fragments: u32,
    /// Dependent waves of requests: 1 for the first step's fragments, then one more for each
    /// that had to wait for another to arrive.
    pub rounds: u32,
}

fn set(o: &Object, key: &str, v: impl Into<JsValue>) {
    let _ = Reflect::set(o, &key.into(), &v.into());
}

fn ranges(r: &[[u32; 2]]) -> Array {
    r.iter()
        .map(|[s, e]| -> JsValue { Array::of2(&(*s).into(), &(*e).into()).into() })
        .collect()
}

/// `{query, total, pages, hits: [{id, title, url, date, snippet, highlights,
/// titleHighlights, score, pinyin?, page?: {id, title, url}, meta?: {NAME: [VALUES]}, site?}],
/// elapsedMs,
/// searchMs, relaxed?, facets?: {FIELD: {VALUE: count}},
/// corrected?, pinyin?, fetched?}`; highlight offsets count code points.
pub(crate) fn to_js(
    r: SearchResults,
    elapsed_ms: f64,
    search_ms: f64,
    fetched: Option<Fetched>,
) -> Result<JsValue, JsError> {
    let out = Object::new();
    set(&out, "query", r.query);
    set(&out, "total", r.total as f64);
    set(&out, "pages", r.pages as f64);
    let hits: Array = r
        .hits
        .into_iter()
        .map(|h| -> JsValue {
            let o = Object::new();
            set(&o, "id", h.id);
            set(&o, "title", h.title);
            set(&o, "url", h.url);
            set(&o, "date", h.date);
            set(&o, "snippet", h.snippet);
            set(&o, "highlights", ranges(&h.highlights));
            set(&o, "titleHighlights", ranges(&h.title_highlights));
            set(&o, "score", f64::from(h.score));
            if let Some(p) = h.pinyin {
                set(&o, "pinyin", p);
            }
            if let Some(s) = h.site {
                set(&o, "site", s);
            }
            if let Some(p) = h.page {
                let page = Object::new();
                set(&page, "id", p.id);
                set(&page, "title", p.title);
                set(&page, "url", p.url);
                set(&o, "page", page);
            }
            if !h.meta.is_empty() {
                set(&o, "meta", string_lists(h.meta));
            }
            if !h.tags.is_empty() {
                let tags: Array = h.tags.into_iter().map(JsValue::from).collect();
                set(&o, "tags", tags);
            }
            o.into()
        })
        .collect();
    set(&out, "hits", hits);
    set(&out, "elapsedMs", elapsed_ms);
    set(&out, "searchMs", search_ms);
    if let Some(relaxed) = r.relaxed {
        set(&out, "relaxed", relaxed);
    }
    if let Some(c) = r.corrected {
        set(&out, "corrected", c);
    }
    if !r.pinyin.is_empty() {
        let words: Array = r.pinyin.into_iter().map(JsValue::from).collect();
        set(&out, "pinyin", words);
    }
    if !r.facets.is_empty() {
        let facets = Object::new();
        for (field, counts) in r.facets.0 {
            let c = Object::new();
            for (v, n) in counts {
                set(&c, &v, n as f64);
            }
            set(&facets, &field, c);
        }
        set(&out, "facets", facets);
    }
    if let Some(f) = fetched {
        let o = Object::new();
        set(&o, "bytes", f.bytes);
        set(&o, "fragments", f.fragments);
        set(&o, "rounds", f.rounds);
        set(&out, "fetched", o);
    }
    Ok(out.into())
}

/// `{NAME: [VALUES]}`.
fn string_lists(m: Fields) -> Object {
    let o = Object::new();
    for (k, v) in m {
        let a: Array = v.into_iter().map(JsValue::from).collect();
        set(&o, &k, a);
    }
    o
}

/// Milliseconds from a monotonic clock (0 outside a browser, e.g. in native tests).
pub(crate) fn now_ms() -> f64 {
    if !cfg!(target_arch = "wasm32") {
        return 0.0;
    }
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
