//! Ingesting servers into the catalog: [`Preparer`] parses, hashes and classifies (on any
//! thread); [`Ingest`] stores each server in one SQLite transaction and queues its index
//! changes, with one index commit at the end of the session.

use super::{Catalog, IndexStatus, Rules};
use crate::classify::Classification;
use crate::error::Error;
use crate::index::{IndexState, IndexSync, SCHEMA_VERSION};
use crate::manifest::{RawServer, ServerManifest, ToolIssue, ToolLimits, parse_tools_owned};
use crate::store::{Mode, ServerSnapshot, Store};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

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

impl Catalog {
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
        let snapshot = ServerSnapshot {
            info: &manifest.info,
            tools: &manifest.tools,
            mode,
            now: crate::store::now(),
            rules_version: &version,
            restorable,
        };
        let write = self
            .catalog
            .store
            .write_server_with(&snapshot, &mut |i, t| match classes
                .get_mut(i)
                .and_then(Option::take)
            {
                Some(c) => Ok(c),
                None => Ok(rules.classifier()?.classify_in(&name, t)),
            })?;
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
