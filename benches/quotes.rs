//! Quote extraction time against coding time (stable Rust, no bench harness needed):
//!
//! ```sh
//! cargo test --release --bench quotes -- --ignored --nocapture
//! ```
//!
//! Codes the PolNeAR dev articles (`$DETENTE_SHARED/data/quotes/polnear/dev`, or
//! `../shared`; multi-paragraph political news full of quotations) with the built-in
//! dictionaries, then runs the quote stage again on each coded article alone (finding
//! the quotations and coding their events). Coding
//! includes the quote stage (`Coder::code_sentences` ends with it), so the figure
//! reported is quote time / (coding time − quote time): what quotes add. Falls back
//! to the quote-story fixture repeated when the shared data is absent. Target
//! (issue 5): ≤ 20 %.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use detente::article::Article;
use detente::coder::Coder;
use detente::quotes;
use detente::validate::run;

#[global_allocator]
static GLOBAL: detente::alloc::Mimalloc = detente::alloc::Mimalloc;

const PASSES: usize = 5;

fn texts() -> Vec<String> {
    let root = std::env::var_os("DETENTE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dir = root.join("data/quotes/polnear/dev/text");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => {
            eprintln!("{} is absent: timing the quote story repeated instead", dir.display());
            let story = include_str!("../tests/fixtures/quotes_story.txt");
            return vec![story.to_string(); 200];
        }
    };
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
}

#[test]
#[ignore]
fn quote_extraction_against_coding() {
    let coder = Coder::new(run::builtin_with(&[]).expect("built-in dictionaries"));
    let texts = texts();
    let (mut coding, mut quoting) = (Duration::ZERO, Duration::ZERO);
    let (mut sentences, mut found) = (0, 0);
    for pass in 0..PASSES {
        for text in &texts {
            let mut article = Article::new(text.as_str(), None);
            let t = Instant::now();
            coder.code(&mut article);
            coding += t.elapsed();
            let t = Instant::now();
            let q = quotes::find(&article);
            let quote_events = quotes::events::code(&article);
            quoting += t.elapsed();
            std::hint::black_box(quote_events.added.len());
            if pass == 0 {
                sentences += article.sentences.len();
                found += q.len();
            }
        }
    }
    let other = coding.saturating_sub(quoting);
    let share = quoting.as_secs_f64() / other.as_secs_f64().max(1e-9);
    println!(
        "{} articles, {sentences} sentences, {found} quotes, {PASSES} passes: coding {:.1} ms per pass \
         (of which quotes {:.1} ms); quotes add {:.1} % to coding without them",
        texts.len(),
        coding.as_secs_f64() * 1000.0 / PASSES as f64,
        quoting.as_secs_f64() * 1000.0 / PASSES as f64,
        share * 100.0
    );
    assert!(share <= 0.20, "quotes add {:.1} % (target ≤ 20 %)", share * 100.0);
}
