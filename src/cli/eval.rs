//! `mcprisk eval FILE.jsonl`: how well the classifier agrees with author annotations, hand
//! labels and expected security signals.

use super::Context;
use crate::classify::{Category, Risk};
use crate::eval::{self, Rate, Record, Report};
use crate::sanitize;
use anyhow::Context as _;
use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// JSON Lines of tools (corpus format), optionally with `expected` and `expected_signals`.
    #[arg(value_name = "FILE.jsonl")]
    pub file: PathBuf,

    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,

    /// How many disagreements to list, worst first.
    #[arg(long, default_value_t = 25, value_name = "N")]
    pub top: usize,

    /// Servers whose hints follow a blanket rule (substring of the server name; repeatable).
    /// Default: razorpay, notion, mongodb (see the corpus README).
    #[arg(long = "blanket", value_name = "NAME")]
    pub blanket: Vec<String>,

    /// Exit with status 1 if category accuracy on labelled records is below this percentage.
    #[arg(long, value_name = "PCT")]
    pub min_category_accuracy: Option<f64>,

    /// Exit with status 1 if risk accuracy on labelled records is below this percentage.
    #[arg(long, value_name = "PCT")]
    pub min_risk_accuracy: Option<f64>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let classifier = ctx.classifier()?;
    let path = args.file.display().to_string();
    let file = std::fs::File::open(&args.file).with_context(|| format!("{path}: cannot open"))?;
    let (records, problems) = eval::load(&classifier, &path, BufReader::new(file))?;
    for p in &problems {
        eprintln!("warning: {}", sanitize::line(p));
    }
    let blanket: Vec<String> = if args.blanket.is_empty() {
        eval::DEFAULT_BLANKET
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        args.blanket.clone()
    };
    let report = eval::report(&records, &blanket);
    let mut worst: Vec<(u32, String, &Record)> = records
        .iter()
        .filter_map(|r| eval::badness(r).map(|(s, why)| (s, why, r)))
        .collect();
    worst.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.line.cmp(&b.2.line)));

    let mut out = std::io::stdout().lock();
    if args.json {
        let disagreements: Vec<serde_json::Value> = worst
            .iter()
            .take(args.top)
            .map(|(_, why, r)| {
                serde_json::json!({
                    "line": r.line, "server": r.server, "name": r.tool.name, "against": why,
                    "category": r.got.category, "risk": r.got.risk, "confidence": r.got.confidence,
                    "decided_by": r.got.decided_by, "evidence": r.got.evidence,
                })
            })
            .collect();
        let doc = serde_json::json!({
            "file": path, "rules_version": classifier.rules_version(), "report": report,
            "disagreements": disagreements,
        });
        writeln!(out, "{}", sanitize::pretty_json(&doc)?)?;
    } else {
        human(
            &mut out,
            &path,
            classifier.rules_version(),
            &report,
            &blanket,
            &worst,
            args.top,
        )?;
    }

    let mut ok = true;
    if let Some(labels) = &report.labels {
        for (min, rate, what) in [
            (args.min_category_accuracy, labels.category, "category"),
            (args.min_risk_accuracy, labels.risk, "risk"),
        ] {
            if let (Some(min), Some(v)) = (min, rate.value())
                && v * 100.0 < min
            {
                eprintln!(
                    "error: {what} accuracy {:.1}% is below the required {min:.1}%",
                    v * 100.0
                );
                ok = false;
            }
        }
    } else if args.min_category_accuracy.is_some() || args.min_risk_accuracy.is_some() {
        eprintln!(
            "error: {path} has no labelled records (`expected`), so accuracy cannot be checked"
        );
        ok = false;
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn pct(r: Rate) -> String {
    match r.value() {
        Some(v) => format!("{:5.1}% ({}/{})", v * 100.0, r.hits, r.total),
        None => "      - (0/0)".to_string(),
    }
}

fn human(
    out: &mut impl Write,
    path: &str,
    version: &str,
    rep: &Report,
    blanket: &[String],
    worst: &[(u32, String, &Record)],
    top: usize,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{} — {} records, rules {version}",
        sanitize::line(path),
        rep.records
    )?;
    let cats: Vec<String> = Category::ALL
        .iter()
        .map(|c| format!("{c} {}", rep.categories.get(c).copied().unwrap_or(0)))
        .collect();
    let risks: Vec<String> = Risk::ALL
        .iter()
        .map(|r| format!("{r} {}", rep.risks.get(r).copied().unwrap_or(0)))
        .collect();
    writeln!(out, "classified: {}", cats.join(", "))?;
    writeln!(out, "risk:       {}", risks.join(", "))?;

    writeln!(out, "\nAgreement with author annotations")?;
    writeln!(
        out,
        "  {:<46}  {:<22}  without blanket-rule servers ({})",
        "",
        "all servers",
        blanket.join(", ")
    )?;
    for ((what, all), (_, without)) in rep
        .hints
        .rows()
        .into_iter()
        .zip(rep.hints_without_blanket.rows())
    {
        writeln!(out, "  {what:<46}  {:<22}  {}", pct(all), pct(without))?;
    }

    // Servers whose hints the classifier agrees with least (at least 5 hinted tools).
    let mut servers: Vec<(&String, Rate)> = rep
        .hints_per_server
        .iter()
        .map(|(s, h)| {
            let mut sum = Rate::default();
            for (i, (_, r)) in h.rows().into_iter().enumerate() {
                // The last row double-counts destructiveHint: true; leave it out of the sum.
                if i < 4 {
                    sum.hits += r.hits;
                    sum.total += r.total;
                }
            }
            (s, sum)
        })
        .filter(|(_, r)| r.total >= 5 && r.hits < r.total)
        .collect();
    servers.sort_by(|a, b| {
        a.1.value()
            .partial_cmp(&b.1.value())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    if !servers.is_empty() {
        writeln!(
            out,
            "\nServers with the lowest hint agreement (at least 5 hinted tools)"
        )?;
        for (s, r) in servers.iter().take(12) {
            writeln!(out, "  {:<60}  {}", sanitize::truncate(s, 60), pct(*r))?;
        }
    }

    if let Some(l) = &rep.labels {
        writeln!(out, "\nHand labels ({} records)", l.category.total)?;
        writeln!(out, "  category accuracy  {}", pct(l.category))?;
        writeln!(out, "  risk accuracy      {}", pct(l.risk))?;
        writeln!(out, "\n  confusion (rows: expected, columns: classified)")?;
        write!(out, "  {:<12}", "")?;
        for c in Category::ALL {
            write!(out, "{:>12}", c.as_str())?;
        }
        writeln!(out)?;
        for e in Category::ALL {
            write!(out, "  {:<12}", e.as_str())?;
            for g in Category::ALL {
                let n = l
                    .confusion
                    .get(&e)
                    .and_then(|m| m.get(&g))
                    .copied()
                    .unwrap_or(0);
                write!(out, "{n:>12}")?;
            }
            writeln!(out)?;
        }
        writeln!(out, "\n  {:<12}  {:<22}  recall", "", "precision")?;
        for c in Category::ALL {
            let (p, r) = l.precision_recall(c);
            writeln!(out, "  {:<12}  {:<22}  {}", c.as_str(), pct(p), pct(r))?;
        }
    }

    if let Some(s) = &rep.signals {
        writeln!(out, "\nSecurity signals on records with expected_signals")?;
        for (id, r) in &s.detected {
            writeln!(out, "  {:<22}  detected {}", id, pct(*r))?;
        }
        if s.samples.total > 0 {
            writeln!(
                out,
                "  {:<22}  {}",
                "samples fully detected",
                pct(s.samples)
            )?;
        }
        if s.clean.total > 0 {
            writeln!(out, "  {:<22}  {}", "look-alikes clean", pct(s.clean))?;
        }
    }
    if rep.flagged_records.total > 0 {
        let kinds: Vec<String> = rep
            .security_flags
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        writeln!(
            out,
            "\nSecurity signals on records without expectations (false positives on real tools): {} flagged{}",
            pct(rep.flagged_records),
            if kinds.is_empty() {
                String::new()
            } else {
                format!(" — {}", kinds.join(", "))
            }
        )?;
    }

    if !worst.is_empty() {
        writeln!(
            out,
            "\nDisagreements, worst first ({} of {})",
            top.min(worst.len()),
            worst.len()
        )?;
        for (_, why, r) in worst.iter().take(top) {
            writeln!(
                out,
                "  {}/{} (line {}): classified {}/{} at {:.2}, against {}",
                sanitize::truncate(&r.server, 50),
                sanitize::truncate(&r.tool.name, 60),
                r.line,
                r.got.category,
                r.got.risk,
                r.got.confidence,
                why
            )?;
            writeln!(
                out,
                "      rule {} — evidence: {}",
                r.got.decided_by,
                sanitize::truncate(&r.got.evidence, 140)
            )?;
        }
    }
    Ok(())
}
