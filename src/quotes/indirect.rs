//! Reported speech: "X said that …", "…, X said.", "according to X, …".

use super::attribution::{cue_case, phrase_after, phrase_before, Attribution};
use super::cues::Cues;
use super::flat::Flat;

const MIN_CONTENT: usize = 4;
const TERMINALS: &[&str] = &[".", "?", "!", "…", ";"];

fn words(flat: &Flat, from: usize, to: usize) -> usize {
    (from..to).filter(|&i| flat.is_word(i)).count()
}

/// The first cue of the sentence `from..to` with a speaker before it (or after, for
/// "according to"), outside quotations.
pub fn sentence_attribution(flat: &Flat, cues: &Cues, from: usize, to: usize, quoted: &[bool]) -> Option<Attribution> {
    let norms = flat.norms(from, to);
    for c in from..to {
        if quoted[c] {
            continue;
        }
        let Some(hit) = cues.at(&norms[c - from..]).filter(|_| cue_case(flat, c)) else { continue };
        let cue = (c, c + hit.len);
        let speaker = if hit.speaker_after { phrase_after(flat, cue.1, to) } else { phrase_before(flat, c, from) };
        if let Some(speaker) = speaker {
            return Some(Attribution { cue, speaker });
        }
    }
    None
}

/// Reported speech in sentences holding no quotation: (content first, end, attribution).
///
/// `quoted[flat index]` marks the quoted tokens (empty when none is); `cue_starts` are
/// the flat indices, ascending, of the tokens a cue may start at ([`Cues::may_start`]):
/// a cue starts nowhere else, so only sentences holding one are read.
pub fn reported(flat: &Flat, cues: &Cues, quoted: &[bool], cue_starts: &[usize]) -> Vec<(usize, usize, Attribution)> {
    let mut out = Vec::new();
    let mut next = 0;
    for s in 0..flat.sent_first.len() - 1 {
        let (from, mut to) = (flat.sent_first[s], flat.sent_first[s + 1]);
        // This sentence's candidates: `cue_starts[first..next]`.
        let first = next;
        while next < cue_starts.len() && cue_starts[next] < to {
            next += 1;
        }
        if first == next || quoted.get(from..to).is_some_and(|q| q.contains(&true)) {
            continue;
        }
        while to > from && (TERMINALS.contains(&flat.norm(to - 1)) || flat.norm(to - 1) == "\"") {
            to -= 1;
        }
        let norms = flat.norms(from, to);
        for &c in cue_starts[first..next].iter().take_while(|&&c| c < to) {
            let Some(hit) = cues.at(&norms[c - from..]).filter(|_| cue_case(flat, c)) else { continue };
            let cue = (c, c + hit.len);
            if hit.speaker_after {
                // "according to X, …" or "…, according to X."
                let Some(speaker) = phrase_after(flat, cue.1, to) else { continue };
                if c == from || c > from && flat.norm(c - 1) == "," && c == from + 1 {
                    let mut k = speaker.1;
                    while k < to && flat.norm(k) != "," {
                        k += 1;
                    }
                    if k + 1 < to && words(flat, k + 1, to) >= MIN_CONTENT {
                        out.push((k + 1, to, Attribution { cue, speaker }));
                        break;
                    }
                } else if c > from + 1 && flat.norm(c - 1) == "," && words(flat, from, c - 1) >= MIN_CONTENT {
                    out.push((from, c - 1, Attribution { cue, speaker }));
                    break;
                }
                continue;
            }
            // "…, X said." at the end of the sentence.
            if let Some(speaker) = phrase_before(flat, c, from) {
                let comma = speaker.0.checked_sub(1).filter(|&k| k > from && flat.norm(k) == ",");
                let tail = words(flat, cue.1, to);
                if let Some(comma) = comma.filter(|_| tail <= 4) {
                    if words(flat, from, comma) >= MIN_CONTENT {
                        out.push((from, comma, Attribution { cue, speaker }));
                        break;
                    }
                }
                // "X said (that) …" with X opening the sentence.
                if speaker.0 <= from + 1 || speaker.0 > from && flat.norm(speaker.0 - 1) == "," {
                    let mut k = cue.1;
                    // An addressee after "told": "told reporters that".
                    if matches!(flat.norm(c), "TOLD" | "TELLS") {
                        let that = (k..to.min(k + 5)).find(|&i| flat.norm(i) == "THAT");
                        match that {
                            Some(t) => k = t,
                            None => k = phrase_after(flat, k, to).map_or(k, |p| p.1),
                        }
                    }
                    if words(flat, k, to) >= MIN_CONTENT && flat.is_word(k) {
                        out.push((k, to, Attribution { cue, speaker }));
                        break;
                    }
                }
            } else if c > from + 1 && flat.norm(c - 1) == "," {
                // "…, said the minister."
                if let Some(speaker) = phrase_after(flat, cue.1, to) {
                    if words(flat, from, c - 1) >= MIN_CONTENT && to - speaker.1 <= 3 {
                        out.push((from, c - 1, Attribution { cue, speaker }));
                        break;
                    }
                }
            }
        }
    }
    out
}
