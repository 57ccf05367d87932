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
    let mut text = String::new();
    let input = match std::io::stdin().read_to_string(&mut text) {
        Err(e) => Err(format!("cannot read the hook input: {e}")),
        Ok(_) => Input::parse(&text),
    };
    // A call to a tool that is not an MCP tool gets no answer, whatever else is wrong.
    if input.as_ref().is_ok_and(|i| !i.is_mcp()) {
        return Ok(ExitCode::SUCCESS);
    }
    let answer = match (
        PolicyRules::load(ctx.rules.as_deref()),
        args.limits.limits(),
    ) {
        (Err(e), _) => Answer::refuse(&format!("the policy rules cannot be read: {e}")),
        (_, Err(e)) => Answer::refuse(&format!("{e:#}")),
        (Ok(rules), Ok(limits)) => match input {
            Err(why) => Answer::unknown(&rules, &why),
            Ok(input) => answer(ctx, &rules, &limits, &input),
        },
    };
    out!("{}", answer.to_json())?;
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
