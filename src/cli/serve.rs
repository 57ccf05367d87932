//! `mcprisk serve [--http ADDR] [--token TOKEN]`: the catalog as an MCP server (see
//! src/serve/ and docs/serve.md).

use super::Context;
use crate::serve::{Service, http, stdio};
use anyhow::Context as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

/// Shortest bearer token accepted: anything shorter can be guessed.
const MIN_TOKEN_LEN: usize = 16;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Serve Streamable HTTP on ADDR (`PORT`, `HOST:PORT`; a bare port listens on 127.0.0.1)
    /// at the path /mcp, instead of stdio. Any address beyond loopback needs a token.
    #[arg(long, value_name = "ADDR")]
    pub http: Option<String>,

    /// The bearer token HTTP clients must send (`Authorization: Bearer TOKEN`), at least 16
    /// characters. Prefer the environment variable: a flag shows in the process list.
    #[arg(
        long,
        env = "MCPRISK_SERVE_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let token = args.token.filter(|t| !t.is_empty());
    if let Some(t) = &token
        && t.chars().count() < MIN_TOKEN_LEN
    {
        anyhow::bail!("the serve token is too short: use at least {MIN_TOKEN_LEN} characters");
    }
    let addr = args.http.as_deref().map(parse_addr).transpose()?;
    if let Some(addr) = addr
        && !addr.ip().is_loopback()
        && token.is_none()
    {
        anyhow::bail!(
            "--http {addr} accepts connections from other machines: set a bearer token in MCPRISK_SERVE_TOKEN (or --token), or listen on 127.0.0.1"
        );
    }
    let catalog = ctx.catalog()?;
    let attacks = crate::attacks::Attacks::load(ctx.rules.as_deref())?;
    let tools = catalog.store().tool_count()?;
    let service = Arc::new(Service::new(catalog, attacks)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    match addr {
        None => {
            eprintln!("mcprisk serve: MCP on stdio ({tools} tools in the catalog)");
            rt.block_on(stdio::serve(service))
                .context("serving on stdio")?;
        }
        Some(addr) => rt.block_on(async {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("listening on {addr}"))?;
            let bound = listener.local_addr()?;
            eprintln!(
                "mcprisk serve: listening on http://{bound}{} ({tools} tools in the catalog{})",
                http::PATH,
                if token.is_some() {
                    ", bearer token required"
                } else {
                    ""
                }
            );
            let shutdown = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            http::serve(service, listener, http::Guard { token }, shutdown)
                .await
                .context("serving HTTP")
        })?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `8080` → 127.0.0.1:8080; `localhost:8080` → 127.0.0.1:8080; `HOST:PORT` as given.
fn parse_addr(s: &str) -> anyhow::Result<SocketAddr> {
    let s = s.trim();
    if let Ok(port) = s.parse::<u16>() {
        return Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    }
    if let Some(port) = s.strip_prefix("localhost:")
        && let Ok(port) = port.parse::<u16>()
    {
        return Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    }
    s.parse::<SocketAddr>().map_err(|_| {
        anyhow::anyhow!(
            "--http {s:?}: expected PORT or HOST:PORT with an IP address (e.g. 8080, 127.0.0.1:8080, [::1]:8080)"
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_default_to_loopback() {
        let p = |s| super::parse_addr(s).unwrap().to_string();
        assert_eq!(p("8080"), "127.0.0.1:8080");
        assert_eq!(p("localhost:9"), "127.0.0.1:9");
        assert_eq!(p("0.0.0.0:80"), "0.0.0.0:80");
        assert_eq!(p("[::1]:80"), "[::1]:80");
        assert!(super::parse_addr("example.com:80").is_err());
    }
}
