//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The third-party evaluation data (`../shared/data` beside the repository, or
/// `$DETENTE_SHARED/data`). Returns `None`, after printing why, when it is absent, so
/// that the suite still passes on a fresh machine.
pub fn shared_data(sub: &str) -> Option<PathBuf> {
    let root = match std::env::var_os("DETENTE_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    let path = root.join("data").join(sub);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipping: {} is absent (set DETENTE_SHARED to the shared folder)", path.display());
        None
    }
}
