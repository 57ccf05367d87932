//! Toxic combinations: tools that are each acceptable alone but together give an injected
//! prompt everything it needs to steal data — a way to read private data, a way in for
//! untrusted content, and a way to send data out. No single tool's risk shows this; it is a
//! property of the whole set of servers a client is configured with.
//!
//! Each leg is decided from the classifier's signals and categories:
//! - private data: a tool that handles secrets or personal data, or reads files;
//! - untrusted content: a tool that fetches what a URL points at, or reads from the open world;
//! - a way out: a tool that sends messages or requests to an address it is given (a URL the
//!   model chooses carries data out in its path and query, so `url_input` counts here too).

use super::findings::{Finding, Subject};
use super::gather::Scanned;
use crate::classify::{Category, Classification, Risk};

/// One leg of the combination and the tools that provide it (`server/tool`).
#[derive(Debug, Default, Clone)]
pub struct Legs {
    pub private: Vec<(usize, String)>,
    pub untrusted: Vec<(usize, String)>,
    pub exfiltration: Vec<(usize, String)>,
}

fn is_private(c: &Classification) -> bool {
    c.has_signal("secrets")
        || c.has_signal("pii")
        || (c.category == Category::Read && c.has_signal("fs_path"))
}

fn is_untrusted(c: &Classification) -> bool {
    c.has_signal("url_input") || (c.category == Category::Read && c.has_signal("open_world"))
}

fn is_exfiltration(c: &Classification) -> bool {
    c.has_signal("external_comm") || c.has_signal("url_input")
}

/// The legs present across the servers (indices into `servers`).
pub fn legs(servers: &[Scanned]) -> Legs {
    let mut legs = Legs::default();
    for (i, s) in servers.iter().enumerate() {
        for (t, c) in s.manifest.tools.iter().zip(&s.classes) {
            let name = format!("{}/{}", s.manifest.info.name, t.name);
            if is_private(c) {
                legs.private.push((i, name.clone()));
            }
            if is_untrusted(c) {
                legs.untrusted.push((i, name.clone()));
            }
            if is_exfiltration(c) {
                legs.exfiltration.push((i, name));
            }
        }
    }
    legs
}

/// Names a leg's tools, the first few and a count of the rest.
fn names(leg: &[(usize, String)]) -> String {
    const SHOWN: usize = 4;
    let mut s: Vec<&str> = leg.iter().take(SHOWN).map(|(_, n)| n.as_str()).collect();
    let more = leg.len().saturating_sub(SHOWN);
    let extra = format!("and {more} more");
    if more > 0 {
        s.push(&extra);
    }
    s.join(", ")
}

/// The combination as a finding, when all three legs are there. Its server is the servers
/// involved, joined by `+` in name order (the key a baseline accepts it by); it is shown at the
/// first server involved that has a location.
pub fn finding(servers: &[Scanned]) -> Option<(Finding, Vec<usize>)> {
    let legs = legs(servers);
    if legs.private.is_empty() || legs.untrusted.is_empty() || legs.exfiltration.is_empty() {
        return None;
    }
    let mut involved: Vec<usize> = legs
        .private
        .iter()
        .chain(&legs.untrusted)
        .chain(&legs.exfiltration)
        .map(|(i, _)| *i)
        .collect();
    involved.sort_unstable();
    involved.dedup();
    let mut server_names: Vec<&str> = involved
        .iter()
        .map(|i| servers[*i].manifest.info.name.as_str())
        .collect();
    server_names.sort_unstable();
    let key = server_names.join("+");
    let message = format!(
        "Toxic combination across {}: private data ({}), untrusted content ({}) and a way out ({})",
        if server_names.len() == 1 {
            format!("server {key}")
        } else {
            format!("servers {}", server_names.join(", "))
        },
        names(&legs.private),
        names(&legs.untrusted),
        names(&legs.exfiltration),
    );
    let evidence = format!(
        "private: {}; untrusted: {}; out: {}",
        legs.private[0].1, legs.untrusted[0].1, legs.exfiltration[0].1
    );
    let f = Finding::new(
        "toxic_combination",
        Risk::High,
        &key,
        None,
        Subject::Config,
        message,
        evidence,
    );
    Some((f, involved))
}
