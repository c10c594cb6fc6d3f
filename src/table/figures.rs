//! Figures from tables: what a read table's rows and columns mean (place or
//! subject, kind, indicator, year, status, level) and one figure per
//! numeric cell.
//!
//! Takes [`Grid`]s from the readers, the document and the catalog; gives
//! [`Figure`]s to the table stage ([`super::apply`]), which merges them with
//! the grammar's.

use super::grid::{year_of, CellNum, Grid, Header};
use crate::grammar::Hit;
use crate::ingest::Document;
use crate::normalize::Text;
use crate::record::Kind;
use crate::resolve::{Figure, SentenceHits};
use crate::rules::tables::{any_word, key};
use crate::rules::{Catalog, ColKind, TableRules};

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
    crate::grammar::number::parse_num(raw).map(|x| x.0)
}

fn count_value(raw: &str) -> Option<f64> {
    use crate::grammar::number::{parse_num, NumStyle};
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
    crate::grammar::number::parse_num(raw).map(|x| x.0)
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
    let nums: Vec<&CellNum> = g
        .rows
        .iter()
        .filter_map(|r| r[c].as_ref().and_then(|x| x.num.as_ref()))
        .collect();
    // "Kế hoạch 2024 | Thực hiện 2024" over cells written "61,3%": the cells
    // say what the column holds.
    if nums.len() >= 2 && nums.iter().all(|n| n.percent) {
        return ColKind::Percent;
    }
    if !dti_table || !(rules.pillar(&full).is_some() || any_word(&key(&full), &rules.dti)) {
        return ColKind::Other;
    }
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

/// Whether a table holds data: a table with prose in its cells is page
/// layout, not data.
pub(super) fn is_data(g: &Grid) -> bool {
    g.headers
        .iter()
        .all(|h| h.full().chars().count() <= MAX_HEADER)
        && g.rows
            .iter()
            .flatten()
            .flatten()
            .all(|c| c.text.chars().count() <= MAX_CELL)
}

/// The document whose tables are read.
pub(super) struct Source<'a> {
    /// The document (its decoded text and the map to original bytes).
    pub doc: &'a Document,
    /// Its normalized text.
    pub text: &'a Text,
    /// Its sentences.
    pub sents: &'a [SentenceHits],
    /// The catalog.
    pub cat: &'a Catalog,
    /// The document's first non-blank line.
    pub title: &'a str,
}

impl Source<'_> {
    fn map(&self, i: usize) -> usize {
        self.doc.decoded.map.orig(i)
    }
}

/// What a table says about all its figures: each row's label and place,
/// each column's header and kind, the caption's year and status.
pub(super) struct TableFacts<'g> {
    labels: Vec<Option<&'g str>>,
    places: Vec<Option<String>>,
    heads: Vec<String>,
    kinds: Vec<ColKind>,
    dti_table: bool,
    /// The columns that hold figures.
    pub figure_cols: Vec<usize>,
    size: Option<f64>,
    year: Option<i32>,
    status: &'static str,
    /// The table's range in normalized text.
    pub span: (usize, usize),
    home: Option<String>,
    level: Option<&'static str>,
}

/// The rows' labels (the first column whose cells are mostly text), the
/// places they name, and whether most rows are provinces.
fn row_places<'g>(cat: &Catalog, g: &'g Grid) -> (Vec<Option<&'g str>>, Vec<Option<String>>, bool) {
    let rules = &cat.tables;
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
    (labels, places, province_table)
}

/// What a table says about its figures; `None` when no column holds any.
pub(super) fn table_facts<'g>(src: &Source, g: &'g Grid) -> Option<TableFacts<'g>> {
    let (cat, text, title) = (src.cat, src.text, src.title);
    let rules = &cat.tables;
    let (labels, places, province_table) = row_places(cat, g);
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
        return None;
    }
    let size = rules.size(&all_head);
    let year = year_of(&g.caption).or_else(|| year_of(title));
    let status = if any_word(&key(&g.caption), &rules.target) {
        "target"
    } else {
        "achieved"
    };
    let n_start = text.norm_at(src.map(g.span.0));
    let n_end = text.norm_at(src.map(g.span.1));
    let home = if province_table {
        None
    } else {
        article_place(cat, &text.s[..n_start]).or_else(|| article_place(cat, &text.s))
    };
    let ranking = figure_cols
        .iter()
        .any(|&c| matches!(kinds[c], ColKind::Rank | ColKind::Score));
    let level = table_level(rules, g, &labels, ranking || province_table);
    Some(TableFacts {
        labels,
        places,
        heads,
        kinds,
        dti_table,
        figure_cols,
        size,
        year,
        status,
        span: (n_start, n_end),
        home,
        level,
    })
}

/// The level of a table's rows: communes or districts when most labels
/// open so, else provinces for a ranking or a table of provinces.
fn table_level(
    rules: &TableRules,
    g: &Grid,
    labels: &[Option<&str>],
    province: bool,
) -> Option<&'static str> {
    let districts = labels
        .iter()
        .filter(|l| l.is_some_and(|l| starts_with_word(l, &rules.district)))
        .count();
    let communes = labels
        .iter()
        .filter(|l| l.is_some_and(|l| starts_with_word(l, &rules.commune)))
        .count();
    if communes * 2 > g.rows.len() {
        Some("commune")
    } else if districts * 2 > g.rows.len() {
        Some("district")
    } else if province {
        Some("province")
    } else {
        None
    }
}

/// "Kế hoạch 2024 | Thực hiện 2024": a column's own header says whether its
/// figures are goals or results, before the caption (`caption`) does.
fn column_status(rules: &TableRules, header: &str, caption: &'static str) -> &'static str {
    if any_word(&key(header), &rules.target) {
        "target"
    } else if any_word(&key(header), &rules.achieved) {
        "achieved"
    } else {
        caption
    }
}

/// The figures of column `c`, one per numeric cell of its own (no copy of
/// a spanned cell) that lies inside a sentence.
pub(super) fn column_figures(
    src: &Source,
    g: &Grid,
    facts: &TableFacts,
    c: usize,
    found: &mut Vec<Figure>,
) {
    let kind = facts.kinds[c];
    let header = &facts.heads[c];
    let col_year = year_of(header).or(facts.year);
    let col_status = column_status(&src.cat.tables, header, facts.status);
    let ind = src
        .cat
        .tables
        .indicator(header, kind, facts.dti_table)
        .and_then(|id| src.cat.indicators.iter().position(|i| i.id == id));
    let grouped = g.rows.iter().any(|r| {
        r[c].as_ref()
            .and_then(|x| x.num.as_ref())
            .is_some_and(|n| n.raw.matches('.').count() > 1 || n.raw.matches(',').count() > 1)
    });
    for (ri, r) in g.rows.iter().enumerate() {
        let Some(cell) = r[c].as_ref() else { continue };
        if cell.copy {
            continue;
        }
        let Some(n) = cell.num.as_ref() else { continue };
        let Some((k, value, denom)) = cell_value(kind, n, facts.size, grouped) else {
            continue;
        };
        let Some(value) = value else { continue };
        let Some((na, nb)) = src.text.norm_span(src.map(n.span.0), src.map(n.span.1)) else {
            continue;
        };
        let si = src.sents.partition_point(|x| x.end <= na);
        if src.sents.get(si).is_none_or(|x| x.start > na || x.end < nb) {
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
            subject: facts.labels[ri].map(str::to_string),
            indicator: ind,
            status: Some(col_status),
            year: col_year,
            as_of: None,
            place: facts.places[ri].clone().or_else(|| facts.home.clone()),
            level: facts.level,
            date: None,
        });
    }
}

/// A cell's figure kind, value and denominator by its column's kind; `None`
/// when the cell holds no figure of that kind (a rank with decimals or a
/// percent sign, a score or a count with a percent sign).
fn cell_value(
    kind: ColKind,
    n: &CellNum,
    size: Option<f64>,
    grouped: bool,
) -> Option<(Kind, Option<f64>, Option<f64>)> {
    Some(match kind {
        ColKind::Rank => {
            if n.raw.contains(['.', ',']) || n.percent {
                return None;
            }
            (
                Kind::Rank,
                n.raw.parse::<f64>().ok(),
                n.denominator.or(size),
            )
        }
        ColKind::Score => {
            if n.percent {
                return None;
            }
            (Kind::Score, score_value(&n.raw, grouped), n.denominator)
        }
        ColKind::Percent => (Kind::Percent, percent_value(&n.raw), None),
        ColKind::Count => {
            if n.percent {
                return None;
            }
            (Kind::Count, count_value(&n.raw), n.denominator)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
