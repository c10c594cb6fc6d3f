//! The walk: the input files, found in sorted, deterministic order.
//!
//! Takes the paths named on the command line, gives an [`Input`] per file
//! (or the path and reason of an entry that cannot be listed), lazily.
//! Hands on to admission ([`crate::ingest::admit`]), which decides whether
//! and how each file is read.

use std::path::{Path, PathBuf};

/// One input file found by the walk.
#[derive(Clone, Debug)]
pub struct Input {
    /// Where to read it.
    pub fs_path: PathBuf,
    /// Named on the command line (followed even when it is a link).
    pub explicit: bool,
    /// How records and the manifest name it.
    pub display: String,
    /// Why the walk leaves it out unread (it is the output folder).
    pub skip: Option<&'static str>,
}

/// Walks the given paths (files or folders) in sorted, deterministic order,
/// lazily: a folder's listing is read as the walk reaches it, so memory
/// does not grow with the number of files.
///
/// Folders are walked recursively; an entry that cannot be listed comes as
/// an error (its path, why) where the walk met it, so that it reaches the
/// manifest. Links are yielded as files unless `follow`; when followed, a
/// link back to a folder being walked is reported as a loop. The folder
/// `skip` (the output folder, whose files are being written) is left out.
pub fn walk<'a>(
    roots: &'a [PathBuf],
    follow: bool,
    skip: Option<&'a Path>,
) -> impl Iterator<Item = std::result::Result<Input, (String, String)>> + Send + 'a {
    // The folder to leave out, if it exists (it may not yet).
    let skip = skip.and_then(|p| same_file::Handle::from_path(p).ok());
    let skip = std::sync::Arc::new(skip);
    roots.iter().flat_map(move |root| {
        let one: Box<dyn Iterator<Item = _> + Send> = if root.is_dir() {
            Box::new(Walk::new(root.clone(), follow, skip.clone()))
        } else {
            Box::new(std::iter::once(Ok(Input {
                display: display_path(root),
                fs_path: root.clone(),
                explicit: true,
                skip: None,
            })))
        };
        one
    })
}

/// A recursive, sorted walk of one folder.
///
/// Written here rather than taken from walkdir because a sorted walkdir
/// holds a whole folder as `DirEntry`s (a path allocation and metadata,
/// about 140 bytes each): a flat folder of 40,000 articles cost 5 MB, and
/// memory grew with the corpus. A [`Listing`] keeps only the names, packed,
/// about 20 bytes an entry.
struct Walk {
    /// Folders being walked, outermost first.
    stack: Vec<Listing>,
    follow: bool,
    /// The root, until it is listed.
    root: Option<PathBuf>,
    /// A folder not to walk.
    skip: std::sync::Arc<Option<same_file::Handle>>,
}

/// One folder's entries, sorted by name.
struct Listing {
    dir: PathBuf,
    /// Every name, one after the other.
    names: Vec<u8>,
    /// Where each name lies in `names`, and what it is; sorted by name.
    entries: Vec<(u32, u32, Kind)>,
    next: usize,
    /// The folder itself, to find loops when links are followed.
    id: Option<same_file::Handle>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Dir,
    Link,
    Other,
}

impl Walk {
    fn new(root: PathBuf, follow: bool, skip: std::sync::Arc<Option<same_file::Handle>>) -> Walk {
        Walk {
            stack: Vec::new(),
            follow,
            root: Some(root),
            skip,
        }
    }

    /// Lists `dir` and pushes it (`true`), or not when it is the folder to
    /// skip (`false`; a root never is: the caller refuses that case before
    /// walking), or says why it cannot.
    fn descend(&mut self, dir: PathBuf, root: bool) -> std::result::Result<bool, (String, String)> {
        let fail = |dir: &Path, e: std::io::Error| (display_path(dir), e.to_string());
        let mut id = None;
        if self.follow || self.skip.is_some() {
            let h = same_file::Handle::from_path(&dir).map_err(|e| fail(&dir, e))?;
            if !root && self.skip.as_ref().as_ref() == Some(&h) {
                return Ok(false);
            }
            if let Some(up) = self.stack.iter().find(|l| l.id.as_ref() == Some(&h)) {
                let why = format!(
                    "file system loop: {} points to an ancestor {}",
                    display_path(&dir),
                    display_path(&up.dir)
                );
                return Err((display_path(&dir), why));
            }
            id = self.follow.then_some(h);
        }
        let mut names = Vec::new();
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(|e| fail(&dir, e))? {
            let entry = entry.map_err(|e| fail(&dir, e))?;
            let kind = match entry.file_type() {
                Ok(t) if t.is_dir() => Kind::Dir,
                Ok(t) if t.is_symlink() => Kind::Link,
                _ => Kind::Other,
            };
            let name = entry.file_name();
            let start = names.len();
            names.extend_from_slice(name.as_encoded_bytes());
            match (u32::try_from(start), u32::try_from(names.len())) {
                (Ok(a), Ok(b)) => entries.push((a, b, kind)),
                _ => {
                    let why = "folder listing too large (over 4 GB of names)".to_string();
                    return Err((display_path(&dir), why));
                }
            }
        }
        let name = |&(a, b, _): &(u32, u32, Kind)| &names[a as usize..b as usize];
        entries.sort_unstable_by(|x, y| name(x).cmp(name(y)));
        names.shrink_to_fit();
        entries.shrink_to_fit();
        self.stack.push(Listing {
            dir,
            names,
            entries,
            next: 0,
            id,
        });
        Ok(true)
    }
}

impl Iterator for Walk {
    type Item = std::result::Result<Input, (String, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(root) = self.root.take() {
            if let Err(e) = self.descend(root, true) {
                return Some(Err(e));
            }
        }
        loop {
            let top = self.stack.last_mut()?;
            let Some(&(a, b, kind)) = top.entries.get(top.next) else {
                self.stack.pop();
                continue;
            };
            top.next += 1;
            let path = top.dir.join(os_name(&top.names[a as usize..b as usize]));
            let dir = match kind {
                Kind::Dir => true,
                Kind::Link if self.follow => match std::fs::metadata(&path) {
                    Ok(m) => m.is_dir(),
                    Err(e) => return Some(Err((display_path(&path), e.to_string()))),
                },
                _ => false,
            };
            let mut skip = None;
            if dir {
                match self.descend(path.clone(), false) {
                    Ok(true) => continue,
                    Ok(false) => skip = Some("the output folder, not read"),
                    Err(e) => return Some(Err(e)),
                }
            }
            return Some(Ok(Input {
                display: display_path(&path),
                fs_path: path,
                explicit: false,
                skip,
            }));
        }
    }
}

/// A name taken from [`std::ffi::OsStr::as_encoded_bytes`], back as an `OsStr`.
fn os_name(bytes: &[u8]) -> &std::ffi::OsStr {
    #[cfg(unix)]
    {
        std::os::unix::ffi::OsStrExt::from_bytes(bytes)
    }
    #[cfg(not(unix))]
    {
        // SAFETY: `bytes` is one whole name from `as_encoded_bytes`.
        unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(bytes) }
    }
}

/// A path as records and the manifest name it: as written when it is UTF-8
/// without a backslash; else each byte that is not valid written as
/// `\x{HH}` and each backslash doubled, so that no two names read the same
/// (a name holding a literal `\x{FF}` is `\\x{FF}`). [`fs_path`] undoes it.
pub fn display_path(p: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = p.as_os_str().as_bytes();
        if let Ok(s) = std::str::from_utf8(bytes) {
            if !s.contains('\\') {
                return s.to_string();
            }
        }
        let mut out = String::new();
        for chunk in bytes.utf8_chunks() {
            out.push_str(&chunk.valid().replace('\\', "\\\\"));
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{{{b:02X}}}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned()
    }
}

/// The file a displayed path names (undoing [`display_path`]'s escapes).
pub fn fs_path(display: &str) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if display.contains('\\') {
            let b = display.as_bytes();
            let mut bytes = Vec::with_capacity(b.len());
            let mut k = 0;
            while k < b.len() {
                if b[k] == b'\\' {
                    if b.get(k + 1) == Some(&b'\\') {
                        bytes.push(b'\\');
                        k += 2;
                        continue;
                    }
                    let hex = display
                        .get(k + 3..k + 5)
                        .filter(|_| display[k..].starts_with("\\x{"))
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    if let (Some(v), Some(b'}')) = (hex, b.get(k + 5)) {
                        bytes.push(v);
                        k += 6;
                        continue;
                    }
                }
                bytes.push(b[k]);
                k += 1;
            }
            return PathBuf::from(std::ffi::OsStr::from_bytes(&bytes));
        }
    }
    PathBuf::from(display)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(root: &Path, follow: bool) -> Vec<String> {
        let roots = [root.to_path_buf()];
        walk(&roots, follow, None)
            .map(|r| match r {
                Ok(i) => i.display[root.as_os_str().len()..].to_string(),
                Err((p, why)) => format!("error {}: {}", &p[root.as_os_str().len()..], why),
            })
            .collect()
    }

    #[test]
    fn walk_is_depth_first_in_byte_order_of_names() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "b.txt",
            "a0.txt",
            "a/z.txt",
            "a/c/d.txt",
            "B.txt",
            "ạ.txt",
            "a/.h",
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::create_dir(d.path().join("empty")).unwrap();
        let want = [
            "/B.txt",
            "/a/.h",
            "/a/c/d.txt",
            "/a/z.txt",
            "/a0.txt",
            "/b.txt",
            "/ạ.txt",
        ];
        assert_eq!(walked(d.path(), false), want);
        assert_eq!(walked(d.path(), true), want);
    }

    #[cfg(unix)]
    #[test]
    fn followed_links_are_walked_and_loops_reported() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("in/sub")).unwrap();
        std::fs::create_dir_all(d.path().join("other")).unwrap();
        std::fs::write(d.path().join("in/sub/a.txt"), "x").unwrap();
        std::fs::write(d.path().join("other/o.txt"), "x").unwrap();
        std::os::unix::fs::symlink(d.path().join("in"), d.path().join("in/sub/up")).unwrap();
        std::os::unix::fs::symlink(d.path().join("other"), d.path().join("in/x")).unwrap();
        let root = d.path().join("in");
        assert_eq!(walked(&root, false), ["/sub/a.txt", "/sub/up", "/x"]);
        let followed = walked(&root, true);
        assert_eq!(followed.len(), 3, "{followed:?}");
        assert_eq!(followed[0], "/sub/a.txt");
        assert!(
            followed[1].starts_with("error /sub/up: file system loop"),
            "{followed:?}"
        );
        assert_eq!(followed[2], "/x/o.txt");
    }

    #[cfg(unix)]
    #[test]
    fn displayed_names_are_apart_and_read_back() {
        use std::os::unix::ffi::OsStrExt;
        let names: [&[u8]; 9] = [
            b"a.txt",
            "tỉnh.txt".as_bytes(),
            b"\\x{FF}.txt",
            b"\xFF.txt",
            b"\\x{41}",
            b"A",
            b"a\\b",
            b"a\\\\b",
            b"\\",
        ];
        let shown: Vec<String> = names
            .iter()
            .map(|n| display_path(Path::new(std::ffi::OsStr::from_bytes(n))))
            .collect();
        for (n, s) in names.iter().zip(&shown) {
            assert_eq!(fs_path(s).as_os_str().as_bytes(), *n, "{s}");
        }
        let mut apart = shown.clone();
        apart.sort();
        apart.dedup();
        assert_eq!(apart.len(), names.len(), "{shown:?}");
        assert_eq!(shown[1], "tỉnh.txt");
        assert_eq!(shown[2], "\\\\x{FF}.txt");
        assert_eq!(shown[3], "\\x{FF}.txt");
    }
}
