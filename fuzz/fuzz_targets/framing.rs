//! The crawler's framing of untrusted bytes: stdout lines through the line assembler, SSE
//! chunks through the event parser (split at fuzzer-chosen points), and every resulting value
//! through JSON-RPC classification. Must never panic, and the SSE parser must never buffer
//! more than its limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcprisk::crawl::jsonrpc::{self, Line, LineAssembler};
use mcprisk::crawl::sse::{SseParser, event_messages};

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    // Stdout: lines, lossily decoded as the stdio transport does.
    let mut lines = LineAssembler::new(4096);
    for line in rest.split(|&b| b == b'\n') {
        match lines.feed(&String::from_utf8_lossy(line)) {
            Line::Message(v) => {
                let _ = jsonrpc::classify(v);
            }
            Line::Noise(n) => assert!(n.chars().count() <= 200),
            Line::Broken(e) => assert!(!e.message.is_empty()),
            Line::Partial | Line::Blank => {}
        }
    }
    // SSE: the same bytes in chunks of a fuzzer-chosen size.
    let mut parser = SseParser::new(1024);
    let size = (split as usize % 64) + 1;
    for chunk in rest.chunks(size) {
        match parser.feed(chunk) {
            Ok(events) => {
                for ev in events {
                    assert!(ev.data.len() <= 1024, "an event over the limit");
                    let _ = event_messages(&ev);
                }
            }
            Err(_) => break,
        }
    }
    let _ = jsonrpc::was_sent(
        &serde_json::Value::String(String::from_utf8_lossy(rest).into()),
        3,
    );
});
