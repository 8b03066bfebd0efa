//! CAMEO / PLOVER ontology tables.
//!
//! Three tab-separated tables, embedded in the binary and parsed once:
//!
//! - `data/ontology/cameo_events.tsv`: every CAMEO 1.1b3 event code (2-, 3- and 4-digit) with its
//!   name, GDELT Goldstein weight, GDELT QuadClass and the PLOVER event type, mode and context it
//!   maps to (CAMEO-to-PLOVER table of 2021).
//! - `data/ontology/actor_types.tsv`: CAMEO actor type codes (roles and sectors, organisation
//!   types, religions, ethnicities).
//! - `data/ontology/modal_codes.tsv`: the CAMEO code of an act stated as an intention or a
//!   threat, refused, or demanded of another actor ([`ModalCodes`]).
//!
//! The formats and the sources of the facts are described in `docs/ontology.md`.

mod modal;
mod parse;

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

pub use modal::{ModalCodes, Stance, MODAL_CODES_FILE};

/// File name of the event table inside an ontology directory.
pub const EVENTS_FILE: &str = "cameo_events.tsv";
/// File name of the actor type table inside an ontology directory.
pub const ACTOR_TYPES_FILE: &str = "actor_types.tsv";

/// The `kind` values allowed in the actor type table.
pub const ACTOR_KINDS: [&str; 4] = ["role", "organisation", "religion", "ethnicity"];

const BUILTIN_EVENTS: &str = include_str!("../../data/ontology/cameo_events.tsv");
const BUILTIN_ACTOR_TYPES: &str = include_str!("../../data/ontology/actor_types.tsv");

/// One CAMEO event code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventType {
    /// CAMEO code: two digits for a root ("19"), three or four for sub-codes ("190", "1821").
    pub code: String,
    /// CAMEO name of the code.
    pub name: String,
    /// GDELT Goldstein weight, -10.0 (most conflictual) to +10.0 (most cooperative).
    pub goldstein: f32,
    /// GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad_class: u8,
    /// PLOVER event type the code maps to; `None` where the map has no entry (e.g. roots 01, 02).
    pub plover: Option<PloverType>,
}

/// A PLOVER event type, with the mode and context the CAMEO code carries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PloverType {
    /// PLOVER event category, upper case ("AGREE", "ASSAULT").
    pub event: String,
    /// PLOVER mode ("visit", "firearms"), if any.
    pub mode: Option<String>,
    /// PLOVER context ("diplomatic"); several contexts are joined with `;` ("military;legal").
    pub context: Option<String>,
}

/// One CAMEO actor type code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorType {
    /// Three-letter code ("GOV", "NGO", "MOS").
    pub code: String,
    /// One of [`ACTOR_KINDS`]: `role` (role or sector), `organisation` (organisation type or a
    /// specific organisation), `religion`, `ethnicity`.
    pub kind: String,
    /// Description of the code.
    pub name: String,
}

/// Errors while loading ontology tables. Row errors name `file:line` and the problem.
#[derive(Debug, thiserror::Error)]
pub enum OntologyError {
    /// A line of a table is malformed or inconsistent.
    #[error("{origin}:{line}: {problem}")]
    Line {
        /// The file (or label) the text came from.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// A table as a whole is unusable (no header, no rows).
    #[error("{origin}: {problem}")]
    Table {
        /// The file (or label) the text came from.
        origin: String,
        /// What is wrong.
        problem: String,
    },
    /// A table file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file that could not be read.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// The CAMEO event table and the actor type table.
#[derive(Clone, Debug)]
pub struct Ontology {
    events: Vec<EventType>,
    event_index: HashMap<String, usize>,
    actor_types: Vec<ActorType>,
    /// Fx-hashed: the actor stage asks it about codes of every sentence (roles in
    /// `with_agents`, countries in `domestic_roles`), and SipHash cost ~200 instructions
    /// a lookup of a three-letter code.
    actor_index: rustc_hash::FxHashMap<String, usize>,
}

impl Ontology {
    /// The tables embedded in the binary (`data/ontology/*.tsv`), parsed once.
    ///
    /// The embedded tables are checked by the test suite, so this does not fail at run time.
    pub fn builtin() -> &'static Ontology {
        static BUILTIN: OnceLock<Ontology> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Ontology::from_tsv(BUILTIN_EVENTS, BUILTIN_ACTOR_TYPES, "data/ontology")
                .unwrap_or_else(|err| panic!("embedded ontology tables are invalid: {err}"))
        })
    }

    /// Parse tables from text.
    ///
    /// `origin` names where the two texts come from, normally their directory: errors name
    /// `{origin}/cameo_events.tsv:LINE` or `{origin}/actor_types.tsv:LINE` and the problem.
    pub fn from_tsv(events: &str, actor_types: &str, origin: &str) -> Result<Ontology, OntologyError> {
        let origin = origin.trim_end_matches('/');
        let events_origin = format!("{origin}/{EVENTS_FILE}");
        let actors_origin = format!("{origin}/{ACTOR_TYPES_FILE}");
        let events = parse::events(events, &events_origin)?;
        let actor_types = parse::actor_types(actor_types, &actors_origin)?;
        let event_index = events.iter().enumerate().map(|(i, e)| (e.code.clone(), i)).collect();
        let actor_index = actor_types.iter().enumerate().map(|(i, a)| (a.code.clone(), i)).collect();
        Ok(Ontology { events, event_index, actor_types, actor_index })
    }

    /// Read `cameo_events.tsv` and `actor_types.tsv` from a directory (to override the builtin
    /// tables with edited copies).
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Ontology, OntologyError> {
        let dir = dir.as_ref();
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .map_err(|source| OntologyError::Io { path: path.display().to_string(), source })
        };
        let events = read(EVENTS_FILE)?;
        let actor_types = read(ACTOR_TYPES_FILE)?;
        Ontology::from_tsv(&events, &actor_types, &dir.display().to_string())
    }

    /// Exact lookup of a CAMEO event code.
    pub fn event(&self, code: &str) -> Option<&EventType> {
        self.event_index.get(code).map(|&i| &self.events[i])
    }

    /// Lookup walking up to the parent code while a sub-code is unknown: "1724" → "172" → "17".
    /// `None` when the code is not CAMEO digits or not even its root is known.
    pub fn resolve(&self, code: &str) -> Option<&EventType> {
        root(code)?;
        let mut code = code;
        loop {
            if let Some(event) = self.event(code) {
                return Some(event);
            }
            if code.len() <= 2 {
                return None;
            }
            code = &code[..code.len() - 1];
        }
    }

    /// Exact lookup of an actor type code.
    pub fn actor_type(&self, code: &str) -> Option<&ActorType> {
        self.actor_index.get(code).map(|&i| &self.actor_types[i])
    }

    /// All event codes, sorted by code.
    pub fn events(&self) -> impl Iterator<Item = &EventType> {
        self.events.iter()
    }

    /// All actor type codes, in table order.
    pub fn actor_types(&self) -> impl Iterator<Item = &ActorType> {
        self.actor_types.iter()
    }
}

/// The two-digit root of a CAMEO code ("0871" → "08"); `None` for codes that are not CAMEO
/// digits (2 to 4 ASCII digits with a root from 01 to 20).
pub fn root(code: &str) -> Option<&str> {
    if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let root = &code[..2];
    let n: u8 = root.parse().ok()?;
    (1..=20).contains(&n).then_some(root)
}

/// GDELT QuadClass of a root 1..=20: 1 verbal cooperation (01–05), 2 material cooperation
/// (06–09), 3 verbal conflict (10–14), 4 material conflict (15–20); 0 for anything else.
pub fn quad_class_of_root(root: u8) -> u8 {
    match root {
        1..=5 => 1,
        6..=9 => 2,
        10..=14 => 3,
        15..=20 => 4,
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
