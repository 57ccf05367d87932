//! One crawl, transport-independent: the handshake in either era, `tools/list` with guards, and
//! the choice of HTTP transport.
//!
//! # Eras, and our reading of the 2026-07-28 revision
//!
//! Servers deployed today expect the `initialize` handshake (protocol 2024-11-05 …
//! 2025-11-25), so we open with it, offering the newest handshake version we speak and
//! accepting whatever version the server picks (recorded, not judged: a crawler that hangs up
//! on an unfamiliar version learns nothing).
//!
//! The 2026-07-28 revision removes the handshake: every request carries the protocol version,
//! client info and capabilities in `params._meta` (`io.modelcontextprotocol/protocolVersion`,
//! `…/clientInfo`, `…/clientCapabilities`), on HTTP also in the `MCP-Protocol-Version` and
//! `Mcp-Method` headers; there are no sessions; and `server/discover` returns the supported
//! versions, capabilities, `serverInfo` and instructions. A modern-only server refuses
//! `initialize` with a JSON-RPC error — the spec leaves the code implementation-defined and asks
//! the server to name its supported versions — and on HTTP with a `4xx` whose body is a JSON-RPC
//! error. So: when `initialize` is answered with *any* JSON-RPC error, we probe with
//! `server/discover` (in the modern shape, briefly, because a legacy stdio server may never
//! answer an unknown method). A `DiscoverResult`, or an `UnsupportedProtocolVersionError`
//! (-32004) whose `data.supported` lists a version we can speak, makes the server modern and we
//! continue in that era; otherwise the original `initialize` error is the report.
//!
//! # Transport fallback (HTTP)
//!
//! For a URL we try Streamable HTTP first. When the `initialize` POST fails with 400, 404 or
//! 405 and the body is not a recognised JSON-RPC error (nor did the modern probe succeed), we
//! GET the same URL expecting the legacy HTTP+SSE stream and its `endpoint` event, as the
//! specification's backwards-compatibility section describes.

use super::http::HttpConn;
use super::jsonrpc::{self, RpcError};
use super::sse::LegacySse;
use super::stdio::StdioConn;
use super::transport::{RequestError, Transport};
use super::{
    CrawlError, CrawlOptions, CrawlTarget, Diagnostics, Era, ErrorKind, HttpMode, Timings,
    TransportKind, TransportSpec,
};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Handshake-era versions we understand, newest first. `initialize` offers the first.
pub const LEGACY_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];
/// Stateless-era versions we understand, newest first.
pub const MODERN_VERSIONS: &[&str] = &["2026-07-28"];

/// How long the `server/discover` probe may take: a legacy server may ignore unknown methods.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// What a successful crawl learned.
#[derive(Debug, Clone)]
pub struct Listing {
    pub transport: TransportKind,
    pub era: Era,
    pub server_name: Option<String>,
    pub server_version: Option<String>,
    pub server_title: Option<String>,
    pub protocol_version: Option<String>,
    pub capabilities: Option<Value>,
    pub instructions: Option<String>,
    pub tools: Vec<Value>,
    pub pages: usize,
    pub truncated: bool,
    pub warnings: Vec<String>,
    pub timings: Timings,
}

/// The result of a handshake.
#[derive(Debug, Clone)]
struct Handshake {
    era: Era,
    protocol_version: Option<String>,
    capabilities: Option<Value>,
    server_info: Option<Value>,
    instructions: Option<String>,
    warnings: Vec<String>,
}

fn client_info() -> Value {
    json!({"name": "mcprisk", "title": "mcprisk crawler", "version": super::CLIENT_VERSION})
}

/// The 2026 per-request metadata.
fn modern_meta(version: &str) -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": version,
        "io.modelcontextprotocol/clientInfo": client_info(),
        "io.modelcontextprotocol/clientCapabilities": {}
    })
}

/// Crawls one target: connect, handshake, list, close. The caller applies the timeout; on
/// timeout this future is dropped, and the transports clean up in `Drop` (the stdio process
/// group is killed).
pub(crate) async fn crawl(
    target: &CrawlTarget,
    opts: &CrawlOptions,
    diag: &Arc<Diagnostics>,
    phase: &(dyn Fn(String) + Sync),
) -> Result<Listing, CrawlError> {
    match &target.transport {
        TransportSpec::Stdio { .. } => {
            let launch = super::stdio::Launch::prepare(target, opts, phase).await?;
            *diag.sandbox_hint.lock().unwrap() = launch.hidden_hint();
            phase("starting".into());
            let t0 = Instant::now();
            let mut conn = StdioConn::spawn(&launch, diag.clone(), opts)?;
            let connect_ms = ms(t0);
            let result = handshake_and_list(&mut conn, opts, phase, connect_ms).await;
            phase("stopping".into());
            conn.close().await;
            result
        }
        TransportSpec::Http { url, headers, mode } => {
            let client = super::http::client()?;
            let t0 = Instant::now();
            if *mode == HttpMode::Sse {
                phase("connecting (SSE)".into());
                let mut conn =
                    LegacySse::connect(&client, url, headers, opts.max_message_bytes).await?;
                *diag.transport.lock().unwrap() = Some(TransportKind::Sse);
                let result = handshake_and_list(&mut conn, opts, phase, ms(t0)).await;
                conn.close().await;
                return result;
            }
            let mut conn = HttpConn::new(client.clone(), url, headers, opts.max_message_bytes)?;
            *diag.transport.lock().unwrap() = Some(TransportKind::StreamableHttp);
            phase("initialize".into());
            match handshake(&mut conn, phase).await {
                Ok(hs) => {
                    let handshake_ms = ms(t0);
                    let result = list(
                        &mut conn,
                        hs,
                        opts,
                        phase,
                        Timings {
                            connect_ms: 0,
                            handshake_ms,
                            ..Default::default()
                        },
                    )
                    .await;
                    conn.close().await;
                    result
                }
                Err(failure) if failure.try_legacy_sse => {
                    phase("trying legacy SSE".into());
                    match LegacySse::connect(&client, url, headers, opts.max_message_bytes).await {
                        Ok(mut sse) => {
                            *diag.transport.lock().unwrap() = Some(TransportKind::Sse);
                            let mut result =
                                handshake_and_list(&mut sse, opts, phase, ms(t0)).await;
                            sse.close().await;
                            if let Ok(listing) = &mut result {
                                listing.warnings.push(format!(
                                    "the server speaks the legacy HTTP+SSE transport (the Streamable HTTP POST got {})",
                                    failure.status.map_or_else(|| "an error".to_string(), |s| format!("HTTP {s}"))
                                ));
                            }
                            result
                        }
                        Err(sse_err) => {
                            let mut err = failure.error;
                            err.message
                                .push_str(&format!("; legacy SSE fallback: {}", sse_err.message));
                            Err(err)
                        }
                    }
                }
                Err(failure) => Err(failure.error),
            }
        }
    }
}

fn ms(since: Instant) -> u64 {
    since.elapsed().as_millis() as u64
}

async fn handshake_and_list<T: Transport>(
    conn: &mut T,
    opts: &CrawlOptions,
    phase: &(dyn Fn(String) + Sync),
    connect_ms: u64,
) -> Result<Listing, CrawlError> {
    let t0 = Instant::now();
    phase("initialize".into());
    let hs = handshake(conn, phase).await.map_err(|f| f.error)?;
    let timings = Timings {
        connect_ms,
        handshake_ms: ms(t0),
        ..Default::default()
    };
    list(conn, hs, opts, phase, timings).await
}

struct HandshakeFailure {
    error: CrawlError,
    /// The failure looks like a legacy HTTP+SSE server (400/404/405 without an MCP answer).
    try_legacy_sse: bool,
    /// The HTTP status of the failed `initialize`, if any.
    status: Option<u16>,
}

async fn handshake<T: Transport>(
    conn: &mut T,
    phase: &(dyn Fn(String) + Sync),
) -> Result<Handshake, HandshakeFailure> {
    let params = json!({
        "protocolVersion": LEGACY_VERSIONS[0],
        "capabilities": {},
        "clientInfo": client_info(),
    });
    let fallback_status = |s: u16| matches!(s, 400 | 404 | 405);
    match conn.request("initialize", Some(params)).await {
        Ok(result) => {
            let mut hs = Handshake {
                era: Era::Legacy,
                protocol_version: result
                    .get("protocolVersion")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                capabilities: result.get("capabilities").cloned(),
                server_info: result.get("serverInfo").cloned(),
                instructions: result
                    .get("instructions")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                warnings: Vec::new(),
            };
            if !result.is_object() {
                return Err(HandshakeFailure {
                    error: CrawlError::new(
                        ErrorKind::Protocol,
                        format!(
                            "`initialize` returned {}, not an object",
                            crate::manifest::json_kind(&result)
                        ),
                    ),
                    try_legacy_sse: false,
                    status: None,
                });
            }
            match hs.protocol_version.as_deref() {
                None => hs.warnings.push("`initialize` result has no protocolVersion".into()),
                Some(v) if !LEGACY_VERSIONS.contains(&v) => {
                    hs.warnings.push(format!("the server chose protocol version {v:?}, which mcprisk does not know; continuing"))
                }
                Some(v) => conn.configure(v, false),
            }
            if let Err(e) = conn.notify("notifications/initialized", None).await {
                hs.warnings.push(format!(
                    "`notifications/initialized` was not accepted: {}",
                    e.message
                ));
            }
            Ok(hs)
        }
        Err(RequestError::Rpc { error, http_status }) => {
            phase("server/discover".into());
            match discover(conn, &error).await {
                Some(hs) => Ok(hs),
                None => Err(HandshakeFailure {
                    error: CrawlError::new(
                        ErrorKind::Protocol,
                        format!("`initialize` failed: {}", error.describe()),
                    ),
                    try_legacy_sse: http_status.is_some_and(fallback_status),
                    status: http_status,
                }),
            }
        }
        Err(RequestError::Http { status, error }) => Err(HandshakeFailure {
            try_legacy_sse: fallback_status(status),
            error,
            status: Some(status),
        }),
        Err(RequestError::Failed(error)) => Err(HandshakeFailure {
            error,
            try_legacy_sse: false,
            status: None,
        }),
    }
}

/// Picks the version to speak from a server's supported list: the newest modern version we
/// know; failing that, the newest listed version from 2026-07-28 on (a later revision of the
/// same stateless shape, on our reading).
fn choose_modern(supported: &[String]) -> Option<String> {
    for v in MODERN_VERSIONS {
        if supported.iter().any(|s| s == v) {
            return Some(v.to_string());
        }
    }
    supported
        .iter()
        .filter(|s| s.as_str() >= MODERN_VERSIONS[MODERN_VERSIONS.len() - 1])
        .max()
        .cloned()
}

/// The 2026-era probe. `None` means the server is not modern (or not answering as one).
async fn discover<T: Transport>(conn: &mut T, init_error: &RpcError) -> Option<Handshake> {
    // The initialize error may already name the versions the server speaks.
    let mut version = choose_modern(&init_error.supported_versions())
        .unwrap_or_else(|| MODERN_VERSIONS[0].to_string());
    for _attempt in 0..2 {
        conn.configure(&version, true);
        let probe = conn.request(
            "server/discover",
            Some(json!({"_meta": modern_meta(&version)})),
        );
        match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
            Ok(Ok(result)) if result.is_object() => {
                let supported: Vec<String> = result
                    .get("supportedVersions")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                let mut warnings = Vec::new();
                if !supported.is_empty() && !supported.contains(&version) {
                    match choose_modern(&supported) {
                        Some(v) => version = v,
                        None => warnings.push(format!("server/discover lists no version mcprisk speaks ({}); trying {version}", supported.join(", "))),
                    }
                    conn.configure(&version, true);
                }
                return Some(Handshake {
                    era: Era::Modern,
                    protocol_version: Some(version),
                    capabilities: result.get("capabilities").cloned(),
                    server_info: result.get("serverInfo").cloned(),
                    instructions: result
                        .get("instructions")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    warnings,
                });
            }
            Ok(Err(RequestError::Rpc { error, .. }))
                if error.code == jsonrpc::UNSUPPORTED_PROTOCOL_VERSION =>
            {
                match choose_modern(&error.supported_versions()) {
                    Some(v) if v != version => version = v,
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    None
}

/// Lists the tools, page by page, with the guards: at most `page_limit` pages, a repeated cursor
/// ends the listing (with a warning), an empty cursor ends it normally, and at most `tool_cap`
/// tools are kept.
async fn list<T: Transport>(
    conn: &mut T,
    hs: Handshake,
    opts: &CrawlOptions,
    phase: &(dyn Fn(String) + Sync),
    mut timings: Timings,
) -> Result<Listing, CrawlError> {
    let t0 = Instant::now();
    let info_str = |k: &str| {
        hs.server_info
            .as_ref()
            .and_then(|i| i.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut listing = Listing {
        transport: conn.kind(),
        era: hs.era,
        server_name: info_str("name"),
        server_version: info_str("version"),
        server_title: info_str("title"),
        protocol_version: hs.protocol_version.clone(),
        capabilities: hs.capabilities.clone(),
        instructions: hs.instructions.clone(),
        tools: Vec::new(),
        pages: 0,
        truncated: false,
        warnings: hs.warnings.clone(),
        timings: Timings::default(),
    };
    let has_tools_capability = hs
        .capabilities
        .as_ref()
        .is_some_and(|c| c.get("tools").is_some());
    let mut cursor: Option<Value> = None;
    let mut seen_cursors: Vec<Value> = Vec::new();
    loop {
        if listing.pages >= opts.page_limit {
            listing.truncated = true;
            listing.warnings.push(format!(
                "stopped after {} pages of tools/list (page limit)",
                opts.page_limit
            ));
            break;
        }
        phase(if listing.pages == 0 {
            "tools/list".to_string()
        } else {
            format!("tools/list page {}", listing.pages + 1)
        });
        let mut params = serde_json::Map::new();
        if hs.era == Era::Modern {
            params.insert(
                "_meta".into(),
                modern_meta(hs.protocol_version.as_deref().unwrap_or(MODERN_VERSIONS[0])),
            );
        }
        if let Some(c) = &cursor {
            params.insert("cursor".into(), c.clone());
        }
        let params = if params.is_empty() {
            None
        } else {
            Some(Value::Object(params))
        };
        let result = match conn.request("tools/list", params).await {
            Ok(r) => r,
            Err(RequestError::Rpc { error, .. })
                if listing.pages == 0
                    && error.code == jsonrpc::METHOD_NOT_FOUND
                    && !has_tools_capability =>
            {
                listing.warnings.push("the server offers no tools (no `tools` capability, and tools/list is not a method)".into());
                break;
            }
            Err(e) if listing.pages > 0 => {
                let err = e.into_crawl_error(&format!("tools/list page {}", listing.pages + 1));
                listing.truncated = true;
                listing.warnings.push(format!(
                    "{}; keeping the {} tools listed so far",
                    err.message,
                    listing.tools.len()
                ));
                break;
            }
            Err(e) => return Err(e.into_crawl_error("tools/list")),
        };
        listing.pages += 1;
        match result.get("tools") {
            Some(Value::Array(tools)) => {
                let room = opts.tool_cap.saturating_sub(listing.tools.len());
                if tools.len() > room {
                    listing.tools.extend(tools.iter().take(room).cloned());
                    listing.truncated = true;
                    listing
                        .warnings
                        .push(format!("kept the first {} tools (tool cap)", opts.tool_cap));
                    break;
                }
                listing.tools.extend(tools.iter().cloned());
            }
            other => {
                let what = other.map_or("missing", crate::manifest::json_kind);
                if listing.pages == 1 {
                    return Err(CrawlError::new(
                        ErrorKind::Protocol,
                        format!("tools/list result has no `tools` array (`tools` is {what})"),
                    ));
                }
                listing.truncated = true;
                listing.warnings.push(format!(
                    "page {} of tools/list has no `tools` array (`tools` is {what}); stopped there",
                    listing.pages
                ));
                break;
            }
        }
        match result.get("nextCursor") {
            None | Some(Value::Null) => break,
            Some(Value::String(s)) if s.is_empty() => break,
            Some(c) => {
                if seen_cursors.contains(c) {
                    listing.truncated = true;
                    listing.warnings.push(format!(
                        "tools/list returned cursor {} again; stopped to avoid a loop",
                        crate::sanitize::truncate(&c.to_string(), 60)
                    ));
                    break;
                }
                seen_cursors.push(c.clone());
                cursor = Some(c.clone());
            }
        }
    }
    timings.list_ms = ms(t0);
    listing.timings = timings;
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modern_version_choice() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            choose_modern(&s(&["2025-11-25", "2026-07-28"])).as_deref(),
            Some("2026-07-28")
        );
        assert_eq!(
            choose_modern(&s(&["2027-01-01", "2026-12-01"])).as_deref(),
            Some("2027-01-01")
        );
        assert_eq!(choose_modern(&s(&["2025-11-25"])), None);
        assert_eq!(choose_modern(&[]), None);
    }
}
