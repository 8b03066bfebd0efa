//! Verb-pattern matching over a clause, TABARI style.
//!
//! A clause is seen as a list of positions (its active tokens, after comma-clause
//! elimination). Pattern elements match in order; words may be skipped between
//! elements unless the dictionary bound them with `_`. Actor slots (`$ + % ^`) take
//! the first actor met, as TABARI's "first actor encountered in that location".

use crate::article::Mention;
use crate::dict::phrase::is_regular_plural;
use crate::dict::{Compiled, Element, PatternItem, WordMode};

/// Words that end the noun phrase a `^` skips.
const NOUN_PHRASE_ENDS: &[&str] = &[
    "OF", "IN", "FROM", "FOR", "WITH", "TO", "ON", "AT", "BY", "AGAINST", "ABOUT", "AFTER", "BEFORE", "OVER", "INTO",
    "BETWEEN", "AMONG", "DURING", "AND", "OR", "NOR", "BUT", "THAT", "WHO", "WHICH", "IS", "ARE", "WAS", "WERE",
];

/// The most words a synset member is looked for over, matching backwards.
const MAX_SYNSET_WORDS: usize = 8;

/// What the matcher needs to know about the clause.
pub struct ClauseView<'a> {
    /// Token norms of the whole sentence.
    pub norms: &'a [&'a str],
    /// Sentence token indices of the clause's active tokens, in order.
    pub positions: &'a [usize],
    /// The norms at `positions`, so that phrases can be matched across the gaps
    /// left by dropped comma clauses.
    pub clause_norms: &'a [&'a str],
    /// The sentence token where the next clause starts (the sentence's length for
    /// the last clause).
    pub clause_end: usize,
    /// The pattern words the sentence holds ([`Compiled::sentence_words`]), to rule
    /// patterns out before matching them.
    pub sentence_words: &'a [u64],
    /// For each sentence token: the mention starting there, if any.
    pub mention_at: &'a [Option<usize>],
    /// The sentence's tokens whose word starts a modality cue, with the cues' indexes
    /// ([`super::ModalityCues::starting_with`]), in order: found once per sentence, in the
    /// scan for its breaks, rather than per coding over its clause's words.
    pub cue_starts: &'a [(usize, &'a [usize])],
    /// The sentence's mentions (`mention_at` indexes them): their ends, read in place
    /// rather than copied per sentence.
    pub mentions: &'a [Mention],
    /// Whether `^` also skips a noun phrase that is no actor, as PETRARCH's parse
    /// let it; TABARI's `^` skips only actors (its suite's `PATTERN-32a`).
    pub skip_noun_phrases: bool,
    /// Whether the clause is read as UD-PETRARCH reads a dependency parse: a passive
    /// is a relation of the verb that adverbs before it do not hide ("was heavily and
    /// unjustly criticized"; [`super::is_passive`]), and a pattern word matches a
    /// token or its lemma, so a noun also matches its regular plural ("abandoned
    /// efforts" is `* EFFORT`, UD `PATTERN-09`).
    pub dependency_parse: bool,
}

/// One matched element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub element: HitKind,
    /// Sentence token range.
    pub first: usize,
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HitKind {
    Word,
    Source(usize),
    Target(usize),
    Both(usize),
    Skip,
}

impl ClauseView<'_> {
    /// View index of the first position at or after sentence token `token`.
    pub fn index_of(&self, token: usize) -> usize {
        // Most clauses have no gaps: a token then sits at its offset from the first,
        // found without the binary search.
        let offset = token.wrapping_sub(self.positions.first().copied().unwrap_or(0));
        if self.positions.get(offset) == Some(&token) {
            return offset;
        }
        self.positions.partition_point(|&p| p < token)
    }

    /// Matches `items` in view positions `from..limit`, appending their hits to
    /// `hits` (left as it was on failure). With `anchored`, the first item must start
    /// at `from`; with `end_at`, the last item must end there.
    #[allow(clippy::too_many_arguments)]
    pub fn match_items(
        &self,
        dicts: &Compiled,
        items: &[PatternItem],
        from: usize,
        limit: usize,
        anchored: bool,
        end_at: Option<usize>,
        hits: &mut Vec<Hit>,
    ) -> bool {
        let Some((item, rest)) = items.split_first() else {
            return end_at.is_none_or(|e| e == from);
        };
        let last_start = if anchored { from.min(limit) } else { limit };
        let mut start = from;
        while start < limit && start <= last_start {
            if let Some((hit, next)) = self.match_element(dicts, &item.element, start, limit) {
                hits.push(hit);
                if self.match_items(dicts, rest, next, limit, item.adjacent_next, end_at, hits) {
                    return true;
                }
                hits.pop();
                if matches!(hit.element, HitKind::Source(_) | HitKind::Target(_) | HitKind::Both(_) | HitKind::Skip) {
                    // Actor slots take the first actor; they do not look further.
                    return false;
                }
            }
            start += 1;
        }
        false
    }

    /// `^` where no actor starts: it skips the noun phrase there ("warned their
    /// populations about", `* THEIR ^ ABOUT +`), the words up to a preposition,
    /// conjunction, punctuation or actor.
    fn skip_noun_phrase(&self, at: usize, limit: usize) -> Option<(Hit, usize)> {
        let ends = |k: usize| {
            let token = self.positions[k];
            let norm = self.norms[token];
            self.mention_at[token].is_some()
                || NOUN_PHRASE_ENDS.contains(&norm)
                || !norm.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        };
        let end = (at..limit).find(|&k| ends(k)).unwrap_or(limit);
        (end > at).then(|| {
            let hit = Hit { element: HitKind::Skip, first: self.positions[at], end: self.positions[end - 1] + 1 };
            (hit, end)
        })
    }

    /// Matches `items` backwards, the last one ending at or before view position
    /// `end` (exactly there with `anchored`), each earlier one before the next:
    /// TABARI reads the words before the verb from the verb outwards, so an actor
    /// slot there takes the actor nearest the verb ("Mordor et Arnor will be
    /// hosting" with `$ HOSTING ^ *`: Arnor). Hits are appended, last item first.
    pub fn match_items_back(
        &self,
        dicts: &Compiled,
        items: &[PatternItem],
        end: usize,
        anchored: bool,
        hits: &mut Vec<Hit>,
    ) -> bool {
        let Some((item, rest)) = items.split_last() else {
            return true;
        };
        let bound = rest.last().is_some_and(|r| r.adjacent_next);
        let lowest = if anchored { end } else { 1 };
        let mut stop = end;
        while stop >= lowest && stop > 0 {
            if let Some((hit, start)) = self.match_element_back(dicts, &item.element, stop) {
                hits.push(hit);
                if self.match_items_back(dicts, rest, start, bound, hits) {
                    return true;
                }
                hits.pop();
                if matches!(hit.element, HitKind::Source(_) | HitKind::Target(_) | HitKind::Both(_) | HitKind::Skip) {
                    // Actor slots take the nearest actor; they do not look further.
                    return false;
                }
            }
            stop -= 1;
        }
        false
    }

    /// Matches one element ending at view position `end` (exclusive), returning the
    /// hit and the view position it starts at (before an actor's determiner).
    fn match_element_back(&self, dicts: &Compiled, element: &Element, end: usize) -> Option<(Hit, usize)> {
        let token = self.positions[end - 1];
        match element {
            Element::Word(word) => word
                .matches(self.norms[token])
                .then_some((Hit { element: HitKind::Word, first: token, end: token + 1 }, end - 1)),
            Element::Synset(s) => {
                let synset = dicts.synsets.get(*s)?;
                (0..end).rev().take(MAX_SYNSET_WORDS).find_map(|start| {
                    let found = synset.longest_at(&self.clause_norms[start..end])?;
                    let first = self.positions[start];
                    (found.len == end - start).then_some((Hit { element: HitKind::Word, first, end: token + 1 }, start))
                })
            }
            Element::Source | Element::Target | Element::Both | Element::Skip => {
                let mention = self.mentions.iter().position(|m| m.end == token + 1)?;
                let first = self.mention_first(mention)?;
                let kind = match element {
                    Element::Source => HitKind::Source(mention),
                    Element::Target => HitKind::Target(mention),
                    Element::Both => HitKind::Both(mention),
                    _ => HitKind::Skip,
                };
                // Determiners before an actor do not count as words in between.
                let mut start = self.index_of(first);
                while start > 0 && matches!(self.norms[self.positions[start - 1]], "THE" | "A" | "AN") {
                    start -= 1;
                }
                Some((Hit { element: kind, first, end: token + 1 }, start))
            }
        }
    }

    /// The first token of a mention, from the clause's mention starts.
    fn mention_first(&self, mention: usize) -> Option<usize> {
        self.mention_at.iter().position(|&m| m == Some(mention))
    }

    /// Matches one element at view position `at`, returning the hit and the next
    /// view position.
    fn match_element(&self, dicts: &Compiled, element: &Element, at: usize, limit: usize) -> Option<(Hit, usize)> {
        let token = self.positions[at];
        match element {
            Element::Word(word) => (word.matches(self.norms[token])
                || self.dependency_parse
                    && word.mode == WordMode::Exact
                    && is_regular_plural(&word.text, self.norms[token]))
            .then_some((Hit { element: HitKind::Word, first: token, end: token + 1 }, at + 1)),
            Element::Synset(s) => {
                let found = dicts.synsets.get(*s)?.longest_at(&self.clause_norms[at..limit])?;
                let end_token = self.positions[at + found.len - 1] + 1;
                Some((Hit { element: HitKind::Word, first: token, end: end_token }, at + found.len))
            }
            Element::Source | Element::Target | Element::Both | Element::Skip => {
                // Determiners before an actor do not count as words in between.
                let mut p = at;
                while p < limit && matches!(self.norms[self.positions[p]], "THE" | "A" | "AN") {
                    p += 1;
                }
                let first = self.positions.get(p).copied()?;
                let Some(mention) = self.mention_at[first] else {
                    return if *element == Element::Skip && self.skip_noun_phrases {
                        self.skip_noun_phrase(at, limit)
                    } else {
                        None
                    };
                };
                let end = self.mentions[mention].end;
                let kind = match element {
                    Element::Source => HitKind::Source(mention),
                    Element::Target => HitKind::Target(mention),
                    Element::Both => HitKind::Both(mention),
                    _ => HitKind::Skip,
                };
                let next = self.index_of(end);
                Some((Hit { element: kind, first, end }, next))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The offset shortcut gives what the binary search does, with gaps or without.
    #[test]
    fn index_of_is_the_first_position_at_or_after_the_token() {
        let norms = ["A"; 12];
        for positions in [&[2, 3, 4, 5][..], &[0, 1, 4, 5, 9], &[], &[7]] {
            let view = ClauseView {
                norms: &norms,
                positions,
                clause_norms: &[],
                clause_end: 12,
                sentence_words: &[],
                mention_at: &[],
                mentions: &[],
                cue_starts: &[],
                skip_noun_phrases: true,
                dependency_parse: false,
            };
            for token in 0..13 {
                assert_eq!(view.index_of(token), positions.partition_point(|&p| p < token), "{positions:?} {token}");
            }
        }
    }
}
