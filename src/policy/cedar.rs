//! Stacklok ToolHive's Cedar authorizer config (<https://docs.stacklok.com/toolhive/concepts/cedar-policies>,
//! <https://docs.stacklok.com/toolhive/reference/authz-policy-reference>, and stacklok/toolhive's
//! docs/authz.md): `{"version": "1.0", "type": "cedarv1", "cedar": {"policies": [...],
//! "entities_json": "[]"}}`, given to `thv run --authz-config`.
//!
//! A tool that runs gets `permit(principal, action == Action::"call_tool", resource ==
//! Tool::"<name>")`, with a `when` clause over the call's arguments where a constraint applies
//! (ToolHive puts each argument in the context as `arg_<name>`; an argument the call does not
//! give passes, since ToolHive lists tools by asking about a call without arguments); a denied
//! tool gets the same
//! scope as a `forbid`, which wins over any permit the operator adds. Cedar denies what no
//! policy permits, so a tool the catalog does not know is denied. Rate limits, which ToolHive
//! does not enforce, and risk levels are kept as annotations.

use super::constraints::{Constraint, Shape};
use super::quote::{cedar, cedar_like};
use super::{ConstraintKind, Limits, PlannedServer, PlannedTool, RenderOptions};
use serde_json::{Value, json};

pub(super) fn render(servers: &[PlannedServer], limits: &Limits, opts: &RenderOptions) -> String {
    let config = |s: &PlannedServer| {
        json!({
            "version": "1.0",
            "type": "cedarv1",
            "cedar": {
                "policies": s.tools.iter().map(|t| policy(t, limits)).collect::<Vec<_>>(),
                "entities_json": "[]",
            }
        })
    };
    match servers {
        [one] if !opts.many => super::to_pretty(&config(one)),
        _ => super::to_pretty(&Value::Object(
            servers
                .iter()
                .map(|s| (s.name.clone(), config(s)))
                .collect(),
        )),
    }
}

/// One tool's policy.
pub fn policy(t: &PlannedTool, limits: &Limits) -> String {
    let mut annotations = vec![format!("@risk({})", cedar(t.risk.as_str()))];
    if let Some(rate) = &t.treatment.rate_limit {
        annotations.push(format!(
            "@rate_limit({})",
            cedar(&format!("{rate} (not enforced by ToolHive)"))
        ));
    }
    let scope = format!(
        "(principal, action == Action::\"call_tool\", resource == Tool::{})",
        cedar(&t.name)
    );
    if !t.treatment.action.runs() {
        return format!("{} forbid{scope};", annotations.join(" "));
    }
    let mut conditions = Vec::new();
    let mut unenforced = Vec::new();
    for c in &t.constraints {
        match condition(c, limits) {
            Some(cond) => conditions.push(cond),
            None => unenforced.push(format!("{} ({})", c.describe(), c.param)),
        }
    }
    if !unenforced.is_empty() {
        annotations.push(format!("@not_enforced({})", cedar(&unenforced.join("; "))));
    }
    if conditions.is_empty() {
        format!("{} permit{scope};", annotations.join(" "))
    } else {
        format!(
            "{} permit{scope} when {{ {} }};",
            annotations.join(" "),
            conditions.join(" && ")
        )
    }
}

/// The condition that enforces `c`, reading the argument from the context when the call has
/// it; `None` where Cedar cannot (free-form code, each element of a list).
fn condition(c: &Constraint, limits: &Limits) -> Option<String> {
    if c.kind == ConstraintKind::Code || c.shape == Shape::StringList {
        return None;
    }
    let key = format!("arg_{}", c.param);
    let arg = &format!("context[{}]", cedar(&key));
    let has = format!("context has {}", cedar(&key));
    let any = |alternatives: Vec<String>| format!("({})", alternatives.join(" || "));
    let check = match c.kind {
        ConstraintKind::Path => {
            // The root itself or below it, and no `..` segment that could climb out.
            let inside = any(limits
                .allow_paths
                .iter()
                .flat_map(|r| {
                    let below = if r == "/" {
                        "/".to_string()
                    } else {
                        format!("{r}/")
                    };
                    [
                        format!("{arg} == {}", cedar(r)),
                        format!("{arg} like {}", cedar_like(&below, true)),
                    ]
                })
                .collect());
            format!("{inside} && !({arg} like \"*/../*\") && !({arg} like \"*/..\")")
        }
        ConstraintKind::Url => {
            // http(s)://host, then the end, a path, a port, a query or a fragment; no `@`
            // anywhere, so that `https://allowed@evil.example` cannot pass as `allowed`.
            let hosts = any(limits
                .allow_hosts
                .iter()
                .flat_map(|h| {
                    ["http://", "https://"].into_iter().flat_map(move |scheme| {
                        let base = format!("{scheme}{h}");
                        [
                            format!("{arg} == {}", cedar(&base)),
                            format!("{arg} like {}", cedar_like(&format!("{base}/"), true)),
                            format!("{arg} like {}", cedar_like(&format!("{base}:"), true)),
                            format!("{arg} like {}", cedar_like(&format!("{base}?"), true)),
                        ]
                    })
                })
                .collect());
            format!("!({arg} like \"*@*\") && {hosts}")
        }
        ConstraintKind::Host => any(limits
            .allow_hosts
            .iter()
            .map(|h| format!("{arg} == {}", cedar(h)))
            .collect()),
        ConstraintKind::Amount => {
            let max = limits.max_amount?;
            format!("{arg}.lessThanOrEqual(decimal({}))", cedar(&decimal(max)))
        }
        ConstraintKind::Code => return None,
    };
    // ToolHive filters `tools/list` by asking whether each tool may be called with no
    // arguments (pkg/authz/tool_filter.go), so an absent argument must pass or the tool would
    // vanish from the listing. A present one must match; one of another type (a list where a
    // string was declared) makes the condition an error, and Cedar then skips the permit.
    Some(format!("(if {has} then {check} else true)"))
}

/// A Cedar decimal literal: a point and at most four fractional digits, rounded down so the
/// cap is never loosened.
fn decimal(n: f64) -> String {
    let scaled = (n * 10_000.0).floor() / 10_000.0;
    let s = format!("{scaled:.4}");
    let s = s.trim_end_matches('0');
    if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_have_a_point_and_four_digits_at_most() {
        assert_eq!(decimal(100.0), "100.0");
        assert_eq!(decimal(12.345678), "12.3456");
        assert_eq!(decimal(0.5), "0.5");
    }
}
