//! End-to-end: the `detente` binary on the embedded example and on bad input.

mod common;

use common::detente;

fn events(json: &str) -> Vec<(String, String, String)> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("one JSON document");
    doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().into(),
                e["target"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn example_story_codes_the_key_events() {
    let (status, out, err) = detente(&["code", "--example"], b"");
    assert_eq!(status, 0, "{err}");
    let events = events(&out);
    let has = |s: &str, t: &str, c: &str| events.iter().any(|e| e.0 == s && e.1 == t && e.2 == c);
    assert!(has("UKR", "USA", "0871"), "Ukraine accepts the ceasefire plan: {events:?}");
    assert!(has("USAGOV", "RUSGOV", "020"), "Trump urges Putin: {events:?}");
    assert!(has("RUSMIL", "UKR", "190"), "Russian strikes: {events:?}");
    assert!(has("USAGOV", "RUSGOV", "040"), "the envoy meets Putin: {events:?}");
    assert!(has("RUSGOV", "USAGOV", "110"), "Russian officials object to the envoy: {events:?}");
    assert!(has("USAGOV", "RUSBUS", "163"), "the Treasury lets a licence lapse: {events:?}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    // An expected call is CAMEO's intent to meet (036); the event keeps the act (041).
    let call = doc["events"].as_array().unwrap().iter().find(|e| e["act"] == "041").expect("the phone call");
    assert_eq!((&call["code"], &call["modality"]), (&"036".into(), &"expected".into()), "the call is expected: {call}");
    assert!(!events.iter().any(|e| e.0 == "RUS" && e.2 == "040"), "the dateline MOSCOW is no actor: {events:?}");
}

#[test]
fn dated_codes_follow_the_article_date() {
    let text = b"Trump criticized Russia on Monday.";
    let (_, out, _) = detente(&["code", "-", "--date", "2023-06-01"], text);
    assert!(events(&out).contains(&("USAELI".into(), "RUS".into(), "111".into())));
    let (_, out, _) = detente(&["code", "-", "--date", "2025-06-01"], text);
    assert!(events(&out).contains(&("USAGOV".into(), "RUS".into(), "111".into())));
}

#[test]
fn offsets_point_into_the_text_as_code_points() {
    let (_, out, _) = detente(&["code", "-"], "Erdoğan's Turkey condemned Russia.".as_bytes());
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    for actor in doc["actors"].as_array().unwrap() {
        let (s, e) = (actor["start"].as_u64().unwrap() as usize, actor["end"].as_u64().unwrap() as usize);
        assert_eq!(text[s..e].iter().collect::<String>(), actor["text"].as_str().unwrap());
    }
}

#[test]
fn bad_input_gets_a_clear_error_not_a_panic() {
    let (status, _, err) = detente(&["code", "-"], &[0xff, 0xfe, 0x00, 0x41]);
    assert_eq!(status, 2);
    assert!(err.contains("not UTF-8"), "{err}");
    let (status, out, _) = detente(&["code", "-"], b"");
    assert_eq!(status, 0);
    assert!(events(&out).is_empty());
    let long = "Russia attacked Ukraine ".repeat(40_000);
    let (status, _, err) = detente(&["code", "-"], long.as_bytes());
    assert_eq!(status, 0, "{err}");
    let (status, _, err) = detente(&["code", "-", "--date", "2025-13-40"], b"x");
    assert_eq!(status, 2);
    assert!(err.contains("--date"), "{err}");
    let (status, _, err) = detente(&["code", "--dicts", "/nonexistent/dict.txt", "-"], b"x");
    assert_eq!(status, 2);
    assert!(err.contains("/nonexistent/dict.txt"), "{err}");
}

#[test]
fn check_dict_reports_file_and_line() {
    let dir = std::env::temp_dir().join(format!("detente-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("mine.detente");
    std::fs::write(&file, "actor RUS = Russia\nverb 042 = visit\npattern 043 = + * BY &NOSUCH\n").unwrap();
    let (status, out, _) = detente(&["check-dict", file.to_str().unwrap()], b"");
    assert_eq!(status, 1);
    assert!(out.contains("mine.detente:3:"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn short_acronyms_match_only_in_capitals() {
    let (status, out, _) =
        detente(&["code", "-", "--date", "2025-03-15"], b"The minister told us the plan uses US money and UN staff.");
    assert_eq!(status, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let actors: Vec<(&str, &str)> = doc["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["text"].as_str().unwrap(), a["code"].as_str().unwrap()))
        .collect();
    assert!(actors.contains(&("US", "USA")), "{actors:?}");
    assert!(actors.contains(&("UN", "IGOUNO")), "{actors:?}");
    assert!(!actors.iter().any(|(text, _)| *text == "us" || *text == "uses"), "{actors:?}");
}
