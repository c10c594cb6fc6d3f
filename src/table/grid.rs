//! The grid every table shape is read into: cells, headers, rows, and the
//! helpers the readers share (lines of the text, the caption line, fitting
//! header cells to columns, the year a caption names).
//!
//! Takes decoded text from the readers ([`super::lines`], [`super::pipes`],
//! [`super::spaces`], [`super::html`]); gives [`Grid`]s, which
//! [`super::figures`] turns into figures.

use crate::rules::tables::bare;
use crate::rules::TableRules;
use regex::Regex;
use std::sync::OnceLock;

fn cell_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(\d+(?:[.,]\d+)*)(?:\s*(%))?(?:\s*/\s*(\d+))?$").expect("cell regex")
    })
}

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\d/.,\-–])((?:19|20)\d\d)(?:$|[^\d/.,%\-–])").expect("year regex")
    })
}

/// The year a caption or header names: the last one, none for periods
/// ("2021-2025" is no year).
pub fn year_of(text: &str) -> Option<i32> {
    year_re()
        .captures_iter(text)
        .filter_map(|c| c.get(1)?.as_str().parse().ok())
        .last()
}

/// A number standing alone in a cell: its text and parts.
#[derive(Clone, Debug, PartialEq)]
pub struct CellNum {
    /// Decoded byte range of the number (with its `%` or `/N`).
    pub span: (usize, usize),
    /// The digits as written (`843.24`, `826,8`).
    pub raw: String,
    /// A `%` follows.
    pub percent: bool,
    /// The `/N` after it.
    pub denominator: Option<f64>,
}

/// One cell.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    /// Its text, spaces collapsed.
    pub text: String,
    /// The number it holds alone, if it does.
    pub num: Option<CellNum>,
    /// A copy of a cell spanning rows or columns (no figure of its own).
    pub copy: bool,
}

fn trim_span(s: &str, a: usize, b: usize) -> (usize, usize) {
    let t = &s[a..b];
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    (a + lead, (b - trail).max(a + lead))
}

impl Cell {
    /// A cell made of the decoded bytes `a..b`.
    pub(super) fn plain(s: &str, a: usize, b: usize) -> Cell {
        let (a, b) = trim_span(s, a, b);
        let text = s[a..b].split_whitespace().collect::<Vec<_>>().join(" ");
        let num = cell_num(&s[a..b], a);
        Cell {
            text,
            num,
            copy: false,
        }
    }
}

pub(super) fn cell_num(t: &str, at: usize) -> Option<CellNum> {
    let c = cell_re().captures(t)?;
    let raw = c.get(1)?.as_str().to_string();
    Some(CellNum {
        span: (at, at + t.len()),
        raw,
        percent: c.get(2).is_some(),
        denominator: c.get(3).and_then(|d| d.as_str().parse().ok()),
    })
}

/// A column's header: its own cell and the group cell above it, if any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    /// The group header over several columns ("DTI", "Chính quyền số").
    pub group: String,
    /// The column's own header ("Điểm", "Xếp hạng").
    pub own: String,
}

impl Header {
    pub(super) fn single(own: &str) -> Header {
        Header {
            group: String::new(),
            own: own.to_string(),
        }
    }

    /// Group and own header, as one text.
    pub fn full(&self) -> String {
        if self.group.is_empty() {
            self.own.clone()
        } else {
            format!("{} {}", self.group, self.own)
        }
    }
}

/// A table read into rows and columns.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    /// The header of each column.
    pub headers: Vec<Header>,
    /// Rows of cells, one per column (missing cells `None`).
    pub rows: Vec<Vec<Option<Cell>>>,
    /// The caption or the line above the table.
    pub caption: String,
    /// Decoded byte range of the whole table (header included).
    pub span: (usize, usize),
}

impl Grid {
    /// A grid whose rows are cut or padded to `p` cells each.
    pub(super) fn padded(
        headers: Vec<Header>,
        rows: impl Iterator<Item = Vec<Option<Cell>>>,
        p: usize,
        caption: String,
        span: (usize, usize),
    ) -> Grid {
        let rows = rows
            .map(|mut v| {
                v.truncate(p);
                v.resize(p, None);
                v
            })
            .collect();
        Grid {
            headers,
            rows,
            caption,
            span,
        }
    }
}

/// Lines of `s` as decoded byte ranges (without the `\n`, `\r` trimmed).
pub(super) fn lines(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = 0;
    for (i, c) in s.char_indices() {
        if c == '\n' {
            out.push((a, i));
            a = i + 1;
        }
    }
    out.push((a, s.len()));
    out
}

pub(super) fn blank(s: &str, l: (usize, usize)) -> bool {
    s[l.0..l.1].trim().is_empty()
}

/// The nearest non-blank line above line `i` (not a pipe line).
pub(super) fn line_above(s: &str, ls: &[(usize, usize)], i: usize) -> String {
    ls[..i]
        .iter()
        .rev()
        .find(|l| !blank(s, **l))
        .map(|l| s[l.0..l.1].trim().to_string())
        .unwrap_or_default()
}

/// Flattened header cells → one header per column, `p` columns: lines that
/// continue a cell ("năm 2022" under "Tổng điểm") are joined to it; group
/// headers above repeated sub-headers ("DTI" over "Điểm", "Xếp hạng") are
/// spread over their columns; extra cells in front (a caption) are dropped.
pub fn fit_headers(rules: &TableRules, cells: &[String], p: usize) -> Option<Vec<String>> {
    fit_headers_from(rules, cells, p).map(|x| x.0.iter().map(Header::full).collect())
}

/// [`fit_headers`], with the index of the first cell used (the cells in
/// front of it are caption).
pub(super) fn fit_headers_from(
    rules: &TableRules,
    cells: &[String],
    p: usize,
) -> Option<(Vec<Header>, usize)> {
    if p == 0 || cells.is_empty() {
        return None;
    }
    // Merged cells, each with the index of the cell it opens with.
    let mut merged: Vec<(String, usize)> = Vec::new();
    for (i, c) in cells.iter().enumerate() {
        let t = c.trim();
        if t.is_empty() {
            continue;
        }
        let first = t.chars().next().unwrap_or(' ');
        let cont = first.is_lowercase() || first == '(' || year_of(t).is_some() && t.len() <= 9;
        match merged.last_mut() {
            Some(last) if cont && !rules.is_sub(t) => {
                last.0.push(' ');
                last.0.push_str(t);
            }
            _ => merged.push((t.to_string(), i)),
        }
    }
    let n = merged.len();
    if n < p {
        return None;
    }
    let texts =
        |r: std::ops::Range<usize>| merged[r].iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    let singles_of = |v: Vec<String>| v.iter().map(|x| Header::single(x)).collect::<Vec<_>>();
    if n == p {
        return Some((singles_of(texts(0..n)), merged[0].1));
    }
    // Group headers: a run of sub-headers at the end.
    let s = merged
        .iter()
        .rev()
        .take_while(|c| rules.is_sub(&c.0))
        .count();
    if s >= 2 && s < p {
        let subs = texts(n - s..n);
        // The repeating unit of the sub-headers.
        let unit = (1..=s)
            .find(|&u| s % u == 0 && (u..s).all(|i| bare(&subs[i]) == bare(&subs[i - u])))
            .unwrap_or(s);
        let groups = s / unit;
        let singles = p - s;
        if n >= singles + groups + s {
            let from = n - s - groups - singles;
            let pre = texts(from..n - s);
            let mut out: Vec<Header> = singles_of(pre[..singles].to_vec());
            for (i, sub) in subs.iter().enumerate() {
                out.push(Header {
                    group: pre[singles + i / unit].clone(),
                    own: sub.clone(),
                });
            }
            return Some((out, merged[from].1));
        }
    }
    // Extra cells in front: a caption line.
    Some((singles_of(texts(n - p..n)), merged[n - p].1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::rules;

    #[test]
    fn table_size_and_year_come_from_the_caption() {
        let r = rules();
        assert_eq!(
            r.size("Bảng xếp hạng của 63 tỉnh, thành phố năm 2023"),
            Some(63.0)
        );
        assert_eq!(r.size("Kết quả của 34 địa phương"), Some(34.0));
        assert_eq!(r.size("5 đơn vị dẫn đầu"), None);
        assert_eq!(year_of("Xếp hạng các sở năm 2021"), Some(2021));
        assert_eq!(year_of("giai đoạn 2021-2025"), None);
        assert_eq!(year_of("ngày 7/1/2025"), None);
    }

    #[test]
    fn group_headers_spread_over_their_columns() {
        let r = rules();
        let cells: Vec<String> = [
            "STT",
            "Tỉnh",
            "DTI",
            "Kinh tế số",
            "Điểm",
            "Xếp hạng",
            "Điểm",
            "Xếp hạng",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let h = fit_headers(&r, &cells, 6).expect("fits");
        assert_eq!(
            h,
            [
                "STT",
                "Tỉnh",
                "DTI Điểm",
                "DTI Xếp hạng",
                "Kinh tế số Điểm",
                "Kinh tế số Xếp hạng"
            ]
        );
        // A header cell broken over two lines, under a caption line.
        let cells: Vec<String> = ["Bảng 1", "Hạng", "Cơ quan", "Điểm", "năm 2021"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let h = fit_headers(&r, &cells, 3).expect("fits");
        assert_eq!(h, ["Hạng", "Cơ quan", "Điểm năm 2021"]);
    }
}
