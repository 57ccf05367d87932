//! `mcprisk policy SERVER[/TOOL] | --config FILE|auto [--format F]`: the recommended policy in
//! the dialect of a gateway or client (docs/policy.md).

use super::Context;
use super::resolve::{Target, resolve};
use crate::policy::{self, Dialect, Limits, PolicyRules, RenderOptions, ServerInput, ToolInput};
use crate::sanitize;
use crate::store::StoredTool;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A server name (a policy for all its tools), or SERVER/TOOL.
    #[arg(
        value_name = "SERVER[/TOOL]",
        required_unless_present = "config",
        conflicts_with = "config"
    )]
    pub target: Option<String>,

    /// One document for every server of an MCP client config (Claude Code's .mcp.json,
    /// Claude Desktop, Cursor, VS Code, Windsurf), named as the config names them; `auto` reads
    /// the configs found on this machine. The servers must be in the catalog (`mcprisk index
    /// --config FILE`).
    #[arg(long, value_name = "FILE|auto")]
    pub config: Option<String>,

    /// policylayer (gateway JSON), claude-code (settings.json permissions), codex (config.toml),
    /// cedar (ToolHive cedarv1 config), agentgateway (mcpAuthorization CEL rules), intercept
    /// (Intercept policy YAML).
    #[arg(long, value_name = "F", default_value = "policylayer", value_parser = parse_dialect)]
    pub format: Dialect,

    #[command(flatten)]
    pub limits: LimitArgs,

    /// Write the policy to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The argument constraints (shared with `mcprisk hook`).
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// Confine file-system path parameters to DIR and below (repeatable).
    #[arg(long = "allow-path", value_name = "DIR")]
    pub allow_path: Vec<PathBuf>,

    /// Confine URL and host parameters to HOST (repeatable).
    #[arg(long = "allow-host", value_name = "HOST")]
    pub allow_host: Vec<String>,

    /// Cap amount parameters of money-moving tools at N.
    #[arg(long = "max-amount", value_name = "N")]
    pub max_amount: Option<f64>,
}

impl LimitArgs {
    pub fn limits(&self) -> anyhow::Result<Limits> {
        Limits::new(&self.allow_path, &self.allow_host, self.max_amount).map_err(anyhow::Error::msg)
    }
}

fn parse_dialect(s: &str) -> Result<Dialect, String> {
    s.parse()
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let limits = args.limits.limits()?;
    let catalog = ctx.catalog()?;
    // Only policy.toml: writing policy never compiles the classifier's rules.
    let rules = PolicyRules::load(ctx.rules.as_deref())?;
    let store = catalog.store();
    let mut missing = false;
    // (server name as configured, its tools)
    let mut servers: Vec<(String, Vec<StoredTool>)> = Vec::new();
    match (&args.target, &args.config) {
        (Some(target), _) => match resolve(store, target)? {
            Target::Tool(server, name) => {
                let t = store.tool(server.id, &name)?.ok_or_else(|| {
                    anyhow::anyhow!(
                        "server {} has no tool {}",
                        sanitize::line(&server.info.name),
                        sanitize::line(&name)
                    )
                })?;
                servers.push((server.info.name, vec![t]));
            }
            Target::Server(server) => {
                let tools = store.tools_of(server.id)?;
                servers.push((server.info.name, tools));
            }
        },
        (None, Some(config)) => {
            for (name, declared_in) in config_servers(config)? {
                match store.server(&name)? {
                    Some(s) => servers.push((name, store.tools_of(s.id)?)),
                    None => {
                        missing = true;
                        eprintln!(
                            "warning: server {} ({}) is not in the catalog: run `mcprisk index --config {}` first; it has no policy",
                            sanitize::line(&name),
                            sanitize::line(&declared_in),
                            sanitize::line(config)
                        );
                    }
                }
            }
        }
        (None, None) => unreachable!("clap requires SERVER or --config"),
    }
    let inputs: Vec<ServerInput<'_>> = servers
        .iter()
        .map(|(name, tools)| ServerInput {
            name,
            tools: tools
                .iter()
                .map(|t| ToolInput {
                    tool: &t.tool,
                    class: &t.class,
                })
                .collect(),
        })
        .collect();
    let planned = policy::plan(&rules, args.format, &inputs, &limits);
    for note in policy::notes(args.format, &planned) {
        eprintln!("note: {note}");
    }
    let opts = RenderOptions {
        many: args.config.is_some(),
    };
    let text = policy::render(&rules, args.format, &planned, &limits, &opts);
    match args.out {
        Some(path) => {
            std::fs::write(&path, text).map_err(|e| crate::Error::io(&path, e))?;
            eprintln!("wrote {}", sanitize::line(&path.display().to_string()));
        }
        None => out!("{text}")?,
    }
    Ok(if missing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The servers a client config declares (`auto`: every config found), with where each is
/// declared. Entries that cannot be read are reported and left out.
fn config_servers(config: &str) -> anyhow::Result<Vec<(String, String)>> {
    let files: Vec<PathBuf> = if config == "auto" {
        let found = crate::sources::config::discover();
        if found.is_empty() {
            anyhow::bail!("--config auto: no MCP client config found on this machine");
        }
        found.into_iter().map(|(p, _)| p).collect()
    } else {
        vec![PathBuf::from(config)]
    };
    let mut resolved = crate::sources::Resolved::default();
    for f in files {
        resolved.extend(crate::sources::config::load(&f)?);
    }
    for s in &resolved.skipped {
        eprintln!("warning: {s}");
    }
    Ok(resolved
        .targets
        .into_iter()
        .map(|t| (t.name, t.declared_in))
        .collect())
}
