//! detente's own event corpus: news-style sentences with the events they must yield,
//! modality included (`tests/data/events_corpus.tsv`; format in `docs/validation.md`).
//!
//! ```text
//! # comment lines start with '#'; blank lines are ignored
//! id⇥date⇥text⇥expected
//! c036-01⇥2025-05-11⇥Putin proposed talks with Ukraine.⇥RUSGOV UKR 036 asserted
//! n-01⇥2025-06-01⇥Heavy rain is forecast for the weekend.⇥-
//! ```
//!
//! (`⇥` stands for a tab.)
//! `expected` is `-` (no event) or events separated by ` ; `, each
//! `SOURCE TARGET CODE MODALITY`. The suite names no dictionaries: it is coded with the
//! built-in set ([`super::Environment::builtin_dictionaries`]). Every malformed line is
//! an error naming `file:line`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::run::Report;
use super::{check_binary, normalize_date, Environment, Record, Suite, Triple, ValidateError};
use crate::ontology::{root, Ontology};

/// The header line every corpus starts with (after comments).
pub const HEADER: [&str; 4] = ["id", "date", "text", "expected"];

/// The modality names an expected event may carry.
pub const MODALITIES: [&str; 6] = ["asserted", "expected", "proposed", "refused", "conditional", "hypothetical"];

/// Reads an event corpus already in memory; `path` is used for `Suite::path` and errors.
pub fn read_corpus_tsv(text: &str, path: &Path) -> Result<Suite, ValidateError> {
    check_binary(text, path)?;
    let err = |line: usize, msg: String| ValidateError::Format { path: path.to_path_buf(), line, msg };
    let mut records = Vec::new();
    let mut seen_header = false;
    let mut ids = HashSet::new();
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        if !seen_header {
            let names: Vec<&str> = fields.iter().map(|f| f.trim()).collect();
            if names != HEADER {
                return Err(err(line, format!("want the header line `{}` (tab-separated)", HEADER.join("\\t"))));
            }
            seen_header = true;
            continue;
        }
        if fields.len() != 4 {
            return Err(err(
                line,
                format!("want 4 tab-separated fields (id, date, text, expected), found {}", fields.len()),
            ));
        }
        let (id, date, text, expected) = (fields[0].trim(), fields[1].trim(), fields[2].trim(), fields[3].trim());
        if id.is_empty() || id.contains(char::is_whitespace) {
            return Err(err(line, format!("bad id {id:?}")));
        }
        if !ids.insert(id.to_string()) {
            return Err(err(line, format!("duplicate id {id}")));
        }
        let date = parse_date(date).map_err(|m| err(line, m))?;
        if text.is_empty() {
            return Err(err(line, "empty text".into()));
        }
        let events = parse_expected(expected).map_err(|m| err(line, m))?;
        let category = events.first().and_then(|t| root(&t.code)).unwrap_or("none").to_string();
        records.push(Record {
            id: id.to_string(),
            date,
            category,
            text: text.to_string(),
            expects_no_event: events.is_empty(),
            expected: events,
            sentence: true,
            evaluate: true,
            options: Vec::new(),
            line,
            expected_error: None,
            partial: false,
        });
    }
    if !seen_header {
        return Err(err(1, format!("no header line `{}`", HEADER.join("\\t"))));
    }
    Ok(Suite {
        path: path.to_path_buf(),
        environment: Environment { builtin_dictionaries: true, ..Environment::default() },
        records,
        warnings: Vec::new(),
        stop: None,
    })
}

/// `YYYY-MM-DD` → `YYYYMMDD`, checked.
fn parse_date(raw: &str) -> Result<String, String> {
    let b = raw.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(format!("bad date {raw:?}: want YYYY-MM-DD"));
    }
    normalize_date(&raw.replace('-', ""))
}

/// `-`, or `SOURCE TARGET CODE MODALITY` events separated by `;`.
fn parse_expected(raw: &str) -> Result<Vec<Triple>, String> {
    if raw == "-" {
        return Ok(Vec::new());
    }
    let mut events = Vec::new();
    for part in raw.split(';') {
        let words: Vec<&str> = part.split_whitespace().collect();
        let [source, target, code, modality] = words[..] else {
            return Err(format!("bad event {:?}: want `SOURCE TARGET CODE MODALITY` (or `-` for none)", part.trim()));
        };
        for actor in [source, target] {
            let ok = actor == "---"
                || actor.len() >= 3 && actor.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            if !ok {
                return Err(format!("bad actor code {actor:?}: want upper-case letters and digits, or ---"));
            }
        }
        if Ontology::builtin().event(code).is_none() {
            return Err(format!("unknown CAMEO event code {code:?}"));
        }
        if !MODALITIES.contains(&modality) {
            return Err(format!("unknown modality {modality:?}: want one of {}", MODALITIES.join(", ")));
        }
        let triple = Triple::new(source, target, code).with_modality(modality);
        if events.contains(&triple) {
            return Err(format!("event {triple} listed twice"));
        }
        events.push(triple);
    }
    Ok(events)
}

/// The CAMEO roots (`"01"`…`"20"`) of a record's expected events, each once; `"none"`
/// for a record that expects no event.
pub fn record_roots(expected: &[Triple]) -> Vec<String> {
    let mut roots: Vec<String> = expected.iter().filter_map(|t| root(&t.code)).map(str::to_string).collect();
    roots.sort();
    roots.dedup();
    if roots.is_empty() {
        roots.push("none".to_string());
    }
    roots
}

/// Per-root coverage of a run: for each root (and `"none"`), the records expecting an
/// event of that root, as `(passed, total)`. A record with events of two roots counts
/// under both.
pub fn root_summary(report: &Report) -> BTreeMap<String, (usize, usize)> {
    let mut summary: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for o in &report.outcomes {
        for r in record_roots(&o.expected) {
            let slot = summary.entry(r).or_default();
            slot.0 += usize::from(o.passed);
            slot.1 += 1;
        }
    }
    summary
}

/// How many records of a suite expect an event of each root (and `"none"`).
pub fn root_counts(suite: &Suite) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in &suite.records {
        for root in record_roots(&r.expected) {
            *counts.entry(root).or_default() += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# a comment\n\nid\tdate\ttext\texpected\n\
        c036-01\t2025-05-11\tPutin proposed talks with Ukraine.\tRUSGOV UKR 036 asserted\n\
        c042-01\t2025-05-12\tRubio will visit Israel and meet Netanyahu.\tUSAGOV ISR 042 expected ; USAGOV ISRGOV 040 expected\n\
        n-01\t2025-06-01\tHeavy rain is forecast for the weekend.\t-\n";

    fn read(text: &str) -> Result<Suite, ValidateError> {
        read_corpus_tsv(text, Path::new("corpus.tsv"))
    }

    #[test]
    fn reads_records() {
        let suite = read(GOOD).unwrap();
        assert!(suite.environment.builtin_dictionaries);
        assert_eq!(suite.records.len(), 3);
        let r = &suite.records[1];
        assert_eq!((r.id.as_str(), r.date.as_str(), r.line, r.category.as_str()), ("c042-01", "20250512", 5, "04"));
        assert_eq!(
            r.expected,
            vec![
                Triple::new("USAGOV", "ISR", "042").with_modality("expected"),
                Triple::new("USAGOV", "ISRGOV", "040").with_modality("expected")
            ]
        );
        assert!(suite.records[2].expects_no_event && suite.records[2].expected.is_empty());
        assert_eq!(root_counts(&suite).get("04"), Some(&1));
        assert_eq!(root_counts(&suite).get("none"), Some(&1));
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let cases = [
            ("c1\t2025-05-11\tText.\tRUSGOV UKR 036 asserted\n", 1, "header"),
            ("id\tdate\ttext\texpected\nc1\t2025-05-11\tText.\n", 2, "4 tab-separated"),
            ("id\tdate\ttext\texpected\nc1\t20250511\tText.\tRUS UKR 036 asserted\n", 2, "YYYY-MM-DD"),
            ("id\tdate\ttext\texpected\nc1\t2025-02-30\tText.\tRUS UKR 036 asserted\n", 2, "day 30"),
            ("id\tdate\ttext\texpected\n\nc1\t2025-05-11\tText.\tRUS UKR 036\n", 3, "SOURCE TARGET"),
            ("id\tdate\ttext\texpected\nc1\t2025-05-11\tText.\tRUS UKR 999 asserted\n", 2, "unknown CAMEO"),
            ("id\tdate\ttext\texpected\nc1\t2025-05-11\tText.\tRUS UKR 036 maybe\n", 2, "unknown modality"),
            ("id\tdate\ttext\texpected\nc1\t2025-05-11\tText.\trus UKR 036 asserted\n", 2, "bad actor"),
            ("id\tdate\ttext\texpected\nc1\t2025-05-11\t\tRUS UKR 036 asserted\n", 2, "empty text"),
            ("id\tdate\ttext\texpected\nc1\t2025-05-11\tA.\t-\nc1\t2025-05-11\tB.\t-\n", 3, "duplicate id"),
            ("# only comments\n", 1, "no header"),
        ];
        for (text, line, what) in cases {
            let e = read(text).unwrap_err().to_string();
            assert!(e.starts_with(&format!("corpus.tsv:{line}: ")), "{e}");
            assert!(e.contains(what), "{e} lacks {what}");
        }
    }
}
