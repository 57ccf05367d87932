//! Figures against hand labels. Accuracy alone flatters a set that is mostly Read, so beside it:
//! recall per category and their mean (balanced accuracy), and the share of tools whose category
//! or risk is under-called (classified less severe than the label), the error that lets an agent
//! do something nobody approved.

use super::Rate;
use super::calibration::Calibration;
use crate::classify::{Category, Classification, Risk};
use serde::Serialize;
use std::collections::BTreeMap;

/// Accuracy against hand labels.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LabelAccuracy {
    pub category: Rate,
    pub risk: Rate,
    /// Per labelled category: how many of its tools were classified as it.
    pub recall: BTreeMap<Category, Rate>,
    /// The mean of `recall` over the categories that have labelled tools.
    pub balanced_accuracy: Option<f64>,
    /// Tools classified in a less severe category than the label (Financial > Destructive >
    /// Execute > Write > Read).
    pub category_under_called: Rate,
    /// Tools classified at a lower risk than the label.
    pub risk_under_called: Rate,
    /// Per record view (`full`, `name_only`; records without a view count as `full`).
    pub by_view: BTreeMap<String, SliceAccuracy>,
    /// Per labeller confidence (`high`, `medium`, `low`), for records that state one.
    pub by_label_confidence: BTreeMap<String, SliceAccuracy>,
    /// `confusion[expected][got]`
    pub confusion: BTreeMap<Category, BTreeMap<Category, usize>>,
    pub calibration: Calibration,
}

/// What a labeller said beside a label.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LabelMeta {
    /// What the labeller saw: `full` or `name_only`.
    pub view: Option<String>,
    /// The labeller's confidence: `high`, `medium` or `low`.
    pub confidence: Option<String>,
    /// Why the labeller decided so (`note`, or `reason` in the project's own set).
    pub note: Option<String>,
}

/// Category and risk accuracy of one slice of the records.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct SliceAccuracy {
    pub category: Rate,
    pub risk: Rate,
}

impl LabelAccuracy {
    pub fn add(&mut self, expected: (Category, Risk), label: &LabelMeta, got: &Classification) {
        let (cat, risk) = expected;
        let cat_ok = cat == got.category;
        let risk_ok = risk == got.risk;
        self.category.add(cat_ok);
        self.risk.add(risk_ok);
        self.recall.entry(cat).or_default().add(cat_ok);
        self.category_under_called.add(got.category < cat);
        self.risk_under_called.add(got.risk < risk);
        let view = label.view.as_deref().unwrap_or("full");
        let slices = [
            Some((&mut self.by_view, view)),
            label
                .confidence
                .as_deref()
                .map(|c| (&mut self.by_label_confidence, c)),
        ];
        for (map, key) in slices.into_iter().flatten() {
            let s = map.entry(key.to_string()).or_default();
            s.category.add(cat_ok);
            s.risk.add(risk_ok);
        }
        *self
            .confusion
            .entry(cat)
            .or_default()
            .entry(got.category)
            .or_default() += 1;
        self.calibration.add(got.confidence, cat_ok, risk_ok);
    }

    /// Computes the derived figures; call once after the last `add`.
    pub fn finish(&mut self) {
        let recalls: Vec<f64> = self.recall.values().filter_map(Rate::value).collect();
        self.balanced_accuracy =
            (!recalls.is_empty()).then(|| recalls.iter().sum::<f64>() / recalls.len() as f64);
        self.calibration.finish();
    }

    /// (precision, recall) for one category.
    pub fn precision_recall(&self, c: Category) -> (Rate, Rate) {
        let tp = self
            .confusion
            .get(&c)
            .and_then(|m| m.get(&c))
            .copied()
            .unwrap_or(0);
        let predicted: usize = self.confusion.values().filter_map(|m| m.get(&c)).sum();
        let actual: usize = self
            .confusion
            .get(&c)
            .map(|m| m.values().sum())
            .unwrap_or(0);
        (
            Rate {
                hits: tp,
                total: predicted,
            },
            Rate {
                hits: tp,
                total: actual,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn got(category: Category, risk: Risk, confidence: f64) -> Classification {
        Classification {
            category,
            risk,
            signals: Vec::new(),
            rationale: String::new(),
            evidence: String::new(),
            confidence,
            decided_by: String::new(),
            rules_version: String::new(),
        }
    }

    #[test]
    fn balanced_accuracy_is_the_mean_recall_of_the_labelled_categories() {
        let mut l = LabelAccuracy::default();
        use Category::*;
        // Read: 3 of 3 right; Destructive: 0 of 1 (called Write); Execute 1 of 1 but Low risk.
        for _ in 0..3 {
            l.add(
                (Read, Risk::Low),
                &LabelMeta::default(),
                &got(Read, Risk::Low, 0.9),
            );
        }
        l.add(
            (Destructive, Risk::Critical),
            &LabelMeta {
                view: Some("name_only".into()),
                confidence: Some("low".into()),
                note: None,
            },
            &got(Write, Risk::Medium, 0.6),
        );
        l.add(
            (Execute, Risk::High),
            &LabelMeta::default(),
            &got(Execute, Risk::Low, 0.8),
        );
        l.finish();
        assert_eq!(l.category, Rate { hits: 4, total: 5 });
        assert_eq!(l.risk, Rate { hits: 3, total: 5 });
        // (1 + 0 + 1) / 3: Write and Financial have no labelled tools and do not count.
        assert!((l.balanced_accuracy.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(l.category_under_called, Rate { hits: 1, total: 5 });
        assert_eq!(l.risk_under_called, Rate { hits: 2, total: 5 });
        assert_eq!(l.by_view["name_only"].category, Rate { hits: 0, total: 1 });
        assert_eq!(l.by_view["full"].category, Rate { hits: 4, total: 4 });
        assert_eq!(
            l.by_label_confidence.len(),
            1,
            "only records that state one"
        );
        assert_eq!(
            l.by_label_confidence["low"].category,
            Rate { hits: 0, total: 1 }
        );
        let (p, r) = l.precision_recall(Write);
        assert_eq!((p, r), (Rate { hits: 0, total: 1 }, Rate::default()));
    }

    #[test]
    fn over_calling_is_not_under_calling() {
        let mut l = LabelAccuracy::default();
        l.add(
            (Category::Read, Risk::Low),
            &LabelMeta::default(),
            &got(Category::Destructive, Risk::Critical, 0.9),
        );
        l.finish();
        assert_eq!(l.category_under_called.hits, 0);
        assert_eq!(l.risk_under_called.hits, 0);
        assert_eq!(l.balanced_accuracy, Some(0.0));
    }
}
