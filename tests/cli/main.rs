//! Integration tests: the built binary, run in temporary catalog homes.

mod harness;

mod catalog;
