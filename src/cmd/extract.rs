//! `solieu extract`: walk, read and extract in parallel, write in input order.

use anyhow::Context;
use rayon::prelude::*;
use solieu::emit::{write_manifest, write_record, AtomicFile, Entry, Manifest, Status};
use solieu::ingest::{document, document_hashed, walk, Input, Refusal};
use solieu::pipeline::extract_document;
use solieu::record::Record;
use solieu::rules::Catalog;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::Instant;

pub use crate::cli::ExtractArgs as Config;

/// What the previous run in the output folder wrote, by path (`--incremental`).
#[derive(Default)]
struct Previous {
    files: std::collections::HashMap<String, (Entry, Vec<Record>)>,
}

impl Previous {
    fn load(dir: &std::path::Path) -> anyhow::Result<Previous> {
        let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) else {
            return Ok(Previous::default());
        };
        let manifest: Manifest =
            serde_json::from_str(&text).context("the previous manifest.json is not readable")?;
        let mut files: std::collections::HashMap<String, (Entry, Vec<Record>)> = manifest
            .files
            .into_iter()
            .filter(|e| e.status == Status::Ok)
            .map(|e| (e.path.clone(), (e, Vec::new())))
            .collect();
        let records = std::fs::read_to_string(dir.join("records.jsonl"))
            .context("the previous records.jsonl is not readable")?;
        for line in records.lines().filter(|l| !l.trim().is_empty()) {
            let r: Record =
                serde_json::from_str(line).context("the previous records.jsonl has a bad line")?;
            if let Some((_, recs)) = files.get_mut(&r.doc.path) {
                recs.push(r);
            }
        }
        Ok(Previous { files })
    }

    /// The previous outcome for these bytes, when nothing changed.
    fn reuse(&self, path: &str, sha256: &str) -> Option<Outcome> {
        let (entry, records) = self.files.get(path)?;
        if entry.sha256.as_deref() != Some(sha256) {
            return None;
        }
        let mut entry = entry.clone();
        entry.reused = true;
        Some(Outcome {
            entry,
            records: records.clone(),
        })
    }
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
                },
                records: ex.records,
            }
        }
        Err((sha, r)) => refused(path, Some(sha), Some(n), r),
    }
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

fn read_input(
    input: &Input,
    max: u64,
    follow: bool,
    cat: &Catalog,
    previous: &Previous,
) -> Outcome {
    let path = input.display.clone();
    // A link met while walking is not followed unless --follow says so (it
    // may point outside the input folder, or in a loop).
    if !follow && !input.explicit {
        if let Ok(l) = std::fs::symlink_metadata(&input.fs_path) {
            if l.file_type().is_symlink() {
                return refused(
                    path,
                    None,
                    None,
                    Refusal::Skipped("symbolic link, not followed (use --follow)".into()),
                );
            }
        }
    }
    let meta = match std::fs::metadata(&input.fs_path) {
        Ok(m) => m,
        Err(e) => {
            return refused(
                path,
                None,
                None,
                Refusal::Failed(format!("cannot read: {e}")),
            )
        }
    };
    if !meta.is_file() {
        return refused(
            path,
            None,
            None,
            Refusal::Skipped("not a regular file".into()),
        );
    }
    let lower = path.to_ascii_lowercase();
    if [
        ".tsv", ".csv", ".json", ".jsonl", ".xml", ".toml", ".yaml", ".yml",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
    {
        return refused(
            path,
            None,
            Some(meta.len()),
            Refusal::Skipped("data file, not an article (by its extension)".into()),
        );
    }
    if meta.len() > max {
        return refused(
            path,
            None,
            Some(meta.len()),
            Refusal::Skipped(format!("larger than --max-file-size ({max} bytes)")),
        );
    }
    match std::fs::read(&input.fs_path) {
        Ok(bytes) => {
            let sha = solieu::ingest::sha256_hex(&bytes);
            match previous.reuse(&path, &sha) {
                Some(o) => o,
                None => guarded(path, bytes, sha, cat),
            }
        }
        Err(e) => refused(
            path,
            None,
            None,
            Refusal::Failed(format!("cannot read: {e}")),
        ),
    }
}

/// Runs the extraction; returns the exit code.
pub fn run(cat: &Catalog, cfg: &Config) -> anyhow::Result<u8> {
    let started = Instant::now();
    std::fs::create_dir_all(&cfg.output)
        .with_context(|| format!("cannot create {}", cfg.output.display()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads.unwrap_or(0))
        .build()
        .context("thread pool")?;
    let stdin = cfg.paths.iter().any(|p| p.as_os_str() == "-");
    let files: Vec<PathBuf> = cfg
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    for p in &files {
        if std::fs::symlink_metadata(p).is_err() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
    }
    let previous = if cfg.incremental {
        Previous::load(&cfg.output)?
    } else {
        Previous::default()
    };
    let (inputs, walk_errors) = walk(&files, cfg.follow);
    let records_path = cfg.output.join("records.jsonl");
    let mut out = AtomicFile::create(&records_path)?;
    let mut entries = Vec::with_capacity(inputs.len() + 1);
    let csv_path = cfg.output.join("records.csv");
    let mut csv_out = match cfg.csv {
        true => Some(csv::Writer::from_writer(AtomicFile::create(&csv_path)?)),
        false => None,
    };
    let mut db = match &cfg.sqlite {
        Some(p) => Some(
            solieu::sqlite::Sink::open(p)
                .with_context(|| format!("cannot open {}", p.display()))?,
        ),
        None => None,
    };
    // A progress bar on a terminal; silence in pipes and files.
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let b = indicatif::ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} files, {elapsed} ({eta} left) {msg}",
        ) {
            b.set_style(style);
        }
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut emit = |o: Outcome, out: &mut AtomicFile| -> anyhow::Result<()> {
        bar.inc(1);
        if let Some(db) = db.as_mut() {
            db.document(&o.entry, &o.records)
                .context("writing the SQLite database")?;
        }
        for r in &o.records {
            write_record(out.writer(), r)
                .with_context(|| format!("writing {}", records_path.display()))?;
            if let Some(w) = csv_out.as_mut() {
                w.serialize(solieu::emit::CsvRow::from(r))
                    .with_context(|| format!("writing {}", csv_path.display()))?;
            }
        }
        if o.entry.status != Status::Ok {
            let what = if o.entry.status == Status::Failed {
                "failed"
            } else {
                "skipped"
            };
            bar.suspend(|| {
                eprintln!(
                    "solieu: {}: {what}: {}",
                    o.entry.path,
                    o.entry.reason.as_deref().unwrap_or("")
                )
            });
        }
        entries.push(o.entry);
        Ok(())
    };
    if stdin {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        let sha = solieu::ingest::sha256_hex(&buf);
        emit(guarded("-".into(), buf, sha, cat), &mut out)?;
    }
    // Files are extracted in parallel a batch at a time and written in input
    // order as each batch finishes: records are never held for the whole run.
    let batch = pool.current_num_threads().max(1) * 8;
    for chunk in inputs.chunks(batch) {
        let outcomes: Vec<Outcome> = pool.install(|| {
            chunk
                .par_iter()
                .map(|i| read_input(i, cfg.max_file_size, cfg.follow, cat, &previous))
                .collect()
        });
        for o in outcomes {
            emit(o, &mut out)?;
        }
    }
    for (path, why) in walk_errors {
        emit(
            refused(
                path,
                None,
                None,
                Refusal::Failed(format!("cannot read: {why}")),
            ),
            &mut out,
        )?;
    }
    bar.finish_and_clear();
    out.writer().flush()?;
    out.commit()?;
    if let Some(db) = db {
        db.commit().context("committing the SQLite database")?;
    }
    if let Some(w) = csv_out {
        let f = w
            .into_inner()
            .map_err(|e| anyhow::anyhow!("writing {}: {}", csv_path.display(), e.error()))?;
        f.commit()?;
    }
    let manifest = Manifest::new(entries);
    write_manifest(&cfg.output, &manifest)?;
    let t = &manifest.totals;
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "solieu: {} files ({} ok, {} skipped, {} failed), {} records, {:.1} MB/s → {}",
        t.files,
        t.ok,
        t.skipped,
        t.failed,
        t.records,
        t.bytes as f64 / 1e6 / secs,
        cfg.output.display()
    );
    Ok(if t.failed > 0 { 1 } else { 0 })
}

/// One document of the JSON Lines stream.
#[derive(serde::Deserialize)]
struct StreamDoc {
    id: String,
    text: String,
    #[allow(dead_code)]
    url: Option<String>,
    #[allow(dead_code)]
    published: Option<String>,
}

/// Stream mode: documents as JSON Lines in, records as JSON Lines out, in
/// input order, flushed batch by batch so a pipe stage (Spark `RDD.pipe`,
/// Hadoop streaming) sees records as it goes. Citations count bytes of each
/// document's UTF-8 `text`; `doc.path` is its `id`.
pub fn run_jsonl(
    cat: &Catalog,
    input: &std::path::Path,
    threads: Option<usize>,
) -> anyhow::Result<u8> {
    use std::io::BufRead;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("thread pool")?;
    let reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin().lock()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(input)
                .with_context(|| format!("cannot read {}", input.display()))?,
        ))
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let batch = pool.current_num_threads().max(1) * 4;
    let mut lines = reader.lines().enumerate();
    let mut bad = 0usize;
    loop {
        let mut chunk: Vec<(usize, String)> = Vec::with_capacity(batch);
        for (n, line) in lines.by_ref() {
            let line = line.context("reading the input stream")?;
            if !line.trim().is_empty() {
                chunk.push((n + 1, line));
            }
            if chunk.len() == batch {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Result<Vec<Record>, String>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|(n, line)| match serde_json::from_str::<StreamDoc>(line) {
                    Ok(d) => match document(d.id.clone(), d.text.into_bytes()) {
                        Ok(doc) => Ok(extract_document(&doc, cat).records),
                        Err((_, r)) => Err(format!("line {n} ({}): {r:?}", d.id)),
                    },
                    Err(e) => Err(format!("line {n}: not a document: {e}")),
                })
                .collect()
        });
        for r in results {
            match r {
                Ok(records) => {
                    for rec in &records {
                        write_record(&mut out, rec)?;
                    }
                }
                Err(why) => {
                    bad += 1;
                    eprintln!("solieu: {why}");
                }
            }
        }
        out.flush()?;
    }
    Ok(if bad > 0 { 1 } else { 0 })
}
