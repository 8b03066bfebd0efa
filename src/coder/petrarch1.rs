//! PETRARCH-1's reading of a sentence where it differs from PETRARCH-2's and
//! detente's ([`super::Coder::petrarch1`]; its unit suite, `PETR.UnitTest.records.xml`).
//!
//! PETRARCH-1 (`petrarch.py`, `check_verbs`) codes every verb phrase at the top of the
//! parse, each with an "upper sequence" (the words before the verb back to the
//! nearest comma, `get_upper_seq`) and a "lower sequence" (the words of its own verb
//! phrase, `get_lower_seq`). Its source is a noun phrase of the upper sequence
//! (`find_source`), its target one of the lower sequence (`find_target`): a noun
//! phrase with no actor in it counts, coded `---`, and a verb with no noun phrase
//! there codes nothing. A verb is passive only with BY after it (`check_passive`).

use std::cmp::Reverse;

use super::matcher::ClauseView;
use super::{Coding, CLAUSE_CONJUNCTIONS, PREPOSITIONS};
use crate::actors::is_pronoun;
use crate::article::Mention;

/// Words that open an adverbial clause rather than a subject ("…, almost five years
/// after Calenardhon crowds burned down its embassy").
const SUBORDINATORS: &[&str] =
    &["AFTER", "BEFORE", "SINCE", "UNTIL", "WHEN", "WHILE", "AS", "BECAUSE", "IF", "ALTHOUGH", "THOUGH", "ONCE"];

/// Time words a parser reads as a bare temporal noun phrase (`NP-TMP`) right after a
/// verb ("said today"), which PETRARCH-1 does not make a noun phrase it may code;
/// after a preposition ("said on Saturday") they are one.
const BARE_TIME_WORDS: &[&str] = &[
    "TODAY",
    "YESTERDAY",
    "TOMORROW",
    "TONIGHT",
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

/// Whether BY follows the verb ending at sentence token `verb_end` in its clause:
/// PETRARCH-1 reads a verb as passive only then (`check_passive`), so "The Philippines
/// was criticized over its dispute with Eriador" has the Philippines as its source.
pub(super) fn has_by_phrase(view: &ClauseView, verb_end: usize) -> bool {
    view.positions[view.index_of(verb_end)..].iter().any(|&t| view.norms[t] == "BY")
}

/// Whether a noun phrase follows the verb ending at sentence token `verb_end` in its
/// clause, for a target coded `---`: any word but a bare time word right after the
/// verb ("said on Saturday" has one, "said today." none).
pub(super) fn has_noun_phrase_after(view: &ClauseView, verb_end: usize) -> bool {
    let rest = view.positions[view.index_of(verb_end)..].iter().map(|&t| view.norms[t]);
    rest.skip_while(|n| BARE_TIME_WORDS.contains(n)).any(|n| n.chars().next().is_some_and(char::is_alphanumeric))
}

/// Keeps, of the actors `before` a verb starting at sentence token `verb_first`, those
/// after the last comma before it: PETRARCH-1's upper sequence stops at a comma
/// ("…, almost five years after Calenardhon crowds burned down its embassy" has
/// Calenardhon as the source of BURNED; "On … Gondor's health centres, he said …" has
/// no source, HE being no actor). A comma inside a compound actor stops nothing, nor
/// one closing a dropped comma clause: the parser puts such a pair of commas inside
/// the subject's noun phrase ("Arnor's foreign minister, in remarks published on
/// Monday, urged …").
pub(super) fn keep_comma_segment(
    view: &ClauseView,
    mentions: &[Mention],
    verb_first: usize,
    before: &mut super::Members,
) {
    let at = view.index_of(verb_first);
    let Some(comma) = view.positions[..at].iter().rev().copied().find(|&t| {
        let closes_dropped = t > 0 && view.positions.binary_search(&(t - 1)).is_err();
        view.norms[t] == "," && !closes_dropped && !super::joins_compound(mentions, t)
    }) else {
        return;
    };
    before.retain(|m| mentions[*m].first > comma);
}

/// The first token of a final comma segment that has a subject and a verb of its own
/// (", a senior official said on Saturday"): PETRARCH-1 codes its verb phrase apart
/// from the main clause's, so it is a clause of its own. `active` marks the tokens
/// left after comma-clause elimination, `is_verb` dictionary verb forms outside
/// actors. `None` when the last active comma opens a list member, a conjunction's
/// clause, an adverbial clause or no subject followed by a verb.
pub(super) fn own_subject_segment(
    norms: &[&str],
    active: &[bool],
    mentions: &[Mention],
    is_verb: impl Fn(usize) -> bool,
) -> Option<usize> {
    let comma = (0..norms.len()).rev().find(|&i| active[i] && norms[i] == ",")?;
    if super::joins_compound(mentions, comma) {
        return None;
    }
    let segment: Vec<usize> = (comma + 1..norms.len()).filter(|&i| active[i]).collect();
    let &start = segment.first()?;
    let subject = mentions.iter().find(|m| m.first >= start && active[m.first])?;
    // Up to the subject: only words of its noun phrase ("a clearly inebriated Bree
    // official"), no verb, preposition or clause opener.
    let opens_clause = |i: &usize| {
        let n = norms[*i];
        is_verb(*i) || PREPOSITIONS.contains(&n) || SUBORDINATORS.contains(&n) || CLAUSE_CONJUNCTIONS.contains(&n)
    };
    if segment.iter().take_while(|&&i| i < subject.first).any(opens_clause) {
        return None;
    }
    segment.iter().any(|&i| i >= subject.end && is_verb(i)).then_some(start)
}

/// The mentions but those a pronoun makes ("its embassy" → Arnor): PETRARCH-1 codes
/// a noun phrase by the dictionary phrases in it (`check_NEphrase`) and resolves no
/// pronoun, so "its embassy" is a noun phrase coded `---`.
pub(super) fn without_pronouns(mentions: &[Mention], norms: &[&str]) -> Vec<Mention> {
    mentions.iter().filter(|m| !(m.reference && is_pronoun(norms[m.first]))).cloned().collect()
}

/// The matching pattern `codings` of a verb (heaviest first, by `weight` of each
/// pattern) with those of equal weight in the order PETRARCH-1's matcher meets them.
/// It keeps a verb's patterns as a tree of words and walks the words after the verb
/// through it depth first, taking a branch as soon as its word comes up
/// (`verb_pattern_match`), then the words before the verb from the verb outwards: of
/// `* IFTAR AT ^ ^ +` and `* IFTAR IN ^ +`, "celebrated Iftar at Osgiliath with … in
/// Eriador" meets AT first. The dictionary's order decides only what the sentence
/// does not.
pub(super) fn in_match_order<'d>(
    mut codings: Vec<Coding<'d>>,
    weight: impl Fn(usize) -> (usize, usize),
) -> Vec<Coding<'d>> {
    codings.sort_by_cached_key(|c| {
        let (verb_first, verb_end) = c.verb;
        let after: Vec<usize> = c.hits.iter().filter(|h| h.first >= verb_end).map(|h| h.first).collect();
        let before: Vec<Reverse<usize>> =
            c.hits.iter().filter(|h| h.first < verb_first).rev().map(|h| Reverse(h.first)).collect();
        (Reverse(c.rule.1.map(&weight)), after, before)
    });
    codings
}
