//! The JSON document `detente code` prints for each article.
//!
//! Offsets in the output are Unicode code points (what Python's `str` indexes by),
//! 0-based and end-exclusive, into the article's `text` exactly as printed. Internally
//! spans are UTF-8 byte offsets; this module converts them.

use serde::Serialize;
use serde_json::{json, Value};

use crate::article::Article;
use crate::ontology::{root, Ontology};
use crate::span::Span;

/// Byte offset → code-point offset, for one text.
struct Offsets {
    /// Code-point index of each char boundary, indexed by byte offset.
    chars: Vec<usize>,
}

/// Byte offset → code-point offset for each byte of a text, and its end: the offsets
/// `detente code` prints.
pub(crate) fn code_points(text: &str) -> Vec<usize> {
    let mut chars = vec![0; text.len() + 1];
    let mut count = 0;
    for (i, c) in text.char_indices() {
        for slot in &mut chars[i..i + c.len_utf8()] {
            *slot = count;
        }
        count += 1;
    }
    chars[text.len()] = count;
    chars
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        Offsets { chars: code_points(text) }
    }

    fn span(&self, text: &str, span: Span) -> Value {
        json!({ "start": self.chars[span.start], "end": self.chars[span.end], "text": span.slice(text) })
    }
}

#[derive(Serialize)]
struct PloverOut<'a> {
    event: &'a str,
    mode: Option<&'a str>,
}

/// The article as a JSON value.
pub fn article_json(article: &Article) -> Value {
    let text = &article.text;
    let offsets = Offsets::new(text);
    let ontology = Ontology::builtin();
    let sentences: Vec<Value> = article
        .sentences
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let mut v = json!({
                "index": index,
                "start": offsets.chars[s.span.start],
                "end": offsets.chars[s.span.end],
                "text": s.span.slice(text),
            });
            if let Some(reason) = &s.skipped {
                v["skipped"] = json!(reason);
            }
            v
        })
        .collect();
    let actors: Vec<Value> = article
        .mentions
        .iter()
        .map(|m| {
            json!({
                "sentence": m.sentence,
                "start": offsets.chars[m.span.start],
                "end": offsets.chars[m.span.end],
                "text": m.span.slice(text),
                "name": m.name,
                "code": m.codes.join("/"),
                "resolved": m.reference,
                "entries": m.entries.iter().map(ToString::to_string).collect::<Vec<_>>(),
            })
        })
        .collect();
    let events: Vec<Value> = article
        .events
        .iter()
        .map(|e| {
            let event = ontology.resolve(&e.code);
            let plover =
                event.and_then(|t| t.plover.as_ref()).map(|p| PloverOut { event: &p.event, mode: p.mode.as_deref() });
            json!({
                "sentence": e.sentence,
                "source": e.source,
                "target": e.target,
                "source_name": e.source_name,
                "target_name": e.target_name,
                "code": e.code,
                "act": e.act,
                "name": event.map(|t| t.name.as_str()),
                "root": root(&e.code),
                "quad_class": event.map(|t| t.quad_class),
                "goldstein": event.map(|t| t.goldstein),
                "plover": plover,
                "modality": e.modality,
                "evidence": {
                    "source": e.evidence.source.map(|s| offsets.span(text, s)),
                    "target": e.evidence.target.map(|s| offsets.span(text, s)),
                    "verb": offsets.span(text, e.evidence.verb),
                    "pattern": e.evidence.pattern.iter().map(|&s| offsets.span(text, s)).collect::<Vec<_>>(),
                },
                "rule": &*e.rule,
                "also_in": e.also_in,
            })
        })
        .collect();
    let quotes: Vec<Value> = article
        .quotes
        .iter()
        .map(|q| {
            json!({
                "sentence": q.sentence,
                "start": offsets.chars[q.span.start],
                "end": offsets.chars[q.span.end],
                "text": q.span.slice(text),
                "speaker": q.speaker,
                "speaker_code": q.speaker_code,
                "speaker_span": q.speaker_span.map(|s| offsets.span(text, s)),
                "cue": q.cue.map(|s| s.slice(text)),
                "cue_span": q.cue.map(|s| offsets.span(text, s)),
                "kind": q.kind,
                "confidence": (f64::from(q.confidence) * 100.0).round() / 100.0,
            })
        })
        .collect();
    let date = article.date.map(crate::dict::format_date);
    let mut doc = json!({
        "id": article.id,
        "date": date,
        "offsets": "unicode code points, 0-based, end exclusive, into text",
        "text": text,
        "sentences": sentences,
        "actors": actors,
        "events": events,
        "quotes": quotes,
    });
    if let Some(reason) = &article.skipped {
        doc["skipped"] = json!(reason);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_code_points() {
        let text = "Erdoğan met Zelensky.";
        let o = Offsets::new(text);
        let start = text.find("met").unwrap();
        assert_eq!(o.chars[start], 8);
        assert_eq!(o.chars[text.len()], 21);
    }
}
