//! Runs a validation suite through the coder: each record is coded from its text
//! only (never from its `<Parse>`), with the dictionaries its environment names.

use std::path::{Path, PathBuf};

use super::{Record, Suite, Triple};
use crate::actors::ArticleMemory;
use crate::article::{Article, Modality, Sentence};
use crate::coder::{Coder, Interaction};
use crate::dict::{legacy, Dictionaries, Options};
use crate::span::Span;
use crate::text::tokenize;

/// The result of one record.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub id: String,
    pub line: usize,
    pub text: String,
    pub passed: bool,
    pub expected: Vec<Triple>,
    pub coded: Vec<Triple>,
    /// What the record expected instead of events (discard, complex, no events).
    pub expected_note: Option<String>,
}

/// All outcomes of a suite.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub dictionary_warnings: Vec<String>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.outcomes.iter().filter(|o| o.passed).count()
    }

    pub fn failed(&self) -> usize {
        self.outcomes.len() - self.passed()
    }

    /// Expected codings that were coded, and all expected codings: a record with two
    /// expected events and one found counts half, where [`Report::passed`] counts it failed
    /// (the GSR suite's target is set in codings).
    pub fn codings_found(&self) -> (usize, usize) {
        let found = self.outcomes.iter().map(|o| o.expected.iter().filter(|e| o.coded.contains(e)).count()).sum();
        (found, self.outcomes.iter().map(|o| o.expected.len()).sum())
    }
}

/// Finds a dictionary file the suite names: next to the suite, in its
/// `dictionaries/` folder, then in each of `dirs`.
pub fn locate(name: &str, suite: &Path, dirs: &[PathBuf]) -> Option<PathBuf> {
    let base = suite.parent().unwrap_or(Path::new("."));
    let mut candidates = vec![base.join(name), base.join("dictionaries").join(name)];
    candidates.extend(dirs.iter().map(|d| d.join(name)));
    candidates.into_iter().find(|p| p.is_file())
}

/// Loads the dictionaries a suite's environment names. A suite coded with the built-in
/// dictionaries (detente's event corpus) gets `dirs` read as dictionary files or
/// directories, merged on top of the built-in set (as `detente code --dicts` does).
pub fn load_dictionaries(suite: &Suite, dirs: &[PathBuf]) -> anyhow::Result<Dictionaries> {
    let env = &suite.environment;
    let mut dicts = Dictionaries::default();
    if env.builtin_dictionaries {
        for dir in dirs {
            dicts.merge(Dictionaries::read_path(dir)?);
        }
        dicts.merge(Dictionaries::builtin());
        return Ok(dicts);
    }
    let names = env.verb_files.iter().chain(&env.actor_files).chain(&env.agent_files).chain(&env.discard_files);
    for name in names {
        let path = locate(name, &suite.path, dirs).ok_or_else(|| {
            anyhow::anyhow!(
                "{}: dictionary {name} not found next to the suite or in any --dicts directory",
                suite.path.display()
            )
        })?;
        dicts.merge(Dictionaries::read_file(&path)?);
    }
    Ok(dicts)
}

/// PETRARCH-2's verb interaction for a suite that names an internal coding ontology
/// (`<PICOfile>`, looked up as the dictionaries are): the ontology, with the verb
/// transformations of the suite's verb files. `None` for other suites and for a suite
/// coded with the built-in dictionaries.
pub fn load_interaction(suite: &Suite, dirs: &[PathBuf]) -> anyhow::Result<Option<Interaction>> {
    let env = &suite.environment;
    let Some(name) = env.pico_files.first().filter(|_| !env.builtin_dictionaries) else { return Ok(None) };
    let read = |name: &str| -> anyhow::Result<(String, String)> {
        let path = locate(name, &suite.path, dirs).ok_or_else(|| {
            anyhow::anyhow!("{}: {name} not found next to the suite or in any --dicts directory", suite.path.display())
        })?;
        let bytes = std::fs::read(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok((path.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()))
    };
    let (file, text) = read(name)?;
    let ontology = legacy::read_ontology(&text, &file).map_err(anyhow::Error::msg)?;
    let (mut rules, mut warnings) = (Vec::new(), Vec::new());
    for name in &env.verb_files {
        let (file, text) = read(name)?;
        let (found, problems) = legacy::read_transformations(&text, &file);
        rules.extend(found);
        warnings.extend(problems);
    }
    Ok(Some(Interaction::new(ontology, rules, warnings)))
}

/// Codes every evaluated record; options of every record (evaluated or not) apply
/// from that record on, as the files define them.
pub fn run(suite: &Suite, dicts: Dictionaries) -> Report {
    run_with(suite, dicts, None)
}

/// [`run`] with PETRARCH-2's verb interaction ([`load_interaction`]), if any.
pub fn run_with(suite: &Suite, mut dicts: Dictionaries, interaction: Option<Interaction>) -> Report {
    let env = &suite.environment;
    // PETRARCH-1's suite (no internal coding ontology): its verb storage and reading.
    let petrarch1 = env.pico_files.is_empty() && env.text_files.is_empty() && !env.builtin_dictionaries;
    if petrarch1 {
        legacy::share_repeated_verbs_patterns(&mut dicts);
    }
    let mut coder = Coder::new(dicts);
    coder.petrarch1 = petrarch1;
    let interaction_warnings = interaction.as_ref().map(|i| i.warnings.clone()).unwrap_or_default();
    coder.interaction = interaction;
    // TABARI's own suite expects TABARI's noun phrases (its records say where
    // PETRARCH differs, e.g. agents shared across a compound).
    coder.tabari_phrases = !suite.environment.text_files.is_empty();
    // The legacy programs' suites expect the act itself where CAMEO codes a speech act.
    coder.speech_acts = suite.environment.builtin_dictionaries;
    coder.domestic_roles = suite.environment.builtin_dictionaries;
    let mut warnings = coder.dicts().dicts.warnings.clone();
    warnings.extend(interaction_warnings);
    // Legacy suites expect the legacy programs' comma-clause behaviour.
    let mut options = Options { keep_main_clause: suite.environment.builtin_dictionaries, ..Options::default() };
    if coder.tabari_phrases {
        // TABARI drops internal comma clauses of up to 10 words (the suite's
        // `COMMA-01A` and `COMMA-Cancel` records); final ones keep PETRARCH's
        // TABARI-derived 8 (a final 9-word clause is coded in `DEMO-19`).
        options.comma = (2, 10);
    }
    let mut tabari = TabariOutput::new(!suite.environment.text_files.is_empty());
    for (name, value) in &suite.environment.options {
        options.set(name, value);
        tabari.set(name, value);
    }
    let evaluated: std::collections::HashSet<*const Record> = suite.evaluated().map(|r| r as *const Record).collect();
    let mut outcomes = Vec::new();
    // Under TABARI's `FORWARD:` option: the story of the last coded record and
    // what its text taught, for the next record of the same story.
    let mut forwarded: Option<(String, ArticleMemory)> = None;
    let end = suite.stop.unwrap_or(suite.records.len());
    for record in &suite.records[..end] {
        for (name, value) in &record.options {
            options.set(name, value);
            tabari.set(name, value);
        }
        if !evaluated.contains(&(record as *const Record)) || record.is_command_only() {
            continue;
        }
        coder.options = options.clone();
        // Missing actors are filled in after coding, so the coder must keep them.
        coder.options.require_dyad &= !tabari.has_defaults();
        let text = if suite.environment.builtin_dictionaries {
            std::borrow::Cow::Borrowed(record.text.as_str())
        } else {
            joined_names_split(&record.text)
        };
        let coded = if word_count(&record.text) < tabari.min_words {
            Vec::new()
        } else if let Some(story) = tabari.forward.as_deref().map(|template| story_number(template, &record.id)) {
            let mut memory = match forwarded.take() {
                Some((previous, memory)) if previous == story => memory.forwarded(coder.dicts()),
                _ => ArticleMemory::tabari(),
            };
            let coded = code_text_with(&coder, &tabari_text(&record.text), record.date.parse().ok(), &mut memory);
            forwarded = Some((story, memory));
            tabari.apply(coded, options.require_dyad)
        } else if coder.tabari_phrases {
            let coded = code_text(&coder, &tabari_text(&record.text), record.date.parse().ok());
            tabari.apply(coded, options.require_dyad)
        } else {
            tabari.apply(code_text(&coder, &text, record.date.parse().ok()), options.require_dyad)
        };
        let coded = record.comparable(&coded);
        let passed = record.passes(&coded);
        let expected_note =
            if record.expects_no_event { Some("no events".to_string()) } else { record.expected_error.clone() };
        outcomes.push(Outcome {
            id: record.id.clone(),
            line: record.line,
            text: record.text.clone(),
            passed,
            expected: record.expected.clone(),
            coded,
            expected_note,
        });
    }
    Report { outcomes, dictionary_warnings: warnings }
}

/// The TABARI options (manual, `.options` file) that decide which records are
/// coded and how events are written out, rather than how sentences are read.
#[derive(Clone, Debug, Default)]
struct TabariOutput {
    /// `SET: MINIMUM WORDS = N`: records with fewer words are not coded (TABARI's
    /// default is 8, a comma counting as a word).
    min_words: usize,
    /// `SET: CONVERT AGENT = TRUE`: an agent without an actor is written `~MIL`
    /// rather than `---MIL`.
    convert_agent: bool,
    /// `DEFAULT: SOURCE [X]`: the code of a source the coder did not find.
    default_source: Option<String>,
    /// `DEFAULT: … TARGET [Y]`: the code of a target the coder did not find.
    default_target: Option<String>,
    /// `FORWARD: ^^*****NNN*SSS`: the template of record IDs whose `N`s number
    /// the story; a pronoun opening a record refers to the previous record's
    /// subject when both belong to one story. `FORWARD: … OFF` clears it.
    forward: Option<String>,
}

impl TabariOutput {
    /// The settings a TABARI project starts with (`tabari`), or none.
    fn new(tabari: bool) -> TabariOutput {
        TabariOutput { min_words: if tabari { 8 } else { 0 }, ..TabariOutput::default() }
    }

    /// Applies one option field (`SET`, `DEFAULT`); other options are not these.
    fn set(&mut self, name: &str, value: &str) {
        let name = name.trim().to_ascii_uppercase();
        let value = value.trim().to_ascii_uppercase();
        if name == "FORWARD" {
            let words: Vec<&str> = value.split_whitespace().collect();
            self.forward = match words.as_slice() {
                [template, ..] if words.last() != Some(&"OFF") => Some(template.to_string()),
                _ => None,
            };
            return;
        }
        if name == "DEFAULT" {
            self.default_source = default_code(&value, "SOURCE");
            self.default_target = default_code(&value, "TARGET");
            return;
        }
        let Some((option, setting)) = value.split_once('=') else { return };
        // The suite leaves some of these fields unclosed: `= 4  */`.
        let setting = setting.split_whitespace().next().unwrap_or("");
        match (name.as_str(), option.trim()) {
            ("SET", "MINIMUM WORDS") => self.min_words = setting.parse().unwrap_or(self.min_words),
            ("SET", "CONVERT AGENT") => self.convert_agent = setting == "TRUE",
            _ => {}
        }
    }

    fn has_defaults(&self) -> bool {
        self.default_source.is_some() || self.default_target.is_some()
    }

    /// Writes coded events as TABARI does under these options; with
    /// `require_dyad`, events still missing an actor are dropped.
    fn apply(&self, mut coded: Vec<Triple>, require_dyad: bool) -> Vec<Triple> {
        for t in &mut coded {
            for (code, default) in [(&mut t.source, &self.default_source), (&mut t.target, &self.default_target)] {
                if let (true, Some(d)) = (code == "---", default) {
                    *code = d.clone();
                }
                if self.convert_agent && code.len() > 3 {
                    if let Some(agent) = code.strip_prefix("---") {
                        *code = format!("~{agent}");
                    }
                }
            }
        }
        if require_dyad {
            coded.retain(|t| t.source != "---" && t.target != "---");
        }
        coded
    }
}

/// The code after `slot` in a `DEFAULT:` field (`SOURCE [DEFSRC] PRIOR`); `None`
/// for `DEFAULT: OFF`. TABARI's `PRIOR` and `AFTER` (use the default whenever no
/// actor precedes or follows the verb, even if another actor could serve) are
/// not told apart: the default fills what the coder left empty.
fn default_code(value: &str, slot: &str) -> Option<String> {
    let rest = &value[value.find(slot)? + slot.len()..];
    let (code, _) = rest.trim_start().trim_start_matches(':').trim_start().strip_prefix('[')?.split_once(']')?;
    Some(code.trim().to_string())
}

/// The story number of a record ID under a `FORWARD:` template: the characters
/// at the template's `N`s, the template aligned with the end of the ID (its
/// leading `^`s stand for the blanks between the date and the ID).
fn story_number(template: &str, id: &str) -> String {
    let id: Vec<char> = id.chars().collect();
    let template: Vec<char> = template.chars().collect();
    let offset = id.len() as isize - template.len() as isize;
    template
        .iter()
        .enumerate()
        .filter(|(_, &c)| c == 'N')
        .filter_map(|(i, _)| usize::try_from(i as isize + offset).ok().and_then(|k| id.get(k)))
        .collect()
}

/// A TABARI record's text as its dictionaries read it: an `_` joins words as it
/// does in a dictionary phrase, so "Dol_Amroth" is the actor DOL_AMROTH.
fn tabari_text(text: &str) -> String {
    // TABARI's input filter also reads a hyphen as a blank (manual §7.3: "al-Assad"
    // is "al Assad"), as its dictionaries read one as `_`.
    text.replace(['_', '-'], " ")
}

/// Words as TABARI counts them: blank-separated, with at least one letter or digit,
/// and each comma.
fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() + text.matches(',').count()
}

/// The legacy suites' texts join a name's words with `_` as their dictionaries do
/// ("the Prince of Dol_Amroth", unit `COMPOUND-20…22`, TABARI `SKIP-01…04`): the
/// tokenizer reads such a name as one word, so the `_` becomes a blank (same length,
/// so spans are unchanged).
fn joined_names_split(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let joins = |i: usize| {
        bytes[i] == b'_'
            && i > 0
            && bytes[i - 1].is_ascii_alphanumeric()
            && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric())
    };
    if !(0..bytes.len()).any(joins) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    for (i, b) in out.iter_mut().enumerate() {
        if joins(i) {
            *b = b' ';
        }
    }
    // Only ASCII `_` between ASCII characters was replaced by an ASCII blank.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// Codes a text as a single sentence on a date (`YYYYMMDD`); the triples carry the
/// coded modality.
pub fn code_text(coder: &Coder, text: &str, date: Option<u32>) -> Vec<Triple> {
    let mut memory = if coder.tabari_phrases {
        ArticleMemory::tabari()
    } else if coder.interaction.is_some() {
        ArticleMemory::petrarch2()
    } else if coder.petrarch1 {
        ArticleMemory::petrarch1()
    } else {
        ArticleMemory::legacy()
    };
    code_text_with(coder, text, date, &mut memory)
}

/// [`code_text`] with what earlier records taught (`memory`, updated).
fn code_text_with(coder: &Coder, text: &str, date: Option<u32>, memory: &mut ArticleMemory) -> Vec<Triple> {
    let mut article = Article::new(text.to_string(), date);
    let span = Span::new(0, article.text.len());
    article.sentences = vec![Sentence { span, tokens: tokenize(&article.text, span), skipped: None }];
    coder.code_sentences_with(&mut article, memory);
    article
        .events
        .iter()
        .map(|e| {
            Triple::new(e.source.clone(), e.target.clone(), e.code.clone()).with_modality(modality_name(e.modality))
        })
        .collect()
}

/// The lower-case name of a modality, as the event corpus writes it.
pub fn modality_name(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Expected => "expected",
        Modality::Proposed => "proposed",
        Modality::Refused => "refused",
        Modality::Conditional => "conditional",
        Modality::Hypothetical => "hypothetical",
    }
}

/// The built-in dictionaries with `paths` (files or directories) merged on top; the
/// user's entries come first and win ties, as with `detente code --dicts`.
pub fn builtin_with(paths: &[PathBuf]) -> anyhow::Result<Dictionaries> {
    let mut dicts = Dictionaries::default();
    for p in paths {
        dicts.merge(Dictionaries::read_path(p)?);
    }
    dicts.merge(Dictionaries::builtin());
    Ok(dicts)
}

/// Runs a JSON development set (PLOVER gold records or NGEC actor tests, see
/// [`super::read_dev_set`]) with the built-in dictionaries plus `dict_paths`.
/// `Ok(None)` when `path` is not such a set; otherwise the warnings (reader and
/// dictionaries) and the printed report, which ends with `N passed, M failed`.
pub fn run_dev_set(
    path: &Path,
    dict_paths: &[PathBuf],
    verbose: bool,
) -> anyhow::Result<Option<(Vec<String>, String)>> {
    let Some((set, mut warnings)) = super::read_dev_set(path)? else { return Ok(None) };
    let dicts = builtin_with(dict_paths)?;
    warnings.extend(dicts.warnings.iter().cloned());
    let text = match set {
        super::DevSet::Plover(records) => {
            let coder = Coder::new(dicts);
            super::plover::run(&records, &coder).render(verbose)
        }
        super::DevSet::Ngec(records) => {
            let compiled = crate::dict::Compiled::new(dicts);
            let report = super::ngec::run(&records, &compiled);
            warnings.extend(report.warnings.iter().cloned());
            report.render(verbose)
        }
    };
    Ok(Some((warnings, text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_names_are_split() {
        assert_eq!(joined_names_split("the Prince of Dol_Amroth."), "the Prince of Dol Amroth.");
        assert_eq!(joined_names_split("a _ b, x_ and _y"), "a _ b, x_ and _y");
    }

    #[test]
    fn tabari_output_options() {
        let mut options = TabariOutput::default();
        options.set("DEFAULT", "SOURCE [DEFSRC] PRIOR TARGET [DEFTAR]");
        assert_eq!(options.default_source.as_deref(), Some("DEFSRC"));
        assert_eq!(options.default_target.as_deref(), Some("DEFTAR"));
        options.set("SET", "CONVERT AGENT = TRUE");
        options.set("SET", "MINIMUM WORDS = 4  */");
        assert_eq!(options.min_words, 4);
        let coded = options.apply(vec![Triple::new("---", "---MIL", "064"), Triple::new("ARN", "---", "064")], true);
        assert_eq!(coded, [Triple::new("DEFSRC", "~MIL", "064"), Triple::new("ARN", "DEFTAR", "064")]);
        options.set("DEFAULT", "OFF");
        assert!(!options.has_defaults());
        options.set("FORWARD", "^^*****NNN*SSS");
        assert_eq!(options.forward.as_deref(), Some("^^*****NNN*SSS"));
        assert_eq!(story_number("^^*****NNN*SSS", "FRWD-001-002"), "001");
        assert_eq!(story_number("^^*****NNN*SSS", "X"), "");
        options.set("FORWARD", "^^*****NNN*SSS OFF");
        assert_eq!(options.forward, None);
    }
}
