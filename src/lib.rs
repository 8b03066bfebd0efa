//! detente: political event data from raw English news text.
//!
//! The pipeline is the architecture; each stage is one module and data flows one way:
//! text (sentences, tokens) → actors → events, each stage adding span annotations
//! to the [`article::Article`] record.

pub mod actors;
pub mod alloc;
pub mod article;
pub mod coder;
pub mod dict;
pub mod ingest;
pub mod ontology;
pub mod output;
pub mod quotes;
pub mod serve;
pub mod span;
pub mod store;
pub mod text;
pub mod tracker;
pub mod validate;
