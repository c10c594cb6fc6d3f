//! Emit: where records and manifest entries go. Takes each file's [`Entry`]
//! and [`Record`]s from `pipeline` (or a previous run's, `--incremental`), in
//! input order; gives the outputs of a run: `records.jsonl`, `records.csv`
//! and `documents.csv`, an SQLite database and `manifest.json`, written into
//! a run folder and committed together ([`OutputSet`]), so a crash never
//! leaves a half-written file. Each output is a [`Sink`]; [`Sinks`] fans a
//! file out to them in a fixed order. The review page ([`review`]) is
//! written from the records afterwards.

pub mod atomic;
pub mod csv;
pub mod jsonl;
pub mod manifest;
pub mod review;
pub mod sqlite;

pub use self::atomic::{AtomicFile, Hashed, OutputSet, OUTPUT_NAMES};
pub use self::csv::{CsvRow, DocumentRow};
pub use self::jsonl::{write_record, JsonLine, JsonLines};
pub use self::manifest::{write_manifest, ManifestWriter};

use crate::error::{Context, Error, Result};
use crate::record::{Entry, Record, Status, Totals};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file's outcome with its records already rendered as JSON lines (by a
/// worker, or copied from the previous run); the records themselves are kept
/// only for the CSV and SQLite outputs.
pub struct Rendered {
    /// The file's manifest entry.
    pub entry: Entry,
    /// Its records (empty unless kept for CSV or SQLite).
    pub records: Vec<Record>,
    /// Its records as JSON lines.
    pub jsonl: Vec<u8>,
}

impl Rendered {
    /// Renders a file's records; `keep_records` keeps them too.
    pub fn new(entry: Entry, records: Vec<Record>, keep_records: bool) -> Rendered {
        let mut jsonl = Vec::with_capacity(records.len() * 1024);
        for r in &records {
            // Writing into a Vec cannot fail; a record always serializes.
            let _ = write_record(&mut jsonl, r);
        }
        Rendered {
            entry,
            records: if keep_records { records } else { Vec::new() },
            jsonl,
        }
    }
}

/// One output of a run (ripgrep's `Sink` seam): it is handed each file's
/// records, then the file's closing entry.
pub trait Sink {
    /// Records of a file; `entry` is its entry so far (a large file's records
    /// come window by window).
    fn records(&mut self, entry: &Entry, records: &[Record]) -> Result<()> {
        let _ = (entry, records);
        Ok(())
    }

    /// A file whose JSON lines a worker rendered.
    fn rendered(&mut self, r: &Rendered) -> Result<()> {
        self.records(&r.entry, &r.records)
    }

    /// Closes a file: its manifest entry.
    fn entry(&mut self, entry: &Entry) -> Result<()> {
        let _ = entry;
        Ok(())
    }
}

/// `records.jsonl`.
pub struct JsonlSink {
    out: AtomicFile,
    path: PathBuf,
}

impl Sink for JsonlSink {
    fn records(&mut self, _: &Entry, records: &[Record]) -> Result<()> {
        for r in records {
            write_record(self.out.writer(), r)
                .with_context(|| format!("writing {}", self.path.display()))?;
        }
        Ok(())
    }

    fn rendered(&mut self, r: &Rendered) -> Result<()> {
        self.out
            .writer()
            .write_all(&r.jsonl)
            .with_context(|| format!("writing {}", self.path.display()))
    }
}

/// `records.csv` and `documents.csv` (`--csv`).
pub struct CsvSink {
    records: ::csv::Writer<AtomicFile>,
    records_path: PathBuf,
    /// `documents.csv`: one row per manifest entry.
    documents: ::csv::Writer<AtomicFile>,
    documents_path: PathBuf,
    /// `--csv-safe` (or `--csv-bom`): formula-like cells neutralized.
    safe: bool,
}

impl CsvSink {
    /// Starts both files; with `bom`, each opens with a byte order mark.
    fn create(set: &OutputSet, bom: bool, safe: bool) -> Result<CsvSink> {
        let writer = |path: &Path| -> Result<::csv::Writer<AtomicFile>> {
            let mut f = AtomicFile::create(path)?;
            if bom {
                f.write_all("\u{FEFF}".as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            Ok(::csv::Writer::from_writer(f))
        };
        let records_path = set.path("records.csv");
        let documents_path = set.path("documents.csv");
        Ok(CsvSink {
            records: writer(&records_path)?,
            documents: writer(&documents_path)?,
            records_path,
            documents_path,
            safe,
        })
    }

    /// Renames both files into place: their sha256.
    fn commit(self) -> Result<(String, String)> {
        let commit = |w: ::csv::Writer<AtomicFile>, path: &Path| -> Result<String> {
            let f = w.into_inner().map_err(|e| {
                Error::Message(format!("writing {}: {}", path.display(), e.error()))
            })?;
            f.commit_hashed()
        };
        Ok((
            commit(self.records, &self.records_path)?,
            commit(self.documents, &self.documents_path)?,
        ))
    }
}

impl Sink for CsvSink {
    fn records(&mut self, _: &Entry, records: &[Record]) -> Result<()> {
        for r in records {
            self.records
                .serialize(CsvRow::new(r, self.safe))
                .with_context(|| format!("writing {}", self.records_path.display()))?;
        }
        Ok(())
    }

    fn entry(&mut self, entry: &Entry) -> Result<()> {
        self.documents
            .serialize(DocumentRow::new(entry, self.safe))
            .with_context(|| format!("writing {}", self.documents_path.display()))
    }
}

impl Sink for sqlite::Database {
    fn records(&mut self, entry: &Entry, records: &[Record]) -> Result<()> {
        self.document(entry, records)
            .context("writing the SQLite database")
    }
}

impl Sink for ManifestWriter {
    fn entry(&mut self, entry: &Entry) -> Result<()> {
        ManifestWriter::entry(self, entry).context("writing the manifest")
    }
}

/// Which outputs a run writes, besides `records.jsonl` and the manifest.
pub struct Outputs<'a> {
    /// `--csv`: `records.csv` and `documents.csv`.
    pub csv: bool,
    /// `--csv-bom`: the CSV files open with a byte order mark.
    pub csv_bom: bool,
    /// `--csv-safe` (or `--csv-bom`): formula-like cells neutralized.
    pub csv_safe: bool,
    /// `--sqlite`: the database.
    pub sqlite: Option<&'a Path>,
    /// `--quiet`: no line per skipped file.
    pub quiet: bool,
    /// The patterns fingerprint (in the manifest and the database).
    pub patterns: &'a str,
}

/// Where records and entries go, in input order.
pub struct Sinks {
    jsonl: JsonlSink,
    csv: Option<CsvSink>,
    /// `--quiet`: no line per skipped file.
    quiet: bool,
    db: Option<sqlite::Database>,
    manifest: ManifestWriter,
    /// The progress bar (hidden off a terminal).
    pub bar: indicatif::ProgressBar,
}

impl Sinks {
    /// Opens every output of `set`; `bar` makes the progress bar once they
    /// are open.
    pub fn open(
        set: &OutputSet,
        o: &Outputs,
        bar: impl FnOnce() -> indicatif::ProgressBar,
    ) -> Result<Sinks> {
        let records_path = set.path("records.jsonl");
        let jsonl = JsonlSink {
            out: AtomicFile::create(&records_path)?,
            path: records_path,
        };
        let csv = match o.csv {
            true => Some(CsvSink::create(set, o.csv_bom, o.csv_safe || o.csv_bom)?),
            false => None,
        };
        let db = match o.sqlite {
            Some(p) => Some(
                // issue 17: the run is recorded in the database's `runs` table.
                sqlite::Database::open(
                    p,
                    &sqlite::RunInfo {
                        patterns: o.patterns,
                        arguments: std::env::args_os()
                            .skip(1)
                            .map(|a| a.to_string_lossy().into_owned())
                            .collect(),
                    },
                )
                .with_context(|| format!("cannot open {}", p.display()))?,
            ),
            None => None,
        };
        Ok(Sinks {
            jsonl,
            csv,
            quiet: o.quiet,
            db,
            manifest: ManifestWriter::create(set.folder(), o.patterns)?,
            bar: bar(),
        })
    }

    /// Writes records of a file; `entry` is its entry so far (the database
    /// keeps the file's row up to date).
    pub fn records(&mut self, entry: &Entry, records: &[Record]) -> Result<()> {
        if let Some(db) = self.db.as_mut() {
            db.records(entry, records)?;
        }
        self.jsonl.records(entry, records)?;
        if let Some(csv) = self.csv.as_mut() {
            csv.records(entry, records)?;
        }
        Ok(())
    }

    /// Closes a file: its manifest entry, a warning when it is not ok.
    pub fn entry(&mut self, entry: Entry) -> Result<()> {
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
        if let Some(csv) = self.csv.as_mut() {
            csv.entry(&entry)?;
        }
        Sink::entry(&mut self.manifest, &entry)
    }

    /// Writes a file whose JSON lines a worker rendered.
    pub fn rendered(&mut self, r: Rendered) -> Result<()> {
        self.jsonl.rendered(&r)?;
        if let Some(db) = self.db.as_mut() {
            db.rendered(&r)?;
        }
        if let Some(csv) = self.csv.as_mut() {
            csv.rendered(&r)?;
        }
        self.entry(r.entry)
    }

    /// Writes a file's records and closes it.
    pub fn outcome(&mut self, entry: Entry, records: &[Record]) -> Result<()> {
        self.records(&entry, records)?;
        self.entry(entry)
    }

    /// Commits the outputs into the run folder (`prune`: `--prune` for the
    /// database) and gives the run's totals.
    pub fn finish(self, prune: bool) -> Result<Totals> {
        let Sinks {
            mut jsonl,
            csv,
            db,
            manifest,
            bar,
            ..
        } = self;
        bar.finish_and_clear();
        jsonl.out.writer().flush()?;
        let records_sha = jsonl.out.commit_hashed()?;
        if let Some(db) = db {
            // issue 17: `--prune` deletes the documents this run did not see.
            db.commit(prune).context("committing the SQLite database")?;
        }
        let csv_sha = match csv {
            Some(csv) => Some(csv.commit()?),
            None => None,
        };
        manifest.finish(
            &records_sha,
            csv_sha.as_ref().map(|(c, d)| (c.as_str(), d.as_str())),
        )
    }
}
