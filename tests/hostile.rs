//! Hostile input, generated in temporary folders: nothing panics, every file
//! has a manifest entry with a clear status and reason, and `verify` finds
//! every written citation intact.

use crate::util::{cited, entry, extract, Dir};
use serde_json::Value;

const OK: &str = "Tỷ lệ hồ sơ trực tuyến của tỉnh Gia Lai đạt 51,4% trong năm 2022.";

/// Runs extract over `in/`, then verify over its records; returns the manifest.
fn run(dir: &Dir, extra: &[&str]) -> (i32, Value) {
    let (code, _) = extract(dir, extra);
    let v = dir.command().args(["verify", "out/records.jsonl"]).output();
    assert_eq!(
        v.status.code(),
        Some(0),
        "verify: {}",
        String::from_utf8_lossy(&v.stdout)
    );
    (code, dir.manifest("out"))
}

#[test]
fn broken_bytes_and_odd_encodings() {
    let dir = Dir::new();
    let mut mid = OK.as_bytes().to_vec();
    mid.insert(20, 0xFF);
    dir.create_bytes("in/invalid-middle.txt", &mid);
    let mut cut = OK.as_bytes().to_vec();
    cut.extend_from_slice("ệ".as_bytes().split_last().unwrap().1);
    dir.create_bytes("in/cut-end.txt", &cut);
    dir.create("in/crlf.txt", &format!("{OK}\r\n{OK}\r\n"));
    dir.create("in/cr.txt", &format!("{OK}\r{OK}\r"));
    dir.create("in/empty.txt", "");
    dir.create("in/blank.txt", " \n\t\r\n   ");
    dir.create_bytes("in/a.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    dir.create_bytes(
        "in/b.pdf",
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    );
    dir.create_bytes("in/c.zip", b"PK\x03\x04\x14\0\0\0");
    dir.create_bytes("in/nul.txt", b"abc\0def\0");
    let (code, m) = run(&dir, &[]);
    assert_eq!(code, 0);
    for name in ["invalid-middle.txt", "cut-end.txt"] {
        let e = entry(&m, name);
        assert_eq!(e["status"], "ok", "{e}");
        assert_eq!(e["encoding"], "utf-8-lossy", "{e}");
        assert_eq!(e["records"], 1, "{e}");
    }
    assert_eq!(entry(&m, "crlf.txt")["records"], 2);
    assert_eq!(entry(&m, "cr.txt")["records"], 2);
    assert_eq!(entry(&m, "empty.txt")["reason"], "empty file");
    assert_eq!(entry(&m, "blank.txt")["records"], 0);
    for (name, kind) in [
        ("a.png", "PNG"),
        ("b.pdf", "PDF"),
        ("c.zip", "ZIP"),
        ("nul.txt", "NUL"),
    ] {
        let e = entry(&m, name);
        assert_eq!(e["status"], "skipped", "{e}");
        assert!(e["reason"].as_str().unwrap().contains(kind), "{e}");
    }
}

#[test]
fn legacy_encodings_are_read_with_citations() {
    let dir = Dir::new();
    let text = "tỷ lệ người dân có điện thoại thông minh của tỉnh đạt 61% và các huyện đạt 50%.";
    dir.create_bytes(
        "in/tcvn3.txt",
        &solieu::ingest::legacy::encode_tcvn3(text).unwrap(),
    );
    dir.create_bytes(
        "in/vni.txt",
        b"Ty\xfb le\xe4 ng\xf6\xf4\xf8i da\xe2n co\xf9 \xf1ie\xe4n thoa\xefi tho\xe2ng minh cu\xfba t\xe6nh \xf1a\xeft 61% va\xf8 ca\xf9c huye\xe4n \xf1a\xeft 50%.",
    );
    dir.create_bytes("in/w1258.txt", &crate::util::windows_1258(text));
    let (code, m) = run(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(entry(&m, "tcvn3.txt")["encoding"], "tcvn3");
    assert_eq!(entry(&m, "vni.txt")["encoding"], "vni-windows");
    assert_eq!(entry(&m, "w1258.txt")["encoding"], "windows-1258");
    let recs = dir.records("out");
    for name in ["tcvn3.txt", "vni.txt", "w1258.txt"] {
        let mine: Vec<&Value> = recs
            .iter()
            .filter(|r| r["doc"]["path"].as_str().unwrap().ends_with(name))
            .collect();
        assert_eq!(mine.len(), 2, "{name}");
        assert_eq!(mine[0]["indicator"], "smartphone_users_rate", "{name}");
        assert_eq!(mine[0]["citation"]["quote"], "61%", "{name}");
    }
}

#[test]
fn a_five_megabyte_line_finishes() {
    let dir = Dir::new();
    let mut s = String::with_capacity(5_300_000);
    while s.len() < 5_000_000 {
        s.push_str("chuyển đổi số trên địa bàn tỉnh, ");
    }
    s.push_str(OK);
    dir.create("in/long.txt", &s);
    let (code, m) = run(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(entry(&m, "long.txt")["records"], 1);
}

#[test]
fn html_furniture_unclosed_or_nested_deep_finishes() {
    let dir = Dir::new();
    let mut s = String::from("<html><head>");
    s.push_str(&"<title>Tin".repeat(20_000));
    s.push_str("</head><body>");
    // Furniture nested deep, then closed: skipped whole, figure and all.
    s.push_str(&"<nav>".repeat(50_000));
    s.push_str("<p>Đạt 100% chỉ tiêu.</p>");
    s.push_str(&"</nav>".repeat(50_000));
    // Furniture that holds the article is read, not skipped: nested deep,
    // each level would scan to the end of the page.
    s.push_str(&"<div class=\"share\">".repeat(50_000));
    s.push_str("<p>Một.</p><p>Hai.</p><p>Ba.</p>");
    s.push_str(&"</div>".repeat(50_000));
    // Unclosed furniture: each would scan to the end of the page, so after a
    // few the page is no longer searched for it.
    s.push_str(&"<div class=\"share\"><a>Chia sẻ 7</a>".repeat(50_000));
    s.push_str(&format!("<p>{OK}</p></body></html>"));
    dir.create("in/page.html", &s);
    let (code, m) = run(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(entry(&m, "page.html")["records"], 1);
}

#[cfg(unix)]
#[test]
fn deep_folders_odd_names_and_dangling_links() {
    use std::os::unix::ffi::OsStrExt;
    let dir = Dir::new();
    let mut deep = String::from("in");
    for i in 0..200 {
        deep.push_str(&format!("/d{i}"));
    }
    dir.create(&format!("{deep}/deep.txt"), OK);
    let odd = std::ffi::OsStr::from_bytes(b"in/t\xEAn-l\xE9.txt");
    std::fs::write(dir.path().join(odd), OK).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("in/gone.txt"),
        dir.path().join("in/dangling.txt"),
    )
    .unwrap();
    let (code, m) = run(&dir, &["--follow"]);
    assert_eq!(code, 1, "the dangling link fails: {m}");
    assert_eq!(entry(&m, "deep.txt")["records"], 1);
    let dangling = entry(&m, "dangling.txt");
    assert_eq!(dangling["status"], "failed");
    assert!(dangling["reason"].as_str().unwrap().contains("cannot read"));
    assert_eq!(m["totals"]["files"], 3);
}

/// A file without read permission fails with a reason. Root reads through
/// permissions (and `.ci/run` runs as root): there the binary runs as
/// `nobody`, in a folder it may write.
#[cfg(unix)]
#[test]
fn unreadable_files_fail_with_a_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Dir::new();
    let p = dir.create("in/locked.txt", OK);
    dir.create("in/open.txt", OK);
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = dir.command();
    cmd.args(["extract", "in", "-o", "out"]);
    if std::fs::read(&p).is_ok() {
        const NOBODY: u32 = 65534;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        cmd.user(NOBODY, NOBODY);
    }
    let out = cmd.output();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    let m = dir.manifest("out");
    let locked = entry(&m, "locked.txt");
    assert_eq!(locked["status"], "failed");
    assert!(
        locked["reason"].as_str().unwrap().contains("cannot read"),
        "{locked}"
    );
    assert_eq!(entry(&m, "open.txt")["status"], "ok");
    assert!(err.contains("locked.txt: failed"), "{err}");
}

/// A killed run leaves either the previous complete outputs or the new ones.
#[cfg(unix)]
#[test]
fn killed_runs_never_leave_half_written_outputs() {
    let dir = Dir::new();
    for i in 0..150 {
        dir.create(
            &format!("old/{i:03}.txt"),
            &OK.replace("51,4", &format!("{}", i % 90 + 1)),
        );
        dir.create(&format!("new/{i:03}.txt"), &format!("{OK} {OK}"));
    }
    assert_eq!(
        dir.command().args(["extract", "new", "-o", "ref"]).code(),
        0
    );
    let new_records = dir.read("ref/records.jsonl");
    for round in 0..6u64 {
        assert_eq!(
            dir.command().args(["extract", "old", "-o", "out"]).code(),
            0
        );
        let old_records = dir.read("out/records.jsonl");
        let old_manifest = dir.read("out/manifest.json");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_solieu"))
            .current_dir(dir.path())
            .args(["extract", "new", "-o", "out"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(round * 40));
        let _ = child.kill();
        let _ = child.wait();
        let records = dir.read("out/records.jsonl");
        assert!(
            records == old_records || records == new_records,
            "round {round}: records.jsonl half written"
        );
        let manifest = dir.read("out/manifest.json");
        let parsed: Result<Value, _> = serde_json::from_str(&manifest);
        assert!(parsed.is_ok(), "round {round}: manifest.json half written");
        assert!(
            manifest == old_manifest
                || parsed.unwrap()["files"][0]["path"]
                    .as_str()
                    .unwrap()
                    .starts_with("new/")
        );
    }
}

/// 100,000 small files: run by `.ci/run` (`cargo test -- --ignored`).
#[test]
#[ignore = "slow (100,000 files): .ci/run runs it in release"]
fn a_hundred_thousand_small_files() {
    let dir = Dir::new();
    for i in 0..100_000 {
        dir.create(
            &format!("in/{:03}/{i:06}.txt", i / 1000),
            if i % 10 == 0 {
                OK
            } else {
                "Tin ngắn không có số liệu."
            },
        );
    }
    let (code, m) = run(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(m["totals"]["files"], 100_000);
    assert_eq!(m["totals"]["records"], 10_000);
}

#[test]
fn utf16_be_without_bom_unsure_encodings_and_head_only_pages() {
    let dir = Dir::new();
    let mut be = Vec::new();
    for u in OK.encode_utf16() {
        be.extend_from_slice(&u.to_be_bytes());
    }
    dir.create_bytes("in/be-nobom.txt", &be);
    // High bytes that read as no Vietnamese at all.
    let junk: Vec<u8> = (0..400u32)
        .map(|i| {
            if i % 3 == 0 {
                0x80 + (i * 37 % 120) as u8
            } else {
                b'a' + (i % 26) as u8
            }
        })
        .collect();
    dir.create_bytes("in/junk.txt", &junk);
    dir.create(
        "in/head.html",
        "<!DOCTYPE html><html><head><title>T&#7927; l&#7879; h&#7891; s&#417; tr&#7921;c tuy&#7871;n &#273;&#7841;t 51,4%</title>\
         <meta name=\"viewport\" content=\"initial-scale=1, width=device-width\"><script>var x = '99%';</script></head></html>",
    );
    let (_, m) = run(&dir, &[]);
    let e = entry(&m, "be-nobom.txt");
    assert!(
        e["encoding"].as_str().unwrap().starts_with("utf-16be"),
        "{e}"
    );
    assert_eq!(e["records"], 1);
    let j = entry(&m, "junk.txt");
    let said = j["reason"].as_str().unwrap_or("");
    assert!(j["status"] == "failed" || said.contains("unsure"), "{j}");
    let h = entry(&m, "head.html");
    assert_eq!(h["html"], true);
    assert_eq!(h["records"], 1, "only the title's figure: {h}");
    let recs = dir.records("out");
    let r = recs
        .iter()
        .find(|r| r["doc"]["path"].as_str().unwrap().ends_with("head.html"))
        .unwrap();
    assert_eq!(r["citation"]["quote"], "51,4%");
    assert_eq!(r["indicator"], "online_public_service_dossier_rate");
}

/// A large article text: paragraphs of figures, some lines hard-wrapped.
fn large_text(paragraphs: usize) -> String {
    let mut s = String::from("Báo cáo chuyển đổi số các tỉnh\n\n");
    for k in 0..paragraphs {
        s.push_str(&format!(
            "Trong năm 202{}, tỉnh Gia Lai có {},{}% hồ sơ được xử lý trực tuyến.\n\
             Đến nay, {} doanh nghiệp trên địa bàn đã dùng hóa đơn\n\
             điện tử, tăng {} lần so với năm trước.\n\n",
            k % 5,
            k % 90 + 5,
            k % 10,
            1000 + k,
            k % 4 + 2
        ));
    }
    s
}

#[test]
fn large_files_are_read_a_window_at_a_time() {
    let dir = Dir::new();
    let text = large_text(1500);
    assert!(text.len() > 2 * (128 << 10), "{}", text.len());
    dir.create("in/big.txt", &text);
    dir.create_bytes("in/big-1258.txt", &crate::util::windows_1258(&text));
    let (code, whole) = run(&dir, &[]);
    assert_eq!(code, 0);
    let whole_records = dir.records("out");
    let (code, win) = run(&dir, &["--window-from", "1000"]);
    assert_eq!(code, 0);
    let win_records = dir.records("out");
    for name in ["big.txt", "big-1258.txt"] {
        let (a, b) = (entry(&whole, name), entry(&win, name));
        assert_eq!(a["sha256"], b["sha256"]);
        assert_eq!(a["encoding"], b["encoding"]);
        assert_eq!(a["records"], b["records"], "{name}");
        assert!(a["records"].as_u64().unwrap() >= 4200, "{a}");
    }
    assert_eq!(entry(&win, "big-1258.txt")["encoding"], "windows-1258");
    // Every figure is cited at the same bytes, line and column, with the same id.
    let a: Vec<String> = whole_records.iter().map(cited).collect();
    let b: Vec<String> = win_records.iter().map(cited).collect();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
}

#[test]
fn large_utf16_is_read_whole() {
    let dir = Dir::new();
    let text = large_text(40);
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    dir.create_bytes("in/big16.txt", &bytes);
    let (code, m) = run(&dir, &["--window-from", "1000"]);
    assert_eq!(code, 0);
    let e = entry(&m, "big16.txt");
    assert_eq!(e["status"], "ok");
    assert_eq!(e["encoding"], "utf-16le");
    assert!(e["records"].as_u64().unwrap() >= 120, "{e}");
}
