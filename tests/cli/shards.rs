//! `crawl --shard K/N` and the merge: a fixture registry of a few hundred servers crawled by
//! several shard processes at once, whose snapshots `mcprisk index` merges into the same catalog
//! as one crawl of the whole registry.

use crate::crawl::fixture_http::{Mode, start};
use crate::harness::{Home, run};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const SERVERS: usize = 300;
const SHARDS: usize = 4;

fn entry(name: &str, server: Value) -> Value {
    let mut server = server;
    server["name"] = json!(name);
    server["version"] = json!("1.0.0");
    json!({"server": server, "_meta": {"io.modelcontextprotocol.registry/official": {"status": "active", "isLatest": true}}})
}

/// Server name → snapshot, for every snapshot under `dir`.
fn snapshots(dir: &Path) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap();
        let name = v["server"]["name"].as_str().unwrap().to_string();
        assert!(
            out.insert(name.clone(), v).is_none(),
            "{name} twice in {dir:?}"
        );
    }
    out
}

#[test]
fn shards_partition_the_registry_and_merge_into_the_one_run_catalog() {
    // Two kinds of server, so that catalogs differ if a server lands on the wrong listing; a
    // package entry, which is skipped without --allow-exec and must be skipped by one shard.
    let web = start(Mode::StreamableJson);
    let paged = start(Mode::Paginated { pages: 2, per: 3 });
    let mut entries: Vec<Value> = (0..SERVERS)
        .map(|i| {
            let url = if i % 3 == 0 {
                paged.url("/mcp")
            } else {
                web.url("/mcp")
            };
            entry(
                &format!("io.example/server-{i:03}"),
                json!({"remotes": [{"type": "streamable-http", "url": url}]}),
            )
        })
        .collect();
    entries.push(entry(
        "io.example/package",
        json!({"packages": [{"registryType": "npm", "identifier": "x", "version": "1", "transport": {"type": "stdio"}}]}),
    ));
    let registry = start(Mode::Registry {
        pages: entries.chunks(100).map(<[Value]>::to_vec).collect(),
    });
    let url = registry.url("");
    let h = Home::new();
    let dir = |name: &str| h.path().join(name).display().to_string();

    let whole = dir("whole");
    let one = h.run(&["crawl", "--registry", &url, "--jobs", "16", "--out", &whole]);
    assert_eq!(one.code, 0, "{}\n{}", one.stdout, one.stderr);

    // The shards run as separate processes, at the same time, as a job runner would run them.
    let children: Vec<_> = (1..=SHARDS)
        .map(|k| {
            let mut c = h.cmd();
            c.args(["crawl", "--registry", &url, "--jobs", "8", "--json"])
                .args([
                    "--shard",
                    &format!("{k}/{SHARDS}"),
                    "--out",
                    &dir(&format!("shard-{k}")),
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            c.spawn().unwrap()
        })
        .collect();
    let mut skipped = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        skipped += report["skipped"].as_array().unwrap().len();
    }
    assert_eq!(skipped, 1, "the package entry is skipped by its shard only");

    // A partition: every server in exactly one shard, none lost, every shard used.
    let all = snapshots(Path::new(&whole));
    assert_eq!(all.len(), SERVERS);
    let mut union = BTreeMap::new();
    let mut sizes = Vec::new();
    for k in 1..=SHARDS {
        let part = snapshots(Path::new(&dir(&format!("shard-{k}"))));
        sizes.push(part.len());
        for (name, snap) in part {
            assert!(union.insert(name, snap).is_none(), "a server in two shards");
        }
    }
    assert_eq!(
        union.keys().collect::<BTreeSet<_>>(),
        all.keys().collect::<BTreeSet<_>>()
    );
    assert!(sizes.iter().all(|&s| s > SERVERS / SHARDS / 2), "{sizes:?}");
    assert_eq!(union, all, "each shard's snapshot is the one-run snapshot");

    // A rerun of a shard crawls the same servers.
    let again = dir("shard-2-again");
    let out = h.run(&[
        "crawl",
        "--registry",
        &url,
        "--shard",
        "2/4",
        "--out",
        &again,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        snapshots(Path::new(&again)).keys().collect::<Vec<_>>(),
        snapshots(Path::new(&dir("shard-2")))
            .keys()
            .collect::<Vec<_>>()
    );

    // The merge: the shard outputs indexed together give the catalog of the one run.
    let merged = h.path().join("merged-home");
    let single = h.path().join("single-home");
    let shard_dirs: Vec<String> = (1..=SHARDS).map(|k| dir(&format!("shard-{k}"))).collect();
    let mut args = vec!["index"];
    args.extend(shard_dirs.iter().map(String::as_str));
    h.run_in(&merged, &args).expect(0);
    h.run_in(&single, &["index", &whole]).expect(0);
    for view in [
        vec!["export", "--out"],
        vec!["stats", "--json"],
        vec!["search", "--json", "--limit", "100000", "repository"],
    ] {
        let (a, b) = (
            catalog_view(&h, &merged, &view),
            catalog_view(&h, &single, &view),
        );
        assert!(a.len() > 100, "{view:?} shows too little to compare: {a}");
        assert!(
            a == b,
            "{view:?} differs between the merged and the one-run catalog:\n{a}\n---\n{b}"
        );
    }
}

/// What a catalog shows through one command, with the catalog's own path and the directory
/// each snapshot was read from taken out (a server's `source` names the snapshot file it came
/// from: `…/shard-3/x.json (snapshot of …)` in one catalog, `…/whole/x.json …` in the other).
fn catalog_view(h: &Home, home: &Path, view: &[&str]) -> String {
    let mut text = raw_view(h, home, view).replace(&home.display().to_string(), "<home>");
    for k in 1..=SHARDS {
        text = text.replace(&format!("{}/shard-{k}/", h.path().display()), "<out>/");
    }
    text.replace(&format!("{}/whole/", h.path().display()), "<out>/")
}

fn raw_view(h: &Home, home: &Path, view: &[&str]) -> String {
    if view[0] == "export" {
        let out = home.join("export");
        let mut args = view.to_vec();
        let o = out.display().to_string();
        args.push(&o);
        h.run_in(home, &args).expect(0);
        let files: BTreeMap<String, String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        assert_eq!(files.len(), SERVERS);
        return format!("{files:?}");
    }
    let mut cmd = h.cmd_in(home);
    cmd.args(view);
    let out = run(&mut cmd).expect(0).stdout;
    if view[0] == "search" {
        // Results of equal score come in the order the tools were indexed, which differs when
        // the snapshots are read from four directories instead of one: compare them as a set
        // (each line carries its score, so the ranking by score is still compared).
        let mut lines: Vec<&str> = out.lines().collect();
        lines.sort_unstable();
        return lines.join("\n");
    }
    out
}
