//! Tables between pipes (`|` on lines of their own, or `| a | b |` rows),
//! or rows whose cells a tab parts.
//!
//! Takes the decoded text and the table rules; gives [`Grid`]s to the table
//! stage ([`super::grids`]).

use super::grid::{fit_headers_from, line_above, lines, Cell, Grid, Header};
use crate::rules::TableRules;

/// Tables between pipes (or tabs: rows whose cells a tab parts).
pub(super) fn pipe_tables(rules: &TableRules, s: &str) -> Vec<Grid> {
    let mut out = bar_tables(rules, s, '|');
    if s.contains('\t') {
        for g in bar_tables(rules, s, '\t') {
            if !out
                .iter()
                .any(|x| x.span.0 < g.span.1 && g.span.0 < x.span.1)
            {
                out.push(g);
            }
        }
    }
    out
}

fn bar_tables(rules: &TableRules, s: &str, bar: char) -> Vec<Grid> {
    let ls = lines(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ls.len() {
        if !s[ls[i].0..ls[i].1].contains(bar) {
            i += 1;
            continue;
        }
        let a = i;
        let mut last = i;
        let mut j = i;
        while j < ls.len() {
            let t = &s[ls[j].0..ls[j].1];
            if t.contains(bar) {
                last = j;
            } else if !t.trim().is_empty() {
                break;
            }
            j += 1;
        }
        i = last + 1;
        let region = &ls[a..=last];
        if region.len() < 3 {
            continue;
        }
        // A lone bar separates rows whose cells stand one per line.
        let stream = bar == '|' && region.iter().any(|l| s[l.0..l.1].trim() == "|");
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut row: Vec<Cell> = Vec::new();
        for l in region {
            let t = &s[l.0..l.1];
            if t.trim().is_empty() {
                continue;
            }
            if stream && t.trim() == "|" {
                if !row.is_empty() {
                    rows.push(std::mem::take(&mut row));
                }
                continue;
            }
            if t.trim()
                .chars()
                .all(|c| c == bar || matches!(c, '|' | '-' | ':' | '+' | '=' | ' '))
            {
                continue; // a rule line
            }
            for (pa, pb) in bar_cells(t, *l, bar) {
                row.push(Cell::plain(s, pa, pb));
            }
            if !stream {
                rows.push(std::mem::take(&mut row));
            }
        }
        if !row.is_empty() {
            rows.push(row);
        }
        let caption = line_above(s, &ls, a);
        if let Some(g) = rows_grid(rules, rows, caption, (ls[a].0, ls[last].1)) {
            out.push(g);
        }
    }
    out
}

/// The decoded ranges of the cells of line `l` (text `t`) that `bar` parts;
/// a leading pipe or a trailing bar opens or closes no cell.
fn bar_cells(t: &str, l: (usize, usize), bar: char) -> Vec<(usize, usize)> {
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut at = l.0;
    for (k, c) in t.char_indices() {
        if c == bar {
            pieces.push((at, l.0 + k));
            at = l.0 + k + 1;
        }
    }
    pieces.push((at, l.1));
    if bar == '|' && t.trim_start().starts_with('|') {
        pieces.remove(0);
    }
    if t.trim_end_matches(' ').ends_with(bar) {
        pieces.pop();
    }
    pieces
}

/// Explicit rows → a grid: the header rows are those before the first row
/// holding a number.
fn rows_grid(
    rules: &TableRules,
    rows: Vec<Vec<Cell>>,
    caption: String,
    span: (usize, usize),
) -> Option<Grid> {
    let first = rows
        .iter()
        .position(|r| r.iter().any(|c| c.num.is_some()))?;
    if first == 0 {
        return None;
    }
    let data = &rows[first..];
    let mut lens: Vec<usize> = data.iter().map(Vec::len).collect();
    lens.sort_unstable();
    let p = lens[lens.len() / 2];
    if p < 2 {
        return None;
    }
    let head_rows = &rows[..first];
    let headers: Vec<Header> = if head_rows.len() == 1 && head_rows[0].len() == p {
        head_rows[0]
            .iter()
            .map(|c| Header::single(&c.text))
            .collect()
    } else {
        let flat: Vec<String> = head_rows.iter().flatten().map(|c| c.text.clone()).collect();
        fit_headers_from(rules, &flat, p)?.0
    };
    if !headers.iter().any(|h| rules.is_header_word(&h.full())) {
        return None;
    }
    let rows = data
        .iter()
        .map(|r| r.iter().take(p).cloned().map(Some).collect());
    Some(Grid::padded(headers, rows, p, caption, span))
}
