//! Integration tests: the built `mcprisk` binary, run as a user would run it.

mod classify;
mod crawl;
mod harness;
