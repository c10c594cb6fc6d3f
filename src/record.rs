//! Wire types of schema v1 (`shared/spec/record-schema.md`): one [`Record`] per
//! figure, written as one JSON line. Every field is always present; unknown
//! values are `null`. These types hold no logic: they are what `emit` writes and
//! what `verify`-style readers parse.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// Stable id: hash of `doc.sha256`, `citation.start`, `citation.end`, `kind`.
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

/// The JSON Schema of a record, generated from these types. Every field is
/// required (null where unknown) and no other field is allowed, as the record
/// contract says.
pub fn json_schema() -> String {
    fn tighten(v: &mut serde_json::Value) {
        if let Some(obj) = v.as_object_mut() {
            if let Some(props) = obj.get("properties").and_then(|p| p.as_object()) {
                let keys: Vec<serde_json::Value> = props
                    .keys()
                    .map(|k| serde_json::Value::String(k.clone()))
                    .collect();
                obj.insert("required".into(), serde_json::Value::Array(keys));
                obj.insert(
                    "additionalProperties".into(),
                    serde_json::Value::Bool(false),
                );
            }
            for (_, child) in obj.iter_mut() {
                tighten(child);
            }
        } else if let Some(arr) = v.as_array_mut() {
            arr.iter_mut().for_each(tighten);
        }
    }
    let mut schema = serde_json::to_value(schemars::schema_for!(Record)).unwrap_or_default();
    tighten(&mut schema);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
