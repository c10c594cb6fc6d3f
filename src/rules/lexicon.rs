//! The lexicon: the word lists of `lexicon.toml` (qualifiers, fillers, status
//! phrases, national and local cues …) in matching form.
//!
//! Takes the parsed `lexicon.toml` from the loader (`load`); gives the
//! [`Lexicon`] the grammar ([`crate::grammar`]) and the resolver
//! ([`crate::resolve`]) look words up in, and the abbreviations the loader
//! spreads over the cues.

use super::cues::canon;
use super::grammar_words::GrammarWords;
use super::line_of;
pub(super) use super::raw_lexicon::RawLexicon;
pub use super::raw_lexicon::{IndexTopic, MarketTopic};
use aho_corasick::AhoCorasick;
// Fx hashing: the lexicon is looked up for every word; SipHash was ~3% of the run.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Word lists used by the grammar and the resolver.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    qualifiers: HashMap<String, &'static str>,
    /// Words skipped between a qualifier and its number (đạt, là …).
    pub fillers: HashSet<String>,
    /// Words (or two-word phrases) after a number that are not counted nouns.
    pub not_counted: HashSet<String>,
    /// Words before a number that make it a name or identifier.
    pub identifier_words: HashSet<String>,
    /// Words after "số N" that make N a house number ("số 20 phố …").
    pub street_words: HashSet<String>,
    /// Openings of site banners ("chào mừng"): such a short line is furniture.
    pub banners: Vec<String>,
    /// Labels of a news site's economic ticker ("chỉ số kinh tế", "tỷ giá"):
    /// a short line opening with one and ending with a colon, and the line
    /// after it, are furniture.
    pub tickers: Vec<String>,
    /// Phrases and their abbreviations ("dịch vụ công trực tuyến" →
    /// "dvctt"), longest phrase first: cues match either.
    pub abbreviations: Vec<(String, Vec<String>)>,
    /// Words after "N điểm" that make the points places ("điểm phục vụ").
    pub place_points: HashSet<String>,
    /// Words that make a bare fraction of one an index value ("chỉ số", "dti").
    pub index_words: Vec<String>,
    /// Words that make a number a scale's points ("thang điểm").
    pub scale_words: Vec<String>,
    /// Verbs of a rise ("tăng") and of a fall ("giảm", "tụt", "lùi") just
    /// before a figure: its change.
    pub increase_words: HashSet<String>,
    /// See `increase_words`.
    pub decrease_words: HashSet<String>,
    /// Words of units below a province ("xã", "phường", "huyện"): a
    /// province's name right after one names that unit, not the province.
    pub subunit_words: Vec<String>,
    /// Two-word heads that, with "này", "trên" or "đó", point back to the
    /// quantity named before ("tỷ lệ này", "con số đó").
    pub anaphora_heads: Vec<String>,
    /// Words that open a sentence's topic ("Về kinh tế số, …"): a cue in
    /// the topic names no figure after its comma that has a noun of its own.
    pub topic_heads: Vec<String>,
    /// Names whose year dates their data ("GRDP 2023"), like the indices'
    /// names: a year after any other capitalised name is the name's.
    pub dated_names: Vec<String>,
    /// The parts an index is built of, counted ("9 chỉ số chính"): in a
    /// sentence that names the index, the count describes the national index.
    pub index_structure: Vec<String>,
    /// Nouns that count provinces ("17 tỉnh", "32 địa phương"): a count of
    /// them is a national figure.
    pub province_units: Vec<String>,
    /// The index an article can be about (`[index_topic]`).
    pub index_topic: Option<IndexTopic>,
    /// The markets an article can be about (`[[market_topic]]`).
    pub market_topics: Vec<MarketTopic>,
    /// Sentences that hold no figure at all (run by the tests).
    pub not_figures: Vec<String>,
    /// Verbs before a goal noun that make it a goal met (`goal_met`).
    pub goal_met: Vec<String>,
    /// Verbs before a goal noun that make it a goal passed (`goal_passed`).
    pub goal_passed: Vec<String>,
    /// Connectives that open a paragraph going on with the one before.
    pub continuations: Vec<String>,
    /// Words between two figures that compare the same quantity.
    pub comparison_links: Vec<String>,
    /// Who sets or assigns a goal ("chính phủ giao"): no national scope.
    pub issuers: Vec<String>,
    /// Words that make a figure's year unknown ("hiện nay").
    pub undated: Vec<String>,
    /// Cues that a passage is about the whole country (national) or one
    /// province (local), compiled for counting.
    pub scope: Option<ScopeCues>,
    /// Status phrase → `target`, `achieved`, `goal` (a goal noun: a target
    /// cue, except right after a percent), `neutral` (a completion verb with
    /// no tense: a cue in headings only) or `before_number` (a target cue only
    /// right before a number). A phrase in two lists takes the last.
    pub status_of: HashMap<String, &'static str>,
    /// First words of the status phrases.
    pub status_heads: HashSet<String>,
    /// The grammar's word classes (date, scale, rank, multiplier words …).
    pub grammar: GrammarWords,
}

/// National and local cues in one automaton over the lower-cased sentence:
/// words with capitals are matched lower-cased, then checked as written
/// (lower-casing keeps byte offsets, so the spans line up).
#[derive(Clone, Debug)]
pub struct ScopeCues {
    ac: AhoCorasick,
    /// For each pattern: whether it is a national cue (else local), and
    /// for a word with capitals, the word as it must be written.
    patterns: Vec<(bool, Option<String>)>,
    /// Words after which a local cue counts units, not this place ("các
    /// tỉnh", "cấp tỉnh"); a number does the same ("5 tỉnh", "48/63 tỉnh").
    counting: Vec<String>,
}

impl ScopeCues {
    fn new(
        national: &[String],
        local: &[String],
        counting: &[String],
    ) -> std::result::Result<ScopeCues, String> {
        let tagged = national
            .iter()
            .map(|w| (w, true))
            .chain(local.iter().map(|w| (w, false)));
        let mut words = Vec::new();
        let mut patterns = Vec::new();
        for (w, nat) in tagged {
            let cased = w.chars().any(|c| c.is_uppercase());
            words.push(crate::text::lower_same_len(w));
            patterns.push((nat, cased.then(|| w.clone())));
        }
        Ok(ScopeCues {
            ac: AhoCorasick::new(&words).map_err(|e| e.to_string())?,
            patterns,
            counting: counting.to_vec(),
        })
    }

    /// (national, local) cue counts in `text`, whose lower-cased copy
    /// ([`crate::text::lower_same_len`]) is `lower`; each cue counts on
    /// word boundaries only.
    pub fn count(&self, text: &str, lower: &str) -> (i32, i32) {
        let mut n = (0, 0);
        for m in self.ac.find_overlapping_iter(lower) {
            let (national, cased) = &self.patterns[m.pattern().as_usize()];
            let hay = match cased {
                Some(w) if text.get(m.start()..m.end()) != Some(w.as_str()) => continue,
                Some(_) => text,
                None => lower,
            };
            let before_ok = hay[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !crate::text::is_alnum(c));
            let after_ok = hay[m.end()..]
                .chars()
                .next()
                .is_none_or(|c| !crate::text::is_alnum(c));
            if !*national && before_ok {
                let prev = lower[..m.start()]
                    .split_whitespace()
                    .next_back()
                    .unwrap_or("");
                // "tỉnh, thành phố" names all provinces: the caller counts it.
                let cue = &lower[m.start()..m.end()];
                let all_provinces = (cue == "tỉnh" && lower[m.end()..].starts_with(", thành phố"))
                    || (cue == "thành phố" && lower[..m.start()].ends_with("tỉnh, "));
                if all_provinces
                    || prev.starts_with(|c: char| c.is_ascii_digit())
                    || self.counting.iter().any(|w| w == prev)
                {
                    continue;
                }
            }
            if before_ok && after_ok {
                if *national {
                    n.0 += 1;
                } else {
                    n.1 += 1;
                }
            }
        }
        n
    }
}

impl Lexicon {
    /// The qualifier a word or phrase expresses.
    pub fn qualifier(&self, w: &str) -> Option<&'static str> {
        self.qualifiers.get(w).copied()
    }
}

const QUALIFIERS: &[&str] = &["approx", "more_than", "at_least", "less_than", "at_most"];

fn static_qualifier(q: &str) -> Option<&'static str> {
    QUALIFIERS.iter().copied().find(|x| *x == q)
}

impl Lexicon {
    /// A cue pattern in which every phrase of the abbreviation table also
    /// matches its abbreviations: "dịch vụ công trực tuyến" becomes
    /// "(?:dịch vụ công trực tuyến|dvctt|…)". One pass, longest phrase first,
    /// so a replaced phrase is never replaced again.
    pub fn with_abbreviations(&self, pattern: &str) -> String {
        let mut out = String::with_capacity(pattern.len());
        let mut i = 0;
        'scan: while i < pattern.len() {
            for (phrase, abbrs) in &self.abbreviations {
                if pattern[i..].starts_with(phrase.as_str()) {
                    out.push_str("(?:");
                    out.push_str(phrase);
                    for a in abbrs {
                        out.push('|');
                        out.push_str(&regex::escape(a));
                    }
                    out.push(')');
                    i += phrase.len();
                    continue 'scan;
                }
            }
            let c = pattern[i..].chars().next().expect("in bounds");
            out.push(c);
            i += c.len_utf8();
        }
        out
    }
}

/// Words of a list in matching form ([`canon`]), as a set.
fn canon_set(v: Vec<String>) -> HashSet<String> {
    v.iter().map(|w| canon(w)).collect::<HashSet<_>>()
}

/// Words of a list in matching form ([`canon`]), in order.
fn canon_list(v: Vec<String>) -> Vec<String> {
    v.iter().map(|w| canon(w)).collect::<Vec<_>>()
}

/// The `lexicon.toml` lists in matching form; problems go to `errors`
/// with the file and the line.
pub(super) fn build_lexicon(
    raw: RawLexicon,
    name: &str,
    text: &str,
    errors: &mut Vec<String>,
) -> Lexicon {
    let grammar = super::grammar_words::build(&raw);
    let qualifiers = qualifiers_of(raw.qualifiers, name, text, errors);
    let (status_of, status_heads) = status_lists(raw.status, name, text, errors);
    let scope = scope_cues(
        raw.national,
        raw.local,
        raw.local_counting,
        name,
        text,
        errors,
    );
    Lexicon {
        qualifiers,
        fillers: canon_set(raw.fillers),
        not_counted: canon_set(raw.not_counted),
        identifier_words: canon_set(raw.identifier_words),
        street_words: canon_set(raw.street_words),
        banners: canon_list(raw.banners),
        tickers: canon_list(raw.tickers),
        abbreviations: {
            let mut v: Vec<(String, Vec<String>)> = raw
                .abbreviations
                .into_iter()
                .map(|(k, a)| (canon(&k), canon_list(a)))
                .collect();
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
            v
        },
        place_points: canon_set(raw.place_points),
        index_words: canon_list(raw.index_words),
        scale_words: canon_list(raw.scale_words),
        increase_words: canon_set(raw.increase_words),
        decrease_words: canon_set(raw.decrease_words),
        subunit_words: canon_list(raw.subunit_words),
        anaphora_heads: canon_list(raw.anaphora_heads),
        topic_heads: canon_list(raw.topic_heads),
        dated_names: canon_list(raw.dated_names),
        index_structure: canon_list(raw.index_structure),
        province_units: canon_list(raw.province_units),
        index_topic: raw.index_topic.map(|t| IndexTopic {
            words: canon_list(t.words),
            other: canon_list(t.other),
            parts: canon_list(t.parts),
            rank: t.rank,
            score: t.score,
        }),
        market_topics: raw
            .market_topic
            .into_iter()
            .map(|t| MarketTopic {
                words: canon_list(t.words),
                sizes: canon_list(t.sizes),
                growth: canon_list(t.growth),
                others: canon_list(t.others),
                indicator: t.indicator,
            })
            .collect(),
        not_figures: raw.not_figures,
        undated: canon_list(raw.undated),
        goal_met: canon_list(raw.goal_met),
        goal_passed: canon_list(raw.goal_passed),
        continuations: canon_list(raw.continuations),
        comparison_links: canon_list(raw.comparison_links),
        issuers: canon_list(raw.issuers),
        scope,
        status_of,
        status_heads,
        grammar,
    }
}

/// Qualifier word → qualifier, for the qualifiers this crate knows.
fn qualifiers_of(
    raw: HashMap<String, Vec<String>>,
    name: &str,
    text: &str,
    errors: &mut Vec<String>,
) -> HashMap<String, &'static str> {
    let mut qualifiers = HashMap::default();
    for (q, words) in raw {
        match static_qualifier(&q) {
            Some(sq) => {
                for w in words {
                    qualifiers.insert(canon(&w), sq);
                }
            }
            None => errors.push(format!(
                "{name}:{}: unknown qualifier {q:?} (one of {QUALIFIERS:?})",
                line_of(text, &q)
            )),
        }
    }
    qualifiers
}

/// The `[status]` lists as one map (phrase → `achieved`, `target`, `goal`,
/// `neutral` or `before_number`), and the phrases' first words.
fn status_lists(
    raw: HashMap<String, Vec<String>>,
    name: &str,
    text: &str,
    errors: &mut Vec<String>,
) -> (HashMap<String, &'static str>, HashSet<String>) {
    let mut status = raw;
    for k in status.keys() {
        if ![
            "target",
            "achieved",
            "neutral",
            "goal",
            "before_number",
            "heading_target",
        ]
        .contains(&k.as_str())
        {
            errors.push(format!(
                "{name}:{}: unknown status list {k:?}",
                line_of(text, k)
            ));
        }
    }
    let target = canon_list(status.remove("target").unwrap_or_default());
    let achieved = canon_list(status.remove("achieved").unwrap_or_default());
    let neutral = canon_list(status.remove("neutral").unwrap_or_default());
    let goal = canon_list(status.remove("goal").unwrap_or_default());
    let before_number = canon_list(status.remove("before_number").unwrap_or_default());
    let heading_target = canon_list(status.remove("heading_target").unwrap_or_default());
    let mut status_of = HashMap::default();
    for (words, st) in [
        (&heading_target, "heading_target"),
        (&goal, "goal"),
        (&before_number, "before_number"),
        (&neutral, "neutral"),
        (&achieved, "achieved"),
        (&target, "target"),
    ] {
        for w in words {
            status_of.insert(w.clone(), st);
        }
    }
    let status_heads = status_of
        .keys()
        .filter_map(|w| w.split(' ').next())
        .map(str::to_string)
        .collect();
    (status_of, status_heads)
}

/// The national and local cues, compiled for counting.
fn scope_cues(
    national: Vec<String>,
    local: Vec<String>,
    local_counting: Vec<String>,
    name: &str,
    text: &str,
    errors: &mut Vec<String>,
) -> Option<ScopeCues> {
    let norm = |v: Vec<String>| {
        v.iter()
            .map(|w| crate::normalize::normalize_str(w).s)
            .collect::<Vec<_>>()
    };
    let national = norm(national);
    let local = norm(local);
    match ScopeCues::new(&national, &local, &canon_list(local_counting)) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.push(format!(
                "{name}:{}: national/local cues: {e}",
                line_of(text, "national")
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_cues_match_capitals_as_written_and_lower_words_in_any_case() {
        let sc = ScopeCues::new(
            &["Việt Nam".to_string(), "toàn quốc".to_string()],
            &[
                "tỉnh".to_string(),
                "huyện".to_string(),
                "thành phố".to_string(),
            ],
            &["các".to_string(), "cấp".to_string()],
        )
        .unwrap();
        let count = |t: &str| sc.count(t, &crate::text::lower_same_len(t));
        assert_eq!(count("Việt Nam đứng thứ 3, Toàn quốc có tỉnh"), (2, 1));
        // Provinces counted or a level named are no local cue.
        assert_eq!(
            count("Toàn quốc có 63 tỉnh, 48/63 tỉnh và các tỉnh cấp tỉnh"),
            (1, 0)
        );
        assert_eq!(count("tỉnh xếp thứ 9 trong các tỉnh, thành phố"), (0, 1));
        assert_eq!(count("tỉnh, huyện đều làm"), (0, 2));
        // A word with capitals counts only as written.
        assert_eq!(count("việt nam và VIỆT NAM"), (0, 0));
        // Word boundaries: "tỉnhx" is no cue.
        assert_eq!(count("Tỉnh và tỉnhx"), (0, 1));
    }
}
