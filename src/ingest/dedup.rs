//! Linking duplicates so that later stages do not count a story twice: the same canonical URL,
//! the same normalised text, or a near-identical text (a wire story republished with small
//! edits), found by MinHash over word 5-gram shingles with LSH banding.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::IngestedArticle;

const HASHES: usize = 128;
const ROWS: usize = 4;
const BANDS: usize = HASHES / ROWS;
const SHINGLE: usize = 5;
/// Texts with fewer shingles than this are only compared exactly.
const MIN_SHINGLES: usize = 20;

/// Why an article is a duplicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    SameUrl,
    SameText,
    NearText,
}

/// Remembers the articles seen so far in a run.
pub struct Deduplicator {
    /// Estimated Jaccard similarity of shingle sets above which two texts are near-duplicates.
    pub threshold: f64,
    urls: HashMap<String, String>,
    texts: HashMap<u64, String>,
    signatures: Vec<(String, Vec<u64>)>,
    buckets: HashMap<(usize, u64), Vec<usize>>,
}

impl Default for Deduplicator {
    fn default() -> Self {
        Deduplicator {
            threshold: 0.5,
            urls: HashMap::new(),
            texts: HashMap::new(),
            signatures: Vec::new(),
            buckets: HashMap::new(),
        }
    }
}

impl Deduplicator {
    pub fn new() -> Deduplicator {
        Deduplicator::default()
    }

    /// Checks an article against those seen before and remembers it; sets its
    /// `duplicate_of` to the first article's source and returns why, when it is a duplicate.
    pub fn check(&mut self, article: &mut IngestedArticle) -> Option<Reason> {
        let found = self.find(article);
        if let Some((source, reason)) = found {
            article.duplicate_of = Some(source);
            return Some(reason);
        }
        None
    }

    fn find(&mut self, article: &IngestedArticle) -> Option<(String, Reason)> {
        let source = article.source.clone();
        if let Some(url) = article.url.as_deref().map(normalise_url) {
            if let Some(first) = self.urls.get(&url) {
                return Some((first.clone(), Reason::SameUrl));
            }
            self.urls.insert(url, source.clone());
        }
        let words = words(&article.text);
        if words.is_empty() {
            return None;
        }
        let key = hash(&words);
        if let Some(first) = self.texts.get(&key) {
            return Some((first.clone(), Reason::SameText));
        }
        self.texts.insert(key, source.clone());
        if words.len() < MIN_SHINGLES + SHINGLE - 1 {
            return None;
        }
        let signature = minhash(&words);
        let mut best: Option<(usize, f64)> = None;
        for band in 0..BANDS {
            let key = (band, hash(&signature[band * ROWS..(band + 1) * ROWS]));
            if let Some(candidates) = self.buckets.get(&key) {
                for &c in candidates {
                    let other = &self.signatures[c].1;
                    let same = signature.iter().zip(other).filter(|(a, b)| a == b).count();
                    let j = same as f64 / HASHES as f64;
                    if j >= self.threshold && best.is_none_or(|(b, bj)| j > bj || (j == bj && c < b)) {
                        best = Some((c, j));
                    }
                }
            }
        }
        if let Some((c, _)) = best {
            return Some((self.signatures[c].0.clone(), Reason::NearText));
        }
        let index = self.signatures.len();
        for band in 0..BANDS {
            let key = (band, hash(&signature[band * ROWS..(band + 1) * ROWS]));
            self.buckets.entry(key).or_default().push(index);
        }
        self.signatures.push((source, signature));
        None
    }
}

/// Lower-cased host and scheme-less, without fragment, tracking parameters, `www.` or a
/// trailing slash.
pub fn normalise_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host_path, query) = match rest.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (rest, None),
    };
    let (host, path) = match host_path.split_once('/') {
        Some((h, p)) => (h, p),
        None => (host_path, ""),
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut out = format!("{host}/{}", path.trim_end_matches('/'));
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|p| {
                let name = p.split('=').next().unwrap_or("").to_ascii_lowercase();
                !(name.starts_with("utm_") || matches!(name.as_str(), "fbclid" | "gclid" | "ref" | "cmpid" | "ocid"))
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn minhash(words: &[String]) -> Vec<u64> {
    let mut signature = vec![u64::MAX; HASHES];
    for shingle in words.windows(SHINGLE) {
        let h = hash(shingle);
        for (i, slot) in signature.iter_mut().enumerate() {
            let v = mix(h ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            if v < *slot {
                *slot = v;
            }
        }
    }
    signature
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(source: &str, url: Option<&str>, text: &str) -> IngestedArticle {
        IngestedArticle { source: source.into(), url: url.map(Into::into), text: text.into(), ..Default::default() }
    }

    #[test]
    fn urls_texts_and_near_texts() {
        let story = "Russian and Ukrainian negotiators met in Istanbul on Friday for the first direct talks in three years, \
            agreeing to exchange a thousand prisoners each but failing to reach a ceasefire, officials from both sides said. \
            The talks lasted less than two hours. Turkish Foreign Minister Hakan Fidan opened the meeting, urging both \
            delegations to seize what he called a historic opportunity. The Ukrainian delegation was led by Defence \
            Minister Rustem Umerov, while the Russian side was headed by presidential aide Vladimir Medinsky. \
            Diplomats said a second round could take place in June if the prisoner exchange goes ahead as planned.";
        let mut d = Deduplicator::new();
        assert_eq!(d.check(&mut article("a", Some("https://www.example.com/story/?utm_source=x"), story)), None);
        let mut b = article("b", Some("http://example.com/story"), "other");
        assert_eq!(d.check(&mut b), Some(Reason::SameUrl));
        assert_eq!(b.duplicate_of.as_deref(), Some("a"));
        assert_eq!(d.check(&mut article("c", None, &story.to_uppercase())), Some(Reason::SameText));
        let edited =
            story.replace("Friday", "Friday morning").replace("officials from both sides said", "officials said");
        let mut e = article("e", None, &format!("ISTANBUL (Reuters) - {edited}"));
        assert_eq!(d.check(&mut e), Some(Reason::NearText));
        assert_eq!(e.duplicate_of.as_deref(), Some("a"));
        let other =
            "The central bank raised interest rates by a quarter point on Wednesday, citing persistent inflation \
            in services and a tight labour market, and signalled that further increases were possible this year.";
        assert_eq!(d.check(&mut article("f", None, other)), None);
    }
}
