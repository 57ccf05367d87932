//! `mcprisk export [SERVER] [--out DIR]`: server snapshots that `mcprisk index` reads back.

use super::Context;
use crate::sanitize;
use crate::store::{Store, StoredServer};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Export only this server (to standard output unless --out is given).
    #[arg(value_name = "SERVER")]
    pub server: Option<String>,

    /// Directory to write one SERVER.json per server into (created when missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let store = catalog.store();
    let servers: Vec<StoredServer> = match &args.server {
        Some(name) => match store.server(name)? {
            Some(s) => vec![s],
            None => {
                let hint = super::resolve::suggest(name, &store.server_names()?);
                anyhow::bail!("no server {} in the catalog{hint}", sanitize::line(name));
            }
        },
        None => store.servers()?,
    };
    let Some(dir) = args.out else {
        if servers.len() != 1 {
            anyhow::bail!("give --out DIR to export more than one server (or name one server)");
        }
        out!(
            "{}",
            crate::policy::to_pretty(&snapshot(store, &servers[0])?)
        )?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
    let mut used = HashSet::new();
    for s in &servers {
        let path = unique_path(&dir, &slug(&s.info.name), &mut used);
        std::fs::write(&path, crate::policy::to_pretty(&snapshot(store, s)?))
            .map_err(|e| crate::Error::io(&path, e))?;
    }
    eprintln!(
        "wrote {} to {}",
        crate::report::plural(servers.len() as u64, "server snapshot", "server snapshots"),
        sanitize::line(&dir.display().to_string())
    );
    Ok(ExitCode::SUCCESS)
}

/// `{"server": {...}, "tools": [raw definitions...]}`, with the keys `mcprisk index` reads.
pub fn snapshot(store: &Store, s: &StoredServer) -> crate::Result<Value> {
    let mut server = Map::new();
    server.insert("name".into(), Value::String(s.info.name.clone()));
    let opt = |v: &Option<String>| v.clone().map(Value::String).unwrap_or(Value::Null);
    server.insert("version".into(), opt(&s.info.version));
    server.insert("protocolVersion".into(), opt(&s.info.protocol_version));
    server.insert("title".into(), opt(&s.info.title));
    server.insert("instructions".into(), opt(&s.info.instructions));
    server.insert("source".into(), Value::String(s.info.source.clone()));
    let mut tools = Vec::new();
    store.for_each_tool_of(s.id, |t| {
        tools.push(t.tool.raw);
        Ok(())
    })?;
    let mut doc = Map::new();
    doc.insert("server".into(), Value::Object(server));
    doc.insert("tools".into(), Value::Array(tools));
    Ok(Value::Object(doc))
}

/// A file-name-safe form of a server name: ASCII letters, digits, `.`, `_` and `-` kept,
/// anything else (`/`, spaces, non-ASCII) becomes `_`.
pub fn slug(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    while s.starts_with('.') {
        s.remove(0);
    }
    s.truncate(120);
    if s.is_empty() { "server".into() } else { s }
}

/// `DIR/slug.json`, or `DIR/slug-2.json`, ... when another server already took the name
/// (compared case-insensitively, for case-insensitive file systems).
fn unique_path(dir: &Path, slug: &str, used: &mut HashSet<String>) -> PathBuf {
    let mut candidate = slug.to_string();
    let mut n = 1;
    while !used.insert(candidate.to_lowercase()) {
        n += 1;
        candidate = format!("{slug}-{n}");
    }
    dir.join(format!("{candidate}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_unique() {
        assert_eq!(slug("github/github-mcp-server"), "github_github-mcp-server");
        assert_eq!(slug("../etc"), "_etc");
        assert_eq!(slug(""), "server");
        let mut used = HashSet::new();
        let a = unique_path(Path::new("d"), "a_b", &mut used);
        let b = unique_path(Path::new("d"), "a_b", &mut used);
        assert_ne!(a, b);
    }
}
