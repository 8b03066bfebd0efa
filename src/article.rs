//! The article record that flows through the pipeline.
//!
//! Each stage adds annotations, all of them spans into [`Article::text`]: the text
//! stage adds sentences and tokens, the actor stage adds actor mentions, the coder
//! adds events. Nothing downstream re-reads raw text that a stage already parsed.

use std::sync::Arc;

use serde::Serialize;

use crate::dict::Date;
use crate::span::Span;
use crate::text::{Norm, Token};

/// One sentence with its tokens.
#[derive(Clone, Debug)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Vec<Token>,
    /// Why the sentence was not coded, if it was not (a discard phrase, say).
    pub skipped: Option<String>,
}

/// An actor found in a sentence: a dictionary actor, an agent, or both combined
/// ("Russian officials" → RUSGOV).
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub sentence: usize,
    /// Token range within the sentence.
    pub first: usize,
    pub end: usize,
    pub span: Span,
    /// The actor's name (dictionary name, or the text for composed actors).
    pub name: String,
    /// One code, or several for coded compounds such as "the Shire" [FRO/BIL/SAM].
    pub codes: Vec<String>,
    /// Mentions joined by "and" / commas share a group number.
    pub group: usize,
    /// What produced it: dictionary entries, or what the article taught earlier.
    pub entries: Vec<Provenance>,
    /// Resolved from a pronoun or an earlier mention rather than named here.
    pub reference: bool,
}

/// Where part of a mention comes from; printed as "file:line", "file:line (as of
/// DATE)" or a note. Kept structured so that coding formats nothing it does not print.
#[derive(Clone, Debug, PartialEq)]
pub enum Provenance {
    /// A dictionary entry, with the date its knowledge is valid to if it has one.
    Entry { origin: crate::dict::Origin, known_to: Option<Date> },
    /// A name the article introduced with a title earlier.
    LearnedName,
    /// A role resolved to an earlier mention ("the envoy" → Steve Witkoff).
    RefersTo { role: String, name: String },
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Provenance::Entry { origin, known_to: None } => write!(f, "{origin}"),
            Provenance::Entry { origin, known_to: Some(d) } => {
                write!(f, "{origin} (as of {})", crate::dict::format_date(*d))
            }
            Provenance::LearnedName => f.write_str("name learned earlier in the article"),
            Provenance::RefersTo { role, name } => write!(f, "\"the {role}\" refers to {name}"),
        }
    }
}

/// How sure the text is that the event happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Asserted,
    Expected,
    Proposed,
    Refused,
    Conditional,
    Hypothetical,
}

/// The spans that justify an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub source: Option<Span>,
    pub target: Option<Span>,
    pub verb: Span,
    /// Spans of the pattern's literal words, besides the verb.
    pub pattern: Vec<Span>,
}

/// A coded event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub sentence: usize,
    /// Actor codes; "---" when the slot is empty and dyads are not required. The codes
    /// and names are short strings kept in place ([`Norm`]): a `String` each cost an
    /// allocation per event made and a free per event dropped.
    pub source: Norm,
    pub target: Norm,
    pub code: Norm,
    /// The code the act would have if it were done, when `code` is instead CAMEO's code for
    /// stating, refusing or demanding it ("Rubio will visit Israel": code 036, act 042);
    /// `None` when the text reports the act itself.
    pub act: Option<Norm>,
    pub modality: Modality,
    pub evidence: Evidence,
    /// The dictionary entry that fired: pattern text with file:line. Shared: the coder
    /// writes each entry's text once and every event it codes points at it.
    pub rule: Arc<str>,
    pub source_name: Option<Norm>,
    pub target_name: Option<Norm>,
    /// Later sentences of the article reporting the same event (same source, target,
    /// code and modality): a headline and its lead, a recap paragraph. They are folded
    /// into this event so that the article counts it once, as GDELT counts mentions.
    pub also_in: Vec<usize>,
}

impl Event {
    /// Folds events that repeat an earlier one of the same article into it, keeping the
    /// first (its evidence explains the event) and noting the repeating sentences.
    pub fn fold_repeats(events: &mut Vec<Event>) {
        // One event or none (most one-sentence articles) has nothing to fold into.
        if events.len() < 2 {
            return;
        }
        // In place: most articles have no repeat, and moving every event into a new
        // vector cost more than the comparisons. `events[..kept]` are the kept ones, in
        // order; a repeat is left behind the kept ones and cut off at the end.
        let mut kept = 0;
        for i in 0..events.len() {
            let event = &events[i];
            let same = |k: &Event| {
                k.code == event.code
                    && k.source == event.source
                    && k.target == event.target
                    && k.modality == event.modality
            };
            match events[..kept].iter().position(same) {
                Some(first) => {
                    let sentence = event.sentence;
                    let first = &mut events[first];
                    if first.sentence != sentence && !first.also_in.contains(&sentence) {
                        first.also_in.push(sentence);
                    }
                }
                None => {
                    // Most events are kept where they are: a swap with itself copied the
                    // ~300-byte event three times.
                    if kept != i {
                        events.swap(kept, i);
                    }
                    kept += 1;
                }
            }
        }
        events.truncate(kept);
    }
}

/// How a quotation is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words in quotation marks forming a clause of their own ("…," he said).
    Direct,
    /// A few quoted words inside the writer's sentence (called the talks "constructive").
    Partial,
    /// Reported speech without quotation marks ("X said that …", "according to X").
    Indirect,
}

/// A quotation or a piece of reported speech, with the speaker resolved inside the article.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The sentence the quotation starts in.
    pub sentence: usize,
    /// The quoted content, with its quotation marks for direct and partial quotes.
    pub span: Span,
    pub kind: QuoteKind,
    /// The cue verb or phrase ("said", "told", "according to").
    pub cue: Option<Span>,
    /// The speaker phrase as written near the quote ("he", "the envoy", "Witkoff").
    pub speaker_span: Option<Span>,
    /// The resolved speaker: the named person or body the phrase refers to.
    pub speaker: Option<String>,
    pub speaker_code: Option<String>,
    /// 0..1: how sure the attribution is.
    pub confidence: f32,
}

/// An article and its annotations.
#[derive(Clone, Debug, Default)]
pub struct Article {
    pub id: Option<String>,
    pub text: String,
    pub date: Option<Date>,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    /// Quotations and reported speech with their resolved speakers (`crate::quotes`).
    pub quotes: Vec<Quote>,
    /// Why the whole article was not coded, if it was not.
    pub skipped: Option<String>,
}

impl Article {
    pub fn new(text: impl Into<String>, date: Option<Date>) -> Article {
        Article { text: text.into(), date, ..Article::default() }
    }
}
