//! The binary end to end, in temporary folders: encodings, bad files, the
//! manifest, standard input, exit codes, atomic outputs, deterministic order.

use crate::util::{json_lines, Dir, ARTICLE};
use serde_json::Value;

/// `n` copies of [`ARTICLE`] named by `name(i)`, the i-th with 61 turned into
/// `first + i`.
fn articles(dir: &Dir, n: usize, first: usize, name: impl Fn(usize) -> String) {
    for i in 0..n {
        dir.create(&name(i), &ARTICLE.replace("61", &(first + i).to_string()));
    }
}

fn quotes(recs: &[Value]) -> Vec<String> {
    recs.iter()
        .map(|r| r["citation"]["quote"].as_str().unwrap().to_string())
        .collect()
}

/// Checks that every record's cited bytes in `file` decode (with `dec`) to its quote.
fn assert_citations(dir: &Dir, recs: &[Value], file: &str, dec: &dyn Fn(&[u8]) -> String) {
    let bytes = std::fs::read(dir.path().join("in").join(file)).unwrap();
    for r in recs
        .iter()
        .filter(|r| r["doc"]["path"].as_str().unwrap().ends_with(file))
    {
        let (s, e) = (
            r["citation"]["start"].as_u64().unwrap() as usize,
            r["citation"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            dec(&bytes[s..e]),
            r["citation"]["quote"].as_str().unwrap(),
            "{file}: {r}"
        );
    }
}

#[test]
fn extracts_utf8_and_writes_manifest() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    let recs = dir.records("out");
    assert_eq!(quotes(&recs), vec!["61%", "51,4%"]);
    assert_eq!(recs[0]["indicator"], "smartphone_users_rate");
    assert_eq!(recs[0]["place"], "Gia Lai");
    assert_eq!(recs[0]["year"], 2022);
    let m = dir.manifest("out");
    let f = &m["files"][0];
    assert_eq!(f["path"], "in/a.txt");
    assert_eq!(f["status"], "ok");
    assert_eq!(f["encoding"], "utf-8");
    assert_eq!(f["records"], 2);
    assert_eq!(f["bytes"], ARTICLE.len());
    assert_eq!(f["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(m["totals"]["records"], 2);
    assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
    assert_citations(&dir, &recs, "a.txt", &|b| {
        String::from_utf8(b.to_vec()).unwrap()
    });
}

#[test]
fn every_encoding_cites_original_bytes() {
    let dir = Dir::new();
    let bom = [b"\xEF\xBB\xBF".as_slice(), ARTICLE.as_bytes()].concat();
    dir.create_bytes("in/bom.txt", &bom);
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in ARTICLE.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    dir.create_bytes("in/le.txt", &le);
    dir.create_bytes("in/be.txt", &be);
    let w1258 = crate::util::windows_1258("Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử đạt 97%.");
    dir.create_bytes("in/w.txt", &w1258);
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = ARTICLE.nfd().collect();
    dir.create("in/nfd.txt", &nfd);
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    let recs = dir.records("out");
    let m = dir.manifest("out");
    let enc: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["encoding"].as_str().unwrap())
        .collect();
    assert_eq!(
        enc,
        vec!["utf-16be", "utf-8-bom", "utf-16le", "utf-8", "windows-1258"]
    );
    for name in ["bom.txt", "le.txt", "be.txt", "nfd.txt", "w.txt"] {
        let n = recs
            .iter()
            .filter(|r| r["doc"]["path"].as_str().unwrap().ends_with(name))
            .count();
        assert!(n >= 1, "{name}: no records");
    }
    assert_citations(&dir, &recs, "bom.txt", &|b| {
        String::from_utf8(b.to_vec()).unwrap()
    });
    assert_citations(&dir, &recs, "le.txt", &|b| {
        encoding_rs::UTF_16LE
            .decode_without_bom_handling(b)
            .0
            .into_owned()
    });
    assert_citations(&dir, &recs, "be.txt", &|b| {
        encoding_rs::UTF_16BE
            .decode_without_bom_handling(b)
            .0
            .into_owned()
    });
    assert_citations(&dir, &recs, "w.txt", &|b| {
        encoding_rs::WINDOWS_1258
            .decode_without_bom_handling(b)
            .0
            .into_owned()
    });
    assert_citations(&dir, &recs, "nfd.txt", &|b| {
        String::from_utf8(b.to_vec()).unwrap()
    });
    let w = recs
        .iter()
        .find(|r| r["doc"]["path"].as_str().unwrap().ends_with("w.txt"))
        .unwrap();
    assert_eq!(w["indicator"], "einvoice_enterprise_rate");
    assert_eq!(w["value"], 97.0);
}

#[test]
fn binary_empty_and_broken_files_are_accounted_for() {
    let dir = Dir::new();
    dir.create_bytes("in/a.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    dir.create("in/b.txt", "");
    dir.create_bytes("in/c.txt", &[0xFF, 0xFE, 0x41]); // UTF-16 cut short
    dir.create("in/d.txt", ARTICLE);
    let out = dir.command().args(["extract", "in", "-o", "out"]).output();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed file makes the exit code 1"
    );
    let m = dir.manifest("out");
    let st: Vec<(String, String)> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        st,
        vec![
            ("in/a.png".into(), "skipped".into()),
            ("in/b.txt".into(), "ok".into()),
            ("in/c.txt".into(), "failed".into()),
            ("in/d.txt".into(), "ok".into())
        ]
    );
    assert!(m["files"][0]["reason"].as_str().unwrap().contains("binary"));
    assert!(m["files"][2]["reason"].as_str().unwrap().contains("UTF-16"));
    assert_eq!(m["totals"]["failed"], 1);
    assert_eq!(m["totals"]["skipped"], 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("in/c.txt"));
    assert_eq!(dir.records("out").len(), 2);
}

#[test]
fn reads_standard_input() {
    let dir = Dir::new();
    assert_eq!(
        dir.command()
            .args(["extract", "-", "-o", "out"])
            .stdin(ARTICLE.as_bytes())
            .code(),
        0
    );
    let recs = dir.records("out");
    assert_eq!(quotes(&recs), vec!["61%", "51,4%"]);
    assert_eq!(recs[0]["doc"]["path"], "-");
}

#[test]
fn exit_code_two_when_it_cannot_run() {
    let dir = Dir::new();
    assert_eq!(dir.command().args(["extract", "no-such-folder"]).code(), 2);
    assert_eq!(dir.command().args(["frobnicate"]).code(), 2);
    dir.create(
        "pat/bad.toml",
        "pillar = \"bad\"\n[[indicator]]\nid = \"x\"\nunit = \"percent\"\ncues = ['(']\n",
    );
    dir.create("in/a.txt", ARTICLE);
    let out = dir
        .command()
        .args(["--patterns", "pat", "extract", "in", "-o", "out"])
        .output();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    // The line of the cue itself.
    assert!(err.contains("bad.toml:5: indicator x: bad cue"), "{err}");
    assert!(
        !dir.path().join("out/records.jsonl").exists(),
        "no article is read with bad patterns"
    );
}

#[test]
fn patterns_override_from_a_folder() {
    let dir = Dir::new();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let mut text = std::fs::read_to_string(&p).unwrap();
        // Drop the smartphone indicator: its figures must then have none.
        if p.ends_with("digital_society.toml") {
            text = text.replace("id = \"smartphone_users_rate\"", "id = \"phones_renamed\"");
        }
        dir.create(
            &format!("pat/{}", p.file_name().unwrap().to_string_lossy()),
            &text,
        );
    }
    dir.create("in/a.txt", ARTICLE);
    assert_eq!(
        dir.command()
            .args(["--patterns", "pat", "extract", "in", "-o", "out"])
            .code(),
        0
    );
    assert_eq!(dir.records("out")[0]["indicator"], "phones_renamed");
}

#[test]
fn output_is_atomic_and_independent_of_threads() {
    let dir = Dir::new();
    articles(&dir, 40, 10, |i| format!("in/{i:02}.txt"));
    assert_eq!(
        dir.command()
            .args(["extract", "in", "-o", "one", "--threads", "1"])
            .code(),
        0
    );
    assert_eq!(
        dir.command()
            .args(["extract", "in", "-o", "two", "--threads", "2"])
            .code(),
        0
    );
    eqnice!(dir.read("one/records.jsonl"), dir.read("two/records.jsonl"));
    let mut leftovers: Vec<_> = std::fs::read_dir(dir.path().join("one"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        [".solieu", "manifest.json", "records.jsonl"],
        "only records.jsonl and manifest.json, and the runs' folder"
    );
    let mut runs: Vec<_> = std::fs::read_dir(dir.path().join("one/.solieu"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    runs.sort();
    assert_eq!(runs.len(), 3, "{runs:?}");
    assert_eq!(runs[..2], ["current", "lock"]);
    assert!(runs[2].starts_with("run-"), "{runs:?}");
}

#[test]
fn oversized_files_are_skipped_with_a_reason() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    assert_eq!(
        dir.command()
            .args(["extract", "in", "-o", "out", "--max-file-size", "10"])
            .code(),
        0
    );
    let m = dir.manifest("out");
    assert_eq!(m["files"][0]["status"], "skipped");
    assert!(m["files"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("max-file-size"));
}

#[test]
fn patterns_list_and_check() {
    let dir = Dir::new();
    let out = dir.command().args(["patterns", "list"]).output();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text
        .lines()
        .any(|l| l == "smartphone_users_rate\tdigital_society\tpercent"));
    let out = dir.command().args(["patterns", "check"]).output();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(" 0 failed"));
}

#[cfg(unix)]
#[test]
fn links_and_fifos_do_not_hang_or_escape() {
    use std::os::unix::fs::symlink;
    let dir = Dir::new();
    dir.create("outside/secret.txt", ARTICLE);
    dir.create("in/a.txt", ARTICLE);
    symlink(
        dir.path().join("outside/secret.txt"),
        dir.path().join("in/link.txt"),
    )
    .unwrap();
    symlink(dir.path().join("in"), dir.path().join("in/loop")).unwrap();
    let fifo = dir.path().join("in/pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let out = dir.command().args(["extract", "in", "-o", "out"]).output();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = dir.manifest("out");
    let files = m["files"].as_array().unwrap();
    let status = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .map(|f| f["status"].as_str().unwrap().to_string())
    };
    assert_eq!(status("a.txt").as_deref(), Some("ok"));
    assert_eq!(status("link.txt").as_deref(), Some("skipped"));
    assert_eq!(status("loop").as_deref(), Some("skipped"));
    if made {
        assert_eq!(status("pipe.txt").as_deref(), Some("skipped"));
    }
    // Only a.txt was read: the link's target outside the folder was not.
    assert_eq!(dir.records("out").len(), 2);
    // With --follow the link is read; the loop is reported, never walked forever.
    let out = dir
        .command()
        .args(["extract", "in", "-o", "out2", "--follow"])
        .output();
    assert!(out.status.code().is_some());
    assert!(dir.records("out2").len() >= 4);
}

#[test]
fn utf16_without_bom_is_read() {
    let dir = Dir::new();
    let mut le = Vec::new();
    for u in ARTICLE.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    dir.create_bytes("in/nobom.txt", &le);
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    let recs = dir.records("out");
    assert_eq!(quotes(&recs), vec!["61%", "51,4%"]);
    assert_citations(&dir, &recs, "nobom.txt", &|b| {
        encoding_rs::UTF_16LE
            .decode_without_bom_handling(b)
            .0
            .into_owned()
    });
    assert!(dir.manifest("out")["files"][0]["encoding"]
        .as_str()
        .unwrap()
        .contains("no BOM"));
}

#[test]
fn a_long_line_with_many_figures_finishes() {
    let dir = Dir::new();
    let line = "tỷ lệ hồ sơ trực tuyến đạt 51,4%, ".repeat(4_000);
    dir.create("in/long.txt", &line);
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    assert_eq!(dir.records("out").len(), 4_000);
}

#[test]
fn verify_finds_stale_and_missing_citations() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    dir.create("in/b.txt", ARTICLE);
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    let out = dir.command().args(["verify", "out/records.jsonl"]).output();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("4 citations in 2 files checked, 0 problems")
    );
    dir.create("in/a.txt", &ARTICLE.replace("61%", "71%"));
    std::fs::remove_file(dir.path().join("in/b.txt")).unwrap();
    let out = dir.command().args(["verify", "out/records.jsonl"]).output();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("in/a.txt: stale"), "{text}");
    // The bytes themselves are never printed (records may be hand-made).
    assert!(text.contains("do not read as the quote \"61%\""), "{text}");
    assert!(!text.contains("71%"), "{text}");
    assert!(text.contains("in/b.txt: missing"), "{text}");
    // A line that is no record (here not even UTF-8) is reported; the rest
    // is still checked.
    let mut bytes = std::fs::read(dir.path().join("out/records.jsonl")).unwrap();
    bytes.extend_from_slice(b"{\"id\": \"\xff\"}\n");
    std::fs::write(dir.path().join("out/records.jsonl"), bytes).unwrap();
    let out = dir.command().args(["verify", "out/records.jsonl"]).output();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("out/records.jsonl:5: not a record"), "{text}");
    assert!(text.contains("4 citations in 2 files checked"), "{text}");
}

/// A review of a large run shows the first figures, whole documents, and
/// says so; the counts per indicator cover every record.
#[test]
fn review_pages_are_bounded_and_say_what_they_leave_out() {
    let dir = Dir::new();
    articles(&dir, 3, 40, |i| format!("in/{i}.txt"));
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    assert_eq!(dir.records("out").len(), 6);
    let out = dir
        .command()
        .args(["review", "out", "--max-figures", "1"])
        .output();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 of 6 figures shown"));
    let html = dir.read("out/review.html");
    assert!(html.contains("6 figures in 3 documents"), "{html}");
    assert!(html.contains("the first 2 figures (1 documents)"), "{html}");
    assert_eq!(html.matches("<tr class=\"fig\"").count(), 2);
    assert!(html.contains("smartphone_users_rate <b>3</b>"), "{html}");
    assert_eq!(dir.command().args(["review", "out"]).code(), 0);
    let html = dir.read("out/review.html");
    assert_eq!(html.matches("<tr class=\"fig\"").count(), 6);
    assert!(!html.contains("class=\"cut\""));
}

#[test]
fn csv_has_one_row_per_record() {
    let dir = Dir::new();
    dir.create("in/a.txt", "Tỷ lệ \"đặc biệt\", có dấu phẩy: đạt 61%.\n");
    assert_eq!(
        dir.command()
            .args(["extract", "in", "-o", "out", "--csv"])
            .code(),
        0
    );
    let mut rdr = csv::Reader::from_path(dir.path().join("out/records.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert!(headers.iter().any(|h| h == "citation_quote"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), dir.records("out").len());
    let sentence = headers
        .iter()
        .position(|h| h == "citation_sentence")
        .unwrap();
    assert!(rows[0][sentence].contains("\"đặc biệt\", có dấu phẩy"));
}

#[test]
fn streams_json_lines_through_a_pipe() {
    let dir = Dir::new();
    let docs = [
        serde_json::json!({"id": "doc-1", "text": ARTICLE, "url": "https://example.vn/1"}),
        serde_json::json!({"id": "doc-2", "text": "Tỉnh có 1.552 doanh nghiệp bán hàng trên sàn thương mại điện tử."}),
    ];
    let mut input = String::new();
    for d in &docs {
        input.push_str(&d.to_string());
        input.push('\n');
    }
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
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["doc"]["path"], "doc-1");
    assert_eq!(recs[2]["doc"]["path"], "doc-2");
    assert_eq!(recs[2]["indicator"], "ecommerce_seller_count");
    // Citations count bytes of each document's UTF-8 text.
    for r in &recs {
        let text = if r["doc"]["path"] == "doc-1" {
            docs[0]["text"].as_str().unwrap()
        } else {
            docs[1]["text"].as_str().unwrap()
        };
        let (s, e) = (
            r["citation"]["start"].as_u64().unwrap() as usize,
            r["citation"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], r["citation"]["quote"].as_str().unwrap());
    }
    // A bad line is reported and makes the exit code 1; the others still stream.
    let out = dir
        .command()
        .args(["extract", "--input-jsonl", "-"])
        .stdin(format!("{input}not json\n").as_bytes())
        .output();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3: not a document"));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
}

#[test]
fn sqlite_is_idempotent_and_replaces_changed_files() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    dir.create(
        "in/b.txt",
        "Toàn tỉnh có 1.552 doanh nghiệp bán hàng trên sàn thương mại điện tử.",
    );
    let run = |dir: &Dir| {
        assert_eq!(
            dir.command()
                .args(["extract", "in", "-o", "out", "--sqlite", "db.sqlite"])
                .code(),
            0
        )
    };
    let count = |sql: &str| -> i64 {
        let c = rusqlite::Connection::open(dir.path().join("db.sqlite")).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    run(&dir);
    assert_eq!(count("SELECT COUNT(*) FROM records"), 3);
    assert_eq!(count("SELECT COUNT(*) FROM documents"), 2);
    run(&dir);
    assert_eq!(
        count("SELECT COUNT(*) FROM records"),
        3,
        "a re-run adds no duplicates"
    );
    dir.create("in/a.txt", "Tỷ lệ dân số có điện thoại thông minh đạt 77%.");
    run(&dir);
    assert_eq!(
        count("SELECT COUNT(*) FROM records"),
        2,
        "the changed file's old records are gone"
    );
    assert_eq!(count("SELECT COUNT(*) FROM records WHERE quote = '77%'"), 1);
    assert_eq!(
        count("SELECT COUNT(*) FROM figures WHERE indicator = 'smartphone_users_rate'"),
        1
    );
    let c = rusqlite::Connection::open(dir.path().join("db.sqlite")).unwrap();
    let idx: i64 = c
        .query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('records_indicator', 'records_place', 'records_year')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(idx, 3);
}

#[test]
fn incremental_runs_process_only_new_files_and_match_a_full_run() {
    let dir = Dir::new();
    articles(&dir, 5, 20, |i| format!("in/{i}.txt"));
    assert_eq!(dir.command().args(["extract", "in", "-o", "inc"]).code(), 0);
    dir.create(
        "in/new.txt",
        "Toàn tỉnh có 1.552 doanh nghiệp bán hàng trên sàn thương mại điện tử.",
    );
    dir.create("in/0.txt", &ARTICLE.replace("61", "99"));
    assert_eq!(
        dir.command()
            .args(["extract", "in", "-o", "inc", "--incremental"])
            .code(),
        0
    );
    assert_eq!(
        dir.command().args(["extract", "in", "-o", "full"]).code(),
        0
    );
    eqnice!(
        dir.read("full/records.jsonl"),
        dir.read("inc/records.jsonl")
    );
    let m = dir.manifest("inc");
    let reused: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["reused"] == true)
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        reused,
        vec!["in/1.txt", "in/2.txt", "in/3.txt", "in/4.txt"],
        "changed and new files are extracted again"
    );
}

/// Makes `out/manifest.json` name the sha256 of `out/records.jsonl` as it is
/// now (a hand-edited set that is consistent but not what solieu wrote).
fn rehash(dir: &Dir, out: &str) {
    use sha2::Digest;
    let records = std::fs::read(dir.path().join(format!("{out}/records.jsonl"))).unwrap();
    let mut m = dir.manifest(out);
    m["records_sha256"] = hex::encode(sha2::Sha256::digest(&records)).into();
    dir.create(
        &format!("{out}/manifest.json"),
        &serde_json::to_string_pretty(&m).unwrap(),
    );
}

/// Reused files' lines are copied from the previous records.jsonl only when
/// they can be trusted: same patterns, and the lines where and as many as the
/// manifest says; the CSV is rebuilt from them.
#[test]
fn incremental_runs_trust_previous_records_only_when_they_check_out() {
    let dir = Dir::new();
    articles(&dir, 4, 30, |i| format!("in/{i}.txt"));
    let run = |extra: &[&str]| {
        let mut args = vec!["extract", "in", "-o", "inc", "--csv", "--incremental"];
        args.extend_from_slice(extra);
        let out = dir.command().args(&args).output();
        assert_eq!(out.status.code(), Some(0));
        let m = dir.manifest("inc");
        let reused: Vec<String> = m["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["reused"] == true)
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect();
        (reused, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    assert_eq!(run(&[]).0.len(), 0);
    assert_eq!(run(&[]).0, ["in/0.txt", "in/1.txt", "in/2.txt", "in/3.txt"]);
    assert_eq!(
        dir.command()
            .args(["extract", "in", "-o", "full", "--csv"])
            .code(),
        0
    );
    eqnice!(dir.read("full/records.csv"), dir.read("inc/records.csv"));

    // A line of in/2.txt lost: that file is extracted again, the rest reused.
    let text = dir.read("inc/records.jsonl");
    let mut dropped = false;
    let kept: String = text
        .split_inclusive('\n')
        .filter(|l| {
            let drop = !dropped && l.contains("\"in/2.txt\"");
            dropped |= drop;
            !drop
        })
        .collect();
    assert!(dropped);
    // Records that are not the ones the manifest names (its records_sha256):
    // nothing is reused.
    std::fs::write(dir.path().join("inc/records.jsonl"), &kept).unwrap();
    let (reused, err) = run(&[]);
    assert!(reused.is_empty(), "{reused:?}");
    assert!(err.contains("is not the records file"), "{err}");
    eqnice!(
        dir.read("full/records.jsonl"),
        dir.read("inc/records.jsonl")
    );
    // The same edit with the manifest naming the edited file: the entries'
    // counts still catch it.
    std::fs::write(dir.path().join("inc/records.jsonl"), &kept).unwrap();
    rehash(&dir, "inc");
    assert_eq!(run(&[]).0, ["in/0.txt", "in/1.txt", "in/3.txt"]);
    eqnice!(
        dir.read("full/records.jsonl"),
        dir.read("inc/records.jsonl")
    );

    // A line of in/1.txt moved between the two of in/2.txt: neither file's
    // lines are together any more, so both are extracted again.
    let mut lines: Vec<String> = dir
        .read("inc/records.jsonl")
        .split_inclusive('\n')
        .map(str::to_string)
        .collect();
    let first_of = |lines: &[String], p: &str| lines.iter().position(|l| l.contains(p)).unwrap();
    let moved = lines.remove(first_of(&lines, "\"in/1.txt\""));
    let at = first_of(&lines, "\"in/2.txt\"") + 1;
    lines.insert(at, moved);
    std::fs::write(dir.path().join("inc/records.jsonl"), lines.concat()).unwrap();
    rehash(&dir, "inc");
    assert_eq!(run(&[]).0, ["in/0.txt", "in/3.txt"]);
    eqnice!(
        dir.read("full/records.jsonl"),
        dir.read("inc/records.jsonl")
    );

    // Other patterns: nothing is reused, and stderr says why.
    let pats = dir.path().join("pats");
    std::fs::create_dir(&pats).unwrap();
    let ours = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
    for e in std::fs::read_dir(ours).unwrap() {
        let p = e.unwrap().path();
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str("\n# edited\n");
        std::fs::write(pats.join(p.file_name().unwrap()), text).unwrap();
    }
    let (reused, err) = run(&["--patterns", "pats"]);
    assert!(reused.is_empty(), "{reused:?}");
    assert!(err.contains("other patterns"), "{err}");
}

/// An output folder inside the input is left out, listed as skipped: its
/// files (a half-written records.jsonl among them) are never read back as
/// articles. The input folder itself as output is refused.
#[test]
fn the_output_folder_is_never_read_as_input() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    dir.create("in/out/old-review.html", &format!("<p>{ARTICLE}</p>"));
    for _ in 0..2 {
        assert_eq!(
            dir.command().args(["extract", "in", "-o", "in/out"]).code(),
            0
        );
        let m = dir.manifest("in/out");
        let files: Vec<(&str, &str)> = m["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["path"].as_str().unwrap(), f["status"].as_str().unwrap()))
            .collect();
        assert_eq!(files, [("in/a.txt", "ok"), ("in/out", "skipped")]);
        assert_eq!(dir.records("in/out").len(), 2);
    }
    let out = dir.command().args(["extract", "in", "-o", "in/"]).output();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("also an input folder"));
}

#[test]
fn pipes_get_one_summary_line_and_no_progress_bar() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    let out = dir.command().args(["extract", "in", "-o", "out"]).output();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("solieu: 1 files (1 ok, 0 skipped, 0 failed), 2 records,")
            && err.contains("MB/s"),
        "{err}"
    );
    assert!(!err.contains('\r') && !err.contains("1/1 files"), "{err}");
}

/// On a terminal (a pseudo-terminal from util-linux `script`) a progress bar is drawn.
#[cfg(unix)]
#[test]
fn terminals_get_a_progress_bar() {
    let script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok();
    if !crate::util::tool_present(
        "terminals_get_a_progress_bar",
        "`script` (util-linux) to make a pseudo-terminal",
        script,
    ) {
        return;
    }
    let dir = Dir::new();
    for i in 0..300 {
        dir.create(&format!("in/{i:03}.txt"), ARTICLE);
    }
    let cmd = format!(
        "{} extract in -o out --threads 1",
        env!("CARGO_BIN_EXE_solieu")
    );
    let out = std::process::Command::new("script")
        .current_dir(dir.path())
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("/300 files"),
        "a progress bar on the terminal: {shown:?}"
    );
    assert!(
        shown.contains("solieu: 300 files (300 ok"),
        "and the summary line"
    );
}
