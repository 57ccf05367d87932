//! The seam between a crawl and the wire: [`Transport`], which stdio, Streamable HTTP and legacy
//! SSE implement and [`super::session`] drives, and [`RequestError`], what a request can end in.
//! It sits in its own module so that the transports and the session depend on it, not on each
//! other.

use super::jsonrpc::RpcError;
use super::{CrawlError, ErrorKind, TransportKind};
use serde_json::Value;
use std::future::Future;

/// Why a request failed.
#[derive(Debug)]
pub enum RequestError {
    /// The server answered with a JSON-RPC error (on HTTP possibly with a 4xx status).
    Rpc {
        error: RpcError,
        http_status: Option<u16>,
    },
    /// An HTTP error status without a JSON-RPC error body.
    Http { status: u16, error: CrawlError },
    /// Anything else: transport failure, exit, timeout, garbage.
    Failed(CrawlError),
}

impl From<CrawlError> for RequestError {
    fn from(e: CrawlError) -> Self {
        RequestError::Failed(e)
    }
}

impl RequestError {
    pub(super) fn into_crawl_error(self, what: &str) -> CrawlError {
        match self {
            RequestError::Rpc { error, .. } => CrawlError::new(
                ErrorKind::Protocol,
                format!("{what} failed: {}", error.describe()),
            ),
            RequestError::Http { error, .. } | RequestError::Failed(error) => error,
        }
    }
}

/// A connection that carries JSON-RPC requests. Implemented by the three transports.
pub trait Transport: Send {
    fn kind(&self) -> TransportKind;
    /// Called once the protocol version is known: HTTP sends it as a header from then on, and
    /// in the modern era adds `Mcp-Method` and drops sessions.
    fn configure(&mut self, _protocol_version: &str, _modern: bool) {}
    fn request(
        &mut self,
        method: &str,
        params: Option<Value>,
    ) -> impl Future<Output = Result<Value, RequestError>> + Send;
    fn notify(
        &mut self,
        method: &str,
        params: Option<Value>,
    ) -> impl Future<Output = Result<(), CrawlError>> + Send;
    fn close(&mut self) -> impl Future<Output = ()> + Send;
}
