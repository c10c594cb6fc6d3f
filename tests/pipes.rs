//! issue 17 (data teams): stream mode, verify, CSV and input selection as
//! pipelines and spreadsheets use them.

use crate::util::{json_lines, Dir, ARTICLE};
use serde_json::Value;

#[test]
fn stream_mode_refuses_options_it_cannot_honour() {
    let dir = Dir::new();
    dir.create("in.jsonl", "");
    for extra in [
        &["--csv"][..],
        &["--sqlite", "db.sqlite"],
        &["-o", "out"],
        &["--output", "out"],
        &["--incremental"],
        &["--follow"],
        &["--max-file-size", "10"],
        &["--window-from", "10"],
    ] {
        let out = dir
            .command()
            .args(["extract", "--input-jsonl", "in.jsonl"])
            .args(extra)
            .output();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains("cannot be used with"), "{extra:?}: {err}");
        assert!(out.stdout.is_empty());
    }
    assert!(!dir.path().join("out").exists());
    assert!(!dir.path().join("db.sqlite").exists());
    // Stream-only options need stream mode.
    dir.create("a.txt", ARTICLE);
    for opt in ["--keep-going", "--status"] {
        let out = dir.command().args(["extract", "a.txt", opt]).output();
        assert_eq!(out.status.code(), Some(2), "{opt}");
    }
}

#[test]
fn stream_ids_may_be_numbers() {
    let dir = Dir::new();
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": 42, "text": ARTICLE}),
        serde_json::json!({"id": -7, "text": ARTICLE})
    );
    let out = dir
        .command()
        .args(["extract", "--input-jsonl", "-"])
        .stdin(input.as_bytes())
        .output();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = json_lines(&out.stdout);
    assert_eq!(recs.len(), 4);
    assert_eq!(recs[0]["doc"]["path"], "42");
    assert_eq!(recs[3]["doc"]["path"], "-7");
    // A fractional id is not an id.
    let out = dir
        .command()
        .args(["extract", "--input-jsonl", "-"])
        .stdin(
            serde_json::json!({"id": 1.5, "text": ARTICLE})
                .to_string()
                .as_bytes(),
        )
        .output();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1: not a document"));
}

/// Good, not JSON, a wrong text with an id, not UTF-8, too long, good.
fn mixed_stream() -> Vec<u8> {
    let mut input = Vec::new();
    let mut line = |b: &[u8]| {
        input.extend_from_slice(b);
        input.push(b'\n');
    };
    line(
        serde_json::json!({"id": "a", "text": ARTICLE})
            .to_string()
            .as_bytes(),
    );
    line(b"not json at all");
    line(br#"{"id": 7, "text": 5}"#);
    line(b"{\"id\": \"x\xff\xfe\", \"text\": \"\"}");
    line(
        serde_json::json!({"id": "big", "text": "x".repeat(3000)})
            .to_string()
            .as_bytes(),
    );
    line(
        serde_json::json!({"id": "none", "text": "Không có số liệu."})
            .to_string()
            .as_bytes(),
    );
    line(
        serde_json::json!({"id": "b", "text": ARTICLE})
            .to_string()
            .as_bytes(),
    );
    input
}

#[test]
fn keep_going_reports_bad_lines_in_band_and_exits_0() {
    let dir = Dir::new();
    let input = mixed_stream();
    let out = dir
        .command()
        .args([
            "extract",
            "--input-jsonl",
            "-",
            "--keep-going",
            "--max-doc-size",
            "2000",
        ])
        .stdin(&input)
        .output();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let recs = json_lines(&out.stdout);
    let paths: Vec<&str> = recs
        .iter()
        .map(|r| r["doc"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a", "a", "b", "b"]);
    // Each bad line: one JSON line on stderr, nothing else.
    let reports = json_lines(&out.stderr);
    assert_eq!(reports.len(), 4, "{err}");
    let lines: Vec<u64> = reports
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 4, 5]);
    assert_eq!(reports[0]["head"], "not json at all");
    assert!(reports[0]["error"]
        .as_str()
        .unwrap()
        .contains("not a document"));
    assert_eq!(reports[1]["id"], "7");
    assert!(reports[1].get("head").is_none());
    assert!(reports[2]["error"].as_str().unwrap().contains("not UTF-8"));
    assert!(reports[2]["head"]
        .as_str()
        .unwrap()
        .starts_with("{\"id\": \"x"));
    assert!(reports[3]["error"]
        .as_str()
        .unwrap()
        .contains("--max-doc-size"));
    assert_eq!(reports[3]["head"].as_str().unwrap().len(), 64);
    // Without --keep-going: as documented (a message, exit 1; a line that
    // is not UTF-8 ends the stream).
    let out = dir
        .command()
        .args(["extract", "--input-jsonl", "-", "--max-doc-size", "2000"])
        .stdin(&input)
        .output();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("solieu: line 2: not a document"), "{err}");
    assert_eq!(json_lines(&out.stdout).len(), 2);
}

#[test]
fn status_tells_no_figures_from_lost() {
    let dir = Dir::new();
    let out = dir
        .command()
        .args([
            "extract",
            "--input-jsonl",
            "-",
            "--status",
            "--keep-going",
            "--max-doc-size",
            "2000",
        ])
        .stdin(&mixed_stream())
        .output();
    assert_eq!(out.status.code(), Some(0));
    let status: Vec<Value> = json_lines(&out.stderr)
        .into_iter()
        .filter_map(|v| v.get("status").cloned())
        .collect();
    assert_eq!(status.len(), 7);
    assert_eq!(status[0]["id"], "a");
    assert_eq!(status[0]["records"], 2);
    assert_eq!(status[0]["dropped"], 0);
    assert_eq!(status[0]["error"], Value::Null);
    assert_eq!(status[1]["id"], Value::Null);
    assert!(status[1]["error"].is_string());
    assert_eq!(status[2]["id"], "7");
    assert!(status[2]["error"].is_string());
    assert_eq!(status[5]["id"], "none");
    assert_eq!(status[5]["records"], 0);
    assert_eq!(status[5]["error"], Value::Null);
    // Without --keep-going, the status lines come with the usual messages.
    let input = format!(
        "{}\nnot json\n",
        serde_json::json!({"id": "a", "text": ARTICLE})
    );
    let out = dir
        .command()
        .args(["extract", "--input-jsonl", "-", "--status"])
        .stdin(input.as_bytes())
        .output();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let status: Vec<Value> = err
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(status.len(), 2);
    assert_eq!(status[1]["status"]["line"], 2);
    assert!(err.contains("solieu: line 2: not a document"));
}

#[test]
fn verify_takes_the_output_folder() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    let out = dir.command().args(["verify", "out"]).output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("2 citations in 1 files checked, 0 problems"),
        "{stdout}"
    );
    // The folder's manifest is read too: a deleted record is found.
    let records = dir.read("out/records.jsonl");
    dir.create("out/records.jsonl", records.lines().next().unwrap());
    let out = dir.command().args(["verify", "out"]).output();
    assert_eq!(out.status.code(), Some(1));
    // A folder without records.jsonl: exit 2.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    assert_eq!(dir.command().args(["verify", "empty"]).code(), 2);
}

#[test]
fn verify_checks_stream_output_against_its_input() {
    let dir = Dir::new();
    let input = [
        serde_json::json!({"id": "a", "text": ARTICLE}),
        serde_json::json!({"id": 2, "text": "Không có số liệu."}),
        serde_json::json!({"id": "c", "text": format!("Mở đầu.\n{ARTICLE}")}),
    ]
    .iter()
    .map(|d| format!("{d}\n"))
    .collect::<String>();
    dir.create("docs.jsonl", &input);
    let out = dir
        .command()
        .args(["extract", "--input-jsonl", "docs.jsonl"])
        .output();
    assert_eq!(out.status.code(), Some(0));
    dir.create_bytes("stream.jsonl", &out.stdout);
    // A stray manifest beside stream output is not read.
    dir.create("manifest.json", "not a manifest");
    let out = dir
        .command()
        .args(["verify", "stream.jsonl", "--input-jsonl", "docs.jsonl"])
        .output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("4 citations in 2 files checked, 0 problems"),
        "{stdout}"
    );
    // From standard input too.
    let out = dir
        .command()
        .args(["verify", "stream.jsonl", "--input-jsonl", "-"])
        .stdin(input.as_bytes())
        .output();
    assert_eq!(out.status.code(), Some(0));
    // A changed text is stale; a moved citation is found.
    let changed = input.replace("đạt 61%", "đạt 62%");
    dir.create("changed.jsonl", &changed);
    let out = dir
        .command()
        .args(["verify", "stream.jsonl", "--input-jsonl", "changed.jsonl"])
        .output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("a: stale"), "{stdout}");
    // A record whose document is not in the input.
    dir.create("fewer.jsonl", input.lines().next().unwrap());
    let out = dir
        .command()
        .args(["verify", "stream.jsonl", "--input-jsonl", "fewer.jsonl"])
        .output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("c: no document with this id"), "{stdout}");
}

/// Runs solieu with stdout a pipe that is closed after `lines` lines were
/// read; returns the exit code and stderr.
fn pipe_closed_early(dir: &Dir, args: &[&str], lines: usize) -> (Option<i32>, String) {
    use std::io::{BufRead, Read};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_solieu"))
        .current_dir(dir.path())
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        for _ in 0..lines {
            let mut l = String::new();
            stdout.read_line(&mut l).unwrap();
        }
        // Dropped here: the read end of the pipe is closed.
    }
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_pipe_closed_early_ends_quietly_with_exit_0() {
    let dir = Dir::new();
    // Far more output than a pipe buffers.
    let docs: String = (0..3000)
        .map(|i| format!("{}\n", serde_json::json!({"id": i, "text": ARTICLE})))
        .collect();
    dir.create("docs.jsonl", &docs);
    let (code, err) = pipe_closed_early(&dir, &["extract", "--input-jsonl", "docs.jsonl"], 1);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    let (code, err) = pipe_closed_early(
        &dir,
        &["extract", "--input-jsonl", "docs.jsonl", "--status"],
        1,
    );
    assert_eq!(code, Some(0), "{err}");
    // verify: one line per problem.
    dir.create("bad.jsonl", &"not a record\n".repeat(20_000));
    let (code, err) = pipe_closed_early(&dir, &["verify", "bad.jsonl"], 1);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    // patterns list and check: closed before anything is read.
    for args in [&["patterns", "list"][..], &["patterns", "check"]] {
        let (code, err) = pipe_closed_early(&dir, args, 0);
        assert_eq!((code, err.as_str()), (Some(0), ""), "{args:?}");
    }
}

#[test]
fn csv_for_spreadsheets() {
    let dir = Dir::new();
    dir.create(
        "in/a.txt",
        "Tỉnh Gia Lai: năm 2022, tỷ lệ hồ sơ trực tuyến đạt 51,4%; \
         có 1.552 doanh nghiệp bán hàng trên sàn thương mại điện tử; xếp hạng 12/63.\n",
    );
    dir.create_bytes("in/b.bin", b"\x00\x01\x02binary");
    dir.create("=c.txt", "Không có số liệu.\n");
    assert_eq!(
        dir.command()
            .args(["extract", "in", "=c.txt", "-o", "out", "--csv"])
            .code(),
        0
    );
    let read = |name: &str| -> (Vec<String>, Vec<Vec<String>>) {
        let mut r = csv::Reader::from_path(dir.path().join(name)).unwrap();
        let h = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows = r
            .records()
            .map(|row| row.unwrap().iter().map(str::to_string).collect())
            .collect();
        (h, rows)
    };
    let (h, rows) = read("out/records.csv");
    for name in [
        "citation_start",
        "citation_end",
        "citation_quote",
        "citation_line",
        "citation_column",
        "citation_sentence_start",
        "citation_sentence_end",
        "citation_sentence",
    ] {
        assert!(h.iter().any(|c| c == name), "{name}: {h:?}");
    }
    for bare in ["start", "end", "quote", "line", "column", "sentence"] {
        assert!(!h.iter().any(|c| c == bare), "{bare}: {h:?}");
    }
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let values: Vec<&str> = rows.iter().map(|r| r[col("value")].as_str()).collect();
    assert!(values.contains(&"51.4"), "{values:?}");
    assert!(values.contains(&"1552"), "{values:?}");
    assert!(values.contains(&"12"), "{values:?}");
    assert!(rows.iter().any(|r| r[col("denominator")] == "63"));
    let no_dot_zero = rows
        .iter()
        .flatten()
        .filter(|c| c.parse::<f64>().is_ok() && c.ends_with(".0"))
        .count();
    assert_eq!(no_dot_zero, 0, "{rows:?}");
    // documents.csv: one row per manifest entry, named in the manifest.
    let (h, rows) = read("out/documents.csv");
    assert_eq!(
        h,
        [
            "path", "sha256", "bytes", "encoding", "html", "status", "reason", "records",
            "dropped", "reused"
        ]
    );
    let m = dir.manifest("out");
    let files = m["files"].as_array().unwrap();
    assert_eq!(rows.len(), files.len());
    for (row, e) in rows.iter().zip(files) {
        assert_eq!(row[0], e["path"].as_str().unwrap());
        assert_eq!(row[5], e["status"].as_str().unwrap());
        assert_eq!(row[7], e["records"].to_string());
    }
    assert!(rows.iter().any(|r| r[5] == "skipped"));
    let sha = |name: &str| {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(
            std::fs::read(dir.path().join(name)).unwrap(),
        ))
    };
    assert_eq!(m["documents_csv_sha256"], sha("out/documents.csv").as_str());
    assert_eq!(m["csv_sha256"], sha("out/records.csv").as_str());
    // --csv-bom: both start with a BOM and formula-like paths are neutralized.
    assert_eq!(
        dir.command()
            .args(["extract", "in", "=c.txt", "-o", "out", "--csv-bom"])
            .code(),
        2
    );
    assert_eq!(
        dir.command()
            .args(["extract", "in", "=c.txt", "-o", "out", "--csv", "--csv-bom"])
            .code(),
        0
    );
    let bytes = std::fs::read(dir.path().join("out/documents.csv")).unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()));
    assert!(String::from_utf8_lossy(&bytes).contains("'=c.txt"));
    // Without --csv, neither CSV file belongs to the new set.
    assert_eq!(
        dir.command()
            .args(["extract", "in", "=c.txt", "-o", "out"])
            .code(),
        0
    );
    assert!(!dir.path().join("out/documents.csv").exists());
    assert!(!dir.path().join("out/records.csv").exists());
    assert!(dir.manifest("out").get("documents_csv_sha256").is_none());
}

/// A corpus for input selection.
fn selection_corpus(dir: &Dir) {
    dir.create("in/a.txt", ARTICLE);
    dir.create("in/b.html", &format!("<p>{ARTICLE}</p>"));
    dir.create("in/drafts/c.txt", ARTICLE);
    dir.create("in/d.md", ARTICLE);
}

fn manifest_paths(dir: &Dir, out: &str) -> Vec<String> {
    dir.manifest(out)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn glob_and_exclude_select_files() {
    let dir = Dir::new();
    selection_corpus(&dir);
    let run = |args: &[&str]| {
        let out = dir
            .command()
            .args(["extract", "in", "-o", "out"])
            .args(args)
            .output();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        manifest_paths(&dir, "out")
    };
    assert_eq!(run(&["--glob", "*.txt"]), ["in/a.txt", "in/drafts/c.txt"]);
    assert_eq!(
        run(&["--glob", "*.txt", "--glob", "*.html"]),
        ["in/a.txt", "in/b.html", "in/drafts/c.txt"]
    );
    assert_eq!(
        run(&["--exclude", "drafts/**"]),
        ["in/a.txt", "in/b.html", "in/d.md"]
    );
    assert_eq!(run(&["--glob", "*.txt", "--exclude", "c.*"]), ["in/a.txt"]);
    // A file named on the command line is read whatever the globs.
    let out = dir
        .command()
        .args(["extract", "in/d.md", "-o", "out", "--glob", "*.txt"])
        .output();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(manifest_paths(&dir, "out"), ["in/d.md"]);
    // A bad glob: exit 2.
    let out = dir
        .command()
        .args(["extract", "in", "-o", "out", "--glob", "a[b"])
        .output();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--glob"));
}

#[test]
fn files_from_reads_a_list_of_paths() {
    let dir = Dir::new();
    selection_corpus(&dir);
    dir.create("list.txt", "in/d.md\n\nin/a.txt\n");
    let out = dir
        .command()
        .args(["extract", "--files-from", "list.txt", "-o", "out"])
        .output();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(manifest_paths(&dir, "out"), ["in/d.md", "in/a.txt"]);
    // NUL-separated, from standard input (find -print0).
    let out = dir
        .command()
        .args(["extract", "--files-from", "-", "-0", "-o", "out"])
        .stdin(b"in/drafts/c.txt\0in/b.html\0")
        .output();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        manifest_paths(&dir, "out"),
        ["in/drafts/c.txt", "in/b.html"]
    );
    // A missing path in the list: exit 2, as on the command line.
    dir.create("bad.txt", "in/nope.txt\n");
    let out = dir
        .command()
        .args(["extract", "--files-from", "bad.txt", "-o", "out"])
        .output();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("in/nope.txt"));
}

#[test]
fn list_is_a_dry_run() {
    let dir = Dir::new();
    selection_corpus(&dir);
    dir.create_bytes("in/big.txt", &vec![b'a'; 5000]);
    let out = dir
        .command()
        .args([
            "extract",
            "in",
            "-o",
            "out",
            "--list",
            "--exclude",
            "drafts/**",
            "--glob",
            "*.txt",
            "--glob",
            "*.html",
            "--max-file-size",
            "4000",
        ])
        .output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "read\tin/a.txt",
            "read\tin/b.html",
            "skip\tin/big.txt\tlarger than --max-file-size (4000 bytes)",
            "skip\tin/d.md\tnot matched by --glob",
            "skip\tin/drafts/c.txt\texcluded by --exclude",
        ]
    );
    assert!(out.stderr.is_empty());
    assert!(!dir.path().join("out").exists());
}

#[test]
fn quiet_prints_only_errors() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    dir.create_bytes("in/b.bin", b"\x00\x01binary");
    let out = dir.command().args(["extract", "in", "-o", "out"]).output();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0));
    // In a pipe: a line per skipped file and the summary line.
    assert!(err.contains("solieu: in/b.bin: skipped: binary"), "{err}");
    assert!(
        err.contains("solieu: 2 files (1 ok, 1 skipped, 0 failed)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");
    let out = dir
        .command()
        .args(["extract", "in", "-o", "out", "--quiet"])
        .output();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Errors still are.
    let out = dir
        .command()
        .args(["extract", "nope", "-o", "out", "--quiet"])
        .output();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}
