//! The whole path for one document: normalize → segment → extract → resolve →
//! cite → records. `cmd::extract` runs it over many files; the examples and
//! tests run it over single sentences.

use crate::cite::{cite, Lines};
use crate::grammar::hits;
use crate::ingest::Document;
use crate::normalize::normalize;
use crate::record::{DocRef, Kind, Record};
use crate::resolve::{resolve, SentenceHits};
use crate::rules::Catalog;
use crate::segment::sentences;
use crate::text::lower_same_len;
use crate::token::tokenize_lowered;
use sha2::{Digest, Sha256};

/// Record id, unique within a run and stable across runs: the first 8 bytes,
/// in hex, of sha256("{n}:{path}:{file sha256}:{start}:{end}:{kind}"), where
/// `path` is the document's path as its records write it in `doc.path` (its
/// stream `id` in `--input-jsonl` mode) and `n` that path's length in bytes
/// (so no two paths and hashes run together the same way). Two copies of one
/// article under two paths give two sets of records with different ids.
pub fn record_id(path: &str, sha256: &str, start: usize, end: usize, kind: &str) -> String {
    RecordIds::new(path, sha256).id(start, end, kind)
}

/// [`record_id`] for the many records of one document: the prefix (path and
/// file hash) is hashed once and the hasher cloned for each record.
pub struct RecordIds {
    prefix: Sha256,
}

impl RecordIds {
    /// Ids of the records of the document at `path` whose hash is `sha256`.
    pub fn new(path: &str, sha256: &str) -> RecordIds {
        let mut prefix = Sha256::new();
        prefix.update(itoa::Buffer::new().format(path.len()).as_bytes());
        prefix.update(b":");
        prefix.update(path.as_bytes());
        prefix.update(b":");
        prefix.update(sha256.as_bytes());
        RecordIds { prefix }
    }

    /// The id of a record of this document.
    pub fn id(&self, start: usize, end: usize, kind: &str) -> String {
        let mut h = self.prefix.clone();
        let (mut a, mut b) = (itoa::Buffer::new(), itoa::Buffer::new());
        h.update(b":");
        h.update(a.format(start).as_bytes());
        h.update(b":");
        h.update(b.format(end).as_bytes());
        h.update(b":");
        h.update(kind.as_bytes());
        hex::encode(&h.finalize()[..8])
    }
}

/// Outcome of one document: its records and how many figures were dropped
/// because their citation would not hold.
pub struct Extraction {
    /// The records, in text order.
    pub records: Vec<Record>,
    /// Figures dropped by the citation check.
    pub dropped: usize,
}

/// Extracts every figure of a document.
pub fn extract_document(doc: &Document, cat: &Catalog) -> Extraction {
    let text = normalize(&doc.decoded, doc.html);
    let sents: Vec<SentenceHits> = sentences(&text.s)
        .into_iter()
        .map(|sp| {
            let lower = lower_same_len(&text.s[sp.start..sp.end]);
            let toks = tokenize_lowered(&text.s, sp.start, sp.end, &lower);
            let hs = hits(&text.s, &toks, &cat.lexicon);
            SentenceHits {
                start: sp.start,
                end: sp.end,
                toks,
                hits: hs,
                lower,
            }
        })
        .collect();
    let figures = resolve(&text.s, &sents, cat);
    let figures = crate::table::apply(doc, &text, &sents, cat, figures);
    let ids = RecordIds::new(&doc.path, &doc.sha256);
    let mut lines = Lines::new(doc);
    let mut records = Vec::with_capacity(figures.len());
    let mut dropped = 0;
    let mut squashed: (Option<usize>, std::borrow::Cow<str>) = (None, "".into());
    for f in figures {
        let sh = &sents[f.sentence];
        if squashed.0 != Some(f.sentence) {
            squashed = (
                Some(f.sentence),
                crate::cite::squash(&text.s[sh.start..sh.end]),
            );
        }
        let Some(citation) = cite(doc, &text, &mut lines, &f, (sh.start, sh.end), &squashed.1)
        else {
            dropped += 1;
            continue;
        };
        let kind = f.hit.kind.name();
        let ind = f.indicator.map(|i| &cat.indicators[i]);
        let is_date = f.hit.kind == Kind::Date;
        records.push(Record {
            id: ids.id(citation.start, citation.end, kind),
            doc: DocRef {
                path: doc.path.clone(),
                sha256: doc.sha256.clone(),
            },
            kind: kind.to_string(),
            value: f.hit.value,
            value_max: f.hit.value_max,
            denominator: f.hit.denominator,
            currency: f.hit.currency.map(str::to_string),
            date: f.date,
            qualifier: f.hit.qualifier.to_string(),
            change: f.hit.change.map(str::to_string),
            subject: if is_date { None } else { f.subject },
            indicator: ind.map(|i| i.id.clone()),
            status: f.status.map(str::to_string),
            year: f.year,
            as_of: f.as_of,
            place: f.place,
            level: f.level.map(str::to_string),
            rule: ind
                .map(|i| i.rule.clone())
                .unwrap_or_else(|| f.hit.rule.to_string()),
            citation,
        });
    }
    Extraction { records, dropped }
}

/// Extracts the figures of a string that is its own original (examples, tests).
pub fn extract_str(path: &str, text: &str, cat: &Catalog) -> Vec<Record> {
    match crate::ingest::document(path.to_string(), text.as_bytes().to_vec()) {
        Ok(doc) => extract_document(&doc, cat).records,
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{record_id, RecordIds};
    use sha2::{Digest, Sha256};

    #[test]
    fn record_ids_are_the_documented_hash() {
        let file = "748b933831e51d7bd7465157c96249d4e01dbf8fcd63d1c23d44f2eed1bb49f5";
        let path = "corpus/01.txt";
        let ids = RecordIds::new(path, file);
        for (start, end, kind) in [
            (0, 1, "count"),
            (158, 163, "percent"),
            (9_999_999, 10_000_004, "money"),
        ] {
            let d = Sha256::digest(format!("13:{path}:{file}:{start}:{end}:{kind}").as_bytes());
            assert_eq!(ids.id(start, end, kind), hex::encode(&d[..8]));
            assert_eq!(
                record_id(path, file, start, end, kind),
                hex::encode(&d[..8])
            );
        }
        // A stream id (any text) and a hash of any length.
        let d = Sha256::digest(b"5:doc-1:x:1:2:rank");
        assert_eq!(record_id("doc-1", "x", 1, 2, "rank"), hex::encode(&d[..8]));
    }

    #[test]
    fn the_same_bytes_under_two_paths_get_two_ids() {
        let file = "748b933831e51d7bd7465157c96249d4e01dbf8fcd63d1c23d44f2eed1bb49f5";
        let a = record_id("dev/a.txt", file, 10, 14, "percent");
        let b = record_id("dev/copy/a.txt", file, 10, 14, "percent");
        assert_ne!(a, b);
        assert_eq!(a, record_id("dev/a.txt", file, 10, 14, "percent"));
        // The path's length keeps `a:b` + `c` apart from `a` + `b:c`.
        assert_ne!(
            record_id("a:b", "c", 1, 2, "count"),
            record_id("a", "b:c", 1, 2, "count")
        );
    }
}
