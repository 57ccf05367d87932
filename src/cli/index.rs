//! `mcprisk index [PATH...] [--stdio CMD] [--url URL] [--config FILE] [--servers FILE]
//! [--registry [URL]] [--server NAME] [--json]`: add manifests and live servers to the catalog.

use super::Context;
use crate::crawl::{self, progress::Progress};
use crate::manifest::ToolIssue;
use crate::manifest::formats::{self, Input};
use crate::pipeline::{Ingest, Prepared, ServerOutcome};
use crate::report::plural;
use crate::sanitize;
use crate::sources::cli_args::CrawlArgs;
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

/// What the reading thread hands the writing thread.
enum Read {
    Server(String, Prepared),
    /// An input is done: the lines it skipped, or why it could not be read.
    Done(Result<Vec<ToolIssue>, crate::Error>),
}

/// Reads every input into `ingest`, reporting per-file and per-server failures and going on.
///
/// Two threads: one reads, parses and classifies (a [`crate::pipeline::Preparer`]), the other
/// writes SQLite and the search index, in file order. A bounded queue between them keeps
/// memory to a few servers however large the input.
pub fn ingest_paths(ingest: &mut Ingest<'_>, args: &Args, summary: &mut Summary) {
    let mut inputs = Vec::new();
    for p in &args.paths {
        match Input::from_arg(p) {
            Input::Stdin => inputs.push(Input::Stdin),
            Input::Path(p) => match formats::expand_paths(std::slice::from_ref(&p)) {
                Ok(found) => inputs.extend(found.into_iter().map(Input::Path)),
                Err(e) => {
                    summary.files += 1;
                    summary.failed_files += 1;
                    eprintln!("error: {}", sanitize::line(&e.to_string()));
                }
            },
        }
    }
    if inputs.is_empty() {
        return;
    }
    let preparer = match ingest.preparer() {
        Ok(p) => p,
        Err(e) => {
            summary.files += inputs.len();
            summary.failed_files += inputs.len();
            eprintln!("error: {}", sanitize::line(&e.to_string()));
            return;
        }
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Read>(QUEUE);
    std::thread::scope(|scope| {
        let server_name = args.server.as_deref();
        let inputs = &inputs;
        scope.spawn(move || {
            for input in inputs {
                let display = input.display();
                let read = formats::read_input(input, server_name, |raw| {
                    let prepared = preparer.prepare(raw, true);
                    tx.send(Read::Server(display.clone(), prepared))
                        .map_err(|_| crate::Error::Busy {
                            path: display.clone(),
                        })
                });
                if tx.send(Read::Done(read)).is_err() {
                    return;
                }
            }
        });
        for msg in rx {
            match msg {
                Read::Server(input, prepared) => {
                    let name = prepared.server().to_string();
                    match ingest.ingest_prepared(prepared) {
                        Ok(outcome) => summary.record(&outcome, args.json),
                        Err(e) => {
                            // One server that cannot be stored never stops the others.
                            summary.failed_servers += 1;
                            eprintln!(
                                "error: {}: server {}: {}",
                                sanitize::line(&input),
                                sanitize::line(&name),
                                sanitize::line(&e.to_string())
                            );
                        }
                    }
                }
                Read::Done(read) => {
                    summary.files += 1;
                    match read {
                        Ok(issues) => {
                            summary.skipped_tools += issues.len();
                            for issue in issues {
                                eprintln!("warning: skipped line: {issue}");
                            }
                        }
                        Err(e) => {
                            summary.failed_files += 1;
                            eprintln!("error: {}", sanitize::line(&e.to_string()));
                        }
                    }
                }
            }
        }
    });
}

/// Servers queued between the reading and the writing thread.
const QUEUE: usize = 16;

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
    ingest_paths(&mut ingest, &args, &mut summary);
    for mut report in reports {
        let log = serde_json::to_value(&report).expect("crawl reports serialise");
        if let Err(e) = ingest.record_crawl(&report.name, report.ok(), &log) {
            eprintln!(
                "warning: server {}: the crawl could not be logged: {}",
                sanitize::line(&report.name),
                sanitize::line(&e.to_string())
            );
        }
        let Some(raw) = report.server.take() else {
            // A failed crawl leaves the server's last good snapshot in the catalog untouched.
            summary.failed_servers += 1;
            continue;
        };
        let name = raw.info.name.clone();
        let result = if report.truncated {
            ingest.ingest_partial(raw)
        } else {
            ingest.ingest(raw)
        };
        match result {
            Ok(outcome) => summary.record(&outcome, args.json),
            Err(e) => {
                summary.failed_servers += 1;
                eprintln!(
                    "error: server {}: {}",
                    sanitize::line(&name),
                    sanitize::line(&e.to_string())
                );
            }
        }
    }
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
        eprint!("{}", crawl::progress::summary_table(&reports));
    }
    Ok(reports)
}
