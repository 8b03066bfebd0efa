//! Byte ranges into an article's text.
//!
//! Every annotation (sentence, token, actor, verb, quote) points back into the one
//! article text it came from, as spaCy's `Span` does. Offsets are UTF-8 byte offsets
//! internally; the JSON output converts them to Unicode code-point offsets (see
//! `docs/output.md`), which is what Python and most analysis tools index by.

use serde::Serialize;

/// A half-open byte range `start..end` into an article's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span covers in `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}
