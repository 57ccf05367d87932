//! `mcprisk index [PATH...] [--stdio CMD] [--url URL] [--config FILE] [--servers FILE]
//! [--registry [URL]] [--server NAME] [--json]`: add manifests and live servers to the catalog.

use super::Context;
use super::crawl_args::CrawlArgs;
use super::progress::{self, Progress};
use crate::catalog::{FeedEvent, ServerOutcome, Source};
use crate::crawl;
use crate::report::plural;
use crate::sanitize;
use anyhow::Context as _;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files or directories (searched for .json, .jsonl and .ndjson); `-` reads
    /// standard input.
    #[arg(value_name = "PATH|-")]
    pub paths: Vec<PathBuf>,

    /// Name of the server in a single-server file (default: the file stem, or the name a
    /// snapshot carries).
    #[arg(long, value_name = "NAME")]
    pub server: Option<String>,

    /// Print one JSON object per server and a summary object, instead of text.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub crawl: CrawlArgs,
}

/// Totals over a run.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    pub failed_files: usize,
    /// Distinct servers (a server's later runs merge into its first).
    pub servers: usize,
    pub failed_servers: usize,
    pub tools: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub skipped_tools: usize,
}

impl Summary {
    /// Adds one server's outcome and prints its line.
    pub fn record(&mut self, o: &ServerOutcome, json: bool) {
        if !o.merged {
            self.servers += 1;
        }
        self.tools += o.tools;
        self.added += o.added;
        self.changed += o.changed;
        self.unchanged += o.unchanged;
        // A tool removed by an earlier run of the same server and brought back by this one
        // was not removed after all.
        self.removed = (self.removed + o.removed).saturating_sub(o.restored);
        self.skipped_tools += o.issues.len();
        for issue in &o.issues {
            eprintln!("warning: skipped tool: {issue}");
        }
        // The report lines are for the reader; when the reader has gone (`| head`), the ingest
        // still finishes, so a failed write of a line is dropped, not raised.
        if json {
            let _ = outln!(
                "{}",
                sanitize::json(serde_json::to_string(o).expect("outcome serialises"))
            );
        } else {
            let mut parts = Vec::new();
            for (n, what) in [
                (o.added, "added"),
                (o.changed, "changed"),
                (o.removed, "removed"),
                (o.restored, "restored"),
            ] {
                if n > 0 {
                    parts.push(format!("{n} {what}"));
                }
            }
            if parts.is_empty() {
                parts.push("unchanged".into());
            }
            let _ = outln!(
                "{}: {}{} ({})",
                sanitize::line(&o.server),
                plural(o.tools as u64, "tool", "tools"),
                if o.merged { ", merged" } else { "" },
                parts.join(", ")
            );
        }
    }

    /// Counts and reports one event of the ingest.
    pub fn handle(&mut self, event: FeedEvent, json: bool) {
        match event {
            FeedEvent::Stored(outcome) => self.record(&outcome, json),
            FeedEvent::ServerFailed {
                input,
                server,
                error,
            } => {
                // One server that cannot be stored never stops the others.
                self.failed_servers += 1;
                let input = input.map_or_else(String::new, |i| format!("{}: ", sanitize::line(&i)));
                eprintln!(
                    "error: {input}server {}: {}",
                    sanitize::line(&server),
                    sanitize::line(&error.to_string())
                );
            }
            FeedEvent::InputRead { skipped, .. } => {
                self.files += 1;
                self.skipped_tools += skipped.len();
                for issue in skipped {
                    eprintln!("warning: skipped line: {issue}");
                }
            }
            FeedEvent::InputFailed { error } => {
                self.files += 1;
                self.failed_files += 1;
                eprintln!("error: {}", sanitize::line(&error.to_string()));
            }
            // The crawl's failure was shown with the crawl; the server's last good snapshot
            // stays in the catalog.
            FeedEvent::CrawlFailed { .. } => self.failed_servers += 1,
            FeedEvent::CrawlNotLogged { server, error } => eprintln!(
                "warning: server {}: the crawl could not be logged: {}",
                sanitize::line(&server),
                sanitize::line(&error.to_string())
            ),
        }
    }

    /// Prints the closing line; like `record`'s lines, it is dropped if the reader has gone.
    pub fn print(&self, json: bool) {
        if json {
            let _ = outln!("{}", serde_json::json!({ "summary": self }));
            return;
        }
        let from = if self.files > 0 {
            format!(" from {}", plural(self.files as u64, "input", "inputs"))
        } else {
            String::new()
        };
        let mut line = format!(
            "Indexed {} with {}{from}: {} added, {} changed, {} removed, {} unchanged",
            plural(self.servers as u64, "server", "servers"),
            plural(self.tools as u64, "tool", "tools"),
            self.added,
            self.changed,
            self.removed,
            self.unchanged
        );
        if self.skipped_tools > 0 {
            line.push_str(&format!(
                "; {} skipped",
                plural(self.skipped_tools as u64, "tool", "tools")
            ));
        }
        if self.failed_files > 0 {
            line.push_str(&format!(
                "; {} failed",
                plural(self.failed_files as u64, "input", "inputs")
            ));
        }
        if self.failed_servers > 0 {
            line.push_str(&format!(
                "; {} failed",
                plural(self.failed_servers as u64, "server", "servers")
            ));
        }
        let _ = outln!("{line}");
    }

    pub fn exit_code(&self) -> ExitCode {
        if self.failed_files + self.failed_servers > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    if args.paths.is_empty() && !args.crawl.any() {
        anyhow::bail!(
            "nothing to index: give manifest paths, or servers with --stdio, --url, --config, --servers or --registry"
        );
    }
    // Crawl first (the crawl needs no catalog), then ingest everything in one session, so that
    // a run's index commit covers manifests and live servers alike.
    let reports = if args.crawl.any() {
        crawl_servers(&args)?
    } else {
        Vec::new()
    };

    let mut catalog = ctx.catalog()?;
    let mut summary = Summary::default();
    let mut ingest = catalog.ingest()?;
    ingest.set_limits(args.crawl.options().tool_limits);
    let sources = (args.paths.iter().cloned().map(Source::Path))
        .chain(reports.into_iter().map(|r| Source::Crawled(Box::new(r))))
        .collect();
    ingest.feed(sources, args.server.as_deref(), |event| {
        summary.handle(event, args.json)
    })?;
    ingest.finish()?;
    summary.print(args.json);
    Ok(summary.exit_code())
}

/// Crawls the servers named by the crawl flags, with progress on stderr.
fn crawl_servers(args: &Args) -> anyhow::Result<Vec<crawl::CrawlReport>> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let resolved = rt.block_on(args.crawl.resolve())?;
    for s in &resolved.skipped {
        eprintln!("{}", sanitize::line(&s.to_string()));
    }
    if resolved.targets.is_empty() {
        return Ok(Vec::new());
    }
    let opts = args.crawl.options_for(&resolved.targets)?;
    crawl::reaper::enable();
    let progress = Arc::new(Progress::new(resolved.targets.len(), args.json));
    let p = progress.clone();
    let reports = rt.block_on(crawl::crawl_many(resolved.targets, &opts, move |ev| {
        p.handle(ev)
    }));
    progress.finish();
    if !args.json {
        eprint!("{}", progress::summary_table(&reports));
    }
    Ok(reports)
}
