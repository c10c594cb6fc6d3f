//! The document as attribution sees it: [`Doc`] (the text, the catalog, the
//! sentences and what is computed once per document — paragraphs, the places
//! and years of every sentence, the lead, the title's year, the index topic),
//! the cues found in a sentence ([`Cue`]) and the clause around a figure
//! ([`Seg`]). Takes the grammar's [`SentenceHits`]; gives plain data that
//! `indicator`, `status`, `time` and `place` read. Imports no sibling.

use super::SentenceHits;
use crate::grammar::Hit;
use crate::record::Kind;
use crate::rules::Catalog;
use crate::rules::Indicator;
use crate::text::find;
use crate::token::{opens_with, TokKind, Token};

#[derive(Clone, Copy, Debug)]
pub(super) struct Cue {
    pub(super) ind: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) struct Doc<'a> {
    pub(super) s: &'a str,
    pub(super) cat: &'a Catalog,
    pub(super) sents: &'a [SentenceHits],
    /// Most-mentioned place of the document.
    pub(super) doc_place: Option<String>,
    /// Year of the dateline, or the latest year written.
    pub(super) context_year: Option<i32>,
    /// Year of the dateline: it resolves "năm nay", "năm ngoái".
    pub(super) dateline_year: Option<i32>,
    /// The day a scraper's `date YYYY-MM-DD` line says the page was
    /// published: a day written without its year is the last such day
    /// before it.
    pub(super) published: Option<(i32, u32, u32)>,
    /// The document sets goals and states no result: a figure with no
    /// status of its own is a goal.
    pub(super) only_goals: bool,
    /// Year of the title line.
    pub(super) title_year: Option<(i32, bool)>,
    /// The earliest year of a title that names several ("Kết quả năm
    /// 2024, nhiệm vụ năm 2025"): the year of its results.
    pub(super) title_first_year: Option<i32>,
    /// The lead (the first full sentence) when it names one year: its
    /// sentence, that year and its status.
    pub(super) lead: Option<(usize, i32, &'static str)>,
    /// The index the article is about (its title or lead names it): the
    /// indicators of its rank and of its value.
    pub(super) topic: Option<(usize, usize)>,
    /// Places per sentence and paragraph.
    pub(super) places: PlaceIndex,
    /// Years and time words per sentence.
    pub(super) info: Vec<SentInfo>,
}

/// Paragraph (block) id of each sentence.
pub(super) fn paragraphs(s: &str, sents: &[SentenceHits]) -> Vec<usize> {
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

pub(super) fn cues_in(cat: &Catalog, lower: &str, base: usize, hits: &[Hit]) -> Vec<Cue> {
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
pub(super) struct Seg {
    pub(super) narrow: usize,
    pub(super) wide: usize,
    pub(super) after_end: usize,
}

pub(super) fn segments(s: &str, sh: &SentenceHits, hi: usize) -> Seg {
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

pub(super) fn accepts(ind: &Indicator, h: &Hit) -> bool {
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

/// Whether token `i` of sentence `si` stands inside parentheses.
pub(super) fn in_parentheses(doc: &Doc, si: usize, i: usize) -> bool {
    let mut depth = 0i32;
    for t in &doc.sents[si].toks[..i] {
        match (t.kind == TokKind::Punct).then(|| &doc.s[t.start..t.end]) {
            Some("(") => depth += 1,
            Some(")") => depth = (depth - 1).max(0),
            _ => {}
        }
    }
    depth > 0
}

/// The year a token writes: four digits, 1990–2100.
pub(super) fn year_token(s: &str, t: &Token) -> Option<i32> {
    let raw = &s[t.start..t.end];
    (t.kind == TokKind::Num && raw.len() == 4)
        .then(|| raw.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

/// Whether the words of `phrase` stand in a row among `toks` (whole words:
/// "hiện có" is not inside "thực hiện có").
pub(super) fn has_phrase(toks: &[Token], phrase: &str) -> bool {
    (0..toks.len()).any(|k| opens_with(&toks[k..], phrase))
}

/// The first token of a figure's own stretch: just after the figure before
/// it (dates do not count), or the sentence's start.
pub(super) fn after_previous_figure(sh: &SentenceHits, hi: usize) -> usize {
    sh.hits[..hi]
        .iter()
        .rev()
        .find(|p| p.kind != Kind::Date)
        .map_or(0, |p| p.tok_end)
}

/// Per-sentence facts computed once: the resolver asks for them many times.
#[derive(Default)]
pub(super) struct SentInfo {
    pub(super) years: Vec<(usize, i32)>,
    pub(super) sentence_years: Vec<(usize, i32)>,
    pub(super) undated: bool,
    pub(super) present: bool,
}

pub(super) fn years<'a>(doc: &'a Doc, si: usize) -> &'a [(usize, i32)] {
    &doc.info[si].years
}

pub(super) fn sentence_years<'a>(doc: &'a Doc, si: usize) -> &'a [(usize, i32)] {
    &doc.info[si].sentence_years
}

pub(super) fn undated(doc: &Doc, si: usize) -> bool {
    doc.info[si].undated
}

pub(super) fn present(doc: &Doc, si: usize) -> bool {
    doc.info[si].present
}

/// How far back (sentences, paragraphs) the resolver looks: bounded, so that
/// a document of any size is resolved in linear time.
pub(super) const MAX_WALK: usize = 40;

/// Places and national cues per sentence and paragraph, computed once.
#[derive(Default)]
pub(super) struct PlaceIndex {
    pub(super) sent_places: Vec<Vec<(usize, usize, usize)>>,
    pub(super) sent_national: Vec<i32>,
    /// Whether a later sentence of the same paragraph names a place.
    pub(super) place_after: Vec<bool>,
    pub(super) para_national: Vec<i32>,
    pub(super) para_last_place: Vec<Option<usize>>,
}

/// The token index of the comma that ends a sentence's topic ("Về kinh tế
/// số, …", `topic_heads`), when the sentence opens with one.
pub(super) fn topic_comma(doc: &Doc, sh: &SentenceHits) -> Option<usize> {
    let opens = doc.cat.lexicon.topic_heads.iter().any(|w| {
        let n = w.split(' ').count();
        sh.toks.len() > n && w.split(' ').zip(&sh.toks).all(|(p, t)| t.lower == p)
    });
    if !opens {
        return None;
    }
    sh.toks
        .iter()
        .position(|t| t.kind == TokKind::Punct && &doc.s[t.start..t.end] == ",")
}
