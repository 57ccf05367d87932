//! Real third-party servers, installed at pinned versions by `.ci/install-real-servers.sh`, crawled
//! for real. Each test skips with a printed reason when node/python or the install is missing;
//! CI installs them, so there they run. Crawl times are printed (`--nocapture` shows them).

use super::{crawl_json, exists_or_skip, real_servers, server, tool_names};
use crate::harness::Home;
use serde_json::Value;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn node() -> bool {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipping: node is not installed");
    }
    ok
}

fn package(name: &str) -> PathBuf {
    real_servers()
        .join("node/node_modules/@modelcontextprotocol")
        .join(name)
        .join("dist/index.js")
}

fn report_time(label: &str, s: &Value) {
    eprintln!(
        "real server {label}: {} tools in {} ms (connect {} ms, handshake {} ms, list {} ms), protocol {}",
        s["tool_count"],
        s["timings"]["total_ms"],
        s["timings"]["connect_ms"],
        s["timings"]["handshake_ms"],
        s["timings"]["list_ms"],
        s["protocol_version"]
    );
}

/// A server process killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts server-everything in an HTTP mode on a free port and waits until it accepts
/// connections.
fn everything_http(mode: &str) -> (Running, u16) {
    let port = free_port();
    let child = Command::new("node")
        .arg(package("server-everything"))
        .arg(mode)
        .env("PORT", port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start server-everything");
    let running = Running(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "server-everything {mode} did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (running, port)
}

const EVERYTHING_TOOLS: &[&str] = &["echo", "get-sum", "get-env"];

#[test]
fn real_everything_over_stdio_streamable_http_and_sse() {
    if !node()
        || !exists_or_skip(
            &package("server-everything"),
            "@modelcontextprotocol/server-everything",
        )
    {
        return;
    }
    let entry = package("server-everything").display().to_string();
    let (_http, http_port) = everything_http("streamableHttp");
    let (_sse, sse_port) = everything_http("sse");
    let home = Home::new();
    let (out, report) = crawl_json(
        &home,
        &[
            "--stdio",
            &format!("node {entry} stdio"),
            "--name",
            "everything-stdio",
            "--url",
            &format!("http://127.0.0.1:{http_port}/mcp"),
            "--name",
            "everything-http",
            "--url",
            &format!("http://127.0.0.1:{sse_port}/sse"),
            "--name",
            "everything-sse",
        ],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let mut counts = Vec::new();
    for (name, transport) in [
        ("everything-stdio", "stdio"),
        ("everything-http", "streamable-http"),
        ("everything-sse", "sse"),
    ] {
        let s = server(&report, name);
        assert_eq!(s["error"], Value::Null, "{s}");
        assert_eq!(s["transport"], transport);
        assert!(
            s["server_name"].as_str().unwrap().contains("everything"),
            "{s}"
        );
        let names = tool_names(s);
        for t in EVERYTHING_TOOLS {
            assert!(names.iter().any(|n| n == t), "{name} lacks {t}: {names:?}");
        }
        counts.push(names.len());
        report_time(name, s);
    }
    assert!(
        counts.iter().all(|c| *c == counts[0]),
        "the same server lists the same tools on every transport: {counts:?}"
    );
}

#[test]
fn real_filesystem_server() {
    if !node()
        || !exists_or_skip(
            &package("server-filesystem"),
            "@modelcontextprotocol/server-filesystem",
        )
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = Home::new();
    let cmd = format!(
        "node {} {}",
        package("server-filesystem").display(),
        dir.path().display()
    );
    let (out, report) = crawl_json(&home, &["--stdio", &cmd, "--name", "filesystem"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let s = server(&report, "filesystem");
    let names = tool_names(s);
    for t in [
        "read_text_file",
        "write_file",
        "move_file",
        "list_directory",
    ] {
        assert!(names.iter().any(|n| n == t), "lacks {t}: {names:?}");
    }
    report_time("server-filesystem", s);
}

#[test]
fn real_time_server_from_pypi() {
    let bin = real_servers().join("py/bin/mcp-server-time");
    if !exists_or_skip(&bin, "mcp-server-time (PyPI)") {
        return;
    }
    let home = Home::new();
    let (out, report) = crawl_json(
        &home,
        &[
            "--stdio",
            &format!("{} --local-timezone UTC", bin.display()),
            "--name",
            "time",
        ],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let s = server(&report, "time");
    let mut names = tool_names(s);
    names.sort();
    assert_eq!(names, ["convert_time", "get_current_time"]);
    assert_eq!(s["server_name"], "mcp-time");
    report_time("mcp-server-time", s);
}
