//! An indicator found by its name when no cue matched: the catalog's names
//! and aliases matched by syllable pairs over the figure's own stretch, with
//! abstention when two score alike; and the index the article is about (its
//! title or lead names it) for bare ranks and scores. Takes [`Doc`]; gives an
//! index into `Catalog::indicators`, handed back to `resolve`.

use super::context::{accepts, after_previous_figure, has_phrase, topic_comma, Doc};
use super::SentenceHits;
use crate::record::Kind;
use crate::text::find;
use crate::token::TokKind;
use crate::token::Token;

/// Words that do not make a subject of their own.
pub(super) fn is_function_word(doc: &Doc, t: &Token, s: &str) -> bool {
    if t.kind != TokKind::Word {
        return true;
    }
    let raw = s.get(t.start..t.end).unwrap_or("");
    if t.lower == "chiếm" {
        return false; // "(chiếm 61,29%)": a share of something else
    }
    if raw.chars().next().is_some_and(|c| c.is_uppercase()) && t.lower != "tỷ" && t.lower != "tỉ"
    {
        return true; // names: TP.HCM, Quảng Ninh
    }
    let lex = &doc.cat.lexicon;
    lex.fillers.contains(t.lower.as_str())
        || lex.qualifier(&t.lower).is_some()
        || SUBJECTLESS.binary_search(&t.lower.as_str()).is_ok()
}

/// Words that name no subject (sorted: looked up by binary search).
const SUBJECTLESS: &[&str] = &[
    "bao",
    "bình",
    "bậc",
    "chỉ",
    "còn",
    "cùng",
    "cả",
    "cấp",
    "cụ",
    "của",
    "do",
    "dẫn",
    "giảm",
    "gồm",
    "hiện",
    "hoặc",
    "huyện",
    "hạng",
    "hết",
    "khoảng",
    "kỳ",
    "là",
    "lý",
    "lượt",
    "lần",
    "mục",
    "nay",
    "nhiên",
    "nhóm",
    "như",
    "năm",
    "nước",
    "phường",
    "phấn",
    "phố",
    "quận",
    "quốc",
    "riêng",
    "sau",
    "so",
    "thành",
    "tháng",
    "thể",
    "thị",
    "thứ",
    "tiêu",
    "top",
    "toàn",
    "trong",
    "trung",
    "trí",
    "trấn",
    "trở",
    "tuy",
    "tăng",
    "tương",
    "tại",
    "tỉnh",
    "từ",
    "và",
    "về",
    "vị",
    "xã",
    "xếp",
    "đã",
    "đó",
    "đương",
    "đạt",
    "đấu",
    "đầu",
    "đứng",
    "ước",
    "ứng",
];

pub(super) fn has_own_subject(doc: &Doc, sh: &SentenceHits, from: usize, to: usize) -> bool {
    sh.toks
        .iter()
        .filter(|t| t.start >= from && t.end <= to)
        .any(|t| !is_function_word(doc, t, doc.s))
}

/// The syllable pairs (lower-cased, "a b") of the figure's clause on both
/// sides of it, sorted and without repeats.
fn clause_pairs(doc: &Doc, sh: &SentenceHits, hi: usize) -> Vec<String> {
    let h = &sh.hits[hi];
    let stop = |k: usize| {
        let t = &sh.toks[k];
        t.kind == TokKind::Punct && matches!(&doc.s[t.start..t.end], ";" | ":" | "." | "(" | ")")
    };
    let prev_end = after_previous_figure(sh, hi);
    // "Tỷ lệ hộ có Internet cáp quang: 70%": the label before the colon
    // right before the figure is its clause.
    let label_colon = h.tok_start > prev_end + 1 && {
        let t = &sh.toks[h.tok_start - 1];
        t.kind == TokKind::Punct && &doc.s[t.start..t.end] == ":"
    };
    let until = if label_colon {
        h.tok_start - 1
    } else {
        h.tok_start
    };
    let from = (prev_end..until)
        .rev()
        .find(|&k| stop(k))
        .map_or(prev_end, |k| k + 1)
        .max(
            topic_comma(doc, sh)
                .filter(|&k| k < h.tok_start)
                .map_or(0, |k| k + 1),
        );
    let next = sh.hits.get(hi + 1).map_or(sh.toks.len(), |n| n.tok_start);
    let to = (h.tok_end..next).find(|&k| stop(k)).unwrap_or(next);
    let mut pairs: Vec<String> = Vec::new();
    for range in [from..h.tok_start, h.tok_end..to] {
        let toks = &sh.toks[range];
        for w in toks.windows(2) {
            if w[0].kind == TokKind::Word && w[1].kind == TokKind::Word {
                pairs.push(format!("{} {}", w[0].lower, w[1].lower));
            }
        }
    }
    // Sorted once: every name of every indicator looks its pairs up here.
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The indicator whose catalog name or alias the figure's clause says in
/// other words: most of the name's syllable pairs stand in the clause
/// ("tỷ lệ hộ có kết nối Internet cáp quang" for "hộ gia đình có Internet
/// cáp quang băng rộng"). Abstains unless one indicator clearly leads.
pub(super) fn by_name(doc: &Doc, sh: &SentenceHits, hi: usize) -> Option<usize> {
    const MIN_SHARE: f64 = 0.66;
    const MIN_PAIRS: usize = 2;
    const MARGIN: f64 = 0.2;
    let h = &sh.hits[hi];
    let pairs = clause_pairs(doc, sh, hi);
    if pairs.is_empty() {
        return None;
    }
    // A count's noun must be the name's: "03 nền tảng" counts platforms,
    // not the platforms' users.
    let noun = sh
        .toks
        .get(h.tok_end)
        .filter(|t| h.kind == Kind::Count && t.kind == TokKind::Word)
        .map(|t| t.lower.as_str());
    let mut best: (f64, Option<usize>) = (0.0, None);
    let mut second = 0.0f64;
    for (i, ind) in doc.cat.indicators.iter().enumerate() {
        if !accepts(ind, h) {
            continue;
        }
        let score = ind
            .names
            .iter()
            .filter(|n| !n.is_empty())
            .filter(|n| {
                noun.is_none_or(|w| n.first().is_some_and(|p| p.split(' ').next() == Some(w)))
            })
            .map(|n| {
                let hit = n.iter().filter(|p| pairs.binary_search(p).is_ok()).count();
                if hit < MIN_PAIRS {
                    0.0
                } else {
                    hit as f64 / n.len() as f64
                }
            })
            .fold(0.0, f64::max);
        if score > best.0 {
            second = best.0;
            best = (score, Some(i));
        } else if score > second {
            second = score;
        }
    }
    (best.0 >= MIN_SHARE && best.0 - second >= MARGIN)
        .then_some(best.1)
        .flatten()
}

/// The index the article is about: its words in the first three sentences.
pub(super) fn index_topic(doc: &Doc) -> Option<(usize, usize)> {
    let t = doc.cat.lexicon.index_topic.as_ref()?;
    let named = doc
        .sents
        .iter()
        .take(3)
        .any(|sh| t.words.iter().any(|w| has_phrase(&sh.toks, w)));
    if !named {
        return None;
    }
    let at = |id: &str| doc.cat.indicators.iter().position(|i| i.id == id);
    Some((at(&t.rank)?, at(&t.score)?))
}

/// In an article about an index, a rank among the country's provinces (or
/// of a province named before it) or an index value with no cue of its own
/// is that index's, unless its sentence names another index.
pub(super) fn topic_indicator(doc: &Doc, si: usize, hi: usize) -> Option<usize> {
    let (rank, score) = doc.topic?;
    let t = doc.cat.lexicon.index_topic.as_ref()?;
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    if t.other.iter().any(|w| has_phrase(&sh.toks, w)) {
        return None;
    }
    // The figure's clause: from the figure before it (or the sentence's start).
    let from = after_previous_figure(sh, hi);
    if t.parts
        .iter()
        .any(|w| has_phrase(&sh.toks[from..h.tok_end], w))
    {
        return None;
    }
    let country = ["cả nước", "toàn quốc"]
        .iter()
        .any(|w| has_phrase(&sh.toks, w))
        || find::find(&sh.lower, "tỉnh, thành").is_some();
    // "Yên Bái đứng thứ 21, tăng 3 bậc": a province's own place.
    // ("xếp thứ 3 trong nhóm …", "thứ 2 về …" rank in another field.)
    let field_after = sh
        .toks
        .get(h.tok_end)
        .is_some_and(|t| matches!(t.lower.as_str(), "trong" | "về" | "ở" | "tại"));
    // (Not a province's own ranking of its districts or communes.)
    let subunits = sh.toks.iter().any(|t| {
        doc.cat
            .lexicon
            .subunit_words
            .iter()
            .any(|w| w.as_str() == t.lower.as_str())
    });
    let province =
        !field_after && !subunits && doc.places.sent_places[si].iter().any(|p| p.1 <= h.start);
    match h.kind {
        Kind::Rank
            if h.denominator.is_some_and(crate::grammar::all_provinces)
                || ((country || province) && h.denominator.is_none()) =>
        {
            Some(rank)
        }
        Kind::Score
            if h.value.is_some_and(|v| v < 1.0) && h.denominator.is_none_or(|d| d <= 1.0) =>
        {
            Some(score)
        }
        _ => None,
    }
}

/// In an article about a market (`[[market_topic]]`), an amount after one
/// of its size words or a percent after one of its growth words, with no
/// cue of its own, is the market's turnover (a growth keeps the base
/// quantity's id), unless a name or another quantity stands between the
/// sentence's last comma and the figure ("sàn X tăng trưởng 34%" is X's).
pub(super) fn market_indicator(doc: &Doc, si: usize, hi: usize) -> Option<usize> {
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    let before = &sh.toks[..h.tok_start];
    let tail = before
        .iter()
        .rposition(|t| t.kind == TokKind::Punct && &doc.s[t.start..t.end] == ",")
        .map_or(0, |k| k + 1);
    let named_here = before
        .iter()
        .skip(tail.max(1))
        .any(|t| t.kind == TokKind::Word && doc.s[t.start..t.end].starts_with(char::is_uppercase));
    if named_here {
        return None;
    }
    doc.cat.lexicon.market_topics.iter().find_map(|t| {
        let names = |sh: &SentenceHits| t.words.iter().any(|w| has_phrase(&sh.toks, w));
        if !(names(sh) || doc.sents.iter().take(3).any(names)) {
            return None;
        }
        if t.others.iter().any(|w| has_phrase(&before[tail..], w)) {
            return None;
        }
        let said = |list: &[String]| list.iter().any(|w| has_phrase(before, w));
        let fits = match h.kind {
            Kind::Money => said(&t.sizes),
            Kind::Percent => said(&t.growth) || (h.change.is_some() && said(&t.sizes)),
            _ => false,
        };
        fits.then(|| doc.cat.indicators.iter().position(|i| i.id == t.indicator))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn subjectless_words_are_sorted() {
        assert!(super::SUBJECTLESS.windows(2).all(|w| w[0] < w[1]));
    }
}
