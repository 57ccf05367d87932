//! The tantivy search index: derived from the SQLite catalog, never ahead of it.
//!
//! Each commit of the index carries a payload naming the catalog it was built from, the schema
//! version, and the catalog generation it reflects. Writers commit SQLite first and the index
//! second, so the recorded generation is at most the catalog's. On open, comparing the two
//! integers tells whether the index is current; when it is behind, only the servers changed
//! since are re-indexed, and when it is missing, of another schema or of another catalog, it is
//! rebuilt from SQLite.

mod collect;
mod rebuild;
pub mod schema;
pub mod search;

pub use schema::{Fields, SCHEMA_VERSION};
pub use search::{Hit, SearchRequest, SearchResults};

use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// What an index commit records about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexState {
    pub schema: u32,
    /// The `catalog_id` of the database the index was built from.
    pub catalog: String,
    /// The catalog generation the index reflects.
    pub generation: i64,
}

/// An opened search index.
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    dir: PathBuf,
    state: Option<IndexState>,
    /// Opened on first search and kept: opening a reader opens every segment, which costs more
    /// than a typical query on a large index. Reloaded when this process commits.
    reader: std::sync::OnceLock<IndexReader>,
}

/// Indexing threads and their memory budget. tantivy flushes a segment when a thread's budget
/// fills, so this bounds memory however large a run is.
///
/// One thread with a large budget rather than one per core: indexing is under a third of an
/// ingest's CPU time, and the ingest's own two threads (parsing and classifying, writing SQLite)
/// already keep two cores busy, so a second indexing thread has no core to run on; what it did
/// do was halve the segment size, and at a million tools the extra segments cost merges (each
/// merge rewrites every document it holds; `index` waits for them) and searches (each query
/// visits every segment). With one thread, a budget that holds a commit's worth of documents
/// ([`crate::catalog`] commits every 200,000) makes one segment per commit: five at a million
/// tools, fewer than the eight the merge policy waits for.
const WRITER_THREADS: usize = 1;
const WRITER_BUDGET: usize = 384 << 20;

impl SearchIndex {
    /// Opens the index in `dir`. Returns `None` when there is no usable index there (missing,
    /// unreadable, or of another schema); the caller rebuilds it then.
    pub fn open(dir: &Path) -> Option<SearchIndex> {
        if !dir.join("meta.json").is_file() {
            return None;
        }
        let index = Index::open_in_dir(dir).ok()?;
        let fields = Fields::from_schema(&index.schema()).ok()?;
        schema::register_tokenizers(index.tokenizers());
        let state = index
            .load_metas()
            .ok()?
            .payload
            .and_then(|p| serde_json::from_str::<IndexState>(&p).ok());
        if state.as_ref().is_some_and(|s| s.schema != SCHEMA_VERSION) {
            return None;
        }
        Some(SearchIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            state,
            reader: std::sync::OnceLock::new(),
        })
    }

    /// Opens the index in `dir`, or replaces it with an empty one when it is not usable (see
    /// [`SearchIndex::open`]); the caller then fills it from the catalog. The replacement never
    /// happens under another process's writer: then this fails with [`Error::RebuildBusy`] and
    /// leaves the directory as it is (see the `rebuild` module).
    pub fn open_or_replace(dir: &Path) -> Result<SearchIndex, Error> {
        if let Some(index) = SearchIndex::open(dir) {
            return Ok(index);
        }
        let lock = rebuild::DirLock::take(dir)?;
        // Another process may have built a usable index between the first look and the lock.
        if let Some(index) = SearchIndex::open(dir) {
            return Ok(index);
        }
        SearchIndex::create_locked(dir, &lock)
    }

    /// Creates an empty index in `dir`, replacing whatever is there, unless another process
    /// holds its writer lock ([`Error::RebuildBusy`]).
    pub fn create(dir: &Path) -> Result<SearchIndex, Error> {
        let lock = rebuild::DirLock::take(dir)?;
        SearchIndex::create_locked(dir, &lock)
    }

    /// The lock is released when this returns, before the caller takes tantivy's writer (a
    /// second lock on the same file from this process would be refused). Another process taking
    /// the writer in between finds an empty index and only ever fills it.
    fn create_locked(dir: &Path, lock: &rebuild::DirLock) -> Result<SearchIndex, Error> {
        let err = |msg: String| Error::Index {
            path: dir.display().to_string(),
            msg,
        };
        rebuild::clear(dir, lock)?;
        let (schema, fields) = Fields::schema();
        let directory = MmapDirectory::open(dir).map_err(|e| err(e.to_string()))?;
        let index = Index::create(directory, schema, tantivy::IndexSettings::default())
            .map_err(|e| err(e.to_string()))?;
        schema::register_tokenizers(index.tokenizers());
        Ok(SearchIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            state: None,
            reader: std::sync::OnceLock::new(),
        })
    }

    /// Reads the state of the last commit on disk again (another process may have committed
    /// since this index was opened). Call with the writer lock held, so that it stays true.
    pub fn reload_state(&mut self) {
        let on_disk = self
            .index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .and_then(|p| serde_json::from_str::<IndexState>(&p).ok());
        if on_disk != self.state {
            self.state = on_disk;
            self.reader = std::sync::OnceLock::new();
        }
    }

    /// What the last commit recorded (`None` for a new or foreign index).
    pub fn state(&self) -> Option<&IndexState> {
        self.state.as_ref()
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::Index {
            path: self.dir.display().to_string(),
            msg: e.to_string(),
        }
    }

    /// Takes the index's writer lock. Only one writer may exist at a time across processes;
    /// catalog writers hold it for their whole run (see [`crate::store`]).
    pub fn writer(&self) -> Result<IndexSync, Error> {
        let writer: IndexWriter<TantivyDocument> = self
            .index
            .writer_with_num_threads(WRITER_THREADS, WRITER_BUDGET)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::Busy {
                    path: self.dir.display().to_string(),
                },
                e => self.err(e),
            })?;
        Ok(IndexSync {
            writer,
            fields: self.fields,
            pending: 0,
            dir: self.dir.clone(),
        })
    }

    /// A reader of the last commit (as of this process's last commit, or of opening).
    pub fn reader(&self) -> Result<IndexReader, Error> {
        if let Some(r) = self.reader.get() {
            return Ok(r.clone());
        }
        let r: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| self.err(e))?;
        Ok(self.reader.get_or_init(|| r).clone())
    }

    pub(crate) fn index(&self) -> &Index {
        &self.index
    }

    /// Number of documents in the last commit.
    pub fn num_docs(&self) -> Result<u64, Error> {
        Ok(self.reader()?.searcher().num_docs())
    }

    /// Records a commit of this process's writer (and lets searches see it).
    pub(crate) fn set_state(&mut self, state: IndexState) {
        self.state = Some(state);
        // A reader opened before the commit is dropped; the next search opens a fresh one.
        self.reader = std::sync::OnceLock::new();
    }
}

/// The index writer of one run: queue changes, then [`IndexSync::commit`] with the generation
/// they bring the index to.
pub struct IndexSync {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    pending: usize,
    dir: PathBuf,
}

impl IndexSync {
    fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::Index {
            path: self.dir.display().to_string(),
            msg: e.to_string(),
        }
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Operations queued since the last commit.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Queues the removal of one tool's document.
    pub fn delete_tool(&mut self, server: &str, tool: &str) {
        self.writer.delete_term(Term::from_field_text(
            self.fields.key,
            &schema::tool_key(server, tool),
        ));
        self.pending += 1;
    }

    /// Queues the removal of every document of a server.
    pub fn delete_server(&mut self, server: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.server, server));
        self.pending += 1;
    }

    pub fn delete_all(&mut self) -> Result<(), Error> {
        self.writer
            .delete_all_documents()
            .map_err(|e| self.err(e))?;
        self.pending += 1;
        Ok(())
    }

    /// Queues one document. Deletions queued earlier do not affect it.
    pub fn add(&mut self, doc: TantivyDocument) -> Result<(), Error> {
        self.writer.add_document(doc).map_err(|e| self.err(e))?;
        self.pending += 1;
        Ok(())
    }

    /// Commits what is queued, recording `state` in the commit.
    pub fn commit(&mut self, state: &IndexState) -> Result<(), Error> {
        let payload = serde_json::to_string(state).expect("state serialises");
        let dir = self.dir.clone();
        let err = |e: tantivy::TantivyError| Error::Index {
            path: dir.display().to_string(),
            msg: e.to_string(),
        };
        let mut prepared = self.writer.prepare_commit().map_err(err)?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(err)?;
        self.pending = 0;
        Ok(())
    }

    /// Waits for background merges, so that the process can exit with a tidy index.
    pub fn finish(self) -> Result<(), Error> {
        let dir = self.dir.clone();
        self.writer
            .wait_merging_threads()
            .map_err(|e| Error::Index {
                path: dir.display().to_string(),
                msg: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests;
