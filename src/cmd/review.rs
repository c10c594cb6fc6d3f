//! `solieu review DIR`: DIR/records.jsonl → DIR/review.html.

use anyhow::Context;
use solieu::emit::AtomicFile;
use solieu::record::Record;
use std::io::Write;
use std::path::Path;

/// Writes the review page; returns the exit code.
pub fn run(dir: &Path) -> anyhow::Result<u8> {
    let path = dir.join("records.jsonl");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut records = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let r: Record = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a record", path.display(), n + 1))?;
        records.push(r);
    }
    let out = dir.join("review.html");
    let mut f = AtomicFile::create(&out)?;
    f.write_all(solieu::review::render(&records).as_bytes())?;
    f.commit()?;
    eprintln!("solieu: {} figures → {}", records.len(), out.display());
    Ok(0)
}
