//! The servers a check looks at, without a catalog: manifest files and live servers (the same
//! sources as `index`), each parsed, classified and remembered with where it was declared, so
//! that a finding can point at a file and a line.
//!
//! One broken input never stops the others: it becomes a [`Problem`], and the commands that
//! check (scan, lock, verify) treat any problem as an input error (exit 2), since a server that
//! could not be read could not be checked.

use crate::classify::{Classification, Classifier};
use crate::crawl::CrawlReport;
use crate::manifest::formats::{self, Input};
use crate::manifest::{ServerManifest, ToolLimits, parse_tools_owned};
use std::path::PathBuf;

/// One server, parsed and classified, with where it came from.
pub struct Scanned {
    pub manifest: ServerManifest,
    /// Per tool, in the manifest's order.
    pub classes: Vec<Classification>,
    /// The file that declares the server (a manifest file or a client config), when there is
    /// one; `None` for `--stdio`, `--url`, the registry and standard input.
    pub file: Option<PathBuf>,
    /// True when `file` holds the tool definitions themselves (a manifest), false when it only
    /// declares the server (a client config or servers file).
    pub file_has_tools: bool,
}

/// An input or server that could not be read, crawled or parsed. Unsanitised: printers
/// sanitise.
#[derive(Debug, Clone)]
pub struct Problem(pub String);

#[derive(Default)]
pub struct Gathered {
    pub servers: Vec<Scanned>,
    pub problems: Vec<Problem>,
}

/// A live server's crawl, with the file that declared it (a client config or servers file),
/// when one did.
pub struct Crawled {
    pub report: CrawlReport,
    pub declared_in: Option<PathBuf>,
}

/// Reads every manifest path, takes every crawled server, and classifies every tool.
pub fn gather(
    classifier: &Classifier,
    paths: &[PathBuf],
    server_name: Option<&str>,
    crawled: Vec<Crawled>,
    limits: &ToolLimits,
) -> Gathered {
    let mut out = Gathered::default();
    for p in paths {
        let inputs = match Input::from_arg(p) {
            Input::Stdin => vec![Input::Stdin],
            Input::Path(_) => match formats::expand_paths(std::slice::from_ref(p)) {
                Ok(found) => found.into_iter().map(Input::Path).collect(),
                Err(e) => {
                    out.problems.push(Problem(e.to_string()));
                    continue;
                }
            },
        };
        for input in inputs {
            let location = input.display();
            let file = match &input {
                Input::Path(p) => Some(p.clone()),
                Input::Stdin => None,
            };
            let read = formats::read_input(&input, server_name, |raw| {
                let manifest = parse_tools_owned(raw.info, raw.tools, &location, limits);
                out.servers
                    .push(classified(classifier, manifest, file.clone(), true));
                Ok::<(), crate::Error>(())
            });
            match read {
                Ok(issues) => out
                    .problems
                    .extend(issues.iter().map(|i| Problem(format!("skipped line: {i}")))),
                Err(e) => out.problems.push(Problem(e.to_string())),
            }
        }
    }
    for c in crawled {
        take_crawl(classifier, c, limits, &mut out);
    }
    for s in &out.servers {
        out.problems.extend(
            s.manifest
                .issues
                .iter()
                .map(|i| Problem(format!("skipped tool: {i}"))),
        );
    }
    out
}

fn classified(
    classifier: &Classifier,
    manifest: ServerManifest,
    file: Option<PathBuf>,
    file_has_tools: bool,
) -> Scanned {
    let classes = manifest
        .tools
        .iter()
        .map(|t| classifier.classify_in(&manifest.info.name, t))
        .collect();
    Scanned {
        manifest,
        classes,
        file,
        file_has_tools,
    }
}

/// A failed crawl is a problem, and so is a listing cut short: a check of part of a server's
/// tools would pass what it never saw.
fn take_crawl(classifier: &Classifier, c: Crawled, limits: &ToolLimits, out: &mut Gathered) {
    let Crawled {
        mut report,
        declared_in,
    } = c;
    if let Some(line) = report.error_line() {
        out.problems.push(Problem(line));
        return;
    }
    if report.truncated {
        out.problems.push(Problem(format!(
            "server {}: the listing was cut short ({}); it was not checked whole",
            report.name,
            report.warnings.join("; ")
        )));
    }
    let Some(raw) = report.server.take() else {
        return;
    };
    let location = raw.info.source.clone();
    let manifest = parse_tools_owned(raw.info, raw.tools, &location, limits);
    out.servers
        .push(classified(classifier, manifest, declared_in, false));
}
