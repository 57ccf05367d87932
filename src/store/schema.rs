//! The catalog schema and its migrations.
//!
//! `PRAGMA user_version` records how many migrations a database has had. Opening a database
//! applies the missing ones in order, each in its own transaction, so an interrupted upgrade
//! leaves the database at a well-defined earlier version. Migrations are append-only: never edit
//! one that has shipped, add a new one.

use rusqlite::Connection;

/// The migrations, in order. The database's `user_version` is the number applied.
pub const MIGRATIONS: &[&str] = &[
    // 1: servers, tools, classifications, history, meta.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE servers (
        id               INTEGER PRIMARY KEY,
        name             TEXT NOT NULL UNIQUE,
        origin           TEXT NOT NULL,
        source           TEXT NOT NULL,
        version          TEXT,
        protocol_version TEXT,
        title            TEXT,
        instructions     TEXT,
        first_seen       INTEGER NOT NULL,
        last_seen        INTEGER NOT NULL,
        -- The catalog generation of the server's last change (see meta.generation).
        generation       INTEGER NOT NULL
    );
    CREATE INDEX servers_generation ON servers(generation);

    CREATE TABLE tools (
        id         INTEGER PRIMARY KEY,
        server_id  INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        -- The definition as received (JSON text, key order kept).
        raw        TEXT NOT NULL,
        -- SHA-256 of the canonical JSON of `raw`.
        def_hash   TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen  INTEGER NOT NULL,
        UNIQUE (server_id, name)
    );

    CREATE TABLE classifications (
        tool_id       INTEGER PRIMARY KEY REFERENCES tools(id) ON DELETE CASCADE,
        category      TEXT NOT NULL,
        risk          TEXT NOT NULL,
        signals       TEXT NOT NULL,
        rationale     TEXT NOT NULL,
        evidence      TEXT NOT NULL,
        confidence    REAL NOT NULL,
        decided_by    TEXT NOT NULL,
        rules_version TEXT NOT NULL
    );
    CREATE INDEX classifications_rules_version ON classifications(rules_version);

    -- Definitions that were replaced or removed. Kept for drift reports.
    CREATE TABLE tool_history (
        id          INTEGER PRIMARY KEY,
        server      TEXT NOT NULL,
        tool        TEXT NOT NULL,
        change      TEXT NOT NULL CHECK (change IN ('changed', 'removed')),
        def_hash    TEXT NOT NULL,
        raw         TEXT NOT NULL,
        first_seen  INTEGER NOT NULL,
        last_seen   INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        -- The definition that replaced this one (NULL when removed).
        new_hash    TEXT
    );
    CREATE INDEX tool_history_tool ON tool_history(server, tool);
    "#,
    // 2: every live crawl of a server, successful or not: serverInfo, protocol version,
    // capabilities, transport, timings, status with error kind, message and stderr tail (all
    // redacted by the crawler: no env or header values). A failed crawl is recorded here and
    // leaves the server's tools untouched.
    r#"
    CREATE TABLE crawls (
        id      INTEGER PRIMARY KEY,
        server  TEXT NOT NULL,
        at      INTEGER NOT NULL,
        ok      INTEGER NOT NULL,
        report  TEXT NOT NULL
    );
    CREATE INDEX crawls_server ON crawls(server, at);
    "#,
    // 3: findings about a server's own text (its instructions): the poisoning, hidden-text and
    // shadowing signals, checked like a tool's description. `checked` on the server says for
    // which rules and which text the findings were computed (`rules_version:text_hash`), so a
    // changed text or rule set is checked again and an unchanged one is not.
    r#"
    ALTER TABLE servers ADD COLUMN text_checked TEXT;
    CREATE TABLE server_findings (
        server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
        subject   TEXT NOT NULL,
        signal    TEXT NOT NULL,
        label     TEXT NOT NULL,
        evidence  TEXT NOT NULL
    );
    CREATE INDEX server_findings_server ON server_findings(server_id);
    "#,
];

/// Brings the database to the latest schema. Returns the version it was at.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<usize> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let from = current.max(0) as usize;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if i == 0 {
            tx.execute_batch(
                "INSERT INTO meta(key, value) VALUES ('generation', '0');
                 INSERT INTO meta(key, value) VALUES ('rules_version', '');",
            )?;
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('catalog_id', ?1)",
                [new_catalog_id()],
            )?;
        }
        // PRAGMA does not take parameters; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
    }
    Ok(from)
}

/// A random-enough id for a new catalog, so that a search index built for another catalog
/// (a deleted and recreated database) is never mistaken for this one's.
fn new_catalog_id() -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    h.update(now.to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    let local = 0u8;
    h.update((&local as *const u8 as usize).to_le_bytes());
    crate::manifest::hex(&h.finalize()[..8])
}
