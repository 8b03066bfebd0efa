//! detente's own dictionary format: one entry per line, diff-friendly.
//!
//! ```text
//! # comment
//! actor RUS = Russia | Russian | Russians | Moscow | the Kremlin
//! actor RUSGOV@2012-05-07.., RUSGOV@2000-05-07..2008-05-07, RUSELI = Vladimir Putin | Putin
//! agent ~GOV = official | government | foreign minister
//! agent NGO~ = aid group
//! synset &TRUCE = ceasefire | cease-fire | truce
//! verb 042 = visit | travel {travelled travelling}
//! pattern 043 = + * BY $
//! pattern 036 = * TO MEET
//! discard = World Cup
//! discard story = Premier League
//! as of 2026-11-01
//! actor USAGOV@2025-01-21.., USAELI = Marco Rubio | Rubio
//! ```
//!
//! Phrases are words in order, matched consecutively and case-insensitively; the last
//! word also matches its regular plural. A `verb` line starts a block of synonymous
//! verbs (regular forms are generated; irregular ones go in `{}`); the `pattern`
//! lines after it belong to that block and use the TABARI pattern language (`*` the
//! verb, `$` source, `+` target, `%` both, `^` skip an actor, `&NAME` a synset, `_`
//! binding neighbours). Codes in `[…]` may also be written bare. Dates are
//! YYYY-MM-DD; a code without dates is the default. `as of DATE` records the date the
//! knowledge of the actor lines after it is valid to. See `docs/dictionaries.md`.

use super::legacy::Reader;
use super::{
    Actor, Agent, AgentPlacement, DatedCode, DictError, Dictionaries, Discard, Origin, Phrase, VerbBlock, WordMode,
};

/// Reads native dictionary text; `file` names it in warnings and errors. Problems
/// with single lines are warnings (the line is skipped).
pub fn read_str(text: &str, file: &str) -> Dictionaries {
    let mut reader = Reader::new(file);
    let mut block: Option<usize> = None;
    let mut known_to = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(date) = line.strip_prefix("as of ") {
            match parse_iso_date(date.trim()) {
                Ok(d) => known_to = Some(d),
                Err(e) => reader.warn(line_no, e),
            }
            continue;
        }
        let (head, body) = match line.split_once('=') {
            Some((h, b)) => (h.trim(), b.trim()),
            None => {
                reader.warn(line_no, format!("want `KIND CODE = …`, got {line:?}"));
                continue;
            }
        };
        let (kind, code) = head.split_once(char::is_whitespace).map_or((head, ""), |(k, c)| (k, c.trim()));
        match kind {
            "actor" => actor(&mut reader, code, body, known_to, line_no),
            "agent" => agent(&mut reader, code, body, line_no),
            "synset" => {
                let s = reader.define_synset(code, line_no);
                for member in alternatives(body) {
                    reader.synset_member(s, &member.replace(' ', "_"), line_no);
                }
            }
            "verb" => {
                let spec = if code.is_empty() { None } else { reader.event_spec(&bracket(code), line_no) };
                let origin = reader.origin(line_no);
                let dicts = reader.dicts_mut();
                dicts.blocks.push(VerbBlock { name: body.to_string(), code: spec.clone(), origin });
                let b = dicts.blocks.len() - 1;
                block = Some(b);
                for member in alternatives(body) {
                    let (main, irregular) = match member.split_once('{') {
                        Some((m, rest)) => (m.trim().to_string(), Some(rest.trim_end_matches('}').to_string())),
                        None => (member.clone(), None),
                    };
                    let Some(verb) = reader.verb(&main.replace(' ', "_"), b, None, line_no) else {
                        reader.warn(line_no, format!("cannot read verb {member:?}"));
                        continue;
                    };
                    reader.dicts_mut().verbs.push(verb);
                    let v = reader.dicts_mut().verbs.len() - 1;
                    if let Some(irregular) = irregular {
                        reader.add_irregular_forms(v, &irregular.to_ascii_uppercase());
                    }
                }
            }
            "pattern" => match block {
                Some(b) => reader.pattern(b, &format!("{} {}", body.to_ascii_uppercase(), bracket(code)), line_no),
                None => reader.warn(line_no, "pattern before any verb line"),
            },
            "discard" => {
                let story = code == "story";
                for member in alternatives(body) {
                    let Some(mut phrase) = reader.phrase(&member) else { continue };
                    for w in &mut phrase.words {
                        w.mode = WordMode::Exact;
                    }
                    if let Some(last) = phrase.words.last_mut() {
                        last.mode = WordMode::Noun;
                    }
                    let origin = reader.origin(line_no);
                    reader.dicts_mut().discards.push(Discard { phrase, story, complex: false, origin });
                }
            }
            other => reader.warn(line_no, format!("unknown entry kind {other:?}")),
        }
    }
    reader.finish()
}

/// Reads a native dictionary file.
pub fn read_file(path: &std::path::Path) -> Result<Dictionaries, DictError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| DictError::Io { path: path.display().to_string(), source })?;
    Ok(read_str(&text, &path.display().to_string()))
}

fn alternatives(body: &str) -> Vec<String> {
    body.split('|').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn bracket(code: &str) -> String {
    if code.starts_with('[') {
        code.to_string()
    } else {
        format!("[{code}]")
    }
}

fn actor(reader: &mut Reader, codes: &str, body: &str, known_to: Option<u32>, line_no: usize) {
    let mut parsed = Vec::new();
    for part in codes.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match dated_code(part) {
            Ok(c) => parsed.push(c),
            Err(e) => {
                reader.warn(line_no, e);
                return;
            }
        }
    }
    if parsed.is_empty() {
        reader.warn(line_no, "actor without a code");
        return;
    }
    parsed.sort_by_key(|c| c.from.is_none() && c.to.is_none());
    let names = alternatives(body);
    let phrases: Vec<_> = names.iter().filter_map(|n| name_phrase(reader, n)).collect();
    if phrases.is_empty() {
        reader.warn(line_no, "actor without a name");
        return;
    }
    let origin = reader.origin(line_no);
    reader.dicts_mut().actors.push(Actor { name: names[0].clone(), phrases, codes: parsed, known_to, origin });
}

fn agent(reader: &mut Reader, code: &str, body: &str, line_no: usize) {
    let Some((code, placement)) = AgentPlacement::parse(code) else {
        reader.warn(line_no, format!("agent code {code:?} needs a ~ (~GOV appends, NGO~ prepends)"));
        return;
    };
    let names = alternatives(body);
    let phrases: Vec<_> = names.iter().filter_map(|n| name_phrase(reader, n)).collect();
    if phrases.is_empty() {
        reader.warn(line_no, "agent without a name");
        return;
    }
    let origin: Origin = reader.origin(line_no);
    reader.dicts_mut().agents.push(Agent {
        name: names[0].clone(),
        phrases,
        code: code.to_ascii_uppercase(),
        placement,
        origin,
    });
}

/// The phrase for an actor or agent name. A name of two or three capitals ("US",
/// "UN", "WHO") is an acronym: it matches only in capitals and takes no plural, so
/// that "told us" and "uses" are not the United States.
fn name_phrase(reader: &mut Reader, name: &str) -> Option<Phrase> {
    let mut phrase = reader.phrase(&exact_words(name))?;
    if (2..=3).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_uppercase()) {
        phrase.capitals_only = true;
        for word in &mut phrase.words {
            word.mode = WordMode::Exact;
        }
    }
    Some(phrase)
}

/// Words joined so the legacy phrase reader treats inner words as exact and the
/// last as a noun with plurals.
fn exact_words(name: &str) -> String {
    format!("{}_", name.split_whitespace().collect::<Vec<_>>().join("_").to_ascii_uppercase())
}

/// `RUSGOV`, `RUSGOV@2012-05-07..`, `USAELI@2021-01-21..2025-01-19`, `X@..1999-12-31`.
fn dated_code(text: &str) -> Result<DatedCode, String> {
    let (code, dates) = text.split_once('@').map_or((text, None), |(c, d)| (c, Some(d)));
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '/') {
        return Err(format!("bad actor code {code:?}"));
    }
    let code = code.to_string();
    let Some(dates) = dates else { return Ok(DatedCode { code, from: None, to: None }) };
    let (from, to) = dates.split_once("..").ok_or(format!("want CODE@FROM..TO, got {text:?}"))?;
    let parse = |d: &str| if d.is_empty() { Ok(None) } else { parse_iso_date(d).map(Some) };
    Ok(DatedCode { code, from: parse(from)?, to: parse(to)? })
}

fn parse_iso_date(d: &str) -> Result<u32, String> {
    let digits: String = d.chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 {
        return Err(format!("bad date {d:?} (want YYYY-MM-DD)"));
    }
    super::legacy::parse_date(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind() {
        let text = "actor RUS = Russia | Russian\nactor USAGOV@2025-01-20.., USAGOV@2017-01-20..2021-01-20, USAELI = Donald Trump | Trump\nagent ~GOV = official | foreign minister\nsynset &TRUCE = ceasefire | truce\nverb 042 = visit | travel {travelled travelling}\npattern 043 = + * BY $\npattern 0833 = * &TRUCE\ndiscard = World Cup\nnonsense line\nactor = Nobody\n";
        let d = read_str(text, "t.dict");
        assert_eq!(d.actors.len(), 2);
        assert_eq!(d.actors[1].code_on(20260101), Some("USAGOV"));
        assert_eq!(d.actors[1].code_on(20230101), Some("USAELI"));
        assert_eq!(d.agents.len(), 1);
        assert!(d.agents[0].phrases[0].match_at(&["OFFICIALS"]).is_some());
        assert_eq!(d.verbs.len(), 2);
        assert!(d.verbs[1].forms.iter().any(|f| f.words == ["TRAVELLED"]));
        assert_eq!(d.patterns.len(), 2);
        assert!(matches!(&d.patterns[1].code, crate::dict::EventSpec::Event { code, .. } if code == "0833"));
        assert_eq!(d.discards.len(), 1);
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
        assert!(d.warnings[0].starts_with("t.dict:9:"));
    }
}
