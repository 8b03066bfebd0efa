//! The quote stage on a story written for it (`tests/fixtures/quotes_story.txt`):
//! every quotation's speaker and code, with pronoun ("He", "he"), surname ("Witkoff",
//! "Peskov", "Zelensky"), title ("the ministry's spokeswoman", "the national security
//! adviser", "the envoy") and body ("the Kremlin") speakers, split and guillemet
//! quotes, and reported speech.

use detente::article::{Article, QuoteKind};
use detente::coder::Coder;
use detente::validate::run;

const STORY: &str = include_str!("fixtures/quotes_story.txt");

#[test]
fn every_speaker_of_the_story() {
    let coder = Coder::new(run::builtin_with(&[]).expect("built-in dictionaries"));
    let mut article = Article::new(STORY, Some(20250314));
    coder.code(&mut article);
    let text = &article.text;
    let got: Vec<(QuoteKind, &str, &str, &str, Option<&str>)> = article
        .quotes
        .iter()
        .map(|q| {
            (
                q.kind,
                q.span.slice(text),
                q.speaker_span.map_or("", |s| s.slice(text)),
                q.speaker.as_deref().unwrap_or(""),
                q.speaker_code.as_deref(),
            )
        })
        .collect();
    use QuoteKind::{Direct, Indirect, Partial};
    let want: Vec<(QuoteKind, &str, &str, &str, Option<&str>)> = vec![
        (
            Direct,
            "\"We had a long and serious conversation, and I expect the two presidents to speak before Friday,\"",
            "Witkoff",
            "Steve Witkoff",
            Some("USAGOV"),
        ),
        (Partial, "\"constructive\"", "He", "Steve Witkoff", Some("USAGOV")),
        (
            Indirect,
            "the Russian side had listened carefully",
            "Kremlin spokesman Dmitry Peskov",
            "Dmitry Peskov",
            Some("RUSGOV"),
        ),
        (Direct, "\"There is reason for cautious optimism,\"", "Peskov", "Dmitry Peskov", Some("RUSGOV")),
        (Direct, "\"but many questions remain open.\"", "Peskov", "Dmitry Peskov", Some("RUSGOV")),
        (Indirect, "any truce would need guarantees", "Kremlin", "Kremlin", Some("RUSGOV")),
        (Direct, "\"A pause that lets Kyiv rearm is not a ceasefire,\"", "Kremlin", "Kremlin", Some("RUSGOV")),
        (
            Direct,
            "\"Europe keeps sending weapons while talking about peace,\"",
            "ministry's spokeswoman",
            "Maria Zakharova",
            Some("RUSGOV"),
        ),
        (
            Indirect,
            "Ukraine was ready for a full ceasefire",
            "President Volodymyr Zelensky",
            "Volodymyr Zelensky",
            Some("UKRGOV"),
        ),
        (Direct, "\"We accepted the American proposal days ago,\"", "Zelensky", "Volodymyr Zelensky", Some("UKRGOV")),
        (Direct, "\"Now the world will see who wants peace.\"", "Zelensky", "Volodymyr Zelensky", Some("UKRGOV")),
        (
            Indirect,
            "that the administration was hopeful",
            "National security adviser Mike Waltz",
            "Mike Waltz",
            Some("USAGOV"),
        ),
        (Direct, "\"The ball is in Russia's court,\"", "national security adviser", "Mike Waltz", Some("USAGOV")),
        (
            Indirect,
            "that sanctions would follow a refusal",
            "Secretary of State Marco Rubio",
            "Marco Rubio",
            Some("USAGOV"),
        ),
        (Direct, "\"If they say no, we will know where the obstacle lies,\"", "he", "Marco Rubio", Some("USAGOV")),
        (Direct, "«Nobody will dictate terms to us,»", "Peskov", "Dmitry Peskov", Some("RUSGOV")),
        (Direct, "\"Nobody in Washington wants a frozen conflict,\"", "envoy", "Steve Witkoff", Some("USAGOV")),
    ];
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "quote {i}");
    }
    assert_eq!(got.len(), want.len(), "{got:#?}");
    let quoted = got.iter().filter(|q| q.0 != Indirect).count();
    assert!(quoted >= 9, "{quoted} quotations in marks");
}
