//! Parsers of the two ontology tables. Every problem is reported as `origin:line: problem`.

use std::collections::HashMap;

use super::{quad_class_of_root, root, ActorType, EventType, OntologyError, PloverType, ACTOR_KINDS};

const EVENT_COLUMNS: [&str; 7] =
    ["code", "name", "goldstein", "quad_class", "plover_event", "plover_mode", "plover_context"];
const ACTOR_COLUMNS: [&str; 3] = ["code", "kind", "name"];

/// The data lines of a table: (1-based line number, fields), after checking the header.
/// Comment lines (`#` first) and blank lines are skipped; a BOM and `\r` are tolerated.
pub(super) fn rows<'a>(
    text: &'a str,
    origin: &str,
    columns: &[&str],
) -> Result<Vec<(usize, Vec<&'a str>)>, OntologyError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut header_seen = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if !header_seen {
            let found: Vec<&str> = fields.iter().map(|f| f.trim()).collect();
            if found != columns {
                return Err(line_error(
                    origin,
                    number,
                    format!("expected the header `{}`, found `{}`", columns.join("\\t"), line),
                ));
            }
            header_seen = true;
            continue;
        }
        if fields.len() > columns.len() {
            return Err(line_error(
                origin,
                number,
                format!("{} tab-separated fields, expected at most {}", fields.len(), columns.len()),
            ));
        }
        out.push((number, fields));
    }
    if !header_seen {
        return Err(OntologyError::Table { origin: origin.to_string(), problem: "no header line".into() });
    }
    if out.is_empty() {
        return Err(OntologyError::Table { origin: origin.to_string(), problem: "no data rows".into() });
    }
    Ok(out)
}

pub(super) fn line_error(origin: &str, line: usize, problem: String) -> OntologyError {
    OntologyError::Line { origin: origin.to_string(), line, problem }
}

/// The field at `index`, trimmed; missing trailing fields read as empty.
pub(super) fn field<'a>(fields: &[&'a str], index: usize) -> &'a str {
    fields.get(index).map_or("", |f| f.trim())
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

/// A PLOVER name: lower/upper ASCII letters, digits, `_`, `-`; contexts may list several
/// names joined with `;`.
fn is_plover_word(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub(super) fn events(text: &str, origin: &str) -> Result<Vec<EventType>, OntologyError> {
    let mut events: Vec<(usize, EventType)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (number, fields) in rows(text, origin, &EVENT_COLUMNS)? {
        let err = |problem: String| line_error(origin, number, problem);
        if fields.len() < 4 {
            return Err(err(format!("{} tab-separated fields, expected at least 4", fields.len())));
        }
        let code = field(&fields, 0);
        let Some(code_root) = root(code) else {
            return Err(err(format!("`{code}` is not a CAMEO event code (2 to 4 digits, root 01 to 20)")));
        };
        if let Some(first) = seen.insert(code.to_string(), number) {
            return Err(err(format!("duplicate code {code} (first on line {first})")));
        }
        let name = field(&fields, 1);
        if name.is_empty() {
            return Err(err(format!("code {code} has an empty name")));
        }
        let goldstein_text = field(&fields, 2);
        let goldstein: f32 =
            goldstein_text.parse().map_err(|_| err(format!("Goldstein weight `{goldstein_text}` is not a number")))?;
        if !goldstein.is_finite() || !(-10.0..=10.0).contains(&goldstein) {
            return Err(err(format!("Goldstein weight {goldstein_text} is outside -10..10")));
        }
        let quad_text = field(&fields, 3);
        let quad_class: u8 = quad_text.parse().map_err(|_| err(format!("QuadClass `{quad_text}` is not 1 to 4")))?;
        // root() guarantees two digits in 01..=20.
        let expected = quad_class_of_root(code_root.parse().unwrap_or(0));
        if quad_class != expected {
            return Err(err(format!(
                "QuadClass {quad_class} for code {code}, but root {code_root} is QuadClass {expected}"
            )));
        }
        let plover_event = field(&fields, 4);
        let mode = field(&fields, 5);
        let context = field(&fields, 6);
        let plover = if plover_event.is_empty() {
            if !mode.is_empty() || !context.is_empty() {
                return Err(err("PLOVER mode or context without a PLOVER event".into()));
            }
            None
        } else {
            if !plover_event.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
                return Err(err(format!("PLOVER event `{plover_event}` is not an upper-case name")));
            }
            if !mode.is_empty() && !is_plover_word(mode) {
                return Err(err(format!("PLOVER mode `{mode}` is not a single name")));
            }
            if !context.is_empty() && !context.split(';').all(is_plover_word) {
                return Err(err(format!("PLOVER context `{context}` is not a `;`-separated list of names")));
            }
            Some(PloverType { event: plover_event.to_string(), mode: optional(mode), context: optional(context) })
        };
        events.push((
            number,
            EventType { code: code.to_string(), name: name.to_string(), goldstein, quad_class, plover },
        ));
    }
    // Every sub-code needs its parent, so that resolve() always ends on a known code.
    for (number, event) in &events {
        let code = &event.code;
        if code.len() > 2 {
            let parent = &code[..code.len() - 1];
            if !seen.contains_key(parent) {
                return Err(line_error(
                    origin,
                    *number,
                    format!("code {code} has no parent code {parent} in the table"),
                ));
            }
        }
    }
    let mut events: Vec<EventType> = events.into_iter().map(|(_, e)| e).collect();
    events.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(events)
}

pub(super) fn actor_types(text: &str, origin: &str) -> Result<Vec<ActorType>, OntologyError> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (number, fields) in rows(text, origin, &ACTOR_COLUMNS)? {
        let err = |problem: String| line_error(origin, number, problem);
        if fields.len() < 3 {
            return Err(err(format!("{} tab-separated fields, expected 3", fields.len())));
        }
        let code = field(&fields, 0);
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(err(format!("`{code}` is not a three-letter actor type code")));
        }
        if let Some(first) = seen.insert(code.to_string(), number) {
            return Err(err(format!("duplicate code {code} (first on line {first})")));
        }
        let kind = field(&fields, 1);
        if !ACTOR_KINDS.contains(&kind) {
            return Err(err(format!("kind `{kind}` is not one of {}", ACTOR_KINDS.join(", "))));
        }
        let name = field(&fields, 2);
        if name.is_empty() {
            return Err(err(format!("code {code} has an empty name")));
        }
        out.push(ActorType { code: code.to_string(), kind: kind.to_string(), name: name.to_string() });
    }
    Ok(out)
}
