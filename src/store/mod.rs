//! The event store: articles, sentences, actor mentions, events and quotes in an embedded
//! SQLite database (WAL mode), with a full-text index over article text, or in PostgreSQL for
//! several workers sharing one database.
//!
//! One job per file: [`schema`] creates and migrates the SQLite tables, [`hash`] computes
//! content hashes, near-duplicate signatures and dictionary versions, [`rows`] prepares what
//! any backend stores for an article (its identity, its coding, its rows), [`write`] stores
//! coded articles in SQLite (one savepoint per article inside batch transactions, so an
//! article is stored entirely or not at all), [`query`] holds the filters, shared by both
//! backends, and answers event, quote, actor and count queries in SQLite, [`read`] the HTTP
//! API's read-only connections, pages, articles and daily aggregates, [`export`] writes the
//! GDELT 2.0 event table, PLOVER records, CSV and JSON lines, [`postgres`] is the PostgreSQL
//! backend, and [`database`] chooses a backend from a `--db` value.
//!
//! Identity: an article is the same article as a stored one when its canonical URL is the same
//! (normalised by [`crate::ingest::dedup::normalise_url`]), or, without a URL, when its
//! normalised text hashes the same. Re-ingesting it changes nothing. A different article whose
//! text is the same or nearly the same (MinHash over word 5-gram shingles, LSH banding, stored
//! in the database so that it works across runs) is stored and linked to the first one through
//! `duplicate_of`; its events are flagged and left out of queries unless asked for.

pub mod database;
pub mod export;
pub mod hash;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod postgres;
pub mod query;
pub mod read;
pub mod rows;
pub mod schema;
pub mod write;

use std::path::Path;

pub use database::{Database, DatabaseWriter};
pub use query::{EventFilter, EventRow, QuoteFilter, QuoteRow};
pub use read::{ArticleDetail, ArticleFilter, ArticleSummary, DayAggregate};
pub use write::{Outcome, Writer};

/// The default database file.
pub const DEFAULT_DB: &str = "detente.db";

/// Errors of the store.
pub type Result<T> = std::result::Result<T, rusqlite::Error>;

/// An open event database.
pub struct Store {
    pub conn: rusqlite::Connection,
}

impl Store {
    /// Opens (creating if needed) a database file, in WAL mode, and brings its schema up to
    /// date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let conn = rusqlite::Connection::open(path)?;
        Store::init(conn)
    }

    /// An in-memory database (tests, benchmarks).
    pub fn in_memory() -> Result<Store> {
        Store::init(rusqlite::Connection::open_in_memory()?)
    }

    fn init(conn: rusqlite::Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // WAL: readers do not block the writer, and a killed writer leaves the last committed
        // state. NORMAL sync is durable against process crashes (not power loss of the last
        // transactions), which is what WAL is designed for.
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        conn.execute_batch(
            "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;
             PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=8192;",
        )?;
        schema::migrate(&conn)?;
        Ok(Store { conn })
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
    }

    /// Articles whose stored sentence, actor, event or quote counts do not match the rows present (a partial
    /// article); empty for a consistent database.
    pub fn partial_articles(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id FROM articles a
             WHERE a.n_events != (SELECT count(*) FROM events e WHERE e.article_id = a.id)
                OR a.n_sentences != (SELECT count(*) FROM sentences s WHERE s.article_id = a.id)
                OR a.n_actors != (SELECT count(*) FROM actors m WHERE m.article_id = a.id)
                OR coalesce(a.n_quotes, 0) != (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect()
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<i64> {
        self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
    }

    /// Number of stored quotes (duplicates included).
    pub fn quote_count(&self) -> Result<i64> {
        self.conn.query_row("SELECT count(*) FROM quotes", [], |r| r.get(0))
    }

    /// Number of stored events (duplicates included).
    pub fn event_count(&self) -> Result<i64> {
        self.conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
    }
}
