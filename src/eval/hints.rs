//! Agreement with author annotations (`readOnlyHint`, `destructiveHint`): the corpus-hints mode
//! of `mcprisk eval`, useful on any corpus because most servers set some hints.

use super::{Rate, Record};
use crate::classify::Category;
use serde::Serialize;

/// Servers whose authors set hints by blanket rule rather than per tool, as their definitions show:
/// Razorpay marks every write tool destructive, Notion every non-GET tool, MongoDB derives hints
/// from `operationType`. Figures are reported with and without them.
pub const DEFAULT_BLANKET: &[&str] = &["razorpay", "notion", "mongodb"];

/// Whether `server` is one of the blanket-rule servers (a case-insensitive substring match).
pub fn is_blanket(server: &str, blanket: &[String]) -> bool {
    let s = server.to_lowercase();
    blanket.iter().any(|b| s.contains(&b.to_lowercase()))
}

/// Agreement with author annotations.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HintAgreement {
    /// `readOnlyHint: true` → Read.
    pub read_only_true_is_read: Rate,
    /// `readOnlyHint: false` → not Read.
    pub read_only_false_not_read: Rate,
    /// `destructiveHint: false` → not Destructive.
    pub destructive_false_not_destructive: Rate,
    /// `destructiveHint: true` → Destructive.
    pub destructive_true_is_destructive: Rate,
    /// `destructiveHint: true` → Destructive or Write.
    pub destructive_true_destructive_or_write: Rate,
}

impl HintAgreement {
    pub(super) fn add(&mut self, r: &Record) {
        let a = &r.tool.annotations;
        let c = r.got.category;
        if let Some(ro) = a.read_only {
            if ro {
                self.read_only_true_is_read.add(c == Category::Read);
            } else {
                self.read_only_false_not_read.add(c != Category::Read);
            }
        }
        if let Some(d) = a.destructive {
            if d {
                self.destructive_true_is_destructive
                    .add(c == Category::Destructive);
                self.destructive_true_destructive_or_write
                    .add(matches!(c, Category::Destructive | Category::Write));
            } else {
                self.destructive_false_not_destructive
                    .add(c != Category::Destructive);
            }
        }
    }

    pub fn rows(&self) -> [(&'static str, Rate); 5] {
        [
            ("readOnlyHint: true  -> Read", self.read_only_true_is_read),
            (
                "readOnlyHint: false -> not Read",
                self.read_only_false_not_read,
            ),
            (
                "destructiveHint: false -> not Destructive",
                self.destructive_false_not_destructive,
            ),
            (
                "destructiveHint: true  -> Destructive",
                self.destructive_true_is_destructive,
            ),
            (
                "destructiveHint: true  -> Destructive or Write",
                self.destructive_true_destructive_or_write,
            ),
        ]
    }

    /// The four independent rows summed (the fifth double-counts `destructiveHint: true`).
    pub fn total(&self) -> Rate {
        let mut sum = Rate::default();
        for (_, r) in self.rows().into_iter().take(4) {
            sum.hits += r.hits;
            sum.total += r.total;
        }
        sum
    }

    pub(super) fn is_empty(&self) -> bool {
        self.rows().iter().all(|(_, r)| r.total == 0)
    }
}
