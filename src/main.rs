//! The `detente` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Coding allocates many small, short-lived values; mimalloc serves them faster than
// the system allocator (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: detente::alloc::Mimalloc = detente::alloc::Mimalloc;

#[derive(Parser)]
#[command(name = "detente", version, about = "Political event data from raw English news text")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code articles and print one JSON document per article (one per line when there are
    /// several): plain text, HTML pages, feeds, WARC archives, JSON lines, compressed or not.
    Code {
        /// Files, directories, glob patterns, or `-` for standard input.
        paths: Vec<PathBuf>,
        /// Code the embedded example story instead of a file.
        #[arg(long, conflicts_with = "paths")]
        example: bool,
        /// The article date (YYYY-MM-DD), which selects dated actor codes; by default each
        /// article's own publication date.
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
    /// Read articles (HTML, text, feeds, WARC, JSON lines; gzip/zstd) and print one JSON
    /// object per article: source, title, text, published, author, url, site, language.
    Extract {
        /// Files, directories, glob patterns, or `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Do not link duplicates.
        #[arg(long)]
        keep_duplicates: bool,
    },
    /// Read articles as `extract` does and print one JSON object per sentence.
    Sentences {
        /// Files, directories, glob patterns, or `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also print the sentences of duplicate articles.
        #[arg(long)]
        keep_duplicates: bool,
    },
    /// Score main-text extraction on the Zyte article-extraction benchmark directory.
    BenchExtract {
        /// The benchmark directory (`ground-truth.json` and `html/`).
        dir: PathBuf,
        /// Extract every page this many times and report the fastest round.
        #[arg(long, default_value_t = 1)]
        rounds: usize,
        /// Print per-page precision and recall.
        #[arg(long)]
        verbose: bool,
    },
    /// Check dictionary files and report every problem as file:line.
    CheckDict { paths: Vec<PathBuf> },
    /// Read articles as `extract` does, code them and store articles, sentences, actors and
    /// events in an SQLite database; already stored articles are left as they are.
    Ingest {
        /// Files, directories, glob patterns, or `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The database: an SQLite file (created if missing) or a postgres:// URL.
        #[arg(long, default_value = detente::store::DEFAULT_DB)]
        db: String,
        /// Dictionary files or directories merged on top of the built-in set.
        #[arg(long = "dicts")]
        dicts: Vec<PathBuf>,
        /// Use only the `--dicts` files, not the built-in set.
        #[arg(long, requires = "dicts")]
        no_builtin: bool,
        /// Articles per transaction, at most.
        #[arg(long, default_value_t = 256)]
        batch: usize,
    },
    /// Re-code stored articles from their stored text with the current dictionaries; articles
    /// already coded with the same dictionary version are left alone unless `--all`.
    Recode {
        #[arg(long, default_value = detente::store::DEFAULT_DB)]
        db: String,
        #[arg(long = "dicts")]
        dicts: Vec<PathBuf>,
        #[arg(long, requires = "dicts")]
        no_builtin: bool,
        /// Re-code every article, whatever dictionary version coded it.
        #[arg(long)]
        all: bool,
    },
    /// Print stored events (by date), selected by actor, dyad, code, date and article text.
    Events {
        #[command(flatten)]
        filter: FilterArgs,
        /// table, jsonl, csv (or gdelt, plover).
        #[arg(long, default_value = "table")]
        format: String,
        /// At most this many events.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Print stored quotations and reported speech (by date), selected by speaker, speaker
    /// code, date, quoted words and article.
    Quotes {
        #[arg(long, default_value = detente::store::DEFAULT_DB)]
        db: String,
        /// Words of the speaker's name or of the speaker phrase (Peskov, "Kremlin spokesman").
        #[arg(long)]
        speaker: Option<String>,
        /// Speaker code prefix (RUS, RUSGOV).
        #[arg(long)]
        code: Option<String>,
        /// First day (YYYY-MM-DD), inclusive.
        #[arg(long)]
        since: Option<String>,
        /// Last day (YYYY-MM-DD), inclusive.
        #[arg(long)]
        until: Option<String>,
        /// Words that must all occur in the quoted text.
        #[arg(long)]
        text: Option<String>,
        /// Only the quotes of this stored article (its id).
        #[arg(long)]
        article: Option<i64>,
        /// Include quotes of articles linked as duplicates of an earlier one.
        #[arg(long)]
        with_duplicates: bool,
        /// table, jsonl or csv.
        #[arg(long, default_value = "table")]
        format: String,
        /// At most this many quotes.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Print actor codes with their names, mentions and articles, most mentioned first.
    Actors {
        #[arg(long, default_value = detente::store::DEFAULT_DB)]
        db: String,
        /// Only codes starting with this (e.g. RUS).
        #[arg(long)]
        code: Option<String>,
        /// Count mentions in duplicate articles too.
        #[arg(long)]
        with_duplicates: bool,
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Print totals and event counts per day, CAMEO root and dyad.
    Stats {
        #[command(flatten)]
        filter: FilterArgs,
        /// Only one grouping: day, root or dyad.
        #[arg(long)]
        by: Option<String>,
        /// Rows per grouping, at most.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Serve the read-only JSON API (/api/…, /openapi.json) and the dashboard (/) over a
    /// database; with a token, POST /api/articles codes and stores articles.
    Serve {
        #[arg(long, default_value = detente::store::DEFAULT_DB)]
        db: PathBuf,
        /// Address to listen on (localhost unless this says otherwise; port 0 picks a free port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Enables POST /api/articles for requests with `Authorization: Bearer TOKEN`; default:
        /// the DETENTE_TOKEN environment variable.
        #[arg(long)]
        token: Option<String>,
        /// Dictionaries posted articles are coded with (as ingest).
        #[arg(long = "dicts")]
        dicts: Vec<PathBuf>,
        #[arg(long, requires = "dicts")]
        no_builtin: bool,
        /// Queries running at once (read connections).
        #[arg(long, default_value_t = 4)]
        readers: usize,
    },
    /// Export stored events: GDELT 2.0 event table (TSV), PLOVER JSON lines, CSV, JSON lines.
    Export {
        #[command(flatten)]
        filter: FilterArgs,
        /// gdelt, plover, csv, jsonl, or parquet (in a build with `--features parquet`).
        #[arg(long)]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print ceasefire, peace plan, prisoner exchange and negotiation tracks found in the
    /// stored events: the two sides, the topic, the status and the steps in date order.
    Tracker {
        #[arg(long, default_value = detente::store::DEFAULT_DB)]
        db: String,
        /// Only tracks between these two country codes, either order: RUS-UKR.
        #[arg(long)]
        dyad: Option<String>,
        /// First day of events read (YYYY-MM-DD), inclusive.
        #[arg(long)]
        since: Option<String>,
        /// Last day of events read (YYYY-MM-DD), inclusive.
        #[arg(long)]
        until: Option<String>,
        /// table or jsonl (one track per line).
        #[arg(long, default_value = "table")]
        format: String,
    },
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
        /// Code a PETRARCH or TABARI suite with detente's built-in dictionaries (plus
        /// `--dicts` files) instead of the dictionaries the suite names.
        #[arg(long)]
        builtin: bool,
        /// Print passing records too.
        #[arg(long)]
        verbose: bool,
    },
}

/// Event selection shared by `events`, `stats` and `export`.
#[derive(clap::Args)]
struct FilterArgs {
    /// The database: an SQLite file or a postgres:// URL.
    #[arg(long, default_value = detente::store::DEFAULT_DB)]
    db: String,
    /// Source actor code prefix (RUS, RUSGOV).
    #[arg(long)]
    source: Option<String>,
    /// Target actor code prefix.
    #[arg(long)]
    target: Option<String>,
    /// Two actor code prefixes, either direction: USA-RUS.
    #[arg(long)]
    dyad: Option<String>,
    /// Exact CAMEO event code (190).
    #[arg(long)]
    code: Option<String>,
    /// CAMEO root code (19).
    #[arg(long)]
    root: Option<String>,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    #[arg(long)]
    quad: Option<u8>,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    since: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    until: Option<String>,
    /// Words that must all occur in the article's title or text (full-text index).
    #[arg(long)]
    text: Option<String>,
    /// Include events of articles linked as duplicates of an earlier one.
    #[arg(long)]
    with_duplicates: bool,
}

impl FilterArgs {
    fn open(&self) -> anyhow::Result<detente::store::Database> {
        detente::store::Database::open_existing(&self.db)
    }

    fn filter(&self) -> anyhow::Result<detente::store::EventFilter> {
        use detente::store::query::parse_date;
        let date = |flag: &str, v: &Option<String>| -> anyhow::Result<Option<u32>> {
            v.as_deref()
                .map(|d| parse_date(d).ok_or_else(|| anyhow::anyhow!("--{flag} {d}: not a date (YYYY-MM-DD)")))
                .transpose()
        };
        let dyad = match &self.dyad {
            None => None,
            Some(d) => match d.split_once('-') {
                Some((a, b)) if !a.is_empty() && !b.is_empty() => Some((a.to_string(), b.to_string())),
                _ => anyhow::bail!("--dyad {d}: expected two codes joined by '-', e.g. USA-RUS"),
            },
        };
        Ok(detente::store::EventFilter {
            source: self.source.clone(),
            target: self.target.clone(),
            dyad,
            code: self.code.clone(),
            root: self.root.clone(),
            quad: self.quad,
            since: date("since", &self.since)?,
            until: date("until", &self.until)?,
            text: self.text.clone(),
            with_duplicates: self.with_duplicates,
            limit: None,
        })
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { path, dicts, builtin, verbose } => validate(&path, &dicts, builtin, verbose),
        Command::Code { paths, example, date, dicts, no_builtin, pretty } => {
            code(paths, example, date, &dicts, no_builtin, pretty)
        }
        Command::Extract { paths, keep_duplicates } => extract(&paths, keep_duplicates),
        Command::Sentences { paths, keep_duplicates } => sentences(&paths, keep_duplicates),
        Command::CheckDict { paths } => check_dict(&paths),
        Command::BenchExtract { dir, rounds, verbose } => bench_extract(&dir, rounds, verbose),
        Command::Ingest { paths, db, dicts, no_builtin, batch } => ingest(&paths, &db, &dicts, no_builtin, batch),
        Command::Recode { db, dicts, no_builtin, all } => recode(&db, &dicts, no_builtin, all),
        Command::Events { filter, format, limit } => events(&filter, &format, limit, None),
        Command::Export { filter, format, output } => events(&filter, &format, None, output.as_deref()),
        Command::Quotes { db, speaker, code, since, until, text, article, with_duplicates, format, limit } => {
            let date = |flag: &str, v: Option<String>| -> anyhow::Result<Option<u32>> {
                v.map(|d| {
                    detente::store::query::parse_date(&d)
                        .ok_or_else(|| anyhow::anyhow!("--{flag} {d}: not a date (YYYY-MM-DD)"))
                })
                .transpose()
            };
            (|| {
                let filter = detente::store::QuoteFilter {
                    speaker,
                    code,
                    since: date("since", since)?,
                    until: date("until", until)?,
                    text,
                    article,
                    with_duplicates,
                    limit,
                };
                quotes(&db, &filter, &format)
            })()
        }
        Command::Actors { db, code, with_duplicates, limit } => actors(&db, code.as_deref(), with_duplicates, limit),
        Command::Stats { filter, by, limit } => stats(&filter, by.as_deref(), limit),
        Command::Tracker { db, dyad, since, until, format } => {
            tracker(&db, dyad.as_deref(), since.as_deref(), until.as_deref(), &format)
        }
        Command::Serve { db, addr, token, dicts, no_builtin, readers } => {
            serve(db, addr, token, &dicts, no_builtin, readers)
        }
    };
    match result {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("detente: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn validate(path: &std::path::Path, dirs: &[PathBuf], builtin: bool, verbose: bool) -> anyhow::Result<ExitCode> {
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
    let dicts = if builtin { run::builtin_with(dirs)? } else { run::load_dictionaries(&suite, dirs)? };
    let interaction = if builtin { None } else { run::load_interaction(&suite, dirs)? };
    let report = run::run_with(&suite, dicts, interaction);
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
    let (found, expected) = report.codings_found();
    println!("{found} of {expected} expected codings found");
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

/// A coder on what [`load_dicts`] reads; on the built-ins alone, their form compiled at build
/// time, which starts faster (issue 3).
fn load_coder(paths: &[PathBuf], no_builtin: bool) -> anyhow::Result<detente::coder::Coder> {
    if paths.is_empty() && !no_builtin {
        return Ok(detente::coder::Coder::builtin());
    }
    Ok(detente::coder::Coder::new(load_dicts(paths, no_builtin)?))
}

fn parse_date(text: &str) -> anyhow::Result<u32> {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    detente::dict::legacy::parse_date(&digits).map_err(|e| anyhow::anyhow!("--date {text}: {e}"))
}

fn code(
    paths: Vec<PathBuf>,
    example: bool,
    date: Option<String>,
    dict_paths: &[PathBuf],
    no_builtin: bool,
    pretty: bool,
) -> anyhow::Result<ExitCode> {
    // The input is read before the date and dictionaries are checked (as it always was), so
    // that a writer on standard input never meets a closed pipe.
    let parse_fixed = || date.as_deref().map(parse_date).transpose();
    if example {
        let fixed_date = parse_fixed()?;
        return code_texts(
            vec![Ok(Codable::plain("example/ceasefire.txt".into(), EXAMPLE.into()))],
            fixed_date.or(Some(20250313)),
            dict_paths,
            no_builtin,
            pretty,
        );
    }
    let paths = if paths.is_empty() { vec![PathBuf::from("-")] } else { paths };
    // One plain-text file (or standard input) keeps the strict single-article behaviour;
    // anything else goes through the ingest reader.
    if let [path] = paths.as_slice() {
        if path.as_os_str() == "-" || path.is_file() {
            let (name, bytes) = read_input(path)?;
            let plain = detente::ingest::reader::read_bytes(&name, &bytes);
            let text = if plain.is_none() { Some(strict_text(&name, bytes)?) } else { None };
            let fixed_date = parse_fixed()?;
            if let Some(items) = plain {
                return code_texts(
                    items.into_iter().map(codable).collect(),
                    fixed_date,
                    dict_paths,
                    no_builtin,
                    pretty,
                );
            }
            let text = text.unwrap_or_default();
            return code_texts(vec![Ok(Codable::plain(name, text))], fixed_date, dict_paths, no_builtin, pretty);
        }
    }
    let fixed_date = parse_fixed()?;
    let mut progress = Progress::new("code");
    let reader = detente::ingest::Reader::new(&paths);
    let items = reader.inspect(|item| progress.tick(item)).map(codable);
    let status = code_stream(items, fixed_date, dict_paths, no_builtin, pretty)?;
    progress.finish();
    Ok(status)
}

/// An article to code, with what the ingest reader knew about it.
struct Codable {
    article: Option<detente::ingest::IngestedArticle>,
    id: String,
    text: String,
}

impl Codable {
    fn plain(id: String, text: String) -> Codable {
        Codable { article: None, id, text }
    }
}

fn codable(item: detente::ingest::Item) -> Result<Codable, detente::ingest::IngestError> {
    let a = item?;
    Ok(Codable { id: a.source.clone(), text: a.text.clone(), article: Some(a) })
}

fn read_input(path: &std::path::Path) -> anyhow::Result<(String, Vec<u8>)> {
    use anyhow::Context;
    use std::io::Read;
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).context("reading standard input")?;
        Ok(("-".into(), buf))
    } else {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Ok((path.display().to_string(), bytes))
    }
}

fn strict_text(name: &str, bytes: Vec<u8>) -> anyhow::Result<String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!("{name}: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())
    })?;
    if text.bytes().any(|b| b == 0) {
        anyhow::bail!("{name}: binary content (NUL bytes), not text");
    }
    Ok(text)
}

fn code_texts(
    items: Vec<Result<Codable, detente::ingest::IngestError>>,
    fixed_date: Option<u32>,
    dict_paths: &[PathBuf],
    no_builtin: bool,
    pretty: bool,
) -> anyhow::Result<ExitCode> {
    code_stream(items.into_iter(), fixed_date, dict_paths, no_builtin, pretty)
}

/// Codes each article and prints its JSON document, one per line; errors, non-English
/// articles and duplicates are printed as documents that say why they were not coded.
fn code_stream(
    items: impl Iterator<Item = Result<Codable, detente::ingest::IngestError>>,
    fixed_date: Option<u32>,
    dict_paths: &[PathBuf],
    no_builtin: bool,
    pretty: bool,
) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let coder = load_coder(dict_paths, no_builtin)?;
    for w in &coder.dicts().dicts.warnings {
        eprintln!("warning: {w}");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for item in items {
        let doc = match item {
            Err(e) => serde_json::to_value(&e)?,
            Ok(c) => {
                let meta = c.article.as_ref();
                let date =
                    fixed_date.or_else(|| meta.and_then(|a| a.published.as_deref()).and_then(|d| parse_date(d).ok()));
                let mut article = detente::article::Article::new(c.text.clone(), date);
                article.id = Some(c.id.clone());
                let language = match meta {
                    Some(a) => a.language.clone(),
                    None => detente::ingest::lang::detect(&c.text, None).filter(|l| l.reliable).map(|l| l.code),
                };
                if let Some(lang) = language.as_deref().filter(|l| *l != "en") {
                    article.skipped = Some(format!("language {lang}, not English"));
                } else if let Some(first) = meta.and_then(|a| a.duplicate_of.as_deref()) {
                    article.skipped = Some(format!("duplicate of {first}"));
                } else {
                    coder.code(&mut article);
                }
                let mut doc = detente::output::article_json(&article);
                if let Some(a) = meta {
                    for (key, value) in [
                        ("title", &a.title),
                        ("published", &a.published),
                        ("author", &a.author),
                        ("url", &a.url),
                        ("site", &a.site),
                        ("language", &a.language),
                        ("duplicate_of", &a.duplicate_of),
                    ] {
                        if let Some(v) = value {
                            doc[key] = serde_json::json!(v);
                        }
                    }
                }
                doc
            }
        };
        let line = if pretty { serde_json::to_string_pretty(&doc)? } else { serde_json::to_string(&doc)? };
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Progress on standard error while reading many articles (only when it is a terminal), and a
/// one-line summary at the end.
struct Progress {
    command: &'static str,
    live: bool,
    start: std::time::Instant,
    last: std::time::Instant,
    articles: usize,
    errors: usize,
    duplicates: usize,
}

impl Progress {
    fn new(command: &'static str) -> Progress {
        use std::io::IsTerminal;
        let now = std::time::Instant::now();
        Progress {
            command,
            live: std::io::stderr().is_terminal(),
            start: now,
            last: now,
            articles: 0,
            errors: 0,
            duplicates: 0,
        }
    }

    fn tick(&mut self, item: &detente::ingest::Item) {
        match item {
            Ok(a) => {
                self.articles += 1;
                self.duplicates += usize::from(a.duplicate_of.is_some());
            }
            Err(_) => self.errors += 1,
        }
        if self.live && self.last.elapsed().as_millis() >= 250 {
            self.last = std::time::Instant::now();
            eprint!("\r{}", self.line());
        }
    }

    fn line(&self) -> String {
        let secs = self.start.elapsed().as_secs_f64();
        format!(
            "{} articles, {} errors, {} duplicates, {:.1} s, {:.0} articles/s",
            self.articles,
            self.errors,
            self.duplicates,
            secs,
            self.articles as f64 / secs.max(1e-6)
        )
    }

    fn finish(&self) {
        if self.live {
            eprint!("\r\x1b[K");
        }
        eprintln!("detente {}: {}", self.command, self.line());
    }
}

fn extract(paths: &[PathBuf], keep_duplicates: bool) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let mut reader = detente::ingest::Reader::new(paths);
    if keep_duplicates {
        reader = reader.without_dedup();
    }
    let mut progress = Progress::new("extract");
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for item in reader {
        progress.tick(&item);
        let line = match &item {
            Ok(a) => serde_json::to_string(a)?,
            Err(e) => serde_json::to_string(e)?,
        };
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    progress.finish();
    Ok(ExitCode::SUCCESS)
}

/// One line of `detente sentences`.
#[derive(serde::Serialize)]
struct SentenceOut<'a> {
    source: &'a str,
    text: &'a str,
    start: usize,
    end: usize,
}

fn sentences(paths: &[PathBuf], keep_duplicates: bool) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let mut progress = Progress::new("sentences");
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for item in detente::ingest::Reader::new(paths) {
        progress.tick(&item);
        let article = match item {
            Ok(a) => a,
            Err(e) => {
                writeln!(out, "{}", serde_json::to_string(&e)?)?;
                continue;
            }
        };
        if article.duplicate_of.is_some() && !keep_duplicates {
            continue;
        }
        let text = &article.text;
        // Byte offset → code-point offset, walking the text once.
        let mut chars = 0;
        let mut byte = 0;
        let mut to_chars = |target: usize| {
            chars += text[byte..target].chars().count();
            byte = target;
            chars
        };
        for span in detente::text::split_sentences(text) {
            let start = to_chars(span.start);
            let end = to_chars(span.end);
            let doc = SentenceOut { source: &article.source, text: span.slice(text), start, end };
            writeln!(out, "{}", serde_json::to_string(&doc)?)?;
        }
    }
    out.flush()?;
    progress.finish();
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
                eprintln!("{}: {}", p.display(), d.counts());
            }
            Err(e) => {
                println!("{e}");
                problems += 1;
            }
        }
    }
    Ok(if problems == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn bench_extract(dir: &std::path::Path, rounds: usize, verbose: bool) -> anyhow::Result<ExitCode> {
    let scores = detente::ingest::eval::run_benchmark_rounds(dir, rounds, |page| {
        let (html, _) = detente::ingest::charset::decode(page, None, true);
        detente::ingest::html::extract_text(&html)
    })
    .map_err(|e| anyhow::anyhow!(e))?;
    if verbose {
        for (id, p, r) in &scores.per_document {
            println!("{id} P={p:.3} R={r:.3}");
        }
    }
    let cpu = scores.pages_per_cpu_second().map_or(String::new(), |r| format!(", {r:.0} pages per CPU second"));
    println!(
        "{} pages: F1 {:.4} (precision {:.4}, recall {:.4}), accuracy {:.3}, {:.0} pages/s wall{cpu}",
        scores.documents,
        scores.f1,
        scores.precision,
        scores.recall,
        scores.accuracy,
        scores.pages_per_second()
    );
    Ok(ExitCode::SUCCESS)
}

fn ingest(
    paths: &[PathBuf],
    db: &str,
    dict_paths: &[PathBuf],
    no_builtin: bool,
    batch: usize,
) -> anyhow::Result<ExitCode> {
    use detente::store::{hash, Database, Outcome};
    let dicts = load_dicts(dict_paths, no_builtin)?;
    for w in &dicts.warnings {
        eprintln!("warning: {w}");
    }
    let version = hash::dict_version(&dicts);
    let coder = detente::coder::Coder::new(dicts);
    let mut database = Database::open(db)?;
    let mut writer = database.writer(&coder, version, batch);
    let start = std::time::Instant::now();
    let (mut read, mut stored, mut duplicates, mut uncoded, mut unchanged, mut bad, mut events) = (0, 0, 0, 0, 0, 0, 0);
    // The store links duplicates itself (across runs), so the reader's own linking is off.
    for item in detente::ingest::Reader::new(paths).without_dedup() {
        read += 1;
        match item {
            Err(e) => {
                bad += 1;
                eprintln!("detente ingest: {}: {}", e.source, e.message);
            }
            Ok(article) => match writer.ingest(&article) {
                Ok(Outcome::Stored { events: n, duplicate_of, skipped, .. }) => {
                    stored += 1;
                    events += n;
                    duplicates += usize::from(duplicate_of.is_some());
                    uncoded += usize::from(skipped.is_some());
                }
                Ok(Outcome::Unchanged { .. }) => unchanged += 1,
                Err(reason) => {
                    bad += 1;
                    eprintln!("detente ingest: {}: {reason}", article.url.as_deref().unwrap_or(&article.source));
                }
            },
        }
    }
    writer.commit()?;
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "detente ingest: {read} documents, {stored} stored ({duplicates} duplicates, {uncoded} not coded), \
         {unchanged} unchanged, {bad} bad, {events} events, {secs:.1} s, {:.0} articles/s",
        read as f64 / secs.max(1e-6)
    );
    Ok(ExitCode::SUCCESS)
}

fn recode(db: &str, dict_paths: &[PathBuf], no_builtin: bool, all: bool) -> anyhow::Result<ExitCode> {
    use detente::store::{hash, Database};
    let mut database = Database::open_existing(db)?;
    let dicts = load_dicts(dict_paths, no_builtin)?;
    let version = hash::dict_version(&dicts);
    let coder = detente::coder::Coder::new(dicts);
    let mut writer = database.writer(&coder, version.clone(), 256);
    let start = std::time::Instant::now();
    let (articles, events) = writer.recode(all).map_err(|e| anyhow::anyhow!(e))?;
    eprintln!(
        "detente recode: {articles} articles re-coded with dictionary version {version}, {events} events, {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn events(
    args: &FilterArgs,
    format: &str,
    limit: Option<usize>,
    output: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    use detente::store::export::{Exporter, Format};
    use std::io::Write;
    if format == "parquet" {
        return export_parquet(args, output);
    }
    let format: Format = format.parse().map_err(|e: String| anyhow::anyhow!("--format: {e}"))?;
    let mut filter = args.filter()?;
    filter.limit = limit;
    let mut store = args.open()?;
    let out = output_file(output)?;
    let mut exporter = Exporter::new(std::io::BufWriter::new(out), format);
    store.for_each_event(&filter, |e| Ok(exporter.write(&e)?))?;
    exporter.out.flush()?;
    if exporter.left_out > 0 {
        eprintln!("detente: {} events without a PLOVER type left out", exporter.left_out);
    }
    Ok(ExitCode::SUCCESS)
}

/// The export's destination: the file named by `-o`, else standard output.
fn output_file(output: Option<&std::path::Path>) -> anyhow::Result<Box<dyn std::io::Write + Send>> {
    Ok(match output {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?),
        None => Box::new(std::io::stdout()),
    })
}

#[cfg(feature = "parquet")]
fn export_parquet(args: &FilterArgs, output: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let filter = args.filter()?;
    let mut store = args.open()?;
    let mut exporter = detente::store::parquet::ParquetExporter::new(std::io::BufWriter::new(output_file(output)?))?;
    store.for_each_event(&filter, |e| Ok(exporter.write(e)?))?;
    let written = exporter.finish()?;
    eprintln!("detente: {written} events written as Parquet");
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "parquet"))]
fn export_parquet(_: &FilterArgs, _: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("--format parquet: this detente was built without Parquet; build it with `cargo build --release --features parquet`")
}

fn quotes(db: &str, filter: &detente::store::QuoteFilter, format: &str) -> anyhow::Result<ExitCode> {
    use detente::store::export::{Format, QuoteWriter};
    use std::io::Write;
    let format: Format = format.parse().map_err(|e: String| anyhow::anyhow!("--format: {e}"))?;
    let mut store = detente::store::Database::open_existing(db)?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut writer = QuoteWriter::new(out, format).map_err(|e| anyhow::anyhow!("--format: {e}"))?;
    store.for_each_quote(filter, |q| Ok(writer.write(&q)?))?;
    writer.out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn actors(db: &str, code: Option<&str>, with_duplicates: bool, limit: usize) -> anyhow::Result<ExitCode> {
    let mut store = detente::store::Database::open_existing(db)?;
    println!("{:<14}  {:>8}  {:>8}  name", "code", "mentions", "articles");
    for (code, name, mentions, articles) in store.actors(code, with_duplicates, limit)? {
        println!("{code:<14}  {mentions:>8}  {articles:>8}  {name}");
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(args: &FilterArgs, by: Option<&str>, limit: usize) -> anyhow::Result<ExitCode> {
    let filter = args.filter()?;
    let mut store = args.open()?;
    let groups: Vec<&str> = match by {
        None => vec!["day", "root", "dyad"],
        Some(b @ ("day" | "root" | "dyad")) => vec![b],
        Some(b) => anyhow::bail!("--by {b}: expected day, root or dyad"),
    };
    let (articles, duplicates, uncoded, events, originals) = store.totals()?;
    println!(
        "articles {articles} ({duplicates} duplicates, {uncoded} not coded); events {events} ({originals} without duplicates); selected {}",
        store.count_events(&filter)?
    );
    let ontology = detente::ontology::Ontology::builtin();
    for by in groups {
        println!("\n{by}\tevents");
        for (key, n) in store.counts(&filter, by, limit)? {
            let name = if by == "root" { ontology.event(&key).map(|t| t.name.as_str()).unwrap_or("") } else { "" };
            if name.is_empty() {
                println!("{key}\t{n}");
            } else {
                println!("{key}\t{n}\t{name}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `detente tracker`: every event of the window is read, since a mediator's events are not
/// between the two sides; `--dyad` then selects tracks, not events.
fn tracker(
    db: &str,
    dyad: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
    format: &str,
) -> anyhow::Result<ExitCode> {
    use detente::store::query::parse_date;
    use std::io::Write;
    if !matches!(format, "table" | "jsonl") {
        anyhow::bail!("--format {format}: expected table or jsonl");
    }
    let sides = match dyad {
        None => None,
        Some(d) => match d.split_once('-') {
            Some((a, b)) if a.len() == 3 && b.len() == 3 => Some((a, b)),
            _ => anyhow::bail!("--dyad {d}: expected two country codes joined by '-', e.g. RUS-UKR"),
        },
    };
    let date = |flag: &str, v: Option<&str>| -> anyhow::Result<Option<u32>> {
        v.map(|d| parse_date(d).ok_or_else(|| anyhow::anyhow!("--{flag} {d}: not a date (YYYY-MM-DD)"))).transpose()
    };
    let filter = detente::store::EventFilter {
        since: date("since", since)?,
        until: date("until", until)?,
        ..Default::default()
    };
    let mut store = detente::store::Database::open_existing(db)?;
    let mut events = Vec::new();
    store.for_each_event(&filter, |e| {
        events.push(e);
        Ok(())
    })?;
    let tracks = detente::tracker::tracks(&events);
    let selected = tracks.iter().filter(|t| sides.is_none_or(|(a, b)| t.between(a, b)));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for t in selected {
        if format == "jsonl" {
            serde_json::to_writer(&mut out, t)?;
            writeln!(out)?;
            continue;
        }
        let mediators: Vec<&str> = t.mediators.iter().map(|m| m.code.as_str()).collect();
        writeln!(
            out,
            "{}  {} - {}  {}  {} .. {}{}",
            t.id,
            t.dyad[0].name,
            t.dyad[1].name,
            t.status.as_str().to_uppercase(),
            t.first_date,
            t.last_date,
            if mediators.is_empty() { String::new() } else { format!("  mediators: {}", mediators.join(", ")) }
        )?;
        for s in &t.steps {
            let kind = serde_json::to_value(s.kind)?;
            writeln!(
                out,
                "  {}  {:<12} {:>8} -> {:<8} {:<5} {:<12} {:<8} {:<20} events {}",
                s.date,
                kind.as_str().unwrap_or(""),
                s.source,
                s.target,
                s.code,
                s.modality,
                if s.done { "" } else { "not done" },
                s.status.as_str(),
                s.events.iter().map(|id| id.to_string()).collect::<Vec<_>>().join(",")
            )?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn serve(
    db: PathBuf,
    addr: std::net::SocketAddr,
    token: Option<String>,
    dict_paths: &[PathBuf],
    no_builtin: bool,
    readers: usize,
) -> anyhow::Result<ExitCode> {
    let token = token.or_else(|| std::env::var("DETENTE_TOKEN").ok()).filter(|t| !t.is_empty());
    // Dictionaries are only needed to code posted articles.
    let dicts = if token.is_some() { Some(load_dicts(dict_paths, no_builtin)?) } else { None };
    detente::serve::run(detente::serve::Config { db, addr, token, dicts, readers })?;
    Ok(ExitCode::SUCCESS)
}
