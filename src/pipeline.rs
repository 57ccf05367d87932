//! The catalog as a whole — SQLite store, search index and classifier kept in step — and the
//! ingestion pipeline every source feeds: [`RawServer`] → [`parse_tools`] → classify → store
//! (one transaction per server) → index.
//!
//! [`Catalog::open`] is where consistency is restored: when the stored classifications come
//! from other rules than the current ones, they are redone; when the search index is missing,
//! of an older schema, or behind the database, it is rebuilt or caught up. On the common path
//! (nothing to do) opening costs two small reads and an index open.

use crate::classify::Classification;
use crate::classify::Classifier;
use crate::classify::rules::RuleFiles;
use crate::error::Error;
use crate::home::Home;
use crate::index::{IndexState, IndexSync, SCHEMA_VERSION, SearchIndex};
use crate::manifest::{RawServer, ServerManifest, ToolIssue, ToolLimits, parse_tools_owned};
use crate::store::{Mode, Store};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The rule set, compiled only when something needs classifying: checking the catalog against
/// the rules' version needs only the hash of the files.
pub struct Rules {
    files: RuleFiles,
    version: String,
    classifier: OnceLock<Classifier>,
}

impl Rules {
    pub fn new(files: RuleFiles) -> Rules {
        Rules {
            version: files.version(),
            files,
            classifier: OnceLock::new(),
        }
    }

    /// The built-in rules, or them with the files in `dir` replacing their namesakes.
    pub fn load(dir: Option<&Path>) -> Result<Rules, Error> {
        Ok(Rules::new(match dir {
            Some(d) => RuleFiles::with_overrides(d)?,
            None => RuleFiles::embedded(),
        }))
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    /// The compiled classifier (compiled on first use).
    pub fn classifier(&self) -> Result<&Classifier, Error> {
        if let Some(c) = self.classifier.get() {
            return Ok(c);
        }
        let c = Classifier::compile(&self.files)?;
        Ok(self.classifier.get_or_init(|| c))
    }
}

/// How the search index relates to the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexStatus {
    Current,
    Behind,
    Missing,
}

/// What [`Catalog::open`] had to do to bring the catalog in step.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OpenReport {
    pub reclassified: usize,
    /// Tools re-indexed by a catch-up or rebuild.
    pub reindexed: usize,
    pub rebuilt: bool,
}

/// The catalog: store, index and rules.
pub struct Catalog {
    home: Home,
    store: Store,
    index: SearchIndex,
    /// Shared with the thread that prepares servers ahead of the writer ([`Preparer`]).
    rules: Arc<Rules>,
    opened: OpenReport,
}

impl Catalog {
    /// Opens (creating when missing) the catalog in `home`, reclassifying and re-indexing
    /// whatever is out of date.
    pub fn open(home: Home, rules: Rules) -> Result<Catalog, Error> {
        home.ensure()?;
        let store = Store::open(&home.db_path())?;
        let index = match SearchIndex::open(&home.index_dir()) {
            Some(i) => i,
            None => SearchIndex::create(&home.index_dir())?,
        };
        let mut catalog = Catalog {
            home,
            store,
            index,
            rules: Arc::new(rules),
            opened: OpenReport::default(),
        };
        let stale_rules = catalog.store.rules_version()? != catalog.rules.version();
        let status = catalog.index_status()?;
        if stale_rules || status != IndexStatus::Current {
            let mut sync = match catalog.index.writer() {
                Ok(sync) => sync,
                // Another process is writing (an `index` run in progress): its commit will bring
                // the index up, and meanwhile the last commit answers queries.
                Err(Error::Busy { .. }) if status != IndexStatus::Missing => return Ok(catalog),
                Err(e) => return Err(e),
            };
            if stale_rules {
                let classifier = catalog.rules.classifier()?;
                let version = catalog.rules.version().to_string();
                catalog.opened.reclassified =
                    catalog
                        .store
                        .reclassify(&version, false, &mut |s, t| classifier.classify_in(s, t))?;
                catalog.store.set_rules_version(&version)?;
                catalog.check_server_text()?;
            }
            catalog.sync_index(&mut sync, false)?;
            sync.finish()?;
        }
        Ok(catalog)
    }

    pub fn home(&self) -> &Home {
        &self.home
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// What opening the catalog had to repair.
    pub fn opened(&self) -> &OpenReport {
        &self.opened
    }

    /// Compares the index's recorded state with the catalog.
    pub fn index_status(&self) -> Result<IndexStatus, Error> {
        let Some(state) = self.index.state() else {
            return Ok(IndexStatus::Missing);
        };
        if state.schema != SCHEMA_VERSION || state.catalog != self.store.catalog_id()? {
            return Ok(IndexStatus::Missing);
        }
        let generation = self.store.generation()?;
        Ok(if state.generation == generation {
            IndexStatus::Current
        } else {
            IndexStatus::Behind
        })
    }

    fn current_state(&self) -> Result<IndexState, Error> {
        Ok(IndexState {
            schema: SCHEMA_VERSION,
            catalog: self.store.catalog_id()?,
            generation: self.store.generation()?,
        })
    }

    /// Brings the index up to the catalog: a rebuild when `force`, when the index has no usable
    /// state, or when it claims to be ahead (a replaced database); otherwise re-indexes only the
    /// servers changed after the generation the index records.
    fn sync_index(&mut self, sync: &mut IndexSync, force: bool) -> Result<(), Error> {
        let target = self.current_state()?;
        let since = match self.index.state() {
            Some(s)
                if !force
                    && s.schema == target.schema
                    && s.catalog == target.catalog
                    && s.generation <= target.generation =>
            {
                if s.generation == target.generation {
                    return Ok(());
                }
                Some(s.generation)
            }
            _ => None,
        };
        let fields = *sync.fields();
        let mut count = 0usize;
        match since {
            None => {
                sync.delete_all()?;
                self.store.for_each_tool(|t| {
                    count += 1;
                    sync.add(fields.document(&t.server, &t.tool, &t.class))
                })?;
                self.opened.rebuilt = true;
            }
            Some(since) => {
                for (id, name) in self.store.servers_changed_since(since)? {
                    sync.delete_server(&name);
                    self.store.for_each_tool_of(id, |t| {
                        count += 1;
                        sync.add(fields.document(&t.server, &t.tool, &t.class))
                    })?;
                }
            }
        }
        sync.commit(&target)?;
        self.opened.reindexed += count;
        self.index.set_state(target);
        Ok(())
    }

    /// Rebuilds the search index from the database. Returns the number of tools indexed.
    pub fn reindex(&mut self) -> Result<usize, Error> {
        let mut sync = self.index.writer()?;
        self.opened.reindexed = 0;
        self.sync_index(&mut sync, true)?;
        sync.finish()?;
        Ok(self.opened.reindexed)
    }

    /// Reclassifies tools whose classification came from other rules (every tool when `all`)
    /// and brings the index up to date. Returns the number of tools reclassified.
    pub fn reclassify(&mut self, all: bool) -> Result<usize, Error> {
        let mut sync = self.index.writer()?;
        let classifier = self.rules.classifier()?;
        let version = self.rules.version().to_string();
        let n = self
            .store
            .reclassify(&version, all, &mut |s, t| classifier.classify_in(s, t))?;
        self.store.set_rules_version(&version)?;
        self.check_server_text()?;
        self.sync_index(&mut sync, false)?;
        sync.finish()?;
        Ok(n)
    }

    /// Runs the poisoning, hidden-text and shadowing checks on the instructions of servers not
    /// yet checked under these rules (new, changed, or checked under other rules), and stores
    /// the findings (see [`crate::scan::server_text`]). The classifier is compiled only when a
    /// server has text to check.
    fn check_server_text(&mut self) -> Result<usize, Error> {
        let rules = &self.rules;
        self.store
            .check_server_text(rules.version(), &mut |server, text| {
                Ok(crate::scan::server_text::check(
                    rules.classifier()?,
                    server,
                    text,
                ))
            })
    }

    /// Starts an ingest session: takes the index writer for the session's length, and first
    /// brings the index in step with the catalog if it is not (another writer may have
    /// committed, or died between its SQLite and index commits, since this catalog was
    /// opened). A session relies on that: a tool new to the catalog then has no document in
    /// the index, so adding it needs no delete.
    pub fn ingest(&mut self) -> Result<Ingest<'_>, Error> {
        let mut sync = self.index.writer()?;
        self.index.reload_state();
        if self.index_status()? != IndexStatus::Current {
            self.sync_index(&mut sync, false)?;
        }
        let generation = self.store.generation()?;
        Ok(Ingest {
            catalog: self,
            sync,
            seen: HashSet::new(),
            removed: HashMap::new(),
            generation,
            dirty: false,
            limits: ToolLimits::DEFAULT,
        })
    }
}

/// A server parsed, and classified where the catalog will need it, ready for
/// [`Ingest::ingest_prepared`].
pub struct Prepared {
    manifest: ServerManifest,
    /// Per tool (by position), a classification computed ahead, if any.
    classes: Vec<Option<Classification>>,
    complete: bool,
}

impl Prepared {
    pub fn server(&self) -> &str {
        &self.manifest.info.name
    }
}

/// Does the CPU-heavy part of ingesting — parsing, hashing and classifying — so that it can run
/// on another thread than the writer (SQLite and the index writer stay on one thread).
///
/// Which tools to classify is decided from the catalog as a read connection sees it: new and
/// changed definitions, and those classified under other rules. That view may lag behind the
/// writer (a server listed twice in one session); it only decides what is computed ahead, never
/// what is stored — a classification depends on nothing but the rules, the server's name and
/// the tool, and the writer computes any it lacks itself.
pub struct Preparer {
    rules: Arc<Rules>,
    reader: Store,
    limits: ToolLimits,
}

impl Preparer {
    pub fn prepare(&self, raw: RawServer, complete: bool) -> Prepared {
        let location = raw.info.source.clone();
        let manifest = parse_tools_owned(raw.info, raw.tools, &location, &self.limits);
        let stored = self
            .reader
            .tool_hashes(&manifest.info.name)
            .unwrap_or_default();
        let version = self.rules.version();
        let needs = |t: &crate::manifest::Tool| match stored.get(&t.name) {
            Some((hash, rules)) => *hash != t.def_hash || rules.as_deref() != Some(version),
            None => true,
        };
        let classes = if manifest.tools.iter().any(needs) {
            match self.rules.classifier() {
                Ok(c) => manifest
                    .tools
                    .iter()
                    .map(|t| needs(t).then(|| c.classify_in(&manifest.info.name, t)))
                    .collect(),
                // The writer meets the same error when it needs the classifier, and reports it.
                Err(_) => Vec::new(),
            }
        } else {
            Vec::new()
        };
        Prepared {
            manifest,
            classes,
            complete,
        }
    }
}

/// What ingesting one server did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ServerOutcome {
    pub server: String,
    pub tools: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Tools an earlier run of this session removed and this run brought back (also counted in
    /// `unchanged` or `changed`).
    pub restored: usize,
    /// True when this merged into a run of the same server earlier in the session.
    pub merged: bool,
    /// Tools skipped because their definition was unusable.
    pub issues: Vec<ToolIssue>,
}

/// Commit the index at least this often in a long run, so that a crash loses little indexing
/// work (the catalog itself is committed per server).
const COMMIT_EVERY: usize = 200_000;

/// An ingest session: servers in, one index writer, one index commit at the end.
///
/// A server seen for the first time in the session replaces what the catalog held for it (its
/// snapshot is complete). A server seen again in the same session — a JSON Lines file listing
/// it in two separate runs, or two files naming the same server — merges into what the
/// session already wrote, so the second part does not delete the first.
pub struct Ingest<'c> {
    catalog: &'c mut Catalog,
    sync: IndexSync,
    seen: HashSet<String>,
    /// Per server, the tools this session removed (name → history row), which a later run of
    /// the same server may bring back. Only removals are kept, so memory stays small.
    removed: HashMap<String, HashMap<String, i64>>,
    /// The catalog generation the queued index changes bring the index to.
    generation: i64,
    dirty: bool,
    /// Tools over these limits are skipped and reported, never stored.
    limits: ToolLimits,
}

impl Ingest<'_> {
    /// Sets the per-tool limits (`--max-schema-depth`, `--max-text-bytes`) for what follows.
    pub fn set_limits(&mut self, limits: ToolLimits) {
        self.limits = limits;
    }

    /// Records a live crawl of a server (successful or not) in the catalog's crawl log. The
    /// report carries no tools and no secret values.
    pub fn record_crawl(
        &mut self,
        server: &str,
        ok: bool,
        report: &serde_json::Value,
    ) -> Result<(), Error> {
        self.catalog
            .store
            .record_crawl(server, crate::store::now(), ok, report)
    }

    /// Parses, classifies, stores (in one transaction) and indexes one server. The listing is
    /// taken as complete: tools of the server it does not list are removed.
    pub fn ingest(&mut self, raw: RawServer) -> Result<ServerOutcome, Error> {
        self.ingest_listing(raw, true)
    }

    /// Like [`Ingest::ingest`], for a listing that may be incomplete (a crawl cut short by a
    /// page limit or a failing later page): new and changed tools are stored, but nothing is
    /// removed for being absent.
    pub fn ingest_partial(&mut self, raw: RawServer) -> Result<ServerOutcome, Error> {
        self.ingest_listing(raw, false)
    }

    fn ingest_listing(&mut self, raw: RawServer, complete: bool) -> Result<ServerOutcome, Error> {
        let location = raw.info.source.clone();
        let manifest = parse_tools_owned(raw.info, raw.tools, &location, &self.limits);
        self.ingest_prepared(Prepared {
            manifest,
            classes: Vec::new(),
            complete,
        })
    }

    /// A [`Preparer`] for this session, to parse and classify servers on another thread while
    /// this one writes.
    pub fn preparer(&self) -> Result<Preparer, Error> {
        Ok(Preparer {
            rules: self.catalog.rules.clone(),
            reader: Store::open(self.catalog.store.path())?,
            limits: self.limits,
        })
    }

    /// Stores and indexes a server a [`Preparer`] made ready (see [`Ingest::ingest`] and
    /// [`Ingest::ingest_partial`], which it stands for).
    pub fn ingest_prepared(&mut self, prepared: Prepared) -> Result<ServerOutcome, Error> {
        let Prepared {
            manifest,
            mut classes,
            complete,
        } = prepared;
        let name = manifest.info.name.clone();
        let merged = !self.seen.insert(name.clone());
        let mode = if merged || !complete {
            Mode::Merge
        } else {
            Mode::Replace
        };
        let rules = &self.catalog.rules;
        let version = rules.version().to_string();
        let empty = HashMap::new();
        let restorable = self.removed.get(&name).unwrap_or(&empty);
        // Classifications computed ahead are used when the store needs one; otherwise the
        // classifier runs here (compiled on first use, so a run that changes nothing never
        // compiles it).
        let write = self.catalog.store.write_server_with(
            &manifest.info,
            &manifest.tools,
            mode,
            crate::store::now(),
            &version,
            restorable,
            &mut |i, t| match classes.get_mut(i).and_then(Option::take) {
                Some(c) => Ok(c),
                None => Ok(rules.classifier()?.classify_in(&name, t)),
            },
        )?;
        if write.restored > 0
            && let Some(r) = self.removed.get_mut(&name)
        {
            for t in &manifest.tools {
                r.remove(&t.name);
            }
        }
        if !write.removed_history.is_empty() {
            self.removed
                .entry(name.clone())
                .or_default()
                .extend(write.removed_history.iter().cloned());
        }
        // SQLite is committed; now the index may follow.
        for tool in &write.deletes {
            self.sync.delete_tool(&name, tool);
        }
        let fields = *self.sync.fields();
        for (i, class, held) in &write.upserts {
            let tool = &manifest.tools[*i];
            // A tool new to the catalog has no document to replace (the session started with
            // the index in step with the catalog, see `Catalog::ingest`). Skipping its delete
            // matters at scale: tantivy applies each queued delete to every segment at the
            // next commit, a term lookup per segment per tool.
            if *held {
                self.sync.delete_tool(&name, &tool.name);
            }
            self.sync.add(fields.document(&name, tool, class))?;
        }
        if let Some(g) = write.generation {
            self.generation = g;
            self.dirty = true;
        }
        if self.sync.pending() >= COMMIT_EVERY {
            self.commit()?;
        }
        Ok(ServerOutcome {
            server: name,
            tools: manifest.tools.len(),
            added: write.added,
            changed: write.changed,
            unchanged: write.unchanged,
            removed: write.removed,
            restored: write.restored,
            merged,
            issues: manifest.issues,
        })
    }

    fn commit(&mut self) -> Result<(), Error> {
        if !self.dirty {
            return Ok(());
        }
        let state = IndexState {
            schema: SCHEMA_VERSION,
            catalog: self.catalog.store.catalog_id()?,
            generation: self.generation,
        };
        self.sync.commit(&state)?;
        self.catalog.index.set_state(state);
        self.dirty = false;
        Ok(())
    }

    /// Commits the index. Dropping a session without finishing leaves the index behind the
    /// catalog, which the next open repairs.
    pub fn finish(mut self) -> Result<(), Error> {
        self.catalog.check_server_text()?;
        self.commit()?;
        self.sync.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::SearchRequest;
    use crate::manifest::{OriginKind, ServerInfo};
    use serde_json::{Value, json};

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
                &tools_info("small"),
                &tools,
                Mode::Replace,
                1,
                &version,
                &HashMap::new(),
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
                &tools_info("s"),
                &[],
                Mode::Replace,
                1,
                &version,
                &HashMap::new(),
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
}
