//! `mcprisk policy SERVER[/TOOL] [--out FILE]`: the recommended gateway policy.

use super::Context;
use super::resolve::{Target, resolve};
use crate::policy::to_pretty;
use crate::sanitize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A server name (a policy for all its tools), or SERVER/TOOL.
    #[arg(value_name = "SERVER[/TOOL]")]
    pub target: String,

    /// Write the policy to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let rules = catalog.rules().classifier()?.policy();
    let doc = match resolve(catalog.store(), &args.target)? {
        Target::Tool(server, name) => {
            let t = catalog.store().tool(server.id, &name)?.ok_or_else(|| {
                anyhow::anyhow!(
                    "server {} has no tool {}",
                    sanitize::line(&server.info.name),
                    sanitize::line(&name)
                )
            })?;
            rules.document([(t.tool.name.as_str(), t.class.risk)])
        }
        Target::Server(server) => {
            let tools = catalog.store().tools_of(server.id)?;
            rules.document(tools.iter().map(|t| (t.tool.name.as_str(), t.class.risk)))
        }
    };
    let text = to_pretty(&doc);
    match args.out {
        Some(path) => {
            std::fs::write(&path, text).map_err(|e| crate::Error::io(&path, e))?;
            eprintln!("wrote {}", sanitize::line(&path.display().to_string()));
        }
        None => out!("{text}")?,
    }
    Ok(ExitCode::SUCCESS)
}
