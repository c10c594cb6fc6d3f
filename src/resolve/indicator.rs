//! Which indicator a figure measures, and its subject: the cue named nearest
//! before the figure in its clause, the noun phrase right after it, or the one
//! named before it in the sentence. Takes [`Doc`], the sentence's cues and the
//! figure's clause; gives an index into `Catalog::indicators` (or none) that
//! `resolve` then completes with [`super::names`] and [`super::carry`].

use super::context::{accepts, topic_comma, Cue, Doc, Seg};
use super::names::{has_own_subject, is_function_word};
use super::SentenceHits;
use crate::grammar::Hit;
use crate::record::Kind;
use crate::rules::Indicator;
use crate::text::find;
use crate::token::TokKind;
use crate::token::Token;

pub(super) fn context_ok(ind: &Indicator, window: &str) -> bool {
    ind.context.is_empty()
        || ind
            .context
            .iter()
            .any(|r| crate::rules::word_matches(r, window).next().is_some())
}

/// Subject heads: a cue must start after the last of these before the figure.
pub(super) const HEADS: &[&str] = &["tỷ lệ", "tỷ trọng", "tỉ lệ", "tỉ trọng"];

/// What the cue search needs to know about one figure and its sentence,
/// computed once: the figure's stretches of text (lower-cased) and the memo of
/// how strongly each indicator's context stands near it.
struct Scene<'a> {
    doc: &'a Doc<'a>,
    sh: &'a SentenceHits,
    hi: usize,
    h: &'a Hit,
    seg: &'a Seg,
    cues: &'a [Cue],
    /// The wide "after": the noun phrase may run past commas up to the clause end.
    after_wide: usize,
    after_trim: &'a str,
    narrow_text: &'a str,
    wide_text: &'a str,
    narrow_window: String,
    /// The whole clause, back past earlier figures to its ';' or ':'.
    clause_window: &'a str,
    sentence_lower: &'a str,
    counted: String,
    subject_after: bool,
    /// Where the after-text's first comma stands.
    first_comma: usize,
    /// Context is looked for close by first, then in the clause.
    /// 2: its context stands close by; 1: it needs none; 0: only in the clause.
    /// Memoized per indicator: the cue loops below ask many times.
    known: Vec<std::cell::Cell<Option<Option<u8>>>>,
    own_after: std::cell::OnceCell<usize>,
    topic_end: std::cell::OnceCell<Option<usize>>,
}

impl<'a> Scene<'a> {
    fn new(
        doc: &'a Doc<'a>,
        sh: &'a SentenceHits,
        hi: usize,
        seg: &'a Seg,
        cues: &'a [Cue],
    ) -> Self {
        let si_lower: &'a str = &sh.lower;
        let low = |a: usize, b: usize| -> &'a str { &si_lower[a - sh.start..b - sh.start] };
        let s = doc.s;
        let h = &sh.hits[hi];
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
        let first_comma = s[h.end..after_wide]
            .find(',')
            .map(|k| h.end + k)
            .unwrap_or(after_wide);
        Scene {
            doc,
            sh,
            hi,
            h,
            seg,
            cues,
            after_wide,
            after_trim,
            narrow_text,
            wide_text,
            narrow_window,
            clause_window,
            sentence_lower: low(sh.start, sh.end),
            counted,
            subject_after,
            first_comma,
            known: vec![Default::default(); doc.cat.indicators.len()],
            own_after: std::cell::OnceCell::new(),
            topic_end: std::cell::OnceCell::new(),
        }
    }

    /// The sentence's lower-cased bytes from `a` to `b` (text offsets).
    fn low(&self, a: usize, b: usize) -> &'a str {
        let lower: &'a str = &self.sh.lower;
        &lower[a - self.sh.start..b - self.sh.start]
    }

    fn strength(&self, i: usize) -> Option<u8> {
        if let Some(v) = self.known[i].get() {
            return v;
        }
        let ind = &self.doc.cat.indicators[i];
        let v = if ind.context.is_empty() {
            Some(1)
        } else if context_ok(ind, &self.narrow_window) {
            Some(2)
        } else if context_ok(ind, self.clause_window) {
            Some(0)
        } else {
            None
        };
        self.known[i].set(Some(v));
        v
    }

    fn ok(&self, c: &Cue) -> bool {
        accepts(&self.doc.cat.indicators[c.ind], self.h) && self.strength(c.ind).is_some()
    }

    fn rank_of(&self, c: &Cue) -> u8 {
        self.strength(c.ind).unwrap_or(0)
    }

    /// A head right before the figure ("đạt tỷ lệ 94,6%") introduces nothing.
    fn head_floor(&self, from: usize, text: &str) -> usize {
        let lexicon = &self.doc.cat.lexicon;
        HEADS
            .iter()
            .filter_map(|w| find::rfind(text, w).map(|k| (k, w.len())))
            .filter(|(k, n)| {
                let rest = &text[k + n..];
                !rest
                    .split_whitespace()
                    .all(|w| lexicon.fillers.contains(w) || lexicon.qualifier(w).is_some())
            })
            .map(|(k, _)| k)
            .max()
            .map(|k| from + k)
            .unwrap_or(from)
    }

    /// 1. A count's counted noun names the indicator ("59.468 lượt tra cứu").
    fn counted_noun(&self) -> Option<(Option<usize>, Option<String>)> {
        let (h, inds) = (self.h, &self.doc.cat.indicators);
        if h.kind != Kind::Count {
            return None;
        }
        let after_trim = self.after_trim;
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
            .filter(|(i, _)| context_ok(&inds[*i], self.sentence_lower))
            .max_by_key(|(_, n)| n.len());
        let (i, _) = best?;
        Some((
            Some(i),
            Some(self.doc.s[h.end..self.seg.after_end].trim().to_string()),
        ))
    }

    /// "A và B … lần lượt thứ 45 và 52": the i-th figure takes the i-th indicator.
    fn respectively(&self) -> Option<(Option<usize>, Option<String>)> {
        let (sh, h, inds) = (self.sh, self.h, &self.doc.cat.indicators);
        let k = find::find(self.sentence_lower, "lần lượt")?;
        let pivot = sh.start + k;
        if h.start <= pivot {
            return None;
        }
        let mut named: Vec<Cue> = self
            .cues
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
            let pos = after.iter().position(|&j| j == self.hi)?;
            let c = named[pos];
            return Some((Some(c.ind), Some(self.doc.s[c.start..c.end].to_string())));
        }
        None
    }

    fn gap_ok(&self, end: usize) -> bool {
        let gap: Vec<&Token> = self
            .sh
            .toks
            .iter()
            .filter(|t| t.start >= end && t.end <= self.h.start)
            .collect();
        gap.len() <= 3
            && !gap
                .iter()
                .any(|t| matches!(t.lower.as_str(), "tại" | "của" | "trong" | "ở"))
    }

    /// A cue standing right after an earlier figure is that figure's noun ("14 phân hệ").
    fn owned(&self, c: &Cue) -> bool {
        self.sh.hits[..self.hi]
            .iter()
            .any(|p| c.start >= p.end && c.start <= p.end + 1)
    }

    /// The start of the comma that ends the sentence's topic ("Về kinh tế
    /// số,") when the figure stands after it with a noun of its own: a cue
    /// of the topic names no such figure. Computed once.
    fn topic_end(&self) -> Option<usize> {
        *self.topic_end.get_or_init(|| {
            let k = topic_comma(self.doc, self.sh)?;
            let comma = self.sh.toks[k].start;
            (comma < self.h.start && self.subject_after && self.own_after() >= 2).then_some(comma)
        })
    }

    fn nearest_before(&self, from: usize, adjacent: bool) -> Option<Cue> {
        let from = self.topic_end().map_or(from, |t| from.max(t));
        self.cues
            .iter()
            .filter(|c| {
                c.end <= self.h.start
                    && c.start >= from
                    && self.ok(c)
                    && (!adjacent || (self.gap_ok(c.end) && !self.owned(c)))
            })
            .max_by_key(|c| (c.end, c.end - c.start, self.rank_of(c)))
            .copied()
    }

    /// Whether a new subject ("tỷ lệ …") starts between the figure and a cue.
    fn new_head(&self, c: &Cue) -> bool {
        let between = self.low(self.h.end, c.start);
        HEADS.iter().any(|w| find::contains(between, w))
    }

    fn after_cue(&self, mode: u8) -> Option<Cue> {
        let (s, h) = (self.doc.s, self.h);
        self.cues
            .iter()
            .filter(|c| {
                c.start >= h.end && c.end <= self.after_wide && self.ok(c) && !self.new_head(c)
            })
            .filter(|c| match mode {
                // within a count's noun phrase: no "về", no new capitalised item
                0 => {
                    let between = &s[h.end..c.start];
                    let lower = self.low(h.end, c.start);
                    between.split_whitespace().count() <= 10
                        && !lower.split_whitespace().any(|w| w == "về")
                        && !between
                            .split(", ")
                            .skip(1)
                            .any(|p| p.chars().next().is_some_and(|ch| ch.is_uppercase()))
                }
                // before the first comma
                1 => c.start < self.first_comma,
                // anywhere in the noun phrase
                2 => true,
                // "… về chính quyền số"; a rank's field: "thứ 9 trong an
                // toàn thông tin mạng"
                _ => self
                    .low(h.end, c.start)
                    .split_whitespace()
                    .any(|w| w == "về" || (w == "trong" && h.kind == Kind::Rank)),
            })
            .min_by_key(|c| (c.start, usize::MAX - (c.end - c.start), 2 - self.rank_of(c)))
            .copied()
    }

    /// Steps 2–6: the cue before the figure, the noun phrase after it, the
    /// clause, and for a figure with no subject of its own the sentence (or,
    /// for ranks and scores, the sentence before).
    fn pick(&self, prev: (Option<(usize, usize)>, &[Cue])) -> Option<Cue> {
        let (h, sh, seg) = (self.h, self.sh, self.seg);
        let subject_after = self.subject_after;
        let narrow_floor = self.head_floor(seg.narrow, self.narrow_text);
        let wide_floor = self.head_floor(seg.wide, self.wide_text);
        let count_with_noun = h.kind == Kind::Count && subject_after;
        // 2. A cue just before the figure: "… điện thoại thông minh đạt 61%".
        let mut pick = self.nearest_before(narrow_floor, true);
        // 3. The noun phrase after the figure: "100% hệ thống thông tin …".
        if pick.is_none() && subject_after {
            pick = self.after_cue(if count_with_noun { 0 } else { 1 });
        }
        // A rank's field said after it ("thứ 15 trong thể chế số") comes
        // before a cue earlier in the clause, which may be an earlier rank's.
        if pick.is_none() && h.kind == Kind::Rank {
            pick = self.after_cue(3);
        }
        // 4. Anywhere before it in the clause (a count is named by its noun
        //    instead, unless it is a fraction of a share: "… ở 96/96 thôn").
        if pick.is_none() && (!count_with_noun || h.denominator.is_some()) {
            pick = self.nearest_before(wide_floor, false);
        }
        if pick.is_none() && subject_after && !count_with_noun {
            pick = self.after_cue(2);
        }
        // 5. "xếp thứ 40 cả nước về kinh tế số".
        if pick.is_none() && !count_with_noun {
            pick = self.after_cue(3);
        }
        // 6. No subject of its own: the nearest indicator named before it, in the
        //    sentence, or for ranks and scores in the sentence before.
        if pick.is_none() && !self.has_own_subject() {
            pick = self.nearest_before(sh.start, false);
            if pick.is_none() && matches!(h.kind, Kind::Rank | Kind::Score) {
                if let Some(prev_span) = prev.0 {
                    let inds = &self.doc.cat.indicators;
                    pick = prev
                        .1
                        .iter()
                        .filter(|c| {
                            c.end <= prev_span.1
                                && c.start >= prev_span.0
                                && accepts(&inds[c.ind], h)
                        })
                        .max_by_key(|c| (c.end, c.end - c.start))
                        .copied();
                }
            }
        }
        pick
    }

    fn has_own_subject(&self) -> bool {
        has_own_subject(self.doc, self.sh, self.seg.narrow, self.h.start)
            || (self.subject_after && self.own_after() >= 2)
    }

    /// Content words in the noun phrase right after the figure (computed once).
    fn own_after(&self) -> usize {
        *self.own_after.get_or_init(|| {
            self.counted
                .split_whitespace()
                .filter(|w| {
                    !is_function_word(
                        self.doc,
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
                .count()
        })
    }

    /// A fraction of a share row ("108/108 thôn"): the share row wins. A
    /// change of a quantity ("doanh thu thương mại điện tử … tăng 25,6%") is
    /// that quantity's growth, not a share, unless a share head names it
    /// ("tỷ trọng doanh thu thương mại điện tử tăng …").
    fn adjust(&self, mut pick: Option<Cue>) -> Option<Cue> {
        let (h, inds, cues) = (self.h, &self.doc.cat.indicators, self.cues);
        if let Some(c) = pick {
            if h.kind == Kind::Count
                && h.denominator.is_some()
                && !inds[c.ind].kinds.contains(&Kind::Percent)
            {
                if let Some(share) = cues.iter().find(|o| {
                    o.start == c.start
                        && o.end == c.end
                        && inds[o.ind].kinds.contains(&Kind::Percent)
                }) {
                    pick = Some(*share);
                }
            }
        }
        if let Some(c) = pick {
            if h.kind == Kind::Percent
                && h.change.is_some()
                && inds[c.ind].kinds.contains(&Kind::Percent)
            {
                let before = self.low(self.sh.start, c.start).trim_end();
                if !HEADS.iter().any(|w| before.ends_with(w)) {
                    if let Some(q) = cues.iter().find(|o| {
                        o.start < c.end
                            && c.start < o.end
                            && !inds[o.ind].kinds.contains(&Kind::Percent)
                            && self.ok(o)
                    }) {
                        pick = Some(*q);
                    }
                }
            }
        }
        pick
    }
}

/// The indicator a figure's own words name, and its subject: the figure at
/// `hi` of sentence `sh`, whose clause is `seg` and whose sentence's cues are
/// `cues`; `prev` is the previous sentence of the paragraph and its cues.
pub(super) fn indicator(
    doc: &Doc,
    sh: &SentenceHits,
    hi: usize,
    seg: &Seg,
    cues: &[Cue],
    prev: (Option<(usize, usize)>, &[Cue]),
) -> (Option<usize>, Option<String>) {
    let scene = Scene::new(doc, sh, hi, seg, cues);
    if let Some(found) = scene.counted_noun() {
        return found;
    }
    if let Some(found) = scene.respectively() {
        return found;
    }
    let (s, h) = (doc.s, scene.h);
    match scene.adjust(scene.pick(prev)) {
        Some(c) => (Some(c.ind), Some(s[c.start..c.end].to_string())),
        None => {
            let subj = if scene.subject_after && h.kind == Kind::Count {
                Some(s[h.end..scene.after_wide].trim().to_string())
            } else {
                subject_before(s, seg, h)
            };
            (None, subj)
        }
    }
}

pub(super) fn subject_before(s: &str, seg: &Seg, h: &Hit) -> Option<String> {
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
pub(super) fn noun_phrase(after: &str) -> String {
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
