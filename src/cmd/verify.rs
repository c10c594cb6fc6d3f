//! `solieu verify RECORDS`: re-read every cited file, check its sha256 and that
//! the cited bytes still equal each quote. Paths are read as written in the
//! records (relative to the folder `extract` ran in).

use anyhow::Context;
use solieu::cite::check;
use solieu::ingest::{decode, sha256_hex};
use solieu::record::Record;
use std::collections::BTreeMap;
use std::path::Path;

/// Checks every record; prints each problem; exit 1 when any is found.
pub fn run(records: &Path) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(records)
        .with_context(|| format!("cannot read {}", records.display()))?;
    let mut problems = 0usize;
    let mut checked = 0usize;
    let mut by_doc: BTreeMap<String, Vec<(usize, Record)>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(r) => by_doc
                .entry(r.doc.path.clone())
                .or_default()
                .push((n + 1, r)),
            Err(e) => {
                problems += 1;
                println!("{}:{}: not a record: {e}", records.display(), n + 1);
            }
        }
    }
    for (path, recs) in &by_doc {
        checked += recs.len();
        let bytes = match std::fs::read(solieu::ingest::fs_path(path)) {
            Ok(b) => b,
            Err(e) => {
                problems += recs.len();
                println!("{path}: missing: {e} ({} citations)", recs.len());
                continue;
            }
        };
        let sha = sha256_hex(&bytes);
        if recs.iter().any(|(_, r)| r.doc.sha256 != sha) {
            println!("{path}: stale: sha256 is now {sha}");
            problems += 1;
        }
        let enc = match decode(&bytes) {
            Ok(d) => d.encoding,
            Err(e) => {
                problems += recs.len();
                println!("{path}: cannot be decoded any more: {e:?}");
                continue;
            }
        };
        for (n, r) in recs {
            if let Some(why) = check(&bytes, enc, &r.citation) {
                problems += 1;
                let c = &r.citation;
                println!(
                    "{path}:{}:{}: {why} (record {} on line {n})",
                    c.line, c.column, r.id
                );
            }
        }
    }
    println!(
        "{checked} citations in {} files checked, {problems} problems",
        by_doc.len()
    );
    Ok(if problems == 0 { 0 } else { 1 })
}
