//! `mcprisk synth --tools N [--seed S] --out FILE`: a synthetic corpus for benchmarks (hidden
//! from `--help`; see the README's "Performance" section and [`crate::synth`]).

use super::Context;
use anyhow::Context as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many tools (across tools/20 servers).
    #[arg(long, value_name = "N")]
    pub tools: usize,

    /// Seed: the same seed and size give a byte-identical file.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,

    /// Where to write the JSON Lines (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let opts = crate::synth::Options {
        tools: args.tools,
        seed: args.seed,
    };
    if args.out.as_os_str() == "-" {
        crate::synth::write_jsonl(opts, std::io::stdout().lock())
            .context("writing to standard output")?;
    } else {
        let file = std::fs::File::create(&args.out)
            .with_context(|| format!("creating {}", args.out.display()))?;
        let s = crate::synth::write_jsonl(opts, file)
            .with_context(|| format!("writing {}", args.out.display()))?;
        eprintln!(
            "wrote {} tools of {} servers ({:.1} MB) to {}",
            s.tools,
            s.servers,
            s.bytes as f64 / 1e6,
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
