//! Issue 17 (data teams): record ids unique per document path, and the SQLite
//! database as a maintained store (layout version, migration, runs, canonical
//! paths, prune, integer columns, views, foreign keys).

use crate::util::{json_lines, Dir};
use rusqlite::Connection;
use std::collections::HashSet;

/// Three levels, a count and a change for one province (invented text).
const ARTICLE: &str = "Tỉnh Gia Lai: năm 2022, tỷ lệ dân số có điện thoại thông minh đạt 61%; \
tỷ lệ hồ sơ trực tuyến đạt 51,4%.\nToàn tỉnh có 1.552 doanh nghiệp bán hàng trên sàn thương \
mại điện tử, tăng 12% so với năm 2021.\n";

fn extract(dir: &Dir, args: &[&str]) -> i32 {
    dir.command().args(args).code()
}

fn db(dir: &Dir) -> Connection {
    Connection::open(dir.path().join("db.sqlite")).unwrap()
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn id_of(r: &serde_json::Value) -> String {
    let c = &r["citation"];
    solieu::record::record_id(
        r["doc"]["path"].as_str().unwrap(),
        r["doc"]["sha256"].as_str().unwrap(),
        c["start"].as_u64().unwrap() as usize,
        c["end"].as_u64().unwrap() as usize,
        r["kind"].as_str().unwrap(),
    )
}

#[test]
fn duplicate_documents_keep_their_own_records_with_unique_ids() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    dir.create("in/syndicated/a.txt", ARTICLE);
    let args = ["extract", "in", "-o", "out", "--sqlite", "db.sqlite"];
    assert_eq!(extract(&dir, &args), 0);
    let recs = dir.records("out");
    let per_doc = recs
        .iter()
        .filter(|r| r["doc"]["path"] == "in/a.txt")
        .count();
    assert!(per_doc >= 3, "the article gives records ({per_doc})");
    assert_eq!(recs.len(), 2 * per_doc, "both copies keep their records");
    let ids: HashSet<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), recs.len(), "ids are unique within the run");
    for r in &recs {
        assert_eq!(r["id"].as_str().unwrap(), id_of(r), "the documented id");
    }
    let c = db(&dir);
    assert_eq!(count(&c, "SELECT COUNT(*) FROM records"), recs.len() as i64);
    assert_eq!(
        count(&c, "SELECT SUM(records) FROM documents"),
        recs.len() as i64,
        "documents.records counts what records holds"
    );
    drop(c);
    // Stable across runs.
    assert_eq!(extract(&dir, &args), 0);
    let again: Vec<String> = dir
        .records("out")
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let first: Vec<String> = recs
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(again, first);
    assert_eq!(
        count(&db(&dir), "SELECT COUNT(*) FROM records"),
        recs.len() as i64
    );
}

#[test]
fn stream_ids_include_the_document_id() {
    let dir = Dir::new();
    let line = |id: &str| serde_json::json!({"id": id, "text": ARTICLE}).to_string();
    let input = format!("{}\n{}\n", line("doc-1"), line("doc-2"));
    let out = dir
        .command()
        .args(["extract", "--input-jsonl", "-"])
        .stdin(input.as_bytes())
        .output();
    assert_eq!(out.status.code(), Some(0));
    let recs = json_lines(&out.stdout);
    assert!(recs.iter().any(|r| r["doc"]["path"] == "doc-2"));
    let ids: HashSet<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), recs.len());
    for r in &recs {
        assert_eq!(r["id"].as_str().unwrap(), id_of(r));
    }
}

#[test]
fn windowed_files_get_the_same_ids() {
    let dir = Dir::new();
    let big = ARTICLE.repeat(40).replace('\n', "\n\n");
    dir.create("in/big.txt", &big);
    assert_eq!(extract(&dir, &["extract", "in", "-o", "whole"]), 0);
    assert_eq!(
        extract(
            &dir,
            &["extract", "in", "-o", "win", "--window-from", "1000"]
        ),
        0
    );
    let (whole, win) = (dir.records("whole"), dir.records("win"));
    assert!(win.len() >= 40);
    for r in &win {
        assert_eq!(r["id"].as_str().unwrap(), id_of(r));
    }
    let ids: HashSet<&str> = win.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), win.len());
    let id = |v: &Vec<serde_json::Value>| -> Vec<String> {
        v.iter().map(|r| r["id"].to_string()).collect()
    };
    assert_eq!(id(&whole), id(&win));
}

#[test]
fn sqlite_has_a_version_runs_views_and_integer_columns() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    dir.create(
        "in/b.txt",
        "Năm 2022, tỷ lệ dân số có điện thoại thông minh của tỉnh Gia Lai đạt 65%.\n",
    );
    let args = ["extract", "in", "-o", "out", "--sqlite", "db.sqlite"];
    assert_eq!(extract(&dir, &args), 0);
    let manifest = dir.manifest("out");
    let c = db(&dir);
    assert_eq!(
        count(&c, "PRAGMA user_version"),
        solieu::emit::sqlite::USER_VERSION
    );
    assert_eq!(solieu::emit::sqlite::USER_VERSION, 1);
    // The run.
    let (version, patterns, started, finished, arguments, files, records): (
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
    ) = c
        .query_row(
            "SELECT version, patterns, started, finished, arguments, files, records FROM runs",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(version, manifest["version"].as_str().unwrap());
    assert_eq!(patterns, manifest["patterns"].as_str().unwrap());
    assert!(
        started.len() >= 20 && started <= finished,
        "{started} {finished}"
    );
    let argv: Vec<String> = serde_json::from_str(&arguments).unwrap();
    assert_eq!(argv, args);
    assert_eq!(files, manifest["totals"]["files"].as_i64().unwrap());
    assert_eq!(records, manifest["totals"]["records"].as_i64().unwrap());
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM records WHERE run = 1"),
        records
    );
    assert_eq!(count(&c, "SELECT COUNT(*) FROM documents WHERE run = 1"), 2);
    // Integer columns where values are integers.
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM records WHERE kind = 'count' AND typeof(value) = 'integer'"
        ),
        1
    );
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM records WHERE value = 51.4 AND typeof(value) = 'real'"
        ),
        1
    );
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM records WHERE value IS NOT NULL AND value = CAST(value AS INTEGER) AND typeof(value) <> 'integer'"
        ),
        0,
        "every whole number is an INTEGER"
    );
    // Views: levels, changes, latest.
    let (all, changes) = (
        count(&c, "SELECT COUNT(*) FROM records"),
        count(&c, "SELECT COUNT(*) FROM records WHERE change IS NOT NULL"),
    );
    assert!(changes >= 1);
    assert_eq!(count(&c, "SELECT COUNT(*) FROM changes"), changes);
    assert_eq!(count(&c, "SELECT COUNT(*) FROM figures"), all - changes);
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM figures WHERE id IS NULL OR rule IS NULL OR citation NOT LIKE 'in/_.txt:%:%'"),
        0
    );
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM changes WHERE change NOT IN ('increase', 'decrease')"
        ),
        0
    );
    // Two documents disagree on one indicator, place, year and status.
    let (n, distinct, conflict): (i64, i64, bool) = c
        .query_row(
            "SELECT records, distinct_values, conflict FROM latest
             WHERE indicator = 'smartphone_users_rate' AND place = 'Gia Lai' AND year = 2022",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((n, distinct, conflict), (2, 2, true));
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM latest"),
        count(
            &c,
            "SELECT COUNT(*) FROM (SELECT DISTINCT indicator, place, year, status FROM figures WHERE indicator IS NOT NULL)"
        ),
        "one row per indicator × place × year × status"
    );
    // Foreign keys: records cascade with their document, and hold.
    let on_delete: String = c
        .query_row(
            "SELECT on_delete FROM pragma_foreign_key_list('records') WHERE \"table\" = 'documents'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_delete, "CASCADE");
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM pragma_foreign_key_check"),
        0
    );
}

#[test]
fn sqlite_paths_are_canonical_and_prune_deletes_what_is_gone() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    dir.create(
        "in/b.txt",
        "Toàn tỉnh có 1.552 doanh nghiệp bán hàng trên sàn thương mại điện tử.\n",
    );
    dir.create("in/c.txt", "Tỷ lệ hồ sơ trực tuyến đạt 51,4%.\n");
    let abs = dir.path().join("in");
    let spellings = ["in", "./in", ".//in/", abs.to_str().unwrap()];
    let mut seen = Vec::new();
    for p in spellings {
        assert_eq!(
            extract(&dir, &["extract", p, "-o", "out", "--sqlite", "db.sqlite"]),
            0
        );
        let c = db(&dir);
        seen.push((
            count(&c, "SELECT COUNT(*) FROM documents"),
            count(&c, "SELECT COUNT(*) FROM records"),
            count(&c, "SELECT SUM(records) FROM documents"),
        ));
    }
    let n = seen[0].1;
    assert!(n >= 5);
    assert_eq!(
        seen,
        vec![(3, n, n); 4],
        "one document per file, whatever the spelling"
    );
    let c = db(&dir);
    let paths: Vec<String> = c
        .prepare("SELECT path FROM documents ORDER BY path")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(paths, ["in/a.txt", "in/b.txt", "in/c.txt"]);
    drop(c);
    // A file gone: kept without --prune, deleted with it.
    std::fs::remove_file(dir.path().join("in/c.txt")).unwrap();
    assert_eq!(
        extract(
            &dir,
            &["extract", "in", "-o", "out", "--sqlite", "db.sqlite"]
        ),
        0
    );
    assert_eq!(count(&db(&dir), "SELECT COUNT(*) FROM documents"), 3);
    assert_eq!(
        extract(
            &dir,
            &[
                "extract",
                "in",
                "-o",
                "out",
                "--sqlite",
                "db.sqlite",
                "--prune"
            ]
        ),
        0
    );
    let c = db(&dir);
    assert_eq!(count(&c, "SELECT COUNT(*) FROM documents"), 2);
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM records WHERE doc_path = 'in/c.txt'"
        ),
        0
    );
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM records"),
        count(&c, "SELECT SUM(records) FROM documents")
    );
    assert_eq!(
        count(&c, "SELECT pruned FROM runs ORDER BY id DESC LIMIT 1"),
        1
    );
    assert_eq!(count(&c, "SELECT COUNT(*) FROM runs"), 6);
    drop(c);
    // --prune needs --sqlite.
    assert_eq!(extract(&dir, &["extract", "in", "-o", "out", "--prune"]), 2);
}

/// The first layout (version 0), as solieu wrote it before the database was versioned.
const V0: &str = "
CREATE TABLE documents (path TEXT PRIMARY KEY, sha256 TEXT, bytes INTEGER, encoding TEXT,
    status TEXT NOT NULL, reason TEXT, records INTEGER NOT NULL);
CREATE TABLE records (id TEXT PRIMARY KEY, doc_path TEXT NOT NULL REFERENCES documents(path),
    doc_sha256 TEXT NOT NULL, kind TEXT NOT NULL, value REAL, value_max REAL, denominator REAL,
    currency TEXT, date TEXT, qualifier TEXT NOT NULL, change TEXT, subject TEXT, indicator TEXT,
    status TEXT, year INTEGER, as_of TEXT, place TEXT, level TEXT, start INTEGER NOT NULL,
    \"end\" INTEGER NOT NULL, quote TEXT NOT NULL, line INTEGER NOT NULL, \"column\" INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, sentence TEXT NOT NULL,
    rule TEXT NOT NULL);
CREATE INDEX records_indicator ON records(indicator);
CREATE INDEX records_place ON records(place);
CREATE INDEX records_year ON records(year);
CREATE INDEX records_doc ON records(doc_path);
CREATE VIEW figures AS SELECT indicator, place, year, status, kind, value, value_max, denominator,
    currency, date, qualifier, change, level, subject, quote, sentence, doc_path, line, \"column\"
    FROM records ORDER BY indicator, place, year, doc_path, start;
INSERT INTO documents VALUES ('./in/a.txt', 'aa', 10, 'utf-8', 'ok', NULL, 1);
INSERT INTO documents VALUES ('old/gone.txt', 'bb', 10, 'utf-8', 'ok', NULL, 1);
INSERT INTO records VALUES ('0123456789abcdef', './in/a.txt', 'aa', 'count', 1552.0, NULL, NULL,
    NULL, NULL, 'exact', NULL, 'doanh nghiệp', NULL, 'achieved', 2022, NULL, 'Gia Lai', NULL,
    0, 5, '1.552', 1, 1, 0, 10, 'x', 'grammar/count');
INSERT INTO records VALUES ('fedcba9876543210', 'old/gone.txt', 'bb', 'percent', 7.0, NULL, NULL,
    NULL, NULL, 'exact', NULL, NULL, NULL, 'achieved', 2022, NULL, 'Gia Lai', NULL,
    0, 2, '7%', 1, 1, 0, 10, 'y', 'grammar/percent');
";

#[test]
fn a_version_0_database_is_migrated() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    Connection::open(dir.path().join("db.sqlite"))
        .unwrap()
        .execute_batch(V0)
        .unwrap();
    assert_eq!(
        extract(
            &dir,
            &["extract", "in", "-o", "out", "--sqlite", "db.sqlite"]
        ),
        0
    );
    let c = db(&dir);
    assert_eq!(count(&c, "PRAGMA user_version"), 1);
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM documents WHERE path = 'in/a.txt'"),
        1
    );
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM documents WHERE path LIKE './%'"),
        0
    );
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM records WHERE id = '0123456789abcdef'"
        ),
        0,
        "the re-extracted document's old records are replaced"
    );
    let recs = dir.records("out");
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM records WHERE doc_path = 'in/a.txt'"
        ),
        recs.len() as i64
    );
    // The document this run did not see is kept, its number now an INTEGER.
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM records WHERE id = 'fedcba9876543210' AND typeof(value) = 'integer' AND run IS NULL"
        ),
        1
    );
    assert_eq!(count(&c, "SELECT COUNT(*) FROM runs"), 1);
    assert_eq!(count(&c, "SELECT COUNT(*) FROM changes"), 1);
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%_v0'"
        ),
        0
    );
    drop(c);
    // Then a prune drops it.
    assert_eq!(
        extract(
            &dir,
            &[
                "extract",
                "in",
                "-o",
                "out",
                "--sqlite",
                "db.sqlite",
                "--prune"
            ]
        ),
        0
    );
    assert_eq!(count(&db(&dir), "SELECT COUNT(*) FROM documents"), 1);
    assert_eq!(
        count(
            &db(&dir),
            "SELECT COUNT(*) FROM records WHERE doc_path = 'old/gone.txt'"
        ),
        0
    );
}

#[test]
fn a_newer_database_is_refused() {
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    Connection::open(dir.path().join("db.sqlite"))
        .unwrap()
        .execute_batch("PRAGMA user_version = 9")
        .unwrap();
    let out = dir
        .command()
        .args(["extract", "in", "-o", "out", "--sqlite", "db.sqlite"])
        .output();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("version 9"));
    assert_eq!(count(&db(&dir), "PRAGMA user_version"), 9);
}

#[test]
fn incremental_does_not_reuse_records_with_ids_of_the_old_form() {
    use sha2::Digest;
    let dir = Dir::new();
    dir.create("in/a.txt", ARTICLE);
    dir.create("in/b.txt", ARTICLE);
    assert_eq!(extract(&dir, &["extract", "in", "-o", "out"]), 0);
    let fresh = dir.read("out/records.jsonl");
    // The same records with ids as solieu wrote them before (no path).
    let old: String = dir
        .records("out")
        .into_iter()
        .map(|mut r| {
            let c = &r["citation"];
            let key = format!(
                "{}:{}:{}:{}",
                r["doc"]["sha256"].as_str().unwrap(),
                c["start"],
                c["end"],
                r["kind"].as_str().unwrap()
            );
            r["id"] = hex::encode(&sha2::Sha256::digest(key.as_bytes())[..8]).into();
            serde_json::to_string(&r).unwrap() + "\n"
        })
        .collect();
    assert_ne!(old, fresh);
    std::fs::write(dir.path().join("out/records.jsonl"), &old).unwrap();
    // The manifest names the records it belongs to: make it name these, so
    // that only the ids' form differs.
    let mut m = dir.manifest("out");
    m["records_sha256"] = hex::encode(sha2::Sha256::digest(old.as_bytes())).into();
    std::fs::write(
        dir.path().join("out/manifest.json"),
        serde_json::to_string_pretty(&m).unwrap(),
    )
    .unwrap();
    let run = dir
        .command()
        .args(["extract", "in", "-o", "out", "--incremental"])
        .output();
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stderr).contains("ids of another form"));
    assert_eq!(dir.read("out/records.jsonl"), fresh);
    assert!(dir.manifest("out")["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["reused"] == false));
    // Records of the current form are reused.
    let again = dir
        .command()
        .args(["extract", "in", "-o", "out", "--incremental"])
        .output();
    assert!(!String::from_utf8_lossy(&again.stderr).contains("another form"));
    assert!(dir.manifest("out")["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["reused"] == true));
    assert_eq!(dir.read("out/records.jsonl"), fresh);
}
