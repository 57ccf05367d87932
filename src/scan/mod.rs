//! Checks for CI: the findings of a set of servers ([`findings()`]), located in the files that
//! declare them ([`locate`]), with baselines of accepted findings ([`baseline`]), the servers'
//! own text ([`server_text`]) and toxic combinations across them ([`toxic`]). Reads its servers
//! with [`gather`]; needs no catalog.

pub mod baseline;
pub mod findings;
pub mod gather;
pub mod locate;
pub mod server_text;
pub mod toxic;

use crate::classify::{Classifier, Risk};
use findings::Finding;
use gather::Scanned;

/// Every finding of the servers: per server in order, tools in order, then the toxic
/// combination across them; each located where it can be.
pub fn findings(classifier: &Classifier, servers: &[Scanned], min_risk: Risk) -> Vec<Finding> {
    let mut locator = locate::Locator::default();
    let mut out = Vec::new();
    for s in servers {
        for mut f in findings::server_findings(s, classifier, min_risk) {
            let tool = f.tool.clone();
            locator.place(&mut f, s, tool.as_deref());
            out.push(f);
        }
    }
    if let Some((mut f, involved)) = toxic::finding(servers) {
        // The first involved server a file declares, else the first one.
        let shown = involved
            .iter()
            .find(|i| servers[**i].file.is_some())
            .or(involved.first());
        if let Some(i) = shown {
            locator.place(&mut f, &servers[*i], None);
        }
        out.push(f);
    }
    out
}

/// When a check fails the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Never,
    Low,
    Medium,
    High,
    Critical,
}

impl FailOn {
    /// Whether a finding of this risk fails the build.
    pub fn fails(self, risk: Risk) -> bool {
        let floor = match self {
            FailOn::Never => return false,
            FailOn::Low => Risk::Low,
            FailOn::Medium => Risk::Medium,
            FailOn::High => Risk::High,
            FailOn::Critical => Risk::Critical,
        };
        risk >= floor
    }
}
