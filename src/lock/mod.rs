//! The lockfile: what a set of servers looked like when someone trusted it, so that a later
//! check can say what changed under them (a "rug pull": same server, new description).
//!
//! Per server: its identity (version, protocol, transport) and its instructions (hash and
//! text); per tool: the definition hash, the classification (category, risk, signals) and the
//! parts of the definition a reviewer reads (description, parameters and their types, required
//! parameters, annotations), so that a drift report can show *what* changed, not only that a
//! hash did. TOML with sorted keys: readable, and a change to it reads well in a diff.

pub mod diff;

use crate::classify::{Category, Classification, Risk};
use crate::manifest::Tool;
use crate::scan::gather::Scanned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The lockfile format version this build writes and reads.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lockfile {
    pub lockfile: u32,
    #[serde(default)]
    pub servers: BTreeMap<String, LockedServer>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedServer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// How the tools were read: stdio, http, sse, file.
    pub transport: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(default)]
    pub tools: BTreeMap<String, LockedTool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedTool {
    /// SHA-256 of the canonical JSON of the definition.
    pub hash: String,
    pub category: Category,
    pub risk: Risk,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Parameter name → type (`string`, `integer|null`, `array<string>`, `any`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// The boolean hints (`readOnlyHint` …) the author set.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, bool>,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a valid mcprisk lockfile: {msg}")]
    Invalid { path: String, msg: String },
}

impl Lockfile {
    /// The lock of the servers as they are now.
    pub fn of(servers: &[Scanned]) -> Lockfile {
        let servers = servers
            .iter()
            .map(|s| (s.manifest.info.name.clone(), LockedServer::of(s)))
            .collect();
        Lockfile {
            lockfile: FORMAT,
            servers,
        }
    }

    pub fn load(path: &Path) -> Result<Lockfile, LockError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| LockError::Read {
            path: display.clone(),
            source,
        })?;
        let lock: Lockfile = toml::from_str(&text).map_err(|e| LockError::Invalid {
            path: display.clone(),
            msg: e.to_string(),
        })?;
        if lock.lockfile != FORMAT {
            return Err(LockError::Invalid {
                path: display,
                msg: format!(
                    "format version {} (this mcprisk reads version {FORMAT})",
                    lock.lockfile
                ),
            });
        }
        Ok(lock)
    }

    pub fn to_toml(&self) -> String {
        let head = "# mcprisk lockfile: the servers' tools as they were trusted. `mcprisk verify --lock`\n\
                    # compares live servers with it. Regenerate with `mcprisk lock` after reviewing a change.\n\n";
        format!(
            "{head}{}",
            toml::to_string_pretty(self).expect("a lockfile serialises")
        )
    }
}

impl LockedServer {
    pub fn of(s: &Scanned) -> LockedServer {
        let info = &s.manifest.info;
        LockedServer {
            version: info.version.clone(),
            protocol: info.protocol_version.clone(),
            transport: info.origin.as_str().to_string(),
            instructions_hash: info
                .instructions
                .as_deref()
                .map(crate::scan::server_text::hash),
            instructions: info.instructions.clone(),
            tools: s
                .manifest
                .tools
                .iter()
                .zip(&s.classes)
                .map(|(t, c)| (t.name.clone(), LockedTool::of(t, c)))
                .collect(),
        }
    }
}

impl LockedTool {
    pub fn of(tool: &Tool, class: &Classification) -> LockedTool {
        let annotations = [
            ("readOnlyHint", tool.annotations.read_only),
            ("destructiveHint", tool.annotations.destructive),
            ("idempotentHint", tool.annotations.idempotent),
            ("openWorldHint", tool.annotations.open_world),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
        .collect();
        let mut required: Vec<String> = tool.required().into_iter().map(str::to_string).collect();
        required.sort();
        required.dedup();
        LockedTool {
            hash: tool.def_hash.clone(),
            category: class.category,
            risk: class.risk,
            signals: class.signals.iter().map(|s| s.id.clone()).collect(),
            description: tool.description.clone(),
            params: tool
                .properties()
                .map(|(k, v)| (k.to_string(), param_type(v)))
                .collect(),
            required,
            annotations,
        }
    }
}

/// A property's type as one short string.
fn param_type(v: &Value) -> String {
    let one = |t: &Value| -> Option<String> {
        match t {
            Value::String(s) => Some(s.clone()),
            Value::Array(a) => Some(
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            _ => None,
        }
    };
    match v.get("type").and_then(one) {
        Some(t) if t == "array" => match v.get("items").and_then(|i| i.get("type")).and_then(one) {
            Some(items) => format!("array<{items}>"),
            None => t,
        },
        Some(t) => t,
        None => ["anyOf", "oneOf", "allOf", "enum", "$ref", "const"]
            .into_iter()
            .find(|k| v.get(*k).is_some())
            .unwrap_or("any")
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parameter_types_read_short() {
        assert_eq!(param_type(&json!({"type": "string"})), "string");
        assert_eq!(
            param_type(&json!({"type": ["integer", "null"]})),
            "integer|null"
        );
        assert_eq!(
            param_type(&json!({"type": "array", "items": {"type": "string"}})),
            "array<string>"
        );
        assert_eq!(param_type(&json!({"anyOf": []})), "anyOf");
        assert_eq!(param_type(&json!({})), "any");
    }
}
