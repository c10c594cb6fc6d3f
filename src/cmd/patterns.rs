//! `solieu patterns check|list`. Takes the catalog `main` compiled; `check`
//! runs every example through the whole pipeline (`solieu::examples`),
//! `list` prints the indicators. Gives the exit code.

use crate::exit::Exit;
use solieu::rules::Catalog;

/// Runs every example; prints failures; exit 1 when any fails.
pub fn check(cat: &Catalog) -> anyhow::Result<Exit> {
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
    Ok(Exit::failed_if(!failures.is_empty()))
}

/// Prints the indicators with their pillar and unit.
pub fn list(cat: &Catalog) -> anyhow::Result<Exit> {
    for i in &cat.indicators {
        out!("{}\t{}\t{}", i.id, i.pillar, i.unit);
    }
    Ok(Exit::Ok)
}
