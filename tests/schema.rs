//! An independent serde mirror of the record (schema v1) with
//! `deny_unknown_fields`, checked against the sample corpus with exact offsets.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    path: String,
    sha256: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Citation {
    start: usize,
    end: usize,
    quote: String,
    line: usize,
    column: usize,
    sentence_start: usize,
    sentence_end: usize,
    sentence: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Record {
    id: String,
    doc: Doc,
    kind: String,
    value: Option<f64>,
    value_max: Option<f64>,
    denominator: Option<f64>,
    currency: Option<String>,
    date: Option<String>,
    qualifier: String,
    change: Option<String>,
    subject: Option<String>,
    indicator: Option<String>,
    status: Option<String>,
    year: Option<i32>,
    as_of: Option<String>,
    place: Option<String>,
    level: Option<String>,
    citation: Citation,
    rule: String,
}

const FIELDS: &[&str] = &[
    "id",
    "doc",
    "kind",
    "value",
    "value_max",
    "denominator",
    "currency",
    "date",
    "qualifier",
    "change",
    "subject",
    "indicator",
    "status",
    "year",
    "as_of",
    "place",
    "level",
    "citation",
    "rule",
];

#[test]
fn corpus_records_follow_schema_v1_with_exact_offsets() {
    let dir = crate::util::Dir::new();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let out = dir.path().join("out");
    let code = dir
        .command()
        .args([
            "extract".as_ref(),
            corpus.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .code();
    assert_eq!(code, 0);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let text = std::fs::read_to_string(out.join("records.jsonl")).unwrap();
    let mut n = 0;
    for line in text.lines() {
        let raw: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&str> = raw
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        let mut want: Vec<&str> = FIELDS.to_vec();
        want.sort();
        let mut got = keys.clone();
        got.sort();
        assert_eq!(got, want, "every field present, no other");
        let r: Record = serde_json::from_str(line).expect("record matches the mirror");
        let bytes = std::fs::read(&r.doc.path).unwrap();
        assert_eq!(solieu::ingest::sha256_hex(&bytes), r.doc.sha256);
        let entry = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == r.doc.path.as_str())
            .unwrap();
        let enc = entry["encoding"].as_str().unwrap();
        let decode = |b: &[u8]| -> String {
            match enc {
                "utf-16le" => encoding_rs::UTF_16LE
                    .decode_without_bom_handling(b)
                    .0
                    .into_owned(),
                "utf-16be" => encoding_rs::UTF_16BE
                    .decode_without_bom_handling(b)
                    .0
                    .into_owned(),
                "windows-1258" => encoding_rs::WINDOWS_1258
                    .decode_without_bom_handling(b)
                    .0
                    .into_owned(),
                _ => String::from_utf8_lossy(b).into_owned(),
            }
        };
        let c = &r.citation;
        assert_eq!(decode(&bytes[c.start..c.end]), c.quote, "{line}");
        assert!(c.sentence_start <= c.start && c.end <= c.sentence_end);
        // Line and column of `start`, counted in the original.
        let utf16 = enc.starts_with("utf-16");
        let prefix = if utf16 {
            decode(&bytes[2..c.start])
        } else {
            decode(&bytes[..c.start])
        };
        let line_no = prefix.matches('\n').count() + 1;
        let col = prefix.rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!((c.line, c.column), (line_no, col), "{line}");
        assert!([
            "percent",
            "count",
            "money",
            "rank",
            "score",
            "multiplier",
            "date"
        ]
        .contains(&r.kind.as_str()));
        assert!([
            "exact",
            "approx",
            "more_than",
            "at_least",
            "less_than",
            "at_most"
        ]
        .contains(&r.qualifier.as_str()));
        assert_eq!(
            r.kind == "date",
            r.value.is_none(),
            "value is null only for dates"
        );
        assert_eq!(r.kind == "date", r.date.is_some());
        assert_eq!(r.kind == "money", r.currency.is_some());
        assert_eq!(
            r.id,
            solieu::pipeline::record_id(&r.doc.sha256, c.start, c.end, &r.kind)
        );
        if let Some(ind) = &r.indicator {
            assert!(
                r.rule.ends_with(&format!("/{ind}")),
                "rule names the indicator: {line}"
            );
        }
        n += 1;
    }
    assert!(n >= 80, "the corpus yields many records ({n})");
}

/// `schema/record.schema.json` is generated from the Rust types
/// (`SOLIEU_BLESS=1 cargo test schema` rewrites it) and real output validates.
#[test]
fn json_schema_is_current_and_validates_real_output() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("schema/record.schema.json");
    let generated = solieu::record::json_schema();
    if std::env::var_os("SOLIEU_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    eqnice!(committed, generated);
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::JSONSchema::compile(&schema).expect("a valid JSON Schema");
    let dir = crate::util::Dir::new();
    let out = dir.path().join("out");
    assert_eq!(
        dir.command()
            .args([
                "extract".as_ref(),
                root.join("corpus").as_os_str(),
                "-o".as_ref(),
                out.as_os_str()
            ])
            .code(),
        0
    );
    let text = std::fs::read_to_string(out.join("records.jsonl")).unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let msgs: Vec<String> = match validator.validate(&v) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.map(|e| e.to_string()).collect(),
        };
        assert!(msgs.is_empty(), "{line}: {msgs:?}");
    }
    // A record with a wrong type does not validate.
    let mut bad: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    bad["citation"]["start"] = serde_json::json!("zero");
    assert!(!validator.is_valid(&bad));
    let mut missing: serde_json::Value =
        serde_json::from_str(text.lines().next().unwrap()).unwrap();
    missing.as_object_mut().unwrap().remove("as_of");
    assert!(!validator.is_valid(&missing), "every field is required");
    let mut extra: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    extra["surprise"] = serde_json::json!(1);
    assert!(!validator.is_valid(&extra), "no other field");
}
