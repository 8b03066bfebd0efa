//! Main-text extraction from an HTML page: the base library finds the article body; news
//! chrome it lets through (bylines, share and follow prompts, comment counts, "related"
//! lists, newsletter sign-ups) is dropped; paragraphs come out separated by blank lines.

use super::{meta, IngestedArticle};

/// The article of an HTML page: main text and metadata. `url` is where it came from.
pub fn article_from_html(html: &str, source: &str, url: Option<&str>) -> IngestedArticle {
    let m = meta::extract(html, url);
    let (text, byline) = extract(html);
    IngestedArticle {
        source: source.to_string(),
        title: m.title,
        text,
        published: m.published,
        author: m.author.or_else(|| byline.map(|b| meta::clean_author(&b)).filter(|a| !a.is_empty())),
        url: m.url,
        site: m.site,
        language: m.language,
        duplicate_of: None,
    }
}

/// The main text of a page: chrome removed from the DOM ([`super::chrome::clean`]), the
/// article found by `dom_smoothie` (a Readability.js port), chrome removed again inside it,
/// formatted as paragraphs, chrome lines and trailing teasers dropped.
pub fn extract_text(html: &str) -> String {
    extract(html).0
}

/// The element `dom_smoothie` puts the article in, in its tree after parsing.
const ARTICLE_SELECTOR: &str = "#readability-page-1";

/// The main text, and the byline found among the chrome.
fn extract(html: &str) -> (String, Option<String>) {
    let doc = dom_query::Document::from(super::strip::strip_unrendered(html));
    let mut byline = super::chrome::clean(&doc);
    // Classes are kept so that chrome inside the chosen content can be recognised too. The
    // library's own text and JSON-LD metadata are not used (the text is made from the cleaned
    // fragment, the metadata by `meta`), so the cheapest settings are taken for them.
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Raw,
        keep_classes: true,
        disable_json_ld: true,
        ..Default::default()
    };
    // The article is taken from the library's own tree (the element it returns as HTML),
    // not re-parsed from that HTML.
    let mut raw = String::new();
    if let Ok(mut reader) = dom_smoothie::Readability::with_document(doc, None, Some(cfg)) {
        if reader.parse().is_ok() {
            let content = reader.doc.select_single(ARTICLE_SELECTOR);
            if let Some(article) = content.nodes().first() {
                let inner = super::chrome::clean_article(article);
                byline = byline.or(inner);
                raw = article.formatted_text().to_string();
            }
        }
    }
    let text = normalise_text(&raw);
    let paras: Vec<&str> = text.split("\n\n").collect();
    // Teasers for other stories after a "You may also like" in the second half are dropped.
    let half = text.len() / 2;
    let mut offset = 0;
    let mut end = paras.len();
    for (i, p) in paras.iter().enumerate() {
        if offset > half && super::chrome::is_tail_marker(p) {
            end = i;
            break;
        }
        offset += p.len() + 2;
    }
    let kept: Vec<&str> = paras[..end].iter().copied().filter(|p| !super::chrome::is_chrome_line(p)).collect();
    (kept.join("\n\n"), byline)
}

/// Plain text with paragraphs separated by one blank line: whitespace inside a paragraph is
/// collapsed to single spaces (a single line break inside a paragraph is a hard wrap);
/// control characters are dropped.
pub fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // What goes before the next word: nothing at the start, a blank line after an empty line.
    let mut sep = "";
    for line in text.lines() {
        let mut empty = true;
        for word in line.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()) {
            out.push_str(sep);
            out.push_str(word);
            sep = " ";
            empty = false;
        }
        if empty && !out.is_empty() {
            sep = "\n\n";
        }
    }
    out
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "figure",
    "figcaption",
    "pre",
    "hr",
    "header",
    "footer",
    "aside",
    "dd",
    "dt",
    "dl",
];

/// The text of an HTML fragment (a feed entry's content): tags dropped, block elements made
/// paragraphs, entities decoded. Text with no markup is returned normalised.
pub fn fragment_text(fragment: &str) -> String {
    if !fragment.contains('<') {
        return normalise_text(&meta::decode_entities(fragment));
    }
    let mut out = String::with_capacity(fragment.len());
    let mut rest = fragment;
    while let Some(lt) = rest.find('<') {
        out.push_str(&meta::decode_entities(&rest[..lt]).replace('\n', " "));
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = rest[1..end].trim_end_matches('>');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &rest[end..];
        if matches!(name.as_str(), "script" | "style") && !tag.starts_with('/') {
            let close = format!("</{name}");
            let pos = rest.to_ascii_lowercase().find(&close);
            rest = pos.map_or("", |p| &rest[p..]);
            continue;
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            out.push_str("\n\n");
        } else if name == "img" {
            out.push(' ');
        }
    }
    out.push_str(&meta::decode_entities(rest));
    normalise_text(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_and_paragraphs() {
        assert_eq!(
            fragment_text("<p>One &amp; two.</p><p>Three<br>four</p><script>x()</script>"),
            "One & two.\n\nThree\n\nfour"
        );
        assert_eq!(normalise_text("  a\n b \n\n\n c  "), "a b\n\nc");
        for odd in ["<", "<é", "a <!-- x", "<script>never closed", "&#xD800; &#99999999;", "<p>é</p", "</>"] {
            fragment_text(odd);
            extract_text(odd);
            super::super::meta::extract(odd, None);
        }
    }

    #[test]
    fn a_byline_the_page_keeps_names_the_author() {
        let para = "Diplomats met in Geneva on Monday to resume talks on a ceasefire. ".repeat(8);
        let page = format!(
            "<html><body><article><h1>Talks resume</h1><div class=\"article__author\">By Jane Roe</div>\
             <p>{para}</p><p>{para}</p></article></body></html>"
        );
        assert_eq!(article_from_html(&page, "page", None).author.as_deref(), Some("Jane Roe"));
    }
}
