use super::*;
use crate::classify::{Category, Classification, Risk};
use crate::manifest::{OriginKind, ServerInfo, Tool, parse_tools};
use serde_json::{Value, json};
use std::collections::HashMap;

fn classify_with(version: &'static str) -> impl FnMut(&Tool) -> Classification {
    move |t: &Tool| Classification {
        category: if t.name.starts_with("delete") {
            Category::Destructive
        } else {
            Category::Read
        },
        risk: if t.name.starts_with("delete") {
            Risk::Critical
        } else {
            Risk::Low
        },
        signals: Vec::new(),
        rationale: format!("because {}", t.name),
        evidence: t.description.clone(),
        confidence: 0.5,
        decided_by: "test".into(),
        rules_version: version.into(),
    }
}

fn info(name: &str) -> ServerInfo {
    ServerInfo::new(name, OriginKind::File, format!("{name}.json"))
}

fn tools(v: Value) -> Vec<Tool> {
    let m = parse_tools(info("x"), &v, "x.json");
    assert!(m.issues.is_empty(), "{:?}", m.issues);
    m.tools
}

fn write(store: &mut Store, server: &str, v: Value, mode: Mode) -> ServerWrite {
    store
        .write_server(
            &ServerSnapshot {
                info: &info(server),
                tools: &tools(v),
                mode,
                now: 100,
                rules_version: "v1",
                restorable: &HashMap::new(),
            },
            &mut classify_with("v1"),
        )
        .unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("catalog.db")).unwrap();
    (dir, store)
}

#[test]
fn migrates_an_empty_database() {
    let (dir, store) = open();
    let v: i64 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, schema::MIGRATIONS.len());
    assert_eq!(store.generation().unwrap(), 0);
    assert_eq!(store.rules_version().unwrap(), "");
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let id = store.catalog_id().unwrap();
    drop(store);
    // Reopening applies nothing and keeps the catalog's identity.
    let again = Store::open(&dir.path().join("catalog.db")).unwrap();
    assert_eq!(again.catalog_id().unwrap(), id);
}

#[test]
fn writing_the_same_snapshot_twice_changes_nothing() {
    let (_d, mut store) = open();
    let v = json!([{"name": "get_a", "description": "A"}, {"name": "delete_b"}]);
    let first = write(&mut store, "s", v.clone(), Mode::Replace);
    assert_eq!((first.added, first.changed, first.removed), (2, 0, 0));
    assert_eq!(first.upserts.len(), 2);
    let g = store.generation().unwrap();
    let classes_before: Vec<(String, String)> = {
        let mut s = store
            .conn
            .prepare("SELECT risk, rationale FROM classifications ORDER BY tool_id")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let second = write(&mut store, "s", v, Mode::Replace);
    assert!(second.is_noop(), "{second:?}");
    assert_eq!(
        (
            second.added,
            second.changed,
            second.removed,
            second.unchanged
        ),
        (0, 0, 0, 2)
    );
    assert!(second.upserts.is_empty() && second.deletes.is_empty());
    assert_eq!(store.generation().unwrap(), g);
    assert_eq!(count(&store, "SELECT count(*) FROM tool_history"), 0);
    let classes_after: Vec<(String, String)> = {
        let mut s = store
            .conn
            .prepare("SELECT risk, rationale FROM classifications ORDER BY tool_id")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(classes_before, classes_after);
}

#[test]
fn key_order_does_not_count_as_a_change() {
    let (_d, mut store) = open();
    write(
        &mut store,
        "s",
        json!([{"name": "a", "description": "x"}]),
        Mode::Replace,
    );
    let w = write(
        &mut store,
        "s",
        json!([{"description": "x", "name": "a"}]),
        Mode::Replace,
    );
    assert!(w.is_noop());
}

#[test]
fn a_changed_definition_replaces_the_old_one_which_goes_to_history() {
    let (_d, mut store) = open();
    write(
        &mut store,
        "s",
        json!([{"name": "a", "description": "old"}]),
        Mode::Replace,
    );
    let old_hash: String = store
        .conn
        .query_row("SELECT def_hash FROM tools", [], |r| r.get(0))
        .unwrap();
    let w = write(
        &mut store,
        "s",
        json!([{"name": "a", "description": "new"}]),
        Mode::Replace,
    );
    assert_eq!((w.changed, w.added, w.removed), (1, 0, 0));
    assert!(w.generation.is_some());
    let (raw, hash): (String, String) = store
        .conn
        .query_row("SELECT raw, def_hash FROM tools", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(raw.contains("new"));
    assert_ne!(hash, old_hash);
    let (change, h, hraw, new_hash): (String, String, String, String) = store
        .conn
        .query_row(
            "SELECT change, def_hash, raw, new_hash FROM tool_history",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (change.as_str(), h.as_str(), new_hash.as_str()),
        ("changed", old_hash.as_str(), hash.as_str())
    );
    assert!(hraw.contains("old"));
    let server = store.server("s").unwrap().unwrap();
    let t = store.tool(server.id, "a").unwrap().unwrap();
    assert_eq!(t.tool.description, "new");
    assert_eq!(
        t.class.evidence, "new",
        "the classification follows the new definition"
    );
}

#[test]
fn tools_missing_from_a_new_snapshot_are_removed_unless_merging() {
    let (_d, mut store) = open();
    write(
        &mut store,
        "s",
        json!([{"name": "a"}, {"name": "b"}, {"name": "c"}]),
        Mode::Replace,
    );
    let w = write(&mut store, "s", json!([{"name": "a"}]), Mode::Replace);
    assert_eq!(w.removed, 2);
    assert_eq!(w.deletes, ["b", "c"]);
    let id = store.server("s").unwrap().unwrap().id;
    assert_eq!(store.tool_names(id).unwrap(), ["a"]);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM tool_history WHERE change = 'removed'"
        ),
        2
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM classifications"),
        1,
        "classifications go with their tools"
    );

    let w = write(&mut store, "s", json!([{"name": "d"}]), Mode::Merge);
    assert_eq!((w.added, w.removed), (1, 0));
    assert_eq!(store.tool_names(id).unwrap(), ["a", "d"]);
}

#[test]
fn a_server_that_fails_midway_leaves_nothing_behind() {
    let (_d, mut store) = open();
    write(
        &mut store,
        "old",
        json!([{"name": "a", "description": "v1"}, {"name": "b"}]),
        Mode::Replace,
    );
    let g = store.generation().unwrap();
    // A real failure inside the transaction: SQLite refuses the third tool.
    store
        .conn
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON tools WHEN NEW.name = 'boom'
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let bad = json!([{"name": "x"}, {"name": "y"}, {"name": "boom"}]);
    let err = store
        .write_server(
            &ServerSnapshot {
                info: &info("new"),
                tools: &tools(bad.clone()),
                mode: Mode::Replace,
                now: 100,
                rules_version: "v1",
                restorable: &HashMap::new(),
            },
            &mut classify_with("v1"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("injected failure"), "{err}");
    assert!(store.server("new").unwrap().is_none(), "no server row");
    assert_eq!(
        count(&store, "SELECT count(*) FROM tools"),
        2,
        "no tool of it"
    );
    assert_eq!(count(&store, "SELECT count(*) FROM classifications"), 2);

    // An existing server: its changed tool, removal and new tools all roll back together.
    let replace = json!([{"name": "a", "description": "v2"}, {"name": "boom"}]);
    store
        .write_server(
            &ServerSnapshot {
                info: &info("old"),
                tools: &tools(replace),
                mode: Mode::Replace,
                now: 200,
                rules_version: "v1",
                restorable: &HashMap::new(),
            },
            &mut classify_with("v1"),
        )
        .unwrap_err();
    let id = store.server("old").unwrap().unwrap().id;
    assert_eq!(store.tool_names(id).unwrap(), ["a", "b"]);
    assert_eq!(store.tool(id, "a").unwrap().unwrap().tool.description, "v1");
    assert_eq!(count(&store, "SELECT count(*) FROM tool_history"), 0);
    assert_eq!(
        store.generation().unwrap(),
        g,
        "the generation did not move"
    );
}

#[test]
fn reclassify_redoes_only_other_rules_and_stamps_servers() {
    let (_d, mut store) = open();
    write(
        &mut store,
        "s1",
        json!([{"name": "a"}, {"name": "b"}]),
        Mode::Replace,
    );
    write(&mut store, "s2", json!([{"name": "c"}]), Mode::Replace);
    let g = store.generation().unwrap();
    // Bring s2 to v2 through a write (unchanged definitions, other rules): it is reclassified.
    let w = store
        .write_server(
            &ServerSnapshot {
                info: &info("s2"),
                tools: &tools(json!([{"name": "c"}])),
                mode: Mode::Replace,
                now: 300,
                rules_version: "v2",
                restorable: &HashMap::new(),
            },
            &mut classify_with("v2"),
        )
        .unwrap();
    assert_eq!((w.unchanged, w.reclassified), (1, 1));
    assert_eq!(store.generation().unwrap(), g + 1);
    let n = store
        .reclassify("v2", false, &mut {
            let mut f = classify_with("v2");
            move |_: &str, t: &Tool| f(t)
        })
        .unwrap();
    assert_eq!(n, 2, "only s1's tools were on v1");
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM classifications WHERE rules_version = 'v2'"
        ),
        3
    );
    let changed: Vec<String> = store
        .servers_changed_since(g + 1)
        .unwrap()
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(changed, ["s1"]);
    assert_eq!(
        store
            .reclassify("v2", false, &mut {
                let mut f = classify_with("v2");
                move |_: &str, t: &Tool| f(t)
            })
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .reclassify("v2", true, &mut {
                let mut f = classify_with("v2");
                move |_: &str, t: &Tool| f(t)
            })
            .unwrap(),
        3
    );
}

#[test]
fn stats_count_everything() {
    let (_d, mut store) = open();
    write(
        &mut store,
        "s",
        json!([{"name": "get_a"}, {"name": "delete_b"}, {"name": "delete_c"}]),
        Mode::Replace,
    );
    let st = store.stats(5).unwrap();
    assert_eq!((st.servers, st.tools), (1, 3));
    assert_eq!(st.by_category.get(&Category::Destructive), Some(&2));
    assert_eq!(st.by_risk.get(&Risk::Low), Some(&1));
}

#[test]
fn a_later_run_of_the_same_session_restores_what_an_earlier_run_removed() {
    let (_d, mut store) = open();
    write(
        &mut store,
        "s",
        json!([{"name": "a"}, {"name": "b"}, {"name": "c", "description": "v1"}]),
        Mode::Replace,
    );
    let id = store.server("s").unwrap().unwrap().id;
    let first_seen_b = store.tool(id, "b").unwrap().unwrap().first_seen;
    // Run 1 of a later session lists only `a`: `b` and `c` go.
    let w1 = store
        .write_server(
            &ServerSnapshot {
                info: &info("s"),
                tools: &tools(json!([{"name": "a"}])),
                mode: Mode::Replace,
                now: 500,
                rules_version: "v1",
                restorable: &HashMap::new(),
            },
            &mut classify_with("v1"),
        )
        .unwrap();
    assert_eq!(w1.removed, 2);
    let restorable: HashMap<String, i64> = w1.removed_history.into_iter().collect();
    // Run 2 lists `b` unchanged and `c` changed: both come back, history says only that `c` changed.
    let w2 = store
        .write_server(
            &ServerSnapshot {
                info: &info("s"),
                tools: &tools(json!([{"name": "b"}, {"name": "c", "description": "v2"}])),
                mode: Mode::Merge,
                now: 500,
                rules_version: "v1",
                restorable: &restorable,
            },
            &mut classify_with("v1"),
        )
        .unwrap();
    assert_eq!(
        (w2.restored, w2.unchanged, w2.changed, w2.added),
        (2, 1, 1, 0)
    );
    assert_eq!(store.tool_names(id).unwrap(), ["a", "b", "c"]);
    assert_eq!(
        store.tool(id, "b").unwrap().unwrap().first_seen,
        first_seen_b
    );
    let history: Vec<(String, String)> = {
        let mut s = store
            .conn
            .prepare("SELECT tool, change FROM tool_history ORDER BY id")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(history, [("c".to_string(), "changed".to_string())]);
}
