//! RSS and Atom feeds (and JSON Feed), read with `feed-rs`: one article per entry, from its
//! content or else its description/summary, with its link, date and author.

use super::{html, IngestError, IngestedArticle, Item};

/// The articles of a feed document. An unreadable feed gives one error; a feed without
/// entries gives an error saying so.
pub fn read(name: &str, bytes: &[u8]) -> Vec<Item> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => return vec![Err(IngestError::new(name, format!("unreadable feed: {e}")))],
    };
    if feed.entries.is_empty() {
        return vec![Err(IngestError::new(name, "the feed holds no entries"))];
    }
    let site = feed.title.as_ref().map(|t| html::fragment_text(&t.content)).filter(|t| !t.is_empty());
    let feed_lang = feed.language.clone();
    let mut out = Vec::with_capacity(feed.entries.len());
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let source = format!("{name}#{}", i + 1);
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .filter(|b| !b.trim().is_empty())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let text = html::fragment_text(&body);
        let title = entry.title.as_ref().map(|t| html::fragment_text(&t.content)).filter(|t| !t.is_empty());
        if text.is_empty() && title.is_none() {
            out.push(Err(IngestError::new(source, "the feed entry has no text")));
            continue;
        }
        let url = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.clone())
            .or_else(|| entry.id.starts_with("http").then(|| entry.id.clone()));
        let author = entry
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref())
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>();
        out.push(Ok(IngestedArticle {
            source,
            title,
            text,
            published: entry.published.or(entry.updated).map(|d| d.format("%Y-%m-%d").to_string()),
            author: (!author.is_empty()).then(|| author.join(", ")),
            site: site.clone().or_else(|| url.as_deref().and_then(super::meta::host)),
            url,
            language: entry.language.clone().or(feed_lang.clone()),
            duplicate_of: None,
        }));
    }
    out
}
