use super::*;
use crate::index::SearchRequest;
use crate::manifest::{OriginKind, RawServer, ServerInfo};
use crate::store::{Mode, ServerSnapshot};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;

fn raw(server: &str, tools: Value) -> RawServer {
    RawServer {
        info: ServerInfo::new(server, OriginKind::File, format!("{server}.json")),
        tools,
    }
}

fn open(dir: &Path) -> Catalog {
    Catalog::open(Home::at(dir), Rules::load(None).unwrap()).unwrap()
}

fn search(c: &Catalog, q: &str) -> Vec<String> {
    let req = SearchRequest {
        query: Some(q.into()),
        limit: 50,
        ..SearchRequest::default()
    };
    let mut v: Vec<String> = c
        .index()
        .search(&req)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| format!("{}/{}", h.server, h.name))
        .collect();
    v.sort();
    v
}

fn ingest(c: &mut Catalog, servers: Vec<RawServer>) -> Vec<ServerOutcome> {
    let mut s = c.ingest().unwrap();
    let out = servers.into_iter().map(|r| s.ingest(r).unwrap()).collect();
    s.finish().unwrap();
    out
}

#[test]
fn ingest_stores_indexes_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    let out = ingest(
        &mut c,
        vec![raw(
            "fs",
            json!([{"name": "read_file"}, {"name": 3}, {"name": "write_file"}]),
        )],
    );
    assert_eq!((out[0].added, out[0].tools, out[0].issues.len()), (2, 2, 1));
    assert_eq!(out[0].issues[0].server, "fs");
    assert_eq!(search(&c, "file"), ["fs/read_file", "fs/write_file"]);
    assert_eq!(c.index_status().unwrap(), IndexStatus::Current);
    // Again: nothing changes, the index stays current without a commit.
    let out = ingest(
        &mut c,
        vec![raw(
            "fs",
            json!([{"name": "read_file"}, {"name": "write_file"}]),
        )],
    );
    assert_eq!((out[0].added, out[0].unchanged), (0, 2));
    assert_eq!(
        c.index().state().unwrap().generation,
        c.store().generation().unwrap()
    );
}

#[test]
fn a_second_run_of_a_server_in_one_session_merges() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(&mut c, vec![raw("s", json!([{"name": "old_tool"}]))]);
    let out = ingest(
        &mut c,
        vec![
            raw("s", json!([{"name": "alpha_tool"}])),
            raw("t", json!([{"name": "x"}])),
            raw("s", json!([{"name": "beta_tool"}])),
        ],
    );
    assert_eq!(
        out[0].removed, 1,
        "the first run replaces the stored snapshot"
    );
    assert!(out[2].merged);
    assert_eq!(out[2].removed, 0, "the second run merges");
    assert_eq!(search(&c, "tool"), ["s/alpha_tool", "s/beta_tool"]);
}

#[test]
fn changed_and_removed_tools_leave_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(
        &mut c,
        vec![raw(
            "s",
            json!([{"name": "a", "description": "apples"}, {"name": "b", "description": "bananas"}]),
        )],
    );
    ingest(
        &mut c,
        vec![raw("s", json!([{"name": "a", "description": "cherries"}]))],
    );
    assert!(search(&c, "apples").is_empty());
    assert!(search(&c, "bananas").is_empty());
    assert_eq!(search(&c, "cherries"), ["s/a"]);
    assert_eq!(c.index().num_docs().unwrap(), 1);
}

#[test]
fn a_missing_index_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(
        &mut c,
        vec![raw("s", json!([{"name": "alpha"}, {"name": "beta"}]))],
    );
    drop(c);
    std::fs::remove_dir_all(Home::at(dir.path()).index_dir()).unwrap();
    let c = open(dir.path());
    assert!(c.opened().rebuilt);
    assert_eq!(c.opened().reindexed, 2);
    assert_eq!(search(&c, "alpha"), ["s/alpha"]);
    assert_eq!(c.index_status().unwrap(), IndexStatus::Current);
}

#[test]
fn an_index_of_another_schema_or_catalog_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(&mut c, vec![raw("s", json!([{"name": "alpha"}]))]);
    let mut w = c.index().writer().unwrap();
    let mut state = c.index().state().unwrap().clone();
    state.schema = 0;
    w.commit(&state).unwrap();
    drop(w);
    drop(c);
    let c = open(dir.path());
    assert!(c.opened().rebuilt);
    assert_eq!(search(&c, "alpha"), ["s/alpha"]);

    // A new database beside an old index: the index belongs to another catalog.
    drop(c);
    let home = Home::at(dir.path());
    for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
        let _ = std::fs::remove_file(home.root().join(f));
    }
    let c = open(dir.path());
    assert!(c.opened().rebuilt);
    assert!(
        search(&c, "alpha").is_empty(),
        "nothing of the old catalog is found"
    );
}

#[test]
fn a_stale_index_catches_up_on_the_changed_servers_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(
        &mut c,
        vec![
            raw(
                "big",
                json!([{"name": "a1"}, {"name": "a2"}, {"name": "a3"}]),
            ),
            raw("small", json!([{"name": "sierra"}])),
        ],
    );
    let version = c.rules().version().to_string();
    let classifier = c.rules().classifier().unwrap().clone();
    drop(c);
    // Another writer changes SQLite but dies before touching the index.
    let mut store = Store::open(&Home::at(dir.path()).db_path()).unwrap();
    let tools = crate::manifest::parse_tools(
        ServerInfo::new("small", OriginKind::File, "small.json"),
        &json!([{"name": "tango"}]),
        "x",
    )
    .tools;
    store
        .write_server(
            &ServerSnapshot {
                info: &tools_info("small"),
                tools: &tools,
                mode: Mode::Replace,
                now: 1,
                rules_version: &version,
                restorable: &HashMap::new(),
            },
            &mut |t| classifier.classify(t),
        )
        .unwrap();
    drop(store);
    let c = open(dir.path());
    assert!(!c.opened().rebuilt);
    assert_eq!(
        c.opened().reindexed,
        1,
        "only the changed server was re-indexed"
    );
    assert_eq!(search(&c, "tango"), ["small/tango"]);
    assert!(search(&c, "sierra").is_empty());
    assert_eq!(search(&c, "a1"), ["big/a1"]);
}

#[test]
fn a_session_first_catches_up_on_what_another_writer_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(&mut c, vec![raw("s", json!([{"name": "alpha"}]))]);
    let version = c.rules().version().to_string();
    // Another writer removes the tool from SQLite and dies before its index commit: the
    // index still holds the tool's document, and this catalog was opened before.
    let mut store = Store::open(&Home::at(dir.path()).db_path()).unwrap();
    store
        .write_server(
            &ServerSnapshot {
                info: &tools_info("s"),
                tools: &[],
                mode: Mode::Replace,
                now: 1,
                rules_version: &version,
                restorable: &HashMap::new(),
            },
            &mut |_| unreachable!(),
        )
        .unwrap();
    drop(store);
    // The tool comes back, new to the catalog: its old document must not stay beside it.
    ingest(&mut c, vec![raw("s", json!([{"name": "alpha"}]))]);
    assert_eq!(search(&c, "alpha"), ["s/alpha"]);
    assert_eq!(c.index().num_docs().unwrap(), 1);
    assert_eq!(c.index_status().unwrap(), IndexStatus::Current);
}

fn tools_info(name: &str) -> ServerInfo {
    ServerInfo::new(name, OriginKind::File, format!("{name}.json"))
}

#[test]
fn the_index_is_never_ahead_of_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(&mut c, vec![raw("s", json!([{"name": "alpha"}]))]);
    let before = c.index().state().unwrap().generation;
    {
        // A session that stores a server but is dropped before its index commit.
        let mut s = c.ingest().unwrap();
        s.ingest(raw("t", json!([{"name": "beta"}]))).unwrap();
    }
    let store_gen = c.store().generation().unwrap();
    let index_gen = SearchIndex::open(&c.home().index_dir())
        .unwrap()
        .state()
        .unwrap()
        .generation;
    assert_eq!(index_gen, before);
    assert!(index_gen < store_gen);
    drop(c);
    let c = open(dir.path());
    assert_eq!(search(&c, "beta"), ["t/beta"], "the next open catches up");
}

#[test]
fn rules_change_reclassifies_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(
        &mut c,
        vec![raw("s", json!([{"name": "alpha"}, {"name": "beta"}]))],
    );
    drop(c);
    // Rules that differ from the built-in ones in one file.
    let rules = tempfile::tempdir().unwrap();
    let policy = crate::classify::rules::RuleFiles::embedded()
        .get("policy.toml")
        .1
        .to_string();
    std::fs::write(
        rules.path().join("policy.toml"),
        format!("{policy}\n# tuned\n"),
    )
    .unwrap();
    let tuned = Rules::load(Some(rules.path())).unwrap();
    let version = tuned.version().to_string();
    let c = Catalog::open(Home::at(dir.path()), tuned).unwrap();
    assert_eq!(c.opened().reclassified, 2);
    assert_eq!(c.store().rules_version().unwrap(), version);
    let s = c.store().server("s").unwrap().unwrap();
    assert!(
        c.store()
            .tools_of(s.id)
            .unwrap()
            .iter()
            .all(|t| t.class.rules_version == version)
    );
    assert_eq!(c.index_status().unwrap(), IndexStatus::Current);
}

#[test]
fn searches_during_a_run_use_the_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(&mut c, vec![raw("s", json!([{"name": "alpha"}]))]);
    let mut session = c.ingest().unwrap();
    session.ingest(raw("t", json!([{"name": "beta"}]))).unwrap();
    // The catalog is ahead of the index and the writer is taken: a reader still opens.
    let reader = open(dir.path());
    assert_eq!(reader.index_status().unwrap(), IndexStatus::Behind);
    assert_eq!(search(&reader, "alpha"), ["s/alpha"]);
    assert!(matches!(reader.index().writer(), Err(Error::Busy { .. })));
    drop(reader);
    session.finish().unwrap();
    assert_eq!(search(&open(dir.path()), "beta"), ["t/beta"]);
}

/// Writes an empty index in `dir` laid out as schema version 2 left it (today's fields without
/// `confidence`), its commit claiming `state`.
fn write_index_without_confidence(dir: &Path, state: &IndexState) {
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let (today, _) = crate::index::Fields::schema();
    let mut b = tantivy::schema::Schema::builder();
    for (_, entry) in today.fields() {
        if entry.name() != "confidence" {
            b.add_field(entry.clone());
        }
    }
    let index = tantivy::Index::create_in_dir(dir, b.build()).unwrap();
    let mut w: tantivy::IndexWriter<tantivy::TantivyDocument> = index.writer(15_000_000).unwrap();
    let mut commit = w.prepare_commit().unwrap();
    commit.set_payload(&serde_json::to_string(state).unwrap());
    commit.commit().unwrap();
    w.wait_merging_threads().unwrap();
}

#[test]
fn an_index_without_confidence_is_rebuilt_and_results_carry_review() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(
        &mut c,
        vec![raw(
            "widgets",
            json!([
                {"name": "zorblax_quux"},
                {"name": "list_widgets", "description": "List the widgets in the workspace."}
            ]),
        )],
    );
    let current = c.index().state().unwrap().clone();
    let index_dir = c.home().index_dir();
    drop(c);
    // As version 2 recorded itself, and as if its commit claimed today's version: either way
    // the missing field is noticed and the index rebuilt, not searched half-blind.
    for schema in [2, SCHEMA_VERSION] {
        let state = IndexState {
            schema,
            ..current.clone()
        };
        write_index_without_confidence(&index_dir, &state);
        let c = open(dir.path());
        assert!(c.opened().rebuilt, "schema {schema}");
        let req = SearchRequest {
            server: Some("widgets".into()),
            limit: 10,
            ..SearchRequest::default()
        };
        let hits = c.index().search(&req).unwrap().hits;
        let review: Vec<(&str, bool)> = hits.iter().map(|h| (h.name.as_str(), h.review)).collect();
        assert_eq!(
            review,
            [("zorblax_quux", true), ("list_widgets", false)],
            "schema {schema}"
        );
        // The confidence shown is the stored classification's.
        let server = c.store().server("widgets").unwrap().unwrap();
        for h in &hits {
            let stored = c.store().tool(server.id, &h.name).unwrap().unwrap();
            assert_eq!(h.confidence, stored.class.confidence, "{}", h.name);
            assert_eq!(h.review, stored.class.needs_review(), "{}", h.name);
        }
    }
}

/// Every file under `dir` with its contents, to tell whether anything was touched.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn an_index_another_process_writes_is_not_replaced_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path());
    ingest(&mut c, vec![raw("s", json!([{"name": "alpha"}]))]);
    let current = c.index().state().unwrap().clone();
    let index_dir = c.home().index_dir();
    drop(c);
    // Another version of mcprisk, with another index schema, is writing: it holds tantivy's
    // writer lock on its index (a lock from this process on another handle is refused alike).
    let state = IndexState {
        schema: 2,
        ..current
    };
    write_index_without_confidence(&index_dir, &state);
    let theirs = tantivy::Index::open_in_dir(&index_dir).unwrap();
    let writer: tantivy::IndexWriter<tantivy::TantivyDocument> = theirs.writer(15_000_000).unwrap();
    let before = snapshot(&index_dir);
    assert!(before.iter().any(|(name, _)| name == "meta.json"));

    let err = Catalog::open(Home::at(dir.path()), Rules::load(None).unwrap())
        .err()
        .expect("opening must not replace an index another process writes");
    assert!(matches!(err, Error::RebuildBusy { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&index_dir.display().to_string()), "{msg}");
    assert!(msg.contains("another mcprisk process"), "{msg}");
    assert!(msg.contains("left it untouched"), "{msg}");
    assert_eq!(
        snapshot(&index_dir),
        before,
        "the index directory was touched"
    );

    // Once the other writer is gone, the next open replaces the index and fills it.
    drop(writer);
    drop(theirs);
    let c = open(dir.path());
    assert!(c.opened().rebuilt);
    assert_eq!(search(&c, "alpha"), ["s/alpha"]);
    assert_eq!(c.index_status().unwrap(), IndexStatus::Current);
}
