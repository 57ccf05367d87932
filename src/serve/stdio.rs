//! The stdio transport: newline-delimited JSON-RPC on stdin and stdout. Nothing else is ever
//! written to stdout; notes go to stderr.

use super::Service;
use super::protocol::{self, PARSE_ERROR};
use crate::crawl::jsonrpc::{Line, LineAssembler};
use std::sync::Arc;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// The longest message we read: a raw tool definition for `check_tool` is the largest thing a
/// client sends, and real ones are a few kilobytes.
pub const MAX_MESSAGE_BYTES: usize = 4 << 20;

/// Serves on the process's stdin and stdout until stdin ends.
pub async fn serve(service: Arc<Service>) -> std::io::Result<()> {
    serve_on(
        service,
        BufReader::new(tokio::io::stdin()),
        tokio::io::stdout(),
    )
    .await
}

/// Serves on any reader and writer (tests use in-memory pipes). Messages are answered in order,
/// one at a time: each answer takes a millisecond or two.
pub async fn serve_on(
    service: Arc<Service>,
    mut input: impl AsyncBufRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
) -> std::io::Result<()> {
    let mut assembler = LineAssembler::new(MAX_MESSAGE_BYTES);
    let mut line = Vec::new();
    loop {
        line.clear();
        let Some(too_long) = read_line(&mut input, &mut line).await? else {
            return Ok(());
        };
        let answer = if too_long {
            Some(protocol::error(
                serde_json::Value::Null,
                PARSE_ERROR,
                format!("a message longer than {MAX_MESSAGE_BYTES} bytes"),
                None,
            ))
        } else {
            let text = String::from_utf8_lossy(&line);
            match assembler.feed(&text) {
                Line::Message(msg) => {
                    let service = service.clone();
                    tokio::task::spawn_blocking(move || protocol::handle(&service, msg))
                        .await
                        .map_err(std::io::Error::other)?
                }
                Line::Partial | Line::Blank => None,
                Line::Noise(_) => Some(protocol::error(
                    serde_json::Value::Null,
                    PARSE_ERROR,
                    "a line that is not JSON",
                    None,
                )),
                Line::Broken(e) => Some(protocol::error(
                    serde_json::Value::Null,
                    PARSE_ERROR,
                    e.message,
                    None,
                )),
            }
        };
        if let Some(answer) = answer {
            let mut text = crate::sanitize::json(
                serde_json::to_string(&answer).expect("a JSON value serialises"),
            );
            text.push('\n');
            output.write_all(text.as_bytes()).await?;
            output.flush().await?;
        }
    }
}

/// Reads one line into `buf` (without its newline), keeping at most [`MAX_MESSAGE_BYTES`].
/// `None` at the end of input; `Some(true)` when the line was longer and was cut.
async fn read_line(
    input: &mut (impl AsyncBufRead + Unpin),
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<bool>> {
    let mut too_long = false;
    let mut read_any = false;
    loop {
        let chunk = input.fill_buf().await?;
        if chunk.is_empty() {
            return Ok(read_any.then_some(too_long));
        }
        read_any = true;
        let (part, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (&chunk[..i], i + 1),
            None => (chunk, chunk.len()),
        };
        let room = MAX_MESSAGE_BYTES.saturating_sub(buf.len());
        if part.len() > room {
            too_long = true;
        }
        buf.extend_from_slice(&part[..part.len().min(room)]);
        let newline = done > part.len();
        input.consume(done);
        if newline {
            return Ok(Some(too_long));
        }
    }
}
