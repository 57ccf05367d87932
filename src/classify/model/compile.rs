//! [`Rules::compile`]: the rule files parsed, checked and compiled, one section per file.

use super::files::{LexiconVerbs, PhrasesFile, RiskFile, SignalsFile, VerbsFile};
use super::{
    DescriptionSlot, ENGINE_DECIDED, HashMap, HashSet, Phrase, Rules, SIGNAL_IDS, SignalRule,
    SignalWords, VerbObject, ascii_word_boundaries,
};
use crate::classify::patterns::PatternSet;
use crate::classify::rules::{RuleFiles, line_containing, line_of, parse_toml};
use crate::classify::{Category, Risk};
use crate::error::Error;
use regex::{Regex, RegexBuilder};
use std::collections::BTreeMap;

/// Whether `re` asserts where the text or a line starts or ends (`^`, `$`, `\A`, `\z`, and
/// their multi-line forms): such a pattern means something else inside the whole definition's
/// text than on the description alone. Word boundaries are fine: the description stands on
/// lines of its own there, and a line feed is no word character.
fn asserts_an_end(re: &Regex) -> bool {
    use regex_syntax::hir::Look;
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .build()
        .parse(re.as_str())
    else {
        return true;
    };
    let looks = hir.properties().look_set();
    [
        Look::Start,
        Look::End,
        Look::StartLF,
        Look::EndLF,
        Look::StartCRLF,
        Look::EndCRLF,
    ]
    .into_iter()
    .any(|l| looks.contains(l))
}

struct Ctx<'a> {
    origin: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(&self, needle: &str, msg: impl Into<String>) -> Error {
        Error::Rules {
            file: self.origin.to_string(),
            line: line_containing(self.text, needle),
            msg: msg.into(),
        }
    }

    fn regex(&self, needle: &str, what: &str, pattern: &str) -> Result<Regex, Error> {
        RegexBuilder::new(&ascii_word_boundaries(pattern))
            .case_insensitive(true)
            .size_limit(1 << 24)
            // The rules' big alternations need room in the lazy DFA's cache, or it keeps
            // clearing and rebuilding states (measured: a fifth of classification time).
            .dfa_size_limit(1 << 26)
            .build()
            .map_err(|e| self.err(needle, format!("{what}: invalid regular expression: {e}")))
    }

    fn category(&self, needle: &str, s: &str) -> Result<Category, Error> {
        s.parse::<Category>().map_err(|e| self.err(needle, e))
    }
}

fn set(words: &[String]) -> HashSet<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

impl Rules {
    pub fn compile(files: &RuleFiles) -> Result<Rules, Error> {
        let (origin, text) = files.get("verbs.toml");
        let verbs_ctx = Ctx { origin, text };
        let vf: VerbsFile = parse_toml(origin, text)?;
        let mut verbs = HashMap::default();
        for (cat, words) in &vf.verbs {
            let category = verbs_ctx.category(&format!("{cat} ="), cat)?;
            for w in words {
                let w = w.to_lowercase();
                if w.contains(|c: char| !c.is_alphanumeric()) {
                    return Err(verbs_ctx.err(
                        &format!("\"{w}\""),
                        format!("verb `{w}` is not a single word: names are matched word by word"),
                    ));
                }
                if let Some(prev) = verbs.insert(w.clone(), category)
                    && prev != category
                {
                    return Err(verbs_ctx.err(
                        &format!("\"{w}\""),
                        format!("verb `{w}` is listed under both {prev} and {category}"),
                    ));
                }
            }
        }
        // The generated lexicon is a lower layer: it fills in verbs the curated lists leave
        // out, and never changes one they list (nor one its reviewed exclusions name).
        let (lex_origin, lex_text) = files.get("wordnet.toml");
        let lexicon: LexiconVerbs = parse_toml(lex_origin, lex_text)?;
        let lex_ctx = Ctx {
            origin: lex_origin,
            text: lex_text,
        };
        let excluded = set(&vf.lexicon.exclude);
        let mut from_lexicon: HashMap<String, Category> = HashMap::default();
        for (cat, words) in &lexicon.verbs {
            let category = lex_ctx.category(&format!("{cat} ="), cat)?;
            for w in words {
                let w = w.to_lowercase();
                if w.is_empty()
                    || w.contains(|c: char| !c.is_alphanumeric())
                    || verbs.contains_key(&w)
                    || excluded.contains(&w)
                {
                    continue;
                }
                // A word in two lists of the lexicon is ambiguous there: the more severe wins.
                let slot = from_lexicon.entry(w).or_insert(category);
                *slot = (*slot).max(category);
            }
        }
        // A lexicon verb is weaker evidence than a curated one: it counts only where a name's
        // verb stands (its first word: elsewhere such a word is mostly the object, `gzip_file`),
        // and it yields to a curated verb later in the name (`azure_delete_vm` deletes).
        let lexicon_words: Vec<String> = from_lexicon.keys().cloned().collect();
        verbs.extend(from_lexicon);
        let mut leading_only = set(&vf.leading_only.tokens);
        leading_only.extend(lexicon_words.iter().cloned());
        let mut weak_verbs = set(&vf.weak.verbs);
        weak_verbs.extend(lexicon_words);
        if let Some(w) = leading_only.iter().find(|w| !verbs.contains_key(*w)) {
            return Err(verbs_ctx.err(
                &format!("\"{w}\""),
                format!("[leading_only] `{w}` is not listed under [verbs]"),
            ));
        }
        let mut compounds = HashMap::default();
        for (pair, joined) in &vf.compounds {
            let parts: Vec<&str> = pair.split_whitespace().collect();
            let [a, b] = parts[..] else {
                return Err(verbs_ctx.err(
                    &format!("\"{pair}\""),
                    format!("[compounds] `{pair}` must be two words"),
                ));
            };
            compounds
                .entry(a.to_lowercase())
                .or_insert_with(HashMap::default)
                .insert(b.to_lowercase(), joined.to_lowercase());
        }
        let mut verb_objects = Vec::new();
        let mut verb_object_index: HashMap<String, Vec<usize>> = HashMap::default();
        for vo in &vf.verb_object {
            if let Some(v) = vo
                .verbs
                .iter()
                .find(|v| !verbs.contains_key(&v.to_lowercase()))
            {
                return Err(verbs_ctx.err(
                    &vo.why,
                    format!("[[verb_object]] verb `{v}` is not listed under [verbs]"),
                ));
            }
            for v in &vo.verbs {
                verb_object_index
                    .entry(v.to_lowercase())
                    .or_default()
                    .push(verb_objects.len());
            }
            verb_objects.push(VerbObject {
                objects: set(&vo.objects),
                params: set(&vo.params),
                category: verbs_ctx.category(&vo.why, &vo.category)?,
                why: vo.why.clone(),
            });
        }
        // Each `[financial]` pattern, named in errors by its key.
        let financial =
            |key: &str, pattern: &str| verbs_ctx.regex(key, &format!("[financial] {key}"), pattern);
        let spending_cap_param =
            financial("spending_cap_params", &vf.financial.spending_cap_params)?;
        let spending_cap_description = financial(
            "spending_cap_description",
            &vf.financial.spending_cap_description,
        )?;
        let billing_params = financial("billing_params", &vf.financial.billing_params)?;
        let draft_only = financial("draft_only", &vf.financial.draft_only)?;
        let billed_call = financial("billed_call", &vf.financial.billed_call)?;
        let description_prefixes = vf
            .description
            .prefixes
            .iter()
            .map(|p| verbs_ctx.regex(p, "[description] prefixes", p))
            .collect::<Result<Vec<Regex>, _>>()?;
        let description_prefix_set =
            regex::RegexSetBuilder::new(description_prefixes.iter().map(Regex::as_str))
                .case_insensitive(true)
                .build()
                .map_err(|e| verbs_ctx.err("prefixes", format!("[description] prefixes: {e}")))?;

        let (origin, text) = files.get("phrases.toml");
        let ctx = Ctx { origin, text };
        let pf: PhrasesFile = parse_toml(origin, text)?;
        let mut phrases = Vec::new();
        for p in pf.phrase {
            let needle = format!("\"{}\"", p.id);
            let (read_only, paid_call) = match p.effect.as_deref() {
                None => (false, false),
                Some("read_only") => (true, false),
                Some("paid_call") => (false, true),
                Some(other) => {
                    return Err(ctx.err(
                        &needle,
                        format!(
                            "phrase {}: unknown effect `{other}` (known: read_only, paid_call)",
                            p.id
                        ),
                    ));
                }
            };
            phrases.push(Phrase {
                set_index: phrases.len(),
                category: ctx.category(&needle, &p.category)?,
                strength: p.strength,
                read_only,
                paid_call,
                pattern: ctx.regex(&needle, &format!("phrase {}", p.id), &p.pattern)?,
                id: p.id,
            });
        }

        let (origin, text) = files.get("signals.toml");
        let ctx = Ctx { origin, text };
        let sf: SignalsFile = parse_toml(origin, text)?;
        let mut signals = Vec::new();
        for s in sf.signal {
            let needle = format!("id = \"{}\"", s.id);
            if !SIGNAL_IDS.contains(&s.id.as_str()) {
                return Err(ctx.err(
                    &needle,
                    format!(
                        "unknown signal id `{}` (the ids are fixed by TAXONOMY.md)",
                        s.id
                    ),
                ));
            }
            if signals.iter().any(|x: &SignalRule| x.id == s.id) {
                return Err(ctx.err(&needle, format!("signal `{}` is defined twice", s.id)));
            }
            let what = format!("signal {}", s.id);
            let cats = |v: &[String]| {
                v.iter()
                    .map(|c| ctx.category(&needle, c))
                    .collect::<Result<Vec<_>, _>>()
            };
            signals.push(SignalRule {
                bit: 0,
                description_index: None,
                destroys_index: None,
                text_indices: Vec::new(),
                sentence_indices: Vec::new(),
                name_any: set(&s.name_any),
                name_all: s.name_all.iter().map(|g| set(g)).collect(),
                name_all_alone: s.name_all_alone.as_ref().map(|w| set(w)),
                name_all_bits: Vec::new(),
                engine_decided: ENGINE_DECIDED.contains(&s.id.as_str()),
                name_none: set(&s.name_none),
                name_last_none: set(&s.name_last_none),
                params: set(&s.params),
                param_regex: s
                    .param_regex
                    .as_deref()
                    .map(|p| ctx.regex(&needle, &what, p))
                    .transpose()?,
                params_none: set(&s.params_none),
                param_array: s.param_array,
                description: s
                    .description
                    .as_deref()
                    .map(|p| ctx.regex(&needle, &what, p))
                    .transpose()?,
                text: s
                    .text
                    .as_deref()
                    .map(|p| ctx.regex(&needle, &what, p))
                    .transpose()?,
                text_any: s
                    .text_any
                    .iter()
                    .map(|p| ctx.regex(p, &what, p))
                    .collect::<Result<_, _>>()?,
                sentence_all: s
                    .sentence_all
                    .iter()
                    .map(|g| {
                        g.iter()
                            .map(|p| ctx.regex(p, &what, p))
                            .collect::<Result<Vec<_>, _>>()
                    })
                    .collect::<Result<_, _>>()?,
                hidden_words: s.hidden_words,
                destroys: s
                    .destroys
                    .as_deref()
                    .map(|p| ctx.regex(&needle, &what, p))
                    .transpose()?,
                negated_by: s
                    .negated_by
                    .as_deref()
                    .map(|p| ctx.regex(&needle, &what, p))
                    .transpose()?,
                open_world_hint: s.open_world_hint,
                categories: s.categories.as_deref().map(cats).transpose()?,
                not_categories: cats(&s.not_categories)?,
                label_plain: s.label.replace(" ({param})", "").replace("{param}", ""),
                label: s.label,
                id: s.id,
            });
        }
        for id in SIGNAL_IDS {
            if !signals.iter().any(|s| s.id == *id) {
                return Err(Error::Rules {
                    file: origin.to_string(),
                    line: line_of(text, text.len()),
                    msg: format!(
                        "signal `{id}` is missing (every TAXONOMY.md signal needs an entry, at least its label)"
                    ),
                });
            }
        }
        if signals.len() > 64 {
            return Err(Error::Rules {
                file: origin.to_string(),
                line: 1,
                msg: format!("{} signals; at most 64 are supported", signals.len()),
            });
        }
        let mut signal_words: HashMap<String, SignalWords> = HashMap::default();
        let mut param_patterns = Vec::new();
        let mut param_bits = Vec::new();
        let mut groups = 0;
        for (i, s) in signals.iter_mut().enumerate() {
            s.bit = 1 << i;
            if groups + s.name_all.len() <= 64 {
                for group in &s.name_all {
                    let bit = 1 << groups;
                    groups += 1;
                    s.name_all_bits.push(bit);
                    for w in group {
                        signal_words.entry(w.clone()).or_default().name_groups |= bit;
                    }
                }
            }
            for w in &s.name_any {
                signal_words.entry(w.clone()).or_default().name_any |= s.bit;
            }
            for w in &s.name_none {
                signal_words.entry(w.clone()).or_default().name_none |= s.bit;
            }
            for w in &s.params {
                signal_words.entry(w.clone()).or_default().params |= s.bit;
            }
            for w in &s.params_none {
                signal_words.entry(w.clone()).or_default().params_none |= s.bit;
            }
            if let Some(re) = &s.param_regex {
                param_patterns.push(re.as_str().to_string());
                param_bits.push(s.bit);
            }
        }
        let param_regexes = if param_patterns.is_empty() {
            None
        } else {
            let set = regex::RegexSetBuilder::new(&param_patterns)
                .case_insensitive(true)
                .build()
                .map_err(|e| Error::Rules {
                    file: origin.to_string(),
                    line: 1,
                    msg: format!("the signals' param_regex patterns together: {e}"),
                })?;
            Some((set, param_bits))
        };

        let code_context =
            ctx.regex("[code_exec]", "[code_exec] context", &sf.code_exec.context)?;
        let not_code = ctx.regex("not_code", "[code_exec] not_code", &sf.code_exec.not_code)?;
        let typed_into_program = ctx.regex(
            "typed_into_program",
            "[code_exec] typed_into_program",
            &sf.code_exec.typed_into_program,
        )?;
        let query_languages = ctx.regex(
            "query_languages",
            "[code_exec] query_languages",
            &sf.code_exec.query_languages,
        )?;
        let read_only_languages = ctx.regex(
            "read_only_languages",
            "[code_exec] read_only_languages",
            &sf.code_exec.read_only_languages,
        )?;
        let code_analysed =
            ctx.regex("analysed", "[code_exec] analysed", &sf.code_exec.analysed)?;
        let code_runs_analysed = ctx.regex(
            "runs_analysed",
            "[code_exec] runs_analysed",
            &sf.code_exec.runs_analysed,
        )?;

        let mut description_patterns: Vec<Regex> =
            phrases.iter().map(|p| p.pattern.clone()).collect();
        let mut text_patterns = Vec::new();
        for s in &mut signals {
            if let Some(re) = &s.description {
                s.description_index = Some(description_patterns.len());
                description_patterns.push(re.clone());
            }
            if let Some(re) = &s.destroys {
                s.destroys_index = Some(description_patterns.len());
                description_patterns.push(re.clone());
            }
            for re in s.text.iter().chain(&s.text_any) {
                s.text_indices.push(text_patterns.len());
                text_patterns.push(re.clone());
            }
            for group in &s.sentence_all {
                let mut idx = Vec::new();
                for re in group {
                    idx.push(text_patterns.len());
                    text_patterns.push(re.clone());
                }
                s.sentence_indices.push(idx);
            }
        }
        let pattern_set = |patterns: Vec<Regex>| {
            PatternSet::new(patterns).map_err(|e| Error::Rules {
                file: origin.to_string(),
                line: 1,
                msg: format!("the rules' patterns together: {e}"),
            })
        };
        let mut own_patterns = Vec::new();
        let mut description_slots = Vec::new();
        for re in description_patterns {
            if asserts_an_end(&re) {
                description_slots.push(DescriptionSlot::Own(own_patterns.len()));
                own_patterns.push(re);
            } else {
                description_slots.push(DescriptionSlot::Text(text_patterns.len()));
                text_patterns.push(re);
            }
        }
        let description_set = pattern_set(own_patterns)?;
        let text_set = pattern_set(text_patterns)?;

        let (origin, text) = files.get("risk.toml");
        let ctx = Ctx { origin, text };
        let rf: RiskFile = parse_toml(origin, text)?;
        let mut base_risk = BTreeMap::new();
        for (cat, risk) in &rf.base {
            let c = ctx.category(&format!("{cat} ="), cat)?;
            let r = risk
                .parse::<Risk>()
                .map_err(|e| ctx.err(&format!("{cat} ="), e))?;
            base_risk.insert(c, r);
        }
        if let Some(c) = Category::ALL.iter().find(|c| !base_risk.contains_key(c)) {
            return Err(ctx.err("[base]", format!("[base] has no level for {c}")));
        }
        for id in rf.raise.signals.iter().chain(&rf.raise.on_read) {
            if !SIGNAL_IDS.contains(&id.as_str()) {
                return Err(ctx.err(&format!("\"{id}\""), format!("unknown signal id `{id}`")));
            }
        }

        // Ids start at 1: 0 marks a memo that has seen no rule set yet.
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Ok(Rules {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            verbs,
            leading_only,
            weak_verbs,
            deferring_verbs: set(&vf.weak.deferring),
            state_setting_verbs: set(&vf.weak.state_setting),
            short_verbs: set(&vf.weak.short_verbs),
            conjunctions: set(&vf.conjunctions.words),
            compounds,
            commit_verbs: set(&vf.financial.commit_verbs),
            financial_objects: set(&vf.financial.objects),
            financial_object_suffixes: set(&vf.financial.object_suffixes),
            financial_non_binding: set(&vf.financial.non_binding),
            financial_drafts: set(&vf.financial.drafts),
            financial_binding_drafts: set(&vf.financial.binding_drafts),
            financial_drafting_verbs: set(&vf.financial.drafting_verbs),
            financial_database_senses: set(&vf.financial.database_senses),
            financial_amount_records: set(&vf.financial.amount_records),
            removal_verbs: set(&vf.removal.verbs),
            reversible_removals: set(&vf.removal.reversible),
            restorable: verbs_ctx.regex(
                &vf.removal.restorable,
                "[removal] restorable",
                &vf.removal.restorable,
            )?,
            deferred_loss: verbs_ctx.regex(
                &vf.removal.deferred_loss,
                "[removal] deferred_loss",
                &vf.removal.deferred_loss,
            )?,
            offered_loss: verbs_ctx.regex(
                &vf.removal.offered_loss,
                "[removal] offered_loss",
                &vf.removal.offered_loss,
            )?,
            stated_detach: verbs_ctx.regex(
                &vf.removal.stated_detach,
                "[removal] stated_detach",
                &vf.removal.stated_detach,
            )?,
            relation_data: set(&vf.removal.relation_data),
            permanent_params: set(&vf.removal.permanent_params),
            clearing_flags: set(&vf.removal.clearing_flags),
            removal_option_verbs: set(&vf.removal.option_verbs),
            removal_option_openers: set(&vf.removal.option_openers),
            removal_lists: set(&vf.removal.lists),
            removal_fields: set(&vf.removal.fields),
            read_nouns: set(&vf.weak_evidence.read_nouns),
            read_agents: set(&vf.weak_evidence.read_agents),
            not_agents: set(&vf.weak_evidence.not_agents),
            verb_suffixes: vf.weak_evidence.verb_suffixes.clone(),
            again_prefixes: vf.weak_evidence.again_prefixes.clone(),
            noun_verbs: set(&vf.weak_evidence.noun_verbs),
            documentation_nouns: set(&vf.weak_evidence.documentation_nouns),
            documentation_edit_verbs: set(&vf.weak_evidence.documentation_edit_verbs),
            documentation_givers: set(&vf.weak_evidence.documentation_givers),
            read_suffix_verbs: set(&vf.weak_evidence.read_suffix_verbs),
            read_suffix_adjacent: set(&vf.weak_evidence.read_suffix_adjacent),
            job_start_verbs: set(&vf.weak_evidence.job_start_verbs),
            browser_namespaces: set(&vf.browser.namespaces),
            browser_verbs: set(&vf.browser.verbs),
            attack_techniques: set(&vf.security_tests.techniques),
            attack_scanners: set(&vf.security_tests.scanners),
            attack_probe_words: set(&vf.security_tests.probe_words),
            attack_returning_verbs: set(&vf.security_tests.returning_verbs),
            browser_tab_objects: set(&vf.browser.tab_objects),
            alone_query_stores: set(&vf.name_alone.query_stores),
            alone_query_verbs: set(&vf.name_alone.query_verbs),
            alone_query_languages: set(&vf.name_alone.query_languages),
            alone_read_only_queries: set(&vf.name_alone.read_only_queries),
            alone_manage_verbs: set(&vf.name_alone.manage_verbs),
            alone_settings_objects: set(&vf.name_alone.settings_objects),
            alone_file_formats: set(&vf.name_alone.file_formats),
            alone_code_surfaces: set(&vf.name_alone.code_surfaces),
            alone_request_kinds: set(&vf.name_alone.request_kinds),
            alone_request_methods: set(&vf.name_alone.request_methods),
            job_id_phrase: verbs_ctx.regex(
                &vf.weak_evidence.job_id_phrase,
                "[weak_evidence] job_id_phrase",
                &vf.weak_evidence.job_id_phrase,
            )?,
            programs: set(&vf.programs.names),
            math_functions: set(&vf.math.functions),
            program_subcommands: set(&vf.programs.subcommands),
            program_argument_params: set(&vf.programs.argument_params),
            tool_prefixes: set(&vf.programs.prefixes),
            object_openers: set(&vf.weak_evidence.object_openers),
            saved_output_verbs: set(&vf.saved_output.verbs),
            saved_output_params: set(&vf.saved_output.params),
            saved_output_name_targets: set(&vf.saved_output.name_targets),
            saved_output_made_objects: set(&vf.saved_output.made_objects),
            saved_output_made_verbs: set(&vf.saved_output.made_verbs),
            saved_output_made_object_params: set(&vf.saved_output.made_object_params),
            saved_output_place_params: set(&vf.saved_output.place_params),
            saved_output_phrase: verbs_ctx.regex(
                &vf.saved_output.phrase,
                "[saved_output] phrase",
                &vf.saved_output.phrase,
            )?,
            saved_output_param_phrase: verbs_ctx.regex(
                &vf.saved_output.param_phrase,
                "[saved_output] param_phrase",
                &vf.saved_output.param_phrase,
            )?,
            relation_objects: set(&vf.removal.relation_objects),
            link_containers: set(&vf.removal.containers),
            read_run_verbs: set(&vf.read_runs.verbs),
            read_run_objects: set(&vf.read_runs.objects),
            verb_objects,
            verb_object_index,
            spending_cap_param,
            spending_cap_description,
            billing_params,
            draft_only,
            billed_call,
            financial_edit_verbs: set(&vf.financial.edit_verbs),
            financial_edit_objects: set(&vf.financial.edit_objects),
            financial_terms_params: set(&vf.financial.terms_params),
            // Words after the object end it as prepositions do: one set.
            prepositions: vf
                .prepositions
                .words
                .iter()
                .chain(&vf.prepositions.after_object)
                .map(|w| w.to_lowercase())
                .collect(),
            result_verbs: set(&vf.prepositions.result_verbs),
            result_markers: set(&vf.prepositions.result_markers),
            no_object: set(&vf.prepositions.no_object),
            place_prepositions: set(&vf.prepositions.places),
            action_params: vf
                .actions
                .params
                .iter()
                .map(|p| p.to_lowercase().replace(['_', '-'], ""))
                .collect(),
            verdicts_pass: set(&vf.actions.verdicts_pass),
            start_flags: set(&vf.actions.start_flags),
            verdicts_stop: set(&vf.actions.verdicts_stop),
            description_prefixes,
            description_prefix_set,
            read_only_words: vf.description.read_only_words.clone(),
            creates_if_missing: verbs_ctx.regex(
                "creates_if_missing",
                "[description] creates_if_missing",
                &vf.description.creates_if_missing,
            )?,
            phrases,
            signal_index: signals
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.clone(), i))
                .collect(),
            signals,
            description_slots,
            description_set,
            text_set,
            signal_words,
            param_regexes,

            many_params: sf.many_params.threshold,
            code_strong_params: set(&sf.code_exec.strong_params),
            code_script_file_params: set(&sf.code_exec.script_file_params),
            code_storing_verbs: set(&sf.code_exec.storing_verbs),
            code_stored_params: set(&sf.code_exec.stored_params),
            code_reading_verbs: set(&sf.code_exec.reading_verbs),
            code_context,
            code_name_objects: set(&sf.code_exec.name_objects),
            code_name_verbs: set(&sf.code_exec.name_verbs),
            code_object_verbs: set(&sf.code_exec.object_verbs),
            code_ui_verbs: set(&sf.code_exec.ui_verbs),
            typing_verbs: set(&sf.code_exec.typing_verbs),
            typed_into_program,
            not_code,
            query_names: set(&sf.code_exec.query_names),
            query_languages,
            read_only_languages,
            code_analysed,
            code_runs_analysed,
            deploy_verbs: set(&sf.code_exec.deploy_verbs),
            deploy_params: set(&sf.code_exec.deploy_params),
            base64_min: sf.hidden_text.base64_min,
            base_risk,
            raise: rf.raise.signals,
            raise_on_read: rf.raise.on_read,
        })
    }
}
