//! Ceasefire and negotiation tracks: stored events regrouped by the two sides of a conflict
//! and what they are about (ceasefire, peace plan, prisoner exchange, negotiations), with
//! each track's steps in date order and where it stands now.
//!
//! Why a separate stage: an event says "Ukraine accepted a plan proposed by Washington"
//! (UKR→USA 0871); a track must say "the Russia–Ukraine ceasefire is accepted by one side,
//! with the United States mediating". That needs every event of the story at once: which
//! pairs of countries fight each other (18x–20x between them) decides which pair a
//! mediator's or a one-sided event belongs to, and the track's status decides whether an
//! attack is a ceasefire violation. Pure logic over [`EventRow`]s; docs/tracker.md defines
//! the statuses and step kinds.

mod classify;
mod status;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::store::write::country;
use crate::store::EventRow;
pub use classify::{Kind, Topic};
pub use status::Status;

use classify::Cue;
use status::{Move, State};

/// One side of a dyad, or a mediator: a country (or international) code and its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Side {
    pub code: String,
    pub name: String,
}

/// An article behind a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleRef {
    pub id: i64,
    pub url: Option<String>,
    pub title: Option<String>,
}

/// One step of a track: events of one day with the same kind, actors, code and modality.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// YYYY-MM-DD.
    pub date: String,
    pub kind: Kind,
    /// Actor codes as coded ("USAGOV"), `---` for an empty slot.
    pub source: String,
    pub target: String,
    pub source_name: Option<String>,
    pub target_name: Option<String>,
    /// Whether the source is one of the two sides or a mediator.
    pub role: Role,
    pub code: String,
    /// The CAMEO name of `code`.
    pub code_name: Option<String>,
    pub modality: String,
    /// Whether the step happened: asserted, or a proposal, refusal or conditions that were
    /// made. An expected or hypothetical step is shown but moves no status.
    pub done: bool,
    /// The first event's sentence: the evidence.
    pub sentence: String,
    pub events: Vec<i64>,
    pub articles: Vec<ArticleRef>,
    /// The track's status after this step.
    pub status: Status,
}

/// Who acted in a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Side,
    Mediator,
}

/// A ceasefire, peace plan, prisoner exchange or negotiation track between two sides.
#[derive(Clone, Debug, Serialize)]
pub struct Track {
    /// `A-B/topic`, the sides' codes in alphabetical order: stable across runs.
    pub id: String,
    pub dyad: [Side; 2],
    pub topic: Topic,
    pub status: Status,
    /// Third parties that acted in the track, by code.
    pub mediators: Vec<Side>,
    pub first_date: String,
    pub last_date: String,
    pub steps: Vec<Step>,
}

impl Track {
    /// Whether the track is between these two country codes, in either order
    /// (case-insensitive): `between("UKR", "rus")`.
    pub fn between(&self, a: &str, b: &str) -> bool {
        let (x, y) = (&self.dyad[0].code, &self.dyad[1].code);
        (x.eq_ignore_ascii_case(a) && y.eq_ignore_ascii_case(b))
            || (x.eq_ignore_ascii_case(b) && y.eq_ignore_ascii_case(a))
    }
}

/// What one event contributes, read once.
struct Read<'a> {
    event: &'a EventRow,
    source: &'a str,
    target: &'a str,
    topic: Option<Topic>,
    kind: Kind,
    cues: Vec<Cue>,
}

impl<'a> Read<'a> {
    fn new(event: &'a EventRow) -> Read<'a> {
        let verb = event.evidence.pointer("/verb/text").and_then(|v| v.as_str());
        let kind = classify::kind(&event.code, verb, &event.modality, &event.sentence_text);
        Read {
            event,
            source: country(&event.source),
            target: country(&event.target),
            topic: classify::topic(&event.sentence_text, verb, &event.code),
            kind,
            cues: classify::cues(&event.sentence_text),
        }
    }

    /// The country a step is done by when it acts on the thing itself (accepts, declares,
    /// rejects, attacks); otherwise (appeals, proposals, talks) the one it is addressed to
    /// is the side.
    fn acting(&self) -> &'a str {
        match self.kind {
            Kind::Acceptance
            | Kind::Declaration
            | Kind::Conditions
            | Kind::Rejection
            | Kind::Release
            | Kind::Violation
            | Kind::Fighting => self.source,
            _ => self.target,
        }
    }

    /// Whether the step happened. A threat or demand coded by its speech act (`act` set)
    /// keeps the modality of the act it speaks of ("will strike unless", "must withdraw"),
    /// but the threat or demand was made. An intent to accept is a promise, not an acceptance.
    fn done(&self) -> bool {
        self.event.modality == "asserted"
            || (self.event.act.is_some() && matches!(self.kind, Kind::Threat | Kind::Demand))
            || matches!(self.kind, Kind::Proposal | Kind::Rejection | Kind::Conditions)
    }
}

type Pair = (String, String);

fn pair(a: &str, b: &str) -> Pair {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Names of countries as the events spell them ("Ukraine" for UKR), from mentions coded with
/// the bare country code; the most frequent wins.
fn country_names(events: &[EventRow]) -> HashMap<String, String> {
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    for e in events {
        for (code, name) in [(&e.source, &e.source_name), (&e.target, &e.target_name)] {
            if let Some(name) = name.as_deref().filter(|_| code.len() == 3) {
                *counts.entry((code.as_str(), name)).or_default() += 1;
            }
        }
    }
    let mut best: HashMap<String, (usize, String)> = HashMap::new();
    for ((code, name), n) in counts {
        let slot = best.entry(code.to_string()).or_insert((0, String::new()));
        if n > slot.0 || (n == slot.0 && name < slot.1.as_str()) {
            *slot = (n, name.to_string());
        }
    }
    best.into_iter().map(|(code, (_, name))| (code, name)).collect()
}

/// Whether `sentence` names the country (its name or an adjective sharing the stem:
/// "Ukrain" for Ukraine and Ukrainian).
fn names_country(sentence: &str, name: Option<&String>) -> bool {
    let Some(name) = name else { return false };
    let chars: Vec<char> = name.chars().collect();
    let stem: String = chars[..chars.len().saturating_sub(2).max(4).min(chars.len())].iter().collect();
    sentence.contains(&stem)
}

/// Pairs of countries that fight each other (18x, 19x, 20x between them), with counts, and
/// the pairs each country fights in.
#[derive(Default)]
struct Fights {
    counts: HashMap<Pair, usize>,
    by_country: HashMap<String, Vec<Pair>>,
}

impl Fights {
    fn new(reads: &[Read]) -> Fights {
        let mut fights = Fights::default();
        for r in reads {
            let root = r.event.code.get(..2).unwrap_or("");
            if matches!(root, "18" | "19" | "20")
                && !r.source.is_empty()
                && !r.target.is_empty()
                && r.source != r.target
            {
                let p = pair(r.source, r.target);
                let n = fights.counts.entry(p.clone()).or_default();
                if *n == 0 {
                    fights.by_country.entry(p.0.clone()).or_default().push(p.clone());
                    fights.by_country.entry(p.1.clone()).or_default().push(p);
                }
                *n += 1;
            }
        }
        fights
    }

    /// The fighting pairs `country` belongs to.
    fn of(&self, country: &str) -> &[Pair] {
        self.by_country.get(country).map_or(&[], Vec::as_slice)
    }
}

/// The dyad an event with a topic belongs to. Its own pair when the two fight each other or
/// when neither fights anyone; otherwise a fighting pair that one of them belongs to, the
/// other one being a mediator: the pair whose other member the sentence names first, then
/// the one the acting country belongs to, then the one with most fighting. Negotiations move
/// to a fighting pair only when the sentence names its other member (a US–China trade talk
/// stays US–China). A one-sided event joins its country's fighting pair, or none.
fn dyad_of(r: &Read, fights: &Fights, names: &HashMap<String, String>) -> Option<Pair> {
    let (s, t) = (r.source, r.target);
    let two_sided = !s.is_empty() && !t.is_empty() && s != t;
    if two_sided && fights.counts.contains_key(&pair(s, t)) {
        return Some(pair(s, t));
    }
    let acting = r.acting();
    let mut candidates: Vec<(bool, bool, usize, &Pair)> = [s, t]
        .into_iter()
        .filter(|c| !c.is_empty())
        .flat_map(|member| fights.of(member).iter().map(move |p| (member, p)))
        .map(|(member, p)| {
            let other = if p.0 == member { &p.1 } else { &p.0 };
            let named = names_country(&r.event.sentence_text, names.get(other));
            let with_actor = p.0 == acting || p.1 == acting;
            (named, with_actor, fights.counts[p], p)
        })
        .collect();
    candidates.sort_by(|a, b| (b.0, b.1, b.2).cmp(&(a.0, a.1, a.2)).then(a.3.cmp(b.3)));
    let best = candidates.first();
    match best {
        Some(&(named, _, _, p)) if named || r.topic != Some(Topic::Negotiations) => Some(p.clone()),
        _ if two_sided => Some(pair(s, t)),
        _ => None,
    }
}

/// The tracks found in `events` (any order), the most recently active first.
pub fn tracks(events: &[EventRow]) -> Vec<Track> {
    let reads: Vec<Read> = events.iter().map(Read::new).collect();
    let fights = Fights::new(&reads);
    let names = country_names(events);
    let mut members: BTreeMap<(Pair, Topic), Vec<&Read>> = BTreeMap::new();
    let mut fighting: HashMap<Pair, Vec<&Read>> = HashMap::new();
    for r in &reads {
        match r.topic {
            Some(topic) => {
                if let Some(p) = dyad_of(r, &fights, &names) {
                    members.entry((p, topic)).or_default().push(r);
                }
            }
            None if r.kind == Kind::Fighting && fights.counts.contains_key(&pair(r.source, r.target)) => {
                fighting.entry(pair(r.source, r.target)).or_default().push(r);
            }
            None => {}
        }
    }
    let mut out: Vec<Track> = members
        .into_iter()
        .map(|((p, topic), mut reads)| {
            if topic == Topic::Ceasefire {
                reads.extend(fighting.get(&p).into_iter().flatten().copied());
            }
            reads.sort_by(|a, b| (&a.event.date, a.event.id).cmp(&(&b.event.date, b.event.id)));
            build(p, topic, &reads, &names)
        })
        .filter(|t| !t.steps.is_empty())
        .collect();
    out.sort_by(|a, b| b.last_date.cmp(&a.last_date).then_with(|| a.id.cmp(&b.id)));
    out
}

/// One track from its events in date order: steps, mediators, status.
fn build(p: Pair, topic: Topic, reads: &[&Read], names: &HashMap<String, String>) -> Track {
    let side = |code: &str| Side {
        code: code.to_string(),
        name: names.get(code).cloned().unwrap_or_else(|| code.to_string()),
    };
    let ontology = crate::ontology::Ontology::builtin();
    let mut state = State::default();
    let mut steps: Vec<Step> = Vec::new();
    let mut mediators: Vec<String> = Vec::new();
    for r in reads {
        let acting_side = [&p.0, &p.1].iter().position(|c| c.as_str() == r.source);
        // Fighting counts only while a ceasefire is declared, and only one side's attack
        // (not a domestic one) is a violation.
        let attack = acting_side.is_some() && r.target != r.source;
        let kind = match r.kind {
            Kind::Fighting if topic == Topic::Ceasefire && state.declared() && attack => Kind::Violation,
            Kind::Fighting if r.topic.is_none() => continue,
            k => k,
        };
        for c in [r.source, r.target] {
            if !c.is_empty() && c != p.0 && c != p.1 && !mediators.iter().any(|m| m == c) {
                mediators.push(c.to_string());
            }
        }
        let done = r.done();
        state.apply(topic, &Move { kind, done, side: acting_side, cues: &r.cues });
        let e = r.event;
        let article = ArticleRef { id: e.article_id, url: e.url.clone(), title: e.title.clone() };
        let same = steps.iter_mut().rev().take_while(|s| s.date == e.date).find(|s| {
            s.kind == kind
                && s.source == e.source
                && s.target == e.target
                && s.code == e.code
                && s.modality == e.modality
        });
        match same {
            Some(s) => {
                s.events.push(e.id);
                if !s.articles.contains(&article) {
                    s.articles.push(article);
                }
                s.status = state.status();
            }
            None => steps.push(Step {
                date: e.date.clone(),
                kind,
                source: e.source.clone(),
                target: e.target.clone(),
                source_name: e.source_name.clone(),
                target_name: e.target_name.clone(),
                role: if acting_side.is_some() || r.source.is_empty() { Role::Side } else { Role::Mediator },
                code: e.code.clone(),
                code_name: ontology.event(&e.code).map(|t| t.name.clone()),
                modality: e.modality.clone(),
                done,
                sentence: e.sentence_text.clone(),
                events: vec![e.id],
                articles: vec![article],
                status: state.status(),
            }),
        }
    }
    mediators.sort();
    Track {
        id: format!("{}-{}/{}", p.0, p.1, topic.as_str()),
        dyad: [side(&p.0), side(&p.1)],
        topic,
        status: state.status(),
        mediators: mediators.iter().map(|m| side(m)).collect(),
        first_date: steps.first().map(|s| s.date.clone()).unwrap_or_default(),
        last_date: steps.last().map(|s| s.date.clone()).unwrap_or_default(),
        steps,
    }
}
