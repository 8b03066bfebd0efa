//! Readers for third-party event-coding validation suites.
//!
//! Two families of files are understood (see `docs/validation.md` for the full
//! description of every attribute, option and special marker):
//!
//! * PETRARCH validation XML (`PETR.UnitTest.records.xml`, UD-PETRARCH's
//!   `PETR_Validate_records_2_02.xml`, `PETR2_GSR_validation.xml`, and plain PETRARCH
//!   input such as `GigaWord.sample.PETR.xml`). These files are "PETRARCH-style XML":
//!   several of them are not well-formed XML (nested comments, self-closing
//!   `<Sentence/>` followed by its children as siblings, free text outside comments),
//!   and the upstream programs read them line by line. The reader here is a small
//!   tolerant tag scanner that accepts what the upstream readers accepted and reports
//!   everything else as `file:line` errors or warnings.
//! * TABARI `.project` files and their `.text` files (`Validate.project`,
//!   `Validate.text`), where the expected events sit in `{ SRC / TGT / EVT }` fields
//!   inside the `/* ... */` comment that follows each record's text.
//! * detente's own event corpus (`tests/data/events_corpus.tsv`): tab-separated records
//!   whose expected events also carry a modality, coded with the built-in dictionaries.
//!
//! The readers never look at `<Parse>` content: `Record::text` is always the raw
//! sentence text.

pub mod corpus;
pub mod ngec;
pub mod petrarch;
pub mod plover;
pub mod run;
pub mod tabari;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub use corpus::read_corpus_tsv;
pub use petrarch::read_petrarch_xml;
pub use tabari::{read_tabari_project, read_tabari_text};

/// One expected (or coded) event: source actor code, target actor code, CAMEO event code,
/// and, for suites that check it (detente's event corpus), the modality.
///
/// Codes are kept exactly as written in the suite (blank-trimmed), including TABARI's
/// `~` agent prefix and PETRARCH's quoted new-actor codes such as `"INJURY TOLL"`.
/// `modality` is the lower-case name of an [`crate::article::Modality`] (`"asserted"`,
/// `"expected"`, …) or `None` when the suite does not say (PETRARCH, TABARI).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Triple {
    pub source: String,
    pub target: String,
    pub code: String,
    pub modality: Option<String>,
}

impl Triple {
    pub fn new(source: impl Into<String>, target: impl Into<String>, code: impl Into<String>) -> Triple {
        Triple { source: source.into(), target: target.into(), code: code.into(), modality: None }
    }

    /// The same triple with a modality attached.
    pub fn with_modality(mut self, modality: impl Into<String>) -> Triple {
        self.modality = Some(modality.into());
        self
    }

    /// The same triple without its modality.
    pub fn without_modality(&self) -> Triple {
        Triple { modality: None, ..self.clone() }
    }
}

impl fmt::Display for Triple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {} / {}", self.source, self.target, self.code)?;
        if let Some(m) = &self.modality {
            write!(f, " / {m}")?;
        }
        Ok(())
    }
}

/// The resources a suite says it must be run with. File names are as written in the
/// suite (relative to the suite's directory for TABARI projects; PETRARCH looked them
/// up in its own dictionary directory).
#[derive(Clone, Debug, Default)]
pub struct Environment {
    pub verb_files: Vec<String>,
    pub actor_files: Vec<String>,
    pub agent_files: Vec<String>,
    pub discard_files: Vec<String>,
    pub options_files: Vec<String>,
    /// PETRARCH `<Include>` categories. The pseudo-category `valid` is kept in the list;
    /// see [`Environment::valid_only`].
    pub include: Vec<String>,
    /// Suite-wide options: PETRARCH `<Config option value>` inside `<Environment>`, and
    /// PETRARCH `<Pause>`/`<Errorfile>` (as `("Pause", v)`, `("Errorfile", v)`).
    pub options: Vec<(String, String)>,
    /// PETRARCH `<Exclude>` categories (no shipped file uses it).
    pub exclude: Vec<String>,
    /// UD-PETRARCH `<PICOfile>` (internal coding ontology).
    pub pico_files: Vec<String>,
    /// TABARI `<textfile>` entries of a `.project`.
    pub text_files: Vec<String>,
    /// Other TABARI `.project` tags (`problemfile`, `eventfile`, `errorfile`, `coder`, …)
    /// as `(tag, value)`; `<session …>` history lines are dropped.
    pub other: Vec<(String, String)>,
    /// The suite is coded with detente's built-in dictionaries (plus any given on the
    /// command line) rather than with files it names: detente's event corpus.
    pub builtin_dictionaries: bool,
}

impl Environment {
    /// PETRARCH: when `valid` is one of the `<Include>` words, only records whose
    /// validity flag (`sentence=`/`valid=` attribute) is true are evaluated.
    pub fn valid_only(&self) -> bool {
        self.include.iter().any(|c| c == "valid")
    }

    /// PETRARCH category filter: a record is evaluated only if its category is in the
    /// `<Include>` list (when the list names any category) and not in `<Exclude>`.
    pub fn includes_category(&self, category: &str) -> bool {
        let cats: Vec<&String> = self.include.iter().filter(|c| *c != "valid").collect();
        (cats.is_empty() || cats.iter().any(|c| *c == category)) && !self.exclude.iter().any(|c| c == category)
    }
}

/// One validation record.
#[derive(Clone, Debug)]
pub struct Record {
    pub id: String,
    /// `YYYYMMDD`; six-digit `YYMMDD` dates are widened with TABARI's pivot (00–30 → 20xx).
    pub date: String,
    pub category: String,
    /// The sentence text, whitespace as in the file but trimmed; never from `<Parse>`.
    pub text: String,
    /// Events that must be coded; empty when none are expected.
    pub expected: Vec<Triple>,
    /// An explicit "no events" marker: PETRARCH `<EventCoding noevents="True">`,
    /// TABARI `{---}`.
    pub expects_no_event: bool,
    /// PETRARCH `sentence=` attribute (older files: `valid=`); `false` → false. TABARI: true.
    pub sentence: bool,
    /// UD-PETRARCH `evaluate=` attribute; `false` → false. Default true.
    pub evaluate: bool,
    /// Commands to apply before coding this record, in file order: PETRARCH
    /// `<Config option=… value=…>` elements that precede the record (they persist for
    /// the rest of the file), TABARI `{ OPTION: CMD: args }` fields as `("CMD", "args")`.
    pub options: Vec<(String, String)>,
    /// 1-based line of the record start (`<Sentence` tag, TABARI date line).
    pub line: usize,
    /// An expected error/filter outcome instead of events: PETRARCH
    /// `<EventCoding error="dateline|bad_input_parse|storydiscard|sentencediscard">`,
    /// TABARI `{###}` → `"discard"`, `{+++}` → `"complex"`.
    pub expected_error: Option<String>,
    /// TABARI `-{…`: "do not check additional records". Only `expected` (the fields before
    /// the `-{`) must be coded; further coded events are not errors.
    pub partial: bool,
}

impl Record {
    /// True when the record carries no expectation at all, only commands (TABARI
    /// option-setting records such as `TIME-Modify`).
    pub fn is_command_only(&self) -> bool {
        self.expected.is_empty()
            && !self.expects_no_event
            && self.expected_error.is_none()
            && !self.partial
            && !self.options.is_empty()
    }

    /// True when the expected events carry a modality, which coded events must then
    /// match too (detente's event corpus). PETRARCH and TABARI records compare source,
    /// target and code only.
    pub fn compares_modality(&self) -> bool {
        self.expected.iter().any(|t| t.modality.is_some())
    }

    /// Coded triples as this record compares them: modalities dropped unless the record
    /// [compares modality](Record::compares_modality).
    pub fn comparable(&self, coded: &[Triple]) -> Vec<Triple> {
        if self.compares_modality() {
            coded.to_vec()
        } else {
            coded.iter().map(Triple::without_modality).collect()
        }
    }

    /// Whether `coded` satisfies this record's event expectations, following the
    /// suite's own rules: a "no events" marker or an expected error is satisfied by no
    /// coded events (the caller should also confirm the error itself when it can);
    /// otherwise the listed events must equal the coded ones as sets, except that a
    /// TABARI `-{` record only needs its listed events to be among the coded ones.
    /// Modalities of coded events are compared only when the expected events have them.
    pub fn passes(&self, coded: &[Triple]) -> bool {
        // TABARI checks its special codes first; if one matches, the listed events are
        // not checked. Otherwise the listed events must match.
        if (self.expects_no_event || self.expected_error.is_some()) && coded.is_empty() {
            return true;
        }
        let coded = &self.comparable(coded)[..];
        if self.partial {
            let got: BTreeSet<&Triple> = coded.iter().collect();
            return self.expected.iter().all(|t| got.contains(t));
        }
        record_passes(&self.expected, coded)
    }
}

/// A validation suite read from one file (or one TABARI project and its text files).
#[derive(Clone, Debug)]
pub struct Suite {
    pub path: PathBuf,
    pub environment: Environment,
    pub records: Vec<Record>,
    /// `"file:line: problem"` for skipped malformed records and tolerated defects.
    pub warnings: Vec<String>,
    /// Index into `records` where the original program stops: a PETRARCH `<Stop>`
    /// element, or TABARI's end-of-validation record (the first record without any
    /// `{…}` field, `FINAL-01`). That record and all later ones are not evaluated.
    pub stop: Option<usize>,
}

impl Suite {
    /// The records the original program would evaluate, in order: before `stop`,
    /// `evaluate` true, category included, and (if `<Include>` has `valid`) `sentence` true.
    /// Commands in `options` of skipped records still apply to later records.
    pub fn evaluated(&self) -> impl Iterator<Item = &Record> + '_ {
        let end = self.stop.unwrap_or(self.records.len());
        let env = &self.environment;
        self.records[..end]
            .iter()
            .filter(move |r| r.evaluate && (!env.valid_only() || r.sentence) && env.includes_category(&r.category))
    }

    /// Total number of expectation lines (triples, no-event markers and expected errors).
    pub fn coding_count(&self) -> usize {
        self.records
            .iter()
            .map(|r| r.expected.len() + usize::from(r.expects_no_event) + usize::from(r.expected_error.is_some()))
            .sum()
    }
}

/// Errors from the suite readers. Every variant names the file; parse errors name the line.
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: {msg}", path.display())]
    Xml { path: PathBuf, line: usize, msg: String },
    #[error("{}:{line}: {msg}", path.display())]
    Format { path: PathBuf, line: usize, msg: String },
}

/// Set equality of expected vs coded triples (the PETRARCH definition of a pass).
pub fn record_passes(expected: &[Triple], coded: &[Triple]) -> bool {
    let e: BTreeSet<&Triple> = expected.iter().collect();
    let c: BTreeSet<&Triple> = coded.iter().collect();
    e == c
}

/// "n/d (p %)", or "n/d" when d is 0, for the dev-set reports.
fn ratio(n: usize, d: usize) -> String {
    if d == 0 {
        format!("{n}/{d}")
    } else {
        format!("{n}/{d} ({:.1} %)", 100.0 * n as f64 / d as f64)
    }
}

/// Detects PETRARCH XML vs TABARI .project/.text by content and extension; `.tsv` files
/// are detente event corpora.
pub fn read_suite(path: &Path) -> Result<Suite, ValidateError> {
    let text = read_text(path)?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "tsv" {
        return read_corpus_tsv(&text, path);
    }
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if ext == "xml" || head.starts_with('<') && (text.contains("<Sentence") || text.contains("<Validation")) {
        return read_petrarch_xml(&text, path);
    }
    if ext == "project" || text.lines().take(50).any(|l| l.trim_start().to_ascii_lowercase().starts_with("<textfile>"))
    {
        return read_tabari_project(path);
    }
    let looks_tabari = text.lines().any(|l| {
        let first = l.split_whitespace().next().unwrap_or("");
        l.starts_with(|c: char| c.is_ascii_digit())
            && (first.len() == 6 || first.len() == 8)
            && first.bytes().all(|b| b.is_ascii_digit())
    });
    if matches!(ext.as_str(), "text" | "txt") || looks_tabari {
        return tabari::text_suite(&text, path);
    }
    Err(ValidateError::Format {
        path: path.to_path_buf(),
        line: 1,
        msg: "not a PETRARCH validation XML file, a TABARI .project/.text file or a detente .tsv corpus".into(),
    })
}

/// A JSON development set, read by [`read_dev_set`].
#[derive(Clone, Debug)]
pub enum DevSet {
    /// PLOVER gold records (`plover/PLOVER_GSR_CAMEO.json`), see [`plover`].
    Plover(Vec<plover::PloverRecord>),
    /// NGEC actor-resolution test calls (`ngec/ngec_actor_resolution_tests.json`), see [`ngec`].
    Ngec(Vec<ngec::NgecRecord>),
}

/// Reads a JSON development set with its warnings: an array of objects with `event` and
/// `eventText` (PLOVER) or with `method` and `checks` (NGEC). `Ok(None)` when the file
/// is not a JSON array of either kind.
pub fn read_dev_set(path: &Path) -> Result<Option<(DevSet, Vec<String>)>, ValidateError> {
    let text = read_text(path)?;
    if !text.trim_start_matches('\u{feff}').trim_start().starts_with('[') {
        return Ok(None);
    }
    let value: serde_json::Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(v) => v,
        Err(e) => {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !ext.eq_ignore_ascii_case("json") {
                return Ok(None);
            }
            return Err(ValidateError::Format { path: path.to_path_buf(), line: e.line(), msg: format!("JSON: {e}") });
        }
    };
    if plover::is_plover(&value) {
        let (records, warnings) = plover::read_plover(&value, path)?;
        return Ok(Some((DevSet::Plover(records), warnings)));
    }
    if ngec::is_ngec(&value) {
        let (records, warnings) = ngec::read_ngec(&value, path)?;
        return Ok(Some((DevSet::Ngec(records), warnings)));
    }
    Ok(None)
}

/// Reads a file as UTF-8 text; invalid UTF-8 is a `Format` error naming the line.
pub(crate) fn read_text(path: &Path) -> Result<String, ValidateError> {
    let bytes = std::fs::read(path).map_err(|source| ValidateError::Io { path: path.to_path_buf(), source })?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..good].iter().filter(|&&b| b == b'\n').count();
            Err(ValidateError::Format {
                path: path.to_path_buf(),
                line,
                msg: format!("invalid UTF-8 (byte offset {good}); not a text file"),
            })
        }
    }
}

/// Rejects binary junk: control characters other than tab, CR, LF, form feed and
/// U+001A (SUB/DOS end-of-file, which TABARI's own `Validate.text` uses inside the
/// `DEBUG-21` record as a deliberate junk-character test).
pub(crate) fn check_binary(text: &str, path: &Path) -> Result<(), ValidateError> {
    if let Some(pos) = text.find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}' | '\u{1a}')) {
        let c = text[pos..].chars().next().unwrap_or('\0');
        return Err(ValidateError::Format {
            path: path.to_path_buf(),
            line: line_of(text, pos),
            msg: format!("binary data (control character U+{:04X}); not a text file", c as u32),
        });
    }
    Ok(())
}

/// 1-based line number of byte offset `pos`.
pub(crate) fn line_of(text: &str, pos: usize) -> usize {
    1 + text.as_bytes()[..pos.min(text.len())].iter().filter(|&&b| b == b'\n').count()
}

/// Normalises a suite date to `YYYYMMDD`. Accepts `YYYYMMDD` and `YYMMDD` (00–30 →
/// 20xx, else 19xx, TABARI's pivot). Checks month 1–12 and day within the month.
pub fn normalize_date(raw: &str) -> Result<String, String> {
    let d = raw.trim();
    if !d.bytes().all(|b| b.is_ascii_digit()) || !(d.len() == 6 || d.len() == 8) {
        return Err(format!("bad date {d:?}: expected YYYYMMDD or YYMMDD"));
    }
    let full = if d.len() == 6 {
        let yy: u32 = d[..2].parse().unwrap_or(0);
        format!("{}{}", if yy <= 30 { "20" } else { "19" }, d)
    } else {
        d.to_string()
    };
    let y: u32 = full[..4].parse().unwrap_or(0);
    let m: u32 = full[4..6].parse().unwrap_or(0);
    let day: u32 = full[6..8].parse().unwrap_or(0);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let max = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("bad date {d:?}: month {m} out of range")),
    };
    if day == 0 || day > max {
        return Err(format!("bad date {d:?}: day {day} out of range"));
    }
    Ok(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_widened_and_checked() {
        assert_eq!(normalize_date("950101").unwrap(), "19950101");
        assert_eq!(normalize_date("000101").unwrap(), "20000101");
        assert_eq!(normalize_date("301231").unwrap(), "20301231");
        assert_eq!(normalize_date("310101").unwrap(), "19310101");
        assert_eq!(normalize_date("20080229").unwrap(), "20080229");
        assert!(normalize_date("20070229").is_err());
        assert!(normalize_date("951301").is_err());
        assert!(normalize_date("9501").is_err());
        assert!(normalize_date("95O101").is_err());
    }

    #[test]
    fn set_equality() {
        let a = Triple::new("ARN", "GON", "064");
        let b = Triple::new("GON", "ARN", "064");
        assert!(record_passes(&[a.clone(), b.clone()], &[b.clone(), a.clone(), a.clone()]));
        assert!(!record_passes(std::slice::from_ref(&a), &[a.clone(), b.clone()]));
        assert!(record_passes(&[], &[]));
        assert!(!record_passes(&[], &[a]));
    }

    #[test]
    fn modality_is_compared_only_when_expected() {
        let plain = Triple::new("USA", "RUS", "036");
        let asserted = plain.clone().with_modality("asserted");
        let expected = plain.clone().with_modality("expected");
        let mut record = Record {
            id: "x".into(),
            date: "20250101".into(),
            category: String::new(),
            text: String::new(),
            expected: vec![plain.clone()],
            expects_no_event: false,
            sentence: true,
            evaluate: true,
            options: Vec::new(),
            line: 1,
            expected_error: None,
            partial: false,
        };
        assert!(record.passes(std::slice::from_ref(&expected)));
        record.expected = vec![asserted.clone()];
        assert!(record.passes(std::slice::from_ref(&asserted)));
        assert!(!record.passes(std::slice::from_ref(&expected)));
    }
}
