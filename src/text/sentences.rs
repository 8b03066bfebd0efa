//! Sentence segmentation for news text.
//!
//! The text is cut into paragraphs at blank lines; a paragraph break always ends a
//! sentence (so a headline or dateline without final punctuation is a sentence of
//! its own). Inside a paragraph a single newline is plain whitespace. Each paragraph
//! is read as whitespace-separated chunks, and a sentence can only end at the end of
//! a chunk, after a terminator (`.` `?` `!` `…`) and any closing quotes or brackets
//! (`'…," he said.'`, `'…." She added'` keep the quote in the first sentence).
//!
//! Whether a terminator ends the sentence depends on the word it closes and on the
//! next chunk (after any opening quotes/brackets):
//!
//! * next word lower case → never (`Yahoo! in`, `Co. at noon`, `'great.' she said`);
//! * `?` / `!` → yes otherwise;
//! * ordinary word + `.` → yes before a capital or symbol, no before a digit
//!   (`N°. 1026`, `in 2010. 5` is rare in edited news);
//! * titles (`Mr.`, `Gen.`, `Sen.`, `Dr.`, `Mt.` …) → never;
//! * other abbreviations (`U.S.`, `Co.`, `Jan.`, initials, `No.`) → only before a
//!   common sentence starter (`He`, `The`, `But`, `In` …) or an opening quote: "U.S.
//!   envoy" and "the U.S. Secretary of State" stay whole, "…in the U.S. He said…"
//!   splits;
//! * `a.m.` / `p.m.` → as other abbreviations, and also before a capitalised word
//!   that is not a day, month or time zone once the sentence has more than four
//!   words ("at 5 p.m. Friday" stays, "He left at 6 P.M. Mr. Smith then…" splits,
//!   "At 5 a.m. Mr. Smith went…" stays);
//! * ellipses: `...`/`…`/`....` end a sentence before a capital; a spaced `. . .`
//!   does not, a spaced `. . . .` does; `word. . . . Next` ends after `word.` and the
//!   spaced dots open the next sentence; `[...]` never ends one.
//!
//! Lists: a chunk that starts with a bullet (`•`, `⁃`, …, or a lone `-`/`*` at the
//! start of a line) starts a sentence, and so does a list marker (`1.`, `2.)`, `3)`,
//! `a.`, `b)`) that is part of a consecutive sequence in the paragraph; such a marker
//! never ends a sentence itself.
//!
//! Quotations that belong to a longer sentence are not split inside (see
//! `held_quotations`): `said "A. B."` without a comma, `officials, "... a. ... B."`,
//! and a pull quote with its attribution, `"A. B." - Name`.

use super::abbrev::{self, Abbr};
use super::tokens::char_at;
use crate::span::Span;

/// Sentence spans (byte offsets into `text`), in order, non-overlapping, trimmed of
/// surrounding whitespace, never empty.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut chunks = Vec::new();
    for (ps, pe) in paragraphs(text) {
        chunks.clear();
        collect_chunks(text, ps, pe, &mut chunks);
        split_paragraph(text, &chunks, &mut out);
    }
    out
}

#[inline]
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{FEFF}')
}

/// Paragraphs: maximal runs of non-blank lines, as byte ranges.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut ls = 0;
    let bytes = text.as_bytes();
    while ls <= text.len() {
        let le = memchr_nl(bytes, ls).unwrap_or(text.len());
        let line = &text[ls..le];
        let blank = line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r')) || line.chars().all(is_space);
        if blank {
            if let Some(s) = start.take() {
                out.push((s, last_end));
            }
        } else {
            if start.is_none() {
                start = Some(ls);
            }
            last_end = le;
        }
        ls = le + 1;
    }
    if let Some(s) = start {
        out.push((s, last_end));
    }
    out
}

fn memchr_nl(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..].iter().position(|&b| b == b'\n').map(|p| p + from)
}

#[derive(Clone, Copy, Debug)]
struct Chunk {
    start: usize,
    end: usize,
    /// First chunk on its line.
    line_start: bool,
}

fn collect_chunks(text: &str, ps: usize, pe: usize, out: &mut Vec<Chunk>) {
    let bytes = text.as_bytes();
    let mut i = ps;
    let mut line_start = true;
    while i < pe {
        let (c, l) = char_at(text, i);
        if is_space(c) {
            if c == '\n' {
                line_start = true;
            }
            i += l;
            continue;
        }
        let s = i;
        while i < pe {
            let b = bytes[i];
            if b < 0x80 {
                if b <= b' ' || b == 0x7f {
                    break;
                }
                i += 1;
            } else {
                let (c, l) = char_at(text, i);
                if is_space(c) {
                    break;
                }
                i += l;
            }
        }
        out.push(Chunk { start: s, end: i, line_start });
        line_start = false;
    }
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '„' | '‚' | '(' | '[' | '{' | '¿' | '¡')
}

fn is_quote_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '„' | '‚')
}

/// Closing quotes and brackets. `“` and `‘` count too: at the end of a chunk after a
/// terminator they can only close (a common typo or a German-style quote).
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}' | '“' | '‘')
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '◦' | '▪' | '▫' | '‣' | '⁃' | '●' | '○' | '■' | '□' | '►' | '▶' | '➢' | '✓' | '✔')
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Upper,
    Lower,
    Digit,
    /// Punctuation that continues a sentence: `, ; : - – — ) & /`.
    Cont,
    Other,
}

/// What the next chunk starts with.
struct Lead<'t> {
    quote: bool,
    class: Class,
    /// The leading alphabetic word (after openers).
    word: &'t str,
    /// That word is directly followed by a period (an initial or abbreviation).
    word_dot: bool,
}

fn lead<'t>(text: &'t str, ch: Chunk) -> Lead<'t> {
    let s = &text[ch.start..ch.end];
    let mut quote = false;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if rest.len() > c.len_utf8() && is_opener(c) {
            quote |= is_quote_opener(c);
            rest = &rest[c.len_utf8()..];
        } else {
            break;
        }
    }
    let first = rest.chars().next().unwrap_or(' ');
    let class = if first.is_alphabetic() {
        if first.is_lowercase() {
            Class::Lower
        } else {
            Class::Upper
        }
    } else if first.is_numeric() {
        Class::Digit
    } else if matches!(first, ',' | ';' | ':' | '-' | '–' | '—' | ')' | ']' | '&' | '/' | '%') {
        Class::Cont
    } else {
        Class::Other
    };
    let wl = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
    let word = &rest[..wl];
    let word_dot = rest[wl..].starts_with('.');
    Lead { quote, class, word, word_dot }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Term {
    None,
    /// `?` or `!` (possibly repeated or mixed).
    Strong,
    /// An unspaced ellipsis; `bracketed` for `[...]`.
    Ellipsis {
        bracketed: bool,
    },
    /// A chunk that is a single period (part of a spaced ellipsis).
    LoneDot,
    /// A single period closing a word: the word's byte range.
    Period {
        ws: usize,
        we: usize,
    },
}

fn term(text: &str, ch: Chunk) -> Term {
    let s = &text[ch.start..ch.end];
    // Strip closing quotes/brackets, but not down to nothing.
    let mut core = s;
    let mut stripped_bracket = false;
    while let Some(c) = core.chars().next_back() {
        if core.len() > c.len_utf8() && is_closer(c) {
            stripped_bracket |= c == ']';
            core = &core[..core.len() - c.len_utf8()];
        } else {
            break;
        }
    }
    let last = match core.chars().next_back() {
        Some(c) => c,
        None => return Term::None,
    };
    match last {
        '?' | '!' | '‽' | '。' | '．' | '！' | '？' => Term::Strong,
        '…' => Term::Ellipsis { bracketed: stripped_bracket || core.starts_with('[') },
        '.' => {
            let dots = core.bytes().rev().take_while(|&b| b == b'.').count();
            if dots == core.len() {
                if dots == 1 {
                    Term::LoneDot
                } else {
                    Term::Ellipsis { bracketed: stripped_bracket }
                }
            } else if dots >= 2 || core[..core.len() - dots].ends_with('…') {
                Term::Ellipsis { bracketed: stripped_bracket || core.starts_with('[') }
            } else {
                // Strip openers from the word.
                let mut ws = ch.start;
                let we = ch.start + core.len() - 1;
                while ws < we {
                    let (c, l) = char_at(text, ws);
                    if is_opener(c) {
                        ws += l;
                    } else {
                        break;
                    }
                }
                Term::Period { ws, we }
            }
        }
        _ => Term::None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Dot,
    DotParen,
    Paren,
    AlphaDot,
    AlphaParen,
}

/// A list marker chunk (`1.`, `2.)`, `3)`, `a.`, `b)`, optionally after a bullet).
fn marker(text: &str, ch: Chunk) -> Option<(Style, u32)> {
    let mut s = &text[ch.start..ch.end];
    if let Some(c) = s.chars().next() {
        if is_bullet(c) {
            s = &s[c.len_utf8()..];
        }
    }
    let b = s.as_bytes();
    let nd = b.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=2).contains(&nd) {
        let v: u32 = s[..nd].parse().ok()?;
        return match &s[nd..] {
            "." => Some((Style::Dot, v)),
            ".)" => Some((Style::DotParen, v)),
            ")" => Some((Style::Paren, v)),
            _ => None,
        };
    }
    if b.len() == 2 && b[0].is_ascii_lowercase() {
        let v = (b[0] - b'a') as u32;
        return match b[1] {
            b'.' => Some((Style::AlphaDot, v)),
            b')' => Some((Style::AlphaParen, v)),
            _ => None,
        };
    }
    None
}

fn starts_with_bullet(text: &str, ch: Chunk) -> bool {
    let s = &text[ch.start..ch.end];
    let c = s.chars().next().unwrap_or(' ');
    is_bullet(c) || (ch.line_start && matches!(s, "-" | "*" | "–" | "—"))
}

fn bare_bullet(text: &str, ch: Chunk) -> bool {
    let s = &text[ch.start..ch.end];
    let mut it = s.chars();
    matches!((it.next(), it.next()), (Some(c), None) if is_bullet(c) || matches!(c, '-' | '*' | '–' | '—'))
}

/// Marks the list markers that belong to a consecutive sequence (same style, values
/// differing by one between neighbours of that style).
///
/// A sequence must start where a list can start: at the start of the paragraph or of
/// a line, after a bullet, or after a sentence end (`Finally, this. 1. The first
/// item 2. The second item`). An inline enumeration after a colon or inside a
/// clause ("the following sins: a) leaving … b) refusing …") stays in its sentence.
fn list_markers(text: &str, chunks: &[Chunk]) -> Vec<bool> {
    let mut is_marker = vec![false; chunks.len()];
    // Per style: the last marker of the sequence being read.
    let mut active: [Option<(usize, u32)>; 5] = [None; 5];
    for (i, &ch) in chunks.iter().enumerate() {
        if i + 1 == chunks.len() {
            break;
        }
        let Some((style, v)) = marker(text, ch) else {
            continue;
        };
        let k = style as usize;
        if let Some((pi, pv)) = active[k] {
            if pv + 1 == v {
                is_marker[pi] = true;
                is_marker[i] = true;
                active[k] = Some((i, v));
                continue;
            }
        }
        let at_start = i == 0
            || ch.line_start
            || bare_bullet(text, chunks[i - 1])
            || matches!(term(text, chunks[i - 1]), Term::Period { .. } | Term::Strong | Term::Ellipsis { .. });
        active[k] = at_start.then_some((i, v));
    }
    is_marker
}

/// A chunk shaped like a list marker or a single-letter label (`1.`, `2)`, `a.`,
/// `Q.`): it never makes a sentence on its own.
fn marker_shaped(text: &str, ch: Chunk) -> bool {
    let b = &text.as_bytes()[ch.start..ch.end];
    marker(text, ch).is_some() || (b.len() == 2 && b[0].is_ascii_alphabetic() && b[1] == b'.')
}

fn split_paragraph(text: &str, chunks: &[Chunk], out: &mut Vec<Span>) {
    if chunks.is_empty() {
        return;
    }
    let markers = list_markers(text, chunks);
    let dateline = dateline_end(text, chunks);
    let held = held_quotations(text, chunks);
    let mut sent_start = 0;
    let mut alnum = false;
    for i in 0..chunks.len() {
        let ch = chunks[i];
        alnum |= text[ch.start..ch.end].chars().any(char::is_alphanumeric);
        let end_here = if i + 1 == chunks.len() || Some(i) == dateline {
            true
        } else if held.get(i).copied().unwrap_or(false) {
            false
        } else {
            let first = chunks[sent_start];
            // A list item ends at the end of its line.
            let item = markers[sent_start] || starts_with_bullet(text, first);
            let words = i + 1 - sent_start;
            (item && chunks[i + 1].line_start)
                || (alnum
                    && !(words == 1 && marker_shaped(text, ch))
                    && ends_sentence(text, chunks, &markers, i, words))
        };
        if end_here {
            out.push(Span::new(chunks[sent_start].start, ch.end));
            sent_start = i + 1;
            alnum = false;
        }
    }
}

/// Does the sentence end after chunk `i` (which is not the paragraph's last)?
/// `words` is the number of chunks in the sentence so far, `i` included.
fn ends_sentence(text: &str, chunks: &[Chunk], markers: &[bool], i: usize, words: usize) -> bool {
    let ch = chunks[i];
    let next = chunks[i + 1];
    // Forced starts: bullets and list items.
    if starts_with_bullet(text, next) || (markers[i + 1] && !bare_bullet(text, ch)) || is_credit(text, next) {
        return true;
    }
    if markers[i] || bare_bullet(text, ch) {
        return false;
    }
    let t = term(text, ch);
    if t == Term::None {
        return false;
    }
    let nx = lead(text, next);
    if nx.class == Class::Lower || nx.class == Class::Cont {
        return false;
    }
    match t {
        Term::None => false,
        Term::Strong => true,
        // `[...]` (an omission) ends a sentence only before a bare capitalised word,
        // not before a citation: `stairways [...]" (Smith 55).`
        Term::Ellipsis { bracketed } => {
            nx.class == Class::Upper && (!bracketed || !is_opener(text[next.start..].chars().next().unwrap_or(' ')))
        }
        Term::LoneDot => {
            // End of a spaced ellipsis: `. . . .` ends the sentence before a capital,
            // `. . .` does not, and after `word.` the dots open the next sentence.
            if term(text, next) == Term::LoneDot {
                return false;
            }
            let mut a = i;
            while a > 0 && term(text, chunks[a - 1]) == Term::LoneDot {
                a -= 1;
            }
            let run = i + 1 - a;
            let attached = a > 0 && matches!(term(text, chunks[a - 1]), Term::Period { .. });
            !attached && run >= 4 && nx.class == Class::Upper
        }
        Term::Period { ws, we } => {
            if term(text, next) == Term::LoneDot {
                // `compounds. . . . The`: split here if a capital follows the dots.
                let mut b = i + 1;
                while b + 1 < chunks.len() && term(text, chunks[b + 1]) == Term::LoneDot {
                    b += 1;
                }
                return b + 1 < chunks.len() && lead(text, chunks[b + 1]).class == Class::Upper;
            }
            if matches!(term(text, next), Term::Ellipsis { .. }) && is_pure_ellipsis(text, next) {
                // `Scientology. ... The next`: the ellipsis decides, not the period.
                return false;
            }
            let word = &text[ws..we];
            let starter = nx.class == Class::Upper && !nx.word_dot && abbrev::is_starter(nx.word);
            let quoted = nx.quote && nx.class == Class::Upper;
            match abbrev::classify(word) {
                Some(Abbr::Title) => false,
                Some(Abbr::Other) => starter || quoted,
                Some(Abbr::Time) => {
                    starter
                        || quoted
                        || (nx.class == Class::Upper
                            && words > 4
                            && !abbrev::continues_time(nx.word)
                            && !followed_by_time(text, chunks, i + 1))
                }
                None => matches!(nx.class, Class::Upper | Class::Other),
            }
        }
    }
}

/// The last chunk of a dateline glued to the first sentence of a paragraph, when
/// a capitalised word follows it:
///
/// * a date: `Thursday, May 7, 2015 On Tuesday, …` (weekday optional);
/// * a place and a dash: `WASHINGTON (Reuters) - The …`, `Evansville, Indiana,
///   United States - This …`; the words before the dash must all be capitalised and
///   look like a dateline (an all-capitals first word, a comma or a parenthesised
///   agency), so that `Hamas - the Islamist group - said` is left alone.
fn dateline_end(text: &str, chunks: &[Chunk]) -> Option<usize> {
    let s = |i: usize| &text[chunks[i].start..chunks[i].end];
    let upper_after = |i: usize| chunks.get(i).is_some_and(|&c| lead(text, c).class == Class::Upper);
    // Date.
    let mut k = 0;
    if chunks.len() > 4 {
        if let Some(w) = s(0).strip_suffix(',') {
            if matches!(w, "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday") {
                k = 1;
            }
        }
        let month = abbrev::continues_time(s(k).trim_end_matches('.')) && s(k).chars().any(|c| c.is_lowercase());
        let day = s(k + 1)
            .strip_suffix(',')
            .is_some_and(|d| (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
        let year = s(k + 2).len() == 4 && s(k + 2).bytes().all(|b| b.is_ascii_digit());
        if month && day && year && upper_after(k + 3) {
            return Some(k + 2);
        }
    }
    // Place and dash.
    let mut looks = false;
    for (i, &ch) in chunks.iter().enumerate().take(8) {
        let w = s(i);
        if matches!(w, "-" | "–" | "—" | "--") {
            return (i > 0 && looks && upper_after(i + 1)).then_some(i);
        }
        if lead(text, ch).class != Class::Upper || term(text, ch) != Term::None {
            return None;
        }
        let mut letters = w.chars().filter(|c| c.is_alphabetic());
        looks |= (i == 0 && letters.clone().count() >= 2 && letters.all(|c| c.is_uppercase()))
            || w.ends_with(',')
            || w.starts_with('(');
    }
    None
}

/// Chunks after which a sentence may not end because they are inside a quotation
/// that is part of a longer sentence (empty when the paragraph has none):
///
/// * a quotation introduced without a comma by a reporting verb or `that` is the
///   verb's object, so the sentence runs to its closing quote: `said "All … hospital.
///   There are no casualties left."`, `wrote that "… on the internet. An insurgency
///   …"` (with a comma, `said, "A. B."`, it is direct speech and splits as usual);
/// * a quotation that opens with an omission mark after other words is a fragment
///   woven into the sentence: `officials, "... plied the detective … . ... The next
///   thing …"`;
/// * a paragraph that is a quotation followed by a short attribution without final
///   punctuation is a pull quote, one unit: `"So far, it's the Internet: 1,
///   Scientology: 0. But it's a long game." - Matthew Ingram`.
fn held_quotations(text: &str, chunks: &[Chunk]) -> Vec<bool> {
    let mut held = Vec::new();
    let para = &text[chunks[0].start..chunks[chunks.len() - 1].end];
    // Single-char searches run on memchr: most paragraphs leave here.
    if !para.contains('"') && !para.contains('“') {
        return held;
    }
    let hold = |from: usize, to: usize, held: &mut Vec<bool>| {
        held.resize(chunks.len(), false);
        held[from..to].iter_mut().for_each(|h| *h = true);
    };
    if let Some(close) = opens_double_quote(text, chunks[0]).then(|| quotation_close(text, chunks, 0)).flatten() {
        let attribution = &chunks[close + 1..];
        // An attribution is a name and perhaps a role or source: a few words.
        const MAX_ATTRIBUTION: usize = 12;
        if !attribution.is_empty()
            && attribution.len() <= MAX_ATTRIBUTION
            && attribution.iter().all(|&c| term(text, c) == Term::None)
            && matches!(lead(text, attribution[0]).class, Class::Upper | Class::Cont)
        {
            hold(0, chunks.len() - 1, &mut held);
            return held;
        }
    }
    let mut j = 1;
    while j < chunks.len() {
        if !opens_double_quote(text, chunks[j]) {
            j += 1;
            continue;
        }
        let before = &text[chunks[j - 1].start..chunks[j - 1].end];
        let inner = text[chunks[j].start..chunks[j].end].trim_start_matches(['"', '“']);
        let omission = inner.starts_with("...") || inner.starts_with('…');
        let embedded = introduces_quotation(before) || (omission && term(text, chunks[j - 1]) == Term::None);
        match embedded.then(|| quotation_close(text, chunks, j)).flatten() {
            Some(close) => {
                hold(j, close, &mut held);
                j = close + 1;
            }
            None => j += 1,
        }
    }
    held
}

/// The chunk opens a double quotation (`"Prompted`, `“We`, `("So`).
fn opens_double_quote(text: &str, ch: Chunk) -> bool {
    let s = text[ch.start..ch.end].trim_start_matches(['(', '[']);
    s.starts_with(['"', '“']) && s.len() > 1
}

/// The chunk that closes the double quotation opened by chunk `open`: the first
/// chunk from `open` on that ends with a closing quote (before any final
/// punctuation). `None` when another quotation opens first or the paragraph ends.
fn quotation_close(text: &str, chunks: &[Chunk], open: usize) -> Option<usize> {
    for (k, &ch) in chunks.iter().enumerate().skip(open) {
        let s = &text[ch.start..ch.end];
        let s = if k == open {
            let s = s.trim_start_matches(['(', '[']);
            s.char_indices().nth(1).map_or("", |(i, _)| &s[i..])
        } else {
            s
        };
        if k > open && opens_double_quote(text, ch) {
            return None;
        }
        if s.trim_end_matches(['.', ',', ';', ':', '?', '!', ')', ']']).ends_with(['"', '”']) {
            return Some(k);
        }
    }
    None
}

/// `said`, `told`, `wrote that`: a word that makes a quotation right after it (with
/// no comma) the object of the sentence's verb. The reporting verbs are the
/// single-word speech cues of `data/dict/quote_cues.txt`.
fn introduces_quotation(word: &str) -> bool {
    static VERBS: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    let verbs = VERBS.get_or_init(|| {
        include_str!("../../data/dict/quote_cues.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.contains([' ', '>']))
            .map(str::to_lowercase)
            .collect()
    });
    let word = word.to_lowercase();
    word == "that" || verbs.contains(&word)
}

/// A photo credit or caption label glued to the text before it by extraction
/// (`… Space Station Image: Twitter / NASA.`): it starts a sentence.
fn is_credit(text: &str, ch: Chunk) -> bool {
    matches!(&text[ch.start..ch.end], "Image:" | "Photo:" | "Photograph:" | "Picture:" | "Credit:" | "Video:")
}

/// A chunk that is only an ellipsis (`...`, `…`, `....`), possibly with closers.
fn is_pure_ellipsis(text: &str, ch: Chunk) -> bool {
    text[ch.start..ch.end].chars().all(|c| c == '.' || c == '…' || is_closer(c))
}

/// `5 p.m. Moscow time`: the chunk after `j` is "time".
fn followed_by_time(text: &str, chunks: &[Chunk], j: usize) -> bool {
    chunks.get(j + 1).is_some_and(|c| {
        let s = &text[c.start..c.end];
        s.trim_end_matches(|c: char| !c.is_alphabetic()) == "time"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split_sentences(text).into_iter().map(|s| s.slice(text)).collect()
    }

    fn check_invariants(text: &str) {
        let spans = split_sentences(text);
        let mut last = 0;
        for s in &spans {
            assert!(s.start >= last && s.end > s.start, "{spans:?}");
            let t = s.slice(text);
            assert_eq!(t, t.trim());
            last = s.end;
        }
    }

    #[test]
    fn simple() {
        assert_eq!(sents("Talks resumed. Hamas agreed."), ["Talks resumed.", "Hamas agreed."]);
        assert_eq!(sents("Will they sign? No! They won't."), ["Will they sign?", "No!", "They won't."]);
        assert_eq!(sents("  Talks resumed.  "), ["Talks resumed."]);
        let text = "Talks resumed. Hamas agreed.";
        assert_eq!(split_sentences(text), [Span::new(0, 14), Span::new(15, 28)]);
    }

    #[test]
    fn us_abbreviation() {
        assert_eq!(sents("The U.S. envoy arrived."), ["The U.S. envoy arrived."]);
        assert_eq!(
            sents("He met the U.S. Secretary of State on Monday."),
            ["He met the U.S. Secretary of State on Monday."]
        );
        assert_eq!(
            sents("Blinken arrived in the U.S. He said talks would resume."),
            ["Blinken arrived in the U.S.", "He said talks would resume."]
        );
        assert_eq!(
            sents("The envoy flew to the U.S. \"We are ready,\" he said."),
            ["The envoy flew to the U.S.", "\"We are ready,\" he said."]
        );
        assert_eq!(sents("The U.N. Security Council met."), ["The U.N. Security Council met."]);
        assert_eq!(
            sents("He visited Washington, D.C. The talks began."),
            ["He visited Washington, D.C.", "The talks began."]
        );
    }

    #[test]
    fn titles_never_end() {
        assert_eq!(
            sents("The statement was signed by Gen. Austin and Sen. Graham. Mr. Smith left."),
            ["The statement was signed by Gen. Austin and Sen. Graham.", "Mr. Smith left."]
        );
        assert_eq!(sents("He met Dr. He Jiankui."), ["He met Dr. He Jiankui."]);
    }

    #[test]
    fn times() {
        assert_eq!(sents("The talks end at 5 p.m. Friday in Geneva."), ["The talks end at 5 p.m. Friday in Geneva."]);
        assert_eq!(
            sents("They met at 5 p.m. The talks lasted an hour."),
            ["They met at 5 p.m.", "The talks lasted an hour."]
        );
        assert_eq!(sents("The strike began at 4 a.m. EST on Monday."), ["The strike began at 4 a.m. EST on Monday."]);
        assert_eq!(sents("The strike began at 4 a.m. Moscow time."), ["The strike began at 4 a.m. Moscow time."]);
        assert_eq!(
            sents("At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went home."),
            ["At 5 a.m. Mr. Smith went to the bank.", "He left the bank at 6 P.M.", "Mr. Smith then went home."]
        );
    }

    #[test]
    fn numbers_and_initials() {
        assert_eq!(sents("Inflation rose 3.5 percent. Prices fell."), ["Inflation rose 3.5 percent.", "Prices fell."]);
        assert_eq!(sents("It cost $100.00. It was cheap."), ["It cost $100.00.", "It was cheap."]);
        assert_eq!(sents("President George W. Bush spoke."), ["President George W. Bush spoke."]);
        assert_eq!(sents("Resolution No. 5 passed."), ["Resolution No. 5 passed."]);
        assert_eq!(sents("He said no. The vote failed."), ["He said no.", "The vote failed."]);
    }

    #[test]
    fn quotes_and_brackets() {
        assert_eq!(
            sents("\"We will not retreat,\" he said. \"Never.\" She added that talks would go on."),
            ["\"We will not retreat,\" he said.", "\"Never.\"", "She added that talks would go on."]
        );
        assert_eq!(sents("“Peace is near.” She smiled."), ["“Peace is near.”", "She smiled."]);
        assert_eq!(sents("'It is over.' she said."), ["'It is over.' she said."]);
        assert_eq!(
            sents("Troops withdrew (the ministry confirmed it.) Then calm returned."),
            ["Troops withdrew (the ministry confirmed it.)", "Then calm returned."]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(sents("He paused... Then he left."), ["He paused...", "Then he left."]);
        assert_eq!(sents("He paused… Then he left."), ["He paused…", "Then he left."]);
        assert_eq!(sents("He said ... well, nothing."), ["He said ... well, nothing."]);
        assert_eq!(sents("\"We [...] will win.\""), ["\"We [...] will win.\""]);
    }

    #[test]
    fn paragraphs_and_headlines() {
        let text = "Ceasefire holds in Gaza\n\nFriday, July 21, 2017\n\nThe truce held\novernight, officials said.\nHamas agreed.";
        assert_eq!(
            sents(text),
            [
                "Ceasefire holds in Gaza",
                "Friday, July 21, 2017",
                "The truce held\novernight, officials said.",
                "Hamas agreed."
            ]
        );
        assert_eq!(sents("Line one\r\n\r\nLine two"), ["Line one", "Line two"]);
        assert_eq!(
            sents("GENEVA (Reuters) - Talks began.\n  \t\nThey ended."),
            ["GENEVA (Reuters) -", "Talks began.", "They ended."]
        );
    }

    #[test]
    fn lists() {
        assert_eq!(sents("1. The first item 2. The second item"), ["1. The first item", "2. The second item"]);
        assert_eq!(sents("• Talks resumed • Hamas agreed"), ["• Talks resumed", "• Hamas agreed"]);
        assert_eq!(sents("Demands:\n- a ceasefire\n- aid access"), ["Demands:", "- a ceasefire", "- aid access"]);
    }

    #[test]
    fn datelines() {
        assert_eq!(
            sents("Thursday, May 7, 2015 On Tuesday, the government announced a vote."),
            ["Thursday, May 7, 2015", "On Tuesday, the government announced a vote."]
        );
        assert_eq!(
            sents("WASHINGTON (Reuters) - The U.S. imposed sanctions."),
            ["WASHINGTON (Reuters) -", "The U.S. imposed sanctions."]
        );
        assert_eq!(
            sents("Evansville, Indiana - This week the exhibit opened."),
            ["Evansville, Indiana -", "This week the exhibit opened."]
        );
        assert_eq!(sents("Hamas - the Islamist group - said no."), ["Hamas - the Islamist group - said no."]);
        assert_eq!(
            sents("Hamas - Fatah Talks Resume - Officials say."),
            ["Hamas - Fatah Talks Resume - Officials say."]
        );
        assert_eq!(sents("May 7, 2015 was a Thursday."), ["May 7, 2015 was a Thursday."]);
    }

    #[test]
    fn list_items_and_labels() {
        assert_eq!(sents("1. The talks resumed."), ["1. The talks resumed."]);
        assert_eq!(sents("Q. Who fired? A. The army did."), ["Q. Who fired?", "A. The army did."]);
        assert_eq!(
            sents("Talks ended. 1. A truce 2. Aid access 3. Prisoner swaps"),
            ["Talks ended.", "1. A truce", "2. Aid access", "3. Prisoner swaps"]
        );
        assert_eq!(
            sents("a) a truce\nb) aid access\n They met again."),
            ["a) a truce", "b) aid access", "They met again."]
        );
        assert_eq!(sents("! ! !"), ["! ! !"]);
        assert_eq!(sents("Talks ended。 They resume Monday．"), ["Talks ended。", "They resume Monday．"]);
    }

    #[test]
    fn inline_enumerations_stay() {
        assert_eq!(
            sents("He listed the sins: a) leaving the group and b) refusing to return. Police came."),
            ["He listed the sins: a) leaving the group and b) refusing to return.", "Police came."]
        );
        assert_eq!(sents("Demands:\n1. a ceasefire\n2. aid access"), ["Demands:", "1. a ceasefire", "2. aid access"]);
    }

    #[test]
    fn credits_and_odd_quotes() {
        assert_eq!(
            sents("The launch of the Soyuz rocket Image: NASA."),
            ["The launch of the Soyuz rocket", "Image: NASA."]
        );
        assert_eq!(
            sents("It was a mistake.“ However, talks went on."),
            ["It was a mistake.“", "However, talks went on."]
        );
        assert_eq!(
            sents("He left the church. ... The next day he was arrested."),
            ["He left the church. ...", "The next day he was arrested."]
        );
    }

    #[test]
    fn quotations_inside_sentences() {
        // The object of a reporting verb or `that`, with no comma: one sentence.
        assert_eq!(
            sents("An official said \"All were taken to hospital. None are left.\" Rescue ended."),
            ["An official said \"All were taken to hospital. None are left.\"", "Rescue ended."]
        );
        assert_eq!(
            sents("The poster wrote that \"It began online. An insurgency followed.\""),
            ["The poster wrote that \"It began online. An insurgency followed.\""]
        );
        // Direct speech after a comma splits as usual, and so does an unclosed quotation.
        assert_eq!(
            sents("He said, \"Warhol was the center. He is a legend.\""),
            ["He said, \"Warhol was the center.", "He is a legend.\""]
        );
        assert_eq!(sents("He said \"We will win. Then he left."), ["He said \"We will win.", "Then he left."]);
        // A fragment that opens with an omission mark.
        assert_eq!(
            sents("Officials, \"... plied the detective with a theory. ... The next thing he knows he is arrested.\""),
            ["Officials, \"... plied the detective with a theory. ... The next thing he knows he is arrested.\""]
        );
        // A pull quote with its attribution; a quoted paragraph without one splits.
        assert_eq!(
            sents("\"So far, it's the Internet: 1, Scientology: 0. But it's a long game.\" - Matthew Ingram"),
            ["\"So far, it's the Internet: 1, Scientology: 0. But it's a long game.\" - Matthew Ingram"]
        );
        assert_eq!(
            sents("\"Cool clock, Ahmed. Want to bring it to the White House?\""),
            ["\"Cool clock, Ahmed.", "Want to bring it to the White House?\""]
        );
        assert_eq!(
            sents("“We will win.” Talks resumed. Hamas agreed."),
            ["“We will win.”", "Talks resumed.", "Hamas agreed."]
        );
    }

    #[test]
    fn odd_input_never_panics() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\t \n ").is_empty());
        assert!(split_sentences("\u{0}\u{1}").is_empty());
        assert_eq!(sents("a\u{0}b."), ["a\u{0}b."]);
        for s in [
            ".",
            "...",
            "?",
            "\"",
            "'.'",
            ". . . .",
            "1.",
            "a.",
            "•",
            "-",
            "U.S.",
            "Mr.",
            "“”",
            "[...]",
            "said \"",
            "said \"a. B.",
            "\"\" -",
            "“",
            ")",
            "é.É",
            "\u{0301}.",
        ] {
            check_invariants(s);
        }
        let big = "word ".repeat(200_000);
        let s = split_sentences(&big);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0], Span::new(0, big.len() - 1));
        let many = "1. a ".repeat(50_000);
        check_invariants(&many);
        // Pathological repetitions stay linear (these would take minutes if not).
        for unit in [". ", "U.S. ", "a. ", "… ", "• ", "- ", "\n\n", "Mr. ", "said \"A. ", "\"A. B.\" "] {
            check_invariants(&unit.repeat(200_000));
        }
    }
}
