//! Grammar: one sentence of normalized text → [`Hit`]s, the figures in it.
//!
//! The number and date grammar lives here, in code, tested like code: percents,
//! counts (a number and the noun it counts), money, ranks, scores, multipliers
//! and dates; ranges, fractions, scale words, qualifiers and changes. What is
//! not a figure is refused here too: identifiers (749/QĐ-TTg), names (4G, Đề án
//! 06, mức độ 3, 4), list numbers, bare years, durations, times of day, URLs,
//! and datelines.
//!
//! Takes a sentence's text and its [`Token`]s ([`crate::token`]) and the
//! [`Lexicon`]; gives `Vec<Hit>`. Next stage: [`crate::resolve`].
//!
//! [`hits`] walks the numbers of a sentence; `figure_at` reads one, in
//! order: the guards (`guard.rs`), the date forms (`date.rs`), the rank forms
//! (`rank.rs`), the quantities (`quantity.rs`); then [`hits`] adds the
//! qualifier and the change (`qualifier.rs`). Numerals are read by
//! [`number`].

mod date;
mod guard;
mod index;
pub mod number;
mod qualifier;
mod quantity;
mod rank;
#[cfg(test)]
mod tests;

use std::ops::ControlFlow;

use crate::record::Kind;
use crate::rules::Lexicon;
use crate::token::{TokKind, Token};
pub use guard::{is_furniture_line, is_metadata_line, is_ticker_label};
use number::{parse_num, NumStyle};
pub use rank::all_provinces;

/// A date as far as the text pins it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateParts {
    /// The year, when written.
    pub year: Option<i32>,
    /// The month.
    pub month: u32,
    /// The day, for day dates.
    pub day: Option<u32>,
}

/// A figure found by the grammar, before attribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The kind.
    pub kind: Kind,
    /// First byte of the figure's own text (normalized text).
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Index of the first token of the figure in the sentence's tokens.
    pub tok_start: usize,
    /// One past the index of its last token.
    pub tok_end: usize,
    /// The value (null for dates).
    pub value: Option<f64>,
    /// Upper bound of a range.
    pub value_max: Option<f64>,
    /// Whole of a fraction or rank.
    pub denominator: Option<f64>,
    /// `VND` or `USD`.
    pub currency: Option<&'static str>,
    /// Date parts, for dates.
    pub date: Option<DateParts>,
    /// Qualifier name.
    pub qualifier: &'static str,
    /// `increase` or `decrease`.
    pub change: Option<&'static str>,
    /// Grammar rule that matched (`grammar/<name>`).
    pub rule: &'static str,
}

fn is(t: Option<&Token>, w: &str) -> bool {
    t.is_some_and(|t| t.kind == TokKind::Word && t.lower == w)
}

fn punct(s: &str, t: Option<&Token>, p: &str) -> bool {
    t.is_some_and(|t| t.kind == TokKind::Punct && &s[t.start..t.end] == p)
}

fn num(s: &str, t: Option<&Token>) -> Option<(f64, NumStyle)> {
    let t = t?;
    if t.kind != TokKind::Num {
        return None;
    }
    parse_num(&s[t.start..t.end])
}

fn int_of(s: &str, t: Option<&Token>) -> Option<u32> {
    let t = t?;
    if t.kind != TokKind::Num {
        return None;
    }
    let raw = &s[t.start..t.end];
    if raw.len() > 4 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

fn is_year(v: u32) -> bool {
    (1900..=2100).contains(&v)
}

fn next_is_percent(s: &str, toks: &[Token], j: usize) -> bool {
    punct(s, toks.get(j), "%") || (is(toks.get(j), "phần") && is(toks.get(j + 1), "trăm"))
}

/// Finds the figures of one sentence. `toks` are the sentence's tokens.
pub fn hits(s: &str, toks: &[Token], lex: &Lexicon) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    if is_furniture_line(s, toks, lex) {
        return out;
    }
    let metadata_line = guard::is_metadata_line(s, toks, lex);
    let mut k = 0;
    let mut list_blocked = false;
    while k < toks.len() {
        let t = &toks[k];
        if t.kind != TokKind::Num {
            if t.kind == TokKind::Word && !lex.grammar.list_conjunctions.contains(t.lower.as_str())
            {
                list_blocked = false;
            }
            k += 1;
            continue;
        }
        match figure_at(s, toks, k, lex, &mut list_blocked) {
            Step::Hit(mut h, next) => {
                // "… 7.500 tỷ đồng, giảm 2.500 tỷ": a bare scaled amount
                // after money in its sentence is money in that currency.
                if h.rule == "grammar/count_scaled"
                    && !toks
                        .get(h.tok_end)
                        .is_some_and(|a| guard::counted_noun(a, toks.get(h.tok_end + 1), lex))
                {
                    if let Some(m) = out.iter().rev().find(|m| m.kind == Kind::Money) {
                        h.kind = Kind::Money;
                        h.currency = m.currency;
                        h.rule = "grammar/money";
                    }
                }
                if !(h.kind == Kind::Date && (metadata_line || guard::annual_day(s, toks, &h, lex)))
                {
                    h.qualifier = qualifier::qualifier(s, toks, &h, lex);
                    if h.change.is_none() {
                        h.change = qualifier::change(toks, &h, &out, lex);
                    }
                    out.push(h);
                }
                k = next.max(k + 1);
            }
            Step::Skip(next) => k = next.max(k + 1),
        }
    }
    out
}

enum Step {
    Hit(Hit, usize),
    Skip(usize),
}

fn hit(kind: Kind, toks: &[Token], a: usize, b: usize, rule: &'static str) -> Hit {
    Hit {
        kind,
        start: toks[a].start,
        end: toks[b - 1].end,
        tok_start: a,
        tok_end: b,
        value: None,
        value_max: None,
        denominator: None,
        currency: None,
        date: None,
        qualifier: "exact",
        change: None,
        rule,
    }
}

/// What the rank and quantity forms know of the number at `k`, computed once
/// by [`figure_at`] after the guards and the date forms let it through.
struct Here<'a> {
    s: &'a str,
    toks: &'a [Token],
    lex: &'a Lexicon,
    /// Index of the number's token.
    k: usize,
    /// The number's token.
    t: &'a Token,
    /// The token before it.
    prev: Option<&'a Token>,
    /// The token after it.
    next: Option<&'a Token>,
    /// One past the chain of numbers glued by `/ - .` from `k`.
    end: usize,
    /// The value.
    v: f64,
    /// How it was written.
    style: NumStyle,
    /// The word before the number (lower case), "" if none.
    pw: &'a str,
    /// The word before that, "" if none.
    ppw: &'a str,
    /// The whole of a fraction `k/d` (a chain of two numbers).
    fraction: Option<(f64, NumStyle)>,
}

/// Reads the number at `toks[k]`: a hit and the token after it, or a skip.
fn figure_at(s: &str, toks: &[Token], k: usize, lex: &Lexicon, list_blocked: &mut bool) -> Step {
    let t = &toks[k];
    let prev = if k > 0 { toks.get(k - 1) } else { None };
    let next = toks.get(k + 1);
    let end = match guard::not_a_figure(s, toks, k, prev, next, lex) {
        ControlFlow::Break(step) => return step,
        ControlFlow::Continue(end) => end,
    };
    if let Some(step) = date::date_at(s, toks, k, end, &lex.grammar) {
        return step;
    }
    let chain_len = (end - k).div_ceil(2);
    let Some((v, style)) = num(s, Some(t)) else {
        return Step::Skip(end);
    };
    if guard::dotted_name(s, toks, k, style, lex) {
        return Step::Skip(k + 1);
    }
    // Ranks written with an ordinal or a ranking word.
    let pw = prev
        .filter(|p| p.kind == TokKind::Word)
        .map(|p| p.lower.as_str())
        .unwrap_or("");
    let ppw = if k >= 2 && toks[k - 2].kind == TokKind::Word {
        toks[k - 2].lower.as_str()
    } else {
        ""
    };
    let fraction = (chain_len == 2 && punct(s, toks.get(k + 1), "/"))
        .then(|| num(s, toks.get(k + 2)))
        .flatten();
    // Grade labels: "sản phẩm 4 sao", "khách sạn 5 sao".
    if is(toks.get(end), "sao") {
        return Step::Skip(end + 1);
    }
    let here = Here {
        s,
        toks,
        lex,
        k,
        t,
        prev,
        next,
        end,
        v,
        style,
        pw,
        ppw,
        fraction,
    };
    if let Some(step) = rank::rank(&here) {
        return step;
    }
    if chain_len > 2 {
        return Step::Skip(end);
    }
    quantity::quantity(&here, list_blocked)
}
