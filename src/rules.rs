//! Rules: `patterns/*.toml` → a compiled [`Catalog`].
//!
//! Indicator cues, word lists (qualifiers, status cues, levels, identifier
//! words) and place names live in `patterns/` as data, each indicator with its
//! own examples. The files are embedded in the binary; `--patterns DIR`
//! replaces them. Every problem in every file is reported at once, with the
//! file, the line and the entry.

use crate::cues::CueMatcher;
use crate::error::{Error, Result};
use crate::extract::Kind;
use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Deserialize;
// Fx hashing: the lexicon is looked up for every word; SipHash was ~3% of the run.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

macro_rules! load {
    ($($name:literal),* $(,)?) => {
        /// The pattern files compiled into the binary: (file name, text).
        pub const EMBEDDED: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../patterns/", $name))),)*
        ];
    };
}

load!(
    "digital_economy.toml",
    "digital_government.toml",
    "digital_infrastructure.toml",
    "digital_society.toml",
    "dti_ranking.toml",
    "grammar.toml",
    "identification.toml",
    "lexicon.toml",
    "other.toml",
    "places.toml",
    "tables.toml",
);

/// One example sentence of an indicator, run by `patterns check` and the tests.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The sentence (your own words).
    pub text: String,
    /// The figure's own text in the sentence.
    pub quote: String,
    /// The expected value.
    pub value: Option<f64>,
    /// The expected status, when the example checks it.
    pub status: Option<String>,
    /// The expected level, when the example checks it.
    pub level: Option<String>,
    /// The expected year, when the example checks it (0: no year).
    pub year: Option<i32>,
    /// The expected kind (`percent`, `count` …).
    pub kind: Option<String>,
    /// The expected place ("": none).
    pub place: Option<String>,
    /// The expected qualifier.
    pub qualifier: Option<String>,
    /// The expected change ("": none).
    pub change: Option<String>,
    /// The expected denominator.
    pub denominator: Option<f64>,
    /// The expected subject ("": none).
    pub subject: Option<String>,
    /// The expected `as_of` ("": none).
    pub as_of: Option<String>,
    /// The expected ISO date, for dates.
    pub date: Option<String>,
    /// The expected rule (`grammar/percent` …): the grammar's own cases.
    pub rule: Option<String>,
}

/// An index a whole article can be about (the DTI): when its title or lead
/// names it, a rank among all provinces or an index value with no cue of
/// its own is that index's.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexTopic {
    /// Words that name the index (lower case).
    pub words: Vec<String>,
    /// Words of other indices: a sentence that names one is not about this.
    pub other: Vec<String>,
    /// Words of the index's parts (pillars, component indices): a figure
    /// whose clause names one is that part's, not the whole index's.
    pub parts: Vec<String>,
    /// The indicator id of the index's rank.
    pub rank: String,
    /// The indicator id of the index's value.
    pub score: String,
}

/// `grammar.toml`: the grammar's own cases, one or more per rule id.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrammar {
    case: Vec<Example>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: String,
    unit: String,
    /// The catalog's name and aliases (`indicators.tsv`), matched as
    /// written: each is a cue of its own.
    #[serde(default)]
    names: Vec<String>,
    cues: Vec<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    not: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPillar {
    pillar: String,
    #[serde(default)]
    indicator: Vec<RawIndicator>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    qualifiers: HashMap<String, Vec<String>>,
    fillers: Vec<String>,
    not_counted: Vec<String>,
    identifier_words: Vec<String>,
    street_words: Vec<String>,
    banners: Vec<String>,
    #[serde(default)]
    abbreviations: std::collections::BTreeMap<String, Vec<String>>,
    place_points: Vec<String>,
    index_words: Vec<String>,
    scale_words: Vec<String>,
    increase_words: Vec<String>,
    decrease_words: Vec<String>,
    subunit_words: Vec<String>,
    anaphora_heads: Vec<String>,
    #[serde(default)]
    index_topic: Option<IndexTopic>,
    not_figures: Vec<String>,
    status: HashMap<String, Vec<String>>,
    undated: Vec<String>,
    national: Vec<String>,
    local: Vec<String>,
    local_counting: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    name: String,
    variants: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaces {
    place: Vec<RawPlace>,
}

/// A catalog indicator with its compiled cues.
#[derive(Clone, Debug)]
pub struct Indicator {
    /// Catalog id.
    pub id: String,
    /// `<file stem>/<id>`: the record's `rule`.
    pub rule: String,
    /// The pillar (file stem).
    pub pillar: String,
    /// The catalog unit (`percent`, `count`, `rank`, `score`, `vnd`, `ratio`).
    pub unit: String,
    /// The figure kinds this indicator takes.
    pub kinds: Vec<Kind>,
    /// Context terms, one of which must stand near the figure (may be empty).
    pub context: Vec<Regex>,
    /// Counted nouns that name this indicator's count (`lượt tra cứu`).
    pub nouns: Vec<String>,
    /// The catalog's name and aliases, each as its pairs of neighbouring
    /// syllables ("hộ gia", "gia đình" …), for matching rephrasings.
    pub names: Vec<Vec<String>>,
    /// Examples.
    pub examples: Vec<Example>,
    /// Sentences that must not produce this indicator.
    pub not: Vec<String>,
}

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
    /// The index an article can be about (`[index_topic]`).
    pub index_topic: Option<IndexTopic>,
    /// Sentences that hold no figure at all (run by the tests).
    pub not_figures: Vec<String>,
    /// Words that make a figure's year unknown ("hiện nay").
    pub undated: Vec<String>,
    /// Cues that a passage is about the whole country (national) or one
    /// province (local), compiled for counting.
    pub scope: Option<ScopeCues>,
    /// Status phrase → `target` or `achieved` (a phrase in both lists is a target).
    pub status_of: HashMap<String, &'static str>,
    /// First words of the status phrases.
    pub status_heads: HashSet<String>,
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

/// A province or city and the ways it is written.
#[derive(Clone, Debug)]
pub struct Place {
    /// Canonical name with diacritics.
    pub name: String,
    /// Spellings, matched case-sensitively on word boundaries.
    pub variants: Vec<String>,
}

/// Everything compiled from `patterns/`.
#[derive(Debug)]
pub struct Catalog {
    /// Indicators in file order.
    pub indicators: Vec<Indicator>,
    /// Word lists.
    pub lexicon: Lexicon,
    /// Places.
    pub places: Vec<Place>,
    /// All cues at once, over lower-cased normalized text.
    pub cues: CueMatcher,
    /// For each cue: its indicator index.
    pub cue_owner: Vec<usize>,
    /// For each cue: its pattern (lower-cased, normalized).
    pub cue_patterns: Vec<String>,
    /// All place spellings at once.
    pub place_re: Regex,
    /// The first and the last letters of the place names in `place_re`.
    pub place_edges: (HashSet<char>, HashSet<char>),
    /// For each place alternative (capture group order): the place index.
    pub place_of: HashMap<String, usize>,
    /// SHA-256 over the pattern files (names and texts, by name): records
    /// from a run with other patterns are not reused (`--incremental`).
    pub fingerprint: String,
    /// Header words of tables (`tables.toml`; none: tables are not read).
    pub tables: crate::table::TableRules,
    /// The grammar's own cases (`grammar.toml`), run with the examples.
    pub grammar: Vec<Example>,
}

/// SHA-256 over (name, length, text) of each file, in name order.
fn fingerprint(files: &[(String, String)]) -> String {
    use sha2::Digest;
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort();
    let mut h = sha2::Sha256::new();
    for (name, text) in sorted {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(text.len().to_le_bytes());
        h.update(text.as_bytes());
    }
    hex::encode(h.finalize())
}

const QUALIFIERS: &[&str] = &["approx", "more_than", "at_least", "less_than", "at_most"];

fn static_qualifier(q: &str) -> Option<&'static str> {
    QUALIFIERS.iter().copied().find(|x| *x == q)
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

/// The pairs of neighbouring syllables of a lower-cased phrase, in order
/// and once each, without a leading "tỷ lệ", "số lượng" or "tổng số"; "/"
/// and punctuation split it ("thôn/bản" → "thôn", "bản").
pub fn name_pairs(s: &str) -> Vec<String> {
    let mut words: Vec<&str> = s
        .split(|c: char| !crate::text::is_alnum(c))
        .filter(|w| !w.is_empty())
        .collect();
    // The name's head word says what kind of figure it is, not what it
    // measures: "tỷ lệ hộ …", "số lượng …", "tổng số …".
    for head in [["tỷ", "lệ"], ["tỉ", "lệ"], ["số", "lượng"], ["tổng", "số"]] {
        if words.len() > 3 && words[..2] == head {
            words.drain(..2);
            break;
        }
    }
    let mut out: Vec<String> = Vec::new();
    for w in words.windows(2) {
        let p = format!("{} {}", w[0], w[1]);
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// Lower-cases and normalizes a cue or word so it matches normalized text.
pub fn canon(s: &str) -> String {
    crate::normalize::normalize_str(s).s.to_lowercase()
}

/// A pattern as an error shows it: at most 80 characters.
fn shown(p: &str) -> String {
    match p.char_indices().nth(80) {
        Some((k, _)) => format!("{:?}…", &p[..k]),
        None => format!("{p:?}"),
    }
}

/// The line of the first `needle` at or after line `from` (`from` when
/// there is none, as when the file writes it with escapes).
fn line_after(text: &str, needle: &str, from: usize) -> usize {
    let start = text
        .split_inclusive('\n')
        .take(from.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    text[start..]
        .find(needle)
        .map(|i| from + text[start..start + i].matches('\n').count())
        .unwrap_or(from)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map(|i| text[..i].matches('\n').count() + 1)
        .unwrap_or(1)
}

fn unit_kinds(unit: &str) -> Option<Vec<Kind>> {
    Some(match unit {
        "percent" => vec![Kind::Percent],
        "count" | "ratio" => vec![Kind::Count],
        "rank" => vec![Kind::Rank],
        "score" => vec![Kind::Score],
        "vnd" => vec![Kind::Money],
        _ => return None,
    })
}

impl Catalog {
    /// The catalog compiled from the embedded pattern files.
    pub fn embedded() -> Result<Catalog> {
        Catalog::from_files(
            EMBEDDED
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        )
    }

    /// The catalog compiled from every `*.toml` in a folder.
    pub fn from_dir(dir: &Path) -> Result<Catalog> {
        let rd = std::fs::read_dir(dir).map_err(|e| Error::Io {
            path: dir.to_path_buf(),
            source: e,
        })?;
        let mut files = Vec::new();
        let mut not_utf8 = Vec::new();
        for entry in rd {
            let entry = entry.map_err(|e| Error::Io {
                path: dir.to_path_buf(),
                source: e,
            })?;
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "toml") {
                let bytes = std::fs::read(&p).map_err(|e| Error::Io {
                    path: p.clone(),
                    source: e,
                })?;
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match String::from_utf8(bytes) {
                    Ok(text) => files.push((name, text)),
                    Err(e) => {
                        let at = e.utf8_error().valid_up_to();
                        let b = e.as_bytes();
                        let line = b[..at].iter().filter(|&&c| c == b'\n').count() + 1;
                        let column = at
                            - b[..at]
                                .iter()
                                .rposition(|&c| c == b'\n')
                                .map_or(0, |k| k + 1)
                            + 1;
                        not_utf8.push(format!(
                            "{name}:{line}: not UTF-8 (byte {at}, column {column}): pattern files are UTF-8"
                        ));
                    }
                }
            }
        }
        files.sort();
        match (not_utf8.is_empty(), Catalog::from_files(files)) {
            (true, result) => result,
            (false, Err(Error::Patterns(more))) => {
                not_utf8.extend(more);
                Err(Error::Patterns(not_utf8))
            }
            (false, _) => Err(Error::Patterns(not_utf8)),
        }
    }

    /// Compiles (file name, text) pairs; all problems are reported together.
    pub fn from_files(files: Vec<(String, String)>) -> Result<Catalog> {
        let mut errors = Vec::new();
        let mut indicators = Vec::new();
        let mut lexicon = None;
        let mut places = Vec::new();
        let mut tables = crate::table::TableRules::default();
        let mut grammar = Vec::new();
        let mut cues: Vec<(String, usize)> = Vec::new();
        // Where each cue is written (file:line: indicator), for errors.
        let mut cue_at: Vec<String> = Vec::new();
        let mut seen = HashSet::default();
        for (name, text) in &files {
            let stem = name.trim_end_matches(".toml");
            let at = |e: toml::de::Error| {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                    .unwrap_or(0);
                format!("{name}:{line}: {}", e.message())
            };
            match stem {
                "lexicon" => match toml::from_str::<RawLexicon>(text) {
                    Ok(raw) => lexicon = Some(build_lexicon(raw, name, text, &mut errors)),
                    Err(e) => errors.push(at(e)),
                },
                "places" => match toml::from_str::<RawPlaces>(text) {
                    Ok(raw) => {
                        places = raw
                            .place
                            .into_iter()
                            .map(|p| Place {
                                name: p.name,
                                variants: p.variants,
                            })
                            .collect()
                    }
                    Err(e) => errors.push(at(e)),
                },
                "grammar" => match toml::from_str::<RawGrammar>(text) {
                    Ok(raw) => grammar = raw.case,
                    Err(e) => errors.push(at(e)),
                },
                "tables" => match toml::from_str::<crate::table::RawTables>(text) {
                    Ok(raw) => tables = raw.table.canonical(),
                    Err(e) => errors.push(at(e)),
                },
                _ => match toml::from_str::<RawPillar>(text) {
                    Ok(raw) => {
                        if raw.pillar != stem {
                            errors.push(format!(
                                "{name}:1: pillar {:?} does not match the file name",
                                raw.pillar
                            ));
                        }
                        for ind in raw.indicator {
                            let line = line_of(text, &format!("\"{}\"", ind.id));
                            let here = format!("{name}:{line}: indicator {}", ind.id);
                            if !seen.insert(ind.id.clone()) {
                                errors.push(format!("{here}: defined twice"));
                            }
                            let Some(kinds) = unit_kinds(&ind.unit) else {
                                errors.push(format!("{here}: unknown unit {:?}", ind.unit));
                                continue;
                            };
                            if ind.cues.is_empty() && ind.nouns.is_empty() {
                                errors.push(format!("{here}: no cues"));
                            }
                            let idx = indicators.len();
                            for c in &ind.cues {
                                let pat = canon(c);
                                let at = format!(
                                    "{name}:{}: indicator {}",
                                    line_after(text, c, line),
                                    ind.id
                                );
                                match regex_syntax::Parser::new().parse(&pat) {
                                    Ok(_) => {
                                        cues.push((pat, idx));
                                        cue_at.push(at);
                                    }
                                    Err(e) => {
                                        errors.push(format!("{at}: bad cue {}: {e}", shown(c)))
                                    }
                                }
                            }

                            let mut context = Vec::new();
                            for c in &ind.context {
                                match Regex::new(&bounded(&canon(c))) {
                                    Ok(r) => context.push(r),
                                    Err(e) => errors.push(format!(
                                        "{name}:{}: indicator {}: bad context {}: {e}",
                                        line_after(text, c, line),
                                        ind.id,
                                        shown(c)
                                    )),
                                }
                            }
                            indicators.push(Indicator {
                                rule: format!("{stem}/{}", ind.id),
                                id: ind.id,
                                pillar: stem.to_string(),
                                unit: ind.unit,
                                kinds,
                                context,
                                nouns: ind.nouns.iter().map(|n| canon(n)).collect(),
                                names: ind.names.iter().map(|n| name_pairs(&canon(n))).collect(),
                                examples: ind.examples,
                                not: ind.not,
                            });
                        }
                    }
                    Err(e) => errors.push(at(e)),
                },
            }
        }
        if lexicon.is_none() && !errors.iter().any(|e| e.starts_with("lexicon.toml")) {
            errors.push("lexicon.toml: missing".into());
        }
        if places.is_empty() {
            errors.push("places.toml: missing or empty".into());
        }
        if let Some(lex) = &lexicon {
            for (p, _) in cues.iter_mut() {
                *p = lex.with_abbreviations(p);
            }
        }
        let places_text = files
            .iter()
            .find(|(n, _)| n == "places.toml")
            .map(|(_, t)| t.as_str());
        let patterns: Vec<String> = cues.iter().map(|(p, _)| p.clone()).collect();
        let matcher = CueMatcher::new(&patterns);
        let mut alts: Vec<(String, usize)> = Vec::new();
        for (i, p) in places.iter().enumerate() {
            for v in &p.variants {
                let v = crate::normalize::normalize_str(v).s;
                alts.push((v.clone(), i));
                alts.push((v.to_uppercase(), i));
            }
        }
        // Longest first, so "Thừa Thiên Huế" wins over "Huế".
        alts.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        alts.dedup_by(|a, b| a.0 == b.0);
        let place_pat = alts
            .iter()
            .map(|(v, _)| regex::escape(v))
            .collect::<Vec<_>>()
            .join("|");
        let mut place_edges = (HashSet::default(), HashSet::default());
        for (v, _) in &alts {
            let (a, z) = (v.chars().next(), v.chars().next_back());
            match (a, z) {
                (Some(a), Some(z)) if a.is_alphabetic() && z.is_alphabetic() => {
                    place_edges.0.insert(a);
                    place_edges.1.insert(z);
                }
                _ => errors.push(format!(
                    "places.toml:{}: {v:?}: a place name must start and end with a letter",
                    places_text.map_or(0, |t| line_of(t, v))
                )),
            }
        }
        let place_re = Regex::new(&format!(
            r"(?:^|[^\p{{L}}\p{{M}}])({place_pat})(?:$|[^\p{{L}}\p{{M}}])"
        ));
        match (errors.is_empty(), matcher, place_re, lexicon) {
            (true, Ok(matcher), Ok(place_re), Some(lexicon)) => Ok(Catalog {
                indicators,
                lexicon,
                places,
                cues: matcher,
                cue_owner: cues.iter().map(|c| c.1).collect(),
                cue_patterns: patterns,
                place_of: alts.into_iter().collect(),
                place_re,
                place_edges,
                fingerprint: fingerprint(&files),
                tables,
                grammar,
            }),
            (_, m, p, _) => {
                if let Err((i, e)) = m {
                    let at = cue_at.get(i).map_or("patterns", String::as_str);
                    errors.push(format!("{at}: bad cue {}: {e}", shown(&cues[i].0)));
                }
                if let Err(e) = p {
                    errors.push(format!("places.toml:1: the place names together: {e}"));
                }
                Err(Error::Patterns(errors))
            }
        }
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }
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

fn build_lexicon(raw: RawLexicon, name: &str, text: &str, errors: &mut Vec<String>) -> Lexicon {
    let mut qualifiers = HashMap::default();
    for (q, words) in raw.qualifiers {
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
    let set = |v: Vec<String>| v.iter().map(|w| canon(w)).collect::<HashSet<_>>();
    let list = |v: Vec<String>| v.iter().map(|w| canon(w)).collect::<Vec<_>>();
    let mut status = raw.status;
    for k in status.keys() {
        if k != "target" && k != "achieved" {
            errors.push(format!(
                "{name}:{}: unknown status list {k:?}",
                line_of(text, k)
            ));
        }
    }
    let target = list(status.remove("target").unwrap_or_default());
    let achieved = list(status.remove("achieved").unwrap_or_default());
    let mut status_of = HashMap::default();
    for (words, st) in [(&achieved, "achieved"), (&target, "target")] {
        for w in words {
            status_of.insert(w.clone(), st);
        }
    }
    let status_heads = status_of
        .keys()
        .filter_map(|w| w.split(' ').next())
        .map(str::to_string)
        .collect();
    let norm = |v: Vec<String>| {
        v.iter()
            .map(|w| crate::normalize::normalize_str(w).s)
            .collect::<Vec<_>>()
    };
    let national = norm(raw.national);
    let local = norm(raw.local);
    let scope = match ScopeCues::new(&national, &local, &list(raw.local_counting)) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.push(format!(
                "{name}:{}: national/local cues: {e}",
                line_of(text, "national")
            ));
            None
        }
    };
    Lexicon {
        qualifiers,
        fillers: set(raw.fillers),
        not_counted: set(raw.not_counted),
        identifier_words: set(raw.identifier_words),
        street_words: set(raw.street_words),
        banners: list(raw.banners),
        abbreviations: {
            let mut v: Vec<(String, Vec<String>)> = raw
                .abbreviations
                .into_iter()
                .map(|(k, a)| (canon(&k), list(a)))
                .collect();
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
            v
        },
        place_points: set(raw.place_points),
        index_words: list(raw.index_words),
        scale_words: list(raw.scale_words),
        increase_words: set(raw.increase_words),
        decrease_words: set(raw.decrease_words),
        subunit_words: list(raw.subunit_words),
        anaphora_heads: list(raw.anaphora_heads),
        index_topic: raw.index_topic.map(|t| IndexTopic {
            words: list(t.words),
            other: list(t.other),
            parts: list(t.parts),
            rank: t.rank,
            score: t.score,
        }),
        not_figures: raw.not_figures,
        undated: list(raw.undated),
        scope,
        status_of,
        status_heads,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn embedded_catalog_compiles() {
        let c = Catalog::embedded().unwrap();
        assert!(c.indicators.len() >= 80);
        assert!(c.places.len() >= 63);
    }

    #[test]
    fn errors_name_file_line_and_entry_all_at_once() {
        let mut files: Vec<(String, String)> = EMBEDDED
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        files.push((
            "broken.toml".into(),
            "pillar = \"broken\"\n[[indicator]]\nid = \"a\"\nunit = \"percent\"\ncues = ['(unclosed']\n[[indicator]]\nid = \"b\"\nunit = \"furlongs\"\ncues = ['x']\n".into(),
        ));
        files.push(("bad_toml.toml".into(), "pillar = \n".into()));
        let err = Catalog::from_files(files).unwrap_err().to_string();
        assert!(err.contains("broken.toml:5: indicator a: bad cue"), "{err}");
        assert!(
            err.contains("broken.toml:7: indicator b: unknown unit"),
            "{err}"
        );
        assert!(err.contains("bad_toml.toml:1"), "{err}");
    }

    /// The Aho-Corasick cue matcher finds exactly what each cue's own
    /// bounded regex finds, over every example sentence of the catalog.
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
                    slow.push(crate::cues::CueMatch {
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
