//! Tests of the general shapes the rules recognise (TAXONOMY.md's rules of thumb): each shape on
//! invented tools, with its near misses. No tool here is taken from an evaluation set.

use super::{Category, Classifier};
use crate::manifest::parse_tool;
use serde_json::{Value, json};
use std::sync::LazyLock;

static CLASSIFIER: LazyLock<Classifier> =
    LazyLock::new(|| Classifier::embedded().expect("built-in rules compile"));

fn category(v: Value) -> Category {
    CLASSIFIER
        .classify(&parse_tool(&v).expect("a valid tool"))
        .category
}

fn cat(name: &str, description: &str) -> Category {
    category(json!({"name": name, "description": description}))
}

#[test]
fn weak_evidence_is_not_a_read() {
    let c = CLASSIFIER.classify(&parse_tool(&json!({"name": "frobnicate_widget"})).unwrap());
    assert_eq!(c.category, Category::Write);
    assert!(c.rationale.contains("evidence is weak"), "{}", c.rationale);
    assert!(c.confidence < 0.5, "{}", c.confidence);
    assert!(c.needs_review());
    // An unknown verb opening the description, followed by its object.
    assert_eq!(cat("widget_tool", "Frobnicate a widget."), Category::Write);
    // Nouns of a read stay Read: a name, a collection, a description naming a value.
    assert_eq!(cat("server_health", ""), Category::Read);
    assert_eq!(cat("stock_price", ""), Category::Read);
    assert_eq!(cat("team_widgets", ""), Category::Read);
    assert_eq!(
        cat("acosh", "Inverse hyperbolic cosine of x"),
        Category::Read
    );
    // A verb that is a noun too, followed by read nouns, names a thing to read.
    assert_eq!(cat("place_details", ""), Category::Read);
    assert_eq!(cat("order_status", ""), Category::Read);
    assert_eq!(cat("place_order", ""), Category::Financial);
    assert_eq!(cat("update_status", ""), Category::Write);
}

#[test]
fn deleting_is_destructive_detaching_is_write() {
    assert_eq!(
        cat("delete_event", "Delete an event from a calendar."),
        Category::Destructive
    );
    assert_eq!(cat("delete_alias", ""), Category::Destructive);
    assert_eq!(
        cat("remove_member", "Remove a member from a team."),
        Category::Write
    );
    assert_eq!(cat("unassign_issue", ""), Category::Write);
    // The description states the real effect over a misleading name.
    assert_eq!(
        cat("delete_link", "Remove a link (unlink) between two records."),
        Category::Write
    );
}

#[test]
fn stated_reversibility_and_stated_effects() {
    assert_eq!(
        cat(
            "delete_note",
            "Moves the note to the trash, where it can be restored."
        ),
        Category::Write
    );
    assert_eq!(
        cat(
            "delete_note",
            "Permanently deletes the note; it can be restored from backups."
        ),
        Category::Destructive
    );
    assert_eq!(
        cat(
            "create_domain",
            "Purchases a new domain and charges your account."
        ),
        Category::Financial
    );
    // A transform returns its result unless the definition says it is saved.
    assert_eq!(
        cat("generate_code", "Generate code for a function."),
        Category::Read
    );
    assert_eq!(
        category(
            json!({"name": "generate_report", "description": "Generate a PDF report.",
            "inputSchema": {"properties": {"output_path": {"type": "string"}}}})
        ),
        Category::Write
    );
    assert_eq!(
        cat(
            "extract_pages",
            "Extract pages from a PDF and create a new PDF file."
        ),
        Category::Write
    );
}

#[test]
fn domain_lexicons() {
    // On-chain value.
    assert_eq!(cat("mint_nft", ""), Category::Financial);
    assert_eq!(cat("transfer_tokens", ""), Category::Financial);
    assert_eq!(cat("transfer_ownership", ""), Category::Write);
    // Infrastructure and container stacks.
    assert_eq!(cat("apply_migration", ""), Category::Execute);
    assert_eq!(cat("upgrade_cluster", ""), Category::Execute);
    assert_eq!(cat("compose_up", ""), Category::Execute);
    assert_eq!(cat("compose_ps", ""), Category::Read);
    // Developer tools run as programs; what they report is read.
    assert_eq!(cat("eslint", ""), Category::Execute);
    assert_eq!(cat("pytest_results", ""), Category::Read);
    // Telephony reaches people: Write.
    assert_eq!(cat("make_phone_call", ""), Category::Write);
    assert_eq!(cat("call_tool", ""), Category::Execute);
    // Browser automation, and drag and drop is not a drop.
    assert_eq!(cat("browser_hover", ""), Category::Execute);
    assert_eq!(
        cat("browser_drag", "Perform drag and drop between two elements"),
        Category::Execute
    );
    assert_eq!(
        cat("drag", "Drag and drop an element onto another."),
        Category::Execute
    );
    assert_eq!(cat("handle_dialog", ""), Category::Execute);
    // Building an index changes stored data; it runs nothing of the caller's.
    assert_eq!(cat("build_index", ""), Category::Write);
}

#[test]
fn a_description_mentioning_a_command_does_not_overrule_a_read_name() {
    assert_eq!(
        cat(
            "list_tables",
            "This tool runs the SHOW TABLES command to discover all tables."
        ),
        Category::Read
    );
    assert_eq!(
        category(
            json!({"name": "list_tables", "description": "Runs the given SQL command.",
            "inputSchema": {"properties": {"sql": {"type": "string"}}}})
        ),
        Category::Execute
    );
}
