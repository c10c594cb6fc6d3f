//! `solieu patterns check|list`.

use solieu::rules::Catalog;

/// Runs every example; prints failures; exit 1 when any fails.
pub fn check(cat: &Catalog) -> anyhow::Result<u8> {
    let (n, failures) = solieu::examples::run(cat, None);
    for f in &failures {
        out!("{f}");
    }
    out!(
        "{} cases, {} passed, {} failed",
        n,
        n - failures.len(),
        failures.len()
    );
    Ok(if failures.is_empty() { 0 } else { 1 })
}

/// Prints the indicators with their pillar and unit.
pub fn list(cat: &Catalog) -> anyhow::Result<u8> {
    for i in &cat.indicators {
        out!("{}\t{}\t{}", i.id, i.pillar, i.unit);
    }
    Ok(0)
}
