//! One file per subcommand (stream mode, `extract --input-jsonl`, has its
//! own). Each takes its parsed options from `cli` (and the catalog) and
//! gives `main` an exit code; the work itself is the library's.

/// `println!` that returns a write error (a pipe closed early, `… | head`)
/// instead of panicking: `main` ends such a run quietly with exit code 0.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

pub mod extract;
pub mod patterns;
pub mod review;
pub mod stream;
pub mod verify;

/// Worker threads: `--threads`, else one per core.
pub fn thread_count(asked: Option<usize>) -> usize {
    match asked {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}
