//! `rules/policy.toml`: what each risk level becomes in each dialect, which parameters the
//! argument constraints read, and the hook's answer for a tool the catalog does not know.
//!
//! Loaded on its own ([`PolicyRules::load`]): writing policy or answering a hook needs this one
//! file, never the classifier's compiled patterns.

use super::Dialect;
use crate::classify::Risk;
use crate::classify::rules::{RuleFiles, line_containing, parse_toml};
use crate::error::Error;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// What a dialect does with a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Allow,
    Ask,
    Deny,
    Hide,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Ask => "ask",
            Action::Deny => "deny",
            Action::Hide => "hide",
        }
    }

    fn parse(s: &str) -> Option<Action> {
        [Action::Allow, Action::Ask, Action::Deny, Action::Hide]
            .into_iter()
            .find(|a| a.as_str() == s)
    }

    /// Whether a call can go ahead without a human (allow) or not at all (deny, hide).
    pub fn runs(self) -> bool {
        matches!(self, Action::Allow | Action::Ask)
    }
}

/// A cap on calls: `max` per `window`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    /// `minute`, `hour` or `day`.
    pub window: &'static str,
}

impl std::fmt::Display for RateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.max, self.window)
    }
}

/// One risk level's treatment in one dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Treatment {
    pub action: Action,
    pub rate_limit: Option<RateLimit>,
}

/// Which kind of value an argument constraint checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintKind {
    /// A file-system path, confined to `--allow-path` roots.
    Path,
    /// A URL, confined to `--allow-host` hosts.
    Url,
    /// A bare host name, one of `--allow-host`.
    Host,
    /// A number capped by `--max-amount`.
    Amount,
    /// Free-form SQL, shell or code: flagged, never parsed.
    Code,
}

impl ConstraintKind {
    pub const ALL: [ConstraintKind; 5] = [
        ConstraintKind::Path,
        ConstraintKind::Url,
        ConstraintKind::Host,
        ConstraintKind::Amount,
        ConstraintKind::Code,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ConstraintKind::Path => "path",
            ConstraintKind::Url => "url",
            ConstraintKind::Host => "host",
            ConstraintKind::Amount => "amount",
            ConstraintKind::Code => "code",
        }
    }
}

/// Where one constraint kind looks for its parameters.
#[derive(Debug, Clone, Default)]
pub struct ParamRule {
    /// Signal ids that make the constraint apply to a tool.
    pub signals: Vec<String>,
    /// Parameter names (lower-cased, without `_` and `-`) the constraint reads.
    pub params: Vec<String>,
}

/// The policy section of the rule set.
#[derive(Debug, Clone)]
pub struct PolicyRules {
    pub version: String,
    pub default: String,
    pub counter_suffix: String,
    /// The PolicyLayer gateway rule per risk level, as JSON templates.
    pub per_risk: BTreeMap<Risk, Value>,
    /// The other dialects' treatment of each risk level.
    pub dialects: BTreeMap<Dialect, BTreeMap<Risk, Treatment>>,
    /// The hook's risk level for a tool the catalog does not know.
    pub unknown_risk: Risk,
    pub constraints: BTreeMap<ConstraintKind, ParamRule>,
}

type Fail<'a> = &'a dyn Fn(&str, String) -> Error;

impl PolicyRules {
    /// The built-in `policy.toml`, or the one in `dir` when it has one (`--rules DIR`).
    pub fn load(dir: Option<&Path>) -> Result<PolicyRules, Error> {
        let files = match dir {
            Some(d) => RuleFiles::with_overrides(d)?,
            None => RuleFiles::embedded(),
        };
        PolicyRules::from_files(&files)
    }

    pub fn from_files(files: &RuleFiles) -> Result<PolicyRules, Error> {
        let (origin, text) = files.get("policy.toml");
        PolicyRules::parse(origin, text)
    }

    /// Parses `policy.toml`. `file` names the file in errors.
    pub fn parse(file: &str, text: &str) -> Result<PolicyRules, Error> {
        let doc: toml::Table = parse_toml(file, text)?;
        let fail = |needle: &str, msg: String| Error::Rules {
            file: file.to_string(),
            line: if needle.is_empty() {
                1
            } else {
                line_containing(text, needle)
            },
            msg,
        };
        let string = |key: &str| -> Result<String, Error> {
            match doc.get(key) {
                Some(toml::Value::String(s)) => Ok(s.clone()),
                Some(_) => Err(fail(key, format!("`{key}` must be a string"))),
                None => Err(fail("", format!("missing `{key}`"))),
            }
        };
        if let Some(extra) = doc.keys().find(|k| {
            ![
                "version",
                "default",
                "counter_suffix",
                "risk",
                "dialect",
                "hook",
                "constraints",
            ]
            .contains(&k.as_str())
        }) {
            return Err(fail(extra, format!("unknown key `{extra}`")));
        }
        Ok(PolicyRules {
            version: string("version")?,
            default: string("default")?,
            counter_suffix: string("counter_suffix")?,
            per_risk: per_risk(&doc, &fail)?,
            dialects: dialects(&doc, &fail)?,
            unknown_risk: unknown_risk(&doc, &fail)?,
            constraints: constraints(&doc, &fail)?,
        })
    }

    /// The treatment of one risk level in one dialect (not PolicyLayer, whose rules are
    /// [`PolicyRules::per_risk`]).
    pub fn treatment(&self, dialect: Dialect, risk: Risk) -> &Treatment {
        &self.dialects[&dialect][&risk]
    }
}

fn table(v: Option<&toml::Value>) -> Option<&toml::Table> {
    match v {
        Some(toml::Value::Table(t)) => Some(t),
        _ => None,
    }
}

/// One table per risk level, no more, no less.
fn per_level<'a>(
    t: &'a toml::Table,
    name: &str,
    fail: Fail<'_>,
) -> Result<Vec<(Risk, &'a toml::Value)>, Error> {
    if let Some(extra) = t.keys().find(|k| k.parse::<Risk>().is_err()) {
        return Err(fail(
            extra,
            format!("[{name}.{extra}] is not a risk level (Low, Medium, High, Critical)"),
        ));
    }
    Risk::ALL
        .into_iter()
        .map(|risk| {
            t.get(risk.as_str())
                .map(|v| (risk, v))
                .ok_or_else(|| fail("", format!("missing [{name}.{risk}]")))
        })
        .collect()
}

fn per_risk(doc: &toml::Table, fail: Fail<'_>) -> Result<BTreeMap<Risk, Value>, Error> {
    let risk_table = table(doc.get("risk")).ok_or_else(|| {
        fail(
            "",
            "missing [risk.Low], [risk.Medium], [risk.High] and [risk.Critical] tables".into(),
        )
    })?;
    per_level(risk_table, "risk", fail)?
        .into_iter()
        .map(|(risk, rule)| {
            serde_json::to_value(rule)
                .map(|json| (risk, json))
                .map_err(|e| fail("", format!("[risk.{risk}]: {e}")))
        })
        .collect()
}

fn dialects(
    doc: &toml::Table,
    fail: Fail<'_>,
) -> Result<BTreeMap<Dialect, BTreeMap<Risk, Treatment>>, Error> {
    let all = table(doc.get("dialect"))
        .ok_or_else(|| fail("", "missing the [dialect.*] tables".into()))?;
    if let Some(extra) = all.keys().find(|k| {
        k.parse::<Dialect>()
            .ok()
            .is_none_or(|d| d == Dialect::PolicyLayer)
    }) {
        return Err(fail(
            &format!("[dialect.{extra}]"),
            format!(
                "[dialect.{extra}] is not a dialect ({}; policylayer's rules are the [risk.*] tables)",
                Dialect::OTHERS.map(Dialect::as_str).join(", ")
            ),
        ));
    }
    let mut out = BTreeMap::new();
    for dialect in Dialect::OTHERS {
        let name = format!("dialect.{}", dialect.as_str());
        let t = table(all.get(dialect.as_str()))
            .ok_or_else(|| fail("", format!("missing [{name}]")))?;
        let mut levels = BTreeMap::new();
        for (risk, v) in per_level(t, &name, fail)? {
            let where_ = format!("[{name}] {risk}");
            let treatment = treatment(v, &where_, fail)?;
            if !dialect.actions().contains(&treatment.action) {
                return Err(fail(
                    &format!("[{name}]"),
                    format!(
                        "{where_}: {} cannot `{}` (it can: {})",
                        dialect.as_str(),
                        treatment.action.as_str(),
                        dialect
                            .actions()
                            .iter()
                            .map(|a| a.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            if risk == Risk::Critical && treatment.action == Action::Allow {
                return Err(fail(
                    &format!("[{name}]"),
                    format!("{where_}: a Critical tool must not run without a human"),
                ));
            }
            levels.insert(risk, treatment);
        }
        out.insert(dialect, levels);
    }
    Ok(out)
}

fn treatment(v: &toml::Value, where_: &str, fail: Fail<'_>) -> Result<Treatment, Error> {
    let t = table(Some(v))
        .ok_or_else(|| fail("", format!("{where_}: expected {{ action = \"…\" }}")))?;
    if let Some(extra) = t
        .keys()
        .find(|k| !["action", "rate_limit"].contains(&k.as_str()))
    {
        return Err(fail(extra, format!("{where_}: unknown key `{extra}`")));
    }
    let action = match t.get("action") {
        Some(toml::Value::String(s)) => Action::parse(s).ok_or_else(|| {
            fail(
                s,
                format!("{where_}: unknown action `{s}` (allow, ask, deny, hide)"),
            )
        })?,
        _ => return Err(fail("", format!("{where_}: missing `action`"))),
    };
    let rate_limit = match t.get("rate_limit") {
        None => None,
        Some(toml::Value::String(s)) => Some(parse_rate(s).ok_or_else(|| {
            fail(
                s,
                format!("{where_}: rate_limit `{s}` is not N/minute, N/hour or N/day"),
            )
        })?),
        Some(_) => return Err(fail("", format!("{where_}: rate_limit must be a string"))),
    };
    if rate_limit.is_some() && !action.runs() {
        return Err(fail(
            "",
            format!(
                "{where_}: a rate limit on a tool that never runs ({})",
                action.as_str()
            ),
        ));
    }
    Ok(Treatment { action, rate_limit })
}

fn parse_rate(s: &str) -> Option<RateLimit> {
    let (n, window) = s.split_once('/')?;
    let window = ["minute", "hour", "day"]
        .into_iter()
        .find(|w| *w == window)?;
    let max: u32 = n.parse().ok().filter(|&n| n > 0)?;
    Some(RateLimit { max, window })
}

fn unknown_risk(doc: &toml::Table, fail: Fail<'_>) -> Result<Risk, Error> {
    let hook = table(doc.get("hook")).ok_or_else(|| fail("", "missing [hook]".into()))?;
    match hook.get("unknown_risk") {
        Some(toml::Value::String(s)) => s
            .parse()
            .map_err(|e: String| fail("unknown_risk", format!("[hook] unknown_risk: {e}"))),
        _ => Err(fail("", "[hook]: missing `unknown_risk`".into())),
    }
}

fn constraints(
    doc: &toml::Table,
    fail: Fail<'_>,
) -> Result<BTreeMap<ConstraintKind, ParamRule>, Error> {
    let all = table(doc.get("constraints"))
        .ok_or_else(|| fail("", "missing the [constraints.*] tables".into()))?;
    if let Some(extra) = all
        .keys()
        .find(|k| !ConstraintKind::ALL.iter().any(|c| c.key() == k.as_str()))
    {
        return Err(fail(
            extra,
            format!("[constraints.{extra}] is not a constraint (path, url, host, amount, code)"),
        ));
    }
    let strings = |t: &toml::Table, key: &str, name: &str| -> Result<Vec<String>, Error> {
        match t.get(key) {
            Some(toml::Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| fail(name, format!("[{name}] {key}: not a string")))
                })
                .collect(),
            _ => Err(fail(
                name,
                format!("[{name}]: `{key}` must be a list of strings"),
            )),
        }
    };
    let mut out = BTreeMap::new();
    for kind in ConstraintKind::ALL {
        let name = format!("constraints.{}", kind.key());
        let t = table(all.get(kind.key())).ok_or_else(|| fail("", format!("missing [{name}]")))?;
        out.insert(
            kind,
            ParamRule {
                signals: strings(t, "signals", &name)?,
                // Compared with a parameter's name lower-cased, without `_` and `-`.
                params: strings(t, "params", &name)?
                    .into_iter()
                    .map(|p| p.to_lowercase().replace(['_', '-'], ""))
                    .collect(),
            },
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> String {
        include_str!("../../rules/policy.toml").to_string()
    }

    #[test]
    fn builtin_rules_load_with_every_dialect_and_constraint() {
        let r = PolicyRules::parse("policy.toml", &builtin()).unwrap();
        for d in Dialect::OTHERS {
            for risk in Risk::ALL {
                let t = r.treatment(d, risk);
                assert!(d.actions().contains(&t.action), "{d:?} {risk}");
            }
            assert!(!r.treatment(d, Risk::Critical).action.eq(&Action::Allow));
        }
        assert_eq!(r.unknown_risk, Risk::Critical);
        assert!(
            r.constraints[&ConstraintKind::Path]
                .params
                .contains(&"filepath".to_string())
        );
    }

    #[test]
    fn a_dialect_cannot_be_given_an_action_it_lacks() {
        let text = builtin().replace(
            "[dialect.cedar]\nLow = { action = \"allow\", rate_limit = \"60/minute\" }",
            "[dialect.cedar]\nLow = { action = \"ask\" }",
        );
        let e = PolicyRules::parse("p.toml", &text).unwrap_err().to_string();
        assert!(e.contains("cedar cannot `ask`"), "{e}");
        assert!(e.starts_with("p.toml:"), "{e}");
    }

    #[test]
    fn critical_must_not_be_allowed_and_rates_must_parse() {
        let text = builtin().replace(
            "Critical = { action = \"hide\" }",
            "Critical = { action = \"allow\" }",
        );
        let e = PolicyRules::parse("p.toml", &text).unwrap_err().to_string();
        assert!(e.contains("Critical tool must not run"), "{e}");
        let text = builtin().replace("\"10/minute\"", "\"ten/minute\"");
        let e = PolicyRules::parse("p.toml", &text).unwrap_err().to_string();
        assert!(e.contains("rate_limit `ten/minute`"), "{e}");
    }

    #[test]
    fn unknown_tables_are_errors() {
        let e = PolicyRules::parse("p.toml", &format!("{}\n[dialect.cursor]\n", builtin()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("[dialect.cursor] is not a dialect"), "{e}");
        let e = PolicyRules::parse("p.toml", &format!("{}\n[constraints.email]\n", builtin()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a constraint"), "{e}");
    }

    #[test]
    fn missing_level_is_an_error() {
        let text =
            "version = \"1\"\ndefault = \"deny\"\ncounter_suffix = \"_rate\"\n[risk.Low]\nx = 1\n";
        let e = PolicyRules::parse("p.toml", text).unwrap_err().to_string();
        assert!(e.contains("p.toml") && e.contains("risk.Medium"), "{e}");
    }
}
