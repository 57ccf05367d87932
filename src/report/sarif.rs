//! SARIF 2.1.0 (the OASIS standard GitHub code scanning and other CI dashboards read): one rule
//! per finding kind with its help text, one result per finding with a level from its risk, a
//! physical location (the file that declares the server, and the line), a logical location
//! (`server/tool`) and a stable partial fingerprint.
//!
//! A server declared in no file (`--stdio`, `--url`, the registry, standard input) still gets a
//! physical location, since GitHub code scanning rejects the whole log when a result has only a
//! logical one: a relative URI naming how the server was reached (`host/path` of its address,
//! `stdio/<command>`), with a description saying that it is not a file. Not an absolute
//! `https:` URI, which is valid SARIF but which code scanning also rejects whole (its artifacts
//! must share the checkout's `file` scheme).
//!
//! Findings a baseline accepts are kept as results with an external suppression carrying the
//! baseline's reason, which is how SARIF says "seen and accepted".

use crate::classify::Risk;
use crate::manifest::OriginKind;
use crate::scan::findings::{Finding, KINDS, Kind, Location, Origin, Subject};
use serde_json::{Value, json};

/// The key of mcprisk's partial fingerprint; the `/v1` changes if the recipe ever does.
pub const FINGERPRINT_KEY: &str = "mcprisk/v1";

fn level(r: Risk) -> &'static str {
    match r {
        Risk::Critical | Risk::High => "error",
        Risk::Medium => "warning",
        Risk::Low => "note",
    }
}

/// GitHub's `security-severity` (0–10) per kind: how it sorts and labels alerts.
fn security_severity(kind: &str) -> &'static str {
    match kind {
        "risk_critical" => "9.5",
        "tool_poisoning" => "9.0",
        "shadowing" | "toxic_combination" => "8.5",
        "risk_high" | "hidden_text" => "8.0",
        "annotation_mismatch" => "6.0",
        "risk_medium" => "5.0",
        "description_changed" | "instructions_changed" | "category_escalated" => "8.0",
        "signal_added" | "risk_escalated" | "tool_added" | "server_added" => "7.0",
        "param_added" | "param_retyped" | "annotation_flipped" => "5.0",
        _ => "2.0",
    }
}

fn default_level(kind: &str) -> &'static str {
    match kind {
        "risk_critical"
        | "risk_high"
        | "tool_poisoning"
        | "hidden_text"
        | "shadowing"
        | "toxic_combination"
        | "instructions_changed"
        | "category_escalated"
        | "signal_added" => "error",
        "risk_low"
        | "server_removed"
        | "tool_removed"
        | "version_changed"
        | "protocol_changed"
        | "transport_changed"
        | "required_changed"
        | "classification_changed"
        | "definition_changed" => "note",
        _ => "warning",
    }
}

/// The SARIF log of a scan.
pub fn log(findings: &[Finding]) -> Value {
    log_with(KINDS, findings)
}

/// The SARIF log of findings of the given kinds (a scan's, or a verify's drift).
pub fn log_with(kinds: &[Kind], findings: &[Finding]) -> Value {
    let rules: Vec<Value> = kinds
        .iter()
        .map(|k| {
            json!({
                "id": k.id,
                "name": camel(k.id),
                "shortDescription": {"text": short(k.help)},
                "fullDescription": {"text": k.help},
                "help": {"text": k.help},
                "defaultConfiguration": {"level": default_level(k.id)},
                "properties": {
                    "tags": ["security", "mcp"],
                    "security-severity": security_severity(k.id),
                },
            })
        })
        .collect();
    let results: Vec<Value> = findings.iter().map(|f| result(kinds, f)).collect();
    json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mcprisk",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// The first sentence of a help text.
fn short(help: &str) -> &str {
    help.split_once(". ").map_or(help, |(first, _)| first)
}

/// `risk_high` → `RiskHigh`: SARIF's rule name is an identifier-like short name.
fn camel(id: &str) -> String {
    id.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn result(kinds: &[Kind], f: &Finding) -> Value {
    let index = kinds
        .iter()
        .position(|k| k.id == f.kind)
        .expect("findings use known kinds");
    let (name, kind) = match (&f.subject, &f.tool) {
        (Subject::Tool, Some(t)) => (format!("{}/{t}", f.server), "function"),
        (Subject::Instructions, _) => (format!("{}/instructions", f.server), "member"),
        _ => (f.server.clone(), "module"),
    };
    let mut location = json!({
        "logicalLocations": [{"fullyQualifiedName": name, "kind": kind}],
    });
    if let Some(loc) = &f.location {
        location["physicalLocation"] = physical(loc);
    } else if let Some(origin) = &f.origin {
        location["physicalLocation"] = reached(&f.server, origin);
    }
    let mut props = json!({"risk": f.risk, "server": f.server, "evidence": f.evidence});
    if let Some(t) = &f.tool {
        props["tool"] = json!(t);
    }
    if let Some(h) = &f.hash {
        props["definitionHash"] = json!(h);
    }
    let mut r = json!({
        "ruleId": f.kind,
        "ruleIndex": index,
        "level": level(f.risk),
        "message": {"text": f.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": props,
    });
    if let Some(reason) = &f.accepted {
        r["suppressions"] = json!([{"kind": "external", "justification": reason}]);
    }
    r
}

fn physical(loc: &Location) -> Value {
    let (uri, base) = uri(&loc.file);
    let mut artifact = json!({ "uri": uri });
    if let Some(b) = base {
        artifact["uriBaseId"] = json!(b);
    }
    let mut p = json!({ "artifactLocation": artifact });
    if let Some(line) = loc.line {
        p["region"] = json!({ "startLine": line });
    }
    p
}

/// The physical location of a server declared in no file: how it was reached.
fn reached(server: &str, origin: &Origin) -> Value {
    let how = match origin.kind {
        OriginKind::Stdio => "started with the command",
        OriginKind::Http | OriginKind::Sse => "reached at",
        OriginKind::Registry => "from",
        OriginKind::Stdin | OriginKind::File => "read from",
    };
    json!({"artifactLocation": {
        "uri": origin_uri(origin),
        "description": {"text": format!("MCP server {server}, {how} {} (not a file)", origin.source)},
    }})
}

/// A relative URI for a server reached without a file: an address loses its scheme, query,
/// fragment and any user name (`https://example.com/mcp?key=…` → `example.com/mcp`); anything
/// else is prefixed with its origin (`stdio/npx%20-y%20server`). Colons are encoded too, so
/// that no first segment reads as a scheme (`127.0.0.1%3A8080/mcp`).
fn origin_uri(origin: &Origin) -> String {
    let address = match origin.kind {
        OriginKind::Http | OriginKind::Sse => origin.source.split_once("://"),
        _ => None,
    };
    let path = match address {
        Some((_, rest)) => {
            let rest = rest.split(['?', '#']).next().unwrap_or_default();
            // Credentials are redacted before this; a user name is dropped all the same.
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority.rsplit('@').next().unwrap_or_default();
            format!("{host}{path}")
        }
        None => format!("{}/{}", origin.kind.as_str(), origin.source),
    };
    encode(&path).replace(':', "%3A")
}

/// A file path as a URI reference: relative to the working directory (the repository root in
/// CI) where it can be, with `%SRCROOT%` as its base; otherwise an absolute `file://` URI.
fn uri(path: &str) -> (String, Option<&'static str>) {
    let p = std::path::Path::new(path);
    let rel = if p.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| p.strip_prefix(cwd).ok().map(|r| r.to_path_buf()))
    } else {
        Some(p.strip_prefix("./").unwrap_or(p).to_path_buf())
    };
    match rel {
        Some(r) => (encode(&r.to_string_lossy()), Some("%SRCROOT%")),
        None => (format!("file://{}", encode(path)), None),
    }
}

/// Percent-encodes what may not appear in a URI path (RFC 3986 `pchar` and `/`).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            uri(".mcp.json"),
            (".mcp.json".to_string(), Some("%SRCROOT%"))
        );
        assert_eq!(
            uri("./a dir/x.json"),
            ("a%20dir/x.json".to_string(), Some("%SRCROOT%"))
        );
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("data/m.json").display().to_string();
        assert_eq!(uri(&inside).0, "data/m.json");
        assert_eq!(
            uri("/nonexistent-root/x.json"),
            ("file:///nonexistent-root/x.json".to_string(), None)
        );
    }

    #[test]
    fn servers_without_a_file_get_a_relative_uri() {
        let o = |kind, source: &str| Origin {
            kind,
            source: source.to_string(),
        };
        assert_eq!(
            origin_uri(&o(
                OriginKind::Http,
                "https://user@example.com:8443/mcp?key=<redacted>#x"
            )),
            "example.com%3A8443/mcp"
        );
        assert_eq!(
            origin_uri(&o(OriginKind::Sse, "http://127.0.0.1:9/sse")),
            "127.0.0.1%3A9/sse"
        );
        assert_eq!(
            origin_uri(&o(
                OriginKind::Stdio,
                "npx -y 'a b' --token=<redacted> C:\\x"
            )),
            "stdio/npx%20-y%20'a%20b'%20--token=%3Credacted%3E%20C%3A/x"
        );
        assert_eq!(
            origin_uri(&o(
                OriginKind::Stdio,
                "npx mcp-remote https://example.com/mcp"
            )),
            "stdio/npx%20mcp-remote%20https%3A//example.com/mcp"
        );
        let r = reached("fs", &o(OriginKind::Stdio, "fs-server"));
        assert_eq!(r["artifactLocation"]["uri"], "stdio/fs-server");
        assert_eq!(
            r["artifactLocation"]["description"]["text"],
            "MCP server fs, started with the command fs-server (not a file)"
        );
    }
}
