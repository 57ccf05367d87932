//! `mcprisk serve`: crawled by mcprisk's own crawler (stdio and HTTP), spoken to in raw
//! JSON-RPC in both eras, and driven by the official MCP Python SDK (installed by
//! `.ci/install-serve-clients.sh`; skipped with a message when absent, failing when
//! MCPRISK_CI=1).

use crate::harness::{Env, fixture_str, root};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

const TOOLS: [&str; 4] = ["check_server", "check_tool", "get_policy", "search_tools"];

/// A catalog of the bundled manifests (data/manifests).
pub fn bundled() -> Env {
    let env = Env::new();
    let dir = root().join("data/manifests");
    env.run(&["index", dir.to_str().unwrap()]).expect(0);
    env
}

/// Whether an external client is there; without it the test says so and passes, except in CI.
pub fn require(present: bool, what: &str) -> bool {
    if !present {
        assert!(
            std::env::var("MCPRISK_CI").as_deref() != Ok("1"),
            "{what} is missing, and MCPRISK_CI=1 requires it (run .ci/install-serve-clients.sh)"
        );
        eprintln!("skipping: {what} is not installed (run .ci/install-serve-clients.sh)");
    }
    present
}

/// Where `.ci/install-serve-clients.sh` put the clients.
pub fn clients_dir() -> PathBuf {
    std::env::var_os("MCPRISK_SERVE_CLIENTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/serve-clients"))
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_mcprisk")
}

/// `mcprisk serve --http ...` on a free port, killed when dropped.
pub struct Served {
    child: Child,
    pub port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    pub fn start(env: &Env, extra: &[&str], token: Option<&str>) -> Served {
        let mut cmd = env.cmd();
        cmd.args(["serve", "--http", "127.0.0.1:0"])
            .args(extra)
            .env_remove("MCPRISK_SERVE_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(t) = token {
            cmd.env("MCPRISK_SERVE_TOKEN", t);
        }
        let mut served = Served {
            child: cmd.spawn().expect("start mcprisk serve"),
            port: 0,
        };
        let mut stderr = BufReader::new(served.child.stderr.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                stderr.read_line(&mut line).unwrap() > 0,
                "mcprisk serve ended before listening"
            );
            if let Some(rest) = line.split("listening on http://127.0.0.1:").nth(1) {
                let port = rest.split('/').next().unwrap().parse().unwrap();
                // Keep draining stderr so the server never blocks on a full pipe.
                std::thread::spawn(move || {
                    let mut sink = String::new();
                    let _ = stderr.read_to_string(&mut sink);
                });
                served.port = port;
                return served;
            }
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/mcp", self.port)
    }

    /// One raw HTTP/1.1 exchange: (status, body).
    pub fn raw(&self, method: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut req = format!(
            "{method} /mcp HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        s.write_all(req.as_bytes()).unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        let status = resp[9..12].parse().unwrap();
        let body = resp.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
        (status, body.to_string())
    }
}

fn crawl(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["crawl", "--json"];
    all.extend_from_slice(args);
    let out = env.run(&all);
    let report: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", out.stdout, out.stderr));
    assert_eq!(out.code, 0, "{report:#}\n{}", out.stderr);
    report["servers"][0].clone()
}

fn tool_names(server: &Value) -> Vec<String> {
    let mut names: Vec<String> = server["snapshot"]["tools"]
        .as_array()
        .unwrap_or_else(|| panic!("no tools in {server:#}"))
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

fn check_definitions(server: &Value) {
    for t in server["snapshot"]["tools"].as_array().unwrap() {
        let a = &t["annotations"];
        assert_eq!(a["readOnlyHint"], true, "{t:#}");
        assert_eq!(a["destructiveHint"], false, "{t:#}");
        assert_eq!(a["idempotentHint"], true, "{t:#}");
        assert_eq!(a["openWorldHint"], false, "{t:#}");
        assert_eq!(t["inputSchema"]["type"], "object", "{t:#}");
        assert_eq!(t["outputSchema"]["type"], "object", "{t:#}");
        assert!(
            t["description"].as_str().unwrap().len() > 80,
            "a clear description: {t:#}"
        );
    }
}

#[test]
fn mcprisk_crawls_serve_over_stdio_and_classifies_its_tools_as_reads() {
    let env = bundled();
    let command = format!("{} --home {} serve", bin(), env.path().display());
    let server = crawl(&env, &["--stdio", &command, "--name", "mcprisk-serve"]);
    assert!(server["error"].is_null(), "{server:#}");
    assert_eq!(tool_names(&server), TOOLS);
    assert_eq!(server["protocol_version"], "2025-11-25", "{server:#}");
    check_definitions(&server);
    // Index it into another catalog: mcprisk's own classifier should find nothing risky.
    let other = Env::new();
    other
        .run(&["index", "--stdio", &command, "--name", "mcprisk-serve"])
        .expect(0);
    let shown = other.run(&["show", "mcprisk-serve", "--json"]).expect(0);
    let v: Value = serde_json::from_str(&shown.stdout).unwrap();
    for t in v["tools"].as_array().unwrap() {
        assert_eq!(t["category"], "Read", "{t:#}");
        assert_eq!(t["risk"], "Low", "{t:#}");
    }
}

#[test]
fn mcprisk_crawls_serve_over_http() {
    let env = bundled();
    let served = Served::start(&env, &[], None);
    let server = crawl(&env, &["--url", &served.url(), "--name", "mcprisk-serve"]);
    assert!(server["error"].is_null(), "{server:#}");
    assert_eq!(tool_names(&server), TOOLS);
    assert_eq!(server["transport"], "streamable-http", "{server:#}");
    check_definitions(&server);
}

#[test]
fn http_guards_the_endpoint() {
    let env = bundled();
    let token = "a-long-enough-test-token";
    let served = Served::start(&env, &[], Some(token));
    let list = r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#;
    let (status, _) = served.raw("POST", &[("Content-Type", "application/json")], list);
    assert_eq!(status, 401);
    let bad = "Bearer a-long-enough-test-tokem";
    let (status, _) = served.raw("POST", &[("Authorization", bad)], list);
    assert_eq!(status, 401);
    let auth = format!("Bearer {token}");
    let (status, body) = served.raw("POST", &[("Authorization", &auth)], list);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["result"]["tools"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    // A page on another site must not reach a local server (DNS rebinding).
    let (status, _) = served.raw(
        "POST",
        &[("Authorization", &auth), ("Origin", "https://evil.example")],
        list,
    );
    assert_eq!(status, 403);
    let (status, _) = served.raw("GET", &[("Authorization", &auth)], "");
    assert_eq!(status, 405);
    // A notification is accepted without a body.
    let note = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
    let (status, body) = served.raw("POST", &[("Authorization", &auth)], note);
    assert_eq!((status, body.as_str()), (202, ""));
    // The 2026-07-28 headers must agree with the body.
    let (status, body) = served.raw(
        "POST",
        &[("Authorization", &auth), ("Mcp-Method", "tools/call")],
        list,
    );
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("Mcp-Method"), "{body}");
    let (status, body) = served.raw("POST", &[("Authorization", &auth)], "{not json");
    assert_eq!(status, 400);
    assert!(body.contains("-32700"), "{body}");
}

#[test]
fn serve_refuses_other_machines_without_a_token() {
    let env = Env::new();
    let out = env.run(&["serve", "--http", "0.0.0.0:0"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("MCPRISK_SERVE_TOKEN"), "{}", out.stderr);
    let out = env.run(&["serve", "--http", "127.0.0.1:0", "--token", "short"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("too short"), "{}", out.stderr);
}

/// Sends lines to `mcprisk serve` on stdio and returns the answers, one per line.
fn converse(env: &Env, lines: &[Value]) -> Vec<Value> {
    let mut child = env
        .cmd()
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = String::new();
    for l in lines {
        match l {
            Value::String(raw) => input.push_str(raw),
            other => input.push_str(&other.to_string()),
        }
        input.push('\n');
    }
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn serve_speaks_both_eras_and_answers_mistakes_as_tool_errors() {
    let env = bundled();
    let modern = json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28"});
    let answers = converse(
        &env,
        &[
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}),
            json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            json!({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"protocolVersion": "1999-01-01"}}),
            json!({"jsonrpc": "2.0", "id": 3, "method": "server/discover", "params": {"_meta": modern}}),
            json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"_meta": modern, "name": "check_tool", "arguments": {"server": "filesystem", "tool": "nope"}}}),
            json!({"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "check_tool", "arguments": {"definition": {"name": "run_shell", "description": "Run a shell command on the host and return its output.", "inputSchema": {"type": "object", "properties": {"command": {"type": "string"}}}}}}}),
            json!({"jsonrpc": "2.0", "id": 6, "method": "tools/list", "params": {"_meta": {"io.modelcontextprotocol/protocolVersion": "2099-01-01"}}}),
            json!({"jsonrpc": "2.0", "id": 7, "method": "resources/list"}),
            json!({"jsonrpc": "2.0", "id": 8, "method": "tools/call", "params": {"name": "delete_everything"}}),
            json!({"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"name": "search_tools", "arguments": {"risk": "Severe"}}}),
            json!("this is not json"),
            json!({"jsonrpc": "2.0", "id": 10, "method": "tools/call", "params": {"name": "get_policy", "arguments": {"server": "filesystem", "format": "rego"}}}),
            json!({"jsonrpc": "2.0", "id": 11, "method": "tools/call", "params": {"name": "get_policy", "arguments": {"server": "filesystem", "tool": "write_file", "format": "claude-code"}}}),
        ],
    );
    let by_id = |id: i64| {
        answers
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no answer to {id} in {answers:#?}"))
    };
    assert_eq!(by_id(1)["result"]["protocolVersion"], "2025-06-18");
    assert_eq!(
        by_id(1)["result"]["capabilities"]["tools"],
        json!({"listChanged": false})
    );
    assert_eq!(by_id(2)["result"]["protocolVersion"], "2025-11-25");
    let discover = &by_id(3)["result"];
    assert_eq!(discover["supportedVersions"][0], "2026-07-28");
    assert_eq!(discover["resultType"], "complete");
    assert_eq!(discover["serverInfo"]["name"], "mcprisk");
    let missing = &by_id(4)["result"];
    assert_eq!(missing["isError"], true);
    assert_eq!(missing["resultType"], "complete");
    let text = missing["content"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("has no tool named \"nope\"") && text.contains("write_file"),
        "{text}"
    );
    let onspot = &by_id(5)["result"];
    assert_eq!(onspot["isError"], false, "{onspot:#}");
    assert_eq!(onspot["structuredContent"]["source"], "definition");
    assert_eq!(onspot["structuredContent"]["category"], "Execute");
    let attacks = onspot["structuredContent"]["attacks"].to_string();
    assert!(attacks.contains("MCP05"), "{attacks}");
    let text: Value = serde_json::from_str(onspot["content"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(text, onspot["structuredContent"]);
    assert_eq!(by_id(6)["error"]["code"], -32004);
    assert_eq!(by_id(6)["error"]["data"]["supported"][0], "2026-07-28");
    assert_eq!(by_id(7)["error"]["code"], -32601);
    assert_eq!(by_id(8)["error"]["code"], -32602);
    assert_eq!(by_id(9)["result"]["isError"], true);
    assert!(
        by_id(9)["result"]["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Critical")
    );
    assert!(answers.iter().any(|a| a["error"]["code"] == -32700));
    let formats = by_id(10)["result"]["content"][0]["text"].as_str().unwrap();
    assert!(formats.contains("policylayer"), "{formats}");
    // Every dialect of `mcprisk policy --format`, with the same text.
    let dialect = &by_id(11)["result"]["structuredContent"];
    assert_eq!(dialect["format"], "claude-code", "{dialect:#}");
    let cli = env
        .run(&["policy", "filesystem/write_file", "--format", "claude-code"])
        .expect(0);
    assert_eq!(dialect["text"], cli.stdout.as_str());
}

/// `search_tools` marks for review what `show` marks (weak evidence), and nothing else.
#[test]
fn search_tools_marks_review_as_show_does() {
    let env = Env::new();
    env.run(&["index", &fixture_str("catalog/weak.jsonl")])
        .expect(0);
    let answers = converse(
        &env,
        &[
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}),
            json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "search_tools", "arguments": {"server": "widgets"}}}),
            json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "check_tool", "arguments": {"server": "widgets", "tool": "zorblax_quux"}}}),
            json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "check_tool", "arguments": {"server": "widgets", "tool": "list_widgets"}}}),
        ],
    );
    let found = &answers.iter().find(|a| a["id"] == 2).unwrap()["result"];
    assert_eq!(found["isError"], false, "{found:#}");
    let results = found["structuredContent"]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{found:#}");
    let mut marked = Vec::new();
    for r in results {
        let tool = r["tool"].as_str().unwrap();
        let run = env.run(&["show", &format!("widgets/{tool}"), "--json"]);
        let shown: Value = serde_json::from_str(&run.expect(0).stdout).unwrap();
        assert_eq!(r["review"], shown["review"], "{r}");
        assert_eq!(r["confidence"], shown["confidence"], "{r}");
        if r["review"] == true {
            marked.push(tool);
        }
    }
    assert_eq!(marked, ["zorblax_quux"]);
    // check_tool says the same of each.
    for (id, review) in [(3, true), (4, false)] {
        let checked = &answers.iter().find(|a| a["id"] == id).unwrap()["result"];
        assert_eq!(
            checked["structuredContent"]["review"], review,
            "{checked:#}"
        );
    }
}

fn sdk_python() -> Option<PathBuf> {
    let py = clients_dir().join("py/bin/python");
    let ok = Command::new(&py)
        .args(["-c", "import mcp"])
        .output()
        .is_ok_and(|o| o.status.success());
    require(ok, "the MCP Python SDK (mcp)").then_some(py)
}

fn sdk(env: &Env, py: &PathBuf, kind: &str, target: &str, mode: &str) -> Value {
    let script = root().join("tests/fixtures/serve/sdk_client.py");
    let out = Command::new(py)
        .arg(script)
        .args([kind, target, mode])
        .env("MCPRISK_HOME", env.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "sdk client failed ({kind} {mode}):\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap()
}

fn check_sdk_view(env: &Env, v: &Value, version: &str) {
    assert_eq!(v["protocol_version"], version, "{v:#}");
    let tools = v["tools"].as_object().unwrap();
    let mut names: Vec<&String> = tools.keys().collect();
    names.sort();
    assert_eq!(names, TOOLS.iter().collect::<Vec<_>>());
    for (name, t) in tools {
        assert_eq!(t["annotations"]["readOnlyHint"], true, "{name}");
        assert_eq!(t["annotations"]["destructiveHint"], false, "{name}");
        assert_eq!(t["has_output_schema"], true, "{name}");
    }
    assert_eq!(
        tools["search_tools"]["input_properties"],
        json!(["category", "limit", "query", "risk", "server", "signal"])
    );
    assert_eq!(v["search"]["is_error"], false);
    assert!(
        v["search"]["structured"]["total"].as_u64().unwrap() > 0,
        "{v:#}"
    );
    let checked = &v["check_tool"]["structured"];
    assert_eq!(checked["tool"], "write_file");
    // The same verdict as the command line's.
    let shown = env
        .run(&["show", "filesystem/write_file", "--json"])
        .expect(0);
    let shown: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(checked["category"], shown["category"]);
    assert_eq!(checked["risk"], shown["risk"]);
    assert_eq!(checked["attacks"], shown["attacks"]);
    assert!(
        checked["policy"]["tools"]["write_file"].is_object(),
        "{checked:#}"
    );
    assert_eq!(v["missing"]["is_error"], true);
    assert!(
        v["missing"]["text"]
            .as_str()
            .unwrap()
            .contains("filesystem"),
        "{v:#}"
    );
    assert_eq!(v["policy"]["structured"]["format"], "policylayer");
}

#[test]
fn the_official_python_sdk_drives_serve_over_stdio_and_http_in_both_eras() {
    let Some(py) = sdk_python() else { return };
    let env = bundled();
    check_sdk_view(
        &env,
        &sdk(&env, &py, "stdio", bin(), "legacy"),
        "2025-11-25",
    );
    check_sdk_view(&env, &sdk(&env, &py, "stdio", bin(), "auto"), "2026-07-28");
    let served = Served::start(&env, &[], None);
    check_sdk_view(
        &env,
        &sdk(&env, &py, "http", &served.url(), "legacy"),
        "2025-11-25",
    );
    check_sdk_view(
        &env,
        &sdk(&env, &py, "http", &served.url(), "2026-07-28"),
        "2026-07-28",
    );
}
