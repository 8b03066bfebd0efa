//! Parquet export of stored events (cargo feature `parquet`, off by default so that the
//! default build and CI stay fast): the columns of [`EventRow`], typed, one row group per
//! batch, for pandas, R's arrow, DuckDB, BigQuery and Spark.

use std::io::Write;
use std::sync::Arc;

use arrow_array::{ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;

use super::query::EventRow;

/// Rows buffered before they are written as one row group.
const BATCH: usize = 65_536;

/// Writes events to a Parquet file as they come; [`ParquetExporter::finish`] writes the
/// last batch and the footer (a file without it is not readable).
pub struct ParquetExporter<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: Arc<Schema>,
    rows: Vec<EventRow>,
    pub written: usize,
}

impl<W: Write + Send> ParquetExporter<W> {
    pub fn new(out: W) -> Result<ParquetExporter<W>, ParquetError> {
        let schema = Arc::new(schema());
        let properties = WriterProperties::builder().set_compression(Compression::ZSTD(ZstdLevel::try_new(3)?)).build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(properties))?;
        Ok(ParquetExporter { writer, schema, rows: Vec::with_capacity(BATCH), written: 0 })
    }

    pub fn write(&mut self, row: EventRow) -> Result<(), ParquetError> {
        self.rows.push(row);
        if self.rows.len() == BATCH {
            self.flush_batch()?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<usize, ParquetError> {
        self.flush_batch()?;
        self.writer.close()?;
        Ok(self.written)
    }

    fn flush_batch(&mut self) -> Result<(), ParquetError> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let batch = RecordBatch::try_new(self.schema.clone(), columns(&self.rows))?;
        self.writer.write(&batch)?;
        self.written += self.rows.len();
        self.rows.clear();
        Ok(())
    }
}

fn schema() -> Schema {
    let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    let int = |name: &str, nullable: bool| Field::new(name, DataType::Int64, nullable);
    Schema::new(vec![
        int("id", false),
        int("article_id", false),
        int("sentence", false),
        Field::new("date", DataType::Date32, false),
        text("source", false),
        text("target", false),
        text("source_name", true),
        text("target_name", true),
        text("code", false),
        text("root", true),
        text("name", true),
        int("quad_class", true),
        Field::new("goldstein", DataType::Float64, true),
        text("plover_event", true),
        text("plover_mode", true),
        text("plover_context", true),
        text("modality", false),
        text("act", true),
        int("mentions", false),
        // The evidence spans as the JSON the other exports carry.
        text("evidence", false),
        text("sentence_text", false),
        text("rule", false),
        text("dict_version", false),
        text("article_source", false),
        text("url", true),
        text("title", true),
        text("ingested_at", false),
        int("duplicate_of", true),
    ])
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (Parquet's DATE logical type).
fn days(date: &str) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map_or(0, |d| (d - epoch).num_days() as i32)
}

fn columns(rows: &[EventRow]) -> Vec<ArrayRef> {
    let text = |f: fn(&EventRow) -> &str| -> ArrayRef { Arc::new(StringArray::from_iter_values(rows.iter().map(f))) };
    let optional =
        |f: fn(&EventRow) -> Option<&str>| -> ArrayRef { Arc::new(rows.iter().map(f).collect::<StringArray>()) };
    let int = |f: fn(&EventRow) -> i64| -> ArrayRef { Arc::new(Int64Array::from_iter_values(rows.iter().map(f))) };
    let evidence: Vec<String> = rows.iter().map(|r| r.evidence.to_string()).collect();
    vec![
        int(|r| r.id),
        int(|r| r.article_id),
        int(|r| r.sentence),
        Arc::new(Date32Array::from_iter_values(rows.iter().map(|r| days(&r.date)))),
        text(|r| &r.source),
        text(|r| &r.target),
        optional(|r| r.source_name.as_deref()),
        optional(|r| r.target_name.as_deref()),
        text(|r| &r.code),
        optional(|r| r.root.as_deref()),
        optional(|r| r.name.as_deref()),
        Arc::new(rows.iter().map(|r| r.quad_class).collect::<Int64Array>()),
        Arc::new(rows.iter().map(|r| r.goldstein).collect::<Float64Array>()),
        optional(|r| r.plover_event.as_deref()),
        optional(|r| r.plover_mode.as_deref()),
        optional(|r| r.plover_context.as_deref()),
        text(|r| &r.modality),
        optional(|r| r.act.as_deref()),
        int(|r| r.mentions),
        Arc::new(StringArray::from_iter_values(evidence.iter())),
        text(|r| &r.sentence_text),
        text(|r| &r.rule),
        text(|r| &r.dict_version),
        text(|r| &r.article_source),
        optional(|r| r.url.as_deref()),
        optional(|r| r.title.as_deref()),
        text(|r| &r.ingested_at),
        Arc::new(rows.iter().map(|r| r.duplicate_of).collect::<Int64Array>()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, date: &str) -> EventRow {
        EventRow {
            id,
            article_id: 1,
            sentence: 0,
            date: date.into(),
            source: "USAGOV".into(),
            target: "RUSGOV".into(),
            source_name: Some("Steve Witkoff".into()),
            target_name: None,
            code: "040".into(),
            root: Some("04".into()),
            name: Some("Consult".into()),
            quad_class: Some(1),
            goldstein: Some(1.0),
            plover_event: Some("CONSULT".into()),
            plover_mode: None,
            plover_context: None,
            modality: "asserted".into(),
            act: None,
            mentions: 1,
            evidence: serde_json::json!({"verb": {"start": 9, "end": 14}}),
            sentence_text: "US envoy meets Putin in Moscow".into(),
            rule: "MEET (verbs_m_z.detente:1670)".into(),
            dict_version: "test".into(),
            article_source: "story.txt".into(),
            url: None,
            title: None,
            ingested_at: "2025-03-13T00:00:00Z".into(),
            duplicate_of: None,
        }
    }

    #[test]
    fn events_round_trip_through_a_parquet_file() {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let path = std::env::temp_dir().join(format!("detente-parquet-{}.parquet", std::process::id()));
        let mut exporter = ParquetExporter::new(std::fs::File::create(&path).unwrap()).unwrap();
        exporter.write(row(1, "2025-03-13")).unwrap();
        exporter.write(row(2, "2025-03-14")).unwrap();
        assert_eq!(exporter.finish().unwrap(), 2);
        let reader =
            ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap()).unwrap().build().unwrap();
        let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(batches.iter().map(RecordBatch::num_rows).sum::<usize>(), 2);
        let dates = batches[0].column_by_name("date").unwrap().as_any().downcast_ref::<Date32Array>().unwrap();
        assert_eq!(dates.value(1), 20161);
        let source = batches[0].column_by_name("source_name").unwrap().as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!(source.value(0), "Steve Witkoff");
    }

    #[test]
    fn dates_are_days_since_the_epoch() {
        assert_eq!(days("1970-01-02"), 1);
        assert_eq!(days("2025-03-13"), 20160);
    }
}
