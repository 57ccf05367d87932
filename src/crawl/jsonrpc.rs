//! JSON-RPC 2.0 as servers actually speak it.
//!
//! Lenient where leniency costs nothing: a missing `"jsonrpc": "2.0"` is accepted, ids match
//! across number/string spellings (`1` answers `"1"`), batches (arrays) are split, and anything
//! that is not a message is reported as such instead of ending the conversation. Strict where
//! it matters: a response must carry our id, and a response with neither `result` nor `error` is
//! an error.

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
