//! The command line: argument parsing and one module per command. The library does the work;
//! this layer turns it into terminal output and exit codes.

mod classify;
mod eval;
mod crawl;

use clap::{Parser, Subcommand};
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
}

/// Parses the command line, runs the command and maps errors to an exit code: 0 on success,
/// 1 when the command ran but found problems (e.g. a server failed), 2 on errors.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", crate::sanitize::block(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let ctx = Context { home: cli.home, rules: cli.rules };
    match cli.command {
        Command::Classify(args) => classify::run(&ctx, args),
        Command::Eval(args) => eval::run(&ctx, args),
        Command::Crawl(args) => crawl::run(&ctx, *args),
    }
}

/// Global options every command may need.
pub struct Context {
    pub home: Option<PathBuf>,
    pub rules: Option<PathBuf>,
}

impl Context {
    /// The classifier: built-in rules, with `--rules DIR` overrides.
    pub fn classifier(&self) -> crate::Result<crate::classify::Classifier> {
        match &self.rules {
            Some(dir) => crate::classify::Classifier::with_overrides(dir),
            None => crate::classify::Classifier::embedded(),
        }
    }
}
