//! One test binary (ripgrep style): every integration test module hangs off here.

#[macro_use]
mod util;

mod attacks;
mod attribution;
mod cli;
mod data;
mod examples;
mod golden;
mod hostile;
mod lexicon;
mod pipes;
mod props;
mod review;
mod schema;
mod tables;
