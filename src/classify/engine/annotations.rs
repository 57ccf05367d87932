//! Author annotations: hints that decide only what the definition leaves open.

use super::description::PhraseText;
use super::signals::DescriptionHits;
use super::{Basis, Decision};
use crate::classify::Category;
use crate::classify::model::{Phrase, Rules, Strength};
use crate::manifest::Tool;

/// Annotations decide what the definition leaves open; contradicted by strong evidence, they
/// yield and the tool gets `annotation_mismatch`.
pub(super) fn apply_annotations(
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
pub(super) fn destruction_denied(
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
