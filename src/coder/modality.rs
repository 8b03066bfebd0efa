//! Modality: whether an event happened, is expected, proposed, refused,
//! conditional or hypothetical, read from cue words between the source and the
//! verb. The cues are data (`data/dict/modality.txt`).

use super::matcher::{ClauseView, HitKind};
use super::Coding;
use crate::article::Modality;

/// Cue phrases for each modality, in order of precedence.
pub struct ModalityCues {
    cues: Vec<Cue>,
}

struct Cue {
    modality: Modality,
    words: Vec<String>,
    /// Found after a verb used as a noun ("a phone call … is expected") rather than
    /// before the verb.
    after: bool,
}

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
            let modality = match name {
                "refused" => Modality::Refused,
                "conditional" => Modality::Conditional,
                "proposed" => Modality::Proposed,
                "expected" => Modality::Expected,
                "hypothetical" => Modality::Hypothetical,
                other => return Err(format!("line {}: unknown modality {other:?}", i + 1)),
            };
            let words: Vec<String> = words.split_whitespace().map(str::to_ascii_uppercase).collect();
            if words.is_empty() {
                return Err(format!("line {}: no cue words", i + 1));
            }
            cues.push(Cue { modality, words, after });
        }
        Ok(ModalityCues { cues })
    }

    /// The modality of a coding: cues between the source (or the clause start) and
    /// the verb that the pattern itself did not use; conditionals anywhere in the
    /// clause before the verb.
    pub(super) fn modality(&self, view: &ClauseView, coding: &Coding, source_end: Option<usize>) -> Modality {
        let verb_at = view.index_of(coding.verb.0);
        let from = source_end.map(|e| view.index_of(e)).unwrap_or(0).min(verb_at);
        let used =
            |token: usize| coding.hits.iter().any(|h| h.element == HitKind::Word && h.first <= token && token < h.end);
        let window: Vec<&str> =
            view.positions[from..verb_at].iter().filter(|&&t| !used(t)).map(|&t| view.norms[t]).collect();
        let clause: Vec<&str> = view.positions[..verb_at].iter().map(|&t| view.norms[t]).collect();
        // A verb after a determiner is a noun ("a phone call", "the strikes"): its
        // modality may follow it.
        let nominal = view.positions[verb_at.saturating_sub(2)..verb_at]
            .iter()
            .any(|&t| matches!(view.norms[t], "A" | "AN" | "THE"));
        let following: Vec<&str> =
            if nominal { view.positions[verb_at + 1..].iter().map(|&t| view.norms[t]).collect() } else { Vec::new() };
        let mut best: Option<Modality> = None;
        for cue in &self.cues {
            let haystack = match (cue.after, cue.modality) {
                (true, _) => &following,
                (false, Modality::Conditional) => &clause,
                (false, _) => &window,
            };
            let found = haystack.windows(cue.words.len()).any(|w| w.iter().zip(&cue.words).all(|(a, b)| *a == b));
            if found && best.is_none_or(|b| rank(cue.modality) < rank(b)) {
                best = Some(cue.modality);
            }
        }
        best.unwrap_or(Modality::Asserted)
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
