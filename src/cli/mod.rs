//! The command line: argument parsing and one module per command. The library does the work;
//! this layer turns it into terminal output and exit codes.

/// `print!` that returns the write's error instead of panicking. Every command prints through
/// these (or a locked `stdout` and `write!`), so a reader that goes away early
/// (`mcprisk search … | head`) ends the command quietly through `main`'s broken-pipe arm; the
/// standard macros would panic there and exit 101.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)
    }};
}

/// `println!` that returns the write's error instead of panicking; see `out!`.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod classify;
mod crawl;
pub mod crawl_args;
mod eval;
mod export;
mod history;
mod hook;
mod index;
mod lock;
mod policy;
pub mod progress;
mod reclassify;
mod reindex;
mod resolve;
pub mod sandbox_args;
mod scan;
mod search;
mod serve;
mod show;
mod site;
mod stats;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Index MCP servers' tools, classify what each tool can do (Read / Write / Execute /
/// Destructive / Financial, with a risk level and reasons), search the catalog and generate
/// gateway policy.
#[derive(Debug, Parser)]
#[command(name = "mcprisk", version, max_term_width = 100)]
pub struct Cli {
    /// Catalog directory (SQLite catalog and search index). Default: the platform data
    /// directory, e.g. ~/.local/share/mcprisk.
    #[arg(long, global = true, env = "MCPRISK_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Directory of rule files that replace the built-in ones of the same name.
    #[arg(long, global = true, env = "MCPRISK_RULES", value_name = "DIR")]
    pub rules: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Classify manifests without a catalog (for CI pipelines and quick checks).
    Classify(classify::Args),
    /// Measure the classifier against author annotations, hand labels and expected signals.
    Eval(eval::Args),
    /// Crawl live MCP servers and write their tool listings as snapshots (or a JSON report),
    /// without a catalog.
    Crawl(Box<crawl::Args>),
    /// Add manifests (files, directories, `-`) and live servers (--stdio, --url, --config,
    /// --servers, --registry) to the catalog.
    Index(Box<index::Args>),
    /// Check servers for CI: findings as text, JSON or SARIF, and an exit code (0 clean, 1
    /// a finding at or above --fail-on, 2 an input that could not be read). No catalog.
    Scan(Box<scan::Args>),
    /// How a server's tools changed over successive index runs, field by field.
    History(history::Args),
    /// Pin the servers' identity, instructions and tools (hash, classification, description,
    /// parameters, annotations) in a lockfile for `verify`.
    Lock(Box<lock::LockArgs>),
    /// Compare servers with a lockfile, field by field; exit 0 (no drift), 1 (drift) or 2.
    Verify(Box<lock::VerifyArgs>),
    /// Search the catalog by words, category, risk, signal or server.
    Search(search::Args),
    /// Everything the catalog knows about a server or one of its tools.
    Show(show::Args),
    /// The recommended policy for a server, a tool or a client config, in the dialect of a
    /// gateway or client (policylayer, claude-code, codex, cedar, agentgateway, intercept).
    Policy(policy::Args),
    /// Serve the catalog as an MCP server (stdio, or Streamable HTTP with --http).
    Serve(serve::Args),
    /// Write the catalog as a static HTML site (search, a page per server and per tool).
    Site(site::Args),
    /// Claude Code's PreToolUse hook: allow, ask or deny each MCP call from the catalog.
    Hook(hook::Args),
    /// Write server snapshots that `mcprisk index` reads back.
    Export(export::Args),
    /// Catalog counts, rules version, index status and paths.
    Stats(stats::Args),
    /// Rebuild the search index from the catalog database.
    Reindex(reindex::Args),
    /// Reclassify tools whose classification came from other rules.
    Reclassify(reclassify::Args),
}

/// Parses the command line, runs the command and maps errors to an exit code: 0 on success,
/// 1 when the command ran but found problems (e.g. a server failed), 2 on errors.
pub fn main() -> ExitCode {
    let cli = parse();
    match run(cli) {
        Ok(code) => code,
        // A closed pipe (`mcprisk search … | head`) is the reader's choice, not an error.
        Err(err)
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || e.downcast_ref::<serde_json::Error>()
                        .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}", crate::sanitize::block(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}

/// Parses the command line. `--version` names the built-in rules beside the program: their
/// version is the hash of the rule files that every classification stores, so it says which
/// classifications a binary gives. Hashing the files costs a little, so it is done only when
/// the version is asked for.
fn parse() -> Cli {
    let mut cmd = Cli::command();
    if std::env::args_os().any(|a| a == "--version" || a == "-V") {
        let version = format!(
            "{} (rules {})",
            env!("CARGO_PKG_VERSION"),
            crate::classify::rules::RuleFiles::embedded().version()
        );
        cmd = cmd.version(&*Box::leak(version.into_boxed_str()));
    }
    Cli::from_arg_matches(&cmd.get_matches()).unwrap_or_else(|e| e.exit())
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let ctx = Context {
        home: cli.home,
        rules: cli.rules,
    };
    match cli.command {
        Command::Classify(args) => classify::run(&ctx, args),
        Command::Eval(args) => eval::run(&ctx, args),
        Command::Crawl(args) => crawl::run(&ctx, *args),
        Command::Index(args) => index::run(&ctx, *args),
        Command::Scan(args) => scan::run(&ctx, *args),
        Command::History(args) => history::run(&ctx, args),
        Command::Lock(args) => lock::run_lock(&ctx, *args),
        Command::Verify(args) => lock::run_verify(&ctx, *args),
        Command::Search(args) => search::run(&ctx, args),
        Command::Show(args) => show::run(&ctx, args),
        Command::Policy(args) => policy::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Site(args) => site::run(&ctx, args),
        Command::Hook(args) => hook::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Stats(args) => stats::run(&ctx, args),
        Command::Reindex(args) => reindex::run(&ctx, args),
        Command::Reclassify(args) => reclassify::run(&ctx, args),
    }
}

/// Global options every command may need.
pub struct Context {
    pub home: Option<PathBuf>,
    pub rules: Option<PathBuf>,
}

impl Context {
    /// The rules: built in, with `--rules DIR` overrides; compiled when first needed.
    pub fn rules(&self) -> crate::Result<crate::catalog::Rules> {
        crate::catalog::Rules::load(self.rules.as_deref())
    }

    /// The compiled classifier of [`Context::rules`].
    pub fn classifier(&self) -> crate::Result<crate::classify::Classifier> {
        self.rules()?.into_classifier()
    }

    /// The catalog directory (`--home`, `MCPRISK_HOME`, or the platform default).
    pub fn home(&self) -> crate::Result<crate::home::Home> {
        crate::home::Home::resolve(self.home.as_deref())
    }

    /// Opens the catalog, bringing classifications and the search index up to date first, and
    /// says on stderr when that took work.
    pub fn catalog(&self) -> anyhow::Result<crate::catalog::Catalog> {
        let catalog = crate::catalog::Catalog::open(self.home()?, self.rules()?)?;
        let opened = catalog.opened();
        if opened.reclassified > 0 {
            eprintln!(
                "note: reclassified {} (the rules changed)",
                crate::report::plural(opened.reclassified as u64, "tool", "tools")
            );
        }
        if opened.rebuilt && opened.reindexed > 0 {
            eprintln!(
                "note: rebuilt the search index ({})",
                crate::report::plural(opened.reindexed as u64, "tool", "tools")
            );
        }
        Ok(catalog)
    }
}
