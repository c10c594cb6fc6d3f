//! Normalize: decoded text → [`Text`] for matching, never for citing.
//!
//! NFC; one canonical tone-mark placement (the "old" style: hòa, thủy, khỏe)
//! so that hoà/hòa and uỷ/ủy match alike; `Ð` read as `Đ`; NBSP, zero-width
//! characters and soft hyphens dropped; white space collapsed; a line break
//! inside a sentence (hard-wrapped text) read as a space; HTML markup, scripts,
//! styles and comments skipped and entities decoded. Every normalized byte
//! keeps the original byte range it came from, so a span of normalized text
//! maps back to the exact original bytes. Next stage: [`crate::segment`].
//!
//! Takes a decoded document ([`Decoded`]), gives [`Text`]. The HTML reader
//! lives in `html`, NFC and the tone placement in `tones`; the character
//! helpers they share are in [`crate::text`].

mod html;
mod tones;

use crate::ingest::Decoded;
use crate::text::is_letter;
use html::html_units;
use tones::{canonical_tones, compose_nfc};

/// Normalized text with a map back to the original file bytes.
#[derive(Clone, Debug, Default)]
pub struct Text {
    /// The normalized text: single spaces, `\n` between blocks.
    pub s: String,
    /// For each byte of `s`: the original start offset of the char it came from.
    start: Vec<u32>,
    /// For each byte of `s`: the original end offset of the char it came from.
    end: Vec<u32>,
}

impl Text {
    /// Original byte range of the normalized span `a..b` (`a < b`).
    pub fn orig_span(&self, a: usize, b: usize) -> (usize, usize) {
        (self.start[a] as usize, self.end[b - 1] as usize)
    }

    /// The first normalized byte whose original start is at or after `orig`.
    pub fn norm_at(&self, orig: usize) -> usize {
        self.start.partition_point(|&x| (x as usize) < orig)
    }

    /// The normalized span that stands for exactly the original bytes
    /// `a..b`, if there is one (the inverse of [`Text::orig_span`]).
    pub fn norm_span(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let i = self.norm_at(a);
        let j = self.end.partition_point(|&x| (x as usize) <= b);
        let ok = i < j
            && self.start.get(i).is_some_and(|&x| x as usize == a)
            && self.end[j - 1] as usize == b
            && self.s.is_char_boundary(i)
            && self.s.is_char_boundary(j);
        ok.then_some((i, j))
    }
}

/// A character with the range of decoded bytes it stands for.
#[derive(Clone, Copy, Debug)]
struct Unit {
    c: char,
    s: u32,
    e: u32,
}

/// Normalizes decoded text; `html` strips markup first.
pub fn normalize(d: &Decoded, html: bool) -> Text {
    let units = if html {
        html_units(&d.text)
    } else {
        plain_units(&d.text)
    };
    let units = compose_nfc(units);
    let units = canonical_tones(units);
    let mut t = layout(units);
    // Decoded offsets → original offsets.
    match &d.map {
        crate::ingest::SourceMap::Shift(0) => {}
        crate::ingest::SourceMap::Shift(k) => {
            for v in t.start.iter_mut().chain(t.end.iter_mut()) {
                *v += *k as u32;
            }
        }
        crate::ingest::SourceMap::Table(table) => {
            for v in t.start.iter_mut().chain(t.end.iter_mut()) {
                *v = table[*v as usize];
            }
        }
    }
    t
}

/// Normalizes a string that is its own original (tests, examples, stdin).
pub fn normalize_str(s: &str) -> Text {
    let d = Decoded {
        text: s.to_string(),
        map: crate::ingest::SourceMap::Shift(0),
        encoding: crate::ingest::Encoding::Utf8,
        note: None,
    };
    normalize(&d, false)
}

fn fix_char(c: char) -> Option<char> {
    match c {
        '\u{00D0}' => Some('Đ'),
        '\u{00F0}' => Some('đ'),
        '\u{00A0}'
        | '\u{2007}'
        | '\u{202F}'
        | '\t'
        | '\u{000B}'
        | '\u{000C}'
        | '\u{2002}'..='\u{2006}'
        | '\u{2008}'..='\u{200A}'
        | '\u{3000}' => Some(' '),
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Some('\n'),
        c if c.is_control() && c != '\n' && c != '\r' => Some(' '),
        c => Some(c),
    }
}

fn plain_units(text: &str) -> Vec<Unit> {
    let mut out = Vec::with_capacity(text.len());
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let e = (i + c.len_utf8()) as u32;
        if (' '..='~').contains(&c) {
            // Printable ASCII is kept as it is (fix_char's common case).
            out.push(Unit { c, s: i as u32, e });
            continue;
        }
        if c == '\r' {
            // CRLF is one break; a lone CR is a break too.
            if let Some(&(_, '\n')) = it.peek() {
                continue;
            }
            out.push(Unit {
                c: '\n',
                s: i as u32,
                e,
            });
            continue;
        }
        if let Some(c) = fix_char(c) {
            out.push(Unit { c, s: i as u32, e });
        }
    }
    out
}

/// Collapses white space, joins hard-wrapped lines, and writes the text.
fn layout(units: Vec<Unit>) -> Text {
    // Lines, as unit ranges, trimmed of spaces.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (k, u) in units.iter().enumerate() {
        if u.c == '\n' {
            lines.push((start, k));
            start = k + 1;
        }
    }
    lines.push((start, units.len()));
    let trimmed: Vec<(usize, usize)> = lines
        .iter()
        .map(|&(a, b)| {
            let mut a = a;
            let mut b = b;
            while a < b && units[a].c.is_whitespace() {
                a += 1;
            }
            while b > a && units[b - 1].c.is_whitespace() {
                b -= 1;
            }
            (a, b)
        })
        .collect();
    let lens: Vec<usize> = trimmed.iter().map(|&(a, b)| b - a).collect();
    let wrap_width = hard_wrap_width(&lens);

    let mut t = Text {
        s: String::with_capacity(units.len() + 16),
        start: Vec::with_capacity(units.len() + 16),
        end: Vec::with_capacity(units.len() + 16),
    };
    let mut pending_break: Option<(char, Unit)> = None;
    let mut prev_line: Option<usize> = None;
    for (li, &(a, b)) in trimmed.iter().enumerate() {
        if a == b {
            // A blank line: a hard break.
            if let Some(p) = prev_line {
                let u = units[trimmed[p].1.min(units.len().saturating_sub(1))];
                pending_break = Some(('\n', u));
            }
            continue;
        }
        if let Some(p) = prev_line {
            let brk = match pending_break {
                Some((c, u)) => (c, u),
                None => {
                    let sep = units[lines[p].1];
                    let join = joins(&units, trimmed[p], (a, b), lens[p], wrap_width);
                    (if join { ' ' } else { '\n' }, sep)
                }
            };
            push(&mut t, brk.0, brk.1);
            // A break is written as a blank line, so that normalizing the
            // output again keeps every break where it is (idempotence).
            if brk.0 == '\n' {
                push(&mut t, '\n', brk.1);
            }
        }
        pending_break = None;
        let mut in_space = false;
        for u in &units[a..b] {
            if u.c.is_whitespace() {
                if !in_space {
                    push(&mut t, ' ', *u);
                }
                in_space = true;
            } else {
                push(&mut t, u.c, *u);
                in_space = false;
            }
        }
        prev_line = Some(li);
    }
    t
}

fn push(t: &mut Text, c: char, u: Unit) {
    t.s.push(c);
    let n = c.len_utf8();
    t.start.extend(std::iter::repeat_n(u.s, n));
    t.end.extend(std::iter::repeat_n(u.e, n));
}

/// The line width of a hard-wrapped text, or `None` when lines are not wrapped.
fn hard_wrap_width(lens: &[usize]) -> Option<usize> {
    let nonblank: Vec<usize> = lens.iter().copied().filter(|&l| l > 0).collect();
    if nonblank.len() < 4 {
        return None;
    }
    let max = *nonblank.iter().max()?;
    if !(40..=120).contains(&max) {
        return None;
    }
    let long = nonblank.iter().filter(|&&l| l * 10 >= max * 7).count();
    (long * 2 >= nonblank.len()).then_some(max)
}

/// Whether the break between two lines is a wrap inside a sentence.
fn joins(
    units: &[Unit],
    prev: (usize, usize),
    next: (usize, usize),
    prev_len: usize,
    wrap: Option<usize>,
) -> bool {
    let last = units[prev.1 - 1].c;
    let first = units[next.0].c;
    let second = units.get(next.0 + 1).map(|u| u.c).unwrap_or(' ');
    let bullet = matches!(first, '-' | '•' | '+' | '*' | '–' | '|')
        || (first.is_ascii_digit() && (second == '.' || second == ')'))
        // "a) …", "b) …": a lettered list item.
        || (first.is_ascii_lowercase() && second == ')');
    if bullet || last == '|' {
        return false;
    }
    let ends_sentence = matches!(last, '.' | '!' | '?' | ':' | ';' | '…');
    match wrap {
        Some(w) => !(ends_sentence && prev_len * 10 < w * 8) && prev_len * 10 >= w * 6,
        None => {
            // A digit after a break continues the sentence only after a word that
            // asks for a number ("ký ngày\n21/3/2022"), not after a title.
            let last_word: String = units[prev.0..prev.1]
                .iter()
                .rev()
                .take_while(|u| is_letter(u.c))
                .map(|u| u.c)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let asks = matches!(
                last_word.to_lowercase().as_str(),
                "ngày"
                    | "tháng"
                    | "năm"
                    | "đạt"
                    | "là"
                    | "có"
                    | "với"
                    | "và"
                    | "của"
                    | "gần"
                    | "hơn"
                    | "trên"
                    | "khoảng"
                    | "được"
                    | "thứ"
                    | "hạng"
                    | "top"
                    | "nhóm"
                    | "dưới"
                    | "cho"
            );
            !ends_sentence && (first.is_lowercase() || (first.is_ascii_digit() && asks))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn n(s: &str) -> String {
        normalize_str(s).s
    }

    #[test]
    fn nfd_becomes_nfc_and_maps_back() {
        let src: String = "Tỷ lệ đạt 61%".nfd().collect();
        let t = normalize_str(&src);
        assert_eq!(t.s, "Tỷ lệ đạt 61%");
        let i = t.s.find("61%").unwrap();
        let (a, b) = t.orig_span(i, i + 3);
        assert_eq!(&src[a..b], "61%");
        let j = t.s.find("đạt").unwrap();
        let (a, b) = t.orig_span(j, j + "đạt".len());
        assert_eq!(src[a..b].nfc().collect::<String>(), "đạt");
    }

    #[test]
    fn invisible_chars_and_spaces() {
        assert_eq!(n("61\u{00A0}%"), "61 %");
        assert_eq!(n("chuyển\u{00AD}đổi\u{200B} số   mới"), "chuyểnđổi số mới");
        assert_eq!(n("\u{00D0}à Nẵng"), "Đà Nẵng");
    }

    #[test]
    fn wrapped_line_inside_sentence_is_a_space() {
        assert_eq!(n("ký ngày\n21/3/2022 tại"), "ký ngày 21/3/2022 tại");
        assert_eq!(n("Tiêu đề\nĐoạn một."), "Tiêu đề\n\nĐoạn một.");
        assert_eq!(n("Một.\n\nHai."), "Một.\n\nHai.");
        assert_eq!(n("a\r\nb"), "a b");
    }

    #[test]
    fn hard_wrapped_text_joins_names() {
        let s = "Theo báo cáo của Sở Thông tin và Truyền thông tỉnh Bắc\nGiang, tỷ lệ hồ sơ trực tuyến của tỉnh trong năm 2022 đã\nđạt 61% và tỷ lệ người dân có điện thoại thông minh đạt\n85% theo kế hoạch chuyển đổi số của tỉnh đã được phê\nduyệt trong năm.";
        let t = n(s);
        assert!(t.contains("Bắc Giang"), "{t}");
        assert!(!t.contains('\n'), "{t}");
    }
}
