//! Claude Code settings.json `permissions` (<https://code.claude.com/docs/en/settings> and
//! .../iam#tool-specific-permission-rules): `{"permissions": {"allow": [...], "ask": [...],
//! "deny": [...]}}` with one rule `mcp__<server>__<tool>` per tool.
//!
//! Claude Code names an MCP tool `mcp__` + server + `__` + tool, each with every character
//! outside `[A-Za-z0-9_-]` replaced by `_`; the rules use the same names, so they only ever hold
//! those characters. Permission rules cannot read arguments: constraints go to the hook.

use super::{Action, PlannedServer};
use serde_json::json;

/// Claude Code's name for a server's or tool's part of `mcp__<server>__<tool>`.
pub fn normalise(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The permission rule that names one tool.
pub fn rule_name(server: &str, tool: &str) -> String {
    format!("mcp__{}__{}", normalise(server), normalise(tool))
}

pub(super) fn render(servers: &[PlannedServer]) -> String {
    let mut allow = Vec::new();
    let mut ask = Vec::new();
    let mut deny = Vec::new();
    for s in servers {
        for t in &s.tools {
            let list = match t.treatment.action {
                Action::Allow => &mut allow,
                Action::Ask => &mut ask,
                Action::Deny | Action::Hide => &mut deny,
            };
            list.push(rule_name(&s.name, &t.name));
        }
    }
    // Two tools whose names differ only in characters Claude Code replaces share a rule; the
    // stricter list wins, since Claude Code applies deny before ask before allow anyway.
    for list in [&mut allow, &mut ask, &mut deny] {
        list.sort();
        list.dedup();
    }
    ask.retain(|r| !deny.contains(r));
    allow.retain(|r| !deny.contains(r) && !ask.contains(r));
    let doc = json!({"permissions": {"allow": allow, "ask": ask, "deny": deny}});
    super::to_pretty(&doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_claude_codes_normalisation() {
        assert_eq!(
            rule_name("my.server", "say \"hi\"\n"),
            "mcp__my_server__say__hi__"
        );
        assert_eq!(rule_name("git-hub", "create_pr"), "mcp__git-hub__create_pr");
    }
}
