//! Reading the history of replaced and removed tool definitions (`tool_history`), for
//! `mcprisk history`.

use super::Store;
use crate::error::Error;

/// A definition that was replaced or removed.
#[derive(Debug, Clone)]
pub struct PastDefinition {
    pub tool: String,
    /// `changed` or `removed`.
    pub change: String,
    pub def_hash: String,
    pub raw: serde_json::Value,
    pub first_seen: i64,
    /// When it was replaced or removed.
    pub recorded_at: i64,
}

impl Store {
    /// The past definitions of a server's tools (of one tool, when given), oldest first per
    /// tool, tools in name order.
    pub fn tool_history(
        &self,
        server: &str,
        tool: Option<&str>,
    ) -> Result<Vec<PastDefinition>, Error> {
        let sql = "SELECT tool, change, def_hash, raw, first_seen, recorded_at FROM tool_history
                   WHERE server = ?1 AND (?2 IS NULL OR tool = ?2) ORDER BY tool, recorded_at, id";
        let run = || -> rusqlite::Result<Vec<PastDefinition>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(rusqlite::params![server, tool], |r| {
                let raw: String = r.get(3)?;
                Ok(PastDefinition {
                    tool: r.get(0)?,
                    change: r.get(1)?,
                    def_hash: r.get(2)?,
                    raw: serde_json::from_str(&raw).unwrap_or(serde_json::Value::Null),
                    first_seen: r.get(4)?,
                    recorded_at: r.get(5)?,
                })
            })?;
            rows.collect()
        };
        run().map_err(|e| self.err(e))
    }
}
