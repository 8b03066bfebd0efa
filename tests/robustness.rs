//! Fuzz-style robustness checks that run on stable Rust in every test run: seeded
//! pseudo-random and mutated inputs through the same entry points as the cargo-fuzz
//! targets in `fuzz/` (the text pipeline, the dictionary readers, the suite readers).
//! None may panic. `fuzz/README.md` says how to fuzz for longer.

use std::path::Path;

use detente::article::Article;
use detente::coder::Coder;
use detente::dict::legacy::{self, Dialect, Kind};
use detente::dict::{native, Compiled, Dictionaries};
use detente::ingest::detect::Kind as DocumentKind;
use detente::ingest::reader::{read_bytes, read_document};
use detente::ingest::warc;
use detente::validate::{corpus, petrarch, tabari};

/// xorshift64*: reproducible inputs without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const NEWS: &str = "MOSCOW, March 13 (Reuters) - U.S. envoy Steve Witkoff met Vladimir Putin on Thursday. \
\"We expect talks,\" he said. Russia's forces struck Kyiv; Ukrainian officials said 3.5 km of road was hit. \
Gen. Smith didn't comment… The E.U. (and NATO) urged a 30-day cease-fire at 5 p.m.";

const DICT: &str = "actor RUS = Russia | Russian\nactor USAGOV@2025-01-20.., USAELI = Donald Trump | Trump\n\
agent ~GOV = official | foreign minister\nsynset &TRUCE = ceasefire | truce\nverb 042 = visit | travel {travelled}\n\
pattern 043 = + * BY $\npattern 0871 = * &TRUCE\ndiscard = World Cup\nas of 2026-11-01\n";

const LEGACY: &str = "--- ACCEPT [081] ---\nACCEPT\n- * &TRUCE [0871]\n- $ * + {OFFER} [030:031]\n\
RUSSIA_ [RUS]\n+PUTIN_ [RUSGOV 120101-]\n!MINIST! [~GOV]\n&TRUCE\n+CEASEFIRE\n+TRUCE\n";

const XML: &str = "<Sentences><Sentence date=\"20250313\" id=\"T-1\" sentence=\"true\" source=\"x\">\
<EventCoding sourcecode=\"RUS\" targetcode=\"UKR\" eventcode=\"190\"/><Text>Russia attacked Ukraine.</Text>\
</Sentence></Sentences>";

const TSV: &str = "id\tdate\ttext\texpected\nc1\t2025-03-13\tRussia attacked Ukraine.\tRUS UKR 190 asserted\n";

const PAGE: &str = "<html><head><meta charset=\"utf-8\"><title>Talks</title><script type=\"application/ld+json\">\
{\"@type\":\"NewsArticle\",\"datePublished\":\"2025-03-13\"}</script></head><body><article><p>By Staff</p>\
<p>Russia and Ukraine met in Riyadh on Thursday.</p><div class=\"share\">Share</div></article></body></html>";

const FEED: &str = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title><item><title>Talks</title>\
<link>https://example.org/a</link><pubDate>Thu, 13 Mar 2025 10:00:00 GMT</pubDate><description>Russia met Ukraine.</description>\
</item></channel></rss>";

const WARC: &str =
    "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\nContent-Length: 60\r\n\r\n\
HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Russia met Ukraine.</p>\r\n\r\n";

const ALPHABET: &[u8] = b"aA .,;:'\"-()[]{}<>_|=+*$%^&~#@!?0123456789\n\t\xc3\xa9\xe2\x80\x9c";

/// A random mutation of `seed`: bytes flipped, inserted, deleted, spans repeated or cut.
fn mutate(rng: &mut Rng, seed: &str) -> Vec<u8> {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(5) {
            0 if at < bytes.len() => bytes[at] = rng.next() as u8,
            1 => bytes.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 => {
                let end = (at + rng.below(40)).min(bytes.len());
                let span = bytes[at..end].to_vec();
                bytes.splice(at..at, span);
            }
            _ => bytes.truncate(at),
        }
    }
    bytes
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(300);
    (0..len).map(|_| if rng.below(2) == 0 { ALPHABET[rng.below(ALPHABET.len())] } else { rng.next() as u8 }).collect()
}

fn inputs(seed: &str, salt: u64, n: usize) -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ salt);
    (0..n)
        .map(|i| {
            let bytes = if i % 4 == 0 { random_bytes(&mut rng) } else { mutate(&mut rng, seed) };
            String::from_utf8_lossy(&bytes).into_owned()
        })
        .collect()
}

#[test]
fn text_pipeline_never_panics() {
    let coder = Coder::new(Dictionaries::builtin());
    for text in inputs(NEWS, 1, 1500) {
        let mut article = Article::new(text, Some(20250313));
        coder.code(&mut article);
        let _ = detente::output::article_json(&article);
    }
}

#[test]
fn a_one_megabyte_sentence_is_coded() {
    let coder = Coder::new(Dictionaries::builtin());
    let text = "Russian forces struck Ukrainian towns and ".repeat(25_000);
    let mut article = Article::new(text, Some(20250313));
    coder.code(&mut article);
    assert!(!article.sentences.is_empty());
}

#[test]
fn dictionary_readers_never_panic() {
    for text in inputs(DICT, 2, 600).into_iter().chain(inputs(LEGACY, 3, 600)) {
        let _ = Compiled::new(native::read_str(&text, "fuzz.detente"));
        for kind in [Kind::Actors, Kind::Agents, Kind::Verbs, Kind::Discards] {
            for dialect in [Dialect::Tabari, Dialect::Petrarch] {
                let _ = Compiled::new(legacy::read_str(&text, "fuzz.txt", kind, dialect));
            }
        }
    }
}

#[test]
fn suite_readers_never_panic() {
    for text in inputs(XML, 4, 800).into_iter().chain(inputs(TSV, 5, 800)) {
        let _ = petrarch::read_petrarch_xml(&text, Path::new("fuzz.xml"));
        let _ = tabari::read_tabari_text(&text, Path::new("fuzz.text"));
        let _ = corpus::read_corpus_tsv(&text, Path::new("fuzz.tsv"));
    }
}

#[test]
fn ingest_readers_never_panic() {
    let seeds = inputs(PAGE, 6, 300).into_iter().chain(inputs(FEED, 7, 300)).chain(inputs(WARC, 8, 300));
    for text in seeds {
        let data = text.as_bytes();
        for kind in
            [DocumentKind::Html, DocumentKind::Feed, DocumentKind::Jsonl, DocumentKind::Text, DocumentKind::Warc]
        {
            let _ = read_document("fuzz", kind, data, None, None);
        }
        for record in warc::Reader::new(data).take(64).flatten() {
            let _ = warc::parse_http(&record.block);
        }
        let _ = read_bytes("fuzz", data);
    }
}
