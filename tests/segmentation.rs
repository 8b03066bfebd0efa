//! Sentence segmentation against third-party gold data, read where it lies in
//! `../shared/data/sentence_segmentation` (see its SOURCES.md); every test skips,
//! after saying why, when the data is absent.
//!
//! Run with `cargo test --release --test segmentation -- --nocapture` to see the
//! figures and the failing cases.

mod common;

use detente::text::split_sentences;
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;

/// Floors: the levels reached when these tests were written; a change that drops
/// below them fails.
const GOLDEN_MIN: usize = 48;
const GUM_MIN_F1: f64 = 0.991;
const GUM_JOINED_MIN_F1: f64 = 0.987;

fn data() -> Option<PathBuf> {
    common::shared_data("sentence_segmentation")
}

fn read_jsonl(path: &std::path::Path) -> Option<Vec<Value>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("skipping: cannot read {}: {e}", path.display());
            return None;
        }
    };
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("valid JSON line"))
            .collect(),
    )
}

fn segment(text: &str) -> Vec<String> {
    split_sentences(text).into_iter().map(|s| s.slice(text).trim().to_string()).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str()).map(|s| s.trim().to_string()).collect())
        .unwrap_or_default()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn golden_rules() {
    let Some(dir) = data() else { return };
    let Some(cases) = read_jsonl(&dir.join("golden_rules_en.jsonl")) else {
        return;
    };
    let mut passed = 0;
    for case in &cases {
        let text = case["text"].as_str().unwrap();
        let got = segment(text);
        let want = strings(&case["expected"]);
        if got == want {
            passed += 1;
        } else {
            println!("FAIL {}\n  want {want:?}\n  got  {got:?}", case["rule"]);
        }
    }
    println!("golden rules: {passed}/{} passed", cases.len());
    assert!(passed >= GOLDEN_MIN, "golden rules fell to {passed}/{} (floor {GOLDEN_MIN})", cases.len());
}

/// Boundary counts over GUM documents.
#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    exact: usize,
    gold: usize,
}

impl Score {
    fn prf(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        (p, r, f1)
    }

    fn print(&self, what: &str, docs: usize) {
        let (p, r, f1) = self.prf();
        println!(
            "GUM news ({what}): {docs} docs, boundaries tp={} fp={} fn={}: P={p:.4} R={r:.4} F1={f1:.4}; exact sentences {}/{}",
            self.tp, self.fp, self.fn_, self.exact, self.gold
        );
    }
}

/// Scores `split_sentences(text)` against gold sentences given as code-point ranges
/// of `text`, on sentence-end boundaries counted in non-whitespace characters before
/// each end (so whitespace differences do not matter). The end of the document is
/// left out: every segmenter gets it right. Misses are printed when `show`.
fn score_doc(id: &str, text: &str, gold_ranges: &[(usize, usize)], show: bool, score: &mut Score) {
    let chars: Vec<char> = text.chars().collect();
    let mut nonws_before_char = Vec::with_capacity(chars.len() + 1);
    let mut n = 0;
    for &c in &chars {
        nonws_before_char.push(n);
        if !c.is_whitespace() {
            n += 1;
        }
    }
    nonws_before_char.push(n);
    let doc_end = n;
    let mut gold = HashSet::new();
    let mut gold_sents = HashSet::new();
    for &(st, en) in gold_ranges {
        gold_sents.insert((nonws_before_char[st], nonws_before_char[en]));
        if nonws_before_char[en] != doc_end {
            gold.insert(nonws_before_char[en]);
        }
    }
    score.gold += gold_sents.len();
    // Ours are byte offsets.
    let nonws_before_byte = |b: usize| text[..b].chars().filter(|c| !c.is_whitespace()).count();
    let mut ours = HashSet::new();
    for s in &split_sentences(text) {
        let (a, b) = (nonws_before_byte(s.start), nonws_before_byte(s.end));
        if gold_sents.contains(&(a, b)) {
            score.exact += 1;
        }
        if b != doc_end {
            ours.insert(b);
        }
    }
    for b in &ours {
        if gold.contains(b) {
            score.tp += 1;
        } else {
            score.fp += 1;
            if show {
                println!("FP {id}: …{}", context(text, *b));
            }
        }
    }
    for b in gold.difference(&ours) {
        score.fn_ += 1;
        if show {
            println!("FN {id}: …{}", context(text, *b));
        }
    }
}

/// A GUM document rebuilt from its CoNLL-U source with the page's block layout.
struct GumDoc {
    id: String,
    text: String,
    /// Gold sentences as code-point ranges of `text`.
    sentences: Vec<(usize, usize)>,
}

/// Rebuilds a document from `# text` (one per sentence), `# newpar` and
/// `# newpar_block` (the blocks that open at a sentence, outermost first, each with
/// its sentence count: `p (7 s) | figure (1 s) | caption (1 s)`). On the Wikinews
/// page every block is a block of its own (headline, paragraph, figure caption,
/// block quotation, list item), so each run of sentences between a block opening or
/// closing is a paragraph, separated by a blank line as the HTML ingest writes it;
/// sentences inside a run are joined by a space. Nothing else is added.
fn gum_from_conllu(path: &std::path::Path) -> Result<GumDoc, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let id = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
    let (mut text, mut sentences) = (String::new(), Vec::new());
    let mut chars = 0usize;
    // Sentences left in each open block.
    let mut open: Vec<usize> = Vec::new();
    let mut new_block = false;
    for (ln, line) in src.lines().enumerate() {
        if line == "# newpar" {
            new_block = true;
        } else if let Some(spec) = line.strip_prefix("# newpar_block = ") {
            new_block = true;
            for part in spec.split('|') {
                let count = part
                    .rsplit_once('(')
                    .and_then(|(_, c)| c.trim().strip_suffix("s)"))
                    .and_then(|c| c.trim().parse::<usize>().ok())
                    .ok_or_else(|| format!("{}:{}: bad newpar_block {spec:?}", path.display(), ln + 1))?;
                // An empty block (a figure without a caption) holds no text.
                if count > 0 {
                    open.push(count);
                }
            }
        } else if let Some(sentence) = line.strip_prefix("# text = ") {
            if !text.is_empty() {
                text.push_str(if new_block { "\n\n" } else { " " });
                chars += if new_block { 2 } else { 1 };
            }
            let n = sentence.chars().count();
            sentences.push((chars, chars + n));
            text.push_str(sentence);
            chars += n;
            // A block that closes here ends the run.
            open.iter_mut().for_each(|c| *c = c.saturating_sub(1));
            new_block = open.contains(&0);
            open.retain(|&c| c > 0);
        }
    }
    Ok(GumDoc { id, text, sentences })
}

/// GUM's Wikinews documents rebuilt from the CoNLL-U sources with their block layout
/// (headlines, captions and quotations on their own), which is how the page and the
/// HTML ingest lay them out. The floor is asserted here.
#[test]
fn gum_news_boundaries() {
    let Some(dir) = data() else { return };
    let conllu = dir.join("gum_news/conllu");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&conllu) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
            .collect(),
        Err(e) => {
            eprintln!("skipping: cannot read {}: {e}", conllu.display());
            return;
        }
    };
    paths.sort();
    let Some(jsonl) = read_jsonl(&dir.join("gum_news/gum_news_sentences.jsonl")) else {
        return;
    };
    let mut score = Score::default();
    for path in &paths {
        let doc = gum_from_conllu(path).unwrap();
        // The same sentences as the derived JSON lines: only the layout differs.
        let derived = jsonl.iter().find(|d| d["doc_id"] == doc.id.as_str()).expect("document in the JSON lines");
        let chars: Vec<char> = doc.text.chars().collect();
        let ours: Vec<String> = doc.sentences.iter().map(|&(a, b)| chars[a..b].iter().collect()).collect();
        let theirs: Vec<&str> =
            derived["sentences"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
        assert_eq!(ours, theirs, "{}: sentences differ from the JSON lines", doc.id);
        score_doc(&doc.id, &doc.text, &doc.sentences, true, &mut score);
    }
    score.print("block layout", paths.len());
    let f1 = score.prf().2;
    assert!(f1 >= GUM_MIN_F1, "GUM boundary F1 {f1:.4} fell below {GUM_MIN_F1}");
}

/// The same documents as the derived JSON lines rebuild them: sentences of a GUM
/// paragraph joined by spaces, so captions and quotations nested in a paragraph run
/// into the text around them. Kept for comparison with earlier figures.
#[test]
fn gum_news_joined_paragraphs() {
    let Some(dir) = data() else { return };
    let Some(docs) = read_jsonl(&dir.join("gum_news/gum_news_sentences.jsonl")) else {
        return;
    };
    let mut score = Score::default();
    for doc in &docs {
        let text = doc["text"].as_str().unwrap();
        let chars: Vec<char> = text.chars().collect();
        let mut gold = Vec::new();
        for s in doc["sentences"].as_array().unwrap() {
            let (st, en) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
            let sl: String = chars[st..en].iter().collect();
            assert_eq!(sl, s["text"].as_str().unwrap(), "gold offsets are char offsets");
            gold.push((st, en));
        }
        score_doc(doc["doc_id"].as_str().unwrap_or("?"), text, &gold, false, &mut score);
    }
    score.print("paragraphs joined", docs.len());
    let f1 = score.prf().2;
    assert!(f1 >= GUM_JOINED_MIN_F1, "GUM (joined paragraphs) boundary F1 {f1:.4} fell below {GUM_JOINED_MIN_F1}");
}

/// Text around the point after `nonws` non-whitespace characters.
fn context(text: &str, nonws: usize) -> String {
    let mut n = 0;
    let mut at = text.len();
    for (i, c) in text.char_indices() {
        if n == nonws {
            at = i;
            break;
        }
        if !c.is_whitespace() {
            n += 1;
        }
    }
    let lo = text[..at].char_indices().rev().nth(50).map_or(0, |(i, _)| i);
    let hi = text[at..].char_indices().nth(40).map_or(text.len(), |(i, _)| at + i);
    format!("{} ‖ {}", &text[lo..at], &text[at..hi]).replace('\n', "⏎")
}

/// pySBD's English suite: printed only. `exact` compares trimmed strings; `squashed`
/// compares them with all whitespace removed, which is the fair score for the
/// `clean=True` cases whose expected output joins hard-wrapped lines.
#[test]
fn pysbd_suite_report() {
    let Some(dir) = data() else { return };
    let Some(cases) = read_jsonl(&dir.join("pysbd_tests_en.jsonl")) else {
        return;
    };
    let (mut exact, mut squashed) = (0, 0);
    for case in &cases {
        let text = case["text"].as_str().unwrap_or("");
        let got = segment(text);
        let want = strings(&case["expected"]);
        if got == want {
            exact += 1;
        }
        let g: Vec<String> = got.iter().map(|s| squash(s)).collect();
        let w: Vec<String> = want.iter().map(|s| squash(s)).collect();
        if g == w {
            squashed += 1;
        } else if std::env::var_os("SHOW_PYSBD").is_some() {
            println!("FAIL {} {}\n  want {want:?}\n  got  {got:?}", case["group"], case["id"]);
        }
    }
    println!("pySBD suite: exact {exact}/{n}, whitespace-insensitive {squashed}/{n}", n = cases.len());
}
