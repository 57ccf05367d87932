//! Scale benchmark: a synthetic catalog of 100k and 1M tools indexed, re-indexed, searched and
//! classified, with SQLite FTS5 over the same data searched side by side. Prints one table.
//!
//!     cargo bench --bench scale                                  # 100k and 1M tools
//!     MCPRISK_SCALE_SIZES=20000 cargo bench --bench scale        # what CI runs
//!
//! Settings (environment): `MCPRISK_SCALE_SIZES` (comma-separated tool counts, default
//! `100000,1000000`), `MCPRISK_SCALE_SEED` (default 1), `MCPRISK_SCALE_DIR` (work directory for
//! corpora, catalogs and the FTS5 databases, default `target/scale`; corpora are kept and
//! reused, being deterministic), `MCPRISK_SCALE_ROUNDS` (passes over the query mix in process,
//! default 5), `MCPRISK_BENCH_SECS` (classification time budget, default 3).
//!
//! What runs where: indexing and the one-server re-index run the release `mcprisk` binary as a
//! child process (`mcprisk index FILE`), so wall time and peak RSS (from `wait4`) are those of
//! the real command; in-process search uses the library on an opened catalog; "process" search
//! runs `mcprisk search …` once per query, a fresh process each time (page cache warm). FTS5 is
//! SQLite's, bundled with rusqlite, over a table built from the same catalog: the five text
//! fields with the same weights (bm25), category and risk beside them; each FTS5 query returns
//! the top 10 and counts per category and risk, as `mcprisk search` does. There are no
//! pass/fail thresholds here: the targets and the last figures are in BENCHMARKS.md.

mod common;

use mcprisk::catalog::{Catalog, Rules};
use mcprisk::classify::tokens::split_name;
use mcprisk::classify::{Category, Classifier, Risk};
use mcprisk::home::Home;
use mcprisk::index::SearchRequest;
use mcprisk::index::schema::{category_ord, risk_ord};
use mcprisk::manifest::formats::{Input, read_input};
use mcprisk::manifest::{Tool, parse_tools};
use rusqlite::{Connection, params_from_iter};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "synth/mod.rs"]
mod synth;

const BIN: &str = env!("CARGO_BIN_EXE_mcprisk");

fn env_or<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One query of the mix.
struct Q {
    kind: &'static str,
    text: Option<&'static str>,
    /// A phrase for FTS5 (mcprisk has no phrase queries: all words must match).
    phrase: bool,
    cats: &'static [Category],
    risks: &'static [Risk],
}

const fn q(kind: &'static str, text: &'static str) -> Q {
    Q {
        kind,
        text: Some(text),
        phrase: false,
        cats: &[],
        risks: &[],
    }
}

const fn phrase(text: &'static str) -> Q {
    Q {
        kind: "phrase",
        text: Some(text),
        phrase: true,
        cats: &[],
        risks: &[],
    }
}

const fn filtered(
    text: Option<&'static str>,
    cats: &'static [Category],
    risks: &'static [Risk],
) -> Q {
    Q {
        kind: if text.is_some() { "filtered" } else { "facets" },
        text,
        phrase: false,
        cats,
        risks,
    }
}

use Category::{Destructive, Execute, Financial, Read, Write as Wr};
use Risk::{Critical, High, Low, Medium};

/// The fixed mix: 64 queries.
const MIX: &[Q] = &[
    q("word", "delete"),
    q("word", "repository"),
    q("word", "invoice"),
    q("word", "kubernetes"),
    q("word", "file"),
    q("word", "search"),
    q("word", "deploy"),
    q("word", "refund"),
    q("word", "token"),
    q("word", "message"),
    q("word", "pod"),
    q("word", "screenshot"),
    q("word", "webhook"),
    q("word", "calendar"),
    q("word", "subscription"),
    q("word", "shell"),
    q("word", "commit"),
    q("word", "bucket"),
    q("word", "list"),
    q("word", "get"),
    q("two words", "create issue"),
    q("two words", "list files"),
    q("two words", "delete branch"),
    q("two words", "send message"),
    q("two words", "run command"),
    q("two words", "weather forecast"),
    q("two words", "update customer"),
    q("two words", "upload file"),
    q("two words", "query database"),
    q("two words", "merge request"),
    q("two words", "refund payment"),
    q("two words", "restart deployment"),
    q("two words", "createIssue"),
    q("two words", "list_pods"),
    phrase("pull request"),
    phrase("shell command"),
    phrase("cannot be undone"),
    phrase("rate limits apply"),
    phrase("payment method"),
    phrase("working directory"),
    phrase("local file system"),
    phrase("knowledge graph"),
    filtered(Some("delete"), &[Destructive], &[]),
    filtered(Some("file"), &[], &[High]),
    filtered(Some("payment"), &[Financial], &[]),
    filtered(Some("container"), &[], &[Medium, High]),
    filtered(Some("secret"), &[Read], &[]),
    filtered(Some("message"), &[Wr], &[Medium]),
    filtered(Some("run"), &[Execute], &[Critical]),
    filtered(Some("list"), &[Read], &[Low]),
    q("typo", "delte"),
    q("typo", "repositry"),
    q("typo", "kubernets"),
    q("typo", "invocie"),
    q("typo", "craete isue"),
    q("typo", "scrennshot"),
    q("typo", "deploymnet"),
    q("typo", "subscriptoin"),
    filtered(None, &[Execute], &[]),
    filtered(None, &[], &[Critical]),
    filtered(None, &[Destructive], &[Critical]),
    filtered(None, &[Financial], &[]),
    filtered(None, &[], &[Low]),
    filtered(None, &[Wr, Execute], &[High]),
];

fn request(q: &Q) -> SearchRequest {
    SearchRequest {
        query: q.text.map(str::to_string),
        categories: q.cats.to_vec(),
        risks: q.risks.to_vec(),
        signals: Vec::new(),
        server: None,
        limit: 10,
    }
}

fn cli_args(q: &Q) -> Vec<String> {
    let mut a = vec!["search".to_string(), "--limit".into(), "10".into()];
    for c in q.cats {
        a.push("--category".into());
        a.push(c.as_str().into());
    }
    for r in q.risks {
        a.push("--risk".into());
        a.push(r.as_str().into());
    }
    if let Some(t) = q.text {
        a.extend(t.split_whitespace().map(str::to_string));
    }
    a
}

/// Percentiles of latencies, in milliseconds.
fn pct(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    let i = ((times.len() - 1) as f64 * p).round() as usize;
    times[i].as_secs_f64() * 1e3
}

fn dir_size(p: &Path) -> u64 {
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => std::fs::read_dir(p)
            .map(|rd| rd.flatten().map(|e| dir_size(&e.path())).sum())
            .unwrap_or(0),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

/// What [`run_measured`] measured of a child process.
struct Measured {
    wall: Duration,
    /// User plus system CPU time (from `wait4`): on a shared machine wall time depends on the
    /// load, CPU time much less.
    cpu: Duration,
    /// Peak RSS in bytes.
    rss: u64,
    /// The last line of standard output.
    last: String,
}

/// Runs the binary, measuring it (see [`Measured`]).
fn run_measured(args: &[&str]) -> Measured {
    let start = Instant::now();
    // Reaped below with wait4, which also gives the peak RSS.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("mcprisk runs");
    let pid = child.id() as libc::pid_t;
    // Drain stdout (the per-server lines) and keep the last line, the summary.
    let mut out = child.stdout.expect("stdout");
    let mut last = String::new();
    {
        use std::io::BufRead;
        let r = std::io::BufReader::new(&mut out);
        for line in r.lines().map_while(Result::ok) {
            last = line;
        }
    }
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value, and pid is our own child, not yet reaped.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(r, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "mcprisk {args:?} failed: status {status}"
    );
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Measured {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        rss: usage.ru_maxrss as u64 * 1024,
        last,
    }
}

struct Row {
    what: String,
    cells: Vec<String>,
}

struct Table {
    sizes: Vec<usize>,
    rows: Vec<Row>,
}

impl Table {
    fn set(&mut self, col: usize, what: &str, value: String) {
        let n = self.sizes.len();
        let row = match self.rows.iter_mut().position(|r| r.what == what) {
            Some(i) => &mut self.rows[i],
            None => {
                self.rows.push(Row {
                    what: what.to_string(),
                    cells: vec!["–".into(); n],
                });
                self.rows.last_mut().unwrap()
            }
        };
        row.cells[col] = value;
    }

    fn print(&self) {
        let mut head = "| measure |".to_string();
        let mut sep = "|---|".to_string();
        for s in &self.sizes {
            head.push_str(&format!(" {} tools |", thousands(*s)));
            sep.push_str("---:|");
        }
        println!("{head}\n{sep}");
        for r in &self.rows {
            println!("| {} | {} |", r.what, r.cells.join(" | "));
        }
    }
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("MCPRISK_SCALE_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let seed: u64 = env_or("MCPRISK_SCALE_SEED", 1);
    let rounds: usize = env_or("MCPRISK_SCALE_ROUNDS", 5);
    let work = std::env::var_os("MCPRISK_SCALE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/scale"));
    std::fs::create_dir_all(&work).expect("work dir");
    let mut table = Table {
        sizes: sizes.clone(),
        rows: Vec::new(),
    };
    eprintln!(
        "scale bench: sizes {sizes:?}, seed {seed}, {rounds} rounds, work dir {}, {} queries in the mix",
        work.display(),
        MIX.len()
    );

    for (col, &n) in sizes.iter().enumerate() {
        let corpus = work.join(format!("synth-{n}-s{seed}.jsonl"));
        if !corpus.is_file() {
            let t = Instant::now();
            let tmp = corpus.with_extension("partial");
            let f = std::fs::File::create(&tmp).expect("corpus file");
            let s = synth::write_jsonl(synth::Options { tools: n, seed }, f).expect("corpus");
            std::fs::rename(&tmp, &corpus).expect("rename");
            eprintln!(
                "[{n}] generated {} ({} servers, {}) in {:.1}s",
                corpus.display(),
                s.servers,
                mb(s.bytes),
                t.elapsed().as_secs_f64()
            );
        }
        table.set(
            col,
            "corpus (JSON Lines)",
            format!(
                "{} servers, {}",
                thousands(synth::server_sizes(n, seed).len()),
                mb(dir_size(&corpus))
            ),
        );

        let load_start = load_average();
        // Classification, one core: the first 20k tools of the corpus, repeatedly.
        classify_throughput(&corpus, &mut table, col);

        // Full index as a process.
        let home = work.join(format!("home-{n}"));
        let _ = std::fs::remove_dir_all(&home);
        eprintln!("[{n}] mcprisk index …");
        let home_s = home.to_str().expect("UTF-8 path");
        let Measured {
            wall,
            cpu,
            rss,
            last: summary,
        } = run_measured(&["--home", home_s, "index", corpus.to_str().unwrap()]);
        eprintln!("[{n}] {summary}");
        let h = Home::at(&home);
        let db = ["", "-wal", "-shm"]
            .iter()
            .map(|s| dir_size(&PathBuf::from(format!("{}{s}", h.db_path().display()))))
            .sum();
        let idx = dir_size(&h.index_dir());
        table.set(
            col,
            "`mcprisk index`: wall time",
            format!("{:.1} s", wall.as_secs_f64()),
        );
        table.set(
            col,
            "`mcprisk index`: CPU time (user + system)",
            format!("{:.1} s", cpu.as_secs_f64()),
        );
        table.set(
            col,
            "`mcprisk index`: tools/s",
            format!("{:.0}", n as f64 / wall.as_secs_f64()),
        );
        table.set(col, "`mcprisk index`: peak RSS", mb(rss));
        table.set(
            col,
            "on disk: SQLite / tantivy",
            format!("{} / {}", mb(db), mb(idx)),
        );

        // One changed server, three times (a different change each time): median.
        let sizes_s = synth::server_sizes(n, seed);
        let mut order: Vec<usize> = (0..sizes_s.len()).collect();
        order.sort_by_key(|&i| sizes_s[i]);
        let pick = order[order.len() / 2];
        let mut walls = Vec::new();
        for round in 0..3 {
            let server = synth::server(seed, pick, sizes_s[pick]);
            let file = work.join(format!("changed-{n}.jsonl"));
            let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
            for (i, t) in server.tools.iter().enumerate() {
                let mut t = t.clone();
                if i == round {
                    t["description"] = format!("Changed for the benchmark, round {round}.").into();
                }
                t["server"] = server.name.clone().into();
                serde_json::to_writer(&mut f, &t).unwrap();
                f.write_all(b"\n").unwrap();
            }
            drop(f);
            let m = run_measured(&["--home", home_s, "index", file.to_str().unwrap()]);
            assert!(m.last.contains(" changed"), "{}", m.last);
            walls.push(m.wall);
        }
        walls.sort();
        table.set(
            col,
            &format!(
                "re-index one changed server ({} tools), whole process",
                sizes_s[pick]
            ),
            format!("{:.0} ms", walls[1].as_secs_f64() * 1e3),
        );

        // In-process search.
        let t = Instant::now();
        let catalog = Catalog::open(Home::at(&home), Rules::load(None).unwrap()).unwrap();
        let open = t.elapsed();
        let reqs: Vec<SearchRequest> = MIX.iter().map(request).collect();
        for r in &reqs {
            std::hint::black_box(catalog.index().search(r).unwrap());
        }
        let mut times = Vec::new();
        let mut by_kind: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
        for _ in 0..rounds {
            for (q, r) in MIX.iter().zip(&reqs) {
                let t = Instant::now();
                std::hint::black_box(catalog.index().search(r).unwrap());
                let e = t.elapsed();
                times.push(e);
                by_kind.entry(q.kind).or_default().push(e);
            }
        }
        let (p50, p95, p99) = (
            pct(&mut times, 0.5),
            pct(&mut times, 0.95),
            pct(&mut times, 0.99),
        );
        table.set(
            col,
            "open catalog (in process)",
            format!("{:.1} ms", open.as_secs_f64() * 1e3),
        );
        table.set(
            col,
            "search in process p50 / p95 / p99",
            format!("{p50:.2} / {p95:.2} / {p99:.2} ms"),
        );
        for (kind, mut t) in by_kind {
            table.set(
                col,
                &format!("  {kind}: p50 / max"),
                format!("{:.2} / {:.2} ms", pct(&mut t, 0.5), pct(&mut t, 1.0)),
            );
        }
        drop(catalog);

        // Whole `mcprisk search` processes.
        let mut ptimes = Vec::new();
        for q in MIX {
            let mut args = vec!["--home".to_string(), home_s.to_string()];
            args.extend(cli_args(q));
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            ptimes.push(run_measured(&a).wall);
        }
        table.set(
            col,
            "`mcprisk search` process p50 / p95 / max",
            format!(
                "{:.0} / {:.0} / {:.0} ms",
                pct(&mut ptimes, 0.5),
                pct(&mut ptimes, 0.95),
                pct(&mut ptimes, 1.0)
            ),
        );

        // SQLite FTS5 over the same data.
        let fts = work.join(format!("fts5-{n}.db"));
        let t = Instant::now();
        build_fts(&h.db_path(), &fts);
        table.set(
            col,
            "FTS5: build from the catalog / size",
            format!(
                "{:.1} s / {}",
                t.elapsed().as_secs_f64(),
                mb(dir_size(&fts))
            ),
        );
        let conn = Connection::open(&fts).unwrap();
        for q in MIX {
            fts_search(&conn, q, true);
        }
        let mut ftimes = Vec::new();
        let mut ftop = Vec::new();
        for _ in 0..rounds {
            for q in MIX {
                let t = Instant::now();
                fts_search(&conn, q, true);
                ftimes.push(t.elapsed());
                let t = Instant::now();
                fts_search(&conn, q, false);
                ftop.push(t.elapsed());
            }
        }
        let (f50, f95, f99) = (
            pct(&mut ftimes, 0.5),
            pct(&mut ftimes, 0.95),
            pct(&mut ftimes, 0.99),
        );
        table.set(
            col,
            "FTS5 p50 / p95 / p99 (top 10 + counts)",
            format!("{f50:.2} / {f95:.2} / {f99:.2} ms"),
        );
        table.set(
            col,
            "FTS5 p50 / p95 / p99 (top 10 only)",
            format!(
                "{:.2} / {:.2} / {:.2} ms",
                pct(&mut ftop, 0.5),
                pct(&mut ftop, 0.95),
                pct(&mut ftop, 0.99)
            ),
        );
        table.set(
            col,
            "FTS5 ÷ tantivy, p50 / p99 (same output)",
            format!("{:.1}× / {:.1}×", f50 / p50, f99 / p99),
        );
        table.set(
            col,
            "machine load average (1 min), start / end",
            format!("{load_start} / {}", load_average()),
        );
        eprintln!("[{n}] done");
    }
    println!();
    table.print();
}

/// The 1-minute load average (the machine is shared: timings depend on it).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn classify_throughput(corpus: &Path, table: &mut Table, col: usize) {
    let mut tools: Vec<(String, Tool)> = Vec::new();
    let mut servers = Vec::new();
    let _ = read_input(&Input::Path(corpus.to_path_buf()), None, |raw| {
        if tools.len() >= 20_000 {
            return Err(mcprisk::Error::Busy {
                path: String::new(),
            });
        }
        servers.push((raw.info.clone(), raw.tools.clone()));
        let m = parse_tools(raw.info, &raw.tools, "synth");
        tools.extend(m.tools.into_iter().map(|t| (m.info.name.clone(), t)));
        Ok(())
    });
    let classifier = Classifier::embedded().unwrap();
    for (s, t) in &tools {
        std::hint::black_box(classifier.classify_in(s, t));
    }
    let budget = Duration::from_secs(env_or("MCPRISK_BENCH_SECS", 3));

    // The classifier alone, over definitions parsed long before: each is cold in memory.
    let start = Instant::now();
    let cpu_start = common::thread_cpu_seconds();
    let mut n = 0usize;
    while start.elapsed() < budget {
        for (s, t) in &tools {
            std::hint::black_box(classifier.classify_in(s, t));
        }
        n += tools.len();
    }
    // Per second of this thread's CPU time: the figure for one core, whatever else runs.
    let cpu = common::thread_cpu_seconds() - cpu_start;
    table.set(
        col,
        "classification, one core (tools per CPU-second)",
        format!("{:.0}", n as f64 / cpu.max(1e-9)),
    );

    // As an ingest classifies: each server's tools right after parsing them (parsing and
    // hashing untimed), so the definitions are fresh in the cache, as they are in `index`.
    let start = Instant::now();
    let (mut n, mut cpu) = (0usize, 0.0);
    while start.elapsed() < budget {
        for (info, raw) in &servers {
            let m = parse_tools(info.clone(), raw, "synth");
            let from = common::thread_cpu_seconds();
            for t in &m.tools {
                std::hint::black_box(classifier.classify_in(&m.info.name, t));
            }
            cpu += common::thread_cpu_seconds() - from;
            n += m.tools.len();
        }
    }
    table.set(
        col,
        "  … right after parsing, as `index` classifies",
        format!("{:.0}", n as f64 / cpu.max(1e-9)),
    );
}

/// Builds an FTS5 table (and a plain table with category and risk for filters and facets)
/// from the catalog database, with the same text per field as the tantivy documents.
fn build_fts(catalog: &Path, out: &Path) {
    for s in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{s}", out.display()));
    }
    let mut conn = Connection::open(out).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
         CREATE VIRTUAL TABLE fts USING fts5(name_words, title, description, params, server_words,
             tokenize = 'porter unicode61');
         CREATE TABLE t (id INTEGER PRIMARY KEY, server TEXT NOT NULL, name TEXT NOT NULL,
             category INTEGER NOT NULL, risk INTEGER NOT NULL, description TEXT NOT NULL);",
    )
    .unwrap();
    let src =
        Connection::open_with_flags(catalog, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut stmt = src
        .prepare(
            "SELECT s.name, t.raw, c.category, c.risk FROM tools t JOIN servers s ON s.id = t.server_id
             JOIN classifications c ON c.tool_id = t.id ORDER BY t.id",
        )
        .unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut ins_t = tx
            .prepare("INSERT INTO t(id, server, name, category, risk, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .unwrap();
        let mut ins_f = tx
            .prepare("INSERT INTO fts(rowid, name_words, title, description, params, server_words) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut id = 0i64;
        while let Some(r) = rows.next().unwrap() {
            id += 1;
            let server: String = r.get(0).unwrap();
            let raw: String = r.get(1).unwrap();
            let cat: String = r.get(2).unwrap();
            let risk: String = r.get(3).unwrap();
            let value: serde_json::Value = serde_json::from_str(&raw).unwrap();
            let tool = mcprisk::manifest::parse_tool(&value).unwrap();
            let title = [tool.title.as_deref(), tool.annotations.title.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let params = tool
                .properties()
                .map(|(p, _)| split_name(p).join(" "))
                .collect::<Vec<_>>()
                .join(" ");
            let c = category_ord(cat.parse::<Category>().unwrap()) as i64;
            let k = risk_ord(risk.parse::<Risk>().unwrap()) as i64;
            ins_t
                .execute(rusqlite::params![
                    id,
                    server,
                    tool.name,
                    c,
                    k,
                    tool.description
                ])
                .unwrap();
            ins_f
                .execute(rusqlite::params![
                    id,
                    split_name(&tool.name).join(" "),
                    title,
                    tool.description,
                    params,
                    split_name(&server).join(" ")
                ])
                .unwrap();
        }
    }
    tx.execute_batch(
        "CREATE INDEX t_category_risk ON t(category, risk); CREATE INDEX t_risk ON t(risk);",
    )
    .unwrap();
    tx.commit().unwrap();
    conn.execute_batch("INSERT INTO fts(fts) VALUES ('optimize'); ANALYZE;")
        .unwrap();
}

/// One FTS5 search: the top 10 (bm25 with mcprisk's field weights, or for a filter-only query
/// riskiest first) and, when `counts`, the total and counts per category and risk.
fn fts_search(conn: &Connection, q: &Q, counts: bool) {
    let mut filter = String::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(text) = q.text {
        let words: Vec<String> = text
            .split_whitespace()
            .flat_map(split_name)
            .map(|w| format!("\"{}\"", w.replace('"', "")))
            .collect();
        let m = if q.phrase {
            format!("\"{}\"", text.replace('"', ""))
        } else {
            words.join(" ")
        };
        args.push(m.into());
    }
    if !q.cats.is_empty() {
        let list: Vec<String> = q
            .cats
            .iter()
            .map(|c| category_ord(*c).to_string())
            .collect();
        filter.push_str(&format!(" AND t.category IN ({})", list.join(",")));
    }
    if !q.risks.is_empty() {
        let list: Vec<String> = q.risks.iter().map(|r| risk_ord(*r).to_string()).collect();
        filter.push_str(&format!(" AND t.risk IN ({})", list.join(",")));
    }
    let (top, count) = if q.text.is_some() {
        (
            format!(
                "SELECT t.server, t.name, t.category, t.risk, t.description FROM fts JOIN t ON t.id = fts.rowid
                 WHERE fts MATCH ?1{filter} ORDER BY bm25(fts, 3.0, 1.5, 1.0, 1.0, 0.5) LIMIT 10"
            ),
            format!(
                "SELECT t.category, t.risk, count(*) FROM fts JOIN t ON t.id = fts.rowid
                 WHERE fts MATCH ?1{filter} GROUP BY t.category, t.risk"
            ),
        )
    } else {
        (
            format!(
                "SELECT t.server, t.name, t.category, t.risk, t.description FROM t WHERE 1{filter}
                 ORDER BY t.risk DESC, t.category DESC, t.server, t.name LIMIT 10"
            ),
            format!(
                "SELECT t.category, t.risk, count(*) FROM t WHERE 1{filter} GROUP BY t.category, t.risk"
            ),
        )
    };
    let mut hits = 0;
    let mut stmt = conn.prepare_cached(&top).unwrap();
    let mut rows = stmt.query(params_from_iter(args.iter())).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let s: String = r.get(0).unwrap();
        let d: String = r.get(4).unwrap();
        std::hint::black_box((s, d));
        hits += 1;
    }
    if counts {
        let mut stmt = conn.prepare_cached(&count).unwrap();
        let mut rows = stmt.query(params_from_iter(args.iter())).unwrap();
        let mut total = 0i64;
        while let Some(r) = rows.next().unwrap() {
            total += r.get::<_, i64>(2).unwrap();
        }
        std::hint::black_box(total);
    }
    std::hint::black_box(hits);
}
