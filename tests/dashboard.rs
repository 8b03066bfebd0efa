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

/// A browser and a server over the demo corpus (a ceasefire story over several weeks,
/// docs/tracker.md) in a scratch directory of their own; `None` (skip) without chromium.
fn browser_and_server(name: &str) -> Option<(PathBuf, Browser, Running)> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("dashboard-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let browser = Browser::start(&dir)?;
    let db = dir.join("dashboard.db");
    ingest(&db, &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/demo/ceasefire.jsonl"));
    let server = detente::serve::start(Config {
        db,
        addr: "127.0.0.1:0".parse().unwrap(),
        token: None,
        dicts: None,
        readers: 2,
    })
    .unwrap();
    Some((dir, browser, server))
}

#[test]
fn dashboard_views_and_click_through() {
    let Some((dir, browser, server)) = browser_and_server("views") else { return };
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

/// The WCAG 2.1 contrast ratio of every visible text element of the page against its
/// effective background (the background colours of its ancestors composited over white); SVG
/// text is coloured by its fill. Returns `{checked, failures}`: failures are below 4.5:1, or
/// 3:1 for large text (24 px, or 18.66 px bold).
const CONTRAST_SCRIPT: &str = r#"
const parse = (c) => {
  const m = /rgba?\(([^)]*)\)/.exec(c || "");
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
const luminance = (c) => {
  const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
};
const background = (node) => {
  const chain = [];
  for (let e = node; e; e = e.parentElement) chain.unshift(e);
  let bg = [255, 255, 255, 1];
  for (const e of chain) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) bg = over(c, bg);
  }
  return bg;
};
const failures = [];
let checked = 0;
for (const e of document.querySelectorAll("body *")) {
  const text = [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim()
    || (e.matches("input:not([type=checkbox]), select") ? e.value : "");
  if (!text || e.closest("title, script, style, noscript")) continue;
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  if (r.width === 0 || r.height === 0 || r.right <= 0 || r.bottom <= 0 || s.visibility === "hidden") continue;
  const bg = background(e);
  let fg = parse(e instanceof SVGElement ? s.fill : s.color);
  if (!fg) { failures.push(`${e.tagName} "${text.slice(0, 30)}": no colour (${s.color} / ${s.fill})`); continue; }
  fg = over(fg, bg);
  const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
  const ratio = (l1 + 0.05) / (l2 + 0.05);
  const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
  const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
  checked += 1;
  if (ratio < needed) {
    failures.push(`${e.tagName.toLowerCase()}.${e.getAttribute("class") || ""} "${text.slice(0, 30)}": ` +
      `rgb(${fg.slice(0, 3).map(Math.round)}) on rgb(${bg.slice(0, 3).map(Math.round)}) is ${ratio.toFixed(2)}:1, needs ${needed}:1`);
  }
}
return { checked, failures };
"#;

/// What has the keyboard focus: its kind (skip, home, nav, filter, day or the tag), the
/// computed outline width (0 when the outline style is none), and its text or day.
const FOCUS_SCRIPT: &str = r#"
const a = document.activeElement;
const s = getComputedStyle(a);
const kind = a.matches("a.skip") ? "skip" : a.matches("header h1 a") ? "home" : a.closest("nav") ? "nav"
  : a.closest("form.filters") ? "filter" : a.matches(".chart .day") ? "day" : a.tagName.toLowerCase();
const width = s.outlineStyle === "none" ? 0 : parseFloat(s.outlineWidth);
return [kind, width, a.getAttribute("data-date") || a.getAttribute("name") || a.textContent.trim().slice(0, 30)];
"#;

impl Browser {
    /// Presses a key (a WebDriver key code) on whatever has the focus.
    fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.command("POST", "/actions", Some(actions));
    }

    /// Lays the page out at a viewport width (a phone's is emulated as a mobile device).
    fn viewport(&self, width: u32, height: u32) {
        let params = json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600});
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": params})),
        );
    }
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

#[test]
fn every_view_has_contrast_keyboard_access_and_fits_a_laptop_and_a_phone() {
    let Some((dir, browser, server)) = browser_and_server("access") else { return };
    let base = format!("http://{}/", server.addr);
    let dyad = "RUS-UKR";
    let article = api(&server, "/api/articles?limit=1")["articles"][0]["id"].as_i64().unwrap();
    let day = api(&server, &format!("/api/aggregates?dyad={dyad}"))["days"][0]["date"].as_str().unwrap().to_string();
    // Each view with what it waits for; the dyad view with a day's events and the day table open.
    let views = [
        (format!("#/dyad?dyad={dyad}&day={day}"), "#day-events table.events tbody tr"),
        ("#/events?root=19".to_string(), "table.events caption"),
        ("#/articles".to_string(), "tbody tr a"),
        (format!("#/article/{article}"), "#article-text mark"),
        ("#/quotes".to_string(), "section.speaker li"),
        ("#/tracker".to_string(), "section.track table.steps"),
    ];
    for (width, height) in [(1280, 800), (390, 844)] {
        browser.viewport(width, height);
        for (hash, ready) in &views {
            browser.open(&format!("{base}{hash}"));
            browser.wait_for(hash, &format!("return document.querySelector({ready:?}) !== null"));
            browser.eval("document.querySelectorAll('details').forEach((d) => d.open = true); return 1");
            let overflow =
                browser.eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assert_eq!(overflow, 0, "{hash} at {width} px: no horizontal scrolling");
            let contrast = browser.eval(CONTRAST_SCRIPT);
            assert!(contrast["checked"].as_u64().unwrap() > 5, "{hash}: {contrast}");
            assert_eq!(contrast["failures"], json!([]), "{hash} at {width} px: text contrast");
        }
    }

    // The keyboard alone, from the top of the dyad view: the skip link, the views, the filters,
    // then the timeline's days, each with a visible outline; Enter opens the focused day.
    browser.viewport(1280, 800);
    browser.open(&format!("{base}#/dyad?dyad={dyad}"));
    browser.wait_for("the timeline", "return document.querySelectorAll('.chart .day').length");
    let mut focused: Vec<Value> = Vec::new();
    while focused.iter().filter(|f| f[0] == "day").count() < 2 {
        assert!(focused.len() < 40, "Tab never reached two timeline days: {focused:?}");
        browser.press(TAB);
        let now = browser.eval(FOCUS_SCRIPT);
        assert!(now[1].as_f64().unwrap() > 0.0, "a visible focus outline on {now}");
        focused.push(now);
    }
    let kinds: Vec<&str> = focused.iter().map(|f| f[0].as_str().unwrap()).collect();
    assert_eq!(kinds[0], "skip", "{kinds:?}");
    let first = |kind: &str| kinds.iter().position(|k| *k == kind).unwrap_or_else(|| panic!("no {kind} in {kinds:?}"));
    assert!(first("nav") < first("filter") && first("filter") < first("day"), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "nav").count(), 5, "every view's link: {kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "filter").count(), 5, "four fields and the button: {kinds:?}");
    let day = focused.last().unwrap()[2].as_str().unwrap().to_string();
    browser.press(ENTER);
    browser.wait_for(
        "the focused day's events",
        &format!("return document.querySelector('#day-heading')?.textContent === 'Events on {day}'"),
    );
    let rows = browser.eval("return document.querySelectorAll('#day-events table.events tbody tr').length");
    assert_eq!(rows, api(&server, &format!("/api/events?dyad={dyad}&since={day}&until={day}"))["total"]);
    assert_eq!(browser.eval("return document.activeElement.id"), "day-heading", "focus moves to the events");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
