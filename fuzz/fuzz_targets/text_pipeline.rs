//! Any bytes through the whole coding pipeline (text layer, actors, coder, JSON output)
//! with the built-in dictionaries: must never panic.
#![no_main]

use std::sync::OnceLock;

use detente::article::Article;
use detente::coder::Coder;
use detente::dict::Dictionaries;
use libfuzzer_sys::fuzz_target;

fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder::new(Dictionaries::builtin()))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut article = Article::new(text.into_owned(), Some(20250313));
    coder().code(&mut article);
    let _ = detente::output::article_json(&article);
});
