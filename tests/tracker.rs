//! The ceasefire and negotiation tracker: lifecycles over events built here (mediated
//! proposals, conditions, acceptances, violations, collapse; what must not count), and the
//! demo corpus end to end (ingest into a temporary database, `detente tracker`).

mod common;

use std::path::PathBuf;

use detente::store::EventRow;
use detente::tracker::{tracks, Kind, Role, Status, Topic, Track};

/// An event as the store returns it: `actors` are its source and target, `verb` is the
/// evidence verb's text.
fn event(
    id: i64,
    date: &str,
    (source, target): (&str, &str),
    code: &str,
    modality: &str,
    verb: &str,
    sentence: &str,
) -> EventRow {
    EventRow {
        id,
        article_id: id * 10,
        sentence: 0,
        date: date.to_string(),
        source: source.to_string(),
        target: target.to_string(),
        source_name: None,
        target_name: None,
        code: code.to_string(),
        root: code.get(..2).map(str::to_string),
        name: None,
        quad_class: None,
        goldstein: None,
        plover_event: None,
        plover_mode: None,
        plover_context: None,
        modality: modality.to_string(),
        act: None,
        mentions: 1,
        evidence: serde_json::json!({"verb": {"start": 0, "end": verb.len(), "text": verb}}),
        sentence_text: sentence.to_string(),
        rule: String::new(),
        dict_version: String::new(),
        article_source: format!("article{id}"),
        url: Some(format!("https://example.org/{id}")),
        title: None,
        ingested_at: String::new(),
        duplicate_of: None,
    }
}

fn find<'a>(tracks: &'a [Track], id: &str) -> &'a Track {
    tracks
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no track {id}; found {:?}", tracks.iter().map(|t| &t.id).collect::<Vec<_>>()))
}

/// The story of the brief: a US proposal, Ukraine accepts, Russia sets conditions, talks,
/// Russia accepts, the truce takes effect, shelling, an accusation, collapse.
fn mediated_story() -> Vec<EventRow> {
    vec![
        event(1, "2025-09-01", ("RUSMIL", "UKR"), "190", "asserted", "struck", "Russian drones struck Kyiv overnight."),
        event(
            2,
            "2025-09-02",
            ("USA", "UKR"),
            "0356",
            "asserted",
            "proposed",
            "The United States proposed a 30-day ceasefire.",
        ),
        event(
            3,
            "2025-09-02",
            ("USA", "RUS"),
            "0356",
            "asserted",
            "proposed",
            "The United States proposed a 30-day ceasefire.",
        ),
        event(
            4,
            "2025-09-04",
            ("UKR", "USA"),
            "0871",
            "asserted",
            "accepted",
            "Ukraine accepted the U.S. ceasefire proposal.",
        ),
        event(
            5,
            "2025-09-05",
            ("RUSGOV", "UKR"),
            "0871",
            "expected",
            "accept",
            "Moscow will accept the truce soon, a source said.",
        ),
        event(
            6,
            "2025-09-08",
            ("RUSGOV", "UKR"),
            "0871",
            "hypothetical",
            "accept",
            "The Kremlin said Russia would accept a ceasefire only if arms deliveries stopped.",
        ),
        event(
            7,
            "2025-09-11",
            ("USAGOV", "RUSGOV"),
            "046",
            "asserted",
            "met",
            "Witkoff met Putin for talks on the ceasefire plan.",
        ),
        event(8, "2025-09-12", ("RUSMIL", "UKR"), "190", "asserted", "shelled", "Russian forces shelled Kharkiv."),
        event(
            9,
            "2025-09-19",
            ("RUS", "UKR"),
            "0871",
            "asserted",
            "agreed",
            "Russia agreed to a 30-day ceasefire with Ukraine.",
        ),
        event(
            10,
            "2025-09-22",
            ("RUSGOV", "---MIL"),
            "0871",
            "asserted",
            "observing",
            "Russia said its forces were observing the truce.",
        ),
        event(
            11,
            "2025-09-27",
            ("RUSMIL", "UKR"),
            "194",
            "asserted",
            "fired",
            "Russian forces fired 40 shells near Kupiansk.",
        ),
        event(
            12,
            "2025-09-27",
            ("UKR", "RUS"),
            "1123",
            "asserted",
            "accused",
            "Ukraine accused Russia of violating the ceasefire.",
        ),
        event(
            13,
            "2025-10-22",
            ("RUS", "UKR"),
            "190",
            "asserted",
            "attack",
            "Russia launched an attack hours after the ceasefire expired.",
        ),
        event(14, "2025-10-23", ("RUSMIL", "UKR"), "190", "asserted", "struck", "Russian missiles struck Lviv."),
    ]
}

#[test]
fn mediated_ceasefire_lifecycle() {
    let all = tracks(&mediated_story());
    let t = find(&all, "RUS-UKR/ceasefire");
    assert_eq!(t.topic, Topic::Ceasefire);
    assert_eq!([t.dyad[0].code.as_str(), t.dyad[1].code.as_str()], ["RUS", "UKR"]);
    assert!(t.between("ukr", "RUS") && !t.between("USA", "UKR"));
    assert_eq!(t.mediators.iter().map(|m| m.code.as_str()).collect::<Vec<_>>(), ["USA"]);
    // No USA track: the mediator's events belong to the Russia–Ukraine one.
    assert!(all.iter().all(|t| !t.id.contains("USA")), "{:?}", all.iter().map(|t| &t.id).collect::<Vec<_>>());

    let steps: Vec<(&str, Kind, &str, Status)> =
        t.steps.iter().map(|s| (s.date.as_str(), s.kind, s.source.as_str(), s.status)).collect();
    assert_eq!(
        steps,
        [
            ("2025-09-02", Kind::Proposal, "USA", Status::Proposed),
            ("2025-09-02", Kind::Proposal, "USA", Status::Proposed),
            ("2025-09-04", Kind::Acceptance, "UKR", Status::AcceptedByOneSide),
            // Expected: shown, not counted.
            ("2025-09-05", Kind::Acceptance, "RUSGOV", Status::AcceptedByOneSide),
            ("2025-09-08", Kind::Conditions, "RUSGOV", Status::AcceptedByOneSide),
            ("2025-09-11", Kind::Talks, "USAGOV", Status::AcceptedByOneSide),
            // Shelling before both sides accepted is no violation and no step.
            ("2025-09-19", Kind::Acceptance, "RUS", Status::AcceptedByBoth),
            ("2025-09-22", Kind::Declaration, "RUSGOV", Status::InForce),
            ("2025-09-27", Kind::Violation, "RUSMIL", Status::Violated),
            ("2025-09-27", Kind::Accusation, "UKR", Status::Violated),
            ("2025-10-22", Kind::Violation, "RUS", Status::Collapsed),
        ]
    );
    assert!(!t.steps[3].done, "an expected acceptance is not done");
    assert_eq!(t.steps[0].role, Role::Mediator);
    assert_eq!(t.steps[2].role, Role::Side);
    assert_eq!(t.status, Status::Collapsed);
    assert_eq!((t.first_date.as_str(), t.last_date.as_str()), ("2025-09-02", "2025-10-22"));
}

#[test]
fn what_did_not_happen_does_not_count() {
    let events = vec![
        event(1, "2025-05-01", ("ISR", "PSE"), "190", "asserted", "struck", "Israeli aircraft struck Gaza."),
        event(2, "2025-05-02", ("EGY", "ISR"), "0256", "asserted", "urged", "Egypt urged Israel to agree to a truce."),
        event(3, "2025-05-03", ("ISR", "EGY"), "0871", "refused", "accept", "Israel refused to accept the truce."),
        event(4, "2025-05-04", ("PSE", "EGY"), "0871", "expected", "accept", "Hamas is expected to accept the truce."),
        event(
            5,
            "2025-05-05",
            ("PSE", "EGY"),
            "0871",
            "conditional",
            "accept",
            "Hamas will accept the truce if Israel withdraws.",
        ),
    ];
    let all = tracks(&events);
    let t = find(&all, "ISR-PSE/ceasefire");
    let kinds: Vec<(Kind, bool)> = t.steps.iter().map(|s| (s.kind, s.done)).collect();
    assert_eq!(
        kinds,
        [(Kind::Appeal, true), (Kind::Rejection, true), (Kind::Acceptance, false), (Kind::Conditions, true)]
    );
    assert_eq!(t.status, Status::Proposed);
    assert_eq!(t.mediators.iter().map(|m| m.code.as_str()).collect::<Vec<_>>(), ["EGY"]);
}

/// A threat or demand coded by its speech act keeps the modality of the act it speaks of
/// ("will strike … unless", "must withdraw"), but the threat or demand itself was made.
#[test]
fn threats_and_demands_made_are_done() {
    let speech_act = |mut e: EventRow, act: &str| {
        e.act = Some(act.to_string());
        e
    };
    let events = vec![
        event(1, "2025-05-01", ("ISR", "PSE"), "0871", "asserted", "declared", "Israel declared a truce in Gaza."),
        speech_act(
            event(
                2,
                "2025-05-02",
                ("ISR", "PSE"),
                "138",
                "conditional",
                "resume",
                "Israel will resume strikes on Gaza unless the hostages are freed, ending the truce.",
            ),
            "190",
        ),
        speech_act(
            event(
                3,
                "2025-05-03",
                ("PSE", "ISR"),
                "1011",
                "obliged",
                "withdraw",
                "Hamas said Israel must withdraw before the truce can hold.",
            ),
            "0871",
        ),
        event(
            4,
            "2025-05-04",
            ("ISR", "PSE"),
            "138",
            "expected",
            "threaten",
            "Israel is expected to threaten Gaza with strikes despite the truce.",
        ),
        speech_act(
            event(5, "2025-05-05", ("PSE", "ISR"), "0356", "expected", "accept", "Hamas will accept the truce."),
            "0871",
        ),
    ];
    let all = tracks(&events);
    let t = find(&all, "ISR-PSE/ceasefire");
    let kinds: Vec<(Kind, bool)> = t.steps.iter().map(|s| (s.kind, s.done)).collect();
    assert_eq!(
        kinds,
        [
            (Kind::Declaration, true),
            (Kind::Threat, true),
            (Kind::Demand, true),
            (Kind::Threat, false),
            (Kind::Acceptance, false)
        ]
    );
}

#[test]
fn talks_between_countries_at_peace_stay_their_own() {
    let events = vec![
        event(
            1,
            "2025-06-22",
            ("USAMIL", "IRN"),
            "195",
            "asserted",
            "struck",
            "U.S. bombers struck Iranian nuclear sites.",
        ),
        event(
            2,
            "2025-07-01",
            ("USAGOV", "CHN"),
            "046",
            "asserted",
            "held",
            "U.S. and Chinese officials held trade talks in Geneva.",
        ),
        event(
            3,
            "2025-07-02",
            ("USAGOV", "IRN"),
            "036",
            "asserted",
            "offered",
            "Washington offered to resume nuclear talks with Tehran.",
        ),
    ];
    let all = tracks(&events);
    let trade = find(&all, "CHN-USA/negotiations");
    assert_eq!(trade.status, Status::InForce, "talks held are a negotiation track in force");
    assert!(trade.mediators.is_empty());
    let nuclear = find(&all, "IRN-USA/negotiations");
    assert_eq!(nuclear.steps[0].kind, Kind::Proposal);
    assert_eq!(nuclear.status, Status::Proposed);
}

#[test]
fn one_day_one_act_is_one_step_with_its_articles() {
    let mut events = vec![
        event(
            1,
            "2025-09-24",
            ("RUS", "UKR"),
            "0841",
            "asserted",
            "exchanged",
            "Russia and Ukraine exchanged 150 prisoners of war.",
        ),
        event(
            2,
            "2025-09-24",
            ("RUS", "UKR"),
            "0841",
            "asserted",
            "swapped",
            "Russia and Ukraine swapped prisoners of war.",
        ),
        event(3, "2025-09-01", ("RUS", "UKR"), "190", "asserted", "struck", "Russian drones struck Kyiv."),
    ];
    events[1].article_id = 99;
    let all = tracks(&events);
    let t = find(&all, "RUS-UKR/prisoner_exchange");
    assert_eq!(t.steps.len(), 1);
    assert_eq!(t.steps[0].kind, Kind::Release);
    assert_eq!(t.steps[0].events, [1, 2]);
    assert_eq!(t.steps[0].articles.iter().map(|a| a.id).collect::<Vec<_>>(), [10, 99]);
    assert_eq!(t.status, Status::InForce, "a prisoner exchange carried out");
}

#[test]
fn extension_renews_a_violated_truce() {
    let events = vec![
        event(1, "2025-03-01", ("ISR", "LBN"), "190", "asserted", "struck", "Israel struck southern Lebanon."),
        event(
            2,
            "2025-03-02",
            ("ISR", "LBN"),
            "0871",
            "asserted",
            "declared",
            "Israel declared a ceasefire in Lebanon.",
        ),
        event(
            3,
            "2025-03-03",
            ("LBN", "ISR"),
            "1123",
            "asserted",
            "accused",
            "Lebanon accused Israel of violating the ceasefire.",
        ),
        event(
            4,
            "2025-03-30",
            ("ISR", "LBN"),
            "0871",
            "asserted",
            "agreed",
            "Israel and Lebanon agreed to an extended ceasefire.",
        ),
    ];
    let all = tracks(&events);
    let t = find(&all, "ISR-LBN/ceasefire");
    let statuses: Vec<Status> = t.steps.iter().map(|s| s.status).collect();
    assert_eq!(statuses, [Status::InForce, Status::Violated, Status::InForce]);
}

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/demo/ceasefire.jsonl")
}

#[test]
fn demo_corpus_end_to_end() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("tracker-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("demo.db");
    let db = db.to_str().unwrap();
    let (status, _, stderr) = common::detente(&["ingest", "--db", db, demo().to_str().unwrap()], b"");
    assert_eq!(status, 0, "{stderr}");

    let (status, stdout, stderr) =
        common::detente(&["tracker", "--db", db, "--dyad", "UKR-RUS", "--format", "jsonl"], b"");
    assert_eq!(status, 0, "{stderr}");
    let tracks: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ids: Vec<&str> = tracks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"RUS-UKR/ceasefire") && ids.contains(&"RUS-UKR/prisoner_exchange"), "{ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("RUS-UKR/")), "--dyad selects tracks: {ids:?}");

    let truce = &tracks[ids.iter().position(|id| *id == "RUS-UKR/ceasefire").unwrap()];
    assert_eq!(truce["status"], "collapsed");
    assert_eq!(truce["mediators"][0]["code"], "USA");
    assert_eq!(truce["dyad"][1]["name"], "Ukraine");
    let steps = truce["steps"].as_array().unwrap();
    // The first time each status is reached, with the step that reached it.
    let mut reached: Vec<(String, String, String)> = Vec::new();
    for s in steps {
        let status = s["status"].as_str().unwrap().to_string();
        if reached.last().is_none_or(|r| r.0 != status) {
            let country = s["source"].as_str().unwrap().get(..3).unwrap_or("").to_string();
            reached.push((status, s["kind"].as_str().unwrap().to_string(), country));
        }
    }
    let reached: Vec<(&str, &str, &str)> =
        reached.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
    assert_eq!(
        reached,
        [
            ("proposed", "proposal", "USA"),
            ("accepted_by_one_side", "acceptance", "UKR"),
            ("accepted_by_both", "acceptance", "RUS"),
            // "A 30-day ceasefire between Russia and Ukraine took effect at midnight."
            ("in_force", "declaration", "RUS"),
            ("violated", "accusation", "UKR"),
            ("collapsed", "violation", "RUS"),
        ]
    );
    let kinds: Vec<&str> = steps.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    for kind in ["conditions", "talks", "threat", "rejection", "appeal"] {
        assert!(kinds.contains(&kind), "no {kind} step in {kinds:?}");
    }
    // Each step names the articles behind it.
    assert!(steps.iter().all(|s| s["articles"][0]["url"].as_str().is_some_and(|u| u.starts_with("https://demo."))));

    let swap = &tracks[ids.iter().position(|id| *id == "RUS-UKR/prisoner_exchange").unwrap()];
    assert_eq!(swap["status"], "in_force");

    let (status, table, _) = common::detente(&["tracker", "--db", db], b"");
    assert_eq!(status, 0);
    assert!(table.contains("RUS-UKR/ceasefire  Russia - Ukraine  COLLAPSED"), "{table}");
    let (status, _, stderr) = common::detente(&["tracker", "--db", db, "--dyad", "RUSSIA"], b"");
    assert_eq!(status, 2);
    assert!(stderr.contains("--dyad RUSSIA"), "{stderr}");
}
