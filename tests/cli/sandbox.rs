//! `--sandbox`: stdio servers under bubblewrap. A probe server that behaves like a malicious
//! package at start-up (reads a key under the user's home, writes outside its scratch space,
//! connects to a loopback listener) is denied all three in the sandbox while its tools are
//! still listed, and does all three without it, so the test can fail.
//!
//! Tests that need bubblewrap skip with a message when it is missing, and fail when
//! `MCPRISK_CI=1` (CI installs it with `.ci/install-sandbox.sh`).

use crate::harness::{Home, Output, fixture_str, run};
use serde_json::Value;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

/// Whether bubblewrap works here; panics in CI, where it must.
pub fn bwrap_or_skip() -> bool {
    let ok = Command::new("bwrap")
        .args(["--unshare-all", "--ro-bind", "/", "/", "--", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("MCPRISK_CI").as_deref() != Ok("1"),
            "bubblewrap (bwrap) is required when MCPRISK_CI=1: .ci/install-sandbox.sh installs Debian's `bubblewrap`"
        );
        eprintln!("skipping: bubblewrap (bwrap) is not installed or cannot create namespaces here");
    }
    ok
}

/// The probe's world: a home with a key in it and a directory outside any scratch space, both
/// under the build's temp directory rather than /tmp (which the sandbox hides anyway, and the
/// test must show that the *home* is hidden).
struct World {
    _root: tempfile::TempDir,
    home: PathBuf,
    key: PathBuf,
    outside: PathBuf,
    secret: String,
}

fn world() -> World {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let home = root.path().join("home");
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    let secret = format!("PRIVATE-KEY-{}", std::process::id());
    let key = home.join(".ssh/id_ed25519");
    std::fs::write(&key, &secret).unwrap();
    let outside = root.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    World {
        home,
        key,
        outside,
        secret,
        _root: root,
    }
}

/// The fixture servers shown to a sandboxed crawl when the checkout is hidden from it.
fn fixtures_if_hidden(extra: &[&str]) -> Vec<String> {
    if extra.contains(&"--sandbox") {
        crate::harness::sandbox_read_if_hidden(&crate::harness::root().join("tests/fixtures"))
    } else {
        Vec::new()
    }
}

/// Crawls the probe server with `extra` flags and HOME set to the world's home. Returns the
/// run, the probe's report and whether the listener was connected to.
fn crawl_probe(w: &World, extra: &[&str]) -> (Output, Value, bool) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let line = format!(
        "python3 {} --key {} --write {} --connect {port}",
        fixture_str("servers/probe_server.py"),
        w.key.display(),
        w.outside.join("pwned.txt").display(),
    );
    let h = Home::new();
    let mut cmd = h.cmd();
    cmd.env("HOME", &w.home)
        .args(["crawl", "--json", "--stdio", &line, "--name", "probe"])
        .args(extra)
        .args(fixtures_if_hidden(extra));
    let out = run(&mut cmd);
    let report: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", out.stdout, out.stderr));
    // A connection the kernel completed waits in the backlog until accepted: the crawl is over,
    // so whatever connected is there now.
    listener.set_nonblocking(true).unwrap();
    let connected = listener.accept().is_ok();
    (out, report, connected)
}

fn probe(report: &Value) -> (&Value, Vec<String>, String) {
    let s = &report["servers"][0];
    let tools = s["snapshot"]["tools"].as_array().expect("a listing");
    let names = tools
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    let said = tools.iter().find(|t| t["name"] == "probe_report").unwrap()["description"]
        .as_str()
        .unwrap()
        .to_string();
    (s, names, said)
}

#[test]
fn sandbox_denies_home_writes_and_network_but_the_tools_are_listed() {
    if !bwrap_or_skip() || !crate::harness::python3("the probe server") {
        return;
    }
    let w = world();
    let (out, report, connected) = crawl_probe(&w, &["--sandbox"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let (s, names, said) = probe(&report);
    assert_eq!(s["error"], Value::Null, "{s}");
    assert_eq!(names, ["probe_report", "list_things"]);
    assert!(
        said.contains("read-denied:")
            && said.contains("write-denied:")
            && said.contains("connect-denied:"),
        "{said}"
    );
    assert!(
        said.contains("scratch:ok"),
        "the private home and /tmp are writable: {said}"
    );
    assert!(
        !w.outside.join("pwned.txt").exists(),
        "the server wrote outside its scratch space"
    );
    assert!(!connected, "the server reached the host's loopback");
    for text in [&out.stdout, &out.stderr] {
        assert!(
            !text.contains(&w.secret),
            "the key reached the output:\n{text}"
        );
    }
    assert!(
        !w.home.join("scratch.txt").exists(),
        "the private home is not the user's home"
    );
}

#[test]
fn without_the_sandbox_the_probe_does_all_three() {
    if !crate::harness::python3("the probe server") {
        return;
    }
    let w = world();
    // A server from the command line is not sandboxed unless asked: this is what --sandbox
    // prevents, and what makes the test above able to fail.
    let (out, report, connected) = crawl_probe(&w, &[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let (_, names, said) = probe(&report);
    assert_eq!(names, ["probe_report", "list_things"]);
    assert!(said.contains(&format!("read:{}", w.secret)), "{said}");
    assert!(
        said.contains("write:ok") && said.contains("connect:ok"),
        "{said}"
    );
    assert!(w.outside.join("pwned.txt").exists());
    assert!(connected);
    let (_, _, said) = probe(&crawl_probe(&w, &["--no-sandbox"]).1);
    assert!(
        said.contains("write:ok"),
        "--no-sandbox runs unconfined: {said}"
    );
}

#[test]
fn sandbox_allow_and_net_open_what_they_name() {
    if !bwrap_or_skip() || !crate::harness::python3("the probe server") {
        return;
    }
    let w = world();
    let outside = w.outside.display().to_string();
    let (out, report, connected) = crawl_probe(
        &w,
        &["--sandbox", "--sandbox-allow", &outside, "--sandbox-net"],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let (_, _, said) = probe(&report);
    assert!(
        said.contains("write:ok") && said.contains("connect:ok"),
        "{said}"
    );
    assert!(
        said.contains("read-denied:"),
        "the home stays hidden: {said}"
    );
    assert!(w.outside.join("pwned.txt").exists());
    assert!(connected);
}

#[cfg(target_os = "linux")]
#[test]
fn a_missing_bwrap_stops_the_crawl_with_how_to_install_it() {
    let h = Home::new();
    let empty = tempfile::tempdir().unwrap();
    let mut cmd = h.cmd();
    cmd.env("PATH", empty.path())
        .args(["crawl", "--sandbox", "--stdio", "python3 server.py"]);
    let out = run(&mut cmd).expect(2);
    assert!(
        out.stderr
            .contains("bubblewrap (`bwrap`), which is not on PATH")
            && out.stderr.contains("apt-get install bubblewrap")
            && out.stderr.contains("--no-sandbox"),
        "{}",
        out.stderr
    );
    // Without --sandbox, a server from the command line needs no sandbox.
    let mut cmd = h.cmd();
    cmd.env("PATH", empty.path())
        .args(["crawl", "--stdio", "no-such-server-command"]);
    let out = run(&mut cmd).expect(1);
    assert!(
        out.stdout.contains("could not start") || out.stderr.contains("not found"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
}

/// Whether a process has exited and waits for its parent to reap it.
fn zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z'))
    })
}

/// Processes whose command line holds `token` (bubblewrap's own included: the server's command
/// line is in its arguments).
fn with_token(token: &str) -> Vec<u32> {
    with_token_where(token, |_| true)
}

/// The detached descendant itself (`python3 -c … TOKEN`), which exists only once the sandbox is
/// set up and the server started.
fn descendant(token: &str) -> Vec<u32> {
    with_token_where(token, |args| args.iter().any(|a| a == b"-c"))
}

fn with_token_where(token: &str, keep: impl Fn(&[&[u8]]) -> bool) -> Vec<u32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            continue;
        };
        let args: Vec<&[u8]> = cmdline.split(|&b| b == 0).collect();
        if !zombie(pid) && args.contains(&token.as_bytes()) && keep(&args) {
            out.push(pid);
        }
    }
    out
}

/// Starts a crawl of a server that leaves a detached descendant (its own session) behind and
/// never answers, kills mcprisk itself with SIGKILL (so none of its clean-up runs) once the
/// descendant exists, and returns the descendants still alive a moment later.
fn survivors_of_a_killed_crawl(extra: &[&str]) -> Vec<u32> {
    let token = format!("mcprisk-linger-{}-{}", std::process::id(), extra.len());
    let line = format!(
        "python3 {} --linger {token}",
        fixture_str("servers/probe_server.py")
    );
    let h = Home::new();
    let mut cmd = h.cmd();
    cmd.args(["crawl", "--stdio", &line, "--timeout", "60s"])
        .args(extra)
        .args(fixtures_if_hidden(extra))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let mut crawl = cmd.spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while descendant(&token).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the descendant never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    crawl.kill().unwrap();
    crawl.wait().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let left = with_token(&token);
        if left.is_empty() || std::time::Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn the_sandboxed_tree_dies_with_the_crawler_even_when_it_is_killed() {
    if !bwrap_or_skip() || !crate::harness::python3("the probe server") {
        return;
    }
    let left = survivors_of_a_killed_crawl(&["--sandbox"]);
    assert!(left.is_empty(), "survived in the sandbox: {left:?}");
    // Without the sandbox a SIGKILLed crawler leaves the detached descendant behind: the
    // difference is the sandbox's PID namespace.
    let left = survivors_of_a_killed_crawl(&[]);
    assert!(
        !left.is_empty(),
        "expected an unconfined descendant to outlive the crawler"
    );
    for pid in left {
        // SAFETY: kill(2) on a process this test started (through the probe server).
        unsafe {
            libc::kill(pid as i32, libc::SIGKILL);
        }
    }
}

/// Every command that crawls takes the sandbox flags: `scan` and `lock` read servers through
/// the same crawl.
#[test]
fn scan_and_lock_run_servers_in_the_sandbox_too() {
    if !bwrap_or_skip() || !crate::harness::python3("the probe server") {
        return;
    }
    let w = world();
    let target = w.outside.join("pwned.txt");
    let line = format!(
        "python3 {} --key {} --write {}",
        fixture_str("servers/probe_server.py"),
        w.key.display(),
        target.display(),
    );
    let h = Home::new();
    let lockfile = h.path().join("mcprisk.lock").display().to_string();
    for args in [
        vec!["scan", "--sandbox", "--stdio", &line, "--name", "probe"],
        vec![
            "lock",
            "--sandbox",
            "--stdio",
            &line,
            "--name",
            "probe",
            "--out",
            &lockfile,
        ],
    ] {
        let mut cmd = h.cmd();
        cmd.env("HOME", &w.home)
            .args(&args)
            .args(fixtures_if_hidden(&args));
        let out = run(&mut cmd);
        assert_ne!(out.code, 2, "{args:?}: {}\n{}", out.stdout, out.stderr);
        assert!(
            !target.exists(),
            "{args:?}: the server wrote outside its scratch space"
        );
        assert!(!out.stdout.contains(&w.secret) && !out.stderr.contains(&w.secret));
    }
    let lock = std::fs::read_to_string(&lockfile).unwrap();
    assert!(
        lock.contains("list_things") && !lock.contains(&w.secret),
        "{lock}"
    );
    assert!(
        lock.contains("read-denied") || !lock.contains("read:"),
        "{lock}"
    );
}

/// A server whose script lies under the home, which the sandbox hides, fails with an error that
/// names the script and the exact flag that shows it; with that flag it is listed. (Without the
/// check, the error is only Python's own "can't open file".)
#[test]
fn a_server_under_a_hidden_directory_fails_naming_the_flag_that_shows_it() {
    if !bwrap_or_skip() || !crate::harness::python3("the fixture server") {
        return;
    }
    let w = world();
    let srv = w.home.join("srv");
    std::fs::create_dir_all(&srv).unwrap();
    let script = srv.join("server.py");
    std::fs::copy(crate::harness::fixture("servers/stdio_server.py"), &script).unwrap();
    let line = format!("python3 {} basic", script.display());
    let h = Home::new();
    let crawl = |extra: &[&str]| {
        let mut cmd = h.cmd();
        cmd.env("HOME", &w.home)
            .args([
                "crawl",
                "--sandbox",
                "--stdio",
                &line,
                "--name",
                "homebound",
            ])
            .args(extra);
        run(&mut cmd)
    };
    let hint = format!(
        "the sandbox hides {}, which the server's command line names: to let the server read it, add `--sandbox-read {}`",
        script.display(),
        srv.display()
    );
    // The summary prints it whole, where the error's detail is cut to fit the table.
    let out = crawl(&[]).expect(1);
    let line = format!("hint: server homebound: {hint}\n");
    assert!(out.stdout.contains(&line), "{}\n{}", out.stdout, out.stderr);
    let out = crawl(&["--json"]).expect(1);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let s = &report["servers"][0];
    let message = s["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("the server exited") && message.ends_with(&format!("; {hint}")),
        "{s}"
    );
    assert_eq!(s["hint"], hint.as_str(), "{s}");
    let srv_flag = srv.display().to_string();
    let out = crawl(&["--sandbox-read", &srv_flag]).expect(0);
    assert!(
        out.stdout.contains("homebound") && !out.stdout.contains("sandbox hides"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    // A server that lists its tools is not told anything, whatever its command line names.
    let key = w.key.display().to_string();
    let line = format!("python3 {} basic {key}", script.display());
    let mut cmd = h.cmd();
    cmd.env("HOME", &w.home).args([
        "crawl",
        "--sandbox",
        "--stdio",
        &line,
        "--sandbox-read",
        &srv_flag,
    ]);
    let out = run(&mut cmd).expect(0);
    assert!(!out.stdout.contains("sandbox hides"), "{}", out.stdout);
}
