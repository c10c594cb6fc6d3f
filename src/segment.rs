//! Segment: normalized text → sentence spans.
//!
//! A sentence ends at a block break (`\n`), at a bullet, or at `.`, `!`, `?`,
//! `…` followed by a space and a capital, digit, quote or bullet — unless the
//! dot closes an abbreviation (TP., TS., ThS., v.v., Tp.HCM …), sits inside a
//! number (1.142.929) or inside parentheses. Next stage: [`crate::grammar`].

use rustc_hash::FxHashSet as HashSet;

/// A sentence: a byte range of the normalized text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// The longest sentence kept whole; longer runs (tables flattened into one
/// line, scraped junk) are cut at a clause mark or space, so that the work per
/// sentence stays bounded and the whole pipeline stays linear in its input.
pub const MAX_SENTENCE: usize = 4096;

/// Splits normalized text into sentences; `abbreviations` are the words
/// that end with a dot without ending a sentence (`dot_abbreviations` in
/// `lexicon.toml`, compared lower-case).
pub fn sentences(s: &str, abbreviations: &HashSet<String>) -> Vec<Sentence> {
    let mut out = Vec::new();
    for sent in natural_sentences(s, abbreviations) {
        let mut a = sent.start;
        while sent.end - a > MAX_SENTENCE {
            let mut limit = a + MAX_SENTENCE;
            while !s.is_char_boundary(limit) {
                limit -= 1;
            }
            let window = &s[a..limit];
            let cut = window
                .rfind([';', ','])
                .map(|k| a + k + 1)
                .or_else(|| window.rfind(' ').map(|k| a + k + 1))
                .filter(|&c| c > a + MAX_SENTENCE / 2)
                .unwrap_or(limit);
            let (x, y) = trim(s, a, cut);
            if x < y {
                out.push(Sentence { start: x, end: y });
            }
            a = cut;
        }
        let (x, y) = trim(s, a, sent.end);
        if x < y {
            out.push(Sentence { start: x, end: y });
        }
    }
    out
}

fn natural_sentences(s: &str, abbreviations: &HashSet<String>) -> Vec<Sentence> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth: i32 = 0;
    let mut i = 0;
    let cut = |start: &mut usize, end: usize, next: usize, out: &mut Vec<Sentence>| {
        let (a, e) = trim(s, *start, end);
        if a < e {
            out.push(Sentence { start: a, end: e });
        }
        *start = next;
    };
    while i < b.len() {
        if i == start {
            // A scraper's "date 2024-05-01" opening a line is a sentence of
            // its own: metadata, not the title that follows it.
            let lead = s[i..].len() - s[i..].trim_start_matches([' ', '\t']).len();
            if let Some(n) = scraper_date(&s[i + lead..]) {
                cut(&mut start, i + lead + n, i + lead + n, &mut out);
                i += lead + n;
                continue;
            }
        }
        let c = b[i];
        match c {
            b'\n' => {
                cut(&mut start, i, i + 1, &mut out);
                depth = 0;
            }
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = (depth - 1).max(0),
            b'.' | b'!' | b'?' if depth == 0 => {
                // Include closing quotes and repeated marks.
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b'/') {
                    j += 1;
                }
                if j < b.len() && s[j..].starts_with('”') {
                    j += '”'.len_utf8();
                }
                if ends_here(s, i, j, abbreviations) {
                    cut(&mut start, j, j, &mut out);
                    i = j;
                    continue;
                }
            }
            _ if !s.is_char_boundary(i) => {}
            _ => {
                if s[i..].starts_with('…') && depth == 0 {
                    let j = i + '…'.len_utf8();
                    if ends_here(s, i, j, abbreviations) {
                        cut(&mut start, j, j, &mut out);
                        i = j;
                        continue;
                    }
                } else if s[i..].starts_with('•') && i > start {
                    cut(&mut start, i, i, &mut out);
                }
            }
        }
        i += 1;
    }
    cut(&mut start, b.len(), b.len(), &mut out);
    out
}

/// The length of a scraper's metadata prefix "date YYYY-MM" or "date
/// YYYY-MM-DD" (with the space after it), if `s` opens with one.
pub fn scraper_date(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("date ")?;
    let b = rest.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|k| b.get(k).is_some_and(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7)) {
        return None;
    }
    let mut n = 7;
    if b.get(7) == Some(&b'-') && digits(8..10) {
        n = 10;
    }
    match b.get(n) {
        None | Some(b' ' | b'\t' | b'\n') => Some("date ".len() + n),
        _ => None,
    }
}

fn trim(s: &str, a: usize, e: usize) -> (usize, usize) {
    let piece = &s[a..e];
    let lead = piece.len() - piece.trim_start().len();
    let tail = piece.len() - piece.trim_end().len();
    (a + lead, (e - tail).max(a + lead))
}

/// Whether the mark at `i` (with trailing marks up to `j`) ends a sentence.
fn ends_here(s: &str, i: usize, j: usize, abbreviations: &HashSet<String>) -> bool {
    let rest = &s[j..];
    let Some(after) = rest.strip_prefix(' ') else {
        return rest.is_empty();
    };
    let next = after.chars().next().unwrap_or(' ');
    if !(next.is_uppercase() || next.is_ascii_digit() || "\"“'(•-–[".contains(next)) {
        return false;
    }
    if s.as_bytes()[i] != b'.' {
        return true;
    }
    // The word before the dot.
    let before = &s[..i];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .map(|k| k + 1)
        .unwrap_or(0);
    let word = before[word_start..].to_lowercase();
    if abbreviations.contains(word.as_str()) {
        return false;
    }
    // A list marker opening a line: "II. KẾT QUẢ", "2. Tỷ lệ …", "1.2. Mục tiêu".
    let line_start = before[..word_start].trim_end_matches([' ', '\t']);
    let numbered = word.len() <= 8
        && word.starts_with(|c: char| c.is_ascii_digit())
        && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !word.contains("..");
    if (line_start.is_empty() || line_start.ends_with('\n'))
        && (word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit())
            || numbered
            || (1..=4).contains(&word.len())
                && word.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')))
    {
        return false;
    }
    // A single capital letter (initials: "M. Q.").
    let mut chars = before[word_start..].chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(s: &str) -> Vec<Sentence> {
        let lex = crate::rules::Catalog::embedded().expect("patterns").lexicon;
        super::sentences(s, &lex.grammar.dot_abbreviations)
    }

    fn split(s: &str) -> Vec<&str> {
        sentences(s).iter().map(|x| &s[x.start..x.end]).collect()
    }

    #[test]
    fn list_markers_opening_a_line_do_not_end_sentences() {
        assert_eq!(
            split("II. KẾT QUẢ NĂM 2023\n2. Tỷ lệ đạt 50%. Năm 2022 đạt 40%."),
            vec![
                "II. KẾT QUẢ NĂM 2023",
                "2. Tỷ lệ đạt 50%.",
                "Năm 2022 đạt 40%."
            ]
        );
        // Numbered headings of a plan: "1.2.", "2.1.3.".
        assert_eq!(
            split("1.2. Mục tiêu đến năm 2026\n2.1.3. Giải pháp"),
            vec!["1.2. Mục tiêu đến năm 2026", "2.1.3. Giải pháp"]
        );
        // Not at a line's start: the sentence ends.
        assert_eq!(
            split("Tỉnh xếp thứ 12. Năm tới"),
            vec!["Tỉnh xếp thứ 12.", "Năm tới"]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("TP. Hồ Chí Minh đạt 61%. Tỉnh đạt 50%."),
            vec!["TP. Hồ Chí Minh đạt 61%.", "Tỉnh đạt 50%."]
        );
        assert_eq!(
            split("Gặp TS. Nguyễn Văn A và ThS. B tại Tp.HCM hôm qua."),
            vec!["Gặp TS. Nguyễn Văn A và ThS. B tại Tp.HCM hôm qua."]
        );
        assert_eq!(
            split("các nền tảng, v.v. Năm nay tốt."),
            vec!["các nền tảng, v.v. Năm nay tốt."]
        );
    }

    #[test]
    fn numbers_and_parentheses_hold() {
        assert_eq!(
            split("Có 1.142.929 thẻ (đạt 91,3%. Tốt) và hết."),
            vec!["Có 1.142.929 thẻ (đạt 91,3%. Tốt) và hết."]
        );
        assert_eq!(
            split("Năm 2022. 61% dân số."),
            vec!["Năm 2022.", "61% dân số."]
        );
    }

    #[test]
    fn very_long_runs_are_cut() {
        let long = "số liệu 12%, ".repeat(2000);
        let v = sentences(&long);
        assert!(v.len() > 1);
        assert!(v.iter().all(|x| x.end - x.start <= MAX_SENTENCE));
        assert!(v
            .iter()
            .all(|x| long.is_char_boundary(x.start) && long.is_char_boundary(x.end)));
    }

    #[test]
    fn breaks_and_bullets() {
        assert_eq!(
            split("Tiêu đề\nNội dung một"),
            vec!["Tiêu đề", "Nội dung một"]
        );
        assert_eq!(
            split("như sau: • 80% dịch vụ; • 20% GDP"),
            vec!["như sau:", "• 80% dịch vụ;", "• 20% GDP"]
        );
    }
}
