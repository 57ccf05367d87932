//! What to crawl, as plain data: the servers given one by one (`--stdio`, `--url`), client
//! configs, servers files and a registry query. [`SourceSpec::resolve`] turns it into crawl
//! targets. The command line fills one in (`src/cli/crawl_args.rs`); a library user builds it
//! directly.

use super::registry::{self, RegistryQuery};
use super::shard::Shard;
use super::{Resolved, Skipped, config, derive_name, derive_url_name, servers_file, split_command};
use crate::crawl::{CrawlTarget, HttpMode, TransportSpec};
use crate::error::Error;
use std::path::PathBuf;

/// A server started by a command line (split like a shell would, but no shell runs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StdioSpec {
    pub line: String,
    /// `KEY=VALUE`, or `KEY` alone to pass our value of `KEY`.
    pub env: Vec<String>,
    /// The catalog name (default: derived from the command).
    pub name: Option<String>,
}

/// A remote server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlSpec {
    pub url: String,
    /// `NAME: VALUE` headers sent with every request.
    pub headers: Vec<String>,
    /// The catalog name (default: the host, and port when not the default).
    pub name: Option<String>,
}

/// Every server source of one run.
#[derive(Debug, Clone, Default)]
pub struct SourceSpec {
    pub stdio: Vec<StdioSpec>,
    pub urls: Vec<UrlSpec>,
    /// MCP client config files, or `auto` to find them in their usual places.
    pub configs: Vec<String>,
    /// TOML lists of servers (see data/servers.example.toml).
    pub servers_files: Vec<PathBuf>,
    pub registry: Option<RegistryQuery>,
    /// Keep only this shard of the servers (a stable partition by name).
    pub shard: Option<Shard>,
}

impl SourceSpec {
    /// Whether any server source was given.
    pub fn any(&self) -> bool {
        !self.stdio.is_empty()
            || !self.urls.is_empty()
            || !self.configs.is_empty()
            || !self.servers_files.is_empty()
            || self.registry.is_some()
    }

    /// Resolves every source into targets (fetching the registry when asked). Servers given
    /// on the command line must have distinct names; duplicates from config files are merged
    /// or skipped (see [`Resolved::push`]).
    pub async fn resolve(&self) -> Result<Resolved, Error> {
        let mut out = Resolved::default();
        let mut explicit: Vec<String> = Vec::new();
        let mut push_explicit = |out: &mut Resolved, t: CrawlTarget| -> Result<(), Error> {
            if explicit.contains(&t.name) {
                return Err(Error::Usage(format!(
                    "two servers are named {:?}; give each its own --name",
                    t.name
                )));
            }
            explicit.push(t.name.clone());
            out.push(t);
            Ok(())
        };
        for s in &self.stdio {
            let words = split_command(&s.line)
                .map_err(|e| Error::Usage(format!("--stdio {:?}: {e}", s.line)))?;
            let Some((command, args)) = words.split_first() else {
                return Err(Error::Usage("--stdio needs a command".into()));
            };
            let mut env = Vec::new();
            for e in &s.env {
                match e.split_once('=') {
                    Some((k, v)) if !k.is_empty() => env.push((k.to_string(), v.to_string())),
                    Some(_) => return Err(Error::Usage("--env needs KEY=VALUE or KEY".into())),
                    None => match std::env::var(e) {
                        Ok(v) => env.push((e.clone(), v)),
                        Err(_) => {
                            return Err(Error::Usage(format!(
                                "--env {e}: {e} is not set in this environment"
                            )));
                        }
                    },
                }
            }
            let name = s.name.clone().unwrap_or_else(|| derive_name(&words));
            let transport = TransportSpec::Stdio {
                command: command.clone(),
                args: args.to_vec(),
                env,
                cwd: None,
            };
            push_explicit(
                &mut out,
                CrawlTarget {
                    name,
                    transport,
                    declared_in: "--stdio".into(),
                    from_registry: false,
                },
            )?;
        }
        for u in &self.urls {
            match reqwest::Url::parse(&u.url) {
                Ok(p) if matches!(p.scheme(), "http" | "https") => {}
                _ => {
                    return Err(Error::Usage(format!(
                        "--url {}: not an http(s) URL",
                        crate::redact::redact_url(&u.url)
                    )));
                }
            }
            let mut headers = Vec::new();
            for h in &u.headers {
                let Some((k, v)) = h.split_once(':') else {
                    return Err(Error::Usage("--header needs 'NAME: VALUE'".into()));
                };
                let k = k.trim();
                if k.is_empty()
                    || !k
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
                {
                    return Err(Error::Usage(format!(
                        "--header: {k:?} is not a valid header name"
                    )));
                }
                headers.push((k.to_string(), v.trim().to_string()));
            }
            let name = u.name.clone().unwrap_or_else(|| derive_url_name(&u.url));
            let transport = TransportSpec::Http {
                url: u.url.clone(),
                headers,
                mode: HttpMode::Auto,
            };
            push_explicit(
                &mut out,
                CrawlTarget {
                    name,
                    transport,
                    declared_in: "--url".into(),
                    from_registry: false,
                },
            )?;
        }
        for path in &self.servers_files {
            out.extend(servers_file::load(path)?);
        }
        for c in &self.configs {
            if c == "auto" {
                let found = config::discover();
                if found.is_empty() {
                    out.skipped.push(Skipped {
                        name: "-".into(),
                        declared_in: "--config auto".into(),
                        reason: "no MCP client config found in the usual places".into(),
                    });
                }
                for (path, _client) in found {
                    match config::load(&path) {
                        Ok(r) => out.extend(r),
                        // One unreadable config must not stop the others from being crawled.
                        Err(e) => out.skipped.push(Skipped {
                            name: "-".into(),
                            declared_in: path.display().to_string(),
                            reason: e.to_string(),
                        }),
                    }
                }
            } else {
                out.extend(config::load(std::path::Path::new(c))?);
            }
        }
        if let Some(q) = &self.registry {
            match reqwest::Url::parse(&q.base) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {}
                _ => {
                    return Err(Error::Usage(format!(
                        "--registry takes an http(s) URL, not {:?} (write --registry=URL, or put manifest paths before --registry)",
                        q.base
                    )));
                }
            }
            out.extend(registry::fetch(q).await?);
        }
        if let Some(shard) = self.shard {
            shard.retain(&mut out);
        }
        Ok(out)
    }
}
