//! Ingest: the sorted walk over the inputs, reading, and decoding.
//!
//! Takes paths, gives [`Document`]s (or a reason a file was skipped or failed).
//! Decoding keeps a [`SourceMap`] from every decoded byte back to the original
//! file bytes, so that citations always count ORIGINAL bytes. Next stage:
//! [`crate::normalize`].

pub mod admit;

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Maps byte offsets of decoded text back to byte offsets of the original file.
#[derive(Clone, Debug)]
pub enum SourceMap {
    /// Decoded text is the original bytes shifted by this many bytes (UTF-8, BOM).
    Shift(usize),
    /// One entry per decoded byte plus one: the original offset of that byte's
    /// character start (the last entry is the file length).
    Table(Vec<u32>),
}

impl SourceMap {
    /// The original offset of decoded byte `i` (a char boundary, or the end).
    pub fn orig(&self, i: usize) -> usize {
        match self {
            SourceMap::Shift(k) => i + k,
            SourceMap::Table(t) => t[i] as usize,
        }
    }
}

/// How a file's bytes were decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-8 with a few invalid bytes, each read as U+FFFD.
    Utf8Lossy,
    /// UTF-16 little-endian with BOM.
    Utf16Le,
    /// UTF-16 big-endian with BOM.
    Utf16Be,
    /// UTF-16 little-endian detected without a BOM.
    Utf16LeNoBom,
    /// UTF-16 big-endian detected without a BOM.
    Utf16BeNoBom,
    /// TCVN3 (ABC), a legacy Vietnamese 8-bit encoding.
    Tcvn3,
    /// VNI-Windows, a legacy Vietnamese 8-bit encoding.
    Vni,
    /// Windows-1258 (Vietnamese code page).
    Windows1258,
}

impl Encoding {
    /// The name written into the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf8Lossy => "utf-8-lossy",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Utf16LeNoBom => "utf-16le (no BOM, detected)",
            Encoding::Utf16BeNoBom => "utf-16be (no BOM, detected)",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni-windows",
        }
    }
}

impl Encoding {
    /// Every encoding.
    pub const ALL: [Encoding; 10] = [
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Utf8Lossy,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Utf16LeNoBom,
        Encoding::Utf16BeNoBom,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Windows1258,
    ];

    /// The encoding a manifest names.
    pub fn from_name(name: &str) -> Option<Encoding> {
        Encoding::ALL.into_iter().find(|e| e.name() == name)
    }

    /// Encodings that decode any slice of bytes alike share a family (UTF-8
    /// with or without BOM, or lossy).
    pub fn family(self) -> Encoding {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom | Encoding::Utf8Lossy => Encoding::Utf8,
            Encoding::Utf16Le | Encoding::Utf16LeNoBom => Encoding::Utf16Le,
            Encoding::Utf16Be | Encoding::Utf16BeNoBom => Encoding::Utf16Be,
            e => e,
        }
    }
}

/// Decoded text with its map back to the original bytes.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text, as decoded (not normalized).
    pub text: String,
    /// Decoded offsets → original offsets.
    pub map: SourceMap,
    /// The encoding that was used.
    pub encoding: Encoding,
    /// Set when the encoding was a guess the detector is unsure of.
    pub note: Option<String>,
}

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

/// Decodes bytes: BOMs first, then UTF-8, then Windows-1258.
///
/// Binary input (NUL bytes without a UTF-16 BOM) is skipped; bytes that are
/// neither UTF-8 nor plausible Windows-1258 text fail.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Refusal> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(t) => Ok(Decoded {
                text: t.to_string(),
                map: SourceMap::Shift(3),
                encoding: Encoding::Utf8Bom,
                note: None,
            }),
            Err(_) => lossy_utf8(bytes, 3),
        };
    }
    if let Some(kind) = binary_magic(bytes) {
        return Err(Refusal::Skipped(format!("binary file ({kind})")));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return utf16(bytes, false);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return utf16(bytes, true);
    }
    if bytes.contains(&0) {
        // UTF-16 without a BOM: text whose every other byte is mostly zero.
        if let Some(big_endian) = utf16_without_bom(bytes) {
            let mut with_bom = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            with_bom.extend_from_slice(bytes);
            // Only text in Latin and Vietnamese ranges counts as UTF-16 text.
            let plausible = |d: &Decoded| {
                let n = d.text.chars().count().max(1);
                let latin = d
                    .text
                    .chars()
                    .filter(|&c| {
                        let u = c as u32;
                        u < 0x250 || (0x1E00..0x1F00).contains(&u) || (0x2000..0x2070).contains(&u)
                    })
                    .count();
                latin * 10 >= n * 9
            };
            if let Some(mut d) = utf16(&with_bom, big_endian).ok().filter(plausible) {
                if let SourceMap::Table(t) = &mut d.map {
                    for v in t.iter_mut() {
                        *v -= 2;
                    }
                }
                d.encoding = if big_endian {
                    Encoding::Utf16BeNoBom
                } else {
                    Encoding::Utf16LeNoBom
                };
                return Ok(d);
            }
        }
        return Err(Refusal::Skipped("binary file (contains NUL bytes)".into()));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(Decoded {
            text: t.to_string(),
            map: SourceMap::Shift(0),
            encoding: Encoding::Utf8,
            note: None,
        }),
        Err(_) => {
            // Mostly UTF-8 with a few bad bytes: keep it as UTF-8.
            let (good_multibyte, bad) = utf8_stats(bytes);
            if good_multibyte > 0 && bad <= good_multibyte {
                return lossy_utf8(bytes, 0);
            }
            legacy(bytes)
        }
    }
}

/// The kind of a binary file recognised by its first bytes.
fn binary_magic(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF"),
        (b"PK\x03\x04", "ZIP or office document"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"\x1F\x8B", "gzip"),
        (b"\xD0\xCF\x11\xE0", "legacy office document"),
        (b"\x7FELF", "executable"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, k)| *k)
}

/// `Some(big_endian)` when the bytes look like UTF-16 text without a BOM.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let half = bytes.len() / 2;
    let even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 >= half * 3 && even * 20 < half {
        Some(false)
    } else if even * 10 >= half * 3 && odd * 20 < half {
        Some(true)
    } else {
        None
    }
}

/// Counts valid multi-byte UTF-8 sequences and invalid bytes.
fn utf8_stats(bytes: &[u8]) -> (usize, usize) {
    let (mut good, mut bad) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += chunk.invalid().len();
    }
    (good, bad)
}

fn lossy_utf8(bytes: &[u8], skip: usize) -> Result<Decoded, Refusal> {
    let mut text = String::with_capacity(bytes.len());
    let mut table = Vec::with_capacity(bytes.len() + 1);
    let mut pos = skip;
    for chunk in bytes[skip..].utf8_chunks() {
        for c in chunk.valid().chars() {
            for _ in 0..c.len_utf8() {
                table.push(pos as u32);
            }
            text.push(c);
            pos += c.len_utf8();
        }
        for _ in chunk.invalid() {
            for _ in 0..3 {
                table.push(pos as u32);
            }
            text.push('\u{FFFD}');
            pos += 1;
        }
    }
    table.push(pos as u32);
    Ok(Decoded {
        text,
        map: SourceMap::Table(table),
        encoding: Encoding::Utf8Lossy,
        note: None,
    })
}

fn utf16(bytes: &[u8], big_endian: bool) -> Result<Decoded, Refusal> {
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return Err(Refusal::Failed(
            "UTF-16 text with an odd number of bytes (cut short)".into(),
        ));
    }
    let units = body.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut text = String::with_capacity(body.len());
    let mut table = Vec::with_capacity(body.len() + 1);
    let mut pos = 2usize;
    for r in char::decode_utf16(units) {
        let c = r.map_err(|e| {
            Refusal::Failed(format!(
                "invalid UTF-16: unpaired surrogate {:04X} at byte {pos}",
                e.unpaired_surrogate()
            ))
        })?;
        for _ in 0..c.len_utf8() {
            table.push(pos as u32);
        }
        text.push(c);
        pos += c.len_utf16() * 2;
    }
    table.push(pos as u32);
    Ok(Decoded {
        text,
        map: SourceMap::Table(table),
        encoding: if big_endian {
            Encoding::Utf16Be
        } else {
            Encoding::Utf16Le
        },
        note: None,
    })
}

/// Bytes that are not UTF-8: Windows-1258, TCVN3 or VNI-Windows, whichever
/// reads most like Vietnamese.
fn legacy(bytes: &[u8]) -> Result<Decoded, Refusal> {
    use crate::legacy::{decode_tcvn3, decode_vni, vietnamese_score, Piece};
    let from_pieces = |p: Vec<Piece>, encoding: Encoding| {
        let mut text = String::with_capacity(p.len() + 16);
        let mut table = Vec::with_capacity(p.len() + 16);
        for (c, a, _) in &p {
            for _ in 0..c.len_utf8() {
                table.push(*a as u32);
            }
            text.push(*c);
        }
        table.push(bytes.len() as u32);
        Decoded {
            text,
            map: SourceMap::Table(table),
            encoding,
            note: None,
        }
    };
    let mut candidates: Vec<Decoded> = Vec::new();
    if let Ok(d) = windows_1258(bytes) {
        candidates.push(d);
    }
    candidates.push(from_pieces(decode_tcvn3(bytes), Encoding::Tcvn3));
    candidates.push(from_pieces(decode_vni(bytes), Encoding::Vni));
    let mut scored: Vec<(f64, Decoded)> = candidates
        .into_iter()
        .map(|d| (vietnamese_score(&d.text), d))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut it = scored.into_iter();
    let Some((best, mut d)) = it.next() else {
        return Err(Refusal::Failed(
            "not UTF-8, and not a known Vietnamese encoding".into(),
        ));
    };
    let second = it.next().map(|x| x.0).unwrap_or(0.0);
    if best < 2.0 {
        if d.encoding != Encoding::Windows1258 {
            return Err(Refusal::Failed(
                "not UTF-8, and not plausible Vietnamese text in Windows-1258, TCVN3 or VNI".into(),
            ));
        }
        d.note = Some("encoding unsure: not UTF-8; read as Windows-1258, but the text does not read as Vietnamese".into());
    } else if best < second * 1.5 {
        d.note = Some(format!(
            "encoding unsure: {} chosen over a close second",
            d.encoding.name()
        ));
    }
    Ok(d)
}

fn windows_1258(bytes: &[u8]) -> Result<Decoded, Refusal> {
    let (cow, had_errors) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    let controls = cow
        .chars()
        .filter(|&c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C')) || c == '\u{FFFD}'
        })
        .count();
    if had_errors || controls * 100 > bytes.len().max(1) {
        return Err(Refusal::Failed(
            "not UTF-8, and not plausible Windows-1258 text".into(),
        ));
    }
    // Windows-1258 is a single-byte code page: char k comes from byte k.
    let mut table = Vec::with_capacity(cow.len() + 1);
    for (k, c) in cow.chars().enumerate() {
        for _ in 0..c.len_utf8() {
            table.push(k as u32);
        }
    }
    table.push(bytes.len() as u32);
    Ok(Decoded {
        text: cow.into_owned(),
        map: SourceMap::Table(table),
        encoding: Encoding::Windows1258,
        note: None,
    })
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

/// Files larger than this are read and extracted window by window, so that
/// memory stays bounded whatever their size.
pub const WINDOWED_FROM: u64 = 8 << 20;

/// Files that cannot be cut into windows (UTF-16, HTML) and are larger than
/// this are skipped: read whole, they would need many times their size.
pub const WHOLE_MAX: u64 = 64 << 20;

/// The size a window aims at (it ends at a line break, so it may be longer).
pub const WINDOW: usize = 128 << 10;

/// Whether a large file may be cut into windows, judged on its first bytes:
/// byte-oriented text (UTF-8 or a one-byte Vietnamese encoding) that is not
/// HTML. UTF-16, HTML and binary files are read whole.
pub fn windowable(path: &str, head: &[u8]) -> bool {
    !head.contains(&0)
        && binary_magic(head).is_none()
        && !looks_like_html(path, &String::from_utf8_lossy(head))
}

/// A line longer than this is cut into windows of about this size (so time
/// stays linear and memory bounded by the window, not the line).
pub const LONG_LINE: usize = 4 * WINDOW;

/// Where to cut `buf`, a piece of one over-long line, into a window: after
/// the last space or tab of its second half; else before its last ASCII
/// byte, or the last byte that starts a UTF-8 character (a cut there is a
/// character boundary in UTF-8 and in the one-byte encodings alike).
pub fn line_cut(buf: &[u8]) -> usize {
    let half = buf.len() / 2;
    let tail = &buf[half..];
    if let Some(k) = tail.iter().rposition(|&b| b == b' ' || b == b'\t') {
        return half + k + 1;
    }
    if let Some(k) = tail.iter().rposition(|&b| b < 0x80) {
        return half + k;
    }
    match tail.iter().rposition(|&b| b & 0xC0 != 0x80) {
        Some(k) if half + k > 0 => half + k,
        _ => buf.len(),
    }
}

/// Where a window (`buf`, which starts a line) changes encoding, when it
/// does: a line start (after LF, CRLF or a lone CR) between a part that is UTF-8 (multi-byte characters,
/// no invalid byte) and a part that reads as a one-byte encoding (more
/// invalid bytes than UTF-8 characters), in either order. The window is cut
/// there, so each part is decoded, and cited, in its own encoding. A few
/// stray invalid bytes in UTF-8 text (`utf-8-lossy`) do not cut it.
pub fn encoding_cut(buf: &[u8]) -> Option<usize> {
    let first_bad = match std::str::from_utf8(buf) {
        Ok(_) => return None,
        Err(e) => e.valid_up_to(),
    };
    // Some text in a one-byte encoding, not a few stray bytes.
    let legacy = |b: &[u8]| {
        let (good, bad) = utf8_stats(b);
        bad >= 16 && bad > good
    };
    let utf8 = |b: &[u8]| std::str::from_utf8(b).is_ok_and(|s| !s.is_ascii());
    // UTF-8, then the one-byte encoding from the line of the first bad byte.
    // Line breaks: LF, CRLF or a lone CR.
    let p = memchr::memrchr2(b'\n', b'\r', &buf[..first_bad]).map_or(0, |k| k + 1);
    if p > 0 && utf8(&buf[..p]) && legacy(&buf[p..]) {
        return Some(p);
    }
    // The one-byte encoding, then UTF-8 from the line after the last bad byte.
    let mut last_bad = 0;
    let mut at = 0;
    for chunk in buf.utf8_chunks() {
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            last_bad = at;
        }
        at += chunk.invalid().len();
    }
    let q = memchr::memchr2(b'\n', b'\r', &buf[last_bad..]).map(|k| {
        let k = last_bad + k;
        k + if buf[k] == b'\r' && buf.get(k + 1) == Some(&b'\n') {
            2
        } else {
            1
        }
    })?;
    (q < buf.len() && legacy(&buf[..q]) && utf8(&buf[q..])).then_some(q)
}

/// Where a window of `buf` (which starts a line) ends: after the last blank
/// line when one stands in its second half, else after the last line break;
/// `None` when `buf` has no line break yet (read more). A CR at the very end
/// is not a break: an LF may follow it.
pub fn window_cut(buf: &[u8]) -> Option<usize> {
    let (mut last, mut blank) = (None, None);
    let mut only_space = true;
    let mut k = 0;
    while k < buf.len() {
        let end = match buf[k] {
            b'\n' => Some(k + 1),
            b'\r' if k + 1 < buf.len() => {
                if buf[k + 1] == b'\n' {
                    k += 1;
                }
                Some(k + 1)
            }
            _ => None,
        };
        match end {
            Some(e) => {
                if only_space {
                    blank = Some(e);
                }
                last = Some(e);
                only_space = true;
            }
            None => {
                if !matches!(buf[k], b' ' | b'\t' | b'\r') {
                    only_space = false;
                }
            }
        }
        k += 1;
    }
    blank.filter(|&b| b >= buf.len() / 2).or(last)
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

/// One input file found by the walk.
#[derive(Clone, Debug)]
pub struct Input {
    /// Where to read it.
    pub fs_path: PathBuf,
    /// Named on the command line (followed even when it is a link).
    pub explicit: bool,
    /// How records and the manifest name it.
    pub display: String,
    /// Why the walk leaves it out unread (it is the output folder).
    pub skip: Option<&'static str>,
}

/// Walks the given paths (files or folders) in sorted, deterministic order,
/// lazily: a folder's listing is read as the walk reaches it, so memory
/// does not grow with the number of files.
///
/// Folders are walked recursively; an entry that cannot be listed comes as
/// an error (its path, why) where the walk met it, so that it reaches the
/// manifest. Links are yielded as files unless `follow`; when followed, a
/// link back to a folder being walked is reported as a loop. The folder
/// `skip` (the output folder, whose files are being written) is left out.
pub fn walk<'a>(
    roots: &'a [PathBuf],
    follow: bool,
    skip: Option<&'a Path>,
) -> impl Iterator<Item = std::result::Result<Input, (String, String)>> + Send + 'a {
    // The folder to leave out, if it exists (it may not yet).
    let skip = skip.and_then(|p| same_file::Handle::from_path(p).ok());
    let skip = std::sync::Arc::new(skip);
    roots.iter().flat_map(move |root| {
        let one: Box<dyn Iterator<Item = _> + Send> = if root.is_dir() {
            Box::new(Walk::new(root.clone(), follow, skip.clone()))
        } else {
            Box::new(std::iter::once(Ok(Input {
                display: display_path(root),
                fs_path: root.clone(),
                explicit: true,
                skip: None,
            })))
        };
        one
    })
}

/// A recursive, sorted walk of one folder.
///
/// Written here rather than taken from walkdir because a sorted walkdir
/// holds a whole folder as `DirEntry`s (a path allocation and metadata,
/// about 140 bytes each): a flat folder of 40,000 articles cost 5 MB, and
/// memory grew with the corpus. A [`Listing`] keeps only the names, packed,
/// about 20 bytes an entry.
struct Walk {
    /// Folders being walked, outermost first.
    stack: Vec<Listing>,
    follow: bool,
    /// The root, until it is listed.
    root: Option<PathBuf>,
    /// A folder not to walk.
    skip: std::sync::Arc<Option<same_file::Handle>>,
}

/// One folder's entries, sorted by name.
struct Listing {
    dir: PathBuf,
    /// Every name, one after the other.
    names: Vec<u8>,
    /// Where each name lies in `names`, and what it is; sorted by name.
    entries: Vec<(u32, u32, Kind)>,
    next: usize,
    /// The folder itself, to find loops when links are followed.
    id: Option<same_file::Handle>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Dir,
    Link,
    Other,
}

impl Walk {
    fn new(root: PathBuf, follow: bool, skip: std::sync::Arc<Option<same_file::Handle>>) -> Walk {
        Walk {
            stack: Vec::new(),
            follow,
            root: Some(root),
            skip,
        }
    }

    /// Lists `dir` and pushes it (`true`), or not when it is the folder to
    /// skip (`false`; a root never is: the caller refuses that case before
    /// walking), or says why it cannot.
    fn descend(&mut self, dir: PathBuf, root: bool) -> std::result::Result<bool, (String, String)> {
        let fail = |dir: &Path, e: std::io::Error| (display_path(dir), e.to_string());
        let mut id = None;
        if self.follow || self.skip.is_some() {
            let h = same_file::Handle::from_path(&dir).map_err(|e| fail(&dir, e))?;
            if !root && self.skip.as_ref().as_ref() == Some(&h) {
                return Ok(false);
            }
            if let Some(up) = self.stack.iter().find(|l| l.id.as_ref() == Some(&h)) {
                let why = format!(
                    "file system loop: {} points to an ancestor {}",
                    display_path(&dir),
                    display_path(&up.dir)
                );
                return Err((display_path(&dir), why));
            }
            id = self.follow.then_some(h);
        }
        let mut names = Vec::new();
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(|e| fail(&dir, e))? {
            let entry = entry.map_err(|e| fail(&dir, e))?;
            let kind = match entry.file_type() {
                Ok(t) if t.is_dir() => Kind::Dir,
                Ok(t) if t.is_symlink() => Kind::Link,
                _ => Kind::Other,
            };
            let name = entry.file_name();
            let start = names.len();
            names.extend_from_slice(name.as_encoded_bytes());
            match (u32::try_from(start), u32::try_from(names.len())) {
                (Ok(a), Ok(b)) => entries.push((a, b, kind)),
                _ => {
                    let why = "folder listing too large (over 4 GB of names)".to_string();
                    return Err((display_path(&dir), why));
                }
            }
        }
        let name = |&(a, b, _): &(u32, u32, Kind)| &names[a as usize..b as usize];
        entries.sort_unstable_by(|x, y| name(x).cmp(name(y)));
        names.shrink_to_fit();
        entries.shrink_to_fit();
        self.stack.push(Listing {
            dir,
            names,
            entries,
            next: 0,
            id,
        });
        Ok(true)
    }
}

impl Iterator for Walk {
    type Item = std::result::Result<Input, (String, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(root) = self.root.take() {
            if let Err(e) = self.descend(root, true) {
                return Some(Err(e));
            }
        }
        loop {
            let top = self.stack.last_mut()?;
            let Some(&(a, b, kind)) = top.entries.get(top.next) else {
                self.stack.pop();
                continue;
            };
            top.next += 1;
            let path = top.dir.join(os_name(&top.names[a as usize..b as usize]));
            let dir = match kind {
                Kind::Dir => true,
                Kind::Link if self.follow => match std::fs::metadata(&path) {
                    Ok(m) => m.is_dir(),
                    Err(e) => return Some(Err((display_path(&path), e.to_string()))),
                },
                _ => false,
            };
            let mut skip = None;
            if dir {
                match self.descend(path.clone(), false) {
                    Ok(true) => continue,
                    Ok(false) => skip = Some("the output folder, not read"),
                    Err(e) => return Some(Err(e)),
                }
            }
            return Some(Ok(Input {
                display: display_path(&path),
                fs_path: path,
                explicit: false,
                skip,
            }));
        }
    }
}

/// A name taken from [`std::ffi::OsStr::as_encoded_bytes`], back as an `OsStr`.
fn os_name(bytes: &[u8]) -> &std::ffi::OsStr {
    #[cfg(unix)]
    {
        std::os::unix::ffi::OsStrExt::from_bytes(bytes)
    }
    #[cfg(not(unix))]
    {
        // SAFETY: `bytes` is one whole name from `as_encoded_bytes`.
        unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(bytes) }
    }
}

/// A path as records and the manifest name it: as written when it is UTF-8
/// without a backslash; else each byte that is not valid written as
/// `\x{HH}` and each backslash doubled, so that no two names read the same
/// (a name holding a literal `\x{FF}` is `\\x{FF}`). [`fs_path`] undoes it.
pub fn display_path(p: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = p.as_os_str().as_bytes();
        if let Ok(s) = std::str::from_utf8(bytes) {
            if !s.contains('\\') {
                return s.to_string();
            }
        }
        let mut out = String::new();
        for chunk in bytes.utf8_chunks() {
            out.push_str(&chunk.valid().replace('\\', "\\\\"));
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{{{b:02X}}}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned()
    }
}

/// The file a displayed path names (undoing [`display_path`]'s escapes).
pub fn fs_path(display: &str) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if display.contains('\\') {
            let b = display.as_bytes();
            let mut bytes = Vec::with_capacity(b.len());
            let mut k = 0;
            while k < b.len() {
                if b[k] == b'\\' {
                    if b.get(k + 1) == Some(&b'\\') {
                        bytes.push(b'\\');
                        k += 2;
                        continue;
                    }
                    let hex = display
                        .get(k + 3..k + 5)
                        .filter(|_| display[k..].starts_with("\\x{"))
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    if let (Some(v), Some(b'}')) = (hex, b.get(k + 5)) {
                        bytes.push(v);
                        k += 6;
                        continue;
                    }
                }
                bytes.push(b[k]);
                k += 1;
            }
            return PathBuf::from(std::ffi::OsStr::from_bytes(&bytes));
        }
    }
    PathBuf::from(display)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(root: &Path, follow: bool) -> Vec<String> {
        let roots = [root.to_path_buf()];
        walk(&roots, follow, None)
            .map(|r| match r {
                Ok(i) => i.display[root.as_os_str().len()..].to_string(),
                Err((p, why)) => format!("error {}: {}", &p[root.as_os_str().len()..], why),
            })
            .collect()
    }

    #[test]
    fn walk_is_depth_first_in_byte_order_of_names() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "b.txt",
            "a0.txt",
            "a/z.txt",
            "a/c/d.txt",
            "B.txt",
            "ạ.txt",
            "a/.h",
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::create_dir(d.path().join("empty")).unwrap();
        let want = [
            "/B.txt",
            "/a/.h",
            "/a/c/d.txt",
            "/a/z.txt",
            "/a0.txt",
            "/b.txt",
            "/ạ.txt",
        ];
        assert_eq!(walked(d.path(), false), want);
        assert_eq!(walked(d.path(), true), want);
    }

    #[cfg(unix)]
    #[test]
    fn followed_links_are_walked_and_loops_reported() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("in/sub")).unwrap();
        std::fs::create_dir_all(d.path().join("other")).unwrap();
        std::fs::write(d.path().join("in/sub/a.txt"), "x").unwrap();
        std::fs::write(d.path().join("other/o.txt"), "x").unwrap();
        std::os::unix::fs::symlink(d.path().join("in"), d.path().join("in/sub/up")).unwrap();
        std::os::unix::fs::symlink(d.path().join("other"), d.path().join("in/x")).unwrap();
        let root = d.path().join("in");
        assert_eq!(walked(&root, false), ["/sub/a.txt", "/sub/up", "/x"]);
        let followed = walked(&root, true);
        assert_eq!(followed.len(), 3, "{followed:?}");
        assert_eq!(followed[0], "/sub/a.txt");
        assert!(
            followed[1].starts_with("error /sub/up: file system loop"),
            "{followed:?}"
        );
        assert_eq!(followed[2], "/x/o.txt");
    }

    #[cfg(unix)]
    #[test]
    fn displayed_names_are_apart_and_read_back() {
        use std::os::unix::ffi::OsStrExt;
        let names: [&[u8]; 9] = [
            b"a.txt",
            "tỉnh.txt".as_bytes(),
            b"\\x{FF}.txt",
            b"\xFF.txt",
            b"\\x{41}",
            b"A",
            b"a\\b",
            b"a\\\\b",
            b"\\",
        ];
        let shown: Vec<String> = names
            .iter()
            .map(|n| display_path(Path::new(std::ffi::OsStr::from_bytes(n))))
            .collect();
        for (n, s) in names.iter().zip(&shown) {
            assert_eq!(fs_path(s).as_os_str().as_bytes(), *n, "{s}");
        }
        let mut apart = shown.clone();
        apart.sort();
        apart.dedup();
        assert_eq!(apart.len(), names.len(), "{shown:?}");
        assert_eq!(shown[1], "tỉnh.txt");
        assert_eq!(shown[2], "\\\\x{FF}.txt");
        assert_eq!(shown[3], "\\x{FF}.txt");
    }

    #[test]
    fn windows_end_after_a_blank_line_or_a_line_break() {
        // A blank line in the second half wins over later single breaks.
        let b = b"first line\nsecond line\n\nthird\nfourth";
        assert_eq!(window_cut(b), Some(24));
        assert_eq!(&b[24..], b"third\nfourth");
        // A blank line too early: the last break instead.
        let b = b"\n\nalpha beta gamma delta\nepsilon zeta";
        assert_eq!(window_cut(b).map(|c| &b[c..]), Some(&b"epsilon zeta"[..]));
        // CRLF and CR-only breaks; a CR at the very end may be half a CRLF.
        assert_eq!(window_cut(b"one\r\n\r\ntwo three four"), Some(7));
        assert_eq!(window_cut(b"one\rtwo"), Some(4));
        assert_eq!(window_cut(b"one two\r"), None);
        assert_eq!(window_cut(b"no break at all"), None);
        // A line of spaces is blank.
        assert_eq!(window_cut(b"aaaa\n  \t\nbb"), Some(9));
    }

    #[test]
    fn windows_are_cut_where_the_encoding_changes() {
        let utf8 = "Tỷ lệ đạt 61%.\nNăm 2023 đạt 70%.\n".repeat(3);
        let w1258 = b"Ty\xD2 l\xEA\xF2 \xF0a\xF2t 61%.\n".repeat(4);
        let mut a = utf8.as_bytes().to_vec();
        a.extend_from_slice(&w1258);
        assert_eq!(encoding_cut(&a), Some(utf8.len()));
        let mut b = w1258.clone();
        b.extend_from_slice(utf8.as_bytes());
        assert_eq!(encoding_cut(&b), Some(w1258.len()));
        // Stray bad bytes in UTF-8 text, even on an ASCII line: no cut (the
        // window is read as utf-8-lossy).
        let mut c = utf8.as_bytes().to_vec();
        c.insert(utf8.len() / 2, 0xFF);
        assert_eq!(encoding_cut(&c), None);
        let mut d = utf8.as_bytes().to_vec();
        d.extend_from_slice(b"Ascii line \xFF\xFE with two stray bytes.\n");
        d.extend_from_slice(utf8.as_bytes());
        assert_eq!(encoding_cut(&d), None);
        assert_eq!(encoding_cut(utf8.as_bytes()), None);
        assert_eq!(encoding_cut(&w1258), None);
        // CR-only and CRLF line ends.
        let cr = |b: &[u8], to: &[u8]| {
            let mut v = Vec::new();
            for &c in b {
                if c == b'\n' {
                    v.extend_from_slice(to);
                } else {
                    v.push(c);
                }
            }
            v
        };
        for end in [&b"\r"[..], b"\r\n"] {
            let (u, w) = (cr(utf8.as_bytes(), end), cr(&w1258, end));
            let mut a = u.clone();
            a.extend_from_slice(&w);
            assert_eq!(encoding_cut(&a), Some(u.len()));
            let mut b = w.clone();
            b.extend_from_slice(&u);
            assert_eq!(encoding_cut(&b), Some(w.len()));
        }
    }

    #[test]
    fn long_lines_are_cut_at_a_space_or_a_character_boundary() {
        let line = "đạt 51,4% và ".repeat(100);
        let b = line.as_bytes();
        let k = line_cut(b);
        assert!(k > b.len() / 2 && b[k - 1] == b' ', "{k}");
        let no_space = "đạtđạtđạt1".repeat(50);
        let k = line_cut(no_space.as_bytes());
        assert!(no_space.is_char_boundary(k) && k > no_space.len() / 2);
        let only_letters = "đạt".repeat(100);
        let k = line_cut(only_letters.as_bytes());
        assert!(only_letters.is_char_boundary(k) && k > 0 && k < only_letters.len());
    }

    #[test]
    fn only_one_byte_text_is_windowed() {
        assert!(windowable("a.txt", "Tỷ lệ đạt 73%.\n".as_bytes()));
        assert!(windowable("a.txt", b"T\xf7 l\xec")); // Windows-1258 bytes
        assert!(!windowable("a.txt", b"\xff\xfeT\0"));
        assert!(!windowable("a.txt", b"T\0y\0"));
        assert!(!windowable("a.html", b"<p>text</p>"));
        assert!(!windowable("a.txt", b"<!DOCTYPE html><p>"));
        assert!(!windowable("a.txt", b"%PDF-1.7 ..."));
    }

    #[test]
    fn utf8_bom_shifts_by_three() {
        let d = decode("\u{FEFF}61%".as_bytes()).unwrap();
        assert_eq!(d.text, "61%");
        assert_eq!(d.map.orig(0), 3);
        assert_eq!(d.encoding, Encoding::Utf8Bom);
    }

    #[test]
    fn utf16_maps_back_to_original_bytes() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "đạt 61%".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "đạt 61%");
        let i = d.text.find("61").unwrap();
        assert_eq!(d.map.orig(i), 2 + 4 * 2);
        assert_eq!(d.map.orig(d.text.len()), bytes.len());
    }

    #[test]
    fn windows_1258_is_one_byte_per_char() {
        // "Tỷ lệ đạt 61%" with tone marks as combining bytes (0xD2 hook, 0xF2 dot below).
        let bytes = b"Ty\xD2 l\xEA\xF2 \xF0a\xF2t 61%".to_vec();
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, Encoding::Windows1258);
        let i = d.text.find("61").unwrap();
        assert_eq!(&bytes[d.map.orig(i)..d.map.orig(i) + 3], b"61%");
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let mut bytes = Vec::new();
        for u in "Tỷ lệ đạt 61% trong năm".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, Encoding::Utf16LeNoBom);
        let i = d.text.find("61").unwrap();
        assert_eq!(d.map.orig(i), "Tỷ lệ đạt ".encode_utf16().count() * 2);
    }

    #[test]
    fn legacy_encodings_are_detected() {
        let vni = b"Ty\xfb le\xe4 ng\xf6\xf4\xf8i da\xe2n co\xf9 \xf1ie\xe4n thoa\xefi tho\xe2ng minh cu\xfba t\xe6nh \xf1a\xeft 61% va\xf8 ca\xf9c huye\xe4n \xf1a\xeft 50%.";
        let d = decode(vni).unwrap();
        assert_eq!(d.encoding, Encoding::Vni);
        assert!(
            d.text.contains("điện thoại thông minh của tỉnh đạt 61%"),
            "{}",
            d.text
        );
        let i = d.text.find("61%").unwrap();
        assert_eq!(&vni[d.map.orig(i)..d.map.orig(i + 3)], b"61%");
        let tcvn = crate::legacy::encode_tcvn3(
            "tỷ lệ người dân có điện thoại thông minh của tỉnh đạt 61% và các huyện đạt 50%.",
        )
        .unwrap();
        let tcvn = tcvn.as_slice();
        let d = decode(tcvn).unwrap();
        assert_eq!(d.encoding, Encoding::Tcvn3, "{}", d.text);
        assert!(d.text.contains("của tỉnh đạt 61%"), "{}", d.text);
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert!(matches!(
            decode(b"PK\x03\x04\0\0"),
            Err(Refusal::Skipped(_))
        ));
    }

    #[test]
    fn a_few_bad_bytes_stay_utf8() {
        let mut b = "Tỷ lệ người dân đạt 61% và hộ gia đình đạt 50%"
            .as_bytes()
            .to_vec();
        b.insert(5, 0xFF);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8Lossy);
        let i = d.text.find("61%").unwrap();
        assert_eq!(&b[d.map.orig(i)..d.map.orig(i + 3)], b"61%");
    }
}
