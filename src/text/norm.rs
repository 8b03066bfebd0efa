//! A token's norm (its dictionary form) as a string kept inside the token.
//!
//! Nearly every norm is a word of a few letters. A `String` per token cost a heap
//! allocation when the token was made and a free when the article was dropped. A
//! [`Norm`] of up to [`INLINE`] bytes is stored in place (the size of a `String`), a
//! longer one on the heap. It reads as a `&str` (`Deref`, [`Norm::as_str`]) and compares
//! with strings, so callers use it as one. Most tokens are made by
//! [`Norm::short_ascii_uppercase`], which also finds the case of their letters in the
//! same pass (docs/benchmarks.md, "Tokenizer": what each step saved). An event's codes
//! and actor names ([`crate::article::Event`]) are short strings made for each event
//! too, and use the same type.

use std::fmt;
use std::ops::Deref;

/// The longest norm stored in place: what fits beside the length and the variant tag
/// in the 24 bytes of a `String`.
pub const INLINE: usize = 22;

/// A norm: an immutable string, stored in place when short.
#[derive(Clone)]
pub struct Norm(Repr);

/// Invariant: `Inline`'s `len <= INLINE`, and `bytes[..len]` is valid UTF-8 (copied from a
/// `&str`, at most with ASCII letters upper-cased, which keeps it valid); the bytes past
/// `len` are zero ([`Norm::head_len`] reads them).
#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Norm {
    /// `s` as it is.
    pub fn new(s: &str) -> Norm {
        match inline_copy(s) {
            Some((len, bytes)) => Norm(Repr::Inline { len, bytes }),
            None => Norm(Repr::Heap(s.into())),
        }
    }

    /// `s` with its ASCII letters upper-cased (other characters as they are), as
    /// `str::to_ascii_uppercase`.
    pub fn ascii_uppercase(s: &str) -> Norm {
        match inline_copy(s) {
            Some((len, mut bytes)) => {
                bytes[..usize::from(len)].make_ascii_uppercase();
                Norm(Repr::Inline { len, bytes })
            }
            None => Norm(Repr::Heap(s.to_ascii_uppercase().into_boxed_str())),
        }
    }

    /// The text `src` (bytes: any slice of a `str`, char boundaries or not) upper-cased
    /// and the case of its letters, when it is ASCII and fits in place (most tokens);
    /// `None` otherwise. Eight bytes at a time, without a branch per byte (see
    /// [`in_range`]).
    #[inline(always)]
    pub fn short_ascii_uppercase(src: &[u8]) -> Option<(Norm, Case)> {
        if src.len() > INLINE {
            return None;
        }
        // Zero bytes past the end are neither letters nor above ASCII.
        let mut buf = copy_short(src);
        let mut high = 0u64;
        let mut any_lower = 0u64;
        let mut first_letter: Option<bool> = None;
        // Only the words the text reaches: one for most tokens.
        for chunk in buf.chunks_exact_mut(8).take(src.len().div_ceil(8)) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let w = u64::from_le_bytes(word);
            high |= w;
            let lower = in_range(w, b'a', b'z');
            let upper = in_range(w, b'A', b'Z');
            let letters = lower | upper;
            if first_letter.is_none() && letters != 0 {
                // Little-endian: the text's first byte is the word's lowest.
                first_letter = Some(upper >> letters.trailing_zeros() & 1 != 0);
            }
            any_lower |= lower;
            // The high bit of a lower-case letter, moved to bit 5, clears that bit.
            chunk.copy_from_slice(&(w ^ (lower >> 2)).to_le_bytes());
        }
        if high & HIGH_BITS != 0 {
            return None;
        }
        let case =
            Case { first_upper: first_letter == Some(true), all_upper: first_letter.is_some() && any_lower == 0 };
        let mut bytes = [0u8; INLINE];
        bytes.copy_from_slice(&buf[..INLINE]);
        // `src.len() <= INLINE < 256`; the bytes are ASCII.
        Some((Norm(Repr::Inline { len: src.len() as u8, bytes }), case))
    }

    /// [`Norm::short_ascii_uppercase`] of a text of at most eight ASCII bytes given as
    /// one word (the first byte in the lowest, zeros past the end) and its letters
    /// ([`Letters::of`] the word): the tokenizer's words and punctuation of a few bytes,
    /// which it has read as a word, and classed, already.
    #[inline(always)]
    pub fn ascii_word_uppercase(w: u64, len: usize, letters: Letters) -> (Norm, Case) {
        debug_assert!(len <= 8 && w & HIGH_BITS == 0 && (len == 8 || w >> (8 * len) == 0));
        debug_assert!(letters == Letters::of(w));
        let Letters { lower, upper } = letters;
        let any = lower | upper;
        // Little-endian: the text's first byte is the word's lowest.
        let first_upper = any != 0 && upper >> any.trailing_zeros() & 1 != 0;
        let case = Case { first_upper, all_upper: any != 0 && lower == 0 };
        let mut bytes = [0u8; INLINE];
        // The high bit of a lower-case letter, moved to bit 5, clears that bit.
        bytes[..8].copy_from_slice(&(w ^ (lower >> 2)).to_le_bytes());
        // `len <= 8`.
        (Norm(Repr::Inline { len: len as u8, bytes }), case)
    }

    /// The first eight bytes (zeros past the end, the first in the lowest byte) and the
    /// length: one load and one variant test for an inline norm (a quick filter's key,
    /// [`super::starts::StartFilter`]).
    #[inline]
    pub fn head_len(&self) -> (u64, usize) {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let mut word = [0u8; 8];
                word.copy_from_slice(&bytes[..8]);
                (u64::from_le_bytes(word), usize::from(*len))
            }
            Repr::Heap(s) => {
                let mut word = [0u8; 8];
                let n = s.len().min(8);
                word[..n].copy_from_slice(&s.as_bytes()[..n]);
                (u64::from_le_bytes(word), s.len())
            }
        }
    }

    /// The first sixteen bytes (zeros past the end, the first in the lowest byte) and
    /// the length, for a norm stored in place; `None` for a longer one. One load: the
    /// phrase indexes' keys of short words are these bytes ([`crate::dict::compiled`]).
    #[inline(always)]
    pub fn head16_len(&self) -> Option<(u128, usize)> {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let mut word = [0u8; 16];
                word.copy_from_slice(&bytes[..16]);
                Some((u128::from_le_bytes(word), usize::from(*len)))
            }
            Repr::Heap(_) => None,
        }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: the invariant of `Repr`: `len <= INLINE` and `bytes[..len]` is valid
            // UTF-8. Norms are read many times per sentence: checking again on every read
            // would cost more than the allocation saved.
            Repr::Inline { len, bytes } => unsafe {
                std::str::from_utf8_unchecked(bytes.get_unchecked(..usize::from(*len)))
            },
            Repr::Heap(s) => s,
        }
    }
}

/// `src` (at most 24 bytes) at the front of a zeroed buffer. Fixed-size copies, two of
/// them overlapping where the length falls between: a copy of `src.len()` bytes is a
/// call to `memcpy`, which cost about as much as the rest of making a token's norm.
#[inline(always)]
fn copy_short(src: &[u8]) -> [u8; 24] {
    let mut buf = [0u8; 24];
    let n = src.len();
    if n >= 8 {
        buf[..8].copy_from_slice(&src[..8]);
        if n > 16 {
            buf[8..16].copy_from_slice(&src[8..16]);
        }
        buf[n - 8..n].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        buf[..4].copy_from_slice(&src[..4]);
        buf[n - 4..n].copy_from_slice(&src[n - 4..]);
    } else if n >= 2 {
        buf[..2].copy_from_slice(&src[..2]);
        buf[n - 2..n].copy_from_slice(&src[n - 2..]);
    } else if n == 1 {
        buf[0] = src[0];
    }
    buf
}

/// The high bit of every byte of a word.
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` whose value is in `lo..=hi`, for bytes below 0x80
/// (`lo >= 1`): adding `0x80 - lo` to such a byte sets its high bit exactly when it is at
/// least `lo`, and never carries into the next byte.
#[inline]
pub(crate) const fn in_range(w: u64, lo: u8, hi: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_lo = w.wrapping_add(ONES * (0x80 - lo as u64));
    let above_hi = w.wrapping_add(ONES * (0x7f - hi as u64));
    at_least_lo & !above_hi & HIGH_BITS
}

/// The letters of a word of bytes below 0x80, by case: the high bit of each byte that
/// is a lower-case / an upper-case ASCII letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Letters {
    pub lower: u64,
    pub upper: u64,
}

impl Letters {
    #[inline(always)]
    pub fn of(w: u64) -> Letters {
        Letters { lower: in_range(w, b'a', b'z'), upper: in_range(w, b'A', b'Z') }
    }

    /// The letters of the first `n` bytes (at most eight) alone.
    #[inline(always)]
    pub fn first(self, n: usize) -> Letters {
        let keep = if n >= 8 { u64::MAX } else { (1 << (8 * n)) - 1 };
        Letters { lower: self.lower & keep, upper: self.upper & keep }
    }
}

/// The case of a text's letters, as [`Norm::short_ascii_uppercase`] saw them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Case {
    /// The first letter is upper case (false when there is no letter).
    pub first_upper: bool,
    /// There is a letter and none is lower case.
    pub all_upper: bool,
}

/// `s`'s bytes in an inline buffer, when they fit.
#[inline]
fn inline_copy(s: &str) -> Option<(u8, [u8; INLINE])> {
    let len = s.len();
    if len > INLINE {
        return None;
    }
    // Fixed-size copies ([`copy_short`]): a copy of `len` bytes was a call to `memcpy`.
    let mut bytes = [0u8; INLINE];
    bytes.copy_from_slice(&copy_short(s.as_bytes())[..INLINE]);
    // `len <= INLINE < 256`.
    Some((len as u8, bytes))
}

impl From<String> for Norm {
    fn from(s: String) -> Norm {
        match inline_copy(&s) {
            Some((len, bytes)) => Norm(Repr::Inline { len, bytes }),
            None => Norm(Repr::Heap(s.into_boxed_str())),
        }
    }
}

impl From<&str> for Norm {
    fn from(s: &str) -> Norm {
        Norm::new(s)
    }
}

impl Deref for Norm {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Norm {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Norm {
    fn eq(&self, other: &Norm) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Norm {}

impl PartialEq<str> for Norm {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Norm {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for Norm {
    /// As a string's, so that a token prints as it did when its norm was a `String`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Norm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// As a string's, so that it agrees with `Eq` and with `str`'s hash.
impl std::hash::Hash for Norm {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Default for Norm {
    fn default() -> Norm {
        Norm::new("")
    }
}

impl PartialEq<String> for Norm {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Norm> for String {
    fn eq(&self, other: &Norm) -> bool {
        self == other.as_str()
    }
}

impl From<Norm> for String {
    fn from(norm: Norm) -> String {
        match norm.0 {
            Repr::Heap(s) => s.into_string(),
            Repr::Inline { .. } => norm.as_str().to_string(),
        }
    }
}

impl From<&String> for Norm {
    fn from(s: &String) -> Norm {
        Norm::new(s)
    }
}

/// As a string: an event's JSON is what it was when its codes were `String`s.
impl serde::Serialize for Norm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_read_back() {
        for s in ["", "A", "ERDOGAN", "'S", "...", "ПУТИН", "北京", &"X".repeat(INLINE), &"Y".repeat(INLINE + 1)]
        {
            assert_eq!(Norm::new(s).as_str(), s);
            assert_eq!(Norm::from(s.to_string()).as_str(), s);
            assert_eq!(&*Norm::from(s), s);
        }
        assert!(matches!(Norm::new(&"X".repeat(INLINE)).0, Repr::Inline { .. }));
        assert!(matches!(Norm::new(&"X".repeat(INLINE + 1)).0, Repr::Heap(_)));
    }

    #[test]
    fn ascii_uppercase_matches_str() {
        for s in ["hamas", "Al-Qaeda's", "3g", "Erdoğan", "x", "", "long-hyphenated-word-of-many-letters"] {
            assert_eq!(Norm::ascii_uppercase(s).as_str(), s.to_ascii_uppercase());
        }
    }

    #[test]
    fn short_ascii_uppercase_matches_the_long_way() {
        for s in ["hamas", "Hamas", "US", "3G", "3d", "iPhone", "'S", "...", "", "Al-Qaeda's", &"x".repeat(INLINE)] {
            let (norm, case) = Norm::short_ascii_uppercase(s.as_bytes()).unwrap();
            assert_eq!(norm.as_str(), s.to_ascii_uppercase());
            let first = s.bytes().find(u8::is_ascii_alphabetic);
            assert_eq!(case.first_upper, first.is_some_and(|b| b.is_ascii_uppercase()), "{s}");
            assert_eq!(case.all_upper, first.is_some() && !s.bytes().any(|b| b.is_ascii_lowercase()), "{s}");
        }
        // Every ASCII character at every place of an inline norm, after a letter of
        // either case or a digit.
        for b in 0u8..128 {
            for first in ["a", "A", "1"] {
                for at in 1..INLINE {
                    let s = format!("{first}{}{}", "-".repeat(at - 1), char::from(b));
                    let (norm, case) = Norm::short_ascii_uppercase(s.as_bytes()).unwrap();
                    assert_eq!(norm.as_str(), s.to_ascii_uppercase());
                    let lower = s.bytes().any(|b| b.is_ascii_lowercase());
                    let letter = s.bytes().find(u8::is_ascii_alphabetic);
                    assert_eq!(case.first_upper, letter.is_some_and(|l| l.is_ascii_uppercase()), "{s:?}");
                    assert_eq!(case.all_upper, letter.is_some() && !lower, "{s:?}");
                }
            }
        }
        assert!(Norm::short_ascii_uppercase("Erdoğan".as_bytes()).is_none());
        assert!(Norm::short_ascii_uppercase("xxxxxxxxxxxxxxxxxxxxğ".as_bytes()).is_none());
        assert!(Norm::short_ascii_uppercase("x".repeat(INLINE + 1).as_bytes()).is_none());
        // Part of a character (a token never is): not ASCII either.
        assert!(Norm::short_ascii_uppercase(&"ğ".as_bytes()[..1]).is_none());
        // Every length up to the inline limit, with a byte above ASCII at the end or not.
        for n in 0..=INLINE {
            let s = "aB3-".repeat(6)[..n].to_string();
            assert_eq!(Norm::short_ascii_uppercase(s.as_bytes()).unwrap().0.as_str(), s.to_ascii_uppercase());
            let mut bytes = s.into_bytes();
            if let Some(last) = bytes.last_mut() {
                *last = 0xc4;
                assert!(Norm::short_ascii_uppercase(&bytes).is_none());
            }
        }
    }

    #[test]
    fn ascii_words_read_as_the_bytes_do() {
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for a in 1..128u8 {
            texts.push(vec![a]);
            for b in 1..128u8 {
                texts.push(vec![a, b]);
            }
        }
        for s in ["said", "Hamas", "US", "3G", "iPhone", "a1B2c3D4", "x9", "NATO'S"] {
            texts.push(s.as_bytes().to_vec());
        }
        for text in texts.iter().filter(|t| t.len() <= 8) {
            let mut word = [0u8; 8];
            word[..text.len()].copy_from_slice(text);
            let w = u64::from_le_bytes(word);
            let got = Norm::ascii_word_uppercase(w, text.len(), Letters::of(w));
            let want = Norm::short_ascii_uppercase(text).unwrap();
            assert_eq!(got, want, "{text:?}");
            assert_eq!(got.0.head_len(), want.0.head_len(), "{text:?}: zeros past the end");
        }
    }

    #[test]
    fn compares_and_prints_as_a_string() {
        let n = Norm::new("SAID");
        assert!(n == "SAID" && n == *"SAID" && n != "SAY" && n == Norm::ascii_uppercase("said"));
        assert_eq!(format!("{n:?} {n}"), "\"SAID\" SAID");
        // A norm costs no more room in a token than the `String` it replaces.
        assert_eq!(std::mem::size_of::<Norm>(), std::mem::size_of::<String>());
    }

    #[test]
    fn head_len_is_the_first_eight_bytes_and_the_length() {
        let first8 = |s: &str| {
            let mut w = [0u8; 8];
            let n = s.len().min(8);
            w[..n].copy_from_slice(&s.as_bytes()[..n]);
            u64::from_le_bytes(w)
        };
        let long = "Z".repeat(INLINE + 3);
        for s in ["", "A", "SAID", "ERDOGAN", "INTERNATIONAL", "ПУТИН", long.as_str()] {
            assert_eq!(Norm::new(s).head_len(), (first8(s), s.len()), "{s}");
            let upper = s.to_lowercase().to_ascii_uppercase();
            assert_eq!(Norm::ascii_uppercase(&s.to_lowercase()).head_len(), (first8(&upper), upper.len()));
        }
        for s in ["said", "Hamas", "x", "a-b-c-d-e-f"] {
            let (norm, _) = Norm::short_ascii_uppercase(s.as_bytes()).unwrap();
            assert_eq!(norm.head_len(), (first8(&s.to_ascii_uppercase()), s.len()), "{s}");
        }
    }

    #[test]
    fn copy_short_copies_every_length_and_zeroes_the_rest() {
        let text: Vec<u8> = (1..=24).collect();
        for n in 0..=24 {
            let buf = copy_short(&text[..n]);
            assert_eq!(&buf[..n], &text[..n], "length {n}");
            assert!(buf[n..].iter().all(|&b| b == 0), "length {n}");
        }
    }

    #[test]
    fn event_strings_serialise_and_convert_as_strings() {
        let long = "X".repeat(INLINE + 5);
        for s in ["USAGOV", "", long.as_str()] {
            let n = Norm::new(s);
            assert_eq!(serde_json::to_string(&n).unwrap(), serde_json::to_string(s).unwrap());
            assert_eq!(String::from(n.clone()), s);
            let owned = s.to_string();
            assert_eq!(n, owned);
            assert_eq!(owned, n);
        }
    }
}
