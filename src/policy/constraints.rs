//! Argument constraints from the schema: a path parameter confined to the roots a user names
//! (`--allow-path`), a URL or host parameter to the hosts they name (`--allow-host`), an amount
//! capped (`--max-amount`), and free-form SQL or code flagged.
//!
//! A constraint applies to a tool only when the classifier found its signal (`fs_path`,
//! `url_input`, `money` or the Financial category, `code_input`/`code_exec`); it reads the
//! parameter that signal names plus the top-level parameters `rules/policy.toml` lists for it,
//! when their schema type fits. [`check`] evaluates one against a call's arguments (the hook);
//! the dialect writers turn them into conditions, or comments where they cannot.

use super::Dialect;
use super::rules::{ConstraintKind, PolicyRules};
use crate::classify::{Category, Classification};
use crate::manifest::Tool;
use serde_json::Value;
use std::path::{Component, Path, PathBuf};

/// What the user allows (the CLI's `--allow-path`, `--allow-host`, `--max-amount`).
#[derive(Debug, Clone, Default)]
pub struct Limits {
    /// Absolute, normalised roots, without a trailing `/`.
    pub allow_paths: Vec<String>,
    /// Lower-cased host names.
    pub allow_hosts: Vec<String>,
    pub max_amount: Option<f64>,
}

impl Limits {
    /// Builds limits from the user's flags: roots made absolute (relative to the current
    /// directory) and normalised, hosts lower-cased. A root that is not a path, a host that is
    /// not a bare name, or an amount that is not a finite number is an error naming it.
    pub fn new(
        paths: &[PathBuf],
        hosts: &[String],
        max_amount: Option<f64>,
    ) -> Result<Limits, String> {
        let mut allow_paths = Vec::new();
        for p in paths {
            let abs =
                std::path::absolute(p).map_err(|e| format!("--allow-path {}: {e}", p.display()))?;
            let norm = normalise(&abs.to_string_lossy())
                .ok_or_else(|| format!("--allow-path {}: not a usable root", p.display()))?;
            allow_paths.push(norm);
        }
        let mut allow_hosts = Vec::new();
        for h in hosts {
            let lower = h.trim().to_lowercase();
            if lower.is_empty()
                || !lower
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            {
                return Err(format!(
                    "--allow-host {}: expected a host name like api.example.com (no scheme, port or path)",
                    crate::sanitize::line(h)
                ));
            }
            allow_hosts.push(lower);
        }
        if let Some(n) = max_amount
            && !n.is_finite()
        {
            return Err(format!("--max-amount {n}: not a finite number"));
        }
        allow_paths.sort();
        allow_paths.dedup();
        allow_hosts.sort();
        allow_hosts.dedup();
        Ok(Limits {
            allow_paths,
            allow_hosts,
            max_amount,
        })
    }

    fn turns_on(&self, kind: ConstraintKind) -> bool {
        match kind {
            ConstraintKind::Path => !self.allow_paths.is_empty(),
            ConstraintKind::Url | ConstraintKind::Host => !self.allow_hosts.is_empty(),
            ConstraintKind::Amount => self.max_amount.is_some(),
            ConstraintKind::Code => true,
        }
    }
}

/// The shape of a parameter, from its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    String,
    Number,
    /// An array of strings: each element must pass.
    StringList,
}

/// One constraint on one parameter of one tool.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    pub kind: ConstraintKind,
    /// The top-level parameter it reads (third-party text).
    pub param: String,
    pub shape: Shape,
}

impl Constraint {
    /// What the constraint does, for comments and notes.
    pub fn describe(&self) -> &'static str {
        match self.kind {
            ConstraintKind::Path => "path confined to --allow-path roots",
            ConstraintKind::Url => "URL confined to --allow-host hosts",
            ConstraintKind::Host => "host confined to --allow-host hosts",
            ConstraintKind::Amount => "amount capped by --max-amount",
            ConstraintKind::Code => "free-form SQL/code: review every call",
        }
    }
}

/// The constraints that apply to one tool with these limits, in parameter order.
pub fn for_tool(
    rules: &PolicyRules,
    tool: &Tool,
    class: &Classification,
    limits: &Limits,
) -> Vec<Constraint> {
    let mut out = Vec::new();
    for kind in ConstraintKind::ALL {
        if !limits.turns_on(kind) {
            continue;
        }
        let rule = &rules.constraints[&kind];
        let signals: Vec<&str> = class
            .signals
            .iter()
            .filter(|s| rule.signals.contains(&s.id))
            .map(|s| s.evidence.as_str())
            .collect();
        let financial = kind == ConstraintKind::Amount && class.category == Category::Financial;
        if signals.is_empty() && !financial {
            continue;
        }
        for (name, schema) in tool.properties() {
            let key = name.to_lowercase().replace(['_', '-'], "");
            if !(signals.contains(&name) || rule.params.contains(&key)) {
                continue;
            }
            if let Some(shape) = shape(kind, schema) {
                out.push(Constraint {
                    kind,
                    param: name.to_string(),
                    shape,
                });
            }
        }
    }
    out
}

/// The JSON Schema `type`s of a property (`"string"`, `["string", "null"]`); empty if none.
fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The shape a constraint of `kind` can read from this property, if any.
fn shape(kind: ConstraintKind, schema: &Value) -> Option<Shape> {
    let t = types(schema);
    match kind {
        ConstraintKind::Amount => {
            (t.contains(&"number") || t.contains(&"integer")).then_some(Shape::Number)
        }
        ConstraintKind::Code => (t.is_empty() || t.contains(&"string")).then_some(Shape::String),
        ConstraintKind::Path | ConstraintKind::Url | ConstraintKind::Host => {
            if t.contains(&"array") {
                let items = schema.get("items").map(types).unwrap_or_default();
                items.contains(&"string").then_some(Shape::StringList)
            } else if t.is_empty() || t.contains(&"string") {
                Some(Shape::String)
            } else {
                None
            }
        }
    }
}

/// Why `dialect` cannot enforce `c`, if it cannot.
pub fn unenforced(dialect: Dialect, c: &Constraint) -> Option<&'static str> {
    if c.kind == ConstraintKind::Code {
        return Some("free-form code cannot be checked by a policy; a human should review it");
    }
    match dialect {
        Dialect::PolicyLayer => {
            Some("PolicyLayer's condition syntax is not written by mcprisk; use --format intercept")
        }
        Dialect::ClaudeCode => Some(
            "Claude Code permission rules cannot read MCP arguments; use `mcprisk hook claude-code`",
        ),
        Dialect::Codex => Some("Codex's MCP settings cannot read arguments"),
        Dialect::AgentGateway => Some("agentgateway's CEL context has no MCP tool arguments"),
        Dialect::Cedar | Dialect::Intercept if c.shape == Shape::StringList => {
            Some("the dialect cannot check each element of a list")
        }
        Dialect::Cedar | Dialect::Intercept => None,
    }
}

/// The outcome of checking one constraint against a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    Pass,
    /// The call breaks the constraint: deny, with this reason.
    Violation(String),
    /// The call needs a human to look (free-form code): ask, with this reason.
    Review(String),
}

/// Checks `c` against a call's arguments. A value of the wrong type is a violation, and so is
/// a missing one: the server would fall back to a default (a working directory, say) that
/// this check cannot see. A call without code has nothing to review.
pub fn check(c: &Constraint, limits: &Limits, args: &Value) -> Check {
    let param = crate::sanitize::line(&c.param);
    let Some(value) = args.get(&c.param).filter(|v| !v.is_null()) else {
        return match c.kind {
            ConstraintKind::Code => Check::Pass,
            _ => Check::Violation(format!(
                "`{param}` is not given, so the constraint on it cannot be checked"
            )),
        };
    };
    let one = |v: &Value| -> Option<String> {
        match c.kind {
            ConstraintKind::Path => match v.as_str() {
                Some(p) if path_allowed(p, &limits.allow_paths) => None,
                Some(p) => Some(format!(
                    "`{param}` = {} is outside the allowed roots ({})",
                    crate::sanitize::truncate(p, 120),
                    limits.allow_paths.join(", ")
                )),
                None => Some(format!("`{param}` is not a path string")),
            },
            ConstraintKind::Url | ConstraintKind::Host => {
                let host = v.as_str().and_then(|s| {
                    if c.kind == ConstraintKind::Url {
                        url_host(s)
                    } else {
                        Some(s.trim().to_lowercase())
                    }
                });
                match host {
                    Some(h) if limits.allow_hosts.contains(&h) => None,
                    _ => Some(format!(
                        "`{param}` = {} is not on an allowed host ({})",
                        crate::sanitize::truncate(v.as_str().unwrap_or("(not a string)"), 120),
                        limits.allow_hosts.join(", ")
                    )),
                }
            }
            ConstraintKind::Amount => {
                let max = limits.max_amount.unwrap_or(f64::INFINITY);
                let n = v
                    .as_f64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
                match n {
                    Some(n) if n <= max => None,
                    Some(n) => Some(format!("`{param}` = {n} is over the cap of {max}")),
                    None => Some(format!("`{param}` is not a number")),
                }
            }
            ConstraintKind::Code => None,
        }
    };
    if c.kind == ConstraintKind::Code {
        return Check::Review(format!("`{param}` carries free-form SQL/code"));
    }
    let problem = match (c.shape, value) {
        (Shape::StringList, Value::Array(items)) => items.iter().find_map(one),
        _ => one(value),
    };
    match problem {
        Some(reason) => Check::Violation(reason),
        None => Check::Pass,
    }
}

/// Lexical normalisation of an absolute path: `.` and empty segments dropped, no `..` allowed,
/// no trailing `/`. `None` for a relative path or one with `..` (the server resolves those
/// against directories this check cannot see).
pub fn normalise(p: &str) -> Option<String> {
    let path = Path::new(p);
    if !path.is_absolute() {
        return None;
    }
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::RootDir | Component::CurDir => {}
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    Some(format!("/{}", parts.join("/")))
}

/// Whether `p` is one of `roots` or lies below one, compared segment by segment.
pub fn path_allowed(p: &str, roots: &[String]) -> bool {
    let Some(n) = normalise(p) else {
        return false;
    };
    roots.iter().any(|r| {
        r == "/"
            || n == *r
            || n.strip_prefix(r.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// The lower-cased host of an http(s) URL; `None` for anything else.
fn url_host(s: &str) -> Option<String> {
    let url = reqwest::Url::parse(s.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.host_str().map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn limits() -> Limits {
        Limits::new(
            &[PathBuf::from("/srv/data/"), PathBuf::from("/tmp/x/./y")],
            &["API.example.com".into()],
            Some(100.0),
        )
        .unwrap()
    }

    #[test]
    fn paths_are_confined_segment_by_segment() {
        let l = limits();
        assert_eq!(l.allow_paths, ["/srv/data", "/tmp/x/y"]);
        assert!(path_allowed("/srv/data", &l.allow_paths));
        assert!(path_allowed("/srv/data/a/./b.txt", &l.allow_paths));
        assert!(!path_allowed("/srv/database", &l.allow_paths));
        assert!(!path_allowed("/srv/data/../etc/passwd", &l.allow_paths));
        assert!(!path_allowed("data/a", &l.allow_paths));
        assert!(!path_allowed("/etc", &l.allow_paths));
    }

    #[test]
    fn checks_read_the_named_parameter() {
        let l = limits();
        let path = Constraint {
            kind: ConstraintKind::Path,
            param: "paths".into(),
            shape: Shape::StringList,
        };
        assert_eq!(
            check(&path, &l, &json!({"paths": ["/srv/data/a", "/srv/data/b"]})),
            Check::Pass
        );
        let Check::Violation(why) = check(&path, &l, &json!({"paths": ["/srv/data/a", "/etc/x"]}))
        else {
            panic!()
        };
        assert!(why.contains("`paths`") && why.contains("/etc/x"), "{why}");
        let url = Constraint {
            kind: ConstraintKind::Url,
            param: "url".into(),
            shape: Shape::String,
        };
        assert_eq!(
            check(&url, &l, &json!({"url": "https://api.example.com/v1"})),
            Check::Pass
        );
        for bad in [
            "https://api.example.com@evil.com/",
            "https://api.example.com.evil.com/",
            "file:///etc/passwd",
            "ftp://api.example.com/",
        ] {
            assert!(
                matches!(check(&url, &l, &json!({"url": bad})), Check::Violation(_)),
                "{bad}"
            );
        }
        let amount = Constraint {
            kind: ConstraintKind::Amount,
            param: "amount".into(),
            shape: Shape::Number,
        };
        assert_eq!(check(&amount, &l, &json!({"amount": 100})), Check::Pass);
        assert!(matches!(
            check(&amount, &l, &json!({"amount": 100.5})),
            Check::Violation(_)
        ));
        assert!(matches!(
            check(&amount, &l, &json!({"amount": "lots"})),
            Check::Violation(_)
        ));
        assert!(matches!(
            check(&amount, &l, &json!({})),
            Check::Violation(_)
        ));
    }

    #[test]
    fn bad_limits_are_named() {
        let e = Limits::new(&[], &["https://x.com".into()], None).unwrap_err();
        assert!(e.contains("--allow-host https://x.com"), "{e}");
        assert!(Limits::new(&[], &[], Some(f64::NAN)).is_err());
    }
}
