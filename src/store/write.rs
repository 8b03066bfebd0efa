//! Storing coded articles. Articles are written in batch transactions (a few hundred articles
//! or half a second, whichever comes first), each article inside its own savepoint: an article
//! that fails to store is rolled back alone and reported, and a process killed at any moment
//! leaves the last committed batch, never part of an article.

use std::time::{Duration, Instant};

use rusqlite::{params, OptionalExtension};

use super::hash;
use super::rows::{self, Annotations, Identity};
// Defined with the other row values; callers outside the store (the tracker) know it here.
pub use super::rows::country;
use super::Store;
use crate::coder::Coder;
use crate::ingest::IngestedArticle;

/// What happened to one article.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Stored as a new article; `duplicate_of` links a republished or near-identical story.
    Stored { id: i64, events: usize, duplicate_of: Option<i64>, skipped: Option<String> },
    /// Already stored (same canonical URL, or same text without a URL): nothing changed.
    Unchanged { id: i64 },
}

/// Writes articles into a store, coding them with one coder.
pub struct Writer<'a> {
    store: &'a Store,
    coder: &'a Coder,
    /// The version recorded with every coded article and event.
    pub dict_version: String,
    /// Articles per transaction, at most.
    pub batch_size: usize,
    /// Time per transaction, at most (checked after each article).
    pub batch_time: Duration,
    pending: usize,
    started: Option<Instant>,
    /// Full-text rows of the open batch's articles (id, title, text), written just before
    /// the batch commits: FTS5 flushes its index at every savepoint, so writing them inside
    /// each article's savepoint would cost a segment per article.
    fts: std::cell::RefCell<Vec<(i64, Option<String>, String)>>,
}

impl<'a> Writer<'a> {
    pub fn new(store: &'a Store, coder: &'a Coder, dict_version: String) -> Writer<'a> {
        Writer {
            store,
            coder,
            dict_version,
            batch_size: 256,
            batch_time: Duration::from_millis(500),
            pending: 0,
            started: None,
            fts: Default::default(),
        }
    }

    fn begin(&mut self) -> rusqlite::Result<()> {
        if self.started.is_none() {
            self.store.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.started = Some(Instant::now());
            self.pending = 0;
        }
        Ok(())
    }

    /// Commits the open batch, if any.
    /// The full-text rows go in first, in the same transaction, so an article and its
    /// full-text entry are committed together.
    pub fn commit(&mut self) -> rusqlite::Result<()> {
        if self.started.take().is_some() {
            let conn = &self.store.conn;
            let rows = std::mem::take(&mut *self.fts.borrow_mut());
            let written = (|| {
                let mut stmt =
                    conn.prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?;
                for (id, title, text) in &rows {
                    stmt.execute(params![id, title, text])?;
                }
                Ok(())
            })();
            if let Err(e) = written {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
            conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    fn after_article(&mut self) -> rusqlite::Result<()> {
        self.pending += 1;
        if self.pending >= self.batch_size || self.started.is_some_and(|s| s.elapsed() >= self.batch_time) {
            self.commit()?;
        }
        Ok(())
    }

    /// Runs `f` inside a savepoint: all of it is kept, or none.
    fn atomically<T>(&mut self, f: impl FnOnce(&Self) -> Result<T, String>) -> Result<T, String> {
        let conn = &self.store.conn;
        conn.execute_batch("SAVEPOINT article").map_err(|e| e.to_string())?;
        match f(self) {
            Ok(v) => {
                conn.execute_batch("RELEASE article").map_err(|e| e.to_string())?;
                Ok(v)
            }
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK TO article; RELEASE article");
                Err(e)
            }
        }
    }

    /// Codes and stores one article read by the ingest layer; an error names the reason the
    /// article could not be stored (nothing of it is).
    pub fn ingest(&mut self, input: &IngestedArticle) -> Result<Outcome, String> {
        if input.text.trim().is_empty() {
            return Err("empty text".into());
        }
        self.begin().map_err(|e| e.to_string())?;
        let result = self.atomically(|w| w.ingest_inner(input));
        self.after_article().map_err(|e| e.to_string())?;
        result
    }

    fn ingest_inner(&self, input: &IngestedArticle) -> Result<Outcome, String> {
        let conn = &self.store.conn;
        let identity = Identity::of(input);
        let db = |e: rusqlite::Error| e.to_string();
        // Identity.
        let same = match &identity.canonical_url {
            Some(url) => conn
                .prepare_cached("SELECT id FROM articles WHERE canonical_url = ?1")
                .and_then(|mut s| s.query_row([url], |r| r.get::<_, i64>(0)).optional())
                .map_err(db)?,
            None => conn
                .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1 ORDER BY id LIMIT 1")
                .and_then(|mut s| s.query_row([&identity.content_hash], |r| r.get::<_, i64>(0)).optional())
                .map_err(db)?,
        };
        if let Some(id) = same {
            return Ok(Outcome::Unchanged { id });
        }
        // Duplicates: the same text under another URL, or a near-identical text.
        let mut duplicate_of: Option<i64> = conn
            .prepare_cached(
                "SELECT coalesce(duplicate_of, id) FROM articles WHERE content_hash = ?1 ORDER BY id LIMIT 1",
            )
            .and_then(|mut s| s.query_row([&identity.content_hash], |r| r.get(0)).optional())
            .map_err(db)?;
        if duplicate_of.is_none() {
            if let Some(sig) = &identity.signature {
                duplicate_of = self.near_duplicate(sig).map_err(db)?;
            }
        }

        let published = input.published.as_deref().and_then(parse_iso_date);
        let (date, stamp) = rows::date_and_stamp(published);
        let article = rows::code(self.coder, &input.source, &input.text, published, input.language.as_deref());
        let annotations = Annotations::of(&article);

        conn.prepare_cached(
            "INSERT INTO articles (source, url, canonical_url, title, published, date, site, author, language,
                 text, content_hash, duplicate_of, skipped, dict_version, ingested_at, coded_at,
                 n_sentences, n_actors, n_events, n_quotes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17, ?18, ?19)",
        )
        .and_then(|mut s| {
            s.execute(params![
                input.source,
                input.url,
                identity.canonical_url,
                input.title,
                input.published,
                date,
                input.site,
                input.author,
                input.language,
                input.text,
                identity.content_hash,
                duplicate_of,
                article.skipped,
                self.dict_version,
                stamp,
                annotations.sentences.len(),
                annotations.actors.len(),
                annotations.events.len(),
                annotations.quotes.len(),
            ])
        })
        .map_err(db)?;
        let id = conn.last_insert_rowid();
        if duplicate_of.is_none() {
            if let Some(sig) = &identity.signature {
                self.remember_signature(id, sig).map_err(db)?;
            }
        }
        write_annotations(conn, id, &annotations, date, duplicate_of.is_some(), &self.dict_version).map_err(db)?;
        // Last: nothing after this can fail, so the row is queued only for a stored article.
        self.fts.borrow_mut().push((id, input.title.clone(), input.text.clone()));
        Ok(Outcome::Stored { id, events: annotations.events.len(), duplicate_of, skipped: article.skipped })
    }

    /// The stored original whose text is most similar to this signature, above the threshold.
    fn near_duplicate(&self, signature: &[u64]) -> rusqlite::Result<Option<i64>> {
        let conn = &self.store.conn;
        let mut candidates: Vec<i64> = Vec::new();
        {
            let mut stmt = conn.prepare_cached("SELECT article_id FROM lsh WHERE band = ?1 AND key = ?2")?;
            for (band, key) in hash::band_keys(signature).into_iter().enumerate() {
                for id in stmt.query_map(params![band as i64, key], |r| r.get::<_, i64>(0))? {
                    candidates.push(id?);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut stmt = conn.prepare_cached("SELECT signature FROM minhash WHERE article_id = ?1")?;
        let signatures = candidates
            .into_iter()
            .map(|id| Ok((id, hash::signature_from_bytes(&stmt.query_row([id], |r| r.get::<_, Vec<u8>>(0))?))))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(hash::best_match(signature, signatures))
    }

    fn remember_signature(&self, id: i64, signature: &[u64]) -> rusqlite::Result<()> {
        let conn = &self.store.conn;
        conn.prepare_cached("INSERT INTO minhash (article_id, signature) VALUES (?1, ?2)")?
            .execute(params![id, hash::signature_bytes(signature)])?;
        let mut stmt = conn.prepare_cached("INSERT INTO lsh (band, key, article_id) VALUES (?1, ?2, ?3)")?;
        for (band, key) in hash::band_keys(signature).into_iter().enumerate() {
            stmt.execute(params![band as i64, key, id])?;
        }
        Ok(())
    }

    /// Re-codes stored articles from their stored text with this writer's coder, replacing
    /// their sentences, actors and events; articles already coded with this dictionary version
    /// are left alone unless `all`. Returns (articles re-coded, events now stored for them).
    /// Resumable: a killed run keeps the articles it committed, and the next run does the rest.
    pub fn recode(&mut self, all: bool) -> Result<(usize, usize), String> {
        let db = |e: rusqlite::Error| e.to_string();
        let ids: Vec<i64> = {
            let mut stmt = self
                .store
                .conn
                .prepare("SELECT id FROM articles WHERE ?1 OR dict_version != ?2 OR n_quotes IS NULL ORDER BY id")
                .map_err(db)?;
            let rows = stmt.query_map(params![all, self.dict_version], |r| r.get(0)).map_err(db)?;
            rows.collect::<rusqlite::Result<_>>().map_err(db)?
        };
        let mut events = 0;
        for &id in &ids {
            self.begin().map_err(db)?;
            events += self.atomically(|w| w.recode_one(id))?;
            self.after_article().map_err(db)?;
        }
        self.commit().map_err(db)?;
        Ok((ids.len(), events))
    }

    fn recode_one(&self, id: i64) -> Result<usize, String> {
        let conn = &self.store.conn;
        let db = |e: rusqlite::Error| e.to_string();
        let (source, text, published, date, language, duplicate): (
            String,
            String,
            Option<String>,
            u32,
            Option<String>,
            bool,
        ) = conn
            .prepare_cached(
                "SELECT source, text, published, date, language, duplicate_of IS NOT NULL FROM articles WHERE id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            })
            .map_err(db)?;
        let published = published.as_deref().and_then(parse_iso_date);
        let article = rows::code(self.coder, &source, &text, published, language.as_deref());
        let annotations = Annotations::of(&article);
        for table in ["sentences", "actors", "events", "quotes"] {
            conn.prepare_cached(&format!("DELETE FROM {table} WHERE article_id = ?1"))
                .and_then(|mut s| s.execute([id]))
                .map_err(db)?;
        }
        write_annotations(conn, id, &annotations, date, duplicate, &self.dict_version).map_err(db)?;
        let stamp = rows::stamp(chrono::Utc::now());
        conn.prepare_cached(
            "UPDATE articles SET dict_version = ?2, coded_at = ?3, skipped = ?4,
                 n_sentences = ?5, n_actors = ?6, n_events = ?7, n_quotes = ?8 WHERE id = ?1",
        )
        .and_then(|mut s| {
            s.execute(params![
                id,
                self.dict_version,
                stamp,
                article.skipped,
                annotations.sentences.len(),
                annotations.actors.len(),
                annotations.events.len(),
                annotations.quotes.len()
            ])
        })
        .map_err(db)?;
        Ok(annotations.events.len())
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        let _ = self.commit();
    }
}

/// `YYYY-MM-DD` (or a longer ISO 8601 timestamp) → `YYYYMMDD`.
pub fn parse_iso_date(text: &str) -> Option<u32> {
    let t = text.trim();
    let (y, rest) = (t.get(0..4)?, t.get(4..)?);
    let (m, d) = (rest.get(1..3)?, rest.get(4..6)?);
    if !rest.starts_with('-') || rest.get(3..4)? != "-" {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10000 + m * 100 + d)
}

/// Writes the sentences, actor mentions, events and quotes of a coded article.
fn write_annotations(
    conn: &rusqlite::Connection,
    id: i64,
    rows: &Annotations,
    date: u32,
    duplicate: bool,
    dict_version: &str,
) -> rusqlite::Result<()> {
    let mut stmt = conn
        .prepare_cached("INSERT INTO sentences (article_id, idx, start, end, skipped) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for s in &rows.sentences {
        stmt.execute(params![id, s.idx, s.start, s.end, s.skipped])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO actors (article_id, sentence, start, end, text, name, code, resolved, entries)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for m in &rows.actors {
        stmt.execute(params![id, m.sentence, m.start, m.end, m.text, m.name, m.code, m.resolved, m.entries])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO events (article_id, sentence, date, duplicate, source, target, source_country,
             target_country, source_name, target_name, code, root, name, quad_class, goldstein,
             plover_event, plover_mode, plover_context, modality, evidence, sentence_text, rule, dict_version, act, mentions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,
             ?25)",
    )?;
    for e in &rows.events {
        stmt.execute(params![
            id,
            e.sentence,
            date,
            duplicate,
            e.source,
            e.target,
            e.source_country,
            e.target_country,
            e.source_name,
            e.target_name,
            e.code,
            e.root,
            e.name,
            e.quad_class,
            e.goldstein,
            e.plover_event,
            e.plover_mode,
            e.plover_context,
            e.modality,
            e.evidence,
            e.sentence_text,
            e.rule,
            dict_version,
            e.act,
            e.mentions,
        ])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO quotes (article_id, sentence, date, duplicate, start, end, text, kind, speaker,
             speaker_code, speaker_start, speaker_end, speaker_text, cue, cue_start, cue_end, confidence,
             dict_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for q in &rows.quotes {
        let speaker = q.speaker_span.as_ref();
        let cue = q.cue.as_ref();
        stmt.execute(params![
            id,
            q.sentence,
            date,
            duplicate,
            q.start,
            q.end,
            q.text,
            q.kind,
            q.speaker,
            q.speaker_code,
            speaker.map(|s| s.0),
            speaker.map(|s| s.1),
            speaker.map(|s| s.2.as_str()),
            cue.map(|s| s.2.as_str()),
            cue.map(|s| s.0),
            cue.map(|s| s.1),
            q.confidence,
            dict_version,
        ])?;
    }
    Ok(())
}
