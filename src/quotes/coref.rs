//! A within-article coreference chain: which named person or body a pronoun ("he"),
//! a surname ("Witkoff") or a title ("the envoy", "the ministry's spokeswoman",
//! "the Kremlin") refers to.
//!
//! Built from the actor stage's mentions (names, codes, spans); the entities are the
//! named actors in text order, each with the words that describe it nearby: its
//! title ("U.S. envoy Steve Witkoff"), its apposition ("Maria Zakharova, the foreign
//! ministry's spokeswoman,"). The quote stage uses it for speakers; the event coder
//! could use it for its sources the same way (`Chain::resolve` takes any token range).

use crate::article::{Article, Mention};
use crate::span::Span;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

use super::flat::Flat;

/// What a phrase refers to, borrowed from the article: the caller copies what it keeps.
#[derive(Clone, Debug, PartialEq)]
pub struct Referent<'a> {
    pub name: &'a str,
    /// Actor codes; empty for a person or body the dictionaries do not know.
    pub codes: &'a [String],
    /// The entity in the chain.
    pub entity: usize,
}

#[derive(Clone, Debug)]
struct Entity<'a> {
    /// Borrowed from the article (its mention's name or text).
    name: &'a str,
    /// Borrowed from its mention.
    codes: &'a [String],
    /// Byte offset of its latest mention.
    at: usize,
    person: bool,
    /// Its number in the order entities were added: the chain's `words` name it by
    /// this, as sorting the entities by `at` moves them.
    id: usize,
}

pub struct Chain<'a> {
    entities: Vec<Entity<'a>>,
    /// Each article mention's [`display_name`] and whether it [`looks_personal`], by
    /// mention index, once asked: the chain and then each speaker's resolution ask about
    /// the same mentions, and the name's words cost a set lookup each.
    described: Vec<Option<(&'a str, bool)>>,
    /// The words that describe each entity (name parts, titles, appositions): (entity
    /// `id`, flat token range), whose norms they are. Ranges in one vector, not a
    /// vector of words per entity: most chains are built and never asked for a title.
    words: Vec<(usize, usize, usize)>,
}

const PRONOUNS: &[&str] = &["HE", "SHE", "HIM", "HER", "HIS", "I", "IT", "THEY", "WE", "ITS", "THEIR"];
const TITLE_STOP: &[&str] = &["THE", "A", "AN", ",", "AND", "OF", "SAID", "TOLD", "."];

/// Words that title a name rather than belong to it ("Foreign Minister Sergei Lavrov").
const TITLE_WORDS: &[&str] = &[
    "PRESIDENT",
    "PRIME",
    "MINISTER",
    "FOREIGN",
    "DEFENSE",
    "DEFENCE",
    "SECRETARY",
    "STATE",
    "GENERAL",
    "GEN.",
    "SENATOR",
    "SEN.",
    "REP.",
    "GOVERNOR",
    "GOV.",
    "MAYOR",
    "CHANCELLOR",
    "AMBASSADOR",
    "ENVOY",
    "ADVISER",
    "ADVISOR",
    "SPOKESMAN",
    "SPOKESWOMAN",
    "SPOKESPERSON",
    "CHIEF",
    "DIRECTOR",
    "COMMISSIONER",
    "DEPUTY",
    "VICE",
    "SPECIAL",
    "INTERIOR",
    "FINANCE",
    "KING",
    "QUEEN",
    "POPE",
    "SHEIKH",
    "LEADER",
    "OFFICER",
    "MR.",
    "MRS.",
    "MS.",
    "DR.",
    "SPEAKER",
    "SECRETARY-GENERAL",
    "U.S.",
    "US",
    "UN",
    "U.N.",
    "EU",
    "NATIONAL",
    "SECURITY",
    "HOUSE",
    "WHITE",
    "CHAIRMAN",
    "HEAD",
    "JUSTICE",
    "ATTORNEY",
    "COLONEL",
    "COL.",
    "LT.",
    "CAPT.",
    "ADMIRAL",
    "ADM.",
    "MARSHAL",
    "FIELD",
    "SUPREME",
    "CROWN",
    "PRINCE",
    "EMIR",
    "AYATOLLAH",
    "PRESIDENT-ELECT",
    "FORMER",
    "ACTING",
];

/// Whether `norm` is one of [`TITLE_WORDS`]: a set, since names are checked word by word.
fn is_title_word(norm: &str) -> bool {
    static TITLES: LazyLock<FxHashSet<&str>> = LazyLock::new(|| TITLE_WORDS.iter().copied().collect());
    TITLES.contains(norm)
}

/// A readable form of a mention's name. Names the actor stage composed from token
/// norms ("NATIONAL SECURITY ADVISER MIKE WALTZ") become the person's name as written
/// ("Mike Waltz"), or the mention's text when no name ends it ("Russian officials").
fn display_name<'a>(flat: &Flat<'a>, m: &'a Mention) -> &'a str {
    // Bytes first: most names are ASCII, and decoding each char cost more than the test.
    let lowercase = m.name.bytes().any(|b| b.is_ascii_lowercase())
        || !m.name.is_ascii() && m.name.chars().any(|c| c.is_lowercase());
    if lowercase {
        return &m.name;
    }
    let first = flat.index(m.sentence, m.first);
    let end = flat.index(m.sentence, m.end);
    let mut start = end;
    while start > first && flat.tok(start - 1).cap && flat.is_word(start - 1) && !is_title_word(flat.norm(start - 1)) {
        start -= 1;
    }
    let titled = start > first && is_title_word(flat.norm(start - 1));
    if start < end && (end - start >= 2 || titled) {
        return Span::new(flat.tok(start).span.start, flat.tok(end - 1).span.end).slice(flat.text);
    }
    m.span.slice(flat.text)
}

/// Two to four words, each capitalised, some in lower case after its capital
/// ("Steve Witkoff", not "NATO" or "Russian officials"). One pass over the words: it
/// is asked of every named mention of an article that quotes.
fn looks_personal(name: &str) -> bool {
    if name.is_ascii() {
        return looks_personal_ascii(name.as_bytes());
    }
    let mut count = 0;
    let mut lower = false;
    for word in name.split_whitespace() {
        count += 1;
        let mut chars = word.chars();
        if !chars.next().is_some_and(char::is_uppercase) {
            return false;
        }
        lower = lower || chars.any(char::is_lowercase);
    }
    (2..=4).contains(&count) && lower
}

/// [`looks_personal`] on bytes, for the ASCII names that most are: the same tests
/// without decoding chars (whitespace as `char::is_whitespace` reads it in ASCII).
fn looks_personal_ascii(name: &[u8]) -> bool {
    let mut count = 0;
    let mut lower = false;
    for word in name.split(|b| matches!(b, b'\t'..=b'\r' | b' ')).filter(|w| !w.is_empty()) {
        count += 1;
        if !word[0].is_ascii_uppercase() {
            return false;
        }
        lower = lower || word[1..].iter().any(u8::is_ascii_lowercase);
    }
    (2..=4).contains(&count) && lower
}

impl<'a> Chain<'a> {
    /// The chain of an article's named mentions; mentions inside quotations
    /// (`quoted[flat index]`, empty when nothing is quoted) are not antecedents.
    pub fn new(article: &'a Article, flat: &Flat<'a>, quoted: &[bool]) -> Chain<'a> {
        let mut chain =
            Chain { entities: Vec::new(), described: vec![None; article.mentions.len()], words: Vec::new() };
        for (i, m) in article.mentions.iter().enumerate() {
            let first = flat.index(m.sentence, m.first);
            let end = flat.index(m.sentence, m.end);
            // A mention the actor stage resolved to an earlier one ("the envoy") adds
            // no antecedent of its own.
            let unnamed = m.reference || m.codes.iter().all(|c| c.starts_with("---"));
            if quoted.get(first).copied().unwrap_or(false) || unnamed {
                continue;
            }
            if PRONOUNS.contains(&flat.norm(first)) {
                continue;
            }
            let (name, person) = chain.describe(flat, article, i);
            // The name with the title words before it: "U.S. envoy Steve Witkoff".
            let (sent_first, sent_end) = flat.sentence_range(first);
            let mut k = first;
            while k > sent_first && first - k < 4 && flat.is_word(k - 1) && !TITLE_STOP.contains(&flat.norm(k - 1)) {
                k -= 1;
            }
            let titled = (k, end);
            // An apposition: ", the ministry's spokeswoman,".
            let mut apposition = (end, end);
            if end < sent_end && flat.norm(end) == "," {
                let mut k = end + 1;
                while k < sent_end && k - end < 10 && flat.norm(k) != "," && flat.norm(k) != "." {
                    k += 1;
                }
                apposition = (end + 1, k);
            }
            chain.add(name, &m.codes, m.span.start, person, &[titled, apposition]);
        }
        chain.entities.sort_by_key(|e| e.at);
        chain
    }

    /// Mention `i`'s display name and whether it looks personal, read once per article.
    fn describe(&mut self, flat: &Flat<'a>, article: &'a Article, i: usize) -> (&'a str, bool) {
        *self.described[i].get_or_insert_with(|| {
            let name = display_name(flat, &article.mentions[i]);
            (name, looks_personal(name))
        })
    }

    /// Adds a mention of `name` (a new entity, or one already named so), with the words
    /// that describe it as flat token ranges (empty ranges add none).
    fn add(&mut self, name: &'a str, codes: &'a [String], at: usize, person: bool, words: &[(usize, usize)]) -> usize {
        let i = match self.entities.iter().position(|e| e.name == name) {
            Some(i) => {
                let e = &mut self.entities[i];
                e.at = e.at.max(at);
                if e.codes.is_empty() {
                    e.codes = codes;
                }
                i
            }
            None => {
                // Ids are never reused: entities are only added.
                let id = self.entities.len();
                self.entities.push(Entity { name, codes, at, person, id });
                id
            }
        };
        let id = self.entities[i].id;
        self.words.extend(words.iter().filter(|(from, to)| from < to).map(|&(from, to)| (id, from, to)));
        i
    }

    /// Whether `word` describes entity `e` (one of its name, title or apposition words).
    fn describes(&self, flat: &Flat<'a>, e: &Entity, word: &str) -> bool {
        self.words.iter().any(|&(id, from, to)| id == e.id && flat.norms(from, to).contains(&word))
    }

    fn referent(&self, entity: usize) -> Referent<'a> {
        let e = &self.entities[entity];
        Referent { name: e.name, codes: e.codes, entity }
    }

    /// The latest entity mentioned before byte `before` that fits.
    fn latest(&self, before: usize, fits: impl Fn(&Entity) -> bool) -> Option<usize> {
        (0..self.entities.len())
            .filter(|&i| self.entities[i].at < before && fits(&self.entities[i]))
            .max_by_key(|&i| self.entities[i].at)
    }

    /// Records that `entity` was referred to at byte `at` (a speaker just named), so
    /// that a later "he" prefers it.
    pub fn touch(&mut self, entity: usize, at: usize) {
        let e = &mut self.entities[entity];
        e.at = e.at.max(at);
    }

    /// Resolves the phrase at flat tokens `first..end` (its mentions from `mentions`).
    pub fn resolve(&mut self, article: &'a Article, flat: &Flat<'a>, first: usize, end: usize) -> Option<Referent<'a>> {
        let at = flat.tok(first).span.start;
        let head = flat.norm(end - 1);
        if end - first == 1 && PRONOUNS.contains(&head) {
            let plural = matches!(head, "THEY" | "IT" | "WE" | "ITS" | "THEIR");
            let found = self
                .latest(at, |e| e.person != plural && !e.codes.is_empty() || e.person && !plural)
                .or_else(|| self.latest(at, |_| true));
            return found.map(|i| self.referent(i));
        }
        let span = Span::new(at, flat.tok(end - 1).span.end);
        // The mentions inside the phrase; a person's name wins over the title before it
        // ("Kremlin spokesman Dmitry Peskov"), else the last one (the phrase's head).
        // Mention indices, for the names described once.
        let inside: Vec<usize> = (0..article.mentions.len())
            .filter(|&i| {
                let m = &article.mentions[i];
                m.span.start < span.end
                    && span.start < m.span.end
                    && !PRONOUNS.contains(&flat.norm(flat.index(m.sentence, m.first)))
            })
            .collect();
        let coded = |i: &usize| article.mentions[*i].codes.iter().any(|c| !c.starts_with("---"));
        let mut mention = None;
        for &i in inside.iter().filter(|i| coded(i)) {
            if self.describe(flat, article, i).1 {
                mention = Some(i);
                break;
            }
        }
        let mention = mention.or_else(|| inside.iter().rev().copied().find(coded)).or_else(|| inside.last().copied());
        let titled = first..end;
        let capitalised = titled.clone().filter(|&i| flat.is_word(i)).all(|i| flat.tok(i).cap || flat.norm(i) == "'S");
        // A mention with a proper code names the speaker here.
        if let Some(i) = mention.filter(coded) {
            let m = &article.mentions[i];
            let (name, person) = self.describe(flat, article, i);
            let i = self.add(name, &m.codes, at, person, &[]);
            return Some(self.referent(i));
        }
        if capitalised {
            // A surname or name met earlier: "Witkoff" → Steve Witkoff.
            let last = flat.tok(end - 1).span.slice(&article.text);
            if let Some(i) = self.latest(at + 1, |e| e.name.split_whitespace().last() == Some(last) && e.person) {
                return Some(self.referent(i));
            }
            if let Some(i) = self.latest(at + 1, |e| e.name.split_whitespace().last() == Some(last)) {
                return Some(self.referent(i));
            }
        } else if let Some(i) = self.latest(at, |e| self.describes(flat, e, head)) {
            // A title: "the envoy" → the person last described as an envoy.
            return Some(self.referent(i));
        }
        if let Some(m) = mention.map(|i| &article.mentions[i]) {
            // An agent with no country ("officials"): its own code.
            let name = span.slice(&article.text);
            let i = self.add(name, &m.codes, at, false, &[]);
            return Some(self.referent(i));
        }
        if capitalised {
            // A new name the dictionaries do not know ("said Paul Martin").
            let name = span.slice(&article.text);
            let person = looks_personal(name);
            let i = self.add(name, &[], at, person, &[(first, end)]);
            return Some(self.referent(i));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Sentence;
    use crate::text::{split_sentences, tokenize};

    /// An article of `text` with one coded mention of `name`, the tokens of its first
    /// sentence whose norms are `words`.
    fn article_naming(text: &str, words: &[&str], name: &str) -> Article {
        let mut article = Article::new(text, None);
        article.sentences = split_sentences(text)
            .into_iter()
            .map(|span| Sentence { span, tokens: tokenize(text, span), skipped: None })
            .collect();
        let tokens = &article.sentences[0].tokens;
        let first = (0..tokens.len()).find(|&i| tokens[i].norm.as_str() == words[0]).unwrap();
        let end = first + words.len();
        let span = Span::new(tokens[first].span.start, tokens[end - 1].span.end);
        article.mentions.push(Mention {
            sentence: 0,
            first,
            end,
            span,
            name: name.to_string(),
            codes: vec!["USAGOV".to_string()],
            group: 0,
            entries: Vec::new(),
            reference: false,
        });
        article
    }

    /// The name the phrase of sentence 1 with norms `words` resolves to.
    fn resolved<'a>(article: &'a Article, words: &[&str]) -> Option<&'a str> {
        let flat = Flat::new(article);
        let mut chain = Chain::new(article, &flat, &[]);
        let from = flat.sent_first[1];
        let first = (from..flat.len()).find(|&i| flat.norm(i) == words[0]).unwrap();
        chain.resolve(article, &flat, first, first + words.len()).map(|r| r.name)
    }

    #[test]
    fn titles_and_appositions_describe_their_entity() {
        let text = "U.S. envoy Steve Witkoff met them. The envoy left.";
        let article = article_naming(text, &["STEVE", "WITKOFF"], "Steve Witkoff");
        assert_eq!(resolved(&article, &["THE", "ENVOY"]), Some("Steve Witkoff"));
        let text = "Maria Zakharova, the ministry's spokeswoman, spoke. The spokeswoman left.";
        let article = article_naming(text, &["MARIA", "ZAKHAROVA"], "Maria Zakharova");
        assert_eq!(resolved(&article, &["THE", "SPOKESWOMAN"]), Some("Maria Zakharova"));
        assert_eq!(resolved(&article, &["LEFT"]), None);
    }

    #[test]
    fn personal_names() {
        for (name, personal) in [
            ("Steve Witkoff", true),
            ("Maria\tZakharova", true),
            ("NATO", false),
            ("Russian officials", false),
            ("U.S. Envoy Steve Witkoff Jr", false),
            ("Sergei Lavrov", true),
            ("Émile Zola", true),
        ] {
            assert_eq!(looks_personal(name), personal, "{name}");
        }
    }
}
