//! Where crawl targets come from: servers given one by one (a [`SourceSpec`], which the command
//! line fills in), the MCP client configs users already have ([`config`]), our own TOML list
//! ([`servers_file`]), and the official MCP Registry ([`registry`]). Each produces
//! [`CrawlTarget`]s, plus [`Skipped`] notes for entries that cannot or may not be crawled
//! (disabled, missing a command, third-party code without `--allow-exec`).

pub mod config;
pub mod registry;
pub mod servers_file;
pub mod shard;
pub mod spec;

pub use spec::{SourceSpec, StdioSpec, UrlSpec};

use crate::crawl::CrawlTarget;
use serde::Serialize;

/// An entry that will not be crawled, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub name: String,
    pub declared_in: String,
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "skipped server {} ({}): {}",
            crate::sanitize::line(&self.name),
            crate::sanitize::line(&self.declared_in),
            crate::sanitize::line(&self.reason)
        )
    }
}

/// Targets to crawl and entries left out.
#[derive(Debug, Default)]
pub struct Resolved {
    pub targets: Vec<CrawlTarget>,
    pub skipped: Vec<Skipped>,
}

impl Resolved {
    /// Adds a target unless its name is taken. The same server declared twice identically (in
    /// two client configs, say) is crawled once; a different server under a taken name is
    /// skipped with a note, since one catalog key cannot hold two servers.
    pub fn push(&mut self, target: CrawlTarget) {
        if let Some(existing) = self.targets.iter().find(|t| t.name == target.name) {
            if existing.transport != target.transport {
                self.skipped.push(Skipped {
                    name: target.name.clone(),
                    declared_in: target.declared_in.clone(),
                    reason: format!(
                        "the name is already used by the server from {}",
                        existing.declared_in
                    ),
                });
            }
            return;
        }
        self.targets.push(target);
    }

    pub fn extend(&mut self, other: Resolved) {
        for t in other.targets {
            self.push(t);
        }
        self.skipped.extend(other.skipped);
    }
}

/// Expands `${env:NAME}`, `${NAME}` and `${NAME:-default}` from our environment, the forms
/// Claude Code, Cursor and VS Code configs use to keep secrets out of the file. Unknown
/// variables expand to the empty string (with `:-`, to the default); other `${…}` forms (VS
/// Code's `${input:…}`, `${workspaceFolder}`) are left as written.
pub fn expand_vars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let expr = &after[..end];
        let (name, default) = match expr.split_once(":-") {
            Some((n, d)) => (n, Some(d)),
            None => (expr, None),
        };
        let name = name.strip_prefix("env:").unwrap_or(name);
        let is_var = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        if is_var && name != "workspaceFolder" && name != "userHome" {
            match std::env::var(name) {
                Ok(v) if !v.is_empty() || default.is_none() => out.push_str(&v),
                _ => out.push_str(default.unwrap_or("")),
            }
        } else {
            out.push_str(&rest[start..start + 2 + end + 1]);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Splits a command line the way a POSIX shell splits words: whitespace separates, single
/// quotes are literal, double quotes allow `\"` and `\\`, a backslash outside quotes escapes
/// the next character. Nothing is expanded and no shell ever runs.
pub fn split_command(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err("unterminated single quote".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => cur.push(c),
                            Some(c) => {
                                cur.push('\\');
                                cur.push(c);
                            }
                            None => return Err("unterminated double quote".into()),
                        },
                        Some(c) => cur.push(c),
                        None => return Err("unterminated double quote".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => cur.push(c),
                    None => return Err("trailing backslash".into()),
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Programs that launch the real server; the name comes from what they launch.
const LAUNCHERS: &[&str] = &[
    "npx", "npm", "pnpm", "pnpx", "yarn", "bunx", "bun", "deno", "node", "uvx", "uv", "pipx",
    "python", "python3", "py", "docker", "podman", "dnx", "dotnet", "java", "sh", "bash", "env",
    "exec", "run", "x", "dlx", "tool",
];

/// A name for a server given only its command line: the first word that is not a launcher or
/// a flag, without directory, scope, version or extension. `npx -y
/// @modelcontextprotocol/server-everything@2026.8.31` → `server-everything`; `python3 srv.py`
/// → `srv`; `uvx mcp-server-time==1.0` → `mcp-server-time`.
pub fn derive_name(words: &[String]) -> String {
    let candidate = words
        .iter()
        .find(|w| {
            let base = w.rsplit('/').next().unwrap_or(w);
            !w.starts_with('-')
                && !LAUNCHERS.contains(&base)
                && (!w.contains('=') || w.contains("=="))
        })
        .or_else(|| words.first());
    let Some(word) = candidate else {
        return "server".into();
    };
    // A script with a generic name (`…/node_modules/@scope/pkg/dist/index.js`) is named after
    // its package or directory instead.
    let segments: Vec<&str> = word.split('/').filter(|s| !s.is_empty()).collect();
    if segments.len() > 1 {
        let stem = segments[segments.len() - 1]
            .split('.')
            .next()
            .unwrap_or_default();
        if GENERIC_STEMS.contains(&stem) {
            if let Some(i) = segments.iter().rposition(|s| *s == "node_modules")
                && let Some(pkg) = segments.get(i + 1)
            {
                let pkg = if pkg.starts_with('@') {
                    segments.get(i + 2).copied().unwrap_or(pkg)
                } else {
                    pkg
                };
                return pkg.to_string();
            }
            if let Some(dir) = segments[..segments.len() - 1]
                .iter()
                .rev()
                .find(|s| !BUILD_DIRS.contains(s))
            {
                return dir.to_string();
            }
        }
    }
    let mut base = word.as_str();
    // Scoped npm package: @scope/name@version.
    if let Some(rest) = base.strip_prefix('@') {
        base = rest.split_once('/').map_or(rest, |(_, n)| n);
    } else {
        base = base.rsplit('/').next().unwrap_or(base);
    }
    let base = base.split('@').next().unwrap_or(base);
    let base = base.split("==").next().unwrap_or(base);
    let base = [".py", ".js", ".mjs", ".cjs", ".ts", ".exe"]
        .iter()
        .fold(base, |b, ext| b.strip_suffix(ext).unwrap_or(b));
    if base.is_empty() {
        "server".into()
    } else {
        base.to_string()
    }
}

const GENERIC_STEMS: &[&str] = &[
    "index", "main", "server", "cli", "app", "__main__", "run", "start",
];
const BUILD_DIRS: &[&str] = &["dist", "build", "out", "lib", "src", "bin", "."];

/// A name for a remote server: its host (and port, when not the default).
pub fn derive_url_name(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => match (u.host_str(), u.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => "remote".into(),
        },
        Err(_) => "remote".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell_without_one() {
        let w = split_command(r#"npx -y "@scope/pkg@1" 'a b' c\ d "x\"y" $HOME"#).unwrap();
        assert_eq!(
            w,
            ["npx", "-y", "@scope/pkg@1", "a b", "c d", "x\"y", "$HOME"]
        );
        assert!(split_command("'open").is_err());
        assert_eq!(split_command("  ").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn derives_names() {
        let n = |s: &str| derive_name(&split_command(s).unwrap());
        assert_eq!(
            n("npx -y @modelcontextprotocol/server-everything@2026.8.31 stdio"),
            "server-everything"
        );
        assert_eq!(n("uvx mcp-server-time==2026.10.19"), "mcp-server-time");
        assert_eq!(
            n("python3 tests/fixtures/servers/stdio_server.py"),
            "stdio_server"
        );
        assert_eq!(n("/usr/local/bin/github-mcp --flag"), "github-mcp");
        assert_eq!(
            n("node x/node_modules/@modelcontextprotocol/server-everything/dist/index.js stdio"),
            "server-everything"
        );
        assert_eq!(n("python3 ~/code/weather/src/server.py"), "weather");
        assert_eq!(
            derive_url_name("https://mcp.example.com/mcp"),
            "mcp.example.com"
        );
        assert_eq!(
            derive_url_name("http://127.0.0.1:8080/mcp"),
            "127.0.0.1:8080"
        );
    }

    #[test]
    fn expands_env_references() {
        // SAFETY: no other test reads these variables.
        unsafe {
            std::env::set_var("MCPRISK_T_TOKEN", "tok");
            std::env::remove_var("MCPRISK_T_UNSET");
        }
        assert_eq!(expand_vars("Bearer ${env:MCPRISK_T_TOKEN}"), "Bearer tok");
        assert_eq!(
            expand_vars("${MCPRISK_T_TOKEN}/${MCPRISK_T_UNSET:-dflt}"),
            "tok/dflt"
        );
        assert_eq!(
            expand_vars("${input:api_key} ${workspaceFolder} ${"),
            "${input:api_key} ${workspaceFolder} ${"
        );
    }
}
