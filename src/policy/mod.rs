//! Recommended policy, from the catalog's classifications, in the dialects of the gateways and
//! clients people run (docs/policy.md).
//!
//! The flow: a server's tools and their classifications → [`plan`] (each tool's treatment in the
//! chosen dialect, from `rules/policy.toml`, and the argument constraints its schema and signals
//! support) → one small module per dialect that writes the document. Every dialect means the
//! same thing: Critical tools never run without a human, Low tools run, Medium and High get the
//! dialect's nearest equivalent of a rate limit or an approval. [`hook`] answers Claude Code's
//! PreToolUse hook from the same plan, reading the catalog without compiling the classifier.
//!
//! Tool and server names are third-party text. Every writer quotes them with the escaping of
//! its own language ([`quote`]), and comments carry only sanitised single lines.

mod agentgateway;
mod cedar;
mod claude_code;
mod codex;
pub mod constraints;
pub mod hook;
mod intercept;
mod policylayer;
pub mod quote;
pub mod rules;

pub use constraints::{Constraint, Limits};
pub use policylayer::to_pretty;
pub use rules::{Action, ConstraintKind, PolicyRules, RateLimit, Treatment};

use crate::classify::{Category, Classification, Risk};
use crate::manifest::Tool;

/// A policy language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    /// PolicyLayer's gateway JSON (the original output).
    PolicyLayer,
    /// A Claude Code settings.json `permissions` fragment.
    ClaudeCode,
    /// A Codex config.toml `[mcp_servers.*]` fragment.
    Codex,
    /// A Stacklok ToolHive `cedarv1` authorizer config.
    Cedar,
    /// agentgateway `mcpAuthorization` CEL rules.
    AgentGateway,
    /// PolicyLayer Intercept's policy YAML.
    Intercept,
}

impl Dialect {
    pub const ALL: [Dialect; 6] = [
        Dialect::PolicyLayer,
        Dialect::ClaudeCode,
        Dialect::Codex,
        Dialect::Cedar,
        Dialect::AgentGateway,
        Dialect::Intercept,
    ];

    /// The dialects whose treatment is a `[dialect.*]` table.
    pub const OTHERS: [Dialect; 5] = [
        Dialect::ClaudeCode,
        Dialect::Codex,
        Dialect::Cedar,
        Dialect::AgentGateway,
        Dialect::Intercept,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::PolicyLayer => "policylayer",
            Dialect::ClaudeCode => "claude-code",
            Dialect::Codex => "codex",
            Dialect::Cedar => "cedar",
            Dialect::AgentGateway => "agentgateway",
            Dialect::Intercept => "intercept",
        }
    }

    /// The actions the dialect can express.
    pub fn actions(self) -> &'static [Action] {
        match self {
            Dialect::ClaudeCode | Dialect::Codex => &[Action::Allow, Action::Ask, Action::Deny],
            Dialect::Cedar | Dialect::AgentGateway => &[Action::Allow, Action::Deny],
            Dialect::PolicyLayer | Dialect::Intercept => {
                &[Action::Allow, Action::Deny, Action::Hide]
            }
        }
    }
}

impl std::str::FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Dialect, String> {
        Dialect::ALL
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown format `{s}` (expected one of: {})",
                    Dialect::ALL.map(Dialect::as_str).join(", ")
                )
            })
    }
}

/// One tool of a server, as the catalog has it.
#[derive(Debug, Clone, Copy)]
pub struct ToolInput<'a> {
    pub tool: &'a Tool,
    pub class: &'a Classification,
}

/// A server and its tools.
#[derive(Debug, Clone)]
pub struct ServerInput<'a> {
    /// The server's name as the client or gateway configures it.
    pub name: &'a str,
    pub tools: Vec<ToolInput<'a>>,
}

/// What the policy says about one tool.
#[derive(Debug, Clone)]
pub struct PlannedTool {
    pub name: String,
    pub risk: Risk,
    pub category: Category,
    /// The dialect's treatment (for PolicyLayer, whose rules are JSON templates: deny when the
    /// rule denies, allow otherwise).
    pub treatment: Treatment,
    /// Argument constraints that apply with the given limits, and code parameters to flag.
    pub constraints: Vec<Constraint>,
}

/// A server's plan: its tools sorted by name.
#[derive(Debug, Clone)]
pub struct PlannedServer {
    pub name: String,
    pub tools: Vec<PlannedTool>,
}

/// The treatment of every tool of every server in one dialect, with the constraints that
/// `limits` turn on. Tools are sorted by name, so the documents do not depend on catalog order.
pub fn plan(
    rules: &PolicyRules,
    dialect: Dialect,
    servers: &[ServerInput<'_>],
    limits: &Limits,
) -> Vec<PlannedServer> {
    servers
        .iter()
        .map(|s| {
            let mut tools: Vec<PlannedTool> = s
                .tools
                .iter()
                .map(|t| {
                    let treatment = treatment(rules, dialect, t.class.risk);
                    // A tool that never runs needs no argument rules.
                    let constraints = if treatment.action.runs() {
                        constraints::for_tool(rules, t.tool, t.class, limits)
                    } else {
                        Vec::new()
                    };
                    PlannedTool {
                        name: t.tool.name.clone(),
                        risk: t.class.risk,
                        category: t.class.category,
                        treatment,
                        constraints,
                    }
                })
                .collect();
            tools.sort_by(|a, b| a.name.cmp(&b.name));
            PlannedServer {
                name: s.name.to_string(),
                tools,
            }
        })
        .collect()
}

fn treatment(rules: &PolicyRules, dialect: Dialect, risk: Risk) -> Treatment {
    match dialect {
        // PolicyLayer's rules are JSON templates; for notes, a rule with `deny_if` and no
        // conditions denies, anything else runs.
        Dialect::PolicyLayer => Treatment {
            action: if rules.per_risk[&risk].get("deny_if").is_some() {
                Action::Deny
            } else {
                Action::Allow
            },
            rate_limit: None,
        },
        d => rules.treatment(d, risk).clone(),
    }
}

/// Options for one document.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The servers come from a whole client config: dialects whose documents cover one server
    /// (policylayer, cedar, intercept) write one per server, keyed by the server's name.
    pub many: bool,
}

/// The document for `servers` in `dialect`. The text ends with a newline.
pub fn render(
    rules: &PolicyRules,
    dialect: Dialect,
    servers: &[PlannedServer],
    limits: &Limits,
    opts: &RenderOptions,
) -> String {
    match dialect {
        Dialect::PolicyLayer => policylayer::render(rules, servers, opts),
        Dialect::ClaudeCode => claude_code::render(servers),
        Dialect::Codex => codex::render(servers),
        Dialect::Cedar => cedar::render(servers, limits, opts),
        Dialect::AgentGateway => agentgateway::render(servers),
        Dialect::Intercept => intercept::render(servers, limits, opts),
    }
}

/// Notes for the user (stderr) about what the document could not express: the constraints
/// the dialect cannot enforce, one note per reason, naming each server, tool and parameter.
pub fn notes(dialect: Dialect, servers: &[PlannedServer]) -> Vec<String> {
    let mut by_reason: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for s in servers {
        for t in &s.tools {
            for c in &t.constraints {
                if let Some(why) = constraints::unenforced(dialect, c) {
                    by_reason.entry(why).or_default().push(format!(
                        "{}/{} `{}`",
                        crate::sanitize::line(&s.name),
                        crate::sanitize::line(&t.name),
                        crate::sanitize::line(&c.param)
                    ));
                }
            }
        }
    }
    by_reason
        .into_iter()
        .map(|(why, params)| format!("not enforced ({why}): {}", params.join(", ")))
        .collect()
}
