//! What a backend stores for an article, computed once whatever database receives it: the
//! article's identity (canonical URL, content hash, MinHash signature), its coding, and its
//! sentence, actor, event and quote rows with offsets in code points, as `detente code`
//! prints them (`docs/output.md`). The SQLite and PostgreSQL writers only bind these values.

use serde_json::json;

use super::hash;
use crate::article::{Article, QuoteKind};
use crate::coder::Coder;
use crate::ingest::dedup::normalise_url;
use crate::ingest::IngestedArticle;
use crate::ontology::Ontology;

/// How an article is recognised: as the same article (canonical URL, else content hash) or as
/// a near-duplicate of a stored one (content hash, MinHash signature).
pub struct Identity {
    pub canonical_url: Option<String>,
    pub content_hash: String,
    /// `None` for texts too short to compare.
    pub signature: Option<Vec<u64>>,
}

impl Identity {
    pub fn of(input: &IngestedArticle) -> Identity {
        let words = hash::words(&input.text);
        Identity {
            canonical_url: input.url.as_deref().map(normalise_url),
            content_hash: hash::content_hash(&words),
            signature: hash::minhash(&words),
        }
    }
}

/// Codes an article's text, or records why it is not coded (a language other than English).
pub fn code(coder: &Coder, source: &str, text: &str, published: Option<u32>, language: Option<&str>) -> Article {
    let mut article = Article::new(text.to_string(), published);
    article.id = Some(source.to_string());
    match language.filter(|l| *l != "en") {
        Some(lang) => article.skipped = Some(format!("language {lang}, not English")),
        None => coder.code(&mut article),
    }
    article
}

/// The article's date as YYYYMMDD (published, else today) and the UTC time stamp recorded as
/// its ingest and coding time.
pub fn date_and_stamp(published: Option<u32>) -> (u32, String) {
    let now = chrono::Utc::now();
    let date = published.unwrap_or_else(|| now.format("%Y%m%d").to_string().parse().unwrap_or(20260101));
    (date, stamp(now))
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn stamp(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub struct SentenceRow {
    pub idx: i64,
    pub start: i64,
    pub end: i64,
    pub skipped: Option<String>,
}

pub struct ActorRow {
    pub sentence: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub name: String,
    /// Several codes of a coded compound joined by `/`.
    pub code: String,
    pub resolved: bool,
    /// JSON array of the dictionary entries (`file:line`) behind the code.
    pub entries: String,
}

pub struct EventRecord {
    pub sentence: i64,
    pub source: String,
    pub target: String,
    pub source_country: String,
    pub target_country: String,
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
    /// The act's own code when `code` is the speech act that reports it (intent, threat,
    /// refusal, demand); see docs/output.md.
    pub act: Option<String>,
    /// Sentences of the article that report the event: its own and those folded into it
    /// (`also_in`).
    pub mentions: i64,
    /// JSON: source/target/verb/pattern spans.
    pub evidence: String,
    pub sentence_text: String,
    pub rule: String,
}

/// A span as (start, end) in code points and its text.
pub type SpanValues = (i64, i64, String);

pub struct QuoteRecord {
    pub sentence: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub kind: &'static str,
    pub speaker: Option<String>,
    pub speaker_code: Option<String>,
    pub speaker_span: Option<SpanValues>,
    pub cue: Option<SpanValues>,
    /// Two decimals, as `detente code` prints it.
    pub confidence: f64,
}

/// The rows of a coded article.
pub struct Annotations {
    pub sentences: Vec<SentenceRow>,
    pub actors: Vec<ActorRow>,
    pub events: Vec<EventRecord>,
    pub quotes: Vec<QuoteRecord>,
}

impl Annotations {
    pub fn of(article: &Article) -> Annotations {
        let text = &article.text;
        let cp = crate::output::code_points(text);
        let at = |i: usize| cp[i] as i64;
        let values = |s: crate::span::Span| (at(s.start), at(s.end), s.slice(text).to_string());
        let span_json = |s: crate::span::Span| json!({"start": cp[s.start], "end": cp[s.end], "text": s.slice(text)});
        let sentences = article
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| SentenceRow {
                idx: i as i64,
                start: at(s.span.start),
                end: at(s.span.end),
                skipped: s.skipped.clone(),
            })
            .collect();
        let actors = article
            .mentions
            .iter()
            .map(|m| ActorRow {
                sentence: m.sentence as i64,
                start: at(m.span.start),
                end: at(m.span.end),
                text: m.span.slice(text).to_string(),
                name: m.name.clone(),
                code: m.codes.join("/"),
                resolved: m.reference,
                entries: serde_json::to_string(&m.entries.iter().map(ToString::to_string).collect::<Vec<_>>())
                    .unwrap_or_default(),
            })
            .collect();
        let ontology = Ontology::builtin();
        let events = article
            .events
            .iter()
            .map(|e| {
                let event = ontology.resolve(&e.code);
                let plover = event.and_then(|t| t.plover.as_ref());
                let evidence = json!({
                    "source": e.evidence.source.map(span_json),
                    "target": e.evidence.target.map(span_json),
                    "verb": span_json(e.evidence.verb),
                    "pattern": e.evidence.pattern.iter().map(|&s| span_json(s)).collect::<Vec<_>>(),
                });
                EventRecord {
                    sentence: e.sentence as i64,
                    source: e.source.to_string(),
                    target: e.target.to_string(),
                    source_country: country(&e.source).to_string(),
                    target_country: country(&e.target).to_string(),
                    source_name: e.source_name.as_deref().map(String::from),
                    target_name: e.target_name.as_deref().map(String::from),
                    code: e.code.to_string(),
                    root: crate::ontology::root(&e.code).map(String::from),
                    name: event.map(|t| t.name.clone()),
                    quad_class: event.map(|t| i64::from(t.quad_class)),
                    goldstein: event.map(|t| (f64::from(t.goldstein) * 10.0).round() / 10.0),
                    plover_event: plover.map(|p| p.event.clone()),
                    plover_mode: plover.and_then(|p| p.mode.clone()),
                    plover_context: plover.and_then(|p| p.context.clone()),
                    modality: format!("{:?}", e.modality).to_lowercase(),
                    act: e.act.as_deref().map(String::from),
                    mentions: 1 + e.also_in.len() as i64,
                    evidence: evidence.to_string(),
                    sentence_text: article.sentences.get(e.sentence).map_or("", |s| s.span.slice(text)).to_string(),
                    rule: e.rule.to_string(),
                }
            })
            .collect();
        let quotes = article
            .quotes
            .iter()
            .map(|q| QuoteRecord {
                sentence: q.sentence as i64,
                start: at(q.span.start),
                end: at(q.span.end),
                text: q.span.slice(text).to_string(),
                kind: quote_kind(q.kind),
                speaker: q.speaker.clone(),
                speaker_code: q.speaker_code.clone(),
                speaker_span: q.speaker_span.map(values),
                cue: q.cue.map(values),
                confidence: (f64::from(q.confidence) * 100.0).round() / 100.0,
            })
            .collect();
        Annotations { sentences, actors, events, quotes }
    }
}

/// The kind's name as `detente code` prints it.
pub fn quote_kind(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Indirect => "indirect",
    }
}

/// The first three letters of an actor code (its country or international code), or "" for
/// an empty slot.
pub fn country(code: &str) -> &str {
    if code.starts_with('-') {
        return "";
    }
    code.get(..3).unwrap_or(code)
}
