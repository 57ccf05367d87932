//! Hostile servers and bad input: every failure is a named error, and nothing else is lost.
//!
//! One table, one behaviour per row: a stdio server (`tests/fixtures/servers/hostile_server.py`)
//! or an HTTP one (`crawl/hostile_http.rs`), and what mcprisk must make of it — an error of a
//! given kind whose message says what happened, or a success with a given number of tools in
//! the catalog. All of them are indexed in ONE `mcprisk index` run (with two well-behaved
//! controls), after a first run that indexed a good server under every name. Then, for every
//! row: the crawl ended within its timeout; a failure left the server's last good snapshot in
//! the catalog; a success stored what it should; no process any server started is still alive;
//! the run's peak memory stayed bounded; and nothing on the terminal carries an escape sequence
//! or a bidirectional control from the servers.

use crate::crawl::fixture_http::{Fixture, Mode, start};
use crate::harness::{Home, Output, process_gone, root};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// What a behaviour must lead to.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// The crawl fails with this error kind, and its message contains this text.
    Fail(&'static str, &'static str),
    /// The crawl succeeds and the catalog then holds this many tools of the server; `truncated`
    /// says whether the listing was cut by a limit.
    Ok { tools: usize, truncated: bool },
}

use Expect::{Fail, Ok as Good};

const fn ok(tools: usize) -> Expect {
    Good {
        tools,
        truncated: false,
    }
}

const fn cut(tools: usize) -> Expect {
    Good {
        tools,
        truncated: true,
    }
}

#[derive(Debug, Clone, Copy)]
enum Transport {
    Stdio,
    Http,
}

use Transport::{Http, Stdio as StdioT};

/// The tools every server had before it turned hostile (the fixture's `good` behaviour).
const GOOD_TOOLS: [&str; 3] = ["list_dir", "read_file", "write_file"];

/// Behaviour → expected outcome. Failing servers must keep GOOD_TOOLS; for successes the count
/// includes tools a truncated listing could not remove (3 from the first run).
const CASES: &[(Transport, &str, Expect)] = &[
    // --- stdio ---
    (
        StdioT,
        "not_json",
        Fail(
            "timeout",
            "not JSON-RPC, the last: \"[31mstill not JSON[0m, sorry\"",
        ),
    ),
    (StdioT, "split_json", ok(3)),
    (
        StdioT,
        "huge_line",
        Fail("too_large", "a stdout line exceeds 16777216 bytes"),
    ),
    (StdioT, "huge_description", ok(2)),
    (StdioT, "many_tools", cut(5003)),
    (
        StdioT,
        "deep_schema",
        Fail("too_large", "nested more than 128 levels deep"),
    ),
    (StdioT, "deep_schema_moderate", ok(1)),
    (StdioT, "invalid_utf8", ok(2)),
    (
        StdioT,
        "nul_raw",
        Fail("protocol", "not valid JSON (control character"),
    ),
    (StdioT, "nul_escaped", ok(2)),
    (StdioT, "ansi_bidi", ok(3)),
    (StdioT, "duplicate_names", ok(2)),
    (StdioT, "invalid_tools", ok(0)),
    (
        StdioT,
        "tools_not_array",
        Fail("protocol", "no `tools` array (`tools` is an object)"),
    ),
    (
        StdioT,
        "tools_missing",
        Fail("protocol", "no `tools` array (`tools` is missing)"),
    ),
    (
        StdioT,
        "init_error",
        Fail("protocol", "`initialize` failed: JSON-RPC error -32603"),
    ),
    (
        StdioT,
        "version_unsupported",
        Fail(
            "protocol",
            "JSON-RPC error -32602: Unsupported protocol version",
        ),
    ),
    (
        StdioT,
        "result_not_object",
        Fail("protocol", "`initialize` returned a string, not an object"),
    ),
    (
        StdioT,
        "null_result",
        Fail("protocol", "`initialize` returned null, not an object"),
    ),
    (
        StdioT,
        "list_error",
        Fail("protocol", "tools/list failed: JSON-RPC error -32603"),
    ),
    (
        StdioT,
        "wrong_id",
        Fail(
            "protocol",
            "answered request id 1002, which mcprisk never sent",
        ),
    ),
    (
        StdioT,
        "early_response",
        Fail(
            "protocol",
            "answered request id 2, which mcprisk never sent",
        ),
    ),
    (StdioT, "string_ids", ok(3)),
    (
        StdioT,
        "silent",
        Fail(
            "timeout",
            "stopped while waiting for the answer to initialize",
        ),
    ),
    (
        StdioT,
        "hang_list",
        Fail(
            "timeout",
            "stopped while waiting for the answer to tools/list",
        ),
    ),
    (
        StdioT,
        "slow_drip",
        Fail("timeout", "waiting for the answer to tools/list"),
    ),
    (StdioT, "endless_pages", cut(103)),
    (StdioT, "repeated_cursor", cut(5)),
    (
        StdioT,
        "crash_mid",
        Fail(
            "exited",
            "exited with status 1 in the middle of its answer to `tools/list`",
        ),
    ),
    (StdioT, "exit_now", Fail("exited", "exited with status 0")),
    (
        StdioT,
        "close_stdout",
        Fail("exited", "closed its stdout before answering `tools/list`"),
    ),
    (StdioT, "stderr_flood", ok(3)),
    (StdioT, "fork_group", ok(3)),
    (StdioT, "fork_setsid", ok(3)),
    (StdioT, "daemonize", ok(3)),
    (StdioT, "bad_version", ok(3)),
    (StdioT, "version_not_string", ok(3)),
    (StdioT, "batch", ok(3)),
    (StdioT, "notification_flood", ok(3)),
    (StdioT, "server_requests", ok(3)),
    (StdioT, "bom", ok(3)),
    (StdioT, "early_noise", ok(3)),
    // --- HTTP ---
    (
        Http,
        "http_500",
        Fail("http_status", "returned HTTP 500 Internal Server Error"),
    ),
    (Http, "http_401", Fail("auth_required", "HTTP 401")),
    (
        Http,
        "http_404",
        Fail(
            "http_status",
            "legacy SSE fallback: GET (legacy SSE stream) returned HTTP 404",
        ),
    ),
    (
        Http,
        "redirect_loop",
        Fail("http_status", "more than 5 redirects"),
    ),
    (
        Http,
        "redirect_other_origin",
        Fail("http_status", "redirect to another origin"),
    ),
    (
        Http,
        "slow_drip",
        Fail("timeout", "waiting for the answer to initialize"),
    ),
    (
        Http,
        "sse_silent",
        Fail("timeout", "waiting for the answer to initialize"),
    ),
    (
        Http,
        "sse_no_response",
        Fail(
            "protocol",
            "the SSE reply to `initialize` ended without a response",
        ),
    ),
    (
        Http,
        "sse_deep",
        Fail("too_large", "nested more than 128 levels deep"),
    ),
    (
        Http,
        "gzip_bomb",
        Fail("too_large", "the HTTP response exceeds 16777216 bytes"),
    ),
    (
        Http,
        "html",
        Fail("not_mcp", "`text/html` that is not JSON"),
    ),
    (Http, "text_plain_json", ok(3)),
    (
        Http,
        "binary",
        Fail("not_mcp", "`image/png` that is not JSON"),
    ),
    (
        Http,
        "empty_body",
        Fail("protocol", "empty body instead of a response"),
    ),
    (
        Http,
        "huge_body",
        Fail("too_large", "the HTTP response exceeds 16777216 bytes"),
    ),
    (
        Http,
        "wrong_id",
        Fail(
            "protocol",
            "holds no response to our request (it answers id 1002",
        ),
    ),
    (Http, "bad_version", ok(3)),
    (
        Http,
        "never_answers",
        Fail("timeout", "waiting for the answer to initialize"),
    ),
    (
        Http,
        "truncated_body",
        Fail("transport", "the response body could not be read"),
    ),
    (Http, "endless_pages", cut(103)),
    (
        Http,
        "sse_endpoint_elsewhere",
        Fail("http_status", "points to another origin"),
    ),
    (Http, "reset", Fail("transport", "the request failed")),
];

const TIMEOUT_SECS: u64 = 8;

fn script() -> String {
    root()
        .join("tests/fixtures/servers/hostile_server.py")
        .display()
        .to_string()
}

fn case_name(t: Transport, b: &str) -> String {
    match t {
        StdioT => format!("stdio-{b}"),
        Http => format!("http-{b}"),
    }
}

/// Runs the binary, and returns its output with its peak resident memory in KiB (from
/// `wait4`, so it is the process's own high-water mark, children excluded).
fn run_measured(cmd: &mut Command, dir: &Path) -> (Output, u64) {
    let out_path = dir.join("stdout");
    let err_path = dir.join("stderr");
    #[allow(clippy::zombie_processes)] // reaped by wait4 below
    let child = cmd
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("run mcprisk");
    let mut status = 0;
    // SAFETY: wait4 writes into the status and rusage we own; the pid is our unreaped child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(rc, child.id() as i32);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    (
        Output {
            stdout: read(&out_path),
            stderr: read(&err_path),
            code,
        },
        usage.ru_maxrss as u64,
    )
}

/// The last crawl of each server, from the catalog's crawl log.
fn last_crawls(db: &Path) -> BTreeMap<String, Value> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT server, report FROM crawls ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap();
    rows.map(|r| {
        let (s, rep) = r.unwrap();
        (s, serde_json::from_str(&rep).unwrap())
    })
    .collect()
}

/// A server's tool names in the catalog, sorted; `None` when the server is not there.
pub fn stored_tools(db: &Path, server: &str) -> Option<Vec<String>> {
    let conn = Connection::open(db).unwrap();
    let id: i64 = conn
        .query_row("SELECT id FROM servers WHERE name = ?1", [server], |r| {
            r.get(0)
        })
        .optional()
        .unwrap()?;
    let mut stmt = conn
        .prepare("SELECT name FROM tools WHERE server_id = ?1 ORDER BY name")
        .unwrap();
    let names = stmt
        .query_map([id], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    Some(names)
}

/// Characters that must never reach a terminal from a server: ESC (ANSI sequences), other C0
/// and C1 controls, bidirectional controls, zero-width characters.
pub fn assert_terminal_clean(what: &str, text: &str) {
    for (i, c) in text.char_indices() {
        let bad = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{e0000}'..='\u{e007f}');
        assert!(
            !bad,
            "{what}: unsafe character U+{:04X} at byte {i}: {:?}",
            c as u32,
            &text[i.saturating_sub(80)..(i + 40).min(text.len())]
        );
    }
}

#[test]
fn hostile_servers_fail_with_named_errors_and_lose_nothing_else() {
    if !crate::harness::python3("the hostile fixture servers") {
        return;
    }
    for kind in crate::crawl::hostile_http::KINDS {
        assert!(
            CASES.iter().any(|(t, b, _)| matches!(t, Http) && b == kind),
            "HTTP behaviour {kind} has no row"
        );
    }
    let home = Home::new();
    let piddir = home.scratch.path().join("pids");
    std::fs::create_dir_all(&piddir).unwrap();
    let piddir_s = piddir.display().to_string();
    let script = script();
    let stdio_cmd = |b: &str| format!("python3 {script} {b} {piddir_s}");
    // One HTTP fixture per HTTP row; the first run reaches a good one under the same name.
    let good_http = start(Mode::Hostile("good"));
    let fixtures: BTreeMap<&str, Fixture> = CASES
        .iter()
        .filter(|(t, _, _)| matches!(t, Http))
        .map(|(_, b, _)| (*b, start(Mode::Hostile(b))))
        .collect();

    // Run 1: every name is a good server with GOOD_TOOLS.
    let mut first: Vec<String> = vec!["index".into(), "--jobs".into(), "16".into()];
    for (t, b, _) in CASES {
        match t {
            StdioT => first.extend(["--stdio".into(), format!("python3 {script} good")]),
            Http => first.extend(["--url".into(), good_http.url("/mcp")]),
        }
        first.extend(["--name".into(), case_name(*t, b)]);
    }
    let args: Vec<&str> = first.iter().map(String::as_str).collect();
    let out = home.run(&args);
    assert_eq!(out.code, 0, "first run\n{}\n{}", out.stdout, out.stderr);
    let db = home.path().join("catalog.db");
    for (t, b, _) in CASES {
        assert_eq!(
            stored_tools(&db, &case_name(*t, b)).unwrap(),
            GOOD_TOOLS,
            "{b} after the first run"
        );
    }

    // Run 2: every behaviour at once, with two good controls.
    let mut second: Vec<String> = vec![
        "index".into(),
        "--jobs".into(),
        "24".into(),
        "--timeout".into(),
        format!("{TIMEOUT_SECS}s"),
    ];
    for (t, b, _) in CASES {
        match t {
            StdioT => second.extend(["--stdio".into(), stdio_cmd(b)]),
            Http => second.extend(["--url".into(), fixtures[b].url("/mcp")]),
        }
        second.extend(["--name".into(), case_name(*t, b)]);
    }
    let control_http = start(Mode::Hostile("good"));
    let bomb = crate::crawl::hostile_http::gzip_bomb().len();
    assert!(bomb < 1 << 20, "the bomb is small: {bomb} bytes");
    second.extend([
        "--stdio".into(),
        stdio_cmd("good"),
        "--name".into(),
        "control-stdio".into(),
        "--url".into(),
        control_http.url("/mcp"),
        "--name".into(),
        "control-http".into(),
    ]);
    let mut cmd = home.cmd();
    cmd.args(&second);
    let started = std::time::Instant::now();
    let (out, peak_kib) = run_measured(&mut cmd, home.scratch.path());
    let wall = started.elapsed();
    eprintln!(
        "hostile run: {} servers in {:.1}s, peak RSS {} MiB",
        CASES.len() + 2,
        wall.as_secs_f64(),
        peak_kib / 1024
    );
    assert_eq!(out.code, 1, "failures make the exit code 1\n{}", out.stderr);

    let crawls = last_crawls(&db);
    let mut problems = Vec::new();
    for (t, b, expect) in CASES {
        let name = case_name(*t, b);
        let report = &crawls[&name];
        let ms = report["timings"]["total_ms"].as_u64().unwrap();
        if ms > (TIMEOUT_SECS + 3) * 1000 {
            problems.push(format!("{name}: took {ms} ms"));
        }
        let tools = stored_tools(&db, &name).unwrap();
        match *expect {
            Fail(kind, text) => {
                let err = &report["error"];
                let msg = err["message"].as_str().unwrap_or_default();
                if err["kind"] != kind || !msg.contains(text) {
                    problems.push(format!(
                        "{name}: expected {kind} with {text:?}, got {} {msg:?}",
                        err["kind"]
                    ));
                }
                if tools != GOOD_TOOLS {
                    problems.push(format!(
                        "{name}: the last good snapshot was lost: {tools:?}"
                    ));
                }
            }
            Good {
                tools: n,
                truncated,
            } => {
                if !report["error"].is_null() {
                    problems.push(format!("{name}: expected success, got {}", report["error"]));
                }
                if tools.len() != n {
                    problems.push(format!(
                        "{name}: {} tools stored, expected {n}",
                        tools.len()
                    ));
                }
                if report["truncated"] != truncated {
                    problems.push(format!("{name}: truncated = {}", report["truncated"]));
                }
            }
        }
    }
    for control in ["control-stdio", "control-http"] {
        assert!(
            crawls[control]["error"].is_null(),
            "{control}: {}",
            crawls[control]
        );
        assert_eq!(stored_tools(&db, control).unwrap(), GOOD_TOOLS);
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );

    // Limits that cut a listing say which limit, and how to change it.
    let warns = |name: &str| crawls[name]["warnings"].to_string();
    assert!(warns("stdio-many_tools").contains("kept the first 5000 tools"));
    assert!(warns("stdio-endless_pages").contains("stopped after 100 pages"));
    assert!(warns("stdio-bad_version").contains("1999-99-99"));
    assert!(
        out.stderr.contains("--max-text-bytes 1048576")
            && out.stderr.contains("--max-schema-depth 64"),
        "skipped tools name the limit:\n{}",
        out.stderr
    );
    // Nothing a server sent reaches the terminal raw.
    assert_terminal_clean("stdout", &out.stdout);
    assert_terminal_clean("stderr", &out.stderr);

    untrusted_text_is_clean_on_terminals_and_exact_in_storage(&home, &db, &fixtures);

    // No process any server started is still alive (daemons that left the process group
    // included).
    let mut pids = 0;
    for entry in std::fs::read_dir(&piddir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let pid: u32 = name.rsplit('.').next().unwrap().parse().unwrap();
        assert!(process_gone(pid), "{name} outlived the crawl");
        pids += 1;
    }
    assert!(pids >= 45, "every stdio server recorded its pid ({pids})");
    // A 100 MiB line, a 10 MiB description, 100,000 tools, a 256 MiB gzip bomb and a 100 MiB
    // body in one run: memory stays far below what reading any of them whole would take.
    assert!(peak_kib < 700 * 1024, "peak RSS {} MiB", peak_kib / 1024);
}

/// The ansi_bidi server's tool names, exactly as it sent them.
const ANSI_NAMES: [&str; 3] = [
    "\u{1b}[31mred\u{1b}[0m_tool",
    "safe\u{202e}noitpircsed",
    "tag\u{e0041}chars",
];

/// Third-party text with escapes and bidi controls: stripped on every terminal path (show,
/// search, crawl's table, classify, error messages quoting server output), kept byte for byte in
/// the catalog, and escaped (not stripped) in JSON output.
fn untrusted_text_is_clean_on_terminals_and_exact_in_storage(
    home: &Home,
    db: &Path,
    fixtures: &BTreeMap<&str, Fixture>,
) {
    let server = "stdio-ansi_bidi";
    // Stored byte for byte.
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT t.name, t.raw FROM tools t JOIN servers s ON s.id = t.server_id WHERE s.name = ?1 ORDER BY t.id")
        .unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([server], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ANSI_NAMES);
    let raw: Value = serde_json::from_str(&rows[0].1).unwrap();
    assert_eq!(
        raw["description"],
        "\u{1b}]0;pwned\u{7}title \u{1b}[2J clear"
    );
    let utf8 = stored_tools(db, "stdio-invalid_utf8").unwrap();
    assert_eq!(
        utf8,
        ["bad\u{fffd}\u{fffd}utf8", "ok"],
        "invalid UTF-8 became U+FFFD"
    );
    let nul = stored_tools(db, "stdio-nul_escaped").unwrap();
    assert_eq!(nul, ["nul\u{0}tool", "plain"], "an escaped NUL is kept");

    // Terminal paths.
    let mut outputs = Vec::new();
    let mut term = |args: &[&str]| {
        let out = home.run(args);
        outputs.push((args.join(" "), out.stdout.clone(), out.stderr.clone()));
        out
    };
    let shown = term(&["show", server]);
    assert!(shown.stdout.contains("[31mred[0m_tool"), "{}", shown.stdout);
    assert!(shown.stdout.contains("safenoitpircsed"), "{}", shown.stdout);
    for name in ANSI_NAMES {
        term(&["show", &format!("{server}/{name}")]).expect(0);
    }
    term(&["show", "stdio-init_error"]);
    term(&["show", "http-http_500"]);
    let found = term(&["search", "--server", server]);
    assert!(found.stdout.contains("red[0m_tool"), "{}", found.stdout);
    term(&["search", "clear"]);
    term(&["policy", server]);
    let snaps = home.scratch.path().join("ansi-snaps");
    let crawl = term(&[
        "crawl",
        "--stdio",
        &format!("python3 {} ansi_bidi", script()),
        "--name",
        "ansi\u{1b}[7m-name\u{202e}",
        "--stdio",
        &format!("python3 {} init_error", script()),
        "--name",
        "init-error",
        "--url",
        &fixtures["http_500"].url("/mcp"),
        "--name",
        "http-500",
        "--out",
        snaps.to_str().unwrap(),
    ]);
    assert!(
        crawl
            .stdout
            .contains("JSON-RPC error -32603: Internal error: [5mcannot"),
        "{}",
        crawl.stdout
    );
    assert!(
        crawl.stderr.contains("[31mstack trace[0m"),
        "{}",
        crawl.stderr
    );
    let classify = term(&[
        "classify",
        snaps.join("ansi__7m-name_.json").to_str().unwrap(),
    ]);
    assert!(
        classify.stdout.contains("[31mred[0m_tool"),
        "{}",
        classify.stdout
    );
    for (what, stdout, stderr) in &outputs {
        assert_terminal_clean(&format!("{what} (stdout)"), stdout);
        assert_terminal_clean(&format!("{what} (stderr)"), stderr);
    }

    // JSON output escapes, and round-trips to the exact bytes.
    let json = home.run(&["show", server, "--json"]).expect(0);
    assert!(json.stdout.contains("\\u001b[31mred"), "{}", json.stdout);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    let mut got: Vec<String> = v["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    let mut want: Vec<String> = ANSI_NAMES.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want);
    let crawl_json = home.run(&[
        "crawl",
        "--json",
        "--stdio",
        &format!("python3 {} init_error", script()),
    ]);
    let v: Value = serde_json::from_str(&crawl_json.stdout).unwrap();
    assert!(
        v["servers"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\u{1b}[5mcannot\u{202e} initialize"),
        "the JSON report keeps the server's words exactly: {v}"
    );
}
