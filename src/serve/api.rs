//! The `/api/` endpoints. Each handler checks its parameters ([`Params`]), runs its query on a
//! pooled read connection and answers JSON; list endpoints answer one page with `limit` and
//! `offset` (and `total` where counting is cheap).

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::error::ApiError;
use super::params::{Params, EVENT_FILTER};
use super::App;
use crate::store::{ArticleFilter, DayAggregate, EventFilter, Outcome, QuoteFilter, Writer};

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;
type Answer = Result<Json<Value>, ApiError>;

const PAGE: &[&str] = &["limit", "offset"];

fn params(pairs: Pairs, groups: &[&[&str]]) -> Result<Params, ApiError> {
    let Query(pairs) = pairs.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("query string: {e}")))?;
    Params::new(pairs, groups)
}

/// `GET /api/events`: the CLI's event filters, paged.
pub async fn events(State(app): State<Arc<App>>, pairs: Pairs) -> Answer {
    let p = params(pairs, &[EVENT_FILTER, PAGE])?;
    let filter = p.event_filter()?;
    let (limit, offset) = p.page()?;
    app.pool
        .run(move |store| {
            let total = store.count_events(&filter).map_err(|e| ApiError::internal("counting events", e))?;
            let events =
                store.events_page(&filter, limit, offset).map_err(|e| ApiError::internal("reading events", e))?;
            Ok(Json(json!({"total": total, "limit": limit, "offset": offset, "events": events})))
        })
        .await
}

/// `GET /api/articles`: stored articles, newest first, without their text.
pub async fn articles(State(app): State<Arc<App>>, pairs: Pairs) -> Answer {
    let p = params(pairs, &[&["since", "until", "text", "with_duplicates"], PAGE])?;
    let filter = ArticleFilter {
        since: p.date("since")?,
        until: p.date("until")?,
        text: p.get("text").map(str::to_string),
        with_duplicates: p.flag("with_duplicates")?,
    };
    let (limit, offset) = p.page()?;
    app.pool
        .run(move |store| {
            let total = store.count_articles(&filter).map_err(|e| ApiError::internal("counting articles", e))?;
            let articles =
                store.articles_page(&filter, limit, offset).map_err(|e| ApiError::internal("reading articles", e))?;
            Ok(Json(json!({"total": total, "limit": limit, "offset": offset, "articles": articles})))
        })
        .await
}

/// `GET /api/articles/{id}`: one article's text with its sentences, actors and events.
pub async fn article(State(app): State<Arc<App>>, Path(id): Path<String>, pairs: Pairs) -> Answer {
    params(pairs, &[])?;
    let id: i64 = id.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
        ApiError::bad_parameter("id", format!("{id:?} is not an article id (a positive whole number)"))
    })?;
    app.pool
        .run(move |store| match store.article(id).map_err(|e| ApiError::internal("reading the article", e))? {
            Some(article) => Ok(Json(serde_json::to_value(article).map_err(|e| ApiError::internal("article", e))?)),
            None => Err(ApiError::not_found(format!("no article with id {id}"))),
        })
        .await
}

/// `GET /api/quotes`: stored quotes with their speakers, by date, paged.
pub async fn quotes(State(app): State<Arc<App>>, pairs: Pairs) -> Answer {
    let p =
        params(pairs, &[&["speaker", "speaker_code", "since", "until", "text", "article", "with_duplicates"], PAGE])?;
    let filter = QuoteFilter {
        speaker: p.get("speaker").map(str::to_string),
        code: p.code("speaker_code")?,
        since: p.date("since")?,
        until: p.date("until")?,
        text: p.get("text").map(str::to_string),
        article: p.int("article", 1, i64::MAX)?,
        with_duplicates: p.flag("with_duplicates")?,
        limit: None,
    };
    let (limit, offset) = p.page()?;
    app.pool
        .run(move |store| {
            let total = store.count_quotes(&filter).map_err(|e| ApiError::internal("counting quotes", e))?;
            let quotes =
                store.quotes_page(&filter, limit, offset).map_err(|e| ApiError::internal("reading quotes", e))?;
            Ok(Json(json!({"total": total, "limit": limit, "offset": offset, "quotes": quotes})))
        })
        .await
}

/// `GET /api/actors`: actor codes and names with mention and article counts.
pub async fn actors(State(app): State<Arc<App>>, pairs: Pairs) -> Answer {
    let p = params(pairs, &[&["code", "with_duplicates"], PAGE])?;
    let code = p.code("code")?;
    let with_duplicates = p.flag("with_duplicates")?;
    let (limit, offset) = p.page()?;
    app.pool
        .run(move |store| {
            let rows = store
                .actors(code.as_deref(), with_duplicates, offset + limit)
                .map_err(|e| ApiError::internal("reading actors", e))?;
            let actors: Vec<Value> = rows
                .into_iter()
                .skip(offset)
                .map(|(code, name, mentions, articles)| {
                    json!({"code": code, "name": name, "mentions": mentions, "articles": articles})
                })
                .collect();
            Ok(Json(json!({"limit": limit, "offset": offset, "actors": actors})))
        })
        .await
}

/// `GET /api/aggregates`: per day, counts by QuadClass and mean Goldstein, for a dyad or an
/// actor (either side), with the other event filters.
pub async fn aggregates(State(app): State<Arc<App>>, pairs: Pairs) -> Result<Json<Aggregates>, ApiError> {
    let p = params(pairs, &[EVENT_FILTER, &["actor"]])?;
    let filter = p.event_filter()?;
    let actor = p.code("actor")?;
    if actor.is_some() && filter.dyad.is_some() {
        return Err(ApiError::bad_parameter("actor", "give either dyad or actor, not both"));
    }
    app.pool
        .run(move |store| {
            let days =
                store.aggregates(&filter, actor.as_deref()).map_err(|e| ApiError::internal("aggregating events", e))?;
            let dyad = filter.dyad.as_ref().map(|(a, b)| format!("{a}-{b}"));
            Ok(Json(Aggregates { actor, days, dyad }))
        })
        .await
}

/// The answer of `/api/aggregates`, serialised straight from the rows rather than through a
/// `serde_json::Value` tree (one map per day): the busiest endpoint. Fields in alphabetical
/// order, as the other answers' `Value` objects order theirs.
#[derive(serde::Serialize)]
pub struct Aggregates {
    actor: Option<String>,
    days: Vec<DayAggregate>,
    dyad: Option<String>,
}

/// The most events `/api/tracker` reads at once (their rows are held in memory).
pub const MAX_TRACKER_EVENTS: usize = 50_000;

/// `GET /api/tracker`: the ceasefire and negotiation tracks formed from the events of a window.
/// As `detente tracker`: every event of the window is read, since a mediator's events are not
/// between the two sides; `dyad` then selects tracks, not events.
pub async fn tracker(State(app): State<Arc<App>>, pairs: Pairs) -> Answer {
    let p = params(pairs, &[&["dyad", "since", "until", "with_duplicates"]])?;
    let sides = p.dyad("dyad")?;
    if sides.as_ref().is_some_and(|(a, b)| a.len() != 3 || b.len() != 3) {
        return Err(ApiError::bad_parameter("dyad", "expected two country codes joined by '-', e.g. RUS-UKR"));
    }
    let filter = EventFilter { dyad: None, limit: Some(MAX_TRACKER_EVENTS + 1), ..p.event_filter()? };
    app.pool
        .run(move |store| {
            let events = store.events(&filter).map_err(|e| ApiError::internal("reading events", e))?;
            if events.len() > MAX_TRACKER_EVENTS {
                return Err(ApiError::bad_parameter(
                    "since",
                    format!("more than {MAX_TRACKER_EVENTS} events in the window: narrow it with since and until"),
                ));
            }
            let tracks: Vec<_> = crate::tracker::tracks(&events)
                .into_iter()
                .filter(|t| {
                    sides.as_ref().is_none_or(|(a, b)| {
                        let (x, y) = (&t.dyad[0].code, &t.dyad[1].code);
                        (x == a && y == b) || (x == b && y == a)
                    })
                })
                .collect();
            Ok(Json(json!({"events": events.len(), "tracks": tracks})))
        })
        .await
}

/// `POST /api/articles`: codes and stores an article (JSON: `text`, optional `title`, `date`,
/// `url`), only when the server has a token and the request carries it.
pub async fn post_article(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Some(writing) = app.writer.as_ref() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writing is disabled: the server was started without --token",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "missing Authorization: Bearer TOKEN"))?
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "Authorization must be: Bearer TOKEN"))?;
    if !same_secret(given.trim().as_bytes(), writing.token.as_bytes()) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "wrong token"));
    }
    // 413 over the size limit, 415 without a JSON content type, 400/422 for bad JSON.
    let Json(body) = body.map_err(|e| ApiError::new(e.status(), format!("body: {}", e.body_text())))?;
    let article = posted_article(&body)?;
    let app = Arc::clone(&app);
    let outcome = tokio::task::spawn_blocking(move || {
        let writing = app.writer.as_ref().expect("checked above");
        let store = writing.store.lock().unwrap_or_else(|p| p.into_inner());
        let mut writer = Writer::new(&store, &writing.coder, writing.dict_version.clone());
        let outcome = writer.ingest(&article);
        writer.commit().map_err(|e| e.to_string())?;
        outcome
    })
    .await
    .map_err(|e| ApiError::internal("coding task", e))?
    .map_err(|reason| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("the article was not stored: {reason}"))
    })?;
    Ok(match outcome {
        Outcome::Stored { id, events, duplicate_of, skipped } => (
            StatusCode::CREATED,
            [(header::LOCATION, format!("/api/articles/{id}"))],
            Json(json!({"stored": true, "id": id, "events": events, "duplicate_of": duplicate_of, "skipped": skipped})),
        )
            .into_response(),
        Outcome::Unchanged { id } => Json(json!({"stored": false, "id": id})).into_response(),
    })
}

/// The posted JSON object, read as one record of a JSON-lines file (the same fields and checks
/// as `detente ingest`), with the language detected as the ingest reader does.
fn posted_article(body: &Value) -> Result<crate::ingest::IngestedArticle, ApiError> {
    let Some(obj) = body.as_object() else {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "body: expected a JSON object with a text field"));
    };
    for field in ["text", "title", "date", "url"] {
        if obj.get(field).is_some_and(|v| !v.is_string() && !v.is_null()) {
            return Err(ApiError::bad_parameter(field, "must be a string"));
        }
    }
    if obj.get("text").and_then(Value::as_str).is_none_or(|t| t.trim().is_empty()) {
        return Err(ApiError::bad_parameter("text", "missing or empty"));
    }
    if let Some(date) = obj.get("date").and_then(Value::as_str) {
        if crate::ingest::meta::iso_date(date).is_none() {
            return Err(ApiError::bad_parameter("date", format!("{date:?} is not a date (YYYY-MM-DD)")));
        }
    }
    let mut article = crate::ingest::jsonl::read("api", &body.to_string())
        .pop()
        .expect("one line gives one item")
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.message))?;
    article.language = crate::ingest::lang::detect(&article.text, article.language.as_deref()).map(|d| d.code);
    Ok(article)
}

/// Compares secrets in time independent of where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such endpoint: {}", uri.path()))
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed on this endpoint")
}
