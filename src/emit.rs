//! Emit: records as JSON Lines and the manifest, written into a run folder
//! and committed together ([`OutputSet`]), so a crash
//! never leaves a half-written file.

use crate::error::{Error, Result};
use crate::record::Record;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Status of one input file.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read and extracted.
    Ok,
    /// Left out by design (binary, too large).
    Skipped,
    /// Could not be read or decoded.
    Failed,
}

/// One manifest entry.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    /// The path as found under the input root.
    pub path: String,
    /// Hex sha256 of the original bytes (null when unreadable).
    pub sha256: Option<String>,
    /// Size in bytes (null when unreadable).
    pub bytes: Option<u64>,
    /// Detected encoding (null when not decoded).
    pub encoding: Option<String>,
    /// Whether the file was read as HTML.
    pub html: bool,
    /// `ok`, `skipped` or `failed`.
    pub status: Status,
    /// Why the file is not `ok`, or a note on an `ok` file.
    pub reason: Option<String>,
    /// Records written for this file.
    pub records: usize,
    /// Figures dropped because their citation would not hold.
    pub dropped: usize,
    /// Records kept from the previous run (`--incremental`, same sha256).
    #[serde(default)]
    pub reused: bool,
    /// For a large file whose windows were decoded in different encodings
    /// (`encoding` is then `mixed`): which bytes were read in which encoding,
    /// so each citation is checked with the encoding of its own bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<WindowEncoding>,
}

/// A run of a windowed file's bytes decoded in one encoding.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WindowEncoding {
    /// First byte.
    pub start: u64,
    /// End byte (exclusive).
    pub end: u64,
    /// The encoding's manifest name.
    pub encoding: String,
}

impl Entry {
    /// The encoding the bytes at `offset` were read in, when the manifest
    /// says (`None`: the file's encoding is to be detected from its bytes).
    pub fn encoding_at(&self, offset: usize) -> Option<crate::ingest::Encoding> {
        let name = match self
            .windows
            .iter()
            .find(|w| (w.start..w.end).contains(&(offset as u64)))
        {
            Some(w) => &w.encoding,
            None => self.encoding.as_ref()?,
        };
        crate::ingest::Encoding::from_name(name)
    }
}

/// Totals over the run.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Totals {
    /// Input files.
    pub files: usize,
    /// Files read and extracted.
    pub ok: usize,
    /// Files skipped by design.
    pub skipped: usize,
    /// Files that failed.
    pub failed: usize,
    /// Records written.
    pub records: usize,
    /// Input bytes.
    pub bytes: u64,
    /// Figures dropped because their citation would not hold (a bug to
    /// report: none should ever be).
    #[serde(default)]
    pub dropped: usize,
}

impl Totals {
    /// Counts one more file.
    pub fn add(&mut self, e: &Entry) {
        self.files += 1;
        match e.status {
            Status::Ok => self.ok += 1,
            Status::Skipped => self.skipped += 1,
            Status::Failed => self.failed += 1,
        }
        self.records += e.records;
        self.dropped += e.dropped;
        self.bytes += e.bytes.unwrap_or(0);
    }
}

/// The manifest written next to `records.jsonl`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// `solieu`.
    pub tool: String,
    /// The tool's version.
    pub version: String,
    /// Record schema version.
    pub schema: String,
    /// Fingerprint of the patterns the records came from
    /// ([`crate::rules::Catalog::fingerprint`]; empty in older manifests).
    #[serde(default)]
    pub patterns: String,
    /// One entry per input file, in input order.
    pub files: Vec<Entry>,
    /// Totals.
    pub totals: Totals,
    /// Hex sha256 of the `records.jsonl` this manifest belongs to (`verify`
    /// and `--incremental` check it; absent in older manifests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_sha256: Option<String>,
    /// Hex sha256 of the `records.csv` written with it (`--csv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv_sha256: Option<String>,
    /// Hex sha256 of the `documents.csv` written with it (`--csv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents_csv_sha256: Option<String>,
}

impl Manifest {
    /// A manifest over entries from the given patterns, with totals computed.
    pub fn new(files: Vec<Entry>, patterns: &str) -> Manifest {
        let mut t = Totals::default();
        for e in &files {
            t.add(e);
        }
        Manifest {
            tool: "solieu".into(),
            version: crate::VERSION.into(),
            schema: "v1".into(),
            patterns: patterns.into(),
            files,
            totals: t,
            records_sha256: None,
            csv_sha256: None,
            documents_csv_sha256: None,
        }
    }
}

/// A file being written under a temporary name; `commit` renames it into place.
/// Its bytes are hashed as they are written (the manifest names the sha256
/// of the records it belongs to).
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    w: Option<BufWriter<Hashed>>,
}

/// A file that hashes what is written to it.
pub struct Hashed {
    f: std::fs::File,
    h: sha2::Sha256,
}

impl Write for Hashed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.f.write(buf)?;
        sha2::Digest::update(&mut self.h, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.f.flush()
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

impl AtomicFile {
    /// Starts writing `dest` (through `dest` + `.tmp-<pid>`).
    pub fn create(dest: &Path) -> Result<AtomicFile> {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dest.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
        Ok(AtomicFile {
            tmp,
            dest: dest.to_path_buf(),
            w: Some(BufWriter::with_capacity(
                1 << 16,
                Hashed {
                    f,
                    h: sha2::Digest::new(),
                },
            )),
        })
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut BufWriter<Hashed> {
        self.w.as_mut().expect("writer present until commit")
    }

    /// Flushes, syncs and renames into place.
    pub fn commit(self) -> Result<()> {
        self.commit_hashed().map(|_| ())
    }

    /// [`AtomicFile::commit`], giving the hex sha256 of what was written.
    pub fn commit_hashed(mut self) -> Result<String> {
        let sha = self.sync()?;
        std::fs::rename(&self.tmp, &self.dest).map_err(io(&self.dest))?;
        Ok(sha)
    }

    /// Flushes and syncs the temporary file; its hex sha256.
    fn sync(&mut self) -> Result<String> {
        let w = self.w.take().expect("writer present until commit");
        let h = w.into_inner().map_err(|e| Error::Io {
            path: self.tmp.clone(),
            source: e.into_error(),
        })?;
        h.f.sync_all().map_err(io(&self.tmp))?;
        Ok(hex::encode(sha2::Digest::finalize(h.h)))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer().flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.w.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// The outputs of one `extract` run, committed together.
///
/// Every file of a run (`records.jsonl`, `records.csv`, `manifest.json`) is
/// written into a folder of its own, `DIR/.solieu/run-<id>/`. The commit is
/// one atomic rename: the link `DIR/.solieu/current` is pointed at the new
/// run's folder. `DIR/records.jsonl`, `DIR/manifest.json` and
/// `DIR/records.csv` are links through `current`, so whoever opens them
/// sees the files of one run, old or new, never a mix; a run killed at any
/// moment, or one that fails (a full disk, an SQLite database held by a
/// reader), leaves the previous set in place. The folder is locked for the
/// run (`DIR/.solieu/lock`); a run removes the folders and temporary files
/// that killed runs left.
pub struct OutputSet {
    dir: PathBuf,
    meta: PathBuf,
    run: PathBuf,
    committed: bool,
    _lock: std::fs::File,
}

/// The names of the files a run writes, as they appear in the output folder.
pub const OUTPUT_NAMES: [&str; 4] = [
    "records.jsonl",
    "manifest.json",
    "records.csv",
    "documents.csv",
];

impl OutputSet {
    /// Creates and locks `dir`, removes what killed runs left there, and
    /// starts a run folder. An error when another run holds the lock.
    pub fn begin(dir: &Path) -> std::result::Result<OutputSet, String> {
        let meta = dir.join(".solieu");
        std::fs::create_dir_all(&meta)
            .map_err(|e| format!("cannot create {}: {e}", meta.display()))?;
        let lock_path = meta.join("lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| format!("cannot open {}: {e}", lock_path.display()))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(format!(
                    "{}: another solieu run is writing into this folder (it holds {});                      wait for it or give another -o",
                    dir.display(),
                    lock_path.display()
                ))
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(format!("cannot lock {}: {e}", lock_path.display()))
            }
        }
        let current = std::fs::read_link(meta.join("current")).ok();
        // Leftovers of killed runs: run folders other than the current one,
        // links being made, temporary outputs of older versions.
        if let Ok(list) = std::fs::read_dir(&meta) {
            for e in list.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                let keep = current.as_deref() == Some(Path::new(&*name));
                if name.starts_with("run-") && !keep {
                    let _ = std::fs::remove_dir_all(e.path());
                } else if name.starts_with("current.tmp-") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        if let Ok(list) = std::fs::read_dir(dir) {
            for e in list.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                let ours = OUTPUT_NAMES.iter().any(|n| {
                    name.starts_with(&format!(".{n}.tmp-"))
                        || name.starts_with(&format!(".{n}.link-"))
                });
                if ours {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let run = meta.join(format!("run-{nanos}-{}", std::process::id()));
        std::fs::create_dir(&run).map_err(|e| format!("cannot create {}: {e}", run.display()))?;
        Ok(OutputSet {
            dir: dir.to_path_buf(),
            meta,
            run,
            committed: false,
            _lock: lock,
        })
    }

    /// This run's folder (where its outputs are written).
    pub fn folder(&self) -> &Path {
        &self.run
    }

    /// Where this run writes the output `name`.
    pub fn path(&self, name: &str) -> PathBuf {
        self.run.join(name)
    }

    /// Makes this run's files the output folder's, all at once.
    pub fn commit(mut self) -> Result<()> {
        let e = io;
        sync_dir(&self.run).map_err(e(&self.run))?;
        #[cfg(unix)]
        {
            self.adopt_older_outputs()?;
            let run_name = self.run.file_name().unwrap_or_default().to_owned();
            let current = self.meta.join("current");
            let tmp = self
                .meta
                .join(format!("current.tmp-{}", std::process::id()));
            let _ = std::fs::remove_file(&tmp);
            std::os::unix::fs::symlink(&run_name, &tmp).map_err(e(&tmp))?;
            // The commit point.
            std::fs::rename(&tmp, &current).map_err(e(&current))?;
            self.committed = true;
            sync_dir(&self.meta).map_err(e(&self.meta))?;
            for name in OUTPUT_NAMES {
                let link = self.dir.join(name);
                if self.run.join(name).exists() {
                    if std::fs::read_link(&link).ok().as_deref()
                        != Some(&Path::new(".solieu/current").join(name))
                    {
                        replace_with_link(&self.dir, name)?;
                    }
                } else if std::fs::read_link(&link).is_ok() {
                    // An output of an earlier run this one did not write
                    // (no --csv): it does not belong to the new set.
                    let _ = std::fs::remove_file(&link);
                }
            }
            sync_dir(&self.dir).map_err(e(&self.dir))?;
            // Older runs' folders.
            if let Ok(list) = std::fs::read_dir(&self.meta) {
                for entry in list.flatten() {
                    let n = entry.file_name();
                    if n.to_string_lossy().starts_with("run-") && n != run_name {
                        let _ = std::fs::remove_dir_all(entry.path());
                    }
                }
            }
        }
        #[cfg(not(unix))]
        {
            // No links: the files are renamed into place one after the
            // other (the manifest last); readers check records_sha256.
            for name in OUTPUT_NAMES {
                let from = self.run.join(name);
                if from.exists() {
                    std::fs::rename(&from, self.dir.join(name)).map_err(e(&from))?;
                }
            }
            self.committed = true;
            let _ = std::fs::remove_dir_all(&self.run);
        }
        Ok(())
    }

    /// Outputs of an older version (regular files in the output folder) are
    /// first made a run of their own, then replaced by links to it one by
    /// one: every link reads that same old set until the commit.
    #[cfg(unix)]
    fn adopt_older_outputs(&self) -> Result<()> {
        let current = self.meta.join("current");
        let plain: Vec<&str> = OUTPUT_NAMES
            .into_iter()
            .filter(|n| {
                std::fs::symlink_metadata(self.dir.join(n)).is_ok_and(|m| m.file_type().is_file())
            })
            .collect();
        if plain.is_empty() {
            return Ok(());
        }
        let old = self.meta.join(format!(
            "run-0-adopted-{}",
            self.run.file_name().unwrap_or_default().to_string_lossy()
        ));
        std::fs::create_dir(&old).map_err(io(&old))?;
        // What `current` pointed at (if anything) holds no file of its own
        // for these names; the plain files are the ones readers see now.
        if let Ok(target) = std::fs::read_link(&current) {
            for n in OUTPUT_NAMES {
                let from = self.meta.join(&target).join(n);
                if !plain.contains(&n) && from.exists() {
                    std::fs::hard_link(&from, old.join(n)).map_err(io(&from))?;
                }
            }
        }
        for n in &plain {
            let from = self.dir.join(n);
            std::fs::hard_link(&from, old.join(n))
                .or_else(|_| std::fs::copy(&from, old.join(n)).map(|_| ()))
                .map_err(io(&from))?;
        }
        sync_dir(&old).map_err(io(&old))?;
        let tmp = self
            .meta
            .join(format!("current.tmp-{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        std::os::unix::fs::symlink(old.file_name().unwrap_or_default(), &tmp).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &current).map_err(io(&current))?;
        for n in &plain {
            replace_with_link(&self.dir, n)?;
        }
        Ok(())
    }
}

/// Replaces `dir/name` by the link `.solieu/current/name`, atomically.
#[cfg(unix)]
fn replace_with_link(dir: &Path, name: &str) -> Result<()> {
    let tmp = dir.join(format!(".{name}.link-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(Path::new(".solieu/current").join(name), &tmp).map_err(io(&tmp))?;
    let dest = dir.join(name);
    std::fs::rename(&tmp, &dest).map_err(io(&dest))
}

/// Syncs a folder, so the renames in it survive a crash (a no-op where
/// folders cannot be opened).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.run);
        }
    }
}

/// Writes one record as a JSON line.
pub fn write_record<W: Write>(w: &mut W, r: &Record) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, r)?;
    w.write_all(b"\n")
}

/// A JSON Lines file read a line at a time (a records file may be gigabytes):
/// each line that is not blank, with its 1-based number and byte range.
pub struct JsonLines<R> {
    reader: R,
    buf: Vec<u8>,
    number: usize,
    at: u64,
}

/// One line of a [`JsonLines`] file, its `\n` included.
pub struct JsonLine<'a> {
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of its first byte.
    pub start: u64,
    /// One past its last byte (the `\n`, when there is one).
    pub end: u64,
    /// The line.
    pub bytes: &'a [u8],
}

impl JsonLines<std::io::BufReader<std::fs::File>> {
    /// Opens a file.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let f = std::fs::File::open(path)?;
        Ok(JsonLines::new(std::io::BufReader::with_capacity(
            1 << 16,
            f,
        )))
    }
}

impl<R: std::io::BufRead> JsonLines<R> {
    /// Reads from `reader`.
    pub fn new(reader: R) -> Self {
        JsonLines {
            reader,
            buf: Vec::new(),
            number: 0,
            at: 0,
        }
    }

    /// The next line that is not blank, or `None` at the end.
    pub fn next_line(&mut self) -> std::io::Result<Option<JsonLine<'_>>> {
        loop {
            self.buf.clear();
            let n = self.reader.read_until(b'\n', &mut self.buf)?;
            if n == 0 {
                return Ok(None);
            }
            self.number += 1;
            let start = self.at;
            self.at += n as u64;
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                return Ok(Some(JsonLine {
                    number: self.number,
                    start,
                    end: self.at,
                    bytes: &self.buf,
                }));
            }
        }
    }
}

/// The manifest written as the run goes: each entry is appended when its
/// file is done, so entries are never held for the whole run; the totals
/// come last. The file appears under its name only on [`ManifestWriter::finish`].
/// The bytes equal `serde_json::to_writer_pretty` of the whole [`Manifest`].
pub struct ManifestWriter {
    f: AtomicFile,
    dest: PathBuf,
    totals: Totals,
}

impl ManifestWriter {
    /// Starts `dir/manifest.json` for records from the given patterns.
    pub fn create(dir: &Path, patterns: &str) -> Result<ManifestWriter> {
        let dest = dir.join("manifest.json");
        let mut f = AtomicFile::create(&dest)?;
        let json = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let head = format!(
            "{{\n  \"tool\": \"solieu\",\n  \"version\": {},\n  \"schema\": \"v1\",\n  \"patterns\": {},\n  \"files\": [",
            json(crate::VERSION),
            json(patterns),
        );
        f.writer().write_all(head.as_bytes()).map_err(io(&dest))?;
        Ok(ManifestWriter {
            f,
            dest,
            totals: Totals::default(),
        })
    }

    /// Appends one entry.
    pub fn entry(&mut self, e: &Entry) -> Result<()> {
        let sep = if self.totals.files == 0 { "\n" } else { ",\n" };
        self.totals.add(e);
        let w = self.f.writer();
        w.write_all(sep.as_bytes()).map_err(io(&self.dest))?;
        w.write_all(b"    ").map_err(io(&self.dest))?;
        write_indented(w, e, "    ").map_err(io(&self.dest))
    }

    /// The totals so far.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// Writes the totals and the sha256 of the records (and CSV files) it
    /// belongs to, and renames the file into place. `csv_sha256` is the
    /// sha256 of `records.csv` and `documents.csv`.
    pub fn finish(
        mut self,
        records_sha256: &str,
        csv_sha256: Option<(&str, &str)>,
    ) -> Result<Totals> {
        let close = if self.totals.files == 0 {
            "],\n"
        } else {
            "\n  ],\n"
        };
        let w = self.f.writer();
        w.write_all(close.as_bytes())
            .and_then(|_| w.write_all(b"  \"totals\": "))
            .and_then(|_| write_indented(w, &self.totals, "  "))
            .and_then(|_| write!(w, ",\n  \"records_sha256\": \"{records_sha256}\""))
            .and_then(|_| match csv_sha256 {
                Some((c, d)) => write!(
                    w,
                    ",\n  \"csv_sha256\": \"{c}\",\n  \"documents_csv_sha256\": \"{d}\""
                ),
                None => Ok(()),
            })
            .and_then(|_| w.write_all(b"\n}\n"))
            .map_err(io(&self.dest))?;
        self.f.commit()?;
        Ok(self.totals)
    }
}

/// Pretty JSON of `v` with its lines after the first indented by `indent`,
/// as it stands nested in a pretty-printed document.
fn write_indented<W: Write, T: Serialize>(w: &mut W, v: &T, indent: &str) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(v)?;
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            w.write_all(b"\n")?;
            w.write_all(indent.as_bytes())?;
        }
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Writes the manifest atomically.
pub fn write_manifest(dir: &Path, m: &Manifest) -> Result<()> {
    let dest = dir.join("manifest.json");
    let mut f = AtomicFile::create(&dest)?;
    serde_json::to_writer_pretty(f.writer(), m).map_err(|e| Error::Io {
        path: dest.clone(),
        source: e.into(),
    })?;
    f.writer().write_all(b"\n").map_err(io(&dest))?;
    f.commit()
}

/// One record flattened for CSV (one row per record, RFC 4180).
#[derive(Debug, Serialize)]
pub struct CsvRow<'a> {
    id: Cow<'a, str>,
    doc_path: Cow<'a, str>,
    doc_sha256: Cow<'a, str>,
    kind: Cow<'a, str>,
    #[serde(serialize_with = "csv_number")]
    value: Option<f64>,
    #[serde(serialize_with = "csv_number")]
    value_max: Option<f64>,
    #[serde(serialize_with = "csv_number")]
    denominator: Option<f64>,
    currency: Option<Cow<'a, str>>,
    date: Option<Cow<'a, str>>,
    qualifier: Cow<'a, str>,
    change: Option<Cow<'a, str>>,
    subject: Option<Cow<'a, str>>,
    indicator: Option<Cow<'a, str>>,
    status: Option<Cow<'a, str>>,
    year: Option<i32>,
    as_of: Option<Cow<'a, str>>,
    place: Option<Cow<'a, str>>,
    level: Option<Cow<'a, str>>,
    citation_start: usize,
    citation_end: usize,
    citation_quote: Cow<'a, str>,
    citation_line: usize,
    citation_column: usize,
    citation_sentence_start: usize,
    citation_sentence_end: usize,
    citation_sentence: Cow<'a, str>,
    rule: Cow<'a, str>,
}

/// A number for a spreadsheet: whole values (counts, ranks, money, years)
/// without `.0`, others as they are.
fn csv_number<S: serde::Serializer>(v: &Option<f64>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match *v {
        Some(x) if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 => {
            s.serialize_some(&(x as i64))
        }
        Some(x) => s.serialize_some(&x),
        None => s.serialize_none(),
    }
}

impl<'a> CsvRow<'a> {
    /// The row of a record; with `safe`, text cells that a spreadsheet would
    /// read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return) get a leading `'`, as OWASP advises (numbers stay
    /// numbers).
    pub fn new(r: &'a Record, safe: bool) -> CsvRow<'a> {
        let c = &r.citation;
        let t = |s: &'a str| -> Cow<'a, str> {
            if safe && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                Cow::Owned(format!("'{s}"))
            } else {
                Cow::Borrowed(s)
            }
        };
        let o = |s: &'a Option<String>| s.as_deref().map(t);
        CsvRow {
            id: t(&r.id),
            doc_path: t(&r.doc.path),
            doc_sha256: t(&r.doc.sha256),
            kind: t(&r.kind),
            value: r.value,
            value_max: r.value_max,
            denominator: r.denominator,
            currency: o(&r.currency),
            date: o(&r.date),
            qualifier: t(&r.qualifier),
            change: o(&r.change),
            subject: o(&r.subject),
            indicator: o(&r.indicator),
            status: o(&r.status),
            year: r.year,
            as_of: o(&r.as_of),
            place: o(&r.place),
            level: o(&r.level),
            citation_start: c.start,
            citation_end: c.end,
            citation_quote: t(&c.quote),
            citation_line: c.line,
            citation_column: c.column,
            citation_sentence_start: c.sentence_start,
            citation_sentence_end: c.sentence_end,
            citation_sentence: t(&c.sentence),
            rule: t(&r.rule),
        }
    }
}

/// One manifest entry flattened for `documents.csv` (one row per input
/// file; `windows` left out: the manifest has them).
#[derive(Debug, Serialize)]
pub struct DocumentRow<'a> {
    path: Cow<'a, str>,
    sha256: Option<&'a str>,
    bytes: Option<u64>,
    encoding: Option<&'a str>,
    html: bool,
    status: Status,
    reason: Option<Cow<'a, str>>,
    records: usize,
    dropped: usize,
    reused: bool,
}

impl<'a> DocumentRow<'a> {
    /// The row of an entry; `safe` as for [`CsvRow::new`].
    pub fn new(e: &'a Entry, safe: bool) -> DocumentRow<'a> {
        let t = |s: &'a str| -> Cow<'a, str> {
            if safe && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                Cow::Owned(format!("'{s}"))
            } else {
                Cow::Borrowed(s)
            }
        };
        DocumentRow {
            path: t(&e.path),
            sha256: e.sha256.as_deref(),
            bytes: e.bytes,
            encoding: e.encoding.as_deref(),
            html: e.html,
            status: e.status,
            reason: e.reason.as_deref().map(t),
            records: e.records,
            dropped: e.dropped,
            reused: e.reused,
        }
    }
}

impl<'a> From<&'a Record> for CsvRow<'a> {
    fn from(r: &'a Record) -> CsvRow<'a> {
        CsvRow::new(r, false)
    }
}

#[cfg(test)]
mod tests {
    use super::{Entry, Manifest, ManifestWriter, Status};

    fn entry(path: &str, status: Status, reason: Option<&str>) -> Entry {
        Entry {
            path: path.into(),
            sha256: (status != Status::Failed).then(|| "ab".repeat(32)),
            bytes: Some(1234),
            encoding: Some("UTF-8".into()),
            html: false,
            status,
            reason: reason.map(str::to_string),
            records: 3,
            dropped: 0,
            reused: false,
            windows: Vec::new(),
        }
    }

    #[test]
    fn json_lines_skip_blank_lines_and_keep_numbers_and_offsets() {
        let text = "{\"a\":1}\n\n  \n{\"b\":2}\n{\"c\":3}";
        let mut lines = super::JsonLines::new(text.as_bytes());
        let mut got = Vec::new();
        while let Some(l) = lines.next_line().unwrap() {
            got.push((
                l.number,
                l.start,
                l.end,
                String::from_utf8(l.bytes.to_vec()).unwrap(),
            ));
        }
        assert_eq!(
            got,
            [
                (1, 0, 8, "{\"a\":1}\n".to_string()),
                (4, 12, 20, "{\"b\":2}\n".to_string()),
                (5, 20, 27, "{\"c\":3}".to_string()),
            ]
        );
    }

    #[test]
    fn streamed_manifest_equals_the_pretty_printed_whole() {
        let cases = vec![
            vec![],
            vec![entry("a.txt", Status::Ok, None)],
            vec![
                entry("a.txt", Status::Ok, Some("1 figure(s) dropped: \"x\"")),
                entry("b/c.html", Status::Skipped, Some("binary")),
                entry("d.txt", Status::Failed, Some("cannot read: denied")),
            ],
        ];
        for (k, entries) in cases.into_iter().enumerate() {
            let csv = (k == 1).then_some(("c5", "d6"));
            let dir = tempfile::tempdir().unwrap();
            let mut w = ManifestWriter::create(dir.path(), "0f").unwrap();
            for e in &entries {
                w.entry(e).unwrap();
            }
            let totals = w.finish("ab", csv).unwrap();
            let mut whole = Manifest::new(entries, "0f");
            whole.records_sha256 = Some("ab".into());
            whole.csv_sha256 = csv.map(|c| c.0.to_string());
            whole.documents_csv_sha256 = csv.map(|c| c.1.to_string());
            assert_eq!(totals, whole.totals);
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            let got = std::fs::read_to_string(dir.path().join("manifest.json")).unwrap();
            assert_eq!(got, expected);
        }
    }
}
