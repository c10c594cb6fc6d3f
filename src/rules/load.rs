//! Loading: the pattern files (embedded, or every `*.toml` of a folder) →
//! a [`Catalog`], one function per kind of file.
//!
//! Takes (file name, text) pairs; gives the compiled [`Catalog`] or every
//! problem of every file at once, each with its file and line. The lexicon
//! is built by [`super::lexicon`], the cues compiled by [`super::cues`], the
//! table rules made canonical by [`super::tables`].

use super::cues::{bounded, canon, CueMatcher};
use super::lexicon::{build_lexicon, Lexicon, RawLexicon};
use super::tables::{RawTables, TableRules};
use super::{line_of, Catalog, Example, Indicator, Place};
use crate::error::{Error, Result};
use crate::record::Kind;
use regex::Regex;
use serde::Deserialize;
// Fx hashing: the lexicon is looked up for every word; SipHash was ~3% of the run.
use rustc_hash::FxHashSet as HashSet;
use std::path::Path;

macro_rules! load {
    ($($name:literal),* $(,)?) => {
        /// The pattern files compiled into the binary: (file name, text).
        pub const EMBEDDED: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../patterns/", $name))),)*
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
struct RawPlace {
    name: String,
    variants: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaces {
    place: Vec<RawPlace>,
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
        let mut loaded = Loaded::default();
        for (name, text) in &files {
            loaded.file(name, text);
        }
        loaded.finish(&files)
    }
}

/// What the pattern files give, gathered file by file, and every problem
/// found so far.
#[derive(Default)]
struct Loaded {
    errors: Vec<String>,
    indicators: Vec<Indicator>,
    lexicon: Option<Lexicon>,
    places: Vec<Place>,
    tables: TableRules,
    grammar: Vec<Example>,
    /// Each cue's pattern and its indicator's index.
    cues: Vec<(String, usize)>,
    // Where each cue is written (file:line: indicator), for errors.
    cue_at: Vec<String>,
    /// Indicator ids defined so far.
    seen: HashSet<String>,
}

/// A TOML error as `file:line: message`.
fn toml_error(name: &str, text: &str, e: toml::de::Error) -> String {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
        .unwrap_or(0);
    format!("{name}:{line}: {}", e.message())
}

impl Loaded {
    /// One pattern file, read by the kind its name says.
    fn file(&mut self, name: &str, text: &str) {
        let stem = name.trim_end_matches(".toml");
        let at = |e: toml::de::Error| toml_error(name, text, e);
        match stem {
            "lexicon" => match toml::from_str::<RawLexicon>(text) {
                Ok(raw) => self.lexicon = Some(build_lexicon(raw, name, text, &mut self.errors)),
                Err(e) => self.errors.push(at(e)),
            },
            "places" => match toml::from_str::<RawPlaces>(text) {
                Ok(raw) => {
                    self.places = raw
                        .place
                        .into_iter()
                        .map(|p| Place {
                            name: p.name,
                            variants: p.variants,
                        })
                        .collect()
                }
                Err(e) => self.errors.push(at(e)),
            },
            "grammar" => match toml::from_str::<RawGrammar>(text) {
                Ok(raw) => self.grammar = raw.case,
                Err(e) => self.errors.push(at(e)),
            },
            "tables" => match toml::from_str::<RawTables>(text) {
                Ok(raw) => self.tables = raw.table.canonical(),
                Err(e) => self.errors.push(at(e)),
            },
            _ => match toml::from_str::<RawPillar>(text) {
                Ok(raw) => self.pillar(raw, name, stem, text),
                Err(e) => self.errors.push(at(e)),
            },
        }
    }

    /// A pillar file: its indicators, in file order.
    fn pillar(&mut self, raw: RawPillar, name: &str, stem: &str, text: &str) {
        if raw.pillar != stem {
            self.errors.push(format!(
                "{name}:1: pillar {:?} does not match the file name",
                raw.pillar
            ));
        }
        for ind in raw.indicator {
            self.indicator(ind, name, stem, text);
        }
    }

    /// One indicator: its cues (checked, compiled later all at once), its
    /// context regexes, its nouns and names.
    fn indicator(&mut self, ind: RawIndicator, name: &str, stem: &str, text: &str) {
        let errors = &mut self.errors;
        let line = line_of(text, &format!("\"{}\"", ind.id));
        let here = format!("{name}:{line}: indicator {}", ind.id);
        if !self.seen.insert(ind.id.clone()) {
            errors.push(format!("{here}: defined twice"));
        }
        let Some(kinds) = unit_kinds(&ind.unit) else {
            errors.push(format!("{here}: unknown unit {:?}", ind.unit));
            return;
        };
        if ind.cues.is_empty() && ind.nouns.is_empty() {
            errors.push(format!("{here}: no cues"));
        }
        let idx = self.indicators.len();
        for c in &ind.cues {
            let pat = canon(c);
            let at = format!("{name}:{}: indicator {}", line_after(text, c, line), ind.id);
            match regex_syntax::Parser::new().parse(&pat) {
                Ok(_) => {
                    self.cues.push((pat, idx));
                    self.cue_at.push(at);
                }
                Err(e) => errors.push(format!("{at}: bad cue {}: {e}", shown(c))),
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
        self.indicators.push(Indicator {
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

    /// Checks what is missing, compiles the cues and the place names, and
    /// gives the catalog or every problem found.
    fn finish(self, files: &[(String, String)]) -> Result<Catalog> {
        let Loaded {
            mut errors,
            indicators,
            lexicon,
            places,
            tables,
            grammar,
            mut cues,
            cue_at,
            ..
        } = self;
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
        let (alts, place_edges, place_re) = compile_places(&places, places_text, &mut errors);
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
                fingerprint: fingerprint(files),
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
}

/// The first and the last letters of the place names.
type PlaceEdges = (HashSet<char>, HashSet<char>);

/// All place spellings at once: each spelling as written and in capitals
/// with its place's index (longest first), their first and last letters,
/// and the regex of them all.
fn compile_places(
    places: &[Place],
    places_text: Option<&str>,
    errors: &mut Vec<String>,
) -> (
    Vec<(String, usize)>,
    PlaceEdges,
    std::result::Result<Regex, regex::Error>,
) {
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
    (alts, place_edges, place_re)
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
}
