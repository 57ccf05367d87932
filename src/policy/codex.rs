//! Codex config.toml (<https://developers.openai.com/codex/config-reference>, and the
//! `McpServerConfig` type of openai/codex's codex-rs/config/src/mcp_types.rs): per server,
//! `enabled_tools` (the allow-list: tools Codex registers), `disabled_tools` (removed after it)
//! and per tool `[mcp_servers.<server>.tools.<tool>] approval_mode`, one of `auto`, `prompt`,
//! `writes`, `approve`.
//!
//! An allowed tool gets `approval_mode = "approve"` (runs without a prompt), one a human should
//! confirm gets `"prompt"`, a denied one is left out of `enabled_tools` and listed in
//! `disabled_tools`. `enabled_tools` makes a tool the catalog has not seen unavailable until it
//! is classified. The fragment's keys go into the server's existing table (TOML forbids
//! defining a table twice).

use super::quote::{comment, toml};
use super::{Action, PlannedServer};
use std::fmt::Write as _;

pub(super) fn render(servers: &[PlannedServer]) -> String {
    let mut out = String::from(
        "# Codex config.toml fragment written by mcprisk: merge each [mcp_servers.<name>]\n\
         # table's keys into the server's existing table.\n",
    );
    for s in servers {
        let server = toml(&s.name);
        let list = |pick: &dyn Fn(Action) -> bool| -> String {
            let names: Vec<String> = s
                .tools
                .iter()
                .filter(|t| pick(t.treatment.action))
                .map(|t| toml(&t.name))
                .collect();
            format!("[{}]", names.join(", "))
        };
        let _ = write!(
            out,
            "\n[mcp_servers.{server}]\nenabled_tools = {}\ndisabled_tools = {}\n",
            list(&|a| a.runs()),
            list(&|a| !a.runs())
        );
        for t in s.tools.iter().filter(|t| t.treatment.action.runs()) {
            let mode = if t.treatment.action == Action::Ask {
                "prompt"
            } else {
                "approve"
            };
            let _ = writeln!(
                out,
                "\n# {} risk ({})",
                t.risk,
                comment(t.category.as_str())
            );
            for c in &t.constraints {
                let _ = writeln!(
                    out,
                    "# not enforced by Codex: {} (reads `{}`)",
                    c.describe(),
                    comment(&c.param)
                );
            }
            if let Some(rate) = &t.treatment.rate_limit {
                let _ = writeln!(out, "# not enforced by Codex: rate limit {rate}");
            }
            let _ = writeln!(
                out,
                "[mcp_servers.{server}.tools.{}]\napproval_mode = \"{mode}\"",
                toml(&t.name)
            );
        }
    }
    out
}
