//! Writes a synthetic corpus of MCP tool definitions as JSON Lines, the format `mcprisk index`
//! streams: the same corpus the scale benchmark builds, for trying the catalog at sizes no real
//! corpus has. The same size and seed always give a byte-identical file.
//!
//! ```text
//! cargo run --release --example synth -- 100000 corpus.jsonl [SEED]
//! mcprisk index corpus.jsonl
//! ```

#[path = "../benches/synth/mod.rs"]
mod synth;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(tools), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: synth TOOLS FILE [SEED]   (FILE `-` writes to standard output)");
        std::process::exit(2);
    };
    let opts = synth::Options {
        tools: tools.parse().expect("TOOLS is a number"),
        seed: args
            .get(2)
            .map_or(1, |s| s.parse().expect("SEED is a number")),
    };
    let summary = if out == "-" {
        synth::write_jsonl(opts, std::io::stdout().lock())?
    } else {
        synth::write_jsonl(opts, std::fs::File::create(out)?)?
    };
    eprintln!(
        "wrote {} tools of {} servers ({:.1} MB) to {out}",
        summary.tools,
        summary.servers,
        summary.bytes as f64 / 1e6
    );
    Ok(())
}
