//! TABARI's complexity filter (`COMPLEX:`, manual §8.7): a sentence with too many
//! verbs, actors, pronouns or conjunctions, or whose coding verb has no actor
//! before (or after) it, is too complex for sparse parsing and is not coded.

use super::{joins_compound, Coder, VerbReading};
use crate::article::{Event, Mention};
use crate::dict::{is_null_code, EventSpec};
use crate::text::Token;

/// TABARI's pronouns (manual §7.2, the parse display).
const PRONOUNS: &[&str] = &["HE", "SHE", "HIM", "HER", "IT", "THEY", "THEM", "THEIR"];
/// TABARI's conjunctions (manual §7.2 and §7.6).
const CONJUNCTIONS: &[&str] = &["AND", "BUT", "OR", "NOR"];

/// An actor for the filter: a mention with a code that is not null ("Prince of Dol
/// Amroth" before 1995 is `---`).
fn is_actor(mention: &Mention) -> bool {
    mention.codes.iter().any(|c| !is_null_code(c))
}

impl Coder {
    /// Why a sentence is too complex by the conditions counted on its words, before
    /// coding; `None` when it is not (or no such condition is active).
    pub(super) fn too_complex(&self, tokens: &[Token], mentions: &[Mention]) -> Option<String> {
        let limits = &self.options.complexity;
        if !limits.counts_words() {
            return None;
        }
        let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
        let verbs = self.counted_verbs(&norms, tokens, mentions);
        let actors = mentions.iter().filter(|m| is_actor(m)).count();
        let pronouns = norms.iter().filter(|n| PRONOUNS.contains(n)).count();
        let conjunctions =
            (0..norms.len()).filter(|&i| CONJUNCTIONS.contains(&norms[i]) && !joins_compound(mentions, i)).count();
        let reached = |limit: usize, n: usize| limit > 0 && n >= limit;
        let reason = if reached(limits.verbs, verbs.len()) {
            format!("{} verbs", verbs.len())
        } else if reached(limits.actors, actors) {
            format!("{actors} actors")
        } else if reached(limits.pronouns, pronouns) {
            format!("{pronouns} pronouns")
        } else if reached(limits.conjunctions, conjunctions) {
            format!("{conjunctions} conjunctions")
        } else if limits.no_verb && verbs.is_empty() {
            "no verb".to_string()
        } else if limits.late_verb > 0 && verbs.first().is_none_or(|&v| v >= limits.late_verb) {
            format!("no verb in the first {} words", limits.late_verb)
        } else {
            return None;
        };
        Some(format!("complex ({reason})"))
    }

    /// Why the coded `events` make the sentence too complex: no actor before
    /// (`NOACTPRIOR`) or after (`NOACTAFTER`) the first coding verb.
    pub(super) fn no_actor_around_verb(&self, events: &[Event], mentions: &[Mention]) -> Option<String> {
        let limits = &self.options.complexity;
        if !limits.no_actor_prior && !limits.no_actor_after {
            return None;
        }
        let verb = events.iter().map(|e| e.evidence.verb).min_by_key(|v| v.start)?;
        let actors = || mentions.iter().filter(|m| is_actor(m));
        if limits.no_actor_prior && !actors().any(|m| m.span.end <= verb.start) {
            Some("complex (no actor before the verb)".into())
        } else if limits.no_actor_after && !actors().any(|m| m.span.start >= verb.end) {
            Some("complex (no actor after the verb)".into())
        } else {
            None
        }
    }

    /// The token positions of the sentence's verbs as TABARI counts them: words read
    /// as verbs outside actor phrases, a multi-word form once, without null-coded
    /// verbs that have no patterns.
    fn counted_verbs(&self, norms: &[&str], tokens: &[Token], mentions: &[Mention]) -> Vec<usize> {
        let mut in_mention = vec![false; tokens.len()];
        for m in mentions {
            in_mention[m.first..m.end].fill(true);
        }
        let positions: Vec<usize> = (0..tokens.len()).collect();
        let title_case = std::cell::OnceCell::new();
        let mut verbs = Vec::new();
        let mut token = 0;
        while token < tokens.len() {
            let is_verb = !in_mention[token]
                && self.dicts.verbs.contains_key(norms[token])
                && matches!(self.verb_reading(norms, tokens, token, token, &positions, &title_case), VerbReading::Verb);
            let form = is_verb.then(|| self.verbs_at(norms, token).find(|(r, _)| !self.is_null_verb(r.verb))).flatten();
            match form {
                Some((_, len)) => {
                    verbs.push(token);
                    token += len;
                }
                None => token += 1,
            }
        }
        verbs
    }

    /// A verb whose code (or its block's) is null or missing and whose block has no
    /// patterns: TABARI's type NULL, which the filter does not count.
    fn is_null_verb(&self, verb: usize) -> bool {
        let verb = &self.dicts.dicts.verbs[verb];
        let code = verb.code.as_ref().or(self.dicts.dicts.blocks[verb.block].code.as_ref());
        matches!(code, None | Some(EventSpec::Null)) && self.dicts.block_needs.no_patterns(verb.block)
    }
}
