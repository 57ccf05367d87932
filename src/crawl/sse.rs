//! Server-Sent Events: an incremental parser, and the legacy HTTP+SSE transport (2024-11-05).
//!
//! The parser follows the WHATWG event-stream rules that matter for MCP: `\n`, `\r\n` and `\r`
//! line endings, comment lines, multi-line `data`, one optional space after the colon, a leading
//! BOM, and an event dispatched on a blank line. It is fed raw chunks as they arrive, so an event
//! split across TCP reads is reassembled, and it refuses to buffer more than the size limit.
//!
//! The legacy transport opens a long-lived GET whose first event, `endpoint`, names the URL to
//! POST messages to; responses come back as `message` events on the GET stream.

use super::jsonrpc::{self, Incoming, Step};
use super::{CrawlError, ErrorKind};
use serde_json::Value;
use tokio::sync::mpsc;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// `message` when the stream gave no `event:` field.
    pub event: String,
    pub data: String,
}

/// Incremental SSE parser.
#[derive(Debug)]
pub struct SseParser {
    buf: Vec<u8>,
    event: String,
    data: String,
    has_data: bool,
    started: bool,
    /// The previous chunk ended in `\r`: a following `\n` belongs to the same line ending.
    pending_cr: bool,
    max: usize,
}

impl SseParser {
    pub fn new(max_event_bytes: usize) -> Self {
        SseParser {
            buf: Vec::new(),
            event: String::new(),
            data: String::new(),
            has_data: false,
            started: false,
            pending_cr: false,
            max: max_event_bytes,
        }
    }

    /// Feeds a chunk; returns the events it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<SseEvent>, CrawlError> {
        let mut out = Vec::new();
        let mut chunk = chunk;
        if self.pending_cr && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        self.pending_cr = false;
        let mut start = 0;
        let mut i = 0;
        while i < chunk.len() {
            let b = chunk[i];
            if b == b'\n' || b == b'\r' {
                self.buf.extend_from_slice(&chunk[start..i]);
                let line = std::mem::take(&mut self.buf);
                self.line(&line, &mut out);
                // Checked per line, not per chunk: one large chunk can hold a whole event, and
                // lossy decoding can make `data` up to three times the bytes it came from.
                if self.data.len() > self.max {
                    return Err(self.too_large());
                }
                if b == b'\r' {
                    if i + 1 < chunk.len() {
                        if chunk[i + 1] == b'\n' {
                            i += 1;
                        }
                    } else {
                        self.pending_cr = true;
                    }
                }
                start = i + 1;
            }
            i += 1;
        }
        self.buf.extend_from_slice(&chunk[start..]);
        if self.buf.len() + self.data.len() > self.max {
            return Err(self.too_large());
        }
        Ok(out)
    }

    fn too_large(&self) -> CrawlError {
        CrawlError::new(
            ErrorKind::TooLarge,
            format!("an SSE event exceeds {} bytes", self.max),
        )
    }

    fn line(&mut self, raw: &[u8], out: &mut Vec<SseEvent>) {
        let mut line = String::from_utf8_lossy(raw).into_owned();
        if !self.started {
            self.started = true;
            if let Some(rest) = line.strip_prefix('\u{feff}') {
                line = rest.to_string();
            }
        }
        if line.is_empty() {
            if self.has_data {
                let mut data = std::mem::take(&mut self.data);
                if data.ends_with('\n') {
                    data.pop();
                }
                let event = std::mem::take(&mut self.event);
                out.push(SseEvent {
                    event: if event.is_empty() {
                        "message".into()
                    } else {
                        event
                    },
                    data,
                });
            }
            self.event.clear();
            self.has_data = false;
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.find(':') {
            Some(i) => {
                let v = &line[i + 1..];
                (&line[..i], v.strip_prefix(' ').unwrap_or(v))
            }
            None => (line.as_str(), ""),
        };
        match field {
            "event" => self.event = value.to_string(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
            }
            _ => {} // id, retry and unknown fields do not matter for a one-shot crawl
        }
    }
}

/// Parses an SSE event's data as JSON-RPC messages. Events that are not JSON (keep-alives,
/// progress text) yield `Invalid`.
pub fn event_messages(ev: &SseEvent) -> Vec<Incoming> {
    if ev.data.trim().is_empty() {
        return Vec::new();
    }
    match serde_json::from_str::<Value>(&ev.data) {
        Ok(v) => jsonrpc::classify(v),
        Err(e) if jsonrpc::looks_like_message(&ev.data) => {
            vec![Incoming::Broken(jsonrpc::broken(&e))]
        }
        Err(e) => vec![Incoming::Invalid(format!(
            "SSE `{}` event is not JSON: {e}",
            ev.event
        ))],
    }
}

/// What the legacy transport's reader task sends to the session.
#[derive(Debug)]
pub enum StreamItem {
    Message(Incoming),
    /// The GET stream ended or failed.
    Closed(Option<CrawlError>),
}

/// The legacy HTTP+SSE transport: a GET event stream for server→client messages, POSTs to the
/// announced endpoint for client→server messages.
pub struct LegacySse {
    client: reqwest::Client,
    endpoint: reqwest::Url,
    headers: Vec<(String, String)>,
    rx: mpsc::Receiver<StreamItem>,
    reader: tokio::task::JoinHandle<()>,
    next_id: u64,
}

impl Drop for LegacySse {
    fn drop(&mut self) {
        // Closing the GET stream ends the legacy session.
        self.reader.abort();
    }
}

impl LegacySse {
    /// Opens the event stream at `url` and waits for the `endpoint` event.
    pub async fn connect(
        client: &reqwest::Client,
        url: &str,
        headers: &[(String, String)],
        max: usize,
    ) -> Result<LegacySse, CrawlError> {
        let base = reqwest::Url::parse(url)
            .map_err(|e| CrawlError::new(ErrorKind::Transport, format!("invalid URL: {e}")))?;
        let mut req = client
            .get(base.clone())
            .header("Accept", "text/event-stream");
        for (k, v) in headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let mut resp = req
            .send()
            .await
            .map_err(|e| super::http::reqwest_error(&e))?;
        let status = resp.status();
        if !status.is_success() {
            return Err(super::http::status_error(status, "GET (legacy SSE stream)", resp).await);
        }
        let ctype = super::http::content_type(&resp);
        if !ctype.starts_with("text/event-stream") {
            return Err(CrawlError::new(
                ErrorKind::NotMcp,
                format!(
                    "GET returned `{}` instead of an event stream",
                    if ctype.is_empty() {
                        "no content type"
                    } else {
                        &ctype
                    }
                ),
            ));
        }
        // Read until the `endpoint` event; keep whatever else arrives for the session.
        let mut parser = SseParser::new(max);
        let mut early = Vec::new();
        let endpoint = loop {
            let chunk = resp
                .chunk()
                .await
                .map_err(|e| super::http::reqwest_error(&e))?;
            let Some(chunk) = chunk else {
                return Err(CrawlError::new(
                    ErrorKind::NotMcp,
                    "the event stream ended without an `endpoint` event",
                ));
            };
            let mut found = None;
            for ev in parser.feed(&chunk)? {
                if ev.event == "endpoint" && found.is_none() {
                    found = Some(ev.data.trim().to_string());
                } else {
                    early.extend(event_messages(&ev));
                }
            }
            if let Some(ep) = found {
                break ep;
            }
        };
        let endpoint = base.join(&endpoint).map_err(|e| {
            CrawlError::new(
                ErrorKind::Protocol,
                format!("bad `endpoint` event {endpoint:?}: {e}"),
            )
        })?;
        // The endpoint receives the user's headers (credentials, often). A server must not be
        // able to redirect them to another origin.
        if endpoint.origin() != base.origin() {
            return Err(CrawlError::new(
                ErrorKind::Protocol,
                format!(
                    "the `endpoint` event points to another origin ({}); refusing to send messages there",
                    crate::redact::redact_url(endpoint.as_str())
                ),
            ));
        }
        let (tx, rx) = mpsc::channel(64);
        for m in early {
            let _ = tx.try_send(StreamItem::Message(m));
        }
        let reader = tokio::spawn(async move {
            loop {
                match resp.chunk().await {
                    Ok(Some(chunk)) => match parser.feed(&chunk) {
                        Ok(events) => {
                            for ev in events {
                                for m in event_messages(&ev) {
                                    if tx.send(StreamItem::Message(m)).await.is_err() {
                                        return;
                                    }
                                }
                            }
                        }
                        Err(e) => {
                            let _ = tx.send(StreamItem::Closed(Some(e))).await;
                            return;
                        }
                    },
                    Ok(None) => {
                        let _ = tx.send(StreamItem::Closed(None)).await;
                        return;
                    }
                    Err(e) => {
                        let _ = tx
                            .send(StreamItem::Closed(Some(super::http::reqwest_error(&e))))
                            .await;
                        return;
                    }
                }
            }
        });
        Ok(LegacySse {
            client: client.clone(),
            endpoint,
            headers: headers.to_vec(),
            rx,
            reader,
            next_id: 1,
        })
    }

    async fn post(&self, msg: &Value) -> Result<(), CrawlError> {
        let mut req = self
            .client
            .post(self.endpoint.clone())
            .header("Content-Type", "application/json")
            .body(msg.to_string());
        for (k, v) in &self.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let resp = req
            .send()
            .await
            .map_err(|e| super::http::reqwest_error(&e))?;
        if !resp.status().is_success() {
            return Err(super::http::status_error(
                resp.status(),
                "POST (legacy SSE message)",
                resp,
            )
            .await);
        }
        Ok(())
    }
}

impl super::transport::Transport for LegacySse {
    fn kind(&self) -> super::TransportKind {
        super::TransportKind::Sse
    }

    async fn request(
        &mut self,
        method: &str,
        params: Option<Value>,
    ) -> Result<Value, super::transport::RequestError> {
        let id = self.next_id;
        self.next_id += 1;
        self.post(&jsonrpc::request(id, method, params)).await?;
        loop {
            match self.rx.recv().await {
                Some(StreamItem::Message(msg)) => match jsonrpc::step(msg, id, method) {
                    Step::Answer(outcome) => {
                        return outcome.map_err(|e| super::transport::RequestError::Rpc {
                            error: e,
                            http_status: None,
                        });
                    }
                    Step::Fail(e) => return Err(e.into()),
                    Step::Reply { answer, .. } => self.post(&answer).await?,
                    Step::Skip { .. } => {}
                },
                Some(StreamItem::Closed(err)) => {
                    return Err(err
                        .unwrap_or_else(|| {
                            CrawlError::new(
                                ErrorKind::Transport,
                                "the server closed the event stream before answering",
                            )
                        })
                        .into());
                }
                None => {
                    return Err(CrawlError::new(
                        ErrorKind::Transport,
                        "the event stream reader stopped",
                    )
                    .into());
                }
            }
        }
    }

    async fn notify(&mut self, method: &str, params: Option<Value>) -> Result<(), CrawlError> {
        self.post(&jsonrpc::notification(method, params)).await
    }

    async fn close(&mut self) {
        self.reader.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut p = SseParser::new(1 << 20);
        chunks.iter().flat_map(|c| p.feed(c).unwrap()).collect()
    }

    #[test]
    fn parses_events_split_across_chunks() {
        let evs = all(&[
            b"\xef\xbb\xbfevent: endpoint\r\ndata: /messages?s",
            b"ession=1\r",
            b"\n\r\n: keep-alive\n\ndata:{\"a\":\n",
            b"data: 1}\n\n",
        ]);
        assert_eq!(
            evs,
            [
                SseEvent {
                    event: "endpoint".into(),
                    data: "/messages?session=1".into()
                },
                SseEvent {
                    event: "message".into(),
                    data: "{\"a\":\n1}".into()
                },
            ]
        );
    }

    #[test]
    fn cr_only_line_endings_and_empty_events() {
        let evs = all(&[b"event: x\r\rdata: y\r\r"]);
        assert_eq!(
            evs,
            [SseEvent {
                event: "message".into(),
                data: "y".into()
            }],
            "an event without data is not dispatched"
        );
    }

    /// Found by the `framing` fuzz target: an event that arrives whole in one chunk was only
    /// measured after it had been dispatched, and invalid UTF-8 (each byte decoded to a
    /// three-byte U+FFFD) let `data` grow past the limit.
    #[test]
    fn refuses_oversized_events_within_one_chunk() {
        let mut p = SseParser::new(64);
        let mut chunk = b"data: ".to_vec();
        chunk.extend(std::iter::repeat_n(b'x', 100));
        chunk.extend_from_slice(b"\n\n");
        assert_eq!(p.feed(&chunk).unwrap_err().kind, ErrorKind::TooLarge);
        let mut p = SseParser::new(64);
        let mut chunk = b"data: ".to_vec();
        chunk.extend(std::iter::repeat_n(0xea, 30));
        chunk.extend_from_slice(b"\n\n");
        assert_eq!(p.feed(&chunk).unwrap_err().kind, ErrorKind::TooLarge);
        // Up to the limit is fine, in one chunk or many.
        let mut p = SseParser::new(64);
        let evs = p.feed(b"data: 0123456789\ndata: 0123456789\n\n").unwrap();
        assert_eq!(evs[0].data, "0123456789\n0123456789");
    }

    #[test]
    fn refuses_oversized_events() {
        let mut p = SseParser::new(16);
        assert!(p.feed(b"data: 0123456789").is_ok());
        let err = p.feed(b"0123456789").unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooLarge);
    }
}
