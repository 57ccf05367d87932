//! HTTP servers at their worst: one behaviour per [`super::fixture_http::Mode::Hostile`] kind.
//! Apart from its one fault, each plays a minimal stateless Streamable HTTP server with the
//! same three tools as the stdio fixture's `good` behaviour.

use super::fixture_http::{Recorded, respond};
use serde_json::{Value, json};
use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

/// The kinds this module plays, for the test table.
pub const KINDS: &[&str] = &[
    "http_500",
    "http_401",
    "http_404",
    "redirect_loop",
    "redirect_other_origin",
    "slow_drip",
    "sse_silent",
    "sse_no_response",
    "sse_deep",
    "gzip_bomb",
    "html",
    "text_plain_json",
    "binary",
    "empty_body",
    "huge_body",
    "wrong_id",
    "bad_version",
    "never_answers",
    "truncated_body",
    "endless_pages",
    "sse_endpoint_elsewhere",
    "reset",
];

fn good_tools() -> Value {
    json!([
        {"name": "read_file", "description": "Read a file", "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}}},
        {"name": "write_file", "description": "Write a file", "inputSchema": {"type": "object"}},
        {"name": "list_dir", "description": "List a directory"}
    ])
}

fn reply(id: &Value, result: Value) -> String {
    json!({"jsonrpc": "2.0", "id": id, "result": result}).to_string()
}

fn head(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)]) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    stream.flush()
}

/// A gzip stream of 256 MiB of zeros (about 250 KB), made once by python3's zlib. Call it
/// before a crawl so that making it does not count against the crawl's timeout.
pub fn gzip_bomb() -> &'static [u8] {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| {
        let out = std::process::Command::new("python3")
            .args([
                "-c",
                "import gzip, sys; sys.stdout.buffer.write(gzip.compress(b'\\0' * (256 << 20), 6))",
            ])
            .output()
            .expect("python3 makes the gzip bomb");
        assert!(out.status.success());
        out.stdout
    })
}

pub fn handle(
    mut stream: TcpStream,
    req: &Recorded,
    body: &Value,
    kind: &str,
) -> std::io::Result<()> {
    let s = &mut stream;
    let id = body.get("id").cloned().unwrap_or(Value::Null);
    let rpc = body
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let port = s.local_addr()?.port();
    match (kind, req.method.as_str()) {
        ("http_404", _) => return respond(s, "404 Not Found", &[], "no such endpoint"),
        ("sse_endpoint_elsewhere", "POST") => {
            return respond(s, "405 Method Not Allowed", &[("Allow", "GET")], "");
        }
        ("sse_endpoint_elsewhere", "GET") => {
            head(s, "200 OK", &[("Content-Type", "text/event-stream")])?;
            let ev = format!("event: endpoint\ndata: http://localhost:{port}/messages\n\n");
            s.write_all(ev.as_bytes())?;
            s.flush()?;
            std::thread::sleep(Duration::from_secs(20));
            return Ok(());
        }
        (_, "DELETE") => return respond(s, "200 OK", &[], ""),
        (_, "GET") => return respond(s, "405 Method Not Allowed", &[], ""),
        _ => {}
    }
    if body.get("id").is_none() {
        return respond(s, "202 Accepted", &[], "");
    }
    let good = match rpc {
        "initialize" => reply(
            &id,
            json!({"protocolVersion": body["params"]["protocolVersion"], "capabilities": {"tools": {}},
                   "serverInfo": {"name": format!("hostile-{kind}"), "version": "1.0.0"}}),
        ),
        "tools/list" => reply(&id, json!({"tools": good_tools()})),
        _ => json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "Method not found"}})
            .to_string(),
    };
    let json_ct = [("Content-Type", "application/json")];
    // What the client sent that may be secret: servers echo it back.
    let echoed = format!(
        "authorization {} path {}",
        req.headers.get("authorization").map_or("", String::as_str),
        req.path
    );
    match kind {
        "echo_secret" if rpc == "tools/list" => {
            let tools = json!([{"name": "leaky", "description": format!("Seen: {echoed}")}, {"name": "plain"}]);
            respond(s, "200 OK", &json_ct, &reply(&id, json!({"tools": tools})))
        }
        "echo_secret_500" => respond(
            s,
            "500 Internal Server Error",
            &[("Content-Type", "text/plain")],
            &format!("bad credentials: {echoed}"),
        ),
        "http_500" => respond(
            s,
            "500 Internal Server Error",
            &[("Content-Type", "text/plain")],
            "Internal Server Error \u{1b}[31mstack trace\u{1b}[0m",
        ),
        "http_401" => respond(
            s,
            "401 Unauthorized",
            &[("WWW-Authenticate", "Bearer realm=\"mcp\"")],
            "unauthorized",
        ),
        "redirect_loop" => respond(s, "307 Temporary Redirect", &[("Location", &req.path)], ""),
        "redirect_other_origin" => {
            let to = format!("http://localhost:{port}{}", req.path);
            respond(s, "307 Temporary Redirect", &[("Location", &to)], "")
        }
        "slow_drip" => {
            head(
                s,
                "200 OK",
                &[
                    ("Content-Type", "application/json"),
                    ("Content-Length", &good.len().to_string()),
                ],
            )?;
            for b in good.bytes() {
                s.write_all(&[b])?;
                s.flush()?;
                std::thread::sleep(Duration::from_millis(300));
            }
            Ok(())
        }
        "sse_silent" => {
            head(s, "200 OK", &[("Content-Type", "text/event-stream")])?;
            for _ in 0..200 {
                s.write_all(b": still thinking\n\n")?;
                s.flush()?;
                std::thread::sleep(Duration::from_millis(200));
            }
            Ok(())
        }
        "sse_no_response" => {
            let ev = "event: message\ndata: {\"jsonrpc\": \"2.0\", \"method\": \"notifications/progress\", \"params\": {}}\n\n";
            respond(s, "200 OK", &[("Content-Type", "text/event-stream")], ev)
        }
        "sse_deep" if rpc == "tools/list" => {
            let deep = format!(
                "{{\"jsonrpc\": \"2.0\", \"id\": {id}, \"result\": {{\"tools\": [{{\"name\": \"deep\", \"inputSchema\": {}{}}}]}}}}",
                "{\"a\": ".repeat(5000),
                "}".repeat(5000)
            );
            respond(
                s,
                "200 OK",
                &[("Content-Type", "text/event-stream")],
                &format!("data: {deep}\n\n"),
            )
        }
        "gzip_bomb" if rpc == "tools/list" => {
            let bomb = gzip_bomb();
            head(
                s,
                "200 OK",
                &[
                    ("Content-Type", "application/json"),
                    ("Content-Encoding", "gzip"),
                    ("Content-Length", &bomb.len().to_string()),
                ],
            )?;
            s.write_all(bomb)?;
            s.flush()
        }
        "html" => respond(
            s,
            "200 OK",
            &[("Content-Type", "text/html")],
            "<!doctype html><h1>Welcome</h1>",
        ),
        "text_plain_json" => respond(s, "200 OK", &[("Content-Type", "text/plain")], &good),
        "binary" => {
            head(
                s,
                "200 OK",
                &[("Content-Type", "image/png"), ("Content-Length", "16")],
            )?;
            s.write_all(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")?;
            s.flush()
        }
        "empty_body" if rpc == "tools/list" => respond(s, "200 OK", &json_ct, ""),
        "huge_body" if rpc == "tools/list" => {
            head(
                s,
                "200 OK",
                &[
                    ("Content-Type", "application/json"),
                    ("Content-Length", &(100usize << 20).to_string()),
                ],
            )?;
            s.write_all(b"{\"jsonrpc\": \"2.0\", \"id\": 2, \"result\": {\"tools\": [{\"name\": \"x\", \"description\": \"")?;
            let chunk = vec![b'x'; 1 << 20];
            for _ in 0..100 {
                s.write_all(&chunk)?;
            }
            Ok(())
        }
        "wrong_id" if rpc == "tools/list" => {
            let wrong = json!(id.as_u64().unwrap_or(0) + 1000);
            respond(
                s,
                "200 OK",
                &json_ct,
                &reply(&wrong, json!({"tools": good_tools()})),
            )
        }
        "bad_version" if rpc == "initialize" => respond(
            s,
            "200 OK",
            &json_ct,
            &reply(
                &id,
                json!({"protocolVersion": "1999-99-99", "capabilities": {"tools": {}}, "serverInfo": {"name": "odd", "version": "0"}}),
            ),
        ),
        "never_answers" => {
            std::thread::sleep(Duration::from_secs(30));
            Ok(())
        }
        "truncated_body" if rpc == "tools/list" => {
            head(
                s,
                "200 OK",
                &[
                    ("Content-Type", "application/json"),
                    ("Content-Length", "1000"),
                ],
            )?;
            s.write_all(&good.as_bytes()[..good.len() / 2])?;
            s.flush()
        }
        "endless_pages" if rpc == "tools/list" => {
            let n: u64 = body["params"]["cursor"]
                .as_str()
                .and_then(|c| c.strip_prefix('c'))
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            let r = json!({"tools": [{"name": format!("page_{n}")}], "nextCursor": format!("c{}", n + 1)});
            respond(s, "200 OK", &json_ct, &reply(&id, r))
        }
        _ => respond(s, "200 OK", &json_ct, &good),
    }
}
