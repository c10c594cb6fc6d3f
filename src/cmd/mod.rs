//! One file per subcommand.

pub mod extract;
pub mod patterns;
pub mod review;
pub mod verify;
