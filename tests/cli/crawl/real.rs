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

/// Every real server that is installed, as (name, command line, extra flags it needs in the
/// sandbox).
fn installed_real_servers(scratch: &std::path::Path) -> Vec<(&'static str, String, Vec<String>)> {
    let mut out = Vec::new();
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if node_ok && package("server-everything").exists() {
        let cmd = format!("node {} stdio", package("server-everything").display());
        out.push(("everything", cmd, Vec::new()));
    }
    if node_ok && package("server-filesystem").exists() {
        // The directory it serves must exist in the sandbox: the user grants it.
        let cmd = format!(
            "node {} {}",
            package("server-filesystem").display(),
            scratch.display()
        );
        let allow = vec!["--sandbox-allow".to_string(), scratch.display().to_string()];
        out.push(("filesystem", cmd, allow));
    }
    let time = real_servers().join("py/bin/mcp-server-time");
    if time.exists() {
        let cmd = format!("{} --local-timezone UTC", time.display());
        out.push(("time", cmd, Vec::new()));
    }
    out
}

#[test]
fn real_servers_list_the_same_tools_under_the_sandbox() {
    if !crate::sandbox::bwrap_or_skip() {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let servers = installed_real_servers(scratch.path());
    if servers.is_empty() {
        eprintln!("skipping: no real server installed (run .ci/install-real-servers.sh)");
        return;
    }
    for (name, cmd, extra) in servers {
        let home = Home::new();
        let mut free = vec!["--stdio", cmd.as_str(), "--name", name];
        let (out, plain) = crawl_json(&home, &free);
        assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
        free.push("--sandbox");
        free.extend(extra.iter().map(String::as_str));
        let shown = crate::harness::sandbox_read_if_hidden(&real_servers());
        free.extend(shown.iter().map(String::as_str));
        let (out, boxed) = crawl_json(&home, &free);
        assert_eq!(out.code, 0, "{name}: {}\n{}", out.stdout, out.stderr);
        let (p, b) = (server(&plain, name), server(&boxed, name));
        assert_eq!(b["error"], Value::Null, "{b}");
        assert_eq!(
            p["snapshot"]["tools"], b["snapshot"]["tools"],
            "{name} lists other tools in the sandbox"
        );
        assert_eq!(p["server_name"], b["server_name"]);
        report_time(&format!("{name} (sandboxed)"), b);
    }
}

/// Registry packages run in the sandbox by default: the install step (network, writable cache
/// entry) fetches them, then they run without network. This downloads from npm and PyPI, so it
/// runs in CI (`MCPRISK_CI=1`) or when `MCPRISK_NETWORK_TESTS=1`.
#[test]
fn real_registry_packages_install_then_run_sandboxed_by_default() {
    let wanted = ["MCPRISK_CI", "MCPRISK_NETWORK_TESTS"]
        .iter()
        .any(|v| std::env::var(v).as_deref() == Ok("1"));
    if !wanted {
        eprintln!("skipping: downloads from npm and PyPI (set MCPRISK_NETWORK_TESTS=1 to run)");
        return;
    }
    if !crate::sandbox::bwrap_or_skip() || !node() {
        return;
    }
    use super::fixture_http::{Mode, start};
    use serde_json::json;
    let entry = |name: &str, pkg: Value| {
        json!({"server": {"name": name, "version": "1", "packages": [pkg]},
               "_meta": {"io.modelcontextprotocol.registry/official": {"status": "active", "isLatest": true}}})
    };
    let registry = start(Mode::Registry {
        pages: vec![vec![
            entry(
                "io.github.modelcontextprotocol/everything",
                json!({"registryType": "npm", "identifier": "@modelcontextprotocol/server-everything",
                       "version": "2026.8.31", "transport": {"type": "stdio"},
                       "packageArguments": [{"type": "positional", "value": "stdio"}]}),
            ),
            entry(
                "io.github.modelcontextprotocol/time",
                json!({"registryType": "pypi", "identifier": "mcp-server-time",
                       "version": "2026.10.19", "transport": {"type": "stdio"}}),
            ),
        ]],
    });
    let cache = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let home = Home::new();
    for round in ["first (installs)", "second (cached)"] {
        let started = Instant::now();
        let mut cmd = home.cmd();
        cmd.env("MCPRISK_PACKAGE_CACHE", cache.path()).args([
            "crawl",
            "--json",
            "--registry",
            &registry.url(""),
            "--allow-exec",
            "--timeout",
            "300s",
        ]);
        let out = crate::harness::run(&mut cmd);
        assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
        let report: Value = serde_json::from_str(&out.stdout).unwrap();
        let names = tool_names(server(&report, "io.github.modelcontextprotocol/everything"));
        for t in EVERYTHING_TOOLS {
            assert!(names.iter().any(|n| n == t), "lacks {t}: {names:?}");
        }
        let mut names = tool_names(server(&report, "io.github.modelcontextprotocol/time"));
        names.sort();
        assert_eq!(names, ["convert_time", "get_current_time"]);
        eprintln!(
            "registry packages, {round}: {} ms",
            started.elapsed().as_millis()
        );
    }
    for eco in ["npm", "pypi"] {
        let entries = std::fs::read_dir(cache.path().join(eco)).unwrap().count();
        assert!(entries > 0, "nothing installed under {eco}");
    }
}
