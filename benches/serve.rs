//! Load on `detente serve` (loopback only, bounded): 50 concurrent clients querying daily
//! aggregates of dyads over 1,000,000 stored events.
//!
//! ```sh
//! cargo test --release --bench serve -- --ignored --nocapture
//! ```
//!
//! The database is synthetic (as `benches/store.rs`): 1,000,000 events in 10,000 articles
//! over two years, 30 countries, 14 CAMEO codes. The server runs in-process on an ephemeral
//! port; each client is a thread with its own keep-alive connection that sends `REQUESTS`
//! requests back to back, each for a dyad (either direction, the whole period, as the
//! dashboard's dyad view asks) chosen in turn. Target: p99 ≤ 100 ms, no errors.
//!
//! Figures: `docs/serve.md`.

use std::time::{Duration, Instant};

use detente::serve::Config;
use detente::store::Store;

#[global_allocator]
static GLOBAL: detente::alloc::Mimalloc = detente::alloc::Mimalloc;

const EVENTS: usize = 1_000_000;
const CLIENTS: usize = 50;
const REQUESTS: usize = 40;
const COUNTRIES: &[&str] = &[
    "USA", "RUS", "UKR", "CHN", "GBR", "FRA", "DEU", "ISR", "IRN", "IND", "PAK", "TUR", "SYR", "IRQ", "SAU", "EGY",
    "JPN", "KOR", "PRK", "BRA", "MEX", "CAN", "ITA", "ESP", "POL", "NGA", "ZAF", "ETH", "SDN", "VEN",
];
const CODES: &[&str] =
    &["010", "020", "036", "042", "043", "051", "057", "111", "112", "130", "172", "190", "193", "195"];

/// Writes the synthetic million events (the generator of `benches/store.rs`).
fn build(store: &Store) {
    let mut rng: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
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
        let day = (a as u32 * 73) % 728;
        let date = 20250000 + (1 + day / 28 % 12) * 100 + 1 + day % 28 + (day / 364) * 10000;
        article.execute(rusqlite::params![a + 1, format!("synthetic/{a}"), date, format!("h{a}")]).unwrap();
        for k in 0..per_article {
            let s = COUNTRIES[(next() % COUNTRIES.len() as u64) as usize];
            let t = COUNTRIES[(next() % COUNTRIES.len() as u64) as usize];
            let code = CODES[(next() % CODES.len() as u64) as usize];
            let root = &code[..2];
            let quad = detente::ontology::quad_class_of_root(root.parse().unwrap());
            let goldstein = (next() % 200) as f64 / 10.0 - 10.0;
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
                    goldstein
                ])
                .unwrap();
        }
    }
    drop(article);
    drop(event);
    tx.commit().unwrap();
    store.conn.execute_batch("ANALYZE").unwrap();
}

#[test]
#[ignore]
fn fifty_clients_query_aggregates_over_a_million_events() {
    let dir = std::env::temp_dir().join(format!("detente-bench-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("million.db");
    let t = Instant::now();
    build(&Store::open(&db).unwrap());
    println!("serve load: {EVENTS} synthetic events built in {:.1} s", t.elapsed().as_secs_f64());
    let readers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8);
    let server =
        detente::serve::start(Config { db, addr: "127.0.0.1:0".parse().unwrap(), token: None, dicts: None, readers })
            .unwrap();
    let base = format!("http://{}", server.addr);
    let dyads: Vec<String> = (0..COUNTRIES.len())
        .flat_map(|i| ((i + 1)..COUNTRIES.len()).map(move |j| format!("{}-{}", COUNTRIES[i], COUNTRIES[j])))
        .collect();
    // Warm the page cache as a running server would be.
    let agent = ureq::agent();
    for d in dyads.iter().take(20) {
        agent.get(&format!("{base}/api/aggregates?dyad={d}")).call().unwrap();
    }
    let start = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let base = base.clone();
            let dyads = dyads.clone();
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build();
                let mut times = Vec::with_capacity(REQUESTS);
                let (mut errors, mut days) = (0, 0);
                for r in 0..REQUESTS {
                    let dyad = &dyads[(c * REQUESTS + r) * 7 % dyads.len()];
                    let t = Instant::now();
                    match agent.get(&format!("{base}/api/aggregates?dyad={dyad}")).call() {
                        Ok(response) => {
                            // The whole body, then parsed: `into_json` reads it byte by byte,
                            // which cost these clients, sharing the server's cores, more than
                            // the server's own work.
                            let text = response.into_string().unwrap();
                            let body: serde_json::Value = serde_json::from_str(&text).unwrap();
                            days += body["days"].as_array().map_or(0, Vec::len);
                        }
                        Err(_) => errors += 1,
                    }
                    times.push(t.elapsed());
                }
                (times, errors, days)
            })
        })
        .collect();
    let mut times = Vec::new();
    let (mut errors, mut days) = (0, 0);
    for c in clients {
        let (t, e, d) = c.join().unwrap();
        times.extend(t);
        errors += e;
        days += d;
    }
    let wall = start.elapsed();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1].as_secs_f64() * 1e3;
    println!(
        "  {CLIENTS} clients x {REQUESTS} requests of /api/aggregates?dyad=A-B (whole period, {:.0} days per answer on average), {readers} read connections",
        days as f64 / times.len() as f64
    );
    println!(
        "  {} requests in {:.2} s: {:.0} requests/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {errors} errors",
        times.len(),
        wall.as_secs_f64(),
        times.len() as f64 / wall.as_secs_f64(),
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    println!("  target: p99 <= 100 ms, no errors");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(errors, 0);
}
