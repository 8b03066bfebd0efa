//! Quote events: what a quotation does, coded with its resolved speaker as source.
//!
//! In diplomacy news the words are the events, and the event stage codes a sentence
//! without knowing who speaks in it: `"We reject the proposal," the Kremlin said`
//! gives it no source for the rejection, or the wrong one. This step reads only what
//! the earlier stages left on the article — the events whose verb lies inside a
//! quotation's content, the actor mentions there, the quote's resolved speaker — and
//! adds, per quotation:
//!
//! * the content's own act when it is an appeal (02), a demand (10), a disapproval or
//!   accusation (11), a rejection (12) or a threat (13): the same code, the speaker as
//!   source;
//! * PETRARCH's rule for reported violence: "A said B attacked C" (an asserted 18–20
//!   event inside the content, B not on A's side) is an accusation (112) by A of B;
//! * otherwise, for words in quotation marks, the speech act itself: a statement (010)
//!   by the speaker about the first actor of another country named in the quotation.
//!   Reported speech without marks gets none: its cue ("said") is a verb the event
//!   stage has already coded, or found nothing in.
//!
//! An event the coder already made with the speaker as source stays one event. A
//! coder event on the quote's cue verb with another source (`"We reject the American
//! proposal," the Kremlin said` → USA said to the Kremlin), or a content act whose
//! source the coder took from outside the quotation, is the same act with the speaker
//! wrong, and the quote event replaces it. Statements, like all coded events, need a
//! target.

use std::sync::Arc;

use crate::article::{Article, Event, Evidence, Modality, Quote, QuoteKind};
use crate::span::Span;
use crate::text::Norm;

/// Event families a quotation's content turns into the speaker's own act.
const SPEECH_ACTS: &[&str] = &["02", "10", "11", "12", "13"];
/// Event families whose report by someone else is an accusation (PETRARCH).
const VIOLENCE: &[&str] = &["18", "19", "20"];
const STATEMENT: &str = "010";
const ACCUSATION: &str = "112";

/// The rule of every quote event starts with this and the quote's index in `quotes[]`.
pub const RULE_PREFIX: &str = "quote #";

/// What the quote step changes in the article's events.
pub struct QuoteEvents {
    pub added: Vec<Event>,
    /// Indices into `article.events` of coder events a quote event replaces.
    pub replaced: Vec<usize>,
}

/// The events of `article.quotes`, from `article.events` and `article.mentions`.
pub fn code(article: &Article) -> QuoteEvents {
    let mut out = QuoteEvents { added: Vec::new(), replaced: Vec::new() };
    // Most articles quote nobody: nothing to code, sort or deduplicate.
    if article.quotes.is_empty() {
        return out;
    }
    for (index, quote) in article.quotes.iter().enumerate() {
        let Some(speaker) = speaker_code(quote) else { continue };
        let before = out.added.len();
        content_acts(article, index, quote, speaker, &mut out);
        let acted = out.added.len() > before;
        let covered = article.events.iter().any(|e| same_side(&e.source, speaker) && on_quote(e, quote));
        if !acted && !covered && quote.kind != QuoteKind::Indirect {
            if let Some(statement) = statement(article, index, quote, speaker) {
                out.added.push(statement);
            }
        }
        if out.added.len() > before {
            let cue = quote.cue;
            out.replaced.extend(
                (0..article.events.len())
                    .filter(|&i| Some(article.events[i].evidence.verb) == cue && article.events[i].source != speaker),
            );
        }
    }
    out.replaced.sort_unstable();
    out.replaced.dedup();
    dedup(&mut out.added);
    out
}

/// The speaker's single actor code, if the chain found one (not an agent alone).
fn speaker_code(quote: &Quote) -> Option<&str> {
    let code = quote.speaker_code.as_deref()?.split('/').next()?;
    (!code.starts_with("---") && quote.speaker_span.is_some()).then_some(code)
}

/// The speaker or its country: "UKR" in a quotation of UKRGOV speaks for it.
fn same_side(code: &str, speaker: &str) -> bool {
    code == speaker || code.len() >= 3 && speaker.len() >= 3 && code[..3] == speaker[..3]
}

fn inside(span: Span, outer: Span) -> bool {
    outer.start <= span.start && span.end <= outer.end
}

/// A coder event belonging to the quotation: its verb in the content or the cue.
fn on_quote(e: &Event, quote: &Quote) -> bool {
    !e.rule.starts_with(RULE_PREFIX) && (inside(e.evidence.verb, quote.span) || Some(e.evidence.verb) == quote.cue)
}

fn family(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

fn rule(index: usize, what: &str) -> Arc<str> {
    format!("{RULE_PREFIX}{index}: {what}").into()
}

/// Appeals, demands, accusations, rejections and threats in the content, and
/// accusations for reported violence.
fn content_acts(article: &Article, index: usize, quote: &Quote, speaker: &str, out: &mut QuoteEvents) {
    let in_content = |e: &Event| !e.rule.starts_with(RULE_PREFIX) && inside(e.evidence.verb, quote.span);
    for (k, e) in article.events.iter().enumerate().filter(|(_, e)| in_content(e)) {
        let base = Event {
            sentence: e.sentence,
            source: speaker.into(),
            target: Norm::default(),
            code: Norm::default(),
            act: None,
            modality: e.modality,
            evidence: Evidence {
                source: quote.speaker_span,
                target: None,
                verb: e.evidence.verb,
                pattern: quote.cue.into_iter().collect(),
            },
            rule: Arc::default(),
            source_name: quote.speaker.as_deref().map(Norm::from),
            target_name: None,
            also_in: Vec::new(),
        };
        if SPEECH_ACTS.contains(&family(&e.code)) {
            // "Russia rejected our offer," Rubio said reports Russia's act, not Rubio's.
            let reported = named_source(article, e, quote);
            if reported || same_side(&e.source, speaker) || same_side(&e.target, speaker) {
                continue;
            }
            // The coder's event is this act with a source from outside the quotation
            // (or a `we` resolved elsewhere): the speaker's event replaces it.
            out.replaced.push(k);
            out.added.push(Event {
                target: e.target.clone(),
                code: e.code.clone(),
                act: e.act.clone(),
                evidence: Evidence { target: e.evidence.target, ..base.evidence },
                rule: rule(index, &format!("the speaker's words: {}", e.rule)),
                target_name: e.target_name.clone(),
                ..base
            });
        } else if VIOLENCE.contains(&family(&e.code)) && e.modality == Modality::Asserted {
            // The actor said to have acted: the event's source when it lies in the
            // content, else (the coder took the speaker) the first actor of another
            // side named in the content before the verb.
            let accused = match e.evidence.source {
                Some(s) if named_source(article, e, quote) => Some((e.source.clone(), Some(s), e.source_name.clone())),
                _ => article
                    .mentions
                    .iter()
                    .filter(|m| inside(m.span, quote.span) && m.span.end <= e.evidence.verb.start)
                    .find_map(|m| {
                        let code = m.codes.first().filter(|c| !c.starts_with("---") && !same_side(c, speaker))?;
                        Some((Norm::from(code), Some(m.span), Some(Norm::from(&m.name))))
                    }),
            };
            let Some((target, target_span, target_name)) = accused else { continue };
            if same_side(&target, speaker) {
                continue;
            }
            out.added.push(Event {
                target,
                code: ACCUSATION.into(),
                modality: Modality::Asserted,
                evidence: Evidence { target: target_span, ..base.evidence },
                rule: rule(index, &format!("accusation, the speaker reports {} {}", e.code, e.rule)),
                target_name,
                ..base
            });
        }
    }
}

/// Words by which a speaker names its own side inside its quotation.
const FIRST_PERSON: &[&str] = &["WE", "I", "US", "OUR", "MY", "ME"];

/// The event's source is an actor named inside the quotation (not "we", not the
/// speaker taken from outside it).
fn named_source(article: &Article, e: &Event, quote: &Quote) -> bool {
    let Some(source) = e.evidence.source.filter(|&s| inside(s, quote.span)) else { return false };
    article.mentions.iter().filter(|m| m.span == source).all(|m| {
        let norm = article.sentences[m.sentence].tokens.get(m.first).map_or("", |t| t.norm.as_str());
        !FIRST_PERSON.contains(&norm)
    })
}

/// The speech act: a statement by the speaker about the first actor of another side
/// named in the content, else the target of the coder's event on the cue.
fn statement(article: &Article, index: usize, quote: &Quote, speaker: &str) -> Option<Event> {
    let cue = quote.cue?;
    let named = article.mentions.iter().filter(|m| inside(m.span, quote.span)).find_map(|m| {
        let code = m.codes.first().filter(|c| !c.starts_with("---") && !same_side(c, speaker))?;
        Some((Norm::from(code), Some(m.span), Some(Norm::from(&m.name))))
    });
    let (target, target_span, target_name) = named.or_else(|| {
        article
            .events
            .iter()
            .find(|e| e.evidence.verb == cue && !same_side(&e.target, speaker) && !e.target.starts_with("---"))
            .map(|e| (e.target.clone(), e.evidence.target, e.target_name.clone()))
    })?;
    Some(Event {
        sentence: quote.sentence,
        source: speaker.into(),
        target,
        code: STATEMENT.into(),
        act: None,
        modality: Modality::Asserted,
        evidence: Evidence { source: quote.speaker_span, target: target_span, verb: cue, pattern: Vec::new() },
        rule: rule(index, &format!("statement, cue \"{}\"", cue.slice(&article.text))),
        source_name: quote.speaker.as_deref().map(Norm::from),
        target_name,
        also_in: Vec::new(),
    })
}

/// One event per act: a quotation split around its attribution, or over several
/// paragraphs, shares one cue and speaker.
fn dedup(added: &mut Vec<Event>) {
    let mut seen = std::collections::HashSet::new();
    added.retain(|e| seen.insert((e.source.clone(), e.target.clone(), e.code.clone(), e.evidence.verb)));
}

/// Applies the quote events: drops the replaced coder events, adds the new ones in
/// sentence order.
pub fn apply(article: &mut Article, quote_events: QuoteEvents) {
    let QuoteEvents { added, replaced } = quote_events;
    // Most articles quote nobody: nothing to remove or add, and the events are then left
    // as they are when already in sentence order (they are coded sentence by sentence).
    if added.is_empty() && replaced.is_empty() && article.events.is_sorted_by_key(|e| e.sentence) {
        return;
    }
    let mut index = 0;
    article.events.retain(|_| {
        index += 1;
        replaced.binary_search(&(index - 1)).is_err()
    });
    article.events.extend(added);
    article.events.sort_by_key(|e| e.sentence);
}
