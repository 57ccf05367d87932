//! `mcprisk classify`: the JSON contract, the worked examples, and malformed input.

use crate::harness::{Home, root};
use serde_json::Value;

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures/manifests")
        .join(name)
        .display()
        .to_string()
}

fn classify_json(args: &[&str]) -> (Value, String, i32) {
    let home = Home::new();
    let mut full = vec!["classify", "--json"];
    full.extend_from_slice(args);
    let out = home.run(&full);
    let v: Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    (v, out.stderr, out.code)
}

fn tools(v: &Value) -> Vec<(String, String, String)> {
    v["servers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tools"].as_array().unwrap().iter())
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_string(),
                t["category"].as_str().unwrap().to_string(),
                t["risk"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn worked_examples_from_the_taxonomy() {
    let (v, stderr, code) = classify_json(&[&fixture("worked_examples.json")]);
    assert_eq!(code, 0, "{stderr}");
    let expected = [
        ("start_device_auth", "Execute", "High", "auth_flow", 10),
        ("track_auth", "Write", "Medium", "bulk", 30),
        ("oauth.start", "Execute", "High", "auth_flow", 10),
    ];
    let got = v["servers"][0]["tools"].as_array().unwrap();
    assert_eq!(got.len(), 3);
    for (t, (name, category, risk, signal, max)) in got.iter().zip(expected) {
        assert_eq!(t["name"], name);
        assert_eq!(t["category"], category, "{name}");
        assert_eq!(t["risk"], risk, "{name}");
        let ids: Vec<&str> = t["signals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [signal], "{name}");
        assert_eq!(t["policy"]["limits"][0]["max"], max, "{name}");
        assert_eq!(
            t["policy"]["limits"][0]["counter"],
            format!("{}_rate", name.to_lowercase())
        );
    }
}

#[test]
fn json_contract_keeps_its_names() {
    let (v, _, _) = classify_json(&[&fixture("worked_examples.json")]);
    let server = &v["servers"][0];
    assert_eq!(
        server["name"], "worked_examples",
        "named after the file stem"
    );
    let keys: Vec<&String> = server["tools"][0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "name",
            "category",
            "risk",
            "signals",
            "rationale",
            "evidence",
            "confidence",
            "review",
            "policy",
            "attacks"
        ]
    );
    let signal: Vec<&String> = server["tools"][0]["signals"][0]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(signal, ["id", "label", "evidence"]);
    let c = server["tools"][0]["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&c));
}

/// `attacks` in `classify --json` is what `show --json` gives for the same tool: the same
/// mapping, read the same way.
#[test]
fn json_attacks_are_those_show_gives() {
    let home = Home::new();
    let dir = root().join("data/manifests").display().to_string();
    home.run(&["index", &dir]).expect(0);
    let out = home.run(&["classify", "--json", &dir]).expect(0);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let mut compared = 0;
    let mut with_attacks = 0;
    for server in v["servers"].as_array().unwrap() {
        // Every third tool: enough to meet every category, without a process per tool.
        for t in server["tools"].as_array().unwrap().iter().step_by(3) {
            let target = format!(
                "{}/{}",
                server["name"].as_str().unwrap(),
                t["name"].as_str().unwrap()
            );
            let shown = home.run(&["show", &target, "--json"]).expect(0);
            let shown: Value = serde_json::from_str(&shown.stdout).unwrap();
            assert_eq!(t["attacks"], shown["attacks"], "{target}");
            compared += 1;
            with_attacks += usize::from(!t["attacks"].as_array().unwrap().is_empty());
        }
    }
    assert!(compared >= 10, "{compared} tools compared");
    assert!(with_attacks > 0, "no tool had an attack pattern");
    assert!(out.stdout.contains("\"MCP0"), "OWASP MCP ids cited");
}

#[test]
fn output_is_byte_identical_across_runs() {
    let home = Home::new();
    let dir = root().join("data/manifests").display().to_string();
    let a = home.run(&["classify", "--json", &dir]);
    let b = home.run(&["classify", "--json", &dir]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn server_flag_names_a_single_server_file() {
    let (v, _, _) = classify_json(&["--server", "trakt", &fixture("worked_examples.json")]);
    assert_eq!(v["servers"][0]["name"], "trakt");
}

#[test]
fn stdin_is_read_with_a_dash() {
    let home = Home::new();
    let mut cmd = home.cmd();
    cmd.args(["classify", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"[{"name": "delete_repo", "description": "Delete a repository."}]"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        tools(&v),
        [(
            "delete_repo".into(),
            "Destructive".into(),
            "Critical".into()
        )]
    );
    assert_eq!(v["servers"][0]["name"], "stdin");
}

#[test]
fn broken_tools_are_reported_and_the_rest_kept() {
    // Each manifest form, each with broken tools in it.
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "broken_result.json",
            &["list_files", "delete_file"],
            &[
                "tool #1: a tool must be a JSON object, found a string",
                "tool #2: missing `name`",
                "tool #3 (delete_file): `annotations.destructiveHint` is a string, not a boolean",
            ],
        ),
        (
            "broken_rpc.json",
            &["run_command"],
            &["tool #0: `name` is a number, not a string"],
        ),
        (
            "broken_array.json",
            &["create_refund"],
            &[
                "tool #1 (get_refund_status): `inputSchema` is a string, not an object",
                "tool #2: a tool must be a JSON object, found null",
            ],
        ),
        (
            "broken_snapshot.json",
            &["send_email"],
            &["server snap-server: tool #1 (archive_note): `title` is a number, not a string"],
        ),
        (
            "broken.jsonl",
            &["get_issue", "close_issue", "drop_table"],
            &[
                "broken.jsonl:3",
                "broken.jsonl:4: server ?: tool #3 (orphan): missing `server`",
                "server beta: tool #1 (weird): `description` is an array, not a string",
            ],
        ),
    ];
    for (file, kept, problems) in cases {
        let (v, stderr, code) = classify_json(&[&fixture(file)]);
        assert_eq!(code, 0, "{file}: broken tools are warnings: {stderr}");
        let names: Vec<String> = tools(&v).into_iter().map(|t| t.0).collect();
        assert_eq!(&names, kept, "{file}");
        for p in *problems {
            assert!(stderr.contains(p), "{file}: expected `{p}` in:\n{stderr}");
            assert!(
                stderr.contains(file),
                "{file}: the warning names the file:\n{stderr}"
            );
        }
    }
}

#[test]
fn the_second_definition_of_a_name_is_reported() {
    let (_, stderr, _) = classify_json(&[&fixture("broken_result.json")]);
    assert!(
        stderr.contains("tool #5 (list_files): duplicate tool name; the first definition is kept"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("tool #4"),
        "the first valid `delete_file` is kept: {stderr}"
    );
}

#[test]
fn a_file_that_is_not_json_names_file_and_position_and_others_still_run() {
    let (v, stderr, code) =
        classify_json(&[&fixture("not_json.json"), &fixture("worked_examples.json")]);
    assert_eq!(code, 1, "a failed file makes the exit code non-zero");
    assert!(
        stderr.contains("not_json.json: not valid JSON at line 2, column"),
        "{stderr}"
    );
    assert_eq!(tools(&v).len(), 3, "the good file is still classified");
}

#[test]
fn human_output_is_a_table_with_counts() {
    let home = Home::new();
    let out = home.run(&["classify", &fixture("worked_examples.json")]);
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn terminal_output_strips_escapes_but_json_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.json");
    std::fs::write(
        &path,
        r#"[{"name": "del\u001b[2Jete\u202e_x", "description": "hi\u0007"}]"#,
    )
    .unwrap();
    let home = Home::new();
    let out = home.run(&["classify", path.to_str().unwrap()]);
    assert!(
        !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{202e}'),
        "{:?}",
        out.stdout
    );
    assert!(out.stdout.contains("del[2Jete_x"));
    let (v, _, _) = classify_json(&[path.to_str().unwrap()]);
    assert_eq!(
        v["servers"][0]["tools"][0]["name"], "del\u{1b}[2Jete\u{202e}_x",
        "JSON keeps the bytes"
    );
}

#[test]
fn custom_rules_change_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let policy = std::fs::read_to_string(root().join("rules/policy.toml"))
        .unwrap()
        .replace("max = 60", "max = 120");
    std::fs::write(dir.path().join("policy.toml"), policy).unwrap();
    let (v, _, _) = classify_json(&[
        "--rules",
        dir.path().to_str().unwrap(),
        &fixture("broken_result.json"),
    ]);
    assert_eq!(
        v["servers"][0]["tools"][0]["policy"]["limits"][0]["max"],
        120
    );

    std::fs::write(dir.path().join("policy.toml"), "version = [\n").unwrap();
    let home = Home::new();
    let out = home.run(&[
        "classify",
        "--rules",
        dir.path().to_str().unwrap(),
        &fixture("worked_examples.json"),
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("policy.toml:1:") || out.stderr.contains("policy.toml:2:"),
        "{}",
        out.stderr
    );
}
