use super::*;
use crate::classify::{Category, Classification, Risk, Signal};
use crate::manifest::parse_tool;
use serde_json::json;

fn class(category: Category, risk: Risk, signals: &[&str]) -> Classification {
    Classification {
        category,
        risk,
        signals: signals
            .iter()
            .map(|s| Signal {
                id: s.to_string(),
                label: format!("label {s}"),
                evidence: "e".into(),
            })
            .collect(),
        rationale: String::new(),
        evidence: String::new(),
        confidence: 1.0,
        decided_by: "test".into(),
        rules_version: "t".into(),
    }
}

/// An index of a few tools with hand-picked classifications.
fn fixture() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::create(&dir.path().join("index")).unwrap();
    let mut w = index.writer().unwrap();
    let f = *w.fields();
    let docs = [
        (
            "fs",
            json!({"name": "search_files", "description": "Find files matching a pattern", "inputSchema": {"properties": {"pattern": {}}}}),
            class(Category::Read, Risk::Low, &["fs_path"]),
        ),
        (
            "fs",
            json!({"name": "read_file", "description": "Read a file. You can search its text with grep later."}),
            class(Category::Read, Risk::Low, &["fs_path"]),
        ),
        (
            "fs",
            json!({"name": "deleteFile", "description": "Delete a file permanently", "inputSchema": {"properties": {"filePath": {}}}}),
            class(
                Category::Destructive,
                Risk::Critical,
                &["fs_path", "irreversible"],
            ),
        ),
        (
            "pay",
            json!({"name": "create_refund", "description": "Refund a charge"}),
            class(Category::Financial, Risk::Critical, &["money"]),
        ),
        (
            "pay",
            json!({"name": "list_charges", "description": "List charges"}),
            class(Category::Read, Risk::Low, &[]),
        ),
        (
            "shell",
            json!({"name": "run_command", "description": "Run a shell command", "inputSchema": {"properties": {"command": {}}}}),
            class(Category::Execute, Risk::Critical, &["code_exec"]),
        ),
        (
            "notes",
            json!({"name": "update_note", "title": "Update a note", "description": "Edit the body of a note"}),
            class(Category::Write, Risk::Medium, &[]),
        ),
    ];
    for (server, raw, c) in docs {
        let tool = parse_tool(&raw).unwrap();
        w.add(f.document(server, &tool, &c)).unwrap();
    }
    w.commit(&IndexState {
        schema: SCHEMA_VERSION,
        catalog: "c".into(),
        generation: 7,
    })
    .unwrap();
    (dir, index)
}

fn names(r: &SearchResults) -> Vec<String> {
    r.hits.iter().map(|h| h.name.clone()).collect()
}

fn query(q: &str) -> SearchRequest {
    SearchRequest {
        query: Some(q.into()),
        limit: 10,
        ..SearchRequest::default()
    }
}

#[test]
fn a_word_in_the_name_outranks_the_same_word_in_a_description() {
    let (_d, index) = fixture();
    let r = index.search(&query("search")).unwrap();
    assert_eq!(names(&r), ["search_files", "read_file"]);
    assert!(r.hits[0].score > r.hits[1].score);
    assert!(!r.fuzzy);
}

#[test]
fn names_are_split_and_stemmed() {
    let (_d, index) = fixture();
    // camelCase name, plural query, parameter name.
    assert_eq!(
        names(&index.search(&query("delete files")).unwrap()),
        ["deleteFile"]
    );
    assert_eq!(
        names(&index.search(&query("file path")).unwrap()),
        ["deleteFile"]
    );
    // Exact full name first.
    let r = index.search(&query("read_file")).unwrap();
    assert_eq!(r.hits[0].name, "read_file");
    // Every word must match somewhere.
    assert!(index.search(&query("refund file")).unwrap().hits.is_empty());
}

#[test]
fn typos_fall_back_to_fuzzy_matches() {
    let (_d, index) = fixture();
    let r = index.search(&query("refnd")).unwrap();
    assert!(r.fuzzy);
    assert_eq!(names(&r), ["create_refund"]);
    let r = index.search(&query("comand")).unwrap();
    assert_eq!(names(&r), ["run_command"]);
    assert!(index.search(&query("zzzzqqq")).unwrap().hits.is_empty());
}

#[test]
fn filters_without_a_query_list_riskiest_first() {
    let (_d, index) = fixture();
    let all = index
        .search(&SearchRequest {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    // Critical first (Financial > Execute > Destructive by category severity), then by server, name.
    assert_eq!(
        names(&all),
        [
            "create_refund",
            "deleteFile",
            "run_command",
            "update_note",
            "read_file",
            "search_files",
            "list_charges"
        ]
    );
    let r = index
        .search(&SearchRequest {
            categories: vec![Category::Read],
            server: Some("fs".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(names(&r), ["read_file", "search_files"]);
    let r = index
        .search(&SearchRequest {
            signals: vec!["irreversible".into(), "money".into()],
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(names(&r), ["create_refund", "deleteFile"]);
    let r = index
        .search(&SearchRequest {
            query: Some("file".into()),
            risks: vec![Risk::Critical],
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(names(&r), ["deleteFile"]);
}

#[test]
fn counts_cover_the_whole_result_set_not_the_page() {
    let (_d, index) = fixture();
    let r = index
        .search(&SearchRequest {
            limit: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.hits.len(), 2);
    assert_eq!(r.total, 7);
    assert_eq!(r.by_category, [3, 1, 1, 1, 1]);
    assert_eq!(r.by_risk, [3, 1, 0, 3]);
    let r = index
        .search(&SearchRequest {
            query: Some("file".into()),
            limit: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(r.by_category, [2, 0, 0, 1, 0]);
    let h = &r.hits[0];
    assert!(!h.server.is_empty() && !h.description.is_empty());
}

#[test]
fn state_is_read_back_and_other_schemas_are_refused() {
    let (d, index) = fixture();
    drop(index);
    let path = d.path().join("index");
    let reopened = SearchIndex::open(&path).unwrap();
    assert_eq!(reopened.state().unwrap().generation, 7);
    let mut w = reopened.writer().unwrap();
    w.commit(&IndexState {
        schema: SCHEMA_VERSION + 1,
        catalog: "c".into(),
        generation: 7,
    })
    .unwrap();
    drop(w);
    assert!(
        SearchIndex::open(&path).is_none(),
        "an index of another schema version is not used"
    );
    assert!(SearchIndex::open(&d.path().join("missing")).is_none());
}
