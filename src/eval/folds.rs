//! Server-disjoint folds. The classifier is rules, not a fitted model, so "held out" means: the
//! folds whose individual errors nobody looked at while tuning the rules. Tools of one server
//! share vocabulary and conventions, so a fold holds whole servers; otherwise a rule tuned on one
//! tool of a server would be "tested" on its sibling.
//!
//! The assignment is stable and needs no state: fold = first byte of SHA-256(server name) mod K.
//! The same server lands in the same fold on every machine, in every run and whatever else the
//! file holds (with a small bias for K that does not divide 256; folds are not exactly equal in
//! size anyway because servers are not).

use super::labels::LabelAccuracy;
use super::{Rate, Record};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The fold of a server among `k` folds (`k` ≥ 1).
pub fn fold_of(server: &str, k: u32) -> u32 {
    u32::from(Sha256::digest(server.as_bytes())[0]) % k.max(1)
}

/// Which folds to keep.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Selection {
    /// Keep only these folds (empty: all).
    pub only: BTreeSet<u32>,
    /// Then drop these.
    pub exclude: BTreeSet<u32>,
}

impl Selection {
    pub fn keeps(&self, fold: u32) -> bool {
        (self.only.is_empty() || self.only.contains(&fold)) && !self.exclude.contains(&fold)
    }

    pub fn is_all(&self) -> bool {
        self.only.is_empty() && self.exclude.is_empty()
    }
}

/// The labelled figures of one fold.
#[derive(Debug, Clone, Serialize)]
pub struct Fold {
    pub fold: u32,
    pub servers: usize,
    pub tools: usize,
    pub labels: LabelAccuracy,
}

/// min / max / mean / standard deviation of one figure across folds, in percent.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Spread {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    /// Population standard deviation (the folds are all there is, not a sample of folds).
    pub stdev: f64,
}

impl Spread {
    pub fn of(values: &[f64]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        Some(Spread {
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            mean,
            stdev: var.sqrt(),
        })
    }
}

/// The per-fold report: each fold's figures and their spread.
#[derive(Debug, Clone, Serialize)]
pub struct FoldReport {
    pub k: u32,
    pub scheme: &'static str,
    pub selection: Selection,
    pub folds: Vec<Fold>,
    /// Per figure (`category`, `balanced`, `risk`, `category_under_called`,
    /// `risk_under_called`): the spread over the folds that have labelled tools.
    pub spread: BTreeMap<&'static str, Spread>,
}

/// The figures the spread is computed for, in percent.
pub fn figures(l: &LabelAccuracy) -> [(&'static str, Option<f64>); 5] {
    let pct = |r: Rate| r.value().map(|v| v * 100.0);
    [
        ("category", pct(l.category)),
        ("balanced", l.balanced_accuracy.map(|v| v * 100.0)),
        ("risk", pct(l.risk)),
        ("category_under_called", pct(l.category_under_called)),
        ("risk_under_called", pct(l.risk_under_called)),
    ]
}

/// Groups labelled records by fold (only the folds the records fall in) and computes each
/// fold's figures and the spread.
pub fn report(records: &[Record], k: u32, selection: &Selection) -> FoldReport {
    let mut by_fold: BTreeMap<u32, (BTreeSet<&str>, usize, LabelAccuracy)> = BTreeMap::new();
    for r in records {
        let f = fold_of(&r.server, k);
        let entry = by_fold.entry(f).or_default();
        entry.0.insert(&r.server);
        entry.1 += 1;
        if let Some(expected) = r.expected {
            entry.2.add(expected, &r.label, &r.got);
        }
    }
    let folds: Vec<Fold> = by_fold
        .into_iter()
        .map(|(fold, (servers, tools, mut labels))| {
            labels.finish();
            Fold {
                fold,
                servers: servers.len(),
                tools,
                labels,
            }
        })
        .collect();
    let mut spread = BTreeMap::new();
    for (i, (name, _)) in figures(&LabelAccuracy::default()).iter().enumerate() {
        let values: Vec<f64> = folds
            .iter()
            .filter(|f| f.labels.category.total > 0)
            .filter_map(|f| figures(&f.labels)[i].1)
            .collect();
        if let Some(s) = Spread::of(&values) {
            spread.insert(*name, s);
        }
    }
    FoldReport {
        k,
        scheme: "fold = first byte of sha256(server name) mod K",
        selection: selection.clone(),
        folds,
        spread,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fold_is_the_first_sha256_byte_mod_k() {
        // sha256("") = e3b0c442…: 0xe3 = 227; sha256("abc") = ba7816bf…: 0xba = 186.
        assert_eq!(fold_of("", 256), 227);
        assert_eq!(fold_of("", 5), 227 % 5);
        assert_eq!(fold_of("abc", 5), 186 % 5);
        assert_eq!(fold_of("abc", 1), 0);
        assert_eq!(fold_of("abc", 0), 0, "k = 0 is treated as one fold");
    }

    #[test]
    fn selection_keeps_only_then_excludes() {
        let all = Selection::default();
        assert!(all.is_all() && all.keeps(3));
        let train = Selection {
            only: BTreeSet::new(),
            exclude: [0].into(),
        };
        assert!(!train.keeps(0) && train.keeps(1));
        let one = Selection {
            only: [2, 3].into(),
            exclude: [3].into(),
        };
        assert!(one.keeps(2) && !one.keeps(3) && !one.keeps(1));
    }

    #[test]
    fn spread_is_min_max_mean_and_population_stdev() {
        let s = Spread::of(&[90.0, 94.0]).unwrap();
        assert_eq!((s.min, s.max, s.mean, s.stdev), (90.0, 94.0, 92.0, 2.0));
        assert_eq!(Spread::of(&[]), None);
    }
}
