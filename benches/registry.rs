//! The registry-scale rehearsal: a fixture registry of loopback Streamable HTTP servers, crawled
//! as 4 shards run one after the other (`mcprisk crawl --registry URL --shard K/4 --out DIR`),
//! then merged (`mcprisk index DIR...`). Prints servers per second for the crawl and the merge
//! time.
//!
//! `MCPRISK_REGISTRY_SERVERS` sets the registry's size (default 200; the figures in
//! docs/registry-crawl.md use 2000), `MCPRISK_REGISTRY_SHARDS` the number of shards (default
//! 4), `MCPRISK_REGISTRY_JOBS` the servers crawled at once per shard (default 16).
//!
//! The servers are one listener answering on a path per server (`/s/N/mcp`), each listing its
//! own tools; every request is its own connection (`Connection: close`), as the crawler meets
//! real remotes.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

fn main() {
    let servers = env_usize("MCPRISK_REGISTRY_SERVERS", 200);
    let shards = env_usize("MCPRISK_REGISTRY_SHARDS", 4);
    let jobs = env_usize("MCPRISK_REGISTRY_JOBS", 16);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let registry = std::sync::Arc::new(registry_pages(&base, servers));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let registry = registry.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &registry);
            });
        }
    });

    let work = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_mcprisk");
    let mut dirs = Vec::new();
    let started = Instant::now();
    for k in 1..=shards {
        let dir = work.path().join(format!("shard-{k}"));
        let t = Instant::now();
        let out = Command::new(bin)
            .env("MCPRISK_HOME", work.path().join("unused"))
            .args(["crawl", "--registry", &base, "--jobs", &jobs.to_string()])
            .args(["--shard", &format!("{k}/{shards}"), "--out"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "shard {k}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "shard {k}/{shards}: {} servers in {:.2}s",
            count(&dir),
            t.elapsed().as_secs_f64()
        );
        dirs.push(dir);
    }
    let crawl = started.elapsed();
    let crawled: usize = dirs.iter().map(|d| count(d)).sum();
    assert_eq!(crawled, servers, "every server crawled once");

    let t = Instant::now();
    let out = Command::new(bin)
        .env("MCPRISK_HOME", work.path().join("catalog"))
        .arg("index")
        .args(&dirs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merge = t.elapsed();
    println!(
        "registry rehearsal: {servers} servers, {shards} shards one after the other, --jobs {jobs}: crawl {:.2}s ({:.0} servers/s), merge {:.2}s ({:.0} servers/s)",
        crawl.as_secs_f64(),
        servers as f64 / crawl.as_secs_f64(),
        merge.as_secs_f64(),
        servers as f64 / merge.as_secs_f64(),
    );
    println!(
        "merge: {}",
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap_or("")
    );
}

fn count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}

/// The registry's pages (100 entries each), each entry a remote at its own path.
fn registry_pages(base: &str, servers: usize) -> Vec<Value> {
    let entries: Vec<Value> = (0..servers)
        .map(|i| {
            json!({"server": {"name": format!("io.example.bench/server-{i:05}"), "version": "1.0.0",
                              "remotes": [{"type": "streamable-http", "url": format!("{base}/s/{i}/mcp")}]},
                   "_meta": {"io.modelcontextprotocol.registry/official": {"status": "active", "isLatest": true}}})
        })
        .collect();
    let pages: Vec<&[Value]> = entries.chunks(100).collect();
    pages
        .iter()
        .enumerate()
        .map(|(n, page)| {
            let mut meta = json!({"count": page.len()});
            if n + 1 < pages.len() {
                meta["nextCursor"] = json!(format!("p{}", n + 1));
            }
            json!({"servers": page, "metadata": meta})
        })
        .collect()
}

/// The tools of server `i`: a few kinds, so that classification has work to do.
fn tools(i: usize) -> Value {
    json!([
        {"name": format!("search_items_{i}"), "description": "Search the items of a workspace by text", "inputSchema": {"type": "object", "properties": {"q": {"type": "string"}}}},
        {"name": format!("delete_item_{i}"), "description": "Permanently delete an item", "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}}},
        {"name": format!("run_query_{i}"), "description": "Run a SQL query against the database", "inputSchema": {"type": "object", "properties": {"sql": {"type": "string"}}}},
        {"name": format!("send_payment_{i}"), "description": "Send a payment to a recipient", "inputSchema": {"type": "object", "properties": {"amount": {"type": "number"}}}}
    ])
}

fn handle(mut stream: TcpStream, registry: &[Value]) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut len = 0;
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    if path.starts_with("/v0.1/servers") {
        let page = path
            .split("cursor=p")
            .nth(1)
            .and_then(|c| c.split('&').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        let empty = json!({"servers": [], "metadata": {"count": 0}});
        return reply(
            &mut stream,
            "200 OK",
            &registry.get(page).unwrap_or(&empty).to_string(),
            "",
        );
    }
    let server: usize = path
        .strip_prefix("/s/")
        .and_then(|p| p.split('/').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if method != "POST" {
        return reply(&mut stream, "405 Method Not Allowed", "", "");
    }
    let msg: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let Some(id) = msg.get("id").cloned() else {
        return reply(&mut stream, "202 Accepted", "", "");
    };
    let result = match msg["method"].as_str().unwrap_or_default() {
        "initialize" => json!({
            "protocolVersion": msg["params"]["protocolVersion"],
            "capabilities": {"tools": {}},
            "serverInfo": {"name": format!("bench-{server}"), "version": "1.0.0"}
        }),
        "tools/list" => json!({"tools": tools(server)}),
        _ => {
            let err = json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "Method not found"}});
            return reply(&mut stream, "200 OK", &err.to_string(), "");
        }
    };
    let answer = json!({"jsonrpc": "2.0", "id": id, "result": result});
    reply(
        &mut stream,
        "200 OK",
        &answer.to_string(),
        "Mcp-Session-Id: bench\r\n",
    )
}

fn reply(stream: &mut TcpStream, status: &str, body: &str, extra: &str) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}
