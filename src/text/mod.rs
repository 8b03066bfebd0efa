//! The text layer: normalisation, sentences and tokens (owned by the text-layer work).
