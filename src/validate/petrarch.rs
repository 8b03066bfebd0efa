//! PETRARCH-style validation XML.
//!
//! A tolerant tag scanner rather than an XML parser: the shipped files are not all
//! well-formed (UD-PETRARCH's header nests `<!-- … -->` inside a comment, the GSR file
//! has free text before `<Environment>` and writes `<Sentence …/>` as a self-closing
//! tag whose `<EventCoding>`, `<Text>` and `<Parse>` follow as siblings up to a stray
//! `</Sentence>`). Comments end at the first `-->`, as in PETRARCH's own reader.

use std::path::Path;

use super::{check_binary, normalize_date, Environment, Record, Suite, Triple, ValidateError};

/// Reads a PETRARCH validation (or plain input) XML file already loaded as `text`.
pub fn read_petrarch_xml(text: &str, path: &Path) -> Result<Suite, ValidateError> {
    check_binary(text, path)?;
    let mut sc = Scanner { text, path, pos: 0, line_pos: 0, line: 1 };
    let mut env = Environment::default();
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    let mut stop = None;
    let mut pending_options: Vec<(String, String)> = Vec::new();
    let mut open: Option<Partial> = None;
    let mut in_env = false;
    let mut root: Option<(String, usize)> = None;
    let mut root_closed = false;

    let file = path.display().to_string();
    let finish = |p: Partial, records: &mut Vec<Record>, warnings: &mut Vec<String>| {
        let mut notes = Vec::new();
        match p.into_record(&mut notes) {
            Ok(r) => records.push(r),
            Err(msg) => notes.push(msg),
        }
        warnings.extend(notes.into_iter().map(|m| format!("{file}:{m}")));
    };

    while let Some(tok) = sc.next_token()? {
        match tok {
            Token::Start { name, attrs, self_closing, line } => {
                if root.is_none() {
                    root = Some((name.clone(), line));
                }
                match name.as_str() {
                    "Environment" => in_env = !self_closing,
                    "Sentence" => {
                        if let Some(p) = open.take() {
                            if !p.self_closing {
                                warnings.push(format!(
                                    "{}:{}: <Sentence> has no </Sentence> before the next record",
                                    path.display(),
                                    p.line
                                ));
                            }
                            finish(p, &mut records, &mut warnings);
                        }
                        open = Some(Partial {
                            attrs,
                            line,
                            self_closing,
                            options: std::mem::take(&mut pending_options),
                            codings: Vec::new(),
                            text: None,
                            skip: false,
                        });
                    }
                    "Config" => {
                        let opt =
                            (attr(&attrs, "option").unwrap_or_default(), attr(&attrs, "value").unwrap_or_default());
                        if in_env {
                            env.options.push(opt);
                        } else {
                            match &mut open {
                                Some(p) if !p.self_closing => p.options.push(opt),
                                _ => {
                                    if let Some(p) = open.take() {
                                        finish(p, &mut records, &mut warnings);
                                    }
                                    pending_options.push(opt);
                                }
                            }
                        }
                        if !self_closing {
                            sc.element_text();
                        }
                    }
                    "Stop" if !in_env => {
                        if let Some(p) = open.take() {
                            finish(p, &mut records, &mut warnings);
                        }
                        stop.get_or_insert(records.len());
                    }
                    "EventCoding" => match &mut open {
                        Some(p) => p.codings.push((attrs, line)),
                        None => warnings
                            .push(format!("{}:{line}: <EventCoding> outside a <Sentence>; ignored", path.display())),
                    },
                    "Text" => {
                        let body = if self_closing { String::new() } else { sc.take_until_close("Text", line)? };
                        match &mut open {
                            Some(p) if p.text.is_none() => p.text = Some(unescape(body.trim())),
                            Some(p) => warnings.push(format!(
                                "{}:{line}: second <Text> in record starting at line {}; ignored",
                                path.display(),
                                p.line
                            )),
                            None => warnings
                                .push(format!("{}:{line}: <Text> outside a <Sentence>; ignored", path.display())),
                        }
                    }
                    "Parse" if !self_closing => {
                        sc.take_until_close("Parse", line)?;
                    }
                    "Skip" => {
                        if let Some(p) = &mut open {
                            p.skip = true;
                        }
                    }
                    _ if in_env => {
                        let value = match attr(&attrs, "name")
                            .or_else(|| attr(&attrs, "categories"))
                            .or_else(|| attr(&attrs, "value"))
                        {
                            Some(v) => v,
                            None if self_closing => String::new(),
                            None => unescape(sc.element_text().trim()),
                        };
                        environment_entry(&mut env, &name, value);
                    }
                    _ => {} // <Validation>, <Sentences>, <PLEvent …>, stray markup in free text
                }
            }
            Token::End { name, .. } => {
                if root.as_ref().is_some_and(|(r, _)| *r == name) {
                    root_closed = true;
                }
                match name.as_str() {
                    "Environment" => in_env = false,
                    "Sentence" | "Sentences" | "Validation" => {
                        if let Some(p) = open.take() {
                            finish(p, &mut records, &mut warnings);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    let Some((root_name, root_line)) = root else {
        return Err(ValidateError::Format {
            path: path.to_path_buf(),
            line: 1,
            msg: "no PETRARCH XML elements found".into(),
        });
    };
    if !root_closed {
        let line = sc.line_at(text.len());
        return Err(ValidateError::Xml {
            path: path.to_path_buf(),
            line,
            msg: format!(
                "unexpected end of file: <{root_name}> opened at line {root_line} is never closed (truncated file?)"
            ),
        });
    }
    if let Some(p) = open.take() {
        finish(p, &mut records, &mut warnings);
    }
    if !pending_options.is_empty() {
        warnings.push(format!(
            "{}: {} <Config> element(s) after the last record; ignored",
            path.display(),
            pending_options.len()
        ));
    }
    Ok(Suite { path: path.to_path_buf(), environment: env, records, warnings, stop })
}

fn environment_entry(env: &mut Environment, name: &str, value: String) {
    let list = |v: &str| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect::<Vec<_>>();
    let words = |v: &str| v.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    match name {
        "Verbfile" | "P1Verbfile" => env.verb_files.extend(list(&value)),
        "Actorfile" => env.actor_files.extend(list(&value)),
        "Agentfile" => env.agent_files.extend(list(&value)),
        "Discardfile" => env.discard_files.extend(list(&value)),
        "PICOfile" => env.pico_files.extend(list(&value)),
        "Include" => env.include.extend(words(&value)),
        "Exclude" => env.exclude.extend(words(&value)),
        _ => env.options.push((name.to_string(), value)),
    }
}

/// A `<Sentence>` being collected.
struct Partial {
    attrs: Vec<(String, String)>,
    line: usize,
    self_closing: bool,
    options: Vec<(String, String)>,
    codings: Vec<(Vec<(String, String)>, usize)>,
    text: Option<String>,
    skip: bool,
}

impl Partial {
    /// Builds the record, or returns `"line: problem"` when it has to be skipped.
    fn into_record(self, warnings: &mut Vec<String>) -> Result<Record, String> {
        let line = self.line;
        let id = attr(&self.attrs, "id").unwrap_or_default();
        let who = if id.is_empty() { "record".to_string() } else { format!("record {id}") };
        let Some(text) = self.text else {
            return Err(format!("{line}: {who} has no <Text>; skipped"));
        };
        if text.is_empty() {
            warnings.push(format!(
                "{line}: {who} has an empty <Text> (its sentence exists only in <Parse>, which is not read)"
            ));
        }
        let date = match attr(&self.attrs, "date") {
            None => return Err(format!("{line}: {who} has no date attribute; skipped")),
            Some(d) => normalize_date(&d).map_err(|e| format!("{line}: {who}: {e}; skipped"))?,
        };
        let flag = |name: &str| -> Result<bool, String> {
            match attr(&self.attrs, name) {
                None => Ok(true),
                Some(v) => match v.trim().to_ascii_lowercase().as_str() {
                    "true" => Ok(true),
                    "false" => Ok(false),
                    _ => Err(format!("{line}: {who}: {name}={v:?} is neither true nor false; skipped")),
                },
            }
        };
        let sentence = if attr(&self.attrs, "sentence").is_some() { flag("sentence")? } else { flag("valid")? };
        let evaluate = flag("evaluate")? && !self.skip;
        let mut expected = Vec::new();
        let mut expects_no_event = false;
        let mut expected_error = None;
        for (attrs, cline) in &self.codings {
            if attrs.iter().any(|(k, _)| k == "noevents") {
                expects_no_event = true;
            } else if let Some(e) = attr(attrs, "error") {
                expected_error = Some(e);
            } else {
                match (attr(attrs, "sourcecode"), attr(attrs, "targetcode"), attr(attrs, "eventcode")) {
                    (Some(s), Some(t), Some(c)) => expected.push(Triple::new(s.trim(), t.trim(), c.trim())),
                    _ => {
                        return Err(format!(
                            "{cline}: {who}: <EventCoding> lacks sourcecode/targetcode/eventcode; record skipped"
                        ))
                    }
                }
            }
        }
        Ok(Record {
            id,
            date,
            category: attr(&self.attrs, "category").unwrap_or_default(),
            text,
            expected,
            expects_no_event,
            sentence,
            evaluate,
            options: self.options,
            line,
            expected_error,
            partial: false,
        })
    }
}

fn attr(attrs: &[(String, String)], name: &str) -> Option<String> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| unescape(v))
}

/// Replaces the five XML entities and numeric character references.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

enum Token {
    Start { name: String, attrs: Vec<(String, String)>, self_closing: bool, line: usize },
    End { name: String },
}

struct Scanner<'a> {
    text: &'a str,
    path: &'a Path,
    pos: usize,
    /// Cached line number of byte `line_pos`, for cheap forward line counting.
    line_pos: usize,
    line: usize,
}

impl<'a> Scanner<'a> {
    fn line_at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if pos < self.line_pos {
            self.line_pos = 0;
            self.line = 1;
        }
        self.line += self.text.as_bytes()[self.line_pos..pos].iter().filter(|&&b| b == b'\n').count();
        self.line_pos = pos;
        self.line
    }

    fn err(&mut self, pos: usize, msg: String) -> ValidateError {
        ValidateError::Xml { path: self.path.to_path_buf(), line: self.line_at(pos), msg }
    }

    /// The next start or end tag; comments, processing instructions, declarations and
    /// free text are skipped. A `<` that does not open a tag is treated as text.
    fn next_token(&mut self) -> Result<Option<Token>, ValidateError> {
        let bytes = self.text.as_bytes();
        loop {
            let Some(off) = self.text[self.pos..].find('<') else {
                self.pos = self.text.len();
                return Ok(None);
            };
            let at = self.pos + off;
            let rest = &self.text[at..];
            if let Some(body) = rest.strip_prefix("<!--") {
                match body.find("-->") {
                    Some(e) => self.pos = at + 4 + e + 3,
                    None => return Err(self.err(at, "unterminated comment <!-- (truncated file?)".into())),
                }
                continue;
            }
            if rest.starts_with("<![CDATA[") {
                match rest.find("]]>") {
                    Some(e) => self.pos = at + e + 3,
                    None => return Err(self.err(at, "unterminated <![CDATA[ section".into())),
                }
                continue;
            }
            if rest.starts_with("<?") || rest.starts_with("<!") {
                let close = if rest.starts_with("<?") { "?>" } else { ">" };
                match rest.find(close) {
                    Some(e) => self.pos = at + e + close.len(),
                    None => return Err(self.err(at, "unterminated declaration".into())),
                }
                continue;
            }
            if let Some(after) = rest.strip_prefix("</") {
                let name: String = after.chars().take_while(|c| is_name_char(*c)).collect();
                if name.is_empty() {
                    self.pos = at + 1;
                    continue;
                }
                match rest.find('>') {
                    Some(e) if !rest[1..e].contains('<') => {
                        self.pos = at + e + 1;
                        return Ok(Some(Token::End { name }));
                    }
                    _ => return Err(self.err(at, format!("unterminated end tag </{name}"))),
                }
            }
            let name: String = rest[1..].chars().take_while(|c| is_name_char(*c)).collect();
            if name.is_empty() || !rest[1..].starts_with(|c: char| c.is_alphabetic() || c == '_') {
                self.pos = at + 1; // stray '<' in free text
                continue;
            }
            let start_line = self.line_at(at);
            let mut i = at + 1 + name.len();
            let mut attrs = Vec::new();
            let self_closing;
            loop {
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i >= bytes.len() {
                    return Err(self.err(at, format!("unterminated tag <{name} (truncated file?)")));
                }
                match bytes[i] {
                    b'>' => {
                        self_closing = false;
                        i += 1;
                        break;
                    }
                    b'/' if bytes.get(i + 1) == Some(&b'>') => {
                        self_closing = true;
                        i += 2;
                        break;
                    }
                    b'<' => {
                        // Not a tag after all ("<PLEvent... give …" in a header).
                        self_closing = false;
                        attrs.clear();
                        break;
                    }
                    b'"' | b'\'' => {
                        i = self.skip_quoted(i, &name, at)?;
                        continue;
                    }
                    _ => {}
                }
                let key_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=>/\"'<".contains(&bytes[i]) {
                    i += 1;
                }
                if i == key_start {
                    i += 1; // junk character such as a lone '/'
                    continue;
                }
                let key = self.text[key_start..i].to_string();
                let mut j = i;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                let mut value = String::new();
                if j < bytes.len() && bytes[j] == b'=' {
                    j += 1;
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                        let end = self.skip_quoted(j, &name, at)?;
                        value = self.text[j + 1..end - 1].to_string();
                        j = end;
                    } else {
                        let vs = j;
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' && bytes[j] != b'<'
                        {
                            j += 1;
                        }
                        value = self.text[vs..j].to_string();
                    }
                    i = j;
                }
                attrs.push((key, value));
            }
            self.pos = i;
            return Ok(Some(Token::Start { name, attrs, self_closing, line: start_line }));
        }
    }

    /// Position just after the quoted string opening at `q`.
    fn skip_quoted(&mut self, q: usize, name: &str, tag_at: usize) -> Result<usize, ValidateError> {
        let quote = self.text.as_bytes()[q] as char;
        match self.text[q + 1..].find([quote, '<']) {
            Some(e) if self.text.as_bytes()[q + 1 + e] as char == quote => Ok(q + 1 + e + 1),
            _ => Err(self.err(tag_at, format!("unterminated attribute value in <{name}"))),
        }
    }

    /// Raw content up to `</name`, consuming the end tag. Error if it never comes.
    fn take_until_close(&mut self, name: &str, open_line: usize) -> Result<String, ValidateError> {
        let close = format!("</{name}");
        match self.text[self.pos..].find(&close) {
            Some(off) => {
                let body = self.text[self.pos..self.pos + off].to_string();
                let after = self.pos + off + close.len();
                self.pos = match self.text[after..].find('>') {
                    Some(e) => after + e + 1,
                    None => self.text.len(),
                };
                Ok(body)
            }
            None => Err(ValidateError::Xml {
                path: self.path.to_path_buf(),
                line: open_line,
                msg: format!("<{name}> is never closed (truncated file?)"),
            }),
        }
    }

    /// Text content up to the next `<` (not consumed).
    fn element_text(&mut self) -> String {
        let end = self.text[self.pos..].find('<').map_or(self.text.len(), |o| self.pos + o);
        let s = self.text[self.pos..end].to_string();
        self.pos = end;
        s
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn read(s: &str) -> Result<Suite, ValidateError> {
        read_petrarch_xml(s, &PathBuf::from("t.xml"))
    }

    #[test]
    fn unescapes_entities() {
        assert_eq!(unescape("a &amp; b &lt;c&gt; &#65;&#x42; &bogus; &"), "a & b <c> AB &bogus; &");
    }

    #[test]
    fn names_stop_at_dots() {
        // "<PLEvent... give" is free text, not a <PLEvent> element
        let s = "<Validation>\n<!-- a <!-- b --> c <PLEvent... give -->\n</Validation>";
        let suite = read(s).unwrap();
        assert!(suite.records.is_empty());
    }
}
