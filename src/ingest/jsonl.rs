//! JSON lines: one object per line, with the article as `text` (plain) or `html` (a page, whose
//! main text is extracted), and optional `url`, `title`, `date`/`published`, `author`, `site`,
//! `language`/`lang` and `id`. A bad line gives an error naming it; the others are read.

use super::{html, meta, IngestError, IngestedArticle, Item};

/// The articles of a JSON-lines document.
pub fn read(name: &str, text: &str) -> Vec<Item> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let source = format!("{name}#{}", i + 1);
        out.push(read_line(source, line));
    }
    if out.is_empty() {
        out.push(Err(IngestError::new(name, "empty input: no JSON lines")));
    }
    out
}

fn read_line(source: String, line: &str) -> Item {
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return Err(IngestError::new(source, format!("invalid JSON: {e}"))),
    };
    let Some(obj) = value.as_object() else {
        return Err(IngestError::new(source, "the line is not a JSON object"));
    };
    let field = |names: &[&str]| -> Option<String> {
        names
            .iter()
            .find_map(|n| obj.get(*n).and_then(|v| v.as_str()))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let url = field(&["url", "link"]);
    let mut article = if let Some(page) = field(&["html", "raw_html", "content_html"]) {
        html::article_from_html(&page, &source, url.as_deref())
    } else if let Some(text) = field(&["text", "body", "content", "articleBody"]) {
        IngestedArticle { source: source.clone(), text: html::normalise_text(&text), ..Default::default() }
    } else {
        return Err(IngestError::new(source, "no `text` or `html` field"));
    };
    article.source = source;
    if let Some(t) = field(&["title", "headline"]) {
        article.title = Some(t);
    }
    if let Some(d) = field(&["published", "date", "datePublished", "published_at", "publish_date"]) {
        // An unreadable date is left out rather than failing the article.
        if let Some(iso) = meta::iso_date(&d) {
            article.published = Some(iso);
        }
    }
    if let Some(a) = field(&["author", "byline"]) {
        article.author = Some(a);
    }
    if let Some(u) = url {
        if article.url.is_none() {
            article.url = Some(u);
        }
    }
    if let Some(s) = field(&["site", "source_name", "publisher"]) {
        article.site = Some(s);
    }
    if let Some(l) = field(&["language", "lang"]) {
        article.language = Some(super::lang::normalise_tag(&l));
    }
    if article.site.is_none() {
        article.site = article.url.as_deref().and_then(meta::host);
    }
    if article.text.is_empty() {
        return Err(IngestError::new(article.source, "no article text"));
    }
    Ok(article)
}
