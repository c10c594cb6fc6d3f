//! `solieu review DIR`: DIR/records.jsonl → DIR/review.html.
//!
//! Records are streamed: the page shows the first `--max-figures` (whole
//! documents), and its counts per indicator cover them all, so a run of any
//! size makes a page a browser can open, in bounded memory.

use anyhow::Context;
use solieu::emit::AtomicFile;
use solieu::record::Record;
use solieu::review::Overall;
use std::io::{BufRead, Write};
use std::path::Path;

/// Writes the review page; returns the exit code.
pub fn run(dir: &Path, max_figures: usize) -> anyhow::Result<u8> {
    let path = dir.join("records.jsonl");
    let f =
        std::fs::File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, f);
    let mut shown: Vec<Record> = Vec::new();
    let mut all = Overall::default();
    let mut last_doc: Option<String> = None;
    // Still adding the document the limit was reached in.
    let mut open = true;
    let mut line = Vec::new();
    for n in 1.. {
        line.clear();
        let read = reader
            .read_until(b'\n', &mut line)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if read == 0 {
            break;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let r: Record = serde_json::from_slice(&line)
            .with_context(|| format!("{}:{n}: not a record", path.display()))?;
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
    f.write_all(solieu::review::render(&shown, &all).as_bytes())?;
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
    Ok(0)
}
