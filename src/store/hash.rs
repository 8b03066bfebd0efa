//! Stable hashes (the same in every build and on every machine, unlike the standard library's
//! hasher): content hashes of normalised text, MinHash signatures with LSH band keys for
//! near-duplicates, and the dictionary version.

/// Signature length, LSH rows per band, and shingle length in words.
pub const HASHES: usize = 128;
pub const ROWS: usize = 4;
pub const BANDS: usize = HASHES / ROWS;
pub const SHINGLE: usize = 5;
/// Texts with fewer shingles than this are only compared exactly.
pub const MIN_SHINGLES: usize = 20;
/// Estimated Jaccard similarity of shingle sets from which two texts are near-duplicates.
pub const NEAR_THRESHOLD: f64 = 0.5;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a over bytes, from a seed.
pub fn fnv(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// splitmix64 finaliser.
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Lower-cased alphanumeric words: the normalised text.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

/// 128-bit hash of the normalised text (words, lower case, single spaces), as 32 hex digits.
/// Case, punctuation and white space do not change it.
pub fn content_hash(words: &[String]) -> String {
    let mut a = FNV_OFFSET;
    let mut b = mix(FNV_OFFSET);
    for w in words {
        a = fnv(a, w.as_bytes());
        a = fnv(a, b" ");
        b = fnv(b, w.as_bytes()) ^ mix(b);
    }
    format!("{:016x}{:016x}", mix(a), mix(b ^ words.len() as u64))
}

/// Per-slot seeds of the MinHash family.
const SEEDS: [u64; HASHES] = {
    let mut seeds = [0u64; HASHES];
    let mut i = 0;
    while i < HASHES {
        // splitmix64 of the slot number, computed at compile time.
        let mut x = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seeds[i] = x ^ (x >> 31);
        i += 1;
    }
    seeds
};

/// MinHash signature of the word 5-gram shingles, or `None` for a text too short to compare
/// other than exactly.
pub fn minhash(words: &[String]) -> Option<Vec<u64>> {
    if words.len() < MIN_SHINGLES + SHINGLE - 1 {
        return None;
    }
    let mut signature = vec![u64::MAX; HASHES];
    for shingle in words.windows(SHINGLE) {
        let mut h = FNV_OFFSET;
        for w in shingle {
            h = fnv(h, w.as_bytes());
            h = fnv(h, b" ");
        }
        // One strong mix per shingle, then a cheap odd-multiplier family per slot.
        let h = mix(h);
        for (i, slot) in signature.iter_mut().enumerate() {
            let v = (h ^ SEEDS[i]).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let v = v ^ (v >> 32);
            if v < *slot {
                *slot = v;
            }
        }
    }
    Some(signature)
}

/// The LSH key of each band of a signature, as SQLite integers.
pub fn band_keys(signature: &[u64]) -> Vec<i64> {
    signature.chunks(ROWS).map(|rows| rows.iter().fold(FNV_OFFSET, |h, v| fnv(h, &v.to_le_bytes())) as i64).collect()
}

/// Estimated Jaccard similarity of two signatures.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / HASHES as f64
}

/// The candidate most similar to `signature` at or above [`NEAR_THRESHOLD`] (the first of
/// equals), or `None`.
pub fn best_match(signature: &[u64], candidates: impl IntoIterator<Item = (i64, Vec<u64>)>) -> Option<i64> {
    let mut best: Option<(i64, f64)> = None;
    for (id, other) in candidates {
        let j = similarity(signature, &other);
        if j >= NEAR_THRESHOLD && best.is_none_or(|(_, bj)| j > bj) {
            best = Some((id, j));
        }
    }
    best.map(|(id, _)| id)
}

/// A signature as bytes (little-endian u64s) and back.
pub fn signature_bytes(signature: &[u64]) -> Vec<u8> {
    signature.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn signature_from_bytes(bytes: &[u8]) -> Vec<u64> {
    bytes.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect()
}

/// The dictionary version: a hash of everything the coder was given (every entry with its
/// origin file and line, options excluded), as `d` + 16 hex digits. The same dictionaries give
/// the same version in every run; any change to an entry changes it.
pub fn dict_version(dicts: &crate::dict::Dictionaries) -> String {
    let mut debug = format!("{dicts:?}");
    // Reading warnings are not part of what codes.
    if let Some(at) = debug.rfind(", warnings: [") {
        debug.truncate(at);
    }
    format!("d{:016x}", mix(fnv(FNV_OFFSET, debug.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_ignores_case_and_punctuation() {
        let a = content_hash(&words("Putin met Trump. They talked!"));
        let b = content_hash(&words("putin  met trump -- they talked"));
        assert_eq!(a, b);
        assert_ne!(a, content_hash(&words("Putin met Xi. They talked!")));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn near_texts_are_similar() {
        let text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen \
                    fifteen sixteen seventeen eighteen nineteen twenty twentyone twentytwo twentythree \
                    twentyfour twentyfive twentysix twentyseven twentyeight twentynine thirty";
        let a = minhash(&words(text)).unwrap();
        let b = minhash(&words(&text.replace("thirty", "forty"))).unwrap();
        assert!(similarity(&a, &b) > 0.7);
        assert_eq!(signature_from_bytes(&signature_bytes(&a)), a);
        assert!(minhash(&words("too short")).is_none());
    }
}
