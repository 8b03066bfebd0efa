//! The built-in dictionaries: load time, and coding speed on detente's own event
//! corpus (`tests/data/events_corpus.tsv`) repeated to at least 50,000 sentences, on
//! one thread, five timed passes, the best reported with every pass's rate (stable
//! Rust, no bench harness needed):
//!
//! ```sh
//! cargo test --release --bench builtin -- --ignored --nocapture
//! ```
//!
//! `DETENTE_BENCH_SENTENCES=N` codes at least N sentences a pass instead (a short run
//! under callgrind).
//!
//! Figures and targets: `docs/benchmarks.md`.

mod passes;

use passes::{best_pass, min_sentences, pass_rates, time_passes, TIMED_PASSES};
use std::path::Path;
use std::time::{Duration, Instant};

use detente::article::{Article, Sentence};
use detente::coder::Coder;
use detente::dict::Dictionaries;
use detente::ingest::eval::thread_cpu_time;
use detente::span::Span;
use detente::text::tokenize;
use detente::validate::read_suite;

// As in the `detente` binary.
#[global_allocator]
static GLOBAL: detente::alloc::Mimalloc = detente::alloc::Mimalloc;

const LOAD_RUNS: usize = 20;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Wall and thread CPU time of one run of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Option<Duration>) {
    let cpu = thread_cpu_time();
    let t = Instant::now();
    let value = f();
    let wall = t.elapsed();
    (value, wall, thread_cpu_time().zip(cpu).map(|(end, start)| end - start))
}

/// Best (smallest) wall and CPU times seen.
#[derive(Clone, Copy)]
struct Best {
    wall: Duration,
    cpu: Option<Duration>,
}

impl Best {
    fn new() -> Best {
        Best { wall: Duration::MAX, cpu: None }
    }

    fn add(&mut self, wall: Duration, cpu: Option<Duration>) {
        self.wall = self.wall.min(wall);
        self.cpu = match (self.cpu, cpu) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    fn show(&self) -> String {
        match self.cpu {
            Some(cpu) => format!("{:.1} ms wall, {:.1} ms thread CPU", ms(self.wall), ms(cpu)),
            None => format!("{:.1} ms wall", ms(self.wall)),
        }
    }
}

#[test]
#[ignore]
fn builtin_dictionaries() {
    // The first run is what a fresh process pays: it also faults in the memory the
    // allocator gets from the OS. Later runs reuse that memory.
    let (mut load, mut first) = (Best::new(), None);
    let mut coder = None;
    for _ in 0..LOAD_RUNS {
        drop(coder.take());
        let (c, wall, cpu) = timed(Coder::builtin);
        first.get_or_insert(Best { wall, cpu });
        load.add(wall, cpu);
        coder = Some(c);
    }
    let coder = coder.expect("at least one load run");
    println!("built-in dictionaries: {}", coder.dicts().dicts.counts());
    println!("load, first run (fresh process): {}", first.expect("at least one load run").show());
    println!("load, best of {LOAD_RUNS}: {} (decoding the build-time compiled form)", load.show());
    // With user dictionaries the built-ins are decoded alone and compiled with them.
    let (mut read, mut compile) = (Best::new(), Best::new());
    for _ in 0..LOAD_RUNS {
        let (dicts, r_wall, r_cpu) = timed(Dictionaries::builtin);
        let (c, c_wall, c_cpu) = timed(|| Coder::new(dicts));
        read.add(r_wall, r_cpu);
        compile.add(c_wall, c_cpu);
        drop(c);
    }
    println!("with --dicts, best of {LOAD_RUNS}: read {}; compile {}", read.show(), compile.show());

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/events_corpus.tsv");
    let suite = read_suite(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let unique: Vec<(String, Option<u32>)> =
        suite.records.iter().map(|r| (r.text.clone(), r.date.parse().ok())).collect();
    let reps = min_sentences().div_ceil(unique.len());
    let n = reps * unique.len();
    let mut events = 0;
    let passes = time_passes(|| {
        events = 0;
        for _ in 0..reps {
            for (text, date) in &unique {
                let mut article = Article::new(text.as_str(), *date);
                let span = Span::new(0, article.text.len());
                article.sentences = vec![Sentence { span, tokens: tokenize(&article.text, span), skipped: None }];
                coder.code_sentences(&mut article);
                events += article.events.len();
            }
        }
    });
    let (wall, used) = best_pass(&passes);
    let rate = |d: Duration| {
        format!("{:.0} sentences/s ({:.1} µs/sentence)", n as f64 / d.as_secs_f64(), d.as_secs_f64() * 1e6 / n as f64)
    };
    println!(
        "coding (tokenise + code) {n} corpus sentences, {events} events, best of {TIMED_PASSES} passes: wall {}",
        rate(wall)
    );
    if let Some(used) = used {
        println!("                                                      thread CPU {}", rate(used));
    }
    println!("each pass: {}", pass_rates(n, &passes));
}
