//! The dictionary model: the entries the readers fill and the compiler indexes, before
//! compilation. Kept apart from the loading code in `mod.rs` so that `build.rs` can compile the
//! readers with it, without the blob it writes for the binary.

use std::fmt;

use super::phrase::{Phrase, Word};

/// Where an entry came from, for error messages and for an event's `rule`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// Shared by every entry of a file.
    pub file: std::sync::Arc<str>,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A calendar date as YYYYMMDD, which orders correctly as an integer.
pub type Date = u32;

/// `20250120` → `"2025-01-20"`.
pub fn format_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date / 10000, date / 100 % 100, date % 100)
}

/// A code valid within an (inclusive) date range; `None` bounds are open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl DatedCode {
    pub fn applies(&self, date: Date) -> bool {
        self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
    }

    fn is_default(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// A named actor: a country, a person, an organisation.
#[derive(Clone, Debug)]
pub struct Actor {
    /// The primary phrase, as written, for display.
    pub name: String,
    pub phrases: Vec<Phrase>,
    /// Restricted codes in the order given, then at most one default.
    pub codes: Vec<DatedCode>,
    /// The date the entry's knowledge is valid to (`as of` in detente files): a
    /// role may have changed since.
    pub known_to: Option<Date>,
    pub origin: Origin,
}

impl Actor {
    /// The code on `date`: the first restriction that applies, else the default.
    /// `None` when nothing applies (a null code).
    pub fn code_on(&self, date: Date) -> Option<&str> {
        let code = self
            .codes
            .iter()
            .find(|c| !c.is_default() && c.applies(date))
            .or_else(|| self.codes.iter().find(|c| c.is_default()))?;
        if is_null_code(&code.code) {
            None
        } else {
            Some(&code.code)
        }
    }
}

/// Where an agent code goes relative to the actor code it joins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentPlacement {
    /// `~GOV`: appended ("RUS" + "GOV" → "RUSGOV").
    After,
    /// `NGO~`: prepended ("NGO" + "ARN" → "NGOARN").
    Before,
}

impl AgentPlacement {
    /// Splits an agent code as dictionaries write it: `~GOV` or `NGO~`.
    pub fn parse(code: &str) -> Option<(&str, AgentPlacement)> {
        match (code.strip_prefix('~'), code.strip_suffix('~')) {
            (Some(c), _) => Some((c, AgentPlacement::After)),
            (None, Some(c)) => Some((c, AgentPlacement::Before)),
            _ => None,
        }
    }
}

/// A role noun that qualifies an actor: "officials" (GOV), "troops" (MIL).
#[derive(Clone, Debug)]
pub struct Agent {
    pub name: String,
    pub phrases: Vec<Phrase>,
    pub code: String,
    pub placement: AgentPlacement,
    pub origin: Origin,
}

/// A synonym set usable in verb patterns (`&CURRENCY`).
#[derive(Clone, Debug)]
pub struct Synset {
    pub name: String,
    pub phrases: Vec<Phrase>,
    pub origin: Origin,
}

/// The code a verb or pattern yields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventSpec {
    /// An event: `code` for source→target, and optionally `reverse` for a paired
    /// target→source event (`[032:033]`, a visit and its hosting).
    Event {
        code: String,
        reverse: Option<String>,
        /// `[023?]`: used only when nothing else in the sentence is coded.
        subordinate: bool,
        /// `[031!]`: TABARI's dominant code (manual §6.6.2); when one codes, the
        /// sentence keeps only events with dominant codes.
        dominant: bool,
    },
    /// `[---]`: the phrase is known and means no event.
    Null,
    /// `[###]`: discard the sentence.
    Discard,
    /// `[+++]`: too complex to code automatically; no event.
    Complex,
}

/// A verb form the coder recognises: one word, or a multi-word verb whose key
/// word is `words[key]` ("CORDON OFF", "WIRE TAP").
#[derive(Clone, Debug)]
pub struct VerbForm {
    pub words: Vec<String>,
    pub key: usize,
}

/// A verb: its forms and its own code (the block's code when it has none).
#[derive(Clone, Debug)]
pub struct Verb {
    pub lemma: String,
    pub forms: Vec<VerbForm>,
    pub block: usize,
    pub code: Option<EventSpec>,
    pub origin: Origin,
}

/// A group of synonymous verbs sharing one pattern list.
#[derive(Clone, Debug)]
pub struct VerbBlock {
    pub name: String,
    pub code: Option<EventSpec>,
    pub origin: Origin,
}

/// One element of a verb pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Element {
    Word(Word),
    Synset(usize),
    /// `$`: the source actor is here.
    Source,
    /// `+`: the target actor is here.
    Target,
    /// `%`: a compound actor that is both source and target.
    Both,
    /// `^`: skip over one actor.
    Skip,
}

/// A pattern element and whether the next element must follow it immediately.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternItem {
    pub element: Element,
    pub adjacent_next: bool,
}

/// A verb pattern: what must surround a verb of `block` for `code` to apply.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub block: usize,
    /// Elements before the verb, in text order.
    pub before: Vec<PatternItem>,
    /// Whether the verb must follow the last `before` element immediately.
    pub before_adjacent: bool,
    /// Elements after the verb, in text order.
    pub after: Vec<PatternItem>,
    /// Whether the first `after` element must follow the verb immediately.
    pub after_adjacent: bool,
    pub code: EventSpec,
    /// Matching priority: characters of literal text (TABARI's length rule).
    pub weight: usize,
    /// The pattern as written, for explanations (shared by the alternatives a line
    /// expands to).
    pub text: std::sync::Arc<str>,
    pub origin: Origin,
}

/// A phrase that stops coding of the sentence (or of the whole story).
#[derive(Clone, Debug)]
pub struct Discard {
    pub phrase: Phrase,
    pub story: bool,
    /// TABARI's complexity code (`+++`) on a time-shift phrase (manual §10.5): the
    /// sentence is too complex to code, rather than discarded.
    pub complex: bool,
    pub origin: Origin,
}

/// Coding options that dictionaries or validation files may set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Events need both a source and a target.
    pub require_dyad: bool,
    /// Comma-delimited clauses of this many words are dropped: (min, max) for
    /// clauses inside the sentence, at its beginning and at its end. A max of 0
    /// turns that rule off.
    pub comma: (usize, usize),
    pub comma_begin: (usize, usize),
    pub comma_end: (usize, usize),
    /// Keep a final comma segment that is the sentence's main clause ("On Friday,
    /// Putin said …"): it is dropped only if an actor followed by a verb is left.
    /// PETRARCH and TABARI drop it regardless; their validation suites expect that.
    pub keep_main_clause: bool,
    /// Which verbs yield events (TABARI's `SET: CODE BY …` option).
    pub code_by: CodeBy,
    /// PETRARCH's `new_actor_length`: a noun phrase of at most this many words that
    /// holds no dictionary actor is an actor coded by its own text in quotes
    /// (`"INJURY TOLL"`); 0, the default, turns this off.
    pub new_actor_length: usize,
    /// TABARI's `DEFAULT: SOURCE [X] PRIOR`: the source must come before the verb
    /// (else the default code is used); without it TABARI is greedy and takes the
    /// first actor after the verb (manual §8.5, note 3).
    pub source_prior: bool,
    /// TABARI's `DEFAULT: … TARGET [Y] AFTER`: the target must come after the verb;
    /// without it a target may be found before the verb.
    pub target_after: bool,
    /// TABARI's `COMPLEX:` conditions: when a sentence meets one, it is too complex
    /// to code.
    pub complexity: Complexity,
}

/// TABARI's complexity filter (`COMPLEX: VERBS[5] CONJ[4] NOACTPRIOR`, manual §8.7):
/// a sentence is not coded when it meets any active condition. A limit of 0 or a
/// false flag is inactive, as is everything by default. Null-coded actors, and
/// null-coded verbs without patterns, do not count. `COMMA[n]`, `NOSOURCE`,
/// `NOTARGET` and `NOEVENT` are not implemented; `EXPLAIN` and `NOSAVE` are output
/// settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Complexity {
    /// `VERBS[n]`: n or more verbs.
    pub verbs: usize,
    /// `ACTORS[n]`: n or more actors.
    pub actors: usize,
    /// `PRONOUNS[n]`: n or more pronouns.
    pub pronouns: usize,
    /// `CONJ[n]`: n or more conjunctions outside compound actors.
    pub conjunctions: usize,
    /// `LATEVERB[n]`: no verb within the first n words (or no verb at all).
    pub late_verb: usize,
    /// `NOVERB`: no verb.
    pub no_verb: bool,
    /// `NOACTPRIOR`: no actor before the verb that codes.
    pub no_actor_prior: bool,
    /// `NOACTAFTER`: no actor after the verb that codes.
    pub no_actor_after: bool,
}

impl Complexity {
    /// Parses a `COMPLEX:` command's value; each command replaces the conditions
    /// before it. `None` when a word is not one of the manual's conditions.
    pub fn parse(value: &str) -> Option<Complexity> {
        let mut c = Complexity::default();
        for word in value.to_ascii_uppercase().split_whitespace() {
            let (name, limit) = match word.split_once('[') {
                Some((name, rest)) => (name, Some(rest.trim_end_matches(']').trim().parse::<usize>().ok()?)),
                None => (word, None),
            };
            match (name, limit) {
                ("VERBS", Some(n)) => c.verbs = n,
                ("ACTORS", Some(n)) => c.actors = n,
                ("PRONOUNS", Some(n)) => c.pronouns = n,
                ("CONJ", Some(n)) => c.conjunctions = n,
                ("LATEVERB", Some(n)) => c.late_verb = n,
                ("COMMA", Some(_)) => {}
                ("NOVERB", None) => c.no_verb = true,
                ("NOACTPRIOR", None) => c.no_actor_prior = true,
                ("NOACTAFTER", None) => c.no_actor_after = true,
                ("NOSOURCE" | "NOTARGET" | "NOEVENT" | "EXPLAIN" | "NOSAVE", None) => {}
                _ => return None,
            }
        }
        Some(c)
    }

    /// Whether any condition needs the sentence's words counted before coding.
    pub fn counts_words(&self) -> bool {
        self.verbs + self.actors + self.pronouns + self.conjunctions + self.late_verb > 0 || self.no_verb
    }
}

/// TABARI's `SET: CODE BY CLAUSE` (the default), `CODE BY SENTENCE` and `CODE ALL`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CodeBy {
    /// The first verb that codes in each clause.
    #[default]
    Clause,
    /// Only the first clause that codes.
    Sentence,
    /// Every verb that codes, each after the words the previous one matched.
    All,
}

impl Default for Options {
    fn default() -> Options {
        // PETRARCH-2's documented defaults.
        Options {
            require_dyad: true,
            comma: (2, 8),
            comma_begin: (0, 0),
            comma_end: (2, 8),
            keep_main_clause: true,
            code_by: CodeBy::Clause,
            new_actor_length: 0,
            source_prior: false,
            target_after: false,
            complexity: Complexity::default(),
        }
    }
}

impl Options {
    /// Applies a PETRARCH-style option (`require_dyad`, `comma_min`, …).
    /// Returns false for an option detente does not know.
    pub fn set(&mut self, name: &str, value: &str) -> bool {
        let number = || value.trim().parse::<usize>().ok();
        match name.trim().to_ascii_lowercase().as_str() {
            "comma" => return self.set_tabari_comma(value),
            "complex" => match Complexity::parse(value) {
                Some(c) => self.complexity = c,
                None => return false,
            },
            "default" => {
                // `DEFAULT: OFF` clears both; the codes themselves are the runner's.
                let words: Vec<String> = value.split_whitespace().map(str::to_ascii_uppercase).collect();
                self.source_prior = words.iter().any(|w| w == "PRIOR");
                self.target_after = words.iter().any(|w| w == "AFTER");
            }
            "set" => {
                self.code_by =
                    match value.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_uppercase().as_str() {
                        "CODE BY CLAUSE" => CodeBy::Clause,
                        "CODE BY SENTENCE" => CodeBy::Sentence,
                        "CODE ALL" => CodeBy::All,
                        _ => return false,
                    }
            }
            "new_actor_length" => match number() {
                Some(n) => self.new_actor_length = n,
                None => return false,
            },
            "require_dyad" => match value.trim().to_ascii_lowercase().as_str() {
                "true" | "t" | "1" | "yes" => self.require_dyad = true,
                "false" | "f" | "0" | "no" => self.require_dyad = false,
                _ => return false,
            },
            other => {
                let n = number();
                let Some(slot) =
                    other.strip_prefix("comma_").and_then(|name| self.comma_length(&name.to_ascii_uppercase()))
                else {
                    return false;
                };
                match n {
                    Some(n) => *slot = n,
                    None => return false,
                }
            }
        }
        true
    }

    /// The comma-clause length a setting names (TABARI's names; PETRARCH's `comma_min`
    /// … are the same, lower case): MIN/MAX internal, EMIN/EMAX end, BMIN/BMAX beginning.
    fn comma_length(&mut self, name: &str) -> Option<&mut usize> {
        Some(match name {
            "MIN" => &mut self.comma.0,
            "MAX" => &mut self.comma.1,
            "EMIN" => &mut self.comma_end.0,
            "EMAX" => &mut self.comma_end.1,
            "BMIN" => &mut self.comma_begin.0,
            "BMAX" => &mut self.comma_begin.1,
            _ => return None,
        })
    }

    /// TABARI's `COMMA:` option (manual §8.2): `OFF`, or `MIN = 4 MAX = 6 EMIN = 3
    /// EMAX = 6 BMIN = 3 BMAX = 8` (any subset) for the internal, end (`E`) and
    /// beginning (`B`) clause lengths. False when a setting is not a number.
    fn set_tabari_comma(&mut self, value: &str) -> bool {
        let value = value.trim().trim_end_matches('}').to_ascii_uppercase();
        if value.trim() == "OFF" {
            self.comma.1 = 0;
            self.comma_end.1 = 0;
            self.comma_begin.1 = 0;
            return true;
        }
        let spaced = value.replace('=', " ");
        let words: Vec<&str> = spaced.split_whitespace().collect();
        for pair in words.chunks(2) {
            let [name, number] = pair else { return false };
            let Ok(n) = number.parse::<usize>() else { return false };
            let Some(slot) = self.comma_length(name) else { return false };
            *slot = n;
        }
        true
    }
}

/// Everything the coder knows, before compilation.
#[derive(Clone, Debug, Default)]
pub struct Dictionaries {
    pub actors: Vec<Actor>,
    pub agents: Vec<Agent>,
    pub synsets: Vec<Synset>,
    pub blocks: Vec<VerbBlock>,
    pub verbs: Vec<Verb>,
    pub patterns: Vec<Pattern>,
    pub discards: Vec<Discard>,
    /// Words that are nouns, never verbs (TABARI `<NOUN>` lists).
    pub nouns: Vec<Phrase>,
    /// Adjectives, which may precede actors in compounds (TABARI `<ADJECTIVE>`).
    pub adjectives: Vec<Phrase>,
    /// TABARI actor phrases written with a blank between words, which other words
    /// may separate in the text ("PRINCE DOL_AMROTH": "the Prince of Dol Amroth").
    pub disconnected: Vec<DisconnectedPhrase>,
    /// Non-fatal problems found while reading, as "file:line: problem".
    pub warnings: Vec<String>,
}

/// An actor phrase in parts: the words of each part are consecutive, and a few
/// words may come between two parts (TABARI's blank connector, manual §5.5.3).
#[derive(Clone, Debug)]
pub struct DisconnectedPhrase {
    /// Index into [`Dictionaries::actors`].
    pub actor: usize,
    pub parts: Vec<Phrase>,
}

impl Dictionaries {
    /// Adds `other` on top of this set: later entries win ties in matching.
    pub fn merge(&mut self, other: Dictionaries) {
        if self.is_empty() {
            // Nothing to renumber: take the other set whole instead of moving its entries.
            *self = other;
            return;
        }
        let synset_base = self.synsets.len();
        let block_base = self.blocks.len();
        let actor_base = self.actors.len();
        self.disconnected.extend(other.disconnected.into_iter().map(|mut d| {
            d.actor += actor_base;
            d
        }));
        self.actors.extend(other.actors);
        self.agents.extend(other.agents);
        self.synsets.extend(other.synsets);
        self.blocks.extend(other.blocks);
        self.verbs.extend(other.verbs.into_iter().map(|mut v| {
            v.block += block_base;
            v
        }));
        self.patterns.extend(other.patterns.into_iter().map(|mut p| {
            p.block += block_base;
            for item in p.before.iter_mut().chain(p.after.iter_mut()) {
                if let Element::Synset(i) = &mut item.element {
                    *i += synset_base;
                }
            }
            p
        }));
        self.discards.extend(other.discards);
        self.nouns.extend(other.nouns);
        self.adjectives.extend(other.adjectives);
        self.warnings.extend(other.warnings);
    }

    /// True when no file has been read into this set (warnings count as reading).
    fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.agents.is_empty()
            && self.synsets.is_empty()
            && self.blocks.is_empty()
            && self.verbs.is_empty()
            && self.patterns.is_empty()
            && self.discards.is_empty()
            && self.nouns.is_empty()
            && self.adjectives.is_empty()
            && self.warnings.is_empty()
    }

    /// "N actors, N agents, N verbs, N patterns, N synsets, N discards", for reports.
    pub fn counts(&self) -> String {
        format!(
            "{} actors, {} agents, {} verbs, {} patterns, {} synsets, {} discards",
            self.actors.len(),
            self.agents.len(),
            self.verbs.len(),
            self.patterns.len(),
            self.synsets.len(),
            self.discards.len()
        )
    }
}

/// True for the null code, which yields no actor. TABARI's special codes `###`
/// (discard) and `+++` (complex) are kept: PETRARCH codes them as actors, and the
/// coder applies TABARI's meaning in TABARI mode.
pub fn is_null_code(code: &str) -> bool {
    matches!(code, "---" | "")
}

/// A dictionary problem that stops reading, with its place.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}: {message}")]
    Syntax { origin: Origin, message: String },
    #[error("{path}: cannot tell what kind of dictionary this is ({reason})")]
    UnknownKind { path: String, reason: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabari_comma_and_code_by_options() {
        let mut options = Options::default();
        assert!(options.set("COMMA", "MIN = 4 MAX = 6 EMIN = 3 EMAX = 6 BMIN = 3 BMAX = 8}"));
        assert_eq!((options.comma, options.comma_end, options.comma_begin), ((4, 6), (3, 6), (3, 8)));
        assert!(options.set("COMMA", "OFF"));
        assert_eq!((options.comma.1, options.comma_end.1, options.comma_begin.1), (0, 0, 0));
        assert!(!options.set("COMMA", "MIN = many"));
        assert!(options.set("SET", "CODE  ALL"));
        assert_eq!(options.code_by, CodeBy::All);
        assert!(options.set("SET", "code by sentence"));
        assert_eq!(options.code_by, CodeBy::Sentence);
        assert!(!options.set("SET", "TIME SHIFT = FALSE"));
        assert!(options.set("DEFAULT", "SOURCE [DEFSRC] PRIOR TARGET [DEFTAR]"));
        assert!(options.source_prior && !options.target_after);
        assert!(options.set("DEFAULT", "OFF"));
        assert!(!options.source_prior && !options.target_after);
        assert!(options.set("COMPLEX", "VERBS[5] CONJ[4] NOACTPRIOR EXPLAIN"));
        let c = options.complexity;
        assert_eq!((c.verbs, c.conjunctions, c.no_actor_prior, c.no_actor_after), (5, 4, true, false));
        assert!(options.set("COMPLEX", "VERBS[5]"));
        assert!(!options.complexity.no_actor_prior);
        assert!(!options.set("COMPLEX", "VERBS[many]"));
    }
}
