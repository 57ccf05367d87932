//! The Streamable HTTP transport: one endpoint, `/mcp`. A POST carries a JSON-RPC message and
//! is answered with one JSON body (the specification lets a server answer with JSON instead
//! of an event stream); a POST holding only notifications or responses gets `202 Accepted`.
//! GET (a server-to-client stream) and DELETE (ending a session) are `405`: this server sends
//! nothing unasked and keeps no sessions.
//!
//! Guards, in order: the path; the `Origin` header (a browser page on another site must not
//! reach a server on localhost: DNS rebinding); the bearer token when one is set; the method;
//! the body size; the 2026-07-28 headers (`MCP-Protocol-Version` must be a version we speak,
//! `Mcp-Method` must match the body).
//!
//! HTTP itself is hyper's (already in the dependency tree through reqwest): parsing HTTP/1.1
//! by hand is where request smuggling and slow-client bugs live.

use super::Service;
use super::protocol::{self, PARSE_ERROR};
use crate::crawl::jsonrpc::HEADER_MISMATCH;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Value, json};
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// The endpoint's path.
pub const PATH: &str = "/mcp";
/// The largest request body we read.
pub const MAX_BODY_BYTES: usize = super::stdio::MAX_MESSAGE_BYTES;
/// How long a client may take to send its request headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// What every request is checked against.
pub struct Guard {
    /// The bearer token clients must present, if any.
    pub token: Option<String>,
}

/// Serves on `listener` until `shutdown` completes.
pub async fn serve(
    service: Arc<Service>,
    listener: TcpListener,
    guard: Guard,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let guard = Arc::new(guard);
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // A connection that failed before it was accepted (reset, out of descriptors)
                // is that client's problem, not the server's end.
                Err(e) => {
                    eprintln!("mcprisk serve: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => return Ok(()),
        };
        let service = service.clone();
        let guard = guard.clone();
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(move |req| {
                let service = service.clone();
                let guard = guard.clone();
                async move { Ok::<_, Infallible>(handle(&service, &guard, req).await) }
            });
            // Errors here are one client's broken connection; the server goes on.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
    }
}

type Reply = Response<Full<Bytes>>;

fn reply(status: StatusCode, body: Option<&Value>) -> Reply {
    let mut r = Response::new(Full::new(match body {
        Some(v) => Bytes::from(crate::sanitize::json(
            serde_json::to_string(v).expect("a JSON value serialises"),
        )),
        None => Bytes::new(),
    }));
    *r.status_mut() = status;
    if body.is_some() {
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    r
}

fn plain(status: StatusCode, text: &'static str) -> Reply {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

async fn handle(service: &Arc<Service>, guard: &Guard, req: Request<Incoming>) -> Reply {
    if req.uri().path() != PATH {
        return plain(
            StatusCode::NOT_FOUND,
            "not found: the MCP endpoint is /mcp\n",
        );
    }
    if !origin_allowed(&req) {
        return plain(
            StatusCode::FORBIDDEN,
            "forbidden: requests from another site's pages are refused\n",
        );
    }
    if let Some(token) = &guard.token
        && !bearer_matches(&req, token)
    {
        let mut r = plain(
            StatusCode::UNAUTHORIZED,
            "unauthorized: send Authorization: Bearer <token>\n",
        );
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"mcprisk\""),
        );
        return r;
    }
    if req.method() != Method::POST {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "method not allowed: POST JSON-RPC messages to /mcp\n",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    let version_header = header_str(&req, "mcp-protocol-version");
    let method_header = header_str(&req, "mcp-method");
    let body = match Limited::new(req.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload too large: a message may be at most 4 MiB\n",
            );
        }
    };
    let msg: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            let err = protocol::error(
                Value::Null,
                PARSE_ERROR,
                format!("the body is not JSON ({e})"),
                None,
            );
            return reply(StatusCode::BAD_REQUEST, Some(&err));
        }
    };
    if let Some(refused) = check_headers(&msg, version_header, method_header) {
        return reply(StatusCode::BAD_REQUEST, Some(&refused));
    }
    let expects_answer = protocol::has_request(&msg);
    let service = service.clone();
    let answer = match tokio::task::spawn_blocking(move || protocol::handle(&service, msg)).await {
        Ok(a) => a,
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n"),
    };
    match answer {
        Some(a) if expects_answer => reply(StatusCode::OK, Some(&a)),
        // An invalid message that was no request still gets its error.
        Some(a) => reply(StatusCode::BAD_REQUEST, Some(&a)),
        None => reply(StatusCode::ACCEPTED, None),
    }
}

fn header_str(req: &Request<Incoming>, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
}

/// The 2026-07-28 headers must agree with the body: a gateway routes on them.
fn check_headers(msg: &Value, version: Option<String>, method: Option<String>) -> Option<Value> {
    let id = msg.get("id").cloned().unwrap_or(Value::Null);
    if let Some(v) = version
        && let Err(r) = protocol::check_version(&v)
    {
        return Some(protocol::error(id, r.code, r.message, r.data));
    }
    let body_method = msg.get("method").and_then(Value::as_str);
    if let (Some(h), Some(b)) = (method.as_deref(), body_method)
        && h != b
    {
        return Some(protocol::error(
            id,
            HEADER_MISMATCH,
            format!("the Mcp-Method header ({h:?}) does not match the body's method ({b:?})"),
            Some(json!({"header": "Mcp-Method"})),
        ));
    }
    None
}

/// A request without `Origin` comes from a program, not a web page, and is allowed. A page's
/// request is allowed only from a loopback origin or from the server's own host.
fn origin_allowed(req: &Request<Incoming>) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let Ok(url) = reqwest::Url::parse(origin) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
    {
        return true;
    }
    let own = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| h.rsplit_once(':').map_or(h, |(name, _)| name).to_string());
    own.is_some_and(|own| own.eq_ignore_ascii_case(host))
}

/// `Authorization: Bearer <token>`, compared in constant time.
fn bearer_matches(req: &Request<Incoming>, token: &str) -> bool {
    let Some(given) = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some(given) = given
        .strip_prefix("Bearer ")
        .or_else(|| given.strip_prefix("bearer "))
    else {
        return false;
    };
    constant_time_eq(given.trim().as_bytes(), token.as_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"secret-token", b"secret-token"));
        assert!(!constant_time_eq(b"secret-token", b"secret-tokem"));
        assert!(!constant_time_eq(b"secret", b"secret-token"));
    }

    #[test]
    fn modern_headers_must_match_the_body() {
        let msg = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
        assert!(
            check_headers(&msg, Some("2026-07-28".into()), Some("tools/list".into())).is_none()
        );
        let e = check_headers(&msg, None, Some("tools/call".into())).unwrap();
        assert_eq!(e["error"]["code"], HEADER_MISMATCH);
        let e = check_headers(&msg, Some("1999-01-01".into()), None).unwrap();
        assert_eq!(
            e["error"]["code"],
            crate::crawl::jsonrpc::UNSUPPORTED_PROTOCOL_VERSION
        );
        assert_eq!(e["id"], 1);
    }
}
