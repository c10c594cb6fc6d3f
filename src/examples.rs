//! Runs the examples that pattern files carry through the whole pipeline,
//! gathering every failure (used by `solieu patterns check` and `cargo test`).

use crate::cite::squash;
use crate::pipeline::extract_str;
use crate::rules::Catalog;

/// Runs all cases (optionally only rules whose id contains `filter`); returns
/// the number of cases and the failures.
pub fn run(cat: &Catalog, filter: Option<&str>) -> (usize, Vec<String>) {
    let mut n = 0;
    let mut failures = Vec::new();
    for ind in &cat.indicators {
        if filter.is_some_and(|f| !ind.rule.contains(f)) {
            continue;
        }
        for (k, ex) in ind.examples.iter().enumerate() {
            n += 1;
            let name = format!("{}#{k}", ind.rule);
            let recs = extract_str("example", &ex.text, cat);
            let Some(r) = recs
                .iter()
                .find(|r| squash(&r.citation.quote) == squash(&ex.quote))
            else {
                let got: Vec<&str> = recs.iter().map(|r| r.citation.quote.as_str()).collect();
                failures.push(format!(
                    "{name}: no figure {:?} in {:?} (found {got:?})",
                    ex.quote, ex.text
                ));
                continue;
            };
            let mut why = Vec::new();
            if r.indicator.as_deref() != Some(ind.id.as_str()) {
                why.push(format!("indicator {:?}", r.indicator));
            }
            if let Some(v) = ex.value {
                if r.value.is_none_or(|x| (x - v).abs() > 1e-9) {
                    why.push(format!("value {:?}, expected {v}", r.value));
                }
            }
            if let Some(s) = &ex.status {
                if r.status.as_deref() != Some(s.as_str()) {
                    why.push(format!("status {:?}, expected {s}", r.status));
                }
            }
            if let Some(l) = &ex.level {
                if r.level.as_deref() != Some(l.as_str()) {
                    why.push(format!("level {:?}, expected {l}", r.level));
                }
            }
            if let Some(y) = ex.year {
                if r.year != Some(y) {
                    why.push(format!("year {:?}, expected {y}", r.year));
                }
            }
            if !why.is_empty() {
                failures.push(format!(
                    "{name}: {:?} in {:?}: got {}",
                    ex.quote,
                    ex.text,
                    why.join(", ")
                ));
            }
        }
        for (k, text) in ind.not.iter().enumerate() {
            n += 1;
            let recs = extract_str("example", text, cat);
            if recs
                .iter()
                .any(|r| r.indicator.as_deref() == Some(ind.id.as_str()))
            {
                failures.push(format!(
                    "{}#not{k}: {:?} must not produce {}",
                    ind.rule, text, ind.id
                ));
            }
        }
    }
    if filter.is_none() {
        for (k, text) in cat.lexicon.not_figures.iter().enumerate() {
            n += 1;
            let recs = extract_str("example", text, cat);
            if !recs.is_empty() {
                let got: Vec<&str> = recs.iter().map(|r| r.citation.quote.as_str()).collect();
                failures.push(format!(
                    "lexicon#not_figures{k}: {text:?} holds no figure (found {got:?})"
                ));
            }
        }
    }
    (n, failures)
}
