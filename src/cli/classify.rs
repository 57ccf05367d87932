//! `mcprisk classify PATH|- [--json]`: classify manifests without touching a catalog.

use super::Context;
use crate::manifest::formats::{self, Input};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files or directories; `-` reads standard input.
    #[arg(required = true, value_name = "PATH|-")]
    pub paths: Vec<PathBuf>,

    /// Name of the server in a single-server file (default: the file stem).
    #[arg(long, value_name = "NAME")]
    pub server: Option<String>,

    /// Print the JSON contract instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let classifier = ctx.classifier()?;
    let _ = (&classifier, formats::expand_paths, Input::from_arg, args);
    anyhow::bail!("classify: not yet wired")
}
