//! WARC reading throughput (stable Rust, no bench harness needed):
//!
//! ```sh
//! cargo test --release --bench ingest -- --ignored --nocapture
//! ```
//!
//! Builds a CC-NEWS-style archive (a gzip member per record; a `request` and a `response`
//! record per page, the response with an HTTP header) from the Zyte benchmark pages when the
//! shared data is present (`$DETENTE_SHARED` or `../shared`), otherwise from the fixture pages
//! in `tests/fixtures/ingest`, and reads it twice on one thread:
//!
//! * framing only: gunzip, WARC records, HTTP split ([`detente::ingest::warc`]);
//! * the whole reader ([`detente::ingest::Reader`]): framing, charset decoding, main text,
//!   metadata, language and duplicate links, as `detente extract` does.
//!
//! Each is run `ROUNDS` times and the fastest round is kept; rates are given per second of
//! wall-clock time and per CPU second of the reading thread, which other load on the machine
//! does not inflate. Figures: docs/ingest.md.

use detente::ingest::eval::thread_cpu_time;
use detente::ingest::{warc, Reader};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: detente::alloc::Mimalloc = detente::alloc::Mimalloc;

const ROUNDS: usize = 3;

/// The pages to archive: the Zyte benchmark's, or the fixtures repeated.
fn pages() -> Vec<Vec<u8>> {
    let root = std::env::var_os("DETENTE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dir = root.join("data/article_extraction/scrapinghub_aeb/html");
    let mut pages = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut page = Vec::new();
            flate2::read::MultiGzDecoder::new(&raw[..])
                .read_to_end(&mut page)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            pages.push(page);
        }
    }
    if pages.is_empty() {
        eprintln!("{} absent: archiving the fixture pages", dir.display());
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest");
        for name in ["news_page.html", "cp1251_page.html"] {
            let page = std::fs::read(fixtures.join(name)).expect("fixture page");
            pages.extend(std::iter::repeat_n(page, 100));
        }
    }
    pages
}

fn gzip_member(out: &mut impl Write, record: &[u8]) {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(record).unwrap();
    out.write_all(&gz.finish().unwrap()).unwrap();
}

fn warc_record(kind: &str, url: &str, id: usize, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2025-03-13T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{id:012}>\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// Writes the archive; returns its uncompressed size.
fn build_warc(path: &Path, pages: &[Vec<u8>]) -> usize {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("temporary archive"));
    let mut plain = 0;
    for (i, page) in pages.iter().enumerate() {
        let url = format!("https://news.example/story/{i}");
        let request = format!("GET /story/{i} HTTP/1.1\r\nHost: news.example\r\n\r\n");
        let mut response =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n", page.len())
                .into_bytes();
        response.extend_from_slice(page);
        for (k, (kind, ct, block)) in [
            ("request", "application/http; msgtype=request", request.as_bytes()),
            ("response", "application/http; msgtype=response", &response[..]),
        ]
        .into_iter()
        .enumerate()
        {
            let record = warc_record(kind, &url, 2 * i + k, ct, block);
            plain += record.len();
            gzip_member(&mut out, &record);
        }
    }
    out.flush().unwrap();
    plain
}

/// The fastest of `ROUNDS` runs of `f`: (wall, CPU of this thread, what `f` counted).
fn fastest(mut f: impl FnMut() -> usize) -> (Duration, Option<Duration>, usize) {
    let mut best: Option<(Duration, Option<Duration>, usize)> = None;
    for _ in 0..ROUNDS {
        let cpu0 = thread_cpu_time();
        let t0 = Instant::now();
        let n = f();
        let wall = t0.elapsed();
        let cpu = thread_cpu_time().zip(cpu0).map(|(b, a)| b.saturating_sub(a));
        if best.is_none_or(|(w, _, _)| wall < w) {
            best = Some((wall, cpu, n));
        }
    }
    best.expect("at least one round")
}

fn rates(label: &str, mb: f64, items: usize, unit: &str, (wall, cpu, _): (Duration, Option<Duration>, usize)) {
    let w = wall.as_secs_f64().max(1e-9);
    let mut line = format!("{label}: {:.1} MB/s, {:.0} {unit}/s wall", mb / w, items as f64 / w);
    if let Some(c) = cpu {
        let c = c.as_secs_f64().max(1e-9);
        line.push_str(&format!("; {:.1} MB, {:.0} {unit} per CPU second", mb / c, items as f64 / c));
    }
    println!("{line}");
}

#[test]
#[ignore]
fn warc_throughput() {
    let pages = pages();
    let path = std::env::temp_dir().join(format!("detente-bench-{}.warc.gz", std::process::id()));
    let plain = build_warc(&path, &pages);
    let gz = std::fs::metadata(&path).expect("archive written").len() as f64 / 1e6;
    println!(
        "archive: {} pages, {} records, {:.1} MB uncompressed, {gz:.1} MB gzip",
        pages.len(),
        2 * pages.len(),
        plain as f64 / 1e6
    );

    let framing = fastest(|| {
        let file = std::fs::File::open(&path).expect("archive");
        let stream = BufReader::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)));
        let mut responses = 0;
        for record in warc::Reader::new(stream) {
            let record = record.expect("well-formed archive");
            if record.header("WARC-Type") == Some("response") {
                warc::parse_http(&record.block).expect("HTTP response");
                responses += 1;
            }
        }
        responses
    });
    assert_eq!(framing.2, pages.len());
    rates("framing (gunzip, records, HTTP)", gz, pages.len(), "pages", framing);

    let (mut errors, mut duplicates) = (0, 0);
    let full = fastest(|| {
        let (mut articles, mut e, mut d) = (0, 0, 0);
        for item in Reader::new(std::slice::from_ref(&path)) {
            match item {
                Ok(a) => {
                    articles += 1;
                    d += usize::from(a.duplicate_of.is_some());
                }
                Err(_) => e += 1,
            }
        }
        (errors, duplicates) = (e, d);
        articles
    });
    println!("reader: {} articles ({duplicates} linked as duplicates), {errors} records without article text", full.2);
    rates("reader (framing, charset, text, metadata, language, duplicates)", gz, full.2, "articles", full);
    println!("(MB/s are of the gzip archive; × {:.1} for uncompressed bytes)", plain as f64 / 1e6 / gz);
    std::fs::remove_file(&path).ok();
}
