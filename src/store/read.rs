//! Read-side queries for the HTTP API (`detente serve`): read-only connections, paged event and
//! article lists, one article with its annotations, and daily aggregates.
//!
//! Kept apart from [`super::query`] (the command line's queries) so that the API's needs do not
//! change the signatures the commands rely on; filters are the same [`EventFilter`].

use std::path::Path;

use rusqlite::types::Value as Sql;
use rusqlite::OpenFlags;
use serde::Serialize;

use super::query::format_date;
use super::{EventFilter, EventRow, QuoteFilter, QuoteRow, Store};

impl Store {
    /// Opens an existing database read-only (no migration, no writes). Run [`Store::open`] once
    /// first to bring an older file's schema up to date.
    pub fn open_read_only(path: impl AsRef<Path>) -> super::Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = rusqlite::Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch("PRAGMA query_only=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768;")?;
        Ok(Store { conn })
    }

    /// One page of the selected events (by date then id): `offset` rows skipped, at most
    /// `limit` returned. Skipped rows are still read, so deep pages cost more; callers bound
    /// `offset`.
    pub fn events_page(&self, filter: &EventFilter, limit: usize, offset: usize) -> anyhow::Result<Vec<EventRow>> {
        let filter = EventFilter { limit: Some(offset + limit), ..filter.clone() };
        let mut out = Vec::with_capacity(limit.min(1024));
        let mut seen = 0;
        self.for_each_event(&filter, |e| {
            seen += 1;
            if seen > offset {
                out.push(e);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// One page of the selected quotes (by date, article and position); as
    /// [`Store::events_page`], skipped rows are read.
    pub fn quotes_page(&self, filter: &QuoteFilter, limit: usize, offset: usize) -> anyhow::Result<Vec<QuoteRow>> {
        let filter = QuoteFilter { limit: Some(offset + limit), ..filter.clone() };
        let mut out = Vec::with_capacity(limit.min(1024));
        let mut seen = 0;
        self.for_each_quote(&filter, |q| {
            seen += 1;
            if seen > offset {
                out.push(q);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Number of selected quotes.
    pub fn count_quotes(&self, filter: &QuoteFilter) -> super::Result<i64> {
        let (clause, params) = filter.sql();
        let sql = format!("SELECT count(*) FROM quotes q {clause}");
        self.conn.query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))
    }

    /// One page of stored articles, newest first (then by id), without their text.
    pub fn articles_page(
        &self,
        filter: &ArticleFilter,
        limit: usize,
        offset: usize,
    ) -> super::Result<Vec<ArticleSummary>> {
        let (clause, mut params) = filter.sql();
        params.push(Sql::Integer(limit as i64));
        params.push(Sql::Integer(offset as i64));
        let n = params.len();
        let sql = format!(
            "SELECT a.id, a.source, a.url, a.title, a.date, a.site, a.language, a.duplicate_of, a.skipped,
                    a.n_sentences, a.n_actors, a.n_events
             FROM articles a {clause} ORDER BY a.date DESC, a.id DESC LIMIT ?{} OFFSET ?{n}",
            n - 1
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(ArticleSummary {
                id: r.get(0)?,
                source: r.get(1)?,
                url: r.get(2)?,
                title: r.get(3)?,
                date: format_date(r.get(4)?),
                site: r.get(5)?,
                language: r.get(6)?,
                duplicate_of: r.get(7)?,
                skipped: r.get(8)?,
                n_sentences: r.get(9)?,
                n_actors: r.get(10)?,
                n_events: r.get(11)?,
            })
        })?;
        rows.collect()
    }

    /// Number of articles an [`ArticleFilter`] selects.
    pub fn count_articles(&self, filter: &ArticleFilter) -> super::Result<i64> {
        let (clause, params) = filter.sql();
        let sql = format!("SELECT count(*) FROM articles a {clause}");
        self.conn.query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))
    }

    /// One stored article with its text, sentences, actor mentions, events and quotes; `None`
    /// when no article has this id.
    pub fn article(&self, id: i64) -> anyhow::Result<Option<ArticleDetail>> {
        use rusqlite::OptionalExtension;
        let summary = self
            .conn
            .prepare_cached(
                "SELECT a.id, a.source, a.url, a.title, a.date, a.site, a.language, a.duplicate_of, a.skipped,
                        a.n_sentences, a.n_actors, a.n_events, a.text, a.published, a.author, a.dict_version,
                        a.ingested_at
                 FROM articles a WHERE a.id = ?1",
            )?
            .query_row([id], |r| {
                let summary = ArticleSummary {
                    id: r.get(0)?,
                    source: r.get(1)?,
                    url: r.get(2)?,
                    title: r.get(3)?,
                    date: format_date(r.get(4)?),
                    site: r.get(5)?,
                    language: r.get(6)?,
                    duplicate_of: r.get(7)?,
                    skipped: r.get(8)?,
                    n_sentences: r.get(9)?,
                    n_actors: r.get(10)?,
                    n_events: r.get(11)?,
                };
                Ok((summary, r.get(12)?, r.get(13)?, r.get(14)?, r.get(15)?, r.get(16)?))
            })
            .optional()?;
        let Some((article, text, published, author, dict_version, ingested_at)) = summary else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT idx, start, end, skipped FROM sentences WHERE article_id = ?1 ORDER BY idx")?;
        let sentences = stmt
            .query_map([id], |r| {
                Ok(SentenceSpan { index: r.get(0)?, start: r.get(1)?, end: r.get(2)?, skipped: r.get(3)? })
            })?
            .collect::<super::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT sentence, start, end, text, name, code, resolved FROM actors WHERE article_id = ?1 ORDER BY start, id",
        )?;
        let mentions = stmt
            .query_map([id], |r| {
                Ok(Mention {
                    sentence: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                    text: r.get(3)?,
                    name: r.get(4)?,
                    code: r.get(5)?,
                    resolved: r.get(6)?,
                })
            })?
            .collect::<super::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, sentence, source, target, source_name, target_name, code, name, quad_class, goldstein,
                    plover_event, modality, evidence, rule, act
             FROM events WHERE article_id = ?1 ORDER BY sentence, id",
        )?;
        let events = stmt
            .query_map([id], |r| {
                let evidence: String = r.get(12)?;
                Ok(ArticleEvent {
                    id: r.get(0)?,
                    sentence: r.get(1)?,
                    source: r.get(2)?,
                    target: r.get(3)?,
                    source_name: r.get(4)?,
                    target_name: r.get(5)?,
                    code: r.get(6)?,
                    name: r.get(7)?,
                    quad_class: r.get(8)?,
                    goldstein: r.get(9)?,
                    plover_event: r.get(10)?,
                    modality: r.get(11)?,
                    evidence: serde_json::from_str(&evidence).unwrap_or(serde_json::Value::Null),
                    rule: r.get(13)?,
                    act: r.get(14)?,
                })
            })?
            .collect::<super::Result<_>>()?;
        let quotes = self.quotes(&QuoteFilter { article: Some(id), with_duplicates: true, ..Default::default() })?;
        Ok(Some(ArticleDetail {
            article,
            published,
            author,
            dict_version,
            ingested_at,
            text,
            sentences,
            actors: mentions,
            events,
            quotes,
        }))
    }

    /// Per day over the selected events: counts by QuadClass and mean Goldstein, in date order.
    /// `actor` (a code prefix) selects events with it on either side, on top of `filter`.
    ///
    /// Filters over what the summary rows of `event_days` are keyed by (actors, dates, the
    /// duplicate flag: the dashboard's timeline) read those rows, a few per day; filters by
    /// code, root, QuadClass or article text read the events. Both give the same answer.
    pub fn aggregates(&self, filter: &EventFilter, actor: Option<&str>) -> super::Result<Vec<DayAggregate>> {
        if filter.code.is_none() && filter.root.is_none() && filter.quad.is_none() && filter.text.is_none() {
            self.aggregates_from_days(filter, actor)
        } else {
            self.aggregates_from_events(filter, actor)
        }
    }

    /// [`Store::aggregates`] summed over the selected events themselves.
    pub fn aggregates_from_events(
        &self,
        filter: &EventFilter,
        actor: Option<&str>,
    ) -> super::Result<Vec<DayAggregate>> {
        let (clause, params) = with_actor(filter, actor);
        let sql = format!(
            "SELECT e.date, count(*),
                    count(CASE WHEN e.quad_class = 1 THEN 1 END), count(CASE WHEN e.quad_class = 2 THEN 1 END),
                    count(CASE WHEN e.quad_class = 3 THEN 1 END), count(CASE WHEN e.quad_class = 4 THEN 1 END),
                    avg(e.goldstein)
             FROM events e {clause} GROUP BY e.date ORDER BY e.date"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(DayAggregate::new(r.get(0)?, r.get(1)?, [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?], r.get(6)?))
        })?;
        rows.collect()
    }

    /// [`Store::aggregates`] summed over the summary rows of `event_days` (schema migration 4),
    /// for filters without code, root, QuadClass or text. The summary rows carry the same
    /// column names as `events`, so the same WHERE clause selects them.
    ///
    /// A dyad is read one direction at a time: with both countries fixed, the primary key
    /// hands the rows over in date order, and the two ordered runs are merged here. Read with
    /// one `A→B OR B→A` clause, SQLite has to sort them (the sorter was the largest cost of
    /// `/api/aggregates` under load).
    pub fn aggregates_from_days(&self, filter: &EventFilter, actor: Option<&str>) -> super::Result<Vec<DayAggregate>> {
        let runs = match (&filter.dyad, &filter.source, &filter.target, actor) {
            (Some((a, b)), None, None, None) => {
                let direction = |s: &str, t: &str| EventFilter {
                    dyad: None,
                    source: Some(s.to_string()),
                    target: Some(t.to_string()),
                    ..filter.clone()
                };
                let ab = self.day_rows(&direction(a, b), None)?;
                if a.trim().eq_ignore_ascii_case(b.trim()) {
                    ab
                } else {
                    merge_by_date(ab, self.day_rows(&direction(b, a), None)?)
                }
            }
            _ => self.day_rows(filter, actor)?,
        };
        let mut days = Vec::new();
        let mut day: Option<DaySum> = None;
        for row in runs {
            if day.as_ref().is_some_and(|d| d.date != row.date) {
                days.extend(day.take().map(DaySum::finish));
            }
            let sum = day.get_or_insert_with(|| DaySum::new(row.date));
            sum.events += row.events;
            for (q, r) in sum.quad.iter_mut().zip(row.quad) {
                *q += r;
            }
            sum.goldstein_n += row.goldstein_n;
            sum.goldstein.add(row.goldstein_sum);
            sum.goldstein.add(row.goldstein_err);
        }
        days.extend(day.map(DaySum::finish));
        Ok(days)
    }

    /// The summary rows a filter selects, in date order.
    fn day_rows(&self, filter: &EventFilter, actor: Option<&str>) -> super::Result<Vec<DayRow>> {
        let (clause, params) = with_actor(filter, actor);
        let sql = format!(
            "SELECT e.date, e.events, e.quad1, e.quad2, e.quad3, e.quad4, e.goldstein_n, e.goldstein_sum,
                    e.goldstein_err
             FROM event_days e {clause} ORDER BY e.date"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(DayRow {
                date: r.get(0)?,
                events: r.get(1)?,
                quad: [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
                goldstein_n: r.get(6)?,
                goldstein_sum: r.get(7)?,
                goldstein_err: r.get(8)?,
            })
        })?;
        rows.collect()
    }
}

/// One summary row of `event_days`.
struct DayRow {
    date: u32,
    events: i64,
    quad: [i64; 4],
    goldstein_n: i64,
    goldstein_sum: f64,
    goldstein_err: f64,
}

/// Two runs in date order merged into one.
fn merge_by_date(a: Vec<DayRow>, b: Vec<DayRow>) -> Vec<DayRow> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        let next = if x.date <= y.date { a.next() } else { b.next() };
        merged.extend(next);
    }
    merged.extend(a);
    merged.extend(b);
    merged
}

/// The filter's WHERE clause (over `e`, events or their summary rows), with `actor` on either
/// side added.
fn with_actor(filter: &EventFilter, actor: Option<&str>) -> (String, Vec<Sql>) {
    let (mut clause, mut params) = filter.sql();
    if let Some(actor) = actor {
        let either = actor_either_side(&mut params, actor);
        clause = if clause.is_empty() { format!("WHERE {either}") } else { format!("{clause} AND {either}") };
    }
    (clause, params)
}

/// One day's summary rows added up.
struct DaySum {
    date: u32,
    events: i64,
    quad: [i64; 4],
    goldstein_n: i64,
    goldstein: NeumaierSum,
}

impl DaySum {
    fn new(date: u32) -> DaySum {
        DaySum { date, events: 0, quad: [0; 4], goldstein_n: 0, goldstein: NeumaierSum::default() }
    }

    fn finish(self) -> DayAggregate {
        let mean = (self.goldstein_n > 0).then(|| self.goldstein.total() / self.goldstein_n as f64);
        DayAggregate::new(self.date, self.events, self.quad, mean)
    }
}

/// A compensated (Kahan-Babuska-Neumaier) sum, the summation SQLite's `sum` and `avg` use: the
/// sum of a day's rows rounds as the sum of its events read one by one does.
#[derive(Default)]
struct NeumaierSum {
    sum: f64,
    err: f64,
}

impl NeumaierSum {
    fn add(&mut self, x: f64) {
        let t = self.sum + x;
        self.err += if self.sum.abs() > x.abs() { (self.sum - t) + x } else { (x - t) + self.sum };
        self.sum = t;
    }

    fn total(&self) -> f64 {
        self.sum + self.err
    }
}

/// `(source matches OR target matches)` for an actor code prefix, as [`EventFilter`] matches
/// one side: the country column (indexed), then the full code for longer prefixes.
fn actor_either_side(params: &mut Vec<Sql>, code: &str) -> String {
    let code = code.trim().to_ascii_uppercase();
    params.push(Sql::Text(code.get(..3).unwrap_or(&code).to_string()));
    let country = params.len();
    if code.len() <= 3 {
        return format!("(e.source_country = ?{country} OR e.target_country = ?{country})");
    }
    params.push(Sql::Text(format!("{code}%")));
    let like = params.len();
    format!(
        "((e.source_country = ?{country} AND e.source LIKE ?{like}) OR (e.target_country = ?{country} AND e.target LIKE ?{like}))"
    )
}

/// Which articles a list selects.
#[derive(Clone, Debug, Default)]
pub struct ArticleFilter {
    /// YYYYMMDD, inclusive.
    pub since: Option<u32>,
    pub until: Option<u32>,
    /// Words that must all occur in the title or text (FTS5).
    pub text: Option<String>,
    /// Include articles linked as duplicates of another.
    pub with_duplicates: bool,
}

impl ArticleFilter {
    fn sql(&self) -> (String, Vec<Sql>) {
        let mut clauses = Vec::new();
        let mut params = Vec::new();
        if let Some(d) = self.since {
            params.push(Sql::Integer(d.into()));
            clauses.push(format!("a.date >= ?{}", params.len()));
        }
        if let Some(d) = self.until {
            params.push(Sql::Integer(d.into()));
            clauses.push(format!("a.date <= ?{}", params.len()));
        }
        if let Some(words) = &self.text {
            // As EventFilter: each word quoted, so every word must occur and none is FTS syntax.
            let query: Vec<String> =
                words.split_whitespace().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect();
            if !query.is_empty() {
                params.push(Sql::Text(query.join(" ")));
                clauses.push(format!(
                    "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?{})",
                    params.len()
                ));
            }
        }
        if !self.with_duplicates {
            clauses.push("a.duplicate_of IS NULL".into());
        }
        let sql = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
        (sql, params)
    }
}

/// A stored article without its text.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleSummary {
    pub id: i64,
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// YYYY-MM-DD: published, else the ingest day.
    pub date: String,
    pub site: Option<String>,
    pub language: Option<String>,
    pub duplicate_of: Option<i64>,
    /// Why it was not coded.
    pub skipped: Option<String>,
    /// Counts stored with it.
    pub n_sentences: i64,
    pub n_actors: i64,
    pub n_events: i64,
}

/// A stored article with its annotations. Spans are code points into `text`.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleDetail {
    #[serde(flatten)]
    pub article: ArticleSummary,
    pub published: Option<String>,
    pub author: Option<String>,
    pub dict_version: String,
    pub ingested_at: String,
    pub text: String,
    pub sentences: Vec<SentenceSpan>,
    pub actors: Vec<Mention>,
    pub events: Vec<ArticleEvent>,
    pub quotes: Vec<QuoteRow>,
}

/// A sentence of a stored article.
#[derive(Clone, Debug, Serialize)]
pub struct SentenceSpan {
    pub index: i64,
    pub start: i64,
    pub end: i64,
    pub skipped: Option<String>,
}

/// A coded actor mention.
#[derive(Clone, Debug, Serialize)]
pub struct Mention {
    pub sentence: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub name: String,
    pub code: String,
    /// Resolved from a title, pronoun or earlier mention rather than named here.
    pub resolved: bool,
}

/// An event of one article, with its evidence spans and rule.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleEvent {
    pub id: i64,
    pub sentence: i64,
    pub source: String,
    pub target: String,
    pub source_name: Option<String>,
    pub target_name: Option<String>,
    pub code: String,
    pub name: Option<String>,
    pub quad_class: Option<i64>,
    pub goldstein: Option<f64>,
    pub plover_event: Option<String>,
    pub modality: String,
    /// The act's own code when `code` is the speech act that reports it.
    pub act: Option<String>,
    pub evidence: serde_json::Value,
    pub rule: String,
}

/// Events of one day: counts by QuadClass (1 verbal cooperation, 2 material cooperation, 3
/// verbal conflict, 4 material conflict) and mean Goldstein. Fields in alphabetical order: the
/// API's JSON objects list their keys so.
#[derive(Clone, Debug, Serialize)]
pub struct DayAggregate {
    /// QuadClass 3 + 4.
    pub conflict: i64,
    /// QuadClass 1 + 2.
    pub cooperation: i64,
    /// YYYY-MM-DD.
    pub date: String,
    pub events: i64,
    pub goldstein_mean: Option<f64>,
    /// Counts of QuadClass 1, 2, 3, 4.
    pub quad: [i64; 4],
}

impl DayAggregate {
    fn new(date: u32, events: i64, quad: [i64; 4], goldstein_mean: Option<f64>) -> DayAggregate {
        DayAggregate {
            date: format_date(date),
            events,
            cooperation: quad[0] + quad[1],
            conflict: quad[2] + quad[3],
            quad,
            goldstein_mean,
        }
    }
}
