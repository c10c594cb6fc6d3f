//! Runs the examples that pattern files carry through the whole pipeline,
//! gathering every failure (used by `solieu patterns check` and `cargo test`):
//! each indicator's examples and `not` sentences, the lexicon's
//! `not_figures`, and the grammar's own cases (`grammar.toml`).
//!
//! An example pins what it names and nothing else: `value`, `kind`,
//! `status`, `year` (0: no year), `place`, `level`, `qualifier`, `change`,
//! `denominator`, `subject`, `as_of`, `date`, `rule` ("" for a text field:
//! it must be null).
//!
//! Takes the [`Catalog`] (its examples) and runs each case through
//! [`crate::pipeline::extract_str`]; gives the number of cases and the
//! failures, which `solieu patterns check` (`cmd::patterns` in the binary)
//! and `tests/examples.rs` report.

use crate::cite::squash;
use crate::pipeline::extract_str;
use crate::record::Record;
use crate::rules::{Catalog, Example};

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
            check(cat, &name, ex, Some(&ind.id), &mut failures);
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
    for (k, ex) in cat.grammar.iter().enumerate() {
        let rule = ex.rule.as_deref().unwrap_or("grammar");
        if filter.is_some_and(|f| !rule.contains(f)) {
            continue;
        }
        n += 1;
        check(
            cat,
            &format!("grammar#{k} ({rule})"),
            ex,
            None,
            &mut failures,
        );
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

/// Runs one example: the figure `quote` must be found in `text`, with the
/// indicator `id` when given, and every attribute the example names.
fn check(cat: &Catalog, name: &str, ex: &Example, id: Option<&str>, out: &mut Vec<String>) {
    let recs = extract_str("example", &ex.text, cat);
    let Some(r) = recs
        .iter()
        .find(|r| squash(&r.citation.quote) == squash(&ex.quote))
    else {
        let got: Vec<&str> = recs.iter().map(|r| r.citation.quote.as_str()).collect();
        out.push(format!(
            "{name}: no figure {:?} in {:?} (found {got:?})",
            ex.quote, ex.text
        ));
        return;
    };
    let why = mismatches(ex, id, r);
    if !why.is_empty() {
        out.push(format!(
            "{name}: {:?} in {:?}: got {}",
            ex.quote,
            ex.text,
            why.join(", ")
        ));
    }
}

/// Each attribute the example names that the record does not have.
fn mismatches(ex: &Example, id: Option<&str>, r: &Record) -> Vec<String> {
    let mut why = Vec::new();
    if let Some(id) = id {
        if r.indicator.as_deref() != Some(id) {
            why.push(format!("indicator {:?}", r.indicator));
        }
    }
    let num = |name: &str, want: Option<f64>, got: Option<f64>, why: &mut Vec<String>| {
        if let Some(v) = want {
            if got.is_none_or(|x| (x - v).abs() > 1e-9) {
                why.push(format!("{name} {got:?}, expected {v}"));
            }
        }
    };
    num("value", ex.value, r.value, &mut why);
    num("denominator", ex.denominator, r.denominator, &mut why);
    // A text attribute: "" stands for null.
    let text = |name: &str, want: &Option<String>, got: Option<&str>, why: &mut Vec<String>| {
        if let Some(w) = want {
            let want = (!w.is_empty()).then_some(w.as_str());
            if got != want {
                why.push(format!("{name} {got:?}, expected {want:?}"));
            }
        }
    };
    text("kind", &ex.kind, Some(r.kind.as_str()), &mut why);
    text("status", &ex.status, r.status.as_deref(), &mut why);
    text("level", &ex.level, r.level.as_deref(), &mut why);
    text("place", &ex.place, r.place.as_deref(), &mut why);
    text(
        "qualifier",
        &ex.qualifier,
        Some(r.qualifier.as_str()),
        &mut why,
    );
    text("change", &ex.change, r.change.as_deref(), &mut why);
    text("subject", &ex.subject, r.subject.as_deref(), &mut why);
    text("as_of", &ex.as_of, r.as_of.as_deref(), &mut why);
    text("date", &ex.date, r.date.as_deref(), &mut why);
    text("rule", &ex.rule, Some(r.rule.as_str()), &mut why);
    if let Some(y) = ex.year {
        let want = (y != 0).then_some(y);
        if r.year != want {
            why.push(format!("year {:?}, expected {want:?}", r.year));
        }
    }
    why
}
