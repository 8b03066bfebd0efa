//! TABARI `.project` files and `.text` validation records.
//!
//! Text format (TABARI manual §4.3 and §10.1): a record starts with a line whose first
//! character is a digit (`YYMMDD  ID…`, or `YYYYMMDD` under `SET: YYYY = TRUE`) and ends
//! at the next blank line; any other block is a comment. Text between `/*` and `*/` is
//! not coded; the expected events are `{ SRC / TGT / EVT }` fields inside it.

use std::path::Path;

use super::{check_binary, normalize_date, read_text, Environment, Record, Suite, Triple, ValidateError};

/// Parses the records of a TABARI `.text` file. Malformed records are skipped; use
/// [`super::read_suite`] or [`read_tabari_project`] to also get the warnings.
pub fn read_tabari_text(text: &str, path: &Path) -> Result<Vec<Record>, ValidateError> {
    Ok(parse(text, path)?.records)
}

/// Reads a `.project` file, then every `<textfile>` it names (relative to the project).
pub fn read_tabari_project(path: &Path) -> Result<Suite, ValidateError> {
    let text = read_text(path)?;
    check_binary(&text, path)?;
    let mut env = Environment::default();
    let mut warnings = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix('<') else {
            continue;
        }; // title line, blank lines
        let Some(close) = rest.find('>') else {
            warnings.push(format!("{}:{}: project line without a closing '>'; ignored", path.display(), i + 1));
            continue;
        };
        let tag = rest[..close].trim().to_ascii_lowercase();
        let value = rest[close + 1..].trim().to_string();
        match tag.as_str() {
            t if t.starts_with("session") => {}
            "actorsfile" => env.actor_files.push(value),
            "verbsfile" => env.verb_files.push(value),
            "optionsfile" => env.options_files.push(value),
            "agentsfile" => env.agent_files.push(value),
            "discardfile" | "discardsfile" => env.discard_files.push(value),
            "textfile" => env.text_files.push(value),
            _ => env.other.push((tag, value)),
        }
    }
    if env.text_files.is_empty() {
        return Err(ValidateError::Format {
            path: path.to_path_buf(),
            line: 1,
            msg: "TABARI project names no <textfile>".into(),
        });
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    for name in &env.options_files {
        let opath = dir.join(name);
        match std::fs::read(&opath) {
            Ok(bytes) => env.options.extend(options_file(&String::from_utf8_lossy(&bytes))),
            Err(e) => {
                warnings.push(format!("{}: options file not read ({e}); its settings are not applied", opath.display()))
            }
        }
    }
    let mut records = Vec::new();
    let mut stop = None;
    for name in env.text_files.clone() {
        let tpath = dir.join(&name);
        let ttext = read_text(&tpath)?;
        let parsed = parse(&ttext, &tpath)?;
        if stop.is_none() {
            stop = parsed.stop.map(|s| s + records.len());
        }
        records.extend(parsed.records);
        warnings.extend(parsed.warnings);
    }
    Ok(Suite { path: path.to_path_buf(), environment: env, records, warnings, stop })
}

/// The commands of a TABARI `.options` file (manual ch. 8), as `("COMPLEX", "VERBS[5]
/// CONJ[4] NOACTPRIOR")`: one `NAME: value` a line; `//` starts a comment.
fn options_file(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or("").trim())
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

/// A suite made of a bare `.text` file (no project, so no environment).
pub(super) fn text_suite(text: &str, path: &Path) -> Result<Suite, ValidateError> {
    let parsed = parse(text, path)?;
    Ok(Suite {
        path: path.to_path_buf(),
        environment: Environment::default(),
        records: parsed.records,
        warnings: parsed.warnings,
        stop: parsed.stop,
    })
}

struct Parsed {
    records: Vec<Record>,
    warnings: Vec<String>,
    stop: Option<usize>,
    /// `{ OPTION: SET: YYYY = TRUE }` seen: later dates are 8 digits.
    yyyy: bool,
}

/// A record being collected.
struct Raw {
    line: usize,
    date: String,
    id: String,
    text: Vec<String>,
    /// Comment pieces with their line numbers.
    comment: Vec<(usize, String)>,
    in_comment: bool,
}

fn parse(text: &str, path: &Path) -> Result<Parsed, ValidateError> {
    check_binary(text, path)?;
    let mut out = Parsed { records: Vec::new(), warnings: Vec::new(), stop: None, yyyy: false };
    let mut cur: Option<Raw> = None;
    for (i, line) in text.trim_start_matches('\u{feff}').split('\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        match &mut cur {
            None => {
                if line.starts_with(|c: char| c.is_ascii_digit()) {
                    // TABARI reads a fixed-width date: 6 digits, or 8 after SET: YYYY = TRUE.
                    let width = if out.yyyy { 8 } else { 6 };
                    let run = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(line.len());
                    let split = run.min(width);
                    let date = line[..split].to_string();
                    if run > width {
                        out.warnings.push(format!(
                            "{}:{n}: date field {:?} is longer than {width} digits; TABARI reads only {date:?}",
                            path.display(),
                            &line[..run]
                        ));
                    }
                    let rest = &line[run..];
                    // The ID line may itself open the comment.
                    let (head, tail) = match rest.find("/*") {
                        Some(p) => (&rest[..p], Some(&rest[p..])),
                        None => (rest, None),
                    };
                    let mut raw = Raw {
                        line: n,
                        date,
                        id: head.split_whitespace().collect::<Vec<_>>().join(" "),
                        text: Vec::new(),
                        comment: Vec::new(),
                        in_comment: false,
                    };
                    if let Some(t) = tail {
                        split_line(&mut raw, t, n);
                    }
                    cur = Some(raw);
                }
            }
            Some(raw) => {
                if line.trim().is_empty() {
                    let raw = cur.take().expect("record is open");
                    finish(raw, path, &mut out);
                } else {
                    split_line(raw, line, n);
                }
            }
        }
    }
    if let Some(raw) = cur.take() {
        finish(raw, path, &mut out);
    }
    Ok(out)
}

/// Splits one body line into text and `/* … */` comment pieces.
fn split_line(raw: &mut Raw, line: &str, n: usize) {
    let mut rest = line;
    let mut text = String::new();
    let mut comment = String::new();
    loop {
        if raw.in_comment {
            match rest.find("*/") {
                Some(p) => {
                    comment.push_str(&rest[..p]);
                    comment.push(' ');
                    rest = &rest[p + 2..];
                    raw.in_comment = false;
                }
                None => {
                    comment.push_str(rest);
                    break;
                }
            }
        } else {
            match rest.find("/*") {
                Some(p) => {
                    text.push_str(&rest[..p]);
                    rest = &rest[p + 2..];
                    raw.in_comment = true;
                }
                None => {
                    text.push_str(rest);
                    break;
                }
            }
        }
    }
    // "\n" at the start of a line is TABARI's display line break, not text.
    let mut t = text.trim_start();
    while let Some(s) = t.strip_prefix("\\n") {
        t = s.trim_start();
    }
    if !t.trim().is_empty() {
        raw.text.push(t.trim_end().to_string());
    }
    if !comment.trim().is_empty() {
        raw.comment.push((n, comment));
    }
}

fn finish(raw: Raw, path: &Path, out: &mut Parsed) {
    let file = path.display();
    let who = if raw.id.is_empty() { "record".to_string() } else { format!("record {}", raw.id) };
    if raw.in_comment {
        out.warnings.push(format!(
            "{file}:{}: {who}: comment /* not closed before the blank line that ends the record",
            raw.line
        ));
    }
    let date = match normalize_date(&raw.date) {
        Ok(d) => d,
        Err(e) => {
            out.warnings.push(format!("{file}:{}: {who}: {e}; skipped", raw.line));
            return;
        }
    };
    if raw.id.is_empty() {
        out.warnings.push(format!("{file}:{}: record without an ID after the date; skipped", raw.line));
        return;
    }
    let mut rec = Record {
        category: raw.id.split('-').next().filter(|p| *p != raw.id).unwrap_or("").to_string(),
        id: raw.id,
        date,
        text: raw.text.join("\n").trim().to_string(),
        expected: Vec::new(),
        expects_no_event: false,
        sentence: true,
        evaluate: true,
        options: Vec::new(),
        line: raw.line,
        expected_error: None,
        partial: false,
    };
    let mut fields = 0;
    for (n, piece) in &raw.comment {
        let mut rest = piece.as_str();
        while let Some(open) = rest.find('{') {
            let dashed = rest[..open].ends_with('-');
            let after = &rest[open + 1..];
            let (body, next) = match after.find('}') {
                Some(c) => (&after[..c], &after[c + 1..]),
                None => {
                    out.warnings
                        .push(format!("{file}:{n}: {who}: '{{' without '}}'; field read to the end of the line"));
                    (after, "")
                }
            };
            rest = next;
            let body = body.trim();
            if body.is_empty() {
                continue; // "{}" in prose
            }
            fields += 1;
            if dashed {
                rec.partial = true;
            }
            if let Some(cmd) = strip_prefix_ci(body, "OPTION:") {
                let cmd = cmd.trim();
                let (k, v) = match cmd.split_once(':') {
                    Some((k, v)) => (k.trim(), v.trim()),
                    None => (cmd, ""),
                };
                rec.options.push((k.to_string(), v.split_whitespace().collect::<Vec<_>>().join(" ")));
                continue;
            }
            if rec.partial {
                continue; // "-{…": this and later fields are not checked
            }
            let squeezed: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            match squeezed.as_str() {
                "---" => rec.expects_no_event = true,
                "###" => rec.expected_error = Some("discard".into()),
                "+++" => rec.expected_error = Some("complex".into()),
                _ => {
                    let parts: Vec<&str> = body.split('/').map(str::trim).collect();
                    if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && !p.contains(char::is_whitespace)) {
                        rec.expected.push(Triple::new(parts[0], parts[1], parts[2]));
                    } else {
                        out.warnings
                            .push(format!("{file}:{n}: {who}: unrecognised validation field {{{body}}}; ignored"));
                    }
                }
            }
        }
    }
    for (k, v) in &rec.options {
        let v: String = v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        if k.eq_ignore_ascii_case("SET") && v.starts_with("YYYY=") {
            out.yyyy = v == "YYYY=TRUE";
        }
    }
    if fields == 0 && out.stop.is_none() {
        out.stop = Some(out.records.len());
    }
    out.records.push(rec);
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn p() -> PathBuf {
        PathBuf::from("v.text")
    }

    #[test]
    fn record_with_two_events_and_dates() {
        let t = "# header\n\n950103  DEMO-04\nDagolath's minister left\nfor Gondor./*\n\\n[Paired]\n\\n{ DAG / GON / 032 } 950103\n\\n{ GON / DAG / 033 } */\n";
        let recs = read_tabari_text(t, &p()).unwrap();
        assert_eq!(recs.len(), 1);
        let r = &recs[0];
        assert_eq!((r.id.as_str(), r.date.as_str(), r.line, r.category.as_str()), ("DEMO-04", "19950103", 3, "DEMO"));
        assert_eq!(r.text, "Dagolath's minister left\nfor Gondor.");
        assert_eq!(r.expected, vec![Triple::new("DAG", "GON", "032"), Triple::new("GON", "DAG", "033")]);
    }
}
