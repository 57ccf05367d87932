//! Revisions from the actions a tool offers and the code it runs: the most severe operation
//! (enumerated, described or listed), a weak name whose operations all read, code that runs, a
//! restriction to reads, a saved read that is run.

use super::Evidence;
use crate::classify::Category;
use crate::classify::engine::description::description_verb_list;
use crate::classify::engine::description::first_sentence;
use crate::classify::engine::explain::article;
use crate::classify::engine::prose_actions::described_actions;
use crate::classify::engine::schema::{
    action_enum, enumerated_actions, is_http_method, most_severe,
};
use crate::classify::engine::{Basis, Decision};
use crate::classify::tokens::{split_name, words};

/// Several actions in one tool: the most severe reachable one decides (TAXONOMY.md). Removing
/// through an action of a tool about links removes a link.
pub(super) fn most_severe_enumerated_action(e: &Evidence, d: &Decision) -> Option<Decision> {
    let rules = e.rules;
    let (cat, param, value) =
        action_enum(rules, e.view).map(|(c, p, v)| (on_links(e, c, &v), p, v))?;
    // The HTTP method of something a Write name creates or updates (an uptime monitor's) is
    // part of what is configured, not a request the call makes.
    let configures = cat == Category::Execute
        && is_http_method(&value)
        && d.category == Category::Write
        && matches!(d.basis, Basis::Name | Basis::WeakName);
    if cat <= d.category || configures {
        return None;
    }
    Some(Decision {
        category: cat,
        basis: Basis::Actions,
        rule: format!("schema.action.{param}"),
        why: format!(
            "its \"{param}\" parameter offers \"{value}\", {} {cat} action, and the most severe action decides",
            article(cat)
        ),
        quote: format!("parameter \"{param}\" allows \"{value}\""),
    })
}

/// Actions listed in prose rather than an enum: prose, so a Read name still wins, except over a
/// tool that dispatches on an action parameter and lists its operations in its description: its
/// name names the group (`gitlab_mr_review`), and the operations decide (taxonomy
/// conventions). What an action parameter's own description lists may be what is checked
/// ("The operation to check: 'read', 'delete'"), so it does not raise a Read name.
pub(super) fn most_severe_described_action(e: &Evidence, d: &Decision) -> Option<Decision> {
    // Prose raises at most to Destructive: nothing to look for above it.
    if d.category >= Category::Destructive {
        return None;
    }
    let name_reads =
        d.category == Category::Read && matches!(d.basis, Basis::Name | Basis::WeakName);
    // Removing through an operation of a tool about links removes a link
    // (`manage_hyperlinks`: "add, update, remove"), as it does through an enumerated one. (The
    // operations are read only once the name is known not to decide alone.)
    let described = || {
        e.described_actions()
            .iter()
            .map(|(c, at, v)| (on_links(e, *c, v), at.clone(), v.clone()))
    };
    let (cat, at, value) = if name_reads {
        if !e.view.props.iter().any(|p| p.words.action_param) {
            return None;
        }
        most_severe(
            described()
                .filter(|(c, at, _)| at == "the description" && *c < Category::Financial)
                .collect(),
        )?
    } else {
        described_actions(described())?
    };
    if cat <= d.category {
        return None;
    }
    Some(Decision {
        category: cat,
        basis: Basis::Actions,
        rule: "schema.described_action".into(),
        why: format!(
            "{at} offers \"{value}\", {} {cat} action, and the most severe action decides",
            article(cat)
        ),
        quote: format!("{at} offers \"{value}\""),
    })
}

/// The category of an operation `value` of category `c` on this tool: a removal (`remove`,
/// `unlink`) on a tool whose name is about links or labels (`manage_hyperlinks`,
/// `issue_labels`) detaches a reference and loses no data, so it is Write (TAXONOMY.md).
fn on_links(e: &Evidence, c: Category, value: &str) -> Category {
    let rules = e.rules;
    let link = c == Category::Destructive
        && split_name(value)
            .iter()
            .any(|t| rules.removal_verbs.contains(t))
        && e.view
            .tokens
            .iter()
            .any(|t| rules.relation_objects.contains(t));
    if link { Category::Write } else { c }
}

/// Whether the text's first word is followed by a joiner of a list: "and", "or", a comma or a
/// slash ("Download and import…", "Add/update…").
fn joined_after_first_word(text: &str) -> bool {
    let text = text.trim_start();
    let end = text
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(text.len());
    let rest = &text[end..];
    let word = rest.trim_start();
    let opens = |w: &str| {
        word.get(..w.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(w))
    };
    rest.starts_with([',', '/']) || opens("and ") || opens("or ")
}

/// A description opening with a list of verbs ("Create, update or delete…"): the most severe.
/// "Add or remove an issue dependency": removing a link is a change, not a loss. A name that
/// reads wins over the list (names win over prose), unless the list opens with the name's own
/// verb and goes on: `download_model`, "Download and import a model", says what more it does.
pub(super) fn most_severe_listed_verb(e: &Evidence, d: &Decision) -> Option<Decision> {
    // Only a plain verb's read: a pair's (`embeddings_create` reads) stands. Most such
    // descriptions open with the name's verb and go on to its object ("Get a user"): a list
    // needs a joiner right after the first word, which is the cheap test.
    let extends_the_name = || {
        d.rule.starts_with("name.verb.")
            && e.name
                .zip(e.view.lead_verb.as_ref())
                .is_some_and(|(n, (_, lead, _))| *lead == n.verb)
            && joined_after_first_word(e.view.lead)
    };
    if d.category == Category::Read && matches!(d.basis, Basis::Name) && !extends_the_name() {
        return None;
    }
    let rules = e.rules;
    let (cat, word) = description_verb_list(rules, e.view.lead_sentence).map(|(c, w)| {
        let link = c == Category::Destructive
            && rules.removal_verbs.contains(&w)
            && (e
                .view
                .tokens
                .iter()
                .any(|t| rules.relation_objects.contains(t))
                || words(e.view.lead_sentence).any(|(_, x)| rules.relation_objects.contains(&x)));
        (if link { Category::Write } else { c }, w)
    })?;
    if cat <= d.category {
        return None;
    }
    Some(Decision {
        category: cat,
        basis: Basis::StrongPhrase,
        rule: "description.verb_list".into(),
        why: format!(
            "its description lists several actions, the most severe being \"{word}\" ({cat})"
        ),
        quote: first_sentence(e.desc()).to_string(),
    })
}

/// A tool whose name says little (`manage_slide_masters`, or no verb at all) and whose every
/// offered operation reads (`operation`: "list", "get_layouts", "get_info") reads: the most
/// severe operation decides, and that is a read. So does a name that ends in a word that is a
/// noun as often as a verb, after what it is about (`pipelines_run` with `action`: "get",
/// "list"): there the word names the group of operations, the runs, not an action.
pub(super) fn only_reads_offered(e: &Evidence, d: &Decision) -> Option<Decision> {
    let weak = d.basis == Basis::WeakName || matches!(d.basis, Basis::Default);
    if !((weak && d.category == Category::Write) || ends_in_a_noun_verb(e, d)) {
        return None;
    }
    let mut offered = enumerated_actions(e.rules, e.view);
    offered.extend(e.described_actions().iter().cloned());
    if offered.len() < 2 || offered.iter().any(|(c, _, _)| *c != Category::Read) {
        return None;
    }
    let (_, at, _) = &offered[0];
    let values: Vec<&str> = offered.iter().map(|(_, _, v)| v.as_str()).take(4).collect();
    Some(Decision {
        category: Category::Read,
        basis: Basis::Actions,
        rule: "schema.only_reads".into(),
        why: format!(
            "{}, but every operation it offers reads ({at}: \"{}\")",
            d.why,
            values.join("\", \"")
        ),
        quote: format!("{at} offers \"{}\"", values.join("\", \"")),
    })
}

/// Whether the name's verb, one that is a noun as often (`run`, `build`), ends an object-first
/// name (`pipelines_run`) and decided the category, under a description that opens with a read
/// ("Retrieve pipeline run data"; not "Import data into a container" under `elias_import`).
fn ends_in_a_noun_verb(e: &Evidence, d: &Decision) -> bool {
    let Some(n) = e.name else { return false };
    let described_read = e
        .view
        .lead_verb
        .as_ref()
        .is_some_and(|(_, _, cat)| *cat == Category::Read);
    described_read
        && d.basis == Basis::Name
        && d.rule.starts_with("name.verb.")
        && d.category > Category::Read
        && n.index > 0
        && n.index + 1 == e.view.verb_tokens.len()
        && e.rules.noun_verbs.contains(&n.verb)
}

/// Code execution: Execute whatever the name says (unless restricted to reads), but never
/// lower than what the name says (`delete_by_query` stays Destructive).
pub(super) fn code_runs(e: &Evidence, d: &Decision) -> Option<Decision> {
    let c = e.code?;
    // A description that mentions running a command the tool chooses itself ("runs the SHOW
    // TABLES command") does not overrule a name that reads: the caller gives no code.
    if !c.given && d.category == Category::Read && d.basis == Basis::Name {
        return None;
    }
    match e.read_only {
        Some(ro) if d.category <= Category::Execute && d.category != Category::Read => {
            Some(Decision {
                category: Category::Read,
                basis: Basis::StrongPhrase,
                rule: "phrase.read_only".into(),
                why: format!(
                    "it accepts a query, but its description restricts it to reads (\"{ro}\")"
                ),
                quote: e.quote_for(ro),
            })
        }
        _ if d.category < Category::Execute
            || (d.category == Category::Execute && d.basis != Basis::Code) =>
        {
            Some(Decision {
                category: Category::Execute,
                basis: if c.guess {
                    Basis::WeakName
                } else {
                    Basis::Code
                },
                rule: "schema.code".into(),
                why: c.why.clone(),
                quote: c.quote.clone(),
            })
        }
        _ => None,
    }
}

/// A list of extra command-line arguments passed through to a program (`extra_args`: "flags
/// passed through to the scanner") says the tool runs that program with what the caller adds:
/// developer tools run as programs are Execute (TAXONOMY.md).
pub(super) fn passes_program_arguments(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category >= Category::Execute || e.read_only.is_some() {
        return None;
    }
    let p = e
        .view
        .props
        .iter()
        .find(|p| p.is_array && e.rules.program_argument_params.contains(&p.words.squashed))?;
    Some(Decision {
        category: Category::Execute,
        basis: Basis::Schema,
        rule: "schema.program_arguments".into(),
        why: format!(
            "{}, but its parameter \"{}\" passes extra command-line arguments to the program it runs",
            d.why, p.name
        ),
        quote: format!("parameter \"{}\"", p.name),
    })
}

/// A tool restricted to reads is Read even when its verb runs something (`execute_query`:
/// "Executes a read-only SELECT query").
pub(super) fn restricted_to_reads(e: &Evidence, d: &Decision) -> Option<Decision> {
    let ro = e.read_only?;
    // An HTTP request restricted to reads ("Only GET requests are allowed") reads too, whatever
    // verb introduces it ("Make an HTTP request …").
    let request = e.phrases.iter().any(|(p, _)| p.id == "phrase.http_request");
    if !((d.category == Category::Execute
        && matches!(d.basis, Basis::Name | Basis::WeakName | Basis::Code))
        || (request && d.category <= Category::Execute))
    {
        return None;
    }
    Some(Decision {
        category: Category::Read,
        basis: Basis::StrongPhrase,
        rule: "phrase.read_only".into(),
        why: format!(
            "{}, but its description restricts it to reads (\"{ro}\")",
            d.why
        ),
        quote: e.quote_for(ro),
    })
}

/// Running a saved query or report reads (`run_panel_query`), unless it runs given code.
pub(super) fn running_a_saved_read(e: &Evidence, d: &Decision) -> Option<Decision> {
    if !(d.category == Category::Execute
        && e.code.is_none()
        && matches!(d.basis, Basis::Name | Basis::WeakName))
    {
        return None;
    }
    let n = e.name?;
    if !e.rules.read_run_verbs.contains(&n.verb) {
        return None;
    }
    let obj = e.view.verb_tokens[n.index + 1..]
        .iter()
        .find(|t| e.rules.read_run_objects.contains(*t))?;
    Some(Decision {
        category: Category::Read,
        basis: Basis::Name,
        rule: "name.runs_a_read".into(),
        why: format!(
            "the name's verb \"{}\" runs a {obj}, which reads, and it takes no code to run",
            n.verb
        ),
        quote: d.quote.clone(),
    })
}
