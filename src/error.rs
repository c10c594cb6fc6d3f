//! The library's error type. Per-file problems never surface here: they become
//! manifest entries. These errors are for things that stop a run before it
//! starts (bad patterns) or for I/O on the outputs. Given by `rules` and
//! `emit`; `main` prints them and exits with code 2.

use std::path::PathBuf;

/// An error that stops a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more pattern files are malformed; every problem is listed.
    #[error("bad patterns:\n{}", .0.join("\n"))]
    Patterns(Vec<String>),
    /// An I/O error on a named path.
    #[error("{path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
