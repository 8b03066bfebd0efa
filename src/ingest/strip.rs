//! Removal of what a page never shows as text — `<script>` and `<style>` elements, comments,
//! `<link>` elements and the content of `<svg>` drawings — from the raw HTML, before it is
//! parsed; whitespace between tags is shortened too. Scripts and styles are over half the
//! bytes of a typical news page, and the HTML parser is the largest cost of extraction (it
//! pays per tag and per whitespace run, so drawings and indentation cost it more than their
//! bytes suggest); readability and the chrome pass would drop all of it from the tree anyway.
//! Metadata (JSON-LD lives in scripts, the canonical URL in a `<link>`) is read from the
//! unstripped page by [`super::meta`].
//!
//! The scan follows the HTML tokenizer where it matters for finding these elements: quoted
//! attribute values, the raw-text elements whose content is not markup (`<title>`,
//! `<textarea>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`, `<plaintext>`), and the
//! escaped states of script data (`<!-- <script> … </script> -->` inside a script does not
//! end it). Everything it does not remove is copied unchanged, except that character data
//! made only of whitespace becomes one space or one or two line breaks (what the text of a
//! page keeps of it, `<pre>` included, once paragraphs are normalised).

/// The page without its scripts, styles, comments, links and drawings, whitespace shortened.
pub fn strip_unrendered(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    // `copied` is where the next verbatim copy starts; `pos` is where scanning goes on;
    // `text_from` is where the character data before the next markup starts.
    let mut copied = 0;
    let mut pos = 0;
    let mut text_from = 0;
    while let Some(lt) = find_byte(html, pos, b'<') {
        let rest = &b[lt + 1..];
        // Where the markup at `lt` ends, where the part of it that is cut starts (if any), and
        // where character data resumes.
        let (end, cut_from, data_from) = if rest.starts_with(b"!--") {
            let end = comment_end(html, lt + 4);
            (end, Some(lt), end)
        } else if let Some(name) = tag_name(rest) {
            let start_end = tag_end(html, lt + 1 + name.len());
            let raw = if name.eq_ignore_ascii_case(b"script") {
                Some(script_end(html, start_end))
            } else if name.eq_ignore_ascii_case(b"style") {
                Some(raw_text_end(html, start_end, b"style"))
            } else {
                None
            };
            if let Some(close) = raw {
                let end = if close < b.len() { tag_end(html, close + 2) } else { close };
                (end, Some(lt), end)
            } else if name.eq_ignore_ascii_case(b"link") {
                (start_end, Some(lt), start_end)
            } else if let Some(close) = svg_content_end(html, name, start_end) {
                // The drawing's content goes; the empty `<svg>` stays for the chrome pass.
                (close, Some(start_end), close)
            } else if name.eq_ignore_ascii_case(b"plaintext") {
                break;
            } else if let Some(text_tag) = RAW_TEXT_TAGS.iter().find(|t| name.eq_ignore_ascii_case(t.as_bytes())) {
                // The content is text up to the end tag, left as it is.
                let close = raw_text_end(html, start_end, text_tag.as_bytes());
                (close, None, close)
            } else {
                (start_end, None, start_end)
            }
        } else if matches!(rest.first(), Some(b'/' | b'!' | b'?')) {
            // An end tag, a doctype or a bogus comment: up to its `>`.
            let end = tag_end(html, lt + 2);
            (end, None, end)
        } else {
            pos = lt + 1;
            continue;
        };
        if let Some(short) = shorter_whitespace(&b[text_from..lt]) {
            out.push_str(&html[copied..text_from]);
            out.push_str(short);
            copied = lt;
        }
        if let Some(from) = cut_from {
            out.push_str(&html[copied..from]);
            copied = end;
        }
        pos = end;
        text_from = data_from;
    }
    out.push_str(&html[copied..]);
    out
}

/// Where the content of an `<svg>` start tag (`name`, ending at `start_end`) ends: at its
/// `</svg`. `None` for other tags, a self-closed `<svg/>`, or a drawing never closed (HTML
/// after it would break out of it, so nothing is cut).
fn svg_content_end(html: &str, name: &[u8], start_end: usize) -> Option<usize> {
    let b = html.as_bytes();
    if !name.eq_ignore_ascii_case(b"svg") || b.get(start_end.wrapping_sub(2)) == Some(&b'/') {
        return None;
    }
    let close = raw_text_end(html, start_end, b"svg");
    (close < b.len()).then_some(close)
}

/// A shorter equivalent of character data that is only whitespace: one space, or one or two
/// line breaks when it holds as many (a blank line inside `<pre>` still separates paragraphs).
/// `None` when `text` holds anything else or is already as short.
fn shorter_whitespace(text: &[u8]) -> Option<&'static str> {
    if text.len() < 2 {
        return None;
    }
    let mut breaks = 0;
    for (i, &c) in text.iter().enumerate() {
        match c {
            b'\n' => breaks += 1,
            // A carriage return is a line break unless a line feed follows it.
            b'\r' if text.get(i + 1) != Some(&b'\n') => breaks += 1,
            b' ' | b'\t' | b'\r' | b'\x0c' => {}
            _ => return None,
        }
    }
    let short = match breaks {
        0 => " ",
        1 => "\n",
        _ => "\n\n",
    };
    (short.len() < text.len()).then_some(short)
}

/// Elements whose content the tokenizer reads as text up to their end tag (besides
/// `<script>` and `<style>`, which are removed).
const RAW_TEXT_TAGS: &[&str] = &["title", "textarea", "xmp", "iframe", "noembed", "noframes"];

/// The next `byte` (ASCII) at or after `from`. A `str` search, as it runs `memchr` (a byte
/// loop here took a quarter of the time parsing saved); every position passed is just after
/// an ASCII byte, so on a character boundary.
fn find_byte(html: &str, from: usize, byte: u8) -> Option<usize> {
    html.get(from..)?.find(char::from(byte)).map(|i| from + i)
}

/// The name of a start tag, `rest` being what follows its `<`: an ASCII letter, then up to
/// whitespace, `/` or `>`.
fn tag_name(rest: &[u8]) -> Option<&[u8]> {
    if !rest.first()?.is_ascii_alphabetic() {
        return None;
    }
    let len = rest.iter().position(|&c| ends_name(c)).unwrap_or(rest.len());
    Some(&rest[..len])
}

fn ends_name(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
}

/// Just past the `>` that closes a tag whose attributes start at `from`; a quoted attribute
/// value may hold `>`. The end of the page if it is never closed.
fn tag_end(html: &str, from: usize) -> usize {
    let b = html.as_bytes();
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if let Some(&quote @ (b'"' | b'\'')) = b.get(i) {
                    i = find_byte(html, i + 1, quote).map_or(b.len(), |q| q + 1);
                }
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Just past the end of a comment whose `<!--` ends before `from` (`-->`, `--!>`, or the
/// abrupt `<!-->` and `<!--->`); the end of the page if it is never closed.
fn comment_end(html: &str, from: usize) -> usize {
    let b = html.as_bytes();
    let rest = &b[from.min(b.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut i = from;
    while let Some(d) = html.get(i..).and_then(|r| r.find("--")).map(|d| i + d) {
        match &b[d + 2..] {
            [b'>', ..] => return d + 3,
            [b'!', b'>', ..] => return d + 4,
            _ => i = d + 1,
        }
    }
    b.len()
}

/// Whether an end tag named `name` starts at `at` (`</name` then whitespace, `/` or `>`).
fn is_end_tag(b: &[u8], at: usize, name: &[u8]) -> bool {
    b.get(at + 1) == Some(&b'/') && is_name_at(b, at + 2, name)
}

/// Whether `name` (any case) followed by whitespace, `/` or `>` starts at `at`.
fn is_name_at(b: &[u8], at: usize, name: &[u8]) -> bool {
    b.get(at..at + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name))
        && b.get(at + name.len()).is_some_and(|&c| ends_name(c))
}

/// Where the end tag `</name` of a raw-text element whose content starts at `from` begins;
/// the end of the page if there is none.
fn raw_text_end(html: &str, from: usize, name: &[u8]) -> usize {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(lt) = find_byte(html, i, b'<') {
        if is_end_tag(b, lt, name) {
            return lt;
        }
        i = lt + 1;
    }
    b.len()
}

/// Where the `</script` that ends script data starting at `from` begins (the end of the page
/// if none does), following the tokenizer's escaped and double-escaped states: after `<!--`
/// a `<script>` opens a nested section in which `</script>` does not end the element, until
/// `-->`.
fn script_end(html: &str, from: usize) -> usize {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let b = html.as_bytes();
    let mut state = State::Data;
    let mut dashes = 0;
    let mut i = from;
    while i < b.len() {
        if state == State::Data {
            // Only `<` matters here: jump to it.
            let Some(lt) = find_byte(html, i, b'<') else { break };
            if b[lt + 1..].starts_with(b"!--") {
                state = State::Escaped;
                // `<!-->` closes at once: its two dashes count.
                dashes = 2;
                i = lt + 4;
                continue;
            }
            if is_end_tag(b, lt, b"script") {
                return lt;
            }
            i = lt + 1;
            continue;
        }
        match b[i] {
            b'-' => {
                dashes += 1;
                i += 1;
                continue;
            }
            b'>' if dashes >= 2 => state = State::Data,
            b'<' if is_end_tag(b, i, b"script") => {
                if state == State::Escaped {
                    return i;
                }
                state = State::Escaped;
            }
            b'<' if state == State::Escaped && is_name_at(b, i + 1, b"script") => state = State::DoubleEscaped,
            _ => {}
        }
        dashes = 0;
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::strip_unrendered;

    #[test]
    fn scripts_styles_and_comments_go() {
        assert_eq!(
            strip_unrendered("<p>a<script type=x>if (a<b) {}</script>b<!-- c -->d<STYLE>p{}</style >e</p>"),
            "<p>abde</p>"
        );
        assert_eq!(strip_unrendered("a<!-->b<!--->c<!-- x --!>d<!-- y"), "abcd");
        assert_eq!(strip_unrendered("a<script>never closed"), "a");
    }

    #[test]
    fn script_data_is_read_as_the_tokenizer_reads_it() {
        // `</scripts>` is no end tag; in an escaped section a nested `<script>` hides `</script>`.
        assert_eq!(strip_unrendered("a<script>x='</scripts>'</script>b"), "ab");
        assert_eq!(strip_unrendered("a<script><!-- document.write('<script>f()</script>') --></script>b"), "ab");
        assert_eq!(strip_unrendered("a<script><!-- x </script>b"), "ab");
        assert_eq!(strip_unrendered("a<script>x<!-->y</script>b"), "ab");
    }

    #[test]
    fn what_is_not_markup_stays() {
        for kept in [
            "<a title=\"<script>x</script>\">t</a>",
            "<title>a <!-- b --></title>",
            "<textarea><script>x</script></textarea>",
            "<plaintext><!-- a -->",
            "a < b <!",
            "<p>é</p",
        ] {
            assert_eq!(strip_unrendered(kept), kept);
        }
        assert_eq!(strip_unrendered("<title>x</title><!--y-->z"), "<title>x</title>z");
        assert_eq!(
            strip_unrendered("<title>\n  x</title><textarea>  \n\n </textarea>"),
            "<title>\n  x</title><textarea>  \n\n </textarea>"
        );
    }

    #[test]
    fn links_and_drawings_go() {
        assert_eq!(
            strip_unrendered("<head><link rel=canonical href=\"/a\"><title>t</title></head>"),
            "<head><title>t</title></head>"
        );
        assert_eq!(
            strip_unrendered("<a><svg viewBox=\"0 0 1 1\"><path d=\"M0\"/><title>x</title></svg>y</a><svg/>z"),
            "<a><svg viewBox=\"0 0 1 1\"></svg>y</a><svg/>z"
        );
        // A drawing never closed is left alone: what follows would break out of it.
        assert_eq!(strip_unrendered("<svg><path/><p>text"), "<svg><path/><p>text");
    }

    #[test]
    fn whitespace_between_tags_is_shortened() {
        assert_eq!(
            strip_unrendered("<p>a</p>\n    <p>b</p>  <i>c</i> <b>d</b>\r\n\r\n\t<pre>\n\n\n</pre>"),
            "<p>a</p>\n<p>b</p> <i>c</i> <b>d</b>\n\n<pre>\n\n</pre>"
        );
        // Text with words keeps its spacing; a lone carriage return is a line break.
        assert_eq!(strip_unrendered("<p> a  \n b </p>\r \r<p>"), "<p> a  \n b </p>\n\n<p>");
    }
}
