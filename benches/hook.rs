//! Hook benchmark: the wall-clock time of a whole `mcprisk hook claude-code` process, as Claude
//! Code runs it before every MCP call: start, read the call on stdin, open the catalog, decide,
//! answer. The catalog is the bundled manifests (data/manifests), indexed into a temporary home
//! first. The target is a median of at most 20 ms.
//!
//! `cargo bench --bench hook` (set `MCPRISK_BENCH_HOOK_RUNS` for more or fewer runs than 200).
//! Prints figures; the 20 ms target is checked by eye, not asserted, since a shared machine's
//! load moves the tail.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let bin = env!("CARGO_BIN_EXE_mcprisk");
    let home = tempfile::tempdir().expect("temp dir");
    let manifests = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manifests");
    let status = Command::new(bin)
        .env("MCPRISK_HOME", home.path())
        .env_remove("MCPRISK_RULES")
        .arg("index")
        .arg(&manifests)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run mcprisk index");
    assert!(status.success(), "indexing the bundled manifests failed");
    let runs: usize = std::env::var("MCPRISK_BENCH_HOOK_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);

    // Three calls with different answers, taken in turn: an allowed read inside the root, a
    // denied read outside it, and a tool the catalog does not know.
    let calls = [
        (
            "allow",
            r#"{"hook_event_name":"PreToolUse","tool_name":"mcp__filesystem__read_file","tool_input":{"path":"/srv/data/notes.txt"}}"#,
        ),
        (
            "deny",
            r#"{"hook_event_name":"PreToolUse","tool_name":"mcp__filesystem__read_file","tool_input":{"path":"/etc/shadow"}}"#,
        ),
        (
            "deny",
            r#"{"hook_event_name":"PreToolUse","tool_name":"mcp__nowhere__anything","tool_input":{}}"#,
        ),
    ];
    let run = |input: &str| -> (Duration, String) {
        let start = Instant::now();
        let mut child = Command::new(bin)
            .env("MCPRISK_HOME", home.path())
            .env_remove("MCPRISK_RULES")
            .args(["hook", "claude-code", "--allow-path", "/srv/data"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the hook");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().expect("hook output");
        (
            start.elapsed(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    // Warm the page cache and check the answers before timing.
    for (want, input) in calls {
        let (_, out) = run(input);
        assert!(
            out.contains(&format!("\"permissionDecision\":\"{want}\"")),
            "expected {want}: {out}"
        );
    }
    let mut times: Vec<Duration> = (0..runs).map(|i| run(calls[i % calls.len()].1).0).collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct = |p: f64| ms(times[((times.len() - 1) as f64 * p).round() as usize]);
    println!(
        "hook claude-code, whole process, {runs} runs on the bundled catalog: median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, min {:.2} ms (target: median <= 20 ms)",
        pct(0.5),
        pct(0.9),
        pct(0.99),
        ms(times[0])
    );
}
