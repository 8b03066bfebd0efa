//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

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

/// Runs the `detente` binary with `args` and `stdin`; returns (exit status, stdout, stderr).
pub fn detente(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}
