//! The decision: from a tool's definition and the compiled rules to a [`Classification`].
//!
//! Evidence is gathered from four places, in the order TAXONOMY.md trusts them:
//! 1. the **name**: its verbs (first verb, plus any after a conjunction), and a commit verb on a
//!    financial object (`create_refund`);
//! 2. the **input schema**: code, commands or queries that get executed, money amounts;
//! 3. the **description**: its leading verb, and phrases (`permanently deletes`, `read-only`);
//! 4. the **annotations**, which are hints: they decide only what the definition leaves open, and
//!    when strong evidence contradicts them the evidence wins and the tool gets
//!    `annotation_mismatch`.
//!
//! Names win over prose about the verb: a name that says Read stays Read whatever its
//! description mentions ("list deleted items"), except that a tool which accepts arbitrary code
//! is Execute whatever its name says. Prose may raise a Write or Execute name to a more severe
//! category only through a strong phrase ("overwrites the existing file").
//!
//! The rooms, in the order a tool passes through them: [`view`] (what the rules look at,
//! computed once), [`name`], [`description`] and [`schema`] (the evidence of each part),
//! [`decision`] (the category, as a first reading revised by ordered steps), [`annotations`]
//! (the author's hints), [`signals`] and [`text`] (the facts found anywhere in the
//! definition), and [`explain`] (confidence and rationale).

mod annotations;
mod decision;
mod description;
mod explain;
mod name;
mod prose_actions;
mod schema;
mod signals;
mod text;
mod view;

pub use text::definition_text;

use super::model::{Phrase, Rules, SignalRule, SignalWords};
use super::patterns::Confirmations;
use super::tokens::split_name;
use super::{Category, Classification, Signal};
use crate::manifest::Tool;
use annotations::{apply_annotations, destruction_denied};
use decision::{Evidence, decide};
use description::{PhraseText, description_verb, first_sentence, strip_prefixes};
use explain::{confidence, rationale};
use name::{name_verb, without_server_prefix};
use schema::{CodeEvidence, code_evidence, query_language_that_reads};
use signals::{DescriptionHits, Hits, match_signal};
use text::read_definition;
use view::{Prop, View};

/// Where the deciding evidence came from; sets the confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Basis {
    Name,
    /// The name's only verb is a weak one (`manage_x`, `post_x`).
    WeakName,
    /// An action parameter's enum values (`method: ["get", "delete"]`).
    Actions,
    Code,
    StrongPhrase,
    DescriptionVerb,
    WeakPhrase,
    Schema,
    Annotation,
    Default,
}

#[derive(Debug, Clone)]
pub(super) struct Decision {
    pub(super) category: Category,
    pub(super) basis: Basis,
    pub(super) rule: String,
    /// Why, as a clause for the rationale ("the name's verb \"delete\" …").
    pub(super) why: String,
    /// The text of the definition the decision rests on.
    pub(super) quote: String,
}

/// A verb found in the name.
#[derive(Debug, Clone)]
pub(super) struct NameVerb {
    pub(super) category: Category,
    pub(super) verb: String,
    /// Position of the verb in the name's verb tokens.
    pub(super) index: usize,
    /// The only verb is a weak one (`manage`, `post`): weaker evidence than a specific verb.
    pub(super) weak: bool,
    /// Set when a commit verb acts on a financial object (`create_refund`).
    pub(super) financial_object: Option<String>,
}

pub fn classify(rules: &Rules, version: &str, server: &str, tool: &Tool) -> Classification {
    let lead = strip_prefixes(rules, &tool.description);
    let tokens = rules.join_compounds(split_name(&tool.name));
    let token_words: Vec<SignalWords> = tokens
        .iter()
        .map(|t| rules.signal_words.get(t).copied().unwrap_or_default())
        .collect();
    let (verb_tokens, mut name_lead) = without_server_prefix(&tokens, server);
    // A namespace word after the server's name (`browser_drag`) moves the verb's place on.
    if verb_tokens.len() > name_lead + 1 && rules.tool_prefixes.contains(&verb_tokens[name_lead]) {
        name_lead += 1;
    }
    let view = View {
        tool,
        name_groups: token_words.iter().fold(0, |m, w| m | w.name_groups),
        token_words,
        verb_tokens,
        name_lead,
        tokens: &tokens,
        lead_verb: description_verb(rules, lead),
        lead,
        lead_sentence: first_sentence(lead),
        props: Prop::all(rules, tool),
    };
    let described = view.lead_verb.as_ref().map(|(_, verb, _)| verb.as_str());
    let name = name_verb(
        rules,
        view.verb_tokens,
        view.name_lead,
        view.tokens,
        described,
    );
    let (mut all_text, plain) = read_definition(tool, Some(rules.base64_min));
    let (hidden_finding, payloads) = crate::classify::hidden::inspect(
        tool,
        rules.base64_min,
        plain,
        view.props
            .iter()
            .filter(|p| p.words.invisible_name)
            .map(|p| p.description.unwrap_or("")),
    );
    // What hidden text says is text the model reads: the signals read it too.
    for p in &payloads {
        all_text.push('\n');
        all_text.push_str(&p.text);
    }
    let all_text = all_text.as_str();
    let text = rules.text_set.scan(all_text);
    let hits = Hits {
        description: DescriptionHits {
            rules,
            own: rules.description_set.scan(&tool.description),
            text: &text,
            description: &tool.description,
            confirmations: Confirmations::default(),
        },
        text: &text,
        own: std::cell::OnceCell::new(),
    };
    let phrases: Vec<(&Phrase, PhraseText)> = rules
        .phrases
        .iter()
        .filter(|p| hits.description.matched(p.set_index))
        .map(|p| (p, PhraseText::new(&p.pattern, &tool.description)))
        .collect();
    let code = code_evidence(rules, &view, name.as_ref(), &phrases);
    // A query in a language that only reads (PromQL) is restricted to reads as "read-only" says;
    // a description that also offers a read-write mode restricts nothing.
    let write_mode = phrases.iter().any(|(p, _)| p.id == "phrase.write_mode");
    let read_only_phrase = phrases
        .iter()
        .find(|(p, _)| p.read_only)
        .map(|(_, m)| m.to_string())
        .or_else(|| {
            code.as_ref()
                .and_then(|_| query_language_that_reads(rules, &view))
        })
        .or_else(|| read_only_word(rules, &tool.description))
        .filter(|_| !write_mode);

    let mut decision = decide(&Evidence::new(
        rules,
        &view,
        name.as_ref(),
        &phrases,
        code.as_ref(),
        read_only_phrase.as_deref(),
    ));
    let mut notes = Vec::new();
    let mut mismatch: Option<String> = None;
    apply_annotations(tool, &mut decision, &mut notes, &mut mismatch);
    if mismatch.is_none() {
        mismatch = destruction_denied(rules, tool, &phrases, &hits.description);
    }

    let category = decision.category;
    let mut signals = Vec::new();
    // Engine-decided signals first; all are re-sorted by rule order below.
    if category == Category::Execute
        && read_only_phrase.is_none()
        && let Some(evidence) = code_it_runs(rules, &view, code.as_ref())
            .or_else(|| request_it_sends(&view, &phrases, &decision))
    {
        signals.push(sig(rules, "code_exec", evidence, None));
    }
    if category == Category::Financial {
        signals.push(sig(rules, "money", decision.quote_short(), None));
    }
    if let Some(m) = &mismatch {
        signals.push(sig(rules, "annotation_mismatch", m.clone(), None));
    }
    if let Some(h) = hidden_finding {
        signals.push(sig(rules, "hidden_text", h, None));
    }
    let nprops = view.props.len();
    if nprops > rules.many_params {
        let mut s = sig(rules, "many_params", format!("{nprops} properties"), None);
        s.label = s.label.replace("{n}", &nprops.to_string());
        signals.push(s);
    }
    let mut input_only: Vec<&str> = Vec::new();
    for rule in &rules.signals {
        if !rule.allows(category) || signals.iter().any(|s: &Signal| s.id == rule.id) {
            continue;
        }
        if rule.engine_decided {
            continue;
        }
        if let Some((evidence, param)) = match_signal(rule, &view, all_text, &hits, &payloads, true)
        {
            // A Read tool is raised for secrets it returns, not for credentials it takes to
            // call its API (TAXONOMY.md: "`secrets` on a Read tool (returns credentials or
            // secrets)"): a parameter alone is recorded, and raises only if the name or prose
            // also says so.
            if param.is_some()
                && category == Category::Read
                && rules.raise_on_read.contains(&rule.id)
                && match_signal(rule, &view, all_text, &hits, &payloads, false).is_none()
            {
                input_only.push(rule.id.as_str());
            }
            signals.push(signal_of(rule, evidence, param.as_deref()));
        }
    }
    signals.sort_by_key(|s| rules.signal_rank(&s.id));

    // Risk: the category's base level, raised one step by the escalating signals.
    let base = rules.base_risk[&category];
    let raisers: Vec<&Signal> = signals
        .iter()
        .filter(|s| {
            rules.raise.contains(&s.id)
                || (category == Category::Read
                    && rules.raise_on_read.contains(&s.id)
                    && !input_only.contains(&s.id.as_str()))
        })
        .collect();
    let risk = if raisers.is_empty() {
        base
    } else {
        base.raised()
    };

    let confidence = confidence(&decision, &view, name.as_ref(), mismatch.is_some());
    let rationale = rationale(&decision, base, risk, &raisers, &notes, &view);
    Classification {
        category,
        risk,
        signals,
        rationale,
        evidence: decision.quote,
        confidence,
        decided_by: decision.rule,
        rules_version: version.to_string(),
    }
}

impl Decision {
    fn quote_short(&self) -> String {
        crate::sanitize::truncate(&self.quote, 120)
    }
}

fn sig(rules: &Rules, id: &str, evidence: String, param: Option<&str>) -> Signal {
    signal_of(rules.signal(id), evidence, param)
}

fn signal_of(rule: &SignalRule, evidence: String, param: Option<&str>) -> Signal {
    let label = match param {
        Some(p) => rule.label.replace("{param}", p),
        None => rule.label_plain.clone(),
    };
    Signal {
        id: rule.id.clone(),
        label,
        evidence,
    }
}

/// The code a tool that runs runs, for the `code_exec` signal: what it is given, or else a
/// script file whose path it takes (`python_file`).
fn code_it_runs(rules: &Rules, view: &View, code: Option<&CodeEvidence>) -> Option<String> {
    code.map(|c| c.evidence.clone()).or_else(|| {
        view.props
            .iter()
            .find(|p| rules.code_script_file_params.contains(&p.words.squashed))
            .map(|p| p.name.to_string())
    })
}

/// An HTTP request whose method, target and body the caller chooses, for the `code_exec` signal:
/// such a request runs any operation the API has, as an arbitrary query runs any statement (the
/// labellers' reading of "arbitrary code, shell or query execution" for generic API callers).
/// From a method parameter beside a target, the description ("Make an HTTP request …"), or a
/// name alone that names one.
fn request_it_sends(
    view: &View,
    phrases: &[(&Phrase, PhraseText)],
    decision: &Decision,
) -> Option<String> {
    if let Some((param, value)) = schema::caller_shaped_request(view) {
        return Some(format!("parameter \"{param}\" allows \"{value}\""));
    }
    if decision.rule == "name_alone.http_request" {
        return Some(format!("name \"{}\"", view.tool.name));
    }
    phrases
        .iter()
        .find(|(p, _)| p.id == "phrase.http_request")
        .map(|(_, m)| format!("\"{}\"", &**m))
}

/// "Read-only" said in another language (`只读`): a plain word, looked for only in a description
/// that is not ASCII.
fn read_only_word(rules: &Rules, description: &str) -> Option<String> {
    if description.is_ascii() {
        return None;
    }
    rules
        .read_only_words
        .iter()
        .find(|w| description.contains(w.as_str()))
        .cloned()
}
