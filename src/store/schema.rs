//! Tables, indexes and migrations. The schema version is SQLite's `user_version`; each
//! migration runs once, in its own transaction.

use rusqlite::Connection;

/// Migrations in order; migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "
    CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        source        TEXT NOT NULL,          -- path (#N for a record of a container) or URL
        url           TEXT,                   -- canonical URL as read
        canonical_url TEXT UNIQUE,            -- normalised URL: the identity when present
        title         TEXT,
        published     TEXT,                   -- YYYY-MM-DD
        date          INTEGER NOT NULL,       -- YYYYMMDD: published, else the ingest day
        site          TEXT,
        author        TEXT,
        language      TEXT,
        text          TEXT NOT NULL,
        content_hash  TEXT NOT NULL,          -- of the normalised text: the identity without URL
        duplicate_of  INTEGER REFERENCES articles(id),
        skipped       TEXT,                   -- why it was not coded (language, discard)
        dict_version  TEXT NOT NULL,
        ingested_at   TEXT NOT NULL,          -- UTC, YYYY-MM-DDTHH:MM:SSZ
        coded_at      TEXT NOT NULL,
        n_sentences   INTEGER NOT NULL,
        n_actors      INTEGER NOT NULL,
        n_events      INTEGER NOT NULL
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_dup ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;

    CREATE TABLE sentences (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        start      INTEGER NOT NULL,          -- code points into the article text
        end        INTEGER NOT NULL,
        skipped    TEXT,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;

    CREATE TABLE actors (
        id         INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence   INTEGER NOT NULL,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        name       TEXT NOT NULL,
        code       TEXT NOT NULL,
        resolved   INTEGER NOT NULL,
        entries    TEXT NOT NULL              -- JSON array of file:line
    );
    CREATE INDEX actors_article ON actors(article_id);
    CREATE INDEX actors_code ON actors(code);

    CREATE TABLE events (
        id             INTEGER PRIMARY KEY,
        article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence       INTEGER NOT NULL,
        date           INTEGER NOT NULL,      -- YYYYMMDD, the article's date
        duplicate      INTEGER NOT NULL,      -- 1 when the article is a duplicate
        source         TEXT NOT NULL,
        target         TEXT NOT NULL,
        source_country TEXT NOT NULL,         -- first three letters of the code
        target_country TEXT NOT NULL,
        source_name    TEXT,
        target_name    TEXT,
        code           TEXT NOT NULL,
        root           TEXT,
        name           TEXT,
        quad_class     INTEGER,
        goldstein      REAL,
        plover_event   TEXT,
        plover_mode    TEXT,
        plover_context TEXT,
        modality       TEXT NOT NULL,
        evidence       TEXT NOT NULL,         -- JSON: source/target/verb/pattern spans
        sentence_text  TEXT NOT NULL,
        rule           TEXT NOT NULL,
        dict_version   TEXT NOT NULL
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_dyad ON events(source_country, target_country, date);
    CREATE INDEX events_target ON events(target_country, date);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_root ON events(root, date);

    -- Near-duplicate detection across runs: MinHash band keys of the articles that are
    -- not duplicates themselves.
    CREATE TABLE minhash (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature  BLOB NOT NULL
    );
    CREATE TABLE lsh (
        band       INTEGER NOT NULL,
        key        INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX lsh_key ON lsh(band, key);

    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
    ",
    // 2: quotations and reported speech. `n_quotes` is NULL for articles stored before this
    // migration (their quotes were never extracted): `recode` picks them up.
    "
    CREATE TABLE quotes (
        id            INTEGER PRIMARY KEY,
        article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence      INTEGER NOT NULL,
        date          INTEGER NOT NULL,       -- YYYYMMDD, the article's date
        duplicate     INTEGER NOT NULL,       -- 1 when the article is a duplicate
        start         INTEGER NOT NULL,       -- code points into the article text
        end           INTEGER NOT NULL,
        text          TEXT NOT NULL,          -- with its quotation marks (direct, partial)
        kind          TEXT NOT NULL,          -- direct, partial, indirect
        speaker       TEXT,                   -- the person or body the speaker phrase resolves to
        speaker_code  TEXT,
        speaker_start INTEGER,
        speaker_end   INTEGER,
        speaker_text  TEXT,                   -- the speaker phrase as written
        cue           TEXT,
        cue_start     INTEGER,
        cue_end       INTEGER,
        confidence    REAL NOT NULL,
        dict_version  TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_code ON quotes(speaker_code, date);
    CREATE INDEX quotes_date ON quotes(date);
    ALTER TABLE articles ADD COLUMN n_quotes INTEGER;
    ",
    // 3: the dyad index covers what daily aggregates read (the dashboard's timeline), so a
    // dyad's days are summed from the index alone, without a table row per event.
    "
    DROP INDEX events_dyad;
    CREATE INDEX events_dyad ON events(source_country, target_country, date, duplicate, quad_class, goldstein);
    ",
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`VERSION`]; refuses a database written by a newer build.
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > VERSION {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "database schema version {current} is newer than this build's {VERSION}"
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
    }
    Ok(())
}
