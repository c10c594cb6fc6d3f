//! Resolve: [`Hit`]s in their sentences → [`Figure`]s with indicator, subject,
//! status, year, as_of, place and level.
//!
//! Attribution reads the way a careful reader does: the indicator named nearest
//! before the figure in its clause (or the noun phrase right after it: "100%
//! hệ thống thông tin …"); a figure with no subject of its own ("cấp huyện đạt
//! 90%", "(chỉ tiêu là 85%)", "(tăng 31 bậc)") takes the nearest indicator
//! named before it in the sentence. Status and year come from the clause, then
//! the sentence, then the heading that governs the passage. Next stage:
//! [`crate::cite`].

use crate::extract::{Hit, Kind};
use crate::number::{TokKind, Token};
use crate::rules::{Catalog, Indicator};
use crate::text::find;
use std::sync::LazyLock;

/// A legal document's number ("57-NQ/TW", "1993/QĐ-UBND", "số 37/KH-UBND"):
/// a date or year right after it is the document's, not the data's.
static DOC_NUMBER: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\d\s*[/-]\s*[A-ZĐ]{2,}").expect("valid regex"));

/// Whether the year or date at token `i` dates a legal document named just
/// before it ("Nghị quyết 05-NQ/TU ngày 22/10/2021", "Quyết định số
/// 12/QĐ-UBND năm 2020").
fn document_date(s: &str, toks: &[Token], i: usize) -> bool {
    let from = toks[i.saturating_sub(8)].start;
    DOC_NUMBER.is_match(&s[from..toks[i].start])
}

/// A figure with its attributes, still in normalized-text offsets.
#[derive(Clone, Debug)]
pub struct Figure {
    /// The grammar's hit.
    pub hit: Hit,
    /// Index of the sentence that holds it.
    pub sentence: usize,
    /// Words naming what is measured.
    pub subject: Option<String>,
    /// Index into `Catalog::indicators`.
    pub indicator: Option<usize>,
    /// `achieved` or `target`.
    pub status: Option<&'static str>,
    /// Year the figure refers to.
    pub year: Option<i32>,
    /// ISO day the text pins the figure to.
    pub as_of: Option<String>,
    /// Province, city or Việt Nam.
    pub place: Option<String>,
    /// Administrative level.
    pub level: Option<&'static str>,
    /// ISO date for dates.
    pub date: Option<String>,
}

/// One sentence, tokenized, with its hits.
#[derive(Clone, Debug)]
pub struct SentenceHits {
    /// First byte (normalized text).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Tokens.
    pub toks: Vec<Token>,
    /// Hits in order.
    pub hits: Vec<Hit>,
    /// The sentence lower-cased, byte for byte ([`crate::text::lower_same_len`]).
    pub lower: String,
}

#[derive(Clone, Copy, Debug)]
struct Cue {
    ind: usize,
    start: usize,
    end: usize,
}

struct Doc<'a> {
    s: &'a str,
    cat: &'a Catalog,
    sents: &'a [SentenceHits],
    /// Most-mentioned place of the document.
    doc_place: Option<String>,
    /// Year of the dateline, or the latest year written.
    context_year: Option<i32>,
    /// Year of the dateline: it resolves "năm nay", "năm ngoái".
    dateline_year: Option<i32>,
    /// Year of the title line.
    title_year: Option<(i32, bool)>,
    /// The lead (the first full sentence) when it names one year: its
    /// sentence, that year and its status.
    lead: Option<(usize, i32, &'static str)>,
    /// The index the article is about (its title or lead names it): the
    /// indicators of its rank and of its value.
    topic: Option<(usize, usize)>,
    /// Places per sentence and paragraph.
    places: PlaceIndex,
    /// Years and time words per sentence.
    info: Vec<SentInfo>,
}

/// Resolves every hit of a document.
pub fn resolve(s: &str, sents: &[SentenceHits], cat: &Catalog) -> Vec<Figure> {
    let mut doc = Doc {
        s,
        cat,
        sents,
        doc_place: None,
        context_year: None,
        dateline_year: None,
        title_year: None,
        lead: None,
        topic: None,
        places: PlaceIndex::default(),
        info: Vec::new(),
    };
    doc.dateline_year = dateline_year(&doc);
    doc.info = sent_info(&doc);
    let para = paragraphs(s, sents);
    doc.places = place_index(&doc, &para);
    doc.doc_place = document_place(&doc);
    doc.context_year = context_year(&doc);
    doc.title_year = (0..sents.len().min(8)).find_map(|i| {
        let f = &sents[i];
        let words = f.toks.iter().filter(|t| t.kind == TokKind::Word).count();
        if !f.hits.is_empty() || undated(&doc, i) || words > 30 {
            return None;
        }
        let goals = status_cue(&doc, &f.toks, 0, f.toks.len(), false, false) == Some("target")
            && !has_phrase(&f.toks, "đã");
        years(&doc, i).iter().map(|x| x.1).max().map(|y| (y, goals))
    });
    doc.lead = lead_year(&doc);
    doc.topic = index_topic(&doc);
    let mut out = Vec::new();
    let mut heading: (Option<&'static str>, Option<i32>) = (None, None);
    // The framing year and whether it frames goals only ("Năm 2025, tỉnh
    // đặt mục tiêu …" dates no result).
    let mut running: Option<(i32, bool)> = None;
    let mut lead_live = true;
    // The paragraph and deadline of the last goal said outright.
    let mut goal: Option<(usize, Option<i32>)> = None;
    let mut last_cues: Vec<Cue> = Vec::new();
    for (si, sh) in sents.iter().enumerate() {
        let cues = cues_in(cat, &doc.sents[si].lower, sh.start, &sh.hits);
        let prev_cues = std::mem::replace(&mut last_cues, cues.clone());
        let places = &doc.places.sent_places[si];
        let figures_here = sh.hits.iter().any(|h| h.kind != Kind::Date);
        let colon = s[sh.start..sh.end].trim_end().ends_with(':');
        let alone = (si == 0 || para[si - 1] != para[si])
            && sents.get(si + 1).is_none_or(|_| para[si + 1] != para[si]);
        let dated = !years(&doc, si).is_empty();
        // A heading is short: a paragraph of its own with thirty words or
        // more is a lead or a body paragraph, whatever it says.
        let short = sh.toks.iter().filter(|t| t.kind == TokKind::Word).count() < 30;
        if colon
            || (alone && short && !figures_here && (dated || section_heading(&s[sh.start..sh.end])))
        {
            if let Some(st) = lead_status(&doc, si, sh.toks.len()) {
                let mut y = years(&doc, si).iter().map(|x| x.1).max();
                if y.is_none() && colon && si > 0 && para[si - 1] == para[si] {
                    y = years(&doc, si - 1).iter().map(|x| x.1).max();
                }
                heading = (Some(st), y);
                running = None;
            }
        }
        if undated(&doc, si) {
            running = None;
            // "Thời gian qua, …" after the lead: the lead's year no longer governs.
            if doc.lead.is_some_and(|(li, _, _)| si > li) {
                lead_live = false;
            }
        }
        // A framing month ("đến hết tháng 9/2022") carries to the next paragraphs.
        let framing = sh
            .hits
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
            // "Năm 2024, tỉnh …" opening a paragraph frames what follows.
            .or_else(|| {
                let lead = &sh.toks[..sh.toks.len().min(3)];
                let starts = matches!(
                    lead.first().map(|t| t.lower.as_str()),
                    Some("năm" | "trong")
                );
                if !starts || (si > 0 && para[si - 1] == para[si]) {
                    return None;
                }
                years(&doc, si)
                    .first()
                    .filter(|(i, _)| *i <= 2)
                    .map(|x| x.1)
            });
        let this_running = running;
        // A goal with a deadline and no figure ("Phấn đấu đến năm 2030, tỉnh
        // hoàn thành …") frames the figures after it.
        let n = sh.toks.len();
        let sets_goal = status_cue(&doc, &sh.toks, 0, n, false, false) == Some("target")
            && !has_phrase(&sh.toks, "đã")
            && !has_phrase(&sh.toks, "đạt được");
        if !figures_here && sets_goal {
            if let Some(y) = governing_year(&doc, si) {
                goal = Some((para[si], Some(y)));
            }
        }
        if let Some(y) = framing {
            running = Some((y, sets_goal));
        }
        for (hi, h) in sh.hits.iter().enumerate() {
            let mut f = Figure {
                hit: h.clone(),
                sentence: si,
                subject: None,
                indicator: None,
                status: None,
                year: None,
                as_of: None,
                place: None,
                level: None,
                date: None,
            };
            if h.kind == Kind::Date {
                f.date = date_iso(&doc, si, h);
                if f.date.is_some() {
                    out.push(f);
                }
                continue;
            }
            let seg = segments(s, sh, hi);
            let same_para = si > 0 && para[si - 1] == para[si];
            let prev_span = same_para.then(|| (sents[si - 1].start, sents[si - 1].end));
            let (mut ind, subject) =
                indicator(&doc, si, sh, hi, &seg, &cues, (prev_span, &prev_cues));
            match coordinated(&doc, sh, si, hi, out.last()) {
                Some((i, true)) => ind = i,
                Some((i, false)) if ind.is_none() => ind = i,
                _ => {}
            }
            if ind.is_none() {
                ind = by_name(&doc, sh, hi);
            }
            if ind.is_none() {
                ind = topic_indicator(&doc, si, hi);
            }
            // "Năm 2019, tỷ lệ này đạt 4,9%": the quantity named before.
            if ind.is_none() && refers_back(&doc, sh, hi) {
                ind = out
                    .iter()
                    .rev()
                    .take_while(|p: &&Figure| para[p.sentence] + 2 >= para[si])
                    .find_map(|p| {
                        p.indicator
                            .filter(|&i| p.hit.kind == h.kind && accepts(&cat.indicators[i], h))
                    });
            }
            f.indicator = ind;
            f.subject = subject;
            // A goals heading ("KẾ HOẠCH NĂM 2025") does not make a figure of
            // an earlier year a goal ("Năm 2023, tỉnh đạt 37%").
            let earlier = |hy: i32| sentence_years(&doc, si).iter().any(|&(_, y)| y < hy);
            let headed = match heading {
                (Some("target"), Some(hy)) if earlier(hy) => Some("achieved"),
                (st, _) => st,
            };
            let own = status(&doc, si, hi).or(headed);
            let own_years = sentence_years(&doc, si);
            // A goal said once carries over the plain list of figures after
            // it ("Tỉnh đặt mục tiêu … 80%. Tỷ lệ hộ có cáp quang trên 85%."),
            // within two paragraphs, until a result or another year is said.
            let carried = match (own, goal) {
                (None, Some((p, y)))
                    if para[si] <= p + 2
                        && !present(&doc, si)
                        && own_years.iter().all(|&(_, oy)| Some(oy) == y) =>
                {
                    Some(y)
                }
                _ => None,
            };
            // A goal of its own with no year of its own keeps the deadline
            // of the goal just before it ("Đến năm 2030, … . Khi đó, 100% …").
            let deadline = match (own, goal) {
                (Some("target"), Some((p, y))) if para[si] <= p + 2 && own_years.is_empty() => y,
                _ => None,
            };
            goal = match own {
                Some("target") => Some((para[si], governing_year(&doc, si).or(deadline))),
                Some(_) => None,
                None if carried.is_some() => goal.map(|(_, y)| (para[si], y)),
                None => None,
            };
            f.status = Some(own.unwrap_or(if carried.is_some() {
                "target"
            } else {
                "achieved"
            }));
            // The lead's year governs figures of the lead's kind only: a lead
            // that sets a goal ("Năm 2023, tỉnh đề ra mục tiêu …") does not date results.
            let lead = doc
                .lead
                .filter(|&(_, _, st)| lead_live && f.status == Some(st))
                .map(|(_, y, _)| y);
            let framed = this_running
                .filter(|&(_, goals)| !goals || f.status == Some("target"))
                .map(|(y, _)| y);
            // So does a title that sets goals ("Kế hoạch … năm 2025").
            let title = doc
                .title_year
                .filter(|&(_, goals)| !goals || f.status == Some("target"))
                .map(|(y, _)| y);
            // A heading's year dates the figures of the heading's status.
            let headed = heading
                .1
                .filter(|_| heading.0.is_none() || f.status == heading.0);
            f.year = year(&doc, si, hi, headed.or(framed), (title, lead), &para)
                .or(carried.flatten())
                .or(deadline.filter(|_| !present(&doc, si)));
            f.as_of = as_of(&doc, si);
            f.place = place(&doc, si, hi, places, &para);
            f.level = level(&doc, si, sh, hi, &seg);
            // A count of the country's provinces ("48/63 địa phương", "dẫn đầu
            // 63 tỉnh, thành phố"; 34 since the 2025 merger) is a national figure.
            let all = |v: Option<f64>| v.is_some_and(crate::extract::all_provinces);
            if h.kind == Kind::Count
                && f.level == Some("province")
                && (all(h.value) || all(h.denominator))
            {
                f.place = Some("Việt Nam".into());
            }
            out.push(f);
        }
    }
    out
}

/// A figure with no cue of its own that continues the labelled figure
/// before it shares that figure's indicator:
/// - a list, where the predicate is said once ("kết nối 98% trường học và
///   khoảng 90% trạm y tế", "đạt 1.200 hồ sơ, 950 hồ sơ …");
/// - the change of that quantity said right after it ("doanh thu đạt 12 tỷ
///   đồng, tăng 15% so với năm trước"), whatever cue stood before both
///   (the flag in the answer: it overrides the figure's own indicator).
fn coordinated(
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
        && h.kind == Kind::Percent
        && gap.len() <= 4
        && gap.first().is_some_and(|t| punct(t, &[",", "("]))
        && gap[1..].iter().all(|t| t.kind == TokKind::Word);
    if change && prev.indicator.is_some() {
        return Some((prev.indicator, true));
    }
    let same = h.kind == p.kind && matches!(h.kind, Kind::Percent | Kind::Count | Kind::Money);
    let joined = gap.iter().filter(|t| t.lower == "và").count() == 1
        || (gap.first().is_some_and(|t| punct(t, &[","])) && gap.len() == 1);
    let plain = gap.len() <= 8
        && gap.iter().all(|t| {
            (t.kind == TokKind::Word || punct(t, &[","]))
                && !matches!(
                    t.lower.as_str(),
                    "đạt" | "là" | "chiếm" | "có" | "tỷ" | "tỉ"
                )
        });
    (same && joined && plain).then_some((prev.indicator, false))
}

/// Paragraph (block) id of each sentence.
fn paragraphs(s: &str, sents: &[SentenceHits]) -> Vec<usize> {
    let mut out = Vec::with_capacity(sents.len());
    let mut p = 0;
    for (i, sh) in sents.iter().enumerate() {
        if i > 0 && s[sents[i - 1].end..sh.start].contains('\n') {
            p += 1;
        }
        out.push(p);
    }
    out
}

fn cues_in(cat: &Catalog, lower: &str, base: usize, hits: &[Hit]) -> Vec<Cue> {
    let stops: Vec<usize> = hits.iter().map(|h| h.start - base).collect();
    cat.cues
        .find_stopping(lower, &stops)
        .iter()
        .map(|m| Cue {
            ind: cat.cue_owner[m.cue],
            start: base + m.start,
            end: base + m.end,
        })
        .collect()
}

/// The text around a figure: narrow (back to the last comma, skipping
/// parentheses), wide (back to the clause start or the previous figure) and
/// after (up to the next punctuation or figure).
#[derive(Clone, Copy, Debug)]
struct Seg {
    narrow: usize,
    wide: usize,
    after_end: usize,
}

fn segments(s: &str, sh: &SentenceHits, hi: usize) -> Seg {
    let h = &sh.hits[hi];
    let floor = sh.hits[..hi]
        .iter()
        .rev()
        .find(|p| p.kind != Kind::Date)
        .map(|p| p.end)
        .unwrap_or(sh.start);
    let floor = floor.max(sh.start);
    let b = s.as_bytes();
    // Wide: back to ; or : (outside parentheses).
    let mut wide = floor;
    let mut depth = 0i32;
    let mut i = h.start;
    while i > floor {
        i -= 1;
        match b[i] {
            b')' => depth += 1,
            b'(' => depth -= 1,
            b';' | b':' if depth <= 0 => {
                wide = i + 1;
                break;
            }
            _ => {}
        }
    }
    let mut narrow = wide;
    // "88% hộ gia đình và 100% cấp xã": the previous figure's noun phrase ends at "và".
    if hi > 0 && wide == floor {
        if let Some(k) = find::rfind(&s[floor..h.start], " và ") {
            narrow = floor + k + " và ".len();
        }
    }
    let mut depth = 0i32;
    let mut i = h.start;
    while i > narrow {
        i -= 1;
        match b[i] {
            b')' => depth += 1,
            b'(' if depth > 0 => depth -= 1,
            b'(' => {
                narrow = i + 1;
                break;
            }
            b',' if depth <= 0 => {
                narrow = i + 1;
                break;
            }
            _ => {}
        }
    }
    let ceil = sh.hits[hi + 1..]
        .iter()
        .find(|n| n.kind != Kind::Date)
        .map(|n| n.start)
        .unwrap_or(sh.end);
    let mut after_end = ceil;
    for (k, c) in s[h.end..ceil].char_indices() {
        if matches!(c, ',' | ';' | ':' | '(' | ')' | '.' | '!' | '?') {
            after_end = h.end + k;
            break;
        }
    }
    Seg {
        narrow,
        wide,
        after_end,
    }
}

/// Words that do not make a subject of their own.
fn is_function_word(doc: &Doc, t: &Token, s: &str) -> bool {
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
        || matches!(
            t.lower.as_str(),
            "và" | "hoặc"
                | "dẫn"
                | "đầu"
                | "tại"
                | "cấp"
                | "tỉnh"
                | "huyện"
                | "xã"
                | "phường"
                | "thị"
                | "trấn"
                | "chỉ"
                | "tiêu"
                | "mục"
                | "là"
                | "bậc"
                | "hạng"
                | "so"
                | "cùng"
                | "kỳ"
                | "năm"
                | "trong"
                | "đó"
                | "của"
                | "thứ"
                | "xếp"
                | "đứng"
                | "lần"
                | "lượt"
                | "tương"
                | "ứng"
                | "đương"
                | "riêng"
                | "còn"
                | "từ"
                | "trở"
                | "phấn"
                | "đấu"
                | "toàn"
                | "quốc"
                | "cả"
                | "nước"
                | "đạt"
                | "hết"
                | "nay"
                | "hiện"
                | "quận"
                | "tháng"
                | "gồm"
                | "bao"
                | "như"
                | "sau"
                | "cụ"
                | "thể"
                | "lý"
                | "do"
                | "nhiên"
                | "tuy"
                | "trung"
                | "bình"
                | "khoảng"
                | "ước"
                | "đã"
                | "tăng"
                | "giảm"
                | "về"
                | "nhóm"
                | "top"
                | "vị"
                | "trí"
                | "thành"
                | "phố"
        )
}

fn has_own_subject(doc: &Doc, sh: &SentenceHits, from: usize, to: usize) -> bool {
    sh.toks
        .iter()
        .filter(|t| t.start >= from && t.end <= to)
        .any(|t| !is_function_word(doc, t, doc.s))
}

/// The indicator whose catalog name or alias the figure's clause says in
/// other words: most of the name's syllable pairs stand in the clause
/// ("tỷ lệ hộ có kết nối Internet cáp quang" for "hộ gia đình có Internet
/// cáp quang băng rộng"). Abstains unless one indicator clearly leads.
fn by_name(doc: &Doc, sh: &SentenceHits, hi: usize) -> Option<usize> {
    const MIN_SHARE: f64 = 0.66;
    const MIN_PAIRS: usize = 2;
    const MARGIN: f64 = 0.2;
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
        .map_or(prev_end, |k| k + 1);
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
    if pairs.is_empty() {
        return None;
    }
    // Sorted once: every name of every indicator looks its pairs up here.
    pairs.sort_unstable();
    pairs.dedup();
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
fn index_topic(doc: &Doc) -> Option<(usize, usize)> {
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

/// In an article about an index, a rank among the country's provinces or
/// an index value with no cue of its own is that index's, unless its
/// sentence names another index.
fn topic_indicator(doc: &Doc, si: usize, hi: usize) -> Option<usize> {
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
    match h.kind {
        Kind::Rank
            if h.denominator.is_some_and(crate::extract::all_provinces)
                || (country && h.denominator.is_none()) =>
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

/// Whether the words before a figure point back to several places at once:
/// "hai tỉnh này", "cả hai địa phương", "các tỉnh trên", "ba thành phố đó".
fn plural_reference(toks: &[Token]) -> bool {
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
fn refers_back(doc: &Doc, sh: &SentenceHits, hi: usize) -> bool {
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

fn accepts(ind: &Indicator, h: &Hit) -> bool {
    if ind.kinds.contains(&h.kind) {
        return true;
    }
    match h.kind {
        // A fraction of a share row: "108/108 thôn".
        Kind::Count => h.denominator.is_some() && ind.kinds.contains(&Kind::Percent),
        // Changes keep the base quantity's id.
        Kind::Percent => {
            h.change.is_some()
                && (ind.kinds.contains(&Kind::Count) || ind.kinds.contains(&Kind::Money))
        }
        Kind::Multiplier => ind.kinds.contains(&Kind::Count) || ind.kinds.contains(&Kind::Money),
        _ => false,
    }
}

fn context_ok(ind: &Indicator, window: &str) -> bool {
    ind.context.is_empty()
        || ind
            .context
            .iter()
            .any(|r| crate::rules::word_matches(r, window).next().is_some())
}

/// Subject heads: a cue must start after the last of these before the figure.
const HEADS: &[&str] = &["tỷ lệ", "tỷ trọng", "tỉ lệ", "tỉ trọng"];

fn indicator(
    doc: &Doc,
    si: usize,
    sh: &SentenceHits,
    hi: usize,
    seg: &Seg,
    cues: &[Cue],
    prev: (Option<(usize, usize)>, &[Cue]),
) -> (Option<usize>, Option<String>) {
    let low_all = &doc.sents[si].lower;
    let low = |a: usize, b: usize| -> &str { &low_all[a - sh.start..b - sh.start] };
    let (prev_sentence, cues_prev) = prev;
    let s = doc.s;
    let h = &sh.hits[hi];
    let inds = &doc.cat.indicators;
    // The wide "after": the noun phrase may run past commas up to the clause end.
    let next_start = sh.hits[hi + 1..]
        .iter()
        .find(|n| n.kind != Kind::Date)
        .map(|n| n.start)
        .unwrap_or(sh.end);
    let after_wide = s[h.end..next_start]
        .find([';', '.', ':', '('])
        .map(|k| h.end + k)
        .unwrap_or(next_start);
    let after = low(h.end, after_wide);
    let after_trim = after.trim_start();
    let narrow_text = low(seg.narrow, h.start);
    let wide_text = low(seg.wide, h.start);
    let narrow_window = format!("{} {}", narrow_text, low(h.end, seg.after_end));
    let clause_end = s[h.end..sh.end]
        .find([';', '.'])
        .map(|k| h.end + k)
        .unwrap_or(sh.end);
    // The whole clause, back past earlier figures to its ';' or ':'.
    let clause_start = s[sh.start..h.start]
        .rfind([';', ':'])
        .map(|k| sh.start + k + 1)
        .unwrap_or(sh.start);
    let clause_window = low(clause_start, clause_end);
    let counted = noun_phrase(after_trim);
    let subject_after = !counted.is_empty()
        && !["so với", "về", "trong", "của", "và", "so"]
            .iter()
            .any(|w| after_trim.starts_with(w));
    // Context is looked for close by first, then in the clause.
    // 2: its context stands close by; 1: it needs none; 0: only in the clause.
    // Memoized per indicator: the cue loops below ask many times.
    let known: Vec<std::cell::Cell<Option<Option<u8>>>> = vec![Default::default(); inds.len()];
    let strength = |i: usize| -> Option<u8> {
        if let Some(v) = known[i].get() {
            return v;
        }
        let ind = &inds[i];
        let v = if ind.context.is_empty() {
            Some(1)
        } else if context_ok(ind, &narrow_window) {
            Some(2)
        } else if context_ok(ind, clause_window) {
            Some(0)
        } else {
            None
        };
        known[i].set(Some(v));
        v
    };
    let ok = |c: &Cue| accepts(&inds[c.ind], h) && strength(c.ind).is_some();
    let rank_of = |c: &Cue| strength(c.ind).unwrap_or(0);
    let sentence_lower = low(sh.start, sh.end);
    // A head right before the figure ("đạt tỷ lệ 94,6%") introduces nothing.
    let head_floor = |from: usize, text: &str| -> usize {
        HEADS
            .iter()
            .filter_map(|w| find::rfind(text, w).map(|k| (k, w.len())))
            .filter(|(k, n)| {
                let rest = &text[k + n..];
                !rest.split_whitespace().all(|w| {
                    doc.cat.lexicon.fillers.contains(w) || doc.cat.lexicon.qualifier(w).is_some()
                })
            })
            .map(|(k, _)| k)
            .max()
            .map(|k| from + k)
            .unwrap_or(from)
    };

    // 1. A count's counted noun names the indicator ("59.468 lượt tra cứu").
    if h.kind == Kind::Count {
        let best = inds
            .iter()
            .enumerate()
            .filter(|(_, ind)| accepts(ind, h))
            .flat_map(|(i, ind)| ind.nouns.iter().map(move |n| (i, n)))
            .filter(|(_, n)| {
                after_trim.starts_with(n.as_str())
                    && after_trim[n.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !crate::text::is_alnum(c))
            })
            .filter(|(i, _)| context_ok(&inds[*i], sentence_lower))
            .max_by_key(|(_, n)| n.len());
        if let Some((i, _)) = best {
            return (Some(i), Some(s[h.end..seg.after_end].trim().to_string()));
        }
    }
    // "A và B … lần lượt thứ 45 và 52": the i-th figure takes the i-th indicator.
    if let Some(k) = find::find(sentence_lower, "lần lượt") {
        let pivot = sh.start + k;
        if h.start > pivot {
            let mut named: Vec<Cue> = cues
                .iter()
                .filter(|c| c.end <= pivot && accepts(&inds[c.ind], h))
                .copied()
                .collect();
            named.sort_by_key(|c| (c.end, c.start));
            named.dedup_by_key(|c| c.ind);
            let after: Vec<usize> = (0..sh.hits.len())
                .filter(|&j| sh.hits[j].start > pivot && sh.hits[j].kind == h.kind)
                .collect();
            if named.len() >= 2 && named.len() == after.len() {
                if let Some(pos) = after.iter().position(|&j| j == hi) {
                    let c = named[pos];
                    return (Some(c.ind), Some(s[c.start..c.end].to_string()));
                }
            }
        }
    }
    let gap_ok = |end: usize| {
        let gap: Vec<&Token> = sh
            .toks
            .iter()
            .filter(|t| t.start >= end && t.end <= h.start)
            .collect();
        gap.len() <= 3
            && !gap
                .iter()
                .any(|t| matches!(t.lower.as_str(), "tại" | "của" | "trong" | "ở"))
    };
    // A cue standing right after an earlier figure is that figure's noun ("14 phân hệ").
    let owned = |c: &Cue| {
        sh.hits[..hi]
            .iter()
            .any(|p| c.start >= p.end && c.start <= p.end + 1)
    };
    let nearest_before = |from: usize, adjacent: bool| {
        cues.iter()
            .filter(|c| {
                c.end <= h.start
                    && c.start >= from
                    && ok(c)
                    && (!adjacent || (gap_ok(c.end) && !owned(c)))
            })
            .max_by_key(|c| (c.end, c.end - c.start, rank_of(c)))
            .copied()
    };
    // Where the after-text's first comma stands, and whether a new subject
    // ("tỷ lệ …") starts between the figure and a cue.
    let first_comma = s[h.end..after_wide]
        .find(',')
        .map(|k| h.end + k)
        .unwrap_or(after_wide);
    let new_head = |c: &Cue| {
        let between = low(h.end, c.start);
        HEADS.iter().any(|w| find::contains(between, w))
    };
    let after_cue = |mode: u8| {
        cues.iter()
            .filter(|c| c.start >= h.end && c.end <= after_wide && ok(c) && !new_head(c))
            .filter(|c| match mode {
                // within a count's noun phrase: no "về", no new capitalised item
                0 => {
                    let between = &s[h.end..c.start];
                    let lower = low(h.end, c.start);
                    between.split_whitespace().count() <= 10
                        && !lower.split_whitespace().any(|w| w == "về")
                        && !between
                            .split(", ")
                            .skip(1)
                            .any(|p| p.chars().next().is_some_and(|ch| ch.is_uppercase()))
                }
                // before the first comma
                1 => c.start < first_comma,
                // anywhere in the noun phrase
                2 => true,
                // "… về chính quyền số"
                _ => low(h.end, c.start).split_whitespace().any(|w| w == "về"),
            })
            .min_by_key(|c| (c.start, usize::MAX - (c.end - c.start), 2 - rank_of(c)))
            .copied()
    };
    let narrow_floor = head_floor(seg.narrow, narrow_text);
    let wide_floor = head_floor(seg.wide, wide_text);
    let count_with_noun = h.kind == Kind::Count && subject_after;
    // 2. A cue just before the figure: "… điện thoại thông minh đạt 61%".
    let mut pick = nearest_before(narrow_floor, true);
    // 3. The noun phrase after the figure: "100% hệ thống thông tin …".
    if pick.is_none() && subject_after {
        pick = after_cue(if count_with_noun { 0 } else { 1 });
    }
    // 4. Anywhere before it in the clause (a count is named by its noun
    //    instead, unless it is a fraction of a share: "… ở 96/96 thôn").
    if pick.is_none() && (!count_with_noun || h.denominator.is_some()) {
        pick = nearest_before(wide_floor, false);
    }
    if pick.is_none() && subject_after && !count_with_noun {
        pick = after_cue(2);
    }
    // 5. "xếp thứ 40 cả nước về kinh tế số".
    if pick.is_none() && !count_with_noun {
        pick = after_cue(3);
    }
    // 6. No subject of its own: the nearest indicator named before it, in the
    //    sentence, or for ranks and scores in the sentence before.
    let own_after = counted
        .split_whitespace()
        .filter(|w| {
            !is_function_word(
                doc,
                &Token {
                    kind: TokKind::Word,
                    start: 0,
                    end: 0,
                    space_before: true,
                    lower: (*w).into(),
                },
                "",
            )
        })
        .count();
    let own = has_own_subject(doc, sh, seg.narrow, h.start) || (subject_after && own_after >= 2);
    if pick.is_none() && !own {
        pick = nearest_before(sh.start, false);
        if pick.is_none() && matches!(h.kind, Kind::Rank | Kind::Score) {
            if let Some(prev) = prev_sentence {
                pick = cues_prev
                    .iter()
                    .filter(|c| c.end <= prev.1 && c.start >= prev.0 && accepts(&inds[c.ind], h))
                    .max_by_key(|c| (c.end, c.end - c.start))
                    .copied();
            }
        }
    }
    // A fraction of a share row ("108/108 thôn"): the share row wins.
    if let Some(c) = pick {
        if h.kind == Kind::Count
            && h.denominator.is_some()
            && !inds[c.ind].kinds.contains(&Kind::Percent)
        {
            if let Some(share) = cues.iter().find(|o| {
                o.start == c.start && o.end == c.end && inds[o.ind].kinds.contains(&Kind::Percent)
            }) {
                pick = Some(*share);
            }
        }
    }
    // A change of a quantity ("doanh thu thương mại điện tử … tăng 25,6%") is
    // that quantity's growth, not a share, unless a share head names it
    // ("tỷ trọng doanh thu thương mại điện tử tăng …").
    if let Some(c) = pick {
        if h.kind == Kind::Percent
            && h.change.is_some()
            && inds[c.ind].kinds.contains(&Kind::Percent)
        {
            let before = low(sh.start, c.start).trim_end();
            if !HEADS.iter().any(|w| before.ends_with(w)) {
                if let Some(q) = cues.iter().find(|o| {
                    o.start < c.end
                        && c.start < o.end
                        && !inds[o.ind].kinds.contains(&Kind::Percent)
                        && ok(o)
                }) {
                    pick = Some(*q);
                }
            }
        }
    }
    match pick {
        Some(c) => (Some(c.ind), Some(s[c.start..c.end].to_string())),
        None => {
            let subj = if subject_after && h.kind == Kind::Count {
                Some(s[h.end..after_wide].trim().to_string())
            } else {
                subject_before(s, seg, h)
            };
            (None, subj)
        }
    }
}

fn subject_before(s: &str, seg: &Seg, h: &Hit) -> Option<String> {
    let text = s[seg.wide..h.start].trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    let tail = &words[words.len().saturating_sub(12)..];
    let t = tail.join(" ");
    let t = t
        .trim_matches(|c: char| !crate::text::is_alnum(c) && c != ')' && c != '%')
        .to_string();
    (!t.is_empty()).then_some(t)
}

/// The noun phrase at the start of `after` (up to a verb-like word).
fn noun_phrase(after: &str) -> String {
    let stop = [
        "đạt", "là", "được", "đã", "có", "so", "và", "với", "trong", "tăng", "giảm", "chiếm",
        "của", "về", "tại",
    ];
    let mut out = Vec::new();
    for w in after.split_whitespace() {
        let bare = w.trim_end_matches(|c: char| !crate::text::is_alnum(c));
        if !w.chars().next().is_some_and(crate::text::is_letter) || stop.contains(&bare) {
            break;
        }
        out.push(bare);
        if out.len() >= 6 || bare.len() != w.len() {
            break;
        }
    }
    out.join(" ")
}

/// Status cues in the tokens `from..to` of a sentence, nearest to `to` first.
fn status_cue(
    doc: &Doc,
    toks: &[Token],
    from: usize,
    to: usize,
    nearest: bool,
    heading: bool,
) -> Option<&'static str> {
    let lex = &doc.cat.lexicon;
    let mut phrase = String::new();
    let mut check = |i: usize| -> Option<&'static str> {
        if toks[i].kind != TokKind::Word || !lex.status_heads.contains(toks[i].lower.as_str()) {
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
                // "chưa hoàn thành" was checked as a three-word or two-word phrase.
                Some("achieved") if i > 0 && toks[i - 1].lower == "chưa" => return Some("target"),
                Some(st) => return Some(st),
                None => {}
            }
        }
        None
    };
    if nearest {
        (from..to).rev().find_map(&mut check)
    } else {
        (from..to).find_map(&mut check)
    }
}

/// A short line set as a section heading: numbered ("I. MỤC TIÊU", "2. Mục
/// tiêu cụ thể", "a) Kết quả") or in capitals ("KẾT QUẢ THỰC HIỆN").
fn section_heading(text: &str) -> bool {
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
fn lead_status(doc: &Doc, si: usize, n: usize) -> Option<&'static str> {
    let toks = &doc.sents[si].toks;
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
    Some(if results_after { "achieved" } else { first })
}

fn status(doc: &Doc, si: usize, hi: usize) -> Option<&'static str> {
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    let from = if hi > 0 { sh.hits[hi - 1].tok_end } else { 0 };
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
    status_cue(doc, &sh.toks, h.tok_end, end, false, false)
}

/// Years written in a sentence (not inside dates, identifiers, "so với năm X").
fn compute_years(doc: &Doc, si: usize) -> Vec<(usize, i32)> {
    let sh = &doc.sents[si];
    let s = doc.s;
    let mut out = Vec::new();
    if crate::extract::is_furniture_line(s, &sh.toks, &doc.cat.lexicon) {
        return out;
    }
    for (i, t) in sh.toks.iter().enumerate() {
        if t.kind == TokKind::Word && t.lower == "năm" {
            if let Some(y) = relative_year(doc, &sh.toks, i) {
                out.push((i, y));
            }
            continue;
        }
        if t.kind != TokKind::Num {
            continue;
        }
        let raw = &s[t.start..t.end];
        if raw.len() != 4 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(y) = raw.parse::<i32>() else { continue };
        if !(1990..=2100).contains(&y) {
            continue;
        }
        if sh.hits.iter().any(|h| h.tok_start <= i && i < h.tok_end) {
            continue;
        }
        let glued = |k: usize| {
            sh.toks.get(k).is_some_and(|x| {
                !x.space_before
                    && x.kind == TokKind::Punct
                    && matches!(&s[x.start..x.end], "/" | "-")
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
            out.push((i, y));
            continue;
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
            continue;
        }
        if i > 0
            && !t.space_before
            && sh.toks[i - 1].kind == TokKind::Punct
            && &s[sh.toks[i - 1].start..sh.toks[i - 1].end] == "/"
        {
            continue;
        }
        // "so với (cùng kỳ) năm 2021", "giai đoạn 2021-2025".
        let back: Vec<&str> = sh.toks[i.saturating_sub(5)..i]
            .iter()
            .map(|x| x.lower.as_str())
            .collect();
        let horizon = back
            .windows(2)
            .any(|w| w == ["hướng", "đến"] || w == ["nhìn", "đến"] || w == ["tầm", "nhìn"]);
        if back.windows(2).any(|w| w == ["so", "với"])
            || back.contains(&"đoạn")
            || horizon
            || document_date(s, &sh.toks, i)
        {
            continue;
        }
        out.push((i, y));
    }
    out
}

/// "năm nay" (this year) and "năm ngoái", "năm trước", "năm vừa qua" (last
/// year) at `i`, resolved by the dateline; not a comparison's base ("so với
/// năm trước") nor "2 năm trước" (two years ago).
fn relative_year(doc: &Doc, toks: &[Token], i: usize) -> Option<i32> {
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
fn governing_year(doc: &Doc, k: usize) -> Option<i32> {
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
fn compute_present(doc: &Doc, si: usize) -> bool {
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

fn compute_undated(doc: &Doc, si: usize) -> bool {
    let toks = &doc.sents[si].toks;
    doc.cat.lexicon.undated.iter().any(|w| has_phrase(toks, w))
}

/// Whether the words of `phrase` stand in a row among `toks` (whole words:
/// "hiện có" is not inside "thực hiện có").
fn has_phrase(toks: &[Token], phrase: &str) -> bool {
    let n = phrase.split(' ').count();
    let first = phrase.split(' ').next().unwrap_or("");
    toks.windows(n)
        .any(|w| w[0].lower == first && w.iter().zip(phrase.split(' ')).all(|(t, p)| t.lower == p))
}

/// The first token of a figure's own stretch: just after the figure before
/// it (dates do not count), or the sentence's start.
fn after_previous_figure(sh: &SentenceHits, hi: usize) -> usize {
    sh.hits[..hi]
        .iter()
        .rev()
        .find(|p| p.kind != Kind::Date)
        .map_or(0, |p| p.tok_end)
}

/// Year candidates of a sentence, with dates that frame it ("đến hết tháng 9/2022").
fn compute_sentence_years(doc: &Doc, si: usize) -> Vec<(usize, i32)> {
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

fn year(
    doc: &Doc,
    si: usize,
    hi: usize,
    heading: Option<i32>,
    (title, lead): (Option<i32>, Option<i32>),
    para: &[usize],
) -> Option<i32> {
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    let ys = sentence_years(doc, si);
    let is_change = h.change.is_some() || h.kind == Kind::Multiplier;
    if let Some(y) = respective_year(doc, sh, hi) {
        return Some(y);
    }
    // Right after the figure: "thứ 2 năm 2021", "2,8% vào năm 2015", "4,7%
    // của GDP năm 2020" (but "gấp 3 lần năm 2021" is the base).
    if let Some(&(_, y)) = ys.iter().find(|(i, _)| trails(sh, h, *i)) {
        if !is_change {
            return Some(y);
        }
    }
    // Before it, nearest, in its own clause or in the sentence's lead; a
    // previous figure's trailing year belongs to that figure.
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
    // After it, in the same clause, when no other figure takes it ("… và năm 2022 là 12,67%").
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

/// The lead: the first sentence of at least fifteen words near the top. When
/// it names one year (not a horizon "đến năm 2030"), that year governs the
/// passage below it ("Trong 9 tháng năm 2024, …"). Gives the lead's
/// sentence, its year and its status.
fn lead_year(doc: &Doc) -> Option<(usize, i32, &'static str)> {
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
fn respective_year(doc: &Doc, sh: &SentenceHits, hi: usize) -> Option<i32> {
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
fn trails(sh: &SentenceHits, h: &Hit, i: usize) -> bool {
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

fn as_of(doc: &Doc, si: usize) -> Option<String> {
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

fn date_iso(doc: &Doc, si: usize, h: &Hit) -> Option<String> {
    let p = h.date?;
    let y = p
        .year
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

/// Places named in a sentence: (start, end, place index), in order.
fn places_in(doc: &Doc, si: usize) -> Vec<(usize, usize, usize)> {
    let sh = &doc.sents[si];
    let text = &doc.s[sh.start..sh.end];
    let mut out = Vec::new();
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

fn document_place(doc: &Doc) -> Option<String> {
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

fn context_year(doc: &Doc) -> Option<i32> {
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
fn dateline_year(doc: &Doc) -> Option<i32> {
    for sh in doc.sents.iter().take(12) {
        if crate::extract::is_furniture_line(doc.s, &sh.toks, &doc.cat.lexicon) {
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

/// National minus local cues in a sentence (its text and lower-cased copy).
fn national_score(doc: &Doc, text: &str, lower: &str) -> i32 {
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
    .any(|w| find::find(lower, w).is_some());
    // "xếp thứ 14 cả nước" ranks one province in the country's field.
    let mut field = 0;
    if ranks {
        all_provinces = 0;
        field = (find::count(lower, "cả nước") + find::count(lower, "toàn quốc")) as i32;
    }
    // "Quyết định … của Thủ tướng Chính phủ" names an issuer, not a scope.
    let issuer = find::count(lower, "thủ tướng chính phủ") as i32;
    national + all_provinces - field - issuer - local
}

fn place(
    doc: &Doc,
    si: usize,
    hi: usize,
    places: &[(usize, usize, usize)],
    para: &[usize],
) -> Option<String> {
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    let name = |p: usize| doc.cat.places[p].name.clone();
    // "Bắc Ninh và Đà Nẵng lần lượt đứng thứ 5 và 7".
    let text = &doc.s[sh.start..sh.end];
    if let Some(k) = find::find(text, "lần lượt") {
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
                return Some(name(before[pos]));
            }
        }
    }
    // "hai tỉnh này", "các địa phương trên": the provinces named before, together.
    if plural_reference(&sh.toks[..h.tok_start]) {
        return None;
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
            return None;
        }
        return Some(name(places[k].2));
    }
    if let Some(p) = places.first() {
        return Some(name(p.2));
    }
    // A province's rank "among 63 provinces in the country" is still its own.
    let provincial_rank =
        h.kind == Kind::Rank && h.denominator.is_some_and(crate::extract::all_provinces);
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
        if let Some(p) = idx.sent_places[k].last() {
            return Some(name(p.2));
        }
    }
    if !idx.place_after[si] && !provincial_rank && idx.para_national[para[si]] > 0 {
        return Some("Việt Nam".into());
    }
    // Earlier paragraphs: the nearest one that names a province or speaks of the nation.
    for p in (para[si].saturating_sub(MAX_WALK)..para[si]).rev() {
        if let Some(place) = idx.para_last_place[p] {
            return Some(name(place));
        }
        if idx.para_national[p] > 0 {
            return Some("Việt Nam".into());
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

/// Per-sentence facts computed once: the resolver asks for them many times.
#[derive(Default)]
struct SentInfo {
    years: Vec<(usize, i32)>,
    sentence_years: Vec<(usize, i32)>,
    undated: bool,
    present: bool,
}

fn sent_info(doc: &Doc) -> Vec<SentInfo> {
    (0..doc.sents.len())
        .map(|si| SentInfo {
            years: compute_years(doc, si),
            sentence_years: compute_sentence_years(doc, si),
            undated: compute_undated(doc, si),
            present: compute_present(doc, si),
        })
        .collect()
}

fn years<'a>(doc: &'a Doc, si: usize) -> &'a [(usize, i32)] {
    &doc.info[si].years
}

fn sentence_years<'a>(doc: &'a Doc, si: usize) -> &'a [(usize, i32)] {
    &doc.info[si].sentence_years
}

fn undated(doc: &Doc, si: usize) -> bool {
    doc.info[si].undated
}

fn present(doc: &Doc, si: usize) -> bool {
    doc.info[si].present
}

/// How far back (sentences, paragraphs) the resolver looks: bounded, so that
/// a document of any size is resolved in linear time.
const MAX_WALK: usize = 40;

/// Places and national cues per sentence and paragraph, computed once.
#[derive(Default)]
struct PlaceIndex {
    sent_places: Vec<Vec<(usize, usize, usize)>>,
    sent_national: Vec<i32>,
    /// Whether a later sentence of the same paragraph names a place.
    place_after: Vec<bool>,
    para_national: Vec<i32>,
    para_last_place: Vec<Option<usize>>,
}

fn place_index(doc: &Doc, para: &[usize]) -> PlaceIndex {
    let n = doc.sents.len();
    let sent_places: Vec<_> = (0..n).map(|si| places_in(doc, si)).collect();
    let paras = para.last().map(|p| p + 1).unwrap_or(0);
    let mut para_national = vec![0; paras];
    let mut para_last_place = vec![None; paras];
    let sent_national: Vec<i32> = (0..n)
        .map(|si| {
            let sh = &doc.sents[si];
            national_score(doc, &doc.s[sh.start..sh.end], &doc.sents[si].lower)
        })
        .collect();
    for si in 0..n {
        para_national[para[si]] += sent_national[si];
        if let Some(p) = sent_places[si].last() {
            para_last_place[para[si]] = Some(p.2);
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

fn level(doc: &Doc, si: usize, sh: &SentenceHits, hi: usize, seg: &Seg) -> Option<&'static str> {
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
    let levels = [
        ("cấp tỉnh", "province"),
        ("cấp huyện", "district"),
        ("cấp xã", "commune"),
    ];
    // "cấp huyện đạt trên 90%": a level phrase followed only by fillers.
    for (lvl, name) in levels {
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
    // "85% hồ sơ công việc cấp tỉnh; 60% … cấp huyện": the level said after
    // the figure's noun, up to the next figure (not a list of levels, "cấp
    // tỉnh, huyện, xã", nor an index's name, "DTI cấp tỉnh").
    let lead = low(h.end, clause_end).len() - after.len();
    let own = sh.hits.get(hi + 1).map_or(after, |n| {
        &after[..after.len().min(n.start.saturating_sub(h.end + lead))]
    });
    let near: String = own.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
    if let Some((at, name)) = levels
        .iter()
        .filter_map(|(lvl, name)| find::find(&near, lvl).map(|i| (i, *name)))
        .min()
    {
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
        let next_figure = hi + 1 < sh.hits.len()
            && levels.iter().any(|(lvl, _)| {
                rest.strip_prefix(lvl).is_some_and(|tail| {
                    tail.split_whitespace()
                        .all(|w| lex.fillers.contains(w) || lex.qualifier(w).is_some())
                })
            });
        if !index_name && named == 1 && !next_figure {
            return Some(name);
        }
    }
    // Units counted: "27/27 huyện" (district), "15 sở, ngành" and "17 tỉnh" (province).
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
        && (h.denominator.is_some_and(crate::extract::all_provinces)
            || h.value.is_some_and(crate::extract::all_provinces))
    {
        return Some("province");
    }
    None
}
