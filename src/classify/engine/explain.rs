//! What the decision says about itself: its confidence and its rationale.

use super::view::View;
use super::{Basis, Decision, NameVerb};
use crate::classify::{Category, Risk, Signal};

/// How sure the decision is, 0.05–0.99. The base per kind of evidence is set from the accuracy
/// each kind had on the training data (folds 1–4 of the hand labels under
/// `mcprisk eval --folds 5`, fold 0 held out, and the tuning parts of the blind samples;
/// docs/accuracy.md): a stated 0.9 should be right about nine times in ten. Refitted in the
/// eighteenth round, when a name's verb was right 94% of the time without the description's
/// agreement (stated 0.85), a description's verb 94% (0.85) and an offered action 79% (0.85).
/// Weak evidence stays low whatever it measured, because the taxonomy asks for it.
pub(super) fn confidence(
    d: &Decision,
    view: &View,
    name: Option<&NameVerb>,
    mismatch: bool,
) -> f64 {
    let mut c: f64 = match d.basis {
        Basis::Name => 0.9,
        Basis::Actions => 0.8,
        Basis::WeakName => 0.6,
        Basis::Code => 0.8,
        Basis::StrongPhrase => 0.8,
        Basis::Schema => 0.8,
        Basis::DescriptionVerb => 0.9,
        Basis::Annotation => 0.6,
        Basis::WeakPhrase => 0.7,
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
    // Names alone were right about as often as names with prose on the training folds; a
    // missing description still takes a little off (TAXONOMY.md: lower confidence).
    if view.tool.description.trim().is_empty() {
        c -= 0.05;
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

pub(super) fn rationale(
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

pub(super) fn article(c: Category) -> &'static str {
    if c == Category::Execute { "an" } else { "a" }
}

/// A noun as a rationale names one of it: "an association", "a group", or a plural bare
/// ("assignees"), for nouns taken from a tool's own words.
pub(super) fn a_noun(noun: &str) -> String {
    let plural = noun.len() > 3 && noun.ends_with('s') && !noun.ends_with("ss");
    match noun.chars().next() {
        _ if plural => noun.to_string(),
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {noun}"),
        _ => format!("a {noun}"),
    }
}
