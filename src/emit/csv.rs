//! CSV rows: [`CsvRow`] flattens a [`Record`] for `records.csv`,
//! [`DocumentRow`] an [`Entry`] for `documents.csv` (RFC 4180, optionally
//! with formula-like cells neutralized). Takes records and entries from the
//! fan-out in [`crate::emit`]; gives rows to the `csv` writer.

use crate::record::{Entry, Record, Status};
use serde::Serialize;
use std::borrow::Cow;

/// One record flattened for CSV (one row per record, RFC 4180).
#[derive(Debug, Serialize)]
pub struct CsvRow<'a> {
    id: Cow<'a, str>,
    doc_path: Cow<'a, str>,
    doc_sha256: Cow<'a, str>,
    kind: Cow<'a, str>,
    #[serde(serialize_with = "csv_number")]
    value: Option<f64>,
    #[serde(serialize_with = "csv_number")]
    value_max: Option<f64>,
    #[serde(serialize_with = "csv_number")]
    denominator: Option<f64>,
    currency: Option<Cow<'a, str>>,
    date: Option<Cow<'a, str>>,
    qualifier: Cow<'a, str>,
    change: Option<Cow<'a, str>>,
    subject: Option<Cow<'a, str>>,
    indicator: Option<Cow<'a, str>>,
    status: Option<Cow<'a, str>>,
    year: Option<i32>,
    as_of: Option<Cow<'a, str>>,
    place: Option<Cow<'a, str>>,
    level: Option<Cow<'a, str>>,
    citation_start: usize,
    citation_end: usize,
    citation_quote: Cow<'a, str>,
    citation_line: usize,
    citation_column: usize,
    citation_sentence_start: usize,
    citation_sentence_end: usize,
    citation_sentence: Cow<'a, str>,
    rule: Cow<'a, str>,
}

/// A number for a spreadsheet: whole values (counts, ranks, money, years)
/// without `.0`, others as they are.
fn csv_number<S: serde::Serializer>(v: &Option<f64>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match *v {
        Some(x) if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 => {
            s.serialize_some(&(x as i64))
        }
        Some(x) => s.serialize_some(&x),
        None => s.serialize_none(),
    }
}

impl<'a> CsvRow<'a> {
    /// The row of a record; with `safe`, text cells that a spreadsheet would
    /// read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return) get a leading `'`, as OWASP advises (numbers stay
    /// numbers).
    pub fn new(r: &'a Record, safe: bool) -> CsvRow<'a> {
        let c = &r.citation;
        let t = |s: &'a str| -> Cow<'a, str> {
            if safe && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                Cow::Owned(format!("'{s}"))
            } else {
                Cow::Borrowed(s)
            }
        };
        let o = |s: &'a Option<String>| s.as_deref().map(t);
        CsvRow {
            id: t(&r.id),
            doc_path: t(&r.doc.path),
            doc_sha256: t(&r.doc.sha256),
            kind: t(&r.kind),
            value: r.value,
            value_max: r.value_max,
            denominator: r.denominator,
            currency: o(&r.currency),
            date: o(&r.date),
            qualifier: t(&r.qualifier),
            change: o(&r.change),
            subject: o(&r.subject),
            indicator: o(&r.indicator),
            status: o(&r.status),
            year: r.year,
            as_of: o(&r.as_of),
            place: o(&r.place),
            level: o(&r.level),
            citation_start: c.start,
            citation_end: c.end,
            citation_quote: t(&c.quote),
            citation_line: c.line,
            citation_column: c.column,
            citation_sentence_start: c.sentence_start,
            citation_sentence_end: c.sentence_end,
            citation_sentence: t(&c.sentence),
            rule: t(&r.rule),
        }
    }
}

/// One manifest entry flattened for `documents.csv` (one row per input
/// file; `windows` left out: the manifest has them).
#[derive(Debug, Serialize)]
pub struct DocumentRow<'a> {
    path: Cow<'a, str>,
    sha256: Option<&'a str>,
    bytes: Option<u64>,
    encoding: Option<&'a str>,
    html: bool,
    status: Status,
    reason: Option<Cow<'a, str>>,
    records: usize,
    dropped: usize,
    reused: bool,
}

impl<'a> DocumentRow<'a> {
    /// The row of an entry; `safe` as for [`CsvRow::new`].
    pub fn new(e: &'a Entry, safe: bool) -> DocumentRow<'a> {
        let t = |s: &'a str| -> Cow<'a, str> {
            if safe && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                Cow::Owned(format!("'{s}"))
            } else {
                Cow::Borrowed(s)
            }
        };
        DocumentRow {
            path: t(&e.path),
            sha256: e.sha256.as_deref(),
            bytes: e.bytes,
            encoding: e.encoding.as_deref(),
            html: e.html,
            status: e.status,
            reason: e.reason.as_deref().map(t),
            records: e.records,
            dropped: e.dropped,
            reused: e.reused,
        }
    }
}

impl<'a> From<&'a Record> for CsvRow<'a> {
    fn from(r: &'a Record) -> CsvRow<'a> {
        CsvRow::new(r, false)
    }
}
