//! Classification throughput on one core.
//!
//! Classifies every tool of the file in `MCPRISK_CORPUS`, else of the evaluation corpus
//! `$MCPRISK_EVAL_DATA/corpus/tools.jsonl`, else (saying so) of the bundled `data/manifests`,
//! repeatedly for a few seconds on the current thread and prints tools per second. Parsing is done once up front: this measures the
//! classifier alone.
//!
//!     cargo bench --bench classify

mod common;

use common::thread_cpu_seconds;
use mcprisk::classify::Classifier;
use mcprisk::manifest::formats::{Input, expand_paths, read_all};
use mcprisk::manifest::{Tool, parse_tools};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("MCPRISK_CORPUS")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("MCPRISK_EVAL_DATA")
                .map(|d| PathBuf::from(d).join("corpus/tools.jsonl"))
        });
    let inputs: Vec<PathBuf> = match corpus {
        Some(corpus) if corpus.exists() => vec![corpus],
        _ => {
            eprintln!(
                "classify bench: no corpus (set MCPRISK_EVAL_DATA or MCPRISK_CORPUS); \
                 measuring the bundled manifests instead"
            );
            expand_paths(&[root.join("data/manifests")]).expect("bundled manifests")
        }
    };
    let mut tools: Vec<(String, Tool)> = Vec::new();
    for path in &inputs {
        let (servers, _) = read_all(&Input::Path(path.clone()), None).expect("readable input");
        for raw in servers {
            let m = parse_tools(raw.info, &raw.tools, &path.display().to_string());
            tools.extend(m.tools.into_iter().map(|t| (m.info.name.clone(), t)));
        }
    }
    let classifier = Classifier::embedded().expect("built-in rules");
    // Warm up caches and lazily built regexes.
    for (server, t) in &tools {
        std::hint::black_box(classifier.classify_in(server, t));
    }
    let budget = Duration::from_secs(
        std::env::var("MCPRISK_BENCH_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3),
    );
    // MCPRISK_BENCH_PASSES fixes the work instead of the time, for instruction counts
    // (`perf stat -e instructions`) that do not depend on what else the machine is doing.
    let passes: Option<usize> = std::env::var("MCPRISK_BENCH_PASSES")
        .ok()
        .and_then(|s| s.parse().ok());
    let start = Instant::now();
    let cpu_start = thread_cpu_seconds();
    let mut n = 0usize;
    while passes.map_or(start.elapsed() < budget, |p| n < p * tools.len()) {
        for (server, t) in &tools {
            std::hint::black_box(classifier.classify_in(server, t));
        }
        n += tools.len();
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds() - cpu_start;
    println!(
        "classify: {} tools from {} ({} passes) in {:.2} s wall, {:.2} s CPU on one core: \
         {:.0} tools/s (per CPU-second: {:.0})",
        tools.len(),
        inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        n / tools.len().max(1),
        secs,
        cpu,
        n as f64 / secs,
        n as f64 / cpu.max(1e-9)
    );
}
