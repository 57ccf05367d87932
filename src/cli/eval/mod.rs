//! `mcprisk eval FILE.jsonl`: how well the classifier agrees with author annotations, hand
//! labels and expected security signals; with `--folds K`, per server-disjoint fold.

mod gates;
mod human;

use super::Context;
use crate::eval::folds::{self, FoldReport, Selection};
use crate::eval::{self, Record, Report};
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
    /// Default: razorpay, notion, mongodb, whose authors set every tool's hints by one rule.
    #[arg(long = "blanket", value_name = "NAME")]
    pub blanket: Vec<String>,

    /// Split the records by server into K folds (fold = first byte of sha256(server name) mod
    /// K) and print each fold's figures and their spread.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(2..=256))]
    pub folds: Option<u32>,

    /// Report only this fold (repeatable; needs --folds). Everything printed, the
    /// disagreements and the gates then cover only these folds.
    #[arg(
        long = "only-fold",
        visible_alias = "fold",
        value_name = "N",
        requires = "folds"
    )]
    pub only_fold: Vec<u32>,

    /// Leave this fold out (repeatable; needs --folds), e.g. the held-out fold while listing the
    /// errors of the folds you tune on.
    #[arg(long = "exclude-fold", value_name = "N", requires = "folds")]
    pub exclude_fold: Vec<u32>,

    /// Count this fold in every figure but never list its records (repeatable; needs --folds):
    /// the held-out fold's figures without its labels, so that reading the report while tuning
    /// cannot leak what the held-out fold contains.
    #[arg(long = "hold-out", value_name = "N", requires = "folds")]
    pub hold_out: Vec<u32>,

    /// Exit with status 1 if category accuracy on labelled records is below this percentage.
    #[arg(long, value_name = "PCT")]
    pub min_category_accuracy: Option<f64>,

    /// Exit with status 1 if risk accuracy on labelled records is below this percentage.
    #[arg(long, value_name = "PCT")]
    pub min_risk_accuracy: Option<f64>,

    /// Exit with status 1 if balanced accuracy (mean recall over the labelled categories) is
    /// below this percentage.
    #[arg(long, value_name = "PCT")]
    pub min_balanced_accuracy: Option<f64>,

    /// Exit with status 1 if the share of labelled records classified at a lower risk than
    /// the label is above this percentage.
    #[arg(long, value_name = "PCT")]
    pub max_risk_under_called: Option<f64>,

    /// Exit with status 1 if fewer than this percentage of the records with
    /// `expected_signals` got every signal they expect.
    #[arg(long, value_name = "PCT")]
    pub min_signal_detection: Option<f64>,

    /// Exit with status 1 if fewer than this percentage of the look-alikes
    /// (`expected_signals: []`) stayed free of security signals.
    #[arg(long, value_name = "PCT")]
    pub min_lookalikes_clean: Option<f64>,

    /// Exit with status 1 if more than this percentage of the records without
    /// `expected_signals` got a security signal (false positives on real tools).
    #[arg(long, value_name = "PCT")]
    pub max_security_flagged: Option<f64>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let selection = selection(&args)?;
    let classifier = ctx.classifier()?;
    let path = args.file.display().to_string();
    let file = std::fs::File::open(&args.file).with_context(|| format!("{path}: cannot open"))?;
    let (mut records, problems) = eval::load(&classifier, &path, BufReader::new(file))?;
    for p in &problems {
        eprintln!("warning: {}", sanitize::line(p));
    }
    let loaded = records.len();
    if let Some(k) = args.folds {
        records.retain(|r| selection.keeps(folds::fold_of(&r.server, k)));
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
    let fold_report = args.folds.map(|k| folds::report(&records, k, &selection));
    let mut worst: Vec<(u32, String, &Record)> = records
        .iter()
        .filter_map(|r| eval::badness(r).map(|(s, why)| (s, why, r)))
        .collect();
    worst.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.line.cmp(&b.2.line)));
    let held_out = hold_out(&args, &mut worst);

    let mut out = std::io::stdout().lock();
    if args.json {
        let doc = json(
            &path,
            classifier.rules_version(),
            &report,
            fold_report.as_ref(),
            &worst,
            held_out,
            args.top,
        );
        writeln!(out, "{}", sanitize::pretty_json(&doc)?)?;
    } else {
        let view = human::View {
            path: &path,
            version: classifier.rules_version(),
            loaded,
            report: &report,
            folds: fold_report.as_ref(),
            blanket: &blanket,
            worst: &worst,
            held_out,
            top: args.top,
        };
        view.print(&mut out)?;
    }
    Ok(if gates::check(&args, &path, &report) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Takes the disagreements of the held-out folds (`--hold-out`) out of the list, and says how
/// many there were: their records still count in every figure.
fn hold_out(args: &Args, worst: &mut Vec<(u32, String, &Record)>) -> usize {
    let Some(k) = args.folds else { return 0 };
    let before = worst.len();
    worst.retain(|(_, _, r)| !args.hold_out.contains(&folds::fold_of(&r.server, k)));
    before - worst.len()
}

/// The folds to keep, checked against K.
fn selection(args: &Args) -> anyhow::Result<Selection> {
    let sel = Selection {
        only: args.only_fold.iter().copied().collect(),
        exclude: args.exclude_fold.iter().copied().collect(),
    };
    if let Some(k) = args.folds
        && let Some(bad) = sel
            .only
            .iter()
            .chain(&sel.exclude)
            .chain(&args.hold_out)
            .find(|&&f| f >= k)
    {
        anyhow::bail!(
            "fold {bad} does not exist with --folds {k} (folds are numbered 0 to {})",
            k - 1
        );
    }
    Ok(sel)
}

/// The machine-readable report.
fn json(
    path: &str,
    version: &str,
    report: &Report,
    folds: Option<&FoldReport>,
    worst: &[(u32, String, &Record)],
    held_out: usize,
    top: usize,
) -> serde_json::Value {
    let disagreements: Vec<serde_json::Value> = worst
        .iter()
        .take(top)
        .map(|(_, why, r)| {
            serde_json::json!({
                "line": r.line, "server": r.server, "name": r.tool.name, "against": why,
                "fold": folds.map(|f| folds::fold_of(&r.server, f.k)),
                "category": r.got.category, "risk": r.got.risk, "confidence": r.got.confidence,
                "decided_by": r.got.decided_by, "evidence": r.got.evidence,
                "label_note": r.label.note,
            })
        })
        .collect();
    serde_json::json!({
        "file": path, "rules_version": version, "report": report, "folds": folds,
        "disagreements": disagreements, "disagreements_held_out": held_out,
    })
}
