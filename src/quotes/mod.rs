//! The quote stage: who said what.
//!
//! Runs after the events, over the sentences' tokens and the actor mentions:
//!
//! 1. [`marks`] pairs quotation marks into quoted stretches (straight, curly,
//!    guillemets; multi-paragraph quotations);
//! 2. each stretch is direct (a clause of its own) or partial (a few quoted words in
//!    the writer's sentence), and [`attribution`] finds its cue and speaker phrase, in
//!    either order, after or before it; a quotation split around its attribution
//!    ("…," he said, "…") shares it, and a further quotation with none nearby takes
//!    the previous one's speaker;
//! 3. [`indirect`] finds reported speech in sentences without quotation marks;
//! 4. [`coref`] resolves the speaker phrase to the person or body it names;
//! 5. [`events`] codes what each quotation does (a statement, or the appeal, threat,
//!    rejection, demand or accusation its content makes) with the speaker as source.
//!
//! See `docs/quotes.md`.

pub mod attribution;
pub mod coref;
pub mod cues;
pub mod events;
pub mod flat;
mod indirect;
pub mod marks;

use crate::article::{Article, Quote, QuoteKind};
use crate::span::Span;

use attribution::Attribution;
use coref::Chain;
use cues::Cues;
use flat::Flat;

/// Finds the article's quotations, sets `article.quotes` and adds their events to
/// `article.events`.
pub fn extract(article: &mut Article) {
    article.quotes = find(article);
    let quote_events = events::code(article);
    events::apply(article, quote_events);
}

/// A quotation before its speaker is resolved.
struct Found {
    first: usize,
    end: usize,
    kind: QuoteKind,
    attribution: Option<Attribution>,
    confidence: f32,
    /// The multi-paragraph quotation it belongs to (`usize::MAX` for reported speech).
    group: usize,
}

const OPENERS: &[&str] = &[",", ":", ".", "?", "!", "—", "-", "--", "\"", ";", "(", "…", "–"];
const CLOSERS: &[&str] = &[",", ".", "?", "!", "…", "—", "-", "--", ";", ":"];

/// The article's quotations, in text order.
pub fn find(article: &Article) -> Vec<Quote> {
    let cues = Cues::builtin();
    // Most sentences quote nobody: a quoted stretch needs a quotation mark and reported
    // speech a cue word, so without either there is nothing to find (one cheap pass).
    // The pass also notes where a cue may start, so that reported speech is looked for
    // there only.
    let mut mark = false;
    let mut cue_starts = Vec::new();
    // Flat index of the token (as `Flat` numbers them): two plain loops, cheaper per
    // token than a flattening iterator.
    let mut i = 0;
    for sentence in &article.sentences {
        for token in &sentence.tokens {
            let norm = token.norm.as_str();
            mark |= norm == "\"";
            if cues.may_start(norm) {
                cue_starts.push(i);
            }
            i += 1;
        }
    }
    if !mark && cue_starts.is_empty() {
        return Vec::new();
    }
    let flat = Flat::new(article);
    // Every stretch opens at a quotation mark: without one, none to pair.
    let stretches = if mark { marks::stretches(&flat) } else { Vec::new() };
    // Empty when nothing is quoted (most articles): no table to fill and read.
    let mut quoted = if stretches.is_empty() { Vec::new() } else { vec![false; flat.len()] };
    for s in &stretches {
        let end = if s.closed { s.last + 1 } else { s.last };
        for q in &mut quoted[s.open..end] {
            *q = true;
        }
    }
    let mut found: Vec<Found> = Vec::new();
    for (k, s) in stretches.iter().enumerate() {
        let end = if s.closed { s.last + 1 } else { s.last };
        let inner_words = (s.open + 1..end).filter(|&i| flat.is_word(i)).count();
        if inner_words == 0 {
            continue;
        }
        let continuation = k > 0 && stretches[k - 1].group == s.group;
        let (sent_first, sent_end) = flat.sentence_range(s.open);
        let para_first = flat.para_first(s.open);
        let prev_end = if k > 0 {
            let p = &stretches[k - 1];
            if p.closed {
                p.last + 1
            } else {
                p.last
            }
        } else {
            0
        };
        let floor = sent_first.max(para_first).max(prev_end);
        let before = (s.open > floor).then(|| flat.norm(s.open - 1));
        let starts_clause = continuation
            || before.is_none_or(|n| OPENERS.contains(&n) || cues.at(&[n]).is_some())
            || s.open == para_first;
        let ends_clause = !s.closed || s.last > 0 && CLOSERS.contains(&flat.norm(s.last - 1));
        let direct = starts_clause && (ends_clause || inner_words >= 5) && inner_words >= 2;
        let kind = if direct { QuoteKind::Direct } else { QuoteKind::Partial };

        // The window after the quote: to the next stretch, the paragraph's end or the
        // end of the sentence.
        let next_open = stretches.get(k + 1).map_or(flat.len(), |n| n.open);
        let limit = next_open.min(flat.para_end(s.open.max(end.saturating_sub(1)))).min(end + 14);
        let mut attribution = None;
        let mut confidence = 0.0;
        if continuation {
            attribution = found.last().and_then(|f| f.attribution);
            confidence = found.last().map_or(0.0, |f| f.confidence);
        }
        if attribution.is_none() && s.closed && end < limit {
            attribution = attribution::after_quote(&flat, cues, end, limit);
            confidence = 0.9;
        }
        if attribution.is_none() && s.closed && end < flat.len() && end == flat.para_end(end - 1) {
            // A byline on the next line: `"…"` / `- Clinton.`
            if matches!(flat.norm(end), "-" | "--") {
                attribution = attribution::after_quote(&flat, cues, end, flat.para_end(end));
                confidence = 0.8;
            }
        }
        if attribution.is_none() {
            attribution = attribution::before_quote(&flat, cues, floor, s.open);
            confidence = 0.85;
        }
        if attribution.is_none() {
            // The sentence's own cue: `X said the job requires them to "…"`.
            let sentence_cue = indirect::sentence_attribution(
                &flat,
                cues,
                sent_first,
                sent_end.min(flat.para_end(sent_first)),
                &quoted,
            );
            attribution = sentence_cue;
            confidence = 0.6;
            if attribution.is_none() && kind == QuoteKind::Partial {
                attribution = attribution::subject(&flat, sent_first.max(para_first), s.open);
                confidence = 0.5;
            }
        }
        if attribution.is_none() && s.open == para_first && para_first > 0 && flat.norm(para_first - 1) == ":" {
            // Introduced at the end of the previous paragraph: `Cruz continued:`.
            let (prev_first, _) = flat.sentence_range(para_first - 1);
            attribution = attribution::before_quote(&flat, cues, prev_first, para_first)
                .or_else(|| attribution::subject(&flat, prev_first, para_first - 1));
            confidence = 0.8;
        }
        if attribution.is_none() && kind == QuoteKind::Direct {
            // A further quotation of the same speaker: `"…" insists Burton. "…"`.
            if let Some(prev) = found.iter().rev().find(|f| f.kind == QuoteKind::Direct) {
                let same_para = flat.para_first(prev.first) == para_first;
                let adjacent_para = para_first > 0 && flat.para_first(para_first - 1) == flat.para_first(prev.first);
                let only_quotes = (para_first..s.open).all(|i| quoted[i] || !flat.is_word(i));
                if same_para || adjacent_para && only_quotes {
                    attribution = prev.attribution;
                    confidence = if same_para { 0.7 } else { 0.5 };
                }
            }
        }
        if attribution.is_none() && kind == QuoteKind::Direct && s.open == sent_first && sent_first > para_first {
            // A quotation opening a sentence after the speaker's reported speech:
            // `…, Schiff said. "The other factor is …"`.
            let (prev_first, _) = flat.sentence_range(sent_first - 1);
            attribution = indirect::sentence_attribution(&flat, cues, prev_first.max(para_first), sent_first, &quoted);
            confidence = 0.5;
        }
        if attribution.is_none() && kind == QuoteKind::Direct && s.open == para_first && para_first > 0 {
            // A paragraph that is only a quotation: the speaker of the paragraph before
            // (its latest quotation's, else its last sentence's subject).
            let prev_para = flat.para_first(para_first - 1);
            attribution = found.iter().rev().take_while(|f| f.first >= prev_para).find_map(|f| f.attribution);
            if attribution.is_none() {
                let (prev_first, prev_end) = flat.sentence_range(para_first - 1);
                attribution = attribution::subject(&flat, prev_first.max(prev_para), prev_end)
                    .filter(|a| flat.tok(a.speaker.0).cap || attribution::PRONOUNS.contains(&flat.norm(a.speaker.0)));
            }
            confidence = 0.4;
        }
        if attribution.is_none() {
            confidence = 0.3;
        }
        found.push(Found { first: s.open, end, kind, attribution, confidence, group: s.group });
    }
    // A quotation over several paragraphs is often attributed only in its last one.
    for k in (1..found.len()).rev() {
        if found[k - 1].attribution.is_none() && found[k - 1].group == found[k].group && found[k].attribution.is_some()
        {
            found[k - 1].attribution = found[k].attribution;
            found[k - 1].confidence = found[k].confidence;
        }
    }
    found.extend(indirect::reported(&flat, cues, &quoted, &cue_starts).into_iter().map(|(first, end, a)| Found {
        first,
        end,
        kind: QuoteKind::Indirect,
        attribution: Some(a),
        confidence: 0.7,
        group: usize::MAX,
    }));
    found.sort_by_key(|f| f.first);
    if found.is_empty() {
        // Most sentences quote nobody: no coreference chain to build.
        return Vec::new();
    }

    let mut chain = Chain::new(article, &flat, &quoted);
    found
        .into_iter()
        .map(|f| {
            let span = Span::new(flat.tok(f.first).span.start, flat.tok(f.end - 1).span.end);
            let mut quote = Quote {
                sentence: flat.sentence(f.first),
                span,
                kind: f.kind,
                cue: None,
                speaker_span: None,
                speaker: None,
                speaker_code: None,
                confidence: f.confidence,
            };
            if let Some(a) = f.attribution {
                quote.cue = Some(Span::new(flat.tok(a.cue.0).span.start, flat.tok(a.cue.1 - 1).span.end));
                let sp = Span::new(flat.tok(a.speaker.0).span.start, flat.tok(a.speaker.1 - 1).span.end);
                quote.speaker_span = Some(sp);
                match chain.resolve(article, &flat, a.speaker.0, a.speaker.1) {
                    Some(r) => {
                        chain.touch(r.entity, sp.start);
                        quote.speaker = Some(r.name.to_string());
                        quote.speaker_code = (!r.codes.is_empty()).then(|| r.codes.join("/"));
                    }
                    None => quote.speaker = Some(sp.slice(&article.text).to_string()),
                }
            }
            quote
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Sentence;
    use crate::text::{split_sentences, tokenize};

    /// (kind, text, speaker phrase) of each quote, without dictionaries.
    fn quotes(text: &str) -> Vec<(QuoteKind, String, String)> {
        let mut article = Article::new(text, None);
        article.sentences = split_sentences(text)
            .into_iter()
            .map(|span| Sentence { span, tokens: tokenize(text, span), skipped: None })
            .collect();
        find(&article)
            .into_iter()
            .map(|q| {
                let speaker = q.speaker_span.map_or(String::new(), |s| s.slice(text).to_string());
                (q.kind, q.span.slice(text).to_string(), speaker)
            })
            .collect()
    }

    fn direct(text: &str, speaker: &str) -> (QuoteKind, String, String) {
        (QuoteKind::Direct, text.to_string(), speaker.to_string())
    }

    #[test]
    fn split_around_the_attribution() {
        assert_eq!(
            quotes("\"We are ready,\" he said, \"but not at any price.\""),
            [direct("\"We are ready,\"", "he"), direct("\"but not at any price.\"", "he")]
        );
    }

    #[test]
    fn curly_guillemets_and_nested_single_quotes() {
        assert_eq!(
            quotes("“The plan is ‘dead on arrival’ in its present form,” the minister said."),
            [direct("“The plan is ‘dead on arrival’ in its present form,”", "minister")]
        );
        assert_eq!(
            quotes("«Nobody will dictate terms to us», Peskov told state television."),
            [direct("«Nobody will dictate terms to us»", "Peskov")]
        );
    }

    #[test]
    fn over_paragraphs() {
        let text = "Smith spoke for an hour.\n\n\"The first thing we did was to call the families.\n\n\"Then we called the army,\" Smith said.";
        assert_eq!(
            quotes(text),
            [
                direct("\"The first thing we did was to call the families.", "Smith"),
                direct("\"Then we called the army,\"", "Smith"),
            ]
        );
    }

    #[test]
    fn partial_and_reported() {
        let got = quotes("Rubio said the talks had been \"constructive\".");
        assert_eq!(got, [(QuoteKind::Partial, "\"constructive\"".to_string(), "Rubio".to_string())]);
        let got = quotes("The talks will resume on Monday, according to the foreign ministry.");
        assert_eq!(
            got,
            [(QuoteKind::Indirect, "The talks will resume on Monday".to_string(), "foreign ministry".to_string())]
        );
        let got = quotes("Officials told reporters that the border would stay closed.");
        assert_eq!(
            got,
            [(QuoteKind::Indirect, "that the border would stay closed".to_string(), "Officials".to_string())]
        );
    }
}
