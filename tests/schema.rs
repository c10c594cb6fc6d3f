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
            solieu::record::record_id(&r.doc.path, &r.doc.sha256, c.start, c.end, &r.kind)
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
    for (name, bad) in broken_records(&text) {
        assert!(!validator.is_valid(&bad), "{name} must not validate");
    }
}

/// A real record broken in each way the contract forbids (and the schema
/// refuses): unknown enum values, 0-based line or column, malformed dates,
/// ids and hashes, a date without its date, a value on a date.
fn broken_records(records: &str) -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::json;
    let good: serde_json::Value = records
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["kind"] != "date")
        .expect("a record that is no date");
    let set = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        v
    };
    vec![
        ("kind banana", set(&|v| v["kind"] = json!("banana"))),
        (
            "qualifier roughly",
            set(&|v| v["qualifier"] = json!("roughly")),
        ),
        ("status done", set(&|v| v["status"] = json!("done"))),
        ("change up", set(&|v| v["change"] = json!("up"))),
        ("level village", set(&|v| v["level"] = json!("village"))),
        ("currency EUR", set(&|v| v["currency"] = json!("EUR"))),
        ("line 0", set(&|v| v["citation"]["line"] = json!(0))),
        ("column 0", set(&|v| v["citation"]["column"] = json!(0))),
        (
            "negative start",
            set(&|v| v["citation"]["start"] = json!(-1)),
        ),
        (
            "as_of 20/11/2022",
            set(&|v| v["as_of"] = json!("20/11/2022")),
        ),
        ("as_of month only", set(&|v| v["as_of"] = json!("2022-11"))),
        ("short id", set(&|v| v["id"] = json!("abc"))),
        ("sha256 not hex", set(&|v| v["doc"]["sha256"] = json!("x"))),
        ("year as text", set(&|v| v["year"] = json!("2023"))),
        ("date on a percent", set(&|v| v["date"] = json!("2023-05"))),
        (
            "date without date",
            set(&|v| {
                v["kind"] = json!("date");
                v["value"] = json!(null);
                v["date"] = json!(null);
            }),
        ),
        (
            "date with a value",
            set(&|v| {
                v["kind"] = json!("date");
                v["date"] = json!("2023-05-01");
            }),
        ),
        (
            "date 2023-13",
            set(&|v| {
                v["kind"] = json!("date");
                v["value"] = json!(null);
                v["date"] = json!("2023-13");
            }),
        ),
    ]
}

/// The same broken records are accepted once fixed: the date case with a
/// good date validates (so the refusals above are about what they say).
#[test]
fn a_well_formed_date_record_validates() {
    let schema: serde_json::Value = serde_json::from_str(&solieu::record::json_schema()).unwrap();
    let validator = jsonschema::JSONSchema::compile(&schema).unwrap();
    let dir = crate::util::Dir::new();
    dir.create(
        "a.txt",
        "Ngày 15/3/2024, tỷ lệ hồ sơ trực tuyến của tỉnh Gia Lai đạt 51,4%.\n",
    );
    assert_eq!(
        dir.command().args(["extract", "a.txt", "-o", "out"]).code(),
        0
    );
    let recs = dir.records("out");
    let date = recs
        .iter()
        .find(|r| r["kind"] == "date")
        .expect("a date record");
    assert!(validator.is_valid(date), "{date}");
    let mut month = date.clone();
    month["date"] = serde_json::json!("2024-03");
    assert!(validator.is_valid(&month));
    assert!(recs.iter().all(|r| validator.is_valid(r)));
}

/// Every field of the Rust record type is documented in `docs/record-schema.md`
/// (the contract, kept in the repository).
#[test]
fn every_record_field_is_documented() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/record-schema.md")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&solieu::record::json_schema()).unwrap();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    // `doc` and `citation` are documented field by field.
    let mut fields: Vec<String> = keys(&schema)
        .into_iter()
        .filter(|k| k != "doc" && k != "citation")
        .collect();
    assert!(fields.len() >= 17);
    for (prefix, def) in [("doc.", "DocRef"), ("citation.", "Citation")] {
        fields.extend(
            keys(&schema["definitions"][def])
                .into_iter()
                .map(|k| format!("{prefix}{k}")),
        );
    }
    let missing: Vec<&String> = fields
        .iter()
        .filter(|f| !doc.contains(&format!("`{f}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in docs/record-schema.md: {missing:?}"
    );
    // The enums the schema enforces are the ones the page lists.
    for v in solieu::record::KINDS
        .iter()
        .chain(solieu::record::QUALIFIERS)
        .chain(solieu::record::STATUSES)
        .chain(solieu::record::CHANGES)
        .chain(solieu::record::LEVELS)
        .chain(solieu::record::CURRENCIES)
    {
        assert!(doc.contains(&format!("`{v}`")), "{v} not documented");
    }
}

/// Output of a run over `corpus/` plus an empty and a skipped file (so the
/// manifest has nulls), and broken copies of a record and of the manifest,
/// written into `dir` for the external validators.
fn validator_inputs(dir: &crate::util::Dir) -> (std::path::PathBuf, Vec<std::path::PathBuf>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    dir.create("extra/empty.txt", "");
    dir.create_bytes("extra/image.png", b"\x89PNG\r\n\x1a\n\0\0");
    let out = dir.path().join("out");
    let code = dir
        .command()
        .args([
            "extract".as_ref(),
            root.join("corpus").as_os_str(),
            "extra".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .code();
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(out.join("records.jsonl")).unwrap();
    let bad: Vec<String> = broken_records(&text)
        .into_iter()
        .map(|(_, v)| v.to_string() + "\n")
        .collect();
    let bad_records = dir.create("bad/records.jsonl", &bad.concat());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let mut bad_manifests = Vec::new();
    type Break<'a> = (&'a str, &'a dyn Fn(&mut serde_json::Value));
    let breaks: [Break; 5] = [
        ("status", &|m| {
            m["files"][0]["status"] = serde_json::json!("fine")
        }),
        ("records", &|m| {
            m["files"][0]["records"] = serde_json::json!(-1)
        }),
        ("extra", &|m| {
            m["files"][0]["surprise"] = serde_json::json!(1)
        }),
        ("totals", &|m| {
            m["totals"].as_object_mut().unwrap().remove("records");
        }),
        ("patterns", &|m| m["patterns"] = serde_json::json!("nope")),
    ];
    for (name, f) in breaks {
        let mut m = manifest.clone();
        f(&mut m);
        bad_manifests.push(dir.create(&format!("bad/manifest-{name}.json"), &m.to_string()));
    }
    let mut files = vec![
        out.join("records.jsonl"),
        out.join("manifest.json"),
        bad_records,
    ];
    files.extend(bad_manifests);
    (root.to_path_buf(), files)
}

/// Runs an external validator over the real output (expected valid) and the
/// broken copies (expected invalid). Returns false (after saying why) when
/// the validator is not installed; `SOLIEU_REQUIRE_VALIDATORS=1` (set by
/// `.ci/run`) turns that into a failure.
fn external(program: &str, script: &str, probe: &[&str]) -> bool {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let available = std::process::Command::new(program)
        .args(probe)
        .current_dir(root)
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        let why = format!(
            "SKIPPED: `{program} {}` fails: the validator is not installed \
             (.ci/run installs it; see README, JSON Schema)",
            probe.join(" ")
        );
        assert!(
            std::env::var_os("SOLIEU_REQUIRE_VALIDATORS").is_none(),
            "{why}"
        );
        crate::util::visible_skip(&why);
        return false;
    }
    let dir = crate::util::Dir::new();
    let (root, files) = validator_inputs(&dir);
    let script = root.join("tests/validators").join(script);
    let record_schema = root.join("schema/record.schema.json");
    let manifest_schema = root.join("schema/manifest.schema.json");
    let run = |schema: &std::path::Path, expect: &str, file: &std::path::Path| {
        let out = std::process::Command::new(program)
            .arg(&script)
            .arg(schema)
            .arg(expect)
            .arg(file)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{program} {} {expect} {}: {}{}",
            schema.display(),
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&record_schema, "valid", &files[0]);
    run(&manifest_schema, "valid", &files[1]);
    run(&record_schema, "invalid", &files[2]);
    for f in &files[3..] {
        run(&manifest_schema, "invalid", f);
    }
    true
}

/// Ajv 8 in strict mode (`npm install --prefix tests/validators ajv@8`)
/// accepts both schemas as they are, real output validates, broken records
/// and manifests do not.
#[test]
fn ajv_strict_accepts_the_schemas() {
    external(
        "node",
        "ajv.cjs",
        &["-e", "require('./tests/validators/node_modules/ajv')"],
    );
}

/// Python `jsonschema` (`pip install jsonschema`) likewise.
#[test]
fn python_jsonschema_accepts_the_schemas() {
    external("python3", "pyjsonschema.py", &["-c", "import jsonschema"]);
}
