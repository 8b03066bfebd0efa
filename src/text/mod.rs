//! The text layer: normalisation, sentences and tokens.
//!
//! All offsets are UTF-8 byte offsets into the article text ([`crate::span::Span`]);
//! normalised forms are copies and never replace the original text. See
//! `docs/text.md` for the rules and measured accuracy.

mod abbrev;
pub mod dateline;
pub mod norm;
pub mod normalize;
pub mod sentences;
pub mod starts;
pub mod tokens;

pub use dateline::dateline_len;
pub use norm::Norm;
pub use sentences::split_sentences;
pub use tokens::{tokenize, Token, TokenKind};
