//! The reader: inputs in, a stream of articles (or per-document errors) out. Container inputs
//! (WARC, feeds, JSON lines) give one item per record; every article gets its language and,
//! unless turned off, its duplicate link.

use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::path::PathBuf;

use super::detect::{self, Kind};
use super::input::{self, Input};
use super::{charset, dedup, feed, html, jsonl, lang, warc, IngestError, IngestedArticle, Item};

/// Inputs larger than this (decompressed) are refused, except WARC, which is streamed.
pub const MAX_DOCUMENT: u64 = 512 << 20;

/// Streams the articles of a list of inputs, in order.
pub struct Reader {
    inputs: VecDeque<Result<Input, IngestError>>,
    current: Option<Box<dyn Iterator<Item = Item>>>,
    dedup: Option<dedup::Deduplicator>,
}

impl Reader {
    /// Reads files, directories, glob patterns and `-` (standard input).
    pub fn new(paths: &[PathBuf]) -> Reader {
        Reader { inputs: input::expand(paths).into(), current: None, dedup: Some(dedup::Deduplicator::new()) }
    }

    /// Turns duplicate linking off (every article stands alone).
    pub fn without_dedup(mut self) -> Reader {
        self.dedup = None;
        self
    }

    fn finish(&mut self, item: Item) -> Item {
        let mut article = item?;
        let detected = lang::detect(&article.text, article.language.as_deref());
        article.language = detected.map(|d| d.code);
        if let Some(d) = self.dedup.as_mut() {
            d.check(&mut article);
        }
        Ok(article)
    }
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(current) = self.current.as_mut() {
                if let Some(item) = current.next() {
                    return Some(self.finish(item));
                }
                self.current = None;
            }
            match self.inputs.pop_front()? {
                Err(e) => return Some(Err(e)),
                Ok(input) => self.current = Some(open_input(&input)),
            }
        }
    }
}

/// The items of one input.
pub fn open_input(input: &Input) -> Box<dyn Iterator<Item = Item>> {
    let name = input.name();
    let one = |e: String| -> Box<dyn Iterator<Item = Item>> {
        Box::new(std::iter::once(Err(IngestError::new(name.clone(), e))))
    };
    let mut stream = match detect::open(input) {
        Ok(s) => s,
        Err(e) => return one(open_message(e)),
    };
    let kind = match stream.fill_buf() {
        Ok([]) => return one("empty input".into()),
        Ok(head) => detect::kind(&name, head),
        Err(e) => return one(warc::io_message(e)),
    };
    if kind == Kind::Warc {
        return Box::new(WarcItems { name, records: warc::Reader::new(stream), index: 0, pending: VecDeque::new() });
    }
    if kind == Kind::Binary {
        return one("binary content, not text, HTML, a feed or an archive".into());
    }
    let mut bytes = Vec::new();
    if let Err(e) = stream.take(MAX_DOCUMENT + 1).read_to_end(&mut bytes) {
        return one(warc::io_message(e));
    }
    if bytes.len() as u64 > MAX_DOCUMENT {
        return one(format!("larger than {MAX_DOCUMENT} bytes"));
    }
    Box::new(read_document(&name, kind, &bytes, None, None).into_iter())
}

fn open_message(e: std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => warc::io_message(e),
    }
}

/// Reads one (decompressed) document of a known kind. `charset` is a declared charset (an
/// HTTP header's), `url` where the document came from.
pub fn read_document(name: &str, kind: Kind, bytes: &[u8], declared: Option<&str>, url: Option<&str>) -> Vec<Item> {
    match kind {
        Kind::Html => {
            let (page, _) = charset::decode(bytes, declared, true);
            let article = html::article_from_html(&page, name, url);
            if article.text.is_empty() {
                vec![Err(IngestError::new(name, "no article text found in the page"))]
            } else {
                vec![Ok(article)]
            }
        }
        Kind::Text => {
            let (text, _) = charset::decode(bytes, declared, false);
            let text = html::normalise_text(&text);
            if text.is_empty() {
                return vec![Err(IngestError::new(name, "empty input"))];
            }
            vec![Ok(IngestedArticle {
                source: name.to_string(),
                text,
                url: url.map(str::to_string),
                site: url.and_then(super::meta::host),
                ..Default::default()
            })]
        }
        Kind::Jsonl => {
            let (text, _) = charset::decode(bytes, declared, false);
            jsonl::read(name, &text)
        }
        Kind::Feed => feed::read(name, bytes),
        Kind::Warc => {
            warc::Reader::new(bytes).enumerate().filter_map(|(i, r)| warc_record(name, i + 1, r)).flatten().collect()
        }
        Kind::Binary => vec![Err(IngestError::new(name, "binary content, not text, HTML, a feed or an archive"))],
    }
}

struct WarcItems<R: BufRead> {
    name: String,
    records: warc::Reader<R>,
    index: usize,
    pending: VecDeque<Item>,
}

impl<R: BufRead> Iterator for WarcItems<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            let record = self.records.next()?;
            self.index += 1;
            if let Some(items) = warc_record(&self.name, self.index, record) {
                self.pending.extend(items);
            }
        }
    }
}

/// The item of one WARC record, or `None` for records that hold no article (requests,
/// metadata, redirects, images, scripts).
fn warc_record(name: &str, index: usize, record: Result<warc::Record, String>) -> Option<Vec<Item>> {
    let source = format!("{name}#{index}");
    let record = match record {
        Ok(r) => r,
        Err(e) => return Some(vec![Err(IngestError::new(source, e))]),
    };
    let url = record.header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
    let warc_type = record.header("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let (content_type, body) = match warc_type.as_str() {
        "response" => {
            let http = match warc::parse_http(&record.block) {
                Ok(h) => h,
                Err(e) => return Some(vec![Err(IngestError::new(source, e))]),
            };
            if !(200..300).contains(&http.status) {
                return None;
            }
            (http.header("Content-Type").map(str::to_string), http.body)
        }
        "resource" | "conversion" => (record.header("Content-Type").map(str::to_string), record.block),
        _ => return None,
    };
    let ct = content_type.clone().unwrap_or_default().to_ascii_lowercase();
    let kind = if ct.contains("html") {
        Kind::Html
    } else if ct.starts_with("text/plain") {
        Kind::Text
    } else if ct.contains("rss") || ct.contains("atom") {
        Kind::Feed
    } else if ct.is_empty() {
        match detect::kind("", &body[..body.len().min(4096)]) {
            k @ (Kind::Html | Kind::Text) => k,
            _ => return None,
        }
    } else {
        return None;
    };
    if body.is_empty() {
        return Some(vec![Err(IngestError::new(source, "empty payload"))]);
    }
    let declared = content_type.as_deref().and_then(charset::content_type_charset);
    Some(read_document(&source, kind, &body, declared.as_deref(), url.as_deref()))
}

/// Reads a document already in memory (decompressing it first), with language detection and
/// duplicate linking, as [`Reader`] does. Returns `None` for uncompressed plain text and for
/// binary content, which callers with a stricter plain-text path handle themselves.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Option<Vec<Item>> {
    let compressed = detect::compression(bytes) != detect::Compression::None;
    let plain;
    let bytes = if compressed {
        let mut out = Vec::new();
        let result = match detect::compression(bytes) {
            detect::Compression::Gzip => {
                flate2::read::MultiGzDecoder::new(bytes).take(MAX_DOCUMENT).read_to_end(&mut out)
            }
            _ => zstd::stream::read::Decoder::new(bytes).and_then(|d| d.take(MAX_DOCUMENT).read_to_end(&mut out)),
        };
        if let Err(e) = result {
            return Some(vec![Err(IngestError::new(name, warc::io_message(e)))]);
        }
        plain = out;
        &plain[..]
    } else {
        bytes
    };
    let kind = detect::kind(name, &bytes[..bytes.len().min(8192)]);
    if !compressed && matches!(kind, Kind::Text | Kind::Binary) {
        return None;
    }
    if bytes.is_empty() {
        return Some(vec![Err(IngestError::new(name, "empty input"))]);
    }
    let mut reader = Reader { inputs: VecDeque::new(), current: None, dedup: Some(dedup::Deduplicator::new()) };
    Some(read_document(name, kind, bytes, None, None).into_iter().map(|i| reader.finish(i)).collect())
}
