//! PETRARCH-2's verb interaction: a verb and the verb of its complement make one event,
//! computed in PETRARCH's internal coding ontology (the `<PICOfile>` a suite names,
//! `PETR.Internal.Coding.Ontology.txt`). Each CAMEO code has a value there: "want"
//! (030) is 0x3000 and "help" (070) 0x0040, so "the US wants to help Israel" is
//! 0x3040, 033; "not" subtracts 0xFFFF ("would not give permission", 080 = 0x0200,
//! is 124). The verb dictionary's transformations (`~ a (b . ATTACK) SAY = a b 112`)
//! come first: a report of another actor's attack is an accusation. Where the ontology
//! has no code for the combination, PETRARCH-2 codes nothing; here the outer verb then
//! codes alone, as UD-PETRARCH's suite expects ("noted that Cirith Ungol regretted …"
//! is a statement about Cirith Ungol, `DEMO-10`).

use rustc_hash::FxHashMap;

use super::matcher::{ClauseView, HitKind};
use super::{group_members, Coder, Coding, AUXILIARIES, MODALS};
use crate::article::{Event, Evidence, Mention, Modality};
use crate::dict::legacy::Transformation;
use crate::dict::EventSpec;
use crate::text::Token;

/// The value "not" adds (PETRARCH-2's `- 0xFFFF`).
const NEGATION: i64 = 0xFFFF;
/// Values from here on are the "high-level" verbs of the ontology's first column (say,
/// appeal, intend, demand …): two of them make the nested one.
const HIGH_LEVEL: i64 = 0x1000;

/// The ontology and the transformations of a suite's verb dictionaries.
pub struct Interaction {
    values: FxHashMap<String, i64>,
    /// Value → CAMEO code: the first code of that value in the file (082 rather than
    /// 0841 for 0x020C).
    codes: FxHashMap<i64, String>,
    /// Transformations naming a nested verb first: PETRARCH tries them before `Q`.
    rules: Vec<Transformation>,
    /// Malformed transformation lines, as "file:line: problem".
    pub warnings: Vec<String>,
}

/// Who fills a slot of a combined event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    OuterSource,
    NestedSource,
    NestedTarget,
}

/// The subject of a complement clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Subject {
    /// "wants to help Israel": the outer verb's own.
    None,
    /// "said he would …": a pronoun, which PETRARCH resolves to the outer subject.
    Pronoun,
    /// "asked Obama to help Iran".
    Mention(usize),
    /// "said a mortar bomb was fired at it": a noun phrase naming no actor, which
    /// combines only as a passive's subject (its agent acts).
    Phrase,
}

/// The most words of a subject noun phrase that names no actor ("a mortar bomb").
const PHRASE_WORDS: usize = 3;

/// A verb's complement: its verb, its subject, and whether "not" negates it.
pub(super) struct Complement {
    pub(super) verb: usize,
    subject: Subject,
    negated: bool,
}

/// The nested event as the transformations see it.
struct Nested {
    /// Its subject: none, the outer source, or another actor.
    subject: Subject,
    same_subject: bool,
    has_target: bool,
    value: i64,
}

/// A code's value with PETRARCH's rounding: `[c, c - c % 0x10, c - c % 0x100, c - c % 0x1000]`
/// (Python's modulo), any of which may match a transformation's verb.
fn masks(value: i64) -> [i64; 4] {
    [value, value - value.rem_euclid(0x10), value - value.rem_euclid(0x100), value - value.rem_euclid(0x1000)]
}

/// PETRARCH-2's `combine_code`: a negation adds to the outer verb, two high-level verbs
/// give the nested one, a nested verb of higher value wins, otherwise the values add.
fn combine_values(outer: i64, nested: i64) -> i64 {
    if nested < 0 {
        nested + outer
    } else if outer >= HIGH_LEVEL && nested >= HIGH_LEVEL || nested >= outer {
        nested
    } else {
        outer + nested
    }
}

impl Interaction {
    pub fn new(ontology: Vec<(String, i64)>, mut rules: Vec<Transformation>, warnings: Vec<String>) -> Interaction {
        let mut codes = FxHashMap::default();
        for (code, value) in &ontology {
            codes.entry(*value).or_insert_with(|| code.clone());
        }
        rules.sort_by_key(|r| r.nested_verb.is_empty());
        Interaction { values: ontology.into_iter().collect(), codes, rules, warnings }
    }

    /// The code of a negated act ("didn't clash": 110, 0x1007F, less 0xFFFF is 050;
    /// "will not wire tap": 170 is 057), as PETRARCH-2 subtracts "not" from a verb's
    /// value; `None` when the ontology has no code for the result.
    pub(super) fn negated(&self, code: &str) -> Option<&str> {
        let value = self.value(code)? - NEGATION;
        self.codes.get(&value).map(String::as_str)
    }

    /// The value of a CAMEO code; a code the ontology lacks counts as its root's
    /// (`0X0`), and the null code as 0, as in PETRARCH-2's converter.
    fn value(&self, code: &str) -> Option<i64> {
        if code == "---" {
            return Some(0);
        }
        self.values.get(code).or_else(|| code.get(..2).and_then(|root| self.values.get(&format!("{root}0")))).copied()
    }

    /// The combined event's slots and code: a transformation if one applies, else
    /// PETRARCH-2's combination; `None` when the result has no CAMEO code.
    fn combine(
        &self,
        outer: i64,
        nested: &Nested,
        verb_value: impl Fn(&str) -> Option<i64>,
    ) -> Option<(Slot, Slot, String)> {
        for rule in &self.rules {
            if let Some(result) = self.transform(rule, outer, nested, &verb_value) {
                return result;
            }
        }
        if outer == 0 {
            return None;
        }
        // A nested act of another actor becomes an act towards that actor ("asked Obama
        // to help Iran": an appeal to Obama); a nested high-level verb of another actor
        // leaves an event as the target, which codes nothing.
        let slots = match nested.subject {
            Subject::Mention(_) if !nested.same_subject => {
                if !(0..HIGH_LEVEL).contains(&nested.value) {
                    return None;
                }
                (Slot::OuterSource, Slot::NestedSource)
            }
            _ if nested.has_target => (Slot::OuterSource, Slot::NestedTarget),
            _ => return None,
        };
        let code = self.codes.get(&combine_values(outer, nested.value))?;
        Some((slots.0, slots.1, code.clone()))
    }

    /// `Some(result)` when `rule` matches (a result of `None` codes nothing).
    #[allow(clippy::option_option)]
    fn transform(
        &self,
        rule: &Transformation,
        outer: i64,
        nested: &Nested,
        verb_value: &impl Fn(&str) -> Option<i64>,
    ) -> Option<Option<(Slot, Slot, String)>> {
        if !masks(outer).contains(&verb_value(&rule.outer_verb)?) {
            return None;
        }
        if !rule.nested_verb.is_empty() {
            let key = rule.nested_verb.iter().map(|w| verb_value(w)).sum::<Option<i64>>()?;
            if !masks(nested.value).contains(&key) {
                return None;
            }
        }
        let has_subject = nested.subject != Subject::None;
        let mut bound = vec![(rule.outer_source.as_str(), Slot::OuterSource)];
        match rule.nested_source.as_str() {
            "_" if has_subject && !nested.same_subject => return None,
            "_" => {}
            "." if !has_subject => return None,
            "." => {}
            var if var == rule.outer_source => {
                if !nested.same_subject {
                    return None;
                }
            }
            var => {
                if !has_subject || nested.same_subject {
                    return None;
                }
                bound.push((var, Slot::NestedSource));
            }
        }
        match rule.nested_target.as_str() {
            "_" if nested.has_target => return None,
            "_" => {}
            _ if !nested.has_target => return None,
            "." => {}
            var if bound.iter().any(|(v, _)| *v == var) => return None,
            var => bound.push((var, Slot::NestedTarget)),
        }
        let slot = |var: &str| bound.iter().find(|(v, _)| *v == var).map(|(_, s)| *s);
        let (source, target) = (slot(&rule.result_source)?, slot(&rule.result_target)?);
        let code = match &rule.result_code {
            Some(code) => Some(code.clone()),
            None => self.codes.get(&nested.value).cloned(),
        };
        Some(code.map(|code| (source, target, code)))
    }
}

/// PETRARCH-2's negation of a verb coded alone: the events of `coding` take the code of
/// the negated act when "not" comes before the verb and the ontology has one (UD's
/// `SYNSET-13…22`, `DEMO-32`); otherwise they keep the verb's code.
pub(super) fn negate(interaction: &Interaction, view: &ClauseView, coding: &Coding, events: &mut [Event]) {
    let EventSpec::Event { code, .. } = &coding.spec else { return };
    if !Coder::is_negated(view, coding.verb.0) {
        return;
    }
    let Some(negated) = interaction.negated(code) else { return };
    for event in events.iter_mut().filter(|e| &e.code == code) {
        event.code = negated.into();
    }
}

/// A number in digits or a small one in words.
fn is_number(norm: &str) -> bool {
    norm.bytes().all(|b| b.is_ascii_digit())
        || matches!(norm, "TWO" | "THREE" | "FOUR" | "FIVE" | "SIX" | "SEVEN" | "EIGHT" | "NINE" | "TEN")
}

/// An actor of a combined event: its code and the mention it comes from.
type Party = (String, Option<usize>);

impl Coder {
    /// The complement of a verb ending at sentence token `verb_end`: THAT, TO, a subject
    /// (an actor or a pronoun), auxiliaries, modals, adverbs and "not", then a verb. `None`
    /// when another word comes first or nothing links the two verbs.
    pub(super) fn complement(&self, view: &ClauseView, verb_end: usize) -> Option<Complement> {
        let start = view.index_of(verb_end);
        let mut subject = Subject::None;
        let mut negated = false;
        // THAT, TO, an auxiliary after the subject, or a pronoun subject: an actor and a
        // verb alone may be an object and a noun ("conducting military exercises").
        let mut that = false;
        let mut linked = false;
        // After a determiner, words before an auxiliary are the subject's nouns, verb
        // forms too ("said a mortar bomb was fired").
        let mut determiner = false;
        let mut phrase_words = 0;
        let mut k = start;
        while k < view.positions.len() {
            let t = view.positions[k];
            let norm = view.norms[t];
            if let Some(m) = view.mention_at[t] {
                if subject != Subject::None {
                    return None;
                }
                subject = Subject::Mention(m);
                linked = that;
                k = view.index_of(view.mentions[m].end);
                continue;
            }
            match norm {
                "THAT" if k == start => that = true,
                "HE" | "SHE" | "THEY" | "IT" | "WE" if subject == Subject::None => {
                    subject = Subject::Pronoun;
                    linked = true;
                }
                "NOT" | "N'T" | "NEVER" => negated = true,
                // "said eight people were killed": a determiner or number before the subject.
                "THE" | "A" | "AN" | "SOME" | "SEVERAL" | "MANY" | "DOZENS" | "HUNDREDS" | "THOUSANDS"
                    if subject == Subject::None =>
                {
                    determiner = true
                }
                _ if subject == Subject::None && is_number(norm) => {}
                _ if MODALS.contains(&norm) || AUXILIARIES.contains(&norm) => linked = true,
                _ if norm.ends_with("LY") => {}
                _ if determiner
                    && !linked
                    && matches!(subject, Subject::None | Subject::Phrase)
                    && phrase_words < PHRASE_WORDS
                    && norm.bytes().all(|b| b.is_ascii_alphabetic()) =>
                {
                    subject = Subject::Phrase;
                    phrase_words += 1;
                }
                _ if self.dicts.verbs.contains_key(norm) => {
                    return linked.then_some(Complement { verb: t, subject, negated });
                }
                _ => return None,
            }
            k += 1;
        }
        None
    }

    /// Whether NOT, N'T or NEVER negates the verb at sentence token `verb_first`, among
    /// the auxiliaries, modals and adverbs right before it ("didn't clash", "will not
    /// ever clash", "most certainly really did not clash").
    pub(super) fn is_negated(view: &ClauseView, verb_first: usize) -> bool {
        for &t in view.positions[..view.index_of(verb_first)].iter().rev() {
            match view.norms[t] {
                "NOT" | "N'T" | "NEVER" => return true,
                "DO" | "DOES" | "DID" | "WO" | "CA" | "EVER" | "EVEN" | "NOW" | "MOST" | "STILL" | "YET" => {}
                n if MODALS.contains(&n) || AUXILIARIES.contains(&n) || n.ends_with("LY") => {}
                _ => return false,
            }
        }
        false
    }

    /// Whether a coding of the outer verb matched words of its complement: PETRARCH
    /// matches a verb's patterns in its own phrases, so "said he would not provide
    /// support" is no `SAY - * SUPPORT`.
    pub(super) fn reaches_into(coding: &Coding, complement: &Complement) -> bool {
        coding.hits.iter().any(|h| h.element == HitKind::Word && h.end > complement.verb)
    }

    /// The events of `outer` and its complement's verb combined; `None` when the
    /// complement's verb has no code or the combination none in the ontology (the outer
    /// verb then codes alone).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn interact(
        &self,
        interaction: &Interaction,
        sentence: usize,
        tokens: &[Token],
        mentions: &[Mention],
        view: &ClauseView,
        outer: &Coding,
        complement: &Complement,
        previous_source: Option<usize>,
    ) -> Option<Vec<Event>> {
        let EventSpec::Event { code: outer_code, .. } = &outer.spec else { return None };
        let nested_coding = self
            .verbs_at(view.norms, complement.verb)
            .flat_map(|vref| self.codings(view, vref, complement.verb))
            .find(|c| matches!(c.spec, EventSpec::Event { .. }))?;
        let EventSpec::Event { code: nested_code, .. } = &nested_coding.spec else { return None };
        let outer_value = interaction.value(outer_code)?;
        let mut nested_value = interaction.value(nested_code)?;
        if complement.negated {
            nested_value -= NEGATION;
        }
        let events_of = |coding: &Coding| {
            let mut events = Vec::new();
            self.push_events(sentence, tokens, mentions, view, coding, previous_source, &mut events);
            events
        };
        let outer_events = events_of(outer);
        let nested_events = events_of(&nested_coding);

        let party_of = |span: Option<crate::span::Span>| span.and_then(|s| mentions.iter().position(|m| m.span == s));
        let group_parties = |m: usize| -> Vec<Party> {
            group_members(mentions, m, view)
                .into_iter()
                .flat_map(|g| mentions[g].codes.iter().map(move |c| (c.clone(), Some(g))))
                .collect()
        };
        let mut sources: Vec<Party> = Vec::new();
        for e in outer_events.iter().filter(|e| &e.code == outer_code && e.source != "---") {
            let party = (e.source.to_string(), party_of(e.evidence.source));
            if !sources.contains(&party) {
                sources.push(party);
            }
        }
        if sources.is_empty() {
            let first = super::mentions_in(view.positions, mentions)
                .find(|&m| mentions[m].end <= outer.verb.0)
                .or(previous_source);
            sources = first.map(group_parties).unwrap_or_default();
        }
        let mut subject = complement.subject;
        let mut subjects: Vec<Party> = match subject {
            Subject::None | Subject::Phrase => Vec::new(),
            Subject::Pronoun => sources.clone(),
            Subject::Mention(m) => group_parties(m),
        };
        let mut targets: Vec<Party> = Vec::new();
        // "said eight people were killed … by government forces": a passive nested verb's
        // subject is its target, and its agent (if named) its source.
        let (nested_first, nested_end) = nested_coding.verb;
        let passive = super::passive_agent(view, mentions, nested_first, nested_end);
        if let Some(agent) = passive {
            targets = std::mem::take(&mut subjects);
            if subject == Subject::Phrase {
                // "a mortar bomb was fired at it from the Gaza Strip": with no actor as its
                // subject, the passive acts on the first other actor after the verb.
                let after = view.index_of(nested_end);
                targets = view.positions[after..]
                    .iter()
                    .filter_map(|&t| view.mention_at[t])
                    .find(|&m| Some(m) != agent)
                    .map(group_parties)
                    .unwrap_or_default();
            }
            subject = agent.map_or(Subject::None, Subject::Mention);
            subjects = agent.map(group_parties).unwrap_or_default();
        } else if subject == Subject::Phrase {
            return None;
        }
        for e in nested_events.iter().filter(|e| passive.is_none() && &e.code == nested_code && e.target != "---") {
            let party = (e.target.to_string(), party_of(e.evidence.target));
            if !targets.contains(&party) && !subjects.iter().any(|s| s.0 == party.0) {
                targets.push(party);
            }
        }
        // "Iraq had attacked themselves": a reflexive object is the nested subject.
        let after_verb = view.index_of(nested_coding.verb.1);
        let reflexive = view.positions[after_verb..]
            .iter()
            .take(2)
            .any(|&t| matches!(view.norms[t], "THEMSELVES" | "ITSELF" | "HIMSELF" | "HERSELF"));
        if targets.is_empty() && reflexive {
            targets = subjects.clone();
        }
        let same_subject = !subjects.is_empty() && subjects.iter().all(|s| sources.iter().any(|o| o.0 == s.0));
        let nested = Nested { subject, same_subject, has_target: !targets.is_empty(), value: nested_value };
        let verb_value = |word: &str| self.verb_value(interaction, word);
        let (source_slot, target_slot, code) = interaction.combine(outer_value, &nested, verb_value)?;
        let parties = |slot: Slot| match slot {
            Slot::OuterSource => &sources,
            Slot::NestedSource => &subjects,
            Slot::NestedTarget => &targets,
        };
        let verb_span = tokens[outer.verb.0].span.cover(tokens[outer.verb.1 - 1].span);
        let nested_span = tokens[nested_coding.verb.0].span.cover(tokens[nested_coding.verb.1 - 1].span);
        let rule: std::sync::Arc<str> = format!(
            "{} + {}: internal coding ontology",
            self.dicts.dicts.verbs[outer.rule.0].lemma, self.dicts.dicts.verbs[nested_coding.rule.0].lemma
        )
        .into();
        let mut events = Vec::new();
        for (s, sm) in parties(source_slot) {
            for (t, tm) in parties(target_slot) {
                if s == t {
                    continue;
                }
                events.push(Event {
                    sentence,
                    source: s.into(),
                    target: t.into(),
                    code: (&code).into(),
                    act: None,
                    modality: Modality::Asserted,
                    evidence: Evidence {
                        source: sm.map(|m| mentions[m].span),
                        target: tm.map(|m| mentions[m].span),
                        verb: verb_span,
                        pattern: vec![nested_span],
                    },
                    rule: rule.clone(),
                    source_name: sm.map(|m| mentions[m].name.as_str().into()),
                    target_name: tm.map(|m| mentions[m].name.as_str().into()),
                    also_in: Vec::new(),
                });
            }
        }
        Some(events)
    }

    /// The value of a dictionary verb's own code (its block's when it has none), for
    /// the transformations, which name verbs.
    fn verb_value(&self, interaction: &Interaction, word: &str) -> Option<i64> {
        let r = self.dicts.verbs.get(word)?.first()?;
        let verb = &self.dicts.dicts.verbs[r.verb];
        match verb.code.as_ref().or(self.dicts.dicts.blocks[verb.block].code.as_ref()) {
            Some(EventSpec::Event { code, .. }) => interaction.value(code),
            _ => Some(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combines_as_petrarch2() {
        assert_eq!(combine_values(0x3000, 0x0040), 0x3040, "want + help: 033");
        assert_eq!(combine_values(0x3000, 0xA000), 0xA000, "want + investigate: 090");
        assert_eq!(combine_values(0x0080, 0x0205), 0x0205, "agree + ease sanctions: 085");
        assert_eq!(combine_values(0x1000, -0xFFFF + 0x70), 0x1000 - 0xFFFF + 0x70);
        assert_eq!(masks(0x00A5), [0xA5, 0xA0, 0, 0]);
    }
}
