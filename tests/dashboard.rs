//! End to end: the dashboard in headless Chromium, driven through chromedriver's WebDriver HTTP
//! API. Loads each view, clicks from a timeline day to its events to an article, and checks what
//! is shown against the JSON API. Skips, saying why, when chromium or chromedriver is absent
//! (`.ci/run` installs Debian's `chromium` and `chromium-driver`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use detente::coder::Coder;
use detente::dict::Dictionaries;
use detente::serve::{Config, Running};
use detente::store::{hash, Store, Writer};
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    base: String,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A browser session, deleted when dropped.
struct Browser {
    driver: Driver,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.driver.base, self.session)).call();
    }
}

impl Browser {
    fn start(dir: &Path) -> Option<Browser> {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(tool).exists() {
                eprintln!("skipping: {tool} is absent (apt-get install chromium chromium-driver)");
                return None;
            }
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = dir.join("chromium-profile");
        let driver = Driver { child, base: format!("http://127.0.0.1:{port}"), profile: profile.clone() };
        wait_until(Duration::from_secs(20), "chromedriver ready", || {
            ureq::get(&format!("{}/status", driver.base))
                .call()
                .ok()
                .and_then(|r| r.into_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true)
        });
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,800",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([format!("--user-data-dir={}", profile.display())])
        .collect::<Vec<_>>();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args}
        }}});
        let response: Value = ureq::post(&format!("{}/session", driver.base))
            .send_json(caps)
            .map_err(|e| match e {
                ureq::Error::Status(code, r) => format!("{code}: {}", r.into_string().unwrap_or_default()),
                e => e.to_string(),
            })
            .expect("a chromium session")
            .into_json()
            .unwrap();
        let session = response["value"]["sessionId"].as_str().expect("a session id").to_string();
        Some(Browser { driver, session })
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.driver.base, self.session);
        let request = ureq::request(method, &url);
        let result = match body {
            Some(b) => request.send_json(b),
            None => request.call(),
        };
        match result {
            Ok(r) => r.into_json::<Value>().unwrap()["value"].take(),
            Err(ureq::Error::Status(code, r)) => {
                panic!("{method} {path}: {code} {}", r.into_string().unwrap_or_default())
            }
            Err(e) => panic!("{method} {path}: {e}"),
        }
    }

    fn open(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs a script (`return …`) in the page.
    fn eval(&self, script: &str) -> Value {
        self.command("POST", "/execute/sync", Some(json!({"script": script, "args": []})))
    }

    /// Waits until the script returns a truthy value, and returns it.
    fn wait_for(&self, what: &str, script: &str) -> Value {
        let start = Instant::now();
        loop {
            let v = self.eval(script);
            let truthy =
                !(v.is_null() || v == false || v == 0 || v == "" || v.as_array().is_some_and(|a| a.is_empty()));
            if truthy {
                return v;
            }
            let status = self.eval("return document.getElementById('status').textContent");
            assert!(start.elapsed() < Duration::from_secs(15), "timed out waiting for {what}; status line: {status}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn element(&self, css: &str) -> String {
        let v = self.command("POST", "/element", Some(json!({"using": "css selector", "value": css})));
        v.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).expect("an element id").to_string()
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.command("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    fn keys(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.command("POST", &format!("/element/{id}/value"), Some(json!({ "text": text })));
    }
}

fn wait_until(limit: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn ingest(db: &Path, input: &Path) {
    let dicts = Dictionaries::builtin();
    let version = hash::dict_version(&dicts);
    let coder = Coder::new(dicts);
    let store = Store::open(db).unwrap();
    let mut writer = Writer::new(&store, &coder, version);
    for item in detente::ingest::Reader::new(&[input.to_path_buf()]).without_dedup() {
        writer.ingest(&item.unwrap()).unwrap();
    }
    writer.commit().unwrap();
}

fn api(server: &Running, path: &str) -> Value {
    ureq::get(&format!("http://{}{path}", server.addr)).call().unwrap().into_json().unwrap()
}

#[test]
fn dashboard_views_and_click_through() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("dashboard-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let Some(browser) = Browser::start(&dir) else { return };
    let db = dir.join("dashboard.db");
    // The demo corpus: a ceasefire story over several weeks (docs/tracker.md).
    ingest(&db, &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/demo/ceasefire.jsonl"));
    let server = detente::serve::start(Config {
        db,
        addr: "127.0.0.1:0".parse().unwrap(),
        token: None,
        dicts: None,
        readers: 2,
    })
    .unwrap();
    let base = format!("http://{}/", server.addr);
    let dyad = "RUS-UKR";

    // Dyad view: one timeline day per day of the dyad's aggregates.
    let days = api(&server, &format!("/api/aggregates?dyad={dyad}"))["days"].as_array().unwrap().clone();
    assert!(!days.is_empty());
    browser.open(&format!("{base}#/dyad?dyad={dyad}"));
    let shown = browser.wait_for("the timeline", "return document.querySelectorAll('.chart .day').length");
    assert_eq!(shown, days.len());
    let labels =
        browser.eval("return [...document.querySelectorAll('.chart .day')].map(g => g.getAttribute('aria-label'))");
    let first = labels[0].as_str().unwrap();
    assert!(first.starts_with(days[0]["date"].as_str().unwrap()), "{first}");
    assert!(first.contains(&format!("{} conflict", days[0]["conflict"])), "{first}");

    // Click the busiest conflict day: its events are listed, exactly the API's.
    let day =
        days.iter().max_by_key(|d| d["conflict"].as_i64().unwrap()).unwrap()["date"].as_str().unwrap().to_string();
    browser.click(&format!(".chart .day[data-date='{day}']"));
    let rows = browser
        .wait_for("the day's events", "return document.querySelectorAll('#day-events table.events tbody tr').length");
    let expected = api(&server, &format!("/api/events?dyad={dyad}&since={day}&until={day}"));
    assert_eq!(rows, expected["total"]);
    let heading = browser.eval("return document.activeElement.textContent");
    assert_eq!(heading, format!("Events on {day}"), "focus moves to the events");

    // The keyboard opens a day too (Enter on a focused day of the timeline).
    let other = days.iter().find(|d| d["date"] != day.as_str()).map(|d| d["date"].as_str().unwrap().to_string());
    if let Some(other) = &other {
        browser.eval(&format!("document.querySelector(\".chart .day[data-date='{other}']\").focus(); return 1"));
        browser.keys(&format!(".chart .day[data-date='{other}']"), "\u{E007}");
        browser.wait_for(
            "the other day's events",
            &format!("return document.querySelector('#day-heading')?.textContent === 'Events on {other}'"),
        );
        browser.click(&format!(".chart .day[data-date='{day}']"));
        browser.wait_for(
            "the day again",
            &format!("return document.querySelector('#day-heading')?.textContent === 'Events on {day}'"),
        );
    }

    // From the day's first event to its article: text with actors and verbs highlighted, each
    // event with its evidence and rule.
    let article_id = expected["events"][0]["article_id"].as_i64().unwrap();
    browser.click("#day-events table.events tbody tr td:last-child a");
    browser.wait_for("the article", "return document.getElementById('article-text') !== null");
    assert_eq!(browser.eval("return location.hash"), format!("#/article/{article_id}"));
    let article = api(&server, &format!("/api/articles/{article_id}"));
    let text = browser.eval("return document.getElementById('article-text').textContent");
    assert_eq!(text, article["text"], "the whole text, unchanged by the highlighting");
    let marked =
        browser.eval("return [...document.querySelectorAll('#article-text mark.verb')].map(m => m.textContent)");
    for e in article["events"].as_array().unwrap() {
        let verb = e["evidence"]["verb"]["text"].as_str().unwrap();
        assert!(marked.as_array().unwrap().iter().any(|m| m.as_str().unwrap().contains(verb)), "{verb} in {marked}");
    }
    let actors = browser.eval("return document.querySelectorAll('#article-text mark.actor').length").as_u64().unwrap();
    assert!(actors >= 1);
    let rules = browser.eval("return [...document.querySelectorAll('table.article-events tbody tr td:last-child')].map(td => td.textContent)");
    let expected_rules: Vec<Value> = article["events"].as_array().unwrap().iter().map(|e| e["rule"].clone()).collect();
    assert_eq!(rules.as_array().unwrap(), &expected_rules);

    // Event table with the command line's filters: the form routes to the filtered list.
    browser.open(&format!("{base}#/events"));
    browser.wait_for("the event form", "return document.getElementById('f-events-root') !== null");
    browser.keys("#f-events-root", "19");
    browser.click("form.filters button[type=submit]");
    browser.wait_for(
        "the filtered events",
        "return location.hash.includes('root=19') && document.querySelector('table.events caption')",
    );
    let total = api(&server, "/api/events?root=19")["total"].clone();
    let caption = browser.wait_for(
        "the caption",
        &format!("return document.querySelector('table.events caption')?.textContent === '{total} events' && document.querySelector('table.events caption').textContent"),
    );
    assert_eq!(caption, format!("{total} events"));
    let unlabelled = browser.eval(
        "return [...document.querySelectorAll('input, select')].filter(i => i.labels.length === 0).map(i => i.name)",
    );
    assert_eq!(unlabelled, json!([]), "every form field has a label");

    // Articles list.
    browser.open(&format!("{base}#/articles"));
    let listed = browser.wait_for("the article list", "return document.querySelectorAll('tbody tr a').length");
    assert_eq!(listed, api(&server, "/api/articles")["total"]);

    // Quotes by speaker: one group per speaker, every quote shown.
    let quotes = api(&server, "/api/quotes?limit=1000");
    assert!(quotes["total"].as_i64().unwrap() >= 1, "the demo corpus quotes officials");
    browser.open(&format!("{base}#/quotes"));
    let shown = browser.wait_for("the quotes", "return document.querySelectorAll('section.speaker li').length");
    assert_eq!(shown, quotes["total"]);
    let speakers = browser.eval("return [...document.querySelectorAll('section.speaker h3')].map(h => h.textContent)");
    let mut names: Vec<String> = quotes["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["speaker"].as_str().or(q["speaker_span"]["text"].as_str()).unwrap_or("unknown speaker").to_string())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(speakers.as_array().unwrap().len(), names.len(), "{speakers}");

    // Tracker: one card per track with its status and steps; a step's article opens.
    let tracks = api(&server, "/api/tracker")["tracks"].as_array().unwrap().clone();
    assert!(!tracks.is_empty(), "the demo corpus tells a ceasefire story");
    browser.open(&format!("{base}#/tracker"));
    let cards = browser.wait_for("the tracks", "return document.querySelectorAll('section.track').length");
    assert_eq!(cards, tracks.len());
    let badges =
        browser.eval("return [...document.querySelectorAll('section.track .status-badge')].map(b => b.textContent)");
    let statuses: Vec<String> = tracks.iter().map(|t| t["status"].as_str().unwrap().replace('_', " ")).collect();
    assert_eq!(badges, json!(statuses));
    let steps =
        browser.eval("return document.querySelectorAll('section.track:first-of-type table.steps tbody tr').length");
    assert_eq!(steps, tracks[0]["steps"].as_array().unwrap().len());
    let first_article = tracks[0]["steps"][0]["articles"][0]["id"].as_i64().unwrap();
    browser.click("section.track table.steps tbody tr td:last-child a");
    browser.wait_for("the step's article", "return document.getElementById('article-text') !== null");
    assert_eq!(browser.eval("return location.hash"), format!("#/article/{first_article}"));
    let status = browser.eval("return document.getElementById('status').textContent");
    assert_eq!(status, "", "no error");

    // Usable at a laptop's width: nothing wider than the window.
    browser.command("POST", "/window/rect", Some(json!({"width": 1280, "height": 800})));
    browser.open(&format!("{base}#/dyad?dyad={dyad}"));
    browser.wait_for("the timeline again", "return document.querySelectorAll('.chart .day').length");
    let overflow = browser.eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assert_eq!(overflow, 0, "no horizontal scrolling at 1280 px");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
