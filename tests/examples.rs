//! Every example and `not` case in `patterns/` through the whole pipeline.
//! `SOLIEU_RULE=<part of a rule id>` runs only the matching rules.

use solieu::rules::Catalog;

#[test]
fn pattern_examples_pass() {
    let cat = Catalog::embedded().unwrap();
    let filter = std::env::var("SOLIEU_RULE").ok();
    let (n, failures) = solieu::examples::run(&cat, filter.as_deref());
    assert!(n > 0, "no cases ran");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_indicator_has_examples_of_both_kinds() {
    let cat = Catalog::embedded().unwrap();
    for ind in &cat.indicators {
        assert!(
            ind.examples.len() >= 2,
            "{}: fewer than two examples",
            ind.rule
        );
        assert!(!ind.not.is_empty(), "{}: no negative example", ind.rule);
    }
}

/// When the shared catalog is beside the repository, every id in it has a pattern.
#[test]
fn every_catalog_indicator_has_a_pattern() {
    let tsv =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/indicators.tsv");
    let Ok(text) = std::fs::read_to_string(&tsv) else {
        eprintln!("skipped: {} not found", tsv.display());
        return;
    };
    let cat = Catalog::embedded().unwrap();
    let missing: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|id| !id.is_empty() && cat.indicator(id).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "catalog ids without a pattern: {missing:?}"
    );
}
