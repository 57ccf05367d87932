//! `mcprisk crawl [SERVERS…] [--out DIR] [--json]`: crawl live servers without a catalog.
//!
//! Each server that answers is written to `DIR/<name>.json` as a server snapshot
//! (`{"server": {...}, "tools": [...]}`, the format `classify` and `index` read back), or,
//! with `--json`, printed in a JSON report on stdout with its snapshot inline. Useful on its
//! own to capture manifests, and the way to check a crawl before indexing it.

use super::Context;
use super::crawl_args::CrawlArgs;
use super::progress::{self, Progress};
use crate::crawl::{self, CrawlReport};
use anyhow::Context as _;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub crawl: CrawlArgs,

    /// Write one server snapshot per crawled server into DIR (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Print a JSON report (with each server's snapshot) on stdout instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    if !args.crawl.any() {
        anyhow::bail!("nothing to crawl: give --stdio, --url, --config, --servers or --registry");
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let resolved = rt.block_on(args.crawl.resolve())?;
    for s in &resolved.skipped {
        eprintln!("{s}");
    }
    if resolved.targets.is_empty() {
        eprintln!("no servers to crawl");
        if args.json {
            let doc = json!({"servers": [], "skipped": resolved.skipped});
            outln!("{}", crate::sanitize::pretty_json(&doc)?)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let opts = args.crawl.options_for(&resolved.targets)?;
    crawl::reaper::enable();
    let progress = Arc::new(Progress::new(resolved.targets.len(), args.json));
    let p = progress.clone();
    let reports = rt.block_on(crawl::crawl_many(resolved.targets, &opts, move |ev| {
        p.handle(ev)
    }));
    progress.finish();
    drop(rt);

    let mut written = Vec::new();
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut used = Vec::new();
        for r in reports.iter().filter(|r| r.ok()) {
            let path = snapshot_path(dir, &r.name, &mut used);
            let text = crate::sanitize::pretty_json(&snapshot(r))? + "\n";
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            written.push((r.name.clone(), path));
        }
    }

    if args.json {
        let servers: Vec<Value> = reports
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(r).expect("reports serialise");
                if r.ok() {
                    v["snapshot"] = snapshot(r);
                }
                if let Some((_, p)) = written.iter().find(|(n, _)| *n == r.name) {
                    v["written_to"] = json!(p.display().to_string());
                }
                v
            })
            .collect();
        let doc = json!({"servers": servers, "skipped": resolved.skipped});
        outln!("{}", crate::sanitize::pretty_json(&doc)?)?;
    } else {
        out!("{}", progress::summary_table(&reports))?;
        if let Some(dir) = &args.out {
            outln!(
                "wrote {} snapshot{} to {}",
                written.len(),
                if written.len() == 1 { "" } else { "s" },
                dir.display()
            )?;
        }
    }
    Ok(if reports.iter().all(CrawlReport::ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A server snapshot, as `manifest::formats` reads it back.
pub fn snapshot(r: &CrawlReport) -> Value {
    let server = r.server.as_ref().expect("snapshot of a successful crawl");
    let info = &server.info;
    let mut s = json!({"name": info.name, "source": info.source});
    for (k, v) in [
        ("version", &info.version),
        ("protocolVersion", &info.protocol_version),
        ("title", &info.title),
        ("instructions", &info.instructions),
    ] {
        if let Some(v) = v {
            s[k] = json!(v);
        }
    }
    s["transport"] = json!(r.transport.map(|t| t.as_str()));
    json!({"server": s, "tools": server.tools})
}

/// `DIR/<name>.json`, the name reduced to safe file-name characters (registry names contain
/// `/`), made unique within the run.
fn snapshot_path(dir: &Path, name: &str, used: &mut Vec<String>) -> PathBuf {
    let mut stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.@".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    stem = stem.trim_start_matches('.').to_string();
    if stem.is_empty() {
        stem = "server".into();
    }
    let mut candidate = stem.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{stem}-{n}");
        n += 1;
    }
    used.push(candidate.clone());
    dir.join(format!("{candidate}.json"))
}
