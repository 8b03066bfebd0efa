//! The event store against PostgreSQL, through the command line: the SQLite suite's
//! idempotent re-ingest, near-duplicate linking, bad input, queries (the same answers as
//! SQLite), recode and crash test, and several ingest processes on overlapping inputs at once.
//!
//! Needs a server: `DETENTE_TEST_PG=postgres://user@host:port/db` (`.ci/run` starts one).
//! Each test creates its own database on that server and drops it at the end. Without the
//! variable the tests skip with a printed reason.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use detente::store::postgres::PgStore;
use detente::store::EventFilter;

const BIN: &str = env!("CARGO_BIN_EXE_detente");

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store")
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("pg-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fresh database on the test server, dropped when this is dropped.
struct TestDb {
    server: String,
    name: String,
    url: String,
}

impl TestDb {
    /// `None`, after printing why, when no server is configured.
    fn create(test: &str) -> Option<TestDb> {
        let Ok(server) = std::env::var("DETENTE_TEST_PG") else {
            eprintln!("skipping: DETENTE_TEST_PG is not set (a postgres:// URL; .ci/run starts a server)");
            return None;
        };
        let name = format!("detente_{test}_{}", std::process::id());
        let mut admin = postgres::Client::connect(&server, postgres::NoTls)
            .unwrap_or_else(|e| panic!("DETENTE_TEST_PG={server}: {e}"));
        // Two statements: neither may run inside the implicit transaction of a batch.
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
        let url = format!("{base}/{name}");
        Some(TestDb { server, name, url })
    }

    fn store(&self) -> PgStore {
        PgStore::connect(&self.url).unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

fn run(args: &[&str]) -> Output {
    let out = Command::new(BIN).args(args).output().expect("run detente");
    assert!(out.status.success(), "detente {args:?} failed: {}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    out
}

fn stdout(args: &[&str]) -> String {
    String::from_utf8(run(args).stdout).unwrap()
}

/// Ingests into `db` (a file or a URL) and returns the summary line.
fn ingest(db: &str, inputs: &[&Path]) -> String {
    let mut args = vec!["ingest".to_string(), "--db".into(), db.to_string()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let stderr = String::from_utf8(run(&args).stderr).unwrap();
    stderr.lines().last().unwrap_or("").to_string()
}

fn articles(store: &mut PgStore) -> Vec<(i64, String, Option<i64>, i64)> {
    let rows =
        store.client.query("SELECT id, content_hash, duplicate_of, n_events FROM articles ORDER BY id", &[]).unwrap();
    rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))).collect()
}

#[test]
fn re_ingest_changes_nothing() {
    let Some(pg) = TestDb::create("idempotent") else { return };
    let dir = scratch("idempotent");
    let (arts, batch) = (fixtures().join("articles"), fixtures().join("batch.jsonl"));
    let first = ingest(&pg.url, &[&arts, &batch]);
    assert!(first.contains("10 documents, 8 stored"), "{first}");
    let mut store = pg.store();
    let before = articles(&mut store);
    let events = store.event_count().unwrap();
    assert!(events > 5, "{events} events");
    let second = ingest(&pg.url, &[&arts, &batch]);
    assert!(second.contains("0 stored") && second.contains("8 unchanged"), "{second}");
    assert_eq!(articles(&mut store), before);
    assert_eq!(store.event_count().unwrap(), events);
    // Same text, different case and spacing, no URL: the same article.
    let copy = dir.join("copy.txt");
    let text = std::fs::read_to_string(arts.join("trade.txt")).unwrap();
    std::fs::write(&copy, text.replace("  ", " ").to_uppercase()).unwrap();
    let third = ingest(&pg.url, &[&copy]);
    assert!(third.contains("0 stored") && third.contains("1 unchanged"), "{third}");
    assert!(store.partial_articles().unwrap().is_empty());
}

#[test]
fn near_duplicates_are_linked_and_left_out_by_default() {
    let Some(pg) = TestDb::create("near") else { return };
    ingest(&pg.url, &[&fixtures().join("articles")]);
    let line = ingest(&pg.url, &[&fixtures().join("near_talks.txt")]);
    assert!(line.contains("1 stored (1 duplicates"), "{line}");
    let mut store = pg.store();
    let row = store
        .client
        .query_one(
            "SELECT (SELECT id FROM articles WHERE source LIKE '%talks.txt' AND source NOT LIKE '%near%'),
                    (SELECT duplicate_of FROM articles WHERE source LIKE '%near_talks.txt')",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, Option<i64>>(1), Some(row.get::<_, i64>(0)));
    let without = store.count_events(&EventFilter::default()).unwrap();
    let with = store.count_events(&EventFilter { with_duplicates: true, ..Default::default() }).unwrap();
    assert!(with > without, "duplicates add events: {with} vs {without}");
}

#[test]
fn bad_documents_are_reported_and_counted() {
    let Some(pg) = TestDb::create("bad") else { return };
    let dir = scratch("bad");
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(fixtures().join("batch.jsonl"), inputs.join("batch.jsonl")).unwrap();
    std::fs::write(inputs.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]).unwrap();
    std::fs::write(inputs.join("empty.txt"), "").unwrap();
    std::fs::copy(fixtures().join("articles/strikes.txt"), inputs.join("strikes.txt")).unwrap();
    let out = run(&["ingest", "--db", &pg.url, inputs.to_str().unwrap()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let summary = stderr.lines().last().unwrap();
    assert!(summary.contains("4 stored") && summary.contains("4 bad"), "{stderr}");
    assert!(stderr.contains("batch.jsonl#3: invalid JSON") && stderr.contains("binary.txt"), "{stderr}");
    let mut store = pg.store();
    assert_eq!(store.article_count().unwrap(), 4);
    assert!(store.partial_articles().unwrap().is_empty());
}

/// The fields of JSON lines that do not depend on the database (ids, ingest times), sorted.
fn comparable(jsonl: &str, fields: &[&str]) -> Vec<String> {
    let mut rows: Vec<String> = jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            fields.iter().map(|f| v[*f].to_string()).collect::<Vec<_>>().join("\t")
        })
        .collect();
    rows.sort();
    rows
}

fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines.sort();
    lines
}

#[test]
fn queries_answer_as_sqlite_does() {
    let Some(pg) = TestDb::create("queries") else { return };
    let dir = scratch("queries");
    let file = dir.join("events.db");
    let file = file.to_str().unwrap();
    let inputs = [fixtures().join("articles"), fixtures().join("batch.jsonl"), fixtures().join("quoted.txt")];
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    ingest(file, &inputs);
    ingest(&pg.url, &inputs);
    let event_fields = [
        "date",
        "source",
        "target",
        "code",
        "quad_class",
        "goldstein",
        "modality",
        "evidence",
        "sentence_text",
        "rule",
    ];
    for args in [
        vec!["events"],
        vec!["events", "--dyad", "RUS-UKR"],
        vec!["events", "--source", "RUS", "--target", "UKR"],
        vec!["events", "--root", "19"],
        vec!["events", "--quad", "3"],
        vec!["events", "--since", "2025-06-03", "--until", "2025-06-05"],
        vec!["events", "--text", "Khartoum ceasefire"],
        vec!["export", "--source", "USAGOV"],
    ] {
        let query = |db: &str| {
            let mut a = args.clone();
            a.extend(["--db", db, "--format", "jsonl"]);
            comparable(&stdout(&a), &event_fields)
        };
        let (lite, pg_rows) = (query(file), query(&pg.url));
        assert!(!lite.is_empty() || args.len() > 1, "{args:?}");
        assert_eq!(pg_rows, lite, "{args:?}");
    }
    let quote_fields = ["date", "start", "end", "text", "kind", "speaker", "speaker_code", "speaker_span", "cue"];
    for args in
        [vec!["quotes"], vec!["quotes", "--speaker", "peskov"], vec!["quotes", "--code", "RUS", "--text", "talks"]]
    {
        let query = |db: &str| {
            let mut a = args.clone();
            a.extend(["--db", db, "--format", "jsonl"]);
            comparable(&stdout(&a), &quote_fields)
        };
        let lite = query(file);
        assert!(!lite.is_empty(), "{args:?}");
        assert_eq!(query(&pg.url), lite, "{args:?}");
    }
    assert_eq!(sorted_lines(&stdout(&["stats", "--db", &pg.url])), sorted_lines(&stdout(&["stats", "--db", file])));
    assert_eq!(
        sorted_lines(&stdout(&["actors", "--db", &pg.url, "--code", "RUS"])),
        sorted_lines(&stdout(&["actors", "--db", file, "--code", "RUS"]))
    );
    let gdelt = stdout(&["export", "--db", &pg.url, "--format", "gdelt"]);
    assert!(!gdelt.is_empty() && gdelt.lines().all(|l| l.split('\t').count() == 61));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn recode_records_the_dictionary_version() {
    let Some(pg) = TestDb::create("recode") else { return };
    let dir = scratch("recode");
    ingest(&pg.url, &[&fixtures().join("articles")]);
    let dict = dir.join("extra.detente");
    std::fs::write(&dict, "# ---- actors\nactor TSL = Testland | Testlandish\n").unwrap();
    let mut store = pg.store();
    let events = store.event_count().unwrap();
    let out = run(&["recode", "--db", &pg.url]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 articles re-coded"));
    let out = run(&["recode", "--db", &pg.url, "--dicts", dict.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("5 articles re-coded"));
    assert_eq!(store.event_count().unwrap(), events);
    let versions: i64 = store.client.query_one("SELECT count(DISTINCT dict_version) FROM events", &[]).unwrap().get(0);
    assert_eq!(versions, 1);
    assert!(store.partial_articles().unwrap().is_empty());
}

#[test]
fn killed_ingest_leaves_a_consistent_database_and_a_rerun_completes() {
    const ARTICLES: usize = 1500;
    let Some(pg) = TestDb::create("crash") else { return };
    let dir = scratch("crash");
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let texts: Vec<String> = std::fs::read_dir(fixtures().join("articles"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for i in 0..ARTICLES {
        let text = format!("Story {i} of the crash test, item {}.\n\n{}", i * 7919 % 10007, texts[i % texts.len()]);
        std::fs::write(inputs.join(format!("a{i:05}.txt")), text).unwrap();
    }
    let mut store = pg.store();
    let mut child = Command::new(BIN)
        .args(["ingest", "--db", &pg.url, inputs.to_str().unwrap()])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while store.article_count().unwrap() < 100 && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let after_kill = store.article_count().unwrap() as usize;
    assert!(store.partial_articles().unwrap().is_empty(), "no partial article");
    assert!(after_kill > 0 && after_kill < ARTICLES, "killed mid-run: {after_kill} of {ARTICLES} stored");
    let line = ingest(&pg.url, &[&inputs]);
    assert!(line.contains(&format!("{} stored", ARTICLES - after_kill)), "{line}");
    assert_eq!(store.article_count().unwrap() as usize, ARTICLES);
    assert!(store.partial_articles().unwrap().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A text of `n` words drawn from a small vocabulary by a seeded generator: texts of different
/// seeds share few 5-word shingles, so only the copies made on purpose are near-duplicates.
fn text(seed: u64, n: usize) -> String {
    const WORDS: &[&str] = &[
        "minister",
        "talks",
        "border",
        "army",
        "government",
        "said",
        "on",
        "the",
        "of",
        "in",
        "police",
        "aid",
        "ceasefire",
        "election",
        "parliament",
        "sanctions",
        "trade",
        "summit",
        "rebels",
        "capital",
        "vote",
        "court",
        "protest",
        "envoy",
        "treaty",
        "troops",
        "port",
        "oil",
        "bank",
        "drone",
        "strike",
        "refugees",
    ];
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let words: Vec<&str> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            WORDS[(x % WORDS.len() as u64) as usize]
        })
        .collect();
    format!("{}.", words.join(" "))
}

#[test]
fn concurrent_ingest_workers_store_each_article_once_and_link_duplicates() {
    const GROUPS: usize = 40;
    const WORKERS: usize = 4;
    let Some(pg) = TestDb::create("concurrent") else { return };
    let dir = scratch("concurrent");
    // Each group: an original at one URL, the same text at a second URL (syndicated) and a
    // near copy (two words changed) at a third. Four files, each holding every group's three
    // records in a different order; every worker reads all four files, starting at another one.
    let mut records: Vec<String> = Vec::new();
    for g in 0..GROUPS {
        let original = text(g as u64 + 1, 80);
        let mut near: Vec<&str> = original.split(' ').collect();
        near[10] = "yesterday";
        near[50] = "tomorrow";
        let near = near.join(" ");
        for (variant, body) in [("a", &original), ("b", &original), ("c", &near)] {
            records.push(
                serde_json::json!({"url": format!("https://example.org/{g}/{variant}"), "title": format!("Group {g}"),
                                   "date": "2025-05-01", "text": body})
                .to_string(),
            );
        }
    }
    let files: Vec<PathBuf> = (0..WORKERS)
        .map(|k| {
            let path = dir.join(format!("part{k}.jsonl"));
            let mut order = records.clone();
            order.rotate_left(k * records.len() / WORKERS);
            if k % 2 == 1 {
                order.reverse();
            }
            std::fs::write(&path, order.join("\n") + "\n").unwrap();
            path
        })
        .collect();
    // The schema exists before the workers start, as in a deployment (its creation is also
    // serialised, but that is not what this test is about).
    let mut store = pg.store();
    let workers: Vec<_> = (0..WORKERS)
        .map(|k| {
            let mut args = vec!["ingest".to_string(), "--db".into(), pg.url.clone()];
            args.extend((0..WORKERS).map(|i| files[(k + i) % WORKERS].display().to_string()));
            Command::new(BIN).args(&args).stderr(Stdio::piped()).spawn().unwrap()
        })
        .collect();
    let mut stored = 0;
    for w in workers {
        let out = w.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let summary = stderr.lines().last().unwrap();
        assert!(summary.contains(" 0 bad"), "{summary}");
        let n: usize = summary.split(" stored").next().unwrap().rsplit(' ').next().unwrap().parse().unwrap();
        stored += n;
    }
    // Each article exactly once, whoever stored it.
    assert_eq!(stored, 3 * GROUPS);
    assert_eq!(store.article_count().unwrap() as usize, 3 * GROUPS);
    let distinct: i64 =
        store.client.query_one("SELECT count(DISTINCT canonical_url) FROM articles", &[]).unwrap().get(0);
    assert_eq!(distinct as usize, 3 * GROUPS);
    // Each group: one original, the two others linked to it.
    let rows = store.client.query("SELECT title, id, duplicate_of FROM articles ORDER BY title, id", &[]).unwrap();
    for group in rows.chunks(3) {
        let originals: Vec<i64> =
            group.iter().filter(|r| r.get::<_, Option<i64>>(2).is_none()).map(|r| r.get(1)).collect();
        assert_eq!(originals.len(), 1, "group {}: one original", group[0].get::<_, String>(0));
        for r in group {
            let dup: Option<i64> = r.get(2);
            assert!(
                dup.is_none() || dup == Some(originals[0]),
                "group {}: linked to its original",
                r.get::<_, String>(0)
            );
        }
    }
    assert!(store.partial_articles().unwrap().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
