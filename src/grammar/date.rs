//! Dates: the number at `k` read as (the start of) a date, one function per
//! written form.
//!
//! Takes a sentence's text and tokens, the number at `k` and the end of the
//! chain of numbers glued by `/ - .` from it (computed by the guards in
//! [`super::figure_at`]); gives `Some(Step)` with a date hit ([`DateParts`])
//! or `None`, and then [`super::rank`] and [`super::quantity`] read the
//! number. The forms, tried in this order: "D tháng M năm Y", "ngày
//! 15.3.2024", ISO "2024-03-20", "D/M/Y", "M/Y" and "D/M" after a date word,
//! "tháng M năm Y" and "tháng M". Whether a date is kept (not a dateline,
//! not a recurring day) is decided in [`super::hits`].

use super::{hit, int_of, is, is_year, punct, DateParts, Step};
use crate::record::Kind;
use crate::rules::GrammarWords;
use crate::token::{TokKind, Token};

/// The chain of numbers at `k` as the numeric date forms read it.
struct Chain<'a> {
    s: &'a str,
    toks: &'a [Token],
    k: usize,
    /// One past the chain's last number.
    chain_end: usize,
    /// The word before the number (lower case), "" if none.
    pw: &'a str,
    /// The lexicon's word classes.
    words: &'a GrammarWords,
    /// The number at `k` as a small integer.
    d: Option<u32>,
    /// The chain's numbers.
    chain: Vec<u32>,
    /// The separators between them.
    seps: Vec<&'a str>,
    /// Whether every separator is the same.
    same_sep: bool,
}

/// A date over the tokens `a..b` (year, month, day), and the step past it.
fn date_step(
    toks: &[Token],
    a: usize,
    b: usize,
    rule: &'static str,
    (year, month, day): (Option<u32>, u32, Option<u32>),
) -> Step {
    let mut h = hit(Kind::Date, toks, a, b, rule);
    h.date = Some(DateParts {
        year: year.map(|y| y as i32),
        month,
        day,
    });
    Step::Hit(h, b)
}

/// Dates: full, month, and day-month with a date word before it.
#[inline]
pub(super) fn date_at(
    s: &str,
    toks: &[Token],
    k: usize,
    chain_end: usize,
    words: &GrammarWords,
) -> Option<Step> {
    let pw = if k > 0 {
        toks[k - 1].lower.as_str()
    } else {
        ""
    };
    let d = int_of(s, toks.get(k));
    if let Some(step) = day_month_year_words(s, toks, k, d) {
        return Some(step);
    }
    let chain: Vec<u32> = (k..chain_end)
        .step_by(2)
        .filter_map(|i| int_of(s, toks.get(i)))
        .collect();
    let seps: Vec<&str> = (k + 1..chain_end)
        .step_by(2)
        .map(|i| &s[toks[i].start..toks[i].end])
        .collect();
    let same_sep = seps.windows(2).all(|w| w[0] == w[1]);
    let c = Chain {
        s,
        toks,
        k,
        chain_end,
        pw,
        words,
        d,
        chain,
        seps,
        same_sep,
    };
    dotted_day(&c)
        .or_else(|| iso(&c))
        .or_else(|| day_month_year_numeric(&c))
        .or_else(|| month_year_or_day_month(&c))
        .or_else(|| month_words(&c))
}

/// "D tháng M năm Y".
fn day_month_year_words(s: &str, toks: &[Token], k: usize, d: Option<u32>) -> Option<Step> {
    // D tháng M năm Y.
    if is(toks.get(k + 1), "tháng") {
        if let (Some(day), Some(m)) = (d, int_of(s, toks.get(k + 2))) {
            if is(toks.get(k + 3), "năm") && (1..=31).contains(&day) && (1..=12).contains(&m) {
                if let Some(y) = int_of(s, toks.get(k + 4)).filter(|y| is_year(*y)) {
                    return Some(date_step(
                        toks,
                        k,
                        k + 5,
                        "grammar/date",
                        (Some(y), m, Some(day)),
                    ));
                }
            }
        }
    }
    None
}

/// "ngày 15.3.2024".
fn dotted_day(c: &Chain) -> Option<Step> {
    let Chain {
        s,
        toks,
        k,
        chain_end,
        pw,
        ..
    } = *c;
    // "ngày 15.3.2024": one numeral token with two dots, after a date word.
    if chain_end == k + 1 && c.words.dotted_date_words.contains(pw) {
        let raw = &s[toks[k].start..toks[k].end];
        let parts: Vec<u32> = raw.split('.').filter_map(|p| p.parse().ok()).collect();
        if let [day, m, y] = parts[..] {
            if raw.split('.').count() == 3
                && (1..=31).contains(&day)
                && (1..=12).contains(&m)
                && is_year(y)
            {
                return Some(date_step(
                    toks,
                    k,
                    k + 1,
                    "grammar/date",
                    (Some(y), m, Some(day)),
                ));
            }
        }
    }
    None
}

/// ISO "2024-03-20".
fn iso(c: &Chain) -> Option<Step> {
    let Chain {
        toks, k, chain_end, ..
    } = *c;
    let (chain, seps) = (&c.chain, &c.seps);
    // ISO "2024-03-20".
    if chain.len() == 3 && *seps == ["-", "-"] && chain_end - k == 5 && is_year(chain[0]) {
        let (y, m, day) = (chain[0], chain[1], chain[2]);
        if (1..=12).contains(&m) && (1..=31).contains(&day) {
            return Some(date_step(
                toks,
                k,
                chain_end,
                "grammar/date_iso",
                (Some(y), m, Some(day)),
            ));
        }
    }
    None
}

/// "13-4-2022", "15/12/2022": day, month, year with one separator.
fn day_month_year_numeric(c: &Chain) -> Option<Step> {
    let Chain {
        toks,
        k,
        chain_end,
        same_sep,
        ..
    } = *c;
    let chain = &c.chain;
    if chain.len() == 3 && same_sep && chain_end - k == 5 {
        let (day, m, y) = (chain[0], chain[1], chain[2]);
        if (1..=31).contains(&day) && (1..=12).contains(&m) && is_year(y) {
            return Some(date_step(
                toks,
                k,
                chain_end,
                "grammar/date",
                (Some(y), m, Some(day)),
            ));
        }
    }
    None
}

/// Two numbers: a month and year ("1-2024", "tháng 1-2024"), or a day and
/// month after a date word or in brackets ("Sáng 16/7", "(19/10)").
fn month_year_or_day_month(c: &Chain) -> Option<Step> {
    let Chain {
        s,
        toks,
        k,
        chain_end,
        pw,
        ..
    } = *c;
    let (chain, seps) = (&c.chain, &c.seps);
    if chain.len() == 2 && chain_end - k == 3 && seps[0] != "." {
        let (a, b) = (chain[0], chain[1]);
        if (1..=12).contains(&a) && is_year(b) {
            let from = if pw == "tháng" { k - 1 } else { k };
            return Some(date_step(
                toks,
                from,
                chain_end,
                "grammar/date_month",
                (Some(b), a, None),
            ));
        }
        let cue =
            c.words.date_words.contains(pw) || (pw == "(" && punct(s, toks.get(chain_end), ")"));
        let cue = cue || (k > 0 && punct(s, toks.get(k - 1), "("));
        let unit_follows = punct(s, toks.get(chain_end), "%") || is(toks.get(chain_end), "tỉnh");
        if cue && (1..=31).contains(&a) && (1..=12).contains(&b) && !unit_follows {
            return Some(date_step(
                toks,
                k,
                chain_end,
                "grammar/date_day",
                (None, b, Some(a)),
            ));
        }
    }
    None
}

/// "tháng M năm Y", "tháng M".
fn month_words(c: &Chain) -> Option<Step> {
    let Chain {
        s,
        toks,
        k,
        chain_end,
        pw,
        d,
        ..
    } = *c;
    let chain = &c.chain;
    // tháng M năm Y / tháng M.
    if pw == "tháng" && chain.len() == 1 && chain_end == k + 1 {
        let m = d?;
        if !(1..=12).contains(&m) || (k >= 2 && toks[k - 2].kind == TokKind::Num) {
            return None;
        }
        if is(toks.get(k + 1), "năm") {
            if let Some(y) = int_of(s, toks.get(k + 2)).filter(|y| is_year(*y)) {
                return Some(date_step(
                    toks,
                    k - 1,
                    k + 3,
                    "grammar/date_month",
                    (Some(y), m, None),
                ));
            }
            return None;
        }
        return Some(date_step(
            toks,
            k - 1,
            k + 1,
            "grammar/date_month",
            (None, m, None),
        ));
    }
    None
}
