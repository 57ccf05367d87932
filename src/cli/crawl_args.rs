//! The crawl flags, shared by `mcprisk index` and `mcprisk crawl`: clap parses them here, and
//! [`CrawlArgs::sources`] and [`CrawlArgs::options`] hand the library plain structs.
//!
//! `--env`, `--name` and `--header` belong to the `--stdio` or `--url` they follow, so several
//! servers can be given in one command:
//!
//! ```text
//! mcprisk crawl --stdio 'npx -y @modelcontextprotocol/server-github' --env GITHUB_TOKEN --name github \
//!               --url https://mcp.example.com/mcp --header 'Authorization: Bearer …'
//! ```
//!
//! clap's derive cannot express "belongs to the previous flag", so [`CrawlArgs`] wraps the
//! derived [`RawCrawlArgs`] and pairs the flags up by their positions on the command line.

use crate::crawl::{CrawlOptions, CrawlTarget};
use crate::error::Error;
use crate::sources::registry::{DEFAULT_REGISTRY, RegistryQuery};
use crate::sources::{Resolved, SourceSpec, StdioSpec, UrlSpec};
use clap::{ArgMatches, FromArgMatches};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, clap::Args)]
pub struct RawCrawlArgs {
    /// Crawl a server started by this command line (split like a shell would, but no shell
    /// runs). Repeatable. It starts with a scrubbed environment: add variables with --env.
    #[arg(
        long = "stdio",
        value_name = "'COMMAND ARGS...'",
        help_heading = "Servers"
    )]
    pub stdio: Vec<String>,

    /// An environment variable for the preceding --stdio server. KEY alone passes our value of
    /// KEY. Values are never printed or stored.
    #[arg(long = "env", value_name = "KEY[=VALUE]", help_heading = "Servers")]
    pub env: Vec<String>,

    /// The catalog name of the preceding --stdio or --url server (default: derived from the
    /// command or host).
    #[arg(long = "name", value_name = "NAME", help_heading = "Servers")]
    pub name: Vec<String>,

    /// Crawl a remote server (Streamable HTTP, falling back to legacy HTTP+SSE). Repeatable.
    #[arg(long = "url", value_name = "URL", help_heading = "Servers")]
    pub url: Vec<String>,

    /// An HTTP header for the preceding --url server. Values are never printed or stored.
    #[arg(
        long = "header",
        value_name = "'NAME: VALUE'",
        help_heading = "Servers"
    )]
    pub header: Vec<String>,

    /// An MCP client config (Claude Desktop, Claude Code, Cursor, VS Code, Windsurf), or `auto`
    /// to find them in their usual places. Repeatable.
    #[arg(long = "config", value_name = "FILE|auto", help_heading = "Servers")]
    pub config: Vec<String>,

    /// A TOML list of servers (see data/servers.example.toml). Repeatable.
    #[arg(long = "servers", value_name = "FILE", help_heading = "Servers")]
    pub servers: Vec<PathBuf>,

    /// Crawl servers from an MCP registry (default: the official one).
    #[arg(long = "registry", value_name = "URL", num_args = 0..=1, default_missing_value = DEFAULT_REGISTRY, help_heading = "Servers")]
    pub registry: Option<String>,

    /// Only registry servers whose name contains TEXT.
    #[arg(
        long = "registry-search",
        value_name = "TEXT",
        requires = "registry",
        help_heading = "Servers"
    )]
    pub registry_search: Option<String>,

    /// At most N registry servers.
    #[arg(
        long = "registry-limit",
        value_name = "N",
        requires = "registry",
        help_heading = "Servers"
    )]
    pub registry_limit: Option<usize>,

    /// Crawl only shard K of N: a stable partition of the servers by name (see
    /// docs/registry-crawl.md), so that N runs together crawl each server once.
    #[arg(long = "shard", value_name = "K/N", help_heading = "Servers")]
    pub shard: Option<crate::sources::shard::Shard>,

    /// Allow running registry packages (npx/uvx): this runs third-party code on this machine.
    #[arg(long = "allow-exec", help_heading = "Servers")]
    pub allow_exec: bool,

    /// The sandbox stdio servers run in (every command that crawls takes these flags).
    #[command(flatten)]
    pub sandbox: crate::cli::sandbox_args::SandboxArgs,

    /// Servers crawled at once.
    #[arg(long = "jobs", value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256), help_heading = "Crawling")]
    pub jobs: u16,

    /// Time limit per server, e.g. 30s, 2m.
    #[arg(long = "timeout", value_name = "DURATION", default_value = "60s", value_parser = parse_duration, help_heading = "Crawling")]
    pub timeout: Duration,

    /// Largest message accepted from a server (a stdout line, an HTTP body, an SSE event), e.g.
    /// 16MiB, 512k. A larger one fails the server with `too_large`.
    #[arg(long = "max-message-bytes", value_name = "SIZE", default_value = "16MiB", value_parser = parse_size, help_heading = "Limits")]
    pub max_message_bytes: usize,

    /// Tools kept per server; a longer listing is cut there (with a warning) and nothing is
    /// removed from the catalog for being absent from it.
    #[arg(long = "max-tools", value_name = "N", default_value_t = 5000, value_parser = clap::value_parser!(u32).range(1..), help_heading = "Limits")]
    pub max_tools: u32,

    /// tools/list pages followed per server; the listing is cut there (with a warning).
    #[arg(long = "max-pages", value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..), help_heading = "Limits")]
    pub max_pages: u32,

    /// Deepest nesting of a tool's inputSchema; a deeper tool is skipped and reported. (A whole
    /// message nested deeper than 128 levels is refused by the JSON parser.)
    #[arg(long = "max-schema-depth", value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=120), help_heading = "Limits")]
    pub max_schema_depth: u32,

    /// Longest string (name, description, any text in a schema) in a tool, e.g. 1MiB; a tool
    /// with a longer one is skipped and reported.
    #[arg(long = "max-text-bytes", value_name = "SIZE", default_value = "1MiB", value_parser = parse_size, help_heading = "Limits")]
    pub max_text_bytes: usize,
}

/// Parses a byte size: `1048576`, `512k`, `16M`, `16MiB`, `1GB` (k, M and G are powers of 1024).
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: usize = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (try 16MiB or 512k)"))?;
    let mult: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("unknown unit in {s:?} (use k, M or G)")),
    };
    match n.checked_mul(mult) {
        Some(0) => Err("the size must be positive".into()),
        Some(v) => Ok(v),
        None => Err(format!("{s:?} is too large")),
    }
}

/// Parses `500ms`, `30s`, `2m`, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, "s"),
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (try 30s or 2m)"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => {
            return Err(format!(
                "unknown unit {unit:?} in {s:?} (use ms, s, m or h)"
            ));
        }
    };
    if secs <= 0.0 || !secs.is_finite() {
        return Err("the duration must be positive".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

/// The crawl flags: flatten into a command with `#[command(flatten)]`.
#[derive(Debug, Clone)]
pub struct CrawlArgs {
    pub raw: RawCrawlArgs,
    stdio: Vec<StdioSpec>,
    urls: Vec<UrlSpec>,
}

impl clap::Args for CrawlArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        RawCrawlArgs::augment_args(cmd)
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        RawCrawlArgs::augment_args_for_update(cmd)
    }
}

impl FromArgMatches for CrawlArgs {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let raw = RawCrawlArgs::from_arg_matches(m)?;
        let (stdio, urls) = pair_up(&raw, m).map_err(|msg| {
            clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, format!("{msg}\n"))
        })?;
        Ok(CrawlArgs { raw, stdio, urls })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

/// Attaches each --env/--name/--header to the --stdio/--url before it.
fn pair_up(raw: &RawCrawlArgs, m: &ArgMatches) -> Result<(Vec<StdioSpec>, Vec<UrlSpec>), String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Flag {
        Stdio,
        Url,
        Env,
        Name,
        Header,
    }
    let mut events: Vec<(usize, Flag, usize)> = Vec::new();
    for (id, flag) in [
        ("stdio", Flag::Stdio),
        ("url", Flag::Url),
        ("env", Flag::Env),
        ("name", Flag::Name),
        ("header", Flag::Header),
    ] {
        if let Some(idx) = m.indices_of(id) {
            events.extend(idx.enumerate().map(|(n, pos)| (pos, flag, n)));
        }
    }
    events.sort_by_key(|e| e.0);
    let mut stdio: Vec<StdioSpec> = Vec::new();
    let mut urls: Vec<UrlSpec> = Vec::new();
    let mut current: Option<Flag> = None;
    for (_, flag, n) in events {
        match flag {
            Flag::Stdio => {
                stdio.push(StdioSpec {
                    line: raw.stdio[n].clone(),
                    ..Default::default()
                });
                current = Some(Flag::Stdio);
            }
            Flag::Url => {
                urls.push(UrlSpec {
                    url: raw.url[n].clone(),
                    ..Default::default()
                });
                current = Some(Flag::Url);
            }
            Flag::Env => match (current, stdio.last_mut()) {
                (Some(Flag::Stdio), Some(s)) => s.env.push(raw.env[n].clone()),
                _ => {
                    return Err(format!(
                        "--env {} must follow the --stdio server it is for",
                        key_only(&raw.env[n])
                    ));
                }
            },
            Flag::Header => match (current, urls.last_mut()) {
                (Some(Flag::Url), Some(u)) => u.headers.push(raw.header[n].clone()),
                _ => return Err("--header must follow the --url server it is for".to_string()),
            },
            Flag::Name => {
                let slot = match current {
                    Some(Flag::Stdio) => &mut stdio.last_mut().expect("current stdio").name,
                    Some(Flag::Url) => &mut urls.last_mut().expect("current url").name,
                    _ => {
                        return Err(format!(
                            "--name {} must follow the --stdio or --url server it names",
                            raw.name[n]
                        ));
                    }
                };
                if slot.is_some() {
                    return Err(format!("--name {} given twice for one server", raw.name[n]));
                }
                *slot = Some(raw.name[n].clone());
            }
        }
    }
    Ok((stdio, urls))
}

fn key_only(env: &str) -> &str {
    env.split_once('=').map_or(env, |(k, _)| k)
}

impl CrawlArgs {
    /// Whether any server source was given.
    pub fn any(&self) -> bool {
        !self.stdio.is_empty()
            || !self.urls.is_empty()
            || !self.raw.config.is_empty()
            || !self.raw.servers.is_empty()
            || self.raw.registry.is_some()
    }

    /// The crawl options for `targets`, with the sandbox they need set up (see
    /// [`crate::cli::sandbox_args::SandboxArgs::apply`]): fails when a server must run in the
    /// sandbox and it cannot be built.
    pub fn options_for(&self, targets: &[CrawlTarget]) -> anyhow::Result<CrawlOptions> {
        let mut opts = self.options();
        self.raw.sandbox.apply(targets, &mut opts)?;
        Ok(opts)
    }

    /// The crawl options without a sandbox (limits only); crawls use [`CrawlArgs::options_for`].
    pub fn options(&self) -> CrawlOptions {
        CrawlOptions {
            timeout: self.raw.timeout,
            jobs: self.raw.jobs as usize,
            page_limit: self.raw.max_pages as usize,
            tool_cap: self.raw.max_tools as usize,
            max_message_bytes: self.raw.max_message_bytes,
            tool_limits: crate::manifest::ToolLimits {
                max_schema_depth: self.raw.max_schema_depth as usize,
                max_text_bytes: self.raw.max_text_bytes,
            },
            ..CrawlOptions::default()
        }
    }

    /// The servers to crawl, as the library takes them.
    pub fn sources(&self) -> SourceSpec {
        SourceSpec {
            stdio: self.stdio.clone(),
            urls: self.urls.clone(),
            configs: self.raw.config.clone(),
            servers_files: self.raw.servers.clone(),
            registry: self.raw.registry.as_ref().map(|base| RegistryQuery {
                base: base.clone(),
                search: self.raw.registry_search.clone(),
                limit: self.raw.registry_limit,
                allow_exec: self.raw.allow_exec,
            }),
            shard: self.raw.shard,
        }
    }

    /// Resolves the servers into crawl targets (see [`SourceSpec::resolve`]).
    pub async fn resolve(&self) -> Result<Resolved, Error> {
        self.sources().resolve().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crawl::TransportSpec;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        crawl: CrawlArgs,
    }

    fn parse(args: &[&str]) -> Result<CrawlArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("x").chain(args.iter().copied())).map(|c| c.crawl)
    }

    #[test]
    fn flags_attach_to_the_server_before_them() {
        let a = parse(&[
            "--stdio",
            "srv a",
            "--env",
            "A=1",
            "--name",
            "one",
            "--url",
            "https://h/mcp",
            "--header",
            "X-K: v",
            "--stdio",
            "other",
            "--env",
            "B=2",
        ])
        .unwrap();
        assert_eq!(a.stdio.len(), 2);
        assert_eq!(a.stdio[0].env, ["A=1"]);
        assert_eq!(a.stdio[0].name.as_deref(), Some("one"));
        assert_eq!(a.stdio[1].env, ["B=2"]);
        assert_eq!(a.urls[0].headers, ["X-K: v"]);
        let err = parse(&["--env", "A=1", "--stdio", "x"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("--env A must follow"), "{err}");
        assert!(!err.contains("A=1"), "values are not echoed: {err}");
        assert!(parse(&["--url", "https://h", "--env", "A=1"]).is_err());
        assert!(parse(&["--stdio", "x", "--header", "K: v"]).is_err());
    }

    #[tokio::test]
    async fn resolves_names_env_and_headers() {
        let a = parse(&[
            "--stdio",
            "npx -y @modelcontextprotocol/server-everything@1",
            "--env",
            "K=v",
            "--url",
            "http://127.0.0.1:9/mcp",
            "--header",
            "Authorization: Bearer t",
        ])
        .unwrap();
        let r = a.resolve().await.unwrap();
        assert_eq!(r.targets[0].name, "server-everything");
        assert!(
            matches!(&r.targets[0].transport, TransportSpec::Stdio { env, .. } if env == &[("K".to_string(), "v".to_string())])
        );
        assert_eq!(r.targets[1].name, "127.0.0.1:9");
        assert!(
            matches!(&r.targets[1].transport, TransportSpec::Http { headers, .. } if headers == &[("Authorization".to_string(), "Bearer t".to_string())])
        );
        let dup = parse(&["--stdio", "a", "--name", "x", "--stdio", "b", "--name", "x"]).unwrap();
        assert!(
            dup.resolve()
                .await
                .unwrap_err()
                .to_string()
                .contains("two servers are named")
        );
        let bad = parse(&["--registry", "manifest.json"]).unwrap();
        assert!(
            bad.resolve()
                .await
                .unwrap_err()
                .to_string()
                .contains("--registry takes an http(s) URL")
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1048576").unwrap(), 1 << 20);
        assert_eq!(parse_size("512k").unwrap(), 512 << 10);
        assert_eq!(parse_size("16MiB").unwrap(), 16 << 20);
        assert_eq!(parse_size("2 GB").unwrap(), 2 << 30);
        assert!(parse_size("0").is_err());
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("").is_err());
        let a = parse(&[
            "--max-message-bytes",
            "1k",
            "--max-tools",
            "7",
            "--max-pages",
            "3",
            "--max-schema-depth",
            "9",
            "--max-text-bytes",
            "2k",
        ])
        .unwrap();
        let o = a.options();
        assert_eq!(
            (o.max_message_bytes, o.tool_cap, o.page_limit),
            (1024, 7, 3)
        );
        assert_eq!(
            (o.tool_limits.max_schema_depth, o.tool_limits.max_text_bytes),
            (9, 2048)
        );
        assert!(parse(&["--max-schema-depth", "500"]).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(
            parse_duration("1500ms").unwrap(),
            Duration::from_millis(1500)
        );
        assert_eq!(parse_duration("5").unwrap(), Duration::from_secs(5));
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("0s").is_err());
    }
}
