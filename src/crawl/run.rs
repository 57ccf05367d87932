//! Running crawls: [`crawl_many`] runs targets concurrently, [`crawl_one`] runs one within its
//! timeout and turns whatever happened into a [`CrawlReport`] (a listing, or an error that says
//! where the server stopped and quotes what it wrote), with the secrets given for the server
//! scrubbed out of everything it said.

use super::{
    CrawlError, CrawlOptions, CrawlReport, CrawlTarget, Diagnostics, ErrorKind, Event, Timings,
    TransportKind, humantime, reaper, session, stdio,
};
use crate::manifest::{OriginKind, RawServer, ServerInfo};
use crate::redact::{scrub, scrub_value};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Crawls every target, `opts.jobs` at a time, each within `opts.timeout`. Returns one report
/// per target, in the order given. One server's failure never stops the others.
pub async fn crawl_many<F>(
    targets: Vec<CrawlTarget>,
    opts: &CrawlOptions,
    on_event: F,
) -> Vec<CrawlReport>
where
    F: Fn(Event<'_>) + Send + Sync + 'static,
{
    let on_event = Arc::new(on_event);
    let opts = Arc::new(opts.clone());
    let semaphore = Arc::new(tokio::sync::Semaphore::new(opts.jobs.max(1)));
    let mut set = tokio::task::JoinSet::new();
    let count = targets.len();
    for (index, target) in targets.into_iter().enumerate() {
        let (on_event, opts, semaphore) = (on_event.clone(), opts.clone(), semaphore.clone());
        set.spawn(async move {
            let _permit = semaphore
                .acquire_owned()
                .await
                .expect("semaphore never closed");
            on_event(Event::Started {
                index,
                name: &target.name,
            });
            let phase = |p: String| {
                on_event(Event::Phase {
                    index,
                    name: &target.name,
                    phase: p,
                })
            };
            let report = crawl_one(&target, &opts, &phase).await;
            on_event(Event::Finished {
                index,
                report: &report,
            });
            (index, report)
        });
    }
    let mut reports: Vec<Option<CrawlReport>> = (0..count).map(|_| None).collect();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((index, report)) => reports[index] = Some(report),
            // A panic in one crawl is a bug; surface it rather than losing the server silently.
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
    // Every session is closed: whatever descendant escaped its server's process group and was
    // handed to us when its parent died is killed now.
    reaper::sweep();
    reports
        .into_iter()
        .map(|r| r.expect("every task reports"))
        .collect()
}

/// Crawls one target within the timeout. Never fails: problems become the report's `error`.
pub async fn crawl_one(
    target: &CrawlTarget,
    opts: &CrawlOptions,
    phase: &(dyn Fn(String) + Sync),
) -> CrawlReport {
    let start = Instant::now();
    let diag = Arc::new(Diagnostics {
        stderr: Mutex::new(stdio::Tail::new(opts.stderr_tail_bytes)),
        ..Default::default()
    });
    let mut report = empty_report(target);
    let track = |p: String| {
        diag.phase.lock().unwrap().clone_from(&p);
        phase(p)
    };
    let outcome =
        tokio::time::timeout(opts.timeout, session::crawl(target, opts, &diag, &track)).await;
    report.timings.total_ms = start.elapsed().as_millis() as u64;
    report.stdout_noise_lines = diag.noise_lines.load(std::sync::atomic::Ordering::Relaxed);
    report.transport = *diag.transport.lock().unwrap();
    match outcome {
        Ok(Ok(listing)) => take_listing(&mut report, target, listing),
        Ok(Err(err)) => report.error = Some(err),
        Err(_) => report.error = Some(timeout_error(&diag, opts)),
    }
    quote_stdout_noise(&mut report, &diag);
    // The session (and with it any child process group) is gone by now; what the server
    // wrote to stderr up to that point is what we keep.
    report.stderr_tail = diag.stderr.lock().unwrap().text();
    quote_stderr(&mut report);
    if let (Some(err), Some(hint)) = (&mut report.error, diag.sandbox_hint.lock().unwrap().take()) {
        err.message.push_str(&format!("; {hint}"));
        report.hint = Some(hint);
    }
    // Servers echo their configuration in errors, logs and even tool descriptions ("using
    // token sk-…"). The values we were given for the server must not come back out through its
    // words, into the terminal, the crawl log, snapshots or the catalog.
    let secrets = target.secret_values();
    if !secrets.is_empty() {
        scrub_report(&mut report, &secrets);
    }
    report
}

/// The report of a crawl that has not run yet.
fn empty_report(target: &CrawlTarget) -> CrawlReport {
    CrawlReport {
        name: target.name.clone(),
        source: target.source(),
        transport: None,
        era: None,
        error: None,
        hint: None,
        server: None,
        server_name: None,
        server_version: None,
        protocol_version: None,
        capabilities: None,
        instructions: None,
        tool_count: 0,
        pages: 0,
        truncated: false,
        warnings: Vec::new(),
        timings: Timings::default(),
        stdout_noise_lines: 0,
        stderr_tail: String::new(),
    }
}

/// Records a complete listing in the report, and the server it makes for the pipeline.
fn take_listing(report: &mut CrawlReport, target: &CrawlTarget, listing: session::Listing) {
    let mut info = ServerInfo::new(
        target.name.clone(),
        origin_for(target, listing.transport),
        target.source(),
    );
    info.version = listing.server_version.clone();
    info.protocol_version = listing.protocol_version.clone();
    info.title = listing.server_title.clone();
    info.instructions = listing.instructions.clone();
    report.transport = Some(listing.transport);
    report.era = Some(listing.era);
    report.server_name = listing.server_name;
    report.server_version = listing.server_version;
    report.protocol_version = listing.protocol_version;
    report.capabilities = listing.capabilities;
    report.instructions = listing.instructions;
    report.tool_count = listing.tools.len();
    report.pages = listing.pages;
    report.truncated = listing.truncated;
    report.warnings = listing.warnings;
    report.timings.connect_ms = listing.timings.connect_ms;
    report.timings.handshake_ms = listing.timings.handshake_ms;
    report.timings.list_ms = listing.timings.list_ms;
    report.server = Some(RawServer {
        info,
        tools: Value::Array(listing.tools),
    });
}

/// The error of a crawl the timeout stopped, saying where the server was.
fn timeout_error(diag: &Diagnostics, opts: &CrawlOptions) -> CrawlError {
    let phase = diag.phase.lock().unwrap().clone();
    let waiting = match phase.as_str() {
        "" | "starting" => "starting".to_string(),
        "stopping" => "stopping".to_string(),
        p if p.starts_with("connecting") || p.starts_with("trying") => p.to_string(),
        p => format!("waiting for the answer to {p}"),
    };
    CrawlError::new(
        ErrorKind::Timeout,
        format!(
            "no complete tool listing within {} (stopped while {waiting})",
            humantime(opts.timeout)
        ),
    )
}

/// A server that wrote only noise on stdout was probably not speaking MCP at all; its error
/// says what it wrote.
fn quote_stdout_noise(report: &mut CrawlReport, diag: &Diagnostics) {
    if let Some(err) = &mut report.error
        && report.stdout_noise_lines > 0
        && matches!(
            err.kind,
            ErrorKind::Exited | ErrorKind::Timeout | ErrorKind::Protocol
        )
    {
        let last = diag.last_noise.lock().unwrap().clone();
        err.message.push_str(&format!(
            "; it wrote {} line{} on stdout that {} not JSON-RPC, the last: {:?}",
            report.stdout_noise_lines,
            if report.stdout_noise_lines == 1 {
                ""
            } else {
                "s"
            },
            if report.stdout_noise_lines == 1 {
                "is"
            } else {
                "are"
            },
            crate::sanitize::truncate(&last, 100)
        ));
    }
}

/// A failed server's error quotes the last line it wrote on stderr.
fn quote_stderr(report: &mut CrawlReport) {
    if let Some(err) = &mut report.error
        && !report.stderr_tail.trim().is_empty()
        && matches!(
            err.kind,
            ErrorKind::Exited | ErrorKind::Timeout | ErrorKind::Protocol | ErrorKind::Transport
        )
    {
        let last = report.stderr_tail.trim().lines().last().unwrap_or_default();
        err.message.push_str(&format!(
            " (stderr: {})",
            crate::sanitize::truncate(last, 200)
        ));
    }
}

/// Replaces the secrets everywhere in a report: its texts, the server's information and every
/// string (and key) of its tools.
fn scrub_report(report: &mut CrawlReport, secrets: &[String]) {
    let text = |s: &mut String| {
        if secrets.iter().any(|x| s.contains(x.as_str())) {
            *s = scrub(s, secrets);
        }
    };
    let opt = |s: &mut Option<String>| {
        if let Some(s) = s {
            text(s)
        }
    };
    text(&mut report.stderr_tail);
    opt(&mut report.hint);
    if let Some(err) = &mut report.error {
        text(&mut err.message);
    }
    report.warnings.iter_mut().for_each(text);
    opt(&mut report.server_name);
    opt(&mut report.server_version);
    opt(&mut report.protocol_version);
    opt(&mut report.instructions);
    if let Some(c) = &mut report.capabilities {
        scrub_value(c, secrets);
    }
    if let Some(server) = &mut report.server {
        opt(&mut server.info.version);
        opt(&mut server.info.protocol_version);
        opt(&mut server.info.title);
        opt(&mut server.info.instructions);
        scrub_value(&mut server.tools, secrets);
    }
}

fn origin_for(target: &CrawlTarget, transport: TransportKind) -> OriginKind {
    if target.from_registry {
        return OriginKind::Registry;
    }
    match transport {
        TransportKind::Stdio => OriginKind::Stdio,
        TransportKind::StreamableHttp => OriginKind::Http,
        TransportKind::Sse => OriginKind::Sse,
    }
}
