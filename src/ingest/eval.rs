//! Scoring main-text extraction on the Zyte (Scrapinghub) Article Extraction Benchmark with
//! its own metric, reimplemented from its description: `\w+` tokens, 4-gram shingles with
//! counts; per document tp/fp/fn; precision and recall averaged over documents (a document
//! with no error scores 1); F1 from the averages; accuracy = exact token-sequence matches.
//!
//! Mozilla Readability's test pages are scored the same way for text (its `expected.html`
//! turned into text), and by exact match for the title, byline and published date that its
//! `expected-metadata.json` gives.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// Unicode `\w+` tokens: runs of alphanumeric characters and `_` (as Python's `re`, up to
/// a few combining marks that Rust counts as alphabetic).
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles<'a>(tokens: &[&'a str]) -> HashMap<[&'a str; 4], u32> {
    let mut map = HashMap::new();
    for w in tokens.windows(4) {
        *map.entry([w[0], w[1], w[2], w[3]]).or_insert(0) += 1;
    }
    map
}

/// Precision and recall of one document, and whether the token sequences are equal.
pub fn score_document(truth: &str, predicted: &str) -> (f64, f64, bool) {
    let (tt, pt) = (tokens(truth), tokens(predicted));
    let exact = tt == pt;
    let (ts, ps) = (shingles(&tt), shingles(&pt));
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (s, &t) in &ts {
        let p = ps.get(s).copied().unwrap_or(0);
        tp += u64::from(t.min(p));
        fn_ += u64::from(t.saturating_sub(p));
    }
    for (s, &p) in &ps {
        fp += u64::from(p.saturating_sub(ts.get(s).copied().unwrap_or(0)));
    }
    if fp == 0 && fn_ == 0 {
        return (1.0, 1.0, exact);
    }
    let precision = if tp + fp == 0 { 0.0 } else { tp as f64 / (tp + fp) as f64 };
    let recall = if tp + fn_ == 0 { 0.0 } else { tp as f64 / (tp + fn_) as f64 };
    (precision, recall, exact)
}

/// Scores over a benchmark run.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub documents: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    /// Wall-clock time spent decoding and extracting, pages already in memory.
    pub elapsed: Duration,
    /// CPU time of the extracting thread over the same loop (Linux; `None` elsewhere), which
    /// other load on the machine does not inflate.
    pub cpu: Option<Duration>,
    /// Per document: id, precision, recall.
    pub per_document: Vec<(String, f64, f64)>,
}

impl Scores {
    /// Pages per second of wall-clock time.
    pub fn pages_per_second(&self) -> f64 {
        self.documents as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Pages per second of the thread's CPU time (one core), when known.
    pub fn pages_per_cpu_second(&self) -> Option<f64> {
        self.cpu.map(|c| self.documents as f64 / c.as_secs_f64().max(1e-9))
    }
}

/// CPU time the calling thread has run so far, in nanoseconds from
/// `/proc/thread-self/schedstat`: unlike wall time, other processes' time slices on a busy
/// machine do not inflate it. `None` off Linux.
pub fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(stat.split_whitespace().next()?.parse().ok()?))
}

/// Runs `extract` (page bytes → main text) over the benchmark in `dir` (`ground-truth.json`
/// and `html/<id>.html.gz`) and scores it. Pages are read and decompressed first, so the
/// timing covers charset decoding and extraction only.
pub fn run_benchmark(dir: &Path, extract: impl Fn(&[u8]) -> String) -> Result<Scores, String> {
    run_benchmark_rounds(dir, 1, extract)
}

/// As [`run_benchmark`], extracting every page `rounds` times and keeping the fastest round's
/// times (the least disturbed by other load).
pub fn run_benchmark_rounds(dir: &Path, rounds: usize, extract: impl Fn(&[u8]) -> String) -> Result<Scores, String> {
    use std::io::Read;
    let gt_path = dir.join("ground-truth.json");
    let gt_text = std::fs::read_to_string(&gt_path).map_err(|e| format!("{}: {e}", gt_path.display()))?;
    let gt: serde_json::Value = serde_json::from_str(&gt_text).map_err(|e| format!("{}: {e}", gt_path.display()))?;
    let gt = gt.as_object().ok_or_else(|| format!("{}: not a JSON object", gt_path.display()))?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    let mut pages = Vec::with_capacity(ids.len());
    for id in &ids {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let raw = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut page = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut page)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push(page);
    }
    let mut scores = Scores::default();
    let mut predictions = Vec::new();
    for round in 0..rounds.max(1) {
        let cpu0 = thread_cpu_time();
        let t0 = Instant::now();
        predictions = pages.iter().map(|p| extract(p)).collect();
        let elapsed = t0.elapsed();
        let cpu = thread_cpu_time().zip(cpu0).map(|(b, a)| b.saturating_sub(a));
        if round == 0 || elapsed < scores.elapsed {
            scores.elapsed = elapsed;
        }
        if round == 0 || cpu < scores.cpu {
            scores.cpu = cpu;
        }
    }
    let (mut p_sum, mut r_sum, mut exact) = (0.0, 0.0, 0usize);
    for (id, predicted) in ids.iter().zip(&predictions) {
        let truth = gt[id.as_str()]["articleBody"].as_str().unwrap_or("");
        let (p, r, e) = score_document(truth, predicted);
        p_sum += p;
        r_sum += r;
        exact += usize::from(e);
        scores.per_document.push((id.to_string(), p, r));
    }
    let n = scores.per_document.len().max(1) as f64;
    scores.documents = scores.per_document.len();
    scores.precision = p_sum / n;
    scores.recall = r_sum / n;
    let (p, r) = (scores.precision, scores.recall);
    scores.f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    scores.accuracy = exact as f64 / n;
    Ok(scores)
}

/// Exact matches of one metadata field, over the pages whose expected value is present.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldMatch {
    pub matched: usize,
    pub expected: usize,
}

/// Scores over Mozilla Readability's test pages.
#[derive(Clone, Debug, Default)]
pub struct ReadabilityScores {
    /// Text shingle scores, averaged over the pages as in [`Scores`].
    pub text: Scores,
    pub title: FieldMatch,
    pub byline: FieldMatch,
    pub published: FieldMatch,
    /// Per page and field that missed: page id, field, expected, got.
    pub misses: Vec<(String, &'static str, String, String)>,
}

/// Runs the full article reader (main text and metadata, [`super::html::article_from_html`])
/// over Mozilla Readability's test pages in `dir` (one folder per case with `source.html`,
/// `expected.html` and `expected-metadata.json`).
///
/// Text: `expected.html` is turned into text like a feed fragment and scored with the
/// shingle metric. Metadata, compared after collapsing whitespace, over the pages whose
/// expected value is present: the title exactly; the byline exactly, after putting the
/// expected value through the clean-up detente applies to its own (a leading "By" and a
/// trailing time stamp dropped: detente's author is the name, not the byline line);
/// the published time by its date, since detente keeps `YYYY-MM-DD` (the local date of the
/// expected time stamp).
pub fn run_readability_pages(dir: &Path) -> Result<ReadabilityScores, String> {
    let mut cases: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html").is_file())
        .collect();
    cases.sort();
    let mut out = ReadabilityScores::default();
    let (mut p_sum, mut r_sum, mut exact) = (0.0, 0.0, 0usize);
    for case in &cases {
        let id = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let read = |name: &str| std::fs::read(case.join(name)).map_err(|e| format!("{}/{name}: {e}", case.display()));
        let (source, _) = super::charset::decode(&read("source.html")?, None, true);
        let (expected_html, _) = super::charset::decode(&read("expected.html")?, None, true);
        let expected: serde_json::Value = serde_json::from_slice(&read("expected-metadata.json")?)
            .map_err(|e| format!("{}/expected-metadata.json: {e}", case.display()))?;

        let cpu0 = thread_cpu_time();
        let t0 = Instant::now();
        let article = super::html::article_from_html(&source, &id, None);
        out.text.elapsed += t0.elapsed();
        if let Some((b, a)) = thread_cpu_time().zip(cpu0) {
            *out.text.cpu.get_or_insert(Duration::ZERO) += b.saturating_sub(a);
        }

        let (p, r, e) = score_document(&super::html::fragment_text(&expected_html), &article.text);
        p_sum += p;
        r_sum += r;
        exact += usize::from(e);
        out.text.per_document.push((id.clone(), p, r));

        let want = |field: &str| expected[field].as_str().map(collapse).filter(|v| !v.is_empty());
        let byline = want("byline").map(|b| super::meta::clean_author(&b));
        let published = want("publishedTime").map(|t| t.chars().take(10).collect());
        let misses = &mut out.misses;
        compare(&id, "title", &mut out.title, want("title"), article.title, misses);
        compare(&id, "byline", &mut out.byline, byline, article.author, misses);
        compare(&id, "published", &mut out.published, published, article.published, misses);
    }
    let n = cases.len().max(1) as f64;
    out.text.documents = cases.len();
    out.text.precision = p_sum / n;
    out.text.recall = r_sum / n;
    let (p, r) = (out.text.precision, out.text.recall);
    out.text.f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    out.text.accuracy = exact as f64 / n;
    Ok(out)
}

/// Tallies one metadata field of page `id` (nothing when no value is expected).
fn compare(
    id: &str,
    field: &'static str,
    tally: &mut FieldMatch,
    want: Option<String>,
    got: Option<String>,
    misses: &mut Vec<(String, &'static str, String, String)>,
) {
    let Some(want) = want else { return };
    tally.expected += 1;
    let got = got.map(|g| collapse(&g)).unwrap_or_default();
    if got == want {
        tally.matched += 1;
    } else {
        misses.push((id.to_string(), field, want, got));
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_scores() {
        assert_eq!(tokens("Hello, wörld_x 42!"), vec!["Hello", "wörld_x", "42"]);
        let (p, r, e) = score_document("a b c d e", "a b c d e");
        assert_eq!((p, r, e), (1.0, 1.0, true));
        let (p, r, _) = score_document("a b c d e", "a b c d");
        assert_eq!((p, r), (1.0, 0.5));
        let (p, r, _) = score_document("a b c", "x y");
        assert_eq!((p, r), (1.0, 1.0), "no shingles on either side: no error");
    }
}
