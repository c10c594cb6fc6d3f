//! The Vietnamese numeral: one numeral token's text → its value and how it
//! was written ([`NumStyle`]); scale words → their multiplier.
//!
//! `.` groups thousands and `,` is the decimal mark (`1.142.929`, `63,5`);
//! an English-style `10,109,157` (several comma groups of three) is read as
//! thousands, never as a decimal; a dotted `4.0` is a name, not a number.
//! Scale words (nghìn, triệu, tỷ: `lexicon.toml`) multiply.
//!
//! Takes raw numeral text and lower-case words; gives plain values. Used by
//! the grammar's rules ([`super`]) and by the table reader ([`crate::table`]).

use super::{is, num, punct};
use crate::rules::{GrammarWords, Lexicon};
use crate::token::{TokKind, Token};

/// How a numeral was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumStyle {
    /// Digits only: `61`, `2022`.
    Plain,
    /// Thousands grouped with dots, maybe with a decimal comma: `1.142.929`.
    Grouped,
    /// A decimal comma: `63,5`.
    Decimal,
    /// English thousands with commas: `10,109,157`.
    English,
    /// Dots that are not thousands groups: `4.0` (a name, not a figure).
    Dotted,
}

/// Parses a numeral token in Vietnamese style.
pub fn parse_num(raw: &str) -> Option<(f64, NumStyle)> {
    let dots = raw.matches('.').count();
    let commas = raw.matches(',').count();
    let groups_of_three = |s: &str, sep: char| s.split(sep).skip(1).all(|g| g.len() == 3);
    let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    match (dots, commas) {
        (0, 0) => Some((raw.parse().ok()?, NumStyle::Plain)),
        (0, 1) => Some((raw.replace(',', ".").parse().ok()?, NumStyle::Decimal)),
        (0, _) => {
            if groups_of_three(raw, ',') {
                Some((digits(raw).parse().ok()?, NumStyle::English))
            } else {
                None
            }
        }
        (_, 0) => {
            if groups_of_three(raw, '.')
                && raw
                    .split('.')
                    .next()
                    .is_some_and(|g| (1..=3).contains(&g.len()))
            {
                Some((digits(raw).parse().ok()?, NumStyle::Grouped))
            } else {
                Some((raw.parse().ok()?, NumStyle::Dotted))
            }
        }
        (_, 1) => {
            let (int, frac) = raw.split_once(',')?;
            if groups_of_three(int, '.') {
                let v: f64 = format!("{}.{}", digits(int), frac).parse().ok()?;
                Some((v, NumStyle::Grouped))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether a [`NumStyle::Decimal`] numeral may be English thousands: one to
/// three digits (not a lone 0), a comma, three digits (`1,250`). The caller
/// decides by what follows (a count or a đồng amount has no three decimals).
pub fn english_thousands(raw: &str) -> bool {
    let Some((int, frac)) = raw.split_once(',') else {
        return false;
    };
    (1..=3).contains(&int.len())
        && !int.starts_with('0')
        && frac.len() == 3
        && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
}

/// The multiplier of a scale word (or two: "nghìn tỷ").
pub fn scale(words: &[&str], lex: &GrammarWords) -> Option<(f64, usize)> {
    let one = |w: &str| lex.scale.get(w).copied();
    // "300 tr đồng": the short form, before a currency only.
    if words.first() == Some(&"tr")
        && words
            .get(1)
            .is_some_and(|w| *w == "đồng" || lex.vnd_words.contains(*w))
    {
        return Some((1e6, 1));
    }
    let first = one(words.first()?)?;
    // "tỷ lệ", "tỷ trọng", "tỷ giá" are words, not the scale.
    if first == 1e9
        && words
            .get(1)
            .is_some_and(|w| lex.not_billion_after.contains(*w))
    {
        return None;
    }
    if let Some(second) = words.get(1).and_then(|w| one(w)) {
        if second > first {
            return Some((first * second, 2));
        }
    }
    Some((first, 1))
}

/// Renders a value in Vietnamese style (dots for thousands, comma decimal).
pub fn render_vi(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    let n = int.len();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (n - k) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// `-8`, `- 8`, `–70` (or `đến 70` after `từ`) after a number: the upper bound
/// and the next index.
pub(super) fn range_end(s: &str, toks: &[Token], j: usize, lex: &Lexicon) -> Option<(f64, usize)> {
    // "từ 60 đến 70%", "từ khoảng 0,5 đến gần 0,6": a range in words (a
    // qualifier may stand before either end), when nothing glues on to its end.
    let qualifier = |k: usize| {
        toks.get(k)
            .is_some_and(|t| lex.qualifier(&t.lower).is_some())
    };
    let from = (j >= 2 && is(toks.get(j - 2), "từ"))
        || (j >= 3 && qualifier(j - 2) && is(toks.get(j - 3), "từ"));
    if from && (is(toks.get(j), "đến") || is(toks.get(j), "tới")) {
        let e = if qualifier(j + 1) { j + 2 } else { j + 1 };
        let (hi, style) = num(s, toks.get(e))?;
        let glued = toks.get(e + 1).is_some_and(|t| {
            !t.space_before && t.kind == TokKind::Punct && &s[t.start..t.end] != "%"
        });
        return (style != NumStyle::Dotted && !glued).then_some((hi, e + 1));
    }
    if !(punct(s, toks.get(j), "-") || punct(s, toks.get(j), "–")) {
        return None;
    }
    let (hi, style) = num(s, toks.get(j + 1))?;
    if style == NumStyle::Dotted {
        return None;
    }
    // A glued chain like 13-4-2022 is a date, not a range.
    if punct(s, toks.get(j + 2), "-") && toks.get(j + 3).is_some_and(|t| t.kind == TokKind::Num) {
        return None;
    }
    Some((hi, j + 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vietnamese_separators() {
        assert_eq!(parse_num("1.142.929"), Some((1142929.0, NumStyle::Grouped)));
        assert_eq!(parse_num("63,5"), Some((63.5, NumStyle::Decimal)));
        assert_eq!(parse_num("0,3982"), Some((0.3982, NumStyle::Decimal)));
        assert_eq!(parse_num("1.000"), Some((1000.0, NumStyle::Grouped)));
        assert_eq!(
            parse_num("1.234.567,89"),
            Some((1234567.89, NumStyle::Grouped))
        );
        assert_eq!(parse_num("03"), Some((3.0, NumStyle::Plain)));
    }

    #[test]
    fn english_counter_is_not_a_decimal() {
        assert_eq!(
            parse_num("10,109,157"),
            Some((10109157.0, NumStyle::English))
        );
        assert_eq!(parse_num("4.0").map(|x| x.1), Some(NumStyle::Dotted));
    }

    #[test]
    fn scale_words() {
        let lex = &crate::rules::Catalog::embedded().expect("patterns").lexicon;
        let scale = |w: &[&str]| scale(w, &lex.grammar);
        assert_eq!(scale(&["triệu"]), Some((1e6, 1)));
        assert_eq!(scale(&["nghìn", "tỷ"]), Some((1e12, 2)));
        assert_eq!(scale(&["tỷ", "đồng"]), Some((1e9, 1)));
        assert_eq!(scale(&["đồng"]), None);
        assert_eq!(scale(&["tỷ", "lệ"]), None);
        assert_eq!(scale(&["tỷ", "trọng"]), None);
    }

    proptest! {
        #[test]
        fn render_then_parse_gives_the_value(int in 0u64..10_000_000_000, frac in 0u32..100) {
            let v = int as f64 + frac as f64 / 100.0;
            let s = render_vi(v, 2);
            let (back, _) = parse_num(&s).unwrap();
            prop_assert!((back - v).abs() < 1e-6, "{} -> {} -> {}", v, s, back);
        }
    }
}
