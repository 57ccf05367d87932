//! Signals: facts about the tool, each with the evidence that shows it.

use super::view::View;
use crate::classify::model::{DescriptionSlot, Rules, SignalRule};
use crate::classify::patterns::{Confirmations, Matches};
use crate::manifest::Tool;
use rustc_hash::FxHashSet as HashSet;

/// Which description and text patterns matched at all, from one pass each.
pub(super) struct Hits<'r, 't, 'm> {
    pub(super) description: DescriptionHits<'r, 't, 'm>,
    pub(super) text: &'m Matches<'r, 't>,
    /// The tool's own names (see [`own_names`]), computed when a pattern first needs them.
    pub(super) own: std::cell::OnceCell<Vec<String>>,
}

/// Which description patterns match the description. Most are answered by the text set's
/// pass over the whole definition, which holds them too (see `Rules::description_slots`): a
/// hit there is confirmed on the description alone, since it may lie elsewhere in the text.
pub(super) struct DescriptionHits<'r, 't, 'm> {
    pub(super) rules: &'r Rules,
    /// The description set's pass, for the patterns the text set cannot answer.
    pub(super) own: Matches<'r, 't>,
    pub(super) text: &'m Matches<'r, 't>,
    pub(super) description: &'t str,
    /// Hits of the text set checked on the description, by description pattern.
    pub(super) confirmations: Confirmations,
}

impl DescriptionHits<'_, '_, '_> {
    /// Whether description pattern `i` matches the description.
    pub(super) fn matched(&self, i: usize) -> bool {
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

pub(super) fn match_signal<'r, 't>(
    rule: &SignalRule,
    view: &View,
    all_text: &'t str,
    hits: &Hits<'r, 't, '_>,
    payloads: &[crate::classify::hidden::Payload],
    params: bool,
) -> Option<(String, Option<String>)> {
    let tokens = &view.tokens;
    let vetoed = view.token_words.iter().any(|w| w.name_none & rule.bit != 0)
        || rule.name_ends_in_a_veto(tokens);
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
            let hits: Option<Vec<&String>> = match &rule.name_all_alone {
                None => rule
                    .name_all
                    .iter()
                    .map(|group| tokens.iter().find(|t| group.contains(*t)))
                    .collect(),
                Some(alone) => distinct_hits(&rule.name_all, alone, tokens),
            };
            if let Some(hits) = hits {
                let words: Vec<&str> = hits.iter().map(|s| s.as_str()).collect();
                return Some((
                    format!("name \"{}\" ({})", view.tool.name, words.join(" + ")),
                    None,
                ));
            }
        }
    }
    if params && (!rule.params.is_empty() || rule.param_regex.is_some()) {
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
            p.channel == crate::classify::hidden::Channel::Invisible
                && crate::classify::hidden::word_count(&p.text) >= min
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
pub(super) fn first_unnegated<'t>(
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
pub(super) fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The names a definition may use for itself: its own name and its properties' names.
pub(super) fn own_names(tool: &Tool) -> Vec<String> {
    std::iter::once(tool.name.as_str())
        .chain(tool.properties().map(|(n, _)| n))
        .map(name_key)
        .collect()
}

/// The sentences of a text: split at line ends, and at `.`, `!` or `?` before a space.
pub(super) fn sentences(text: &str) -> impl Iterator<Item = &str> {
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

/// One word of the name for each group, no word serving two unless it stands for every group
/// by itself (`alone`): `send_email` is send + email and `create_post` is post + post, but
/// `html_to_text` is not text + text.
fn distinct_hits<'t>(
    groups: &[HashSet<String>],
    alone: &HashSet<String>,
    tokens: &'t [String],
) -> Option<Vec<&'t String>> {
    if let Some(t) = tokens
        .iter()
        .find(|t| alone.contains(*t) && groups.iter().all(|g| g.contains(*t)))
    {
        return Some(vec![t; groups.len()]);
    }
    fn assign(groups: &[HashSet<String>], tokens: &[String], used: &mut Vec<usize>) -> bool {
        let Some(group) = groups.get(used.len()) else {
            return true;
        };
        for (i, t) in tokens.iter().enumerate() {
            if used.contains(&i) || !group.contains(t) {
                continue;
            }
            used.push(i);
            if assign(groups, tokens, used) {
                return true;
            }
            used.pop();
        }
        false
    }
    let mut used = Vec::with_capacity(groups.len());
    assign(groups, tokens, &mut used).then(|| used.iter().map(|&i| &tokens[i]).collect())
}
