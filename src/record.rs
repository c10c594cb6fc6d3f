//! Wire types of schema v1 (`shared/spec/record-schema.md`): one [`Record`] per
//! figure, written as one JSON line, and the manifest's [`Manifest`], [`Entry`]
//! and [`Totals`]. Every field is always present; unknown values are `null`.
//! Besides the types: the JSON Schema they are checked against and the
//! record id rule ([`record_id`], a wire contract). Takes nothing from the
//! stages; `pipeline` builds these values, `emit` writes them and
//! `verify`-style readers parse them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The kind of a figure (schema `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `61%`.
    Percent,
    /// `1.552 doanh nghiệp`.
    Count,
    /// `18 tỷ đồng`.
    Money,
    /// `thứ 51`, `62/63`.
    Rank,
    /// `0,6077 điểm`.
    Score,
    /// `gấp 3 lần`.
    Multiplier,
    /// `03 tháng 6 năm 2020`.
    Date,
}

impl Kind {
    /// The schema name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Percent => "percent",
            Kind::Count => "count",
            Kind::Money => "money",
            Kind::Rank => "rank",
            Kind::Score => "score",
            Kind::Multiplier => "multiplier",
            Kind::Date => "date",
        }
    }

    /// Parses a schema name.
    pub fn from_name(s: &str) -> Option<Kind> {
        Some(match s {
            "percent" => Kind::Percent,
            "count" => Kind::Count,
            "money" => Kind::Money,
            "rank" => Kind::Rank,
            "score" => Kind::Score,
            "multiplier" => Kind::Multiplier,
            "date" => Kind::Date,
            _ => return None,
        })
    }
}

/// The document a record cites.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct DocRef {
    /// The file as found under the input root (or `-` for standard input).
    pub path: String,
    /// Hex sha256 of the file's ORIGINAL bytes.
    pub sha256: String,
}

/// Where a figure stands in the original file.
///
/// All offsets are byte offsets into the original file bytes (whatever the
/// encoding), half-open: `start..end`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Citation {
    /// First byte of the figure's own text.
    pub start: usize,
    /// One past the last byte of the figure's own text.
    pub end: usize,
    /// The original bytes `start..end`, decoded with the file's encoding.
    pub quote: String,
    /// 1-based line of `start` (lines end at `\n`).
    pub line: usize,
    /// 1-based character column of `start` within its line.
    pub column: usize,
    /// First byte of the sentence that holds the figure.
    pub sentence_start: usize,
    /// One past the last byte of that sentence.
    pub sentence_end: usize,
    /// The sentence, as normalized text.
    pub sentence: String,
}

/// One figure found in an article (schema v1).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Record {
    /// Unique within a run, stable across runs: hash of `doc.path`,
    /// `doc.sha256`, `citation.start`, `citation.end`, `kind` (16 hex digits).
    pub id: String,
    /// The cited document.
    pub doc: DocRef,
    /// `percent`, `count`, `money`, `rank`, `score`, `multiplier` or `date`.
    pub kind: String,
    /// The number, separators resolved; `null` only for dates.
    pub value: Option<f64>,
    /// Upper bound of a range.
    pub value_max: Option<f64>,
    /// The whole of a fraction or rank (`62/63` → 63).
    pub denominator: Option<f64>,
    /// `VND` or `USD` for money.
    pub currency: Option<String>,
    /// ISO date (`YYYY-MM-DD` or `YYYY-MM`) for dates.
    pub date: Option<String>,
    /// `exact`, `approx`, `more_than`, `at_least`, `less_than`, `at_most`.
    pub qualifier: String,
    /// `increase` or `decrease` when the figure is a change.
    pub change: Option<String>,
    /// The words that name what is measured.
    pub subject: Option<String>,
    /// A catalog indicator id, or `null`.
    pub indicator: Option<String>,
    /// `achieved` or `target` (null for dates).
    pub status: Option<String>,
    /// The year the figure refers to.
    pub year: Option<i32>,
    /// `YYYY-MM-DD` when the text pins the figure to a day.
    pub as_of: Option<String>,
    /// Province or city, or `Việt Nam`.
    pub place: Option<String>,
    /// `province`, `district` or `commune`.
    pub level: Option<String>,
    /// Where the figure stands in the original bytes.
    pub citation: Citation,
    /// The id of the pattern that produced the record.
    pub rule: String,
}

/// The values of `kind`.
pub const KINDS: &[&str] = &[
    "percent",
    "count",
    "money",
    "rank",
    "score",
    "multiplier",
    "date",
];
/// The values of `qualifier`.
pub const QUALIFIERS: &[&str] = &[
    "exact",
    "approx",
    "more_than",
    "at_least",
    "less_than",
    "at_most",
];
/// The values of `change` (or null).
pub const CHANGES: &[&str] = &["increase", "decrease"];
/// The values of `status` (or null).
pub const STATUSES: &[&str] = &["achieved", "target"];
/// The values of `level` (or null).
pub const LEVELS: &[&str] = &["province", "district", "commune"];
/// The values of `currency` (or null).
pub const CURRENCIES: &[&str] = &["VND", "USD"];
/// `date`: `YYYY-MM-DD` or `YYYY-MM`.
pub const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$";
/// `as_of`: `YYYY-MM-DD`.
pub const DAY_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// The JSON Schema of a record (draft-07), generated from these types and
/// tightened to the contract (`docs/record-schema.md`): every field required
/// (null where unknown), no other field allowed, enums for `kind`,
/// `qualifier`, `change`, `status`, `level` and `currency`, patterns for the
/// id, hashes and dates, 1-based line and column, and `value`/`date` by kind.
/// No custom `format` is left, so standard validators (Ajv 8 in strict mode,
/// Python `jsonschema`) accept it as is.
pub fn json_schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(Record)).unwrap_or_default();
    tighten(&mut schema);
    constrain_record_fields(&mut schema);
    constrain_citation_and_doc(&mut schema);
    // A date has a `date` and no value; every other kind a value and no date.
    patch(
        &mut schema,
        "",
        json!({"if": {"properties": {"kind": {"const": "date"}}},
               "then": {"properties": {"value": {"type": "null"}, "date": {"type": "string"}}},
               "else": {"properties": {"value": {"type": "number"}, "date": {"type": "null"}}}}),
    );
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

fn tighten(v: &mut Value) {
    if let Some(obj) = v.as_object_mut() {
        // schemars' `uint`, `int32`, `double` are no standard formats.
        obj.remove("format");
        if let Some(props) = obj.get("properties").and_then(|p| p.as_object()) {
            let keys: Vec<Value> = props.keys().map(|k| Value::String(k.clone())).collect();
            obj.insert("required".into(), Value::Array(keys));
            obj.insert("additionalProperties".into(), Value::Bool(false));
        }
        if obj.get("minimum") == Some(&json!(0.0)) {
            obj.insert("minimum".into(), json!(0));
        }
        for (_, child) in obj.iter_mut() {
            tighten(child);
        }
    } else if let Some(arr) = v.as_array_mut() {
        arr.iter_mut().for_each(tighten);
    }
}

/// Adds `extra`'s keys to the schema at `pointer`.
fn patch(schema: &mut Value, pointer: &str, extra: Value) {
    if let (Some(Value::Object(at)), Value::Object(extra)) = (schema.pointer_mut(pointer), extra) {
        at.extend(extra);
    }
}

fn one_of(values: &[&str], nullable: bool) -> Value {
    let mut v: Vec<Value> = values.iter().map(|s| json!(s)).collect();
    if nullable {
        v.push(Value::Null);
    }
    Value::Array(v)
}

/// The record's own fields: the id's pattern, the enums, the date patterns
/// and a rule that is never empty.
fn constrain_record_fields(schema: &mut Value) {
    let p = "/properties";
    patch(
        schema,
        &format!("{p}/id"),
        json!({"pattern": "^[0-9a-f]{16}$"}),
    );
    patch(
        schema,
        &format!("{p}/kind"),
        json!({"enum": one_of(KINDS, false)}),
    );
    patch(
        schema,
        &format!("{p}/qualifier"),
        json!({"enum": one_of(QUALIFIERS, false)}),
    );
    for (field, values) in [
        ("change", CHANGES),
        ("status", STATUSES),
        ("level", LEVELS),
        ("currency", CURRENCIES),
    ] {
        patch(
            schema,
            &format!("{p}/{field}"),
            json!({"enum": one_of(values, true)}),
        );
    }
    patch(
        schema,
        &format!("{p}/date"),
        json!({"pattern": DATE_PATTERN}),
    );
    patch(
        schema,
        &format!("{p}/as_of"),
        json!({"pattern": DAY_PATTERN}),
    );
    patch(schema, &format!("{p}/rule"), json!({"minLength": 1}));
}

/// 1-based line and column; a document path that is not empty and a hash
/// of 64 hex digits.
fn constrain_citation_and_doc(schema: &mut Value) {
    let c = "/definitions/Citation/properties";
    patch(schema, &format!("{c}/line"), json!({"minimum": 1}));
    patch(schema, &format!("{c}/column"), json!({"minimum": 1}));
    let d = "/definitions/DocRef/properties";
    patch(schema, &format!("{d}/path"), json!({"minLength": 1}));
    patch(
        schema,
        &format!("{d}/sha256"),
        json!({"pattern": "^[0-9a-f]{64}$"}),
    );
}

/// Status of one input file.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read and extracted.
    Ok,
    /// Left out by design (binary, too large).
    Skipped,
    /// Could not be read or decoded.
    Failed,
}

/// One manifest entry.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    /// The path as found under the input root.
    pub path: String,
    /// Hex sha256 of the original bytes (null when unreadable).
    pub sha256: Option<String>,
    /// Size in bytes (null when unreadable).
    pub bytes: Option<u64>,
    /// Detected encoding (null when not decoded).
    pub encoding: Option<String>,
    /// Whether the file was read as HTML.
    pub html: bool,
    /// `ok`, `skipped` or `failed`.
    pub status: Status,
    /// Why the file is not `ok`, or a note on an `ok` file.
    pub reason: Option<String>,
    /// Records written for this file.
    pub records: usize,
    /// Figures dropped because their citation would not hold.
    pub dropped: usize,
    /// Records kept from the previous run (`--incremental`, same sha256).
    #[serde(default)]
    pub reused: bool,
    /// For a large file whose windows were decoded in different encodings
    /// (`encoding` is then `mixed`): which bytes were read in which encoding,
    /// so each citation is checked with the encoding of its own bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<WindowEncoding>,
}

/// A run of a windowed file's bytes decoded in one encoding.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WindowEncoding {
    /// First byte.
    pub start: u64,
    /// End byte (exclusive).
    pub end: u64,
    /// The encoding's manifest name.
    pub encoding: String,
}

impl Entry {
    /// The entry of a file that is not read: `skipped` or `failed`, and why.
    pub fn refused(
        path: String,
        sha256: Option<String>,
        bytes: Option<u64>,
        status: Status,
        reason: String,
    ) -> Entry {
        Entry {
            path,
            sha256,
            bytes,
            encoding: None,
            html: false,
            status,
            reason: Some(reason),
            records: 0,
            dropped: 0,
            reused: false,
            windows: Vec::new(),
        }
    }

    /// The entry of an empty file: `ok`, nothing in it.
    pub fn empty(path: String, sha256: String) -> Entry {
        Entry {
            reason: Some("empty file".into()),
            ..Entry::ok(path, sha256, 0)
        }
    }

    /// The entry of a file read, before its encoding, counts and notes are
    /// known.
    pub fn ok(path: String, sha256: String, bytes: u64) -> Entry {
        Entry {
            path,
            sha256: Some(sha256),
            bytes: Some(bytes),
            encoding: None,
            html: false,
            status: Status::Ok,
            reason: None,
            records: 0,
            dropped: 0,
            reused: false,
            windows: Vec::new(),
        }
    }

    /// The encoding the bytes at `offset` were read in, when the manifest
    /// says (`None`: the file's encoding is to be detected from its bytes).
    pub fn encoding_at(&self, offset: usize) -> Option<crate::ingest::Encoding> {
        let name = match self
            .windows
            .iter()
            .find(|w| (w.start..w.end).contains(&(offset as u64)))
        {
            Some(w) => &w.encoding,
            None => self.encoding.as_ref()?,
        };
        crate::ingest::Encoding::from_name(name)
    }
}

/// Totals over the run.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Totals {
    /// Input files.
    pub files: usize,
    /// Files read and extracted.
    pub ok: usize,
    /// Files skipped by design.
    pub skipped: usize,
    /// Files that failed.
    pub failed: usize,
    /// Records written.
    pub records: usize,
    /// Input bytes.
    pub bytes: u64,
    /// Figures dropped because their citation would not hold (a bug to
    /// report: none should ever be).
    #[serde(default)]
    pub dropped: usize,
}

impl Totals {
    /// Counts one more file.
    pub fn add(&mut self, e: &Entry) {
        self.files += 1;
        match e.status {
            Status::Ok => self.ok += 1,
            Status::Skipped => self.skipped += 1,
            Status::Failed => self.failed += 1,
        }
        self.records += e.records;
        self.dropped += e.dropped;
        self.bytes += e.bytes.unwrap_or(0);
    }
}

/// The manifest written next to `records.jsonl`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// `solieu`.
    pub tool: String,
    /// The tool's version.
    pub version: String,
    /// Record schema version.
    pub schema: String,
    /// Fingerprint of the patterns the records came from
    /// ([`crate::rules::Catalog::fingerprint`]; empty in older manifests).
    #[serde(default)]
    pub patterns: String,
    /// One entry per input file, in input order.
    pub files: Vec<Entry>,
    /// Totals.
    pub totals: Totals,
    /// Hex sha256 of the `records.jsonl` this manifest belongs to (`verify`
    /// and `--incremental` check it; absent in older manifests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_sha256: Option<String>,
    /// Hex sha256 of the `records.csv` written with it (`--csv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv_sha256: Option<String>,
    /// Hex sha256 of the `documents.csv` written with it (`--csv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents_csv_sha256: Option<String>,
}

impl Manifest {
    /// A manifest over entries from the given patterns, with totals computed.
    pub fn new(files: Vec<Entry>, patterns: &str) -> Manifest {
        let mut t = Totals::default();
        for e in &files {
            t.add(e);
        }
        Manifest {
            tool: "solieu".into(),
            version: crate::VERSION.into(),
            schema: "v1".into(),
            patterns: patterns.into(),
            files,
            totals: t,
            records_sha256: None,
            csv_sha256: None,
            documents_csv_sha256: None,
        }
    }
}

/// Record id, unique within a run and stable across runs: the first 8 bytes,
/// in hex, of sha256("{n}:{path}:{file sha256}:{start}:{end}:{kind}"), where
/// `path` is the document's path as its records write it in `doc.path` (its
/// stream `id` in `--input-jsonl` mode) and `n` that path's length in bytes
/// (so no two paths and hashes run together the same way). Two copies of one
/// article under two paths give two sets of records with different ids.
pub fn record_id(path: &str, sha256: &str, start: usize, end: usize, kind: &str) -> String {
    RecordIds::new(path, sha256).id(start, end, kind)
}

/// [`record_id`] for the many records of one document: the prefix (path and
/// file hash) is hashed once and the hasher cloned for each record.
pub struct RecordIds {
    prefix: Sha256,
}

impl RecordIds {
    /// Ids of the records of the document at `path` whose hash is `sha256`.
    pub fn new(path: &str, sha256: &str) -> RecordIds {
        let mut prefix = Sha256::new();
        prefix.update(itoa::Buffer::new().format(path.len()).as_bytes());
        prefix.update(b":");
        prefix.update(path.as_bytes());
        prefix.update(b":");
        prefix.update(sha256.as_bytes());
        RecordIds { prefix }
    }

    /// The id of a record of this document.
    pub fn id(&self, start: usize, end: usize, kind: &str) -> String {
        let mut h = self.prefix.clone();
        let (mut a, mut b) = (itoa::Buffer::new(), itoa::Buffer::new());
        h.update(b":");
        h.update(a.format(start).as_bytes());
        h.update(b":");
        h.update(b.format(end).as_bytes());
        h.update(b":");
        h.update(kind.as_bytes());
        hex::encode(&h.finalize()[..8])
    }
}

#[cfg(test)]
mod tests {
    use super::{record_id, RecordIds};
    use sha2::{Digest, Sha256};

    #[test]
    fn record_ids_are_the_documented_hash() {
        let file = "748b933831e51d7bd7465157c96249d4e01dbf8fcd63d1c23d44f2eed1bb49f5";
        let path = "corpus/01.txt";
        let ids = RecordIds::new(path, file);
        for (start, end, kind) in [
            (0, 1, "count"),
            (158, 163, "percent"),
            (9_999_999, 10_000_004, "money"),
        ] {
            let d = Sha256::digest(format!("13:{path}:{file}:{start}:{end}:{kind}").as_bytes());
            assert_eq!(ids.id(start, end, kind), hex::encode(&d[..8]));
            assert_eq!(
                record_id(path, file, start, end, kind),
                hex::encode(&d[..8])
            );
        }
        // A stream id (any text) and a hash of any length.
        let d = Sha256::digest(b"5:doc-1:x:1:2:rank");
        assert_eq!(record_id("doc-1", "x", 1, 2, "rank"), hex::encode(&d[..8]));
    }

    #[test]
    fn the_same_bytes_under_two_paths_get_two_ids() {
        let file = "748b933831e51d7bd7465157c96249d4e01dbf8fcd63d1c23d44f2eed1bb49f5";
        let a = record_id("dev/a.txt", file, 10, 14, "percent");
        let b = record_id("dev/copy/a.txt", file, 10, 14, "percent");
        assert_ne!(a, b);
        assert_eq!(a, record_id("dev/a.txt", file, 10, 14, "percent"));
        // The path's length keeps `a:b` + `c` apart from `a` + `b:c`.
        assert_ne!(
            record_id("a:b", "c", 1, 2, "count"),
            record_id("a", "b:c", 1, 2, "count")
        );
    }
}
