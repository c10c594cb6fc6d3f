//! Windows: where a large file is cut so that it can be read and extracted
//! a window at a time, memory bounded by the window, not the file.
//!
//! Takes the first bytes of a file (is it windowable?) or a buffer that
//! starts a line, gives where to cut it: at a blank line or line break, where
//! the encoding changes, or inside an over-long line. Hands on to the window
//! reader ([`crate::ingest::admit`]'s `Windows`), whose windows
//! `pipeline::extract_window` decodes into `Document`s.

use super::decode::{binary_magic, utf8_stats};
use super::looks_like_html;

/// Files larger than this are read and extracted window by window, so that
/// memory stays bounded whatever their size.
pub const WINDOWED_FROM: u64 = 8 << 20;

/// Files that cannot be cut into windows (UTF-16, HTML) and are larger than
/// this are skipped: read whole, they would need many times their size.
pub const WHOLE_MAX: u64 = 64 << 20;

/// The size a window aims at (it ends at a line break, so it may be longer).
pub const WINDOW: usize = 128 << 10;

/// Whether a large file may be cut into windows, judged on its first bytes:
/// byte-oriented text (UTF-8 or a one-byte Vietnamese encoding) that is not
/// HTML. UTF-16, HTML and binary files are read whole.
pub fn windowable(path: &str, head: &[u8]) -> bool {
    !head.contains(&0)
        && binary_magic(head).is_none()
        && !looks_like_html(path, &String::from_utf8_lossy(head))
}

/// A line longer than this is cut into windows of about this size (so time
/// stays linear and memory bounded by the window, not the line).
pub const LONG_LINE: usize = 4 * WINDOW;

/// Where to cut `buf`, a piece of one over-long line, into a window: after
/// the last space or tab of its second half; else before its last ASCII
/// byte, or the last byte that starts a UTF-8 character (a cut there is a
/// character boundary in UTF-8 and in the one-byte encodings alike).
pub fn line_cut(buf: &[u8]) -> usize {
    let half = buf.len() / 2;
    let tail = &buf[half..];
    if let Some(k) = tail.iter().rposition(|&b| b == b' ' || b == b'\t') {
        return half + k + 1;
    }
    if let Some(k) = tail.iter().rposition(|&b| b < 0x80) {
        return half + k;
    }
    match tail.iter().rposition(|&b| b & 0xC0 != 0x80) {
        Some(k) if half + k > 0 => half + k,
        _ => buf.len(),
    }
}

/// Where a window (`buf`, which starts a line) changes encoding, when it
/// does: a line start (after LF, CRLF or a lone CR) between a part that is UTF-8 (multi-byte characters,
/// no invalid byte) and a part that reads as a one-byte encoding (more
/// invalid bytes than UTF-8 characters), in either order. The window is cut
/// there, so each part is decoded, and cited, in its own encoding. A few
/// stray invalid bytes in UTF-8 text (`utf-8-lossy`) do not cut it.
pub fn encoding_cut(buf: &[u8]) -> Option<usize> {
    let first_bad = match std::str::from_utf8(buf) {
        Ok(_) => return None,
        Err(e) => e.valid_up_to(),
    };
    // Some text in a one-byte encoding, not a few stray bytes.
    let legacy = |b: &[u8]| {
        let (good, bad) = utf8_stats(b);
        bad >= 16 && bad > good
    };
    let utf8 = |b: &[u8]| std::str::from_utf8(b).is_ok_and(|s| !s.is_ascii());
    // UTF-8, then the one-byte encoding from the line of the first bad byte.
    // Line breaks: LF, CRLF or a lone CR.
    let p = memchr::memrchr2(b'\n', b'\r', &buf[..first_bad]).map_or(0, |k| k + 1);
    if p > 0 && utf8(&buf[..p]) && legacy(&buf[p..]) {
        return Some(p);
    }
    // The one-byte encoding, then UTF-8 from the line after the last bad byte.
    let mut last_bad = 0;
    let mut at = 0;
    for chunk in buf.utf8_chunks() {
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            last_bad = at;
        }
        at += chunk.invalid().len();
    }
    let q = memchr::memchr2(b'\n', b'\r', &buf[last_bad..]).map(|k| {
        let k = last_bad + k;
        k + if buf[k] == b'\r' && buf.get(k + 1) == Some(&b'\n') {
            2
        } else {
            1
        }
    })?;
    (q < buf.len() && legacy(&buf[..q]) && utf8(&buf[q..])).then_some(q)
}

/// Where a window of `buf` (which starts a line) ends: after the last blank
/// line when one stands in its second half, else after the last line break;
/// `None` when `buf` has no line break yet (read more). A CR at the very end
/// is not a break: an LF may follow it.
pub fn window_cut(buf: &[u8]) -> Option<usize> {
    let (mut last, mut blank) = (None, None);
    let mut only_space = true;
    let mut k = 0;
    while k < buf.len() {
        let end = match buf[k] {
            b'\n' => Some(k + 1),
            b'\r' if k + 1 < buf.len() => {
                if buf[k + 1] == b'\n' {
                    k += 1;
                }
                Some(k + 1)
            }
            _ => None,
        };
        match end {
            Some(e) => {
                if only_space {
                    blank = Some(e);
                }
                last = Some(e);
                only_space = true;
            }
            None => {
                if !matches!(buf[k], b' ' | b'\t' | b'\r') {
                    only_space = false;
                }
            }
        }
        k += 1;
    }
    blank.filter(|&b| b >= buf.len() / 2).or(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_end_after_a_blank_line_or_a_line_break() {
        // A blank line in the second half wins over later single breaks.
        let b = b"first line\nsecond line\n\nthird\nfourth";
        assert_eq!(window_cut(b), Some(24));
        assert_eq!(&b[24..], b"third\nfourth");
        // A blank line too early: the last break instead.
        let b = b"\n\nalpha beta gamma delta\nepsilon zeta";
        assert_eq!(window_cut(b).map(|c| &b[c..]), Some(&b"epsilon zeta"[..]));
        // CRLF and CR-only breaks; a CR at the very end may be half a CRLF.
        assert_eq!(window_cut(b"one\r\n\r\ntwo three four"), Some(7));
        assert_eq!(window_cut(b"one\rtwo"), Some(4));
        assert_eq!(window_cut(b"one two\r"), None);
        assert_eq!(window_cut(b"no break at all"), None);
        // A line of spaces is blank.
        assert_eq!(window_cut(b"aaaa\n  \t\nbb"), Some(9));
    }

    #[test]
    fn windows_are_cut_where_the_encoding_changes() {
        let utf8 = "Tỷ lệ đạt 61%.\nNăm 2023 đạt 70%.\n".repeat(3);
        let w1258 = b"Ty\xD2 l\xEA\xF2 \xF0a\xF2t 61%.\n".repeat(4);
        let mut a = utf8.as_bytes().to_vec();
        a.extend_from_slice(&w1258);
        assert_eq!(encoding_cut(&a), Some(utf8.len()));
        let mut b = w1258.clone();
        b.extend_from_slice(utf8.as_bytes());
        assert_eq!(encoding_cut(&b), Some(w1258.len()));
        // Stray bad bytes in UTF-8 text, even on an ASCII line: no cut (the
        // window is read as utf-8-lossy).
        let mut c = utf8.as_bytes().to_vec();
        c.insert(utf8.len() / 2, 0xFF);
        assert_eq!(encoding_cut(&c), None);
        let mut d = utf8.as_bytes().to_vec();
        d.extend_from_slice(b"Ascii line \xFF\xFE with two stray bytes.\n");
        d.extend_from_slice(utf8.as_bytes());
        assert_eq!(encoding_cut(&d), None);
        assert_eq!(encoding_cut(utf8.as_bytes()), None);
        assert_eq!(encoding_cut(&w1258), None);
        // CR-only and CRLF line ends.
        let cr = |b: &[u8], to: &[u8]| {
            let mut v = Vec::new();
            for &c in b {
                if c == b'\n' {
                    v.extend_from_slice(to);
                } else {
                    v.push(c);
                }
            }
            v
        };
        for end in [&b"\r"[..], b"\r\n"] {
            let (u, w) = (cr(utf8.as_bytes(), end), cr(&w1258, end));
            let mut a = u.clone();
            a.extend_from_slice(&w);
            assert_eq!(encoding_cut(&a), Some(u.len()));
            let mut b = w.clone();
            b.extend_from_slice(&u);
            assert_eq!(encoding_cut(&b), Some(w.len()));
        }
    }

    #[test]
    fn long_lines_are_cut_at_a_space_or_a_character_boundary() {
        let line = "đạt 51,4% và ".repeat(100);
        let b = line.as_bytes();
        let k = line_cut(b);
        assert!(k > b.len() / 2 && b[k - 1] == b' ', "{k}");
        let no_space = "đạtđạtđạt1".repeat(50);
        let k = line_cut(no_space.as_bytes());
        assert!(no_space.is_char_boundary(k) && k > no_space.len() / 2);
        let only_letters = "đạt".repeat(100);
        let k = line_cut(only_letters.as_bytes());
        assert!(only_letters.is_char_boundary(k) && k > 0 && k < only_letters.len());
    }

    #[test]
    fn only_one_byte_text_is_windowed() {
        assert!(windowable("a.txt", "Tỷ lệ đạt 73%.\n".as_bytes()));
        assert!(windowable("a.txt", b"T\xf7 l\xec")); // Windows-1258 bytes
        assert!(!windowable("a.txt", b"\xff\xfeT\0"));
        assert!(!windowable("a.txt", b"T\0y\0"));
        assert!(!windowable("a.html", b"<p>text</p>"));
        assert!(!windowable("a.txt", b"<!DOCTYPE html><p>"));
        assert!(!windowable("a.txt", b"%PDF-1.7 ..."));
    }
}
