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

mod carry;
mod context;
mod indicator;
mod lines;
mod names;
mod place;
mod status;
mod time;
mod written;

use crate::grammar::Hit;
use crate::record::Kind;
use crate::rules::Catalog;
use crate::text::find;
use crate::token::{TokKind, Token};
use carry::{coordinated, refers_back};
use context::{
    accepts, cues_in, has_phrase, in_parentheses, paragraphs, present, segments, sentence_years,
    undated, years, Cue, Doc, PlaceIndex, MAX_WALK,
};
use indicator::indicator;
use lines::{bulleted, framing_year, list_item, title_first_year, title_year};
use names::{by_name, index_topic, market_indicator, topic_indicator};
use place::{document_place, level, place, place_index};
use status::{lead_status, section_heading, status, status_cue};
use time::{
    as_of, context_year, date_iso, dateline_year, governing_year, lead_year, published, year,
};
use written::sent_info;

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

/// One sentence, tokenized, with its hits. Page furniture that is a block
/// of its own (a news site's economic ticker) has no `SentenceHits`: the
/// pipeline leaves its sentences out.
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

/// Resolves every hit of a document.
pub fn resolve(s: &str, sents: &[SentenceHits], cat: &Catalog) -> Vec<Figure> {
    let para = paragraphs(s, sents);
    let doc = document(s, sents, cat, &para);
    let mut frame = Frame::new();
    let mut out = Vec::new();
    for (si, sh) in sents.iter().enumerate() {
        let here = frame.enter(&doc, si, &para);
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
            attribute(&doc, &mut frame, &here, (si, hi), &para, &out, &mut f);
            // "100% cơ quan cấp huyện và 15/15 xã được kết nối mạng …": the
            // predicate said after the last item names the items before.
            if let Some(ind) = f.indicator {
                if let Some(prev) = out.last_mut() {
                    if prev.indicator.is_none()
                        && prev.sentence == si
                        && carry::joined_before(&doc, sh, hi, prev)
                        && accepts(&cat.indicators[ind], &prev.hit)
                    {
                        prev.indicator = Some(ind);
                    }
                }
            }
            out.push(f);
        }
    }
    out
}

/// What is computed once per document, before any figure.
fn document<'a>(
    s: &'a str,
    sents: &'a [SentenceHits],
    cat: &'a Catalog,
    para: &[usize],
) -> Doc<'a> {
    let mut doc = Doc {
        s,
        cat,
        sents,
        doc_place: None,
        context_year: None,
        dateline_year: None,
        published: published(s),
        only_goals: false,
        title_year: None,
        title_first_year: None,
        lead: None,
        topic: None,
        places: PlaceIndex::default(),
        info: Vec::new(),
    };
    doc.dateline_year = dateline_year(&doc);
    doc.published = doc.published.or_else(|| time::dateline_day(&doc));
    doc.info = sent_info(&doc);
    doc.places = place_index(&doc, para);
    doc.doc_place = document_place(&doc);
    doc.context_year = context_year(&doc);
    doc.title_year = title_year(&doc);
    doc.title_first_year = doc.title_year.and(title_first_year(&doc));
    doc.lead = lead_year(&doc);
    doc.topic = index_topic(&doc);
    doc.only_goals = status::only_goals(&doc);
    doc
}

/// What governs the figures of a passage as the reader goes down the
/// document: the last heading's status and year, the framing year, whether
/// the lead still governs, and the last goal said outright.
struct Frame {
    heading: (Option<&'static str>, Option<i32>),
    /// What the last section heading said, kept while a line ending in a
    /// colon governs the list under it; back in force after the list.
    section: (Option<&'static str>, Option<i32>),
    /// The heading in force is a colon's: it ends with its list.
    intro: bool,
    /// Paragraphs opened under the colon's heading.
    intro_paras: usize,
    /// The framing year and whether it frames goals only ("Năm 2025, tỉnh
    /// đặt mục tiêu …" dates no result).
    running: Option<(i32, bool)>,
    lead_live: bool,
    /// The paragraph and deadline of the last goal said outright.
    goal: Option<(usize, Option<i32>)>,
    last_cues: Vec<Cue>,
}

/// One sentence as its figures see it: its cues, the previous sentence's,
/// and the framing year that stood before it.
struct Here {
    cues: Vec<Cue>,
    prev_cues: Vec<Cue>,
    running: Option<(i32, bool)>,
}

impl Frame {
    fn new() -> Frame {
        Frame {
            heading: (None, None),
            section: (None, None),
            intro: false,
            intro_paras: 0,
            running: None,
            lead_live: true,
            goal: None,
            last_cues: Vec::new(),
        }
    }

    /// Moves the frame to sentence `si`: a heading, an undated sentence, a
    /// framing year or a goal with no figure change what governs.
    fn enter(&mut self, doc: &Doc, si: usize, para: &[usize]) -> Here {
        let (s, sh) = (doc.s, &doc.sents[si]);
        let cues = cues_in(doc.cat, &doc.sents[si].lower, sh.start, &sh.hits);
        let prev_cues = std::mem::replace(&mut self.last_cues, cues.clone());
        let figures_here = sh.hits.iter().any(|h| h.kind != Kind::Date);
        let colon = s[sh.start..sh.end].trim_end().ends_with(':');
        let alone = (si == 0 || para[si - 1] != para[si])
            && doc
                .sents
                .get(si + 1)
                .is_none_or(|_| para[si + 1] != para[si]);
        let dated = !years(doc, si).is_empty();
        // A heading is short: a paragraph of its own with thirty words or
        // more is a lead or a body paragraph, whatever it says.
        let short = sh.toks.iter().filter(|t| t.kind == TokKind::Word).count() < 30;
        // A colon introduces what follows: the paragraph after it, and the
        // list items after that; the next other paragraph is back under the
        // section's heading.
        let opens = si == 0 || para[si - 1] != para[si];
        if self.intro && opens {
            if self.intro_paras > 0 && !list_item(doc, si) {
                self.heading = self.section;
                self.intro = false;
            }
            self.intro_paras += 1;
        }
        if colon
            || (alone && short && !figures_here && (dated || section_heading(&s[sh.start..sh.end])))
        {
            if let Some(st) = lead_status(doc, si, sh.toks.len()) {
                let mut y = years(doc, si).iter().map(|x| x.1).max();
                if y.is_none() && colon && si > 0 && para[si - 1] == para[si] {
                    y = years(doc, si - 1).iter().map(|x| x.1).max();
                }
                self.heading = (Some(st), y);
                self.running = None;
                self.intro = colon && !(alone && short && section_heading(&s[sh.start..sh.end]));
                self.intro_paras = 0;
                if !self.intro {
                    self.section = self.heading;
                }
            }
        }
        if undated(doc, si) {
            self.running = None;
            // "Thời gian qua, …" after the lead: the lead's year no longer governs.
            if doc.lead.is_some_and(|(li, _, _)| si > li) {
                self.lead_live = false;
            }
        }
        let framing = framing_year(doc, si, para);
        let this_running = self.running;
        // A goal with a deadline and no figure ("Phấn đấu đến năm 2030, tỉnh
        // hoàn thành …") frames the figures after it.
        let n = sh.toks.len();
        // ("Các chỉ tiêu … đều vượt kế hoạch": the last cue says a result.)
        let sets_goal = status_cue(doc, &sh.toks, 0, n, false, false) == Some("target")
            && !status::passes_goal(doc, &sh.toks, n)
            && !has_phrase(&sh.toks, "đã")
            && !has_phrase(&sh.toks, "đạt được");
        if !figures_here && sets_goal {
            if let Some(y) = governing_year(doc, si) {
                self.goal = Some((para[si], Some(y)));
            }
        }
        if let Some(y) = framing {
            self.running = Some((y, sets_goal));
        }
        Here {
            cues,
            prev_cues,
            running: this_running,
        }
    }
}

/// Fills in a figure's indicator, subject, status, year, as_of, place and level.
fn attribute(
    doc: &Doc,
    frame: &mut Frame,
    here: &Here,
    (si, hi): (usize, usize),
    para: &[usize],
    out: &[Figure],
    f: &mut Figure,
) {
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    let seg = segments(doc.s, sh, hi);
    let (ind, subject) = figure_indicator(doc, here, (si, hi), &seg, para, out);
    f.indicator = ind;
    f.subject = subject;
    // A result said before it in its sentence makes a goal after it a
    // yardstick ("đạt 48,5%, chưa đạt chỉ tiêu 55%").
    let after_result = out
        .iter()
        .rev()
        .take_while(|p| p.sentence == si)
        .any(|p| p.status == Some("achieved") && p.hit.kind != Kind::Date);
    let (status, carried, deadline) = figure_status(doc, frame, (si, hi), para, after_result);
    f.status = Some(status);
    f.year = figure_year(doc, frame, here, (si, hi), status, para)
        .or(carried.flatten())
        .or(deadline.filter(|_| !present(doc, si)));
    if time::from_value(doc, si, hi) {
        f.year = f.year.map(|y| y - 1);
    }
    f.as_of = as_of(doc, si);
    f.place = place(doc, si, hi, &doc.places.sent_places[si], para);
    f.level = level(doc, si, sh, hi, &seg);
    // A count of the country's provinces ("48/63 địa phương", "dẫn đầu
    // 63 tỉnh, thành phố"; 34 since the 2025 merger) is a national figure.
    let all = |v: Option<f64>| v.is_some_and(crate::grammar::all_provinces);
    if h.kind == Kind::Count && f.level == Some("province") && (all(h.value) || all(h.denominator))
    {
        f.place = Some("Việt Nam".into());
    }
    if national_count(doc, si, hi, para) {
        f.place = Some("Việt Nam".into());
    }
}

/// Whether the count at `hi` counts the country's provinces ("Top 10 tỉnh …
/// gồm", "32 địa phương đã …") or the parts an index is built of in a
/// sentence that names the index ("DTI gồm 9 chỉ số chính"): a national
/// figure, unless a province is named before it ("Hà Nội dẫn đầu ở 4 chỉ số
/// chính").
fn national_count(doc: &Doc, si: usize, hi: usize, para: &[usize]) -> bool {
    let sh = &doc.sents[si];
    let h = &sh.hits[hi];
    let lex = &doc.cat.lexicon;
    if h.kind != Kind::Count || h.denominator.is_some() {
        return false;
    }
    let after = sh.lower[h.end - sh.start..].trim_start();
    let opens = |list: &[String]| {
        list.iter().any(|w| {
            after.starts_with(w.as_str())
                && !after[w.len()..].starts_with(|c: char| c.is_alphanumeric())
        })
    };
    // A sentence that names districts or communes counts those as its
    // "địa phương".
    let provinces = || {
        opens(&lex.province_units)
            && !sh.toks.iter().any(|t| {
                lex.subunit_words
                    .iter()
                    .any(|w| w.as_str() == t.lower.as_str())
            })
    };
    // "DTI gồm 3 trụ cột …. 9 chỉ số chính được chia thành 2 nhóm": a
    // count in a sentence that counts the index's parts, the index named in
    // the sentence or earlier in its paragraph.
    let index_parts = || {
        let structure = opens(&lex.index_structure)
            || sh.hits.iter().any(|o| {
                o.kind == Kind::Count && {
                    let rest = sh.lower[o.end - sh.start..].trim_start();
                    lex.index_structure
                        .iter()
                        .any(|w| rest.starts_with(w.as_str()))
                }
            });
        let names_index = |k: usize| {
            lex.index_topic.as_ref().is_some_and(|t| {
                t.words
                    .iter()
                    .any(|w| find::contains(&doc.sents[k].lower, w))
            })
        };
        // An earlier sentence's index, unless this one speaks of the
        // province ("UBND tỉnh … trên cả 3 trụ cột") or a province is named
        // on the way ("Trà Vinh đạt …. Ở 3 trụ cột: …").
        if !structure || names_index(si) {
            return structure;
        }
        if doc.places.sent_national[si] < 0 {
            return false;
        }
        for k in (si.saturating_sub(MAX_WALK)..si).rev() {
            if para[k] != para[si] || !doc.places.sent_places[k + 1].is_empty() {
                return false;
            }
            if names_index(k) {
                return doc.places.sent_places[k].is_empty();
            }
        }
        false
    };
    (provinces() || index_parts()) && !doc.places.sent_places[si].iter().any(|p| p.1 <= h.start)
}

/// The indicator: the figure's own words, then a list or change continuing
/// the figure before, the catalog's names, the article's index topic, and
/// "tỷ lệ này" referring back.
fn figure_indicator(
    doc: &Doc,
    here: &Here,
    (si, hi): (usize, usize),
    seg: &context::Seg,
    para: &[usize],
    out: &[Figure],
) -> (Option<usize>, Option<String>) {
    let (sents, sh) = (doc.sents, &doc.sents[si]);
    let h = &sh.hits[hi];
    let same_para = si > 0 && para[si - 1] == para[si];
    let prev_span = same_para.then(|| (sents[si - 1].start, sents[si - 1].end));
    let (mut ind, subject) = indicator(doc, sh, hi, seg, &here.cues, (prev_span, &here.prev_cues));
    match coordinated(doc, sh, si, hi, out.last()) {
        Some((i, true)) => ind = i,
        Some((i, false)) if ind.is_none() => ind = i,
        _ => {}
    }
    if ind.is_none() {
        ind = by_name(doc, sh, hi);
    }
    if ind.is_none() {
        ind = topic_indicator(doc, si, hi);
    }
    if ind.is_none() {
        ind = market_indicator(doc, si, hi);
    }
    // "Năm 2019, tỷ lệ này đạt 4,9%": the quantity named before.
    if ind.is_none() && refers_back(doc, sh, hi) {
        ind = out
            .iter()
            .rev()
            .take_while(|p: &&Figure| para[p.sentence] + 2 >= para[si])
            .find_map(|p| {
                p.indicator
                    .filter(|&i| p.hit.kind == h.kind && accepts(&doc.cat.indicators[i], h))
            });
    }
    // "(đạt 79% mục tiêu)": how much of a goal was done, not its value.
    if status::share_of_goal(doc, sh, hi) {
        ind = None;
    }
    (ind, subject)
}

/// The status, with the goal carried to a plain list after it (its year,
/// when one is carried) and the deadline a goal of no year of its own keeps.
fn figure_status(
    doc: &Doc,
    frame: &mut Frame,
    (si, hi): (usize, usize),
    para: &[usize],
    after_result: bool,
) -> (&'static str, Option<Option<i32>>, Option<i32>) {
    let heading = frame.heading;
    let goal = frame.goal;
    // A goals heading ("KẾ HOẠCH NĂM 2025") does not make a figure of
    // an earlier year a goal ("Năm 2023, tỉnh đạt 37%").
    let earlier = |hy: i32| sentence_years(doc, si).iter().any(|&(_, y)| y < hy);
    let headed = match heading {
        (Some("target"), Some(hy)) if earlier(hy) => Some("achieved"),
        (st, _) => st,
    };
    let own = status(doc, si, hi).or(headed);
    let own_years = sentence_years(doc, si);
    // A goal said once carries over the plain list of figures after
    // it ("Tỉnh đặt mục tiêu … 80%. Tỷ lệ hộ có cáp quang trên 85%."),
    // within two paragraphs, until a result or another year is said.
    // (A span of years, "năm học 2023 – 2024", is another time said too.)
    let span_said = own_years.is_empty() && time::names_span(doc, si);
    let carried = match (own, goal) {
        (None, Some((p, y)))
            if para[si] <= p + 2
                && !present(doc, si)
                && !span_said
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
    // A goal in parentheses ("đạt 62% (chỉ tiêu 60%)") or after a result
    // of its sentence is the result's yardstick: it carries over nothing.
    let aside = after_result || in_parentheses(doc, si, doc.sents[si].hits[hi].tok_start);
    frame.goal = match own {
        Some("target") if aside => None,
        Some("target") => Some((para[si], governing_year(doc, si).or(deadline))),
        Some(_) => None,
        None if carried.is_some() => goal.map(|(_, y)| (para[si], y)),
        None => None,
    };
    // A bulleted item of a document that only sets goals is a goal.
    let planned = doc.only_goals && bulleted(doc, si);
    let status = own.unwrap_or(if carried.is_some() || planned {
        "target"
    } else {
        "achieved"
    });
    (status, carried, deadline)
}

/// The year from the figure's own words or, for a figure of their status,
/// the heading, the framing year, the title and the lead.
fn figure_year(
    doc: &Doc,
    frame: &Frame,
    here: &Here,
    (si, hi): (usize, usize),
    status: &'static str,
    para: &[usize],
) -> Option<i32> {
    let heading = frame.heading;
    // The lead's year governs figures of the lead's kind only: a lead
    // that sets a goal ("Năm 2023, tỉnh đề ra mục tiêu …") does not date results.
    let lead = doc
        .lead
        .filter(|&(_, _, st)| frame.lead_live && status == st)
        .map(|(_, y, _)| y);
    let framed = here
        .running
        .filter(|&(_, goals)| !goals || status == "target")
        .map(|(y, _)| y);
    // So does a title that sets goals ("Kế hoạch … năm 2025").
    // A title of results and goals ("Kết quả năm 2024 và nhiệm vụ năm
    // 2025") gives its results the earlier year.
    let title = doc
        .title_year
        .filter(|&(_, goals)| !goals || status == "target")
        .map(|(y, _)| match doc.title_first_year {
            Some(first) if status == "achieved" => first,
            _ => y,
        });
    // A heading's year dates the figures of the heading's status.
    let headed = heading
        .1
        .filter(|_| heading.0.is_none() || Some(status) == heading.0);
    year(doc, si, hi, headed.or(framed), (title, lead), para)
}
