//! Exports of stored events: the GDELT 2.0 event table (tab-separated, its 61 columns in
//! order), PLOVER JSON records, CSV and JSON lines; of stored quotes: a table, CSV and JSON
//! lines. The column mapping is documented in `docs/store.md`.

use std::io::Write;

use serde_json::json;

use super::query::{EventRow, QuoteRow, EVENT_COLUMNS, QUOTE_COLUMNS};
use crate::ontology::Ontology;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Gdelt,
    Plover,
    Csv,
    Jsonl,
    /// Aligned columns for people (events command only).
    Table,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Ok(match s {
            "gdelt" => Format::Gdelt,
            "plover" => Format::Plover,
            "csv" => Format::Csv,
            "jsonl" | "json" => Format::Jsonl,
            "table" => Format::Table,
            _ => return Err(format!("unknown format {s} (gdelt, plover, csv, jsonl, table)")),
        })
    }
}

/// The GDELT 2.0 event table's columns, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// A CAMEO actor code split into GDELT's actor attribute columns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActorParts {
    pub country: String,
    pub known_group: String,
    pub ethnic: String,
    pub religion: [String; 2],
    pub types: [String; 3],
}

/// Splits a CAMEO actor code into three-letter parts: a leading part that is not an actor type
/// is the country; specific organisations (UNO, AMN…) are known groups; religion and ethnicity
/// codes go to their columns; roles and organisation types fill Type1–3 in order.
pub fn actor_parts(code: &str) -> ActorParts {
    let mut parts = ActorParts::default();
    // A bare agent ("---GOV") has no country part.
    let bare = code.starts_with("---");
    let code = code.trim_start_matches('-');
    let ontology = Ontology::builtin();
    let chunks: Vec<&str> = (0..code.len()).step_by(3).filter_map(|i| code.get(i..(i + 3).min(code.len()))).collect();
    let (mut religions, mut types) = (0, 0);
    for (i, chunk) in chunks.iter().enumerate() {
        match ontology.actor_type(chunk) {
            None if i == 0 && !bare => parts.country = chunk.to_string(),
            None => {}
            Some(t) => match t.kind.as_str() {
                "religion" if religions < 2 => {
                    parts.religion[religions] = chunk.to_string();
                    religions += 1;
                }
                "ethnicity" => parts.ethnic = chunk.to_string(),
                "organisation" if t.name.contains("specific organisation") => parts.known_group = chunk.to_string(),
                "role" | "organisation" if types < 3 => {
                    parts.types[types] = chunk.to_string();
                    types += 1;
                }
                _ => {}
            },
        }
    }
    parts
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// One GDELT 2.0 event-table row (61 tab-separated fields).
pub fn gdelt_row(e: &EventRow) -> String {
    let day: String = e.date.chars().filter(|c| *c != '-').collect();
    let fraction = chrono::NaiveDate::parse_from_str(&e.date, "%Y-%m-%d")
        .map(|d| {
            use chrono::Datelike;
            format!("{:.4}", d.year() as f64 + d.ordinal() as f64 / 365.0)
        })
        .unwrap_or_default();
    let mut f: Vec<String> = Vec::with_capacity(61);
    f.push(e.id.to_string());
    f.push(day.clone());
    f.push(day.get(..6).unwrap_or("").to_string());
    f.push(day.get(..4).unwrap_or("").to_string());
    f.push(fraction);
    for (code, name) in [(&e.source, &e.source_name), (&e.target, &e.target_name)] {
        let p = actor_parts(code);
        f.push(code.trim_start_matches('-').to_string());
        f.push(clean(name.as_deref().unwrap_or("")).to_uppercase());
        f.push(p.country);
        f.push(p.known_group);
        f.push(p.ethnic);
        f.extend(p.religion);
        f.extend(p.types);
    }
    f.push(if e.sentence == 0 { "1" } else { "0" }.into());
    f.push(e.code.clone());
    f.push(e.code.get(..3).unwrap_or(&e.code).to_string());
    f.push(e.root.clone().unwrap_or_default());
    f.push(e.quad_class.map_or(String::new(), |q| q.to_string()));
    f.push(e.goldstein.map_or(String::new(), |g| format!("{g:.1}")));
    f.extend([e.mentions.to_string(), "1".into(), "1".into()]);
    f.push(String::new()); // AvgTone
    f.extend(std::iter::repeat_n(String::new(), 24)); // three geo blocks of 8
    let added: String = e.ingested_at.chars().filter(|c| c.is_ascii_digit()).collect();
    f.push(added);
    f.push(clean(e.url.as_deref().unwrap_or(&e.article_source)));
    debug_assert_eq!(f.len(), 61);
    f.join("\t")
}

/// One PLOVER record, or `None` for a CAMEO code that has no PLOVER event type.
pub fn plover_record(e: &EventRow) -> Option<serde_json::Value> {
    let event_type = e.plover_event.as_deref()?;
    let actor = |code: &str, name: &Option<String>| {
        let p = actor_parts(code);
        let agents: Vec<&String> = p.types.iter().chain([&p.known_group]).filter(|s| !s.is_empty()).collect();
        json!({
            "code": Some(code.trim_start_matches('-')).filter(|c| !c.is_empty()),
            "name": name,
            "country": if p.country.is_empty() { None } else { Some(p.country.clone()) },
            "agents": agents,
        })
    };
    Some(json!({
        "event_id": format!("detente-{}", e.id),
        "event_date": e.date,
        "event_type": event_type,
        "event_mode": e.plover_mode,
        "event_context": e.plover_context.as_deref().map(|c| c.split(';').collect::<Vec<_>>()).unwrap_or_default(),
        "actor": actor(&e.source, &e.source_name),
        "recipient": actor(&e.target, &e.target_name),
        "modality": e.modality,
        "act": e.act,
        "cameo": {"code": e.code, "root": e.root, "quad_class": e.quad_class, "goldstein": e.goldstein},
        "source_text": e.sentence_text,
        "evidence": e.evidence,
        "story": {"id": e.article_id, "source": e.article_source, "url": e.url, "title": e.title},
        "coder": {"name": "detente", "rule": e.rule, "dict_version": e.dict_version},
    }))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV header ([`EVENT_COLUMNS`]).
pub fn csv_header() -> String {
    EVENT_COLUMNS.join(",")
}

/// One CSV row, in [`EVENT_COLUMNS`] order; the evidence is a JSON string.
pub fn csv_row(e: &EventRow) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let fields = [
        e.id.to_string(),
        e.article_id.to_string(),
        e.sentence.to_string(),
        e.date.clone(),
        e.source.clone(),
        e.target.clone(),
        opt(&e.source_name),
        opt(&e.target_name),
        e.code.clone(),
        opt(&e.root),
        opt(&e.name),
        e.quad_class.map_or(String::new(), |v| v.to_string()),
        e.goldstein.map_or(String::new(), |v| v.to_string()),
        opt(&e.plover_event),
        opt(&e.plover_mode),
        opt(&e.plover_context),
        e.modality.clone(),
        opt(&e.act),
        e.mentions.to_string(),
        e.evidence.to_string(),
        e.sentence_text.clone(),
        e.rule.clone(),
        e.dict_version.clone(),
        e.article_source.clone(),
        opt(&e.url),
        opt(&e.title),
        e.ingested_at.clone(),
        e.duplicate_of.map_or(String::new(), |v| v.to_string()),
    ];
    fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",")
}

/// Writes rows in a format, header included where the format has one; returns (rows written,
/// rows left out: events without a PLOVER type in the PLOVER export).
pub struct Exporter<W: Write> {
    pub out: W,
    pub format: Format,
    pub written: usize,
    pub left_out: usize,
    started: bool,
}

impl<W: Write> Exporter<W> {
    pub fn new(out: W, format: Format) -> Exporter<W> {
        Exporter { out, format, written: 0, left_out: 0, started: false }
    }

    pub fn write(&mut self, e: &EventRow) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            match self.format {
                Format::Csv => writeln!(self.out, "{}", csv_header())?,
                Format::Table => writeln!(
                    self.out,
                    "{:<10}  {:<12}  {:<12}  {:<5}  {:>4}  {:>5}  {:<10}  article",
                    "date", "source", "target", "code", "quad", "gold", "modality"
                )?,
                _ => {}
            }
        }
        match self.format {
            Format::Gdelt => writeln!(self.out, "{}", gdelt_row(e))?,
            Format::Csv => writeln!(self.out, "{}", csv_row(e))?,
            Format::Jsonl => writeln!(self.out, "{}", serde_json::to_string(e)?)?,
            Format::Plover => match plover_record(e) {
                Some(r) => writeln!(self.out, "{r}")?,
                None => {
                    self.left_out += 1;
                    return Ok(());
                }
            },
            Format::Table => writeln!(
                self.out,
                "{:<10}  {:<12}  {:<12}  {:<5}  {:>4}  {:>5}  {:<10}  {}",
                e.date,
                e.source,
                e.target,
                e.code,
                e.quad_class.map_or("-".into(), |q| q.to_string()),
                e.goldstein.map_or("-".into(), |g| format!("{g:.1}")),
                e.modality,
                e.title.as_deref().or(e.url.as_deref()).unwrap_or(&e.article_source)
            )?,
        }
        self.written += 1;
        Ok(())
    }
}

/// One quote as a CSV row, in [`QUOTE_COLUMNS`] order.
pub fn quote_csv_row(q: &QuoteRow) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<i64>| v.map_or(String::new(), |v| v.to_string());
    let fields = [
        q.id.to_string(),
        q.article_id.to_string(),
        q.sentence.to_string(),
        q.date.clone(),
        q.start.to_string(),
        q.end.to_string(),
        q.text.clone(),
        q.kind.clone(),
        opt(&q.speaker),
        opt(&q.speaker_code),
        num(q.speaker_span.as_ref().map(|s| s.start)),
        num(q.speaker_span.as_ref().map(|s| s.end)),
        q.speaker_span.as_ref().map_or(String::new(), |s| s.text.clone()),
        opt(&q.cue),
        num(q.cue_span.as_ref().map(|s| s.start)),
        num(q.cue_span.as_ref().map(|s| s.end)),
        q.confidence.to_string(),
        q.dict_version.clone(),
        q.article_source.clone(),
        opt(&q.url),
        opt(&q.title),
        num(q.duplicate_of),
    ];
    fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",")
}

/// Writes quotes as a table, CSV (header first) or JSON lines.
pub struct QuoteWriter<W: Write> {
    pub out: W,
    pub format: Format,
    pub written: usize,
}

impl<W: Write> QuoteWriter<W> {
    /// Fails for the event-only formats (GDELT, PLOVER).
    pub fn new(out: W, format: Format) -> Result<QuoteWriter<W>, String> {
        match format {
            Format::Table | Format::Csv | Format::Jsonl => Ok(QuoteWriter { out, format, written: 0 }),
            _ => Err("quotes are written as table, jsonl or csv".into()),
        }
    }

    pub fn write(&mut self, q: &QuoteRow) -> std::io::Result<()> {
        if self.written == 0 {
            match self.format {
                Format::Csv => writeln!(self.out, "{}", QUOTE_COLUMNS.join(","))?,
                Format::Table => writeln!(
                    self.out,
                    "{:<10}  {:<24}  {:<10}  {:<8}  {:>4}  text",
                    "date", "speaker", "code", "kind", "conf"
                )?,
                _ => {}
            }
        }
        match self.format {
            Format::Csv => writeln!(self.out, "{}", quote_csv_row(q))?,
            Format::Table => {
                let speaker = q.speaker.as_deref().or(q.speaker_span.as_ref().map(|s| s.text.as_str())).unwrap_or("-");
                writeln!(
                    self.out,
                    "{:<10}  {:<24}  {:<10}  {:<8}  {:>4.2}  {}",
                    q.date,
                    clean(speaker),
                    q.speaker_code.as_deref().unwrap_or("-"),
                    q.kind,
                    q.confidence,
                    clean(&q.text)
                )?
            }
            _ => writeln!(self.out, "{}", serde_json::to_string(q)?)?,
        }
        self.written += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_split_into_gdelt_columns() {
        let p = actor_parts("USAGOV");
        assert_eq!((p.country.as_str(), p.types[0].as_str()), ("USA", "GOV"));
        let p = actor_parts("IGOUNO");
        assert_eq!((p.country.as_str(), p.types[0].as_str(), p.known_group.as_str()), ("", "IGO", "UNO"));
        assert_eq!(actor_parts("---"), ActorParts::default());
        let p = actor_parts("---GOV");
        assert_eq!((p.country.as_str(), p.types[0].as_str()), ("", "GOV"));
    }
}
