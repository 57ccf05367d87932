//! What the catalog says about a tool or a server, as plain data: the one shape that
//! `mcprisk serve` answers with and `mcprisk site` renders, so the two never disagree.

use crate::attacks::{Attack, Attacks};
use crate::classify::{Category, Classification, Classifier, Risk, Signal};
use crate::manifest::{Annotations, Tool};
use serde::Serialize;
use serde_json::Value;

/// One input parameter of a tool.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: String,
    /// `string`, `integer|null`, `enum`, `union`, or `-` when the schema says nothing.
    #[serde(rename = "type")]
    pub ty: String,
    pub required: bool,
    pub description: String,
    /// The `enum` values, as JSON text each.
    #[serde(skip_serializing_if = "Vec::is_empty", rename = "enum")]
    pub enum_values: Vec<String>,
}

/// The parameters of a tool's input schema, in definition order.
pub fn parameters(tool: &Tool) -> Vec<Param> {
    let required = tool.required();
    tool.properties()
        .map(|(name, schema)| {
            let ty = match schema.get("type") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("|"),
                _ if schema.get("enum").is_some() => "enum".into(),
                _ if schema.get("anyOf").is_some() || schema.get("oneOf").is_some() => {
                    "union".into()
                }
                _ => "-".into(),
            };
            let enum_values = schema
                .get("enum")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|v| match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Param {
                name: name.to_string(),
                ty,
                required: required.contains(&name),
                description: schema
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                enum_values,
            }
        })
        .collect()
}

/// Everything about one classified tool.
#[derive(Debug, Clone, Serialize)]
pub struct ToolView {
    pub server: String,
    pub tool: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub description: String,
    pub category: Category,
    pub risk: Risk,
    pub confidence: f64,
    /// A person should confirm the classification ([`Classification::needs_review`]).
    pub review: bool,
    pub rationale: String,
    /// The quote from the definition that the decision rests on.
    pub quote: String,
    pub signals: Vec<Signal>,
    pub decided_by: String,
    pub rules_version: String,
    /// How this access is abused (OWASP MCP Top 10).
    pub attacks: Vec<Attack>,
    pub parameters: Vec<Param>,
    pub annotations: Annotations,
    /// The recommended gateway policy document for this tool alone.
    pub policy: Value,
}

impl ToolView {
    pub fn new(
        server: &str,
        tool: &Tool,
        class: &Classification,
        classifier: &Classifier,
        attacks: &Attacks,
    ) -> ToolView {
        ToolView {
            server: server.to_string(),
            tool: tool.name.clone(),
            title: tool.title.clone(),
            description: tool.description.clone(),
            category: class.category,
            risk: class.risk,
            confidence: class.confidence,
            review: class.needs_review(),
            rationale: class.rationale.clone(),
            quote: class.evidence.clone(),
            signals: class.signals.clone(),
            decided_by: class.decided_by.clone(),
            rules_version: class.rules_version.clone(),
            attacks: attacks.for_tool(class),
            parameters: parameters(tool),
            annotations: tool.annotations.clone(),
            policy: classifier
                .policy()
                .document([(tool.name.as_str(), class.risk)]),
        }
    }
}

/// Tools per category and per risk level, keyed by name (every key present).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Counts {
    pub by_category: serde_json::Map<String, Value>,
    pub by_risk: serde_json::Map<String, Value>,
}

impl Counts {
    pub fn of<'a>(classes: impl IntoIterator<Item = &'a Classification>) -> Counts {
        let mut cats = [0u64; 5];
        let mut risks = [0u64; 4];
        for c in classes {
            cats[Category::ALL
                .iter()
                .position(|x| *x == c.category)
                .unwrap_or(0)] += 1;
            risks[Risk::ALL.iter().position(|x| *x == c.risk).unwrap_or(0)] += 1;
        }
        Counts::from_arrays(cats, risks)
    }

    pub fn from_arrays(cats: [u64; 5], risks: [u64; 4]) -> Counts {
        Counts {
            by_category: Category::ALL
                .iter()
                .zip(cats)
                .map(|(c, n)| (c.as_str().to_string(), n.into()))
                .collect(),
            by_risk: Risk::ALL
                .iter()
                .zip(risks)
                .map(|(r, n)| (r.as_str().to_string(), n.into()))
                .collect(),
        }
    }
}

/// `YYYY-MM-DD HH:MM UTC` from Unix seconds (civil-from-days, Howard Hinnant's algorithm).
pub fn format_time(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_unix_time() {
        assert_eq!(super::format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::format_time(1_700_000_000), "2023-11-14 22:13 UTC");
    }
}
