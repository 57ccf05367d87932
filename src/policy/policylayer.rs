//! PolicyLayer's gateway policy JSON (<https://policylayer.com/docs/writing-policies>): the
//! original `mcprisk policy` output, kept byte for byte.
//!
//! `{"version", "default", "tools": {T: RULE}}`, where RULE is the `[risk.*]` template of
//! `rules/policy.toml` for the tool's risk level, with `"{counter}"` replaced by the tool's
//! counter name. Argument constraints are not written here: PolicyLayer's condition operators
//! could not be verified against its reference, so they are reported as notes instead (the
//! `intercept` format, from the same vendor, carries them).

use super::{PlannedServer, PolicyRules, RenderOptions};
use crate::classify::Risk;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

impl PolicyRules {
    /// The rule for one tool at one risk level.
    pub fn tool_rule(&self, tool_name: &str, risk: Risk) -> Value {
        let counter = format!("{}{}", tool_name.to_lowercase(), self.counter_suffix);
        substitute(&self.per_risk[&risk], &counter)
    }

    /// A policy document covering the given tools. Tools are keyed by name; the document is the
    /// same whatever order they are given in.
    pub fn document<'a>(&self, tools: impl IntoIterator<Item = (&'a str, Risk)>) -> Value {
        let sorted: BTreeMap<&str, Risk> = tools.into_iter().collect();
        let mut rules = Map::new();
        for (name, risk) in sorted {
            rules.insert(name.to_string(), self.tool_rule(name, risk));
        }
        let mut doc = Map::new();
        doc.insert("version".into(), Value::String(self.version.clone()));
        doc.insert("default".into(), Value::String(self.default.clone()));
        doc.insert("tools".into(), Value::Object(rules));
        Value::Object(doc)
    }
}

fn substitute(v: &Value, counter: &str) -> Value {
    match v {
        Value::String(s) if s == "{counter}" => Value::String(counter.to_string()),
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, counter)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), substitute(x, counter)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Pretty JSON with a trailing newline: the on-disk form of a policy document.
pub fn to_pretty(v: &Value) -> String {
    // Escaped for terminals: policy documents are printed, and carry third-party tool names.
    let mut s = crate::sanitize::pretty_json(v).expect("a JSON value always serialises");
    s.push('\n');
    s
}

pub(super) fn render(
    rules: &PolicyRules,
    servers: &[PlannedServer],
    opts: &RenderOptions,
) -> String {
    let doc = |s: &PlannedServer| rules.document(s.tools.iter().map(|t| (t.name.as_str(), t.risk)));
    match servers {
        [one] if !opts.many => to_pretty(&doc(one)),
        _ => to_pretty(&Value::Object(
            servers.iter().map(|s| (s.name.clone(), doc(s))).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PolicyRules {
        PolicyRules::parse("policy.toml", include_str!("../../rules/policy.toml")).unwrap()
    }

    #[test]
    fn rules_follow_the_taxonomy() {
        let r = rules();
        assert_eq!(
            r.tool_rule("Start_Device_Auth", Risk::High).to_string(),
            r#"{"limits":[{"counter":"start_device_auth_rate","window":"minute","max":10,"scope":"grant"}]}"#
        );
        assert_eq!(
            r.tool_rule("delete_repo", Risk::Critical).to_string(),
            r#"{"deny_if":[{"conditions":[],"on_deny":"Blocked by default. Requires human approval."}]}"#
        );
    }

    #[test]
    fn document_is_sorted_and_stable() {
        let r = rules();
        let a = r.document([("b", Risk::Low), ("a", Risk::Medium)]);
        let b = r.document([("a", Risk::Medium), ("b", Risk::Low)]);
        assert_eq!(to_pretty(&a), to_pretty(&b));
        let s = a.to_string();
        assert!(
            s.starts_with(r#"{"version":"1","default":"deny","tools":{"a":"#),
            "{s}"
        );
    }
}
