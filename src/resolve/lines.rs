//! What a line of the document is: the title and its years, a list item or
//! a bullet, a framing year that opens a paragraph, a figure in parentheses.
//! Takes [`Doc`]; gives plain answers to `resolve`'s frame and attribution.

use super::context::{has_phrase, undated, years, Doc};
use super::status;
use super::status::status_cue;
use crate::record::Kind;
use crate::token::{TokKind, Token};

/// The earliest year the title line names, when it names more than one.
pub(super) fn title_first_year(doc: &Doc) -> Option<i32> {
    let i = (0..doc.sents.len().min(8)).find(|&i| !years(doc, i).is_empty())?;
    let ys = years(doc, i);
    let (lo, hi) = ys
        .iter()
        .fold((i32::MAX, i32::MIN), |(a, b), x| (a.min(x.1), b.max(x.1)));
    (lo < hi).then_some(lo)
}

/// The year of the title line (among the first eight lines: a short one with
/// no figure, or a first line of its own), and whether the title sets goals.
pub(super) fn title_year(doc: &Doc) -> Option<(i32, bool)> {
    let sents = doc.sents;
    (0..sents.len().min(8)).find_map(|i| {
        let f = &sents[i];
        let words = f.toks.iter().filter(|t| t.kind == TokKind::Word).count();
        // A first line of its own may carry a figure ("Tỉnh hoàn thành
        // 17/20 chỉ tiêu năm 2024"): it is still the title.
        // (Not a dated lead: "Ngày 5/10, tỉnh tổ chức …".)
        let title_line = i == 0
            && f.hits.iter().all(|h| h.kind != Kind::Date)
            && sents
                .get(1)
                .is_none_or(|n| doc.s[f.end..n.start].contains('\n'));
        if (!f.hits.is_empty() && !title_line) || undated(doc, i) || words > 30 {
            return None;
        }
        let goals = status_cue(doc, &f.toks, 0, f.toks.len(), false, false) == Some("target")
            && !has_phrase(&f.toks, "đã")
            && !status::results_then_goals(doc, &f.toks, f.toks.len());
        years(doc, i).iter().map(|x| x.1).max().map(|y| (y, goals))
    })
}

/// Whether sentence `si` opens with a bullet ("-", "+", "•").
pub(super) fn bulleted(doc: &Doc, si: usize) -> bool {
    let sh = &doc.sents[si];
    sh.toks
        .first()
        .is_some_and(|t| matches!(&doc.s[t.start..t.end], "-" | "+" | "•" | "*" | "–" | "—"))
}

/// Whether sentence `si` reads as an item of a list: it opens with a bullet
/// ("-", "+", "•") or an enumerator ("1.", "a)", "II."), or with a short
/// label and a colon ("Hạ tầng số: …").
pub(super) fn list_item(doc: &Doc, si: usize) -> bool {
    let sh = &doc.sents[si];
    let text = |k: usize| sh.toks.get(k).map_or("", |t| &doc.s[t.start..t.end]);
    let first = text(0);
    if bulleted(doc, si) {
        return true;
    }
    let labelled = sh
        .toks
        .iter()
        .take(20)
        .take_while(|t| !(t.kind == TokKind::Punct && matches!(text_of(doc, t), "." | ";")))
        .any(|t| t.kind == TokKind::Punct && text_of(doc, t) == ":");
    if labelled {
        return true;
    }
    let short = first.chars().count() <= 4
        && first
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'a'..='z' | 'I' | 'V' | 'X'));
    short && matches!(text(1), "." | ")")
}

fn text_of<'a>(doc: &Doc<'a>, t: &Token) -> &'a str {
    &doc.s[t.start..t.end]
}

/// A framing month ("đến hết tháng 9/2022") carries to the next paragraphs;
/// so does "Năm 2024, tỉnh …" opening a paragraph.
pub(super) fn framing_year(doc: &Doc, si: usize, para: &[usize]) -> Option<i32> {
    let sh = &doc.sents[si];
    sh.hits
        .iter()
        .find_map(|d| {
            let p = d.date?;
            let before = if d.tok_start > 0 {
                sh.toks[d.tok_start - 1].lower.as_str()
            } else {
                ""
            };
            let event = sh.toks[d.tok_start.saturating_sub(3)..d.tok_start]
                .iter()
                .any(|t| t.lower == "vào");
            (p.day.is_none() && !event && matches!(before, "đến" | "hết" | "cuối" | "trong"))
                .then_some(p.year)
                .flatten()
        })
        .or_else(|| {
            let lead = &sh.toks[..sh.toks.len().min(3)];
            let starts = matches!(
                lead.first().map(|t| t.lower.as_str()),
                Some("năm" | "trong")
            );
            if !starts || (si > 0 && para[si - 1] == para[si]) {
                return None;
            }
            years(doc, si).first().filter(|(i, _)| *i <= 2).map(|x| x.1)
        })
}
