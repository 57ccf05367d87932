//! The catalog commands end to end: index → search → show → policy → export → index again.

use crate::harness::{Env, fixture, fixture_str};
use serde_json::{Value, json};

/// Snapshot settings: temp paths, fixture paths, rules hashes and times vary between runs.
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            filters => vec![
                (r"/[^\s:]*/tests/fixtures", "[FIXTURES]"),
                (r"/tmp/[^\s:/]+", "[TMP]"),
                (r"\b[0-9a-f]{16}\b", "[RULES]"),
                (r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "[TIME]"),
                (r"\d+\.\d\ds", "[SECS]"),
            ],
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

fn indexed() -> Env {
    let env = Env::new();
    env.run(&[
        "index",
        &fixture_str("catalog/files.json"),
        &fixture_str("catalog/services.jsonl"),
    ])
    .expect(0);
    env
}

#[test]
fn index_reports_servers_and_skipped_tools() {
    let env = Env::new();
    let run = env
        .run(&[
            "index",
            &fixture_str("catalog/files.json"),
            &fixture_str("catalog/services.jsonl"),
        ])
        .expect(0);
    snapshot!("index_stdout", run.stdout);
    snapshot!("index_stderr", run.stderr);
    // The same manifests again change nothing.
    let again = env
        .run(&[
            "index",
            &fixture_str("catalog/files.json"),
            &fixture_str("catalog/services.jsonl"),
        ])
        .expect(0);
    assert!(
        again.stdout.contains("files: 4 tools (unchanged)"),
        "{}",
        again.stdout
    );
    assert!(
        again
            .stdout
            .contains("0 added, 0 changed, 0 removed, 9 unchanged"),
        "{}",
        again.stdout
    );
}

#[test]
fn a_broken_file_is_named_and_the_others_are_kept() {
    let env = Env::new();
    let run = env
        .run(&[
            "index",
            &fixture_str("catalog/broken.json"),
            &fixture_str("catalog/files.json"),
        ])
        .expect(1);
    assert!(
        run.stderr
            .contains("broken.json: not valid JSON at line 2, column"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("files: 4 tools"), "{}", run.stdout);
    let found = env.run(&["search", "delete", "--json"]).expect(0);
    assert_eq!(found.stdout.lines().count(), 1, "{}", found.stdout);
}

#[test]
fn search_table_counts_and_json() {
    let env = indexed();
    let run = env.run(&["search", "file", "--limit", "2"]).expect(0);
    snapshot!("search_file", run.stdout);
    // Counts are for the whole result set, not the page.
    assert!(
        run.stdout.contains("Showing 2 of 4 tools"),
        "{}",
        run.stdout
    );

    let run = env.run(&["search", "file", "--json"]).expect(0);
    let hits: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), 4);
    for h in &hits {
        for key in ["server", "name", "category", "risk", "signals", "score"] {
            assert!(h.get(key).is_some(), "{key} missing in {h}");
        }
        assert!(h["signals"].is_array());
    }
    let mut names: Vec<&str> = hits.iter().map(|h| h["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(
        names,
        ["delete_file", "read_file", "search_files", "write_file"]
    );
    // The exact tool name ranks first.
    let run = env.run(&["search", "write_file", "--json"]).expect(0);
    let first: Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["name"], "write_file");

    // Typos, filters and server names with slashes in tool names.
    let run = env.run(&["search", "refnd"]).expect(0);
    assert!(
        run.stdout.contains("No exact matches") && run.stdout.contains("create_refund"),
        "{}",
        run.stdout
    );
    let run = env
        .run(&["search", "--server", "tracker", "--json"])
        .expect(0);
    let names: Vec<String> = run
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"issues/create".to_string()));
    let run = env.run(&["search", "nothing-like-this-anywhere"]).expect(0);
    assert_eq!(run.stdout, "No tools match.\n");
}

/// A tool that names no known verb and says nothing (weak evidence) beside a clear one: `search`
/// marks the first for review, in the table and in JSON, exactly when `show` does.
#[test]
fn search_marks_weak_evidence_for_review_as_show_does() {
    let env = Env::new();
    env.run(&["index", &fixture_str("catalog/weak.jsonl")])
        .expect(0);
    let shown = |tool: &str| -> Value {
        let run = env.run(&["show", &format!("widgets/{tool}"), "--json"]);
        serde_json::from_str(&run.expect(0).stdout).unwrap()
    };
    let (weak, clear) = (shown("zorblax_quux"), shown("list_widgets"));
    assert_eq!(
        (&weak["review"], &clear["review"]),
        (&json!(true), &json!(false))
    );

    let run = env
        .run(&["search", "--server", "widgets", "--json"])
        .expect(0);
    let mut seen = 0;
    for line in run.stdout.lines() {
        let hit: Value = serde_json::from_str(line).unwrap();
        let show = if hit["name"] == "zorblax_quux" {
            &weak
        } else {
            &clear
        };
        assert_eq!(hit["review"], show["review"], "{hit}");
        assert_eq!(hit["confidence"], show["confidence"], "{hit}");
        seen += 1;
    }
    assert_eq!(seen, 2, "{}", run.stdout);

    let run = env.run(&["search", "--server", "widgets"]).expect(0);
    let row = |tool: &str| {
        run.stdout
            .lines()
            .find(|l| l.contains(tool))
            .unwrap_or_else(|| panic!("no {tool} in\n{}", run.stdout))
    };
    let category = weak["category"].as_str().unwrap();
    assert!(
        row("zorblax_quux").contains(&format!("{category} (review)")),
        "{}",
        run.stdout
    );
    assert!(!row("list_widgets").contains("review"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("  review:      1 tool shown (confidence below 0.6: weak evidence, a person should confirm)"),
        "{}",
        run.stdout
    );
    // A query that finds only the clear tool says nothing of review.
    let run = env.run(&["search", "widgets", "list"]).expect(0);
    assert!(run.stdout.contains("list_widgets"), "{}", run.stdout);
    assert!(!run.stdout.contains("review"), "{}", run.stdout);
}

#[test]
fn search_output_is_sanitised() {
    let env = indexed();
    let run = env.run(&["search", "issue"]).expect(0);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    assert!(run.stdout.contains("issues/create"));
}

#[test]
fn show_a_tool_and_a_server() {
    let env = indexed();
    snapshot!(
        "show_tool",
        env.run(&["show", "files/delete_file"]).expect(0).stdout
    );
    snapshot!("show_server", env.run(&["show", "files"]).expect(0).stdout);
    // A tool name with a slash.
    let run = env
        .run(&["show", "tracker/issues/create", "--json"])
        .expect(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["server"], "tracker");
    assert_eq!(v["name"], "issues/create");
    assert_eq!(v["parameters"][0]["name"], "projectId");
    assert!(v["policy"].is_object());
    let run = env.run(&["show", "files/delete_fiel"]).expect(2);
    assert!(
        run.stderr
            .contains("server files has no tool delete_fiel (did you mean delete_file?)"),
        "{}",
        run.stderr
    );
    let run = env.run(&["show", "fiels"]).expect(2);
    assert!(
        run.stderr
            .contains("no server fiels in the catalog (did you mean files?)"),
        "{}",
        run.stderr
    );
}

#[test]
fn policy_is_stable_json() {
    let env = indexed();
    let a = env.run(&["policy", "files"]).expect(0).stdout;
    let b = env.run(&["policy", "files"]).expect(0).stdout;
    assert_eq!(a, b);
    let v: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["default"], "deny");
    let tools: Vec<&String> = v["tools"].as_object().unwrap().keys().collect();
    assert_eq!(
        tools,
        ["delete_file", "read_file", "search_files", "write_file"]
    );
    let out = env.scratch.path().join("p.json");
    env.run(&[
        "policy",
        "tracker/issues/delete",
        "--out",
        out.to_str().unwrap(),
    ])
    .expect(0);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["tools"].as_object().unwrap().len(), 1);
    assert!(v["tools"]["issues/delete"].is_object());
}

#[test]
fn export_round_trips_through_index() {
    let env = indexed();
    let dir = env.scratch.path().join("export");
    env.run(&["export", "--out", dir.to_str().unwrap()])
        .expect(0);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["files.json", "payments.json", "tracker.json"]);

    let other = tempfile::tempdir().unwrap();
    env.run_in(other.path(), &["index", dir.to_str().unwrap()])
        .expect(0);
    for server in ["files", "payments", "tracker"] {
        let a: Value =
            serde_json::from_str(&env.run(&["export", server]).expect(0).stdout).unwrap();
        let b: Value = serde_json::from_str(
            &env.run_in(other.path(), &["export", server])
                .expect(0)
                .stdout,
        )
        .unwrap();
        assert_eq!(
            a["tools"], b["tools"],
            "{server}: same definitions, verbatim"
        );
        assert_eq!(a["server"]["name"], b["server"]["name"]);
    }
    let a = env
        .run(&["search", "--json", "--limit", "100"])
        .expect(0)
        .stdout;
    let b = env
        .run_in(other.path(), &["search", "--json", "--limit", "100"])
        .expect(0)
        .stdout;
    assert_eq!(a, b, "the same catalog answers the same");
    // Indexing the export into the original catalog changes no tool.
    let run = env.run(&["index", dir.to_str().unwrap()]).expect(0);
    assert!(
        run.stdout
            .contains("0 added, 0 changed, 0 removed, 9 unchanged"),
        "{}",
        run.stdout
    );
}

#[test]
fn stats_reindex_and_reclassify() {
    let env = indexed();
    snapshot!("stats", env.run(&["stats"]).expect(0).stdout);
    let run = env.run(&["reindex"]).expect(0);
    assert!(
        run.stdout.starts_with("Rebuilt the search index: 9 tools"),
        "{}",
        run.stdout
    );
    let run = env.run(&["reclassify"]).expect(0);
    assert!(
        run.stdout.starts_with("Reclassified 0 tools"),
        "{}",
        run.stdout
    );
    let run = env.run(&["reclassify", "--all"]).expect(0);
    assert!(
        run.stdout.starts_with("Reclassified 9 tools"),
        "{}",
        run.stdout
    );
    // A deleted index comes back on its own.
    std::fs::remove_dir_all(env.home.path().join("index")).unwrap();
    let run = env.run(&["search", "refund", "--json"]).expect(0);
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(
        run.stderr.contains("rebuilt the search index (9 tools)"),
        "{}",
        run.stderr
    );
    let _ = fixture("catalog");
}

/// Runs `args` with stdout a pipe whose reader has already gone, as `mcprisk … | head` is once
/// `head` has its lines, and returns the exit code and stderr.
fn run_into_closed_pipe(env: &Env, args: &[&str]) -> (i32, String) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = env
        .cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    (status.code().unwrap_or(-1), stderr)
}

#[test]
fn a_reader_that_goes_away_ends_output_quietly() {
    let env = indexed();
    for args in [
        &["search", "file"][..],
        &["search", "file", "--json"],
        &["show", "files"],
        &["show", "files/delete_file", "--json"],
        &["policy", "files"],
        &["stats"],
        &["export", "files"],
    ] {
        let (code, stderr) = run_into_closed_pipe(&env, args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // An index whose report nobody reads still indexes everything.
    let fresh = Env::new();
    let (code, stderr) = run_into_closed_pipe(
        &fresh,
        &[
            "index",
            &fixture_str("catalog/files.json"),
            &fixture_str("catalog/services.jsonl"),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stats = |env: &Env| -> Value {
        serde_json::from_str(&env.run(&["stats", "--json"]).expect(0).stdout).unwrap()
    };
    assert_eq!(stats(&fresh)["tools"], stats(&env)["tools"]);
}

#[test]
fn version_names_the_rules_that_stats_reports() {
    let env = Env::new();
    let version = env.run(&["--version"]).expect(0).stdout;
    let stats = env.run(&["stats"]).expect(0).stdout;
    let rules = stats
        .lines()
        .find_map(|l| l.strip_prefix("Rules version:"))
        .expect("stats names the rules version")
        .trim();
    assert_eq!(
        version.trim(),
        format!("mcprisk {} (rules {rules})", env!("CARGO_PKG_VERSION"))
    );
}
