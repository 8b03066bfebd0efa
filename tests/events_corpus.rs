//! detente's own event corpus (`tests/data/events_corpus.tsv`): news-style sentences about
//! 2025–2026 world news with the events (source, target, CAMEO code, modality) they must
//! yield, coded with the built-in dictionaries. Fails if the corpus loses coverage (fewer
//! than 400 records, or fewer than 10 for some CAMEO root) or if the pass count drops
//! below the level reached. Raise `FLOOR` when the dictionaries improve; never lower it.

use std::path::PathBuf;

use detente::validate::{corpus, read_suite, run};

/// Records that pass with the built-in dictionaries of main (raise, never lower).
const FLOOR: usize = 382;

const MIN_RECORDS: usize = 400;
const MIN_PER_ROOT: usize = 10;
const MIN_NO_EVENT: usize = 25;

fn corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/events_corpus.tsv")
}

#[test]
fn corpus_covers_every_root() {
    let suite = read_suite(&corpus_path()).expect("the corpus reads");
    assert!(suite.records.len() >= MIN_RECORDS, "{} records, want at least {MIN_RECORDS}", suite.records.len());
    let counts = corpus::root_counts(&suite);
    for root in 1..=20 {
        let root = format!("{root:02}");
        let n = counts.get(&root).copied().unwrap_or(0);
        assert!(n >= MIN_PER_ROOT, "root {root}: {n} records, want at least {MIN_PER_ROOT}");
    }
    let none = counts.get("none").copied().unwrap_or(0);
    assert!(none >= MIN_NO_EVENT, "{none} no-event records, want at least {MIN_NO_EVENT}");
}

#[test]
fn corpus_passes_with_builtin_dictionaries() {
    let suite = read_suite(&corpus_path()).expect("the corpus reads");
    let dicts = run::load_dictionaries(&suite, &[]).expect("built-in dictionaries load");
    let report = run::run(&suite, dicts);
    for (root, (passed, total)) in corpus::root_summary(&report) {
        println!("root {root}: {passed}/{total}");
    }
    println!("events_corpus: {} passed, {} failed", report.passed(), report.failed());
    assert_eq!(report.outcomes.len(), suite.records.len(), "every record is evaluated");
    assert!(report.passed() >= FLOOR, "{} passed, below the floor of {FLOOR}", report.passed());
}
