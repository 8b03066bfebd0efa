//! Ontology tables: spot checks on the builtin tables, and a full comparison of
//! `data/ontology/cameo_events.tsv` with the reference files in `../shared/refs` (skipped, with
//! the reason printed, when they are absent).
//!
//! The event table is transcribed from the references by `transcribe()` below. To regenerate it
//! after a change of the references or of the transcription rules:
//!
//! ```text
//! DETENTE_WRITE_ONTOLOGY=1 cargo test --test ontology
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use detente::ontology::{quad_class_of_root, root, Ontology, OntologyError};

// ---------------------------------------------------------------------------------------------
// Spot checks on the builtin tables (no reference files needed).

#[test]
fn builtin_spot_checks() {
    let o = Ontology::builtin();

    let e = o.event("190").expect("190");
    assert_eq!(e.name, "Use conventional military force, not specified below");
    assert_eq!(e.goldstein, -10.0);
    assert_eq!(e.quad_class, 4);
    let p = e.plover.as_ref().expect("190 maps to PLOVER");
    assert_eq!((p.event.as_str(), p.mode.as_deref(), p.context.as_deref()), ("ASSAULT", None, Some("military")));

    let e = o.event("042").expect("042");
    assert_eq!(e.name, "Make a visit");
    assert_eq!(e.goldstein, 1.9);
    assert_eq!(e.quad_class, 1);
    let p = e.plover.as_ref().expect("042 maps to PLOVER");
    assert_eq!((p.event.as_str(), p.mode.as_deref(), p.context.as_deref()), ("CONSULT", Some("visit"), None));

    let e = o.event("036").expect("036");
    assert_eq!(e.name, "Express intent to meet or negotiate");
    let p = e.plover.as_ref().expect("036 maps to PLOVER");
    assert_eq!((p.event.as_str(), p.mode.as_deref(), p.context.as_deref()), ("AGREE", None, Some("diplomatic")));

    let e = o.event("057").expect("057");
    assert_eq!(e.name, "Sign formal agreement");
    assert_eq!(e.goldstein, 8.0);
    assert_eq!(e.quad_class, 1);
    assert_eq!(e.plover.as_ref().map(|p| p.event.as_str()), Some("SUPPORT"));

    // Several contexts, a mode with a hyphen, a root, a code PLOVER drops.
    let p = o.event("094").and_then(|e| e.plover.as_ref()).expect("094");
    assert_eq!(
        (p.event.as_str(), p.mode.as_deref(), p.context.as_deref()),
        ("ACCUSE", Some("investigate"), Some("military;legal"))
    );
    assert_eq!(o.event("194").and_then(|e| e.plover.as_ref()).and_then(|p| p.mode.as_deref()), Some("heavy-weapons"));
    let e = o.event("14").expect("root 14");
    assert_eq!((e.name.as_str(), e.quad_class), ("PROTEST", 3));
    assert_eq!(o.event("010").expect("010").plover, None);
    assert_eq!(o.event("01").expect("01").plover, None);

    // QuadClass follows the root everywhere.
    for e in o.events() {
        let r: u8 = root(&e.code).expect("CAMEO code").parse().unwrap();
        assert_eq!(e.quad_class, quad_class_of_root(r), "{}", e.code);
    }
    // Sorted by code, no duplicates.
    let codes: Vec<&str> = o.events().map(|e| e.code.as_str()).collect();
    assert!(codes.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(codes.len(), 311, "CAMEO 1.1b3 has 20 roots and 291 sub-codes in the GDELT tables");

    assert_eq!(o.actor_type("GOV").map(|a| a.kind.as_str()), Some("role"));
    assert_eq!(o.actor_type("NGO").map(|a| a.kind.as_str()), Some("organisation"));
    assert_eq!(o.actor_type("MOS").map(|a| (a.kind.as_str(), a.name.as_str())), Some(("religion", "Muslim")));
    assert!(o.actor_type("XYZ").is_none());
}

#[test]
fn builtin_resolve_walks_up() {
    let o = Ontology::builtin();
    assert_eq!(o.resolve("1724").map(|e| e.code.as_str()), Some("1724"));
    assert_eq!(o.resolve("1729").map(|e| e.code.as_str()), Some("172"));
    assert_eq!(o.resolve("179").map(|e| e.code.as_str()), Some("17"));
    assert_eq!(o.resolve("1799").map(|e| e.code.as_str()), Some("17"));
    assert!(o.resolve("21").is_none());
    assert!(o.resolve("abc").is_none());
    assert!(o.resolve("").is_none());
}

#[test]
fn from_dir_reads_the_data_directory() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/ontology");
    let o = Ontology::from_dir(&dir).expect("data/ontology loads");
    assert_eq!(o.events().count(), Ontology::builtin().events().count());
    match Ontology::from_dir(dir.join("no-such-dir")) {
        Err(OntologyError::Io { path, .. }) => {
            assert!(path.ends_with("cameo_events.tsv"), "{path}")
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

#[test]
fn malformed_row_names_file_and_line() {
    let events = "# comment\ncode\tname\tgoldstein\tquad_class\tplover_event\tplover_mode\tplover_context\n\
                  19\tFIGHT\t-10.0\t4\t\t\t\n190\tUse force\tlots\t4\tASSAULT\t\tmilitary\n";
    let actors = "code\tkind\tname\nGOV\trole\tGovernment\n";
    let err = Ontology::from_tsv(events, actors, "custom").unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("custom/cameo_events.tsv:4: "), "{text}");
    assert!(text.contains("lots"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Comparison with the reference files.

fn refs_dir() -> Option<PathBuf> {
    let root = match std::env::var_os("DETENTE_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    let refs = root.join("refs");
    let needed = ["cameo/CAMEO.eventcodes.txt", "cameo/CAMEO.goldsteinscale.txt", "CAMEO2PLOVER-2021.txt"];
    match needed.iter().find(|f| !refs.join(f).exists()) {
        None => Some(refs),
        Some(missing) => {
            eprintln!("skipping: {} is absent (set DETENTE_SHARED to the shared folder)", refs.join(missing).display());
            None
        }
    }
}

/// `code<TAB>value` lines after a header line.
fn two_columns(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let (code, value) = line.split_once('\t').unwrap_or_else(|| panic!("{}: `{line}`", path.display()));
        let old = out.insert(code.trim().to_string(), value.trim().to_string());
        assert!(old.is_none(), "{}: duplicate code {code}", path.display());
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
struct Plover {
    event: String,
    mode: String,
    context: String,
}

/// The CAMEO-to-PLOVER map: `CODE: EVENT[, MODE[, CONTEXT]] [# comment]`. Fields are trimmed;
/// several contexts (`crime; corruption`) are joined with `;` and no spaces. When a code is
/// listed twice the first entry is kept. Returns the map and notes on what was odd.
fn plover_map(path: &Path) -> (BTreeMap<String, Plover>, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut map: BTreeMap<String, Plover> = BTreeMap::new();
    let mut notes = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let Some((code, rest)) = line.split_once(':') else {
            notes.push(format!("line {}: not a mapping, ignored: `{}`", i + 1, raw.trim()));
            continue;
        };
        let code = code.trim();
        if root(code).is_none() {
            notes.push(format!("line {}: `{code}` is not a CAMEO code, ignored", i + 1));
            continue;
        }
        let mut parts = rest.split(',').map(str::trim);
        let event = parts.next().unwrap_or("").to_string();
        let mode = parts.next().unwrap_or("").to_string();
        let context = parts
            .next()
            .unwrap_or("")
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(";");
        assert!(parts.next().is_none(), "{}:{}: more than three fields", path.display(), i + 1);
        let entry = Plover { event, mode, context };
        if let Some(first) = map.get(code) {
            if *first == entry {
                notes.push(format!("line {}: {code} listed again with the same mapping", i + 1));
            } else {
                notes.push(format!(
                    "line {}: {code} listed again as {} (kept the first: {})",
                    i + 1,
                    entry.event,
                    first.event
                ));
            }
            continue;
        }
        map.insert(code.to_string(), entry);
    }
    (map, notes)
}

const EVENTS_HEADER: &str = "\
# CAMEO 1.1b3 event codes for detente: one row per code (2-digit roots, 3- and 4-digit sub-codes).
# Columns (tab-separated):
#   code            CAMEO code
#   name            CAMEO name of the code (as in GDELT's CAMEO lookup table)
#   goldstein       GDELT Goldstein weight of the code, -10 .. +10
#   quad_class      GDELT QuadClass from the root: 1 verbal cooperation (01-05), 2 material
#                   cooperation (06-09), 3 verbal conflict (10-14), 4 material conflict (15-20)
#   plover_event    PLOVER event type from the CAMEO-to-PLOVER map of 2021 (PLOVER draft 0.8);
#                   empty where the map has no entry for the code
#   plover_mode     PLOVER mode, if the map gives one
#   plover_context  PLOVER context(s), `;`-separated, if the map gives any
# Facts of the public CAMEO, GDELT and PLOVER standards, carried in this project's own format.
# Generated by tests/ontology.rs (DETENTE_WRITE_ONTOLOGY=1 cargo test --test ontology), which also
# checks that this file agrees with the references; see docs/ontology.md.
";

/// The event table text, from the reference files.
fn transcribe(refs: &Path) -> (String, Vec<String>) {
    let names = two_columns(&refs.join("cameo/CAMEO.eventcodes.txt"));
    let weights = two_columns(&refs.join("cameo/CAMEO.goldsteinscale.txt"));
    let (plover, mut notes) = plover_map(&refs.join("CAMEO2PLOVER-2021.txt"));
    for code in names.keys().filter(|c| !weights.contains_key(*c)) {
        notes.push(format!("{code} has a name but no Goldstein weight"));
    }
    for code in weights.keys().filter(|c| !names.contains_key(*c)) {
        notes.push(format!("{code} has a Goldstein weight but no name"));
    }
    for code in plover.keys().filter(|c| !names.contains_key(*c)) {
        notes.push(format!("{code} is in the PLOVER map but not in CAMEO 1.1b3: left out"));
    }
    let unmapped: Vec<&str> = names.keys().filter(|c| !plover.contains_key(*c)).map(String::as_str).collect();
    notes.push(format!("{} CAMEO codes have no PLOVER entry: {}", unmapped.len(), unmapped.join(" ")));

    let mut out = String::from(EVENTS_HEADER);
    out.push_str("code\tname\tgoldstein\tquad_class\tplover_event\tplover_mode\tplover_context\n");
    for (code, name) in &names {
        let Some(weight) = weights.get(code) else {
            continue;
        };
        let weight: f32 = weight.parse().unwrap_or_else(|_| panic!("{code}: weight `{weight}`"));
        let r: u8 = root(code).unwrap_or_else(|| panic!("`{code}` is not a CAMEO code")).parse().unwrap();
        let p = plover.get(code);
        writeln!(
            out,
            "{code}\t{name}\t{weight:.1}\t{}\t{}\t{}\t{}",
            quad_class_of_root(r),
            p.map_or("", |p| p.event.as_str()),
            p.map_or("", |p| p.mode.as_str()),
            p.map_or("", |p| p.context.as_str()),
        )
        .unwrap();
    }
    (out, notes)
}

#[test]
fn event_table_agrees_with_references() {
    let Some(refs) = refs_dir() else { return };
    let (expected, notes) = transcribe(&refs);
    eprintln!("notes on the references:");
    for note in &notes {
        eprintln!("  {note}");
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/ontology/cameo_events.tsv");
    if std::env::var_os("DETENTE_WRITE_ONTOLOGY").is_some() {
        std::fs::write(&path, &expected).unwrap();
        eprintln!("wrote {}", path.display());
    }
    let actual = std::fs::read_to_string(&path).unwrap();
    assert!(
        actual == expected,
        "{} differs from the transcription of the references; regenerate it with \
         DETENTE_WRITE_ONTOLOGY=1 cargo test --test ontology",
        path.display()
    );

    // Independent of the transcription: every reference code is present with its name and weight.
    let o = Ontology::builtin();
    let names = two_columns(&refs.join("cameo/CAMEO.eventcodes.txt"));
    let weights = two_columns(&refs.join("cameo/CAMEO.goldsteinscale.txt"));
    for (code, name) in &names {
        let e = o.event(code).unwrap_or_else(|| panic!("CAMEO code {code} is missing"));
        assert_eq!(&e.name, name, "{code}");
    }
    for (code, weight) in &weights {
        let e = o.event(code).unwrap_or_else(|| panic!("CAMEO code {code} is missing"));
        assert_eq!(e.goldstein, weight.parse::<f32>().unwrap(), "{code}");
    }
    assert_eq!(o.events().count(), names.len());
}
