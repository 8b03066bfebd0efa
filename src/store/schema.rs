//! Tables, indexes and migrations. The schema version is SQLite's `user_version`; each
//! migration runs once, in its own transaction.

use rusqlite::Connection;

/// The clause that adds an `event_days` row being inserted (`excluded`) to the row of its
/// key when there is one: counts summed, the Goldstein sum compensated (Neumaier). Shared
/// by the insert trigger and the backfill of migration 4.
macro_rules! merge_into_day {
    () => {
        "
        ON CONFLICT DO UPDATE SET events = events + 1, quad1 = quad1 + excluded.quad1,
            quad2 = quad2 + excluded.quad2, quad3 = quad3 + excluded.quad3, quad4 = quad4 + excluded.quad4,
            goldstein_n = goldstein_n + excluded.goldstein_n,
            goldstein_sum = goldstein_sum + excluded.goldstein_sum,
            goldstein_err = goldstein_err + CASE WHEN abs(goldstein_sum) >= abs(excluded.goldstein_sum)
                THEN (goldstein_sum - (goldstein_sum + excluded.goldstein_sum)) + excluded.goldstein_sum
                ELSE (excluded.goldstein_sum - (goldstein_sum + excluded.goldstein_sum)) + goldstein_sum END;
"
    };
}

/// Trigger body of migration 4: the `new` event added to its `event_days` row (created
/// when absent).
macro_rules! add_new_event {
    () => {
        concat!(
            "
        INSERT INTO event_days VALUES (new.source_country, new.target_country, new.date, new.duplicate,
            new.source, new.target, 1, new.quad_class IS 1, new.quad_class IS 2, new.quad_class IS 3,
            new.quad_class IS 4, new.goldstein IS NOT NULL, coalesce(new.goldstein, 0.0), 0.0)
",
            merge_into_day!()
        )
    };
}

/// Trigger body of migration 4: the `old` event taken out of its `event_days` row, and the
/// row dropped once it holds no event.
macro_rules! remove_old_event {
    () => {
        "
        UPDATE event_days SET events = events - 1, quad1 = quad1 - (old.quad_class IS 1),
            quad2 = quad2 - (old.quad_class IS 2), quad3 = quad3 - (old.quad_class IS 3),
            quad4 = quad4 - (old.quad_class IS 4), goldstein_n = goldstein_n - (old.goldstein IS NOT NULL),
            goldstein_sum = goldstein_sum - coalesce(old.goldstein, 0.0),
            goldstein_err = goldstein_err + CASE WHEN abs(goldstein_sum) >= abs(coalesce(old.goldstein, 0.0))
                THEN (goldstein_sum - (goldstein_sum - coalesce(old.goldstein, 0.0))) - coalesce(old.goldstein, 0.0)
                ELSE (-coalesce(old.goldstein, 0.0) - (goldstein_sum - coalesce(old.goldstein, 0.0))) + goldstein_sum END
        WHERE source_country = old.source_country AND target_country = old.target_country AND date = old.date
            AND duplicate = old.duplicate AND source = old.source AND target = old.target;
        DELETE FROM event_days
        WHERE source_country = old.source_country AND target_country = old.target_country AND date = old.date
            AND duplicate = old.duplicate AND source = old.source AND target = old.target AND events = 0;
"
    };
}

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
    // 4: daily aggregates read summary rows, not events: one row per day, source, target and
    // duplicate flag with the QuadClass counts and the Goldstein sum of its events. Triggers
    // keep it in the transaction that inserts, deletes or changes an event (ingest, recode,
    // an article's deletion cascading to its events), whatever the path; the INSERT backfills
    // it from the events already stored. Goldstein sums are kept as a sum and its rounding
    // error (Neumaier), so a day's sum over several rows rounds as one sum over its events.
    concat!(
        "    CREATE TABLE event_days (
        source_country TEXT NOT NULL,
        target_country TEXT NOT NULL,
        date           INTEGER NOT NULL,
        duplicate      INTEGER NOT NULL,
        source         TEXT NOT NULL,
        target         TEXT NOT NULL,
        events         INTEGER NOT NULL,
        quad1          INTEGER NOT NULL,
        quad2          INTEGER NOT NULL,
        quad3          INTEGER NOT NULL,
        quad4          INTEGER NOT NULL,
        goldstein_n    INTEGER NOT NULL,      -- events with a Goldstein score
        goldstein_sum  REAL NOT NULL,
        goldstein_err  REAL NOT NULL,         -- the exact sum is goldstein_sum + goldstein_err
        PRIMARY KEY (source_country, target_country, date, duplicate, source, target)
    ) WITHOUT ROWID;
    CREATE INDEX event_days_target ON event_days(target_country, date);

    CREATE TRIGGER event_days_insert AFTER INSERT ON events BEGIN
",
        add_new_event!(),
        "    END;

    CREATE TRIGGER event_days_delete AFTER DELETE ON events BEGIN
",
        remove_old_event!(),
        "    END;

    -- A change of what a row is keyed or summed by: out of the old row, into the new one.
    CREATE TRIGGER event_days_update
    AFTER UPDATE OF source_country, target_country, date, duplicate, source, target, quad_class, goldstein ON events
    BEGIN
",
        remove_old_event!(),
        add_new_event!(),
        "    END;

    -- Event by event, as the insert trigger adds them, so the sums carry their rounding error.
    -- (WHERE true: SQLite's parser needs it before ON CONFLICT after a SELECT.)
    INSERT INTO event_days
    SELECT source_country, target_country, date, duplicate, source, target, 1, quad_class IS 1,
        quad_class IS 2, quad_class IS 3, quad_class IS 4, goldstein IS NOT NULL, coalesce(goldstein, 0.0), 0.0
    FROM events WHERE true",
        merge_into_day!(),
    ),
    // 5: the act's own code of an event coded by the speech act that reports it ("Iran will
    // retaliate" is 138, a threat, of the act 190), NULL for the others; and the number of
    // sentences of the article that report the event (GDELT's NumMentions). Events stored
    // before this version have a NULL act and 1 mention until they are re-coded.
    "
    ALTER TABLE events ADD COLUMN act TEXT;
    ALTER TABLE events ADD COLUMN mentions INTEGER NOT NULL DEFAULT 1;
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
