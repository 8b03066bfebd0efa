//! Readers for the legacy dictionary formats, read as they are: TABARI (`.actors`,
//! `.verbs`, `.agents`), PETRARCH-1 (`PETR.Validate.*`), PETRARCH-2 (`CAMEO.2.0.txt`,
//! `Phoenix.*.actors.txt`, `Phoenix.agents.txt`, `Phoenix.discards.txt`).
//!
//! The formats are documented in the TABARI manual (chapters 5 and 6) and in
//! PETRARCH's `dictionaries.rst`. Differences that matter here:
//! - TABARI words without a trailing `_` are stems (prefix matches); PETRARCH dropped
//!   stemming, so its words match exactly (nouns also with regular plurals).
//! - PETRARCH-2 patterns mark noun phrases `{ADJ NOUN}` and prepositional phrases
//!   `(PREP NOUN)`; without a parse tree these become ordered words, like TABARI's.
//!
//! A malformed line is skipped with a warning naming `file:line`; a file that is not
//! a dictionary at all is an error.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::phrase::verb_forms;
use super::{
    Actor, Agent, AgentPlacement, DatedCode, DictError, Dictionaries, Discard, DisconnectedPhrase, Element, EventSpec,
    Origin, Pattern, PatternItem, Phrase, Synset, Verb, VerbBlock, VerbForm, Word, WordMode,
};
use crate::span::Span;
use crate::text::tokenize;

/// The kind of a legacy dictionary file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Actors,
    Agents,
    Verbs,
    Discards,
}

/// Which program's conventions a file follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Tabari,
    Petrarch,
}

/// Reads a legacy dictionary file, detecting its kind from its name and content.
pub fn read_file(path: &Path) -> Result<Dictionaries, DictError> {
    let bytes = std::fs::read(path).map_err(|source| DictError::Io { path: path.display().to_string(), source })?;
    // Valid UTF-8 (nearly every file) is checked in one fast pass without a copy; the lossy
    // reader, character by character, took 5 % of the Phoenix load.
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(&bytes),
    };
    let name = path.display().to_string();
    let kind = detect_kind(&name, &text)?;
    let dialect = detect_dialect(&name);
    Ok(read_str(&text, &name, kind, dialect))
}

/// Reads dictionary text of a known kind.
pub fn read_str(text: &str, file: &str, kind: Kind, dialect: Dialect) -> Dictionaries {
    let mut lines = clean_lines(text);
    if dialect == Dialect::Tabari {
        for (_, line) in &mut lines {
            if let Some(joined) = tabari_hyphens(line) {
                *line = Cow::Owned(joined);
            }
        }
    }
    let mut reader = Reader { dialect, ..Reader::new(file) };
    // Room for the distinct words at once (Phoenix's actor files have about one per 35 bytes,
    // its verbs one per 66): growing the set rehashed every word read so far.
    reader.words.reserve(text.len() / 48);
    match kind {
        Kind::Actors => reader.actors(&lines),
        Kind::Agents => reader.agents(&lines),
        Kind::Verbs => reader.verbs(&lines),
        Kind::Discards => reader.discards(&lines),
    }
    reader.dicts
}

fn detect_kind(name: &str, text: &str) -> Result<Kind, DictError> {
    if text.as_bytes().iter().take(4096).any(|&b| b == 0) {
        return Err(DictError::UnknownKind { path: name.to_string(), reason: "binary content".into() });
    }
    let file = Path::new(name).file_name().map(|f| f.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    for (marker, what) in [
        ("ontology", "a PETRARCH-2 internal coding ontology"),
        ("issue", "an issue-coding list"),
        ("options", "a TABARI options file"),
        ("project", "a TABARI project file"),
        ("config", "a PETRARCH config file"),
        ("license", "a licence"),
        (".text", "a TABARI text file"),
        (".xml", "an XML file"),
        // A dictionary folder's README or SOURCES notes: their "- " bullets look like patterns.
        (".md", "a Markdown document"),
    ] {
        if file.contains(marker) {
            return Err(DictError::UnknownKind {
                path: name.to_string(),
                reason: format!("it is {what}, not a dictionary"),
            });
        }
    }
    if file.contains("discard") {
        return Ok(Kind::Discards);
    }
    if file.contains("agent") {
        return Ok(Kind::Agents);
    }
    if file.contains("verb") || file.starts_with("cameo") {
        return Ok(Kind::Verbs);
    }
    if file.contains("actor") {
        return Ok(Kind::Actors);
    }
    let lines = clean_lines(text);
    let patterns = lines.iter().filter(|(_, l)| l.starts_with("- ") || l.starts_with("---")).count();
    let agents = lines.iter().filter(|(_, l)| l.contains("[~") || l.contains("~]")).count();
    let coded = lines.iter().filter(|(_, l)| l.contains('[') && l.contains(']')).count();
    if patterns > 0 {
        Ok(Kind::Verbs)
    } else if agents > 0 && agents * 2 >= coded {
        Ok(Kind::Agents)
    } else if coded > 0 {
        Ok(Kind::Actors)
    } else {
        Err(DictError::UnknownKind {
            path: name.to_string(),
            reason: "no coded entries ([CODE]) and no verb patterns".into(),
        })
    }
}

fn detect_dialect(name: &str) -> Dialect {
    let file = Path::new(name).file_name().map(|f| f.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if file.starts_with("tabari") || file.starts_with("validate.") {
        Dialect::Tabari
    } else {
        Dialect::Petrarch
    }
}

/// Lines with comments removed and whitespace trimmed at the end, keeping a
/// leading tab (it marks date restrictions) and 1-based line numbers. Lines are
/// slices of `text`, copied only when a `<!…>` comment is cut out of the middle.
///
/// One pass over the bytes splits the lines and finds their `#`, `;` and `//` comments
/// ([`scan_line`]); only a line with a `<`, or one inside a `<!-- … -->` comment, is
/// searched again ([`clean_marked_line`]). Splitting first and searching every line
/// again took a sixth of the Phoenix load.
fn clean_lines(text: &str) -> Vec<(usize, Cow<'_, str>)> {
    // The Phoenix files keep a line per 27 to 44 bytes.
    let mut out = Vec::with_capacity(text.len() / 24);
    let mut in_comment = false;
    let mut rest = text;
    let mut line_no = 0;
    while !rest.is_empty() {
        line_no += 1;
        let scan = scan_line(rest.as_bytes());
        // As `str::lines` has it: a line ends at `\n` or `\r\n`.
        let raw = match rest.get(scan.end..) {
            Some(tail) if !tail.is_empty() => rest[..scan.end].strip_suffix('\r').unwrap_or(&rest[..scan.end]),
            _ => rest,
        };
        let line = if scan.angle || in_comment {
            clean_marked_line(raw, &mut in_comment)
        } else {
            let kept = trim_end_fast(&raw[..scan.comment.unwrap_or(raw.len()).min(raw.len())]);
            (!kept.is_empty()).then_some(Cow::Borrowed(kept))
        };
        if let Some(line) = line {
            out.push((line_no, line));
        }
        rest = rest.get(scan.end + 1..).unwrap_or("");
    }
    out
}

/// What [`scan_line`] finds in a line.
struct LineScan {
    /// Where the line's `\n` is (the text's length on the last line).
    end: usize,
    /// Where the first `#` or `;` outside brackets, or the first `//`, is.
    comment: Option<usize>,
    /// Whether the line has a `<` (a `<!…>` comment may start there).
    angle: bool,
}

/// Scans one line at the start of `bytes`: a table lookup per byte, most bytes
/// being none of the few that matter.
fn scan_line(bytes: &[u8]) -> LineScan {
    const NEWLINE: u8 = 1;
    const OPEN: u8 = 2;
    const CLOSE: u8 = 3;
    const COMMENT: u8 = 4;
    const SLASH: u8 = 5;
    const ANGLE: u8 = 6;
    const CLASS: [u8; 256] = {
        let mut class = [0u8; 256];
        class[b'\n' as usize] = NEWLINE;
        class[b'[' as usize] = OPEN;
        class[b']' as usize] = CLOSE;
        class[b'#' as usize] = COMMENT;
        class[b';' as usize] = COMMENT;
        class[b'/' as usize] = SLASH;
        class[b'<' as usize] = ANGLE;
        class
    };
    let mut scan = LineScan { end: bytes.len(), comment: None, angle: false };
    let mut depth = 0usize;
    for (at, &b) in bytes.iter().enumerate() {
        match CLASS[usize::from(b)] {
            0 => {}
            NEWLINE => {
                scan.end = at;
                break;
            }
            OPEN => depth += 1,
            CLOSE => depth = depth.saturating_sub(1),
            COMMENT if depth == 0 && scan.comment.is_none() => scan.comment = Some(at),
            SLASH if scan.comment.is_none() && bytes.get(at + 1) == Some(&b'/') => scan.comment = Some(at),
            ANGLE => scan.angle = true,
            _ => {}
        }
    }
    scan
}

/// A line with a `<` or inside a `<!-- … -->` comment, cleaned as [`clean_lines`]
/// cleans every line; `None` when nothing is left.
fn clean_marked_line<'a>(raw: &'a str, in_comment: &mut bool) -> Option<Cow<'a, str>> {
    let mut line = Cow::Borrowed(raw);
    if *in_comment {
        let end = raw.find("-->")?;
        *in_comment = false;
        line = Cow::Borrowed(&raw[end + 3..]);
    }
    // `contains('<')` first: most lines have none, and it is cheaper than `find("<!")`.
    while let Some(start) = line.contains('<').then(|| line.find("<!")).flatten() {
        match line[start..].find('>') {
            Some(len) if !line[start..].starts_with("<!--") || line[start..].contains("-->") => {
                let end = if line[start..].starts_with("<!--") {
                    start + line[start..].find("-->").unwrap_or(len) + 3
                } else {
                    start + len + 1
                };
                let end = end.min(line.len());
                line.to_mut().replace_range(start..end, "");
            }
            _ => {
                *in_comment = true;
                truncate(&mut line, start);
                break;
            }
        }
    }
    if let Some(at) = comment_start(&line) {
        truncate(&mut line, at);
    }
    if let Some(at) = line.contains('/').then(|| line.find("//")).flatten() {
        truncate(&mut line, at);
    }
    let kept = line.trim_end().len();
    truncate(&mut line, kept);
    (!line.trim().is_empty()).then_some(line)
}

/// Cuts a line at byte `at` (a char boundary), without copying a borrowed one.
fn truncate(line: &mut Cow<'_, str>, at: usize) {
    match line {
        Cow::Borrowed(s) => {
            let whole: &str = s;
            *s = &whole[..at];
        }
        Cow::Owned(s) => s.truncate(at),
    }
}

/// Where a `#` or `;` comment begins, outside brackets: the code `[###]` (TABARI's
/// discard code) is not a comment. Bytes, not chars: all four are ASCII, and this runs
/// on every line.
fn comment_start(line: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, b) in line.bytes().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'#' | b';' if depth == 0 => return Some(at),
            _ => {}
        }
    }
    None
}

pub(super) struct Reader {
    file_name: std::sync::Arc<str>,
    dialect: Dialect,
    dicts: Dictionaries,
    /// Synset name (with `&`) → index, for patterns and nested synsets.
    synsets: HashMap<String, usize>,
    /// Synsets whose label ends in `_`: no plurals for their members.
    synset_no_plurals: Vec<usize>,
    /// Every word read so far, so that entries share one copy of each.
    words: HashSet<Arc<str>>,
    /// Scratch list for [`Reader::pattern_items`].
    pattern_items: Vec<PatternItem>,
    /// Scratch list for [`Reader::phrase`].
    word_spans: Vec<(usize, usize)>,
}

impl Reader {
    pub(super) fn new(file: &str) -> Reader {
        Reader {
            file_name: file.into(),
            dialect: Dialect::Petrarch,
            dicts: Dictionaries::default(),
            synsets: HashMap::default(),
            synset_no_plurals: Vec::new(),
            words: HashSet::default(),
            pattern_items: Vec::new(),
            word_spans: Vec::new(),
        }
    }

    pub(super) fn finish(mut self) -> Dictionaries {
        self.expand_synset_plurals();
        self.dicts
    }

    pub(super) fn dicts_mut(&mut self) -> &mut Dictionaries {
        &mut self.dicts
    }

    pub(super) fn define_synset(&mut self, name: &str, line_no: usize) -> usize {
        let key = format!("&{}", name.trim_start_matches('&').to_ascii_uppercase());
        self.dicts.synsets.push(Synset { name: key.clone(), phrases: Vec::new(), origin: self.origin(line_no) });
        let index = self.dicts.synsets.len() - 1;
        self.synsets.insert(key, index);
        index
    }

    pub(super) fn origin(&self, line: usize) -> Origin {
        Origin { file: self.file_name.clone(), line }
    }

    pub(super) fn warn(&mut self, line: usize, message: impl AsRef<str>) {
        let origin = self.origin(line);
        self.dicts.warnings.push(format!("{origin}: {}", message.as_ref()));
    }

    /// A word as written in this dialect: trailing `_` means exact; otherwise a
    /// TABARI stem, or a PETRARCH noun with regular plurals.
    fn word(&mut self, raw: &str, exact: bool) -> Word {
        // No `trim_matches('_')`: `phrase` splits its words at underscores.
        let text = self.intern_upper(raw);
        let mode = if exact {
            WordMode::Exact
        } else if self.dialect == Dialect::Tabari && text.len() >= 3 {
            WordMode::Stem
        } else {
            WordMode::Noun
        };
        Word { text, mode }
    }

    /// A phrase string: words separated by blanks or underscores, consecutive.
    /// The shared copy of `raw` in upper case.
    fn intern_upper(&mut self, raw: &str) -> Arc<str> {
        if raw.bytes().any(|b| b.is_ascii_lowercase()) {
            let upper = raw.to_ascii_uppercase();
            return self.intern(&upper);
        }
        self.intern(raw)
    }

    fn intern(&mut self, text: &str) -> Arc<str> {
        if let Some(word) = self.words.get(text) {
            return word.clone();
        }
        let word: Arc<str> = text.into();
        self.words.insert(word.clone());
        word
    }

    pub(super) fn phrase(&mut self, raw: &str) -> Option<Phrase> {
        let raw = trim_fast(raw);
        // The words found first (into a list kept for the next phrase), so that they go
        // straight into a list of the right size: this runs for each of Phoenix's 39,000
        // actor phrases.
        let mut spans = std::mem::take(&mut self.word_spans);
        phrase_word_spans(raw, &mut spans);
        let n = spans.len();
        // TABARI: a final `=` turns the regular endings off (`MOUSE=`).
        let no_endings = self.dialect == Dialect::Tabari && raw.ends_with('=');
        let last_exact = raw.ends_with('_') || no_endings;
        let mut words = Vec::with_capacity(n);
        for (i, &(start, end)) in spans.iter().enumerate() {
            // Only the final word takes endings or stems; inner words are fixed.
            let mut word = self.word(raw[start..end].trim_end_matches('='), i + 1 < n || last_exact);
            // Both dialects give a final exact word its regular plural (TABARI's
            // S and 'S endings, manual §5.2.3: `LIBYA_` matches "Libyas").
            if i + 1 == n && last_exact && !no_endings {
                word.mode = WordMode::Noun;
            }
            words.push(word);
        }
        self.word_spans = spans;
        (n > 0).then(|| Phrase::new(words))
    }

    // ---- actors -------------------------------------------------------------------

    fn actors(&mut self, lines: &[(usize, Cow<'_, str>)]) {
        let first_actor = self.dicts.actors.len();
        // Room for every line that may start an entry (not a synonym or a date line): growing
        // the list moved Phoenix's 27,000 entries again and again.
        self.dicts
            .actors
            .reserve(lines.iter().filter(|(_, l)| !matches!(l.as_bytes().first(), Some(b'+' | b' ' | b'\t'))).count());
        let mut section: Option<String> = None;
        let mut current: Option<Actor> = None;
        for (line_no, line) in lines {
            let line_no = *line_no;
            let trimmed = trim_fast(line);
            if let Some(tag) = section_tag(trimmed) {
                section = tag;
                continue;
            }
            if let Some(name) = &section {
                match name.as_str() {
                    "NOUN" | "NOUNS" => {
                        if let Some(p) = self.phrase(trimmed) {
                            self.dicts.nouns.push(p);
                        }
                    }
                    "ADJECTIVE" | "ADJECTIVES" => {
                        if let Some(p) = self.phrase(trimmed) {
                            self.dicts.adjectives.push(p);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if line.starts_with(char::is_whitespace) && trimmed.starts_with('[') {
                // A date restriction line belongs to the current actor.
                match &mut current {
                    Some(actor) => {
                        if let Err(e) = parse_codes_into(trimmed, &mut actor.codes) {
                            self.warn(line_no, e);
                        }
                    }
                    None => self.warn(line_no, "date restriction without an actor before it"),
                }
                continue;
            }
            if let Some(synonym) = trimmed.strip_prefix('+') {
                let (phrase_text, codes) = split_code(synonym);
                match (&mut current, self.phrase(phrase_text)) {
                    (Some(actor), Some(p)) => {
                        actor.phrases.push(p);
                        self.disconnected_phrase(phrase_text);
                        if let Some(Err(e)) = codes.map(|codes| parse_codes_into(codes, &mut actor.codes)) {
                            self.warn(line_no, e);
                        }
                    }
                    (None, _) => self.warn(line_no, "synonym without an actor before it"),
                    (_, None) => self.warn(line_no, "empty synonym"),
                }
                continue;
            }
            if let Some(actor) = current.take() {
                self.finish_actor(actor);
            }
            let (phrase_text, codes) = split_code(trimmed);
            let Some(phrase) = self.phrase(phrase_text) else {
                self.warn(line_no, format!("no actor phrase in {trimmed:?}"));
                continue;
            };
            let codes = match codes.map(parse_codes) {
                Some(Ok(c)) => c,
                Some(Err(e)) => {
                    self.warn(line_no, e);
                    continue;
                }
                None => Vec::new(),
            };
            self.disconnected_phrase(phrase_text);
            current = Some(Actor {
                name: display_name(phrase_text),
                phrases: vec![phrase],
                codes,
                known_to: None,
                origin: self.origin(line_no),
            });
        }
        if let Some(actor) = current.take() {
            self.finish_actor(actor);
        }
        if self.dialect == Dialect::Petrarch {
            later_phrases_win(&mut self.dicts.actors[first_actor..]);
        }
    }

    /// An actor phrase with a blank between words (TABARI's `PRINCE DOL_AMROTH`,
    /// PETRARCH's `ITHILEN TELEVISION`) is also kept in parts, which other words may
    /// separate in the text; it belongs to the actor being read, which is pushed next.
    fn disconnected_phrase(&mut self, text: &str) {
        // A byte test first: most of Phoenix's 35,000 actor lines have no blank.
        let text = text.trim();
        if !text.bytes().any(|b| b.is_ascii_whitespace()) {
            return;
        }
        let parts: Option<Vec<Phrase>> = text.split_whitespace().map(|part| self.phrase(part)).collect();
        if let Some(parts) = parts {
            let actor = self.dicts.actors.len();
            self.dicts.disconnected.push(DisconnectedPhrase { actor, parts });
        }
    }

    fn finish_actor(&mut self, mut actor: Actor) {
        // TABARI: a single restriction without a default gets a null default; and the
        // default (unrestricted) code applies only when no restriction does.
        if actor.codes.is_empty() {
            let origin = actor.origin.clone();
            self.dicts.warnings.push(format!("{origin}: actor {:?} has no code", actor.name));
        }
        actor.codes.sort_by_key(|c| c.from.is_none() && c.to.is_none());
        self.dicts.actors.push(actor);
    }

    // ---- agents -------------------------------------------------------------------

    fn agents(&mut self, lines: &[(usize, Cow<'_, str>)]) {
        let mut substitutions: Vec<(String, Vec<String>)> = Vec::new();
        for (line_no, line) in lines {
            let line_no = *line_no;
            let trimmed = line.trim();
            if trimmed.starts_with('<') {
                continue;
            }
            if trimmed.starts_with('!') {
                if let Some((marker, list)) = trimmed.split_once('=') {
                    let items =
                        list.split(',').map(|s| s.trim().to_ascii_uppercase()).filter(|s| !s.is_empty()).collect();
                    substitutions.push((marker.trim().to_ascii_uppercase(), items));
                    continue;
                }
            }
            let (head, code) = split_code(trimmed);
            let Some(code) = code else {
                self.warn(line_no, format!("agent without [~CODE]: {trimmed:?}"));
                continue;
            };
            let code = code.trim().trim_start_matches('[').trim_end_matches(']').trim();
            let Some((code, placement)) = AgentPlacement::parse(code) else {
                self.warn(line_no, format!("agent code {code:?} has no ~"));
                continue;
            };
            // `PHRASE {PLURAL}`: an explicit plural; `{}` means no plural.
            let (phrase_text, plural_spec) = match (head.find('{'), head.find('}')) {
                (Some(a), Some(b)) if a < b => (&head[..a], Some(head[a + 1..b].trim())),
                _ => (head, None),
            };
            let mut variants = vec![phrase_text.trim().to_ascii_uppercase()];
            for (marker, items) in &substitutions {
                if variants[0].contains(marker.as_str()) {
                    let base = variants.remove(0);
                    for item in items {
                        variants.push(base.replace(marker.as_str(), item));
                    }
                    break;
                }
            }
            let mut phrases = Vec::new();
            for v in &variants {
                let Some(mut p) = self.phrase(v) else {
                    continue;
                };
                let from_substitution = variants.len() > 1;
                if let Some(last) = p.words.last_mut() {
                    if plural_spec.is_some() || from_substitution {
                        last.mode = WordMode::Exact;
                    } else if last.mode == WordMode::Exact {
                        last.mode = WordMode::Noun;
                    }
                }
                phrases.push(p);
            }
            if let Some(spec) = plural_spec {
                for alt in spec.split_whitespace() {
                    if let Some(mut p) = self.phrase(alt) {
                        if let Some(last) = p.words.last_mut() {
                            last.mode = WordMode::Exact;
                        }
                        phrases.push(p);
                    }
                }
            }
            if phrases.is_empty() {
                self.warn(line_no, "agent without a phrase");
                continue;
            }
            self.dicts.agents.push(Agent {
                name: phrase_text.trim().replace('_', " "),
                phrases,
                code: code.to_string(),
                placement,
                origin: self.origin(line_no),
            });
        }
    }

    // ---- discards -----------------------------------------------------------------

    fn discards(&mut self, lines: &[(usize, Cow<'_, str>)]) {
        for (line_no, line) in lines {
            let trimmed = line.trim();
            let (story, text) = match trimmed.strip_prefix('+') {
                Some(rest) => (true, rest),
                None => (false, trimmed),
            };
            // Discards are stems unless they end in `_` (PETRARCH's rule).
            let exact_end = text.ends_with('_');
            let mut words: Vec<Word> = text
                .split(|c: char| c == '_' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(|w| Word::new(self.intern_upper(w), WordMode::Exact))
                .collect();
            if let Some(last) = words.last_mut() {
                last.mode = if exact_end { WordMode::Noun } else { WordMode::Stem };
            }
            if words.is_empty() {
                continue;
            }
            let origin = self.origin(*line_no);
            self.dicts.discards.push(Discard { phrase: Phrase::new(words), story, complex: false, origin });
        }
    }

    /// A line of a TABARI `<TIME>` section. Its phrases shift the event date, which
    /// detente does not do; but a discard (`###`) or complexity (`+++`) code has the
    /// effect it has on a verb (manual §10.5: "kan wa ma kan" discards the sentence,
    /// "when peace comes" makes it too complex to code). Patterns (`- …`) are not read.
    fn time_phrase(&mut self, line_no: usize, line: &str) {
        if line.starts_with('-') {
            return;
        }
        let (text, code) = split_code(line);
        let complex = match code.map(|c| c.trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace())) {
            Some("###") => false,
            Some("+++") => true,
            _ => return,
        };
        if let Some(phrase) = self.phrase(text) {
            let origin = self.origin(line_no);
            self.dicts.discards.push(Discard { phrase, story: false, complex, origin });
        }
    }

    // ---- verbs --------------------------------------------------------------------

    /// TABARI matches the longest root a word begins with: a word written as a root of
    /// its own (`ATTACKED`, with its pattern `- PLANES_*`) is that root's, not one of
    /// the forms that an earlier root's stem or endings stand for (`ATTACK`).
    fn written_roots_win(&mut self, first_verb: usize) {
        let verbs = &mut self.dicts.verbs[first_verb..];
        let written: HashSet<String> = verbs.iter().map(|v| v.lemma.clone()).collect();
        for verb in verbs {
            let lemma = &verb.lemma;
            verb.forms.retain(|f| {
                let form = f.words.join(" ");
                form == *lemma || !written.contains(&form)
            });
        }
    }

    fn verbs(&mut self, lines: &[(usize, Cow<'_, str>)]) {
        // Synsets first, so that patterns may use a synset defined further down.
        let mut current: Option<usize> = None;
        for (line_no, line) in lines {
            let trimmed = line.trim();
            if let Some(name) = trimmed.strip_prefix('&') {
                let name = name.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                let key = format!("&{}", name.trim_end_matches('_'));
                self.dicts.synsets.push(Synset {
                    name: key.clone(),
                    phrases: Vec::new(),
                    origin: self.origin(*line_no),
                });
                let index = self.dicts.synsets.len() - 1;
                self.synsets.insert(key, index);
                if name.ends_with('_') {
                    self.synset_no_plurals.push(index);
                }
                current = Some(index);
            } else if let (Some(s), Some(member)) = (current, trimmed.strip_prefix('+')) {
                self.synset_member(s, member, *line_no);
            } else {
                current = None;
            }
        }
        let first_verb = self.dicts.verbs.len();
        let first_pattern = self.dicts.patterns.len();
        self.verbs_and_patterns(lines);
        if self.dialect == Dialect::Tabari {
            self.written_roots_win(first_verb);
            // TABARI tries patterns of equal length in the file's order (`- SAID $ *`
            // before `- SAID *`); the compiled order tries the later entry first among
            // equals (user overrides), so a TABARI file's patterns are kept reversed.
            self.dicts.patterns[first_pattern..].reverse();
        }
    }

    fn verbs_and_patterns(&mut self, lines: &[(usize, Cow<'_, str>)]) {
        let mut section: Option<String> = None;
        let mut current_synset: Option<usize> = None;
        let mut block: Option<usize> = None;
        let mut last_verb: Option<usize> = None;
        for (line_no, line) in lines {
            let line_no = *line_no;
            let trimmed = line.trim();
            if let Some(tag) = section_tag(trimmed) {
                section = tag;
                current_synset = None;
                continue;
            }
            if section.as_deref() == Some("TIME") {
                self.time_phrase(line_no, trimmed);
                continue;
            }
            if matches!(section.as_deref(), Some("ATTRIBUTION") | Some("ISSUES") | Some("NOUN") | Some("ADJECTIVE")) {
                continue;
            }
            if trimmed.starts_with("---") && trimmed.len() > 3 && !trimmed[3..].trim_start().starts_with('[')
                || is_block_header(trimmed)
            {
                // `--- NAME [CODE] ---`
                let inner = trimmed.trim_matches('-').trim();
                let (name, code) = split_code(inner);
                let code = code.and_then(|c| self.event_spec(c, line_no));
                self.dicts.blocks.push(VerbBlock { name: name.trim().to_string(), code, origin: self.origin(line_no) });
                block = Some(self.dicts.blocks.len() - 1);
                current_synset = None;
                last_verb = None;
                continue;
            }
            if trimmed.starts_with('&') {
                current_synset = Some(0);
                continue;
            }
            if current_synset.is_some() && trimmed.starts_with('+') {
                continue;
            }
            if trimmed.starts_with('{') {
                // TABARI: irregular forms on the line after the verb.
                if let Some(v) = last_verb {
                    let forms = trimmed.trim_start_matches('{').trim_end_matches('}').to_string();
                    self.add_irregular_forms(v, &forms);
                }
                continue;
            }
            if trimmed.starts_with('-') && !trimmed.starts_with("---") || trimmed.starts_with("- ") {
                current_synset = None;
                let b = match block {
                    Some(b) => b,
                    None => {
                        self.warn(line_no, "pattern before any verb");
                        continue;
                    }
                };
                self.pattern(b, &trimmed[1..], line_no);
                continue;
            }
            if trimmed.starts_with('~') {
                // A verb transformation: see `read_transformations`.
                continue;
            }
            if trimmed.starts_with('*') {
                // No verb starts with the verb marker: a pattern whose `-` was left out
                // (UD's `* (TO QUESTION) [110]` under BEGIN).
                self.warn(line_no, "pattern without its leading '-'");
                if let Some(b) = block {
                    self.pattern(b, trimmed, line_no);
                }
                continue;
            }
            current_synset = None;
            // A verb line. TABARI has no block headers: each verb starts its own block.
            let (head, code_text) = split_code(trimmed);
            // TABARI: words after a blank are the verb's phrase ("BRUSH ASIDE REPORTS"
            // is BRUSH with `* ASIDE REPORTS`), which other words may interrupt
            // ("death toll has risen" for DEATH TOLL RISEN); the verb alone has no code.
            let (head, phrase) = match head.split_once(char::is_whitespace) {
                Some((verb, rest))
                    if self.dialect == Dialect::Tabari && !rest.trim().is_empty() && !head.contains('{') =>
                {
                    (verb, Some(rest.trim()))
                }
                _ => (head, None),
            };
            let code = code_text.filter(|_| phrase.is_none()).and_then(|c| self.event_spec(c, line_no));
            let synonym_line = trimmed.starts_with('+') && !head.trim_start_matches('+').contains('+');
            if block.is_none() || (self.dialect == Dialect::Tabari && !synonym_line) {
                let name = head.split(['{', ' ']).next().unwrap_or("").trim_matches(['+', '_']).to_string();
                self.dicts.blocks.push(VerbBlock { name, code: code.clone(), origin: self.origin(line_no) });
                block = Some(self.dicts.blocks.len() - 1);
            }
            let b = block.unwrap_or_default();
            let (main, irregular) = match (head.find('{'), head.rfind('}')) {
                (Some(a), Some(z)) if a < z => (&head[..a], Some(&head[a + 1..z])),
                (Some(a), None) => (&head[..a], Some(&head[a + 1..])),
                _ => (head, None),
            };
            let Some(verb) = self.verb(main, b, code, line_no) else {
                self.warn(line_no, format!("cannot read verb {trimmed:?}"));
                continue;
            };
            self.dicts.verbs.push(verb);
            let v = self.dicts.verbs.len() - 1;
            last_verb = Some(v);
            if let (Some(phrase), Some(code)) = (phrase, code_text) {
                self.pattern(b, &format!("* {phrase} {code}"), line_no);
            }
            if let Some(irregular) = irregular {
                self.add_irregular_forms(v, irregular);
            }
        }
        self.expand_synset_plurals();
    }

    pub(super) fn synset_member(&mut self, synset: usize, member: &str, line_no: usize) {
        let member = member.trim();
        // A member may itself name synsets: expand them into their phrases.
        let mut expansions: Vec<Vec<Word>> = vec![Vec::new()];
        let exact_end = member.ends_with('_');
        let parts: Vec<&str> =
            member.split(|c: char| c == '_' || c.is_whitespace()).filter(|w| !w.is_empty()).collect();
        for (i, part) in parts.iter().enumerate() {
            let upper = part.to_ascii_uppercase();
            if upper.starts_with('&') {
                let Some(&inner) = self.synsets.get(upper.trim_end_matches('_')) else {
                    self.warn(line_no, format!("synset {upper} used before it is defined"));
                    return;
                };
                let inner_phrases = self.dicts.synsets[inner].phrases.clone();
                let mut next = Vec::new();
                for prefix in &expansions {
                    for p in &inner_phrases {
                        let mut words = prefix.clone();
                        words.extend(p.words.iter().cloned());
                        next.push(words);
                    }
                }
                expansions = next;
            } else {
                let last = i + 1 == parts.len();
                let pieces = clitic_parts(&upper, self.dialect == Dialect::Tabari);
                for (j, piece) in pieces.iter().enumerate() {
                    let final_piece = last && j + 1 == pieces.len();
                    // TABARI: a final word without `_` is a stem ("YEN" matches "yener").
                    let open = if self.dialect == Dialect::Tabari { WordMode::Stem } else { WordMode::Noun };
                    let mode = if final_piece && !exact_end { open } else { WordMode::Exact };
                    let word = Word::new(self.intern(piece), mode);
                    for words in &mut expansions {
                        words.push(word.clone());
                    }
                }
            }
        }
        for words in expansions {
            if !words.is_empty() {
                self.dicts.synsets[synset].phrases.push(Phrase::new(words));
            }
        }
    }

    pub(super) fn expand_synset_plurals(&mut self) {
        for &s in &self.synset_no_plurals.clone() {
            for p in &mut self.dicts.synsets[s].phrases {
                for w in &mut p.words {
                    if w.mode == WordMode::Noun {
                        w.mode = WordMode::Exact;
                    }
                }
            }
        }
    }

    /// A verb line such as `ABANDON`, `+CORDON_OFF`, `WIRE_+TAP`, `BREAK_`.
    pub(super) fn verb(&self, main: &str, block: usize, code: Option<EventSpec>, line_no: usize) -> Option<Verb> {
        // TABARI: `BAN=` is the word alone, without the regular endings.
        let no_endings = main.trim_end().ends_with('=');
        let main = main.trim().trim_start_matches('+').replace('=', "");
        let raw_words: Vec<&str> =
            main.split(|c: char| c == '_' || c.is_whitespace()).filter(|w| !w.is_empty()).collect();
        if raw_words.is_empty() {
            return None;
        }
        let key = raw_words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
        let words: Vec<String> = raw_words.iter().map(|w| w.trim_start_matches('+').to_ascii_uppercase()).collect();
        if words.iter().any(|w| w.is_empty() || !w.chars().all(|c| c.is_ascii_alphanumeric() || "-'.".contains(c))) {
            return None;
        }
        // TABARI: a final word without `_` is a stem.
        let stem = self.dialect == Dialect::Tabari
            && key + 1 == words.len()
            && !main.trim_end().ends_with('_')
            && words[key].len() >= 3;
        let mut key_forms = if stem { stem_forms(&words[key]) } else { verb_forms(&words[key]) };
        if self.dialect == Dialect::Tabari {
            if no_endings {
                key_forms = vec![words[key].clone()];
            } else {
                tabari_verb_endings(&words[key], &mut key_forms);
            }
        }
        let mut forms = Vec::new();
        for form in key_forms {
            let mut w = words.clone();
            w[key] = form;
            forms.push(VerbForm { words: w, key });
        }
        Some(Verb { lemma: words.join(" "), forms, block, code, origin: self.origin(line_no) })
    }

    pub(super) fn add_irregular_forms(&mut self, verb: usize, forms: &str) {
        // Phoenix separates some forms with commas (`{+WAS_DETERMINED , +BE_DETERMINED}`):
        // a comma is no verb form.
        for form in forms.split(|c: char| c.is_whitespace() || c == ',').filter(|f| !f.is_empty()) {
            let raw_words: Vec<&str> = form.split('_').filter(|w| !w.is_empty()).collect();
            if raw_words.is_empty() {
                continue;
            }
            let key = raw_words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
            let words = raw_words.iter().map(|w| w.trim_start_matches('+').to_ascii_uppercase()).collect();
            self.dicts.verbs[verb].forms.push(VerbForm { words, key });
        }
    }

    pub(super) fn event_spec(&mut self, code: &str, line_no: usize) -> Option<EventSpec> {
        match parse_event_spec(code) {
            Ok(spec) => Some(spec),
            Err(e) => {
                self.warn(line_no, e);
                None
            }
        }
    }

    /// One pattern line (after its leading `-`), in either dialect's syntax.
    pub(super) fn pattern(&mut self, block: usize, body: &str, line_no: usize) {
        let (text, code) = split_code(body);
        let Some(code) = code else {
            self.warn(line_no, format!("pattern without [CODE]: {body:?}"));
            return;
        };
        let Some(code) = self.event_spec(code, line_no) else {
            return;
        };
        let text = text.trim();
        let alternatives = match expand_alternatives(text) {
            Ok(a) => a,
            Err(e) => {
                self.warn(line_no, e);
                return;
            }
        };
        // The alternatives of one line share its text and origin.
        // Not `format!`: thousands of these are built at every start.
        let mut written = String::with_capacity(text.len() + 2);
        written.push_str("- ");
        written.push_str(text);
        let written: Arc<str> = written.into();
        let origin = self.origin(line_no);
        for alternative in alternatives {
            match self.pattern_items(&alternative) {
                Ok((before, before_adjacent, after, after_adjacent, weight)) => self.dicts.patterns.push(Pattern {
                    block,
                    before,
                    before_adjacent,
                    after,
                    after_adjacent,
                    code: code.clone(),
                    weight,
                    text: written.clone(),
                    origin: origin.clone(),
                }),
                Err(e) => self.warn(line_no, format!("{e} in pattern {text:?}")),
            }
        }
    }

    #[allow(clippy::type_complexity)]
    fn pattern_items(&mut self, text: &str) -> Result<(Vec<PatternItem>, bool, Vec<PatternItem>, bool, usize), String> {
        // Split into tokens; `_` binds neighbours; PETRARCH-2 brackets are dropped,
        // keeping word order (the head noun comes last in `{}` as in the text).
        // One list reused for every pattern; each pattern gets exact-size copies.
        let mut items = std::mem::take(&mut self.pattern_items);
        items.clear();
        let mut verb_at: Option<usize> = None;
        let mut before_adjacent = false;
        let mut after_adjacent = false;
        let mut weight = 0;
        let chunks = text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '{' | '}'));
        for chunk in chunks.filter(|c| !c.is_empty()) {
            let n = chunk.bytes().filter(|&b| b == b'_').count() + 1;
            if self.dialect == Dialect::Tabari {
                // TABARI counts its connectors as characters ("IN_*" before "IN *").
                weight += n - 1;
            }
            for (i, part) in chunk.split('_').enumerate() {
                let bound_next = i + 1 < n;
                if part.is_empty() {
                    // A leading or trailing `_`: exactness of the neighbour word.
                    if i == n - 1 && n > 1 {
                        if let Some(last) = items.last_mut() {
                            if let Element::Word(w) = &mut last.element {
                                w.mode = WordMode::Exact;
                            }
                        }
                    }
                    continue;
                }
                let element = match part {
                    "*" => {
                        if verb_at.is_some() {
                            return Err("two verb markers".into());
                        }
                        verb_at = Some(items.len());
                        if let Some(prev) = items.last() {
                            before_adjacent = prev.adjacent_next;
                        }
                        after_adjacent = bound_next;
                        continue;
                    }
                    "$" => Element::Source,
                    "+" => Element::Target,
                    "%" => Element::Both,
                    "^" => Element::Skip,
                    p if p.starts_with('&') => {
                        let found = if p.bytes().any(|b| b.is_ascii_lowercase()) {
                            self.synsets.get(&p.to_ascii_uppercase())
                        } else {
                            self.synsets.get(p)
                        };
                        match found {
                            Some(&s) => Element::Synset(s),
                            None => return Err(format!("undefined synset {}", p.to_ascii_uppercase())),
                        }
                    }
                    p => {
                        let (word, _) = p.split_once('~').unwrap_or((p, ""));
                        let mut pieces = clitic_parts(word, self.dialect == Dialect::Tabari);
                        let word = pieces.pop().unwrap_or_default();
                        // `DON'T` is two tokens, the first bound to the second.
                        for piece in pieces {
                            weight += piece.len();
                            let element = Element::Word(Word::new(self.intern_upper(&piece), WordMode::Exact));
                            items.push(PatternItem { element, adjacent_next: true });
                        }
                        // Any TABARI word not bound by `_` is a stem, however short: IN
                        // matches "into" (the suite's `CONNECT-29`).
                        let stem = self.dialect == Dialect::Tabari && !bound_next;
                        let mode = if p.contains('~') || stem { WordMode::Stem } else { WordMode::Exact };
                        weight += word.len();
                        Element::Word(Word::new(self.intern_upper(&word), mode))
                    }
                };
                items.push(PatternItem { element, adjacent_next: bound_next || p_has_tilde(part) });
            }
        }
        let Some(v) = verb_at else {
            return Err("no verb marker *".into());
        };
        let after: Vec<PatternItem> = items.drain(v..).collect();
        // Not `mem::take`: that would hand over the scratch list's spare capacity.
        let mut before = Vec::with_capacity(items.len());
        before.append(&mut items);
        self.pattern_items = items;
        if let Some(last) = before.last_mut() {
            last.adjacent_next = false;
        }
        Ok((before, before_adjacent, after, after_adjacent, weight))
    }
}

/// PETRARCH-1 files a verb's patterns under the verb, so a verb listed again in a later
/// block has both blocks' patterns (`--- SHOT [---]` with `*_AND_WOUND`, then `--- SHOT
/// [223]` with `+ WAS * DEAD IN $`: the unit suite's `DEMO-05`). The compiled index gives
/// a form to the first verb that lists it, so the later block's patterns are copied to
/// the first one's block, after its own. PETRARCH-2 keeps the first block's alone (UD's
/// `ALLOW` is listed again in a block whose `RECENTLY *` its suite does not expect).
pub fn share_repeated_verbs_patterns(dicts: &mut Dictionaries) {
    let mut first_block: HashMap<&[String], usize> = HashMap::default();
    let mut shared: Vec<(usize, usize)> = Vec::new();
    for verb in &dicts.verbs {
        for form in &verb.forms {
            let block = *first_block.entry(&form.words).or_insert(verb.block);
            if block != verb.block && !shared.contains(&(verb.block, block)) {
                shared.push((verb.block, block));
            }
        }
    }
    let copies: Vec<Pattern> = shared
        .iter()
        .flat_map(|&(later, first)| {
            dicts.patterns.iter().filter(move |p| p.block == later).map(move |p| Pattern { block: first, ..p.clone() })
        })
        .collect();
    dicts.patterns.extend(copies);
}

/// The forms a TABARI verb stem stands for. TABARI matches a stem as the prefix of
/// any word; the verb index holds whole words, so a stem becomes the regular forms
/// of the verbs it can begin: RESTOR → RESTORE, RESTORED, RESTORING; CRITICI →
/// CRITICIZE, CRITICISED.
/// PETRARCH stores actor phrases in one tree, so a phrase listed again under a later
/// entry takes that entry's codes (Phoenix lists PRESIDENT_BUSH under both presidents
/// Bush; PETRARCH-2 codes the son's). The earlier entry keeps its other phrases.
fn later_phrases_win(actors: &mut [Actor]) {
    // Found by reference first (no phrase copied), then taken out: Phoenix has 27,000
    // actor entries and few repeats.
    let phrases = actors.iter().map(|a| a.phrases.len()).sum();
    let mut seen: HashSet<InternedPhrase> = HashSet::with_capacity_and_hasher(phrases, Default::default());
    let mut repeated: Vec<(usize, usize)> = Vec::new();
    for (a, actor) in actors.iter().enumerate().rev() {
        for (p, phrase) in actor.phrases.iter().enumerate().rev() {
            if !seen.insert(InternedPhrase(phrase)) {
                repeated.push((a, p));
            }
        }
    }
    // Pushed from the last phrase backwards, so each removal leaves the indexes still
    // to be removed in place.
    for (a, p) in repeated {
        actors[a].phrases.remove(p);
    }
}

/// A phrase hashed by the addresses of its words: one reader interns its words, so equal
/// words share one allocation and the text need not be hashed (equality still compares it).
struct InternedPhrase<'a>(&'a Phrase);

impl std::hash::Hash for InternedPhrase<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for word in &self.0.words {
            std::ptr::hash(Arc::as_ptr(&word.text), state);
            word.mode.hash(state);
        }
        self.0.capitals_only.hash(state);
    }
}

impl PartialEq for InternedPhrase<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for InternedPhrase<'_> {}

fn stem_forms(stem: &str) -> Vec<String> {
    let mut bases = vec![stem.to_string()];
    if !stem.ends_with('E') {
        bases.push(format!("{stem}E"));
    }
    if stem.ends_with('I') {
        bases.push(format!("{stem}ZE"));
        bases.push(format!("{stem}SE"));
    }
    let mut forms: Vec<String> = Vec::new();
    for form in bases.iter().flat_map(|b| verb_forms(b)) {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// TABARI's regular verb endings (manual §5.2.3): S, ED, ES, EN and ING are
/// appended to the word as written, even after an `_`, as well as its English
/// forms (`DEPART_` → "departes", "departen").
fn tabari_verb_endings(word: &str, forms: &mut Vec<String>) {
    for ending in ["S", "ED", "ES", "EN", "ING"] {
        let form = format!("{word}{ending}");
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
}

/// TABARI reads a hyphen after a letter as an underscore (manual §5.2: `ANTI-` is
/// `ANTI_`, `BARAD-DUR` is `BARAD_DUR`), as it reads one in text as a blank; `None`
/// when the line has none. Pattern markers (`- `), null codes (`[---]`) and date
/// ranges keep theirs.
fn tabari_hyphens(line: &str) -> Option<String> {
    let mut previous = ' ';
    let mut changed = false;
    let joined: String = line
        .chars()
        .map(|c| {
            let out = if c == '-' && previous.is_ascii_alphabetic() {
                changed = true;
                '_'
            } else {
                c
            };
            previous = c;
            out
        })
        .collect();
    changed.then_some(joined)
}

/// A dictionary word split where the tokenizer splits text: TABARI writes `DIDN'T`
/// whole, the tokenizer gives `DID` `N'T`. With `hyphens` (TABARI, which matches
/// words as the text spells them), `ANTI-` before a blank ("anti- Gondor") is
/// `ANTI` `-`; PETRARCH matches its parse's tokens, and its suite expects the
/// parse's noun there (unit `PATTERN-06`), so its words keep the hyphen.
/// Other words stay whole.
fn clitic_parts(word: &str, hyphens: bool) -> Vec<String> {
    let tokenizer_splits = word.contains(['\'', '’']) || hyphens && word.contains('-');
    if !tokenizer_splits {
        return vec![word.to_string()];
    }
    let parts: Vec<String> = tokenize(word, Span::new(0, word.len())).into_iter().map(|t| t.norm.to_string()).collect();
    if parts.is_empty() {
        vec![word.to_string()]
    } else {
        parts
    }
}

/// Fills `spans` with where the words of a phrase string are: separated by blanks or
/// underscores. By byte when the string is ASCII (as nearly every one is).
fn phrase_word_spans(raw: &str, spans: &mut Vec<(usize, usize)>) {
    spans.clear();
    let mut start = 0;
    let mut word_until = |end: usize, start: &mut usize, next: usize| {
        if end > *start {
            spans.push((*start, end));
        }
        *start = next;
    };
    if raw.is_ascii() {
        for (at, &b) in raw.as_bytes().iter().enumerate() {
            if b == b'_' || char::from(b).is_whitespace() {
                word_until(at, &mut start, at + 1);
            }
        }
    } else {
        for (at, c) in raw.char_indices() {
            if c == '_' || c.is_whitespace() {
                word_until(at, &mut start, at + c.len_utf8());
            }
        }
    }
    word_until(raw.len(), &mut start, raw.len());
}

/// An entry's name for display: its phrase with blanks for underscores. (Trimmed first,
/// underscores included: one copy instead of three.)
fn display_name(phrase: &str) -> String {
    phrase.trim_matches(|c: char| c == '_' || c.is_whitespace()).replace('_', " ")
}

fn p_has_tilde(part: &str) -> bool {
    part.contains('~')
}

/// `<NAME>` opens a section (Some(name)), `</NAME>` closes it (None); anything else
/// is not a section tag.
fn section_tag(line: &str) -> Option<Option<String>> {
    let inner = line.strip_prefix('<')?.strip_suffix('>')?;
    if inner.starts_with('!') || inner.contains(' ') {
        return None;
    }
    match inner.strip_prefix('/') {
        Some(_) => Some(None),
        None => Some(Some(inner.to_ascii_uppercase())),
    }
}

fn is_block_header(line: &str) -> bool {
    line.starts_with("---") && line.ends_with("---") && line.len() > 6
}

/// Splits `PHRASE [CODE…] …` into the phrase and the bracketed code part.
fn split_code(line: &str) -> (&str, Option<&str>) {
    match find_byte(line, b'[') {
        Some(at) => {
            let end = line.bytes().rposition(|b| b == b']').map(|e| e + 1).unwrap_or(line.len());
            (&line[..at], Some(&line[at..end.max(at)]))
        }
        None => (line, None),
    }
}

/// Parses `[ABC] [DEF <950101] [GHI 950101-991231] [JKL >20000101]`.
pub(super) fn parse_codes(text: &str) -> Result<Vec<DatedCode>, String> {
    let mut out = Vec::with_capacity(text.bytes().filter(|&b| b == b'[').count());
    parse_codes_into(text, &mut out)?;
    Ok(out)
}

/// [`parse_codes`] appending to `out` (an actor's codes, read over several lines), which
/// it leaves as it was on an error. Brackets are found by byte and blanks trimmed
/// without a call for the usual ASCII ends: this runs for Phoenix's 37,000 codes.
fn parse_codes_into(text: &str, out: &mut Vec<DatedCode>) -> Result<(), String> {
    let kept = out.len();
    let mut read = || {
        let mut rest = text;
        while let Some(open) = find_byte(rest, b'[') {
            rest = &rest[open + 1..];
            // A code runs to its `]`, or to the next `[` when it has none: one scan finds both.
            let end = rest.bytes().position(|b| b == b']' || b == b'[').unwrap_or(rest.len());
            out.push(dated_code(trim_fast(&rest[..end]))?);
            rest = &rest[end..];
        }
        Ok(())
    };
    let result = read();
    if result.is_err() {
        out.truncate(kept);
    }
    result
}

/// One bracket's content (trimmed, without the brackets): `DEF <950101`, `GHI 950101-991231`.
fn dated_code(inner: &str) -> Result<DatedCode, String> {
    if inner.is_empty() {
        return Err("empty code []".into());
    }
    let mut code = "";
    let mut rest = inner;
    if !inner.starts_with(['<', '>']) && !inner.starts_with(|c: char| c.is_ascii_digit()) || inner.starts_with("---") {
        let end = inner.find(|c: char| c.is_whitespace() || c == '<' || c == '>').unwrap_or(inner.len());
        code = &inner[..end];
        rest = trim_fast(&inner[end..]);
    }
    if code.is_empty() {
        return Err(format!("date restriction without a code: [{inner}]"));
    }
    let code = if code == "---" { String::new() } else { code.to_string() };
    let (from, to) = if rest.is_empty() {
        (None, None)
    } else if let Some(d) = rest.strip_prefix('<') {
        (None, Some(parse_date(trim_fast(d))?))
    } else if let Some(d) = rest.strip_prefix('>') {
        (Some(parse_date(trim_fast(d))?), None)
    } else if let Some(dash) = find_byte(rest, b'-') {
        (Some(parse_date(trim_fast(&rest[..dash]))?), Some(parse_date(trim_fast(&rest[dash + 1..]))?))
    } else {
        return Err(format!("cannot read date restriction {rest:?}"));
    };
    Ok(DatedCode { code, from, to })
}

/// Where the first `byte` (ASCII) is: a plain loop, which on the few bytes of a code or
/// phrase costs less than `str::find`'s searcher.
fn find_byte(text: &str, byte: u8) -> Option<usize> {
    text.bytes().position(|b| b == byte)
}

/// `str::trim_end`, skipped when the line ends in visible ASCII.
fn trim_end_fast(text: &str) -> &str {
    match text.as_bytes().last() {
        Some(last) if last.is_ascii_graphic() => text,
        _ => text.trim_end(),
    }
}

/// `str::trim`, skipped when both ends are visible ASCII (nearly always).
fn trim_fast(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        [only] if only.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// YYMMDD (00–30 → 20xx) or YYYYMMDD.
pub fn parse_date(text: &str) -> Result<u32, String> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("bad date {text:?}"));
    }
    // Up to nine digits fit: read in the same loop (Phoenix has 48,000 dates); `parse` has
    // the error for an empty or overflowing number.
    let n: u32 = if (1..=9).contains(&text.len()) {
        text.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
    } else {
        text.parse().map_err(|_| format!("bad date {text:?}"))?
    };
    let full = match text.len() {
        6 => {
            let yy = n / 10000;
            let century = if yy <= 30 { 2000 } else { 1900 };
            (century + yy) * 10000 + n % 10000
        }
        8 => n,
        _ => return Err(format!("bad date {text:?} (want YYMMDD or YYYYMMDD)")),
    };
    let (month, day) = (full / 100 % 100, full % 100);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(format!("bad date {text:?} (month or day out of range)"));
    }
    Ok(full)
}

/// `[064]`, `[032:033]`, `[023?]`, `[---]`, `[###]`, `[+++]`.
fn parse_event_spec(text: &str) -> Result<EventSpec, String> {
    let inner = text.trim().trim_start_matches('[');
    let inner = inner.split(']').next().unwrap_or("").trim();
    // Copied only when it has blanks to drop (rarely): thousands of patterns have a code.
    let inner: Cow<'_, str> = if inner.contains(char::is_whitespace) {
        Cow::Owned(inner.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(inner)
    };
    match &*inner {
        "" => Err("empty code []".into()),
        "---" => Ok(EventSpec::Null),
        "###" => Ok(EventSpec::Discard),
        "+++" => Ok(EventSpec::Complex),
        _ => {
            let subordinate = inner.ends_with('?');
            let dominant = inner.ends_with('!');
            let inner = inner.trim_end_matches(['?', '!']);
            let (code, reverse) = match inner.split_once(':') {
                Some((a, b)) => (a.to_string(), Some(b.to_string())),
                None => (inner.to_string(), None),
            };
            // `[:173]`: no forward event, only the paired reverse one.
            let code = if code.is_empty() && reverse.is_some() { "---".to_string() } else { code };
            if code.is_empty() || !(code == "---" || code.chars().all(|c| c.is_ascii_alphanumeric())) {
                return Err(format!("bad event code [{inner}]"));
            }
            Ok(EventSpec::Event { code, reverse: reverse.filter(|r| r != "---"), subordinate, dominant })
        }
    }
}

/// Expands TABARI alternatives `{ A | B }` into separate pattern strings.
fn expand_alternatives(text: &str) -> Result<Vec<String>, String> {
    if !text.contains('|') {
        return Ok(vec![text.to_string()]);
    }
    let open = text.find('{').ok_or("'|' outside { }")?;
    let close = open + text[open..].find('}').ok_or("unclosed {")?;
    let (head, tail) = (&text[..open], &text[close + 1..]);
    let mut out = Vec::new();
    for alt in text[open + 1..close].split('|') {
        // Not `format!`: tens of thousands of these are built at every start.
        let alt = alt.trim();
        let mut joined = String::with_capacity(head.len() + alt.len() + tail.len());
        joined.push_str(head);
        joined.push_str(alt);
        joined.push_str(tail);
        out.extend(expand_alternatives(&joined)?);
    }
    Ok(out)
}

/// Reads PETRARCH-2's internal coding ontology (`PETR.Internal.Coding.Ontology.txt`,
/// the `<PICOfile>` of a suite): `CAMEO:VALUE` lines, the value a hexadecimal sum such
/// as `-0xFFFF+0x0070` (121, "reject material cooperation", is "not" plus 060). Text from
/// the first `#` on is a comment, as PETRARCH's reader has it (`110:0x1007f#…#0x7000` is
/// 0x1007F). Errors name `file:line`.
pub fn read_ontology(text: &str, file: &str) -> Result<Vec<(String, i64)>, String> {
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let parsed = line.split_once(':').and_then(|(code, value)| Some((code.trim(), hex_sum(value)?)));
        match parsed {
            Some((code, value)) if !code.is_empty() => entries.push((code.to_string(), value)),
            _ => return Err(format!("{file}:{}: want `CODE:0xVALUE[+0xVALUE…]`, found {line:?}", i + 1)),
        }
    }
    Ok(entries)
}

/// `-0xFFFF+0x2040+0x300` → its value; `None` if a term is not hexadecimal.
fn hex_sum(text: &str) -> Option<i64> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut total = 0i64;
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let (sign, body) = match rest.as_bytes()[0] {
            b'-' => (-1, &rest[1..]),
            b'+' => (1, &rest[1..]),
            _ => (1, rest),
        };
        let end = body.find(['+', '-']).unwrap_or(body.len());
        // Hexadecimal with or without `0x`, as Python's `int(…, 16)` reads it (`---:0`).
        let term = &body[..end];
        let digits = term.strip_prefix("0x").or_else(|| term.strip_prefix("0X")).unwrap_or(term);
        total += sign * i64::from_str_radix(digits, 16).ok()?;
        rest = &body[end..];
    }
    Some(total)
}

/// A PETRARCH-2 verb transformation (`~ a (b . ATTACK) SAY = a b 112` at the end of
/// `CAMEO.2.0.txt`): what an outer verb with a nested event becomes. Variables are
/// `a` (the outer source), other letters (actors bound on first use), `.` (any actor)
/// and `_` (none); verbs are dictionary verbs, `Q` any code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transformation {
    pub outer_verb: String,
    pub outer_source: String,
    pub nested_source: String,
    pub nested_target: String,
    /// The nested verb's words (`WILL_ATTACK` is two), empty for `Q`.
    pub nested_verb: Vec<String>,
    pub result_source: String,
    pub result_target: String,
    /// The resulting CAMEO code, or `None` for `Q` (the nested event's code).
    pub result_code: Option<String>,
    pub origin: Origin,
}

/// Reads the transformations of a PETRARCH-2 verb dictionary (lines starting with
/// `~`; commented ones are skipped). A malformed line is a warning naming `file:line`.
pub fn read_transformations(text: &str, file: &str) -> (Vec<Transformation>, Vec<String>) {
    let (mut rules, mut warnings) = (Vec::new(), Vec::new());
    let file: Arc<str> = file.into();
    for (line_no, line) in clean_lines(text) {
        let Some(body) = line.trim().strip_prefix('~') else { continue };
        let origin = Origin { file: file.clone(), line: line_no };
        match transformation(body, origin.clone()) {
            Some(rule) => rules.push(rule),
            None => warnings.push(format!("{origin}: want `~ a (b c VERB) VERB = a b CODE`, found {body:?}")),
        }
    }
    (rules, warnings)
}

/// `a (b . ATTACK) SAY = a b 112` (without the `~`).
fn transformation(body: &str, origin: Origin) -> Option<Transformation> {
    let (pattern, result) = body.split_once('=')?;
    let words: Vec<&str> =
        pattern.split(|c: char| c.is_whitespace() || c == '(' || c == ')').filter(|w| !w.is_empty()).collect();
    let [outer_source, nested_source, nested_target, nested_verb, outer_verb] = words[..] else { return None };
    let result: Vec<&str> = result.split_whitespace().collect();
    let [result_source, result_target, code] = result[..] else { return None };
    let nested_verb =
        if nested_verb == "Q" { Vec::new() } else { nested_verb.split('_').map(str::to_ascii_uppercase).collect() };
    Some(Transformation {
        outer_verb: outer_verb.to_ascii_uppercase(),
        outer_source: outer_source.into(),
        nested_source: nested_source.into(),
        nested_target: nested_target.into(),
        nested_verb,
        result_source: result_source.into(),
        result_target: result_target.into(),
        result_code: (code != "Q").then(|| code.to_string()),
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_notes_beside_dictionaries_are_not_read_as_verbs() {
        let notes = "# Sources\n\n- `CAMEO.2.0.txt`: the verb patterns [CODE]\n";
        let err = detect_kind("dicts/SOURCES.md", notes).unwrap_err();
        assert!(err.to_string().contains("Markdown"), "{err}");
        assert!(matches!(detect_kind("dicts/CAMEO.2.0.txt", "- * MEET [040]\n"), Ok(Kind::Verbs)));
    }

    #[test]
    fn codes_with_dates() {
        let c = parse_codes("[HOBGOV 19950601 - 19990815]").unwrap();
        assert_eq!(c[0].code, "HOBGOV");
        assert_eq!((c[0].from, c[0].to), (Some(19950601), Some(19990815)));
        let c = parse_codes("[RHO <790606]").unwrap();
        assert_eq!(c[0].to, Some(19790606));
        let c = parse_codes("[USAGOV 991201-010114] [---]").unwrap();
        assert_eq!(c[0].to, Some(20010114));
        assert_eq!(c[1].code, "");
        assert!(parse_codes("[950601-990815]").is_err());
    }

    #[test]
    fn clean_lines_cut_comments_outside_brackets() {
        let text =
            "A_ [X] # note\r\n\t[Y 950101-991231] ; more\n[###] x // y\n<!-- one\ntwo --> B\n C <!x> D\n\n   \nE";
        let lines: Vec<(usize, String)> = clean_lines(text).into_iter().map(|(n, l)| (n, l.into_owned())).collect();
        let want = [(1, "A_ [X]"), (2, "\t[Y 950101-991231]"), (3, "[###] x"), (5, " B"), (6, " C  D"), (9, "E")];
        assert_eq!(lines, want.map(|(n, l)| (n, l.to_string())));
    }

    #[test]
    fn event_specs() {
        assert_eq!(
            parse_event_spec("[032:033]").unwrap(),
            EventSpec::Event { code: "032".into(), reverse: Some("033".into()), subordinate: false, dominant: false }
        );
        assert_eq!(parse_event_spec("[---]").unwrap(), EventSpec::Null);
        assert!(matches!(parse_event_spec("[023?]").unwrap(), EventSpec::Event { subordinate: true, .. }));
        assert!(matches!(parse_event_spec("[031!]").unwrap(), EventSpec::Event { dominant: true, .. }));
        assert!(parse_event_spec("[0/23]").is_err());
    }

    #[test]
    fn reads_actors_with_synonyms_and_dates() {
        let text = "<!-- header -->\nGONDOR [GON]\n+MINAS_TIRITH\n\nSAM_GAMGEE [HOB] # default\n\t[HOBCIV <20080120]\n\t[HOBMIL 20080120-20121109]\nBROKEN [XX\n";
        let d = read_str(text, "t.actors", Kind::Actors, Dialect::Petrarch);
        assert_eq!(d.actors.len(), 3);
        assert_eq!(d.actors[0].phrases.len(), 2);
        let sam = &d.actors[1];
        assert_eq!(sam.code_on(20000101), Some("HOBCIV"));
        assert_eq!(sam.code_on(20100101), Some("HOBMIL"));
        assert_eq!(sam.code_on(20200101), Some("HOB"));
    }

    #[test]
    fn petrarch_actor_phrase_listed_again_takes_the_later_entry() {
        let text = "ELROND_ [RIVELI]\n+LORD_ELROND\n+THE_HALF_ELVEN\nELROND_JUNIOR_ [RIVGOV]\n+LORD_ELROND_\n";
        let d = read_str(text, "t.actors", Kind::Actors, Dialect::Petrarch);
        let lord = |a: &Actor| a.phrases.iter().any(|p| p.match_at(&["LORD", "ELROND"]).is_some());
        assert!(!lord(&d.actors[0]), "the earlier entry gave up the phrase");
        assert_eq!(d.actors[0].phrases.len(), 2, "and kept its others");
        assert!(lord(&d.actors[1]));
        // TABARI dictionaries keep both: the first entry read still wins there.
        let t = read_str(text, "t.actors", Kind::Actors, Dialect::Tabari);
        assert!(lord(&t.actors[0]) && lord(&t.actors[1]));
    }

    #[test]
    fn reads_agents_with_plurals_and_substitutions() {
        let text = "!PERSON! = MAN, MEN\nGOVERNMENT [~GOV]\nGOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\nCONGRESS!PERSON! [~LEG]\nHUMAN_RIGHTS_BODY [NGO~]\nBAD LINE\n";
        let d = read_str(text, "t.agents", Kind::Agents, Dialect::Petrarch);
        assert_eq!(d.agents.len(), 4);
        assert!(d.agents[0].phrases[0].match_at(&["GOVERNMENTS"]).is_some());
        assert!(d.agents[1].phrases[1].match_at(&["GOLDEN", "GEESE"]).is_some());
        assert_eq!(d.agents[2].phrases.len(), 2);
        assert_eq!(d.agents[3].placement, AgentPlacement::Before);
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert!(d.warnings[0].starts_with("t.agents:6:"));
    }

    #[test]
    fn reads_verbs_synsets_and_patterns() {
        let text = "&TIETYPES\n+MILITARY\n+ECONOMIC\n--- ABANDON [345] ---\nABANDON\n- * NEW_&TIETYPES_RELATIONS [903]\n- * EFFORT [987]\n--- BREAK [1717] ---\nBREAK { BROKE BROKEN }\n+BREAK_DOWN {+BROKE_DOWN}\n- + KNOWN_ * IN_ $ [076]\n- * BONE\n";
        let d = read_str(text, "t.verbs", Kind::Verbs, Dialect::Petrarch);
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.verbs.len(), 3);
        assert!(d.verbs[1].forms.iter().any(|f| f.words == ["BROKEN"]));
        assert_eq!(d.patterns.len(), 3);
        let p = &d.patterns[2];
        assert_eq!(p.before.len(), 2);
        assert!(p.before_adjacent);
        assert_eq!(p.after[1].element, Element::Source);
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    }

    #[test]
    fn tabari_stems_contractions_and_special_codes() {
        let text = "&NEG\n+DIDN'T\nRESTOR  [064]\nCRITICI  [121]\nACT_  [100]\n- &NEG * TIES [065]\n";
        let d = read_str(text, "TABARI.t.verbs", Kind::Verbs, Dialect::Tabari);
        let has = |v: usize, form: &str| d.verbs[v].forms.iter().any(|f| f.words == [form]);
        assert!(has(0, "RESTORES") && has(0, "RESTORED") && has(0, "RESTORING"));
        assert!(has(1, "CRITICIZED") && has(1, "CRITICISES"));
        assert!(!has(2, "ACTE"), "a word ending in _ is no stem");
        let words: Vec<&str> = d.synsets[0].phrases[0].words.iter().map(|w| &*w.text).collect();
        assert_eq!(words, ["DID", "N'T"]);
        let d = read_str("NASGUL  [###] ; discard\n", "TABARI.t.actors", Kind::Actors, Dialect::Tabari);
        assert_eq!(d.actors[0].codes[0].code, "###");
    }

    #[test]
    fn tabari_written_roots_and_time_codes() {
        let text = "<TIME>\nKAN_WA_MA_KAN [###]\nWHEN_PEACE_COMES [+++]\nTOMORROW [+1]\n</TIME>\n\
                    ATTACK  [223]\nATTACKED  [223]\n- PLANES_*  [225]\n";
        let d = read_str(text, "TABARI.t.verbs", Kind::Verbs, Dialect::Tabari);
        let has = |v: usize, form: &str| d.verbs[v].forms.iter().any(|f| f.words == [form]);
        assert!(has(0, "ATTACKS") && !has(0, "ATTACKED") && has(1, "ATTACKED"));
        let discards: Vec<(usize, bool)> = d.discards.iter().map(|x| (x.phrase.words.len(), x.complex)).collect();
        assert_eq!(discards, [(4, false), (3, true)]);
    }

    #[test]
    fn reads_petrarch2_phrase_syntax() {
        let text = "--- ADD [---] ---\nADD\n- * (TO {BANNED PARTIES}) $ [1722]\n";
        let d = read_str(text, "CAMEO.2.0.txt", Kind::Verbs, Dialect::Petrarch);
        let p = &d.patterns[0];
        assert_eq!(p.after.len(), 4);
        assert_eq!(p.after[3].element, Element::Source);
    }

    #[test]
    fn reads_the_internal_coding_ontology() {
        let text =
            "# PICO\n010:0x1000#Make Public Statement\n110:0x1007f#0xFFFF+0x0080#0x7000\n121:-0xFFFF+0x0070\n---:0\n";
        let entries = read_ontology(text, "PICO.txt").expect("reads");
        let value = |code: &str| entries.iter().find(|(c, _)| c == code).map(|(_, v)| *v);
        assert_eq!(value("010"), Some(0x1000));
        assert_eq!(value("110"), Some(0x1007F), "a comment starts at the first #");
        assert_eq!(value("121"), Some(-0xFFFF + 0x70));
        assert_eq!(value("---"), Some(0));
        let error = read_ontology("020:0x2000\n021 0x2070\n", "PICO.txt").unwrap_err();
        assert!(error.starts_with("PICO.txt:2:"), "{error}");
    }

    #[test]
    fn reads_verb_transformations() {
        let text = "--- SAY [010] ---\nSAY\n#~ a (a b WILL_ATTACK) SAY = a b 138\n~ a (b . ATTACK ) SAY = a b 112\n~ a (a b Q) SAY = a b Q\n~ broken\n";
        let (rules, warnings) = read_transformations(text, "CAMEO.2.0.txt");
        assert_eq!(rules.len(), 2);
        assert_eq!((rules[0].nested_source.as_str(), rules[0].nested_target.as_str()), ("b", "."));
        assert_eq!(rules[0].nested_verb, ["ATTACK"]);
        assert_eq!(rules[0].result_code.as_deref(), Some("112"));
        assert!(rules[1].nested_verb.is_empty() && rules[1].result_code.is_none(), "Q is any code");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("CAMEO.2.0.txt:6:"), "{}", warnings[0]);
        assert!(read_str(text, "CAMEO.2.0.txt", Kind::Verbs, Dialect::Petrarch).warnings.is_empty());
    }
}
