//! Queries: events by actor, dyad, code, date and article text; quotes by speaker, speaker
//! code, date, quoted words and article; actor mention counts; counts per day, root and dyad.

use rusqlite::types::Value as Sql;
use serde::Serialize;

use super::Store;

/// The SQL dialect a filter is written in: the placeholders (`?1` or `$1`) and the
/// full-text search differ, the rest is shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    fn placeholder(self, n: usize) -> String {
        match self {
            Dialect::Sqlite => format!("?{n}"),
            Dialect::Postgres => format!("${n}"),
        }
    }
}

/// A query parameter, bound by either backend.
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    Text(String),
    Int(i64),
}

impl Param {
    pub fn as_pg(&self) -> &(dyn postgres::types::ToSql + Sync) {
        match self {
            Param::Text(s) => s,
            Param::Int(i) => i,
        }
    }

    fn sqlite(self) -> Sql {
        match self {
            Param::Text(s) => Sql::Text(s),
            Param::Int(i) => Sql::Integer(i),
        }
    }
}

/// Collects parameters and hands out their placeholders.
struct Params {
    dialect: Dialect,
    values: Vec<Param>,
}

impl Params {
    fn push(&mut self, value: Param) -> String {
        self.values.push(value);
        self.dialect.placeholder(self.values.len())
    }
}

/// `WHERE` and the clauses joined by AND, or nothing.
fn where_clause(clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    }
}

/// Which events a query selects. Actor arguments are code prefixes: `RUS` is every Russian
/// actor (RUS, RUSGOV, RUSMIL…), `RUSGOV` only that code and its extensions.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    pub source: Option<String>,
    pub target: Option<String>,
    /// Either direction: (A, B) selects A→B and B→A.
    pub dyad: Option<(String, String)>,
    /// Exact CAMEO code ("190", "0311").
    pub code: Option<String>,
    /// CAMEO root ("19").
    pub root: Option<String>,
    pub quad: Option<u8>,
    /// YYYYMMDD, inclusive.
    pub since: Option<u32>,
    pub until: Option<u32>,
    /// Words that must all occur in the article (FTS5, title or text).
    pub text: Option<String>,
    /// Include events of articles linked as duplicates of another.
    pub with_duplicates: bool,
    pub limit: Option<usize>,
}

impl EventFilter {
    /// The WHERE clause (over `events e`) and its parameters, for SQLite.
    pub fn sql(&self) -> (String, Vec<Sql>) {
        let (sql, params) = self.sql_for(Dialect::Sqlite);
        (sql, params.into_iter().map(Param::sqlite).collect())
    }

    /// The WHERE clause (over `events e`) and its parameters, in a dialect.
    pub fn sql_for(&self, dialect: Dialect) -> (String, Vec<Param>) {
        let mut clauses: Vec<String> = Vec::new();
        let mut params = Params { dialect, values: Vec::new() };
        let actor = |params: &mut Params, column: &str, code: &str| -> String {
            let code = code.trim().to_ascii_uppercase();
            let country = params.push(Param::Text(code.get(..3).unwrap_or(&code).to_string()));
            if code.len() <= 3 {
                format!("e.{column}_country = {country}")
            } else {
                let like = params.push(Param::Text(format!("{code}%")));
                format!("(e.{column}_country = {country} AND e.{column} LIKE {like})")
            }
        };
        if let Some(s) = &self.source {
            clauses.push(actor(&mut params, "source", s));
        }
        if let Some(t) = &self.target {
            clauses.push(actor(&mut params, "target", t));
        }
        if let Some((a, b)) = &self.dyad {
            let ab = format!("({} AND {})", actor(&mut params, "source", a), actor(&mut params, "target", b));
            let ba = format!("({} AND {})", actor(&mut params, "source", b), actor(&mut params, "target", a));
            clauses.push(format!("({ab} OR {ba})"));
        }
        if let Some(code) = &self.code {
            clauses.push(format!("e.code = {}", params.push(Param::Text(code.clone()))));
        }
        if let Some(root) = &self.root {
            clauses.push(format!("e.root = {}", params.push(Param::Text(format!("{:0>2}", root)))));
        }
        if let Some(q) = self.quad {
            clauses.push(format!("e.quad_class = {}", params.push(Param::Int(q.into()))));
        }
        if let Some(d) = self.since {
            clauses.push(format!("e.date >= {}", params.push(Param::Int(d.into()))));
        }
        if let Some(d) = self.until {
            clauses.push(format!("e.date <= {}", params.push(Param::Int(d.into()))));
        }
        if let Some(words) = &self.text {
            if words.split_whitespace().next().is_some() {
                clauses.push(match dialect {
                    Dialect::Sqlite => {
                        // Each word quoted: every word must occur, and no word is FTS syntax.
                        let query: Vec<String> =
                            words.split_whitespace().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect();
                        let p = params.push(Param::Text(query.join(" ")));
                        format!("e.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH {p})")
                    }
                    Dialect::Postgres => {
                        // plainto_tsquery: every word must occur, none is syntax.
                        let p = params.push(Param::Text(words.clone()));
                        format!("e.article_id IN (SELECT id FROM articles WHERE fts @@ plainto_tsquery('simple', {p}))")
                    }
                });
            }
        }
        if !self.with_duplicates {
            clauses.push("e.duplicate = 0".into());
        }
        (where_clause(&clauses), params.values)
    }
}

/// One stored event with its article's identity.
#[derive(Clone, Debug, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub article_id: i64,
    pub sentence: i64,
    /// YYYY-MM-DD.
    pub date: String,
    pub source: String,
    pub target: String,
    pub source_name: Option<String>,
    pub target_name: Option<String>,
    pub code: String,
    pub root: Option<String>,
    pub name: Option<String>,
    pub quad_class: Option<i64>,
    pub goldstein: Option<f64>,
    pub plover_event: Option<String>,
    pub plover_mode: Option<String>,
    pub plover_context: Option<String>,
    pub modality: String,
    /// The act's own code when `code` is the speech act that reports it.
    pub act: Option<String>,
    /// Sentences of the article that report the event (GDELT's NumMentions).
    pub mentions: i64,
    pub evidence: serde_json::Value,
    pub sentence_text: String,
    pub rule: String,
    pub dict_version: String,
    pub article_source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub ingested_at: String,
    pub duplicate_of: Option<i64>,
}

/// Columns of [`EventRow`] in order (CSV header).
pub const EVENT_COLUMNS: &[&str] = &[
    "id",
    "article_id",
    "sentence",
    "date",
    "source",
    "target",
    "source_name",
    "target_name",
    "code",
    "root",
    "name",
    "quad_class",
    "goldstein",
    "plover_event",
    "plover_mode",
    "plover_context",
    "modality",
    "act",
    "mentions",
    "evidence",
    "sentence_text",
    "rule",
    "dict_version",
    "article_source",
    "url",
    "title",
    "ingested_at",
    "duplicate_of",
];

/// The SELECT of [`EventRow`]s (both backends); a WHERE clause from
/// [`EventFilter::sql_for`] and an ORDER BY follow.
pub const EVENT_SELECT: &str = "SELECT e.id, e.article_id, e.sentence, e.date, e.source, e.target, e.source_name,
        e.target_name, e.code, e.root, e.name, e.quad_class, e.goldstein, e.plover_event, e.plover_mode,
        e.plover_context, e.modality, e.evidence, e.sentence_text, e.rule, e.dict_version,
        a.source, a.url, a.title, a.ingested_at, a.duplicate_of, e.act,
        e.mentions
    FROM events e JOIN articles a ON a.id = e.article_id";

/// The SELECT of [`QuoteRow`]s (both backends); a WHERE clause from
/// [`QuoteFilter::sql_for`] and an ORDER BY follow.
pub const QUOTE_SELECT: &str = "SELECT q.id, q.article_id, q.sentence, q.date, q.start, q.end, q.text, q.kind,
        q.speaker, q.speaker_code, q.speaker_start, q.speaker_end, q.speaker_text, q.cue, q.cue_start,
        q.cue_end, q.confidence, q.dict_version, a.source, a.url, a.title, a.duplicate_of
    FROM quotes q JOIN articles a ON a.id = q.article_id";

/// The grouping key and order of [`Store::counts`] ("day", "root" or "dyad").
pub fn count_key(dialect: Dialect, by: &str) -> (&'static str, &'static str) {
    match (by, dialect) {
        ("day", Dialect::Sqlite) => {
            ("substr(e.date, 1, 4) || '-' || substr(e.date, 5, 2) || '-' || substr(e.date, 7, 2)", "k")
        }
        ("day", Dialect::Postgres) => (
            "substr(e.date::text, 1, 4) || '-' || substr(e.date::text, 5, 2) || '-' || substr(e.date::text, 7, 2)",
            "k",
        ),
        ("root", _) => ("coalesce(e.root, '--')", "n DESC, k"),
        _ => ("e.source_country || '-' || e.target_country", "n DESC, k"),
    }
}

/// One result row of either backend, read by column index.
pub trait Cells {
    fn int(&self, i: usize) -> anyhow::Result<Option<i64>>;
    fn real(&self, i: usize) -> anyhow::Result<Option<f64>>;
    fn text(&self, i: usize) -> anyhow::Result<Option<String>>;

    fn required_int(&self, i: usize) -> anyhow::Result<i64> {
        self.int(i)?.ok_or_else(|| anyhow::anyhow!("column {i} is NULL"))
    }

    fn required_text(&self, i: usize) -> anyhow::Result<String> {
        self.text(i)?.ok_or_else(|| anyhow::anyhow!("column {i} is NULL"))
    }
}

impl Cells for rusqlite::Row<'_> {
    fn int(&self, i: usize) -> anyhow::Result<Option<i64>> {
        Ok(self.get(i)?)
    }
    fn real(&self, i: usize) -> anyhow::Result<Option<f64>> {
        Ok(self.get(i)?)
    }
    fn text(&self, i: usize) -> anyhow::Result<Option<String>> {
        Ok(self.get(i)?)
    }
}

impl Cells for postgres::Row {
    fn int(&self, i: usize) -> anyhow::Result<Option<i64>> {
        Ok(self.try_get(i)?)
    }
    fn real(&self, i: usize) -> anyhow::Result<Option<f64>> {
        Ok(self.try_get(i)?)
    }
    fn text(&self, i: usize) -> anyhow::Result<Option<String>> {
        Ok(self.try_get(i)?)
    }
}

/// A stored YYYYMMDD as YYYY-MM-DD.
fn date_cell(r: &impl Cells, i: usize) -> anyhow::Result<String> {
    Ok(format_date(u32::try_from(r.required_int(i)?)?))
}

impl EventRow {
    /// Reads a row of [`EVENT_SELECT`].
    pub fn from_cells(r: &impl Cells) -> anyhow::Result<EventRow> {
        Ok(EventRow {
            id: r.required_int(0)?,
            article_id: r.required_int(1)?,
            sentence: r.required_int(2)?,
            date: date_cell(r, 3)?,
            source: r.required_text(4)?,
            target: r.required_text(5)?,
            source_name: r.text(6)?,
            target_name: r.text(7)?,
            code: r.required_text(8)?,
            root: r.text(9)?,
            name: r.text(10)?,
            quad_class: r.int(11)?,
            goldstein: r.real(12)?,
            plover_event: r.text(13)?,
            plover_mode: r.text(14)?,
            plover_context: r.text(15)?,
            modality: r.required_text(16)?,
            act: r.text(26)?,
            mentions: r.required_int(27)?,
            evidence: serde_json::from_str(&r.required_text(17)?).unwrap_or(serde_json::Value::Null),
            sentence_text: r.required_text(18)?,
            rule: r.required_text(19)?,
            dict_version: r.required_text(20)?,
            article_source: r.required_text(21)?,
            url: r.text(22)?,
            title: r.text(23)?,
            ingested_at: r.required_text(24)?,
            duplicate_of: r.int(25)?,
        })
    }
}

impl QuoteRow {
    /// Reads a row of [`QUOTE_SELECT`].
    pub fn from_cells(r: &impl Cells) -> anyhow::Result<QuoteRow> {
        let span = |start: usize, text: usize| -> anyhow::Result<Option<SpanRow>> {
            Ok(match (r.int(start)?, r.int(start + 1)?, r.text(text)?) {
                (Some(start), Some(end), Some(text)) => Some(SpanRow { start, end, text }),
                _ => None,
            })
        };
        let cue_span = span(14, 13)?;
        Ok(QuoteRow {
            id: r.required_int(0)?,
            article_id: r.required_int(1)?,
            sentence: r.required_int(2)?,
            date: date_cell(r, 3)?,
            start: r.required_int(4)?,
            end: r.required_int(5)?,
            text: r.required_text(6)?,
            kind: r.required_text(7)?,
            speaker: r.text(8)?,
            speaker_code: r.text(9)?,
            speaker_span: span(10, 12)?,
            cue: cue_span.as_ref().map(|s| s.text.clone()),
            cue_span,
            confidence: r.real(16)?.unwrap_or_default(),
            dict_version: r.required_text(17)?,
            article_source: r.required_text(18)?,
            url: r.text(19)?,
            title: r.text(20)?,
            duplicate_of: r.int(21)?,
        })
    }
}

/// `YYYYMMDD` → `YYYY-MM-DD`.
pub fn format_date(d: u32) -> String {
    format!("{:04}-{:02}-{:02}", d / 10000, d / 100 % 100, d % 100)
}

/// `YYYY-MM-DD` or `YYYYMMDD` → `YYYYMMDD`.
pub fn parse_date(text: &str) -> Option<u32> {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    ((1..=12).contains(&(d / 100 % 100)) && (1..=31).contains(&(d % 100))).then_some(d)
}

impl Store {
    /// Calls `f` on each selected event, by date then id.
    pub fn for_each_event(
        &self,
        filter: &EventFilter,
        mut f: impl FnMut(EventRow) -> anyhow::Result<()>,
    ) -> anyhow::Result<usize> {
        let (clause, params) = filter.sql();
        let limit = filter.limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
        let sql = format!("{EVENT_SELECT} {clause} ORDER BY e.date, e.id{limit}");
        self.for_each_row(&sql, params, |r| f(EventRow::from_cells(r)?))
    }

    /// Runs a SELECT and calls `f` on each row; the number of rows.
    fn for_each_row(
        &self,
        sql: &str,
        params: Vec<Sql>,
        mut f: impl FnMut(&rusqlite::Row) -> anyhow::Result<()>,
    ) -> anyhow::Result<usize> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            f(r)?;
            count += 1;
        }
        Ok(count)
    }

    /// The selected events, collected.
    pub fn events(&self, filter: &EventFilter) -> anyhow::Result<Vec<EventRow>> {
        let mut out = Vec::new();
        self.for_each_event(filter, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Number of selected events (no rows fetched).
    pub fn count_events(&self, filter: &EventFilter) -> rusqlite::Result<i64> {
        let (clause, params) = filter.sql();
        let sql = format!("SELECT count(*) FROM events e {clause}");
        self.conn.query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))
    }

    /// Actor codes with their names, mentions and articles, most mentioned first; `prefix`
    /// restricts to codes that start with it. Duplicates are left out unless asked for.
    pub fn actors(
        &self,
        prefix: Option<&str>,
        with_duplicates: bool,
        limit: usize,
    ) -> rusqlite::Result<Vec<(String, String, i64, i64)>> {
        let sql = "SELECT m.code, m.name, count(*) AS n, count(DISTINCT m.article_id)
                   FROM actors m JOIN articles a ON a.id = m.article_id
                   WHERE (?1 OR a.duplicate_of IS NULL) AND m.code LIKE ?2
                   GROUP BY m.code, m.name ORDER BY n DESC, m.code, m.name LIMIT ?3";
        let like = format!("{}%", prefix.unwrap_or("").to_ascii_uppercase());
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(rusqlite::params![with_duplicates, like, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        rows.collect()
    }

    /// Event counts grouped by `by` ("day", "root" or "dyad") over the selected events, largest
    /// group first for roots and dyads, in date order for days.
    pub fn counts(&self, filter: &EventFilter, by: &str, limit: usize) -> rusqlite::Result<Vec<(String, i64)>> {
        let (clause, params) = filter.sql();
        let (key, order) = count_key(Dialect::Sqlite, by);
        let sql = format!(
            "SELECT {key} AS k, count(*) AS n FROM events e {clause} GROUP BY k ORDER BY {order} LIMIT {limit}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    }

    /// (articles, duplicate articles, articles not coded, events, events of non-duplicates).
    pub fn totals(&self) -> rusqlite::Result<(i64, i64, i64, i64, i64)> {
        self.conn.query_row(
            "SELECT (SELECT count(*) FROM articles),
                    (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL),
                    (SELECT count(*) FROM articles WHERE skipped IS NOT NULL),
                    (SELECT count(*) FROM events),
                    (SELECT count(*) FROM events WHERE duplicate = 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
    }
}

/// Which quotes a query selects. Word arguments match case-insensitively anywhere in the
/// field ("Peskov" matches "Dmitry Peskov"); every word must match.
#[derive(Clone, Debug, Default)]
pub struct QuoteFilter {
    /// Words of the speaker: the resolved speaker's name or the speaker phrase as written.
    pub speaker: Option<String>,
    /// Speaker code prefix: `RUS` is every Russian speaker, `RUSGOV` that code and its
    /// extensions.
    pub code: Option<String>,
    /// YYYYMMDD, inclusive (the article's date).
    pub since: Option<u32>,
    pub until: Option<u32>,
    /// Words of the quoted text.
    pub text: Option<String>,
    /// One stored article's quotes.
    pub article: Option<i64>,
    /// Include quotes of articles linked as duplicates of another.
    pub with_duplicates: bool,
    pub limit: Option<usize>,
}

/// `%word%` for LIKE over a lower-cased column, with LIKE's wildcards escaped (`ESCAPE '\'`).
fn like_word(word: &str) -> String {
    let escaped = word.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

impl QuoteFilter {
    /// The WHERE clause (over `quotes q`) and its parameters, for SQLite.
    pub fn sql(&self) -> (String, Vec<Sql>) {
        let (sql, params) = self.sql_for(Dialect::Sqlite);
        (sql, params.into_iter().map(Param::sqlite).collect())
    }

    /// The WHERE clause (over `quotes q`) and its parameters, in a dialect.
    pub fn sql_for(&self, dialect: Dialect) -> (String, Vec<Param>) {
        let mut clauses: Vec<String> = Vec::new();
        let mut params = Params { dialect, values: Vec::new() };
        if let Some(words) = &self.speaker {
            for w in words.split_whitespace() {
                let p = params.push(Param::Text(like_word(w)));
                clauses.push(format!(
                    "lower(coalesce(q.speaker, '') || ' ' || coalesce(q.speaker_text, '')) LIKE {p} ESCAPE '\\'"
                ));
            }
        }
        if let Some(code) = &self.code {
            let prefix = code.trim().to_ascii_uppercase().replace(['%', '_'], "");
            clauses.push(format!("q.speaker_code LIKE {}", params.push(Param::Text(format!("{prefix}%")))));
        }
        if let Some(d) = self.since {
            clauses.push(format!("q.date >= {}", params.push(Param::Int(d.into()))));
        }
        if let Some(d) = self.until {
            clauses.push(format!("q.date <= {}", params.push(Param::Int(d.into()))));
        }
        if let Some(words) = &self.text {
            for w in words.split_whitespace() {
                let p = params.push(Param::Text(like_word(w)));
                clauses.push(format!("lower(q.text) LIKE {p} ESCAPE '\\'"));
            }
        }
        if let Some(id) = self.article {
            clauses.push(format!("q.article_id = {}", params.push(Param::Int(id))));
        }
        if !self.with_duplicates {
            clauses.push("q.duplicate = 0".into());
        }
        (where_clause(&clauses), params.values)
    }
}

/// A span of the article text: code points, end exclusive, and the text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpanRow {
    pub start: i64,
    pub end: i64,
    pub text: String,
}

/// One stored quotation or piece of reported speech with its article's identity; the fields
/// of `detente code`'s `quotes[]` (docs/output.md) plus where it is stored.
#[derive(Clone, Debug, Serialize)]
pub struct QuoteRow {
    pub id: i64,
    pub article_id: i64,
    pub sentence: i64,
    /// YYYY-MM-DD, the article's date.
    pub date: String,
    pub start: i64,
    pub end: i64,
    pub text: String,
    /// direct, partial or indirect.
    pub kind: String,
    pub speaker: Option<String>,
    pub speaker_code: Option<String>,
    pub speaker_span: Option<SpanRow>,
    pub cue: Option<String>,
    pub cue_span: Option<SpanRow>,
    pub confidence: f64,
    pub dict_version: String,
    pub article_source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub duplicate_of: Option<i64>,
}

/// Columns of a quote in CSV, in order (the spans flattened).
pub const QUOTE_COLUMNS: &[&str] = &[
    "id",
    "article_id",
    "sentence",
    "date",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_code",
    "speaker_start",
    "speaker_end",
    "speaker_text",
    "cue",
    "cue_start",
    "cue_end",
    "confidence",
    "dict_version",
    "article_source",
    "url",
    "title",
    "duplicate_of",
];

impl Store {
    /// Calls `f` on each selected quote, by date, article and position.
    pub fn for_each_quote(
        &self,
        filter: &QuoteFilter,
        mut f: impl FnMut(QuoteRow) -> anyhow::Result<()>,
    ) -> anyhow::Result<usize> {
        let (clause, params) = filter.sql();
        let limit = filter.limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
        let sql = format!("{QUOTE_SELECT} {clause} ORDER BY q.date, q.article_id, q.start, q.id{limit}");
        self.for_each_row(&sql, params, |r| f(QuoteRow::from_cells(r)?))
    }

    /// The selected quotes, collected.
    pub fn quotes(&self, filter: &QuoteFilter) -> anyhow::Result<Vec<QuoteRow>> {
        let mut out = Vec::new();
        self.for_each_quote(filter, |q| {
            out.push(q);
            Ok(())
        })?;
        Ok(out)
    }
}
