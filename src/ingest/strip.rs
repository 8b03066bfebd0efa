//! Removal of what a page never shows as text — `<script>` and `<style>` elements, comments,
//! `<link>` elements, the content of `<svg>` drawings and the attributes nothing reads — from
//! the raw HTML, before it is parsed; whitespace between tags is shortened too. Scripts and
//! styles are over half the bytes of a typical news page, and the HTML parser is the largest
//! cost of extraction (it pays per tag, per attribute and per whitespace run, so drawings,
//! `data-*` attributes and indentation cost it more than their bytes suggest); readability
//! and the chrome pass would drop or ignore all of it anyway.
//! Metadata (JSON-LD lives in scripts, the canonical URL in a `<link>`) is read from the
//! unstripped page by [`super::meta`]. The chrome elements that the chrome pass removes
//! whatever their attributes (`<nav>`, `<footer>`, `<aside>`, `<form>`, `<select>`, `<figure>`,
//! `<button>`, `<template>`; a fifth of a news page's tags) are emptied, their tags kept so
//! that the tree keeps its shape, unless what is inside may matter to that pass (a byline, or
//! prose that could be the article).
//!
//! The scan follows the HTML tokenizer where it matters for finding these elements: quoted
//! attribute values, the raw-text elements whose content is not markup (`<title>`,
//! `<textarea>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`, `<plaintext>`), and the
//! escaped states of script data (`<!-- <script> … </script> -->` inside a script does not
//! end it). Everything it does not remove is copied unchanged, except that character data
//! made only of whitespace becomes one space or one or two line breaks (what the text of a
//! page keeps of it, `<pre>` included, once paragraphs are normalised).

use std::ops::Range;

/// The page without its scripts, styles, comments, links, drawings and unread attributes,
/// whitespace shortened.
pub fn strip_unrendered(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    // `copied` is where the next verbatim copy starts; `pos` is where scanning goes on;
    // `text_from` is where the character data before the next markup starts.
    let mut copied = 0;
    let mut pos = 0;
    let mut text_from = 0;
    // The parts of the markup at hand that are cut, in page order.
    let mut cuts = Vec::new();
    while let Some(lt) = find_byte(html, pos, b'<') {
        let rest = &b[lt + 1..];
        cuts.clear();
        // Where the markup at `lt` ends, and where character data resumes.
        let (end, data_from) = if rest.starts_with(b"!--") {
            let end = comment_end(html, lt + 4);
            cuts.push(lt..end);
            (end, end)
        } else if let Some(name) = tag_name(rest) {
            let attrs_from = lt + 1 + name.len();
            let raw = if name.eq_ignore_ascii_case(b"script") {
                Some(script_end(html, tag_end(html, attrs_from)))
            } else if name.eq_ignore_ascii_case(b"style") {
                Some(raw_text_end(html, tag_end(html, attrs_from), b"style"))
            } else {
                None
            };
            if let Some(close) = raw {
                let end = if close < b.len() { tag_end(html, close + 2) } else { close };
                cuts.push(lt..end);
                (end, end)
            } else if name.eq_ignore_ascii_case(b"link") {
                let end = tag_end(html, attrs_from);
                cuts.push(lt..end);
                (end, end)
            } else if name.eq_ignore_ascii_case(b"svg") {
                let start_end = tag_end(html, attrs_from);
                // The drawing's content goes; the empty `<svg>` stays for the chrome pass.
                let end = svg_content_end(html, start_end).map_or(start_end, |close| {
                    cuts.push(start_end..close);
                    close
                });
                (end, end)
            } else if let Some(chrome) = EMPTIED.iter().find(|t| name.eq_ignore_ascii_case(t.as_bytes())) {
                let start_end = unread_attributes(html, attrs_from, name, &mut cuts);
                let close = element_end(html, start_end, chrome.as_bytes());
                let end = close.filter(|&close| !may_matter(html, start_end, close)).map_or(start_end, |close| {
                    cuts.push(start_end..close);
                    close
                });
                (end, end)
            } else if name.eq_ignore_ascii_case(b"plaintext") {
                break;
            } else if let Some(text_tag) = RAW_TEXT_TAGS.iter().find(|t| name.eq_ignore_ascii_case(t.as_bytes())) {
                // The content is text up to the end tag, left as it is.
                let close = raw_text_end(html, tag_end(html, attrs_from), text_tag.as_bytes());
                (close, close)
            } else {
                let end = unread_attributes(html, attrs_from, name, &mut cuts);
                (end, end)
            }
        } else if matches!(rest.first(), Some(b'/' | b'!' | b'?')) {
            // An end tag, a doctype or a bogus comment: up to its `>`.
            let end = tag_end(html, lt + 2);
            (end, end)
        } else {
            pos = lt + 1;
            continue;
        };
        if let Some(short) = shorter_whitespace(&b[text_from..lt]) {
            out.push_str(&html[copied..text_from]);
            out.push_str(short);
            copied = lt;
        }
        for cut in &cuts {
            out.push_str(&html[copied..cut.start]);
            copied = cut.end;
        }
        pos = end;
        text_from = data_from;
    }
    out.push_str(&html[copied..]);
    out
}

/// Attribute names that something after the cut reads, on any element: the chrome pass
/// (`class`, `id`, `role`, `hidden`, `aria-hidden`, bylines' `rel`/`itemprop`), readability
/// (also `style` for `display: none`, `aria-modal`, `href` for link density, `lang`, `dir`,
/// `colspan`, `summary`, `datatable`, `loading`, the `<meta>` `name`/`property`/`content`
/// its title comes from) and the tree builder (`type` of `<input>`, `<meta>` `charset` /
/// `http-equiv`, `encoding`).
const READ_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "role",
    "hidden",
    "aria-hidden",
    "aria-modal",
    "rel",
    "itemprop",
    "style",
    "href",
    "src",
    "srcset",
    "lang",
    "dir",
    "colspan",
    "summary",
    "datatable",
    "loading",
    "name",
    "property",
    "content",
    "type",
    "charset",
    "http-equiv",
    "encoding",
];

/// Elements whose attributes are all kept: readability reads every attribute of images and
/// embeds (lazy-loading addresses in `data-*`, video URLs), and the tree builder reads
/// `<font>`'s `color`/`face`/`size`.
const ALL_ATTRIBUTES_READ: &[&str] = &["img", "picture", "source", "video", "audio", "object", "embed", "font"];

/// Adds to `cuts` the attributes nothing reads (`data-*`, `srcset` outside images,
/// `aria-label`, event handlers, `title`, `target`, …: a fifth of the bytes left after the
/// other cuts) of a start tag named `name` whose attributes start at `from`, each with the
/// whitespace before it; returns where the tag ends (just past its `>`, or the end of the
/// page). The tokenizer pays per attribute and per character of each name. Attributes are
/// delimited as the tokenizer delimits them.
fn unread_attributes(html: &str, from: usize, name: &[u8], cuts: &mut Vec<Range<usize>>) -> usize {
    let b = html.as_bytes();
    let keep_all = ALL_ATTRIBUTES_READ.iter().any(|t| name.eq_ignore_ascii_case(t.as_bytes()));
    let mut i = from;
    loop {
        let gap = i;
        // A `/` not before `>` is read as whitespace between attributes.
        while i < b.len() && (is_space(b[i]) || b[i] == b'/' && b.get(i + 1) != Some(&b'>')) {
            i += 1;
        }
        match b.get(i) {
            None => return b.len(),
            Some(b'>') => return i + 1,
            Some(b'/') => return i + 2,
            _ => {}
        }
        // A name runs to whitespace, `/`, `>` or `=`; its first character is part of it even
        // if it is `=`.
        let name_from = i;
        i += 1;
        while i < b.len() && !ends_name(b[i]) && b[i] != b'=' {
            i += 1;
        }
        let attr_name = &b[name_from..i];
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        if b.get(j) == Some(&b'=') {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            i = match b.get(j) {
                Some(&quote @ (b'"' | b'\'')) => find_byte(html, j + 1, quote).map_or(b.len(), |q| q + 1),
                // A missing value: the `>` ends the tag.
                Some(b'>') | None => j,
                _ => (j..b.len()).find(|&k| is_space(b[k]) || b[k] == b'>').unwrap_or(b.len()),
            };
        }
        if !keep_all && !READ_ATTRIBUTES.iter().any(|n| attr_name.eq_ignore_ascii_case(n.as_bytes())) {
            cuts.push(gap..i);
        }
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Chrome elements emptied before parsing.
const EMPTIED: &[&str] = &["nav", "footer", "aside", "form", "select", "figure", "button", "template"];

/// Where the `</name` closing an element whose content starts at `from` begins, counting
/// nested elements of the same name; `None` when it is never closed.
fn element_end(html: &str, from: usize, name: &[u8]) -> Option<usize> {
    let b = html.as_bytes();
    let mut depth = 0;
    let mut i = from;
    while let Some(lt) = find_byte(html, i, b'<') {
        if is_end_tag(b, lt, name) {
            if depth == 0 {
                return Some(lt);
            }
            depth -= 1;
        } else if is_name_at(b, lt + 1, name) {
            depth += 1;
        }
        i = lt + 1;
    }
    None
}

/// Whether the content of a chrome element, from `from` to `to`, may matter to the chrome
/// pass, which then decides on it in the tree as before: a byline element (`class="author"`,
/// `rel=author`, …), which it reads from what it removes, or a run of text as long as a
/// paragraph of prose (it keeps an element holding a third of the page's text, wherever the
/// article is). Searches run `memchr`/`memmem`; the words are matched without their first
/// letter, in either case.
fn may_matter(html: &str, from: usize, to: usize) -> bool {
    let content = &html[from..to];
    if ["uthor", "UTHOR", "yline", "YLINE"].iter().any(|w| content.contains(w)) {
        return true;
    }
    let mut i = from;
    while let Some(gt) = find_byte(html, i, b'>').filter(|&gt| gt < to) {
        let lt = find_byte(html, gt, b'<').unwrap_or(to).min(to);
        if lt - gt > PROSE_RUN {
            return true;
        }
        i = lt;
    }
    false
}

/// Bytes of text between two tags that a paragraph of prose has and menus and link lists do not.
const PROSE_RUN: usize = 200;

/// Where the content of an `<svg>` whose start tag ends at `start_end` ends: at its
/// `</svg`. `None` for a self-closed `<svg/>`, or a drawing never closed (HTML after it would
/// break out of it, so nothing is cut).
fn svg_content_end(html: &str, start_end: usize) -> Option<usize> {
    let b = html.as_bytes();
    if b.get(start_end.wrapping_sub(2)) == Some(&b'/') {
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
            "<a href=\"<script>x</script>\">t</a>",
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
    fn attributes_nothing_reads_go() {
        assert_eq!(
            strip_unrendered(
                "<div data-x=\"1\" class=a  aria-label='b>c' ID=d title=e /><a href=\"/x\" target=_blank>t</a>"
            ),
            "<div class=a ID=d /><a href=\"/x\">t</a>"
        );
        // Names and values are delimited as the tokenizer does; images keep everything.
        assert_eq!(strip_unrendered("<p x=\"1\"y='2'/z =3 role>"), "<p role>");
        assert_eq!(strip_unrendered("<img data-src=a.jpg alt=b>"), "<img data-src=a.jpg alt=b>");
        assert_eq!(strip_unrendered("<p title=\"never closed"), "<p");
    }

    #[test]
    fn chrome_elements_are_emptied() {
        assert_eq!(
            strip_unrendered("<nav class=n><ul><li><a href=/>Home</a></li><nav>x</nav></ul></nav><p>t</p><footer>f"),
            "<nav class=n></nav><p>t</p><footer>f"
        );
        // Unless a byline or a paragraph of prose may be inside: the chrome pass decides then.
        let prose = format!("<aside><p>{}</p></aside>", "word ".repeat(50));
        assert_eq!(strip_unrendered(&prose), prose);
        assert_eq!(
            strip_unrendered("<aside><span class=Author>A</span></aside>"),
            "<aside><span class=Author>A</span></aside>"
        );
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
