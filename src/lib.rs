//! solieu: finds the figures (số liệu) in Vietnamese articles about digital
//! transformation and cites each one by the exact bytes of the original file.
//!
//! The stages follow the data flow, one named type per hand-off:
//! [`ingest`] (`Document`) → [`normalize`] (`Text`) → [`segment`] (`Sentence`)
//! → [`grammar`] (`Hit`) → [`resolve`] (`Figure`) → [`cite`] (`Citation`)
//! → [`emit`] (`Record` lines and the manifest).
#![deny(missing_docs)]

pub mod cite;
pub mod emit;
pub mod error;
pub mod examples;
pub mod grammar;
pub mod incremental;
pub mod ingest;
pub mod normalize;
pub mod ordered;
pub mod pipeline;
pub mod record;
pub mod resolve;
pub mod rules;
pub mod segment;
pub mod table;
pub mod text;
pub mod token;

/// The version written into every manifest.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
