//! `solieu verify RECORDS`: re-read every cited file, check its sha256 and that
//! the cited bytes still equal each quote. Paths are read as written in the
//! records (relative to the folder `extract` ran in).
//!
//! Records are streamed: memory holds one line and the file it cites, never
//! the whole records file (a run over many articles writes gigabytes).

use anyhow::Context;
use solieu::cite::check;
use solieu::emit::JsonLines;
use solieu::ingest::{decode, sha256_hex, Encoding};
use solieu::record::Record;
use std::path::Path;

/// The cited file, read once for the run of records that cite it.
struct Cited {
    path: String,
    /// Its bytes, sha256 and encoding; `None` when it is missing or cannot
    /// be decoded (already reported).
    read: Option<(Vec<u8>, String, Encoding)>,
    /// Whether a changed sha256 was reported.
    stale: bool,
}

impl Cited {
    fn open(path: &str) -> Cited {
        let read = match std::fs::read(solieu::ingest::fs_path(path)) {
            Ok(bytes) => match decode(&bytes) {
                Ok(d) => {
                    let sha = sha256_hex(&bytes);
                    Some((bytes, sha, d.encoding))
                }
                Err(e) => {
                    println!("{path}: cannot be decoded any more: {e:?}");
                    None
                }
            },
            Err(e) => {
                println!("{path}: missing: {e}");
                None
            }
        };
        Cited {
            path: path.to_string(),
            read,
            stale: false,
        }
    }
}

/// Checks every record; prints each problem; exit 1 when any is found.
pub fn run(records: &Path) -> anyhow::Result<u8> {
    let cannot = || format!("cannot read {}", records.display());
    let mut lines = JsonLines::open(records).with_context(cannot)?;
    let (mut problems, mut checked, mut files) = (0usize, 0usize, 0usize);
    let mut cited: Option<Cited> = None;
    while let Some(line) = lines.next_line().with_context(cannot)? {
        let n = line.number;
        let r = match serde_json::from_slice::<Record>(line.bytes) {
            Ok(r) => r,
            Err(e) => {
                problems += 1;
                println!("{}:{n}: not a record: {e}", records.display());
                continue;
            }
        };
        // extract writes a file's records together: each file is read once.
        if cited.as_ref().is_none_or(|c| c.path != r.doc.path) {
            cited = Some(Cited::open(&r.doc.path));
            files += 1;
        }
        let Some(c) = cited.as_mut() else { continue };
        checked += 1;
        let Some((bytes, sha, enc)) = &c.read else {
            problems += 1;
            continue;
        };
        if r.doc.sha256 != *sha && !c.stale {
            println!("{}: stale: sha256 is now {sha}", c.path);
            c.stale = true;
            problems += 1;
        }
        if let Some(why) = check(bytes, *enc, &r.citation) {
            problems += 1;
            let cit = &r.citation;
            println!(
                "{}:{}:{}: {why} (record {} on line {n})",
                c.path, cit.line, cit.column, r.id
            );
        }
    }
    println!("{checked} citations in {files} files checked, {problems} problems");
    Ok(if problems == 0 { 0 } else { 1 })
}
