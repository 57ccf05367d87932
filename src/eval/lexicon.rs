//! Checks of the generated verb lexicon `rules/lexicon/wordnet.toml`: it parses, names its
//! source, lists each verb once, and is exactly what its generator prints (when WordNet and
//! python3 are installed; `.ci/install-wordnet.sh` installs them in CI).

use std::collections::BTreeMap;
use std::path::Path;

const CATEGORIES: [&str; 5] = ["Read", "Write", "Execute", "Destructive", "Financial"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn lexicon_text() -> String {
    std::fs::read_to_string(root().join("rules/lexicon/wordnet.toml")).expect("wordnet.toml")
}

#[test]
fn the_lexicon_parses_names_its_source_and_lists_each_verb_once() {
    let doc: toml::Table = toml::from_str(&lexicon_text()).expect("valid TOML");
    let meta = doc["meta"].as_table().expect("[meta]");
    assert!(meta["source"].as_str().unwrap().contains("WordNet 3.0"));
    assert!(
        meta["license"]
            .as_str()
            .unwrap()
            .contains("WordNet 3.0 license")
    );
    assert_eq!(
        meta["generator"].as_str(),
        Some("scripts/lexicon/wordnet.py")
    );
    assert!(meta["roots"].as_table().is_some_and(|r| r.len() == 5));

    let verbs = doc["verbs"].as_table().expect("[verbs]");
    let keys: Vec<&str> = verbs.keys().map(String::as_str).collect();
    assert_eq!(keys, CATEGORIES, "one list per category, in severity order");
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (category, list) in verbs {
        let words: Vec<&str> = list
            .as_array()
            .expect("a list")
            .iter()
            .map(|w| w.as_str().expect("a string"))
            .collect();
        assert!(!words.is_empty(), "{category} is empty");
        assert!(words.is_sorted(), "{category} is not sorted");
        for w in words {
            assert!(
                w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()),
                "`{w}` in {category} is not a lower-case single word"
            );
            if let Some(other) = seen.insert(w, category) {
                panic!("`{w}` is in both {other} and {category}");
            }
        }
    }
}

#[test]
fn the_lexicon_is_what_its_generator_prints() {
    let wordnet = std::env::var_os("WORDNET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/share/wordnet".into());
    let ci = std::env::var_os("MCPRISK_CI").is_some_and(|v| v == "1");
    if !wordnet.join("data.verb").is_file() {
        assert!(
            !ci,
            "WordNet is not installed (MCPRISK_CI=1): .ci/install-wordnet.sh should have run"
        );
        eprintln!("skipped: WordNet 3.0 not found (apt-get install wordnet-base)");
        return;
    }
    let out = match std::process::Command::new("python3")
        .arg(root().join("scripts/lexicon/wordnet.py"))
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            assert!(!ci, "python3 cannot run (MCPRISK_CI=1): {e}");
            eprintln!("skipped: python3 cannot run: {e}");
            return;
        }
    };
    assert!(
        out.status.success(),
        "the generator failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout) == lexicon_text(),
        "rules/lexicon/wordnet.toml differs from what scripts/lexicon/wordnet.py prints: rerun \
         `python3 scripts/lexicon/wordnet.py > rules/lexicon/wordnet.toml`"
    );
}
