//! Lines to point findings at: where a client config declares a server, where a manifest
//! holds a tool. A plain text search for the JSON-quoted name (as a key in a config, as the
//! value of `"name"` in a manifest): JSON parsers keep no positions, and the first occurrence
//! is the one a reader looks for. When nothing matches, the finding points at the file alone.
//! A server declared in no file (`--stdio`, `--url`, …) is pointed at by how it was reached.

use super::findings::{Finding, Location, Origin};
use super::gather::Scanned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Reads each file once.
#[derive(Default)]
pub struct Locator {
    files: HashMap<PathBuf, Option<String>>,
}

impl Locator {
    fn text(&mut self, path: &Path) -> Option<&str> {
        self.files
            .entry(path.to_path_buf())
            .or_insert_with(|| std::fs::read_to_string(path).ok())
            .as_deref()
    }

    /// Points `f`, a finding about `tool` (or the server itself, when `None`) of `s`, at the
    /// file and line that declare it, or at how the server was reached when no file does.
    pub fn place(&mut self, f: &mut Finding, s: &Scanned, tool: Option<&str>) {
        f.location = self.locate(s, tool);
        f.origin = match f.location {
            Some(_) => None,
            None => Some(Origin {
                kind: s.manifest.info.origin,
                source: address(&s.manifest.info.source).to_string(),
            }),
        };
    }

    /// Where a finding about `tool` (or the server itself, when `None`) of `s` is shown.
    pub fn locate(&mut self, s: &Scanned, tool: Option<&str>) -> Option<Location> {
        let path = s.file.as_ref()?;
        let server = s.manifest.info.name.clone();
        let has_tools = s.file_has_tools;
        let text = self.text(path);
        let line = text.and_then(|t| match (has_tools, tool) {
            (true, Some(tool)) => tool_line(t, tool),
            (true, None) => key_line(t, "server"),
            (false, _) => key_line(t, &server).or_else(|| quoted_line(t, &server)),
        });
        Some(Location {
            file: path.display().to_string(),
            line: line.or(Some(1)),
        })
    }
}

/// The command or address of a crawled server's source, without the flag that gave it
/// (`--stdio: npx server` → `npx server`).
fn address(source: &str) -> &str {
    match source.split_once(": ") {
        Some((flag, rest)) if flag.starts_with("--") => rest,
        _ => source,
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

/// The 1-based line where `"key"` is followed by a colon.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let q = quoted(key);
    text.lines()
        .position(|l| {
            l.match_indices(&q)
                .any(|(i, _)| l[i + q.len()..].trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// The 1-based line where the quoted text appears at all.
fn quoted_line(text: &str, s: &str) -> Option<usize> {
    let q = quoted(s);
    text.lines().position(|l| l.contains(&q)).map(|i| i + 1)
}

/// The 1-based line of `"name": "<tool>"`.
fn tool_line(text: &str, tool: &str) -> Option<usize> {
    let q = quoted(tool);
    text.lines()
        .position(|l| {
            l.match_indices("\"name\"").any(|(i, _)| {
                l[i + 6..]
                    .trim_start()
                    .strip_prefix(':')
                    .is_some_and(|rest| rest.trim_start().starts_with(&q))
            })
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_tool_names() {
        let cfg = "{\n  \"mcpServers\": {\n    \"fs\": {\"command\": \"fs\"},\n    \"git\": {\n      \"command\": \"fs\"\n    }\n  }\n}";
        assert_eq!(key_line(cfg, "git"), Some(4));
        assert_eq!(
            key_line(cfg, "fs"),
            Some(3),
            "a value \"fs\" is not the key"
        );
        assert_eq!(key_line(cfg, "nope"), None);
        let m = "{\"tools\": [\n {\"name\": \"read\"},\n {\"description\": \"name: write\",\n  \"name\" :  \"write\"}]}";
        assert_eq!(tool_line(m, "write"), Some(4));
        assert_eq!(tool_line(m, "read"), Some(2));
        assert_eq!(tool_line(m, "rea"), None);
    }

    #[test]
    fn addresses_lose_the_flag_that_gave_them() {
        assert_eq!(address("--stdio: npx -y 'a: b'"), "npx -y 'a: b'");
        assert_eq!(address("--url: https://h/mcp"), "https://h/mcp");
        assert_eq!(address("stdin"), "stdin");
    }
}
