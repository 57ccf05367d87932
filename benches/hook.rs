//! Hook benchmark: the wall-clock time of a whole `mcprisk hook claude-code` process, as Claude
//! Code runs it before every MCP call: start, read the call on stdin, open the catalog, decide,
//! answer. The catalog is the bundled manifests (data/manifests), indexed into a temporary home
//! first. The target is a median of at most 20 ms.
//!
//! `cargo bench --bench hook` (set `MCPRISK_BENCH_HOOK_RUNS` for more or fewer runs than 200).
//! Prints wall-clock figures and the CPU time each process used; the 20 ms target is read, not
//! asserted, since a shared machine's load moves the wall clock.

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
    let run = |input: &str| -> (Duration, Duration, String) {
        let cpu_before = children_cpu();
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
            children_cpu().saturating_sub(cpu_before),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    // Warm the page cache and check the answers before timing.
    for (want, input) in calls {
        let (_, _, out) = run(input);
        assert!(
            out.contains(&format!("\"permissionDecision\":\"{want}\"")),
            "expected {want}: {out}"
        );
    }
    let (mut wall, mut cpu): (Vec<Duration>, Vec<Duration>) = (0..runs)
        .map(|i| {
            let (w, c, _) = run(calls[i % calls.len()].1);
            (w, c)
        })
        .unzip();
    wall.sort();
    cpu.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct = |v: &[Duration], p: f64| ms(v[((v.len() - 1) as f64 * p).round() as usize]);
    println!(
        "hook claude-code, whole process, {runs} runs on the bundled catalog: wall median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, min {:.2} ms (target: median <= 20 ms); CPU (user+sys) median {:.2} ms, p90 {:.2} ms",
        pct(&wall, 0.5),
        pct(&wall, 0.9),
        pct(&wall, 0.99),
        ms(wall[0]),
        pct(&cpu, 0.5),
        pct(&cpu, 0.9),
    );
}

/// CPU time (user + system) used so far by this process's waited-for children. On a machine
/// shared with other work the wall-clock figure counts time the hook waited for a core; this
/// one does not.
fn children_cpu() -> Duration {
    // SAFETY: an all-zero rusage is a valid value for getrusage to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage; RUSAGE_CHILDREN is always supported.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}
