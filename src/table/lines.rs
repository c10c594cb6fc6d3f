//! Tables whose cells stand one per line: the header cells, then each
//! row's cells, the rows alike in their pattern of numbers and text.
//!
//! Takes the decoded text and the table rules; gives [`Grid`]s to the table
//! stage ([`super::grids`]).

use super::grid::{blank, cell_num, fit_headers_from, line_above, lines, Cell, Grid};
use crate::rules::TableRules;

/// Line kinds of the one-cell-per-line shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Num,
    Text,
    Long,
}

const LONG_LINE: usize = 100;

fn line_kind(t: &str) -> LineKind {
    if cell_num(t, 0).is_some() {
        LineKind::Num
    } else if t.chars().count() > LONG_LINE || t.contains('|') {
        LineKind::Long
    } else {
        LineKind::Text
    }
}

/// Tables whose cells stand one per line.
pub(super) fn line_tables(rules: &TableRules, s: &str) -> Vec<Grid> {
    let ls = lines(s);
    let items: Vec<(usize, LineKind)> = ls
        .iter()
        .enumerate()
        .filter(|(_, l)| !blank(s, **l))
        .map(|(i, l)| (i, line_kind(s[l.0..l.1].trim())))
        .collect();
    // Short text lines that are header words: a table is only looked for
    // under one (and a long file of short lines costs one test a line).
    let hw: Vec<bool> = items
        .iter()
        .map(|&(i, k)| {
            let t = s[ls[i].0..ls[i].1].trim();
            k == LineKind::Text && t.len() <= 120 && rules.is_header_word(t)
        })
        .collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < items.len() {
        // A run of short lines.
        if items[k].1 == LineKind::Long {
            k += 1;
            continue;
        }
        let a = k;
        while k < items.len() && items[k].1 != LineKind::Long {
            k += 1;
        }
        // A run may hold several tables: each read stops where the rows
        // break up (the next table's caption and header).
        let mut from = a;
        while from < k {
            let run = &items[from..k];
            let (g, stop) = line_grid(rules, s, &ls, run, &hw[from..k]);
            out.extend(g);
            match stop {
                Some(st) if st > 0 => from += st,
                _ => break,
            }
        }
    }
    out
}

/// The table at the start of a run of short lines, and where in the run to
/// look for the next one (`None`: nowhere).
fn line_grid(
    rules: &TableRules,
    s: &str,
    ls: &[(usize, usize)],
    run: &[(usize, LineKind)],
    hw: &[bool],
) -> (Option<Grid>, Option<usize>) {
    let mut stop = None;
    let g = line_grid_at(rules, s, ls, run, hw, &mut stop);
    (g, stop)
}

/// The table at the start of `run`, from its first number on; `stop` is set
/// to where in the run to look for the next one.
fn line_grid_at(
    rules: &TableRules,
    s: &str,
    ls: &[(usize, usize)],
    run: &[(usize, LineKind)],
    hw: &[bool],
    stop: &mut Option<usize>,
) -> Option<Grid> {
    let text = |j: usize| s[ls[run[j].0].0..ls[run[j].0].1].trim();
    let mut d = run.iter().position(|x| x.1 == LineKind::Num)?;
    // Whatever fails below, the next try starts after this number.
    *stop = Some(d + 1);
    if d == 0 || !hw[d.saturating_sub(3 * 16)..d].contains(&true) {
        return None;
    }
    // Enough lines to find the period (bounded: a long run costs no more).
    let kinds: Vec<LineKind> = run.iter().take(d + 200).map(|x| x.1).collect();
    let p = period(&kinds[d..])?;
    // A row that opens with its label: the line before the first number is
    // data, not header, when the pattern's last column is text.
    while d > 1 && data_last_is_text(&kinds[d..], p) && !rules.is_header_word(text(d - 1)) {
        d -= 1;
        if kinds[d] != LineKind::Text {
            break;
        }
    }
    let pattern: Vec<LineKind> = kinds[d..d + p].to_vec();
    // Header cells: the short lines before the data, at most 3p of them.
    let h0 = d.saturating_sub(3 * p);
    let head: Vec<String> = (h0..d).map(|j| text(j).to_string()).collect();
    if !hw[h0..d].contains(&true) {
        return None;
    }
    let (headers, used_from) = fit_headers_from(rules, &head, p)?;
    // Where the header cells start: the caption is the line above them.
    let first_head = h0 + used_from;
    let caption = line_above(s, ls, run[first_head].0);
    let LineRows {
        mut rows,
        opens,
        closes,
    } = line_rows(s, ls, run, d, &pattern)?;
    // Two rows in a row with fewer than half their cells: the table ended
    // before them (another table's caption and header follow).
    *stop = None;
    if let Some(k) =
        (0..rows.len().saturating_sub(1)).find(|&k| sparse(&rows[k], p) && sparse(&rows[k + 1], p))
    {
        rows.truncate(k);
        *stop = Some(opens[k]);
    }
    // Lines after the last number are no rows (a source note, prose).
    while rows
        .last()
        .is_some_and(|r| r.iter().flatten().all(|c| c.num.is_none()))
    {
        rows.pop();
    }
    if rows.len() < 2 {
        return None;
    }
    let last = run[closes[rows.len() - 1]].0;
    Some(Grid {
        headers,
        rows,
        caption,
        span: (ls[run[first_head].0].0, ls[last].1),
    })
}

/// The period of the data lines' kinds (the number of columns), if the
/// rows repeat.
fn period(data: &[LineKind]) -> Option<usize> {
    (2..=16).find(|&p| {
        if data.len() < 2 * p {
            return false;
        }
        let misses = |n: usize| (0..n).filter(|&i| data[i] != data[i + p]).count();
        // The first two rows alike (a table may end soon: another follows), or
        // most of them (a tie whose shared cell stands once shifts a row:
        // two misses).
        let n = (data.len() - p).min(8 * p);
        let m = misses(n);
        (misses(p) == 0 || m * 20 <= n || data.len() >= 4 * p && m <= 2)
            && data[..p].contains(&LineKind::Text)
            && data[..p].contains(&LineKind::Num)
    })
}

/// A row with fewer than half of its `p` cells.
fn sparse(r: &[Option<Cell>], p: usize) -> bool {
    r.iter().flatten().count() * 2 < p
}

/// Rows of cells one per line, each with the run indices of its first and
/// last lines.
#[derive(Default)]
struct LineRows {
    rows: Vec<Vec<Option<Cell>>>,
    // For each row: the run index of its first line.
    opens: Vec<usize>,
    closes: Vec<usize>,
}

impl LineRows {
    fn push(&mut self, row: Vec<Option<Cell>>, open: usize, close: usize) {
        self.rows.push(row);
        self.opens.push(open);
        self.closes.push(close);
    }
}

/// Rows: cells in order, a missing numeric cell (a rank shared with the
/// row above) skipped by the label that comes early. `None` when a line
/// fits no column of `pattern`.
fn line_rows(
    s: &str,
    ls: &[(usize, usize)],
    run: &[(usize, LineKind)],
    d: usize,
    pattern: &[LineKind],
) -> Option<LineRows> {
    let p = pattern.len();
    let mut out = LineRows::default();
    let mut row: Vec<Option<Cell>> = vec![None; p];
    let mut col = 0;
    let mut filled = false;
    let mut open = d;
    let mut close = d;
    for (j, &(li, kind)) in run.iter().enumerate().skip(d) {
        let l = ls[li];
        let mut c = col;
        while c < p && pattern[c] != kind {
            c += 1;
        }
        if c == p {
            // Nothing fits in this row: a new row.
            if filled {
                out.push(std::mem::replace(&mut row, vec![None; p]), open, close);
            }
            c = (0..p).find(|&x| pattern[x] == kind)?;
        }
        if !filled {
            open = j;
        }
        row[c] = Some(Cell::plain(s, l.0, l.1));
        filled = true;
        close = j;
        col = c + 1;
        if col == p {
            out.push(std::mem::replace(&mut row, vec![None; p]), open, close);
            filled = false;
            col = 0;
        }
        // Two sparse rows in a row end the table (see `line_grid_at`).
        let n = out.rows.len();
        if n >= 2 && sparse(&out.rows[n - 1], p) && sparse(&out.rows[n - 2], p) {
            break;
        }
    }
    if filled {
        out.push(row, open, close);
    }
    Some(out)
}

fn data_last_is_text(data: &[LineKind], p: usize) -> bool {
    data.len() >= p && data[p - 1] == LineKind::Text
}
