use super::*;

const HEADER: &str = "code\tname\tgoldstein\tquad_class\tplover_event\tplover_mode\tplover_context\n";
const ACTORS: &str = "# actor types\ncode\tkind\tname\nGOV\trole\tGovernment\nMOS\treligion\tMuslim\n";

fn events(rows: &str) -> String {
    format!("# a test table\n\n{HEADER}{rows}")
}

fn parse_err(events_text: &str, actors: &str) -> String {
    match Ontology::from_tsv(events_text, actors, "t") {
        Ok(_) => panic!("expected an error for:\n{events_text}\n{actors}"),
        Err(err) => err.to_string(),
    }
}

const SMALL: &str = "17\tCOERCE\t-7.0\t4\tCOERCE\t\t\n\
                     172\tImpose administrative sanctions\t-5.0\t4\tCOERCE\trestrict\texecutive\n\
                     1724\tImpose state of emergency\t-5.0\t4\tCOERCE\tmartial-law\tpro_autocracy\n\
                     04\tCONSULT\t1.0\t1\tCONSULT\t\t\n\
                     042\tMake a visit\t1.9\t1\tCONSULT\tvisit\n\
                     091\tInvestigate crime\t-2.0\t2\tACCUSE\tinvestigate\tcrime;corruption\n\
                     09\tINVESTIGATE\t-2.0\t2\n";

#[test]
fn parses_rows_and_sorts_by_code() {
    let o = Ontology::from_tsv(&events(SMALL), ACTORS, "t").unwrap();
    let codes: Vec<&str> = o.events().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["04", "042", "09", "091", "17", "172", "1724"]);
    let e = o.event("042").unwrap();
    assert_eq!(e.goldstein, 1.9);
    assert_eq!(e.quad_class, 1);
    assert_eq!(e.plover, Some(PloverType { event: "CONSULT".into(), mode: Some("visit".into()), context: None }));
    assert_eq!(o.event("09").unwrap().plover, None);
    assert_eq!(o.event("091").unwrap().plover.as_ref().unwrap().context.as_deref(), Some("crime;corruption"));
    assert_eq!(o.actor_type("MOS").unwrap().kind, "religion");
    assert!(o.actor_type("gov").is_none());
}

#[test]
fn tolerates_crlf_bom_and_trailing_blanks() {
    let text = format!("\u{feff}{}", events(SMALL).replace('\n', "\r\n"));
    let o = Ontology::from_tsv(&text, ACTORS, "t").unwrap();
    assert_eq!(o.event("1724").unwrap().name, "Impose state of emergency");
}

#[test]
fn resolve_walks_up_to_parents() {
    let o = Ontology::from_tsv(&events(SMALL), ACTORS, "t").unwrap();
    assert_eq!(o.resolve("1724").unwrap().code, "1724");
    assert_eq!(o.resolve("1721").unwrap().code, "172");
    assert_eq!(o.resolve("173").unwrap().code, "17");
    assert_eq!(o.resolve("1739").unwrap().code, "17");
    assert!(o.resolve("18").is_none());
    assert!(o.resolve("1821").is_none());
    assert!(o.resolve("17a").is_none());
    assert!(o.resolve("17245").is_none());
}

#[test]
fn root_of_codes() {
    assert_eq!(root("0871"), Some("08"));
    assert_eq!(root("190"), Some("19"));
    assert_eq!(root("20"), Some("20"));
    assert_eq!(root("01"), Some("01"));
    for bad in ["", "1", "00", "21", "99", "0a1", "08711", "+01", " 01", "٠١"] {
        assert_eq!(root(bad), None, "{bad:?}");
    }
}

#[test]
fn quad_class_by_root() {
    let expected = [(1, 1), (5, 1), (6, 2), (9, 2), (10, 3), (14, 3), (15, 4), (20, 4), (0, 0), (21, 0)];
    for (r, q) in expected {
        assert_eq!(quad_class_of_root(r), q, "root {r}");
    }
}

#[test]
fn errors_name_file_line_and_problem() {
    // Line numbers count the comment and blank lines before the header (3 lines), so the first
    // data row is line 4.
    let cases: [(&str, &str); 13] = [
        ("17\tCOERCE\tlots\t4\n", "t/cameo_events.tsv:4: Goldstein weight `lots` is not a number"),
        ("17\tCOERCE\t-11\t4\n", "t/cameo_events.tsv:4: Goldstein weight -11 is outside -10..10"),
        ("17\tCOERCE\tNaN\t4\n", "outside -10..10"),
        ("17\tCOERCE\t-7.0\t3\n", "QuadClass 3 for code 17, but root 17 is QuadClass 4"),
        ("17\tCOERCE\t-7.0\tx\n", "QuadClass `x` is not 1 to 4"),
        ("17\tCOERCE\n", "2 tab-separated fields, expected at least 4"),
        ("17\tCOERCE\t-7.0\t4\tCOERCE\t\t\textra\n", "8 tab-separated fields, expected at most 7"),
        ("1a\tCOERCE\t-7.0\t4\n", "`1a` is not a CAMEO event code"),
        ("17\t\t-7.0\t4\n", "code 17 has an empty name"),
        ("17\tCOERCE\t-7.0\t4\tcoerce\n", "PLOVER event `coerce` is not an upper-case name"),
        ("17\tCOERCE\t-7.0\t4\t\tseize\n", "PLOVER mode or context without a PLOVER event"),
        ("17\tCOERCE\t-7.0\t4\tCOERCE\tseize, burn\n", "PLOVER mode `seize, burn` is not a single name"),
        ("17\tCOERCE\t-7.0\t4\tCOERCE\t\tlegal; ;x\n", "is not a `;`-separated list of names"),
    ];
    for (rows, expected) in cases {
        let err = parse_err(&events(rows), ACTORS);
        assert!(err.contains(expected), "{rows:?}: got `{err}`, expected `{expected}`");
        assert!(err.starts_with("t/cameo_events.tsv:4: "), "{rows:?}: `{err}`");
    }
}

#[test]
fn duplicate_and_orphan_codes_are_errors() {
    let err = parse_err(&events("17\tCOERCE\t-7.0\t4\n17\tCOERCE\t-7.0\t4\n"), ACTORS);
    assert_eq!(err, "t/cameo_events.tsv:5: duplicate code 17 (first on line 4)");
    let err = parse_err(&events("17\tCOERCE\t-7.0\t4\n1724\tImpose\t-5.0\t4\n"), ACTORS);
    assert_eq!(err, "t/cameo_events.tsv:5: code 1724 has no parent code 172 in the table");
}

#[test]
fn header_and_empty_tables_are_errors() {
    let err = parse_err("code\tname\n17\tCOERCE\t-7.0\t4\n", ACTORS);
    assert!(err.starts_with("t/cameo_events.tsv:1: expected the header"), "{err}");
    assert_eq!(parse_err("# nothing\n", ACTORS), "t/cameo_events.tsv: no header line");
    assert_eq!(parse_err(HEADER, ACTORS), "t/cameo_events.tsv: no data rows");
    assert_eq!(parse_err("", ACTORS), "t/cameo_events.tsv: no header line");
}

#[test]
fn actor_type_errors() {
    let ev = events(SMALL);
    let cases = [
        (
            "code\tkind\tname\nGOVT\trole\tGovernment\n",
            "t/actor_types.tsv:2: `GOVT` is not a three-letter actor type code",
        ),
        (
            "code\tkind\tname\nGOV\tsector\tGovernment\n",
            "t/actor_types.tsv:2: kind `sector` is not one of role, organisation, religion, ethnicity",
        ),
        ("code\tkind\tname\nGOV\trole\n", "t/actor_types.tsv:2: 2 tab-separated fields, expected 3"),
        ("code\tkind\tname\nGOV\trole\t \n", "t/actor_types.tsv:2: code GOV has an empty name"),
        ("code\tkind\tname\nGOV\trole\tA\nGOV\trole\tB\n", "t/actor_types.tsv:3: duplicate code GOV (first on line 2)"),
        ("code\tname\tkind\nGOV\tGovernment\trole\n", "t/actor_types.tsv:1: expected the header"),
    ];
    for (actors, expected) in cases {
        let err = parse_err(&ev, actors);
        assert!(err.starts_with(expected), "got `{err}`, expected `{expected}`");
    }
}

#[test]
fn garbage_never_panics() {
    let samples = [
        "\t\t\t\t\t\t\t\t",
        "code\tname\tgoldstein\tquad_class\tplover_event\tplover_mode\tplover_context\n\t\n",
        "code\tname\tgoldstein\tquad_class\tplover_event\tplover_mode\tplover_context\n\u{0}\u{1}\t\u{fffd}\t1e40\t255\n",
        "code\tname\tgoldstein\tquad_class\tplover_event\tplover_mode\tplover_context\n17\tX\t-7\t4\n171\tY\t-inf\t4\n",
        "code\tname\tgoldstein\tquad_class\tplover_event\tplover_mode\tplover_context\n٠١\tX\t1\t1\n",
    ];
    for s in samples {
        assert!(Ontology::from_tsv(s, ACTORS, "t").is_err(), "{s:?}");
        assert!(Ontology::from_tsv(&events(SMALL), s, "t").is_err(), "{s:?}");
    }
}
