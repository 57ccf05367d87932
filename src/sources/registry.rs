//! `--registry [URL]`: servers from the official MCP Registry (or any registry implementing its
//! API).
//!
//! We page through `GET /v0.1/servers?version=latest&limit=100`, following
//! `metadata.nextCursor`, and keep each server's latest version, skipping entries whose
//! registry status is `deleted`. Each entry becomes a target:
//!
//! - a **remote** (`remotes[]`, `streamable-http` or `sse`) is crawled directly. Remotes that need
//!   a header or URL variable without a default (an API key, a tenant) are skipped with a note:
//!   we have no value to send.
//! - otherwise an **npm** or **PyPI** package becomes `npx -y PKG@VERSION ARGS` or `uvx
//!   PKG==VERSION ARGS`. Running a package is running third-party code on this machine, so these
//!   targets are only produced with `--allow-exec`; without it they are listed as skipped. Only
//!   the environment values the entry itself fixes (`value`, or `default`) are passed; the
//!   user's own variables are not, even when an entry asks for them by name (an entry can name
//!   any variable, including ones that hold the user's credentials).

use super::{Resolved, Skipped};
use crate::crawl::{CrawlTarget, HttpMode, TransportSpec};
use crate::error::Error;
use serde_json::Value;

pub const DEFAULT_REGISTRY: &str = "https://registry.modelcontextprotocol.io";
const OFFICIAL_META: &str = "io.modelcontextprotocol.registry/official";
const PAGE_SIZE: usize = 100;
const MAX_PAGES: usize = 1000;

/// What to fetch from a registry.
#[derive(Debug, Clone)]
pub struct RegistryQuery {
    pub base: String,
    /// Substring filter on server names (the API's `search`).
    pub search: Option<String>,
    /// Stop after this many servers.
    pub limit: Option<usize>,
    pub allow_exec: bool,
}

pub async fn fetch(q: &RegistryQuery) -> Result<Resolved, Error> {
    let base = q.base.trim_end_matches('/').to_string();
    let err = |msg: String| Error::Registry {
        url: base.clone(),
        msg,
    };
    let client = crate::crawl::http::client().map_err(|e| err(e.message))?;
    let mut out = Resolved::default();
    let mut cursor: Option<String> = None;
    let mut seen_cursors = Vec::new();
    let mut seen_names = std::collections::HashSet::new();
    let declared_in = format!("registry {}", crate::redact::redact_url(&base));
    'pages: for _ in 0..MAX_PAGES {
        let mut url = reqwest::Url::parse(&format!("{base}/v0.1/servers"))
            .map_err(|e| err(format!("invalid URL: {e}")))?;
        {
            let mut qp = url.query_pairs_mut();
            qp.append_pair("limit", &PAGE_SIZE.to_string());
            qp.append_pair("version", "latest");
            if let Some(s) = &q.search {
                qp.append_pair("search", s);
            }
            if let Some(c) = &cursor {
                qp.append_pair("cursor", c);
            }
        }
        let resp = client
            .get(url)
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| err(crate::crawl::http::reqwest_error(&e).message))?;
        let status = resp.status();
        if !status.is_success() {
            return Err(err(format!("GET /v0.1/servers returned HTTP {status}")));
        }
        let page: Value = resp
            .json()
            .await
            .map_err(|e| err(format!("the server list is not JSON: {e}")))?;
        let Some(items) = page.get("servers").and_then(Value::as_array) else {
            return Err(err(
                "the response has no `servers` array: not an MCP registry".into(),
            ));
        };
        for item in items {
            // v0.1 wraps the server.json as `server` with registry metadata beside it; older
            // registries return the server.json itself.
            let server = item.get("server").unwrap_or(item);
            let official = item.get("_meta").and_then(|m| m.get(OFFICIAL_META));
            let status = official
                .and_then(|o| o.get("status"))
                .or_else(|| server.get("status"))
                .and_then(Value::as_str);
            if status == Some("deleted") {
                continue;
            }
            if official
                .and_then(|o| o.get("isLatest"))
                .and_then(Value::as_bool)
                == Some(false)
            {
                continue;
            }
            let Some(name) = server.get("name").and_then(Value::as_str) else {
                continue;
            };
            if !seen_names.insert(name.to_string()) {
                continue;
            }
            match entry_target(server, &declared_in, q.allow_exec) {
                Ok(t) => out.push(t),
                Err(reason) => out.skipped.push(Skipped {
                    name: name.to_string(),
                    declared_in: declared_in.clone(),
                    reason,
                }),
            }
            if q.limit
                .is_some_and(|l| out.targets.len() + out.skipped.len() >= l)
            {
                break 'pages;
            }
        }
        match page
            .get("metadata")
            .and_then(|m| m.get("nextCursor"))
            .and_then(Value::as_str)
        {
            Some(c) if !c.is_empty() && !seen_cursors.iter().any(|s| s == c) => {
                seen_cursors.push(c.to_string());
                cursor = Some(c.to_string());
            }
            _ => break,
        }
    }
    Ok(out)
}

fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

/// Fills `{var}` placeholders from an input's `variables` defaults; `None` if one has no value.
fn fill_template(template: &str, vars: Option<&Value>) -> Option<String> {
    let mut out = template.to_string();
    while let Some(start) = out.find('{') {
        let end = out[start..].find('}')? + start;
        let name = &out[start + 1..end];
        let var = vars.and_then(|v| v.get(name))?;
        let value = s(var, "value").or_else(|| s(var, "default"))?;
        out.replace_range(start..=end, value);
    }
    Some(out)
}

/// The value of a fixed input (an argument, header or variable): its `value` with variables
/// filled, else its `default`.
fn input_value(input: &Value) -> Option<String> {
    if let Some(v) = s(input, "value") {
        return fill_template(v, input.get("variables"));
    }
    s(input, "default").map(str::to_string)
}

/// Maps one registry entry (a server.json) to a target, or says why not.
pub fn entry_target(
    server: &Value,
    declared_in: &str,
    allow_exec: bool,
) -> Result<CrawlTarget, String> {
    let name = s(server, "name").unwrap_or("?").to_string();
    let version = s(server, "version").unwrap_or("?");
    let target = |transport| CrawlTarget {
        name: name.clone(),
        transport,
        declared_in: format!("{declared_in} ({name}@{version})"),
        from_registry: true,
    };
    let mut why_not = Vec::new();
    for remote in server
        .get("remotes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let kind = s(remote, "type")
            .or_else(|| s(remote, "transport_type"))
            .unwrap_or("streamable-http");
        let mode = match kind {
            "sse" => HttpMode::Sse,
            "streamable-http" | "http" => HttpMode::Auto,
            other => {
                why_not.push(format!("remote transport {other:?} is not supported"));
                continue;
            }
        };
        let Some(url) = s(remote, "url").and_then(|u| fill_template(u, remote.get("variables")))
        else {
            why_not.push("the remote URL needs a value for a variable without a default".into());
            continue;
        };
        let mut headers = Vec::new();
        let mut missing = Vec::new();
        for h in remote
            .get("headers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(hname) = s(h, "name") else { continue };
            match input_value(h) {
                Some(v) => headers.push((hname.to_string(), v)),
                None if h.get("isRequired").and_then(Value::as_bool) == Some(true) => {
                    missing.push(hname.to_string())
                }
                None => {}
            }
        }
        if !missing.is_empty() {
            why_not.push(format!(
                "the remote needs header {} (no value to send)",
                missing.join(", ")
            ));
            continue;
        }
        return Ok(target(TransportSpec::Http { url, headers, mode }));
    }
    for pkg in server
        .get("packages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let registry = s(pkg, "registryType")
            .or_else(|| s(pkg, "registry_type"))
            .unwrap_or("");
        let Some(ident) = s(pkg, "identifier") else {
            continue;
        };
        let pkg_version = s(pkg, "version").unwrap_or(version);
        let transport = pkg
            .get("transport")
            .and_then(|t| s(t, "type"))
            .unwrap_or("stdio");
        if transport != "stdio" {
            why_not.push(format!(
                "{registry} package {ident} serves {transport}, not stdio"
            ));
            continue;
        }
        let (command, mut args) = match registry {
            "npm" => (
                "npx".to_string(),
                vec!["-y".to_string(), format!("{ident}@{pkg_version}")],
            ),
            "pypi" => ("uvx".to_string(), vec![format!("{ident}=={pkg_version}")]),
            other => {
                why_not.push(format!(
                    "{other} packages are not supported (npm and pypi are)"
                ));
                continue;
            }
        };
        match package_args(pkg) {
            Ok(extra) => args.extend(extra),
            Err(e) => {
                why_not.push(e);
                continue;
            }
        }
        let env: Vec<(String, String)> = pkg
            .get("environmentVariables")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| Some((s(e, "name")?.to_string(), input_value(e)?)))
            .collect();
        if !allow_exec {
            let line = crate::redact::redact_command(&command, &args);
            return Err(format!(
                "runs third-party code (`{line}`); pass --allow-exec to crawl it"
            ));
        }
        return Ok(target(TransportSpec::Stdio {
            command,
            args,
            env,
            cwd: None,
        }));
    }
    if why_not.is_empty() {
        why_not.push("no remote endpoint and no package".into());
    }
    Err(why_not.join("; "))
}

/// `packageArguments` as command-line words. Positional arguments with a fixed value or default
/// are passed; named ones as `--flag=value` (or a bare `--flag`); a required argument without
/// any value makes the package unusable for a crawl.
fn package_args(pkg: &Value) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for arg in pkg
        .get("packageArguments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let required = arg.get("isRequired").and_then(Value::as_bool) == Some(true);
        let value = input_value(arg);
        match (s(arg, "type"), value) {
            (Some("named"), v) => {
                let Some(flag) = s(arg, "name") else { continue };
                match v {
                    Some(v) => out.push(format!("{flag}={v}")),
                    None if required => {
                        return Err(format!("argument {flag} is required and has no value"));
                    }
                    None => {}
                }
            }
            (_, Some(v)) => out.push(v),
            (_, None) if required => {
                return Err(format!(
                    "positional argument {} is required and has no value",
                    s(arg, "valueHint").unwrap_or("?")
                ));
            }
            (_, None) => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn remotes_are_crawled_directly_and_packages_need_allow_exec() {
        let remote = json!({"name": "io.example/r", "version": "1.0.0", "remotes": [
            {"type": "sse", "url": "https://{host}/sse", "variables": {"host": {"default": "mcp.example.com"}}}]});
        let t = entry_target(&remote, "registry x", false).unwrap();
        assert!(
            matches!(&t.transport, TransportSpec::Http { url, mode: HttpMode::Sse, .. } if url == "https://mcp.example.com/sse")
        );
        assert!(t.from_registry);

        let npm = json!({"name": "io.example/n", "version": "2.0.0", "packages": [
            {"registryType": "npm", "identifier": "@example/server", "version": "2.0.0", "transport": {"type": "stdio"},
             "packageArguments": [{"type": "positional", "value": "stdio"}, {"type": "named", "name": "--mode", "default": "ro"}],
             "environmentVariables": [{"name": "API_KEY", "isRequired": true, "isSecret": true}, {"name": "LOG", "default": "info"}]}]});
        let err = entry_target(&npm, "registry x", false).unwrap_err();
        assert!(
            err.contains("--allow-exec") && err.contains("npx -y @example/server@2.0.0"),
            "{err}"
        );
        let t = entry_target(&npm, "registry x", true).unwrap();
        let TransportSpec::Stdio {
            command, args, env, ..
        } = &t.transport
        else {
            panic!()
        };
        assert_eq!(command, "npx");
        assert_eq!(args, &["-y", "@example/server@2.0.0", "stdio", "--mode=ro"]);
        assert_eq!(
            env,
            &[("LOG".to_string(), "info".to_string())],
            "no value for API_KEY, and none taken from our env"
        );

        let pypi = json!({"name": "io.example/p", "version": "1", "packages": [{"registryType": "pypi", "identifier": "mcp-server-time", "version": "2026.10.19"}]});
        let t = entry_target(&pypi, "r", true).unwrap();
        assert!(
            matches!(&t.transport, TransportSpec::Stdio { command, args, .. } if command == "uvx" && args == &["mcp-server-time==2026.10.19"])
        );

        let needs_key = json!({"name": "io.example/k", "version": "1", "remotes": [{"type": "streamable-http", "url": "https://x/mcp",
            "headers": [{"name": "X-API-Key", "isRequired": true, "isSecret": true}]}]});
        assert!(
            entry_target(&needs_key, "r", true)
                .unwrap_err()
                .contains("X-API-Key")
        );
        let oci = json!({"name": "io.example/o", "version": "1", "packages": [{"registryType": "oci", "identifier": "x/y"}]});
        assert!(
            entry_target(&oci, "r", true)
                .unwrap_err()
                .contains("oci packages are not supported")
        );
    }
}
