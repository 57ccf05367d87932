//! The sandbox flags. They are part of the crawl flags (`CrawlArgs`), so every command that
//! starts stdio servers (`crawl`, `index`, `scan`, `lock`, `verify`) takes them; its crawl gets
//! its options from `CrawlArgs::options_for`, which calls [`SandboxArgs::apply`] once the
//! targets are known.

use crate::crawl::sandbox::{Sandbox, SandboxOptions};
use crate::crawl::{CrawlOptions, CrawlTarget, TransportSpec};
use anyhow::Context as _;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct SandboxArgs {
    /// Run every stdio server in a sandbox (bubblewrap): read-only file system with a private
    /// home and /tmp, no network, its own PID namespace. Registry packages (--allow-exec) run in
    /// it by default. See docs/crawling.md.
    #[arg(long, conflicts_with = "no_sandbox", help_heading = "Sandbox")]
    pub sandbox: bool,

    /// Run servers unconfined, registry packages included (they run as you, with your files
    /// and network).
    #[arg(long = "no-sandbox", help_heading = "Sandbox")]
    pub no_sandbox: bool,

    /// A path sandboxed servers may read and write (they see only their private home and /tmp
    /// otherwise). Repeatable.
    #[arg(
        long = "sandbox-allow",
        value_name = "PATH",
        conflicts_with = "no_sandbox",
        help_heading = "Sandbox"
    )]
    pub allow: Vec<PathBuf>,

    /// A path under your home (or /tmp) that sandboxed servers may read. Repeatable.
    #[arg(
        long = "sandbox-read",
        value_name = "PATH",
        conflicts_with = "no_sandbox",
        help_heading = "Sandbox"
    )]
    pub read: Vec<PathBuf>,

    /// Let sandboxed servers use the network (for servers that must reach their API while
    /// listing tools).
    #[arg(
        long = "sandbox-net",
        conflicts_with = "no_sandbox",
        help_heading = "Sandbox"
    )]
    pub net: bool,
}

impl SandboxArgs {
    /// Sets up the sandbox for the stdio servers among `targets` that need one: all of them
    /// with `--sandbox`, registry packages otherwise (none with `--no-sandbox`). Fails, saying
    /// what is missing and how to install it, when the sandbox is needed and cannot be built.
    pub fn apply(&self, targets: &[CrawlTarget], opts: &mut CrawlOptions) -> anyhow::Result<()> {
        opts.sandbox = None;
        opts.sandbox_all = self.sandbox;
        if self.no_sandbox {
            return Ok(());
        }
        let stdio = |t: &&CrawlTarget| matches!(t.transport, TransportSpec::Stdio { .. });
        let needed = targets
            .iter()
            .filter(stdio)
            .any(|t| self.sandbox || t.from_registry);
        if !needed {
            return Ok(());
        }
        let absolute = |paths: &[PathBuf]| -> anyhow::Result<Vec<PathBuf>> {
            paths
                .iter()
                .map(|p| std::path::absolute(p).with_context(|| format!("{}", p.display())))
                .collect()
        };
        let options = SandboxOptions {
            allow: absolute(&self.allow)?,
            read: absolute(&self.read)?,
            net: self.net,
            package_cache: None,
        };
        let sandbox = Sandbox::check(options).map_err(|e| {
            let why = if self.sandbox {
                "--sandbox was given"
            } else {
                "registry packages run in the sandbox by default"
            };
            anyhow::anyhow!("cannot start the sandbox ({why}): {e}")
        })?;
        opts.sandbox = Some(Arc::new(sandbox));
        Ok(())
    }
}
