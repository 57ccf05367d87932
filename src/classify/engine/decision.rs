//! The decision: which category the evidence supports, as a first reading revised by an
//! ordered list of steps. The order is the precedence: a later step sees, and may overrule,
//! what the earlier ones decided. [`FIRST_READING`] and [`STEPS`] are the whole of it.

use super::description::{
    Lowered, PhraseText, description_verb_list, first_sentence, known_verb, sentence_at,
};
use super::explain::article;
use super::name::{auth_flow_name, head_object};
use super::schema::{
    CodeEvidence, action_enum, described_action_list, described_actions, enumerated_actions,
    is_http_method, link_removal, money_param, most_severe, removal_from_a_list,
};
use super::view::View;
use super::{Basis, Decision, NameVerb};
use crate::classify::Category;
use crate::classify::model::{Phrase, Rules, Strength};
use crate::classify::tokens::{split_name, words};

/// What the steps decide from: the evidence gathered from the name, description and schema.
pub(super) struct Evidence<'e, 'v> {
    pub(super) rules: &'e Rules,
    pub(super) view: &'e View<'v>,
    pub(super) name: Option<&'e NameVerb>,
    pub(super) phrases: &'e [(&'e Phrase, PhraseText<'e>)],
    pub(super) code: Option<&'e CodeEvidence>,
    /// A phrase that restricts the tool to reads ("read-only", "SELECT only").
    pub(super) read_only: Option<&'e str>,
    /// The description searched without case, made on the first quote.
    lower: std::cell::OnceCell<Lowered<'e>>,
}

impl<'e, 'v> Evidence<'e, 'v> {
    pub(super) fn new(
        rules: &'e Rules,
        view: &'e View<'v>,
        name: Option<&'e NameVerb>,
        phrases: &'e [(&'e Phrase, PhraseText<'e>)],
        code: Option<&'e CodeEvidence>,
        read_only: Option<&'e str>,
    ) -> Evidence<'e, 'v> {
        Evidence {
            rules,
            view,
            name,
            phrases,
            code,
            read_only,
            lower: std::cell::OnceCell::new(),
        }
    }

    fn desc(&self) -> &'e str {
        &self.view.tool.description
    }

    /// The description's sentence that holds `word` (any case), or its first sentence.
    fn quote_for(&self, word: &str) -> String {
        let desc = self.desc();
        let lower = self.lower.get_or_init(|| Lowered::new(desc));
        match lower.find(&word.to_lowercase()) {
            Some(at) if !desc.is_empty() => sentence_at(desc, at).to_string(),
            _ => first_sentence(desc).to_string(),
        }
    }

    /// [`Evidence::quote_for`], or the tool's name when it has no description.
    fn name_quote(&self, fallback_word: &str) -> String {
        let q = self.quote_for(fallback_word);
        if q.is_empty() {
            self.view.tool.name.clone()
        } else {
            q
        }
    }
}

/// A source of the first reading: a decision when it speaks at all.
type Reading = fn(&Evidence) -> Option<Decision>;

/// A revision of the decision so far: the decision that replaces it, if any.
type Step = fn(&Evidence, &Decision) -> Option<Decision>;

/// The first reading: the first of these that speaks decides, in the order TAXONOMY.md trusts
/// them (names win over prose about the verb).
const FIRST_READING: [Reading; 6] = [
    name_verb,
    program_name,
    read_noun_name,
    description_verb,
    strong_phrase,
    weak_phrase,
];

/// The revisions, in order of precedence: each may overrule what came before it.
const STEPS: [Step; 24] = [
    noun_phrase_of_a_read,
    description_starts_a_job,
    drafts_owe_nothing,
    verb_on_object,
    weak_name_verb_yields,
    drives_a_browser,
    documentation_by_name,
    description_says_what_the_name_does,
    removing_a_link,
    most_severe_enumerated_action,
    most_severe_described_action,
    most_severe_listed_verb,
    only_reads_offered,
    code_runs,
    restricted_to_reads,
    running_a_saved_read,
    auth_flow_by_name,
    strong_phrase_raises,
    restorable_removal,
    saves_its_output,
    money_amount,
    starts_an_auth_flow,
    billing_parameter,
    paid_call,
];

/// The category the name, description and schema support (annotations come after, in
/// [`super::annotations`]).
pub(super) fn decide(e: &Evidence) -> Decision {
    let mut d = FIRST_READING
        .iter()
        .find_map(|reading| reading(e))
        .unwrap_or_else(|| nothing_said(e));
    for step in STEPS {
        if let Some(next) = step(e, &d) {
            d = next;
        }
    }
    d
}

// ---------------------------------------------------------------------------------------------
// The first reading

/// The name's verb, or a committing verb on a financial object (`create_refund`).
fn name_verb(e: &Evidence) -> Option<Decision> {
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
fn description_verb(e: &Evidence) -> Option<Decision> {
    let (word, verb, cat) = e.view.lead_verb.clone()?;
    let rules = e.rules;
    let fin = if cat != Category::Read && rules.commit_verbs.contains(&verb) {
        words(first_sentence(e.view.lead))
            .skip(1)
            .take(6)
            .find(|(_, w)| rules.financial_objects.contains(w))
            .map(|(_, w)| w)
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
fn strong_phrase(e: &Evidence) -> Option<Decision> {
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
fn weak_phrase(e: &Evidence) -> Option<Decision> {
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

/// A bare program name (`eslint`, `pytest`) runs that program, unless the name also says what
/// it reads (`pytest_results`).
fn program_name(e: &Evidence) -> Option<Decision> {
    let tokens = e.view.verb_tokens;
    if tokens.iter().any(|t| e.rules.read_nouns.contains(t)) {
        return None;
    }
    let program = tokens.iter().find(|t| e.rules.programs.contains(*t))?;
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
/// how, not that anything changes.
fn read_noun_name(e: &Evidence) -> Option<Decision> {
    let last = e.view.verb_tokens.last()?;
    if !e.rules.read_nouns.contains(last) {
        return None;
    }
    Some(Decision {
        category: Category::Read,
        basis: Basis::WeakName,
        rule: "name.read_noun".into(),
        why: format!("the name has no verb and ends in \"{last}\", which names something to read"),
        quote: e.name_quote(last),
    })
}

/// Nothing in the definition says what the tool does. A name made of the nouns of a read
/// (`server_health`, `stock_price`) reads; otherwise weak evidence is not evidence of a read
/// (TAXONOMY.md), and the tool is taken to change something.
fn nothing_said(e: &Evidence) -> Decision {
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
    if let Some(noun) = tokens.iter().find(|t| e.rules.read_nouns.contains(*t)) {
        return read(
            "default.read_noun",
            format!(
                "the name has no verb, and its word \"{noun}\" names something to read; nothing else in the definition says it changes, runs or pays for anything"
            ),
        );
    }
    let mut opening = words(first_sentence(e.view.lead)).map(|(_, w)| w);
    match (opening.next(), opening.next()) {
        // "Ingest a path…", "Skip to the next track": a verb the rules do not know.
        (Some(first), Some(next)) if e.rules.object_openers.contains(&next) => {
            return weak_evidence(
                format!("the description opens with \"{first}\", an action the rules do not know"),
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

// ---------------------------------------------------------------------------------------------
// The steps, in the order of [`STEPS`]

/// A verb that is also a noun, followed only by the nouns of a read, names a thing to read
/// (`place_details`, `tag_list`, `order_status`): no action is asked for.
fn noun_phrase_of_a_read(e: &Evidence, d: &Decision) -> Option<Decision> {
    if !(matches!(d.basis, Basis::Name | Basis::WeakName) && d.rule.starts_with("name.")) {
        return None;
    }
    let n = e.name?;
    let rules = e.rules;
    let tokens = e.view.verb_tokens;
    let rest = &tokens[n.index + 1..];
    // Object-first names put the action last (`project_share_link_get`, `setup_check`): a read
    // verb that ends the name is the action, and the noun-verbs before it are its object.
    let ends_in_a_read = || {
        rest.last().is_some_and(|t| {
            rules.read_suffix_verbs.contains(t)
                || rules.read_nouns.contains(t)
                || (rest.len() == 1 && rules.read_suffix_adjacent.contains(t))
        }) && rest[..rest.len() - 1]
            .iter()
            .all(|t| !rules.conjunctions.contains(t))
    };
    if !rules.noun_verbs.contains(&n.verb)
        || rest.is_empty()
        || tokens[..n.index]
            .iter()
            .any(|t| rules.verbs.contains_key(t))
        || !(rest.iter().all(|t| rules.read_nouns.contains(t)) || ends_in_a_read())
    {
        return None;
    }
    Some(Decision {
        category: Category::Read,
        basis: Basis::Name,
        rule: "name.noun_phrase".into(),
        why: format!(
            "the name \"{} {}\" names something to read: \"{}\" is a noun here, not an action",
            n.verb,
            rest.join(" "),
            n.verb
        ),
        quote: d.quote.clone(),
    })
}

/// A name whose only verb says little (`options_put_call`, `process_x`) under a description
/// that opens with a specific verb ("Get options put/call ratio data"): the description says
/// what the weak verb stands for.
fn weak_name_verb_yields(e: &Evidence, d: &Decision) -> Option<Decision> {
    if !(d.basis == Basis::WeakName && d.rule.starts_with("name.verb.")) {
        return None;
    }
    let n = e.name?;
    let (word, verb, cat) = e.view.lead_verb.as_ref()?;
    // "Run a health check" says how a check is done, not that it runs a program; and a noun-verb
    // ("Report statistics…") opening the description of a read names what it returns.
    if *verb == n.verb
        || e.rules.weak_verbs.contains(verb)
        || e.rules.read_run_verbs.contains(verb)
        || (d.category == Category::Read && e.rules.noun_verbs.contains(verb))
        || *cat == d.category
    {
        return None;
    }
    Some(Decision {
        category: *cat,
        basis: Basis::DescriptionVerb,
        rule: format!("description.verb.{verb}"),
        why: format!(
            "the name's only verb \"{}\" says little, and the description opens with \"{word}\", {} {cat} verb",
            n.verb,
            article(*cat)
        ),
        quote: first_sentence(e.desc()).to_string(),
    })
}

/// In a browser (`browser_select_option`, `puppeteer_select`) selecting, dropping, moving or
/// pressing drives the page, and opening or switching tabs at a URL navigates: browser
/// automation is Execute (TAXONOMY.md).
fn drives_a_browser(e: &Evidence, d: &Decision) -> Option<Decision> {
    let rules = e.rules;
    let tokens = e.view.verb_tokens;
    if d.category >= Category::Execute && d.category != Category::Destructive {
        return None;
    }
    let namespace = tokens
        .iter()
        .find(|t| rules.browser_namespaces.contains(*t))?;
    // The verb of the name, or, when the name's verb stands where only a plain verb counts
    // (`browser_mouse_move_xy`), the description's.
    let verb = match (e.name, &e.view.lead_verb) {
        (Some(n), _)
            if tokens[..n.index].contains(namespace)
                && matches!(d.basis, Basis::Name | Basis::WeakName) =>
        {
            Some(n.verb.as_str())
        }
        (None, Some((_, v, _))) if d.rule.starts_with("description.verb.") => Some(v.as_str()),
        _ => None,
    };
    let how = match verb {
        Some(v) if rules.browser_verbs.contains(v) => {
            format!("\"{v}\" in a browser drives the page")
        }
        _ if d.category <= Category::Write
            && tokens.iter().any(|t| rules.browser_tab_objects.contains(t))
            && e.view.props.iter().any(|p| {
                p.words.squashed == "url"
                    && p.description.is_some_and(|d| {
                        let d = d.to_ascii_lowercase();
                        d.contains("navigat") || d.contains("open") || d.contains("new tab")
                    })
            }) =>
        {
            "it opens or switches browser tabs at a URL the caller gives, which navigates".into()
        }
        _ => return None,
    };
    Some(Decision {
        category: Category::Execute,
        basis: Basis::Name,
        rule: "name.browser".into(),
        why: format!("the name's \"{namespace}\" puts it in a browser, and {how}"),
        quote: d.quote.clone(),
    })
}

/// A name whose verb reads, over a description that opens by starting something ("Trigger a
/// scan of a pipeline", "Start an asynchronous crawl"): the description states the real effect,
/// a job that runs beyond the call (labels README).
fn description_starts_a_job(e: &Evidence, d: &Decision) -> Option<Decision> {
    if !(d.category == Category::Read
        && matches!(d.basis, Basis::Name | Basis::WeakName)
        && d.rule.starts_with("name.verb."))
    {
        return None;
    }
    let opening = e.view.lead_verb.as_ref().and_then(|(word, verb, _)| {
        // "Start a …", "Trigger the …": a verb with its object, not a heading ("START HERE").
        let next = words(first_sentence(e.view.lead)).nth(1).map(|(_, w)| w)?;
        (e.rules.job_start_verbs.contains(verb) && e.rules.object_openers.contains(&next)).then(
            || {
                (
                    format!("its description opens with \"{word}\""),
                    first_sentence(e.desc()).to_string(),
                )
            },
        )
    });
    // "Returns a job ID that can be used to check status": the work goes on after the call.
    let (how, quote) = opening.or_else(|| {
        let m = e.rules.job_id_phrase.find(e.desc())?;
        Some((
            format!("its description says it \"{}\"", m.as_str()),
            sentence_at(e.desc(), m.start()).to_string(),
        ))
    })?;
    Some(Decision {
        category: Category::Execute,
        basis: Basis::StrongPhrase,
        rule: "description.starts_job".into(),
        why: format!(
            "{}, but {how}: it starts a job that runs beyond the call",
            d.why
        ),
        quote,
    })
}

/// A financial object a definition restricted to drafts only edits ("Only works on draft
/// invoices"): nothing is owed yet.
fn drafts_owe_nothing(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.rule != "name.financial_object" {
        return None;
    }
    let n = e.name?;
    let desc = e.desc();
    let m = e.rules.draft_only.find(desc)?;
    let cat = e
        .rules
        .verbs
        .get(&n.verb)
        .copied()
        .unwrap_or(Category::Write);
    Some(Decision {
        category: cat,
        basis: Basis::Name,
        rule: format!("name.verb.{}", n.verb),
        why: format!(
            "the name's verb \"{}\" is {} {cat} verb, and its description restricts it to drafts (\"{}\"), which owe nothing",
            n.verb,
            article(cat),
            m.as_str()
        ),
        quote: sentence_at(desc, m.start()).to_string(),
    })
}

/// A verb on an object that changes what it means (`ask_agent`, `cancel_subscription`).
fn verb_on_object(e: &Evidence, d: &Decision) -> Option<Decision> {
    if !(matches!(d.basis, Basis::Name | Basis::WeakName) && d.rule.starts_with("name.verb.")) {
        return None;
    }
    let n = e.name?;
    let described;
    let obj = match head_object(e.rules, &e.view.verb_tokens[n.index + 1..]) {
        Some(o) => o,
        None => {
            described = described_object(e, &n.verb)?;
            &described
        }
    };
    let vo = e
        .rules
        .verb_objects
        .iter()
        .find(|vo| vo.verbs.contains(&n.verb) && vo.objects.contains(obj))?;
    Some(Decision {
        category: vo.category,
        basis: Basis::Name,
        rule: "name.verb_object".into(),
        why: format!(
            "the name's verb \"{}\" acts on \"{obj}\": {}",
            n.verb, vo.why
        ),
        quote: d.quote.clone(),
    })
}

/// The object of a name that is its verb alone (`rebuild`), from a description that opens with
/// the same verb: "Rebuild the Xapian search index from Markdown files" → index.
fn described_object(e: &Evidence, verb: &str) -> Option<String> {
    let (_, lead, _) = e.view.lead_verb.as_ref()?;
    if lead != verb || e.view.verb_tokens.len() > e.name?.index + 1 {
        return None;
    }
    let rest: Vec<String> = words(first_sentence(e.view.lead))
        .skip(1)
        .map(|(_, w)| w)
        .collect();
    head_object(e.rules, &rest).cloned()
}

/// A name that ends in a noun of documentation (`migrate_pages_to_workers_guide`) returns
/// guidance about the action it names, unless its verb makes or changes the document
/// (`update_guide`). Labels README: tools that only return documentation are Read.
fn documentation_by_name(e: &Evidence, d: &Decision) -> Option<Decision> {
    if !(matches!(d.basis, Basis::Name | Basis::WeakName)
        && matches!(d.category, Category::Write | Category::Execute)
        && e.code.is_none())
    {
        return None;
    }
    let n = e.name?;
    let last = e.view.verb_tokens.last()?;
    if !e.rules.documentation_nouns.contains(last)
        || e.rules.documentation_edit_verbs.contains(&n.verb)
    {
        return None;
    }
    Some(Decision {
        category: Category::Read,
        basis: Basis::Name,
        rule: "name.documentation".into(),
        why: format!(
            "the name ends in \"{last}\": it returns guidance about \"{}\", it does not do it",
            n.verb
        ),
        quote: d.quote.clone(),
    })
}

/// A description whose leading verb is more severe than a Write name verb says what the named
/// action does (`create_build`: "Trigger a new build"; `unlink`: "Delete records").
fn description_says_what_the_name_does(e: &Evidence, d: &Decision) -> Option<Decision> {
    // A verb read with its object (`rebuild` of an index) has said what it does already.
    if !(matches!(d.basis, Basis::Name | Basis::WeakName)
        && d.category == Category::Write
        && d.rule != "name.verb_object")
    {
        return None;
    }
    let (word, verb, cat) = e.view.lead_verb.as_ref()?;
    if *cat <= d.category {
        return None;
    }
    Some(Decision {
        category: *cat,
        basis: Basis::Name,
        rule: format!("description.verb.{verb}"),
        why: format!(
            "{}, and its description says what that does: \"{word}\", {} {cat} verb",
            d.why,
            article(*cat)
        ),
        quote: first_sentence(e.desc()).to_string(),
    })
}

/// Removing a link (`remove_user_from_group`, `delete_association`) is a reversible change.
fn removing_a_link(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category != Category::Destructive {
        return None;
    }
    let name = e.name;
    let (verb, after) = match (&d.basis, name, &e.view.lead_verb) {
        (Basis::Name | Basis::WeakName, Some(n), _) if d.rule.starts_with("name.") => {
            (n.verb.clone(), n.index + 1)
        }
        (_, _, Some((_, verb, _))) if d.rule.starts_with("description.verb") => {
            (verb.clone(), name.map_or(0, |n| n.index + 1))
        }
        _ => return None,
    };
    // A name that says "delete" over a description that states the real effect: "Remove an
    // association (unlink) between two objects" detaches (labels README: the stated effect
    // decides over a misleading name).
    let (verb, what) = if e.rules.removal_verbs.contains(&verb) {
        let what = link_removal(e.rules, e.view, after)?;
        (verb, what)
    } else if let Some((_, lead, _)) = &e.view.lead_verb
        && e.rules.removal_verbs.contains(lead)
    {
        (lead.clone(), link_removal(e.rules, e.view, after)?)
    } else {
        let what = removal_from_a_list(e.rules, e.view, after)?;
        (verb, what)
    };
    Some(Decision {
        category: Category::Write,
        basis: Basis::Name,
        rule: "name.removes_link".into(),
        why: format!("\"{verb}\" here removes {what}, a link a later call can restore, not data"),
        quote: d.quote.clone(),
    })
}

/// Several actions in one tool: the most severe reachable one decides (TAXONOMY.md). Removing
/// through an action of a tool about links removes a link.
fn most_severe_enumerated_action(e: &Evidence, d: &Decision) -> Option<Decision> {
    let rules = e.rules;
    let (cat, param, value) = action_enum(rules, e.view).map(|(c, p, v)| {
        let link = c == Category::Destructive
            && split_name(&v)
                .iter()
                .any(|t| rules.removal_verbs.contains(t))
            && e.view
                .tokens
                .iter()
                .any(|t| rules.relation_objects.contains(t));
        (if link { Category::Write } else { c }, p, v)
    })?;
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
/// name names the group (`gitlab_mr_review`), and the operations decide (labels README). What an
/// action parameter's own description lists may be what is checked ("The operation to check:
/// 'read', 'delete'"), so it does not raise a Read name.
fn most_severe_described_action(e: &Evidence, d: &Decision) -> Option<Decision> {
    let name_reads =
        d.category == Category::Read && matches!(d.basis, Basis::Name | Basis::WeakName);
    let (cat, at, value) = if name_reads {
        if !e.view.props.iter().any(|p| p.words.action_param) {
            return None;
        }
        most_severe(
            described_action_list(e.rules, e.view)
                .into_iter()
                .filter(|(c, at, _)| at == "the description" && *c < Category::Financial)
                .collect(),
        )?
    } else {
        described_actions(e.rules, e.view)?
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

/// A description opening with a list of verbs ("Create, update or delete…"): the most severe.
/// "Add or remove an issue dependency": removing a link is a change, not a loss.
fn most_severe_listed_verb(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category == Category::Read && matches!(d.basis, Basis::Name) {
        return None;
    }
    let rules = e.rules;
    let (cat, word) = description_verb_list(rules, first_sentence(e.view.lead)).map(|(c, w)| {
        let link = c == Category::Destructive
            && rules.removal_verbs.contains(&w)
            && (e
                .view
                .tokens
                .iter()
                .any(|t| rules.relation_objects.contains(t))
                || words(first_sentence(e.view.lead))
                    .any(|(_, x)| rules.relation_objects.contains(&x)));
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
/// severe operation decides, and that is a read.
fn only_reads_offered(e: &Evidence, d: &Decision) -> Option<Decision> {
    let weak = d.basis == Basis::WeakName || matches!(d.basis, Basis::Default);
    if !(weak && d.category == Category::Write) {
        return None;
    }
    let mut offered = enumerated_actions(e.rules, e.view);
    offered.extend(described_action_list(e.rules, e.view));
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

/// Code execution: Execute whatever the name says (unless restricted to reads), but never
/// lower than what the name says (`delete_by_query` stays Destructive).
fn code_runs(e: &Evidence, d: &Decision) -> Option<Decision> {
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
                basis: Basis::Code,
                rule: "schema.code".into(),
                why: c.why.clone(),
                quote: c.quote.clone(),
            })
        }
        _ => None,
    }
}

/// A tool restricted to reads is Read even when its verb runs something (`execute_query`:
/// "Executes a read-only SELECT query").
fn restricted_to_reads(e: &Evidence, d: &Decision) -> Option<Decision> {
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
fn running_a_saved_read(e: &Evidence, d: &Decision) -> Option<Decision> {
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

/// A name that starts an authentication flow (`create_oauth_url`, `request_device_login`) is
/// Execute (TAXONOMY.md), whatever its write verb.
fn auth_flow_by_name(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category != Category::Write {
        return None;
    }
    let words = auth_flow_name(e.rules, e.view)?;
    Some(Decision {
        category: Category::Execute,
        basis: Basis::Name,
        rule: "name.auth_flow".into(),
        why: format!(
            "{}, and its name ({words}) starts an authentication flow",
            d.why
        ),
        quote: d.quote.clone(),
    })
}

/// Strong phrases raise a Write or Execute tool (never a Read one: names win over prose).
fn strong_phrase_raises(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category == Category::Read || matches!(d.basis, Basis::StrongPhrase) {
        return None;
    }
    let (p, m) = e
        .phrases
        .iter()
        .filter(|(p, _)| p.strength == Strength::Strong && !p.read_only && p.category > d.category)
        // A run restricted to reads ("Only GET requests are allowed") runs nothing that changes.
        .filter(|(p, _)| !(p.category == Category::Execute && e.read_only.is_some()))
        .max_by_key(|(p, _)| p.category)?;
    Some(Decision {
        category: p.category,
        basis: Basis::StrongPhrase,
        rule: p.id.clone(),
        why: format!("{}, and its description says \"{m}\"", d.why),
        quote: e.quote_for(m),
    })
}

/// A removal the description calls restorable ("moves it to the trash", "can be restored") is a
/// soft delete: Write (TAXONOMY.md), unless the description also states a loss.
fn restorable_removal(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category != Category::Destructive
        || !matches!(
            d.basis,
            Basis::Name | Basis::WeakName | Basis::DescriptionVerb
        )
        || e.phrases
            .iter()
            .any(|(p, _)| p.category == Category::Destructive && p.strength == Strength::Strong)
    {
        return None;
    }
    let m = e.rules.restorable.find(e.desc())?;
    Some(Decision {
        category: Category::Write,
        basis: Basis::StrongPhrase,
        rule: "phrase.restorable".into(),
        why: format!(
            "{}, but its description says the removal can be undone (\"{}\"): a soft delete",
            d.why,
            m.as_str()
        ),
        quote: sentence_at(e.desc(), m.start()).to_string(),
    })
}

/// A transform whose result is returned reads (`generate_code`, `extract_text`); one that
/// saves it (an output path parameter, "… and saves it to", "creates a new PDF file") writes.
fn saves_its_output(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category != Category::Read
        || !(d.rule.starts_with("name.verb.") || d.rule.starts_with("description.verb."))
    {
        return None;
    }
    let verb = d.rule.rsplit('.').next()?;
    if !e.rules.saved_output_verbs.contains(verb) {
        return None;
    }
    let (how, quote) = match e
        .view
        .props
        .iter()
        .find(|p| e.rules.saved_output_params.contains(&p.words.squashed))
    {
        Some(p) => (
            format!(
                "its parameter \"{}\" says where the result is saved",
                p.name
            ),
            format!("parameter \"{}\"", p.name),
        ),
        None => {
            let m = e.rules.saved_output_phrase.find(e.desc())?;
            (
                format!(
                    "its description says the result is saved (\"{}\")",
                    m.as_str()
                ),
                sentence_at(e.desc(), m.start()).to_string(),
            )
        }
    };
    Some(Decision {
        category: Category::Write,
        basis: Basis::Schema,
        rule: "schema.saved_output".into(),
        why: format!(
            "{}, and {how}: the result is stored, not only returned",
            d.why
        ),
        quote,
    })
}

/// A money amount on a committing verb.
fn money_amount(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category >= Category::Financial {
        return None;
    }
    let p = money_param(e.rules, e.view, e.name)?;
    Some(Decision {
        category: Category::Financial,
        basis: Basis::Schema,
        rule: "schema.amount".into(),
        why: format!("{}, and it takes a money amount (parameter \"{p}\")", d.why),
        quote: d.quote.clone(),
    })
}

/// Starting an auth flow is Execute (TAXONOMY.md): only a start verb or phrase counts here.
fn starts_an_auth_flow(e: &Evidence, d: &Decision) -> Option<Decision> {
    let can_raise = match d.category {
        Category::Write => true,
        Category::Read => d.basis != Basis::Name,
        _ => false,
    };
    if !can_raise {
        return None;
    }
    let (p, m) = e
        .phrases
        .iter()
        .find(|(p, _)| p.id == "phrase.start_auth")?;
    Some(Decision {
        category: Category::Execute,
        basis: Basis::StrongPhrase,
        rule: p.id.clone(),
        why: format!("its description says \"{m}\": starting an authentication flow"),
        quote: e.quote_for(m),
    })
}

/// Parameters that decide what is charged or credited (`unbilled_charges_option`) on a tool
/// that changes something.
fn billing_parameter(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category == Category::Read || d.category >= Category::Financial {
        return None;
    }
    let p = e.view.props.iter().find(|p| p.words.billing)?;
    Some(Decision {
        category: Category::Financial,
        basis: Basis::Schema,
        rule: "schema.billing".into(),
        why: format!(
            "{}, and its parameter \"{}\" decides what is charged, credited or invoiced",
            d.why, p.name
        ),
        quote: d.quote.clone(),
    })
}

/// A call that is itself paid is Financial whatever its name says ("Costs $0.10 USDC",
/// "automatic L402 payment", a `max_sats` spending cap).
fn paid_call(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category >= Category::Financial {
        return None;
    }
    let (why, quote) = e
        .phrases
        .iter()
        .find(|(p, _)| p.paid_call)
        .map(|(_, m)| (format!("its description says \"{m}\""), e.quote_for(m)))
        .or_else(|| {
            e.view.props.iter().find_map(|p| {
                let pd = p.description?;
                (p.words.spending_cap && e.rules.spending_cap_description.is_match(pd)).then(|| {
                    (
                        format!("its parameter \"{}\" caps what the call spends", p.name),
                        format!("parameter \"{}\": {pd}", p.name),
                    )
                })
            })
        })?;
    Some(Decision {
        category: Category::Financial,
        basis: Basis::StrongPhrase,
        rule: "phrase.paid_call".into(),
        why: format!("{why}: the call itself is paid"),
        quote,
    })
}
