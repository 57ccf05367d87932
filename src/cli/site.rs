//! `mcprisk site --out DIR [--title TEXT]`: the catalog as a static HTML site (see src/site/
//! and docs/site.md).

use super::Context;
use crate::sanitize;
use crate::site::{Options, generate};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The directory to write (created if missing; must be empty or an earlier site).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The index page's title.
    #[arg(long, default_value = "MCP tool catalog", value_name = "TEXT")]
    pub title: String,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let attacks = crate::attacks::Attacks::load(ctx.rules.as_deref())?;
    let started = Instant::now();
    let summary = generate(
        &catalog,
        &attacks,
        &Options {
            out: args.out.clone(),
            title: args.title,
        },
    )?;
    let secs = started.elapsed().as_secs_f64();
    outln!(
        "wrote {} files ({:.1} MB) for {} servers and {} tools to {} in {secs:.2} s",
        summary.files,
        summary.bytes as f64 / 1e6,
        summary.servers,
        summary.tools,
        sanitize::line(&args.out.display().to_string())
    )?;
    outln!(
        "open {}",
        sanitize::line(&args.out.join("index.html").display().to_string())
    )?;
    Ok(ExitCode::SUCCESS)
}
