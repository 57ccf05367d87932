//! `mcprisk stats [--json]`: catalog counts, rules version, index status and paths.

use super::Context;
use crate::classify::{Category, Risk};
use crate::report::{category_counts, risk_counts};
use crate::sanitize;
use serde_json::json;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many of the most frequent signals to list.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let st = catalog.store().stats(args.top)?;
    let status = catalog.index_status()?;
    let docs = catalog.index().num_docs()?;
    let home = catalog.home();
    if args.json {
        let v = json!({
            "servers": st.servers,
            "tools": st.tools,
            "by_category": Category::ALL.iter().map(|c| (c.as_str().to_string(), json!(st.by_category.get(c).copied().unwrap_or(0)))).collect::<serde_json::Map<_, _>>(),
            "by_risk": Risk::ALL.iter().map(|r| (r.as_str().to_string(), json!(st.by_risk.get(r).copied().unwrap_or(0)))).collect::<serde_json::Map<_, _>>(),
            "top_signals": st.top_signals.iter().map(|(id, n)| json!({"id": id, "tools": n})).collect::<Vec<_>>(),
            "history": st.history,
            "rules_version": catalog.rules().version(),
            "generation": catalog.store().generation()?,
            "index": {"status": status, "documents": docs, "path": home.index_dir()},
            "database": home.db_path(),
        });
        outln!("{}", crate::sanitize::pretty_json(&v)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let cats: Vec<(Category, u64)> = Category::ALL
        .iter()
        .map(|c| (*c, st.by_category.get(c).copied().unwrap_or(0)))
        .collect();
    let risks: Vec<(Risk, u64)> = Risk::ALL
        .iter()
        .map(|r| (*r, st.by_risk.get(r).copied().unwrap_or(0)))
        .collect();
    let signals = if st.top_signals.is_empty() {
        "none".to_string()
    } else {
        st.top_signals
            .iter()
            .map(|(id, n)| format!("{} {n}", sanitize::line(id)))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let status = match status {
        crate::catalog::IndexStatus::Current => "current",
        crate::catalog::IndexStatus::Behind => "behind",
        crate::catalog::IndexStatus::Missing => "missing",
    };
    outln!("Servers:       {}", st.servers)?;
    outln!("Tools:         {}", st.tools)?;
    outln!("By category:   {}", category_counts(&cats))?;
    outln!("By risk:       {}", risk_counts(&risks))?;
    outln!("Top signals:   {signals}")?;
    outln!(
        "History:       {} replaced or removed definitions",
        st.history
    )?;
    outln!("Rules version: {}", catalog.rules().version())?;
    outln!("Index:         {status}, {docs} documents")?;
    outln!(
        "Database:      {}",
        sanitize::line(&home.db_path().display().to_string())
    )?;
    outln!(
        "Index path:    {}",
        sanitize::line(&home.index_dir().display().to_string())
    )?;
    Ok(ExitCode::SUCCESS)
}
