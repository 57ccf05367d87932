//! Showing a crawl: an indicatif display on a terminal (an overall bar with ok/failed counts and
//! one spinner per server in flight), plain lines otherwise, and a summary table at the end.
//!
//! Server names, error messages and stderr come from third parties: everything printed here
//! passes through [`crate::sanitize`].

use crate::crawl::{CrawlReport, Event, humantime};
use crate::sanitize;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Receives crawl events and shows them.
pub struct Progress {
    total: usize,
    ok: AtomicUsize,
    failed: AtomicUsize,
    display: Display,
}

enum Display {
    Bars {
        multi: MultiProgress,
        overall: ProgressBar,
        spinners: Mutex<HashMap<usize, ProgressBar>>,
    },
    Lines,
}

impl Progress {
    /// Bars when stderr is a terminal and `plain` is false; one line per finished server on
    /// stderr otherwise.
    pub fn new(total: usize, plain: bool) -> Progress {
        let display = if !plain && std::io::stderr().is_terminal() {
            let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
            let overall = multi.add(ProgressBar::new(total as u64));
            overall.set_style(
                ProgressStyle::with_template(
                    "{bar:30.cyan/blue} {pos}/{len} servers  {msg}  [{elapsed}]",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            overall.set_message("0 ok, 0 failed");
            Display::Bars {
                multi,
                overall,
                spinners: Mutex::new(HashMap::new()),
            }
        } else {
            Display::Lines
        };
        Progress {
            total,
            ok: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            display,
        }
    }

    pub fn handle(&self, event: Event<'_>) {
        match (&self.display, event) {
            (
                Display::Bars {
                    multi,
                    overall,
                    spinners,
                },
                Event::Started { index, name },
            ) => {
                let sp = multi.insert_before(overall, ProgressBar::new_spinner());
                sp.set_style(
                    ProgressStyle::with_template("  {spinner} {prefix:.bold} {msg}")
                        .expect("valid template"),
                );
                sp.set_prefix(sanitize::truncate(name, 40));
                sp.set_message("waiting");
                sp.enable_steady_tick(Duration::from_millis(120));
                spinners.lock().unwrap().insert(index, sp);
            }
            (Display::Bars { spinners, .. }, Event::Phase { index, phase, .. }) => {
                if let Some(sp) = spinners.lock().unwrap().get(&index) {
                    sp.set_message(sanitize::line(&phase));
                }
            }
            (
                Display::Bars {
                    multi,
                    overall,
                    spinners,
                },
                Event::Finished { index, report },
            ) => {
                self.count(report);
                if let Some(sp) = spinners.lock().unwrap().remove(&index) {
                    sp.finish_and_clear();
                    multi.remove(&sp);
                }
                let _ = multi.println(finished_line(report));
                overall.set_message(self.counts());
                overall.inc(1);
            }
            (Display::Lines, Event::Finished { report, .. }) => {
                self.count(report);
                let done = self.ok.load(Ordering::Relaxed) + self.failed.load(Ordering::Relaxed);
                let mut err = std::io::stderr().lock();
                let _ = writeln!(err, "[{done}/{}] {}", self.total, finished_line(report));
            }
            (Display::Lines, _) => {}
        }
    }

    fn count(&self, report: &CrawlReport) {
        if report.ok() { &self.ok } else { &self.failed }.fetch_add(1, Ordering::Relaxed);
    }

    fn counts(&self) -> String {
        format!(
            "{} ok, {} failed",
            self.ok.load(Ordering::Relaxed),
            self.failed.load(Ordering::Relaxed)
        )
    }

    /// Removes the bars.
    pub fn finish(&self) {
        if let Display::Bars { overall, multi, .. } = &self.display {
            overall.finish_and_clear();
            let _ = multi.clear();
        }
    }
}

fn finished_line(r: &CrawlReport) -> String {
    let name = sanitize::truncate(&r.name, 50);
    let time = humantime(Duration::from_millis(r.timings.total_ms));
    match &r.error {
        None => format!(
            "ok      {name}  {} tool{}  {time}  ({})",
            r.tool_count,
            if r.tool_count == 1 { "" } else { "s" },
            r.transport.map_or("?", |t| t.as_str())
        ),
        Some(e) => format!(
            "FAILED  {name}  {}",
            sanitize::truncate(&e.to_string(), 160)
        ),
    }
}

/// The end-of-run table: one row per server, then warnings, then a count line.
pub fn summary_table(reports: &[CrawlReport]) -> String {
    let header = ["SERVER", "TRANSPORT", "STATUS", "TOOLS", "TIME", "DETAIL"];
    let rows: Vec<[String; 6]> = reports
        .iter()
        .map(|r| {
            let (status, detail) = match &r.error {
                None if r.truncated => (
                    "ok*".to_string(),
                    "listing truncated (see warnings)".to_string(),
                ),
                None => (
                    "ok".to_string(),
                    format!(
                        "{} {}",
                        r.server_name
                            .as_deref()
                            .map(sanitize::line)
                            .unwrap_or_default(),
                        r.server_version
                            .as_deref()
                            .map(sanitize::line)
                            .unwrap_or_default()
                    )
                    .trim()
                    .to_string(),
                ),
                Some(e) => (e.kind.as_str().to_string(), e.message.clone()),
            };
            [
                sanitize::truncate(&r.name, 40),
                r.transport.map_or("-", |t| t.as_str()).to_string(),
                status,
                if r.ok() {
                    r.tool_count.to_string()
                } else {
                    "-".into()
                },
                humantime(Duration::from_millis(r.timings.total_ms)),
                sanitize::truncate(&detail, 70),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let fmt_row = |cells: &[String]| {
        let mut line = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                line.push_str(cell);
            } else {
                let pad = w - cell.chars().count();
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        line.trim_end().to_string()
    };
    let mut out = fmt_row(&header.map(str::to_string));
    out.push('\n');
    for row in &rows {
        out.push_str(&fmt_row(row));
        out.push('\n');
    }
    for r in reports {
        for w in &r.warnings {
            out.push_str(&format!(
                "warning: server {}: {}\n",
                sanitize::line(&r.name),
                sanitize::line(w)
            ));
        }
        if let Some(hint) = &r.hint {
            out.push_str(&format!(
                "hint: server {}: {}\n",
                sanitize::line(&r.name),
                sanitize::line(hint)
            ));
        }
        if r.stdout_noise_lines > 0 {
            out.push_str(&format!(
                "note: server {} wrote {} non-JSON line{} on stdout (ignored)\n",
                sanitize::line(&r.name),
                r.stdout_noise_lines,
                if r.stdout_noise_lines == 1 { "" } else { "s" }
            ));
        }
    }
    let ok = reports.iter().filter(|r| r.ok()).count();
    let tools: usize = reports
        .iter()
        .filter(|r| r.ok())
        .map(|r| r.tool_count)
        .sum();
    out.push_str(&format!(
        "{} server{}: {ok} ok ({tools} tools), {} failed\n",
        reports.len(),
        if reports.len() == 1 { "" } else { "s" },
        reports.len() - ok
    ));
    out
}
