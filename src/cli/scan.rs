//! `mcprisk scan [PATH...] [--stdio …] [--url …] [--config FILE|auto] [--servers FILE]
//! [--format text|json|sarif] [--out FILE] [--fail-on LEVEL] [--baseline [FILE]]`: the CI
//! check. No catalog: reads the servers, classifies them, reports findings and exits 0 when
//! none reaches `--fail-on`, 1 when one does, 2 when an input could not be read.

use super::Context;
use super::crawl_args::CrawlArgs;
use super::progress::Progress;
use crate::classify::Risk;
use crate::crawl;
use crate::report::plural;
use crate::sanitize;
use crate::scan::baseline::Baseline;
use crate::scan::findings::Finding;
use crate::scan::gather::{self, Crawled, Gathered};
use crate::scan::{self as checks, FailOn};
use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files or directories; `-` reads standard input.
    #[arg(value_name = "PATH|-")]
    pub paths: Vec<PathBuf>,

    /// Name of the server in a single-server file (default: the file stem, or the name a
    /// snapshot carries).
    #[arg(long, value_name = "NAME")]
    pub server: Option<String>,

    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,

    /// Write the report to FILE instead of standard output (a summary line is still printed).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Fail (exit 1) when a finding not accepted by the baseline is at or above this level.
    #[arg(long, value_enum, default_value = "high", value_name = "LEVEL")]
    pub fail_on: FailOn,

    /// Report tools at or above this risk (security signals are reported whatever the risk).
    #[arg(long, default_value = "high", value_name = "LEVEL", value_parser = parse_risk)]
    pub min_risk: Risk,

    /// Accepted findings (default file: .mcprisk.toml): reported as accepted, never failing.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = ".mcprisk.toml")]
    pub baseline: Option<PathBuf>,

    /// Write a baseline accepting every current finding to FILE (edit the reasons, check it in).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    #[command(flatten)]
    pub crawl: CrawlArgs,
}

pub fn parse_risk(s: &str) -> Result<Risk, String> {
    s.parse()
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    if args.paths.is_empty() && !args.crawl.any() {
        anyhow::bail!(
            "nothing to scan: give manifest paths, or servers with --stdio, --url, --config, --servers or --registry"
        );
    }
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let classifier = ctx.classifier()?;
    let gathered = read_servers(
        &classifier,
        &args.paths,
        args.server.as_deref(),
        &args.crawl,
    )?;
    let mut findings = checks::findings(&classifier, &gathered.servers, args.min_risk);
    if let Some(b) = &baseline {
        b.apply(&mut findings);
    }
    if let Some(path) = &args.write_baseline {
        let b = Baseline::accepting_all(
            &findings,
            "TODO: say why this finding is accepted (written by mcprisk scan --write-baseline)",
        );
        write_file(path, &b.to_toml())?;
        eprintln!(
            "wrote {} to {}",
            plural(
                b.accept.len() as u64,
                "accepted finding",
                "accepted findings"
            ),
            sanitize::line(&path.display().to_string())
        );
    }
    let failing = findings
        .iter()
        .filter(|f| f.accepted.is_none() && args.fail_on.fails(f.risk))
        .count();
    let summary = summary(&gathered, &findings, failing, args.fail_on);
    let body = match args.format {
        Format::Text => text(&findings, &summary),
        Format::Json => {
            let doc = serde_json::json!({
                "servers": gathered.servers.len(),
                "findings": findings,
                "problems": gathered.problems.iter().map(|p| &p.0).collect::<Vec<_>>(),
                "failing": failing,
            });
            sanitize::pretty_json(&doc)? + "\n"
        }
        Format::Sarif => sanitize::pretty_json(&crate::report::sarif::log(&findings))? + "\n",
    };
    match &args.out {
        Some(path) => {
            write_file(path, &body)?;
            outln!("{summary}")?;
        }
        None => out!("{body}")?,
    }
    Ok(exit_code(!gathered.problems.is_empty(), failing > 0))
}

/// 2 when an input could not be read (the check is incomplete), else 1 when a finding fails
/// the build, else 0.
pub fn exit_code(problems: bool, failing: bool) -> ExitCode {
    if problems {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads the manifests and crawls the servers the flags name (with progress on stderr), then
/// parses and classifies them; every input that could not be read is reported on stderr.
pub fn read_servers(
    classifier: &crate::classify::Classifier,
    paths: &[PathBuf],
    server: Option<&str>,
    crawl: &CrawlArgs,
) -> anyhow::Result<Gathered> {
    let crawled = if crawl.any() {
        crawl_servers(crawl)?
    } else {
        Vec::new()
    };
    let g = gather::gather(
        classifier,
        paths,
        server,
        crawled,
        &crawl.options().tool_limits,
    );
    for p in &g.problems {
        eprintln!("error: {}", sanitize::line(&p.0));
    }
    Ok(g)
}

/// Crawls the servers the flags name, each with the file that declared it (for locations).
fn crawl_servers(args: &CrawlArgs) -> anyhow::Result<Vec<Crawled>> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let resolved = rt.block_on(args.resolve())?;
    for s in &resolved.skipped {
        eprintln!("note: {s}");
    }
    if resolved.targets.is_empty() {
        return Ok(Vec::new());
    }
    let declared: Vec<Option<PathBuf>> = resolved
        .targets
        .iter()
        .map(|t| Some(PathBuf::from(&t.declared_in)).filter(|p| p.is_file()))
        .collect();
    let opts = args.options_for(&resolved.targets)?;
    crawl::reaper::enable();
    let progress = Arc::new(Progress::new(resolved.targets.len(), false));
    let p = progress.clone();
    let reports = rt.block_on(crawl::crawl_many(resolved.targets, &opts, move |ev| {
        p.handle(ev)
    }));
    progress.finish();
    Ok(reports
        .into_iter()
        .zip(declared)
        .map(|(report, declared_in)| Crawled {
            report,
            declared_in,
        })
        .collect())
}

pub fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))
}

fn summary(g: &Gathered, findings: &[Finding], failing: usize, fail_on: FailOn) -> String {
    let tools: usize = g.servers.iter().map(|s| s.manifest.tools.len()).sum();
    let accepted = findings.iter().filter(|f| f.accepted.is_some()).count();
    let mut line = format!(
        "Scanned {} with {}: {}",
        plural(g.servers.len() as u64, "server", "servers"),
        plural(tools as u64, "tool", "tools"),
        plural((findings.len() - accepted) as u64, "finding", "findings")
    );
    if accepted > 0 {
        line.push_str(&format!(" ({accepted} more accepted by the baseline)"));
    }
    if fail_on != FailOn::Never {
        line.push_str(&format!(
            "; {failing} at or above --fail-on {}",
            format!("{fail_on:?}").to_lowercase()
        ));
    }
    if !g.problems.is_empty() {
        line.push_str(&format!(
            "; {} not checked",
            plural(g.problems.len() as u64, "input", "inputs")
        ));
    }
    line
}

/// The findings not accepted by the baseline, most severe first, then the summary.
fn text(findings: &[Finding], summary: &str) -> String {
    let mut shown: Vec<&Finding> = findings.iter().filter(|f| f.accepted.is_none()).collect();
    shown.sort_by_key(|f| std::cmp::Reverse(f.risk));
    let mut out = String::new();
    for f in shown {
        let subject = match &f.tool {
            Some(t) => format!("{}/{t}", f.server),
            None => f.server.clone(),
        };
        let at = f
            .location
            .as_ref()
            .map(|l| match l.line {
                Some(n) => format!(" ({}:{n})", sanitize::line(&l.file)),
                None => format!(" ({})", sanitize::line(&l.file)),
            })
            .unwrap_or_default();
        out.push_str(&format!(
            "{:<8}  {:<19}  {}{}\n          {}\n",
            f.risk.as_str().to_uppercase(),
            f.kind,
            sanitize::truncate(&subject, 80),
            at,
            sanitize::truncate(&f.message, 400)
        ));
    }
    out.push_str(summary);
    out.push('\n');
    out
}
