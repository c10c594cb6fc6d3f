//! Extract: one sentence of normalized text → [`Hit`]s, the figures in it.
//!
//! The number and date grammar lives here, in code, tested like code: percents,
//! counts (a number and the noun it counts), money, ranks, scores, multipliers
//! and dates; ranges, fractions, scale words, qualifiers and changes. What is
//! not a figure is refused here too: identifiers (749/QĐ-TTg), names (4G, Đề án
//! 06, mức độ 3, 4), list numbers, bare years, durations, times of day, URLs,
//! and datelines. Next stage: [`crate::resolve`].

use crate::number::{english_thousands, parse_num, scale, NumStyle, TokKind, Token};
use crate::rules::Lexicon;

/// The kind of a figure (schema `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `61%`.
    Percent,
    /// `1.552 doanh nghiệp`.
    Count,
    /// `18 tỷ đồng`.
    Money,
    /// `thứ 51`, `62/63`.
    Rank,
    /// `0,6077 điểm`.
    Score,
    /// `gấp 3 lần`.
    Multiplier,
    /// `03 tháng 6 năm 2020`.
    Date,
}

impl Kind {
    /// The schema name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Percent => "percent",
            Kind::Count => "count",
            Kind::Money => "money",
            Kind::Rank => "rank",
            Kind::Score => "score",
            Kind::Multiplier => "multiplier",
            Kind::Date => "date",
        }
    }

    /// Parses a schema name.
    pub fn from_name(s: &str) -> Option<Kind> {
        Some(match s {
            "percent" => Kind::Percent,
            "count" => Kind::Count,
            "money" => Kind::Money,
            "rank" => Kind::Rank,
            "score" => Kind::Score,
            "multiplier" => Kind::Multiplier,
            "date" => Kind::Date,
            _ => return None,
        })
    }
}

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
    words <= 12
        && lex.banners.iter().any(|b| {
            let n = b.split(' ').count();
            toks.len() >= n
                && toks[..n]
                    .iter()
                    .zip(b.split(' '))
                    .all(|(t, p)| t.lower == p)
        })
}

/// "trong tổng số M", "trên tổng số M", "trong số M" after a number at `j`,
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

/// Whether the number at `k` is one end of a move in a ranking: "từ 1
/// xuống 6", "từ 27 lên 15", right after the steps ("bậc", "hạng") or a
/// place ("vị trí", "thứ").
fn rank_move(toks: &[Token], k: usize) -> bool {
    let w = |i: usize| toks.get(i).map_or("", |t| t.lower.as_str());
    let num = |i: usize| toks.get(i).is_some_and(|t| t.kind == TokKind::Num);
    let from = if k >= 1 && w(k - 1) == "từ" && matches!(w(k + 1), "xuống" | "lên") && num(k + 2)
    {
        k - 1
    } else if k >= 3 && matches!(w(k - 1), "xuống" | "lên") && num(k - 2) && w(k - 3) == "từ" {
        k - 3
    } else {
        return false;
    };
    toks[from.saturating_sub(6)..from]
        .iter()
        .any(|t| matches!(t.lower.as_str(), "bậc" | "hạng" | "thứ" | "trí"))
}

/// Whether the number at `k` stands in a list of plain numbers ("24, 27 và
/// 29") that follows "là" after a rank noun ("thứ hạng", "xếp hạng", "vị trí").
fn rank_list(s: &str, toks: &[Token], k: usize) -> bool {
    // Back over the list to its start.
    let mut i = k;
    while i >= 2
        && (punct(s, toks.get(i - 1), ",") || is(toks.get(i - 1), "và"))
        && toks[i - 2].kind == TokKind::Num
    {
        i -= 2;
    }
    if i == 0 || !is(toks.get(i - 1), "là") {
        return false;
    }
    let before: Vec<&str> = toks[i.saturating_sub(6)..i - 1]
        .iter()
        .filter(|t| t.kind == TokKind::Word)
        .map(|t| t.lower.as_str())
        .collect();
    before
        .windows(2)
        .any(|w| matches!(w, ["thứ", "hạng"] | ["xếp", "hạng"] | ["vị", "trí"]))
}

/// The field a rank is taken in, after the rank at `j`: "trong (bảng xếp
/// hạng | nhóm | số | tổng số) N" → (N, the token after N).
fn rank_field(s: &str, toks: &[Token], j: usize) -> Option<(f64, usize)> {
    if !matches!(
        toks.get(j).map(|t| t.lower.as_str()),
        Some("trong" | "trên")
    ) {
        return None;
    }
    let mut n = j + 1;
    while n < toks.len()
        && n <= j + 4
        && matches!(
            toks[n].lower.as_str(),
            "bảng" | "xếp" | "hạng" | "nhóm" | "số" | "tổng" | "các" | "tất" | "cả"
        )
    {
        n += 1;
    }
    let t = toks.get(n)?;
    let raw = &s[t.start..t.end];
    if t.kind != TokKind::Num
        || !raw.bytes().all(|b| b.is_ascii_digit())
        || next_is_percent(s, toks, n + 1)
    {
        return None;
    }
    let d: f64 = raw.parse().ok()?;
    (2.0..=200.0).contains(&d).then_some((d, n + 1))
}

/// Whether "top/nhóm N" at `k` names a group by its size: the country's
/// provinces (63 or 34), a group not entered ("ở nhóm 17 bộ"), or one whose
/// members are listed after it ("Top 10 tỉnh … gồm").
fn group_size(s: &str, toks: &[Token], k: usize, v: f64) -> bool {
    if !toks.get(k + 1).is_some_and(|t| t.kind == TokKind::Word) {
        return false;
    }
    if all_provinces(v) {
        return true;
    }
    let member = k >= 2
        && matches!(
            toks[k - 2].lower.as_str(),
            "trong" | "thuộc" | "vào" | "lọt" | "nằm" | "trì" | "giữ" | "tốp" | "top"
        );
    if toks[k - 1].lower == "nhóm" && !member && k >= 2 && toks[k - 2].kind == TokKind::Word {
        return true;
    }
    // Members listed: "gồm", "là" or ":" before the next number.
    let year = |t: &Token| {
        let raw = &s[t.start..t.end];
        raw.len() == 4 && raw.parse::<u32>().is_ok_and(is_year)
    };
    toks[k + 1..]
        .iter()
        .take_while(|t| t.kind != TokKind::Num || year(t))
        .any(|t| t.lower == "gồm" || (t.kind == TokKind::Punct && &s[t.start..t.end] == ":"))
        && !member
}

/// Whether the number `toks[k..j]` of value `v` is an index value: 0 < v < 1
/// written with decimals ("0,7123", "mức 0,5"), with an index word ("dti",
/// "chỉ số", "giá trị", a pillar) among the twenty words before it in its
/// sentence; or any number after a scale word ("thang điểm").
fn index_value(s: &str, toks: &[Token], k: usize, j: usize, v: f64, lex: &Lexicon) -> bool {
    if j != k + 1 {
        return false;
    }
    let mut words = Vec::new();
    for t in toks[..k].iter().rev() {
        if t.kind == TokKind::Punct && matches!(&s[t.start..t.end], ";" | ".") || words.len() == 20
        {
            break;
        }
        if t.kind == TokKind::Word {
            words.push(t.lower.as_str());
        }
    }
    words.reverse();
    let says = |list: &[String]| {
        list.iter().any(|w| {
            let n = w.split(' ').count();
            words
                .windows(n)
                .any(|x| x.iter().zip(w.split(' ')).all(|(a, b)| *a == b))
        })
    };
    // "thang điểm tối đa là 1.000": a scale's points.
    if says(&lex.scale_words) {
        return true;
    }
    let raw = &s[toks[k].start..toks[k].end];
    let decimals = raw.rfind([',', '.']).map_or(0, |p| raw.len() - p - 1);
    v > 0.0 && v < 1.0 && decimals >= 1 && raw.starts_with('0') && says(&lex.index_words)
}

/// A day and month that name a recurring day, not an event: "Ngày Chuyển
/// đổi số quốc gia (10/10)", "ngày 10 tháng 10 hằng năm".
fn annual_day(s: &str, toks: &[Token], h: &Hit) -> bool {
    if h.date.is_none_or(|d| d.year.is_some() || d.day.is_none()) {
        return false;
    }
    let yearly = toks
        .get(h.tok_end)
        .is_some_and(|t| matches!(t.lower.as_str(), "hằng" | "hàng"))
        && is(toks.get(h.tok_end + 1), "năm");
    // A day's name: a capitalized "Ngày" some words before the date.
    let named = toks[h.tok_start.saturating_sub(12)..h.tok_start.saturating_sub(1)]
        .iter()
        .any(|t| t.kind == TokKind::Word && &s[t.start..t.end] == "Ngày");
    yearly || named
}

/// Finds the figures of one sentence. `toks` are the sentence's tokens.
pub fn hits(s: &str, toks: &[Token], lex: &Lexicon) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    if is_furniture_line(s, toks, lex) {
        return out;
    }
    let metadata_line = is_metadata_line(s, toks);
    let mut k = 0;
    let mut list_blocked = false;
    while k < toks.len() {
        let t = &toks[k];
        if t.kind != TokKind::Num {
            if t.kind == TokKind::Word && !matches!(t.lower.as_str(), "và" | "hoặc") {
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
                        .is_some_and(|a| counted_noun(a, toks.get(h.tok_end + 1), lex))
                {
                    if let Some(m) = out.iter().rev().find(|m| m.kind == Kind::Money) {
                        h.kind = Kind::Money;
                        h.currency = m.currency;
                        h.rule = "grammar/money";
                    }
                }
                if !(h.kind == Kind::Date && (metadata_line || annual_day(s, toks, &h))) {
                    h.qualifier = qualifier(s, toks, &h, lex);
                    if h.change.is_none() {
                        h.change = change(toks, &h, &out, lex);
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

/// A line that is only a dateline, a timestamp or a document header row
/// ("14/05/2021 17:05", "Thứ tư, 08/09/2021", "Cà Mau, ngày 3 tháng 4 năm
/// 2021", "Ngày ban hành | 03/04/2021").
fn is_metadata_line(s: &str, toks: &[Token]) -> bool {
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
        .any(|w| w[0] == "thứ" && matches!(w[1], "hai" | "ba" | "tư" | "năm" | "sáu" | "bảy"))
        || words.windows(2).any(|w| w == ["chủ", "nhật"]);
    let header = (has("ban") && has("hành"))
        || (has("hiệu") && has("lực"))
        || (has("cập") && has("nhật"))
        || has("đăng");
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

fn figure_at(s: &str, toks: &[Token], k: usize, lex: &Lexicon, list_blocked: &mut bool) -> Step {
    let t = &toks[k];
    let prev = if k > 0 { toks.get(k - 1) } else { None };
    let next = toks.get(k + 1);
    // Glued to letters: 4G, COVID-19, A1, qr-code-3833.
    if let Some(n) = next {
        if !n.space_before && n.kind == TokKind::Word && !is_unit_word(&n.lower) {
            return Step::Skip(k + 2);
        }
    }
    if let Some(p) = prev {
        if !t.space_before && (p.kind == TokKind::Word || p.kind == TokKind::Url) {
            return Step::Skip(k + 1);
        }
        if !t.space_before
            && punct(s, Some(p), "-")
            && k >= 2
            && toks[k - 2].kind == TokKind::Word
            && !p.space_before
        {
            return Step::Skip(k + 1);
        }
    }
    // Digit groups after a number: phone numbers ("1900 1234", "0912 345 678")
    // and kilometre posts ("Km 25+300").
    if let Some(p) = prev {
        let digits = |t: &Token| s[t.start..t.end].bytes().all(|b| b.is_ascii_digit());
        // ("Năm 2023 120 doanh nghiệp …": a year, then a count.)
        let year_before = k >= 2 && is(toks.get(k - 2), "năm");
        if p.kind == TokKind::Num && t.space_before && digits(p) && digits(t) && !year_before {
            return Step::Skip(k + 1);
        }
        if !t.space_before
            && !p.space_before
            && punct(s, Some(p), "+")
            && k >= 2
            && toks[k - 2].kind == TokKind::Num
        {
            return Step::Skip(k + 1);
        }
    }
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
        return Step::Skip(end + 2);
    }
    // Time of day: 08:40.
    if punct(s, next, ":")
        && toks
            .get(k + 2)
            .is_some_and(|n| n.kind == TokKind::Num && !n.space_before)
        && !next.is_some_and(|n| n.space_before)
    {
        return Step::Skip(k + 3);
    }
    if let Some(step) = date_at(s, toks, k, end) {
        return step;
    }
    let chain_len = (end - k).div_ceil(2);
    let Some((v, style)) = num(s, Some(t)) else {
        return Step::Skip(end);
    };
    // Dots that are not thousands groups name things ("4.0"), unless a percent
    // sign or a scale word follows: then the dot is an English decimal point
    // ("10.5 triệu USD", "98.7%").
    if style == NumStyle::Dotted
        && !next_is_percent(s, toks, k + 1)
        && !(s[t.start..t.end].matches('.').count() == 1
            && toks
                .get(k + 1)
                .filter(|n| n.kind == TokKind::Word)
                .and_then(|n| scale(&[n.lower.as_str()]))
                .is_some())
    {
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
    // "vị trí 27", "vị trí số 4": a place in a ranking.
    if (pw == "trí" && ppw == "vị")
        || (pw == "số" && k >= 3 && toks[k - 2].lower == "trí" && toks[k - 3].lower == "vị")
    {
        let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_position");
        h.value = Some(v);
        return Step::Hit(h, k + 1);
    }
    // "lùi 5 bậc (từ 1 xuống 6)": the places before and after a move.
    if rank_move(toks, k) {
        let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_position");
        h.value = Some(v);
        return Step::Hit(h, k + 1);
    }
    if pw == "thứ" {
        if matches!(
            ppw,
            "năm" | "lần" | "ngày" | "khóa" | "kỳ" | "phiên" | "hàng" | "tuần" | "tháng"
        ) {
            return Step::Skip(end);
        }
        let mut h = if let Some((d, _)) = fraction {
            let mut h = hit(Kind::Rank, toks, k, k + 3, "grammar/rank_ordinal");
            h.denominator = Some(d);
            h
        } else if let Some((d, n)) = rank_field(s, toks, k + 1) {
            // "thứ 9 trong bảng xếp hạng 34 địa phương", "thứ 2 trong nhóm 63".
            let mut h = hit(Kind::Rank, toks, k - 1, n, "grammar/rank_ordinal");
            h.denominator = Some(d);
            h.value = Some(v);
            return Step::Hit(h, n);
        } else {
            hit(Kind::Rank, toks, k - 1, k + 1, "grammar/rank_ordinal")
        };
        h.tok_start = k.min(h.tok_start);
        h.value = Some(v);
        return Step::Hit(h, if fraction.is_some() { k + 3 } else { k + 1 });
    }
    // "thứ 2 và 3", "lần lượt thứ 45 và 52": the second ordinal.
    if matches!(pw, "và")
        && k >= 3
        && is(toks.get(k - 3), "thứ")
        && toks[k - 2].kind == TokKind::Num
    {
        let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_ordinal");
        h.value = Some(v);
        return Step::Hit(h, k + 1);
    }
    // A group named by its size ("Top 10 tỉnh … gồm: …", "nhóm 63 tỉnh,
    // thành", "ở nhóm 17 bộ, ngành") counts its members; a place in a group
    // ("lọt vào top 10", "thuộc nhóm 20 tỉnh dẫn đầu") is a rank.
    if matches!(pw, "top" | "tốp" | "nhóm") && group_size(s, toks, k, v) {
        let mut h = hit(Kind::Count, toks, k, k + 1, "grammar/group_size");
        h.value = Some(v);
        return Step::Hit(h, k + 1);
    }
    if pw == "top" || pw == "tốp" {
        let mut h = hit(Kind::Rank, toks, k - 1, k + 1, "grammar/rank_top");
        h.value = Some(v);
        h.qualifier = "at_most";
        return Step::Hit(h, k + 1);
    }
    // "1 trong 10 địa phương đứng đầu": a place among the leading N.
    if pw == "trong"
        && fraction.is_none()
        && k >= 2
        && (is(toks.get(k - 2), "một")
            || toks[k - 2].kind == TokKind::Num
                && num(s, toks.get(k - 2)).is_some_and(|(x, _)| x == 1.0))
        && toks[k + 1..]
            .iter()
            .take(5)
            .any(|t| matches!(t.lower.as_str(), "đầu" | "nhất"))
    {
        let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_group");
        h.value = Some(v);
        h.qualifier = "at_most";
        return Step::Hit(h, k + 1);
    }
    // "(trước đó các thứ hạng này là 31, 28 và 30)": a list of places after a rank noun.
    if fraction.is_none() && v.fract() == 0.0 && rank_list(s, toks, k) {
        let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_position");
        h.value = Some(v);
        return Step::Hit(h, k + 1);
    }
    // "đứng 37/63 tỉnh, thành phố": a place among all provinces.
    let rank_word = matches!(pw, "hạng" | "xếp" | "nhóm")
        || (pw == "đứng" && fraction.is_some_and(|(d, _)| all_provinces(d)));
    if rank_word {
        if let Some((d, _)) = fraction {
            let mut h = hit(Kind::Rank, toks, k, k + 3, "grammar/rank_fraction");
            h.value = Some(v);
            h.denominator = Some(d);
            if pw == "nhóm" {
                h.qualifier = "at_most";
            }
            return Step::Hit(h, k + 3);
        }
        if pw == "nhóm" {
            // "nhóm 10-15" is a band; "nhóm 50 nước" is at most 50.
            if let Some((hi, n)) = range_end(s, toks, k + 1) {
                let mut h = hit(Kind::Rank, toks, k, n, "grammar/rank_band");
                h.value = Some(v);
                h.value_max = Some(hi);
                return Step::Hit(h, n);
            }
            if next.is_some_and(|n| n.kind == TokKind::Word) {
                let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_group");
                h.value = Some(v);
                h.qualifier = "at_most";
                return Step::Hit(h, k + 1);
            }
        }
        if matches!(pw, "hạng") && !is(next, "bậc") && !is(next, "hạng") {
            let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_word");
            h.value = Some(v);
            return Step::Hit(h, k + 1);
        }
    }
    // A bare ranking fraction "23/63" in a sentence that ranks.
    if let Some((d, _)) = fraction {
        let after = toks.get(k + 3);
        let counted = after.is_some_and(|a| counted_noun(a, toks.get(k + 4), lex));
        if !counted && all_provinces(d) && sentence_ranks(toks) {
            let mut h = hit(Kind::Rank, toks, k, k + 3, "grammar/rank_fraction");
            h.value = Some(v);
            h.denominator = Some(d);
            return Step::Hit(h, k + 3);
        }
    }
    if chain_len > 2 {
        return Step::Skip(end);
    }
    // Quantity: number [range | fraction] [unit].
    let mut value_max = None;
    let mut denominator = None;
    let mut j = k + 1;
    if let Some((hi, n)) = range_end(s, toks, k + 1) {
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
    // Percent.
    if next_is_percent(s, toks, j) {
        let n = if punct(s, toks.get(j), "%") {
            j + 1
        } else {
            j + 2
        };
        let mut h = hit(Kind::Percent, toks, k, n, "grammar/percent");
        h.value = Some(v);
        h.value_max = value_max;
        h.denominator = denominator;
        return Step::Hit(h, n);
    }
    // Scale words, then money or count.
    let mut value = v;
    let mut vmax = value_max;
    let mut n = j;
    if let Some((m, used)) = scale(&words) {
        value *= m;
        vmax = vmax.map(|x| x * m);
        n = j + used;
        // "3 triệu 200 nghìn": a smaller scale after the first adds on.
        if vmax.is_none() {
            if let (Some((v2, NumStyle::Plain)), Some(w)) = (num(s, toks.get(n)), toks.get(n + 1)) {
                if let Some((m2, 1)) = scale(&[w.lower.as_str()]) {
                    if m2 < m && v2 * m2 < m {
                        value += v2 * m2;
                        n += 2;
                    }
                }
            }
        }
    } else if style == NumStyle::Decimal
        && value_max.is_none()
        && english_thousands(&s[t.start..t.end])
    {
        // "5,000 doanh nghiệp", "1,250 đồng": no count or đồng amount has
        // three decimals; the comma groups thousands, English style.
        value = v * 1000.0;
    }
    let after: Vec<&str> = toks[n..]
        .iter()
        .take(3)
        .take_while(|t| t.kind == TokKind::Word)
        .map(|t| t.lower.as_str())
        .collect();
    if let Some((cur, used)) = currency(&after, toks.get(n), s) {
        let mut h = hit(Kind::Money, toks, k, n + used, "grammar/money");
        h.value = Some(value);
        h.value_max = vmax;
        h.currency = Some(cur);
        return Step::Hit(h, n + used);
    }
    if n > j {
        let mut h = hit(Kind::Count, toks, k, n, "grammar/count_scaled");
        h.value = Some(value);
        h.value_max = vmax;
        h.denominator = denominator;
        return Step::Hit(h, n);
    }
    if plain_year && denominator.is_none() {
        return Step::Skip(k + 1);
    }
    // "2020-2022": a span of years.
    let year_span = style == NumStyle::Plain
        && is_year(v as u32)
        && value_max.is_some_and(|m| is_year(m as u32));
    if year_span {
        return Step::Skip(j);
    }
    match words.first().copied() {
        Some("lần") if !is(toks.get(j + 1), "thứ") => {
            // "gấp 3 lần", "bằng 1,5 lần GRDP"; a fraction of a time is always
            // a multiplier ("1,5 lần" is no count of occurrences).
            let mult = v.fract() != 0.0
                || toks[..k].iter().rev().take(4).any(|p| {
                    matches!(
                        p.lower.as_str(),
                        "gấp" | "tăng" | "giảm" | "hơn" | "cao" | "bằng"
                    )
                });
            if mult {
                let mut h = hit(Kind::Multiplier, toks, k, j + 1, "grammar/multiplier");
                h.value = Some(v);
                h.value_max = value_max;
                let said = |ws: &[&str]| {
                    toks[..k]
                        .iter()
                        .rev()
                        .take(4)
                        .any(|p| ws.contains(&p.lower.as_str()))
                };
                h.change = if said(&["giảm"]) {
                    Some("decrease")
                } else if said(&["gấp", "tăng", "hơn", "cao"]) {
                    Some("increase")
                } else {
                    None
                };
                return Step::Hit(h, j + 1);
            }
        }
        // "1,2 điểm phần trăm": a change in percentage points.
        Some("điểm") if words.get(1) == Some(&"phần") && words.get(2) == Some(&"trăm") => {
            let mut h = hit(Kind::Percent, toks, k, j + 3, "grammar/percentage_points");
            h.value = Some(v);
            h.value_max = value_max;
            return Step::Hit(h, j + 3);
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
            return Step::Hit(h, j + 1);
        }
        Some("điểm") => {
            let mut h = hit(Kind::Score, toks, k, j + 1, "grammar/score");
            h.value = Some(v);
            h.value_max = value_max;
            h.denominator = denominator;
            return Step::Hit(h, j + 1);
        }
        Some("bậc") | Some("hạng") => {
            let mut h = hit(Kind::Rank, toks, k, j + 1, "grammar/rank_steps");
            h.value = Some(v);
            h.value_max = value_max;
            return Step::Hit(h, j + 1);
        }
        _ => {}
    }
    // An index value written without "điểm" ("DTI của tỉnh đạt 0,7123",
    // "chỉ số năm 2021 (0,6942)"): a fraction of one with three or more
    // decimals, after an index word of its clause.
    if value_max.is_none() && denominator.is_none() && index_value(s, toks, k, j, v, lex) {
        let mut h = hit(Kind::Score, toks, k, j, "grammar/index_value");
        h.value = Some(v);
        return Step::Hit(h, j);
    }
    // Lists after identifier words ("mức độ 3, 4") stay blocked.
    if *list_blocked && (punct(s, prev, ",") || matches!(pw, "và" | "hoặc")) {
        return Step::Skip(j);
    }
    if identifier_context(toks, k, j, lex) {
        *list_blocked = true;
        return Step::Skip(j);
    }
    // List numbering: "1." or "2)" opening a sentence.
    if k == 0 && (punct(s, toks.get(j), ".") || punct(s, toks.get(j), ")")) && denominator.is_none()
    {
        return Step::Skip(j + 1);
    }
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
                if let Some((d, e)) = per_capita(s, toks, j) {
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
    if value_max.is_none() && denominator.is_none() && v.fract() == 0.0 && total_before(s, toks, k)
    {
        let mut h = hit(Kind::Count, toks, k, j, "grammar/count_total");
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

/// Whether "tổng số" or "số lượng" stands among the eight words before the
/// number at `k`, in its clause.
fn total_before(s: &str, toks: &[Token], k: usize) -> bool {
    let mut words = 0;
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
        words += 1;
        if words > 8 {
            return false;
        }
        if i > 0 && toks[i - 1].kind == TokKind::Word {
            let pair = (toks[i - 1].lower.as_str(), t.lower.as_str());
            if matches!(pair, ("tổng", "số") | ("số", "lượng")) {
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
        let sep = punct(s, toks.get(j), ",") || is(toks.get(j), "và") || is(toks.get(j), "hoặc");
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

fn is_unit_word(w: &str) -> bool {
    matches!(
        w,
        "tỷ" | "tỉ" | "triệu" | "nghìn" | "ngàn" | "đồng" | "usd" | "vnđ" | "vnd" | "lần" | "điểm"
    )
}

fn next_is_percent(s: &str, toks: &[Token], j: usize) -> bool {
    punct(s, toks.get(j), "%") || (is(toks.get(j), "phần") && is(toks.get(j + 1), "trăm"))
}

/// `-8`, `- 8`, `–70` (or `đến 70` after `từ`) after a number: the upper bound
/// and the next index.
fn range_end(s: &str, toks: &[Token], j: usize) -> Option<(f64, usize)> {
    // "từ 60 đến 70%": a range in words, when nothing glues on to its end.
    if j >= 2 && is(toks.get(j - 2), "từ") && (is(toks.get(j), "đến") || is(toks.get(j), "tới"))
    {
        let (hi, style) = num(s, toks.get(j + 1))?;
        let glued = toks.get(j + 2).is_some_and(|t| {
            !t.space_before && t.kind == TokKind::Punct && &s[t.start..t.end] != "%"
        });
        return (style != NumStyle::Dotted && !glued).then_some((hi, j + 2));
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

fn currency(words: &[&str], first: Option<&Token>, s: &str) -> Option<(&'static str, usize)> {
    let w = *words.first()?;
    let raw = first.map(|t| &s[t.start..t.end]).unwrap_or("");
    match w {
        "đồng"
            if !words.get(1).is_some_and(|n| {
                matches!(
                    *n,
                    "bộ" | "chí"
                        | "thời"
                        | "hành"
                        | "ý"
                        | "nghiệp"
                        | "loạt"
                        | "đều"
                        | "tình"
                        | "bào"
                )
            }) =>
        {
            Some(("VND", 1))
        }
        "vnđ" | "vnd" => Some(("VND", 1)),
        "usd" if raw == "USD" || raw == "usd" => Some(("USD", 1)),
        "đô" if words.get(1) == Some(&"la") => Some(("USD", 2)),
        _ => None,
    }
}

/// Whether a word after a number is a noun the number counts.
fn counted_noun(t: &Token, next: Option<&Token>, lex: &Lexicon) -> bool {
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

/// "thuê bao di động/100 dân" after a count: the denominator and end token.
fn per_capita(s: &str, toks: &[Token], j: usize) -> Option<(f64, usize)> {
    let mut i = j;
    while i < toks.len() && i < j + 5 && toks[i].kind == TokKind::Word {
        i += 1;
    }
    if i == j || !punct(s, toks.get(i), "/") || toks.get(i).is_some_and(|t| t.space_before) {
        return None;
    }
    let (d, _) = num(s, toks.get(i + 1))?;
    if toks.get(i + 2).is_some_and(|t| {
        t.kind == TokKind::Word && matches!(t.lower.as_str(), "dân" | "người" | "hộ")
    }) {
        return Some((d, i + 3));
    }
    None
}

/// Whether a number is the count of the country's provinces: 63 until the
/// 2025 merger, 34 since ("xếp thứ 12/63", "5/34 tỉnh, thành phố").
pub fn all_provinces(v: f64) -> bool {
    v == 63.0 || v == 34.0
}

fn sentence_ranks(toks: &[Token]) -> bool {
    toks.windows(2).any(|w| {
        (w[0].lower == "xếp" && matches!(w[1].lower.as_str(), "hạng" | "thứ"))
            || (w[0].lower == "đứng" && w[1].lower == "thứ")
    })
}

/// Whether the number at `k` (its quantity ending before `j`) is part of a
/// name, an identifier or an address.
fn identifier_context(toks: &[Token], k: usize, j: usize, lex: &Lexicon) -> bool {
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
fn date_at(s: &str, toks: &[Token], k: usize, chain_end: usize) -> Option<Step> {
    let pw = if k > 0 {
        toks[k - 1].lower.as_str()
    } else {
        ""
    };
    let d = int_of(s, toks.get(k));
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
    let chain: Vec<u32> = (k..chain_end)
        .step_by(2)
        .filter_map(|i| int_of(s, toks.get(i)))
        .collect();
    let seps: Vec<&str> = (k + 1..chain_end)
        .step_by(2)
        .map(|i| &s[toks[i].start..toks[i].end])
        .collect();
    let same_sep = seps.windows(2).all(|w| w[0] == w[1]);
    // "ngày 15.3.2024": one numeral token with two dots, after a date word.
    if chain_end == k + 1 && matches!(pw, "ngày" | "sáng" | "chiều" | "tối" | "hôm" | "từ" | "đến")
    {
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
    // ISO "2024-03-20".
    if chain.len() == 3 && seps == ["-", "-"] && chain_end - k == 5 && is_year(chain[0]) {
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
        let cue = matches!(
            pw,
            "ngày"
                | "sáng"
                | "chiều"
                | "tối"
                | "trưa"
                | "đêm"
                | "hôm"
                | "mùng"
                | "mồng"
                | "đến"
                | "từ"
        ) || (pw == "(" && punct(s, toks.get(chain_end), ")"));
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

/// The qualifier: the nearest qualifier word before the figure, or "từ … trở lên".
fn qualifier(_s: &str, toks: &[Token], h: &Hit, lex: &Lexicon) -> &'static str {
    if h.qualifier != "exact" || h.kind == Kind::Date {
        return h.qualifier;
    }
    // "từ N … trở lên".
    let after: Vec<&str> = toks[h.tok_end..]
        .iter()
        .take(3)
        .map(|t| t.lower.as_str())
        .collect();
    let trolen = after.windows(2).take(2).any(|w| w == ["trở", "lên"]);
    let mut i = h.tok_start;
    let mut steps = 0;
    while i > 0 && steps < 4 {
        let w = &toks[i - 1];
        if w.kind != TokKind::Word {
            break;
        }
        if i >= 2 && toks[i - 2].kind == TokKind::Word {
            let two = format!("{} {}", toks[i - 2].lower, w.lower);
            if let Some(q) = lex.qualifier(&two) {
                return q;
            }
        }
        if let Some(q) = lex.qualifier(&w.lower) {
            return q;
        }
        if w.lower == "từ" && trolen {
            return "at_least";
        }
        if !lex.fillers.contains(w.lower.as_str()) {
            break;
        }
        i -= 1;
        steps += 1;
    }
    if trolen && h.value_max.is_none() {
        return "at_least";
    }
    "exact"
}

/// `increase`/`decrease` when a change verb stands just before the figure,
/// or when the figure continues the previous change ("tăng 63% … và 41% …").
fn change(toks: &[Token], h: &Hit, prior: &[Hit], lex: &Lexicon) -> Option<&'static str> {
    if h.kind == Kind::Date {
        return None;
    }
    let mut i = h.tok_start;
    let mut steps = 0;
    // "tăng lên 45%", "giảm còn 1,2%": the level reached, no change.
    let mut reached = false;
    while i > 0 && steps < 4 {
        let w = &toks[i - 1];
        if w.kind != TokKind::Word {
            break;
        }
        let up = lex.increase_words.contains(w.lower.as_str());
        let down = lex.decrease_words.contains(w.lower.as_str());
        match w.lower.as_str() {
            _ if (up || down) && reached => return None,
            _ if up => return Some("increase"),
            _ if down => return Some("decrease"),
            "lên" | "còn" | "xuống" | "đến" | "tới" => reached = true,
            "trưởng" if i >= 2 && toks[i - 2].lower == "tăng" => return Some("increase"),
            _ => {}
        }
        if !(lex.fillers.contains(w.lower.as_str())
            || lex.qualifier(&w.lower).is_some()
            || matches!(w.lower.as_str(), "bình" | "trung" | "xỉ" | "xấp"))
        {
            break;
        }
        i -= 1;
        steps += 1;
    }
    // "tăng chỉ số … từ 2 bậc", "tốc độ tăng trưởng trung bình mỗi tháng khoảng 15%".
    let reach = if h.rule == "grammar/rank_steps" {
        12
    } else {
        7
    };
    for k in (h.tok_start.saturating_sub(reach)..h.tok_start).rev() {
        let w = &toks[k];
        if w.kind != TokKind::Word {
            break;
        }
        let trend = w.lower == "trưởng" && k > 0 && toks[k - 1].lower == "tăng";
        let steps = h.rule == "grammar/rank_steps";
        if trend || (steps && lex.increase_words.contains(w.lower.as_str())) {
            return Some("increase");
        }
        if steps && lex.decrease_words.contains(w.lower.as_str()) {
            return Some("decrease");
        }
    }
    let last = prior.last()?;
    let ch = last.change?;
    if last.kind != h.kind || h.tok_start < last.tok_end || h.tok_start - last.tok_end > 6 {
        return None;
    }
    // "tăng 20 bậc, lên thứ 25": the place reached is no change.
    if h.kind == Kind::Rank && last.rule == "grammar/rank_steps" && h.rule != last.rule {
        return None;
    }
    let between = &toks[last.tok_end..h.tok_start];
    let joined = between
        .iter()
        .any(|t| t.lower == "và" || t.lower.is_empty());
    let verb = between.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "đạt" | "là" | "có" | "chiếm" | "lên" | "xuống"
        )
    });
    (joined && !verb).then_some(ch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::tokenize;
    use std::sync::LazyLock;

    static LEX: LazyLock<Lexicon> =
        LazyLock::new(|| crate::rules::Catalog::embedded().expect("patterns").lexicon);

    type Found = (
        String,
        Kind,
        Option<f64>,
        Option<f64>,
        Option<f64>,
        &'static str,
    );

    fn find(s: &str) -> Vec<Found> {
        let lex = &LEX;
        let t = crate::normalize::normalize_str(s);
        let toks = tokenize(&t.s, 0, t.s.len());
        hits(&t.s, &toks, lex)
            .into_iter()
            .map(|h| {
                (
                    t.s[h.start..h.end].to_string(),
                    h.kind,
                    h.value,
                    h.value_max,
                    h.denominator,
                    h.qualifier,
                )
            })
            .collect()
    }

    fn one(s: &str) -> Found {
        let v = find(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn percents_and_ranges() {
        assert_eq!(one("tỷ lệ đạt 63,5% năm nay").2, Some(63.5));
        assert_eq!(one("đạt 30 % chỉ tiêu").0, "30 %");
        assert_eq!(one("đạt 30 phần trăm").1, Kind::Percent);
        let r = one("đạt từ 65-70% dân số");
        assert_eq!((r.2, r.3, r.5), (Some(65.0), Some(70.0), "exact"));
        let r = one("chiếm từ 55 đến 60% vốn đầu tư");
        assert_eq!(
            (r.0.as_str(), r.2, r.3),
            ("55 đến 60%", Some(55.0), Some(60.0))
        );
        let r = one("từ 3 tới 5 doanh nghiệp mỗi xã");
        assert_eq!((r.1, r.2, r.3), (Kind::Count, Some(3.0), Some(5.0)));
        // Not ranges: a date's day, a span of years.
        assert!(find("từ 2021 đến 2025 tỉnh làm tốt").is_empty());
        assert_eq!(one("nghỉ từ 20 đến 25/12 năm nay").1, Kind::Date);
        // Dotted and ISO dates.
        assert_eq!(
            one("ngày 15.3.2024 Sở tổ chức tập huấn cho toàn bộ cán bộ các xã trong tỉnh").0,
            "15.3.2024"
        );
        assert_eq!(one("từ 2024-03-20 hệ thống chạy").0, "2024-03-20");
        assert!(find("phiên bản 15.3.2024 lỗi").is_empty());
        let r = one("khoảng 7,8- 8% GRDP");
        assert_eq!(
            (r.0.as_str(), r.2, r.3, r.5),
            ("7,8- 8%", Some(7.8), Some(8.0), "approx")
        );
        assert_eq!(one("đạt từ 30 % trở lên").5, "at_least");
    }

    #[test]
    fn counts_money_and_scales() {
        let r = one("tiếp nhận 22.847 thông tin khai báo");
        assert_eq!((r.1, r.2), (Kind::Count, Some(22847.0)));
        let r = one("cho hơn 1,68 triệu thông tin");
        assert_eq!(
            (r.0.as_str(), r.2, r.5),
            ("1,68 triệu", Some(1_680_000.0), "more_than")
        );
        let r = one("bổ sung gần 18 tỷ đồng cho nhiệm vụ");
        assert_eq!((r.1, r.2, r.5), (Kind::Money, Some(18e9), "approx"));
        assert_eq!(one("đạt 20,5 tỷ USD").2, Some(20.5e9));
        assert_eq!(one("gói 3 nghìn tỷ đồng").2, Some(3e12));
        assert_eq!(one("cung cấp gần 4,4 nghìn dịch vụ").2, Some(4400.0));
        let r = one("tương ứng 47.500/579.000 người");
        assert_eq!((r.2, r.4), (Some(47500.0), Some(579000.0)));
        let r = one("có 78 thuê bao di động/100 dân");
        assert_eq!(
            (r.0.as_str(), r.4),
            ("78 thuê bao di động/100 dân", Some(100.0))
        );
        // English-style numbers: a comma before three digits groups
        // thousands in a count or an amount; a dot before a scale word is a
        // decimal point.
        assert_eq!(one("có 5,000 doanh nghiệp tham gia").2, Some(5000.0));
        assert_eq!(one("phí 1,250 đồng mỗi tin").2, Some(1250.0));
        assert_eq!(one("tỷ lệ đạt 12,500% kế hoạch").2, Some(12.5));
        assert_eq!(one("còn 0,500 doanh nghiệp").2, Some(0.5));
        assert_eq!(one("thu về 10.5 triệu USD").2, Some(10.5e6));
        assert!(find("nền tảng 4.0 được dùng").is_empty());
        // Compound scales and the short "tr".
        let r = one("có 3 triệu 200 nghìn người dùng");
        assert_eq!((r.0.as_str(), r.2), ("3 triệu 200 nghìn", Some(3.2e6)));
        let r = one("giá trị bằng 1,5 lần GRDP của tỉnh");
        assert_eq!(
            (r.0.as_str(), r.1, r.2),
            ("1,5 lần", Kind::Multiplier, Some(1.5))
        );
        assert_eq!(one("đã 3 lần tái cấu trúc bộ máy").1, Kind::Count);
        let r = one("chi 300 tr đồng cho xã");
        assert_eq!((r.1, r.2), (Kind::Money, Some(3e8)));
        assert!(find("đọc 300 tr sách").iter().all(|r| r.2 == Some(300.0)));
        // Digit groups are a phone number, unless the first is a year.
        assert!(find("gọi tổng đài 1900 1234 luôn sẵn sàng").is_empty());
        assert_eq!(one("năm 2023 120 doanh nghiệp tham gia").2, Some(120.0));
    }

    #[test]
    fn ranks_scores_multipliers() {
        assert_eq!(one("tỉnh đứng thứ 51 trên toàn quốc").0, "thứ 51");
        let r = one("thể chế số xếp hạng 57/63; tốt");
        assert_eq!((r.1, r.2, r.4), (Kind::Rank, Some(57.0), Some(63.0)));
        let r = one("phấn đấu trong nhóm 30/63 tỉnh");
        assert_eq!((r.1, r.5), (Kind::Rank, "at_most"));
        let r = one("đạt 0,3982/500 điểm");
        assert_eq!((r.1, r.2, r.4), (Kind::Score, Some(0.3982), Some(500.0)));
        let r = one("dịch vụ (gấp 3 lần năm 2021)");
        assert_eq!((r.0.as_str(), r.1), ("3 lần", Kind::Multiplier));
        assert_eq!(one("tăng hơn 7,3 lần").5, "more_than");
        assert_eq!(one("vào Top 10 tỉnh").0, "Top 10");
        let v = find("lần lượt xếp thứ 2 và 3 cả nước");
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].0, "3");
    }

    #[test]
    fn dates() {
        assert_eq!(
            one("văn bản ban hành ngày 21 tháng 9 năm 2019 của Bộ").0,
            "21 tháng 9 năm 2019"
        );
        assert_eq!(
            one("Kế hoạch được UBND thành phố ký ngày 13-4-2022 để triển khai").1,
            Kind::Date
        );
        assert_eq!(one("tính đến cuối tháng 1-2024 thì có").0, "tháng 1-2024");
        assert_eq!(find("từ tháng 8-2021 đến 8-2022 thì tăng").len(), 2);
        assert_eq!(one("Sáng 16/7, Sở tổ chức hội thảo lớn").0, "16/7");
        assert_eq!(
            one("Hội thảo diễn ra chiều nay (19/10) tại Hà Nội").0,
            "19/10"
        );
    }

    #[test]
    fn not_figures() {
        for s in [
            "Quyết định số 749/QĐ-TTg của Thủ tướng",
            "theo Kế hoạch 04-NQ/TU của Tỉnh ủy",
            "Số: 324/KH-UBND ký",
            "thực hiện Đề án 06 trên địa bàn",
            "phủ sóng 4G và 5G toàn tỉnh",
            "cách mạng công nghiệp 4.0 đang tới",
            "dịch vụ công mức độ 3, 4 cho người dân",
            "giai đoạn 2021-2025 của tỉnh",
            "năm 2022 là năm bản lề",
            "sơ kết 01 năm triển khai",
            "6 tháng đầu năm tỉnh làm tốt",
            "là 1 trong những tỉnh dẫn đầu",
            "lúc 08:40 sáng nay",
            "xem tại https://dichvucong.gov.vn/p/123 nhé",
            "người từ 15 tuổi trở lên",
            "có năm thứ 3 liên tiếp dẫn đầu",
            "1. Đẩy mạnh truyền thông",
            "Bộ đếm 10,109,157",
        ] {
            assert!(find(s).is_empty(), "{s}: {:?}", find(s));
        }
    }

    #[test]
    fn more_grammar_cases() {
        let r = one("sản lượng đạt 59-62 triệu sản phẩm");
        assert_eq!(
            (r.0.as_str(), r.2, r.3),
            ("59-62 triệu", Some(59e6), Some(62e6))
        );
        assert_eq!(one("đạt tối đa 15% dân số").5, "at_most");
        assert_eq!(one("chi phí không quá 20% ngân sách").5, "at_most");
        assert_eq!(one("quy mô dưới 50 người lao động").5, "less_than");
        assert_eq!(one("có ít nhất 12 doanh nghiệp").5, "at_least");
        assert_eq!(one("vượt 5% kế hoạch").5, "more_than");
        let r = one("giá trị 500.000 VNĐ mỗi tháng");
        assert_eq!((r.1, r.2), (Kind::Money, Some(500000.0)));
        assert_eq!(one("nguồn vốn 2 triệu tỷ đồng").2, Some(2e15));
        assert_eq!(one("thu nhận đến ngày 15/12/2022 xong").0, "15/12/2022");
        let r = one("Hoàn thành 19/20 chỉ tiêu đề ra");
        assert_eq!((r.1, r.2, r.4), (Kind::Count, Some(19.0), Some(20.0)));
        let r = one("xếp hạng 62/63 cả nước");
        assert_eq!((r.1, r.4), (Kind::Rank, Some(63.0)));
        assert_eq!(one("tăng 43% so với năm 2021").1, Kind::Percent);
        assert_eq!(one("gần 4,4 nghìn dịch vụ").5, "approx");
        assert_eq!(one("tổng cộng 1.142.929 thẻ").2, Some(1142929.0));
        assert_eq!(one("ước đạt hơn 90% dân số").5, "more_than");
        assert_eq!(one("tăng 1,2 điểm phần trăm").1, Kind::Percent);
    }

    #[test]
    fn identifiers_split_across_lines_are_not_figures() {
        assert!(find("theo Kế hoạch Số:\n324/KH-UBND của tỉnh").is_empty());
        assert!(find("thực hiện Đề án\n06 của Chính phủ").is_empty());
        assert!(find("theo Quyết định số 749/\nQĐ-TTg")
            .iter()
            .all(|h| h.1 != Kind::Count));
    }

    #[test]
    fn datelines_are_not_figures() {
        assert!(find("14/05/2021 17:05 230 lượt xem").is_empty());
        assert!(find("Thứ tư, 08/09/2021").is_empty());
        assert!(find("Cà Mau, ngày 3 tháng 4 năm 2021 |").is_empty());
    }

    #[test]
    fn changes() {
        let lex = &*LEX;
        let s = "số lệnh chuyển tiền tăng hơn 28 % và giá trị tăng hơn 17 %, rút tiền mặt giảm 2,4% so với cùng kỳ";
        let toks = tokenize(s, 0, s.len());
        let h = hits(s, &toks, lex);
        let ch: Vec<_> = h.iter().map(|h| h.change).collect();
        assert_eq!(
            ch,
            vec![Some("increase"), Some("increase"), Some("decrease")]
        );
        // A level reached is no change.
        let s = "hồ sơ trễ hạn giảm còn 1,2%, trực tuyến tăng lên 45%, tăng thêm 3%";
        let toks = tokenize(s, 0, s.len());
        let ch: Vec<_> = hits(s, &toks, lex).iter().map(|h| h.change).collect();
        assert_eq!(ch, vec![None, None, Some("increase")]);
        // The place reached after a climb is no change; a second climb is.
        let s = "tỉnh tăng 20 bậc, lên vị trí thứ 25 và tăng 3 bậc, 5 bậc về hạ tầng";
        let toks = tokenize(s, 0, s.len());
        let ch: Vec<_> = hits(s, &toks, lex).iter().map(|h| h.change).collect();
        assert_eq!(
            ch,
            vec![Some("increase"), None, Some("increase"), Some("increase")]
        );
    }
}
