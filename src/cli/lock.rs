//! `mcprisk lock [SOURCES] [--out mcprisk.lock]` pins the servers as they are;
//! `mcprisk verify --lock FILE [SOURCES] [--format text|json|sarif]` reports what changed since,
//! field by field, and exits 0 (no drift), 1 (drift) or 2 (an input could not be read).

use super::Context;
use super::crawl_args::CrawlArgs;
use super::scan::{Format, exit_code, read_servers, write_file};
use crate::lock::Lockfile;
use crate::lock::diff::{CHANGES, Drift, diff};
use crate::report::plural;
use crate::sanitize;
use crate::scan::findings::{Finding, Location, Subject};
use crate::scan::gather::Gathered;
use crate::scan::locate::Locator;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct LockArgs {
    /// Manifest files or directories; `-` reads standard input.
    #[arg(value_name = "PATH|-")]
    pub paths: Vec<PathBuf>,

    /// Name of the server in a single-server file.
    #[arg(long, value_name = "NAME")]
    pub server: Option<String>,

    /// Where to write the lockfile.
    #[arg(long, value_name = "FILE", default_value = "mcprisk.lock")]
    pub out: PathBuf,

    #[command(flatten)]
    pub crawl: CrawlArgs,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Manifest files or directories; `-` reads standard input.
    #[arg(value_name = "PATH|-")]
    pub paths: Vec<PathBuf>,

    /// The lockfile to compare with.
    #[arg(long, value_name = "FILE", default_value = "mcprisk.lock")]
    pub lock: PathBuf,

    /// Name of the server in a single-server file.
    #[arg(long, value_name = "NAME")]
    pub server: Option<String>,

    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,

    /// Write the report to FILE instead of standard output (a summary line is still printed).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Compare only the servers given: locked servers that were not given are not reported as
    /// removed (for a lockfile shared by several configs).
    #[arg(long)]
    pub partial: bool,

    #[command(flatten)]
    pub crawl: CrawlArgs,
}

fn read(
    ctx: &Context,
    paths: &[PathBuf],
    server: Option<&str>,
    crawl: &CrawlArgs,
) -> anyhow::Result<Gathered> {
    if paths.is_empty() && !crawl.any() {
        anyhow::bail!(
            "no servers: give manifest paths, or servers with --stdio, --url, --config, --servers or --registry"
        );
    }
    read_servers(&ctx.classifier()?, paths, server, crawl)
}

pub fn run_lock(ctx: &Context, args: LockArgs) -> anyhow::Result<ExitCode> {
    let g = read(ctx, &args.paths, args.server.as_deref(), &args.crawl)?;
    if !g.problems.is_empty() {
        eprintln!(
            "error: {} not written: a lockfile of part of the servers would pass what it never saw",
            sanitize::line(&args.out.display().to_string())
        );
        return Ok(ExitCode::from(2));
    }
    let lock = Lockfile::of(&g.servers);
    write_file(&args.out, &lock.to_toml())?;
    let tools: usize = lock.servers.values().map(|s| s.tools.len()).sum();
    outln!(
        "Locked {} with {} in {}",
        plural(lock.servers.len() as u64, "server", "servers"),
        plural(tools as u64, "tool", "tools"),
        sanitize::line(&args.out.display().to_string())
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_verify(ctx: &Context, args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let locked = Lockfile::load(&args.lock)?;
    let g = read(ctx, &args.paths, args.server.as_deref(), &args.crawl)?;
    let live = Lockfile::of(&g.servers);
    let drifts = diff(&locked, &live, args.partial);
    let summary = format!(
        "Verified {} against {}: {}",
        plural(live.servers.len() as u64, "server", "servers"),
        args.lock.display(),
        if drifts.is_empty() {
            "no drift".to_string()
        } else {
            plural(drifts.len() as u64, "change", "changes")
        }
    );
    let body = match args.format {
        Format::Text => text(&drifts, &summary),
        Format::Json => {
            sanitize::pretty_json(&serde_json::json!({
                "lock": args.lock.display().to_string(),
                "drift": drifts,
                "problems": g.problems.iter().map(|p| &p.0).collect::<Vec<_>>(),
            }))? + "\n"
        }
        Format::Sarif => {
            let findings = as_findings(&drifts, &g, &args.lock);
            sanitize::pretty_json(&crate::report::sarif::log_with(CHANGES, &findings))? + "\n"
        }
    };
    match &args.out {
        Some(path) => {
            write_file(path, &body)?;
            outln!("{}", sanitize::line(&summary))?;
        }
        None => out!("{body}")?,
    }
    Ok(exit_code(!g.problems.is_empty(), !drifts.is_empty()))
}

fn text(drifts: &[Drift], summary: &str) -> String {
    let mut out = String::new();
    for d in drifts {
        let subject = match &d.tool {
            Some(t) => format!("{}/{t}", d.server),
            None => format!("server {}", d.server),
        };
        out.push_str(&format!(
            "{}: {}: {}\n",
            sanitize::truncate(&subject, 80),
            d.change,
            sanitize::truncate(&d.detail, 400)
        ));
    }
    out.push_str(&sanitize::line(summary));
    out.push('\n');
    out
}

/// Drift as findings for SARIF, each located where its server is declared, or (a server or
/// tool no longer there) in the lockfile.
fn as_findings(drifts: &[Drift], g: &Gathered, lock: &Path) -> Vec<Finding> {
    let mut locator = Locator::default();
    let lock_text = std::fs::read_to_string(lock).unwrap_or_default();
    drifts
        .iter()
        .map(|d| {
            let subject = match (&d.tool, d.change) {
                (Some(_), _) => Subject::Tool,
                (None, "instructions_changed") => Subject::Instructions,
                (None, _) => Subject::Config,
            };
            let what = match &d.tool {
                Some(t) => format!("Tool {t} of server {}", d.server),
                None => format!("Server {}", d.server),
            };
            let mut f = Finding::new(
                d.change,
                d.severity,
                &d.server,
                d.tool.as_deref(),
                subject,
                format!("{what}: {}: {}", d.change.replace('_', " "), d.detail),
                d.detail.clone(),
            );
            let live = g.servers.iter().find(|s| s.manifest.info.name == d.server);
            match live {
                Some(s) if !matches!(d.change, "tool_removed") => {
                    locator.place(&mut f, s, d.tool.as_deref())
                }
                _ => {
                    f.location = Some(Location {
                        file: lock.display().to_string(),
                        line: lock_line(&lock_text, &d.server).or(Some(1)),
                    })
                }
            }
            f
        })
        .collect()
}

/// The line of the server's table in a lockfile.
fn lock_line(text: &str, server: &str) -> Option<usize> {
    let quoted = serde_json::to_string(server).expect("strings serialise");
    text.lines()
        .position(|l| l == format!("[servers.{server}]") || l == format!("[servers.{quoted}]"))
        .map(|i| i + 1)
}
