//! `mcprisk history SERVER[/TOOL] [--json]`: how a server's tools changed over successive
//! `index` runs, from the catalog's history of replaced and removed definitions, as the same
//! field-by-field changes `verify` reports.

use super::Context;
use crate::lock::LockedTool;
use crate::lock::diff::{Drift, tool_changes};
use crate::sanitize;
use crate::store::{Store, StoredServer};
use crate::view::format_time;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A server name, or SERVER/TOOL.
    #[arg(value_name = "SERVER[/TOOL]")]
    pub target: String,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// One step in a tool's history: what changed, and when.
#[derive(Debug, Serialize)]
struct Step {
    tool: String,
    at: i64,
    /// `changed` or `removed`.
    event: &'static str,
    changes: Vec<Drift>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let store = catalog.store();
    let (server, tool) = split_target(store, &args.target)?;
    let name = server.info.name.clone();
    let past = store.tool_history(&name, tool.as_deref())?;
    if let Some(t) = &tool
        && past.is_empty()
        && store.tool(server.id, t)?.is_none()
    {
        anyhow::bail!(
            "server {} has no tool {} and no history of one",
            sanitize::line(&name),
            sanitize::line(t)
        );
    }
    let classifier = catalog.rules().classifier()?;
    let lock_of = |raw: &serde_json::Value| -> Option<LockedTool> {
        let t = crate::manifest::parse_tool(raw).ok()?;
        let c = classifier.classify_in(&name, &t);
        Some(LockedTool::of(&t, &c))
    };
    let mut steps = Vec::new();
    let mut i = 0;
    while i < past.len() {
        let tool_name = past[i].tool.clone();
        let end = past[i..]
            .iter()
            .position(|p| p.tool != tool_name)
            .map_or(past.len(), |n| i + n);
        // The tool's definitions in order: the past ones, then the current one (if any).
        let current = store.tool(server.id, &tool_name)?.map(|t| t.tool.raw);
        for j in i..end {
            let p = &past[j];
            let next = match past.get(j + 1).filter(|_| j + 1 < end) {
                Some(n) => Some(n.raw.clone()),
                None if p.change == "changed" => current.clone(),
                None => None,
            };
            let (event, changes) = match (p.change.as_str(), next) {
                ("changed", Some(next)) => match (lock_of(&p.raw), lock_of(&next)) {
                    (Some(a), Some(b)) => ("changed", tool_changes(&name, &tool_name, &a, &b)),
                    _ => ("changed", Vec::new()),
                },
                _ => ("removed", Vec::new()),
            };
            steps.push(Step {
                tool: tool_name.clone(),
                at: p.recorded_at,
                event,
                changes,
            });
        }
        i = end;
    }
    if args.json {
        outln!(
            "{}",
            sanitize::pretty_json(&serde_json::json!({"server": name, "history": steps}))?
        )?;
    } else {
        out!("{}", text(&name, &steps))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `SERVER` or `SERVER/TOOL`, where the tool may be one the server no longer has. Server
/// names may contain `/`: the whole argument is tried first, then the longest prefix.
fn split_target(store: &Store, arg: &str) -> anyhow::Result<(StoredServer, Option<String>)> {
    if let Some(s) = store.server(arg)? {
        return Ok((s, None));
    }
    let mut cut = arg.len();
    while let Some(i) = arg[..cut].rfind('/') {
        if let Some(s) = store.server(&arg[..i])? {
            return Ok((s, Some(arg[i + 1..].to_string())));
        }
        cut = i;
    }
    let names = store.server_names()?;
    anyhow::bail!(
        "no server {} in the catalog{}",
        sanitize::line(arg),
        super::resolve::suggest(arg, &names)
    )
}

fn text(server: &str, steps: &[Step]) -> String {
    if steps.is_empty() {
        return format!(
            "{}: no tool definition has changed since it was first indexed\n",
            sanitize::line(server)
        );
    }
    let mut out = String::new();
    let mut last = "";
    for s in steps {
        if s.tool != last {
            out.push_str(&format!(
                "{}/{}\n",
                sanitize::line(server),
                sanitize::line(&s.tool)
            ));
            last = &s.tool;
        }
        let when = format_time(s.at);
        if s.event == "removed" {
            out.push_str(&format!("  {when}  removed\n"));
            continue;
        }
        if s.changes.is_empty() {
            out.push_str(&format!("  {when}  definition changed\n"));
        }
        for (k, d) in s.changes.iter().enumerate() {
            let pad = if k == 0 {
                when.clone()
            } else {
                " ".repeat(when.chars().count())
            };
            out.push_str(&format!(
                "  {pad}  {}: {}\n",
                d.change,
                sanitize::truncate(&d.detail, 400)
            ));
        }
    }
    out
}
