//! Text helpers below every stage: the character classes and same-length
//! lower case ([`chars`]) and substring search in short texts ([`find`]).
//!
//! Takes `char`s and `&str`s, gives answers about them; imports no other
//! module of the crate. Every stage from [`crate::normalize`] to
//! [`crate::cite`] and the review page uses it.

pub mod chars;
pub mod find;

pub use chars::{is_alnum, is_letter, is_nfc, lower_char, lower_same_len};
