//! News-page chrome that readability-style extraction lets through: share and follow bars,
//! bylines and datelines, photo captions and credits, "related"/"recommended" lists, comment
//! sections, newsletter prompts, tag lists. Removed from the DOM before extraction (by tag,
//! and by `class`/`id` words) and, as a second net, dropped from the text by line patterns.

use dom_query::{Document, NodeRef};

/// Elements removed whatever their attributes.
const TAGS: &[&str] =
    &["figure", "figcaption", "nav", "aside", "footer", "form", "button", "select", "iframe", "svg", "template"];

/// Parts of a `class`/`id` name (split at `-`, `_` and case changes are not split) that mark
/// chrome wherever they appear in the name.
const PARTS: &[&str] = &[
    "share",
    "sharing",
    "sharebar",
    "social",
    "byline",
    "dateline",
    "timestamp",
    "caption",
    "related",
    "recommended",
    "recommendations",
    "newsletter",
    "subscribe",
    "comments",
    "comment",
    "disqus",
    "breadcrumb",
    "breadcrumbs",
    "sponsored",
    "promo",
    "advert",
    "advertisement",
    "outbrain",
    "taboola",
    "trending",
    "popular",
    "toolbar",
    "sidebar",
    "signup",
    "paywall",
    "cookie",
    "cookies",
    "modal",
    "popup",
    "gallery",
    "slideshow",
];

/// Whole `class`/`id` names (or their first part) that mark chrome.
const WHOLE: &[&str] = &[
    "hidden",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "print",
    "skip",
    "meta",
    "ad",
    "ads",
    "tags",
    "credit",
    "credits",
    "author",
    "authors",
    "byl",
];

/// Substrings of `class`/`id` that mark chrome.
const SUBSTRINGS: &[&str] =
    &["share", "social", "byline", "newsletter", "related", "recommend", "outbrain", "taboola", "caption"];

/// Elements that are never removed for their attributes (sites put `has-comments` on them).
const KEEP: &[&str] = &["html", "body", "main", "article"];

/// Removes chrome from a parsed page. An element holding more than a third of the body text is
/// kept whatever its attributes say.
pub fn clean(doc: &Document) {
    let Some(body) = doc.body() else { return };
    clean_under(body);
}

/// Removes chrome from an extracted fragment.
pub fn clean_fragment(doc: &Document) {
    clean_under(doc.root());
}

fn clean_under(body: NodeRef) {
    // Article text is measured in `<p>` text, unless the page hardly uses `<p>`.
    let by_paragraphs = paragraph_text(&body) >= 500;
    let measure = |n: &NodeRef| if by_paragraphs { paragraph_text(n) } else { n.text().len() };
    let total = measure(&body).max(1);
    let mut remove: Vec<NodeRef> = Vec::new();
    for node in body.descendants_it() {
        if !node.is_element() {
            continue;
        }
        let Some(name) = node.node_name() else { continue };
        let name = name.to_ascii_lowercase();
        if KEEP.contains(&name.as_str()) || name.starts_with('h') && name.len() == 2 {
            continue;
        }
        let marked = TAGS.contains(&name.as_str())
            || (name == "p" && link_paragraph(&node))
            || (matches!(name.as_str(), "ul" | "ol" | "div" | "section") && link_dense(&node))
            || node.has_attr("hidden")
            || node.attr("aria-hidden").is_some_and(|v| v.as_ref() == "true")
            || marked_by_attributes(&node);
        if marked && measure(&node) * 3 < total {
            remove.push(node);
        }
    }
    for node in remove {
        node.remove_from_parent();
    }
}

fn marked_by_attributes(node: &NodeRef) -> bool {
    let mut names = Vec::new();
    for a in ["class", "id"] {
        if let Some(v) = node.attr(a) {
            names.extend(v.split_whitespace().map(|n| n.to_ascii_lowercase()));
        }
    }
    if node.attr("role").is_some_and(|r| r.eq_ignore_ascii_case("complementary")) {
        return true;
    }
    names.iter().any(|n| {
        let first = n.split(['-', '_']).next().unwrap_or("");
        WHOLE.contains(&n.as_str())
            || WHOLE.contains(&first)
            || n.split(['-', '_']).any(|p| PARTS.contains(&p))
            || SUBSTRINGS.iter().any(|s| n.contains(s))
    })
}

/// A paragraph that is only a link (a "related story" teaser between paragraphs).
fn link_paragraph(node: &NodeRef) -> bool {
    let full = node.text();
    let text: usize = full.split_whitespace().map(|w| w.len() + 1).sum();
    // A bare URL is a reference the article cites, not a teaser.
    if text == 0 || full.trim_start().starts_with("http") {
        return false;
    }
    let link_text: usize = node
        .descendants_it()
        .filter(|d| d.is_element() && d.node_name().is_some_and(|n| n.eq_ignore_ascii_case("a")))
        .map(|a| a.text().split_whitespace().map(|w| w.len() + 1).sum::<usize>())
        .sum();
    link_text * 10 >= text * 9
}

/// A list or block that is mostly links (a "more stories" list): at least two links, and
/// link text at least 60% of its text, with no paragraph of prose.
fn link_dense(node: &NodeRef) -> bool {
    let mut links = 0;
    let mut link_text = 0;
    for d in node.descendants_it() {
        if !d.is_element() {
            continue;
        }
        match d.node_name().map(|n| n.to_ascii_lowercase()).as_deref() {
            Some("a") => {
                links += 1;
                link_text += d.text().split_whitespace().map(|w| w.len() + 1).sum::<usize>();
            }
            Some("p") if d.text().split_whitespace().count() > 25 => return false,
            _ => {}
        }
    }
    if links < 2 {
        return false;
    }
    let text: usize = node.text().split_whitespace().map(|w| w.len() + 1).sum();
    link_text * 10 >= text * 6 && text.saturating_sub(link_text) < 200
}

/// Bytes of text inside `<p>` elements under `node` (the measure of article text, which
/// script-heavy pages would swamp if all text counted).
fn paragraph_text(node: &NodeRef) -> usize {
    let own = node.node_name().is_some_and(|n| n.eq_ignore_ascii_case("p"));
    if own {
        return node.text().len();
    }
    node.descendants_it()
        .filter(|d| d.is_element() && d.node_name().is_some_and(|n| n.eq_ignore_ascii_case("p")))
        .map(|p| p.text().len())
        .sum()
}

/// Whether a short paragraph announces the end of the article and the start of teasers for
/// other stories ("You may also like", "More stories", "Most read").
pub fn is_tail_marker(para: &str) -> bool {
    if para.split_whitespace().count() > 8 {
        return false;
    }
    let lower = para.to_lowercase();
    let lower = lower.trim().trim_end_matches(['.', ':', '…', '?', '!']);
    const MARKERS: &[&str] = &[
        "you may also like",
        "you might also like",
        "want more stories like this",
        "more stories",
        "more top stories",
        "most popular",
        "most read",
        "trending now",
        "related coverage",
        "read next",
        "up next",
        "what to read next",
        "recommended stories",
        "more on this story",
        "latest news",
        "top stories",
    ];
    MARKERS.iter().any(|m| lower.starts_with(m))
}

/// Whether a paragraph of extracted text is chrome: short, and a caption, credit, share or
/// follow prompt, byline, time stamp, "related" heading, copyright line or comment count.
pub fn is_chrome_line(para: &str) -> bool {
    let words = para.split_whitespace().count();
    let lower = para.to_lowercase();
    let lower = lower.trim();
    const ANY_LENGTH: &[&str] =
        &["don't miss", "don’t miss", "also on ", "read more:", "related:", "click here to get", "like this story?"];
    if ANY_LENGTH.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if words > 15 {
        return false;
    }
    // A headline-case teaser: seven or more words and no lower-case letter (shorter ones are
    // subheadings).
    if words >= 7 && para.chars().any(char::is_alphabetic) && !para.chars().any(char::is_lowercase) {
        return true;
    }
    const EXACT: &[&str] = &[
        "advertisement",
        "advert",
        "caption",
        "close",
        "share",
        "share this",
        "share this article",
        "share this story",
        "comments",
        "related",
        "related articles",
        "related stories",
        "read more",
        "more",
        "print",
        "email",
        "ad",
        "hide caption",
        "toggle caption",
        "expand",
        "enlarge this image",
        "listen",
        "sponsored",
    ];
    if EXACT.contains(&lower.trim_end_matches([':', '.', '…'])) {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "photo:",
        "photograph:",
        "image:",
        "picture:",
        "credit:",
        "photo credit",
        "image credit",
        "caption:",
        "advertisement",
        "share on ",
        "share this",
        "follow us",
        "follow @",
        "sign up",
        "subscribe to",
        "read more",
        "related:",
        "related stories",
        "related articles",
        "you may also like",
        "you might also like",
        "recommended for you",
        "more from",
        "updated ",
        "updated:",
        "| updated",
        "published:",
        "see more:",
        "don't miss",
        "don’t miss",
        "posted ",
        "published ",
        "last updated",
        "copyright",
        "©",
        "all rights reserved",
        "tags:",
        "filed under",
        "leave a comment",
        "comments (",
        "view comments",
        "show comments",
    ];
    if PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if lower.starts_with("image ") && lower.contains(" of ") && words <= 5 {
        return true;
    }
    if let Some(n) = lower.strip_suffix(" comments").or_else(|| lower.strip_suffix(" comment")) {
        if n.chars().all(|c| c.is_ascii_digit()) {
            return true;
        }
    }
    // A byline: "By Jane Roe" / "By Jane Roe and John Doe, Reuters".
    if lower.starts_with("by ") && words <= 8 && !para.ends_with('.') {
        return true;
    }
    false
}
