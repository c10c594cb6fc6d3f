//! Tables: rankings and result tables read cell by cell.
//!
//! A scraped table comes in one of three shapes: one cell per line (the
//! header cells, then each row's cells), cells between pipes (`|` on lines of
//! their own, or `| a | b |` rows), or an HTML `<table>`; rows copied as text
//! (cells parted by tabs, or by single spaces: `15 Thanh Hóa 0,5512 18`) are
//! read too. Each shape is read into a [`Grid`]: the header text of every column, the rows of cells, the
//! caption (or the line above the table). The header decides what a column's
//! numbers are (`patterns/tables.toml`): rank, score, percent, count, or no
//! figure (row numbers, labels). The row label decides the place (a province)
//! or the subject (a department, a district, under the article's place). The
//! caption gives the year and the status.
//!
//! Cells are found in the decoded text, so every figure cites the bytes of
//! its own cell (an HTML cell: the number inside the `<td>`). A table that
//! the stage reads claims its span: figures the sentence grammar found there
//! (row numbers read as counts) are replaced by the table's.

use crate::extract::{Hit, Kind};
use crate::ingest::Document;
use crate::normalize::Text;
use crate::resolve::{Figure, SentenceHits};
use crate::rules::{canon, Catalog};
use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

/// `tables.toml`: the `[table]` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTables {
    /// The rules.
    pub table: TableRules,
}

/// A pillar header and the indicators of its columns.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PillarRule {
    /// Header words that name the pillar.
    pub words: Vec<String>,
    /// Indicator id of its rank column.
    #[serde(default)]
    pub rank: Option<String>,
    /// Indicator id of its score column.
    #[serde(default)]
    pub score: Option<String>,
}

/// Header words and what they mean (see `patterns/tables.toml`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableRules {
    /// Whole header cells of row-number columns.
    #[serde(default)]
    pub row_number: Vec<String>,
    /// Rank header words.
    #[serde(default)]
    pub rank: Vec<String>,
    /// Percent header words.
    #[serde(default)]
    pub percent: Vec<String>,
    /// Score header words.
    #[serde(default)]
    pub score: Vec<String>,
    /// Count header words.
    #[serde(default)]
    pub count: Vec<String>,
    /// Header words of the label column.
    #[serde(default)]
    pub label: Vec<String>,
    /// Sub-headers repeated under group headers.
    #[serde(default)]
    pub sub: Vec<String>,
    /// Words that make a table of provinces a DTI table.
    #[serde(default)]
    pub dti: Vec<String>,
    /// Indicator of an overall rank column.
    #[serde(default)]
    pub overall_rank: Option<String>,
    /// Indicator of an overall score column.
    #[serde(default)]
    pub overall_score: Option<String>,
    /// Nouns after a table's size ("63 tỉnh, thành phố").
    #[serde(default)]
    pub size_nouns: Vec<String>,
    /// Label openings of districts.
    #[serde(default)]
    pub district: Vec<String>,
    /// Label openings of communes.
    #[serde(default)]
    pub commune: Vec<String>,
    /// Caption words of targets.
    #[serde(default)]
    pub target: Vec<String>,
    /// Words before a province's name in a label.
    #[serde(default)]
    pub place_prefixes: Vec<String>,
    /// Labels of the country's own row in a table of provinces.
    #[serde(default)]
    pub national: Vec<String>,
    /// Header words of columns of changes ("Tăng/giảm"): no figure.
    #[serde(default)]
    pub change: Vec<String>,
    /// Pillar headers.
    #[serde(default)]
    pub pillar: Vec<PillarRule>,
}

/// What a column's numbers are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColKind {
    /// Row numbers (STT): no figure.
    RowNumber,
    /// Ranks.
    Rank,
    /// Percentages.
    Percent,
    /// Scores (index points).
    Score,
    /// Counts.
    Count,
    /// Anything else: labels, unknown headers (no figure).
    Other,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `needle` (lower-cased) occurs in `hay` (lower-cased) on word
/// boundaries.
pub fn has_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let edge_a = needle.chars().next().is_some_and(is_word_char);
    let edge_b = needle.chars().next_back().is_some_and(is_word_char);
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let a = from + i;
        let b = a + needle.len();
        let ok_a = !edge_a
            || hay[..a]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
        let ok_b = !edge_b || hay[b..].chars().next().is_none_or(|c| !is_word_char(c));
        if ok_a && ok_b {
            return true;
        }
        from = a + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Whether any of `words` (as [`TableRules::canonical`] left them) occurs.
fn any_word(hay: &str, words: &[String]) -> bool {
    words.iter().any(|w| has_word(hay, w))
}

/// The header text as matched: normalized, lower-cased, spaces collapsed.
fn key(s: &str) -> String {
    canon(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A header cell stripped of edge punctuation, for whole-cell comparisons.
fn bare(s: &str) -> String {
    bare_key(&key(s)).to_string()
}

/// [`bare`] of a text already [`key`]ed.
fn bare_key(k: &str) -> &str {
    k.trim_matches(|c: char| !c.is_alphanumeric() && c != '#' && c != '%')
}

impl TableRules {
    /// The rules with every word list in matching form (normalized,
    /// lower-cased, spaces collapsed), once at load time.
    pub fn canonical(mut self) -> TableRules {
        for list in [
            &mut self.row_number,
            &mut self.rank,
            &mut self.percent,
            &mut self.score,
            &mut self.count,
            &mut self.label,
            &mut self.sub,
            &mut self.dti,
            &mut self.size_nouns,
            &mut self.district,
            &mut self.commune,
            &mut self.target,
            &mut self.place_prefixes,
            &mut self.national,
            &mut self.change,
        ] {
            for w in list.iter_mut() {
                *w = key(w);
            }
        }
        for p in &mut self.pillar {
            for w in p.words.iter_mut() {
                *w = key(w);
            }
        }
        self
    }

    /// What the numbers of a column with this header are.
    pub fn classify(&self, header: &str) -> ColKind {
        self.classify_key(&key(header))
    }

    /// [`TableRules::classify`] of a header already [`key`]ed.
    fn classify_key(&self, h: &str) -> ColKind {
        let b = bare_key(h);
        if self.row_number.iter().any(|w| w == b) {
            return ColKind::RowNumber;
        }
        if any_word(h, &self.change) {
            return ColKind::Other;
        }
        if any_word(h, &self.rank) {
            ColKind::Rank
        } else if any_word(h, &self.percent) {
            ColKind::Percent
        } else if any_word(h, &self.score) {
            ColKind::Score
        } else if any_word(h, &self.count) {
            ColKind::Count
        } else {
            ColKind::Other
        }
    }

    fn is_header_word(&self, cell: &str) -> bool {
        let k = key(cell);
        self.classify_key(&k) != ColKind::Other || {
            let b = bare_key(&k);
            self.label.iter().any(|w| w == b)
        }
    }

    fn is_sub(&self, cell: &str) -> bool {
        let b = bare(cell);
        self.sub.contains(&b)
    }

    /// The pillar a header names, if any.
    fn pillar(&self, header: &str) -> Option<&PillarRule> {
        let h = key(header);
        self.pillar.iter().find(|p| any_word(&h, &p.words))
    }

    /// The indicator id of a column: a pillar's, or the overall DTI one; only
    /// in a DTI table of provinces.
    pub fn indicator(&self, header: &str, kind: ColKind, dti_table: bool) -> Option<&str> {
        if !dti_table {
            return None;
        }
        match (self.pillar(header), kind) {
            (Some(p), ColKind::Rank) => p.rank.as_deref(),
            (Some(p), ColKind::Score) => p.score.as_deref(),
            (None, ColKind::Rank) => self.overall_rank.as_deref(),
            (None, ColKind::Score) => self.overall_score.as_deref(),
            _ => None,
        }
    }

    /// The table's size named in its caption or headers ("63 tỉnh, thành phố").
    pub fn size(&self, text: &str) -> Option<f64> {
        let t = key(text);
        let re = number_re();
        for m in re.find_iter(&t) {
            let rest = t[m.end()..].trim_start();
            let digits = m.as_str();
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let before_ok = t[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '.');
            if before_ok
                && self.size_nouns.iter().any(|n| {
                    let n = n.as_str();
                    rest.starts_with(n)
                        && rest[n.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| !c.is_alphanumeric())
                })
            {
                return digits.parse().ok().filter(|v: &f64| *v >= 2.0);
            }
        }
        None
    }
}

fn number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\d+(?:[.,]\d+)*").expect("number regex"))
}

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
    fn plain(s: &str, a: usize, b: usize) -> Cell {
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

fn cell_num(t: &str, at: usize) -> Option<CellNum> {
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
    fn single(own: &str) -> Header {
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

/// Lines of `s` as decoded byte ranges (without the `\n`, `\r` trimmed).
fn lines(s: &str) -> Vec<(usize, usize)> {
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

fn blank(s: &str, l: (usize, usize)) -> bool {
    s[l.0..l.1].trim().is_empty()
}

/// The nearest non-blank line above line `i` (not a pipe line).
fn line_above(s: &str, ls: &[(usize, usize)], i: usize) -> String {
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
fn fit_headers_from(
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
fn line_tables(rules: &TableRules, s: &str) -> Vec<Grid> {
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
    let data = &kinds[d..];
    let p = (2..=16).find(|&p| {
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
    })?;
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
    // Rows: cells in order, a missing numeric cell (a rank shared with the
    // row above) skipped by the label that comes early.
    let sparse = |r: &Vec<Option<Cell>>| r.iter().flatten().count() * 2 < p;
    let mut rows: Vec<Vec<Option<Cell>>> = Vec::new();
    // For each row: the run index of its first line.
    let mut opens: Vec<usize> = Vec::new();
    let mut row: Vec<Option<Cell>> = vec![None; p];
    let mut col = 0;
    let mut filled = false;
    let mut open = d;
    let mut close = d;
    let mut closes: Vec<usize> = Vec::new();
    for (j, &(li, kind)) in run.iter().enumerate().skip(d) {
        let l = ls[li];
        let mut c = col;
        while c < p && pattern[c] != kind {
            c += 1;
        }
        if c == p {
            // Nothing fits in this row: a new row.
            if filled {
                rows.push(std::mem::replace(&mut row, vec![None; p]));
                opens.push(open);
                closes.push(close);
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
            rows.push(std::mem::replace(&mut row, vec![None; p]));
            opens.push(open);
            closes.push(close);
            filled = false;
            col = 0;
        }
        // Two sparse rows in a row end the table (see below).
        let n = rows.len();
        if n >= 2 && sparse(&rows[n - 1]) && sparse(&rows[n - 2]) {
            break;
        }
    }
    if filled {
        rows.push(row);
        opens.push(open);
        closes.push(close);
    }
    // Two rows in a row with fewer than half their cells: the table ended
    // before them (another table's caption and header follow).
    *stop = None;
    if let Some(k) =
        (0..rows.len().saturating_sub(1)).find(|&k| sparse(&rows[k]) && sparse(&rows[k + 1]))
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

fn data_last_is_text(data: &[LineKind], p: usize) -> bool {
    data.len() >= p && data[p - 1] == LineKind::Text
}

/// Tables between pipes (or tabs: rows whose cells a tab parts).
fn pipe_tables(rules: &TableRules, s: &str) -> Vec<Grid> {
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
            for (pa, pb) in pieces {
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

/// Words of a line with their decoded byte ranges.
fn words_at(s: &str, l: (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s[l.0..l.1].char_indices() {
        if c.is_whitespace() {
            if let Some(a) = start.take() {
                out.push((l.0 + a, l.0 + i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        out.push((l.0 + a, l.1));
    }
    out
}

/// A row whose cells single spaces part: `[number] label numbers…`
/// ("15 Thanh Hóa 0,5512 15 0,6010 9"): the lead number's range, the label's
/// range and the numbers' ranges.
type SpaceRow = (Option<(usize, usize)>, (usize, usize), Vec<(usize, usize)>);

fn space_row(s: &str, l: (usize, usize)) -> Option<SpaceRow> {
    let ws = words_at(s, l);
    let is_num = |w: &(usize, usize)| cell_num(&s[w.0..w.1], w.0).is_some();
    let lead = ws.first().filter(|w| is_num(w)).copied();
    let from = usize::from(lead.is_some());
    let nums_from = ws.iter().rposition(|w| !is_num(w))? + 1;
    if nums_from <= from || nums_from == ws.len() {
        return None;
    }
    let label = &ws[from..nums_from];
    if label
        .iter()
        .any(|w| s[w.0..w.1].chars().any(|c| c.is_ascii_digit()))
        || !s[label[0].0..label[0].1].chars().any(char::is_alphabetic)
    {
        return None;
    }
    Some((
        lead,
        (label[0].0, label[label.len() - 1].1),
        ws[nums_from..].to_vec(),
    ))
}

/// Header words, each with whether it only qualifies a column (DTI, a
/// pillar) rather than naming what its numbers are.
fn vocabulary(rules: &TableRules) -> Vec<(Vec<String>, bool)> {
    let mut v: Vec<(Vec<String>, bool)> = Vec::new();
    let mut add = |list: &[String], modifier: bool| {
        for w in list {
            let k: Vec<String> = key(w).split(' ').map(str::to_string).collect();
            if !k.is_empty() && !k[0].is_empty() {
                v.push((k, modifier));
            }
        }
    };
    for l in [
        &rules.row_number,
        &rules.rank,
        &rules.percent,
        &rules.score,
        &rules.count,
        &rules.label,
        &rules.sub,
    ] {
        add(l, false);
    }
    add(&rules.dti, true);
    for p in &rules.pillar {
        add(&p.words, true);
    }
    v.sort_by_key(|x| std::cmp::Reverse(x.0.len()));
    v
}

/// A header line whose cells single spaces part, cut at the header words
/// ("STT Tỉnh, thành phố Điểm DTI Xếp hạng DTI" → STT | Tỉnh, thành phố |
/// Điểm DTI | Xếp hạng DTI). Words that are no header word stay with the cell
/// before them ("năm 2023"); a DTI or pillar word joins a cell that names a
/// kind and no pillar yet. `None` when the line holds no header word.
fn split_header(vocab: &[(Vec<String>, bool)], line: &str) -> Option<Vec<String>> {
    let ws: Vec<&str> = line.split_whitespace().collect();
    let ks: Vec<String> = ws.iter().map(|w| key(w)).collect();
    // (text, has a kind word, has a modifier)
    let mut cells: Vec<(String, bool, bool)> = Vec::new();
    let mut hits = 0;
    let mut covered = 0;
    let mut i = 0;
    while i < ws.len() {
        let found = vocab.iter().find(|(phrase, _)| {
            i + phrase.len() <= ws.len()
                && phrase.iter().enumerate().all(|(k, p)| {
                    let w = ks[i + k].as_str();
                    w == p || (k + 1 == phrase.len() && w.trim_end_matches([',', ':', ';']) == p)
                })
        });
        match found {
            Some((phrase, modifier)) => {
                hits += 1;
                covered += phrase.len();
                let text = ws[i..i + phrase.len()].join(" ");
                match cells.last_mut() {
                    Some(last) if *modifier && last.1 && !last.2 => {
                        last.0.push(' ');
                        last.0.push_str(&text);
                        last.2 = true;
                    }
                    Some(last) if !*modifier && !last.1 && last.2 => {
                        last.0.push(' ');
                        last.0.push_str(&text);
                        last.1 = true;
                    }
                    _ => cells.push((text, !*modifier, *modifier)),
                }
                i += phrase.len();
            }
            None => {
                match cells.last_mut() {
                    Some(last) => {
                        last.0.push(' ');
                        last.0.push_str(ws[i]);
                    }
                    None => cells.push((ws[i].to_string(), false, false)),
                }
                i += 1;
            }
        }
    }
    // Mostly header words: a caption ("Bảng xếp hạng của 63 tỉnh …") is none.
    let neutral = |w: &str| {
        let k = key(w);
        k == "năm" || year_of(&k).is_some() || !k.chars().any(char::is_alphanumeric)
    };
    let counted = ws.iter().filter(|w| !neutral(w)).count();
    let numbers = ws
        .iter()
        .any(|w| w.chars().any(|c| c.is_ascii_digit()) && year_of(w).is_none());
    (hits > 0 && !numbers && covered * 10 >= counted * 6)
        .then(|| cells.into_iter().map(|c| c.0).collect())
}

/// Tables whose rows stand one per line with cells parted by single spaces
/// (a table copied as text): rows `[number] label numbers…` alike in shape,
/// under header lines cut at their header words.
fn space_tables(rules: &TableRules, s: &str) -> Vec<Grid> {
    let ls = lines(s);
    let vocab = vocabulary(rules);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ls.len() {
        let Some(first) = space_row(s, ls[i]) else {
            i += 1;
            continue;
        };
        let shape = (first.0.is_some(), first.2.len());
        let mut rows = vec![first];
        let (a, mut last) = (i, i);
        let mut j = i + 1;
        while j < ls.len() {
            if blank(s, ls[j]) {
                j += 1;
                continue;
            }
            match space_row(s, ls[j]) {
                // The last row may be cut short.
                Some(r) if r.0.is_some() == shape.0 && r.2.len() <= shape.1 => {
                    let short = r.2.len() < shape.1;
                    rows.push(r);
                    last = j;
                    j += 1;
                    if short {
                        break;
                    }
                }
                _ => break,
            }
        }
        i = last + 1;
        if rows.len() < 2 {
            continue;
        }
        // Header lines right above, bottom up.
        let mut head: Vec<Vec<String>> = Vec::new();
        let mut k = a;
        while k > 0 && head.len() < 4 {
            k -= 1;
            if blank(s, ls[k]) {
                continue;
            }
            let t = s[ls[k].0..ls[k].1].trim();
            // Tabs and runs of spaces part cells too.
            let cells = if t.chars().count() <= 200 && !t.ends_with('.') {
                let mut v: Vec<String> = Vec::new();
                let mut any = false;
                for piece in t.split('\t').flat_map(|x| x.split("  ")) {
                    let piece = piece.trim();
                    if piece.is_empty() {
                        continue;
                    }
                    match split_header(&vocab, piece) {
                        Some(c) => {
                            any = true;
                            v.extend(c);
                        }
                        None => v.push(piece.to_string()),
                    }
                }
                any.then_some(v)
            } else {
                None
            };
            match cells {
                Some(c) => head.push(c),
                None => {
                    k += 1;
                    break;
                }
            }
        }
        if head.is_empty() {
            continue;
        }
        let p = usize::from(shape.0) + 1 + shape.1;
        let flat: Vec<String> = head.into_iter().rev().flatten().collect();
        let Some((headers, _)) = fit_headers_from(rules, &flat, p) else {
            continue;
        };
        let caption = if k > 0 {
            line_above(s, &ls, k)
        } else {
            String::new()
        };
        let grid_rows = rows
            .iter()
            .map(|(lead, label, nums)| {
                let mut v: Vec<Option<Cell>> = Vec::with_capacity(p);
                if shape.0 {
                    v.push(lead.map(|w| Cell::plain(s, w.0, w.1)));
                }
                v.push(Some(Cell::plain(s, label.0, label.1)));
                v.extend(nums.iter().map(|w| Some(Cell::plain(s, w.0, w.1))));
                v.resize(p, None);
                v
            })
            .collect();
        out.push(Grid {
            headers,
            rows: grid_rows,
            caption,
            span: (ls[k.min(a)].0, ls[last].1),
        });
    }
    out
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
        .map(|r| {
            let mut v: Vec<Option<Cell>> = r.iter().take(p).cloned().map(Some).collect();
            v.resize(p, None);
            v
        })
        .collect();
    Some(Grid {
        headers,
        rows,
        caption,
        span,
    })
}

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
fn html_tables(
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

struct RawCell {
    text: String,
    segs: Vec<(usize, usize)>,
    colspan: usize,
    rowspan: usize,
    th: bool,
}

fn html_grid(
    rules: &TableRules,
    s: &str,
    low: &str,
    a: usize,
    b: usize,
    text: &Text,
    map: &dyn Fn(usize) -> usize,
) -> Option<Grid> {
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
                    if let Some(c) = cur.take() {
                        if let Some(r) = rows.last_mut() {
                            r.push(c);
                        }
                    }
                    rows.push(Vec::new());
                }
                ("td" | "th", false) => {
                    if let Some(c) = cur.take() {
                        if let Some(r) = rows.last_mut() {
                            r.push(c);
                        }
                    }
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
                ("td" | "th" | "tr", true) => {
                    if let Some(c) = cur.take() {
                        if let Some(r) = rows.last_mut() {
                            r.push(c);
                        }
                    }
                }
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
    if let Some(c) = cur.take() {
        if let Some(r) = rows.last_mut() {
            r.push(c);
        }
    }
    rows.retain(|r| !r.is_empty());
    // Expand spans into a grid.
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
            // The number: the cell's one piece of text, trimmed of entities.
            let num = if rc.segs.len() == 1 {
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
            };
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
    let first = grid.iter().enumerate().position(|(k, r)| {
        !th_row.get(k).copied().unwrap_or(false) && r.iter().flatten().any(|c| c.num.is_some())
    })?;
    if first == 0 {
        return None;
    }
    let p = grid[first..].iter().map(Vec::len).max()?;
    let headers: Vec<Header> = (0..p)
        .map(|c| {
            let mut h: Vec<String> = Vec::new();
            for r in &grid[..first] {
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
        .collect();
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
    let rows = grid[first..]
        .iter()
        .map(|r| {
            let mut v = r.clone();
            v.resize(p, None);
            v
        })
        .collect();
    Some(Grid {
        headers,
        rows,
        caption,
        span: (a, b),
    })
}

/// Every table of a decoded text.
pub fn grids(rules: &TableRules, doc: &Document, text: &Text) -> Vec<Grid> {
    let s = &doc.decoded.text;
    let map = |i: usize| doc.decoded.map.orig(i);
    let mut out = if doc.html {
        html_tables(rules, s, text, &map)
    } else {
        let mut v = pipe_tables(rules, s);
        for g in line_tables(rules, s)
            .into_iter()
            .chain(space_tables(rules, s))
        {
            if !v.iter().any(|x| x.span.0 < g.span.1 && g.span.0 < x.span.1) {
                v.push(g);
            }
        }
        v
    };
    out.sort_by_key(|g| g.span.0);
    out
}

/// A score's value in the table's style: one separator is a decimal mark
/// ("843.24", "826,8", "0.9000"), unless the column groups thousands.
fn score_value(raw: &str, grouped_column: bool) -> Option<f64> {
    let seps = raw.matches(['.', ',']).count();
    if seps == 0 {
        return raw.parse().ok();
    }
    if seps == 1 && !grouped_column {
        return raw.replace(',', ".").parse().ok();
    }
    crate::number::parse_num(raw).map(|x| x.0)
}

fn count_value(raw: &str) -> Option<f64> {
    use crate::number::{parse_num, NumStyle};
    let (v, st) = parse_num(raw)?;
    match st {
        NumStyle::Dotted | NumStyle::Decimal if raw.contains(',') || raw.contains('.') => {
            // A count with a decimal is no count.
            (v.fract() == 0.0).then_some(v)
        }
        _ => Some(v),
    }
}

fn percent_value(raw: &str) -> Option<f64> {
    let seps = raw.matches(['.', ',']).count();
    if seps == 1 {
        return raw.replace(',', ".").parse().ok();
    }
    crate::number::parse_num(raw).map(|x| x.0)
}

/// The province a row label names: the whole label, or the label after a
/// prefix ("Tỉnh", "TP.").
fn label_place(cat: &Catalog, label: &str) -> Option<String> {
    let n = crate::normalize::normalize_str(label).s;
    let t = n.trim().trim_end_matches(['*', '.', ':', ' ']);
    let whole = |t: &str| -> Option<String> {
        let c = cat.place_re.captures(t)?;
        let m = c.get(1)?;
        if m.start() != 0 || m.end() != t.len() {
            return None;
        }
        let i = *cat.place_of.get(m.as_str())?;
        Some(cat.places[i].name.clone())
    };
    if let Some(p) = whole(t) {
        return Some(p);
    }
    let lower = crate::text::lower_same_len(t);
    for p in &cat.tables.place_prefixes {
        let p = p.clone();
        if lower.starts_with(&p) && t.is_char_boundary(p.len()) {
            let rest = &t[p.len()..];
            let spaced = rest.starts_with(' ') || p.ends_with('.');
            if spaced {
                if let Some(x) = whole(rest.trim_start()) {
                    return Some(x);
                }
            }
        }
    }
    None
}

/// The place the article is about: the most named province before `upto`.
fn article_place(cat: &Catalog, s: &str) -> Option<String> {
    let mut count = vec![0usize; cat.places.len()];
    for c in cat.place_re.captures_iter(s) {
        if let Some(m) = c.get(1) {
            if let Some(&i) = cat.place_of.get(m.as_str()) {
                count[i] += 1;
            }
        }
    }
    let best = (0..count.len())
        .filter(|&i| count[i] > 0)
        .max_by_key(|&i| count[i])?;
    Some(cat.places[best].name.clone())
}

fn starts_with_word(label: &str, words: &[String]) -> bool {
    let l = key(label);
    words.iter().any(|w| {
        let w = w.as_str();
        l.starts_with(w) && l[w.len()..].chars().next().is_some_and(|c| c == ' ')
    })
}

/// What a column's numbers are: its own header says, else its group's; in a
/// DTI table, a column headed by a pillar or "DTI" alone holds ranks when its
/// numbers are whole, scores when they have decimals.
fn column_kind(rules: &TableRules, g: &Grid, c: usize, dti_table: bool) -> ColKind {
    let h = &g.headers[c];
    let own = rules.classify(&h.own);
    if own != ColKind::Other {
        return own;
    }
    let group = rules.classify(&h.group);
    if !matches!(group, ColKind::Other | ColKind::RowNumber) {
        return group;
    }
    let full = h.full();
    if !dti_table || !(rules.pillar(&full).is_some() || any_word(&key(&full), &rules.dti)) {
        return ColKind::Other;
    }
    let nums: Vec<&CellNum> = g
        .rows
        .iter()
        .filter_map(|r| r[c].as_ref().and_then(|x| x.num.as_ref()))
        .collect();
    if nums.is_empty() || nums.iter().any(|n| n.percent) {
        ColKind::Other
    } else if nums.iter().all(|n| !n.raw.contains(['.', ','])) {
        ColKind::Rank
    } else if nums.iter().all(|n| n.raw.contains(['.', ','])) {
        ColKind::Score
    } else {
        ColKind::Other
    }
}

/// The longest header a data table has (in characters).
const MAX_HEADER: usize = 160;
/// The longest cell a data table has.
const MAX_CELL: usize = 200;

/// Reads the tables of a document and merges their figures with the
/// grammar's: figures inside a table that was read are replaced by its cells.
pub fn apply(
    doc: &Document,
    text: &Text,
    sents: &[SentenceHits],
    cat: &Catalog,
    figures: Vec<Figure>,
) -> Vec<Figure> {
    let rules = &cat.tables;
    if rules.rank.is_empty() && rules.score.is_empty() {
        return figures;
    }
    let mut gs = grids(rules, doc, text);
    // A table with prose in its cells is page layout, not data.
    gs.retain(|g| {
        g.headers
            .iter()
            .all(|h| h.full().chars().count() <= MAX_HEADER)
            && g.rows
                .iter()
                .flatten()
                .flatten()
                .all(|c| c.text.chars().count() <= MAX_CELL)
    });
    if gs.is_empty() {
        return figures;
    }
    let map = |i: usize| doc.decoded.map.orig(i);
    let mut claimed: Vec<(usize, usize)> = Vec::new();
    let mut found: Vec<Figure> = Vec::new();
    let title = text.s.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    for g in &gs {
        // The label column: the first whose cells are mostly text.
        let label_col = (0..g.headers.len()).find(|&c| {
            let texts = g
                .rows
                .iter()
                .filter(|r| {
                    r[c].as_ref()
                        .is_some_and(|x| x.num.is_none() && !x.text.is_empty())
                })
                .count();
            texts * 2 > g.rows.len()
        });
        let labels: Vec<Option<&str>> = g
            .rows
            .iter()
            .map(|r| {
                label_col
                    .and_then(|c| r[c].as_ref())
                    .map(|x| x.text.as_str())
            })
            .collect();
        let places: Vec<Option<String>> = labels
            .iter()
            .map(|l| l.and_then(|l| label_place(cat, l)))
            .collect();
        let province_rows = places.iter().filter(|p| p.is_some()).count();
        let province_table = province_rows * 2 > g.rows.len();
        // The country's own row ("Cả nước") in a table of provinces.
        let places: Vec<Option<String>> = places
            .into_iter()
            .zip(&labels)
            .map(|(p, l)| {
                p.or_else(|| {
                    (province_table && l.is_some_and(|l| any_word(&key(l), &rules.national)))
                        .then(|| "Việt Nam".to_string())
                })
            })
            .collect();
        let heads: Vec<String> = g.headers.iter().map(Header::full).collect();
        let all_head = format!("{} {}", g.caption, heads.join(" "));
        let dti_table = province_table
            && (any_word(&key(&all_head), &rules.dti)
                || any_word(&key(title), &rules.dti)
                || heads.iter().any(|h| rules.pillar(h).is_some()));
        let kinds: Vec<ColKind> = (0..g.headers.len())
            .map(|c| column_kind(rules, g, c, dti_table))
            .collect();
        let figure_cols: Vec<usize> = (0..kinds.len())
            .filter(|&c| {
                matches!(
                    kinds[c],
                    ColKind::Rank | ColKind::Score | ColKind::Percent | ColKind::Count
                ) && g
                    .rows
                    .iter()
                    .any(|r| r[c].as_ref().is_some_and(|x| x.num.is_some()))
            })
            .collect();
        if figure_cols.is_empty() {
            continue;
        }
        let size = rules.size(&all_head);
        let year = year_of(&g.caption).or_else(|| year_of(title));
        let status = if any_word(&key(&g.caption), &rules.target) {
            "target"
        } else {
            "achieved"
        };
        let n_start = text.norm_at(map(g.span.0));
        let n_end = text.norm_at(map(g.span.1));
        let home = if province_table {
            None
        } else {
            article_place(cat, &text.s[..n_start]).or_else(|| article_place(cat, &text.s))
        };
        let districts = labels
            .iter()
            .filter(|l| l.is_some_and(|l| starts_with_word(l, &rules.district)))
            .count();
        let communes = labels
            .iter()
            .filter(|l| l.is_some_and(|l| starts_with_word(l, &rules.commune)))
            .count();
        let ranking = figure_cols
            .iter()
            .any(|&c| matches!(kinds[c], ColKind::Rank | ColKind::Score));
        let level: Option<&'static str> = if communes * 2 > g.rows.len() {
            Some("commune")
        } else if districts * 2 > g.rows.len() {
            Some("district")
        } else if ranking || province_table {
            Some("province")
        } else {
            None
        };
        claimed.push((n_start, n_end));
        for &c in &figure_cols {
            let kind = kinds[c];
            let header = &heads[c];
            let col_year = year_of(header).or(year);
            let ind = rules
                .indicator(header, kind, dti_table)
                .and_then(|id| cat.indicators.iter().position(|i| i.id == id));
            let grouped = g.rows.iter().any(|r| {
                r[c].as_ref().and_then(|x| x.num.as_ref()).is_some_and(|n| {
                    n.raw.matches('.').count() > 1 || n.raw.matches(',').count() > 1
                })
            });
            for (ri, r) in g.rows.iter().enumerate() {
                let Some(cell) = r[c].as_ref() else { continue };
                if cell.copy {
                    continue;
                }
                let Some(n) = cell.num.as_ref() else { continue };
                let (k, value, denom) = match kind {
                    ColKind::Rank => {
                        if n.raw.contains(['.', ',']) || n.percent {
                            continue;
                        }
                        (
                            Kind::Rank,
                            n.raw.parse::<f64>().ok(),
                            n.denominator.or(size),
                        )
                    }
                    ColKind::Score => {
                        if n.percent {
                            continue;
                        }
                        (Kind::Score, score_value(&n.raw, grouped), n.denominator)
                    }
                    ColKind::Percent => (Kind::Percent, percent_value(&n.raw), None),
                    ColKind::Count => {
                        if n.percent {
                            continue;
                        }
                        (Kind::Count, count_value(&n.raw), n.denominator)
                    }
                    _ => continue,
                };
                let Some(value) = value else { continue };
                let Some((na, nb)) = text.norm_span(map(n.span.0), map(n.span.1)) else {
                    continue;
                };
                let si = sents.partition_point(|x| x.end <= na);
                if sents.get(si).is_none_or(|x| x.start > na || x.end < nb) {
                    continue;
                }
                let rule = match k {
                    Kind::Rank => "table/rank",
                    Kind::Score => "table/score",
                    Kind::Percent => "table/percent",
                    _ => "table/count",
                };
                found.push(Figure {
                    hit: Hit {
                        kind: k,
                        start: na,
                        end: nb,
                        tok_start: 0,
                        tok_end: 0,
                        value: Some(value),
                        value_max: None,
                        denominator: denom,
                        currency: None,
                        date: None,
                        qualifier: "exact",
                        change: None,
                        rule,
                    },
                    sentence: si,
                    subject: labels[ri].map(str::to_string),
                    indicator: ind,
                    status: Some(status),
                    year: col_year,
                    as_of: None,
                    place: places[ri].clone().or_else(|| home.clone()),
                    level,
                    date: None,
                });
            }
        }
    }
    if found.is_empty() && claimed.is_empty() {
        return figures;
    }
    let mut out: Vec<Figure> = figures
        .into_iter()
        .filter(|f| {
            !claimed
                .iter()
                .any(|&(a, b)| f.hit.start >= a && f.hit.start < b)
        })
        .collect();
    out.extend(found);
    out.sort_by_key(|f| (f.hit.start, f.hit.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> TableRules {
        Catalog::embedded().expect("patterns").tables
    }

    #[test]
    fn headers_decide_the_kind() {
        let r = rules();
        assert_eq!(r.classify("Thứ tự xếp hạng"), ColKind::Rank);
        assert_eq!(r.classify("XẾP HẠNG DTI"), ColKind::Rank);
        assert_eq!(r.classify("Thứ hạng"), ColKind::Rank);
        assert_eq!(r.classify("Tổng điểm năm 2023"), ColKind::Score);
        assert_eq!(r.classify("Điểm"), ColKind::Score);
        assert_eq!(r.classify("Giá trị"), ColKind::Score);
        assert_eq!(r.classify("Chỉ số"), ColKind::Score);
        assert_eq!(r.classify("Tỷ lệ (%)"), ColKind::Percent);
        assert_eq!(r.classify("Số lượng"), ColKind::Count);
        assert_eq!(r.classify("Số hồ sơ"), ColKind::Count);
        assert_eq!(r.classify("STT"), ColKind::RowNumber);
        assert_eq!(r.classify("TT"), ColKind::RowNumber);
        // A change of rank is no rank.
        assert_eq!(r.classify("Tăng/giảm hạng"), ColKind::Other);
        assert_eq!(r.classify("Tên cơ quan"), ColKind::Other);
        // "điểm" inside another word is no score header.
        assert_eq!(r.classify("Điểmchuẩn"), ColKind::Other);
    }

    #[test]
    fn pillar_headers_choose_the_indicator() {
        let r = rules();
        let rank = |h: &str| r.indicator(h, r.classify(h), true).map(str::to_string);
        assert_eq!(
            rank("CHÍNH QUYỀN SỐ Xếp hạng").as_deref(),
            Some("dti_digital_government_rank")
        );
        assert_eq!(
            rank("Kinh tế số - Thứ hạng").as_deref(),
            Some("dti_digital_economy_rank")
        );
        assert_eq!(
            rank("XÃ HỘI SỐ Hạng").as_deref(),
            Some("dti_digital_society_rank")
        );
        assert_eq!(rank("XẾP HẠNG DTI").as_deref(), Some("dti_rank"));
        assert_eq!(rank("Điểm DTI").as_deref(), Some("dti_score"));
        // A pillar's score has no catalog id.
        assert_eq!(rank("Kinh tế số Điểm"), None);
        // Not a DTI table of provinces: no indicator.
        assert_eq!(r.indicator("Xếp hạng", ColKind::Rank, false), None);
    }

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

    #[test]
    fn scores_follow_the_table_style() {
        assert_eq!(score_value("843.24", false), Some(843.24));
        assert_eq!(score_value("826,8", false), Some(826.8));
        assert_eq!(score_value("1.0000", false), Some(1.0));
        assert_eq!(score_value("0.9000", false), Some(0.9));
        assert_eq!(score_value("1.234.567", true), Some(1234567.0));
        assert_eq!(percent_value("45,5"), Some(45.5));
        assert_eq!(count_value("1.234"), Some(1234.0));
    }

    #[test]
    fn words_match_on_boundaries() {
        assert!(has_word("tổng điểm năm 2024", "điểm"));
        assert!(!has_word("địađiểm", "điểm"));
        assert!(!has_word("sttt", "stt"));
        assert!(has_word("tỷ lệ (%)", "%"));
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
    fn header_lines_are_cut_at_header_words() {
        let r = rules();
        let v = vocabulary(&r);
        assert_eq!(
            split_header(
                &v,
                "STT Tỉnh, thành phố Điểm DTI Xếp hạng DTI Tổng điểm năm 2022"
            )
            .unwrap(),
            [
                "STT",
                "Tỉnh, thành phố",
                "Điểm DTI",
                "Xếp hạng DTI",
                "Tổng điểm năm 2022"
            ]
        );
        assert_eq!(
            split_header(&v, "DTI CHÍNH QUYỀN SỐ XÃ HỘI SỐ").unwrap(),
            ["DTI", "CHÍNH QUYỀN SỐ", "XÃ HỘI SỐ"]
        );
        // A caption with a count, or with few header words, is no header.
        assert_eq!(
            split_header(&v, "Bảng xếp hạng của 63 tỉnh, thành phố"),
            None
        );
        assert_eq!(
            split_header(&v, "Kết quả được công bố sáng nay tại hội nghị tỉnh"),
            None
        );
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

    #[test]
    fn indicator_ids_of_tables_toml_are_in_the_catalog() {
        let cat = Catalog::embedded().expect("patterns");
        let t = &cat.tables;
        let ids = t
            .pillar
            .iter()
            .flat_map(|p| [p.rank.clone(), p.score.clone()])
            .chain([t.overall_rank.clone(), t.overall_score.clone()])
            .flatten();
        for id in ids {
            assert!(
                cat.indicator(&id).is_some(),
                "tables.toml names {id}, not in the catalog"
            );
        }
    }
}
