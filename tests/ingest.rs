//! The ingest reader on small fixtures of every kind, good and bad: each bad input gives a
//! clear error item naming it, and the rest of the batch still comes out.

mod common;

use std::path::{Path, PathBuf};

use common::detente;

use detente::ingest::{IngestedArticle, Item, Reader};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest").join(name)
}

fn read(names: &[&str]) -> Vec<Item> {
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    Reader::new(&paths).without_dedup().collect()
}

fn articles(items: &[Item]) -> Vec<&IngestedArticle> {
    items.iter().filter_map(|i| i.as_ref().ok()).collect()
}

fn one_error(name: &str) -> String {
    let items = read(&[name]);
    assert_eq!(items.len(), 1, "{items:?}");
    let err = items[0].as_ref().expect_err("an error item");
    assert!(err.source.ends_with(name), "the error names the input: {err}");
    err.message.clone()
}

#[test]
fn news_page_loses_its_chrome_and_keeps_paragraphs() {
    let items = read(&["news_page.html"]);
    let a = articles(&items)[0];
    assert_eq!(a.title.as_deref(), Some("Ministers agree to resume border talks"));
    assert_eq!(a.published.as_deref(), Some("2025-03-13"));
    assert_eq!(a.author.as_deref(), Some("Ana Costa"));
    assert_eq!(a.url.as_deref(), Some("https://harbour-courier.example/world/2025/03/13/border-talks"));
    assert_eq!(a.site.as_deref(), Some("The Harbour Courier"));
    assert_eq!(a.language.as_deref(), Some("en"));
    let paras: Vec<&str> = a.text.split("\n\n").collect();
    assert_eq!(paras.len(), 5, "{}", a.text);
    assert!(paras[0].starts_with("The foreign ministers"), "{}", a.text);
    assert!(paras[4].ends_with("without consulting parliament."), "{}", a.text);
    for chrome in [
        "Share",
        "Facebook",
        "Related stories",
        "42 comments",
        "Finally some good news",
        "Ana Costa",
        "newsletter",
        "Subscribe",
    ] {
        assert!(!a.text.contains(chrome), "{chrome:?} left in: {}", a.text);
    }
}

#[test]
fn rss_and_atom_feeds() {
    let items = read(&["feed.rss", "feed.atom"]);
    let a = articles(&items);
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].source, format!("{}#1", fixture("feed.rss").display()));
    assert_eq!(a[0].title.as_deref(), Some("Ministers agree to resume border talks"));
    assert_eq!(a[0].published.as_deref(), Some("2025-03-13"));
    assert_eq!(a[0].author.as_deref(), Some("Ana Costa"));
    assert_eq!(a[0].url.as_deref(), Some("https://harbour-courier.example/world/2025/03/13/border-talks"));
    assert_eq!(a[0].site.as_deref(), Some("Harbour Courier World"));
    assert_eq!(
        a[0].text,
        "The foreign ministers of the two neighbouring countries agreed on Thursday to resume talks on their disputed border.\n\nNegotiators will meet again next month."
    );
    assert_eq!(a[1].published.as_deref(), Some("2025-03-14"));
    assert!(a[1].text.starts_with("Dock workers returned"));
    assert_eq!(a[2].author.as_deref(), Some("Lena Berg"));
    assert_eq!(a[2].published.as_deref(), Some("2025-03-15"));
    assert_eq!(a[2].url.as_deref(), Some("https://harbour-courier.example/politics/2025/03/15/budget"));
    assert!(a[2].text.ends_with("The vote was 212 to 97."), "{}", a[2].text);
}

#[test]
fn warc_responses_with_http_charsets_and_gzip_payloads() {
    let items = read(&["tiny.warc.gz"]);
    // warcinfo, request, a 404 and an image are skipped: two articles remain.
    let a = articles(&items);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(a[0].source.ends_with("tiny.warc.gz#3"), "{}", a[0].source);
    assert!(a[0].text.starts_with("The foreign ministers"));
    assert_eq!(a[0].url.as_deref(), Some("https://harbour-courier.example/world/2025/03/13/border-talks"));
    assert!(a[1].source.ends_with("tiny.warc.gz#5"));
    assert!(a[1].text.starts_with("Café owners"), "ISO-8859-1 from the HTTP header: {}", a[1].text);
    assert_eq!(a[1].url.as_deref(), Some("https://city.example/news/cafe-tax"));
    assert_eq!(a[1].site.as_deref(), Some("city.example"));
}

#[test]
fn windows_1251_page_is_decoded_and_reported_as_russian() {
    let items = read(&["cp1251_page.html"]);
    let a = articles(&items)[0];
    assert!(a.text.contains("Министры иностранных дел"), "{}", a.text);
    assert_eq!(a.title.as_deref(), Some("Переговоры в Женеве"));
    assert_eq!(a.language.as_deref(), Some("ru"));
}

#[test]
fn jsonl_lines_each_give_an_item() {
    let items = read(&["articles.jsonl"]);
    assert_eq!(items.len(), 3);
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.published.as_deref(), Some("2025-03-16"));
    assert_eq!(first.title.as_deref(), Some("Aid convoy reaches besieged town"));
    assert_eq!(first.site.as_deref(), Some("wire.example"));
    let err = items[1].as_ref().unwrap_err();
    assert!(err.source.ends_with("articles.jsonl#2") && err.message.contains("invalid JSON"), "{err}");
    let third = items[2].as_ref().unwrap();
    assert!(third.text.starts_with("The electoral commission"), "{}", third.text);
    assert_eq!(third.published.as_deref(), Some("2025-03-17"));
}

#[test]
fn bad_inputs_give_clear_errors() {
    assert!(one_error("truncated.html.gz").contains("truncated"));
    assert!(one_error("empty_feed.rss").contains("no entries"));
    assert!(one_error("junk.bin").contains("binary"));
    let items = read(&["no-such-file.html"]);
    assert!(items[0].as_ref().unwrap_err().message.contains("no such file"));
}

#[test]
fn a_batch_goes_on_after_bad_inputs() {
    let items = Reader::new(&[fixture("")]).collect::<Vec<_>>();
    let errors: Vec<String> = items.iter().filter_map(|i| i.as_ref().err()).map(|e| e.to_string()).collect();
    let ok = articles(&items);
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert_eq!(ok.len(), 9, "{items:?}");
    // Directory order: the bad files sit between good ones, and the good ones after them
    // still come out.
    assert!(ok.last().unwrap().source.ends_with("tiny.warc.gz#5"));
    // The same story by URL (feed entry, page, WARC copy) is linked to its first source.
    let page = ok.iter().find(|a| a.source.ends_with("news_page.html")).unwrap();
    assert!(page.duplicate_of.as_deref().is_some_and(|d| d.ends_with("feed.rss#1")), "{page:?}");
    let warc = ok.iter().find(|a| a.source.ends_with("tiny.warc.gz#3")).unwrap();
    assert!(warc.duplicate_of.as_deref().is_some_and(|d| d.ends_with("feed.rss#1")), "{warc:?}");
}

#[test]
fn globs_and_zstd() {
    let items = Reader::new(&[fixture("feed.*")]).collect::<Vec<_>>();
    assert_eq!(articles(&items).len(), 3, "{items:?}");
    let dir = std::env::temp_dir().join(format!("detente-ingest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = std::fs::read(fixture("news_page.html")).unwrap();
    let path = dir.join("page.html.zst");
    std::fs::write(&path, zstd::encode_all(&page[..], 3).unwrap()).unwrap();
    let items = Reader::new(&[path]).collect::<Vec<_>>();
    assert!(articles(&items)[0].text.starts_with("The foreign ministers"), "{items:?}");
    std::fs::remove_dir_all(&dir).ok();
}

fn lines(out: &str) -> Vec<serde_json::Value> {
    out.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

#[test]
fn extract_prints_jsonl_with_errors_and_a_summary() {
    let dir = fixture("");
    let (status, out, err) = detente(&["extract", dir.to_str().unwrap()], b"");
    assert_eq!(status, 0, "{err}");
    let docs = lines(&out);
    assert_eq!(docs.len(), 13);
    assert_eq!(docs.iter().filter(|d| d.get("error").is_some()).count(), 4);
    let page = docs.iter().find(|d| d["source"].as_str().unwrap().ends_with("news_page.html")).unwrap();
    for key in ["title", "text", "published", "author", "url", "site", "language"] {
        assert!(page[key].is_string(), "{key} in {page}");
    }
    assert!(err.contains("9 articles, 4 errors"), "{err}");
}

#[test]
fn extract_reads_compressed_stdin() {
    let gz = std::fs::read(fixture("tiny.warc.gz")).unwrap();
    let (status, out, _) = detente(&["extract", "-"], &gz);
    assert_eq!(status, 0);
    let docs = lines(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["source"], "-#3");
}

#[test]
fn sentences_have_code_point_offsets() {
    let (status, out, _) = detente(&["sentences", fixture("cp1251_page.html").to_str().unwrap()], b"");
    assert_eq!(status, 0);
    let (_, page, _) = detente(&["extract", fixture("cp1251_page.html").to_str().unwrap()], b"");
    let text: Vec<char> = lines(&page)[0]["text"].as_str().unwrap().chars().collect();
    let docs = lines(&out);
    assert!(docs.len() >= 4, "{out}");
    for d in docs {
        let (s, e) = (d["start"].as_u64().unwrap() as usize, d["end"].as_u64().unwrap() as usize);
        assert_eq!(text[s..e].iter().collect::<String>(), d["text"].as_str().unwrap());
    }
}

#[test]
fn code_reads_many_inputs_skips_non_english_and_uses_article_dates() {
    let dir = fixture("");
    let (status, out, err) = detente(&["code", dir.to_str().unwrap()], b"");
    assert_eq!(status, 0, "{err}");
    let docs = lines(&out);
    assert_eq!(docs.len(), 13);
    let by_source = |suffix: &str| {
        docs.iter().find(|d| d["id"].as_str().or(d["source"].as_str()).unwrap().ends_with(suffix)).unwrap()
    };
    let ru = by_source("cp1251_page.html");
    assert_eq!(ru["skipped"], "language ru, not English");
    assert!(ru["events"].as_array().unwrap().is_empty());
    let atom = by_source("feed.atom#1");
    assert_eq!(atom["date"], "2025-03-15");
    assert!(atom["skipped"].is_null());
    let dup = by_source("news_page.html");
    assert!(dup["skipped"].as_str().unwrap().starts_with("duplicate of"), "{dup}");
    assert!(by_source("junk.bin")["error"].as_str().unwrap().contains("binary"));
    // --date wins over the article's own date.
    let (_, out, _) = detente(&["code", fixture("feed.atom").to_str().unwrap(), "--date", "2024-01-02"], b"");
    assert_eq!(lines(&out)[0]["date"], "2024-01-02");
    // One HTML page on standard input is extracted, not coded as markup.
    let page = std::fs::read(fixture("news_page.html")).unwrap();
    let (status, out, _) = detente(&["code", "-"], &page);
    assert_eq!(status, 0);
    let doc = &lines(&out)[0];
    assert!(doc["text"].as_str().unwrap().starts_with("The foreign ministers"), "{doc}");
    assert_eq!(doc["date"], "2025-03-13");
}

#[test]
fn a_republished_wire_story_is_linked_to_the_first() {
    let story = "Russian and Ukrainian negotiators met in Istanbul on Friday for the first direct talks in three years, \
        agreeing to exchange a thousand prisoners each but failing to reach a ceasefire, officials from both sides said. \
        The talks lasted less than two hours. Turkish Foreign Minister Hakan Fidan opened the meeting, urging both \
        delegations to seize what he called a historic opportunity. Diplomats said a second round could take place \
        in June if the prisoner exchange goes ahead as planned.";
    let edited = format!(
        "ISTANBUL (Reuters) - {}",
        story.replace("on Friday", "on Friday morning").replace("officials from both sides said", "officials said")
    );
    let other = "The central bank raised interest rates by a quarter point on Wednesday, citing persistent inflation \
        in services and a tight labour market, and signalled that further increases were possible later this year.";
    let dir = std::env::temp_dir().join(format!("detente-wire-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), story).unwrap();
    std::fs::write(dir.join("b.txt"), &edited).unwrap();
    std::fs::write(dir.join("c.txt"), other).unwrap();
    let items: Vec<Item> = Reader::new(std::slice::from_ref(&dir)).collect();
    let a = articles(&items);
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].duplicate_of, None);
    assert_eq!(a[1].duplicate_of.as_deref(), Some(dir.join("a.txt").to_str().unwrap()));
    assert_eq!(a[2].duplicate_of, None);
    std::fs::remove_dir_all(&dir).ok();
}
