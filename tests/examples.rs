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

/// The catalog's ids (`docs/indicators.tsv`, a copy of the shared spec).
fn catalog_ids(tsv: &str) -> Vec<String> {
    tsv.lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|id| !id.is_empty())
        .map(String::from)
        .collect()
}

/// Every id of the catalog has a pattern, and every pattern is in the catalog.
#[test]
fn every_catalog_indicator_has_a_pattern() {
    let tsv = include_str!("../docs/indicators.tsv");
    let cat = Catalog::embedded().unwrap();
    let ids = catalog_ids(tsv);
    assert!(ids.len() >= 90, "catalog read: {} ids", ids.len());
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| cat.indicator(id).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "catalog ids without a pattern: {missing:?}"
    );
    let extra: Vec<&str> = cat
        .indicators
        .iter()
        .map(|i| i.id.as_str())
        .filter(|id| !ids.iter().any(|c| c == id))
        .collect();
    assert!(extra.is_empty(), "patterns not in the catalog: {extra:?}");
    for ind in &cat.indicators {
        assert!(!ind.names.is_empty(), "{}: no catalog names", ind.rule);
    }
}

/// The repository's copy of the catalog is the shared spec's (run by
/// `.ci/run` when `../shared` is beside the repository).
#[test]
#[ignore = "needs ../shared/spec beside the repository; .ci/run runs it there"]
fn catalog_copy_is_the_shared_spec() {
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/indicators.tsv");
    let spec = std::fs::read_to_string(&shared).expect("../shared/spec/indicators.tsv");
    assert_eq!(
        spec,
        include_str!("../docs/indicators.tsv"),
        "docs/indicators.tsv is stale"
    );
}

/// Every grammar rule id written in the grammar (the files of `src/grammar/`
/// but its tests) has a case in `patterns/grammar.toml`, and every case names
/// a rule the grammar has.
#[test]
fn every_grammar_rule_has_a_case() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/grammar");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs") && !p.ends_with("tests.rs"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "grammar files read: {files:?}");
    let src: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut ids: Vec<&str> = src
        .match_indices("\"grammar/")
        .map(|(i, _)| {
            let rest = &src[i + 1..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert!(ids.len() >= 20, "grammar ids read: {ids:?}");
    let cat = Catalog::embedded().unwrap();
    let cased: Vec<&str> = cat
        .grammar
        .iter()
        .filter_map(|c| c.rule.as_deref())
        .collect();
    let missing: Vec<&&str> = ids.iter().filter(|id| !cased.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "grammar rules without a case: {missing:?}"
    );
    let unknown: Vec<&&str> = cased.iter().filter(|c| !ids.contains(c)).collect();
    assert!(unknown.is_empty(), "cases of no grammar rule: {unknown:?}");
}
