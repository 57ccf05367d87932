//! Open a catalog, index a manifest into it, and search it.
//!
//! The catalog is a SQLite database (the source of truth) with a tantivy search index beside
//! it, in one directory. This example makes one in a temporary directory, feeds it the bundled
//! manifest of the reference filesystem server, and asks it a question.
//!
//! ```text
//! cargo run --example catalog_search
//! ```

use mcprisk::catalog::{Catalog, FeedEvent, Rules, Source};
use mcprisk::home::Home;
use mcprisk::index::SearchRequest;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Where the catalog lives: `catalog.db` and `index/` in one directory, created if missing.
    let dir = tempfile::tempdir()?;
    let home = Home::at(dir.path());

    // The built-in rules (or `Rules::load(Some(dir))` for a directory of overrides). They are
    // hashed at once, but compiled only when something needs classifying.
    let rules = Rules::load(None)?;

    // Opening brings the catalog in step: classifications made under other rules are redone,
    // and a missing or stale search index is rebuilt.
    let mut catalog = Catalog::open(home, rules)?;

    // An ingest session: files (and crawled servers) go through one road, parsed and
    // classified on one thread while this one writes SQLite and the index.
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/manifests/filesystem.json");
    let mut ingest = catalog.ingest()?;
    ingest.feed(vec![Source::Path(manifest)], None, |event| match event {
        FeedEvent::Stored(outcome) => {
            println!("stored {}: {} tools", outcome.server, outcome.tools)
        }
        // A file read to its end; the lines it skipped, if any, are in the event.
        FeedEvent::InputRead { .. } => {}
        // A file or server that could not be read or stored: the rest go on.
        other => eprintln!("{other:?}"),
    })?;
    // One index commit for the whole session.
    ingest.finish()?;

    // Search: BM25 over names, titles, descriptions and parameter names, with counts per
    // category and risk over every match.
    let request = SearchRequest {
        query: Some("write file".into()),
        limit: 5,
        ..SearchRequest::default()
    };
    let results = catalog.index().search(&request)?;
    println!("{} matches", results.total);
    for hit in &results.hits {
        println!(
            "  {}/{}  {} {}  (score {:.2})",
            hit.server, hit.name, hit.category, hit.risk, hit.score
        );
    }
    Ok(())
}
