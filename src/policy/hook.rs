//! Claude Code's PreToolUse hook (<https://code.claude.com/docs/en/hooks>): enforcing what its
//! permission rules cannot express, the arguments of an MCP tool call.
//!
//! Claude Code runs the hook with a JSON object on stdin (`hook_event_name`, `tool_name` such
//! as `mcp__filesystem__write_file`, `tool_input` with the call's arguments, …) and reads, on
//! stdout with exit status 0, `{"hookSpecificOutput": {"hookEventName": "PreToolUse",
//! "permissionDecision": "allow" | "ask" | "deny", "permissionDecisionReason": "…"}}`. The
//! answer comes from the tool's stored classification (the claude-code mapping of
//! `rules/policy.toml`) and the argument constraints; a tool the catalog does not know is
//! answered as the `[hook] unknown_risk` level. Only the catalog database and `policy.toml`
//! are read: the classifier's rules are never compiled, so a call costs a process start and a
//! few small queries.

use super::claude_code::normalise;
use super::constraints::{self, Check, Limits};
use super::{Action, Dialect, PolicyRules};
use crate::classify::Risk;
use crate::error::Error;
use crate::sanitize;
use crate::store::Store;
use serde_json::{Value, json};

/// The part of the hook's input the decision reads.
#[derive(Debug, Clone)]
pub struct Input {
    pub tool_name: String,
    pub tool_input: Value,
}

impl Input {
    /// Parses the hook's stdin. An event other than PreToolUse is an error (the hook is set up
    /// for PreToolUse only).
    pub fn parse(text: &str) -> Result<Input, String> {
        let v: Value =
            serde_json::from_str(text).map_err(|e| format!("the hook input is not JSON: {e}"))?;
        if let Some(event) = v.get("hook_event_name").and_then(Value::as_str)
            && event != "PreToolUse"
        {
            return Err(format!(
                "the hook input is a {} event; set the hook up under PreToolUse",
                sanitize::line(event)
            ));
        }
        let tool_name = v
            .get("tool_name")
            .and_then(Value::as_str)
            .ok_or("the hook input has no `tool_name`")?
            .to_string();
        Ok(Input {
            tool_name,
            tool_input: v.get("tool_input").cloned().unwrap_or(Value::Null),
        })
    }

    /// Whether the call is to an MCP tool (the only calls this hook has an opinion on).
    pub fn is_mcp(&self) -> bool {
        self.tool_name.starts_with("mcp__")
    }
}

/// The hook's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Allow, Ask or Deny.
    pub action: Action,
    pub reason: String,
}

impl Answer {
    /// The JSON Claude Code reads from the hook's stdout, with a trailing newline.
    pub fn to_json(&self) -> String {
        let decision = match self.action {
            Action::Allow => "allow",
            Action::Ask => "ask",
            Action::Deny | Action::Hide => "deny",
        };
        let v = json!({
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": decision,
                "permissionDecisionReason": self.reason,
            }
        });
        let mut s = sanitize::json(v.to_string());
        s.push('\n');
        s
    }

    /// A refusal, for when not even the rules can be read (a broken `--rules` override, a bad
    /// flag): without them there is no mapping to consult, and an error exit would let the
    /// call through.
    pub fn refuse(why: &str) -> Answer {
        Answer {
            action: Action::Deny,
            reason: format!("mcprisk: {why}; refused"),
        }
    }

    /// The pessimistic answer when the hook cannot decide (no catalog, unreadable input).
    pub fn unknown(rules: &PolicyRules, why: &str) -> Answer {
        let risk = rules.unknown_risk;
        Answer {
            action: rules.treatment(Dialect::ClaudeCode, risk).action,
            reason: format!("mcprisk: {why}; answered as a {risk}-risk tool"),
        }
    }
}

/// Decides one MCP call from the catalog. `None` when the call is not to an MCP tool.
pub fn decide(
    store: Option<&Store>,
    rules: &PolicyRules,
    limits: &Limits,
    input: &Input,
) -> Result<Option<Answer>, Error> {
    if !input.is_mcp() {
        return Ok(None);
    }
    let shown = sanitize::truncate(&input.tool_name, 160);
    let Some(store) = store else {
        return Ok(Some(Answer::unknown(
            rules,
            &format!("there is no catalog, so {shown} is unknown (run `mcprisk index` first)"),
        )));
    };
    let mut best: Option<Answer> = None;
    for server in store.servers()? {
        let prefix = format!("mcp__{}__", normalise(&server.info.name));
        let Some(tool_part) = input.tool_name.strip_prefix(&prefix) else {
            continue;
        };
        for t in store.tools_of(server.id)? {
            if normalise(&t.tool.name) != tool_part {
                continue;
            }
            let answer = judge(rules, limits, &server.info.name, &t, &input.tool_input);
            // Two catalog tools can share Claude Code's name for them: the stricter answer wins.
            if best.as_ref().is_none_or(|b| answer.action > b.action) {
                best = Some(answer);
            }
        }
    }
    Ok(Some(best.unwrap_or_else(|| {
        Answer::unknown(
            rules,
            &format!("{shown} is not in the catalog (index its server with `mcprisk index`)"),
        )
    })))
}

fn judge(
    rules: &PolicyRules,
    limits: &Limits,
    server: &str,
    t: &crate::store::StoredTool,
    args: &Value,
) -> Answer {
    let risk: Risk = t.class.risk;
    let mut action = rules.treatment(Dialect::ClaudeCode, risk).action;
    let mut reasons = vec![format!(
        "mcprisk: {}/{} is {risk} risk ({})",
        sanitize::line(server),
        sanitize::line(&t.tool.name),
        t.class.category
    )];
    if let Some(s) = t.class.strongest_signal() {
        reasons[0].push_str(&format!(": {}", sanitize::line(&s.label)));
    }
    if action.runs() {
        for c in constraints::for_tool(rules, &t.tool, &t.class, limits) {
            match constraints::check(&c, limits, args) {
                Check::Pass => {}
                Check::Violation(why) => {
                    action = Action::Deny;
                    reasons.push(why);
                }
                Check::Review(why) => {
                    action = action.max(Action::Ask);
                    reasons.push(why);
                }
            }
        }
    }
    Answer {
        action,
        reason: reasons.join("; "),
    }
}
