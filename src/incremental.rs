//! `--incremental`: what the previous run in the output folder wrote. Takes
//! the folder's `manifest.json` and `records.jsonl` and the catalog; gives,
//! per file whose bytes did not change, its entry and its JSON lines as they
//! were written ([`Rendered`]), which `emit` copies in place of extracting
//! the file again.

use crate::emit::{JsonLines, Rendered};
use crate::error::{Context, Result};
use crate::record::{record_id, Entry, Manifest, Record, Status};
use crate::rules::Catalog;
use std::collections::HashMap;
use std::io::{Read, Seek};
use std::ops::Range;
use std::path::Path;

/// What the previous run in the output folder wrote, by path (`--incremental`):
/// its manifest entries, and where each file's records lie in its
/// `records.jsonl`. Records are not held: a reused file's lines are copied
/// from the old file as the writer reaches it (the new file is written under
/// a temporary name, so the old one stays readable until the run is done).
#[derive(Default)]
pub struct Previous {
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
    pub fn load(dir: &Path, cat: &Catalog, keep_records: bool) -> Result<Previous> {
        let Some(manifest) = matching_manifest(dir, cat)? else {
            return Ok(Previous::default());
        };
        let path = dir.join("records.jsonl");
        let cannot = || format!("the previous {} is not readable", path.display());
        let Some(files) = index_records(dir, &path, manifest)? else {
            return Ok(Previous::default());
        };
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
    pub fn reuse(&self, path: &str, sha256: &str) -> Option<Rendered> {
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
                .collect::<std::result::Result<Vec<Record>, _>>()
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

/// issue 17: whether a record line's id is [`record_id`] of
/// its own path, hash, span and kind.
fn current_id(line: &[u8]) -> bool {
    serde_json::from_slice::<Record>(line).is_ok_and(|r| {
        let c = &r.citation;
        r.id == record_id(&r.doc.path, &r.doc.sha256, c.start, c.end, &r.kind)
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

/// The previous manifest, when the previous run had this version and these
/// patterns and its records file is the one it belongs to (else said on
/// stderr).
fn matching_manifest(dir: &Path, cat: &Catalog) -> Result<Option<Manifest>> {
    let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) else {
        return Ok(None);
    };
    let manifest: Manifest =
        serde_json::from_str(&text).context("the previous manifest.json is not readable")?;
    drop(text);
    if manifest.version != crate::VERSION || manifest.patterns != cat.fingerprint {
        eprintln!(
            "solieu: the previous run in {} used another version or other patterns: \
             every file is extracted again",
            dir.display()
        );
        return Ok(None);
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
        return Ok(None);
    }
    Ok(Some(manifest))
}

/// Each ok file of the manifest with its lines' byte range and count as
/// found in the records file; `None` when the records' ids are of another
/// form (said on stderr).
#[allow(clippy::type_complexity)]
fn index_records(
    dir: &Path,
    path: &Path,
    manifest: Manifest,
) -> Result<Option<HashMap<String, (Entry, Range<u64>, usize)>>> {
    // Each file's entry, with its lines' byte range and count as found.
    let mut files: std::collections::HashMap<String, (Entry, std::ops::Range<u64>, usize)> =
        manifest
            .files
            .into_iter()
            .filter(|e| e.status == Status::Ok)
            .map(|e| (e.path.clone(), (e, 0..0, 0)))
            .collect();
    let cannot = || format!("the previous {} is not readable", path.display());
    let mut lines = JsonLines::open(path).with_context(cannot)?;
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
            return Ok(None);
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
    Ok(Some(files))
}
