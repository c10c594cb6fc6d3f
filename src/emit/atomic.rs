//! Files written under a temporary name and renamed into place
//! ([`AtomicFile`], hashing its bytes as they go), and the run folder that
//! commits a run's outputs together ([`OutputSet`]). Takes bytes from the
//! writers in [`crate::emit`]; hands finished files to the output folder.

use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written under a temporary name; `commit` renames it into place.
/// Its bytes are hashed as they are written (the manifest names the sha256
/// of the records it belongs to).
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    w: Option<BufWriter<Hashed>>,
}

/// A file that hashes what is written to it.
pub struct Hashed {
    f: std::fs::File,
    h: sha2::Sha256,
}

impl Write for Hashed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.f.write(buf)?;
        sha2::Digest::update(&mut self.h, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.f.flush()
    }
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

impl AtomicFile {
    /// Starts writing `dest` (through `dest` + `.tmp-<pid>`).
    pub fn create(dest: &Path) -> Result<AtomicFile> {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dest.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
        Ok(AtomicFile {
            tmp,
            dest: dest.to_path_buf(),
            w: Some(BufWriter::with_capacity(
                1 << 16,
                Hashed {
                    f,
                    h: sha2::Digest::new(),
                },
            )),
        })
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut BufWriter<Hashed> {
        self.w.as_mut().expect("writer present until commit")
    }

    /// Flushes, syncs and renames into place.
    pub fn commit(self) -> Result<()> {
        self.commit_hashed().map(|_| ())
    }

    /// [`AtomicFile::commit`], giving the hex sha256 of what was written.
    pub fn commit_hashed(mut self) -> Result<String> {
        let sha = self.sync()?;
        std::fs::rename(&self.tmp, &self.dest).map_err(io(&self.dest))?;
        Ok(sha)
    }

    /// Flushes and syncs the temporary file; its hex sha256.
    fn sync(&mut self) -> Result<String> {
        let w = self.w.take().expect("writer present until commit");
        let h = w.into_inner().map_err(|e| Error::Io {
            path: self.tmp.clone(),
            source: e.into_error(),
        })?;
        h.f.sync_all().map_err(io(&self.tmp))?;
        Ok(hex::encode(sha2::Digest::finalize(h.h)))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer().flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.w.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// The outputs of one `extract` run, committed together.
///
/// Every file of a run (`records.jsonl`, `records.csv`, `manifest.json`) is
/// written into a folder of its own, `DIR/.solieu/run-<id>/`. The commit is
/// one atomic rename: the link `DIR/.solieu/current` is pointed at the new
/// run's folder. `DIR/records.jsonl`, `DIR/manifest.json` and
/// `DIR/records.csv` are links through `current`, so whoever opens them
/// sees the files of one run, old or new, never a mix; a run killed at any
/// moment, or one that fails (a full disk, an SQLite database held by a
/// reader), leaves the previous set in place. The folder is locked for the
/// run (`DIR/.solieu/lock`); a run removes the folders and temporary files
/// that killed runs left.
pub struct OutputSet {
    dir: PathBuf,
    meta: PathBuf,
    run: PathBuf,
    committed: bool,
    _lock: std::fs::File,
}

/// The names of the files a run writes, as they appear in the output folder.
pub const OUTPUT_NAMES: [&str; 4] = [
    "records.jsonl",
    "manifest.json",
    "records.csv",
    "documents.csv",
];

impl OutputSet {
    /// Creates and locks `dir`, removes what killed runs left there, and
    /// starts a run folder. An error when another run holds the lock.
    pub fn begin(dir: &Path) -> std::result::Result<OutputSet, String> {
        let meta = dir.join(".solieu");
        std::fs::create_dir_all(&meta)
            .map_err(|e| format!("cannot create {}: {e}", meta.display()))?;
        let lock_path = meta.join("lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| format!("cannot open {}: {e}", lock_path.display()))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(format!(
                    "{}: another solieu run is writing into this folder (it holds {});                      wait for it or give another -o",
                    dir.display(),
                    lock_path.display()
                ))
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(format!("cannot lock {}: {e}", lock_path.display()))
            }
        }
        let current = std::fs::read_link(meta.join("current")).ok();
        // Leftovers of killed runs: run folders other than the current one,
        // links being made, temporary outputs of older versions.
        if let Ok(list) = std::fs::read_dir(&meta) {
            for e in list.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                let keep = current.as_deref() == Some(Path::new(&*name));
                if name.starts_with("run-") && !keep {
                    let _ = std::fs::remove_dir_all(e.path());
                } else if name.starts_with("current.tmp-") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        if let Ok(list) = std::fs::read_dir(dir) {
            for e in list.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                let ours = OUTPUT_NAMES.iter().any(|n| {
                    name.starts_with(&format!(".{n}.tmp-"))
                        || name.starts_with(&format!(".{n}.link-"))
                });
                if ours {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let run = meta.join(format!("run-{nanos}-{}", std::process::id()));
        std::fs::create_dir(&run).map_err(|e| format!("cannot create {}: {e}", run.display()))?;
        Ok(OutputSet {
            dir: dir.to_path_buf(),
            meta,
            run,
            committed: false,
            _lock: lock,
        })
    }

    /// This run's folder (where its outputs are written).
    pub fn folder(&self) -> &Path {
        &self.run
    }

    /// Where this run writes the output `name`.
    pub fn path(&self, name: &str) -> PathBuf {
        self.run.join(name)
    }

    /// Makes this run's files the output folder's, all at once.
    pub fn commit(mut self) -> Result<()> {
        let e = io;
        sync_dir(&self.run).map_err(e(&self.run))?;
        #[cfg(unix)]
        {
            self.adopt_older_outputs()?;
            let run_name = self.run.file_name().unwrap_or_default().to_owned();
            let current = self.meta.join("current");
            let tmp = self
                .meta
                .join(format!("current.tmp-{}", std::process::id()));
            let _ = std::fs::remove_file(&tmp);
            std::os::unix::fs::symlink(&run_name, &tmp).map_err(e(&tmp))?;
            // The commit point.
            std::fs::rename(&tmp, &current).map_err(e(&current))?;
            self.committed = true;
            sync_dir(&self.meta).map_err(e(&self.meta))?;
            for name in OUTPUT_NAMES {
                let link = self.dir.join(name);
                if self.run.join(name).exists() {
                    if std::fs::read_link(&link).ok().as_deref()
                        != Some(&Path::new(".solieu/current").join(name))
                    {
                        replace_with_link(&self.dir, name)?;
                    }
                } else if std::fs::read_link(&link).is_ok() {
                    // An output of an earlier run this one did not write
                    // (no --csv): it does not belong to the new set.
                    let _ = std::fs::remove_file(&link);
                }
            }
            sync_dir(&self.dir).map_err(e(&self.dir))?;
            // Older runs' folders.
            if let Ok(list) = std::fs::read_dir(&self.meta) {
                for entry in list.flatten() {
                    let n = entry.file_name();
                    if n.to_string_lossy().starts_with("run-") && n != run_name {
                        let _ = std::fs::remove_dir_all(entry.path());
                    }
                }
            }
        }
        #[cfg(not(unix))]
        {
            // No links: the files are renamed into place one after the
            // other (the manifest last); readers check records_sha256.
            for name in OUTPUT_NAMES {
                let from = self.run.join(name);
                if from.exists() {
                    std::fs::rename(&from, self.dir.join(name)).map_err(e(&from))?;
                }
            }
            self.committed = true;
            let _ = std::fs::remove_dir_all(&self.run);
        }
        Ok(())
    }

    /// Outputs of an older version (regular files in the output folder) are
    /// first made a run of their own, then replaced by links to it one by
    /// one: every link reads that same old set until the commit.
    #[cfg(unix)]
    fn adopt_older_outputs(&self) -> Result<()> {
        let current = self.meta.join("current");
        let plain: Vec<&str> = OUTPUT_NAMES
            .into_iter()
            .filter(|n| {
                std::fs::symlink_metadata(self.dir.join(n)).is_ok_and(|m| m.file_type().is_file())
            })
            .collect();
        if plain.is_empty() {
            return Ok(());
        }
        let old = self.meta.join(format!(
            "run-0-adopted-{}",
            self.run.file_name().unwrap_or_default().to_string_lossy()
        ));
        std::fs::create_dir(&old).map_err(io(&old))?;
        // What `current` pointed at (if anything) holds no file of its own
        // for these names; the plain files are the ones readers see now.
        if let Ok(target) = std::fs::read_link(&current) {
            for n in OUTPUT_NAMES {
                let from = self.meta.join(&target).join(n);
                if !plain.contains(&n) && from.exists() {
                    std::fs::hard_link(&from, old.join(n)).map_err(io(&from))?;
                }
            }
        }
        for n in &plain {
            let from = self.dir.join(n);
            std::fs::hard_link(&from, old.join(n))
                .or_else(|_| std::fs::copy(&from, old.join(n)).map(|_| ()))
                .map_err(io(&from))?;
        }
        sync_dir(&old).map_err(io(&old))?;
        let tmp = self
            .meta
            .join(format!("current.tmp-{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        std::os::unix::fs::symlink(old.file_name().unwrap_or_default(), &tmp).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &current).map_err(io(&current))?;
        for n in &plain {
            replace_with_link(&self.dir, n)?;
        }
        Ok(())
    }
}

/// Replaces `dir/name` by the link `.solieu/current/name`, atomically.
#[cfg(unix)]
fn replace_with_link(dir: &Path, name: &str) -> Result<()> {
    let tmp = dir.join(format!(".{name}.link-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(Path::new(".solieu/current").join(name), &tmp).map_err(io(&tmp))?;
    let dest = dir.join(name);
    std::fs::rename(&tmp, &dest).map_err(io(&dest))
}

/// Syncs a folder, so the renames in it survive a crash (a no-op where
/// folders cannot be opened).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.run);
        }
    }
}
