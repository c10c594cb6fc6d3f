//! The validated options of `extract`: takes the parsed [`ExtractArgs`];
//! gives the paths to read (checked to exist and not to be the output
//! folder), the `--glob`/`--exclude` [`Selection`], the admission
//! [`Policy`] and the [`Outputs`] to write. `cmd::extract` runs with them.

use crate::cli::ExtractArgs;
use anyhow::Context;
use solieu::emit::Outputs;
use solieu::ingest::admit::Policy;
use solieu::ingest::{fs_path, walk, Input};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The admission policy the options give.
pub fn policy(cfg: &ExtractArgs) -> Policy {
    Policy {
        max_file_size: cfg.max_file_size,
        window_from: cfg.window_from,
        follow: cfg.follow,
    }
}

/// Which outputs the options ask for, besides `records.jsonl` and the
/// manifest.
pub fn outputs<'a>(cfg: &'a ExtractArgs, patterns: &'a str) -> Outputs<'a> {
    Outputs {
        csv: cfg.csv,
        csv_bom: cfg.csv_bom,
        csv_safe: cfg.csv_safe,
        sqlite: cfg.sqlite.as_deref(),
        quiet: cfg.quiet,
        patterns,
    }
}

/// Whether standard input is read (the path `-`), and the other paths given
/// (with `--files-from`'s).
pub fn given_paths(cfg: &ExtractArgs) -> anyhow::Result<(bool, Vec<PathBuf>)> {
    let stdin = cfg.paths.iter().any(|p| p.as_os_str() == "-");
    let mut files: Vec<PathBuf> = cfg
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    if let Some(list) = &cfg.files_from {
        if stdin && list.as_os_str() == "-" {
            anyhow::bail!("--files-from - and the path - both read standard input");
        }
        files.extend(files_from(list, cfg.null)?);
    }
    Ok((stdin, files))
}

/// Every path given exists, and none is the output folder.
pub fn ensure_inputs(files: &[PathBuf], output: &Path) -> anyhow::Result<()> {
    for p in files {
        if std::fs::symlink_metadata(p).is_err() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
        // Records would be read back as articles as they are written.
        if p.is_dir() && same_file::is_same_file(p, output).unwrap_or(false) {
            anyhow::bail!(
                "{}: the output folder is also an input folder; give -o another folder",
                p.display()
            );
        }
    }
    Ok(())
}

/// `--glob` and `--exclude`: which files found in folders are read.
pub struct Selection {
    globs: Option<globset::GlobSet>,
    excludes: Option<globset::GlobSet>,
}

impl Selection {
    pub fn new(cfg: &ExtractArgs) -> anyhow::Result<Selection> {
        let set = |pats: &[String], opt: &str| -> anyhow::Result<Option<globset::GlobSet>> {
            if pats.is_empty() {
                return Ok(None);
            }
            let mut b = globset::GlobSetBuilder::new();
            for p in pats {
                let g = globset::GlobBuilder::new(p)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| anyhow::anyhow!("{opt} {p}: {e}"))?;
                b.add(g);
            }
            Ok(Some(b.build().map_err(|e| anyhow::anyhow!("{opt}: {e}"))?))
        };
        Ok(Selection {
            globs: set(&cfg.globs, "--glob")?,
            excludes: set(&cfg.excludes, "--exclude")?,
        })
    }

    /// Why a file found under `root` is left out, if it is: a glob matches
    /// its path under the folder or its name.
    fn why_not(&self, root: &Path, input: &Input) -> Option<&'static str> {
        if input.explicit {
            return None;
        }
        let rel = input.fs_path.strip_prefix(root).unwrap_or(&input.fs_path);
        let hit = |set: &globset::GlobSet| {
            set.is_match(rel) || rel.file_name().is_some_and(|n| set.is_match(n))
        };
        if self.excludes.as_ref().is_some_and(hit) {
            return Some("excluded by --exclude");
        }
        if self.globs.as_ref().is_some_and(|g| !hit(g)) {
            return Some("not matched by --glob");
        }
        None
    }
}

/// The walk of every root, each file with why the selection leaves it out.
#[allow(clippy::type_complexity)]
pub fn selected<'a>(
    roots: &'a [PathBuf],
    follow: bool,
    output: &'a Path,
    sel: &'a Selection,
) -> impl Iterator<Item = (Result<Input, (String, String)>, Option<&'static str>)> + Send + 'a {
    roots.iter().flat_map(move |root| {
        walk(std::slice::from_ref(root), follow, Some(output)).map(move |i| {
            let why = i.as_ref().ok().and_then(|i| sel.why_not(root, i));
            (i, why)
        })
    })
}

/// `--files-from`: the paths listed in a file (or standard input), one a
/// line or NUL-separated (`-0`); empty entries are ignored.
fn files_from(path: &Path, nul: bool) -> anyhow::Result<Vec<PathBuf>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("--files-from: reading standard input")?;
    } else {
        bytes = std::fs::read(path)
            .with_context(|| format!("--files-from: cannot read {}", path.display()))?;
    }
    let sep = if nul { b'\0' } else { b'\n' };
    Ok(bytes
        .split(|&b| b == sep)
        .map(|p| match (nul, p.strip_suffix(b"\r")) {
            (false, Some(p)) => p,
            _ => p,
        })
        .filter(|p| !p.is_empty())
        .map(|p| fs_path(&String::from_utf8_lossy(p)))
        .collect())
}
