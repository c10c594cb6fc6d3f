//! HTML `<table>`s: rows of `<td>`/`<th>` cells, spans expanded, the header
//! rows above the first row of numbers; each number cites the bytes inside
//! its `<td>`.
//!
//! Takes the decoded HTML, its normalized text (for the line above a table
//! without a caption) and the table rules; gives [`Grid`]s to the table
//! stage ([`super::grids`]).

use super::grid::{cell_num, Cell, CellNum, Grid, Header};
use crate::normalize::Text;
use crate::rules::TableRules;

/// HTML entities and tags of a cell's text, roughly (labels only).
fn entity_text(t: &str) -> String {
    t.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&#160;", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn attr_num(tag: &str, name: &str) -> usize {
    let low = tag.to_ascii_lowercase();
    let Some(i) = low.find(name) else {
        return 1;
    };
    let rest = &low[i + name.len()..];
    let rest = rest.trim_start_matches([' ', '=', '"', '\'']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(1).clamp(1, 64)
}

/// HTML `<table>`s.
pub(super) fn html_tables(
    rules: &TableRules,
    s: &str,
    text: &Text,
    map: &dyn Fn(usize) -> usize,
) -> Vec<Grid> {
    let low = s.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = low[from..].find("<table") {
        let a = from + i;
        let Some(e) = low[a..].find("</table") else {
            break;
        };
        let b = a + e;
        from = b + 1;
        if let Some(g) = html_grid(rules, s, &low, a, b, text, map) {
            out.push(g);
        }
    }
    out
}

/// One `<td>` or `<th>` as written: its text, the decoded ranges of its
/// pieces of text, its spans.
struct RawCell {
    text: String,
    segs: Vec<(usize, usize)>,
    colspan: usize,
    rowspan: usize,
    th: bool,
}

/// The table between decoded bytes `a` (its `<table`) and `b` (its
/// `</table`), if it holds data under header words.
fn html_grid(
    rules: &TableRules,
    s: &str,
    low: &str,
    a: usize,
    b: usize,
    text: &Text,
    map: &dyn Fn(usize) -> usize,
) -> Option<Grid> {
    let (rows, mut caption) = raw_rows(s, low, a, b);
    let (grid, th_row) = span_grid(s, &rows);
    let first = grid.iter().enumerate().position(|(k, r)| {
        !th_row.get(k).copied().unwrap_or(false) && r.iter().flatten().any(|c| c.num.is_some())
    })?;
    if first == 0 {
        return None;
    }
    let p = grid[first..].iter().map(Vec::len).max()?;
    let headers = html_headers(&grid[..first], p);
    if !headers.iter().any(|h| rules.is_header_word(&h.full())) {
        return None;
    }
    if caption.trim().is_empty() {
        // The line above the table, in normalized text.
        let n = text.norm_at(map(a));
        let before = text.s[..n].trim_end();
        caption = before
            .rsplit('\n')
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_string();
    } else {
        caption = entity_text(&caption);
    }
    let rows = grid[first..].iter().cloned();
    Some(Grid::padded(headers, rows, p, caption, (a, b)))
}

/// The open cell, if any, closed into the last row.
fn close_cell(cur: &mut Option<RawCell>, rows: &mut [Vec<RawCell>]) {
    if let Some(c) = cur.take() {
        if let Some(r) = rows.last_mut() {
            r.push(c);
        }
    }
}

/// The rows of cells between `a` and `b` as written (no empty row), and
/// the `<caption>` text.
fn raw_rows(s: &str, low: &str, a: usize, b: usize) -> (Vec<Vec<RawCell>>, String) {
    let mut rows: Vec<Vec<RawCell>> = Vec::new();
    let mut cur: Option<RawCell> = None;
    let mut caption = String::new();
    let mut in_caption = false;
    let mut i = a;
    while i < b {
        if s.as_bytes()[i] == b'<' {
            let end = low[i..b].find('>').map_or(b, |k| i + k + 1);
            let tag = &low[i..end];
            let name: String = tag
                .trim_start_matches(['<', '/'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let closing = tag.starts_with("</");
            match (name.as_str(), closing) {
                ("tr", false) => {
                    close_cell(&mut cur, &mut rows);
                    rows.push(Vec::new());
                }
                ("td" | "th", false) => {
                    close_cell(&mut cur, &mut rows);
                    if rows.is_empty() {
                        rows.push(Vec::new());
                    }
                    cur = Some(RawCell {
                        text: String::new(),
                        segs: Vec::new(),
                        colspan: attr_num(tag, "colspan"),
                        rowspan: attr_num(tag, "rowspan"),
                        th: name == "th",
                    });
                }
                ("td" | "th" | "tr", true) => close_cell(&mut cur, &mut rows),
                ("caption", c) => in_caption = !c,
                ("br" | "p" | "div", _) => {
                    if let Some(c) = cur.as_mut() {
                        c.text.push(' ');
                    }
                }
                _ => {}
            }
            i = end;
            continue;
        }
        let next = low[i..b].find('<').map_or(b, |k| i + k);
        let piece = &s[i..next];
        if in_caption {
            caption.push_str(piece);
        } else if let Some(c) = cur.as_mut() {
            c.text.push_str(piece);
            if !piece.trim().is_empty() {
                c.segs.push((i, next));
            }
        }
        i = next;
    }
    close_cell(&mut cur, &mut rows);
    rows.retain(|r| !r.is_empty());
    (rows, caption)
}

/// The number of a cell: the cell's one piece of text, trimmed of entities.
fn raw_cell_num(s: &str, rc: &RawCell) -> Option<CellNum> {
    if rc.segs.len() == 1 {
        let (sa, sb) = rc.segs[0];
        let t = &s[sa..sb];
        let lead = t.len() - t.trim_start_matches([' ', '\t', '\n', '\r']).len();
        let core = t.trim_matches([' ', '\t', '\n', '\r']);
        let core_l = core.trim_start_matches("&nbsp;");
        let lead = lead + core.len() - core_l.len();
        let core = core_l.trim_end_matches("&nbsp;").trim();
        cell_num(core, sa + lead)
    } else {
        None
    }
}

/// Spans expanded into a grid (a spanned cell's copies marked), and for
/// each row whether all its cells are `<th>`.
fn span_grid(s: &str, rows: &[Vec<RawCell>]) -> (Vec<Vec<Option<Cell>>>, Vec<bool>) {
    let mut grid: Vec<Vec<Option<Cell>>> = Vec::new();
    let mut th_row: Vec<bool> = Vec::new();
    for (ri, r) in rows.iter().enumerate() {
        while grid.len() <= ri {
            grid.push(Vec::new());
        }
        th_row.push(r.iter().all(|c| c.th));
        let mut col = 0;
        for rc in r {
            while grid[ri].get(col).is_some_and(Option::is_some) {
                col += 1;
            }
            let label = entity_text(&rc.text);
            let num = raw_cell_num(s, rc);
            for dr in 0..rc.rowspan {
                let rr = ri + dr;
                while grid.len() <= rr {
                    grid.push(Vec::new());
                }
                for dc in 0..rc.colspan {
                    let cc = col + dc;
                    if grid[rr].len() <= cc {
                        grid[rr].resize(cc + 1, None);
                    }
                    grid[rr][cc] = Some(Cell {
                        text: label.clone(),
                        num: num.clone(),
                        copy: dr > 0 || dc > 0,
                    });
                }
            }
            col += rc.colspan;
        }
    }
    (grid, th_row)
}

/// One header per column from the header rows: the last distinct text is
/// the column's own, those above it its group.
fn html_headers(head_rows: &[Vec<Option<Cell>>], p: usize) -> Vec<Header> {
    (0..p)
        .map(|c| {
            let mut h: Vec<String> = Vec::new();
            for r in head_rows {
                if let Some(Some(cell)) = r.get(c) {
                    if !cell.text.is_empty() && h.last() != Some(&cell.text) {
                        h.push(cell.text.clone());
                    }
                }
            }
            let own = h.pop().unwrap_or_default();
            Header {
                group: h.join(" "),
                own,
            }
        })
        .collect()
}
