//! Finding the cue and the speaker phrase next to a quotation.
//!
//! The speaker phrase is the noun phrase right before the cue ("the ministry's
//! spokeswoman said", "Witkoff told reporters") or right after it ("said Paul Martin",
//! "according to the Kremlin"); determiners are left out of its span.

use super::cues::Cues;
use super::flat::Flat;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// Flat token ranges of a cue and its speaker phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribution {
    pub cue: (usize, usize),
    pub speaker: (usize, usize),
}

pub const PRONOUNS: &[&str] = &["HE", "SHE", "THEY", "IT", "I", "WE", "YOU"];
const DETERMINERS: &[&str] = &["THE", "A", "AN", "THIS", "THAT", "THESE", "THOSE"];
/// Possessives that open a speaker phrase like a determiner (`his wife said`).
const POSSESSIVES: &[&str] = &["HIS", "HER", "THEIR", "ITS", "OUR", "MY"];
/// Words between a speaker and the cue that belong to neither.
const SKIP: &[&str] = &[
    "ALSO",
    "FURTHER",
    "LATER",
    "THEN",
    "HAS",
    "HAVE",
    "HAD",
    "ONCE",
    "AGAIN",
    "PREVIOUSLY",
    "EARLIER",
    "STILL",
    "JUST",
    "RECENTLY",
    "ALREADY",
    "REPEATEDLY",
    "OFTEN",
];
/// Words that end a speaker phrase.
const BREAKS: &[&str] = &[
    "OF", "IN", "FROM", "FOR", "WITH", "TO", "ON", "AT", "BY", "AGAINST", "AND", "OR", "NOR", "BUT", "THAT", "WHO",
    "WHICH", "IS", "ARE", "WAS", "WERE", "WILL", "WOULD", "NOT", "ABOUT", "AFTER", "BEFORE", "OVER", "INTO", "BETWEEN",
    "THE", "A", "AN", "THIS", "THESE", "THOSE", "AS", "IF", "WHEN", "WHILE", "BECAUSE", "SO", "THAN", "HIS", "HER",
    "ITS", "THEIR", "OUR", "MY", "YOUR", "HIM", "THEM", "US", "ME", "WHAT", "WHERE", "HOW", "WHY", "CAN", "COULD",
    "SHOULD", "MAY", "MIGHT", "MUST", "DO", "DOES", "DID", "BE", "BEEN", "BEING", "N'T", "NO", "ALL", "THERE", "HERE",
    "IT", "ONLY", "EVEN", "VERY", "ALSO", "THEN", "NOW", "HAS", "HAVE", "HAD", "SAID", "SAYS", "TOLD", "WANT", "THINK",
];
const MAX_PHRASE: usize = 6;

/// Whether `norm` is one of [`BREAKS`]: a set, since speaker phrases are read word by word.
fn is_break(norm: &str) -> bool {
    static SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| BREAKS.iter().copied().collect());
    SET.contains(norm)
}

fn phrase_word(flat: &Flat, i: usize) -> bool {
    let n = flat.norm(i);
    if n == "'S" {
        return true;
    }
    // "Secretary of State", "Bank of England".
    if n == "OF" && i > 0 && i + 1 < flat.len() && flat.tok(i - 1).cap && flat.tok(i + 1).cap && flat.is_word(i + 1) {
        return true;
    }
    flat.is_word(i) && !is_break(n) && !PRONOUNS.contains(&n) && !n.ends_with("LY")
}

/// Whether token `i` is written as a cue verb: lower case, or capitalised only where a
/// sentence opens or the whole word is in capitals (headlines); "States" in "the United
/// States" is a name, not the verb.
pub fn cue_case(flat: &Flat, i: usize) -> bool {
    !flat.tok(i).cap
        || flat.para_start(i)
        || flat.sent_first.binary_search(&i).is_ok()
        || !flat.raw(i).chars().any(char::is_lowercase)
}

/// The speaker phrase ending just before `cue`, not reaching before `floor`.
pub fn phrase_before(flat: &Flat, cue: usize, floor: usize) -> Option<(usize, usize)> {
    let mut end = cue;
    while end > floor
        && (SKIP.contains(&flat.norm(end - 1)) || flat.norm(end - 1).ends_with("LY") && !flat.tok(end - 1).cap)
    {
        end -= 1;
    }
    // A parenthesis after a name: `Rep. Gwen Moore (D-Wis.) said`.
    if end > floor + 2 && flat.norm(end - 1) == ")" {
        if let Some(open) = (floor.max(end.saturating_sub(8))..end - 1).rev().find(|&k| flat.norm(k) == "(") {
            end = open;
        }
    }
    if end <= floor {
        return None;
    }
    if PRONOUNS.contains(&flat.norm(end - 1)) {
        return Some((end - 1, end));
    }
    let mut start = end;
    while start > floor && end - start < MAX_PHRASE && phrase_word(flat, start - 1) && !flat.para_start(start) {
        start -= 1;
    }
    if start == end || flat.norm(start) == "'S" {
        return None;
    }
    // A phrase of lower-case words needs a determiner or possessive before it, or to
    // be plural-looking ("officials said"), to be a noun phrase rather than a clause tail.
    let all_lower = (start..end).all(|i| !flat.tok(i).cap);
    if all_lower {
        let det = start > floor
            && (DETERMINERS.contains(&flat.norm(start - 1)) || POSSESSIVES.contains(&flat.norm(start - 1)));
        let plural = flat.norm(end - 1).ends_with('S') || (start..end).any(|i| flat.norm(i) == "'S");
        let start_of_clause = start == floor || !flat.is_word(start - 1);
        if !(det || plural && start_of_clause) {
            return None;
        }
    }
    Some((start, end))
}

/// The speaker phrase starting at `from` (after a cue), ending before `limit`.
pub fn phrase_after(flat: &Flat, from: usize, limit: usize) -> Option<(usize, usize)> {
    let mut start = from;
    if start < limit && (DETERMINERS.contains(&flat.norm(start)) || POSSESSIVES.contains(&flat.norm(start))) {
        start += 1;
    }
    if start >= limit {
        return None;
    }
    if PRONOUNS.contains(&flat.norm(start)) {
        return Some((start, start + 1));
    }
    let mut end = start;
    while end < limit && end - start < MAX_PHRASE && phrase_word(flat, end) && !(end > start && flat.para_start(end)) {
        end += 1;
    }
    (end > start && flat.norm(start) != "'S").then_some((start, end))
}

/// After a closing mark: `, he said`, `, said Burton`, `insists Burton`. `from` is the
/// token after the mark, `limit` the end of the window (next mark, paragraph, sentence).
pub fn after_quote(flat: &Flat, cues: &Cues, from: usize, limit: usize) -> Option<Attribution> {
    // A byline dash ending the paragraph: `"…" ― Sonya Herridge` (pull quotes,
    // readers' letters).
    if from + 1 < limit && matches!(flat.norm(from), "-" | "--") {
        if let Some(speaker) = phrase_after(flat, from + 1, limit) {
            if flat.tok(speaker.0).cap && (speaker.1..limit).all(|k| !flat.is_word(k)) && limit == flat.para_end(from) {
                return Some(Attribution { cue: (from, from + 1), speaker });
            }
        }
    }
    let mut i = from;
    while i < limit && matches!(flat.norm(i), "," | "—" | "-" | "--") {
        i += 1;
    }
    let norms = flat.norms(i, limit);
    // Cue first: `said Burton`.
    if let Some(hit) = cues.at(norms).filter(|_| i < limit && cue_case(flat, i)) {
        let cue = (i, i + hit.len);
        if let Some(speaker) = phrase_after(flat, cue.1, limit) {
            return Some(Attribution { cue, speaker });
        }
    }
    // Speaker first: `he said`, `the ministry's spokeswoman said`, or with an
    // apposition between: `Jim Bennett, 57, told`.
    for c in i + 1..limit.min(i + 16) {
        // A period before a comma or parenthesis closes an abbreviation (`McConnell,
        // R-Ky., said`, `Cummings (D-Md.) said`).
        let abbreviation = flat.norm(c) == "." && c + 1 < limit && matches!(flat.norm(c + 1), "," | ")");
        if TERMINALS.contains(&flat.norm(c)) && !abbreviation {
            break;
        }
        let Some(hit) = cues.at_before_to(&norms[c - i..]).filter(|_| cue_case(flat, c)) else { continue };
        if hit.speaker_after {
            continue;
        }
        if let Some(speaker) = phrase_before(flat, c, i) {
            if speaker.0 <= i + 1 {
                return Some(Attribution { cue: (c, c + hit.len), speaker });
            }
        }
        if let Some(speaker) = phrase_after(flat, i, c) {
            if speaker.1 < c && flat.norm(speaker.1) == "," && (flat.tok(speaker.0).cap || speaker.0 > i) {
                return Some(Attribution { cue: (c, c + hit.len), speaker });
            }
        }
        break;
    }
    // A verb the cue list lacks: `Trump went on`, `Murphy tweeted`.
    let speaker = phrase_after(flat, i, limit)?;
    let verb = speaker.1;
    let capitalised = (speaker.0..speaker.1).any(|k| flat.tok(k).cap) || PRONOUNS.contains(&flat.norm(speaker.0));
    if capitalised && verb < limit && flat.is_word(verb) && !flat.tok(verb).cap && speaker.1 - speaker.0 <= 3 {
        let ends = verb + 1 >= limit || !flat.is_word(verb + 1) || matches!(flat.norm(verb + 1), "ON" | "AND");
        if ends {
            return Some(Attribution { cue: (verb, verb + 1), speaker });
        }
    }
    None
}

const TERMINALS: &[&str] = &[".", "?", "!", ";"];
const OPENERS: &[&str] = &["BUT", "AND", "SO", "YET", "STILL", "MEANWHILE", "HOWEVER", "THEN", ",", "NOW"];

/// The subject of the sentence `from..to`: a pronoun or a noun phrase opening it,
/// followed by its verb (taken as the cue). For partial quotes whose verb is not a
/// speech verb: `Manafort dismissed the kerfuffle as "absurd."`.
pub fn subject(flat: &Flat, from: usize, to: usize) -> Option<Attribution> {
    subject_at(flat, from, to).or_else(|| {
        // After an introductory phrase: "In a statement Thursday, Trump said".
        let comma = (from..to.min(from + 15)).find(|&k| flat.norm(k) == ",")?;
        if PRONOUNS.contains(&flat.norm(from)) {
            return None;
        }
        subject_at(flat, comma + 1, to)
    })
}

fn subject_at(flat: &Flat, from: usize, to: usize) -> Option<Attribution> {
    let mut k = from;
    while k < to && OPENERS.contains(&flat.norm(k)) {
        k += 1;
    }
    let determiner = k < to && DETERMINERS.contains(&flat.norm(k));
    let mut speaker = phrase_after(flat, k, to)?;
    // The verb: the first lower-case word after a capitalised one ("Carson took",
    // "Sanders campaign projects"), or the last word of a lower-case phrase ("the
    // town released").
    if let Some(v) = (speaker.0 + 1..speaker.1).find(|&v| !flat.tok(v).cap && flat.tok(v - 1).cap) {
        speaker.1 = v;
    } else if determiner && speaker.1 - speaker.0 >= 2 && !flat.tok(speaker.1 - 1).cap {
        speaker.1 -= 1;
    }
    // A compound subject: "Trump and Ryan issued".
    if speaker.1 + 1 < to && flat.norm(speaker.1) == "AND" && flat.tok(speaker.1 + 1).cap {
        if let Some(second) = phrase_after(flat, speaker.1 + 1, to) {
            let cut = (second.0 + 1..second.1).find(|&v| !flat.tok(v).cap).unwrap_or(second.1);
            speaker.1 = cut;
        }
    }
    let mut verb = speaker.1;
    // An apposition: "Erin Brockovich, the activist and lawyer, endorsed".
    if verb < to && flat.norm(verb) == "," {
        verb = (verb + 1..to.min(verb + 20)).find(|&v| flat.norm(v) == ",")? + 1;
    }
    while verb < to && (SKIP.contains(&flat.norm(verb)) || flat.norm(verb).ends_with("LY")) {
        verb += 1;
    }
    let named = flat.tok(speaker.0).cap || PRONOUNS.contains(&flat.norm(speaker.0)) || determiner;
    (named && verb < to && flat.is_word(verb) && !flat.tok(verb).cap && !is_break(flat.norm(verb))
        || named && verb < to && matches!(flat.norm(verb), "WAS" | "HAS" | "HAD"))
    .then_some(Attribution { cue: (verb, verb + 1), speaker })
}

/// Before an opening mark: `Burton said, "…"`, `the envoy told reporters: "…"`,
/// `according to the Kremlin, "…"`. The window is `floor..open`.
pub fn before_quote(flat: &Flat, cues: &Cues, floor: usize, open: usize) -> Option<Attribution> {
    let norms = flat.norms(floor, open);
    let lowest = floor.max(open.saturating_sub(14));
    for c in (lowest..open).rev() {
        let Some(hit) = cues.at(&norms[c - floor..]).filter(|_| cue_case(flat, c)) else { continue };
        let cue = (c, c + hit.len);
        if open - cue.1 > 8 {
            break;
        }
        // After "told" or a participle comes the addressee, not the speaker.
        let addressee = matches!(flat.norm(c), "TOLD" | "TELLS") || flat.norm(c).ends_with("ING");
        let speaker = if hit.speaker_after {
            phrase_after(flat, cue.1, open)
        } else if addressee {
            phrase_before(flat, c, floor)
        } else {
            phrase_before(flat, c, floor).or_else(|| phrase_after(flat, cue.1, open))
        };
        if let Some(speaker) = speaker {
            return Some(Attribution { cue, speaker });
        }
        // A participle or a later verb: `Weaver …, telling reporters, "…"`, `Carson
        // did not …, but told his supporters, "…"`: the sentence's subject.
        if !hit.speaker_after {
            if let Some(a) = subject(flat, floor, cue.1) {
                return Some(Attribution { cue, speaker: a.speaker });
            }
        }
    }
    // A colon after a name: `HuffPollster: "…"`, or ending the speaker's sentence:
    // `Trump leaned in and boomed: "…"`.
    if open > floor + 1 && flat.norm(open - 1) == ":" {
        if let Some(speaker) = phrase_before(flat, open - 1, floor) {
            if flat.tok(speaker.0).cap {
                return Some(Attribution { cue: (open - 1, open), speaker });
            }
        }
        if let Some(a) = subject(flat, floor, open - 1) {
            return Some(Attribution { cue: (open - 1, open), speaker: a.speaker });
        }
    }
    None
}
