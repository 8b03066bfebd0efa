//! The CAMEO code of an act the text does not report as done (`data/ontology/modal_codes.tsv`).
//!
//! CAMEO codes the speech act, not the act spoken of: an actor that says it will meet
//! another expresses intent to meet (036), one that says it will strike threatens force
//! (138), one that refuses to meet rejects a proposal to meet (125), and a speaker who
//! says another must meet demands a meeting (108). The coder finds the act and how the
//! text qualifies it (`crate::coder`); this table turns the pair into the CAMEO code.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::parse::{field, line_error, rows};
use super::{root, Ontology, OntologyError};

/// File name of the table inside an ontology directory.
pub const MODAL_CODES_FILE: &str = "modal_codes.tsv";

const BUILTIN_MODAL_CODES: &str = include_str!("../../data/ontology/modal_codes.tsv");
const COLUMNS: [&str; 5] = ["act", "intent", "threat", "refusal", "demand"];
/// The root each code column must stay in, after the act column.
const COLUMN_ROOTS: [&str; 4] = ["03", "13", "12", "10"];

/// How the text qualifies an act it does not report as done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stance {
    /// The source says it will, would, is ready to or offers to do it (or does it under a
    /// condition): 03x for a cooperative act, 13x for a conflictual one.
    Stated,
    /// The source refuses it or says it will not do it: 12x.
    Refused,
    /// A speaker says another actor must or should do it: 10x, by the speaker.
    Demanded,
}

/// One row: the codes of one act (and of its sub-codes without a row of their own).
#[derive(Clone, Debug, Default, PartialEq)]
struct Row {
    intent: Option<String>,
    threat: Option<String>,
    refusal: Option<String>,
    demand: Option<String>,
}

/// The table, by act code. Looked up for each coding with a stance (and for each of its
/// parent codes until a row is found): a fast hash of a few bytes, not SipHash.
#[derive(Clone, Debug)]
pub struct ModalCodes {
    rows: FxHashMap<String, Row>,
}

impl ModalCodes {
    /// The table embedded in the binary, checked against the built-in ontology (the test
    /// suite checks it, so this does not fail at run time).
    pub fn builtin() -> &'static ModalCodes {
        static BUILTIN: OnceLock<ModalCodes> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            ModalCodes::parse(BUILTIN_MODAL_CODES, &format!("data/ontology/{MODAL_CODES_FILE}"), Ontology::builtin())
                .unwrap_or_else(|err| panic!("embedded modal code table is invalid: {err}"))
        })
    }

    /// Parses the table; every code must exist in `ontology`, each column must stay in its
    /// root (intent 03, threat 13, refusal 12, demand 10), and a row has an intent or a
    /// threat, not both. Errors name `origin:line`.
    pub fn parse(text: &str, origin: &str, ontology: &Ontology) -> Result<ModalCodes, OntologyError> {
        let mut table = FxHashMap::default();
        for (line, fields) in rows(text, origin, &COLUMNS)? {
            let act = field(&fields, 0);
            if root(act).is_none() || ontology.event(act).is_none() {
                return Err(line_error(origin, line, format!("act {act:?} is not a CAMEO code of the ontology")));
            }
            let mut codes = Vec::new();
            for (i, want) in COLUMN_ROOTS.iter().enumerate() {
                let code = field(&fields, i + 1);
                if code.is_empty() || code == "-" {
                    codes.push(None);
                    continue;
                }
                if root(code) != Some(want) || ontology.event(code).is_none() {
                    return Err(line_error(
                        origin,
                        line,
                        format!("{} {code:?} is not a CAMEO code of the ontology under root {want}", COLUMNS[i + 1]),
                    ));
                }
                codes.push(Some(code.to_string()));
            }
            let [intent, threat, refusal, demand]: [Option<String>; 4] =
                codes.try_into().expect("one entry per code column");
            if intent.is_some() && threat.is_some() {
                return Err(line_error(origin, line, format!("act {act} has both an intent and a threat code")));
            }
            if table.insert(act.to_string(), Row { intent, threat, refusal, demand }).is_some() {
                return Err(line_error(origin, line, format!("act {act} is listed twice")));
            }
        }
        Ok(ModalCodes { rows: table })
    }

    /// The CAMEO code of `act` under `stance`, from the row of the act or of its nearest
    /// parent that has one; `None` when CAMEO has no such code (the act keeps its own).
    pub fn code(&self, act: &str, stance: Stance) -> Option<&str> {
        let mut code = act;
        let row = loop {
            if let Some(row) = self.rows.get(code) {
                break row;
            }
            if code.len() <= 2 {
                return None;
            }
            code = &code[..code.len() - 1];
        };
        let code = match stance {
            Stance::Stated => row.intent.as_ref().or(row.threat.as_ref()),
            Stance::Refused => row.refusal.as_ref(),
            Stance::Demanded => row.demand.as_ref(),
        };
        code.map(String::as_str)
    }

    /// Every code the table names, act codes included.
    #[cfg(test)]
    fn codes(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().flat_map(|(act, row)| {
            std::iter::once(act.as_str())
                .chain([&row.intent, &row.threat, &row.refusal, &row.demand].into_iter().flatten().map(String::as_str))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_codes_exist_in_the_ontology() {
        let table = ModalCodes::builtin();
        let ontology = Ontology::builtin();
        for code in table.codes() {
            assert!(ontology.event(code).is_some(), "{code} is not in cameo_events.tsv");
        }
    }

    #[test]
    fn rows_apply_to_sub_codes() {
        let table = ModalCodes::builtin();
        assert_eq!(table.code("042", Stance::Stated), Some("036"));
        assert_eq!(table.code("045", Stance::Stated), Some("039"));
        assert_eq!(table.code("0874", Stance::Stated), Some("0356"));
        assert_eq!(table.code("0874", Stance::Demanded), Some("106"));
        assert_eq!(table.code("0872", Stance::Demanded), Some("1056"));
        assert_eq!(table.code("195", Stance::Stated), Some("1384"));
        assert_eq!(table.code("1723", Stance::Stated), Some("1323"));
        assert_eq!(table.code("040", Stance::Refused), Some("125"));
        assert_eq!(table.code("190", Stance::Refused), None);
        assert_eq!(table.code("010", Stance::Stated), None);
    }

    #[test]
    fn errors_name_the_line() {
        let ontology = Ontology::builtin();
        let parse = |rows: &str| {
            ModalCodes::parse(&format!("# t\nact\tintent\tthreat\trefusal\tdemand\n{rows}"), "t.tsv", ontology)
                .unwrap_err()
                .to_string()
        };
        assert!(parse("04\t036\t-\t125\t108\n99\t-\t-\t-\t-\n").starts_with("t.tsv:4: act \"99\""));
        assert!(parse("04\t125\t-\t-\t-\n").contains("intent \"125\""));
        assert!(parse("04\t036\t138\t-\t-\n").contains("both"));
        assert!(parse("04\t036\t-\t-\t-\n04\t036\t-\t-\t-\n").contains("twice"));
    }
}
