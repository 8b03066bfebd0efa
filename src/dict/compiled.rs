//! Dictionaries compiled into indexes for matching token sequences.
//!
//! Matching is word-level: every phrase is indexed by its first word, so finding all
//! phrases that start at a token costs one hash lookup (plus one per prefix length
//! for TABARI stems), then a short comparison of the following words. Longest match
//! wins, and among equals the entry read last (user files override built-ins).

use rustc_hash::FxHashMap as HashMap;

use super::phrase::plural;

use super::{Dictionaries, Element, Phrase, Word, WordMode};

/// Phrases indexed by their first word.
///
/// Stems (TABARI's prefix words) are indexed by their first [`STEM_KEY`] characters,
/// so a token costs at most `STEM_KEY` lookups, whatever the stems' lengths. Phrases
/// starting with an exact word are indexed by their second word too: hundreds of
/// names start with "INTERNATIONAL" or "JOHN", and one lookup skips them all.
#[derive(Clone, Debug)]
pub struct PhraseIndex<T> {
    entries: Vec<Entry<T>>,
    exact: HashMap<String, Bucket>,
    stems: HashMap<String, Vec<u32>>,
    /// `stem_keys[n]`: whether some stem key has `n` characters.
    stem_keys: [bool; STEM_KEY + 1],
}

const STEM_KEY: usize = 3;

/// The phrases starting with one exact word.
#[derive(Clone, Debug, Default)]
struct Bucket {
    /// One-word phrases and those whose second word is a stem.
    rest: Vec<u32>,
    /// The others, by each norm their second word matches.
    by_second: HashMap<String, Vec<u32>>,
}

impl Bucket {
    fn add(&mut self, id: u32, phrase: &Phrase) {
        match phrase.words.get(1) {
            Some(second) if second.mode != WordMode::Stem => {
                for norm in word_forms(second) {
                    self.by_second.entry(norm).or_default().push(id);
                }
            }
            _ => self.rest.push(id),
        }
    }
}

#[derive(Clone, Debug)]
struct Entry<T> {
    value: T,
    phrase: Phrase,
    weight: usize,
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

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            entries: Vec::new(),
            exact: HashMap::default(),
            stems: HashMap::default(),
            stem_keys: [false; STEM_KEY + 1],
        }
    }
}

impl<T: Copy> PhraseIndex<T> {
    pub fn new() -> PhraseIndex<T> {
        PhraseIndex::default()
    }

    pub fn insert(&mut self, phrase: &Phrase, value: T) {
        let Some(first) = phrase.words.first() else {
            return;
        };
        let id = self.entries.len() as u32;
        self.entries.push(Entry { value, phrase: phrase.clone(), weight: phrase.weight() });
        match first.mode {
            WordMode::Stem => {
                let key = char_prefix(&first.text, STEM_KEY);
                self.stem_keys[key.chars().count()] = true;
                self.stems.entry(key.to_string()).or_default().push(id);
            }
            WordMode::Exact => self.exact.entry(first.text.clone()).or_default().add(id, phrase),
            // Only a phrase's last word takes a plural.
            WordMode::Noun if phrase.words.len() > 1 => {
                self.exact.entry(first.text.clone()).or_default().add(id, phrase)
            }
            WordMode::Noun => {
                for form in word_forms(first) {
                    self.exact.entry(form).or_default().add(id, phrase);
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every phrase matching at `norms[0]`, in no particular order.
    pub fn each_at<S: AsRef<str>>(&self, norms: &[S], mut f: impl FnMut(Found<T>)) {
        self.visit(norms, |entry, len| f(Found { value: entry.value, len, weight: entry.weight }));
    }

    /// Each entry matching at `norms[0]`, with the number of tokens it covers.
    fn visit<S: AsRef<str>>(&self, norms: &[S], mut f: impl FnMut(&Entry<T>, usize)) {
        let Some(first) = norms.first() else { return };
        let first = first.as_ref();
        let mut check = |ids: &[u32], known: usize| {
            for &id in ids {
                let entry = &self.entries[id as usize];
                if let Some(len) = entry.phrase.match_from(norms, known) {
                    f(entry, len);
                }
            }
        };
        if let Some(bucket) = self.exact.get(first) {
            check(&bucket.rest, 1);
            if let Some(ids) = norms.get(1).and_then(|second| bucket.by_second.get(second.as_ref())) {
                check(ids, 2);
            }
        }
        if self.stems.is_empty() {
            return;
        }
        for (n, _) in self.stem_keys.iter().enumerate().filter(|(_, used)| **used) {
            let key = char_prefix(first, n);
            if key.chars().count() == n {
                if let Some(ids) = self.stems.get(key) {
                    check(ids, 0);
                }
            }
        }
    }

    /// The longest phrase matching at `norms[0]`; ties go to the heavier, then the
    /// earlier-inserted entry.
    pub fn longest_at<S: AsRef<str>>(&self, norms: &[S]) -> Option<Found<T>> {
        self.longest_where(norms, |_, _| true)
    }

    /// [`PhraseIndex::longest_at`] among the phrases `accept` takes (given the phrase
    /// and the number of tokens it covers).
    pub fn longest_where<S: AsRef<str>>(
        &self,
        norms: &[S],
        accept: impl Fn(&Phrase, usize) -> bool,
    ) -> Option<Found<T>> {
        let mut best: Option<Found<T>> = None;
        self.visit(norms, |entry, len| {
            // Entries are visited exact first, then stems; within each in insertion
            // order, so ties go to the earlier entry among exact or stem matches.
            let better = match &best {
                None => true,
                Some(b) => (len, entry.weight) > (b.len, b.weight),
            };
            if better && accept(&entry.phrase, len) {
                best = Some(Found { value: entry.value, len, weight: entry.weight });
            }
        });
        best
    }
}

/// The first `n` characters of `text` (all of it when shorter).
fn char_prefix(text: &str, n: usize) -> &str {
    match text.char_indices().nth(n) {
        Some((i, _)) => &text[..i],
        None => text,
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
    /// For each pattern, the norms its literal elements can match (as ids in
    /// `need_words`), one list per element: a sentence holding none of a list's norms
    /// cannot match the pattern, which rules most patterns out with a few bit tests.
    /// Stems are left out.
    pub pattern_needs: Vec<Vec<Vec<u32>>>,
    pub need_words: HashMap<String, u32>,
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
        let mut verbs: HashMap<String, Vec<VerbRef>> = HashMap::default();
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
        let mut needs = NeedIndex::default();
        // Each synset's norms once: thousands of patterns share a few synsets.
        let synset_needs: Vec<Option<Vec<u32>>> = dicts
            .synsets
            .iter()
            .map(|s| {
                let mut ids = Vec::new();
                for phrase in &s.phrases {
                    ids.extend(needs.word(phrase.words.first()?)?);
                }
                ids.sort_unstable();
                ids.dedup();
                Some(ids)
            })
            .collect();
        let pattern_needs = dicts
            .patterns
            .iter()
            .map(|p| {
                let elements = p.before.iter().chain(&p.after);
                elements
                    .filter_map(|item| match &item.element {
                        Element::Word(word) => needs.word(word),
                        Element::Synset(s) => synset_needs.get(*s).cloned().flatten(),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let need_words = needs.ids;
        Compiled {
            dicts,
            nominals,
            verbs,
            block_patterns,
            pattern_needs,
            need_words,
            synsets,
            discards,
            nouns,
            adjectives,
        }
    }

    /// The bit set of the pattern words a sentence holds, for [`Compiled::pattern_possible`].
    pub fn sentence_words(&self, norms: &[&str]) -> Vec<u64> {
        let mut bits = vec![0u64; self.need_words.len().div_ceil(64)];
        for norm in norms {
            if let Some(&id) = self.need_words.get(*norm) {
                bits[id as usize / 64] |= 1 << (id % 64);
            }
        }
        bits
    }

    /// Whether a sentence holding the words `present` (from [`Compiled::sentence_words`])
    /// may match pattern `p`.
    pub fn pattern_possible(&self, p: usize, present: &[u64]) -> bool {
        let has = |id: &u32| present[*id as usize / 64] & (1 << (id % 64)) != 0;
        self.pattern_needs[p].iter().all(|alternatives| alternatives.iter().any(has))
    }
}

/// The norms an element's first word can match, or `None` when it is not a literal
/// or a stem could match an open set.
/// Pattern words and the ids of the norms they match, built once per word.
#[derive(Default)]
struct NeedIndex {
    ids: HashMap<String, u32>,
    /// Exact and noun words apart, so that lookups borrow the word's text.
    exact: HashMap<String, Vec<u32>>,
    nouns: HashMap<String, Vec<u32>>,
}

impl NeedIndex {
    /// The ids of the norms `word` matches; `None` for a stem (an open set).
    fn word(&mut self, word: &Word) -> Option<Vec<u32>> {
        let known = match word.mode {
            WordMode::Stem => return None,
            WordMode::Exact => &self.exact,
            WordMode::Noun => &self.nouns,
        };
        if let Some(ids) = known.get(word.text.as_str()) {
            return Some(ids.clone());
        }
        let mut ids: Vec<u32> = word_forms(word)
            .into_iter()
            .map(|n| {
                let id = self.ids.len() as u32;
                *self.ids.entry(n).or_insert(id)
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let known = if word.mode == WordMode::Exact { &mut self.exact } else { &mut self.nouns };
        known.insert(word.text.clone(), ids.clone());
        Some(ids)
    }
}

/// The norms an exact or noun word matches: the word and, for a noun, its regular
/// plurals.
fn word_forms(word: &Word) -> Vec<String> {
    let text = &word.text;
    if word.mode == WordMode::Exact {
        return vec![text.clone()];
    }
    let mut forms = vec![text.clone(), plural(text), format!("{text}S"), format!("{text}ES")];
    if let Some(stem) = text.strip_suffix('Y') {
        forms.push(format!("{stem}IES"));
    }
    forms.retain(|f| word.matches(f));
    forms.sort();
    forms.dedup();
    forms
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
