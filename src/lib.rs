//! detente: political event data from raw English news text.
//!
//! The pipeline is the architecture; each stage is one module and data flows one way:
//! text (sentences, tokens) → actors → events, each stage adding span annotations
//! to the article record.

pub mod span;
pub mod text;
pub mod ontology;
pub mod validate;
