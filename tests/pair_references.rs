//! "The two sides", "both countries": a phrase that refers to the two parties named
//! before it (`resolve_pairs` in `src/actors.rs`), coded as both, one event each way for
//! a joint act and one per party for an act done to them.

use detente::article::Article;
use detente::coder::Coder;
use detente::validate::run;

fn events(text: &str) -> Vec<(usize, String, String, String)> {
    let coder = Coder::new(run::builtin_with(&[]).expect("built-in dictionaries"));
    let mut article = Article::new(text, Some(20250516));
    coder.code(&mut article);
    let mut events: Vec<_> = article
        .events
        .iter()
        .map(|e| (e.sentence, e.source.to_string(), e.target.to_string(), e.code.to_string()))
        .collect();
    events.sort();
    events
}

fn event(sentence: usize, source: &str, target: &str, code: &str) -> (usize, String, String, String) {
    (sentence, source.to_string(), target.to_string(), code.to_string())
}

#[test]
fn the_two_sides_are_the_parties_named_before_not_the_place_or_the_speaker() {
    let text = "Armenian and Azerbaijani officials met in Abu Dhabi on Friday. \
                The two sides agreed to resume talks. \
                Turkey urged both sides to extend the ceasefire.";
    let coded = events(text);
    for expected in [
        event(1, "ARMGOV", "AZEGOV", "036"),
        event(1, "AZEGOV", "ARMGOV", "036"),
        event(2, "TUR", "ARMGOV", "0256"),
        event(2, "TUR", "AZEGOV", "0256"),
    ] {
        assert!(coded.contains(&expected), "{expected:?} not in {coded:#?}");
    }
    assert!(!coded.iter().any(|(_, s, t, _)| s == "ARE" || t == "ARE"), "the place is no party: {coded:#?}");
}

#[test]
fn without_two_parties_named_the_phrase_codes_nothing() {
    let coded = events("Officials said on Friday that the two sides agreed to resume talks.");
    assert!(coded.is_empty(), "{coded:#?}");
}
