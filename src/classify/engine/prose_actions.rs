//! Actions a tool offers that its schema does not enumerate, read from prose: the values an
//! action parameter's description lists, bullets that name operations or modes, "CRUD",
//! "Supports list, get, create, delete", and parameters whose names are destructive verbs.
//! (The enumerated ones, and what an operation's name does, are in `schema.rs`.)

use super::description::{Needle, first_sentence, verb_forms};
use super::schema::{http_request, most_severe, operation_category};
use super::view::View;
use crate::classify::Category;
use crate::classify::model::Rules;

/// Actions a tool offers that its schema does not enumerate: the values an action parameter's
/// description lists (`action`: "get_ou | get_device | update | delete", "Operation to
/// perform: create-x, delete-x"), a list of quoted operations in the description ("- 'delete':
/// expire a silence"), bullets that name a mode and say what it does ("- Delete: deletes a
/// setting"), array parameters named by a destructive verb (`delete: [ids]`), flags that delete
/// something when set (`dropTarget`), "CRUD", and "Supports list, get, create, delete". The most
/// severe: (category, where it was found, value).
pub(super) fn described_actions(
    described: impl Iterator<Item = (Category, String, String)>,
) -> Option<(Category, String, String)> {
    // An operation named in prose commits no money on its own ("subscribe" to an issue's
    // notifications): at most Destructive.
    most_severe(
        described
            .filter(|(c, _, _)| *c < Category::Financial)
            .collect(),
    )
}

/// Every action [`described_actions`] reads, with its category: (category, where, value).
pub(super) fn described_action_list(rules: &Rules, view: &View) -> Vec<(Category, String, String)> {
    let mut described: Vec<(Category, String, String)> = Vec::new();
    let mut values: Vec<(String, String)> = Vec::new();
    for p in &view.props {
        if p.words.action_param && p.enum_values.is_none() {
            let d = p.description.unwrap_or("");
            let mut listed = Vec::new();
            for piece in d.split(['|', ',', '(', ')', '\n', ';']) {
                // "Operation to perform: create-x" names the value after its colon; a bullet
                // "- delete: Delete an existing resource" names it before, as "delete-epm =
                // remove EPM" does before its equals sign.
                let after = listed_value(piece.rsplit(':').next().unwrap_or(piece));
                if let Some(v) = after {
                    listed.push(v);
                } else if let Some((b, _)) = piece.split_once([':', '=']) {
                    // "create/rename/delete = manage" names three values before one sign (a
                    // path before a colon is no list of values).
                    let b = b.trim().trim_start_matches(['-', '*', '•']);
                    if b.contains('/') && piece.contains('=') {
                        listed.extend(b.split('/').filter_map(listed_value));
                    } else {
                        listed.extend(listed_value(b));
                    }
                }
            }
            // "CRUD operations on images" offers creating, reading, updating and deleting.
            if CRUD_WORD.is_in(d) && CRUD.is_match(d) {
                values.push((format!("parameter \"{}\"", p.name), "CRUD".to_string()));
            }
            match http_request(view, p.name, &listed) {
                Some(request) => described.extend(request),
                None => values.extend(
                    listed
                        .into_iter()
                        .map(|v| (format!("parameter \"{}\"", p.name), v.to_string())),
                ),
            }
        }
        if p.is_array && p.words.destructive_verb {
            values.push((format!("parameter \"{}\"", p.name), p.name.to_string()));
        }
        // A flag that deletes something when set (`dropTarget`) offers the deletion.
        if let (true, Some(verb)) = (p.is_flag, &p.words.deleting_verb) {
            values.push((format!("parameter \"{}\"", p.name), verb.clone()));
        }
    }
    let desc = &view.tool.description;
    // Bullets name operations only in a description that talks of operations or actions (not a
    // list of response fields): that word test is one fast scan, and without it they do not
    // count. Quoted bullets ("- 'delete': …") count on any tool; identifier bullets
    // ("- discussion_note_delete: …", "- **get-database**: …") and an action parameter's line of
    // an "Args:" section (`operation: Operation type ("list", "get_layouts")`) only on a tool
    // with an action parameter.
    let bullets = bullet_lines(desc);
    let dispatches = view.props.iter().any(|p| p.words.action_param);
    // The word is looked for only where something below can use it.
    let talks_of_operations = (dispatches || !bullets.is_empty()) && OPERATIONS_WORD.is_match(desc);
    if dispatches {
        values.extend(supported_operations(rules, desc));
    }
    if talks_of_operations {
        values.extend(bullet_operations(&OPERATION_BULLET, &bullets));
    }
    if talks_of_operations && dispatches {
        values.extend(bullet_operations(&IDENTIFIER_BULLET, &bullets));
        for p in view.props.iter().filter(|p| p.words.action_param) {
            for line in desc.lines() {
                let Some(rest) = line.trim_start().strip_prefix(p.name) else {
                    continue;
                };
                let Some(rest) = rest.trim_start().strip_prefix(':') else {
                    continue;
                };
                let listed: Vec<String> = QUOTED_IDENTIFIER
                    .captures_iter(rest)
                    .map(|c| c[1].to_string())
                    .collect();
                if listed.len() >= 2 {
                    values.extend(
                        listed
                            .into_iter()
                            .map(|v| (format!("parameter \"{}\"", p.name), v)),
                    );
                }
            }
        }
    }
    // A mode bullet has a colon.
    for c in bullets
        .iter()
        .filter(|l| l.contains(':'))
        .filter_map(|l| MODE_BULLET.captures(l))
    {
        let (key, first) = (c[1].to_lowercase(), c[2].to_lowercase());
        if verb_forms(&first).contains(&key) {
            values.push(("the description".to_string(), key));
        }
    }
    described.extend(values.into_iter().filter_map(|(at, v)| {
        let c = if v == "CRUD" {
            Some(Category::Destructive)
        } else {
            operation_category(rules, &v)
        };
        c.map(|c| (c, at, v))
    }));
    described
}

/// The operations a dispatching tool's description lists in prose: "Supports list, get,
/// create, update, delete and sign" (at least three words, one per comma), or "CRUD" in its
/// first sentence ("Manage issues: CRUD, notes, …"); a later sentence may name another tool's
/// CRUD ("see gitlab_user for user CRUD").
fn supported_operations(rules: &Rules, desc: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    if CRUD_WORD.is_in(desc) && CRUD.is_match(first_sentence(desc)) {
        found.push(("the description".to_string(), "CRUD".to_string()));
    }
    // One substring test first: most descriptions say nothing is supported.
    if !SUPPORT_WORD.is_in(desc) {
        return found;
    }
    for c in SUPPORTED_LIST.captures_iter(desc) {
        let listed: Vec<String> = c[1]
            .split(',')
            .filter_map(|w| {
                let w = w.trim();
                let w = w
                    .strip_prefix("and ")
                    .or_else(|| w.strip_prefix("or "))
                    .unwrap_or(w);
                listed_value(w).map(str::to_lowercase)
            })
            .collect();
        // A list of operations names its reads too ("list, get, create"); one that names none
        // lists something else ("Supports order_by, sort, and keyset" pagination).
        let kinds: Vec<Category> = listed
            .iter()
            .filter_map(|v| operation_category(rules, v))
            .collect();
        if kinds.len() >= 3 && kinds.contains(&Category::Read) {
            found.extend(
                listed
                    .into_iter()
                    .map(|v| ("the description".to_string(), v)),
            );
        }
    }
    found
}

static CRUD_WORD: Needle = Needle::new("CRUD");
static SUPPORT_WORD: Needle = Needle::new("upport");

/// The word "CRUD": create, read, update and delete.
static CRUD: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\bCRUD\b").expect("a valid regex"));

/// "Supports list, get, create, and delete": three or more words, one per comma.
static SUPPORTED_LIST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\bsupports?\s+((?:[a-z][\w-]*,\s*){2,}(?:and\s+|or\s+)?[a-z][\w-]*)")
        .expect("a valid regex")
});

/// A value an action parameter's prose lists, if `piece` is one: an identifier, without the
/// quotes, a leading "or " or a trailing full stop around it.
fn listed_value(piece: &str) -> Option<&str> {
    let piece = piece.trim().trim_start_matches("or ").trim_end_matches('.');
    let piece = piece.trim().trim_matches(|c| matches!(c, '\'' | '"' | '`'));
    (!piece.is_empty()
        && piece
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then_some(piece)
}

/// The operations `bullet` names in the description's bullet `lines`, when it names at least
/// two (one bullet is prose), each placed in "the description".
fn bullet_operations(bullet: &regex::Regex, lines: &[&str]) -> Vec<(String, String)> {
    let named: Vec<String> = lines
        .iter()
        .filter_map(|l| bullet.captures(l))
        .map(|c| c[1].to_string())
        .collect();
    if named.len() < 2 {
        return Vec::new();
    }
    named
        .into_iter()
        .map(|v| ("the description".to_string(), v))
        .collect()
}

/// The lines of `desc` that open with a bullet (`-`, `*`, `•`), the only lines the bullet
/// patterns can match. Most descriptions have none, and a line is found by a byte search where
/// the patterns, which start at any line with any amount of space, would walk the whole text
/// with a lazy DFA, and captures with the slower engines. Each pattern matches a bullet line at
/// most once, so matching line by line finds what matching the whole text does.
fn bullet_lines(desc: &str) -> Vec<&str> {
    desc.lines()
        .filter(|l| l.trim_start().starts_with(['-', '*', '•']))
        .collect()
}

/// A bullet naming an operation like an identifier, in lower case with a separator in it so that
/// prose ("- Note: …") and constants ("- RECORD_TYPE: …") do not count:
/// "- discussion_note_delete: …", "- **get-database**: …".
static IDENTIFIER_BULLET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?m)^\s*[-*•]\s*(?:\*\*|`)?([a-z][a-z0-9]*(?:[_-][a-z0-9]+)+)(?:\*\*|`)?\s*:",
    )
    .expect("a valid regex")
});

/// A quoted identifier: `"get_layouts"`, `'list'`.
static QUOTED_IDENTIFIER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"["'`]([A-Za-z][\w-]*)["'`]"#).expect("a valid regex")
});

/// A bullet naming a quoted operation: "- 'delete': expire a silence".
static OPERATION_BULLET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(?m)^\s*[-*•]\s*['"]([A-Za-z][\w-]*)['"]\s*[:—–-]"#)
        .expect("a valid regex")
});

/// Quoted bullets are operations only in a description that talks of operations or actions
/// (not a list of response fields).
static OPERATIONS_WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:operations?|actions?|modes?|commands?)\b").expect("a valid regex")
});

/// A bullet naming a mode and saying what it does: "- Delete: deletes an application setting".
static MODE_BULLET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?m)^\s*[-*•]\s*([A-Za-z]+)\s*:\s*([A-Za-z]+)").expect("a valid regex")
});
