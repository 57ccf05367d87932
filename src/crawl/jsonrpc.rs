//! JSON-RPC 2.0 as servers actually speak it.
//!
//! Lenient where leniency costs nothing: a missing `"jsonrpc": "2.0"` is accepted, ids match
//! across number/string spellings (`1` answers `"1"`), batches (arrays) are split, and anything
//! that is not a message is reported as such instead of ending the conversation. Strict where
//! it matters: a response must carry our id, and a response with neither `result` nor `error` is
//! an error.

use super::{CrawlError, ErrorKind};
use serde_json::{Value, json};

/// A JSON-RPC error object from the server.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl RpcError {
    fn from_value(v: &Value) -> RpcError {
        RpcError {
            code: v.get("code").and_then(Value::as_i64).unwrap_or(0),
            message: match v.get("message") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            },
            data: v.get("data").cloned(),
        }
    }

    /// `-32601 Method not found` and friends, for messages.
    pub fn describe(&self) -> String {
        let mut s = format!("JSON-RPC error {}: {}", self.code, self.message);
        if let Some(data) = &self.data {
            let d = data.to_string();
            if d.len() <= 300 {
                s.push_str(&format!(" ({d})"));
            }
        }
        s
    }

    /// The protocol versions an error lists as supported (`data.supported`), if any. Both the
    /// legacy `initialize` error and the 2026 `UnsupportedProtocolVersionError` use this shape.
    pub fn supported_versions(&self) -> Vec<String> {
        self.data
            .as_ref()
            .and_then(|d| d.get("supported"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Standard and MCP error codes we act on.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// 2026-07-28 `UnsupportedProtocolVersionError`.
pub const UNSUPPORTED_PROTOCOL_VERSION: i64 = -32004;
/// 2026-07-28 `HeaderMismatch` (Streamable HTTP header validation).
pub const HEADER_MISMATCH: i64 = -32001;

/// One incoming message, classified.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// A response (result or error) to the request with this id.
    Response {
        id: Value,
        outcome: Result<Value, RpcError>,
    },
    /// A request from the server (it expects an answer).
    Request {
        id: Value,
        method: String,
        params: Option<Value>,
    },
    /// A notification from the server.
    Notification { method: String },
    /// Valid JSON that is no JSON-RPC message.
    Invalid(String),
    /// Text that was meant to be a JSON-RPC message (it starts with `{` and names `"jsonrpc"`)
    /// but does not parse: the conversation cannot go on.
    Broken(CrawlError),
}

/// What one incoming message means to a request still waiting for its answer. Every transport
/// waits the same way; only how it reads messages and sends replies differs.
#[derive(Debug)]
pub enum Step {
    /// The answer: a result, or the server's JSON-RPC error.
    Answer(Result<Value, RpcError>),
    /// The conversation cannot go on (a broken message, an answer to a request never sent).
    Fail(CrawlError),
    /// The server asked something (`method`): send `answer`, and keep waiting.
    Reply { answer: Value, method: String },
    /// Nothing for this request (a notification, an answer to an earlier request); keep
    /// waiting. `noise` marks valid JSON that is no JSON-RPC message.
    Skip { noise: bool },
}

/// Decides what `msg` means to the request `waiting_for` (sent for `method`).
pub fn step(msg: Incoming, waiting_for: u64, method: &str) -> Step {
    match msg {
        Incoming::Response { id, outcome } if id_matches(waiting_for, &id) => Step::Answer(outcome),
        Incoming::Response { id, .. } if !was_sent(&id, waiting_for) => {
            Step::Fail(unsent_id(&id, waiting_for, method))
        }
        Incoming::Broken(e) => Step::Fail(e),
        Incoming::Request { id, method, .. } => Step::Reply {
            answer: answer_server_request(&id, &method),
            method,
        },
        Incoming::Invalid(_) => Step::Skip { noise: true },
        Incoming::Response { .. } | Incoming::Notification { .. } => Step::Skip { noise: false },
    }
}

/// Classifies one JSON value (which may be a batch) into messages.
pub fn classify(v: Value) -> Vec<Incoming> {
    match v {
        Value::Array(items) => items.into_iter().flat_map(classify).collect(),
        Value::Object(mut obj) => {
            let id = obj.remove("id").filter(|id| !id.is_null());
            let method = obj
                .get("method")
                .and_then(Value::as_str)
                .map(str::to_string);
            match (id, method) {
                (Some(id), Some(method)) => vec![Incoming::Request {
                    id,
                    method,
                    params: obj.remove("params"),
                }],
                (None, Some(method)) => vec![Incoming::Notification { method }],
                (id, None) => {
                    let outcome = if let Some(err) = obj.get("error").filter(|e| !e.is_null()) {
                        Err(RpcError::from_value(err))
                    } else if let Some(result) = obj.remove("result") {
                        Ok(result)
                    } else {
                        return vec![Incoming::Invalid(
                            "an object with neither `method`, `result` nor `error`".into(),
                        )];
                    };
                    // An error without id answers a request the server could not parse; we
                    // treat it as an answer to whatever we are waiting for.
                    vec![Incoming::Response {
                        id: id.unwrap_or(Value::Null),
                        outcome,
                    }]
                }
            }
        }
        other => vec![Incoming::Invalid(format!(
            "{} instead of a JSON-RPC object",
            crate::manifest::json_kind(&other)
        ))],
    }
}

/// Whether `text` was meant as a JSON-RPC message: an object that names `"jsonrpc"`. Text like
/// this that does not parse is a broken message, not a log line to skip.
pub fn looks_like_message(text: &str) -> bool {
    text.trim_start().starts_with('{') && text.contains("\"jsonrpc\"")
}

/// The error for a message that does not parse. serde_json refuses nesting deeper than 128
/// levels (so that a hostile message cannot overflow the stack); that is a size limit, not a
/// syntax error.
pub fn broken(e: &serde_json::Error) -> CrawlError {
    let text = e.to_string();
    if text.starts_with("recursion limit exceeded") {
        CrawlError::new(
            ErrorKind::TooLarge,
            format!(
                "a message from the server is nested more than {MAX_NESTING} levels deep ({text})"
            ),
        )
    } else {
        CrawlError::new(
            ErrorKind::Protocol,
            format!("a message from the server is not valid JSON ({text})"),
        )
    }
}

/// The deepest nesting serde_json parses (its fixed recursion limit).
pub const MAX_NESTING: usize = 128;

/// What one line of a stdio server's stdout turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// A complete JSON value, possibly assembled from several lines.
    Message(Value),
    /// The start of a message that continues on the next line (pretty-printed JSON).
    Partial,
    /// A blank line.
    Blank,
    /// Not JSON: a banner or a log line on the wrong stream. Counted and skipped; carries the
    /// line, sanitised and cut to 200 characters, for error messages.
    Noise(String),
    /// A JSON-RPC message that does not parse.
    Broken(CrawlError),
}

/// Frames stdout lines into JSON values. The specification says messages are one per line, but
/// some servers pretty-print them; a line that is the unfinished start of a JSON value is
/// therefore kept and completed by the lines that follow, up to the message size limit.
#[derive(Debug)]
pub struct LineAssembler {
    pending: String,
    max: usize,
}

impl LineAssembler {
    pub fn new(max_message_bytes: usize) -> Self {
        LineAssembler {
            pending: String::new(),
            max: max_message_bytes,
        }
    }

    /// Whether a message was started and not finished.
    pub fn has_partial(&self) -> bool {
        !self.pending.is_empty()
    }

    pub fn feed(&mut self, line: &str) -> Line {
        // A byte order mark is no part of a message (some Windows-built servers write one).
        let text = line.trim().trim_start_matches('\u{feff}').trim_start();
        if !self.pending.is_empty() {
            if text.is_empty() {
                return Line::Partial;
            }
            let mut candidate = std::mem::take(&mut self.pending);
            candidate.push('\n');
            candidate.push_str(text);
            match serde_json::from_str::<Value>(&candidate) {
                Ok(v) => return Line::Message(v),
                Err(e) if e.is_eof() => {
                    if candidate.len() > self.max {
                        return Line::Broken(CrawlError::new(
                            ErrorKind::TooLarge,
                            format!("a message split over lines exceeds {} bytes", self.max),
                        ));
                    }
                    self.pending = candidate;
                    return Line::Partial;
                }
                // What was pending was not the start of a message after all (a log line like
                // `{`): drop it and read this line on its own.
                Err(_) => {}
            }
        }
        if text.is_empty() {
            return Line::Blank;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v) => Line::Message(v),
            Err(e) if e.is_eof() && (text.starts_with('{') || text.starts_with('[')) => {
                self.pending = text.to_string();
                Line::Partial
            }
            Err(e) if looks_like_message(text) => Line::Broken(broken(&e)),
            Err(_) => Line::Noise(crate::sanitize::truncate(text, 200)),
        }
    }
}

/// Whether `got` is an id we could have sent, our ids being 1, 2, … `latest`. A response to
/// any other id answers nothing we asked: the server is confused or lying.
pub fn was_sent(got: &Value, latest: u64) -> bool {
    let n = match got {
        Value::Null => return true,
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    n.is_some_and(|n| (1..=latest).contains(&n))
}

/// The error for a response to an id we never sent.
pub fn unsent_id(got: &Value, waiting_for: u64, method: &str) -> CrawlError {
    CrawlError::new(
        ErrorKind::Protocol,
        format!(
            "the server answered request id {}, which mcprisk never sent, while waiting for the answer to `{method}` (id {waiting_for})",
            crate::sanitize::truncate(&got.to_string(), 40)
        ),
    )
}

/// Do two ids denote the same request? `1`, `1.0` and `"1"` all match request id 1; a null id
/// (an error the server could not attribute) matches anything.
pub fn id_matches(sent: u64, got: &Value) -> bool {
    match got {
        Value::Null => true,
        Value::Number(n) => n.as_u64() == Some(sent) || n.as_f64() == Some(sent as f64),
        Value::String(s) => s.trim() == sent.to_string(),
        _ => false,
    }
}

pub fn request(id: u64, method: &str, params: Option<Value>) -> Value {
    let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": method});
    if let Some(p) = params {
        msg["params"] = p;
    }
    msg
}

pub fn notification(method: &str, params: Option<Value>) -> Value {
    let mut msg = json!({"jsonrpc": "2.0", "method": method});
    if let Some(p) = params {
        msg["params"] = p;
    }
    msg
}

/// Our answer to a request from the server. We declare no client capabilities, so a
/// well-behaved server asks for nothing but `ping`; anything else gets "method not found"
/// (and `roots/list` an empty list, which is true: we expose no roots).
pub fn answer_server_request(id: &Value, method: &str) -> Value {
    match method {
        "ping" => json!({"jsonrpc": "2.0", "id": id, "result": {}}),
        "roots/list" => json!({"jsonrpc": "2.0", "id": id, "result": {"roots": []}}),
        _ => {
            json!({"jsonrpc": "2.0", "id": id, "error": {"code": METHOD_NOT_FOUND, "message": format!("mcprisk does not support {method}")}})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_leniently() {
        let got = classify(json!([
            {"id": 1, "result": {"a": 1}},
            {"jsonrpc": "2.0", "id": "2", "error": {"code": -32601, "message": "nope"}},
            {"jsonrpc": "2.0", "method": "notifications/message", "params": {}},
            {"jsonrpc": "2.0", "id": 9, "method": "ping"},
            {"jsonrpc": "2.0", "id": 3},
            7
        ]));
        assert!(matches!(&got[0], Incoming::Response { outcome: Ok(r), .. } if r["a"] == 1));
        assert!(
            matches!(&got[1], Incoming::Response { outcome: Err(e), .. } if e.code == -32601 && e.message == "nope")
        );
        assert!(
            matches!(&got[2], Incoming::Notification { method } if method == "notifications/message")
        );
        assert!(matches!(&got[3], Incoming::Request { method, .. } if method == "ping"));
        assert!(matches!(&got[4], Incoming::Invalid(_)));
        assert!(matches!(&got[5], Incoming::Invalid(_)));
    }

    #[test]
    fn lines_are_framed_leniently() {
        let mut a = LineAssembler::new(1 << 20);
        assert_eq!(a.feed("  "), Line::Blank);
        assert!(
            matches!(a.feed("Starting server v1"), Line::Noise(n) if n == "Starting server v1")
        );
        assert!(matches!(a.feed("[INFO] ready"), Line::Noise(_)));
        assert_eq!(a.feed("{\"jsonrpc\": \"2.0\","), Line::Partial);
        assert_eq!(a.feed(""), Line::Partial);
        assert_eq!(a.feed("  \"id\": 1, \"result\": {}"), Line::Partial);
        assert_eq!(
            a.feed("}"),
            Line::Message(json!({"jsonrpc": "2.0", "id": 1, "result": {}}))
        );
        assert!(!a.has_partial());
        // A stray `{` followed by a real message: the message wins.
        assert_eq!(a.feed("{"), Line::Partial);
        assert_eq!(
            a.feed("{\"id\": 2, \"result\": 1}"),
            Line::Message(json!({"id": 2, "result": 1}))
        );
        // A message with a raw control character is broken, not noise.
        let Line::Broken(e) = a.feed("{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": \"a\u{0}b\"}")
        else {
            panic!()
        };
        assert_eq!(e.kind, ErrorKind::Protocol);
        assert!(e.message.contains("control character"), "{}", e.message);
        let deep = format!(
            "{{\"jsonrpc\": \"2.0\", \"x\": {}{}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        let Line::Broken(e) = a.feed(&deep) else {
            panic!()
        };
        assert_eq!(e.kind, ErrorKind::TooLarge);
        let mut small = LineAssembler::new(20);
        assert_eq!(small.feed("{\"a\": 1,"), Line::Partial);
        assert!(
            matches!(small.feed("\"b\": \"0123456789\","), Line::Broken(e) if e.kind == ErrorKind::TooLarge)
        );
    }

    #[test]
    fn only_ids_we_sent_are_answers() {
        assert!(was_sent(&json!(1), 2));
        assert!(was_sent(&json!("2"), 2));
        assert!(was_sent(&json!(2.0), 2));
        assert!(was_sent(&Value::Null, 2));
        assert!(!was_sent(&json!(3), 2));
        assert!(!was_sent(&json!(0), 2));
        assert!(!was_sent(&json!(-1), 2));
        assert!(!was_sent(&json!("abc"), 2));
        assert!(!was_sent(&json!([1]), 2));
    }

    #[test]
    fn ids_match_across_spellings() {
        assert!(id_matches(1, &json!(1)));
        assert!(id_matches(1, &json!("1")));
        assert!(id_matches(1, &json!(1.0)));
        assert!(id_matches(1, &Value::Null));
        assert!(!id_matches(1, &json!(2)));
        assert!(!id_matches(1, &json!({"x": 1})));
    }

    #[test]
    fn supported_versions_are_read_from_error_data() {
        let e = RpcError {
            code: -32004,
            message: "Unsupported protocol version".into(),
            data: Some(json!({"supported": ["2026-07-28"], "requested": "2025-11-25"})),
        };
        assert_eq!(e.supported_versions(), ["2026-07-28"]);
    }
}
