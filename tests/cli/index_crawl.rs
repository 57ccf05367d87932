//! `mcprisk index` with live servers: crawled tools land in the catalog next to manifests, and a
//! failed re-crawl keeps the server's last good snapshot.

use crate::harness::{Home, root};
use serde_json::Value;

fn server(mode: &str) -> String {
    let script = root().join("tests/fixtures/servers/stdio_server.py");
    format!("python3 {} {mode}", script.display())
}

fn search_json(home: &Home, args: &[&str]) -> Vec<Value> {
    let mut full = vec!["search", "--json"];
    full.extend_from_slice(args);
    let out = home.run(&full).expect(0);
    out.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn crawled_servers_and_manifests_are_indexed_together() {
    if !crate::harness::python3("the fixture servers") {
        return;
    }
    let home = Home::new();
    let manifest = root().join("data/manifests/time.json");
    let out = home
        .run(&[
            "index",
            manifest.to_str().unwrap(),
            "--stdio",
            &server("basic"),
            "--name",
            "fixture",
        ])
        .expect(0);
    assert!(
        out.stdout.contains("fixture: 3 tools (3 added)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("time: 2 tools (2 added)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("tool #2: missing `name`"),
        "off-spec tools are reported: {}",
        out.stderr
    );

    let hits = search_json(&home, &["--server", "fixture"]);
    let names: Vec<&str> = hits.iter().map(|h| h["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["delete_file", "env_probe", "read_file"],
        "riskiest first"
    );
    assert_eq!(hits[0]["category"], "Destructive");

    let show = home.run(&["show", "fixture", "--json"]).expect(0);
    let v: Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(
        v["server"]["version"], "1.0.0",
        "serverInfo.version is recorded: {}",
        show.stdout
    );
    assert_eq!(v["server"]["origin"], "stdio");
}

#[test]
fn a_failed_recrawl_keeps_the_last_good_snapshot() {
    if !crate::harness::python3("the fixture servers") {
        return;
    }
    let home = Home::new();
    home.run(&["index", "--stdio", &server("basic"), "--name", "flaky"])
        .expect(0);
    let before = search_json(&home, &["--server", "flaky"]);
    assert_eq!(before.len(), 3);

    let out = home.run(&[
        "index",
        "--stdio",
        &server("crash"),
        "--name",
        "flaky",
        "--timeout",
        "10",
    ]);
    assert_eq!(
        out.code, 1,
        "a failed server makes the exit code 1: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("flaky"),
        "the failure names the server: {}",
        out.stderr
    );
    let after = search_json(&home, &["--server", "flaky"]);
    assert_eq!(
        after, before,
        "the catalog still holds the last good snapshot"
    );
}

#[test]
fn a_truncated_listing_removes_nothing() {
    if !crate::harness::python3("the fixture servers") {
        return;
    }
    let home = Home::new();
    // 3 pages of 4 tools, then the same server with a cursor loop: the loop's listing is cut
    // short, so the tools it did not list must stay.
    home.run(&[
        "index",
        "--stdio",
        &server("paginate 3 4"),
        "--name",
        "paged",
    ])
    .expect(0);
    let full = search_json(&home, &["--server", "paged", "--limit", "100"]).len();
    assert_eq!(full, 12);
    let out = home.run(&["index", "--stdio", &server("loop"), "--name", "paged"]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    let after = search_json(&home, &["--server", "paged", "--limit", "100"]).len();
    assert!(
        after >= full,
        "no tool was removed by an incomplete listing ({after} < {full})"
    );
}

#[test]
fn nothing_to_index_is_an_error() {
    let home = Home::new();
    let out = home.run(&["index"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nothing to index"), "{}", out.stderr);
}
