//! `mcprisk reclassify [--all]`: reclassify tools whose classification came from other rules.
//!
//! Every catalog command does this on its own when the rules changed; this command makes it
//! explicit, and `--all` redoes every classification.

use super::Context;
use crate::report::plural;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Reclassify every tool, not only those classified by other rules.
    #[arg(long)]
    pub all: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let mut catalog = ctx.catalog()?;
    let n = catalog.reclassify(args.all)? + catalog.opened().reclassified;
    outln!(
        "Reclassified {} (rules version {})",
        plural(n as u64, "tool", "tools"),
        catalog.rules().version()
    )?;
    Ok(ExitCode::SUCCESS)
}
