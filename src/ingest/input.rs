//! Expanding the command-line inputs: files, directories (walked recursively, in name order,
//! hidden entries skipped), glob patterns and `-` for standard input.

use std::path::{Path, PathBuf};

use super::IngestError;

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name used in `source` fields and error messages.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Expands the arguments into inputs, in order; a path that does not exist, a glob that
/// matches nothing or an unreadable directory becomes an error in its place.
pub fn expand(args: &[PathBuf]) -> Vec<Result<Input, IngestError>> {
    let mut out = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
        } else if arg.is_dir() {
            walk(arg, &mut out);
        } else if arg.exists() {
            out.push(Ok(Input::File(arg.clone())));
        } else if is_glob(arg) {
            expand_glob(arg, &mut out);
        } else {
            out.push(Err(IngestError::new(arg.display().to_string(), "no such file or directory")));
        }
    }
    out
}

fn is_glob(p: &Path) -> bool {
    p.to_string_lossy().contains(['*', '?', '['])
}

fn expand_glob(pattern: &Path, out: &mut Vec<Result<Input, IngestError>>) {
    let name = pattern.display().to_string();
    let paths = match glob::glob(&pattern.to_string_lossy()) {
        Ok(paths) => paths,
        Err(e) => {
            out.push(Err(IngestError::new(name, format!("bad glob pattern: {e}"))));
            return;
        }
    };
    let before = out.len();
    for entry in paths {
        match entry {
            Ok(p) if p.is_dir() => walk(&p, out),
            Ok(p) => out.push(Ok(Input::File(p))),
            Err(e) => out.push(Err(IngestError::new(e.path().display().to_string(), e.error().to_string()))),
        }
    }
    if out.len() == before {
        out.push(Err(IngestError::new(name, "the glob pattern matches no file")));
    }
}

fn walk(dir: &Path, out: &mut Vec<Result<Input, IngestError>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push(Err(IngestError::new(dir.display().to_string(), format!("cannot read directory: {e}"))));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(Ok(Input::File(p)));
        }
    }
}
