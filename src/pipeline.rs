//! The whole path for one document: normalize → segment → extract → resolve →
//! cite → records; and for one input file, its manifest [`Entry`] with its
//! records ([`FileOutput`]), a large file's windows ([`extract_window`],
//! [`WindowedEntry`]) included. Takes `Document`s from `ingest`; gives
//! records born with the offsets, lines and ids of the whole file, which
//! `emit` writes. `cmd::extract` runs it over many files; the examples and
//! tests run it over single sentences.

use crate::cite::{cite, Lines};
use crate::grammar::{hits, is_ticker_label};
use crate::ingest::{document_hashed, Document, Encoding, Refusal};
use crate::normalize::normalize;
use crate::record::{Citation, DocRef, Entry, Kind, Record, RecordIds, Status, WindowEncoding};
use crate::resolve::{resolve, SentenceHits};
use crate::rules::Catalog;
use crate::segment::sentences;
use crate::text::lower_same_len;
use crate::token::tokenize_lowered;

/// Outcome of one document: its records and how many figures were dropped
/// because their citation would not hold.
pub struct Extraction {
    /// The records, in text order.
    pub records: Vec<Record>,
    /// Figures dropped by the citation check.
    pub dropped: usize,
}

/// Where a document's bytes lie in its file: a window's first byte and the
/// line feeds before it (both 0 for a whole file). Records are born with the
/// file's offsets and lines, and their ids are of those offsets.
#[derive(Clone, Copy, Debug, Default)]
pub struct Origin {
    /// The document's first byte in its file.
    pub base: usize,
    /// Line feeds in the file before it.
    pub line_base: usize,
}

impl Origin {
    /// A citation of the document, made one of its file.
    fn shift(self, c: &mut Citation) {
        c.start += self.base;
        c.end += self.base;
        c.sentence_start += self.base;
        c.sentence_end += self.base;
        c.line += self.line_base;
    }
}

/// Extracts every figure of a document.
pub fn extract_document(doc: &Document, cat: &Catalog) -> Extraction {
    extract_document_at(doc, cat, Origin::default())
}

/// Extracts every figure of a document that lies at `origin` in its file.
pub fn extract_document_at(doc: &Document, cat: &Catalog, origin: Origin) -> Extraction {
    let text = normalize(&doc.decoded, doc.html);
    let sents = sentence_hits(&text.s, cat);
    let figures = resolve(&text.s, &sents, cat);
    let figures = crate::table::apply(doc, &text, &sents, cat, figures);
    let ids = RecordIds::new(&doc.path, &doc.sha256);
    let mut lines = Lines::new(doc);
    let mut records = Vec::with_capacity(figures.len());
    let mut dropped = 0;
    let mut squashed: (Option<usize>, std::borrow::Cow<str>) = (None, "".into());
    for f in figures {
        let sh = &sents[f.sentence];
        if squashed.0 != Some(f.sentence) {
            squashed = (
                Some(f.sentence),
                crate::cite::squash(&text.s[sh.start..sh.end]),
            );
        }
        let Some(mut citation) = cite(doc, &text, &mut lines, &f, (sh.start, sh.end), &squashed.1)
        else {
            dropped += 1;
            continue;
        };
        origin.shift(&mut citation);
        let kind = f.hit.kind.name();
        let ind = f.indicator.map(|i| &cat.indicators[i]);
        let is_date = f.hit.kind == Kind::Date;
        records.push(Record {
            id: ids.id(citation.start, citation.end, kind),
            doc: DocRef {
                path: doc.path.clone(),
                sha256: doc.sha256.clone(),
            },
            kind: kind.to_string(),
            value: f.hit.value,
            value_max: f.hit.value_max,
            denominator: f.hit.denominator,
            currency: f.hit.currency.map(str::to_string),
            date: f.date,
            qualifier: f.hit.qualifier.to_string(),
            change: f.hit.change.map(str::to_string),
            subject: if is_date { None } else { f.subject },
            indicator: ind.map(|i| i.id.clone()),
            status: f.status.map(str::to_string),
            year: f.year,
            as_of: f.as_of,
            place: f.place,
            level: f.level.map(str::to_string),
            rule: ind
                .map(|i| i.rule.clone())
                .unwrap_or_else(|| f.hit.rule.to_string()),
            citation,
        });
    }
    Extraction { records, dropped }
}

/// The sentences of a normalized text with their tokens and grammar hits.
///
/// A news site's economic ticker is page furniture: a label line
/// ([`is_ticker_label`], "Chỉ số kinh tế:") and the sentences of the next
/// non-empty line (exchange rates, CPI, FDI …). Their sentences are left
/// out here, once per document (a window is a document), so that no later
/// stage reads a figure, a year, a date, a place or a cue in them, nor
/// counts them among the document's first sentences (title, lead, dateline).
fn sentence_hits(s: &str, cat: &Catalog) -> Vec<SentenceHits> {
    let spans = sentences(s, &cat.lexicon.grammar.dot_abbreviations);
    let mut out = Vec::with_capacity(spans.len());
    // Where a ticker stands: after its label line, then on its figures' line.
    let (mut label, mut figures) = (false, false);
    for (i, sp) in spans.iter().enumerate() {
        let opens_line = i == 0 || s[spans[i - 1].end..sp.start].contains('\n');
        if label || (figures && !opens_line) {
            (label, figures) = (false, true);
            continue;
        }
        figures = false;
        let lower = lower_same_len(&s[sp.start..sp.end]);
        let toks = tokenize_lowered(s, sp.start, sp.end, &lower);
        let ends_line = spans
            .get(i + 1)
            .is_none_or(|n| s[sp.end..n.start].contains('\n'));
        if opens_line && ends_line && is_ticker_label(s, &toks, &cat.lexicon) {
            label = true;
            continue;
        }
        let hs = hits(s, &toks, &cat.lexicon);
        out.push(SentenceHits {
            start: sp.start,
            end: sp.end,
            toks,
            hits: hs,
            lower,
        });
    }
    out
}

/// Extracts the figures of a string that is its own original (examples, tests).
pub fn extract_str(path: &str, text: &str, cat: &Catalog) -> Vec<Record> {
    match crate::ingest::document(path.to_string(), text.as_bytes().to_vec()) {
        Ok(doc) => extract_document(&doc, cat).records,
        Err(_) => Vec::new(),
    }
}

/// What became of one input file: its manifest entry and its records.
pub struct FileOutput {
    /// The file's manifest entry.
    pub entry: Entry,
    /// Its records, in text order.
    pub records: Vec<Record>,
}

/// A file that is not read: its entry says why, it has no records.
pub fn refused(path: String, sha: Option<String>, bytes: Option<u64>, r: Refusal) -> FileOutput {
    let (status, reason) = match r {
        Refusal::Skipped(why) => (Status::Skipped, why),
        Refusal::Failed(why) => (Status::Failed, why),
    };
    FileOutput {
        entry: Entry::refused(path, sha, bytes, status, reason),
        records: Vec::new(),
    }
}

/// Decodes and extracts a whole file whose bytes hash to `sha`.
pub fn extract_file(path: String, bytes: Vec<u8>, sha: String, cat: &Catalog) -> FileOutput {
    let n = bytes.len() as u64;
    if bytes.is_empty() {
        return FileOutput {
            entry: Entry::empty(path, sha),
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
            FileOutput {
                entry: Entry {
                    encoding: Some(doc.decoded.encoding.name().into()),
                    html: doc.html,
                    reason,
                    records: ex.records.len(),
                    dropped: ex.dropped,
                    ..Entry::ok(path, doc.sha256.clone(), n)
                },
                records: ex.records,
            }
        }
        Err((sha, r)) => refused(path, Some(sha), Some(n), r),
    }
}

/// A file whose bytes changed between hashing and reading.
pub fn changed(path: String, sha: String, len: u64) -> FileOutput {
    refused(
        path,
        Some(sha),
        Some(len),
        Refusal::Failed("the file changed while it was read".into()),
    )
}

/// Runs [`extract_file`], turning an internal panic into a `failed` entry so
/// one bad file never stops the run.
pub fn guarded(path: String, bytes: Vec<u8>, sha: String, cat: &Catalog) -> FileOutput {
    let n = bytes.len() as u64;
    let (p, s) = (path.clone(), sha.clone());
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extract_file(p, bytes, s, cat)
    })) {
        Ok(o) => o,
        Err(_) => refused(
            path,
            Some(sha),
            Some(n),
            Refusal::Failed("internal error while extracting (please report)".into()),
        ),
    }
}

/// One window of a large file, extracted: its records with offsets, lines
/// and ids already those of the whole file.
pub struct WindowOut {
    /// Where the window starts and ends in the file.
    span: (usize, usize),
    /// Its line numbers are of the whole file; columns on its first line
    /// count from the window's start (the writer adds the characters of
    /// that line before it).
    records: Vec<Record>,
    first_line: usize,
    dropped: usize,
    encoding: Encoding,
    note: Option<String>,
    /// Characters after the window's last line feed (all of them when it
    /// has none), in its own encoding.
    tail_chars: usize,
    has_lf: bool,
}

/// Extracts one window of the file at `path` whose bytes hash to `sha`:
/// `(base, line_base, bytes)` as [`crate::ingest::admit::Windows`] gives it.
pub fn extract_window(
    path: &str,
    sha: &str,
    (base, line_base, bytes): (usize, usize, Vec<u8>),
    cat: &Catalog,
) -> Result<WindowOut, String> {
    let at = || format!("window at byte {base}");
    let run = || match document_hashed(path.to_string(), bytes, sha.to_string()) {
        Ok(doc) => {
            let ex = extract_document_at(&doc, cat, Origin { base, line_base });
            let enc = doc.decoded.encoding;
            let lf = memchr::memrchr(b'\n', &doc.bytes);
            let tail = &doc.bytes[lf.map_or(0, |k| k + 1)..];
            Ok(WindowOut {
                span: (base, base + doc.bytes.len()),
                records: ex.records,
                first_line: line_base + 1,
                dropped: ex.dropped,
                encoding: enc,
                note: doc.decoded.note.clone(),
                tail_chars: crate::cite::decode_slice(tail, enc).chars().count(),
                has_lf: lf.is_some(),
            })
        }
        Err((_, Refusal::Skipped(why) | Refusal::Failed(why))) => Err(format!("{}: {why}", at())),
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err(format!("{}: internal error (please report)", at())))
}

/// The entry of a file read a window at a time, gathered as its windows come
/// in input order: counts, notes, the encodings read and where.
pub struct WindowedEntry {
    /// The entry so far (the database keeps the file's row up to date).
    pub entry: Entry,
    notes: Vec<String>,
    encodings: Vec<&'static str>,
    /// Runs of bytes read in one encoding family, and the characters of the
    /// current line before the next window (line and column must not
    /// depend on where windows are cut: CR-only files are one long line).
    runs: Vec<WindowEncoding>,
    families: Vec<Encoding>,
    line_chars: usize,
    failed: bool,
}

impl WindowedEntry {
    /// A file of `len` bytes hashing to `sha`, no window read yet.
    pub fn new(path: String, sha: String, len: u64) -> WindowedEntry {
        WindowedEntry {
            entry: Entry::ok(path, sha, len),
            notes: Vec::new(),
            encodings: Vec::new(),
            runs: Vec::new(),
            families: Vec::new(),
            line_chars: 0,
            failed: false,
        }
    }

    /// Counts the next window in, and the read error that ended the file if
    /// one did; its records to write, their first line's columns made the
    /// file's (`None` for a window that failed).
    pub fn add(
        &mut self,
        out: Result<WindowOut, String>,
        read_error: Option<String>,
    ) -> Option<Vec<Record>> {
        let records = match out {
            Ok(w) => Some(self.window(w)),
            Err(why) => {
                self.failed = true;
                self.notes.push(why);
                None
            }
        };
        self.failed |= read_error.is_some();
        self.notes.extend(read_error);
        records
    }

    fn window(&mut self, mut w: WindowOut) -> Vec<Record> {
        for r in &mut w.records {
            if r.citation.line == w.first_line {
                r.citation.column += self.line_chars;
            }
        }
        self.line_chars = if w.has_lf {
            w.tail_chars
        } else {
            self.line_chars + w.tail_chars
        };
        self.entry.records += w.records.len();
        self.entry.dropped += w.dropped;
        if !self.encodings.contains(&w.encoding.name()) {
            self.encodings.push(w.encoding.name());
        }
        let family = w.encoding.family();
        if !self.families.contains(&family) {
            self.families.push(family);
        }
        match self.runs.last_mut() {
            Some(last)
                if Encoding::from_name(&last.encoding).map(|e| e.family()) == Some(family) =>
            {
                last.end = w.span.1 as u64
            }
            _ => self.runs.push(WindowEncoding {
                start: w.span.0 as u64,
                end: w.span.1 as u64,
                encoding: w.encoding.name().to_string(),
            }),
        }
        self.notes
            .extend(w.note.filter(|n| !self.notes.contains(n)));
        w.records
    }

    /// The file's entry once every window is in; `reread` is the sha256 of
    /// the bytes the windows were cut from (they must be the bytes hashed).
    pub fn finish(mut self, reread: Option<String>) -> Entry {
        let entry = &mut self.entry;
        let notes = &mut self.notes;
        entry.encoding = self.encodings.first().map(|e| e.to_string());
        if self.encodings.len() > 1 {
            notes.push(format!("windows decoded as {}", self.encodings.join(", ")));
        }
        if self.families.len() > 1 {
            // Each citation holds in the encoding of its own window: the
            // manifest lists them, `verify` reads them.
            entry.encoding = Some("mixed".into());
            entry.windows = self.runs;
        }
        if reread.as_deref() != entry.sha256.as_deref() {
            self.failed = true;
            notes.push("the file changed while it was read: its records may not hold".into());
        }
        if self.failed {
            entry.status = Status::Failed;
        }
        if entry.dropped > 0 {
            notes.push(format!(
                "{} figure(s) dropped: citation would not hold",
                entry.dropped
            ));
        }
        entry.reason = (!notes.is_empty()).then(|| notes.join("; "));
        self.entry
    }
}
