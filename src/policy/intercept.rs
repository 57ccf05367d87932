//! PolicyLayer Intercept's policy YAML (<https://github.com/PolicyLayer/Intercept>, POLICY.md):
//! `version: "1"`, `default`, `hide`, and `tools: {<name>: {rules: [...]}}` where a rule is a
//! `rate_limit: N/window` shorthand or `conditions` (`path: args.<field>`, `op`, `value`, all
//! ANDed) with an `on_deny` message.
//!
//! `default: deny` (a tool the catalog has not seen is refused), Critical tools in `hide`
//! (removed from the listing and refused), the others listed with their rate limit and the
//! argument constraints that apply: a path must match a regular expression that confines it to
//! the roots and admits no `..` segment (RE2 has no look-around, so the segment rule is spelled
//! out), a URL must be http(s) on an allowed host with no `@`, a host must be `in` the list, an
//! amount `lte` the cap. Intercept takes one policy per server; for several servers the output
//! is a YAML stream, one document per server.

use super::constraints::{Constraint, Shape};
use super::quote::{comment, yaml};
use super::{Action, ConstraintKind, Limits, PlannedServer, PlannedTool, RenderOptions};
use std::fmt::Write as _;

pub(super) fn render(servers: &[PlannedServer], limits: &Limits, opts: &RenderOptions) -> String {
    let docs: Vec<String> = servers.iter().map(|s| document(s, limits)).collect();
    if opts.many {
        docs.iter().map(|d| format!("---\n{d}")).collect()
    } else {
        docs.concat()
    }
}

fn document(s: &PlannedServer, limits: &Limits) -> String {
    let mut out = format!(
        "# Intercept policy written by mcprisk for server {}\nversion: \"1\"\ndescription: {}\ndefault: \"deny\"\n",
        comment(&s.name),
        yaml(&format!("mcprisk recommended policy for {}", s.name))
    );
    let hidden: Vec<&PlannedTool> = s
        .tools
        .iter()
        .filter(|t| t.treatment.action == Action::Hide)
        .collect();
    if !hidden.is_empty() {
        out.push_str("hide:\n");
        for t in hidden {
            let _ = writeln!(out, "  # {} risk ({})", t.risk, t.category);
            let _ = writeln!(out, "  - {}", yaml(&t.name));
        }
    }
    out.push_str("tools:\n");
    let listed: Vec<&PlannedTool> = s
        .tools
        .iter()
        .filter(|t| t.treatment.action != Action::Hide)
        .collect();
    if listed.is_empty() {
        out.pop();
        out.push_str(" {}\n");
    }
    for t in listed {
        let _ = writeln!(out, "  # {} risk ({})", t.risk, t.category);
        let _ = writeln!(out, "  {}:", yaml(&t.name));
        let mut rules = Vec::new();
        if t.treatment.action == Action::Deny {
            rules.push(format!(
                "      - name: {}\n        action: \"deny\"\n        on_deny: {}\n",
                yaml(&format!("{} risk: blocked", t.risk)),
                yaml("Blocked by default. Requires human approval.")
            ));
        } else {
            if let Some(rate) = &t.treatment.rate_limit {
                rules.push(format!(
                    "      - name: {}\n        rate_limit: \"{rate}\"\n",
                    yaml(&format!("{} risk: {rate}", t.risk))
                ));
            }
            for c in &t.constraints {
                match condition(c, limits) {
                    Some(rule) => rules.push(rule),
                    None => {
                        let _ = writeln!(
                            out,
                            "    # not enforced: {} (reads `{}`)",
                            c.describe(),
                            comment(&c.param)
                        );
                    }
                }
            }
        }
        if rules.is_empty() {
            out.push_str("    rules: []\n");
        } else {
            out.push_str("    rules:\n");
            for r in rules {
                out.push_str(&r);
            }
        }
    }
    out
}

/// The rule that enforces `c`; `None` where Intercept cannot (code, lists, a parameter name
/// its dotted paths cannot reach).
fn condition(c: &Constraint, limits: &Limits) -> Option<String> {
    if c.kind == ConstraintKind::Code || c.shape == Shape::StringList || c.param.contains('.') {
        return None;
    }
    let (op, value) = match c.kind {
        ConstraintKind::Path => ("regex", yaml(&path_regex(&limits.allow_paths))),
        ConstraintKind::Url => ("regex", yaml(&url_regex(&limits.allow_hosts))),
        ConstraintKind::Host => (
            "in",
            format!(
                "[{}]",
                limits
                    .allow_hosts
                    .iter()
                    .map(|h| yaml(h))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        ConstraintKind::Amount => ("lte", format!("{}", limits.max_amount?)),
        ConstraintKind::Code => return None,
    };
    Some(format!(
        "      - name: {}\n        conditions:\n          - path: {}\n            op: \"{op}\"\n            value: {value}\n        on_deny: {}\n",
        yaml(&format!("{} (reads `{}`)", c.describe(), c.param)),
        yaml(&format!("args.{}", c.param)),
        yaml(&format!(
            "mcprisk: `{}` breaks the rule: {}",
            c.param,
            c.describe()
        ))
    ))
}

/// One of the roots, or below one, with no `..` segment. A segment is anything without `/`
/// except `..` itself: RE2 (Intercept is written in Go) has no look-around, so the segment is
/// spelled as "not starting with a dot", "a dot then not a dot", "two dots then more", or `.`.
pub fn path_regex(roots: &[String]) -> String {
    let prefixes: Vec<String> = roots
        .iter()
        .map(|r| {
            if r == "/" {
                String::new()
            } else {
                regex::escape(r)
            }
        })
        .collect();
    format!(
        r"^(?:{})(?:/(?:[^/.][^/]*|\.[^/.][^/]*|\.\.[^/]+|\.?))*$",
        prefixes.join("|")
    )
}

/// An http(s) URL on one of the hosts: then a port, a path, a query or a fragment, and no `@`.
pub fn url_regex(hosts: &[String]) -> String {
    let hosts: Vec<String> = hosts.iter().map(|h| regex::escape(h)).collect();
    format!(
        r"^https?://(?:{})(?::[0-9]+)?(?:[/?#][^@]*)?$",
        hosts.join("|")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_regex_confines_and_refuses_parent_segments() {
        let re = regex::Regex::new(&path_regex(&["/srv/data".into(), "/tmp/a.b".into()])).unwrap();
        for ok in [
            "/srv/data",
            "/srv/data/x",
            "/srv/data/.hidden",
            "/srv/data/..x/y",
            "/tmp/a.b/c",
            "/srv/data/./x",
        ] {
            assert!(re.is_match(ok), "{ok}");
        }
        for bad in [
            "/srv/database",
            "/srv/data/../etc",
            "/srv/data/..",
            "/tmp/aXb/c",
            "srv/data",
            "/etc/passwd",
            "/srv/data/x/../../etc",
        ] {
            assert!(!re.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn url_regex_keeps_to_the_hosts() {
        let re = regex::Regex::new(&url_regex(&["api.example.com".into()])).unwrap();
        for ok in [
            "https://api.example.com",
            "https://api.example.com/v1?q=1",
            "http://api.example.com:8080/x",
        ] {
            assert!(re.is_match(ok), "{ok}");
        }
        for bad in [
            "https://api.example.com@evil.com/",
            "https://api.example.com.evil.com/",
            "https://apixexample.com/",
            "file:///etc/passwd",
            "https://evil.com/?u=https://api.example.com",
        ] {
            assert!(!re.is_match(bad), "{bad}");
        }
    }
}
