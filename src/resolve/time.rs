//! Years and days: the years written in each sentence (legal documents'
//! dates and relative years — "năm nay", "năm ngoái" — included), the
//! dateline's and the document's year, the lead's year, and a figure's year,
//! as_of day and a date's ISO form. Takes [`Doc`]; gives the per-sentence
//! [`SentInfo`] index (built once) and a figure's year to `resolve`.

use super::context::{
    has_phrase, present, sentence_years, undated, years, Doc, SentInfo, MAX_WALK,
};
use super::status::status_cue;
use super::SentenceHits;
use crate::grammar::Hit;
use crate::record::Kind;
use crate::text::find;
use crate::token::TokKind;
use crate::token::Token;
use std::sync::LazyLock;

/// A legal document's number ("57-NQ/TW", "1993/QĐ-UBND", "số 37/KH-UBND"):
/// a date or year right after it is the document's, not the data's.
pub(super) static DOC_NUMBER: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\d\s*[/-]\s*[A-ZĐ]{2,}").expect("valid regex"));

/// Whether the year or date at token `i` dates a legal document named just
/// before it ("Nghị quyết 05-NQ/TU ngày 22/10/2021", "Quyết định số
/// 12/QĐ-UBND năm 2020").
pub(super) fn document_date(s: &str, toks: &[Token], i: usize) -> bool {
    let from = toks[i.saturating_sub(8)].start;
    DOC_NUMBER.is_match(&s[from..toks[i].start])
}

/// Years written in a sentence (not inside dates, identifiers, "so với năm X").
pub(super) fn compute_years(doc: &Doc, si: usize) -> Vec<(usize, i32)> {
    let sh = &doc.sents[si];
    let s = doc.s;
    let mut out = Vec::new();
    if crate::grammar::is_furniture_line(s, &sh.toks, &doc.cat.lexicon) {
        return out;
    }
    for (i, t) in sh.toks.iter().enumerate() {
        if t.kind == TokKind::Word && t.lower == "năm" {
            if let Some(y) = relative_year(doc, &sh.toks, i) {
                out.push((i, y));
            }
            continue;
        }
        if let Some(y) = written_year(doc, sh, i) {
            out.push((i, y));
        }
    }
    out
}

/// The year written as a number at token `i` of a sentence, unless it sits
/// in a figure, an identifier, a span of years, a comparison's base, a
/// horizon or a legal document's date.
fn written_year(doc: &Doc, sh: &SentenceHits, i: usize) -> Option<i32> {
    let s = doc.s;
    let t = &sh.toks[i];
    if t.kind != TokKind::Num {
        return None;
    }
    let raw = &s[t.start..t.end];
    if raw.len() != 4 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let Ok(y) = raw.parse::<i32>() else {
        return None;
    };
    if !(1990..=2100).contains(&y) {
        return None;
    }
    if sh.hits.iter().any(|h| h.tok_start <= i && i < h.tok_end) {
        return None;
    }
    let glued = |k: usize| {
        sh.toks.get(k).is_some_and(|x| {
            !x.space_before && x.kind == TokKind::Punct && matches!(&s[x.start..x.end], "/" | "-")
        })
    };
    // "quý I/2024", "quý 3/2023": a quarter's year.
    let quarter = i >= 3
        && sh.toks[i - 3].lower == "quý"
        && (matches!(sh.toks[i - 2].lower.as_str(), "i" | "ii" | "iii" | "iv")
            || matches!(
                &s[sh.toks[i - 2].start..sh.toks[i - 2].end],
                "1" | "2" | "3" | "4"
            ));
    if quarter {
        return Some(y);
    }
    // Glued to a word (an identifier) or to another number: a span of
    // years ("năm học 2023-2024") is no one year.
    // (The mark before this year glued to it: "2023-2024", "KH-2024".)
    let after_mark = i >= 2
        && !t.space_before
        && glued(i - 1)
        && matches!(sh.toks[i - 2].kind, TokKind::Word | TokKind::Num);
    if after_mark
        || glued(i + 1)
            && sh
                .toks
                .get(i + 2)
                .is_some_and(|x| x.kind == TokKind::Word || x.kind == TokKind::Num)
    {
        return None;
    }
    if i > 0
        && !t.space_before
        && sh.toks[i - 1].kind == TokKind::Punct
        && &s[sh.toks[i - 1].start..sh.toks[i - 1].end] == "/"
    {
        return None;
    }
    // "Techfest 2023", "APEC 2027": a year closing an event's name dates
    // the event (an index's name, "DTI 2022", dates its data).
    if event_name_before(doc, sh, i) {
        return None;
    }
    // "so với (cùng kỳ) năm 2021", "giai đoạn 2021-2025".
    let back: Vec<&str> = sh.toks[i.saturating_sub(5)..i]
        .iter()
        .map(|x| x.lower.as_str())
        .collect();
    let horizon = back
        .windows(2)
        .any(|w| w == ["hướng", "đến"] || w == ["nhìn", "đến"] || w == ["tầm", "nhìn"]);
    // "Sau năm 2025, …": after that year, not in it.
    let after = back.ends_with(&["sau", "năm"]) || back.ends_with(&["sau"]);
    if back.windows(2).any(|w| w == ["so", "với"])
        || back.contains(&"đoạn")
        || after
        || horizon
        || document_date(s, &sh.toks, i)
    {
        return None;
    }
    Some(y)
}

/// Whether the year at token `i` closes a name: the word before it is
/// capitalised, not the sentence's first word, and no index's name.
fn event_name_before(doc: &Doc, sh: &SentenceHits, i: usize) -> bool {
    if i < 2 {
        return false;
    }
    let prev = &sh.toks[i - 1];
    let raw = &doc.s[prev.start..prev.end];
    let capital = raw.chars().next().is_some_and(char::is_uppercase);
    let index = doc.cat.lexicon.index_topic.as_ref().is_some_and(|t| {
        t.words
            .iter()
            .chain(&t.other)
            .any(|w| w.as_str() == prev.lower.as_str())
    });
    prev.kind == TokKind::Word && prev.space_before && capital && !index && prev.lower != "năm"
}

/// "năm nay" (this year) and "năm ngoái", "năm trước", "năm vừa qua" (last
/// year) at `i`, resolved by the dateline; not a comparison's base ("so với
/// năm trước") nor "2 năm trước" (two years ago).
pub(super) fn relative_year(doc: &Doc, toks: &[Token], i: usize) -> Option<i32> {
    let d = doc.dateline_year?;
    let word = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
    let delta = match (word(i + 1), word(i + 2)) {
        ("nay", _) => 0,
        ("tới", _) | ("sau", _) if !matches!(word(i + 2), "nữa" | "đó") => 1,
        ("ngoái", _) | ("vừa", "qua") => -1,
        ("trước", w) if w != "đây" => -1,
        _ => return None,
    };
    if i > 0 && toks[i - 1].kind == TokKind::Num {
        return None;
    }
    // The four words before, nearest first: "so với (cùng kỳ) năm trước".
    let b = [1, 2, 3, 4].map(|k| word(i.wrapping_sub(k)));
    if b[0] == "với" || b.windows(2).any(|w| w == ["với", "so"]) {
        return None;
    }
    Some(d + delta)
}

/// The last year of a sentence that is not some figure's own trailing year
/// ("đạt 100% ngay từ cuối năm 2021" belongs to that 100%).
pub(super) fn governing_year(doc: &Doc, k: usize) -> Option<i32> {
    let sh = &doc.sents[k];
    let boundary = |t: &Token| {
        t.lower == "và"
            || (t.kind == TokKind::Punct && matches!(&doc.s[t.start..t.end], ";" | ":" | ","))
    };
    sentence_years(doc, k)
        .iter()
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

/// Words that put a figure in the present, with no year ("hiện nay").
pub(super) fn compute_present(doc: &Doc, si: usize) -> bool {
    let sh = &doc.sents[si];
    // "hiện" alone before a verb: "Hue-S hiện tích hợp …" (not thực hiện, hiện đại …).
    let now = sh.toks.iter().enumerate().any(|(k, t)| {
        t.lower == "hiện"
            && !(k > 0
                && matches!(
                    sh.toks[k - 1].lower.as_str(),
                    "thực" | "xuất" | "thể" | "biểu" | "phát" | "hiển" | "tái"
                ))
            && !sh.toks.get(k + 1).is_some_and(|n| {
                matches!(
                    n.lower.as_str(),
                    "đại"
                        | "thực"
                        | "trạng"
                        | "hành"
                        | "tượng"
                        | "diện"
                        | "vật"
                        | "hữu"
                        | "ra"
                        | "nay"
                        | "tại"
                        | "có"
                        | "đã"
                )
            })
    });
    if now {
        return true;
    }
    doc.cat
        .lexicon
        .undated
        .iter()
        .any(|w| w != "đến nay" && has_phrase(&sh.toks, w))
}

pub(super) fn compute_undated(doc: &Doc, si: usize) -> bool {
    let toks = &doc.sents[si].toks;
    doc.cat.lexicon.undated.iter().any(|w| has_phrase(toks, w))
}

/// Year candidates of a sentence, with dates that frame it ("đến hết tháng 9/2022").
pub(super) fn compute_sentence_years(doc: &Doc, si: usize) -> Vec<(usize, i32)> {
    let sh = &doc.sents[si];
    let mut ys = compute_years(doc, si);
    for d in &sh.hits {
        if d.kind != Kind::Date || d.tok_start == 0 {
            continue;
        }
        let prev = &sh.toks[d.tok_start - 1];
        let before = prev.lower.as_str();
        // "công bố vào cuối tháng 5/2025" dates an event, not the data.
        let event = sh.toks[d.tok_start.saturating_sub(3)..d.tok_start]
            .iter()
            .any(|t| t.lower == "vào");
        // "…; tháng 11/2024 là 4.900 hồ sơ": a month opening a clause.
        let clause_month = d.date.is_some_and(|p| p.day.is_none())
            && prev.kind == TokKind::Punct
            && &doc.s[prev.start..prev.end] == ";";
        if !event
            && !document_date(doc.s, &sh.toks, d.tok_start)
            && (clause_month
                || matches!(
                    before,
                    "đến" | "hết" | "cuối" | "trong" | "từ" | "ngày" | "đầu"
                ))
        {
            if let Some(y) = d.date.and_then(|p| p.year) {
                ys.push((d.tok_start, y));
            }
        }
    }
    ys.sort();
    ys
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
    // "Hiện nay", "thời gian qua": the present, whatever the passage says.
    if present(doc, si) {
        return None;
    }
    // The lead of an earlier sentence of the same paragraph ("Năm 2022, … .
    // Đến nay, … 19/20 chỉ tiêu").
    let mut k = si;
    let mut vague = undated(doc, si);
    while k > 0 && para[k - 1] == para[si] && si - k < MAX_WALK {
        k -= 1;
        if let Some(y) = governing_year(doc, k) {
            return Some(y);
        }
        vague |= undated(doc, k);
    }
    if vague {
        return None;
    }
    heading.or(title).or(lead)
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

/// "tăng 17% so với năm 2022 (0,5763 điểm)": the figure in parentheses
/// right after a comparison's base year is that year's value.
fn base_value_year(doc: &Doc, sh: &SentenceHits, hi: usize) -> Option<i32> {
    let i = sh.hits[hi].tok_start;
    let text = |k: usize| &doc.s[sh.toks[k].start..sh.toks[k].end];
    if i < 4 || text(i - 1) != "(" || sh.toks[i - 2].kind != TokKind::Num {
        return None;
    }
    let raw = text(i - 2);
    let y: i32 = raw.parse().ok().filter(|y| (1990..=2100).contains(y))?;
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
    // A day with no year: the last such day up to the page's publication.
    let before_published =
        doc.published.zip(p.day).map(
            |((y, m, d), day)| {
                if (p.month, day) > (m, d) {
                    y - 1
                } else {
                    y
                }
            },
        );
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

pub(super) fn sent_info(doc: &Doc) -> Vec<SentInfo> {
    (0..doc.sents.len())
        .map(|si| SentInfo {
            years: compute_years(doc, si),
            sentence_years: compute_sentence_years(doc, si),
            undated: compute_undated(doc, si),
            present: compute_present(doc, si),
        })
        .collect()
}
