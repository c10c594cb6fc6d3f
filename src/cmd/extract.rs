//! `solieu extract`: walk, read and extract in parallel, write in input order.

use anyhow::Context;
use solieu::emit::{write_record, AtomicFile, Entry, JsonLines, Manifest, ManifestWriter, Status};
use solieu::ingest::{
    document, document_hashed, encoding_cut, line_cut, sha256_hex, walk, window_cut, windowable,
    Input, Refusal, LONG_LINE, WHOLE_MAX, WINDOW,
};
use solieu::pipeline::extract_document;
use solieu::record::Record;
use solieu::rules::Catalog;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use crate::cli::ExtractArgs as Config;

/// What the previous run in the output folder wrote, by path (`--incremental`):
/// its manifest entries, and where each file's records lie in its
/// `records.jsonl`. Records are not held: a reused file's lines are copied
/// from the old file as the writer reaches it (the new file is written under
/// a temporary name, so the old one stays readable until the run is done).
#[derive(Default)]
struct Previous {
    files: std::collections::HashMap<String, (Entry, std::ops::Range<u64>)>,
    records: Option<std::sync::Mutex<std::fs::File>>,
    /// Reused lines are parsed back too (for the CSV and SQLite outputs).
    keep_records: bool,
}

impl Previous {
    /// Reads the previous manifest and indexes the previous records. Nothing
    /// is reused when the previous run had another version or other patterns
    /// (said on stderr), or for a file whose records are not where and how
    /// many its entry says.
    fn load(dir: &std::path::Path, cat: &Catalog, keep_records: bool) -> anyhow::Result<Previous> {
        let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) else {
            return Ok(Previous::default());
        };
        let manifest: Manifest =
            serde_json::from_str(&text).context("the previous manifest.json is not readable")?;
        drop(text);
        if manifest.version != solieu::VERSION || manifest.patterns != cat.fingerprint {
            eprintln!(
                "solieu: the previous run in {} used another version or other patterns: \
                 every file is extracted again",
                dir.display()
            );
            return Ok(Previous::default());
        }
        // Records that are not the ones the manifest belongs to (a hand
        // edit, or an older version's outputs half replaced) are not reused.
        let path = dir.join("records.jsonl");
        let sha = {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            std::fs::File::open(&path)
                .and_then(|mut f| std::io::copy(&mut f, &mut h))
                .ok()
                .map(|_| hex::encode(h.finalize()))
        };
        if manifest.records_sha256.is_none() || manifest.records_sha256 != sha {
            eprintln!(
                "solieu: {} is not the records file {} belongs to (its sha256 differs): \
                 every file is extracted again",
                path.display(),
                dir.join("manifest.json").display()
            );
            return Ok(Previous::default());
        }
        // Each file's entry, with its lines' byte range and count as found.
        let mut files: std::collections::HashMap<String, (Entry, std::ops::Range<u64>, usize)> =
            manifest
                .files
                .into_iter()
                .filter(|e| e.status == Status::Ok)
                .map(|e| (e.path.clone(), (e, 0..0, 0)))
                .collect();
        let cannot = || format!("the previous {} is not readable", path.display());
        let mut lines = JsonLines::open(&path).with_context(cannot)?;
        let mut last: Option<String> = None;
        let mut id_checked = false;
        while let Some(line) = lines.next_line().with_context(cannot)? {
            // issue 17: records whose ids do not name their document's path
            // (written before ids did) are not reused.
            if !std::mem::replace(&mut id_checked, true) && !current_id(line.bytes) {
                eprintln!(
                    "solieu: the previous records in {} have ids of another form: \
                     every file is extracted again",
                    dir.display()
                );
                return Ok(Previous::default());
            }
            let doc: LineDoc = serde_json::from_slice(line.bytes)
                .with_context(|| format!("{}:{}: not a record", path.display(), line.number))?;
            let p = doc.doc.path;
            let Some((_, range, count)) = files.get_mut(p.as_ref()) else {
                continue;
            };
            if last.as_deref() != Some(p.as_ref()) {
                // Lines of one file apart (not how solieu writes them) match
                // no entry's count.
                *count = if *count > 0 { usize::MAX } else { 0 };
                *range = line.start..line.start;
                last = Some(p.into_owned());
            }
            if *count != usize::MAX {
                range.end = line.end;
                *count += 1;
            }
        }
        let files = files
            .into_iter()
            .filter(|(_, (entry, _, count))| *count == entry.records)
            .map(|(path, (entry, range, _))| (path, (entry, range)))
            .collect();
        let f = std::fs::File::open(&path).with_context(cannot)?;
        Ok(Previous {
            files,
            records: Some(std::sync::Mutex::new(f)),
            keep_records,
        })
    }

    /// The previous outcome for these bytes, when nothing changed: its entry
    /// and its JSON lines as they were written (parsed back only for the CSV
    /// and SQLite outputs). An error reading them means the file is extracted
    /// again.
    fn reuse(&self, path: &str, sha256: &str) -> Option<Rendered> {
        let (entry, range) = self.files.get(path)?;
        if entry.sha256.as_deref() != Some(sha256) {
            return None;
        }
        let mut jsonl = vec![0; usize::try_from(range.end - range.start).ok()?];
        if !jsonl.is_empty() {
            let mut f = self.records.as_ref()?.lock().ok()?;
            f.seek(std::io::SeekFrom::Start(range.start)).ok()?;
            f.read_exact(&mut jsonl).ok()?;
        }
        let records = match self.keep_records {
            true => jsonl
                .split(|&b| b == b'\n')
                .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
                .map(serde_json::from_slice)
                .collect::<Result<Vec<Record>, _>>()
                .ok()?,
            false => Vec::new(),
        };
        let mut entry = entry.clone();
        entry.reused = true;
        Some(Rendered {
            entry,
            records,
            jsonl,
        })
    }
}

/// issue 17: whether a record line's id is [`solieu::pipeline::record_id`] of
/// its own path, hash, span and kind.
fn current_id(line: &[u8]) -> bool {
    serde_json::from_slice::<Record>(line).is_ok_and(|r| {
        let c = &r.citation;
        r.id == solieu::pipeline::record_id(&r.doc.path, &r.doc.sha256, c.start, c.end, &r.kind)
    })
}

/// The part of a record line `--incremental` needs.
#[derive(serde::Deserialize)]
struct LineDoc<'a> {
    #[serde(borrow)]
    doc: LineDocPath<'a>,
}

#[derive(serde::Deserialize)]
struct LineDocPath<'a> {
    #[serde(borrow)]
    path: std::borrow::Cow<'a, str>,
}

struct Outcome {
    entry: Entry,
    records: Vec<Record>,
}

fn refused(path: String, sha: Option<String>, bytes: Option<u64>, r: Refusal) -> Outcome {
    let (status, reason) = match r {
        Refusal::Skipped(why) => (Status::Skipped, why),
        Refusal::Failed(why) => (Status::Failed, why),
    };
    Outcome {
        entry: Entry {
            path,
            sha256: sha,
            bytes,
            encoding: None,
            html: false,
            status,
            reason: Some(reason),
            records: 0,
            dropped: 0,
            reused: false,
            windows: Vec::new(),
        },
        records: Vec::new(),
    }
}

fn process(path: String, bytes: Vec<u8>, sha: String, cat: &Catalog) -> Outcome {
    let n = bytes.len() as u64;
    if bytes.is_empty() {
        return Outcome {
            entry: Entry {
                path,
                sha256: Some(sha),
                bytes: Some(0),
                encoding: None,
                html: false,
                status: Status::Ok,
                reason: Some("empty file".into()),
                records: 0,
                dropped: 0,
                reused: false,
                windows: Vec::new(),
            },
            records: Vec::new(),
        };
    }
    match document_hashed(path.clone(), bytes, sha) {
        Ok(doc) => {
            let ex = extract_document(&doc, cat);
            let dropped = (ex.dropped > 0)
                .then(|| format!("{} figure(s) dropped: citation would not hold", ex.dropped));
            let notes: Vec<String> = doc
                .decoded
                .note
                .clone()
                .into_iter()
                .chain(dropped)
                .collect();
            let reason = (!notes.is_empty()).then(|| notes.join("; "));
            Outcome {
                entry: Entry {
                    path,
                    sha256: Some(doc.sha256.clone()),
                    bytes: Some(n),
                    encoding: Some(doc.decoded.encoding.name().into()),
                    html: doc.html,
                    status: Status::Ok,
                    reason,
                    records: ex.records.len(),
                    dropped: ex.dropped,
                    reused: false,
                    windows: Vec::new(),
                },
                records: ex.records,
            }
        }
        Err((sha, r)) => refused(path, Some(sha), Some(n), r),
    }
}

/// A file whose bytes changed between hashing and reading.
fn changed(path: String, sha: String, len: u64) -> Outcome {
    refused(
        path,
        Some(sha),
        Some(len),
        Refusal::Failed("the file changed while it was read".into()),
    )
}

/// Runs `process`, turning an internal panic into a `failed` entry so one bad
/// file never stops the run.
fn guarded(path: String, bytes: Vec<u8>, sha: String, cat: &Catalog) -> Outcome {
    let n = bytes.len() as u64;
    let (p, s) = (path.clone(), sha.clone());
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process(p, bytes, s, cat))) {
        Ok(o) => o,
        Err(_) => refused(
            path,
            Some(sha),
            Some(n),
            Refusal::Failed("internal error while extracting (please report)".into()),
        ),
    }
}

/// What a worker made of one input: its outcome, or a large file left for
/// [`windowed`], which reads it a window at a time in input order.
enum Job {
    Done(Outcome),
    /// Done, with its JSON lines rendered by the worker.
    Rendered(Rendered),
    Windowed(Input, u64),
}

impl From<Outcome> for Job {
    fn from(o: Outcome) -> Self {
        Job::Done(o)
    }
}

/// An outcome with its records already rendered as JSON lines; the records
/// themselves are kept only for the CSV and SQLite outputs.
struct Rendered {
    entry: Entry,
    records: Vec<Record>,
    jsonl: Vec<u8>,
}

impl Rendered {
    fn new(o: Outcome, keep_records: bool) -> Rendered {
        let mut jsonl = Vec::with_capacity(o.records.len() * 1024);
        for r in &o.records {
            // Writing into a Vec cannot fail; a record always serializes.
            let _ = write_record(&mut jsonl, r);
        }
        Rendered {
            entry: o.entry,
            records: if keep_records { o.records } else { Vec::new() },
            jsonl,
        }
    }
}

/// Why a file is not read, as far as its name and metadata tell (the
/// checks `--list` shows too); else its metadata.
fn pre_check(input: &Input, cfg: &Config) -> Result<std::fs::Metadata, (Option<u64>, Refusal)> {
    let (max, follow) = (cfg.max_file_size, cfg.follow);
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

fn read_input(input: &Input, cfg: &Config, cat: &Catalog, previous: &Previous) -> Job {
    let path = input.display.clone();
    let meta = match pre_check(input, cfg) {
        Ok(m) => m,
        Err((bytes, why)) => return refused(path, None, bytes, why).into(),
    };
    if meta.len() > cfg.window_from {
        return Job::Windowed(input.clone(), meta.len());
    }
    Job::Done(match read_len(&input.fs_path, meta.len()) {
        Ok(bytes) => {
            let sha = solieu::ingest::sha256_hex(&bytes);
            match previous.reuse(&path, &sha) {
                Some(r) => return Job::Rendered(r),
                None => guarded(path, bytes, sha, cat),
            }
        }
        Err(e) => refused(
            path,
            None,
            None,
            Refusal::Failed(format!("cannot read: {e}")),
        ),
    })
}

/// Reads at most `len` bytes of a file (its size when it was looked at): a
/// file that grows while it is read is read, hashed and cited as it was.
fn read_len(path: &Path, len: u64) -> std::io::Result<Vec<u8>> {
    let f = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    f.take(len).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `--glob` and `--exclude`: which files found in folders are read.
struct Selection {
    globs: Option<globset::GlobSet>,
    excludes: Option<globset::GlobSet>,
}

impl Selection {
    fn new(cfg: &Config) -> anyhow::Result<Selection> {
        let set = |pats: &[String], opt: &str| -> anyhow::Result<Option<globset::GlobSet>> {
            if pats.is_empty() {
                return Ok(None);
            }
            let mut b = globset::GlobSetBuilder::new();
            for p in pats {
                let g = globset::GlobBuilder::new(p)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| anyhow::anyhow!("{opt} {p}: {e}"))?;
                b.add(g);
            }
            Ok(Some(b.build().map_err(|e| anyhow::anyhow!("{opt}: {e}"))?))
        };
        Ok(Selection {
            globs: set(&cfg.globs, "--glob")?,
            excludes: set(&cfg.excludes, "--exclude")?,
        })
    }

    /// Why a file found under `root` is left out, if it is: a glob matches
    /// its path under the folder or its name.
    fn why_not(&self, root: &Path, input: &Input) -> Option<&'static str> {
        if input.explicit {
            return None;
        }
        let rel = input.fs_path.strip_prefix(root).unwrap_or(&input.fs_path);
        let hit = |set: &globset::GlobSet| {
            set.is_match(rel) || rel.file_name().is_some_and(|n| set.is_match(n))
        };
        if self.excludes.as_ref().is_some_and(hit) {
            return Some("excluded by --exclude");
        }
        if self.globs.as_ref().is_some_and(|g| !hit(g)) {
            return Some("not matched by --glob");
        }
        None
    }
}

/// The walk of every root, each file with why the selection leaves it out.
#[allow(clippy::type_complexity)]
fn selected<'a>(
    roots: &'a [PathBuf],
    follow: bool,
    output: &'a Path,
    sel: &'a Selection,
) -> impl Iterator<Item = (Result<Input, (String, String)>, Option<&'static str>)> + Send + 'a {
    roots.iter().flat_map(move |root| {
        walk(std::slice::from_ref(root), follow, Some(output)).map(move |i| {
            let why = i.as_ref().ok().and_then(|i| sel.why_not(root, i));
            (i, why)
        })
    })
}

/// `--list`: what would be read, and why not the rest.
fn list(files: &[PathBuf], stdin: bool, cfg: &Config, sel: &Selection) -> anyhow::Result<u8> {
    if stdin {
        out!("read\t-");
    }
    for (item, why) in selected(files, cfg.follow, &cfg.output, sel) {
        match item {
            Err((path, e)) => out!("skip\t{path}\tcannot read: {e}"),
            Ok(input) => {
                let why = match why {
                    Some(w) => Some(w.to_string()),
                    None => pre_check(&input, cfg).err().map(|(_, r)| match r {
                        Refusal::Skipped(w) | Refusal::Failed(w) => w,
                    }),
                };
                match why {
                    None => out!("read\t{}", input.display),
                    Some(w) => out!("skip\t{}\t{w}", input.display),
                }
            }
        }
    }
    Ok(0)
}

/// `--files-from`: the paths listed in a file (or standard input), one a
/// line or NUL-separated (`-0`); empty entries are ignored.
fn files_from(path: &Path, nul: bool) -> anyhow::Result<Vec<PathBuf>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("--files-from: reading standard input")?;
    } else {
        bytes = std::fs::read(path)
            .with_context(|| format!("--files-from: cannot read {}", path.display()))?;
    }
    let sep = if nul { b'\0' } else { b'\n' };
    Ok(bytes
        .split(|&b| b == sep)
        .map(|p| match (nul, p.strip_suffix(b"\r")) {
            (false, Some(p)) => p,
            _ => p,
        })
        .filter(|p| !p.is_empty())
        .map(|p| solieu::ingest::fs_path(&String::from_utf8_lossy(p)))
        .collect())
}

/// A progress bar on a terminal; silence in pipes and files.
/// The files to come are counted by a walk of their own (listing them
/// ahead would make memory grow with their number); only on a terminal.
fn progress_bar(roots: &[PathBuf], cfg: &Config, sel: &Selection) -> indicatif::ProgressBar {
    if !cfg.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let n = selected(roots, cfg.follow, &cfg.output, sel)
            .filter(|(_, why)| why.is_none())
            .count();
        let b = indicatif::ProgressBar::new(n as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} files, {elapsed} ({eta} left) {msg}",
        ) {
            b.set_style(style);
        }
        b
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// Where records and entries go, in input order.
struct Sinks {
    out: AtomicFile,
    records_path: PathBuf,
    csv: Option<csv::Writer<AtomicFile>>,
    csv_path: PathBuf,
    /// `documents.csv` (with `--csv`): one row per manifest entry.
    docs_csv: Option<csv::Writer<AtomicFile>>,
    docs_csv_path: PathBuf,
    /// `--csv-safe` (or `--csv-bom`): formula-like cells neutralized.
    csv_safe: bool,
    /// `--quiet`: no line per skipped file.
    quiet: bool,
    db: Option<solieu::sqlite::Sink>,
    manifest: ManifestWriter,
    bar: indicatif::ProgressBar,
}

impl Sinks {
    /// Writes records of a file; `entry` is its entry so far (the database
    /// keeps the file's row up to date).
    fn records(&mut self, entry: &Entry, records: &[Record]) -> anyhow::Result<()> {
        if let Some(db) = self.db.as_mut() {
            db.document(entry, records)
                .context("writing the SQLite database")?;
        }
        for r in records {
            write_record(self.out.writer(), r)
                .with_context(|| format!("writing {}", self.records_path.display()))?;
            if let Some(w) = self.csv.as_mut() {
                w.serialize(solieu::emit::CsvRow::new(r, self.csv_safe))
                    .with_context(|| format!("writing {}", self.csv_path.display()))?;
            }
        }
        Ok(())
    }

    /// Closes a file: its manifest entry, a warning when it is not ok.
    fn entry(&mut self, entry: Entry) -> anyhow::Result<()> {
        self.bar.inc(1);
        if entry.status == Status::Failed || (entry.status == Status::Skipped && !self.quiet) {
            let what = if entry.status == Status::Failed {
                "failed"
            } else {
                "skipped"
            };
            self.bar.suspend(|| {
                eprintln!(
                    "solieu: {}: {what}: {}",
                    entry.path,
                    entry.reason.as_deref().unwrap_or("")
                )
            });
        }
        if entry.dropped > 0 {
            self.bar.suspend(|| {
                eprintln!(
                    "solieu: {}: {} figure(s) dropped: their citation would not hold (a bug, please report)",
                    entry.path, entry.dropped
                )
            });
        }
        if let Some(w) = self.docs_csv.as_mut() {
            w.serialize(solieu::emit::DocumentRow::new(&entry, self.csv_safe))
                .with_context(|| format!("writing {}", self.docs_csv_path.display()))?;
        }
        self.manifest
            .entry(&entry)
            .context("writing the manifest")?;
        Ok(())
    }

    /// Writes a file whose JSON lines a worker rendered.
    fn rendered(&mut self, r: Rendered) -> anyhow::Result<()> {
        self.out
            .writer()
            .write_all(&r.jsonl)
            .with_context(|| format!("writing {}", self.records_path.display()))?;
        if let Some(db) = self.db.as_mut() {
            db.document(&r.entry, &r.records)
                .context("writing the SQLite database")?;
        }
        if let Some(w) = self.csv.as_mut() {
            for rec in &r.records {
                w.serialize(solieu::emit::CsvRow::new(rec, self.csv_safe))
                    .with_context(|| format!("writing {}", self.csv_path.display()))?;
            }
        }
        self.entry(r.entry)
    }

    fn outcome(&mut self, o: Outcome) -> anyhow::Result<()> {
        self.records(&o.entry, &o.records)?;
        self.entry(o.entry)
    }
}

/// One window of a large file, extracted: its records with offsets, lines
/// and ids already those of the whole file.
struct WindowOut {
    /// Where the window starts and ends in the file.
    span: (usize, usize),
    /// Its line numbers are of the whole file; columns on its first line
    /// count from the window's start (the writer adds the characters of
    /// that line before it).
    records: Vec<Record>,
    first_line: usize,
    dropped: usize,
    encoding: solieu::ingest::Encoding,
    note: Option<String>,
    /// Characters after the window's last line feed (all of them when it
    /// has none), in its own encoding.
    tail_chars: usize,
    has_lf: bool,
}

fn extract_window(
    path: &str,
    sha: &str,
    (base, line_base, bytes): (usize, usize, Vec<u8>),
    cat: &Catalog,
) -> Result<WindowOut, String> {
    let at = || format!("window at byte {base}");
    let run = || match document_hashed(path.to_string(), bytes, sha.to_string()) {
        Ok(doc) => {
            let mut ex = extract_document(&doc, cat);
            let ids = solieu::pipeline::RecordIds::new(path, sha);
            for r in &mut ex.records {
                let c = &mut r.citation;
                c.start += base;
                c.end += base;
                c.sentence_start += base;
                c.sentence_end += base;
                c.line += line_base;
                r.id = ids.id(c.start, c.end, &r.kind);
            }
            let enc = doc.decoded.encoding;
            let lf = memchr::memrchr(b'\n', &doc.bytes);
            let tail = &doc.bytes[lf.map_or(0, |k| k + 1)..];
            Ok(WindowOut {
                span: (base, base + doc.bytes.len()),
                records: ex.records,
                first_line: line_base + 1,
                dropped: ex.dropped,
                encoding: enc,
                note: doc.decoded.note.clone(),
                tail_chars: solieu::cite::decode_slice(tail, enc).chars().count(),
                has_lf: lf.is_some(),
            })
        }
        Err((_, Refusal::Skipped(why) | Refusal::Failed(why))) => Err(format!("{}: {why}", at())),
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err(format!("{}: internal error (please report)", at())))
}

/// Reads more of `f` into `buf`, up to `upto` bytes; false at the end of the file.
fn fill(f: &mut impl Read, buf: &mut Vec<u8>, upto: usize) -> std::io::Result<bool> {
    let want = upto.saturating_sub(buf.len());
    Ok(f.take(want as u64).read_to_end(buf)? == want)
}

/// The windows of a large file, read as they are asked for: each ends at a
/// blank line or a line break (the window grows until one comes). A read
/// error ends the file; its message comes with the last window.
struct Windows<'a> {
    /// The file, up to the length that was hashed.
    f: std::io::Take<std::fs::File>,
    carry: Vec<u8>,
    more: bool,
    base: usize,
    line_base: usize,
    /// The bytes read, hashed again: they must be the bytes first hashed.
    rehash: &'a std::sync::Mutex<sha2::Sha256>,
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

/// A file larger than `--window-from`: hashed in one streaming pass, then
/// read again a window at a time (each ends at a blank line or a line break),
/// windows extracted in parallel and written in order. Memory is bounded by
/// the window size, not the file size. Each window is its own context for
/// the resolver (dateline, title, the place most named). UTF-16, HTML and
/// binary files cannot be cut this way and are read whole.
fn windowed(
    input: &Input,
    len: u64,
    cat: &Catalog,
    threads: usize,
    previous: &Previous,
    sinks: &mut Sinks,
) -> anyhow::Result<()> {
    use sha2::Digest;
    let path = input.display.clone();
    let cannot = |e: std::io::Error| {
        refused(
            path.clone(),
            None,
            Some(len),
            Refusal::Failed(format!("cannot read: {e}")),
        )
    };
    let mut f = match std::fs::File::open(&input.fs_path) {
        Ok(f) => f,
        Err(e) => return sinks.outcome(cannot(e)),
    };
    let mut hasher = sha2::Sha256::new();
    let mut head = Vec::new();
    // Exactly `len` bytes are hashed and read, however the file grows.
    let hashed = fill(&mut f, &mut head, (64 << 10).min(len as usize)).and_then(|_| {
        hasher.update(&head);
        std::io::copy(&mut (&mut f).take(len - head.len() as u64), &mut hasher)
    });
    let len = match hashed {
        Ok(n) => head.len() as u64 + n,
        Err(e) => return sinks.outcome(cannot(e)),
    };
    let sha = hex::encode(hasher.finalize());
    if let Some(r) = previous.reuse(&path, &sha) {
        return sinks.rendered(r);
    }
    if !windowable(&path, &head) {
        if len > WHOLE_MAX {
            let why = format!(
                "larger than {WHOLE_MAX} bytes and not one-byte text (UTF-16 or HTML): \
                 it cannot be read a window at a time"
            );
            return sinks.outcome(refused(path, Some(sha), Some(len), Refusal::Skipped(why)));
        }
        let o = match read_len(&input.fs_path, len) {
            Ok(bytes) if sha256_hex(&bytes) == sha => guarded(path, bytes, sha, cat),
            Ok(_) => changed(path, sha, len),
            Err(e) => cannot(e),
        };
        return sinks.outcome(o);
    }
    if let Err(e) = f.seek(std::io::SeekFrom::Start(0)) {
        return sinks.outcome(cannot(e));
    }
    let mut entry = Entry {
        path: path.clone(),
        sha256: Some(sha.clone()),
        bytes: Some(len),
        encoding: None,
        html: false,
        status: Status::Ok,
        reason: None,
        records: 0,
        dropped: 0,
        reused: false,
        windows: Vec::new(),
    };
    let mut notes: Vec<String> = Vec::new();
    let mut encodings: Vec<&'static str> = Vec::new();
    // Runs of bytes read in one encoding family, and the characters of the
    // current line before the next window (line and column must not
    // depend on where windows are cut: CR-only files are one long line).
    let mut runs: Vec<solieu::emit::WindowEncoding> = Vec::new();
    let mut families: Vec<solieu::ingest::Encoding> = Vec::new();
    let mut line_chars = 0usize;
    let mut failed = false;
    let rehash = std::sync::Mutex::new(sha2::Sha256::new());
    let windows = Windows {
        f: f.take(len),
        carry: Vec::new(),
        more: true,
        base: 0,
        line_base: 0,
        rehash: &rehash,
    };
    let bar = sinks.bar.clone();
    solieu::ordered::map(
        threads,
        threads * 2,
        windows,
        |(w, read_error)| (extract_window(&path, &sha, w, cat), read_error),
        |(out, read_error)| {
            match out {
                Ok(mut w) => {
                    for r in &mut w.records {
                        if r.citation.line == w.first_line {
                            r.citation.column += line_chars;
                        }
                    }
                    line_chars = if w.has_lf {
                        w.tail_chars
                    } else {
                        line_chars + w.tail_chars
                    };
                    entry.records += w.records.len();
                    entry.dropped += w.dropped;
                    if !encodings.contains(&w.encoding.name()) {
                        encodings.push(w.encoding.name());
                    }
                    let family = w.encoding.family();
                    if !families.contains(&family) {
                        families.push(family);
                    }
                    match runs.last_mut() {
                        Some(last)
                            if solieu::ingest::Encoding::from_name(&last.encoding)
                                .map(|e| e.family())
                                == Some(family) =>
                        {
                            last.end = w.span.1 as u64
                        }
                        _ => runs.push(solieu::emit::WindowEncoding {
                            start: w.span.0 as u64,
                            end: w.span.1 as u64,
                            encoding: w.encoding.name().to_string(),
                        }),
                    }
                    notes.extend(w.note.filter(|n| !notes.contains(n)));
                    sinks.records(&entry, &w.records)?;
                }
                Err(why) => {
                    failed = true;
                    notes.push(why)
                }
            }
            failed |= read_error.is_some();
            notes.extend(read_error);
            bar.tick();
            Ok::<(), anyhow::Error>(())
        },
    )?;
    entry.encoding = encodings.first().map(|e| e.to_string());
    if encodings.len() > 1 {
        notes.push(format!("windows decoded as {}", encodings.join(", ")));
    }
    if families.len() > 1 {
        // Each citation holds in the encoding of its own window: the
        // manifest lists them, `verify` reads them.
        entry.encoding = Some("mixed".into());
        entry.windows = runs;
    }
    let reread = rehash.into_inner().map(|h| hex::encode(h.finalize()));
    if reread.as_deref().ok() != Some(sha.as_str()) {
        failed = true;
        notes.push("the file changed while it was read: its records may not hold".into());
    }
    if failed {
        entry.status = Status::Failed;
    }
    if entry.dropped > 0 {
        notes.push(format!(
            "{} figure(s) dropped: citation would not hold",
            entry.dropped
        ));
    }
    entry.reason = (!notes.is_empty()).then(|| notes.join("; "));
    sinks.records(&entry, &[])?;
    sinks.entry(entry)
}

/// Worker threads: `--threads`, else one per core.
fn thread_count(asked: Option<usize>) -> usize {
    match asked {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

/// Runs the extraction; returns the exit code.
pub fn run(cat: &Catalog, cfg: &Config) -> anyhow::Result<u8> {
    let started = Instant::now();
    let threads = thread_count(cfg.threads);
    let stdin = cfg.paths.iter().any(|p| p.as_os_str() == "-");
    let mut files: Vec<PathBuf> = cfg
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    if let Some(list) = &cfg.files_from {
        if stdin && list.as_os_str() == "-" {
            anyhow::bail!("--files-from - and the path - both read standard input");
        }
        files.extend(files_from(list, cfg.null)?);
    }
    let sel = Selection::new(cfg)?;
    for p in &files {
        if std::fs::symlink_metadata(p).is_err() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
        // Records would be read back as articles as they are written.
        if p.is_dir() && same_file::is_same_file(p, &cfg.output).unwrap_or(false) {
            anyhow::bail!(
                "{}: the output folder is also an input folder; give -o another folder",
                p.display()
            );
        }
    }
    if cfg.list {
        return list(&files, stdin, cfg, &sel);
    }
    std::fs::create_dir_all(&cfg.output)
        .with_context(|| format!("cannot create {}", cfg.output.display()))?;
    // Records are kept past their JSON lines only for these outputs.
    let keep = cfg.csv || cfg.sqlite.is_some();
    // Outputs are written into a run folder of their own and committed
    // together at the end (see `OutputSet`): the folder is locked meanwhile.
    let set = solieu::emit::OutputSet::begin(&cfg.output).map_err(anyhow::Error::msg)?;
    let previous = if cfg.incremental {
        Previous::load(&cfg.output, cat, keep)?
    } else {
        Previous::default()
    };
    // The output folder, met inside an input folder, is left out (listed as
    // skipped): its files are being written.
    let inputs = selected(&files, cfg.follow, &cfg.output, &sel)
        .filter(|(_, why)| why.is_none())
        .map(|(i, _)| i);
    let records_path = set.path("records.jsonl");
    let csv_path = set.path("records.csv");
    let docs_csv_path = set.path("documents.csv");
    let csv_writer = |path: &Path| -> anyhow::Result<Option<csv::Writer<AtomicFile>>> {
        if !cfg.csv {
            return Ok(None);
        }
        let mut f = AtomicFile::create(path)?;
        if cfg.csv_bom {
            f.write_all("\u{FEFF}".as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(Some(csv::Writer::from_writer(f)))
    };
    let mut sinks = Sinks {
        out: AtomicFile::create(&records_path)?,
        csv: csv_writer(&csv_path)?,
        docs_csv: csv_writer(&docs_csv_path)?,
        csv_safe: cfg.csv_safe || cfg.csv_bom,
        quiet: cfg.quiet,
        db: match &cfg.sqlite {
            Some(p) => Some(
                // issue 17: the run is recorded in the database's `runs` table.
                solieu::sqlite::Sink::open(
                    p,
                    &solieu::sqlite::RunInfo {
                        patterns: &cat.fingerprint,
                        arguments: std::env::args_os()
                            .skip(1)
                            .map(|a| a.to_string_lossy().into_owned())
                            .collect(),
                    },
                )
                .with_context(|| format!("cannot open {}", p.display()))?,
            ),
            None => None,
        },
        manifest: ManifestWriter::create(set.folder(), &cat.fingerprint)?,
        bar: progress_bar(&files, cfg, &sel),
        records_path,
        csv_path,
        docs_csv_path,
    };
    if stdin {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        let sha = solieu::ingest::sha256_hex(&buf);
        sinks.outcome(guarded("-".into(), buf, sha, cat))?;
    }
    // Files are extracted in parallel and written in input order as they
    // finish (see `solieu::ordered`): records are never held for the whole
    // run. Workers also render the JSON lines, so the writer only copies
    // bytes. A large file is left to the writer's turn, which cuts it into
    // windows extracted in parallel and written as they finish. Four
    // documents a thread ahead of the writer are enough to keep both cores
    // busy; sixteen held a few MB more rendered JSON for no speed.
    solieu::ordered::map(
        threads,
        threads * 4,
        inputs,
        |input| {
            let job = match input {
                Ok(input) => read_input(&input, cfg, cat, &previous),
                // A folder entry the walk could not list.
                Err((path, why)) => refused(
                    path,
                    None,
                    None,
                    Refusal::Failed(format!("cannot read: {why}")),
                )
                .into(),
            };
            match job {
                Job::Done(o) => Job::Rendered(Rendered::new(o, keep)),
                job => job,
            }
        },
        |job| match job {
            Job::Rendered(r) => sinks.rendered(r),
            Job::Done(o) => sinks.outcome(o),
            Job::Windowed(input, len) => windowed(&input, len, cat, threads, &previous, &mut sinks),
        },
    )?;
    let Sinks {
        mut out,
        csv: csv_out,
        docs_csv,
        db,
        manifest,
        bar,
        csv_path,
        docs_csv_path,
        ..
    } = sinks;
    bar.finish_and_clear();
    out.writer().flush()?;
    let records_sha = out.commit_hashed()?;
    if let Some(db) = db {
        // issue 17: `--prune` deletes the documents this run did not see.
        db.commit(cfg.prune)
            .context("committing the SQLite database")?;
    }
    let commit_csv = |w: csv::Writer<AtomicFile>, path: &Path| -> anyhow::Result<String> {
        let f = w
            .into_inner()
            .map_err(|e| anyhow::anyhow!("writing {}: {}", path.display(), e.error()))?;
        Ok(f.commit_hashed()?)
    };
    let mut csv_sha = None;
    if let (Some(records), Some(documents)) = (csv_out, docs_csv) {
        csv_sha = Some((
            commit_csv(records, &csv_path)?,
            commit_csv(documents, &docs_csv_path)?,
        ));
    }
    let t = &manifest.finish(
        &records_sha,
        csv_sha.as_ref().map(|(c, d)| (c.as_str(), d.as_str())),
    )?;
    set.commit()?;
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    if cfg.quiet {
        return Ok(if t.failed > 0 { 1 } else { 0 });
    }
    eprintln!(
        "solieu: {} files ({} ok, {} skipped, {} failed), {} records, {} dropped, {:.1} MB/s → {}",
        t.files,
        t.ok,
        t.skipped,
        t.failed,
        t.records,
        t.dropped,
        t.bytes as f64 / 1e6 / secs,
        cfg.output.display()
    );
    Ok(if t.failed > 0 { 1 } else { 0 })
}

/// How many bytes of a bad line `--keep-going` shows (`head`).
const HEAD: usize = 64;

/// A line of the stream that cannot be read as text.
enum BadLine {
    /// Longer than `--max-doc-size`: its length, its first bytes.
    TooLong(usize, Vec<u8>),
    /// Not UTF-8: its first bytes.
    NotUtf8(Vec<u8>),
}

/// Lines of a stream, none held longer than `max` bytes: a longer one is
/// skipped to its end and given as `Err(its length so far)`.
struct BoundedLines {
    reader: Box<dyn std::io::BufRead + Send>,
    max: usize,
    number: usize,
}

impl BoundedLines {
    /// The next line (its 1-based number), `None` at the end.
    fn next_line(&mut self) -> std::io::Result<Option<(usize, Result<String, BadLine>)>> {
        let mut buf = Vec::new();
        let mut head = Vec::new();
        let mut len = 0usize;
        let mut any = false;
        let mut newline = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            any = true;
            let (take, end) = match memchr::memchr(b'\n', chunk) {
                Some(k) => (k + 1, true),
                None => (chunk.len(), false),
            };
            if head.len() < HEAD {
                let room = HEAD - head.len();
                head.extend_from_slice(&chunk[..take.min(room)]);
            }
            len += take;
            if len <= self.max.saturating_add(1) {
                buf.extend_from_slice(&chunk[..take]);
            } else if !buf.is_empty() {
                buf = Vec::new();
            }
            self.reader.consume(take);
            if end {
                newline = true;
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        self.number += 1;
        if newline {
            buf.pop();
            len -= 1;
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        if len > self.max {
            return Ok(Some((self.number, Err(BadLine::TooLong(len, head)))));
        }
        match String::from_utf8(buf) {
            Ok(l) => Ok(Some((self.number, Ok(l)))),
            Err(_) => Ok(Some((self.number, Err(BadLine::NotUtf8(head))))),
        }
    }
}

/// One document of the JSON Lines stream. issue 17: a numeric `id` is
/// accepted and used as its decimal text.
#[derive(serde::Deserialize)]
struct StreamDoc {
    id: StreamId,
    text: String,
    #[allow(dead_code)]
    url: Option<String>,
    #[allow(dead_code)]
    published: Option<String>,
}

/// A document's `id`: a string, or an integer read as its decimal text.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum StreamId {
    Text(String),
    Unsigned(u64),
    Signed(i64),
}

impl StreamId {
    pub(crate) fn into_string(self) -> String {
        match self {
            StreamId::Text(s) => s,
            StreamId::Unsigned(n) => n.to_string(),
            StreamId::Signed(n) => n.to_string(),
        }
    }
}

/// Only the `id` of a line that is not a document (for `--keep-going`
/// and `--status` reports).
#[derive(serde::Deserialize)]
struct OnlyId {
    id: Option<StreamId>,
}

/// What became of one line of the stream.
struct LineOutcome {
    number: usize,
    id: Option<String>,
    /// Its records' JSON lines, or why there are none.
    result: Result<Vec<u8>, String>,
    records: usize,
    dropped: usize,
    /// The line's first bytes, for a bad line without an id.
    head: Option<String>,
}

/// The first bytes of a line, cut at a character boundary (invalid bytes
/// read as U+FFFD).
fn head_text(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(&bytes[..bytes.len().min(HEAD)]).into_owned();
    s.trim_end_matches('\u{FFFD}').to_string()
}

/// Reads one line of the stream and extracts it.
fn stream_line(n: usize, line: Result<String, BadLine>, max: usize, cat: &Catalog) -> LineOutcome {
    let fail = |id: Option<String>, head: Option<String>, why: String| LineOutcome {
        number: n,
        id,
        result: Err(why),
        records: 0,
        dropped: 0,
        head,
    };
    let line = match line {
        Ok(l) => l,
        Err(BadLine::TooLong(len, head)) => {
            return fail(
                None,
                Some(head_text(&head)),
                format!("line {n}: a document line of {len} bytes, larger than --max-doc-size ({max} bytes): not read"),
            )
        }
        Err(BadLine::NotUtf8(head)) => {
            return fail(
                None,
                Some(head_text(&head)),
                format!("line {n}: not UTF-8"),
            )
        }
    };
    let d = match serde_json::from_str::<StreamDoc>(&line) {
        Ok(d) => d,
        Err(e) => {
            let id = serde_json::from_str::<OnlyId>(&line)
                .ok()
                .and_then(|o| o.id)
                .map(StreamId::into_string);
            let head = id.is_none().then(|| head_text(line.as_bytes()));
            return fail(id, head, format!("line {n}: not a document: {e}"));
        }
    };
    let id = d.id.into_string();
    let doc = match document(id.clone(), d.text.into_bytes()) {
        Ok(doc) => doc,
        Err((_, r)) => return fail(Some(id.clone()), None, format!("line {n} ({id}): {r:?}")),
    };
    let ex = extract_document(&doc, cat);
    let mut jsonl = Vec::new();
    for rec in &ex.records {
        let _ = write_record(&mut jsonl, rec);
    }
    LineOutcome {
        number: n,
        id: Some(id),
        result: Ok(jsonl),
        records: ex.records.len(),
        dropped: ex.dropped,
        head: None,
    }
}

/// Stream mode: documents as JSON Lines in, records as JSON Lines out, in
/// input order, flushed batch by batch so a pipe stage (Spark `RDD.pipe`,
/// Hadoop streaming) sees records as it goes. Citations count bytes of each
/// document's UTF-8 `text`; `doc.path` is its `id`. Options of file mode
/// (outputs, `--incremental` …) are refused by clap (exit code 2).
pub fn run_jsonl(cat: &Catalog, input: &std::path::Path, cfg: &Config) -> anyhow::Result<u8> {
    let threads = thread_count(cfg.threads);
    let reader: Box<dyn std::io::BufRead + Send> = if input.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(input)
                .with_context(|| format!("cannot read {}", input.display()))?,
        ))
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut bad = 0usize;
    // A read error ends the stream; it is reported after the lines before it.
    let mut read_error: Option<std::io::Error> = None;
    let max = usize::try_from(cfg.max_doc_size).unwrap_or(usize::MAX);
    let keep_going = cfg.keep_going;
    let mut lines = BoundedLines {
        reader,
        max,
        number: 0,
    };
    let lines = std::iter::from_fn(|| match lines.next_line() {
        // Without --keep-going, as `BufRead::lines` did: a line that is
        // not UTF-8 ends the stream.
        Ok(Some((n, Err(BadLine::NotUtf8(_))))) if !keep_going => {
            read_error = Some(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("line {n}: stream did not contain valid UTF-8"),
            ));
            None
        }
        Ok(l) => l,
        Err(e) => {
            read_error = Some(e);
            None
        }
    })
    .filter(|(_, l)| l.as_ref().is_err() || l.as_ref().is_ok_and(|l| !l.trim().is_empty()));
    solieu::ordered::map(
        threads,
        threads * 4,
        lines,
        |(n, line)| stream_line(n, line, max, cat),
        |o| -> anyhow::Result<()> {
            match &o.result {
                // Flushed per document, so a pipe stage sees records as it goes.
                Ok(jsonl) => {
                    out.write_all(jsonl)?;
                    out.flush()?;
                }
                Err(why) => {
                    bad += 1;
                    if keep_going {
                        let mut report = serde_json::json!({"error": why, "line": o.number});
                        match (&o.id, &o.head) {
                            (Some(id), _) => report["id"] = id.as_str().into(),
                            (None, Some(head)) => report["head"] = head.as_str().into(),
                            (None, None) => {}
                        }
                        eprintln!("{report}");
                    } else {
                        eprintln!("solieu: {why}");
                    }
                }
            }
            if cfg.status {
                let status = serde_json::json!({"status": {
                    "id": o.id,
                    "line": o.number,
                    "records": o.records,
                    "dropped": o.dropped,
                    "error": o.result.as_ref().err(),
                }});
                eprintln!("{status}");
            } else if o.dropped > 0 {
                eprintln!(
                    "solieu: line {} ({}): {} figure(s) dropped: their citation would not hold (a bug, please report)",
                    o.number,
                    o.id.as_deref().unwrap_or(""),
                    o.dropped
                );
            }
            Ok(())
        },
    )?;
    if let Some(e) = read_error {
        return Err(e).context("reading the input stream");
    }
    Ok(if bad > 0 && !keep_going { 1 } else { 0 })
}
