//! Dictionaries: the data that tells the coder what the words mean.
//!
//! Everything the coder knows lives here as data, never in code: actors (with dated
//! roles), agents (role nouns such as "officials" or "troops"), verbs with their
//! patterns and synonym sets, and discard phrases. Two readers fill this [`model`]:
//! [`native`] (detente's own documented format, see `docs/dictionaries.md`) and
//! [`legacy`] (TABARI, PETRARCH-1 and PETRARCH-2 files, read as they are). The
//! [`compiled`] module turns the model into the indexes the coder matches with. The
//! built-in dictionaries are read at build time and embedded as a [`blob`].

pub mod blob;
pub mod compiled;
pub mod legacy;
pub mod model;
pub mod native;
pub mod phrase;

use std::path::Path;

/// The files of `data/dict/builtin/`, read, merged in name order and compiled by `build.rs` (see
/// [`blob`]).
const BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.blob"));

pub use compiled::Compiled;
pub use model::*;
pub use phrase::{Phrase, Word, WordMode};

impl Compiled {
    /// The built-in dictionaries compiled at build time: what `Compiled::new(Dictionaries::builtin())`
    /// builds, decoded in a third of the time (issue 3). Only for the built-ins alone: user
    /// dictionaries go before them and renumber their entries.
    pub fn builtin() -> Compiled {
        // As in `Dictionaries::builtin`: a failure is a bug in `blob`.
        blob::decode_compiled(BUILTIN).unwrap_or_else(|e| panic!("{e}"))
    }
}

impl Dictionaries {
    /// The dictionaries embedded in the binary: every file of `data/dict/builtin/`, merged in
    /// name order, as [`native::read_str`] reads them (their warnings included).
    pub fn builtin() -> Dictionaries {
        // The blob is written and read by the same build; a failure is a bug in `blob`, which
        // its tests catch, not a problem with any input.
        blob::decode(BUILTIN).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Reads a dictionary file: detente's own format (`.detente`), or any legacy
    /// kind, detected from its name and content (see [`legacy::Kind`]).
    pub fn read_file(path: &Path) -> Result<Dictionaries, DictError> {
        if path.extension().is_some_and(|e| e == "detente") {
            native::read_file(path)
        } else {
            legacy::read_file(path)
        }
    }

    /// Reads a file, or every dictionary file in a directory (files that are not
    /// dictionaries, such as licences or options, are passed over with a warning).
    pub fn read_path(path: &Path) -> Result<Dictionaries, DictError> {
        if !path.is_dir() {
            return Dictionaries::read_file(path);
        }
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map_err(|source| DictError::Io { path: path.display().to_string(), source })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        entries.sort();
        let mut dicts = Dictionaries::default();
        for file in entries {
            match Dictionaries::read_file(&file) {
                Ok(d) => dicts.merge(d),
                Err(e @ DictError::UnknownKind { .. }) => dicts.warnings.push(format!("skipped: {e}")),
                Err(e) => return Err(e),
            }
        }
        Ok(dicts)
    }
}
