//! Modality: whether an event happened, is expected, proposed, refused,
//! conditional or hypothetical, read from cue words between the source and the
//! verb. The cues are data (`data/dict/modality.txt`). An obligation ("must", "should")
//! is hypothetical, and marked so that a speaker's "Y must …" can become a demand.

use super::matcher::{ClauseView, HitKind};
use super::Coding;
use crate::article::Modality;

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
}

struct Cue {
    modality: Modality,
    /// An obligation cue (`obliged:` in the file): the act is hypothetical and owed.
    obliged: bool,
    words: Vec<String>,
    /// Found after a verb used as a noun ("a phone call … is expected") rather than
    /// before the verb.
    after: bool,
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
            cues.push(Cue { modality, obliged, words, after });
        }
        Ok(ModalityCues { cues })
    }

    /// The modality of a coding: cues between the source (or the clause start) and
    /// the verb that the pattern itself did not use; conditionals anywhere in the
    /// clause before the verb. Also where an obligation cue is, and whether a condition
    /// follows the verb.
    pub(super) fn modality(&self, view: &ClauseView, coding: &Coding, source_end: Option<usize>) -> Reading {
        let verb_at = view.index_of(coding.verb.0);
        let from = source_end.map(|e| view.index_of(e)).unwrap_or(0).min(verb_at);
        let used =
            |token: usize| coding.hits.iter().any(|h| h.element == HitKind::Word && h.first <= token && token < h.end);
        let window: Vec<&str> =
            view.positions[from..verb_at].iter().filter(|&&t| !used(t)).map(|&t| view.norms[t]).collect();
        let clause: Vec<&str> = view.positions[..verb_at].iter().map(|&t| view.norms[t]).collect();
        // "X will strike if Y …": a condition after the verb, which binds the act but not a
        // speech act ("threatened sanctions if …" is a threat made); see `super::intent`.
        let rest: Vec<&str> = view.positions[verb_at..].iter().filter(|&&t| !used(t)).map(|&t| view.norms[t]).collect();
        // A verb after a determiner is a noun ("a phone call", "the strikes"): its
        // modality may follow it.
        let nominal = view.positions[verb_at.saturating_sub(2)..verb_at]
            .iter()
            .any(|&t| matches!(view.norms[t], "A" | "AN" | "THE"));
        let following: Vec<&str> =
            if nominal { view.positions[verb_at + 1..].iter().map(|&t| view.norms[t]).collect() } else { Vec::new() };
        // An obligation may also stand in the gap of a pattern on a speech verb: "said
        // (that) the US must be ready to mediate" matched `SAY - * READY TO MEDIATE`.
        let pattern_end = coding.hits.iter().filter(|h| h.element == HitKind::Word).map(|h| h.end).max();
        let owed_tokens: Vec<usize> = view.positions[from..]
            .iter()
            .copied()
            .filter(|&t| !used(t) && (t < coding.verb.0 || t >= coding.verb.1 && pattern_end.is_some_and(|e| t < e)))
            .collect();
        // Or be a word of the pattern itself (`SAY - * THAT + MUST`): a reported demand.
        let named_owed = |words: &[String]| {
            coding.hits.iter().filter(|h| h.element == HitKind::Word && h.first >= coding.verb.1).find_map(|h| {
                let hit = &view.norms[h.first..h.end];
                hit.windows(words.len()).position(|w| w.iter().zip(words).all(|(a, b)| *a == b)).map(|k| h.first + k)
            })
        };
        let owed: Vec<&str> = owed_tokens.iter().map(|&t| view.norms[t]).collect();
        // "announced that he will extend the curfew" matched `ANNOUNCE - * &CURFEW`: an
        // intention stated in the complement clause inside the pattern's gap (after THAT
        // or its subject) is the act's.
        let gap: Vec<usize> = view.positions[verb_at..]
            .iter()
            .copied()
            .filter(|&t| t >= coding.verb.1 && !used(t) && pattern_end.is_some_and(|e| t < e))
            .collect();
        let complement = gap.iter().position(|&t| view.norms[t] == "THAT" || view.mention_at[t].is_some());
        let stated: Vec<&str> =
            complement.map_or(Vec::new(), |k| gap[k + 1..].iter().map(|&t| view.norms[t]).collect());
        let mut best: Option<Modality> = None;
        let mut obliged_at = None;
        let mut condition_after = false;
        for cue in &self.cues {
            if !cue.after && cue.modality == Modality::Conditional {
                condition_after |=
                    rest.windows(cue.words.len()).any(|w| w.iter().zip(&cue.words).all(|(a, b)| *a == b));
            }
            let haystack = match (cue.after, cue.modality) {
                (true, _) => &following,
                _ if cue.obliged => &owed,
                (false, Modality::Conditional) => &clause,
                (false, _) => &window,
            };
            let found = |words: &[&str]| {
                words.windows(cue.words.len()).position(|w| w.iter().zip(&cue.words).all(|(a, b)| *a == b))
            };
            // "announced it would prohibit aid" reports a decision taken, which CAMEO codes
            // as the act; "will" and "is prepared to" announce an intention.
            let intent = !cue.after
                && matches!(cue.modality, Modality::Expected | Modality::Proposed)
                && cue.words != [REPORTED_DECISION];
            let at = found(haystack).or_else(|| found(&stated).filter(|_| intent).map(|_| 0));
            let owed_at = match (cue.obliged, at) {
                (true, Some(at)) => Some(owed_tokens[at]),
                (true, None) => named_owed(&cue.words),
                (false, Some(_)) => None,
                (false, None) => continue,
            };
            if let Some(token) = owed_at {
                obliged_at = Some(obliged_at.map_or(token, |first: usize| first.min(token)));
            } else if cue.obliged {
                continue;
            }
            if best.is_none_or(|b| rank(cue.modality) < rank(b)) {
                best = Some(cue.modality);
            }
        }
        Reading { modality: best.unwrap_or(Modality::Asserted), obliged_at, condition_after }
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
