//! Classify one MCP tool definition with the library.
//!
//! A tool is what a server lists in its `tools/list` answer: a name, a description, an input
//! schema and perhaps annotations. mcprisk reads it leniently, classifies it with the built-in
//! rules, and says what the tool can do, how risky that is, and why.
//!
//! ```text
//! cargo run --example classify_tool
//! ```

use mcprisk::classify::Classifier;
use mcprisk::manifest::parse_tool;
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The rules are data (rules/*.toml), compiled into the binary. Compiling them into a
    // classifier takes a few tens of milliseconds; do it once and classify many tools.
    let classifier = Classifier::embedded()?;

    // A tool definition exactly as a server sends it. Nothing here is trusted: the annotation
    // says the tool is harmless, and the classifier weighs that against the definition.
    let definition = json!({
        "name": "delete_file",
        "description": "Permanently deletes a file from the workspace. This cannot be undone.",
        "inputSchema": {
            "type": "object",
            "properties": {
                "path": {"type": "string", "description": "Path of the file to delete"}
            },
            "required": ["path"]
        },
        "annotations": {"destructiveHint": false}
    });

    // Parsing is lenient (unknown fields are kept, off-spec ones reported), but a definition
    // without a usable name is refused with the reason.
    let tool = parse_tool(&definition).map_err(|(_, why)| why)?;

    // Classify it as a tool of the server "workspace": the server's name is evidence too
    // (a `get` on a payments server is not a `get` on a weather server).
    let class = classifier.classify_in("workspace", &tool);

    println!("tool:       {}", tool.name);
    println!("category:   {}", class.category);
    println!("risk:       {}", class.risk);
    println!("confidence: {:.2}", class.confidence);
    for signal in &class.signals {
        println!(
            "signal:     {} — {} ({})",
            signal.id, signal.label, signal.evidence
        );
    }
    println!("rationale:  {}", class.rationale);
    println!("evidence:   {}", class.evidence);

    // The recommended gateway rule for the tool, from rules/policy.toml.
    let rule = classifier.policy().tool_rule(&tool.name, class.risk);
    println!("policy:     {rule}");
    Ok(())
}
