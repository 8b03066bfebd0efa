//! Ingest real news: read files, directories, globs or standard input holding HTML pages,
//! plain text, JSON lines, RSS/Atom feeds or WARC archives (optionally gzip- or
//! zstd-compressed), decode their charsets, extract the main text and metadata of each
//! article, detect its language and link duplicates.
//!
//! One job per file: [`input`] expands paths, [`detect`] decompresses and tells the kind,
//! [`charset`] decodes bytes, [`strip`] drops scripts, styles and comments before parsing, [`warc`], [`feed`] and [`jsonl`] split containers into records,
//! [`html`] extracts the main text, [`meta`] the metadata, [`lang`] the language, [`dedup`]
//! links duplicates and [`eval`] scores extraction on the Zyte benchmark and the Mozilla
//! Readability test pages.
//!
//! The reader never panics on bad input: a document or record that cannot be read becomes an
//! [`IngestError`] naming the input and the problem, and the run goes on.

pub mod charset;
pub mod chrome;
pub mod dedup;
pub mod detect;
pub mod eval;
pub mod feed;
pub mod html;
pub mod input;
pub mod jsonl;
pub mod lang;
pub mod meta;
pub mod reader;
pub mod strip;
pub mod warc;

pub use reader::Reader;

use serde::Serialize;

/// One article read from an input, with its main text and what is known about it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IngestedArticle {
    /// Where it came from: the path, with `#N` for the N-th record (1-based) of a container
    /// (WARC, feed, JSON lines); `-` is standard input.
    pub source: String,
    pub title: Option<String>,
    /// The main text: paragraphs separated by blank lines.
    pub text: String,
    /// The publication date, ISO 8601 (`YYYY-MM-DD`).
    pub published: Option<String>,
    pub author: Option<String>,
    /// The canonical URL when the page names one, else the URL it was fetched from.
    pub url: Option<String>,
    pub site: Option<String>,
    /// ISO 639-1 code (ISO 639-3 where there is none) detected from the text, or declared by
    /// the page when the text is too short to tell.
    pub language: Option<String>,
    /// The source of an earlier article this one duplicates (same URL, same text, or a
    /// near-identical text); filled by [`dedup::Deduplicator`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

/// A document or record that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IngestError {
    pub source: String,
    #[serde(rename = "error")]
    pub message: String,
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

impl std::error::Error for IngestError {}

/// What the reader yields: an article, or an error for one document or record.
pub type Item = Result<IngestedArticle, IngestError>;

impl IngestError {
    pub fn new(source: impl Into<String>, message: impl Into<String>) -> IngestError {
        IngestError { source: source.into(), message: message.into() }
    }
}
