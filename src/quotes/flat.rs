//! The article's tokens as one sequence, across sentences, with paragraph breaks.
//!
//! Quotations run over sentence boundaries (and paragraphs), so the quote stage reads
//! the tokens of all sentences in order. Only the text *between* token spans is looked
//! at (for newlines and the spaces around a quotation mark); words are never re-read.

use crate::article::Article;
use crate::text::{Token, TokenKind};

pub struct Flat<'a> {
    pub text: &'a str,
    tokens: Vec<&'a Token>,
    /// Each token's norm: cue matching reads runs of them as slices, so they are
    /// gathered once per article rather than once per window.
    norms: Vec<&'a str>,
    /// Flat index of each sentence's first token (and the total at the end).
    pub sent_first: Vec<usize>,
}

impl<'a> Flat<'a> {
    pub fn new(article: &'a Article) -> Flat<'a> {
        // Sized once and filled by `extend` from each sentence's token slice (exact-size
        // iterators: no capacity test per token): growing the vectors token by token
        // was most of this stage's cost for the many articles that quote nobody.
        let n: usize = article.sentences.iter().map(|s| s.tokens.len()).sum();
        let mut tokens: Vec<&Token> = Vec::with_capacity(n);
        let mut norms = Vec::with_capacity(n);
        let mut sent_first = Vec::with_capacity(article.sentences.len() + 1);
        for sentence in &article.sentences {
            sent_first.push(tokens.len());
            tokens.extend(sentence.tokens.iter());
            norms.extend(sentence.tokens.iter().map(|t| t.norm.as_str()));
        }
        sent_first.push(tokens.len());
        Flat { text: article.text.as_str(), tokens, norms, sent_first }
    }

    /// A newline lies between token `i - 1` and token `i` (or `i` is the first token).
    /// Read from the text between them when asked, not stored for every token: few
    /// tokens are asked about, and a table cost half of building the `Flat`.
    pub fn para_start(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1) else { return true };
        // Bytes: a newline is one byte in UTF-8, and no char need be decoded. Most gaps
        // are empty or one space, told apart without a search.
        let gap = self.text.as_bytes().get(self.tokens[prev].span.end..self.tokens[i].span.start);
        gap.is_none_or(|gap| !matches!(gap, [] | [b' ']) && gap.contains(&b'\n'))
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Flat index of token `t` of sentence `s`.
    pub fn index(&self, s: usize, t: usize) -> usize {
        self.sent_first[s] + t
    }

    /// The sentence's flat range around `i`.
    pub fn sentence_range(&self, i: usize) -> (usize, usize) {
        let s = self.sentence(i);
        (self.sent_first[s], self.sent_first[s + 1])
    }

    pub fn tok(&self, i: usize) -> &'a Token {
        self.tokens[i]
    }

    pub fn norm(&self, i: usize) -> &'a str {
        self.norms[i]
    }

    /// The norms of tokens `from..to` (none when the range is empty or reversed).
    pub fn norms(&self, from: usize, to: usize) -> &[&'a str] {
        self.norms.get(from..to).unwrap_or_default()
    }

    /// The sentence holding token `i`: the last whose first token is at or before it
    /// (an empty sentence shares its start with the next). A search over the sentence
    /// starts, not a per-token table: few tokens are asked about.
    pub fn sentence(&self, i: usize) -> usize {
        self.sent_first.partition_point(|&f| f <= i) - 1
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens[i].kind != TokenKind::Punct
    }

    /// The first token of the paragraph holding `i`.
    pub fn para_first(&self, i: usize) -> usize {
        let mut j = i;
        while j > 0 && !self.para_start(j) {
            j -= 1;
        }
        j
    }

    /// One past the last token of the paragraph holding `i`.
    pub fn para_end(&self, i: usize) -> usize {
        let mut j = i + 1;
        while j < self.len() && !self.para_start(j) {
            j += 1;
        }
        j
    }

    /// The character just before / after token `i` in the text, if any.
    pub fn char_before(&self, i: usize) -> Option<char> {
        self.text[..self.tokens[i].span.start].chars().next_back()
    }

    pub fn char_after(&self, i: usize) -> Option<char> {
        self.text[self.tokens[i].span.end..].chars().next()
    }

    /// The raw characters of token `i` (for telling “ from ”).
    pub fn raw(&self, i: usize) -> &'a str {
        self.tokens[i].span.slice(self.text)
    }
}
