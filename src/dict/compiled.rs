//! Dictionaries compiled into indexes for matching token sequences.
//!
//! Matching is word-level: every phrase is indexed by its first word, so finding all
//! phrases that start at a token costs one hash lookup (plus one per prefix length
//! for TABARI stems), then a short comparison of the following words. Longest match
//! wins, and among equals the entry read last (user files override built-ins).

use std::collections::HashMap;

use super::phrase::plural;
use super::{Dictionaries, Phrase, WordMode};

/// Phrases indexed by their first word.
#[derive(Clone, Debug, Default)]
pub struct PhraseIndex<T> {
    exact: HashMap<String, Vec<(T, Phrase)>>,
    stems: HashMap<String, Vec<(T, Phrase)>>,
    min_stem: usize,
    max_stem: usize,
}

/// A phrase found in the token sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<T> {
    pub value: T,
    /// Number of tokens covered.
    pub len: usize,
    /// Literal characters in the phrase (to prefer specific matches).
    pub weight: usize,
}

impl<T: Copy> PhraseIndex<T> {
    pub fn new() -> PhraseIndex<T> {
        PhraseIndex { exact: HashMap::new(), stems: HashMap::new(), min_stem: usize::MAX, max_stem: 0 }
    }

    pub fn insert(&mut self, phrase: &Phrase, value: T) {
        let Some(first) = phrase.words.first() else {
            return;
        };
        match first.mode {
            WordMode::Stem => {
                self.min_stem = self.min_stem.min(first.text.len());
                self.max_stem = self.max_stem.max(first.text.len());
                self.stems.entry(first.text.clone()).or_default().push((value, phrase.clone()));
            }
            WordMode::Exact => self.exact.entry(first.text.clone()).or_default().push((value, phrase.clone())),
            WordMode::Noun => {
                self.exact.entry(first.text.clone()).or_default().push((value, phrase.clone()));
                if phrase.words.len() == 1 {
                    let p = plural(&first.text);
                    self.exact.entry(p).or_default().push((value, phrase.clone()));
                    if let Some(stem) = first.text.strip_suffix('Y') {
                        self.exact.entry(format!("{stem}IES")).or_default().push((value, phrase.clone()));
                    }
                    self.exact.entry(format!("{}ES", first.text)).or_default().push((value, phrase.clone()));
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.stems.is_empty()
    }

    /// Every phrase matching at `norms[0]`, in no particular order.
    pub fn each_at<S: AsRef<str>>(&self, norms: &[S], mut f: impl FnMut(Found<T>)) {
        let Some(first) = norms.first() else { return };
        let first = first.as_ref();
        let mut check = |candidates: &Vec<(T, Phrase)>| {
            for (value, phrase) in candidates {
                if let Some(len) = phrase.match_at(norms) {
                    f(Found { value: *value, len, weight: phrase.weight() });
                }
            }
        };
        if let Some(c) = self.exact.get(first) {
            check(c);
        }
        if !self.stems.is_empty() {
            let upper = self.max_stem.min(first.len());
            for n in self.min_stem..=upper {
                if !first.is_char_boundary(n) {
                    continue;
                }
                if let Some(c) = self.stems.get(&first[..n]) {
                    check(c);
                }
            }
        }
    }

    /// The longest phrase matching at `norms[0]`; ties go to the heavier, then the
    /// earlier-inserted entry.
    pub fn longest_at<S: AsRef<str>>(&self, norms: &[S]) -> Option<Found<T>> {
        let mut best: Option<Found<T>> = None;
        self.each_at(norms, |found| {
            let better = match &best {
                None => true,
                Some(b) => (found.len, found.weight) > (b.len, b.weight),
            };
            if better {
                best = Some(found);
            }
        });
        best
    }
}

/// What an actor-index phrase refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nominal {
    Actor(usize),
    Agent(usize),
}

/// A verb form's place: verb index and form index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerbRef {
    pub verb: usize,
    pub form: usize,
}

/// The compiled dictionaries the coder runs on.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub dicts: Dictionaries,
    pub nominals: PhraseIndex<Nominal>,
    /// Verb forms by their first word.
    pub verbs: HashMap<String, Vec<VerbRef>>,
    /// Pattern indexes per verb block, heaviest first.
    pub block_patterns: Vec<Vec<usize>>,
    pub synsets: Vec<PhraseIndex<()>>,
    pub discards: PhraseIndex<usize>,
    pub nouns: PhraseIndex<()>,
    pub adjectives: PhraseIndex<()>,
}

impl Compiled {
    pub fn new(dicts: Dictionaries) -> Compiled {
        let mut nominals = PhraseIndex::new();
        for (i, actor) in dicts.actors.iter().enumerate() {
            for p in &actor.phrases {
                nominals.insert(p, Nominal::Actor(i));
            }
        }
        for (i, agent) in dicts.agents.iter().enumerate() {
            for p in &agent.phrases {
                nominals.insert(p, Nominal::Agent(i));
            }
        }
        let mut verbs: HashMap<String, Vec<VerbRef>> = HashMap::new();
        for (v, verb) in dicts.verbs.iter().enumerate() {
            for (f, form) in verb.forms.iter().enumerate() {
                if let Some(first) = form.words.first() {
                    let refs = verbs.entry(first.clone()).or_default();
                    // A form belongs to the first verb that lists it, as in PETRARCH.
                    if !refs.iter().any(|r| dicts.verbs[r.verb].forms[r.form].words == form.words) {
                        refs.push(VerbRef { verb: v, form: f });
                    }
                }
            }
        }
        let mut block_patterns = vec![Vec::new(); dicts.blocks.len()];
        for (i, p) in dicts.patterns.iter().enumerate() {
            if let Some(list) = block_patterns.get_mut(p.block) {
                list.push(i);
            }
        }
        for list in &mut block_patterns {
            // Heaviest first; among equals, later entries (user overrides) first.
            list.sort_by(|&a, &b| dicts.patterns[b].weight.cmp(&dicts.patterns[a].weight).then(b.cmp(&a)));
        }
        let synsets = dicts
            .synsets
            .iter()
            .map(|s| {
                let mut index = PhraseIndex::new();
                for p in &s.phrases {
                    index.insert(p, ());
                }
                index
            })
            .collect();
        let mut discards = PhraseIndex::new();
        for (i, d) in dicts.discards.iter().enumerate() {
            discards.insert(&d.phrase, i);
        }
        let mut nouns = PhraseIndex::new();
        for p in &dicts.nouns {
            nouns.insert(p, ());
        }
        let mut adjectives = PhraseIndex::new();
        for p in &dicts.adjectives {
            adjectives.insert(p, ());
        }
        Compiled { dicts, nominals, verbs, block_patterns, synsets, discards, nouns, adjectives }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Word;

    #[test]
    fn longest_match_wins() {
        let mut index = PhraseIndex::new();
        index.insert(&Phrase::new(vec![Word::new("WHITE", WordMode::Exact)]), 1);
        index.insert(&Phrase::new(vec![Word::new("WHITE", WordMode::Exact), Word::new("HOUSE", WordMode::Noun)]), 2);
        index.insert(&Phrase::new(vec![Word::new("ARGENTIN", WordMode::Stem)]), 3);
        assert_eq!(index.longest_at(&["WHITE", "HOUSE", "SAID"]).unwrap().value, 2);
        assert_eq!(index.longest_at(&["WHITE", "FLAG"]).unwrap().value, 1);
        assert_eq!(index.longest_at(&["ARGENTINIAN"]).unwrap().value, 3);
        assert!(index.longest_at(&["ARGENT"]).is_none());
    }
}
