//! Errors as JavaScript sees them: an `Error` with a `kind` the element words for the visitor:
//! `network` (no connection), `http` (with `status`), `missing` (a part is gone: 404 or 410),
//! `corrupt` (bytes that fail their checks), `unsupported` (another format version). Loading
//! errors come from `fetch.js`; the engine's, through here.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// A JavaScript `Error` with `kind`.
pub(crate) fn error(kind: &str, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    let _ = Reflect::set(&e, &"kind".into(), &kind.into());
    e.into()
}

/// An engine error, with its kind.
pub(crate) fn engine_error(e: &zhsearch_engine::Error) -> JsValue {
    use zhsearch_engine::Error as E;
    let kind = match e {
        E::UnsupportedVersion { .. } | E::Normalization { .. } => "unsupported",
        _ => "corrupt",
    };
    error(kind, &e.to_string())
}
