//! Integration tests: the built `mcprisk` binary, run as a user would run it, in temporary
//! catalog homes.

mod browser;
mod harness;
/// The synthetic-corpus generator the scale benchmark uses (a development tool, not shipped).
#[path = "../../benches/synth/mod.rs"]
mod synth;

mod catalog;
mod classify;
mod crash;
mod crawl;
mod eval;
mod hostile;
mod index_crawl;
mod policy;
mod sandbox;
mod scale;
mod scan;
mod secrets;
mod serve;
mod shards;
mod site;
