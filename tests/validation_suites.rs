//! Runs the PETRARCH and TABARI validation suites from `../shared` (skipped with a
//! printed reason when absent) and fails if a pass count (records, and for the GSR
//! suite also expected codings found) drops below the level reached. Raise the floors
//! when the coder improves; never lower them.

mod common;

use detente::validate::{read_suite, run};

fn check(relative: &str, extra_dirs: &[&str], floor: usize) -> Option<run::Report> {
    let path = common::shared_data(&format!("event_coding/{relative}"))?;
    let dirs: Vec<std::path::PathBuf> =
        extra_dirs.iter().filter_map(|d| common::shared_data(&format!("event_coding/{d}"))).collect();
    let suite = read_suite(&path).expect("suite reads");
    let dicts = run::load_dictionaries(&suite, &dirs).expect("dictionaries load");
    let report = run::run(&suite, dicts);
    let (found, expected) = report.codings_found();
    println!("{relative}: {} passed, {} failed; {found} of {expected} codings found", report.passed(), report.failed());
    assert!(report.passed() >= floor, "{relative}: {} passed, below the floor of {floor}", report.passed());
    Some(report)
}

#[test]
fn petrarch_unit_tests() {
    check("petrarch/PETR.UnitTest.records.xml", &[], 236);
}

#[test]
fn petrarch_ud_validation() {
    check("petrarch/ud_validate/PETR_Validate_records_2_02.xml", &[], 198);
}

#[test]
fn tabari_validation() {
    check("tabari/Validate.project", &[], 357);
}

#[test]
fn petrarch2_gold_standard_with_phoenix() {
    let Some(report) = check("petrarch/PETR2_GSR_validation.xml", &["phoenix_dictionaries"], 39) else { return };
    let (found, _) = report.codings_found();
    assert!(found >= 43, "GSR: {found} codings found, below the floor of 43");
}
