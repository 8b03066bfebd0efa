//! Quote events (`src/quotes/events.rs`): the speech act as a statement with the
//! resolved speaker as source, the content's own appeal, demand, rejection or threat,
//! PETRARCH's "A said B attacked C" accusation, and no event twice.

use detente::article::{Article, Modality};
use detente::coder::Coder;
use detente::quotes::events::RULE_PREFIX;
use detente::validate::run;

fn coder() -> Coder {
    Coder::new(run::builtin_with(&[]).expect("built-in dictionaries"))
}

fn code(coder: &Coder, text: &str) -> Article {
    let mut article = Article::new(text, Some(20251001));
    coder.code(&mut article);
    article
}

/// (source, target, code) of the events a quotation gave.
fn quote_events(article: &Article) -> Vec<(String, String, String)> {
    article
        .events
        .iter()
        .filter(|e| e.rule.starts_with(RULE_PREFIX))
        .map(|e| (e.source.to_string(), e.target.to_string(), e.code.to_string()))
        .collect()
}

fn triple(source: &str, target: &str, code: &str) -> (String, String, String) {
    (source.to_string(), target.to_string(), code.to_string())
}

#[test]
fn a_statement_by_the_resolved_speaker() {
    let coder = coder();
    let text = "Foreign Minister Sergei Lavrov met reporters in Moscow on Monday.\n\n\
                \"Europe is preparing for a long war,\" he said.";
    let article = code(&coder, text);
    assert_eq!(quote_events(&article), [triple("RUSGOV", "EUR", "010")], "{:#?}", article.events);
    let e = article.events.iter().find(|e| e.rule.starts_with(RULE_PREFIX)).unwrap();
    assert_eq!(e.evidence.source.map(|s| s.slice(text)), Some("he"));
    assert_eq!(e.evidence.verb.slice(text), "said");
    assert_eq!(e.modality, Modality::Asserted);
    assert_eq!(e.source_name.as_deref(), Some("Sergei Lavrov"));
    assert!(e.rule.starts_with("quote #0: statement"), "{}", e.rule);
}

#[test]
fn a_split_quotation_is_one_statement() {
    let coder = coder();
    let article =
        code(&coder, "\"China is a partner,\" Chancellor Friedrich Merz said, \"and a rival at the same time.\"");
    assert_eq!(quote_events(&article), [triple("DEUGOV", "CHN", "010")], "{:#?}", article.events);
}

#[test]
fn reported_violence_is_an_accusation() {
    let coder = coder();
    let article = code(&coder, "The Kremlin said Ukrainian forces attacked a Russian village.");
    let got = quote_events(&article);
    assert!(got.contains(&triple("RUSGOV", "UKRMIL", "112")), "{got:?} {:#?}", article.events);
    // A side reporting its own strike accuses nobody.
    let article = code(&coder, "\"Russian forces struck a Ukrainian airfield,\" the Kremlin said.");
    assert!(!quote_events(&article).iter().any(|e| e.2 == "112"), "{:#?}", article.events);
}

#[test]
fn the_contents_own_act_with_the_speaker_as_source() {
    let coder = coder();
    // The event stage takes the first actor before "urge", Macron, as its source.
    let article =
        code(&coder, "After meeting Emmanuel Macron in Paris, Zelensky said: \"We urge Russia to stop the attacks.\"");
    let appeals: Vec<_> = article
        .events
        .iter()
        .filter(|e| e.code.starts_with("02"))
        .map(|e| (e.source.as_str(), e.target.as_str()))
        .collect();
    assert_eq!(appeals.len(), 1, "the appeal once, by the speaker: {:#?}", article.events);
    assert_eq!(appeals[0], ("UKRGOV", "RUS"));
    let got = quote_events(&article);
    assert!(!got.iter().any(|e| e.2 == "010"), "the appeal stands for the statement: {got:?}");
}

#[test]
fn someone_elses_act_inside_the_quote_is_not_the_speakers() {
    let coder = coder();
    let article = code(&coder, "\"Russia rejected the European proposal,\" Secretary of State Marco Rubio said.");
    let got = quote_events(&article);
    assert!(!got.iter().any(|(s, _, c)| s == "USAGOV" && c.starts_with("12")), "{got:?}");
}

#[test]
fn an_event_already_coded_with_the_speaker_as_source_stays_one() {
    let coder = coder();
    let article = code(&coder, "Zelensky said: \"We urge Russia to stop the attacks.\"");
    assert!(article.events.iter().any(|e| e.source == "UKRGOV" && e.code.starts_with("02")), "{:#?}", article.events);
    assert_eq!(quote_events(&article), [], "{:#?}", article.events);
    let article = code(&coder, "\"The United States rejects the Russian demands,\" Rubio said.");
    assert_eq!(quote_events(&article), [], "the speaker's country's rejection: {:#?}", article.events);
}

#[test]
fn the_cue_event_with_the_wrong_source_is_replaced() {
    let coder = coder();
    let text = "\"We will not accept the American proposal,\" the Kremlin said.";
    let article = code(&coder, text);
    for e in article.events.iter().filter(|e| e.evidence.verb.slice(text) == "said") {
        assert_eq!(e.source, "RUSGOV", "{:#?}", article.events);
    }
}
