//! The `detente` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "detente", version, about = "Political event data from raw English news text")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a PETRARCH validation XML file or a TABARI .project through the coder.
    Validate {
        /// The suite: PETRARCH XML, or TABARI .project/.text.
        path: PathBuf,
        /// Extra directories to look for the dictionaries the suite names.
        #[arg(long = "dicts")]
        dicts: Vec<PathBuf>,
        /// Print passing records too.
        #[arg(long)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { path, dicts, verbose } => validate(&path, &dicts, verbose),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("detente: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn validate(path: &std::path::Path, dirs: &[PathBuf], verbose: bool) -> anyhow::Result<ExitCode> {
    use detente::validate::{read_suite, run};
    let suite = read_suite(path)?;
    for w in &suite.warnings {
        eprintln!("warning: {w}");
    }
    let dicts = run::load_dictionaries(&suite, dirs)?;
    let report = run::run(&suite, dicts);
    let show = |t: &[detente::validate::Triple]| {
        let mut v: Vec<String> = t.iter().map(|t| format!("{} {} {}", t.source, t.target, t.code)).collect();
        v.sort();
        if v.is_empty() {
            "(none)".to_string()
        } else {
            v.join("; ")
        }
    };
    for o in &report.outcomes {
        if !o.passed || verbose {
            let status = if o.passed { "PASS" } else { "FAIL" };
            let expected = match &o.expected_note {
                Some(note) if o.expected.is_empty() => format!("({note})"),
                _ => show(&o.expected),
            };
            println!("{status} {} (line {}): expected {expected} | coded {}", o.id, o.line, show(&o.coded));
        }
    }
    println!("{} passed, {} failed", report.passed(), report.failed());
    Ok(ExitCode::SUCCESS)
}
