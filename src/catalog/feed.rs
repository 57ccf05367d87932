//! The one road into the catalog: manifest files, standard input and crawled servers all go
//! through [`Ingest::feed`], which parses, hashes and classifies on one thread (a
//! [`Preparer`](super::Preparer)) while this one writes SQLite and the search index, in the
//! order the sources were given. A bounded queue between the two keeps memory to a few servers
//! however large the input.
//!
//! Nothing here prints: what happens is told through [`FeedEvent`]s, and the caller (the CLI, a
//! test, a library user) decides what to say. One broken server never stops its file, one
//! broken file or failed crawl never stops the others.

use super::{Ingest, Prepared, ServerOutcome};
use crate::crawl::CrawlReport;
use crate::error::Error;
use crate::manifest::ToolIssue;
use crate::manifest::formats::{self, Input};
use std::path::PathBuf;

/// Something to ingest.
pub enum Source {
    /// A manifest file, or a directory searched for `.json`, `.jsonl` and `.ndjson` files;
    /// `-` reads standard input.
    Path(PathBuf),
    /// A live server's crawl. A successful one enters like a file's server does (a listing cut
    /// short is merged, never taken as complete); every crawl, failed or not, is written to the
    /// catalog's crawl log; a failed one leaves the server's last good snapshot untouched.
    Crawled(Box<CrawlReport>),
}

/// What happened to one part of a feed, in order.
#[derive(Debug)]
pub enum FeedEvent {
    /// A server was stored (and its index changes queued).
    Stored(ServerOutcome),
    /// A server could not be stored; the rest go on. `input` names the file it came from
    /// (`None` for a crawled server).
    ServerFailed {
        input: Option<String>,
        server: String,
        error: Error,
    },
    /// An input was read to its end; the lines it skipped (not a server listing).
    InputRead {
        input: String,
        skipped: Vec<ToolIssue>,
    },
    /// A path that could not be expanded, or an input that could not be read (or only partly:
    /// the servers before the failure were stored).
    InputFailed { error: Error },
    /// A crawl that failed: nothing was stored for the server.
    CrawlFailed { server: String },
    /// A crawl whose log entry could not be written (its server is still ingested).
    CrawlNotLogged { server: String, error: Error },
}

/// Servers queued between the reading and the writing thread.
const QUEUE: usize = 16;

/// What the reading thread hands the writing thread.
enum Read {
    Server(String, Prepared),
    /// An input is done: the lines it skipped, or why it could not be read.
    Done(String, Result<Vec<ToolIssue>, Error>),
    /// A crawl: its log entry, and its server when the crawl succeeded.
    Crawled {
        server: String,
        ok: bool,
        log: serde_json::Value,
        prepared: Option<Prepared>,
    },
}

/// A source with its paths expanded.
enum Item {
    Input(Input),
    Crawled(Box<CrawlReport>),
}

impl Ingest<'_> {
    /// Ingests every source in order, reporting each server, input and crawl through `on`.
    /// `server_name` names the server of a single-server file (default: the file stem, or the
    /// name a snapshot carries).
    ///
    /// Fails only when the reading thread's connection to the catalog cannot be opened; every
    /// other problem is an event and the feed goes on.
    pub fn feed(
        &mut self,
        sources: Vec<Source>,
        server_name: Option<&str>,
        mut on: impl FnMut(FeedEvent),
    ) -> Result<(), Error> {
        let items = expand(sources, &mut on);
        if items.is_empty() {
            return Ok(());
        }
        let preparer = self.preparer()?;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Read>(QUEUE);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for item in items {
                    let msg = match item {
                        Item::Input(input) => {
                            let display = input.display();
                            let read = formats::read_input(&input, server_name, |raw| {
                                let prepared = preparer.prepare(raw, true);
                                tx.send(Read::Server(display.clone(), prepared))
                                    .map_err(|_| Error::Busy {
                                        path: display.clone(),
                                    })
                            });
                            Read::Done(display, read)
                        }
                        Item::Crawled(mut report) => {
                            let log =
                                serde_json::to_value(&report).expect("crawl reports serialise");
                            let complete = !report.truncated;
                            Read::Crawled {
                                ok: report.ok(),
                                log,
                                prepared: report
                                    .server
                                    .take()
                                    .map(|raw| preparer.prepare(raw, complete)),
                                server: report.name,
                            }
                        }
                    };
                    if tx.send(msg).is_err() {
                        return;
                    }
                }
            });
            for msg in rx {
                self.write(msg, &mut on);
            }
        });
        Ok(())
    }

    /// The writing side of [`Ingest::feed`]: one message from the reading thread.
    fn write(&mut self, msg: Read, on: &mut impl FnMut(FeedEvent)) {
        match msg {
            Read::Server(input, prepared) => {
                let server = prepared.server().to_string();
                on(match self.ingest_prepared(prepared) {
                    Ok(outcome) => FeedEvent::Stored(outcome),
                    Err(error) => FeedEvent::ServerFailed {
                        input: Some(input),
                        server,
                        error,
                    },
                });
            }
            Read::Done(input, Ok(skipped)) => on(FeedEvent::InputRead { input, skipped }),
            Read::Done(_, Err(error)) => on(FeedEvent::InputFailed { error }),
            Read::Crawled {
                server,
                ok,
                log,
                prepared,
            } => {
                if let Err(error) = self.record_crawl(&server, ok, &log) {
                    on(FeedEvent::CrawlNotLogged {
                        server: server.clone(),
                        error,
                    });
                }
                let Some(prepared) = prepared else {
                    on(FeedEvent::CrawlFailed { server });
                    return;
                };
                on(match self.ingest_prepared(prepared) {
                    Ok(outcome) => FeedEvent::Stored(outcome),
                    Err(error) => FeedEvent::ServerFailed {
                        input: None,
                        server,
                        error,
                    },
                });
            }
        }
    }
}

/// Expands directories into the manifest files they hold, reporting paths that cannot be
/// expanded and keeping the rest in order.
fn expand(sources: Vec<Source>, on: &mut impl FnMut(FeedEvent)) -> Vec<Item> {
    let mut items = Vec::new();
    for source in sources {
        match source {
            Source::Crawled(report) => items.push(Item::Crawled(report)),
            Source::Path(p) => match Input::from_arg(&p) {
                Input::Stdin => items.push(Item::Input(Input::Stdin)),
                Input::Path(p) => match formats::expand_paths(std::slice::from_ref(&p)) {
                    Ok(found) => {
                        items.extend(found.into_iter().map(|f| Item::Input(Input::Path(f))))
                    }
                    Err(error) => on(FeedEvent::InputFailed { error }),
                },
            },
        }
    }
    items
}
