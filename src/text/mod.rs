//! The text layer: normalisation, sentences and tokens.
//!
//! All offsets are UTF-8 byte offsets into the article text ([`crate::span::Span`]);
//! normalised forms are copies and never replace the original text. See
//! `docs/text.md` for the rules and measured accuracy.

mod abbrev;
pub mod dateline;
pub mod normalize;
pub mod sentences;
pub mod tokens;

pub use dateline::dateline_len;
pub use sentences::split_sentences;
pub use tokens::{tokenize, Token, TokenKind};
