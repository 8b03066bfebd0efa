//! Modality: whether an event happened, is expected, proposed, refused,
//! conditional or hypothetical, read from cue words between the source and the
//! verb. The cues are data (`data/dict/modality.txt`). An obligation ("must", "should")
//! is hypothetical, and marked so that a speaker's "Y must …" can become a demand.

use super::matcher::{ClauseView, HitKind};
use super::Coding;
use crate::article::Modality;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::ops::Range;

/// What the cues say about a coding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Reading {
    pub modality: Modality,
    /// The token where an obligation cue ("must", "should", "has to") qualifies the act.
    pub obliged_at: Option<usize>,
    /// A condition cue follows the verb in the clause.
    pub condition_after: bool,
}

/// Cue phrases for each modality, in order of precedence.
pub struct ModalityCues {
    cues: Vec<Cue>,
    /// The obligation cues' indexes, for the pattern words after the verb (few cues of ~80).
    obliged: Vec<usize>,
    /// Cue indexes by their first word: a token that starts no cue costs one lookup,
    /// not a comparison with each of the ~80 cues.
    by_first: FxHashMap<String, Vec<usize>>,
    /// `starts[slot]`: bit `n` is set when some cue's first word starts with the two
    /// bytes of `slot` and its length and last byte give `n` ([`start_slot`]); most
    /// tokens are ruled out by it without hashing (with the length alone, "WITH" passed
    /// for "WILL").
    starts: [u64; 1024],
}

/// The filter slot and bit of a word for [`ModalityCues::starts`]: its first two bytes
/// folded to five bits each, and its length and last byte mixed into six bits (a
/// filter: collisions only cost a lookup).
fn start_slot(word: &str) -> (usize, u64) {
    let bytes = word.as_bytes();
    let byte = |i: usize| usize::from(bytes.get(i).copied().unwrap_or(0) & 31);
    let last = usize::from(bytes.last().copied().unwrap_or(0));
    (byte(0) << 5 | byte(1), 1 << ((bytes.len() * 7 + last) % 64))
}

struct Cue {
    modality: Modality,
    /// An obligation cue (`obliged:` in the file): the act is hypothetical and owed.
    obliged: bool,
    words: Vec<String>,
    /// Found after a verb used as a noun ("a phone call … is expected") rather than
    /// before the verb.
    after: bool,
    /// Where it is looked for ([`Cue::haystack_of`]), kept so that a search compares the
    /// words of only the cues its haystack wants.
    haystack: Haystack,
}

/// The modal of reported speech that, in an announcement, reports a decision.
const REPORTED_DECISION: &str = "WOULD";

const BUILTIN: &str = include_str!("../../data/dict/modality.txt");

impl ModalityCues {
    pub fn builtin() -> ModalityCues {
        ModalityCues::parse(BUILTIN).expect("the built-in modality cues are valid")
    }

    /// Parses `modality: WORDS` lines; errors name the line.
    pub fn parse(text: &str) -> Result<ModalityCues, String> {
        let mut cues = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (name, words) = line.split_once(':').ok_or(format!("line {}: want `modality: WORDS`", i + 1))?;
            let (name, after) = match name.trim().strip_suffix(" after") {
                Some(name) => (name, true),
                None => (name.trim(), false),
            };
            let obliged = name == "obliged";
            let modality = match name {
                "refused" => Modality::Refused,
                "conditional" => Modality::Conditional,
                "proposed" => Modality::Proposed,
                "expected" => Modality::Expected,
                "hypothetical" | "obliged" => Modality::Hypothetical,
                other => return Err(format!("line {}: unknown modality {other:?}", i + 1)),
            };
            let words: Vec<String> = words.split_whitespace().map(str::to_ascii_uppercase).collect();
            if words.is_empty() {
                return Err(format!("line {}: no cue words", i + 1));
            }
            let haystack = Cue::haystack_of(after, obliged, modality);
            cues.push(Cue { modality, obliged, words, after, haystack });
        }
        let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (c, cue) in cues.iter().enumerate() {
            by_first.entry(cue.words[0].clone()).or_default().push(c);
        }
        let mut starts = [0u64; 1024];
        for word in by_first.keys() {
            let (slot, bit) = start_slot(word);
            starts[slot] |= bit;
        }
        let obliged = (0..cues.len()).filter(|&c| cues[c].obliged).collect();
        Ok(ModalityCues { cues, obliged, by_first, starts })
    }

    /// The indexes of the cues that start with `word`, if any.
    pub(super) fn starting_with(&self, word: &str) -> Option<&[usize]> {
        if !self.may_be_first(word) {
            return None;
        }
        self.by_first.get(word).map(Vec::as_slice)
    }

    /// The filter of [`ModalityCues::starts`]: `false` when no cue starts with `word`.
    fn may_be_first(&self, word: &str) -> bool {
        let (slot, bit) = start_slot(word);
        self.starts[slot] & bit != 0
    }

    /// Calls `found(cue index, k)` for each cue looked for in haystacks of `kind` that
    /// occurs at view index `k` in the haystack of the clause's words at view indexes
    /// `range` whose tokens `keep` accepts (the others left out), in clause order.
    /// `starts` are the clause's cue starts ([`Start`]): a haystack is searched at those
    /// alone, and the words after one are read in place, skipping the words left out,
    /// rather than copied into a haystack of its own.
    fn each_in(
        &self,
        kind: Haystack,
        view: &ClauseView,
        range: Range<usize>,
        keep: impl Fn(usize) -> bool,
        starts: &[Start],
        mut found: impl FnMut(usize, usize),
    ) {
        for &(k, ids) in starts.iter().filter(|(k, _)| range.contains(k)) {
            if !keep(view.positions[k]) {
                continue;
            }
            for &c in ids {
                let cue = &self.cues[c];
                if cue.haystack != kind {
                    continue;
                }
                // The first word is the one the cues were found by.
                let mut rest = (k + 1..range.end).filter(|&j| keep(view.positions[j])).map(|j| view.clause_norms[j]);
                if cue.words[1..].iter().all(|w| rest.next() == Some(w)) {
                    found(c, k);
                }
            }
        }
    }

    /// The modality of a coding: cues between the source (or the clause start) and
    /// the verb that the pattern itself did not use; conditionals anywhere in the
    /// clause before the verb. Also where an obligation cue is, and whether a condition
    /// follows the verb.
    pub(super) fn modality(&self, view: &ClauseView, coding: &Coding, source_end: Option<usize>) -> Reading {
        let mut scan = Scan::default();
        // Every haystack is a part of the clause: a clause with no word that starts a cue
        // is not cut into them, and a haystack is searched at these words only. They are
        // the sentence's cue starts ([`ClauseView::cue_starts`]) among the clause's tokens.
        let span = match (view.positions.first(), view.positions.last()) {
            (Some(&first), Some(&last)) => first..last + 1,
            _ => 0..0,
        };
        let starts: SmallVec<[Start; 4]> = view
            .cue_starts
            .iter()
            .filter(|(t, _)| span.contains(t))
            .filter_map(|&(t, ids)| {
                let k = view.index_of(t);
                (view.positions.get(k) == Some(&t)).then_some((k, ids))
            })
            .collect();
        if !starts.is_empty() {
            self.clause_cues(view, coding, source_end, &starts, &mut scan);
        }
        // An obligation that is a word of the pattern itself (`SAY - * THAT + MUST`): a
        // reported demand.
        let mut named =
            coding.hits.iter().filter(|h| h.element == HitKind::Word && h.first >= coding.verb.1).peekable();
        if named.peek().is_some() {
            let named_owed = |words: &[String]| {
                named.clone().find_map(|h| {
                    let hit = &view.norms[h.first..h.end];
                    hit.windows(words.len())
                        .position(|w| w.iter().zip(words).all(|(a, b)| *a == b))
                        .map(|k| h.first + k)
                })
            };
            for &c in &self.obliged {
                let cue = &self.cues[c];
                if !scan.found.contains(&c) {
                    if let Some(token) = named_owed(&cue.words) {
                        scan.oblige(token);
                        scan.rank(cue.modality);
                    }
                }
            }
        }
        Reading {
            modality: scan.best.unwrap_or(Modality::Asserted),
            obliged_at: scan.obliged_at,
            condition_after: scan.condition_after,
        }
    }

    /// The cues of [`ModalityCues::modality`] in the clause's words, each looked for in
    /// its haystack. `starts` are the clause positions of words that start a cue: each
    /// haystack is searched at those in it only.
    fn clause_cues(
        &self,
        view: &ClauseView,
        coding: &Coding,
        source_end: Option<usize>,
        starts: &[Start],
        scan: &mut Scan,
    ) {
        let may_hold_cue = |range: Range<usize>| starts.iter().any(|(k, _)| range.contains(k));
        let verb_at = view.index_of(coding.verb.0);
        let from = source_end.map(|e| view.index_of(e)).unwrap_or(0).min(verb_at);
        // The token ranges of the pattern's words, gathered once: the tests below ask about
        // the tokens of the haystacks at and after cue starts, and most hits are actor slots.
        let pattern_words: SmallVec<[Range<usize>; 4]> =
            coding.hits.iter().filter(|h| h.element == HitKind::Word).map(|h| h.first..h.end).collect();
        let used = |token: usize| pattern_words.iter().any(|w| w.contains(&token));
        // Each haystack is a range of the clause's view indexes and the tokens in it that
        // count ([`ModalityCues::each_in`]).
        let all = |_: usize| true;
        let unused = |t: usize| !used(t);
        // "X will strike if Y …": a condition after the verb, which binds the act but not a
        // speech act ("threatened sanctions if …" is a threat made); see `super::intent`.
        // The conditions are the cues of the clause before the verb (`Haystack::Clause`).
        let after_verb = verb_at..view.positions.len();
        self.each_in(Haystack::Clause, view, after_verb.clone(), unused, starts, |_, _| scan.condition_after = true);
        // A verb after a determiner is a noun ("a phone call", "the strikes"): its
        // modality may follow it.
        let nominal = view.positions[verb_at.saturating_sub(2)..verb_at]
            .iter()
            .any(|&t| matches!(view.norms[t], "A" | "AN" | "THE"));
        let following = if nominal { verb_at + 1..view.positions.len() } else { 0..0 };
        // An obligation may also stand in the gap of a pattern on a speech verb: "said
        // (that) the US must be ready to mediate" matched `SAY - * READY TO MEDIATE`.
        let pattern_end = pattern_words.iter().map(|w| w.end).max();
        // The tokens an obligation is looked for at (`Haystack::Owed`): without pattern
        // words (a verb's own code, a pattern of actor slots) the clause's before the verb.
        let owed = |t: usize| match pattern_end {
            None => t < coding.verb.0,
            Some(end) => !used(t) && (t < coding.verb.0 || t >= coding.verb.1 && t < end),
        };
        let mut found = |c: usize, k: usize| {
            let cue = &self.cues[c];
            scan.found.push(c);
            if cue.obliged {
                scan.oblige(view.positions[k]);
            }
            scan.rank(cue.modality);
        };
        // Each cue is looked for in one haystack; which cue is found where does not
        // depend on the order of the cues (the best rank wins, the first obligation
        // counts), so each haystack is searched once, at its cue starts.
        self.each_in(Haystack::Following, view, following, all, starts, &mut found);
        self.each_in(Haystack::Owed, view, from..view.positions.len(), owed, starts, &mut found);
        self.each_in(Haystack::Clause, view, 0..verb_at, all, starts, &mut found);
        self.each_in(Haystack::Window, view, from..verb_at, unused, starts, &mut found);
        // "announced that he will extend the curfew" matched `ANNOUNCE - * &CURFEW`: an
        // intention stated in the complement clause inside the pattern's gap (after THAT
        // or its subject) is the act's, a cue the haystacks miss. That haystack is the
        // gap's words after the first THAT or mention's first word.
        let in_gap = |t: usize| t >= coding.verb.1 && !used(t) && pattern_end.is_some_and(|e| t < e);
        let opens_clause = |k: &usize| {
            let t = view.positions[*k];
            in_gap(t) && (view.norms[t] == "THAT" || view.mention_at[t].is_some())
        };
        let clause_start = may_hold_cue(after_verb.clone()).then(|| after_verb.clone().find(opens_clause)).flatten();
        if let Some(k) = clause_start {
            // The intentions are cues between the source and the verb (`Haystack::Window`).
            self.each_in(Haystack::Window, view, k + 1..view.positions.len(), in_gap, starts, |c, _| {
                let cue = &self.cues[c];
                if !scan.found.contains(&c) && cue.states_intent() {
                    scan.found.push(c);
                    scan.rank(cue.modality);
                }
            });
        }
    }
}

/// What the cue scans of [`ModalityCues::modality`] found so far.
#[derive(Default)]
struct Scan {
    best: Option<Modality>,
    obliged_at: Option<usize>,
    condition_after: bool,
    /// The cues found in their haystacks (few: most clauses have none).
    found: Vec<usize>,
}

impl Scan {
    /// The best-ranked modality wins.
    fn rank(&mut self, modality: Modality) {
        if self.best.is_none_or(|b| rank(modality) < rank(b)) {
            self.best = Some(modality);
        }
    }

    /// The first obligation counts.
    fn oblige(&mut self, token: usize) {
        self.obliged_at = Some(self.obliged_at.map_or(token, |first| first.min(token)));
    }
}

/// A clause position whose word starts a cue, with the indexes of the cues it starts.
type Start<'c> = (usize, &'c [usize]);

/// Where a cue is looked for (see [`ModalityCues::modality`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Haystack {
    /// After a verb used as a noun.
    Following,
    /// Before the verb, or in a speech pattern's gap (obligations).
    Owed,
    /// Anywhere in the clause before the verb (conditions).
    Clause,
    /// Between the source and the verb.
    Window,
}

impl Cue {
    /// "announced it would prohibit aid" reports a decision taken, which CAMEO codes as
    /// the act; "will" and "is prepared to" announce an intention.
    fn states_intent(&self) -> bool {
        !self.after
            && matches!(self.modality, Modality::Expected | Modality::Proposed)
            && self.words != [REPORTED_DECISION]
    }

    /// The haystack a cue with these properties is looked for in.
    fn haystack_of(after: bool, obliged: bool, modality: Modality) -> Haystack {
        match (after, modality) {
            (true, _) => Haystack::Following,
            _ if obliged => Haystack::Owed,
            (false, Modality::Conditional) => Haystack::Clause,
            (false, _) => Haystack::Window,
        }
    }
}

fn rank(m: Modality) -> u8 {
    match m {
        Modality::Refused => 0,
        Modality::Conditional => 1,
        Modality::Proposed => 2,
        Modality::Expected => 3,
        Modality::Hypothetical => 4,
        Modality::Asserted => 5,
    }
}
