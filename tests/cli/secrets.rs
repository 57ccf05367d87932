//! Secrets: values given for a server (`--env`, `--header`, credentials in its URL or its
//! command line) reach that server and nothing else — not the catalog (SQLite and the search
//! index, byte for byte), not the crawl log, not snapshots or exports, not the terminal — even
//! when the server echoes them back in its tools, its serverInfo, its errors or its stderr.
//! And a spawned server sees only the environment it was given.

use crate::crawl::fixture_http::{Mode, start};
use crate::harness::{Home, root, run};
use serde_json::Value;
use std::path::Path;

// Lower-case words without separators, so that the search index (which lower-cases and splits
// on punctuation) would hold them whole if they reached it.
const ENV_SECRET: &str = "zqenvsecret7731";
const ARG_SECRET: &str = "zqargsecret4402";
const HEADER_SECRET: &str = "zqheadersecret9153";
const QUERY_SECRET: &str = "zqquerysecret2208";
const PARENT_SECRET: &str = "zqparentsecret6619";
const ALL: [&str; 5] = [
    ENV_SECRET,
    ARG_SECRET,
    HEADER_SECRET,
    QUERY_SECRET,
    PARENT_SECRET,
];

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn assert_no_secret(what: &str, bytes: &[u8]) {
    let lower = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    for s in ALL {
        assert!(!lower.contains(s), "{s} leaked into {what}");
    }
}

#[test]
fn secrets_never_reach_the_catalog_logs_or_terminal() {
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipping: python3 is not installed");
        return;
    }
    let home = Home::new();
    let script = root().join("tests/fixtures/servers/hostile_server.py");
    let script = script.display();
    let piddir = home.scratch.path().display().to_string();
    let echo = start(Mode::Hostile("echo_secret"));
    let echo_500 = start(Mode::Hostile("echo_secret_500"));
    let url = |f: &crate::crawl::fixture_http::Fixture| {
        format!("{}?api_key={QUERY_SECRET}", f.url("/mcp"))
    };
    let (u1, u2) = (url(&echo), url(&echo_500));
    let header = format!("Authorization: Bearer {HEADER_SECRET}");
    let env = format!("HOSTILE_SECRET={ENV_SECRET}");
    let ok_cmd = format!("python3 {script} echo_secret {piddir} --api-key {ARG_SECRET}");
    let crash_cmd = format!("python3 {script} echo_secret_crash {piddir} --token={ARG_SECRET}");
    let crawl_args = [
        "--stdio",
        &ok_cmd,
        "--env",
        &env,
        "--name",
        "echo-stdio",
        "--stdio",
        &crash_cmd,
        "--env",
        &env,
        "--name",
        "crash-stdio",
        "--url",
        &u1,
        "--header",
        &header,
        "--name",
        "echo-http",
        "--url",
        &u2,
        "--header",
        &header,
        "--name",
        "fail-http",
    ];
    let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut go = |label: &str, args: &[&str]| -> crate::harness::Output {
        let mut cmd = home.cmd();
        cmd.env("MCPRISK_PARENT_TOKEN", PARENT_SECRET).args(args);
        let out = run(&mut cmd);
        outputs.push((format!("{label} stdout"), out.stdout.clone().into_bytes()));
        outputs.push((format!("{label} stderr"), out.stderr.clone().into_bytes()));
        out
    };

    let mut index = vec!["index"];
    index.extend_from_slice(&crawl_args);
    let out = go("index", &index);
    assert_eq!(out.code, 1, "two servers fail\n{}", out.stderr);
    let snaps = home.scratch.path().join("snaps");
    let mut crawl = vec!["crawl", "--json", "--out", snaps.to_str().unwrap()];
    crawl.extend_from_slice(&crawl_args);
    let crawl_out = go("crawl", &crawl);
    let mut index_json = vec!["index", "--json"];
    index_json.extend_from_slice(&crawl_args);
    go("index --json", &index_json);
    for server in ["echo-stdio", "crash-stdio", "echo-http", "fail-http"] {
        go(&format!("show {server}"), &["show", server]);
        go(
            &format!("show {server} --json"),
            &["show", server, "--json"],
        );
    }
    go(
        "show echo-stdio/leaky",
        &["show", "echo-stdio/leaky", "--json"],
    );
    go(
        "export",
        &[
            "export",
            "--out",
            home.scratch.path().join("export").to_str().unwrap(),
        ],
    );
    go("stats", &["stats"]);
    go("policy", &["policy", "echo-stdio"]);
    for s in ALL {
        let hits = go(&format!("search {s}"), &["search", s, "--json"]);
        assert!(
            hits.stdout.trim().is_empty() || !hits.stdout.contains("\"server\""),
            "search {s} found something:\n{}",
            hits.stdout
        );
    }

    // The servers really did echo the secrets (so the test would see a leak), and what they
    // echoed arrived redacted.
    let report: Value = serde_json::from_str(&crawl_out.stdout).unwrap();
    let server = |n: &str| {
        report["servers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == n)
            .unwrap()
            .clone()
    };
    let echo_stdio = server("echo-stdio");
    let tools = echo_stdio["snapshot"]["tools"].as_array().unwrap();
    assert_eq!(tools[0]["description"], "Configured with token <redacted>.");
    assert!(
        tools[0]["inputSchema"]["properties"]
            .get("<redacted>")
            .is_some()
    );
    assert!(
        tools[1]["description"]
            .as_str()
            .unwrap()
            .contains("--api-key <redacted>")
    );
    assert_eq!(echo_stdio["server_version"], "1.0-<redacted>");
    assert!(
        echo_stdio["stderr_tail"]
            .as_str()
            .unwrap()
            .contains("using token <redacted>")
    );
    let crash = server("crash-stdio");
    assert_eq!(crash["error"]["kind"], "exited");
    assert!(
        crash["error"]["message"]
            .as_str()
            .unwrap()
            .contains("token <redacted> rejected"),
        "{crash}"
    );
    let echo_http = server("echo-http");
    let desc = echo_http["snapshot"]["tools"][0]["description"]
        .as_str()
        .unwrap();
    assert!(
        desc.contains("authorization <redacted> path") && desc.contains("api_key=<redacted>"),
        "{desc}"
    );
    let fail = server("fail-http");
    assert_eq!(fail["error"]["kind"], "http_status");
    assert!(
        fail["error"]["message"]
            .as_str()
            .unwrap()
            .contains("authorization <redacted>"),
        "{fail}"
    );

    // The spawned server saw its declared variable and the safe base, not our environment.
    let names = tools[2]["description"]
        .as_str()
        .unwrap()
        .trim_start_matches("ENV:")
        .to_string();
    let names: Vec<&str> = names.split(',').collect();
    assert!(
        names.contains(&"HOSTILE_SECRET") && names.contains(&"PATH"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"MCPRISK_PARENT_TOKEN") && !names.contains(&"MCPRISK_HOME"),
        "{names:?}"
    );

    // Nothing anywhere: terminal output, the catalog's files, the index, snapshots, exports.
    for (what, bytes) in &outputs {
        assert_no_secret(what, bytes);
    }
    let mut files = Vec::new();
    files_under(home.path(), &mut files);
    files_under(home.scratch.path(), &mut files);
    assert!(files.iter().any(|f| f.ends_with("catalog.db")));
    assert!(
        files
            .iter()
            .any(|f| f.starts_with(home.path().join("index")))
    );
    for f in &files {
        if f.extension().is_some_and(|e| e == "jsonl") {
            continue;
        }
        assert_no_secret(&f.display().to_string(), &std::fs::read(f).unwrap());
    }
    // The crawl log holds every crawl, failures with their (redacted) messages.
    let conn = rusqlite::Connection::open(home.path().join("catalog.db")).unwrap();
    let logged: Vec<String> = conn
        .prepare("SELECT report FROM crawls")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(logged.len(), 8, "two index runs of four servers");
    assert!(
        logged
            .iter()
            .any(|r| r.contains("token <redacted> rejected"))
    );
    for r in &logged {
        assert_no_secret("the crawl log", r.as_bytes());
    }
}
