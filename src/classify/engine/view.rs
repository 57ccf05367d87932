//! The parts of a definition the rules look at, computed once per tool.

use super::schema::squash;
use crate::classify::Category;
use crate::classify::model::{Rules, SignalWords};
use crate::classify::tokens::split_name;
use crate::manifest::Tool;
use serde_json::Value;

/// The parts of a definition the rules look at, computed once.
pub(super) struct View<'a> {
    pub(super) tool: &'a Tool,
    pub(super) tokens: &'a [String],
    /// For each of `tokens`, the signals that list it.
    pub(super) token_words: Vec<SignalWords>,
    /// The `name_all` groups that some token is in (see `SignalWords::name_groups`).
    pub(super) name_groups: u64,
    /// The name's tokens less a leading prefix naming the server (`close_get_activity` on the
    /// Close CRM server): the verb is looked for here.
    pub(super) verb_tokens: &'a [String],
    /// How many of `verb_tokens` still repeat the server's name (see `without_server_prefix`).
    pub(super) name_lead: usize,
    /// The description with filler prefixes removed.
    pub(super) lead: &'a str,
    /// Its first sentence, which many steps read (found once here).
    pub(super) lead_sentence: &'a str,
    /// The description's leading verb: (as written, base form, category).
    pub(super) lead_verb: Option<(String, String, Category)>,
    /// The input schema's properties, each looked at once.
    pub(super) props: Vec<Prop<'a>>,
}

impl View<'_> {
    /// The definition is its name alone: no description and no parameters, as many registries
    /// carry (taxonomy conventions, name-only records).
    pub(super) fn name_alone(&self) -> bool {
        self.props.is_empty() && self.tool.description.trim().is_empty()
    }
}

/// One input-schema property, with the forms the rules match against.
pub(super) struct Prop<'a> {
    pub(super) name: &'a str,
    /// The property's `description`, when it is a string.
    pub(super) description: Option<&'a str>,
    /// Its `enum`, or else the `enum` of its `items` (whatever their JSON type).
    pub(super) enum_values: Option<&'a Value>,
    /// Its `type` is `"array"`.
    pub(super) is_array: bool,
    /// Its `type` is `"boolean"`.
    pub(super) is_flag: bool,
    /// What the rules make of the name.
    pub(super) words: std::rc::Rc<PropWords>,
}

/// The properties that say what a tool takes. A schema whose only property is an object with
/// properties of its own (`{"request": {"properties": {"text", "output_file"}}}`, as a server
/// that takes one model argument publishes) takes that object's properties: the wrapper's name
/// says nothing, and what is inside it is what the rules read.
fn wrapped_properties(tool: &Tool) -> impl Iterator<Item = (&str, &Value)> {
    // The schema's map is looked up once: on a pass over many tools, the first touch of each
    // tool's JSON is a cache miss worth saving.
    let top = tool
        .input_schema()
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object);
    let mut first_two = top.into_iter().flatten();
    let only = match (first_two.next(), first_two.next()) {
        (Some((_, schema)), None) => schema
            .get("properties")
            .and_then(Value::as_object)
            .filter(|m| !m.is_empty()),
        _ => None,
    };
    only.or(top)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v))
}

impl<'a> Prop<'a> {
    /// The tool's properties, in definition order.
    pub(super) fn all(rules: &Rules, tool: &'a Tool) -> Vec<Prop<'a>> {
        PROP_MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let (rules_id, names) = &mut *memo;
            if *rules_id != rules.id {
                *rules_id = rules.id;
                names.clear();
            }
            wrapped_properties(tool)
                .map(|(name, schema)| {
                    if names.len() >= PROP_MEMO_CAP {
                        names.clear();
                    }
                    // Looked up by reference first: the entry API would copy the name every
                    // time.
                    let words = match names.get(name) {
                        Some(words) => words.clone(),
                        None => {
                            let words = std::rc::Rc::new(PropWords::new(rules, name));
                            names.insert(name.to_string(), words.clone());
                            words
                        }
                    };
                    Prop::new(name, schema, words)
                })
                .collect()
        })
    }

    fn new(name: &'a str, schema: &'a Value, words: std::rc::Rc<PropWords>) -> Prop<'a> {
        // One pass over the property's keys: a schema has a handful, and comparing them is
        // cheaper than hashing each key the rules ask about (serde_json's maps use SipHash).
        let (mut description, mut own_enum, mut items) = (None, None, None);
        let (mut is_array, mut is_flag) = (false, false);
        for (k, v) in schema.as_object().into_iter().flatten() {
            match k.as_str() {
                "description" => description = v.as_str(),
                "enum" => own_enum = Some(v),
                "items" => items = Some(v),
                "type" => {
                    is_array = v.as_str() == Some("array");
                    is_flag = v.as_str() == Some("boolean");
                }
                _ => {}
            }
        }
        Prop {
            name,
            description,
            enum_values: own_enum.or_else(|| items.and_then(|i| i.get("enum"))),
            is_array,
            is_flag,
            words,
        }
    }
}

/// What the rules make of a property name alone: a pure function of the name and the rules.
pub(super) struct PropWords {
    /// Lower-case, punctuation removed (`file_path` → `filepath`).
    pub(super) squashed: String,
    /// Signals whose `params_none` holds one of the name's tokens (bits as in `SignalWords`).
    pub(super) params_none: u64,
    /// Signals whose `params` hold a token or the squashed name, or whose `param_regex`
    /// matches the name.
    pub(super) params_hit: u64,
    /// Signals whose `param_regex` matches the name.
    pub(super) regex_hit: u64,
    /// The name, lower-cased without `_` and `-`, is one of the action parameters
    /// (`action`, `operation`).
    pub(super) action_param: bool,
    /// The same form is a Destructive verb (`delete: [ids]`).
    pub(super) destructive_verb: bool,
    /// The verb of a name that deletes something named after it (`dropTarget` → drop), as
    /// `[removal] option_verbs` lists.
    pub(super) deleting_verb: Option<String>,
    /// `[saved_output]`: it names where output goes (`params`), a place that may be read about
    /// (`place_params`), or where a made object goes (`made_object_params`).
    pub(super) output_param: bool,
    pub(super) place_param: bool,
    pub(super) made_object_param: bool,
    /// A money amount (`amount`, `amount_cents`, `lamports`).
    pub(super) money: bool,
    /// Decides what is charged or credited (`[financial] billing_params`).
    pub(super) billing: bool,
    /// Caps what a call spends (`[financial] spending_cap_param`).
    pub(super) spending_cap: bool,
    /// Renders as nothing (see `hidden::is_invisible_name`).
    pub(super) invisible_name: bool,
}

impl PropWords {
    fn new(rules: &Rules, name: &str) -> PropWords {
        let squashed = squash(name);
        let mut words = SignalWords::default();
        let tokens = split_name(name);
        for t in &tokens {
            if let Some(w) = rules.signal_words.get(t) {
                words |= *w;
            }
        }
        let squashed_params = rules.signal_words.get(&squashed).map_or(0, |w| w.params);
        let mut regex_hit = 0;
        if let Some((set, bits)) = &rules.param_regexes {
            let mut matched = [false; 64];
            let matched = &mut matched[..bits.len()];
            if set.matches_read_at(matched, name, 0) {
                for (m, bit) in matched.iter().zip(bits) {
                    if *m {
                        regex_hit |= bit;
                    }
                }
            }
        }
        let lower = name.to_lowercase();
        let undashed = lower.replace(['_', '-'], "");
        let opened = tokens
            .iter()
            .skip_while(|t| rules.removal_option_openers.contains(*t))
            .collect::<Vec<_>>();
        let deleting_verb = match opened.as_slice() {
            [verb, _, ..] if rules.removal_option_verbs.contains(*verb) => Some(verb.to_string()),
            _ => None,
        };
        PropWords {
            params_none: words.params_none,
            params_hit: words.params | squashed_params | regex_hit,
            regex_hit,
            action_param: rules.action_params.contains(&undashed),
            destructive_verb: rules.verbs.get(&undashed) == Some(&Category::Destructive),
            deleting_verb,
            output_param: rules.saved_output_params.contains(&squashed),
            place_param: rules.saved_output_place_params.contains(&squashed),
            made_object_param: rules.saved_output_made_object_params.contains(&squashed),
            money: matches!(
                squashed.as_str(),
                "amount"
                    | "amountcents"
                    | "amountincents"
                    | "amountusd"
                    | "notional"
                    | "sats"
                    | "lamports"
                    | "wei"
            ),
            billing: rules.billing_params.is_match(&lower),
            spending_cap: rules.spending_cap_param.is_match(name),
            invisible_name: crate::classify::hidden::is_invisible_name(name),
            squashed,
        }
    }
}

/// Names seen before per thread, at most this many (then the memo starts over, so hostile
/// input with endless distinct names costs no more memory than this).
pub(super) const PROP_MEMO_CAP: usize = 16_384;

thread_local! {
    /// Property names repeat across tools (`path`, `query`, `id`, `limit` …): a thread
    /// remembers what the rules made of each (for the rule set with the given id) instead of
    /// splitting, looking up and matching the name again.
    static PROP_MEMO: std::cell::RefCell<(u64, rustc_hash::FxHashMap<String, std::rc::Rc<PropWords>>)> =
        std::cell::RefCell::new((0, rustc_hash::FxHashMap::default()));
}
