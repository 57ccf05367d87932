//! The one entry to the rules: the built-in rule files, or them with a directory's files
//! replacing their namesakes (`--rules DIR`), hashed into a version at once and compiled into a
//! [`Classifier`] only when something needs classifying.

use crate::classify::Classifier;
use crate::classify::rules::RuleFiles;
use crate::error::Error;
use std::path::Path;
use std::sync::OnceLock;

/// The rule set, compiled only when something needs classifying: checking the catalog against
/// the rules' version needs only the hash of the files.
pub struct Rules {
    files: RuleFiles,
    version: String,
    classifier: OnceLock<Classifier>,
}

impl Rules {
    pub fn new(files: RuleFiles) -> Rules {
        Rules {
            version: files.version(),
            files,
            classifier: OnceLock::new(),
        }
    }

    /// The built-in rules, or them with the files in `dir` replacing their namesakes.
    pub fn load(dir: Option<&Path>) -> Result<Rules, Error> {
        Ok(Rules::new(match dir {
            Some(d) => RuleFiles::with_overrides(d)?,
            None => RuleFiles::embedded(),
        }))
    }

    /// The rule files (built in, or with overrides), e.g. to read one table without compiling
    /// the rest.
    pub fn files(&self) -> &RuleFiles {
        &self.files
    }

    /// The version stored with every classification: a hash of the rule files.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The compiled classifier (compiled on first use).
    pub fn classifier(&self) -> Result<&Classifier, Error> {
        if let Some(c) = self.classifier.get() {
            return Ok(c);
        }
        let c = Classifier::compile(&self.files)?;
        Ok(self.classifier.get_or_init(|| c))
    }

    /// The compiled classifier, owned (for a caller that needs nothing else of the rules).
    pub fn into_classifier(self) -> Result<Classifier, Error> {
        match self.classifier.into_inner() {
            Some(c) => Ok(c),
            None => Classifier::compile(&self.files),
        }
    }
}
