//! Revisions from effects the definition states: strong phrases, a restorable removal, a result
//! that is saved, drafts that owe nothing, money amounts, an auth flow started, billing
//! parameters, a call that is itself paid.

use super::Evidence;
use crate::classify::Category;
use crate::classify::engine::description::{Needle, sentence_at};
use crate::classify::engine::explain::{a_noun, article};
use crate::classify::engine::schema::money_param;
use crate::classify::engine::view::Prop;
use crate::classify::engine::{Basis, Decision};
use crate::classify::model::Strength;
use rustc_hash::FxHashSet as HashSet;

/// Strong phrases raise a Write or Execute tool (never a Read one: names win over prose).
pub(super) fn strong_phrase_raises(e: &Evidence, d: &Decision) -> Option<Decision> {
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

/// A name that sends or types (`send_input`) whose description says the input goes into a
/// running program ("Send a line of input to a running/interactive command") drives that
/// program: Execute, as a browser tool driving a page is.
pub(super) fn types_into_a_program(e: &Evidence, d: &Decision) -> Option<Decision> {
    let n = e.name?;
    if d.category != Category::Write
        || !matches!(d.basis, Basis::Name | Basis::WeakName)
        || !e.rules.typing_verbs.contains(&n.verb)
    {
        return None;
    }
    let m = e.rules.typed_into_program.find(e.desc())?;
    Some(Decision {
        category: Category::Execute,
        basis: Basis::StrongPhrase,
        rule: "phrase.types_into_a_program".into(),
        why: format!("{}, and its description says \"{}\"", d.why, m.as_str()),
        quote: sentence_at(e.desc(), m.start()).to_string(),
    })
}

/// A read that creates what it does not find ("Get or create an agent", "first finds or creates a
/// customer") writes: a description that states the real effect decides over a name that reads.
pub(super) fn creates_what_it_does_not_find(e: &Evidence, d: &Decision) -> Option<Decision> {
    // The pattern is asked only of a read whose description says "creat…": most never do.
    if d.category != Category::Read || !e.desc().contains("reat") {
        return None;
    }
    let m = e.rules.creates_if_missing.find(e.desc())?;
    Some(Decision {
        category: Category::Write,
        basis: Basis::StrongPhrase,
        rule: "phrase.creates_if_missing".into(),
        why: format!(
            "{}, but its description says \"{}\": it creates what it does not find",
            d.why,
            m.as_str()
        ),
        quote: sentence_at(e.desc(), m.start()).to_string(),
    })
}

/// A removal the description calls restorable ("moves it to the trash", "can be restored") is a
/// soft delete: Write (TAXONOMY.md), unless the description also states a loss, offers the loss
/// as its alternative ("or permanently if force=true", `[removal] offered_loss`), or a parameter
/// makes the removal permanent (`permanent`, `hard_delete`). A loss stated only for the end of a
/// retention period ("permanently deleted after 30 days") is the fate of a soft delete nobody
/// restores, so it does not count.
pub(super) fn restorable_removal(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category != Category::Destructive
        || !matches!(
            d.basis,
            Basis::Name | Basis::WeakName | Basis::DescriptionVerb
        )
        || e.view
            .props
            .iter()
            .any(|p| e.rules.permanent_params.contains(&p.words.squashed))
    {
        return None;
    }
    let m = e.rules.restorable.find(e.desc())?;
    if e.rules.offered_loss.is_match(e.desc()) {
        return None;
    }
    let states_a_loss = e.phrases.iter().any(|(p, text)| {
        p.category == Category::Destructive
            && p.strength == Strength::Strong
            && !text.is_empty()
            && text.pattern.find_iter(e.desc()).any(|l| {
                !e.rules
                    .deferred_loss
                    .is_match(sentence_at(e.desc(), l.start()))
            })
    });
    if states_a_loss {
        return None;
    }
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

/// A read with a flag that clears what it returns once returned (`clear`: "Whether to clear logs
/// after retrieval") pops it: a change (taxonomy conventions: popping a value that is returned is
/// Write).
pub(super) fn clears_what_it_reads(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category != Category::Read {
        return None;
    }
    let flag = flag_named(e, &e.rules.clearing_flags)?;
    Some(Decision {
        category: Category::Write,
        basis: Basis::Schema,
        rule: "schema.clearing_flag".into(),
        why: format!(
            "{}, but its \"{}\" flag clears what it returns: a read that pops is a change",
            d.why, flag.name
        ),
        quote: format!("parameter \"{}\"", flag.name),
    })
}

/// A change with a flag that starts what it makes (`autostart` of `vm_create`,
/// `start_immediately` of `create_hunt`) offers the run: the most severe operation offered
/// decides (Execute). Not a flag that only switches on what is made (`active`, `enabled`): the
/// labels split on whether an automation created switched on runs.
pub(super) fn starts_what_it_makes(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category != Category::Write {
        return None;
    }
    let flag = flag_named(e, &e.rules.start_flags)?;
    Some(Decision {
        category: Category::Execute,
        basis: Basis::Schema,
        rule: "schema.start_flag".into(),
        why: format!(
            "{}, but its \"{}\" flag starts what it makes, and the most severe operation offered decides",
            d.why, flag.name
        ),
        quote: format!("parameter \"{}\"", flag.name),
    })
}

/// The tool's first boolean parameter whose squashed name (`clear_after_read` →
/// `clearafterread`) is one of `names`.
fn flag_named<'e>(e: &Evidence<'e, '_>, names: &HashSet<String>) -> Option<&'e Prop<'e>> {
    e.view
        .props
        .iter()
        .find(|p| p.is_flag && names.contains(&p.words.squashed))
}

/// A transform whose result is returned reads (`generate_code`, `extract_text`); one that
/// saves it (an output path parameter, "… and saves it to", "creates a new PDF file") writes.
pub(super) fn saves_its_output(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category != Category::Read {
        return None;
    }
    // A read decided on weak grounds (a description opening with a word the rules do not know,
    // "Aggregate CSV data …") writes when a parameter says where its result goes.
    let weak = d.basis == Basis::Default;
    // A name of what is read (`image_generation`, `source_db_analyzer`) is a transform's result
    // too, when its description or an output parameter says the result is saved; not a
    // parameter that may name a place read about (`maps_directions` has a `destination`).
    let read_noun = d.rule == "name.read_noun";
    // A query restricted to reads saves its rows when a parameter can only name where output
    // goes (`execute_query_read_only(output_file)`: "results are written directly to disk").
    let read_only_query = d.rule == "phrase.read_only";
    // A read verb that is no transform (`analyze`, `view`, `fetch`) saves its result too when a
    // parameter can only name where output goes (`output_dir`), or says so in its own prose
    // ("Cost analysis will be appended to …"); not one that may name a place read about
    // (`destination`), and not the description's prose, which may describe what is read.
    let mut transform = true;
    // A screenshot taken (`take_screenshot`), or a window captured (a pair of a verb that
    // makes one), is made from nothing the caller gives, so a path parameter can only say where
    // it goes.
    let made = || {
        e.view
            .verb_tokens
            .iter()
            .any(|t| e.rules.saved_output_made_objects.contains(t))
            || (d.rule == "name.verb_object"
                && e.name
                    .is_some_and(|n| e.rules.saved_output_made_verbs.contains(&n.verb)))
    };
    if read_only_query {
        transform = false;
    } else if !weak && !read_noun {
        let verb_rule = d.rule.starts_with("name.verb.") || d.rule.starts_with("description.verb.");
        let pair = d.rule == "name.verb_object" || d.rule == "description.verb_object";
        if !(verb_rule || (pair && made())) {
            return None;
        }
        let verb = d.rule.rsplit('.').next()?;
        transform = pair || e.rules.saved_output_verbs.contains(verb);
    }
    let param = e.view.props.iter().find(|p| {
        let w = &p.words;
        (w.output_param && !((read_noun || !transform) && w.place_param))
            || (w.made_object_param && made())
    });
    let (how, quote) = match param {
        Some(p) => (
            format!(
                "its parameter \"{}\" says where the result is saved",
                p.name
            ),
            format!("parameter \"{}\"", p.name),
        ),
        None if weak => return None,
        None if !transform => param_says_it_is_saved(e)?,
        None => named_to_be_saved(e).or_else(|| said_to_be_saved(e))?,
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

/// The name sends the result to a place: "to" or "into" followed by a place the rules list
/// (`smart_crawl_to_volume`).
fn named_to_be_saved(e: &Evidence) -> Option<(String, String)> {
    let tokens = &e.view.verb_tokens;
    let at = tokens.iter().position(|t| t == "to" || t == "into")?;
    let place = tokens[at + 1..]
        .iter()
        .find(|t| e.rules.saved_output_name_targets.contains(*t))?;
    Some((
        format!("its name sends the result to a {place}"),
        e.view.tool.name.clone(),
    ))
}

/// Prose that says the result is saved, with the sentence that says it: the description's, or
/// else a parameter's ("Resources will be generated in the same directory").
fn said_to_be_saved(e: &Evidence) -> Option<(String, String)> {
    if let Some(m) = e.rules.saved_output_phrase.find(e.desc()) {
        return Some((
            format!(
                "its description says the result is saved (\"{}\")",
                m.as_str()
            ),
            sentence_at(e.desc(), m.start()).to_string(),
        ));
    }
    param_says_it_is_saved(e)
}

/// A parameter's prose says where the result is written ("File name to save the screenshot
/// to", "Local path to download the artifact to").
fn param_says_it_is_saved(e: &Evidence) -> Option<(String, String)> {
    e.view.props.iter().find_map(|p| {
        let text = p.description?;
        let m = e.rules.saved_output_param_phrase.find(text)?;
        Some((
            format!(
                "its parameter \"{}\" says the result is saved (\"{}\")",
                p.name,
                m.as_str()
            ),
            sentence_at(text, m.start()).to_string(),
        ))
    })
}

/// A financial object a definition restricted to drafts only edits ("Only works on draft
/// invoices"): nothing is owed yet.
pub(super) fn drafts_owe_nothing(e: &Evidence, d: &Decision) -> Option<Decision> {
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

/// Editing an order changes what is owed only when it changes the order's terms (a price, a
/// quantity: a broker's `modify_order`); an edit whose parameters change none of them
/// (`update_order(order_id, status)`) changes a record. A name alone says nothing of its
/// parameters, and stays Financial.
pub(super) fn order_edits_owe_nothing(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.rule != "name.financial_object" || e.view.props.is_empty() {
        return None;
    }
    let n = e.name?;
    let object = n.financial_object.as_ref()?;
    let rules = e.rules;
    if !rules.financial_edit_verbs.contains(&n.verb)
        || !rules.financial_edit_objects.contains(object)
        || e.view
            .props
            .iter()
            .any(|p| rules.financial_terms_params.contains(&p.words.squashed))
    {
        return None;
    }
    Some(Decision {
        category: Category::Write,
        basis: Basis::Name,
        rule: format!("name.verb.{}", n.verb),
        why: format!(
            "the name's verb \"{}\" edits {}, and none of its parameters changes a price, a quantity or an amount: a record changes, nothing more is owed",
            n.verb,
            a_noun(object)
        ),
        quote: d.quote.clone(),
    })
}

/// A money amount on a committing verb. A weak name verb that yielded to the description
/// (`confirm_cost`: "Ask the user to confirm … the cost") commits to nothing, and nor does a
/// name that names a thing to read (`swap_quote(amount)` returns a quote for the amount).
pub(super) fn money_amount(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category >= Category::Financial
        || (e.name.is_some_and(|n| n.weak) && !matches!(d.basis, Basis::Name | Basis::WeakName))
        || d.rule == "name.noun_phrase"
    {
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
pub(super) fn starts_an_auth_flow(e: &Evidence, d: &Decision) -> Option<Decision> {
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
pub(super) fn billing_parameter(e: &Evidence, d: &Decision) -> Option<Decision> {
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

/// "incur", looked for before `[financial] billed_call` runs.
static INCUR: Needle = Needle::new("incur");

/// A call that is itself paid is Financial whatever its name says ("Costs $0.10 USDC",
/// "automatic L402 payment", a `max_sats` spending cap).
pub(super) fn paid_call(e: &Evidence, d: &Decision) -> Option<Decision> {
    if d.category >= Category::Financial {
        return None;
    }
    let (why, quote) = e
        .phrases
        .iter()
        .find(|(p, _)| p.paid_call)
        .map(|(_, m)| (format!("its description says \"{m}\""), e.quote_for(m)))
        .or_else(|| {
            let desc = e.desc();
            let m = INCUR
                .is_in(desc)
                .then(|| e.rules.billed_call.find(desc))??;
            Some((
                format!("its description says \"{}\"", m.as_str()),
                sentence_at(desc, m.start()).to_string(),
            ))
        })
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
