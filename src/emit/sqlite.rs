//! SQLite sink: a database kept across runs (`PRAGMA user_version` 1).
//!
//! Tables `runs` (one row per run: version, patterns fingerprint, start and end
//! time, arguments, totals), `documents` (primary key `path`, canonicalized) and
//! `records` (primary key `id`; `doc_path` references `documents` with
//! `ON DELETE CASCADE`), each document and record tagged with the run that
//! wrote it; indexes on indicator, place, year and document; views `figures`
//! (levels), `changes` (increases and decreases) and `latest` (one row per
//! indicator × place × year × status). Foreign keys are on. Re-running on the
//! same input updates rows in place; a document written again has its old
//! records replaced; `prune` deletes the documents (and their records) that
//! this run did not see. A database of the first layout (version 0: tables
//! `documents`, `records`, view `figures`) is migrated when opened.
//!
//! Takes each file's entry and records from the fan-out in [`crate::emit`]
//! (it is one of its [`super::Sink`]s); gives the database, committed at
//! the end of the run.

use crate::record::Entry;
use crate::record::Record;
use rusqlite::types::Value;
use rusqlite::{params, Connection};
use std::path::Path;

/// The layout this code writes (`PRAGMA user_version`).
pub const USER_VERSION: i64 = 1;

/// Tables and indexes of version 1.
const TABLES: &str = "
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL,
    patterns TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    arguments TEXT NOT NULL,
    files INTEGER,
    ok INTEGER,
    skipped INTEGER,
    failed INTEGER,
    records INTEGER,
    bytes INTEGER,
    pruned INTEGER
);
CREATE TABLE documents (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    bytes INTEGER,
    encoding TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'skipped', 'failed')),
    reason TEXT,
    records INTEGER NOT NULL,
    run INTEGER REFERENCES runs(id)
);
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    doc_path TEXT NOT NULL REFERENCES documents(path) ON DELETE CASCADE ON UPDATE CASCADE,
    doc_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    value NUMERIC,
    value_max NUMERIC,
    denominator NUMERIC,
    currency TEXT,
    date TEXT,
    qualifier TEXT NOT NULL,
    change TEXT,
    subject TEXT,
    indicator TEXT,
    status TEXT,
    year INTEGER,
    as_of TEXT,
    place TEXT,
    level TEXT,
    start INTEGER NOT NULL,
    \"end\" INTEGER NOT NULL,
    quote TEXT NOT NULL,
    line INTEGER NOT NULL,
    \"column\" INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    rule TEXT NOT NULL,
    run INTEGER REFERENCES runs(id)
);
CREATE INDEX records_indicator ON records(indicator);
CREATE INDEX records_place ON records(place);
CREATE INDEX records_year ON records(year);
CREATE INDEX records_doc ON records(doc_path);
CREATE INDEX records_run ON records(run);
CREATE INDEX documents_run ON documents(run);
";

/// Views of version 1.
const VIEWS: &str = "
CREATE VIEW figures AS
    SELECT indicator, place, year, status, kind, value, value_max, denominator, currency, date,
           qualifier, level, subject, quote, sentence,
           doc_path || ':' || line || ':' || \"column\" AS citation,
           doc_path, line, \"column\", start, \"end\", id, rule, run
    FROM records
    WHERE change IS NULL
    ORDER BY indicator, place, year, doc_path, start;
CREATE VIEW changes AS
    SELECT indicator, place, year, status, change, kind, value, value_max, denominator, currency,
           qualifier, level, subject, quote, sentence,
           doc_path || ':' || line || ':' || \"column\" AS citation,
           doc_path, line, \"column\", start, \"end\", id, rule, run
    FROM records
    WHERE change IS NOT NULL
    ORDER BY indicator, place, year, doc_path, start;
CREATE VIEW latest AS
    WITH levels AS (
        SELECT * FROM records WHERE change IS NULL AND indicator IS NOT NULL
    ),
    ranked AS (
        SELECT levels.*,
               ROW_NUMBER() OVER (PARTITION BY indicator, place, year, status
                                  ORDER BY run DESC, doc_path DESC, start DESC) AS rn
        FROM levels
    ),
    groups AS (
        SELECT indicator, place, year, status, COUNT(*) AS records,
               COUNT(DISTINCT value) AS distinct_values
        FROM levels
        GROUP BY indicator, place, year, status
    )
    SELECT r.indicator, r.place, r.year, r.status, r.kind, r.value, r.value_max,
           r.denominator, r.currency, r.qualifier,
           g.records, g.distinct_values, g.distinct_values > 1 AS conflict,
           r.quote, r.sentence, r.doc_path || ':' || r.line || ':' || r.\"column\" AS citation,
           r.doc_path, r.id, r.rule, r.run
    FROM ranked r
    JOIN groups g ON g.indicator = r.indicator AND g.place IS r.place
                 AND g.year IS r.year AND g.status IS r.status
    WHERE r.rn = 1
    ORDER BY r.indicator, r.place, r.year, r.status;
";

/// The record columns, in table order (without `run`).
const RECORD_COLUMNS: &str = "id, doc_path, doc_sha256, kind, value, value_max, denominator, \
     currency, date, qualifier, change, subject, indicator, status, year, as_of, place, level, \
     start, \"end\", quote, line, \"column\", sentence_start, sentence_end, sentence, rule";

/// The path of a document as stored: `./` parts and repeated slashes
/// dropped, and an absolute path under the current folder made relative to
/// it, so `dev/a.txt`, `./dev/a.txt`, `dev//a.txt` and `$PWD/dev/a.txt` are one
/// document. `..` parts are kept (a link may stand before them); `-` (standard
/// input) stays `-`.
pub fn canonical_path(path: &str) -> String {
    fn lexical(path: &str) -> String {
        let absolute = path.starts_with('/');
        let parts: Vec<&str> = path
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        match (absolute, parts.is_empty()) {
            (true, _) => format!("/{}", parts.join("/")),
            (false, true) => ".".into(),
            (false, false) => parts.join("/"),
        }
    }
    if path == "-" || path.is_empty() {
        return path.to_string();
    }
    let p = lexical(path);
    if p.starts_with('/') {
        if let Some(cwd) = std::env::current_dir()
            .ok()
            .and_then(|d| d.to_str().map(lexical))
        {
            let rest = if cwd == "/" {
                p.strip_prefix('/')
            } else {
                p.strip_prefix(&cwd).and_then(|r| r.strip_prefix('/'))
            };
            if let Some(rest) = rest.filter(|r| !r.is_empty()) {
                return rest.to_string();
            }
        }
    }
    p
}

/// A number as stored: an INTEGER when it is whole, else a REAL (the columns
/// have NUMERIC affinity, so SQLite would do the same).
fn number(v: Option<f64>) -> Value {
    match v {
        None => Value::Null,
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Value::Integer(x as i64),
        Some(x) => Value::Real(x),
    }
}

/// Brings a database to [`USER_VERSION`], in one transaction: creates the
/// layout in an empty database, migrates version 0 (its rows kept, numbers
/// made INTEGER where whole, paths canonicalized; ids are replaced when a
/// document is extracted again), refuses a newer one.
fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == USER_VERSION {
        return Ok(());
    }
    if version > USER_VERSION {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISMATCH),
            Some(format!(
                "the database has layout version {version}; this solieu writes version \
                 {USER_VERSION} (use a newer solieu or another file)"
            )),
        ));
    }
    let tx = conn.transaction()?;
    let has_documents: bool = tx.query_row(
        "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'documents'",
        [],
        |r| r.get(0),
    )?;
    if has_documents {
        // Version 0: same columns, REAL numbers, no runs, no cascade.
        tx.execute_batch(
            "DROP VIEW IF EXISTS figures;
             DROP INDEX IF EXISTS records_indicator;
             DROP INDEX IF EXISTS records_place;
             DROP INDEX IF EXISTS records_year;
             DROP INDEX IF EXISTS records_doc;
             ALTER TABLE records RENAME TO records_v0;
             ALTER TABLE documents RENAME TO documents_v0;",
        )?;
        tx.execute_batch(TABLES)?;
        tx.execute_batch(&format!(
            "INSERT INTO documents (path, sha256, bytes, encoding, status, reason, records)
                 SELECT path, sha256, bytes, encoding, status, reason, records FROM documents_v0;
             INSERT INTO records ({RECORD_COLUMNS})
                 SELECT {RECORD_COLUMNS} FROM records_v0
                 WHERE doc_path IN (SELECT path FROM documents_v0);
             DROP TABLE records_v0;
             DROP TABLE documents_v0;"
        ))?;
        let paths: Vec<String> = tx
            .prepare("SELECT path FROM documents")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for p in paths {
            let c = canonical_path(&p);
            if c == p {
                continue;
            }
            let taken: bool = tx.query_row(
                "SELECT COUNT(*) > 0 FROM documents WHERE path = ?1",
                [&c],
                |r| r.get(0),
            )?;
            if taken {
                // Two spellings of one document: the canonical one stays.
                tx.execute("DELETE FROM records WHERE doc_path = ?1", [&p])?;
                tx.execute("DELETE FROM documents WHERE path = ?1", [&p])?;
            } else {
                tx.execute("UPDATE documents SET path = ?1 WHERE path = ?2", [&c, &p])?;
                tx.execute(
                    "UPDATE records SET doc_path = ?1 WHERE doc_path = ?2",
                    [&c, &p],
                )?;
            }
        }
    } else {
        tx.execute_batch(TABLES)?;
    }
    tx.execute_batch(VIEWS)?;
    tx.pragma_update(None, "user_version", USER_VERSION)?;
    tx.commit()
}

/// What a run records about itself in the `runs` table.
pub struct RunInfo<'a> {
    /// The patterns fingerprint (as in the manifest).
    pub patterns: &'a str,
    /// The command line, without the program name.
    pub arguments: Vec<String>,
}

/// What [`Database::commit`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Committed {
    /// This run's id in the `runs` table.
    pub run: i64,
    /// Documents deleted by `prune` (with their records).
    pub pruned: usize,
}

/// An open database being written by one run (one transaction).
pub struct Database {
    conn: Connection,
    run: i64,
    /// The document being written (as its records name it): a large file's
    /// records come in several calls, which must not delete each other.
    current: Option<String>,
}

impl Database {
    /// Opens (creating or migrating when needed) the database, turns foreign
    /// keys on, starts a transaction and records the run.
    pub fn open(path: &Path, info: &RunInfo) -> rusqlite::Result<Database> {
        let mut conn = Connection::open(path)?;
        migrate(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.execute_batch("BEGIN")?;
        conn.execute(
            "INSERT INTO runs (version, patterns, started, arguments)
             VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)",
            params![
                crate::VERSION,
                info.patterns,
                serde_json::to_string(&info.arguments).unwrap_or_default()
            ],
        )?;
        let run = conn.last_insert_rowid();
        Ok(Database {
            conn,
            run,
            current: None,
        })
    }

    /// This run's id in the `runs` table.
    pub fn run(&self) -> i64 {
        self.run
    }

    /// Writes one document and its records, replacing what an earlier run (or
    /// an earlier spelling of its path in this run) wrote for it. A document
    /// written in several calls (a large file, window by window) passes the
    /// same entry path each time, its records so far counted in `e.records`.
    pub fn document(&mut self, e: &Entry, records: &[Record]) -> rusqlite::Result<()> {
        let path = canonical_path(&e.path);
        if self.current.as_deref() != Some(e.path.as_str()) {
            self.conn
                .execute("DELETE FROM records WHERE doc_path = ?1", [&path])?;
            self.current = Some(e.path.clone());
        }
        let status = match e.status {
            crate::record::Status::Ok => "ok",
            crate::record::Status::Skipped => "skipped",
            crate::record::Status::Failed => "failed",
        };
        self.conn.execute(
            "INSERT INTO documents (path, sha256, bytes, encoding, status, reason, records, run)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes,
               encoding = excluded.encoding, status = excluded.status, reason = excluded.reason,
               records = excluded.records, run = excluded.run",
            params![
                path,
                e.sha256,
                e.bytes.map(|b| b as i64),
                e.encoding,
                status,
                e.reason,
                e.records as i64,
                self.run
            ],
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "INSERT OR REPLACE INTO records ({RECORD_COLUMNS}, run) VALUES
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
              ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)"
        ))?;
        for r in records {
            let c = &r.citation;
            stmt.execute(params![
                r.id,
                path,
                r.doc.sha256,
                r.kind,
                number(r.value),
                number(r.value_max),
                number(r.denominator),
                r.currency,
                r.date,
                r.qualifier,
                r.change,
                r.subject,
                r.indicator,
                r.status,
                r.year,
                r.as_of,
                r.place,
                r.level,
                c.start as i64,
                c.end as i64,
                c.quote,
                c.line as i64,
                c.column as i64,
                c.sentence_start as i64,
                c.sentence_end as i64,
                c.sentence,
                r.rule,
                self.run
            ])?;
        }
        Ok(())
    }

    /// Ends the run: with `prune`, deletes the documents this run did not
    /// write (their records go with them); fills the run's end time and
    /// totals; commits.
    pub fn commit(self, prune: bool) -> rusqlite::Result<Committed> {
        let pruned = match prune {
            true => self
                .conn
                .execute("DELETE FROM documents WHERE run IS NOT ?1", [self.run])?,
            false => 0,
        };
        self.conn.execute(
            "UPDATE runs SET finished = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
               files = (SELECT COUNT(*) FROM documents WHERE run = ?1),
               ok = (SELECT COUNT(*) FROM documents WHERE run = ?1 AND status = 'ok'),
               skipped = (SELECT COUNT(*) FROM documents WHERE run = ?1 AND status = 'skipped'),
               failed = (SELECT COUNT(*) FROM documents WHERE run = ?1 AND status = 'failed'),
               records = (SELECT COUNT(*) FROM records WHERE run = ?1),
               bytes = (SELECT COALESCE(SUM(bytes), 0) FROM documents WHERE run = ?1),
               pruned = ?2
             WHERE id = ?1",
            params![self.run, pruned as i64],
        )?;
        self.conn.execute_batch("COMMIT")?;
        Ok(Committed {
            run: self.run,
            pruned,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{canonical_path, number};
    use rusqlite::types::Value;

    #[test]
    fn paths_are_canonical() {
        assert_eq!(canonical_path("dev/a.txt"), "dev/a.txt");
        assert_eq!(canonical_path("./dev/a.txt"), "dev/a.txt");
        assert_eq!(canonical_path(".//dev///./a.txt"), "dev/a.txt");
        assert_eq!(canonical_path("../x/./a.txt"), "../x/a.txt");
        assert_eq!(canonical_path("-"), "-");
        let cwd = std::env::current_dir().unwrap();
        let abs = format!("{}/dev//a.txt", cwd.display());
        assert_eq!(canonical_path(&abs), "dev/a.txt");
        assert_eq!(canonical_path("/elsewhere//a.txt"), "/elsewhere/a.txt");
    }

    #[test]
    fn whole_numbers_are_integers() {
        assert_eq!(number(Some(1552.0)), Value::Integer(1552));
        assert_eq!(number(Some(78.4)), Value::Real(78.4));
        assert_eq!(number(None), Value::Null);
        assert_eq!(number(Some(2.0e20)), Value::Real(2.0e20));
    }
}
