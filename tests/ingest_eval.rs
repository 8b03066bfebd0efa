//! Main-text extraction on the Zyte (Scrapinghub) Article Extraction Benchmark, scored with its
//! own 4-gram shingle metric. Runs when the shared evaluation data is present.

mod common;

/// The level reached (docs/ingest.md); a change that falls below it fails.
const F1_FLOOR: f64 = 0.975;

#[test]
fn zyte_benchmark_f1_stays_at_the_level_reached() {
    let Some(dir) = common::shared_data("article_extraction/scrapinghub_aeb") else { return };
    let scores = detente::ingest::eval::run_benchmark(&dir, |page| {
        let (html, _) = detente::ingest::charset::decode(page, None, true);
        detente::ingest::html::extract_text(&html)
    })
    .expect("benchmark readable");
    eprintln!(
        "Zyte benchmark: {} pages, F1 {:.4} (P {:.4}, R {:.4}), {:.0} pages/s wall, {:.0} per CPU second",
        scores.documents,
        scores.f1,
        scores.precision,
        scores.recall,
        scores.pages_per_second(),
        scores.pages_per_cpu_second().unwrap_or(0.0)
    );
    assert_eq!(scores.documents, 181);
    assert!(scores.f1 >= F1_FLOOR, "F1 {:.4} fell below {F1_FLOOR}", scores.f1);
}
