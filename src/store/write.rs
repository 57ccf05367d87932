//! Writing servers into the catalog: one transaction per server.

use super::{Store, bump_generation};
use crate::classify::Classification;
use crate::error::Error;
use crate::manifest::{ServerInfo, Tool};
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::HashMap;

/// How a snapshot relates to what the catalog already holds for the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The snapshot is the server's complete tool list: tools it no longer has are removed.
    Replace,
    /// The snapshot adds to the server (a second run of the same server in one ingest
    /// session): nothing is removed.
    Merge,
}

/// What writing one server changed. `upserts` and `deletes` are what the search index must do.
#[derive(Debug, Default)]
pub struct ServerWrite {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Tools whose definition was unchanged but whose classification was redone because it came
    /// from other rules. Counted in `unchanged` too.
    pub reclassified: usize,
    /// Tools that an earlier write of the same session removed and this one brought back (see
    /// [`Store::write_server`]). Counted in `unchanged` or `changed` too.
    pub restored: usize,
    /// Removed tools with the id of the history row that records them, so that a later run of
    /// the same server in the same session can restore them.
    pub removed_history: Vec<(String, i64)>,
    /// Whether the server's own information (source, version, title, ...) changed.
    pub info_changed: bool,
    /// Tools (index into the written slice) to (re)index, with their classification and
    /// whether the catalog held the tool before this write (false for a tool new to the
    /// catalog, which an index in step with the catalog cannot hold a document of).
    pub upserts: Vec<(usize, Classification, bool)>,
    /// Names of tools to drop from the index.
    pub deletes: Vec<String>,
    /// The new catalog generation, when anything changed.
    pub generation: Option<i64>,
}

impl ServerWrite {
    pub fn is_noop(&self) -> bool {
        self.generation.is_none()
    }
}

/// One server's snapshot to write, and how (see [`Store::write_server`]).
#[derive(Debug, Clone, Copy)]
pub struct ServerSnapshot<'a> {
    pub info: &'a ServerInfo,
    pub tools: &'a [Tool],
    pub mode: Mode,
    /// The time recorded as the tools' `last_seen` (and `first_seen` for new ones).
    pub now: i64,
    /// The version of the rules that classifications computed in this write come from.
    pub rules_version: &'a str,
    /// For [`Mode::Merge`]: tool names mapped to the history rows of tools an earlier write of
    /// the same session removed (empty otherwise).
    pub restorable: &'a HashMap<String, i64>,
}

/// The stored row of a tool, enough to decide what to do with the incoming definition.
struct Existing {
    id: i64,
    def_hash: String,
    rules_version: Option<String>,
}

impl Store {
    /// Writes one server's tools in one transaction: either all of it is stored or none of it.
    ///
    /// A tool whose definition hash is unchanged is left alone (only `last_seen` moves), unless
    /// its classification came from other rules, in which case it is reclassified. A changed
    /// definition replaces the stored one and the old one goes to `tool_history`. In
    /// [`Mode::Replace`], stored tools absent from `tools` are removed (and recorded in the
    /// history as removed). `classify` is called only for tools that need a classification.
    ///
    /// `restorable` (for [`Mode::Merge`]) maps tool names to the history rows of tools that an
    /// earlier write of this session removed: a JSON Lines file can list a server in two
    /// separate runs, and the first run, replacing the stored snapshot, removes the tools that
    /// only the second run lists. When the second run brings such a tool back, its history row
    /// is undone (and its `first_seen` kept), so that indexing the same file twice changes
    /// neither the tools nor their history.
    pub fn write_server(
        &mut self,
        snapshot: &ServerSnapshot<'_>,
        classify: &mut dyn FnMut(&Tool) -> Classification,
    ) -> Result<ServerWrite, Error> {
        self.write_server_with(snapshot, &mut |_, t| Ok(classify(t)))
    }

    /// [`Store::write_server`] with a classifier that is told the tool's position in `tools`
    /// (so it can hand out a classification computed ahead of time) and that may fail (a
    /// classifier compiled only when first needed); a failure rolls the server back.
    pub fn write_server_with(
        &mut self,
        snapshot: &ServerSnapshot<'_>,
        classify: &mut dyn FnMut(usize, &Tool) -> Result<Classification, Error>,
    ) -> Result<ServerWrite, Error> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Catalog {
            path: path.display().to_string(),
            msg: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        let out = write_in(&tx, snapshot, classify).map_err(|e| match e {
            Fail::Sql(e) => err(e),
            Fail::Classify(e) => e,
        })?;
        tx.commit().map_err(err)?;
        Ok(out)
    }

    /// The stored definition hash and classification rules version of each tool of `server`
    /// (empty for an unknown server): what an ingest needs to know which incoming tools will
    /// need classifying.
    pub fn tool_hashes(
        &self,
        server: &str,
    ) -> Result<HashMap<String, (String, Option<String>)>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT t.name, t.def_hash, c.rules_version FROM servers s JOIN tools t ON t.server_id = s.id
                 LEFT JOIN classifications c ON c.tool_id = t.id WHERE s.name = ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([server], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Reclassifies every tool whose classification is missing or came from rules other than
    /// `rules_version` (all tools when `all`), in batches of a few thousand tools per
    /// transaction. Servers whose classifications changed get a new generation, so the search
    /// index catches up on just them. Returns the number of tools reclassified.
    pub fn reclassify(
        &mut self,
        rules_version: &str,
        all: bool,
        classify: &mut dyn FnMut(&str, &Tool) -> Classification,
    ) -> Result<usize, Error> {
        const BATCH: i64 = 5000;
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Catalog {
            path: path.display().to_string(),
            msg: e.to_string(),
        };
        let mut after = 0i64;
        let mut total = 0usize;
        loop {
            let tx = self.conn.transaction().map_err(err)?;
            let (count, last) =
                reclassify_batch(&tx, rules_version, all, after, BATCH, classify).map_err(err)?;
            tx.commit().map_err(err)?;
            total += count;
            match last {
                Some(id) => after = id,
                None => break,
            }
        }
        Ok(total)
    }
}

/// Why [`write_in`] stopped.
enum Fail {
    Sql(rusqlite::Error),
    Classify(Error),
}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Fail {
        Fail::Sql(e)
    }
}

fn write_in(
    tx: &Transaction<'_>,
    snapshot: &ServerSnapshot<'_>,
    classify: &mut dyn FnMut(usize, &Tool) -> Result<Classification, Error>,
) -> Result<ServerWrite, Fail> {
    let ServerSnapshot {
        info,
        tools,
        mode,
        now,
        rules_version,
        restorable,
    } = *snapshot;
    let mut out = ServerWrite::default();

    // The server row.
    let existing_server = tx
        .prepare_cached(
            "SELECT id, origin, source, version, protocol_version, title, instructions FROM servers WHERE name = ?1",
        )?
        .query_row([&info.name], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ),
            ))
        })
        .optional()?;
    let incoming = (
        info.origin.as_str().to_string(),
        info.source.clone(),
        info.version.clone(),
        info.protocol_version.clone(),
        info.title.clone(),
        info.instructions.clone(),
    );
    let server_id = match existing_server {
        None => {
            out.info_changed = true;
            tx.prepare_cached(
                "INSERT INTO servers(name, origin, source, version, protocol_version, title, instructions, first_seen, last_seen, generation)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 0) RETURNING id",
            )?
            .query_row(
                params![info.name, incoming.0, incoming.1, incoming.2, incoming.3, incoming.4, incoming.5, now],
                |r| r.get(0),
            )?
        }
        Some((id, stored)) => {
            if stored != incoming {
                out.info_changed = true;
                tx.prepare_cached(
                    "UPDATE servers SET origin = ?2, source = ?3, version = ?4, protocol_version = ?5, title = ?6,
                     instructions = ?7, last_seen = ?8 WHERE id = ?1",
                )?
                .execute(params![id, incoming.0, incoming.1, incoming.2, incoming.3, incoming.4, incoming.5, now])?;
            } else {
                tx.prepare_cached("UPDATE servers SET last_seen = ?2 WHERE id = ?1")?
                    .execute(params![id, now])?;
            }
            id
        }
    };

    // What the catalog holds for the server now.
    let mut existing: HashMap<String, Existing> = HashMap::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT t.id, t.name, t.def_hash, c.rules_version FROM tools t
             LEFT JOIN classifications c ON c.tool_id = t.id WHERE t.server_id = ?1",
        )?;
        let rows = stmt.query_map([server_id], |r| {
            Ok((
                r.get::<_, String>(1)?,
                Existing {
                    id: r.get(0)?,
                    def_hash: r.get(2)?,
                    rules_version: r.get(3)?,
                },
            ))
        })?;
        for row in rows {
            let (name, e) = row?;
            existing.insert(name, e);
        }
    }

    let mut insert_tool = tx.prepare_cached(
        "INSERT INTO tools(server_id, name, raw, def_hash, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
    )?;
    let mut history_changed = tx.prepare_cached(
        "INSERT INTO tool_history(server, tool, change, def_hash, raw, first_seen, last_seen, recorded_at, new_hash)
         SELECT ?1, name, 'changed', def_hash, raw, first_seen, last_seen, ?2, ?3 FROM tools WHERE id = ?4",
    )?;
    let mut update_tool = tx
        .prepare_cached("UPDATE tools SET raw = ?2, def_hash = ?3, last_seen = ?4 WHERE id = ?1")?;
    let mut upsert_class = tx.prepare_cached(
        "INSERT OR REPLACE INTO classifications(tool_id, category, risk, signals, rationale, evidence, confidence, decided_by, rules_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut store_class =
        |tool_id: i64, c: &Classification| store_classification(&mut upsert_class, tool_id, c);

    for (i, tool) in tools.iter().enumerate() {
        match existing.remove(&tool.name) {
            None => {
                let raw = serde_json::to_string(&tool.raw).expect("JSON serialises");
                // A tool removed earlier in this session coming back: undo its removal.
                let removed = match (mode, restorable.get(&tool.name)) {
                    (Mode::Merge, Some(hid)) => tx
                        .prepare_cached("SELECT def_hash, first_seen FROM tool_history WHERE id = ?1 AND change = 'removed'")?
                        .query_row([hid], |r| Ok((*hid, r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                        .optional()?,
                    _ => None,
                };
                let first_seen = removed.as_ref().map_or(now, |r| r.2);
                let id: i64 = insert_tool.query_row(
                    params![server_id, tool.name, raw, tool.def_hash, first_seen],
                    |r| r.get(0),
                )?;
                if first_seen != now {
                    tx.prepare_cached("UPDATE tools SET last_seen = ?2 WHERE id = ?1")?
                        .execute(params![id, now])?;
                }
                let c = classify(i, tool).map_err(Fail::Classify)?;
                store_class(id, &c)?;
                let restored = removed.is_some();
                match removed {
                    Some((hid, old_hash, _)) if old_hash == tool.def_hash => {
                        tx.prepare_cached("DELETE FROM tool_history WHERE id = ?1")?
                            .execute([hid])?;
                        out.restored += 1;
                        out.unchanged += 1;
                    }
                    Some((hid, _, _)) => {
                        tx.prepare_cached("UPDATE tool_history SET change = 'changed', new_hash = ?2 WHERE id = ?1")?
                            .execute(params![hid, tool.def_hash])?;
                        out.restored += 1;
                        out.changed += 1;
                    }
                    None => out.added += 1,
                }
                // A restored tool's removal from the index is queued but may not be committed:
                // treated as held before, so that its document is replaced rather than doubled.
                out.upserts.push((i, c, restored));
            }
            Some(e) if e.def_hash != tool.def_hash => {
                history_changed.execute(params![info.name, now, tool.def_hash, e.id])?;
                let raw = serde_json::to_string(&tool.raw).expect("JSON serialises");
                update_tool.execute(params![e.id, raw, tool.def_hash, now])?;
                let c = classify(i, tool).map_err(Fail::Classify)?;
                store_class(e.id, &c)?;
                out.changed += 1;
                out.upserts.push((i, c, true));
            }
            Some(e) => {
                out.unchanged += 1;
                if e.rules_version.as_deref() != Some(rules_version) {
                    let c = classify(i, tool).map_err(Fail::Classify)?;
                    store_class(e.id, &c)?;
                    out.reclassified += 1;
                    out.upserts.push((i, c, true));
                }
            }
        }
    }

    if mode == Mode::Replace && !existing.is_empty() {
        let mut history_removed = tx.prepare_cached(
            "INSERT INTO tool_history(server, tool, change, def_hash, raw, first_seen, last_seen, recorded_at, new_hash)
             SELECT ?1, name, 'removed', def_hash, raw, first_seen, last_seen, ?2, NULL FROM tools WHERE id = ?3
             RETURNING id",
        )?;
        let mut delete_tool = tx.prepare_cached("DELETE FROM tools WHERE id = ?1")?;
        let mut gone: Vec<(String, Existing)> = existing.into_iter().collect();
        gone.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, e) in gone {
            let hid: i64 =
                history_removed.query_row(params![info.name, now, e.id], |r| r.get(0))?;
            delete_tool.execute([e.id])?;
            out.removed += 1;
            out.removed_history.push((name.clone(), hid));
            out.deletes.push(name);
        }
    }

    tx.prepare_cached("UPDATE tools SET last_seen = ?2 WHERE server_id = ?1 AND last_seen <> ?2")?
        .execute(params![server_id, now])?;

    if out.info_changed || out.added + out.changed + out.removed + out.reclassified > 0 {
        let generation = bump_generation(tx)?;
        tx.prepare_cached("UPDATE servers SET generation = ?2 WHERE id = ?1")?
            .execute(params![server_id, generation])?;
        out.generation = Some(generation);
    }
    Ok(out)
}

/// One batch of [`Store::reclassify`]: tools with id > `after`. Returns how many were
/// reclassified and the last id looked at (None when there was nothing left).
fn reclassify_batch(
    tx: &Transaction<'_>,
    rules_version: &str,
    all: bool,
    after: i64,
    limit: i64,
    classify: &mut dyn FnMut(&str, &Tool) -> Classification,
) -> rusqlite::Result<(usize, Option<i64>)> {
    let rows: Vec<(i64, i64, String, String)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT t.id, t.server_id, t.raw, s.name FROM tools t JOIN servers s ON s.id = t.server_id
             LEFT JOIN classifications c ON c.tool_id = t.id
             WHERE t.id > ?1 AND (?2 OR c.tool_id IS NULL OR c.rules_version <> ?3)
             ORDER BY t.id LIMIT ?4",
        )?;
        stmt.query_map(params![after, all, rules_version, limit], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    let Some(last) = rows.last().map(|r| r.0) else {
        return Ok((0, None));
    };
    let mut upsert = tx.prepare_cached(
        "INSERT OR REPLACE INTO classifications(tool_id, category, risk, signals, rationale, evidence, confidence, decided_by, rules_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut servers = std::collections::BTreeSet::new();
    let mut count = 0;
    for (id, server_id, raw, server) in rows {
        // Stored definitions were parsed once already; one that no longer parses (a database
        // edited by hand) keeps its old classification rather than stopping the run.
        let Ok(value) = serde_json::from_str(&raw) else {
            continue;
        };
        let Ok(tool) = crate::manifest::parse_tool_owned(value) else {
            continue;
        };
        let c = classify(&server, &tool);
        store_classification(&mut upsert, id, &c)?;
        servers.insert(server_id);
        count += 1;
    }
    if !servers.is_empty() {
        let generation = bump_generation(tx)?;
        let mut stamp = tx.prepare_cached("UPDATE servers SET generation = ?2 WHERE id = ?1")?;
        for s in servers {
            stamp.execute(params![s, generation])?;
        }
    }
    Ok((count, Some(last)))
}

impl Store {
    /// Records one crawl attempt of a server (its report as JSON, without the tools).
    pub fn record_crawl(
        &self,
        server: &str,
        at: i64,
        ok: bool,
        report: &serde_json::Value,
    ) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT INTO crawls(server, at, ok, report) VALUES (?1, ?2, ?3, ?4)",
                params![server, at, ok, report.to_string()],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}

/// Writes one classification row (through the statement
/// `INSERT OR REPLACE INTO classifications(tool_id, category, risk, signals, rationale, evidence,
/// confidence, decided_by, rules_version) VALUES (?1, …, ?9)`).
fn store_classification(
    stmt: &mut rusqlite::CachedStatement<'_>,
    tool_id: i64,
    c: &Classification,
) -> rusqlite::Result<()> {
    let signals = serde_json::to_string(&c.signals).expect("signals serialise");
    stmt.execute(params![
        tool_id,
        c.category.as_str(),
        c.risk.as_str(),
        signals,
        c.rationale,
        c.evidence,
        c.confidence,
        c.decided_by,
        c.rules_version
    ])?;
    Ok(())
}
