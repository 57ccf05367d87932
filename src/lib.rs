//! mcprisk: index MCP servers' tools, classify what each tool can do, keep the results in a
//! searchable catalog and generate gateway policy.
//!
//! The modules follow the data flow:
//! sources → [`manifest`] (lenient model) → [`classify`] → [`pipeline`] → [`store`] (SQLite,
//! the source of truth) and [`index`] (tantivy, derived) → [`policy`] and [`report`]; [`cli`]
//! sits at the edge.

pub mod attacks;
pub mod classify;
pub mod cli;
pub mod crawl;
pub mod error;
pub mod eval;
pub mod home;
pub mod index;
pub mod lock;
pub mod manifest;
pub mod pipeline;
pub mod policy;
pub mod report;
pub mod sanitize;
pub mod scan;
pub mod serve;
pub mod site;
pub mod sources;
pub mod store;
pub mod synth;
pub mod view;

pub use error::{Error, Result};
