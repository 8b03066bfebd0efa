//! Scores the JSON development sets from `../shared` with the built-in dictionaries
//! (skipped with a printed reason when absent) and fails if a figure drops below the
//! level reached. Raise the floors when the dictionaries improve; never lower them.

mod common;

use detente::coder::Coder;
use detente::dict::Compiled;
use detente::validate::ngec::CheckKind;
use detente::validate::{ngec, plover, read_dev_set, run, DevSet};

/// PLOVER gold records: records correct (type, source and target) and event type alone.
const PLOVER_CORRECT_FLOOR: usize = 230;
const PLOVER_TYPE_FLOOR: usize = 257;
/// NGEC actor tests: records passed, country checks passed, code_1 checks passed.
const NGEC_PASSED_FLOOR: usize = 231;
const NGEC_COUNTRY_FLOOR: usize = 253;
const NGEC_AGENT_FLOOR: usize = 199;

#[test]
fn plover_gold_standard_records() {
    let Some(path) = common::shared_data("event_coding/plover/PLOVER_GSR_CAMEO.json") else { return };
    let Some((DevSet::Plover(records), _)) = read_dev_set(&path).expect("reads") else {
        panic!("{} is not detected as PLOVER records", path.display())
    };
    assert_eq!(records.len(), 322, "322 records besides the DOCUMENT record");
    let coder = Coder::new(run::builtin_with(&[]).expect("built-in dictionaries"));
    let report = plover::run(&records, &coder);
    let text = report.render(false);
    println!("{}", text.lines().skip_while(|l| l.starts_with("FAIL")).collect::<Vec<_>>().join("\n"));
    assert!(report.correct() >= PLOVER_CORRECT_FLOOR, "{} correct, below {PLOVER_CORRECT_FLOOR}", report.correct());
    assert!(report.type_correct() >= PLOVER_TYPE_FLOOR, "{} typed, below {PLOVER_TYPE_FLOOR}", report.type_correct());
    assert!(text.ends_with(&format!("{} passed, {} failed\n", report.correct(), report.failed())));
}

#[test]
fn ngec_actor_resolution_tests() {
    let Some(path) = common::shared_data("event_coding/ngec/ngec_actor_resolution_tests.json") else { return };
    let Some((DevSet::Ngec(records), _)) = read_dev_set(&path).expect("reads") else {
        panic!("{} is not detected as NGEC tests", path.display())
    };
    assert_eq!(records.len(), 400);
    let dicts = Compiled::new(run::builtin_with(&[]).expect("built-in dictionaries"));
    let report = ngec::run(&records, &dicts);
    let text = report.render(false);
    println!("{}", text.lines().skip_while(|l| l.starts_with("FAIL")).collect::<Vec<_>>().join("\n"));
    assert_eq!(report.unscored_methods.get("query_wiki"), Some(&49));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let (country, _) = report.accuracy(CheckKind::Country);
    let (agent, _) = report.accuracy(CheckKind::Code1);
    assert!(report.passed() >= NGEC_PASSED_FLOOR, "{} passed, below {NGEC_PASSED_FLOOR}", report.passed());
    assert!(country >= NGEC_COUNTRY_FLOOR, "{country} country checks passed, below {NGEC_COUNTRY_FLOOR}");
    assert!(agent >= NGEC_AGENT_FLOOR, "{agent} code_1 checks passed, below {NGEC_AGENT_FLOOR}");
}
