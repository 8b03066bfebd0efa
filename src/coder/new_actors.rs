//! PETRARCH's `new_actor_length` option: noun phrases that hold no dictionary actor
//! become actors coded by their own words in quotes ("Gryffindor's head Minerva
//! McGonagall" → `"GRYFFINDOR HEAD MINERVA MCGONAGALL"`), so that post-processing
//! can find frequent names the dictionaries lack.
//!
//! PETRARCH took the noun phrases from the parse; without one, a noun phrase is a
//! run of words with no preposition (except OF, which PETRARCH's phrases keep:
//! "the Ministry of Magic"), conjunction, relative word, auxiliary, pronoun or verb
//! reading in it.

use crate::article::Mention;
use crate::dict::Compiled;
use crate::text::{Token, TokenKind};

/// Words that end a noun phrase.
const BREAKS: &[&str] = &[
    "IN", "FROM", "FOR", "WITH", "TO", "ON", "AT", "BY", "AGAINST", "ABOUT", "AFTER", "BEFORE", "OVER", "INTO",
    "BETWEEN", "AMONG", "DURING", "UNDER", "THROUGH", "NEAR", "SINCE", "UNTIL", "ACROSS", "TOWARD", "TOWARDS",
    "WITHOUT", "WITHIN", "VIA", "UPON", "AND", "OR", "NOR", "BUT", "THAT", "WHO", "WHOM", "WHOSE", "WHICH", "WHERE",
    "WHEN", "WHILE", "IF", "AS", "THAN", "IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "HAS", "HAVE", "HAD", "DO",
    "DOES", "DID", "WILL", "WOULD", "CAN", "COULD", "MAY", "MIGHT", "SHALL", "SHOULD", "MUST", "NOT", "N'T", "HE",
    "SHE", "IT", "THEY", "WE", "I", "YOU", "THEM", "HIM", "US", "THERE",
];
/// Words after which a verb form is read as a noun ("Gryffindor's head").
const DETERMINERS: &[&str] = &["THE", "A", "AN", "'S", "ITS", "THEIR", "HIS", "HER", "OUR", "MY", "YOUR"];

/// A maximal run of noun-phrase tokens, and the group of the dictionary actor in
/// it, if any.
struct Phrase {
    first: usize,
    end: usize,
    group: Option<usize>,
}

/// `mentions` (in token order) with a new actor for each noun phrase of 1 to
/// `max_words` words (the possessive `'s` not counted) that holds no mention.
/// A new actor joined by AND/OR to another phrase shares its compound group
/// ("Eriador's death and injury toll": ERI and `"INJURY TOLL"`).
pub(super) fn with_new_actors(
    sentence: usize,
    tokens: &[Token],
    norms: &[&str],
    mentions: &[Mention],
    dicts: &Compiled,
    max_words: usize,
) -> Vec<Mention> {
    let mention_group = |t: usize| mentions.iter().find(|m| m.first <= t && t < m.end).map(|m| m.group);
    let in_phrase = |t: usize| {
        if mention_group(t).is_some() {
            return true;
        }
        let norm = norms[t];
        if norm == "'S" || norm == "OF" {
            return true;
        }
        if tokens[t].kind == TokenKind::Punct || BREAKS.contains(&norm) {
            return false;
        }
        let verb = dicts.verbs.contains_key(norm) && !tokens[t].cap;
        !verb || t > 0 && DETERMINERS.contains(&norms[t - 1])
    };
    let mut phrases: Vec<Phrase> = Vec::new();
    let mut t = 0;
    while t < tokens.len() {
        if !in_phrase(t) {
            t += 1;
            continue;
        }
        let first = t;
        while t < tokens.len() && in_phrase(t) {
            t += 1;
        }
        // A phrase neither starts nor ends with OF or a possessive marker.
        let (mut a, mut b) = (first, t);
        while a < b && matches!(norms[a], "OF" | "'S") {
            a += 1;
        }
        while b > a && norms[b - 1] == "OF" {
            b -= 1;
        }
        if a < b {
            phrases.push(Phrase { first: a, end: b, group: (a..b).find_map(mention_group) });
        }
    }

    let mut all = mentions.to_vec();
    // Group numbers of new actors, far from those the actor stage hands out.
    let mut next_group = usize::MAX / 2;
    // The previous phrase: its end, its group, and its new actor's index in `all`.
    let mut previous: Option<(usize, usize, Option<usize>)> = None;
    for phrase in &phrases {
        let joined = previous.filter(|&(end, _, _)| joined_by_conjunction(&norms[end..phrase.first]));
        let (group, added) = match phrase.group {
            Some(g) => {
                // "injury toll and Eriador's death": the new actor before joins this group.
                if let Some(m) = joined.and_then(|(_, _, added)| added) {
                    all[m].group = g;
                }
                (g, None)
            }
            None => {
                let words: Vec<&str> = norms[phrase.first..phrase.end].iter().copied().filter(|n| *n != "'S").collect();
                let group = joined.map(|(_, g, _)| g).unwrap_or_else(|| {
                    next_group += 1;
                    next_group
                });
                let added = (!words.is_empty() && words.len() <= max_words).then(|| {
                    all.push(new_actor(sentence, tokens, phrase, &words, group));
                    all.len() - 1
                });
                (group, added)
            }
        };
        previous = Some((phrase.end, group, added));
    }
    all.sort_by_key(|m| m.first);
    all
}

/// Only AND or OR, perhaps after a comma, lies between two phrases.
fn joined_by_conjunction(between: &[&str]) -> bool {
    matches!(between, ["AND" | "OR"] | [",", "AND" | "OR"])
}

fn new_actor(sentence: usize, tokens: &[Token], phrase: &Phrase, words: &[&str], group: usize) -> Mention {
    let span = tokens[phrase.first].span.cover(tokens[phrase.end - 1].span);
    Mention {
        sentence,
        first: phrase.first,
        end: phrase.end,
        span,
        name: words.join(" "),
        codes: vec![format!("\"{}\"", words.join(" "))],
        group,
        entries: Vec::new(),
        reference: false,
    }
}
