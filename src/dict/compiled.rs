//! Dictionaries compiled into indexes for matching token sequences.
//!
//! Matching is word-level: every phrase is indexed by its first word, so finding all
//! phrases that start at a token costs one hash lookup (plus one per prefix length
//! for TABARI stems), then a short comparison of the following words. Longest match
//! wins, and among equals the entry read last (user files override built-ins).

use std::cmp::Reverse;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::{Dictionaries, Element, Pattern, Phrase, Synset, Word, WordMode};
use crate::text::{norm::Norm, Token};

/// Phrases indexed by their first word.
///
/// Stems (TABARI's prefix words) are indexed by their first [`STEM_KEY`] characters,
/// so a token costs at most `STEM_KEY` lookups, whatever the stems' lengths. Phrases
/// starting with an exact word are indexed by their second word too: hundreds of
/// names start with "INTERNATIONAL" or "JOHN", and one lookup skips them all.
#[derive(Clone, Debug)]
pub struct PhraseIndex<T> {
    pub(super) entries: Vec<Entry<T>>,
    pub(super) exact: WordMap<Bucket>,
    /// By [`stem_key`] of their first characters.
    pub(super) stems: HashMap<u128, Vec<u32>>,
    /// `stem_keys[n]`: whether some stem key has `n` characters.
    pub(super) stem_keys: [bool; STEM_KEY + 1],
    /// Derived from `exact` and `stems` (not stored in the blob).
    pub(super) starts: Starts,
}

/// The first bytes a token needs for some phrase to start at it, as bit tables: most
/// tokens start no discard, synset or noun phrase, and a bit test or two rules them out
/// before any hashing (the discard scan tries every token). A false positive costs the
/// ordinary lookup, so the tables need only hold every start that can match. Exact
/// words and stems of three bytes or more go in a table of three-byte starts (5 bits of
/// each byte: letters and digits stay distinct enough), shorter stems in one of
/// two-byte starts (6 bits each).
///
/// A large index (the tens of thousands of actor names) holds the starts of most words
/// a text uses, so its tables would reject few tokens and cost every token a test:
/// past [`DENSE_STARTS`] three-byte starts the tables are not consulted. Its stems are
/// few (the Phoenix agents keep "a few stems"), so a table of the stem keys' first two
/// bytes alone still spares most tokens the stem lookups, one per key length.
#[derive(Clone, Debug)]
pub(super) struct Starts {
    three: Box<[u64]>,
    two: [u64; 64],
    /// The first two bytes of the stem keys (a row for a one-byte key).
    stems: [u64; 64],
    /// Three-byte starts set so far.
    count: usize,
}

/// One in sixteen of the three-byte starts.
const DENSE_STARTS: usize = 1 << 11;

impl Default for Starts {
    fn default() -> Self {
        Starts { three: vec![0; 1 << 9].into_boxed_slice(), two: [0; 64], stems: [0; 64], count: 0 }
    }
}

impl Starts {
    /// The tables of an index's lookup keys: its exact first words and stem keys.
    fn of(exact: &WordMap<Bucket>, stems: &HashMap<u128, Vec<u32>>) -> Starts {
        let mut starts = Starts::default();
        for (word, _) in exact.iter() {
            starts.add_word(word.as_bytes());
        }
        for key in stems.keys() {
            let packed = key.to_le_bytes();
            starts.add_stem(&packed[..usize::from(packed[15])]);
        }
        starts
    }

    /// Word and bit of the first three bytes (missing ones count as 0).
    #[inline]
    fn slot3(word: &[u8]) -> (usize, u64) {
        let byte = |i: usize| usize::from(word.get(i).copied().unwrap_or(0) & 31);
        (byte(0) << 4 | byte(1) >> 1, 1 << ((byte(1) & 1) << 5 | byte(2)))
    }

    /// Row and bit of the first two bytes (a missing second byte counts as 0).
    #[inline]
    fn slot2(word: &[u8]) -> (usize, u64) {
        let first = word.first().copied().unwrap_or(0);
        let second = word.get(1).copied().unwrap_or(0);
        (usize::from(first & 63), 1 << (second & 63))
    }

    /// A word a token must equal.
    fn add_word(&mut self, word: &[u8]) {
        let (at, bit) = Starts::slot3(word);
        if self.three[at] & bit == 0 {
            self.three[at] |= bit;
            self.count += 1;
        }
    }

    /// A prefix a token must start with (its first bytes suffice: a stem key is a
    /// stem's first characters).
    fn add_stem(&mut self, prefix: &[u8]) {
        match prefix {
            [] => self.stems = [u64::MAX; 64],
            [first] => self.stems[usize::from(first & 63)] = u64::MAX,
            _ => {
                let (row, bit) = Starts::slot2(prefix);
                self.stems[row] |= bit;
            }
        }
        match prefix {
            [] => self.two = [u64::MAX; 64],
            [first] => self.two[usize::from(first & 63)] = u64::MAX,
            [_, _] => {
                let (row, bit) = Starts::slot2(prefix);
                self.two[row] |= bit;
            }
            _ => self.add_word(prefix),
        }
    }

    /// False when no stem key starts `norm`, whatever the index's size.
    #[inline]
    fn may_start_stem(&self, norm: &str) -> bool {
        let (row, bit) = Starts::slot2(norm.as_bytes());
        self.stems[row] & bit != 0
    }

    #[inline]
    fn may_start(&self, norm: &str) -> bool {
        if self.count > DENSE_STARTS {
            return true;
        }
        let (at, bit) = Starts::slot3(norm.as_bytes());
        self.three[at] & bit != 0 || {
            let (row, bit) = Starts::slot2(norm.as_bytes());
            self.two[row] & bit != 0
        }
    }
}

pub(super) const STEM_KEY: usize = 3;

/// Words of at most this many bytes are packed into one integer ([`packed_word`]).
const PACKED_WORD: usize = 15;

/// A word's bytes and length in one integer, or `None` for a word longer than
/// [`PACKED_WORD`] bytes. Read with a few overlapping loads, no call: it runs once per
/// token and index lookup.
#[inline]
fn packed_word(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let n = bytes.len();
    let at8 = |i: usize| {
        bytes.get(i..i + 8).map_or(0, |b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    };
    let at4 = |i: usize| bytes.get(i..i + 4).map_or(0, |b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
    let (low, high) = match n {
        0 => (0, 0),
        // The first, middle and last bytes cover one to three.
        1..=3 => {
            let byte = |i: usize| u64::from(bytes[i]) << (8 * i);
            (byte(0) | byte(n / 2) | byte(n - 1), 0)
        }
        // Two overlapping 4-byte loads; the shared bytes are equal.
        4..=7 => (at4(0) | at4(n - 4) << (8 * (n - 4)), 0),
        8 => (at8(0), 0),
        // The last 8 bytes, shifted down to those past the first 8.
        9..=PACKED_WORD => (at8(0), at8(n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    // The top bit marks a packed word, so that no key is zero ([`PackedTable`]'s empty slot).
    Some(u128::from(low) | u128::from(high) << 64 | (n as u128 | 0x80) << 120)
}

/// [`packed_word`] of a token's norm: a norm stored in place holds its bytes with zeros
/// after them, which is the packed word but for the length byte. One load where packing
/// the text costs two or three and a dispatch on the length.
#[inline(always)]
pub(crate) fn packed_norm(norm: &Norm) -> Option<u128> {
    match norm.head16_len() {
        Some((head, n)) if n <= PACKED_WORD => Some(head | (n as u128 | 0x80) << 120),
        Some(_) => None,
        None => packed_word(norm),
    }
}

/// An open-addressing table from packed words ([`packed_word`]) to `u32`s, probed
/// linearly from a multiplicative hash's top bits and kept at most half full: a lookup
/// is a multiply and one or two 16-byte compares, against some 45 instructions for a
/// general hash map's probe (control bytes, group match, bit-mask walk).
#[derive(Clone, Debug, Default)]
struct PackedTable {
    /// Key halves and value; an empty slot has `high == 0` (no packed word does).
    slots: Vec<(u64, u64, u32)>,
    len: usize,
}

impl PackedTable {
    #[inline(always)]
    fn start(&self, low: u64, high: u64) -> usize {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let hash = (low ^ high.rotate_left(29)).wrapping_mul(K);
        // The top bits: as many as the (power of two) table needs.
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    #[inline(always)]
    fn get(&self, key: u128) -> Option<u32> {
        let (low, high) = (key as u64, (key >> 64) as u64);
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.start(low, high);
        loop {
            let (slot_low, slot_high, value) = self.slots[at & mask];
            if slot_high == high && slot_low == low {
                return Some(value);
            }
            if slot_high == 0 {
                return None;
            }
            at = (at & mask) + 1;
        }
    }

    /// Sets `key`'s value (`key` is a [`packed_word`]).
    fn insert(&mut self, key: u128, value: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow((self.len + 1) * 2);
        }
        let (low, high) = (key as u64, (key >> 64) as u64);
        let mask = self.slots.len() - 1;
        let mut at = self.start(low, high) & mask;
        while self.slots[at].1 != 0 {
            if self.slots[at].0 == low && self.slots[at].1 == high {
                self.slots[at].2 = value;
                return;
            }
            at = (at + 1) & mask;
        }
        self.slots[at] = (low, high, value);
        self.len += 1;
    }

    /// Room for `len` keys at most half full.
    fn grow(&mut self, len: usize) {
        let size = (len * 2).next_power_of_two().max(8);
        if size <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![(0, 0, 0); size]);
        self.len = 0;
        for (low, high, value) in old.into_iter().filter(|&(_, high, _)| high != 0) {
            self.insert(u128::from(low) | u128::from(high) << 64, value);
        }
    }
}

/// A map keyed by words, for the phrase indexes' lookups (one or two per token): a
/// word of up to [`PACKED_WORD`] bytes is looked up as one integer, hashed and compared
/// in a few instructions, where a string key costs a byte-wise hash and a `memcmp`
/// call. Longer words keep string keys. Entries stay in insertion order.
#[derive(Clone, Debug)]
pub(crate) struct WordMap<V> {
    entries: Vec<(Arc<str>, V)>,
    /// Index in `entries` by [`packed_word`].
    short: PackedTable,
    /// Index in `entries` of the longer words.
    long: HashMap<Arc<str>, u32>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap { entries: Vec::new(), short: PackedTable::default(), long: HashMap::default() }
    }
}

impl<V> WordMap<V> {
    pub(super) fn with_capacity(n: usize) -> WordMap<V> {
        let mut map = WordMap::default();
        map.reserve(n);
        map
    }

    pub(super) fn reserve(&mut self, n: usize) {
        self.entries.reserve(n);
        self.short.grow(self.entries.len() + n);
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (&Arc<str>, &V)> {
        self.entries.iter().map(|(word, value)| (word, value))
    }

    /// Always inlined into the lookups: a call's register spills cost as much as the
    /// probe. An empty map (most second-word maps) returns before packing the word.
    #[inline(always)]
    fn position(&self, word: &str) -> Option<usize> {
        if self.entries.is_empty() {
            return None;
        }
        let at = match packed_word(word) {
            Some(key) => self.short.get(key),
            None => self.long.get(word).copied(),
        };
        at.map(|at| at as usize)
    }

    /// [`WordMap::get`] for a token's norm, its key read in place ([`packed_norm`]).
    #[inline(always)]
    fn get_norm(&self, norm: &Norm) -> Option<&V> {
        self.get_packed(norm, packed_norm(norm))
    }

    #[inline(always)]
    pub(crate) fn get(&self, word: &str) -> Option<&V> {
        let at = self.position(word)?;
        self.entries.get(at).map(|(_, value)| value)
    }

    /// [`WordMap::get`] given `key`, the word's [`packed_word`] (from [`packed_norm`]).
    #[inline(always)]
    fn get_packed(&self, word: &str, key: Option<u128>) -> Option<&V> {
        if self.entries.is_empty() {
            return None;
        }
        let at = match key {
            Some(key) => self.short.get(key),
            None => self.long.get(word).copied(),
        }?;
        self.entries.get(at as usize).map(|(_, value)| value)
    }

    /// Generic as `HashMap::contains_key` is, so that callers written for a string-keyed
    /// map (`contains_key(*norm)`) read it unchanged.
    #[inline(always)]
    pub(crate) fn contains_key<Q: AsRef<str> + ?Sized>(&self, word: &Q) -> bool {
        self.position(word.as_ref()).is_some()
    }

    pub(super) fn get_mut(&mut self, word: &str) -> Option<&mut V> {
        let at = self.position(word)?;
        self.entries.get_mut(at).map(|(_, value)| value)
    }

    /// Sets `word`'s value, replacing any it had.
    pub(super) fn insert(&mut self, word: Arc<str>, value: V) {
        if let Some(old) = self.get_mut(&word) {
            *old = value;
            return;
        }
        let at = self.entries.len() as u32;
        match packed_word(&word) {
            Some(key) => self.short.insert(key, at),
            None => {
                self.long.insert(word.clone(), at);
            }
        }
        self.entries.push((word, value));
    }
}

/// The phrases starting with one exact word.
#[derive(Clone, Debug, Default)]
pub(super) struct Bucket {
    /// One-word phrases and those whose second word is a stem.
    pub(super) rest: Vec<u32>,
    /// The others, by each norm their second word matches.
    pub(super) by_second: WordMap<Vec<u32>>,
    /// The [`second_bit`] of every key of `by_second` (derived, not stored in the blob).
    pub(super) seconds: u64,
}

impl Bucket {
    /// A bucket from its stored parts (`blob`), with the derived `seconds`.
    pub(super) fn new(rest: Vec<u32>, by_second: WordMap<Vec<u32>>) -> Bucket {
        let seconds = by_second.iter().fold(0, |bits, (word, _)| bits | second_bit(word));
        Bucket { rest, by_second, seconds }
    }

    fn add(&mut self, id: u32, phrase: &Phrase) {
        match phrase.words.get(1) {
            Some(second) if second.mode != WordMode::Stem => each_form(second, |norm| {
                self.seconds |= second_bit(norm.as_str());
                // Looked up by text first: a plural is copied only for a new key.
                match self.by_second.get_mut(norm.as_str()) {
                    Some(ids) => ids.push(id),
                    None => self.by_second.insert(norm.to_arc(), vec![id]),
                }
            }),
            _ => self.rest.push(id),
        }
    }

    /// False when no phrase of this bucket can match with `second` as its second word:
    /// `rest` is empty and `second`'s bit is in no key of `by_second`. Half the tokens
    /// have a bucket in the Phoenix actor index ("THE", "PRESIDENT"), and most buckets
    /// are of phrases of two words or more whose second word is not the next token: a
    /// bit test spares those the lookup of the second word, and the call.
    #[inline(always)]
    fn may_match(&self, second: Option<&str>) -> bool {
        !self.rest.is_empty() || second.is_some_and(|second| self.seconds & second_bit(second) != 0)
    }
}

/// A bit of 64 for a word, from its first two bytes (a missing second byte counts as
/// 0): a word's and an equal key's bits are the same.
#[inline(always)]
fn second_bit(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let pair = u32::from(bytes.first().copied().unwrap_or(0)) | u32::from(bytes.get(1).copied().unwrap_or(0)) << 8;
    1 << (pair.wrapping_mul(0x9E37_79B9) >> 26)
}

#[derive(Clone, Debug)]
pub(super) struct Entry<T> {
    pub(super) value: T,
    pub(super) phrase: Phrase,
    pub(super) weight: usize,
}

/// A phrase found in the token sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<T> {
    pub value: T,
    /// Number of tokens covered.
    pub len: usize,
    /// Literal characters in the phrase (to prefer specific matches).
    pub weight: usize,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            entries: Vec::new(),
            exact: WordMap::default(),
            stems: HashMap::default(),
            stem_keys: [false; STEM_KEY + 1],
            starts: Starts::default(),
        }
    }
}

impl<T> PhraseIndex<T> {
    /// An index from its stored parts (`blob`), with the derived [`Starts`] table.
    pub(super) fn from_parts(
        entries: Vec<Entry<T>>,
        exact: WordMap<Bucket>,
        stems: HashMap<u128, Vec<u32>>,
        stem_keys: [bool; STEM_KEY + 1],
    ) -> PhraseIndex<T> {
        let starts = Starts::of(&exact, &stems);
        PhraseIndex { entries, exact, stems, stem_keys, starts }
    }
}

impl<T: Copy> PhraseIndex<T> {
    pub fn new() -> PhraseIndex<T> {
        PhraseIndex::default()
    }

    pub fn insert(&mut self, phrase: &Phrase, value: T) {
        let Some(first) = phrase.words.first() else {
            return;
        };
        let id = self.entries.len() as u32;
        self.entries.push(Entry { value, phrase: phrase.clone(), weight: phrase.weight() });
        match first.mode {
            WordMode::Stem => {
                let key = char_prefix(&first.text, STEM_KEY);
                self.stem_keys[key.chars().count()] = true;
                self.starts.add_stem(key.as_bytes());
                self.stems.entry(stem_key(key)).or_default().push(id);
            }
            WordMode::Exact => self.add_exact(Form::Word(&first.text), id, phrase),
            // Only a phrase's last word takes a plural.
            WordMode::Noun if phrase.words.len() > 1 => self.add_exact(Form::Word(&first.text), id, phrase),
            WordMode::Noun => each_form(first, |form| self.add_exact(form, id, phrase)),
        }
    }

    /// Files phrase `id` under the exact first word `word`.
    fn add_exact(&mut self, word: Form<'_>, id: u32, phrase: &Phrase) {
        self.starts.add_word(word.as_str().as_bytes());
        // Looked up by text first: a plural is copied only for a new key.
        match self.exact.get_mut(word.as_str()) {
            Some(bucket) => bucket.add(id, phrase),
            None => {
                let mut bucket = Bucket::default();
                bucket.add(id, phrase);
                self.exact.insert(word.to_arc(), bucket);
            }
        }
    }

    /// Room for `phrases` more phrases: the Phoenix actors' tens of thousands, grown entry by
    /// entry, were copied over and over.
    pub fn reserve(&mut self, phrases: usize) {
        self.entries.reserve(phrases);
        self.exact.reserve(phrases);
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every phrase matching at `norms[0]`, in no particular order.
    ///
    /// Inlined down to the first-bytes test: most tokens start no phrase of a small
    /// index (the discard scan tries every token), and they return without a call.
    #[inline]
    pub fn each_at<S: AsRef<str>>(&self, norms: &[S], mut f: impl FnMut(Found<T>)) {
        if self.may_start_at(norms) {
            self.visit(norms, |entry, len| f(Found { value: entry.value, len, weight: entry.weight }));
        }
    }

    /// False when no phrase can start at `norms[0]` (see [`Starts`]).
    #[inline]
    fn may_start_at<S: AsRef<str>>(&self, norms: &[S]) -> bool {
        !self.entries.is_empty() && norms.first().is_some_and(|first| self.starts.may_start(first.as_ref()))
    }

    /// Each entry matching at `norms[0]`, with the number of tokens it covers, once
    /// [`PhraseIndex::may_start_at`] holds.
    #[inline(never)]
    fn visit<S: AsRef<str>>(&self, norms: &[S], f: impl FnMut(&Entry<T>, usize)) {
        let Some(first) = norms.first() else { return };
        let second = norms.get(1).map(AsRef::as_ref);
        self.visit_from(self.exact.get(first.as_ref()).filter(|b| b.may_match(second)), norms, f);
    }

    /// [`PhraseIndex::visit`] given the bucket of `norms[0]`, which the caller looked up.
    #[inline(never)]
    fn visit_bucket<S: AsRef<str>>(&self, bucket: Option<&Bucket>, norms: &[S], f: impl FnMut(&Entry<T>, usize)) {
        self.visit_from(bucket, norms, f);
    }

    /// Whether some stem may start `first`: most tokens start none.
    #[inline(always)]
    fn may_start_stem_at(&self, first: &str) -> bool {
        !self.stems.is_empty() && self.starts.may_start_stem(first)
    }

    #[inline(always)]
    fn visit_from<S: AsRef<str>>(&self, bucket: Option<&Bucket>, norms: &[S], mut f: impl FnMut(&Entry<T>, usize)) {
        let Some(first) = norms.first() else { return };
        let first = first.as_ref();
        let mut check = |ids: &[u32], known: usize| {
            for &id in ids {
                let entry = &self.entries[id as usize];
                if let Some(len) = entry.phrase.match_from(norms, known) {
                    f(entry, len);
                }
            }
        };
        if let Some(bucket) = bucket {
            // Most buckets of function words ("THE", "IN") hold no phrase here.
            if !bucket.rest.is_empty() {
                check(&bucket.rest, 1);
            }
            if let Some(ids) = norms.get(1).and_then(|second| bucket.by_second.get(second.as_ref())) {
                check(ids, 2);
            }
        }
        if !self.may_start_stem_at(first) {
            return;
        }
        for (n, used) in self.stem_keys.into_iter().enumerate() {
            if !used {
                continue;
            }
            let Some(end) = chars_end(first, n) else { break };
            if let Some(ids) = self.stems.get(&stem_key(&first[..end])) {
                check(ids, 0);
            }
        }
    }

    /// The longest phrase matching at `norms[0]`; ties go to the heavier, then the
    /// earlier-inserted entry.
    pub fn longest_at<S: AsRef<str>>(&self, norms: &[S]) -> Option<Found<T>> {
        self.longest_where(norms, |_, _| true)
    }

    /// [`PhraseIndex::longest_at`] among the phrases `accept` takes (given the phrase
    /// and the number of tokens it covers).
    #[inline]
    pub fn longest_where<S: AsRef<str>>(
        &self,
        norms: &[S],
        accept: impl Fn(&Phrase, usize) -> bool,
    ) -> Option<Found<T>> {
        self.longest_from(norms, |first| self.exact.get(first), accept)
    }

    /// [`PhraseIndex::longest_where`] given the first norm as the token holds it
    /// (`norms[0]` is its text), whose key costs one load ([`packed_norm`]).
    #[inline]
    pub fn longest_where_at<S: AsRef<str>>(
        &self,
        first: &Norm,
        norms: &[S],
        accept: impl Fn(&Phrase, usize) -> bool,
    ) -> Option<Found<T>> {
        self.longest_from(norms, |text| self.exact.get_packed(text, packed_norm(first)), accept)
    }

    /// [`PhraseIndex::longest_where`] with the first word's bucket from `bucket_of`.
    #[inline(always)]
    fn longest_from<'s, S: AsRef<str>>(
        &'s self,
        norms: &[S],
        bucket_of: impl FnOnce(&str) -> Option<&'s Bucket>,
        accept: impl Fn(&Phrase, usize) -> bool,
    ) -> Option<Found<T>> {
        if !self.may_start_at(norms) {
            return None;
        }
        // The first word's bucket is looked up here, not in the call: most tokens have
        // none, or one whose phrases cannot match the next word ([`Bucket::may_match`]),
        // and start no stem, and return without the call's cost (register saves, a frame).
        let first = norms.first()?.as_ref();
        let second = norms.get(1).map(AsRef::as_ref);
        let bucket = bucket_of(first).filter(|b| b.may_match(second));
        if bucket.is_none() && !self.may_start_stem_at(first) {
            return None;
        }
        let mut best: Option<Found<T>> = None;
        self.visit_bucket(bucket, norms, |entry, len| {
            // Entries are visited exact first, then stems; within each in insertion
            // order, so ties go to the earlier entry among exact or stem matches.
            let better = match &best {
                None => true,
                Some(b) => (len, entry.weight) > (b.len, b.weight),
            };
            if better && accept(&entry.phrase, len) {
                best = Some(Found { value: entry.value, len, weight: entry.weight });
            }
        });
        best
    }
}

/// Where the first `n` characters of `text` end, or `None` when it has fewer. Most
/// norms are ASCII, whose characters are bytes: no decoding.
fn chars_end(text: &str, n: usize) -> Option<usize> {
    match text.as_bytes().get(..n) {
        Some(start) if start.is_ascii() => Some(n),
        _ => text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).nth(n),
    }
}

/// The first `n` characters of `text` (all of it when shorter).
fn char_prefix(text: &str, n: usize) -> &str {
    &text[..chars_end(text, n).unwrap_or(text.len())]
}

/// A stem key (at most [`STEM_KEY`] characters, so at most 12 bytes) packed with its
/// length into an integer: hashed and compared faster than a string, and tried for
/// every token.
fn stem_key(key: &str) -> u128 {
    let bytes = key.as_bytes();
    let mut packed = [0u8; 16];
    packed[..bytes.len()].copy_from_slice(bytes);
    packed[15] = bytes.len() as u8;
    u128::from_le_bytes(packed)
}

/// What an actor-index phrase refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nominal {
    Actor(usize),
    Agent(usize),
}

/// A verb form's place: verb index and form index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerbRef {
    pub verb: usize,
    pub form: usize,
}

/// The compiled dictionaries the coder runs on.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub dicts: Dictionaries,
    pub nominals: PhraseIndex<Nominal>,
    /// Verb forms by their first word, longest form first: a [`WordMap`], since the
    /// clause splitting, the comma clauses and the verb search look most tokens up.
    pub(crate) verbs: WordMap<Vec<VerbRef>>,
    /// Pattern indexes per verb block, in the order the coder tries them ([`pattern_order`]).
    pub block_patterns: Vec<Vec<usize>>,
    /// What each pattern's literal elements need the sentence to hold, to rule most
    /// patterns out with a few bit tests. Stems are left out.
    pub(super) needs: Needs,
    /// Each verb block's patterns with their need lists, grouped for the coder's filter.
    pub(crate) block_needs: BlockNeeds,
    pub synsets: Vec<PhraseIndex<()>>,
    pub discards: PhraseIndex<usize>,
    pub nouns: PhraseIndex<()>,
    pub adjectives: PhraseIndex<()>,
}

impl Compiled {
    pub fn new(dicts: Dictionaries) -> Compiled {
        let mut nominals = PhraseIndex::new();
        let phrases: usize = dicts.actors.iter().map(|a| a.phrases.len()).sum::<usize>()
            + dicts.agents.iter().map(|a| a.phrases.len()).sum::<usize>();
        nominals.reserve(phrases);
        for (i, actor) in dicts.actors.iter().enumerate() {
            for p in &actor.phrases {
                nominals.insert(p, Nominal::Actor(i));
            }
        }
        for (i, agent) in dicts.agents.iter().enumerate() {
            for p in &agent.phrases {
                nominals.insert(p, Nominal::Agent(i));
            }
        }
        let mut verbs: HashMap<String, Vec<VerbRef>> = HashMap::default();
        for (v, verb) in dicts.verbs.iter().enumerate() {
            for (f, form) in verb.forms.iter().enumerate() {
                if let Some(first) = form.words.first() {
                    let refs = verbs.entry(first.clone()).or_default();
                    // A form belongs to the first verb that lists it, as in PETRARCH.
                    if !refs.iter().any(|r| dicts.verbs[r.verb].forms[r.form].words == form.words) {
                        refs.push(VerbRef { verb: v, form: f });
                    }
                }
            }
        }
        // Longest form first (stable: the dictionary's order among equals), the order
        // the coder tries them in, so that it need not sort them per token.
        for refs in verbs.values_mut() {
            refs.sort_by_key(|r| Reverse(dicts.verbs[r.verb].forms[r.form].words.len()));
        }
        let verbs = {
            let mut map = WordMap::with_capacity(verbs.len());
            for (first, refs) in verbs {
                map.insert(Arc::from(first), refs);
            }
            map
        };
        let block_patterns = pattern_order(&dicts);
        let synsets = dicts
            .synsets
            .iter()
            .map(|s| {
                let mut index = PhraseIndex::new();
                for p in &s.phrases {
                    index.insert(p, ());
                }
                index
            })
            .collect();
        let mut discards = PhraseIndex::new();
        for (i, d) in dicts.discards.iter().enumerate() {
            discards.insert(&d.phrase, i);
        }
        let mut nouns = PhraseIndex::new();
        for p in &dicts.nouns {
            nouns.insert(p, ());
        }
        let mut adjectives = PhraseIndex::new();
        for p in &dicts.adjectives {
            adjectives.insert(p, ());
        }
        let needs = Needs::new(&dicts);
        let block_needs = BlockNeeds::new(dicts.patterns.len(), &block_patterns, &needs);
        Compiled { dicts, nominals, verbs, block_patterns, needs, block_needs, synsets, discards, nouns, adjectives }
    }

    /// What the pattern words a sentence holds satisfy: the bit set of the need lists
    /// holding one of its words, for [`BlockNeeds::candidates`]. The bit after the last
    /// list's is always set: it stands for "no need" (`BlockNeeds::always`), so that a
    /// pattern with no need list passes the same bit test as the others.
    ///
    /// Read from the tokens: each norm's key is read in place ([`packed_norm`]).
    pub fn sentence_words(&self, tokens: &[Token]) -> Vec<u64> {
        self.need_lists_met(tokens.iter().map(|t| self.needs.words.get_norm(&t.norm)))
    }

    /// [`Compiled::sentence_words`] of words that are not a sentence's tokens (the
    /// dependency reading's, with singulars added).
    pub fn sentence_words_of(&self, norms: &[&str]) -> Vec<u64> {
        self.need_lists_met(norms.iter().map(|norm| self.needs.words.get(norm)))
    }

    /// The bit set of the need lists holding the words of `ids` (a need word's id, or
    /// `None` for a word no list holds), and the "no need" bit.
    #[inline(always)]
    fn need_lists_met<'w>(&self, ids: impl Iterator<Item = Option<&'w u32>>) -> Vec<u64> {
        let always = self.needs.list_ends.len();
        let mut bits = vec![0u64; (always + 1).div_ceil(64)];
        bits[always / 64] |= 1 << (always % 64);
        for &id in ids.flatten() {
            for &list in self.needs.lists_of(id) {
                bits[list as usize / 64] |= 1 << (list % 64);
            }
        }
        bits
    }

    /// The weights pattern `p` is tried by ([`pattern_order`]): with its synsets
    /// counted, then its literal words alone. Patterns that tie on both are tried in
    /// the dictionary's order, which PETRARCH-1's reading replaces by the sentence's.
    pub fn tried_weight(&self, p: usize) -> (usize, usize) {
        tried_weight(&self.dicts.patterns[p], |s| self.dicts.synsets.get(s).map_or(0, synset_weight))
    }
}

/// A list is common ([`BlockNeeds::new`]) when more than one pattern in this many
/// needs it.
const COMMON_LIST: usize = 64;

/// The need list that keys the run of entries starting `lists` (each entry's lists,
/// rarest first) and the run's length: the list of the first entry shared by the most
/// entries after it, the rarer among equals, but no common list while the entry has
/// another (a run keyed by TO would be present in most sentences).
fn run_key(lists: &[Vec<u32>], common: impl Fn(u32) -> bool) -> (u32, usize) {
    let first = &lists[0];
    let run = |key: u32| lists.iter().take_while(|entry| entry.contains(&key)).count();
    let mut best = (first[0], run(first[0]));
    for &key in &first[1..] {
        if common(key) && !common(best.0) {
            continue;
        }
        let len = run(key);
        if len > best.1 || common(best.0) && !common(key) {
            best = (key, len);
        }
    }
    best
}

/// [`Compiled::block_needs`]: each pattern's entry `[pattern, start, end]` (`entries`,
/// every block's in trying order, `start..end` its need lists in `rest`, but its run's
/// key), the runs of consecutive entries sharing a need list, their key ([`run_key`];
/// a run starts where the one before it ends), and per block its range of runs.
///
/// The coder tries a block's patterns in order and stops at the first that codes, so
/// the first lists are tested lazily, as the coder reaches them: scanning a block's
/// every first list up front (a bit set of the candidates) cost more than it saved with
/// the built-in dictionaries, whose verbs have up to thousands of patterns. Neighbours
/// that share a list are one run, ruled out by one bit test, and the search for the
/// next run present is a tight loop of a few instructions a run.
#[derive(Clone, Debug, Default)]
pub struct BlockNeeds {
    pub(super) blocks: Vec<(u32, u32)>,
    pub(super) runs: Vec<Run>,
    pub(super) entries: Vec<[u32; 3]>,
    pub(super) rest: Vec<u32>,
}

/// A run of [`BlockNeeds`]: the word and bit of its key in a sentence's need lists
/// ([`Compiled::sentence_words`]), split once here rather than at each test, and where
/// its entries end.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Run {
    pub(super) word: u32,
    pub(super) end: u32,
    pub(super) bit: u64,
}

/// [`BlockNeeds::candidates`]: the entries of a block not tried yet (from `entry` in
/// run `run`, to the end of the block's last run, `runs_end`), and the sentence's need
/// lists ([`Compiled::sentence_words`]) they are tested against.
#[derive(Clone)]
pub struct Candidates<'a> {
    entry: usize,
    run: usize,
    runs_end: usize,
    needs: &'a BlockNeeds,
    present: &'a [u64],
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    /// The next pattern whose need lists are all met: a run whose first list is
    /// missing is skipped whole, the entries of the others tested on their other lists.
    fn next(&mut self) -> Option<usize> {
        let has = |list: u32| self.present.get(list as usize / 64).is_some_and(|w| w >> (list % 64) & 1 != 0);
        while self.run < self.runs_end {
            // Most runs' lists are missing: a tight search for the next one present. A
            // `find` whose position is read from what it left, rather than `position`,
            // which kept a count in the loop.
            let runs = self.needs.runs.get(self.run..self.runs_end).unwrap_or_default();
            let present = |run: &&Run| self.present.get(run.word as usize).is_some_and(|w| w & run.bit != 0);
            let mut search = runs.iter();
            if search.find(present).is_none() {
                break;
            }
            let skipped = runs.len() - search.len() - 1;
            if skipped > 0 {
                self.run += skipped;
                self.entry = self.needs.runs[self.run - 1].end as usize;
            }
            let end = self.needs.runs[self.run].end as usize;
            let entries = self.needs.entries.get(self.entry..end).unwrap_or_default();
            for &[p, start, rest_end] in entries {
                self.entry += 1;
                let rest = self.needs.rest.get(start as usize..rest_end as usize).unwrap_or_default();
                if rest.iter().all(|&l| has(l)) {
                    return Some(p as usize);
                }
            }
            self.run += 1;
        }
        self.run = self.runs_end;
        None
    }
}

impl BlockNeeds {
    /// Each block's patterns in `block_patterns` order ([`Compiled::block_patterns`])
    /// with the need lists they must find met, for the coder to read per verb
    /// ([`BlockNeeds::candidates`]) instead of looking each pattern's needs up. Built
    /// with the other indexes, for the built-in dictionaries at build time: their 51,676
    /// patterns make it cost more than the rest of their load.
    fn new(patterns: usize, block_patterns: &[Vec<usize>], needs_of: &Needs) -> BlockNeeds {
        // The list id [`Compiled::sentence_words`] always marks present.
        let always = needs_of.list_ends.len() as u32;
        // Lists of the same words (one word read into two lists) count as one.
        let same = needs_of.same_words();
        let lists_of = |p: usize| {
            let mut lists: Vec<u32> = needs_of.of_pattern(p).iter().map(|&l| same[l as usize]).collect();
            lists.sort_unstable();
            lists.dedup();
            lists
        };
        // How many patterns need each list: a list many need is a common word (TO,
        // THAT, THE) that most sentences hold, so it rules out few of them.
        let mut users = vec![0u32; always as usize + 1];
        for p in 0..patterns {
            for l in lists_of(p) {
                users[l as usize] += 1;
            }
        }
        let common = |l: u32| users[l as usize] as usize * COMMON_LIST > patterns;
        let mut needs = BlockNeeds::default();
        for patterns in block_patterns {
            let runs_start = needs.runs.len() as u32;
            // Each pattern's lists, the ones fewest patterns need first, then the ones of
            // fewest words (the likeliest to be missing); `always` for a pattern with none.
            let lists: Vec<Vec<u32>> = patterns
                .iter()
                .map(|&p| {
                    let mut lists = lists_of(p);
                    lists.sort_by_key(|&l| (users[l as usize], needs_of.list(l).len()));
                    if lists.is_empty() {
                        lists.push(always);
                    }
                    lists
                })
                .collect();
            let mut from = 0;
            while from < patterns.len() {
                let (key, len) = run_key(&lists[from..], common);
                for (&p, lists) in patterns[from..from + len].iter().zip(&lists[from..from + len]) {
                    let start = needs.rest.len() as u32;
                    needs.rest.extend(lists.iter().filter(|&&l| l != key));
                    needs.entries.push([p as u32, start, needs.rest.len() as u32]);
                }
                needs.runs.push(Run { word: key / 64, end: needs.entries.len() as u32, bit: 1 << (key % 64) });
                from += len;
            }
            needs.blocks.push((runs_start, needs.runs.len() as u32));
        }
        needs
    }

    /// Whether `block` has no patterns (or does not exist).
    pub fn no_patterns(&self, block: usize) -> bool {
        self.blocks.get(block).is_none_or(|&(start, end)| start == end)
    }

    /// The patterns of `block` whose need lists a sentence satisfying `present` (from
    /// [`Compiled::sentence_words`]) meets, in trying order, found as they are asked
    /// for: the only ones that may match it.
    #[inline]
    pub fn candidates<'a>(&'a self, block: usize, present: &'a [u64]) -> Candidates<'a> {
        let (run, runs_end) = self.blocks.get(block).map_or((0, 0), |&(start, end)| (start as usize, end as usize));
        // A run's entries start where the run before it ends.
        let entry = run.checked_sub(1).and_then(|r| self.runs.get(r)).map_or(0, |run| run.end as usize);
        Candidates { entry, run, runs_end, needs: self, present }
    }
}

/// Pattern indexes per verb block, heaviest first counting synsets too: "&NEGATVAUXVRB * OVER
/// EFFORTS" is longer than "* OVER EFFORTS", as in PETRARCH and TABARI, although the dictionary
/// weight counts only literal words; a synset weighs as its shortest member. Among equals the
/// heavier literal text goes first, then the later entry (user overrides).
fn pattern_order(dicts: &Dictionaries) -> Vec<Vec<usize>> {
    let synset_weight: Vec<usize> = dicts.synsets.iter().map(synset_weight).collect();
    // The three descending keys packed, complemented, into one integer, so that one unstable
    // sort of plain integers gives the order (the keys are unique): a third of the load time
    // went to sorting before. Weights saturate at 16 bits, far above any dictionary's.
    let descending16 = |n: usize| u64::from(!u16::try_from(n).unwrap_or(u16::MAX));
    let mut keys = vec![Vec::new(); dicts.blocks.len()];
    for (i, p) in dicts.patterns.iter().enumerate() {
        let Some(list) = keys.get_mut(p.block) else { continue };
        let (total, literal) = tried_weight(p, |s| synset_weight.get(s).copied().unwrap_or(0));
        list.push(descending16(total) << 48 | descending16(literal) << 32 | u64::from(!(i as u32)));
    }
    keys.into_iter()
        .map(|mut list: Vec<u64>| {
            list.sort_unstable();
            list.into_iter().map(|key| !(key as u32) as usize).collect()
        })
        .collect()
}

/// A synset's weight in [`pattern_order`]: its shortest member's.
fn synset_weight(synset: &Synset) -> usize {
    synset.phrases.iter().map(Phrase::weight).min().unwrap_or(0)
}

/// A pattern's two weights in [`pattern_order`]: with its synsets counted (each as
/// `synset_weight` gives it), then its literal words alone.
fn tried_weight(pattern: &Pattern, synset_weight: impl Fn(usize) -> usize) -> (usize, usize) {
    let synsets: usize = (pattern.before.iter().chain(&pattern.after))
        .map(|item| match item.element {
            Element::Synset(s) => synset_weight(s),
            _ => 0,
        })
        .sum();
    (pattern.weight + synsets, pattern.weight)
}

/// The words each pattern needs, stored flat: a pattern holds a range of list ids, a
/// list holds a range of word ids. Lists are shared: every pattern using a word or a
/// synset points at the same list, so the tens of thousands of patterns that the
/// `{a|b}` alternatives expand to cost a few ids each, not a copy of every list.
#[derive(Clone, Debug, Default)]
pub(super) struct Needs {
    /// The norms pattern words match, by id: a [`WordMap`], since `sentence_words`
    /// looks every token up.
    pub(super) words: WordMap<u32>,
    /// `list_ends[l]`: where list `l` ends in `list_words` (it starts where `l - 1` ends).
    pub(super) list_ends: Vec<u32>,
    pub(super) list_words: Vec<u32>,
    /// `pattern_ends[p]`: where pattern `p`'s lists end in `pattern_lists`.
    pub(super) pattern_ends: Vec<u32>,
    pub(super) pattern_lists: Vec<u32>,
    /// `word_list_ends[w]`: where the lists holding word `w` end in `word_lists`, so
    /// that a sentence marks the lists it satisfies once, word by word, instead of
    /// each pattern test searching a synset's hundreds of words.
    pub(super) word_list_ends: Vec<u32>,
    pub(super) word_lists: Vec<u32>,
}

impl Needs {
    fn new(dicts: &Dictionaries) -> Needs {
        let mut needs = Needs::default();
        // List ids of pattern words, built once per word: keyed by where the word's
        // shared text lives (readers intern words), which hashes faster than the text.
        let mut exact: HashMap<*const u8, u32> = HashMap::default();
        let mut nouns: HashMap<*const u8, u32> = HashMap::default();
        // Each synset's norms once: thousands of patterns share a few synsets.
        let synsets: Vec<Option<u32>> = dicts
            .synsets
            .iter()
            .map(|s| {
                let mut ids = Vec::new();
                for phrase in &s.phrases {
                    let first = phrase.words.first()?;
                    if first.mode == WordMode::Stem {
                        return None;
                    }
                    ids.extend(word_forms(first).into_iter().map(|n| needs.word_id(n)));
                }
                Some(needs.add_list(ids))
            })
            .collect();
        needs.pattern_ends.reserve(dicts.patterns.len());
        for p in &dicts.patterns {
            for item in p.before.iter().chain(&p.after) {
                let list = match &item.element {
                    Element::Word(word) => {
                        let known = match word.mode {
                            WordMode::Stem => continue,
                            WordMode::Exact => &mut exact,
                            WordMode::Noun => &mut nouns,
                        };
                        let key = word.text.as_ptr();
                        match known.get(&key) {
                            Some(&list) => Some(list),
                            None => {
                                let ids = word_forms(word).into_iter().map(|n| needs.word_id(n)).collect();
                                let list = needs.add_list(ids);
                                known.insert(key, list);
                                Some(list)
                            }
                        }
                    }
                    Element::Synset(s) => synsets.get(*s).copied().flatten(),
                    _ => None,
                };
                if let Some(list) = list {
                    needs.pattern_lists.push(list);
                }
            }
            needs.pattern_ends.push(needs.pattern_lists.len() as u32);
        }
        needs.index_lists_by_word();
        needs
    }

    /// Fills `word_list_ends` and `word_lists` from the lists (a counting sort by word).
    fn index_lists_by_word(&mut self) {
        let mut counts = vec![0u32; self.words.len()];
        for &w in &self.list_words {
            counts[w as usize] += 1;
        }
        let mut ends = Vec::with_capacity(counts.len());
        let mut total = 0;
        for c in &counts {
            total += c;
            ends.push(total);
        }
        // Fill each word's range from its end backwards, lists in descending order.
        let mut next = ends.clone();
        let mut lists = vec![0u32; total as usize];
        for l in (0..self.list_ends.len() as u32).rev() {
            for &w in self.list(l) {
                next[w as usize] -= 1;
                lists[next[w as usize] as usize] = l;
            }
        }
        self.word_list_ends = ends;
        self.word_lists = lists;
    }

    /// The lists holding word `w`.
    fn lists_of(&self, w: u32) -> &[u32] {
        let w = w as usize;
        let start = if w == 0 { 0 } else { self.word_list_ends[w - 1] as usize };
        &self.word_lists[start..self.word_list_ends[w] as usize]
    }

    /// The id of a norm, new or known.
    fn word_id(&mut self, norm: Arc<str>) -> u32 {
        if let Some(&id) = self.words.get(&norm) {
            return id;
        }
        let next = self.words.len() as u32;
        self.words.insert(norm, next);
        next
    }

    /// Stores a list of word ids (sorted, without duplicates) and returns its id.
    fn add_list(&mut self, mut ids: Vec<u32>) -> u32 {
        ids.sort_unstable();
        ids.dedup();
        self.list_words.extend(ids);
        self.list_ends.push(self.list_words.len() as u32);
        self.list_ends.len() as u32 - 1
    }

    fn list(&self, list: u32) -> &[u32] {
        let l = list as usize;
        let start = if l == 0 { 0 } else { self.list_ends[l - 1] as usize };
        &self.list_words[start..self.list_ends[l] as usize]
    }

    /// For each list, the first list holding the same words (itself for most).
    fn same_words(&self) -> Vec<u32> {
        let mut first: HashMap<&[u32], u32> = HashMap::default();
        (0..self.list_ends.len() as u32).map(|l| *first.entry(self.list(l)).or_insert(l)).collect()
    }

    /// The lists pattern `p` needs: the sentence must hold a word of each.
    #[inline]
    fn of_pattern(&self, p: usize) -> &[u32] {
        let start = if p == 0 { 0 } else { self.pattern_ends[p - 1] as usize };
        &self.pattern_lists[start..self.pattern_ends[p] as usize]
    }
}

/// The norms an exact or noun word matches: the word and, for a noun, its regular
/// plurals.
fn word_forms(word: &Word) -> Vec<Arc<str>> {
    let mut forms = Vec::with_capacity(if word.mode == WordMode::Exact { 1 } else { 4 });
    each_form(word, |form| forms.push(form.to_arc()));
    forms
}

/// A norm a word matches ([`each_form`]): the word's own shared text, or a regular plural
/// built in a scratch buffer, copied only where an index keeps it.
#[derive(Clone, Copy)]
enum Form<'a> {
    Word(&'a Arc<str>),
    Plural(&'a str),
}

impl Form<'_> {
    fn as_str(&self) -> &str {
        match self {
            Form::Word(text) => text,
            Form::Plural(text) => text,
        }
    }

    fn to_arc(self) -> Arc<str> {
        match self {
            Form::Word(text) => text.clone(),
            Form::Plural(text) => text.into(),
        }
    }
}

/// Calls `f` with each norm an exact or noun word matches, as [`word_forms`] lists them,
/// without allocating: the phrase indexes look most of them up as keys they already hold
/// (this runs for every phrase of a large dictionary).
fn each_form(word: &Word, mut f: impl FnMut(Form<'_>)) {
    f(Form::Word(&word.text));
    if word.mode == WordMode::Exact {
        return;
    }
    let text = &*word.text;
    // The candidates `plural` chooses from; `matches` keeps the regular ones. Built on the
    // stack; a word too long for it (none in Phoenix) takes a `String`.
    let stem = text.strip_suffix('Y');
    let candidates = [(text, "S"), (text, "ES")].into_iter().chain(stem.map(|stem| (stem, "IES")));
    let mut stack = [0u8; 40];
    let mut heap = String::new();
    for (base, ending) in candidates {
        let len = base.len() + ending.len();
        let form = if len <= stack.len() {
            stack[..base.len()].copy_from_slice(base.as_bytes());
            stack[base.len()..len].copy_from_slice(ending.as_bytes());
            // Always valid: a `str` and an ASCII ending.
            std::str::from_utf8(&stack[..len]).unwrap_or_default()
        } else {
            heap.clear();
            heap.push_str(base);
            heap.push_str(ending);
            &heap
        };
        if word.matches(form) {
            f(Form::Plural(form));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Word;

    /// The word-wise scan finds, in trying order, exactly the patterns whose every need
    /// list a sentence meets, as testing each pattern's lists would.
    #[test]
    fn block_candidates_are_the_patterns_whose_needs_are_met() {
        let compiled = Compiled::builtin();
        let needs = &compiled.block_needs;
        let words: Vec<&str> = compiled.needs.words.iter().map(|(w, _)| &**w).collect();
        for step in [1, 3, 7, 50] {
            let sentence: Vec<&str> = words.iter().step_by(step).copied().collect();
            let present = compiled.sentence_words_of(&sentence);
            let has = |l: u32| present[l as usize / 64] >> (l % 64) & 1 != 0;
            for (block, patterns) in compiled.block_patterns.iter().enumerate() {
                let expected: Vec<usize> = patterns
                    .iter()
                    .copied()
                    .filter(|&p| compiled.needs.of_pattern(p).iter().all(|&l| has(l)))
                    .collect();
                let found: Vec<usize> = needs.candidates(block, &present).collect();
                assert_eq!(found, expected, "block {block}, every {step}th need word");
                assert_eq!(needs.no_patterns(block), patterns.is_empty());
            }
        }
    }

    /// A run is keyed by the first entry's list shared longest, the rarer among equals,
    /// and by a common list only when the entry has no other.
    #[test]
    fn run_keys_are_the_longest_shared_uncommon_lists() {
        let none = |_: u32| false;
        assert_eq!(run_key(&[vec![5, 1], vec![1, 7], vec![1], vec![9]], none), (1, 3));
        assert_eq!(run_key(&[vec![5, 1], vec![9]], none), (5, 1));
        let two = |l: u32| l == 2;
        assert_eq!(run_key(&[vec![2, 8], vec![2, 8], vec![2]], two), (8, 2));
        assert_eq!(run_key(&[vec![2], vec![2, 8], vec![3]], two), (2, 2));
    }

    #[test]
    fn chars_end_counts_characters() {
        assert_eq!(chars_end("ABC", 0), Some(0));
        assert_eq!(chars_end("ABC", 2), Some(2));
        assert_eq!(chars_end("ABC", 3), Some(3));
        assert_eq!(chars_end("ABC", 4), None);
        assert_eq!(chars_end("ÉCOLE", 2), Some(3));
        assert_eq!(chars_end("AÉ", 2), Some(3));
        assert_eq!(chars_end("AÉ", 3), None);
    }

    #[test]
    fn word_forms_are_the_regular_plurals() {
        let forms = |text: &str, mode| {
            let mut f: Vec<String> = word_forms(&Word::new(text, mode)).iter().map(|f| f.to_string()).collect();
            f.sort();
            f
        };
        assert_eq!(forms("CITY", WordMode::Noun), ["CITIES", "CITY", "CITYS"]);
        assert_eq!(forms("DAY", WordMode::Noun), ["DAY", "DAYS"]);
        assert_eq!(forms("BOX", WordMode::Noun), ["BOX", "BOXES", "BOXS"]);
        assert_eq!(forms("TALKS", WordMode::Exact), ["TALKS"]);
    }

    #[test]
    fn longest_match_wins() {
        let mut index = PhraseIndex::new();
        index.insert(&Phrase::new(vec![Word::new("WHITE", WordMode::Exact)]), 1);
        index.insert(&Phrase::new(vec![Word::new("WHITE", WordMode::Exact), Word::new("HOUSE", WordMode::Noun)]), 2);
        index.insert(&Phrase::new(vec![Word::new("ARGENTIN", WordMode::Stem)]), 3);
        assert_eq!(index.longest_at(&["WHITE", "HOUSE", "SAID"]).unwrap().value, 2);
        assert_eq!(index.longest_at(&["WHITE", "FLAG"]).unwrap().value, 1);
        assert_eq!(index.longest_at(&["ARGENTINIAN"]).unwrap().value, 3);
        assert!(index.longest_at(&["ARGENT"]).is_none());
    }

    #[test]
    fn start_tables_keep_every_match() {
        let mut index = PhraseIndex::new();
        index.insert(&Phrase::new(vec![Word::new("A", WordMode::Stem)]), 1);
        index.insert(&Phrase::new(vec![Word::new("US", WordMode::Exact)]), 2);
        index.insert(&Phrase::new(vec![Word::new("ÉTAT", WordMode::Stem)]), 3);
        index.insert(&Phrase::new(vec![Word::new("CITY", WordMode::Noun)]), 4);
        index.insert(&Phrase::new(vec![Word::new("K", WordMode::Exact)]), 5);
        assert_eq!(index.longest_at(&["ALLIES"]).unwrap().value, 1);
        assert_eq!(index.longest_at(&["US"]).unwrap().value, 2);
        assert_eq!(index.longest_at(&["ÉTATS"]).unwrap().value, 3);
        assert_eq!(index.longest_at(&["CITIES"]).unwrap().value, 4);
        assert_eq!(index.longest_at(&["K"]).unwrap().value, 5);
        for absent in ["USA", "BOX", "KA", "É"] {
            assert!(index.longest_at(&[absent]).is_none(), "{absent}");
        }
    }

    #[test]
    fn buckets_rule_out_only_second_words_of_no_phrase() {
        let mut index = PhraseIndex::new();
        let words = |text: &str| text.split(' ').map(|w| Word::new(w, WordMode::Exact)).collect::<Vec<_>>();
        index.insert(&Phrase::new(words("THE SHIRE")), 1);
        index.insert(&Phrase::new(words("THE WHITE HOUSE")), 2);
        index.insert(&Phrase::new(words("GONDOR")), 3);
        index.insert(&Phrase::new(words("GONDOR ARMY")), 4);
        let the = index.exact.get("THE").unwrap();
        assert!(the.may_match(Some("SHIRE")) && the.may_match(Some("WHITE")));
        assert!(!the.may_match(None) && !the.may_match(Some("")));
        // Phrases of one word match whatever follows.
        assert!(index.exact.get("GONDOR").unwrap().may_match(None));
        assert_eq!(index.longest_at(&["THE", "SHIRE"]).unwrap().value, 1);
        assert_eq!(index.longest_at(&["THE", "WHITE", "HOUSE"]).unwrap().value, 2);
        assert!(index.longest_at(&["THE", "WHITE", "FLAG"]).is_none());
        assert!(index.longest_at(&["THE", "TALKS"]).is_none());
        assert_eq!(index.longest_at(&["GONDOR", "ARMY"]).unwrap().value, 4);
        assert_eq!(index.longest_at(&["GONDOR", "SAID"]).unwrap().value, 3);
        // Read from the blob's parts, a bucket derives the same bits.
        let read = Bucket::new(the.rest.clone(), the.by_second.clone());
        assert_eq!(read.seconds, the.seconds);
    }

    #[test]
    fn packed_words_differ_when_the_words_do() {
        // Every length a packed word takes, and words differing in one byte anywhere.
        let mut words: Vec<String> = (0..=PACKED_WORD).map(|n| "A".repeat(n)).collect();
        for n in 1..=PACKED_WORD {
            for at in 0..n {
                let mut w = "A".repeat(n).into_bytes();
                w[at] = b'B';
                words.push(String::from_utf8(w).unwrap());
            }
        }
        let keys: rustc_hash::FxHashSet<u128> = words.iter().map(|w| packed_word(w).unwrap()).collect();
        assert_eq!(keys.len(), words.len());
        assert!(keys.iter().all(|&k| k >> 64 != 0), "no key reads as an empty slot");
        assert_eq!(packed_word(&"A".repeat(PACKED_WORD + 1)), None);
    }

    #[test]
    fn norms_pack_as_their_strings() {
        use crate::text::norm::INLINE;
        // Every length in place and beyond, ASCII and not, and norms made each way.
        let mut words: Vec<String> = (0..=INLINE + 2).map(|n| "QWERTYUIOPASDFGHJKLZXCVBNM"[..n].to_string()).collect();
        words.extend(["É", "ÉTAT", "CÔTE-D'IVOIRE", "ÉÉÉÉÉÉÉÉ"].map(String::from));
        for word in &words {
            let norms = [Norm::new(word), Norm::ascii_uppercase(&word.to_lowercase()), Norm::from(word.clone())];
            for norm in norms.iter().filter(|n| n.as_str() == word) {
                assert_eq!(packed_norm(norm), packed_word(word), "{word}");
            }
        }
        let mut map = WordMap::default();
        for (i, word) in words.iter().enumerate() {
            map.insert(Arc::from(word.as_str()), i);
        }
        for (i, word) in words.iter().enumerate() {
            assert_eq!(map.get_norm(&Norm::new(word)), Some(&i), "{word}");
        }
        assert_eq!(map.get_norm(&Norm::new("ABSENT")), None);
        let mut index = PhraseIndex::new();
        index.insert(&Phrase::new(vec![Word::new("UN", WordMode::Exact)]), 1);
        let found = index.longest_where_at(&Norm::new("UN"), &["UN"], |_, _| true);
        assert_eq!(found.map(|f| f.value), Some(1));
    }

    #[test]
    fn sentence_words_of_tokens_and_of_strings_agree() {
        let compiled = Compiled::builtin();
        let text = "Israeli forces killed 3 militants near the border, officials said on Tuesday.";
        let tokens = crate::text::tokenize(text, crate::span::Span::new(0, text.len()));
        let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(compiled.sentence_words(&tokens), compiled.sentence_words_of(&norms));
    }

    #[test]
    fn word_map_finds_short_and_long_words_and_replaces_values() {
        let long = "PEACEKEEPING-MISSIONS";
        let mut map = WordMap::with_capacity(2);
        for (value, word) in ["", "UN", "SAID", "NEGOTIATORS", long].iter().enumerate() {
            map.insert(Arc::from(*word), value);
        }
        // More keys than reserved: the table grows and keeps them all.
        for n in 1..40 {
            map.insert(Arc::from(format!("W{n}")), 100 + n);
        }
        assert_eq!(map.get("UN"), Some(&1));
        assert_eq!(map.get(long), Some(&4));
        assert_eq!(map.get("W39"), Some(&139));
        assert_eq!(map.get("US"), None);
        assert_eq!(map.get("PEACEKEEPING-MISSION"), None);
        map.insert(Arc::from("UN"), 7);
        assert_eq!((map.get("UN"), map.len()), (Some(&7), 44));
    }
}
