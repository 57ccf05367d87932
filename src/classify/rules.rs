//! The rule files: embedded at build time, overridable from a directory, hashed into a
//! `rules_version`.
//!
//! The rule set is the files in `rules/`. `--rules DIR` replaces any of them by a file of the
//! same name in DIR (so a user can copy one file, change it, and keep the rest); a file in DIR
//! with a name we do not know is an error, because a typo there would otherwise be silently
//! ignored.

use crate::error::Error;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The rule files, in the order they are hashed.
pub const FILES: &[(&str, &str)] = &[
    ("verbs.toml", include_str!("../../rules/verbs.toml")),
    ("phrases.toml", include_str!("../../rules/phrases.toml")),
    ("signals.toml", include_str!("../../rules/signals.toml")),
    ("risk.toml", include_str!("../../rules/risk.toml")),
    ("policy.toml", include_str!("../../rules/policy.toml")),
    (
        "wordnet.toml",
        include_str!("../../rules/lexicon/wordnet.toml"),
    ),
];

/// The classifier's own code, hashed into the `rules_version` with the rule files: a binary
/// whose engine decides differently must reclassify a catalog even when the rule files did not
/// change (the catalog reclassifies when the version differs). Every source file of
/// `src/classify/` except tests is listed; a test checks that none is missing.
pub const ENGINE_SOURCES: &[(&str, &str)] = &[
    (
        "engine/annotations.rs",
        include_str!("engine/annotations.rs"),
    ),
    (
        "engine/decision/actions.rs",
        include_str!("engine/decision/actions.rs"),
    ),
    (
        "engine/decision/effects.rs",
        include_str!("engine/decision/effects.rs"),
    ),
    (
        "engine/decision/mod.rs",
        include_str!("engine/decision/mod.rs"),
    ),
    (
        "engine/decision/names.rs",
        include_str!("engine/decision/names.rs"),
    ),
    (
        "engine/decision/reading.rs",
        include_str!("engine/decision/reading.rs"),
    ),
    (
        "engine/description.rs",
        include_str!("engine/description.rs"),
    ),
    ("engine/explain.rs", include_str!("engine/explain.rs")),
    ("engine/mod.rs", include_str!("engine/mod.rs")),
    ("engine/name.rs", include_str!("engine/name.rs")),
    (
        "engine/prose_actions.rs",
        include_str!("engine/prose_actions.rs"),
    ),
    ("engine/schema.rs", include_str!("engine/schema.rs")),
    ("engine/signals.rs", include_str!("engine/signals.rs")),
    ("engine/text.rs", include_str!("engine/text.rs")),
    ("engine/view.rs", include_str!("engine/view.rs")),
    ("hidden.rs", include_str!("hidden.rs")),
    ("mod.rs", include_str!("mod.rs")),
    ("model/compile.rs", include_str!("model/compile.rs")),
    ("model/files.rs", include_str!("model/files.rs")),
    ("model/mod.rs", include_str!("model/mod.rs")),
    ("patterns.rs", include_str!("patterns.rs")),
    ("rules.rs", include_str!("rules.rs")),
    ("tokens.rs", include_str!("tokens.rs")),
    ("types.rs", include_str!("types.rs")),
];

/// The text of every rule file, with where each came from.
#[derive(Debug, Clone)]
pub struct RuleFiles {
    /// (file name, where it came from for messages, text); in [`FILES`] order.
    files: Vec<(String, String, String)>,
}

impl RuleFiles {
    /// The rules compiled into the binary.
    pub fn embedded() -> RuleFiles {
        RuleFiles {
            files: FILES
                .iter()
                .map(|(name, text)| {
                    (
                        name.to_string(),
                        format!("rules/{name} (built in)"),
                        text.to_string(),
                    )
                })
                .collect(),
        }
    }

    /// The built-in rules with any file present in `dir` replacing its namesake.
    pub fn with_overrides(dir: &Path) -> Result<RuleFiles, Error> {
        let mut set = RuleFiles::embedded();
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut names: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        names.sort();
        for path in names {
            if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                continue;
            }
            let file_name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let Some(slot) = set.files.iter_mut().find(|(n, _, _)| *n == file_name) else {
                let known: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
                return Err(Error::Rules {
                    file: path.display().to_string(),
                    line: 1,
                    msg: format!("unknown rule file (expected one of: {})", known.join(", ")),
                });
            };
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            *slot = (file_name, path.display().to_string(), text);
        }
        Ok(set)
    }

    /// (where it came from, text) of one rule file.
    pub fn get(&self, name: &str) -> (&str, &str) {
        let (_, origin, text) = self
            .files
            .iter()
            .find(|(n, _, _)| n == name)
            .expect("every rule file is in FILES");
        (origin, text)
    }

    /// A short hash of every file's name and content, and of the engine's sources
    /// ([`ENGINE_SOURCES`]): the `rules_version` stored with each classification. Any change to
    /// any rule file or to the engine changes it.
    pub fn version(&self) -> String {
        let mut h = Sha256::new();
        for (name, _, text) in &self.files {
            h.update(name.as_bytes());
            h.update([0]);
            h.update(text.as_bytes());
            h.update([0]);
        }
        for (name, text) in ENGINE_SOURCES {
            h.update(name.as_bytes());
            h.update([0]);
            h.update(text.as_bytes());
            h.update([0]);
        }
        crate::manifest::hex(&h.finalize()[..8])
    }
}

/// Parses TOML, turning a syntax error into an [`Error::Rules`] with the file and line.
pub fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, Error> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        Error::Rules {
            file: file.to_string(),
            line,
            msg: e.message().trim().to_string(),
        }
    })
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// Finds the line on which `needle` (e.g. a rule id) first appears, for errors found after
/// parsing. Falls back to line 1.
pub fn line_containing(text: &str, needle: &str) -> usize {
    text.find(needle).map(|i| line_of(text, i)).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_names_file_and_line() {
        let e = parse_toml::<toml::Table>("x.toml", "a = 1\nb = [\nc = 2\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("x.toml:"), "{msg}");
        assert!(!msg.starts_with("x.toml:1:"), "{msg}");
    }

    #[test]
    fn override_replaces_one_file_and_changes_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let base = RuleFiles::embedded();
        let mut text = base.get("policy.toml").1.to_string();
        text.push_str("\n# tuned\n");
        std::fs::write(dir.path().join("policy.toml"), &text).unwrap();
        let over = RuleFiles::with_overrides(dir.path()).unwrap();
        assert_eq!(over.get("policy.toml").1, text);
        assert_eq!(over.get("verbs.toml").1, base.get("verbs.toml").1);
        assert_ne!(over.version(), base.version());
        assert_eq!(base.version(), RuleFiles::embedded().version());
    }

    #[test]
    fn unknown_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("verbz.toml"), "").unwrap();
        let e = RuleFiles::with_overrides(dir.path())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("verbz.toml") && e.contains("unknown rule file"),
            "{e}"
        );
    }
}

#[cfg(test)]
mod engine_sources_tests {
    use super::ENGINE_SOURCES;

    /// A source file of the classifier left out of [`ENGINE_SOURCES`] would let its changes
    /// slip past the version, and a catalog would keep stale classifications.
    #[test]
    fn every_classifier_source_is_in_the_version() {
        fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("src/classify is readable") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.to_string_lossy().ends_with("tests.rs")
                {
                    let rel = path.strip_prefix(root).expect("under the root");
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/classify");
        let mut on_disk = Vec::new();
        walk(&root, &root, &mut on_disk);
        on_disk.sort();
        let mut listed: Vec<String> = ENGINE_SOURCES.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }
}
