//! Qualifier and change: the words around a figure that say how exact it is
//! ("khoảng", "hơn", "từ … trở lên") and whether it is a change ("tăng",
//! "giảm").
//!
//! Takes a sentence's tokens, one [`Hit`] and the [`Lexicon`] (and, for the
//! change, the hits before it in the sentence); gives the qualifier's name
//! and `increase`/`decrease` or none. Called by [`super::hits`] for every
//! hit it keeps; resolve ([`crate::resolve`]) reads them from the [`Hit`].
//! (The multiplier's own change, "gấp", "giảm … lần", is read with the
//! multiplier in [`super::quantity`].)

use super::Hit;
use crate::record::Kind;
use crate::rules::Lexicon;
use crate::token::{TokKind, Token};

/// The qualifier: the nearest qualifier word before the figure, or "từ … trở lên".
pub(super) fn qualifier(_s: &str, toks: &[Token], h: &Hit, lex: &Lexicon) -> &'static str {
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
pub(super) fn change(
    toks: &[Token],
    h: &Hit,
    prior: &[Hit],
    lex: &Lexicon,
) -> Option<&'static str> {
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
            x if lex.grammar.level_reached_words.contains(x) => reached = true,
            "trưởng" if i >= 2 && toks[i - 2].lower == "tăng" => return Some("increase"),
            _ => {}
        }
        if !(lex.fillers.contains(w.lower.as_str())
            || lex.qualifier(&w.lower).is_some()
            || lex.grammar.change_fillers.contains(w.lower.as_str()))
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
    let verb = between
        .iter()
        .any(|t| lex.grammar.change_break_verbs.contains(t.lower.as_str()));
    (joined && !verb).then_some(ch)
}
