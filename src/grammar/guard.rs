//! What is not a figure: the guards the grammar runs before (and between) its
//! readings of a number.
//!
//! Takes a sentence's text and tokens (and the [`Lexicon`]); gives yes/no
//! answers and, for the guards that run first in [`super::figure_at`], the
//! [`Step`] past what they refuse: numbers glued to letters (4G, COVID-19),
//! phone numbers and kilometre posts, identifiers (749/QĐ-TTg), times of
//! day, dotted names (4.0), page furniture and datelines, recurring days,
//! names and addresses (Đề án 06, số 20 phố …). The readings that follow are
//! [`super::date`], [`super::rank`] and [`super::quantity`].

use std::ops::ControlFlow;

use super::number::{scale, NumStyle};
use super::{is, next_is_percent, punct, Hit, Step};
use crate::rules::Lexicon;
use crate::token::{opens_with, TokKind, Token};

/// Page furniture that gives neither figures nor years: a scraper's "date
/// 2024-05-01" line, a short site banner ("Chào mừng …", "Mừng Xuân 2026").
pub fn is_furniture_line(s: &str, toks: &[Token], lex: &Lexicon) -> bool {
    let Some(first) = toks.first() else {
        return false;
    };
    if first.lower == "date" {
        let line = &s[first.start..toks[toks.len() - 1].end];
        if crate::segment::scraper_date(&format!("{line} ")) == Some(line.len()) {
            return true;
        }
    }
    let words = toks.iter().filter(|t| t.kind == TokKind::Word).count();
    words <= 12 && lex.banners.iter().any(|b| opens_with(toks, b))
}

/// The label line of a news site's economic ticker ("Chỉ số kinh tế:", "Giá
/// vàng hôm nay:", "Tỷ giá ngày 15/12:"): at most six words, opening with one
/// of the `tickers` and ending with a colon. It and the line after it, the
/// ticker's figures, are page furniture (`pipeline` leaves them out).
pub fn is_ticker_label(s: &str, toks: &[Token], lex: &Lexicon) -> bool {
    toks.last().is_some_and(|t| punct(s, Some(t), ":"))
        && toks.iter().filter(|t| t.kind == TokKind::Word).count() <= 6
        && lex.tickers.iter().any(|b| opens_with(toks, b))
}

/// A line that is only a dateline, a timestamp or a document header row
/// ("14/05/2021 17:05", "Thứ tư, 08/09/2021", "Cà Mau, ngày 3 tháng 4 năm
/// 2021", "Ngày ban hành | 03/04/2021").
pub fn is_metadata_line(s: &str, toks: &[Token], lex: &Lexicon) -> bool {
    // Every test below holds only for a line of at most ten words.
    let n = toks.iter().filter(|t| t.kind == TokKind::Word).count();
    if n > 10 {
        return false;
    }
    let words: Vec<&str> = toks
        .iter()
        .filter(|t| t.kind == TokKind::Word)
        .map(|t| t.lower.as_str())
        .collect();
    if !toks.iter().any(|t| t.kind == TokKind::Num) {
        return false;
    }
    let has = |w: &str| words.contains(&w);
    let time = toks.windows(3).any(|w| {
        w[0].kind == TokKind::Num
            && punct(s, Some(&w[1]), ":")
            && w[2].kind == TokKind::Num
            && !w[1].space_before
            && !w[2].space_before
    });
    let weekday = words
        .windows(2)
        .any(|w| w[0] == "thứ" && lex.grammar.weekday_numbers.contains(w[1]))
        || words.windows(2).any(|w| w == ["chủ", "nhật"]);
    let header = lex
        .grammar
        .header_phrases
        .iter()
        .any(|p| p.iter().all(|w| has(w)));
    // "<Place>, ngày …" opening a document.
    let place_dateline = toks
        .iter()
        .position(|t| punct(s, Some(t), ","))
        .is_some_and(|c| {
            c > 0
                && toks[..c].iter().all(|t| {
                    t.kind == TokKind::Word
                        && s[t.start..t.end]
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                })
                && (is(toks.get(c + 1), "ngày")
                    || (toks.get(c + 1).is_some_and(|t| t.kind == TokKind::Num)
                        && punct(s, toks.get(c + 2), "/")))
        });
    (time && n <= 8)
        || n == 0
        || (weekday && n <= 4)
        || (header && n <= 6)
        || (place_dateline && n <= 10)
}

/// A day and month that name a recurring day, not an event: "Ngày Chuyển
/// đổi số quốc gia (10/10)", "ngày 10 tháng 10 hằng năm".
pub(super) fn annual_day(s: &str, toks: &[Token], h: &Hit, lex: &Lexicon) -> bool {
    if h.date.is_none_or(|d| d.year.is_some() || d.day.is_none()) {
        return false;
    }
    let yearly = toks
        .get(h.tok_end)
        .is_some_and(|t| lex.grammar.yearly_words.contains(t.lower.as_str()))
        && is(toks.get(h.tok_end + 1), "năm");
    // A day's name right before the date: a capitalized "Ngày" and a
    // capitalized name, only words between ("Ngày Chuyển đổi số quốc gia
    // 10/10", "… quốc gia (10/10)"; not "Ngày hội … đến hết ngày 11/10", not the "sáng 9/10" after it).
    let before = &toks[h.tok_start.saturating_sub(12)..h.tok_start];
    let named = before
        .iter()
        .rposition(|t| t.kind == TokKind::Word && &s[t.start..t.end] == "Ngày")
        .is_some_and(|p| {
            let name = &before[p + 1..];
            name.first()
                .is_some_and(|t| s[t.start..t.end].starts_with(char::is_uppercase))
                && name
                    .iter()
                    .all(|t| t.kind == TokKind::Word || &s[t.start..t.end] == "(")
        });
    yearly || named
}

/// The guards that run before a number is read, in order: glued to letters
/// or to a word's hyphen, digit groups after a number, a chain of numbers
/// that runs into letters, a time of day. `Break` with the step past what
/// they refuse; `Continue` with the end of the chain of numbers glued by
/// `/ - .` that starts at `k`.
#[inline]
pub(super) fn not_a_figure(
    s: &str,
    toks: &[Token],
    k: usize,
    prev: Option<&Token>,
    next: Option<&Token>,
    lex: &Lexicon,
) -> ControlFlow<Step, usize> {
    let t = &toks[k];
    // Glued to letters: 4G, COVID-19, A1, qr-code-3833.
    if let Some(n) = next {
        if !n.space_before
            && n.kind == TokKind::Word
            && !lex.grammar.glued_unit_words.contains(n.lower.as_str())
        {
            return ControlFlow::Break(Step::Skip(k + 2));
        }
    }
    if let Some(p) = prev {
        if !t.space_before && (p.kind == TokKind::Word || p.kind == TokKind::Url) {
            return ControlFlow::Break(Step::Skip(k + 1));
        }
        if !t.space_before
            && punct(s, Some(p), "-")
            && k >= 2
            && toks[k - 2].kind == TokKind::Word
            && !p.space_before
        {
            return ControlFlow::Break(Step::Skip(k + 1));
        }
    }
    // Digit groups after a number: phone numbers ("1900 1234", "0912 345 678")
    // and kilometre posts ("Km 25+300").
    if let Some(p) = prev {
        let digits = |t: &Token| s[t.start..t.end].bytes().all(|b| b.is_ascii_digit());
        // ("Năm 2023 120 doanh nghiệp …": a year, then a count.)
        let year_before = k >= 2 && is(toks.get(k - 2), "năm");
        if p.kind == TokKind::Num && t.space_before && digits(p) && digits(t) && !year_before {
            return ControlFlow::Break(Step::Skip(k + 1));
        }
        if !t.space_before
            && !p.space_before
            && punct(s, Some(p), "+")
            && k >= 2
            && toks[k - 2].kind == TokKind::Num
        {
            return ControlFlow::Break(Step::Skip(k + 1));
        }
    }
    chain_then_time(s, toks, k, next)
}

/// The chain of numbers glued by `/ - .` from `k`, refused when it runs into
/// letters; then a time of day (see [`not_a_figure`]).
#[inline]
fn chain_then_time(
    s: &str,
    toks: &[Token],
    k: usize,
    next: Option<&Token>,
) -> ControlFlow<Step, usize> {
    // A chain of numbers glued by / - . ; an identifier when it runs into letters.
    let mut end = k + 1;
    while end + 1 < toks.len()
        && !toks[end].space_before
        && !toks[end + 1].space_before
        && ["/", "-", "."].iter().any(|p| punct(s, toks.get(end), p))
        && toks[end + 1].kind == TokKind::Num
    {
        end += 2;
    }
    if end + 1 < toks.len()
        && !toks[end].space_before
        && !toks[end + 1].space_before
        && ["/", "-"].iter().any(|p| punct(s, toks.get(end), p))
        && toks[end + 1].kind == TokKind::Word
    {
        return ControlFlow::Break(Step::Skip(end + 2));
    }
    // Time of day: 08:40.
    if punct(s, next, ":")
        && toks
            .get(k + 2)
            .is_some_and(|n| n.kind == TokKind::Num && !n.space_before)
        && !next.is_some_and(|n| n.space_before)
    {
        return ControlFlow::Break(Step::Skip(k + 3));
    }
    ControlFlow::Continue(end)
}

/// Whether the number at `k`, read as `style`, is a dotted name.
/// Dots that are not thousands groups name things ("4.0"), unless a percent
/// sign or a scale word follows: then the dot is an English decimal point
/// ("10.5 triệu USD", "98.7%").
#[inline]
pub(super) fn dotted_name(
    s: &str,
    toks: &[Token],
    k: usize,
    style: NumStyle,
    lex: &Lexicon,
) -> bool {
    let t = &toks[k];
    style == NumStyle::Dotted
        && !next_is_percent(s, toks, k + 1)
        && !(s[t.start..t.end].matches('.').count() == 1
            && toks
                .get(k + 1)
                .filter(|n| n.kind == TokKind::Word)
                .and_then(|n| scale(&[n.lower.as_str()], &lex.grammar))
                .is_some())
}

/// Whether a word after a number is a noun the number counts.
pub(super) fn counted_noun(t: &Token, next: Option<&Token>, lex: &Lexicon) -> bool {
    if t.kind != TokKind::Word {
        return false;
    }
    let first = t.lower.chars().next().unwrap_or(' ');
    if lex.not_counted.contains(t.lower.as_str()) {
        return false;
    }
    if let Some(n) = next {
        if n.kind == TokKind::Word
            && lex
                .not_counted
                .contains(&format!("{} {}", t.lower, n.lower))
        {
            return false;
        }
    }
    crate::text::is_letter(first)
}

/// Whether the number at `k` (its quantity ending before `j`) is part of a
/// name, an identifier or an address.
pub(super) fn identifier_context(toks: &[Token], k: usize, j: usize, lex: &Lexicon) -> bool {
    let w1 = if k >= 1 {
        toks[k - 1].lower.as_str()
    } else {
        ""
    };
    let w2 = if k >= 2 {
        toks[k - 2].lower.as_str()
    } else {
        ""
    };
    let w3 = if k >= 3 {
        toks[k - 3].lower.as_str()
    } else {
        ""
    };
    let two = format!("{w2} {w1}");
    if lex.identifier_words.contains(w1) || lex.identifier_words.contains(&two) {
        return true;
    }
    // "Quyết định số 17", "Nghị quyết số 04", and house numbers: "số 20 phố …".
    w1 == "số"
        && (lex.identifier_words.contains(w2)
            || lex.identifier_words.contains(&format!("{w3} {w2}"))
            || toks.get(j).is_some_and(|t| {
                t.kind == TokKind::Word && lex.street_words.contains(t.lower.as_str())
            }))
}
