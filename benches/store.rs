//! Event store throughput (stable Rust, no bench harness needed):
//!
//! ```sh
//! cargo test --release --bench store -- --ignored --nocapture
//! ```
//!
//! 1. Ingest: plain-text articles (sentences of the PETRARCH GigaWord sample, 15 per article,
//!    each article given a distinct lead line; the store fixtures when the shared data is absent)
//!    written to files, read by the ingest reader, coded with the built-in dictionaries and
//!    stored in an SQLite file, on one thread. Target: ≥ 500 articles/s.
//! 2. Query: a dyad/date query (USA-RUS either way, one month) over 1,000,000 synthetic events
//!    in 10,000 articles. Target: ≤ 50 ms.
//! 3. and 4. The same two against PostgreSQL, when `DETENTE_TEST_PG` names a server (a fresh
//!    database is created on it and dropped afterwards).
//!
//! Figures: `docs/store.md`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use detente::coder::Coder;
use detente::dict::Dictionaries;
use detente::store::postgres::{PgStore, PgWriter};
use detente::store::{hash, EventFilter, Store, Writer};

// The allocator of the `detente` binary.
#[global_allocator]
static GLOBAL: detente::alloc::Mimalloc = detente::alloc::Mimalloc;

const ARTICLES: usize = 3000;
const SENTENCES_PER_ARTICLE: usize = 15;

fn shared() -> PathBuf {
    std::env::var_os("DETENTE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("detente-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sentences() -> (Vec<String>, &'static str) {
    let path = shared().join("data/event_coding/petrarch/GigaWord.sample.PETR.xml");
    if let Ok(suite) = detente::validate::read_suite(&path) {
        let s: Vec<String> =
            suite.records.iter().map(|r| r.text.trim().to_string()).filter(|t| !t.is_empty()).collect();
        if !s.is_empty() {
            return (s, "GigaWord sample sentences");
        }
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store/articles");
    let mut s = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        s.extend(detente::text::split_sentences(&text).iter().map(|span| span.slice(&text).to_string()));
    }
    (s, "store fixture sentences (shared data absent)")
}

#[test]
#[ignore]
fn ingest_articles_per_second() {
    let (sentences, what) = sentences();
    let dir = scratch("ingest");
    let inputs = dir.join("articles");
    std::fs::create_dir_all(&inputs).unwrap();
    let mut bytes = 0;
    for i in 0..ARTICLES {
        let mut text = format!("Article {i} of the store benchmark.\n\n");
        for k in 0..SENTENCES_PER_ARTICLE {
            text.push_str(&sentences[(i * SENTENCES_PER_ARTICLE + k) % sentences.len()]);
            text.push(if k % 4 == 3 { '\n' } else { ' ' });
        }
        bytes += text.len();
        std::fs::write(inputs.join(format!("a{i:05}.txt")), text).unwrap();
    }
    let t = Instant::now();
    let dicts = Dictionaries::builtin();
    let version = hash::dict_version(&dicts);
    let coder = Coder::new(dicts);
    let load = t.elapsed();
    let store = Store::open(dir.join("bench.db")).unwrap();
    let mut writer = Writer::new(&store, &coder, version);
    let cpu0 = detente::ingest::eval::thread_cpu_time();
    let t = Instant::now();
    let mut stored = 0;
    for item in detente::ingest::Reader::new(std::slice::from_ref(&inputs)).without_dedup() {
        if writer.ingest(&item.unwrap()).is_ok() {
            stored += 1;
        }
    }
    writer.commit().unwrap();
    let wall = t.elapsed();
    let cpu = detente::ingest::eval::thread_cpu_time().zip(cpu0).map(|(b, a)| b - a);
    drop(writer);
    let events = store.event_count().unwrap();
    // The parts alone, for comparison: reading (with language detection), coding, and the
    // store's own work (hashes, MinHash, JSON conversion, SQLite rows and the FTS index).
    let cpu_now = || detente::ingest::eval::thread_cpu_time().unwrap_or_default().as_secs_f64();
    let c0 = cpu_now();
    let articles: Vec<_> =
        detente::ingest::Reader::new(std::slice::from_ref(&inputs)).without_dedup().map(Result::unwrap).collect();
    let reading = cpu_now() - c0;
    let c0 = cpu_now();
    for a in &articles {
        let mut article = detente::article::Article::new(a.text.clone(), None);
        coder.code(&mut article);
    }
    let coding = cpu_now() - c0;
    println!(
        "store ingest: {stored} articles of {SENTENCES_PER_ARTICLE} {what} ({:.1} MB), {events} events",
        bytes as f64 / 1e6
    );
    println!("  dictionaries load: {:.0} ms", load.as_secs_f64() * 1e3);
    println!(
        "  ingest (read + code + store): {:.2} s wall, {:.0} articles/s wall{}",
        wall.as_secs_f64(),
        stored as f64 / wall.as_secs_f64(),
        cpu.map_or(String::new(), |c| format!(", {:.0} articles per CPU second", stored as f64 / c.as_secs_f64()))
    );
    println!(
        "  alone, per CPU second: reading {:.0} articles/s, coding {:.0} articles/s",
        articles.len() as f64 / reading,
        articles.len() as f64 / coding
    );
    println!("  target: >= 500 articles/s on one core");
    let _ = std::fs::remove_dir_all(&dir);
}

const EVENTS: usize = 1_000_000;
const COUNTRIES: &[&str] = &[
    "USA", "RUS", "UKR", "CHN", "GBR", "FRA", "DEU", "ISR", "IRN", "IND", "PAK", "TUR", "SYR", "IRQ", "SAU", "EGY",
    "JPN", "KOR", "PRK", "BRA", "MEX", "CAN", "ITA", "ESP", "POL", "NGA", "ZAF", "ETH", "SDN", "VEN",
];
const CODES: &[&str] =
    &["010", "020", "036", "042", "043", "051", "057", "111", "112", "130", "172", "190", "193", "195"];

#[test]
#[ignore]
fn dyad_date_query_over_a_million_events() {
    let dir = scratch("query");
    let store = Store::open(dir.join("million.db")).unwrap();
    let t = Instant::now();
    let mut rng: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    {
        let tx = store.conn.unchecked_transaction().unwrap();
        let mut article = tx
            .prepare(
                "INSERT INTO articles (id, source, title, date, text, content_hash, dict_version, ingested_at,
                     coded_at, n_sentences, n_actors, n_events)
                 VALUES (?1, ?2, ?2, ?3, 'synthetic', ?4, 'd0', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 0, 0, 100)",
            )
            .unwrap();
        let mut event = tx
            .prepare(
                "INSERT INTO events (article_id, sentence, date, duplicate, source, target, source_country,
                     target_country, code, root, quad_class, goldstein, modality, evidence, sentence_text, rule, dict_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'asserted', '{}', '', 'synthetic', 'd0')",
            )
            .unwrap();
        let per_article = EVENTS / 10_000;
        for a in 0..10_000i64 {
            // Two years of days, 2025-01-01 .. 2026-12-28.
            let day = (a as u32 * 73) % 728;
            let date = 20250000 + (1 + day / 28 % 12) * 100 + 1 + day % 28 + (day / 364) * 10000;
            article.execute(rusqlite::params![a + 1, format!("synthetic/{a}"), date, format!("h{a}")]).unwrap();
            for k in 0..per_article {
                let s = COUNTRIES[(next() % COUNTRIES.len() as u64) as usize];
                let t = COUNTRIES[(next() % COUNTRIES.len() as u64) as usize];
                let code = CODES[(next() % CODES.len() as u64) as usize];
                let root = &code[..2];
                let quad = detente::ontology::quad_class_of_root(root.parse().unwrap());
                event
                    .execute(rusqlite::params![
                        a + 1,
                        k as i64,
                        date,
                        (next() % 10 == 0) as i64,
                        format!("{s}GOV"),
                        t,
                        s,
                        t,
                        code,
                        root,
                        quad,
                        1.0
                    ])
                    .unwrap();
            }
        }
        drop(article);
        drop(event);
        tx.commit().unwrap();
    }
    store.conn.execute_batch("ANALYZE").unwrap();
    let build = t.elapsed();
    let filter = EventFilter {
        dyad: Some(("USA".into(), "RUS".into())),
        since: Some(20250301),
        until: Some(20250331),
        ..Default::default()
    };
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..7 {
        let t = Instant::now();
        rows = store.events(&filter).unwrap().len();
        times.push(t.elapsed());
    }
    times.sort();
    let count_filter =
        EventFilter { dyad: Some(("USA".into(), "RUS".into())), since: Some(20250101), ..Default::default() };
    let t = Instant::now();
    let count = store.count_events(&count_filter).unwrap();
    let count_time = t.elapsed();
    let plan: Vec<String> = {
        let (clause, params) = filter.sql();
        let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN SELECT e.id FROM events e {clause}")).unwrap();
        let r = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3)).unwrap();
        r.map(Result::unwrap).collect()
    };
    println!(
        "store query: {} events in 10,000 articles, built in {:.1} s",
        store.event_count().unwrap(),
        build.as_secs_f64()
    );
    println!(
        "  dyad USA-RUS (either way), 2025-03-01..2025-03-31, rows fetched with their articles: {rows} rows, median {:.2} ms, worst {:.2} ms (7 runs)",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
    println!("  count USA-RUS since 2025-01-01: {count} events in {:.2} ms", ms(count_time));
    println!("  plan: {}", plan.join(" | "));
    println!("  target: <= 50 ms");
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The PostgreSQL server of `DETENTE_TEST_PG`, with a fresh database for one benchmark, or
/// `None` after saying why.
fn pg_database(name: &str) -> Option<(String, String)> {
    let Ok(server) = std::env::var("DETENTE_TEST_PG") else {
        println!("skipping: DETENTE_TEST_PG is not set (a postgres:// URL)");
        return None;
    };
    let db = format!("detente_bench_{name}_{}", std::process::id());
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db}")).unwrap();
    admin.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
    Some((server.clone(), format!("{base}/{db}")))
}

fn drop_pg_database(server: &str, url: &str) {
    let name = url.rsplit('/').next().unwrap();
    let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).unwrap();
}

/// The ingest benchmark into PostgreSQL (one worker, one transaction per article).
#[test]
#[ignore]
fn pg_ingest_articles_per_second() {
    let Some((server, url)) = pg_database("ingest") else { return };
    let (sentences, what) = sentences();
    let dir = scratch("pg-ingest");
    let inputs = dir.join("articles");
    std::fs::create_dir_all(&inputs).unwrap();
    for i in 0..ARTICLES {
        let mut text = format!("Article {i} of the store benchmark.\n\n");
        for k in 0..SENTENCES_PER_ARTICLE {
            text.push_str(&sentences[(i * SENTENCES_PER_ARTICLE + k) % sentences.len()]);
            text.push(if k % 4 == 3 { '\n' } else { ' ' });
        }
        std::fs::write(inputs.join(format!("a{i:05}.txt")), text).unwrap();
    }
    let dicts = Dictionaries::builtin();
    let version = hash::dict_version(&dicts);
    let coder = Coder::new(dicts);
    let mut store = PgStore::connect(&url).unwrap();
    let mut writer = PgWriter::new(&mut store, &coder, version);
    let cpu0 = detente::ingest::eval::thread_cpu_time();
    let t = Instant::now();
    let mut stored = 0;
    for item in detente::ingest::Reader::new(std::slice::from_ref(&inputs)).without_dedup() {
        if writer.ingest(&item.unwrap()).is_ok() {
            stored += 1;
        }
    }
    let wall = t.elapsed();
    let cpu = detente::ingest::eval::thread_cpu_time().zip(cpu0).map(|(b, a)| b - a);
    drop(writer);
    let events = store.event_count().unwrap();
    println!("store ingest into PostgreSQL: {stored} articles of {SENTENCES_PER_ARTICLE} {what}, {events} events");
    println!(
        "  ingest (read + code + store): {:.2} s wall, {:.0} articles/s wall{}",
        wall.as_secs_f64(),
        stored as f64 / wall.as_secs_f64(),
        cpu.map_or(String::new(), |c| format!(
            ", {:.0} articles per CPU second of this process (the server's time not counted)",
            stored as f64 / c.as_secs_f64()
        ))
    );
    drop(store);
    drop_pg_database(&server, &url);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The dyad/date query over a million events in PostgreSQL (the same synthetic distribution,
/// generated by the server).
#[test]
#[ignore]
fn pg_dyad_date_query_over_a_million_events() {
    let Some((server, url)) = pg_database("query") else { return };
    let mut store = PgStore::connect(&url).unwrap();
    let t = Instant::now();
    let quads: Vec<i64> =
        CODES.iter().map(|c| i64::from(detente::ontology::quad_class_of_root(c[..2].parse().unwrap()))).collect();
    let countries: Vec<String> = COUNTRIES.iter().map(|c| c.to_string()).collect();
    let codes: Vec<String> = CODES.iter().map(|c| c.to_string()).collect();
    store
        .client
        .execute(
            "INSERT INTO articles (id, source, title, date, text, content_hash, dict_version, ingested_at, coded_at,
                 n_sentences, n_actors, n_events, n_quotes)
             SELECT a + 1, 'synthetic/' || a, 'synthetic/' || a,
                    20250000 + (1 + d / 28 % 12) * 100 + 1 + d % 28 + (d / 364) * 10000,
                    'synthetic', 'h' || a, 'd0', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 0, 0, 100, 0
             FROM generate_series(0, 9999) a, LATERAL (SELECT (a * 73) % 728 AS d) day",
            &[],
        )
        .unwrap();
    store.client.execute("SELECT setseed(0.25)", &[]).unwrap();
    store
        .client
        .execute(
            // The random draws sit in a subquery's select list: there they are drawn for every
            // row (in a LATERAL subquery without outer references they would be drawn once).
            "INSERT INTO events (article_id, sentence, date, duplicate, source, target, source_country,
                 target_country, code, root, quad_class, goldstein, modality, evidence, sentence_text, rule, dict_version)
             SELECT x.id, x.k, x.date, x.duplicate, ($1::text[])[x.s] || 'GOV', ($1::text[])[x.t],
                    ($1::text[])[x.s], ($1::text[])[x.t], ($2::text[])[x.c], substr(($2::text[])[x.c], 1, 2),
                    ($3::bigint[])[x.c], 1.0, 'asserted', '{}', '', 'synthetic', 'd0'
             FROM (SELECT a.id, a.date, k, (random() < 0.1)::int::smallint AS duplicate,
                          1 + floor(random() * cardinality($1::text[]))::int AS s,
                          1 + floor(random() * cardinality($1::text[]))::int AS t,
                          1 + floor(random() * cardinality($2::text[]))::int AS c
                   FROM articles a, generate_series(0, 99) k) x",
            &[&countries, &codes, &quads],
        )
        .unwrap();
    store.client.batch_execute("ANALYZE").unwrap();
    let build = t.elapsed();
    let filter = EventFilter {
        dyad: Some(("USA".into(), "RUS".into())),
        since: Some(20250301),
        until: Some(20250331),
        ..Default::default()
    };
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..7 {
        let t = Instant::now();
        rows = store.events(&filter).unwrap().len();
        times.push(t.elapsed());
    }
    times.sort();
    let count_filter =
        EventFilter { dyad: Some(("USA".into(), "RUS".into())), since: Some(20250101), ..Default::default() };
    let t = Instant::now();
    let count = store.count_events(&count_filter).unwrap();
    let count_time = t.elapsed();
    println!(
        "store query (PostgreSQL): {} events in 10,000 articles, built in {:.1} s",
        store.event_count().unwrap(),
        build.as_secs_f64()
    );
    println!(
        "  dyad USA-RUS (either way), 2025-03-01..2025-03-31, rows fetched with their articles: {rows} rows, median {:.2} ms, worst {:.2} ms (7 runs)",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
    println!("  count USA-RUS since 2025-01-01: {count} events in {:.2} ms", ms(count_time));
    println!("  target: <= 50 ms");
    drop(store);
    drop_pg_database(&server, &url);
}
