//! The synthetic corpus (benches/synth) and the two-thread ingest it feeds at scale.

use crate::harness::Home;

#[test]
fn synth_is_deterministic_and_indexes_whole() {
    let env = Home::new();
    let a = env.scratch.path().join("a.jsonl");
    let b = env.scratch.path().join("b.jsonl");
    for f in [&a, &b] {
        let file = std::fs::File::create(f).unwrap();
        let s = crate::synth::write_jsonl(
            crate::synth::Options {
                tools: 400,
                seed: 3,
            },
            file,
        )
        .unwrap();
        assert_eq!((s.tools, s.servers), (400, 20));
    }
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    assert_eq!(text.lines().count(), 400);

    let out = env.run(&["index", a.to_str().unwrap()]).expect(0);
    assert!(
        out.stdout
            .contains("Indexed 20 servers with 400 tools from 1 input: 400 added"),
        "{}",
        out.stdout
    );
    // Again, together with a file that is not JSON: nothing changes, the bad file is reported
    // by name, and the good one is still read in full.
    let bad = env.scratch.path().join("bad.json");
    std::fs::write(&bad, "{ not json").unwrap();
    let out = env
        .run(&["index", bad.to_str().unwrap(), a.to_str().unwrap()])
        .expect(1);
    assert!(out.stderr.contains("bad.json"), "{}", out.stderr);
    assert!(
        out.stdout.contains("400 unchanged") && out.stdout.contains("1 input failed"),
        "{}",
        out.stdout
    );

    // One tool of one server changed: only it is re-classified and re-indexed.
    let first = text.lines().next().unwrap();
    let mut tool: serde_json::Value = serde_json::from_str(first).unwrap();
    let server = tool["server"].as_str().unwrap().to_string();
    tool["description"] = "Permanently deletes the zebrafish archive.".into();
    let server_lines: Vec<String> = text
        .lines()
        .filter(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["server"] == server)
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                tool.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    let changed = env.scratch.path().join("changed.jsonl");
    std::fs::write(&changed, server_lines.join("\n")).unwrap();
    let out = env.run(&["index", changed.to_str().unwrap()]).expect(0);
    assert!(out.stdout.contains("1 changed"), "{}", out.stdout);
    let out = env.run(&["search", "zebrafish", "--json"]).expect(0);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(out.stdout.contains(&server), "{}", out.stdout);
}
