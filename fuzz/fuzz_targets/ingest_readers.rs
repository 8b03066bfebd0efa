//! Any bytes as an HTML page, a feed, JSON lines, plain text and a WARC file, and as a
//! compressed document: a bad document must be an error item, never a panic.
#![no_main]

use detente::ingest::detect::Kind;
use detente::ingest::reader::{read_bytes, read_document};
use detente::ingest::warc;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for kind in [Kind::Html, Kind::Feed, Kind::Jsonl, Kind::Text, Kind::Warc] {
        let _ = read_document("fuzz", kind, data, None, None);
    }
    for record in warc::Reader::new(data).take(64).flatten() {
        let _ = warc::parse_http(&record.block);
    }
    let _ = read_bytes("fuzz", data);
});
