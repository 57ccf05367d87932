//! Crash safety: `mcprisk index` killed with SIGKILL at random moments while it ingests a large
//! synthetic corpus, again and again. After every kill the catalog must pass SQLite's
//! integrity check, every server must be either wholly present (all its tools, each classified,
//! all from the same version of the corpus) or absent, and the next command must find the
//! search index consistent or bring it back (documents = tools). A final run completes the job.
//!
//! The corpus alternates between two versions whose descriptions differ, so every run rewrites
//! every server (with history rows) and a kill always lands in the middle of real writes.

use crate::harness::Home;
use rusqlite::Connection;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const SERVERS: usize = 2000;
const KILLS: usize = 20;

fn tools_of(i: usize) -> usize {
    i % 5 + 1
}

fn write_corpus(path: &Path, version: &str) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..SERVERS {
        for j in 0..tools_of(i) {
            let line = json!({
                "server": format!("srv-{i:05}"),
                "name": format!("get_item_{j}"),
                "description": format!("Fetch item {j} of collection {i} ({version})"),
                "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}}
            });
            writeln!(f, "{line}").unwrap();
        }
    }
}

/// A small xorshift generator: the kill moments vary between runs, and the seed is printed so
/// that a failure can be replayed with MCPRISK_CRASH_SEED.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Checks the catalog after a kill; returns how many servers are stored, and how many of them
/// hold `version`.
fn check_catalog(db: &Path, round: usize, version: &str) -> (usize, usize) {
    let conn = Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "round {round}: integrity check");
    let fk: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(fk.is_empty(), "round {round}: foreign keys {fk:?}");
    let mut stmt = conn
        .prepare(
            "SELECT s.name, t.raw, c.tool_id IS NOT NULL FROM servers s
             LEFT JOIN tools t ON t.server_id = s.id
             LEFT JOIN classifications c ON c.tool_id = t.id",
        )
        .unwrap();
    let mut servers: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for row in stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })
        .unwrap()
    {
        let (server, raw, classified) = row.unwrap();
        let raw = raw.unwrap_or_else(|| panic!("round {round}: server {server} has no tools"));
        let v: Value = serde_json::from_str(&raw).unwrap();
        let desc = v["description"].as_str().unwrap().to_string();
        let version = desc
            .rsplit('(')
            .next()
            .unwrap()
            .trim_end_matches(')')
            .to_string();
        servers
            .entry(server)
            .or_default()
            .push((version, classified));
    }
    for (server, tools) in &servers {
        let i: usize = server.trim_start_matches("srv-").parse().unwrap();
        assert_eq!(
            tools.len(),
            tools_of(i),
            "round {round}: server {server} is partly stored"
        );
        assert!(
            tools.iter().all(|(v, c)| *c && *v == tools[0].0),
            "round {round}: server {server} mixes versions or lacks classifications: {tools:?}"
        );
    }
    let current = servers.values().filter(|t| t[0].0 == version).count();
    (servers.len(), current)
}

#[test]
fn sigkill_during_index_never_corrupts_the_catalog() {
    let home = Home::new();
    let corpus = [
        home.scratch.path().join("a.jsonl"),
        home.scratch.path().join("b.jsonl"),
    ];
    write_corpus(&corpus[0], "version a");
    write_corpus(&corpus[1], "version b");
    let db = home.path().join("catalog.db");
    let seed: u64 = std::env::var("MCPRISK_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("crash test seed: {seed} (replay with MCPRISK_CRASH_SEED={seed})");
    let mut rng = Rng(seed);
    // How long a whole run takes here, measured on a scratch catalog: kills land anywhere
    // within it, so the test keeps killing mid-ingest however fast (or slow) the machine is.
    let full = {
        let scratch = Home::new();
        let start = Instant::now();
        scratch
            .run(&["index", corpus[0].to_str().unwrap()])
            .expect(0);
        start.elapsed()
    };
    let window_ms = (full.as_millis() as u64 * 9 / 10).max(60);
    let mut kills = 0;
    let mut completed = 0;
    let mut round = 0;
    let mut stored_after_kill = Vec::new();
    while kills < KILLS {
        round += 1;
        assert!(
            round < KILLS * 3,
            "too many runs finished before their kill"
        );
        let input = &corpus[round % 2];
        let version = ["version a", "version b"][round % 2];
        // Kill anywhere from the first moments (opening, migrating) to deep into the ingest.
        let delay = Duration::from_millis(10 + rng.next() % window_ms);
        let mut child = home
            .cmd()
            .args(["index", input.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let finished = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if start.elapsed() >= delay {
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        match finished {
            Some(status) => {
                assert!(status.success(), "round {round}: index failed on its own");
                completed += 1;
            }
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                kills += 1;
            }
        }
        if !db.exists() {
            continue; // killed before the catalog was created
        }
        let (stored, rewritten) = check_catalog(&db, round, version);
        stored_after_kill.push((stored, rewritten));
        // The next command finds the index consistent, or repairs it, before answering.
        let stats = home.run(&["stats", "--json"]).expect(0);
        let stats: Value = serde_json::from_str(&stats.stdout).unwrap();
        assert_eq!(
            stats["index"]["status"], "current",
            "round {round}: {stats}"
        );
        assert_eq!(
            stats["index"]["documents"], stats["tools"],
            "round {round}: the index disagrees with the catalog"
        );
        assert_eq!(stats["servers"], stored);
        if stored > 0 {
            // A stored server is found, whole, through the index.
            let i = (rng.next() as usize) % SERVERS;
            let name = format!("srv-{i:05}");
            let hits = home.run(&["search", "--server", &name, "--json"]).expect(0);
            let n = hits
                .stdout
                .lines()
                .filter(|l| l.contains("\"server\""))
                .count();
            let expected = crate::hostile::stored_tools(&db, &name).map_or(0, |t| t.len());
            assert_eq!(
                n, expected,
                "round {round}: search for {name}:\n{}",
                hits.stdout
            );
        }
    }
    eprintln!(
        "crash test: {kills} kills, {completed} runs completed before their kill, (servers stored, of them written by the killed run) after each: {stored_after_kill:?}"
    );
    // A final run completes the job.
    home.run(&["index", corpus[0].to_str().unwrap()]).expect(0);
    assert_eq!(
        check_catalog(&db, round + 1, "version a"),
        (SERVERS, SERVERS)
    );
    let stats: Value =
        serde_json::from_str(&home.run(&["stats", "--json"]).expect(0).stdout).unwrap();
    let tools: usize = (0..SERVERS).map(tools_of).sum();
    assert_eq!(stats["tools"], tools);
    assert_eq!(stats["index"]["documents"], tools);
}
