//! The built-in dictionaries in binary form: read, merged and compiled once, by `build.rs`, and
//! decoded at start in a few milliseconds instead of parsing ~700 KB of text and building the
//! coder's indexes (issue 3).
//!
//! The format is private to one build (`build.rs` writes it with [`encode`], the binary decodes it
//! with [`decode`] or [`decode_compiled`]; both compile this file), so it has no version. It is a
//! sequence of unsigned LEB128 numbers, after a string table:
//!
//! - the table: the number of strings, each string's end offset, then the strings' UTF-8 bytes
//!   concatenated. Every string of the dictionaries (words, names, codes, pattern texts, file
//!   names, warnings) is stored there once and written elsewhere as its table index, so the
//!   decoder allocates each shared text (`Arc<str>`) once, as the text readers intern them;
//! - then the sections of [`Dictionaries`] in field order; a list is its length then its items;
//!   an `Option` is 0 for `None`, else 1 then the value (numbers: the value + 1); a `bool` is 0
//!   or 1; an enum is its variant number then its fields. Patterns, nine tenths of the blob, are
//!   packed tighter (see [`Writer::patterns`]);
//! - then the indexes [`Compiled::new`] builds from them (see [`Writer::indexes`]), which
//!   [`decode`] skips: merging user dictionaries renumbers the entries, so only a run on the
//!   built-ins alone can use them. The byte lengths of the two parts follow the string table.
//!
//! Encoder and decoder destructure every struct whole, so a new field fails to compile here until
//! the format carries it.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::compiled::{
    BlockNeeds, Bucket, Compiled, Entry, Needs, Nominal, PhraseIndex, Run, VerbRef, WordMap, STEM_KEY,
};
use super::{
    Actor, Agent, AgentPlacement, DatedCode, Dictionaries, Discard, Element, EventSpec, Origin, Pattern, PatternItem,
    Phrase, Synset, Verb, VerbBlock, VerbForm, Word, WordMode,
};

/// A blob that does not decode: a build bug (the encoder and decoder disagree), never user input.
#[derive(Debug, thiserror::Error)]
#[error("built-in dictionary blob, byte {offset}: {problem}")]
pub struct BlobError {
    offset: usize,
    problem: &'static str,
}

/// Compiled dictionaries as [`decode_compiled`] reads them (and their entries as [`decode`]
/// does).
pub fn encode(compiled: &Compiled) -> Vec<u8> {
    // A first pass counts each string's uses, so that the most used (pattern words such as "TO")
    // get the ids below 128, written in one byte.
    let mut first = Writer::default();
    first.dictionaries(&compiled.dicts);
    first.indexes(compiled);
    let mut by_use: Vec<usize> = (0..first.strings.len()).collect();
    by_use.sort_by_key(|&id| std::cmp::Reverse(first.uses[id]));
    let mut body = Writer::default();
    for id in by_use {
        body.add_string(first.strings[id]);
    }
    body.dictionaries(&compiled.dicts);
    let dicts_len = body.bytes.len();
    body.indexes(compiled);
    let mut out = Writer::default();
    out.number(body.strings.len());
    let mut end = 0;
    for s in &body.strings {
        end += s.len();
        out.number(end);
    }
    for s in &body.strings {
        out.bytes.extend_from_slice(s.as_bytes());
    }
    out.number(dicts_len);
    out.number(body.bytes.len() - dicts_len);
    out.bytes.extend_from_slice(&body.bytes);
    out.bytes
}

/// Reads the dictionaries [`encode`] wrote, without their indexes.
pub fn decode(blob: &[u8]) -> Result<Dictionaries, BlobError> {
    let (mut reader, dicts_end) = Reader::open(blob)?;
    let dicts = reader.dictionaries()?;
    reader.expect_at(dicts_end, "the dictionaries' length differs from the header")?;
    Ok(dicts)
}

/// Reads what [`encode`] wrote: the dictionaries and their indexes.
pub fn decode_compiled(blob: &[u8]) -> Result<Compiled, BlobError> {
    let (mut reader, dicts_end) = Reader::open(blob)?;
    let dicts = reader.dictionaries()?;
    reader.expect_at(dicts_end, "the dictionaries' length differs from the header")?;
    let compiled = reader.indexes(dicts)?;
    reader.expect_at(blob.len(), "bytes left after the indexes")?;
    Ok(compiled)
}

#[derive(Default)]
struct Writer<'a> {
    bytes: Vec<u8>,
    strings: Vec<&'a str>,
    string_ids: std::collections::HashMap<&'a str, usize>,
    /// `uses[id]`: how many times string `id` was written.
    uses: Vec<usize>,
}

impl<'a> Writer<'a> {
    fn number(&mut self, n: usize) {
        self.wide(n as u128);
    }

    fn wide(&mut self, mut n: u128) {
        while n >= 0x80 {
            self.bytes.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    /// A list of ids as 4 little-endian bytes each, which decode in one pass (see
    /// [`Reader::ids`]).
    fn ids(&mut self, ids: &[u32]) {
        self.number(ids.len());
        for &id in ids {
            self.bytes.extend_from_slice(&id.to_le_bytes());
        }
    }

    fn flag(&mut self, b: bool) {
        self.number(usize::from(b));
    }

    fn optional_number(&mut self, n: Option<u32>) {
        self.number(n.map_or(0, |n| n as usize + 1));
    }

    /// The id of `s` in the string table, added if new.
    fn add_string(&mut self, s: &'a str) -> usize {
        let next = self.strings.len();
        let id = *self.string_ids.entry(s).or_insert(next);
        if id == next {
            self.strings.push(s);
            self.uses.push(0);
        }
        id
    }

    fn string(&mut self, s: &'a str) {
        let id = self.add_string(s);
        self.uses[id] += 1;
        self.number(id);
    }

    fn list<T>(&mut self, items: &'a [T], mut item: impl FnMut(&mut Self, &'a T)) {
        self.number(items.len());
        for i in items {
            item(self, i);
        }
    }

    fn dictionaries(&mut self, dicts: &'a Dictionaries) {
        // `disconnected` holds legacy dictionaries' phrases only, which the built-in set never has.
        let Dictionaries {
            actors,
            agents,
            synsets,
            blocks,
            verbs,
            patterns,
            discards,
            nouns,
            adjectives,
            disconnected: _,
            warnings,
        } = dicts;
        self.list(actors, Self::actor);
        self.list(agents, Self::agent);
        self.list(synsets, Self::synset);
        self.list(blocks, Self::block);
        self.list(verbs, Self::verb);
        self.patterns(patterns);
        self.list(discards, Self::discard);
        self.list(nouns, Self::phrase);
        self.list(adjectives, Self::phrase);
        self.list(warnings, |w, s| w.string(s));
    }

    fn origin(&mut self, origin: &'a Origin) {
        let Origin { file, line } = origin;
        self.string(file);
        self.number(*line);
    }

    fn word(&mut self, word: &'a Word) {
        let Word { text, mode } = word;
        self.string(text);
        self.number(match mode {
            WordMode::Exact => 0,
            WordMode::Noun => 1,
            WordMode::Stem => 2,
        });
    }

    fn phrase(&mut self, phrase: &'a Phrase) {
        let Phrase { words, capitals_only } = phrase;
        self.list(words, Self::word);
        self.flag(*capitals_only);
    }

    fn actor(&mut self, actor: &'a Actor) {
        let Actor { name, phrases, codes, known_to, origin } = actor;
        self.string(name);
        self.list(phrases, Self::phrase);
        self.list(codes, |w, c| {
            let DatedCode { code, from, to } = c;
            w.string(code);
            w.optional_number(*from);
            w.optional_number(*to);
        });
        self.optional_number(*known_to);
        self.origin(origin);
    }

    fn agent(&mut self, agent: &'a Agent) {
        let Agent { name, phrases, code, placement, origin } = agent;
        self.string(name);
        self.list(phrases, Self::phrase);
        self.string(code);
        self.number(match placement {
            AgentPlacement::After => 0,
            AgentPlacement::Before => 1,
        });
        self.origin(origin);
    }

    fn synset(&mut self, synset: &'a Synset) {
        let Synset { name, phrases, origin } = synset;
        self.string(name);
        self.list(phrases, Self::phrase);
        self.origin(origin);
    }

    fn event_spec(&mut self, spec: &'a EventSpec) {
        match spec {
            EventSpec::Event { code, reverse, subordinate, dominant } => {
                self.number(0);
                self.string(code);
                match reverse {
                    None => self.number(0),
                    Some(r) => {
                        self.number(1);
                        self.string(r);
                    }
                }
                self.flag(*subordinate);
                self.flag(*dominant);
            }
            EventSpec::Null => self.number(1),
            EventSpec::Discard => self.number(2),
            EventSpec::Complex => self.number(3),
        }
    }

    fn optional_event_spec(&mut self, spec: &'a Option<EventSpec>) {
        match spec {
            None => self.number(0),
            Some(spec) => {
                self.number(1);
                self.event_spec(spec);
            }
        }
    }

    fn block(&mut self, block: &'a VerbBlock) {
        let VerbBlock { name, code, origin } = block;
        self.string(name);
        self.optional_event_spec(code);
        self.origin(origin);
    }

    fn verb(&mut self, verb: &'a Verb) {
        let Verb { lemma, forms, block, code, origin } = verb;
        self.string(lemma);
        self.list(forms, |w, form| {
            let VerbForm { words, key } = form;
            w.list(words, |w, s| w.string(s));
            w.number(*key);
        });
        self.number(*block);
        self.optional_event_spec(code);
        self.origin(origin);
    }

    /// One number for the element's kind (a word's with its mode) and `adjacent_next`, then
    /// the word's text or the synset's index: a pattern has tens of thousands of items.
    fn pattern_item(&mut self, item: &'a PatternItem) {
        let PatternItem { element, adjacent_next } = item;
        let kind = match element {
            Element::Word(Word { mode: WordMode::Exact, .. }) => 0,
            Element::Word(Word { mode: WordMode::Noun, .. }) => 1,
            Element::Word(Word { mode: WordMode::Stem, .. }) => 2,
            Element::Synset(_) => 3,
            Element::Source => 4,
            Element::Target => 5,
            Element::Both => 6,
            Element::Skip => 7,
        };
        self.number(kind << 1 | usize::from(*adjacent_next));
        match element {
            Element::Word(Word { text, mode: _ }) => self.string(text),
            Element::Synset(s) => self.number(*s),
            Element::Source | Element::Target | Element::Both | Element::Skip => {}
        }
    }

    /// Patterns: most come from a line's `{a|b}` alternatives, which differ only in their
    /// elements and weight, so a pattern starts with 1 and its block, code, text and origin, or
    /// with 0 for those of the pattern before it.
    fn patterns(&mut self, patterns: &'a [Pattern]) {
        self.number(patterns.len());
        let mut previous: Option<&Pattern> = None;
        for pattern in patterns {
            let Pattern { block, before, before_adjacent, after, after_adjacent, code, weight, text, origin } = pattern;
            let shared = previous
                .is_some_and(|p| p.block == *block && p.code == *code && p.text == *text && p.origin == *origin);
            self.flag(!shared);
            if !shared {
                self.number(*block);
                self.event_spec(code);
                self.string(text);
                self.origin(origin);
            }
            self.pattern_items(before, *before_adjacent);
            self.pattern_items(after, *after_adjacent);
            self.number(*weight);
            previous = Some(pattern);
        }
    }

    /// A side of a pattern: its length and adjacency flag in one number, then its items.
    fn pattern_items(&mut self, items: &'a [PatternItem], adjacent: bool) {
        self.number(items.len() << 1 | usize::from(adjacent));
        for item in items {
            self.pattern_item(item);
        }
    }

    fn discard(&mut self, discard: &'a Discard) {
        let Discard { phrase, story, complex, origin } = discard;
        self.phrase(phrase);
        self.flag(*story);
        self.flag(*complex);
        self.origin(origin);
    }

    /// The indexes of [`Compiled`] in field order, after its dictionaries. Maps are their
    /// length then their pairs, in any order; id lists are raw (see [`Writer::ids`]).
    fn indexes(&mut self, compiled: &'a Compiled) {
        let Compiled {
            dicts: _,
            nominals,
            verbs,
            block_patterns,
            needs,
            block_needs,
            synsets,
            discards,
            nouns,
            adjectives,
        } = compiled;
        self.phrase_index(nominals, |w, nominal| match nominal {
            Nominal::Actor(i) => w.number(i << 1),
            Nominal::Agent(i) => w.number(i << 1 | 1),
        });
        self.number(verbs.len());
        for (first, refs) in verbs.iter() {
            self.string(first);
            self.list(refs, |w, r| {
                let VerbRef { verb, form } = r;
                w.number(*verb);
                w.number(*form);
            });
        }
        self.list(block_patterns, |w, list| w.ids(&list.iter().map(|&p| p as u32).collect::<Vec<_>>()));
        self.needs(needs);
        self.block_needs(block_needs);
        self.list(synsets, |w, index| w.phrase_index(index, |_, _| {}));
        self.phrase_index(discards, |w, d| w.number(*d));
        self.phrase_index(nouns, |_, _| {});
        self.phrase_index(adjectives, |_, _| {});
    }

    fn phrase_index<T>(&mut self, index: &'a PhraseIndex<T>, value: impl Fn(&mut Self, &'a T)) {
        // `starts` is derived from `exact` and `stems` when read.
        let PhraseIndex { entries, exact, stems, stem_keys, starts: _ } = index;
        self.list(entries, |w, entry| {
            let Entry { value: v, phrase, weight } = entry;
            value(w, v);
            w.phrase(phrase);
            w.number(*weight);
        });
        self.number(exact.len());
        for (word, bucket) in exact.iter() {
            // `seconds` is derived from `by_second` when read.
            let Bucket { rest, by_second, seconds: _ } = bucket;
            self.string(word);
            self.ids(rest);
            self.number(by_second.len());
            for (second, ids) in by_second.iter() {
                self.string(second);
                self.ids(ids);
            }
        }
        self.number(stems.len());
        for (key, ids) in stems {
            self.wide(*key);
            self.ids(ids);
        }
        for used in stem_keys {
            self.flag(*used);
        }
    }

    /// The need lists; the words in id order.
    fn needs(&mut self, needs: &'a Needs) {
        let Needs { words, list_ends, list_words, pattern_ends, pattern_lists, word_list_ends, word_lists } = needs;
        let mut by_id: Vec<&'a str> = vec![""; words.len()];
        for (word, &id) in words.iter() {
            by_id[id as usize] = &**word;
        }
        self.number(by_id.len());
        for word in by_id {
            self.string(word);
        }
        for ids in [list_ends, list_words, pattern_ends, pattern_lists, word_list_ends, word_lists] {
            self.ids(ids);
        }
    }

    /// The pattern filter's tables as flat id lists: a block is two ids, a run three (its
    /// key's bit as a shift), an entry three.
    fn block_needs(&mut self, needs: &'a BlockNeeds) {
        let BlockNeeds { blocks, runs, entries, rest } = needs;
        self.ids(&blocks.iter().flat_map(|&(start, end)| [start, end]).collect::<Vec<_>>());
        self.ids(&runs.iter().flat_map(|r| [r.word, r.end, r.bit.trailing_zeros()]).collect::<Vec<_>>());
        self.ids(&entries.concat());
        self.ids(rest);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The string table, each string allocated once and shared.
    strings: Vec<Arc<str>>,
}

type Read<T> = Result<T, BlobError>;

impl Reader<'_> {
    /// A reader past the string table and the header, and where the dictionaries end.
    fn open(blob: &[u8]) -> Read<(Reader<'_>, usize)> {
        let mut reader = Reader { bytes: blob, pos: 0, strings: Vec::new() };
        reader.string_table()?;
        let (dicts_len, indexes_len) = (reader.number()?, reader.number()?);
        let dicts_end = reader.pos.checked_add(dicts_len);
        if dicts_end.and_then(|end| end.checked_add(indexes_len)) != Some(blob.len()) {
            return Err(reader.error("the blob's length differs from its header"));
        }
        Ok((reader, dicts_end.unwrap_or_default()))
    }

    fn expect_at(&self, end: usize, problem: &'static str) -> Read<()> {
        if self.pos != end {
            return Err(self.error(problem));
        }
        Ok(())
    }

    fn error(&self, problem: &'static str) -> BlobError {
        BlobError { offset: self.pos, problem }
    }

    #[inline]
    fn number(&mut self) -> Read<usize> {
        // Most numbers are below 128: one byte.
        match self.bytes.get(self.pos) {
            Some(&byte) if byte < 0x80 => {
                self.pos += 1;
                Ok(usize::from(byte))
            }
            _ => self.long_number(),
        }
    }

    fn long_number(&mut self) -> Read<usize> {
        let n = self.wide()?;
        usize::try_from(n).map_err(|_| self.error("number too long"))
    }

    fn wide(&mut self) -> Read<u128> {
        let mut n = 0u128;
        let mut shift = 0;
        loop {
            let Some(&byte) = self.bytes.get(self.pos) else { return Err(self.error("ends inside a number")) };
            self.pos += 1;
            n |= u128::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(n);
            }
            shift += 7;
            if shift >= u128::BITS {
                return Err(self.error("number too long"));
            }
        }
    }

    /// The indexes' id lists: hundreds of thousands of ids, most above 127, decoded number
    /// by number took 13 M instructions.
    fn ids(&mut self) -> Read<Vec<u32>> {
        let len = self.number()?;
        let all = self.bytes;
        let end = len.checked_mul(4).and_then(|n| self.pos.checked_add(n));
        let Some(bytes) = end.and_then(|end| all.get(self.pos..end)) else {
            return Err(self.error("id list past the end"));
        };
        self.pos += bytes.len();
        Ok(bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
    }

    fn flag(&mut self) -> Read<bool> {
        match self.number()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.error("bad flag")),
        }
    }

    fn small(&mut self) -> Read<u32> {
        u32::try_from(self.number()?).map_err(|_| self.error("number over 32 bits"))
    }

    fn optional_number(&mut self) -> Read<Option<u32>> {
        Ok(self.small()?.checked_sub(1))
    }

    fn shared(&mut self) -> Read<Arc<str>> {
        let id = self.number()?;
        self.strings.get(id).cloned().ok_or_else(|| self.error("string id out of range"))
    }

    fn string(&mut self) -> Read<String> {
        let id = self.number()?;
        // Not `to_string`, which formats an `Arc<str>` through `Display`.
        self.strings.get(id).map(|s| String::from(&**s)).ok_or_else(|| self.error("string id out of range"))
    }

    /// A list's length, checked against what is left: every item takes at least one byte, so a
    /// bad length cannot reserve memory past the blob's size.
    fn length(&mut self) -> Read<usize> {
        let len = self.number()?;
        self.checked_length(len)
    }

    fn checked_length(&self, len: usize) -> Read<usize> {
        if len > self.bytes.len() - self.pos {
            return Err(self.error("list longer than the blob"));
        }
        Ok(len)
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let len = self.length()?;
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(item(self)?);
        }
        Ok(items)
    }

    fn string_table(&mut self) -> Read<()> {
        let ends = self.list(Self::number)?;
        let len = ends.last().copied().unwrap_or(0);
        let Some(text) = self.pos.checked_add(len).and_then(|end| self.bytes.get(self.pos..end)) else {
            return Err(self.error("string table past the end"));
        };
        // One UTF-8 check for the whole table; each string is whole, so its ends are boundaries.
        let text = std::str::from_utf8(text).map_err(|_| self.error("string table not UTF-8"))?;
        let mut start = 0;
        self.strings.reserve(ends.len());
        for end in ends {
            let Some(s) = text.get(start..end) else { return Err(self.error("bad string end")) };
            self.strings.push(s.into());
            start = end;
        }
        self.pos += len;
        Ok(())
    }

    fn dictionaries(&mut self) -> Read<Dictionaries> {
        Ok(Dictionaries {
            actors: self.list(Self::actor)?,
            agents: self.list(Self::agent)?,
            synsets: self.list(Self::synset)?,
            blocks: self.list(Self::block)?,
            verbs: self.list(Self::verb)?,
            patterns: self.patterns()?,
            discards: self.list(Self::discard)?,
            nouns: self.list(Self::phrase)?,
            adjectives: self.list(Self::phrase)?,
            disconnected: Vec::new(),
            warnings: self.list(Self::string)?,
        })
    }

    fn origin(&mut self) -> Read<Origin> {
        Ok(Origin { file: self.shared()?, line: self.number()? })
    }

    fn word(&mut self) -> Read<Word> {
        let text = self.shared()?;
        let mode = match self.number()? {
            0 => WordMode::Exact,
            1 => WordMode::Noun,
            2 => WordMode::Stem,
            _ => return Err(self.error("bad word mode")),
        };
        Ok(Word { text, mode })
    }

    fn phrase(&mut self) -> Read<Phrase> {
        Ok(Phrase { words: self.list(Self::word)?, capitals_only: self.flag()? })
    }

    fn actor(&mut self) -> Read<Actor> {
        Ok(Actor {
            name: self.string()?,
            phrases: self.list(Self::phrase)?,
            codes: self
                .list(|r| Ok(DatedCode { code: r.string()?, from: r.optional_number()?, to: r.optional_number()? }))?,
            known_to: self.optional_number()?,
            origin: self.origin()?,
        })
    }

    fn agent(&mut self) -> Read<Agent> {
        Ok(Agent {
            name: self.string()?,
            phrases: self.list(Self::phrase)?,
            code: self.string()?,
            placement: match self.number()? {
                0 => AgentPlacement::After,
                1 => AgentPlacement::Before,
                _ => return Err(self.error("bad agent placement")),
            },
            origin: self.origin()?,
        })
    }

    fn synset(&mut self) -> Read<Synset> {
        Ok(Synset { name: self.string()?, phrases: self.list(Self::phrase)?, origin: self.origin()? })
    }

    fn event_spec(&mut self) -> Read<EventSpec> {
        Ok(match self.number()? {
            0 => EventSpec::Event {
                code: self.string()?,
                reverse: if self.flag()? { Some(self.string()?) } else { None },
                subordinate: self.flag()?,
                dominant: self.flag()?,
            },
            1 => EventSpec::Null,
            2 => EventSpec::Discard,
            3 => EventSpec::Complex,
            _ => return Err(self.error("bad event spec")),
        })
    }

    fn optional_event_spec(&mut self) -> Read<Option<EventSpec>> {
        Ok(if self.flag()? { Some(self.event_spec()?) } else { None })
    }

    fn block(&mut self) -> Read<VerbBlock> {
        Ok(VerbBlock { name: self.string()?, code: self.optional_event_spec()?, origin: self.origin()? })
    }

    fn verb(&mut self) -> Read<Verb> {
        Ok(Verb {
            lemma: self.string()?,
            forms: self.list(|r| Ok(VerbForm { words: r.list(Self::string)?, key: r.number()? }))?,
            block: self.number()?,
            code: self.optional_event_spec()?,
            origin: self.origin()?,
        })
    }

    fn pattern_item(&mut self) -> Read<PatternItem> {
        let kind = self.number()?;
        let word = |r: &mut Self, mode| Ok::<_, BlobError>(Element::Word(Word { text: r.shared()?, mode }));
        let element = match kind >> 1 {
            0 => word(self, WordMode::Exact)?,
            1 => word(self, WordMode::Noun)?,
            2 => word(self, WordMode::Stem)?,
            3 => Element::Synset(self.number()?),
            4 => Element::Source,
            5 => Element::Target,
            6 => Element::Both,
            7 => Element::Skip,
            _ => return Err(self.error("bad pattern element")),
        };
        Ok(PatternItem { element, adjacent_next: kind & 1 == 1 })
    }

    fn patterns(&mut self) -> Read<Vec<Pattern>> {
        let len = self.length()?;
        let mut patterns: Vec<Pattern> = Vec::with_capacity(len);
        for _ in 0..len {
            let (block, code, text, origin) = match (self.flag()?, patterns.last()) {
                (true, _) => (self.number()?, self.event_spec()?, self.shared()?, self.origin()?),
                (false, Some(p)) => (p.block, p.code.clone(), p.text.clone(), p.origin.clone()),
                (false, None) => return Err(self.error("first pattern refers to the one before")),
            };
            let (before, before_adjacent) = self.pattern_items()?;
            let (after, after_adjacent) = self.pattern_items()?;
            let weight = self.number()?;
            patterns.push(Pattern {
                block,
                before,
                before_adjacent,
                after,
                after_adjacent,
                code,
                weight,
                text,
                origin,
            });
        }
        Ok(patterns)
    }

    fn pattern_items(&mut self) -> Read<(Vec<PatternItem>, bool)> {
        let head = self.number()?;
        let len = self.checked_length(head >> 1)?;
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(self.pattern_item()?);
        }
        Ok((items, head & 1 == 1))
    }

    fn discard(&mut self) -> Read<Discard> {
        Ok(Discard { phrase: self.phrase()?, story: self.flag()?, complex: self.flag()?, origin: self.origin()? })
    }

    /// What [`Writer::indexes`] wrote, around `dicts`. Fields are read in the order written.
    fn indexes(&mut self, dicts: Dictionaries) -> Read<Compiled> {
        Ok(Compiled {
            nominals: self.phrase_index(|r| {
                let n = r.number()?;
                Ok(if n & 1 == 0 { Nominal::Actor(n >> 1) } else { Nominal::Agent(n >> 1) })
            })?,
            verbs: self.word_map(|r| r.list(|r| Ok(VerbRef { verb: r.number()?, form: r.number()? })))?,
            block_patterns: self.list(|r| Ok(r.ids()?.into_iter().map(|p| p as usize).collect()))?,
            needs: self.needs()?,
            block_needs: self.block_needs()?,
            synsets: self.list(|r| r.phrase_index(|_| Ok(())))?,
            discards: self.phrase_index(Self::number)?,
            nouns: self.phrase_index(|_| Ok(()))?,
            adjectives: self.phrase_index(|_| Ok(()))?,
            dicts,
        })
    }

    fn map<K: std::hash::Hash + Eq, V>(
        &mut self,
        mut key: impl FnMut(&mut Self) -> Read<K>,
        mut value: impl FnMut(&mut Self) -> Read<V>,
    ) -> Read<FxHashMap<K, V>> {
        let len = self.length()?;
        let mut map = FxHashMap::with_capacity_and_hasher(len, Default::default());
        for _ in 0..len {
            let k = key(self)?;
            map.insert(k, value(self)?);
        }
        Ok(map)
    }

    fn word_map<V>(&mut self, mut value: impl FnMut(&mut Self) -> Read<V>) -> Read<WordMap<V>> {
        let len = self.length()?;
        let mut map = WordMap::with_capacity(len);
        for _ in 0..len {
            let word = self.shared()?;
            map.insert(word, value(self)?);
        }
        Ok(map)
    }

    fn phrase_index<T>(&mut self, mut value: impl FnMut(&mut Self) -> Read<T>) -> Read<PhraseIndex<T>> {
        let entries = self.list(|r| Ok(Entry { value: value(r)?, phrase: r.phrase()?, weight: r.number()? }))?;
        let exact = self.word_map(|r| Ok(Bucket::new(r.ids()?, r.word_map(Self::ids)?)))?;
        let stems = self.map(Self::wide, Self::ids)?;
        let mut stem_keys = [false; STEM_KEY + 1];
        for used in &mut stem_keys {
            *used = self.flag()?;
        }
        Ok(PhraseIndex::from_parts(entries, exact, stems, stem_keys))
    }

    fn needs(&mut self) -> Read<Needs> {
        let words = self.list(Self::shared)?;
        let mut by_word = WordMap::with_capacity(words.len());
        for (id, word) in (0..).zip(words) {
            by_word.insert(word, id);
        }
        Ok(Needs {
            words: by_word,
            list_ends: self.ids()?,
            list_words: self.ids()?,
            pattern_ends: self.ids()?,
            pattern_lists: self.ids()?,
            word_list_ends: self.ids()?,
            word_lists: self.ids()?,
        })
    }

    fn block_needs(&mut self) -> Read<BlockNeeds> {
        let blocks = self.ids()?;
        let runs = self.ids()?;
        let entries = self.ids()?;
        let rest = self.ids()?;
        if blocks.len() % 2 != 0 || runs.len() % 3 != 0 || entries.len() % 3 != 0 {
            return Err(self.error("pattern filter tables of the wrong length"));
        }
        let mut decoded_runs = Vec::with_capacity(runs.len() / 3);
        for run in runs.chunks_exact(3) {
            let bit = 1u64.checked_shl(run[2]).ok_or_else(|| self.error("pattern filter bit past 63"))?;
            decoded_runs.push(Run { word: run[0], end: run[1], bit });
        }
        Ok(BlockNeeds {
            blocks: blocks.chunks_exact(2).map(|b| (b[0], b[1])).collect(),
            runs: decoded_runs,
            entries: entries.chunks_exact(3).map(|e| [e[0], e[1], e[2]]).collect(),
            rest,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::article::{Article, Sentence};
    use crate::coder::Coder;
    use crate::dict::native;
    use crate::span::Span;
    use crate::text::tokenize;

    /// The built-in files parsed from text at run time, as `Dictionaries::builtin` did before
    /// the blob: name order, each entry naming its file alone.
    fn builtin_from_text() -> Dictionaries {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dict/builtin");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "detente"))
            .collect();
        files.sort();
        let mut dicts = Dictionaries::default();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            dicts.merge(native::read_str(&text, &path.file_name().unwrap().to_string_lossy()));
        }
        dicts
    }

    #[test]
    fn builtin_blob_holds_what_the_text_says() {
        let text = builtin_from_text();
        let blob = Dictionaries::builtin();
        assert!(!blob.patterns.is_empty());
        // Debug prints every field of every entry (shared strings by their text).
        assert!(format!("{text:?}") == format!("{blob:?}"), "the blob differs from data/dict/builtin");
    }

    #[test]
    fn builtin_blob_codes_the_corpus_as_the_text_does() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/events_corpus.tsv");
        let suite = crate::validate::read_suite(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (from_text, from_blob) = (Coder::new(builtin_from_text()), Coder::new(Dictionaries::builtin()));
        let precompiled = Coder::builtin();
        let mut events = 0;
        for record in &suite.records {
            let coded = |coder: &Coder| {
                let mut article = Article::new(record.text.as_str(), record.date.parse().ok());
                let span = Span::new(0, article.text.len());
                article.sentences = vec![Sentence { span, tokens: tokenize(&article.text, span), skipped: None }];
                coder.code_sentences(&mut article);
                article.events
            };
            let expected = coded(&from_text);
            assert_eq!(coded(&from_blob), expected, "{}", record.text);
            assert_eq!(coded(&precompiled), expected, "precompiled: {}", record.text);
            events += expected.len();
        }
        assert!(events > suite.records.len() / 2, "only {events} events coded");
    }

    #[test]
    fn every_kind_of_entry_round_trips() {
        let text = "actor RUS = Russia | Russian\nactor USAGOV@2025-01-20.., USAELI@..2017-01-20, USA = Donald Trump | Trump | US\nas of 2026-11-01\nactor UKRGOV = Zelensky\nagent ~GOV = official | foreign minister\nagent NGO~ = aid group\nsynset &TRUCE = ceasefire | truce\nverb 042 = visit | travel {travelled travelling} | cordon off\npattern 043 = + * BY $\npattern 032:033 = % _ * ^ &TRUCE\npattern 023? = * ARGENTIN\nverb = meet\npattern --- = * WITH\npattern ### = * GAME\npattern +++ = * TALKS\ndiscard = World Cup\ndiscard story = Premier League\nnonsense line\n";
        let dicts = native::read_str(text, "t.detente");
        let compiled = Compiled::new(dicts.clone());
        let blob = encode(&compiled);
        let decoded = decode(&blob).expect("decodes");
        assert_eq!(format!("{decoded:?}"), format!("{dicts:?}"));
        assert_eq!(canonical(&decode_compiled(&blob).expect("decodes")), canonical(&compiled));
    }

    #[test]
    fn builtin_indexes_are_what_the_text_compiles_to() {
        assert_eq!(canonical(&Compiled::builtin()), canonical(&Compiled::new(builtin_from_text())));
    }

    /// Every field of compiled dictionaries, maps in key order (their iteration order depends on
    /// how they were filled).
    fn canonical(compiled: &Compiled) -> String {
        fn sorted<K: Ord + std::fmt::Debug, V: std::fmt::Debug>(map: &FxHashMap<K, V>) -> String {
            let mut pairs: Vec<_> = map.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(b.0));
            format!("{pairs:?}")
        }
        fn sorted_words<V: std::fmt::Debug>(map: &WordMap<V>) -> String {
            let mut pairs: Vec<_> = map.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(b.0));
            format!("{pairs:?}")
        }
        fn index<T: std::fmt::Debug>(index: &PhraseIndex<T>) -> String {
            let PhraseIndex { entries, exact, stems, stem_keys, starts } = index;
            let exact: Vec<String> = {
                let mut words: Vec<_> = exact.iter().collect();
                words.sort_by(|a, b| a.0.cmp(b.0));
                words.iter().map(|(w, b)| format!("{w} {:?} {}", b.rest, sorted_words(&b.by_second))).collect()
            };
            format!("{entries:?} {exact:?} {} {stem_keys:?} {starts:?}", sorted(stems))
        }
        let Compiled {
            dicts,
            nominals,
            verbs,
            block_patterns,
            needs,
            block_needs,
            synsets,
            discards,
            nouns,
            adjectives,
        } = compiled;
        let Needs { words, list_ends, list_words, pattern_ends, pattern_lists, word_list_ends, word_lists } = needs;
        let synsets: Vec<String> = synsets.iter().map(index).collect();
        format!(
            "{dicts:?}\n{}\n{}\n{block_patterns:?}\n{} {list_ends:?} {list_words:?} {pattern_ends:?} \
             {pattern_lists:?} {word_list_ends:?} {word_lists:?}\n{block_needs:?}\n{synsets:?}\n{}\n{}\n{}",
            index(nominals),
            sorted_words(verbs),
            sorted_words(words),
            index(discards),
            index(nouns),
            index(adjectives)
        )
    }

    #[test]
    fn a_damaged_blob_is_an_error() {
        let dicts = native::read_str("actor RUS = Russia\nverb 042 = visit\npattern 043 = + * BY $\n", "t.detente");
        let blob = encode(&Compiled::new(dicts));
        for end in 0..blob.len() {
            assert!(decode(&blob[..end]).is_err(), "cut at {end}");
            assert!(decode_compiled(&blob[..end]).is_err(), "cut at {end}");
        }
        let mut longer = blob.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        assert!(decode_compiled(&longer).is_err());
        assert!(decode(&[0xff; 16]).is_err());
    }
}
