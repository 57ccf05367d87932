//! The rule files as written: one struct per TOML file or table, deserialized strictly
//! (`deny_unknown_fields`), before [`super::Rules`] compiles them.

use super::Strength;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VerbsFile {
    pub(super) verbs: BTreeMap<String, Vec<String>>,
    pub(super) leading_only: TokenList,
    pub(super) weak: WeakList,
    pub(super) compounds: BTreeMap<String, String>,
    pub(super) conjunctions: WordList,
    pub(super) financial: FinancialFile,
    pub(super) removal: RemovalFile,
    pub(super) read_runs: ReadRunsFile,
    pub(super) prepositions: PrepositionsFile,
    pub(super) actions: ActionsFile,
    pub(super) description: DescriptionFile,
    #[serde(default)]
    pub(super) verb_object: Vec<RawVerbObject>,
    pub(super) weak_evidence: WeakEvidenceFile,
    pub(super) saved_output: SavedOutputFile,
    pub(super) programs: ProgramsFile,
    pub(super) math: MathFile,
    pub(super) browser: BrowserFile,
    pub(super) security_tests: SecurityTestsFile,
    pub(super) lexicon: LexiconFile,
    pub(super) name_alone: NameAloneFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PrepositionsFile {
    pub(super) words: Vec<String>,
    /// Words that follow a name's object without belonging to it: they end it as a
    /// preposition does.
    pub(super) after_object: Vec<String>,
    pub(super) result_verbs: Vec<String>,
    pub(super) result_markers: Vec<String>,
    /// Words after a name's verb that name no object: the tool itself (`Switch-Tool`).
    pub(super) no_object: Vec<String>,
    /// Prepositions that say where an action happens, not what it makes or moves.
    pub(super) places: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NameAloneFile {
    pub(super) query_stores: Vec<String>,
    pub(super) query_languages: Vec<String>,
    pub(super) query_verbs: Vec<String>,
    pub(super) read_only_queries: Vec<String>,
    pub(super) manage_verbs: Vec<String>,
    pub(super) settings_objects: Vec<String>,
    pub(super) file_formats: Vec<String>,
    pub(super) code_surfaces: Vec<String>,
    pub(super) request_kinds: Vec<String>,
    pub(super) request_methods: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BrowserFile {
    pub(super) namespaces: Vec<String>,
    pub(super) verbs: Vec<String>,
    pub(super) tab_objects: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SecurityTestsFile {
    pub(super) techniques: Vec<String>,
    pub(super) scanners: Vec<String>,
    pub(super) probe_words: Vec<String>,
    pub(super) returning_verbs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WeakEvidenceFile {
    pub(super) read_nouns: Vec<String>,
    pub(super) read_agents: Vec<String>,
    pub(super) not_agents: Vec<String>,
    pub(super) verb_suffixes: Vec<String>,
    pub(super) again_prefixes: Vec<String>,
    pub(super) noun_verbs: Vec<String>,
    pub(super) object_openers: Vec<String>,
    pub(super) documentation_nouns: Vec<String>,
    pub(super) documentation_edit_verbs: Vec<String>,
    pub(super) documentation_givers: Vec<String>,
    pub(super) read_suffix_verbs: Vec<String>,
    pub(super) read_suffix_adjacent: Vec<String>,
    pub(super) job_start_verbs: Vec<String>,
    pub(super) job_id_phrase: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SavedOutputFile {
    pub(super) verbs: Vec<String>,
    pub(super) params: Vec<String>,
    pub(super) phrase: String,
    pub(super) param_phrase: String,
    pub(super) place_params: Vec<String>,
    pub(super) name_targets: Vec<String>,
    pub(super) made_objects: Vec<String>,
    pub(super) made_verbs: Vec<String>,
    pub(super) made_object_params: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProgramsFile {
    pub(super) names: Vec<String>,
    pub(super) subcommands: Vec<String>,
    pub(super) prefixes: Vec<String>,
    pub(super) argument_params: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MathFile {
    pub(super) functions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LexiconFile {
    pub(super) exclude: Vec<String>,
}

/// The generated lexicon (`rules/lexicon/wordnet.toml`): only its `[verbs]` are read.
#[derive(Deserialize)]
pub(super) struct LexiconVerbs {
    pub(super) verbs: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVerbObject {
    pub(super) verbs: Vec<String>,
    pub(super) objects: Vec<String>,
    /// Only on a tool that takes one of these parameters (squashed names); none: any tool.
    #[serde(default)]
    pub(super) params: Vec<String>,
    pub(super) category: String,
    pub(super) why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RemovalFile {
    pub(super) verbs: Vec<String>,
    pub(super) option_verbs: Vec<String>,
    pub(super) option_openers: Vec<String>,
    pub(super) relation_objects: Vec<String>,
    pub(super) containers: Vec<String>,
    pub(super) restorable: String,
    pub(super) deferred_loss: String,
    pub(super) offered_loss: String,
    pub(super) stated_detach: String,
    pub(super) relation_data: Vec<String>,
    pub(super) permanent_params: Vec<String>,
    pub(super) clearing_flags: Vec<String>,
    pub(super) lists: Vec<String>,
    pub(super) fields: Vec<String>,
    pub(super) reversible: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReadRunsFile {
    pub(super) verbs: Vec<String>,
    pub(super) objects: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ActionsFile {
    pub(super) params: Vec<String>,
    pub(super) verdicts_pass: Vec<String>,
    pub(super) verdicts_stop: Vec<String>,
    pub(super) start_flags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TokenList {
    pub(super) tokens: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WeakList {
    pub(super) verbs: Vec<String>,
    #[serde(default)]
    pub(super) deferring: Vec<String>,
    #[serde(default)]
    pub(super) state_setting: Vec<String>,
    #[serde(default)]
    pub(super) short_verbs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WordList {
    pub(super) words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FinancialFile {
    pub(super) commit_verbs: Vec<String>,
    pub(super) objects: Vec<String>,
    pub(super) object_suffixes: Vec<String>,
    pub(super) non_binding: Vec<String>,
    pub(super) drafts: Vec<String>,
    pub(super) binding_drafts: Vec<String>,
    pub(super) drafting_verbs: Vec<String>,
    pub(super) database_senses: Vec<String>,
    pub(super) amount_records: Vec<String>,
    pub(super) spending_cap_params: String,
    pub(super) spending_cap_description: String,
    pub(super) billing_params: String,
    pub(super) draft_only: String,
    pub(super) billed_call: String,
    pub(super) edit_verbs: Vec<String>,
    pub(super) edit_objects: Vec<String>,
    pub(super) terms_params: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DescriptionFile {
    pub(super) prefixes: Vec<String>,
    pub(super) read_only_words: Vec<String>,
    pub(super) creates_if_missing: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PhrasesFile {
    pub(super) phrase: Vec<RawPhrase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPhrase {
    pub(super) id: String,
    pub(super) category: String,
    pub(super) strength: Strength,
    #[serde(default)]
    pub(super) effect: Option<String>,
    pub(super) pattern: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SignalsFile {
    pub(super) many_params: ManyParams,
    pub(super) hidden_text: HiddenText,
    pub(super) code_exec: CodeExecFile,
    pub(super) signal: Vec<RawSignal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ManyParams {
    pub(super) threshold: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HiddenText {
    pub(super) base64_min: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CodeExecFile {
    pub(super) strong_params: Vec<String>,
    pub(super) name_objects: Vec<String>,
    pub(super) name_verbs: Vec<String>,
    pub(super) object_verbs: Vec<String>,
    pub(super) ui_verbs: Vec<String>,
    pub(super) typing_verbs: Vec<String>,
    pub(super) typed_into_program: String,
    pub(super) not_code: String,
    pub(super) context: String,
    pub(super) query_names: Vec<String>,
    pub(super) query_languages: String,
    pub(super) read_only_languages: String,
    pub(super) analysed: String,
    pub(super) runs_analysed: String,
    pub(super) deploy_verbs: Vec<String>,
    pub(super) deploy_params: Vec<String>,
    pub(super) storing_verbs: Vec<String>,
    pub(super) stored_params: Vec<String>,
    pub(super) reading_verbs: Vec<String>,
    pub(super) script_file_params: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignal {
    pub(super) id: String,
    pub(super) label: String,
    #[serde(default)]
    pub(super) name_any: Vec<String>,
    #[serde(default)]
    pub(super) name_all: Vec<Vec<String>>,
    #[serde(default)]
    pub(super) name_all_alone: Option<Vec<String>>,
    #[serde(default)]
    pub(super) name_none: Vec<String>,
    #[serde(default)]
    pub(super) name_last_none: Vec<String>,
    #[serde(default)]
    pub(super) params: Vec<String>,
    #[serde(default)]
    pub(super) param_regex: Option<String>,
    #[serde(default)]
    pub(super) params_none: Vec<String>,
    #[serde(default)]
    pub(super) param_array: bool,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) text: Option<String>,
    #[serde(default)]
    pub(super) text_any: Vec<String>,
    #[serde(default)]
    pub(super) sentence_all: Vec<Vec<String>>,
    #[serde(default)]
    pub(super) hidden_words: Option<usize>,
    #[serde(default)]
    pub(super) destroys: Option<String>,
    #[serde(default)]
    pub(super) negated_by: Option<String>,
    #[serde(default)]
    pub(super) open_world_hint: Option<bool>,
    #[serde(default)]
    pub(super) categories: Option<Vec<String>>,
    #[serde(default)]
    pub(super) not_categories: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RiskFile {
    pub(super) base: BTreeMap<String, String>,
    pub(super) raise: RaiseFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RaiseFile {
    pub(super) signals: Vec<String>,
    pub(super) on_read: Vec<String>,
}
