//! `solieu extract --input-jsonl`: stream mode. Takes documents as JSON
//! Lines (`{"id", "text"}`) from a file or standard input; gives their
//! records as JSON Lines on standard output, in input order, and one error
//! or status line per document on standard error. Each document goes through
//! `pipeline::extract_document`; records are written by `emit::write_record`.

use super::thread_count;
use crate::cli::ExtractArgs;
use crate::exit::Exit;
use anyhow::Context;
use solieu::emit::write_record;
use solieu::ingest::document;
use solieu::pipeline::extract_document;
use solieu::rules::Catalog;
use std::io::Write;

/// How many bytes of a bad line `--keep-going` shows (`head`).
const HEAD: usize = 64;

/// A line of the stream that cannot be read as text.
enum BadLine {
    /// Longer than `--max-doc-size`: its length, its first bytes.
    TooLong(usize, Vec<u8>),
    /// Not UTF-8: its first bytes.
    NotUtf8(Vec<u8>),
}

/// Lines of a stream, none held longer than `max` bytes: a longer one is
/// skipped to its end and given as `Err(its length so far)`.
struct BoundedLines {
    reader: Box<dyn std::io::BufRead + Send>,
    max: usize,
    number: usize,
}

impl BoundedLines {
    /// The next line (its 1-based number), `None` at the end.
    fn next_line(&mut self) -> std::io::Result<Option<(usize, Result<String, BadLine>)>> {
        let mut buf = Vec::new();
        let mut head = Vec::new();
        let mut len = 0usize;
        let mut any = false;
        let mut newline = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            any = true;
            let (take, end) = match memchr::memchr(b'\n', chunk) {
                Some(k) => (k + 1, true),
                None => (chunk.len(), false),
            };
            if head.len() < HEAD {
                let room = HEAD - head.len();
                head.extend_from_slice(&chunk[..take.min(room)]);
            }
            len += take;
            if len <= self.max.saturating_add(1) {
                buf.extend_from_slice(&chunk[..take]);
            } else if !buf.is_empty() {
                buf = Vec::new();
            }
            self.reader.consume(take);
            if end {
                newline = true;
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        self.number += 1;
        if newline {
            buf.pop();
            len -= 1;
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        if len > self.max {
            return Ok(Some((self.number, Err(BadLine::TooLong(len, head)))));
        }
        match String::from_utf8(buf) {
            Ok(l) => Ok(Some((self.number, Ok(l)))),
            Err(_) => Ok(Some((self.number, Err(BadLine::NotUtf8(head))))),
        }
    }
}

/// One document of the JSON Lines stream. issue 17: a numeric `id` is
/// accepted and used as its decimal text.
#[derive(serde::Deserialize)]
struct StreamDoc {
    id: StreamId,
    text: String,
    #[allow(dead_code)]
    url: Option<String>,
    #[allow(dead_code)]
    published: Option<String>,
}

/// A document's `id`: a string, or an integer read as its decimal text.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum StreamId {
    Text(String),
    Unsigned(u64),
    Signed(i64),
}

impl StreamId {
    pub(crate) fn into_string(self) -> String {
        match self {
            StreamId::Text(s) => s,
            StreamId::Unsigned(n) => n.to_string(),
            StreamId::Signed(n) => n.to_string(),
        }
    }
}

/// Only the `id` of a line that is not a document (for `--keep-going`
/// and `--status` reports).
#[derive(serde::Deserialize)]
struct OnlyId {
    id: Option<StreamId>,
}

/// What became of one line of the stream.
struct LineOutcome {
    number: usize,
    id: Option<String>,
    /// Its records' JSON lines, or why there are none.
    result: Result<Vec<u8>, String>,
    records: usize,
    dropped: usize,
    /// The line's first bytes, for a bad line without an id.
    head: Option<String>,
}

/// The first bytes of a line, cut at a character boundary (invalid bytes
/// read as U+FFFD).
fn head_text(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(&bytes[..bytes.len().min(HEAD)]).into_owned();
    s.trim_end_matches('\u{FFFD}').to_string()
}

/// Reads one line of the stream and extracts it.
fn stream_line(n: usize, line: Result<String, BadLine>, max: usize, cat: &Catalog) -> LineOutcome {
    let fail = |id: Option<String>, head: Option<String>, why: String| LineOutcome {
        number: n,
        id,
        result: Err(why),
        records: 0,
        dropped: 0,
        head,
    };
    let line = match line {
        Ok(l) => l,
        Err(BadLine::TooLong(len, head)) => {
            return fail(
                None,
                Some(head_text(&head)),
                format!("line {n}: a document line of {len} bytes, larger than --max-doc-size ({max} bytes): not read"),
            )
        }
        Err(BadLine::NotUtf8(head)) => {
            return fail(
                None,
                Some(head_text(&head)),
                format!("line {n}: not UTF-8"),
            )
        }
    };
    let d = match serde_json::from_str::<StreamDoc>(&line) {
        Ok(d) => d,
        Err(e) => {
            let id = serde_json::from_str::<OnlyId>(&line)
                .ok()
                .and_then(|o| o.id)
                .map(StreamId::into_string);
            let head = id.is_none().then(|| head_text(line.as_bytes()));
            return fail(id, head, format!("line {n}: not a document: {e}"));
        }
    };
    let id = d.id.into_string();
    let doc = match document(id.clone(), d.text.into_bytes()) {
        Ok(doc) => doc,
        Err((_, r)) => return fail(Some(id.clone()), None, format!("line {n} ({id}): {r:?}")),
    };
    let ex = extract_document(&doc, cat);
    let mut jsonl = Vec::new();
    for rec in &ex.records {
        let _ = write_record(&mut jsonl, rec);
    }
    LineOutcome {
        number: n,
        id: Some(id),
        result: Ok(jsonl),
        records: ex.records.len(),
        dropped: ex.dropped,
        head: None,
    }
}

/// Stream mode: documents as JSON Lines in, records as JSON Lines out, in
/// input order, flushed batch by batch so a pipe stage (Spark `RDD.pipe`,
/// Hadoop streaming) sees records as it goes. Citations count bytes of each
/// document's UTF-8 `text`; `doc.path` is its `id`. Options of file mode
/// (outputs, `--incremental` …) are refused by clap (exit code 2).
pub fn run(cat: &Catalog, input: &std::path::Path, cfg: &ExtractArgs) -> anyhow::Result<Exit> {
    let threads = thread_count(cfg.threads);
    let reader = open_stream(input)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut bad = 0usize;
    // A read error ends the stream; it is reported after the lines before it.
    let mut read_error: Option<std::io::Error> = None;
    let max = usize::try_from(cfg.max_doc_size).unwrap_or(usize::MAX);
    let keep_going = cfg.keep_going;
    let mut lines = BoundedLines {
        reader,
        max,
        number: 0,
    };
    let lines = std::iter::from_fn(|| match lines.next_line() {
        // Without --keep-going, as `BufRead::lines` did: a line that is
        // not UTF-8 ends the stream.
        Ok(Some((n, Err(BadLine::NotUtf8(_))))) if !keep_going => {
            read_error = Some(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("line {n}: stream did not contain valid UTF-8"),
            ));
            None
        }
        Ok(l) => l,
        Err(e) => {
            read_error = Some(e);
            None
        }
    })
    .filter(|(_, l)| l.as_ref().is_err() || l.as_ref().is_ok_and(|l| !l.trim().is_empty()));
    solieu::ordered::map(
        threads,
        threads * 4,
        lines,
        |(n, line)| stream_line(n, line, max, cat),
        |o| write_outcome(&o, &mut out, &mut bad, cfg),
    )?;
    if let Some(e) = read_error {
        return Err(e).context("reading the input stream");
    }
    Ok(Exit::failed_if(bad > 0 && !keep_going))
}

/// The input stream: standard input for `-`, else the file.
fn open_stream(input: &std::path::Path) -> anyhow::Result<Box<dyn std::io::BufRead + Send>> {
    Ok(if input.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(input)
                .with_context(|| format!("cannot read {}", input.display()))?,
        ))
    })
}

/// Writes one document's records, and its error or status line; counts the
/// documents that failed in `bad`.
fn write_outcome(
    o: &LineOutcome,
    out: &mut impl Write,
    bad: &mut usize,
    cfg: &ExtractArgs,
) -> anyhow::Result<()> {
    match &o.result {
        // Flushed per document, so a pipe stage sees records as it goes.
        Ok(jsonl) => {
            out.write_all(jsonl)?;
            out.flush()?;
        }
        Err(why) => {
            *bad += 1;
            if cfg.keep_going {
                let mut report = serde_json::json!({"error": why, "line": o.number});
                match (&o.id, &o.head) {
                    (Some(id), _) => report["id"] = id.as_str().into(),
                    (None, Some(head)) => report["head"] = head.as_str().into(),
                    (None, None) => {}
                }
                eprintln!("{report}");
            } else {
                eprintln!("solieu: {why}");
            }
        }
    }
    if cfg.status {
        let status = serde_json::json!({"status": {
            "id": o.id,
            "line": o.number,
            "records": o.records,
            "dropped": o.dropped,
            "error": o.result.as_ref().err(),
        }});
        eprintln!("{status}");
    } else if o.dropped > 0 {
        eprintln!(
            "solieu: line {} ({}): {} figure(s) dropped: their citation would not hold (a bug, please report)",
            o.number,
            o.id.as_deref().unwrap_or(""),
            o.dropped
        );
    }
    Ok(())
}
