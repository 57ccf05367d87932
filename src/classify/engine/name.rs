//! Evidence from the name: its verbs, what they act on, and words that start a flow.

use super::NameVerb;
use super::view::View;
use crate::classify::Category;
use crate::classify::model::Rules;
use crate::classify::tokens::split_name;

/// Drops leading name tokens that also occur in the server's name, keeping at least two; and
/// how many of the kept ones still name the server (`playwright_hover` on a playwright server:
/// one), so that the word after them counts as the name's first.
pub(super) fn without_server_prefix<'t>(
    tokens: &'t [String],
    server: &str,
) -> (&'t [String], usize) {
    if server.is_empty() {
        return (tokens, 0);
    }
    // Tools come server by server: the last server's tokens are kept per thread.
    thread_local! {
        static LAST_SERVER: std::cell::RefCell<(String, Vec<String>)> = Default::default();
    }
    let (skip, prefix) = LAST_SERVER.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != server {
            *last = (server.to_string(), split_name(server));
        }
        let prefix = tokens.iter().take_while(|t| last.1.contains(t)).count();
        // Keep at least two tokens: `exchange_rate` on an exchange-rate server is not `rate`.
        let skip = prefix.min(tokens.len().saturating_sub(2));
        (skip, prefix - skip)
    });
    let kept = &tokens[skip..];
    (kept, prefix.min(kept.len().saturating_sub(1)))
}

/// The name's verb. Tokens listed as leading-only count as verbs only at the start: before or at
/// `lead`, the position of the first word that does not repeat the server's name. `whole` is
/// the name with the server's words it opens with, which can tell what a word means.
/// `described` is the verb the description opens with (base form), which can tell which of two
/// verbs in the name is its action.
pub(super) fn name_verb(
    rules: &Rules,
    tokens: &[String],
    lead: usize,
    whole: &[String],
    described: Option<&str>,
) -> Option<NameVerb> {
    let mut primary: Option<(usize, &str, Category)> = None;
    let mut extra: Vec<(usize, &str, Category)> = Vec::new();
    // A verb that repeats the server's name (`pay_discover` on the server "pay") is the server's
    // name: it decides only when no other verb follows.
    let mut server_word: Option<(usize, &str, Category)> = None;
    let mut after_conj = false;
    for (i, t) in tokens.iter().enumerate() {
        if rules.conjunctions.contains(t) {
            after_conj = primary.is_some();
            continue;
        }
        let Some(&cat) = rules.verbs.get(t) else {
            continue;
        };
        // The state a marking verb sets (`mark_read`) is no action of its own.
        if i > 0 && rules.sets_a_state(&tokens[i - 1], Some(t)) {
            continue;
        }
        // A word of one or two letters before a verb abbreviates the product (`ls_refund_order`
        // on a Lemon Squeezy server): the verb after it is the action.
        if primary.is_some_and(|(at, p, _)| {
            at == lead && i == at + 1 && p.len() <= 2 && !rules.short_verbs.contains(p)
        }) {
            primary = Some((i, t, cat));
            continue;
        }
        if i < lead && primary.is_none() {
            server_word.get_or_insert((i, t, cat));
            continue;
        }
        // After the server's name or a namespace word, a word that is also a noun (`git_log`,
        // `server_status`) is the object of nothing: only plain verbs count there.
        // The word right after a namespace word (`browser_type`) stands where the verb stands.
        let after_namespace = i == lead && i > 0 && rules.tool_prefixes.contains(&tokens[i - 1]);
        let behind_prefix = i > 0
            && !after_namespace
            && (rules.noun_verbs.contains(t) || rules.read_nouns.contains(t));
        // A marking verb before the state it sets (`teams_mark_read`) is a verb wherever it is.
        if (i > lead || behind_prefix)
            && rules.leading_only.contains(t)
            && !after_conj
            && !rules.sets_a_state(t, tokens.get(i + 1))
        {
            continue;
        }
        match primary {
            None => primary = Some((i, t, cat)),
            // What is scheduled is what happens (`schedule_stop_application` stops).
            Some((at, p, pcat))
                if i == at + 1 && cat > pcat && rules.deferring_verbs.contains(p) =>
            {
                primary = Some((i, t, cat));
            }
            // A weak verb yields to a later, specific one, unless code came between: what
            // `call_tool_write` calls is a tool, any tool that writes. One restricted to reads
            // (`call_tool_read`) reads.
            Some((at, p, pcat))
                if rules.weak_verbs.contains(p)
                    && !rules.weak_verbs.contains(t)
                    // A weak verb that reads, which the description opens with, is the action
                    // itself: `mysqlsh_check_upgrade` ("Check database for upgrade
                    // compatibility") checks.
                    && !(pcat == Category::Read && described == Some(p))
                    && (cat == Category::Read
                        || !tokens[at + 1..i]
                            .iter()
                            .any(|w| rules.code_name_objects.contains(w))) =>
            {
                primary = Some((i, t, cat));
            }
            // An object-first name opens with a word that is a verb only where it opens a name,
            // and a noun as often (`message`, `comment`, `order`), and ends in a plain verb
            // (`message_delete`, `comment_delete`, `order_cancel`): the opening words are what
            // the action acts on, as in `delete_message`. Only a verb that ends the name: in
            // `post_start_date` the start is a noun. "read" acts only right after its noun
            // (`message_read`, not `mark_as_read`).
            Some((at, p, _))
                if !after_conj
                    && extra.is_empty()
                    && i + 1 == tokens.len()
                    && rules.noun_verbs.contains(p)
                    && rules.leading_only.contains(p)
                    && plain_verb(rules, t)
                    && (i == at + 1 || !rules.read_suffix_adjacent.contains(t)) =>
            {
                primary = Some((i, t, cat));
            }
            // A later verb of the name that the description opens with is its action, and the
            // verb before it names what it acts on (`restore_validate`: "Validate database
            // readiness for restore operations"; `ps_restart`: "Restart Heroku app
            // processes"). Not a word that is as often a noun: in `list_folder_continue`
            // ("Continues listing…") the listing goes on.
            Some((at, p, pcat))
                if !after_conj
                    && extra.is_empty()
                    && describes_the_later_verb(rules, tokens, described, (at, p, pcat), (i, t, cat))
                    && p != t
                    && !(rules.noun_verbs.contains(t)
                        || rules.read_nouns.contains(t)
                        || rules.leading_only.contains(t))
                    // `create_crawl` ("Crawl a website") creates a crawl: a word the first
                    // verb makes a pair with is its object.
                    && rules.verb_object(p, t).is_none() =>
            {
                primary = Some((i, t, cat));
            }
            Some(_) if after_conj => extra.push((i, t, cat)),
            Some(_) => {}
        }
        after_conj = false;
    }
    let (idx, verb, mut category) = primary.or(server_word)?;
    let weak = rules.weak_verbs.contains(verb) && extra.is_empty();
    let mut verb = verb.to_string();
    for (_, v, c) in &extra {
        if *c > category {
            category = *c;
            verb = v.to_string();
        }
    }
    let mut financial_object = None;
    if category < Category::Financial && rules.commit_verbs.contains(&verb) {
        // A verb that ends the name acts on the words before it (`invoice_create`).
        let object = if idx + 1 == tokens.len() {
            &tokens[lead.min(idx)..idx]
        } else {
            &tokens[idx + 1..]
        };
        financial_object = financial_object_of(rules, &verb, object)
            .filter(|o| !rules.in_a_database_sense(o, &[whole]));
        if financial_object.is_some() {
            category = Category::Financial;
        }
    }
    Some(NameVerb {
        category,
        verb,
        index: idx,
        weak,
        financial_object,
    })
}

/// Whether the description's leading verb points at the later verb `t` of the name rather than
/// its first verb `p`: it is the same word (`restore_validate`: "Validate database readiness…"),
/// or, when `t` ends the name right after `p`'s words, a verb of `t`'s category and not of `p`'s
/// (`vacuum_strategy_recommend`: "Analyze vacuum needs and recommend…" reads; the vacuum is what
/// it recommends about).
fn describes_the_later_verb(
    rules: &Rules,
    tokens: &[String],
    described: Option<&str>,
    (at, _, pcat): (usize, &str, Category),
    (i, t, cat): (usize, &str, Category),
) -> bool {
    let Some(d) = described else { return false };
    if d == t {
        return true;
    }
    i + 1 == tokens.len()
        && cat != pcat
        && rules.verbs.get(d) == Some(&cat)
        && !tokens[at + 1..i]
            .iter()
            .any(|w| rules.prepositions.contains(w))
}

/// A verb that is only a verb: not also a noun, a word of a read's noun phrase, a word that acts
/// only when it opens the name (the generated lexicon's words among them), or a verb that says
/// little.
fn plain_verb(rules: &Rules, t: &str) -> bool {
    !(rules.noun_verbs.contains(t)
        || rules.read_nouns.contains(t)
        || rules.leading_only.contains(t)
        || rules.weak_verbs.contains(t))
}

/// The financial object a committing verb acts on: a financial noun that heads the rest of the
/// name (its last word, or followed only by `link`, `session`…), with nothing non-binding
/// (`draft`, `quote`) around it. A draft of an invoice that `verb` makes binds as the invoice
/// does (`create_invoice_draft`).
pub(super) fn financial_object_of(rules: &Rules, verb: &str, rest: &[String]) -> Option<String> {
    let end = rest
        .iter()
        .position(|t| rules.prepositions.contains(t))
        .unwrap_or(rest.len());
    let rest = &rest[..end];
    let binding_draft = rules.financial_drafting_verbs.contains(verb)
        && rest
            .iter()
            .any(|t| rules.financial_binding_drafts.contains(t));
    let a_draft_that_binds = |t: &String| binding_draft && rules.financial_drafts.contains(t);
    if rest
        .iter()
        .any(|t| rules.financial_non_binding.contains(t) && !a_draft_that_binds(t))
    {
        return None;
    }
    let pos = rest
        .iter()
        .rposition(|t| rules.financial_objects.contains(t))?;
    rest[pos + 1..]
        .iter()
        .all(|t| rules.financial_object_suffixes.contains(t) || a_draft_that_binds(t))
        .then(|| rest[pos].clone())
}

/// The object `verb` acts on among the words after it: the head of what follows (see
/// `head_object`), except that a verb that makes one thing of another acts on what it makes
/// (`convert_sales_order_to_invoice` → invoice, "Convert a Sales Order into a Sales Invoice" →
/// invoice), which the pair rules then read.
pub(super) fn object_of<'a>(rules: &Rules, verb: &str, rest: &'a [String]) -> Option<&'a String> {
    let made = rules
        .result_verbs
        .contains(verb)
        .then(|| rest.iter().position(|t| rules.result_markers.contains(t)))
        .flatten()
        .and_then(|i| head_object(rules, &rest[i + 1..]));
    made.or_else(|| head_object(rules, rest))
}

/// The head of what follows a name's verb: the last word before a preposition, skipping one
/// that opens the rest (`chat_with_assistant` → assistant, `assign_copilot_to_issue` → copilot).
pub(super) fn head_object<'a>(rules: &Rules, rest: &'a [String]) -> Option<&'a String> {
    let rest = match rest.first() {
        Some(t) if rules.prepositions.contains(t) => &rest[1..],
        _ => rest,
    };
    let end = rest
        .iter()
        .position(|t| rules.prepositions.contains(t))
        .unwrap_or(rest.len());
    rest[..end].last()
}

/// The name tokens that show the `auth_flow` signal by its name matchers, if they do.
pub(super) fn auth_flow_name(rules: &Rules, view: &View) -> Option<String> {
    let rule = rules.signal("auth_flow");
    // The tool's own words, not the server's: `auth0_create_application_grant` on the Auth0
    // server starts no login.
    let tokens = &view.verb_tokens;
    if tokens.iter().any(|t| rule.name_none.contains(t)) || rule.name_ends_in_a_veto(tokens) {
        return None;
    }
    if let Some(t) = tokens.iter().find(|t| rule.name_any.contains(*t)) {
        return Some(t.clone());
    }
    if rule.name_all.is_empty() {
        return None;
    }
    let hits: Option<Vec<&str>> = rule
        .name_all
        .iter()
        .map(|g| tokens.iter().find(|t| g.contains(*t)).map(String::as_str))
        .collect();
    hits.map(|h| h.join(" + "))
}

/// The verb a word names the agent of, with its category: English makes agent nouns with -er
/// and -or (`searcher` → search, `runner` → run, `estimator` → estimate). A word that is a verb
/// itself, a browser word (`browser` is what it drives, not a reader), or one of the reviewed
/// `not_agents`, is no agent.
pub(super) fn agent_verb(rules: &Rules, word: &str) -> Option<(String, Category)> {
    if word.len() < 5
        || rules.verbs.contains_key(word)
        || rules.browser_namespaces.contains(word)
        || rules.not_agents.contains(word)
    {
        return None;
    }
    let stem = word
        .strip_suffix("er")
        .or_else(|| word.strip_suffix("or"))?;
    let mut forms = vec![stem.to_string(), format!("{stem}e")];
    // runner → run, getter → get.
    let mut last = stem.chars().rev();
    if let (Some(a), Some(b)) = (last.next(), last.next())
        && a == b
    {
        forms.push(stem[..stem.len() - a.len_utf8()].to_string());
    }
    forms
        .into_iter()
        .filter(|f| f.len() >= 3)
        .find_map(|f| rules.verbs.get(&f).map(|c| (f, *c)))
}
