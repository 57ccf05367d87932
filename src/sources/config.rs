//! MCP client configuration files: the servers users have already set up.
//!
//! | client | file | servers under |
//! |---|---|---|
//! | Claude Desktop | `<config dir>/Claude/claude_desktop_config.json` | `mcpServers` |
//! | Claude Code | `.mcp.json` (project), `~/.claude.json` | `mcpServers`, `projects[<cwd>].mcpServers` |
//! | Cursor | `~/.cursor/mcp.json`, `.cursor/mcp.json` | `mcpServers` |
//! | VS Code | `.vscode/mcp.json`, `<config dir>/Code/User/mcp.json` | `servers` (with `type`) |
//! | Windsurf | `~/.codeium/windsurf/mcp_config.json` | `mcpServers` (`serverUrl` for remotes) |
//!
//! `<config dir>` is `~/.config` on Linux (or `$XDG_CONFIG_HOME`), `~/Library/Application
//! Support` on macOS and `%APPDATA%` on Windows. Files may contain comments and trailing commas
//! (VS Code writes JSONC). A server is named by its key in the file. Entries are read leniently:
//! one unusable entry is skipped with a note, and the rest of the file is kept.

use super::{Resolved, Skipped, expand_vars};
use crate::crawl::{CrawlTarget, HttpMode, TransportSpec};
use crate::error::Error;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The config files `--config auto` looks for on this platform, in this order, with the client
/// each belongs to. Only existing files are returned.
pub fn discover() -> Vec<(PathBuf, &'static str)> {
    let mut candidates: Vec<(PathBuf, &'static str)> = Vec::new();
    let home = dirs::home_dir();
    let config = dirs::config_dir();
    let cwd = std::env::current_dir().ok();
    if let Some(c) = &config {
        candidates.push((
            c.join("Claude").join("claude_desktop_config.json"),
            "Claude Desktop",
        ));
    }
    if let Some(h) = &home {
        candidates.push((h.join(".claude.json"), "Claude Code"));
    }
    if let Some(d) = &cwd {
        candidates.push((d.join(".mcp.json"), "Claude Code (project)"));
    }
    if let Some(h) = &home {
        candidates.push((h.join(".cursor").join("mcp.json"), "Cursor"));
    }
    if let Some(d) = &cwd {
        candidates.push((d.join(".cursor").join("mcp.json"), "Cursor (project)"));
        candidates.push((d.join(".vscode").join("mcp.json"), "VS Code (workspace)"));
    }
    if let Some(c) = &config {
        candidates.push((c.join("Code").join("User").join("mcp.json"), "VS Code"));
        candidates.push((
            c.join("Code - Insiders").join("User").join("mcp.json"),
            "VS Code Insiders",
        ));
    }
    if let Some(h) = &home {
        candidates.push((
            h.join(".codeium").join("windsurf").join("mcp_config.json"),
            "Windsurf",
        ));
    }
    let mut seen = Vec::new();
    candidates
        .into_iter()
        .filter(|(p, _)| p.is_file())
        .filter(|(p, _)| {
            let canon = p.canonicalize().unwrap_or_else(|_| p.clone());
            if seen.contains(&canon) {
                false
            } else {
                seen.push(canon);
                true
            }
        })
        .collect()
}

/// Reads one client config file.
pub fn load(path: &Path) -> Result<Resolved, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let display = path.display().to_string();
    let doc: Value = serde_json::from_str(&strip_jsonc(&text)).map_err(|e| Error::Json {
        path: display.clone(),
        line: e.line(),
        column: e.column(),
        msg: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    })?;
    let Some(obj) = doc.as_object() else {
        return Err(Error::Config {
            path: display,
            msg: "the file is not a JSON object".into(),
        });
    };
    let mut maps: Vec<&Map<String, Value>> = Vec::new();
    for key in ["mcpServers", "servers"] {
        if let Some(Value::Object(m)) = obj.get(key) {
            maps.push(m);
        }
    }
    // VS Code settings.json: {"mcp": {"servers": {...}}}.
    if let Some(Value::Object(m)) = obj.get("mcp").and_then(|m| m.get("servers")) {
        maps.push(m);
    }
    // ~/.claude.json keeps per-project servers under the project's path.
    if let (Some(Value::Object(projects)), Ok(cwd)) = (obj.get("projects"), std::env::current_dir())
        && let Some(Value::Object(m)) = projects
            .get(&cwd.display().to_string())
            .and_then(|p| p.get("mcpServers"))
    {
        maps.push(m);
    }
    if maps.is_empty() && !obj.contains_key("projects") {
        let keys: Vec<&str> = obj.keys().map(String::as_str).take(8).collect();
        return Err(Error::Config {
            path: display,
            msg: format!(
                "no `mcpServers` or `servers` object: not an MCP client config (top-level keys: {})",
                if keys.is_empty() {
                    "none".into()
                } else {
                    keys.join(", ")
                }
            ),
        });
    }
    let mut out = Resolved::default();
    for map in maps {
        for (name, entry) in map {
            match parse_entry(name, entry, &display) {
                Ok(Some(t)) => out.push(t),
                Ok(None) => {}
                Err(reason) => out.skipped.push(Skipped {
                    name: name.clone(),
                    declared_in: display.clone(),
                    reason,
                }),
            }
        }
    }
    Ok(out)
}

fn str_field<'a>(entry: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| entry.get(*k).and_then(Value::as_str))
}

/// A string→string map (`env`, `headers`), with `${…}` references expanded. Numbers and
/// booleans are accepted as their text.
fn string_map(v: Option<&Value>, field: &str) -> Result<Vec<(String, String)>, String> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), expand_vars(s))),
                Value::Number(_) | Value::Bool(_) => Ok((k.clone(), v.to_string())),
                _ => Err(format!(
                    "`{field}.{k}` is {}, not a string",
                    crate::manifest::json_kind(v)
                )),
            })
            .collect(),
        Some(other) => Err(format!(
            "`{field}` is {}, not an object",
            crate::manifest::json_kind(other)
        )),
    }
}

/// One server entry, in any client's dialect. `Ok(None)` for an entry the user disabled.
pub fn parse_entry(
    name: &str,
    entry: &Value,
    declared_in: &str,
) -> Result<Option<CrawlTarget>, String> {
    let Some(entry) = entry.as_object() else {
        return Err(format!(
            "the entry is {}, not an object",
            crate::manifest::json_kind(entry)
        ));
    };
    if entry.get("disabled").and_then(Value::as_bool) == Some(true)
        || entry.get("enabled").and_then(Value::as_bool) == Some(false)
    {
        return Ok(None);
    }
    let kind = str_field(entry, &["type", "transport"]).map(|t| t.to_ascii_lowercase());
    let url = str_field(entry, &["url", "serverUrl", "httpUrl"]);
    let command = str_field(entry, &["command"]);
    let transport = match (kind.as_deref(), url, command) {
        (Some("stdio"), _, Some(cmd)) | (None, None, Some(cmd)) => stdio_target(cmd, entry)?,
        (Some("stdio"), _, None) => return Err("`type` is stdio but there is no `command`".into()),
        (Some("sse"), Some(u), _) => http_target(u, entry, HttpMode::Sse)?,
        (_, Some(u), _) => http_target(u, entry, HttpMode::Auto)?,
        // An unfamiliar type (`local`, …) with a command is still a command to run.
        (Some(_), None, Some(cmd)) => stdio_target(cmd, entry)?,
        (Some(t), None, None) => {
            return Err(format!(
                "`type` is {t:?} but there is no `url` or `command`"
            ));
        }
        (None, None, None) => return Err("neither `command` nor `url`".into()),
    };
    Ok(Some(CrawlTarget {
        name: name.to_string(),
        transport,
        declared_in: declared_in.to_string(),
        from_registry: false,
    }))
}

fn stdio_target(cmd: &str, entry: &Map<String, Value>) -> Result<TransportSpec, String> {
    let args = match entry.get("args") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(expand_vars(s)),
                Value::Number(_) | Value::Bool(_) => Ok(v.to_string()),
                other => Err(format!(
                    "`args` holds {}, not a string",
                    crate::manifest::json_kind(other)
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(format!(
                "`args` is {}, not an array",
                crate::manifest::json_kind(other)
            ));
        }
    };
    let cwd = str_field(entry, &["cwd"]).map(|c| PathBuf::from(expand_vars(c)));
    Ok(TransportSpec::Stdio {
        command: expand_vars(cmd),
        args,
        env: string_map(entry.get("env"), "env")?,
        cwd,
    })
}

fn http_target(
    url: &str,
    entry: &Map<String, Value>,
    mode: HttpMode,
) -> Result<TransportSpec, String> {
    let url = expand_vars(url);
    match reqwest::Url::parse(&url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {}
        _ => {
            return Err(format!(
                "`url` {} is not an http(s) URL",
                crate::redact::redact_url(&url)
            ));
        }
    }
    Ok(TransportSpec::Http {
        url,
        headers: string_map(entry.get("headers"), "headers")?,
        mode,
    })
}

/// Removes `//` and `/* */` comments and trailing commas outside strings, turning JSONC into
/// JSON. Line structure is kept so that error positions still point at the right line.
pub fn strip_jsonc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                    }
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            ',' => {
                // Drop the comma if the next significant character closes a container.
                let rest: String = chars.clone().collect();
                let next = strip_leading_ws_and_comments(&rest);
                if !(next.starts_with('}') || next.starts_with(']')) {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn strip_leading_ws_and_comments(mut s: &str) -> &str {
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("//") {
            s = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(rest) = s.strip_prefix("/*") {
            s = rest.split_once("*/").map_or("", |(_, r)| r);
        } else {
            return s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_every_dialect() {
        let dir = tempfile::tempdir().unwrap();
        let claude = write(
            dir.path(),
            "claude_desktop_config.json",
            r#"{"mcpServers": {
                "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], "env": {"A": "1"}},
                "remote": {"type": "http", "url": "https://example.com/mcp", "headers": {"Authorization": "Bearer x"}},
                "off": {"command": "x", "disabled": true},
                "broken": {"args": []}
            }}"#,
        );
        let r = load(&claude).unwrap();
        let names: Vec<_> = r.targets.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["fs", "remote"]);
        assert!(
            matches!(&r.targets[0].transport, TransportSpec::Stdio { command, env, .. } if command == "npx" && env == &[("A".to_string(), "1".to_string())])
        );
        assert_eq!(r.skipped.len(), 1);
        assert_eq!(r.skipped[0].name, "broken");
        assert!(r.skipped[0].reason.contains("neither"), "{:?}", r.skipped);

        let vscode = write(
            dir.path(),
            "mcp.json",
            "{\n // VS Code writes JSONC\n \"servers\": {\n  \"gh\": {\"type\": \"sse\", \"url\": \"https://example.com/sse\",},\n  /* block */ \"t\": {\"type\": \"stdio\", \"command\": \"uvx\", \"args\": [\"mcp-server-time\"]},\n },\n \"inputs\": []\n}",
        );
        let r = load(&vscode).unwrap();
        assert!(matches!(
            &r.targets[0].transport,
            TransportSpec::Http {
                mode: HttpMode::Sse,
                ..
            }
        ));
        assert!(
            matches!(&r.targets[1].transport, TransportSpec::Stdio { command, .. } if command == "uvx")
        );

        let windsurf = write(
            dir.path(),
            "mcp_config.json",
            r#"{"mcpServers": {"w": {"serverUrl": "https://example.com/mcp"}}}"#,
        );
        let r = load(&windsurf).unwrap();
        assert!(
            matches!(&r.targets[0].transport, TransportSpec::Http { mode: HttpMode::Auto, url, .. } if url == "https://example.com/mcp")
        );
    }

    #[test]
    fn not_a_config_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "x.json", r#"{"tools": []}"#);
        let msg = load(&p).unwrap_err().to_string();
        assert!(
            msg.contains("x.json") && msg.contains("mcpServers") && msg.contains("tools"),
            "{msg}"
        );
        let p = write(dir.path(), "y.json", "{\n\"mcpServers\": {\n\"a\": }\n}");
        let msg = load(&p).unwrap_err().to_string();
        assert!(msg.contains("y.json") && msg.contains("line 3"), "{msg}");
    }

    #[test]
    fn jsonc_strings_keep_their_slashes() {
        assert_eq!(
            strip_jsonc(r#"{"u": "http://x//y", "a": [1,2,],}"#),
            r#"{"u": "http://x//y", "a": [1,2]}"#
        );
    }
}
