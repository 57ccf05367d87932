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

/// Whether the tool named `name` (name only) carries the signal `id`.
fn has_signal(name: &str, id: &str) -> bool {
    CLASSIFIER
        .classify(&parse_tool(&json!({"name": name})).expect("a valid tool"))
        .signals
        .iter()
        .any(|s| s.id == id)
}

/// A tool that takes one string parameter described as source code.
fn tool(name: &str, description: &str, param: &str) -> Category {
    category(
        json!({"name": name, "description": description, "inputSchema": {"type": "object",
        "properties": {param: {"type": "string", "description": "source code"}}}}),
    )
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

fn classify(v: Value) -> super::Classification {
    CLASSIFIER.classify(&parse_tool(&v).expect("a valid tool"))
}

#[test]
fn a_dispatch_tool_is_decided_by_the_operations_it_lists() {
    // Operations named like identifiers in the description of a tool with an action parameter:
    // the most severe decides, even over a name that reads.
    let listed = "Use {\"action\": …}.\nActions:\n- notes_list: list the notes.\n- note_get: one note.\n- discussion_note_delete: permanently remove a note.";
    let c = classify(json!({"name": "thing_review", "description": listed,
        "inputSchema": {"type": "object", "properties": {"action": {"type": "string"}}}}));
    assert_eq!(c.category, Category::Destructive, "{}", c.rationale);
    // Near miss: the same bullets without an action parameter are prose.
    assert_eq!(cat("thing_review", listed), Category::Read);
    // A weak name whose every operation reads, listed on the action parameter's "Args:" line.
    let reads = "Access and manage slide layouts.\n\nArgs:\n    operation: Operation type (\"list\", \"get_layouts\", \"get_info\")\n";
    let c = classify(json!({"name": "manage_layouts", "description": reads,
        "inputSchema": {"type": "object", "properties": {"operation": {"type": "string"}}}}));
    assert_eq!(
        (c.category, c.decided_by.as_str()),
        (Category::Read, "schema.only_reads")
    );
    // Near miss: one operation that writes keeps it a Write.
    let writes = reads.replace("\"get_info\"", "\"set_layout\"");
    let c = classify(json!({"name": "manage_layouts", "description": writes,
        "inputSchema": {"type": "object", "properties": {"operation": {"type": "string"}}}}));
    assert_eq!(c.category, Category::Write);
    // Near miss: upper-case constants in bullets are not operations.
    let constants =
        "Query costs.\n\nDimensions:\n- RECORD_TYPE: the record type\n- USAGE_TYPE: the usage type";
    let c = classify(json!({"name": "cost_explorer", "description": constants,
        "inputSchema": {"type": "object", "properties": {"operation": {"type": "string"}}}}));
    assert_ne!(c.category, Category::Execute, "{}", c.rationale);
}

#[test]
fn object_first_names_end_in_their_action() {
    assert_eq!(cat("projectShareLinkGet", ""), Category::Read);
    assert_eq!(cat("setup_check", ""), Category::Read);
    assert_eq!(cat("graph_type_details", ""), Category::Read);
    // Near misses: a read verb ending a name whose first verb acts on it.
    assert_eq!(cat("share_link", ""), Category::Write);
    assert_eq!(
        cat("mark_all_notifications_read", "Mark all as read."),
        Category::Write
    );
}

#[test]
fn names_of_guidance_and_of_figures_read() {
    assert_eq!(
        cat(
            "migrate_pages_to_workers_guide",
            "Read this guide before migrating pages."
        ),
        Category::Read
    );
    assert_eq!(cat("deploy_docs", ""), Category::Read);
    // Near misses: a verb that makes or changes the document.
    assert_eq!(cat("update_guide", ""), Category::Write);
    assert_eq!(cat("delete_docs", ""), Category::Destructive);
    // A description that opens by handing over guidance about the named action.
    assert_eq!(
        cat(
            "cli_install",
            "Provide installation instructions for the CLI on each platform."
        ),
        Category::Read
    );
    assert_eq!(
        cat(
            "deploy_app",
            "Returns step-by-step guidance to deploy an application."
        ),
        Category::Read
    );
    // Near misses: the action first and guidance later, and guidance that is not handed over.
    assert_eq!(
        cat(
            "deploy_app",
            "Deploy the application and return the URL of its guide."
        ),
        Category::Execute
    );
    assert_eq!(
        cat(
            "install_package",
            "Install a package; see the instructions in the README."
        ),
        Category::Execute
    );
    // A name of read nouns over a description whose verb says how.
    assert_eq!(
        cat("memory_stats", "Report statistics for the knowledge graph."),
        Category::Read
    );
    // Near miss: without the read noun, the description's verb decides.
    assert_eq!(
        cat(
            "memory_entries",
            "Delete stale entries from the knowledge graph."
        ),
        Category::Destructive
    );
}

#[test]
fn a_description_that_starts_a_job_decides_over_a_reading_name() {
    assert_eq!(
        cat("scan_pipeline", "Trigger a scan of a multibranch pipeline."),
        Category::Execute
    );
    assert_eq!(
        cat(
            "batch_scrape",
            "Scrape many URLs. Returns a job ID that can be used to check status."
        ),
        Category::Execute
    );
    // Near misses: a heading, and the ID of something that exists.
    assert_eq!(
        cat(
            "list_tables",
            "START HERE for the warehouse: list the tables."
        ),
        Category::Read
    );
    assert_eq!(
        cat(
            "get_run_id",
            "Return the active run ID for the application."
        ),
        Category::Read
    );
}

#[test]
fn a_weak_name_verb_yields_to_a_specific_description_verb() {
    assert_eq!(
        cat("options_put_call", "Get the put/call ratio of a stock."),
        Category::Read
    );
    assert_eq!(
        cat("format_range", "Apply formatting to a range of cells."),
        Category::Write
    );
    // Near misses: "run a check" is how a check is done, and a noun-verb opening a read.
    assert_eq!(
        cat("check_health", "Run a health probe against a container."),
        Category::Read
    );
    assert_eq!(
        cat("privacy_scan", "Report identifying content in the trees."),
        Category::Read
    );
}

#[test]
fn code_is_given_by_the_caller() {
    let c = classify(json!({"name": "sandbox_exec"}));
    assert_eq!(
        (c.category, c.risk),
        (Category::Execute, super::Risk::Critical)
    );
    // Near misses: a command chosen from an enum, a command's name to look up, a search query.
    let c = classify(
        json!({"name": "device_action", "description": "Trigger a device action.",
        "inputSchema": {"type": "object", "properties": {"command": {"type": "string", "enum": ["start", "stop"]}}}}),
    );
    assert_eq!(c.risk, super::Risk::High, "{}", c.rationale);
    let c = classify(
        json!({"name": "which", "description": "Locate a command in the PATH.",
        "inputSchema": {"type": "object", "properties": {"command": {"type": "string", "description": "Command to locate"}}}}),
    );
    assert_eq!(c.category, Category::Read, "{}", c.rationale);
    let c = classify(
        json!({"name": "write_report", "description": "Write a report on a topic from the articles a search finds.",
        "inputSchema": {"type": "object", "properties": {"query": {"type": "string", "description": "Search query to find articles."}}}}),
    );
    assert_ne!(c.category, Category::Execute, "{}", c.rationale);
}

#[test]
fn secrets_raise_a_read_only_when_it_returns_them() {
    let c = classify(
        json!({"name": "search_content", "description": "Search content in an application.",
        "inputSchema": {"type": "object", "properties": {"aws_secret_access_key": {"type": "string"}}}}),
    );
    assert_eq!(c.category, Category::Read);
    assert_eq!(c.risk, super::Risk::Low, "{}", c.rationale);
    assert!(c.signals.iter().any(|s| s.id == "secrets"));
    let c = cat_risk(
        "pcap_extract_credentials",
        "Extract credentials from a capture file.",
    );
    assert_eq!(c, (Category::Read, super::Risk::Medium));
}

fn cat_risk(name: &str, description: &str) -> (Category, super::Risk) {
    let c = classify(json!({"name": name, "description": description}));
    (c.category, c.risk)
}

#[test]
fn provisioning_and_recordings_are_changes() {
    assert_eq!(
        cat(
            "provision_auth",
            "Provisions a managed auth service for a branch."
        ),
        Category::Write
    );
    assert_eq!(cat("browser_stop_tracing", ""), Category::Write);
    assert_eq!(
        cat("start_screencast", "Starts recording a screencast."),
        Category::Write
    );
    // Near miss: starting a VM runs it.
    assert_eq!(
        cat("start_vm", "Start a virtual machine."),
        Category::Execute
    );
    // A verb alone takes its object from the description.
    assert_eq!(
        cat("rebuild", "Rebuild the search index from Markdown files."),
        Category::Write
    );
    assert_eq!(
        cat("rebuild", "Rebuild the container image."),
        Category::Execute
    );
}

#[test]
fn privilege_from_who_may_reach_it() {
    let c = classify(
        json!({"name": "create_application", "description": "Create an application.",
        "inputSchema": {"type": "object", "properties": {"name": {"type": "string"}, "grant_types": {"type": "array"}}}}),
    );
    assert_eq!(c.risk, super::Risk::High, "{}", c.rationale);
    let c = cat_risk(
        "modify_cluster",
        "Modify a cluster, including:\n- Security settings\n- Backup settings",
    );
    assert_eq!(c, (Category::Write, super::Risk::High));
    // A firewall's rules decide which addresses may reach a service.
    assert_eq!(
        cat_risk("update_firewall_rule", "Update a rule."),
        (Category::Write, super::Risk::High)
    );
    assert_eq!(
        cat_risk("create_security_group_rule", "Add an inbound rule."),
        (Category::Write, super::Risk::High)
    );
    // Near misses: reading the rules, and a change to something else on the same host.
    assert_eq!(
        cat_risk("list_firewall_rules", "List the rules."),
        (Category::Read, super::Risk::Low)
    );
    assert_eq!(
        cat_risk("update_server_label", "Update a server's label."),
        (Category::Write, super::Risk::Medium)
    );
}

#[test]
fn a_request_the_caller_shapes_runs() {
    assert_eq!(
        cat(
            "api_request",
            "Make an authenticated HTTP request to the service API, like `gh api`."
        ),
        Category::Execute
    );
    // Near miss: restricted to reads.
    assert_eq!(
        cat(
            "api_request",
            "Make an HTTP request to the service API. Only GET requests are allowed."
        ),
        Category::Read
    );
    let request = |name: &str, url: bool| {
        let mut props = json!({"method": {"type": "string", "enum": ["GET", "POST", "DELETE"]}});
        if url {
            props["url"] = json!({"type": "string"});
        }
        category(json!({"name": name, "inputSchema": {"type": "object", "properties": props}}))
    };
    assert_eq!(request("fetch", true), Category::Execute);
    // Near miss: the method of a monitor being created is configuration, not a deletion.
    assert_eq!(request("create_uptime_monitor", true), Category::Write);
}

#[test]
fn browser_automation_drives_the_page() {
    assert_eq!(
        cat("browser_select_option", "Select an option in a dropdown"),
        Category::Execute
    );
    assert_eq!(
        cat("browser_drop", "Drop files onto an element."),
        Category::Execute
    );
    let c = classify(
        json!({"name": "browser_mouse_move_xy", "description": "Move mouse to a position"}),
    );
    assert_eq!(
        c.category,
        Category::Execute,
        "{} {}",
        c.decided_by,
        c.rationale
    );
    assert_eq!(cat("browser_type", ""), Category::Execute);
    let tabs = json!({"name": "browser_tabs", "description": "List, create, close, or select a browser tab.",
        "inputSchema": {"type": "object", "properties": {"action": {"type": "string"},
            "url": {"type": "string", "description": "URL to navigate to in the new tab"}}}});
    assert_eq!(category(tabs), Category::Execute);
    // Near misses: outside a browser the same verbs select rows and move records.
    assert_eq!(
        cat("select_rows", "Select rows from a sheet."),
        Category::Read
    );
    assert_eq!(
        cat("move_page", "Move a page under another parent."),
        Category::Write
    );
}

#[test]
fn computed_results_and_kinds_of_data_read() {
    assert_eq!(
        cat(
            "create_chat_completion",
            "Create a chat completion with a model."
        ),
        Category::Read
    );
    assert_eq!(
        cat("embeddings_create", "Create vector embeddings from text."),
        Category::Read
    );
    assert_eq!(
        cat("tag_read", "Read operations for git tags."),
        Category::Read
    );
    // An enum of kinds of data to fetch is not a list of operations.
    let c = category(json!({"name": "ui_get", "description": "Fetch UI data.",
        "inputSchema": {"type": "object", "properties": {"method": {"type": "string", "enum": ["labels", "issue_types", "branches"]}}}}));
    assert_eq!(c, Category::Read);
    // Near miss: creating a chat (a conversation) stores it.
    assert_eq!(
        cat("create_chat", "Create a new chat channel."),
        Category::Write
    );
}

#[test]
fn a_name_alone_is_read_as_a_careful_reviewer_would() {
    // A query on a data store, or a query the name runs or writes: the caller's code, held with
    // low confidence.
    for name in ["TimeDBQuery", "query_database", "run_query", "write_query"] {
        let c = classify(json!({ "name": name }));
        assert_eq!(
            (c.category, c.risk),
            (Category::Execute, super::Risk::Critical),
            "{name}: {}",
            c.rationale
        );
        assert!(c.needs_review(), "{name}: {}", c.confidence);
    }
    // Near misses: a query whose kind reads (a metrics range query, a knowledge-base search),
    // and the same names with a definition that says more.
    assert_eq!(cat("ExecuteRangeQuery", ""), Category::Read);
    assert_eq!(cat("query_knowledge_bases", ""), Category::Read);
    assert_eq!(
        cat(
            "run_query",
            "Run a saved query by its ID and return the rows."
        ),
        Category::Read
    );
    // A run of a saved read's kind stays a read (`run_funnels_query`).
    assert_eq!(cat("run_funnels_query", ""), Category::Read);
    // Results, agents of a read and conversions to text read; a conversion to a file is saved.
    for name in [
        "sentiment_analysis",
        "price_comparison",
        "gene_getter",
        "risk_predictor",
        "celsius_to_fahrenheit",
    ] {
        assert_eq!(cat(name, ""), Category::Read, "{name}");
    }
    assert_eq!(cat("markdown_to_pdf", ""), Category::Write);
    // A memory forgotten is deleted.
    assert_eq!(cat("forget_memory", ""), Category::Destructive);
    // Managing a thing offers deleting it; managing settings or appearance does not lose data.
    let c = classify(json!({"name": "widget_manage"}));
    assert_eq!(c.category, Category::Destructive, "{}", c.rationale);
    assert!(c.needs_review(), "{}", c.confidence);
    assert_eq!(cat("manage_theme_settings", ""), Category::Write);
    assert_eq!(
        cat("manage_widgets", "Update the position of a widget."),
        Category::Write
    );
}

#[test]
fn writing_a_file_overwrites_it() {
    assert_eq!(cat("write_file", ""), Category::Destructive);
    assert_eq!(
        cat("workspace_write_file", "Write content to a file at a path."),
        Category::Destructive
    );
    // Near misses: appending to a log, creating a new note.
    assert_eq!(
        cat("write_log", "Write a line to the log."),
        Category::Write
    );
    assert_eq!(cat("create_file", "Create a new file."), Category::Write);
    // Resetting a branch discards its changes; unstaging does not.
    assert_eq!(cat("reset_branch", ""), Category::Destructive);
    assert_eq!(
        cat("repo_reset", "Unstages all staged changes"),
        Category::Write
    );
}

#[test]
fn evaluating_code_runs_it() {
    for name in ["evaluate_script", "browser_evaluate", "puppeteer_evaluate"] {
        let c = classify(json!({ "name": name }));
        assert_eq!(
            (c.category, c.risk),
            (Category::Execute, super::Risk::Critical),
            "{name}: {}",
            c.rationale
        );
    }
    // Calling a tool of the writing kind runs any tool; one restricted to reads reads.
    assert_eq!(
        cat(
            "call_tool_write",
            "Proxy a write tool call to an upstream server."
        ),
        Category::Execute
    );
    assert_eq!(cat("call_tool_read", ""), Category::Read);
    // Near miss: evaluating a model or an answer judges it.
    assert_eq!(
        cat("evaluate_model", "Evaluate a model on a benchmark dataset."),
        Category::Read
    );
}

#[test]
fn removing_a_tag_detaches_removing_a_relation_deletes() {
    assert_eq!(
        cat("untag_resource", "Remove tags from a resource."),
        Category::Write
    );
    assert_eq!(
        cat("remove_contact_tag", "Remove a tag from a contact."),
        Category::Write
    );
    // A relation or an alias is data (TAXONOMY.md): removing one deletes it.
    assert_eq!(
        cat(
            "delete_relationship",
            "Remove a relationship between two records."
        ),
        Category::Destructive
    );
    assert_eq!(
        cat("remove_alias", "Remove an email alias."),
        Category::Destructive
    );
    // An un- verb whose description states a deletion deletes.
    assert_eq!(
        cat("orm_unlink", "Delete records from a model."),
        Category::Destructive
    );
}

#[test]
fn a_browser_word_with_nothing_else_said_drives_the_page() {
    assert_eq!(cat("browser_mouse_wheel", ""), Category::Execute);
    assert_eq!(cat("puppeteer_scroll_down", ""), Category::Execute);
    // Near miss: a browser word that names something to read.
    assert_eq!(cat("browser_tab_list", ""), Category::Read);
}

#[test]
fn a_weak_read_that_saves_its_result_writes() {
    let saved = |name: &str, desc: &str, param: &str| {
        category(json!({"name": name, "description": desc,
            "inputSchema": {"type": "object", "properties": {"filepath": {"type": "string"}, param: {"type": "string"}}}}))
    };
    assert_eq!(
        saved("tally_csv", "Aggregate CSV data by a column.", "outputPath"),
        Category::Write
    );
    // Near miss: the same with nowhere to save the result.
    assert_eq!(
        saved("tally_csv", "Aggregate CSV data by a column.", "column"),
        Category::Read
    );
}

#[test]
fn subscribing_and_deregistering() {
    assert_eq!(
        cat("watch_ticket", "Watch a ticket for updates."),
        Category::Write
    );
    assert_eq!(
        cat("watch_logs", "Watch the logs of a pod."),
        Category::Read
    );
    assert_eq!(
        cat(
            "deregister_service",
            "Deregister a service from the catalog."
        ),
        Category::Destructive
    );
    // An object-first name that ends in "generate" returns what it generates.
    assert_eq!(cat("deploy_plan_generate", ""), Category::Read);
}

#[test]
fn shell_commands_in_a_name_are_its_verb() {
    assert_eq!(cat("fs_cat", ""), Category::Read);
    assert_eq!(cat("fs_mv", ""), Category::Write);
    assert_eq!(cat("fs_cp", ""), Category::Write);
    assert_eq!(cat("fs_rm", ""), Category::Destructive);
}

#[test]
fn a_lone_word_sends_only_when_it_is_the_act_and_its_object() {
    let comm = |name: &str| {
        classify(json!({ "name": name }))
            .signals
            .iter()
            .any(|s| s.id == "external_comm")
    };
    assert!(comm("send_email"));
    assert!(comm("create_post"));
    assert!(comm("invite_member"));
    assert!(!comm("html_to_text"));
    assert!(!comm("call_api"));
}

#[test]
fn an_agent_noun_acts_as_its_verb() {
    // The agent of a Read verb reads, whether listed or made by -er/-or.
    assert_eq!(cat("patent_searcher", ""), Category::Read);
    assert_eq!(cat("yaml_formatter", ""), Category::Read);
    // The agent of an Execute verb runs, with low confidence.
    let c = classify(json!({ "name": "task_runner" }));
    assert_eq!(c.category, Category::Execute);
    assert!(c.needs_review());
    assert_eq!(cat("lambda_deployer", ""), Category::Execute);
    // Near misses: a word that only looks like an agent noun, a browser, and a name whose
    // verb is a real one.
    assert_eq!(cat("prompt_builder", ""), Category::Write);
    assert_ne!(cat("headless_browser", ""), Category::Read);
    assert_eq!(cat("delete_runner", ""), Category::Destructive);
    // A description that says what it does decides over the agent noun.
    assert_eq!(
        cat("nightly_runner", "Get the status of the nightly runner."),
        Category::Read
    );
}

#[test]
fn a_name_alone_for_a_command_line_runs_commands() {
    for name in [
        "terminal",
        "device_command",
        "sql",
        "code_interpreter",
        "aws_cli",
    ] {
        let c = classify(json!({ "name": name }));
        assert_eq!(c.category, Category::Execute, "{name}");
        assert!(c.signals.iter().any(|s| s.id == "code_exec"), "{name}");
        assert!(c.needs_review(), "{name}");
    }
    // Near misses: what a terminal shows, a conversion to SQL, and a definition that says more.
    assert_eq!(cat("terminal_logs", ""), Category::Read);
    assert_eq!(cat("text_to_sql", ""), Category::Read);
    assert_eq!(cat("sql_history", ""), Category::Read);
    assert_eq!(
        cat("console_command", "List the commands the console accepts."),
        Category::Read
    );
}

#[test]
fn a_description_opening_with_a_verb_shaped_word_the_name_acts_with_is_weak_evidence() {
    assert_eq!(
        cat("defragmentize_volume", "Defragmentize a volume for speed."),
        Category::Write
    );
    assert_eq!(
        cat("resend_invitation", "Resend invitation to the user."),
        Category::Write
    );
    // Near misses: a bare verb (a calculator's `vectorize`), a word that is no verb by its
    // shape, and a verb the name does not use.
    assert_eq!(cat("vectorize", "Vectorize expression x."), Category::Read);
    assert_eq!(cat("complex_sqrt", "Complex square root"), Category::Read);
    assert_eq!(
        cat("volume_tool", "Defragmentize volumes on demand."),
        Category::Read
    );
}

#[test]
fn a_query_in_a_language_that_only_reads_is_a_read() {
    let query = |desc: &str, param: &str| {
        category(json!({"name": "execute_query", "description": desc,
            "inputSchema": {"type": "object", "properties": {
                "query": {"type": "string", "description": param}}}}))
    };
    assert_eq!(
        query(
            "Execute an instant PromQL query against the metrics store.",
            "The query"
        ),
        Category::Read
    );
    assert_eq!(
        query(
            "Execute a query against the metrics store.",
            "The LogQL query to run"
        ),
        Category::Read
    );
    // Near misses: a sentence that also names a language that can write, and a query language
    // that can write.
    assert_eq!(
        query(
            "Execute a PromQL or InfluxQL query against the store.",
            "The query"
        ),
        Category::Execute
    );
    assert_eq!(
        query(
            "Execute an InfluxQL query against the database.",
            "The query"
        ),
        Category::Execute
    );
    // Kusto's KQL and Salesforce's SOQL only read; a sentence that also offers Kusto's
    // management commands (which change data) does not.
    assert_eq!(
        query("Execute a SOQL query on the CRM.", "The query"),
        Category::Read
    );
    assert_eq!(
        query("Run a KQL query against a cluster.", "The query"),
        Category::Read
    );
    assert_eq!(
        query(
            "Run a KQL query or management commands against a cluster.",
            "The query"
        ),
        Category::Execute
    );
}

#[test]
fn a_program_that_qualifies_a_noun_is_what_the_description_reads() {
    // The program names what is read about; the description's Read verb says what is done.
    assert_eq!(
        cat("npmDeps", "Analyze the dependencies of an npm package."),
        Category::Read
    );
    assert_eq!(
        cat("docker_images", "List local Docker images."),
        Category::Read
    );
    // With nothing else said, a program before a noun does not run: `uv_index` is an index of
    // ultraviolet light, `helm_chart` a chart, and the weak evidence is not a run.
    assert_ne!(cat("uv_index", ""), Category::Execute);
    assert_ne!(cat("helm_chart", ""), Category::Execute);
    assert_ne!(cat("graph_node", ""), Category::Execute);
    // Near misses: a bare program name runs it, whatever its description's verb; so does a
    // name that ends in a program's subcommand; and a description that runs it.
    assert_eq!(cat("eslint", "Lint JavaScript files."), Category::Execute);
    assert_eq!(cat("mcp_pytest", ""), Category::Execute);
    assert_eq!(cat("pulumi_up", ""), Category::Execute);
    assert_eq!(cat("jest_test", ""), Category::Execute);
    assert_eq!(
        cat("docker_compose", "Run a compose file."),
        Category::Execute
    );
}

#[test]
fn a_generated_result_put_somewhere_is_saved() {
    assert_eq!(
        cat(
            "generate_model",
            "Generate a 3D model from a prompt and import it into the open scene."
        ),
        Category::Write
    );
    assert_eq!(
        cat(
            "generate_stubs",
            "Generate client stubs; files are written to the output directory."
        ),
        Category::Write
    );
    // Near misses: a result that is returned, and one that is only described.
    assert_eq!(
        cat(
            "generate_model",
            "Generate a 3D model from a prompt and return it."
        ),
        Category::Read
    );
    assert_eq!(
        cat("generate_summary", "Generate a summary of the text."),
        Category::Read
    );
}

#[test]
fn a_name_alone_for_an_http_request_makes_an_arbitrary_request() {
    for name in ["http_request", "send_api_request", "raw_request", "curl"] {
        let c = classify(json!({ "name": name }));
        assert_eq!(c.category, Category::Execute, "{name}");
        assert!(c.needs_review(), "{name}");
    }
    // Near misses: a Read verb on a recorded request, a list of them, a request that is not
    // HTTP, and a definition that says more.
    assert_eq!(cat("get_api_request", ""), Category::Read);
    assert_ne!(cat("api_requests", ""), Category::Execute);
    assert_ne!(cat("access_request", ""), Category::Execute);
    assert_eq!(
        cat("http_request", "Get the details of a logged HTTP request."),
        Category::Read
    );
}

#[test]
fn an_object_first_name_keeps_its_object() {
    // The tool that applies, named before the verb, is the object of an infrastructure apply.
    assert_eq!(cat("terraform_apply", ""), Category::Execute);
    assert_eq!(cat("kubectl_apply", ""), Category::Execute);
    assert_eq!(cat("helm_upgrade", ""), Category::Execute);
    assert_eq!(cat("vector_index_build", ""), Category::Write);
    // Near misses: applying a label, and a verb that does not end the name (its object is
    // what follows it).
    assert_eq!(cat("label_apply", ""), Category::Write);
    assert_ne!(cat("terraform_apply_status", ""), Category::Execute);
    // A force push, with "force" on either side of the verb; a plain push stays a change.
    assert_eq!(cat("git_force_push", ""), Category::Destructive);
    assert_eq!(cat("push_force", ""), Category::Destructive);
    assert_eq!(cat("git_push", ""), Category::Write);
}

#[test]
fn claiming_value_is_financial_claiming_work_is_a_change() {
    assert_eq!(cat("claim_rewards", ""), Category::Financial);
    assert_eq!(cat("claim_airdrop", ""), Category::Financial);
    assert_eq!(cat("claim_task", ""), Category::Write);
    assert_eq!(cat("get_claimed_rewards", ""), Category::Read);
}

#[test]
fn confirming_commits_and_cancelling_a_hold_is_final() {
    assert_eq!(cat("confirm_payment", ""), Category::Financial);
    assert_eq!(cat("confirm_booking", ""), Category::Write);
    // "confirm" is weak: a later specific verb decides.
    assert_eq!(cat("confirm_delete_group", ""), Category::Destructive);
    // Taxonomy conventions: cancelling an uncaptured payment hold is Destructive.
    assert_eq!(cat("cancel_payment_intent", ""), Category::Destructive);
    // A weak verb that yielded to the description commits to nothing, amount or not.
    assert_eq!(
        category(
            json!({"name": "confirm_fee", "description": "Ask the user to confirm the fee shown.",
            "inputSchema": {"type": "object", "properties": {"amount": {"type": "number"}}}})
        ),
        Category::Read
    );
}

#[test]
fn money_in_and_out_of_accounts_loans_pools_and_bookings_moves() {
    for name in [
        "top_up_balance",
        "deposit_funds",
        "borrow_usdc",
        "place_bid",
        "add_liquidity",
        "remove_liquidity",
        "close_position",
        "book_flight",
        "checkout_cart",
        "renew_subscription",
        "register_domain",
        "create_escrow",
        "approve_token_spending",
    ] {
        assert_eq!(cat(name, ""), Category::Financial, "{name}");
    }
    // Near misses: the same words naming what is read, and the same verbs on other objects.
    assert_eq!(cat("deposit_history", ""), Category::Read);
    assert_eq!(cat("get_deposit_address", ""), Category::Read);
    assert_eq!(cat("property_rent_estimate", ""), Category::Read);
    assert_eq!(cat("book_meeting", ""), Category::Write);
    assert_eq!(cat("checkout_branch", ""), Category::Write);
    assert_eq!(cat("register_user", ""), Category::Write);
    assert_eq!(cat("close_issue", ""), Category::Write);
    assert_eq!(cat("remove_member", ""), Category::Write);
}

#[test]
fn stopping_work_and_typing_keys_run_draining_a_node_loses_it() {
    // Cancelling a job, a build or a run stops work that runs beyond the call, as stopping does.
    assert_eq!(cat("cancel_workflow_run", ""), Category::Execute);
    assert_eq!(cat("abort_job", ""), Category::Execute);
    assert_eq!(cat("stop_job", ""), Category::Execute);
    // Keys sent to a terminal or a page do what the caller typed.
    assert_eq!(cat("tmux_send_keys", ""), Category::Execute);
    // Draining a node evicts its workloads; cordoning it only stops new ones landing.
    assert_eq!(cat("drain_node", ""), Category::Destructive);
    assert_eq!(cat("cordon_node", ""), Category::Write);
    // Powering a machine off or on stops or starts it.
    assert_eq!(cat("shut_down_vm", ""), Category::Execute);
    assert_eq!(cat("power_off_server", ""), Category::Execute);
    // Invalidating a token revokes it; expiring a session is a logout.
    assert_eq!(cat("invalidate_token", ""), Category::Destructive);
    assert_eq!(cat("expire_session", ""), Category::Write);
    assert_eq!(cat("session_expire_time", ""), Category::Write);
    // A curated "fix" acts wherever it stands, and before a later verb of the name.
    assert_eq!(cat("fix_lint_errors", ""), Category::Write);
    // Near misses: cancelling a meeting or an order, a to-do task, and sending a message.
    assert_eq!(cat("cancel_meeting", ""), Category::Write);
    assert_eq!(cat("cancel_task", ""), Category::Write);
    assert_eq!(cat("send_message", ""), Category::Write);
    assert_eq!(cat("get_cancelled_jobs", ""), Category::Read);
}

#[test]
fn recognising_and_generating_for_the_caller_read() {
    assert_eq!(cat("ocr_image", ""), Category::Read);
    assert_eq!(cat("image_generation", ""), Category::Read);
    // Near misses: a generation that is saved, and a completion that may mark a task done.
    assert_eq!(
        cat(
            "image_generation",
            "Generate an image and save it to a file in the workspace."
        ),
        Category::Write
    );
    assert_ne!(cat("task_completion", ""), Category::Read);
}

#[test]
fn removals_a_later_call_undoes_are_changes() {
    // Logging out ends a session that logging in restores; logging in starts an auth flow.
    assert_eq!(cat("logout", ""), Category::Write);
    assert_eq!(cat("sign_out", ""), Category::Write);
    assert_eq!(cat("login", ""), Category::Execute);
    // A cleared cache is fetched again.
    assert_eq!(cat("clear_cache", ""), Category::Write);
    assert_eq!(
        cat("kb_cache_clear", "Clear the search cache."),
        Category::Write
    );
    // An uninstalled extension is installed again.
    assert_eq!(cat("uninstall_extension", ""), Category::Write);
    // Near misses: a cache that is a resource, a store flushed whole, a release uninstalled with
    // what it deployed.
    assert_eq!(
        cat(
            "delete_serverless_cache",
            "Delete a serverless cache cluster."
        ),
        Category::Destructive
    );
    assert_eq!(cat("flush_redis", ""), Category::Destructive);
    assert_eq!(cat("helm_uninstall", ""), Category::Destructive);
}

#[test]
fn a_description_verb_on_its_object_reads_as_the_name_pair() {
    assert_eq!(
        cat("trips", "Book a flight for the traveller."),
        Category::Financial
    );
    assert_eq!(
        cat("jobs_tool", "Cancel the running job."),
        Category::Execute
    );
    assert_eq!(
        cat("ext_tool", "Uninstall the extension from the browser."),
        Category::Write
    );
    // Near misses: the same verbs on objects no pair names, and an object past a conjunction.
    assert_eq!(cat("trips", "Book a meeting room slot."), Category::Write);
    assert_eq!(cat("jobs_tool", "Cancel the meeting."), Category::Write);
    assert_eq!(
        cat("jobs_tool", "Cancel the reminder and notify the job owner."),
        Category::Write
    );
}

#[test]
fn object_first_names_put_the_action_last() {
    // A word that acts only where it opens a name, and is a noun as often, is the object when a
    // plain verb ends the name: the same as the verb-first name.
    for (object_first, verb_first) in [
        ("message_delete", "delete_message"),
        ("comment_delete", "delete_comment"),
        ("email_send", "send_email"),
        ("post_comment_delete", "delete_comment"),
    ] {
        assert_eq!(cat(object_first, ""), cat(verb_first, ""), "{object_first}");
    }
    assert_eq!(cat("message_delete", ""), Category::Destructive);
    // A committing verb that ends the name commits to the money object before it.
    assert_eq!(cat("invoice_create", ""), Category::Financial);
    assert_eq!(cat("stripe_payment_create", ""), Category::Financial);
    assert_eq!(cat("invoice_template_create", ""), Category::Write);
    // Near misses. A verb that opens the name acts, whatever follows in the middle: a run is a
    // query. What is scheduled happens (an earlier round read `schedule_start_application` as
    // a Write; the application starts all the same, later).
    assert_eq!(cat("schedule_start_application", ""), Category::Execute);
    assert_eq!(cat("run_query", ""), Category::Execute);
    // "read" after more than its noun is a state: marking as read writes.
    assert_eq!(cat("mark_as_read", ""), Category::Write);
    assert_eq!(cat("message_read", ""), Category::Read);
    // Only a plain verb ends the action: `order_status` reads a status, `trade_history` a
    // history.
    assert_eq!(cat("order_status", ""), Category::Read);
    assert_eq!(cat("order_place", ""), Category::Financial);
}

#[test]
fn a_transaction_of_a_data_store_is_not_money() {
    assert_eq!(cat("execute_transaction", ""), Category::Financial);
    assert_eq!(cat("create_transaction", ""), Category::Financial);
    // Named beside a data store, a transaction groups statements.
    assert_ne!(cat("mysql_transaction_execute", ""), Category::Financial);
    assert_eq!(cat("run_sql_transaction", ""), Category::Execute);
    assert_ne!(cat("postgres_commit_transaction", ""), Category::Financial);
}

#[test]
fn formatting_a_document_changes_it_formatting_a_value_returns_it() {
    assert_eq!(cat("format_cells", ""), Category::Write);
    assert_eq!(
        cat("format_table", "Format a table with borders and shading."),
        Category::Write
    );
    assert_eq!(
        cat("format_code", "Format the files in place with prettier."),
        Category::Write
    );
    // Near misses: a value formatted and handed back.
    assert_eq!(
        cat("format_number", "Format a number as currency."),
        Category::Read
    );
    assert_eq!(cat("json_format", ""), Category::Read);
    assert_eq!(
        cat("format_code", "Format the given code and return it."),
        Category::Read
    );
}

#[test]
fn submitting_a_job_starts_it() {
    assert_eq!(
        cat("submit_job", "Submit a training job to the cluster."),
        Category::Execute
    );
    assert_eq!(
        cat("create_crawl", "Crawl a website from a start URL."),
        Category::Execute
    );
    // Near misses: defining a job records it; a to-do task is no job.
    assert_eq!(
        cat("create_job", "Create a new job with a single task."),
        Category::Write
    );
    assert_eq!(
        cat("submit_task", "Submit a task for review."),
        Category::Write
    );
}

#[test]
fn kicking_someone_out_removes_a_member_a_hard_reset_loses_work() {
    assert_eq!(
        cat("kick_user", "Remove a user from a channel."),
        Category::Write
    );
    assert_eq!(
        cat("kick_off_job", "Kick off a build job."),
        Category::Execute
    );
    assert_eq!(
        cat(
            "git_reset",
            "Reset HEAD to the given commit. Supports --hard."
        ),
        Category::Destructive
    );
    // Near miss: a reset that keeps the working tree changes only where HEAD points.
    assert_eq!(
        cat("git_reset", "Reset HEAD to the given commit."),
        Category::Write
    );
    assert_eq!(
        cat("git_stash", "Stash the changes in the working directory."),
        Category::Write
    );
}

#[test]
fn code_a_tool_stores_is_content_not_a_run() {
    assert_eq!(
        tool(
            "create_resolver",
            "Create a resolver for a GraphQL field.",
            "code"
        ),
        Category::Write
    );
    assert_eq!(
        tool("update_diagram", "Update a Mermaid diagram.", "code"),
        Category::Write
    );
    // Near misses: the description says the code runs; a query or a command is run when given;
    // a verb that runs runs.
    assert_eq!(
        tool(
            "create_activity",
            "Create an activity and run the script in it.",
            "script"
        ),
        Category::Execute
    );
    assert_eq!(
        tool("create_table", "Create a table with the given SQL.", "sql"),
        Category::Execute
    );
    assert_eq!(
        tool("run_snippet", "Run a snippet.", "code"),
        Category::Execute
    );
}

#[test]
fn code_a_tool_judges_is_read_not_run() {
    assert_eq!(
        tool("review_code", "Review the code for bugs.", "code"),
        Category::Read
    );
    assert_eq!(
        tool(
            "syntax_check",
            "Check the syntax of the source.",
            "source_code"
        ),
        Category::Read
    );
    // Near misses: the description runs it; a test runs it; SQL given to explain is run by the
    // database.
    assert_eq!(
        tool(
            "check_code",
            "Check the code: runs the script in a sandbox and reports errors.",
            "script"
        ),
        Category::Execute
    );
    assert_eq!(
        tool("test_code", "Test the code.", "code"),
        Category::Execute
    );
    assert_eq!(
        tool(
            "explain_query",
            "Explain the plan of a SQL statement.",
            "sql"
        ),
        Category::Execute
    );
}

#[test]
fn reshaping_text_returns_it() {
    assert_eq!(
        cat("format_json", "Format, validate, minify, or prettify JSON."),
        Category::Read
    );
    assert_eq!(cat("minify_css", "Minify a stylesheet."), Category::Read);
    // Near miss: reshaped and written back to a file.
    assert_eq!(
        cat("prettify_files", "Prettify the source files in place."),
        Category::Write
    );
}

#[test]
fn a_screenshot_taken_is_returned() {
    assert_eq!(cat("take_screenshot", ""), Category::Read);
    assert_eq!(
        cat(
            "take_page_screenshot",
            "Take a screenshot of the current page."
        ),
        Category::Read
    );
    assert_eq!(cat("capture_screenshot", ""), Category::Read);
    // Near misses: "take" acts through other objects; a kept snapshot is created.
    assert_eq!(cat("take_ownership", ""), Category::Write);
    assert_eq!(cat("take_vm_snapshot", ""), Category::Write);
}

#[test]
fn a_name_alone_that_sends_a_request_body_runs_it() {
    assert_eq!(cat("http_post", ""), Category::Execute);
    assert_eq!(cat("api_put", ""), Category::Execute);
    // Near misses: a GET reads; a post without a request word is a social post.
    assert_eq!(cat("http_get", ""), Category::Read);
    assert_ne!(cat("reddit_post", ""), Category::Execute);
}

#[test]
fn measures_and_findings_named_alone_read() {
    for name in [
        "directory_tree",
        "exchange_rate",
        "crypto_trending",
        "text_sentiment",
        "oracle_inbox",
    ] {
        assert_eq!(cat(name, ""), Category::Read, "{name}");
    }
    // Near miss: a word that is no measure leaves the evidence weak.
    assert_eq!(cat("even_size", ""), Category::Write);
}

#[test]
fn order_compounds_say_whether_money_moves() {
    assert_eq!(cat("create_purchase_order", ""), Category::Financial);
    assert_eq!(cat("create_sales_order", ""), Category::Financial);
    // A manufacturing or work order schedules work; a stock transfer moves goods.
    assert_eq!(cat("create_manufacturing_order", ""), Category::Write);
    assert_eq!(cat("create_work_order", ""), Category::Write);
    assert_eq!(cat("create_stock_transfer", ""), Category::Write);
    assert_eq!(cat("list_purchase_orders", ""), Category::Read);
}

#[test]
fn an_unknown_action_joined_to_a_change_is_no_noun_phrase() {
    assert_eq!(
        cat(
            "receive_items",
            "Receive delivered items and update inventory."
        ),
        Category::Write
    );
    // Near misses: a thing named, and a purpose in gerunds.
    assert_eq!(
        cat("acosh", "Inverse hyperbolic cosine of x"),
        Category::Read
    );
    assert_eq!(
        cat(
            "platform",
            "Modal, for running and deploying Python functions in the cloud."
        ),
        Category::Read
    );
}

#[test]
fn playback_changes_a_player() {
    assert_eq!(
        cat("pause", "Pause playback on the device."),
        Category::Write
    );
    assert_eq!(
        cat("player", "Start playback of an album."),
        Category::Write
    );
    assert_eq!(cat("skip_song", ""), Category::Write);
    assert_eq!(
        cat("play_track", "Play a track by its ID."),
        Category::Write
    );
    assert_eq!(
        cat("previous_track", "Return to the previous track."),
        Category::Write
    );
    // Near misses: pausing a cluster stops it; "play" before read nouns is a noun; a return
    // hands back.
    assert_eq!(
        cat("pause_cluster", "Pause a database cluster."),
        Category::Execute
    );
    assert_eq!(cat("play_stats", ""), Category::Read);
    assert_eq!(
        cat("last_track", "Returns the last track played."),
        Category::Read
    );
}

#[test]
fn an_active_security_test_runs_against_its_target() {
    assert_eq!(
        cat("sqli_test", "Test SQL injection with payloads."),
        Category::Execute
    );
    assert_eq!(
        cat("csrf_probe_test", "Test CSRF on a form."),
        Category::Execute
    );
    assert_eq!(cat("test_function", ""), Category::Execute);
    // Near misses: testing a connection or a pattern returns a verdict.
    assert_eq!(
        cat("test_connection", "Test the connection to the API."),
        Category::Read
    );
    assert_eq!(
        cat("regex_test", "Test a regular expression against a string."),
        Category::Read
    );
}

#[test]
fn a_result_saved_to_a_named_place_writes() {
    assert_eq!(
        cat(
            "generate_qr",
            "Generate a QR code. Saves the image file to the shared output directory."
        ),
        Category::Write
    );
    assert_eq!(
        cat("generate_qr", "Generate a QR code and return it as PNG."),
        Category::Read
    );
}

#[test]
fn truncating_a_value_returns_it() {
    assert_eq!(
        cat("trunc", "Truncate x to integer (round towards zero)."),
        Category::Read
    );
    assert_eq!(cat("truncate_text", ""), Category::Read);
    // Near miss: a table truncated loses its rows.
    assert_eq!(cat("truncate_table", ""), Category::Destructive);
}

#[test]
fn generating_a_resource_in_a_service_creates_it() {
    assert_eq!(
        cat("generate_domain", "Generate a public domain for a service."),
        Category::Write
    );
    assert_eq!(cat("generate_invitation", ""), Category::Write);
    // Near misses: an ID or a password generated is returned.
    assert_eq!(cat("generate_uuid", ""), Category::Read);
    assert_eq!(cat("generate_password", ""), Category::Read);
}

#[test]
fn unsharing_and_unprotecting_undo_a_write() {
    assert_eq!(
        cat("unshare_file", "Remove all members from this file."),
        Category::Write
    );
    assert_eq!(
        cat(
            "unprotect_document",
            "Remove password protection from a document."
        ),
        Category::Write
    );
    // Near miss: removing the file itself is a deletion.
    assert_eq!(cat("remove_file", "Remove a file."), Category::Destructive);
}

#[test]
fn building_a_structure_of_data_returns_it() {
    assert_eq!(
        cat("build_context", "Build context from a memory URI."),
        Category::Read
    );
    assert_eq!(cat("build_transaction", ""), Category::Read);
    // Near misses: an image or an app built runs a build; an index built is stored.
    assert_eq!(cat("build_image", ""), Category::Execute);
    assert_eq!(
        cat("build_app", "Build the app with its bundler."),
        Category::Execute
    );
    assert_eq!(cat("build_index", ""), Category::Write);
}

#[test]
fn games_drawings_and_watches_change_state() {
    assert_eq!(cat("start_game", "Start a new game."), Category::Write);
    assert_eq!(
        cat(
            "canvas_tool",
            "Fill a rectangle on the canvas with a colour."
        ),
        Category::Write
    );
    assert_eq!(
        cat("unwatch_ticket", "Stop watching a ticket."),
        Category::Write
    );
    // Near misses: a container started runs; a form field filled drives a browser.
    assert_eq!(cat("start_container", ""), Category::Execute);
    assert_eq!(
        cat("browser_fill", "Fill an input field on the page."),
        Category::Execute
    );
}

#[test]
fn a_transaction_of_a_data_store_moves_no_money() {
    assert_ne!(
        cat("tx_begin", "Start a new database transaction."),
        Category::Financial
    );
    assert_ne!(
        cat(
            "mysql_savepoint",
            "Create a savepoint within the current transaction."
        ),
        Category::Financial
    );
    // Near miss: a transaction of a ledger.
    assert_eq!(
        cat(
            "ledger_tool",
            "Create a transaction that sends funds to an account."
        ),
        Category::Financial
    );
}

#[test]
fn an_amount_on_a_record_of_amounts_pays_nothing() {
    let tool = |name: &str| {
        category(json!({"name": name, "description": "",
            "inputSchema": {"type": "object", "properties": {"amount": {"type": "number"}}}}))
    };
    assert_eq!(tool("update_opportunity"), Category::Write);
    assert_eq!(tool("create_deal"), Category::Write);
    // Near misses: a payment created with an amount, and an expense paid.
    assert_eq!(tool("send"), Category::Financial);
    assert_eq!(tool("pay_expense"), Category::Financial);
}

#[test]
fn a_read_only_mode_beside_a_read_write_mode_restricts_nothing() {
    let tool = |description: &str| {
        category(json!({"name": "transact", "description": description,
            "inputSchema": {"type": "object", "properties": {"sql": {"type": "string"}}}}))
    };
    assert_eq!(
        tool(
            "Execute SQL statements. READ-ONLY MODE: SELECT only. READ-WRITE MODE: any statement."
        ),
        Category::Execute
    );
    assert_eq!(
        tool("Execute SQL statements. Read-only: SELECT only."),
        Category::Read
    );
}

#[test]
fn on_chain_moves_of_value_are_financial() {
    for name in [
        "airdrop",
        "delegate_stake",
        "undelegate",
        "harvest_rewards",
        "add_collateral",
        "supply_collateral",
        "wrap_eth",
        "unwrap_weth",
    ] {
        assert_eq!(cat(name, ""), Category::Financial, "{name}");
    }
    // Near misses: a task delegated and a supply chain read move no value.
    assert_eq!(cat("delegate_task", ""), Category::Write);
    assert_eq!(cat("supply_chain_status", ""), Category::Read);
}

#[test]
fn developer_tools_and_infrastructure_applies_run() {
    for name in ["bundle", "transpile", "typecheck", "apply_yaml"] {
        assert_eq!(cat(name, ""), Category::Execute, "{name}");
    }
    // Near miss: a bundle named as a thing is read.
    assert_eq!(cat("bundle_info", ""), Category::Read);
}

#[test]
fn wiping_a_device_or_a_disk_is_destructive() {
    assert_eq!(cat("factory_reset", ""), Category::Destructive);
    assert_eq!(cat("format_disk", ""), Category::Destructive);
    assert_eq!(cat("format_usb_drive", ""), Category::Destructive);
    // Near misses: a cell formatted changes a sheet; a date formatted is returned; a card of a
    // board formatted loses nothing.
    assert_eq!(cat("format_cell", ""), Category::Write);
    assert_ne!(cat("format_card", ""), Category::Destructive);
    assert_eq!(cat("format_date", ""), Category::Read);
}

#[test]
fn a_described_change_outweighs_a_noun_phrase_name() {
    assert_eq!(
        cat("setup_schema", "Create a catalog and a schema in one step."),
        Category::Write
    );
    // Near misses: a description that reads, or repeats the name's noun.
    assert_eq!(cat("setup_schema", "Get the setup schema."), Category::Read);
    assert_eq!(cat("order_status", "Order status lookup."), Category::Read);
}

#[test]
fn converting_a_record_changes_what_is_stored() {
    assert_eq!(cat("convert_lead", ""), Category::Write);
    assert_eq!(
        cat(
            "convert_conversation_to_ticket",
            "Convert a conversation to a ticket."
        ),
        Category::Write
    );
    // Near miss: a file converted is returned.
    assert_eq!(
        cat("convert_to_pdf", "Convert a document to PDF."),
        Category::Read
    );
}

#[test]
fn a_workflow_step_announced_first_is_not_the_verb() {
    assert_eq!(
        cat(
            "infra_tool",
            "WORKFLOW: Step 4 of 4 - Deploy infrastructure to the cloud."
        ),
        Category::Execute
    );
    assert_eq!(
        cat("infra_tool", "Step 1: List the stacks of a project."),
        Category::Read
    );
}

#[test]
fn a_noun_that_opens_an_object_first_name_is_its_object() {
    assert_eq!(cat("config_get", ""), Category::Read);
    assert_eq!(cat("snapshot_delete", ""), Category::Destructive);
    assert_eq!(cat("status_update", ""), Category::Write);
    // Near miss: the word alone, or before a word that is no plain verb, is still the verb.
    assert_eq!(cat("screenshot", ""), Category::Read);
    assert_eq!(cat("screenshot_take", ""), Category::Read);
}

#[test]
fn an_adverb_after_the_object_does_not_hide_it() {
    assert_eq!(
        cat(
            "test_custom_function_locally",
            "Test a custom function locally."
        ),
        Category::Execute
    );
    assert_eq!(cat("capture_screenshot_full", ""), Category::Read);
    // Near miss: testing a connection, however it is done, reads.
    assert_eq!(cat("test_connection_locally", ""), Category::Read);
}

#[test]
fn the_description_says_which_verb_of_the_name_acts() {
    assert_eq!(
        cat(
            "restore_validate",
            "Validate that a backup can be restored."
        ),
        Category::Read
    );
    assert_eq!(
        cat("ps_restart", "Restart the processes of an app."),
        Category::Execute
    );
    // Not only the last word: "check" in `save_url_check_job_status`.
    assert_eq!(
        cat(
            "save_url_check_job_status",
            "Checks the status of a save URL job."
        ),
        Category::Read
    );
    // Near miss: a description that opens with another verb leaves the name's first verb.
    assert_eq!(
        cat("restore_validate", "Restore a backup after checking it."),
        Category::Write
    );
    // Near miss: a last word that is a noun as often as a verb is not taken.
    assert_eq!(
        cat(
            "list_folder_continue",
            "Continue listing a folder from a cursor."
        ),
        Category::Read
    );
}

#[test]
fn adding_numbers_computes() {
    assert_eq!(cat("add", "Adds two numbers."), Category::Read);
    // Near misses: adding rows to a sheet writes; a bare "add" is weak evidence of a change.
    assert_eq!(cat("add", "Add rows to a sheet."), Category::Write);
    assert_eq!(cat("add", ""), Category::Write);
}

#[test]
fn a_sign_in_page_is_configured_not_a_flow_started() {
    assert_eq!(
        cat(
            "replace_custom_sign_in_page",
            "Replace the custom sign-in page of a brand."
        ),
        Category::Write
    );
    assert_eq!(cat("create_oauth2_provider", ""), Category::Write);
    // A session is not a login: a conversation session is created, not authenticated.
    assert_eq!(
        cat("create_session", "Create a new conversation session."),
        Category::Write
    );
    // Near misses: starting a login, an authenticated session, or an OAuth URL starts the flow.
    assert_eq!(cat("create_auth_session", ""), Category::Execute);
    assert_eq!(cat("start_login", ""), Category::Execute);
    assert_eq!(cat("create_oauth_url", ""), Category::Execute);
}

#[test]
fn a_parameter_that_says_where_the_result_goes_saves_it() {
    let generated = |prose: &str| {
        category(
            json!({"name": "generate_app", "description": "Generate an app from a model.",
            "inputSchema": {"type": "object", "properties": {"model_file": {"type": "string",
            "description": prose}}}}),
        )
    };
    assert_eq!(
        generated("Path to the model. The app will be generated in the same directory."),
        Category::Write
    );
    // Near miss: a path to read from says nothing of where the result goes.
    assert_eq!(generated("Path to the file"), Category::Read);
}

#[test]
fn extra_command_line_arguments_run_a_program() {
    let with = |param: &str, ty: &str| {
        category(
            json!({"name": "analyze_binary", "description": "Analyze a binary for bottlenecks.",
            "inputSchema": {"type": "object", "properties": {param: {"type": ty,
            "description": "Additional arguments"}}}}),
        )
    };
    assert_eq!(with("extra_args", "array"), Category::Execute);
    assert_eq!(with("cliArgs", "array"), Category::Execute);
    // Near misses: a bare `args` list, or one string, is no command line passed through.
    assert_eq!(with("args", "array"), Category::Read);
    assert_eq!(with("extra_args", "string"), Category::Read);
}

#[test]
fn read_only_in_other_languages_restricts_to_reads() {
    let query = |description: &str| {
        category(json!({"name": "query_tool", "description": description,
            "inputSchema": {"type": "object", "properties": {"sql": {"type": "string",
            "description": "The SQL statement"}}}}))
    };
    assert_eq!(query("执行只读SQL查询并返回结果。"), Category::Read);
    assert_eq!(
        query("読み取り専用のSQLクエリを実行します。"),
        Category::Read
    );
    // Near miss: SQL to run, with no restriction, runs.
    assert_eq!(query("执行SQL语句。"), Category::Execute);
}

#[test]
fn a_script_file_a_running_tool_takes_is_code_it_runs() {
    let run = |name: &str, description: &str| {
        CLASSIFIER.classify(
            &parse_tool(&json!({"name": name, "description": description,
                "inputSchema": {"type": "object", "properties": {"python_file": {"type": "string",
                "description": "Path to a Python file."}}}}))
            .unwrap(),
        )
    };
    let c = run("run_tests", "Run the tests of a function.");
    assert_eq!(c.category, Category::Execute);
    assert!(
        c.signals.iter().any(|s| s.id == "code_exec"),
        "{:?}",
        c.signals
    );
    // Near miss: a tool that only reads the file runs nothing.
    let c = run("lint_summary", "Summarize a file.");
    assert!(
        !c.signals.iter().any(|s| s.id == "code_exec"),
        "{:?}",
        c.signals
    );
}

#[test]
fn a_weak_reading_verb_the_description_opens_with_is_the_action() {
    assert_eq!(
        cat(
            "db_check_upgrade",
            "Check the database for upgrade compatibility."
        ),
        Category::Read
    );
    // Near miss: with another description, or none, the later verb still decides.
    assert_eq!(cat("check_upgrade", ""), Category::Write);
    assert_eq!(
        cat(
            "check_and_upgrade",
            "Upgrade the database when it is compatible."
        ),
        Category::Write
    );
}

#[test]
fn pledging_and_changing_a_subscription_tier_commit_money() {
    assert_eq!(cat("pledge", ""), Category::Financial);
    assert_eq!(cat("upgrade_subscription", ""), Category::Financial);
    assert_eq!(cat("downgrade_subscription", ""), Category::Financial);
    // Near misses: upgrading a cluster runs an infrastructure change; a credits clip is video.
    assert_eq!(cat("upgrade_cluster", ""), Category::Execute);
    assert_eq!(
        cat(
            "credits_clip",
            "Create a scrolling credits clip from a text file."
        ),
        Category::Write
    );
}

#[test]
fn a_read_that_creates_what_it_does_not_find_writes() {
    assert_eq!(
        cat(
            "get_contact_cards",
            "Get the saved cards of a contact. This tool first finds or creates a customer."
        ),
        Category::Write
    );
    assert_eq!(
        cat(
            "fetch_folder",
            "Fetch a folder by path; it is created if it does not exist."
        ),
        Category::Write
    );
    // Near misses: a read that mentions creation in passing, or lists deleted items, reads.
    assert_eq!(
        cat(
            "get_folder",
            "Get a folder. Use create_folder to create one."
        ),
        Category::Read
    );
    assert_eq!(
        cat("list_deleted_items", "List deleted items."),
        Category::Read
    );
}

#[test]
fn recognising_and_reranking_return_what_they_make() {
    assert_eq!(cat("recognize_barcode", ""), Category::Read);
    assert_eq!(cat("kb_rerank", "Rerank search results."), Category::Read);
    // Near misses: unmerging cells and upvoting a post change them.
    assert_eq!(cat("unmerge_cells", ""), Category::Write);
    assert_eq!(cat("upvote", "Upvotes a post."), Category::Write);
}

#[test]
fn scanners_and_operators_tools_named_alone_run() {
    assert_eq!(cat("nmap", ""), Category::Execute);
    assert_eq!(cat("trivy", ""), Category::Execute);
    assert_eq!(cat("pg_psql", ""), Category::Execute);
    // Near misses: a program followed by a noun qualifies it; a verb of the name decides.
    assert_eq!(cat("psql_history", ""), Category::Read);
    assert_eq!(cat("list_trivy_reports", ""), Category::Read);
}

#[test]
fn names_in_other_languages_say_what_they_do() {
    assert_eq!(cat("obtener_factura", ""), Category::Read);
    assert_eq!(cat("crear_tarea", ""), Category::Write);
    assert_eq!(cat("eliminar_usuario", ""), Category::Destructive);
    assert_eq!(cat("dokument_loeschen", ""), Category::Destructive);
    assert_eq!(cat("ejecutar_consulta", ""), Category::Execute);
    assert_eq!(cat("pagar_pedido", ""), Category::Financial);
    // Near misses: an English verb of the name still decides, and a word of another language
    // that is no verb here is not read as one.
    assert_eq!(cat("delete_borrador", ""), Category::Destructive);
    assert_eq!(cat("get_eliminar_flag", ""), Category::Read);
    assert_eq!(cat("factura_pdf", ""), Category::Write);
}

#[test]
fn starting_an_activity_the_app_logs_writes() {
    assert_eq!(cat("start_time_entry", ""), Category::Write);
    assert_eq!(
        cat("stop_shift", "Clock out of the current shift."),
        Category::Write
    );
    assert_eq!(cat("start_workout", ""), Category::Write);
    // Near misses: a job, a container or a crawl started runs beyond the call.
    assert_eq!(cat("start_import_job", ""), Category::Execute);
    assert_eq!(cat("stop_container", ""), Category::Execute);
}

#[test]
fn a_description_that_reads_points_at_the_name_verb_that_reads() {
    assert_eq!(
        cat(
            "purge_policy_recommend",
            "Analyze cache usage and recommend a purge policy."
        ),
        Category::Read
    );
    // Near misses: a description that acts as the first verb does keeps it, and a verb after a
    // preposition is an object.
    assert_eq!(
        cat(
            "purge_policy_recommend",
            "Purge the cache now, then recommend a policy."
        ),
        Category::Destructive
    );
    assert_eq!(
        cat(
            "delete_from_search",
            "Find and remove an entry from the index."
        ),
        Category::Destructive
    );
}

#[test]
fn testing_a_target_for_vulnerabilities_attacks_it() {
    assert_eq!(
        cat("jwt_test", "Test for JWT signature bypass vulnerabilities"),
        Category::Execute
    );
    assert_eq!(
        cat("headers_test", "Test CORS misconfigurations"),
        Category::Execute
    );
    // Near misses: testing a connection, or listing vulnerabilities, reads.
    assert_eq!(
        cat("connection_test", "Test the connection to the database"),
        Category::Read
    );
    assert_eq!(
        cat(
            "list_vulnerabilities",
            "List the vulnerabilities found in a scan"
        ),
        Category::Read
    );
}

#[test]
fn refreshing_stored_data_writes() {
    assert_eq!(cat("refresh_materialized_view", ""), Category::Write);
    assert_eq!(
        cat("refresh_dashboard", "Refresh a dashboard's cached data."),
        Category::Write
    );
    // Near miss: the status of a refresh is read.
    assert_eq!(cat("get_refresh_status", ""), Category::Read);
}

#[test]
fn a_name_that_sends_its_result_to_a_place_saves_it() {
    assert_eq!(cat("export_report_to_file", ""), Category::Write);
    assert_eq!(cat("scrape_into_bucket", "Scrape a page."), Category::Write);
    // Near misses: a format is not a place, and a verb that writes already writes.
    assert_eq!(cat("convert_to_pdf", ""), Category::Read);
    assert_eq!(cat("get_path_to_file", ""), Category::Read);
}

#[test]
fn a_call_the_definition_says_costs_credits_is_paid() {
    assert_eq!(
        cat(
            "summarize_page",
            "Summarize a page. Each call costs 2 credits."
        ),
        Category::Financial
    );
    // Near miss: saying what operations cost is a read.
    assert_eq!(
        cat(
            "get_pricing",
            "Returns what each operation costs in credits."
        ),
        Category::Read
    );
}

#[test]
fn a_name_that_opens_with_random_draws_a_value() {
    assert_eq!(cat("random_int", ""), Category::Read);
    assert_eq!(cat("random_shuffle", ""), Category::Read);
    // Near miss: after a verb, "random" describes the object.
    assert_eq!(cat("set_random_seed", ""), Category::Write);
}

#[test]
fn a_soft_delete_that_can_be_made_permanent_offers_the_loss() {
    let soft = |params: Value| {
        category(
            json!({"name": "delete_page", "description": "Delete a page (moves it to the trash).",
            "inputSchema": {"type": "object", "properties": params}}),
        )
    };
    assert_eq!(
        soft(json!({"id": {"type": "string"}, "permanent": {"type": "boolean"}})),
        Category::Destructive
    );
    // Near miss: without the parameter the removal can be undone.
    assert_eq!(soft(json!({"id": {"type": "string"}})), Category::Write);
}

#[test]
fn an_action_parameter_bullet_names_its_value_before_the_colon() {
    let t = json!({"name": "manage_resource", "description": "Manage a resource.",
        "inputSchema": {"type": "object", "properties": {"operation": {"type": "string",
        "description": "Operation to perform. Valid values:\n - create: Create a resource\n - delete: Delete an existing resource\n - read: Get details"}}}});
    assert_eq!(category(t), Category::Destructive);
    // Near miss: values that only read.
    let t = json!({"name": "manage_resource", "description": "Manage a resource.",
        "inputSchema": {"type": "object", "properties": {"operation": {"type": "string",
        "description": "Operation to perform:\n - read: Get details\n - list: List them"}}}});
    assert_eq!(category(t), Category::Read);
}

#[test]
fn where_an_address_is_and_how_it_is_rated_are_read() {
    assert_eq!(cat("ip_geolocation", ""), Category::Read);
    assert_eq!(cat("domain_reputation", ""), Category::Read);
    // Near miss: a verb of the name still decides.
    assert_eq!(cat("update_ip_reputation", ""), Category::Write);
}

#[test]
fn kicking_or_banning_a_member_changes_access() {
    assert_eq!(cat("kick_member", ""), Category::Write);
    assert!(has_signal("kick_member", "privilege"));
    assert!(has_signal("ban_member", "privilege"));
    // Near misses: banning a word from a filter, or kicking off a job, touches no one's access.
    assert!(!has_signal("ban_word", "privilege"));
    assert!(!has_signal("kick_build", "privilege"));
}

#[test]
fn an_action_parameter_names_its_value_before_an_equals_sign() {
    let t = json!({"name": "packages", "description": "Manage packages.",
        "inputSchema": {"type": "object", "properties": {"action": {"type": "string",
        "description": "list = all packages; delete-package = remove a package"}}}});
    assert_eq!(category(t), Category::Destructive);
}

#[test]
fn arithmetic_named_alone_and_assertions_return_a_result() {
    assert_eq!(cat("multiply", ""), Category::Read);
    assert_eq!(cat("playwright_assert_response", ""), Category::Read);
    assert_eq!(cat("traces_recent", ""), Category::Read);
    // Near miss: after other words, arithmetic may edit what they name.
    assert_eq!(cat("vfx_multiply_speed", ""), Category::Write);
}

#[test]
fn a_restart_policy_is_no_access_policy() {
    assert!(!has_signal("set_restart_policy", "privilege"));
    // Near miss: an access policy changed is a privilege change.
    assert!(has_signal("set_bucket_policy", "privilege"));
}

#[test]
fn synchronising_and_resending_write() {
    assert_eq!(
        cat("gateway_target_synchronize", "Synchronize gateway targets."),
        Category::Write
    );
    assert_eq!(cat("resend_code", ""), Category::Write);
    // Near miss: a namespace of money tools is no loan: `finance` opening a name reads as
    // what follows it.
    assert_eq!(cat("finance_stock_price", ""), Category::Read);
}

#[test]
fn a_download_that_returns_the_saved_files_path_saves_it() {
    assert_eq!(
        cat(
            "download_file",
            "Downloads a file from a URL and returns the path to the downloaded file."
        ),
        Category::Write
    );
    // Near miss: a download returned to the caller reads.
    assert_eq!(
        cat(
            "download_file",
            "Downloads a file from a URL and returns its text."
        ),
        Category::Read
    );
}

#[test]
fn an_output_parameter_saves_what_a_read_noun_names_but_a_destination_is_a_place() {
    let with = |name: &str, param: &str| {
        category(json!({"name": name, "description": "",
            "inputSchema": {"type": "object", "properties": {param: {"type": "string"}}}}))
    };
    assert_eq!(with("image_generation", "output_path"), Category::Write);
    assert_eq!(with("maps_directions", "destination"), Category::Read);
}

#[test]
fn a_query_tool_that_runs_a_select_query_reads() {
    let q = |desc: &str| {
        category(json!({"name": "execute_query", "description": desc,
            "inputSchema": {"type": "object", "properties": {"query": {"type": "string"}}}}))
    };
    assert_eq!(
        q("Execute a SQL SELECT query and return the rows."),
        Category::Read
    );
    // Near miss: any SQL query runs.
    assert_eq!(
        q("Execute a SQL query and return the rows."),
        Category::Execute
    );
}

#[test]
fn a_log_names_what_is_read_unless_the_description_makes_an_entry() {
    assert_eq!(cat("git_log", ""), Category::Read);
    assert_eq!(cat("data_model_validation", ""), Category::Read);
    assert_eq!(cat("document_reader", ""), Category::Read);
    // Near miss: "log" that the description says creates an entry logs it.
    assert_eq!(
        cat("expense_log", "Create an expense entry."),
        Category::Write
    );
    // And a status a description reports is still read.
    assert_eq!(
        cat("server_status", "Report the server's uptime."),
        Category::Read
    );
}

#[test]
fn sheet_edits_and_paused_billing_write() {
    assert_eq!(cat("freeze_rows_columns", ""), Category::Write);
    assert_eq!(cat("cache_prepend", ""), Category::Write);
    assert_eq!(cat("pause_recurring_invoice", ""), Category::Write);
    // Near miss: pausing a job stops what runs.
    assert_eq!(cat("pause_job", ""), Category::Execute);
}

#[test]
fn taking_an_item_out_of_a_sprint_detaches_it() {
    assert_eq!(cat("remove_work_item_from_cycle", ""), Category::Write);
    // Near miss: removing a work item deletes it.
    assert_eq!(cat("remove_work_item", ""), Category::Destructive);
}

#[test]
fn visibility_is_access_and_a_totp_code_is_a_secret() {
    assert!(has_signal("set_thread_visibility", "privilege"));
    assert!(has_signal("get_totp_code", "secrets"));
    // Near miss: a thread's title is no access.
    assert!(!has_signal("set_thread_title", "privilege"));
}

#[test]
fn a_search_started_reads_and_a_project_leaves_an_initiative_intact() {
    assert_eq!(
        cat("start_search", "Start a streaming search over files."),
        Category::Read
    );
    assert_eq!(cat("remove_project_from_initiative", ""), Category::Write);
    // Near misses: a crawl started runs; a project removed is deleted.
    assert_eq!(cat("start_crawl", ""), Category::Execute);
    assert_eq!(cat("remove_project", ""), Category::Destructive);
    assert!(
        has_signal("get_setup_key", "secrets"),
        "a setup key enrols a peer: a credential"
    );
}

/// A tool that dispatches on an `action` parameter with no enum, described by `action`.
fn dispatching(name: &str, description: &str, action: &str) -> Category {
    category(
        json!({"name": name, "description": description, "inputSchema": {"type": "object",
        "properties": {"action": {"type": "string", "description": action},
        "name": {"type": "string"}}}}),
    )
}

#[test]
fn operations_listed_in_prose_offer_their_most_severe() {
    // Several values named before one sign, a slash between them.
    let listed = "list = all widgets; check = validate one; create/rename/delete = manage";
    assert_eq!(
        dispatching("widget_admin", "Administer widgets.", listed),
        Category::Destructive
    );
    let no_delete = "list = all widgets; create/rename = manage";
    assert_eq!(
        dispatching("widget_admin", "Administer widgets.", no_delete),
        Category::Write
    );
    // "CRUD" offers deleting, in the action parameter or the description's first sentence.
    assert_eq!(
        dispatching(
            "gadget_records",
            "Gadget records.",
            "CRUD operations on gadget records"
        ),
        Category::Destructive
    );
    assert_eq!(
        dispatching(
            "gadget_tags",
            "Manage gadget tags: CRUD, colours.",
            "what to do"
        ),
        Category::Destructive
    );
    // Another tool's CRUD, named in a later sentence, is not this tool's.
    assert_ne!(
        dispatching(
            "gadget_tags",
            "Manage gadget tags. For gadget CRUD use gadget_admin.",
            "what to do"
        ),
        Category::Destructive
    );
    // "Supports" and a list of operations that names its reads.
    assert_eq!(
        dispatching(
            "gizmo_images",
            "Gizmo images. Supports list, get, create, update, delete and sign.",
            "what to do"
        ),
        Category::Destructive
    );
    // A list that names no read is not one of operations (pagination here).
    assert_ne!(
        dispatching(
            "gizmo_images",
            "Gizmo images. Supports order_by, sort, and keyset.",
            "list or get"
        ),
        Category::Destructive
    );
}

#[test]
fn an_output_parameter_saves_any_reads_result_but_a_place_only_a_transforms() {
    let with = |name: &str, desc: &str, param: &str| {
        category(
            json!({"name": name, "description": desc, "inputSchema": {"type": "object",
            "properties": {param: {"type": "string"}}}}),
        )
    };
    assert_eq!(
        with(
            "analyze_repository",
            "Analyze a repository's dependency graph.",
            "output_dir"
        ),
        Category::Write
    );
    assert_eq!(
        with("view_trace", "View trace events.", "save_to_file"),
        Category::Write
    );
    assert_eq!(
        with(
            "analyze_repository",
            "Analyze a repository's dependency graph.",
            "depth"
        ),
        Category::Read
    );
    // A destination may be a place read about.
    assert_eq!(
        with("get_route", "Get driving directions.", "destination"),
        Category::Read
    );
}

#[test]
fn a_query_language_written_by_name_alone_runs() {
    assert_eq!(category(json!({"name": "write_cypher"})), Category::Execute);
    assert_eq!(category(json!({"name": "write-sparql"})), Category::Execute);
    assert_eq!(category(json!({"name": "read_cypher"})), Category::Read);
    assert_eq!(category(json!({"name": "write_notes"})), Category::Write);
}

#[test]
fn a_container_created_from_an_image_runs_it() {
    let container = |desc: &str, param: &str| {
        category(json!({"name": "create_container", "description": desc,
            "inputSchema": {"type": "object", "properties": {param: {"type": "string"},
            "name": {"type": "string"}}}}))
    };
    assert_eq!(
        container("Create a new container.", "image"),
        Category::Execute
    );
    // A storage container takes no image.
    assert_eq!(
        container("Create a new blob container.", "public_access"),
        Category::Write
    );
}

#[test]
fn unsharing_and_protecting_change_access() {
    assert!(has_signal("unshare_folder", "privilege"));
    assert!(has_signal("protect_branch", "privilege"));
    assert!(has_signal("unprotect_sheet", "privilege"));
    assert!(!has_signal("update_branch", "privilege"));
    assert!(!has_signal("share_post", "privilege"));
}

#[test]
fn resetting_a_store_of_data_discards_it_but_a_cache_or_filter_is_fetched_again() {
    assert_eq!(cat("reset_workspace", ""), Category::Destructive);
    assert_eq!(
        cat("reset_settings", "Reset the settings to their defaults."),
        Category::Destructive
    );
    // No object of its own: the description's, after the same verb.
    assert_eq!(
        cat("reset_from_origin", "Reset a branch to the origin's state."),
        Category::Destructive
    );
    assert_eq!(cat("reset_cache", ""), Category::Write);
    assert_eq!(cat("reset_filters", ""), Category::Write);
}

#[test]
fn what_is_scheduled_is_what_happens() {
    assert_eq!(cat("schedule_restart_service", ""), Category::Execute);
    assert_eq!(cat("schedule_delete_backup", ""), Category::Destructive);
    assert_eq!(cat("schedule_meeting", ""), Category::Write);
    // A later verb less severe than scheduling leaves it a change.
    assert_eq!(cat("schedule_list_refresh", ""), Category::Write);
}

#[test]
fn a_forwarded_port_and_input_to_a_process_run() {
    assert_eq!(
        cat("port_forward", "Forward a local port to a service port."),
        Category::Execute
    );
    assert_eq!(cat("terminal_write_stdin", ""), Category::Execute);
    assert_eq!(
        cat("forward_message", "Forward a message to other recipients."),
        Category::Write
    );
}

#[test]
fn profiles_context_and_math_functions_are_read() {
    assert_eq!(category(json!({"name": "vault_profile"})), Category::Read);
    assert_eq!(category(json!({"name": "session_context"})), Category::Read);
    assert_eq!(category(json!({"name": "factorial"})), Category::Read);
    assert_eq!(category(json!({"name": "update_profile"})), Category::Write);
    assert_eq!(category(json!({"name": "add_context"})), Category::Write);
}

#[test]
fn a_screenshot_saved_to_a_path_writes() {
    let shot = |param: &str, desc: &str| {
        category(
            json!({"name": "take_screenshot", "description": "Take a screenshot of the page.",
            "inputSchema": {"type": "object", "properties": {param: {"type": "string",
            "description": desc}}}}),
        )
    };
    assert_eq!(shot("filePath", ""), Category::Write);
    assert_eq!(
        shot("target", "File name to save the screenshot to."),
        Category::Write
    );
    assert_eq!(shot("selector", "Element to capture."), Category::Read);
}

#[test]
fn a_flag_that_deletes_when_set_offers_the_deletion() {
    let flagged = |flag: &str, ty: &str| {
        category(
            json!({"name": "rename_table", "description": "Rename a table.",
            "inputSchema": {"type": "object", "properties": {"name": {"type": "string"},
            flag: {"type": ty}}}}),
        )
    };
    assert_eq!(flagged("dropTarget", "boolean"), Category::Destructive);
    assert_eq!(
        flagged("should_delete_source", "boolean"),
        Category::Destructive
    );
    // Not a flag, a bare verb, or a verb that shapes what is returned.
    assert_eq!(flagged("dropTarget", "string"), Category::Write);
    assert_eq!(flagged("delete", "boolean"), Category::Write);
    assert_eq!(flagged("removeComments", "boolean"), Category::Write);
}

#[test]
fn an_adverb_before_the_descriptions_verb_says_how() {
    assert_eq!(
        cat(
            "member_timeout",
            "Temporarily mute a member of the channel."
        ),
        Category::Write
    );
    // A verb done again is no adverb.
    assert_ne!(
        cat("branch_rebase", "Reapply commits on top of another base."),
        Category::Write
    );
    assert_eq!(
        cat("daily_digest", "Daily summary of events."),
        Category::Read
    );
}

#[test]
fn a_computation_named_as_a_noun_reads() {
    assert_eq!(
        category(json!({"name": "text_summarization"})),
        Category::Read
    );
    assert_eq!(
        cat(
            "pii_redaction",
            "Detect and redact personal data in the given text."
        ),
        Category::Read
    );
    assert_eq!(
        category(json!({"name": "anomaly_detection"})),
        Category::Read
    );
    // A verb in the name still acts.
    assert_eq!(
        category(json!({"name": "delete_redaction"})),
        Category::Destructive
    );
}

#[test]
fn cancelling_a_running_query_stops_work() {
    assert_eq!(
        cat("cancel_search_query", "Cancel a running search query."),
        Category::Execute
    );
    // Near miss: a cancelled order is not stopped work; it ends for good (taxonomy
    // conventions, as a cancelled subscription).
    assert_eq!(
        cat("cancel_order", "Cancel an open order."),
        Category::Destructive
    );
}

#[test]
fn what_a_managing_verb_includes_is_offered() {
    assert_eq!(
        cat(
            "manage_shares",
            "Manage file shares including creating, updating, and deleting shares."
        ),
        Category::Destructive
    );
    assert_eq!(
        cat(
            "manage_shares",
            "Manage file shares including creating and updating shares."
        ),
        Category::Write
    );
}

#[test]
fn a_description_that_goes_on_from_the_names_verb_says_what_more_it_does() {
    assert_eq!(
        cat(
            "download_model",
            "Download and import a model into the scene."
        ),
        Category::Write
    );
    assert_eq!(
        cat("download_model", "Download a model by its id."),
        Category::Read
    );
    // A list opened by another verb is prose the name wins over.
    assert_eq!(
        cat(
            "get_model",
            "Create or update the cached model, then return it."
        ),
        Category::Read
    );
}

#[test]
fn a_build_created_starts_and_closing_a_browser_page_drives_it() {
    assert_eq!(
        cat("create_build", "Create a build of the pipeline."),
        Category::Execute
    );
    // A run may be a record (an experiment's run): creating one stays a change.
    assert_eq!(
        cat("create_run", "Create a run in an experiment."),
        Category::Write
    );
    assert_eq!(
        cat("browser_close", "Close the current page."),
        Category::Execute
    );
    assert_eq!(cat("close_issue", "Close an issue."), Category::Write);
}

#[test]
fn a_calculators_mean_and_pow_compute() {
    assert_eq!(cat("mean", "Arithmetic mean of numbers"), Category::Read);
    assert_eq!(cat("pow", "Raise x to the power y"), Category::Read);
}

#[test]
fn removing_something_from_a_workspace_detaches_it() {
    assert_eq!(
        cat(
            "remove_note_from_workspace",
            "Remove a note from a workspace."
        ),
        Category::Write
    );
    assert_eq!(cat("remove_note", "Remove a note."), Category::Destructive);
}

#[test]
fn editing_an_order_owes_more_only_through_its_terms() {
    let order = |params: Value| {
        category(
            json!({"name": "update_order", "description": "Update an order.",
            "inputSchema": {"type": "object", "properties": params}}),
        )
    };
    assert_eq!(
        order(json!({"order_id": {"type": "string"}, "status": {"type": "string"}})),
        Category::Write
    );
    assert_eq!(
        order(
            json!({"order_id": {"type": "string"}, "quantity": {"type": "number"},
            "price": {"type": "number"}})
        ),
        Category::Financial
    );
    // A name alone says nothing of its parameters.
    assert_eq!(
        category(json!({"name": "modify_order"})),
        Category::Financial
    );
    // Creating an order still commits.
    assert_eq!(
        category(
            json!({"name": "create_order", "description": "Create an order.",
            "inputSchema": {"type": "object", "properties": {"note": {"type": "string"}}}})
        ),
        Category::Financial
    );
}

#[test]
fn upgrading_infrastructure_runs() {
    assert_eq!(
        cat("upgrade_cluster", "Upgrade a cluster."),
        Category::Execute
    );
    assert_eq!(cat("pg_upgrade", "Upgrade PostgreSQL."), Category::Execute);
    assert_eq!(cat("upgrade_subscription", ""), Category::Financial);
}

#[test]
fn a_download_to_a_configured_path_saves_it() {
    assert_eq!(
        cat(
            "download_attachment",
            "Download an attachment to the configured download path."
        ),
        Category::Write
    );
    assert_eq!(
        cat(
            "download_attachment",
            "Download an attachment and return its content."
        ),
        Category::Read
    );
}

#[test]
fn a_call_the_definition_says_incurs_charges_is_paid() {
    assert_eq!(
        cat(
            "start_generation",
            "Start a generation. Each invocation incurs AWS charges."
        ),
        Category::Financial
    );
    // A resource billed as it is used is provisioned, not paid for by the call.
    assert_eq!(
        cat(
            "create_engine",
            "Create an engine. This provisions AWS infrastructure and incurs AWS charges."
        ),
        Category::Write
    );
    assert_eq!(
        cat(
            "search_records",
            "Search records. Each call incurs compute charges."
        ),
        Category::Financial
    );
    // Said of something else, or in the negative.
    assert_eq!(
        cat(
            "pause_cluster",
            "Pause a cluster; paused clusters do not incur compute costs."
        ),
        Category::Execute
    );
    assert_eq!(
        cat(
            "validate_document",
            "Validate before sending, without incurring transmission costs."
        ),
        Category::Read
    );
}

#[test]
fn a_description_that_only_repeats_the_name_is_weak_evidence() {
    assert_eq!(cat("fx_colour_fade", "Colour fade."), Category::Write);
    assert_eq!(
        cat("acosh", "Inverse hyperbolic cosine of x"),
        Category::Read
    );
}

/// A tool with one parameter named `param`, described as `param_description`.
fn with_param(name: &str, description: &str, param: &str, param_description: &str) -> Value {
    json!({"name": name, "description": description, "inputSchema": {"type": "object",
        "properties": {param: {"type": "string", "description": param_description}}}})
}

#[test]
fn code_given_to_be_analysed_is_not_run() {
    // The parameter's opening words say the query is there to be analysed or validated.
    for (name, param_description) in [
        ("recommend_indexes", "List of query strings to analyze"),
        (
            "check_compatibility",
            "SQL string to validate for compatibility",
        ),
        ("critique_snippet", "The code to review"),
    ] {
        let c = classify(with_param(name, "", "sql", param_description));
        assert_ne!(c.category, Category::Execute, "{name}");
        assert!(!c.signals.iter().any(|s| s.id == "code_exec"), "{name}");
    }
    // Near misses: EXPLAIN ANALYZE runs what it explains; an option that "actually runs the
    // query"; "to validate" deep in a long description is not what the parameter is.
    assert_eq!(
        category(with_param(
            "explain_statement",
            "Show the plan of a statement using EXPLAIN ANALYZE.",
            "sql",
            "The SQL statement to analyze"
        )),
        Category::Execute
    );
    assert_eq!(
        category(
            json!({"name": "plan_query", "description": "Show a query's plan.",
            "inputSchema": {"type": "object", "properties": {
                "sql": {"type": "string", "description": "SQL query to analyze"},
                "analyze": {"type": "boolean", "description": "When true, actually runs the query."}}}})
        ),
        Category::Execute
    );
    assert_eq!(
        category(with_param(
            "run_pipeline",
            "Run an aggregation pipeline.",
            "pipeline",
            "Stages to execute, as a script. Use $match before $rerank to validate fields."
        )),
        Category::Execute
    );
}

#[test]
fn tabs_pages_and_windows_of_a_browser_are_driven() {
    for name in ["select_page", "resize_page", "switch_tab", "close_window"] {
        assert_eq!(cat(name, ""), Category::Execute, "{name}");
    }
    // A page of a wiki or a document is created, read or deleted, not driven.
    assert_eq!(cat("create_page", ""), Category::Write);
    assert_eq!(cat("get_page", ""), Category::Read);
    assert_eq!(cat("delete_page", ""), Category::Destructive);
}

#[test]
fn reinstallable_things_uninstalled_and_data_persisted() {
    assert_eq!(cat("uninstall_pwa", ""), Category::Write);
    assert_eq!(cat("uninstall_theme", ""), Category::Write);
    // A release uninstalled takes its live resources with it.
    assert_eq!(cat("uninstall_release", ""), Category::Destructive);
    assert_eq!(
        cat(
            "session_handoff",
            "Persist handoff records for future sessions."
        ),
        Category::Write
    );
}

#[test]
fn a_program_the_caller_names_is_run() {
    let c = classify(with_param(
        "process_launch",
        "Launch a new process with arguments.",
        "executable",
        "Path to executable",
    ));
    assert_eq!(
        (c.category, c.risk),
        (Category::Execute, super::Risk::Critical)
    );
    assert!(c.signals.iter().any(|s| s.id == "code_exec"));
    // A flag that only picks units is no program.
    let c = classify(
        json!({"name": "byte_convert", "description": "Convert a byte count.",
        "inputSchema": {"type": "object", "properties": {
            "binary": {"type": "boolean", "description": "Use binary (1024) units"}}}}),
    );
    assert!(!c.signals.iter().any(|s| s.id == "code_exec"));
}

#[test]
fn a_link_that_lets_anyone_in_changes_access() {
    assert_eq!(
        cat_risk("project_link_enable", "Enable share link in the project."),
        (Category::Write, super::Risk::High)
    );
    assert_eq!(
        cat_risk(
            "share_doc",
            "Create a public magic link for a page: anyone with the link can read it."
        ),
        (Category::Write, super::Risk::High)
    );
    // Reading a link, or a link that is not for sharing, changes nobody's access.
    assert_eq!(
        cat_risk("get_share_link", "Get the share link of a page."),
        (Category::Read, super::Risk::Low)
    );
    assert_eq!(
        cat_risk("create_bookmark", "Create a link to a page in the sidebar."),
        (Category::Write, super::Risk::Medium)
    );
}

#[test]
fn a_name_for_an_attack_technique_runs_the_attack() {
    for (name, description) in [
        ("sqli_time_based", ""),
        ("lfi_read_file", "Read files through local file inclusion."),
        ("xxe_detect", "Detect XML external entity vulnerabilities."),
        ("rce_probe", ""),
    ] {
        assert_eq!(cat(name, description), Category::Execute, "{name}");
    }
    // A name whose verb only returns something about the technique, and a token that is no
    // technique, stay reads.
    assert_eq!(
        cat(
            "xss_payload_generate",
            "Generate XSS payloads for a context."
        ),
        Category::Read
    );
    assert_eq!(cat("list_sqli_findings", ""), Category::Read);
    assert_eq!(
        cat("extract_csrf_token", "Extract the CSRF token of a form."),
        Category::Read
    );
}

#[test]
fn a_parameter_that_says_where_any_read_puts_its_result_saves_it() {
    assert_eq!(
        category(with_param(
            "compute_costs",
            "Calculate monthly costs from access patterns.",
            "workspace_dir",
            "Workspace directory. The cost analysis will be appended to model.md"
        )),
        Category::Write
    );
    assert_eq!(
        category(with_param(
            "get_artifact",
            "Retrieve a build artifact.",
            "target",
            "Relative local path to download the artifact to."
        )),
        Category::Write
    );
    // What is read, not where the result goes.
    assert_eq!(
        category(with_param(
            "get_file",
            "Retrieve a file.",
            "url",
            "URL of the file to download"
        )),
        Category::Read
    );
    assert_eq!(
        category(with_param(
            "analyze_logs",
            "Analyze logs for errors.",
            "dir",
            "Directory of the logs to analyze"
        )),
        Category::Read
    );
}

#[test]
fn a_phone_call_is_a_message_to_a_person() {
    // A voice or phone call is one thing, placed, triggered, answered or hung up: Write.
    assert_eq!(cat("voice_call", ""), Category::Write);
    assert_eq!(
        cat("dial_out", "Make a voice call to a given number."),
        Category::Write
    );
    assert_eq!(
        cat("trigger_call", "Trigger an outbound phone call."),
        Category::Write
    );
    assert_eq!(
        cat("hangup_call", "Hang up an active call."),
        Category::Write
    );
    assert_eq!(cat("transfer_call", ""), Category::Write);
    // Near misses: a function, a tool or an API called is run; a trigger of anything else starts it.
    assert_eq!(cat("call_function", ""), Category::Execute);
    assert_eq!(cat("trigger_workflow", ""), Category::Execute);
    assert_eq!(cat("transfer_funds", ""), Category::Financial);
}

#[test]
fn a_deployment_created_is_a_deployment_run() {
    assert_eq!(
        cat(
            "create_deployment",
            "Create a new deployment from a Git repository."
        ),
        Category::Execute
    );
    // Near misses: a deployment read, a plain resource created.
    assert_eq!(cat("get_deployment", ""), Category::Read);
    assert_eq!(cat("create_project", ""), Category::Write);
}

#[test]
fn a_download_to_a_local_path_writes_a_file() {
    let download = |param: &str, verb: &str| {
        category(
            json!({"name": format!("{verb}_file"), "description": "Single-file transport.",
            "inputSchema": {"type": "object", "properties": {
                "remotePath": {"type": "string"}, param: {"type": "string"}}}}),
        )
    };
    assert_eq!(download("localPath", "download"), Category::Write);
    assert_eq!(download("downloadDir", "download"), Category::Write);
    // A local path is where a download goes, but what a read reads.
    assert_eq!(download("localPath", "read"), Category::Read);
    assert_eq!(download("remoteName", "download"), Category::Read);
}

#[test]
fn an_amount_on_a_catalog_entry_sets_a_price_and_initialising_a_payment_commits() {
    let with_amount = |name: &str, description: &str| {
        category(json!({"name": name, "description": description,
            "inputSchema": {"type": "object", "properties": {
                "amount": {"type": "integer"}, "currency": {"type": "string"}}}}))
    };
    assert_eq!(
        with_amount("create_plan", "Create a subscription plan"),
        Category::Write
    );
    assert_eq!(with_amount("add_price", "Add a price."), Category::Write);
    assert_eq!(
        with_amount(
            "initialize_transaction",
            "Initialize a new payment transaction"
        ),
        Category::Financial
    );
    assert_eq!(
        with_amount("create_charge", "Charge a card."),
        Category::Financial
    );
}

#[test]
fn a_message_signed_with_a_key_and_a_contract_written_reach_beyond_the_call() {
    assert_eq!(
        cat("sign_message", "Sign a message with the connected wallet."),
        Category::Execute
    );
    assert_eq!(cat("sign_typed_data", ""), Category::Execute);
    assert_eq!(
        cat("write_contract", "Write to a smart contract using its ABI."),
        Category::Financial
    );
    assert_eq!(cat("call_contract", ""), Category::Financial);
    // Near misses: a contract read, a document signed, a message sent.
    assert_eq!(cat("read_contract", ""), Category::Read);
    assert_eq!(cat("sign_document", ""), Category::Write);
    assert_eq!(cat("send_message", ""), Category::Write);
}

#[test]
fn a_role_removed_is_taken_from_its_holder_and_a_role_deleted_is_gone() {
    assert_eq!(cat("remove_role", ""), Category::Write);
    assert!(has_signal("remove_role", "privilege"));
    assert_eq!(cat("delete_role", ""), Category::Destructive);
}

#[test]
fn payments_in_bulk_or_reversed_move_money() {
    assert_eq!(cat("bulk_payment", ""), Category::Financial);
    assert_eq!(cat("batch_payout", ""), Category::Financial);
    assert_eq!(
        cat("reverse_transaction", "Reverse/refund a transaction."),
        Category::Financial
    );
    // Near misses: a reversal that computes, bulk reads.
    assert_eq!(cat("reverse_geocode", ""), Category::Read);
    assert_eq!(cat("bulk_get_payments", ""), Category::Read);
}

#[test]
fn a_url_opened_and_a_device_tapped_are_driven() {
    assert_eq!(
        cat("open_url", "Opens a URL in the simulator."),
        Category::Execute
    );
    assert_eq!(cat("ui_tap", ""), Category::Execute);
    assert_eq!(
        cat("ui_type", "Input text into the simulator"),
        Category::Execute
    );
    // Near misses: a file opened is read, as is a description of the screen.
    assert_eq!(cat("open_file", ""), Category::Read);
    assert_eq!(cat("ui_describe_all", ""), Category::Read);
}

#[test]
fn select_only_restricts_and_read_only_by_default_does_not() {
    let query = |description: &str| {
        category(json!({"name": "execute_query", "description": description,
            "inputSchema": {"type": "object", "properties": {"sql": {"type": "string"}}}}))
    };
    assert_eq!(
        query("Executes SELECT queries against the warehouse."),
        Category::Read
    );
    assert_eq!(query("Run a SQL query (SELECT only)."), Category::Read);
    assert_eq!(
        query(
            "Execute a SQL query. Read-only by default; enable writes via an environment variable."
        ),
        Category::Execute
    );
    assert_eq!(query("Execute a SQL query."), Category::Execute);
}

#[test]
fn a_file_created_or_replaced_whole_loses_what_was_there() {
    assert_eq!(
        cat("ssh_upload", "Create or replace a file on the remote host."),
        Category::Destructive
    );
    assert_eq!(
        cat(
            "replace_doc_content",
            "Replace the entire content of a document."
        ),
        Category::Destructive
    );
    // Near misses: a policy replaced is an edit; another tool named for replacing a body.
    assert_eq!(
        cat(
            "put_resource_policy",
            "Create or replace the resource policy."
        ),
        Category::Write
    );
    assert_eq!(
        cat(
            "edit_note",
            "Edit a note's text. Use update_note when replacing the entire body."
        ),
        Category::Write
    );
}

#[test]
fn an_app_opened_is_launched_and_a_shipment_tracked_is_looked_up() {
    assert_eq!(cat("open_simulator", ""), Category::Execute);
    assert_eq!(cat("open_app", ""), Category::Execute);
    assert_eq!(cat("track_shipment", ""), Category::Read);
    // Near misses: an event tracked is recorded; a document opened is read.
    assert_eq!(cat("track_event", ""), Category::Write);
    assert_eq!(cat("open_document", ""), Category::Read);
}

#[test]
fn splunk_and_velociraptor_queries_are_code() {
    let with = |name: &str, param: &str| {
        category(
            json!({"name": name, "description": "Run a search and return rows.",
            "inputSchema": {"type": "object", "properties": {param: {"type": "string"}}}}),
        )
    };
    assert_eq!(with("run_query", "spl"), Category::Execute);
    assert_eq!(with("query_vql", "vql"), Category::Execute);
    // Near miss: a search's query is a search.
    assert_eq!(with("run_query", "search_terms"), Category::Read);
}

#[test]
fn a_filter_rule_that_drops_packets_drops_no_data_and_changes_access() {
    let rule = |values: Value| {
        let t = json!({"name": "create_filter_rule",
            "description": "Creates a firewall filter rule that allows or blocks traffic.",
            "inputSchema": {"type": "object", "properties": {
                "action": {"type": "string", "enum": values}}}});
        CLASSIFIER.classify(&parse_tool(&t).unwrap())
    };
    let c = rule(json!(["accept", "drop", "reject", "log"]));
    assert_eq!(c.category, Category::Write);
    assert!(c.signals.iter().any(|s| s.id == "privilege"));
    assert_eq!(rule(json!(["allow", "deny"])).category, Category::Write);
    // Near miss: an action parameter that offers dropping without a verdict to pass drops.
    let t = json!({"name": "manage_table", "description": "Manage a table.",
        "inputSchema": {"type": "object", "properties": {
            "action": {"type": "string", "enum": ["create", "drop"]}}}});
    assert_eq!(category(t), Category::Destructive);
}

#[test]
fn a_sole_model_argument_is_read_for_what_it_holds() {
    let wrapped = |inner: Value| {
        category(
            json!({"name": "generate_speech", "description": "Generate speech from text.",
            "inputSchema": {"type": "object", "properties": {
                "request": {"type": "object", "properties": inner}}}}),
        )
    };
    assert_eq!(
        wrapped(json!({"text": {"type": "string"}, "output_file": {"type": "string"}})),
        Category::Write
    );
    assert_eq!(wrapped(json!({"text": {"type": "string"}})), Category::Read);
    // Near miss: an object beside other parameters is one parameter among them.
    let t = json!({"name": "generate_speech", "description": "Generate speech from text.",
        "inputSchema": {"type": "object", "properties": {
            "text": {"type": "string"},
            "options": {"type": "object", "properties": {"output_file": {"type": "string"}}}}}});
    assert_eq!(category(t), Category::Read);
}

#[test]
fn not_undoable_is_no_soft_delete() {
    assert_eq!(
        cat(
            "delete_user",
            "Delete a user permanently. Destructive and not undoable."
        ),
        Category::Destructive
    );
    // Near miss: a removal the description calls restorable is a soft delete.
    assert_eq!(
        cat(
            "delete_deal",
            "Deletes a deal. It can be restored from the trash."
        ),
        Category::Write
    );
}

#[test]
fn subscribing_to_updates_is_a_change_subscribing_to_a_plan_pays() {
    assert_eq!(
        cat("subscribe_feed", "Subscribes to an RSS feed by URL."),
        Category::Write
    );
    assert_eq!(
        cat("subscribe_topic", "Subscribe to a topic's messages."),
        Category::Write
    );
    assert_eq!(
        cat(
            "import_outline",
            "Subscribes to every feed in an outline file."
        ),
        Category::Write
    );
    // Near misses: a subscription with nothing named after it, and one to a paid plan.
    assert_eq!(cat("subscribe", ""), Category::Financial);
    assert_eq!(
        cat(
            "subscribe_to_plan",
            "Subscribe the customer to a paid plan."
        ),
        Category::Financial
    );
}

#[test]
fn restoring_a_backup_overwrites_restoring_from_trash_brings_back() {
    assert_eq!(
        cat("restore_backup", "Restore the controller from a backup."),
        Category::Destructive
    );
    assert_eq!(
        cat("restore_vm_snapshot", "Revert a VM to a snapshot."),
        Category::Destructive
    );
    // Near misses: an item brought back from the trash, and a backup restored into a new VM.
    assert_eq!(
        cat("restore_note", "Restore a note from the trash."),
        Category::Write
    );
    assert_eq!(
        cat("restore_backup_vm", "Restore a backup into a new VM ID."),
        Category::Write
    );
}

#[test]
fn cleaning_up_removes_except_in_a_browser() {
    assert_eq!(cat("cleanup_sessions", ""), Category::Destructive);
    assert_eq!(
        cat(
            "stale_branches",
            "Clean up stale branches older than a month."
        ),
        Category::Destructive
    );
    // Near misses: a browser cleaned up is closed, and a cleaned text is returned.
    assert_eq!(
        cat("browser_cleanup", "Close the browser and its pages."),
        Category::Execute
    );
    assert_eq!(
        cat("clean_html", "Return the HTML with scripts stripped."),
        Category::Read
    );
}

#[test]
fn shutting_someone_out_changes_access() {
    let risk = |name: &str, description: &str| cat_risk(name, description).1;
    assert_eq!(
        risk("block_client", "Block a client from accessing the network."),
        super::Risk::High
    );
    assert_eq!(
        risk(
            "deny_device",
            "Deny a device all network access by its MAC."
        ),
        super::Risk::High
    );
    assert_eq!(
        risk("create_port_forward", "Create a port forwarding rule."),
        super::Risk::High
    );
    assert_eq!(
        risk("reset_password", "Reset a user's password."),
        super::Risk::High
    );
    assert_eq!(
        risk("reset_passwords", "Reset passwords for many users at once."),
        super::Risk::High
    );
    assert!(has_signal("timeout_member", "privilege"));
    // Near misses: a stored password changed in a vault, a port forwarded for the caller, a
    // blocked word.
    assert_eq!(
        risk(
            "password_update",
            "Update a password field of a vault item."
        ),
        super::Risk::Medium
    );
    assert_eq!(
        cat_risk("port_forward", "Forward a local port to a pod port."),
        (Category::Execute, super::Risk::High)
    );
    assert_eq!(
        risk("block_word", "Block a word in chat messages."),
        super::Risk::Medium
    );
}

#[test]
fn a_click_tool_runs_no_tool() {
    let c = classify(
        json!({"name": "Click-Tool", "description": "Click on the screen at the given coordinates.",
        "inputSchema": {"type": "object", "properties": {"loc": {"type": "array"}}}}),
    );
    assert_eq!((c.category, c.risk), (Category::Execute, super::Risk::High));
    // Near miss: a tool that runs a tool the caller names runs code.
    let c = classify(
        json!({"name": "run_tool", "description": "Run the named tool.",
        "inputSchema": {"type": "object", "properties": {"tool": {"type": "string"}}}}),
    );
    assert!(
        c.signals.iter().any(|s| s.id == "code_exec"),
        "{}",
        c.rationale
    );
}

#[test]
fn resetting_a_store_discards_it_updating_firmware_runs_the_updater() {
    assert_eq!(cat("reset_all_memories", ""), Category::Destructive);
    assert_eq!(
        cat("reset_device", "Reset the router to factory settings."),
        Category::Destructive
    );
    assert_eq!(
        cat(
            "update_firmware",
            "Update the printer's firmware to the latest release."
        ),
        Category::Execute
    );
    // Near misses: a reset password and a cleared cache are changes; a software record updated
    // is a record.
    assert_eq!(cat("reset_cache", ""), Category::Write);
    assert_eq!(
        cat(
            "update_software_entry",
            "Update an entry of the software inventory."
        ),
        Category::Write
    );
}

#[test]
fn cancelling_an_order_or_a_booking_ends_it() {
    assert_eq!(
        cat(
            "cancel_reservation",
            "Cancel an existing table reservation."
        ),
        Category::Destructive
    );
    assert_eq!(cat("cancel_orders", ""), Category::Destructive);
    // Near misses: a cancelled job is a stopped run, and a cancelled invitation can be sent
    // again.
    assert_eq!(
        cat("cancel_build", "Cancel a running build."),
        Category::Execute
    );
    assert_eq!(
        cat("cancel_invitation", "Cancel a pending invitation."),
        Category::Write
    );
}

#[test]
fn terminating_what_runs_stops_it_terminating_an_instance_destroys_it() {
    assert_eq!(
        cat("terminate_app", "Terminate a running app on the simulator."),
        Category::Execute
    );
    assert_eq!(
        cat(
            "terminate_operation",
            "Terminate the running sync operation."
        ),
        Category::Execute
    );
    // Near miss: an instance terminated is gone.
    assert_eq!(
        cat("terminate_instance", "Terminate an EC2 instance."),
        Category::Destructive
    );
}

#[test]
fn a_noun_verb_name_whose_description_uses_it_as_a_verb_acts() {
    assert_eq!(
        cat(
            "deploy_version",
            "Deploys a specific version of the app to the cluster."
        ),
        Category::Execute
    );
    // Near miss: the same word before a noun names what is read.
    assert_eq!(
        cat("place_details", "Place details for a place ID."),
        Category::Read
    );
}

#[test]
fn a_deletion_stated_as_the_calls_effect_is_destructive() {
    assert_eq!(
        cat(
            "merge_contacts",
            "Merge two contacts. The source contact will be deleted after the merge."
        ),
        Category::Destructive
    );
    // Near misses: entries a full update no longer names are removed from a list (an edit), and
    // a read's description may say what others delete.
    assert_eq!(
        cat(
            "update_quote",
            "Update a draft quote. Any line items not provided will be removed."
        ),
        Category::Write
    );
    assert_eq!(
        cat(
            "list_expiring_files",
            "List files that will be deleted at the end of the day."
        ),
        Category::Read
    );
}

#[test]
fn a_read_that_clears_what_it_returns_pops() {
    let logs = |flag: &str| {
        category(
            json!({"name": "get_console_logs", "description": "Retrieve the browser's console logs.",
            "inputSchema": {"type": "object", "properties": {
                flag: {"type": "boolean", "description": "Whether to clear the logs after retrieval"}}}}),
        )
    };
    assert_eq!(logs("clear"), Category::Write);
    // Near misses: a flag that shapes what is returned, and a clear before typing.
    assert_eq!(logs("truncate"), Category::Read);
    let t = json!({"name": "browser_type", "description": "Type text into an input field.",
        "inputSchema": {"type": "object", "properties": {
            "text": {"type": "string"}, "clear_first": {"type": "boolean"}}}});
    assert_eq!(category(t), Category::Execute);
}

#[test]
fn a_tool_that_works_a_pages_elements_drives_a_browser() {
    assert_eq!(
        cat("upload_file", "Upload a file through a file input element."),
        Category::Execute
    );
    assert_eq!(
        cat("close_session", "Closes the current browser session."),
        Category::Execute
    );
    // Near misses: a file uploaded to storage, and browser tabs listed.
    assert_eq!(
        cat("upload_file", "Upload a file to the bucket."),
        Category::Write
    );
    assert_eq!(
        cat("list_tabs", "List the open browser tabs."),
        Category::Read
    );
}

#[test]
fn an_admin_flag_or_a_principals_policies_grant_access() {
    let risk = |param: &str| {
        classify(
            json!({"name": "create_user", "description": "Create a new user.",
            "inputSchema": {"type": "object", "properties": {
                "login": {"type": "string"}, param: {"type": "integer"}}}}),
        )
        .risk
    };
    assert_eq!(risk("admin"), super::Risk::High);
    let c = classify(
        json!({"name": "create_group", "description": "Create a group.",
        "inputSchema": {"type": "object", "properties": {
            "name": {"type": "string"}, "policies": {"type": "array"}}}}),
    );
    assert_eq!(c.risk, super::Risk::High, "{}", c.rationale);
    // Near misses: a contact's display settings (a user created is a login, see
    // `a_user_account_created_or_changed_changes_who_may_sign_in`), and one retention policy.
    let c = classify(
        json!({"name": "create_contact", "description": "Create a new contact.",
        "inputSchema": {"type": "object", "properties": {
            "login": {"type": "string"}, "timezone": {"type": "integer"}}}}),
    );
    assert_eq!(c.risk, super::Risk::Medium, "{}", c.rationale);
    let c = classify(
        json!({"name": "update_bucket", "description": "Update a bucket.",
        "inputSchema": {"type": "object", "properties": {
            "name": {"type": "string"}, "retention_policy": {"type": "string"}}}}),
    );
    assert_eq!(c.risk, super::Risk::Medium, "{}", c.rationale);
}

#[test]
fn a_request_the_caller_shapes_runs_any_operation() {
    let c = classify(
        json!({"name": "raw_api", "description": "Call the REST API.",
        "inputSchema": {"type": "object", "properties": {
            "method": {"type": "string", "enum": ["GET", "POST", "PUT", "DELETE"]},
            "path": {"type": "string"}, "body": {"type": "object"}}}}),
    );
    assert_eq!(
        (c.category, c.risk),
        (Category::Execute, super::Risk::Critical)
    );
    assert!(
        c.signals.iter().any(|s| s.id == "code_exec"),
        "{}",
        c.rationale
    );
    // Near miss: a request restricted to reads reads.
    let c = classify(
        json!({"name": "api_get", "description": "Fetch a resource from the REST API.",
        "inputSchema": {"type": "object", "properties": {
            "method": {"type": "string", "enum": ["GET", "HEAD"]},
            "path": {"type": "string"}}}}),
    );
    assert_eq!((c.category, c.risk), (Category::Read, super::Risk::Low));
}

#[test]
fn a_server_made_from_an_image_or_a_manifest_runs() {
    let made = |name: &str, description: &str, params: Value| {
        category(json!({"name": name, "description": description,
            "inputSchema": {"type": "object", "properties": params}}))
    };
    assert_eq!(
        made(
            "create_server",
            "Provision a new game server.",
            json!({"name": {"type": "string"}, "docker_image": {"type": "string"}, "startup": {"type": "string"}})
        ),
        Category::Execute
    );
    assert_eq!(
        made(
            "create_resource",
            "Create a resource in the cluster.",
            json!({"yaml_manifest": {"type": "string"}})
        ),
        Category::Execute
    );
    // Near misses: a server record with a name, and a resource made of fields.
    assert_eq!(
        made(
            "create_server",
            "Register a server in the inventory.",
            json!({"name": {"type": "string"}, "ip": {"type": "string"}})
        ),
        Category::Write
    );
    assert_eq!(
        made(
            "create_resource",
            "Create a booking resource (a room).",
            json!({"name": {"type": "string"}, "capacity": {"type": "integer"}})
        ),
        Category::Write
    );
}

#[test]
fn a_verb_that_makes_one_thing_of_another_acts_on_what_it_makes() {
    let named =
        |name: &str, description: &str| category(json!({"name": name, "description": description}));
    assert_eq!(
        named(
            "convert_sales_order_to_invoice",
            "Convert a Sales Order into a Sales Invoice."
        ),
        Category::Financial
    );
    assert_eq!(
        named("convert", "Convert a sales order into a sales invoice."),
        Category::Financial
    );
    assert_eq!(
        named("convert_lead_to_contact", "Convert a lead into a contact."),
        Category::Write
    );
    // Near misses: an invoice made into a file, a document into text.
    assert_eq!(
        named(
            "convert_invoice_to_pdf",
            "Convert an invoice to a PDF file."
        ),
        Category::Read
    );
    assert_eq!(
        named("convert_document", "Convert a document to markdown."),
        Category::Read
    );
}

#[test]
fn a_noun_verb_ending_the_name_over_read_actions_names_the_group() {
    let grouped = |name: &str, description: &str, actions: Value| {
        category(json!({"name": name, "description": description,
            "inputSchema": {"type": "object", "properties": {
                "action": {"type": "string", "enum": actions}}}}))
    };
    assert_eq!(
        grouped(
            "pipelines_run",
            "Retrieve pipeline run data for a project.",
            json!(["get", "list"])
        ),
        Category::Read
    );
    // Near misses: a description that opens with the change, and an action that runs.
    assert_eq!(
        grouped(
            "data_import",
            "Import data into a container.",
            json!(["zip", "check-status"])
        ),
        Category::Write
    );
    assert_eq!(
        grouped(
            "pipelines_run",
            "Retrieve or trigger pipeline runs.",
            json!(["get", "list", "trigger"])
        ),
        Category::Execute
    );
}

#[test]
fn a_loss_deferred_to_a_retention_period_keeps_a_soft_delete_soft() {
    let c = classify(json!({"name": "delete_deal",
        "description": "Marks a deal as deleted. The deal can be restored within 30 days. Deleting a deal cannot be undone after 30 days."}));
    assert_eq!(c.category, Category::Write, "{}", c.rationale);
    // Near miss: a loss the call itself causes.
    let c = classify(json!({"name": "delete_deal",
        "description": "Deletes a deal. It can be restored by support. This cannot be undone from the app."}));
    assert_eq!(c.category, Category::Destructive, "{}", c.rationale);
}

#[test]
fn a_read_only_switch_of_the_server_restricts_nothing() {
    let c = classify(json!({"name": "run_shell",
        "description": "Execute a shell command on the host. CAUTION: runs arbitrary commands; run the server with `-read-only` to exclude it.",
        "inputSchema": {"type": "object", "properties": {"command": {"type": "string"}}}}));
    assert_eq!(c.category, Category::Execute, "{}", c.rationale);
    let c = classify(json!({"name": "set_hook",
        "description": "Bind a command to an event. Mutating: not allowed under `-read-only`.",
        "inputSchema": {"type": "object", "properties": {"command": {"type": "string"}}}}));
    assert_eq!(c.category, Category::Execute, "{}", c.rationale);
    // Near miss: a query the description restricts to reads.
    let c = classify(json!({"name": "run_query",
        "description": "Run a read-only SQL query.",
        "inputSchema": {"type": "object", "properties": {"sql": {"type": "string"}}}}));
    assert_eq!(c.category, Category::Read, "{}", c.rationale);
}

#[test]
fn packages_upgraded_and_plugins_loaded_run() {
    let named =
        |name: &str, description: &str| category(json!({"name": name, "description": description}));
    assert_eq!(
        named("upgrade_specific_package", "Upgrade an outdated formula."),
        Category::Execute
    );
    assert_eq!(category(json!({"name": "update_brew"})), Category::Execute);
    assert_eq!(
        named("load_plugin", "Load a new plugin from a file path."),
        Category::Execute
    );
    assert_eq!(
        named("plugin_reload", "Hot-reload a plugin by name."),
        Category::Execute
    );
    // Near misses: a parcel's package updated, a plugin listed.
    assert_eq!(
        named(
            "update_package",
            "Update a shipment package's tracking status."
        ),
        Category::Write
    );
    assert_eq!(
        named("list_plugins", "List loaded plugins."),
        Category::Read
    );
}

#[test]
fn short_openers_and_marking_verbs_yield_the_action() {
    let named = |name: &str| category(json!({"name": name}));
    assert_eq!(named("ls_refund_order"), Category::Financial);
    assert_eq!(named("ps_restart"), Category::Execute);
    assert_eq!(named("teams_mark_read"), Category::Write);
    assert_eq!(named("mark_read"), Category::Write);
    // Near misses: short words that are verbs, and a read of marked things.
    assert_eq!(named("is_prime"), Category::Read);
    assert_eq!(named("ls_files"), Category::Read);
    assert_eq!(named("list_read_messages"), Category::Read);
}

#[test]
fn a_graphql_mutation_or_a_timed_out_member_changes_things() {
    let c = classify(json!({"name": "monday_graphql",
        "description": "Sends a GraphQL query or mutation straight to the API.",
        "inputSchema": {"type": "object", "properties": {"query": {"type": "string", "description": "The GraphQL document."}}}}));
    assert_eq!(c.category, Category::Execute, "{}", c.rationale);
    // Near miss: a GraphQL query alone.
    let c = classify(json!({"name": "graphql_search",
        "description": "Search the GraphQL schema for types.",
        "inputSchema": {"type": "object", "properties": {"query": {"type": "string", "description": "Search terms."}}}}));
    assert_eq!(c.category, Category::Read, "{}", c.rationale);
    assert_eq!(
        category(
            json!({"name": "timeout_user", "description": "Timeout (mute) a user in a server."})
        ),
        Category::Write
    );
}

#[test]
fn deleting_a_relation_loses_it_unless_the_description_says_it_detaches() {
    let named = |description: &str| {
        category(json!({"name": "delete_association", "description": description}))
    };
    assert_eq!(
        named("Remove all associations between two records."),
        Category::Destructive
    );
    assert_eq!(
        named("Remove an association (unlink) between two objects."),
        Category::Write
    );
    // Near miss: a person attached is detached.
    assert_eq!(
        category(
            json!({"name": "task_delete_assignees", "description": "Remove assignee from a task"})
        ),
        Category::Write
    );
}

#[test]
fn commands_approved_and_input_typed_into_programs_run() {
    let named =
        |name: &str, description: &str| category(json!({"name": name, "description": description}));
    assert_eq!(
        named("approve_command", "Approve a pending command"),
        Category::Execute
    );
    assert_eq!(
        named(
            "send_input",
            "Send a line of input to a running/interactive command (e.g. answer a prompt)."
        ),
        Category::Execute
    );
    // Near misses: a request approved, a message sent to a person, a command listed.
    assert_eq!(
        named("approve_request", "Approve a pending access request."),
        Category::Write
    );
    assert_eq!(
        named("send_message", "Send a text message to a channel."),
        Category::Write
    );
    let c = classify(json!({"name": "add_to_whitelist",
        "description": "Add a command to the whitelist",
        "inputSchema": {"type": "object", "properties": {
            "command": {"type": "string", "description": "The command to whitelist"}}}}));
    assert_eq!(c.category, Category::Write, "{}", c.rationale);
}

#[test]
fn buffers_flushed_lose_nothing_stored_and_asides_hold_no_object() {
    let c = classify(json!({"name": "serial.flush",
        "description": "Flush serial port buffers (discard pending input/output data)."}));
    assert_eq!(c.category, Category::Write, "{}", c.rationale);
    // Near miss: a database flushed.
    assert_eq!(
        category(
            json!({"name": "flush_database", "description": "Flush all keys of the database."})
        ),
        Category::Destructive
    );
}

#[test]
fn trading_orders_set_by_their_trigger_commit_money() {
    assert_eq!(
        category(json!({"name": "set_stop_loss"})),
        Category::Financial
    );
    assert_eq!(
        category(json!({"name": "create_payment_onchain",
            "description": "Generate a cryptocurrency address the customer must pay to."})),
        Category::Financial
    );
    // Near miss: reading them.
    assert_eq!(category(json!({"name": "get_stop_loss"})), Category::Read);
}

#[test]
fn a_math_function_of_the_standard_library_computes() {
    assert_eq!(category(json!({"name": "erf"})), Category::Read);
    assert_eq!(
        category(json!({"name": "log10", "description": "Base-10 logarithm of x."})),
        Category::Read
    );
    assert_eq!(category(json!({"name": "complex_abs"})), Category::Read);
    // Near misses: a log written, a function's name after a verb of a change, a word left out.
    assert_eq!(
        category(json!({"name": "log", "description": "Log an entry to the audit trail."})),
        Category::Write
    );
    assert_eq!(category(json!({"name": "set_ceil"})), Category::Write);
    assert_eq!(category(json!({"name": "create_log"})), Category::Write);
}

#[test]
fn a_files_mode_or_owner_changed_changes_access() {
    let risk = |v: Value| classify(v).risk;
    assert_eq!(
        risk(json!({"name": "ftp_chmod", "description": "Change permissions of a remote file."})),
        super::Risk::High
    );
    assert_eq!(risk(json!({"name": "fastfs_chown"})), super::Risk::High);
    // Near miss: a setting changed.
    assert_eq!(
        risk(json!({"name": "set_timeout", "description": "Set the request timeout in seconds."})),
        super::Risk::Medium
    );
}

#[test]
fn a_draft_invoice_is_still_an_invoice() {
    assert_eq!(
        category(
            json!({"name": "create_invoice_draft", "description": "Persist a draft invoice."})
        ),
        Category::Financial
    );
    assert_eq!(
        category(json!({"name": "create_draft_invoice"})),
        Category::Financial
    );
    // Near misses: a draft order is not yet an order, and a quote binds no one.
    assert_eq!(
        category(
            json!({"name": "create_draft_order", "description": "Create a new draft order in the store."})
        ),
        Category::Write
    );
    assert_eq!(category(json!({"name": "create_quote"})), Category::Write);
}

#[test]
fn a_draft_invoice_edited_is_still_an_edit() {
    assert_eq!(
        category(json!({"name": "update_invoice_draft"})),
        Category::Write
    );
}

#[test]
fn a_description_names_the_object_of_the_names_own_verb() {
    // The name's object makes no pair; the description, opening with the same verb, names what
    // is stopped.
    assert_eq!(
        category(json!({
            "name": "jellyfin_stop_session",
            "description": "Stop playback on a specific session (disconnects from the current item)."
        })),
        Category::Write
    );
    // Near misses: a description that opens with another verb says nothing of the name's
    // object, and a stopped session with no description stays a stop.
    assert_eq!(
        category(json!({"name": "stop_session", "description": "Ends playback on a session."})),
        Category::Execute
    );
    assert_eq!(category(json!({"name": "stop_session"})), Category::Execute);
}

#[test]
fn a_desktop_window_focused_or_switched_to_is_driven() {
    assert_eq!(
        category(json!({
            "name": "focus_window",
            "description": "Bring keyboard and compositor focus to a specific window in Hyprland."
        })),
        Category::Execute
    );
    assert_eq!(
        category(json!({
            "name": "Switch-Tool",
            "description": "Switch to a specific application window (e.g., \"notepad\")."
        })),
        Category::Execute
    );
    // Near misses: a focus that is a noun, and an app's workspace switched as a setting.
    assert_eq!(
        category(json!({"name": "list_focus_areas"})),
        Category::Read
    );
    assert_eq!(
        category(
            json!({"name": "switch_workspace", "description": "Switch the current workspace."})
        ),
        Category::Write
    );
}

#[test]
fn a_schedule_paused_changes_state() {
    assert_eq!(
        category(json!({
            "name": "airflow_pause_dag",
            "description": "Pause DAG scheduling (sets `is_paused=True` and returns UI link)."
        })),
        Category::Write
    );
    assert_eq!(category(json!({"name": "unpause_dag"})), Category::Write);
    // Near misses: a project or a cluster paused stops what runs.
    assert_eq!(
        category(json!({"name": "pause_project", "description": "Pauses a Supabase project."})),
        Category::Execute
    );
    assert_eq!(
        category(json!({"name": "unpause_cluster"})),
        Category::Execute
    );
}

#[test]
fn pausing_changes_state_unless_what_is_paused_runs() {
    assert_eq!(
        category(json!({"name": "pause_game", "description": "Pause an active chess game"})),
        Category::Write
    );
    assert_eq!(category(json!({"name": "resume"})), Category::Write);
    // Near misses: what runs is stopped or started, a verb of another clause names nothing.
    assert_eq!(
        category(json!({"name": "debugger_pause"})),
        Category::Execute
    );
    assert_eq!(
        category(json!({
            "name": "browser_resume",
            "description": "Resume script execution after it was paused."
        })),
        Category::Execute
    );
    assert_eq!(
        category(json!({"name": "resume_cluster", "description": "Resume a paused cluster."})),
        Category::Execute
    );
}

#[test]
fn cancelling_a_prediction_or_a_training_stops_a_job() {
    assert_eq!(
        category(json!({
            "name": "replicate_cancel_prediction",
            "description": "Cancel an in-progress prediction by its ID."
        })),
        Category::Execute
    );
    // Near miss: a reservation cancelled is a record's state.
    assert_ne!(
        category(json!({"name": "cancel_reservation"})),
        Category::Execute
    );
}

#[test]
fn a_deploy_restored_or_an_application_synced_publishes_it() {
    assert_eq!(
        category(json!({"name": "restore-deploy"})),
        Category::Execute
    );
    assert_eq!(
        category(json!({
            "name": "sync_application",
            "description": "Sync an ArgoCD application to its target state in Git."
        })),
        Category::Execute
    );
    // Near misses: a note restored, contacts synced, an index rebuilt.
    assert_eq!(category(json!({"name": "restore_note"})), Category::Write);
    assert_eq!(category(json!({"name": "sync_contacts"})), Category::Write);
    assert_eq!(
        category(json!({"name": "reindex_embeddings"})),
        Category::Write
    );
}

#[test]
fn a_generator_that_downloads_its_result_locally_saves_it() {
    let with_flag = |d: &str| {
        category(json!({
            "name": "generate_video",
            "description": "Generate a video clip from a text prompt.",
            "inputSchema": {"type": "object", "properties": {
                "prompt": {"type": "string"},
                "download": {"type": "boolean", "description": d}
            }}
        }))
    };
    assert_eq!(with_flag("Download the MP4 locally."), Category::Write);
    // Near miss: a flag that only says what is returned.
    assert_eq!(with_flag("Return a download URL."), Category::Read);
}

#[test]
fn a_document_printed_is_a_print_job() {
    assert_eq!(category(json!({"name": "print_file"})), Category::Execute);
    // Near miss: a tree printed to the output is returned.
    assert_eq!(category(json!({"name": "print_tree"})), Category::Read);
}

#[test]
fn a_read_only_mode_that_must_be_enabled_restricts_nothing() {
    let d = "Execute SQL queries against Metabase databases. SQL mode can execute ANY valid SQL. \
             Note: When Read-Only Mode is enabled, write operations will be rejected with an error.";
    assert_eq!(
        category(json!({"name": "execute", "description": d,
            "inputSchema": {"type": "object", "properties": {"query": {"type": "string"}}}})),
        Category::Execute
    );
    // Near miss: a tool that is read-only.
    assert_eq!(
        category(
            json!({"name": "execute", "description": "Run a read-only SQL query.",
            "inputSchema": {"type": "object", "properties": {"query": {"type": "string"}}}})
        ),
        Category::Read
    );
}

#[test]
fn an_arbitrary_request_to_a_path_runs_what_the_endpoint_does() {
    assert_eq!(
        category(json!({
            "name": "jenkins_admin_request",
            "description": "Send an arbitrary authenticated request to a Jenkins path."
        })),
        Category::Execute
    );
    // Near miss: a request for review sent to a person.
    assert_eq!(
        category(
            json!({"name": "request_review", "description": "Send a review request to a teammate."})
        ),
        Category::Write
    );
}

#[test]
fn a_user_account_created_or_changed_changes_who_may_sign_in() {
    let risk = |v: Value| classify(v).risk;
    assert_eq!(
        risk(json!({"name": "create_user", "description": "Create a new pfSense local user"})),
        super::Risk::High
    );
    assert_eq!(risk(json!({"name": "put-user"})), super::Risk::High);
    // Near misses: a profile, a user story, a reaction added as a user.
    assert_eq!(
        risk(json!({"name": "update_user_profile"})),
        super::Risk::Medium
    );
    assert_eq!(risk(json!({"name": "add_user_story"})), super::Risk::Medium);
    assert_eq!(
        risk(
            json!({"name": "user_add_reaction", "description": "Add a reaction emoji to a message as a user."})
        ),
        super::Risk::Medium
    );
}

#[test]
fn text_rephrased_is_returned_and_a_read_only_query_saved_to_a_file_writes() {
    assert_eq!(
        category(
            json!({"name": "rephrase-text", "description": "Rephrase text in the same language using DeepL API"})
        ),
        Category::Read
    );
    let query = |out: &str| {
        category(json!({
            "name": "execute_query_read_only",
            "description": "Execute a read-only SQL query and return the results.",
            "inputSchema": {"type": "object", "properties": {
                "query": {"type": "string"},
                out: {"type": "string", "description": "File path to write results to."}
            }}
        }))
    };
    assert_eq!(query("output_file"), Category::Write);
    // Near miss: a parameter that may name a place read about.
    assert_eq!(query("destination"), Category::Read);
}

#[test]
fn a_machine_migrated_or_its_firmware_updated_runs_on_the_host() {
    assert_eq!(
        category(json!({
            "name": "proxmox_migrate_vm",
            "description": "Migrate a VM or LXC container to another node."
        })),
        Category::Execute
    );
    assert_eq!(
        category(json!({"name": "update_firmware"})),
        Category::Execute
    );
    // Near misses: a database migrated keeps `migrate`'s reading, a component of a design is
    // edited.
    assert_ne!(
        category(json!({"name": "migrate_database"})),
        Category::Execute
    );
    assert_eq!(
        category(json!({"name": "update_component"})),
        Category::Write
    );
}

#[test]
fn a_selection_named_for_the_caller_is_read() {
    assert_eq!(category(json!({"name": "similar_books"})), Category::Read);
    assert_eq!(category(json!({"name": "related_posts"})), Category::Read);
    // Near misses: a verb before the selection decides, and a top-up moves money.
    assert_eq!(
        category(json!({"name": "delete_related_posts"})),
        Category::Destructive
    );
    assert_eq!(
        category(json!({"name": "top_up_balance"})),
        Category::Financial
    );
}

#[test]
fn a_terminal_opened_or_an_interrupt_sent_drives_a_process() {
    assert_eq!(
        category(json!({
            "name": "open_terminal",
            "description": "Open (or re-open) the web terminal in the browser."
        })),
        Category::Execute
    );
    assert_eq!(
        category(json!({"name": "send_interrupt"})),
        Category::Execute
    );
    // Near misses: a presentation opened is read, a message sent is written.
    assert_eq!(
        category(json!({"name": "open_presentation"})),
        Category::Read
    );
    assert_eq!(category(json!({"name": "send_message"})), Category::Write);
}

#[test]
fn an_active_scanner_named_probes_its_targets() {
    assert_eq!(
        category(json!({
            "name": "nmap_quick_scan",
            "description": "Perform a quick scan of the given hosts"
        })),
        Category::Execute
    );
    assert_eq!(
        category(json!({"name": "masscan_port_sweep"})),
        Category::Execute
    );
    // The server's own prefix counts: it is what names the scanner.
    assert_eq!(
        CLASSIFIER
            .classify_in(
                "acme/nmap-server",
                &parse_tool(&json!({
                    "name": "nmap_os_detection",
                    "description": "Perform operating system detection scan"
                }))
                .expect("a valid tool")
            )
            .category,
        Category::Execute
    );
    // A name that only says "scan" over a description that names the scanner.
    assert_eq!(
        category(json!({
            "name": "quick_scan",
            "description": "Performs a quick Nuclei scan of a target"
        })),
        Category::Execute
    );
    // Near misses: what a scanner's tool reads of its own (its results, a scan's status), a
    // scanner's templates listed, and a file scanner's scan read (Trivy reads what it is
    // given).
    assert_eq!(category(json!({"name": "nmap_results"})), Category::Read);
    assert_eq!(
        category(json!({"name": "nessus_scan_status"})),
        Category::Read
    );

    assert_eq!(
        category(json!({
            "name": "scan_repository",
            "description": "Scan a repository with Trivy for vulnerabilities"
        })),
        Category::Read
    );
    assert_eq!(
        category(json!({"name": "list_nuclei_templates"})),
        Category::Read
    );
    assert_eq!(
        category(json!({
            "name": "scan_image",
            "description": "Scan a container image for vulnerabilities and return the findings"
        })),
        Category::Read
    );
}

#[test]
fn a_desktop_pointer_or_keys_driven_and_a_browser_connected_are_gui_automation() {
    for name in [
        "move_mouse_to",
        "drag_cursor",
        "press_keys",
        "send_keystrokes",
    ] {
        assert_eq!(category(json!({"name": name})), Category::Execute, "{name}");
    }
    assert_eq!(
        category(
            json!({"name": "close_browser", "description": "Close the browser and all its tabs."})
        ),
        Category::Execute
    );
    assert_eq!(
        category(
            json!({"name": "connect_browser", "description": "Connect to a running browser."})
        ),
        Category::Execute
    );
    // Near misses: a record moved, a key created, a browser's bookmarks read.
    assert_eq!(category(json!({"name": "move_card"})), Category::Write);
    assert_eq!(category(json!({"name": "create_key"})), Category::Write);
    assert_eq!(
        category(json!({"name": "list_browser_bookmarks"})),
        Category::Read
    );
}

#[test]
fn an_automation_switched_on_runs_and_one_switched_off_stops() {
    assert_eq!(
        category(json!({"name": "activate_workflow", "description": "Activate a workflow by ID."})),
        Category::Execute
    );
    assert_eq!(category(json!({"name": "enable_flow"})), Category::Execute);
    assert_eq!(
        category(
            json!({"name": "create_sandbox", "description": "Create a sandbox container for running Python."})
        ),
        Category::Execute
    );
    assert_eq!(
        category(json!({"name": "cancel_queue", "description": "Cancel a queued build."})),
        Category::Execute
    );
    // Near misses: switched off, and a user activated (an account, not a run).
    assert_eq!(
        category(json!({"name": "deactivate_workflow"})),
        Category::Write
    );
    assert_eq!(category(json!({"name": "disable_flow"})), Category::Write);
    assert_eq!(category(json!({"name": "activate_user"})), Category::Write);
}

#[test]
fn payments_taken_broadcast_or_metered_move_money_and_quotes_are_read() {
    for name in [
        "take_payment",
        "broadcast_transaction",
        "create_usage_record",
        "create_payment_page",
    ] {
        assert_eq!(
            category(json!({"name": name})),
            Category::Financial,
            "{name}"
        );
    }
    assert_eq!(
        category(json!({"name": "cancel_payment"})),
        Category::Destructive
    );
    // A quote for a trade is returned, whatever amount it is asked for.
    assert_eq!(
        category(json!({
            "name": "swap_quote",
            "description": "Get a swap quote for a token pair",
            "inputSchema": {"type": "object", "properties": {
                "amount": {"type": "string", "description": "Amount to swap"}
            }}
        })),
        Category::Read
    );
    assert_eq!(category(json!({"name": "sell_quote"})), Category::Read);
    // Near misses: the trade itself, and a broadcast message.
    assert_eq!(
        category(json!({
            "name": "swap_tokens",
            "description": "Swap one token for another",
            "inputSchema": {"type": "object", "properties": {
                "amount": {"type": "string", "description": "Amount to swap"}
            }}
        })),
        Category::Financial
    );
    assert_eq!(
        category(json!({"name": "broadcast_message"})),
        Category::Write
    );
}

#[test]
fn access_approved_credentials_transferred_and_passwords_reset_are_privilege() {
    let risk = |v: Value| classify(v).risk;
    assert_eq!(
        risk(json!({"name": "rbac_approve_request"})),
        super::Risk::High
    );
    assert_eq!(
        risk(json!({"name": "transfer_credential"})),
        super::Risk::High
    );
    assert_eq!(
        risk(json!({"name": "reset_password", "description": "Reset user password"})),
        super::Risk::High
    );
    assert_eq!(
        risk(json!({"name": "read_kv", "description": "Read a KV secret at the given path"})),
        super::Risk::Medium
    );
    // Near misses: a pull request approved, a vault item's password changed, a secret's
    // existence checked.
    assert_eq!(
        risk(json!({"name": "approve_pull_request"})),
        super::Risk::Medium
    );
    assert_eq!(
        risk(
            json!({"name": "password_update", "description": "Update a password field of a vault item"})
        ),
        super::Risk::Medium
    );
    assert_eq!(
        risk(json!({"name": "secret_exists", "description": "Check whether a secret exists"})),
        super::Risk::Low
    );
}

#[test]
fn a_change_whose_flag_starts_what_it_makes_runs() {
    let flagged = |name: &str, flag: &str| {
        category(json!({
            "name": name,
            "description": "Create it from the given definition",
            "inputSchema": {"type": "object", "properties": {
                "name": {"type": "string"},
                flag: {"type": "boolean", "default": false}
            }}
        }))
    };
    assert_eq!(flagged("vm_create", "autostart"), Category::Execute);
    assert_eq!(
        flagged("create_hunt", "start_immediately"),
        Category::Execute
    );
    assert_eq!(
        flagged("create_workflow", "run_immediately"),
        Category::Execute
    );
    // Near misses: an active user, an enabled feature flag, a workflow or an automation only
    // switched on (the labels split on those), a start that is no flag, and a workflow made
    // without the flag.
    assert_eq!(flagged("create_user", "active"), Category::Write);
    assert_eq!(flagged("create_workflow", "active"), Category::Write);
    assert_eq!(flagged("create_automation", "enabled"), Category::Write);
    assert_eq!(flagged("create_feature_flag", "enabled"), Category::Write);
    assert_eq!(
        category(json!({
            "name": "create_report",
            "inputSchema": {"type": "object", "properties": {
                "autostart": {"type": "string", "description": "When to start"}
            }}
        })),
        Category::Write
    );
    assert_eq!(flagged("create_workflow", "tags"), Category::Write);
}

#[test]
fn a_soft_delete_that_offers_the_loss_is_destructive() {
    assert_eq!(
        cat(
            "delete_post",
            "Delete a post (moves to trash, or permanently if force=true)"
        ),
        Category::Destructive
    );
    assert_eq!(
        cat(
            "delete_email",
            "Delete an email (moves to trash or expunges)"
        ),
        Category::Destructive
    );
    assert_eq!(
        cat(
            "delete_file",
            "Delete a file. Supports soft delete (move to .trash folder, default) and permanent deletion."
        ),
        Category::Destructive
    );
    assert_eq!(
        category(json!({
            "name": "delete_note",
            "description": "Delete a note; by default it is moved to the trash",
            "inputSchema": {"type": "object", "properties": {
                "soft": {"type": "boolean", "description": "If false, delete for good"}
            }}
        })),
        Category::Destructive
    );
    // Near misses: a soft delete alone, and one whose loss only comes after the retention period.
    assert_eq!(
        cat("delete_post", "Delete a post (moves it to the trash)"),
        Category::Write
    );
    assert_eq!(
        cat(
            "delete_deal",
            "Delete a deal (moves it to the trash; after 30 days it is deleted permanently)"
        ),
        Category::Write
    );
}

#[test]
fn a_call_priced_in_credits_is_billed() {
    assert_eq!(
        cat(
            "extend_track",
            "Extend an existing track with an AI continuation. Generation: 60-180s. Credits: 15-25."
        ),
        Category::Financial
    );
    assert_eq!(
        cat(
            "upscale_video",
            "Upscale a video. Each call costs 10-20 credits."
        ),
        Category::Financial
    );
    // Near misses: a balance of credits read, and credits named without a price.
    assert_eq!(
        cat("get_credits", "Get the remaining credits of the account"),
        Category::Read
    );
    assert_eq!(
        cat(
            "extend_track",
            "Extend an existing track. Credits go to the original artist."
        ),
        Category::Write
    );
}

#[test]
fn records_merged_lose_the_one_merged_away() {
    assert_eq!(
        cat("merge_contacts", "Merge two contacts into one"),
        Category::Destructive
    );
    assert_eq!(
        category(json!({"name": "merge_tags"})),
        Category::Destructive
    );
    // Near misses: cells, a pull request and tickets merged.
    assert_eq!(category(json!({"name": "merge_cells"})), Category::Write);
    assert_eq!(
        category(json!({"name": "merge_pull_request"})),
        Category::Write
    );
    assert_eq!(category(json!({"name": "merge_tickets"})), Category::Write);
}

#[test]
fn print_jobs_and_vehicles_driven_act_in_the_physical_world() {
    assert_eq!(category(json!({"name": "cancel_print"})), Category::Execute);
    assert_eq!(category(json!({"name": "resume_print"})), Category::Execute);
    assert_eq!(category(json!({"name": "takeoff"})), Category::Execute);
    assert_eq!(
        cat("move_to", "Move the drone to a position"),
        Category::Execute
    );
    assert_eq!(
        cat(
            "photoshop_play_action",
            "Play a recorded action from the Actions palette"
        ),
        Category::Execute
    );
    // Near misses: a camera moved in an editor, a track played, a document printed to a file.
    assert_eq!(
        cat("move_camera", "Move the viewport camera to a location"),
        Category::Write
    );
    assert_eq!(category(json!({"name": "play_track"})), Category::Write);
    assert_eq!(
        category(json!({"name": "remove_from_playlist"})),
        Category::Write
    );
}

#[test]
fn a_key_generated_operator_status_and_ownership_change_access() {
    let classify_name = |name: &str| classify(json!({"name": name}));
    let key = classify_name("generate_api_key");
    assert_eq!(
        (key.category, key.risk),
        (Category::Write, super::Risk::High)
    );
    assert_eq!(
        cat_risk("mc_op", "Give a player operator status"),
        (Category::Write, super::Risk::High)
    );
    assert_eq!(
        cat_risk(
            "transfer_website",
            "Transfer website ownership to another user"
        )
        .1,
        super::Risk::High
    );
    assert_eq!(classify_name("run_gcode").risk, super::Risk::Critical);
    assert_eq!(classify_name("plex_now_playing").category, Category::Read);
    // Near misses: a password generated and returned, an operator's status read, a file moved.
    assert_eq!(classify_name("generate_password").category, Category::Read);
    assert_eq!(
        cat_risk("get_operator", "Get an operator's status").1,
        super::Risk::Low
    );
    assert_eq!(
        cat_risk("transfer_file", "Transfer a file to another folder").1,
        super::Risk::Medium
    );
}

#[test]
fn a_job_cancelled_in_flight_stops_and_a_stay_booked_is_paid_for() {
    // A hyphenated modifier ("in-flight") and a second action ("and release …") do not end the
    // object of the description's verb.
    assert_eq!(
        cat(
            "render_cancel",
            "Cancel an in-flight render job and release its reserved capacity."
        ),
        Category::Execute
    );
    let booking = |params: Value| {
        category(
            json!({"name": "create_booking", "description": "Create a booking.",
            "inputSchema": {"type": "object", "properties": params}}),
        )
    };
    assert_eq!(
        booking(
            json!({"propertyId": {"type": "string"}, "checkIn": {"type": "string"},
            "checkOut": {"type": "string"}})
        ),
        Category::Financial
    );
    // Near misses: a meeting booked, a cancelled order (Destructive, as before), a transcription
    // made.
    assert_eq!(
        booking(json!({"start": {"type": "string"}, "attendee": {"type": "string"}})),
        Category::Write
    );
    assert_eq!(
        cat("order_cancel", "Cancel an open order and notify the buyer."),
        Category::Destructive
    );
    assert_eq!(
        cat("transcribe", "Transcribe an in-flight recording."),
        Category::Read
    );
}

#[test]
fn role_ids_change_access_and_a_token_with_a_balance_is_a_coin() {
    let update = |param: &str| {
        classify(
            json!({"name": "update_agent", "description": "Update an existing agent",
            "inputSchema": {"type": "object", "properties": {param: {"type": "array"}}}}),
        )
    };
    assert_eq!(update("role_ids").risk, super::Risk::High);
    assert_eq!(update("skill_ids").risk, super::Risk::Medium);
    assert!(has_signal("get_access_token", "secrets"));
    assert!(!has_signal("get_token_balance", "secrets"));
    assert!(!has_signal("token_price", "secrets"));
}

#[test]
fn lookups_of_the_network_and_totals_read_and_joining_changes() {
    for name in ["whois_ip", "dns_nslookup", "liked_total"] {
        assert_eq!(category(json!({"name": name})), Category::Read, "{name}");
    }
    assert_eq!(category(json!({"name": "join_channel"})), Category::Write);
    let federation = category(json!({"name": "mesh_federation",
        "description": "Federation: join, peers, health for coordination",
        "inputSchema": {"type": "object", "properties": {"action": {"type": "string",
            "description": "Action to perform (join, peers, health)"}}}}));
    assert_eq!(federation, Category::Write);
    // Near misses: without the read noun, a name with no known verb stays weak evidence, not a
    // read; a word that only starts with a lookup command is no lookup.
    assert_eq!(category(json!({"name": "widget_liked"})), Category::Write);
    assert_eq!(category(json!({"name": "whoisfoo"})), Category::Write);
}

#[test]
fn swaps_of_places_screens_captured_and_links_removed_by_an_operation() {
    assert_eq!(
        cat("swap_indexes", "Swap the contents of two indexes."),
        Category::Write
    );
    assert_eq!(category(json!({"name": "capture_window"})), Category::Read);
    // A capture with a place to save it writes, as a screenshot taken with a path does.
    assert_eq!(
        category(
            json!({"name": "capture_window", "description": "Capture a window",
            "inputSchema": {"type": "object", "properties": {"savePath": {"type": "string"}}}})
        ),
        Category::Write
    );
    assert_eq!(
        category(
            json!({"name": "manage_hyperlinks", "description": "Manage hyperlinks",
            "inputSchema": {"type": "object", "properties": {"operation": {"type": "string",
                "description": "Operation: add, update, remove"}}}})
        ),
        Category::Write
    );
    let reads = |description: &str| {
        classify(json!({"name": "list_contexts", "description": description})).risk
    };
    assert_eq!(
        reads("List context names from the kubeconfig file"),
        super::Risk::Low
    );
    assert_eq!(
        reads("Get the current configuration as a kubeconfig YAML"),
        super::Risk::Medium
    );
    // Near misses: coins swapped are a trade, a payment captured is charged, and removing
    // through an operation of a tool about records deletes.
    assert_eq!(
        category(json!({"name": "swap_tokens"})),
        Category::Financial
    );
    assert_eq!(
        category(json!({"name": "capture_payment"})),
        Category::Financial
    );
    assert_eq!(
        category(
            json!({"name": "manage_records", "description": "Manage records",
            "inputSchema": {"type": "object", "properties": {"operation": {"type": "string",
                "description": "Operation: add, update, remove"}}}})
        ),
        Category::Destructive
    );
}

#[test]
fn an_option_that_deletes_stored_data_decides() {
    assert_eq!(
        cat(
            "compose_down",
            "Tear down the stack's services. Optionally remove named volumes."
        ),
        Category::Destructive
    );
    // Near misses: the same stack torn down keeping its volumes runs a program; an option
    // that removes a label detaches it.
    assert_eq!(
        cat("compose_down", "Tear down the stack's services."),
        Category::Execute
    );
    assert_eq!(
        cat(
            "update_issue",
            "Update an issue. Optionally remove labels from it."
        ),
        Category::Write
    );
}
