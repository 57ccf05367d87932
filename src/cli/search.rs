//! `mcprisk search [QUERY] [--category C]... [--risk R]... [--signal ID]... [--server S]
//! [--limit N] [--json]`.
//!
//! A result whose classification needs review (confidence below `classify::REVIEW_BELOW`) says
//! so: `(review)` after its category in the table, `"review": true` in JSON.

use super::Context;
use crate::classify::{Category, REVIEW_BELOW, Risk};
use crate::index::{Hit, SearchRequest};
use crate::report::{Table, category_counts, plural, risk_counts};
use crate::sanitize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words to look for in tool names, titles, descriptions, parameter names and server names.
    /// Without a query, lists the tools the filters select, riskiest first.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// Only tools of this category (repeatable: any of them).
    #[arg(long = "category", value_name = "C")]
    pub categories: Vec<Category>,

    /// Only tools at this risk level (repeatable: any of them).
    #[arg(long = "risk", value_name = "R")]
    pub risks: Vec<Risk>,

    /// Only tools with this signal id, e.g. fs_path (repeatable: any of them).
    #[arg(long = "signal", value_name = "ID")]
    pub signals: Vec<String>,

    /// Only tools of this server (exact name).
    #[arg(long, value_name = "S")]
    pub server: Option<String>,

    /// How many results to show.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,

    /// One JSON object per result line.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let query = args.query.join(" ");
    let req = SearchRequest {
        query: (!query.trim().is_empty()).then_some(query.clone()),
        categories: args.categories,
        risks: args.risks,
        signals: args.signals,
        server: args.server,
        limit: args.limit,
    };
    let res = catalog.index().search(&req)?;
    if args.json {
        let mut out = std::io::stdout().lock();
        for h in &res.hits {
            use std::io::Write;
            writeln!(out, "{}", sanitize::json(serde_json::to_string(h)?))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if res.total == 0 {
        outln!("No tools match.")?;
        return Ok(ExitCode::SUCCESS);
    }
    if res.fuzzy {
        outln!(
            "No exact matches for “{}”; showing close matches.\n",
            sanitize::truncate(&query, 60)
        )?;
    }
    let mut t = Table::new(&[
        "SERVER",
        "TOOL",
        "CATEGORY",
        "RISK",
        "SIGNAL",
        "DESCRIPTION",
    ]);
    for h in &res.hits {
        t.row(vec![
            sanitize::truncate(&h.server, 32),
            sanitize::truncate(&h.name, 40),
            category_cell(h),
            h.risk.to_string(),
            h.signals
                .first()
                .map(|s| sanitize::truncate(&s.id, 20))
                .unwrap_or_else(|| "-".into()),
            sanitize::truncate(&h.description, 60),
        ]);
    }
    out!("{}", t.render())?;
    outln!()?;
    let shown = res.hits.len() as u64;
    let head = if shown < res.total {
        format!("Showing {shown} of {}", plural(res.total, "tool", "tools"))
    } else {
        plural(res.total, "tool", "tools")
    };
    let cats: Vec<(Category, u64)> = Category::ALL.into_iter().zip(res.by_category).collect();
    let risks: Vec<(Risk, u64)> = Risk::ALL.into_iter().zip(res.by_risk).collect();
    outln!("{head}")?;
    outln!("  by category: {}", category_counts(&cats))?;
    outln!("  by risk:     {}", risk_counts(&risks))?;
    let review = res.hits.iter().filter(|h| h.review).count() as u64;
    if review > 0 {
        outln!(
            "  review:      {} shown (confidence below {REVIEW_BELOW}: weak evidence, a person should confirm)",
            plural(review, "tool", "tools")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The category, marked when a person should confirm it (as `show` marks the confidence).
fn category_cell(h: &Hit) -> String {
    if h.review {
        format!("{} (review)", h.category)
    } else {
        h.category.to_string()
    }
}
