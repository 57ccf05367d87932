//! The live crawler: connect to MCP servers, list their tools, and hand each server's raw
//! `tools/list` JSON to the pipeline as a [`RawServer`].
//!
//! We speak MCP ourselves, over `serde_json::Value`, instead of using an SDK: a crawler meets
//! servers at their worst, and must keep going where an SDK is right to refuse. One off-spec tool
//! must not lose the whole page (the pipeline reports it and keeps the rest), a server that
//! prints log lines on stdout must still be heard, a pagination loop must end, and servers of
//! every era must be reachable — stdio, Streamable HTTP (2025-03-26 and later), the legacy
//! HTTP+SSE transport (2024-11-05), and the stateless 2026-07-28 revision.
//!
//! The parts:
//! - [`jsonrpc`]: message framing and classification, lenient id matching;
//! - [`stdio`]: a server spawned as a child process, in its own process group, with a scrubbed
//!   environment, killed with its whole process tree at the end;
//! - [`http`]: Streamable HTTP (JSON and SSE replies, sessions);
//! - [`sse`]: the SSE parser and the legacy HTTP+SSE transport;
//! - [`transport`]: the trait the three transports implement and the session drives;
//! - [`session`]: the handshake (both eras), pagination with guards, and transport fallback;
//! - [`sandbox`] and [`packages`]: bubblewrap around stdio servers, and the package installs
//!   done ahead of a sandboxed start; [`hidden`]: the files a sandboxed server's command line
//!   names that the sandbox hides, named in its error;
//! - `run`: [`crawl_many`], which runs targets concurrently, and [`crawl_one`], which turns
//!   one crawl's outcome into its report;
//! - this module: the public types.
//!
//! Secrets: environment values and header values given for a server are sent to that server
//! and nowhere else. They never appear in
//! [`ServerInfo::source`](crate::manifest::ServerInfo::source), in reports, in progress output
//! or in error messages; [`CrawlTarget::display`] shows keys only.

pub mod hidden;
pub mod http;
pub mod jsonrpc;
pub mod packages;
pub mod reaper;
mod run;
pub mod sandbox;
pub mod session;
pub mod sse;
pub mod stdio;
pub mod transport;

pub use run::{crawl_many, crawl_one};

use crate::manifest::RawServer;
use crate::redact::{looks_secret, redact_command, redact_url};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The version we announce as `clientInfo.version`.
pub const CLIENT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How to reach a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportSpec {
    /// Spawn `command args…` and speak newline-delimited JSON-RPC over its stdin/stdout.
    Stdio {
        command: String,
        args: Vec<String>,
        /// Variables the server's source declares, with their values. Together with a safe
        /// base (PATH, HOME, LANG, …) they are the child's whole environment.
        env: Vec<(String, String)>,
        cwd: Option<PathBuf>,
    },
    /// A remote server.
    Http {
        url: String,
        /// Sent with every request; never stored or printed.
        headers: Vec<(String, String)>,
        mode: HttpMode,
    },
}

/// Which HTTP transport to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HttpMode {
    /// Streamable HTTP, falling back to legacy HTTP+SSE as the specification's
    /// backwards-compatibility section describes.
    Auto,
    /// The legacy HTTP+SSE transport only (the source said `"type": "sse"`).
    Sse,
}

/// One server to crawl.
#[derive(Debug, Clone)]
pub struct CrawlTarget {
    /// The catalog key.
    pub name: String,
    pub transport: TransportSpec,
    /// Where the target was declared (e.g. `--stdio`, `~/.cursor/mcp.json`, `registry
    /// https://…`), shown in reports and kept in the server's `source`.
    pub declared_in: String,
    /// Set for registry entries: the pipeline records
    /// [`crate::manifest::OriginKind::Registry`] for them.
    pub from_registry: bool,
}

impl CrawlTarget {
    /// A description of the target that is safe to store and print: the command line or URL
    /// with credentials removed, and the names (never the values) of environment variables
    /// and headers.
    pub fn display(&self) -> String {
        match &self.transport {
            TransportSpec::Stdio {
                command, args, env, ..
            } => {
                let mut s = redact_command(command, args);
                if !env.is_empty() {
                    let keys: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
                    s.push_str(&format!(" (env: {})", keys.join(", ")));
                }
                s
            }
            TransportSpec::Http { url, headers, .. } => {
                let mut s = redact_url(url);
                if !headers.is_empty() {
                    let keys: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
                    s.push_str(&format!(" (headers: {})", keys.join(", ")));
                }
                s
            }
        }
    }

    /// The values given for the server's environment and headers, and the words in them long
    /// enough to be credentials (`Bearer <token>` yields the token too).
    ///
    /// Also the values [`CrawlTarget::display`] hides: URL passwords and query values, and
    /// the values of command-line flags whose names suggest secrets. Values shorter than six
    /// bytes are left alone: replacing every `1` or `true` would garble the report and protect
    /// nothing.
    pub fn secret_values(&self) -> Vec<String> {
        let mut values: Vec<String> = Vec::new();
        let url_secrets = |url: &str, values: &mut Vec<String>| {
            if let Ok(u) = reqwest::Url::parse(url) {
                values.push(u.username().to_string());
                values.extend(u.password().map(str::to_string));
                values.extend(u.query_pairs().map(|(_, v)| v.into_owned()));
            }
        };
        match &self.transport {
            TransportSpec::Stdio {
                command, args, env, ..
            } => {
                values.extend(env.iter().map(|(_, v)| v.clone()));
                let mut hide_next = false;
                for arg in std::iter::once(command).chain(args) {
                    if std::mem::take(&mut hide_next) {
                        values.push(arg.clone());
                        continue;
                    }
                    if let Some(flag) = arg.strip_prefix('-') {
                        match flag.split_once('=') {
                            Some((name, v)) if looks_secret(name) => values.push(v.to_string()),
                            None if looks_secret(flag) => hide_next = true,
                            _ => {}
                        }
                    } else if let Some((k, v)) = arg.split_once('=')
                        && looks_secret(k)
                    {
                        values.push(v.to_string());
                    }
                    if arg.contains("://") {
                        url_secrets(arg, &mut values);
                    }
                }
            }
            TransportSpec::Http { url, headers, .. } => {
                values.extend(headers.iter().map(|(_, v)| v.clone()));
                url_secrets(url, &mut values);
            }
        }
        let mut out: Vec<String> = Vec::new();
        for v in &values {
            for s in std::iter::once(v.as_str()).chain(v.split_whitespace()) {
                if s.len() >= 6 && !out.iter().any(|o| o == s) {
                    out.push(s.to_string());
                }
            }
        }
        // Longest first, so that a value is replaced whole before its parts.
        out.sort_by_key(|s| std::cmp::Reverse(s.len()));
        out
    }

    /// The server's `source` for the catalog: where it was declared and how it was reached.
    pub fn source(&self) -> String {
        format!("{}: {}", self.declared_in, self.display())
    }
}

/// Limits and knobs for a crawl.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// Wall-clock limit per server, spawn to last page.
    pub timeout: Duration,
    /// Servers crawled at once.
    pub jobs: usize,
    /// `tools/list` pages followed at most.
    pub page_limit: usize,
    /// Tools kept per server at most; the rest are dropped with a warning.
    pub tool_cap: usize,
    /// Largest single message (a stdout line, an HTTP body, an SSE event) accepted.
    pub max_message_bytes: usize,
    /// How much of a server's stderr is kept for error messages.
    pub stderr_tail_bytes: usize,
    /// Per-tool limits, applied when the listing is parsed (a tool over them is skipped and
    /// reported; its server is kept).
    pub tool_limits: crate::manifest::ToolLimits,
    /// The sandbox stdio servers run in, and which of them: see [`CrawlOptions::sandbox_for`].
    pub sandbox: Option<Arc<sandbox::Sandbox>>,
    /// Sandbox every stdio server (`--sandbox`), not only registry packages.
    pub sandbox_all: bool,
}

impl CrawlOptions {
    /// The sandbox `target` runs in, if any: every stdio server under `--sandbox`, registry
    /// packages by default.
    pub fn sandbox_for(&self, target: &CrawlTarget) -> Option<&sandbox::Sandbox> {
        let stdio = matches!(target.transport, TransportSpec::Stdio { .. });
        let chosen = self.sandbox_all || target.from_registry;
        self.sandbox.as_deref().filter(|_| stdio && chosen)
    }
}

impl Default for CrawlOptions {
    fn default() -> Self {
        CrawlOptions {
            timeout: Duration::from_secs(60),
            jobs: 4,
            page_limit: 100,
            tool_cap: 5000,
            max_message_bytes: 16 << 20,
            stderr_tail_bytes: 4096,
            tool_limits: crate::manifest::ToolLimits::DEFAULT,
            sandbox: None,
            sandbox_all: false,
        }
    }
}

/// Why a server could not be crawled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The command could not be started (not found, not executable).
    SpawnFailed,
    /// The server process exited before the listing was complete.
    Exited,
    /// The server did not finish within `--timeout`.
    Timeout,
    /// The server answered, but not as MCP requires (bad JSON-RPC, a JSON-RPC error, a
    /// protocol version we cannot speak).
    Protocol,
    /// An HTTP error status (other than authentication).
    HttpStatus,
    /// The server requires credentials we were not given (HTTP 401/403).
    AuthRequired,
    /// Connection refused, reset, DNS failure, TLS failure, broken pipe.
    Transport,
    /// The endpoint answered, but is not an MCP server (HTML page, wrong content type).
    NotMcp,
    /// A message exceeded the size limit.
    TooLarge,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::SpawnFailed => "spawn_failed",
            ErrorKind::Exited => "exited",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Protocol => "protocol",
            ErrorKind::HttpStatus => "http_status",
            ErrorKind::AuthRequired => "auth_required",
            ErrorKind::Transport => "transport",
            ErrorKind::NotMcp => "not_mcp",
            ErrorKind::TooLarge => "too_large",
        }
    }

    /// A short human phrase for summaries.
    pub fn describe(self) -> &'static str {
        match self {
            ErrorKind::SpawnFailed => "could not start",
            ErrorKind::Exited => "exited early",
            ErrorKind::Timeout => "timed out",
            ErrorKind::Protocol => "protocol error",
            ErrorKind::HttpStatus => "HTTP error",
            ErrorKind::AuthRequired => "needs credentials",
            ErrorKind::Transport => "connection failed",
            ErrorKind::NotMcp => "not an MCP server",
            ErrorKind::TooLarge => "message too large",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A crawl failure: its kind and a message that says what happened (without the server's name,
/// which [`CrawlReport::error_line`] adds). Messages may quote server output; sanitise before
/// printing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrawlError {
    pub kind: ErrorKind,
    pub message: String,
}

impl CrawlError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CrawlError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for CrawlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.describe(), self.message)
    }
}

impl std::error::Error for CrawlError {}

/// Which wire protocol a crawl ended up speaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransportKind {
    Stdio,
    StreamableHttp,
    Sse,
}

impl TransportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TransportKind::Stdio => "stdio",
            TransportKind::StreamableHttp => "streamable-http",
            TransportKind::Sse => "sse",
        }
    }
}

/// Which generation of MCP the server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Era {
    /// `initialize` handshake (2024-11-05 … 2025-11-25).
    Legacy,
    /// Per-request `_meta`, `server/discover` (2026-07-28 and later).
    Modern,
}

/// Milliseconds spent in each phase.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    /// Spawning the process, or opening the legacy SSE stream. 0 for Streamable HTTP, where
    /// the connection is opened by the `initialize` POST and counted in `handshake_ms`.
    pub connect_ms: u64,
    /// `initialize` (or `server/discover`) round trip, fallbacks included.
    pub handshake_ms: u64,
    /// All `tools/list` pages.
    pub list_ms: u64,
    pub total_ms: u64,
}

/// What happened to one server.
#[derive(Debug, Clone, Serialize)]
pub struct CrawlReport {
    pub name: String,
    /// Safe description of the target (see [`CrawlTarget::source`]).
    pub source: String,
    /// The transport actually used (after any fallback); `None` when nothing answered.
    pub transport: Option<TransportKind>,
    pub era: Option<Era>,
    /// `None` on success.
    pub error: Option<CrawlError>,
    /// What to do about `error`, when mcprisk can tell (a sandbox that hides files the server's
    /// command line names: see [`hidden`]). Also the end of the error's message; the summary
    /// table prints it whole on a line of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The server and its raw tools, on success. Not serialised in the report (it goes to the
    /// pipeline or a snapshot file).
    #[serde(skip)]
    pub server: Option<RawServer>,
    /// `serverInfo.name` as the server reported it.
    pub server_name: Option<String>,
    pub server_version: Option<String>,
    pub protocol_version: Option<String>,
    pub capabilities: Option<Value>,
    pub instructions: Option<String>,
    /// Number of entries in the tools array (before parsing; off-spec tools included).
    pub tool_count: usize,
    pub pages: usize,
    /// The listing stopped early (page limit, cursor loop or tool cap); see `warnings`.
    pub truncated: bool,
    pub warnings: Vec<String>,
    pub timings: Timings,
    /// stdout lines that were not JSON-RPC (stdio servers that log to stdout).
    pub stdout_noise_lines: usize,
    /// The last few KiB of the server's stderr (stdio only), for diagnosing failures.
    pub stderr_tail: String,
}

impl CrawlReport {
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// One line naming the server and what went wrong (unsanitised; callers sanitise).
    pub fn error_line(&self) -> Option<String> {
        self.error
            .as_ref()
            .map(|e| format!("server {}: {e}", self.name))
    }
}

/// Progress events, in the order they happen for each server. `index` is the target's
/// position in the list given to [`crawl_many`].
#[derive(Debug, Clone)]
pub enum Event<'a> {
    Started {
        index: usize,
        name: &'a str,
    },
    Phase {
        index: usize,
        name: &'a str,
        phase: String,
    },
    Finished {
        index: usize,
        report: &'a CrawlReport,
    },
}

/// Shared state a crawl writes while it runs, readable after a timeout has dropped it.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub stderr: Mutex<stdio::Tail>,
    pub noise_lines: std::sync::atomic::AtomicUsize,
    /// The last line of stdout noise (sanitised, cut short), quoted when the crawl fails.
    pub last_noise: Mutex<String>,
    pub transport: Mutex<Option<TransportKind>>,
    /// The phase the crawl is in, so that a timeout can say where the server stopped.
    pub phase: Mutex<String>,
    /// For a sandboxed server whose command line names files the sandbox hides: the sentence
    /// its error ends with if it fails (see [`hidden`]).
    pub sandbox_hint: Mutex<Option<String>>,
}

/// `1.5s`, `2m`, `90ms`.
pub fn humantime(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms.is_multiple_of(60_000) {
        format!("{}m", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_keys_never_values() {
        let t = CrawlTarget {
            name: "x".into(),
            transport: TransportSpec::Stdio {
                command: "npx".into(),
                args: vec![
                    "-y".into(),
                    "pkg@1".into(),
                    "--api-key".into(),
                    "sk-123".into(),
                    "--token=abc".into(),
                    "postgres://u:pw@db/x".into(),
                    "API_KEY=zzz".into(),
                ],
                env: vec![("GITHUB_TOKEN".into(), "ghp_secret".into())],
                cwd: None,
            },
            declared_in: "--stdio".into(),
            from_registry: false,
        };
        let d = t.source();
        for secret in ["sk-123", "abc", "pw", "ghp_secret", "zzz"] {
            assert!(!d.contains(secret), "{secret} leaked: {d}");
        }
        assert!(
            d.contains("GITHUB_TOKEN") && d.contains("pkg@1") && d.contains("--api-key <redacted>"),
            "{d}"
        );
        let h = CrawlTarget {
            name: "h".into(),
            transport: TransportSpec::Http {
                url: "https://user:pass@example.com/mcp?api_key=SECRET&x=1#frag".into(),
                headers: vec![("Authorization".into(), "Bearer SECRET2".into())],
                mode: HttpMode::Auto,
            },
            declared_in: "--url".into(),
            from_registry: false,
        };
        let d = h.display();
        assert!(
            !d.contains("SECRET") && !d.contains("pass") && !d.contains("user"),
            "{d}"
        );
        assert_eq!(
            d,
            "https://example.com/mcp?api_key=<redacted>&x=<redacted> (headers: Authorization)"
        );
    }

    #[test]
    fn humantime_reads_well() {
        assert_eq!(humantime(Duration::from_millis(250)), "250ms");
        assert_eq!(humantime(Duration::from_secs(30)), "30s");
        assert_eq!(humantime(Duration::from_secs(120)), "2m");
        assert_eq!(humantime(Duration::from_millis(1500)), "1.5s");
    }
}
