//! Findings about a server's own text (its `instructions`), kept beside its tools so that
//! `show SERVER` can say that the server's instructions are poisoned.

use super::Store;
use crate::classify::Signal;
use crate::error::Error;
use rusqlite::OptionalExtension;

/// A signal found in a server's text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ServerFinding {
    /// What text: `instructions`.
    pub subject: String,
    pub signal: Signal,
}

/// Checks one server's text: `(server, text)` to the signals found in it.
pub type TextCheck<'a> = dyn FnMut(&str, &str) -> Result<Vec<Signal>, Error> + 'a;

/// A server whose text needs checking: id, name, instructions, and the `text_checked` key the
/// check will record.
type Pending = (i64, String, Option<String>, String);

impl Store {
    /// Checks the servers whose text was not yet checked under `rules_version` (new servers,
    /// changed instructions, other rules) with `check`, and stores what it finds. Returns the
    /// number of servers checked.
    pub fn check_server_text(
        &mut self,
        rules_version: &str,
        check: &mut TextCheck<'_>,
    ) -> Result<usize, Error> {
        let pending = self
            .unchecked_servers(rules_version)
            .map_err(|e| self.err(e))?;
        if pending.is_empty() {
            return Ok(0);
        }
        let mut checked = Vec::with_capacity(pending.len());
        for (id, name, text, key) in pending {
            let found = match &text {
                Some(t) => check(&name, t)?,
                None => Vec::new(),
            };
            checked.push((id, key, found));
        }
        write_checks(&mut self.conn, &checked).map_err(|e| self.err(e))?;
        Ok(checked.len())
    }

    /// Servers whose `text_checked` is not `rules_version:hash(instructions)`.
    fn unchecked_servers(&self, rules_version: &str) -> rusqlite::Result<Vec<Pending>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, instructions, text_checked FROM servers")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, text, checked) = row?;
            let key = format!(
                "{rules_version}:{}",
                text.as_deref()
                    .map(crate::scan::server_text::hash)
                    .unwrap_or_default()
            );
            if checked.as_deref() != Some(key.as_str()) {
                out.push((id, name, text, key));
            }
        }
        Ok(out)
    }

    /// The findings stored for a server's text.
    pub fn server_findings(&self, server_id: i64) -> Result<Vec<ServerFinding>, Error> {
        let run = || -> rusqlite::Result<Vec<ServerFinding>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT subject, signal, label, evidence FROM server_findings WHERE server_id = ?1 ORDER BY rowid",
            )?;
            let rows = stmt.query_map([server_id], |r| {
                Ok(ServerFinding {
                    subject: r.get(0)?,
                    signal: Signal {
                        id: r.get(1)?,
                        label: r.get(2)?,
                        evidence: r.get(3)?,
                    },
                })
            })?;
            rows.collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// Whether the server's text has been checked at all (under any rules).
    pub fn server_text_checked(&self, server_id: i64) -> Result<bool, Error> {
        self.conn
            .prepare_cached("SELECT text_checked FROM servers WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([server_id], |r| r.get::<_, Option<String>>(0))
                    .optional()
            })
            .map(|v| v.flatten().is_some())
            .map_err(|e| self.err(e))
    }
}

/// Replaces the findings of the checked servers and marks them checked, in one transaction.
fn write_checks(
    conn: &mut rusqlite::Connection,
    checked: &[(i64, String, Vec<Signal>)],
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut clear = tx.prepare_cached("DELETE FROM server_findings WHERE server_id = ?1")?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO server_findings(server_id, subject, signal, label, evidence) VALUES (?1, 'instructions', ?2, ?3, ?4)",
        )?;
        let mut mark = tx.prepare_cached("UPDATE servers SET text_checked = ?2 WHERE id = ?1")?;
        for (id, key, found) in checked {
            clear.execute([id])?;
            for s in found {
                insert.execute(rusqlite::params![id, s.id, s.label, s.evidence])?;
            }
            mark.execute(rusqlite::params![id, key])?;
        }
    }
    tx.commit()
}
