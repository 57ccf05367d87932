//! mcprisk: index MCP servers' tools, classify what each tool can do, keep the results in a
//! searchable catalog and generate gateway policy.
//!
//! The modules follow the data flow:
//! sources and [`crawl`] → [`manifest`] (lenient model) → [`classify`] → [`store`] (SQLite, the
//! source of truth) and [`index`] (tantivy, derived) → [`policy`] and [`report`]; [`cli`] sits at
//! the edge.

pub mod classify;
pub mod cli;
pub mod crawl;
pub mod error;
pub mod eval;
pub mod manifest;
pub mod policy;
pub mod sanitize;
pub mod sources;

pub use error::{Error, Result};
