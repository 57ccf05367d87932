//! Baselines: findings a team has looked at and accepted, in a checked-in `.mcprisk.toml`, so
//! that CI reports only what is new.
//!
//! ```toml
//! [[accept]]
//! server = "filesystem"
//! tool = "write_file"          # leave out for findings about the server itself
//! kind = "risk_high"           # the finding kind (the SARIF rule id)
//! hash = "9f2c…"               # optional: only this definition; a changed one is raised again
//! reason = "the agent edits the docs checkout; reviewed 2026-12-01"
//! ```
//!
//! Keyed by server, tool and kind rather than by a fingerprint of the text, so an acceptance
//! survives upgrades that do not touch the tool; pin `hash` where any change to the definition
//! must be looked at again.

use super::findings::{Finding, kind};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    pub server: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    #[serde(default)]
    pub accept: Vec<Accept>,
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {msg}")]
    Invalid { path: String, msg: String },
}

impl Baseline {
    /// Reads and checks a baseline file: every entry needs a known kind and a reason.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: display.clone(),
            source,
        })?;
        Baseline::parse(&display, &text)
    }

    pub fn parse(path: &str, text: &str) -> Result<Baseline, BaselineError> {
        let invalid = |msg: String| BaselineError::Invalid {
            path: path.to_string(),
            msg,
        };
        let b: Baseline = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        for (i, a) in b.accept.iter().enumerate() {
            let at = format!("accept entry {} (server {:?})", i + 1, a.server);
            if kind(&a.kind).is_none() {
                return Err(invalid(format!(
                    "{at}: unknown kind {:?} (one of: {})",
                    a.kind,
                    super::findings::KINDS
                        .iter()
                        .map(|k| k.id)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            if a.reason.trim().is_empty() {
                return Err(invalid(format!(
                    "{at}: `reason` is empty; say why the finding is accepted"
                )));
            }
        }
        Ok(b)
    }

    /// The entry that accepts a finding, if any.
    pub fn accepting(&self, f: &Finding) -> Option<&Accept> {
        self.accept.iter().find(|a| {
            a.server == f.server
                && a.tool == f.tool
                && a.kind == f.kind
                && a.hash.as_ref().is_none_or(|h| f.hash.as_ref() == Some(h))
        })
    }

    /// Marks the findings this baseline accepts.
    pub fn apply(&self, findings: &mut [Finding]) {
        for f in findings {
            if let Some(a) = self.accepting(f) {
                f.accepted = Some(a.reason.clone());
            }
        }
    }

    /// A baseline accepting every finding, pinned to its definition hash, with a reason to
    /// replace (`mcprisk scan --write-baseline`).
    pub fn accepting_all(findings: &[Finding], reason: &str) -> Baseline {
        let mut accept: Vec<Accept> = findings
            .iter()
            .map(|f| Accept {
                server: f.server.clone(),
                tool: f.tool.clone(),
                kind: f.kind.to_string(),
                hash: f.hash.clone(),
                reason: reason.to_string(),
            })
            .collect();
        accept.sort_by(|a, b| (&a.server, &a.tool, &a.kind).cmp(&(&b.server, &b.tool, &b.kind)));
        accept.dedup();
        Baseline { accept }
    }

    pub fn to_toml(&self) -> String {
        let head = "# mcprisk baseline: findings accepted for this repository (see docs/ci.md).\n\
                    # Each entry needs a reason; `hash` pins the definition it was accepted for.\n\n";
        format!(
            "{head}{}",
            toml::to_string_pretty(self).expect("a baseline serialises")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Risk;
    use crate::scan::findings::Subject;

    fn finding(hash: &str) -> Finding {
        let mut f = Finding::new(
            "risk_high",
            Risk::High,
            "fs",
            Some("write_file"),
            Subject::Tool,
            "m".into(),
            "e".into(),
        );
        f.hash = Some(hash.into());
        f
    }

    #[test]
    fn accepts_by_key_and_by_pinned_hash() {
        let b = Baseline::parse(
            "t",
            "[[accept]]\nserver = \"fs\"\ntool = \"write_file\"\nkind = \"risk_high\"\nhash = \"aa\"\nreason = \"ok\"\n",
        )
        .unwrap();
        assert!(b.accepting(&finding("aa")).is_some());
        assert!(
            b.accepting(&finding("bb")).is_none(),
            "a changed definition is raised again"
        );
        let unpinned = Baseline::parse(
            "t",
            "[[accept]]\nserver = \"fs\"\ntool = \"write_file\"\nkind = \"risk_high\"\nreason = \"ok\"\n",
        )
        .unwrap();
        assert!(unpinned.accepting(&finding("bb")).is_some());
    }

    #[test]
    fn rejects_entries_without_reason_or_with_unknown_kinds() {
        let e = Baseline::parse(
            ".mcprisk.toml",
            "[[accept]]\nserver = \"fs\"\nkind = \"risk_high\"\nreason = \" \"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains(".mcprisk.toml") && e.contains("reason"), "{e}");
        let e = Baseline::parse(
            "b",
            "[[accept]]\nserver = \"fs\"\nkind = \"x\"\nreason = \"r\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("unknown kind"), "{e}");
    }

    #[test]
    fn a_written_baseline_reads_back_and_accepts_what_it_was_written_from() {
        let fs = [finding("aa")];
        let b = Baseline::accepting_all(&fs, "accepted when the baseline was written");
        let back = Baseline::parse("b", &b.to_toml()).unwrap();
        assert!(back.accepting(&fs[0]).is_some());
    }
}
