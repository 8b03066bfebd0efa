//! Decoding bytes to text: byte-order mark; then UTF-8 when the bytes are valid UTF-8 and not
//! pure ASCII (legacy-charset text practically never is, and re-saved pages keep stale
//! declarations); then the charset the HTTP header declares, then a `<meta>` charset in the
//! first bytes of an HTML page; then a guess by `chardetng` (Windows-1251/1252, ISO-8859-x,
//! GB18030, Shift-JIS, …).
//! Undecodable bytes become U+FFFD; decoding itself never fails.

use encoding_rs::{Encoding, UTF_8};

/// Decodes `bytes`. `declared` is a charset label from outside the document (an HTTP
/// `Content-Type`); `html` enables the `<meta charset>` prescan. Returns the text and the
/// name of the encoding used.
pub fn decode(bytes: &[u8], declared: Option<&str>, html: bool) -> (String, &'static str) {
    let encoding = choose(bytes, declared, html);
    let (text, used, _) = encoding.decode(bytes);
    (text.into_owned(), used.name())
}

/// The encoding [`decode`] would use.
pub fn choose(bytes: &[u8], declared: Option<&str>, html: bool) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    // Text in a legacy charset is practically never valid UTF-8 once it has non-ASCII bytes,
    // while pages re-saved as UTF-8 often keep their old declaration: valid UTF-8 wins.
    if valid_utf8 && !bytes.is_ascii() {
        return UTF_8;
    }
    let label = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    let label = label.or_else(|| if html { meta_charset(bytes) } else { None });
    if let Some(enc) = label {
        if enc != UTF_8 || valid_utf8 {
            return enc;
        }
    }
    if valid_utf8 {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, true)
}

/// The charset a page declares in a `<meta charset>` or `<meta http-equiv content>` tag within
/// its first 8 KB.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(8192)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    // A page that is UTF-16 on the wire would not be readable as ASCII here.
                    return Some(if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                        UTF_8
                    } else {
                        enc
                    });
                }
            }
        }
        from = end;
    }
    None
}

/// The `charset` parameter of an HTTP `Content-Type` value.
pub fn content_type_charset(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let pos = lower.find("charset=")?;
    let value = content_type[pos + 8..].trim_start().trim_start_matches(['"', '\'']);
    let end = value.find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace()).unwrap_or(value.len());
    (end > 0).then(|| value[..end].to_string())
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_and_http_charsets() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        let (text, enc) = decode(page, None, true);
        assert_eq!(enc, "windows-1251");
        assert!(text.contains("Привет"));
        assert_eq!(content_type_charset("text/html; charset=\"ISO-8859-2\""), Some("ISO-8859-2".into()));
        let (text, _) = decode(b"caf\xe9", Some("iso-8859-1"), false);
        assert_eq!(text, "café");
    }

    #[test]
    fn guesses_east_asian_and_western_legacy_text() {
        let cases: [(&'static encoding_rs::Encoding, &str); 3] = [
            (
                encoding_rs::SHIFT_JIS,
                "東京で月曜日、両国の外相が会談し、国境問題に関する協議を再開することで合意した。",
            ),
            (
                encoding_rs::GB18030,
                "两国外交部长星期一在北京会晤，同意恢复关于边界问题的谈判，并将于下月举行新一轮会谈。",
            ),
            (
                encoding_rs::WINDOWS_1252,
                "Les ministres se sont réunis à Genève jeudi et ont décidé de reprendre les négociations.",
            ),
        ];
        for (enc, text) in cases {
            let bytes = enc.encode(text).0;
            let (decoded, _) = decode(&bytes, None, false);
            assert_eq!(decoded, text, "{}", enc.name());
        }
    }

    #[test]
    fn valid_utf8_beats_a_stale_declaration() {
        let page = "<meta charset=gb2312><p>腾讯网 新电脑</p>".as_bytes();
        assert_eq!(decode(page, None, true).1, "UTF-8");
    }

    #[test]
    fn guesses_undeclared_legacy_text() {
        let bytes =
            encoding_rs::WINDOWS_1251.encode("Москва заявила, что переговоры продолжатся на следующей неделе.").0;
        let (text, enc) = decode(&bytes, None, false);
        assert_eq!(enc, "windows-1251");
        assert!(text.starts_with("Москва"));
    }
}
