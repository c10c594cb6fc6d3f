//! `solieu extract`: walk, read and extract in parallel, write in input order.
//! Takes the parsed options and the catalog; walks the inputs
//! (`ingest::walk`, `--glob`/`--exclude`), admits each file
//! (`ingest::admit`), reuses a previous run's records (`incremental`),
//! extracts the rest (`pipeline`) and hands every file, in input order, to
//! the outputs (`emit::Sinks`). Gives the exit code.

use super::thread_count;
use crate::cli::ExtractArgs;
use crate::config::{ensure_inputs, given_paths, outputs, policy, selected, Selection};
use crate::exit::Exit;
use anyhow::Context;
use sha2::Digest;
use solieu::emit::{OutputSet, Rendered, Sinks};
use solieu::incremental::Previous;
use solieu::ingest::admit::{admit, hash_file, pre_check, read_len, Admission, Policy, Windows};
use solieu::ingest::{sha256_hex, windowable, Input, Refusal, WHOLE_MAX};
use solieu::pipeline::{changed, extract_window, guarded, refused, FileOutput, WindowedEntry};
use solieu::record::Totals;
use solieu::rules::Catalog;
use std::io::{Read, Seek};
use std::path::PathBuf;
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

/// A worker's turn at one input: admitted (`ingest::admit`), then reused
/// from the previous run or extracted when it is read whole.
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
    Ok(sinks.outcome(o.entry, &o.records)?)
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
        return Ok(sinks.rendered(r)?);
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
    Ok(sinks.entry(entry)?)
}

/// Runs the extraction; returns the exit code.
pub fn run(cat: &Catalog, cfg: &ExtractArgs) -> anyhow::Result<Exit> {
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
    let outputs = outputs(cfg, &cat.fingerprint);
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
                Job::Rendered(r) => Ok(sinks.rendered(r)?),
                Job::Done(o) => outcome(sinks, o),
                Job::Windowed(input, len) => {
                    windowed(&input, len, cat, threads, self.previous, sinks)
                }
            },
        )
    }
}

/// The closing line on standard error (unless `--quiet`); the exit code.
fn summary(t: &Totals, started: Instant, cfg: &ExtractArgs) -> Exit {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    if cfg.quiet {
        return Exit::failed_if(t.failed > 0);
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
    Exit::failed_if(t.failed > 0)
}

/// `--list`: what would be read, and why not the rest.
fn list(
    files: &[PathBuf],
    stdin: bool,
    cfg: &ExtractArgs,
    sel: &Selection,
) -> anyhow::Result<Exit> {
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
    Ok(Exit::Ok)
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
