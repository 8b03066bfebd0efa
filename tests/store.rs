//! The event store through the command line: idempotent re-ingest, near-duplicate linking,
//! stored quotes and their queries, the migration of a database from before quotes,
//! bad input inside a batch, queries and every export format, and a crash test that kills an
//! ingest run with SIGKILL and completes it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use detente::store::{EventFilter, QuoteFilter, Store};

const BIN: &str = env!("CARGO_BIN_EXE_detente");

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store")
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    let out = Command::new(BIN).args(args).output().expect("run detente");
    assert!(out.status.success(), "detente {args:?} failed: {}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    out
}

fn ingest(db: &Path, inputs: &[&Path]) -> String {
    let mut args = vec!["ingest".to_string(), "--db".into(), db.display().to_string()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    stderr.lines().last().unwrap_or("").to_string()
}

fn stdout(args: &[&str]) -> String {
    String::from_utf8(run(args).stdout).unwrap()
}

fn snapshot(store: &Store) -> Vec<(i64, String, i64, i64)> {
    let mut stmt = store.conn.prepare("SELECT id, content_hash, n_events, n_actors FROM articles ORDER BY id").unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn re_ingest_changes_nothing() {
    let dir = scratch("idempotent");
    let db = dir.join("events.db");
    let articles = fixtures().join("articles");
    let batch = fixtures().join("batch.jsonl");
    let first = ingest(&db, &[&articles, &batch]);
    assert!(first.contains("10 documents, 8 stored"), "{first}");
    let store = Store::open(&db).unwrap();
    let before = snapshot(&store);
    let events = store.event_count().unwrap();
    assert!(events > 5, "{events} events");
    drop(store);
    let second = ingest(&db, &[&articles, &batch]);
    assert!(second.contains("0 stored") && second.contains("8 unchanged"), "{second}");
    let store = Store::open(&db).unwrap();
    assert_eq!(snapshot(&store), before);
    assert_eq!(store.event_count().unwrap(), events);
    // Same text, different case and spacing, no URL: the same article.
    let copy = dir.join("copy.txt");
    let text = std::fs::read_to_string(articles.join("trade.txt")).unwrap();
    std::fs::write(&copy, text.replace("  ", " ").to_uppercase()).unwrap();
    let third = ingest(&db, &[&copy]);
    assert!(third.contains("0 stored") && third.contains("1 unchanged"), "{third}");
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn near_duplicates_are_linked_and_left_out_by_default() {
    let dir = scratch("near");
    let db = dir.join("events.db");
    ingest(&db, &[&fixtures().join("articles")]);
    let line = ingest(&db, &[&fixtures().join("near_talks.txt")]);
    assert!(line.contains("1 stored (1 duplicates"), "{line}");
    let store = Store::open(&db).unwrap();
    let (original, near): (i64, i64) = store
        .conn
        .query_row(
            "SELECT (SELECT id FROM articles WHERE source LIKE '%talks.txt' AND source NOT LIKE '%near%'),
                    (SELECT duplicate_of FROM articles WHERE source LIKE '%near_talks.txt')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(near, original);
    let without = store.count_events(&EventFilter::default()).unwrap();
    let with = store.count_events(&EventFilter { with_duplicates: true, ..Default::default() }).unwrap();
    assert!(with > without, "duplicates add events: {with} vs {without}");
    let jsonl = stdout(&["events", "--db", db.to_str().unwrap(), "--format", "jsonl", "--with-duplicates"]);
    assert!(jsonl.lines().any(|l| l.contains("\"duplicate_of\":")));
    assert_eq!(jsonl.lines().count() as i64, with);
}

#[test]
fn bad_documents_are_reported_and_counted() {
    let dir = scratch("bad");
    let db = dir.join("events.db");
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(fixtures().join("batch.jsonl"), inputs.join("batch.jsonl")).unwrap();
    std::fs::write(inputs.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]).unwrap();
    std::fs::write(inputs.join("empty.txt"), "").unwrap();
    std::fs::copy(fixtures().join("articles/strikes.txt"), inputs.join("strikes.txt")).unwrap();
    let out = run(&["ingest", "--db", db.to_str().unwrap(), inputs.to_str().unwrap()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let summary = stderr.lines().last().unwrap();
    assert!(summary.contains("4 stored") && summary.contains("4 bad"), "{stderr}");
    assert!(stderr.contains("batch.jsonl#3: invalid JSON"), "{stderr}");
    assert!(stderr.contains("batch.jsonl#4"), "{stderr}");
    assert!(stderr.contains("binary.txt"), "{stderr}");
    assert!(stderr.contains("empty.txt"), "{stderr}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.article_count().unwrap(), 4);
    assert!(store.partial_articles().unwrap().is_empty());
}

#[test]
fn queries_and_exports() {
    let dir = scratch("queries");
    let db = dir.join("events.db");
    ingest(&db, &[&fixtures().join("articles"), &fixtures().join("batch.jsonl")]);
    let db = db.to_str().unwrap();

    // Dyad, either direction; every row is between the two countries.
    let rows = stdout(&["events", "--db", db, "--dyad", "RUS-UKR", "--format", "jsonl"]);
    assert!(rows.lines().count() >= 2, "{rows}");
    for line in rows.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let pair = (&v["source"].as_str().unwrap()[..3], &v["target"].as_str().unwrap()[..3]);
        assert!(pair == ("RUS", "UKR") || pair == ("UKR", "RUS"), "{line}");
        assert!(v["evidence"]["verb"]["text"].is_string());
        assert!(v["dict_version"].as_str().unwrap().starts_with('d'));
    }
    let directed = stdout(&["events", "--db", db, "--source", "RUS", "--target", "UKR", "--format", "jsonl"]);
    assert!(directed.lines().count() < rows.lines().count() || !directed.is_empty());

    // Dates come from the JSON lines' dates.
    let june = stdout(&["events", "--db", db, "--since", "2025-06-03", "--until", "2025-06-05", "--format", "jsonl"]);
    assert!(!june.is_empty());
    for line in june.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let d = v["date"].as_str().unwrap();
        assert!(("2025-06-03"..="2025-06-05").contains(&d), "{line}");
    }
    // Full text.
    let sudan = stdout(&["events", "--db", db, "--text", "Khartoum ceasefire", "--format", "jsonl"]);
    assert!(!sudan.is_empty());
    assert!(sudan.lines().all(|l| l.contains("example.org/news/sudan")), "{sudan}");
    // Root and quad class.
    for line in stdout(&["events", "--db", db, "--quad", "3", "--format", "jsonl"]).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["quad_class"], 3);
    }
    let table = stdout(&["events", "--db", db]);
    assert!(table.starts_with("date"));

    // Exports.
    let total = Store::open(db).unwrap().count_events(&EventFilter::default()).unwrap() as usize;
    let gdelt = stdout(&["export", "--db", db, "--format", "gdelt"]);
    assert_eq!(gdelt.lines().count(), total);
    for line in gdelt.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 61, "{line}");
        assert_eq!(f[1].len(), 8);
        assert!(f[26].starts_with(f[28]), "EventCode starts with EventRootCode: {line}");
        assert!(f[59].len() == 14, "DATEADDED: {line}");
    }
    let csv = stdout(&["export", "--db", db, "--format", "csv"]);
    assert!(csv.starts_with("id,article_id,sentence,date,source,target"));
    let jsonl = stdout(&["export", "--db", db, "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), total);
    let out = dir.join("plover.jsonl");
    run(&["export", "--db", db, "--format", "plover", "-o", out.to_str().unwrap()]);
    let plover = std::fs::read_to_string(&out).unwrap();
    assert!(!plover.is_empty());
    for line in plover.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["event_type"].is_string() && v["event_date"].is_string() && v["actor"].is_object(), "{line}");
    }
    let stats = stdout(&["stats", "--db", db]);
    assert!(stats.starts_with("articles 8 "), "{stats}");
    assert!(stats.contains("RUS-UKR") || stats.contains("UKR-RUS"), "{stats}");
    let actors = stdout(&["actors", "--db", db, "--code", "UKR"]);
    assert!(actors.lines().skip(1).all(|l| l.starts_with("UKR")), "{actors}");
    assert!(actors.lines().count() > 1);
}

#[test]
fn recode_records_the_dictionary_version() {
    let dir = scratch("recode");
    let db = dir.join("events.db");
    ingest(&db, &[&fixtures().join("articles")]);
    let dict = dir.join("extra.detente");
    // A user dictionary changes the version; every article is re-coded with it.
    std::fs::write(&dict, "# ---- actors\nactor TSL = Testland | Testlandish\n").unwrap();
    let check = Command::new(BIN).args(["check-dict", dict.to_str().unwrap()]).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let store = Store::open(&db).unwrap();
    let v1: String = store.conn.query_row("SELECT dict_version FROM articles LIMIT 1", [], |r| r.get(0)).unwrap();
    let events = store.event_count().unwrap();
    let out = run(&["recode", "--db", db.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 articles re-coded"));
    let out = run(&["recode", "--db", db.to_str().unwrap(), "--all"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("5 articles re-coded"));
    assert_eq!(store.event_count().unwrap(), events);
    let out = run(&["recode", "--db", db.to_str().unwrap(), "--dicts", dict.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("5 articles re-coded"));
    let versions: Vec<String> = {
        let mut s = store.conn.prepare("SELECT DISTINCT dict_version FROM events").unwrap();
        let rows = s.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(versions.len(), 1);
    assert_ne!(versions[0], v1);
    let article_versions: i64 =
        store.conn.query_row("SELECT count(DISTINCT dict_version) FROM articles", [], |r| r.get(0)).unwrap();
    assert_eq!(article_versions, 1);
    assert!(store.partial_articles().unwrap().is_empty());
}

#[test]
fn killed_ingest_leaves_a_consistent_database_and_a_rerun_completes() {
    const ARTICLES: usize = 3000;
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
    let db = dir.join("events.db");
    let mut child = Command::new(BIN)
        .args(["ingest", "--batch", "20", "--db", db.to_str().unwrap(), inputs.to_str().unwrap()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some batches are committed.
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let stored = Store::open(&db).ok().and_then(|s| s.article_count().ok()).unwrap_or(0);
        if stored >= 100 || start.elapsed() > Duration::from_secs(120) {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let store = Store::open(&db).unwrap();
    let after_kill = store.article_count().unwrap() as usize;
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert!(store.partial_articles().unwrap().is_empty(), "no partial article");
    assert!(after_kill > 0 && after_kill < ARTICLES, "killed mid-run: {after_kill} of {ARTICLES} stored");
    drop(store);
    let line = ingest(&db, &[&inputs]);
    assert!(line.contains(&format!("{} stored", ARTICLES - after_kill)), "{line}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.article_count().unwrap() as usize, ARTICLES);
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert!(store.partial_articles().unwrap().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A quote as (start, end, text, kind, speaker, speaker code, cue).
type QuoteFields = (i64, i64, String, String, Option<String>, Option<String>, Option<String>);

/// The quotes `detente code` prints for a file.
fn coded_quotes(path: &Path) -> Vec<QuoteFields> {
    let doc: serde_json::Value = serde_json::from_str(&stdout(&["code", path.to_str().unwrap()])).unwrap();
    let text = |v: &serde_json::Value| v.as_str().map(String::from);
    doc["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["start"].as_i64().unwrap(),
                q["end"].as_i64().unwrap(),
                text(&q["text"]).unwrap(),
                text(&q["kind"]).unwrap(),
                text(&q["speaker"]),
                text(&q["speaker_code"]),
                text(&q["cue"]),
            )
        })
        .collect()
}

fn jsonl(out: &str) -> Vec<serde_json::Value> {
    out.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn quotes_are_stored_as_coded_and_queried() {
    let dir = scratch("quotes");
    let db = dir.join("events.db");
    let quoted = fixtures().join("quoted.txt");
    ingest(&db, &[&fixtures().join("articles"), &quoted]);
    let db = db.to_str().unwrap();

    // The stored quotes of the article are the ones `detente code` prints.
    let expected = coded_quotes(&quoted);
    assert!(expected.len() >= 3, "{expected:?}");
    let store = Store::open(db).unwrap();
    let id: i64 =
        store.conn.query_row("SELECT id FROM articles WHERE source LIKE '%quoted.txt'", [], |r| r.get(0)).unwrap();
    let stored = store.quotes(&QuoteFilter { article: Some(id), ..Default::default() }).unwrap();
    let got: Vec<_> = stored
        .iter()
        .map(|q| {
            (q.start, q.end, q.text.clone(), q.kind.clone(), q.speaker.clone(), q.speaker_code.clone(), q.cue.clone())
        })
        .collect();
    assert_eq!(got, expected);
    assert!(store.partial_articles().unwrap().is_empty());

    // Speaker words, speaker code prefix, quoted words, dates.
    let peskov = jsonl(&stdout(&["quotes", "--db", db, "--speaker", "peskov", "--format", "jsonl"]));
    assert!(!peskov.is_empty());
    for q in &peskov {
        assert!(q["speaker"].as_str().unwrap().contains("Peskov"), "{q}");
        assert_eq!(q["article_id"], id);
        assert!(q["speaker_span"]["text"].is_string() && q["confidence"].as_f64().unwrap() > 0.0, "{q}");
    }
    let russian = jsonl(&stdout(&["quotes", "--db", db, "--code", "rus", "--format", "jsonl"]));
    assert!(!russian.is_empty());
    assert!(russian.iter().all(|q| q["speaker_code"].as_str().unwrap().starts_with("RUS")));
    let words = jsonl(&stdout(&["quotes", "--db", db, "--text", "REALITIES ground", "--format", "jsonl"]));
    assert_eq!(words.len(), 1, "{words:?}");
    assert!(words[0]["text"].as_str().unwrap().contains("realities on the ground"));
    let all = jsonl(&stdout(&["quotes", "--db", db, "--format", "jsonl"]));
    assert_eq!(all.len() as i64, store.quote_count().unwrap());
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(jsonl(&stdout(&["quotes", "--db", db, "--until", "2000-01-01", "--format", "jsonl"])).len(), 0);
    assert_eq!(jsonl(&stdout(&["quotes", "--db", db, "--since", &today, "--format", "jsonl"])).len(), all.len());
    let unknown = stdout(&["quotes", "--db", db, "--speaker", "Nobody Atall"]);
    assert_eq!(unknown, "");

    // Formats.
    let csv = stdout(&["quotes", "--db", db, "--format", "csv"]);
    assert!(csv.starts_with("id,article_id,sentence,date,start,end,text,kind,speaker,speaker_code"), "{csv}");
    let table = stdout(&["quotes", "--db", db, "--speaker", "Peskov"]);
    assert!(table.starts_with("date") && table.contains("RUSGOV"), "{table}");
    let bad = Command::new(BIN).args(["quotes", "--db", db, "--format", "gdelt"]).output().unwrap();
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("--format"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_database_from_before_quotes_is_migrated_and_recode_fills_its_quotes() {
    let dir = scratch("migrate");
    let db = dir.join("events.db");
    ingest(&db, &[&fixtures().join("articles"), &fixtures().join("quoted.txt")]);
    let store = Store::open(&db).unwrap();
    let quotes = store.quote_count().unwrap();
    assert!(quotes > 0);
    // Back to schema version 1, as a database written before quotes were stored.
    store
        .conn
        .execute_batch(&format!(
            "{DROP_EVENT_DAYS} DROP TABLE quotes; ALTER TABLE articles DROP COLUMN n_quotes; PRAGMA user_version = 1;"
        ))
        .unwrap();
    drop(store);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.quote_count().unwrap(), 0);
    assert!(store.partial_articles().unwrap().is_empty());
    // Articles whose quotes were never extracted are re-coded without --all.
    let out = run(&["recode", "--db", db.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("6 articles re-coded"), "{out:?}");
    assert_eq!(store.quote_count().unwrap(), quotes);
    assert!(store.partial_articles().unwrap().is_empty());
    let out = run(&["recode", "--db", db.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 articles re-coded"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Takes a database back to schema version 4, before events kept their act's code.
const DROP_ACT: &str =
    "ALTER TABLE events DROP COLUMN act; ALTER TABLE events DROP COLUMN mentions; PRAGMA user_version = 4;";

/// Takes a database back to schema version 3, before the daily summary rows.
const DROP_EVENT_DAYS: &str = concat!(
    "ALTER TABLE events DROP COLUMN act; ALTER TABLE events DROP COLUMN mentions; DROP TRIGGER event_days_insert; DROP TRIGGER event_days_delete;",
    " DROP TRIGGER event_days_update; DROP TABLE event_days; PRAGMA user_version = 3;"
);

/// A speech act is stored with the act it reports, and an event with the number of sentences
/// reporting it; a database from before these columns is migrated (NULL acts, 1 mention) and
/// a re-code fills them.
#[test]
fn speech_acts_and_mentions_survive_migration_and_recode() {
    let dir = scratch("act");
    let db = dir.join("events.db");
    let story = dir.join("intent.txt");
    std::fs::write(
        &story,
        "France is ready to send peacekeepers to Ukraine, the French foreign minister said on Monday. \
         Russian troops shelled Ukrainian positions near Kharkiv. \
         Russian troops shelled Ukrainian positions again overnight, officials said.\n",
    )
    .unwrap();
    ingest(&db, &[&story]);
    let acts = |store: &Store| -> Vec<(String, Option<String>, i64)> {
        store.events(&EventFilter::default()).unwrap().into_iter().map(|e| (e.code, e.act, e.mentions)).collect()
    };
    let coded = acts(&Store::open(&db).unwrap());
    assert!(coded.iter().any(|(code, act, _)| code.starts_with("03") && act.as_deref() == Some("074")), "{coded:?}");
    assert!(coded.iter().any(|(code, _, mentions)| code.starts_with("19") && *mentions == 2), "{coded:?}");
    Store::open(&db).unwrap().conn.execute_batch(DROP_ACT).unwrap();
    let store = Store::open(&db).unwrap();
    assert!(acts(&store).iter().all(|(_, act, mentions)| act.is_none() && *mentions == 1));
    let out = run(&["recode", "--all", "--db", db.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(acts(&store), coded);
    let csv = stdout(&["export", "--db", db.to_str().unwrap(), "--format", "csv"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let act_column = header.iter().position(|&c| c == "act").expect("an act column");
    assert!(csv.lines().skip(1).any(|l| l.split(',').nth(act_column) == Some("074")), "{csv}");
    // GDELT's NumMentions (column 32, 0-based 31) counts the sentences.
    let gdelt = stdout(&["export", "--db", db.to_str().unwrap(), "--format", "gdelt"]);
    let mentions: Vec<&str> = gdelt.lines().filter_map(|l| l.split('\t').nth(31)).collect();
    assert!(mentions.contains(&"2"), "{gdelt}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The summary rows are the events grouped by their key, and daily aggregates read from them
/// are the ones read from the events, to the byte.
fn assert_event_days_match_events(store: &Store) {
    let rows = |sql: &str| -> Vec<String> {
        let mut stmt = store.conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} {} {} {} {} {} {} {} {} {} {} {} {:.9}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, i64>(9)?,
                    r.get::<_, i64>(10)?,
                    r.get::<_, i64>(11)?,
                    r.get::<_, f64>(12)?
                ))
            })
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    let summary = rows(
        "SELECT source_country, target_country, date, duplicate, source, target, events, quad1, quad2, quad3,
                quad4, goldstein_n, goldstein_sum + goldstein_err
         FROM event_days ORDER BY 1, 2, 3, 4, 5, 6",
    );
    let grouped = rows(
        "SELECT source_country, target_country, date, duplicate, source, target, count(*),
                count(CASE WHEN quad_class = 1 THEN 1 END), count(CASE WHEN quad_class = 2 THEN 1 END),
                count(CASE WHEN quad_class = 3 THEN 1 END), count(CASE WHEN quad_class = 4 THEN 1 END),
                count(goldstein), coalesce(sum(goldstein), 0.0)
         FROM events GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6",
    );
    assert!(!grouped.is_empty());
    assert_eq!(summary, grouped);
    let countries: Vec<String> = {
        let mut stmt = store.conn.prepare("SELECT DISTINCT source_country FROM events").unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    let mut filters =
        vec![(EventFilter::default(), None), (EventFilter { with_duplicates: true, ..Default::default() }, None)];
    for a in &countries {
        filters.push((EventFilter::default(), Some(a.clone())));
        filters.push((
            EventFilter { since: Some(20250301), until: Some(20250331), ..Default::default() },
            Some(a.clone()),
        ));
        filters
            .push((EventFilter { source: Some(format!("{a}GOV")), with_duplicates: true, ..Default::default() }, None));
        for b in &countries {
            filters.push((EventFilter { dyad: Some((a.clone(), b.clone())), ..Default::default() }, None));
        }
    }
    for (filter, actor) in &filters {
        let from_days = store.aggregates_from_days(filter, actor.as_deref()).unwrap();
        let from_events = store.aggregates_from_events(filter, actor.as_deref()).unwrap();
        assert_eq!(
            serde_json::to_string(&from_days).unwrap(),
            serde_json::to_string(&from_events).unwrap(),
            "{filter:?} {actor:?}"
        );
    }
}

#[test]
fn daily_summary_rows_follow_every_change_of_the_events() {
    let dir = scratch("event-days");
    let db = dir.join("events.db");
    ingest(&db, &[&fixtures().join("articles"), &fixtures().join("batch.jsonl")]);
    // A database from before the summary rows: the migration fills them from the events.
    Store::open(&db).unwrap().conn.execute_batch(DROP_EVENT_DAYS).unwrap();
    let store = Store::open(&db).unwrap();
    assert_event_days_match_events(&store);
    // A near-duplicate (flagged events), a re-ingest (nothing), a re-code of every article.
    ingest(&db, &[&fixtures().join("near_talks.txt"), &fixtures().join("articles")]);
    assert_event_days_match_events(&store);
    run(&["recode", "--db", db.to_str().unwrap(), "--all"]);
    assert_event_days_match_events(&store);
    // Events changed or deleted in place, and an article deleted with its events.
    store
        .conn
        .execute_batch(
            "UPDATE events SET duplicate = 1 - duplicate, goldstein = goldstein + 0.1 WHERE id % 2 = 0;
             UPDATE events SET date = date + 1, quad_class = NULL WHERE id % 3 = 0;
             DELETE FROM events WHERE id % 5 = 0;
             DELETE FROM articles WHERE id = (SELECT max(article_id) FROM events);",
        )
        .unwrap();
    assert_event_days_match_events(&store);
    let _ = std::fs::remove_dir_all(&dir);
}
