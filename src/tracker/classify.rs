//! What one stored event says about a ceasefire or negotiation: its topic (from the words of
//! its sentence, else from its CAMEO code), the kind of step it is (from its code, verb and
//! modality), and the sentence cues that move a track's status (took effect, collapsed,
//! extended, violated).
//!
//! The coder already decided who did what to whom; this reads only the sentence text it
//! stored with the event, for the topic words the CAMEO code does not carry.

use serde::Serialize;

/// What a track is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Ceasefire, truce, armistice, cessation of hostilities.
    Ceasefire,
    /// Peace plan, deal, agreement, accord, framework, treaty.
    PeacePlan,
    /// Prisoner or hostage exchanges and releases.
    PrisonerExchange,
    /// Talks and negotiations with no more specific topic named.
    Negotiations,
}

impl Topic {
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Ceasefire => "ceasefire",
            Topic::PeacePlan => "peace_plan",
            Topic::PrisonerExchange => "prisoner_exchange",
            Topic::Negotiations => "negotiations",
        }
    }
}

/// Topic words, lower case, matched at word starts; on a tie in distance the one listed
/// first wins.
const TOPIC_WORDS: &[(&str, Topic)] = &[
    ("prisoner exchange", Topic::PrisonerExchange),
    ("prisoner swap", Topic::PrisonerExchange),
    ("prisoners exchange", Topic::PrisonerExchange),
    ("exchange of prisoners", Topic::PrisonerExchange),
    ("swap of prisoners", Topic::PrisonerExchange),
    ("exchange of bodies", Topic::PrisonerExchange),
    ("prisoners of war", Topic::PrisonerExchange),
    ("pows", Topic::PrisonerExchange),
    ("hostage deal", Topic::PrisonerExchange),
    ("hostage release", Topic::PrisonerExchange),
    ("release of hostages", Topic::PrisonerExchange),
    ("ceasefire", Topic::Ceasefire),
    ("cease-fire", Topic::Ceasefire),
    ("cease fire", Topic::Ceasefire),
    ("truce", Topic::Ceasefire),
    ("armistice", Topic::Ceasefire),
    ("cessation of hostilities", Topic::Ceasefire),
    ("peace plan", Topic::PeacePlan),
    ("peace deal", Topic::PeacePlan),
    ("peace agreement", Topic::PeacePlan),
    ("peace accord", Topic::PeacePlan),
    ("peace proposal", Topic::PeacePlan),
    ("peace framework", Topic::PeacePlan),
    ("peace treaty", Topic::PeacePlan),
    ("peace settlement", Topic::PeacePlan),
    ("peace initiative", Topic::PeacePlan),
    ("peace roadmap", Topic::PeacePlan),
    ("peace talks", Topic::Negotiations),
    ("peace process", Topic::Negotiations),
    ("talks", Topic::Negotiations),
    ("negotiat", Topic::Negotiations),
    ("mediat", Topic::Negotiations),
];

/// The topic an event's sentence names: the specific topic word (anything but talks and
/// negotiations, which are about something: "talks on the ceasefire") nearest to the
/// event's verb, a word after the verb (its object) counting as nearer than one the same
/// distance before it; else talks; else the CAMEO codes that name a topic themselves.
pub fn topic(sentence: &str, verb: Option<&str>, code: &str) -> Option<Topic> {
    let lower = sentence.to_lowercase();
    let anchor = verb.and_then(|v| find_word(&lower, &v.to_lowercase()));
    let (specific, general): (Vec<_>, Vec<_>) =
        TOPIC_WORDS.iter().partition(|(_, topic)| *topic != Topic::Negotiations);
    nearest(&lower, anchor, &specific).or_else(|| nearest(&lower, anchor, &general)).or_else(|| topic_of_code(code))
}

fn nearest(lower: &str, anchor: Option<usize>, words: &[&(&str, Topic)]) -> Option<Topic> {
    let mut best: Option<(usize, Topic)> = None;
    for &&(word, topic) in words {
        let mut from = 0;
        while let Some(at) = find_word(&lower[from..], word).map(|i| i + from) {
            let distance = match anchor {
                Some(v) if at >= v => at - v,
                Some(v) => 2 * (v - at),
                None => at,
            };
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, topic));
            }
            from = at + word.len();
        }
    }
    best.map(|(_, t)| t)
}

/// Codes whose meaning is a topic: de-escalation and ceasefire codes, negotiation codes,
/// settlement codes.
fn topic_of_code(code: &str) -> Option<Topic> {
    match code {
        "0256" | "0356" | "0871" | "1056" | "107" | "1246" | "196" => Some(Topic::Ceasefire),
        "027" | "037" | "127" => Some(Topic::PeacePlan),
        "026" | "028" | "036" | "038" | "039" | "045" | "046" | "105" | "108" | "125" | "126" => {
            Some(Topic::Negotiations)
        }
        _ => None,
    }
}

/// Byte offset of `word` in `text` where it starts a word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word).map(|i| i + from) {
        let starts_word = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if starts_word {
            return Some(i);
        }
        from = i + word.len();
    }
    None
}

/// What a step is, from its CAMEO code, verb and modality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 02x: an appeal or call for it.
    Appeal,
    /// 03x (not an acceptance), or any step coded with `proposed` modality.
    Proposal,
    /// 04x: meetings, calls, visits, mediation, negotiation.
    Talks,
    /// 057, 08x, and 03x whose verb is accept/agree: a side takes it on.
    Acceptance,
    /// 0871 whose verb is not accept/agree: a side declares a truce.
    Declaration,
    /// An acceptance, declaration or proposal coded `conditional`, or one in a sentence that
    /// speaks of conditions without asserting it: the side sets terms.
    Conditions,
    /// 084x: persons or property handed over.
    Release,
    /// 10x.
    Demand,
    /// 11x: accusations and criticism.
    Accusation,
    /// 12x, or an acceptance, declaration, proposal or talks coded `refused`.
    Rejection,
    /// 13x.
    Threat,
    /// 16x: reduced relations, sanctions.
    Sanction,
    /// 196, or 18x/19x/20x between the sides while a ceasefire is declared.
    Violation,
    /// 18x/19x/20x outside a declared ceasefire.
    Fighting,
    /// Any other code in a sentence about the topic.
    Other,
}

/// The verb words that make a 03x or 0871 event an acceptance.
fn is_accept_verb(verb: Option<&str>) -> bool {
    verb.is_some_and(|v| {
        let v = v.to_lowercase();
        ["accept", "agree", "endorse", "sign", "approve", "embrace", "back"].iter().any(|w| v.starts_with(w))
    })
}

/// The kind of step an event is. `modality` is the coder's (asserted, expected, proposed,
/// refused, conditional, hypothetical).
pub fn kind(code: &str, verb: Option<&str>, modality: &str, sentence: &str) -> Kind {
    let root = code.get(..2).unwrap_or(code);
    let coded = match root {
        "02" => Kind::Appeal,
        "03" if is_accept_verb(verb) => Kind::Acceptance,
        "03" => Kind::Proposal,
        "04" => Kind::Talks,
        "05" if code == "057" => Kind::Acceptance,
        "08" if code == "0871" && !is_accept_verb(verb) => Kind::Declaration,
        "08" if code.starts_with("084") => Kind::Release,
        "08" => Kind::Acceptance,
        "10" => Kind::Demand,
        "11" => Kind::Accusation,
        "12" => Kind::Rejection,
        "13" => Kind::Threat,
        "16" => Kind::Sanction,
        "18" | "19" | "20" if code == "196" => Kind::Violation,
        "18" | "19" | "20" => Kind::Fighting,
        _ => Kind::Other,
    };
    let taking_on = matches!(coded, Kind::Acceptance | Kind::Declaration);
    let offering = taking_on || coded == Kind::Proposal;
    match modality {
        "refused" if offering || coded == Kind::Talks => Kind::Rejection,
        "proposed" if !matches!(coded, Kind::Rejection | Kind::Fighting | Kind::Violation) => Kind::Proposal,
        "conditional" if offering => Kind::Conditions,
        "asserted" => coded,
        _ if offering && mentions_conditions(sentence) => Kind::Conditions,
        _ => coded,
    }
}

fn mentions_conditions(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    ["condition", "guarantee", "only if", "provided that", "unless", "demands"].iter().any(|w| lower.contains(w))
}

/// What a sentence says about the state of the thing a step is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// It took effect, came into force, is holding.
    InForce,
    /// It was extended or renewed.
    Extended,
    /// It collapsed, broke down, expired, was called off or abandoned.
    Collapsed,
    /// Someone says it was violated or breached.
    Violated,
}

/// Past and present forms only: "will take effect" is not a fact yet.
const IN_FORCE: &[&str] = &[
    "took effect",
    "has taken effect",
    "have taken effect",
    "came into force",
    "came into effect",
    "entered into force",
    "went into effect",
    "remains in force",
    "remained in force",
    "remains in effect",
    "remained in effect",
    "is now in effect",
    "is in effect",
    "was in effect",
    "is holding",
    "was holding",
    "has held",
    "largely held",
    "began at midnight",
    "observing the truce",
    "observing the ceasefire",
];
const EXTENDED: &[&str] = &["extended", "extension of", "prolonged", "renewed the"];
const COLLAPSED: &[&str] = &[
    "collapsed",
    "collapses",
    "broke down",
    "has broken down",
    "had broken down",
    "ended without",
    "expired",
    "is over",
    "was over",
    "abandoned",
    "withdrew from",
    "pulled out of",
    "scrapped",
    "called off",
    "no longer in force",
    "resumed fighting",
    "resumed its offensive",
];
const VIOLATED: &[&str] = &["violat", "breach", "broke the", "broken the"];

/// The cues a sentence carries, strongest last (collapse outranks the rest).
pub fn cues(sentence: &str) -> Vec<Cue> {
    let lower = sentence.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let mut out = Vec::new();
    if any(IN_FORCE) {
        out.push(Cue::InForce);
    }
    if any(EXTENDED) {
        out.push(Cue::Extended);
    }
    if any(VIOLATED) {
        out.push(Cue::Violated);
    }
    if any(COLLAPSED) {
        out.push(Cue::Collapsed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_is_the_word_nearest_the_verb() {
        let s = "Ukraine accepted the ceasefire, and both sides agreed a prisoner exchange.";
        assert_eq!(topic(s, Some("accepted"), "0871"), Some(Topic::Ceasefire));
        assert_eq!(topic(s, Some("agreed"), "030"), Some(Topic::PrisonerExchange));
        assert_eq!(topic("Putin met Witkoff in Moscow.", Some("met"), "040"), None);
        assert_eq!(topic("Putin met Witkoff in Moscow.", Some("met"), "046"), Some(Topic::Negotiations));
        assert_eq!(topic("The talks went well.", None, "040"), Some(Topic::Negotiations));
        assert_eq!(topic("Witkoff met Putin for talks on the truce.", Some("met"), "046"), Some(Topic::Ceasefire));
        // "stalks" is not "talks".
        assert_eq!(topic("Hunger stalks the city.", None, "040"), None);
    }

    #[test]
    fn modality_changes_the_kind() {
        assert_eq!(kind("0871", Some("accepted"), "asserted", ""), Kind::Acceptance);
        assert_eq!(kind("0871", Some("declared"), "asserted", ""), Kind::Declaration);
        assert_eq!(kind("0871", Some("accept"), "refused", ""), Kind::Rejection);
        assert_eq!(kind("0871", Some("accept"), "conditional", ""), Kind::Conditions);
        assert_eq!(kind("030", Some("guarantees"), "hypothetical", "it would need guarantees"), Kind::Conditions);
        assert_eq!(kind("0871", Some("accept"), "expected", "Russia will accept the truce"), Kind::Acceptance);
        assert_eq!(kind("190", Some("fired"), "asserted", ""), Kind::Fighting);
        assert_eq!(kind("196", Some("violated"), "asserted", ""), Kind::Violation);
        assert_eq!(kind("036", Some("offered"), "asserted", ""), Kind::Proposal);
    }

    #[test]
    fn cues_are_facts_not_futures() {
        assert_eq!(cues("The truce took effect at midnight."), vec![Cue::InForce]);
        assert!(cues("The truce will take effect at midnight.").is_empty());
        assert_eq!(cues("Kyiv said the truce had collapsed."), vec![Cue::Collapsed]);
        assert_eq!(cues("Moscow accused Kyiv of violating the truce."), vec![Cue::Violated]);
    }
}
