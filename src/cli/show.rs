//! `mcprisk show SERVER[/TOOL] [--json]`: everything the catalog knows.

use super::Context;
use super::resolve::{Target, resolve};
use crate::attacks::Attacks;
use crate::catalog::Catalog;
use crate::classify::{Category, Classification, Risk};
use crate::report::{Table, category_counts, plural, risk_counts};
use crate::sanitize;
use crate::store::{ServerFinding, StoredServer, StoredTool};
use crate::view::format_time;
use serde_json::{Value, json};
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

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let attacks = crate::attacks::Attacks::load(ctx.rules.as_deref())?;
    match resolve(catalog.store(), &args.target)? {
        Target::Tool(server, name) => {
            let tool = catalog.store().tool(server.id, &name)?.ok_or_else(|| {
                anyhow::anyhow!(
                    "server {} has no tool {}",
                    sanitize::line(&server.info.name),
                    sanitize::line(&name)
                )
            })?;
            if args.json {
                outln!(
                    "{}",
                    sanitize::pretty_json(&tool_json(&catalog, &tool, &attacks)?)?
                )?;
            } else {
                out!("{}", tool_text(&catalog, &tool, &attacks)?)?;
            }
        }
        Target::Server(server) => {
            let mut tools = catalog.store().tools_of(server.id)?;
            sort_riskiest_first(&mut tools);
            let crawl = catalog.store().last_crawl(&server.info.name)?;
            let findings = catalog.store().server_findings(server.id)?;
            if args.json {
                let mut v = server_json(&server, &tools);
                v["server_findings"] = json!(findings);
                if let Some(c) = &crawl {
                    v["last_crawl"] = json!({"at": c.at, "ok": c.ok, "report": c.report});
                }
                outln!("{}", sanitize::pretty_json(&v)?)?;
            } else {
                let mut text = server_text(&server, &tools, &findings);
                if let Some(c) = &crawl {
                    text.push_str(&crawl_text(c));
                }
                out!("{text}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Riskiest first, then most severe category, then by name.
pub fn sort_riskiest_first(tools: &mut [StoredTool]) {
    tools.sort_by(|a, b| {
        b.class
            .risk
            .cmp(&a.class.risk)
            .then(b.class.category.cmp(&a.class.category))
            .then(a.tool.name.cmp(&b.tool.name))
    });
}

/// (name, type, required, description) of each parameter, read the way `serve` and `site`
/// read them ([`crate::view::parameters`]).
fn parameters(t: &StoredTool) -> Vec<(String, String, bool, String)> {
    crate::view::parameters(&t.tool)
        .into_iter()
        .map(|p| (p.name, p.ty, p.required, p.description))
        .collect()
}

fn tool_json(catalog: &Catalog, t: &StoredTool, attacks: &Attacks) -> anyhow::Result<Value> {
    let policy = catalog
        .rules()
        .classifier()?
        .policy()
        .tool_rule(&t.tool.name, t.class.risk);
    let params: Vec<Value> = parameters(t)
        .into_iter()
        .map(|(name, ty, required, description)| json!({"name": name, "type": ty, "required": required, "description": description}))
        .collect();
    Ok(json!({
        "server": t.server,
        "name": t.tool.name,
        "title": t.tool.title,
        "description": t.tool.description,
        "category": t.class.category,
        "risk": t.class.risk,
        "confidence": t.class.confidence,
        "review": t.class.needs_review(),
        "rationale": t.class.rationale,
        "evidence": t.class.evidence,
        "signals": t.class.signals,
        "attacks": attacks.for_tool(&t.class),
        "decided_by": t.class.decided_by,
        "rules_version": t.class.rules_version,
        "parameters": params,
        "annotations": t.tool.raw.get("annotations").cloned().unwrap_or(Value::Null),
        "policy": policy,
        "def_hash": t.tool.def_hash,
        "first_seen": t.first_seen,
        "last_seen": t.last_seen,
        "definition": t.tool.raw,
    }))
}

fn tool_text(catalog: &Catalog, t: &StoredTool, attacks: &Attacks) -> anyhow::Result<String> {
    let c = &t.class;
    let mut o = String::new();
    o.push_str(&format!(
        "{}/{}\n",
        sanitize::line(&t.server),
        sanitize::line(&t.tool.name)
    ));
    if let Some(title) = &t.tool.title {
        o.push_str(&format!(
            "  Title:       {}\n",
            sanitize::truncate(title, 80)
        ));
    }
    o.push_str(&format!("  Category:    {}\n", c.category));
    o.push_str(&format!("  Risk:        {}\n", c.risk));
    o.push_str(&format!(
        "  Confidence:  {:.2} (decided by {}){}\n",
        c.confidence,
        sanitize::line(&c.decided_by),
        if c.needs_review() {
            " — review: weak evidence, a person should confirm"
        } else {
            ""
        }
    ));
    if !c.rationale.is_empty() {
        o.push_str(&format!(
            "  Rationale:   {}\n",
            sanitize::line(&c.rationale)
        ));
    }
    if !c.evidence.is_empty() {
        o.push_str(&format!(
            "\nFrom the tool's definition: “{}”\n",
            sanitize::truncate(&c.evidence, 200)
        ));
    }
    o.push_str("\nSignals\n");
    if c.signals.is_empty() {
        o.push_str("  none\n");
    } else {
        let mut table = Table::new(&["  ID", "LABEL", "EVIDENCE"]);
        for s in &c.signals {
            table.row(vec![
                format!("  {}", sanitize::line(&s.id)),
                sanitize::truncate(&s.label, 60),
                sanitize::truncate(&s.evidence, 60),
            ]);
        }
        o.push_str(&table.render());
    }
    o.push_str(&attacks_text(attacks, &t.class));
    o.push_str("\nParameters\n");
    let params = parameters(t);
    if params.is_empty() {
        o.push_str("  none\n");
    } else {
        let mut table = Table::new(&["  NAME", "TYPE", "REQUIRED", "DESCRIPTION"]);
        for (name, ty, required, desc) in params {
            table.row(vec![
                format!("  {}", sanitize::truncate(&name, 40)),
                sanitize::truncate(&ty, 20),
                if required { "yes".into() } else { "no".into() },
                sanitize::truncate(&desc, 60),
            ]);
        }
        o.push_str(&table.render());
    }
    let a = &t.tool.annotations;
    if !a.is_empty() {
        o.push_str("\nAnnotations (author hints)\n");
        if let Some(title) = &a.title {
            o.push_str(&format!("  title: {}\n", sanitize::truncate(title, 80)));
        }
        for (k, v) in [
            ("readOnlyHint", a.read_only),
            ("destructiveHint", a.destructive),
            ("idempotentHint", a.idempotent),
            ("openWorldHint", a.open_world),
        ] {
            if let Some(v) = v {
                o.push_str(&format!("  {k}: {v}\n"));
            }
        }
    }
    if !t.tool.description.is_empty() {
        o.push_str("\nDescription\n");
        let desc = sanitize::block(&t.tool.description);
        let desc: String = if desc.chars().count() > 1200 {
            desc.chars().take(1199).chain(['…']).collect()
        } else {
            desc
        };
        for line in desc.lines() {
            o.push_str(&format!("  {}\n", line));
        }
    }
    let policy = catalog
        .rules()
        .classifier()?
        .policy()
        .tool_rule(&t.tool.name, c.risk);
    let mut rule = serde_json::Map::new();
    rule.insert(t.tool.name.clone(), policy);
    o.push_str("\nRecommended policy\n");
    for line in crate::policy::to_pretty(&Value::Object(rule)).lines() {
        // Keep the JSON's indentation; sanitise the text (tool names are third-party).
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        o.push_str(&format!("  {indent}{}\n", sanitize::line(body)));
    }
    Ok(o)
}

/// The attack patterns this access invites, with the list they cite.
fn attacks_text(attacks: &Attacks, class: &Classification) -> String {
    let found = attacks.for_tool(class);
    if found.is_empty() {
        return String::new();
    }
    let src = attacks.source();
    let mut o = format!("\nAttack patterns ({} {})\n", src.name, src.version);
    for a in &found {
        o.push_str(&format!(
            "  {}  ({})\n    {}\n",
            sanitize::line(&crate::attacks::owasp_line(a)),
            sanitize::line(&a.from),
            sanitize::line(&a.abuse)
        ));
    }
    o
}

type Counts = (Vec<(Category, u64)>, Vec<(Risk, u64)>);

fn counts(tools: &[StoredTool]) -> Counts {
    let cats = Category::ALL
        .into_iter()
        .map(|c| {
            (
                c,
                tools.iter().filter(|t| t.class.category == c).count() as u64,
            )
        })
        .collect();
    let risks = Risk::ALL
        .into_iter()
        .map(|r| (r, tools.iter().filter(|t| t.class.risk == r).count() as u64))
        .collect();
    (cats, risks)
}

fn server_json(s: &StoredServer, tools: &[StoredTool]) -> Value {
    let (cats, risks) = counts(tools);
    let by_category: serde_json::Map<String, Value> = cats
        .iter()
        .map(|(c, n)| (c.as_str().to_string(), json!(n)))
        .collect();
    let by_risk: serde_json::Map<String, Value> = risks
        .iter()
        .map(|(r, n)| (r.as_str().to_string(), json!(n)))
        .collect();
    let tools: Vec<Value> = tools
        .iter()
        .map(|t| {
            json!({
                "name": t.tool.name,
                "category": t.class.category,
                "risk": t.class.risk,
                "signals": t.class.signals,
                "description": t.tool.description,
            })
        })
        .collect();
    json!({
        "server": {
            "name": s.info.name,
            "origin": s.info.origin,
            "source": s.info.source,
            "version": s.info.version,
            "protocolVersion": s.info.protocol_version,
            "title": s.info.title,
            "instructions": s.info.instructions,
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
        },
        "by_category": by_category,
        "by_risk": by_risk,
        "tools": tools,
    })
}

fn server_text(s: &StoredServer, tools: &[StoredTool], findings: &[ServerFinding]) -> String {
    let i = &s.info;
    let mut o = format!("{}\n", sanitize::line(&i.name));
    let mut field = |k: &str, v: &str| o.push_str(&format!("  {k:<13}{v}\n"));
    if let Some(t) = &i.title {
        field("Title:", &sanitize::truncate(t, 80));
    }
    field("Origin:", i.origin.as_str());
    field("Source:", &sanitize::truncate(&i.source, 100));
    if let Some(v) = &i.version {
        field("Version:", &sanitize::truncate(v, 40));
    }
    if let Some(v) = &i.protocol_version {
        field("Protocol:", &sanitize::truncate(v, 40));
    }
    field("First seen:", &format_time(s.first_seen));
    field("Last seen:", &format_time(s.last_seen));
    if let Some(v) = &i.instructions {
        field("Instructions:", &sanitize::truncate(v, 200));
    }
    // What the poisoning, hidden-text and shadowing checks found in the server's own text.
    for f in findings {
        field(
            "Warning:",
            &format!(
                "{} {}: {} ({})",
                f.subject,
                f.signal.id,
                sanitize::truncate(&f.signal.label, 100),
                sanitize::truncate(&f.signal.evidence, 80)
            ),
        );
    }
    let (cats, risks) = counts(tools);
    field("Tools:", &plural(tools.len() as u64, "tool", "tools"));
    field("By category:", &category_counts(&cats));
    field("By risk:", &risk_counts(&risks));
    if !tools.is_empty() {
        o.push('\n');
        let mut t = Table::new(&["TOOL", "CATEGORY", "RISK", "SIGNAL", "DESCRIPTION"]);
        for tool in tools {
            t.row(vec![
                sanitize::truncate(&tool.tool.name, 40),
                tool.class.category.to_string(),
                tool.class.risk.to_string(),
                tool.class
                    .signals
                    .first()
                    .map(|s| sanitize::truncate(&s.id, 20))
                    .unwrap_or_else(|| "-".into()),
                sanitize::truncate(&tool.tool.description, 60),
            ]);
        }
        o.push_str(&t.render());
    }
    o
}

/// The latest live crawl of a server, in a few lines.
fn crawl_text(c: &crate::store::LastCrawl) -> String {
    let r = &c.report;
    let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("-").to_string();
    let mut o = format!("\nLast crawl ({})\n", format_time(c.at));
    let status = match r.get("error") {
        Some(e) if !e.is_null() => format!(
            "failed: {} — {}",
            sanitize::line(e.get("kind").and_then(Value::as_str).unwrap_or("error")),
            sanitize::truncate(e.get("message").and_then(Value::as_str).unwrap_or(""), 160)
        ),
        _ => "ok".to_string(),
    };
    o.push_str(&format!("  {:<13}{}\n", "Status:", status));
    o.push_str(&format!(
        "  {:<13}{}\n",
        "Transport:",
        sanitize::line(&s("transport"))
    ));
    o.push_str(&format!(
        "  {:<13}{} {}\n",
        "serverInfo:",
        sanitize::truncate(&s("server_name"), 60),
        sanitize::truncate(&s("server_version"), 30)
    ));
    o.push_str(&format!(
        "  {:<13}{}\n",
        "Protocol:",
        sanitize::line(&s("protocol_version"))
    ));
    if let Some(t) = r.get("timings") {
        let ms = |k: &str| t.get(k).and_then(Value::as_u64).unwrap_or(0);
        o.push_str(&format!(
            "  {:<13}{} ms total (handshake {} ms, listing {} ms)\n",
            "Timings:",
            ms("total_ms"),
            ms("handshake_ms"),
            ms("list_ms")
        ));
    }
    if let Some(caps) = r.get("capabilities").and_then(Value::as_object) {
        let names: Vec<&str> = caps.keys().map(String::as_str).collect();
        o.push_str(&format!(
            "  {:<13}{}\n",
            "Capabilities:",
            sanitize::truncate(&names.join(", "), 100)
        ));
    }
    o
}
