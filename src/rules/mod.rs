//! Rules: `patterns/*.toml` → a compiled [`Catalog`].
//!
//! Indicator cues, word lists (qualifiers, status cues, levels, identifier
//! words) and place names live in `patterns/` as data, each indicator with its
//! own examples. The files are embedded in the binary; `--patterns DIR`
//! replaces them. Every problem in every file is reported at once, with the
//! file, the line and the entry.
//!
//! Takes the pattern files' texts; gives the [`Catalog`] that the grammar
//! ([`crate::grammar`], through its [`Lexicon`]), the resolver
//! ([`crate::resolve`]), the table stage ([`crate::table`]) and the example
//! runner ([`crate::examples`]) read. Here are the catalog's types; the
//! files are read and compiled in `load`, the word lists in [`lexicon`], the
//! cue matcher in [`cues`] and the table rules in [`tables`].

pub mod cues;
mod grammar_words;
pub mod lexicon;
mod load;
mod raw_lexicon;
pub mod tables;

pub use cues::{bounded, canon, is_word_char, word_matches, CueMatch, CueMatcher};
pub use grammar_words::GrammarWords;
pub use lexicon::{IndexTopic, Lexicon, MarketTopic, ScopeCues};
pub use load::{name_pairs, EMBEDDED};
pub use tables::{ColKind, PillarRule, TableRules};

use crate::record::Kind;
use regex::Regex;
use serde::Deserialize;
// Fx hashing: the lexicon is looked up for every word; SipHash was ~3% of the run.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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
    pub tables: TableRules,
    /// The grammar's own cases (`grammar.toml`), run with the examples.
    pub grammar: Vec<Example>,
}

impl Catalog {
    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }
}

/// The line of the first `needle` in `text` (1 when there is none): where
/// an entry stands, for errors.
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map(|i| text[..i].matches('\n').count() + 1)
        .unwrap_or(1)
}
