//! Table rules: the header words of `tables.toml` and what they mean.
//!
//! Takes the parsed `[table]` section from the loader (`load`), which makes
//! its words canonical once; gives [`TableRules`]: what a column's numbers
//! are ([`ColKind`]), which indicator a DTI column is, a table's size. The
//! table stage ([`crate::table`]) reads tables with them.

use super::cues::canon;
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
    /// Caption (or column header) words of targets.
    #[serde(default)]
    pub target: Vec<String>,
    /// Column header words of results.
    #[serde(default)]
    pub achieved: Vec<String>,
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
pub(crate) fn any_word(hay: &str, words: &[String]) -> bool {
    words.iter().any(|w| has_word(hay, w))
}

/// The header text as matched: normalized, lower-cased, spaces collapsed.
pub(crate) fn key(s: &str) -> String {
    canon(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A header cell stripped of edge punctuation, for whole-cell comparisons.
pub(crate) fn bare(s: &str) -> String {
    bare_key(&key(s)).to_string()
}

/// [`bare`] of a text already [`key`]ed.
pub(crate) fn bare_key(k: &str) -> &str {
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
            &mut self.achieved,
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
    pub(crate) fn classify_key(&self, h: &str) -> ColKind {
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

    pub(crate) fn is_header_word(&self, cell: &str) -> bool {
        let k = key(cell);
        self.classify_key(&k) != ColKind::Other || {
            let b = bare_key(&k);
            self.label.iter().any(|w| w == b)
        }
    }

    pub(crate) fn is_sub(&self, cell: &str) -> bool {
        let b = bare(cell);
        self.sub.contains(&b)
    }

    /// The pillar a header names, if any.
    pub(crate) fn pillar(&self, header: &str) -> Option<&PillarRule> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Catalog;

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
    fn words_match_on_boundaries() {
        assert!(has_word("tổng điểm năm 2024", "điểm"));
        assert!(!has_word("địađiểm", "điểm"));
        assert!(!has_word("sttt", "stt"));
        assert!(has_word("tỷ lệ (%)", "%"));
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
