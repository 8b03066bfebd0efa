//! Sentence segmentation against third-party gold data, read where it lies in
//! `../shared/data/sentence_segmentation` (see its SOURCES.md); every test skips,
//! after saying why, when the data is absent.
//!
//! Run with `cargo test --release --test segmentation -- --nocapture` to see the
//! figures and the failing cases.

mod common;

use detente::text::split_sentences;
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;

/// Floors: the levels reached when these tests were written; a change that drops
/// below them fails.
const GOLDEN_MIN: usize = 48;
const GUM_MIN_F1: f64 = 0.983;

fn data() -> Option<PathBuf> {
    common::shared_data("sentence_segmentation")
}

fn read_jsonl(path: &std::path::Path) -> Option<Vec<Value>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("skipping: cannot read {}: {e}", path.display());
            return None;
        }
    };
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("valid JSON line"))
            .collect(),
    )
}

fn segment(text: &str) -> Vec<String> {
    split_sentences(text).into_iter().map(|s| s.slice(text).trim().to_string()).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str()).map(|s| s.trim().to_string()).collect())
        .unwrap_or_default()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn golden_rules() {
    let Some(dir) = data() else { return };
    let Some(cases) = read_jsonl(&dir.join("golden_rules_en.jsonl")) else {
        return;
    };
    let mut passed = 0;
    for case in &cases {
        let text = case["text"].as_str().unwrap();
        let got = segment(text);
        let want = strings(&case["expected"]);
        if got == want {
            passed += 1;
        } else {
            println!("FAIL {}\n  want {want:?}\n  got  {got:?}", case["rule"]);
        }
    }
    println!("golden rules: {passed}/{} passed", cases.len());
    assert!(passed >= GOLDEN_MIN, "golden rules fell to {passed}/{} (floor {GOLDEN_MIN})", cases.len());
}

/// Sentence-end boundaries in GUM's Wikinews documents, as counts of non-whitespace
/// characters before each end (so whitespace differences do not matter). The end of
/// the document is left out: every segmenter gets it right.
#[test]
fn gum_news_boundaries() {
    let Some(dir) = data() else { return };
    let Some(docs) = read_jsonl(&dir.join("gum_news/gum_news_sentences.jsonl")) else {
        return;
    };
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut exact = 0usize;
    let mut gold_total = 0usize;
    for doc in &docs {
        let text = doc["text"].as_str().unwrap();
        // Gold offsets are code-point offsets into `text`.
        let chars: Vec<char> = text.chars().collect();
        let mut nonws_before_char = Vec::with_capacity(chars.len() + 1);
        let mut n = 0;
        for &c in &chars {
            nonws_before_char.push(n);
            if !c.is_whitespace() {
                n += 1;
            }
        }
        nonws_before_char.push(n);
        let doc_end = n;
        let mut gold = HashSet::new();
        let mut gold_sents = HashSet::new();
        for s in doc["sentences"].as_array().unwrap() {
            let (st, en) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
            let sl: String = chars[st..en].iter().collect();
            assert_eq!(sl, s["text"].as_str().unwrap(), "gold offsets are char offsets");
            gold_sents.insert((nonws_before_char[st], nonws_before_char[en]));
            if nonws_before_char[en] != doc_end {
                gold.insert(nonws_before_char[en]);
            }
        }
        gold_total += gold_sents.len();
        // Ours are byte offsets.
        let nonws_before_byte = |b: usize| text[..b].chars().filter(|c| !c.is_whitespace()).count();
        let spans = split_sentences(text);
        let mut ours = HashSet::new();
        for s in &spans {
            let (a, b) = (nonws_before_byte(s.start), nonws_before_byte(s.end));
            if gold_sents.contains(&(a, b)) {
                exact += 1;
            }
            if b != doc_end {
                ours.insert(b);
            }
        }
        for b in &ours {
            if gold.contains(b) {
                tp += 1;
            } else {
                fp += 1;
                println!("FP {}: …{}", doc["doc_id"], context(text, *b));
            }
        }
        for b in gold.difference(&ours) {
            fn_ += 1;
            println!("FN {}: …{}", doc["doc_id"], context(text, *b));
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    println!(
        "GUM news: {} docs, boundaries tp={tp} fp={fp} fn={fn_}: P={p:.4} R={r:.4} F1={f1:.4}; exact sentences {exact}/{gold_total}",
        docs.len()
    );
    assert!(f1 >= GUM_MIN_F1, "GUM boundary F1 {f1:.4} fell below {GUM_MIN_F1}");
}

/// Text around the point after `nonws` non-whitespace characters.
fn context(text: &str, nonws: usize) -> String {
    let mut n = 0;
    let mut at = text.len();
    for (i, c) in text.char_indices() {
        if n == nonws {
            at = i;
            break;
        }
        if !c.is_whitespace() {
            n += 1;
        }
    }
    let lo = text[..at].char_indices().rev().nth(50).map_or(0, |(i, _)| i);
    let hi = text[at..].char_indices().nth(40).map_or(text.len(), |(i, _)| at + i);
    format!("{} ‖ {}", &text[lo..at], &text[at..hi]).replace('\n', "⏎")
}

/// pySBD's English suite: printed only. `exact` compares trimmed strings; `squashed`
/// compares them with all whitespace removed, which is the fair score for the
/// `clean=True` cases whose expected output joins hard-wrapped lines.
#[test]
fn pysbd_suite_report() {
    let Some(dir) = data() else { return };
    let Some(cases) = read_jsonl(&dir.join("pysbd_tests_en.jsonl")) else {
        return;
    };
    let (mut exact, mut squashed) = (0, 0);
    for case in &cases {
        let text = case["text"].as_str().unwrap_or("");
        let got = segment(text);
        let want = strings(&case["expected"]);
        if got == want {
            exact += 1;
        }
        let g: Vec<String> = got.iter().map(|s| squash(s)).collect();
        let w: Vec<String> = want.iter().map(|s| squash(s)).collect();
        if g == w {
            squashed += 1;
        } else if std::env::var_os("SHOW_PYSBD").is_some() {
            println!("FAIL {} {}\n  want {want:?}\n  got  {got:?}", case["group"], case["id"]);
        }
    }
    println!("pySBD suite: exact {exact}/{n}, whitespace-insensitive {squashed}/{n}", n = cases.len());
}
