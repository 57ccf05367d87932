//! agentgateway's `mcpAuthorization` policy (<https://agentgateway.dev/docs/reference/cel> and
//! agentgateway/agentgateway's examples/authorization): a list of CEL rules; a call is allowed
//! when any rule is true, and denied when none is.
//!
//! One rule per tool that runs, over `mcp.tool.target` (the backend target's `name`, which must
//! be the server's name here: without it a rule would also allow a same-named tool of another
//! target) and `mcp.tool.name`. A denied tool gets no rule. agentgateway's CEL context has no
//! tool arguments and its rate limits are a separate policy, so both are comments.

use super::PlannedServer;
use super::quote::{cel, comment, yaml};
use std::fmt::Write as _;

/// The CEL expression that matches one tool of one target.
pub fn rule(server: &str, tool: &str) -> String {
    format!(
        "mcp.tool.target == {} && mcp.tool.name == {}",
        cel(server),
        cel(tool)
    )
}

pub(super) fn render(servers: &[PlannedServer]) -> String {
    let mut out = String::from(
        "# agentgateway route policy written by mcprisk: put it under the MCP route's `policies:`.\n\
         # A call that matches no rule is denied. `mcp.tool.target` is the target's `name`.\n\
         mcpAuthorization:\n  rules:\n",
    );
    let mut any = false;
    for s in servers {
        for t in &s.tools {
            let _ = write!(
                out,
                "  # {}/{}: {} risk ({})",
                comment(&s.name),
                comment(&t.name),
                t.risk,
                t.category
            );
            if !t.treatment.action.runs() {
                out.push_str(": denied, no rule\n");
                continue;
            }
            out.push('\n');
            if let Some(rate) = &t.treatment.rate_limit {
                let _ = writeln!(
                    out,
                    "  # not enforced by this rule: rate limit {rate} (agentgateway's localRateLimit policy)"
                );
            }
            for c in &t.constraints {
                let _ = writeln!(
                    out,
                    "  # not enforced by this rule: {} (reads `{}`)",
                    c.describe(),
                    comment(&c.param)
                );
            }
            let _ = writeln!(out, "  - {}", yaml(&rule(&s.name, &t.name)));
            any = true;
        }
    }
    if !any {
        // An empty list would not say "deny everything" plainly; a rule that is never true does.
        out.push_str("  # no tool may run\n  - \"false\"\n");
    }
    out
}
