//! mcprisk: index MCP servers' tools, classify what each tool can do, keep the results in a
//! searchable catalog and generate gateway policy.
//!
//! The modules follow the data flow:
//! [`sources`] (what to crawl) → [`crawl`] (live servers; [`redact`] keeps their secrets in)
//! → [`manifest`] (the lenient model of a tool listing) → [`classify`] → [`catalog`] (rules
//! loading and the one ingest road) → [`store`] (SQLite, the source of truth) and [`index`]
//! (tantivy, derived) → [`policy`] and [`report`]. [`sanitize`] guards every terminal;
//! [`cli`] sits at the edge and only parses flags and prints.

pub mod attacks;
pub mod catalog;
pub mod classify;
pub mod cli;
pub mod crawl;
pub mod error;
pub mod eval;
pub mod home;
pub mod index;
pub mod lock;
pub mod manifest;
pub mod policy;
pub mod redact;
pub mod report;
pub mod sanitize;
pub mod scan;
pub mod serve;
pub mod site;
pub mod sources;
pub mod store;
pub mod view;

pub use error::{Error, Result};
