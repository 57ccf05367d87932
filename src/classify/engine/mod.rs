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
use super::patterns::{Confirmations, Matches};
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

/// Classifies one tool of the named server (`""` when unknown), as the data flows: the name
/// read, the definition's text read and scanned, the evidence gathered, the decision, and
/// the signals, risk and explanation.
pub fn classify(rules: &Rules, version: &str, server: &str, tool: &Tool) -> Classification {
    let tokens = rules.join_compounds(split_name(&tool.name));
    let view = view_of(rules, server, tool, &tokens);
    let name = name_of(rules, &view);
    let text = text_of(rules, &view);
    let scan = rules.text_set.scan(&text.all);
    let hits = hits_of(rules, tool, &scan);
    let phrases = phrases_of(rules, tool, &hits.description);
    let code = code_evidence(rules, &view, name.as_ref(), &phrases);
    let read_only = read_only_of(rules, &view, &phrases, code.as_ref());
    let evidence = Evidence::new(
        rules,
        &view,
        name.as_ref(),
        &phrases,
        code.as_ref(),
        read_only.as_deref(),
    );
    let decided = annotated(&evidence, &hits.description, decide(&evidence));
    let read = Read {
        view: &view,
        name: name.as_ref(),
        text: &text,
        hits: &hits,
        phrases: &phrases,
        code: code.as_ref(),
        read_only: read_only.as_deref(),
    };
    finish(rules, version, &read, decided)
}

/// What was read of a tool before the decision, for the signals and the explanation after it.
struct Read<'a, 'v, 'r, 't> {
    view: &'a View<'v>,
    name: Option<&'a NameVerb>,
    text: &'a DefinitionText,
    hits: &'a Hits<'r, 't, 'a>,
    phrases: &'a [(&'r Phrase, PhraseText<'t>)],
    code: Option<&'a CodeEvidence>,
    read_only: Option<&'a str>,
}

/// The parts of the definition the rules look at (see [`View`]).
fn view_of<'a>(rules: &Rules, server: &str, tool: &'a Tool, tokens: &'a [String]) -> View<'a> {
    let lead = strip_prefixes(rules, &tool.description);
    let token_words: Vec<SignalWords> = tokens
        .iter()
        .map(|t| rules.signal_words.get(t).copied().unwrap_or_default())
        .collect();
    let (verb_tokens, mut name_lead) = without_server_prefix(tokens, server);
    // A namespace word after the server's name (`browser_drag`) moves the verb's place on.
    if verb_tokens.len() > name_lead + 1 && rules.tool_prefixes.contains(&verb_tokens[name_lead]) {
        name_lead += 1;
    }
    View {
        tool,
        name_groups: token_words.iter().fold(0, |m, w| m | w.name_groups),
        token_words,
        verb_tokens,
        name_lead,
        tokens,
        lead_verb: description_verb(rules, lead),
        lead,
        lead_sentence: first_sentence(lead),
        props: Prop::all(rules, tool),
    }
}

/// The name's verb, read with the description's leading verb beside it.
fn name_of(rules: &Rules, view: &View) -> Option<NameVerb> {
    let described = view.lead_verb.as_ref().map(|(_, verb, _)| verb.as_str());
    name_verb(
        rules,
        view.verb_tokens,
        view.name_lead,
        view.tokens,
        described,
    )
}

/// Which patterns of the rules the definition matches: the text set's pass over all of it,
/// and the description set's over the description.
fn hits_of<'r, 't, 'm>(
    rules: &'r Rules,
    tool: &'t Tool,
    text: &'m Matches<'r, 't>,
) -> Hits<'r, 't, 'm> {
    Hits {
        description: DescriptionHits {
            rules,
            own: rules.description_set.scan(&tool.description),
            text,
            description: &tool.description,
            confirmations: Confirmations::default(),
        },
        text,
        own: std::cell::OnceCell::new(),
    }
}

/// All of a definition's text, with what hidden text says appended, and what hid it.
struct DefinitionText {
    all: String,
    hidden_finding: Option<String>,
    payloads: Vec<crate::classify::hidden::Payload>,
}

fn text_of(rules: &Rules, view: &View) -> DefinitionText {
    let tool = view.tool;
    let (mut all, plain) = read_definition(tool, Some(rules.base64_min));
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
        all.push('\n');
        all.push_str(&p.text);
    }
    DefinitionText {
        all,
        hidden_finding,
        payloads,
    }
}

/// The phrases of the rules that the description holds.
fn phrases_of<'r, 't>(
    rules: &'r Rules,
    tool: &'t Tool,
    hits: &DescriptionHits,
) -> Vec<(&'r Phrase, PhraseText<'t>)>
where
    'r: 't,
{
    rules
        .phrases
        .iter()
        .filter(|p| hits.matched(p.set_index))
        .map(|p| (p, PhraseText::new(&p.pattern, &tool.description)))
        .collect()
}

/// What restricts the tool to reads, if anything does. A query in a language that only reads
/// (PromQL) is restricted to reads as "read-only" says; a description that also offers a
/// read-write mode restricts nothing.
fn read_only_of(
    rules: &Rules,
    view: &View,
    phrases: &[(&Phrase, PhraseText)],
    code: Option<&CodeEvidence>,
) -> Option<String> {
    let write_mode = phrases.iter().any(|(p, _)| p.id == "phrase.write_mode");
    phrases
        .iter()
        .find(|(p, _)| p.read_only)
        .map(|(_, m)| m.to_string())
        .or_else(|| code.and_then(|_| query_language_that_reads(rules, view)))
        .or_else(|| read_only_word(rules, &view.tool.description))
        .filter(|_| !write_mode)
}

/// The decision, with the author's annotations applied (see [`annotations`]).
struct Decided {
    decision: Decision,
    notes: Vec<String>,
    mismatch: Option<String>,
}

fn annotated(e: &Evidence, hits: &DescriptionHits, mut decision: Decision) -> Decided {
    let tool = e.view.tool;
    let mut notes = Vec::new();
    let mut mismatch: Option<String> = None;
    apply_annotations(tool, &mut decision, &mut notes, &mut mismatch);
    if mismatch.is_none() {
        mismatch = destruction_denied(e.rules, tool, e.phrases, hits);
    }
    Decided {
        decision,
        notes,
        mismatch,
    }
}

/// The signals, the risk they raise the category's base level to, the confidence and the
/// rationale.
fn finish(rules: &Rules, version: &str, r: &Read, decided: Decided) -> Classification {
    let Decided {
        decision,
        notes,
        mismatch,
    } = decided;
    let view = r.view;
    let category = decision.category;
    let (signals, input_only) = signals_of(rules, r, &decision, mismatch.as_deref());

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

    let confidence = confidence(&decision, view, r.name, mismatch.is_some());
    let rationale = rationale(&decision, base, risk, &raisers, &notes, view);
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

/// The signals a tool of the decided category carries, in rule order, and the ids of those a
/// Read tool has only from a parameter it takes (which do not raise its risk).
fn signals_of<'s>(
    rules: &'s Rules,
    r: &Read,
    decision: &Decision,
    mismatch: Option<&str>,
) -> (Vec<Signal>, Vec<&'s str>) {
    let view = r.view;
    let category = decision.category;
    let all_text = r.text.all.as_str();
    let mut signals = Vec::new();
    // Engine-decided signals first; all are re-sorted by rule order below.
    if category == Category::Execute
        && r.read_only.is_none()
        && let Some(evidence) = code_it_runs(rules, view, r.code)
            .or_else(|| request_it_sends(view, r.phrases, decision))
    {
        signals.push(sig(rules, "code_exec", evidence, None));
    }
    if category == Category::Financial {
        signals.push(sig(rules, "money", decision.quote_short(), None));
    }
    if let Some(m) = mismatch {
        signals.push(sig(rules, "annotation_mismatch", m.to_string(), None));
    }
    if let Some(h) = &r.text.hidden_finding {
        signals.push(sig(rules, "hidden_text", h.clone(), None));
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
        let payloads = &r.text.payloads;
        if let Some((evidence, param)) = match_signal(rule, view, all_text, r.hits, payloads, true)
        {
            // A Read tool is raised for secrets it returns, not for credentials it takes to
            // call its API (TAXONOMY.md: "`secrets` on a Read tool (returns credentials or
            // secrets)"): a parameter alone is recorded, and raises only if the name or prose
            // also says so.
            if param.is_some()
                && category == Category::Read
                && rules.raise_on_read.contains(&rule.id)
                && match_signal(rule, view, all_text, r.hits, payloads, false).is_none()
            {
                input_only.push(rule.id.as_str());
            }
            signals.push(signal_of(rule, evidence, param.as_deref()));
        }
    }
    signals.sort_by_key(|s| rules.signal_rank(&s.id));
    (signals, input_only)
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
