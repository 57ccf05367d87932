use super::*;
use serde_json::json;

fn info() -> ServerInfo {
    ServerInfo::new("s", OriginKind::File, "s.json")
}

#[test]
fn keeps_good_tools_and_reports_bad_ones() {
    let tools = json!([
        {"name": "ok", "description": "fine", "x-extra": 1},
        42,
        {"description": "no name"},
        {"name": "bad_desc", "description": 7},
        {"name": "bad_hint", "annotations": {"readOnlyHint": "yes"}},
        {"name": "ok"},
        {"name": "ok2", "inputSchema": {"type": "object"}}
    ]);
    let m = parse_tools(info(), &tools, "s.json");
    let names: Vec<_> = m.tools.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["ok", "ok2"]);
    assert_eq!(
        m.tools[0].raw["x-extra"], 1,
        "unknown fields are kept verbatim"
    );
    let problems: Vec<_> = m
        .issues
        .iter()
        .map(|i| (i.index, i.problem.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (1, "a tool must be a JSON object, found a number"),
            (2, "missing `name`"),
            (3, "`description` is a number, not a string"),
            (4, "`annotations.readOnlyHint` is a string, not a boolean"),
            (5, "duplicate tool name; the first definition is kept"),
        ]
    );
    assert!(
        m.issues
            .iter()
            .all(|i| i.server == "s" && i.location == "s.json")
    );
}

#[test]
fn tools_over_the_limits_are_skipped_with_the_limit_named() {
    let mut deep = json!({"type": "string"});
    for _ in 0..10 {
        deep = json!({"type": "object", "properties": {"x": deep}});
    }
    let tools = json!([
        {"name": "deep", "inputSchema": deep},
        {"name": "long", "description": "x".repeat(101)},
        {"name": "long_enum", "inputSchema": {"enum": ["y".repeat(200)]}},
        {"name": "fine", "description": "x".repeat(100), "inputSchema": {"type": "object"}}
    ]);
    let limits = ToolLimits {
        max_schema_depth: 8,
        max_text_bytes: 100,
    };
    let m = parse_tools_limited(info(), &tools, "s.json", &limits);
    let names: Vec<_> = m.tools.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["fine"]);
    let problems: Vec<_> = m.issues.iter().map(|i| i.problem.as_str()).collect();
    assert_eq!(
        problems,
        [
            "`inputSchema` is nested more than 8 levels deep (limit: --max-schema-depth 8)",
            "`description` is 101 bytes long (limit: --max-text-bytes 100)",
            "a string in `inputSchema` is 200 bytes long (limit: --max-text-bytes 100)",
        ]
    );
    assert_eq!(m.issues[0].name.as_deref(), Some("deep"));
    // The defaults take every real tool.
    let m = parse_tools(info(), &tools, "s.json");
    assert_eq!(m.tools.len(), 4);
}

#[test]
fn depth_counts_levels_without_recursion() {
    assert_eq!(json_depth(&json!(1), 100), 0);
    assert_eq!(json_depth(&json!({}), 100), 1);
    assert_eq!(json_depth(&json!({"a": [1, {"b": {}}]}), 100), 4);
    assert_eq!(json_depth(&json!({"a": [1, {"b": {}}]}), 2), 2);
}

#[test]
fn tools_not_an_array_is_reported() {
    let m = parse_tools(info(), &json!({"a": 1}), "s.json");
    assert!(m.tools.is_empty());
    assert_eq!(m.issues[0].problem, "`tools` is an object, not an array");
}

#[test]
fn owned_and_borrowed_parsing_agree() {
    let tools =
        serde_json::json!([{"name": "a", "inputSchema": {"properties": {"p": {}}}}, {"name": 1}]);
    let a = parse_tools(info(), &tools, "s.json");
    let b = parse_tools_owned(info(), tools.clone(), "s.json", &ToolLimits::DEFAULT);
    assert_eq!(a.tools.len(), 1);
    assert_eq!(a.tools[0].raw, b.tools[0].raw);
    assert_eq!(a.tools[0].def_hash, b.tools[0].def_hash);
    assert_eq!(a.issues, b.issues);
}
