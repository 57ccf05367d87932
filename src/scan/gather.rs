//! The servers a check looks at, without a catalog: manifest files and live servers (the same
//! sources as `index`), each parsed, classified and remembered with where it was declared, so
//! that a finding can point at a file and a line.
//!
//! One broken input never stops the others: it becomes a [`Problem`], and the commands that
//! check (scan, lock, verify) treat any problem as an input error (exit 2), since a server that
//! could not be read could not be checked.

use crate::classify::{Classification, Classifier};
use crate::crawl::{self, progress::Progress};
use crate::manifest::formats::{self, Input};
use crate::manifest::{ServerManifest, parse_tools_owned};
use crate::sources::cli_args::CrawlArgs;
use std::path::PathBuf;
use std::sync::Arc;

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
    /// Notes about entries left out (disabled in a config, needing --allow-exec); not errors.
    pub notes: Vec<String>,
}

/// What to read.
pub struct Sources<'a> {
    pub paths: &'a [PathBuf],
    /// The name of the server in a single-server file.
    pub server: Option<&'a str>,
    pub crawl: &'a CrawlArgs,
}

impl Sources<'_> {
    pub fn any(&self) -> bool {
        !self.paths.is_empty() || self.crawl.any()
    }
}

/// Reads every source and classifies every tool.
pub fn gather(classifier: &Classifier, sources: &Sources<'_>) -> anyhow::Result<Gathered> {
    let mut out = Gathered::default();
    let limits = sources.crawl.options().tool_limits;
    for p in sources.paths {
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
            let read = formats::read_input(&input, sources.server, |raw| {
                let manifest = parse_tools_owned(raw.info, raw.tools, &location, &limits);
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
    if sources.crawl.any() {
        crawl_into(classifier, sources, &mut out)?;
    }
    for s in &out.servers {
        out.problems.extend(
            s.manifest
                .issues
                .iter()
                .map(|i| Problem(format!("skipped tool: {i}"))),
        );
    }
    Ok(out)
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

/// Crawls the servers the crawl flags name. A listing cut short is a problem: a check of part
/// of a server's tools would pass what it never saw.
fn crawl_into(
    classifier: &Classifier,
    sources: &Sources<'_>,
    out: &mut Gathered,
) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let resolved = rt.block_on(sources.crawl.resolve())?;
    out.notes
        .extend(resolved.skipped.iter().map(ToString::to_string));
    if resolved.targets.is_empty() {
        return Ok(());
    }
    let declared: Vec<Option<PathBuf>> = resolved
        .targets
        .iter()
        .map(|t| {
            let p = PathBuf::from(&t.declared_in);
            p.is_file().then_some(p)
        })
        .collect();
    crawl::reaper::enable();
    let options = sources.crawl.options();
    let progress = Arc::new(Progress::new(resolved.targets.len(), false));
    let p = progress.clone();
    let reports = rt.block_on(crawl::crawl_many(resolved.targets, &options, move |ev| {
        p.handle(ev)
    }));
    progress.finish();
    for (mut report, file) in reports.into_iter().zip(declared) {
        if let Some(line) = report.error_line() {
            out.problems.push(Problem(line));
            continue;
        }
        if report.truncated {
            out.problems.push(Problem(format!(
                "server {}: the listing was cut short ({}); it was not checked whole",
                report.name,
                report.warnings.join("; ")
            )));
        }
        let Some(raw) = report.server.take() else {
            continue;
        };
        let location = raw.info.source.clone();
        let manifest = parse_tools_owned(raw.info, raw.tools, &location, &options.tool_limits);
        out.servers
            .push(classified(classifier, manifest, file, false));
    }
    Ok(())
}
