//! Typed errors of the engine.

use thiserror::Error;

/// Everything that can go wrong reading an index or building one.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes do not start with the zhsearch magic number: not an index file.
    #[error("not a zhsearch index (bad magic number)")]
    BadMagic,
    /// The file was written by another format version.
    #[error("unsupported index format version {found} (this build reads version {supported})")]
    UnsupportedVersion { found: u32, supported: u32 },
    /// The index was built with another text normalization: its keys would not match this
    /// build's queries.
    #[error(
        "index built with normalization {found}, this build uses {supported}: rebuild the index"
    )]
    Normalization { found: u32, supported: u32 },
    /// The file is shorter than its header declares.
    #[error("index file is truncated: {0}")]
    Truncated(String),
    /// The checksum over the file's contents does not match.
    #[error("index checksum mismatch: the file is corrupted")]
    ChecksumMismatch,
    /// A structure inside the file is inconsistent.
    #[error("corrupted index: {0}")]
    Corrupt(String),
    /// A fragment of a split index is damaged: wrong checksum, truncated or undecodable.
    /// `fragment` names the pack file and byte range.
    #[error("corrupted index fragment {fragment}: {reason}")]
    Fragment { fragment: String, reason: String },
    /// Building the index failed.
    #[error("index build failed: {0}")]
    Build(String),
    /// Reading or writing a file failed. (`error` is not a `source()`: the message holds it
    /// already, and error chains print it once.) Not in the wasm module, which reads no files
    /// (and so carries none of the standard library's I/O messages).
    #[cfg(not(target_family = "wasm"))]
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    /// Input could not be parsed (file and line in the message).
    #[error("{0}")]
    Input(String),
    /// A search asks for what the index does not have or cannot read (an unknown filter
    /// field, a date that is none).
    #[error("{0}")]
    Query(String),
}

/// Result with the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn corrupt(what: impl Into<String>) -> Self {
        Error::Corrupt(what.into())
    }
}
