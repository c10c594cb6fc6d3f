//! Quantities: the number at a [`Here`] read with what follows it, as a
//! percent, money, a count, a multiplier, a score or rank steps.
//!
//! Takes the [`Here`] that [`super::figure_at`] computed once (after
//! [`super::rank`] found no rank); gives the [`Step`]: a hit, or a skip past
//! what is no figure (a bare year, a span of years, a listed identifier, a
//! list number). In order: a range or fraction, a percent, scale words then
//! money or a scaled count, bare years, the word after (lần, điểm, bậc,
//! hạng), an index value, the list and identifier guards, and the counts (a
//! part of a whole, a counted noun, a per-capita rate, a total before, a list
//! whose last number names the noun). [`super::hits`] then adds the
//! qualifier and the change ([`super::qualifier`]).

use super::guard::{counted_noun, identifier_context};
use super::index::index_value;
use super::number::range_end;
use super::number::{english_thousands, scale, NumStyle};
use super::{hit, is, is_year, next_is_percent, num, punct, Here, Step};
use crate::record::Kind;
use crate::rules::{GrammarWords, Lexicon};
use crate::token::{opens_with, TokKind, Token};

/// The number's own stretch: a range's upper bound or a fraction's whole, the
/// token `j` after it, and up to three words from there.
struct Stretch<'a> {
    value_max: Option<f64>,
    denominator: Option<f64>,
    /// The token after the number (and its range or fraction).
    j: usize,
    /// Year-like plain numbers are bare years unless a unit follows.
    plain_year: bool,
    /// Up to three words from `j`.
    words: Vec<&'a str>,
}

/// Quantity: number [range | fraction] [unit].
#[inline]
pub(super) fn quantity(h: &Here, list_blocked: &mut bool) -> Step {
    let Here {
        toks, k, v, style, ..
    } = *h;
    let q = stretch(h);
    if let Some(step) = percent(h, &q) {
        return step;
    }
    // Scale words, then money or count.
    let (value, vmax, n) = scaled(h, &q);
    if let Some(step) = money_or_scaled_count(h, &q, value, vmax, n) {
        return step;
    }
    if q.plain_year && q.denominator.is_none() {
        return Step::Skip(k + 1);
    }
    // "2020-2022": a span of years.
    let year_span = style == NumStyle::Plain
        && is_year(v as u32)
        && q.value_max.is_some_and(|m| is_year(m as u32));
    if year_span {
        return Step::Skip(q.j);
    }
    if let Some(step) = word_after(h, &q) {
        return step;
    }
    // An index value written without "điểm" ("DTI của tỉnh đạt 0,7123",
    // "chỉ số năm 2021 (0,6942)"): a fraction of one with three or more
    // decimals, after an index word of its clause.
    // (A range of index values too: "từ khoảng 0,5 đến gần 0,6".)
    let in_range = q.value_max.is_some_and(|m| m < 1.0);
    let single = q.value_max.is_none() && q.j == k + 1;
    if q.denominator.is_none() && (single || in_range) && index_value(h.s, toks, k, k + 1, v, h.lex)
    {
        let mut h = hit(Kind::Score, toks, k, q.j, "grammar/index_value");
        h.value = Some(v);
        h.value_max = q.value_max;
        return Step::Hit(h, q.j);
    }
    if let Some(step) = listed_or_named(h, &q, list_blocked) {
        return step;
    }
    count(h, &q, value)
}

/// A range or a fraction after the number, and the words after that.
#[inline]
fn stretch<'a>(h: &Here<'a>) -> Stretch<'a> {
    let Here {
        s,
        toks,
        k,
        v,
        style,
        fraction,
        ..
    } = *h;
    let mut value_max = None;
    let mut denominator = None;
    let mut j = k + 1;
    if let Some((hi, n)) = range_end(s, toks, k + 1, h.lex) {
        if hi > v {
            value_max = Some(hi);
            j = n;
        }
    } else if let Some((d, _)) = fraction {
        denominator = Some(d);
        j = k + 3;
    }
    // Year-like plain numbers are bare years unless a unit follows.
    let plain_year =
        style == NumStyle::Plain && v.fract() == 0.0 && is_year(v as u32) && value_max.is_none();
    let words: Vec<&str> = toks[j..]
        .iter()
        .take(3)
        .take_while(|t| t.kind == TokKind::Word)
        .map(|t| t.lower.as_str())
        .collect();
    Stretch {
        value_max,
        denominator,
        j,
        plain_year,
        words,
    }
}

/// Percent: "%" or "phần trăm" after the stretch.
#[inline]
fn percent(h: &Here, q: &Stretch) -> Option<Step> {
    let Here { s, toks, k, v, .. } = *h;
    let j = q.j;
    // Percent.
    if next_is_percent(s, toks, j) {
        let n = if punct(s, toks.get(j), "%") {
            j + 1
        } else {
            j + 2
        };
        let mut h = hit(Kind::Percent, toks, k, n, "grammar/percent");
        h.value = Some(v);
        h.value_max = q.value_max;
        h.denominator = q.denominator;
        return Some(Step::Hit(h, n));
    }
    None
}

/// The value times its scale words ("3 triệu 200 nghìn"), or English
/// thousands ("5,000"): (value, upper bound, the token after the scale).
#[inline]
fn scaled(h: &Here, q: &Stretch) -> (f64, Option<f64>, usize) {
    let Here {
        s,
        toks,
        lex,
        t,
        v,
        style,
        ..
    } = *h;
    let j = q.j;
    let mut value = v;
    let mut vmax = q.value_max;
    let mut n = j;
    if let Some((m, used)) = scale(&q.words, &lex.grammar) {
        value *= m;
        vmax = vmax.map(|x| x * m);
        n = j + used;
        // "3 triệu 200 nghìn": a smaller scale after the first adds on.
        if vmax.is_none() {
            if let (Some((v2, NumStyle::Plain)), Some(w)) = (num(s, toks.get(n)), toks.get(n + 1)) {
                if let Some((m2, 1)) = scale(&[w.lower.as_str()], &lex.grammar) {
                    if m2 < m && v2 * m2 < m {
                        value += v2 * m2;
                        n += 2;
                    }
                }
            }
        }
    } else if style == NumStyle::Decimal
        && q.value_max.is_none()
        && english_thousands(&s[t.start..t.end])
    {
        // "5,000 doanh nghiệp", "1,250 đồng": no count or đồng amount has
        // three decimals; the comma groups thousands, English style.
        value = v * 1000.0;
    }
    (value, vmax, n)
}

/// Money when a currency follows the (scaled) number; else a count when
/// scale words were read.
#[inline]
fn money_or_scaled_count(
    h: &Here,
    q: &Stretch,
    value: f64,
    vmax: Option<f64>,
    n: usize,
) -> Option<Step> {
    let Here {
        s, toks, lex, k, ..
    } = *h;
    let after: Vec<&str> = toks[n..]
        .iter()
        .take(3)
        .take_while(|t| t.kind == TokKind::Word)
        .map(|t| t.lower.as_str())
        .collect();
    if let Some((cur, used)) = currency(&after, toks.get(n), s, &lex.grammar) {
        let mut h = hit(Kind::Money, toks, k, n + used, "grammar/money");
        h.value = Some(value);
        h.value_max = vmax;
        h.currency = Some(cur);
        return Some(Step::Hit(h, n + used));
    }
    if n > q.j {
        let mut h = hit(Kind::Count, toks, k, n, "grammar/count_scaled");
        h.value = Some(value);
        h.value_max = vmax;
        h.denominator = q.denominator;
        return Some(Step::Hit(h, n));
    }
    None
}

/// The word after the stretch: "lần" (a multiplier), "điểm" (percentage
/// points, counted places, or a score), "bậc"/"hạng" (rank steps).
#[inline]
fn word_after(h: &Here, q: &Stretch) -> Option<Step> {
    let Here {
        toks, lex, k, v, ..
    } = *h;
    let (j, words, value_max, denominator) = (q.j, &q.words, q.value_max, q.denominator);
    match words.first().copied() {
        Some("lần") if !is(toks.get(j + 1), "thứ") => multiplier(h, q),
        // "1,2 điểm phần trăm": a change in percentage points.
        Some("điểm") if words.get(1) == Some(&"phần") && words.get(2) == Some(&"trăm") => {
            let mut h = hit(Kind::Percent, toks, k, j + 3, "grammar/percentage_points");
            h.value = Some(v);
            h.value_max = value_max;
            Some(Step::Hit(h, j + 3))
        }
        // "177 điểm phục vụ", "8 điểm cầu": points are places, counted.
        Some("điểm")
            if words.get(1).is_some_and(|w| {
                lex.place_points.contains(*w)
                    || words
                        .get(2)
                        .is_some_and(|w2| lex.place_points.contains(&format!("{w} {w2}")))
            }) =>
        {
            let mut h = hit(Kind::Count, toks, k, j + 1, "grammar/count");
            h.value = Some(v);
            h.denominator = denominator;
            Some(Step::Hit(h, j + 1))
        }
        Some("điểm") => {
            let mut h = hit(Kind::Score, toks, k, j + 1, "grammar/score");
            h.value = Some(v);
            h.value_max = value_max;
            h.denominator = denominator;
            Some(Step::Hit(h, j + 1))
        }
        Some("bậc") | Some("hạng") => {
            let mut h = hit(Kind::Rank, toks, k, j + 1, "grammar/rank_steps");
            h.value = Some(v);
            h.value_max = value_max;
            Some(Step::Hit(h, j + 1))
        }
        _ => None,
    }
}

/// "lần" after the number: a multiplier when a comparison word stands before
/// it or the number has a fraction; `None` (a count of occurrences, read
/// later) otherwise.
#[inline]
fn multiplier(h: &Here, q: &Stretch) -> Option<Step> {
    let Here {
        toks, lex, k, v, ..
    } = *h;
    let words = &lex.grammar;
    let (j, value_max) = (q.j, q.value_max);
    // "gấp 3 lần", "bằng 1,5 lần GRDP"; a fraction of a time is always
    // a multiplier ("1,5 lần" is no count of occurrences).
    let mult = v.fract() != 0.0
        || toks[..k]
            .iter()
            .rev()
            .take(4)
            .any(|p| words.multiplier_cues.contains(p.lower.as_str()));
    if mult {
        let mut h = hit(Kind::Multiplier, toks, k, j + 1, "grammar/multiplier");
        h.value = Some(v);
        h.value_max = value_max;
        let said = |ws: &rustc_hash::FxHashSet<String>| {
            toks[..k]
                .iter()
                .rev()
                .take(4)
                .any(|p| ws.contains(p.lower.as_str()))
        };
        h.change = if said(&words.multiplier_decrease) {
            Some("decrease")
        } else if said(&words.multiplier_increase) {
            Some("increase")
        } else {
            None
        };
        return Some(Step::Hit(h, j + 1));
    }
    None
}

/// The guards between the readings and the counts: a list after identifier
/// words stays blocked, an identifier blocks the list after it, a list
/// number opens a sentence.
#[inline]
fn listed_or_named(h: &Here, q: &Stretch, list_blocked: &mut bool) -> Option<Step> {
    let Here {
        s,
        toks,
        lex,
        k,
        prev,
        pw,
        ..
    } = *h;
    let (j, denominator) = (q.j, q.denominator);
    // Lists after identifier words ("mức độ 3, 4") stay blocked.
    if *list_blocked && (punct(s, prev, ",") || lex.grammar.list_conjunctions.contains(pw)) {
        return Some(Step::Skip(j));
    }
    if identifier_context(toks, k, j, lex) {
        *list_blocked = true;
        return Some(Step::Skip(j));
    }
    // List numbering: "1." or "2)" opening a sentence.
    if k == 0 && (punct(s, toks.get(j), ".") || punct(s, toks.get(j), ")")) && denominator.is_none()
    {
        return Some(Step::Skip(j + 1));
    }
    None
}

/// The counts: a part of a whole, a counted noun after the number (maybe a
/// rate per population), a total named before it, a list that ends in a
/// counted noun; else no figure.
#[inline]
fn count(h: &Here, q: &Stretch, value: f64) -> Step {
    let Here {
        s,
        toks,
        lex,
        k,
        v,
        style,
        ..
    } = *h;
    let (j, value_max, denominator) = (q.j, q.value_max, q.denominator);
    // "1.579 trong tổng số 1.937 hồ sơ": a part of a whole.
    if value_max.is_none() && denominator.is_none() {
        if let Some((d, n)) = part_of_total(s, toks, j, lex) {
            let mut h = hit(Kind::Count, toks, k, n, "grammar/count_part");
            h.value = Some(value);
            h.denominator = Some(d);
            return Step::Hit(h, n);
        }
    }
    if let Some(a) = toks.get(j) {
        if counted_noun(a, toks.get(j + 1), lex) {
            let mut h = hit(Kind::Count, toks, k, j, "grammar/count");
            h.value = Some(value);
            h.value_max = value_max;
            h.denominator = denominator;
            // "78 thuê bao di động/100 dân": a rate per population.
            if denominator.is_none() {
                if let Some((d, e)) = per_capita(s, toks, j, &lex.grammar) {
                    h = hit(Kind::Count, toks, k, e, "grammar/count_per");
                    h.value = Some(value);
                    h.denominator = Some(d);
                }
            }
            let e = h.tok_end;
            return Step::Hit(h, e);
        }
    }
    // "150, 180 và 240 doanh nghiệp": the noun is said once, after the
    // list's last number; every number of the list counts it.
    // "tổng số hồ sơ 17.921", "số lượng giao dịch trong năm là 8.701": the
    // counted noun stands before the number.
    if value_max.is_none()
        && denominator.is_none()
        && v.fract() == 0.0
        && total_before(s, toks, k, &lex.grammar)
    {
        let mut h = hit(Kind::Count, toks, k, j, "grammar/count_total");
        h.value = Some(value);
        return Step::Hit(h, j);
    }
    if let Some(step) = part_of_whole(h, q, value) {
        return step;
    }
    // "tiếp nhận 8.420 hồ sơ, giải quyết 7.911, chiếm 94%": a number whose
    // share follows it counts what the sentence counts.
    if value_max.is_none()
        && denominator.is_none()
        && v.fract() == 0.0
        && punct(s, toks.get(j), ",")
        && toks
            .get(j + 1)
            .is_some_and(|t| lex.grammar.share_verbs.contains(t.lower.as_str()))
    {
        let mut h = hit(Kind::Count, toks, k, j, "grammar/count_share");
        h.value = Some(value);
        return Step::Hit(h, j);
    }
    if value_max.is_none()
        && denominator.is_none()
        && style == NumStyle::Plain
        && list_counts(s, toks, j, lex)
    {
        let mut h = hit(Kind::Count, toks, k, j, "grammar/count_list");
        h.value = Some(value);
        return Step::Hit(h, j);
    }
    Step::Skip(j)
}

/// "trong tổng số M", "trên tổng số M", "trong số M" after a number at `j`,
/// "Tỷ lệ thôn có tổ công nghệ số đạt 1.784/1.784.": a fraction that ends
/// its clause after a `fraction_verbs` word is a part of a whole whose noun
/// was said before it (the part no larger than the whole).
fn part_of_whole(h: &Here, q: &Stretch, value: f64) -> Option<Step> {
    let Here {
        s, toks, lex, k, v, ..
    } = *h;
    let j = q.j;
    let d = q.denominator.filter(|&d| v <= d && v > 0.0)?;
    let ends = toks.get(j).is_none_or(|t| {
        t.kind == TokKind::Punct && matches!(&s[t.start..t.end], "." | "," | ";" | ":" | "(")
    });
    let after_verb = lex.grammar.fraction_verbs.iter().any(|w| {
        let n = w.split(' ').count();
        k >= n && opens_with(&toks[k - n..k], w)
    });
    (ends && after_verb).then(|| {
        let mut h = hit(Kind::Count, toks, k, j, "grammar/count_fraction");
        h.value = Some(value);
        h.denominator = Some(d);
        Step::Hit(h, j)
    })
}

/// with a counted noun after M: (M, the token after M).
fn part_of_total(s: &str, toks: &[Token], j: usize, lex: &Lexicon) -> Option<(f64, usize)> {
    let w = |i: usize| toks.get(i).map_or("", |t| t.lower.as_str());
    if !matches!(w(j), "trong" | "trên") {
        return None;
    }
    let m = match (w(j + 1), w(j + 2)) {
        ("tổng", "số") => j + 3,
        ("số", _) | ("tổng", _) => j + 2,
        _ => return None,
    };
    let (d, _) = num(s, toks.get(m))?;
    counted_noun(toks.get(m + 1)?, toks.get(m + 2), lex).then_some((d, m + 1))
}

/// Whether "tổng số" or "số lượng" stands among the eight words before the
/// number at `k`, in its clause.
fn total_before(s: &str, toks: &[Token], k: usize, words: &GrammarWords) -> bool {
    let mut n_words = 0;
    for i in (0..k).rev() {
        let t = &toks[i];
        if t.kind == TokKind::Punct
            && matches!(&s[t.start..t.end], "," | ";" | ":" | "." | "(" | ")")
        {
            return false;
        }
        if t.kind != TokKind::Word {
            continue;
        }
        n_words += 1;
        if n_words > 8 {
            return false;
        }
        if i > 0 && toks[i - 1].kind == TokKind::Word {
            let (a, b) = (toks[i - 1].lower.as_str(), t.lower.as_str());
            if words.total_nouns.iter().any(|(x, y)| x == a && y == b) {
                return true;
            }
        }
    }
    false
}

/// Whether a list of plain numbers goes on after `j` (", 180", "và 240")
/// and ends in a number followed by a counted noun.
fn list_counts(s: &str, toks: &[Token], mut j: usize, lex: &Lexicon) -> bool {
    let mut steps = 0;
    while steps < 12 {
        let sep = punct(s, toks.get(j), ",")
            || toks.get(j).is_some_and(|t| {
                t.kind == TokKind::Word && lex.grammar.list_conjunctions.contains(t.lower.as_str())
            });
        let next = toks.get(j + 1);
        if !sep || !next.is_some_and(|t| t.kind == TokKind::Num) {
            return false;
        }
        let Some((_, style)) = num(s, next) else {
            return false;
        };
        if style != NumStyle::Plain {
            return false;
        }
        j += 2;
        if toks
            .get(j)
            .is_some_and(|a| counted_noun(a, toks.get(j + 1), lex))
        {
            return true;
        }
        steps += 1;
    }
    false
}

fn currency(
    words: &[&str],
    first: Option<&Token>,
    s: &str,
    lex: &GrammarWords,
) -> Option<(&'static str, usize)> {
    let w = *words.first()?;
    let raw = first.map(|t| &s[t.start..t.end]).unwrap_or("");
    match w {
        "đồng"
            if !words
                .get(1)
                .is_some_and(|n| lex.dong_not_currency.contains(*n)) =>
        {
            Some(("VND", 1))
        }
        _ if lex.vnd_words.contains(w) => Some(("VND", 1)),
        "usd" if raw == "USD" || raw == "usd" => Some(("USD", 1)),
        "đô" if words.get(1) == Some(&"la") => Some(("USD", 2)),
        _ => None,
    }
}

/// "thuê bao di động/100 dân" after a count: the denominator and end token.
fn per_capita(s: &str, toks: &[Token], j: usize, words: &GrammarWords) -> Option<(f64, usize)> {
    let mut i = j;
    while i < toks.len() && i < j + 5 && toks[i].kind == TokKind::Word {
        i += 1;
    }
    if i == j || !punct(s, toks.get(i), "/") || toks.get(i).is_some_and(|t| t.space_before) {
        return None;
    }
    let (d, _) = num(s, toks.get(i + 1))?;
    if toks.get(i + 2).is_some_and(|t| {
        t.kind == TokKind::Word && words.per_capita_words.contains(t.lower.as_str())
    }) {
        return Some((d, i + 3));
    }
    None
}
