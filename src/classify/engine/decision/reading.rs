//! The first reading: the first source that speaks decides, in the order TAXONOMY.md trusts
//! them (names win over prose about the verb); with nothing said, the weak-evidence rule.

use super::Evidence;
use crate::classify::Category;
use crate::classify::engine::description::{first_sentence, known_verb};
use crate::classify::engine::explain::article;
use crate::classify::engine::name::agent_verb;
use crate::classify::engine::{Basis, Decision};
use crate::classify::model::Strength;
use crate::classify::tokens::{split_name, words};

/// The name's verb, or a committing verb on a financial object (`create_refund`).
pub(super) fn name_verb(e: &Evidence) -> Option<Decision> {
    let n = e.name?;
    Some(match &n.financial_object {
        Some(obj) => Decision {
            category: Category::Financial,
            basis: Basis::Name,
            rule: "name.financial_object".into(),
            why: format!(
                "the name's verb \"{}\" acts on \"{obj}\", which moves money or commits to pay",
                n.verb
            ),
            quote: e.name_quote(obj),
        },
        None => Decision {
            category: n.category,
            basis: if n.weak { Basis::WeakName } else { Basis::Name },
            rule: format!("name.verb.{}", n.verb),
            why: format!(
                "the name's verb \"{}\" is {} {} verb",
                n.verb,
                article(n.category),
                n.category
            ),
            quote: e.name_quote(&n.verb),
        },
    })
}

/// The description's leading verb, or a committing one on a financial object ("Creates a
/// refund…").
pub(super) fn description_verb(e: &Evidence) -> Option<Decision> {
    let (word, verb, cat) = e.view.lead_verb.clone()?;
    let rules = e.rules;
    let fin = if cat != Category::Read && rules.commit_verbs.contains(&verb) {
        // A transaction of a data store ("Start a new database transaction", or `mysql_…` in
        // the name) groups statements; it moves no money.
        let sentence = || -> Vec<String> { words(e.view.lead_sentence).map(|(_, w)| w).collect() };
        words(e.view.lead_sentence)
            .skip(1)
            .take(6)
            .map(|(_, w)| w)
            .find(|w| {
                rules.financial_objects.contains(w)
                    && !rules.in_a_database_sense(w, &[&sentence(), e.view.tokens])
            })
    } else {
        None
    };
    Some(match fin {
        Some(obj) => Decision {
            category: Category::Financial,
            basis: Basis::DescriptionVerb,
            rule: "description.financial_object".into(),
            why: format!(
                "the description opens with \"{word}\" acting on \"{obj}\", which moves money or commits to pay"
            ),
            quote: first_sentence(e.desc()).to_string(),
        },
        None => Decision {
            category: cat,
            basis: Basis::DescriptionVerb,
            rule: format!("description.verb.{verb}"),
            why: format!(
                "the name has no verb, and the description opens with \"{word}\", {} {cat} verb",
                article(cat)
            ),
            quote: first_sentence(e.desc()).to_string(),
        },
    })
}

/// The first strong phrase of the description ("permanently deletes").
pub(super) fn strong_phrase(e: &Evidence) -> Option<Decision> {
    let (p, m) = e
        .phrases
        .iter()
        .find(|(p, _)| p.strength == Strength::Strong && !p.read_only)?;
    Some(Decision {
        category: p.category,
        basis: Basis::StrongPhrase,
        rule: p.id.clone(),
        why: format!("the description says \"{m}\""),
        quote: e.quote_for(m),
    })
}

/// The most severe weak phrase of the description ("creates a new …").
pub(super) fn weak_phrase(e: &Evidence) -> Option<Decision> {
    let (p, m) = e
        .phrases
        .iter()
        .filter(|(p, _)| !p.read_only)
        .max_by_key(|(p, _)| p.category)?;
    Some(Decision {
        category: p.category,
        basis: Basis::WeakPhrase,
        rule: p.id.clone(),
        why: format!("the description says \"{m}\""),
        quote: e.quote_for(m),
    })
}

/// A name that ends in a math function of the standard library (`erf`, `log10`,
/// `complex_abs`), after words that are no verbs of a change, computes a value and returns it.
/// The raw name is read, not its words: `log10` would split into the verb "log" and a number.
pub(super) fn math_function_name(e: &Evidence) -> Option<Decision> {
    let name = &e.view.tool.name;
    let last = name.rsplit(|c: char| !c.is_alphanumeric()).next()?;
    // The longest of the functions has nine letters: most names end in no such word.
    if last.len() > 9 {
        return None;
    }
    // Names are lower-case nearly always: look those up as they are, without a copy.
    let function = if last.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(last.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(last)
    };
    if !e.rules.math_functions.contains(function.as_ref()) {
        return None;
    }
    let before = &name[..name.len() - last.len()];
    let changes = split_name(before)
        .iter()
        .any(|t| e.rules.verbs.get(t).is_some_and(|c| *c > Category::Read));
    if changes {
        return None;
    }
    Some(Decision {
        category: Category::Read,
        basis: Basis::Name,
        rule: "name.math_function".into(),
        why: format!(
            "the name is the math function \"{function}\", which computes a value and returns it"
        ),
        quote: e.name_quote(last),
    })
}

/// A bare program name (`eslint`, `pytest`) runs that program, unless the name also says what
/// it reads (`pytest_results`). So does a name that ends in one of a program's subcommands
/// (`pulumi_up`, `terraform_plan`, `clang_regression_test`). A program followed by a noun only
/// qualifies it (`npm_deps`, `docker_images`, `helm_chart`): the name names a thing about the
/// program, and the rest of the definition decides what is done with it.
pub(super) fn program_name(e: &Evidence) -> Option<Decision> {
    let tokens = e.view.verb_tokens;
    if tokens.iter().any(|t| e.rules.read_nouns.contains(t)) {
        return None;
    }
    let at = tokens.iter().position(|t| e.rules.programs.contains(t))?;
    let program = &tokens[at];
    let last = tokens.last()?;
    if at + 1 < tokens.len() && !e.rules.program_subcommands.contains(last) {
        return None;
    }
    Some(Decision {
        category: Category::Execute,
        basis: Basis::WeakName,
        rule: "name.program".into(),
        why: format!(
            "the name has no verb, and \"{program}\" is a program: a tool named for it runs it"
        ),
        quote: e.name_quote(program),
    })
}

/// A name with no verb that ends in the noun of a read (`server_status`, `memory_stats`) names
/// what it returns; its description's verb ("Report statistics…", "Run a health check…") says
/// how, not that anything changes. A last word that is a verb too (`expense_log`: "Create an
/// expense entry") is the action when the description opens with a verb that makes or changes
/// a record (the storing verbs of `[code_exec]`): the description says which sense the word
/// has. Not any verb of a change: "Report statistics" says how a status is read.
pub(super) fn read_noun_name(e: &Evidence) -> Option<Decision> {
    let last = e.view.verb_tokens.last()?;
    if !e.rules.read_nouns.contains(last) {
        return None;
    }
    if e.rules.noun_verbs.contains(last)
        && e.view
            .lead_verb
            .as_ref()
            .is_some_and(|(_, verb, _)| e.rules.code_storing_verbs.contains(verb))
    {
        return None;
    }
    Some(Decision {
        category: Category::Read,
        basis: Basis::Name,
        rule: "name.read_noun".into(),
        why: format!("the name has no verb and ends in \"{last}\", which names something to read"),
        quote: e.name_quote(last),
    })
}

/// Nothing in the definition says what the tool does. A name made of the nouns of a read
/// (`server_health`, `stock_price`) reads; otherwise weak evidence is not evidence of a read
/// (TAXONOMY.md), and the tool is taken to change something.
pub(super) fn nothing_said(e: &Evidence) -> Decision {
    let desc = e.desc();
    let quote = if desc.trim().is_empty() {
        e.view.tool.name.clone()
    } else {
        first_sentence(desc).to_string()
    };
    let read = |rule: &str, why: String| Decision {
        category: Category::Read,
        basis: Basis::Default,
        rule: rule.into(),
        why,
        quote: quote.clone(),
    };
    let tokens = e.view.verb_tokens;
    if let Some(noun) = tokens.iter().find(|t| {
        e.rules.read_nouns.contains(*t)
            || e.rules.read_agents.contains(*t)
            || agent_verb(e.rules, t).is_some_and(|(_, c)| c == Category::Read)
    }) {
        return read(
            "default.read_noun",
            format!(
                "the name has no verb, and its word \"{noun}\" names something to read; nothing else in the definition says it changes, runs or pays for anything"
            ),
        );
    }
    // `command_runner`, `code_interpreter`: the agent of a run runs, as a program's name does.
    if let Some((word, verb)) = tokens.iter().find_map(|t| {
        agent_verb(e.rules, t)
            .filter(|(_, c)| *c == Category::Execute)
            .map(|(verb, _)| (t, verb))
    }) {
        return Decision {
            category: Category::Execute,
            basis: Basis::WeakName,
            rule: "name.execute_agent".into(),
            why: format!(
                "the name has no verb, and its word \"{word}\" names what does \"{verb}\", an Execute verb; nothing else in the definition says what it runs"
            ),
            quote: e.name_quote(word),
        };
    }
    let mut opening = words(e.view.lead_sentence).map(|(_, w)| w);
    match (opening.next(), opening.next()) {
        // "Ingest a path…", "Skip to the next track": a verb the rules do not know. So is a
        // word shaped as a verb that the name also puts before its object ("Reprioritize…" of
        // `reprioritize_sub_issue`, "Resend OTP…" of `resend_otp`).
        (Some(first), next)
            if next
                .as_ref()
                .is_some_and(|n| e.rules.object_openers.contains(n))
                || (verb_shaped(e.rules, &first) && names_it_before_an_object(tokens, &first)) =>
        {
            return weak_evidence(
                format!("the description opens with \"{first}\", an action the rules do not know"),
                quote,
            );
        }
        // "Receive delivered items … and update inventory": an action the rules do not know,
        // joined to one they know that changes something.
        (Some(first), _) if let Some(then) = conjoined_change(e) => {
            return weak_evidence(
                format!(
                    "the description opens with \"{first}\", an action the rules do not know, and goes on to \"{then}\""
                ),
                quote,
            );
        }
        // "Gamma correction." of `vfx_gamma_correction`: a description that only repeats the
        // name's words says nothing more than the name, and weak evidence is no read.
        (Some(_), _) if repeats_the_name(e) => {
            return weak_evidence(
                "no known verb in the name, and the description only repeats it".to_string(),
                quote,
            );
        }
        // "Inverse hyperbolic sine of x", "GraphQL schema introspection": a thing, not an act.
        (Some(first), _) => {
            return read(
                "default.noun_phrase",
                format!(
                    "the name has no verb, and the description opens with \"{first}\", naming a thing rather than an action; nothing says it changes, runs or pays for anything"
                ),
            );
        }
        _ => {}
    }
    // No description: a name that names a conversion (`date_to_timestamp`, `html_to_markdown`)
    // returns what it converts to, unless it converts to a file (`docx_to_pdf`).
    if let Some(at) = tokens.iter().position(|t| t == "to")
        && at > 0
        && at + 1 < tokens.len()
        && !e.rules.alone_file_formats.contains(&tokens[at + 1])
    {
        return read(
            "default.conversion",
            format!(
                "the name has no verb and names a conversion (\"{} to {}\"), which returns its result",
                tokens[at - 1],
                tokens[at + 1]
            ),
        );
    }
    // No description: a name that names a collection (`space_files`, `assets_by_category`)
    // lists it.
    if let Some(plural) = tokens.iter().find(|t| {
        t.len() > 3
            && t.ends_with('s')
            && !t.ends_with("ss")
            && !t.ends_with("us")
            && !t.ends_with("is")
            && known_verb(e.rules, t).is_none()
    }) {
        return read(
            "default.collection",
            format!("the name has no verb and names a collection (\"{plural}\"), which it lists"),
        );
    }
    weak_evidence(
        "no known verb in the name, and no description".to_string(),
        quote,
    )
}

/// Whether the description's first sentence is at most four words, all of them the name's
/// ("Mirror X." of `vfx_mirror_x`).
fn repeats_the_name(e: &Evidence) -> bool {
    let sentence: Vec<String> = words(e.view.lead_sentence)
        .map(|(_, w)| w)
        .take(5)
        .collect();
    !sentence.is_empty()
        && sentence.len() <= 4
        && sentence
            .iter()
            .all(|w| e.view.tokens.iter().any(|t| t == w))
}

/// A verb that changes something, after "and" or "then" in the description's first sentence
/// ("… and update inventory").
fn conjoined_change(e: &Evidence) -> Option<String> {
    let sentence: Vec<String> = words(e.view.lead_sentence)
        .map(|(_, w)| w)
        .take(24)
        .collect();
    sentence.windows(2).find_map(|pair| {
        let [joiner, word] = pair else { return None };
        // A verb, not a gerund ("a platform for running and deploying models" names a
        // purpose).
        if !matches!(joiner.as_str(), "and" | "then") || word.ends_with("ing") {
            return None;
        }
        known_verb(e.rules, word)
            .filter(|(_, c)| *c > Category::Read && !e.rules.weak_verbs.contains(word))
            .map(|_| word.clone())
    })
}

/// Weak evidence is not evidence of a read (TAXONOMY.md): Write, with low confidence.
fn weak_evidence(what: String, quote: String) -> Decision {
    Decision {
        category: Category::Write,
        basis: Basis::Default,
        rule: "default.weak_evidence".into(),
        why: format!(
            "the evidence is weak ({what}), and weak evidence is not evidence of a read, so it is taken to change something"
        ),
        quote,
    }
}

/// A word English shapes as a verb: a verb-forming suffix (`optimize`, `simplify`), or a known
/// verb done again (`resend`, `reapply`), by the prefixes and suffixes of `[weak_evidence]`.
fn verb_shaped(rules: &crate::classify::model::Rules, word: &str) -> bool {
    rules
        .verb_suffixes
        .iter()
        .any(|s| word.len() >= s.len() + 3 && word.ends_with(s.as_str()))
        || rules.again_prefixes.iter().any(|p| {
            word.strip_prefix(p.as_str())
                .is_some_and(|rest| rest.len() >= 4 && rules.verbs.contains_key(rest))
        })
}

/// The name holds `word` with something after it: its object (`resend_otp`), so the name says
/// the word is its action, not a calculator's bare `simplify`.
fn names_it_before_an_object(tokens: &[String], word: &str) -> bool {
    tokens
        .iter()
        .position(|t| t == word)
        .is_some_and(|at| at + 1 < tokens.len())
}
