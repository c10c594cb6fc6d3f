//! Exit codes. Takes what a command made of its run; gives `main` the
//! process's exit code: 0 all files read (or all checks passed), 1 some
//! files failed (or some checks did), 2 the command could not run.

/// The exit code of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Every file read, every check passed.
    Ok = 0,
    /// Some files failed, or some checks did.
    SomeFailed = 1,
    /// The command could not run (bad options, patterns or outputs).
    CannotRun = 2,
}

impl Exit {
    /// [`Exit::SomeFailed`] when `failed`, else [`Exit::Ok`].
    pub fn failed_if(failed: bool) -> Exit {
        if failed {
            Exit::SomeFailed
        } else {
            Exit::Ok
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}
