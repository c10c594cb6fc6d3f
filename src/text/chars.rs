//! Character helpers every stage uses: letters and alphanumerics with a
//! fast path for the Latin letters Vietnamese is written in, lower case that
//! keeps byte offsets, and the NFC checks.
//!
//! Takes a `char` or a `&str`, gives an answer or a same-length copy. Hands
//! on to no one: [`crate::normalize`], the tokenizer, the grammar, the rules,
//! the resolver, [`crate::cite`] and the review page call it.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized};

/// Lower-cases one character when its lower case is one character of the
/// same UTF-8 length (so byte offsets hold); otherwise returns it as is.
/// Vietnamese letters take a table-free path: the generic lookup was a
/// visible share of the run time.
pub fn lower_char(c: char) -> char {
    let n = c as u32;
    let fast = match n {
        0..=0x7F => Some(c.to_ascii_lowercase() as u32),
        // À..Þ (not ×): Latin-1 capitals sit 0x20 below their small letters.
        0xC0..=0xDE if n != 0xD7 => Some(n + 0x20),
        0xDF..=0xFF => Some(n),
        // Ă, Đ, Ĩ, Ũ and their neighbours: capital even, small odd.
        0x100..=0x12F | 0x150..=0x177 => Some(n | 1),
        0x1A0 | 0x1A1 => Some(0x1A1),
        0x1AF | 0x1B0 => Some(0x1B0),
        // Ạ..ỿ (Latin Extended Additional, Vietnamese): capital even, small odd.
        0x1EA0..=0x1EFF => Some(n | 1),
        _ => None,
    };
    if let Some(l) = fast.and_then(char::from_u32) {
        return l;
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
        _ => c,
    }
}

/// `char::is_alphabetic`, with the Latin letters Vietnamese is written in
/// answered without the Unicode table (tested against it).
pub fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x1E00..=0x1EFF => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric`, with the same fast path as [`is_letter`].
pub fn is_alnum(c: char) -> bool {
    is_letter(c) || c.is_numeric()
}

/// A starter that stays as it is under NFC: everything below U+0300 and
/// the precomposed Vietnamese letters answer without the tables (tested).
pub(crate) fn nfc_starter(c: char) -> bool {
    stable_latin(c) || is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Below U+0300 or a precomposed Vietnamese letter: a starter NFC keeps.
fn stable_latin(c: char) -> bool {
    let n = c as u32;
    n < 0x300 || (0x1E00..=0x1EFF).contains(&n)
}

/// Whether `s` is certainly NFC (`is_nfc_quick` answering Yes), with the
/// Latin fast path of [`nfc_starter`].
pub fn is_nfc(s: &str) -> bool {
    let n = s
        .chars()
        .take_while(|&c| stable_latin(c))
        .map(char::len_utf8)
        .sum::<usize>();
    n == s.len() || is_nfc_quick(s[n..].chars()) == IsNormalized::Yes
}

/// Lower-cases without changing byte offsets (see [`lower_char`]).
pub fn lower_same_len(s: &str) -> String {
    let mut out = s.as_bytes().to_vec();
    out.make_ascii_lowercase();
    if !s.is_ascii() {
        let mut buf = [0u8; 4];
        for (i, c) in s.char_indices().filter(|(_, c)| !c.is_ascii()) {
            let l = lower_char(c);
            if l != c {
                out[i..i + c.len_utf8()].copy_from_slice(l.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    // Each char was replaced by one of the same UTF-8 length.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Canonical combining class; every char below U+0300 is a starter.
pub(crate) fn ccc(c: char) -> u8 {
    if (c as u32) < 0x300 {
        0
    } else {
        canonical_combining_class(c)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lower_char_fast_path_agrees_with_the_unicode_tables() {
        let generic = |c: char| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
                _ => c,
            }
        };
        for c in (0..0x3000u32)
            .chain(0x1E00..0x1F00)
            .filter_map(char::from_u32)
        {
            assert_eq!(super::lower_char(c), generic(c), "U+{:04X}", c as u32);
            assert_eq!(super::is_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
            assert_eq!(
                super::is_alnum(c),
                c.is_alphanumeric(),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(
            super::lower_same_len("ĐỒNG THÁP Ước Tính İ"),
            "đồng tháp ước tính İ"
        );
    }
}
