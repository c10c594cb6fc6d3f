//! Test helpers: a temporary folder (`Dir`), a way to run the binary, what
//! its outputs say (`entry`, `cited`, `json_lines`) and the visible skip of a
//! test whose outside tool is missing (`tool_present`).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Compares two strings and shows both in full when they differ.
macro_rules! eqnice {
    ($expected:expr, $got:expr) => {{
        let expected = &*$expected;
        let got = &*$got;
        if expected != got {
            panic!(
                "\n\n=== expected ===\n{}\n=== got ===\n{}\n===\n",
                expected, got
            );
        }
    }};
}

/// A temporary folder that is removed when dropped.
pub struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Writes bytes to a file (creating parent folders).
    pub fn create_bytes(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn create(&self, name: &str, text: &str) -> PathBuf {
        self.create_bytes(name, text.as_bytes())
    }

    /// A command running the solieu binary in this folder.
    pub fn command(&self) -> TestCommand {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_solieu"));
        cmd.current_dir(self.path());
        TestCommand { cmd, stdin: None }
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path().join(name)).unwrap()
    }

    /// The records of `DIR/records.jsonl` as JSON values.
    pub fn records(&self, out: &str) -> Vec<serde_json::Value> {
        self.read(&format!("{out}/records.jsonl"))
            .lines()
            .map(|l| serde_json::from_str(l).expect("record line is JSON"))
            .collect()
    }

    pub fn manifest(&self, out: &str) -> serde_json::Value {
        serde_json::from_str(&self.read(&format!("{out}/manifest.json"))).unwrap()
    }
}

/// Two figures of one province (invented text), the tests' usual article.
pub const ARTICLE: &str = "Tỉnh Gia Lai: năm 2022, tỷ lệ dân số có điện thoại thông minh đạt 61%; tỷ lệ hồ sơ trực tuyến đạt 51,4%.\n";

/// Runs extract over `in/` into `out/` with `extra` options; returns the exit
/// code and standard error, which must hold no panic.
pub fn extract(dir: &Dir, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["extract", "in", "-o", "out"];
    args.extend_from_slice(extra);
    let out = dir.command().args(&args).output();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().expect("exited, not killed"), err)
}

/// The manifest entry of the file whose path ends with `name`.
pub fn entry<'a>(m: &'a Value, name: &str) -> &'a Value {
    m["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no manifest entry for {name}: {m}"))
}

/// What a record cites: id, kind, value, offsets, quote, line:column.
pub fn cited(r: &Value) -> String {
    let c = &r["citation"];
    format!(
        "{} {} {} {} {} {} {}:{}",
        r["id"], r["kind"], r["value"], c["start"], c["end"], c["quote"], c["line"], c["column"]
    )
}

/// JSON Lines (stream mode's standard output) as JSON values.
pub fn json_lines(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .expect("JSON Lines are UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

/// Whether an outside tool a test needs is here. When it is not, the test
/// is skipped visibly — a line written straight to standard error, which the
/// test harness does not capture — and `SOLIEU_REQUIRE_TOOLS=1` (set by
/// `.ci/run`, which installs the tools) makes the skip a failure.
pub fn tool_present(test: &str, tool: &str, present: bool) -> bool {
    if present {
        return true;
    }
    let why = format!("{test}: SKIPPED, needs {tool} (.ci/run installs it)");
    assert!(std::env::var_os("SOLIEU_REQUIRE_TOOLS").is_none(), "{why}");
    visible_skip(&why);
    false
}

/// Writes a skip notice to the process's real standard error (`eprintln!`
/// would be captured, and shown only for a failing test).
pub fn visible_skip(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{why}");
}

pub struct TestCommand {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

impl TestCommand {
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(
        &mut self,
        args: I,
    ) -> &mut Self {
        self.cmd.args(args);
        self
    }

    /// Runs the binary as another user (`CommandExt::uid`/`gid`; root drops
    /// its supplementary groups too).
    #[cfg(unix)]
    pub fn user(&mut self, uid: u32, gid: u32) -> &mut Self {
        use std::os::unix::process::CommandExt;
        self.cmd.uid(uid).gid(gid);
        self
    }

    pub fn stdin(&mut self, bytes: &[u8]) -> &mut Self {
        self.stdin = Some(bytes.to_vec());
        self
    }

    pub fn output(&mut self) -> Output {
        use std::io::Write;
        self.cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        self.cmd.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let mut child = self.cmd.spawn().expect("spawn solieu");
        if let Some(bytes) = self.stdin.take() {
            child.stdin.take().unwrap().write_all(&bytes).unwrap();
        }
        child.wait_with_output().unwrap()
    }

    /// Runs and returns the exit code, printing stderr when it is unexpected.
    pub fn code(&mut self) -> i32 {
        let out = self.output();
        out.status.code().unwrap_or(-1)
    }
}

/// Encodes Vietnamese text as Windows-1258: precomposed letters whose tone
/// has no code point are written as base letter + combining tone mark.
pub fn windows_1258(text: &str) -> Vec<u8> {
    use unicode_normalization::char::{compose, decompose_canonical};
    const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
    let mut s = String::new();
    for c in text.chars() {
        let mut parts = Vec::new();
        decompose_canonical(c, |d| parts.push(d));
        let mut base = parts[0];
        let mut tone = None;
        for m in &parts[1..] {
            if TONES.contains(m) {
                tone = Some(*m);
            } else {
                base = compose(base, *m).unwrap_or(base);
            }
        }
        s.push(base);
        s.extend(tone);
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&s);
    assert!(!unmappable, "not encodable: {text}");
    bytes.into_owned()
}
