//! Runs the PETRARCH and TABARI validation suites from `../shared` (skipped with a
//! printed reason when absent) and fails if a pass count (records, and for the GSR
//! suite also expected codings found) drops below the level reached. Raise the floors
//! when the coder improves; never lower them.

mod common;

use detente::validate::{read_suite, run};

/// The dictionaries a suite is coded with: those it names (looked up in `extra_dirs` too),
/// or detente's built-in set.
enum Dicts<'a> {
    Named(&'a [&'a str]),
    Builtin,
}

fn check(relative: &str, dicts: Dicts, floor: usize) -> Option<run::Report> {
    let path = common::shared_data(&format!("event_coding/{relative}"))?;
    let suite = read_suite(&path).expect("suite reads");
    let label = match dicts {
        Dicts::Named(_) => relative.to_string(),
        Dicts::Builtin => format!("{relative} (built-in dictionaries)"),
    };
    let dicts = match dicts {
        Dicts::Named(extra_dirs) => {
            let dirs: Vec<std::path::PathBuf> =
                extra_dirs.iter().filter_map(|d| common::shared_data(&format!("event_coding/{d}"))).collect();
            let interaction = run::load_interaction(&suite, &dirs).expect("internal coding ontology loads");
            (run::load_dictionaries(&suite, &dirs).expect("dictionaries load"), interaction)
        }
        Dicts::Builtin => (run::builtin_with(&[]).expect("built-in dictionaries"), None),
    };
    let report = run::run_with(&suite, dicts.0, dicts.1);
    let (found, expected) = report.codings_found();
    println!("{label}: {} passed, {} failed; {found} of {expected} codings found", report.passed(), report.failed());
    assert!(report.passed() >= floor, "{label}: {} passed, below the floor of {floor}", report.passed());
    Some(report)
}

#[test]
fn petrarch_unit_tests() {
    check("petrarch/PETR.UnitTest.records.xml", Dicts::Named(&[]), 265);
}

#[test]
fn petrarch_ud_validation() {
    check("petrarch/ud_validate/PETR_Validate_records_2_02.xml", Dicts::Named(&[]), 222);
}

#[test]
fn tabari_validation() {
    check("tabari/Validate.project", Dicts::Named(&[]), 417);
}

#[test]
fn petrarch2_gold_standard_with_phoenix() {
    let Some(report) = check("petrarch/PETR2_GSR_validation.xml", Dicts::Named(&["phoenix_dictionaries"]), 60) else {
        return;
    };
    let (found, _) = report.codings_found();
    assert!(found >= 68, "GSR: {found} codings found, below the floor of 68");
}

/// Issue 3 asks for the real AFP sentences coded with the built-in dictionaries only
/// (report and raise); their expected codes are Phoenix's (IGOUNOMIL, SYROPPHRI, …).
#[test]
fn petrarch2_gold_standard_with_builtin_dictionaries() {
    let Some(report) = check("petrarch/PETR2_GSR_validation.xml", Dicts::Builtin, 16) else { return };
    let (found, _) = report.codings_found();
    assert!(found >= 17, "GSR, built-in: {found} codings found, below the floor of 17");
}
