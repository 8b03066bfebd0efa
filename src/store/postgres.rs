//! The PostgreSQL backend: the tables, identity rules, near-duplicate linking and queries of
//! the SQLite store, for archives that outgrow one machine and for several ingest workers
//! (processes, machines) sharing one database.
//!
//! Everything that is not SQL is shared with the SQLite store: identities and coding come
//! from [`super::rows`], MinHash from [`super::hash`], filters from [`super::query`].
//!
//! Concurrency. Each article is written in its own transaction (an article is stored entirely
//! or not at all), after it has been coded outside any transaction, so workers code in
//! parallel and meet only while writing. The read-check-insert of identity and
//! near-duplicate linking is made safe by transaction-scoped advisory locks taken before the
//! checks, on every key by which two articles can meet: the canonical URL, the content hash
//! and each of the 32 LSH band keys. Two articles that are the same, exact or near copies
//! share at least one key, so the second waits until the first has committed and then sees
//! it; unrelated articles share none and are written in parallel. Locks are taken in key
//! order, so two transactions never wait on each other in a cycle. `canonical_url` is also
//! UNIQUE, and the insert says `ON CONFLICT DO NOTHING`, so identity holds even for a writer
//! that took no lock. Serialisable transactions were the other choice: they would detect the
//! same races only after the fact, as serialisation failures on the LSH reads that every
//! worker makes, and every failure would cost a retry of the whole article.

use std::fmt::Write as _;

use postgres::{Client, GenericClient, NoTls};

use super::hash;
use super::query::{Dialect, EventFilter, EventRow, Param, QuoteFilter, QuoteRow, EVENT_SELECT, QUOTE_SELECT};
use super::rows::{self, Annotations, Identity};
use super::write::{parse_iso_date, Outcome};
use crate::coder::Coder;
use crate::ingest::IngestedArticle;

/// Migrations in order; migration `i` brings the schema from version `i` to `i + 1`. The
/// tables are those of the SQLite store (`schema.rs`); `fts` replaces SQLite's FTS5 table.
const MIGRATIONS: &[&str] = &[
    // 1: the schema of SQLite's version 2, quotes included.
    r#"
    CREATE TABLE articles (
        id            BIGSERIAL PRIMARY KEY,
        source        TEXT NOT NULL,
        url           TEXT,
        canonical_url TEXT UNIQUE,
        title         TEXT,
        published     TEXT,
        date          BIGINT NOT NULL,
        site          TEXT,
        author        TEXT,
        language      TEXT,
        text          TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        duplicate_of  BIGINT REFERENCES articles(id),
        skipped       TEXT,
        dict_version  TEXT NOT NULL,
        ingested_at   TEXT NOT NULL,
        coded_at      TEXT NOT NULL,
        n_sentences   BIGINT NOT NULL,
        n_actors      BIGINT NOT NULL,
        n_events      BIGINT NOT NULL,
        n_quotes      BIGINT,
        fts           tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_dup ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
    CREATE INDEX articles_fts ON articles USING gin(fts);

    CREATE TABLE sentences (
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx        BIGINT NOT NULL,
        start      BIGINT NOT NULL,
        "end"      BIGINT NOT NULL,
        skipped    TEXT,
        PRIMARY KEY (article_id, idx)
    );

    CREATE TABLE actors (
        id         BIGSERIAL PRIMARY KEY,
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence   BIGINT NOT NULL,
        start      BIGINT NOT NULL,
        "end"      BIGINT NOT NULL,
        text       TEXT NOT NULL,
        name       TEXT NOT NULL,
        code       TEXT NOT NULL,
        resolved   BOOLEAN NOT NULL,
        entries    TEXT NOT NULL
    );
    CREATE INDEX actors_article ON actors(article_id);
    CREATE INDEX actors_code ON actors(code);

    CREATE TABLE events (
        id             BIGSERIAL PRIMARY KEY,
        article_id     BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence       BIGINT NOT NULL,
        date           BIGINT NOT NULL,
        duplicate      SMALLINT NOT NULL,
        source         TEXT NOT NULL,
        target         TEXT NOT NULL,
        source_country TEXT NOT NULL,
        target_country TEXT NOT NULL,
        source_name    TEXT,
        target_name    TEXT,
        code           TEXT NOT NULL,
        root           TEXT,
        name           TEXT,
        quad_class     BIGINT,
        goldstein      DOUBLE PRECISION,
        plover_event   TEXT,
        plover_mode    TEXT,
        plover_context TEXT,
        modality       TEXT NOT NULL,
        evidence       TEXT NOT NULL,
        sentence_text  TEXT NOT NULL,
        rule           TEXT NOT NULL,
        dict_version   TEXT NOT NULL
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_dyad ON events(source_country, target_country, date);
    CREATE INDEX events_target ON events(target_country, date);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_root ON events(root, date);

    CREATE TABLE quotes (
        id            BIGSERIAL PRIMARY KEY,
        article_id    BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence      BIGINT NOT NULL,
        date          BIGINT NOT NULL,
        duplicate     SMALLINT NOT NULL,
        start         BIGINT NOT NULL,
        "end"         BIGINT NOT NULL,
        text          TEXT NOT NULL,
        kind          TEXT NOT NULL,
        speaker       TEXT,
        speaker_code  TEXT,
        speaker_start BIGINT,
        speaker_end   BIGINT,
        speaker_text  TEXT,
        cue           TEXT,
        cue_start     BIGINT,
        cue_end       BIGINT,
        confidence    DOUBLE PRECISION NOT NULL,
        dict_version  TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_code ON quotes(speaker_code, date);
    CREATE INDEX quotes_date ON quotes(date);

    CREATE TABLE minhash (
        article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature  BYTEA NOT NULL
    );
    CREATE TABLE lsh (
        band       BIGINT NOT NULL,
        key        BIGINT NOT NULL,
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX lsh_key ON lsh(band, key);
    "#,
    // 2: SQLite's version 5: the act's own code of an event coded by its speech act, and
    // the number of the article's sentences that report the event.
    "ALTER TABLE events ADD COLUMN act TEXT; ALTER TABLE events ADD COLUMN mentions BIGINT NOT NULL DEFAULT 1;",
];

/// The advisory lock that serialises schema migrations of workers starting at once.
const MIGRATION_LOCK: i64 = 0x6465_7465_6e74_6501;

/// Errors of the PostgreSQL store.
pub type Result<T> = std::result::Result<T, postgres::Error>;

/// An open PostgreSQL event database.
pub struct PgStore {
    pub client: Client,
}

/// Whether a `--db` value names a PostgreSQL database rather than an SQLite file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

impl PgStore {
    /// Connects (`postgres://user@host:port/dbname`, libpq's URL form) and brings the schema
    /// up to date.
    pub fn connect(url: &str) -> anyhow::Result<PgStore> {
        let mut client = Client::connect(url, NoTls)?;
        migrate(&mut client)?;
        Ok(PgStore { client })
    }

    /// Articles whose stored sentence, actor, event or quote counts do not match the rows
    /// present (a partial article); empty for a consistent database.
    pub fn partial_articles(&mut self) -> Result<Vec<i64>> {
        let rows = self.client.query(
            "SELECT a.id FROM articles a
             WHERE a.n_events != (SELECT count(*) FROM events e WHERE e.article_id = a.id)
                OR a.n_sentences != (SELECT count(*) FROM sentences s WHERE s.article_id = a.id)
                OR a.n_actors != (SELECT count(*) FROM actors m WHERE m.article_id = a.id)
                OR coalesce(a.n_quotes, 0) != (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
             ORDER BY a.id",
            &[],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    pub fn article_count(&mut self) -> Result<i64> {
        Ok(self.client.query_one("SELECT count(*) FROM articles", &[])?.get(0))
    }

    pub fn event_count(&mut self) -> Result<i64> {
        Ok(self.client.query_one("SELECT count(*) FROM events", &[])?.get(0))
    }

    pub fn quote_count(&mut self) -> Result<i64> {
        Ok(self.client.query_one("SELECT count(*) FROM quotes", &[])?.get(0))
    }

    /// Calls `f` on each selected event, by date then id.
    pub fn for_each_event(
        &mut self,
        filter: &EventFilter,
        mut f: impl FnMut(EventRow) -> anyhow::Result<()>,
    ) -> anyhow::Result<usize> {
        let (clause, params) = filter.sql_for(Dialect::Postgres);
        let limit = filter.limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
        let sql = format!("{EVENT_SELECT} {clause} ORDER BY e.date, e.id{limit}");
        self.stream(&sql, &params, |row| f(EventRow::from_cells(row)?))
    }

    pub fn events(&mut self, filter: &EventFilter) -> anyhow::Result<Vec<EventRow>> {
        let mut out = Vec::new();
        self.for_each_event(filter, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `f` on each selected quote, by date, article and position.
    pub fn for_each_quote(
        &mut self,
        filter: &QuoteFilter,
        mut f: impl FnMut(QuoteRow) -> anyhow::Result<()>,
    ) -> anyhow::Result<usize> {
        let (clause, params) = filter.sql_for(Dialect::Postgres);
        let limit = filter.limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
        let sql = format!("{QUOTE_SELECT} {clause} ORDER BY q.date, q.article_id, q.start, q.id{limit}");
        self.stream(&sql, &params, |row| f(QuoteRow::from_cells(row)?))
    }

    pub fn quotes(&mut self, filter: &QuoteFilter) -> anyhow::Result<Vec<QuoteRow>> {
        let mut out = Vec::new();
        self.for_each_quote(filter, |q| {
            out.push(q);
            Ok(())
        })?;
        Ok(out)
    }

    /// Runs a query and hands each row to `f` as it arrives (no result set in memory).
    fn stream(
        &mut self,
        sql: &str,
        params: &[Param],
        mut f: impl FnMut(&postgres::Row) -> anyhow::Result<()>,
    ) -> anyhow::Result<usize> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut rows = self.client.query_raw(sql, params.iter().map(Param::as_pg))?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            f(&row)?;
            count += 1;
        }
        Ok(count)
    }

    /// Number of selected events (no rows fetched).
    pub fn count_events(&mut self, filter: &EventFilter) -> Result<i64> {
        let (clause, params) = filter.sql_for(Dialect::Postgres);
        let sql = format!("SELECT count(*) FROM events e {clause}");
        Ok(self.client.query_one(&sql, &pg_params(&params))?.get(0))
    }

    /// Actor codes with their names, mentions and articles, as [`super::Store::actors`].
    pub fn actors(
        &mut self,
        prefix: Option<&str>,
        with_duplicates: bool,
        limit: usize,
    ) -> Result<Vec<(String, String, i64, i64)>> {
        let like = format!("{}%", prefix.unwrap_or("").to_ascii_uppercase());
        let rows = self.client.query(
            "SELECT m.code, m.name, count(*) AS n, count(DISTINCT m.article_id)
             FROM actors m JOIN articles a ON a.id = m.article_id
             WHERE ($1 OR a.duplicate_of IS NULL) AND m.code LIKE $2
             GROUP BY m.code, m.name ORDER BY n DESC, m.code, m.name LIMIT $3",
            &[&with_duplicates, &like, &(limit as i64)],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))).collect())
    }

    /// Event counts grouped by `by`, as [`super::Store::counts`].
    pub fn counts(&mut self, filter: &EventFilter, by: &str, limit: usize) -> Result<Vec<(String, i64)>> {
        let (clause, params) = filter.sql_for(Dialect::Postgres);
        let (key, order) = super::query::count_key(Dialect::Postgres, by);
        let sql = format!(
            "SELECT {key} AS k, count(*) AS n FROM events e {clause} GROUP BY k ORDER BY {order} LIMIT {limit}"
        );
        let rows = self.client.query(&sql, &pg_params(&params))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// (articles, duplicate articles, articles not coded, events, events of non-duplicates).
    pub fn totals(&mut self) -> Result<(i64, i64, i64, i64, i64)> {
        let r = self.client.query_one(
            "SELECT (SELECT count(*) FROM articles),
                    (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL),
                    (SELECT count(*) FROM articles WHERE skipped IS NOT NULL),
                    (SELECT count(*) FROM events),
                    (SELECT count(*) FROM events WHERE duplicate = 0)",
            &[],
        )?;
        Ok((r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
    }
}

fn pg_params(params: &[Param]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params.iter().map(Param::as_pg).collect()
}

/// Brings the database to the latest schema; refuses one written by a newer build.
fn migrate(client: &mut Client) -> anyhow::Result<()> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS detente_schema (version BIGINT NOT NULL)")?;
    let current: i64 = match tx.query_opt("SELECT version FROM detente_schema", &[])? {
        Some(row) => row.get(0),
        None => {
            tx.execute("INSERT INTO detente_schema (version) VALUES (0)", &[])?;
            0
        }
    };
    let latest = MIGRATIONS.len() as i64;
    if current > latest {
        anyhow::bail!("database schema version {current} is newer than this build's {latest}");
    }
    for sql in MIGRATIONS.iter().skip(current as usize) {
        tx.batch_execute(sql)?;
    }
    tx.execute("UPDATE detente_schema SET version = $1", &[&latest])?;
    Ok(tx.commit()?)
}

/// Writes articles into a PostgreSQL store, coding them with one coder; see the module
/// documentation for how several writers share a database.
pub struct PgWriter<'a> {
    store: &'a mut PgStore,
    coder: &'a Coder,
    /// The version recorded with every coded article and event.
    pub dict_version: String,
}

impl<'a> PgWriter<'a> {
    pub fn new(store: &'a mut PgStore, coder: &'a Coder, dict_version: String) -> PgWriter<'a> {
        PgWriter { store, coder, dict_version }
    }

    /// Codes and stores one article read by the ingest layer, in its own transaction; an
    /// error names the reason the article could not be stored (nothing of it is).
    pub fn ingest(&mut self, input: &IngestedArticle) -> std::result::Result<Outcome, String> {
        if input.text.trim().is_empty() {
            return Err("empty text".into());
        }
        let identity = Identity::of(input);
        let db = |e: postgres::Error| e.to_string();
        // Unlocked look first, so that a stored article is not coded again; the decision is
        // taken again under the locks.
        if let Some(id) = same_article(&mut self.store.client, &identity).map_err(db)? {
            return Ok(Outcome::Unchanged { id });
        }
        let published = input.published.as_deref().and_then(parse_iso_date);
        let (date, stamp) = rows::date_and_stamp(published);
        let article = rows::code(self.coder, &input.source, &input.text, published, input.language.as_deref());
        let annotations = Annotations::of(&article);

        let mut tx = self.store.client.transaction().map_err(db)?;
        // One statement for all keys. PostgreSQL evaluates a volatile select list after the
        // sort (since 9.6), so the locks are taken in key order.
        tx.execute(
            "SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k ORDER BY k",
            &[&lock_keys(&identity)],
        )
        .map_err(db)?;
        if let Some(id) = same_article(&mut tx, &identity).map_err(db)? {
            return Ok(Outcome::Unchanged { id });
        }
        let mut duplicate_of: Option<i64> = tx
            .query_opt(
                "SELECT coalesce(duplicate_of, id) FROM articles WHERE content_hash = $1 ORDER BY id LIMIT 1",
                &[&identity.content_hash],
            )
            .map_err(db)?
            .map(|r| r.get(0));
        if duplicate_of.is_none() {
            if let Some(sig) = &identity.signature {
                duplicate_of = near_duplicate(&mut tx, sig).map_err(db)?;
            }
        }
        let inserted = tx
            .query_opt(
                "INSERT INTO articles (source, url, canonical_url, title, published, date, site, author, language,
                     text, content_hash, duplicate_of, skipped, dict_version, ingested_at, coded_at,
                     n_sentences, n_actors, n_events, n_quotes)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17, $18, $19)
                 ON CONFLICT (canonical_url) DO NOTHING RETURNING id",
                &[
                    &input.source,
                    &input.url,
                    &identity.canonical_url,
                    &input.title,
                    &input.published,
                    &i64::from(date),
                    &input.site,
                    &input.author,
                    &input.language,
                    &input.text,
                    &identity.content_hash,
                    &duplicate_of,
                    &article.skipped,
                    &self.dict_version,
                    &stamp,
                    &(annotations.sentences.len() as i64),
                    &(annotations.actors.len() as i64),
                    &(annotations.events.len() as i64),
                    &(annotations.quotes.len() as i64),
                ],
            )
            .map_err(db)?;
        let Some(row) = inserted else {
            // Another writer stored the same URL without taking the locks.
            let id = same_article(&mut tx, &identity).map_err(db)?.unwrap_or_default();
            return Ok(Outcome::Unchanged { id });
        };
        let id: i64 = row.get(0);
        if duplicate_of.is_none() {
            if let Some(sig) = &identity.signature {
                remember_signature(&mut tx, id, sig).map_err(db)?;
            }
        }
        write_annotations(&mut tx, id, &annotations, date, duplicate_of.is_some(), &self.dict_version).map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(Outcome::Stored { id, events: annotations.events.len(), duplicate_of, skipped: article.skipped })
    }

    /// Re-codes stored articles, as [`super::Writer::recode`]: one transaction per article,
    /// the article's row locked while it is replaced.
    pub fn recode(&mut self, all: bool) -> std::result::Result<(usize, usize), String> {
        let db = |e: postgres::Error| e.to_string();
        let ids: Vec<i64> = self
            .store
            .client
            .query(
                "SELECT id FROM articles WHERE $1 OR dict_version != $2 OR n_quotes IS NULL ORDER BY id",
                &[&all, &self.dict_version],
            )
            .map_err(db)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut events = 0;
        for &id in &ids {
            let mut tx = self.store.client.transaction().map_err(db)?;
            let row = tx
                .query_one(
                    "SELECT source, text, published, date, language, duplicate_of IS NOT NULL
                     FROM articles WHERE id = $1 FOR UPDATE",
                    &[&id],
                )
                .map_err(db)?;
            let (source, text, published, date, language, duplicate): (
                String,
                String,
                Option<String>,
                i64,
                Option<String>,
                bool,
            ) = (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4), row.get(5));
            let article = rows::code(
                self.coder,
                &source,
                &text,
                published.as_deref().and_then(parse_iso_date),
                language.as_deref(),
            );
            let annotations = Annotations::of(&article);
            for table in ["sentences", "actors", "events", "quotes"] {
                tx.execute(&format!("DELETE FROM {table} WHERE article_id = $1"), &[&id]).map_err(db)?;
            }
            write_annotations(&mut tx, id, &annotations, date as u32, duplicate, &self.dict_version).map_err(db)?;
            let stamp = rows::stamp(chrono::Utc::now());
            tx.execute(
                "UPDATE articles SET dict_version = $2, coded_at = $3, skipped = $4,
                     n_sentences = $5, n_actors = $6, n_events = $7, n_quotes = $8 WHERE id = $1",
                &[
                    &id,
                    &self.dict_version,
                    &stamp,
                    &article.skipped,
                    &(annotations.sentences.len() as i64),
                    &(annotations.actors.len() as i64),
                    &(annotations.events.len() as i64),
                    &(annotations.quotes.len() as i64),
                ],
            )
            .map_err(db)?;
            tx.commit().map_err(db)?;
            events += annotations.events.len();
        }
        Ok((ids.len(), events))
    }
}

/// The stored article this one is the same as: same canonical URL, or, without a URL, the
/// same content hash.
fn same_article(client: &mut impl GenericClient, identity: &Identity) -> Result<Option<i64>> {
    let row = match &identity.canonical_url {
        Some(url) => client.query_opt("SELECT id FROM articles WHERE canonical_url = $1", &[url])?,
        None => client.query_opt(
            "SELECT id FROM articles WHERE content_hash = $1 ORDER BY id LIMIT 1",
            &[&identity.content_hash],
        )?,
    };
    Ok(row.map(|r| r.get(0)))
}

/// The advisory lock keys of an article, sorted: its canonical URL, its content hash and its
/// LSH band keys (see the module documentation).
fn lock_keys(identity: &Identity) -> Vec<i64> {
    let mut keys = Vec::with_capacity(34);
    if let Some(url) = &identity.canonical_url {
        keys.push(hash::fnv(1, url.as_bytes()) as i64);
    }
    keys.push(hash::fnv(2, identity.content_hash.as_bytes()) as i64);
    if let Some(sig) = &identity.signature {
        for (band, key) in hash::band_keys(sig).into_iter().enumerate() {
            keys.push(hash::mix(key as u64 ^ (band as u64).rotate_left(56)) as i64);
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The stored original whose text is most similar to this signature, above the threshold.
fn near_duplicate(client: &mut impl GenericClient, signature: &[u64]) -> Result<Option<i64>> {
    let keys = hash::band_keys(signature);
    let bands: Vec<i64> = (0..keys.len() as i64).collect();
    let rows = client.query(
        "SELECT DISTINCT m.article_id, m.signature
         FROM unnest($1::bigint[], $2::bigint[]) AS b(band, key)
         JOIN lsh l ON l.band = b.band AND l.key = b.key
         JOIN minhash m ON m.article_id = l.article_id",
        &[&bands, &keys],
    )?;
    let candidates = rows.iter().map(|r| (r.get::<_, i64>(0), hash::signature_from_bytes(r.get::<_, &[u8]>(1))));
    Ok(hash::best_match(signature, candidates))
}

fn remember_signature(client: &mut impl GenericClient, id: i64, signature: &[u64]) -> Result<()> {
    client.execute(
        "INSERT INTO minhash (article_id, signature) VALUES ($1, $2)",
        &[&id, &hash::signature_bytes(signature)],
    )?;
    let keys = hash::band_keys(signature);
    let bands: Vec<i64> = (0..keys.len() as i64).collect();
    client.execute(
        "INSERT INTO lsh (band, key, article_id) SELECT band, key, $3 FROM unnest($1::bigint[], $2::bigint[]) AS b(band, key)",
        &[&bands, &keys, &id],
    )?;
    Ok(())
}

/// Writes the rows of a coded article: one multi-row INSERT per table.
fn write_annotations(
    client: &mut impl GenericClient,
    id: i64,
    rows: &Annotations,
    date: u32,
    duplicate: bool,
    dict_version: &str,
) -> Result<()> {
    let date = i64::from(date);
    let duplicate = i16::from(duplicate);
    let mut batch = Batch::new("sentences (article_id, idx, start, \"end\", skipped)");
    for s in &rows.sentences {
        batch.row(client, &[&id, &s.idx, &s.start, &s.end, &s.skipped])?;
    }
    batch.flush(client)?;
    let mut batch = Batch::new("actors (article_id, sentence, start, \"end\", text, name, code, resolved, entries)");
    for m in &rows.actors {
        batch.row(client, &[&id, &m.sentence, &m.start, &m.end, &m.text, &m.name, &m.code, &m.resolved, &m.entries])?;
    }
    batch.flush(client)?;
    let mut batch = Batch::new(
        "events (article_id, sentence, date, duplicate, source, target, source_country, target_country,
             source_name, target_name, code, root, name, quad_class, goldstein, plover_event, plover_mode,
             plover_context, modality, evidence, sentence_text, rule, dict_version, act, mentions)",
    );
    for e in &rows.events {
        batch.row(
            client,
            &[
                &id,
                &e.sentence,
                &date,
                &duplicate,
                &e.source,
                &e.target,
                &e.source_country,
                &e.target_country,
                &e.source_name,
                &e.target_name,
                &e.code,
                &e.root,
                &e.name,
                &e.quad_class,
                &e.goldstein,
                &e.plover_event,
                &e.plover_mode,
                &e.plover_context,
                &e.modality,
                &e.evidence,
                &e.sentence_text,
                &e.rule,
                &dict_version,
                &e.act,
                &e.mentions,
            ],
        )?;
    }
    batch.flush(client)?;
    let spans: Vec<_> = rows.quotes.iter().map(|q| (split_span(&q.speaker_span), split_span(&q.cue))).collect();
    let mut batch = Batch::new(
        "quotes (article_id, sentence, date, duplicate, start, \"end\", text, kind, speaker, speaker_code,
             speaker_start, speaker_end, speaker_text, cue, cue_start, cue_end, confidence, dict_version)",
    );
    for (q, ((speaker_start, speaker_end, speaker_text), (cue_start, cue_end, cue))) in rows.quotes.iter().zip(&spans) {
        batch.row(
            client,
            &[
                &id,
                &q.sentence,
                &date,
                &duplicate,
                &q.start,
                &q.end,
                &q.text,
                &q.kind,
                &q.speaker,
                &q.speaker_code,
                speaker_start,
                speaker_end,
                speaker_text,
                cue,
                cue_start,
                cue_end,
                &q.confidence,
                &dict_version,
            ],
        )?;
    }
    batch.flush(client)
}

fn split_span(span: &Option<rows::SpanValues>) -> (Option<i64>, Option<i64>, Option<&str>) {
    match span {
        Some((start, end, text)) => (Some(*start), Some(*end), Some(text.as_str())),
        None => (None, None, None),
    }
}

/// Rows of one table gathered into multi-row INSERTs: one round trip per table and article
/// instead of one per row.
struct Batch<'p> {
    /// `table (columns)`.
    into: &'static str,
    values: String,
    params: Vec<&'p (dyn postgres::types::ToSql + Sync)>,
}

/// PostgreSQL's limit of bind parameters in one statement.
const MAX_PARAMS: usize = 65_535;

impl<'p> Batch<'p> {
    fn new(into: &'static str) -> Batch<'p> {
        Batch { into, values: String::new(), params: Vec::new() }
    }

    fn row(
        &mut self,
        client: &mut impl GenericClient,
        cells: &[&'p (dyn postgres::types::ToSql + Sync)],
    ) -> Result<()> {
        if self.params.len() + cells.len() > MAX_PARAMS {
            self.flush(client)?;
        }
        self.values.push_str(if self.values.is_empty() { "(" } else { ", (" });
        for (i, cell) in cells.iter().enumerate() {
            self.params.push(*cell);
            let _ = write!(self.values, "{}${}", if i == 0 { "" } else { ", " }, self.params.len());
        }
        self.values.push(')');
        Ok(())
    }

    /// Inserts the gathered rows, if any.
    fn flush(&mut self, client: &mut impl GenericClient) -> Result<()> {
        if !self.params.is_empty() {
            client.execute(&format!("INSERT INTO {} VALUES {}", self.into, self.values), &self.params)?;
        }
        self.values.clear();
        self.params.clear();
        Ok(())
    }
}
