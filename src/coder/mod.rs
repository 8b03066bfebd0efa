//! The event stage: verbs and their patterns, source and target, modality.
//!
//! Sparse parsing as TABARI does it, without a parser: drop short comma-delimited
//! clauses (appositions, attributions), split the sentence into clauses at
//! conjunctions that do not join a compound actor, then in each clause take the
//! verbs left to right and try each verb's patterns longest first. The first verb
//! that yields an event codes the clause. Source and target come from the pattern's
//! `$ + %` slots, or by TABARI's default rules (source: first actor before the verb;
//! target: first actor after it with a different code), swapped for the passive
//! voice ("was attacked by"). Compound actors give one event per pair.

mod combine;
mod complexity;
mod intent;
mod matcher;
mod modality;
mod new_actors;
mod passive;
mod petrarch1;

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use smallvec::SmallVec;

use crate::actors::{domestic_roles, find_mentions, ArticleMemory};
use crate::article::{Article, Event, Evidence, Mention, Modality, Sentence};
use crate::dict::compiled::{Candidates, VerbRef};
use crate::dict::WordMode;
use crate::dict::{CodeBy, Compiled, Dictionaries, EventSpec, Options, Origin};
use crate::ontology::{ModalCodes, Stance};
use crate::span::Span;
use crate::text::starts::StartFilter;
use crate::text::{split_sentences, tokenize, Norm, Token, TokenKind};

use combine::negate;
pub use combine::Interaction;
use matcher::{ClauseView, Hit, HitKind};
pub use modality::ModalityCues;

/// Codes articles with one set of compiled dictionaries.
pub struct Coder {
    /// Private: `discard_starts` is derived from it; read it through [`Coder::dicts`].
    dicts: Compiled,
    pub options: Options,
    /// Read noun phrases as TABARI did ([`ArticleMemory::tabari`]) and give its
    /// special actor codes (`###`, `+++`) their TABARI meaning; off by default.
    pub tabari_phrases: bool,
    /// Recode acts stated, refused or demanded rather than done as CAMEO's speech
    /// acts (on by default); the legacy programs did not, and their suites expect
    /// the act's own code.
    pub speech_acts: bool,
    /// Give roles without a country the country of a one-country sentence
    /// ([`domestic_roles`]; on by default); the legacy suites expect `---GOV`.
    pub domestic_roles: bool,
    /// PETRARCH-2's verb interaction ([`Interaction`]): set for a suite that names an
    /// internal coding ontology; `None` (detente's own coding) by default.
    pub interaction: Option<Interaction>,
    /// PETRARCH-1's conventions ([`petrarch1`]), for its unit suite (a PETRARCH suite
    /// without a coding ontology): a passive needs BY, a final comma segment with a
    /// subject of its own is coded apart, the source is looked for after the last
    /// comma before the verb and the target only after the verb (a target coded `---`
    /// needs a noun phrase there), pronouns name no actor, and a coded verb that finds
    /// no actors ends its clause's search. Off by default.
    pub petrarch1: bool,
    cues: ModalityCues,
    /// The rule text of each verb and pattern that coded an event ([`RuleTexts`]).
    rules: RuleTexts,
    /// The norms a discard can start at ([`discard_starts`]), for the discard scan.
    discard_starts: StartFilter,
}

/// Each dictionary entry's rule text ([`rule_text`]), keyed by the verb and the pattern
/// (a pattern belongs to a block of verbs, and the text names the verb): made when the
/// entry first codes an event, then shared by every event it codes. Writing it per
/// coding cost an allocation and three copies, and a copy per further event. Behind a
/// lock because a coder is shared between threads (`serve`); it is never contended long.
#[derive(Default)]
struct RuleTexts(Mutex<FxHashMap<RuleKey, Arc<str>>>);

/// A verb (index into the dictionaries' verbs) and the pattern it coded with, if any.
type RuleKey = (usize, Option<usize>);

impl RuleTexts {
    /// The rule text of verb `verb` coding with pattern `pattern` (its own code with `None`).
    fn get(&self, dicts: &Compiled, (verb, pattern): RuleKey) -> Arc<str> {
        // A panic while the lock was held left the map whole: each entry is written at once.
        let mut texts = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let text = texts.entry((verb, pattern)).or_insert_with(|| {
            let verb = &dicts.dicts.verbs[verb];
            match pattern.map(|p| &dicts.dicts.patterns[p]) {
                Some(pattern) => rule_text(&verb.lemma, Some(&pattern.text), &pattern.origin),
                None => rule_text(&verb.lemma, None, &verb.origin),
            }
            .into()
        });
        Arc::clone(text)
    }
}

/// A matched verb with the code it yields.
struct Coding<'d> {
    /// Borrowed from the dictionaries: most codings yield no event, so cloning the
    /// code strings for each cost more than reading them.
    spec: &'d EventSpec,
    hits: Vec<Hit>,
    verb: (usize, usize),
    /// The verb (index into the dictionaries' verbs) and the pattern that matched,
    /// if any; written out as the event's rule only when the coding yields events.
    rule: (usize, Option<usize>),
}

/// How a word may be read as a verb ([`Coder::verb_reading`]).
enum VerbReading {
    Noun,
    Verb,
    /// After the determiner or possessive at this sentence token: a verb only for
    /// a pattern that names that word.
    AfterDeterminer(usize),
}

/// Whether a pattern word of `coding` covers sentence token `token`.
fn names_word(coding: &Coding, token: usize) -> bool {
    coding.hits.iter().any(|h| h.element == HitKind::Word && h.first <= token && token < h.end)
}

/// The codings a verb form offers ([`Coder::codings`]), made one at a time. Written
/// out rather than chained from iterator adapters (filters, flattened options, chains),
/// which moved each coding through every stage: several hundred instructions per verb.
struct Codings<'v> {
    coder: &'v Coder,
    view: &'v ClauseView<'v>,
    /// The verb (index into the dictionaries' verbs), its form's first token and length.
    verb: usize,
    token: usize,
    len: usize,
    /// View indexes of the verb and of the first token after it.
    at: usize,
    after_start: usize,
    /// Whether the verb is read as active whatever precedes it (no passive regions).
    active: bool,
    /// The passive's regions, found at the first pattern that asks for them: a verb
    /// whose block offers no pattern to try needs none.
    regions: OnceCell<Option<passive::Regions>>,
    /// [`BlockNeeds::candidates`] of the verb's block not tried yet, in trying order.
    patterns: Candidates<'v>,
    /// PETRARCH-1's: the matching patterns' codings in its order, offered instead.
    in_order: Option<std::vec::IntoIter<Coding<'v>>>,
    /// Whether the verb's own code ([`Codings::own_code`]) is still to be offered.
    bare: bool,
}

impl<'v> Codings<'v> {
    /// The coding of candidate pattern `p`, if it matches the clause.
    fn pattern(&self, p: usize) -> Option<Coding<'v>> {
        let (coder, view, at, after_start) = (self.coder, self.view, self.at, self.after_start);
        let passive = || {
            *self
                .regions
                .get_or_init(|| if self.active { None } else { passive::regions(view, self.token, after_start) })
        };
        let pattern = &coder.dicts.dicts.patterns[p];
        if coder.interaction.is_some() && coder.verb_before(pattern) {
            return None;
        }
        let before_end = if pattern.before_adjacent { Some(at) } else { None };
        let mut hits = Vec::new();
        let before = if coder.tabari_phrases {
            view.match_items_back(&coder.dicts, &pattern.before, at, pattern.before_adjacent, &mut hits)
        } else if let Some(regions) = passive::words_only(&pattern.before).then(passive).flatten() {
            regions.match_before(view, &coder.dicts, &pattern.before, &mut hits)
        } else {
            let end_at = before_end.or_else(|| coder.subject_head_end(view, &pattern.before, at));
            view.match_items(&coder.dicts, &pattern.before, 0, at, false, end_at, &mut hits)
        };
        let matched = before
            && (view.match_items(
                &coder.dicts,
                &pattern.after,
                after_start,
                coder.phrase_end(view, &pattern.after, after_start),
                pattern.after_adjacent,
                None,
                &mut hits,
            ) || passive().is_some_and(|regions| {
                !pattern.after_adjacent && regions.match_after(view, &coder.dicts, &pattern.after, &mut hits)
            }));
        let verb = (self.token, self.token + self.len);
        matched.then_some(Coding { spec: &pattern.code, hits, verb, rule: (self.verb, Some(p)) })
    }

    /// The verb's own code (or its block's), offered when no pattern codes the verb.
    fn own_code(&self) -> Option<Coding<'v>> {
        let dicts = &self.coder.dicts.dicts;
        let verb = &dicts.verbs[self.verb];
        let spec = verb.code.as_ref().or_else(|| dicts.blocks[verb.block].code.as_ref())?;
        Some(Coding { spec, hits: Vec::new(), verb: (self.token, self.token + self.len), rule: (self.verb, None) })
    }
}

impl<'v> Iterator for Codings<'v> {
    type Item = Coding<'v>;

    fn next(&mut self) -> Option<Coding<'v>> {
        if let Some(in_order) = &mut self.in_order {
            if let Some(coding) = in_order.next() {
                return Some(coding);
            }
        } else {
            while let Some(p) = self.patterns.next() {
                if let Some(coding) = self.pattern(p) {
                    return Some(coding);
                }
            }
        }
        if std::mem::take(&mut self.bare) {
            return self.own_code();
        }
        None
    }
}

/// Source code, target code and the mentions they come from.
/// The codes are borrowed from the mentions, copied only into the events made.
type Pair<'m> = (Option<&'m str>, Option<&'m str>, Option<usize>, Option<usize>);

/// A coding's pairs: most codings make one to three events, kept inline (a vector
/// allocation per coding cost more than building them).
type Pairs<'m> = SmallVec<[Pair<'m>; 4]>;

/// Mentions of a clause (its actors before or after the verb, a compound's members):
/// a few, kept inline.
type Members = SmallVec<[usize; 8]>;

/// The commas and clause conjunctions of a sentence (or their view indexes): a few,
/// kept inline.
type Breaks = SmallVec<[usize; 16]>;

/// A sentence's tokens that start a modality cue, with the cues ([`ClauseView::cue_starts`]).
type CueStarts<'c> = SmallVec<[(usize, &'c [usize]); 8]>;

const PREPOSITIONS: &[&str] = &["IN", "INTO", "ON", "AT", "WITH", "TO", "FOR", "OF", "FROM", "BY", "UNDER"];
const AUXILIARIES: &[&str] = &["WAS", "WERE", "BEEN", "BE", "BEING", "IS", "ARE", "GET", "GOT"];
/// Modals and negation between a subject and its verb.
const MODALS: &[&str] = &[
    "WILL", "WOULD", "CAN", "COULD", "MAY", "MIGHT", "SHALL", "SHOULD", "MUST", "NOT", "N'T", "NEVER", "HAS", "HAVE",
    "HAD", "TO",
];
const CLAUSE_CONJUNCTIONS: &[&str] = &["AND", "BUT", "OR", "NOR", "WHILE", "WHEREAS"];

/// Whether `norm` is one of [`AUXILIARIES`], for the passive tests run on every coding.
/// Byte patterns compile to a test of the length and then of single bytes, where a
/// search of the list (or a `match` on strings) called `memcmp` for each word of the
/// same length; the unit test below keeps the two alike.
fn is_auxiliary(norm: &str) -> bool {
    matches!(
        norm.as_bytes(),
        [b'W', b'A', b'S']
            | [b'W', b'E', b'R', b'E']
            | [b'B', b'E', b'E', b'N']
            | [b'B', b'E']
            | [b'B', b'E', b'I', b'N', b'G']
            | [b'I', b'S']
            | [b'A', b'R', b'E']
            | [b'G', b'E', b'T']
            | [b'G', b'O', b'T']
    )
}

/// Whether `norm` is one of [`CLAUSE_CONJUNCTIONS`]: a `match` tests the length
/// first, where a search of the list compared each word. Tested for every token of
/// every sentence, so inlined, with the first letter ruling most words out before
/// the comparisons of their length.
#[inline(always)]
fn is_clause_conjunction(norm: &str) -> bool {
    matches!(norm.as_bytes().first(), Some(b'A' | b'B' | b'O' | b'N' | b'W'))
        && matches!(norm, "AND" | "BUT" | "OR" | "NOR" | "WHILE" | "WHEREAS")
}

impl Coder {
    pub fn new(dicts: Dictionaries) -> Coder {
        Coder::with(Compiled::new(dicts))
    }

    /// A coder on the built-in dictionaries alone, compiled at build time: codes as
    /// `Coder::new(Dictionaries::builtin())` does, without compiling at start (issue 3).
    pub fn builtin() -> Coder {
        Coder::with(Compiled::builtin())
    }

    /// The compiled dictionaries this coder codes with.
    pub fn dicts(&self) -> &Compiled {
        &self.dicts
    }

    fn with(dicts: Compiled) -> Coder {
        Coder {
            discard_starts: discard_starts(&dicts.dicts),
            dicts,
            options: Options::default(),
            tabari_phrases: false,
            speech_acts: true,
            domestic_roles: true,
            interaction: None,
            petrarch1: false,
            cues: ModalityCues::builtin(),
            rules: RuleTexts::default(),
        }
    }

    /// Runs the pipeline on an article: sentences and tokens, actors, events.
    pub fn code(&self, article: &mut Article) {
        article.sentences = split_sentences(&article.text)
            .into_iter()
            .map(|span| Sentence { span, tokens: tokenize(&article.text, span), skipped: None })
            .collect();
        self.code_sentences(article);
    }

    /// Codes an article whose sentences are already split (validation records are
    /// one sentence each, whatever their punctuation).
    pub fn code_sentences(&self, article: &mut Article) {
        let memory = if self.tabari_phrases { ArticleMemory::tabari() } else { ArticleMemory::default() };
        self.code_sentences_with(article, &mut memory.for_one_article());
    }

    /// [`Coder::code_sentences`] with what earlier text taught (TABARI's
    /// forwarding of a story's subject from record to record); `memory` is left
    /// with what this article adds, unless it is [`ArticleMemory::for_one_article`].
    pub fn code_sentences_with(&self, article: &mut Article, memory: &mut ArticleMemory) {
        let date = article.date.unwrap_or(20260101);
        article.mentions.clear();
        article.events.clear();
        let sentence_discards = match self.discards(article) {
            Ok(reasons) => reasons,
            Err(reason) => {
                article.skipped = Some(reason);
                return;
            }
        };
        // The discarded sentences' reasons, in sentence order.
        let mut sentence_discards = sentence_discards.into_iter().peekable();
        for index in 0..article.sentences.len() {
            let discard = sentence_discards.next_if(|(s, _)| *s == index).map(|(_, reason)| reason);
            let tokens = &article.sentences[index].tokens;
            let last = index + 1 == article.sentences.len();
            let mut mentions = find_mentions(index, tokens, &self.dicts, date, memory, last);
            let skip =
                discard.or_else(|| self.special_actor(&mentions)).or_else(|| self.too_complex(tokens, &mentions));
            if let Some(reason) = skip {
                article.sentences[index].skipped = Some(reason);
                append(&mut article.mentions, mentions);
                continue;
            }
            // The events' actors only: the article's mentions keep `---GOV`, which the
            // quotation stage resolves to an earlier speaker ("the ministry's spokeswoman").
            let bare_role = mentions.iter().flat_map(|m| &m.codes).any(|c| c.starts_with("---"));
            let events = if self.domestic_roles && bare_role {
                // `domestic_roles` rewrites only `---` codes: those are kept aside and put
                // back after coding, instead of copying every mention (names, entries).
                let bare: Vec<(usize, usize, String)> = mentions
                    .iter()
                    .enumerate()
                    .flat_map(|(m, mention)| mention.codes.iter().enumerate().map(move |(c, code)| (m, c, code)))
                    .filter(|(_, _, code)| code.starts_with("---"))
                    .map(|(m, c, code)| (m, c, code.clone()))
                    .collect();
                domestic_roles(&mut mentions, tokens, &self.dicts);
                let events = self.code_sentence(index, tokens, &mentions);
                for (m, c, code) in bare {
                    mentions[m].codes[c] = code;
                }
                events
            } else {
                self.code_sentence(index, tokens, &mentions)
            };
            match events.map(|events| (self.no_actor_around_verb(&events, &mentions), events)) {
                Ok((None, events)) => append(&mut article.events, events),
                Ok((Some(reason), _)) | Err(reason) => article.sentences[index].skipped = Some(reason),
            }
            append(&mut article.mentions, mentions);
        }
        crate::quotes::extract(article);
        Event::fold_repeats(&mut article.events);
    }

    /// The article's story discard (`Err`, the first one found), or else the sentences
    /// with a sentence discard and its reason, in order: one scan of the tokens finds
    /// both kinds. Sparse: most articles have none, and need no vector.
    fn discards(&self, article: &Article) -> Result<Vec<(usize, String)>, String> {
        let mut reasons = Vec::new();
        if self.dicts.discards.is_empty() {
            return Ok(reasons);
        }
        for (index, sentence) in article.sentences.iter().enumerate() {
            let tokens = &sentence.tokens;
            // Most tokens start no discard: the filter rules them out without a lookup
            // (the index's own first-bytes test passed a fifth of them), and a sentence
            // where none may start needs no vector of norms.
            let may_start = |i: usize| self.discard_starts.may_match(&tokens[i].norm);
            let Some(first) = (0..tokens.len()).find(|&i| may_start(i)) else { continue };
            let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
            let mut reason = None;
            for i in (first..norms.len()).filter(|&i| may_start(i)) {
                // The last entry matching here wins, as it would in a scan of its own kind.
                let (mut story, mut other) = (None, None);
                self.dicts.discards.each_at(&norms[i..], |f| {
                    let d = &self.dicts.dicts.discards[f.value];
                    if d.story {
                        story = Some(d);
                    } else {
                        other = Some(d);
                    }
                });
                if let Some(d) = story {
                    return Err(format!("story discard ({})", d.origin));
                }
                if let Some(d) = other.filter(|_| reason.is_none()) {
                    let kind = if d.complex { "complex" } else { "sentence discard" };
                    reason = Some(format!("{kind} ({})", d.origin));
                }
            }
            if let Some(reason) = reason {
                reasons.push((index, reason));
            }
        }
        Ok(reasons)
    }

    /// TABARI's special actor codes: an actor coded `###` discards the sentence, one
    /// coded `+++` makes it too complex to code (TABARI manual, actor codes).
    fn special_actor(&self, mentions: &[Mention]) -> Option<String> {
        if !self.tabari_phrases {
            return None;
        }
        // Also when joined to an agent ("Onodoher crowds").
        let codes = || mentions.iter().flat_map(|m| &m.codes);
        if codes().any(|c| c.contains("###")) {
            Some("sentence discard (actor code ###)".into())
        } else if codes().any(|c| c.contains("+++")) {
            Some("complex (actor code +++)".into())
        } else {
            None
        }
    }

    fn code_sentence(&self, index: usize, tokens: &[Token], mentions: &[Mention]) -> Result<Vec<Event>, String> {
        let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
        // The commas and conjunctions, the only tokens the comma clauses and the clause
        // splitting act at, and the words that start a modality cue, which every coding
        // with events looks for in its clause. (Collecting the norms, then scanning them,
        // costs less than pushing each norm in the same loop.)
        let mut breaks = Breaks::new();
        let mut cue_starts: CueStarts = SmallVec::new();
        for (i, &norm) in norms.iter().enumerate() {
            if norm == "," || is_clause_conjunction(norm) {
                breaks.push(i);
            }
            if let Some(cues) = self.cues.starting_with(norm) {
                cue_starts.push((i, cues));
            }
        }
        let named;
        let mentions = if self.petrarch1 {
            named = petrarch1::without_pronouns(mentions, &norms);
            &named[..]
        } else {
            mentions
        };
        let with_new_actors;
        let mentions = if self.options.new_actor_length > 0 {
            let max = self.options.new_actor_length;
            with_new_actors = new_actors::with_new_actors(index, tokens, &norms, mentions, &self.dicts, max);
            &with_new_actors[..]
        } else {
            mentions
        };
        let sentence_words = if self.interaction.is_some() {
            let words = with_singulars(&norms);
            self.dicts.sentence_words_of(&words.iter().map(String::as_str).collect::<Vec<_>>())
        } else {
            self.dicts.sentence_words(tokens)
        };
        let mut mention_at = vec![None; tokens.len()];
        let mut in_mention = vec![false; tokens.len()];
        for (m, mention) in mentions.iter().enumerate() {
            mention_at[mention.first] = Some(m);
            for flag in &mut in_mention[mention.first..mention.end] {
                *flag = true;
            }
        }
        let active = self.drop_comma_clauses(&norms, tokens, mentions, &breaks);
        let (clause_positions, clause_ranges) = self.clauses(&norms, active.as_deref(), mentions, &in_mention, &breaks);
        // Read only for a capitalised verb form, which few sentences have.
        let title_case = OnceCell::new();

        let mut events = Vec::new();
        let mut subordinate: Vec<Event> = Vec::new();
        let mut dominant: Vec<Event> = Vec::new();
        let mut previous_source: Option<usize> = None;
        // One buffer for the words of clauses with gaps, refilled for each.
        let mut clause_norms: Vec<&str> = Vec::new();
        // The clauses are read from their ranges in place (no vector of slices).
        for (c, range) in clause_ranges.iter().enumerate() {
            let positions = &clause_positions[range.clone()];
            let clause_end = clause_ranges
                .get(c + 1)
                .and_then(|next| clause_positions[next.clone()].first().copied())
                .unwrap_or(tokens.len());
            // A clause with no tokens dropped from it (most) reads its words in place.
            let contiguous = match (positions.first(), positions.last()) {
                (Some(&first), Some(&last)) => last - first + 1 == positions.len(),
                _ => false,
            };
            let words = if contiguous {
                &norms[positions[0]..positions[0] + positions.len()]
            } else {
                clause_norms.clear();
                clause_norms.extend(positions.iter().map(|&p| norms[p]));
                &clause_norms[..]
            };
            let view = ClauseView {
                norms: &norms,
                positions,
                clause_norms: words,
                clause_end,
                sentence_words: &sentence_words,
                mention_at: &mention_at,
                mentions,
                cue_starts: &cue_starts,
                skip_noun_phrases: !self.tabari_phrases,
                dependency_parse: self.interaction.is_some(),
            };
            let clause_source = mentions_in(positions, mentions).next();
            let mut coded = false;
            let mut event_source = None;
            // With `CodeBy::All`, the next verb is looked for after the words the
            // last coded one matched.
            let mut resume_at = 0;
            for at in 0..positions.len() {
                let token = positions[at];
                // The verb lookup first: most tokens are no verb form, and it is cheaper
                // than the noun test.
                if token < resume_at || in_mention[token] {
                    continue;
                }
                // The forms are looked up once, for the test and the search.
                let Some(refs) = self.dicts.verbs.get(norms[token]) else { continue };
                let determiner = match self.verb_reading(&norms, tokens, token, at, positions, &title_case) {
                    VerbReading::Noun => continue,
                    VerbReading::Verb => None,
                    VerbReading::AfterDeterminer(d) => Some(d),
                };
                // The verb of a complement this verb's code combines with: it does not
                // code alone.
                let mut combined_verb = None;
                // Whether the verb has a code here, whether or not it finds actors.
                let mut matched = false;
                'verb: for vref in self.forms_at(refs, &norms, token) {
                    // PETRARCH-2 codes a passive verb from its own phrases ("was seen to
                    // break into …" is no seeing combined with breaking).
                    let complement = self
                        .interaction
                        .as_ref()
                        .filter(|_| passive_agent(&view, mentions, token, token + vref.1).is_none())
                        .and_then(|_| self.complement(&view, token + vref.1));
                    // A coding that finds no actors gives way to the next one.
                    for coding in self.codings(&view, vref, token) {
                        if determiner.is_some_and(|d| !names_word(&coding, d)) {
                            continue;
                        }
                        if complement.as_ref().is_some_and(|c| Coder::reaches_into(&coding, c)) {
                            continue;
                        }
                        match &coding.spec {
                            EventSpec::Null | EventSpec::Complex => break 'verb,
                            EventSpec::Discard => return Err("sentence discard (verb pattern)".into()),
                            // "Ethiopia indicated it should have acted against Libya": a
                            // modal's own code is for the modal as the main verb, not as
                            // the auxiliary of the verb after it (its patterns still apply).
                            EventSpec::Event { .. }
                                if coding.rule.1.is_none() && self.auxiliary_modal(&norms, token) =>
                            {
                                break 'verb;
                            }
                            EventSpec::Event { subordinate: sub, dominant: dom, .. } => {
                                matched = true;
                                let (sub, dom) = (*sub, *dom);
                                let combined = match (&self.interaction, &complement) {
                                    (Some(interaction), Some(c)) => self.interact(
                                        interaction,
                                        index,
                                        tokens,
                                        mentions,
                                        &view,
                                        &coding,
                                        c,
                                        previous_source,
                                    ),
                                    _ => None,
                                };
                                if combined.is_some() {
                                    combined_verb = complement.as_ref().map(|c| c.verb);
                                }
                                // The events are made where they are kept (no vector per
                                // coding, moved over after).
                                let kept = if sub { &mut subordinate } else { &mut events };
                                let start = kept.len();
                                match combined {
                                    Some(combined) => kept.extend(combined),
                                    None => {
                                        self.push_events(
                                            index,
                                            tokens,
                                            mentions,
                                            &view,
                                            &coding,
                                            previous_source,
                                            kept,
                                        );
                                        if let Some(interaction) = &self.interaction {
                                            negate(interaction, &view, &coding, &mut kept[start..]);
                                        }
                                    }
                                }
                                let Some(first) = kept.get(start) else { continue };
                                if !sub {
                                    // "… shelled villages and wounded three civilians": the
                                    // next clause's missing subject is this event's source.
                                    event_source = first
                                        .evidence
                                        .source
                                        .and_then(|span| mentions.iter().position(|m| m.span == span));
                                    if dom && self.tabari_phrases {
                                        dominant.extend(events[start..].iter().cloned());
                                    }
                                    coded = true;
                                    resume_at = coding.hits.iter().map(|h| h.end).fold(coding.verb.1, usize::max);
                                }
                                break 'verb;
                            }
                        }
                    }
                }
                if coded && self.options.code_by != CodeBy::All {
                    break;
                }
                // PETRARCH-1 codes a verb phrase once: a coded verb that finds no actors
                // still ends the search, the verbs after it being inside its phrase
                // ("…, he said government proposed to take up the issue with the World
                // Bank" has no event: HE is no actor).
                if self.petrarch1 && matched && !coded {
                    break;
                }
                if let Some(verb) = combined_verb.filter(|_| !coded) {
                    resume_at = resume_at.max(verb + 1);
                }
            }
            if let Some(m) = clause_source.filter(|&m| mentions[m].first < positions.last().copied().unwrap_or(0)) {
                previous_source = Some(event_source.unwrap_or(m));
            }
            if coded && self.options.code_by == CodeBy::Sentence {
                break;
            }
        }
        if events.is_empty() {
            events = subordinate;
        }
        // TABARI's dominant codes (manual §6.6.2): only they are kept when one codes
        // (TABARI mode only; PETRARCH reads the `!` but does not act on it).
        if !dominant.is_empty() {
            events = dominant;
        }
        dedup(&mut events);
        Ok(events)
    }

    /// A modal at `token` followed, perhaps after NOT or forms of HAVE and BE, by a
    /// dictionary verb form: "should have acted", "would not attend".
    fn auxiliary_modal(&self, norms: &[&str], token: usize) -> bool {
        if !matches!(norms[token], "WILL" | "WOULD" | "CAN" | "COULD" | "MAY" | "MIGHT" | "SHALL" | "SHOULD" | "MUST") {
            return false;
        }
        let mut t = token + 1;
        while t < norms.len() && matches!(norms[t], "NOT" | "N'T" | "HAVE" | "BE" | "BEEN" | "NEVER") {
            t += 1;
        }
        norms.get(t).is_some_and(|n| self.dicts.verbs.contains_key(*n))
    }

    /// Verbs whose form starts at `token`, longest form first (the order
    /// [`Compiled`] keeps them in).
    fn verbs_at<'a>(&'a self, norms: &'a [&str], token: usize) -> impl Iterator<Item = (VerbRef, usize)> + 'a {
        let refs = self.dicts.verbs.get(norms[token]).map_or(&[][..], Vec::as_slice);
        self.forms_at(refs, norms, token)
    }

    /// [`Coder::verbs_at`] with the verb forms starting with the token's word already
    /// looked up (`refs`).
    fn forms_at<'a>(
        &'a self,
        refs: &'a [VerbRef],
        norms: &'a [&str],
        token: usize,
    ) -> impl Iterator<Item = (VerbRef, usize)> + 'a {
        refs.iter().filter_map(move |r| {
            let form = &self.dicts.dicts.verbs[r.verb].forms[r.form];
            let n = form.words.len();
            let fits = token + n <= norms.len() && form.words.iter().zip(&norms[token..]).all(|(w, n)| w == n);
            fits.then_some((*r, n))
        })
    }

    /// TABARI's noun/verb disambiguation: a capital letter inside a sentence or a
    /// noun entry makes the word a noun; so does a determiner or a possessive before
    /// it, unless a pattern of the verb names that word ("RECENTLY … ITS * [043]"
    /// under VOICE: the dictionary asks for the verb after it).
    fn verb_reading(
        &self,
        norms: &[&str],
        tokens: &[Token],
        token: usize,
        at: usize,
        positions: &[usize],
        title_case: &OnceCell<bool>,
    ) -> VerbReading {
        if tokens[token].kind != TokenKind::Word {
            return VerbReading::Noun;
        }
        if tokens[token].cap && token > 0 && !*title_case.get_or_init(|| is_title_case(tokens)) {
            return VerbReading::Noun;
        }
        if self.dicts.nouns.longest_at(&norms[token..]).is_some() {
            return VerbReading::Noun;
        }
        // TABARI's noun endings make "donate's" a noun, not the verb DONATE.
        if self.tabari_phrases && norms.get(token + 1) == Some(&"'S") {
            return VerbReading::Noun;
        }
        if at > 0 {
            let prev = positions[at - 1];
            // TABARI makes nouns only after THE, A and AN (manual §7.4).
            let possessive = matches!(norms[prev], "'S" | "ITS" | "THEIR" | "HIS" | "HER" | "OUR" | "MY" | "YOUR");
            if matches!(norms[prev], "THE" | "A" | "AN") || possessive && !self.tabari_phrases {
                return VerbReading::AfterDeterminer(prev);
            }
        }
        VerbReading::Verb
    }

    /// The codings a verb form offers, best first: its block's matching patterns,
    /// heaviest first, then the verb's own code.
    fn codings<'v>(
        &'v self,
        view: &'v ClauseView,
        vref: (VerbRef, usize),
        token: usize,
    ) -> impl Iterator<Item = Coding<'v>> + 'v {
        let (r, len) = vref;
        let block = self.dicts.dicts.verbs[r.verb].block;
        // The patterns whose need lists the sentence meets, as they are asked for.
        let patterns = self.dicts.block_needs.candidates(block, view.sentence_words);
        let mut codings = Codings {
            coder: self,
            view,
            verb: r.verb,
            token,
            len,
            at: view.index_of(token),
            after_start: view.index_of(token + len),
            // PETRARCH-1 reads a verb as passive only with BY after it.
            active: self.tabari_phrases || self.petrarch1 && !petrarch1::has_by_phrase(view, token + len),
            regions: OnceCell::new(),
            patterns,
            in_order: None,
            bare: true,
        };
        // PETRARCH-1 tries patterns of equal weight in the order it meets their words.
        if self.petrarch1 {
            let matched = codings.patterns.clone().filter_map(|p| codings.pattern(p)).collect();
            codings.in_order = Some(petrarch1::in_match_order(matched, |p| self.dicts.tried_weight(p)).into_iter());
        }
        codings
    }

    /// Whether a pattern names a dictionary verb before its own ("INDICATED *" under
    /// DEPLORE): PETRARCH-2 matches a verb's patterns within its own phrase, which holds
    /// no other verb, so its suites expect the verb's code ("Ethiopia indicated it
    /// deplored Libya" is 111, UD `VERB-23`).
    fn verb_before(&self, pattern: &crate::dict::Pattern) -> bool {
        pattern.before.iter().any(|item| match &item.element {
            crate::dict::Element::Word(w) => self.dicts.verbs.contains_key(&*w.text),
            _ => false,
        })
    }

    /// Where the words a pattern wants before the verb must end for UD-PETRARCH (a
    /// suite with a coding ontology): it matches them in the subject's noun phrase,
    /// starting from its head, so the last of them is the subject's last word,
    /// before the auxiliaries, modals, negation, TO and adverbs in -LY that lead to
    /// the verb at view index `at` ("Eriador's death toll has risen" is `{DEATH TOLL}
    /// *`; "Neither Galadriel nor Gollum boycotted" is no `NEITHER *`, UD
    /// `COMPOUND-20`; "is inching nearer to accord" no `(TO) *`, `SYNSET-24b`).
    /// `None` (anywhere before the verb) for other suites and for patterns with
    /// actor slots, which keep their places.
    fn subject_head_end(&self, view: &ClauseView, before: &[crate::dict::PatternItem], at: usize) -> Option<usize> {
        self.interaction.as_ref()?;
        if !passive::words_only(before) {
            return None;
        }
        let leads_to_verb = |k: &usize| {
            let norm = view.norms[view.positions[*k]];
            AUXILIARIES.contains(&norm) || MODALS.contains(&norm) || norm.ends_with("LY")
        };
        Some((0..at).rev().find(|k| !leads_to_verb(k)).map_or(0, |k| k + 1))
    }

    /// Where the words a pattern wants after the verb may be looked for, from view
    /// index `after_start`: to the clause's end, but for UD-PETRARCH (a suite with a
    /// coding ontology) only up to a THAT the pattern does not name, since it matches
    /// them in the verb's own noun phrases, and a THAT clause is none ("alleged that
    /// France was aware …, and that the French military … contributed to planning
    /// the massacres" is no `* MASSACRE`, GSR `AFP0808020957_2`).
    fn phrase_end(&self, view: &ClauseView, after: &[crate::dict::PatternItem], after_start: usize) -> usize {
        let len = view.positions.len();
        let names_that =
            || after.iter().any(|i| matches!(&i.element, crate::dict::Element::Word(w) if &*w.text == "THAT"));
        if self.interaction.is_none() || names_that() {
            return len;
        }
        (after_start..len).find(|&k| view.norms[view.positions[k]] == "THAT").unwrap_or(len)
    }

    /// Source and target for a coding, then one event per actor pair, pushed onto the end
    /// of `events`: the sentence's own vector, so that a coding needs no vector of its own.
    #[allow(clippy::too_many_arguments)]
    fn push_events(
        &self,
        sentence: usize,
        tokens: &[Token],
        mentions: &[Mention],
        view: &ClauseView,
        coding: &Coding,
        previous_source: Option<usize>,
        events: &mut Vec<Event>,
    ) {
        let EventSpec::Event { code, reverse, .. } = &coding.spec else { return };
        let (verb_first, verb_end) = coding.verb;
        let mut source = None;
        let mut target = None;
        let mut both = None;
        let mut skipped: SmallVec<[usize; 2]> = SmallVec::new();
        for hit in &coding.hits {
            match hit.element {
                HitKind::Source(m) => source = Some(m),
                HitKind::Target(m) => target = Some(m),
                HitKind::Both(m) => both = Some(m),
                // TABARI's `^` passes over an actor; kept to TABARI mode, where the manual
                // defines it (with the Phoenix dictionaries the GSR `VERB_1` lost its target).
                HitKind::Skip if self.tabari_phrases => skipped.push(hit.first),
                HitKind::Skip => {}
                HitKind::Word => {}
            }
        }
        // A pattern's `%`, as opposed to a compound after BETWEEN (below).
        let pattern_both = both;
        if source.is_none() && target.is_none() && both.is_none() {
            both = between_pair(view, mentions, verb_end);
        }
        let place = target.filter(|&t| is_place_of_act(view.norms, verb_end, mentions[t].first));
        // An actor a pattern skips (`^`) is neither source nor target. The clause's actors
        // before and after the verb, in one pass (no vector of the clause's actors).
        let (mut before, mut after) = (Members::new(), Members::new());
        for m in mentions_in(view.positions, mentions).filter(|&m| !skipped.contains(&mentions[m].first)) {
            if mentions[m].end <= verb_first {
                before.push(m);
            }
            if mentions[m].first >= verb_end {
                after.push(m);
            }
        }
        let lead = leading_adverbial(view);
        if before.iter().any(|&m| mentions[m].first >= lead) {
            // "Before leaving for Beijing, President Bush …": the subject follows it.
            before.retain(|m| mentions[*m].first >= lead);
        }
        if self.petrarch1 {
            petrarch1::keep_comma_segment(view, mentions, verb_first, &mut before);
        }
        let designated = source.is_some() || target.is_some() || both.is_some();

        let mut pairs = Pairs::new();
        let both_group = both.map(|m| group_members(mentions, m, view)).unwrap_or_default();
        // "Eriador agrees with the Philippines and France" (`* WITH %`): a compound after
        // the verb acts with the subject, not among its own members.
        let after_verb = pattern_both.is_some_and(|m| mentions[m].first >= verb_end);
        // TABARI's suite expects the compound's own members (`PATTERN-02a`).
        let subject = before.first().copied().filter(|s| after_verb && !self.tabari_phrases && !both_group.contains(s));
        if let Some(s) = subject {
            let targets = slot_codes(mentions, &both_group);
            pairs = slot_codes(mentions, &group_members(mentions, s, view))
                .into_iter()
                .flat_map(|(s, sm)| targets.iter().map(move |(t, tm)| (s, *t, sm, *tm)))
                .filter(|(s, t, _, _)| s != t)
                .collect();
        } else if both.is_some() {
            pairs = pairs_within(mentions, &both_group);
        } else {
            let mut passive = false;
            if !designated {
                let passive_voice = passive_agent(view, mentions, verb_first, verb_end)
                    .filter(|_| !self.petrarch1 || petrarch1::has_by_phrase(view, verb_end));
                if let Some(agent) = passive_voice {
                    // The subject of a passive verb is its target; without an agent
                    // the source stays unknown, but for UD-PETRARCH (below).
                    passive = true;
                    target = before.first().copied();
                    source = agent.or_else(|| self.passive_source(view, mentions, verb_end, target));
                } else if code == "---" && reverse.is_some() && !self.tabari_phrases {
                    target = passive::giver(view, verb_end);
                }
            } else if let (None, Some(t)) = (source, target) {
                // "was blown up … by a missile fired by rebels" matched `* … +`: a
                // target slot filled by the passive's agent is the source.
                let first = mentions[t].first;
                let by_agent = view.norms[first.saturating_sub(3)..first].contains(&"BY");
                if by_agent && passive_agent(view, mentions, verb_first, verb_end).is_some() {
                    if let Some(&subject) = before.first() {
                        passive = true;
                        source = Some(t);
                        target = Some(subject);
                    }
                }
            }
            let complement = if passive || designated || self.tabari_phrases {
                None
            } else {
                self.complement_subject(view, mentions, &before, verb_first)
            };
            if let Some(subject) = complement {
                source = Some(subject);
            }
            if !passive && source.is_none() && target.is_none_or(|t| mentions[t].first >= verb_end) {
                source = before.first().copied().or(previous_source);
            }
            if !passive && source.is_none() && target.is_some() {
                source = before.iter().copied().find(|&m| Some(m) != target).or(previous_source);
            }
            // TABARI is greedy (manual §8.5, note 3): with no source before the verb, the
            // first actor after it is the source, alone, unless `DEFAULT: … PRIOR` asks
            // for the default code instead.
            let greedy_source = self.tabari_phrases && !passive && !self.options.source_prior && source.is_none();
            if greedy_source {
                source = after.iter().copied().find(|&m| Some(m) != target);
            }
            let mut source_group = match source {
                Some(s) if greedy_source => Members::from_slice(&[s]),
                Some(s) => group_members(mentions, s, view),
                None => Members::new(),
            };
            if target.is_none() {
                let distinct = |m: &usize| {
                    !source_group.contains(m)
                        && mentions[*m]
                            .codes
                            .iter()
                            .any(|c| !source_group.iter().any(|&s| mentions[s].codes.contains(c)))
                };
                // An actor with a known country beats a bare agent ("troops", "officials").
                // A new actor (PETRARCH's `new_actor_length`, its own words in quotes) only
                // when no dictionary actor follows ("in the dispute with Osgiliath").
                // TABARI takes the first actor after the verb, agent or not (`CONV-07`).
                let known = |m: &usize| {
                    distinct(m)
                        && (self.tabari_phrases
                            || mentions[*m].codes.iter().any(|c| !c.starts_with("---") && !c.starts_with('"')))
                };
                target = after
                    .iter()
                    .copied()
                    .find(known)
                    .or_else(|| after.iter().copied().find(distinct))
                    // In a complement clause the actors before it are the speaker's;
                    // PETRARCH-1 looks for a target in the verb's own phrase only.
                    .or_else(|| {
                        before.iter().copied().filter(|_| complement.is_none() && !self.petrarch1).find(distinct)
                    });
                // Greedy again, unless `DEFAULT: … AFTER`: a compound source with no
                // other actor is its first member acting on the next ("Bree and Arnor
                // are about to restore …" → BRE ARN).
                if target.is_none() && self.tabari_phrases && !passive && !self.options.target_after {
                    if let [first, next, ..] = source_group[..] {
                        source_group = Members::from_slice(&[first]);
                        target = Some(next);
                    }
                }
            }
            let target_group = target.map(|t| group_members(mentions, t, view)).unwrap_or_default();
            // TABARI instead codes such a compound against its default target.
            let pair = |m: &usize| mentions[*m].reference && mentions[*m].codes.len() > 1;
            let mutual =
                !self.tabari_phrases && (source_group.len() > 1 || source_group.iter().any(pair)) && is_mutual(code);
            // PETRARCH-1 codes no verb without a noun phrase after it ("said today").
            let no_object = target.is_none() && self.petrarch1 && !petrarch1::has_noun_phrase_after(view, verb_end);
            if target.is_none() && !passive && mutual {
                // "The US, Russia and Switzerland met": a joint act with no one else
                // involved is done by each member with each other one.
                pairs = pairs_within(mentions, &source_group);
            } else if !no_object {
                let other_party = |code: &Option<&str>| {
                    after
                        .iter()
                        .any(|&m| Some(m) != place && mentions[m].codes.iter().any(|c| Some(c.as_str()) != *code))
                };
                each_slot(mentions, &source_group, |s, sm| {
                    each_slot(mentions, &target_group, |t, tm| {
                        // Nationals acting in a place of their own country ("Iraqi Kurds
                        // demonstrated in Kirkuk") are a domestic event, IRQ → IRQ, unless
                        // the clause names another party ("… against the government").
                        let domestic = place.is_some() && tm == place && sm != tm && !other_party(&s);
                        if s.is_none() || s != t || domestic {
                            pairs.push((s, t, sm, tm));
                        }
                    })
                });
            }
        }

        if self.options.require_dyad {
            pairs.retain(|(s, t, _, _)| s.is_some() && t.is_some());
        }
        if pairs.is_empty() {
            return;
        }
        let reading = self.cues.modality(view, coding, source.map(|s| mentions[s].end));
        // An act stated, refused or demanded rather than done takes CAMEO's code for that.
        let speech = self.speech(code, reading, view, mentions);
        let modality = speech.as_ref().map_or(reading.modality, |s| s.modality);
        if let Some((speaker, subject)) = speech.as_ref().and_then(|s| s.parties) {
            let subjects = slot_codes(mentions, &group_members(mentions, subject, view));
            pairs = slot_codes(mentions, &group_members(mentions, speaker, view))
                .into_iter()
                .flat_map(|(s, sm)| subjects.iter().map(move |(t, tm)| (s, *t, sm, *tm)))
                .filter(|(s, t, _, _)| s != t)
                .collect();
        }
        let act = speech.as_ref().map(|_| code.clone());
        let code = speech.as_ref().map_or(code, |s| &s.code);
        let pattern_spans: Vec<Span> = coding
            .hits
            .iter()
            .filter(|h| h.element == HitKind::Word)
            .map(|h| tokens[h.first].span.cover(tokens[h.end - 1].span))
            .collect();
        let verb_span = tokens[verb_first].span.cover(tokens[verb_end - 1].span);
        let rule = self.rules.get(&self.dicts, coding.rule);
        // The other side's part ("X will visit Y": Y will host X) is stated with it;
        // a refusal or a demand is one actor's.
        let reverse = match &speech {
            None => reverse.clone().map(|r| (r, None)),
            Some(s) if s.stance == Stance::Stated => reverse.as_ref().map(|r| {
                let stated = ModalCodes::builtin().code(r, Stance::Stated);
                (stated.unwrap_or(r).to_string(), stated.map(|_| r.clone()))
            }),
            Some(_) => None,
        };
        // The codes and names are copied in place ([`Norm`], no allocation), the rule
        // shared; the pattern spans are filled in below, moved into the last event.
        let span = |m: Option<usize>| m.map(|m| mentions[m].span);
        let name = |m: Option<usize>| m.map(|m| mentions[m].name.as_str());
        // The pair's event, acting as coded.
        let forward = |&(s, t, sm, tm): &(Option<&str>, Option<&str>, Option<usize>, Option<usize>)| {
            new_event(
                sentence,
                modality,
                (s.unwrap_or("---"), t.unwrap_or("---")),
                (code, act.as_deref()),
                (span(sm), span(tm), verb_span),
                (name(sm), name(tm)),
                &rule,
            )
        };
        let start = events.len();
        // Exactly: a vector's first growth makes room for four ~290-byte events, an
        // allocation past the allocator's small sizes, where most sentences keep one.
        events.reserve_exact(pairs.len() * if reverse.is_some() { 2 } else { 1 });
        if reverse.is_none() && code != "---" {
            // One event per pair (most codings): extended from the pairs, an exact-size
            // iterator, each event is built where the vector stores it; a `push` built it
            // on the stack and copied its ~290 bytes with a `memcpy`.
            events.extend(pairs.iter().map(forward));
        } else {
            // By reference: moving the inline pairs into an iterator copies them.
            for pair @ &(s, t, sm, tm) in &pairs {
                if code != "---" {
                    events.push(forward(pair));
                }
                // One side acting on the other: names and evidence follow the two mentions.
                let (source_code, target_code) = (s.unwrap_or("---"), t.unwrap_or("---"));
                if let Some((reverse, reverse_act)) =
                    reverse.as_ref().filter(|_| source_code != "---" && target_code != "---")
                {
                    events.push(new_event(
                        sentence,
                        modality,
                        (target_code, source_code),
                        (reverse, reverse_act.as_deref()),
                        (span(tm), span(sm), verb_span),
                        (name(tm), name(sm)),
                        &rule,
                    ));
                }
            }
        }
        if let Some((last, others)) = events[start..].split_last_mut() {
            for event in others {
                event.evidence.pattern = pattern_spans.clone();
            }
            last.evidence.pattern = pattern_spans;
        }
    }

    /// The source of a passive verb that names no agent, for UD-PETRARCH (a suite
    /// with a coding ontology): it takes the first actor of the verb's prepositional
    /// phrases (its `nmod` relations), nested ones included, when the subject gives
    /// none ("The Philippines was criticized over its territorial dispute with
    /// Eriador" → ERI PHL, UD `PATTERN-24…26`; PETRARCH-1's unit file keeps the
    /// subject as the source). An actor past another verb or a THAT is in a clause of
    /// its own ("It has been noted that Gondor …", "was seen to break into …").
    fn passive_source(
        &self,
        view: &ClauseView,
        mentions: &[Mention],
        verb_end: usize,
        target: Option<usize>,
    ) -> Option<usize> {
        self.interaction.as_ref()?;
        let target_codes = target.map_or(&[][..], |t| &mentions[t].codes[..]);
        let mut preposition = false;
        let mut k = view.index_of(verb_end);
        while let Some(&t) = view.positions.get(k) {
            if let Some(m) = view.mention_at[t] {
                if preposition && Some(m) != target && mentions[m].codes.iter().any(|c| !target_codes.contains(c)) {
                    return Some(m);
                }
                k = view.index_of(mentions[m].end);
                continue;
            }
            let norm = view.norms[t];
            if matches!(norm, "THAT" | "WHO" | "WHICH" | ",") || self.dicts.verbs.contains_key(norm) {
                return None;
            }
            preposition |= PREPOSITIONS.contains(&norm) || matches!(norm, "OVER" | "AGAINST" | "ABOUT");
            k += 1;
        }
        None
    }

    /// "The Kremlin said Kyiv will not rearm": the subject of a verb in a complement
    /// clause is the actor right before it (perhaps with auxiliaries, negation or an
    /// adverb between), when a verb or THAT separates it from the clause's first
    /// actor; otherwise `None`, and the first actor is the source as usual.
    fn complement_subject(
        &self,
        view: &ClauseView,
        mentions: &[Mention],
        before: &[usize],
        verb_first: usize,
    ) -> Option<usize> {
        let (&first, &last) = (before.first()?, before.last()?);
        // The head of the last actor's compound group ("Gondor and Osgiliath").
        let subject = *before.iter().find(|&&m| mentions[m].group == mentions[last].group)?;
        if mentions[subject].group == mentions[first].group {
            return None;
        }
        let norm = |t: usize| view.norms[t];
        let close = (mentions[last].end..verb_first)
            .all(|t| AUXILIARIES.contains(&norm(t)) || MODALS.contains(&norm(t)) || norm(t).ends_with("LY"));
        if !close {
            return None;
        }
        // A verb lookup hashes the word: only for words outside the actors.
        let separated = (mentions[first].end..mentions[subject].first)
            .any(|t| norm(t) == "THAT" || view.mention_at[t].is_none() && self.dicts.verbs.contains_key(norm(t)));
        separated.then_some(subject)
    }

    /// Marks tokens of short comma-delimited clauses inactive (PETRARCH's comma
    /// options). A clause that is a member of a compound actor list stays.
    fn drop_comma_clauses(
        &self,
        norms: &[&str],
        tokens: &[Token],
        mentions: &[Mention],
        breaks: &[usize],
    ) -> Option<Vec<bool>> {
        // The commas are read each pair as it comes.
        let mut commas = breaks.iter().copied().filter(|&i| norms[i] == ",");
        // A sentence without a comma (many) keeps every token, with no vector to say so.
        let first_comma = commas.next()?;
        let mut active = vec![true; tokens.len()];
        let mut end = tokens.len();
        while end > 0 && tokens[end - 1].kind == TokenKind::Punct && !matches!(norms[end - 1], "\"" | "'" | ")") {
            end -= 1;
        }
        let words = |a: usize, b: usize| tokens[a..b].iter().filter(|t| t.kind != TokenKind::Punct).count();
        // Whether tokens `a..b` hold a number of words in `(min, max)`; a zero `max`
        // (the option off) is known before counting.
        let in_range = |a: usize, b: usize, (min, max): (usize, usize)| {
            max > 0 && {
                let n = words(a, b);
                n >= min && n <= max
            }
        };
        let is_list_member = |a: usize, b: usize| {
            // Only actors, determiners and conjunctions: part of "A, B and C".
            let covered = |i: usize| {
                mentions.iter().any(|m| m.first <= i && i < m.end)
                    || matches!(norms[i], "THE" | "A" | "AN" | "AND" | "OR" | ",")
                    || tokens[i].kind == TokenKind::Punct
            };
            (a..b).all(covered) && mentions.iter().any(|m| m.first >= a && m.end <= b)
        };
        // Each comma clause is dropped as found: none of the tests below reads `active`.
        if in_range(0, first_comma, self.options.comma_begin) {
            active[..first_comma + 1].fill(false);
        }
        let mut last = first_comma;
        for comma in commas {
            let (a, b) = (last + 1, comma);
            if in_range(a, b, self.options.comma) && !is_list_member(a, b) {
                active[last..b].fill(false);
            }
            last = comma;
        }
        // "…, saying Russian artillery shelled villages": a closing participial clause
        // shares the main clause's subject and often carries the reported event itself.
        let participle = self.options.keep_main_clause
            && last + 1 < end
            && norms[last + 1].ends_with("ING")
            && self.dicts.verbs.contains_key(norms[last + 1]);
        // "The US, Russia, and Switzerland met": the last member of a list, with the
        // rest of the clause, is no comma clause.
        let list_end = matches!(norms.get(last + 1), Some(&("AND" | "OR"))) && joins_compound(mentions, last);
        // "Russia attacked Kyiv, and Ukraine attacked Belgorod": a conjunction, an actor
        // and a verb make a clause of its own, not an aside.
        let coordinate = self.options.keep_main_clause
            && matches!(norms.get(last + 1), Some(&("AND" | "BUT" | "WHILE" | "WHEREAS" | "YET")))
            && {
                let mut segment = vec![false; tokens.len()];
                segment[last + 1..end].fill(true);
                self.has_actor_then_verb(norms, &segment, mentions)
            };
        // TABARI drops a final clause only before the sentence's closing period: its
        // suite codes the final clause of a record without one (`MARK-06…10`).
        let closed = !self.tabari_phrases || norms.get(end) == Some(&".");
        let end_span = last < end
            && closed
            && in_range(last + 1, end, self.options.comma_end)
            && !is_list_member(last + 1, end)
            && !participle
            && !list_end
            && !coordinate;
        if end_span {
            // The last segment may be the main clause ("On Friday, Putin said …"): it
            // goes only if an actor followed by a verb is left.
            let mut without_end = active.clone();
            without_end[last..end].fill(false);
            if !self.options.keep_main_clause || self.has_actor_then_verb(norms, &without_end, mentions) {
                active = without_end;
            }
        }
        Some(active)
    }

    /// Whether some active mention is followed by an active verb form outside mentions.
    fn has_actor_then_verb(&self, norms: &[&str], active: &[bool], mentions: &[Mention]) -> bool {
        let Some(first) = mentions.iter().filter(|m| active[m.first]).map(|m| m.end).min() else {
            return false;
        };
        (first..norms.len()).any(|i| {
            active[i] && self.dicts.verbs.contains_key(norms[i]) && !mentions.iter().any(|m| m.first <= i && i < m.end)
        })
    }

    /// Splits the active tokens (all of them with `active` `None`) into clauses at
    /// conjunctions that do not join a compound actor and are followed by a verb
    /// before the next conjunction.
    /// The clauses are returned as ranges of one array of positions (a vector per
    /// clause cost more than the splitting).
    fn clauses(
        &self,
        norms: &[&str],
        active: Option<&[bool]>,
        mentions: &[Mention],
        in_mention: &[bool],
        breaks: &[usize],
    ) -> (Vec<usize>, Vec<Range<usize>>) {
        // Sized once: collecting a filter grows a vector several times.
        let mut positions = Vec::with_capacity(norms.len());
        let is_active = |i: usize| active.is_none_or(|active| active[i]);
        let all_active = active.is_none_or(|active| active.iter().all(|&a| a));
        if all_active {
            // No comma clause dropped (most sentences): a range extends in one step.
            positions.extend(0..norms.len());
        } else {
            positions.extend((0..norms.len()).filter(|&i| is_active(i)));
        }
        let mut clauses = Vec::with_capacity(4);
        // The clauses' positions, in order: the current clause is `kept[start..]`.
        let mut kept = Vec::with_capacity(positions.len());
        let mut start = 0;
        let own_subject = if self.petrarch1 {
            let is_verb = |i: usize| !in_mention[i] && self.dicts.verbs.contains_key(norms[i]);
            // A sentence with no comma has no such segment.
            active.and_then(|active| petrarch1::own_subject_segment(norms, active, mentions, is_verb))
        } else {
            None
        };
        // Only commas, the tokens after them, conjunctions and PETRARCH-1's subject may
        // end a clause or be dropped: their view indexes, in order. The other tokens
        // (most) are kept, copied in runs, without being looked at.
        let view_index = |t: usize| if all_active { t } else { positions.partition_point(|&p| p < t) };
        let mut marks = Breaks::new();
        let mut mark = |k: usize| {
            if marks.last().is_none_or(|&last| last < k) {
                marks.push(k);
            }
        };
        for &t in breaks.iter().filter(|&&t| is_active(t)) {
            let k = view_index(t);
            mark(k);
            if norms[t] == "," && k + 1 < positions.len() {
                mark(k + 1);
            }
        }
        if let Some(k) = own_subject.filter(|&t| is_active(t)).map(view_index) {
            if let Err(at) = marks.binary_search(&k) {
                marks.insert(at, k);
            }
        }
        // `positions[..copied]` are in `kept` (or dropped).
        let mut copied = 0;
        for &k in &marks {
            let i = positions[k];
            let norm = norms[i];
            let comma = norm == ",";
            let after_comma = k > 0 && norms[positions[k - 1]] == ",";
            kept.extend_from_slice(&positions[copied..k]);
            copied = k + 1;
            if Some(i) == own_subject && start < kept.len() {
                clauses.push(start..kept.len());
                start = kept.len();
            }
            // ", saying Russian artillery shelled …": a participial clause of its own, whose
            // missing subject is the main clause's.
            if after_comma
                && self.options.keep_main_clause
                && norm.ends_with("ING")
                && !in_mention[i]
                && self.dicts.verbs.contains_key(norm)
                && kept.len() - start > 1
            {
                kept.pop();
                clauses.push(start..kept.len());
                start = kept.len();
            }
            if comma && self.interaction.is_some() && self.starts_subject_clause(norms, &positions[k + 1..], mentions) {
                clauses.push(start..kept.len());
                start = kept.len();
                continue;
            }
            // "alleged that France knew, and that its troops helped": a second
            // complement of the same verb, not a clause of its own.
            if is_clause_conjunction(norm)
                && start < kept.len()
                && positions.get(k + 1).is_none_or(|&j| norms[j] != "THAT")
                && !joins_compound(mentions, i)
            {
                let current = &kept[start..];
                let rest = &positions[k + 1..];
                let has_verb = rest
                    .iter()
                    .take_while(|&&j| !is_clause_conjunction(norms[j]))
                    .any(|&j| !in_mention[j] && self.dicts.verbs.contains_key(norms[j]));
                // "Eriador's death and injury toll has risen": with no verb before it and
                // no actor after it, the conjunction joins two nouns of one subject.
                let verb_before = if self.interaction.is_some() {
                    self.verb_follows(norms, i, rest, in_mention)
                } else {
                    current.iter().any(|&j: &usize| !in_mention[j] && self.dicts.verbs.contains_key(norms[j]))
                };
                let actor_after = rest.iter().take(2).any(|&j| in_mention[j]);
                if has_verb && (verb_before || actor_after) {
                    clauses.push(start..kept.len());
                    start = kept.len();
                    continue;
                }
            }
            kept.push(i);
        }
        kept.extend_from_slice(&positions[copied..]);
        if start < kept.len() {
            clauses.push(start..kept.len());
        }
        (kept, clauses)
    }
}

/// The norms and the singulars their regular plural endings may stand for (S, ES,
/// IES → Y), for the patterns a lemma may match ([`ClauseView::dependency_parse`]).
fn with_singulars(norms: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = norms.iter().map(|n| n.to_string()).collect();
    for norm in norms {
        if let Some(stem) = norm.strip_suffix('S') {
            words.push(stem.to_string());
            if let Some(stem) = stem.strip_suffix('E') {
                words.push(stem.to_string());
                if let Some(stem) = stem.strip_suffix('I') {
                    words.push(format!("{stem}Y"));
                }
            }
        }
    }
    words
}

impl Coder {
    /// Whether `rest`, the positions after a comma, open with an actor followed by a
    /// dictionary verb (perhaps after auxiliaries, modals and adverbs): a clause with
    /// a subject of its own, which a dependency parse never reads as part of the
    /// clause before the comma ("…, especially by promoting biofuels and other
    /// alternatives to oil, US Deputy Secretary of Energy Jeffrey Kupfer said …":
    /// Kupfer is no target of "seeking", GSR `AFP0808020675_1`).
    fn starts_subject_clause(&self, norms: &[&str], rest: &[usize], mentions: &[Mention]) -> bool {
        let Some(mention) = rest.first().and_then(|&t| mentions.iter().find(|m| m.first == t)) else {
            return false;
        };
        let leads_to_verb = |n: &str| AUXILIARIES.contains(&n) || MODALS.contains(&n) || n.ends_with("LY");
        rest.iter().skip_while(|&&t| t < mention.end).find(|&&t| !leads_to_verb(norms[t])).is_some_and(|&t| {
            !mentions.iter().any(|m| m.first <= t && t < m.end) && self.dicts.verbs.contains_key(norms[t])
        })
    }

    /// Whether the conjunction at sentence token `conjunction` joins verbs: a
    /// dictionary verb comes right after it (`rest`: the positions after it), perhaps
    /// after auxiliaries, modals and adverbs, and no adverb in -LY comes right before
    /// it ("heavily and unjustly criticized" joins adverbs). UD-PETRARCH reads
    /// conjoined verbs from the parse's `conj` relation, so "launched a new bombing
    /// and shelling offensive against Osgiliath" is one clause, coded by `LAUNCH *
    /// OFFENSIVE` (UD `PATTERN-23`), and "attacked Y and then shelled Z" two.
    fn verb_follows(&self, norms: &[&str], conjunction: usize, rest: &[usize], in_mention: &[bool]) -> bool {
        let leads_to_verb = |n: &str| {
            AUXILIARIES.contains(&n) || MODALS.contains(&n) || n.ends_with("LY") || matches!(n, "THEN" | "ALSO")
        };
        let adverbs = conjunction > 0 && norms[conjunction - 1].ends_with("LY");
        !adverbs
            && rest
                .iter()
                .find(|&&j| !leads_to_verb(norms[j]))
                .is_some_and(|&j| !in_mention[j] && self.dicts.verbs.contains_key(norms[j]))
    }
}

/// Mentions whose first token is in the clause, in order.
fn mentions_in<'a>(positions: &'a [usize], mentions: &'a [Mention]) -> impl Iterator<Item = usize> + 'a {
    // Mentions outside the clause's span are ruled out by two comparisons, and a clause
    // with no token dropped from its span (most) needs no search for the others.
    let (span, contiguous) = match (positions.first(), positions.last()) {
        (Some(&first), Some(&last)) => (first..last + 1, last - first + 1 == positions.len()),
        _ => (0..0, true),
    };
    mentions
        .iter()
        .enumerate()
        .filter(move |(_, m)| span.contains(&m.first) && (contiguous || positions.binary_search(&m.first).is_ok()))
        .map(|(i, _)| i)
}

/// Each code of each mention in a group, with its mention; one empty slot when the
/// group is empty.
fn slot_codes<'m>(mentions: &'m [Mention], group: &[usize]) -> SmallVec<[(Option<&'m str>, Option<usize>); 4]> {
    if group.is_empty() {
        return SmallVec::from_slice(&[(None, None)]);
    }
    group.iter().flat_map(|&m| mentions[m].codes.iter().map(move |c| (Some(c.as_str()), Some(m)))).collect()
}

/// [`slot_codes`] without collecting them: `f(code, mention)` for each.
fn each_slot<'m>(mentions: &'m [Mention], group: &[usize], mut f: impl FnMut(Option<&'m str>, Option<usize>)) {
    if group.is_empty() {
        return f(None, None);
    }
    for &m in group {
        for code in &mentions[m].codes {
            f(Some(code.as_str()), Some(m));
        }
    }
}

/// The members of `m`'s compound group within the clause (a list of actors does not
/// run across clauses; members in its dropped comma segments still count).
fn group_members(mentions: &[Mention], m: usize, view: &ClauseView) -> Members {
    let group = mentions[m].group;
    let span = view.positions.first().copied().unwrap_or(0)..view.clause_end;
    (0..mentions.len()).filter(|&i| i == m || mentions[i].group == group && span.contains(&mentions[i].first)).collect()
}

/// Every ordered pair of different codes of different members of a group, or of one
/// member that refers to two parties ("the two sides").
fn pairs_within<'m>(mentions: &'m [Mention], group: &[usize]) -> Pairs<'m> {
    let mut pairs = Pairs::new();
    for &a in group {
        for &b in group {
            for ca in &mentions[a].codes {
                for cb in &mentions[b].codes {
                    if (a != b || mentions[a].reference) && ca != cb {
                        pairs.push((Some(ca.as_str()), Some(cb.as_str()), Some(a), Some(b)));
                    }
                }
            }
        }
    }
    pairs
}

/// CAMEO acts done with another party rather than to it: consulting (04),
/// diplomatic (05) and material (06) cooperation, and intentions to cooperate (03).
/// Said of a compound subject alone, they are done among its members.
fn is_mutual(code: &str) -> bool {
    matches!(code.get(..2), Some("03" | "04" | "05" | "06"))
}

fn joins_compound(mentions: &[Mention], token: usize) -> bool {
    mentions.windows(2).any(|w| w[0].group == w[1].group && w[0].end <= token && token < w[1].first)
}

/// "a call between Trump and Putin", "talks among the three": a compound actor right
/// after the verb and BETWEEN or AMONG acts on itself, one event each way.
fn between_pair(view: &ClauseView, mentions: &[Mention], verb_end: usize) -> Option<usize> {
    let at = view.index_of(verb_end);
    let (&word, &next) = (view.positions.get(at)?, view.positions.get(at + 1)?);
    if !matches!(view.norms[word], "BETWEEN" | "AMONG") {
        return None;
    }
    let m = view.mention_at[next]?;
    let members = mentions.iter().filter(|other| other.group == mentions[m].group).count();
    (members > 1).then_some(m)
}

/// Passive voice: a form of "be" (or "get") one or two words before a verb not in
/// -ING. `None` for an active verb; else the agent, if the clause names one: the
/// first actor after a BY ("was blown up over Ukraine by a missile fired by
/// rebels"), else right after IN, DURING or FROM ("were killed in Israeli shelling",
/// "was fired at it from the Gaza Strip": PETRARCH-2 looks in BY, FROM and IN phrases).
fn passive_agent(view: &ClauseView, mentions: &[Mention], verb_first: usize, verb_end: usize) -> Option<Option<usize>> {
    if !is_passive(view, verb_first) {
        return None;
    }
    let after = view.index_of(verb_end);
    let rest = &view.positions[after..view.positions.len().min(after + 16)];
    // The actor starting within `reach` words after position `k` of `rest`.
    let actor_after =
        |k: usize, reach: usize| rest[k + 1..rest.len().min(k + 1 + reach)].iter().find_map(|&t| view.mention_at[t]);
    let by = rest.iter().enumerate().filter(|(_, &t)| view.norms[t] == "BY").find_map(|(k, _)| actor_after(k, 4));
    let agent = by.or_else(|| {
        rest.iter()
            .take(3)
            .position(|&t| matches!(view.norms[t], "IN" | "DURING" | "FROM"))
            .and_then(|k| actor_after(k, 2))
    });
    Some(agent.filter(|&m| m < mentions.len()))
}

/// Whether the verb starting at sentence token `verb_first` is passive: a form of
/// "be" (or "get") one or two words before it, or THERE and "be" before its subject,
/// and no -ING.
fn is_passive(view: &ClauseView, verb_first: usize) -> bool {
    // The cheapest test first.
    if view.norms[verb_first].ends_with("ING") {
        return false;
    }
    let at = view.index_of(verb_first);
    // "was in accord with": an auxiliary before a preposition is not a passive's.
    let aux = match view.clause_norms[..at] {
        [.., second, last] => is_auxiliary(last) || is_auxiliary(second) && !PREPOSITIONS.contains(&last),
        [last] => is_auxiliary(last),
        [] => false,
    };
    let aux = aux || view.dependency_parse && auxiliary_before_adverbs(view, at);
    aux || existential(view, at)
}

/// A form of "be" before the participle at view index `at` with only adverbs in -LY
/// and the conjunctions joining them between ("was heavily and unjustly criticized"):
/// a dependency parse makes the participle passive whatever adverbs modify it.
fn auxiliary_before_adverbs(view: &ClauseView, at: usize) -> bool {
    let norm = |k: usize| view.clause_norms[k];
    let adverbs = (0..at).rev().take_while(|&k| norm(k).ends_with("LY") || matches!(norm(k), "AND" | "OR")).count();
    adverbs > 0 && at > adverbs && is_auxiliary(norm(at - adverbs - 1)) && norm(at - 1).ends_with("LY")
}

/// "There were 10 Russian soldiers killed": THERE and a form of "be", then only a
/// number or determiner and actors up to the participle at view index `at`, which
/// is then passive with those actors as its subject.
fn existential(view: &ClauseView, at: usize) -> bool {
    let norm = |k: usize| view.clause_norms[k];
    let Some(start) = view.clause_norms[..at].windows(2).position(|w| w[0] == "THERE" && is_auxiliary(w[1])) else {
        return false;
    };
    let start = start + 1;
    let mut k = start + 1;
    let mut actor = false;
    while k < at {
        if let Some(m) = view.mention_at[view.positions[k]] {
            k = view.index_of(view.mentions[m].end);
            actor = true;
        } else if norm(k).bytes().all(|b| b.is_ascii_digit()) || matches!(norm(k), "THE" | "A" | "AN") {
            k += 1;
        } else {
            return false;
        }
    }
    actor && k == at
}

/// The sentence token after the comma that closes a clause-initial adverbial
/// clause ("Before leaving for Beijing on Thursday, …"); 0 when there is none.
fn leading_adverbial(view: &ClauseView) -> usize {
    let Some(&first) = view.positions.first() else { return 0 };
    if !matches!(view.norms[first], "BEFORE" | "AFTER" | "WHILE" | "WHEN" | "SINCE" | "UNTIL" | "ONCE") {
        return 0;
    }
    view.positions.iter().find(|&&t| view.norms[t] == ",").map_or(0, |&comma| comma + 1)
}

/// Whether the actor starting at token `actor` is named as the place of an act whose
/// verb ends at `verb_end`: IN within the five words before it ("demonstrated in the
/// northern city of Kirkuk").
fn is_place_of_act(norms: &[&str], verb_end: usize, actor: usize) -> bool {
    let start = actor.saturating_sub(5).max(verb_end);
    start < actor && norms[start..actor].contains(&"IN")
}

/// Headlines capitalise every word; capitals then say nothing about nouns.
fn is_title_case(tokens: &[Token]) -> bool {
    // One pass counts both.
    let (count, capitalised) = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .fold((0, 0), |(count, cap), t| (count + 1, cap + usize::from(t.cap)));
    count >= 3 && capitalised * 10 >= count * 6
}

/// An event without its pattern spans (moved in by the caller): codes and names
/// copied in place ([`Norm`], no allocation), the rule shared. Always inlined, so that the event
/// is built where it is pushed rather than built and then copied (~300 bytes).
#[inline(always)]
fn new_event(
    sentence: usize,
    modality: Modality,
    (source, target): (&str, &str),
    (code, act): (&str, Option<&str>),
    (source_span, target_span, verb): (Option<Span>, Option<Span>, Span),
    (source_name, target_name): (Option<&str>, Option<&str>),
    rule: &Arc<str>,
) -> Event {
    Event {
        sentence,
        source: source.into(),
        target: target.into(),
        code: code.into(),
        act: act.map(Norm::from),
        modality,
        evidence: Evidence { source: source_span, target: target_span, verb, pattern: Vec::new() },
        rule: Arc::clone(rule),
        source_name: source_name.map(Norm::from),
        target_name: target_name.map(Norm::from),
        also_in: Vec::new(),
    }
}

/// `LEMMA PATTERN (file:line)`, the event's rule, in one allocation and without the
/// formatting machinery (a `format!` grew it several times; `write!` of the origin cost
/// more than the copies). The short pieces are pushed as characters: a copy call each
/// cost more.
fn rule_text(lemma: &str, pattern: Option<&str>, origin: &Origin) -> String {
    // The line number takes at most 20 digits.
    let len = lemma.len() + pattern.map_or(0, |p| p.len() + 1) + origin.file.len() + 24;
    let mut rule = String::with_capacity(len);
    rule.push_str(lemma);
    if let Some(pattern) = pattern {
        rule.push(' ');
        rule.push_str(pattern);
    }
    rule.push(' ');
    rule.push('(');
    rule.push_str(&origin.file);
    rule.push(':');
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut line = origin.line;
    loop {
        at -= 1;
        digits[at] = b'0' + (line % 10) as u8;
        line /= 10;
        if line == 0 {
            break;
        }
    }
    rule.extend(digits[at..].iter().map(|&d| char::from(d)));
    rule.push(')');
    rule
}

/// Keeps the first event of each (source, target, code). A sentence yields a few
/// events, so comparing with those kept beats hashing copies of their codes.
fn dedup(events: &mut Vec<Event>) {
    let mut i = 0;
    while i < events.len() {
        let e = &events[i];
        if events[..i].iter().any(|k| k.source == e.source && k.target == e.target && k.code == e.code) {
            events.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Every norm a discard's first word matches ([`crate::dict::Word::matches`]): the word
/// itself, a norm starting with a stem, or for a noun its regular plurals too (which
/// start with the noun, or with its stem before a final Y).
fn discard_starts(dicts: &Dictionaries) -> StartFilter {
    let (mut words, mut prefixes) = (Vec::new(), Vec::new());
    for word in dicts.discards.iter().filter_map(|d| d.phrase.words.first()) {
        match word.mode {
            WordMode::Exact => words.push(&*word.text),
            WordMode::Stem => prefixes.push(&*word.text),
            WordMode::Noun => prefixes.push(word.text.strip_suffix('Y').unwrap_or(&word.text)),
        }
    }
    StartFilter::new(&words, &prefixes)
}

/// Appends `items` to `into`, taking the vector whole when `into` is empty (a
/// sentence's first coded clause, an article's first sentence): no copy into a new
/// allocation.
fn append<T>(into: &mut Vec<T>, items: Vec<T>) {
    if into.is_empty() {
        *into = items;
    } else {
        into.extend(items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auxiliaries_match_their_list() {
        for word in AUXILIARIES {
            assert!(is_auxiliary(word), "{word}");
        }
        for word in ["", "A", "B", "WASN'T", "BEE", "BEINGS", "IT", "GOD", "was", "THERE", "HAVE"] {
            assert!(!is_auxiliary(word), "{word}");
        }
    }
}
