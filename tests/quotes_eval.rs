//! Quote extraction measured on third-party data (skipped when `../shared` is absent):
//!
//! * the textacy and sayswho peer unit tests (`data/quotes/*.json`);
//! * PolNeAR dev (`data/quotes/polnear/dev`): content-span precision/recall/F1, strict
//!   and partial, and speaker accuracy on matched direct quotes.
//!
//! Run with `cargo test --release --test quotes_eval -- --nocapture` to see the figures;
//! the floors are the levels reached (docs/quotes.md).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use detente::article::{Article, Quote, QuoteKind};
use detente::coder::Coder;
use detente::validate::run;

const TEXTACY_FLOOR: usize = 6;
const SAYSWHO_FLOOR: usize = 13;
const DIRECT_PARTIAL_F1_FLOOR: f64 = 0.95;
const DIRECT_STRICT_F1_FLOOR: f64 = 0.30;
const DIRECT_SPEAKER_FLOOR: f64 = 0.82;
const DIRECT_QUOTE_SPEAKER_FLOOR: f64 = 0.90;
const ALL_PARTIAL_F1_FLOOR: f64 = 0.57;

fn coder() -> Coder {
    Coder::new(run::builtin_with(&[]).expect("built-in dictionaries"))
}

fn code(coder: &Coder, text: &str) -> Article {
    let mut article = Article::new(text, None);
    coder.code(&mut article);
    article
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// (speaker tokens, cue tokens, content) of the quotes a peer suite expects.
type Triple = (Vec<String>, Vec<String>, String);

fn triples(article: &Article, kinds: &[QuoteKind]) -> Vec<Triple> {
    let text = &article.text;
    article
        .quotes
        .iter()
        .filter(|q| kinds.contains(&q.kind))
        .map(|q: &Quote| {
            (
                q.speaker_span.map(|s| words(s.slice(text))).unwrap_or_default(),
                q.cue.map(|s| words(s.slice(text))).unwrap_or_default(),
                q.span.slice(text).to_string(),
            )
        })
        .collect()
}

fn expected(case: &serde_json::Value) -> Option<Vec<Triple>> {
    let list = case.get("expected")?.as_array()?;
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
    };
    Some(
        list.iter()
            .map(|e| (strings(&e["speaker"]), strings(&e["cue"]), e["content"].as_str().unwrap_or("").to_string()))
            .collect(),
    )
}

/// Runs one peer suite; returns (passed, total) and prints each failure.
fn peer_suite(path: &Path, coder: &Coder) -> (usize, usize) {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("reads")).expect("json");
    let mut passed = 0;
    for case in &cases {
        let text = case["text"].as_str().expect("text");
        let article = code(coder, text);
        let ok = if let Some(want) = expected(case) {
            let got = triples(&article, &[QuoteKind::Direct]);
            let ok = got == want;
            if !ok {
                println!("FAIL {text:?}\n  want {want:?}\n  got  {got:?}");
            }
            ok
        } else {
            let want: Vec<String> = case["expected_speaker_tokens"]
                .as_array()
                .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            let got: Vec<String> = triples(&article, &[QuoteKind::Direct, QuoteKind::Partial])
                .into_iter()
                .flat_map(|(speaker, _, _)| speaker)
                .collect();
            let ok = got == want;
            if !ok {
                println!("FAIL {text:?}\n  want speaker tokens {want:?}\n  got  {got:?}");
            }
            ok
        };
        passed += usize::from(ok);
    }
    (passed, cases.len())
}

#[test]
fn peer_tests() {
    let coder = coder();
    if let Some(path) = common::shared_data("quotes/textacy_direct_quotations_tests.json") {
        let (passed, total) = peer_suite(&path, &coder);
        println!("textacy direct quotations: {passed} of {total} passed");
        assert!(passed >= TEXTACY_FLOOR, "textacy: {passed} passed, below {TEXTACY_FLOOR}");
    }
    if let Some(path) = common::shared_data("quotes/sayswho_quote_tests.json") {
        let (passed, total) = peer_suite(&path, &coder);
        println!("sayswho: {passed} of {total} passed");
        assert!(passed >= SAYSWHO_FLOOR, "sayswho: {passed} passed, below {SAYSWHO_FLOOR}");
    }
}

/// A brat span: fragments of (start, end) in code points.
type Frags = Vec<(usize, usize)>;

struct Attribution {
    content: Frags,
    source: Option<Frags>,
    direct: bool,
}

fn frags(spec: &str) -> Frags {
    spec.split(';')
        .filter_map(|f| {
            let mut p = f.split_whitespace();
            Some((p.next()?.parse().ok()?, p.next()?.parse().ok()?))
        })
        .collect()
}

fn read_ann(ann: &str, text: &[char]) -> Vec<Attribution> {
    let mut spans: BTreeMap<String, Frags> = BTreeMap::new();
    let mut out = Vec::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        if parts.len() < 2 {
            continue;
        }
        if parts[0].starts_with('T') {
            let (_, spec) = parts[1].split_once(' ').unwrap_or(("", ""));
            spans.insert(parts[0].to_string(), frags(spec));
        } else if parts[0].starts_with('E') {
            events.push(parts[1].to_string());
        }
    }
    for e in events {
        let mut content = None;
        let mut source = None;
        for arg in e.split_whitespace() {
            match arg.split_once(':') {
                Some(("Content", t)) => content = spans.get(t).cloned(),
                Some(("Source", t)) => source = spans.get(t).cloned(),
                _ => {}
            }
        }
        let Some(content) = content else { continue };
        let direct = content.iter().any(|&(s, e)| {
            text.get(s..e.min(text.len())).is_some_and(|cs| cs.iter().any(|c| matches!(c, '"' | '“' | '”' | '«' | '»')))
        });
        out.push(Attribution { content, source, direct });
    }
    out
}

fn cover(f: &Frags) -> (usize, usize) {
    (f.iter().map(|x| x.0).min().unwrap_or(0), f.iter().map(|x| x.1).max().unwrap_or(0))
}

fn overlaps(a: (usize, usize), b: &Frags) -> bool {
    b.iter().any(|&(s, e)| a.0 < e && s < a.1)
}

/// Strict: the same span, ignoring whitespace and punctuation at either end.
fn same(text: &[char], a: (usize, usize), b: (usize, usize)) -> bool {
    let trim = |(mut s, mut e): (usize, usize)| {
        let edge = |c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':');
        while s < e && edge(text[s]) {
            s += 1;
        }
        while e > s && edge(text[e - 1]) {
            e -= 1;
        }
        (s, e)
    };
    trim(a) == trim(b)
}

#[derive(Default)]
struct Score {
    pred: usize,
    gold: usize,
    pred_strict: usize,
    gold_strict: usize,
    pred_partial: usize,
    gold_partial: usize,
    speaker_checked: usize,
    speaker_right: usize,
    /// The same, for gold quotations matched by a quote detente calls direct.
    direct_checked: usize,
    direct_right: usize,
}

impl Score {
    fn prf(matched_pred: usize, pred: usize, matched_gold: usize, gold: usize) -> (f64, f64, f64) {
        let p = matched_pred as f64 / pred.max(1) as f64;
        let r = matched_gold as f64 / gold.max(1) as f64;
        (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
    }

    fn print(&self, label: &str) -> (f64, f64) {
        let (sp, sr, sf) = Score::prf(self.pred_strict, self.pred, self.gold_strict, self.gold);
        let (pp, pr, pf) = Score::prf(self.pred_partial, self.pred, self.gold_partial, self.gold);
        println!(
            "{label}: {} predicted, {} gold; strict P {sp:.3} R {sr:.3} F1 {sf:.3}; partial P {pp:.3} R {pr:.3} F1 {pf:.3}",
            self.pred, self.gold
        );
        (sf, pf)
    }
}

/// A predicted quote in code points: content, speaker span, speaker name, kind.
type Pred = ((usize, usize), Option<(usize, usize)>, Option<String>, QuoteKind);

/// Scores a PolNeAR split: (quoted contents, all attributions, articles). With
/// `errors`, prints each direct quote whose speaker is wrong (for development on train).
fn score_polnear(dir: &Path, errors: bool) -> (Score, Score, usize) {
    let coder = coder();
    let mut anns: Vec<_> = std::fs::read_dir(dir.join("attributions"))
        .expect("attributions")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    // One annotator per article: the first file in name order.
    let mut chosen: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    for ann in anns {
        let stem = ann.file_stem().unwrap().to_string_lossy().to_string();
        let name = stem.rsplit_once('_').map_or(stem.clone(), |(n, _)| n.to_string());
        chosen.entry(name).or_insert(ann);
    }
    let (mut direct, mut all) = (Score::default(), Score::default());
    for (name, ann) in &chosen {
        let text = std::fs::read_to_string(dir.join("text").join(format!("{name}.txt"))).expect("text");
        let chars: Vec<char> = text.chars().collect();
        let gold = read_ann(&std::fs::read_to_string(ann).expect("ann"), &chars);
        let article = code(&coder, &text);
        let mut at = vec![0; text.len() + 1];
        let mut n = 0;
        for (i, c) in text.char_indices() {
            at[i..i + c.len_utf8()].fill(n);
            n += 1;
        }
        at[text.len()] = n;
        let preds: Vec<Pred> = article
            .quotes
            .iter()
            .map(|q| {
                (
                    (at[q.span.start], at[q.span.end]),
                    q.speaker_span.map(|s| (at[s.start], at[s.end])),
                    q.speaker.clone(),
                    q.kind,
                )
            })
            .collect();
        for (score, direct_only) in [(&mut direct, true), (&mut all, false)] {
            let golds: Vec<&Attribution> = gold.iter().filter(|g| g.direct || !direct_only).collect();
            let mine: Vec<_> = preds.iter().filter(|p| p.3 != QuoteKind::Indirect || !direct_only).collect();
            score.pred += mine.len();
            score.gold += golds.len();
            for p in &mine {
                score.pred_strict += usize::from(golds.iter().any(|g| same(&chars, p.0, cover(&g.content))));
                score.pred_partial += usize::from(golds.iter().any(|g| overlaps(p.0, &g.content)));
            }
            for g in &golds {
                score.gold_strict += usize::from(mine.iter().any(|p| same(&chars, p.0, cover(&g.content))));
                let matched = mine.iter().find(|p| overlaps(p.0, &g.content));
                score.gold_partial += usize::from(matched.is_some());
                if let (Some(p), Some(source), true) = (matched, &g.source, g.direct) {
                    score.speaker_checked += 1;
                    let source_text: String = {
                        let (s, e) = cover(source);
                        chars[s..e.min(chars.len())].iter().collect()
                    };
                    let by_span = p.1.is_some_and(|s| overlaps(s, source));
                    let by_name = p.2.as_ref().and_then(|n| n.split_whitespace().last()).is_some_and(|last| {
                        source_text.split_whitespace().any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == last)
                    });
                    score.speaker_right += usize::from(by_span || by_name);
                    if p.3 == QuoteKind::Direct {
                        score.direct_checked += 1;
                        score.direct_right += usize::from(by_span || by_name);
                        if errors && direct_only && !(by_span || by_name) {
                            let excerpt = |(s, e): (usize, usize)| -> String {
                                chars[s..e.min(chars.len())].iter().collect::<String>().replace('\n', " ")
                            };
                            let content = excerpt(cover(&g.content));
                            let head: String = content.chars().take(90).collect();
                            println!(
                                "MISS {name}: gold {source_text:?} | got {:?} = {:?} | {head}",
                                p.1.map(excerpt).unwrap_or_default(),
                                p.2.as_deref().unwrap_or("")
                            );
                        }
                    }
                }
            }
        }
    }
    (direct, all, chosen.len())
}

#[test]
fn polnear_dev() {
    let Some(dir) = common::shared_data("quotes/polnear/dev") else { return };
    let (direct, all, articles) = score_polnear(&dir, false);
    println!("PolNeAR dev, {articles} articles (first annotator of each)");
    let (direct_strict, direct_partial) = direct.print("quoted contents (direct + partial)");
    let (_, all_partial) = all.print("all attributions (incl. indirect)");
    let accuracy = direct.speaker_right as f64 / direct.speaker_checked.max(1) as f64;
    println!(
        "speaker accuracy on matched quoted contents: {} of {} = {accuracy:.3}",
        direct.speaker_right, direct.speaker_checked
    );
    let direct_accuracy = direct.direct_right as f64 / direct.direct_checked.max(1) as f64;
    println!(
        "speaker accuracy on those matched by a direct quote: {} of {} = {direct_accuracy:.3}",
        direct.direct_right, direct.direct_checked
    );
    assert!(direct_accuracy >= DIRECT_QUOTE_SPEAKER_FLOOR, "direct-quote speaker accuracy {direct_accuracy:.3}");
    assert!(direct_partial >= DIRECT_PARTIAL_F1_FLOOR, "direct partial F1 {direct_partial:.3}");
    assert!(direct_strict >= DIRECT_STRICT_F1_FLOOR, "direct strict F1 {direct_strict:.3}");
    assert!(accuracy >= DIRECT_SPEAKER_FLOOR, "speaker accuracy {accuracy:.3}");
    assert!(all_partial >= ALL_PARTIAL_F1_FLOOR, "all partial F1 {all_partial:.3}");
}

/// The train split, for development: the figures and every direct quote whose speaker
/// is wrong. `cargo test --release --test quotes_eval polnear_train -- --ignored --nocapture`
#[test]
#[ignore]
fn polnear_train() {
    let Some(dir) = common::shared_data("quotes/polnear/train") else { return };
    let (direct, _, articles) = score_polnear(&dir, true);
    println!(
        "PolNeAR train, {articles} articles: speaker accuracy {} of {} on matched quoted contents, {} of {} on direct quotes",
        direct.speaker_right, direct.speaker_checked, direct.direct_right, direct.direct_checked
    );
}
