//! SQLite sink: `documents` and `records` tables with primary keys, indexes on
//! indicator, place and year, and a `figures` view for spreadsheet users.
//! Re-running on the same input is idempotent (rows are upserted), and a file
//! whose bytes changed has its old records replaced.

use crate::emit::Entry;
use crate::record::Record;
use rusqlite::{params, Connection};
use std::path::Path;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    bytes INTEGER,
    encoding TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    records INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    doc_path TEXT NOT NULL REFERENCES documents(path),
    doc_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    value REAL,
    value_max REAL,
    denominator REAL,
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
    rule TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_indicator ON records(indicator);
CREATE INDEX IF NOT EXISTS records_place ON records(place);
CREATE INDEX IF NOT EXISTS records_year ON records(year);
CREATE INDEX IF NOT EXISTS records_doc ON records(doc_path);
CREATE VIEW IF NOT EXISTS figures AS
    SELECT indicator, place, year, status, kind, value, value_max, denominator, currency, date,
           qualifier, change, level, subject, quote, sentence, doc_path, line, \"column\"
    FROM records
    ORDER BY indicator, place, year, doc_path, start;
";

/// An open database being written by one run (one transaction).
pub struct Sink {
    conn: Connection,
}

impl Sink {
    /// Opens (creating when needed) the database and starts a transaction.
    pub fn open(path: &Path) -> rusqlite::Result<Sink> {
        let conn = Connection::open(path)?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch("BEGIN")?;
        Ok(Sink { conn })
    }

    /// Writes one document and its records, replacing what an earlier run wrote for it.
    pub fn document(&mut self, e: &Entry, records: &[Record]) -> rusqlite::Result<()> {
        let old: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT sha256 FROM documents WHERE path = ?1",
                [&e.path],
                |r| r.get(0),
            )
            .ok();
        if old.is_some_and(|sha| sha != e.sha256) || e.status != crate::emit::Status::Ok {
            self.conn
                .execute("DELETE FROM records WHERE doc_path = ?1", [&e.path])?;
        }
        let status = match e.status {
            crate::emit::Status::Ok => "ok",
            crate::emit::Status::Skipped => "skipped",
            crate::emit::Status::Failed => "failed",
        };
        self.conn.execute(
            "INSERT INTO documents (path, sha256, bytes, encoding, status, reason, records)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes,
               encoding = excluded.encoding, status = excluded.status, reason = excluded.reason,
               records = excluded.records",
            params![
                e.path,
                e.sha256,
                e.bytes.map(|b| b as i64),
                e.encoding,
                status,
                e.reason,
                e.records as i64
            ],
        )?;
        let mut stmt = self.conn.prepare_cached(
            "INSERT OR REPLACE INTO records VALUES
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
              ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
        )?;
        for r in records {
            let c = &r.citation;
            stmt.execute(params![
                r.id,
                r.doc.path,
                r.doc.sha256,
                r.kind,
                r.value,
                r.value_max,
                r.denominator,
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
                r.rule
            ])?;
        }
        Ok(())
    }

    /// Commits the run.
    pub fn commit(self) -> rusqlite::Result<()> {
        self.conn.execute_batch("COMMIT")
    }
}
