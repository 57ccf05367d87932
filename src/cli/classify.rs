//! `mcprisk classify PATH|- [--json]`: classify manifests without touching a catalog.
//!
//! For CI pipelines and quick checks. The `--json` output is a contract other tools rely on:
//! `{"servers": [{"name": S, "tools": [{"name", "category", "risk", "signals": [{"id", "label",
//! "evidence"}], "rationale", "evidence", "confidence", "review", "policy", "attacks"}]}]}`;
//! `review` is true below `classify::REVIEW_BELOW` confidence (a person should confirm the
//! call); `attacks` is the OWASP MCP Top 10 mapping `show --json` gives ([`Attacks::for_tool`]).
//! The contract only grows: fields are added at the end, never renamed or removed.

use super::Context;
use crate::attacks::Attacks;
use crate::classify::{Category, Classification, Classifier, Risk};
use crate::manifest::formats::{self, Input};
use crate::manifest::{ServerManifest, parse_tools};
use crate::sanitize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::io::Write;
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
    let mut inputs = Vec::new();
    for p in &args.paths {
        match Input::from_arg(p) {
            Input::Stdin => inputs.push(Input::Stdin),
            Input::Path(_) => inputs.extend(
                formats::expand_paths(std::slice::from_ref(p))?
                    .into_iter()
                    .map(Input::Path),
            ),
        }
    }
    let mut failed = false;
    let mut servers: Vec<(ServerManifest, Vec<Classification>)> = Vec::new();
    let stderr = std::io::stderr();
    for input in &inputs {
        let location = input.display();
        let result = formats::read_input(input, args.server.as_deref(), |raw| {
            let manifest = parse_tools(raw.info, &raw.tools, &location);
            for issue in &manifest.issues {
                let _ = writeln!(stderr.lock(), "warning: {issue}");
            }
            let cls = manifest
                .tools
                .iter()
                .map(|t| classifier.classify_in(&manifest.info.name, t))
                .collect();
            servers.push((manifest, cls));
            Ok::<(), crate::Error>(())
        });
        match result {
            Ok(issues) => {
                for issue in issues {
                    let _ = writeln!(stderr.lock(), "warning: {issue}");
                }
            }
            Err(e) => {
                failed = true;
                let _ = writeln!(stderr.lock(), "error: {}", sanitize::line(&e.to_string()));
            }
        }
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let attacks = Attacks::load(ctx.rules.as_deref())?;
        let doc = contract(&classifier, &attacks, &servers);
        // Escaped for terminals (tool names and descriptions are third-party); the same JSON.
        writeln!(out, "{}", sanitize::pretty_json(&doc)?)?;
    } else {
        human(&mut out, &servers)?;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The JSON contract of `classify --json`.
pub fn contract(
    classifier: &Classifier,
    attacks: &Attacks,
    servers: &[(ServerManifest, Vec<Classification>)],
) -> Value {
    let servers: Vec<Value> = servers
        .iter()
        .map(|(m, cls)| {
            let tools: Vec<Value> = m
                .tools
                .iter()
                .zip(cls)
                .map(|(t, c)| tool_json(classifier, attacks, &t.name, c))
                .collect();
            json!({"name": m.info.name, "tools": tools})
        })
        .collect();
    json!({ "servers": servers })
}

fn tool_json(classifier: &Classifier, attacks: &Attacks, name: &str, c: &Classification) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(name));
    m.insert("category".into(), json!(c.category));
    m.insert("risk".into(), json!(c.risk));
    m.insert(
        "signals".into(),
        Value::Array(
            c.signals
                .iter()
                .map(|s| json!({"id": s.id, "label": s.label, "evidence": s.evidence}))
                .collect(),
        ),
    );
    m.insert("rationale".into(), json!(c.rationale));
    m.insert("evidence".into(), json!(c.evidence));
    m.insert("confidence".into(), json!(c.confidence));
    m.insert("review".into(), json!(c.needs_review()));
    m.insert("policy".into(), classifier.policy().tool_rule(name, c.risk));
    m.insert("attacks".into(), json!(attacks.for_tool(c)));
    Value::Object(m)
}

fn human(
    out: &mut impl Write,
    servers: &[(ServerManifest, Vec<Classification>)],
) -> std::io::Result<()> {
    let mut by_cat: BTreeMap<Category, usize> = BTreeMap::new();
    let mut by_risk: BTreeMap<Risk, usize> = BTreeMap::new();
    let mut total = 0;
    for (m, cls) in servers {
        writeln!(
            out,
            "{} ({} tools)",
            sanitize::line(&m.info.name),
            m.tools.len()
        )?;
        let mut rows: Vec<(&str, &Classification)> =
            m.tools.iter().map(|t| t.name.as_str()).zip(cls).collect();
        rows.sort_by(|a, b| {
            b.1.risk
                .cmp(&a.1.risk)
                .then(b.1.category.cmp(&a.1.category))
                .then(a.0.cmp(b.0))
        });
        let width = rows
            .iter()
            .map(|(n, _)| sanitize::truncate(n, 40).chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(
            out,
            "  {:<width$}  {:<11}  {:<8}  {:>4}  SIGNALS",
            "TOOL", "CATEGORY", "RISK", "CONF"
        )?;
        for (name, c) in rows {
            let signals: Vec<&str> = c.signals.iter().map(|s| s.id.as_str()).collect();
            writeln!(
                out,
                "  {:<width$}  {:<11}  {:<8}  {:>4.2}  {}",
                sanitize::truncate(name, 40),
                c.category.as_str(),
                c.risk.as_str(),
                c.confidence,
                signals.join(", ")
            )?;
            *by_cat.entry(c.category).or_default() += 1;
            *by_risk.entry(c.risk).or_default() += 1;
            total += 1;
        }
        writeln!(out)?;
    }
    let cats: Vec<String> = Category::ALL
        .iter()
        .map(|c| format!("{c} {}", by_cat.get(c).copied().unwrap_or(0)))
        .collect();
    let risks: Vec<String> = Risk::ALL
        .iter()
        .map(|r| format!("{r} {}", by_risk.get(r).copied().unwrap_or(0)))
        .collect();
    writeln!(
        out,
        "{total} tools in {} servers: {}",
        servers.len(),
        cats.join(", ")
    )?;
    writeln!(out, "risk: {}", risks.join(", "))
}
