//! The rule files' data model: parsed from TOML, validated, and compiled (regular expressions
//! built, word lists turned into sets) once per run.
//!
//! Where things are:
//! - Here, [`Rules`]: the compiled set the engine reads, its fields grouped by the file they
//!   come from, each with what it is for; then the compiled pieces it holds ([`Phrase`],
//!   [`VerbObject`], [`SignalRule`], [`SignalWords`]), the signal ids of the taxonomy, and last
//!   the lookups the engine asks of the compiled set: compound words joined, the
//!   `[[verb_object]]` pair of a verb and its object, a financial object in its database sense,
//!   a signal by id.
//! - [`compile`]: [`Rules::compile`], one pass per file, in the order the files are hashed —
//!   `verbs.toml` with the WordNet lexicon under it, `phrases.toml`, `signals.toml`,
//!   `risk.toml` — and then the one struct literal that assembles them. It is long because each
//!   file has many small tables; a section starts where its file is parsed (`let vf:
//!   VerbsFile`, `let pf`, `let sf`, `let rf`). Its `Ctx` makes errors that name the rule file,
//!   the line and the offending entry.
//! - The rule files as written, before compiling, are in [`files`].

mod compile;
mod files;

use super::patterns::PatternSet;
use super::{Category, Risk};
use regex::Regex;
use serde::Deserialize;
// Word lists are looked up for every token of every tool; FxHash hashes a short word several
// times faster than the standard library's DoS-resistant SipHash, and the keys are our own
// rule words, not attacker-chosen.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;

/// Every rule, compiled.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Unique to this compiled rule set (per process), for memos keyed by rule set.
    pub id: u64,
    pub verbs: HashMap<String, Category>,
    pub leading_only: HashSet<String>,
    pub weak_verbs: HashSet<String>,
    /// Verbs that put off the verb right after them (`schedule_stop_application`): the later
    /// verb is what happens, when it is the more severe.
    pub deferring_verbs: HashSet<String>,
    /// Verbs whose next word is the state they set (`mark_read`), not another action.
    pub state_setting_verbs: HashSet<String>,
    /// Words of one or two letters that are verbs in their own right (`go`, `is`), not the
    /// abbreviation of a product that opens a name (`ls_refund_order`).
    pub short_verbs: HashSet<String>,
    pub conjunctions: HashSet<String>,
    /// Token pairs joined into one token before verbs are looked up.
    /// Two name tokens read as one word: first → second → the word. Nested so that a pair is
    /// looked up by reference (a tuple key would need both tokens copied for every lookup).
    pub compounds: HashMap<String, HashMap<String, String>>,
    pub commit_verbs: HashSet<String>,
    pub financial_objects: HashSet<String>,
    pub financial_object_suffixes: HashSet<String>,
    pub financial_non_binding: HashSet<String>,
    /// The words of a draft, and the financial objects whose drafts bind as they do ("a draft
    /// invoice is still an invoice").
    pub financial_drafts: HashSet<String>,
    pub financial_binding_drafts: HashSet<String>,
    /// The verbs that make such a draft (`create`), not edit one.
    pub financial_drafting_verbs: HashSet<String>,
    /// Financial objects that are a database's in a name that names a data store.
    pub financial_database_senses: HashSet<String>,
    /// Records that carry an amount without moving it (`update_opportunity(amount)`).
    pub financial_amount_records: HashSet<String>,
    pub removal_verbs: HashSet<String>,
    /// Write verbs that are reversible removals (`hide`, `archive`): a description that opens
    /// "Remove …" restates them.
    pub reversible_removals: HashSet<String>,
    /// A description that calls a removal restorable ("moves it to the trash", "can be
    /// restored"): a soft delete, which is Write.
    pub restorable: Regex,
    /// A loss deferred to the end of a retention period ("permanently deleted after 30 days"):
    /// what becomes of a soft delete nobody restores.
    pub deferred_loss: Regex,
    /// A loss a soft delete offers as its alternative ("moves to trash, or permanently if
    /// force=true", "moves to trash or expunges").
    pub offered_loss: Regex,
    /// A description that calls a removal a detaching ("(unlink)"), which lets a description
    /// that opens with "remove" overrule a name that says "delete".
    pub stated_detach: Regex,
    /// Relations kept as data (`association`, `relation`): a name that deletes one loses data
    /// unless the description says it detaches.
    pub relation_data: HashSet<String>,
    /// Parameters that make a removal permanent (`permanent`, `hard_delete`): a soft delete
    /// that takes one offers the loss.
    pub permanent_params: HashSet<String>,
    /// Flags of a read that clear what it returns (`[removal] clearing_flags`).
    pub clearing_flags: HashSet<String>,
    /// A flag named for deleting something (`dropTarget`, `shouldDeleteTemporaryBranch`): its
    /// verbs, and the words that may open it before the verb.
    pub removal_option_verbs: HashSet<String>,
    pub removal_option_openers: HashSet<String>,
    /// Lists of references (an allowlist, a watchlist): deleting entries from one detaches.
    pub removal_lists: HashSet<String>,
    /// Fields of a record: deleting one's value (`delete_task_date`) edits the record.
    pub removal_fields: HashSet<String>,
    /// Words whose presence makes a name without a verb a read (`server_health`).
    pub read_nouns: HashSet<String>,
    /// Agents of a read that are not made from a Read verb (`checker`; the others are found by
    /// `agent_verb`): a name with no verb and nothing else said that names one reads.
    pub read_agents: HashSet<String>,
    /// Words shaped like agent nouns that do not act as their verb's agent (`builder` composes
    /// text as often as it builds software); see `agent_verb`.
    pub not_agents: HashSet<String>,
    /// Suffixes that make a verb (`-ize`, `-ify`) and prefixes that redo one (`re-`): a word so
    /// shaped is an action even when the rules do not list it.
    pub verb_suffixes: Vec<String>,
    pub again_prefixes: Vec<String>,
    /// Verbs that are nouns too: followed only by a read noun they name a thing to read
    /// (`place_details`, `tag_list`).
    pub noun_verbs: HashSet<String>,
    /// Nouns of documentation (`guide`, `docs`): a name that ends in one returns guidance.
    pub documentation_nouns: HashSet<String>,
    /// Verbs that make or change a document (`update_guide`): the documentation noun is their
    /// object, and the tool changes it.
    pub documentation_edit_verbs: HashSet<String>,
    /// Words that open a description by handing over guidance ("Provide installation
    /// instructions…"): followed closely by a documentation noun, the tool returns guidance.
    pub documentation_givers: HashSet<String>,
    /// Read verbs that end an object-first name (`project_share_link_get`, `setup_check`).
    pub read_suffix_verbs: HashSet<String>,
    /// Read verbs that end an object-first name only right after its noun (`tag_read`).
    pub read_suffix_adjacent: HashSet<String>,
    /// Words that put a tool in a browser (`browser_`, `puppeteer_`).
    pub browser_namespaces: HashSet<String>,
    /// Verbs that drive the page in a browser (`select`, `drop`, `press`).
    pub browser_verbs: HashSet<String>,
    /// A browser's tabs: opening one at a URL navigates.
    pub browser_tab_objects: HashSet<String>,
    /// Attack techniques a tool may be named for (`sqli_blind_time`), and the verbs of a name
    /// that only return something about one (`xss_payload_generate`).
    pub attack_techniques: HashSet<String>,
    /// Scanners that probe the hosts they are pointed at (`nmap`): a tool named for one runs
    /// a scan, unless its verb only returns something.
    pub attack_scanners: HashSet<String>,
    /// Read nouns that name a scanner's probe itself (`detection`), not something it returns.
    pub attack_probe_words: HashSet<String>,
    pub attack_returning_verbs: HashSet<String>,
    /// A definition that is its name alone: data stores whose query is the caller's code, the
    /// verbs that run or write a query, the words that make a query a read by its kind.
    pub alone_query_stores: HashSet<String>,
    pub alone_query_verbs: HashSet<String>,
    /// Query languages a name alone may name as what its verb runs or writes (`write-cypher`).
    pub alone_query_languages: HashSet<String>,
    pub alone_read_only_queries: HashSet<String>,
    /// A definition that is its name alone: verbs that manage a thing (every operation on it),
    /// and the objects whose removal loses no data (settings, appearance).
    pub alone_manage_verbs: HashSet<String>,
    pub alone_settings_objects: HashSet<String>,
    /// A name with no verb that converts to one of these (`docx_to_pdf`) makes a file.
    pub alone_file_formats: HashSet<String>,
    /// A name alone with no verb whose head is one of these (`terminal`, `sql`) runs what the
    /// caller types there.
    pub alone_code_surfaces: HashSet<String>,
    /// A name alone ending in "request" with one of these (`http_request`) makes that request.
    pub alone_request_kinds: HashSet<String>,
    /// HTTP methods that send a body, ending a name alone as its request (`http_post`).
    pub alone_request_methods: HashSet<String>,
    /// Verbs that open a description by starting a job ("Trigger a scan…").
    pub job_start_verbs: HashSet<String>,
    /// A description that says the call returns a job's ID ("Returns a job ID").
    pub job_id_phrase: Regex,
    /// Programs a bare name runs (`eslint`, `pytest`).
    pub programs: HashSet<String>,
    /// The standard library's math functions (`sqrt`, `log10`, `erf`): a name that is one
    /// computes a value and returns it.
    pub math_functions: HashSet<String>,
    /// Words after a program's name that are its subcommands, not a thing it qualifies
    /// (`pulumi_up`, `docker_ps`).
    pub program_subcommands: HashSet<String>,
    /// Array parameters of extra command-line arguments passed through to a program
    /// (`extra_args`), squashed.
    pub program_argument_params: HashSet<String>,
    /// Words that open a tool's name as a namespace (`browser_drag`, `page_click`): the word
    /// after them stands where a name's verb stands.
    pub tool_prefixes: HashSet<String>,
    /// Words that follow a verb, not a noun ("Ingest *a* path", "Skip *to* the next track"): an
    /// unknown first word of a description followed by one of these is an unknown action.
    pub object_openers: HashSet<String>,
    /// Verbs whose result is returned unless the definition says it is saved (`generate`,
    /// `extract`), the parameters that name where it is saved, and phrases that say so.
    pub saved_output_verbs: HashSet<String>,
    pub saved_output_params: HashSet<String>,
    /// Saved-output parameters that may name a place read about (`destination`): they count
    /// only for a transform's verb.
    pub saved_output_place_params: HashSet<String>,
    /// Places a name sends its result to (`crawl_to_volume`, `convert_markdown_to_file`).
    pub saved_output_name_targets: HashSet<String>,
    /// What a call makes from nothing the caller gives (a screenshot), and the parameters that
    /// then can only name where it goes (`filePath`).
    pub saved_output_made_objects: HashSet<String>,
    /// Verbs whose pair makes such a thing (`capture` + window: a screenshot of it).
    pub saved_output_made_verbs: HashSet<String>,
    pub saved_output_made_object_params: HashSet<String>,
    pub saved_output_phrase: Regex,
    /// A parameter's prose that says the result is saved ("Resources will be generated in the
    /// same directory"), narrower than [`Rules::saved_output_phrase`]: an input's "Path to the
    /// file" says nothing of the output.
    pub saved_output_param_phrase: Regex,
    pub relation_objects: HashSet<String>,
    pub link_containers: HashSet<String>,
    pub action_params: HashSet<String>,
    /// `[actions] start_flags`: flags that start what a change makes (`autostart`).
    pub start_flags: HashSet<String>,
    /// `[actions] verdicts_pass` and `verdicts_stop`: what a filter rule does to traffic.
    pub verdicts_pass: HashSet<String>,
    pub verdicts_stop: HashSet<String>,
    pub read_run_verbs: HashSet<String>,
    pub read_run_objects: HashSet<String>,
    /// A verb on one of a few objects that means more than the verb alone (`ask_agent` runs an
    /// agent, `cancel_subscription` ends one for good): see `[[verb_object]]` in verbs.toml.
    pub verb_objects: Vec<VerbObject>,
    /// For each verb of a pair, the pairs it is in (indexes into `verb_objects`, in file order):
    /// a verb is looked up once, not once per pair.
    verb_object_index: HashMap<String, Vec<usize>>,
    /// A parameter name that caps what a call may spend (`max_sats`), with its description
    /// saying so: the call itself is paid.
    pub spending_cap_param: Regex,
    pub spending_cap_description: Regex,
    /// Parameters that decide what is charged, credited or invoiced (`unbilled_charges_option`).
    pub billing_params: Regex,
    pub draft_only: Regex,
    /// A call the definition says incurs charges ("Each invocation incurs AWS charges").
    pub billed_call: Regex,
    /// Editing an order (`[financial] edit_verbs` on `edit_objects`) changes what is owed only
    /// through one of `terms_params` (squashed: `price`, `quantity`).
    pub financial_edit_verbs: HashSet<String>,
    pub financial_edit_objects: HashSet<String>,
    pub financial_terms_params: HashSet<String>,
    pub prepositions: HashSet<String>,
    /// Verbs that make one thing of another (`convert`): their object is what follows one of
    /// `result_markers` ("to", "into") when the words after them have one.
    pub result_verbs: HashSet<String>,
    pub result_markers: HashSet<String>,
    /// Words after a name's verb that name no object (`Switch-Tool`): the description's object
    /// stands for them.
    pub no_object: HashSet<String>,
    /// Prepositions that say where an action happens ("on a session"), not where its result
    /// goes ("into a new VM") or what it comes from.
    pub place_prepositions: HashSet<String>,
    pub description_prefixes: Vec<Regex>,
    /// All of `description_prefixes` in one set, to tell whether any applies.
    pub description_prefix_set: regex::RegexSet,
    /// "Read-only" in languages other than English (`只读`), looked for in descriptions that are
    /// not ASCII.
    pub read_only_words: Vec<String>,
    /// A read that creates what it does not find ("Get or create …").
    pub creates_if_missing: Regex,
    pub phrases: Vec<Phrase>,
    pub signals: Vec<SignalRule>,
    /// Each signal's position in `signals`, by id.
    pub signal_index: HashMap<String, usize>,
    /// Where each description pattern (phrases, then signals' `description` and `destroys`,
    /// numbered in that order) is matched: nearly all in `text_set`'s one pass over the whole
    /// definition (the description is part of it; a hit is then confirmed on the description
    /// alone), the few that assert where their text starts or ends (`^`, `$`) in
    /// `description_set`.
    pub description_slots: Vec<DescriptionSlot>,
    /// The description patterns that `text_set` cannot answer, for a pass over the description.
    pub description_set: PatternSet,
    /// The signals' name and parameter words, each with the signals that list it: one lookup
    /// per word of a tool instead of one per word and signal.
    pub signal_words: HashMap<String, SignalWords>,
    /// Every signal's `param_regex` in one set, matched once per property name, with the
    /// signal bit of each pattern.
    pub param_regexes: Option<(regex::RegexSet, Vec<u64>)>,
    /// Every pattern that looks at all of a definition's text, and most description patterns
    /// (see `description_slots`), for one pass over the definition's text that says which
    /// patterns need a second look (see `patterns`). One pass instead of a second over the
    /// description measured 5% faster on synthetic tools and the same on the real corpus.
    pub text_set: PatternSet,
    pub many_params: usize,
    pub base64_min: usize,
    /// Property names (lower-case, punctuation removed) whose code is always executed.
    pub code_strong_params: HashSet<String>,
    /// Property names (squashed) that give the path of a script or source file
    /// (`python_file`): a tool that runs gets code the caller chose.
    pub code_script_file_params: HashSet<String>,
    /// Text that says a code-like property is executed.
    pub code_context: Regex,
    /// Name verbs that store what they are given (`create_resolver`), and the code parameters
    /// that are then the stored object's content, not code run by the call.
    pub code_storing_verbs: HashSet<String>,
    pub code_stored_params: HashSet<String>,
    /// Read verbs that judge or transform the code they are given (`review_code(code)`).
    pub code_reading_verbs: HashSet<String>,
    /// Objects of an Execute verb in a name that make it code execution (`execute_command`).
    pub code_name_objects: HashSet<String>,
    /// Verbs of a name that run code by themselves (`sandbox_exec`, `shell`).
    pub code_name_verbs: HashSet<String>,
    /// Verbs that run their object when it is code (`evaluate_script`), or the page's script in
    /// a browser (`browser_evaluate`).
    pub code_object_verbs: HashSet<String>,
    /// Verbs that drive a user interface: a `tool` after them is the name's suffix, not a tool
    /// that is run (`Click-Tool`).
    pub code_ui_verbs: HashSet<String>,
    /// Verbs of names that may send input to a program (`send_input`), and how a description
    /// says the program is a running one ("to a running/interactive command").
    pub typing_verbs: HashSet<String>,
    pub typed_into_program: Regex,
    /// A code-like property whose description matches this is not code.
    pub not_code: Regex,
    /// Name tokens of a query tool (`query_clickhouse`) whose description, naming a language
    /// that can change data, shows that the query it takes is code.
    pub query_names: HashSet<String>,
    pub query_languages: Regex,
    /// Query languages that can only read (PromQL, LogQL): a query in one is not code.
    pub read_only_languages: Regex,
    /// A code-like property whose description matches this is analysed, not run ("SQL string to
    /// validate"), unless the definition matches `code_runs_analysed` ("EXPLAIN ANALYZE").
    pub code_analysed: Regex,
    pub code_runs_analysed: Regex,
    /// Verbs that deploy, and parameters that carry the code or manifests they deploy.
    pub deploy_verbs: HashSet<String>,
    pub deploy_params: HashSet<String>,
    pub base_risk: BTreeMap<Category, Risk>,
    pub raise: Vec<String>,
    pub raise_on_read: Vec<String>,
}

/// Where a description pattern is matched (see [`Rules::description_slots`]).
#[derive(Debug, Clone, Copy)]
pub enum DescriptionSlot {
    /// This position in [`Rules::text_set`].
    Text(usize),
    /// This position in [`Rules::description_set`].
    Own(usize),
}

/// Signals the engine decides itself; their rule entries hold only labels and parameters.
pub const ENGINE_DECIDED: &[&str] = &[
    "code_exec",
    "money",
    "annotation_mismatch",
    "hidden_text",
    "many_params",
];

/// Which signals list a word, by list: bit `1 << i` stands for `Rules::signals[i]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignalWords {
    pub name_any: u64,
    pub name_none: u64,
    pub params: u64,
    pub params_none: u64,
    /// The `name_all` groups that list the word, one bit per group of any signal (see
    /// [`SignalRule::name_all_bits`]).
    pub name_groups: u64,
}

impl std::ops::BitOrAssign for SignalWords {
    fn bitor_assign(&mut self, o: SignalWords) {
        self.name_any |= o.name_any;
        self.name_none |= o.name_none;
        self.params |= o.params;
        self.params_none |= o.params_none;
        self.name_groups |= o.name_groups;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    Strong,
    Weak,
}

#[derive(Debug, Clone)]
pub struct Phrase {
    /// Its number among the description patterns (see [`Rules::description_slots`]).
    pub set_index: usize,
    pub id: String,
    pub category: Category,
    pub strength: Strength,
    pub read_only: bool,
    /// The phrase says the call itself is paid ("Costs $0.10 USDC", "x402 payment"): Financial
    /// whatever the name says.
    pub paid_call: bool,
    pub pattern: Regex,
}

#[derive(Debug, Clone)]
pub struct VerbObject {
    pub objects: HashSet<String>,
    /// The pair holds only on a tool that takes one of these parameters (squashed names), when
    /// any are listed: a container created from an `image` runs it; a storage container has none.
    pub params: HashSet<String>,
    pub category: Category,
    /// Why, as a clause for the rationale.
    pub why: String,
}

#[derive(Debug, Clone)]
pub struct SignalRule {
    pub id: String,
    pub label: String,
    /// The label with its `{param}` placeholder (and the parentheses around it) removed, for
    /// evidence that names no parameter.
    pub label_plain: String,
    /// This rule's bit in [`SignalWords`] and [`Rules::param_regexes`]' masks: `1 << its
    /// position in [`Rules::signals`]`.
    pub bit: u64,
    pub name_any: HashSet<String>,
    pub name_all: Vec<HashSet<String>>,
    /// When set, each `name_all` group needs a word of its own, except these words, which
    /// stand for every group by themselves (`post`, `invite`: the act and its object).
    pub name_all_alone: Option<HashSet<String>>,
    /// Each `name_all` group's bit in [`SignalWords::name_groups`]; empty when the rules have
    /// more than 64 groups in all and this rule's did not get bits (then every group is looked
    /// up word by word).
    pub name_all_bits: Vec<u64>,
    /// The engine decides this signal itself (see [`ENGINE_DECIDED`]).
    pub engine_decided: bool,
    pub name_none: HashSet<String>,
    /// A name that ends in one of these names a thing the signal's name words only describe
    /// (`replace_sign_in_page`, `create_oauth2_provider`): no name match.
    pub name_last_none: HashSet<String>,
    pub params: HashSet<String>,
    pub param_regex: Option<Regex>,
    pub params_none: HashSet<String>,
    pub param_array: bool,
    pub description: Option<Regex>,
    /// The number of `description` among the description patterns (see
    /// [`Rules::description_slots`]).
    pub description_index: Option<usize>,
    pub text: Option<Regex>,
    /// Positions of `text` and then each of `text_any` in [`Rules::text_set`].
    pub text_indices: Vec<usize>,
    /// Positions of each `sentence_all` group's patterns in [`Rules::text_set`].
    pub sentence_indices: Vec<Vec<usize>>,
    /// More regular expressions on all of the definition's text, any of which shows the signal.
    /// A match whose named group `tool` captured this tool's own name or one of its property
    /// names does not count (a reference to another tool must name another tool), unless a
    /// named group `server` also matched (a tool qualified by another server's name).
    pub text_any: Vec<Regex>,
    /// Groups of regular expressions; a sentence of the definition matching every one of a group
    /// shows the signal.
    pub sentence_all: Vec<Vec<Regex>>,
    /// Text hidden by invisible characters (see `hidden::reveal`) with at least this many words
    /// shows the signal: a message nobody reviewing the definition can see.
    pub hidden_words: Option<usize>,
    /// For `annotation_mismatch`: text saying the tool destroys data, which contradicts
    /// `readOnlyHint: true` and `destructiveHint: false` whatever the category.
    pub destroys: Option<Regex>,
    /// The number of `destroys` among the description patterns (see
    /// [`Rules::description_slots`]).
    pub destroys_index: Option<usize>,
    /// A description/text match is ignored when the text just before it matches this.
    pub negated_by: Option<Regex>,
    pub open_world_hint: Option<bool>,
    pub categories: Option<Vec<Category>>,
    pub not_categories: Vec<Category>,
}

impl SignalRule {
    /// The name ends in a word that names what the signal's name words only describe
    /// (`name_last_none`).
    pub fn name_ends_in_a_veto(&self, tokens: &[String]) -> bool {
        tokens
            .last()
            .is_some_and(|t| self.name_last_none.contains(t))
    }

    pub fn allows(&self, category: Category) -> bool {
        self.categories
            .as_ref()
            .is_none_or(|c| c.contains(&category))
            && !self.not_categories.contains(&category)
    }
}

/// The signal ids of TAXONOMY.md. A rules file may not invent others: the ids are a contract.
pub const SIGNAL_IDS: &[&str] = &[
    "bulk",
    "code_exec",
    "code_input",
    "fs_path",
    "url_input",
    "secrets",
    "auth_flow",
    "privilege",
    "external_comm",
    "money",
    "irreversible",
    "infra",
    "pii",
    "open_world",
    "many_params",
    "tool_poisoning",
    "hidden_text",
    "shadowing",
    "annotation_mismatch",
];

/// Rewrites `\b` as an ASCII word boundary. A Unicode `\b` makes the regex engine give up its
/// fast lazy DFA on any non-ASCII text and fall back to a matcher some 20 times slower; the
/// rules' words are English, so an ASCII boundary is the one they mean.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl Rules {
    /// Joins compound pairs (`pull`, `request` → `pullrequest`).
    pub fn join_compounds(&self, tokens: Vec<String>) -> Vec<String> {
        if self.compounds.is_empty() || tokens.len() < 2 {
            return tokens;
        }
        let mut out: Vec<String> = Vec::with_capacity(tokens.len());
        let mut tokens = tokens.into_iter().peekable();
        while let Some(t) = tokens.next() {
            // A joined pair may join again (`drag and` + `drop` → `draganddrop`).
            if let Some(last) = out.last_mut()
                && let Some(joined) = self.compounds.get(last).and_then(|m| m.get(&t))
            {
                *last = joined.clone();
                continue;
            }
            if let Some(next) = tokens.peek()
                && let Some(joined) = self.compounds.get(&t).and_then(|m| m.get(next))
            {
                out.push(joined.clone());
                tokens.next();
                continue;
            }
            out.push(t);
        }
        out
    }

    /// Whether `verb` marks a state and `next`, the word after it, is that state (`mark_read`:
    /// "read" is what is marked, not a second action; `[weak] state_setting`).
    pub fn sets_a_state(&self, verb: &str, next: Option<&String>) -> bool {
        self.state_setting_verbs.contains(verb) && next.is_some_and(|s| self.verbs.contains_key(s))
    }

    /// The `[[verb_object]]` pair that gives `verb` on `object` its meaning, if one does.
    pub fn verb_object(&self, verb: &str, object: &str) -> Option<&VerbObject> {
        self.verb_object_index
            .get(verb)?
            .iter()
            .map(|&i| &self.verb_objects[i])
            .find(|vo| vo.objects.contains(object))
    }

    /// The pair `verb` makes with `object` on a tool whose parameters (squashed names) are
    /// `params`: the first pair whose parameter condition, if it has one, the tool meets.
    pub fn verb_object_on<'a>(
        &self,
        verb: &str,
        object: &str,
        params: impl Iterator<Item = &'a str> + Clone,
    ) -> Option<&VerbObject> {
        self.verb_object_index
            .get(verb)?
            .iter()
            .map(|&i| &self.verb_objects[i])
            .find(|vo| {
                vo.objects.contains(object)
                    && (vo.params.is_empty() || params.clone().any(|p| vo.params.contains(p)))
            })
    }

    /// Whether a financial object is meant in its database sense (`transaction`) because one of
    /// `contexts` (the name's words, a description's sentence) names a data store.
    pub fn in_a_database_sense(&self, object: &str, contexts: &[&[String]]) -> bool {
        self.financial_database_senses.contains(object)
            && contexts
                .iter()
                .any(|ws| ws.iter().any(|w| self.alone_query_stores.contains(w)))
    }

    /// Whether `verb` is in any `[[verb_object]]` pair.
    pub fn verb_in_a_pair(&self, verb: &str) -> bool {
        self.verb_object_index.contains_key(verb)
    }

    pub fn signal(&self, id: &str) -> &SignalRule {
        let i = self.signal_index.get(id);
        &self.signals[*i.expect("every signal id is checked at compile time")]
    }

    /// The position of a signal in the rules file: its strength rank.
    pub fn signal_rank(&self, id: &str) -> usize {
        self.signal_index.get(id).copied().unwrap_or(usize::MAX)
    }
}
