//! Where and at what level: the places named in each sentence and paragraph
//! (built once into [`PlaceIndex`]), the document's place, how national a
//! passage is, a figure's place (clause → sentence → paragraph → document) and
//! its administrative level. Takes [`Doc`]; gives the place name and level to
//! `resolve`.

use super::carry::plural_reference;
use super::context::{Doc, PlaceIndex, Seg, MAX_WALK};
use super::SentenceHits;
use crate::grammar::Hit;
use crate::record::Kind;
use crate::rules::Lexicon;
use crate::text::find;

/// Places named in a sentence: (start, end, place index), in order.
pub(super) fn places_in(doc: &Doc, si: usize) -> Vec<(usize, usize, usize)> {
    let sh = &doc.sents[si];
    let text = &doc.s[sh.start..sh.end];
    let mut out = Vec::new();
    // "Hà Nội, ngày 18 tháng 10 năm 2024": where a release was signed,
    // not what its figures are about.
    if crate::grammar::is_metadata_line(doc.s, &sh.toks, &doc.cat.lexicon) {
        return out;
    }
    let mut at = 0;
    // The match is the name with its boundary character on each side (none
    // at the text's ends). Names start and end with a letter (checked when
    // the catalog is built) and a boundary is never a letter, so a first or
    // last char that is not one of the names' first or last letters is a
    // boundary. `find_at` needs no capture engine.
    let (firsts, lasts) = &doc.cat.place_edges;
    while let Some(m) = doc.cat.place_re.find_at(text, at) {
        let mut start = m.start();
        let mut end = m.end();
        if let Some(c) = text[start..end]
            .chars()
            .next()
            .filter(|c| !firsts.contains(c))
        {
            start += c.len_utf8();
        }
        if let Some(c) = text[start..end]
            .chars()
            .next_back()
            .filter(|c| !lasts.contains(c))
        {
            end -= c.len_utf8();
        }
        // "xã Quảng Bình", "phường Thái Bình": a commune, ward or district
        // that shares a province's name is not the province.
        let unit_before = text[..start]
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|w| {
                let w = w.to_lowercase();
                doc.cat.lexicon.subunit_words.contains(&w)
            });
        if let Some(&p) = doc
            .cat
            .place_of
            .get(&text[start..end])
            .filter(|_| !unit_before)
        {
            out.push((sh.start + start, sh.start + end, p));
        }
        at = end;
    }
    out
}

pub(super) fn document_place(doc: &Doc) -> Option<String> {
    let mut count = vec![0usize; doc.cat.places.len()];
    let mut first = vec![usize::MAX; doc.cat.places.len()];
    for (si, places) in doc.places.sent_places.iter().enumerate() {
        for &(a, _, p) in places {
            count[p] += if si < 3 { 3 } else { 1 };
            first[p] = first[p].min(a);
        }
    }
    let best = (0..count.len())
        .filter(|&i| count[i] > 0)
        .max_by_key(|&i| (count[i], usize::MAX - first[i]))?;
    Some(doc.cat.places[best].name.clone())
}

/// National minus local cues in a sentence (its text and lower-cased copy).
pub(super) fn national_score(doc: &Doc, si: usize) -> i32 {
    let sh = &doc.sents[si];
    let (text, lower) = (&doc.s[sh.start..sh.end], sh.lower.as_str());
    let Some(scope) = &doc.cat.lexicon.scope else {
        return 0;
    };
    let (national, local) = scope.count(text, lower);
    // "xếp thứ 12/63 tỉnh, thành phố" ranks one province among all: the
    // provinces are the ranking's field, not the figure's scope.
    let mut all_provinces = find::count(lower, "tỉnh, thành phố") as i32;
    let ranks = [
        "xếp thứ",
        "xếp hạng",
        "đứng thứ",
        "vị trí thứ",
        "đứng đầu",
        "dẫn đầu",
    ]
    .iter()
    .any(|w| find::find(lower, w).is_some())
        // A ranking has a rank ("xếp hạng 3 sao" grades a product).
        && (sh.hits.iter().any(|h| h.kind == Kind::Rank)
            || ["đứng đầu", "dẫn đầu"]
                .iter()
                .any(|w| find::find(lower, w).is_some()));
    // "xếp thứ 14 cả nước" ranks one province in the country's field.
    let mut field = 0;
    if ranks {
        all_provinces = 0;
        field = (find::count(lower, "cả nước") + find::count(lower, "toàn quốc")) as i32;
    }
    // "Quyết định … của Thủ tướng Chính phủ", "chỉ tiêu Chính phủ giao"
    // name who set it, not a scope.
    let issuer: i32 = doc
        .cat
        .lexicon
        .issuers
        .iter()
        .map(|w| find::count(lower, w) as i32)
        .sum();
    national + all_provinces - field - issuer - local
}

/// A figure's place: the places of its sentence (respectively, joined,
/// nearest before it), then the passage around it, then the document.
pub(super) fn place(
    doc: &Doc,
    si: usize,
    hi: usize,
    places: &[(usize, usize, usize)],
    para: &[usize],
) -> Option<String> {
    if let Some(p) = respective_place(doc, si, hi, places) {
        return Some(p);
    }
    if let Some(decided) = sentence_place(doc, si, hi, places) {
        return decided;
    }
    passage_place(doc, si, hi, para)
}

/// "Bắc Ninh và Đà Nẵng lần lượt đứng thứ 5 và 7".
fn respective_place(
    doc: &Doc,
    si: usize,
    hi: usize,
    places: &[(usize, usize, usize)],
) -> Option<String> {
    let sh = &doc.sents[si];
    let text = &doc.s[sh.start..sh.end];
    let k = find::find(text, "lần lượt")?;
    let pivot = sh.start + k;
    let mut before: Vec<usize> = places
        .iter()
        .filter(|p| p.1 <= pivot)
        .map(|p| p.2)
        .collect();
    let after: Vec<usize> = (0..sh.hits.len())
        .filter(|&j| sh.hits[j].start >= pivot && sh.hits[j].kind != Kind::Date)
        .collect();
    if before.len() > after.len() {
        before.drain(..before.len() - after.len());
    }
    if before.len() >= 2 && before.len() == after.len() {
        if let Some(pos) = after.iter().position(|&j| j == hi) {
            return Some(doc.cat.places[before[pos]].name.clone());
        }
    }
    None
}

/// The place the sentence decides (`Some(None)`: the figure is no one
/// province's), or `None` when the sentence names no place for it.
fn sentence_place(
    doc: &Doc,
    si: usize,
    hi: usize,
    places: &[(usize, usize, usize)],
) -> Option<Option<String>> {
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    let name = |p: usize| doc.cat.places[p].name.clone();
    let text = &doc.s[sh.start..sh.end];
    // "thấp hơn bình quân cả nước (18,3%)", "cả nước là 72%": the nation's
    // figure beside a province's.
    let i = h.tok_start;
    let nation_right_before = (1..=2).any(|gap| {
        i >= gap + 2
            && sh.toks[i - gap..i]
                .iter()
                .all(|t| matches!(&doc.s[t.start..t.end], "(" | ":" | "là" | "đạt"))
            && matches!(
                (
                    sh.toks[i - gap - 2].lower.as_str(),
                    sh.toks[i - gap - 1].lower.as_str()
                ),
                ("cả", "nước") | ("toàn", "quốc")
            )
    });
    if nation_right_before {
        return Some(Some("Việt Nam".into()));
    }
    // "9% GRDP của Kon Tum", "đạt 61% tại Gia Lai": the place said right
    // after the figure, before the next figure and in its clause, is its own.
    let next = sh.hits.get(hi + 1).map_or(sh.end, |n| n.start);
    if let Some(p) = places.iter().find(|p| p.0 >= h.end && p.1 <= next) {
        let gap = &doc.s[h.end..p.0];
        let words: Vec<&str> = gap.split_whitespace().collect();
        let owned = words.len() <= 5
            && !gap.contains([',', ';', '('])
            && words
                .last()
                .is_some_and(|w| matches!(w.to_lowercase().as_str(), "của" | "tại" | "ở" | "tỉnh"))
            && (words.len() < 2 || !matches!(words[words.len() - 2].to_lowercase().as_str(), "so"));
        if owned {
            return Some(Some(name(p.2)));
        }
    }
    // "hai tỉnh này", "các địa phương trên": the provinces named before, together.
    if plural_reference(&sh.toks[..h.tok_start]) {
        return Some(None);
    }
    if let Some(k) = places.iter().rposition(|p| p.1 <= h.start) {
        // Two or more provinces joined before the figure ("Bắc Ninh và Huế
        // đều dưới 5%") share it: the figure is no one province's.
        let joined = k > 0 && {
            let gap = &text[places[k - 1].1 - sh.start..places[k].0 - sh.start];
            let gap = gap.trim();
            (gap == "," || gap == "và" || gap == "cùng" || gap == "với")
                && places[k - 1].2 != places[k].2
        };
        if joined {
            return Some(None);
        }
        return Some(Some(name(places[k].2)));
    }
    // A place after the figure is its own only in the figure's clause
    // ("… 3.139 trung tâm; Hà Nội và Quảng Ninh …" names others).
    let first = places.first()?;
    let clause_ends = doc.s.get(h.end..first.0).is_some_and(|g| g.contains(';'));
    (!clause_ends).then(|| Some(name(first.2)))
}

/// No place in the sentence: the nation when the sentence speaks of it, the
/// article's province for "tỉnh …", the paragraph's last place, earlier
/// paragraphs, then the document.
fn passage_place(doc: &Doc, si: usize, hi: usize, para: &[usize]) -> Option<String> {
    let h = &doc.sents[si].hits[hi];
    let name = |p: usize| doc.cat.places[p].name.clone();
    // A province's rank "among 63 provinces in the country" is still its own.
    let provincial_rank =
        h.kind == Kind::Rank && h.denominator.is_some_and(crate::grammar::all_provinces);
    if !provincial_rank && doc.places.sent_national[si] > 0 {
        return Some("Việt Nam".into());
    }
    // "tỉnh đã chi 45 tỷ đồng" with no name: the article's own province,
    // even when another province was named just before (a comparison).
    let idx = &doc.places;
    if idx.sent_national[si] < 0 {
        if let Some(p) = &doc.doc_place {
            return Some(p.clone());
        }
    }
    // The paragraph: its last place named before this sentence, or its cues.
    let mut k = si;
    while k > 0 && para[k - 1] == para[si] && si - k < MAX_WALK {
        k -= 1;
        // A sentence that names two provinces or more lends neither.
        let named = &idx.sent_places[k];
        if let Some(p) = named.last().filter(|p| named.iter().all(|q| q.2 == p.2)) {
            return Some(name(p.2));
        }
        // "Cả nước có …. Trong đó, …": the sentence before speaks of the nation.
        if idx.sent_national[k] > 0 && !provincial_rank {
            return Some("Việt Nam".into());
        }
    }
    if !idx.place_after[si] && !provincial_rank && idx.para_national[para[si]] > 0 {
        return Some("Việt Nam".into());
    }
    // Earlier paragraphs: the nearest one that names a province or speaks
    // of the nation; one that speaks of a local unit ("huyện", "tỉnh") with
    // no name is no one's to lend.
    for p in (para[si].saturating_sub(MAX_WALK)..=para[si]).rev() {
        if p < para[si] {
            if let Some(place) = idx.para_last_place[p] {
                return Some(name(place));
            }
            if idx.para_national[p] > 0 {
                return Some("Việt Nam".into());
            }
        }
        if idx.para_national[p] < 0 {
            break;
        }
    }
    // No province named anywhere: national only when the text says so
    // (a district's plan that names no province has no place).
    match &doc.doc_place {
        Some(p) => Some(p.clone()),
        None if idx.para_national.iter().sum::<i32>() > 0 => Some("Việt Nam".into()),
        None => None,
    }
}

pub(super) fn place_index(doc: &Doc, para: &[usize]) -> PlaceIndex {
    let n = doc.sents.len();
    let sent_places: Vec<_> = (0..n).map(|si| places_in(doc, si)).collect();
    let paras = para.last().map(|p| p + 1).unwrap_or(0);
    let mut para_national = vec![0; paras];
    let mut para_last_place = vec![None; paras];
    let sent_national: Vec<i32> = (0..n).map(|si| national_score(doc, si)).collect();
    for si in 0..n {
        para_national[para[si]] += sent_national[si];
        // The paragraph's last sentence that names places lends its place,
        // unless it names two provinces or more.
        let named = &sent_places[si];
        if let Some(p) = named.last() {
            para_last_place[para[si]] = named.iter().all(|q| q.2 == p.2).then_some(p.2);
        }
    }
    let mut place_after = vec![false; n];
    for si in (0..n.saturating_sub(1)).rev() {
        if para[si + 1] == para[si] {
            place_after[si] = place_after[si + 1] || !sent_places[si + 1].is_empty();
        }
    }
    PlaceIndex {
        sent_places,
        sent_national,
        place_after,
        para_national,
        para_last_place,
    }
}

/// The level words, in the order they are tried.
const LEVELS: [(&str, &str); 3] = [
    ("cấp tỉnh", "province"),
    ("cấp huyện", "district"),
    ("cấp xã", "commune"),
];

/// A figure's administrative level: a level phrase right before it or right
/// after it, a level said after its noun, or the units it counts.
pub(super) fn level(
    doc: &Doc,
    si: usize,
    sh: &SentenceHits,
    hi: usize,
    seg: &Seg,
) -> Option<&'static str> {
    let low = |a: usize, b: usize| -> &str { &doc.sents[si].lower[a - sh.start..b - sh.start] };
    let s = doc.s;
    let h = &sh.hits[hi];
    let lex = &doc.cat.lexicon;
    let narrow = low(seg.narrow, h.start);
    let clause_end = s[h.end..sh.end]
        .find([';', '.'])
        .map(|k| h.end + k)
        .unwrap_or(sh.end);
    let after = low(h.end, clause_end);
    let after = after.trim_start();
    let wide = low(seg.wide, seg.after_end);
    if find::contains(wide, "từ cấp tỉnh")
        || find::contains(wide, "cấp tỉnh tới")
        || find::contains(wide, "cấp tỉnh đến")
        || find::contains(wide, "bộ, ngành")
    {
        return None;
    }
    if let Some(name) = level_next_to(lex, narrow, after) {
        return Some(name);
    }
    // "85% hồ sơ công việc cấp tỉnh; 60% … cấp huyện": the level said after
    // the figure's noun, up to the next figure.
    let lead = low(h.end, clause_end).len() - after.len();
    let own = sh.hits.get(hi + 1).map_or(after, |n| {
        &after[..after.len().min(n.start.saturating_sub(h.end + lead))]
    });
    if let Some(name) = level_after_noun(lex, own, hi + 1 < sh.hits.len()) {
        return Some(name);
    }
    level_of_units(h, after)
}

/// "cấp huyện đạt trên 90%": a level phrase followed only by fillers; or
/// one right after the figure.
fn level_next_to(lex: &Lexicon, narrow: &str, after: &str) -> Option<&'static str> {
    for (lvl, name) in LEVELS {
        if let Some(i) = find::rfind(narrow, lvl) {
            let before = &narrow[..i];
            let index_name = ["chỉ số ", "dti ", "chuyển đổi số ", "cấp bộ, "]
                .iter()
                .any(|p| before.ends_with(p));
            let tail_ok = narrow[i + lvl.len()..]
                .split_whitespace()
                .all(|w| lex.fillers.contains(w) || lex.qualifier(w).is_some() || w == "tại");
            if !index_name && tail_ok {
                return Some(name);
            }
        }
        if after.starts_with(lvl)
            || after
                .strip_prefix("trung tâm ")
                .is_some_and(|a| a.starts_with(lvl))
        {
            return Some(name);
        }
    }
    if after.starts_with("xã") || after.starts_with("phường, xã") || after.starts_with("phường xã")
    {
        return Some("commune");
    }
    None
}

/// The level said after the figure's noun in its own stretch `own` (not a
/// list of levels, "cấp tỉnh, huyện, xã", nor an index's name, "DTI cấp
/// tỉnh"); `more` when another figure follows in the sentence.
fn level_after_noun(lex: &Lexicon, own: &str, more: bool) -> Option<&'static str> {
    let near: String = own.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
    let (at, name) = LEVELS
        .iter()
        .filter_map(|(lvl, name)| find::find(&near, lvl).map(|i| (i, *name)))
        .min()?;
    let before = &near[..at];
    let index_name = ["chỉ số ", "dti ", "chuyển đổi số "]
        .iter()
        .any(|p| before.ends_with(p));
    let rest = &own[own.find(&near[at..]).unwrap_or(0)..];
    let words = ["tỉnh", "huyện", "xã"];
    let named = words
        .iter()
        .filter(|w| rest.split(|c: char| !c.is_alphanumeric()).any(|x| x == **w))
        .count();
    // "240 cán bộ, trong đó cấp tỉnh 30 người": a level right before the
    // next figure is that figure's.
    // (only fillers between: "cấp tỉnh là 0,30").
    let next_figure = more
        && LEVELS.iter().any(|(lvl, _)| {
            rest.strip_prefix(lvl).is_some_and(|tail| {
                tail.split_whitespace()
                    .all(|w| lex.fillers.contains(w) || lex.qualifier(w).is_some())
            })
        });
    (!index_name && named == 1 && !next_figure).then_some(name)
}

/// Units counted: "27/27 huyện" (district), "15 sở, ngành" and "17 tỉnh" (province).
fn level_of_units(h: &Hit, after: &str) -> Option<&'static str> {
    if h.kind != Kind::Rank {
        let first = after
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        match first {
            "huyện" => return Some("district"),
            "sở" | "tỉnh" if h.kind == Kind::Count => return Some("province"),
            _ => {}
        }
    }
    let province_units = after.starts_with("tỉnh") || after.starts_with("địa phương");
    if province_units
        && h.kind != Kind::Rank
        && (h.denominator.is_some_and(crate::grammar::all_provinces)
            || h.value.is_some_and(crate::grammar::all_provinces))
    {
        return Some("province");
    }
    None
}
