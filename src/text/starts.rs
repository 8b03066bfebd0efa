//! A quick test of whether a norm may be one of a set of words or start with one of a
//! set of prefixes, from its first bytes and its length: no hashing of the whole norm,
//! no lookup. False positives only (two bit tables); a caller that scans every token
//! for a few hundred phrases (the discard scan) runs its real lookup only where this
//! passes.

use super::norm::Norm;

/// Bits per table: a few hundred keys set about one bit in forty.
const BITS: u32 = 14;
/// Words of each table.
const WORDS: usize = 1 << (BITS - 6);
/// Prefixes are keyed by at most their first this many bytes.
const PREFIX_KEY: usize = 4;

#[derive(Clone, Debug)]
pub struct StartFilter {
    /// By the first eight bytes and the length of a whole word.
    words: Box<[u64; WORDS]>,
    /// By the first `key_len` bytes of a prefix.
    prefixes: Box<[u64; WORDS]>,
    /// The shortest prefix's length, at most [`PREFIX_KEY`] (`usize::MAX` without
    /// prefixes): one key length, so that a norm costs one test of each table.
    key_len: usize,
    /// The mask of a head's first `key_len` bytes.
    key_mask: u64,
}

impl StartFilter {
    /// A filter passing the norms equal to one of `words` or starting with one of
    /// `prefixes` (and a few others).
    pub fn new(words: &[&str], prefixes: &[&str]) -> StartFilter {
        let mut filter = StartFilter {
            words: Box::new([0; WORDS]),
            prefixes: Box::new([0; WORDS]),
            key_len: usize::MAX,
            key_mask: 0,
        };
        for word in words {
            set(&mut filter.words, slot(head(word.as_bytes()), word.len()));
        }
        if let Some(shortest) = prefixes.iter().map(|p| p.len()).min() {
            filter.key_len = shortest.min(PREFIX_KEY);
            filter.key_mask = low_bytes(filter.key_len);
            for prefix in prefixes {
                set(&mut filter.prefixes, slot(head(prefix.as_bytes()) & filter.key_mask, filter.key_len));
            }
        }
        filter
    }

    /// False when `norm` is none of the words and starts with none of the prefixes.
    #[inline]
    pub fn may_match(&self, norm: &Norm) -> bool {
        let (head, len) = norm.head_len();
        is_set(&self.words, slot(head, len))
            || len >= self.key_len && is_set(&self.prefixes, slot(head & self.key_mask, self.key_len))
    }
}

/// The first eight bytes of `bytes` (zeros past its end), the first in the lowest byte.
fn head(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    let n = bytes.len().min(8);
    word[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(word)
}

/// The mask of the `k` (0 to 8) lowest bytes.
fn low_bytes(k: usize) -> u64 {
    match k {
        0 => 0,
        _ => u64::MAX >> (64 - 8 * k.min(8)),
    }
}

/// A table bit for first bytes `head` and a length: a multiplicative hash.
#[inline]
fn slot(head: u64, len: usize) -> usize {
    ((head ^ (len as u64).rotate_right(8)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as usize
}

fn set(table: &mut [u64; WORDS], slot: usize) {
    table[slot / 64 % WORDS] |= 1 << (slot % 64);
}

#[inline]
fn is_set(table: &[u64; WORDS], slot: usize) -> bool {
    // `slot < 1 << BITS`: the remainder costs nothing and spares a bounds check.
    table[slot / 64 % WORDS] & 1 << (slot % 64) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_prefixes_pass() {
        let f = StartFilter::new(&["AT", "INTERNATIONAL"], &["CHAMPION", "1945"]);
        for yes in ["AT", "INTERNATIONAL", "CHAMPION", "CHAMPIONSHIPS", "1945", "19456"] {
            assert!(f.may_match(&Norm::new(yes)), "{yes}");
        }
        for word in ["INTERNATIONAL", "CHAMPIONSHIPS"] {
            assert!(f.may_match(&Norm::new(word)));
        }
        // Most others fail (the tables are sparse; these collide with nothing).
        for no in ["ATTACK", "A", "", "INTERNATIONALS", "CHA", "194", "1995", "SAID", "THE"] {
            assert!(!f.may_match(&Norm::new(no)), "{no}");
        }
        assert!(!StartFilter::new(&[], &[]).may_match(&Norm::new("X")));
    }

    #[test]
    fn long_norms_and_the_empty_prefix() {
        let long = "X".repeat(40);
        assert!(StartFilter::new(&[&long], &[]).may_match(&Norm::new(&long)));
        let all = StartFilter::new(&[], &["", "LONGER"]);
        for norm in ["ANYTHING", "", "X"] {
            assert!(all.may_match(&Norm::new(norm)), "{norm}");
        }
    }
}
