//! Evidence from the description: its leading verb, the phrases it matched, and the
//! sentences the evidence is quoted from.

use crate::classify::Category;
use crate::classify::model::Rules;
use crate::classify::tokens::words;

/// What a phrase rule matched in the description, found on first need: the pattern set has
/// already said *that* the phrase matches, and most matches are never quoted.
pub(super) struct PhraseText<'t> {
    pub(super) pattern: &'t regex::Regex,
    pub(super) description: &'t str,
    pub(super) found: std::cell::OnceCell<&'t str>,
}

impl<'t> PhraseText<'t> {
    pub(super) fn new(pattern: &'t regex::Regex, description: &'t str) -> PhraseText<'t> {
        PhraseText {
            pattern,
            description,
            found: std::cell::OnceCell::new(),
        }
    }

    pub(super) fn as_str(&self) -> &'t str {
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

pub(super) fn strip_prefixes<'d>(rules: &Rules, description: &'d str) -> &'d str {
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
pub(super) fn description_verb(rules: &Rules, lead: &str) -> Option<(String, String, Category)> {
    let mut ws = words(lead);
    let (_, first) = ws.next()?;
    if let Some((cand, cat)) = known_verb(rules, &first) {
        return Some((first, cand, cat));
    }
    // A phrasal verb whose first word is no verb by itself: "Clean up stale branches" →
    // cleanup, "Shut down the VM" → shutdown (joined as names are, `[compounds]`). Only then:
    // "Check out a branch" is a check as written, whatever `checkout` means in a name.
    let second = ws.next().map(|(_, w)| w);
    if let Some(w) = &second
        && let Some((cand, cat)) = rules
            .compounds
            .get(&first)
            .and_then(|m| m.get(w))
            .and_then(|joined| known_verb(rules, joined))
    {
        return Some((format!("{first} {w}"), cand, cat));
    }
    // An adverb before the verb says how, not what: "Temporarily mute a member", "Permanently
    // delete a file". The verbs that end in -ly (apply, reply) were asked for above, and one
    // done again (`reapply`) is no adverb either.
    let again = || {
        rules.again_prefixes.iter().any(|p| {
            first
                .strip_prefix(p.as_str())
                .is_some_and(|w| known_verb(rules, w).is_some())
        })
    };
    if first.len() > 4 && first.ends_with("ly") && !again() {
        let second = second?;
        let (cand, cat) = known_verb(rules, &second)?;
        return Some((second, cand, cat));
    }
    None
}

/// The first of `w`'s [`verb_forms`] that the rules know as a verb, with its category.
pub(super) fn known_verb(rules: &Rules, w: &str) -> Option<(String, Category)> {
    find_verb_form(w, |f| rules.verbs.get(f).map(|c| (f.to_string(), *c)))
}

/// Base forms a word may be an inflection of: `deletes` → `delete`, `queries` → `query`,
/// `fetches` → `fetch`. The word itself comes first.
pub(super) fn verb_forms(w: &str) -> Vec<String> {
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
pub(super) fn find_verb_form<T>(w: &str, mut found: impl FnMut(&str) -> Option<T>) -> Option<T> {
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

/// A word looked for in every description before a rule's regex runs, with memchr's vectorised
/// substring search (its searcher built once per word, on first use).
pub(super) struct Needle {
    word: &'static str,
    finder: std::sync::OnceLock<memchr::memmem::Finder<'static>>,
}

impl Needle {
    pub(super) const fn new(word: &'static str) -> Needle {
        Needle {
            word,
            finder: std::sync::OnceLock::new(),
        }
    }

    /// Whether the word occurs in `text` (case as given).
    pub(super) fn is_in(&self, text: &str) -> bool {
        self.finder
            .get_or_init(|| memchr::memmem::Finder::new(self.word))
            .find(text.as_bytes())
            .is_some()
    }
}

/// The sentence of `text` that contains byte offset `at` (or the first sentence).
pub(super) fn sentence_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let bytes = text.as_bytes();
    // Byte searches for the few bytes that can end a sentence, rather than a test of every byte
    // on the way: quotes are taken for most tools, and sentences run to hundreds of bytes.
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let start = memchr::memrchr3_iter(b'.', b'!', b'?', &bytes[line_start..at])
        .map(|i| line_start + i)
        .find(|&i| bytes.get(i + 1).is_some_and(|b| b.is_ascii_whitespace()))
        .map_or(line_start, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    let end = memchr::memchr3_iter(b'.', b'!', b'?', &bytes[at..line_end])
        .map(|i| at + i)
        .find(|&i| bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()))
        .map_or(line_end, |i| i + 1);
    text[start..end].trim()
}

/// A text searched without case, as if lower-cased, with offsets in the original. Lower-casing
/// can change a character's length (`İ` is two bytes, `i̇` three), so an offset in the
/// lower-cased text is not always one in the original.
pub(super) struct Lowered<'a> {
    pub(super) original: &'a str,
    /// Whether an ASCII needle can be searched for in the original, comparing bytes without
    /// case: true unless some character lower-cases into ASCII from outside it. Only two do
    /// (U+0130 `İ` → `i̇`, U+212A Kelvin → `k`; a test checks the whole of Unicode).
    pub(super) in_place: bool,
    /// The lower-cased text and, for each of its bytes, the offset of the original character
    /// it came from: built on first need by a needle that cannot be searched in place.
    pub(super) lowered: std::cell::OnceCell<(String, Vec<usize>)>,
}

impl<'a> Lowered<'a> {
    pub(super) fn new(original: &'a str) -> Lowered<'a> {
        Lowered {
            original,
            in_place: original.is_ascii() || !original.contains(LOWER_TO_ASCII),
            lowered: std::cell::OnceCell::new(),
        }
    }

    /// The offset in the original text of the first occurrence of `needle` (lower-case).
    pub(super) fn find(&self, needle: &str) -> Option<usize> {
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
pub(super) const LOWER_TO_ASCII: [char; 2] = ['\u{130}', '\u{212a}'];

/// The first offset where `hay` holds the lower-case ASCII `needle`, in any case. Bytes outside
/// ASCII never match, as in a search of the lower-cased text.
pub(super) fn find_ascii_ignoring_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let last = hay.len().checked_sub(needle.len())?;
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), &hay[..=last])
        .find(|&i| hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest))
}

pub(super) fn first_sentence(text: &str) -> &str {
    let t = text.trim_start();
    let off = text.len() - t.len();
    sentence_at(text, off)
}

/// A list of verbs opening a description ("Create, update or delete…", "Add/update/delete
/// items"): the most severe of them. The list must start the sentence, and its verbs must be
/// joined by commas, slashes, "and" or "or".
pub(super) fn description_verb_list(rules: &Rules, sentence: &str) -> Option<(Category, String)> {
    let mut verbs: Vec<(Category, String)> = Vec::new();
    let mut after_conjunction = false;
    let mut prev_end = 0;
    // The words so far joined as the rules' compounds join a name's ("drag and drop" is one
    // action, not a drag and a drop).
    let mut joined_word = String::new();
    for (at, w) in words(sentence) {
        let gap = &sentence[prev_end..at];
        prev_end = at + w.len();
        if let Some(j) = rules.compounds.get(&joined_word).and_then(|m| m.get(&w)) {
            joined_word = j.clone();
            if let (Some((f, c)), Some(last)) = (known_verb(rules, j), verbs.last_mut()) {
                *last = (c, f);
                after_conjunction = false;
            }
            continue;
        }
        joined_word = w.clone();
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
    // "Manage file shares including creating, updating, and deleting them": the operations a
    // verb of managing includes, named as gerunds.
    if !verbs.is_empty()
        && INCLUDING.is_in(sentence)
        && let Some(c) = INCLUDED_GERUNDS.captures(sentence)
    {
        verbs.extend(
            words(&c[1])
                .filter(|(_, w)| w != "and" && w != "or")
                .filter_map(|(_, w)| known_verb(rules, &w).map(|(f, c)| (c, f))),
        );
    }
    if verbs.len() < 2 {
        return None;
    }
    verbs.into_iter().max_by_key(|(c, _)| *c)
}

static INCLUDING: Needle = Needle::new("including");

/// "including creating, updating, and deleting": two or more gerunds after "including".
static INCLUDED_GERUNDS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\bincluding\s+(\w+ing(?:\s*,\s*\w+ing)*,?\s+(?:and|or)\s+\w+ing)\b")
        .expect("a valid regex")
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Classifier;
    use crate::manifest::parse_tool;
    use serde_json::json;

    /// The first version of [`sentence_at`], a test of every byte on the way: the reference.
    fn sentence_at_bytewise(text: &str, at: usize) -> &str {
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

    #[test]
    fn sentences_found_by_byte_search_are_those_a_walk_finds() {
        let texts = [
            "Deletes the file. Then stops! Or not? Yes.\nNext line... v1.2 is out.",
            "No end at all",
            "Ends with a stop.",
            ".Leading stop. ! ? .",
            "Naïve café — deletes. Über.\n\n  Indented line? ok",
            "a.b.c d!e f?g\nh",
            "",
            "\n",
            "trailing space. ",
        ];
        for text in texts {
            for at in (0..=text.len() + 2).filter(|&i| i > text.len() || text.is_char_boundary(i)) {
                assert_eq!(
                    sentence_at(text, at),
                    sentence_at_bytewise(text, at),
                    "{text:?} at {at}"
                );
            }
        }
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
}
