//! One file per subcommand.

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
pub mod verify;
