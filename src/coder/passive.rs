//! PETRARCH-2's reading of passive and receiving verbs: the party acting is named in
//! a BY or FROM phrase after the verb, not before it.

use super::matcher::ClauseView;

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
