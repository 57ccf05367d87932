//! `mcprisk policy --format F` and `mcprisk hook claude-code` end to end, on the bundled
//! manifests, with every dialect's output read back by the real parser of its ecosystem:
//! cedar-policy (parse, validate, authorize), cel (evaluate agentgateway's rules), TOML, YAML
//! and JSON. A hostile manifest checks that names cannot inject policy in any language.

use crate::harness::{Env, Output, root};
use serde_json::{Value, json};
use std::io::Write as _;
use std::process::Stdio;
use std::str::FromStr;

const FORMATS: [&str; 6] = [
    "policylayer",
    "claude-code",
    "codex",
    "cedar",
    "agentgateway",
    "intercept",
];

/// A catalog of the bundled manifests (data/manifests).
fn bundled() -> Env {
    let env = Env::new();
    env.run(&["index", root().join("data/manifests").to_str().unwrap()])
        .expect(0);
    env
}

fn policy(env: &Env, args: &[&str]) -> String {
    let mut all = vec!["policy"];
    all.extend_from_slice(args);
    env.run(&all).expect(0).stdout
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

#[test]
fn every_dialect_on_the_bundled_filesystem_server() {
    let env = bundled();
    // The original output: byte for byte what `policy` wrote before the dialects (compared
    // with the previous build when they were added), and the default format.
    snapshot!("policy_policylayer_plain", policy(&env, &["filesystem"]));
    assert_eq!(
        policy(&env, &["filesystem"]),
        policy(&env, &["filesystem", "--format", "policylayer"])
    );
    for f in FORMATS {
        let text = policy(
            &env,
            &["filesystem", "--format", f, "--allow-path", "/srv/data"],
        );
        snapshot!(format!("policy_{f}"), text);
    }
}

#[test]
fn cedar_output_parses_validates_and_decides() {
    use cedar_policy::{Authorizer, Context, Decision, Entities, EntityUid, PolicySet, Request};
    let env = bundled();
    let text = policy(
        &env,
        &[
            "filesystem",
            "--format",
            "cedar",
            "--allow-path",
            "/srv/data",
        ],
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], "1.0");
    assert_eq!(v["type"], "cedarv1");
    assert_eq!(v["cedar"]["entities_json"], "[]");
    let policies: Vec<&str> = v["cedar"]["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(policies.len(), 14, "one policy per tool");
    let set = PolicySet::from_str(&policies.join("\n")).expect("Cedar parses the policies");
    let schema = cedar_schema(&["path", "source", "destination"], &["paths"]);
    let validation = cedar_policy::Validator::new(schema.clone())
        .validate(&set, cedar_policy::ValidationMode::Strict);
    assert!(
        validation.validation_passed(),
        "{:?}",
        validation.validation_errors().collect::<Vec<_>>()
    );
    let decide = |tool: &str, ctx: Value| {
        let req = Request::new(
            EntityUid::from_str(r#"Client::"someone""#).unwrap(),
            EntityUid::from_str(r#"Action::"call_tool""#).unwrap(),
            EntityUid::from_str(&format!("Tool::{}", json!(tool))).unwrap(),
            Context::from_json_value(ctx, None).unwrap(),
            Some(&schema),
        )
        .unwrap();
        Authorizer::new()
            .is_authorized(&req, &set, &Entities::empty())
            .decision()
    };
    // Low (read_file) runs inside the root; Critical (write_file) never does.
    assert_eq!(
        decide("read_file", json!({"arg_path": "/srv/data/notes.txt"})),
        Decision::Allow
    );
    assert_eq!(
        decide("write_file", json!({"arg_path": "/srv/data/notes.txt"})),
        Decision::Deny
    );
    assert_eq!(
        decide("list_allowed_directories", json!({})),
        Decision::Allow
    );
    for outside in [
        "/etc/passwd",
        "/srv/database/x",
        "/srv/data/../etc/passwd",
        "/srv/data/..",
    ] {
        assert_eq!(
            decide("read_file", json!({"arg_path": outside})),
            Decision::Deny,
            "{outside}"
        );
    }
    // ToolHive lists tools by asking about a call with no arguments: the tool must stay listed.
    assert_eq!(
        decide("read_file", json!({})),
        Decision::Allow,
        "no arguments"
    );
    assert_eq!(
        decide(
            "move_file",
            json!({"arg_source": "/srv/data/a", "arg_destination": "/etc/b"})
        ),
        Decision::Deny
    );
    assert_eq!(decide("not_a_tool", json!({})), Decision::Deny);
}

/// A schema for ToolHive's request shape: string arguments and list arguments as optional
/// context attributes `arg_<name>`.
fn cedar_schema(strings: &[&str], lists: &[&str]) -> cedar_policy::Schema {
    let mut attrs: Vec<String> = strings
        .iter()
        .map(|a| format!("{}?: String", json!(format!("arg_{a}"))))
        .collect();
    attrs.extend(
        lists
            .iter()
            .map(|a| format!("{}?: Set<String>", json!(format!("arg_{a}")))),
    );
    let text = format!(
        "entity Client;\nentity Tool;\naction call_tool appliesTo {{ principal: [Client], resource: [Tool], context: {{ {} }} }};\n",
        attrs.join(", ")
    );
    cedar_policy::Schema::from_cedarschema_str(&text)
        .map(|(s, _)| s)
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
}

#[test]
fn agentgateway_rules_evaluate_with_cel() {
    let env = bundled();
    let text = policy(&env, &["filesystem", "--format", "agentgateway"]);
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).expect("YAML parses");
    let rules: Vec<String> = doc["mcpAuthorization"]["rules"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    assert_eq!(rules.len(), 13, "every tool but the Critical write_file");
    let allowed = |target: &str, tool: &str| cel_allows(&rules, target, tool);
    assert!(allowed("filesystem", "read_file"));
    assert!(allowed("filesystem", "edit_file"));
    assert!(!allowed("filesystem", "write_file"), "Critical: no rule");
    assert!(
        !allowed("other", "read_file"),
        "the rule is for its target only"
    );
    assert!(!allowed("filesystem", "unknown_tool"));
}

/// Whether any rule is true for a call (agentgateway's semantics).
fn cel_allows(rules: &[String], target: &str, tool: &str) -> bool {
    let mut ctx = cel::Context::default();
    ctx.add_variable("mcp", json!({"tool": {"name": tool, "target": target}}))
        .unwrap();
    rules.iter().any(|r| {
        let program = cel::Program::compile(r).unwrap_or_else(|e| panic!("{r}: {e:?}"));
        program
            .execute(&ctx)
            .unwrap_or_else(|e| panic!("{r}: {e:?}"))
            == cel::Value::Bool(true)
    })
}

#[test]
fn codex_claude_code_and_intercept_read_back() {
    let env = bundled();
    // Codex: TOML.
    let text = policy(&env, &["filesystem", "--format", "codex"]);
    let doc: toml::Table = toml::from_str(&text).expect("TOML parses");
    let server = &doc["mcp_servers"]["filesystem"];
    let enabled = server["enabled_tools"].as_array().unwrap();
    assert_eq!(enabled.len(), 13);
    assert_eq!(
        server["disabled_tools"].as_array().unwrap(),
        &vec![toml::Value::from("write_file")]
    );
    assert_eq!(
        server["tools"]["read_file"]["approval_mode"].as_str(),
        Some("approve")
    );
    assert_eq!(
        server["tools"]["edit_file"]["approval_mode"].as_str(),
        Some("prompt")
    );
    // Claude Code: JSON.
    let text = policy(&env, &["filesystem", "--format", "claude-code"]);
    let v: Value = serde_json::from_str(&text).unwrap();
    let p = &v["permissions"];
    assert!(
        p["allow"]
            .as_array()
            .unwrap()
            .contains(&json!("mcp__filesystem__read_file"))
    );
    assert!(
        p["ask"]
            .as_array()
            .unwrap()
            .contains(&json!("mcp__filesystem__move_file"))
    );
    assert_eq!(p["deny"], json!(["mcp__filesystem__write_file"]));
    assert_eq!(serde_json::to_string_pretty(&v).unwrap() + "\n", text);
    // Intercept: YAML, with a path rule whose regular expression confines to the root.
    let text = policy(
        &env,
        &[
            "filesystem",
            "--format",
            "intercept",
            "--allow-path",
            "/srv/data",
        ],
    );
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).expect("YAML parses");
    assert_eq!(doc["version"].as_str(), Some("1"));
    assert_eq!(doc["default"].as_str(), Some("deny"));
    assert_eq!(doc["hide"][0].as_str(), Some("write_file"));
    let rules = doc["tools"]["read_file"]["rules"].as_sequence().unwrap();
    let cond = rules
        .iter()
        .find_map(|r| r["conditions"].as_sequence())
        .expect("a condition rule");
    assert_eq!(cond[0]["path"].as_str(), Some("args.path"));
    assert_eq!(cond[0]["op"].as_str(), Some("regex"));
    let re = regex::Regex::new(cond[0]["value"].as_str().unwrap()).unwrap();
    assert!(re.is_match("/srv/data/a.txt") && !re.is_match("/srv/data/../x"));
    // move_file's destination is confined too, though its signal names only `source`.
    let move_rules = serde_yaml_ng::to_string(&doc["tools"]["move_file"]).unwrap();
    assert!(move_rules.contains("args.destination") && move_rules.contains("args.source"));
}

#[test]
fn hostile_names_cannot_inject_policy() {
    let env = Env::new();
    let server = "evil\"; permit(principal, action, resource);\n- \"true\"";
    let tools = [
        "x\"; permit(principal, action, resource); //",
        "y\" || true || \"",
        "z\n  - \"true\"\n# \u{202e}",
        "w'] = 1\n[mcp_servers.other]\nenabled_tools = [\"*\"]",
        "get\"; forbid(principal, action, resource);",
    ];
    let manifest = json!({
        "server": {"name": server},
        "tools": tools.iter().map(|t| json!({
            "name": t,
            "description": "Reads a file at a path.",
            "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}}
        })).chain([json!({"name": "delete_everything", "description": "Permanently deletes every record.", "inputSchema": {"type": "object", "properties": {}}})]).collect::<Vec<_>>()
    });
    let path = env.scratch.path().join("hostile.json");
    std::fs::write(&path, manifest.to_string()).unwrap();
    env.run(&["index", path.to_str().unwrap()]).expect(0);
    let names: Vec<String> = tools.iter().map(|t| t.to_string()).collect();
    for f in FORMATS {
        let out = env
            .run(&["policy", server, "--format", f, "--allow-path", "/srv"])
            .expect(0);
        assert!(
            !out.stdout.chars().any(|c| c.is_control() && c != '\n')
                && !out.stdout.contains('\u{202e}'),
            "{f}: raw control characters in\n{}",
            out.stdout
        );
        match f {
            "cedar" => {
                let v: Value = serde_json::from_str(&out.stdout).unwrap();
                let policies: Vec<&str> = v["cedar"]["policies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap())
                    .collect();
                let set = cedar_policy::PolicySet::from_str(&policies.join("\n")).unwrap();
                assert_eq!(
                    set.policies().count(),
                    tools.len() + 1,
                    "no injected policy"
                );
                // Each policy names exactly one of the hostile tools, byte for byte.
                let mut scoped: Vec<String> = set
                    .policies()
                    .filter_map(|p| match p.resource_constraint() {
                        cedar_policy::ResourceConstraint::Eq(uid) => {
                            Some(uid.id().unescaped().to_string())
                        }
                        _ => None,
                    })
                    .collect();
                scoped.sort();
                let mut want: Vec<String> = names.clone();
                want.push("delete_everything".into());
                want.sort();
                assert_eq!(scoped, want);
            }
            "agentgateway" => {
                let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&out.stdout).unwrap();
                let rules: Vec<String> = doc["mcpAuthorization"]["rules"]
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_string())
                    .collect();
                for t in &names {
                    assert!(cel_allows(&rules, server, t), "{t:?}");
                }
                assert!(!cel_allows(&rules, server, "anything_else"));
                assert!(!cel_allows(&rules, "other", &names[1]));
                assert!(!cel_allows(&rules, server, "delete_everything"));
            }
            "codex" => {
                let doc: toml::Table = toml::from_str(&out.stdout).unwrap();
                let servers = doc["mcp_servers"].as_table().unwrap();
                assert_eq!(servers.keys().collect::<Vec<_>>(), [server]);
                let enabled: Vec<&str> = servers[server]["enabled_tools"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                let mut want: Vec<&str> = names.iter().map(String::as_str).collect();
                want.sort();
                assert_eq!(enabled, want);
            }
            "intercept" => {
                let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&out.stdout).unwrap();
                let keys: Vec<&str> = doc["tools"]
                    .as_mapping()
                    .unwrap()
                    .keys()
                    .map(|k| k.as_str().unwrap())
                    .collect();
                let mut want: Vec<&str> = names.iter().map(String::as_str).collect();
                want.sort();
                assert_eq!(keys, want);
                assert_eq!(doc["hide"][0].as_str(), Some("delete_everything"));
            }
            "claude-code" => {
                let v: Value = serde_json::from_str(&out.stdout).unwrap();
                for list in ["allow", "ask", "deny"] {
                    for r in v["permissions"][list].as_array().unwrap() {
                        let r = r.as_str().unwrap();
                        assert!(
                            r.chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
                            "{r}"
                        );
                    }
                }
            }
            _ => {
                let v: Value = serde_json::from_str(&out.stdout).unwrap();
                let mut keys: Vec<&String> = v["tools"].as_object().unwrap().keys().collect();
                keys.sort();
                assert_eq!(keys.len(), tools.len() + 1);
            }
        }
    }
}

#[test]
fn a_whole_claude_code_config_at_once() {
    let env = bundled();
    let config = env.scratch.path().join(".mcp.json");
    std::fs::write(
        &config,
        json!({"mcpServers": {
            "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/srv/data"]},
            "time": {"command": "uvx", "args": ["mcp-server-time"]},
        }})
        .to_string(),
    )
    .unwrap();
    let c = config.to_str().unwrap();
    for f in FORMATS {
        let out = env.run(&["policy", "--config", c, "--format", f]).expect(0);
        assert!(out.stdout.contains("convert_time"), "{f}: {}", out.stdout);
        assert!(out.stdout.contains("read_text_file"), "{f}");
    }
    let v: Value =
        serde_json::from_str(&policy(&env, &["--config", c, "--format", "claude-code"])).unwrap();
    let allow = v["permissions"]["allow"].as_array().unwrap();
    assert!(allow.contains(&json!("mcp__time__convert_time")));
    assert!(allow.contains(&json!("mcp__filesystem__read_file")));
    // Per-server dialects write one document per server, keyed by its configured name.
    let v: Value =
        serde_json::from_str(&policy(&env, &["--config", c, "--format", "cedar"])).unwrap();
    assert_eq!(v["time"]["type"], "cedarv1");
    assert_eq!(v["filesystem"]["type"], "cedarv1");
    let stream = policy(&env, &["--config", c, "--format", "intercept"]);
    let docs: Vec<serde_yaml_ng::Value> = serde_yaml_ng::Deserializer::from_str(&stream)
        .map(|d| serde::Deserialize::deserialize(d).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    // A server the catalog does not have is named, and the exit status says so.
    std::fs::write(
        &config,
        json!({"mcpServers": {"time": {"command": "uvx"}, "nowhere": {"command": "x"}}})
            .to_string(),
    )
    .unwrap();
    let out = env
        .run(&["policy", "--config", c, "--format", "codex"])
        .expect(1);
    assert!(out.stderr.contains("server nowhere"), "{}", out.stderr);
    assert!(
        out.stdout.contains("[mcp_servers.\"time\"]"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_bad_format_or_limit_is_a_clear_error() {
    let env = bundled();
    let out = env.run(&["policy", "filesystem", "--format", "opa"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown format `opa`"),
        "{}",
        out.stderr
    );
    let out = env.run(&["policy", "filesystem", "--allow-host", "https://x.com/"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--allow-host"), "{}", out.stderr);
}

/// Runs the hook with `input` on stdin.
fn hook(env: &Env, args: &[&str], input: &str) -> Output {
    let mut all = vec!["hook", "claude-code"];
    all.extend_from_slice(args);
    let mut child = env
        .cmd()
        .args(&all)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn call(tool: &str, input: Value) -> String {
    json!({
        "session_id": "s", "transcript_path": "/tmp/t.jsonl", "cwd": "/tmp",
        "hook_event_name": "PreToolUse", "tool_name": tool, "tool_input": input,
    })
    .to_string()
}

/// (decision, reason) from the hook's answer.
fn decision(out: &Output) -> (String, String) {
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    let h = &v["hookSpecificOutput"];
    assert_eq!(h["hookEventName"], "PreToolUse");
    (
        h["permissionDecision"].as_str().unwrap().to_string(),
        h["permissionDecisionReason"].as_str().unwrap().to_string(),
    )
}

#[test]
fn the_hook_allows_asks_and_denies_per_claude_codes_contract() {
    let env = bundled();
    let limits = ["--allow-path", "/srv/data"];
    let (d, why) = decision(&hook(
        &env,
        &limits,
        &call(
            "mcp__filesystem__read_file",
            json!({"path": "/srv/data/a.txt"}),
        ),
    ));
    assert_eq!(d, "allow", "{why}");
    assert!(why.contains("filesystem/read_file is Low risk"), "{why}");
    let (d, why) = decision(&hook(
        &env,
        &limits,
        &call("mcp__filesystem__read_file", json!({"path": "/etc/shadow"})),
    ));
    assert_eq!(d, "deny");
    assert!(
        why.contains("`path`") && why.contains("/etc/shadow"),
        "{why}"
    );
    let (d, _) = decision(&hook(
        &env,
        &limits,
        &call(
            "mcp__filesystem__read_multiple_files",
            json!({"paths": ["/srv/data/a", "/srv/data/../../etc/passwd"]}),
        ),
    ));
    assert_eq!(d, "deny");
    let (d, why) = decision(&hook(
        &env,
        &limits,
        &call(
            "mcp__filesystem__move_file",
            json!({"source": "/srv/data/a", "destination": "/srv/data/b"}),
        ),
    ));
    assert_eq!(d, "ask", "Medium asks: {why}");
    let (d, why) = decision(&hook(
        &env,
        &limits,
        &call(
            "mcp__filesystem__move_file",
            json!({"source": "/srv/data/a", "destination": "/root/b"}),
        ),
    ));
    assert_eq!(d, "deny", "{why}");
    assert!(why.contains("`destination`"), "{why}");
    let (d, _) = decision(&hook(
        &env,
        &[],
        &call(
            "mcp__filesystem__write_file",
            json!({"path": "/srv/data/a", "content": ""}),
        ),
    ));
    assert_eq!(d, "deny", "Critical");
    // Unknown tools get the pessimistic answer.
    let (d, why) = decision(&hook(
        &env,
        &[],
        &call("mcp__filesystem__format_disk", json!({})),
    ));
    assert_eq!(d, "deny");
    assert!(why.contains("not in the catalog"), "{why}");
    // Not an MCP call: no opinion, so Claude Code's own rules decide.
    let out = hook(&env, &[], &call("Bash", json!({"command": "ls"})));
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
    // Unreadable input: still an answer, and a pessimistic one.
    let (d, why) = decision(&hook(&env, &[], "{not json"));
    assert_eq!(d, "deny");
    assert!(why.contains("not JSON"), "{why}");
    // No catalog at all.
    let empty = tempfile::tempdir().unwrap();
    let mut c = env.cmd_in(&empty.path().join("none"));
    let out = crate::harness::run(c.args(["hook", "claude-code"]).stdin(
        std::fs::File::open(write_tmp(&env, &call("mcp__time__convert_time", json!({})))).unwrap(),
    ));
    let (d, why) = decision(&out);
    assert_eq!(d, "deny");
    assert!(why.contains("no catalog"), "{why}");
    assert!(
        !empty.path().join("none").exists(),
        "the hook does not create a catalog"
    );
    // Broken rules or flags: still an answer, a refusal, never an error exit.
    let (d, why) = decision(&hook(
        &env,
        &["--allow-host", "https://x/"],
        &call("mcp__time__convert_time", json!({})),
    ));
    assert_eq!(d, "deny");
    assert!(why.contains("--allow-host"), "{why}");
    let rules = tempfile::tempdir().unwrap();
    std::fs::write(rules.path().join("policy.toml"), "version = [").unwrap();
    let r = rules.path().to_str().unwrap();
    let (d, why) = decision(&hook(
        &env,
        &["--rules", r],
        &call("mcp__time__convert_time", json!({})),
    ));
    assert_eq!(d, "deny");
    assert!(why.contains("policy.toml"), "{why}");
}

fn write_tmp(env: &Env, text: &str) -> std::path::PathBuf {
    let p = env.scratch.path().join("input.json");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn the_hook_reads_the_catalog_without_compiling_the_classifier() {
    let env = bundled();
    // A verbs.toml that cannot compile: the classifier would fail on it, the hook must not.
    let rules = tempfile::tempdir().unwrap();
    std::fs::write(rules.path().join("verbs.toml"), "this is = not [ valid").unwrap();
    let r = rules.path().to_str().unwrap();
    let out = env.run(&[
        "--rules",
        r,
        "classify",
        root().join("data/manifests/time.json").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2, "the broken rules do break the classifier");
    let (d, why) = decision(&hook(
        &env,
        &["--rules", r],
        &call("mcp__time__get_current_time", json!({"timezone": "UTC"})),
    ));
    assert_eq!(d, "allow", "{why}");
}
