//! The terminal report of `mcprisk eval`. Server and tool names come from third parties: every
//! one goes through `sanitize`.

use crate::classify::{Category, Risk};
use crate::eval::folds::{self, FoldReport};
use crate::eval::labels::LabelAccuracy;
use crate::eval::{Rate, Record, Report};
use crate::sanitize;
use std::io::{Result, Write};

pub struct View<'a> {
    pub path: &'a str,
    pub version: &'a str,
    /// Records read, before any fold selection.
    pub loaded: usize,
    pub report: &'a Report,
    pub folds: Option<&'a FoldReport>,
    pub blanket: &'a [String],
    pub worst: &'a [(u32, String, &'a Record)],
    /// Disagreements in held-out folds (`--hold-out`), counted but not listed.
    pub held_out: usize,
    pub top: usize,
}

fn pct(r: Rate) -> String {
    match r.value() {
        Some(v) => format!("{:5.1}% ({}/{})", v * 100.0, r.hits, r.total),
        None => "      - (0/0)".to_string(),
    }
}

fn pct_opt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{:.1}%", v * 100.0))
}

impl View<'_> {
    pub fn print(&self, out: &mut impl Write) -> Result<()> {
        self.header(out)?;
        self.hints(out)?;
        if let Some(l) = &self.report.labels {
            labels(out, l)?;
            calibration(out, l)?;
        }
        if let Some(f) = self.folds {
            fold_table(out, f)?;
        }
        self.signals(out)?;
        self.disagreements(out)
    }

    fn header(&self, out: &mut impl Write) -> Result<()> {
        let rep = self.report;
        writeln!(
            out,
            "{} — {} records, rules {}",
            sanitize::line(self.path),
            rep.records,
            self.version
        )?;
        if let Some(f) = self.folds
            && !f.selection.is_all()
        {
            let list = |s: &std::collections::BTreeSet<u32>| {
                s.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            };
            let mut what = Vec::new();
            if !f.selection.only.is_empty() {
                what.push(format!("only fold {}", list(&f.selection.only)));
            }
            if !f.selection.exclude.is_empty() {
                what.push(format!("excluding fold {}", list(&f.selection.exclude)));
            }
            writeln!(
                out,
                "selected: {} of {} folds ({} of {} records)",
                what.join(", "),
                f.k,
                rep.records,
                self.loaded
            )?;
        }
        let cats: Vec<String> = Category::ALL
            .iter()
            .map(|c| format!("{c} {}", rep.categories.get(c).copied().unwrap_or(0)))
            .collect();
        let risks: Vec<String> = Risk::ALL
            .iter()
            .map(|r| format!("{r} {}", rep.risks.get(r).copied().unwrap_or(0)))
            .collect();
        writeln!(out, "classified: {}", cats.join(", "))?;
        writeln!(out, "risk:       {}", risks.join(", "))
    }

    fn hints(&self, out: &mut impl Write) -> Result<()> {
        let rep = self.report;
        writeln!(out, "\nAgreement with author annotations")?;
        writeln!(
            out,
            "  {:<46}  {:<22}  without blanket-rule servers ({})",
            "",
            "all servers",
            self.blanket.join(", ")
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
            .map(|(s, h)| (s, h.total()))
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
        Ok(())
    }

    fn signals(&self, out: &mut impl Write) -> Result<()> {
        let rep = self.report;
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
        Ok(())
    }

    fn disagreements(&self, out: &mut impl Write) -> Result<()> {
        if self.worst.is_empty() && self.held_out == 0 {
            return Ok(());
        }
        let held_out = match self.held_out {
            0 => String::new(),
            n => format!("; {n} more in held-out folds, not listed"),
        };
        writeln!(
            out,
            "\nDisagreements, worst first ({} of {}{held_out})",
            self.top.min(self.worst.len()),
            self.worst.len()
        )?;
        for (_, why, r) in self.worst.iter().take(self.top) {
            let fold = self
                .folds
                .map(|f| format!(", fold {}", folds::fold_of(&r.server, f.k)))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}/{} (line {}{fold}): classified {}/{} at {:.2}, against {}",
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
            if let Some(note) = &r.label.note {
                writeln!(out, "      label note: {}", sanitize::truncate(note, 140))?;
            }
        }
        Ok(())
    }
}

fn labels(out: &mut impl Write, l: &LabelAccuracy) -> Result<()> {
    writeln!(out, "\nHand labels ({} records)", l.category.total)?;
    writeln!(out, "  category accuracy       {}", pct(l.category))?;
    writeln!(
        out,
        "  balanced accuracy       {:>6} (mean recall of the {} labelled categories)",
        pct_opt(l.balanced_accuracy),
        l.recall.len()
    )?;
    writeln!(out, "  risk accuracy           {}", pct(l.risk))?;
    writeln!(
        out,
        "  category under-called   {}  classified less severe than the label",
        pct(l.category_under_called)
    )?;
    writeln!(
        out,
        "  risk under-called       {}  classified at a lower risk than the label",
        pct(l.risk_under_called)
    )?;
    let slices = [("view", &l.by_view), ("labelled", &l.by_label_confidence)];
    for (what, map) in slices {
        if map.len() < 2 {
            continue;
        }
        for (key, v) in map {
            writeln!(
                out,
                "  {:<22}  category {}, risk {}",
                format!("{what} {}", sanitize::truncate(key, 12)),
                pct(v.category),
                pct(v.risk)
            )?;
        }
    }
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
    Ok(())
}

fn calibration(out: &mut impl Write, l: &LabelAccuracy) -> Result<()> {
    let c = &l.calibration;
    writeln!(
        out,
        "\n  calibration (stated confidence against accuracy)\n  {:<10}  {:>6}  {:>9}  {:>9}  {:>9}",
        "confidence", "tools", "mean conf", "category", "risk"
    )?;
    for b in &c.bands {
        writeln!(
            out,
            "  {:<10}  {:>6}  {:>9}  {:>9}  {:>9}",
            b.band,
            b.tools,
            b.mean_confidence
                .map_or_else(|| "-".to_string(), |v| format!("{v:.2}")),
            pct_opt(b.category_accuracy),
            pct_opt(b.risk_accuracy)
        )?;
    }
    writeln!(
        out,
        "  expected calibration error (category): {}",
        c.expected_calibration_error
            .map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
    )
}

fn fold_table(out: &mut impl Write, f: &FoldReport) -> Result<()> {
    writeln!(out, "\nServer-disjoint folds (K = {}; {})", f.k, f.scheme)?;
    writeln!(
        out,
        "  {:<6}  {:>7}  {:>5}  {:>8}  {:>8}  {:>6}  {:>9}  {:>10}",
        "fold", "servers", "tools", "category", "balanced", "risk", "cat under", "risk under"
    )?;
    let cell = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.1}%"));
    for fold in &f.folds {
        let [c, b, r, cu, ru] = folds::figures(&fold.labels).map(|(_, v)| cell(v));
        writeln!(
            out,
            "  {:<6}  {:>7}  {:>5}  {c:>8}  {b:>8}  {r:>6}  {cu:>9}  {ru:>10}",
            fold.fold, fold.servers, fold.tools
        )?;
    }
    if f.folds.len() > 1 {
        let names = [
            "category",
            "balanced",
            "risk",
            "category_under_called",
            "risk_under_called",
        ];
        for (label, pick) in [
            (
                "min",
                (|s: &folds::Spread| s.min) as fn(&folds::Spread) -> f64,
            ),
            ("max", |s| s.max),
            ("mean", |s| s.mean),
            ("stdev", |s| s.stdev),
        ] {
            let [c, b, r, cu, ru] = names.map(|n| cell(f.spread.get(n).map(pick)));
            writeln!(
                out,
                "  {label:<6}  {:>7}  {:>5}  {c:>8}  {b:>8}  {r:>6}  {cu:>9}  {ru:>10}",
                "", ""
            )?;
        }
    }
    Ok(())
}
