//! `solieu review DIR`: DIR/records.jsonl → DIR/review.html. Takes the
//! output folder of an `extract` run; reads its records (`emit::JsonLines`),
//! hands them to `emit::review` and writes the page it gives.
//!
//! Records are streamed: the page shows the first `--max-figures` (whole
//! documents), and its counts per indicator cover them all, so a run of any
//! size makes a page a browser can open, in bounded memory.

use crate::exit::Exit;
use anyhow::Context;
use solieu::emit::review::Overall;
use solieu::emit::{AtomicFile, JsonLines};
use solieu::record::Record;
use std::io::Write;
use std::path::Path;

/// Writes the review page; returns the exit code.
pub fn run(dir: &Path, max_figures: usize) -> anyhow::Result<Exit> {
    let path = dir.join("records.jsonl");
    let cannot = || format!("cannot read {}", path.display());
    let mut lines = JsonLines::open(&path).with_context(cannot)?;
    let mut shown: Vec<Record> = Vec::new();
    let mut all = Overall::default();
    let mut last_doc: Option<String> = None;
    // Still adding the document the limit was reached in.
    let mut open = true;
    while let Some(line) = lines.next_line().with_context(cannot)? {
        let r: Record = serde_json::from_slice(line.bytes)
            .with_context(|| format!("{}:{}: not a record", path.display(), line.number))?;
        let new_doc = last_doc.as_deref() != Some(r.doc.path.as_str());
        if new_doc {
            all.documents += 1;
            last_doc = Some(r.doc.path.clone());
            open = shown.len() < max_figures;
        }
        all.add(&r);
        if open {
            shown.push(r);
        }
    }
    let out = dir.join("review.html");
    let mut f = AtomicFile::create(&out)?;
    f.write_all(solieu::emit::review::render(&shown, &all).as_bytes())?;
    f.commit()?;
    if shown.len() < all.figures {
        eprintln!(
            "solieu: {} of {} figures shown (--max-figures {max_figures}) → {}",
            shown.len(),
            all.figures,
            out.display()
        );
    } else {
        eprintln!("solieu: {} figures → {}", shown.len(), out.display());
    }
    Ok(Exit::Ok)
}
