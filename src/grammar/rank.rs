//! Ranks: the number at a [`Here`] read as a place in a ranking, or as the
//! size of a group.
//!
//! Takes the [`Here`] that [`super::figure_at`] computed once; gives
//! `Some(Step)` (a rank hit, a group size, or a skip of an ordinal that is no
//! rank: "năm thứ 3") or `None`, and then [`super::quantity`] reads the
//! number. Forms, tried in this order: a place ("vị trí 27", "từ 1 xuống
//! 6"), an ordinal ("thứ 51", "thứ 2 và 3"), a group ("Top 10", "nhóm 63
//! tỉnh", "1 trong 10 … đứng đầu"), a list of places after a rank noun, a
//! rank word ("xếp hạng 57/63", "nhóm 10-15", "hạng 3"), a bare ranking
//! fraction ("23/63" in a sentence that ranks).

use super::guard::counted_noun;
use super::number::range_end;
use super::{hit, is, is_year, next_is_percent, num, punct, Here, Step};
use crate::record::Kind;
use crate::rules::GrammarWords;
use crate::token::{TokKind, Token};

/// The rank forms, in order; the first that applies decides.
#[inline]
pub(super) fn rank(h: &Here) -> Option<Step> {
    position(h)
        .or_else(|| ordinal(h))
        .or_else(|| group(h))
        .or_else(|| listed(h))
        .or_else(|| rank_word(h))
        .or_else(|| bare_fraction(h))
}

/// "vị trí 27", "vị trí số 4", and the two ends of a move ("từ 1 xuống 6").
fn position(h: &Here) -> Option<Step> {
    let Here {
        toks,
        k,
        v,
        pw,
        ppw,
        ..
    } = *h;
    // "vị trí 27", "vị trí số 4": a place in a ranking.
    if (pw == "trí" && ppw == "vị")
        || (pw == "số" && k >= 3 && toks[k - 2].lower == "trí" && toks[k - 3].lower == "vị")
    {
        let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_position");
        h.value = Some(v);
        return Some(Step::Hit(h, k + 1));
    }
    // "lùi 5 bậc (từ 1 xuống 6)": the places before and after a move.
    if rank_move(toks, k, &h.lex.grammar) {
        let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_position");
        h.value = Some(v);
        return Some(Step::Hit(h, k + 1));
    }
    None
}

/// An ordinal: "thứ 51", "thứ 12/63", "thứ 9 trong bảng xếp hạng 34 địa
/// phương"; not "năm thứ 3", "lần thứ 2"; and the second of "thứ 2 và 3".
fn ordinal(h: &Here) -> Option<Step> {
    let Here {
        s,
        toks,
        k,
        end,
        v,
        pw,
        ppw,
        fraction,
        ..
    } = *h;
    if pw == "thứ" {
        if h.lex.grammar.not_rank_ordinal.contains(ppw) {
            return Some(Step::Skip(end));
        }
        let mut h = if let Some((d, _)) = fraction {
            let mut h = hit(Kind::Rank, toks, k, k + 3, "grammar/rank_ordinal");
            h.denominator = Some(d);
            h
        } else if let Some((d, n)) = rank_field(s, toks, k + 1, &h.lex.grammar) {
            // "thứ 9 trong bảng xếp hạng 34 địa phương", "thứ 2 trong nhóm 63".
            let mut h = hit(Kind::Rank, toks, k - 1, n, "grammar/rank_ordinal");
            h.denominator = Some(d);
            h.value = Some(v);
            return Some(Step::Hit(h, n));
        } else {
            hit(Kind::Rank, toks, k - 1, k + 1, "grammar/rank_ordinal")
        };
        h.tok_start = k.min(h.tok_start);
        h.value = Some(v);
        return Some(Step::Hit(h, if fraction.is_some() { k + 3 } else { k + 1 }));
    }
    // "thứ 2 và 3", "lần lượt thứ 45 và 52": the second ordinal.
    if matches!(pw, "và")
        && k >= 3
        && is(toks.get(k - 3), "thứ")
        && toks[k - 2].kind == TokKind::Num
    {
        let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_ordinal");
        h.value = Some(v);
        return Some(Step::Hit(h, k + 1));
    }
    None
}

/// A group: its size ("Top 10 tỉnh … gồm", "nhóm 63 tỉnh"), a place in it
/// ("lọt vào top 10"), or a place among the leading N ("1 trong 10 địa
/// phương đứng đầu").
fn group(h: &Here) -> Option<Step> {
    let Here {
        s,
        toks,
        k,
        v,
        pw,
        fraction,
        ..
    } = *h;
    // A group named by its size ("Top 10 tỉnh … gồm: …", "nhóm 63 tỉnh,
    // thành", "ở nhóm 17 bộ, ngành") counts its members; a place in a group
    // ("lọt vào top 10", "thuộc nhóm 20 tỉnh dẫn đầu") is a rank.
    let top = h.lex.grammar.top_words.contains(pw);
    if (top || pw == "nhóm") && group_size(s, toks, k, v, &h.lex.grammar) {
        let mut h = hit(Kind::Count, toks, k, k + 1, "grammar/group_size");
        h.value = Some(v);
        return Some(Step::Hit(h, k + 1));
    }
    if top {
        let mut h = hit(Kind::Rank, toks, k - 1, k + 1, "grammar/rank_top");
        h.value = Some(v);
        h.qualifier = "at_most";
        return Some(Step::Hit(h, k + 1));
    }
    // "1 trong 10 địa phương đứng đầu": a place among the leading N.
    if pw == "trong"
        && fraction.is_none()
        && k >= 2
        && (is(toks.get(k - 2), "một")
            || toks[k - 2].kind == TokKind::Num
                && num(s, toks.get(k - 2)).is_some_and(|(x, _)| x == 1.0))
        // ("… đứng đầu", "… có tỷ lệ hồ sơ trực tuyến cao nhất": in its clause.)
        && toks[k + 1..]
            .iter()
            .take(12)
            .take_while(|t| {
                !(t.kind == TokKind::Punct && matches!(&s[t.start..t.end], "," | ";" | "." | ":"))
            })
            .any(|t| h.lex.grammar.leading_words.contains(t.lower.as_str()))
    {
        let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_group");
        h.value = Some(v);
        h.qualifier = "at_most";
        return Some(Step::Hit(h, k + 1));
    }
    None
}

/// One of a list of places after a rank noun.
fn listed(h: &Here) -> Option<Step> {
    let Here {
        s,
        toks,
        k,
        v,
        fraction,
        ..
    } = *h;
    // "(trước đó các thứ hạng này là 31, 28 và 30)": a list of places after a rank noun.
    if fraction.is_none() && v.fract() == 0.0 && rank_list(s, toks, k, &h.lex.grammar) {
        let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_position");
        h.value = Some(v);
        return Some(Step::Hit(h, k + 1));
    }
    None
}

/// After a ranking word ("hạng", "xếp", "nhóm", "đứng … /63"): a fraction,
/// a band, a group, or a plain rank.
fn rank_word(h: &Here) -> Option<Step> {
    let Here {
        s,
        toks,
        k,
        next,
        v,
        pw,
        fraction,
        ..
    } = *h;
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
            return Some(Step::Hit(h, k + 3));
        }
        if pw == "nhóm" {
            // "nhóm 10-15" is a band; "nhóm 50 nước" is at most 50.
            if let Some((hi, n)) = range_end(s, toks, k + 1, h.lex) {
                let mut h = hit(Kind::Rank, toks, k, n, "grammar/rank_band");
                h.value = Some(v);
                h.value_max = Some(hi);
                return Some(Step::Hit(h, n));
            }
            if next.is_some_and(|n| n.kind == TokKind::Word) {
                let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_group");
                h.value = Some(v);
                h.qualifier = "at_most";
                return Some(Step::Hit(h, k + 1));
            }
        }
        if matches!(pw, "hạng") && !is(next, "bậc") && !is(next, "hạng") {
            let mut h = hit(Kind::Rank, toks, k, k + 1, "grammar/rank_word");
            h.value = Some(v);
            return Some(Step::Hit(h, k + 1));
        }
    }
    None
}

/// A bare ranking fraction "23/63" in a sentence that ranks.
fn bare_fraction(h: &Here) -> Option<Step> {
    let Here {
        toks,
        lex,
        k,
        v,
        fraction,
        ..
    } = *h;
    // A bare ranking fraction "23/63" in a sentence that ranks.
    if let Some((d, _)) = fraction {
        let after = toks.get(k + 3);
        let counted = after.is_some_and(|a| counted_noun(a, toks.get(k + 4), lex));
        if !counted && all_provinces(d) && sentence_ranks(toks, &lex.grammar) {
            let mut h = hit(Kind::Rank, toks, k, k + 3, "grammar/rank_fraction");
            h.value = Some(v);
            h.denominator = Some(d);
            return Some(Step::Hit(h, k + 3));
        }
    }
    None
}

/// Whether the number at `k` is one end of a move in a ranking: "từ 1
/// xuống 6", "từ 27 lên 15", right after the steps ("bậc", "hạng") or a
/// place ("vị trí", "thứ").
fn rank_move(toks: &[Token], k: usize, words: &GrammarWords) -> bool {
    let w = |i: usize| toks.get(i).map_or("", |t| t.lower.as_str());
    let num = |i: usize| toks.get(i).is_some_and(|t| t.kind == TokKind::Num);
    let mv = |i: usize| words.rank_move_verbs.contains(w(i));
    let from = if k >= 1 && w(k - 1) == "từ" && mv(k + 1) && num(k + 2) {
        k - 1
    } else if k >= 3 && mv(k - 1) && num(k - 2) && w(k - 3) == "từ" {
        k - 3
    } else {
        return false;
    };
    toks[from.saturating_sub(6)..from]
        .iter()
        .any(|t| words.rank_move_words.contains(t.lower.as_str()))
}

/// Whether the number at `k` stands in a list of plain numbers ("24, 27 và
/// 29") that follows "là" after a rank noun ("thứ hạng", "xếp hạng", "vị trí").
fn rank_list(s: &str, toks: &[Token], k: usize, words: &GrammarWords) -> bool {
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
        .any(|w| words.rank_nouns.iter().any(|(a, b)| a == w[0] && b == w[1]))
}

/// The field a rank is taken in, after the rank at `j`: "trong (bảng xếp
/// hạng | nhóm | số | tổng số) N" → (N, the token after N).
fn rank_field(s: &str, toks: &[Token], j: usize, words: &GrammarWords) -> Option<(f64, usize)> {
    if !matches!(
        toks.get(j).map(|t| t.lower.as_str()),
        Some("trong" | "trên")
    ) {
        return None;
    }
    let mut n = j + 1;
    while n < toks.len() && n <= j + 4 && words.rank_list_fillers.contains(toks[n].lower.as_str()) {
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
fn group_size(s: &str, toks: &[Token], k: usize, v: f64, words: &GrammarWords) -> bool {
    if !toks.get(k + 1).is_some_and(|t| t.kind == TokKind::Word) {
        return false;
    }
    if all_provinces(v) {
        return true;
    }
    // "Top 5 tỉnh dẫn đầu …" opening a sentence or clause is the group itself
    // (units, in lower case: "Top 50 Chính phủ điện tử" names a ranking).
    let units = s[toks[k + 1].start..toks[k + 1].end]
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    let opens = (k < 2 || toks[k - 2].kind == TokKind::Punct) && units;
    // "7 tỉnh duy trì top 10": units counted before it stand in the group.
    let counted_before = (k.saturating_sub(10)..k.saturating_sub(1)).any(|j| {
        toks[j].kind == TokKind::Num
            && toks.get(j + 1).is_some_and(|t| t.kind == TokKind::Word)
            && !toks[j..k]
                .iter()
                .any(|t| t.kind == TokKind::Punct && matches!(&s[t.start..t.end], "." | ";" | ":"))
            && !(s[toks[j].start..toks[j].end].len() == 4
                && s[toks[j].start..toks[j].end]
                    .parse::<u32>()
                    .is_ok_and(is_year))
    });
    if opens || counted_before {
        return true;
    }
    let member = k >= 2
        && words
            .group_member_words
            .contains(toks[k - 2].lower.as_str());
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

/// Whether a number is the count of the country's provinces: 63 until the
/// 2025 merger, 34 since ("xếp thứ 12/63", "5/34 tỉnh, thành phố").
pub fn all_provinces(v: f64) -> bool {
    v == 63.0 || v == 34.0
}

fn sentence_ranks(toks: &[Token], words: &GrammarWords) -> bool {
    toks.windows(2).any(|w| {
        words
            .ranking_phrases
            .iter()
            .any(|(a, b)| *a == w[0].lower && *b == w[1].lower)
    })
}
