//! Reads the built-in dictionaries at build time: every `.detente` file of `data/dict/builtin/`,
//! in name order (adding a file needs no code change), parsed and merged by the crate's own
//! readers, compiled into the coder's indexes and written to `OUT_DIR/builtin.blob`, which
//! `dict::Compiled::builtin` (and `dict::Dictionaries::builtin`, for the entries alone) decodes
//! at start instead of parsing and compiling the text (see `src/dict/blob.rs`). Cargo rebuilds
//! and reruns this script when a file it compiles in (the readers, the compiler) changes.

use std::path::Path;

/// The crate's dictionary readers and model, compiled into the build script as they are.
#[allow(dead_code)] // The build reads and encodes; matching and the legacy formats go unused.
#[path = "src/dict"]
mod dict {
    pub mod blob;
    pub mod compiled;
    pub mod legacy;
    pub mod model;
    pub mod native;
    pub mod phrase;

    pub use model::*;
    pub use phrase::{Phrase, Word, WordMode};
}

/// The tokenizer: legacy dictionary words are split where it splits text (`DIDN'T`).
#[allow(dead_code)]
#[path = "src/text"]
mod text {
    pub mod abbrev;
    pub mod norm;
    pub mod normalize;
    pub mod tokens;

    pub use tokens::{tokenize, Token};
}

#[allow(dead_code)]
#[path = "src/span.rs"]
mod span;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dict/builtin");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "detente"))
        .collect();
    files.sort();
    let mut dicts = dict::Dictionaries::default();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        // Entries name the file alone (`verbs_a_l.detente:12`) in warnings and rules.
        let name = path.file_name().unwrap().to_string_lossy();
        dicts.merge(dict::native::read_str(&text, &name));
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin.blob");
    std::fs::write(&dest, dict::blob::encode(&dict::compiled::Compiled::new(dicts)))
        .unwrap_or_else(|e| panic!("writing {}: {e}", dest.display()));
}
