//! An in-test HTTP server that plays MCP servers of every transport and era (and a registry).
//!
//! Why hand-rolled HTTP/1.1 on std threads rather than axum or hyper's server: the fixtures must
//! misbehave on purpose (405 for POST, a GET that stays open while POSTs answer on it, SSE data
//! split over lines, 400 with JSON-RPC bodies), which is a few lines here and a fight with a
//! framework's correctness elsewhere; and it adds no dependency or compile time. Every response
//! carries `Connection: close`, so one request is one connection.

use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server plays.
#[derive(Clone)]
pub enum Mode {
    /// Streamable HTTP with JSON replies and a session.
    StreamableJson,
    /// Streamable HTTP with SSE replies (a notification and a ping request before the response).
    StreamableSse,
    /// Legacy HTTP+SSE: POST is refused, GET opens the stream with an `endpoint` event.
    LegacySse,
    /// 2026-07-28 only: no initialize, per-request `_meta`, version headers.
    Modern,
    /// Streamable HTTP whose tools/list has `pages` pages of `per` tools.
    Paginated { pages: usize, per: usize },
    /// Requires `Authorization: Bearer <token>`.
    Auth { token: String },
    /// Serves an HTML page for everything.
    Html,
    /// An MCP registry (`/v0.1/servers`), pages of entries.
    Registry { pages: Vec<Vec<Value>> },
    /// A misbehaving server (see `hostile_http.rs`).
    Hostile(&'static str),
    /// Streamable HTTP serving whatever the test puts in the cell (`{"instructions": …,
    /// "tools": […]}`), read afresh for every request: a server that changes between crawls.
    Scripted(Arc<Mutex<Value>>),
}

/// One request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Recorded {
    pub fn rpc_method(&self) -> Option<String> {
        serde_json::from_str::<Value>(&self.body)
            .ok()?
            .get("method")?
            .as_str()
            .map(str::to_string)
    }
}

pub struct Fixture {
    pub addr: SocketAddr,
    pub log: Arc<Mutex<Vec<Recorded>>>,
}

impl Fixture {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }
}

struct Shared {
    mode: Mode,
    log: Arc<Mutex<Vec<Recorded>>>,
    /// Legacy SSE: where POSTed requests' responses go (the open GET stream).
    sse_tx: Mutex<Option<Sender<String>>>,
}

/// Starts a fixture on a free port; it lives until the test process ends.
pub fn start(mode: Mode) -> Fixture {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let shared = Arc::new(Shared {
        mode,
        log: log.clone(),
        sse_tx: Mutex::new(None),
    });
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let shared = shared.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &shared);
            });
        }
    });
    Fixture { addr, log }
}

pub fn read_request(stream: &mut TcpStream) -> std::io::Result<Recorded> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(Recorded {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

pub fn respond(
    stream: &mut TcpStream,
    status: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    stream.write_all(out.as_bytes())?;
    stream.flush()
}

fn json_reply(
    stream: &mut TcpStream,
    status: &str,
    v: &Value,
    extra: &[(&str, &str)],
) -> std::io::Result<()> {
    let mut headers = vec![("Content-Type", "application/json")];
    headers.extend_from_slice(extra);
    respond(stream, status, &headers, &v.to_string())
}

fn ok(id: &Value, result: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "result": result})
}

fn rpc_err(id: &Value, code: i64, message: &str, data: Option<Value>) -> Value {
    let mut e = json!({"code": code, "message": message});
    if let Some(d) = data {
        e["data"] = d;
    }
    json!({"jsonrpc": "2.0", "id": id, "error": e})
}

/// The tools every MCP fixture lists: ordinary ones and one that is off-spec.
pub fn fixture_tools() -> Value {
    json!([
        {"name": "search_issues", "description": "Search issues", "inputSchema": {"type": "object", "properties": {"q": {"type": "string"}}}},
        {"name": "delete_repository", "description": "Permanently delete a repository", "inputSchema": {"type": "object"}},
        {"name": "off_spec", "inputSchema": "not an object"}
    ])
}

fn initialize_result(req: &Value, name: &str) -> Value {
    json!({
        "protocolVersion": req["params"]["protocolVersion"].as_str().unwrap_or("2025-03-26"),
        "capabilities": {"tools": {}},
        "serverInfo": {"name": name, "version": "3.1.4"},
        "instructions": format!("{name} instructions")
    })
}

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    if matches!(shared.mode, Mode::Hostile("reset")) {
        // Accept, then close without a word.
        return Ok(());
    }
    let req = read_request(&mut stream)?;
    shared.log.lock().unwrap().push(req.clone());
    let body: Value = serde_json::from_str(&req.body).unwrap_or(Value::Null);
    let id = body.get("id").cloned().unwrap_or(Value::Null);
    let rpc = body
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let is_notification = body.get("id").is_none() && !rpc.is_empty();
    let is_answer = body.get("method").is_none()
        && (body.get("result").is_some() || body.get("error").is_some());
    match &shared.mode {
        Mode::Hostile(kind) => super::hostile_http::handle(stream, &req, &body, kind),
        Mode::Html => respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", "text/html")],
            "<html><body>Welcome!</body></html>",
        ),
        Mode::Registry { pages } => {
            if !req.path.starts_with("/v0.1/servers") {
                return respond(&mut stream, "404 Not Found", &[], "not found");
            }
            let cursor = req
                .path
                .split("cursor=")
                .nth(1)
                .map(|c| c.split('&').next().unwrap_or(c).to_string());
            let page: usize = cursor
                .as_deref()
                .and_then(|c| c.strip_prefix("p"))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let servers = pages.get(page).cloned().unwrap_or_default();
            let mut meta = json!({"count": servers.len()});
            if page + 1 < pages.len() {
                meta["nextCursor"] = json!(format!("p{}", page + 1));
            }
            json_reply(
                &mut stream,
                "200 OK",
                &json!({"servers": servers, "metadata": meta}),
                &[],
            )
        }
        Mode::LegacySse => match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/sse") => {
                let (tx, rx): (Sender<String>, Receiver<String>) = channel();
                *shared.sse_tx.lock().unwrap() = Some(tx);
                let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
                stream.write_all(head.as_bytes())?;
                stream
                    .write_all(b": hello\n\nevent: endpoint\ndata: /messages?sessionId=abc\n\n")?;
                stream.flush()?;
                for msg in rx {
                    stream.write_all(format!("event: message\ndata: {msg}\n\n").as_bytes())?;
                    stream.flush()?;
                }
                Ok(())
            }
            ("POST", p) if p.starts_with("/messages") => {
                let reply = match rpc.as_str() {
                    "initialize" => Some(ok(&id, initialize_result(&body, "legacy-sse-fixture"))),
                    "tools/list" => Some(ok(&id, json!({"tools": fixture_tools()}))),
                    _ if is_notification || is_answer => None,
                    _ => Some(rpc_err(&id, -32601, "Method not found", None)),
                };
                respond(&mut stream, "202 Accepted", &[], "Accepted")?;
                if let (Some(reply), Some(tx)) = (reply, shared.sse_tx.lock().unwrap().as_ref()) {
                    let _ = tx.send(reply.to_string());
                }
                Ok(())
            }
            ("POST", _) => respond(
                &mut stream,
                "405 Method Not Allowed",
                &[("Allow", "GET")],
                "Method Not Allowed",
            ),
            _ => respond(&mut stream, "404 Not Found", &[], "not found"),
        },
        Mode::Modern => {
            if req.method != "POST" {
                return respond(&mut stream, "405 Method Not Allowed", &[], "");
            }
            let version = body["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"]
                .as_str()
                .map(str::to_string);
            let header_version = req.headers.get("mcp-protocol-version").cloned();
            if rpc == "initialize" || version.is_none() {
                let e = rpc_err(
                    &id,
                    -32004,
                    "Unsupported protocol version",
                    Some(json!({"supported": ["2026-07-28"], "requested": version})),
                );
                return json_reply(&mut stream, "400 Bad Request", &e, &[]);
            }
            if header_version != version
                || req.headers.get("mcp-method") != Some(&rpc)
                || req.headers.contains_key("mcp-session-id")
            {
                let e = rpc_err(&id, -32001, "Header mismatch", None);
                return json_reply(&mut stream, "400 Bad Request", &e, &[]);
            }
            match rpc.as_str() {
                "server/discover" => json_reply(
                    &mut stream,
                    "200 OK",
                    &ok(
                        &id,
                        json!({"resultType": "complete", "supportedVersions": ["2026-07-28"], "capabilities": {"tools": {}},
                        "serverInfo": {"name": "modern-http-fixture", "version": "2026.7"}, "instructions": "No sessions here."}),
                    ),
                    &[],
                ),
                "tools/list" => json_reply(
                    &mut stream,
                    "200 OK",
                    &ok(
                        &id,
                        json!({"resultType": "complete", "tools": fixture_tools()}),
                    ),
                    &[],
                ),
                _ => json_reply(
                    &mut stream,
                    "404 Not Found",
                    &rpc_err(&id, -32601, "Method not found", None),
                    &[],
                ),
            }
        }
        Mode::StreamableJson
        | Mode::StreamableSse
        | Mode::Paginated { .. }
        | Mode::Auth { .. }
        | Mode::Scripted(_) => {
            if let Mode::Auth { token } = &shared.mode
                && req.headers.get("authorization") != Some(&format!("Bearer {token}"))
            {
                return respond(
                    &mut stream,
                    "401 Unauthorized",
                    &[("WWW-Authenticate", "Bearer")],
                    "unauthorized",
                );
            }
            match req.method.as_str() {
                "DELETE" => return respond(&mut stream, "200 OK", &[], ""),
                "GET" => return respond(&mut stream, "405 Method Not Allowed", &[], ""),
                _ => {}
            }
            if is_notification || is_answer {
                return respond(&mut stream, "202 Accepted", &[], "");
            }
            if rpc != "initialize"
                && (req.headers.get("mcp-session-id").map(String::as_str) != Some("sess-42")
                    || req.headers.get("mcp-protocol-version").map(String::as_str)
                        != Some("2025-11-25"))
            {
                return respond(
                    &mut stream,
                    "400 Bad Request",
                    &[],
                    "Bad Request: missing session or protocol version header",
                );
            }
            let reply = match (rpc.as_str(), &shared.mode) {
                ("initialize", Mode::Scripted(cell)) => {
                    let mut r = initialize_result(&body, "scripted-fixture");
                    let state = cell.lock().unwrap();
                    r["instructions"] = state["instructions"].clone();
                    if let Some(v) = state.get("version") {
                        r["serverInfo"]["version"] = v.clone();
                    }
                    ok(&id, r)
                }
                ("initialize", _) => ok(&id, initialize_result(&body, "streamable-fixture")),
                ("tools/list", Mode::Scripted(cell)) => {
                    ok(&id, json!({"tools": cell.lock().unwrap()["tools"].clone()}))
                }
                ("tools/list", Mode::Paginated { pages, per }) => {
                    let page: usize = body["params"]["cursor"]
                        .as_str()
                        .and_then(|c| c.strip_prefix("c"))
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0);
                    let tools: Vec<Value> = (0..*per)
                        .map(|i| json!({"name": format!("p{page}_t{i}"), "description": "paged"}))
                        .collect();
                    let mut r = json!({"tools": tools});
                    if page + 1 < *pages {
                        r["nextCursor"] = json!(format!("c{}", page + 1));
                    }
                    ok(&id, r)
                }
                ("tools/list", _) => ok(&id, json!({"tools": fixture_tools()})),
                _ => rpc_err(&id, -32601, "Method not found", None),
            };
            let session = [("Mcp-Session-Id", "sess-42")];
            let extra: &[(&str, &str)] = if rpc == "initialize" { &session } else { &[] };
            if matches!(shared.mode, Mode::StreamableSse) {
                // A notification, a request to the client, then the response with its JSON
                // split over two `data:` lines.
                let text = reply.to_string();
                let (a, b) = text.split_at(text.find(",\"").map_or(text.len() / 2, |i| i + 1));
                let events = format!(
                    ": stream opened\n\nevent: message\ndata: {}\n\nevent: message\ndata: {}\n\nevent: message\ndata: {a}\ndata: {b}\n\n",
                    json!({"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progress": 1}}),
                    json!({"jsonrpc": "2.0", "id": "server-ping-1", "method": "ping"})
                );
                let mut headers = vec![("Content-Type", "text/event-stream")];
                headers.extend_from_slice(extra);
                respond(&mut stream, "200 OK", &headers, &events)
            } else {
                json_reply(&mut stream, "200 OK", &reply, extra)
            }
        }
    }
}
