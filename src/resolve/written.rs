//! The years a sentence writes: four-digit years that date data (not inside
//! figures, identifiers, spans, comparison bases, horizons, names or legal
//! documents' dates), relative years ("năm nay", "năm ngoái") resolved by
//! the dateline, and the words that put a sentence in the present or leave it
//! undated. Takes [`Doc`]; gives the per-sentence [`SentInfo`] index, built
//! once, that [`super::time`] and the frame read.

use super::context::{has_phrase, year_token, Doc, SentInfo};
use super::SentenceHits;
use crate::record::Kind;
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
    // "năm học 2023 – 2024" written with spaces: a span of years too.
    if spaced_span(s, &sh.toks, i) {
        return None;
    }
    // "Techfest 2023", "APEC 2027": a year closing an event's name dates
    // the event (an index's name, "DTI 2022", dates its data).
    if event_name_before(doc, sh, i) {
        return None;
    }
    if base_or_horizon(s, &sh.toks, i) {
        return None;
    }
    Some(y)
}

/// Whether the year at token `i` is one end of a span written with spaces
/// around its dash ("2023 – 2024").
pub(super) fn spaced_span(s: &str, toks: &[Token], i: usize) -> bool {
    let dash = |k: usize| {
        toks.get(k).is_some_and(|x| {
            x.kind == TokKind::Punct && matches!(&s[x.start..x.end], "-" | "–" | "—")
        })
    };
    let year_at = |k: usize| toks.get(k).is_some_and(|x| year_token(s, x).is_some());
    (dash(i + 1) && year_at(i + 2)) || (i >= 2 && dash(i - 1) && year_at(i - 2))
}

/// Whether the year at token `i` is a comparison's base ("so với (cùng kỳ)
/// năm 2021"), part of a period ("giai đoạn 2021-2025"), a horizon ("tầm
/// nhìn đến 2045"), "sau năm 2030", or a legal document's date.
fn base_or_horizon(s: &str, toks: &[Token], i: usize) -> bool {
    // "so với (cùng kỳ) năm 2021", "giai đoạn 2021-2025".
    let back: Vec<&str> = toks[i.saturating_sub(5)..i]
        .iter()
        .map(|x| x.lower.as_str())
        .collect();
    let horizon = back
        .windows(2)
        .any(|w| w == ["hướng", "đến"] || w == ["nhìn", "đến"] || w == ["tầm", "nhìn"]);
    // "Sau năm 2025, …": after that year, not in it.
    let after = back.ends_with(&["sau", "năm"]) || back.ends_with(&["sau"]);
    // "so với mức 72% của năm 2023", "cao hơn mức 8,1% của năm 2023": a
    // base said with its value, further back in the same clause.
    let clause: Vec<&str> = toks[i.saturating_sub(9)..i]
        .iter()
        .rev()
        .take_while(|x| {
            !(x.kind == TokKind::Punct && matches!(&s[x.start..x.end], "," | ";" | ":"))
        })
        .map(|x| x.lower.as_str())
        .collect();
    let based = clause
        .windows(2)
        .any(|w| w == ["với", "so"] || w == ["mức", "hơn"])
        // "gấp 1,5 lần năm 2023": the multiplier's base.
        || clause.starts_with(&["năm", "lần"]);
    back.windows(2).any(|w| w == ["so", "với"])
        || based
        || back.contains(&"đoạn")
        || after
        || horizon
        || document_date(s, toks, i)
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
    let lex = &doc.cat.lexicon;
    let index = lex
        .dated_names
        .iter()
        .any(|w| w.as_str() == prev.lower.as_str())
        || lex.index_topic.as_ref().is_some_and(|t| {
            t.words
                .iter()
                .chain(&t.other)
                .any(|w| w.as_str() == prev.lower.as_str())
        });
    if prev.kind != TokKind::Word || !prev.space_before || index || prev.lower == "năm" {
        return false;
    }
    // A name in another script's words ("Mekong delta 2023", "Vietnam ICT
    // summit 2024"): a run of unaccented words opened by a capital.
    let latin = |t: &Token| {
        t.kind == TokKind::Word
            && doc.s[t.start..t.end]
                .bytes()
                .all(|b| b.is_ascii_alphabetic())
    };
    let named_run = latin(prev)
        && sh.toks[..i - 1]
            .iter()
            .rev()
            .take(3)
            .take_while(|t| latin(t))
            .any(|t| doc.s[t.start..t.end].starts_with(|c: char| c.is_ascii_uppercase()));
    capital || named_run
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
