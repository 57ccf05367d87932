//! The Streamable HTTP transport (protocol 2025-03-26 and later).
//!
//! Every message is a POST to the MCP endpoint with `Accept: application/json,
//! text/event-stream`. The server answers a request with one JSON body or an SSE stream that
//! carries notifications (and possibly requests to us) before the response. A session id the
//! server assigns on `initialize` (`Mcp-Session-Id`) is sent back on every later request together
//! with `MCP-Protocol-Version`, and the session is deleted at the end. In the 2026 era there is
//! no session; every request carries the version header and `Mcp-Method`.
//!
//! Headers from the server's source (e.g. `Authorization`) are sent with every request, never
//! logged, and redirects are only followed within the same origin so they cannot be carried to
//! another host.

use super::jsonrpc::{self, Incoming, Step};
use super::sse::{SseParser, event_messages};
use super::transport::RequestError;
use super::{CrawlError, ErrorKind, TransportKind};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use std::time::Duration;

/// The HTTP client for crawls: same-origin redirects only, a connect timeout (the overall
/// per-server timeout covers the rest), our user agent.
pub fn client() -> Result<reqwest::Client, CrawlError> {
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        let same = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if !same {
            let to = crate::redact::redact_url(attempt.url().as_str());
            attempt.error(RedirectRefused(format!(
                "a redirect to another origin ({to}) was refused: headers given for a server are only sent to it"
            )))
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(RedirectRefused(format!(
                "more than {MAX_REDIRECTS} redirects (a redirect loop?)"
            )))
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .redirect(policy)
        .user_agent(concat!("mcprisk/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| {
            CrawlError::new(
                ErrorKind::Transport,
                format!("cannot create an HTTP client: {e}"),
            )
        })
}

/// Redirects followed at most.
const MAX_REDIRECTS: usize = 5;

/// Why the redirect policy stopped.
#[derive(Debug)]
struct RedirectRefused(String);

impl std::fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RedirectRefused {}

/// A transport error from reqwest, with the URL left out (it may carry credentials in its
/// query) and the underlying cause kept.
pub fn reqwest_error(e: &reqwest::Error) -> CrawlError {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else if e.is_redirect() {
        ErrorKind::HttpStatus
    } else {
        ErrorKind::Transport
    };
    let what = if e.is_connect() {
        "could not connect"
    } else if e.is_timeout() {
        "the request timed out"
    } else if e.is_redirect() {
        "redirect not followed"
    } else if e.is_body() || e.is_decode() {
        "the response body could not be read"
    } else {
        "the request failed"
    };
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !causes.contains(&text) {
            causes.push(text);
        }
        source = s.source();
    }
    let msg = if causes.is_empty() {
        what.to_string()
    } else {
        format!("{what}: {}", causes.join(": "))
    };
    CrawlError::new(kind, msg)
}

pub fn content_type(resp: &reqwest::Response) -> String {
    resp.headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Reads a body up to `max` bytes.
async fn read_body(resp: &mut reqwest::Response, max: usize) -> Result<Vec<u8>, CrawlError> {
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| reqwest_error(&e))? {
        body.extend_from_slice(&chunk);
        if body.len() > max {
            return Err(CrawlError::new(
                ErrorKind::TooLarge,
                format!("the HTTP response exceeds {max} bytes"),
            ));
        }
    }
    Ok(body)
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(300)]);
    let text = crate::sanitize::line(&text);
    if text.is_empty() {
        String::new()
    } else {
        format!(": {text}")
    }
}

/// An error for a non-success status, with the start of the body.
pub async fn status_error(
    status: reqwest::StatusCode,
    what: &str,
    mut resp: reqwest::Response,
) -> CrawlError {
    let body = read_body(&mut resp, 64 << 10).await.unwrap_or_default();
    let kind = match status.as_u16() {
        401 | 403 => ErrorKind::AuthRequired,
        _ => ErrorKind::HttpStatus,
    };
    CrawlError::new(
        kind,
        format!("{what} returned HTTP {status}{}", snippet(&body)),
    )
}

/// A Streamable HTTP connection to one MCP endpoint.
pub struct HttpConn {
    client: reqwest::Client,
    url: reqwest::Url,
    headers: HeaderMap,
    session_id: Option<String>,
    protocol_version: Option<String>,
    modern: bool,
    next_id: u64,
    max: usize,
}

/// Builds a header map from the source's headers; a bad name or value is reported by name only.
pub fn header_map(headers: &[(String, String)]) -> Result<HeaderMap, CrawlError> {
    let mut map = HeaderMap::new();
    for (k, v) in headers {
        let name = HeaderName::from_bytes(k.as_bytes()).map_err(|_| {
            CrawlError::new(ErrorKind::Transport, format!("invalid header name {k:?}"))
        })?;
        let mut value = HeaderValue::from_str(v).map_err(|_| {
            CrawlError::new(
                ErrorKind::Transport,
                format!("invalid value for header {k} (value not shown)"),
            )
        })?;
        value.set_sensitive(true);
        map.append(name, value);
    }
    Ok(map)
}

impl HttpConn {
    pub fn new(
        client: reqwest::Client,
        url: &str,
        headers: &[(String, String)],
        max: usize,
    ) -> Result<HttpConn, CrawlError> {
        let url = reqwest::Url::parse(url).map_err(|e| {
            CrawlError::new(
                ErrorKind::Transport,
                format!("invalid URL {}: {e}", crate::redact::redact_url(url)),
            )
        })?;
        Ok(HttpConn {
            client,
            url,
            headers: header_map(headers)?,
            session_id: None,
            protocol_version: None,
            modern: false,
            next_id: 1,
            max,
        })
    }

    fn post(&self, body: &Value, method: &str) -> reqwest::RequestBuilder {
        let mut headers = self.headers.clone();
        headers.insert(
            reqwest::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json, text/event-stream"),
        );
        if let Some(v) = self
            .protocol_version
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert("mcp-protocol-version", v);
        }
        if let Some(v) = self
            .session_id
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert("mcp-session-id", v);
        }
        if self.modern
            && let Ok(v) = HeaderValue::from_str(method)
        {
            headers.insert("mcp-method", v);
        }
        self.client
            .post(self.url.clone())
            .headers(headers)
            .body(body.to_string())
    }

    /// Non-success statuses: a JSON-RPC error body is the server speaking MCP (the 2026 era
    /// answers unsupported versions and unknown methods that way); anything else is an HTTP
    /// error, which may send the session to the legacy SSE fallback.
    async fn failed(&self, resp: reqwest::Response, method: &str) -> RequestError {
        let status = resp.status();
        let mut resp = resp;
        let body = read_body(&mut resp, 64 << 10).await.unwrap_or_default();
        if let Ok(v) = serde_json::from_slice::<Value>(&body) {
            for m in jsonrpc::classify(v) {
                if let Incoming::Response {
                    outcome: Err(error),
                    ..
                } = m
                {
                    return RequestError::Rpc {
                        error,
                        http_status: Some(status.as_u16()),
                    };
                }
            }
        }
        let kind = match status.as_u16() {
            401 | 403 => ErrorKind::AuthRequired,
            404 if self.session_id.is_some() => ErrorKind::Protocol,
            _ => ErrorKind::HttpStatus,
        };
        let mut msg = format!("POST `{method}` returned HTTP {status}{}", snippet(&body));
        if kind == ErrorKind::Protocol {
            msg.push_str(" (the server forgot our session)");
        }
        RequestError::Http {
            status: status.as_u16(),
            error: CrawlError::new(kind, msg),
        }
    }
}

impl super::transport::Transport for HttpConn {
    fn kind(&self) -> TransportKind {
        TransportKind::StreamableHttp
    }

    fn configure(&mut self, protocol_version: &str, modern: bool) {
        self.protocol_version = Some(protocol_version.to_string());
        self.modern = modern;
        if modern {
            self.session_id = None;
        }
    }

    async fn request(
        &mut self,
        method: &str,
        params: Option<Value>,
    ) -> Result<Value, RequestError> {
        let id = self.next_id;
        self.next_id += 1;
        let body = jsonrpc::request(id, method, params);
        let mut resp = self
            .post(&body, method)
            .send()
            .await
            .map_err(|e| reqwest_error(&e))?;
        if !resp.status().is_success() {
            return Err(self.failed(resp, method).await);
        }
        if method == "initialize"
            && let Some(sid) = resp
                .headers()
                .get("mcp-session-id")
                .and_then(|v| v.to_str().ok())
        {
            self.session_id = Some(sid.to_string());
        }
        let ctype = content_type(&resp);
        if ctype.starts_with("text/event-stream") {
            let mut parser = SseParser::new(self.max);
            while let Some(chunk) = resp.chunk().await.map_err(|e| reqwest_error(&e))? {
                for ev in parser.feed(&chunk)? {
                    for msg in event_messages(&ev) {
                        match jsonrpc::step(msg, id, method) {
                            Step::Answer(outcome) => {
                                return outcome.map_err(|error| RequestError::Rpc {
                                    error,
                                    http_status: None,
                                });
                            }
                            Step::Fail(e) => return Err(e.into()),
                            Step::Reply { answer, method: m } => {
                                // Answer on a separate POST; its reply (202) carries nothing.
                                let _ = self.post(&answer, &m).send().await;
                            }
                            Step::Skip { .. } => {}
                        }
                    }
                }
            }
            return Err(CrawlError::new(
                ErrorKind::Protocol,
                format!("the SSE reply to `{method}` ended without a response"),
            )
            .into());
        }
        let status = resp.status();
        let body = read_body(&mut resp, self.max).await?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(CrawlError::new(
                ErrorKind::Protocol,
                format!("`{method}` got HTTP {status} with an empty body instead of a response"),
            )
            .into());
        }
        // Invalid UTF-8 becomes U+FFFD, as on stdio.
        let text = String::from_utf8_lossy(&body);
        let v: Value = serde_json::from_str(&text).map_err(|e| {
            if jsonrpc::looks_like_message(&text) {
                return jsonrpc::broken(&e);
            }
            let what = if ctype.is_empty() {
                "no content type".to_string()
            } else {
                format!("`{ctype}`")
            };
            CrawlError::new(
                ErrorKind::NotMcp,
                format!("`{method}` got {what} that is not JSON{}", snippet(&body)),
            )
        })?;
        let mut other_ids = Vec::new();
        for msg in jsonrpc::classify(v) {
            if let Incoming::Response { id: got, outcome } = msg {
                if jsonrpc::id_matches(id, &got) {
                    return outcome.map_err(|error| RequestError::Rpc {
                        error,
                        http_status: None,
                    });
                }
                other_ids.push(crate::sanitize::truncate(&got.to_string(), 40));
            }
        }
        let detail = if other_ids.is_empty() {
            String::new()
        } else {
            format!(" (it answers id {}, we sent id {id})", other_ids.join(", "))
        };
        Err(CrawlError::new(
            ErrorKind::Protocol,
            format!("the reply to `{method}` holds no response to our request{detail}"),
        )
        .into())
    }

    async fn notify(&mut self, method: &str, params: Option<Value>) -> Result<(), CrawlError> {
        let resp = self
            .post(&jsonrpc::notification(method, params), method)
            .send()
            .await
            .map_err(|e| reqwest_error(&e))?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(status_error(resp.status(), &format!("POST `{method}`"), resp).await)
        }
    }

    /// Ends the session with DELETE, as the specification asks; a server that does not allow
    /// it (405) or is gone is fine.
    async fn close(&mut self) {
        let Some(sid) = self.session_id.take() else {
            return;
        };
        let mut headers = self.headers.clone();
        if let Ok(v) = HeaderValue::from_str(&sid) {
            headers.insert("mcp-session-id", v);
        }
        if let Some(v) = self
            .protocol_version
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert("mcp-protocol-version", v);
        }
        let _ = self
            .client
            .delete(self.url.clone())
            .headers(headers)
            .timeout(Duration::from_secs(3))
            .send()
            .await;
    }
}
