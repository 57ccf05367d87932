//! `mcprisk crawl`: the live crawler against fixture servers (Python stdio scripts, an in-test
//! HTTP server for every HTTP transport and era, a fixture registry) and against real
//! third-party servers installed by `.ci/install-real-servers.sh`.

pub mod fixture_http;
pub mod hostile_http;
mod real;

use crate::harness::{Home, Output, process_gone, root, run};
use fixture_http::{Mode, start};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn fixture_script() -> String {
    root()
        .join("tests/fixtures/servers/stdio_server.py")
        .display()
        .to_string()
}

fn stdio(mode: &str) -> String {
    format!("python3 {} {mode}", fixture_script())
}

/// Runs `mcprisk crawl ARGS --json` and returns the exit code and the parsed report.
fn crawl_json(home: &Home, args: &[&str]) -> (Output, Value) {
    let mut all: Vec<&str> = vec!["crawl", "--json"];
    all.extend_from_slice(args);
    let out = home.run(&all);
    let report: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", out.stdout, out.stderr));
    (out, report)
}

fn server<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no server {name} in {report:#}"))
}

fn tool_names(server: &Value) -> Vec<String> {
    server["snapshot"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            t.get("name")
                .and_then(Value::as_str)
                .unwrap_or("<none>")
                .to_string()
        })
        .collect()
}

#[test]
fn stdio_server_env_is_scrubbed_noise_tolerated_and_off_spec_tools_kept() {
    if !crate::harness::python3("the stdio fixture servers") {
        return;
    }
    let home = Home::new();
    let out_dir = home.path().join("snaps");
    let mut cmd = home.cmd();
    cmd.env("MCPRISK_FIXTURE_SECRET", "hunter2").args([
        "crawl",
        "--json",
        "--stdio",
        &stdio("basic"),
        "--env",
        "DECLARED_TOKEN=s3cr3t-value",
        "--name",
        "basic",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let out = run(&mut cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let s = server(&report, "basic");
    assert_eq!(s["error"], Value::Null);
    assert_eq!(s["transport"], "stdio");
    assert_eq!(s["era"], "legacy");
    assert_eq!(s["server_name"], "fixture-basic");
    assert_eq!(
        s["protocol_version"], "2025-11-25",
        "the server echoed the version we offered"
    );
    assert_eq!(s["capabilities"], json!({"tools": {"listChanged": false}}));
    assert_eq!(s["instructions"], "Use carefully.");
    assert_eq!(s["stdout_noise_lines"], 2, "the banner and the log line");
    let tail = s["stderr_tail"].as_str().unwrap();
    assert!(tail.contains("fixture: listening on stdin"), "{tail}");
    assert!(
        tail.contains("fixture: using token <redacted>"),
        "echoed secrets are scrubbed: {tail}"
    );
    // Off-spec tools travel raw to the pipeline, which reports them one by one.
    assert_eq!(
        tool_names(s),
        [
            "read_file",
            "delete_file",
            "<none>",
            "bad_description",
            "read_file",
            "env_probe"
        ]
    );

    // The child saw the safe base and the declared variable, and nothing else of ours.
    let tools = s["snapshot"]["tools"].as_array().unwrap();
    let probe = tools.iter().find(|t| t["name"] == "env_probe").unwrap()["description"]
        .as_str()
        .unwrap();
    let names: Vec<&str> = probe.trim_start_matches("ENV:").split(',').collect();
    assert!(
        names.contains(&"DECLARED_TOKEN") && names.contains(&"PATH"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"MCPRISK_FIXTURE_SECRET"),
        "the user's environment leaked: {names:?}"
    );
    assert!(!names.contains(&"MCPRISK_HOME"), "{names:?}");

    // Values of declared variables appear nowhere in our output; their names do.
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains("s3cr3t-value"), "secret leaked:\n{text}");
    }
    assert!(s["source"].as_str().unwrap().contains("DECLARED_TOKEN"));

    // The snapshot reads back through the manifest formats, and parses leniently.
    let snap = out_dir.join("basic.json");
    let text = std::fs::read_to_string(&snap).unwrap();
    assert!(!text.contains("s3cr3t-value"));
    let (servers, _) = mcprisk::manifest::formats::read_all(
        &mcprisk::manifest::formats::Input::Path(snap.clone()),
        None,
    )
    .unwrap();
    assert_eq!(servers[0].info.name, "basic");
    assert_eq!(servers[0].info.version.as_deref(), Some("1.0.0"));
    assert_eq!(
        servers[0].info.protocol_version.as_deref(),
        Some("2025-11-25")
    );
    let m = mcprisk::manifest::parse_tools(servers[0].info.clone(), &servers[0].tools, "x");
    let kept: Vec<_> = m.tools.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(kept, ["read_file", "delete_file", "env_probe"]);
    assert_eq!(m.issues.len(), 3, "{:?}", m.issues);
}

#[test]
fn stdio_pagination_follows_cursors_and_guards_against_loops() {
    if !crate::harness::python3("the stdio fixture servers") {
        return;
    }
    let home = Home::new();
    let (out, report) = crawl_json(
        &home,
        &[
            "--stdio",
            &stdio("paginate 40 25"),
            "--name",
            "pages",
            "--stdio",
            &stdio("loop"),
            "--name",
            "loop",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let pages = server(&report, "pages");
    assert_eq!(pages["tool_count"], 1000);
    assert_eq!(pages["pages"], 40);
    assert_eq!(pages["truncated"], false);
    assert_eq!(tool_names(pages).last().unwrap(), "tool_39_24");
    let looping = server(&report, "loop");
    assert_eq!(looping["truncated"], true);
    assert_eq!(
        looping["pages"], 2,
        "the second page repeats the cursor and ends the listing"
    );
    assert!(
        looping["warnings"][0].as_str().unwrap().contains("again"),
        "{looping}"
    );
}

#[test]
fn stdio_failures_are_reported_and_successes_kept() {
    if !crate::harness::python3("the stdio fixture servers") {
        return;
    }
    let home = Home::new();
    let out_dir = home.path().join("out");
    let pidfile = home.path().join("hang.pid");
    let hang = format!("{} {}", stdio("hang"), pidfile.display());
    let (out, report) = crawl_json(
        &home,
        &[
            "--timeout",
            "2s",
            "--stdio",
            &stdio("crash"),
            "--name",
            "crash",
            "--stdio",
            &hang,
            "--name",
            "hang",
            "--stdio",
            "definitely-not-a-command --flag",
            "--name",
            "missing",
            "--stdio",
            &stdio("basic"),
            "--name",
            "good",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 1, "a failed server makes the exit code non-zero");
    let crash = server(&report, "crash");
    assert_eq!(crash["error"]["kind"], "exited");
    let msg = crash["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("status 3") && msg.contains("EXAMPLE_API_KEY is not set"),
        "{msg}"
    );
    assert_eq!(server(&report, "hang")["error"]["kind"], "timeout");
    let missing = server(&report, "missing");
    assert_eq!(missing["error"]["kind"], "spawn_failed");
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not found")
    );
    assert_eq!(server(&report, "good")["error"], Value::Null);
    assert!(out_dir.join("good.json").is_file(), "every success is kept");
    assert!(!out_dir.join("crash.json").exists());
    // The timeout killed the whole process tree: the server's own child is gone too.
    let pid: u32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(process_gone(pid), "grandchild {pid} survived the timeout");
    assert!(
        out.stderr.contains("FAILED  crash"),
        "plain progress lines on a non-terminal:\n{}",
        out.stderr
    );
}

#[test]
fn stdio_grandchildren_are_killed_at_the_end() {
    if !crate::harness::python3("the stdio fixture servers") {
        return;
    }
    let home = Home::new();
    let pidfile = home.path().join("gc.pid");
    let (out, report) = crawl_json(
        &home,
        &[
            "--stdio",
            &format!("{} {}", stdio("grandchild"), pidfile.display()),
            "--name",
            "gc",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(server(&report, "gc")["tool_count"], 6);
    let pid: u32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(process_gone(pid), "grandchild {pid} outlived the crawl");
}

#[test]
fn stdio_2026_era_server() {
    if !crate::harness::python3("the stdio fixture servers") {
        return;
    }
    let home = Home::new();
    let (out, report) = crawl_json(&home, &["--stdio", &stdio("modern"), "--name", "modern"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s = server(&report, "modern");
    assert_eq!(s["era"], "modern");
    assert_eq!(s["protocol_version"], "2026-07-28");
    assert_eq!(s["server_name"], "modern-fixture");
    assert_eq!(s["instructions"], "stateless");
    assert_eq!(tool_names(s), ["stateless_tool"]);
}

#[test]
fn streamable_http_json_with_session_and_headers() {
    let fx = start(Mode::StreamableJson);
    let home = Home::new();
    let (out, report) = crawl_json(
        &home,
        &[
            "--url",
            &fx.url("/mcp"),
            "--name",
            "web",
            "--header",
            "Authorization: Bearer tok-SECRET-123",
        ],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let s = server(&report, "web");
    assert_eq!(s["transport"], "streamable-http");
    assert_eq!(s["server_name"], "streamable-fixture");
    assert_eq!(s["server_version"], "3.1.4");
    assert_eq!(
        tool_names(s),
        ["search_issues", "delete_repository", "off_spec"]
    );
    let reqs = fx.requests();
    let methods: Vec<String> = reqs
        .iter()
        .map(|r| format!("{} {}", r.method, r.rpc_method().unwrap_or_default()))
        .collect();
    assert_eq!(
        methods,
        [
            "POST initialize",
            "POST notifications/initialized",
            "POST tools/list",
            "DELETE "
        ]
    );
    assert!(reqs.iter().all(
        |r| r.headers.get("authorization").map(String::as_str) == Some("Bearer tok-SECRET-123")
    ));
    assert!(
        reqs[0].headers["accept"].contains("application/json")
            && reqs[0].headers["accept"].contains("text/event-stream")
    );
    assert!(!reqs[0].headers.contains_key("mcp-session-id"));
    assert_eq!(
        reqs[2].headers.get("mcp-session-id").map(String::as_str),
        Some("sess-42")
    );
    assert_eq!(
        reqs[2]
            .headers
            .get("mcp-protocol-version")
            .map(String::as_str),
        Some("2025-11-25")
    );
    assert_eq!(
        reqs[3].headers.get("mcp-session-id").map(String::as_str),
        Some("sess-42")
    );
    assert!(!out.stdout.contains("tok-SECRET-123") && !out.stderr.contains("tok-SECRET-123"));
    assert!(
        s["source"]
            .as_str()
            .unwrap()
            .contains("(headers: Authorization)")
    );
}

#[test]
fn streamable_http_sse_replies() {
    let fx = start(Mode::StreamableSse);
    let home = Home::new();
    let (out, report) = crawl_json(&home, &["--url", &fx.url("/mcp"), "--name", "sse-replies"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let s = server(&report, "sse-replies");
    assert_eq!(s["transport"], "streamable-http");
    assert_eq!(
        tool_names(s),
        ["search_issues", "delete_repository", "off_spec"]
    );
    // The server's ping inside the SSE reply was answered.
    let answered = fx.requests().iter().any(|r| {
        serde_json::from_str::<Value>(&r.body)
            .is_ok_and(|b| b["id"] == "server-ping-1" && b["result"] == json!({}))
    });
    assert!(answered, "{:?}", fx.requests());
}

#[test]
fn legacy_sse_by_fallback_and_by_config() {
    let fx = start(Mode::LegacySse);
    let home = Home::new();
    let config = home.path().join("mcp.json");
    std::fs::write(
        &config,
        json!({"servers": {"declared-sse": {"type": "sse", "url": fx.url("/sse")}}}).to_string(),
    )
    .unwrap();
    let (out, report) = crawl_json(
        &home,
        &[
            "--url",
            &fx.url("/sse"),
            "--name",
            "auto",
            "--config",
            config.to_str().unwrap(),
            "--jobs",
            "1",
        ],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    for name in ["auto", "declared-sse"] {
        let s = server(&report, name);
        assert_eq!(s["transport"], "sse", "{s}");
        assert_eq!(s["server_name"], "legacy-sse-fixture");
        assert_eq!(
            tool_names(s),
            ["search_issues", "delete_repository", "off_spec"]
        );
    }
    assert!(
        server(&report, "auto")["warnings"][0]
            .as_str()
            .unwrap()
            .contains("HTTP 405")
    );
    assert!(
        server(&report, "declared-sse")["warnings"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn streamable_http_2026_era() {
    let fx = start(Mode::Modern);
    let home = Home::new();
    let (out, report) = crawl_json(&home, &["--url", &fx.url("/mcp"), "--name", "modern"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let s = server(&report, "modern");
    assert_eq!(s["era"], "modern");
    assert_eq!(s["transport"], "streamable-http");
    assert_eq!(s["protocol_version"], "2026-07-28");
    assert_eq!(s["server_name"], "modern-http-fixture");
    assert_eq!(s["instructions"], "No sessions here.");
    assert_eq!(s["capabilities"], json!({"tools": {}}));
    assert_eq!(tool_names(s).len(), 3);
    let methods: Vec<String> = fx
        .requests()
        .iter()
        .filter_map(|r| r.rpc_method())
        .collect();
    assert_eq!(methods, ["initialize", "server/discover", "tools/list"]);
}

#[test]
fn streamable_http_many_pages() {
    let fx = start(Mode::Paginated { pages: 60, per: 5 });
    let home = Home::new();
    let (out, report) = crawl_json(&home, &["--url", &fx.url("/mcp"), "--name", "paged"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s = server(&report, "paged");
    assert_eq!(s["pages"], 60);
    assert_eq!(s["tool_count"], 300);
    assert_eq!(s["truncated"], false);
}

#[test]
fn http_failures_have_kinds_and_messages() {
    let auth = start(Mode::Auth {
        token: "right".into(),
    });
    let html = start(Mode::Html);
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap(); // dropped: nothing listens
    let home = Home::new();
    let (out, report) = crawl_json(
        &home,
        &[
            "--url",
            &auth.url("/mcp"),
            "--name",
            "auth",
            "--header",
            "Authorization: Bearer wrong-SECRET",
            "--url",
            &html.url("/"),
            "--name",
            "html",
            "--url",
            &format!("http://{closed}/mcp?api_key=QUERY-SECRET"),
            "--name",
            "refused",
        ],
    );
    assert_eq!(out.code, 1);
    let a = server(&report, "auth");
    assert_eq!(a["error"]["kind"], "auth_required", "{a}");
    assert!(a["error"]["message"].as_str().unwrap().contains("401"));
    assert_eq!(server(&report, "html")["error"]["kind"], "not_mcp");
    let r = server(&report, "refused");
    assert_eq!(r["error"]["kind"], "transport", "{r}");
    for text in [&out.stdout, &out.stderr] {
        assert!(
            !text.contains("wrong-SECRET") && !text.contains("QUERY-SECRET"),
            "secret leaked:\n{text}"
        );
    }
}

#[test]
fn registry_remotes_are_crawled_and_packages_need_allow_exec() {
    let web = start(Mode::StreamableJson);
    let legacy = start(Mode::LegacySse);
    let entry = |name: &str, status: &str, server: Value| {
        let mut server = server;
        server["name"] = json!(name);
        server["version"] = json!("1.0.0");
        server["description"] = json!("fixture");
        json!({"server": server, "_meta": {"io.modelcontextprotocol.registry/official": {"status": status, "isLatest": true}}})
    };
    let pages = vec![
        vec![
            entry(
                "io.example/web",
                "active",
                json!({"remotes": [{"type": "streamable-http", "url": web.url("/mcp")}]}),
            ),
            entry(
                "io.example/gone",
                "deleted",
                json!({"remotes": [{"type": "streamable-http", "url": web.url("/mcp")}]}),
            ),
        ],
        vec![
            entry(
                "io.example/legacy",
                "active",
                json!({"remotes": [{"type": "sse", "url": legacy.url("/sse")}]}),
            ),
            entry(
                "io.example/pkg",
                "active",
                json!({"packages": [{"registryType": "pypi", "identifier": "mcp-server-time", "version": "2026.10.19", "transport": {"type": "stdio"}}]}),
            ),
        ],
    ];
    let registry = start(Mode::Registry { pages });
    let home = Home::new();
    let out_dir = home.path().join("out");
    let (out, report) = crawl_json(
        &home,
        &[
            "--registry",
            &registry.url(""),
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let names: Vec<&str> = report["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["io.example/web", "io.example/legacy"],
        "deleted entries are skipped"
    );
    assert_eq!(server(&report, "io.example/legacy")["transport"], "sse");
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["name"], "io.example/pkg");
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("--allow-exec")
    );
    assert!(out.stderr.contains("skipped server io.example/pkg"));
    let snap: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("io.example_web.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(snap["server"]["name"], "io.example/web");
    let reqs = registry.requests();
    assert_eq!(reqs.len(), 2, "two pages");
    assert!(
        reqs[0].path.contains("version=latest") && reqs[1].path.contains("cursor=p1"),
        "{reqs:?}"
    );
}

#[test]
fn config_auto_finds_client_configs_and_names_servers_by_key() {
    if !crate::harness::python3("the stdio fixture servers") {
        return;
    }
    let home = Home::new();
    let fake_home = home.path().join("home");
    let xdg = fake_home.join(".config");
    let project = home.path().join("project");
    for d in [
        xdg.join("Claude"),
        fake_home.join(".cursor"),
        project.join(".vscode"),
    ] {
        std::fs::create_dir_all(d).unwrap();
    }
    let script = fixture_script();
    std::fs::write(
        xdg.join("Claude/claude_desktop_config.json"),
        json!({"mcpServers": {"desktop-basic": {"command": "python3", "args": [script, "basic"], "env": {"FROM_CONFIG": "${MCPRISK_T_VAL}"}}}}).to_string(),
    )
    .unwrap();
    std::fs::write(
        fake_home.join(".cursor/mcp.json"),
        json!({"mcpServers": {"cursor-pages": {"command": "python3", "args": [script, "paginate", "3", "2"]}, "off": {"command": "x", "disabled": true}}}).to_string(),
    )
    .unwrap();
    std::fs::write(
        project.join(".vscode/mcp.json"),
        format!("{{\n  // JSONC\n  \"servers\": {{\"vscode-modern\": {{\"type\": \"stdio\", \"command\": \"python3\", \"args\": [{:?}, \"modern\"],}}}}\n}}", script),
    )
    .unwrap();
    let mut cmd = home.cmd();
    cmd.current_dir(&project)
        .env("HOME", &fake_home)
        .env("XDG_CONFIG_HOME", &xdg)
        .env("MCPRISK_T_VAL", "expanded-value")
        .args(["crawl", "--json", "--config", "auto"]);
    let out = run(&mut cmd);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let mut names: Vec<&str> = report["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["cursor-pages", "desktop-basic", "vscode-modern"]);
    let basic = server(&report, "desktop-basic");
    let probe = basic["snapshot"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "env_probe")
        .unwrap()["description"]
        .as_str()
        .unwrap();
    assert!(probe.contains("FROM_CONFIG"));
    assert!(!out.stdout.contains("expanded-value"));
    assert!(
        basic["source"]
            .as_str()
            .unwrap()
            .contains("claude_desktop_config.json")
    );
    assert_eq!(server(&report, "vscode-modern")["era"], "modern");
}

#[test]
fn servers_file_and_summary_table() {
    if !crate::harness::python3("the stdio fixture servers") {
        return;
    }
    let home = Home::new();
    let file = home.path().join("servers.toml");
    std::fs::write(&file, format!("[servers.listed]\ncommand = \"python3\"\nargs = [{:?}, \"basic\"]\n\n[servers.broken]\ncommand = \"python3\"\nargs = [{:?}, \"crash\"]\n", fixture_script(), fixture_script())).unwrap();
    let out = home.run(&["crawl", "--servers", file.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines[0].starts_with("SERVER")
            && lines[0].contains("TRANSPORT")
            && lines[0].contains("TOOLS"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("listed") && out.stdout.contains("fixture-basic 1.0.0"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("broken") && out.stdout.contains("exited"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("2 servers: 1 ok (6 tools), 1 failed"),
        "{}",
        out.stdout
    );
    let bad = home.path().join("bad.toml");
    std::fs::write(&bad, "[servers.x]\ncomand = \"typo\"\n").unwrap();
    let out = home.run(&["crawl", "--servers", bad.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("bad.toml") && out.stderr.contains("comand"),
        "{}",
        out.stderr
    );
}

#[test]
fn usage_errors() {
    let home = Home::new();
    let out = home.run(&["crawl"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nothing to crawl"));
    let out = home.run(&["crawl", "--env", "K=v", "--stdio", "x"]);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("must follow the --stdio"),
        "{}",
        out.stderr
    );
}

/// Where `.ci/install-real-servers.sh` put the real servers.
fn real_servers() -> PathBuf {
    std::env::var_os("MCPRISK_REAL_SERVERS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/real-servers"))
}

fn exists_or_skip(path: &Path, what: &str) -> bool {
    if path.exists() {
        true
    } else {
        eprintln!(
            "skipping: {what} is not installed at {} (run .ci/install-real-servers.sh)",
            path.display()
        );
        false
    }
}
