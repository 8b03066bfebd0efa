//! News-page chrome that readability-style extraction lets through: share and follow bars,
//! bylines and datelines, photo captions and credits, "related"/"recommended" lists, comment
//! sections, newsletter prompts, tag lists. Removed from the DOM before extraction (by tag,
//! and by `class`/`id` words) and, as a second net, dropped from the text by line patterns.

use rustc_hash::FxHashMap;

use dom_query::{Document, NodeData, NodeId, NodeRef};

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
pub fn clean(doc: &Document) -> Option<String> {
    let body = doc.body()?;
    clean_under(body)
}

/// Removes chrome inside the extracted article element; returns the first byline found in it.
pub fn clean_article(article: &NodeRef) -> Option<String> {
    clean_under(*article)
}

/// The text of a removed byline element, or of the first one inside a removed block (a
/// header or an author box removed whole): "By Jane Roe, Diplomatic Correspondent".
fn byline_in(node: &NodeRef) -> Option<String> {
    byline_text(node).or_else(|| node.descendants_it().filter(NodeRef::is_element).find_map(|d| byline_text(&d)))
}

/// The text of a byline element (`class`/`id` with "byline" or "author", `rel=author` or
/// `itemprop=author`), when it is short enough to be one.
fn byline_text(node: &NodeRef) -> Option<String> {
    // Attributes are read in place: this runs on every element before the first paragraph.
    let named = node.element_ref().is_some_and(|el| {
        el.attrs.iter().any(|a| {
            matches!(&*a.name.local, "class" | "id" | "rel" | "itemprop")
                && (contains_ci(&a.value, "byline") || contains_ci(&a.value, "author"))
        })
    });
    if !named {
        return None;
    }
    let text = node.text().split_whitespace().collect::<Vec<_>>().join(" ");
    let words = text.split_whitespace().count();
    ((2..=10).contains(&words) && text.chars().next().is_some_and(char::is_alphabetic)).then_some(text)
}

/// ASCII case-insensitive substring test (no allocation: it runs on most elements).
fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Text measures of a subtree, gathered in one bottom-up pass.
#[derive(Clone, Copy, Default)]
struct Stats {
    /// Text length with whitespace runs counted as one.
    text: usize,
    /// The same, inside `<a>` elements.
    link_text: usize,
    /// The same, inside `<p>` elements.
    p_text: usize,
    links: usize,
    /// Holds a `<p>` of more than 25 words.
    long_p: bool,
    /// Its text starts with "http" (only kept for `<p>`).
    url_like: bool,
}

fn text_len(s: &str) -> (usize, usize) {
    let mut len = 0;
    let mut words = 0;
    for w in s.split_whitespace() {
        len += w.len() + 1;
        words += 1;
    }
    (len, words)
}

/// Stats of every element under `root`, by node id, computed without recursion.
fn gather(root: &NodeRef) -> FxHashMap<NodeId, Stats> {
    let mut stats: FxHashMap<NodeId, Stats> = FxHashMap::default();
    // Post-order: a node is finished after all its children.
    let mut stack: Vec<(NodeRef, bool)> = vec![(*root, false)];
    while let Some((node, done)) = stack.pop() {
        if !done {
            stack.push((node, true));
            let mut child = node.first_child();
            while let Some(c) = child {
                child = c.next_sibling();
                if c.is_element() {
                    stack.push((c, false));
                }
            }
            continue;
        }
        let mut st = Stats::default();
        let mut words = 0;
        let mut child = node.first_child();
        while let Some(c) = child {
            // Text is measured in place, not copied out of the tree.
            let text = c.query(|n| match &n.data {
                NodeData::Text { contents } => Some(text_len(contents)),
                _ => None,
            });
            if let Some((len, w)) = text.flatten() {
                st.text += len;
                words += w;
            } else if let Some(cs) = stats.get(&c.id) {
                st.text += cs.text;
                st.link_text += cs.link_text;
                st.p_text += cs.p_text;
                st.links += cs.links;
                st.long_p |= cs.long_p;
            }
            child = c.next_sibling();
        }
        // The parser lower-cases HTML element names.
        if node.has_name("a") {
            st.link_text = st.text;
            st.links += 1;
        } else if node.has_name("p") {
            st.p_text = st.text;
            st.long_p |= words > 25 || st.text > 180;
            st.url_like = node.text().trim_start().starts_with("http");
        }
        stats.insert(node.id, st);
    }
    stats
}

/// Removes chrome under `body`; returns the first byline it removed.
fn clean_under(body: NodeRef) -> Option<String> {
    let stats = gather(&body);
    let get = |n: &NodeRef| stats.get(&n.id).copied().unwrap_or_default();
    let root = get(&body);
    // Article text is measured in `<p>` text, unless the page hardly uses `<p>`.
    let by_paragraphs = root.p_text >= 500;
    let measure = |st: &Stats| if by_paragraphs { st.p_text } else { st.text };
    let total = measure(&root).max(1);
    let mut remove: Vec<NodeRef> = Vec::new();
    let mut byline = None;
    let mut past_first_paragraph = false;
    // Pre-order, not descending into what is removed.
    let mut stack: Vec<NodeRef> = Vec::new();
    let mut child = body.first_child();
    while let Some(c) = child {
        child = c.next_sibling();
        stack.push(c);
    }
    stack.reverse();
    while let Some(node) = stack.pop() {
        if !node.is_element() {
            continue;
        }
        let Some(local) = node.qual_name_ref().map(|q| q.local.clone()) else { continue };
        let name: &str = &local;
        let st = get(&node);
        let keep = KEEP.contains(&name) || name.starts_with('h') && name.len() == 2;
        let marked = !keep
            && (TAGS.contains(&name)
                || (name == "p" && !st.url_like && st.text > 0 && st.link_text * 10 >= st.text * 9)
                || (matches!(name, "ul" | "ol" | "div" | "section")
                    && st.links >= 2
                    && !st.long_p
                    && st.link_text * 10 >= st.text * 6
                    && st.text.saturating_sub(st.link_text) < 200)
                || node.has_attr("hidden")
                || node.attr("aria-hidden").is_some_and(|v| v.as_ref() == "true")
                || marked_by_attributes(&node));
        if marked && measure(&st) * 3 < total {
            // A byline counts only before the article's first long paragraph (later ones
            // belong to comments and teasers).
            if byline.is_none() && !past_first_paragraph {
                byline = byline_in(&node);
            }
            remove.push(node);
            continue;
        }
        if name == "p" && st.long_p {
            past_first_paragraph = true;
        }
        // A byline the page keeps in its text (`class="article__author"`) names the author too.
        if byline.is_none() && !past_first_paragraph {
            byline = byline_text(&node);
        }
        let mut kids = Vec::new();
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            if c.is_element() {
                kids.push(c);
            }
        }
        stack.extend(kids.into_iter().rev());
    }
    for node in remove {
        node.remove_from_parent();
    }
    byline
}

/// Whether `role=complementary` or a `class`/`id` name marks the element as chrome; read in
/// place, without copies (it runs on most elements).
fn marked_by_attributes(node: &NodeRef) -> bool {
    node.element_ref().is_some_and(|el| {
        el.attrs.iter().any(|a| match &*a.name.local {
            "role" => a.value.eq_ignore_ascii_case("complementary"),
            "class" | "id" => a.value.split_whitespace().any(is_chrome_name),
            _ => false,
        })
    })
}

/// Whether one `class`/`id` name marks chrome (ASCII case ignored).
fn is_chrome_name(name: &str) -> bool {
    let is_listed = |list: &[&str], part: &str| list.iter().any(|w| w.eq_ignore_ascii_case(part));
    let first = name.split(['-', '_']).next().unwrap_or("");
    is_listed(WHOLE, name)
        || is_listed(WHOLE, first)
        || name.split(['-', '_']).any(|p| is_listed(PARTS, p))
        || SUBSTRINGS.iter().any(|s| contains_ci(name, s))
}

/// The first `chars` characters of `s`.
fn prefix(s: &str, chars: usize) -> &str {
    s.char_indices().nth(chars).map_or(s, |(i, _)| &s[..i])
}

/// Whether a short paragraph announces the end of the article and the start of teasers for
/// other stories ("You may also like", "More stories", "Most read").
pub fn is_tail_marker(para: &str) -> bool {
    if para.split_whitespace().nth(8).is_some() {
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
    // Words are counted only as far as the tests below look, and a long paragraph (most of the
    // text) is lower-cased only at its start, the only part compared.
    let words = para.split_whitespace().take(16).count();
    let start = if words > 15 { prefix(para.trim_start(), 64) } else { para };
    let lower = start.to_lowercase();
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
