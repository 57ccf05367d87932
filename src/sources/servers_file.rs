//! `--servers FILE`: our own TOML list of servers to crawl.
//!
//! ```toml
//! [servers.everything]
//! command = "npx"
//! args = ["-y", "@modelcontextprotocol/server-everything@2026.8.31"]
//! env = { LOG_LEVEL = "info" }      # the server's whole environment, besides the safe base
//!
//! [servers.remote]
//! url = "https://mcp.example.com/mcp"
//! transport = "sse"                 # optional: "http" (default, with SSE fallback) or "sse"
//! headers = { Authorization = "Bearer ${env:EXAMPLE_TOKEN}" }
//! ```
//!
//! Values may reference our environment as `${env:NAME}` (or `${NAME}`, `${NAME:-default}`), so
//! that the file itself holds no secrets. Unlike client configs, which belong to other programs
//! and are read leniently, this format is ours and strict: an unknown key is an error naming it.

use super::{Resolved, config::parse_entry};
use crate::error::Error;
use serde_json::Value;
use std::path::Path;

const KEYS: &[&str] = &[
    "command",
    "args",
    "env",
    "cwd",
    "url",
    "transport",
    "type",
    "headers",
    "disabled",
];

pub fn load(path: &Path) -> Result<Resolved, Error> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let doc: toml::Table = toml::from_str(&text).map_err(|e| Error::Config {
        path: display.clone(),
        msg: e.to_string().trim().to_string(),
    })?;
    for key in doc.keys() {
        if key != "servers" {
            return Err(Error::Config {
                path: display,
                msg: format!("unknown top-level key `{key}` (expected `[servers.NAME]` tables)"),
            });
        }
    }
    let Some(toml::Value::Table(servers)) = doc.get("servers") else {
        return Err(Error::Config {
            path: display,
            msg: "no `[servers.NAME]` tables".into(),
        });
    };
    let mut out = Resolved::default();
    for (name, entry) in servers {
        let toml::Value::Table(table) = entry else {
            return Err(Error::Config {
                path: display,
                msg: format!("`servers.{name}` is not a table"),
            });
        };
        if let Some(bad) = table.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(Error::Config {
                path: display,
                msg: format!(
                    "server {name}: unknown key `{bad}` (known: {})",
                    KEYS.join(", ")
                ),
            });
        }
        let json: Value = serde_json::to_value(table).map_err(|e| Error::Config {
            path: display.clone(),
            msg: format!("server {name}: {e}"),
        })?;
        match parse_entry(name, &json, &display) {
            Ok(Some(t)) => out.push(t),
            Ok(None) => {}
            Err(msg) => {
                return Err(Error::Config {
                    path: display,
                    msg: format!("server {name}: {msg}"),
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crawl::{HttpMode, TransportSpec};

    #[test]
    fn the_example_file_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/servers.example.toml");
        let r = load(&path).unwrap();
        let names: Vec<_> = r.targets.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["everything", "filesystem", "time"],
            "disabled entries are left out"
        );
        assert!(
            matches!(&r.targets[2].transport, TransportSpec::Stdio { env, .. } if env == &[("LOCAL_TIMEZONE".to_string(), "UTC".to_string())])
        );
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("disabled = true", "");
        let dir = tempfile::tempdir().unwrap();
        let all = dir.path().join("all.toml");
        std::fs::write(&all, text).unwrap();
        let r = load(&all).unwrap();
        assert_eq!(r.targets.len(), 6);
        assert!(r.targets.iter().any(|t| matches!(
            t.transport,
            TransportSpec::Http {
                mode: HttpMode::Sse,
                ..
            }
        )));
    }

    #[test]
    fn unknown_keys_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.toml");
        std::fs::write(&p, "[servers.a]\ncommand = \"x\"\nenviron = {}\n").unwrap();
        let msg = load(&p).unwrap_err().to_string();
        assert!(
            msg.contains("s.toml") && msg.contains("server a") && msg.contains("environ"),
            "{msg}"
        );
        std::fs::write(&p, "[servers.a]\nargs = []\n").unwrap();
        let msg = load(&p).unwrap_err().to_string();
        assert!(msg.contains("neither"), "{msg}");
    }
}
