//! Attack patterns: how the access a tool gives is abused, mapped to the OWASP MCP Top 10.
//!
//! The mapping is data (`rules/attacks.toml`): each category and each signal names entries of
//! the list and says in one line how that access is abused. It does not change classification;
//! it explains it, for `show`, `check_tool`, the JSON output and the site's tool pages.

use crate::classify::rules::parse_toml;
use crate::classify::{Category, Classification};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

const FILE: &str = "attacks.toml";
const EMBEDDED: &str = include_str!("../rules/attacks.toml");

/// The list the mapping cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub name: String,
    pub version: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    owasp: Vec<String>,
    abuse: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    source: Source,
    owasp: BTreeMap<String, String>,
    #[serde(default)]
    category: BTreeMap<String, Entry>,
    #[serde(default)]
    signal: BTreeMap<String, Entry>,
}

/// One entry of the OWASP list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwaspRef {
    pub id: String,
    pub name: String,
}

/// One attack pattern that applies to a tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attack {
    /// What in the classification it follows from: `category:Execute` or `signal:code_exec`.
    pub from: String,
    pub owasp: Vec<OwaspRef>,
    /// How this access is abused, in one line.
    pub abuse: String,
}

/// The loaded mapping.
#[derive(Debug, Clone)]
pub struct Attacks {
    source: Source,
    category: BTreeMap<Category, (Vec<OwaspRef>, String)>,
    signal: BTreeMap<String, (Vec<OwaspRef>, String)>,
}

impl Attacks {
    /// The built-in mapping.
    pub fn embedded() -> Attacks {
        Attacks::parse(FILE, EMBEDDED).expect("the built-in rules/attacks.toml is valid")
    }

    /// The built-in mapping, or `DIR/attacks.toml` when a rules directory that has one is given.
    pub fn load(rules_dir: Option<&Path>) -> Result<Attacks, Error> {
        match rules_dir.map(|d| d.join(FILE)).filter(|p| p.exists()) {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                Attacks::parse(&path.display().to_string(), &text)
            }
            None => Ok(Attacks::embedded()),
        }
    }

    /// Parses and checks a mapping: every category is mapped, and every entry it cites is in
    /// the `[owasp]` table. `file` names the file in errors.
    pub fn parse(file: &str, text: &str) -> Result<Attacks, Error> {
        let f: File = parse_toml(file, text)?;
        let err = |msg: String| Error::Rules {
            file: file.to_string(),
            line: 1,
            msg,
        };
        let resolve = |what: &str, e: Entry| -> Result<(Vec<OwaspRef>, String), Error> {
            if e.abuse.trim().is_empty() {
                return Err(err(format!("[{what}]: `abuse` is empty")));
            }
            let refs = e
                .owasp
                .iter()
                .map(|id| match f.owasp.get(id) {
                    Some(name) => Ok(OwaspRef {
                        id: id.clone(),
                        name: name.clone(),
                    }),
                    None => Err(err(format!(
                        "[{what}] cites {id}, which the [owasp] table does not list"
                    ))),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((refs, e.abuse))
        };
        let mut category = BTreeMap::new();
        for (name, entry) in f.category.clone() {
            let c: Category = name
                .parse()
                .map_err(|e: String| err(format!("[category.{name}]: {e}")))?;
            category.insert(c, resolve(&format!("category.{name}"), entry)?);
        }
        if let Some(missing) = Category::ALL.iter().find(|c| !category.contains_key(*c)) {
            return Err(err(format!("missing [category.{missing}]")));
        }
        let mut signal = BTreeMap::new();
        for (id, entry) in f.signal.clone() {
            let resolved = resolve(&format!("signal.{id}"), entry)?;
            signal.insert(id, resolved);
        }
        Ok(Attacks {
            source: f.source,
            category,
            signal,
        })
    }

    /// The list the mapping cites (name, version, URL).
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The attack patterns for a classified tool: its category's, then each of its signals'
    /// (in the classification's order, strongest first), each signal id once.
    pub fn for_tool(&self, class: &Classification) -> Vec<Attack> {
        let mut out = Vec::new();
        if let Some((owasp, abuse)) = self.category.get(&class.category) {
            out.push(Attack {
                from: format!("category:{}", class.category),
                owasp: owasp.clone(),
                abuse: abuse.clone(),
            });
        }
        let mut seen = std::collections::BTreeSet::new();
        for s in &class.signals {
            if !seen.insert(s.id.as_str()) {
                continue;
            }
            if let Some((owasp, abuse)) = self.signal.get(&s.id) {
                out.push(Attack {
                    from: format!("signal:{}", s.id),
                    owasp: owasp.clone(),
                    abuse: abuse.clone(),
                });
            }
        }
        out
    }

    /// The signal ids the mapping covers.
    pub fn signal_ids(&self) -> impl Iterator<Item = &str> {
        self.signal.keys().map(String::as_str)
    }
}

/// `MCP05 Command Injection & Execution, MCP06 …`: the entries of one attack, for text output.
pub fn owasp_line(a: &Attack) -> String {
    a.owasp
        .iter()
        .map(|o| format!("{} {}", o.id, o.name))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Risk, Signal};

    fn class(category: Category, signals: &[&str]) -> Classification {
        Classification {
            category,
            risk: Risk::High,
            signals: signals
                .iter()
                .map(|id| Signal {
                    id: id.to_string(),
                    label: String::new(),
                    evidence: String::new(),
                })
                .collect(),
            rationale: String::new(),
            evidence: String::new(),
            confidence: 1.0,
            decided_by: String::new(),
            rules_version: String::new(),
        }
    }

    #[test]
    fn every_signal_the_rules_define_is_mapped() {
        let attacks = Attacks::embedded();
        let signals = include_str!("../rules/signals.toml");
        let ids: Vec<&str> = signals
            .lines()
            .filter_map(|l| l.strip_prefix("id = \""))
            .filter_map(|l| l.strip_suffix('"'))
            .collect();
        assert!(ids.len() > 10, "{ids:?}");
        let mapped: Vec<&str> = attacks.signal_ids().collect();
        for id in ids {
            assert!(
                mapped.contains(&id),
                "rules/attacks.toml does not map signal {id}"
            );
        }
    }

    #[test]
    fn a_tool_gets_its_category_then_its_signals() {
        let a = Attacks::embedded();
        let got = a.for_tool(&class(
            Category::Execute,
            &["code_exec", "code_exec", "unmapped"],
        ));
        let from: Vec<&str> = got.iter().map(|a| a.from.as_str()).collect();
        assert_eq!(from, ["category:Execute", "signal:code_exec"]);
        assert_eq!(got[1].owasp[0].id, "MCP05");
        assert_eq!(got[1].owasp[0].name, "Command Injection & Execution");
        assert_eq!(a.source().url, "https://owasp.org/www-project-mcp-top-10/");
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        let base = "[source]\nname = \"x\"\nversion = \"1\"\nurl = \"u\"\n[owasp]\nMCP01 = \"A\"\n";
        let cats: String = Category::ALL
            .iter()
            .map(|c| format!("[category.{c}]\nowasp = [\"MCP01\"]\nabuse = \"x\"\n"))
            .collect();
        assert!(Attacks::parse("a.toml", &format!("{base}{cats}")).is_ok());
        let e = Attacks::parse(
            "a.toml",
            &format!("{base}{cats}[signal.s]\nowasp = [\"MCP99\"]\nabuse = \"x\"\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("a.toml") && e.contains("MCP99"), "{e}");
        let e = Attacks::parse("a.toml", base).unwrap_err().to_string();
        assert!(e.contains("missing [category.Read]"), "{e}");
    }
}
