//! The SQLite catalog: the source of truth.
//!
//! Servers, their tools (definitions kept verbatim with a hash of their canonical JSON), one
//! classification per tool, and the history of replaced and removed definitions. The search
//! index ([`crate::index`]) is derived from this database and is rebuilt from it whenever it is
//! missing or behind.
//!
//! Every change to what the catalog says about a server bumps the catalog **generation** (a
//! counter in `meta`) and stamps the server with it. The search index records the generation it
//! reflects, so staleness is one integer comparison, and catching up means re-indexing just the
//! servers stamped with a later generation.
//!
//! Concurrency: SQLite runs in WAL mode, so readers never block the writer. Writers that change
//! catalog content must hold the search index's writer lock (see [`crate::catalog`]), which
//! makes the generation the index records exact.

mod history;
mod read;
pub mod schema;
mod server_findings;
mod write;

pub use history::PastDefinition;
pub use read::{CatalogStats, LastCrawl, StoredServer, StoredTool};
pub use server_findings::ServerFinding;
pub use write::{Mode, ServerSnapshot, ServerWrite};

use crate::classify::{Category, Classification, Risk, Signal};
use crate::error::Error;
use rusqlite::{Connection, OptionalExtension, Row};
use std::path::{Path, PathBuf};

/// An open catalog database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating when missing) and migrates the catalog at `path`.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let err = |e: rusqlite::Error| Error::Catalog {
            path: path.display().to_string(),
            msg: e.to_string(),
        };
        let mut conn = Connection::open(path).map_err(err)?;
        // WAL: readers (searches) never wait for a writer. synchronous=NORMAL is durable across
        // application crashes and consistent across power loss, which is enough for a catalog
        // that can always be re-indexed from its manifests.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(err)?;
        // The bundled SQLite is built with STAT4, under which binding a new value to a
        // statement whose plan might depend on it forces a re-prepare on every step: the
        // per-server lookups by name were being re-parsed for every server of an ingest. The
        // query-planner stability guarantee keeps one plan per statement (our queries are all
        // simple index lookups, for which the plan does not depend on the value).
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .map_err(err)?;
        // An ingest commits once per server, and each commit appends the pages it touched to
        // the WAL; a checkpoint then copies the latest version of each page into the database.
        // The pages a large ingest touches are mostly the same few (the ends of each table and
        // index), so fewer, larger checkpoints (one per 16,384 WAL pages, 64 MiB, instead of
        // 1000) copy each of them fewer times. A larger page cache (up to 64 MiB, allocated as
        // pages are read) keeps more of the indexes an ingest updates in memory.
        conn.pragma_update(None, "wal_autocheckpoint", 16384)
            .map_err(err)?;
        conn.pragma_update(None, "cache_size", -65536)
            .map_err(err)?;
        // An ingest cycles through about twenty statements; the default cache holds sixteen.
        conn.set_prepared_statement_cache_capacity(64);
        schema::migrate(&mut conn).map_err(err)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn err(&self, e: rusqlite::Error) -> Error {
        Error::Catalog {
            path: self.path.display().to_string(),
            msg: e.to_string(),
        }
    }

    fn meta(&self, key: &str) -> Result<String, Error> {
        self.conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?
            .ok_or_else(|| Error::Catalog {
                path: self.path.display().to_string(),
                msg: format!("the meta table has no `{key}`"),
            })
    }

    /// The catalog generation: bumped by every change to what the catalog says.
    pub fn generation(&self) -> Result<i64, Error> {
        let v = self.meta("generation")?;
        v.parse().map_err(|_| Error::Catalog {
            path: self.path.display().to_string(),
            msg: format!("bad generation `{v}`"),
        })
    }

    /// Random id of this catalog, fixed at creation.
    pub fn catalog_id(&self) -> Result<String, Error> {
        self.meta("catalog_id")
    }

    /// The rules version every classification was brought to by the last reclassification
    /// (empty for a new catalog).
    pub fn rules_version(&self) -> Result<String, Error> {
        self.meta("rules_version")
    }

    pub fn set_rules_version(&self, version: &str) -> Result<(), Error> {
        self.conn
            .execute(
                "UPDATE meta SET value = ?1 WHERE key = 'rules_version'",
                [version],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Bumps the catalog generation inside a transaction and returns the new value.
fn bump_generation(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation' RETURNING CAST(value AS INTEGER)",
    )?
    .query_row([], |r| r.get(0))
}

/// The columns of a classification, in the order [`classification_from_row`] reads them.
const CLASS_COLUMNS: &str = "c.category, c.risk, c.signals, c.rationale, c.evidence, c.confidence, c.decided_by, c.rules_version";

/// Reads a classification from `row`, starting at column `at` (see [`CLASS_COLUMNS`]).
fn classification_from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Classification> {
    let bad = |i: usize, msg: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, msg.into())
    };
    let category: String = row.get(at)?;
    let risk: String = row.get(at + 1)?;
    let signals: String = row.get(at + 2)?;
    Ok(Classification {
        category: category.parse::<Category>().map_err(|e| bad(at, e))?,
        risk: risk.parse::<Risk>().map_err(|e| bad(at + 1, e))?,
        signals: serde_json::from_str::<Vec<Signal>>(&signals)
            .map_err(|e| bad(at + 2, e.to_string()))?,
        rationale: row.get(at + 3)?,
        evidence: row.get(at + 4)?,
        confidence: row.get(at + 5)?,
        decided_by: row.get(at + 6)?,
        rules_version: row.get(at + 7)?,
    })
}

#[cfg(test)]
mod tests;
