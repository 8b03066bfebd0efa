//! The article memory (`ArticleMemory` in `src/actors.rs`): what one sentence teaches
//! the next. A memory made `for_one_article` skips teaching the article's last sentence,
//! which nothing reads; the mentions and events must not change for it.

use detente::actors::ArticleMemory;
use detente::article::Article;
use detente::coder::Coder;
use detente::validate::run;

/// Titles, learned names, pronouns and pairs, within the last sentence and across
/// sentences.
const TEXT: &str = "U.S. envoy Steve Witkoff met Russian President Vladimir Putin in Moscow on Thursday. \
                    Witkoff said the envoy and Putin discussed a ceasefire. \
                    Armenian and Azerbaijani officials met in Abu Dhabi, and the two sides agreed to resume talks. \
                    He said Turkish Foreign Minister Hakan Fidan urged both sides to sign, and the envoy criticized the plan.";

fn coder() -> Coder {
    Coder::new(run::builtin_with(&[]).expect("built-in dictionaries"))
}

#[test]
fn a_memory_for_one_article_codes_as_one_that_is_kept() {
    let coder = coder();
    let mut one = Article::new(TEXT, Some(20250516));
    // `code` gives the article a memory `for_one_article`.
    coder.code(&mut one);
    // The same sentences, coded with a memory that outlives the article.
    let mut kept = one.clone();
    kept.mentions.clear();
    kept.events.clear();
    kept.quotes.clear();
    for sentence in &mut kept.sentences {
        sentence.skipped = None;
    }
    coder.code_sentences_with(&mut kept, &mut ArticleMemory::default());
    assert_eq!(one.mentions, kept.mentions);
    assert_eq!(one.events, kept.events);
    assert_eq!(one.quotes, kept.quotes);
    assert!(one.mentions.iter().any(|m| m.reference), "references resolved: {:#?}", one.mentions);
    assert!(!one.events.is_empty());
}

#[test]
fn a_title_refers_to_a_mention_of_the_same_last_sentence() {
    let coder = coder();
    let mut article =
        Article::new("U.S. envoy Steve Witkoff met Vladimir Putin, and the envoy criticized the plan.", None);
    coder.code(&mut article);
    let envoy = article.mentions.iter().find(|m| m.reference && m.name == "Steve Witkoff");
    assert!(envoy.is_some(), "the envoy is Steve Witkoff: {:#?}", article.mentions);
}
