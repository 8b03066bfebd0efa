//! WARC archives (1.0/1.1, plain or gzip-per-record): a streaming record reader, and the split
//! of an HTTP response record into its header and payload (de-chunked and un-gzipped when the
//! header says so).

use std::io::{BufRead, Read};

/// Records larger than this are skipped with an error (they are not articles).
pub const MAX_RECORD: u64 = 64 << 20;

/// One WARC record: its named header fields and its block.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl Record {
    /// A header field by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// Reads records one by one. After an error in the framing (not a WARC header, a short block)
/// the reader stops: what follows cannot be found reliably.
pub struct Reader<R: BufRead> {
    input: R,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    pub fn new(input: R) -> Reader<R> {
        Reader { input, done: false }
    }

    fn read_line(&mut self, line: &mut Vec<u8>) -> Result<usize, String> {
        line.clear();
        let n = (&mut self.input).take(64 * 1024).read_until(b'\n', line).map_err(io_message)?;
        Ok(n)
    }

    fn next_record(&mut self) -> Result<Option<Record>, String> {
        let mut line = Vec::new();
        // Skip the blank lines that end the previous record.
        loop {
            if self.read_line(&mut line)? == 0 {
                return Ok(None);
            }
            if !line.iter().all(|b| b.is_ascii_whitespace()) {
                break;
            }
        }
        if !line.starts_with(b"WARC/") {
            return Err(format!(
                "not a WARC record header: {:?}",
                String::from_utf8_lossy(&line[..line.len().min(40)])
            ));
        }
        let mut headers = Vec::new();
        loop {
            if self.read_line(&mut line)? == 0 {
                return Err("the archive ends inside a record header".into());
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if let Some((k, v)) = text.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let length: u64 = header(&headers, "Content-Length")
            .ok_or("a WARC record without Content-Length")?
            .parse()
            .map_err(|_| "a WARC record with a bad Content-Length")?;
        if length > MAX_RECORD {
            std::io::copy(&mut (&mut self.input).take(length), &mut std::io::sink()).map_err(io_message)?;
            return Err(format!("a record of {length} bytes, larger than the {MAX_RECORD}-byte limit (skipped)"));
        }
        let mut block = Vec::with_capacity(length as usize);
        (&mut self.input).take(length).read_to_end(&mut block).map_err(io_message)?;
        if (block.len() as u64) < length {
            return Err(format!("the archive ends inside a record ({} of {length} bytes)", block.len()));
        }
        Ok(Some(Record { headers, block }))
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Record, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                // An oversized record was skipped whole; anything else breaks the framing.
                if !e.contains("limit (skipped)") {
                    self.done = true;
                }
                Some(Err(e))
            }
        }
    }
}

pub(crate) fn io_message(e: std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => format!("truncated input: the data ends early ({e})"),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => format!("corrupt data ({e})"),
        _ => format!("read error: {e}"),
    }
}

/// An HTTP response split into its parts.
#[derive(Clone, Debug, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// Splits an HTTP/1.x response (status line, header, blank line, payload). The payload is
/// de-chunked when the header says `Transfer-Encoding: chunked` and inflated when it says
/// `Content-Encoding: gzip`/`deflate` and the bytes are so encoded.
pub fn parse_http(block: &[u8]) -> Result<HttpResponse, String> {
    if !block.starts_with(b"HTTP/") {
        return Err("the response record does not hold an HTTP response".into());
    }
    let (head_len, sep) = match super::charset::find(block, b"\r\n\r\n") {
        Some(p) => (p, 4),
        None => match super::charset::find(block, b"\n\n") {
            Some(p) => (p, 2),
            None => (block.len(), 0),
        },
    };
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let mut body = block[(head_len + sep).min(block.len())..].to_vec();
    if header(&headers, "Transfer-Encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        if let Some(plain) = dechunk(&body) {
            body = plain;
        }
    }
    let encoding = header(&headers, "Content-Encoding").map(|v| v.to_ascii_lowercase()).unwrap_or_default();
    if encoding.contains("gzip") && body.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .map_err(|e| format!("gzip-encoded HTTP payload: {}", io_message(e)))?;
        body = out;
    } else if encoding.contains("deflate") {
        let mut out = Vec::new();
        if flate2::read::ZlibDecoder::new(&body[..]).read_to_end(&mut out).is_ok() {
            body = out;
        }
    }
    Ok(HttpResponse { status, headers, body })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = super::charset::find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        if data.len() < size {
            out.extend_from_slice(data);
            return Some(out);
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size..];
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_http() {
        let http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n";
        let mut warc =
            format!("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {}\r\n\r\n", http.len()).into_bytes();
        warc.extend_from_slice(http);
        warc.extend_from_slice(b"\r\n\r\n");
        let records: Vec<_> = Reader::new(&warc[..]).collect();
        assert_eq!(records.len(), 1);
        let r = records[0].as_ref().unwrap();
        assert_eq!(r.header("warc-type"), Some("response"));
        let resp = parse_http(&r.block).unwrap();
        assert_eq!(resp.status, 200);
        assert_eq!(resp.body, b"Hello world");
    }
}
