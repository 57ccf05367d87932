//! Evidence from the input schema (and the prose that describes its parameters): code to run,
//! money amounts, actions an enum offers, links a removal removes. In order: code evidence
//! (`code_evidence` and the name-only guesses), money (`money_param`), link and list removals
//! (`link_removal`, `removal_from_a_list`), then enumerated actions and HTTP requests
//! (`enumerated_actions`, `http_request`, `operation_category`). Actions listed in prose are in
//! `prose_actions.rs`.

use super::NameVerb;
use super::description::{PhraseText, first_sentence, sentence_at, verb_forms};
use super::explain::a_noun;
use super::name::name_verb;
use super::view::{Prop, View};
use crate::classify::Category;
use crate::classify::model::{Phrase, Rules};
use crate::classify::tokens::{split_name, words};
use serde_json::Value;

pub(super) struct CodeEvidence {
    /// The property or phrase that shows code execution.
    pub(super) evidence: String,
    pub(super) why: String,
    pub(super) quote: String,
    /// The code comes from the caller (a parameter, or a name or description that says the
    /// tool runs what it is given), not only a description that mentions running something
    /// ("runs the SHOW TABLES command").
    pub(super) given: bool,
    /// Only the name shows it (a definition that is its name alone): a probable reading, held
    /// with low confidence.
    pub(super) guess: bool,
}

impl CodeEvidence {
    /// Code a definition that is its name alone most probably runs: a guess from the name, held
    /// with low confidence.
    fn guessed_from_name(view: &View, why: String) -> CodeEvidence {
        CodeEvidence {
            evidence: format!("name \"{}\"", view.tool.name),
            why,
            quote: view.tool.name.clone(),
            given: true,
            guess: true,
        }
    }

    /// Code the name shows the tool runs (`execute_command`, `sandbox_exec`): the caller's,
    /// quoted from the description's first sentence.
    fn by_name(view: &View, evidence: String, why: String) -> CodeEvidence {
        CodeEvidence {
            evidence,
            why,
            quote: first_sentence(&view.tool.description).to_string(),
            given: true,
            guess: false,
        }
    }
}

/// A property description that is only the values it takes: "start", "alarm|alert|lock".
static VALUE_LIST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\s*[A-Za-z][\w-]*(?:\s*[|/,]\s*[A-Za-z][\w-]*)*\s*$")
        .expect("a valid regex")
});

/// What is run is code, not a saved query or a job.
pub(super) static STRONG_CODE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)(?-u:\b)(?:javascript|js|python|code|script|scripts|sql|cypher|opencypher|sparql|graphql|shell|terminal|bash|powershell|commands?)(?-u:\b)")
        .expect("a valid regex")
});

pub(super) fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The query the tool runs is in a language that can only read (PromQL, LogQL: "Execute an
/// instant PromQL query"), as its description's first sentence or its query parameter says, and
/// that sentence names no language that can change data (`query_languages`): the language,
/// which restricts the query to reads as a "read-only" phrase does.
pub(super) fn query_language_that_reads(rules: &Rules, view: &View) -> Option<String> {
    let lead = first_sentence(&view.tool.description);
    if rules.query_languages.is_match(lead) {
        return None;
    }
    rules
        .read_only_languages
        .find(lead)
        .or_else(|| {
            view.props
                .iter()
                .filter(|p| rules.query_names.contains(&p.words.squashed))
                .find_map(|p| rules.read_only_languages.find(p.description?))
        })
        .map(|m| m.as_str().to_string())
}

pub(super) fn code_evidence(
    rules: &Rules,
    view: &View,
    name: Option<&NameVerb>,
    phrases: &[(&Phrase, PhraseText)],
) -> Option<CodeEvidence> {
    let code_input = rules.signal("code_input").bit;
    let is_code_input = |p: &Prop| p.words.regex_hit & code_input != 0;
    // Asked only once a property looks like code: most tools have none.
    let desc_context = std::cell::OnceCell::new();
    let desc_context =
        || *desc_context.get_or_init(|| rules.code_context.is_match(&view.tool.description));
    // A name that stores what it is given keeps code as content, and one that reads it judges
    // or transforms it, unless the description says the code runs. Asked only of a property
    // that can be content.
    let code_is_content = || {
        name.is_some_and(|n| {
            (n.category == Category::Write && rules.code_storing_verbs.contains(&n.verb)
                || n.category == Category::Read && rules.code_reading_verbs.contains(&n.verb))
                && !phrases.iter().any(|(p, _)| p.id == "phrase.arbitrary_code")
        })
    };
    let runs_analysed = || {
        rules.code_runs_analysed.is_match(&view.tool.description)
            || view
                .props
                .iter()
                .filter_map(|p| p.description)
                .any(|d| rules.code_runs_analysed.is_match(d))
    };
    for p in &view.props {
        let name = p.name;
        if !is_code_input(p) {
            continue;
        }
        let prop_desc = p.description.unwrap_or("");
        // A `command` chosen from an enum (`"start"`, `"stop"`), or described by the values it
        // takes ("start", "alarm|alert|lock"), is a choice, not code.
        if rules.not_code.is_match(prop_desc)
            || p.enum_values.is_some()
            || VALUE_LIST.is_match(prop_desc)
        {
            continue;
        }
        if rules.code_stored_params.contains(&p.words.squashed) && code_is_content() {
            continue;
        }
        // Code given to be analysed ("SQL string to validate") is read, not run, unless the
        // definition says the tool runs it after all ("EXPLAIN ANALYZE").
        if rules.code_analysed.is_match(prop_desc) && !runs_analysed() {
            continue;
        }
        if rules.code_strong_params.contains(&p.words.squashed)
            || desc_context()
            || rules.code_context.is_match(prop_desc)
        {
            let quote = if prop_desc.is_empty() {
                format!("parameter \"{name}\"")
            } else {
                format!(
                    "parameter \"{name}\": {}",
                    crate::sanitize::truncate(prop_desc, 160)
                )
            };
            return Some(CodeEvidence {
                evidence: name.to_string(),
                why: format!(
                    "it accepts code, a command or a query to execute (parameter \"{name}\")"
                ),
                quote,
                given: true,
                guess: false,
            });
        }
    }
    // Authorizing an app's tool (`box_authorize_app_tool`) runs nothing: auth verbs are not
    // code runners.
    let auth_verb = |v: &str| {
        let rule = rules.signal("auth_flow");
        rule.name_any.contains(v) || rule.name_all.iter().skip(1).any(|g| g.contains(v))
    };
    // `evaluate_script` runs its object as `execute_script` does.
    if let Some(n) = name
        && (n.category == Category::Execute || rules.code_object_verbs.contains(&n.verb))
        && !auth_verb(&n.verb)
        && let Some(obj) = view.verb_tokens[n.index + 1..].iter().find(|t| {
            rules.code_name_objects.contains(*t)
                && !(rules.code_ui_verbs.contains(&n.verb)
                    && matches!(t.as_str(), "tool" | "tools"))
        })
    {
        return Some(CodeEvidence::by_name(
            view,
            format!("name \"{}\" ({} {obj})", view.tool.name, n.verb),
            format!("its name says it will {} {obj}", n.verb),
        ));
    }
    // In a browser, evaluating runs the page's JavaScript (`browser_evaluate`,
    // `puppeteer_evaluate`).
    if let Some(n) = name
        && rules.code_object_verbs.contains(&n.verb)
        && let Some(ns) = view.verb_tokens[..n.index]
            .iter()
            .find(|t| rules.browser_namespaces.contains(*t))
    {
        return Some(CodeEvidence::by_name(
            view,
            format!("name \"{}\" ({ns} {})", view.tool.name, n.verb),
            format!(
                "its name's verb \"{}\" in a {ns} runs the page's JavaScript",
                n.verb
            ),
        ));
    }
    if let Some(c) = query_by_name_alone(rules, view, name) {
        return Some(c);
    }
    if let Some(c) = code_surface_by_name_alone(rules, view, name) {
        return Some(c);
    }
    // A verb that runs code by itself (`sandbox_exec`, `repl`), unless what it runs is a saved
    // read (`exec_report`, see [read_runs]).
    if let Some(n) = name
        && rules.code_name_verbs.contains(&n.verb)
        && !view
            .verb_tokens
            .iter()
            .any(|t| rules.read_run_objects.contains(t))
    {
        return Some(CodeEvidence::by_name(
            view,
            format!("name \"{}\" ({})", view.tool.name, n.verb),
            format!(
                "its name's verb \"{}\" runs a command line or code by itself",
                n.verb
            ),
        ));
    }
    // A query tool whose description names a language that can change data (`query_clickhouse`:
    // "Example: SELECT …"; `kusto_query`: "… or perform management operations"), unless the
    // description opens with another Read verb ("List items …, optionally with a SQL filter").
    if let Some(n) = name
        && (rules.query_names.contains(&n.verb) || rules.read_run_verbs.contains(&n.verb))
        && view.verb_tokens[n.index..]
            .iter()
            .any(|t| rules.query_names.contains(t))
        && view
            .lead_verb
            .as_ref()
            .is_none_or(|(_, v, c)| *c != Category::Read || rules.query_names.contains(v))
        && let Some(m) = rules.query_languages.find(&view.tool.description)
    {
        return Some(CodeEvidence {
            evidence: format!("\"{}\"", m.as_str().trim()),
            why: format!(
                "it runs a query, and its description shows the query is code (\"{}\")",
                crate::sanitize::truncate(m.as_str().trim(), 60)
            ),
            quote: sentence_at(&view.tool.description, m.start()).to_string(),
            given: true,
            guess: false,
        });
    }
    if let Some(n) = name
        && rules.deploy_verbs.contains(&n.verb)
        && let Some(p) = view
            .props
            .iter()
            .find(|p| rules.deploy_params.contains(&p.words.squashed))
    {
        return Some(CodeEvidence {
            evidence: p.name.to_string(),
            why: format!(
                "it deploys code or manifests the caller supplies (parameter \"{}\")",
                p.name
            ),
            quote: format!("parameter \"{}\"", p.name),
            given: true,
            guess: false,
        });
    }
    let takes_code = view.props.iter().any(is_code_input);
    phrases
        .iter()
        .find(|(p, m)| p.id == "phrase.arbitrary_code" && (takes_code || STRONG_CODE.is_match(m)))
        .map(|(_, m)| {
            let at = view.tool.description.find(m.as_str()).unwrap_or(0);
            CodeEvidence {
                evidence: format!("\"{m}\""),
                why: format!("its description says it will \"{m}\""),
                quote: sentence_at(&view.tool.description, at).to_string(),
                given: takes_code,
                guess: false,
            }
        })
}

/// A definition that is its name alone and names a query run on a data store
/// (`InfluxDBQuery`, `query_database`) or a query its verb runs or writes (`run_query`,
/// `write_query`): the query is most probably the caller's, and nothing restricts it to reads
/// (taxonomy conventions, name-only records), unless the name says what kind of read it is
/// (`ExecuteRangeQuery` is PromQL, `search_query` a search).
fn query_by_name_alone(
    rules: &Rules,
    view: &View,
    name: Option<&NameVerb>,
) -> Option<CodeEvidence> {
    let n = name?;
    if !view.name_alone() {
        return None;
    }
    let tokens = view.verb_tokens;
    // `write-cypher`: a query verb and a query language, with no word "query".
    let language = tokens
        .iter()
        .find(|t| rules.alone_query_languages.contains(*t))
        .filter(|_| rules.alone_query_verbs.contains(&n.verb));
    if !view.name_alone()
        || !(language.is_some() || tokens.iter().any(|t| rules.query_names.contains(t)))
        || tokens.iter().any(|t| {
            rules.alone_read_only_queries.contains(t)
                || (rules.read_run_objects.contains(t) && !rules.query_names.contains(t))
        })
    {
        return None;
    }
    let why = if let Some(language) = language {
        format!(
            "its name's verb \"{}\" runs {language}, and with nothing else said the query is most probably the caller's, not restricted to reads",
            n.verb
        )
    } else if let Some(store) = tokens
        .iter()
        .find(|t| rules.alone_query_stores.contains(*t))
    {
        format!(
            "its name says it queries \"{store}\", and with nothing else said the query is most probably the caller's, not restricted to reads"
        )
    } else if rules.alone_query_verbs.contains(&n.verb) {
        format!(
            "its name's verb \"{}\" runs a query, and with nothing else said the query is most probably the caller's, not restricted to reads",
            n.verb
        )
    } else {
        return None;
    };
    Some(CodeEvidence::guessed_from_name(view, why))
}

/// A definition that is its name alone, with no verb, and named for a place where commands or
/// code are given (`terminal`, `console_command`, `sql`, `code_interpreter`): most probably it
/// runs what the caller gives it (taxonomy conventions, name-only records).
fn code_surface_by_name_alone(
    rules: &Rules,
    view: &View,
    name: Option<&NameVerb>,
) -> Option<CodeEvidence> {
    if name.is_some() || !view.name_alone() {
        return None;
    }
    let tokens = view.verb_tokens;
    let head = tokens.last()?;
    // `text_to_sql` converts to the code and returns it (`default.conversion`).
    if !rules.alone_code_surfaces.contains(head) || tokens.iter().any(|t| t == "to") {
        return None;
    }
    Some(CodeEvidence::guessed_from_name(
        view,
        format!(
            "its name names \"{head}\", which takes commands or code, and with nothing else said it most probably runs what the caller gives it"
        ),
    ))
}

/// A money amount in the schema of a tool whose verb commits (`send(amount)`, `create(amount)`).
pub(super) fn money_param(rules: &Rules, view: &View, name: Option<&NameVerb>) -> Option<String> {
    let verb = name?;
    if !(verb.category == Category::Financial
        || (verb.category != Category::Read && rules.commit_verbs.contains(&verb.verb)))
    {
        return None;
    }
    // A committing verb on a record that only carries an amount (`update_opportunity`) sets a
    // figure; a paying verb on one (`pay_expense`) still pays.
    if verb.category != Category::Financial
        && view
            .verb_tokens
            .iter()
            .any(|t| rules.financial_amount_records.contains(t))
    {
        return None;
    }
    view.props
        .iter()
        .find(|p| p.words.money)
        .map(|p| p.name.to_string())
}

/// What a removal verb removes, when it is a link rather than data: a relation object in the
/// name (`delete_association`), or "from" a container that is not storage, in the name
/// (`remove_user_from_group`) or the description ("Remove a sub-issue from a parent issue").
pub(super) fn link_removal(rules: &Rules, view: &View, after: usize) -> Option<String> {
    let rest = &view.verb_tokens[after.min(view.verb_tokens.len())..];
    if let Some(obj) = rest.iter().find(|t| rules.relation_objects.contains(*t)) {
        return Some(a_noun(obj));
    }
    let from_container = |words: &[String]| -> Option<String> {
        let at = words.iter().position(|w| w == "from")?;
        let container = words[at + 1..]
            .iter()
            .filter(|w| {
                !matches!(
                    w.as_str(),
                    "a" | "an" | "the" | "this" | "its" | "their" | "your" | "specific" | "given"
                )
            })
            .take(4)
            .find(|w| rules.link_containers.contains(*w))?;
        Some(format!("something from {}", a_noun(container)))
    };
    if let Some(w) = from_container(rest) {
        return Some(w);
    }
    let sentence: Vec<String> = words(view.lead_sentence).map(|(_, w)| w).take(14).collect();
    let opens_with_removal = sentence.first().is_some_and(|w| {
        verb_forms(w)
            .iter()
            .any(|f| rules.removal_verbs.contains(f))
    });
    if opens_with_removal {
        from_container(&sentence)
    } else {
        None
    }
}

/// What a deleting verb takes out when that loses no data: entries of a list of references (an
/// allowlist, a watchlist, a cart: "Delete URLs from the exempt list", `[removal] lists`), or
/// the value of a field of a record (`delete_task_date`, `[removal] fields`), which edits the
/// record. From anything else (a board, an audience, a table) deleting deletes.
pub(super) fn removal_from_a_list(rules: &Rules, view: &View, after: usize) -> Option<String> {
    let rest = &view.verb_tokens[after.min(view.verb_tokens.len())..];
    if let Some(field) = rest.iter().find(|t| rules.removal_fields.contains(*t)) {
        return Some(format!("the value of a field ({field}) of a record"));
    }
    let in_list = |words: &[String]| -> Option<String> {
        let at = words.iter().position(|w| w == "from")?;
        let list = words[at + 1..]
            .iter()
            .take(5)
            .find(|w| rules.removal_lists.contains(*w))?;
        Some(format!("entries from {}", a_noun(list)))
    };
    if let Some(w) = in_list(rest) {
        return Some(w);
    }
    let sentence: Vec<String> = words(view.lead_sentence).map(|(_, w)| w).take(14).collect();
    in_list(&sentence)
}

/// The most severe action an action-choosing parameter offers: (category, parameter, value).
pub(super) fn action_enum(rules: &Rules, view: &View) -> Option<(Category, String, String)> {
    most_severe(enumerated_actions(rules, view))
}

/// Every value of an action parameter's enum (`method: ["get", "delete"]`), with its category:
/// (category, parameter, value).
pub(super) fn enumerated_actions(rules: &Rules, view: &View) -> Vec<(Category, String, String)> {
    let mut found = Vec::new();
    for p in view.props.iter().filter(|p| p.words.action_param) {
        let values = string_values(p);
        if let Some(request) = http_request(view, p.name, &values) {
            found.extend(request);
            continue;
        }
        if are_verdicts(rules, &values) {
            continue;
        }
        for v in values {
            if let Some(cat) = operation_category(rules, v) {
                found.push((cat, p.name.to_string(), v.to_string()));
            }
        }
    }
    found
}

/// The string values of a property's enum (`["get", "delete"]`); none when it has no enum.
fn string_values<'a>(p: &Prop<'a>) -> Vec<&'a str> {
    p.enum_values
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Values that let traffic pass and stop it (`accept`, `drop`, `reject`): the verdicts of the
/// filter rule a tool makes, not its operations (`[actions] verdicts_pass`, `verdicts_stop`).
fn are_verdicts(rules: &Rules, values: &[&str]) -> bool {
    let has = |set: &rustc_hash::FxHashSet<String>| {
        values.iter().any(|v| set.contains(&v.to_ascii_lowercase()))
    };
    has(&rules.verdicts_pass) && has(&rules.verdicts_stop)
}

/// `GET`, `post`, …: an HTTP method's name.
pub(super) fn is_http_method(v: &str) -> bool {
    const METHODS: [&str; 7] = ["get", "post", "put", "patch", "delete", "head", "options"];
    METHODS.iter().any(|m| m.eq_ignore_ascii_case(v))
}

/// HTTP methods offered by a parameter (`method: ["GET", "POST", "DELETE"]`) are not actions of
/// the tool: on a tool that takes a URL or path they let the caller shape an HTTP request, which
/// is Execute (TAXONOMY.md) unless only reads are offered; elsewhere they configure something
/// (an uptime monitor's method) and say nothing of what the call does. `None` when the values
/// are not HTTP methods.
pub(super) fn http_request(
    view: &View,
    param: &str,
    values: &[&str],
) -> Option<Vec<(Category, String, String)>> {
    const READS: [&str; 3] = ["get", "head", "options"];
    if values.len() < 2 || !values.iter().all(|v| is_http_method(v)) {
        return None;
    }
    let takes_target = view.props.iter().any(|p| {
        matches!(
            p.words.squashed.as_str(),
            "url" | "uri" | "endpoint" | "path" | "route" | "apipath" | "href" | "resource"
        )
    });
    let shaping = values
        .iter()
        .find(|v| !READS.iter().any(|m| m.eq_ignore_ascii_case(v)));
    Some(match (takes_target, shaping) {
        (true, Some(v)) => vec![(Category::Execute, param.to_string(), v.to_string())],
        (true, None) => vec![(Category::Read, param.to_string(), values[0].to_string())],
        (false, _) => Vec::new(),
    })
}

/// An HTTP request whose method (beyond reads) and target the caller chooses: the parameter that
/// offers the method and the method, when some action parameter does
/// (`method: ["GET", "POST", "DELETE"]` beside a `path`).
pub(super) fn caller_shaped_request(view: &View) -> Option<(String, String)> {
    view.props
        .iter()
        .filter(|p| p.words.action_param)
        .find_map(|p| {
            http_request(view, p.name, &string_values(p))?
                .into_iter()
                .find(|(c, _, _)| *c == Category::Execute)
                .map(|(_, param, value)| (param, value))
        })
}

/// The first of the most severe actions.
pub(super) fn most_severe(
    actions: Vec<(Category, String, String)>,
) -> Option<(Category, String, String)> {
    let mut best: Option<(Category, String, String)> = None;
    for a in actions {
        if best.as_ref().is_none_or(|(c, _, _)| a.0 > *c) {
            best = Some(a);
        }
    }
    best
}

/// What an operation's name does. Operation names are often object first (`discussion_note_delete`,
/// `order_list`): when the first verb is also a noun and more words follow, the last word is the
/// action if it is a verb, and otherwise the value names a kind of data (`issue_types`), no
/// operation.
pub(super) fn operation_category(rules: &Rules, value: &str) -> Option<Category> {
    let tokens = rules.join_compounds(split_name(value));
    let nv = name_verb(rules, &tokens, 0, &tokens, None)?;
    let last = tokens.last()?;
    if nv.index + 1 < tokens.len() && rules.noun_verbs.contains(&nv.verb) {
        // `issue_types`, `commit_stats`: a noun phrase names a kind of data, not an operation.
        return rules.verbs.get(last).copied();
    }
    Some(nv.category)
}
