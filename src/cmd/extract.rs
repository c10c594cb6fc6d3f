//! `solieu extract`: walk, read and extract in parallel, write in input order.
//! Takes the parsed options and the catalog; walks the inputs
//! (`ingest::walk`, `--glob`/`--exclude`), admits each file
//! (`ingest::admit`), reuses a previous run's records (`incremental`),
//! extracts the rest (`pipeline`) and hands every file, in input order, to
//! the outputs (`emit::Sinks`). Gives the exit code.

use super::thread_count;
use crate::cli::ExtractArgs;
use anyhow::Context;
use sha2::Digest;
use solieu::emit::{OutputSet, Outputs, Rendered, Sinks};
use solieu::incremental::Previous;
use solieu::ingest::admit::{admit, hash_file, pre_check, read_len, Admission, Policy, Windows};
use solieu::ingest::{fs_path, sha256_hex, walk, windowable, Input, Refusal, WHOLE_MAX};
use solieu::pipeline::{changed, extract_window, guarded, refused, FileOutput, WindowedEntry};
use solieu::record::Totals;
use solieu::rules::Catalog;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a worker made of one input: its outcome, or a large file left for
/// [`windowed`], which reads it a window at a time in input order.
enum Job {
    Done(FileOutput),
    /// Done, with its JSON lines rendered by the worker.
    Rendered(Rendered),
    Windowed(Input, u64),
}

impl From<FileOutput> for Job {
    fn from(o: FileOutput) -> Self {
        Job::Done(o)
    }
}

/// The admission policy the options give.
fn policy(cfg: &ExtractArgs) -> Policy {
    Policy {
        max_file_size: cfg.max_file_size,
        window_from: cfg.window_from,
        follow: cfg.follow,
    }
}

fn read_input(input: &Input, policy: &Policy, cat: &Catalog, previous: &Previous) -> Job {
    let path = input.display.clone();
    match admit(input, policy) {
        Admission::Refused(bytes, why) => refused(path, None, bytes, why).into(),
        Admission::Windowed(len) => Job::Windowed(input.clone(), len),
        Admission::Whole(bytes) => {
            let sha = sha256_hex(&bytes);
            match previous.reuse(&path, &sha) {
                Some(r) => Job::Rendered(r),
                None => guarded(path, bytes, sha, cat).into(),
            }
        }
    }
}

/// Writes a file's outcome.
fn outcome(sinks: &mut Sinks, o: FileOutput) -> anyhow::Result<()> {
    sinks.outcome(o.entry, &o.records)
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
        Err(e) => return outcome(sinks, cannot(e)),
    };
    let (head, len, sha) = match hash_file(&mut f, len) {
        Ok(h) => (h.head, h.len, h.sha),
        Err(e) => return outcome(sinks, cannot(e)),
    };
    if let Some(r) = previous.reuse(&path, &sha) {
        return sinks.rendered(r);
    }
    if !windowable(&path, &head) {
        if len > WHOLE_MAX {
            let why = format!(
                "larger than {WHOLE_MAX} bytes and not one-byte text (UTF-16 or HTML): \
                 it cannot be read a window at a time"
            );
            return outcome(
                sinks,
                refused(path, Some(sha), Some(len), Refusal::Skipped(why)),
            );
        }
        let o = match read_len(&input.fs_path, len) {
            Ok(bytes) if sha256_hex(&bytes) == sha => guarded(path, bytes, sha, cat),
            Ok(_) => changed(path, sha, len),
            Err(e) => cannot(e),
        };
        return outcome(sinks, o);
    }
    if let Err(e) = f.seek(std::io::SeekFrom::Start(0)) {
        return outcome(sinks, cannot(e));
    }
    let mut acc = WindowedEntry::new(path.clone(), sha.clone(), len);
    let rehash = std::sync::Mutex::new(sha2::Sha256::new());
    let windows = Windows::new(f.take(len), &rehash);
    let bar = sinks.bar.clone();
    solieu::ordered::map(
        threads,
        threads * 2,
        windows,
        |(w, read_error)| (extract_window(&path, &sha, w, cat), read_error),
        |(out, read_error)| {
            if let Some(records) = acc.add(out, read_error) {
                sinks.records(&acc.entry, &records)?;
            }
            bar.tick();
            Ok::<(), anyhow::Error>(())
        },
    )?;
    let reread = rehash.into_inner().ok().map(|h| hex::encode(h.finalize()));
    let entry = acc.finish(reread);
    sinks.records(&entry, &[])?;
    sinks.entry(entry)
}

/// Whether standard input is read (the path `-`), and the other paths given
/// (with `--files-from`'s).
fn given_paths(cfg: &ExtractArgs) -> anyhow::Result<(bool, Vec<PathBuf>)> {
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
    Ok((stdin, files))
}

/// Every path given exists, and none is the output folder.
fn ensure_inputs(files: &[PathBuf], output: &Path) -> anyhow::Result<()> {
    for p in files {
        if std::fs::symlink_metadata(p).is_err() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
        // Records would be read back as articles as they are written.
        if p.is_dir() && same_file::is_same_file(p, output).unwrap_or(false) {
            anyhow::bail!(
                "{}: the output folder is also an input folder; give -o another folder",
                p.display()
            );
        }
    }
    Ok(())
}

/// Runs the extraction; returns the exit code.
pub fn run(cat: &Catalog, cfg: &ExtractArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let threads = thread_count(cfg.threads);
    let (stdin, files) = given_paths(cfg)?;
    let sel = Selection::new(cfg)?;
    ensure_inputs(&files, &cfg.output)?;
    if cfg.list {
        return list(&files, stdin, cfg, &sel);
    }
    std::fs::create_dir_all(&cfg.output)
        .with_context(|| format!("cannot create {}", cfg.output.display()))?;
    // Records are kept past their JSON lines only for these outputs.
    let keep = cfg.csv || cfg.sqlite.is_some();
    // Outputs are written into a run folder of their own and committed
    // together at the end (see `OutputSet`): the folder is locked meanwhile.
    let set = OutputSet::begin(&cfg.output).map_err(anyhow::Error::msg)?;
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
    let outputs = Outputs {
        csv: cfg.csv,
        csv_bom: cfg.csv_bom,
        csv_safe: cfg.csv_safe,
        sqlite: cfg.sqlite.as_deref(),
        quiet: cfg.quiet,
        patterns: &cat.fingerprint,
    };
    let mut sinks = Sinks::open(&set, &outputs, || progress_bar(&files, cfg, &sel))?;
    if stdin {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        let sha = sha256_hex(&buf);
        outcome(&mut sinks, guarded("-".into(), buf, sha, cat))?;
    }
    let run = Run {
        cat,
        policy: policy(cfg),
        previous: &previous,
        keep,
        threads,
    };
    run.files(inputs, &mut sinks)?;
    let t = sinks.finish(cfg.prune)?;
    set.commit()?;
    Ok(summary(&t, started, cfg))
}

/// What every file of a run is read with.
struct Run<'a> {
    cat: &'a Catalog,
    policy: Policy,
    previous: &'a Previous,
    /// Records are kept past their JSON lines (for CSV and SQLite).
    keep: bool,
    threads: usize,
}

impl Run<'_> {
    /// Files are extracted in parallel and written in input order as they
    /// finish (see `solieu::ordered`): records are never held for the whole
    /// run. Workers also render the JSON lines, so the writer only copies
    /// bytes. A large file is left to the writer's turn, which cuts it into
    /// windows extracted in parallel and written as they finish. Four
    /// documents a thread ahead of the writer are enough to keep both cores
    /// busy; sixteen held a few MB more rendered JSON for no speed.
    fn files(
        &self,
        inputs: impl Iterator<Item = Result<Input, (String, String)>> + Send,
        sinks: &mut Sinks,
    ) -> anyhow::Result<()> {
        let (cat, threads) = (self.cat, self.threads);
        solieu::ordered::map(
            threads,
            threads * 4,
            inputs,
            |input| {
                let job = match input {
                    Ok(input) => read_input(&input, &self.policy, cat, self.previous),
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
                    Job::Done(o) => Job::Rendered(Rendered::new(o.entry, o.records, self.keep)),
                    job => job,
                }
            },
            |job| match job {
                Job::Rendered(r) => sinks.rendered(r),
                Job::Done(o) => outcome(sinks, o),
                Job::Windowed(input, len) => {
                    windowed(&input, len, cat, threads, self.previous, sinks)
                }
            },
        )
    }
}

/// The closing line on standard error (unless `--quiet`); the exit code.
fn summary(t: &Totals, started: Instant, cfg: &ExtractArgs) -> u8 {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    if cfg.quiet {
        return if t.failed > 0 { 1 } else { 0 };
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
    if t.failed > 0 {
        1
    } else {
        0
    }
}

/// `--glob` and `--exclude`: which files found in folders are read.
struct Selection {
    globs: Option<globset::GlobSet>,
    excludes: Option<globset::GlobSet>,
}

impl Selection {
    fn new(cfg: &ExtractArgs) -> anyhow::Result<Selection> {
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
fn list(files: &[PathBuf], stdin: bool, cfg: &ExtractArgs, sel: &Selection) -> anyhow::Result<u8> {
    if stdin {
        out!("read\t-");
    }
    for (item, why) in selected(files, cfg.follow, &cfg.output, sel) {
        match item {
            Err((path, e)) => out!("skip\t{path}\tcannot read: {e}"),
            Ok(input) => {
                let why = match why {
                    Some(w) => Some(w.to_string()),
                    None => pre_check(&input, &policy(cfg)).err().map(|(_, r)| match r {
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
        .map(|p| fs_path(&String::from_utf8_lossy(p)))
        .collect())
}

/// A progress bar on a terminal; silence in pipes and files.
/// The files to come are counted by a walk of their own (listing them
/// ahead would make memory grow with their number); only on a terminal.
fn progress_bar(roots: &[PathBuf], cfg: &ExtractArgs, sel: &Selection) -> indicatif::ProgressBar {
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
