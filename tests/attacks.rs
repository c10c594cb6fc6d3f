//! The second hostile round (issue 16): crafted inputs and faults that broke
//! a promise, one test each. Large inputs are generated at test time.

use crate::util::Dir;
use serde_json::Value;

/// Runs extract over `in/` into `out/`; returns the exit code and stderr.
fn extract(dir: &Dir, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["extract", "in", "-o", "out"];
    args.extend_from_slice(extra);
    let out = dir.command().args(&args).output();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().expect("exited"), err)
}

/// Runs verify with extra arguments: exit code and stdout.
fn verify(dir: &Dir, args: &[&str]) -> (i32, String) {
    let mut all = vec!["verify"];
    all.extend_from_slice(args);
    let out = dir.command().args(&all).output();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().expect("exited"), stdout)
}

fn verified(dir: &Dir) {
    let (code, out) = verify(dir, &["out/records.jsonl"]);
    assert_eq!(code, 0, "verify: {out}");
    assert!(out.contains(", 0 problems"), "{out}");
}

fn entry<'a>(m: &'a Value, name: &str) -> &'a Value {
    m["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no manifest entry for {name}: {m}"))
}

/// Paragraphs of figures, `n` of them, with `\n` line breaks.
fn paragraphs(n: usize, seed: usize) -> String {
    let mut s = String::new();
    for k in seed..seed + n {
        s.push_str(&format!(
            "Năm 202{}, huyện Đắk Pơ có {},{}% người dân dùng điện thoại thông minh.\n\
             Toàn huyện đã cấp {} chữ ký số cho cán bộ, tăng {} lần so với năm trước.\n\n",
            k % 5,
            k % 80 + 10,
            k % 10,
            2000 + k,
            k % 3 + 2
        ));
    }
    s
}

/// What a record cites.
fn cited(r: &Value) -> String {
    let c = &r["citation"];
    format!(
        "{} {} {} {} {} {} {}:{}",
        r["id"], r["kind"], r["value"], c["start"], c["end"], c["quote"], c["line"], c["column"]
    )
}

// 1. A file that is UTF-8 up to some point and Windows-1258 after it.
#[test]
fn windows_of_a_mixed_file_are_cited_in_their_own_encoding() {
    let dir = Dir::new();
    let mut bytes = paragraphs(2000, 0).into_bytes();
    let utf8_end = bytes.len();
    bytes.extend(crate::util::windows_1258(&paragraphs(2000, 2000)));
    assert!(bytes.len() > 4 * (128 << 10));
    dir.create_bytes("in/mixed.txt", &bytes);
    let (code, err) = extract(&dir, &["--window-from", "1000"]);
    assert_eq!(code, 0, "{err}");
    verified(&dir);
    let m = dir.manifest("out");
    let e = entry(&m, "mixed.txt");
    assert_eq!(e["encoding"], "mixed", "{e}");
    let windows = e["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 2, "{e}");
    assert_eq!(windows[0]["encoding"], "utf-8");
    assert_eq!(windows[1]["encoding"], "windows-1258");
    assert_eq!(windows[1]["end"], bytes.len());
    let cut = windows[0]["end"].as_u64().unwrap() as usize;
    assert!(cut >= utf8_end && cut < utf8_end + (256 << 10), "{cut}");
    assert_eq!(e["dropped"], 0);
    // Both halves give their figures, each quote their own bytes' text.
    let records = dir.records("out");
    let after = records
        .iter()
        .filter(|r| r["citation"]["start"].as_u64().unwrap() as usize > cut)
        .count();
    assert!(
        after >= 2400 && records.len() - after >= 2400,
        "{after} of {}",
        records.len()
    );
    // Every quote re-read here from the bytes in its window's encoding.
    for r in &records {
        let c = &r["citation"];
        let (s, t) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        let quote = if s < cut {
            String::from_utf8(bytes[s..t].to_vec()).unwrap()
        } else {
            encoding_rs::WINDOWS_1258
                .decode_without_bom_handling(&bytes[s..t])
                .0
                .into_owned()
        };
        assert_eq!(c["quote"], quote.as_str());
    }
    // The tampered encoding of a window is caught by verify.
    let text = dir
        .read("out/manifest.json")
        .replace("\"windows-1258\"", "\"utf-8\"");
    dir.create("out/manifest.json", &text);
    let (code, _) = verify(&dir, &["out/records.jsonl"]);
    assert_eq!(code, 1);
}

// 2. Figures holding an HTML entity are cited, entity included.
#[test]
fn figures_with_html_entities_are_cited_not_dropped() {
    let dir = Dir::new();
    dir.create(
        "in/e.html",
        "<html><body>\
         <p>Tỷ lệ hồ sơ trực tuyến của tỉnh đạt 70&nbsp;% trong năm 2023.</p>\
         <p>Tỷ lệ người dân có điện thoại thông minh đạt 70&#37; năm 2023.</p>\
         <p>Tỷ lệ hộ gia đình có cáp quang đạt 73&percnt; năm 2023.</p>\
         <p>Doanh thu thương mại điện tử đạt 35 t&#7927; &#273;&#7891;ng năm 2023.</p>\
         <p>Tổng vốn đầu tư đạt 37&nbsp;tỷ đồng năm 2023.</p>\
         </body></html>",
    );
    let (code, err) = extract(&dir, &[]);
    assert_eq!(code, 0);
    assert!(err.contains(" 5 records, 0 dropped,"), "{err}");
    verified(&dir);
    let quotes: Vec<String> = dir
        .records("out")
        .iter()
        .map(|r| r["citation"]["quote"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        quotes,
        [
            "70&nbsp;%",
            "70&#37;",
            "73&percnt;",
            "35 t&#7927; &#273;&#7891;ng",
            "37&nbsp;tỷ đồng"
        ]
    );
    let m = dir.manifest("out");
    assert_eq!(m["totals"]["dropped"], 0);
    assert_eq!(m["totals"]["records"], 5);
}

// 3. Line and column do not depend on windowing (CR-only line ends).
#[test]
fn cr_only_lines_cite_the_same_line_and_column_in_windows() {
    let dir = Dir::new();
    let text = paragraphs(1800, 0);
    dir.create("in/cr.txt", &text.replace('\n', "\r"));
    dir.create("in/crlf.txt", &text.replace('\n', "\r\n"));
    dir.create(
        "in/mixedbreaks.txt",
        &text.replace("\n\n", "\r\r").replace(".\n", ".\r\n"),
    );
    assert!(text.len() > 2 * (128 << 10));
    let (code, _) = extract(&dir, &[]);
    assert_eq!(code, 0);
    verified(&dir);
    let whole: Vec<String> = dir.records("out").iter().map(cited).collect();
    let (code, _) = extract(&dir, &["--window-from", "1000"]);
    assert_eq!(code, 0);
    verified(&dir);
    let windowed: Vec<String> = dir.records("out").iter().map(cited).collect();
    assert!(whole.len() >= 3 * 5000, "{}", whole.len());
    assert_eq!(whole.len(), windowed.len());
    let differ = whole.iter().zip(&windowed).filter(|(a, b)| a != b).count();
    assert_eq!(
        differ,
        0,
        "first: {:?}",
        whole.iter().zip(&windowed).find(|(a, b)| a != b)
    );
}

// 4. A '>' inside a quoted attribute does not end the tag; attribute values
// are never article text.
#[test]
fn attribute_values_are_never_text() {
    let dir = Dir::new();
    let huge: String = (0..60_000).map(|k| format!("đạt {}% ", k % 100)).collect();
    dir.create(
        "in/a.html",
        &format!(
            "<html><body>\
             <p data-x=\"a > 5\">Tỷ lệ hồ sơ trực tuyến của tỉnh đạt 51,4% năm 2022.</p>\
             <p title='đạt 99% > 98%' class=x>Tỷ lệ người dân có điện thoại thông minh đạt 61% năm 2023.</p>\
             <div title=\"{huge}\">Có 12 doanh nghiệp.</div>\
             <p>So sánh a < b và c <d vẫn là chữ.</p>\
             </body></html>"
        ),
    );
    let (code, _) = extract(&dir, &[]);
    assert_eq!(code, 0);
    verified(&dir);
    let records = dir.records("out");
    let quotes: Vec<&str> = records
        .iter()
        .map(|r| r["citation"]["quote"].as_str().unwrap())
        .collect();
    assert_eq!(quotes, ["51,4%", "61%", "12"], "{records:?}");
    let last = records[2]["citation"]["sentence"].as_str().unwrap();
    assert_eq!(last, "Có 12 doanh nghiệp.");
    for r in &records {
        let s = r["citation"]["sentence"].as_str().unwrap();
        assert!(
            !s.contains('>') && !s.contains('=') && !s.contains('"'),
            "{s}"
        );
        assert!(!s.contains("99%") && !s.contains("đạt 1%"), "{s}");
    }
}
