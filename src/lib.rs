//! zhsearch widget: the wasm module with the build-time embedded index.
//!
//! `build.rs` indexes `articles/` (or the paths in `ZHSEARCH_ARTICLES`) with the engine crate;
//! the bytes are embedded here and opened in place.

use zhsearch_engine::Index;

/// The index built by `build.rs` from `articles/` (or `ZHSEARCH_ARTICLES`).
pub static EMBEDDED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.zhs"));

/// Opens the embedded index (validates header and checksum; no copy).
pub fn embedded() -> zhsearch_engine::Result<Index<&'static [u8]>> {
    Index::open(EMBEDDED_INDEX)
}
