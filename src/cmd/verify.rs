//! `solieu verify RECORDS`: re-read every cited file, check its sha256 and that
//! the cited bytes still equal each quote, at the line and column the record
//! says; check that ids are the documented hash and unique, and — with the
//! manifest beside the records — that the records file is the one the
//! manifest belongs to and holds as many records per file as it says.
//!
//! The records are untrusted input: cited paths are read only when they are
//! regular files under the root (`--root`, default the current folder; an
//! absolute path, a `..` or a link leading out is refused unless
//! `--allow-outside`), never opened when they are FIFOs or devices, and no
//! message prints file bytes (only the quote the record gave).
//!
//! Records are streamed: memory holds one line, the file it cites, the
//! manifest's counts and 8 bytes per record id. Takes a records file (and
//! the manifest beside it, or the stream input); gives one line per problem
//! on standard output and the exit code. Citations are checked by
//! `cite::check`, as `extract` made them.

use crate::exit::Exit;
use anyhow::Context;
use solieu::cite::{check, Lines};
use solieu::emit::JsonLines;
use solieu::ingest::{decode, sha256_hex, Decoded, Document, Encoding, SourceMap};
use solieu::record::{record_id, Entry, Manifest, Record};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Where cited files may be read.
pub struct Scope {
    /// The folder relative paths are read from.
    pub root: PathBuf,
    /// Its canonical form (links resolved), to refuse paths leading out.
    canonical: PathBuf,
    /// Read absolute paths, `..` and links out of the root too.
    pub allow_outside: bool,
}

impl Scope {
    /// The scope of a root folder.
    pub fn new(root: &Path, allow_outside: bool) -> anyhow::Result<Scope> {
        let canonical = root
            .canonicalize()
            .with_context(|| format!("--root {}", root.display()))?;
        Ok(Scope {
            root: root.to_path_buf(),
            canonical,
            allow_outside,
        })
    }

    /// The bytes of the file a record names, or why they are not read.
    fn read(&self, display: &str) -> Result<Vec<u8>, String> {
        let p = solieu::ingest::fs_path(display);
        let outside = "outside the root: refused (use --root, or --allow-outside)";
        if !self.allow_outside
            && (p.is_absolute()
                || p.components()
                    .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)))
        {
            return Err(format!("{outside}: an absolute path or '..'"));
        }
        let full = self.root.join(&p);
        let canonical = full.canonicalize().map_err(|e| format!("missing: {e}"))?;
        if !self.allow_outside && !canonical.starts_with(&self.canonical) {
            return Err(format!("{outside}: a link leads out of it"));
        }
        let meta = std::fs::metadata(&canonical).map_err(|e| format!("missing: {e}"))?;
        if !meta.is_file() {
            return Err("not a regular file: not read".into());
        }
        let mut opts = std::fs::OpenOptions::new();
        opts.read(true);
        #[cfg(unix)]
        {
            // A FIFO swapped in after the check must not block the open.
            use std::os::unix::fs::OpenOptionsExt;
            opts.custom_flags(libc::O_NONBLOCK);
        }
        let f = opts.open(&canonical).map_err(|e| format!("missing: {e}"))?;
        let meta = f.metadata().map_err(|e| format!("cannot read: {e}"))?;
        if !meta.is_file() {
            return Err("not a regular file: not read".into());
        }
        // Read no more than the file's size when checked (it may grow).
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        f.take(meta.len())
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read: {e}"))?;
        Ok(bytes)
    }
}

/// The cited file, read once for the run of records that cite it.
struct Cited {
    path: String,
    /// The file (its bytes, sha256 and detected encoding) with its line
    /// index; `None` when it cannot be read or decoded (already reported).
    read: Option<(Document, Lines)>,
    /// Whether a changed sha256 was reported.
    stale: bool,
    /// The last (line, offset, column) found in a file read in several
    /// encodings: columns are counted onward from it.
    column: Option<(usize, usize, usize)>,
}

impl Cited {
    fn open(path: &str, scope: &Scope) -> anyhow::Result<Cited> {
        Cited::from_read(path, scope.read(path))
    }

    /// A cited document whose bytes were read (or why not).
    fn from_read(path: &str, read: Result<Vec<u8>, String>) -> anyhow::Result<Cited> {
        let read = match read {
            Ok(bytes) => {
                let sha256 = sha256_hex(&bytes);
                let encoding = match decode(&bytes) {
                    Ok(d) => Some(d.encoding),
                    Err(e) => {
                        out!("{path}: cannot be decoded any more: {e:?}");
                        None
                    }
                };
                encoding.map(|encoding| {
                    let doc = Document {
                        path: path.to_string(),
                        bytes,
                        sha256,
                        decoded: Decoded {
                            text: String::new(),
                            map: SourceMap::Shift(0),
                            encoding,
                            note: None,
                        },
                        html: false,
                    };
                    let lines = Lines::new(&doc);
                    (doc, lines)
                })
            }
            Err(why) => {
                out!("{path}: {why}");
                None
            }
        };
        Ok(Cited {
            path: path.to_string(),
            read,
            stale: false,
            column: None,
        })
    }
}

/// At most `n` characters of a text given in a record, for a message.
fn short(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((k, _)) => format!("{}…", &s[..k]),
        None => s.to_string(),
    }
}

/// The manifest beside the records, when there is one.
fn manifest_beside(records: &Path) -> anyhow::Result<Option<Manifest>> {
    let path = records
        .parent()
        .unwrap_or(Path::new("."))
        .join("manifest.json");
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .with_context(|| format!("{} is not a manifest", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Hex sha256 of a file, streamed.
fn file_sha256(path: &Path) -> std::io::Result<String> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    std::io::copy(&mut std::fs::File::open(path)?, &mut h)?;
    Ok(hex::encode(h.finalize()))
}

/// The documents of an `extract --input-jsonl` input, read forward as the
/// records (in input order) name them.
struct InputDocs {
    lines: JsonLines<Box<dyn std::io::BufRead>>,
    name: String,
}

/// The part of an input line `verify --input-jsonl` needs.
#[derive(serde::Deserialize)]
struct InputDoc {
    id: crate::cmd::stream::StreamId,
    text: String,
}

impl InputDocs {
    fn open(path: &Path) -> anyhow::Result<InputDocs> {
        let reader: Box<dyn std::io::BufRead> = if path.as_os_str() == "-" {
            Box::new(std::io::BufReader::new(std::io::stdin()))
        } else {
            Box::new(std::io::BufReader::new(
                std::fs::File::open(path)
                    .with_context(|| format!("cannot read {}", path.display()))?,
            ))
        };
        Ok(InputDocs {
            lines: JsonLines::new(reader),
            name: path.display().to_string(),
        })
    }

    /// The UTF-8 text of the next document with this id, or why there is none.
    fn find(&mut self, id: &str) -> anyhow::Result<Result<Vec<u8>, String>> {
        let name = &self.name;
        while let Some(line) = self
            .lines
            .next_line()
            .with_context(|| format!("cannot read {name}"))?
        {
            if let Ok(d) = serde_json::from_slice::<InputDoc>(line.bytes) {
                if d.id.into_string() == id {
                    return Ok(Ok(d.text.into_bytes()));
                }
            }
        }
        Ok(Err(format!(
            "no document with this id in {name} (after the one before it: records are in input order)"
        )))
    }
}

/// Checks every record; prints each problem; exit 1 when any is found.
/// `records` may be the output folder (its `records.jsonl`); with `input`,
/// they are stream output, checked against the documents of that stream.
pub fn run(records: &Path, scope: &Scope, input: Option<&Path>) -> anyhow::Result<Exit> {
    let records = records_file(records)?;
    let records = records.as_path();
    let cannot = || format!("cannot read {}", records.display());
    let mut problems = 0usize;
    let mut docs = input.map(InputDocs::open).transpose()?;
    // Stream output has no manifest (one beside it belongs to another run).
    let manifest = match docs {
        Some(_) => None,
        None => manifest_beside(records)?,
    };
    // Per file: the manifest's entry and the records found for it.
    let mut entries: HashMap<String, (Entry, usize)> = HashMap::new();
    if let Some(m) = manifest {
        problems += check_records_sha(&m, records)?;
        entries = m
            .files
            .into_iter()
            .map(|e| (e.path.clone(), (e, 0)))
            .collect();
    }
    let have_manifest = !entries.is_empty();
    let mut lines = JsonLines::open(records).with_context(cannot)?;
    let (mut checked, mut files, mut unchecked) = (0usize, 0usize, 0usize);
    let mut ids: HashSet<u64> = HashSet::new();
    let mut cited: Option<Cited> = None;
    while let Some(line) = lines.next_line().with_context(cannot)? {
        let n = line.number;
        let r = match serde_json::from_slice::<Record>(line.bytes) {
            Ok(r) => r,
            Err(e) => {
                problems += 1;
                out!("{}:{n}: not a record: {e}", records.display());
                continue;
            }
        };
        let c = &r.citation;
        let at = format!("{}:{}:{}", short(&r.doc.path, 200), c.line, c.column);
        problems += check_id(&r, &at, n, &mut ids)?;
        if have_manifest {
            match entries.get_mut(&r.doc.path) {
                Some((_, count)) => *count += 1,
                None => {
                    problems += 1;
                    out!("{at}: the manifest has no entry for this file (record on line {n})");
                }
            }
        }
        if r.doc.path == "-" && docs.is_none() {
            // Standard input of `extract -`: there is nothing to re-read.
            unchecked += 1;
            continue;
        }
        // extract writes a file's records together: each file is read once.
        if cited.as_ref().is_none_or(|c| c.path != r.doc.path) {
            cited = Some(match docs.as_mut() {
                Some(d) => Cited::from_read(&r.doc.path, d.find(&r.doc.path)?)?,
                None => Cited::open(&r.doc.path, scope)?,
            });
            files += 1;
        }
        let Some(cf) = cited.as_mut() else { continue };
        checked += 1;
        problems += check_citation(&r, &at, n, cf, &entries)?;
    }
    problems += check_counts(&entries)?;
    if unchecked > 0 {
        out!("-: {unchecked} citations of standard input cannot be re-read (ids checked only)");
    }
    out!("{checked} citations in {files} files checked, {problems} problems");
    Ok(Exit::failed_if(problems != 0))
}

/// Whether the records are the ones the manifest beside them belongs to: the
/// problems found (said on standard output).
fn check_records_sha(m: &Manifest, records: &Path) -> anyhow::Result<usize> {
    let cannot = || format!("cannot read {}", records.display());
    let mut problems = 0;
    match &m.records_sha256 {
        Some(want) => {
            let got = file_sha256(records).with_context(cannot)?;
            if got != *want {
                problems += 1;
                out!(
                    "{}: not the records the manifest beside it belongs to \
                     (sha256 {got}, the manifest says {want})",
                    records.display()
                );
            }
        }
        None => out!(
            "{}: the manifest beside it names no records sha256 (an older run)",
            records.display()
        ),
    }
    Ok(problems)
}

/// The id: the documented hash, and never twice. The problems found.
fn check_id(r: &Record, at: &str, n: usize, ids: &mut HashSet<u64>) -> anyhow::Result<usize> {
    let c = &r.citation;
    let mut problems = 0;
    let want = record_id(&r.doc.path, &r.doc.sha256, c.start, c.end, &r.kind);
    if r.id != want {
        problems += 1;
        out!(
            "{at}: id {} is not the hash of its path, sha256, span and kind (record on line {n})",
            short(&r.id, 40)
        );
    }
    // Ids name the document's path: an id is never twice in one run.
    if let (Ok(id), 16) = (u64::from_str_radix(&r.id, 16), r.id.len()) {
        if !ids.insert(id) {
            problems += 1;
            out!("{at}: record {} is there twice (line {n})", r.id);
        }
    }
    Ok(problems)
}

/// One record's citation against the file it cites: its hash, its bytes,
/// its line and column. The problems found.
fn check_citation(
    r: &Record,
    at: &str,
    n: usize,
    cf: &mut Cited,
    entries: &HashMap<String, (Entry, usize)>,
) -> anyhow::Result<usize> {
    let c = &r.citation;
    let mut problems = 0;
    let Some((doc, index)) = &mut cf.read else {
        return Ok(1);
    };
    if r.doc.sha256 != doc.sha256 && !cf.stale {
        out!("{}: stale: sha256 is now {}", cf.path, doc.sha256);
        cf.stale = true;
        problems += 1;
    }
    // A windowed file may have been read in more than one encoding:
    // the manifest says which bytes in which.
    let detected = doc.decoded.encoding;
    let enc: Encoding = entries
        .get(&r.doc.path)
        .filter(|(e, _)| !e.windows.is_empty())
        .and_then(|(e, _)| e.encoding_at(c.start))
        .unwrap_or(detected);
    if let Some(why) = check(&doc.bytes, enc, c) {
        problems += 1;
        out!("{at}: {why} (record {} on line {n})", short(&r.id, 40));
        return Ok(problems);
    }
    let windows = entries
        .get(&r.doc.path)
        .map(|(e, _)| e.windows.as_slice())
        .unwrap_or_default();
    let (line_no, column) = if windows.is_empty() {
        index.at(doc, c.start)
    } else {
        // A file read in several encodings: its columns count each
        // part of a line in its own encoding, as extract did.
        let (line_no, _) = index.at(doc, c.start);
        let ls = index.line_start(c.start);
        let (from, base) = match cf.column {
            Some((l, off, col)) if l == line_no && off >= ls && off <= c.start => (off, col),
            _ => (ls, 1),
        };
        let mut col = base;
        for w in windows {
            let (a, b) = ((w.start as usize).max(from), (w.end as usize).min(c.start));
            if a < b {
                let e = Encoding::from_name(&w.encoding).unwrap_or(detected);
                col += solieu::cite::decode_slice(&doc.bytes[a..b], e)
                    .chars()
                    .count();
            }
        }
        cf.column = Some((line_no, c.start, col));
        (line_no, col)
    };
    if (line_no, column) != (c.line, c.column) {
        problems += 1;
        out!(
            "{at}: the quote stands at {line_no}:{column}, not {}:{} (record {} on line {n})",
            c.line,
            c.column,
            short(&r.id, 40)
        );
    }
    Ok(problems)
}

/// Each file's records counted against its manifest entry. The problems found.
fn check_counts(entries: &HashMap<String, (Entry, usize)>) -> anyhow::Result<usize> {
    let mut problems = 0;
    for (path, (e, count)) in entries {
        if *count != e.records {
            problems += 1;
            out!(
                "{path}: {count} records, the manifest says {} (records deleted, added or duplicated)",
                e.records
            );
        }
    }
    Ok(problems)
}

/// The records file: `records` itself, or a folder's `records.jsonl`; it
/// must be a regular file.
fn records_file(records: &Path) -> anyhow::Result<PathBuf> {
    let records = if records.is_dir() {
        records.join("records.jsonl")
    } else {
        records.to_path_buf()
    };
    let cannot = || format!("cannot read {}", records.display());
    let meta = std::fs::metadata(&records).with_context(cannot)?;
    if !meta.is_file() {
        anyhow::bail!("{}: not a regular file", records.display());
    }
    Ok(records)
}
