//! A snapshot of every record for `corpus/`, in a form a reviewer can read:
//! one line of value and attributes, and one of id, byte offsets (the figure's
//! and its sentence's), subject, as_of and the rule that found it.
//! `SOLIEU_BLESS=1 cargo test golden` rewrites `tests/golden/corpus.txt`.

use serde_json::Value;

fn num(v: &Value) -> String {
    match v.as_f64() {
        Some(x) if x.fract() == 0.0 => format!("{}", x as i64),
        Some(x) => format!("{x}"),
        None => "-".into(),
    }
}

fn opt(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn render(r: &Value) -> String {
    let c = &r["citation"];
    let value = if r["kind"] == "date" {
        opt(&r["date"])
    } else {
        let mut v = num(&r["value"]);
        if !r["value_max"].is_null() {
            v = format!("{v}..{}", num(&r["value_max"]));
        }
        if !r["denominator"].is_null() {
            v = format!("{v}/{}", num(&r["denominator"]));
        }
        if !r["currency"].is_null() {
            v = format!("{v} {}", opt(&r["currency"]));
        }
        v
    };
    format!(
        "{}:{}:{} {:?} {} {} {}{} | {} {} {} {} {}",
        opt(&r["doc"]["path"]),
        c["line"],
        c["column"],
        c["quote"].as_str().unwrap_or(""),
        opt(&r["kind"]),
        value,
        opt(&r["qualifier"]),
        if r["change"].is_null() {
            String::new()
        } else {
            format!(" {}", opt(&r["change"]))
        },
        opt(&r["indicator"]),
        opt(&r["status"]),
        opt(&r["year"]),
        opt(&r["place"]),
        opt(&r["level"]),
    ) + &format!(
        "\n    id {} bytes {}..{} sentence {}..{} subject {:?} as_of {} rule {}",
        opt(&r["id"]),
        c["start"],
        c["end"],
        c["sentence_start"],
        c["sentence_end"],
        opt(&r["subject"]),
        opt(&r["as_of"]),
        opt(&r["rule"]),
    )
}

#[test]
fn corpus_snapshot() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_solieu"))
        .current_dir(root)
        .args(["extract", "corpus", "-o"])
        .arg(out.path())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let got: String = std::fs::read_to_string(out.path().join("records.jsonl"))
        .unwrap()
        .lines()
        .map(|l| render(&serde_json::from_str(l).unwrap()) + "\n")
        .collect();
    let path = root.join("tests/golden/corpus.txt");
    if std::env::var_os("SOLIEU_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    eqnice!(expected, got);
}
