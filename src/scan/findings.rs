//! Findings: what a scan reports, one per tool at or above a risk level, per security signal,
//! per poisoned piece of server text and per toxic combination of tools.
//!
//! Every finding has a kind (one SARIF rule each, see [`KINDS`]), a severity (a [`Risk`]), the
//! server and tool it is about, and a fingerprint that stays the same across runs as long as
//! the kind, server and tool do, so that code scanning tracks a finding instead of reopening it.

use super::gather::Scanned;
use super::server_text;
use crate::classify::{Classification, Risk};
use crate::manifest::{OriginKind, Tool};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A kind of finding: its id (the SARIF rule id and the baseline's `kind`) and the help text
/// shown with it.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub id: &'static str,
    pub help: &'static str,
}

/// The tool-level signals that are findings whatever the tool's risk.
pub const SECURITY_SIGNALS: [&str; 4] = [
    "tool_poisoning",
    "hidden_text",
    "shadowing",
    "annotation_mismatch",
];

pub const KINDS: &[Kind] = &[
    Kind {
        id: "risk_critical",
        help: "The tool can destroy data or move money (category Destructive or Financial, or a lower category raised by an escalating signal). Gate it behind human approval, or remove the server if the tool is not needed.",
    },
    Kind {
        id: "risk_high",
        help: "The tool executes code or commands, or is a write raised by an escalating signal. Allow it only where it is needed, and review calls to it.",
    },
    Kind {
        id: "risk_medium",
        help: "The tool writes or changes data. Reported when --min-risk is medium or low.",
    },
    Kind {
        id: "risk_low",
        help: "The tool only reads. Reported when --min-risk is low.",
    },
    Kind {
        id: "tool_poisoning",
        help: "Text in the definition addresses the model instead of describing the tool: it asks to read secrets, hide actions from the user, or follow instructions the user never gave. Do not connect the server until the text is explained.",
    },
    Kind {
        id: "hidden_text",
        help: "The definition holds invisible, control or escape characters, or encoded text, that a human reviewer does not see but the model reads. Inspect the raw definition.",
    },
    Kind {
        id: "shadowing",
        help: "The definition names other tools or servers and tries to change how they are used (recipients, destinations, arguments). One server can hijack another this way.",
    },
    Kind {
        id: "annotation_mismatch",
        help: "The author's annotations (readOnlyHint, destructiveHint) contradict what the definition shows. Clients that trust the hints would skip a confirmation they need.",
    },
    Kind {
        id: "toxic_combination",
        help: "Together, the configured tools can read private data, take in untrusted content and send data out: the three legs a prompt-injection exfiltration needs, which no single tool's risk shows. Remove one leg, or keep the servers in separate sessions.",
    },
];

pub fn kind(id: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.id == id)
}

/// What in a server a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Tool,
    /// The server's `instructions`.
    Instructions,
    /// Tools across the scanned servers (toxic combinations).
    Config,
}

/// Where a finding can be shown: a file and, when known, a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// How a server declared in no file was reached (`--stdio`, `--url`, the registry, standard
/// input): what a finding about it points at instead of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub kind: OriginKind,
    /// The command line or address (credentials redacted), without the flag that gave it.
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub kind: &'static str,
    pub risk: Risk,
    /// The server (for a combination across servers, their names joined by `+`).
    pub server: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    pub subject: Subject,
    /// One sentence naming server and tool (third-party names inside: sanitise to print).
    pub message: String,
    /// The text or parameter the finding rests on.
    pub evidence: String,
    /// The hash of the definition (or instructions) the finding is about, for baselines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Set instead of `location` for a server declared in no file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    pub fingerprint: String,
    /// Set by a baseline that accepts the finding (with its reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
}

impl Finding {
    pub fn new(
        kind: &'static str,
        risk: Risk,
        server: &str,
        tool: Option<&str>,
        subject: Subject,
        message: String,
        evidence: String,
    ) -> Finding {
        Finding {
            kind,
            risk,
            server: server.to_string(),
            tool: tool.map(str::to_string),
            fingerprint: fingerprint(kind, server, tool, &subject),
            subject,
            message,
            evidence,
            hash: None,
            location: None,
            origin: None,
            accepted: None,
        }
    }
}

/// A stable id: the kind, server, subject and tool, hashed. Not the definition: a finding whose
/// tool changed is the same finding to track.
fn fingerprint(kind: &str, server: &str, tool: Option<&str>, subject: &Subject) -> String {
    let mut h = Sha256::new();
    for part in [
        kind,
        server,
        match subject {
            Subject::Tool => "tool",
            Subject::Instructions => "instructions",
            Subject::Config => "config",
        },
        tool.unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    crate::manifest::hex(&h.finalize()[..16])
}

/// The risk finding kind for a level.
fn risk_kind(r: Risk) -> &'static str {
    match r {
        Risk::Critical => "risk_critical",
        Risk::High => "risk_high",
        Risk::Medium => "risk_medium",
        Risk::Low => "risk_low",
    }
}

/// Security signals are at least High: text that manipulates the model matters whatever the
/// tool does; an annotation mismatch is as severe as the tool it hides.
fn signal_risk(signal: &str, tool_risk: Risk) -> Risk {
    if signal == "annotation_mismatch" {
        tool_risk
    } else {
        tool_risk.max(Risk::High)
    }
}

/// The findings of one server's tools and instructions.
pub fn server_findings(
    s: &Scanned,
    classifier: &crate::classify::Classifier,
    min_risk: Risk,
) -> Vec<Finding> {
    let server = &s.manifest.info.name;
    let mut out = Vec::new();
    for (tool, class) in s.manifest.tools.iter().zip(&s.classes) {
        tool_findings(server, tool, class, min_risk, &mut out);
    }
    if let Some(text) = &s.manifest.info.instructions {
        let hash = server_text::hash(text);
        for signal in server_text::check(classifier, server, text) {
            let mut f = Finding::new(
                kind(&signal.id).map_or("tool_poisoning", |k| k.id),
                Risk::High,
                server,
                None,
                Subject::Instructions,
                format!(
                    "Server {server}'s instructions: {} ({})",
                    signal.label.to_lowercase(),
                    signal.id
                ),
                signal.evidence,
            );
            f.hash = Some(hash.clone());
            out.push(f);
        }
    }
    out
}

fn tool_findings(
    server: &str,
    tool: &Tool,
    class: &Classification,
    min_risk: Risk,
    out: &mut Vec<Finding>,
) {
    let name = tool.name.as_str();
    if class.risk >= min_risk {
        let mut f = Finding::new(
            risk_kind(class.risk),
            class.risk,
            server,
            Some(name),
            Subject::Tool,
            format!(
                "Tool {name} of server {server} is {} risk ({}): {}",
                class.risk.as_str().to_lowercase(),
                class.category,
                class.rationale
            ),
            class.evidence.clone(),
        );
        f.hash = Some(tool.def_hash.clone());
        out.push(f);
    }
    for signal in &class.signals {
        let Some(k) = SECURITY_SIGNALS
            .iter()
            .find(|id| **id == signal.id)
            .and_then(|id| kind(id))
        else {
            continue;
        };
        let mut f = Finding::new(
            k.id,
            signal_risk(k.id, class.risk),
            server,
            Some(name),
            Subject::Tool,
            format!("Tool {name} of server {server}: {}", signal.label),
            signal.evidence.clone(),
        );
        f.hash = Some(tool.def_hash.clone());
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let a = fingerprint("risk_high", "s", Some("t"), &Subject::Tool);
        assert_eq!(a, fingerprint("risk_high", "s", Some("t"), &Subject::Tool));
        assert_ne!(a, fingerprint("risk_high", "s", Some("u"), &Subject::Tool));
        assert_ne!(a, fingerprint("shadowing", "s", Some("t"), &Subject::Tool));
        assert_ne!(
            fingerprint("shadowing", "s", None, &Subject::Instructions),
            fingerprint("shadowing", "s", None, &Subject::Config)
        );
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn every_kind_has_help() {
        for k in KINDS {
            assert!(k.help.len() > 40, "{}", k.id);
        }
        for s in SECURITY_SIGNALS {
            assert!(kind(s).is_some(), "{s}");
        }
    }
}
