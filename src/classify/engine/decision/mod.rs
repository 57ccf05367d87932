//! The decision: which category the evidence supports, as a first reading revised by an
//! ordered list of steps. The order is the precedence: a later step sees, and may overrule,
//! what the earlier ones decided. [`FIRST_READING`] and [`STEPS`] are the whole of it.

mod actions;
mod effects;
mod names;
mod reading;

use super::description::{Lowered, PhraseText, first_sentence, sentence_at};
use super::prose_actions::described_action_list;
use super::schema::CodeEvidence;
use super::view::View;
use super::{Decision, NameVerb};
use crate::classify::Category;
use crate::classify::model::{Phrase, Rules};
use actions::{
    code_runs, most_severe_described_action, most_severe_enumerated_action,
    most_severe_listed_verb, only_reads_offered, passes_program_arguments, restricted_to_reads,
    running_a_saved_read,
};
use effects::{
    billing_parameter, clears_what_it_reads, creates_what_it_does_not_find, drafts_owe_nothing,
    money_amount, order_edits_owe_nothing, paid_call, restorable_removal, saves_its_output,
    starts_an_auth_flow, starts_what_it_makes, strong_phrase_raises, types_into_a_program,
};
use names::{
    auth_flow_by_name, described_verb_on_object, description_says_what_the_name_does,
    description_starts_a_job, documentation_by_name, drives_a_browser, manages_by_name_alone,
    names_an_attack, noun_phrase_of_a_read, removing_a_link, requests_by_name_alone,
    verb_on_object, weak_name_verb_yields,
};
use reading::{
    description_verb, math_function_name, name_verb, nothing_said, program_name, read_noun_name,
    strong_phrase, weak_phrase,
};

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
    /// The actions the description and the action parameters' prose list, read once.
    described: std::cell::OnceCell<Vec<(Category, String, String)>>,
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
            described: std::cell::OnceCell::new(),
        }
    }

    /// [`described_action_list`], computed on first use.
    fn described_actions(&self) -> &[(Category, String, String)] {
        self.described
            .get_or_init(|| described_action_list(self.rules, self.view))
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
const FIRST_READING: [Reading; 7] = [
    math_function_name,
    name_verb,
    program_name,
    read_noun_name,
    description_verb,
    strong_phrase,
    weak_phrase,
];

/// The revisions, in order of precedence: each may overrule what came before it.
const STEPS: [Step; 34] = [
    noun_phrase_of_a_read,
    description_starts_a_job,
    drafts_owe_nothing,
    order_edits_owe_nothing,
    verb_on_object,
    weak_name_verb_yields,
    described_verb_on_object,
    drives_a_browser,
    names_an_attack,
    documentation_by_name,
    description_says_what_the_name_does,
    removing_a_link,
    manages_by_name_alone,
    requests_by_name_alone,
    most_severe_enumerated_action,
    most_severe_described_action,
    most_severe_listed_verb,
    only_reads_offered,
    code_runs,
    passes_program_arguments,
    restricted_to_reads,
    running_a_saved_read,
    auth_flow_by_name,
    strong_phrase_raises,
    types_into_a_program,
    starts_what_it_makes,
    creates_what_it_does_not_find,
    restorable_removal,
    saves_its_output,
    clears_what_it_reads,
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
