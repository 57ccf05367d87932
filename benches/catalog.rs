//! Catalog benchmark: index a JSON Lines corpus into a fresh catalog, re-index one changed
//! server, and measure in-process search latency.
//!
//! `cargo bench --bench catalog` uses the file named by `MCPRISK_BENCH_CORPUS`, else the
//! evaluation corpus `$MCPRISK_EVAL_DATA/corpus/tools.jsonl`, and skips when there is neither;
//! the corpus is read where it lies, never copied. Prints figures; there
//! are no pass/fail thresholds here (the figures and targets are in BENCHMARKS.md).

mod common;

use mcprisk::catalog::{Catalog, Rules};
use mcprisk::home::Home;
use mcprisk::index::SearchRequest;
use mcprisk::manifest::formats::{Input, read_input};
use mcprisk::manifest::{OriginKind, RawServer, ServerInfo};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let corpus = std::env::var_os("MCPRISK_BENCH_CORPUS")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("MCPRISK_EVAL_DATA")
                .map(|d| PathBuf::from(d).join("corpus/tools.jsonl"))
        });
    let Some(corpus) = corpus.filter(|c| c.is_file()) else {
        eprintln!(
            "catalog bench: skipped: no corpus (set MCPRISK_EVAL_DATA or MCPRISK_BENCH_CORPUS)"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let home = Home::at(dir.path());

    // Full index.
    let start = Instant::now();
    let mut catalog = Catalog::open(home.clone(), Rules::load(None).unwrap()).unwrap();
    let mut tools = 0usize;
    let mut servers = 0usize;
    {
        let mut ingest = catalog.ingest().unwrap();
        read_input(&Input::Path(corpus.clone()), None, |raw| {
            let o = ingest.ingest(raw)?;
            tools += o.tools;
            servers += 1;
            Ok::<(), mcprisk::Error>(())
        })
        .unwrap();
        ingest.finish().unwrap();
    }
    let full = start.elapsed();
    println!(
        "index: {tools} tools in {servers} server runs in {:.3}s ({:.0} tools/s)",
        full.as_secs_f64(),
        tools as f64 / full.as_secs_f64()
    );

    // Same corpus again: nothing changes.
    let start = Instant::now();
    {
        let mut ingest = catalog.ingest().unwrap();
        read_input(&Input::Path(corpus.clone()), None, |raw| {
            ingest.ingest(raw).map(|_| ())
        })
        .unwrap();
        ingest.finish().unwrap();
    }
    println!(
        "re-index unchanged corpus: {:.3}s",
        start.elapsed().as_secs_f64()
    );

    // One changed server.
    let server = catalog
        .store()
        .servers()
        .unwrap()
        .into_iter()
        .max_by_key(|s| catalog.store().tool_names(s.id).unwrap().len())
        .unwrap();
    let mut defs: Vec<serde_json::Value> = Vec::new();
    catalog
        .store()
        .for_each_tool_of(server.id, |t| {
            defs.push(t.tool.raw);
            Ok(())
        })
        .unwrap();
    if let Some(first) = defs.first_mut() {
        first["description"] = serde_json::Value::String("changed for the benchmark".into());
    }
    let n = defs.len();
    let start = Instant::now();
    {
        let mut ingest = catalog.ingest().unwrap();
        ingest
            .ingest(RawServer {
                info: ServerInfo::new(server.info.name.clone(), OriginKind::File, "bench"),
                tools: serde_json::Value::Array(defs),
            })
            .unwrap();
        ingest.finish().unwrap();
    }
    println!(
        "re-index one changed server ({n} tools): {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    // Open cost and search latency.
    drop(catalog);
    let start = Instant::now();
    let catalog = Catalog::open(home, Rules::load(None).unwrap()).unwrap();
    println!(
        "open catalog (current index): {:.2} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let queries = [
        "delete file",
        "create issue",
        "search",
        "refund payment",
        "shell command",
        "kubernetes pod",
        "delte",
        "list",
        "github pull request",
        "send email",
    ];
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..20 {
        for q in queries {
            let req = SearchRequest {
                query: Some(q.into()),
                limit: 20,
                ..SearchRequest::default()
            };
            let t = Instant::now();
            let r = catalog.index().search(&req).unwrap();
            times.push(t.elapsed());
            std::hint::black_box(r);
        }
    }
    let req = SearchRequest {
        limit: 20,
        ..SearchRequest::default()
    };
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(catalog.index().search(&req).unwrap());
        times.push(t.elapsed());
    }
    times.sort();
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e3;
    println!(
        "search ({} queries): p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        pct(0.5),
        pct(0.95),
        pct(0.99),
        pct(1.0)
    );
}
