//! Penn-Treebank-like tokens with dictionary norms.
//!
//! A hand-written scanner over the text (no regex). Rules:
//!
//! * words and numbers are runs of letters/digits (plus combining marks), joined
//!   across a hyphen (`ISRAELI-OCCUPIED`, `30-DAY`, `AL-QAEDA`), across a period
//!   followed by a letter or digit (`U.S`, `3.5`, `example.com`), across a comma
//!   between digits in a number (`10,000`), across `&` between capitals (`AT&T`), and
//!   across an en dash or minus between digits (`1990–2000`);
//! * a token that starts with a digit is a [`TokenKind::Number`];
//! * possessives and contractions split off as their own word tokens: `Russia's` →
//!   `RUSSIA` `'S`; `didn't` → `DID` `N'T`; `can't` → `CA` `N'T`; `won't` → `WO`
//!   `N'T`; `'re 've 'll 'd 'm` likewise; `allies'` → `ALLIES` `'` (a punct token);
//!   names such as `O'Brien` or `d'Ivoire` stay whole;
//! * abbreviations keep their period: dotted ones (`U.S.`, `p.m.`), single-letter
//!   initials (`W.`), and a list of titles and short forms (`Mr.`, `Gen.`, `Co.`,
//!   `Jan.`, `No.` …), including at the end of a sentence; any other period is a
//!   punct token of its own;
//! * every other character is one [`TokenKind::Punct`] token, except that a run of
//!   periods (`...`) is one token, as is `…`, and a run of ASCII hyphens (`--`);
//! * whitespace and control characters separate tokens and are never part of one.
//!
//! `norm` is [`normalize::fold`](super::normalize::fold) of the token's text;
//! `cap` is true when the token's first letter is upper case in the original.

use super::abbrev;
use super::norm::{in_range, Letters, Norm, HIGH_BITS};
use super::normalize::{is_apostrophe, is_combining, is_dash, is_hyphen, push_folded};
use crate::span::Span;

/// One token of the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// Byte offsets into the whole text; covers exactly the original characters.
    pub span: Span,
    /// Dictionary form: upper case, diacritics folded, quotes and dashes unified.
    pub norm: Norm,
    pub kind: TokenKind,
    /// The token's first letter is upper case in the original text.
    pub cap: bool,
    /// The token has letters and all are upper case ("US", not "us" or "Us").
    pub upper: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// Tokens of `text[within]`; spans are offsets into the whole `text`.
///
/// `within` is clamped to the text and moved onto character boundaries, so no input
/// makes it panic.
pub fn tokenize(text: &str, within: Span) -> Vec<Token> {
    let (start, end) = clamp(text, within);
    let mut out = Vec::with_capacity((end - start) / 5 + 1);
    let mut sc = Scanner { text, end, out: &mut out };
    sc.run(start);
    out
}

fn clamp(text: &str, within: Span) -> (usize, usize) {
    let mut start = within.start.min(text.len());
    let mut end = within.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (start, end)
}

/// The char at byte `i` (which must be a char boundary below `text.len()`) and its
/// length in bytes.
#[inline(always)]
pub(crate) fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        (c, c.len_utf8())
    }
}

#[inline(always)]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining(c)
    }
}

/// What an ASCII byte starts or continues, by byte: one load instead of the `char`
/// tests of the general path (which bytes of 0x80 and above take).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Whitespace and control characters: between tokens.
    Space,
    /// Letters and digits.
    Word,
    /// Any other ASCII character.
    Punct,
    /// A byte of a multi-byte character.
    NonAscii,
}

static CLASS: [Class; 256] = {
    let mut table = [Class::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        // ASCII whitespace is all at or below the space; ASCII control is below it and DEL.
        table[b] = if (b as u8).is_ascii_alphanumeric() {
            Class::Word
        } else if b <= 0x20 || b == 0x7f {
            Class::Space
        } else {
            Class::Punct
        };
        b += 1;
    }
    table
};

struct Scanner<'a, 'o> {
    text: &'a str,
    end: usize,
    out: &'o mut Vec<Token>,
}

impl Scanner<'_, '_> {
    #[inline(always)]
    fn peek(&self, i: usize) -> Option<char> {
        if i < self.end {
            Some(char_at(self.text, i).0)
        } else {
            None
        }
    }

    /// Pushes the token `text[start..end]`. Inlined for the short ASCII tokens that
    /// most are; the others take [`Scanner::push_other`].
    #[inline(always)]
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        // Bytes: a `str` slice would test both ends for char boundaries, and a
        // non-ASCII token takes the general path anyway.
        if let Some((norm, case)) = Norm::short_ascii_uppercase(&self.text.as_bytes()[start..end]) {
            let (cap, upper) = (case.first_upper, case.all_upper);
            self.out.push(Token { span: Span::new(start, end), norm, kind, cap, upper });
        } else {
            self.push_other(start, end, kind);
        }
    }

    #[inline(never)]
    fn push_other(&mut self, start: usize, end: usize, kind: TokenKind) {
        let s = &self.text[start..end];
        if s.is_ascii() {
            self.push_ascii(start, end, kind);
            return;
        }
        let mut norm = String::with_capacity(s.len());
        let mut cap = false;
        let mut seen_letter = false;
        let mut upper = true;
        for c in s.chars() {
            if c.is_alphabetic() {
                if !seen_letter {
                    seen_letter = true;
                    cap = c.is_uppercase();
                }
                upper &= c.is_uppercase();
            }
            push_folded(c, &mut norm);
        }
        let upper = upper && seen_letter;
        self.out.push(Token { span: Span::new(start, end), norm: Norm::from(norm), kind, cap, upper });
    }

    /// [`Scanner::push`] for ASCII text too long to store in place, byte by byte: the
    /// same norm, `cap` and `upper` as the general path.
    fn push_ascii(&mut self, start: usize, end: usize, kind: TokenKind) {
        let bytes = &self.text.as_bytes()[start..end];
        let first_letter = bytes.iter().find(|b| b.is_ascii_alphabetic());
        let cap = first_letter.is_some_and(u8::is_ascii_uppercase);
        let upper = first_letter.is_some() && !bytes.iter().any(u8::is_ascii_lowercase);
        let norm = Norm::ascii_uppercase(&self.text[start..end]);
        self.out.push(Token { span: Span::new(start, end), norm, kind, cap, upper });
    }

    fn run(&mut self, mut i: usize) {
        let bytes = self.text.as_bytes();
        while i < self.end {
            let b = bytes[i];
            match CLASS[usize::from(b)] {
                Class::Space => i += 1,
                Class::Word => i = self.word(i),
                // One byte, one token, but for the apostrophe (a clitic may follow) and
                // the period and hyphen (a run of them is one token).
                Class::Punct if !matches!(b, b'\'' | b'.' | b'-') => {
                    let (norm, _) = Norm::ascii_word_uppercase(u64::from(b), 1, Letters::of(u64::from(b)));
                    let (kind, cap, upper) = (TokenKind::Punct, false, false);
                    self.out.push(Token { span: Span::new(i, i + 1), norm, kind, cap, upper });
                    i += 1;
                }
                Class::Punct => i = self.punct(i, char::from(b), 1),
                Class::NonAscii => {
                    let (c, l) = char_at(self.text, i);
                    if is_word_char(c) && !is_combining(c) {
                        i = self.word(i);
                    } else if c.is_whitespace() || c.is_control() || is_combining(c) {
                        i += l;
                    } else {
                        i = self.punct(i, c, l);
                    }
                }
            }
        }
    }

    fn punct(&mut self, i: usize, c: char, l: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut j = i + l;
        // A detached clitic in pre-tokenised text (`Trump 's`, `they 're`).
        if is_apostrophe(c) && self.out.last().is_some_and(|t| t.kind != TokenKind::Punct) {
            let m = self.alpha_run(j);
            if m > j && is_clitic(&self.text[j..m]) && !self.peek(m).is_some_and(is_word_char) {
                self.push(i, m, TokenKind::Word);
                return m;
            }
        }
        if c == '.' || c == '-' {
            while j < self.end && bytes[j] == c as u8 {
                j += 1;
            }
            // A run of two periods is two periods; three or more is an ellipsis.
            if c == '.' && j - i == 2 {
                j = i + 1;
            }
        }
        self.push(i, j, TokenKind::Punct);
        j
    }

    /// Scans a word or number starting at `start`, pushes it (and any clitic split
    /// off it) and returns the byte after it.
    fn word(&mut self, start: usize) -> usize {
        let text = self.text;
        // Up to the end of the scanned range, so that one bound check serves.
        let bytes = &text.as_bytes()[..self.end];
        // Most words: a few ASCII letters before a space, read as one word.
        if let Some((w, len, letters)) = short_plain_word(bytes, start) {
            let (norm, case) = Norm::ascii_word_uppercase(w, len, letters);
            let kind = if w as u8 <= b'9' { TokenKind::Number } else { TokenKind::Word };
            let (cap, upper) = (case.first_upper, case.all_upper);
            self.out.push(Token { span: Span::new(start, start + len), norm, kind, cap, upper });
            // The space after it (in the bytes read: `len < 8`) makes no token: stepped
            // over here rather than in a turn of the scanner's dispatch.
            return start + len + usize::from(bytes[start + len] == b' ');
        }
        let first = char_at(text, start).0;
        let is_num = first.is_numeric();
        let mut j = start;
        loop {
            // Letters, digits, combining marks; ASCII (most text) eight bytes at a time.
            loop {
                j = ascii_alnum_end(bytes, j);
                match bytes.get(j) {
                    Some(&b) if b >= 0x80 => {
                        let (c, l) = char_at(text, j);
                        if !is_word_char(c) {
                            break;
                        }
                        j += l;
                    }
                    _ => break,
                }
            }
            if j >= self.end {
                break;
            }
            // Only a period, comma, ampersand, hyphen or apostrophe can join what
            // follows: any other ASCII byte (a space, mostly) ends the word here.
            let b = bytes[j];
            if b < 0x80 && !matches!(b, b'.' | b',' | b'&' | b'-' | b'\'') {
                break;
            }
            let (c, l) = char_at(text, j);
            let next = self.peek(j + l);
            let next_word = next.is_some_and(is_word_char);
            let prev = text[start..j].chars().next_back().unwrap_or(' ');
            let joins = match c {
                '.' => {
                    next_word
                        || (next.is_some_and(is_hyphen)
                            && self.peek(j + l + 1).is_some_and(is_word_char)
                            && abbrev::is_dotted(&text[start..j]))
                }
                ',' => is_num && prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
                '&' => prev.is_uppercase() && next.is_some_and(|n| n.is_uppercase()),
                _ if is_hyphen(c) => next_word,
                _ if is_dash(c) => {
                    // En dash or minus inside a number range: 1990–2000.
                    is_num && prev.is_numeric() && next.is_some_and(|n| n.is_numeric())
                }
                _ if is_apostrophe(c) && next.is_some_and(|n| n.is_alphabetic()) => {
                    // Possessive or contraction?
                    let k = j + l;
                    let m = self.alpha_run(k);
                    let after_word = self.peek(m).is_some_and(is_word_char);
                    let suffix = &text[k..m];
                    if !after_word && is_clitic(suffix) && j > start {
                        self.push_word(start, j, is_num);
                        self.push(j, m, TokenKind::Word);
                        return m;
                    }
                    if !after_word && suffix.eq_ignore_ascii_case("t") && matches!(prev, 'n' | 'N') {
                        if j - 1 > start {
                            self.push_word(start, j - 1, is_num);
                        }
                        // `n't`, also detached as in pre-tokenised `did n't`.
                        self.push(j - 1, m, TokenKind::Word);
                        return m;
                    }
                    // A name such as O'Brien: the apostrophe stays inside.
                    j = m;
                    continue;
                }
                _ => false,
            };
            if !joins {
                break;
            }
            j += l;
            if c == '.' && !next_word {
                // `U.S.-backed`: step over the hyphen too.
                j += next.map_or(0, char::len_utf8);
            }
        }
        // An abbreviation keeps its period.
        if j < self.end && bytes[j] == b'.' && !is_num && abbrev::takes_period(&text[start..j]) {
            j += 1;
        }
        // Most tokens end here: `push` inlined rather than called through `push_word`,
        // whose call and frame cost a fifth of making a word's token.
        let kind = if is_num { TokenKind::Number } else { TokenKind::Word };
        self.push(start, j, kind);
        j
    }

    /// The end of the run of letters starting at `k`.
    fn alpha_run(&self, mut k: usize) -> usize {
        while k < self.end {
            let (d, dl) = char_at(self.text, k);
            if !d.is_alphabetic() {
                break;
            }
            k += dl;
        }
        k
    }

    fn push_word(&mut self, start: usize, end: usize, is_num: bool) {
        let kind = if is_num { TokenKind::Number } else { TokenKind::Word };
        self.push(start, end, kind);
    }
}

/// The word of ASCII letters and digits at `bytes[start..]` (the first is one) as one
/// word of its bytes (zeros past it), its length and its letters, when it is shorter
/// than eight bytes and the byte after it is ASCII and joins nothing (a space, mostly:
/// not a period, comma, ampersand, hyphen or apostrophe): the token [`Scanner::word`]
/// makes of it then is the run itself, with no join, clitic or abbreviation rule to
/// read. `None` for any other word, and near the end of the text.
#[inline(always)]
fn short_plain_word(bytes: &[u8], start: usize) -> Option<(u64, usize, Letters)> {
    let chunk = bytes.get(start..start + 8)?;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    let w = u64::from_le_bytes(word);
    let (alnum, letters) = ascii_alnum(w);
    let stop = !alnum & HIGH_BITS;
    if stop == 0 {
        return None;
    }
    let len = (stop.trailing_zeros() / 8) as usize;
    if matches!(chunk[len], 0x80..|b'.'| b',' | b'&' | b'-' | b'\'') {
        return None;
    }
    // `len < 8`: the bytes past the word masked off, and their letters (the word's
    // bytes are below 0x80, where `in_range` reads each byte alone).
    Some((w & ((1 << (8 * len)) - 1), len, letters.first(len)))
}

/// The high bit of each byte of `w` that is an ASCII letter or digit, and the letters
/// of its bytes below 0x80 (the others' bits are meaningless).
#[inline(always)]
fn ascii_alnum(w: u64) -> (u64, Letters) {
    // `in_range` reads bytes below 0x80: the others are masked to that and then ruled
    // out, since a byte of a multi-byte character ends the ASCII run.
    let low = w & !HIGH_BITS;
    let letters = Letters::of(low);
    ((letters.lower | letters.upper | in_range(low, b'0', b'9')) & !w, letters)
}

/// The end of the run of ASCII letters and digits at `bytes[j..]`. Eight bytes at a
/// time (a word of news text is about six letters; byte by byte, the loop cost more
/// than the rest of the word's token), then byte by byte near the end.
#[inline(always)]
fn ascii_alnum_end(bytes: &[u8], mut j: usize) -> usize {
    while let Some(chunk) = bytes.get(j..j + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let stop = !ascii_alnum(u64::from_le_bytes(word)).0 & HIGH_BITS;
        if stop != 0 {
            // Little-endian: the text's first byte is the word's lowest.
            return j + (stop.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while bytes.get(j).is_some_and(|&b| CLASS[usize::from(b)] == Class::Word) {
        j += 1;
    }
    j
}

/// `s`, `re`, `ve`, `ll`, `d`, `m` in any case.
fn is_clitic(s: &str) -> bool {
    s.eq_ignore_ascii_case("s")
        || s.eq_ignore_ascii_case("re")
        || s.eq_ignore_ascii_case("ve")
        || s.eq_ignore_ascii_case("ll")
        || s.eq_ignore_ascii_case("d")
        || s.eq_ignore_ascii_case("m")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<Token> {
        tokenize(text, Span::new(0, text.len()))
    }

    fn norms(text: &str) -> Vec<String> {
        all(text).into_iter().map(|t| t.norm.to_string()).collect()
    }

    fn kinds(text: &str) -> Vec<TokenKind> {
        all(text).into_iter().map(|t| t.kind).collect()
    }

    /// Every token's span covers its own characters, in order, without overlap, and
    /// no non-space character is left out.
    fn check_cover(text: &str) {
        let toks = all(text);
        let mut last = 0;
        for t in &toks {
            assert!(t.span.start >= last, "overlap in {text:?}");
            assert!(!t.span.is_empty());
            assert!(text[last..t.span.start].chars().all(|c| c.is_whitespace() || c.is_control() || is_combining(c)));
            last = t.span.end;
        }
        assert!(text[last..].chars().all(|c| c.is_whitespace() || c.is_control() || is_combining(c)));
    }

    #[test]
    fn simple_sentence_with_offsets() {
        let text = "Israeli forces killed 3 militants.";
        let toks = all(text);
        let got: Vec<(&str, &str, TokenKind, bool)> =
            toks.iter().map(|t| (t.span.slice(text), t.norm.as_str(), t.kind, t.cap)).collect();
        assert_eq!(
            got,
            vec![
                ("Israeli", "ISRAELI", TokenKind::Word, true),
                ("forces", "FORCES", TokenKind::Word, false),
                ("killed", "KILLED", TokenKind::Word, false),
                ("3", "3", TokenKind::Number, false),
                ("militants", "MILITANTS", TokenKind::Word, false),
                (".", ".", TokenKind::Punct, false),
            ]
        );
        assert_eq!(toks[1].span, Span::new(8, 14));
    }

    #[test]
    fn possessives() {
        assert_eq!(norms("Russia's army"), ["RUSSIA", "'S", "ARMY"]);
        assert_eq!(norms("Russia’s army"), ["RUSSIA", "'S", "ARMY"]);
        assert_eq!(norms("the allies' plan"), ["THE", "ALLIES", "'", "PLAN"]);
        assert_eq!(norms("NATO'S"), ["NATO", "'S"]);
        let t = all("Russia's");
        assert_eq!(t[1].span, Span::new(6, 8));
        assert_eq!(t[1].kind, TokenKind::Word);
        assert!(!t[1].cap);
    }

    #[test]
    fn contractions() {
        assert_eq!(norms("They didn't agree"), ["THEY", "DID", "N'T", "AGREE"]);
        assert_eq!(norms("we can't"), ["WE", "CA", "N'T"]);
        assert_eq!(norms("Iran won’t"), ["IRAN", "WO", "N'T"]);
        assert_eq!(norms("they're"), ["THEY", "'RE"]);
        assert_eq!(norms("we've we'll he'd I'm"), ["WE", "'VE", "WE", "'LL", "HE", "'D", "I", "'M"]);
        assert_eq!(norms("DON'T"), ["DO", "N'T"]);
        let text = "didn't";
        let t = all(text);
        assert_eq!(t[0].span.slice(text), "did");
        assert_eq!(t[1].span.slice(text), "n't");
    }

    #[test]
    fn pre_tokenised_clitics() {
        assert_eq!(norms("Trump 's plan"), ["TRUMP", "'S", "PLAN"]);
        assert_eq!(norms("they did n't"), ["THEY", "DID", "N'T"]);
        // A quote opening before a word is not a clitic.
        assert_eq!(norms("he said 'stop'"), ["HE", "SAID", "'", "STOP", "'"]);
        assert_eq!(norms(", 's"), [",", "'", "S"]);
    }

    #[test]
    fn names_with_apostrophes_stay_whole() {
        assert_eq!(
            norms("O'Brien met D'Alema in Côte d'Ivoire"),
            ["O'BRIEN", "MET", "D'ALEMA", "IN", "COTE", "D'IVOIRE"]
        );
    }

    #[test]
    fn hyphenated_words() {
        assert_eq!(norms("Israeli-occupied West Bank"), ["ISRAELI-OCCUPIED", "WEST", "BANK"]);
        assert_eq!(norms("al-Qaeda"), ["AL-QAEDA"]);
        assert_eq!(norms("a 30-day truce"), ["A", "30-DAY", "TRUCE"]);
        assert_eq!(kinds("30-day"), [TokenKind::Number]);
        assert_eq!(norms("U.S.-backed forces"), ["U.S.-BACKED", "FORCES"]);
        // A hyphen not between word characters is punctuation.
        assert_eq!(norms("pro- and anti-war"), ["PRO", "-", "AND", "ANTI-WAR"]);
        assert_eq!(norms("peace--or war"), ["PEACE", "--", "OR", "WAR"]);
    }

    #[test]
    fn dashes_fold_to_hyphen() {
        assert_eq!(norms("talks—which failed"), ["TALKS", "-", "WHICH", "FAILED"]);
        assert_eq!(norms("1990–2000"), ["1990-2000"]);
        assert_eq!(norms("non‑binding"), ["NON-BINDING"]);
    }

    #[test]
    fn abbreviations_keep_periods() {
        assert_eq!(norms("U.S. envoy"), ["U.S.", "ENVOY"]);
        assert_eq!(
            norms("the U.N. and the E.U. and the U.K."),
            ["THE", "U.N.", "AND", "THE", "E.U.", "AND", "THE", "U.K."]
        );
        assert_eq!(norms("Gen. Smith met Mr. Jones"), ["GEN.", "SMITH", "MET", "MR.", "JONES"]);
        assert_eq!(norms("George W. Bush"), ["GEORGE", "W.", "BUSH"]);
        assert_eq!(norms("at 5 p.m. Friday"), ["AT", "5", "P.M.", "FRIDAY"]);
        assert_eq!(norms("Acme Co. and Intel Corp."), ["ACME", "CO.", "AND", "INTEL", "CORP."]);
        assert_eq!(norms("Sept. 11"), ["SEPT.", "11"]);
        assert_eq!(norms("No. 5"), ["NO.", "5"]);
        // Sentence-final abbreviation: one token, no separate period.
        assert_eq!(norms("arrived in the U.S."), ["ARRIVED", "IN", "THE", "U.S."]);
        // An ordinary word's final period is a separate token.
        assert_eq!(norms("talks ended."), ["TALKS", "ENDED", "."]);
        assert_eq!(norms("he said no."), ["HE", "SAID", "NO", "."]);
        for a in [
            "Mrs.", "Ms.", "Dr.", "Lt.", "Col.", "Maj.", "Capt.", "Sgt.", "Sen.", "Rep.", "Gov.", "Pres.", "Prof.",
            "St.", "Jan.", "Feb.", "Aug.", "Oct.", "Nov.", "Dec.", "Inc.", "Ltd.", "vs.", "etc.", "a.m.",
        ] {
            assert_eq!(norms(a).len(), 1, "{a}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(norms("10,000 troops"), ["10,000", "TROOPS"]);
        assert_eq!(kinds("10,000 3.5 2nd"), [TokenKind::Number; 3]);
        assert_eq!(norms("$3.5 billion."), ["$", "3.5", "BILLION", "."]);
        assert_eq!(norms("rose 3.5%."), ["ROSE", "3.5", "%", "."]);
        assert_eq!(norms("in 2010, 5 died"), ["IN", "2010", ",", "5", "DIED"]);
        assert_eq!(norms("1,2"), ["1,2"]);
    }

    #[test]
    fn punctuation() {
        assert_eq!(
            norms("(AP) \"Yes;\" no: what?!"),
            ["(", "AP", ")", "\"", "YES", ";", "\"", "NO", ":", "WHAT", "?", "!"]
        );
        assert_eq!(norms("wait... what… now.."), ["WAIT", "...", "WHAT", "...", "NOW", ".", "."]);
        assert_eq!(kinds("..."), [TokenKind::Punct]);
    }

    #[test]
    fn curly_quotes_and_diacritics() {
        let text = "“Erdoğan’s troops,” he said.";
        let t = all(text);
        let got: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(got, ["\"", "ERDOGAN", "'S", "TROOPS", ",", "\"", "HE", "SAID", "."]);
        // Spans cover the original (multi-byte) characters.
        assert_eq!(t[0].span.slice(text), "“");
        assert_eq!(t[1].span.slice(text), "Erdoğan");
        assert_eq!(t[2].span.slice(text), "’s");
        assert_eq!(t[5].span.slice(text), "”");
        assert_eq!(norms("Zelenskyy ‘warned’"), ["ZELENSKYY", "'", "WARNED", "'"]);
        assert_eq!(norms("Erdog\u{0306}an"), ["ERDOGAN"]);
    }

    #[test]
    fn cap_flag() {
        let t = all("Hamas and iPhone 3G 3d '");
        // The first *letter* decides, also in numbers.
        assert_eq!(t.iter().map(|t| t.cap).collect::<Vec<_>>(), [true, false, false, true, false, false]);
    }

    #[test]
    fn within_is_respected() {
        let text = "Hello world. Putin spoke.";
        let t = tokenize(text, Span::new(13, 25));
        assert_eq!(t[0].span, Span::new(13, 18));
        assert_eq!(t.iter().map(|t| t.norm.as_str()).collect::<Vec<_>>(), ["PUTIN", "SPOKE", "."]);
    }

    #[test]
    fn odd_input_never_panics() {
        assert!(all("").is_empty());
        assert!(all("   \n\t  ").is_empty());
        assert!(all("\u{0}\u{1}\u{7f}").is_empty());
        check_cover("a\u{0}b\u{1b}[0mc");
        // Spans outside the text or inside a char are clamped.
        let text = "Erdoğan";
        let _ = tokenize(text, Span::new(0, 100));
        let _ = tokenize(text, Span::new(6, 7));
        let _ = tokenize(text, Span::new(50, 60));
        // Lone combining marks, apostrophes, dots.
        for s in ["\u{0301}", "'", "'s", "n't", ".", "'''", "a'", "-", "U.S.-", "&", "A&", "1,", "1.", "x.-"] {
            check_cover(s);
        }
        let big = "word ".repeat(200_000);
        assert_eq!(all(&big).len(), 200_000);
        let big = "x".repeat(1_000_000);
        assert_eq!(all(&big).len(), 1);
    }

    #[test]
    fn byte_classes_agree_with_char_tests() {
        for b in 0u8..128 {
            let c = char::from(b);
            let class = if c.is_ascii_alphanumeric() {
                Class::Word
            } else if c.is_whitespace() || c.is_control() {
                Class::Space
            } else {
                Class::Punct
            };
            assert!(CLASS[usize::from(b)] == class, "{b:#x}");
        }
        assert!(CLASS[128..].iter().all(|&c| c == Class::NonAscii));
    }

    #[test]
    fn ascii_runs_agree_with_byte_classes() {
        let by_bytes =
            |t: &[u8], j: usize| j + t[j..].iter().take_while(|&&b| CLASS[usize::from(b)] == Class::Word).count();
        let text = "abc9Z_def Erdoğan x 0123456789abcdefXYZ-q @`[{/:".as_bytes();
        for j in 0..=text.len() {
            assert_eq!(ascii_alnum_end(text, j), by_bytes(text, j), "{j}");
        }
        // Every byte value at every place of a word, short and long runs.
        for b in 0..=255u8 {
            for at in 0..12 {
                let mut t = *b"abcdefghijklmnop";
                t[at] = b;
                assert_eq!(ascii_alnum_end(&t, 0), by_bytes(&t, 0), "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn short_plain_words_are_the_tokens_the_general_scan_makes() {
        let text = "Hamas said 3 of 10,000 U.S. troops' iPhones (AP) x-ray A&B isn't Erdoğan 1990–2000 \
                    longwords W. nowhere. Mr. Côte \"quoted\" 42 ok";
        let bytes = text.as_bytes();
        let mut plain = 0;
        for start in (0..text.len()).filter(|&i| CLASS[usize::from(bytes[i])] == Class::Word) {
            let Some((w, len, letters)) = short_plain_word(bytes, start) else { continue };
            assert_eq!(letters, Letters::of(w), "at {start}");
            plain += 1;
            let mut fast = Vec::new();
            Scanner { text, end: text.len(), out: &mut fast }.word(start);
            let mut general = Vec::new();
            let kind = if bytes[start].is_ascii_digit() { TokenKind::Number } else { TokenKind::Word };
            Scanner { text, end: text.len(), out: &mut general }.push(start, start + len, kind);
            assert_eq!(fast, general, "at {start}");
            assert_eq!(w.to_le_bytes()[..len], bytes[start..start + len]);
        }
        assert!(plain > 10);
        // A word that a join, clitic or abbreviation rule may read is not plain.
        for (text, start) in [("U.S. x", 0), ("10,000 x", 0), ("isn't xx", 0), ("A&B xxxx", 0), ("x-ray xx", 0)] {
            assert_eq!(short_plain_word(text.as_bytes(), start), None, "{text}");
        }
        // Nor one of eight letters or more, or one less than eight bytes from the end.
        assert_eq!(short_plain_word(b"longword x", 0), None);
        assert_eq!(short_plain_word(b"said", 0), None);
    }

    #[test]
    fn cover_news_text() {
        check_cover("WASHINGTON (Reuters) — The U.S. Secretary of State, Antony Blinken, didn't say whether Israel's 30-day truce with Hamas (\"a pause\") would hold… “We’ll see,” he said at 5 p.m. on Friday.");
    }
}
