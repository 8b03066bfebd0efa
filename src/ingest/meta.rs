//! Article metadata from the page head, by a light tag scan (no DOM): JSON-LD first, then
//! OpenGraph and other `<meta>` tags, then `<time>`, `<title>`, `<link rel=canonical>` and
//! `<html lang>`; dates come out as ISO `YYYY-MM-DD`.

/// What the page says about itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
    pub language: Option<String>,
}

/// One start tag: lower-cased name and attributes (names lower-cased, values decoded).
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Found {
    json_ld: Vec<String>,
    metas: Vec<(String, String)>,
    title: Option<String>,
    canonical: Option<String>,
    html_lang: Option<String>,
    times: Vec<(String, bool)>,
    itemprops: Vec<(String, String)>,
}

/// Reads the metadata of an HTML page; `fetched_url` is where it came from, if known.
pub fn extract(html: &str, fetched_url: Option<&str>) -> PageMeta {
    let found = scan(html);
    let ld = found.json_ld.iter().filter_map(|s| parse_json_ld(s)).fold(LdMeta::default(), |mut acc, m| {
        acc.fill(m);
        acc
    });
    let meta = |names: &[&str]| -> Option<String> {
        names
            .iter()
            .find_map(|n| found.metas.iter().find(|(k, v)| k == n && !v.trim().is_empty()).map(|(_, v)| clean(v)))
    };
    let itemprop = |name: &str| found.itemprops.iter().find(|(k, _)| k == name).map(|(_, v)| clean(v));

    let site = meta(&["og:site_name"])
        .or(ld.site.clone())
        .or_else(|| meta(&["application-name", "twitter:site"]).map(|s| s.trim_start_matches('@').to_string()));
    let site_names: Vec<String> = site
        .iter()
        .cloned()
        .chain(fetched_url.and_then(host))
        .chain(found.canonical.as_deref().and_then(host))
        .collect();
    let title = ld
        .title
        .clone()
        .or_else(|| meta(&["og:title", "twitter:title", "title", "dc.title", "headline"]))
        .map(|t| strip_site_suffix(&t, &site_names, false))
        .or_else(|| found.title.as_deref().map(clean).map(|t| strip_site_suffix(&t, &site_names, true)))
        .filter(|t| !t.is_empty());
    let date_candidates = [
        ld.published.clone(),
        meta(&[
            "article:published_time",
            "og:published_time",
            "datepublished",
            "article.published",
            "parsely-pub-date",
            "sailthru.date",
            "pubdate",
            "publishdate",
            "publish-date",
            "publish_date",
            "dc.date.issued",
            "dc.date",
            "dcterms.created",
            "dcterms.date",
            "date",
            "article:modified_time",
        ]),
        itemprop("datepublished"),
        found.times.iter().find(|(_, p)| *p).map(|(t, _)| t.clone()),
        found.times.first().map(|(t, _)| t.clone()),
    ];
    let published = date_candidates.iter().flatten().find_map(|d| iso_date(d));
    let author = ld
        .author
        .clone()
        .or_else(|| {
            meta(&[
                "author",
                "article:author",
                "article:author_name",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
                "byl",
            ])
        })
        .or_else(|| itemprop("author"))
        .map(|a| clean_author(&a))
        .filter(|a| !a.is_empty() && !a.starts_with("http"));
    let url = found
        .canonical
        .clone()
        .filter(|u| u.starts_with("http"))
        .or_else(|| meta(&["og:url"]).filter(|u| u.starts_with("http")))
        .or_else(|| ld.url.clone().filter(|u| u.starts_with("http")))
        .or_else(|| fetched_url.map(str::to_string));
    let site = site.or_else(|| url.as_deref().and_then(host));
    let language = found
        .html_lang
        .clone()
        .or_else(|| meta(&["content-language", "og:locale", "dc.language", "language"]))
        .or(ld.language.clone())
        .map(|l| super::lang::normalise_tag(&l))
        .filter(|l| !l.is_empty());
    PageMeta { title, published, author, url, site, language }
}

/// The host of a URL without `www.`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.split('@').next_back()?.split(':').next()?;
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// Drops a " | Site" / " - Site" suffix: when it names the site (or the host), or, for a
/// `<title>` (`loose`), when it is at most three words after a title of four or more.
fn strip_site_suffix(title: &str, sites: &[String], loose: bool) -> String {
    let key = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    let site_keys: Vec<String> = sites
        .iter()
        .map(|s| key(s.trim_end_matches(".com").trim_end_matches(".org")))
        .filter(|k| k.len() >= 3)
        .collect();
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail_key = key(tail.trim_end_matches(".com"));
            let names_site =
                tail_key.len() >= 3 && site_keys.iter().any(|s| s.contains(&tail_key) || tail_key.contains(s.as_str()));
            let short_tail = tail.split_whitespace().count() <= 3 && head.split_whitespace().count() >= 4;
            if names_site || (loose && short_tail) {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn clean(s: &str) -> String {
    decode_entities(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An author name without a leading "By"/"By:", a time stamp after it ("Jane Roe - Apr 16,
/// 2015 8:02 pm UTC", "Jane Roe January 18, 2017 11:00 PM PST") and trailing punctuation.
pub fn clean_author(a: &str) -> String {
    let a = a.trim();
    let a = ["By ", "by ", "BY ", "By: ", "by: "].iter().find_map(|p| a.strip_prefix(p)).unwrap_or(a);
    let a = [" - ", " – ", " — ", " | "]
        .iter()
        .find_map(|sep| a.split_once(sep).filter(|(_, when)| iso_date(when).is_some()).map(|(who, _)| who))
        .unwrap_or(a);
    // A month name followed by a day, after at least one word of name.
    let words: Vec<&str> = a.split_whitespace().collect();
    let date_at = (1..words.len()).find(|&k| {
        words[k].starts_with(|c: char| c.is_uppercase())
            && month(&words[k].trim_end_matches('.').to_lowercase()).is_some()
            && words.get(k + 1).is_some_and(|d| d.starts_with(|c: char| c.is_ascii_digit()))
    });
    let a = match date_at {
        Some(k) => words[..k].join(" "),
        None => a.to_string(),
    };
    a.trim().trim_end_matches([',', ';', '|']).trim().to_string()
}

#[derive(Default)]
struct LdMeta {
    title: Option<String>,
    published: Option<String>,
    author: Option<String>,
    url: Option<String>,
    site: Option<String>,
    language: Option<String>,
}

impl LdMeta {
    fn fill(&mut self, other: LdMeta) {
        self.title = self.title.take().or(other.title);
        self.published = self.published.take().or(other.published);
        self.author = self.author.take().or(other.author);
        self.url = self.url.take().or(other.url);
        self.site = self.site.take().or(other.site);
        self.language = self.language.take().or(other.language);
    }
}

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "scholarlyarticle",
    "techarticle",
    "socialmediaposting",
];

fn parse_json_ld(text: &str) -> Option<LdMeta> {
    // Pages wrap it in comment or CDATA markers (`//<![CDATA[ … //]]>`) for old browsers.
    let text = text.trim().trim_start_matches("<!--").trim_end_matches("-->").trim();
    let text = text.trim_start_matches("//").trim_start().trim_start_matches("<![CDATA[");
    let text = text.trim_end().trim_end_matches("]]>").trim_end().trim_end_matches("//").trim();
    let value: serde_json::Value =
        serde_json::from_str(text).or_else(|_| serde_json::from_str(&text.replace(['\n', '\r', '\t'], " "))).ok()?;
    let mut nodes = Vec::new();
    collect_nodes(&value, &mut nodes, 0);
    let is_article = |n: &&&serde_json::Value| {
        types(n).iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()) || t.ends_with("newsarticle"))
    };
    let node = nodes.iter().find(is_article).or_else(|| nodes.iter().find(|n| n.get("headline").is_some()))?;
    let s = |v: Option<&serde_json::Value>| v.and_then(value_text).map(|t| clean(&t)).filter(|t| !t.is_empty());
    let site = node
        .get("publisher")
        .and_then(|p| s(p.get("name")))
        .or_else(|| nodes.iter().find(|n| types(n).iter().any(|t| t == "website")).and_then(|n| s(n.get("name"))));
    Some(LdMeta {
        title: s(node.get("headline")).or_else(|| s(node.get("name"))),
        published: s(node.get("datePublished")).or_else(|| s(node.get("dateCreated"))),
        author: node.get("author").and_then(person_names).or_else(|| node.get("creator").and_then(person_names)),
        url: s(node.get("url")).or_else(|| {
            node.get("mainEntityOfPage").and_then(|m| value_text(m).or_else(|| m.get("@id").and_then(value_text)))
        }),
        site,
        language: s(node.get("inLanguage")),
    })
}

fn collect_nodes<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_nodes(i, out, depth + 1)),
        serde_json::Value::Object(map) => {
            out.push(v);
            if let Some(graph) = map.get("@graph") {
                collect_nodes(graph, out, depth + 1);
            }
            if let Some(main) = map.get("mainEntity") {
                collect_nodes(main, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn types(v: &serde_json::Value) -> Vec<String> {
    match v.get("@type") {
        Some(serde_json::Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(serde_json::Value::Array(a)) => {
            a.iter().filter_map(|t| t.as_str()).map(|t| t.to_ascii_lowercase()).collect()
        }
        _ => Vec::new(),
    }
}

fn value_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(a) => a.iter().find_map(value_text),
        _ => None,
    }
}

fn person_names(v: &serde_json::Value) -> Option<String> {
    let names: Vec<String> = match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Object(o) => o.get("name").and_then(value_text).into_iter().collect(),
        serde_json::Value::Array(a) => a
            .iter()
            .filter_map(|p| match p {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(o) => o.get("name").and_then(value_text),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> =
        names.iter().map(|n| clean(n)).filter(|n| !n.is_empty() && !n.starts_with("http")).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// A date in any common form → `YYYY-MM-DD`: ISO 8601 (the local date of a date-time),
/// `YYYY/MM/DD`, RFC 2822, "March 13, 2025", "13 March 2025".
pub fn iso_date(text: &str) -> Option<String> {
    let t = text.trim();
    let b = t.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if b.len() >= 10
        && digits(&b[0..4])
        && matches!(b[4], b'-' | b'/' | b'.')
        && digits(&b[5..7])
        && b[7] == b[4]
        && digits(&b[8..10])
    {
        return valid(&t[0..4], &t[5..7], &t[8..10]);
    }
    if b.len() == 8 && digits(b) {
        return valid(&t[0..4], &t[4..6], &t[6..8]);
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(t) {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    // Month-name forms.
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(m) = month(w) {
            let year = words.iter().skip(i + 1).chain(words.iter()).find(|w| w.len() == 4 && digits(w.as_bytes()));
            let day = words
                .get(i + 1)
                .filter(|d| d.len() <= 4)
                .map(|d| d.trim_end_matches(|c: char| c.is_alphabetic()))
                .filter(|d| !d.is_empty() && d.len() <= 2 && digits(d.as_bytes()))
                .or_else(|| {
                    i.checked_sub(1)
                        .and_then(|p| words.get(p))
                        .map(|d| d.trim_end_matches(|c: char| c.is_alphabetic()))
                        .filter(|d| !d.is_empty() && d.len() <= 2 && digits(d.as_bytes()))
                });
            if let (Some(y), Some(d)) = (year, day) {
                return valid(y, &format!("{m:02}"), &format!("{:0>2}", d));
            }
        }
    }
    None
}

fn valid(y: &str, m: &str, d: &str) -> Option<String> {
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    (1900..=2100).contains(&y).then(|| date.format("%Y-%m-%d").to_string())
}

fn month(w: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    (w.len() == 3 || full[i].starts_with(w) || w == "sept").then_some(i as u32 + 1)
}

/// Decodes the common named entities and numeric character references.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|e| e + 1);
        let (name, consumed) = match end {
            Some(e) if rest[e..].starts_with(';') => (&rest[1..e], e + 1),
            Some(e) => (&rest[1..e], e),
            None => (&rest[1..], rest.len()),
        };
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(hex, 16).ok()
            } else {
                num.parse().ok()
            };
            code.and_then(char::from_u32).map(|c| c.to_string())
        } else {
            named_entity(name).map(str::to_string)
        };
        match decoded {
            Some(d) if consumed > 1 => {
                out.push_str(&d);
                rest = &rest[consumed..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "rsquo" => "\u{2019}",
        "lsquo" => "\u{2018}",
        "rdquo" => "\u{201d}",
        "ldquo" => "\u{201c}",
        "mdash" => "\u{2014}",
        "ndash" => "\u{2013}",
        "hellip" => "\u{2026}",
        "copy" => "\u{a9}",
        "reg" => "\u{ae}",
        "eacute" => "é",
        "egrave" => "è",
        "aacute" => "á",
        "agrave" => "à",
        "oacute" => "ó",
        "iacute" => "í",
        "uacute" => "ú",
        "ntilde" => "ñ",
        "ouml" => "ö",
        "uuml" => "ü",
        "auml" => "ä",
        "ccedil" => "ç",
        "szlig" => "ß",
        "middot" => "·",
        "bull" => "•",
        "laquo" => "«",
        "raquo" => "»",
        "euro" => "€",
        "pound" => "£",
        _ => return None,
    })
}

fn scan(html: &str) -> Found {
    let mut found = Found::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(bytes.len(), |e| start + e + 3);
            continue;
        }
        let Some((tag, len)) = parse_tag(rest) else {
            i = start + 1;
            continue;
        };
        i = start + len;
        match tag.name.as_str() {
            "script" | "style" | "noscript" | "template" | "svg" => {
                let close = format!("</{}", tag.name);
                let end = find_ci(&html[i..], &close).map_or(html.len(), |e| i + e);
                if tag.name == "script" && tag.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
                {
                    found.json_ld.push(html[i..end].to_string());
                }
                i = end;
            }
            "title" if found.title.is_none() => {
                let end = find_ci(&html[i..], "</title").map_or(html.len(), |e| i + e);
                found.title = Some(html[i..end].to_string());
                i = end;
            }
            "meta" => {
                let key = tag.attr("property").or(tag.attr("name")).or(tag.attr("http-equiv")).or(tag.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, tag.attr("content")) {
                    found.metas.push((k.to_ascii_lowercase(), v.to_string()));
                    if let Some(ip) = tag.attr("itemprop") {
                        found.itemprops.push((ip.to_ascii_lowercase(), v.to_string()));
                    }
                }
            }
            "link" => {
                let rel = tag.attr("rel").map(|r| r.to_ascii_lowercase()).unwrap_or_default();
                if rel.split_whitespace().any(|r| r == "canonical") && found.canonical.is_none() {
                    found.canonical = tag.attr("href").map(|h| h.trim().to_string());
                }
            }
            "html" => found.html_lang = tag.attr("lang").or(tag.attr("xml:lang")).map(str::to_string),
            "time" => {
                if let Some(dt) = tag.attr("datetime") {
                    let pub_mark = tag
                        .attrs
                        .iter()
                        .any(|(k, v)| k == "pubdate" || (k == "itemprop" && v.eq_ignore_ascii_case("datepublished")));
                    found.times.push((dt.to_string(), pub_mark));
                }
            }
            _ => {
                if let (Some(ip), Some(v)) = (tag.attr("itemprop"), tag.attr("datetime").or(tag.attr("content"))) {
                    found.itemprops.push((ip.to_ascii_lowercase(), v.to_string()));
                }
            }
        }
    }
    found
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes().windows(n).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Parses a start tag at the beginning of `s` (`<name attr=value ...>`); returns it and its
/// length in bytes.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let b = s.as_bytes();
    if b.len() < 2 || !b[1].is_ascii_alphabetic() {
        return None;
    }
    let mut i = 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    let name = s[1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return Some((Tag { name, attrs }, b.len()));
        }
        if b[i] == b'>' {
            return Some((Tag { name, attrs }, i + 1));
        }
        let k0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = s[k0..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let v0 = i + 1;
                let end = b[v0..].iter().position(|&c| c == q).map_or(b.len(), |e| v0 + e);
                value = decode_entities(&s[v0..end]);
                i = (end + 1).min(b.len());
            } else {
                let v0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&s[v0..i]);
            }
        }
        if key.is_empty() {
            i += 1;
        } else {
            attrs.push((key, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_priorities() {
        let page = r#"<html lang="en-GB"><head><title>Talks collapse | The Daily</title>
            <link rel="canonical" href="https://daily.example/world/talks">
            <meta property="og:site_name" content="The Daily">
            <meta name="author" content="By Jane Roe">
            <meta property="article:published_time" content="2025-03-13T22:10:00-05:00">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",
              "headline":"Talks collapse in Geneva","author":[{"@type":"Person","name":"Jane Roe"},{"name":"John Doe"}],
              "datePublished":"2025-03-13"}]}</script></head><body><time datetime="2024-01-01">x</time></body></html>"#;
        let m = extract(page, Some("https://daily.example/x?utm=1"));
        assert_eq!(m.title.as_deref(), Some("Talks collapse in Geneva"));
        assert_eq!(m.author.as_deref(), Some("Jane Roe, John Doe"));
        assert_eq!(m.published.as_deref(), Some("2025-03-13"));
        assert_eq!(m.url.as_deref(), Some("https://daily.example/world/talks"));
        assert_eq!(m.site.as_deref(), Some("The Daily"));
        assert_eq!(m.language.as_deref(), Some("en"));
        let cdata = r#"<script type="application/ld+json">//<![CDATA[
            {"@type":"BlogPosting","headline":"H","author":{"@type":"Person","name":"Dave Roe"}}
            //]]></script>"#;
        assert_eq!(extract(cdata, None).author.as_deref(), Some("Dave Roe"));
    }

    #[test]
    fn dates() {
        assert_eq!(iso_date("Thu, 13 Mar 2025 10:00:00 GMT").as_deref(), Some("2025-03-13"));
        assert_eq!(iso_date("March 13, 2025").as_deref(), Some("2025-03-13"));
        assert_eq!(iso_date("13th March 2025").as_deref(), Some("2025-03-13"));
        assert_eq!(iso_date("2025/03/13").as_deref(), Some("2025-03-13"));
        assert_eq!(iso_date("2025-02-30"), None);
        assert_eq!(clean_author("By Jane Roe - Apr 16, 2015 8:02 pm UTC"), "Jane Roe");
        assert_eq!(clean_author("Jane Roe - Moscow bureau"), "Jane Roe - Moscow bureau");
        assert_eq!(clean_author("Jane Roe January 18, 2017 11:00 PM PST"), "Jane Roe");
        assert_eq!(clean_author("April Doe, Mark Roe"), "April Doe, Mark Roe");
        assert_eq!(
            decode_entities("Tom &amp; Jerry&#8217;s &hellip; &bogus; &"),
            "Tom & Jerry\u{2019}s \u{2026} &bogus; &"
        );
    }
}
