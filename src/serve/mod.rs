//! `mcprisk serve`: the catalog as an MCP server, for agents and gateways that ask "what does
//! this tool do, and what is the rule?" before they call it.
//!
//! - [`protocol`]: JSON-RPC and MCP lifecycle, both eras (the `initialize` handshake of
//!   2024-11-05 … 2025-11-25 and the stateless 2026-07-28 revision with `server/discover`),
//!   speaking exactly the versions the crawler speaks;
//! - [`tools`]: the four read-only tools and their schemas;
//! - [`stdio`] and [`http`]: the transports (newline-delimited JSON on stdin/stdout, and
//!   Streamable HTTP).
//!
//! We write the protocol ourselves, as the crawler does: the surface is four tools and a
//! handful of methods, and owning it keeps both eras and the error behaviour under test.

pub mod http;
pub mod protocol;
pub mod stdio;
pub mod tools;

use crate::attacks::Attacks;
use crate::catalog::Catalog;
use crate::classify::Classifier;
use std::sync::Mutex;

/// What the server answers from: the catalog, the classifier for on-the-spot checks, and the
/// attack patterns. Shared by every connection.
pub struct Service {
    catalog: Mutex<Catalog>,
    classifier: Classifier,
    attacks: Attacks,
}

impl Service {
    pub fn new(catalog: Catalog, attacks: Attacks) -> crate::Result<Service> {
        let classifier = catalog.rules().classifier()?.clone();
        Ok(Service {
            catalog: Mutex::new(catalog),
            classifier,
            attacks,
        })
    }

    /// Runs `f` with the catalog. One call at a time: SQLite connections are not shared
    /// between threads, and a call takes a millisecond or two.
    fn with_catalog<T>(&self, f: impl FnOnce(&Catalog) -> T) -> T {
        // A panic in an earlier call cannot leave the catalog half-written: it is only read.
        let guard = self
            .catalog
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&guard)
    }
}
