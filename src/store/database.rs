//! One handle over either backend, chosen by the `--db` value: a `postgres://` (or
//! `postgresql://`) URL names a PostgreSQL database, anything else an SQLite file. The
//! commands go through this; library users can call [`Store`] or [`PgStore`] directly.

use super::postgres::{self, PgStore, PgWriter};
use super::query::{EventFilter, EventRow, QuoteFilter, QuoteRow};
use super::write::{Outcome, Writer};
use super::Store;
use crate::coder::Coder;
use crate::ingest::IngestedArticle;

pub enum Database {
    Sqlite(Store),
    Postgres(PgStore),
}

impl Database {
    /// Opens the database `db` names, creating it (an SQLite file, or the tables in an
    /// existing PostgreSQL database) when needed.
    pub fn open(db: &str) -> anyhow::Result<Database> {
        if postgres::is_url(db) {
            let store = PgStore::connect(db).map_err(|e| anyhow::anyhow!("{}: {e}", redact(db)))?;
            Ok(Database::Postgres(store))
        } else {
            Ok(Database::Sqlite(Store::open(db).map_err(|e| anyhow::anyhow!("{db}: {e}"))?))
        }
    }

    /// Opens a database that must exist already (an SQLite file is not created).
    pub fn open_existing(db: &str) -> anyhow::Result<Database> {
        if !postgres::is_url(db) && !std::path::Path::new(db).exists() {
            anyhow::bail!("{db}: no such database (run detente ingest first)");
        }
        Database::open(db)
    }

    pub fn for_each_event(
        &mut self,
        filter: &EventFilter,
        f: impl FnMut(EventRow) -> anyhow::Result<()>,
    ) -> anyhow::Result<usize> {
        match self {
            Database::Sqlite(s) => s.for_each_event(filter, f),
            Database::Postgres(s) => s.for_each_event(filter, f),
        }
    }

    pub fn for_each_quote(
        &mut self,
        filter: &QuoteFilter,
        f: impl FnMut(QuoteRow) -> anyhow::Result<()>,
    ) -> anyhow::Result<usize> {
        match self {
            Database::Sqlite(s) => s.for_each_quote(filter, f),
            Database::Postgres(s) => s.for_each_quote(filter, f),
        }
    }

    pub fn count_events(&mut self, filter: &EventFilter) -> anyhow::Result<i64> {
        Ok(match self {
            Database::Sqlite(s) => s.count_events(filter)?,
            Database::Postgres(s) => s.count_events(filter)?,
        })
    }

    /// (code, name, mentions, articles), most mentioned first.
    pub fn actors(
        &mut self,
        prefix: Option<&str>,
        with_duplicates: bool,
        limit: usize,
    ) -> anyhow::Result<Vec<(String, String, i64, i64)>> {
        Ok(match self {
            Database::Sqlite(s) => s.actors(prefix, with_duplicates, limit)?,
            Database::Postgres(s) => s.actors(prefix, with_duplicates, limit)?,
        })
    }

    pub fn counts(&mut self, filter: &EventFilter, by: &str, limit: usize) -> anyhow::Result<Vec<(String, i64)>> {
        Ok(match self {
            Database::Sqlite(s) => s.counts(filter, by, limit)?,
            Database::Postgres(s) => s.counts(filter, by, limit)?,
        })
    }

    /// (articles, duplicate articles, articles not coded, events, events of non-duplicates).
    pub fn totals(&mut self) -> anyhow::Result<(i64, i64, i64, i64, i64)> {
        Ok(match self {
            Database::Sqlite(s) => s.totals()?,
            Database::Postgres(s) => s.totals()?,
        })
    }

    /// A writer coding with `coder`; `batch` is the SQLite batch size (PostgreSQL commits each
    /// article on its own).
    pub fn writer<'a>(&'a mut self, coder: &'a Coder, dict_version: String, batch: usize) -> DatabaseWriter<'a> {
        match self {
            Database::Sqlite(s) => {
                let mut w = Writer::new(s, coder, dict_version);
                w.batch_size = batch.max(1);
                DatabaseWriter::Sqlite(w)
            }
            Database::Postgres(s) => DatabaseWriter::Postgres(PgWriter::new(s, coder, dict_version)),
        }
    }
}

/// The writer of either backend.
pub enum DatabaseWriter<'a> {
    Sqlite(Writer<'a>),
    Postgres(PgWriter<'a>),
}

impl DatabaseWriter<'_> {
    /// Codes and stores one article; an error names why it could not be stored.
    pub fn ingest(&mut self, input: &IngestedArticle) -> Result<Outcome, String> {
        match self {
            DatabaseWriter::Sqlite(w) => w.ingest(input),
            DatabaseWriter::Postgres(w) => w.ingest(input),
        }
    }

    /// Commits what is pending (SQLite's open batch; PostgreSQL has nothing pending).
    pub fn commit(&mut self) -> anyhow::Result<()> {
        if let DatabaseWriter::Sqlite(w) = self {
            w.commit()?;
        }
        Ok(())
    }

    /// Re-codes stored articles: (articles re-coded, their events).
    pub fn recode(&mut self, all: bool) -> Result<(usize, usize), String> {
        match self {
            DatabaseWriter::Sqlite(w) => w.recode(all),
            DatabaseWriter::Postgres(w) => w.recode(all),
        }
    }
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
