//! Admission: which walked files are read and how. Takes an [`Input`] and the
//! run's [`Policy`] (`--max-file-size`, `--window-from`, `--follow`); gives
//! an [`Admission`]: the file's bytes, a large file left to be read a window
//! at a time ([`hash_file`], then [`Windows`]), or why it is not read.
//! Hands on to `pipeline` (`extract_file`, `extract_window`).

use super::{encoding_cut, line_cut, window_cut, Input, Refusal, LONG_LINE, WINDOW};
use sha2::Digest;
use std::io::Read;
use std::path::Path;

/// What decides whether and how a file is read.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// `--max-file-size`: larger files are skipped.
    pub max_file_size: u64,
    /// `--window-from`: larger files are read a window at a time.
    pub window_from: u64,
    /// `--follow`: links met while walking are followed.
    pub follow: bool,
}

/// What admission made of one input.
pub enum Admission {
    /// Not read: its size when known, and why.
    Refused(Option<u64>, Refusal),
    /// Larger than `--window-from`: its length, to be read a window at a time.
    Windowed(u64),
    /// Its bytes, read whole.
    Whole(Vec<u8>),
}

/// Why a file is not read, as far as its name and metadata tell (the
/// checks `--list` shows too); else its metadata.
pub fn pre_check(
    input: &Input,
    policy: &Policy,
) -> Result<std::fs::Metadata, (Option<u64>, Refusal)> {
    let (max, follow) = (policy.max_file_size, policy.follow);
    let path = &input.display;
    if let Some(why) = input.skip {
        return Err((None, Refusal::Skipped(why.into())));
    }
    // A link met while walking is not followed unless --follow says so (it
    // may point outside the input folder, or in a loop).
    if !follow && !input.explicit {
        if let Ok(l) = std::fs::symlink_metadata(&input.fs_path) {
            if l.file_type().is_symlink() {
                return Err((
                    None,
                    Refusal::Skipped("symbolic link, not followed (use --follow)".into()),
                ));
            }
        }
    }
    let meta = std::fs::metadata(&input.fs_path)
        .map_err(|e| (None, Refusal::Failed(format!("cannot read: {e}"))))?;
    if !meta.is_file() {
        return Err((None, Refusal::Skipped("not a regular file".into())));
    }
    let lower = path.to_ascii_lowercase();
    if [
        ".tsv", ".csv", ".json", ".jsonl", ".xml", ".toml", ".yaml", ".yml",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
    {
        return Err((
            Some(meta.len()),
            Refusal::Skipped("data file, not an article (by its extension)".into()),
        ));
    }
    if meta.len() > max {
        return Err((
            Some(meta.len()),
            Refusal::Skipped(format!("larger than --max-file-size ({max} bytes)")),
        ));
    }
    Ok(meta)
}

/// Admits one input: refused, left for windows, or read whole.
pub fn admit(input: &Input, policy: &Policy) -> Admission {
    let meta = match pre_check(input, policy) {
        Ok(m) => m,
        Err((bytes, why)) => return Admission::Refused(bytes, why),
    };
    if meta.len() > policy.window_from {
        return Admission::Windowed(meta.len());
    }
    match read_len(&input.fs_path, meta.len()) {
        Ok(bytes) => Admission::Whole(bytes),
        Err(e) => Admission::Refused(None, Refusal::Failed(format!("cannot read: {e}"))),
    }
}

/// Reads at most `len` bytes of a file (its size when it was looked at): a
/// file that grows while it is read is read, hashed and cited as it was.
pub fn read_len(path: &Path, len: u64) -> std::io::Result<Vec<u8>> {
    let f = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    f.take(len).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A large file hashed in one streaming pass.
pub struct HashedFile {
    /// Its first bytes (64 KiB at most), to tell whether it can be windowed.
    pub head: Vec<u8>,
    /// The bytes hashed.
    pub len: u64,
    /// Hex sha256 of those bytes.
    pub sha: String,
}

/// Hashes at most `len` bytes of `f` from where it stands, keeping the head.
pub fn hash_file(f: &mut std::fs::File, len: u64) -> std::io::Result<HashedFile> {
    let mut hasher = sha2::Sha256::new();
    let mut head = Vec::new();
    // Exactly `len` bytes are hashed and read, however the file grows.
    let n = fill(f, &mut head, (64 << 10).min(len as usize)).and_then(|_| {
        hasher.update(&head);
        std::io::copy(&mut f.take(len - head.len() as u64), &mut hasher)
    })?;
    Ok(HashedFile {
        len: head.len() as u64 + n,
        head,
        sha: hex::encode(hasher.finalize()),
    })
}

/// Reads more of `f` into `buf`, up to `upto` bytes; false at the end of the file.
fn fill(f: &mut impl Read, buf: &mut Vec<u8>, upto: usize) -> std::io::Result<bool> {
    let want = upto.saturating_sub(buf.len());
    Ok(f.take(want as u64).read_to_end(buf)? == want)
}

/// The windows of a large file, read as they are asked for: each ends at a
/// blank line or a line break (the window grows until one comes). A read
/// error ends the file; its message comes with the last window.
pub struct Windows<'a> {
    /// The file, up to the length that was hashed.
    f: std::io::Take<std::fs::File>,
    carry: Vec<u8>,
    more: bool,
    base: usize,
    line_base: usize,
    /// The bytes read, hashed again: they must be the bytes first hashed.
    rehash: &'a std::sync::Mutex<sha2::Sha256>,
}

impl<'a> Windows<'a> {
    /// The windows of `f` (read up to the length hashed), each hashed again
    /// into `rehash`.
    pub fn new(
        f: std::io::Take<std::fs::File>,
        rehash: &'a std::sync::Mutex<sha2::Sha256>,
    ) -> Windows<'a> {
        Windows {
            f,
            carry: Vec::new(),
            more: true,
            base: 0,
            line_base: 0,
            rehash,
        }
    }
}

impl Iterator for Windows<'_> {
    /// (byte offset, lines before it, bytes), and a read error if one ended the file.
    type Item = ((usize, usize, Vec<u8>), Option<String>);

    fn next(&mut self) -> Option<Self::Item> {
        if !self.more && self.carry.is_empty() {
            return None;
        }
        let mut error = None;
        let mut want = WINDOW;
        let cut = loop {
            self.more = match fill(&mut self.f, &mut self.carry, want) {
                Ok(m) => m,
                Err(e) => {
                    let at = self.base + self.carry.len();
                    error = Some(format!("cannot read past byte {at}: {e}"));
                    false
                }
            };
            if !self.more {
                break self.carry.len();
            }
            if let Some(c) = window_cut(&self.carry) {
                break c;
            }
            // An over-long line is cut inside: scanning and holding it
            // whole made time quadratic and memory grow with the line.
            if self.carry.len() >= LONG_LINE {
                break line_cut(&self.carry);
            }
            want = self.carry.len() + WINDOW;
        };
        // A window holding two encodings ends where the second begins.
        let cut = encoding_cut(&self.carry[..cut]).unwrap_or(cut);
        let rest = self.carry.split_off(cut);
        let bytes = std::mem::replace(&mut self.carry, rest);
        if let Ok(mut h) = self.rehash.lock() {
            sha2::Digest::update(&mut *h, &bytes);
        }
        let lines = bytes.iter().filter(|&&b| b == b'\n').count();
        let window = (self.base, self.line_base, bytes);
        self.base += cut;
        self.line_base += lines;
        Some((window, error))
    }
}
