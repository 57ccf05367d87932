//! The lenient model of a server's tools.
//!
//! Everything that enters mcprisk — a saved manifest file, a live `tools/list` crawl, a registry
//! entry — becomes a [`RawServer`]: the server's raw tool array exactly as received, plus
//! [`ServerInfo`] saying what the server is and where it came from. [`parse_tools`] turns that
//! into typed [`Tool`]s one tool at a time, so that one off-spec tool is reported as a
//! [`ToolIssue`] and skipped while the rest of the server is kept.
//!
//! Each definition is hashed over its canonical JSON (`hash`), which is how a later run
//! recognises it as unchanged.
//!
//! Tool definitions are untrusted third-party text. They are stored byte for byte (`raw`), and
//! only sanitised at the point where they are printed to a terminal (see [`crate::sanitize`]).

pub mod formats;
mod hash;

pub(crate) use hash::hex;
pub use hash::{canonical_json, definition_hash};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// How a server's tools reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OriginKind {
    /// A manifest file on disk (any of the formats in [`formats`]).
    File,
    /// Standard input.
    Stdin,
    /// A server spawned over stdio and crawled live.
    Stdio,
    /// A remote server crawled over Streamable HTTP.
    Http,
    /// A remote server crawled over the legacy HTTP+SSE transport.
    Sse,
    /// An entry of an MCP registry.
    Registry,
}

impl OriginKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OriginKind::File => "file",
            OriginKind::Stdin => "stdin",
            OriginKind::Stdio => "stdio",
            OriginKind::Http => "http",
            OriginKind::Sse => "sse",
            OriginKind::Registry => "registry",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "file" => OriginKind::File,
            "stdin" => OriginKind::Stdin,
            "stdio" => OriginKind::Stdio,
            "http" => OriginKind::Http,
            "sse" => OriginKind::Sse,
            "registry" => OriginKind::Registry,
            _ => return None,
        })
    }
}

impl fmt::Display for OriginKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What we know about a server apart from its tools.
///
/// `source` is a human-readable description of where the tools came from (a file path, a
/// command line with secrets left out, a URL without credentials). It must never contain the
/// values of environment variables or headers given for the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerInfo {
    /// The catalog key of the server.
    pub name: String,
    pub origin: OriginKind,
    pub source: String,
    /// `serverInfo.version` from `initialize`, or the snapshot's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The protocol version the server agreed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<String>,
    /// `serverInfo.title`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The server's `instructions`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
}

impl ServerInfo {
    pub fn new(name: impl Into<String>, origin: OriginKind, source: impl Into<String>) -> Self {
        ServerInfo {
            name: name.into(),
            origin,
            source: source.into(),
            version: None,
            protocol_version: None,
            title: None,
            instructions: None,
        }
    }
}

/// The pipeline's entry point: a server's raw `tools` array plus where it came from.
#[derive(Debug, Clone)]
pub struct RawServer {
    pub info: ServerInfo,
    /// The `tools` value as received. Normally an array; anything else is reported by
    /// [`parse_tools`] and yields no tools.
    pub tools: Value,
}

/// Author annotations (MCP `ToolAnnotations`). All hints are optional: absent means the
/// specification's pessimistic default, which the classifier treats as "no evidence".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotations {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(
        rename = "readOnlyHint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub read_only: Option<bool>,
    #[serde(
        rename = "destructiveHint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub destructive: Option<bool>,
    #[serde(
        rename = "idempotentHint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub idempotent: Option<bool>,
    #[serde(
        rename = "openWorldHint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub open_world: Option<bool>,
}

impl Annotations {
    pub fn is_empty(&self) -> bool {
        self == &Annotations::default()
    }
}

/// One tool, parsed leniently. `raw` is the definition exactly as received (unknown fields
/// included); everything else is derived from it.
#[derive(Debug, Clone)]
pub struct Tool {
    pub name: String,
    pub title: Option<String>,
    /// Empty when the tool has none.
    pub description: String,
    pub annotations: Annotations,
    pub raw: Value,
    /// Hex SHA-256 of the canonical JSON of `raw` (see [`canonical_json`]).
    pub def_hash: String,
}

impl Tool {
    /// The `inputSchema` object, when present. Read from `raw` rather than kept beside it: a
    /// copy would double the memory of every schema, and the classifier walks the definition
    /// once, so its text should live in one place.
    pub fn input_schema(&self) -> Option<&Value> {
        self.raw.get("inputSchema").filter(|s| s.is_object())
    }

    /// The input schema's top-level properties, in definition order.
    pub fn properties(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.input_schema()
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v)))
    }

    /// Names of the properties listed in the schema's `required` array.
    pub fn required(&self) -> Vec<&str> {
        self.input_schema()
            .and_then(|s| s.get("required"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }
}

/// A tool that was skipped, and why. Reported to the user; never fatal for the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToolIssue {
    /// The file the tool came from, or the server's source for live crawls.
    pub location: String,
    pub server: String,
    /// Position of the tool in the server's tool array (0-based).
    pub index: usize,
    /// The tool's name, when one could be read.
    pub name: Option<String>,
    pub problem: String,
}

impl fmt::Display for ToolIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match &self.name {
            Some(n) => format!(" ({})", crate::sanitize::line(n)),
            None => String::new(),
        };
        write!(
            f,
            "{}: server {}: tool #{}{}: {}",
            crate::sanitize::line(&self.location),
            crate::sanitize::line(&self.server),
            self.index,
            name,
            crate::sanitize::line(&self.problem)
        )
    }
}

/// A server with its parsed tools and the tools that had to be skipped.
#[derive(Debug, Clone)]
pub struct ServerManifest {
    pub info: ServerInfo,
    pub tools: Vec<Tool>,
    pub issues: Vec<ToolIssue>,
}

/// Limits on one tool definition. A tool over a limit is skipped and reported (its server is
/// kept): classifying, storing and indexing a 10 MB description or a schema nested thousands of
/// levels deep costs time and memory, and no real tool needs either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToolLimits {
    /// Deepest nesting of a tool's `inputSchema` (an object with scalar values is depth 1).
    pub max_schema_depth: usize,
    /// Longest single string (or object key) anywhere in a tool's definition, in bytes.
    pub max_text_bytes: usize,
}

impl ToolLimits {
    /// The real tools we have seen nest schemas at most 29 levels and carry strings of at most
    /// 54 KB; the defaults leave a wide margin above both.
    pub const DEFAULT: ToolLimits = ToolLimits {
        max_schema_depth: 64,
        max_text_bytes: 1 << 20,
    };

    /// Why `raw` breaks a limit, if it does.
    pub fn check(&self, raw: &Value) -> Option<String> {
        if let Some(schema) = raw.get("inputSchema") {
            let depth = json_depth(schema, self.max_schema_depth + 1);
            if depth > self.max_schema_depth {
                return Some(format!(
                    "`inputSchema` is nested more than {} levels deep (limit: --max-schema-depth {})",
                    self.max_schema_depth, self.max_schema_depth
                ));
            }
        }
        let (len, field) = longest_string(raw);
        if len > self.max_text_bytes {
            return Some(format!(
                "{field} is {len} bytes long (limit: --max-text-bytes {})",
                self.max_text_bytes
            ));
        }
        None
    }
}

impl Default for ToolLimits {
    fn default() -> Self {
        ToolLimits::DEFAULT
    }
}

/// Nesting depth of a JSON value (scalars 0, `{}` 1, `{"a": {}}` 2), counted without recursion
/// and without looking further than `stop` levels.
pub fn json_depth(v: &Value, stop: usize) -> usize {
    let mut max = 0;
    let mut stack: Vec<(&Value, usize)> = vec![(v, 0)];
    while let Some((v, d)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match v {
            Value::Object(m) => Box::new(m.values()),
            Value::Array(a) => Box::new(a.iter()),
            _ => continue,
        };
        let d = d + 1;
        max = max.max(d);
        if max >= stop {
            return max;
        }
        stack.extend(children.map(|c| (c, d)));
    }
    max
}

/// The byte length of the longest string or key in a tool, and which field it is in.
fn longest_string(raw: &Value) -> (usize, String) {
    let mut best = (0usize, String::new());
    let Some(obj) = raw.as_object() else {
        return best;
    };
    for (key, value) in obj {
        let mut stack = vec![value];
        let mut longest = key.len();
        while let Some(v) = stack.pop() {
            match v {
                Value::String(s) => longest = longest.max(s.len()),
                Value::Array(a) => stack.extend(a.iter()),
                Value::Object(m) => {
                    for (k, v) in m {
                        longest = longest.max(k.len());
                        stack.push(v);
                    }
                }
                _ => {}
            }
        }
        if longest > best.0 {
            let field = if matches!(value, Value::String(_)) {
                format!("`{}`", crate::sanitize::truncate(key, 40))
            } else {
                format!("a string in `{}`", crate::sanitize::truncate(key, 40))
            };
            best = (longest, field);
        }
    }
    best
}

/// Parses a server's raw tool array, one tool at a time, under the default [`ToolLimits`].
///
/// A tool is skipped (and reported) when it is not an object, has no string `name`, or has a
/// field of the wrong type (`description`/`title` not a string, `inputSchema`/`annotations` not
/// an object, a `*Hint` not a boolean), or breaks a limit. A second tool with the same name as
/// an earlier one is skipped too: tools are keyed by name, and the first definition is the one
/// a client would see.
pub fn parse_tools(info: ServerInfo, tools: &Value, location: &str) -> ServerManifest {
    parse_tools_limited(info, tools, location, &ToolLimits::DEFAULT)
}

/// [`parse_tools`] under the given limits.
pub fn parse_tools_limited(
    info: ServerInfo,
    tools: &Value,
    location: &str,
    limits: &ToolLimits,
) -> ServerManifest {
    parse_tools_owned(info, tools.clone(), location, limits)
}

/// [`parse_tools_limited`] taking the tool array by value: each definition is moved into its
/// [`Tool`] instead of copied (a deep copy of every definition was a tenth of an ingest's
/// parsing cost).
pub fn parse_tools_owned(
    info: ServerInfo,
    tools: Value,
    location: &str,
    limits: &ToolLimits,
) -> ServerManifest {
    let server = info.name.clone();
    let issue = |index: usize, name: Option<&str>, problem: String| ToolIssue {
        location: location.to_string(),
        server: server.clone(),
        index,
        name: name.map(str::to_string),
        problem,
    };
    let mut out = ServerManifest {
        info,
        tools: Vec::new(),
        issues: Vec::new(),
    };
    let array = match tools {
        Value::Array(a) => a,
        other => {
            out.issues.push(issue(
                0,
                None,
                format!("`tools` is {}, not an array", json_kind(&other)),
            ));
            return out;
        }
    };
    out.tools.reserve(array.len());
    let mut seen = std::collections::HashSet::new();
    for (index, raw) in array.into_iter().enumerate() {
        if let Some(problem) = limits.check(&raw) {
            let name = raw.get("name").and_then(Value::as_str);
            let name = name.map(|n| crate::sanitize::truncate(n, 80));
            out.issues.push(issue(index, name.as_deref(), problem));
            continue;
        }
        match parse_tool_owned(raw) {
            Ok(tool) if seen.insert(tool.name.clone()) => out.tools.push(tool),
            Ok(tool) => out.issues.push(issue(
                index,
                Some(&tool.name),
                "duplicate tool name; the first definition is kept".to_string(),
            )),
            Err((name, problem)) => out.issues.push(issue(index, name.as_deref(), problem)),
        }
    }
    out
}

/// Parses one tool definition. On failure returns the name (when readable) and the problem.
pub fn parse_tool(raw: &Value) -> Result<Tool, (Option<String>, String)> {
    parse_tool_owned(raw.clone())
}

/// [`parse_tool`] taking the definition by value (it becomes the tool's `raw`).
pub fn parse_tool_owned(raw: Value) -> Result<Tool, (Option<String>, String)> {
    let Some(obj) = raw.as_object() else {
        return Err((
            None,
            format!("a tool must be a JSON object, found {}", json_kind(&raw)),
        ));
    };
    let name = match obj.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) => return Err((None, "`name` is empty".into())),
        Some(other) => {
            return Err((
                None,
                format!("`name` is {}, not a string", json_kind(other)),
            ));
        }
        None => return Err((None, "missing `name`".into())),
    };
    let bad = |field: &str, want: &str, got: &Value| {
        (
            Some(name.clone()),
            format!("`{field}` is {}, not {want}", json_kind(got)),
        )
    };
    let opt_str = |field: &str| -> Result<Option<String>, (Option<String>, String)> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(bad(field, "a string", other)),
        }
    };
    let description = opt_str("description")?.unwrap_or_default();
    let title = opt_str("title")?;
    match obj.get("inputSchema") {
        None | Some(Value::Null | Value::Object(_)) => {}
        Some(other) => return Err(bad("inputSchema", "an object", other)),
    }
    let annotations = match obj.get("annotations") {
        None | Some(Value::Null) => Annotations::default(),
        Some(Value::Object(a)) => {
            let hint = |key: &str| -> Result<Option<bool>, (Option<String>, String)> {
                match a.get(key) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::Bool(b)) => Ok(Some(*b)),
                    Some(other) => Err(bad(&format!("annotations.{key}"), "a boolean", other)),
                }
            };
            Annotations {
                title: match a.get("title") {
                    Some(Value::String(s)) => Some(s.clone()),
                    _ => None,
                },
                read_only: hint("readOnlyHint")?,
                destructive: hint("destructiveHint")?,
                idempotent: hint("idempotentHint")?,
                open_world: hint("openWorldHint")?,
            }
        }
        Some(other) => return Err(bad("annotations", "an object", other)),
    };
    Ok(Tool {
        def_hash: definition_hash(&raw),
        name,
        title,
        description,
        annotations,
        raw,
    })
}

/// Describes a JSON value's type for error messages.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
