//! What the classifier says about one tool (the contract in TAXONOMY.md).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One per tool. Ordered by severity: when several apply, the greatest wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    Read,
    Write,
    Execute,
    Destructive,
    Financial,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Read,
        Category::Write,
        Category::Execute,
        Category::Destructive,
        Category::Financial,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Read => "Read",
            Category::Write => "Write",
            Category::Execute => "Execute",
            Category::Destructive => "Destructive",
            Category::Financial => "Financial",
        }
    }

    /// The base risk level of the category.
    pub fn base_risk(self) -> Risk {
        match self {
            Category::Read => Risk::Low,
            Category::Write => Risk::Medium,
            Category::Execute => Risk::High,
            Category::Destructive | Category::Financial => Risk::Critical,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;
    /// Case-insensitive.
    fn from_str(s: &str) -> Result<Self, String> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown category `{s}` (expected Read, Write, Execute, Destructive or Financial)"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Risk {
    Low,
    Medium,
    High,
    Critical,
}

impl Risk {
    pub const ALL: [Risk; 4] = [Risk::Low, Risk::Medium, Risk::High, Risk::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "Low",
            Risk::Medium => "Medium",
            Risk::High => "High",
            Risk::Critical => "Critical",
        }
    }

    /// One level up, saturating at Critical.
    pub fn raised(self) -> Risk {
        match self {
            Risk::Low => Risk::Medium,
            Risk::Medium => Risk::High,
            Risk::High | Risk::Critical => Risk::Critical,
        }
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Risk {
    type Err = String;
    /// Case-insensitive.
    fn from_str(s: &str) -> Result<Self, String> {
        Risk::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown risk `{s}` (expected Low, Medium, High or Critical)"))
    }
}

/// A fact about the tool with the evidence that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    /// Stable id from TAXONOMY.md, e.g. `fs_path`.
    pub id: String,
    /// Human label; names the parameter where one shows the signal.
    pub label: String,
    /// The parameter name or quoted phrase the signal rests on.
    pub evidence: String,
}

/// The classifier's verdict on one tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub category: Category,
    pub risk: Risk,
    /// Strongest first (the order the rules file lists the signals in).
    pub signals: Vec<Signal>,
    /// One paragraph: why this category and this risk level.
    pub rationale: String,
    /// A quote from the tool's own definition that the decision rests on.
    pub evidence: String,
    /// 0.0–1.0, two decimals.
    pub confidence: f64,
    /// The id of the rule that decided the category.
    pub decided_by: String,
    /// Hash of the rule set that produced this classification.
    pub rules_version: String,
}

/// Below this confidence a classification is marked for review by a person (`"review": true`
/// in the JSON, a mark in `show` and `search`). At 0.6 it takes in every call resting on weak
/// evidence (no known verb, a bare weak verb without a description, an annotation alone) and
/// little else.
pub const REVIEW_BELOW: f64 = 0.6;

/// Whether a call made with this confidence needs a person's review (see [`REVIEW_BELOW`]): the
/// one test, for a [`Classification`] and for a search hit that carries only its confidence.
pub fn needs_review(confidence: f64) -> bool {
    confidence < REVIEW_BELOW
}

impl Classification {
    /// Whether a person should review this call (see [`REVIEW_BELOW`]).
    pub fn needs_review(&self) -> bool {
        needs_review(self.confidence)
    }

    pub fn has_signal(&self, id: &str) -> bool {
        self.signals.iter().any(|s| s.id == id)
    }

    /// The signal shown in one-line summaries: the first one, which the rules order by strength.
    pub fn strongest_signal(&self) -> Option<&Signal> {
        self.signals.first()
    }
}
