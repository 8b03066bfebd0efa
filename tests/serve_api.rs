//! The HTTP API of `detente serve`: every endpoint, bad parameters (clear JSON 4xx naming the
//! parameter), paging limits, the write token, and the command line's listening line.
//!
//! One server, started in-process on an ephemeral port over a temporary database built from
//! `tests/fixtures/serve/articles.jsonl` (five short articles of our own), serves every test.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use detente::coder::Coder;
use detente::dict::Dictionaries;
use detente::serve::{Config, Running};
use detente::store::{hash, Store, Writer};
use serde_json::{json, Value};

const TOKEN: &str = "test-token-0123456789";

struct Fixture {
    server: Running,
    db: PathBuf,
}

/// The read-only server shared by the read tests.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| start("read", None))
}

/// A server over a fresh database of the fixture articles.
fn start(name: &str, token: Option<&str>) -> Fixture {
    // Under the target directory: the shared fixture lives until the process ends, so nothing
    // removes it; there it is build output rather than litter in /tmp.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("serve-api-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("api.db");
    ingest(&db);
    let server = detente::serve::start(Config {
        db: db.clone(),
        addr: "127.0.0.1:0".parse().unwrap(),
        token: token.map(str::to_string),
        dicts: None,
        readers: 2,
    })
    .unwrap();
    Fixture { server, db }
}

fn ingest(db: &Path) {
    let dicts = Dictionaries::builtin();
    let version = hash::dict_version(&dicts);
    let coder = Coder::new(dicts);
    let store = Store::open(db).unwrap();
    let mut writer = Writer::new(&store, &coder, version);
    let input = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve/articles.jsonl");
    for item in detente::ingest::Reader::new(&[input]).without_dedup() {
        writer.ingest(&item.unwrap()).unwrap();
    }
    writer.commit().unwrap();
}

fn url(path: &str) -> String {
    format!("http://{}{path}", fixture().server.addr)
}

/// (status, JSON body) of a GET to the shared server.
fn get(path: &str) -> (u16, Value) {
    answer(ureq::get(&url(path)).call())
}

fn answer(result: Result<ureq::Response, ureq::Error>) -> (u16, Value) {
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("request failed: {e}"),
    };
    let status = response.status();
    let kind = response.content_type().to_string();
    assert_eq!(kind, "application/json", "status {status}: JSON answers, errors included");
    (status, response.into_json().unwrap())
}

/// Asserts a JSON error with this status, naming `parameter` when given.
fn assert_error(path: &str, status: u16, parameter: Option<&str>) -> Value {
    let (got, body) = get(path);
    assert_eq!(got, status, "{path}: {body}");
    assert_eq!(body["error"]["status"], status, "{path}: {body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{path}: {body}");
    if let Some(p) = parameter {
        assert_eq!(body["error"]["parameter"], p, "{path}: {body}");
    }
    body
}

#[test]
fn events_are_filtered_and_paged() {
    let (status, all) = get("/api/events");
    assert_eq!(status, 200);
    let total = all["total"].as_i64().unwrap();
    assert!(total >= 5, "the fixture articles give events: {all}");
    assert_eq!(all["events"].as_array().unwrap().len() as i64, total.min(100));
    let first = &all["events"][0];
    for field in ["id", "article_id", "date", "source", "target", "code", "evidence", "rule", "sentence_text"] {
        assert!(!first[field].is_null(), "event field {field}: {first}");
    }
    // Paging: two pages of one are the first two events.
    let (_, p0) = get("/api/events?limit=1");
    let (_, p1) = get("/api/events?limit=1&offset=1");
    assert_eq!(p0["events"][0]["id"], all["events"][0]["id"]);
    assert_eq!(p1["events"][0]["id"], all["events"][1]["id"]);
    assert_eq!(p1["total"], total);
    // A dyad selects both directions and nothing else.
    let (_, dyad) = get("/api/events?dyad=RUS-UKR");
    assert!(dyad["total"].as_i64().unwrap() >= 1, "{dyad}");
    for e in dyad["events"].as_array().unwrap() {
        let pair = (e["source"].as_str().unwrap(), e["target"].as_str().unwrap());
        assert!(
            (pair.0.starts_with("RUS") && pair.1.starts_with("UKR"))
                || (pair.0.starts_with("UKR") && pair.1.starts_with("RUS")),
            "{e}"
        );
    }
    // Dates are inclusive bounds.
    let (_, day) = get("/api/events?since=2025-03-13&until=2025-03-13");
    assert!(day["total"].as_i64().unwrap() >= 1);
    assert!(day["events"].as_array().unwrap().iter().all(|e| e["date"] == "2025-03-13"), "{day}");
    // Root and quad filters.
    let (_, root) = get("/api/events?root=19&quad=4");
    assert!(root["events"].as_array().unwrap().iter().all(|e| e["code"].as_str().unwrap().starts_with("19")));
    let (_, none) = get("/api/events?text=zzzunknownword");
    assert_eq!(none["total"], 0);
}

#[test]
fn bad_event_parameters_are_clear_400s() {
    assert_error("/api/events?since=2025-13-01", 400, Some("since"));
    assert_error("/api/events?since=yesterday", 400, Some("since"));
    assert_error("/api/events?since=2025-03-20&until=2025-03-01", 400, Some("until"));
    assert_error("/api/events?quad=5", 400, Some("quad"));
    assert_error("/api/events?quad=x", 400, Some("quad"));
    assert_error("/api/events?dyad=USA", 400, Some("dyad"));
    assert_error("/api/events?dyad=USA-", 400, Some("dyad"));
    assert_error("/api/events?source=US%20A", 400, Some("source"));
    assert_error("/api/events?code=abc", 400, Some("code"));
    assert_error("/api/events?root=190", 400, Some("root"));
    assert_error("/api/events?with_duplicates=maybe", 400, Some("with_duplicates"));
    assert_error("/api/events?limit=0", 400, Some("limit"));
    assert_error("/api/events?limit=1001", 400, Some("limit"));
    assert_error("/api/events?offset=-1", 400, Some("offset"));
    assert_error("/api/events?offset=100001", 400, Some("offset"));
    assert_error("/api/events?sorce=RUS", 400, Some("sorce"));
    assert_error("/api/events?source=RUS&source=UKR", 400, Some("source"));
    let long = "a".repeat(600);
    assert_error(&format!("/api/events?text={long}"), 400, Some("text"));
}

#[test]
fn articles_list_and_detail() {
    let (status, list) = get("/api/articles");
    assert_eq!(status, 200);
    assert_eq!(list["total"], 5, "{list}");
    let articles = list["articles"].as_array().unwrap();
    // Newest first.
    assert_eq!(articles[0]["date"], "2025-03-18");
    assert!(articles[0].get("text").is_none(), "the list leaves the text out");
    let (_, paged) = get("/api/articles?limit=2&offset=4");
    assert_eq!(paged["articles"].as_array().unwrap().len(), 1);
    let (_, found) = get("/api/articles?text=Kharkiv");
    assert_eq!(found["total"], 2, "{found}");
    let (_, dated) = get("/api/articles?since=2025-03-13&until=2025-03-13");
    assert_eq!(dated["total"], 2);

    let id = articles.iter().find(|a| a["title"] == "Kremlin sets conditions").unwrap()["id"].as_i64().unwrap();
    let (status, a) = get(&format!("/api/articles/{id}"));
    assert_eq!(status, 200);
    assert!(a["text"].as_str().unwrap().contains("Russia rejected the ceasefire plan"));
    assert!(!a["sentences"].as_array().unwrap().is_empty());
    let chars: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    // Spans are code points into the text.
    for m in a["actors"].as_array().unwrap() {
        let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..e].iter().collect::<String>(), m["text"].as_str().unwrap(), "{m}");
    }
    let events = a["events"].as_array().unwrap();
    assert!(!events.is_empty(), "{a}");
    for e in events {
        let verb = &e["evidence"]["verb"];
        let (s, t) = (verb["start"].as_u64().unwrap() as usize, verb["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..t].iter().collect::<String>(), verb["text"].as_str().unwrap());
        assert!(e["rule"].as_str().is_some_and(|r| !r.is_empty()));
    }
}

#[test]
fn bad_article_requests() {
    assert_error("/api/articles/999999", 404, None);
    assert_error("/api/articles/abc", 400, Some("id"));
    assert_error("/api/articles/0", 400, Some("id"));
    assert_error("/api/articles/1?x=1", 400, Some("x"));
    assert_error("/api/articles?since=2025-02-30x", 400, Some("since"));
    assert_error("/api/articles?limit=5000", 400, Some("limit"));
    assert_error("/api/nothing", 404, None);
}

#[test]
fn actors_are_counted() {
    let (status, body) = get("/api/actors");
    assert_eq!(status, 200);
    let actors = body["actors"].as_array().unwrap();
    assert!(actors.iter().any(|a| a["code"].as_str().unwrap().starts_with("RUS")), "{body}");
    let mentions: Vec<i64> = actors.iter().map(|a| a["mentions"].as_i64().unwrap()).collect();
    assert!(mentions.windows(2).all(|w| w[0] >= w[1]), "most mentioned first");
    let (_, ukr) = get("/api/actors?code=ukr");
    assert!(ukr["actors"].as_array().unwrap().iter().all(|a| a["code"].as_str().unwrap().starts_with("UKR")));
    let (_, one) = get("/api/actors?limit=1&offset=1");
    assert_eq!(one["actors"][0], actors[1]);
    assert_error("/api/actors?code=U-K", 400, Some("code"));
    assert_error("/api/actors?limit=abc", 400, Some("limit"));
}

#[test]
fn aggregates_per_day() {
    let (status, body) = get("/api/aggregates?dyad=RUS-UKR");
    assert_eq!(status, 200);
    let days = body["days"].as_array().unwrap();
    assert!(!days.is_empty(), "{body}");
    let (_, events) = get("/api/events?dyad=RUS-UKR&limit=1000");
    let total: i64 = days.iter().map(|d| d["events"].as_i64().unwrap()).sum();
    assert_eq!(total, events["total"].as_i64().unwrap(), "the days add up to the dyad's events");
    for d in days {
        let quad: Vec<i64> = d["quad"].as_array().unwrap().iter().map(|q| q.as_i64().unwrap()).collect();
        assert_eq!(d["cooperation"].as_i64().unwrap(), quad[0] + quad[1]);
        assert_eq!(d["conflict"].as_i64().unwrap(), quad[2] + quad[3]);
        let day = d["date"].as_str().unwrap();
        let (_, of_day) = get(&format!("/api/events?dyad=RUS-UKR&since={day}&until={day}"));
        assert_eq!(of_day["total"], d["events"], "a day's events are the ones behind its counts");
        let mean = of_day["events"].as_array().unwrap().iter().filter_map(|e| e["goldstein"].as_f64()).sum::<f64>()
            / of_day["events"].as_array().unwrap().iter().filter(|e| e["goldstein"].is_f64()).count().max(1) as f64;
        assert!((d["goldstein_mean"].as_f64().unwrap_or(0.0) - mean).abs() < 1e-9);
    }
    // An actor counts both sides.
    let (_, actor) = get("/api/aggregates?actor=RUS");
    let (_, as_source) = get("/api/events?source=RUS&limit=1000");
    let actor_total: i64 = actor["days"].as_array().unwrap().iter().map(|d| d["events"].as_i64().unwrap()).sum();
    assert!(actor_total >= as_source["total"].as_i64().unwrap());
    let (_, bounded) = get("/api/aggregates?actor=RUS&since=2025-03-13&until=2025-03-13");
    assert!(bounded["days"].as_array().unwrap().iter().all(|d| d["date"] == "2025-03-13"));
    assert_error("/api/aggregates?dyad=RUS-UKR&actor=RUS", 400, Some("actor"));
    assert_error("/api/aggregates?actor=R*", 400, Some("actor"));
    assert_error("/api/aggregates?limit=5", 400, Some("limit"));
}

#[test]
fn quotes_with_their_speakers() {
    let (status, body) = get("/api/quotes");
    assert_eq!(status, 200);
    let quotes = body["quotes"].as_array().unwrap();
    assert!(body["total"].as_i64().unwrap() >= 1, "the fixture quotes Marco Rubio: {body}");
    let rubio =
        quotes.iter().find(|q| q["text"].as_str().unwrap().contains("guns to fall silent")).expect("Rubio's quote");
    let (_, by_name) = get("/api/quotes?speaker=rubio");
    assert!(by_name["quotes"].as_array().unwrap().iter().any(|q| q["id"] == rubio["id"]), "{by_name}");
    let (_, by_text) = get("/api/quotes?text=guns%20silent");
    assert_eq!(by_text["total"], 1);
    let (_, other) = get("/api/quotes?speaker=nobodyknown");
    assert_eq!(other["total"], 0);
    // The article's quotes are the same, with spans into its text.
    let article = rubio["article_id"].as_i64().unwrap();
    let (_, of_article) = get(&format!("/api/quotes?article={article}"));
    let (_, a) = get(&format!("/api/articles/{article}"));
    assert_eq!(a["quotes"], of_article["quotes"]);
    let chars: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    let (s, e) = (rubio["start"].as_u64().unwrap() as usize, rubio["end"].as_u64().unwrap() as usize);
    assert!(chars[s..e].iter().collect::<String>().contains("guns to fall silent"));
    let (_, paged) = get("/api/quotes?limit=1&offset=0");
    assert_eq!(paged["quotes"].as_array().unwrap().len(), 1);
    assert_error("/api/quotes?article=abc", 400, Some("article"));
    assert_error("/api/quotes?article=0", 400, Some("article"));
    assert_error("/api/quotes?speaker_code=US-A", 400, Some("speaker_code"));
    assert_error("/api/quotes?until=2025-3-1", 400, Some("until"));
    assert_error("/api/quotes?code=USA", 400, Some("code"));
}

#[test]
fn tracker_tracks_of_the_window() {
    let (status, body) = get("/api/tracker");
    assert_eq!(status, 200);
    let (_, events) = get("/api/events?limit=1000");
    assert_eq!(body["events"], events["total"], "every event of the window is read");
    // The same tracks as the library forms from the same events.
    let store = Store::open_read_only(&fixture().db).unwrap();
    let expected = detente::tracker::tracks(&store.events(&Default::default()).unwrap());
    assert_eq!(body["tracks"], serde_json::to_value(&expected).unwrap());
    let (_, dyad) = get("/api/tracker?dyad=UKR-RUS");
    for t in dyad["tracks"].as_array().unwrap() {
        let mut sides = [t["dyad"][0]["code"].as_str().unwrap(), t["dyad"][1]["code"].as_str().unwrap()];
        sides.sort();
        assert_eq!(sides, ["RUS", "UKR"], "{t}");
    }
    let (_, none) = get("/api/tracker?since=2030-01-01");
    assert_eq!((none["events"].as_i64(), none["tracks"].as_array().map(Vec::len)), (Some(0), Some(0)));
    assert_error("/api/tracker?dyad=RUSGOV-UKR", 400, Some("dyad"));
    assert_error("/api/tracker?dyad=RUS", 400, Some("dyad"));
    assert_error("/api/tracker?since=2025-03-20&until=2025-03-01", 400, Some("until"));
    assert_error("/api/tracker?root=19", 400, Some("root"));
}

#[test]
fn openapi_describes_every_endpoint() {
    let (status, doc) = get("/openapi.json");
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/events",
        "/api/articles",
        "/api/articles/{id}",
        "/api/quotes",
        "/api/actors",
        "/api/aggregates",
        "/api/tracker",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} is described");
    }
    assert!(paths["/api/articles"]["post"].is_object());
    // Every parameter an endpoint accepts is described: an undescribed one would be a 400.
    let resolve = |p: &Value| -> Value {
        match p["$ref"].as_str() {
            Some(r) => doc["components"]["parameters"][r.rsplit('/').next().unwrap()].clone(),
            None => p.clone(),
        }
    };
    for (path, item) in paths {
        let Some(params) = item["get"]["parameters"].as_array() else { continue };
        for p in params.iter().map(resolve) {
            assert!(p["description"].is_string(), "{path}: {p}");
            if p["in"] == "query" {
                let (status, body) = get(&format!("{path}?{}=", p["name"].as_str().unwrap()));
                assert_eq!(status, 200, "{path}: the described parameter {} is accepted: {body}", p["name"]);
            }
        }
    }
}

#[test]
fn dashboard_assets_are_embedded() {
    for (path, kind) in [("/", "text/html"), ("/app.js", "text/javascript"), ("/style.css", "text/css")] {
        let response = ureq::get(&url(path)).call().unwrap();
        assert!(response.content_type().starts_with(kind), "{path}");
        let policy = response.header("content-security-policy").unwrap().to_string();
        assert!(policy.contains("default-src 'self'"), "{path}: only this server's files");
        // The SVG namespace is a name, not an address the page loads.
        let body = response.into_string().unwrap().replace("\"http://www.w3.org/2000/svg\"", "");
        assert!(!body.contains("http://") && !body.contains("https://"), "{path}: no outside address");
    }
}

fn post(server: &Fixture, body: &Value, token: Option<&str>) -> (u16, Value) {
    let mut request = ureq::post(&format!("http://{}/api/articles", server.server.addr));
    if let Some(t) = token {
        request = request.set("Authorization", &format!("Bearer {t}"));
    }
    answer(request.send_json(body.clone()))
}

#[test]
fn writing_needs_the_token() {
    let server = start("write", Some(TOKEN));
    let post = |body: &Value, token: Option<&str>| post(&server, body, token);
    let article = json!({
        "title": "Talks resume in Istanbul",
        "date": "2025-05-16",
        "url": "https://example.org/news/2025/05/16/istanbul",
        "text": "ISTANBUL, May 16 (Example News) - Russian and Ukrainian delegations met in Istanbul on Friday.\n\nUkraine urged Russia to agree to an unconditional ceasefire."
    });
    let (status, body) = post(&article, None);
    assert_eq!(status, 401, "{body}");
    let (status, body) = post(&article, Some("wrong-token-0123456789"));
    assert_eq!(status, 403, "{body}");
    let (status, body) = post(&json!({"title": "no text"}), Some(TOKEN));
    assert_eq!((status, body["error"]["parameter"].as_str()), (400, Some("text")), "{body}");
    let (status, body) = post(&json!({"text": "Words.", "date": "someday"}), Some(TOKEN));
    assert_eq!((status, body["error"]["parameter"].as_str()), (400, Some("date")), "{body}");
    let (status, body) = post(&json!({"text": 5}), Some(TOKEN));
    assert_eq!((status, body["error"]["parameter"].as_str()), (400, Some("text")), "{body}");
    let (status, body) = post(&json!(["not", "an", "object"]), Some(TOKEN));
    assert_eq!(status, 400, "{body}");
    // Just over the limit: the server reads (almost) all of it before answering, so the answer
    // is not lost to a connection reset while the client is still sending.
    let big = json!({"text": "x".repeat(detente::serve::MAX_BODY)});
    let (status, body) = post(&big, Some(TOKEN));
    assert_eq!(status, 413, "{body}");

    let (status, body) = post(&article, Some(TOKEN));
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["stored"], true);
    let id = body["id"].as_i64().unwrap();
    assert!(body["events"].as_i64().unwrap() >= 1, "{body}");
    let (status, stored) = answer(ureq::get(&format!("http://{}/api/articles/{id}", server.server.addr)).call());
    assert_eq!(status, 200);
    assert_eq!(stored["date"], "2025-05-16");
    assert_eq!(stored["title"], "Talks resume in Istanbul");
    assert!(!stored["events"].as_array().unwrap().is_empty());
    // The same article again changes nothing.
    let (status, again) = post(&article, Some(TOKEN));
    assert_eq!((status, again["stored"].as_bool(), again["id"].as_i64()), (200, Some(false), Some(id)));
    let dir = server.db.parent().unwrap().to_path_buf();
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_server_without_a_token_refuses_writes() {
    let result = ureq::post(&url("/api/articles"))
        .set("Authorization", &format!("Bearer {TOKEN}"))
        .send_json(json!({"text": "Russia accused Ukraine of shelling."}));
    let (status, body) = answer(result);
    assert_eq!(status, 403, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("--token"));
}

#[test]
fn the_command_listens_on_localhost_and_names_a_missing_database() {
    let (code, _, err) = detente_cmd(&["serve", "--db", "/nonexistent/detente.db", "--addr", "127.0.0.1:0"]);
    assert_ne!(code, 0);
    assert!(err.contains("/nonexistent/detente.db") && err.contains("no such database"), "{err}");
    let (code, _, err) = detente_cmd(&["serve", "--db", "x.db", "--addr", "localhost"]);
    assert_ne!(code, 0);
    assert!(err.contains("--addr"), "{err}");
    // The default address is localhost.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(["serve", "--db", fixture().db.to_str().unwrap(), "--addr", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stderr.take().unwrap()), &mut line).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(line.starts_with("detente serve: listening on http://127.0.0.1:"), "{line}");
    assert!(line.contains("read-only"), "{line}");
    let help = detente_cmd(&["serve", "--help"]).1;
    assert!(help.contains("[default: 127.0.0.1:8080]"), "{help}");
}

fn detente_cmd(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .env_remove("DETENTE_TOKEN")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}
