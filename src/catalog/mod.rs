//! The catalog: the SQLite store (the source of truth), the search index derived from it and
//! the rules that classified what it holds, kept in step. Every road from a server to the
//! catalog goes through here: [`RawServer`](crate::manifest::RawServer) → parse, hash and
//! classify ([`Preparer`]) → store, one transaction per server, and index ([`Ingest`]); [`feed`]
//! runs that road on two threads for manifest files and crawled servers alike.
//!
//! - [`rules`]: loading the rules — the one entry for every command that classifies;
//! - [`ingest`]: a session that writes servers into the store and the index;
//! - [`feed`]: inputs (files, standard input, crawled servers) through a session;
//! - this module: opening, and restoring consistency.
//!
//! [`Catalog::open`] is where consistency is restored: when the stored classifications come
//! from other rules than the current ones, they are redone; when the search index is missing,
//! of an older schema, or behind the database, it is rebuilt or caught up. On the common path
//! (nothing to do) opening costs two small reads and an index open.

pub mod feed;
pub mod ingest;
pub mod rules;

pub use feed::{FeedEvent, Source};
pub use ingest::{Ingest, Prepared, Preparer, ServerOutcome};
pub use rules::Rules;

use crate::error::Error;
use crate::home::Home;
use crate::index::{IndexState, IndexSync, SCHEMA_VERSION, SearchIndex};
use crate::store::Store;
use serde::Serialize;
use std::sync::Arc;

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
        let index = SearchIndex::open_or_replace(&home.index_dir())?;
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
}

#[cfg(test)]
mod tests;
