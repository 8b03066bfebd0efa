//! Finding the cue and the speaker phrase next to a quotation.
//!
//! The speaker phrase is the noun phrase right before the cue ("the ministry's
//! spokeswoman said", "Witkoff told reporters") or right after it ("said Paul Martin",
//! "according to the Kremlin"); determiners are left out of its span.

use super::cues::Cues;
use super::flat::Flat;

/// Flat token ranges of a cue and its speaker phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribution {
    pub cue: (usize, usize),
    pub speaker: (usize, usize),
}

pub const PRONOUNS: &[&str] = &["HE", "SHE", "THEY", "IT", "I", "WE", "YOU"];
const DETERMINERS: &[&str] = &["THE", "A", "AN", "THIS", "THAT", "THESE", "THOSE"];
/// Words between a speaker and the cue that belong to neither.
const SKIP: &[&str] = &[
    "ALSO",
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

fn phrase_word(flat: &Flat, i: usize) -> bool {
    let n = flat.norm(i);
    if n == "'S" {
        return true;
    }
    flat.is_word(i) && !BREAKS.contains(&n) && !PRONOUNS.contains(&n) && !n.ends_with("LY")
}

/// The speaker phrase ending just before `cue`, not reaching before `floor`.
pub fn phrase_before(flat: &Flat, cue: usize, floor: usize) -> Option<(usize, usize)> {
    let mut end = cue;
    while end > floor
        && (SKIP.contains(&flat.norm(end - 1)) || flat.norm(end - 1).ends_with("LY") && !flat.tok(end - 1).cap)
    {
        end -= 1;
    }
    if end <= floor {
        return None;
    }
    if PRONOUNS.contains(&flat.norm(end - 1)) {
        return Some((end - 1, end));
    }
    let mut start = end;
    while start > floor && end - start < MAX_PHRASE && phrase_word(flat, start - 1) && !flat.para_start[start] {
        start -= 1;
    }
    if start == end || flat.norm(start) == "'S" {
        return None;
    }
    // A phrase of lower-case words needs a determiner or possessive before it, or to
    // be plural-looking ("officials said"), to be a noun phrase rather than a clause tail.
    let all_lower = (start..end).all(|i| !flat.tok(i).cap);
    if all_lower {
        let det = start > floor && DETERMINERS.contains(&flat.norm(start - 1));
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
    if start < limit && DETERMINERS.contains(&flat.norm(start)) {
        start += 1;
    }
    if start >= limit {
        return None;
    }
    if PRONOUNS.contains(&flat.norm(start)) {
        return Some((start, start + 1));
    }
    let mut end = start;
    while end < limit && end - start < MAX_PHRASE && phrase_word(flat, end) && !(end > start && flat.para_start[end]) {
        end += 1;
    }
    (end > start && flat.norm(start) != "'S").then_some((start, end))
}

/// After a closing mark: `, he said`, `, said Burton`, `insists Burton`. `from` is the
/// token after the mark, `limit` the end of the window (next mark, paragraph, sentence).
pub fn after_quote(flat: &Flat, cues: &Cues, from: usize, limit: usize) -> Option<Attribution> {
    let mut i = from;
    while i < limit && matches!(flat.norm(i), "," | "—" | "-" | "--") {
        i += 1;
    }
    let norms: Vec<&str> = (i..limit).map(|k| flat.norm(k)).collect();
    // Cue first: `said Burton`.
    if let Some(hit) = cues.at(&norms) {
        let cue = (i, i + hit.len);
        if let Some(speaker) = phrase_after(flat, cue.1, limit) {
            return Some(Attribution { cue, speaker });
        }
    }
    // Speaker first: `he said`, `the ministry's spokeswoman said`.
    for c in i + 1..limit.min(i + MAX_PHRASE + 3) {
        if !flat.is_word(c) {
            break;
        }
        if let Some(hit) = cues.at(&norms[c - i..]) {
            if hit.speaker_after {
                continue;
            }
            if let Some(speaker) = phrase_before(flat, c, i) {
                if speaker.0 <= i + 1 {
                    return Some(Attribution { cue: (c, c + hit.len), speaker });
                }
            }
        }
    }
    None
}

/// Before an opening mark: `Burton said, "…"`, `the envoy told reporters: "…"`,
/// `according to the Kremlin, "…"`. The window is `floor..open`.
pub fn before_quote(flat: &Flat, cues: &Cues, floor: usize, open: usize) -> Option<Attribution> {
    let norms: Vec<&str> = (floor..open).map(|k| flat.norm(k)).collect();
    let lowest = floor.max(open.saturating_sub(14));
    for c in (lowest..open).rev() {
        let Some(hit) = cues.at(&norms[c - floor..]) else { continue };
        let cue = (c, c + hit.len);
        if open - cue.1 > 8 {
            break;
        }
        let speaker = if hit.speaker_after {
            phrase_after(flat, cue.1, open)
        } else {
            phrase_before(flat, c, floor).or_else(|| phrase_after(flat, cue.1, open))
        };
        if let Some(speaker) = speaker {
            return Some(Attribution { cue, speaker });
        }
    }
    None
}
