//! The actor stage: finds who is named in each sentence and with which code.
//!
//! Dictionary phrases (actors and agents) are matched longest-first over the tokens.
//! Neighbouring pieces are then composed into one actor, as a noun phrase would
//! compose them: a country with its agents ("Russian officials", "Gondor's
//! government", "officials in Gondor", "Danish Islamist media"). A title followed by
//! an unknown capitalised name ("Turkish Foreign Minister Hakan Fidan") gives that
//! name the title's code for the rest of the article, as does an apposition ("Mao
//! Ning, a Chinese foreign ministry spokeswoman,"). Pronouns point back to an actor.
//! Mentions joined by commas and "and" form compounds, which the coder expands into
//! one event per pair.

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;

use crate::article::{Mention, Provenance};
use crate::dict::compiled::Nominal;
use crate::dict::{is_null_code, AgentPlacement, Compiled, Date, Phrase};
use crate::ontology::Ontology;
use crate::text::{dateline_len, Token, TokenKind};

/// What the article has taught us about names, for later sentences.
#[derive(Clone, Debug, Default)]
pub struct ArticleMemory {
    /// Surname (token norm) → (codes, full name).
    names: HashMap<String, (Vec<String>, String)>,
    /// The text of every [`Remembered`] below, one after another ([`ArticleMemory::remember`]).
    remembered: String,
    /// The first actor of the most recent sentence that had one, for pronouns.
    last_subject: Option<Remembered>,
    /// Recent mentions with a known country, newest last, with their words, for
    /// "the envoy" after "U.S. envoy Steve Witkoff". The words are token norms joined
    /// by spaces (norms hold none).
    recent: Vec<Remembered>,
    /// The two parties of the last sentence that named two countries, for "the two
    /// sides" ([`resolve_pairs`]): both codes, named "A and B".
    pair: Option<Remembered>,
    next_group: usize,
    /// TABARI's noun phrases rather than PETRARCH's ([`ArticleMemory::tabari`]).
    tabari: bool,
    /// Actor phrases whose parts other words may separate are matched
    /// ([`ArticleMemory::legacy`]).
    disconnected: bool,
    /// A joint code (`[FRO/BIL/SAM]`) stays one actor ([`ArticleMemory::petrarch2`]).
    joint_codes: bool,
    /// PETRARCH-1's noun phrases as CoreNLP parses them ([`ArticleMemory::petrarch1`]).
    petrarch1: bool,
    /// Nothing reads this memory after its article ([`ArticleMemory::for_one_article`]).
    one_article: bool,
}

impl ArticleMemory {
    /// Memory for an article coded with TABARI's noun-phrase rules, which its
    /// validation suite expects: an agent joins only the actor right before it (no
    /// "Dagolath's first deputy prime minister"), and agents are not shared across
    /// a compound ("the ambassadors of Arnor, Osgiliath and Gondor" gives ARNGOV,
    /// OSG, GON). PETRARCH, and detente by default, share them.
    pub fn tabari() -> ArticleMemory {
        ArticleMemory { tabari: true, disconnected: true, ..ArticleMemory::default() }
    }

    /// Memory for an article coded as the legacy programs did: an actor phrase written
    /// with a blank between parts (`ITHILEN TELEVISION`) also matches with a few words
    /// between them ("Ithilen state-run television"), as TABARI and PETRARCH-1 define
    /// the blank (an `_` joins words that must be consecutive). Off by default: detente's
    /// own dictionaries have no such phrases, and the check costs time at every token.
    pub fn legacy() -> ArticleMemory {
        ArticleMemory { disconnected: true, ..ArticleMemory::default() }
    }

    /// [`ArticleMemory::legacy`] as PETRARCH-2 reads actors: a joint code such as
    /// `THE_SHIRE [FRO/BIL/SAM]` is one actor, which UD-PETRARCH's suite expects
    /// (`COMPOUND-08/11`), where PETRARCH-1's and TABARI's split it (FRO, BIL, SAM).
    pub fn petrarch2() -> ArticleMemory {
        ArticleMemory { joint_codes: true, ..ArticleMemory::legacy() }
    }

    /// [`ArticleMemory::legacy`] as PETRARCH-1 reads CoreNLP's noun phrases
    /// (`read_TreeBank`):
    /// - it copies an actor's adjective to the other nouns of a compound only when the
    ///   parse makes one flat noun phrase of them (`resolve_compounds`), "Danish media
    ///   and government" (DNKMED, DNKGOV), which the parser does not do after a
    ///   determiner: "The Danish media and government" is two noun phrases (DNKMED,
    ///   `---GOV`; its unit suite's `COMPOUND-25/26`, whose `COMPOUND-27` notes the tree
    ///   had to be edited by hand to share the adjective);
    /// - a phrase with more than one conjunction is no compound ("Mark Compounds"), so
    ///   "Calenardhon and Gondor, and Gondor and Dagolath" is two (`COMPOUND-32`).
    pub fn petrarch1() -> ArticleMemory {
        ArticleMemory { petrarch1: true, ..ArticleMemory::legacy() }
    }

    /// This memory, for one article that drops it afterwards: the article's last
    /// sentence teaches it nothing (no later sentence would read what it learns), which
    /// saves copying that sentence's mentions into it. Without this, the memory is left
    /// with everything the article taught ([`ArticleMemory::forwarded`] reads it).
    pub fn for_one_article(self) -> ArticleMemory {
        ArticleMemory { one_article: true, ..self }
    }

    /// The memory a TABARI story hands to its next record under the `FORWARD:`
    /// option: only the last subject, for a pronoun that opens the record, and
    /// only its actor ("Fornost President Umbardacil" FORGOVPRS forwards FOR; its
    /// suite's `FRWD-001-002`: "this doesn't get the agent, only the actor").
    pub fn forwarded(&self, dicts: &Compiled) -> ArticleMemory {
        let actor_only = |code: &str| {
            let agent = dicts
                .dicts
                .agents
                .iter()
                .map(|a| a.code.trim_start_matches('~'))
                .filter(|a| !a.is_empty() && code.len() > a.len() && code.ends_with(a))
                .max_by_key(|a| a.len());
            agent.map_or_else(|| code.to_string(), |a| code[..code.len() - a.len()].to_string())
        };
        let mut forwarded = ArticleMemory::tabari();
        if let Some(subject) = self.last_subject {
            let codes: Vec<String> = self.codes(subject).map(actor_only).collect();
            forwarded.last_subject = Some(forwarded.remember([&[], &[]], &codes, self.name(subject)));
        }
        forwarded
    }

    /// Appends a mention's text to [`ArticleMemory::remembered`]: the words of `parts`
    /// joined by spaces ([`ArticleMemory::recent`]), each code followed by a line break
    /// (codes, read from dictionary lines, hold none), then the name. This runs for
    /// every mention with a known country and for every sentence's subject: one string
    /// for the article, where a string each cost an allocation and a free.
    fn remember(&mut self, parts: [&[&str]; 2], codes: &[String], name: &str) -> Remembered {
        let [words, title] = parts;
        let words_len: usize = words.iter().chain(title).map(|w| w.len() + 1).sum();
        let codes_len: usize = codes.iter().map(|c| c.len() + 1).sum();
        self.make_room(words_len + codes_len + name.len());
        let text = &mut self.remembered;
        let start = text.len();
        for word in words.iter().chain(title) {
            if text.len() > start {
                text.push(' ');
            }
            text.push_str(word);
        }
        let codes_start = text.len();
        for code in codes {
            text.push_str(code);
            text.push('\n');
        }
        let codes_end = text.len();
        text.push_str(name);
        Remembered { start, codes_start, codes_end, end: text.len() }
    }

    /// Two parties as one: both codes, named "A and B".
    fn remember_pair(&mut self, [(code_a, name_a), (code_b, name_b)]: [(&str, &str); 2]) -> Remembered {
        let and = " and ";
        self.make_room(code_a.len() + code_b.len() + 2 + name_a.len() + and.len() + name_b.len());
        let text = &mut self.remembered;
        let start = text.len();
        for code in [code_a, code_b] {
            text.push_str(code);
            text.push('\n');
        }
        let codes_end = text.len();
        for part in [name_a, and, name_b] {
            text.push_str(part);
        }
        Remembered { start, codes_start: start, codes_end, end: text.len() }
    }

    /// Room for `len` more bytes of remembered text. When the string is full, what is
    /// still remembered is copied to a new one (twice its size, at least
    /// [`REMEMBERED_START`]): a replaced subject or an evicted mention leaves dead text,
    /// which this drops, so the string stays within twice what the memory holds.
    fn make_room(&mut self, len: usize) {
        if self.remembered.capacity() - self.remembered.len() >= len {
            return;
        }
        let old = std::mem::take(&mut self.remembered);
        let live =
            self.recent.iter().chain(&self.last_subject).chain(&self.pair).map(|r| r.end - r.start).sum::<usize>();
        let mut text = String::with_capacity(((live + len) * 2).max(REMEMBERED_START));
        for r in self.recent.iter_mut().chain(&mut self.last_subject).chain(&mut self.pair) {
            let start = text.len();
            text.push_str(&old[r.start..r.end]);
            *r = Remembered {
                start,
                codes_start: r.codes_start - r.start + start,
                codes_end: r.codes_end - r.start + start,
                end: text.len(),
            };
        }
        self.remembered = text;
    }

    fn words(&self, r: Remembered) -> &str {
        &self.remembered[r.start..r.codes_start]
    }

    fn codes(&self, r: Remembered) -> impl Iterator<Item = &str> {
        self.remembered[r.codes_start..r.codes_end].split_terminator('\n')
    }

    fn name(&self, r: Remembered) -> &str {
        &self.remembered[r.codes_end..r.end]
    }

    /// The codes and the name as a mention holds them.
    fn mention_parts(&self, r: Remembered) -> (Vec<String>, String) {
        (self.codes(r).map(str::to_string).collect(), self.name(r).to_string())
    }
}

/// The first capacity of [`ArticleMemory::remembered`]: a sentence's subject, pair and
/// a few mentions.
const REMEMBERED_START: usize = 256;

/// A mention's words, codes and name as the memory keeps them: ranges of
/// [`ArticleMemory::remembered`] (words, then each code followed by a line break, then
/// the name). A vector of codes and a name were three or more allocations per sentence.
#[derive(Clone, Copy, Debug)]
struct Remembered {
    start: usize,
    /// Where the codes start (after the words, if any).
    codes_start: usize,
    /// Where the name starts.
    codes_end: usize,
    end: usize,
}

/// How many recent mentions a title may refer back to.
const RECENT_MENTIONS: usize = 40;

/// A dictionary match before composition. Its codes and name are borrowed from the
/// dictionaries or the article memory: a mention copies only what it keeps.
#[derive(Clone, Debug)]
struct Piece<'a> {
    first: usize,
    end: usize,
    kind: PieceKind<'a>,
    entry: Option<Provenance>,
}

#[derive(Clone, Debug)]
enum PieceKind<'a> {
    /// Codes of a named actor (several for coded compounds); empty when null-coded.
    Actor {
        codes: Codes<'a>,
        name: &'a str,
    },
    Agent {
        code: &'a str,
        placement: AgentPlacement,
    },
    Pronoun,
}

/// An actor's codes as a piece borrows them.
#[derive(Clone, Copy, Debug)]
enum Codes<'a> {
    /// One code.
    One(&'a str),
    /// Codes joined by `/` (a coded compound), null ones left out.
    Split(&'a str),
    /// Codes the article memory learned for a name.
    Learned(&'a [String]),
    None,
}

impl<'a> Codes<'a> {
    fn iter(self) -> impl Iterator<Item = &'a str> + Clone {
        let (one, split, learned) = match self {
            Codes::One(code) => (Some(code), None, &[][..]),
            Codes::Split(codes) => (None, Some(codes), &[][..]),
            Codes::Learned(codes) => (None, None, codes),
            Codes::None => (None, None, &[][..]),
        };
        let split = split.into_iter().flat_map(|codes| codes.split('/').filter(|c| !is_null_code(c)));
        one.into_iter().chain(split).chain(learned.iter().map(String::as_str))
    }

    fn is_empty(self) -> bool {
        match self {
            Codes::One(_) => false,
            Codes::Split(codes) => codes.split('/').all(is_null_code),
            Codes::Learned(codes) => codes.is_empty(),
            Codes::None => true,
        }
    }

    /// Each code with `agents` joined ([`with_agents`]).
    fn with_agents(self, agents: &[(&str, AgentPlacement)]) -> Vec<String> {
        match self {
            Codes::One(code) if agents.is_empty() => vec![code.to_string()],
            Codes::One(code) => vec![with_agents(code, agents)],
            _ => self.iter().map(|base| with_agents(base, agents)).collect(),
        }
    }
}

// The word lists below are `matches!` patterns rather than slices: they are tested at
// nearly every token, and a match compiles to a switch on length, then one compare.
fn is_determiner(word: &str) -> bool {
    matches!(word, "THE" | "A" | "AN")
}
/// Auxiliaries and modals between a subject and its verb ("Washington is weighing").
fn is_auxiliary(word: &str) -> bool {
    is_tense_auxiliary(word) || matches!(word, "CAN" | "COULD" | "MAY" | "MIGHT" | "SHOULD" | "MUST")
}
/// Forms of BE, HAVE and WILL, which also end an actor's noun phrase ("Russia is
/// weighing"); the other modals do not (Theresa May).
fn is_tense_auxiliary(word: &str) -> bool {
    matches!(word, "IS" | "ARE" | "WAS" | "WERE" | "HAS" | "HAVE" | "HAD" | "WILL" | "WOULD")
}
fn is_link(word: &str) -> bool {
    matches!(word, "OF" | "IN" | "FROM" | "FOR")
}
fn is_conjunction(word: &str) -> bool {
    matches!(word, "AND" | "OR" | "NOR" | "BUT")
}
#[inline]
pub(crate) fn is_pronoun(word: &str) -> bool {
    matches!(word, "HE" | "SHE" | "IT" | "THEY" | "THEM" | "HIM" | "HIS" | "HER" | "ITS" | "THEIR")
}
/// Words that never belong inside an actor's noun phrase: links, conjunctions,
/// determiners, forms of BE, HAVE and WILL, and the prepositions and relatives listed here.
fn is_phrase_break(word: &str) -> bool {
    is_link(word) || is_conjunction(word) || is_determiner(word) || is_tense_auxiliary(word) || {
        matches!(
            word,
            "WITH"
                | "TO"
                | "ON"
                | "AT"
                | "BY"
                | "AGAINST"
                | "THAT"
                | "WHO"
                | "WHICH"
                | "SAID"
                | "NOT"
                | "'S"
                | "ABOUT"
                | "AFTER"
                | "BEFORE"
                | "OVER"
                | "INTO"
                | "BETWEEN"
        )
    }
}

/// `words` joined by spaces, in one allocation of the exact size (`join` grows its
/// buffer through a generic copy loop).
fn joined(words: &[&str]) -> String {
    let len = words.iter().map(|w| w.len() + 1).sum::<usize>().saturating_sub(1);
    let mut text = String::with_capacity(len);
    for (k, word) in words.iter().enumerate() {
        if k > 0 {
            text.push(' ');
        }
        text.push_str(word);
    }
    text
}

/// Finds the actors of one sentence; `last` says it is the article's last, whose
/// mentions a memory [`ArticleMemory::for_one_article`] does not learn.
pub fn find_mentions(
    sentence: usize,
    tokens: &[Token],
    dicts: &Compiled,
    date: Date,
    memory: &mut ArticleMemory,
    last: bool,
) -> Vec<Mention> {
    // Whether a later sentence may read what this one teaches the memory.
    let teach = !(last && memory.one_article);
    let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
    // A dateline ("MOSCOW, March 13 (Reuters) -") names where a story was filed.
    let dateline = dateline_len(tokens);
    let mut pieces = find_pieces(&norms, tokens, dicts, date, memory);
    if dateline > 0 {
        pieces.retain(|p| p.first >= dateline);
    }
    let (mut mentions, parts) = compose(sentence, &mut pieces, &norms, tokens, dicts, memory);
    if !memory.tabari {
        share_agents(&mut mentions, &parts, &norms, tokens, dicts, memory.petrarch1);
        colon_dateline(&mut mentions, &norms, tokens);
    }
    // The parts borrow the memory's learned names, and their agents (a `SmallVec`, whose
    // drop may read them) would hold that borrow to the end of the function.
    drop((parts, pieces));
    former_roles(&mut mentions, &norms);
    name_titles(&mut mentions, tokens, &norms, dicts, memory, teach);
    appositions(sentence, &mut mentions, tokens, &norms, memory, teach);
    resolve_pronouns(&mut mentions, &norms, tokens, dicts, memory);
    resolve_titles(&mut mentions, &norms, memory, teach);
    resolve_pairs(sentence, &mut mentions, tokens, &norms, memory);
    group_compounds(&mut mentions, &norms, tokens, dicts, memory);
    if !teach {
        return mentions;
    }
    if let Some(first) = mentions.iter().find(|m| !m.codes.is_empty()) {
        memory.last_subject = Some(memory.remember([&[], &[]], &first.codes, &first.name));
    }
    if let Some(pair) = two_parties(&mentions, &norms, norms.len()) {
        memory.pair = Some(memory.remember_pair(pair));
    }
    mentions
}

/// The most tokens before the colon of a dateline written "PLACE, REGION:".
const COLON_DATELINE_TOKENS: usize = 8;

/// "GAZA CITY, Palestinian Territories: Four children and a man were killed …", "LYON:
/// Interpol has said …": places (the first in capitals) and a colon opening a sentence
/// are its dateline, where the story was filed, and no
/// party to its events. Roles without a country right after it (joined by AND or
/// commas) are of those places: PETRARCH-2 reads the dateline and the subject as one
/// noun phrase, whose actors take its agents (PSEGZACVL, PSECVL).
fn colon_dateline(mentions: &mut Vec<Mention>, norms: &[&str], tokens: &[Token]) {
    // The place in capitals, as in any dateline: "Zelensky: …" quotes a speaker.
    if !tokens.first().is_some_and(|t| t.upper) {
        return;
    }
    let Some(colon) = norms.iter().take(COLON_DATELINE_TOKENS + 1).position(|n| *n == ":") else { return };
    let heading = mentions.iter().take_while(|m| m.end <= colon).count();
    // Place names, commas and the capitalised rest of a place ("Palestinian Territories").
    let covered =
        |t: usize| norms[t] == "," || tokens[t].cap || mentions[..heading].iter().any(|m| m.first <= t && t < m.end);
    if heading == 0 || !(0..colon).all(covered) || mentions[..heading].iter().any(|m| m.codes.is_empty()) {
        return;
    }
    let places: Vec<String> = mentions[..heading].iter().flat_map(|m| m.codes.iter().cloned()).collect();
    // The roles of the subject: the first words after the colon, and the members joined to them.
    let mut gap_start = colon + 1;
    for m in mentions[heading..].iter_mut() {
        let Some(gap) = norms.get(gap_start..m.first) else { break };
        let joined = gap.iter().all(|n| {
            matches!(*n, "AND" | "," | "THE" | "A" | "AN")
                || n.bytes().all(|b| b.is_ascii_digit())
                || is_small_number(n)
        });
        if !joined || m.reference || !m.codes.iter().all(|c| c.starts_with("---")) {
            break;
        }
        m.codes = places.iter().flat_map(|p| m.codes.iter().map(move |c| format!("{p}{}", &c[3..]))).collect();
        gap_start = m.end;
    }
    mentions.drain(..heading);
}

/// A number written as a word, as datelined subjects often open ("Four children").
fn is_small_number(norm: &str) -> bool {
    matches!(norm, "TWO" | "THREE" | "FOUR" | "FIVE" | "SIX" | "SEVEN" | "EIGHT" | "NINE" | "TEN")
}

/// Nouns that, after BOTH or THE TWO, name the two parties named last.
const PAIR_NOUNS: &[&str] = &[
    "SIDES",
    "COUNTRIES",
    "NATIONS",
    "LEADERS",
    "GOVERNMENTS",
    "PRESIDENTS",
    "DELEGATIONS",
    "NEIGHBOURS",
    "NEIGHBORS",
];

/// The country of a code: its first three letters, unless it has none (`---`) or they
/// name an international, non-state or business actor.
///
/// Tested as three bytes (`two_parties` runs for every sentence): letters first, which
/// rules out `---`, then the stateless prefixes as byte patterns, compared inline.
fn country_of(code: &str) -> Option<[u8; 3]> {
    let &[a, b, c, ..] = code.as_bytes() else { return None };
    let country = [a, b, c];
    let stateless = matches!(&country, b"IGO" | b"NGO" | b"MNC" | b"UAF" | b"IMG" | b"REB" | b"SPY" | b"UIS");
    (country.iter().all(u8::is_ascii_uppercase) && !stateless).then_some(country)
}

/// The first two actors of different countries among the mentions ending before token
/// `before` that are named here (not references) and are not the place of something
/// ("talks in Istanbul").
fn two_parties<'m>(mentions: &'m [Mention], norms: &[&str], before: usize) -> Option<[(&'m str, &'m str); 2]> {
    let place = |m: &Mention| m.first > 0 && matches!(norms[m.first - 1], "IN" | "AT" | "NEAR" | "INSIDE" | "OUTSIDE");
    // The first party found, until a second of another country completes the pair.
    let mut first: Option<([u8; 3], &str, &str)> = None;
    for m in mentions.iter().filter(|m| m.end <= before && !m.reference && !place(m)) {
        for code in &m.codes {
            let Some(country) = country_of(code) else { continue };
            match first {
                None => first = Some((country, code, &m.name)),
                Some((other, a, name_a)) if other != country => {
                    return Some([(a, name_a), (code, &m.name)]);
                }
                Some(_) => {}
            }
        }
    }
    None
}

/// Two parties as one mention holds them: both codes, named "A and B"
/// ([`ArticleMemory::remember_pair`]).
fn pair_parts([(code_a, name_a), (code_b, name_b)]: [(&str, &str); 2]) -> (Vec<String>, String) {
    (vec![code_a.to_string(), code_b.to_string()], format!("{name_a} and {name_b}"))
}

/// "the two sides", "both countries": the two parties named before the phrase in its
/// sentence, else those of the last sentence that named two countries, as one mention
/// coded with both, so that "the two sides met" is a meeting of each with the other and
/// "Turkey urged both sides to …" an appeal to each.
fn resolve_pairs(
    sentence: usize,
    mentions: &mut Vec<Mention>,
    tokens: &[Token],
    norms: &[&str],
    memory: &ArticleMemory,
) {
    let mut i = 0;
    while i < norms.len() {
        let pair_noun = |at: usize| norms.get(at).is_some_and(|noun| PAIR_NOUNS.contains(noun));
        // The first word alone rules out nearly every token.
        let len = match norms[i] {
            "BOTH" if pair_noun(i + 1) => 2,
            "THE" if norms.get(i + 1) == Some(&"TWO") && pair_noun(i + 2) => 3,
            _ => 0,
        };
        if len == 0 || mentions.iter().any(|m| m.first < i + len && i < m.end) {
            i += 1;
            continue;
        }
        let here = two_parties(mentions, norms, i).map(pair_parts);
        if let Some((codes, name)) = here.or_else(|| memory.pair.map(|pair| memory.mention_parts(pair))) {
            let mention = Mention {
                sentence,
                first: i,
                end: i + len,
                span: tokens[i].span.cover(tokens[i + len - 1].span),
                codes,
                group: usize::MAX,
                entries: vec![Provenance::RefersTo {
                    role: norms[i..i + len].join(" ").to_lowercase(),
                    name: name.clone(),
                }],
                name,
                reference: true,
            };
            let at = mentions.partition_point(|m| m.first < i);
            mentions.insert(at, mention);
        }
        i += len;
    }
}

fn find_pieces<'a>(
    norms: &[&str],
    tokens: &[Token],
    dicts: &'a Compiled,
    date: Date,
    memory: &'a ArticleMemory,
) -> Vec<Piece<'a>> {
    // At most one piece per token; most sentences have a few.
    let mut pieces = Vec::with_capacity(8.min(norms.len()));
    let mut i = 0;
    while i < norms.len() {
        if tokens[i].kind == TokenKind::Punct {
            i += 1;
            continue;
        }
        let written_so = |phrase: &Phrase, len: usize| phrase.case_fits(&tokens[i..i + len]);
        let found = dicts.nominals.longest_where_at(&tokens[i].norm, &norms[i..], written_so);
        let disconnected = if memory.disconnected { disconnected_at(norms, tokens, dicts, i) } else { None };
        if let Some((a, end)) = disconnected.filter(|&(_, end)| found.as_ref().is_none_or(|f| end > i + f.len)) {
            let (kind, entry) = actor_piece(dicts, a, date, memory.joint_codes);
            pieces.push(Piece { first: i, end, kind, entry: Some(entry) });
            i = end;
            continue;
        }
        if let Some(found) = found {
            let (kind, entry) = match found.value {
                Nominal::Actor(a) => {
                    let (kind, entry) = actor_piece(dicts, a, date, memory.joint_codes);
                    (kind, Some(entry))
                }
                Nominal::Agent(g) => {
                    let agent = &dicts.dicts.agents[g];
                    (
                        PieceKind::Agent { code: &agent.code, placement: agent.placement },
                        Some(Provenance::Entry { origin: agent.origin.clone(), known_to: None }),
                    )
                }
            };
            pieces.push(Piece { first: i, end: i + found.len, kind, entry });
            i += found.len;
            continue;
        }
        // Pronouns start with one of four letters: most words skip the list.
        if matches!(norms[i].as_bytes().first(), Some(b'H' | b'S' | b'I' | b'T')) && is_pronoun(norms[i]) {
            pieces.push(Piece { first: i, end: i + 1, kind: PieceKind::Pronoun, entry: None });
        } else if tokens[i].cap && i > 0 {
            if let Some((codes, name)) = memory.names.get(norms[i]) {
                pieces.push(Piece {
                    first: i,
                    end: i + 1,
                    kind: PieceKind::Actor { codes: Codes::Learned(codes), name },
                    entry: Some(Provenance::LearnedName),
                });
            }
        }
        i += 1;
    }
    pieces
}

/// A named actor's piece: its codes on `date` (none when null-coded) and its entry.
fn actor_piece(dicts: &Compiled, a: usize, date: Date, joint_codes: bool) -> (PieceKind<'_>, Provenance) {
    let actor = &dicts.dicts.actors[a];
    // `code_on` gives no null code: a code it gives is one code or several joined.
    let codes = match actor.code_on(date) {
        // Most actors have one code: no splitting.
        Some(c) if joint_codes || !c.as_bytes().contains(&b'/') => Codes::One(c),
        Some(c) => Codes::Split(c),
        None => Codes::None,
    };
    let entry = Provenance::Entry { origin: actor.origin.clone(), known_to: actor.known_to };
    (PieceKind::Actor { codes, name: &actor.name }, entry)
}

/// How many words may come between two parts of a disconnected actor phrase.
const DISCONNECTED_GAP: usize = 2;

/// The longest disconnected actor phrase starting at token `i` ("the Prince
/// of Dol Amroth" for PRINCE DOL_AMROTH, "Ithilen state-run television" for ITHILEN
/// TELEVISION), as (actor, end token). The words between its parts are a few
/// words of the same noun phrase: no comma, conjunction or other punctuation.
fn disconnected_at(norms: &[&str], tokens: &[Token], dicts: &Compiled, i: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for phrase in &dicts.dicts.disconnected {
        let mut end = i;
        for (k, part) in phrase.parts.iter().enumerate() {
            let gap = if k == 0 { 0 } else { DISCONNECTED_GAP };
            let mut at = end;
            let found = loop {
                if let Some(len) = part.match_at(&norms[at..]) {
                    break Some(at + len);
                }
                if at >= end + gap || at + 1 >= norms.len() {
                    break None;
                }
                let fills_gap = tokens[at].kind == TokenKind::Word && !is_conjunction(norms[at]) || norms[at] == "-";
                if !fills_gap {
                    break None;
                }
                at += 1;
            };
            match found {
                Some(e) => end = e,
                None => {
                    end = i;
                    break;
                }
            }
        }
        if end > i && best.is_none_or(|(_, e)| end > e) {
            best = Some((phrase.actor, end));
        }
    }
    best
}

/// Tokens between two pieces that still leave them in one noun phrase: a
/// possessive, up to two modifiers ("Arnor security officials"), or both.
fn joins(norms: &[&str], tokens: &[Token], from: usize, to: usize, dicts: &Compiled, tabari: bool) -> bool {
    if to < from {
        return false;
    }
    let mut from = from;
    if norms[from..to].first() == Some(&"'S") {
        if tabari {
            return to == from + 1;
        }
        // "Dagolath's first deputy prime minister": a possessive, then modifiers.
        from += 1;
    }
    let between = &norms[from..to];
    if between.is_empty() {
        return true;
    }
    let modifier = |k: usize| {
        tokens[k].kind == TokenKind::Word
            && !is_phrase_break(norms[k])
            && !is_pronoun(norms[k])
            && !dicts.verbs.contains_key(norms[k])
    };
    // "Ithilen's awful and evil minister": after a possessive, two modifiers joined
    // by AND or OR (PETRARCH's noun phrase; TABARI's stops at the possessive).
    if from > 0 && norms[from - 1] == "'S" && between.len() == 3 && matches!(between[1], "AND" | "OR") {
        return modifier(from) && modifier(from + 2);
    }
    between.len() <= 2 && (from..to).all(modifier)
}

/// Agent OF/IN/FROM [THE] [modifier] Actor: "government of Gondor", "Lawmakers in
/// Fornost", "mayor of the northern West Bank", "dissidents from military-ruled
/// Myanmar".
fn links(norms: &[&str], tokens: &[Token], dicts: &Compiled, from: usize, to: usize) -> bool {
    let modifier = |k: usize| {
        tokens[k].kind == TokenKind::Word
            && !tokens[k].cap
            && !is_phrase_break(norms[k])
            && !is_pronoun(norms[k])
            && !dicts.verbs.contains_key(norms[k])
    };
    match &norms[from..to] {
        [link] => is_link(link),
        // Without a determiner only a compound modifier: "from two American aid
        // groups" quantifies a noun phrase of its own.
        [link, det] => is_link(link) && (is_determiner(det) || det.contains('-') && modifier(from + 1)),
        [link, det, _] => is_link(link) && is_determiner(det) && modifier(from + 2),
        _ => false,
    }
}

/// Prepositions that open a phrase of their own after an actor ("Gondor in Eriador").
const PHRASE_PREPOSITIONS: &[&str] = &["IN", "AT", "ON", "FROM", "OF", "NEAR", "INSIDE", "OUTSIDE"];

/// Whether a prepositional phrase follows the actor ending at token `end` ("the
/// parliament of Gondor in Eriador"). CoreNLP nests it in the actor's noun phrase, and
/// PETRARCH-1's `process_preposition` then joins no agent to that actor (it bails on a
/// second level of prepositional phrase): "the parliament" is a noun phrase of its own
/// (`---LEG`), "Gondor in Eriador" another (GON).
fn has_phrase_after(norms: &[&str], end: usize) -> bool {
    norms.get(end).is_some_and(|n| PHRASE_PREPOSITIONS.contains(n))
}

/// Compass words that, before OF, place a noun phrase ("a target southwest of Baghdad").
const DIRECTIONS: &[&str] = &["NORTH", "SOUTH", "EAST", "WEST", "NORTHEAST", "NORTHWEST", "SOUTHEAST", "SOUTHWEST"];

/// Agent, the rest of its noun phrase (one or two words), a compass word, OF, [THE]
/// Actor: "an Islamic State target southwest of Baghdad" is IRQMUS, as PETRARCH-2 gives
/// a noun phrase with an agent and no actor the actor of its prepositional phrase.
/// The compass phrase marks the words before it as a noun phrase, so they may be
/// verb forms ("target").
fn located(norms: &[&str], tokens: &[Token], from: usize, to: usize) -> bool {
    let between = &norms[from..to];
    let Some(direction) = between.iter().position(|n| DIRECTIONS.contains(n)) else { return false };
    let head_words = 1..=2;
    let noun = |k: usize| tokens[k].kind == TokenKind::Word && !is_phrase_break(norms[k]) && !is_pronoun(norms[k]);
    head_words.contains(&direction)
        && (from..from + direction).all(noun)
        && matches!(&between[direction + 1..], ["OF"] | ["OF", "THE"])
}

/// A mention's agents: most have none or one ("Russian officials"), kept in place
/// rather than allocated.
type Agents<'a> = SmallVec<[(&'a str, AgentPlacement); 2]>;

/// How a composed mention was built: the actor's own codes, the agents joined to
/// them, and whether the agents came first through a link ("ambassadors of
/// Arnor"). Kept beside the mentions for [`share_agents`].
#[derive(Clone, Debug)]
struct Parts<'a> {
    base: Codes<'a>,
    agents: Agents<'a>,
    /// No actor: a bare role ("officials"), coded `---` plus its agents.
    bare: bool,
    linked: bool,
}

/// Composes the pieces into mentions (each piece belongs to one mention), which copy
/// their codes and names and take their entries.
fn compose<'a>(
    sentence: usize,
    pieces: &mut [Piece<'a>],
    norms: &[&str],
    tokens: &[Token],
    dicts: &Compiled,
    memory: &ArticleMemory,
) -> (Vec<Mention>, Vec<Parts<'a>>) {
    let tabari = memory.tabari;
    // At most one mention per piece.
    let mut mentions = Vec::with_capacity(pieces.len());
    let mut parts = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let start = i;
        let mut actor: Option<(Codes, &str)> = None;
        let mut agents = Agents::new();
        let mut pronoun = false;
        // Most mentions are one or two pieces: allocated at once, not grown from empty.
        let mut entries = Vec::with_capacity(2);
        let mut linked = false;
        loop {
            let p = &mut pieces[i];
            match &mut p.kind {
                PieceKind::Actor { codes, name } => actor = Some((*codes, *name)),
                PieceKind::Agent { code, placement } => agents.push((*code, *placement)),
                PieceKind::Pronoun => pronoun = true,
            }
            if let Some(entry) = p.entry.take() {
                entries.push(entry);
            }
            let p = &pieces[i];
            let Some(next) = pieces.get(i + 1) else { break };
            if pronoun || matches!(next.kind, PieceKind::Pronoun) {
                break;
            }
            let next_is_actor = matches!(next.kind, PieceKind::Actor { .. });
            let adjacent = joins(norms, tokens, p.end, next.first, dicts, tabari);
            let link = actor.is_none()
                && next_is_actor
                && (links(norms, tokens, dicts, p.end, next.first)
                    || !tabari && located(norms, tokens, p.end, next.first))
                && !(memory.petrarch1 && has_phrase_after(norms, next.end));
            if next_is_actor && actor.is_some() || !(adjacent || link) {
                break;
            }
            linked |= link && !adjacent;
            i += 1;
        }
        // "Ithilen's awful and evil minister Calimehtar": a name right after a
        // possessor's role is that role, as PETRARCH codes the noun phrase (ITHGOV).
        if !tabari
            && actor.is_some()
            && matches!(pieces[i].kind, PieceKind::Agent { .. })
            && norms[pieces[start].end..pieces[i].first].first() == Some(&"'S")
        {
            let role_end = pieces[i].end;
            if let Some(next) = pieces.get_mut(i + 1).filter(|n| n.first == role_end) {
                if matches!(next.kind, PieceKind::Actor { .. }) {
                    entries.extend(next.entry.take());
                    i += 1;
                }
            }
        }
        let first = pieces[start].first;
        let end = pieces[i].end;
        i += 1;
        if pronoun {
            mentions.push(Mention {
                sentence,
                first,
                end,
                span: tokens[first].span.cover(tokens[end - 1].span),
                name: norms[first].to_string(),
                codes: Vec::new(),
                group: usize::MAX,
                entries,
                reference: true,
            });
            parts.push(Parts { base: Codes::None, agents: Agents::new(), bare: false, linked: false });
            continue;
        }
        let bare = actor.is_none();
        let (base_codes, name) = match actor {
            Some((codes, name)) if !codes.is_empty() => (codes, name),
            // A null-coded actor hides the words it covers.
            Some(_) if agents.is_empty() => continue,
            _ => (Codes::One("---"), ""),
        };
        let codes = base_codes.with_agents(&agents);
        let span = tokens[first].span.cover(tokens[end - 1].span);
        // A titled name ("national security adviser Mike Waltz") keeps the person's
        // name; a country with a role ("Russian officials") is named by its words.
        let titled = matches!(pieces[i - 1].kind, PieceKind::Actor { .. });
        let name = if name.is_empty() || !agents.is_empty() && !titled {
            joined(&norms[first..end])
        } else {
            name.to_string()
        };
        mentions.push(Mention {
            sentence,
            first,
            end,
            span,
            name,
            codes,
            group: usize::MAX,
            entries,
            reference: false,
        });
        parts.push(Parts { bare, base: base_codes, agents, linked });
    }
    (mentions, parts)
}

/// Agents shared across a compound, as a noun phrase distributes them:
/// - "the ambassadors of Arnor, Osgiliath and Gondor": the agents linked to the
///   first actor apply to the bare actors listed after it;
/// - "lawmakers and officials in Fornost": a bare role joined by "and" to a linked
///   one applies to the same actors (FORLEG and FORGOV), and is no mention itself;
/// - "Danish media and government": a bare role after "and" takes the actor (and
///   its earlier agents) of the mention before it (DNKMED, DNKGOV), unless
///   `determiner_closes` and a determiner opens that mention's phrase.
fn share_agents(
    mentions: &mut Vec<Mention>,
    parts: &[Parts<'_>],
    norms: &[&str],
    tokens: &[Token],
    dicts: &Compiled,
    determiner_closes: bool,
) {
    share_modified_role(mentions, parts, norms);
    if !parts.iter().any(|p| p.linked || p.bare) {
        return;
    }
    let joined_by_and = |a: &Mention, b: &Mention| {
        b.first >= a.end && matches!(&norms[a.end..b.first], ["AND"] | [",", "AND"] | ["AND", "THE"])
    };
    let mut dropped = vec![false; mentions.len()];
    for i in 1..mentions.len() {
        let (prev, part) = (&parts[i - 1], &parts[i]);
        if part.linked && prev.bare && !mentions[i - 1].reference && joined_by_and(&mentions[i - 1], &mentions[i]) {
            dropped[i - 1] = true;
        } else if part.bare
            && !prev.bare
            && !prev.linked
            && !prev.base.is_empty()
            && !prev.agents.is_empty()
            && joined_by_and(&mentions[i - 1], &mentions[i])
            && !(determiner_closes && mentions[i - 1].first > 0 && is_determiner(norms[mentions[i - 1].first - 1]))
        {
            let mut agents = prev.agents[..prev.agents.len() - 1].to_vec();
            agents.extend(part.agents.iter().cloned());
            mentions[i].codes = prev.base.with_agents(&agents);
        }
    }
    for i in 0..mentions.len() {
        if !parts[i].linked {
            continue;
        }
        // Its own agents, and those of a bare role joined to it.
        let joined = (i > 0 && dropped[i - 1]).then(|| &parts[i - 1].agents);
        let sets: Vec<&Agents> = std::iter::once(&parts[i].agents).chain(joined).collect();
        let spread = |base: Codes| -> Vec<String> {
            base.iter().flat_map(|b| sets.iter().map(move |agents| with_agents(b, agents))).collect()
        };
        mentions[i].codes = spread(parts[i].base);
        // The bare actors listed after it.
        let mut j = i + 1;
        while j < mentions.len()
            && parts[j].agents.is_empty()
            && !parts[j].base.is_empty()
            && !mentions[j].reference
            && mentions[j].first >= mentions[j - 1].end
            && compound_gap(
                &norms[mentions[j - 1].end..mentions[j].first],
                &tokens[mentions[j - 1].end..mentions[j].first],
                dicts,
            )
        {
            mentions[j].codes = spread(parts[j].base);
            j += 1;
        }
    }
    let mut k = 0;
    mentions.retain(|_| {
        k += 1;
        !dropped[k - 1]
    });
}

/// "US and British activists": an actor alone, "and", then an actor with roles
/// after it are two modifiers of one role, which both take (USAOPP, GBROPP).
fn share_modified_role(mentions: &mut [Mention], parts: &[Parts<'_>], norms: &[&str]) {
    for i in 1..mentions.len() {
        let (prev, part) = (&parts[i - 1], &parts[i]);
        let alone = !prev.bare && !prev.base.is_empty() && prev.agents.is_empty() && !mentions[i - 1].reference;
        let modified = !part.bare && !part.linked && !part.agents.is_empty();
        let roles_after = part.agents.iter().all(|(_, placement)| *placement == AgentPlacement::After);
        let joined = mentions[i].first == mentions[i - 1].end + 1 && norms[mentions[i - 1].end] == "AND";
        if alone && modified && roles_after && joined {
            mentions[i - 1].codes = prev.base.with_agents(&part.agents);
        }
    }
}

/// Joins agent codes onto an actor code: `~GOV` after, `NGO~` before, skipping an
/// agent the actor code already carries ("White House" USAGOV + officials ~GOV).
/// Adds agent codes to an actor code: "Russian" + "officials" → RUSGOV. An actor
/// that already has a role keeps it rather than take a second one ("Hamas
/// commander" stays PSEREBHMS, not PSEREBHMSMIL), and a prefix is not doubled ("aid
/// group MSF" stays NGOHLHMSF).
fn with_agents(base: &str, agents: &[(&str, AgentPlacement)]) -> String {
    if agents.is_empty() {
        return base.to_string();
    }
    let is_role = |code: &str| Ontology::builtin().actor_type(code).is_some_and(|t| t.kind == "role");
    let has_role = base.get(3..6).is_some_and(is_role);
    // Room for every agent: one allocation, where pushing them grew the string.
    let mut code = String::with_capacity(base.len() + agents.iter().map(|(a, _)| a.len()).sum::<usize>());
    code.push_str(base);
    for (agent, placement) in agents {
        let second_role = has_role && is_role(agent);
        match placement {
            AgentPlacement::After if !second_role && !code.get(3..).unwrap_or("").contains(*agent) => {
                code.push_str(agent)
            }
            AgentPlacement::Before if !code.starts_with(*agent) => code.insert_str(0, agent),
            _ => {}
        }
    }
    code
}

/// "Turkish Foreign Minister Hakan Fidan": a mention ending in a title takes the
/// unknown capitalised name after it, and the article remembers the surname. A
/// title without a country whose name is followed by OF and a country ("King Hassan
/// of Morocco") is that country's, and the two make one mention.
fn name_titles(
    mentions: &mut Vec<Mention>,
    tokens: &[Token],
    norms: &[&str],
    dicts: &Compiled,
    memory: &mut ArticleMemory,
    teach: bool,
) {
    // Which mentions were merged into the one before; allocated at the first merge.
    let mut merged: Vec<bool> = Vec::new();
    for i in 0..mentions.len() {
        let next_start = mentions.get(i + 1).map_or(tokens.len(), |m| m.first);
        let (head, rest) = mentions.split_at_mut(i + 1);
        let m = &mut head[i];
        if m.reference || merged.get(i).copied().unwrap_or(false) {
            continue;
        }
        let mut end = m.end;
        while end < next_start.min(m.end + 3)
            && tokens[end].cap
            && tokens[end].kind == TokenKind::Word
            && !is_phrase_break(norms[end])
            && !dicts.verbs.contains_key(norms[end])
            && norms[end].len() > 1
        {
            end += 1;
        }
        if end > m.end {
            let name = joined(&norms[m.end..end]);
            let country = rest.first().filter(|next| {
                let article = usize::from(norms.get(end + 1) == Some(&"THE"));
                norms.get(end) == Some(&"OF")
                    && next.first == end + 1 + article
                    && !next.reference
                    && m.codes.iter().all(|c| c.starts_with("---"))
                    && next.codes.first().is_some_and(|c| c.len() == 3 && c != "---")
            });
            if let Some(country) = country {
                let code = &country.codes[0];
                m.codes = m.codes.iter().map(|c| format!("{code}{}", &c[3..])).collect();
                m.span = m.span.cover(country.span);
                merged.resize(rest.len() + i + 1, false);
                merged[i + 1] = true;
            } else {
                m.span = m.span.cover(tokens[end - 1].span);
            }
            if teach {
                memory.names.insert(norms[end - 1].to_string(), (m.codes.clone(), name.clone()));
            }
            m.end = if country.is_some() { rest[0].end } else { end };
            m.name = name;
        }
    }
    if merged.is_empty() {
        return;
    }
    let mut index = 0;
    mentions.retain(|_| {
        index += 1;
        !merged[index - 1]
    });
}

/// "The opposition coalition postponed the demonstration in Baku": a role without a
/// country (`---OPP`) in a sentence whose actors all belong to one country is that
/// country's (AZEOPP). News names the country of a foreign party, so the unnamed
/// roles of a story about one country are domestic. Organisations (IGO, NGO…) and
/// religions are not countries, but an NGO's country counts (NGOUSA); two
/// countries, or none, leave the roles as they are. A role that modifies a noun
/// ("a police checkpoint", "a government building") names a place, not an actor.
pub fn domestic_roles(mentions: &mut [Mention], tokens: &[Token], dicts: &Compiled) {
    let ontology = Ontology::builtin();
    // Borrowed from the codes (a `String` per code cost an allocation each); the one
    // country is copied once, before the codes change.
    fn country<'c>(code: &'c str, ontology: &Ontology) -> Option<&'c str> {
        let part = |at: usize| code.get(at..at + 3).filter(|p| p.bytes().all(|b| b.is_ascii_uppercase()));
        let first = part(0)?;
        match ontology.actor_type(first) {
            None => Some(first),
            Some(_) if first == "NGO" => part(3).filter(|p| ontology.actor_type(p).is_none()),
            Some(_) => None,
        }
    }
    let mut countries = mentions.iter().flat_map(|m| &m.codes).filter_map(|c| country(c, ontology));
    let Some(only) = countries.next() else { return };
    if countries.any(|c| c != only) {
        return;
    }
    let only = only.to_string();
    // A noun, or a gerund used as one, follows: not a verb form, not a participle
    // ("a newspaper based in Beirut").
    let modifier = |m: &Mention| {
        tokens.get(m.end).is_some_and(|t| {
            let word = t.norm.as_str();
            t.kind == TokenKind::Word
                && !t.cap
                && !is_phrase_break(word)
                && !is_auxiliary(word)
                && !word.ends_with("ED")
                && (word.ends_with("ING") || !dicts.verbs.contains_key(word))
        })
    };
    for m in mentions.iter_mut().filter(|m| !modifier(m)) {
        for code in &mut m.codes {
            if let Some(role) = code.strip_prefix("---").filter(|r| !r.is_empty()) {
                *code = format!("{only}{role}");
            }
        }
    }
}

/// "a former CIA official", "ex-minister": someone who held a role is an elite
/// (CAMEO ELI) of that country, not its government.
fn former_roles(mentions: &mut [Mention], norms: &[&str]) {
    for m in mentions.iter_mut() {
        let from = m.first.saturating_sub(1);
        let former = norms[from..m.end].iter().any(|n| matches!(*n, "FORMER" | "EX" | "EX-" | "RETIRED" | "ONETIME"));
        if former {
            for code in &mut m.codes {
                if let Some(country) = code.get(..3).filter(|_| code.len() > 3) {
                    *code = format!("{country}ELI");
                }
            }
        }
    }
}

/// "the envoy", "the national security adviser": a bare role with "the" refers to
/// the latest earlier mention holding that role word ("U.S. envoy Steve Witkoff"),
/// and takes its codes. Mentions with a known country are remembered for later
/// sentences when `teach`.
///
/// The [`RECENT_MENTIONS`] a role may refer to are this sentence's known mentions and,
/// before them, the memory's. This sentence's are looked up where they are and copied
/// into the memory once, at the end: the copy is paid only when a later sentence may
/// read it.
fn resolve_titles(mentions: &mut [Mention], norms: &[&str], memory: &mut ArticleMemory, teach: bool) {
    let known = |codes: &[String]| !codes.is_empty() && codes.iter().all(|c| !c.starts_with("---"));
    // This sentence's mentions to remember, oldest first: the mention and its title's
    // tokens (empty if none).
    let mut here: SmallVec<[(usize, Range<usize>); 8]> = SmallVec::new();
    // The tokens of the mention before, for a title right before a name.
    let mut previous: Option<Range<usize>> = None;
    for i in 0..mentions.len() {
        let m = &mentions[i];
        let bare_role = !m.reference
            && !m.codes.is_empty()
            && m.codes.iter().all(|c| c.starts_with("---"))
            && m.first > 0
            && norms[m.first - 1] == "THE";
        if bare_role {
            let head = norms[m.end - 1];
            let holds_head = |words: &[&str]| words.contains(&head);
            let in_sentence = here
                .iter()
                .rev()
                .take(RECENT_MENTIONS)
                .find(|(k, title)| {
                    holds_head(&norms[mentions[*k].first..mentions[*k].end]) || holds_head(&norms[title.clone()])
                })
                .map(|(k, _)| (mentions[*k].codes.clone(), mentions[*k].name.clone()));
            let earlier = || {
                let room = RECENT_MENTIONS.saturating_sub(here.len());
                memory
                    .recent
                    .iter()
                    .rev()
                    .take(room)
                    .find(|&&remembered| memory.words(remembered).split(' ').any(|w| w == head))
                    .map(|&remembered| memory.mention_parts(remembered))
            };
            if let Some((codes, name)) = in_sentence.or_else(earlier) {
                let m = &mut mentions[i];
                m.codes = codes;
                m.name = name.clone();
                m.reference = true;
                m.entries.push(Provenance::RefersTo { role: head.to_lowercase(), name });
                continue;
            }
        }
        // "U.S. envoy" + "Steve Witkoff": the title belongs to the person after it.
        let title = previous.take().filter(|title| title.end == m.first).unwrap_or(0..0);
        previous = Some(m.first..m.end);
        if known(&m.codes) && !m.reference {
            here.push((i, title));
        }
    }
    if !teach || here.is_empty() {
        return;
    }
    if memory.recent.capacity() == 0 {
        // Allocated once for the article, not grown mention by mention.
        memory.recent.reserve_exact(RECENT_MENTIONS + 1);
    }
    for (k, title) in here {
        let m = &mentions[k];
        let remembered = memory.remember([&norms[m.first..m.end], &norms[title]], &m.codes, &m.name);
        memory.recent.push(remembered);
        if memory.recent.len() > RECENT_MENTIONS {
            memory.recent.remove(0);
        }
    }
}

/// "Mao Ning, a Chinese foreign ministry spokeswoman," names an unknown person by
/// the description that follows.
fn appositions(
    sentence: usize,
    mentions: &mut [Mention],
    tokens: &[Token],
    norms: &[&str],
    memory: &mut ArticleMemory,
    teach: bool,
) {
    let mut k = 0;
    while k < mentions.len() {
        let m = &mentions[k];
        // The description: ", a|an|the <mention> ," right after a capitalised name.
        let det = m.first.checked_sub(1);
        let comma = m.first.checked_sub(2);
        let (Some(det), Some(comma)) = (det, comma) else {
            k += 1;
            continue;
        };
        let closes = m.end >= tokens.len() || matches!(norms[m.end], "," | "." | "SAID");
        if !(is_determiner(norms[det]) && norms[comma] == "," && closes) || m.reference {
            k += 1;
            continue;
        }
        let mut start = comma;
        while start > 0 && tokens[start - 1].cap && tokens[start - 1].kind == TokenKind::Word && comma - start < 4 {
            start -= 1;
        }
        let covered_by_earlier = k > 0 && mentions[k - 1].end > start;
        if start == comma || comma - start < 2 || covered_by_earlier {
            k += 1;
            continue;
        }
        let name = joined(&norms[start..comma]);
        if teach {
            memory.names.insert(norms[comma - 1].to_string(), (m.codes.clone(), name.clone()));
        }
        let person = Mention {
            sentence,
            first: start,
            end: comma,
            span: tokens[start].span.cover(tokens[comma - 1].span),
            name,
            codes: m.codes.clone(),
            group: usize::MAX,
            entries: m.entries.clone(),
            reference: false,
        };
        // The description is the same person: keep only the name.
        mentions[k] = person;
        k += 1;
    }
}

/// TABARI's rules (manual §7.7): HE/SHE/IT → the first actor of the sentence;
/// HIS/HER/ITS → the first actor before the pronoun; THEY/THEM/THEIR → the first
/// actor (in TABARI mode, the first compound actor if there is one: "Elrond and
/// Gondor urged Bree … then they requested" → ELF and GON). With no actor before it
/// in the sentence, the previous sentence's first actor.
fn resolve_pronouns(
    mentions: &mut Vec<Mention>,
    norms: &[&str],
    tokens: &[Token],
    dicts: &Compiled,
    memory: &ArticleMemory,
) {
    for i in 0..mentions.len() {
        if !mentions[i].reference || !mentions[i].codes.is_empty() {
            continue;
        }
        let word = norms[mentions[i].first];
        let plural = matches!(word, "THEY" | "THEM" | "THEIR");
        let compound =
            if plural && memory.tabari { first_compound(&mentions[..i], norms, tokens, dicts) } else { None };
        let referent = compound
            .or_else(|| {
                match word {
                    "HIS" | "HER" | "ITS" | "THEIR" => mentions[..i].iter().find(|m| !m.codes.is_empty()),
                    _ => mentions.iter().find(|m| !m.codes.is_empty() && !m.reference),
                }
                .filter(|m| m.first < mentions[i].first)
                .map(|m| (m.codes.clone(), m.name.clone()))
            })
            .or_else(|| memory.last_subject.map(|subject| memory.mention_parts(subject)));
        if let Some((codes, name)) = referent {
            mentions[i].codes = codes;
            mentions[i].name = name;
        }
    }
    mentions.retain(|m| !m.codes.is_empty());
}

/// The codes and names of the first compound of named actors among `mentions` (two
/// or more joined as [`group_compounds`] joins them), or `None`.
fn first_compound(
    mentions: &[Mention],
    norms: &[&str],
    tokens: &[Token],
    dicts: &Compiled,
) -> Option<(Vec<String>, String)> {
    let named = |m: &Mention| !m.reference && !m.codes.is_empty();
    let joined = |a: &Mention, b: &Mention| {
        a.end <= b.first && compound_gap(&norms[a.end..b.first], &tokens[a.end..b.first], dicts)
    };
    let start = (0..mentions.len().saturating_sub(1))
        .find(|&k| named(&mentions[k]) && named(&mentions[k + 1]) && joined(&mentions[k], &mentions[k + 1]))?;
    let mut end = start + 1;
    while end + 1 < mentions.len() && named(&mentions[end + 1]) && joined(&mentions[end], &mentions[end + 1]) {
        end += 1;
    }
    let members = &mentions[start..=end];
    let mut codes: Vec<String> = Vec::new();
    for code in members.iter().flat_map(|m| &m.codes) {
        if !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    Some((codes, names.join(" and ")))
}

/// Mentions separated only by commas, "and"/"or"/"nor", determiners and a few
/// modifiers form one compound group ("Mordor, the Shire, Fornost and Bree").
fn group_compounds(
    mentions: &mut [Mention],
    norms: &[&str],
    tokens: &[Token],
    dicts: &Compiled,
    memory: &mut ArticleMemory,
) {
    let in_mention = |mentions: &[Mention], t: usize| mentions.iter().any(|m| m.first <= t && t < m.end);
    let is_verb = |mentions: &[Mention], t: usize| {
        tokens[t].kind == TokenKind::Word && dicts.verbs.contains_key(norms[t]) && !in_mention(mentions, t)
    };
    // "… objected to the envoy, and Moscow rejected the plan": an object, a comma,
    // then the subject of a new clause, not a list. Found as the loop goes (it changes
    // only the groups): no vector per sentence.
    let starts_clause = |mentions: &[Mention], i: usize| {
        let (prev, next) = (&mentions[i - 1], &mentions[i]);
        let mut after = next.end;
        while after < norms.len()
            && after < next.end + 2
            && (is_auxiliary(norms[after]) || norms[after].ends_with("LY"))
        {
            after += 1;
        }
        norms[prev.end..next.first.max(prev.end)].contains(&",")
            && after < norms.len()
            && is_verb(mentions, after)
            && (0..prev.first).any(|t| is_verb(mentions, t))
    };
    // Whether the current group was joined by a conjunction yet.
    let mut conjoined = false;
    for i in 0..mentions.len() {
        if i > 0 {
            let (prev_end, first) = (mentions[i - 1].end, mentions[i].first);
            let gap = prev_end..first.max(prev_end);
            // PETRARCH-1: one conjunction per compound.
            let conjunction = memory.petrarch1 && norms[gap.clone()].iter().any(|n| is_conjunction(n));
            let second = conjoined && conjunction;
            // The gap before the clause test: most neighbours are not joined, and the
            // test looks up every earlier token among the verbs.
            let joined = first >= prev_end
                && !second
                && (compound_gap(&norms[gap.clone()], &tokens[gap.clone()], dicts)
                    || (!memory.tabari && possessive_compound_gap(&norms[gap.clone()], &tokens[gap], dicts)));
            if joined && !starts_clause(mentions, i) {
                mentions[i].group = mentions[i - 1].group;
                conjoined |= conjunction;
                continue;
            }
        }
        mentions[i].group = memory.next_group;
        memory.next_group += 1;
        conjoined = false;
    }
}

/// "Ithilen's sheep and goats of Gondor": two noun phrases joined by AND or OR, the
/// first an actor's possession, the second of (from, in) an actor; both actors are
/// the compound (PETRARCH's unit `COMPOUND-20`). TABARI joins them only when both
/// nouns are in its noun list (its `COMPOUND-18/19`), so its phrases skip this.
fn possessive_compound_gap(between: &[&str], tokens: &[Token], dicts: &Compiled) -> bool {
    let (Some(rest), Some(rest_tokens)) = (between.strip_prefix(&["'S"]), tokens.get(1..)) else {
        return false;
    };
    let Some(conj) = rest.iter().position(|n| matches!(*n, "AND" | "OR")) else {
        return false;
    };
    let mut right = conj + 1..rest.len();
    if rest.last() == Some(&"THE") {
        right.end -= 1;
    }
    if right.is_empty() || !matches!(rest[right.end - 1], "OF" | "FROM" | "IN") {
        return false;
    }
    right.end -= 1;
    let nouns = |range: std::ops::Range<usize>| {
        (1..=2).contains(&range.len())
            && range.clone().all(|i| {
                rest_tokens[i].kind == TokenKind::Word
                    && !is_phrase_break(rest[i])
                    && !is_determiner(rest[i])
                    && !dicts.verbs.contains_key(rest[i])
            })
    };
    nouns(0..conj) && nouns(right)
}

/// Whether the tokens `between` two mentions join them in a list: a comma or AND, OR,
/// NOR, and besides those and determiners at most three modifiers (words that are no
/// phrase break and no verb).
///
/// The words are sorted first, with no lookup: most gaps between mentions are a clause,
/// which the fourth modifier rules out, or hold no separator. Only then are the
/// modifiers looked up.
fn compound_gap(between: &[&str], tokens: &[Token], dicts: &Compiled) -> bool {
    let mut separator = false;
    let mut modifiers = [0; 3];
    let mut count = 0;
    for (k, n) in between.iter().enumerate() {
        match *n {
            "," | "AND" | "OR" | "NOR" => separator = true,
            n if is_determiner(n) => {}
            _ if count == modifiers.len() => return false,
            _ => {
                modifiers[count] = k;
                count += 1;
            }
        }
    }
    separator
        && modifiers[..count].iter().all(|&k| {
            tokens[k].kind == TokenKind::Word && !is_phrase_break(between[k]) && !dicts.verbs.contains_key(between[k])
        })
}
