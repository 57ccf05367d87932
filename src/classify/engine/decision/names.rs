//! Revisions from what the name means: noun phrases and object-first names, a weak verb that
//! yields, a browser being driven, a job started, a verb on its object, a document's name, a
//! description that says what a Write name does, a link removed, an auth flow by name.

use super::Evidence;
use crate::classify::Category;
use crate::classify::engine::description::{find_ascii_ignoring_case, first_sentence, sentence_at};
use crate::classify::engine::explain::article;
use crate::classify::engine::name::{auth_flow_name, object_of};
use crate::classify::engine::schema::{link_removal, removal_from_a_list};
use crate::classify::engine::{Basis, Decision};
use crate::classify::model::VerbObject;
use crate::classify::tokens::words;

/// A verb that is also a noun, followed only by the nouns of a read, names a thing to read
/// (`place_details`, `tag_list`, `order_status`): no action is asked for.
pub(super) fn noun_phrase_of_a_read(e: &Evidence, d: &Decision) -> Option<Decision> {
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
    // A description that opens with another verb that changes something says what is done
    // (`setup_schema`: "Create a catalog and schema"), and so does one that opens with the
    // name's own word followed by its object (`deploy_version`: "Deploys a specific version"):
    // the word is used as a verb there. Not the word before a noun ("Place details for …").
    let described_change = || {
        e.view.lead_verb.as_ref().is_some_and(|(_, verb, cat)| {
            *cat > Category::Read
                && (*verb != n.verb
                    || words(e.view.lead_sentence)
                        .nth(1)
                        .is_some_and(|(_, w)| rules.object_openers.contains(&w)))
        })
    };
    // A marking verb before the state it sets (`mark_read`) marks; it is no noun.
    if !rules.noun_verbs.contains(&n.verb)
        || rules.sets_a_state(&n.verb, rest.first())
        || described_change()
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
pub(super) fn weak_name_verb_yields(e: &Evidence, d: &Decision) -> Option<Decision> {
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

/// A definition that is its name alone and manages a thing (`manage_index`, `label_manage`):
/// managing most probably offers every operation on it, deleting included, and the most
/// severe decides (taxonomy conventions: multi-operation tools; name-only records). Settings and a
/// document's appearance (`manage_slide_transitions`) lose no data when something is taken
/// away.
pub(super) fn manages_by_name_alone(e: &Evidence, d: &Decision) -> Option<Decision> {
    let rules = e.rules;
    let tokens = e.view.verb_tokens;
    if !e.view.name_alone() || d.category >= Category::Destructive {
        return None;
    }
    let verb = tokens
        .iter()
        .find(|t| rules.alone_manage_verbs.contains(*t))?;
    if tokens
        .iter()
        .any(|t| rules.alone_settings_objects.contains(t))
    {
        return None;
    }
    Some(Decision {
        category: Category::Destructive,
        basis: Basis::WeakName,
        rule: "name_alone.manage".into(),
        why: format!(
            "the name's \"{verb}\" offers every operation on what it manages, and with nothing else said the most severe of them, deleting, decides"
        ),
        quote: d.quote.clone(),
    })
}

/// A definition that is its name alone naming an HTTP or API request (`http_request`,
/// `send_api_request`, `http_post`): with nothing else said, its method, address and body are most probably
/// the caller's, and an arbitrary HTTP request is Execute (TAXONOMY.md). A Read verb
/// (`get_api_request`) reads a recorded request instead.
pub(super) fn requests_by_name_alone(e: &Evidence, d: &Decision) -> Option<Decision> {
    let rules = e.rules;
    let tokens = e.view.verb_tokens;
    if !e.view.name_alone()
        || d.category >= Category::Execute
        || e.name.is_some_and(|n| n.category == Category::Read)
        || tokens
            .last()
            .is_none_or(|t| t != "request" && !rules.alone_request_methods.contains(t))
    {
        return None;
    }
    let kind = tokens
        .iter()
        .find(|t| rules.alone_request_kinds.contains(*t))?;
    let last = tokens.last().map_or("request", String::as_str);
    let what = if last == "request" {
        "method, address and body are"
    } else {
        "address and body are"
    };
    Some(Decision {
        category: Category::Execute,
        basis: Basis::WeakName,
        rule: "name_alone.http_request".into(),
        why: format!(
            "its name says it makes a request (\"{kind} {last}\"), and with nothing else said its {what} most probably the caller's: an arbitrary request"
        ),
        quote: d.quote.clone(),
    })
}

/// In a browser (`browser_select_option`, `puppeteer_select`, `browser_close`) selecting,
/// dropping, moving, pressing or closing drives the page, and opening or switching tabs at a URL
/// navigates: browser automation is Execute (TAXONOMY.md).
pub(super) fn drives_a_browser(e: &Evidence, d: &Decision) -> Option<Decision> {
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
        // Nothing else said (`browser_mouse_wheel`): a word after the namespace that drives
        // the page stands for the verb.
        (None, _) if d.basis == Basis::Default => tokens
            .iter()
            .skip_while(|t| *t != namespace)
            .skip(1)
            .find(|t| rules.browser_verbs.contains(*t))
            .map(String::as_str),
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

/// A name that names an attack technique (`sqli_blind_time`, `idor_test`) sends the attack at a
/// target, and one that runs an active scanner ([`scanner_run_by_name`]: `nmap_port_scan`) probes
/// the target: an active security test is Execute, as a vulnerability test by description is,
/// unless the name's verb only returns something about the technique or the scanner
/// (`xss_payload_generate`).
pub(super) fn names_an_attack(e: &Evidence, d: &Decision) -> Option<Decision> {
    let rules = e.rules;
    if d.category >= Category::Execute {
        return None;
    }
    let (rule, why) = if let Some(technique) = e
        .view
        .verb_tokens
        .iter()
        .find(|t| rules.attack_techniques.contains(*t))
    {
        (
            "name.attack_technique",
            format!(
                "the name names the attack technique \"{technique}\": the tool sends its payloads at a target, an active security test whose effects reach beyond the call"
            ),
        )
    } else {
        let scanner = scanner_run_by_name(e, d)?;
        (
            "name.active_scanner",
            format!(
                "the name names the scanner \"{scanner}\", which probes the hosts it is pointed at: an active scan whose effects reach beyond the call"
            ),
        )
    };
    if e.name
        .is_some_and(|n| rules.attack_returning_verbs.contains(&n.verb))
    {
        return None;
    }
    Some(Decision {
        category: Category::Execute,
        basis: Basis::Name,
        rule: rule.into(),
        why,
        quote: d.quote.clone(),
    })
}

/// The active scanner a name runs. A scanner's tools run it in one mode or another
/// (`nmap_port_scan`, `gobuster_dns`), and all of the name counts: a scanner's own server
/// prefixes its tools with it, and the prefix is dropped from the tokens a verb is looked for in.
/// A name that only says "scan" may name its scanner in the description ("Performs a basic
/// Nuclei vulnerability scan on a target"). Not a name of something of the scanner's own to read
/// (`nmap_results`, `nessus_scan_status`, `nikto_report`, `nuclei_templates`): a read's noun or a
/// returning verb last that is no probe ("detection" is both), or a collection. The scanner is
/// looked for first: most names have none, and they need no more.
fn scanner_run_by_name(e: &Evidence, d: &Decision) -> Option<String> {
    let rules = e.rules;
    let tokens = e.view.tokens;
    let scanner = match tokens.iter().find(|t| rules.attack_scanners.contains(*t)) {
        Some(scanner) => scanner.clone(),
        None if e.name.is_some_and(|n| n.verb == "scan") => words(e.view.lead_sentence)
            .map(|(_, w)| w)
            .find(|w| rules.attack_scanners.contains(w))?,
        None => return None,
    };
    let probes = |t: &String| rules.attack_probe_words.contains(t);
    let reads_its_own = d.rule == "default.collection"
        || tokens.last().is_some_and(|t| {
            (rules.read_nouns.contains(t) || rules.attack_returning_verbs.contains(t)) && !probes(t)
        });
    (!reads_its_own).then_some(scanner)
}

/// A name whose verb reads, over a description that opens by starting something ("Trigger a
/// scan of a pipeline", "Start an asynchronous crawl"): the description states the real effect,
/// a job that runs beyond the call (taxonomy conventions).
pub(super) fn description_starts_a_job(e: &Evidence, d: &Decision) -> Option<Decision> {
    if !(d.category == Category::Read
        && matches!(d.basis, Basis::Name | Basis::WeakName)
        && d.rule.starts_with("name.verb."))
    {
        return None;
    }
    let opening = e.view.lead_verb.as_ref().and_then(|(word, verb, _)| {
        // "Start a …", "Trigger the …": a verb with its object, not a heading ("START HERE").
        let next = words(e.view.lead_sentence).nth(1).map(|(_, w)| w)?;
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

/// A verb on an object that changes what it means (`ask_agent`, `cancel_subscription`).
pub(super) fn verb_on_object(e: &Evidence, d: &Decision) -> Option<Decision> {
    if !(matches!(d.basis, Basis::Name | Basis::WeakName) && d.rule.starts_with("name.verb.")) {
        return None;
    }
    let n = e.name?;
    let tokens = e.view.verb_tokens;
    let named = match object_of(e.rules, &n.verb, &tokens[n.index + 1..]) {
        Some(o) => Some(o),
        // An object-first name (`terraform_apply`, `helm_upgrade`): the word before the verb.
        None if n.index > 0 && n.index + 1 == tokens.len() => Some(&tokens[n.index - 1]),
        None => None,
    };
    let described;
    let params = e.view.props.iter().map(|p| p.words.squashed.as_str());
    let pair = |v: &str, o: &str| e.rules.verb_object_on(v, o, params.clone());
    let (obj, vo) = match named.and_then(|o| pair(&n.verb, o).map(|vo| (o, vo))) {
        Some(pair) => pair,
        // A name that ends in its verb, whose own word before it makes no pair (`cmdi_test`),
        // whose verb has no object of its own (`reset_from_parent`), or whose object makes no
        // pair (`stop_session`), takes its object from a description that opens with the same
        // verb ("Test OS command injection", "Stop playback on a session"): the description
        // names what the same action acts on more closely than the name does.
        None => {
            described = described_object(e, &n.verb, named.map(String::as_str))?;
            (&described, pair(&n.verb, &described)?)
        }
    };
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

/// A description that opens with a verb and its object ("Cancel the running job", "Book a
/// flight for the traveller") means what the same pair means in a name (`cancel_job`,
/// `book_flight`): the object is the last of the few words after the verb, before a preposition
/// or a conjunction.
pub(super) fn described_verb_on_object(e: &Evidence, d: &Decision) -> Option<Decision> {
    if !(d.basis == Basis::DescriptionVerb && d.rule.starts_with("description.verb.")) {
        return None;
    }
    let (word, _, _) = e.view.lead_verb.as_ref()?;
    let (obj, vo) = lead_verb_object(e)?;
    Some(Decision {
        category: vo.category,
        basis: Basis::DescriptionVerb,
        rule: "description.verb_object".into(),
        why: format!(
            "the description opens with \"{word}\" acting on \"{obj}\": {}",
            vo.why
        ),
        quote: first_sentence(e.desc()).to_string(),
    })
}

/// The pair the description's leading verb makes with its object, if it makes one: the object
/// is the last of the few words after the verb, before a preposition or a conjunction.
fn lead_verb_object<'r>(e: &Evidence<'r, '_>) -> Option<(String, &'r VerbObject)> {
    let (_, verb, _) = e.view.lead_verb.as_ref()?;
    // Most description verbs are in no pair: ask before reading the words after them.
    if !e.rules.verb_in_a_pair(verb) {
        return None;
    }
    // A verb that makes one thing of another names what it makes later ("Convert a sales order
    // to an invoice"), so it reads a few more words.
    let span = if e.rules.result_verbs.contains(verb) {
        9
    } else {
        5
    };
    let rest: Vec<String> = words_after_the_verb(e)
        .take(span)
        .take_while(|w| !e.rules.conjunctions.contains(w))
        .collect();
    let obj = object_of(e.rules, verb, &rest)?;
    let params = e.view.props.iter().map(|p| p.words.squashed.as_str());
    let vo = e.rules.verb_object_on(verb, obj, params)?;
    Some((obj.clone(), vo))
}

/// The words of the description's leading sentence after its verb, up to an aside. A
/// preposition hyphenated to the next word is part of a modifier, not the end of the object, so
/// it is left out: "Cancel an in-flight transcription" acts on the transcription.
fn words_after_the_verb<'a>(e: &'a Evidence) -> impl Iterator<Item = String> + 'a {
    let sentence = before_an_aside(e.view.lead_sentence);
    words(sentence)
        .skip(1)
        .filter(move |(at, w)| {
            !(e.rules.prepositions.contains(w) && sentence[at + w.len()..].starts_with('-'))
        })
        .map(|(_, w)| w)
}

/// A sentence up to its first parenthesis: an aside ("Flush serial port buffers (discard
/// pending data)") does not hold the object of the verb before it.
fn before_an_aside(sentence: &str) -> &str {
    sentence.split('(').next().unwrap_or(sentence)
}

/// The object of a name's verb as its description gives it, when the description opens with the
/// same verb: "Rebuild the Xapian search index from Markdown files" → index. A name with an
/// object of its own (`stop_session`) takes the description's only where the description puts
/// the name's object after it, behind a preposition ("Stop playback on a specific session"):
/// then both speak of one action, and the description says what it acts on.
fn described_object(e: &Evidence, verb: &str, named: Option<&str>) -> Option<String> {
    let (_, lead, _) = e.view.lead_verb.as_ref()?;
    // Most verbs are in no pair, and most names have an object of their own that the
    // description does not place: both are asked before the description's words are read.
    if lead != verb || !e.rules.verb_in_a_pair(verb) {
        return None;
    }
    // A name whose verb is followed only by a preposition's phrase has no object of its own
    // (`reset_from_parent`: "Reset branch to parent branch state"), nor one whose next word is
    // the tool itself (`Switch-Tool`).
    let after = &e.view.verb_tokens[e.name?.index + 1..];
    let own_object = after
        .first()
        .is_some_and(|t| !e.rules.prepositions.contains(t) && !e.rules.no_object.contains(t));
    if own_object && !contains_word(e.view.lead_sentence, named?) {
        return None;
    }
    // The object ends where the sentence turns to a second action ("Cancel a transcription
    // and release the reserved balance").
    let rest: Vec<String> = words_after_the_verb(e)
        .take_while(|w| !e.rules.conjunctions.contains(w))
        .collect();
    let obj = object_of(e.rules, verb, &rest)?;
    if own_object && !places_the_named_object(e, &rest, obj, named?) {
        return None;
    }
    Some(obj.clone())
}

/// Whether `text` has a word that starts with `word` (lower-case ASCII), in any case: a cheap
/// test made before a sentence is split into words.
fn contains_word(text: &str, word: &str) -> bool {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    if w.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = find_ascii_ignoring_case(&t[from..], w) {
        let at = from + i;
        if at == 0 || !t[at - 1].is_ascii_alphanumeric() {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Whether a description's words put the name's object behind a preposition of place after the
/// description's own object, before the sentence turns to something else: "playback on a
/// specific session" for `stop_session`.
fn places_the_named_object(e: &Evidence, rest: &[String], obj: &str, named: &str) -> bool {
    if obj == named {
        return false;
    }
    let same = |w: &str| w == named || w.strip_suffix('s') == Some(named);
    let Some(at) = rest.iter().position(|w| w == obj) else {
        return false;
    };
    let tail = &rest[at + 1..];
    tail.first()
        .is_some_and(|t| e.rules.place_prepositions.contains(t))
        && tail
            .iter()
            .take(5)
            .take_while(|w| !e.rules.conjunctions.contains(*w))
            .any(|w| same(w))
}

/// A name that ends in a noun of documentation (`migrate_pages_to_workers_guide`) returns
/// guidance about the action it names, unless its verb makes or changes the document
/// (`update_guide`); so does a name whose description opens by handing over documentation
/// (`extension_cli_install`: "Provide installation instructions for the Azure CLI"). Taxonomy
/// conventions: tools that only return documentation are Read.
pub(super) fn documentation_by_name(e: &Evidence, d: &Decision) -> Option<Decision> {
    if !(matches!(d.basis, Basis::Name | Basis::WeakName)
        && matches!(d.category, Category::Write | Category::Execute)
        && e.code.is_none())
    {
        return None;
    }
    let n = e.name?;
    let last = e.view.verb_tokens.last()?;
    if e.rules.documentation_edit_verbs.contains(&n.verb) {
        return None;
    }
    let why = if e.rules.documentation_nouns.contains(last) {
        format!(
            "the name ends in \"{last}\": it returns guidance about \"{}\", it does not do it",
            n.verb
        )
    } else {
        let noun = documentation_handed_over(e)?;
        format!(
            "{}, but its description opens by handing over {noun}: it returns guidance about \"{}\", it does not do it",
            d.why, n.verb
        )
    };
    Some(Decision {
        category: Category::Read,
        basis: Basis::Name,
        rule: "name.documentation".into(),
        why,
        quote: d.quote.clone(),
    })
}

/// The documentation noun of a description that opens by handing it over ("Provide
/// installation instructions…", "Returns step-by-step guidance…"): within a few words of the
/// opening word, before anything else is said.
fn documentation_handed_over(e: &Evidence) -> Option<String> {
    let mut opening = words(e.view.lead_sentence);
    let (_, first) = opening.next()?;
    if !e.rules.documentation_givers.contains(&first) {
        return None;
    }
    opening
        .take(5)
        .find(|(_, w)| e.rules.documentation_nouns.contains(w))
        .map(|(_, w)| w)
}

/// A description whose leading verb is more severe than a Write name verb says what the named
/// action does (`create_build`: "Trigger a new build"; `unlink`: "Delete records").
pub(super) fn description_says_what_the_name_does(e: &Evidence, d: &Decision) -> Option<Decision> {
    // A verb read with its object (`rebuild` of an index) has said what it does already.
    if !(matches!(d.basis, Basis::Name | Basis::WeakName)
        && d.category == Category::Write
        && d.rule != "name.verb_object")
    {
        return None;
    }
    let (word, verb, cat) = e.view.lead_verb.as_ref()?;
    if *cat <= d.category || (undoes_a_write(e) && e.rules.removal_verbs.contains(verb)) {
        return None;
    }
    // The verb read with its object may mean less ("Start playback" changes a player's state).
    if lead_verb_object(e).is_some_and(|(_, vo)| vo.category <= d.category) {
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

/// A Write name verb that undoes another Write (`untag`, `unwatch`, `unpin`), or is a
/// reversible removal itself (`hide`, `archive`): a description that opens "Remove tags from a
/// resource" restates that reversible act, it does not make it a
/// deletion (taxonomy conventions: removing a label, tag, member or assignee is Write). One
/// that opens "Delete records" (Odoo's `unlink`) states a deletion.
fn undoes_a_write(e: &Evidence) -> bool {
    e.name.is_some_and(|n| {
        n.category == Category::Write
            && (e.rules.reversible_removals.contains(&n.verb)
                || n.verb
                    .strip_prefix("un")
                    .is_some_and(|done| e.rules.verbs.get(done) == Some(&Category::Write)))
    })
}

/// Removing a link (`remove_user_from_group`, `delete_association`) is a reversible change.
pub(super) fn removing_a_link(e: &Evidence, d: &Decision) -> Option<Decision> {
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
    // association (unlink) between two objects" detaches (taxonomy conventions: the stated effect
    // decides over a misleading name). "Remove all associations between two records" alone
    // states no more than the name: names win over prose about the verb, and deleting a
    // relation is Destructive.
    let (verb, what) = if e.rules.removal_verbs.contains(&verb) {
        let what = link_removal(e.rules, e.view, after)?;
        (verb, what)
    } else if let Some((_, lead, _)) = &e.view.lead_verb
        && e.rules.removal_verbs.contains(lead)
        && (e.rules.stated_detach.is_match(e.desc()) || !names_relation_data(e, after))
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

/// Whether the words after the name's verb name a relation kept as data (`delete_association`),
/// which deleting loses (TAXONOMY.md: "a relation"), rather than a person or a label attached
/// (`delete_assignees`), which removing detaches.
fn names_relation_data(e: &Evidence, after: usize) -> bool {
    e.view.verb_tokens[after.min(e.view.verb_tokens.len())..]
        .iter()
        .any(|t| e.rules.relation_data.contains(t))
}

/// A name that starts an authentication flow (`create_oauth_url`, `request_device_login`) is
/// Execute (TAXONOMY.md), whatever its write verb.
pub(super) fn auth_flow_by_name(e: &Evidence, d: &Decision) -> Option<Decision> {
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
