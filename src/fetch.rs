//! Fetching from the browser (web-sys): the entry, and fragments as HTTP range requests, all of
//! a round in parallel.
//!
//! Failures become JavaScript `Error`s with a `kind` the element words for the visitor:
//! `network` (no connection), `http` (with `status`), `missing` (a part is gone: 404 or 410),
//! `corrupt` (bytes that fail their checks), `unsupported` (another format version).

use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CompressionFormat, DecompressionStream, Headers, ReadableStreamDefaultReader,
    ReadableStreamReadResult, ReadableWritablePair, Request, RequestCache, RequestInit, Response,
};

/// A JavaScript `Error` with `kind` (and `status`, for HTTP errors).
pub(crate) fn error(kind: &str, message: &str, status: Option<u16>) -> JsValue {
    let e = js_sys::Error::new(message);
    let _ = Reflect::set(&e, &"kind".into(), &kind.into());
    if let Some(s) = status {
        let _ = Reflect::set(&e, &"status".into(), &JsValue::from(s));
    }
    e.into()
}

/// The kind of an engine error.
pub(crate) fn engine_error(e: &zhsearch_engine::Error) -> JsValue {
    use zhsearch_engine::Error as E;
    let kind = match e {
        E::UnsupportedVersion { .. } | E::Normalization { .. } => "unsupported",
        _ => "corrupt",
    };
    error(kind, &e.to_string(), None)
}

fn fetch_request(
    url: &str,
    range: Option<(u64, u64)>,
    revalidate: bool,
) -> Result<Promise, JsValue> {
    let init = RequestInit::new();
    init.set_method("GET");
    if let Some((start, end)) = range {
        let h = Headers::new()?;
        h.set("Range", &format!("bytes={start}-{}", end - 1))?;
        init.set_headers(&h);
    }
    if revalidate {
        init.set_cache(RequestCache::NoCache);
    }
    let req = Request::new_with_str_and_init(url, &init)?;
    let window = web_sys::window().ok_or_else(|| error("network", "no window", None))?;
    Ok(window.fetch_with_request(&req))
}

/// The body of `url` (revalidated with the server when `revalidate`).
pub(crate) async fn bytes(url: &str, revalidate: bool) -> Result<Vec<u8>, JsValue> {
    let resp = response(url, None, revalidate).await?;
    body(&resp).await
}

async fn response(
    url: &str,
    range: Option<(u64, u64)>,
    revalidate: bool,
) -> Result<Response, JsValue> {
    let name = short(url);
    let resp = JsFuture::from(fetch_request(url, range, revalidate)?)
        .await
        .map_err(|_| error("network", &format!("{name}: network unavailable"), None))?;
    let resp: Response = resp.dyn_into()?;
    let status = resp.status();
    if !resp.ok() {
        let kind = if status == 404 || status == 410 {
            "missing"
        } else {
            "http"
        };
        return Err(error(kind, &format!("{name}: HTTP {status}"), Some(status)));
    }
    Ok(resp)
}

async fn body(resp: &Response) -> Result<Vec<u8>, JsValue> {
    let buf = JsFuture::from(resp.array_buffer()?)
        .await
        .map_err(|_| error("network", "the connection broke off", None))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// Bytes `[start, end)` of `url`. A server that ignores the range answers with the whole file:
/// the slice is taken from it.
///
/// The range is also in the URL (`?r=start-end`): browsers lock an HTTP cache entry per URL, so
/// range requests to one file would otherwise wait for each other; this way each fragment is
/// its own entry, fetched in parallel and cached (static hosts ignore the query string).
pub(crate) async fn range(url: &str, start: u64, end: u64) -> Result<Vec<u8>, JsValue> {
    let url = format!("{url}?r={start}-{end}");
    let url = url.as_str();
    let resp = response(url, Some((start, end)), false).await?;
    let whole = resp.status() == 200;
    let b = body(&resp).await?;
    if !whole {
        return Ok(b);
    }
    let (s, e) = (start as usize, end as usize);
    b.get(s..e).map(<[u8]>::to_vec).ok_or_else(|| {
        error(
            "corrupt",
            &format!("{}: shorter than the index says", short(url)),
            None,
        )
    })
}

/// Waits for all `promises`.
pub(crate) async fn all(promises: Vec<Promise>) -> Result<Vec<JsValue>, JsValue> {
    let arr: Array = promises.into_iter().collect();
    let done = JsFuture::from(Promise::all(&arr)).await?;
    Ok(Array::from(&done).iter().collect())
}

/// The file name of a URL, for messages.
pub(crate) fn short(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/').find(|s| !s.is_empty()).unwrap_or(url)
}

/// Inflates raw deflate bytes with the browser's `DecompressionStream` (no inflater in the
/// module), to at most `len` bytes: a stream that inflates to more is cancelled, not read to
/// its end (a small fragment must not become gigabytes in a tab).
pub(crate) async fn inflate(stored: &[u8], len: usize) -> Result<Vec<u8>, JsValue> {
    let input = Uint8Array::from(stored);
    let body = Response::new_with_opt_buffer_source(Some(&input))?
        .body()
        .ok_or_else(|| error("corrupt", "no body", None))?;
    let ds = DecompressionStream::new(CompressionFormat::DeflateRaw)?;
    let out = body.pipe_through(&ReadableWritablePair::new(&ds.readable(), &ds.writable()));
    let reader: ReadableStreamDefaultReader = out.get_reader().dyn_into()?;
    let mut buf = Vec::with_capacity(len);
    loop {
        // A dictionary, not a class: no instanceof check.
        let chunk: ReadableStreamReadResult = JsFuture::from(reader.read()).await?.unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            return Ok(buf);
        }
        let bytes: Uint8Array = chunk.get_value().dyn_into()?;
        if buf.len() + bytes.length() as usize > len {
            let _ = reader.cancel();
            return Err(error("corrupt", "inflates past its length", None));
        }
        let at = buf.len();
        buf.resize(at + bytes.length() as usize, 0);
        bytes.copy_to(&mut buf[at..]);
    }
}
