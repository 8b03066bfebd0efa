//! The PLOVER gold-standard records (`plover/PLOVER_GSR_CAMEO.json`): the example
//! sentences of the CAMEO 1.1b3 manual, recoded in PLOVER v0.5b1, read and scored.
//!
//! Each record's `text` is coded with detente's CAMEO coder; each coded CAMEO code is
//! turned into a PLOVER event type through detente's ontology (`src/ontology`, which
//! carries the CAMEO→PLOVER map of 2021, PLOVER draft 0.8). The gold file was coded
//! with PLOVER v0.5b1, whose type names differ from 0.8 in four places, so the 0.8 type
//! is renamed into the gold's vocabulary (see [`plover_type`]):
//!
//! | 0.8 (ontology) | v0.5b1 (gold) |
//! |---|---|
//! | REQUEST | DEMAND |
//! | ACCUSE, mode `investigate` (CAMEO 09) | INVESTIGATE |
//! | ACCUSE, other modes (CAMEO 11) | DISAPPROVE |
//! | ASSAULT from CAMEO roots 19 and 20 | FIGHT |
//!
//! The 2021 map has no rows for roots 01 and 02; v0.5b1's DEMAND holds the CAMEO 02
//! (appeal) examples, so root 02 counts as DEMAND and root 01 has no type. Where the
//! 2021 map moved a sub-code out of its root's type (1712 destroy property → ASSAULT,
//! 163 embargo → COERCE, 175, 191, 192, 201, 0813, 0814), the type of the root as
//! v0.5b1 grouped them is accepted too (see [`accepted_types`]).
//!
//! A record is correct when some coded event has the gold `event` type, its source
//! country (first three letters of the actor code; IGO/NGO compared as coded) is one
//! of the gold source codes, and its target country is one of the gold target codes
//! (when the gold lists targets).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{ratio, Triple, ValidateError};
use crate::coder::Coder;
use crate::ontology::{root, Ontology};

/// One gold record.
#[derive(Clone, Debug, PartialEq)]
pub struct PloverRecord {
    pub id: String,
    /// `YYYYMMDD` from the `date` field (`2000-01-01` in the shipped file).
    pub date: Option<u32>,
    /// Gold PLOVER v0.5b1 event type (`AGREE`, `FIGHT`, ...).
    pub event: String,
    /// Gold source codes (three letters: ISO country, `IGO`, `NGO`, ...), aliases applied.
    pub sources: Vec<String>,
    /// Gold target codes; empty when the record has no target.
    pub targets: Vec<String>,
    pub text: String,
}

/// Non-ISO spellings in the gold file and the ISO code detente uses for them
/// (`JAP` for Tokyo and Japan, `ITL` for Italy, `VTN` for "Vietnamese-led forces").
const GOLD_ALIASES: &[(&str, &str)] = &[("JAP", "JPN"), ("ITL", "ITA"), ("VTN", "VNM")];

/// True when a JSON array looks like PLOVER records (objects with `event` and `eventText`).
pub fn is_plover(value: &Value) -> bool {
    value.as_array().is_some_and(|a| a.iter().any(|r| r.get("event").is_some() && r.get("eventText").is_some()))
}

/// Reads the records of a PLOVER JSON array. The `DOCUMENT` record (file
/// documentation) and records without `text` are left out; the latter with a warning.
pub fn read_plover(value: &Value, path: &Path) -> Result<(Vec<PloverRecord>, Vec<String>), ValidateError> {
    let format = |msg: String| ValidateError::Format { path: path.to_path_buf(), line: 1, msg };
    let array = value.as_array().ok_or_else(|| format("not a JSON array of PLOVER records".into()))?;
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    for (i, r) in array.iter().enumerate() {
        let id = r.get("id").and_then(Value::as_str).map_or_else(|| format!("#{}", i + 1), str::to_string);
        let event = r.get("event").and_then(Value::as_str).unwrap_or("").trim().to_ascii_uppercase();
        if event == "DOCUMENT" {
            continue;
        }
        let Some(text) = r.get("text").and_then(Value::as_str).filter(|t| !t.trim().is_empty()) else {
            warnings.push(format!("{}: record {id} has no text; skipped", path.display()));
            continue;
        };
        if event.is_empty() {
            warnings.push(format!("{}: record {id} has no event type; skipped", path.display()));
            continue;
        }
        let date = r.get("date").and_then(Value::as_str).and_then(|d| {
            let digits: String = d.chars().filter(char::is_ascii_digit).collect();
            crate::dict::legacy::parse_date(&digits).ok()
        });
        let (sources, w) = actor_codes(r.get("source"));
        if let Some(w) = w {
            warnings.push(format!("{}: record {id}: source {w}", path.display()));
        }
        let (targets, w) = actor_codes(r.get("target"));
        if let Some(w) = w {
            warnings.push(format!("{}: record {id}: target {w}", path.display()));
        }
        records.push(PloverRecord { id, date, event, sources, targets, text: text.trim().to_string() });
    }
    Ok((records, warnings))
}

/// The codes of a `source`/`target` field: a list of `{actorText, code, sector}`.
/// Missing, `""` and other non-list values mean no actors (other strings are reported).
fn actor_codes(field: Option<&Value>) -> (Vec<String>, Option<String>) {
    match field {
        Some(Value::Array(actors)) => {
            let mut codes: Vec<String> = Vec::new();
            for a in actors {
                if let Some(code) = a.get("code").and_then(Value::as_str) {
                    let code = gold_code(code);
                    if !code.is_empty() && !codes.contains(&code) {
                        codes.push(code);
                    }
                }
            }
            (codes, None)
        }
        None | Some(Value::Null) => (Vec::new(), None),
        Some(Value::String(s)) if s.trim().is_empty() => (Vec::new(), None),
        Some(other) => (Vec::new(), Some(format!("is {other}, not a list of actors; read as none"))),
    }
}

fn gold_code(code: &str) -> String {
    let c = country(code.trim());
    GOLD_ALIASES.iter().find(|(from, _)| *from == c).map_or(c, |(_, to)| to.to_string())
}

/// The country part of an actor code: its first three characters, upper case;
/// `""` for an empty slot (`---`).
pub fn country(code: &str) -> String {
    let c: String = code.chars().take(3).collect::<String>().to_ascii_uppercase();
    if c.is_empty() || c.starts_with('-') {
        String::new()
    } else {
        c
    }
}

/// The PLOVER v0.5b1 type of a root as v0.5b1 grouped CAMEO (08 is split at 084 as
/// in the 2021 map: 080–083 CONCEDE, 084–087 RETREAT).
fn root_type(code: &str) -> Option<&'static str> {
    let r = root(code)?;
    Some(match r {
        "02" | "10" => "DEMAND",
        "03" => "AGREE",
        "04" => "CONSULT",
        "05" => "SUPPORT",
        "06" => "COOPERATE",
        "07" => "AID",
        "08" => match code.as_bytes().get(2) {
            Some(b'4'..=b'7') => "RETREAT",
            _ => "CONCEDE",
        },
        "09" => "INVESTIGATE",
        "11" => "DISAPPROVE",
        "12" => "REJECT",
        "13" => "THREATEN",
        "14" => "PROTEST",
        "15" => "MOBILIZE",
        "16" => "SANCTION",
        "17" => "COERCE",
        "18" => "ASSAULT",
        "19" | "20" => "FIGHT",
        _ => return None,
    })
}

/// The PLOVER type of a CAMEO code through detente's ontology (2021 map), renamed into
/// the gold file's v0.5b1 vocabulary; root 02 (no row in the map) is DEMAND.
pub fn plover_type(code: &str) -> Option<String> {
    let event = Ontology::builtin().resolve(code)?;
    let Some(p) = &event.plover else {
        return (root(code) == Some("02")).then(|| "DEMAND".to_string());
    };
    let r = root(code).unwrap_or("");
    let name = match p.event.as_str() {
        "REQUEST" => "DEMAND",
        "ACCUSE" if p.mode.as_deref().map(str::trim) == Some("investigate") => "INVESTIGATE",
        "ACCUSE" => "DISAPPROVE",
        "ASSAULT" if r == "19" || r == "20" => "FIGHT",
        other => other,
    };
    Some(name.to_string())
}

/// Every type a coded CAMEO code may match: [`plover_type`], and the root's v0.5b1
/// type where the 2021 map moved the sub-code to another type.
pub fn accepted_types(code: &str) -> Vec<String> {
    let mut types: Vec<String> = plover_type(code).into_iter().collect();
    if let Some(t) = root_type(code) {
        if !types.iter().any(|x| x == t) {
            types.push(t.to_string());
        }
    }
    types
}

/// One coded event with its PLOVER type.
#[derive(Clone, Debug, PartialEq)]
pub struct CodedEvent {
    pub triple: Triple,
    pub plover: Option<String>,
}

/// The score of one record.
#[derive(Clone, Debug)]
pub struct PloverOutcome {
    pub id: String,
    pub text: String,
    pub gold_event: String,
    pub gold_sources: Vec<String>,
    pub gold_targets: Vec<String>,
    pub coded: Vec<CodedEvent>,
    /// Some coded event has the gold type, source country and target country.
    pub correct: bool,
    /// Some coded event has the gold type.
    pub type_ok: bool,
    /// Some coded event's source country is a gold source (`None`: gold lists none).
    pub source_ok: Option<bool>,
    /// Some coded event's target country is a gold target (`None`: gold lists none).
    pub target_ok: Option<bool>,
    /// The type the record is classified as for F1: the gold type when some coded event
    /// has it, else the first coded event's type, else none.
    pub predicted: Option<String>,
}

/// Scores one record against the events coded for it.
pub fn score(record: &PloverRecord, coded: &[Triple]) -> PloverOutcome {
    let events: Vec<CodedEvent> =
        coded.iter().map(|t| CodedEvent { triple: t.clone(), plover: plover_type(&t.code) }).collect();
    let has_type = |t: &Triple| accepted_types(&t.code).contains(&record.event);
    let source_fits = |t: &Triple| record.sources.is_empty() || record.sources.contains(&country(&t.source));
    let target_fits = |t: &Triple| record.targets.is_empty() || record.targets.contains(&country(&t.target));
    let correct = coded.iter().any(|t| has_type(t) && source_fits(t) && target_fits(t));
    let type_ok = coded.iter().any(has_type);
    let source_ok = (!record.sources.is_empty()).then(|| coded.iter().any(source_fits));
    let target_ok = (!record.targets.is_empty()).then(|| coded.iter().any(target_fits));
    let predicted = if type_ok { Some(record.event.clone()) } else { events.iter().find_map(|e| e.plover.clone()) };
    PloverOutcome {
        id: record.id.clone(),
        text: record.text.clone(),
        gold_event: record.event.clone(),
        gold_sources: record.sources.clone(),
        gold_targets: record.targets.clone(),
        coded: events,
        correct,
        type_ok,
        source_ok,
        target_ok,
        predicted,
    }
}

/// Per-type counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypeCounts {
    /// Gold records of this type.
    pub gold: usize,
    /// Of those, records correct (type, source and target).
    pub correct: usize,
    /// Records classified as this type (see [`PloverOutcome::predicted`]).
    pub predicted: usize,
    /// Records whose gold type and classification are both this type.
    pub true_positive: usize,
}

impl TypeCounts {
    pub fn f1(&self) -> f64 {
        let denominator = self.gold + self.predicted;
        if denominator == 0 {
            0.0
        } else {
            2.0 * self.true_positive as f64 / denominator as f64
        }
    }
}

/// All outcomes of the PLOVER set.
#[derive(Clone, Debug, Default)]
pub struct PloverReport {
    pub outcomes: Vec<PloverOutcome>,
    pub warnings: Vec<String>,
}

impl PloverReport {
    pub fn correct(&self) -> usize {
        self.outcomes.iter().filter(|o| o.correct).count()
    }

    pub fn failed(&self) -> usize {
        self.outcomes.len() - self.correct()
    }

    pub fn type_correct(&self) -> usize {
        self.outcomes.iter().filter(|o| o.type_ok).count()
    }

    /// (records whose source matched, records with gold sources).
    pub fn source_accuracy(&self) -> (usize, usize) {
        let with: Vec<bool> = self.outcomes.iter().filter_map(|o| o.source_ok).collect();
        (with.iter().filter(|b| **b).count(), with.len())
    }

    /// (records whose target matched, records with gold targets).
    pub fn target_accuracy(&self) -> (usize, usize) {
        let with: Vec<bool> = self.outcomes.iter().filter_map(|o| o.target_ok).collect();
        (with.iter().filter(|b| **b).count(), with.len())
    }

    /// Counts for every gold type (and any other type records were classified as).
    pub fn per_type(&self) -> BTreeMap<String, TypeCounts> {
        let mut counts: BTreeMap<String, TypeCounts> = BTreeMap::new();
        for o in &self.outcomes {
            let gold = counts.entry(o.gold_event.clone()).or_default();
            gold.gold += 1;
            gold.correct += usize::from(o.correct);
            if let Some(p) = &o.predicted {
                let pred = counts.entry(p.clone()).or_default();
                pred.predicted += 1;
                pred.true_positive += usize::from(*p == o.gold_event);
            }
        }
        counts
    }

    /// Mean F1 over the types that occur in the gold file.
    pub fn macro_f1(&self) -> f64 {
        let per = self.per_type();
        let gold: Vec<&TypeCounts> = per.values().filter(|c| c.gold > 0).collect();
        if gold.is_empty() {
            return 0.0;
        }
        gold.iter().map(|c| c.f1()).sum::<f64>() / gold.len() as f64
    }

    /// The printed report: failing records (all with `verbose`), the figures, and a last
    /// line `N passed, M failed`.
    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        let codes = |v: &[String]| if v.is_empty() { "-".to_string() } else { v.join("|") };
        for o in &self.outcomes {
            if o.correct && !verbose {
                continue;
            }
            let coded: Vec<String> = o
                .coded
                .iter()
                .map(|e| {
                    let t = &e.triple;
                    format!("{} {} {} ({})", t.source, t.target, t.code, e.plover.as_deref().unwrap_or("no type"))
                })
                .collect();
            let coded = if coded.is_empty() { "(none)".to_string() } else { coded.join("; ") };
            out.push_str(&format!(
                "{} {}: expected {} {} -> {} | coded {coded}\n",
                if o.correct { "PASS" } else { "FAIL" },
                o.id,
                o.gold_event,
                codes(&o.gold_sources),
                codes(&o.gold_targets),
            ));
        }
        let total = self.outcomes.len();
        let (s, sd) = self.source_accuracy();
        let (t, td) = self.target_accuracy();
        out.push_str(&format!("records correct (type, source and target): {}\n", ratio(self.correct(), total)));
        out.push_str(&format!("event type: {}\n", ratio(self.type_correct(), total)));
        out.push_str(&format!("source country: {}\n", ratio(s, sd)));
        out.push_str(&format!("target country: {}\n", ratio(t, td)));
        out.push_str(&format!("event type macro-F1: {:.3}\n", self.macro_f1()));
        out.push_str("type          gold  correct  typed-as  type-hit     F1\n");
        for (name, c) in self.per_type() {
            out.push_str(&format!(
                "{name:<12} {:>5} {:>8} {:>9} {:>9} {:>6.3}\n",
                c.gold,
                c.correct,
                c.predicted,
                c.true_positive,
                c.f1()
            ));
        }
        out.push_str(&format!("{} passed, {} failed\n", self.correct(), self.failed()));
        out
    }
}

/// Codes every record (one sentence each, with its date) and scores it.
pub fn run(records: &[PloverRecord], coder: &Coder) -> PloverReport {
    let outcomes = records
        .iter()
        .map(|r| {
            let coded = super::run::code_text(coder, &r.text, r.date);
            score(r, &coded)
        })
        .collect();
    PloverReport { outcomes, warnings: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"[
      {"id": "DOC", "event": "DOCUMENT", "eventText": "documentation"},
      {"id": "A1", "date": "2000-01-01", "event": "AGREE", "eventText": "agreed",
       "source": [{"actorText": "Hungarian", "code": "HUN", "sector": "GOV"},
                  {"actorText": "Romanian", "code": "ROU"}],
       "target": "", "text": "Hungarian and Romanian officials agreed."},
      {"id": "F1", "date": "2000-01-01", "event": "FIGHT", "eventText": "shelled",
       "source": [{"actorText": "Israeli tanks", "code": "ISR", "sector": "MIL"}],
       "target": [{"actorText": "Palestinian forces", "code": "PSE"}],
       "text": "Israeli tanks shelled Palestinian positions."},
      {"id": "S1", "date": "2000-01-01", "event": "SANCTION", "eventText": "suspended",
       "source": [{"actorText": "Japan", "code": "JAP"}],
       "target": [{"actorText": "UN refugee agency", "code": "IGO"}],
       "text": "Japan suspended aid to the UN refugee agency."},
      {"id": "N1", "date": "2000-01-01", "event": "DEMAND", "eventText": "urged",
       "target": [{"actorText": "Iraq", "code": "IRQ"}], "text": "Iraq was urged to comply."}
    ]"#;

    fn records() -> Vec<PloverRecord> {
        let value: Value = serde_json::from_str(GOLD).unwrap();
        assert!(is_plover(&value));
        let (records, warnings) = read_plover(&value, Path::new("gold.json")).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        records
    }

    #[test]
    fn reads_records_and_skips_the_document() {
        let r = records();
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].id, "A1");
        assert_eq!(r[0].date, Some(20000101));
        assert_eq!(r[0].sources, vec!["HUN", "ROU"]);
        assert!(r[0].targets.is_empty());
        assert_eq!(r[2].sources, vec!["JPN"], "gold alias JAP -> JPN");
        assert!(r[3].sources.is_empty());
    }

    #[test]
    fn odd_target_strings_are_reported() {
        let value: Value = serde_json::from_str(
            r#"[{"id": "X", "event": "AGREE", "eventText": "e", "target": "diplomatic", "text": "T."}]"#,
        )
        .unwrap();
        let (records, warnings) = read_plover(&value, Path::new("g.json")).unwrap();
        assert_eq!(records.len(), 1);
        assert!(records[0].targets.is_empty());
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn types_follow_the_ontology_in_gold_names() {
        assert_eq!(plover_type("036").as_deref(), Some("AGREE"));
        assert_eq!(plover_type("042").as_deref(), Some("CONSULT"));
        assert_eq!(plover_type("1041").as_deref(), Some("DEMAND"));
        assert_eq!(plover_type("0233").as_deref(), Some("DEMAND"));
        assert_eq!(plover_type("091").as_deref(), Some("INVESTIGATE"));
        assert_eq!(plover_type("111").as_deref(), Some("DISAPPROVE"));
        assert_eq!(plover_type("182").as_deref(), Some("ASSAULT"));
        assert_eq!(plover_type("194").as_deref(), Some("FIGHT"));
        assert_eq!(plover_type("203").as_deref(), Some("FIGHT"));
        assert_eq!(plover_type("0841").as_deref(), Some("RETREAT"));
        assert_eq!(plover_type("081").as_deref(), Some("CONCEDE"));
        assert_eq!(plover_type("010"), None);
        assert_eq!(plover_type("abc"), None);
        // Moved by the 2021 map: both the 0.8 type and the root's type count.
        assert_eq!(accepted_types("1712"), vec!["ASSAULT", "COERCE"]);
        assert_eq!(accepted_types("173"), vec!["COERCE"]);
    }

    #[test]
    fn a_record_needs_type_source_and_target_on_one_event() {
        let r = records();
        // Reciprocal AGREE without targets: source among the gold sources is enough.
        let o = score(&r[0], &[Triple::new("HUNGOV", "ROU", "036")]);
        assert!(o.correct && o.type_ok && o.source_ok == Some(true) && o.target_ok.is_none());
        // Right type, wrong source.
        let o = score(&r[0], &[Triple::new("SRB", "ROU", "036")]);
        assert!(!o.correct && o.type_ok && o.source_ok == Some(false));
        // Type on one event, actors on another: not correct.
        let o = score(&r[1], &[Triple::new("ISRMIL", "PSE", "111"), Triple::new("USA", "IRN", "190")]);
        assert!(!o.correct && o.type_ok && o.source_ok == Some(true) && o.target_ok == Some(true));
        assert_eq!(o.predicted.as_deref(), Some("FIGHT"));
        let o = score(&r[1], &[Triple::new("ISRMIL", "PSEGOV", "195")]);
        assert!(o.correct);
        // IGO compared as coded; the JAP alias matches JPN.
        let o = score(&r[2], &[Triple::new("JPNGOV", "IGOUNOREF", "1623")]);
        assert!(o.correct, "{o:?}");
        let o = score(&r[2], &[Triple::new("JPNGOV", "NGOREF", "1623")]);
        assert!(!o.correct && o.target_ok == Some(false));
        // No gold source: only type and target count.
        let o = score(&r[3], &[Triple::new("---", "IRQ", "1011")]);
        assert!(o.correct && o.source_ok.is_none());
        // Nothing coded.
        let o = score(&r[3], &[]);
        assert!(!o.correct && !o.type_ok && o.target_ok == Some(false) && o.predicted.is_none());
    }

    #[test]
    fn report_figures_and_macro_f1() {
        let r = records();
        let report = PloverReport {
            outcomes: vec![
                score(&r[0], &[Triple::new("HUN", "ROU", "036")]), // AGREE correct
                score(&r[1], &[Triple::new("ISR", "PSE", "111")]), // FIGHT typed as DISAPPROVE
                score(&r[2], &[Triple::new("JPN", "USA", "166")]), // SANCTION, wrong target
                score(&r[3], &[]),                                 // DEMAND, nothing
            ],
            warnings: Vec::new(),
        };
        assert_eq!(report.correct(), 1);
        assert_eq!(report.failed(), 3);
        assert_eq!(report.type_correct(), 2);
        assert_eq!(report.source_accuracy(), (3, 3));
        assert_eq!(report.target_accuracy(), (1, 3));
        let per = report.per_type();
        assert_eq!(per["AGREE"], TypeCounts { gold: 1, correct: 1, predicted: 1, true_positive: 1 });
        assert_eq!(per["SANCTION"], TypeCounts { gold: 1, correct: 0, predicted: 1, true_positive: 1 });
        assert_eq!(per["FIGHT"], TypeCounts { gold: 1, correct: 0, predicted: 0, true_positive: 0 });
        assert_eq!(per["DISAPPROVE"], TypeCounts { gold: 0, correct: 0, predicted: 1, true_positive: 0 });
        // F1 over the 4 gold types: AGREE 1, SANCTION 1, FIGHT 0, DEMAND 0.
        assert!((report.macro_f1() - 0.5).abs() < 1e-9);
        let text = report.render(false);
        assert!(text.ends_with("1 passed, 3 failed\n"), "{text}");
        assert!(text.contains("FAIL F1: expected FIGHT ISR -> PSE | coded ISR PSE 111 (DISAPPROVE)"), "{text}");
        assert!(!text.contains("A1:"));
    }
}
