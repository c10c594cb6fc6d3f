//! Cue matching: every indicator cue of the catalog over a sentence at once,
//! and what a cue's word boundaries are ([`bounded`], [`is_word_char`],
//! [`word_matches`]) and how a cue is brought to the form of the text
//! ([`canon`]).
//!
//! Takes the cue patterns the loader ([`crate::rules`]) compiled from
//! `patterns/`; gives [`CueMatch`]es, which the resolver
//! ([`crate::resolve`]) turns into indicators.
//!
//! Cues are regexes in `patterns/`, but nearly all of them are a word or a
//! short alternation of words. A multi-regex set searched for overlapping
//! matches cost a fifth of the run, so each cue's prefix literals (from
//! `regex-syntax`) go into one Aho-Corasick automaton instead. A literal hit
//! that is exact (it is the whole match) needs nothing more; a hit on an
//! inexact prefix is confirmed by the cue's own regex, anchored at the hit.
//! Cues with no usable prefix fall back to a whole-sentence regex search.
//!
//! The result is the same as searching each cue with [`bounded`]
//! and [`word_matches`]: leftmost-first, non-overlapping per
//! cue, starting after a boundary character or at the sentence start, ending
//! before a non-word character. A test checks that equivalence on every cue.

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use regex_automata::{meta, Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Most prefix literals one cue may contribute before it is searched whole.
const MAX_LITERALS: usize = 64;

/// One cue match: the cue's index and byte range in the searched text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CueMatch {
    /// Index of the cue, in the order given to [`CueMatcher::new`].
    pub cue: usize,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

#[derive(Clone, Copy, Debug)]
struct Lit {
    cue: u32,
    /// Preference of this literal among the cue's (leftmost-first order).
    order: u32,
}

/// All cues, compiled once.
#[derive(Debug)]
pub struct CueMatcher {
    ac: Option<AhoCorasick>,
    lits: Vec<Lit>,
    /// Per cue: the regex that confirms an inexact prefix hit.
    confirm: Vec<Option<meta::Regex>>,
    /// Cues searched whole: (cue, bounded regex).
    whole: Vec<(usize, Regex)>,
}

/// A cue that starts on a word boundary. Unicode `\b` would force the slow
/// regex engine; instead the boundary character before the cue is matched
/// (and trimmed by [`word_matches`]), and the end is checked there too.
pub fn bounded(pat: &str) -> String {
    format!(r"(?:^|[\s!-/:-@\[-`{{-~“”‘’–—…•«»])(?:{pat})")
}

/// A letter, digit or combining mark: what a cue may not start or end next to.
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        // No combining mark among ASCII and the Latin letters (fast path).
        0..=0x24F | 0x1E00..=0x1EFF => crate::text::is_alnum(c),
        _ => c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c),
    }
}

/// Matches of a [`bounded`] regex that also end on a word boundary, as byte
/// ranges of `text` without the leading boundary character.
pub fn word_matches<'a>(re: &'a Regex, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    re.find_iter(text).filter_map(move |m| {
        let mut start = m.start();
        if let Some(c) = text[start..m.end()].chars().next() {
            if !is_word_char(c) {
                start += c.len_utf8();
            }
        }
        let end_ok = text[m.end()..]
            .chars()
            .next()
            .is_none_or(|c| !is_word_char(c));
        (end_ok && start < m.end()).then_some((start, m.end()))
    })
}

/// Lower-cases and normalizes a cue or word so it matches normalized text.
pub fn canon(s: &str) -> String {
    crate::normalize::normalize_str(s).s.to_lowercase()
}

/// Characters a cue may follow: the class of [`bounded`].
pub fn is_boundary_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '!'..='/' | ':'..='@' | '['..='`' | '{'..='~')
        || matches!(c, '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '•' | '«' | '»')
}

impl CueMatcher {
    /// Compiles cue patterns (already lower-cased and normalized). An error
    /// names the index of the first cue that is not a valid regex.
    pub fn new(cues: &[String]) -> Result<CueMatcher, (usize, String)> {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut lits = Vec::new();
        let mut confirm = Vec::with_capacity(cues.len());
        let mut whole = Vec::new();
        for (i, pat) in cues.iter().enumerate() {
            let hir = regex_syntax::Parser::new()
                .parse(pat)
                .map_err(|e| (i, e.to_string()))?;
            let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
            let usable = seq.literals().filter(|ls| {
                !ls.is_empty() && ls.len() <= MAX_LITERALS && ls.iter().all(|l| !l.is_empty())
            });
            let Some(ls) = usable else {
                let re = Regex::new(&bounded(pat)).map_err(|e| (i, e.to_string()))?;
                whole.push((i, re));
                confirm.push(None);
                continue;
            };
            let all_exact = ls.iter().all(|l| l.is_exact());
            for (order, l) in ls.iter().enumerate() {
                literals.push(l.as_bytes().to_vec());
                lits.push(Lit {
                    cue: i as u32,
                    order: order as u32,
                });
            }
            confirm.push(if all_exact {
                None
            } else {
                Some(meta::Regex::new(pat).map_err(|e| (i, e.to_string()))?)
            });
        }
        let ac = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .match_kind(MatchKind::Standard)
                    .build(&literals)
                    .map_err(|e| (0, e.to_string()))?,
            )
        };
        Ok(CueMatcher {
            ac,
            lits,
            confirm,
            whole,
        })
    }

    /// Number of cues searched whole (no literal prefix to anchor on).
    pub fn whole_count(&self) -> usize {
        self.whole.len()
    }

    /// Every cue match in `text`, sorted by cue, then position.
    pub fn find(&self, text: &str) -> Vec<CueMatch> {
        self.find_stopping(text, &[])
    }

    /// [`CueMatcher::find`], where a cue that starts before a stop (a
    /// figure's start; `stops` ascending) ends before it: "cơ sở giáo dục … học phí"
    /// never reaches over a figure to a later "học phí".
    pub fn find_stopping(&self, text: &str, stops: &[usize]) -> Vec<CueMatch> {
        let mut out = Vec::new();
        // (cue, start, order, end, boundary start) for each literal hit
        // that follows a boundary character or starts the text.
        let mut hits: Vec<(u32, usize, u32, usize, usize)> = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                let p = m.start();
                let before = text[..p].chars().next_back();
                if !before.is_none_or(is_boundary_char) {
                    continue;
                }
                let l = self.lits[m.pattern().as_usize()];
                let b = p - before.map_or(0, char::len_utf8);
                hits.push((l.cue, p, l.order, m.end(), b));
            }
        }
        hits.sort_unstable();
        let mut last: Option<(u32, usize)> = None;
        for &(cue, p, _, end, b) in &hits {
            // One candidate per (cue, start), the most preferred literal
            // first; the boundary character may not lie inside the cue's
            // previous match.
            if let Some((c, e)) = last {
                if c == cue && b < e {
                    continue;
                }
            }
            let i = cue as usize;
            let end = match &self.confirm[i] {
                None => Some(end),
                Some(re) => {
                    let stop = stops
                        .get(stops.partition_point(|&x| x <= p))
                        .copied()
                        .unwrap_or(text.len());
                    re.search(&Input::new(text).range(p..stop).anchored(Anchored::Yes))
                        .map(|m| m.end())
                }
            };
            let Some(end) = end else {
                continue;
            };
            // The match is consumed even when it ends inside a word, as a
            // left-to-right regex search would.
            last = Some((cue, end));
            if text[end..].chars().next().is_none_or(|c| !is_word_char(c)) {
                out.push(CueMatch {
                    cue: i,
                    start: p,
                    end,
                });
            }
        }
        for (i, re) in &self.whole {
            for (a, b) in word_matches(re, text) {
                out.push(CueMatch {
                    cue: *i,
                    start: a,
                    end: b,
                });
            }
        }
        if !self.whole.is_empty() {
            out.sort_unstable();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Catalog;

    fn both(cues: &[&str], text: &str) -> (Vec<CueMatch>, Vec<CueMatch>) {
        let owned: Vec<String> = cues.iter().map(|c| c.to_string()).collect();
        let m = CueMatcher::new(&owned).unwrap();
        let fast = m.find(text);
        let mut slow = Vec::new();
        for (i, c) in cues.iter().enumerate() {
            let re = Regex::new(&bounded(c)).unwrap();
            for (a, b) in word_matches(&re, text) {
                slow.push(CueMatch {
                    cue: i,
                    start: a,
                    end: b,
                });
            }
        }
        slow.sort_unstable();
        (fast, slow)
    }

    #[test]
    fn a_cue_ends_before_the_next_figure() {
        let cues = ["trường học.{0,120}(?:không dùng tiền mặt|học phí)".to_string()];
        let m = CueMatcher::new(&cues).unwrap();
        let text = "trường học thu học phí đạt 92%, không dùng tiền mặt";
        let stop = text.find("92%").unwrap();
        let span = |v: Vec<CueMatch>| v.iter().map(|c| &text[c.start..c.end]).collect::<Vec<_>>();
        assert_eq!(
            span(m.find(text)),
            ["trường học thu học phí đạt 92%, không dùng tiền mặt"]
        );
        assert_eq!(
            span(m.find_stopping(text, &[stop])),
            ["trường học thu học phí"]
        );
        // A stop before the cue's start changes nothing.
        assert_eq!(span(m.find_stopping(text, &[0])), span(m.find(text)));
    }

    #[test]
    fn literal_alternation_and_optional_tail() {
        let cues = [
            "tài khoản (?:thanh toán|ngân hàng)",
            "thanh toán viện phí(?: không dùng tiền mặt)?",
            "dịch vụ công",
            "dịch vụ công trực tuyến",
        ];
        let text = "tài khoản ngân hàng, thanh toán viện phí không dùng tiền mặt và \
                    dịch vụ công trực tuyến; (dịch vụ công) dịch vụ côngx";
        let (fast, slow) = both(&cues, text);
        assert_eq!(fast, slow);
        // The longer alternative wins where both match.
        assert!(fast
            .iter()
            .any(|m| &text[m.start..m.end] == "thanh toán viện phí không dùng tiền mặt"));
        assert_eq!(fast.iter().filter(|m| m.cue == 2).count(), 2);
    }

    #[test]
    fn inexact_prefix_confirmed_and_whole_fallback() {
        let cues = [r"doanh nghiệp \d+", r"[a-z]+ số", "hộ"];
        let text = "doanh nghiệp 12 và doanh nghiệp lớn, chuyển đổi số, hộ gia đình, thôn hộ";
        let (fast, slow) = both(&cues, text);
        assert_eq!(fast, slow);
        assert_eq!(fast.iter().filter(|m| m.cue == 0).count(), 1);
        let owned: Vec<String> = cues.iter().map(|c| c.to_string()).collect();
        assert_eq!(CueMatcher::new(&owned).unwrap().whole_count(), 1);
    }

    #[test]
    fn boundaries_on_both_sides() {
        let cues = ["xã", "số hóa"];
        let text = "xã, phường; tăngxã “số hóa” số hóax. xã";
        let (fast, slow) = both(&cues, text);
        assert_eq!(fast, slow);
        assert_eq!(fast.len(), 3);
    }

    #[test]
    fn boundary_class_agrees_with_the_regex() {
        let re = Regex::new(&format!("^{}$", bounded("").trim_end_matches("(?:)"))).unwrap();
        for c in (0u32..0x3100).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(re.is_match(&s), is_boundary_char(c), "{c:?}");
        }
    }

    #[test]
    fn bad_cue_is_reported_with_its_index() {
        let cues = vec!["ok".to_string(), "(unclosed".to_string()];
        assert_eq!(CueMatcher::new(&cues).unwrap_err().0, 1);
    }

    /// The Aho-Corasick cue matcher finds exactly what each cue's own
    /// bounded regex finds, over every example sentence of the catalog.
    #[test]
    fn cue_matcher_equals_regex_per_cue() {
        let c = Catalog::embedded().unwrap();
        let res: Vec<Regex> = c
            .cue_patterns
            .iter()
            .map(|p| Regex::new(&bounded(p)).unwrap())
            .collect();
        let mut texts: Vec<String> = Vec::new();
        for ind in &c.indicators {
            texts.extend(ind.examples.iter().map(|e| e.text.clone()));
            texts.extend(ind.not.iter().cloned());
        }
        assert!(texts.len() > 200);
        let mut total = 0;
        for t in &texts {
            let lower = canon(t);
            let buf = c.cues.find(&lower);
            let mut slow = Vec::new();
            for (i, re) in res.iter().enumerate() {
                for (a, b) in word_matches(re, &lower) {
                    slow.push(CueMatch {
                        cue: i,
                        start: a,
                        end: b,
                    });
                }
            }
            slow.sort_unstable();
            assert_eq!(buf, slow, "{lower}");
            total += slow.len();
        }
        assert!(total > texts.len(), "{total}");
    }
}
