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

/// Floors for Mozilla Readability's test pages (docs/ingest.md): text shingle F1 and exact
/// metadata matches (pages matched, over the pages that give the field).
const READABILITY_TEXT_F1_FLOOR: f64 = 0.964;
const READABILITY_TITLE_FLOOR: usize = 108;
const READABILITY_BYLINE_FLOOR: usize = 60;
const READABILITY_PUBLISHED_FLOOR: usize = 32;

#[test]
fn readability_test_pages_text_and_metadata_stay_at_the_level_reached() {
    let Some(dir) = common::shared_data("article_extraction/readability_test_pages") else { return };
    let s = detente::ingest::eval::run_readability_pages(&dir).expect("test pages readable");
    if std::env::var_os("SHOW_MISSES").is_some() {
        for (id, field, want, got) in &s.misses {
            println!("MISS {id} {field}: want {want:?} got {got:?}");
        }
    }
    eprintln!(
        "Readability test pages: {} pages, text F1 {:.4} (P {:.4}, R {:.4}); title {}/{}, byline {}/{}, published {}/{}",
        s.text.documents,
        s.text.f1,
        s.text.precision,
        s.text.recall,
        s.title.matched,
        s.title.expected,
        s.byline.matched,
        s.byline.expected,
        s.published.matched,
        s.published.expected
    );
    assert_eq!(s.text.documents, 130);
    assert!(s.text.f1 >= READABILITY_TEXT_F1_FLOOR, "text F1 {:.4} fell below {READABILITY_TEXT_F1_FLOOR}", s.text.f1);
    assert!(s.title.matched >= READABILITY_TITLE_FLOOR, "titles {} below {READABILITY_TITLE_FLOOR}", s.title.matched);
    assert!(
        s.byline.matched >= READABILITY_BYLINE_FLOOR,
        "bylines {} below {READABILITY_BYLINE_FLOOR}",
        s.byline.matched
    );
    assert!(
        s.published.matched >= READABILITY_PUBLISHED_FLOOR,
        "published dates {} below {READABILITY_PUBLISHED_FLOOR}",
        s.published.matched
    );
}
