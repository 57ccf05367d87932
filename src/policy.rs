//! Recommended gateway policy (TAXONOMY.md, "Recommended policy").
//!
//! The per-risk rules are data (`rules/policy.toml`); this module only fills in the counter name
//! and assembles documents. Output is deterministic: tools sorted by name, keys in the order the
//! rules file gives them, two-space indentation and a trailing newline.

use crate::classify::Risk;
use crate::error::Error;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The policy section of the rule set.
#[derive(Debug, Clone)]
pub struct PolicyRules {
    pub version: String,
    pub default: String,
    pub counter_suffix: String,
    /// One JSON rule template per risk level.
    pub per_risk: BTreeMap<Risk, Value>,
}

impl PolicyRules {
    /// Parses `policy.toml`. `file` names the file in errors.
    pub fn parse(file: &str, text: &str) -> Result<PolicyRules, Error> {
        let doc: toml::Table = crate::classify::rules::parse_toml(file, text)?;
        let err = |msg: String| Error::Rules {
            file: file.to_string(),
            line: 1,
            msg,
        };
        let string = |key: &str| -> Result<String, Error> {
            match doc.get(key) {
                Some(toml::Value::String(s)) => Ok(s.clone()),
                Some(_) => Err(err(format!("`{key}` must be a string"))),
                None => Err(err(format!("missing `{key}`"))),
            }
        };
        let risk_table = match doc.get("risk") {
            Some(toml::Value::Table(t)) => t,
            _ => {
                return Err(err(
                    "missing [risk.Low], [risk.Medium], [risk.High] and [risk.Critical] tables"
                        .into(),
                ));
            }
        };
        let mut per_risk = BTreeMap::new();
        for risk in Risk::ALL {
            let Some(rule) = risk_table.get(risk.as_str()) else {
                return Err(err(format!("missing [risk.{risk}]")));
            };
            let json =
                serde_json::to_value(rule).map_err(|e| err(format!("[risk.{risk}]: {e}")))?;
            per_risk.insert(risk, json);
        }
        if let Some(extra) = risk_table.keys().find(|k| k.parse::<Risk>().is_err()) {
            return Err(err(format!(
                "[risk.{extra}] is not a risk level (Low, Medium, High, Critical)"
            )));
        }
        Ok(PolicyRules {
            version: string("version")?,
            default: string("default")?,
            counter_suffix: string("counter_suffix")?,
            per_risk,
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PolicyRules {
        PolicyRules::parse("policy.toml", include_str!("../rules/policy.toml")).unwrap()
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

    #[test]
    fn missing_level_is_an_error() {
        let text =
            "version = \"1\"\ndefault = \"deny\"\ncounter_suffix = \"_rate\"\n[risk.Low]\nx = 1\n";
        let e = PolicyRules::parse("p.toml", text).unwrap_err().to_string();
        assert!(e.contains("p.toml") && e.contains("risk.Medium"), "{e}");
    }
}
