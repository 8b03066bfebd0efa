//! Cue words that attribute speech ("said", "told", "pointed out", "according to").
//!
//! The list is `data/dict/quote_cues.txt` (format documented at its top), embedded at
//! build time.

use rustc_hash::FxHashMap;

/// A cue matched at a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CueHit {
    /// Number of tokens.
    pub len: usize,
    /// The speaker always comes after the cue ("according to X").
    pub speaker_after: bool,
}

pub struct Cues {
    /// First word (upper case) → (remaining words, speaker_after).
    by_first: FxHashMap<String, Vec<(Vec<String>, bool)>>,
    /// `starts[slot]`: bit `n` is set when some cue's first word has `n` bytes and
    /// starts with the two bytes of `slot` ([`start_slot`]). The quote stage asks about
    /// every token; most are ruled out by it without hashing (by the first byte alone,
    /// a third of a news text's words passed: the cues start with most letters).
    starts: [u64; 1024],
}

/// The filter slot and length bit of a word for [`Cues::starts`]: its first two bytes
/// folded to five bits each (a filter: collisions only cost a lookup).
#[inline]
fn start_slot(word: &str) -> (usize, u64) {
    let (first, second) = match word.as_bytes() {
        [first, second, ..] => (*first, *second),
        [first] => (*first, 0),
        [] => (0, 0),
    };
    (usize::from(first & 31) << 5 | usize::from(second & 31), 1 << word.len().min(63))
}

const BUILTIN: &str = include_str!("../../data/dict/quote_cues.txt");

impl Cues {
    pub fn builtin() -> &'static Cues {
        static CUES: std::sync::OnceLock<Cues> = std::sync::OnceLock::new();
        CUES.get_or_init(|| Cues::parse(BUILTIN))
    }

    pub fn parse(text: &str) -> Cues {
        let mut by_first: FxHashMap<String, Vec<(Vec<String>, bool)>> = FxHashMap::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (words, after) = match line.strip_suffix('>') {
                Some(rest) => (rest.trim(), true),
                None => (line, false),
            };
            let mut words = words.split_whitespace().map(str::to_uppercase);
            let Some(first) = words.next() else { continue };
            let rest: Vec<String> = words.collect();
            let slot = by_first.entry(first).or_default();
            slot.push((rest, after));
            slot.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
        }
        let mut starts = [0u64; 1024];
        for word in by_first.keys() {
            // Longer first words (none so far) are always looked up.
            let (slot, bit) = start_slot(word);
            starts[slot] |= bit;
        }
        Cues { by_first, starts }
    }

    /// Whether some cue starts with `word`; where none does, [`Cues::at`] finds nothing.
    /// Inlined into the quote stage's pass over every token, as [`Cues::at`]'s filter is.
    #[inline]
    pub fn may_start(&self, word: &str) -> bool {
        self.may_be_first(word) && self.by_first.contains_key(word)
    }

    /// The filter of [`Cues::starts`]: `false` when no cue starts with `word`.
    #[inline]
    fn may_be_first(&self, word: &str) -> bool {
        let (slot, bit) = start_slot(word);
        self.starts[slot] & bit != 0
    }

    /// The longest cue starting at `norms[0]`.
    #[inline]
    pub fn at(&self, norms: &[&str]) -> Option<CueHit> {
        // The filter here, inlined into the callers' token loops: most tokens start no
        // cue, and a call per token cost more than the test.
        if !norms.first().is_some_and(|w| self.may_be_first(w)) {
            return None;
        }
        self.find(norms, false)
    }

    /// The same, also before `to`: right after a quotation and its speaker, `to` names
    /// the audience (`"…," Clinton said to People`), not an infinitive.
    #[inline]
    pub fn at_before_to(&self, norms: &[&str]) -> Option<CueHit> {
        if !norms.first().is_some_and(|w| self.may_be_first(w)) {
            return None;
        }
        self.find(norms, true)
    }

    /// [`Cues::at`] past the filter.
    fn find(&self, norms: &[&str], to_allowed: bool) -> Option<CueHit> {
        let first = norms.first()?;
        let options = self.by_first.get(*first)?;
        options.iter().find_map(|(rest, after)| {
            let fits = rest.len() < norms.len() && rest.iter().zip(&norms[1..]).all(|(w, n)| w == n);
            // "continued to", "is said to be": not speech.
            let fits = fits && (*after || to_allowed || norms.get(rest.len() + 1) != Some(&"TO"));
            fits.then_some(CueHit { len: rest.len() + 1, speaker_after: *after })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_cues() {
        let cues = Cues::builtin();
        assert_eq!(cues.at(&["SAID", "."]).map(|c| c.len), Some(1));
        assert_eq!(cues.at(&["POINTED", "OUT"]).map(|c| c.len), Some(2));
        assert!(cues.at(&["ACCORDING", "TO", "X"]).unwrap().speaker_after);
        assert!(cues.at(&["POINTED"]).is_none());
        assert!(cues.at(&["ACCORDING"]).is_none());
        assert!(cues.at(&["CONTINUED", "TO"]).is_none());
        assert!(cues.at_before_to(&["SAID", "TO"]).is_some());
    }
}
