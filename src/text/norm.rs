//! A token's norm (its dictionary form) as a string kept inside the token.
//!
//! Nearly every norm is a word of a few letters. A `String` per token cost a heap
//! allocation when the token was made and a free when the article was dropped: about
//! half of the tokenizer's instructions. A [`Norm`] of up to [`INLINE`] bytes is stored
//! in place (the size of a `String`), a longer one on the heap. It reads as a `&str`
//! (`Deref`, [`Norm::as_str`]) and compares with strings, so callers use it as one.

use std::fmt;
use std::ops::Deref;

/// The longest norm stored in place: what fits beside the length and the variant tag
/// in the 24 bytes of a `String`.
pub const INLINE: usize = 22;

/// A norm: an immutable string, stored in place when short.
#[derive(Clone)]
pub struct Norm(Repr);

/// Invariant: `Inline`'s `len <= INLINE`, and `bytes[..len]` is valid UTF-8 (copied from a
/// `&str`, at most with ASCII letters upper-cased, which keeps it valid).
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

    /// `s` upper-cased and the case of its letters, in one pass over its bytes, when
    /// it is ASCII and fits in place (most tokens); `None` otherwise.
    #[inline]
    pub fn short_ascii_uppercase(s: &str) -> Option<(Norm, Case)> {
        let src = s.as_bytes();
        if src.len() > INLINE {
            return None;
        }
        let mut bytes = [0u8; INLINE];
        let mut first_letter = 0u8;
        let mut any_lower = false;
        for (to, &b) in bytes.iter_mut().zip(src) {
            if b >= 0x80 {
                return None;
            }
            let lower = b.is_ascii_lowercase();
            if first_letter == 0 && b.is_ascii_alphabetic() {
                first_letter = b;
            }
            any_lower |= lower;
            // Clearing bit 5 upper-cases an ASCII lower-case letter.
            *to = if lower { b & !0x20 } else { b };
        }
        let case = Case { first_upper: first_letter.is_ascii_uppercase(), all_upper: first_letter != 0 && !any_lower };
        // `src.len() <= INLINE < 256`; the bytes are ASCII.
        Some((Norm(Repr::Inline { len: src.len() as u8, bytes }), case))
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
    let mut bytes = [0u8; INLINE];
    bytes[..len].copy_from_slice(s.as_bytes());
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
            let (norm, case) = Norm::short_ascii_uppercase(s).unwrap();
            assert_eq!(norm.as_str(), s.to_ascii_uppercase());
            let first = s.bytes().find(u8::is_ascii_alphabetic);
            assert_eq!(case.first_upper, first.is_some_and(|b| b.is_ascii_uppercase()), "{s}");
            assert_eq!(case.all_upper, first.is_some() && !s.bytes().any(|b| b.is_ascii_lowercase()), "{s}");
        }
        assert!(Norm::short_ascii_uppercase("Erdoğan").is_none());
        assert!(Norm::short_ascii_uppercase(&"x".repeat(INLINE + 1)).is_none());
    }

    #[test]
    fn compares_and_prints_as_a_string() {
        let n = Norm::new("SAID");
        assert!(n == "SAID" && n == *"SAID" && n != "SAY" && n == Norm::ascii_uppercase("said"));
        assert_eq!(format!("{n:?} {n}"), "\"SAID\" SAID");
        // A norm costs no more room in a token than the `String` it replaces.
        assert_eq!(std::mem::size_of::<Norm>(), std::mem::size_of::<String>());
    }
}
