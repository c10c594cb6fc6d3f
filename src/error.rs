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
    /// What was being done when an error came up (`writing the manifest`),
    /// with that error as its source.
    #[error("{what}")]
    Context {
        /// What was being done.
        what: String,
        /// The error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A message with no error below it.
    #[error("{0}")]
    Message(String),
    /// Another error, shown as it is.
    #[error(transparent)]
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Other(Box::new(e))
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// Says what was being done when an error came up, as
/// [`Error::Context`].
pub trait Context<T> {
    /// The error, with `what` was being done.
    fn context(self, what: &str) -> Result<T>;
    /// The error, with what was being done, written only when there is one.
    fn with_context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: std::error::Error + Send + Sync + 'static> Context<T> for std::result::Result<T, E> {
    fn context(self, what: &str) -> Result<T> {
        self.with_context(|| what.to_string())
    }

    fn with_context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error::Context {
            what: what(),
            source: Box::new(e),
        })
    }
}
