//! Tests of the table readers over small texts of each shape.

use super::lines::line_tables;
use super::pipes::pipe_tables;
use super::spaces::space_tables;
use super::Grid;
use crate::rules::{Catalog, ColKind, TableRules};

/// The embedded table rules (also used by the other table test modules).
pub(super) fn rules() -> TableRules {
    Catalog::embedded().expect("patterns").tables
}

/// The numeric cells of each row of each table, as written.
fn numbers(gs: &[Grid]) -> Vec<Vec<String>> {
    gs.iter()
        .map(|g| {
            g.rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| c.as_ref().map_or("-".to_string(), |c| c.text.clone()))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        })
        .collect()
}

#[test]
fn cells_one_per_line_with_a_shared_rank_and_two_tables() {
    let r = rules();
    let text = "Bảng A năm 2020\n\nHạng\n\nĐơn vị\n\nĐiểm\n\n1\n\nSở X\n\n9,5\n\n\
                2\n\nSở Y\n\n9,1\n\nSở Z\n\n9,1\n\n4\n\nSở W\n\n8\n\n\
                Bảng B năm 2021\n\nHạng\n\nHuyện\n\nĐiểm\n\n1\n\nHuyện P\n\n7,5\n\n\
                2\n\nHuyện Q\n\n7\n";
    let gs = line_tables(&r, text);
    assert_eq!(gs.len(), 2, "{gs:#?}");
    // "Sở Z" shares rank 2 with the row above: its rank cell is missing.
    assert_eq!(
        numbers(&gs),
        [
            vec!["1 Sở X 9,5", "2 Sở Y 9,1", "- Sở Z 9,1", "4 Sở W 8"],
            vec!["1 Huyện P 7,5", "2 Huyện Q 7"]
        ]
    );
    assert_eq!(gs[0].caption, "Bảng A năm 2020");
    assert_eq!(gs[1].caption, "Bảng B năm 2021");
    let own: Vec<&str> = gs[1].headers.iter().map(|h| h.own.as_str()).collect();
    assert_eq!(own, ["Hạng", "Huyện", "Điểm"]);
}

#[test]
fn pipes_on_lines_of_their_own_and_inside_lines() {
    let r = rules();
    let stream = "Tiêu đề\n|\nXếp hạng |\nĐơn vị |\nĐiểm |\n|\n1 |\nSở A |\n80.5 |\n|\n2 |\nSở B |\n79.25 |\n";
    let rows = "Tiêu đề\n| STT | Đơn vị | Số lượng |\n|---|---|---|\n| 1 | Sở A | 1.200 |\n| 2 | Sở B | 35 |\n";
    let a = pipe_tables(&r, stream);
    let b = pipe_tables(&r, rows);
    assert_eq!(numbers(&a), [vec!["1 Sở A 80.5", "2 Sở B 79.25"]]);
    assert_eq!(numbers(&b), [vec!["1 Sở A 1.200", "2 Sở B 35"]]);
    let kinds: Vec<ColKind> = b[0].headers.iter().map(|h| r.classify(&h.own)).collect();
    assert_eq!(kinds, [ColKind::RowNumber, ColKind::Other, ColKind::Count]);
    // A cell's number keeps its bytes in the text.
    let n = a[0].rows[1][2]
        .as_ref()
        .and_then(|c| c.num.clone())
        .expect("a number");
    assert_eq!(&stream[n.span.0..n.span.1], "79.25");
}

#[test]
fn prose_is_no_table() {
    let r = rules();
    let text = "Xếp hạng\n\nNăm nay tỉnh đứng thứ 5.\n\n12\n\nTổng điểm\n";
    assert!(line_tables(&r, text).is_empty());
    assert!(pipe_tables(&r, "Tin | Báo tỉnh\nMột dòng\n").is_empty());
}

#[test]
fn rows_parted_by_spaces_or_tabs() {
    let r = rules();
    let spaced = "Bảng 3\nHạng Tỉnh Điểm\n7 Hà Nam 0,61\n7 Lào Cai 0,61\n9 Bắc Kạn 0,6\n";
    let gs = space_tables(&r, spaced);
    assert_eq!(
        numbers(&gs),
        [vec!["7 Hà Nam 0,61", "7 Lào Cai 0,61", "9 Bắc Kạn 0,6"]]
    );
    assert_eq!(gs[0].caption, "Bảng 3");
    let tabbed = "Bảng 3\nHạng\tTỉnh\tĐiểm\n7\tHà Nam\t0,61\n8\tLào Cai\t0,6\n";
    let gs = pipe_tables(&r, tabbed);
    assert_eq!(numbers(&gs), [vec!["7 Hà Nam 0,61", "8 Lào Cai 0,6"]]);
    // Prose lines ending in numbers are no rows without a header above.
    assert!(space_tables(&r, "Năm nay tỉnh đạt 45\nCòn lại là 12\n").is_empty());
}
