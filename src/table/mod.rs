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
//!
//! Takes the document, its normalized text and sentences, the catalog and
//! the grammar's figures from the pipeline; gives the merged figures back to
//! it, for citing ([`crate::cite`]). The shapes are read in `lines`,
//! `pipes`, `spaces` and `html` into the `grid` types; `figures` makes
//! their figures. The header words are data ([`crate::rules::tables`]).

mod figures;
mod grid;
mod html;
mod lines;
mod pipes;
mod spaces;
#[cfg(test)]
mod tests;

pub use crate::rules::tables::has_word;
pub use grid::{fit_headers, year_of, Cell, CellNum, Grid, Header};

use crate::ingest::Document;
use crate::normalize::Text;
use crate::resolve::{Figure, SentenceHits};
use crate::rules::{Catalog, TableRules};
use figures::{column_figures, is_data, table_facts, Source};
use html::html_tables;
use lines::line_tables;
use pipes::pipe_tables;
use spaces::space_tables;

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
    gs.retain(is_data);
    if gs.is_empty() {
        return figures;
    }
    let mut claimed: Vec<(usize, usize)> = Vec::new();
    let mut found: Vec<Figure> = Vec::new();
    // The first line with text, from the first sentence's line: a ticker
    // above it (left out of `sents`, see `pipeline`) is no title.
    let from = sents
        .first()
        .map_or(0, |sh| text.s[..sh.start].rfind('\n').map_or(0, |k| k + 1));
    let title = text.s[from..]
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let src = Source {
        doc,
        text,
        sents,
        cat,
        title,
    };
    for g in &gs {
        let Some(facts) = table_facts(&src, g) else {
            continue;
        };
        claimed.push(facts.span);
        for &c in &facts.figure_cols {
            column_figures(&src, g, &facts, c, &mut found);
        }
    }
    if found.is_empty() && claimed.is_empty() {
        return figures;
    }
    let inside = |f: &Figure| {
        claimed
            .iter()
            .any(|&(a, b)| f.hit.start >= a && f.hit.start < b)
    };
    // A cell whose header names no indicator keeps the one its row's words
    // named to the sentence reader ("| Tỷ lệ hồ sơ trực tuyến | 50% | 61,3% |").
    for t in found.iter_mut().filter(|t| t.indicator.is_none()) {
        if let Some(f) = figures
            .iter()
            .find(|f| inside(f) && f.hit.start == t.hit.start && f.hit.kind == t.hit.kind)
        {
            t.indicator = f.indicator;
        }
    }
    let mut out: Vec<Figure> = figures.into_iter().filter(|f| !inside(f)).collect();
    out.extend(found);
    out.sort_by_key(|f| (f.hit.start, f.hit.end));
    out
}
