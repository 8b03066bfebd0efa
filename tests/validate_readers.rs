//! The validation-suite readers against the shipped third-party suites (read in place
//! from the shared data folder; skipped when it is absent) and against small inline
//! snippets, including malformed ones.

mod common;

use std::path::{Path, PathBuf};

use detente::validate::{
    read_petrarch_xml, read_suite, read_tabari_project, read_tabari_text, record_passes, Suite, Triple, ValidateError,
};

fn t(s: &str, g: &str, c: &str) -> Triple {
    Triple::new(s, g, c)
}

fn triples(s: &Suite) -> usize {
    s.records.iter().map(|r| r.expected.len()).sum()
}

/// Nothing from a `<Parse>` block (Treebank brackets or CoNLL-U columns) in any text.
fn assert_no_parse_leak(s: &Suite) {
    for r in &s.records {
        assert!(
            !r.text.contains("(ROOT") && !r.text.contains("(NP") && !r.text.contains("(S "),
            "{}: {}",
            r.id,
            r.text
        );
        assert!(
            !r.text.contains("\t_\t") && !r.text.contains("nsubj") && !r.text.contains("Parse>"),
            "{}: {}",
            r.id,
            r.text
        );
        assert_eq!(r.text, r.text.trim());
        assert_eq!(r.date.len(), 8, "{}", r.id);
    }
}

#[test]
fn petrarch_unit_test_records() {
    let Some(dir) = common::shared_data("event_coding") else {
        return;
    };
    let s = read_suite(&dir.join("petrarch/PETR.UnitTest.records.xml")).unwrap();
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.records.len(), 284);
    assert_eq!(s.records.iter().filter(|r| r.sentence).count(), 279);
    assert_eq!(s.coding_count(), 385);
    assert_eq!(triples(&s), 359);
    assert_eq!(s.records.iter().filter(|r| r.expects_no_event).count(), 19);
    assert_eq!(s.records.iter().filter(|r| r.expected_error.is_some()).count(), 7);
    assert_eq!(s.stop, None);
    // <Include> has `valid`: sentence="false" records and categories AGENTS/COMPOUNDx drop out.
    assert!(s.environment.valid_only());
    assert_eq!(s.evaluated().count(), 278);
    assert_eq!(s.environment.verb_files, ["PETR.Validate.verbs.txt"]);
    assert!(s.environment.options.contains(&("stop_on_error".into(), "True".into())));
    assert_no_parse_leak(&s);

    let first = &s.records[0];
    assert_eq!((first.id.as_str(), first.date.as_str(), first.category.as_str()), ("DEMO-00", "19950101", "DEMO"));
    assert_eq!(first.expected, [t("ARN", "GON", "064")]);
    assert!(first.text.starts_with("Arnor is about to restore") && first.text.ends_with("trashed its embassy."));
    assert_eq!(first.line, 61);

    let demo04 = s.records.iter().find(|r| r.id == "DEMO-04").unwrap();
    assert!(!demo04.sentence);
    // <Config> between records is attached to the next record.
    let demo22 = s.records.iter().find(|r| r.id == "DEMO-22").unwrap();
    assert_eq!(demo22.options, [("new_actor_length".to_string(), "4".to_string())]);
    assert!(demo22.expected.contains(&t("\"INJURY TOLL\"", "OSG", "223")));
    let err = s.records.iter().find(|r| r.id == "ERROR-01").unwrap();
    assert_eq!(err.expected_error.as_deref(), Some("dateline"));
    assert_eq!(err.date, "20080801");
    let last = s.records.last().unwrap();
    assert_eq!(last.id, "FINAL-RECORD");
    assert!(last.expects_no_event && last.expected.is_empty() && last.passes(&[]));
}

#[test]
fn ud_petrarch_validate_records() {
    let Some(dir) = common::shared_data("event_coding") else {
        return;
    };
    let s = read_suite(&dir.join("petrarch/ud_validate/PETR_Validate_records_2_02.xml")).unwrap();
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    // 275 `<Sentence` strings, one of them inside the header comment.
    assert_eq!(s.records.len(), 274);
    assert_eq!(s.coding_count(), 349);
    assert_eq!(triples(&s), 322);
    assert_eq!(s.records.iter().filter(|r| !r.evaluate).count(), 10);
    assert_eq!(s.environment.pico_files, ["PETR_Validate_Internal_Coding_Ontology_1_01.txt"]);
    assert!(!s.environment.valid_only());
    assert_no_parse_leak(&s);
    assert_eq!(s.records[0].expected, [t("ARN", "GON", "050")]);
}

#[test]
fn petrarch2_gsr_self_closing_sentences() {
    let Some(dir) = common::shared_data("event_coding") else {
        return;
    };
    let s = read_suite(&dir.join("petrarch/PETR2_GSR_validation.xml")).unwrap();
    // One record's <Text> is empty: its sentence exists only in the parse.
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(s.warnings[0].ends_with("PETR2_GSR_validation.xml:1670: record abc12_3 has an empty <Text> (its sentence exists only in <Parse>, which is not read)"));
    assert_eq!(s.records.iter().filter(|r| r.text.is_empty()).count(), 1);
    assert_eq!(s.records.len(), 78);
    // 93 `<EventCoding` strings, one of them in the free-text header.
    assert_eq!(s.coding_count(), 92);
    assert_eq!(triples(&s), 80);
    assert_eq!(s.environment.actor_files.len(), 3);
    assert_no_parse_leak(&s);
    let r = &s.records[1];
    assert_eq!(r.id, "AFP0808020675_1");
    assert_eq!(r.expected, [t("BRA", "USA", "031"), t("USA", "BRA", "031")]);
    assert!(r.text.starts_with("Brazil and the United States") && r.text.ends_with("here\nWednesday."));
}

#[test]
fn gigaword_sample_has_no_codings() {
    let Some(dir) = common::shared_data("event_coding") else {
        return;
    };
    let s = read_suite(&dir.join("petrarch/GigaWord.sample.PETR.xml")).unwrap();
    assert_eq!(s.records.len(), 76);
    assert_eq!(s.coding_count(), 0);
    let empty = s.records.iter().filter(|r| r.text.is_empty()).count();
    assert_eq!(s.warnings.len(), empty, "{:?}", s.warnings);
    eprintln!("GigaWord sample: {empty} records with an empty <Text>");
    assert_no_parse_leak(&s);
}

#[test]
fn tabari_validation_suite() {
    let Some(dir) = common::shared_data("event_coding") else {
        return;
    };
    let s = read_tabari_project(&dir.join("tabari/Validate.project")).unwrap();
    assert_eq!(s.environment.text_files, ["Validate.text"]);
    assert_eq!(s.environment.actor_files, ["TABARI.Demo.actors"]);
    assert_eq!(s.environment.options_files, ["Validate.options"]);
    assert_eq!(s.records.len(), 481);
    assert_eq!(triples(&s), 524);
    assert_eq!(s.records.iter().filter(|r| r.expects_no_event).count(), 17);
    assert_eq!(s.records.iter().filter(|r| r.expected_error.as_deref() == Some("discard")).count(), 7);
    assert_eq!(s.records.iter().filter(|r| r.partial).count(), 7);
    let stop = s.stop.unwrap();
    assert_eq!(s.records[stop].id, "FINAL-01");
    assert_eq!(s.evaluated().count(), stop);
    assert_eq!(s.warnings.len(), 7, "{:#?}", s.warnings);
    assert_no_parse_leak(&s);

    let by_id = |id: &str| s.records.iter().find(|r| r.id == id).unwrap();
    let demo4 = by_id("DEMO-04");
    assert_eq!(demo4.date, "19950103");
    assert_eq!(demo4.expected, [t("DAG", "GON", "032"), t("GON", "DAG", "033")]);
    assert!(demo4.text.ends_with("news agency reported."));
    assert!(!demo4.text.contains("/*") && !demo4.text.contains('{'));
    let time = by_id("TIME-Modify");
    assert_eq!(time.options, [("SET".to_string(), "TIME SHIFT = FALSE".to_string())]);
    assert!(time.is_command_only());
    let demo5 = by_id("DEMO-05");
    assert!(demo5.partial && demo5.expected.is_empty());
    assert_eq!(by_id("DEMO-13").text, "Arnor on Thursday signed an 800 million ducat trade protocol\nfor 1990 with Dagolath, its biggest trading partner, officials said.");
    // YYYY mode switched on by an OPTION record: 8-digit dates follow.
    assert_eq!(by_id("YYYY-02").date, "19140724");
    assert_eq!(by_id("ACTORSYN-01").date, "19950120");
    // The same records through read_tabari_text.
    let text = std::fs::read_to_string(dir.join("tabari/Validate.text")).unwrap();
    let recs = read_tabari_text(&text, &dir.join("tabari/Validate.text")).unwrap();
    assert_eq!(recs.len(), 481);
    // Detection by extension/content.
    assert_eq!(read_suite(&dir.join("tabari/Validate.project")).unwrap().records.len(), 481);
    assert_eq!(read_suite(&dir.join("tabari/Validate.text")).unwrap().stop, Some(stop));
}

// ---------- inline snippets ----------

fn xml(s: &str) -> Result<Suite, ValidateError> {
    read_petrarch_xml(s, Path::new("snippet.xml"))
}

const GOOD: &str = r#"<Validation>
<Environment>
    <Verbfile>v.txt</Verbfile>
    <Actorfile>a1.txt, a2.txt</Actorfile>
    <Include>valid DEMO</Include>
    <Config option="require_dyad" value="True"></Config>
</Environment>
<Sentences>
<!-- <Sentence date="19950101" id="COMMENTED" category="DEMO"> -->
<Config option="new_actor_length" value="4"></Config>
<Sentence date = "19950101" id ="D-1"  category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode='"A B"' eventcode="064"></EventCoding>
<Text>
  Arnor &amp; Gondor
  met.
</Text>
<Parse>
(ROOT (S (NP (NNP Leak))))
</Parse>
</Sentence>
<Sentence date="950102" id="D-2" category="OTHER" sentence="false" evaluate="false">
<EventCoding noevents = "True"/>
<Text>No events.</Text>
</Sentence>
<Stop></Stop>
<Sentence date="19950103" id="D-3" category="DEMO"/>
<EventCoding error="storydiscard" />
<Text>After the stop.</Text>
<Parse>1	After	after	ADP	IN	_	2	case	_	_</Parse></Sentence>
</Sentences>
</Validation>
"#;

#[test]
fn petrarch_snippet() {
    let s = xml(GOOD).unwrap();
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.environment.actor_files, ["a1.txt", "a2.txt"]);
    assert_eq!(s.environment.options, [("require_dyad".to_string(), "True".to_string())]);
    assert_eq!(s.records.len(), 3);
    let r = &s.records[0];
    assert_eq!((r.id.as_str(), r.line), ("D-1", 11));
    assert_eq!(r.text, "Arnor & Gondor\n  met.");
    assert_eq!(r.expected, [t("ARN", "\"A B\"", "064")]);
    assert_eq!(r.options, [("new_actor_length".to_string(), "4".to_string())]);
    let r2 = &s.records[1];
    assert_eq!(r2.date, "19950102");
    assert!(r2.expects_no_event && !r2.sentence && !r2.evaluate);
    let r3 = &s.records[2];
    assert_eq!(r3.expected_error.as_deref(), Some("storydiscard"));
    assert_eq!(r3.text, "After the stop.");
    assert_eq!(s.stop, Some(2));
    assert_eq!(s.evaluated().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["D-1"]);
}

#[test]
fn petrarch_truncated_file_is_an_error_with_line() {
    let cut = &GOOD[..GOOD.find("met.").unwrap()];
    let e = xml(cut).unwrap_err();
    assert!(matches!(e, ValidateError::Xml { line: 13, .. }), "{e}");
    assert!(e.to_string().starts_with("snippet.xml:13: <Text> is never closed"), "{e}");

    let e = xml("<Validation>\n<Sentences>\n<Sentence date=\"19950101\" id=\"X").unwrap_err();
    assert!(e.to_string().starts_with("snippet.xml:3:"), "{e}");
    let e = xml("<Validation>\n<!-- never closed\n").unwrap_err();
    assert!(e.to_string().contains(":2: unterminated comment"), "{e}");
    let e = xml("<Validation>\n<Sentences>\n</Sentences>\n").unwrap_err();
    assert!(e.to_string().contains("<Validation> opened at line 1 is never closed"), "{e}");
}

#[test]
fn petrarch_malformed_records_are_skipped_with_warnings() {
    let s = xml(r#"<Sentences>
<Sentence date="19950101" id="NO-TEXT" category="X">
<EventCoding sourcecode="A" targetcode="B" eventcode="010"/>
</Sentence>
<Sentence date="19951341" id="BAD-DATE"><Text>t</Text></Sentence>
<Sentence id="NO-DATE"><Text>t</Text></Sentence>
<Sentence date="19950101" id="HALF"><EventCoding sourcecode="A"/><Text>t</Text></Sentence>
<Sentence date="19950101" id="WEIRD" sentence="maybe"><Text>t</Text></Sentence>
<Sentence date="19950101" id="OK"><Text>fine</Text></Sentence>
</Sentences>"#)
    .unwrap();
    assert_eq!(s.records.len(), 1);
    assert_eq!(s.records[0].id, "OK");
    assert_eq!(s.warnings.len(), 5, "{:#?}", s.warnings);
    assert!(s.warnings[0].starts_with("snippet.xml:2: record NO-TEXT has no <Text>"), "{}", s.warnings[0]);
    assert!(s.warnings[1].starts_with("snippet.xml:5: record BAD-DATE: bad date"), "{}", s.warnings[1]);
    assert!(s.warnings[3].starts_with("snippet.xml:7: record HALF"), "{}", s.warnings[3]);
}

#[test]
fn binary_junk_is_rejected() {
    let e = xml("<Validation>\n\u{0}\u{1}\u{2}</Validation>").unwrap_err();
    assert!(matches!(e, ValidateError::Format { line: 2, .. }), "{e}");
    let e = read_tabari_text("950101 X\n\u{7}\u{0}junk\n", Path::new("j.text")).unwrap_err();
    assert!(e.to_string().starts_with("j.text:2: binary data"), "{e}");

    let dir = std::env::temp_dir().join(format!("detente-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("junk.xml");
    std::fs::write(&f, [0x3c, 0x53, 0xff, 0xfe, 0x00, 0x9c]).unwrap();
    let e = read_suite(&f).unwrap_err();
    assert!(e.to_string().contains("invalid UTF-8"), "{e}");
    let e = read_suite(&dir.join("missing.project")).unwrap_err();
    assert!(matches!(e, ValidateError::Io { .. }), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

const TABARI: &str = r"# comment block
ignored because it does not start with a digit

950101  TIME-Modify
Command record.
/*\n{ OPTION: SET: TIME SHIFT = FALSE } */

950103  DEMO-04
Dagolath's minister left for Minas Tirith./*
\n[Paired events]
\n{ DAG / GON / 032 } 950103
\n{ GON / DAG / 033 } */

000105 NONE-01
Nothing happens here.
/*\n{---} */

950106 MIX-01
Partly listed.
/*\n{ A / B / 010 }
\n-{ C / D / 020 } */

950107 SPECIAL-01
Discarded story.
/* \n{###} \n{+++} \n{ only two / parts } */

9513 BADDATE
text /* { A / B / 010 } */

950108  FINAL-01
End of the standard validation records.

950109 AFTER-01
Never evaluated. /* { A / B / 010 } */
";

#[test]
fn tabari_snippet() {
    let path = PathBuf::from("snippet.text");
    let s = read_suite(&path).err(); // the file does not exist: an Io error, not a panic
    assert!(matches!(s, Some(ValidateError::Io { .. })));
    let recs = read_tabari_text(TABARI, &path).unwrap();
    let ids: Vec<&str> = recs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["TIME-Modify", "DEMO-04", "NONE-01", "MIX-01", "SPECIAL-01", "FINAL-01", "AFTER-01"]);
    assert!(recs[0].is_command_only());
    assert_eq!(recs[1].line, 8);
    assert_eq!(recs[1].text, "Dagolath's minister left for Minas Tirith.");
    assert_eq!(recs[1].expected, [t("DAG", "GON", "032"), t("GON", "DAG", "033")]);
    assert!(recs[1].passes(&[t("GON", "DAG", "033"), t("DAG", "GON", "032")]));
    assert!(!recs[1].passes(&[t("DAG", "GON", "032")]));
    assert_eq!(recs[2].date, "20000105");
    assert!(recs[2].expects_no_event && recs[2].passes(&[]) && !recs[2].passes(&[t("A", "B", "010")]));
    assert!(recs[3].partial);
    assert_eq!(recs[3].expected, [t("A", "B", "010")]);
    assert!(recs[3].passes(&[t("A", "B", "010"), t("X", "Y", "999")]));
    assert!(!recs[3].passes(&[t("X", "Y", "999")]));
    assert_eq!(recs[4].expected_error.as_deref(), Some("complex"));
    assert!(recs[4].expected.is_empty());
}

#[test]
fn tabari_suite_warnings_and_stop() {
    let dir = std::env::temp_dir().join(format!("detente-tabari-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("v.text"), TABARI).unwrap();
    std::fs::write(
        dir.join("v.project"),
        "Title line\n<actorsfile> a.actors\n<textfile>\tv.text\n<session 1> <coder x>\n",
    )
    .unwrap();
    let s = read_suite(&dir.join("v.project")).unwrap();
    assert_eq!(s.environment.actor_files, ["a.actors"]);
    assert_eq!(s.records.len(), 7);
    assert_eq!(s.records[s.stop.unwrap()].id, "FINAL-01");
    assert_eq!(s.evaluated().count(), 5);
    assert_eq!(s.warnings.len(), 2, "{:#?}", s.warnings);
    assert!(
        s.warnings[0]
            .ends_with("v.text:25: record SPECIAL-01: unrecognised validation field {only two / parts}; ignored"),
        "{}",
        s.warnings[0]
    );
    assert!(s.warnings[1].contains("v.text:27: record BADDATE: bad date"), "{}", s.warnings[1]);
    std::fs::write(dir.join("empty.project"), "no text files here\n").unwrap();
    assert!(matches!(read_tabari_project(&dir.join("empty.project")), Err(ValidateError::Format { .. })));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn record_passes_is_set_equality() {
    let a = t("ARN", "GON", "064");
    let b = t("GON", "ARN", "064");
    assert!(record_passes(&[a.clone(), b.clone()], &[b.clone(), a.clone()]));
    assert!(record_passes(std::slice::from_ref(&a), &[a.clone(), a.clone()]));
    assert!(!record_passes(&[a.clone(), b], &[a]));
}
