//! Wire types of schema v1 (`shared/spec/record-schema.md`): one [`Record`] per
//! figure, written as one JSON line. Every field is always present; unknown
//! values are `null`. These types hold no logic: they are what `emit` writes and
//! what `verify`-style readers parse.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    use serde_json::{json, Value};
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
        if let (Some(Value::Object(at)), Value::Object(extra)) =
            (schema.pointer_mut(pointer), extra)
        {
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
    let mut schema = serde_json::to_value(schemars::schema_for!(Record)).unwrap_or_default();
    tighten(&mut schema);
    let p = "/properties";
    patch(
        &mut schema,
        &format!("{p}/id"),
        json!({"pattern": "^[0-9a-f]{16}$"}),
    );
    patch(
        &mut schema,
        &format!("{p}/kind"),
        json!({"enum": one_of(KINDS, false)}),
    );
    patch(
        &mut schema,
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
            &mut schema,
            &format!("{p}/{field}"),
            json!({"enum": one_of(values, true)}),
        );
    }
    patch(
        &mut schema,
        &format!("{p}/date"),
        json!({"pattern": DATE_PATTERN}),
    );
    patch(
        &mut schema,
        &format!("{p}/as_of"),
        json!({"pattern": DAY_PATTERN}),
    );
    patch(&mut schema, &format!("{p}/rule"), json!({"minLength": 1}));
    let c = "/definitions/Citation/properties";
    patch(&mut schema, &format!("{c}/line"), json!({"minimum": 1}));
    patch(&mut schema, &format!("{c}/column"), json!({"minimum": 1}));
    let d = "/definitions/DocRef/properties";
    patch(&mut schema, &format!("{d}/path"), json!({"minLength": 1}));
    patch(
        &mut schema,
        &format!("{d}/sha256"),
        json!({"pattern": "^[0-9a-f]{64}$"}),
    );
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
