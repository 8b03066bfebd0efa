//! Any text as a PETRARCH validation XML file, a TABARI .text file and a detente .tsv
//! corpus: malformed input must be an error naming the file, never a panic.
#![no_main]

use std::path::Path;

use detente::validate::{corpus, petrarch, tabari};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = petrarch::read_petrarch_xml(&text, Path::new("fuzz.xml"));
    let _ = tabari::read_tabari_text(&text, Path::new("fuzz.text"));
    let _ = corpus::read_corpus_tsv(&text, Path::new("fuzz.tsv"));
});
