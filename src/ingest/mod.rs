//! Ingest: reading and decoding the inputs into [`Document`]s.
//!
//! Takes bytes (read by the caller from a path the walk found, or handed in
//! on stdin), gives a [`Document`], or a [`Refusal`] saying why a file was
//! skipped or failed. Decoding keeps a [`SourceMap`] from every decoded byte
//! back to the original file bytes, so that citations always count ORIGINAL
//! bytes. Next stage: [`crate::normalize`].
//!
//! The parts: `walk` (the sorted walk over the inputs), `decode` (encoding
//! detection and the source map), [`legacy`] (the TCVN3 and VNI tables) and
//! `window` (where a large file is cut into windows).

pub mod admit;
mod decode;
pub mod legacy;
mod walk;
mod window;

pub use decode::{decode, Decoded, Encoding, SourceMap};
pub use walk::{display_path, fs_path, walk, Input};
pub use window::{
    encoding_cut, line_cut, window_cut, windowable, LONG_LINE, WHOLE_MAX, WINDOW, WINDOWED_FROM,
};

use sha2::{Digest, Sha256};

/// A read and decoded input file.
#[derive(Clone, Debug)]
pub struct Document {
    /// The path as found under the input root.
    pub path: String,
    /// The original bytes.
    pub bytes: Vec<u8>,
    /// Hex sha256 of `bytes`.
    pub sha256: String,
    /// The decoded text.
    pub decoded: Decoded,
    /// Whether the text is read as HTML.
    pub html: bool,
}

/// Why a file produced no document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Left out by design (binary, too large): not an error.
    Skipped(String),
    /// Could not be read or decoded: an error.
    Failed(String),
}

/// Hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether a file is read as HTML: by its name, or by how it starts.
pub fn looks_like_html(path: &str, text: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
        return true;
    }
    let head: String = text
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Builds a document from bytes already in memory.
pub fn document(path: String, bytes: Vec<u8>) -> Result<Document, (String, Refusal)> {
    let sha256 = sha256_hex(&bytes);
    document_hashed(path, bytes, sha256)
}

/// [`document`] when the caller has already hashed the bytes.
pub fn document_hashed(
    path: String,
    bytes: Vec<u8>,
    sha256: String,
) -> Result<Document, (String, Refusal)> {
    match decode(&bytes) {
        Ok(decoded) => {
            let html = looks_like_html(&path, &decoded.text);
            Ok(Document {
                path,
                bytes,
                sha256,
                decoded,
                html,
            })
        }
        Err(r) => Err((sha256, r)),
    }
}
