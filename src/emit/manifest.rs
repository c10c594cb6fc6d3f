//! The manifest, written as the run goes ([`ManifestWriter`]): one entry per
//! input file as its file is done, then the totals and the hashes of the
//! outputs it belongs to. Takes [`Entry`]s from the fan-out in
//! [`crate::emit`]; hands `manifest.json` to the run folder ([`super::atomic`]).

use super::atomic::{io, AtomicFile};
use crate::error::{Error, Result};
use crate::record::{Entry, Manifest, Totals};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

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

#[cfg(test)]
mod tests {
    use super::ManifestWriter;
    use crate::record::{Entry, Manifest, Status};

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
