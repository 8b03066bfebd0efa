//! PETRARCH-2's reading of passive and receiving verbs: the party acting is named in
//! a BY or FROM phrase after the verb, not before it.

use super::matcher::{ClauseView, Hit};
use crate::dict::{Compiled, Element, PatternItem};

/// How many words after BY or FROM the giver's name may start ("from the Georgian
/// government").
const GIVER_REACH: usize = 3;

/// The other party of a verb coded only with a paired code (`[:030]` under RECEIVE,
/// `[:100]` under FACE): the giver, the first actor of a BY or FROM phrase after the
/// verb ending at sentence token `verb_end` ("received assurances from the Georgian
/// government", "faces pressure from Congress"), whom the paired code makes the source.
/// PETRARCH-2 reads that code as the verb's passive meaning, whose source is found in
/// such phrases.
pub(super) fn giver(view: &ClauseView, verb_end: usize) -> Option<usize> {
    let rest = &view.positions[view.index_of(verb_end)..];
    let k = rest.iter().position(|&t| matches!(view.norms[t], "FROM" | "BY"))?;
    rest[k + 1..rest.len().min(k + 1 + GIVER_REACH)].iter().find_map(|&t| view.mention_at[t])
}

/// Where PETRARCH-2 looks for the pattern words of a passive verb (its paper, "get
/// code"): the words a pattern wants before the verb are in the agent's BY, FROM or IN
/// phrase after it ("The Russian building was demolished by a Ukrainian protestor" is
/// `PROTESTOR * [145]`), and the nouns it wants after the verb may be in the subject
/// ("Evidence against Russia was presented by the US" is `* EVIDENCE [1124]`). View
/// index ranges.
#[derive(Clone, Copy, Debug)]
pub(super) struct Regions {
    /// The words before the verb.
    subject: (usize, usize),
    /// The agent's phrase, up to the next preposition or punctuation; `None` when the
    /// passive names no agent.
    agent: Option<(usize, usize)>,
}

/// The regions of the verb starting at sentence token `verb_first`, whose words end
/// before view index `after`; `None` for an active verb.
pub(super) fn regions(view: &ClauseView, verb_first: usize, after: usize) -> Option<Regions> {
    if !super::is_passive(view, verb_first) {
        return None;
    }
    let len = view.positions.len();
    let norm = |k: usize| view.norms[view.positions[k]];
    // As `passive_agent` finds the agent: BY, else IN, DURING or FROM right after the verb.
    let by = (after..len.min(after + 16)).find(|&k| norm(k) == "BY");
    let preposition = by.or_else(|| (after..len.min(after + 3)).find(|&k| matches!(norm(k), "IN" | "DURING" | "FROM")));
    let agent = preposition.map(|k| {
        let ends = |j: &usize| {
            super::PREPOSITIONS.contains(&norm(*j))
                || !norm(*j).bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        };
        (k + 1, (k + 1..len).find(ends).unwrap_or(len))
    });
    Some(Regions { subject: (0, view.index_of(verb_first)), agent })
}

/// Whether a pattern's items are all words or synsets: a passive's regions are tried
/// only for those (an actor slot keeps its place).
pub(super) fn words_only(items: &[PatternItem]) -> bool {
    !items.is_empty() && items.iter().all(|i| matches!(i.element, Element::Word(_) | Element::Synset(_)))
}

impl Regions {
    /// Matches the words a pattern wants before the verb in the agent's phrase.
    pub(super) fn match_before(
        &self,
        view: &ClauseView,
        dicts: &Compiled,
        items: &[PatternItem],
        hits: &mut Vec<Hit>,
    ) -> bool {
        self.agent.is_some_and(|(from, to)| view.match_items(dicts, items, from, to, false, None, hits))
    }

    /// Matches the words a pattern wants after the verb in the subject.
    pub(super) fn match_after(
        &self,
        view: &ClauseView,
        dicts: &Compiled,
        items: &[PatternItem],
        hits: &mut Vec<Hit>,
    ) -> bool {
        words_only(items) && view.match_items(dicts, items, self.subject.0, self.subject.1, false, None, hits)
    }
}
