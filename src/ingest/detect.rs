//! Opening an input: undoing gzip or zstd compression (told by magic bytes) and telling the
//! kind of document by its first bytes, with the file extension as a tie-breaker.

use std::io::{self, BufRead, BufReader, Read};

use super::input::Input;

/// What a (decompressed) input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Html,
    Text,
    /// JSON lines: one object per line with `text` or `html`.
    Jsonl,
    /// RSS 0.9x/1.0/2.0, Atom or JSON Feed.
    Feed,
    Warc,
    /// Not text: NUL bytes or mostly control characters.
    Binary,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Html => "HTML",
            Kind::Text => "text",
            Kind::Jsonl => "JSON lines",
            Kind::Feed => "feed",
            Kind::Warc => "WARC",
            Kind::Binary => "binary",
        }
    }
}

/// The compression of a stream, from its magic bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

pub fn compression(head: &[u8]) -> Compression {
    if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// Opens an input as a buffered stream of decompressed bytes (multi-member gzip, as in
/// `.warc.gz`, is read whole).
pub fn open(input: &Input) -> io::Result<Box<dyn BufRead>> {
    let raw: Box<dyn Read> = match input {
        Input::Stdin => Box::new(io::stdin()),
        Input::File(p) => Box::new(std::fs::File::open(p)?),
    };
    let mut raw = BufReader::with_capacity(1 << 16, raw);
    let head = raw.fill_buf()?;
    Ok(match compression(head) {
        Compression::Gzip => Box::new(BufReader::with_capacity(1 << 16, flate2::read::MultiGzDecoder::new(raw))),
        Compression::Zstd => {
            Box::new(BufReader::with_capacity(1 << 16, zstd::stream::read::Decoder::with_buffer(raw)?))
        }
        Compression::None => Box::new(raw),
    })
}

/// The file name without compression suffixes, lower-cased (`x.warc.gz` → `x.warc`).
pub fn base_name(name: &str) -> String {
    let mut n = name.to_ascii_lowercase();
    for suffix in [".gz", ".gzip", ".zst", ".zstd"] {
        if let Some(s) = n.strip_suffix(suffix) {
            n = s.to_string();
        }
    }
    n
}

/// Tells the kind from the first bytes of the decompressed content and the name.
pub fn kind(name: &str, head: &[u8]) -> Kind {
    let base = base_name(name);
    let ext = base.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let bom_len = if head.starts_with(&[0xef, 0xbb, 0xbf]) { 3 } else { 0 };
    let utf16 = head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]);
    let body = &head[bom_len..];
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    let body = &body[start..];
    let lower: Vec<u8> = body.iter().take(4096).map(|b| b.to_ascii_lowercase()).collect();
    let has = |needle: &[u8]| super::charset::find(&lower, needle).is_some();
    if body.starts_with(b"WARC/") {
        return Kind::Warc;
    }
    if !utf16 && looks_binary(head) {
        return Kind::Binary;
    }
    if lower.starts_with(b"<") {
        let feed_root = has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") || has(b"<channel");
        let html_root = has(b"<html") || has(b"<!doctype html") || has(b"<body") || has(b"<head");
        if feed_root && !html_root {
            return Kind::Feed;
        }
        if lower.starts_with(b"<?xml") && !html_root && matches!(ext, "rss" | "atom" | "xml" | "rdf") {
            return Kind::Feed;
        }
        return Kind::Html;
    }
    if lower.starts_with(b"{") {
        if has(b"jsonfeed.org") {
            return Kind::Feed;
        }
        return Kind::Jsonl;
    }
    match ext {
        "html" | "htm" | "xhtml" | "shtml" => Kind::Html,
        "jsonl" | "ndjson" | "json" => Kind::Jsonl,
        "rss" | "atom" | "rdf" => Kind::Feed,
        "warc" | "arc" => Kind::Warc,
        _ => Kind::Text,
    }
}

/// More than 5% NUL or other control bytes in the first 8 KB (outside UTF-16): a stray NUL
/// in a text page does not make it binary.
pub fn looks_binary(head: &[u8]) -> bool {
    let head = &head[..head.len().min(8192)];
    if head.is_empty() {
        return false;
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b)).count();
    control * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(kind("a.html", b"<!DOCTYPE html><html>"), Kind::Html);
        assert_eq!(kind("a", b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"), Kind::Feed);
        assert_eq!(kind("a", b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"), Kind::Feed);
        assert_eq!(kind("a.warc.gz", b"WARC/1.0\r\n"), Kind::Warc);
        assert_eq!(kind("a.jsonl", b"{\"text\": \"x\"}\n"), Kind::Jsonl);
        assert_eq!(kind("a.txt", b"Plain words."), Kind::Text);
        assert_eq!(kind("a.bin", b"\x00\x01\x02junk"), Kind::Binary);
        assert_eq!(kind("a.html", b"<html><body><p>A stray \x00 in a long enough page of text.</p>"), Kind::Html);
        assert_eq!(base_name("X.WARC.GZ"), "x.warc");
    }
}
