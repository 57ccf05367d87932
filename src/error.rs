//! The library's error type. Every variant names the thing that was wrong (file, server, tool)
//! so that the message alone tells the user where to look.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: not valid JSON at line {line}, column {column}: {msg}")]
    Json {
        path: String,
        line: usize,
        column: usize,
        msg: String,
    },

    #[error("{path}: {msg}")]
    Manifest { path: String, msg: String },

    #[error("{file}:{line}: {msg}")]
    Rules {
        file: String,
        line: usize,
        msg: String,
    },

    #[error("catalog {path}: {msg}")]
    Catalog { path: String, msg: String },

    #[error("search index {path}: {msg}")]
    Index { path: String, msg: String },

    #[error("{path}: {msg}")]
    Config { path: String, msg: String },

    #[error("registry {url}: {msg}")]
    Registry { url: String, msg: String },

    /// Another process holds the catalog's writer lock.
    #[error(
        "search index {path}: another mcprisk process is updating this catalog; try again when it has finished"
    )]
    Busy { path: String },

    /// The index must be replaced (missing, unreadable or of another schema version), but
    /// another process holds its writer lock: it was left as it is.
    #[error(
        "search index {path}: needs rebuilding (it is missing, unreadable or of another schema version), but another mcprisk process, perhaps another version, is writing it; left it untouched; try again when that process has finished"
    )]
    RebuildBusy { path: String },

    #[error("{0}")]
    NotFound(String),

    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
