//! `mcprisk serve` benchmark: tool calls over the stdio transport (framing, JSON-RPC, the
//! tool, the answer's serialisation), in process, on a catalog of the bundled manifests
//! (data/manifests/*.json indexed into a temporary home). Prints the median and p95 per tool
//! call; the target is a median of at most 10 ms.

mod common;

use mcprisk::attacks::Attacks;
use mcprisk::catalog::{Catalog, Rules};
use mcprisk::home::Home;
use mcprisk::manifest::formats::{Input, read_input};
use mcprisk::serve::{Service, stdio};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = Home::at(dir.path());
    let mut catalog = Catalog::open(home, Rules::load(None).unwrap()).unwrap();
    let manifests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manifests");
    let mut tools = 0;
    {
        let mut ingest = catalog.ingest().unwrap();
        let mut files: Vec<_> = std::fs::read_dir(&manifests)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            read_input(&Input::Path(f), None, |raw| {
                tools += ingest.ingest(raw)?.tools;
                Ok::<(), mcprisk::Error>(())
            })
            .unwrap();
        }
        ingest.finish().unwrap();
    }
    let service = Arc::new(Service::new(catalog, Attacks::embedded()).unwrap());
    let rounds: usize = std::env::var("MCPRISK_SERVE_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let calls: Vec<(&str, Value)> = vec![
        ("search_tools query", json!({"query": "read file contents"})),
        (
            "search_tools filters",
            json!({"category": ["Write", "Destructive"], "risk": "High", "limit": 50}),
        ),
        (
            "check_tool catalog",
            json!({"server": "filesystem", "tool": "write_file"}),
        ),
        (
            "check_tool definition",
            json!({"definition": {"name": "run_query", "description": "Run a SQL query against the production database and return the rows.", "inputSchema": {"type": "object", "properties": {"sql": {"type": "string"}}}}}),
        ),
        ("check_server", json!({"server": "everything"})),
        ("get_policy", json!({"server": "filesystem"})),
    ];
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "serve: {tools} tools from data/manifests, {rounds} calls each, over the stdio transport in process"
    );
    rt.block_on(async {
        let (client, server) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server);
        let task = tokio::spawn(stdio::serve_on(
            service,
            BufReader::new(server_read),
            server_write,
        ));
        let (client_read, mut client_write) = tokio::io::split(client);
        let mut lines = BufReader::new(client_read).lines();
        let mut id = 0u64;
        let mut all = Vec::new();
        for (label, args) in &calls {
            let name = label.split(' ').next().unwrap();
            let mut times = Vec::with_capacity(rounds);
            for _ in 0..rounds {
                id += 1;
                let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": name, "arguments": args}}).to_string();
                msg.push('\n');
                let t = Instant::now();
                client_write.write_all(msg.as_bytes()).await.unwrap();
                let answer = lines.next_line().await.unwrap().unwrap();
                times.push(t.elapsed());
                let v: Value = serde_json::from_str(&answer).unwrap();
                assert_eq!(v["result"]["isError"], false, "{label}: {v}");
            }
            report(label, &mut times);
            all.extend(times);
        }
        report("all calls", &mut all);
        // The server sees end of input only when both halves of the client's end are gone:
        // dropping the write half alone leaves the duplex open, and the server waits forever.
        drop(client_write);
        drop(lines);
        let _ = task.await;
    });
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "  {label:<24} median {:.3} ms  p95 {:.3} ms  max {:.3} ms",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1])
    );
}
