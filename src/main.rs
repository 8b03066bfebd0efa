//! The `detente` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Coding allocates many small, short-lived values; mimalloc serves them faster than
// the system allocator (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "detente", version, about = "Political event data from raw English news text")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code plain-text articles and print one JSON document per article.
    Code {
        /// A text file, or `-` for standard input.
        path: Option<PathBuf>,
        /// Code the embedded example story instead of a file.
        #[arg(long, conflicts_with = "path")]
        example: bool,
        /// The article date (YYYY-MM-DD), which selects dated actor codes.
        #[arg(long)]
        date: Option<String>,
        /// Dictionary files or directories (legacy or detente format), merged on top of
        /// the built-in set (their entries win ties with built-in ones).
        #[arg(long = "dicts")]
        dicts: Vec<PathBuf>,
        /// Use only the `--dicts` files, not the built-in set.
        #[arg(long, requires = "dicts")]
        no_builtin: bool,
        /// Pretty-print the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Check dictionary files and report every problem as file:line.
    CheckDict { paths: Vec<PathBuf> },
    /// Run a PETRARCH validation XML file, a TABARI .project or a detente .tsv event
    /// corpus through the coder, or score a JSON dev set (PLOVER gold records, NGEC
    /// actor tests) with the built-in dictionaries.
    Validate {
        /// The suite: PETRARCH XML, TABARI .project/.text, a detente .tsv corpus, or a
        /// PLOVER/NGEC JSON file.
        path: PathBuf,
        /// Extra directories to look for the dictionaries the suite names; for a .tsv
        /// corpus or a JSON dev set, dictionary files or directories merged on top of the
        /// built-in set.
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
        Command::Code { path, example, date, dicts, no_builtin, pretty } => {
            code(path, example, date, &dicts, no_builtin, pretty)
        }
        Command::CheckDict { paths } => check_dict(&paths),
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
    if let Some((warnings, report)) = run::run_dev_set(path, dirs, verbose)? {
        warnings.iter().for_each(|w| eprintln!("warning: {w}"));
        print!("{report}");
        return Ok(ExitCode::SUCCESS);
    }
    let suite = read_suite(path)?;
    for w in &suite.warnings {
        eprintln!("warning: {w}");
    }
    let dicts = run::load_dictionaries(&suite, dirs)?;
    let report = run::run(&suite, dicts);
    let show = |t: &[detente::validate::Triple]| {
        let mut v: Vec<String> = t
            .iter()
            .map(|t| match &t.modality {
                Some(m) => format!("{} {} {} {m}", t.source, t.target, t.code),
                None => format!("{} {} {}", t.source, t.target, t.code),
            })
            .collect();
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
    if suite.environment.builtin_dictionaries {
        for (root, (passed, total)) in detente::validate::corpus::root_summary(&report) {
            println!("root {root}: {passed}/{total}");
        }
    }
    println!("{} passed, {} failed", report.passed(), report.failed());
    Ok(ExitCode::SUCCESS)
}

const EXAMPLE: &str = include_str!("../data/example/ceasefire.txt");

fn load_dicts(paths: &[PathBuf], no_builtin: bool) -> anyhow::Result<detente::dict::Dictionaries> {
    // User files go first: on equal matches the earlier entry wins.
    let mut dicts = detente::dict::Dictionaries::default();
    for p in paths {
        dicts.merge(detente::dict::Dictionaries::read_path(p)?);
    }
    if !no_builtin {
        dicts.merge(detente::dict::Dictionaries::builtin());
    }
    Ok(dicts)
}

fn parse_date(text: &str) -> anyhow::Result<u32> {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    detente::dict::legacy::parse_date(&digits).map_err(|e| anyhow::anyhow!("--date {text}: {e}"))
}

fn code(
    path: Option<PathBuf>,
    example: bool,
    date: Option<String>,
    dict_paths: &[PathBuf],
    no_builtin: bool,
    pretty: bool,
) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    use std::io::Read;
    let (id, text, default_date) = if example {
        ("example/ceasefire.txt".to_string(), EXAMPLE.to_string(), Some(20250313))
    } else {
        let path = path.unwrap_or_else(|| PathBuf::from("-"));
        let bytes = if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).context("reading standard input")?;
            buf
        } else {
            std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "{}: not UTF-8 text (invalid byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        if text.bytes().any(|b| b == 0) {
            anyhow::bail!("{}: binary content (NUL bytes), not text", path.display());
        }
        (path.display().to_string(), text, None)
    };
    let date = match date {
        Some(d) => Some(parse_date(&d)?),
        None => default_date,
    };
    let dicts = load_dicts(dict_paths, no_builtin)?;
    for w in &dicts.warnings {
        eprintln!("warning: {w}");
    }
    let coder = detente::coder::Coder::new(dicts);
    let mut article = detente::article::Article::new(text, date);
    article.id = Some(id);
    coder.code(&mut article);
    let doc = detente::output::article_json(&article);
    let out = if pretty { serde_json::to_string_pretty(&doc)? } else { serde_json::to_string(&doc)? };
    println!("{out}");
    Ok(ExitCode::SUCCESS)
}

fn check_dict(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut problems = 0;
    for p in paths {
        match detente::dict::Dictionaries::read_path(p) {
            Ok(d) => {
                for w in &d.warnings {
                    println!("{w}");
                }
                problems += d.warnings.len();
                eprintln!(
                    "{}: {} actors, {} agents, {} verbs, {} patterns, {} synsets, {} discards",
                    p.display(),
                    d.actors.len(),
                    d.agents.len(),
                    d.verbs.len(),
                    d.patterns.len(),
                    d.synsets.len(),
                    d.discards.len()
                );
            }
            Err(e) => {
                println!("{e}");
                problems += 1;
            }
        }
    }
    Ok(if problems == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
