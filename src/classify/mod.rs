//! The rule-based classifier (TAXONOMY.md): category, risk, signals, rationale, evidence and
//! confidence for one tool, from its name, description, input schema and annotations.

mod engine;
mod hidden;
mod model;
mod patterns;
pub mod rules;
#[cfg(test)]
mod security_tests;
#[cfg(test)]
mod shape_tests;
pub mod tokens;
mod types;

#[cfg(test)]
mod tests;

pub use types::{Category, Classification, REVIEW_BELOW, Risk, Signal, needs_review};

use crate::error::Error;
use crate::manifest::Tool;
use crate::policy::PolicyRules;
use rules::RuleFiles;
use std::path::Path;

/// A compiled rule set, ready to classify tools. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Classifier {
    version: String,
    rules: model::Rules,
    policy: PolicyRules,
}

impl Classifier {
    /// The rules compiled into the binary.
    pub fn embedded() -> Result<Classifier, Error> {
        Classifier::compile(&RuleFiles::embedded())
    }

    /// The built-in rules, with any files in `dir` replacing their namesakes.
    pub fn with_overrides(dir: &Path) -> Result<Classifier, Error> {
        Classifier::compile(&RuleFiles::with_overrides(dir)?)
    }

    pub fn compile(files: &RuleFiles) -> Result<Classifier, Error> {
        let (origin, text) = files.get("policy.toml");
        Ok(Classifier {
            version: files.version(),
            rules: model::Rules::compile(files)?,
            policy: PolicyRules::parse(origin, text)?,
        })
    }

    /// The `rules_version` stored with every classification.
    pub fn rules_version(&self) -> &str {
        &self.version
    }

    pub fn policy(&self) -> &PolicyRules {
        &self.policy
    }

    /// Classifies one tool. Deterministic: the same tool and rules always give the same result.
    pub fn classify(&self, tool: &Tool) -> Classification {
        engine::classify(&self.rules, &self.version, "", tool)
    }

    /// Classifies one tool of the named server. A leading part of the tool's name that repeats
    /// the server's name (`close_get_activity` on the Close CRM server) is not read as a verb.
    pub fn classify_in(&self, server: &str, tool: &Tool) -> Classification {
        engine::classify(&self.rules, &self.version, server, tool)
    }
}

pub use engine::definition_text;
