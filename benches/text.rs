//! Throughput of the text layer (stable Rust, no bench harness needed):
//!
//! ```sh
//! cargo test --release --bench text -- --ignored --nocapture
//! ```
//!
//! Uses the GUM news texts from the shared data when present, otherwise a
//! synthetic news-like text.

use detente::span::Span;
use detente::text::{split_sentences, tokenize};
use std::path::PathBuf;
use std::time::Instant;

fn corpus() -> String {
    let root = std::env::var_os("DETENTE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let path = root.join("data/sentence_segmentation/gum_news/gum_news_sentences.jsonl");
    let mut text = String::new();
    if let Ok(data) = std::fs::read_to_string(&path) {
        for line in data.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                text.push_str(v["text"].as_str().unwrap_or(""));
                text.push_str("\n\n");
            }
        }
    }
    if text.is_empty() {
        eprintln!("{} absent: using synthetic text", path.display());
        text = "WASHINGTON (Reuters) - The U.S. Secretary of State didn't say whether Israel's \
                30-day truce with Hamas would hold. “We’ll see,” he said at 5 p.m. on Friday. \
                Erdoğan's office said 10,000 troops had withdrawn.\n\n"
            .to_string();
    }
    // About 10 MB.
    let reps = (10_000_000 / text.len()).max(1);
    text.repeat(reps)
}

#[test]
#[ignore]
fn throughput() {
    let text = corpus();
    let mb = text.len() as f64 / 1e6;

    let t = Instant::now();
    let sents = split_sentences(&text);
    let split_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut n = 0usize;
    for s in &sents {
        n += tokenize(&text, *s).len();
    }
    let tok_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let all = tokenize(&text, Span::new(0, text.len())).len();
    let tok_all_s = t.elapsed().as_secs_f64();

    println!("text: {mb:.1} MB, {} sentences, {n} tokens", sents.len());
    println!("split_sentences: {:.1} MB/s ({:.2} M sentences/s)", mb / split_s, sents.len() as f64 / split_s / 1e6);
    println!("tokenize per sentence: {:.2} M tokens/s ({:.1} MB/s)", n as f64 / tok_s / 1e6, mb / tok_s);
    println!("tokenize whole text: {:.2} M tokens/s", all as f64 / tok_all_s / 1e6);
}
