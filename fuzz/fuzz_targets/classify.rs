//! Classification of arbitrary tool definitions: any JSON value that parses as a tool is
//! classified (alone and in a server's context), and its texts go through the terminal
//! sanitiser. Must never panic; sanitised text must hold no control or bidi characters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcprisk::classify::Classifier;
use mcprisk::manifest::parse_tool;
use mcprisk::sanitize;
use std::sync::OnceLock;

static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let classifier = CLASSIFIER.get_or_init(|| Classifier::embedded().expect("built-in rules"));
    let text = String::from_utf8_lossy(data);
    // Raw text becomes a description too, so that the rules see arbitrary prose.
    let value = serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|_| {
        serde_json::json!({"name": text.split_whitespace().next().unwrap_or("t"), "description": text})
    });
    let Ok(tool) = parse_tool(&value) else {
        return;
    };
    let c = classifier.classify(&tool);
    assert!(
        (0.0..=1.0).contains(&c.confidence),
        "confidence {}",
        c.confidence
    );
    let _ = classifier.classify_in(&text, &tool);
    for s in [&tool.name, &tool.description, &c.rationale, &c.evidence] {
        assert!(!sanitize::line(s).chars().any(sanitize::is_unsafe));
        assert!(
            !sanitize::block(s)
                .chars()
                .any(|ch| ch != '\n' && sanitize::is_unsafe(ch))
        );
    }
});
