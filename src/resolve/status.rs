//! Achieved or target: the status cue that governs a clause, a heading's or
//! lead's status, and the figure's own status. Takes [`Doc`] and token spans;
//! gives `"achieved"`/`"target"` to `resolve` and to [`super::time`] (a goal's
//! deadline is a target's year).

use super::context::Doc;
use super::SentenceHits;
use crate::record::Kind;
use crate::token::TokKind;
use crate::token::{opens_with, Token};

/// Status cues in the tokens `from..to` of a sentence, nearest to `to` first.
pub(super) fn status_cue(
    doc: &Doc,
    toks: &[Token],
    from: usize,
    to: usize,
    nearest: bool,
    heading: bool,
) -> Option<&'static str> {
    let mut phrase = String::new();
    let mut check = |i: usize| match cue_at(doc, toks, i, to, heading, &mut phrase)? {
        "goal" => Some("target"),
        st => Some(st),
    };
    if nearest {
        (from..to).rev().find_map(&mut check)
    } else {
        (from..to).find_map(&mut check)
    }
}

/// The status cue that starts at token `i` and ends by `to`: `"achieved"`,
/// `"target"` or `"goal"` (a goal noun: "kế hoạch", "mục tiêu").
fn cue_at(
    doc: &Doc,
    toks: &[Token],
    i: usize,
    to: usize,
    heading: bool,
    phrase: &mut String,
) -> Option<&'static str> {
    let lex = &doc.cat.lexicon;
    if toks[i].kind != TokKind::Word || !lex.status_heads.contains(toks[i].lower.as_str()) {
        return None;
    }
    // A capitalised cue inside a sentence is a name's ("Bộ Kế hoạch và Đầu
    // tư", "Kế hoạch số 12/KH-UBND"), not a goal said.
    let capital = doc.s[toks[i].start..toks[i].end]
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    if !heading && capital && i > 0 && toks[i - 1].kind == TokKind::Word {
        return None;
    }
    for n in [4usize, 3, 2, 1] {
        if i + n > to || toks[i..i + n].iter().any(|t| t.kind != TokKind::Word) {
            continue;
        }
        phrase.clear();
        for (k, t) in toks[i..i + n].iter().enumerate() {
            if k > 0 {
                phrase.push(' ');
            }
            phrase.push_str(&t.lower);
        }
        // "19/20 chỉ tiêu": the counted noun; "nhóm chỉ tiêu": a group of indicators.
        if phrase == "chỉ tiêu"
            && i > 0
            && (toks[i - 1].kind == TokKind::Num || toks[i - 1].lower == "nhóm")
        {
            continue;
        }
        // In a heading, a bare "đã" says nothing of what follows.
        if heading && phrase == "đã" {
            continue;
        }
        // "đến năm 2025" is a horizon; "tính đến năm 2025" is a result as of then.
        let as_of = i > 0 && toks[i - 1].lower == "tính";
        if phrase == "đến năm"
            && (as_of || !toks.get(i + 2).is_some_and(|t| t.kind == TokKind::Num))
        {
            continue;
        }
        match lex.status_of.get(phrase.as_str()).copied() {
            // A completion verb with no tense ("hoàn thành"): a result in
            // a heading; elsewhere no cue, the words before it decide.
            Some("neutral") if heading => return Some("achieved"),
            Some("neutral") => return None,
            // "2. Nhiệm vụ năm 2025": what a heading sets out to do.
            Some("heading_target") if heading => return Some("target"),
            Some("heading_target") => return None,
            // "hướng tới 100% …" sets a goal; "hướng tới xây dựng …" a direction.
            Some("before_number") => {
                return toks
                    .get(i + n)
                    .is_some_and(|t| t.kind == TokKind::Num)
                    .then_some("target")
            }
            // "chưa hoàn thành" was checked as a three-word or two-word phrase.
            Some("achieved") if i > 0 && toks[i - 1].lower == "chưa" => return Some("target"),
            Some("goal") if goal_done(lex, toks, i, n) => return None,
            Some(st) => return Some(st),
            None => {}
        }
    }
    None
}

/// Whether the goal noun at `toks[i..i + n]` is a goal done: met ("hoàn
/// thành chỉ tiêu 100% …", the words before decide) or passed with no
/// number saying the goal ("đều vượt kế hoạch").
fn goal_done(lex: &crate::rules::Lexicon, toks: &[Token], i: usize, n: usize) -> bool {
    met_before(&lex.goal_met, toks, i)
        || (met_before(&lex.goal_passed, toks, i)
            && !toks[i + n..].iter().any(|t| t.kind == TokKind::Num))
}

/// Whether a heading or title names results and then goals ("Kết quả năm
/// 2024, phương hướng, nhiệm vụ năm 2025"): it governs no status.
pub(super) fn results_then_goals(doc: &Doc, toks: &[Token], n: usize) -> bool {
    // "Kết quả" opens it (after a numbering, "II. Kết quả …"); "Để tiếp nối
    // kết quả trên, kế hoạch … đề ra" is a goal.
    let opening = toks.iter().take_while(|t| t.kind != TokKind::Word).count();
    let p = opening;
    if !(p + 1 < n && toks[p].lower == "kết" && toks[p + 1].lower == "quả") {
        return false;
    }
    status_cue(doc, toks, 0, p, false, true).is_none()
        && status_cue(doc, toks, p + 2, n, false, true) == Some("target")
}

/// Whether tokens `..n` say goals were passed with no number for the goal
/// ("các chỉ tiêu đều vượt kế hoạch"): a result, whatever goal noun came first.
pub(super) fn passes_goal(doc: &Doc, toks: &[Token], n: usize) -> bool {
    let lex = &doc.cat.lexicon;
    (1..n).any(|i| {
        met_before(&lex.goal_passed, toks, i)
            && (1..=3).any(|k| {
                i + k <= n && !toks[i + k..n].iter().any(|t| t.kind == TokKind::Num) && {
                    let p: Vec<&str> = toks[i..i + k].iter().map(|t| t.lower.as_str()).collect();
                    lex.status_of.get(p.join(" ").as_str()) == Some(&"goal")
                }
            })
    })
}

/// Whether one of `verbs` ("hoàn thành", "vượt") stands right before token `i`.
fn met_before(verbs: &[String], toks: &[Token], i: usize) -> bool {
    verbs.iter().any(|v| {
        let n = v.split(' ').count();
        i >= n && opens_with(&toks[i - n..i], v)
    })
}

/// A short line set as a section heading: numbered ("I. MỤC TIÊU", "2. Mục
/// tiêu cụ thể", "a) Kết quả") or in capitals ("KẾT QUẢ THỰC HIỆN").
pub(super) fn section_heading(text: &str) -> bool {
    let text = text.trim();
    if text.split_whitespace().count() > 10 {
        return false;
    }
    let first = text.split_whitespace().next().unwrap_or("");
    let numbered = first.len() <= 5
        && (first.ends_with('.') || first.ends_with(')'))
        && first[..first.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | 'a'..='e' | '.'));
    let letters = || text.chars().filter(|c| c.is_alphabetic());
    let caps = letters().nth(3).is_some() && letters().all(char::is_uppercase);
    numbered || caps
}

/// The status a heading gives what follows: its first cue ("Kết quả thực
/// hiện các chỉ tiêu …" is a result), except that a bare "kết quả" after the
/// last goal word is a column of results (a table's header row "Chỉ tiêu |
/// Kết quả 2023"). Elsewhere a bare "kết quả" is a noun ("kết quả giải quyết
/// TTHC", "tiếp nối kết quả trên") and no status cue.
pub(super) fn lead_status(doc: &Doc, si: usize, n: usize) -> Option<&'static str> {
    let toks = &doc.sents[si].toks;
    if results_then_goals(doc, toks, n) {
        return None;
    }
    let results = |p: usize| toks[p].lower == "kết" && toks[p + 1].lower == "quả";
    // "II. KẾT QUẢ NĂM 2023": results, with no other cue.
    let Some(first) = status_cue(doc, toks, 0, n, false, true) else {
        return (0..n.saturating_sub(1)).any(results).then_some("achieved");
    };
    let results_after = first == "target"
        && (1..n.saturating_sub(1)).any(|p| {
            results(p)
                && status_cue(doc, toks, 0, p, false, true) == Some("target")
                && status_cue(doc, toks, p + 2, n, false, true).is_none()
        });
    // "Các chỉ tiêu … đều vượt kế hoạch": the goals were passed, a result.
    let passed = first == "target" && passes_goal(doc, toks, n);
    Some(if results_after || passed {
        "achieved"
    } else {
        first
    })
}

pub(super) fn status(doc: &Doc, si: usize, hi: usize) -> Option<&'static str> {
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    let mut from = if hi > 0 { sh.hits[hi - 1].tok_end } else { 0 };
    // The goal noun of the percent before ("đạt 100% mục tiêu); 60% …") is
    // that percent's: a share of its goal.
    let mut phrase = String::new();
    if hi > 0
        && sh.hits[hi - 1].kind == Kind::Percent
        && from < h.tok_start
        && cue_at(doc, &sh.toks, from, h.tok_start, false, &mut phrase) == Some("goal")
    {
        from += phrase.split(' ').count();
    }
    if let Some(st) = status_cue(doc, &sh.toks, from, h.tok_start, true, false) {
        return Some(st);
    }
    let first = sh
        .hits
        .iter()
        .find(|f| f.kind != Kind::Date)
        .map(|f| f.tok_start)
        .unwrap_or(0);
    if hi > 0 {
        if let Some(st) = status_cue(doc, &sh.toks, 0, first, true, false) {
            return Some(st);
        }
    }
    // No cue before it: the rest of its own clause ("90% hồ sơ sẽ được số
    // hóa"), up to the next figure, clause mark or "và".
    let end = (h.tok_end..sh.toks.len())
        .find(|&k| {
            let t = &sh.toks[k];
            sh.hits.iter().any(|n| n.tok_start == k)
                || t.lower == "và"
                || (t.kind == TokKind::Punct
                    && matches!(&doc.s[t.start..t.end], ";" | ":" | "," | "(" | "-" | "–"))
        })
        .unwrap_or(sh.toks.len());
    // "đạt 79% mục tiêu", "100% kế hoạch": a share of a goal is how much of
    // it was done, a result.
    if share_of_goal(doc, sh, hi) {
        return Some("achieved");
    }
    status_cue(doc, &sh.toks, h.tok_end, end, false, false)
}

/// Whether the figure at `hi` is a percent of a goal ("đạt 79% mục tiêu",
/// "bằng 104% kế hoạch"): how much of the goal was done, a result, and no
/// value of the goal's indicator.
pub(super) fn share_of_goal(doc: &Doc, sh: &SentenceHits, hi: usize) -> bool {
    let h = &sh.hits[hi];
    h.kind == Kind::Percent
        && h.tok_end < sh.toks.len()
        && cue_at(
            doc,
            &sh.toks,
            h.tok_end,
            sh.toks.len(),
            false,
            &mut String::new(),
        ) == Some("goal")
}

/// Whether the document only sets goals: some sentence says a goal and none
/// says a result (a plan, or a passage cut from one: its bare figures,
/// "- Tỷ lệ thôn có sóng 4G: 100%", are goals).
pub(super) fn only_goals(doc: &Doc) -> bool {
    let mut phrase = String::new();
    let (mut goals, mut results) = (false, false);
    for sh in doc.sents {
        for i in 0..sh.toks.len() {
            match cue_at(doc, &sh.toks, i, sh.toks.len(), false, &mut phrase) {
                Some("target" | "goal") => goals = true,
                Some("achieved") => results = true,
                _ => {}
            }
        }
    }
    goals && !results
}
