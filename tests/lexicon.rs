//! The word lists of `patterns/` (issue 14): each sorted (Rust `str` order,
//! the bytes of the UTF-8), without repeats, and already in the form the
//! loader brings its words to, so a list reads as the set it is and no word
//! is written two ways.
//!
//! Every array of strings of `lexicon.toml`, `places.toml` and
//! `tables.toml` is a word list, and the `nouns` of the pillar files; a new
//! list is checked without being named here. What is not a word list, or
//! whose order means something, is named below with the reason.

use solieu::normalize::normalize_str;
use solieu::rules::{canon, EMBEDDED};
use toml::Value;

/// Arrays of strings that are no word lists: (file or `*`, key, why).
const NOT_WORD_LISTS: &[(&str, &str, &str)] = &[
    (
        "lexicon.toml",
        "not_figures",
        "sentences the tests run through the pipeline",
    ),
    (
        "*",
        "cues",
        "regexes, and a cue's place in its list is its priority",
    ),
    ("*", "context", "regexes"),
    ("*", "not", "sentences, the indicator's negative examples"),
    (
        "*",
        "names",
        "the catalog's name and aliases as docs/indicators.tsv (the spec) writes and orders them",
    ),
];

/// Word lists whose order changes what is found (first match wins): (file,
/// key, why). Their words are still checked to be canonical and unrepeated.
///
/// None today: the loader reads most lists into sets or asks whether any
/// word matches; the places' spellings and the abbreviations' phrases it
/// orders itself, longest first. Two lists are tried in order but no two of
/// their words can both match: `topic_heads` (the first head that opens the
/// sentence; "về" and "về việc" together would make it ordered) and the
/// tables' `place_prefixes` (a label has one prefix; "tp" and "tp." differ
/// by the space or the dot after). Sorting them changed no output
/// (`.ci/compare`). What is ordered is no list of words: the `[[place]]`
/// and `[[table.pillar]]` entries, and the cues.
const ORDERED: &[(&str, &str, &str)] = &[];

/// Pattern files with no word list at all: (file, why).
const NO_WORD_LISTS: &[(&str, &str)] = &[("grammar.toml", "the grammar's cases: examples")];

/// How the loader brings a list's words to matching form.
#[derive(Clone, Copy, Debug)]
enum Form {
    /// [`canon`]: normalized and lower-cased.
    Lower,
    /// [`normalize_str`]: normalized, matched as written (case kept).
    Cased,
}

/// The form of a list's words: the loader's step for that list.
fn form_of(file: &str, key: &str) -> Form {
    match (file, key) {
        // `ScopeCues`: words with capitals match as written.
        ("lexicon.toml", "national" | "local") => Form::Cased,
        // `compile_places`: spellings match case-sensitively.
        ("places.toml", "variants") => Form::Cased,
        _ => Form::Lower,
    }
}

/// The word as the loader would have it.
fn canonical(w: &str, form: Form) -> String {
    match form {
        Form::Lower => canon(w),
        Form::Cased => normalize_str(w).s,
    }
}

/// Every array of strings under `v`: (path, last key, words). Arrays of
/// tables are walked, each element named by its `id` or `name`.
fn string_lists(v: &Value, path: &str, key: &str, out: &mut Vec<(String, String, Vec<String>)>) {
    match v {
        Value::Table(t) => {
            for (k, x) in t {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                string_lists(x, &p, k, out);
            }
        }
        Value::Array(a) if a.iter().all(Value::is_str) => {
            let words = a.iter().filter_map(|x| x.as_str().map(String::from));
            out.push((path.to_string(), key.to_string(), words.collect()));
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let label = ["id", "name"]
                    .iter()
                    .find_map(|k| x.get(k).and_then(Value::as_str))
                    .map_or(i.to_string(), str::to_string);
                string_lists(x, &format!("{path}[{label}]"), key, out);
            }
        }
        _ => {}
    }
}

/// Whether `list` of `file` is in `table` ((file or `*`, key, why)).
fn named(table: &[(&str, &str, &str)], file: &str, key: &str) -> bool {
    table
        .iter()
        .any(|(f, k, _)| (*f == "*" || *f == file) && *k == key)
}

/// The problems of one list: words not canonical, repeats, order.
fn list_problems(file: &str, path: &str, key: &str, words: &[String]) -> Vec<String> {
    let form = form_of(file, key);
    let mut out = Vec::new();
    for w in words {
        let c = canonical(w, form);
        if &c != w {
            out.push(format!(
                "{file}: {path}: {w:?} is not canonical ({form:?}): {c:?}"
            ));
        }
    }
    let mut sorted = words.to_vec();
    sorted.sort();
    for pair in sorted.windows(2).filter(|p| p[0] == p[1]) {
        out.push(format!("{file}: {path}: {:?} twice", pair[0]));
    }
    if !named(ORDERED, file, key) && sorted != words {
        sorted.dedup();
        out.push(format!(
            "{file}: {path}: not sorted; in order: {}",
            sorted
                .iter()
                .map(|w| format!("{w:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}

/// The problems of every word list of one pattern file, and how many lists
/// were checked.
fn file_problems(file: &str, text: &str) -> (Vec<String>, usize) {
    let v: Value = toml::from_str(text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut lists = Vec::new();
    string_lists(&v, "", "", &mut lists);
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, key, words) in &lists {
        if named(NOT_WORD_LISTS, file, key) {
            continue;
        }
        checked += 1;
        problems.extend(list_problems(file, path, key, words));
    }
    (problems, checked)
}

/// The phrases of `[abbreviations]` as the file orders them (toml reads a
/// table into a sorted map; the loader orders them longest first itself).
fn abbreviation_phrases(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| l.trim() != "[abbreviations]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| {
            l.strip_prefix('"')?
                .split_once('"')
                .map(|(k, _)| k.to_string())
        })
        .collect()
}

#[test]
fn word_lists_are_sorted_unrepeated_and_canonical() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (file, text) in EMBEDDED {
        if NO_WORD_LISTS.iter().any(|(f, _)| f == file) {
            continue;
        }
        let (p, n) = file_problems(file, text);
        problems.extend(p);
        checked += n;
        if *file == "lexicon.toml" {
            let phrases = abbreviation_phrases(text);
            assert!(phrases.len() >= 5, "abbreviations read: {phrases:?}");
            problems.extend(list_problems(file, "abbreviations (phrases)", "", &phrases));
        }
    }
    // The walk found the lists: the lexicon's, the places', the tables'.
    assert!(checked >= 90, "word lists checked: {checked}");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// The check catches what it is for: an unsorted list, a repeat, a word
/// not in canonical form (an old tone place, capitals in a lower-case list).
#[test]
fn word_list_check_finds_disorder_repeats_and_other_forms() {
    let words = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let ok = list_problems("lexicon.toml", "fillers", "fillers", &words(&["hòa", "là"]));
    assert!(ok.is_empty(), "{ok:?}");
    let p = list_problems("lexicon.toml", "fillers", "fillers", &words(&["là", "hòa"]));
    assert!(p.len() == 1 && p[0].contains("not sorted"), "{p:?}");
    let p = list_problems(
        "lexicon.toml",
        "fillers",
        "fillers",
        &words(&["hòa", "hòa"]),
    );
    assert!(p.len() == 1 && p[0].contains("twice"), "{p:?}");
    let p = list_problems("lexicon.toml", "fillers", "fillers", &words(&["hoà"]));
    assert!(p.len() == 1 && p[0].contains("not canonical"), "{p:?}");
    let p = list_problems("lexicon.toml", "fillers", "fillers", &words(&["Là"]));
    assert!(p.len() == 1 && p[0].contains("not canonical"), "{p:?}");
    // Decomposed (not NFC) "là".
    let p = list_problems("lexicon.toml", "fillers", "fillers", &words(&["la\u{300}"]));
    assert!(p.len() == 1 && p[0].contains("not canonical"), "{p:?}");
    // Capitals are kept where the loader keeps them.
    let ok = list_problems(
        "places.toml",
        "place[Hà Nội].variants",
        "variants",
        &words(&["Hà Nội"]),
    );
    assert!(ok.is_empty(), "{ok:?}");
    let p = list_problems(
        "places.toml",
        "place[Hòa Bình].variants",
        "variants",
        &words(&["Hoà Bình"]),
    );
    assert!(p.len() == 1 && p[0].contains("not canonical"), "{p:?}");
}
