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

use super::model::{DescriptionSlot, Phrase, Rules, SignalRule, SignalWords, Strength};
use super::patterns::{Confirmations, Matches};
use super::tokens::{split_name, words};
use super::{Category, Classification, Risk, Signal};
use crate::manifest::Tool;
use serde_json::Value;

/// Where the deciding evidence came from; sets the confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
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
struct Decision {
    category: Category,
    basis: Basis,
    rule: String,
    /// Why, as a clause for the rationale ("the name's verb \"delete\" …").
    why: String,
    /// The text of the definition the decision rests on.
    quote: String,
}

/// A verb found in the name.
#[derive(Debug, Clone)]
struct NameVerb {
    category: Category,
    verb: String,
    /// Position of the verb in the name's verb tokens.
    index: usize,
    /// The only verb is a weak one (`manage`, `post`): weaker evidence than a specific verb.
    weak: bool,
    /// Set when a commit verb acts on a financial object (`create_refund`).
    financial_object: Option<String>,
}

/// The parts of a definition the rules look at, computed once.
struct View<'a> {
    tool: &'a Tool,
    tokens: &'a [String],
    /// For each of `tokens`, the signals that list it.
    token_words: Vec<SignalWords>,
    /// The `name_all` groups that some token is in (see `SignalWords::name_groups`).
    name_groups: u64,
    /// The name's tokens less a leading prefix naming the server (`close_get_activity` on the
    /// Close CRM server): the verb is looked for here.
    verb_tokens: &'a [String],
    /// The description with filler prefixes removed.
    lead: &'a str,
    /// The description's leading verb: (as written, base form, category).
    lead_verb: Option<(String, String, Category)>,
    /// The input schema's properties, each looked at once.
    props: Vec<Prop<'a>>,
}

/// One input-schema property, with the forms the rules match against.
struct Prop<'a> {
    name: &'a str,
    /// The property's `description`, when it is a string.
    description: Option<&'a str>,
    /// Its `enum`, or else the `enum` of its `items` (whatever their JSON type).
    enum_values: Option<&'a Value>,
    /// Its `type` is `"array"`.
    is_array: bool,
    /// What the rules make of the name.
    words: std::rc::Rc<PropWords>,
}

impl<'a> Prop<'a> {
    /// The tool's properties, in definition order.
    fn all(rules: &Rules, tool: &'a Tool) -> Vec<Prop<'a>> {
        PROP_MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let (rules_id, names) = &mut *memo;
            if *rules_id != rules.id {
                *rules_id = rules.id;
                names.clear();
            }
            tool.properties()
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
        let (mut description, mut own_enum, mut items, mut is_array) = (None, None, None, false);
        for (k, v) in schema.as_object().into_iter().flatten() {
            match k.as_str() {
                "description" => description = v.as_str(),
                "enum" => own_enum = Some(v),
                "items" => items = Some(v),
                "type" => is_array = v.as_str() == Some("array"),
                _ => {}
            }
        }
        Prop {
            name,
            description,
            enum_values: own_enum.or_else(|| items.and_then(|i| i.get("enum"))),
            is_array,
            words,
        }
    }
}

/// What the rules make of a property name alone: a pure function of the name and the rules.
struct PropWords {
    /// Lower-case, punctuation removed (`file_path` → `filepath`).
    squashed: String,
    /// Signals whose `params_none` holds one of the name's tokens (bits as in `SignalWords`).
    params_none: u64,
    /// Signals whose `params` hold a token or the squashed name, or whose `param_regex`
    /// matches the name.
    params_hit: u64,
    /// Signals whose `param_regex` matches the name.
    regex_hit: u64,
    /// The name, lower-cased without `_` and `-`, is one of the action parameters
    /// (`action`, `operation`).
    action_param: bool,
    /// The same form is a Destructive verb (`delete: [ids]`).
    destructive_verb: bool,
    /// A money amount (`amount`, `amount_cents`, `lamports`).
    money: bool,
    /// Decides what is charged or credited (`[financial] billing_params`).
    billing: bool,
    /// Caps what a call spends (`[financial] spending_cap_param`).
    spending_cap: bool,
    /// Renders as nothing (see `hidden::is_invisible_name`).
    invisible_name: bool,
}

impl PropWords {
    fn new(rules: &Rules, name: &str) -> PropWords {
        let squashed = squash(name);
        let mut words = SignalWords::default();
        for t in &split_name(name) {
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
        PropWords {
            params_none: words.params_none,
            params_hit: words.params | squashed_params | regex_hit,
            regex_hit,
            action_param: rules.action_params.contains(&undashed),
            destructive_verb: rules.verbs.get(&undashed) == Some(&Category::Destructive),
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
            invisible_name: super::hidden::is_invisible_name(name),
            squashed,
        }
    }
}

/// Names seen before per thread, at most this many (then the memo starts over, so hostile
/// input with endless distinct names costs no more memory than this).
const PROP_MEMO_CAP: usize = 16_384;

thread_local! {
    /// Property names repeat across tools (`path`, `query`, `id`, `limit` …): a thread
    /// remembers what the rules made of each (for the rule set with the given id) instead of
    /// splitting, looking up and matching the name again.
    static PROP_MEMO: std::cell::RefCell<(u64, rustc_hash::FxHashMap<String, std::rc::Rc<PropWords>>)> =
        std::cell::RefCell::new((0, rustc_hash::FxHashMap::default()));
}

pub fn classify(rules: &Rules, version: &str, server: &str, tool: &Tool) -> Classification {
    let lead = strip_prefixes(rules, &tool.description);
    let tokens = rules.join_compounds(split_name(&tool.name));
    let token_words: Vec<SignalWords> = tokens
        .iter()
        .map(|t| rules.signal_words.get(t).copied().unwrap_or_default())
        .collect();
    let view = View {
        tool,
        name_groups: token_words.iter().fold(0, |m, w| m | w.name_groups),
        token_words,
        verb_tokens: without_server_prefix(&tokens, server),
        tokens: &tokens,
        lead_verb: description_verb(rules, lead),
        lead,
        props: Prop::all(rules, tool),
    };
    let name = name_verb(rules, view.verb_tokens);
    let (mut all_text, plain) = read_definition(tool, Some(rules.base64_min));
    let (hidden_finding, payloads) = super::hidden::inspect(
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
    let read_only_phrase = phrases
        .iter()
        .find(|(p, _)| p.read_only)
        .map(|(_, m)| m.to_string());
    let code = code_evidence(rules, &view, name.as_ref(), &phrases);

    let mut decision = decide(
        rules,
        &view,
        name.as_ref(),
        &phrases,
        code.as_ref(),
        read_only_phrase.as_deref(),
    );
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
        && let Some(c) = &code
    {
        signals.push(sig(rules, "code_exec", c.evidence.clone(), None));
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
    for rule in &rules.signals {
        if !rule.allows(category) || signals.iter().any(|s: &Signal| s.id == rule.id) {
            continue;
        }
        if rule.engine_decided {
            continue;
        }
        if let Some((evidence, param)) = match_signal(rule, &view, all_text, &hits, &payloads) {
            signals.push(sig(rules, &rule.id, evidence, param.as_deref()));
        }
    }
    signals.sort_by_key(|s| rules.signal_rank(&s.id));

    // Risk: the category's base level, raised one step by the escalating signals.
    let base = rules.base_risk[&category];
    let raisers: Vec<&Signal> = signals
        .iter()
        .filter(|s| {
            rules.raise.contains(&s.id)
                || (category == Category::Read && rules.raise_on_read.contains(&s.id))
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
        evidence: decision.quote.clone(),
        confidence,
        decided_by: decision.rule.clone(),
        rules_version: version.to_string(),
    }
}

impl Decision {
    fn quote_short(&self) -> String {
        crate::sanitize::truncate(&self.quote, 120)
    }
}

fn sig(rules: &Rules, id: &str, evidence: String, param: Option<&str>) -> Signal {
    let rule = rules.signal(id);
    let label = match param {
        Some(p) => rule.label.replace("{param}", p),
        None => rule.label_plain.clone(),
    };
    Signal {
        id: id.to_string(),
        label,
        evidence,
    }
}

// ---------------------------------------------------------------------------------------------
// Name

/// Drops leading name tokens that also occur in the server's name, keeping at least one.
fn without_server_prefix<'t>(tokens: &'t [String], server: &str) -> &'t [String] {
    if server.is_empty() {
        return tokens;
    }
    // Tools come server by server: the last server's tokens are kept per thread.
    thread_local! {
        static LAST_SERVER: std::cell::RefCell<(String, Vec<String>)> = Default::default();
    }
    let skip = LAST_SERVER.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != server {
            *last = (server.to_string(), split_name(server));
        }
        // Keep at least two tokens: `exchange_rate` on an exchange-rate server is not `rate`.
        tokens
            .iter()
            .take_while(|t| last.1.contains(t))
            .count()
            .min(tokens.len().saturating_sub(2))
    });
    &tokens[skip..]
}

fn name_verb(rules: &Rules, tokens: &[String]) -> Option<NameVerb> {
    let mut primary: Option<(usize, &str, Category)> = None;
    let mut extra: Vec<(usize, &str, Category)> = Vec::new();
    let mut after_conj = false;
    for (i, t) in tokens.iter().enumerate() {
        if rules.conjunctions.contains(t) {
            after_conj = primary.is_some();
            continue;
        }
        let Some(&cat) = rules.verbs.get(t) else {
            continue;
        };
        if i != 0 && rules.leading_only.contains(t) && !after_conj {
            continue;
        }
        match primary {
            None => primary = Some((i, t, cat)),
            Some((_, p, _)) if rules.weak_verbs.contains(p) && !rules.weak_verbs.contains(t) => {
                primary = Some((i, t, cat));
            }
            Some(_) if after_conj => extra.push((i, t, cat)),
            Some(_) => {}
        }
        after_conj = false;
    }
    let (idx, verb, mut category) = primary?;
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
        financial_object = financial_object_of(rules, &tokens[idx + 1..]);
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

/// The financial object a committing verb acts on: a financial noun that heads the rest of the
/// name (its last word, or followed only by `link`, `session`…), with nothing non-binding
/// (`draft`, `quote`) around it.
fn financial_object_of(rules: &Rules, rest: &[String]) -> Option<String> {
    let end = rest
        .iter()
        .position(|t| rules.prepositions.contains(t))
        .unwrap_or(rest.len());
    let rest = &rest[..end];
    if rest.iter().any(|t| rules.financial_non_binding.contains(t)) {
        return None;
    }
    let pos = rest
        .iter()
        .rposition(|t| rules.financial_objects.contains(t))?;
    rest[pos + 1..]
        .iter()
        .all(|t| rules.financial_object_suffixes.contains(t))
        .then(|| rest[pos].clone())
}

// ---------------------------------------------------------------------------------------------
// Description

/// What a phrase rule matched in the description, found on first need: the pattern set has
/// already said *that* the phrase matches, and most matches are never quoted.
struct PhraseText<'t> {
    pattern: &'t regex::Regex,
    description: &'t str,
    found: std::cell::OnceCell<&'t str>,
}

impl<'t> PhraseText<'t> {
    fn new(pattern: &'t regex::Regex, description: &'t str) -> PhraseText<'t> {
        PhraseText {
            pattern,
            description,
            found: std::cell::OnceCell::new(),
        }
    }

    fn as_str(&self) -> &'t str {
        self.found.get_or_init(|| {
            self.pattern
                .find(self.description)
                .map_or("", |m| m.as_str())
        })
    }
}

impl std::ops::Deref for PhraseText<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for PhraseText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn strip_prefixes<'d>(rules: &Rules, description: &'d str) -> &'d str {
    let mut s = description.trim_start();
    // One anchored pass of all the prefixes at once: most descriptions have none, and trying
    // each prefix's own regex costs a search call apiece.
    if !rules.description_prefix_set.is_match(s) {
        return s;
    }
    loop {
        let before = s.len();
        for re in &rules.description_prefixes {
            if let Some(m) = re.find(s)
                && m.start() == 0
                && m.end() > 0
            {
                s = s[m.end()..].trim_start();
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// The description's leading verb, normalised (`Deletes` → `delete`), with its category.
fn description_verb(rules: &Rules, lead: &str) -> Option<(String, String, Category)> {
    let (_, first) = words(lead).next()?;
    let (cand, cat) = known_verb(rules, &first)?;
    Some((first, cand, cat))
}

/// The first of `w`'s [`verb_forms`] that the rules know as a verb, with its category.
fn known_verb(rules: &Rules, w: &str) -> Option<(String, Category)> {
    find_verb_form(w, |f| rules.verbs.get(f).map(|c| (f.to_string(), *c)))
}

/// Base forms a word may be an inflection of: `deletes` → `delete`, `queries` → `query`,
/// `fetches` → `fetch`. The word itself comes first.
fn verb_forms(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    find_verb_form(w, |f| {
        out.push(f.to_string());
        None::<()>
    });
    out
}

/// `found` on each of `w`'s [`verb_forms`] in order, until it returns something. Every tool's
/// description is looked at this way, so the forms are slices of `w` where they can be (a new
/// string only for the two that add a letter), not a vector of new strings.
fn find_verb_form<T>(w: &str, mut found: impl FnMut(&str) -> Option<T>) -> Option<T> {
    let plus = |stem: &str, end: char| format!("{stem}{end}");
    if let Some(x) = found(w) {
        return Some(x);
    }
    if let Some(s) = w.strip_suffix("ies")
        && let Some(x) = found(&plus(s, 'y'))
    {
        return Some(x);
    }
    if let Some(s) = w.strip_suffix("es")
        && let Some(x) = found(s)
    {
        return Some(x);
    }
    if let Some(s) = w.strip_suffix('s')
        && !w.ends_with("ss")
        && let Some(x) = found(s)
    {
        return Some(x);
    }
    if let Some(s) = w.strip_suffix("ing")
        && s.len() >= 2
    {
        if let Some(x) = found(s) {
            return Some(x);
        }
        if let Some(x) = found(&plus(s, 'e')) {
            return Some(x);
        }
        // running → run. Characters, not bytes: two equal trailing bytes can be the inside of
        // one character (`\u{820}` is E0 A0 A0), and slicing there would panic.
        let mut last = s.chars().rev();
        if let (Some(a), Some(b)) = (last.next(), last.next())
            && a == b
        {
            return found(&s[..s.len() - a.len_utf8()]);
        }
    }
    None
}

/// The sentence of `text` that contains byte offset `at` (or the first sentence).
fn sentence_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let bytes = text.as_bytes();
    let mut start = 0;
    for i in (0..at).rev() {
        if bytes[i] == b'\n'
            || (matches!(bytes[i], b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_some_and(|b| b.is_ascii_whitespace()))
        {
            start = i + 1;
            break;
        }
    }
    let mut end = text.len();
    for i in at..text.len() {
        if bytes[i] == b'\n'
            || (matches!(bytes[i], b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()))
        {
            end = if bytes[i] == b'\n' { i } else { i + 1 };
            break;
        }
    }
    text[start..end].trim()
}

/// A text searched without case, as if lower-cased, with offsets in the original. Lower-casing
/// can change a character's length (`İ` is two bytes, `i̇` three), so an offset in the
/// lower-cased text is not always one in the original.
struct Lowered<'a> {
    original: &'a str,
    /// Whether an ASCII needle can be searched for in the original, comparing bytes without
    /// case: true unless some character lower-cases into ASCII from outside it. Only two do
    /// (U+0130 `İ` → `i̇`, U+212A Kelvin → `k`; a test checks the whole of Unicode).
    in_place: bool,
    /// The lower-cased text and, for each of its bytes, the offset of the original character
    /// it came from: built on first need by a needle that cannot be searched in place.
    lowered: std::cell::OnceCell<(String, Vec<usize>)>,
}

impl<'a> Lowered<'a> {
    fn new(original: &'a str) -> Lowered<'a> {
        Lowered {
            original,
            in_place: original.is_ascii() || !original.contains(LOWER_TO_ASCII),
            lowered: std::cell::OnceCell::new(),
        }
    }

    /// The offset in the original text of the first occurrence of `needle` (lower-case).
    fn find(&self, needle: &str) -> Option<usize> {
        if self.in_place && needle.is_ascii() {
            return find_ascii_ignoring_case(self.original.as_bytes(), needle.as_bytes());
        }
        let (text, origin) = self.lowered.get_or_init(|| {
            let mut text = String::with_capacity(self.original.len());
            let mut origin = Vec::with_capacity(self.original.len());
            for (at, c) in self.original.char_indices() {
                for l in c.to_lowercase() {
                    text.push(l);
                    origin.resize(text.len(), at);
                }
            }
            (text, origin)
        });
        let at = text.find(needle)?;
        Some(origin.get(at).copied().unwrap_or(at))
    }
}

/// The characters outside ASCII whose lower case holds ASCII.
const LOWER_TO_ASCII: [char; 2] = ['\u{130}', '\u{212a}'];

/// The first offset where `hay` holds the lower-case ASCII `needle`, in any case. Bytes outside
/// ASCII never match, as in a search of the lower-cased text.
fn find_ascii_ignoring_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let last = hay.len().checked_sub(needle.len())?;
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), &hay[..=last])
        .find(|&i| hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest))
}

fn first_sentence(text: &str) -> &str {
    let t = text.trim_start();
    let off = text.len() - t.len();
    sentence_at(text, off)
}

// ---------------------------------------------------------------------------------------------
// Schema

struct CodeEvidence {
    /// The property or phrase that shows code execution.
    evidence: String,
    why: String,
    quote: String,
}

/// What is run is code, not a saved query or a job.
static STRONG_CODE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)(?-u:\b)(?:javascript|js|python|code|script|scripts|sql|cypher|opencypher|sparql|graphql|shell|terminal|bash|powershell|commands?)(?-u:\b)")
        .expect("a valid regex")
});

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn code_evidence(
    rules: &Rules,
    view: &View,
    name: Option<&NameVerb>,
    phrases: &[(&Phrase, PhraseText)],
) -> Option<CodeEvidence> {
    let code_input = rules.signal("code_input").bit;
    let is_code_input = |p: &Prop| p.words.regex_hit & code_input != 0;
    // Asked only once a property looks like code: most tools have none.
    let desc_context = std::cell::OnceCell::new();
    let desc_context =
        || *desc_context.get_or_init(|| rules.code_context.is_match(&view.tool.description));
    for p in &view.props {
        let name = p.name;
        if !is_code_input(p) {
            continue;
        }
        let prop_desc = p.description.unwrap_or("");
        if rules.not_code.is_match(prop_desc) {
            continue;
        }
        if rules.code_strong_params.contains(&p.words.squashed)
            || desc_context()
            || rules.code_context.is_match(prop_desc)
        {
            let quote = if prop_desc.is_empty() {
                format!("parameter \"{name}\"")
            } else {
                format!(
                    "parameter \"{name}\": {}",
                    crate::sanitize::truncate(prop_desc, 160)
                )
            };
            return Some(CodeEvidence {
                evidence: name.to_string(),
                why: format!(
                    "it accepts code, a command or a query to execute (parameter \"{name}\")"
                ),
                quote,
            });
        }
    }
    // Authorizing an app's tool (`box_authorize_app_tool`) runs nothing: auth verbs are not
    // code runners.
    let auth_verb = |v: &str| {
        let rule = rules.signal("auth_flow");
        rule.name_any.contains(v) || rule.name_all.iter().skip(1).any(|g| g.contains(v))
    };
    if let Some(n) = name
        && n.category == Category::Execute
        && !auth_verb(&n.verb)
        && let Some(obj) = view.verb_tokens[n.index + 1..]
            .iter()
            .find(|t| rules.code_name_objects.contains(*t))
    {
        return Some(CodeEvidence {
            evidence: format!("name \"{}\" ({} {obj})", view.tool.name, n.verb),
            why: format!("its name says it will {} {obj}", n.verb),
            quote: first_sentence(&view.tool.description).to_string(),
        });
    }
    // A query tool whose description names a language that can change data (`query_clickhouse`:
    // "Example: SELECT …"; `kusto_query`: "… or perform management operations"), unless the
    // description opens with another Read verb ("List items …, optionally with a SQL filter").
    if let Some(n) = name
        && (rules.query_names.contains(&n.verb) || rules.read_run_verbs.contains(&n.verb))
        && view.verb_tokens[n.index..]
            .iter()
            .any(|t| rules.query_names.contains(t))
        && view
            .lead_verb
            .as_ref()
            .is_none_or(|(_, v, c)| *c != Category::Read || rules.query_names.contains(v))
        && let Some(m) = rules.query_languages.find(&view.tool.description)
    {
        return Some(CodeEvidence {
            evidence: format!("\"{}\"", m.as_str().trim()),
            why: format!(
                "it runs a query, and its description shows the query is code (\"{}\")",
                crate::sanitize::truncate(m.as_str().trim(), 60)
            ),
            quote: sentence_at(&view.tool.description, m.start()).to_string(),
        });
    }
    if let Some(n) = name
        && rules.deploy_verbs.contains(&n.verb)
        && let Some(p) = view
            .props
            .iter()
            .find(|p| rules.deploy_params.contains(&p.words.squashed))
    {
        return Some(CodeEvidence {
            evidence: p.name.to_string(),
            why: format!(
                "it deploys code or manifests the caller supplies (parameter \"{}\")",
                p.name
            ),
            quote: format!("parameter \"{}\"", p.name),
        });
    }
    let takes_code = view.props.iter().any(is_code_input);
    phrases
        .iter()
        .find(|(p, m)| p.id == "phrase.arbitrary_code" && (takes_code || STRONG_CODE.is_match(m)))
        .map(|(_, m)| {
            let at = view.tool.description.find(m.as_str()).unwrap_or(0);
            CodeEvidence {
                evidence: format!("\"{m}\""),
                why: format!("its description says it will \"{m}\""),
                quote: sentence_at(&view.tool.description, at).to_string(),
            }
        })
}

/// A money amount in the schema of a tool whose verb commits (`send(amount)`, `create(amount)`).
fn money_param(rules: &Rules, view: &View, name: Option<&NameVerb>) -> Option<String> {
    let verb = name?;
    if !(verb.category == Category::Financial
        || (verb.category != Category::Read && rules.commit_verbs.contains(&verb.verb)))
    {
        return None;
    }
    view.props
        .iter()
        .find(|p| p.words.money)
        .map(|p| p.name.to_string())
}

/// The name tokens that show the `auth_flow` signal by its name matchers, if they do.
fn auth_flow_name(rules: &Rules, view: &View) -> Option<String> {
    let rule = rules.signal("auth_flow");
    // The tool's own words, not the server's: `auth0_create_application_grant` on the Auth0
    // server starts no login.
    let tokens = &view.verb_tokens;
    if tokens.iter().any(|t| rule.name_none.contains(t)) {
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

/// What a removal verb removes, when it is a link rather than data: a relation object in the
/// name (`delete_association`), or "from" a container that is not storage, in the name
/// (`remove_user_from_group`) or the description ("Remove a sub-issue from a parent issue").
fn link_removal(rules: &Rules, view: &View, after: usize) -> Option<String> {
    let rest = &view.verb_tokens[after.min(view.verb_tokens.len())..];
    if let Some(obj) = rest.iter().find(|t| rules.relation_objects.contains(*t)) {
        return Some(format!("a {obj}"));
    }
    let from_container = |words: &[String]| -> Option<String> {
        let at = words.iter().position(|w| w == "from")?;
        let container = words[at + 1..]
            .iter()
            .filter(|w| {
                !matches!(
                    w.as_str(),
                    "a" | "an" | "the" | "this" | "its" | "their" | "your" | "specific" | "given"
                )
            })
            .take(4)
            .find(|w| rules.link_containers.contains(*w))?;
        Some(format!("something from a {container}"))
    };
    if let Some(w) = from_container(rest) {
        return Some(w);
    }
    let sentence: Vec<String> = words(first_sentence(view.lead))
        .map(|(_, w)| w)
        .take(14)
        .collect();
    let opens_with_removal = sentence.first().is_some_and(|w| {
        verb_forms(w)
            .iter()
            .any(|f| rules.removal_verbs.contains(f))
    });
    if opens_with_removal {
        from_container(&sentence)
    } else {
        None
    }
}

/// The most severe action an action-choosing parameter offers: (category, parameter, value).
fn action_enum(rules: &Rules, view: &View) -> Option<(Category, String, String)> {
    let mut best: Option<(Category, String, String)> = None;
    for p in view.props.iter().filter(|p| p.words.action_param) {
        let name = p.name;
        let values = p.enum_values.and_then(Value::as_array);
        for v in values.into_iter().flatten().filter_map(Value::as_str) {
            let tokens = rules.join_compounds(split_name(v));
            if let Some(nv) = name_verb(rules, &tokens)
                && best.as_ref().is_none_or(|(c, _, _)| nv.category > *c)
            {
                best = Some((nv.category, name.to_string(), v.to_string()));
            }
        }
    }
    best
}

/// The head of what follows a name's verb: the last word before a preposition, skipping one
/// that opens the rest (`chat_with_assistant` → assistant, `assign_copilot_to_issue` → copilot).
fn head_object<'a>(rules: &Rules, rest: &'a [String]) -> Option<&'a String> {
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

/// Actions a tool offers that its schema does not enumerate: the values an action parameter's
/// description lists (`action`: "get_ou | get_device | update | delete", "Operation to
/// perform: create-x, delete-x"), a list of quoted operations in the description ("- 'delete':
/// expire a silence"), bullets that name a mode and say what it does ("- Delete: deletes a
/// setting"), and array parameters named by a destructive verb (`delete: [ids]`). The most severe:
/// (category, where it was found, value).
fn described_actions(rules: &Rules, view: &View) -> Option<(Category, String, String)> {
    let mut values: Vec<(String, String)> = Vec::new();
    for p in &view.props {
        if p.words.action_param && p.enum_values.is_none() {
            let d = p.description.unwrap_or("");
            for piece in d.split(['|', ',', '(', ')', '\n', ';']) {
                let piece = piece.rsplit(':').next().unwrap_or(piece);
                let piece = piece.trim().trim_start_matches("or ").trim_end_matches('.');
                let piece = piece.trim().trim_matches(|c| matches!(c, '\'' | '"' | '`'));
                if !piece.is_empty()
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    values.push((format!("parameter \"{}\"", p.name), piece.to_string()));
                }
            }
        }
        if p.is_array && p.words.destructive_verb {
            values.push((format!("parameter \"{}\"", p.name), p.name.to_string()));
        }
    }
    let desc = &view.tool.description;
    // The word test first: it is one fast scan, and without it the bullets do not count.
    let quoted: Vec<String> = if OPERATIONS_WORD.is_match(desc) {
        OPERATION_BULLET
            .captures_iter(desc)
            .map(|c| c[1].to_string())
            .collect()
    } else {
        Vec::new()
    };
    if quoted.len() >= 2 {
        values.extend(
            quoted
                .into_iter()
                .map(|v| ("the description".to_string(), v)),
        );
    }
    // A mode bullet has a colon: most descriptions need no search for one.
    if desc.contains(':') {
        for c in MODE_BULLET.captures_iter(desc) {
            let (key, first) = (c[1].to_lowercase(), c[2].to_lowercase());
            if verb_forms(&first).contains(&key) {
                values.push(("the description".to_string(), key));
            }
        }
    }
    let mut best: Option<(Category, String, String)> = None;
    for (at, v) in values {
        let tokens = rules.join_compounds(split_name(&v));
        // An operation named in prose commits no money on its own ("subscribe" to an issue's
        // notifications): at most Destructive.
        if let Some(nv) = name_verb(rules, &tokens)
            && nv.category < Category::Financial
            && best.as_ref().is_none_or(|(c, _, _)| nv.category > *c)
        {
            best = Some((nv.category, at, v));
        }
    }
    best
}

/// A bullet naming a quoted operation: "- 'delete': expire a silence".
static OPERATION_BULLET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(?m)^\s*[-*•]\s*['"]([A-Za-z][\w-]*)['"]\s*[:—–-]"#)
        .expect("a valid regex")
});

/// Quoted bullets are operations only in a description that talks of operations or actions
/// (not a list of response fields).
static OPERATIONS_WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:operations?|actions?|modes?|commands?)\b").expect("a valid regex")
});

/// A bullet naming a mode and saying what it does: "- Delete: deletes an application setting".
static MODE_BULLET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?m)^\s*[-*•]\s*([A-Za-z]+)\s*:\s*([A-Za-z]+)").expect("a valid regex")
});

/// A list of verbs opening a description ("Create, update or delete…", "Add/update/delete
/// items"): the most severe of them. The list must start the sentence, and its verbs must be
/// joined by commas, slashes, "and" or "or".
fn description_verb_list(rules: &Rules, sentence: &str) -> Option<(Category, String)> {
    let mut verbs: Vec<(Category, String)> = Vec::new();
    let mut after_conjunction = false;
    let mut prev_end = 0;
    for (at, w) in words(sentence) {
        let gap = &sentence[prev_end..at];
        prev_end = at + w.len();
        if !verbs.is_empty() && matches!(w.as_str(), "and" | "or") {
            after_conjunction = true;
            continue;
        }
        let joined =
            verbs.is_empty() || after_conjunction || gap.contains(',') || gap.contains('/');
        let verb = known_verb(rules, &w).map(|(f, c)| (c, f));
        match verb {
            Some(v) if joined => verbs.push(v),
            _ => break,
        }
        after_conjunction = false;
    }
    if verbs.len() < 2 {
        return None;
    }
    verbs.into_iter().max_by_key(|(c, _)| *c)
}

// ---------------------------------------------------------------------------------------------
// Decision

fn decide(
    rules: &Rules,
    view: &View,
    name: Option<&NameVerb>,
    phrases: &[(&Phrase, PhraseText)],
    code: Option<&CodeEvidence>,
    read_only: Option<&str>,
) -> Decision {
    let desc = &view.tool.description;
    let lower = std::cell::OnceCell::new();
    let quote_for = |word: &str| -> String {
        let lower = lower.get_or_init(|| Lowered::new(desc));
        match lower.find(&word.to_lowercase()) {
            Some(at) if !desc.is_empty() => sentence_at(desc, at).to_string(),
            _ => first_sentence(desc).to_string(),
        }
    };
    let name_quote = |fallback_word: &str| -> String {
        let q = quote_for(fallback_word);
        if q.is_empty() {
            view.tool.name.clone()
        } else {
            q
        }
    };

    let mut d = if let Some(n) = name {
        match &n.financial_object {
            Some(obj) => Decision {
                category: Category::Financial,
                basis: Basis::Name,
                rule: "name.financial_object".into(),
                why: format!(
                    "the name's verb \"{}\" acts on \"{obj}\", which moves money or commits to pay",
                    n.verb
                ),
                quote: name_quote(obj),
            },
            None => Decision {
                category: n.category,
                basis: if n.weak { Basis::WeakName } else { Basis::Name },
                rule: format!("name.verb.{}", n.verb),
                why: format!(
                    "the name's verb \"{}\" is {} {} verb",
                    n.verb,
                    article(n.category),
                    n.category
                ),
                quote: name_quote(&n.verb),
            },
        }
    } else if let Some((word, verb, cat)) = view.lead_verb.clone() {
        let fin = if cat != Category::Read && rules.commit_verbs.contains(&verb) {
            words(first_sentence(view.lead))
                .skip(1)
                .take(6)
                .find(|(_, w)| rules.financial_objects.contains(w))
                .map(|(_, w)| w)
        } else {
            None
        };
        match fin {
            Some(obj) => Decision {
                category: Category::Financial,
                basis: Basis::DescriptionVerb,
                rule: "description.financial_object".into(),
                why: format!(
                    "the description opens with \"{word}\" acting on \"{obj}\", which moves money or commits to pay"
                ),
                quote: first_sentence(desc).to_string(),
            },
            None => Decision {
                category: cat,
                basis: Basis::DescriptionVerb,
                rule: format!("description.verb.{verb}"),
                why: format!(
                    "the name has no verb, and the description opens with \"{word}\", {} {cat} verb",
                    article(cat)
                ),
                quote: first_sentence(desc).to_string(),
            },
        }
    } else if let Some((p, m)) = phrases
        .iter()
        .find(|(p, _)| p.strength == Strength::Strong && !p.read_only)
    {
        Decision {
            category: p.category,
            basis: Basis::StrongPhrase,
            rule: p.id.clone(),
            why: format!("the description says \"{m}\""),
            quote: quote_for(m),
        }
    } else if let Some((p, m)) = phrases
        .iter()
        .filter(|(p, _)| !p.read_only)
        .max_by_key(|(p, _)| p.category)
    {
        Decision {
            category: p.category,
            basis: Basis::WeakPhrase,
            rule: p.id.clone(),
            why: format!("the description says \"{m}\""),
            quote: quote_for(m),
        }
    } else {
        Decision {
            category: Category::Read,
            basis: Basis::Default,
            rule: "default.read".into(),
            why: "nothing in the name, description or schema says it changes, runs or pays for anything".into(),
            quote: if desc.trim().is_empty() { view.tool.name.clone() } else { first_sentence(desc).to_string() },
        }
    };

    // A financial object a definition restricted to drafts only edits ("Only works on draft
    // invoices"): nothing is owed yet.
    if d.rule == "name.financial_object"
        && let Some(n) = name
        && let Some(m) = rules.draft_only.find(desc)
    {
        let cat = rules.verbs.get(&n.verb).copied().unwrap_or(Category::Write);
        d = Decision {
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
        };
    }

    // A verb on an object that changes what it means (`ask_agent`, `cancel_subscription`).
    if matches!(d.basis, Basis::Name | Basis::WeakName)
        && d.rule.starts_with("name.verb.")
        && let Some(n) = name
        && let Some(obj) = head_object(rules, &view.verb_tokens[n.index + 1..])
        && let Some(vo) = rules
            .verb_objects
            .iter()
            .find(|vo| vo.verbs.contains(&n.verb) && vo.objects.contains(obj))
    {
        d = Decision {
            category: vo.category,
            basis: Basis::Name,
            rule: "name.verb_object".into(),
            why: format!(
                "the name's verb \"{}\" acts on \"{obj}\": {}",
                n.verb, vo.why
            ),
            quote: d.quote,
        };
    }

    // A description whose leading verb is more severe than a Write name verb says what the
    // named action does (`create_build`: "Trigger a new build"; `unlink`: "Delete records").
    if matches!(d.basis, Basis::Name | Basis::WeakName)
        && d.category == Category::Write
        && let Some((word, verb, cat)) = &view.lead_verb
        && *cat > d.category
    {
        d = Decision {
            category: *cat,
            basis: Basis::Name,
            rule: format!("description.verb.{verb}"),
            why: format!(
                "{}, and its description says what that does: \"{word}\", {} {cat} verb",
                d.why,
                article(*cat)
            ),
            quote: first_sentence(desc).to_string(),
        };
    }

    // Removing a link (`remove_user_from_group`, `delete_association`) is a reversible change.
    let deciding_verb = match (&d.basis, name, &view.lead_verb) {
        (Basis::Name | Basis::WeakName, Some(n), _) if d.rule.starts_with("name.") => {
            Some((n.verb.clone(), n.index + 1))
        }
        (_, _, Some((_, verb, _))) if d.rule.starts_with("description.verb") => {
            Some((verb.clone(), name.map_or(0, |n| n.index + 1)))
        }
        _ => None,
    };
    if d.category == Category::Destructive
        && let Some((verb, after)) = deciding_verb
        && rules.removal_verbs.contains(&verb)
        && let Some(what) = link_removal(rules, view, after)
    {
        d = Decision {
            category: Category::Write,
            basis: Basis::Name,
            rule: "name.removes_link".into(),
            why: format!(
                "\"{verb}\" here removes {what}, a link a later call can restore, not data"
            ),
            quote: d.quote,
        };
    }

    // Several actions in one tool: the most severe reachable one decides (TAXONOMY.md).
    if let Some((cat, param, value)) = action_enum(rules, view).map(|(c, p, v)| {
        let link = c == Category::Destructive
            && split_name(&v)
                .iter()
                .any(|t| rules.removal_verbs.contains(t))
            && view
                .tokens
                .iter()
                .any(|t| rules.relation_objects.contains(t));
        (if link { Category::Write } else { c }, p, v)
    }) && cat > d.category
    {
        d = Decision {
            category: cat,
            basis: Basis::Actions,
            rule: format!("schema.action.{param}"),
            why: format!(
                "its \"{param}\" parameter offers \"{value}\", {} {cat} action, and the most severe action decides",
                article(cat)
            ),
            quote: format!("parameter \"{param}\" allows \"{value}\""),
        };
    }
    // Actions listed in prose rather than an enum: prose, so a Read name still wins.
    if (d.category != Category::Read || !matches!(d.basis, Basis::Name | Basis::WeakName))
        && let Some((cat, at, value)) = described_actions(rules, view)
        && cat > d.category
    {
        d = Decision {
            category: cat,
            basis: Basis::Actions,
            rule: "schema.described_action".into(),
            why: format!(
                "{at} offers \"{value}\", {} {cat} action, and the most severe action decides",
                article(cat)
            ),
            quote: format!("{at} offers \"{value}\""),
        };
    }
    if (d.category != Category::Read || !matches!(d.basis, Basis::Name))
        && let Some((cat, word)) =
            description_verb_list(rules, first_sentence(view.lead)).map(|(c, w)| {
                // "Add or remove an issue dependency": removing a link is a change, not a loss.
                let link = c == Category::Destructive
                    && rules.removal_verbs.contains(&w)
                    && (view
                        .tokens
                        .iter()
                        .any(|t| rules.relation_objects.contains(t))
                        || words(first_sentence(view.lead))
                            .any(|(_, x)| rules.relation_objects.contains(&x)));
                (if link { Category::Write } else { c }, w)
            })
        && cat > d.category
    {
        d = Decision {
            category: cat,
            basis: Basis::StrongPhrase,
            rule: "description.verb_list".into(),
            why: format!(
                "its description lists several actions, the most severe being \"{word}\" ({cat})"
            ),
            quote: first_sentence(desc).to_string(),
        };
    }

    // Code execution: Execute whatever the name says (unless restricted to reads), but never
    // lower than what the name says (`delete_by_query` stays Destructive).
    if let Some(c) = code {
        match read_only {
            Some(ro) if d.category <= Category::Execute && d.category != Category::Read => {
                d = Decision {
                    category: Category::Read,
                    basis: Basis::StrongPhrase,
                    rule: "phrase.read_only".into(),
                    why: format!(
                        "it accepts a query, but its description restricts it to reads (\"{ro}\")"
                    ),
                    quote: quote_for(ro),
                };
            }
            _ if d.category < Category::Execute
                || (d.category == Category::Execute && d.basis != Basis::Code) =>
            {
                d = Decision {
                    category: Category::Execute,
                    basis: Basis::Code,
                    rule: "schema.code".into(),
                    why: c.why.clone(),
                    quote: c.quote.clone(),
                };
            }
            _ => {}
        }
    }

    // A tool restricted to reads is Read even when its verb runs something (`execute_query`:
    // "Executes a read-only SELECT query").
    if let Some(ro) = read_only
        && d.category == Category::Execute
        && matches!(d.basis, Basis::Name | Basis::WeakName | Basis::Code)
    {
        d = Decision {
            category: Category::Read,
            basis: Basis::StrongPhrase,
            rule: "phrase.read_only".into(),
            why: format!(
                "{}, but its description restricts it to reads (\"{ro}\")",
                d.why
            ),
            quote: quote_for(ro),
        };
    }

    // Running a saved query or report reads (`run_panel_query`), unless it runs given code.
    if d.category == Category::Execute
        && code.is_none()
        && matches!(d.basis, Basis::Name | Basis::WeakName)
        && let Some(n) = name
        && rules.read_run_verbs.contains(&n.verb)
        && let Some(obj) = view.verb_tokens[n.index + 1..]
            .iter()
            .find(|t| rules.read_run_objects.contains(*t))
    {
        d = Decision {
            category: Category::Read,
            basis: Basis::Name,
            rule: "name.runs_a_read".into(),
            why: format!(
                "the name's verb \"{}\" runs a {obj}, which reads, and it takes no code to run",
                n.verb
            ),
            quote: d.quote,
        };
    }

    // A name that starts an authentication flow (`create_oauth_url`, `request_device_login`)
    // is Execute (TAXONOMY.md), whatever its write verb.
    if d.category == Category::Write
        && let Some(words) = auth_flow_name(rules, view)
    {
        d = Decision {
            category: Category::Execute,
            basis: Basis::Name,
            rule: "name.auth_flow".into(),
            why: format!(
                "{}, and its name ({words}) starts an authentication flow",
                d.why
            ),
            quote: d.quote,
        };
    }

    // Strong phrases raise a Write or Execute tool (never a Read one: names win over prose).
    if d.category != Category::Read
        && !matches!(d.basis, Basis::StrongPhrase)
        && let Some((p, m)) = phrases
            .iter()
            .filter(|(p, _)| {
                p.strength == Strength::Strong && !p.read_only && p.category > d.category
            })
            .max_by_key(|(p, _)| p.category)
    {
        d = Decision {
            category: p.category,
            basis: Basis::StrongPhrase,
            rule: p.id.clone(),
            why: format!("{}, and its description says \"{m}\"", d.why),
            quote: quote_for(m),
        };
    }

    // A money amount on a committing verb.
    if d.category < Category::Financial
        && let Some(p) = money_param(rules, view, name)
    {
        d = Decision {
            category: Category::Financial,
            basis: Basis::Schema,
            rule: "schema.amount".into(),
            why: format!("{}, and it takes a money amount (parameter \"{p}\")", d.why),
            quote: d.quote.clone(),
        };
    }

    // Starting an auth flow is Execute (TAXONOMY.md): only a start verb or phrase counts here.
    let can_raise = match d.category {
        Category::Write => true,
        Category::Read => d.basis != Basis::Name,
        _ => false,
    };
    if can_raise && let Some((p, m)) = phrases.iter().find(|(p, _)| p.id == "phrase.start_auth") {
        d = Decision {
            category: Category::Execute,
            basis: Basis::StrongPhrase,
            rule: p.id.clone(),
            why: format!("its description says \"{m}\": starting an authentication flow"),
            quote: quote_for(m),
        };
    }

    // Parameters that decide what is charged or credited (`unbilled_charges_option`) on a tool
    // that changes something.
    if d.category != Category::Read
        && d.category < Category::Financial
        && let Some(p) = view.props.iter().find(|p| p.words.billing)
    {
        d = Decision {
            category: Category::Financial,
            basis: Basis::Schema,
            rule: "schema.billing".into(),
            why: format!(
                "{}, and its parameter \"{}\" decides what is charged, credited or invoiced",
                d.why, p.name
            ),
            quote: d.quote.clone(),
        };
    }

    // A call that is itself paid is Financial whatever its name says ("Costs $0.10 USDC",
    // "automatic L402 payment", a `max_sats` spending cap).
    if d.category < Category::Financial
        && let Some(paid) = phrases
            .iter()
            .find(|(p, _)| p.paid_call)
            .map(|(_, m)| (format!("its description says \"{m}\""), quote_for(m)))
            .or_else(|| {
                view.props.iter().find_map(|p| {
                    let pd = p.description?;
                    (p.words.spending_cap && rules.spending_cap_description.is_match(pd)).then(
                        || {
                            (
                                format!("its parameter \"{}\" caps what the call spends", p.name),
                                format!("parameter \"{}\": {pd}", p.name),
                            )
                        },
                    )
                })
            })
    {
        d = Decision {
            category: Category::Financial,
            basis: Basis::StrongPhrase,
            rule: "phrase.paid_call".into(),
            why: format!("{}: the call itself is paid", paid.0),
            quote: paid.1,
        };
    }
    d
}

/// Annotations decide what the definition leaves open; contradicted by strong evidence, they
/// yield and the tool gets `annotation_mismatch`.
fn apply_annotations(
    tool: &Tool,
    d: &mut Decision,
    notes: &mut Vec<String>,
    mismatch: &mut Option<String>,
) {
    let a = &tool.annotations;
    let strong = matches!(
        d.basis,
        Basis::Name | Basis::Code | Basis::StrongPhrase | Basis::Schema | Basis::Actions
    );
    if a.read_only == Some(true) && d.category != Category::Read {
        if strong {
            *mismatch = Some(format!("readOnlyHint: true, but {}", d.why));
            notes.push("The author marks it read-only (readOnlyHint: true), but the definition says otherwise, and the definition wins.".to_string());
        } else {
            notes.push(format!("The author marks it read-only (readOnlyHint: true), which outweighs the weaker hint that {}.", d.why));
            *d = Decision {
                category: Category::Read,
                basis: Basis::Annotation,
                rule: "annotation.read_only".into(),
                why: "the author marks it read-only (readOnlyHint: true) and nothing strong in the definition contradicts that".into(),
                quote: d.quote.clone(),
            };
        }
    } else if a.destructive == Some(false) && d.category == Category::Destructive {
        if strong {
            *mismatch = Some(format!("destructiveHint: false, but {}", d.why));
            notes.push("The author marks it non-destructive (destructiveHint: false), but the definition says otherwise, and the definition wins.".into());
        } else {
            notes.push("The author marks it non-destructive (destructiveHint: false), so the weak hint of destruction counts as a change.".into());
            d.category = Category::Write;
            d.basis = Basis::Annotation;
            d.rule = "annotation.not_destructive".into();
            d.why = format!(
                "{}, but the author marks it non-destructive (destructiveHint: false)",
                d.why
            );
        }
    } else if d.basis == Basis::Default {
        if a.destructive == Some(true) && a.read_only != Some(true) {
            d.category = Category::Destructive;
            d.basis = Basis::Annotation;
            d.rule = "annotation.destructive".into();
            d.why = "nothing in the definition says what it does, and the author marks it destructive (destructiveHint: true)".into();
        } else if a.read_only == Some(false) {
            d.category = Category::Write;
            d.basis = Basis::Annotation;
            d.rule = "annotation.not_read_only".into();
            d.why = "nothing in the definition says what it does, and the author marks it as not read-only (readOnlyHint: false)".into();
        } else if a.read_only == Some(true) {
            d.basis = Basis::Annotation;
            d.rule = "annotation.read_only".into();
            d.why = "the author marks it read-only (readOnlyHint: true) and nothing in the definition contradicts that".into();
        }
    }
}

/// An annotation that denies destruction (`readOnlyHint: true`, `destructiveHint: false`) on a
/// tool whose description says it destroys data ("all existing data is destroyed", "cannot be
/// undone"), whatever category the name gave it: the `annotation_mismatch` entry's `destroys`
/// pattern, or a strong Destructive phrase.
fn destruction_denied(
    rules: &Rules,
    tool: &Tool,
    phrases: &[(&Phrase, PhraseText)],
    hits: &DescriptionHits,
) -> Option<String> {
    let a = &tool.annotations;
    let hint = match (a.read_only, a.destructive) {
        (Some(true), _) => "readOnlyHint: true",
        (_, Some(false)) => "destructiveHint: false",
        _ => return None,
    };
    // The pattern sets' pass already says whether `destroys` matches at all.
    let rule = rules.signal("annotation_mismatch");
    let said = rule
        .destroys
        .as_ref()
        .filter(|_| rule.destroys_index.is_some_and(|i| hits.matched(i)))
        .and_then(|re| re.find(&tool.description))
        .map(|m| m.as_str().to_string())
        .or_else(|| {
            phrases
                .iter()
                .find(|(p, _)| {
                    p.category == Category::Destructive
                        && p.strength == Strength::Strong
                        && !p.read_only
                })
                .map(|(_, m)| m.to_string())
        })?;
    Some(format!(
        "{hint}, but its description says \"{}\"",
        crate::sanitize::truncate(said.trim(), 120)
    ))
}

// ---------------------------------------------------------------------------------------------
// Signals

/// Which description and text patterns matched at all, from one pass each.
struct Hits<'r, 't, 'm> {
    description: DescriptionHits<'r, 't, 'm>,
    text: &'m Matches<'r, 't>,
    /// The tool's own names (see [`own_names`]), computed when a pattern first needs them.
    own: std::cell::OnceCell<Vec<String>>,
}

/// Which description patterns match the description. Most are answered by the text set's
/// pass over the whole definition, which holds them too (see `Rules::description_slots`): a
/// hit there is confirmed on the description alone, since it may lie elsewhere in the text.
struct DescriptionHits<'r, 't, 'm> {
    rules: &'r Rules,
    /// The description set's pass, for the patterns the text set cannot answer.
    own: Matches<'r, 't>,
    text: &'m Matches<'r, 't>,
    description: &'t str,
    /// Hits of the text set checked on the description, by description pattern.
    confirmations: Confirmations,
}

impl DescriptionHits<'_, '_, '_> {
    /// Whether description pattern `i` matches the description.
    fn matched(&self, i: usize) -> bool {
        match self.rules.description_slots[i] {
            DescriptionSlot::Own(k) => self.own.matched(k),
            DescriptionSlot::Text(k) => {
                if !self.text.hit(k) {
                    return false;
                }
                self.confirmations.check(i, || {
                    self.rules.text_set.is_exact_match(k, self.description)
                })
            }
        }
    }
}

fn match_signal<'r, 't>(
    rule: &SignalRule,
    view: &View,
    all_text: &'t str,
    hits: &Hits<'r, 't, '_>,
    payloads: &[super::hidden::Payload],
) -> Option<(String, Option<String>)> {
    let tokens = &view.tokens;
    let vetoed = view.token_words.iter().any(|w| w.name_none & rule.bit != 0);
    if !vetoed {
        if let Some((t, _)) = tokens
            .iter()
            .zip(&view.token_words)
            .find(|(_, w)| w.name_any & rule.bit != 0)
        {
            return Some((format!("name \"{}\" ({t})", view.tool.name), None));
        }
        // Every group must have a word in the name: the words' group bits say whether they
        // can before any group is searched.
        if !rule.name_all.is_empty()
            && (rule.name_all_bits.is_empty()
                || rule.name_all_bits.iter().all(|b| view.name_groups & b != 0))
        {
            let hits: Option<Vec<&String>> = rule
                .name_all
                .iter()
                .map(|group| tokens.iter().find(|t| group.contains(*t)))
                .collect();
            if let Some(hits) = hits {
                let words: Vec<&str> = hits.iter().map(|s| s.as_str()).collect();
                return Some((
                    format!("name \"{}\" ({})", view.tool.name, words.join(" + ")),
                    None,
                ));
            }
        }
    }
    if !rule.params.is_empty() || rule.param_regex.is_some() {
        for p in &view.props {
            if p.words.params_none & rule.bit != 0 || p.words.params_hit & rule.bit == 0 {
                continue;
            }
            if rule.param_array && !p.is_array {
                continue;
            }
            return Some((p.name.to_string(), Some(p.name.to_string())));
        }
    }
    if let Some(re) = &rule.description
        && rule
            .description_index
            .is_some_and(|i| hits.description.matched(i))
        && let Some(m) = first_unnegated(
            re,
            rule.negated_by.as_ref(),
            &view.tool.description,
            &|| &[],
        )
    {
        return Some((
            format!("\"{}\"", crate::sanitize::truncate(m.trim(), 120)),
            None,
        ));
    }
    if let Some(min) = rule.hidden_words
        && let Some(p) = payloads.iter().find(|p| {
            p.channel == super::hidden::Channel::Invisible
                && super::hidden::word_count(&p.text) >= min
        })
    {
        let shown = crate::sanitize::line(&crate::sanitize::truncate(&p.text, 120));
        return Some((format!("text hidden by {} reads \"{shown}\"", p.how), None));
    }
    let own = || hits.own.get_or_init(|| own_names(view.tool)).as_slice();
    for (k, re) in rule.text.iter().chain(&rule.text_any).enumerate() {
        // One pass of the whole rule set's patterns says which are worth a full look.
        if !rule
            .text_indices
            .get(k)
            .is_some_and(|i| hits.text.matched(*i))
        {
            continue;
        }
        if let Some(m) = first_unnegated(re, rule.negated_by.as_ref(), all_text, &own) {
            return Some((
                format!("\"{}\"", crate::sanitize::truncate(m.trim(), 120)),
                None,
            ));
        }
    }
    if !rule.sentence_all.is_empty() {
        // A group can match within a sentence only if each of its patterns matches the text.
        let candidates: Vec<&Vec<regex::Regex>> = rule
            .sentence_all
            .iter()
            .zip(&rule.sentence_indices)
            .filter(|(_, idx)| idx.iter().all(|i| hits.text.matched(*i)))
            .map(|(g, _)| g)
            .collect();
        // Most definitions leave no candidate group: then no sentence needs splitting out.
        let sentences = (!candidates.is_empty()).then(|| sentences(all_text));
        for sentence in sentences.into_iter().flatten() {
            let all_match = |group: &&Vec<regex::Regex>| {
                group.iter().all(|re| {
                    first_unnegated(re, rule.negated_by.as_ref(), sentence, &own).is_some()
                })
            };
            if candidates.iter().any(all_match) {
                return Some((
                    format!("\"{}\"", crate::sanitize::truncate(sentence.trim(), 160)),
                    None,
                ));
            }
        }
    }
    if let Some(want) = rule.open_world_hint
        && view.tool.annotations.open_world == Some(want)
    {
        return Some((format!("openWorldHint: {want}"), None));
    }
    None
}

/// The first match of `re` in `text` that is not preceded by a negation ("never read .env"),
/// and whose `tool` group (if any) names another tool (see `SignalRule::text_any`).
fn first_unnegated<'t>(
    re: &regex::Regex,
    negated_by: Option<&regex::Regex>,
    text: &'t str,
    own: &dyn Fn() -> &'t [String],
) -> Option<&'t str> {
    let names_tool = re.capture_names().any(|n| n == Some("tool"));
    let unnegated = |m: &regex::Match| {
        negated_by.is_none_or(|neg| {
            let mut start = m.start().saturating_sub(60);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            !neg.is_match(&text[start..m.start()])
        })
    };
    if !names_tool {
        return re
            .find_iter(text)
            .find(|m| unnegated(m))
            .map(|m| m.as_str());
    }
    let own = own();
    re.captures_iter(text)
        .find(|c| {
            let m = c.get(0).expect("group 0 always matches");
            let foreign = c.name("server").is_some()
                || c.name("tool")
                    .is_none_or(|t| !own.contains(&name_key(t.as_str())));
            foreign && unnegated(&m)
        })
        .map(|c| c.get(0).expect("group 0 always matches").as_str())
}

/// A tool or property name reduced for comparison: lower-case letters and digits only, so
/// `read_file`, `read-file`, `readFile` and `read\u{200b}_file` are the same name.
fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The names a definition may use for itself: its own name and its properties' names.
fn own_names(tool: &Tool) -> Vec<String> {
    std::iter::once(tool.name.as_str())
        .chain(tool.properties().map(|(n, _)| n))
        .map(name_key)
        .collect()
}

/// The sentences of a text: split at line ends, and at `.`, `!` or `?` before a space.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        while !rest.is_empty() {
            let b = rest.as_bytes();
            let (end, next) = (0..b.len())
                .find_map(|i| match b[i] {
                    b'\n' => Some((i, i + 1)),
                    b'.' | b'!' | b'?' if b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()) => {
                        Some((i + 1, i + 1))
                    }
                    _ => None,
                })
                .unwrap_or((b.len(), b.len()));
            let sentence = &rest[..end];
            rest = &rest[next..];
            if !sentence.trim().is_empty() {
                return Some(sentence);
            }
        }
        None
    })
}

/// All of a definition's text, for signals that look everywhere: name, title, description, and
/// every string the input schema holds (property names, descriptions, enum values, defaults),
/// one per line. JSON Schema's own words are left out: the keywords that structure a schema
/// (`type`, `properties`, `description` as a key, …) and the type names (`string`,
/// `object`, …). They say nothing the author wrote, they are a fifth to a quarter of the
/// text, and every pattern of the rules would read them for every tool.
pub fn definition_text(tool: &Tool) -> String {
    read_definition(tool, None).0
}

/// [`definition_text`], and with `Some(base64_min)` also whether every key and string of the
/// raw definition is plain: nothing in it that [`super::hidden`] looks for.
///
/// Both come from one walk. The definition's JSON tree is scattered over the heap, and on a
/// large catalog walking it is mostly waiting for memory: measured on 20,000 synthetic tools,
/// a second walk for the hidden-text check cost a tenth of classification.
fn read_definition(tool: &Tool, base64_min: Option<usize>) -> (String, bool) {
    let mut out = String::with_capacity(tool.description.len() + 256);
    out.push_str(&tool.name);
    out.push('\n');
    for t in tool.title.iter().chain(&tool.annotations.title) {
        out.push_str(t);
        out.push('\n');
    }
    out.push_str(&tool.description);
    out.push('\n');
    let mut walk = DefinitionWalk {
        out,
        base64_min: base64_min.unwrap_or(0),
        plain: base64_min.is_some(),
        unchecked: false,
    };
    let schema = tool.input_schema();
    match &tool.raw {
        // The text reads only the input schema; the check reads everything, at the depths
        // `hidden::all_plain` counts (one more for each object entered).
        Value::Object(m) if walk.plain => {
            for (k, v) in m {
                walk.plain = walk.plain && super::hidden::nothing_hidden(k, walk.base64_min);
                if schema.is_some_and(|s| std::ptr::eq(s, v)) {
                    let from = walk.out.len();
                    walk.visit(v, 0, 1, SchemaPlace::Schema);
                    // The schema's keys and strings were added to the text, each followed by a
                    // line feed: one check of that stretch is a check of each (a line feed is
                    // plain and ends any base64 run). Only a schema nested past the depth
                    // limits reads differently for the text and the check: then each string
                    // is checked on its own.
                    walk.plain = walk.plain
                        && if walk.unchecked {
                            super::hidden::all_plain(v, walk.base64_min, 1)
                        } else {
                            super::hidden::nothing_hidden(&walk.out[from..], walk.base64_min)
                        };
                } else if walk.plain {
                    walk.plain = super::hidden::all_plain(v, walk.base64_min, 1);
                }
            }
        }
        _ => {
            if walk.plain {
                walk.plain = super::hidden::all_plain(&tool.raw, walk.base64_min, 0);
            }
            if let Some(schema) = schema {
                walk.visit(schema, 0, MAX_DEPTH + 1, SchemaPlace::Schema);
            }
        }
    }
    (walk.out, walk.plain)
}

/// Deeply nested schemas are hostile input; their text past this depth is not read.
const MAX_DEPTH: usize = 64;

struct DefinitionWalk {
    out: String,
    base64_min: usize,
    /// Nothing checked so far hides anything (false also when not checking at all).
    plain: bool,
    /// The walk went deeper than the text or the check reads, so the text is not exactly
    /// what the check must see.
    unchecked: bool,
}

impl DefinitionWalk {
    /// `text_depth` counts arrays and objects (as the text always has); `check_depth` counts
    /// objects only, as `hidden::all_plain` does. `at` says what `v` is in the schema.
    fn visit(&mut self, v: &Value, text_depth: usize, check_depth: usize, at: SchemaPlace) {
        if text_depth > MAX_DEPTH || check_depth > MAX_DEPTH {
            self.unchecked = true;
            if text_depth > MAX_DEPTH {
                return;
            }
        }
        // What is left out of the text is a fixed word of plain ASCII: nothing the hidden-text
        // check looks for, so checking the text still checks the whole schema.
        match v {
            Value::String(s) if at == SchemaPlace::Type && is_json_type(s) => {}
            Value::String(s) => {
                self.out.push_str(s);
                self.out.push('\n');
            }
            Value::Array(a) => a
                .iter()
                .for_each(|x| self.visit(x, text_depth + 1, check_depth, at)),
            Value::Object(m) => {
                for (k, x) in m {
                    let inner = match at {
                        SchemaPlace::Data => SchemaPlace::Data,
                        SchemaPlace::Names => SchemaPlace::Schema,
                        _ if is_name_map(k) => SchemaPlace::Names,
                        _ if is_data_keyword(k) => SchemaPlace::Data,
                        _ if k == "type" => SchemaPlace::Type,
                        _ => SchemaPlace::Schema,
                    };
                    if matches!(at, SchemaPlace::Names | SchemaPlace::Data) || !is_schema_keyword(k)
                    {
                        self.out.push_str(k);
                        self.out.push('\n');
                    }
                    self.visit(x, text_depth + 1, check_depth + 1, inner);
                }
            }
            _ => {}
        }
    }
}

/// Where a value sits in a schema, for what [`definition_text`] leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SchemaPlace {
    /// A schema, or a value inside one: its keys are keywords or the author's own.
    Schema,
    /// The value of `type`.
    Type,
    /// A map from names to schemas (`properties`, `$defs` …): its keys are the author's.
    Names,
    /// Data the author gave (`enum`, `default` …): every key and string is the author's.
    Data,
}

/// Keywords whose value is data, not schema.
fn is_data_keyword(word: &str) -> bool {
    matches!(word, "enum" | "const" | "default" | "examples")
}

/// Keywords whose object maps names to schemas.
fn is_name_map(word: &str) -> bool {
    matches!(
        word,
        "properties" | "patternProperties" | "$defs" | "definitions"
    )
}

/// JSON Schema keywords, left out of the text when they are keys of a schema.
fn is_schema_keyword(word: &str) -> bool {
    // A `match`, which the compiler turns into a search by length and bytes (a slice's
    // `contains` would compare every entry, for every key of every schema).
    matches!(
        word,
        "type"
            | "properties"
            | "patternProperties"
            | "additionalProperties"
            | "required"
            | "items"
            | "prefixItems"
            | "enum"
            | "const"
            | "default"
            | "description"
            | "title"
            | "examples"
            | "format"
            | "pattern"
            | "minimum"
            | "maximum"
            | "exclusiveMinimum"
            | "exclusiveMaximum"
            | "minLength"
            | "maxLength"
            | "minItems"
            | "maxItems"
            | "uniqueItems"
            | "anyOf"
            | "oneOf"
            | "allOf"
            | "not"
            | "$schema"
            | "$ref"
            | "$defs"
            | "definitions"
            | "nullable"
    )
}

/// The type names of JSON Schema, left out of the text as values of `type`.
fn is_json_type(word: &str) -> bool {
    matches!(
        word,
        "string" | "object" | "array" | "number" | "integer" | "boolean" | "null"
    )
}

// ---------------------------------------------------------------------------------------------
// Confidence and rationale

fn confidence(d: &Decision, view: &View, name: Option<&NameVerb>, mismatch: bool) -> f64 {
    let mut c: f64 = match d.basis {
        Basis::Name => 0.85,
        Basis::Actions => 0.85,
        Basis::WeakName => 0.6,
        Basis::Code => 0.85,
        Basis::StrongPhrase => 0.8,
        Basis::Schema => 0.8,
        Basis::DescriptionVerb => 0.7,
        Basis::Annotation => 0.6,
        Basis::WeakPhrase => 0.5,
        Basis::Default => 0.35,
    };
    if d.basis == Basis::Name
        && let Some(n) = name
    {
        // The description's leading verb agreeing with the name makes the call firmer.
        if view
            .lead_verb
            .as_ref()
            .is_some_and(|(_, _, cat)| *cat == n.category)
        {
            c += 0.1;
        }
    }
    if view.tool.description.trim().is_empty() {
        c -= 0.15;
    }
    let a = &view.tool.annotations;
    let agrees = match d.category {
        Category::Read => a.read_only == Some(true),
        Category::Destructive => a.destructive == Some(true),
        _ => a.read_only == Some(false),
    };
    if agrees {
        c += 0.05;
    }
    if mismatch {
        c -= 0.1;
    }
    (c.clamp(0.05, 0.99) * 100.0).round() / 100.0
}

fn rationale(
    d: &Decision,
    base: Risk,
    risk: Risk,
    raisers: &[&Signal],
    notes: &[String],
    view: &View,
) -> String {
    use std::fmt::Write;
    // Written into one string (`write!` to a String cannot fail).
    let mut s = format!("{}: {}.", d.category, d.why);
    for n in notes {
        s.push(' ');
        s.push_str(n);
    }
    if view.tool.description.trim().is_empty() {
        s.push_str(" The tool has no description, so this rests on its name and schema alone.");
    }
    if risk == base {
        let _ = write!(s, " Risk {risk}: the base level for {}.", d.category);
    } else {
        let _ = write!(
            s,
            " Risk {risk}: the base level for {} is {base}, raised one step by ",
            d.category
        );
        for (i, r) in raisers.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(s, "{sep}{} ({})", r.id, r.evidence);
        }
        s.push('.');
    }
    s
}

fn article(c: Category) -> &'static str {
    if c == Category::Execute { "an" } else { "a" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Classifier;
    use crate::manifest::parse_tool;
    use serde_json::json;

    /// An object nested `levels` deep, with `leaf` at the bottom.
    fn nested(levels: usize, leaf: Value) -> Value {
        (0..levels).fold(leaf, |v, i| json!({ format!("k{i}"): v }))
    }

    #[test]
    fn one_walk_reads_the_text_and_checks_everything_the_hidden_walk_does() {
        let b64 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVoxMjM0NTY3ODkw".repeat(4);
        let definitions = [
            json!({"name": "plain", "description": "Reads a file.",
                   "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}}}),
            json!({"name": "in_annotations", "annotations": {"title": "ti\u{200b}tle"},
                   "inputSchema": {"type": "object"}}),
            json!({"name": "in_a_key", "inputSchema": {"properties": {"pa\u{1b}th": {}}}}),
            json!({"name": "in_an_enum", "inputSchema": {"properties": {"m": {"enum": ["a", b64]}}}}),
            json!({"inputSchema": {"properties": {"x": {"default": "\u{7}"}}}, "name": "schema_first"}),
            json!({"name": "unknown_field", "x-extra": ["ok", {"deep": "\u{202e}"}]}),
            // Past the depth limits the two walks count differently: arrays count for the text
            // only, objects for both.
            json!({"name": "deep_objects", "inputSchema": nested(70, json!("\u{200b}"))}),
            json!({"name": "deep_arrays", "inputSchema": {"a": (0..70).fold(json!("\u{200b}"), |v, _| json!([v]))}}),
            json!({"name": "just_inside", "inputSchema": nested(63, json!("\u{200b}"))}),
        ];
        let mut plain_ones = Vec::new();
        for raw in definitions {
            let tool = parse_tool(&raw).expect("a valid tool");
            let (text, plain) = read_definition(&tool, Some(120));
            assert_eq!(
                plain,
                super::super::hidden::all_plain(&tool.raw, 120, 0),
                "{}",
                tool.name
            );
            let mut want = format!("{}\n", tool.name);
            for t in tool.title.iter().chain(&tool.annotations.title) {
                want += &format!("{t}\n");
            }
            want += &format!("{}\n", tool.description);
            let mut schema = String::new();
            reference_text(tool.input_schema().unwrap_or(&Value::Null), &mut schema, 0);
            // No property here is named like a keyword, and no enum value like a type.
            for line in schema.lines() {
                if !is_schema_keyword(line) && !is_json_type(line) {
                    want += &format!("{line}\n");
                }
            }
            assert_eq!(text, want, "{}", tool.name);
            assert_eq!(read_definition(&tool, None), (text, false), "{}", tool.name);
            if plain {
                plain_ones.push(tool.name);
            }
        }
        assert_eq!(plain_ones, ["plain", "deep_objects"]);
    }

    #[test]
    fn only_the_listed_characters_lower_case_into_ascii() {
        let found: Vec<char> = (0x80..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().any(|l| l.is_ascii()))
            .collect();
        assert_eq!(found, LOWER_TO_ASCII);
    }

    #[test]
    fn quotes_are_found_in_place_or_in_the_lower_cased_text_alike() {
        let texts = [
            "Deletes the FILE. Then stops.",
            "Naïve café — DELETES the file. Then stops.",
            "İİ then DELETES the file.",
            "\u{212a}ills then deletes.",
            "",
        ];
        for text in texts {
            let lowered = text.to_lowercase();
            for needle in ["deletes", "then", "kills", "i̇i̇", "stops", "", "é"] {
                let reference = lowered.find(needle).map(|at| {
                    // The original offset of the character the match starts in.
                    let mut origin = Vec::new();
                    for (o, c) in text.char_indices() {
                        for l in c.to_lowercase() {
                            origin.extend(std::iter::repeat_n(o, l.len_utf8()));
                        }
                    }
                    origin.get(at).copied().unwrap_or(at)
                });
                assert_eq!(
                    Lowered::new(text).find(needle),
                    reference,
                    "{needle:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn verb_forms_in_order_and_safe_on_any_text() {
        assert_eq!(
            verb_forms("queries"),
            ["queries", "query", "queri", "querie"]
        );
        assert_eq!(verb_forms("running"), ["running", "runn", "runne", "run"]);
        assert_eq!(verb_forms("access"), ["access"]);
        assert_eq!(verb_forms("fetches"), ["fetches", "fetch", "fetche"]);
        // Two equal trailing bytes inside one character (U+0820 is E0 A0 A0): once a panic.
        assert_eq!(
            verb_forms("\u{820}\u{820}ing"),
            [
                "\u{820}\u{820}ing",
                "\u{820}\u{820}",
                "\u{820}\u{820}e",
                "\u{820}"
            ]
        );
        assert_eq!(
            verb_forms("a\u{820}ing"),
            ["a\u{820}ing", "a\u{820}", "a\u{820}e"]
        );
        let rules = Classifier::embedded().expect("built-in rules");
        let tool = parse_tool(&json!({"name": "x", "description": "\u{820}ing things"})).unwrap();
        assert_eq!(rules.classify(&tool).category, Category::Read);
    }

    #[test]
    fn the_text_leaves_out_json_schemas_own_words_only() {
        let tool = parse_tool(&json!({
            "name": "t",
            "description": "D",
            "inputSchema": {
                "type": "object",
                "$schema": "http://json-schema.org/draft-07/schema#",
                "properties": {
                    "type": {"type": "string", "description": "Kind", "enum": ["string", "x"]},
                    "path": {"type": ["string", "null"], "default": {"type": "object", "n": 1}},
                    "properties": {"type": "array", "items": {"type": "integer", "title": "T"}},
                },
                "required": ["path"],
                "x-note": "kept",
            }
        }))
        .unwrap();
        let text = definition_text(&tool);
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "t",
                "D",
                "http://json-schema.org/draft-07/schema#",
                // Property names are the author's, even when they are keywords.
                "type",
                "Kind",
                // Enum values and defaults are data, whatever they say.
                "string",
                "x",
                "path",
                "type",
                "object",
                "n",
                "properties",
                "T",
                "path",
                "x-note",
                "kept",
            ]
        );
    }

    /// The text walk as first written: every key and string, arrays and objects counted.
    fn reference_text(v: &Value, out: &mut String, depth: usize) {
        if depth > 64 {
            return;
        }
        match v {
            Value::String(s) => *out += &format!("{s}\n"),
            Value::Array(a) => a.iter().for_each(|x| reference_text(x, out, depth + 1)),
            Value::Object(m) => {
                for (k, x) in m {
                    *out += &format!("{k}\n");
                    reference_text(x, out, depth + 1);
                }
            }
            _ => {}
        }
    }
}
