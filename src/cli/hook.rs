//! `mcprisk hook claude-code`: Claude Code's PreToolUse hook (docs/policy.md, "The hook").
//!
//! Reads the hook's JSON on stdin and answers on stdout. Whatever goes wrong (unreadable
//! input, no catalog, a broken catalog) the answer is the pessimistic one, with the problem as
//! its reason, and the exit status 0: Claude Code treats a failing hook as no opinion, which
//! would let the call through.

use super::Context;
use super::policy::LimitArgs;
use crate::policy::PolicyRules;
use crate::policy::hook::{Answer, Input, decide};
use crate::store::Store;
use std::io::Read as _;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client whose hook contract to speak (only `claude-code`).
    #[arg(value_name = "CLIENT", value_parser = ["claude-code"])]
    pub client: String,

    #[command(flatten)]
    pub limits: LimitArgs,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let rules = PolicyRules::load(ctx.rules.as_deref())?;
    let limits = args.limits.limits()?;
    let mut text = String::new();
    let answer = match std::io::stdin().read_to_string(&mut text) {
        Err(e) => Some(Answer::unknown(
            &rules,
            &format!("cannot read the hook input: {e}"),
        )),
        Ok(_) => match Input::parse(&text) {
            Err(why) => Some(Answer::unknown(&rules, &why)),
            Ok(input) if !input.is_mcp() => None,
            Ok(input) => Some(answer(ctx, &rules, &limits, &input)),
        },
    };
    if let Some(a) = answer {
        out!("{}", a.to_json())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn answer(
    ctx: &Context,
    rules: &PolicyRules,
    limits: &crate::policy::Limits,
    input: &Input,
) -> Answer {
    let attempt = || -> anyhow::Result<Answer> {
        let db = ctx.home()?.db_path();
        // A missing catalog is not created here: the hook only reads.
        let store = if db.is_file() {
            Some(Store::open(&db)?)
        } else {
            None
        };
        Ok(decide(store.as_ref(), rules, limits, input)?.expect("an MCP call has an answer"))
    };
    attempt().unwrap_or_else(|e| Answer::unknown(rules, &format!("{e:#}")))
}
