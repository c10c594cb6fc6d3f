//! Indicators carried from another figure: the figures of a list, or the
//! change said right after a figure, share the indicator named once; "tỷ lệ
//! này" refers back to the quantity named before. Takes [`Doc`] and the
//! figures resolved so far; gives an indicator index to `resolve`.

use super::context::{after_previous_figure, has_phrase, Doc};
use super::{Figure, SentenceHits};
use crate::record::Kind;
use crate::token::TokKind;
use crate::token::Token;

/// A figure with no cue of its own that continues the labelled figure
/// before it shares that figure's indicator:
/// - a list, where the predicate is said once ("kết nối 98% trường học và
///   khoảng 90% trạm y tế", "đạt 1.200 hồ sơ, 950 hồ sơ …");
/// - the change of that quantity said right after it ("doanh thu đạt 12 tỷ
///   đồng, tăng 15% so với năm trước"), whatever cue stood before both
///   (the flag in the answer: it overrides the figure's own indicator).
pub(super) fn coordinated(
    doc: &Doc,
    sh: &SentenceHits,
    si: usize,
    hi: usize,
    last: Option<&Figure>,
) -> Option<(Option<usize>, bool)> {
    let h = &sh.hits[hi];
    let prev = last?;
    let p = &sh.hits[hi.checked_sub(1)?];
    if prev.sentence != si || prev.hit.start != p.start {
        return None;
    }
    let gap = &sh.toks[p.tok_end..h.tok_start];
    let punct = |t: &Token, marks: &[&str]| {
        t.kind == TokKind::Punct && marks.contains(&&doc.s[t.start..t.end])
    };
    // "…, tăng 15%": a comma, then only the change's own words.
    let change = h.change.is_some()
        && matches!(h.kind, Kind::Percent | Kind::Multiplier)
        && gap.len() <= 4
        && gap.first().is_some_and(|t| punct(t, &[",", "("]))
        && gap[1..].iter().all(|t| t.kind == TokKind::Word);
    if change && prev.indicator.is_some() {
        return Some((prev.indicator, true));
    }
    let same = h.kind == p.kind && matches!(h.kind, Kind::Percent | Kind::Count | Kind::Money);
    // "31% trong năm 2021, 44% năm 2022 và …": each item's own year said
    // after it does not break the list.
    let gap = &gap[dated_item(doc, gap)..];
    // "đạt 9,2%, cao hơn mức 8,1% của năm 2023", "đạt 64%, trong khi năm
    // 2023 chỉ khoảng 40%": the same quantity compared.
    let compared = doc
        .cat
        .lexicon
        .comparison_links
        .iter()
        .any(|l| has_phrase(gap, l));
    let joined = gap.iter().filter(|t| t.lower == "và").count() == 1
        || compared
        || (gap.first().is_some_and(|t| punct(t, &[","])) && gap.len() == 1);
    let year_in_gap = |k: usize| gap[k].kind == TokKind::Num && k > 0 && gap[k - 1].lower == "năm";
    let plain = gap.len() <= 8
        && gap.iter().enumerate().all(|(k, t)| {
            (t.kind == TokKind::Word || punct(t, &[","]) || year_in_gap(k))
                && !matches!(
                    t.lower.as_str(),
                    "đạt" | "là" | "chiếm" | "có" | "tỷ" | "tỉ"
                )
        });
    // "đạt 58,4% (kế hoạch 50%)", "chưa đạt chỉ tiêu 55%": the goal's
    // value of the same quantity.
    // (The cheap tests first: the phrase lookup builds a string.)
    let lex = &doc.cat.lexicon;
    let goal_of_it = || {
        gap.len() <= 6
            && !gap.iter().any(|t| t.kind == TokKind::Num)
            && gap.windows(2).any(|w| {
                lex.status_of
                    .get(format!("{} {}", w[0].lower, w[1].lower).as_str())
                    == Some(&"goal")
            })
    };
    if same && h.kind == Kind::Percent && goal_of_it() {
        return Some((prev.indicator, false));
    }
    (same && joined && plain).then_some((prev.indicator, false))
}

/// The length of a year said right after a list item: "(vào|trong) năm
/// 2015" at the start of the gap to the next item.
fn dated_item(doc: &Doc, gap: &[Token]) -> usize {
    let lead = usize::from(
        gap.first()
            .is_some_and(|t| matches!(t.lower.as_str(), "vào" | "trong")),
    );
    let year = gap.get(lead + 1).filter(|t| {
        let raw = &doc.s[t.start..t.end];
        t.kind == TokKind::Num && raw.len() == 4 && raw.starts_with(['1', '2'])
    });
    if gap.get(lead).is_some_and(|t| t.lower == "năm") && year.is_some() {
        lead + 2
    } else {
        0
    }
}

/// Whether the figure at `hi` is the next item of a list whose item before
/// is `prev` ("100% cơ quan cấp huyện và 15/15 xã …"): one "và" or comma
/// between them and no verb of its own in the first item's words.
pub(super) fn joined_before(doc: &Doc, sh: &SentenceHits, hi: usize, prev: &Figure) -> bool {
    let Some(p) = hi.checked_sub(1).map(|k| &sh.hits[k]) else {
        return false;
    };
    if prev.hit.start != p.start || p.kind != sh.hits[hi].kind && p.kind != Kind::Percent {
        return false;
    }
    let gap = &sh.toks[p.tok_end..sh.hits[hi].tok_start];
    let punct = |t: &Token| t.kind == TokKind::Punct && &doc.s[t.start..t.end] == ",";
    let verbs = ["đã", "được", "đạt", "là", "có", "chiếm"];
    gap.len() <= 8
        && gap.iter().filter(|t| t.lower == "và").count() == 1
        && gap.last().is_some_and(|t| t.lower == "và")
        && gap.iter().all(|t| t.kind == TokKind::Word || punct(t))
        && !gap.iter().any(|t| verbs.contains(&t.lower.as_str()))
}

/// Whether the words before a figure point back to several places at once:
/// "hai tỉnh này", "cả hai địa phương", "các tỉnh trên", "ba thành phố đó".
pub(super) fn plural_reference(toks: &[Token]) -> bool {
    toks.windows(3).any(|w| {
        let many = matches!(w[0].lower.as_str(), "hai" | "ba" | "các" | "những");
        let unit = matches!(w[1].lower.as_str(), "tỉnh" | "địa" | "thành");
        many && unit
            && (matches!(w[2].lower.as_str(), "này" | "trên" | "đó")
                || (w[2].lower == "phương" || w[2].lower == "phố")
                    && toks.iter().any(|t| {
                        t.start > w[2].start && matches!(t.lower.as_str(), "này" | "trên" | "đó")
                    }))
    }) || toks
        .windows(2)
        .any(|w| w[0].lower == "cả" && w[1].lower == "hai")
}

/// Whether the figure's clause names its quantity by pointing back: "tỷ lệ
/// này", "con số này", "chỉ số trên", "tỷ trọng đó" before the figure.
pub(super) fn refers_back(doc: &Doc, sh: &SentenceHits, hi: usize) -> bool {
    let h = &sh.hits[hi];
    let from = after_previous_figure(sh, hi);
    let toks = &sh.toks[from..h.tok_start];
    toks.windows(3).any(|w| {
        let head = (w[0].lower.as_str(), w[1].lower.as_str());
        doc.cat.lexicon.anaphora_heads.iter().any(|a| {
            let mut p = a.split(' ');
            (p.next(), p.next()) == (Some(head.0), Some(head.1))
        }) && matches!(w[2].lower.as_str(), "này" | "trên" | "đó")
    })
}
