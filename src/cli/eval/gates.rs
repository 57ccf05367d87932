//! The thresholds of `mcprisk eval` (`--min-…`, `--max-…`): each failed one is an error line on
//! stderr naming the figure, its value and the threshold, and makes the exit status 1.

use super::Args;
use crate::eval::{Rate, Report};
use crate::sanitize;

/// A threshold: at least (`Min`) or at most (`Max`) this percentage.
enum Bound {
    Min(f64),
    Max(f64),
}

/// Checks every threshold the caller set; true when all hold.
pub fn check(args: &Args, path: &str, report: &Report) -> bool {
    let pct = |r: Rate| r.value().map(|v| v * 100.0);
    let labels = report.labels.as_ref();
    let signals = report.signals.as_ref();
    // (threshold, value, what it measures, which records it needs)
    let gates = [
        (
            args.min_category_accuracy.map(Bound::Min),
            labels.and_then(|l| pct(l.category)),
            "category accuracy",
            "labelled records (`expected`)",
        ),
        (
            args.min_risk_accuracy.map(Bound::Min),
            labels.and_then(|l| pct(l.risk)),
            "risk accuracy",
            "labelled records (`expected`)",
        ),
        (
            args.min_balanced_accuracy.map(Bound::Min),
            labels.and_then(|l| l.balanced_accuracy.map(|v| v * 100.0)),
            "balanced accuracy",
            "labelled records (`expected`)",
        ),
        (
            args.max_risk_under_called.map(Bound::Max),
            labels.and_then(|l| pct(l.risk_under_called)),
            "risk under-called",
            "labelled records (`expected`)",
        ),
        (
            args.min_signal_detection.map(Bound::Min),
            signals.and_then(|s| pct(s.samples)),
            "signal detection",
            "records that expect signals (`expected_signals`)",
        ),
        (
            args.min_lookalikes_clean.map(Bound::Min),
            signals.and_then(|s| pct(s.clean)),
            "look-alikes clean",
            "look-alikes (`expected_signals: []`)",
        ),
        (
            args.max_security_flagged.map(Bound::Max),
            pct(report.flagged_records),
            "security signals on real tools",
            "records without `expected_signals`",
        ),
    ];
    let mut ok = true;
    for (bound, value, what, needs) in gates {
        let Some(bound) = bound else { continue };
        let Some(v) = value else {
            eprintln!(
                "error: {} has no {needs}, so {what} cannot be checked",
                sanitize::line(path)
            );
            ok = false;
            continue;
        };
        match bound {
            Bound::Min(min) if v < min => {
                eprintln!("error: {what} {v:.2}% is below the required {min}%");
                ok = false;
            }
            Bound::Max(max) if v > max => {
                eprintln!("error: {what} {v:.2}% is above the allowed {max}%");
                ok = false;
            }
            _ => {}
        }
    }
    ok
}
