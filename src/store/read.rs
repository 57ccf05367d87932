//! Reading the catalog: servers, tools, statistics, and the streams the search index is
//! built from.

use super::{CLASS_COLUMNS, Store, classification_from_row};
use crate::classify::{Category, Classification, Risk};
use crate::error::Error;
use crate::manifest::{OriginKind, ServerInfo, Tool};
use rusqlite::{OptionalExtension, Row, params};
use std::collections::BTreeMap;

/// A server as stored.
#[derive(Debug, Clone)]
pub struct StoredServer {
    pub id: i64,
    pub info: ServerInfo,
    pub first_seen: i64,
    pub last_seen: i64,
    pub generation: i64,
}

/// A tool as stored, with its classification.
#[derive(Debug, Clone)]
pub struct StoredTool {
    pub server: String,
    pub tool: Tool,
    pub class: Classification,
    pub first_seen: i64,
    pub last_seen: i64,
}

/// Counts over the whole catalog.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CatalogStats {
    pub servers: u64,
    pub tools: u64,
    pub by_category: BTreeMap<Category, u64>,
    pub by_risk: BTreeMap<Risk, u64>,
    /// (signal id, tools with it), most frequent first.
    pub top_signals: Vec<(String, u64)>,
    pub history: u64,
}

const SERVER_COLUMNS: &str = "id, name, origin, source, version, protocol_version, title, instructions, first_seen, last_seen, generation";

fn server_from_row(r: &Row<'_>) -> rusqlite::Result<StoredServer> {
    let origin: String = r.get(2)?;
    let mut info = ServerInfo::new(
        r.get::<_, String>(1)?,
        OriginKind::parse(&origin).unwrap_or(OriginKind::File),
        r.get::<_, String>(3)?,
    );
    info.version = r.get(4)?;
    info.protocol_version = r.get(5)?;
    info.title = r.get(6)?;
    info.instructions = r.get(7)?;
    Ok(StoredServer {
        id: r.get(0)?,
        info,
        first_seen: r.get(8)?,
        last_seen: r.get(9)?,
        generation: r.get(10)?,
    })
}

/// Columns for [`tool_from_row`]: server name, raw, first/last seen, then the classification.
fn tool_columns() -> String {
    format!("s.name, t.raw, t.first_seen, t.last_seen, {CLASS_COLUMNS}")
}

fn tool_from_row(r: &Row<'_>) -> rusqlite::Result<StoredTool> {
    let raw: String = r.get(1)?;
    let bad = |msg: String| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, msg.into())
    };
    let value: serde_json::Value = serde_json::from_str(&raw).map_err(|e| bad(e.to_string()))?;
    let tool = crate::manifest::parse_tool_owned(value).map_err(|(_, msg)| bad(msg))?;
    Ok(StoredTool {
        server: r.get(0)?,
        tool,
        class: classification_from_row(r, 4)?,
        first_seen: r.get(2)?,
        last_seen: r.get(3)?,
    })
}

impl Store {
    /// One server by its exact name.
    pub fn server(&self, name: &str) -> Result<Option<StoredServer>, Error> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {SERVER_COLUMNS} FROM servers WHERE name = ?1"
            ))
            .and_then(|mut s| s.query_row([name], server_from_row).optional())
            .map_err(|e| self.err(e))
    }

    /// Every server, sorted by name.
    pub fn servers(&self) -> Result<Vec<StoredServer>, Error> {
        let run = || -> rusqlite::Result<Vec<StoredServer>> {
            let mut s = self.conn.prepare_cached(&format!(
                "SELECT {SERVER_COLUMNS} FROM servers ORDER BY name"
            ))?;
            s.query_map([], server_from_row)?.collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// Every server name, sorted.
    pub fn server_names(&self) -> Result<Vec<String>, Error> {
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut s = self
                .conn
                .prepare_cached("SELECT name FROM servers ORDER BY name")?;
            s.query_map([], |r| r.get(0))?.collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// The tools of one server, sorted by name.
    pub fn tools_of(&self, server_id: i64) -> Result<Vec<StoredTool>, Error> {
        let mut out = Vec::new();
        self.for_each_tool_of(server_id, |t| {
            out.push(t);
            Ok(())
        })?;
        out.sort_by(|a, b| a.tool.name.cmp(&b.tool.name));
        Ok(out)
    }

    /// Streams the tools of one server, in the order they were first stored.
    pub fn for_each_tool_of(
        &self,
        server_id: i64,
        mut f: impl FnMut(StoredTool) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM tools t JOIN servers s ON s.id = t.server_id
                 JOIN classifications c ON c.tool_id = t.id WHERE t.server_id = ?1 ORDER BY t.id",
                tool_columns()
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([server_id], tool_from_row)
            .map_err(|e| self.err(e))?;
        for row in rows {
            f(row.map_err(|e| self.err(e))?)?;
        }
        Ok(())
    }

    /// Streams every tool of the catalog, server by server, without holding them all.
    pub fn for_each_tool(
        &self,
        mut f: impl FnMut(StoredTool) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM tools t JOIN servers s ON s.id = t.server_id
                 JOIN classifications c ON c.tool_id = t.id ORDER BY t.server_id",
                tool_columns()
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], tool_from_row).map_err(|e| self.err(e))?;
        for row in rows {
            f(row.map_err(|e| self.err(e))?)?;
        }
        Ok(())
    }

    /// One tool of a server by its exact name.
    pub fn tool(&self, server_id: i64, name: &str) -> Result<Option<StoredTool>, Error> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {} FROM tools t JOIN servers s ON s.id = t.server_id
                 JOIN classifications c ON c.tool_id = t.id WHERE t.server_id = ?1 AND t.name = ?2",
                tool_columns()
            ))
            .and_then(|mut s| {
                s.query_row(params![server_id, name], tool_from_row)
                    .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// Names of a server's tools, sorted.
    pub fn tool_names(&self, server_id: i64) -> Result<Vec<String>, Error> {
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut s = self
                .conn
                .prepare_cached("SELECT name FROM tools WHERE server_id = ?1 ORDER BY name")?;
            s.query_map([server_id], |r| r.get(0))?.collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// (id, name) of the servers changed after catalog generation `since`.
    pub fn servers_changed_since(&self, since: i64) -> Result<Vec<(i64, String)>, Error> {
        let run = || -> rusqlite::Result<Vec<(i64, String)>> {
            let mut s = self
                .conn
                .prepare_cached("SELECT id, name FROM servers WHERE generation > ?1 ORDER BY id")?;
            s.query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// Number of tools in the catalog.
    pub fn tool_count(&self) -> Result<u64, Error> {
        self.conn
            .query_row("SELECT count(*) FROM tools", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| self.err(e))
    }

    /// Catalog-wide counts; `top` limits the signal list.
    pub fn stats(&self, top: usize) -> Result<CatalogStats, Error> {
        let run = || -> rusqlite::Result<CatalogStats> {
            let mut st = CatalogStats {
                servers: self
                    .conn
                    .query_row("SELECT count(*) FROM servers", [], |r| r.get::<_, i64>(0))?
                    as u64,
                tools: self
                    .conn
                    .query_row("SELECT count(*) FROM tools", [], |r| r.get::<_, i64>(0))?
                    as u64,
                history: self
                    .conn
                    .query_row("SELECT count(*) FROM tool_history", [], |r| {
                        r.get::<_, i64>(0)
                    })? as u64,
                ..CatalogStats::default()
            };
            let mut s = self
                .conn
                .prepare("SELECT category, count(*) FROM classifications GROUP BY category")?;
            for row in s.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })? {
                let (c, n) = row?;
                if let Ok(c) = c.parse() {
                    st.by_category.insert(c, n);
                }
            }
            let mut s = self
                .conn
                .prepare("SELECT risk, count(*) FROM classifications GROUP BY risk")?;
            for row in s.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })? {
                let (c, n) = row?;
                if let Ok(c) = c.parse() {
                    st.by_risk.insert(c, n);
                }
            }
            let mut s = self.conn.prepare(
                "SELECT json_extract(j.value, '$.id') AS id, count(DISTINCT c.tool_id) AS n
                 FROM classifications c, json_each(c.signals) j GROUP BY id ORDER BY n DESC, id LIMIT ?1",
            )?;
            st.top_signals = s
                .query_map([top as i64], |r| {
                    Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(st)
        };
        run().map_err(|e| self.err(e))
    }
}

/// The latest crawl of a server.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LastCrawl {
    pub at: i64,
    pub ok: bool,
    pub report: serde_json::Value,
}

impl Store {
    /// The latest crawl of a server, if it was ever crawled live.
    pub fn last_crawl(&self, server: &str) -> Result<Option<LastCrawl>, Error> {
        self.conn
            .prepare_cached("SELECT at, ok, report FROM crawls WHERE server = ?1 ORDER BY at DESC, id DESC LIMIT 1")
            .and_then(|mut s| {
                s.query_row([server], |r| {
                    let report: String = r.get(2)?;
                    Ok(LastCrawl {
                        at: r.get(0)?,
                        ok: r.get(1)?,
                        report: serde_json::from_str(&report).unwrap_or(serde_json::Value::Null),
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }
}
