//! Timed passes over a bench corpus, shared by the coding benches.
//!
//! The shared VM's speed changes within seconds (docs/benchmarks.md), so each bench
//! times several passes: the best one is the code's speed, the spread the machine's.

use std::time::{Duration, Instant};

use detente::ingest::eval::thread_cpu_time;

/// Sentences a bench codes per pass unless [`MIN_SENTENCES_VAR`] says otherwise.
pub const MIN_SENTENCES: usize = 50_000;
/// Overrides [`MIN_SENTENCES`], for a short run under callgrind (docs/benchmarks.md).
pub const MIN_SENTENCES_VAR: &str = "DETENTE_BENCH_SENTENCES";

/// At least how many sentences to code per pass: [`MIN_SENTENCES_VAR`] or [`MIN_SENTENCES`].
pub fn min_sentences() -> usize {
    match std::env::var(MIN_SENTENCES_VAR) {
        Ok(v) => v.parse().unwrap_or_else(|e| panic!("{MIN_SENTENCES_VAR}={v:?}: {e}")),
        Err(_) => MIN_SENTENCES,
    }
}

/// Timed passes over the corpus; the best one is reported, with all of them.
pub const TIMED_PASSES: usize = 5;

/// Wall and thread CPU time of each of [`TIMED_PASSES`] runs of `pass`.
pub fn time_passes(mut pass: impl FnMut()) -> Vec<(Duration, Option<Duration>)> {
    (0..TIMED_PASSES)
        .map(|_| {
            let t = Instant::now();
            let cpu = thread_cpu_time();
            pass();
            (t.elapsed(), thread_cpu_time().zip(cpu).map(|(end, start)| end - start))
        })
        .collect()
}

/// The pass with the least thread CPU time (wall time where there is none).
pub fn best_pass(passes: &[(Duration, Option<Duration>)]) -> (Duration, Option<Duration>) {
    *passes.iter().min_by_key(|(wall, cpu)| cpu.unwrap_or(*wall)).expect("at least one pass")
}

/// Each pass's sentences/s (thread CPU, else wall) and their median.
pub fn pass_rates(n: usize, passes: &[(Duration, Option<Duration>)]) -> String {
    let mut rates: Vec<f64> = passes.iter().map(|(wall, cpu)| n as f64 / cpu.unwrap_or(*wall).as_secs_f64()).collect();
    let shown: Vec<String> = rates.iter().map(|r| format!("{r:.0}")).collect();
    rates.sort_by(f64::total_cmp);
    let clock = if passes.iter().all(|p| p.1.is_some()) { "thread CPU" } else { "wall" };
    format!("{} sentences/s {clock} (median {:.0})", shown.join(", "), rates[rates.len() / 2])
}
