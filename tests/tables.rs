//! Tables read cell by cell, through the binary: one record per figure cell,
//! its meaning from the header, its citation on the cell's own bytes.

use crate::util::Dir;
use serde_json::Value;

/// (quote, kind, value, indicator, place, level) of every record, in order.
fn rows(recs: &[Value]) -> Vec<String> {
    recs.iter()
        .map(|r| {
            format!(
                "{} {} {} {} {} {} {}",
                r["citation"]["quote"].as_str().unwrap(),
                r["kind"].as_str().unwrap(),
                r["value"],
                r["denominator"],
                r["indicator"],
                r["place"],
                r["level"],
            )
        })
        .collect()
}

fn cited_bytes_hold(dir: &Dir, recs: &[Value], file: &str) {
    let bytes = std::fs::read(dir.path().join(file)).unwrap();
    for r in recs {
        let (s, e) = (
            r["citation"]["start"].as_u64().unwrap() as usize,
            r["citation"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            String::from_utf8_lossy(&bytes[s..e]),
            r["citation"]["quote"].as_str().unwrap()
        );
    }
}

const HTML: &str = "<html><body>\n\
<h1>Quảng Trị chấm điểm chuyển đổi số các huyện</h1>\n\
<p>Bảng dưới đây là kết quả năm 2022 của tỉnh Quảng Trị.</p>\n\
<table>\n\
<tr><th rowspan=\"2\">STT</th><th rowspan=\"2\">Địa phương</th><th colspan=\"2\">Kết quả</th><th rowspan=\"2\">Tỷ lệ (%)</th></tr>\n\
<tr><th>Điểm</th><th>Thứ hạng</th></tr>\n\
<tr><td>1</td><td>Huyện Gio Linh</td><td><b>&nbsp;455,5</b></td><td>1</td><td>62,5</td></tr>\n\
<tr><td>2</td><td>Huyện Hải Lăng</td><td>430,25</td><td>2</td><td>58</td></tr>\n\
</table>\n\
</body></html>\n";

#[test]
fn html_table_gives_one_record_per_figure_cell() {
    let dir = Dir::new();
    dir.create("in/t.html", HTML);
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    let recs = dir.records("out");
    // No record for the STT column; the score cell cites the number inside
    // the <td>, not its markup.
    eqnice!(
        [
            "455,5 score 455.5 null null \"Quảng Trị\" \"district\"",
            "1 rank 1.0 null null \"Quảng Trị\" \"district\"",
            "62,5 percent 62.5 null null \"Quảng Trị\" \"district\"",
            "430,25 score 430.25 null null \"Quảng Trị\" \"district\"",
            "2 rank 2.0 null null \"Quảng Trị\" \"district\"",
            "58 percent 58.0 null null \"Quảng Trị\" \"district\"",
        ]
        .join("\n"),
        rows(&recs).join("\n")
    );
    assert!(recs
        .iter()
        .all(|r| r["year"] == 2022 && r["status"] == "achieved"));
    assert_eq!(recs[0]["subject"], "Huyện Gio Linh");
    cited_bytes_hold(&dir, &recs, "in/t.html");
    assert_eq!(
        dir.command().args(["verify", "out/records.jsonl"]).code(),
        0
    );
}

#[test]
fn pipe_table_ties_share_a_rank_and_row_numbers_are_no_figures() {
    let dir = Dir::new();
    let text = "Cao Bằng xếp hạng các sở năm 2021\n\n\
Bảng điểm các sở, ngành tỉnh Cao Bằng năm 2021\n\
| TT | Cơ quan | Tổng điểm | Xếp hạng |\n\
|----|----|----|----|\n\
| 1 | Sở Xây dựng | 801.5 | 1 |\n\
| 2 | Sở Nội vụ | 790.25 | 2 |\n\
| 3 | Sở Tư pháp | 790.25 | 2 |\n";
    dir.create("in/p.txt", text);
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    let recs = dir.records("out");
    eqnice!(
        [
            "801.5 score 801.5 null null \"Cao Bằng\" \"province\"",
            "1 rank 1.0 null null \"Cao Bằng\" \"province\"",
            "790.25 score 790.25 null null \"Cao Bằng\" \"province\"",
            "2 rank 2.0 null null \"Cao Bằng\" \"province\"",
            "790.25 score 790.25 null null \"Cao Bằng\" \"province\"",
            "2 rank 2.0 null null \"Cao Bằng\" \"province\"",
        ]
        .join("\n"),
        rows(&recs).join("\n")
    );
    assert!(recs.iter().all(|r| r["year"] == 2021));
    cited_bytes_hold(&dir, &recs, "in/p.txt");
}

#[test]
fn one_cell_per_line_dti_table_names_places_and_pillars() {
    let dir = Dir::new();
    let mut text = String::from(
        "Chỉ số chuyển đổi số của 63 tỉnh, thành phố năm 2021\n\nTỉnh\n\nDTI\n\nKINH TẾ SỐ\n\nĐiểm\n\nXếp hạng\n\nĐiểm\n\nXếp hạng\n\n",
    );
    for (name, a, b, c, d) in [
        ("TP. Hồ Chí Minh", "0,7001", "3", "0,5000", "1"),
        ("Thừa Thiên - Huế", "0,6502", "7", "0,4100", "9"),
        ("Lạng Sơn", "0,6100", "12", "0,3900", "15"),
    ] {
        for cell in [name, a, b, c, d] {
            text.push_str(cell);
            text.push_str("\n\n");
        }
    }
    dir.create("in/d.txt", &text);
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    // The caption's "63 tỉnh" is a count of the prose; the rest is the table.
    let recs: Vec<Value> = dir
        .records("out")
        .into_iter()
        .filter(|r| r["rule"] != "grammar/count")
        .collect();
    let got = rows(&recs);
    assert_eq!(got.len(), 12, "{got:#?}");
    eqnice!(
        [
            "0,7001 score 0.7001 null \"dti_score\" \"Thành phố Hồ Chí Minh\" \"province\"",
            "3 rank 3.0 63.0 \"dti_rank\" \"Thành phố Hồ Chí Minh\" \"province\"",
            "0,5000 score 0.5 null null \"Thành phố Hồ Chí Minh\" \"province\"",
            "1 rank 1.0 63.0 \"dti_digital_economy_rank\" \"Thành phố Hồ Chí Minh\" \"province\"",
        ]
        .join("\n"),
        got[..4].join("\n")
    );
    assert_eq!(recs[4]["place"], "Thừa Thiên Huế");
    assert_eq!(recs[8]["place"], "Lạng Sơn");
    cited_bytes_hold(&dir, &recs, "in/d.txt");
}

#[test]
fn header_words_without_a_table_change_nothing() {
    let dir = Dir::new();
    // Short lines with header words but no rows of numbers: prose as before.
    let text = "Xếp hạng\n\nTổng điểm\n\nNăm 2023, tỷ lệ hộ gia đình có cáp quang băng rộng của Lào Cai đạt 81%.\n";
    dir.create("in/x.txt", text);
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    let recs = dir.records("out");
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["citation"]["quote"], "81%");
    assert!(!recs[0]["rule"].as_str().unwrap().starts_with("table/"));
}
