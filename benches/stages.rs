//! Micro-benchmarks of the pipeline's stages on the sample articles in
//! `corpus/` (UTF-8 text ones, read at start): `cargo bench --bench stages`.
//! Each stage is timed on its own input, prepared outside the timing, and
//! reported with the bytes it reads so divan prints MB/s.

use divan::counter::BytesCount;
use divan::Bencher;
use solieu::ingest::{document, Document};
use solieu::normalize::{normalize, Text};
use solieu::resolve::SentenceHits;
use solieu::rules::Catalog;
use solieu::segment::Sentence;
use solieu::text::lower_same_len;
use solieu::token::{tokenize_lowered, Token};
use std::sync::LazyLock;

fn main() {
    divan::main();
}

static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| Catalog::embedded().expect("the embedded catalog loads"));

/// The UTF-8 text articles of `corpus/`, as documents.
static DOCS: LazyLock<Vec<Document>> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| {
            let n = p.to_string_lossy();
            !n.contains("cp1258") && !n.contains("utf16")
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            document(p.display().to_string(), bytes).ok()
        })
        .collect()
});

fn bytes() -> BytesCount {
    BytesCount::new(DOCS.iter().map(|d| d.bytes.len()).sum::<usize>())
}

fn normalized() -> Vec<Text> {
    DOCS.iter().map(|d| normalize(&d.decoded, d.html)).collect()
}

/// Each sentence of a text with its lower-cased copy and tokens.
fn tokenized(text: &Text) -> Vec<(Sentence, String, Vec<Token>)> {
    solieu::segment::sentences(&text.s, &CATALOG.lexicon.grammar.dot_abbreviations)
        .into_iter()
        .map(|sp| {
            let lower = lower_same_len(&text.s[sp.start..sp.end]);
            let toks = tokenize_lowered(&text.s, sp.start, sp.end, &lower);
            (sp, lower, toks)
        })
        .collect()
}

fn sentence_hits(text: &Text) -> Vec<SentenceHits> {
    tokenized(text)
        .into_iter()
        .map(|(sp, lower, toks)| {
            let hits = solieu::grammar::hits(&text.s, &toks, &CATALOG.lexicon);
            SentenceHits {
                start: sp.start,
                end: sp.end,
                toks,
                hits,
                lower,
            }
        })
        .collect()
}

#[divan::bench]
fn catalog_load() -> Catalog {
    Catalog::embedded().expect("the embedded catalog loads")
}

#[divan::bench]
fn file_sha256(b: Bencher) {
    b.counter(bytes()).bench(|| {
        DOCS.iter()
            .map(|d| solieu::ingest::sha256_hex(&d.bytes))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn stage_normalize(b: Bencher) {
    b.counter(bytes()).bench(normalized);
}

#[divan::bench]
fn stage_segment(b: Bencher) {
    let texts = normalized();
    b.counter(bytes()).bench(|| {
        texts
            .iter()
            .map(|t| {
                solieu::segment::sentences(&t.s, &CATALOG.lexicon.grammar.dot_abbreviations).len()
            })
            .sum::<usize>()
    });
}

#[divan::bench]
fn stage_tokenize_and_hits(b: Bencher) {
    let texts = normalized();
    b.counter(bytes())
        .bench(|| texts.iter().map(sentence_hits).collect::<Vec<_>>());
}

#[divan::bench]
fn stage_tokenize(b: Bencher) {
    let texts = normalized();
    b.counter(bytes())
        .bench(|| texts.iter().map(tokenized).collect::<Vec<_>>());
}

#[divan::bench]
fn stage_resolve(b: Bencher) {
    let texts = normalized();
    let sents: Vec<Vec<SentenceHits>> = texts.iter().map(sentence_hits).collect();
    b.counter(bytes()).bench(|| {
        texts
            .iter()
            .zip(&sents)
            .map(|(t, s)| solieu::resolve::resolve(&t.s, s, &CATALOG).len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn whole_document(b: Bencher) {
    b.counter(bytes()).bench(|| {
        DOCS.iter()
            .map(|d| {
                solieu::pipeline::extract_document(d, &CATALOG)
                    .records
                    .len()
            })
            .sum::<usize>()
    });
}

#[divan::bench]
fn records_to_json_lines(b: Bencher) {
    let records: Vec<_> = DOCS
        .iter()
        .flat_map(|d| solieu::pipeline::extract_document(d, &CATALOG).records)
        .collect();
    b.counter(bytes()).bench(|| {
        let mut out = Vec::with_capacity(1 << 20);
        for r in &records {
            solieu::emit::write_record(&mut out, r).expect("writing to memory");
        }
        out.len()
    });
}
