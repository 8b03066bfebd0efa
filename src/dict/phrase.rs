//! Words and phrases as dictionaries write them, and English inflection.
//!
//! Dictionary words are upper case, as token norms are (see `crate::text`). A word
//! matches a token exactly, with regular noun endings, or as a prefix (TABARI's
//! stems), depending on how the dictionary wrote it.

use std::sync::Arc;

/// How a dictionary word matches a token's norm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WordMode {
    /// Only this exact string.
    Exact,
    /// The string or its regular plural (S, ES, Y→IES).
    Noun,
    /// Any token starting with the string (TABARI stems).
    Stem,
}

/// One dictionary word.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Word {
    /// Shared: dictionary readers intern their words, so the thousands of patterns
    /// and phrases using "TO" or "TALKS" hold one copy of it.
    pub text: Arc<str>,
    pub mode: WordMode,
}

impl Word {
    pub fn new(text: impl Into<Arc<str>>, mode: WordMode) -> Word {
        Word { text: text.into(), mode }
    }

    /// Inlined: the phrase lookups and the pattern matcher call it for every candidate
    /// word they try (tens of thousands a run), and a call cost more than the match.
    #[inline]
    pub fn matches(&self, norm: &str) -> bool {
        match self.mode {
            WordMode::Exact => norm == &*self.text,
            WordMode::Stem => norm.starts_with(&*self.text),
            WordMode::Noun => norm == &*self.text || is_regular_plural(&self.text, norm),
        }
    }
}

/// A sequence of consecutive words.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phrase {
    pub words: Vec<Word>,
    /// Matches only tokens written in capitals: short acronyms such as "US", "UN" or
    /// "EU", which are also ordinary words in lower case ("told us").
    pub capitals_only: bool,
}

impl Phrase {
    pub fn new(words: Vec<Word>) -> Phrase {
        Phrase { words, capitals_only: false }
    }

    /// Whether `tokens`, the ones a match covers, are written as the phrase requires.
    pub fn case_fits(&self, tokens: &[crate::text::Token]) -> bool {
        !self.capitals_only || tokens.iter().all(|t| t.upper)
    }

    /// Number of literal characters, TABARI's measure of a phrase's specificity.
    pub fn weight(&self) -> usize {
        self.words.iter().map(|w| w.text.len()).sum()
    }

    /// Matches the phrase against consecutive token norms starting at `norms[0]`;
    /// returns how many tokens it covers.
    pub fn match_at<S: AsRef<str>>(&self, norms: &[S]) -> Option<usize> {
        self.match_from(norms, 0)
    }

    /// [`Phrase::match_at`] when the first `known` words are known to match.
    ///
    /// Inlined: the phrase indexes call it for every candidate, most of them one word
    /// long and known to match.
    #[inline]
    pub fn match_from<S: AsRef<str>>(&self, norms: &[S], known: usize) -> Option<usize> {
        let len = self.words.len();
        if norms.len() < len {
            return None;
        }
        let (Some(words), Some(norms)) = (self.words.get(known..), norms.get(known..len)) else {
            return Some(len);
        };
        for (word, norm) in words.iter().zip(norms) {
            if !word.matches(norm.as_ref()) {
                return None;
            }
        }
        Some(len)
    }
}

/// True when `candidate` is a regular plural of `noun` (CITY/CITIES, BOX/BOXES, TIE/TIES).
pub fn is_regular_plural(noun: &str, candidate: &str) -> bool {
    let Some(rest) = candidate.strip_prefix(noun) else {
        if let Some(stem) = noun.strip_suffix('Y') {
            return candidate.len() == noun.len() + 2
                && candidate.starts_with(stem)
                && candidate.ends_with("IES")
                && !ends_with_vowel(stem);
        }
        return false;
    };
    match rest {
        "S" => true,
        "ES" => ends_with_sibilant(noun),
        _ => false,
    }
}

fn ends_with_vowel(s: &str) -> bool {
    matches!(s.as_bytes().last(), Some(b'A' | b'E' | b'I' | b'O' | b'U'))
}

fn ends_with_sibilant(s: &str) -> bool {
    s.ends_with('S')
        || s.ends_with('X')
        || s.ends_with('Z')
        || s.ends_with("CH")
        || s.ends_with("SH")
        || s.ends_with('O')
}

/// The regular forms of an upper-case English verb: base, 3rd person, past, -ing.
/// Irregular forms are given by the dictionaries; over-generating a regular form of
/// an irregular verb ("BREAKED") is harmless because such tokens do not occur.
pub fn verb_forms(base: &str) -> Vec<String> {
    let mut forms = vec![base.to_string()];
    let b = base.as_bytes();
    let last = b.last().copied().unwrap_or(b' ');
    let stem_consonant_y = base.len() > 1 && last == b'Y' && !ends_with_vowel(&base[..base.len() - 1]);
    if stem_consonant_y {
        let stem = &base[..base.len() - 1];
        forms.push(joined(stem, "IES"));
        forms.push(joined(stem, "IED"));
        forms.push(joined(base, "ING"));
    } else if last == b'E' {
        let stem = &base[..base.len() - 1];
        forms.push(joined(base, "S"));
        forms.push(joined(base, "D"));
        if base.ends_with("EE") || base.ends_with("YE") || base.ends_with("OE") {
            forms.push(joined(base, "ING"));
        } else {
            forms.push(joined(stem, "ING"));
        }
    } else if ends_with_sibilant(base) {
        forms.push(joined(base, "ES"));
        forms.push(joined(base, "ED"));
        forms.push(joined(base, "ING"));
    } else {
        forms.push(joined(base, "S"));
        forms.push(joined(base, "ED"));
        forms.push(joined(base, "ING"));
        if doubles_final_consonant(base) {
            let mut buffer = [0u8; 4];
            let doubled: &str = char::from(last).encode_utf8(&mut buffer);
            forms.push(joined(base, &joined(doubled, "ED")));
            forms.push(joined(base, &joined(doubled, "ING")));
        }
    }
    forms
}

/// `base` and `ending` in one new string: not `format!`, which costs several times as much,
/// and verb forms are built for every verb of a dictionary at each start.
fn joined(base: &str, ending: &str) -> String {
    let mut form = String::with_capacity(base.len() + ending.len());
    form.push_str(base);
    form.push_str(ending);
    form
}

/// Consonant-vowel-consonant endings double before -ED/-ING (STOP → STOPPED,
/// REGRET → REGRETTED); we cannot see stress, so both spellings are generated.
fn doubles_final_consonant(base: &str) -> bool {
    let b = base.as_bytes();
    if b.len() < 3 {
        return false;
    }
    let is_vowel = |c: u8| matches!(c, b'A' | b'E' | b'I' | b'O' | b'U');
    let (c1, v, c2) = (b[b.len() - 3], b[b.len() - 2], b[b.len() - 1]);
    !is_vowel(c1) && is_vowel(v) && !is_vowel(c2) && !matches!(c2, b'W' | b'X' | b'Y')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_matching() {
        assert!(Word::new("CITY", WordMode::Noun).matches("CITIES"));
        assert!(Word::new("BOX", WordMode::Noun).matches("BOXES"));
        assert!(Word::new("DAY", WordMode::Noun).matches("DAYS"));
        assert!(!Word::new("DAY", WordMode::Noun).matches("DAIES"));
        assert!(Word::new("OFFICIAL", WordMode::Noun).matches("OFFICIALS"));
        let w = Word::new("ALLY", WordMode::Noun);
        assert!(w.matches("ALLIES"));
        assert!(w.matches("ALLY"));
        let w = Word::new("TIE", WordMode::Noun);
        assert!(w.matches("TIES"));
        assert!(!Word::new("TIES", WordMode::Exact).matches("TXES"));
        assert!(Word::new("ARGENTIN", WordMode::Stem).matches("ARGENTINIAN"));
    }

    #[test]
    fn regular_verb_forms() {
        assert_eq!(verb_forms("DEPART"), ["DEPART", "DEPARTS", "DEPARTED", "DEPARTING"]);
        assert_eq!(verb_forms("ARRIVE"), ["ARRIVE", "ARRIVES", "ARRIVED", "ARRIVING"]);
        assert_eq!(verb_forms("CARRY"), ["CARRY", "CARRIES", "CARRIED", "CARRYING"]);
        assert_eq!(verb_forms("PUSH"), ["PUSH", "PUSHES", "PUSHED", "PUSHING"]);
        assert!(verb_forms("STOP").contains(&"STOPPED".to_string()));
        assert!(verb_forms("AGREE").contains(&"AGREEING".to_string()));
        assert!(!verb_forms("DEPART").contains(&"DEPARTES".to_string()));
    }
}
