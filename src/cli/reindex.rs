//! `mcprisk reindex`: rebuild the search index from the catalog database.

use super::Context;
use crate::report::plural;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: Args) -> anyhow::Result<ExitCode> {
    let mut catalog = ctx.catalog()?;
    let start = std::time::Instant::now();
    let n = catalog.reindex()?;
    outln!(
        "Rebuilt the search index: {} in {:.2}s",
        plural(n as u64, "tool", "tools"),
        start.elapsed().as_secs_f64()
    )?;
    Ok(ExitCode::SUCCESS)
}
