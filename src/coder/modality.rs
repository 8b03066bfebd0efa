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
    fn starting_with(&self, word: &str) -> Option<&[usize]> {
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

    /// Calls `found(cue index, at)` for each cue looked for in haystacks of `kind` that
    /// occurs in `haystack` at `at`, in haystack order. A haystack that is the clause's
    /// words from position `offset` on is searched only at `starts` (see [`Start`]);
    /// another one word by word.
    fn each_in(
        &self,
        kind: Haystack,
        haystack: &[&str],
        offset: Option<usize>,
        starts: &[Start],
        mut found: impl FnMut(usize, usize),
    ) {
        match offset {
            Some(offset) => {
                for &(k, ids) in starts.iter().filter(|(k, _)| (offset..offset + haystack.len()).contains(k)) {
                    self.each_at(kind, haystack, k - offset, ids, &mut found);
                }
            }
            None => {
                for at in 0..haystack.len() {
                    if let Some(ids) = self.starting_with(haystack[at]) {
                        self.each_at(kind, haystack, at, ids, &mut found);
                    }
                }
            }
        }
    }

    /// Calls `found(cue, at)` for each of the cues `ids` (those starting with the word at
    /// `at`) of haystack `kind` that occurs in `haystack` there.
    fn each_at(
        &self,
        kind: Haystack,
        haystack: &[&str],
        at: usize,
        ids: &[usize],
        found: &mut impl FnMut(usize, usize),
    ) {
        // The first word is the one the cues were found by.
        let rest = &haystack[at + 1..];
        for &c in ids {
            let cue = &self.cues[c];
            if cue.haystack != kind {
                continue;
            }
            let words = &cue.words[1..];
            if rest.len() >= words.len() && rest.iter().zip(words).all(|(a, b)| *a == b) {
                found(c, at);
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
        // is not cut into them, and a haystack without one of these words is skipped.
        let starts: SmallVec<[Start; 4]> =
            (0..view.clause_norms.len()).filter_map(|k| Some((k, self.starting_with(view.clause_norms[k])?))).collect();
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
    /// its haystack. `starts` are the clause positions of words that start a cue: a
    /// haystack drawn from a range of positions without one holds no cue, and one that is
    /// a slice of the clause's words is searched at them only.
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
        // each token of the haystacks, and most hits are actor slots.
        let pattern_words: SmallVec<[Range<usize>; 4]> =
            coding.hits.iter().filter(|h| h.element == HitKind::Word).map(|h| h.first..h.end).collect();
        let used = |token: usize| pattern_words.iter().any(|w| w.contains(&token));
        // Whether no pattern word lies among the clause's positions `range`: its haystack
        // is then that slice of the clause's words, not a copy leaving words out.
        let unused = |range: Range<usize>| {
            let tokens = &view.positions[range];
            match (tokens.first(), tokens.last()) {
                (Some(&a), Some(&b)) => !pattern_words.iter().any(|w| w.start <= b && a < w.end),
                _ => true,
            }
        };
        // One buffer for the haystacks that leave words out, filled for each in turn
        // (inline: most clauses need none, or a short one).
        let mut haystack: Words<'_> = SmallVec::new();
        // "X will strike if Y …": a condition after the verb, which binds the act but not a
        // speech act ("threatened sanctions if …" is a threat made); see `super::intent`.
        // Each haystack with the clause position it starts at when it is a slice of the
        // clause's words.
        let (after_verb, offset): (&[&str], _) = if !may_hold_cue(verb_at..view.positions.len()) {
            (&[], None)
        } else if unused(verb_at..view.positions.len()) {
            (&view.clause_norms[verb_at..], Some(verb_at))
        } else {
            fill(&mut haystack, view.norms, view.positions[verb_at..].iter().copied().filter(|&t| !used(t)));
            (&haystack, None)
        };
        // The conditions are the cues of the clause before the verb (`Haystack::Clause`).
        self.each_in(Haystack::Clause, after_verb, offset, starts, |_, _| scan.condition_after = true);
        // A verb after a determiner is a noun ("a phone call", "the strikes"): its
        // modality may follow it.
        let nominal = view.positions[verb_at.saturating_sub(2)..verb_at]
            .iter()
            .any(|&t| matches!(view.norms[t], "A" | "AN" | "THE"));
        let following: &[&str] = if nominal { &view.clause_norms[verb_at + 1..] } else { &[] };
        // An obligation may also stand in the gap of a pattern on a speech verb: "said
        // (that) the US must be ready to mediate" matched `SAY - * READY TO MEDIATE`.
        let pattern_end = pattern_words.iter().map(|w| w.end).max();
        // Without pattern words (a verb's own code, a pattern of actor slots) these are
        // the clause's positions before the verb, taken as a slice.
        let owed_buffer: SmallVec<[usize; 32]>;
        let owed_tokens: &[usize] = match pattern_end {
            None => &view.positions[from..verb_at],
            Some(_) if !may_hold_cue(from..view.positions.len()) => &[],
            Some(end) => {
                let mut tokens = SmallVec::new();
                tokens.extend(
                    view.positions[from..]
                        .iter()
                        .copied()
                        .filter(|&t| !used(t) && (t < coding.verb.0 || t >= coding.verb.1 && t < end)),
                );
                owed_buffer = tokens;
                &owed_buffer
            }
        };
        // Each cue is looked for in one haystack; which cue is found where does not
        // depend on the order of the cues (the best rank wins, the first obligation
        // counts), so each haystack is scanned once, token by token.
        for kind in [Haystack::Following, Haystack::Owed, Haystack::Clause, Haystack::Window] {
            let (words, offset): (&[&str], _) = match kind {
                Haystack::Following => (following, Some(verb_at + 1)),
                Haystack::Owed if pattern_end.is_none() => (&view.clause_norms[from..verb_at], Some(from)),
                Haystack::Owed if owed_tokens.is_empty() => (&[], None),
                Haystack::Owed => {
                    fill(&mut haystack, view.norms, owed_tokens.iter().copied());
                    (&haystack, None)
                }
                Haystack::Clause => (&view.clause_norms[..verb_at], Some(0)),
                Haystack::Window if !may_hold_cue(from..verb_at) => (&[], None),
                Haystack::Window if unused(from..verb_at) => (&view.clause_norms[from..verb_at], Some(from)),
                Haystack::Window => {
                    fill(
                        &mut haystack,
                        view.norms,
                        view.positions[from..verb_at].iter().copied().filter(|&t| !used(t)),
                    );
                    (&haystack, None)
                }
            };
            self.each_in(kind, words, offset, starts, |c, at| {
                let cue = &self.cues[c];
                scan.found.push(c);
                if cue.obliged {
                    scan.oblige(owed_tokens[at]);
                }
                scan.rank(cue.modality);
            });
        }
        // "announced that he will extend the curfew" matched `ANNOUNCE - * &CURFEW`: an
        // intention stated in the complement clause inside the pattern's gap (after THAT
        // or its subject) is the act's, a cue the haystacks miss.
        let mut gap = view.positions[verb_at..]
            .iter()
            .copied()
            .filter(|&t| t >= coding.verb.1 && !used(t) && pattern_end.is_some_and(|e| t < e));
        if may_hold_cue(verb_at..view.positions.len())
            && gap.any(|t| view.norms[t] == "THAT" || view.mention_at[t].is_some())
        {
            fill(&mut haystack, view.norms, gap);
            // The intentions are cues between the source and the verb (`Haystack::Window`).
            self.each_in(Haystack::Window, &haystack, None, starts, |c, _| {
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

/// Words a cue is looked for in, when they are not a slice of the clause's.
type Words<'a> = SmallVec<[&'a str; 32]>;

/// Refills `haystack` with the norms of `tokens`.
fn fill<'a>(haystack: &mut Words<'a>, norms: &[&'a str], tokens: impl Iterator<Item = usize>) {
    haystack.clear();
    haystack.extend(tokens.map(|t| norms[t]));
}

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
