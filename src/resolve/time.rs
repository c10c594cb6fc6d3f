//! Years and days: a figure's year from its sentence, paragraph, heading,
//! title and lead (the years each sentence writes come from [`super::written`]);
//! the dateline's and the document's year, the lead's year, a figure's
//! as_of day and a date's ISO form. Takes [`Doc`]; gives a figure's year
//! and a date's day to `resolve`.

use super::context::{
    in_parentheses, present, sentence_years, undated, year_token, years, Doc, MAX_WALK,
};
use super::status::status_cue;
use super::written::spaced_span;
use super::SentenceHits;
use crate::grammar::Hit;
use crate::record::Kind;
use crate::text::find;
use crate::token::TokKind;
use crate::token::{opens_with, Token};
use std::sync::LazyLock;

/// The last year of a sentence that is not some figure's own trailing year
/// ("đạt 100% ngay từ cuối năm 2021" belongs to that 100%).
pub(super) fn governing_year(doc: &Doc, k: usize) -> Option<i32> {
    let sh = &doc.sents[k];
    let boundary = |t: &Token| {
        t.lower == "và"
            || (t.kind == TokKind::Punct && matches!(&doc.s[t.start..t.end], ";" | ":" | ","))
    };
    // "(năm 2020 chiếm khoảng 6,2% GRDP)": a year said in parentheses is
    // the aside's own.
    sentence_years(doc, k)
        .iter()
        .filter(|(i, _)| !in_parentheses(doc, k, *i))
        .filter(|(i, _)| {
            let owner = sh
                .hits
                .iter()
                .rev()
                .find(|h| h.kind != Kind::Date && h.tok_end <= *i);
            match owner {
                Some(h) => sh.toks[h.tok_end..*i].iter().any(boundary),
                None => true,
            }
        })
        .map(|x| x.1)
        .next_back()
}

/// A figure's year: its sentence's (see [`sentence_year`]) or, unless the
/// sentence speaks of the present, the governing year of an earlier sentence
/// of its paragraph, then the heading's, the title's and the lead's.
pub(super) fn year(
    doc: &Doc,
    si: usize,
    hi: usize,
    heading: Option<i32>,
    (title, lead): (Option<i32>, Option<i32>),
    para: &[usize],
) -> Option<i32> {
    if let Some(y) = sentence_year(doc, si, hi) {
        return Some(y);
    }
    if let Some(y) = compared_year(doc, &doc.sents[si]) {
        return Some(y);
    }
    // "năm học 2023 – 2024", "giai đoạn 2021-2025": a span, no one year.
    if names_span(doc, si) {
        return None;
    }
    // "Hiện nay", "thời gian qua": the present, whatever the passage says.
    if present(doc, si) {
        return None;
    }
    // The lead of an earlier sentence of the same paragraph ("Năm 2022, … .
    // Đến nay, … 19/20 chỉ tiêu").
    // A paragraph that opens with a connective ("Đồng thời, …", "Bên cạnh
    // đó, …") goes on with the one before it.
    let mut k = si;
    let mut vague = undated(doc, si);
    while k > 0 && (para[k - 1] == para[k] || continues(doc, k)) && si - k < MAX_WALK {
        k -= 1;
        // (A sentence dated by its comparison's base governs too.)
        if let Some(y) = governing_year(doc, k).or_else(|| compared_year(doc, &doc.sents[k])) {
            return Some(y);
        }
        vague |= undated(doc, k);
    }
    if vague {
        return None;
    }
    heading.or(title).or(lead)
}

/// Whether the figure at `hi` is the from-value of a change said with no
/// year of its own ("lùi 5 bậc (từ 1 xuống 6)", "tăng từ 78% lên 86,5%"):
/// the year before the one the change is of.
pub(super) fn from_value(doc: &Doc, si: usize, hi: usize) -> bool {
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    let word = |k: usize, w: &[&str]| {
        sh.toks
            .get(k)
            .is_some_and(|t| w.contains(&t.lower.as_str()))
    };
    let mut k = h.tok_start;
    if k > 0 && word(k - 1, &["mức", "vị", "thứ", "trí"]) {
        k -= 1;
        if k > 0 && word(k - 1, &["vị"]) {
            k -= 1;
        }
    }
    let from = k > 0 && word(k - 1, &["từ"]);
    let to = word(h.tok_end, &["lên", "xuống"])
        && sh
            .hits
            .get(hi + 1)
            .is_some_and(|n| n.kind == h.kind && n.tok_start <= h.tok_end + 3);
    let own = sentence_years(doc, si)
        .iter()
        .any(|(i, _)| trails(sh, h, *i));
    from && to && !own
}

/// Whether sentence `si` names a span of years ("2023 – 2024", "2021-2025").
pub(super) fn names_span(doc: &Doc, si: usize) -> bool {
    let toks = &doc.sents[si].toks;
    (0..toks.len()).any(|i| year_token(doc.s, &toks[i]).is_some() && spaced_span(doc.s, toks, i))
}

/// Whether sentence `k` opens with a connective that continues what came
/// before (`continuations`).
fn continues(doc: &Doc, k: usize) -> bool {
    let toks = &doc.sents[k].toks;
    doc.cat.lexicon.continuations.iter().any(|c| {
        let n = c.split(' ').count();
        toks.len() > n && opens_with(toks, c) && doc.s[toks[n].start..toks[n].end] == *","
    })
}

/// The year the figure's sentence gives it: "lần lượt" spans, a year right
/// after it, the nearest before it in its clause or the sentence's lead, or
/// one after it that no other figure takes.
fn sentence_year(doc: &Doc, si: usize, hi: usize) -> Option<i32> {
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    let ys = sentence_years(doc, si);
    let is_change = h.change.is_some() || h.kind == Kind::Multiplier;
    if let Some(y) = respective_year(doc, sh, hi) {
        return Some(y);
    }
    if let Some(y) = base_value_year(doc, sh, hi) {
        return Some(y);
    }
    // Right after the figure: "thứ 2 năm 2021", "2,8% vào năm 2015", "4,7%
    // của GDP năm 2020" (but "gấp 3 lần năm 2021" is the base).
    if let Some(&(_, y)) = ys.iter().find(|(i, _)| trails(sh, h, *i)) {
        if !is_change {
            return Some(y);
        }
    }
    year_before(doc, sh, hi, ys).or_else(|| year_after(doc, sh, hi, ys))
}

/// "tăng 12% so với năm 2023", "so với cùng kỳ năm 2023": a sentence that
/// measures against a year's level speaks of the year after it (after the
/// latest, when it names two bases). Its own years come first.
fn compared_year(doc: &Doc, sh: &SentenceHits) -> Option<i32> {
    let toks = &sh.toks;
    let word = |k: usize, w: &str| toks.get(k).is_some_and(|t| t.lower == w);
    // "gấp 1,5 lần năm 2023" measures against 2023 too.
    (0..toks.len())
        .filter(|&i| {
            (word(i, "so") && word(i + 1, "với")) || (word(i, "lần") && word(i + 1, "năm"))
        })
        .filter_map(|i| {
            let j = if word(i, "lần") {
                i + 1
            } else if word(i + 2, "cùng") && word(i + 3, "kỳ") {
                i + 4
            } else {
                i + 2
            };
            let t = toks.get(j + 1).filter(|_| word(j, "năm"))?;
            let raw = &doc.s[t.start..t.end];
            let y: i32 = raw.parse().ok()?;
            (raw.len() == 4 && (1990..2100).contains(&y)).then_some(y + 1)
        })
        .max()
}

/// "tăng 17% so với năm 2022 (0,5763 điểm)": the figure in parentheses
/// right after a comparison's base year is that year's value; so is the
/// figure right before "của năm 2022".
fn base_value_year(doc: &Doc, sh: &SentenceHits, hi: usize) -> Option<i32> {
    let i = sh.hits[hi].tok_start;
    let text = |k: usize| &doc.s[sh.toks[k].start..sh.toks[k].end];
    // "so với mức 72% của năm 2023": the base's value, right before its year.
    let e = sh.hits[hi].tok_end;
    let of_year = sh.toks.get(e).is_some_and(|t| t.lower == "của")
        && sh.toks.get(e + 1).is_some_and(|t| t.lower == "năm");
    if let Some(y) = sh
        .toks
        .get(e + 2)
        .filter(|_| of_year)
        .and_then(|t| year_token(doc.s, t))
    {
        return Some(y);
    }
    if i < 4 || text(i - 1) != "(" {
        return None;
    }
    let y = year_token(doc.s, &sh.toks[i - 2])?;
    let back: Vec<&str> = sh.toks[(i - 2).saturating_sub(5)..i - 2]
        .iter()
        .map(|x| x.lower.as_str())
        .collect();
    (back.last() == Some(&"năm") && back.windows(2).any(|w| w == ["so", "với"])).then_some(y)
}

/// Before the figure, nearest, in its own clause or in the sentence's lead;
/// a previous figure's trailing year belongs to that figure.
fn year_before(doc: &Doc, sh: &SentenceHits, hi: usize, ys: &[(usize, i32)]) -> Option<i32> {
    let h = &sh.hits[hi];
    let trailing = |i: usize| {
        sh.hits[..hi]
            .iter()
            .filter(|p| p.kind != Kind::Date)
            .any(|p| trails(sh, p, i))
    };
    let clause_start = (0..h.tok_start)
        .rev()
        .find(|&k| {
            sh.toks[k].kind == TokKind::Punct
                && matches!(&doc.s[sh.toks[k].start..sh.toks[k].end], ";" | ":")
        })
        .map(|k| k + 1)
        .unwrap_or(0);
    let lead_end = sh.hits.first().map(|f| f.tok_start).unwrap_or(0);
    if let Some(&(_, y)) = ys.iter().rev().find(|(i, _)| {
        // A clause year before another figure belongs to that figure
        // ("năm 2019 đã là 8,3% (kế hoạch 8%)").
        let framing_date = sh
            .hits
            .iter()
            .any(|d| d.kind == Kind::Date && d.tok_start == *i);
        let taken = *i >= lead_end
            && !framing_date
            && sh.hits[..hi]
                .iter()
                .any(|p| p.kind != Kind::Date && p.tok_start > *i);
        *i < h.tok_start && !trailing(*i) && !taken && (*i >= clause_start || *i < lead_end)
    }) {
        return Some(y);
    }
    None
}

/// After the figure, in the same clause, when no other figure takes it.
fn year_after(doc: &Doc, sh: &SentenceHits, hi: usize, ys: &[(usize, i32)]) -> Option<i32> {
    let h = &sh.hits[hi];
    // "… và năm 2022 là 12,67%".
    let next = sh
        .hits
        .get(hi + 1)
        .map(|n| n.tok_start)
        .unwrap_or(usize::MAX);
    // …and not when a later figure of the same clause follows it ("năm 2019 đã là 8,3%").
    let clause_end_tok = (h.tok_end..sh.toks.len())
        .find(|&k| {
            sh.toks[k].kind == TokKind::Punct && &doc.s[sh.toks[k].start..sh.toks[k].end] == ";"
        })
        .unwrap_or(sh.toks.len());
    let later_figure = sh.hits[hi + 1..]
        .iter()
        .any(|n| n.kind != Kind::Date && n.tok_start < clause_end_tok);
    if let Some(&(_, y)) = ys.iter().find(|(i, _)| {
        !later_figure
            && *i > h.tok_end + 1
            && *i < next
            && !sh.toks[h.tok_end..*i].iter().any(|t| {
                t.lower == "và"
                    || (t.kind == TokKind::Punct && matches!(&doc.s[t.start..t.end], ";" | ":"))
            })
    }) {
        return Some(y);
    }
    None
}

/// The lead: the first sentence of at least fifteen words near the top. When
/// it names one year (not a horizon "đến năm 2030"), that year governs the
/// passage below it ("Trong 9 tháng năm 2024, …"). Gives the lead's
/// sentence, its year and its status.
pub(super) fn lead_year(doc: &Doc) -> Option<(usize, i32, &'static str)> {
    let si = (0..doc.sents.len().min(10)).find(|&i| {
        doc.sents[i]
            .toks
            .iter()
            .filter(|t| t.kind == TokKind::Word)
            .count()
            >= 15
    })?;
    let toks = &doc.sents[si].toks;
    let mut found = years(doc, si).iter().filter(|(i, _)| {
        !toks[i.saturating_sub(2)..*i]
            .iter()
            .any(|t| t.lower == "đến" || t.lower == "tới")
    });
    let first = found.next()?.1;
    let status = status_cue(doc, toks, 0, toks.len(), false, false).unwrap_or("achieved");
    found
        .all(|&(_, y)| y == first)
        .then_some((si, first, status))
}

/// A span of years before "lần lượt" with as many figures after it as years
/// ("các năm 2020 - 2024 lần lượt là 12%, 13%, 12,8%, 13% và 13,2%"): the
/// k-th figure is of the k-th year.
pub(super) fn respective_year(doc: &Doc, sh: &SentenceHits, hi: usize) -> Option<i32> {
    static SPAN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\b((?:19|20)\d\d)\s*(?:-|–|đến|tới)\s*((?:19|20)\d\d)\b")
            .expect("valid regex")
    });
    let text = &doc.s[sh.start..sh.end];
    let pivot = sh.start + find::find(text, "lần lượt")?;
    let caps = SPAN.captures_iter(&text[..pivot - sh.start]).last()?;
    let (a, b): (i32, i32) = (caps[1].parse().ok()?, caps[2].parse().ok()?);
    let after: Vec<usize> = (0..sh.hits.len())
        .filter(|&j| sh.hits[j].start >= pivot && sh.hits[j].kind != Kind::Date)
        .collect();
    if b <= a || after.len() != (b - a + 1) as usize {
        return None;
    }
    let k = after.iter().position(|&j| j == hi)?;
    Some(a + k as i32)
}

/// Whether the year at token `i` trails the figure `h`: right after it, or
/// after at most three linking words ("vào năm", "của GDP năm", "trong
/// năm"), with no clause mark, other number or new clause word between.
pub(super) fn trails(sh: &SentenceHits, h: &Hit, i: usize) -> bool {
    if i < h.tok_end || i > h.tok_end + 4 {
        return false;
    }
    sh.toks[h.tok_end..i].iter().all(|t| {
        t.kind == TokKind::Word
            && !matches!(
                t.lower.as_str(),
                "và" | "so"
                    | "với"
                    | "hoặc"
                    | "từ"
                    | "lên"
                    | "xuống"
                    | "đã"
                    | "là"
                    | "đạt"
                    | "tăng"
                    | "giảm"
            )
    })
}

pub(super) fn as_of(doc: &Doc, si: usize) -> Option<String> {
    let sh = &doc.sents[si];
    sh.hits.iter().find_map(|d| {
        let p = d.date?;
        let back: Vec<&str> = sh.toks[d.tok_start.saturating_sub(3)..d.tok_start]
            .iter()
            .map(|t| t.lower.as_str())
            .collect();
        let pinned = back.contains(&"đến") && back.contains(&"ngày");
        match (pinned, p.year, p.day) {
            (true, Some(y), Some(day)) => Some(format!("{y:04}-{:02}-{day:02}", p.month)),
            _ => None,
        }
    })
}

pub(super) fn date_iso(doc: &Doc, si: usize, h: &Hit) -> Option<String> {
    let p = h.date?;
    // A day with no year: the last such day up to the page's publication,
    // or one of the two months after it (an event announced: "chiều 8/10"
    // in a page of 7/10).
    let before_published = doc.published.zip(p.day).map(|((y, m, d), day)| {
        let ahead = (p.month, day) > (m, d);
        if ahead && p.month > m + 2 {
            y - 1
        } else {
            y
        }
    });
    let y = p
        .year
        .or(before_published)
        .or_else(|| years(doc, si).first().map(|x| x.1))
        // "Ngày 15.3.2024 … ; ngày 1-7 …": another full date of the sentence.
        .or_else(|| {
            doc.sents[si]
                .hits
                .iter()
                .find_map(|d| d.date.and_then(|p| p.year))
        })
        .or(doc.context_year)?;
    Some(match p.day {
        Some(d) => format!("{y:04}-{:02}-{d:02}", p.month),
        None => format!("{y:04}-{:02}", p.month),
    })
}

/// The publication day of a scraper's `date YYYY-MM-DD` line among the
/// first lines of the text.
pub(super) fn published(s: &str) -> Option<(i32, u32, u32)> {
    s.lines().take(12).find_map(|line| {
        let n = crate::segment::scraper_date(line.trim_start())?;
        let d = line.trim_start()["date ".len()..n].trim();
        let mut parts = d.split('-').map(|p| p.parse::<u32>().ok());
        let (y, m, day) = (parts.next()??, parts.next()??, parts.next()??);
        Some((y as i32, m, day))
    })
}

pub(super) fn context_year(doc: &Doc) -> Option<i32> {
    if doc.dateline_year.is_some() {
        return doc.dateline_year;
    }
    // A scraper's "date 2025-01" line dates the page: a careful reader
    // gives a day and month without a year that year (never a figure's year).
    if let Some(y) = doc.sents.iter().take(3).find_map(|sh| {
        let text = &doc.s[sh.start..sh.end];
        crate::segment::scraper_date(&format!("{text} ")).and_then(|_| text.get(5..9)?.parse().ok())
    }) {
        return Some(y);
    }
    let mut best = None;
    for si in 0..doc.sents.len() {
        let toks = &doc.sents[si].toks;
        for &(i, y) in years(doc, si) {
            // "đến năm 2030" is a horizon, not the time of writing.
            if toks[i.saturating_sub(2)..i]
                .iter()
                .any(|t| t.lower == "đến")
            {
                continue;
            }
            best = best.max(Some(y));
        }
        for h in &doc.sents[si].hits {
            if let Some(y) = h.date.and_then(|d| d.year) {
                best = best.max(Some(y));
            }
        }
    }
    best
}

/// The day of a dateline ("Thứ Ba, 14/01/2025", "Cập nhật: 15/01/2024
/// 09:30"): a short line near the top whose words are furniture, with a
/// full date written with slashes.
pub(super) fn dateline_day(doc: &Doc) -> Option<(i32, u32, u32)> {
    static FULL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?:^|[^\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?:$|[^\d/])").unwrap()
    });
    doc.sents.iter().take(12).find_map(|sh| {
        let words = sh.toks.iter().filter(|t| t.kind == TokKind::Word).count();
        if words > 6 || !sh.hits.iter().all(|h| h.kind == Kind::Date) {
            return None;
        }
        let c = FULL.captures(&doc.s[sh.start..sh.end])?;
        let (d, m, y) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        ((1..=31).contains(&d) && (1..=12).contains(&m)).then_some((y, m, d))
    })
}

/// A dateline: a full date on a short line near the top.
pub(super) fn dateline_year(doc: &Doc) -> Option<i32> {
    for sh in doc.sents.iter().take(12) {
        if crate::grammar::is_furniture_line(doc.s, &sh.toks, &doc.cat.lexicon) {
            continue;
        }
        let words = sh.toks.iter().filter(|t| t.kind == TokKind::Word).count();
        if words <= 8 {
            let text = &doc.s[sh.start..sh.end];
            let re_like = text
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| p.len() == 4)
                .filter_map(|p| p.parse::<i32>().ok())
                .find(|y| (1990..=2100).contains(y));
            if let Some(y) = re_like {
                if sh.toks.iter().filter(|t| t.kind == TokKind::Num).count() >= 3 {
                    return Some(y);
                }
            }
        }
    }
    None
}
