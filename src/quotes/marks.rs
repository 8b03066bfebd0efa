//! Quotation marks paired into quoted stretches.
//!
//! Double quotes of every style (`"` `“ ”` `« »` `„`) are one token each, normalised to
//! `"` by the tokenizer. Curly quotes and guillemets say which way they face; a straight
//! quote faces the word it touches (space before and a word after: opening). Single
//! quotes inside a double-quoted stretch are nested quotes and stay part of it. A
//! stretch never crosses a paragraph break, except that a quotation running over
//! several paragraphs repeats its opening mark at each paragraph start without closing
//! the previous one: the pieces then share a `group`.

use super::flat::Flat;

/// One quoted stretch: flat token indices, both marks included when present.
#[derive(Clone, Debug, PartialEq)]
pub struct Stretch {
    pub open: usize,
    /// The closing mark, or one past the last token when the paragraph ended unclosed.
    pub last: usize,
    pub closed: bool,
    /// Stretches of one multi-paragraph quotation share a group number.
    pub group: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Facing {
    Open,
    Close,
    Either,
}

fn facing(flat: &Flat, i: usize) -> Facing {
    let space_before = flat.char_before(i).is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c));
    let space_after = flat.char_after(i).is_none_or(|c| c.is_whitespace() || ",.;:!?)]}—–-…".contains(c));
    // Curly marks say which way they face, unless the spacing plainly contradicts
    // them (a typo'd `…,“ said`).
    match flat.raw(i).chars().next() {
        Some('“' | '«' | '„' | '‟') if !space_after || space_before => return Facing::Open,
        Some('”' | '»') if !space_before || space_after => return Facing::Close,
        _ => {}
    }
    match (space_before, space_after) {
        (true, false) => Facing::Open,
        (false, true) => Facing::Close,
        _ => Facing::Either,
    }
}

/// All quoted stretches of the article, in text order.
pub fn stretches(flat: &Flat) -> Vec<Stretch> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (mark, group)
    let mut groups = 0;
    for i in 0..flat.len() {
        let is_mark = flat.norm(i) == "\"";
        if flat.para_start(i) {
            if let Some((o, g)) = open.take() {
                // The paragraph ended inside a quotation.
                let continues = is_mark && facing(flat, i) != Facing::Close;
                if i - o > 3 || continues {
                    out.push(Stretch { open: o, last: i, closed: false, group: g });
                }
                if continues {
                    open = Some((i, g));
                    continue;
                }
            }
        }
        if !is_mark {
            continue;
        }
        match (facing(flat, i), open) {
            (Facing::Open, _) | (Facing::Either, None) => {
                // A second opening mark in one paragraph: the first was a stray.
                open = Some((i, groups));
                groups += 1;
            }
            (Facing::Close | Facing::Either, Some((o, g))) => {
                out.push(Stretch { open: o, last: i, closed: true, group: g });
                open = None;
            }
            (Facing::Close, None) => {}
        }
    }
    if let Some((o, g)) = open {
        if flat.len() - o > 3 {
            out.push(Stretch { open: o, last: flat.len(), closed: false, group: g });
        }
    }
    out
}
