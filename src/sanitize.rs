//! Making untrusted text safe for a terminal.
//!
//! Tool names, descriptions and schemas come from third parties. Printed raw, an ANSI escape in a
//! description could rewrite the user's screen, and a bidirectional override could make
//! `delete_repo` read as something harmless. Everything third-party passes through here before
//! it reaches a terminal; stored data and JSON output keep the text byte for byte (JSON escapes
//! control characters itself).

/// The one table of characters that render as nothing (or as blank) and carry no meaning in
/// ordinary text: zero-width and bidirectional formatting characters, invisible operators,
/// Hangul fillers, line and paragraph separators, variation selectors, the BOM, interlinear
/// annotations and Unicode tag characters. Terminal output drops them ([`is_unsafe`]); the
/// classifier's hidden-text check (`classify::hidden`) looks for them.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}'                   // soft hyphen
        | '\u{61c}'                // Arabic letter mark (a bidi control)
        | '\u{115f}' | '\u{1160}'   // Hangul choseong and jungseong fillers
        | '\u{180e}'               // Mongolian vowel separator
        | '\u{200b}'..='\u{200f}'   // zero-width space/joiners, LRM, RLM
        | '\u{2028}'..='\u{202e}'   // line and paragraph separators, bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'   // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'   // bidi isolates
        | '\u{3164}'               // Hangul filler
        | '\u{fe00}'..='\u{fe0f}'   // variation selectors (they can smuggle bytes)
        | '\u{feff}'                // BOM / zero-width no-break space
        | '\u{fff9}'..='\u{fffb}'   // interlinear annotations
        | '\u{ffa0}'               // halfwidth Hangul filler
        | '\u{e0000}'..='\u{e007f}' // tag characters
        | '\u{e0100}'..='\u{e01ef}' // variation selectors supplement
    )
}

/// Characters that are removed from terminal output: C0 and C1 controls (ESC included, which
/// kills ANSI sequences at their root) and the [`is_invisible`] ones.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// One line of text: unsafe characters removed, newlines and tabs turned into spaces, runs of
/// whitespace collapsed.
pub fn line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else if !is_unsafe(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Multi-line text: unsafe characters removed, but newlines kept.
pub fn block(s: &str) -> String {
    s.lines().map(line).collect::<Vec<_>>().join("\n")
}

/// A single line cut to at most `max` characters, with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    let clean = line(s);
    if clean.chars().count() <= max {
        return clean;
    }
    let mut out: String = clean.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Pretty-printed JSON of `v`, made safe for a terminal by [`json`].
pub fn pretty_json<T: serde::Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    serde_json::to_string_pretty(v).map(json)
}

/// JSON text made safe for a terminal without changing what it means: the characters
/// [`is_unsafe`] names that serde_json leaves raw (DEL, C1 controls, bidirectional, zero-width,
/// tag and variation-selector characters; it escapes C0 itself) are written as `\uXXXX`
/// escapes. JSON's own structure is ASCII, so these can only occur inside strings, and a JSON
/// reader gets back exactly the original text.
pub fn json(text: String) -> String {
    let risky = |c: char| c >= '\u{7f}' && is_unsafe(c);
    if !text.chars().any(risky) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if risky(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escapes_and_invisible_characters() {
        assert_eq!(line("a\u{1b}[31mred\u{1b}[0m"), "a[31mred[0m");
        assert_eq!(line("del\u{202e}ete\u{200b}_repo"), "delete_repo");
        assert_eq!(line("tag\u{e0041}s"), "tags");
        assert_eq!(line("  two\n\tlines  "), "two lines");
        assert_eq!(block("a\u{7}\nb"), "a\nb");
        assert_eq!(line("a\u{61c}b\u{ad}c\u{fe0f}d\u{e0101}e"), "abcde");
        // The classifier's invisible characters are the terminal's too: Hangul fillers and
        // interlinear annotations.
        assert_eq!(line("a\u{3164}b\u{115f}c\u{ffa0}d\u{fff9}e"), "abcde");
        assert_eq!(json("\"a\u{2028}b\"".into()), r#""a\u2028b""#);
        assert_eq!(line("\u{1b}]0;title\u{7}x\r\u{8}y"), "]0;titlex y");
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw_and_means_the_same() {
        let v = serde_json::json!({"n": "a\u{1b}[31m\u{7f}\u{9b}\u{202e}\u{e0041}é✓"});
        let text = json(serde_json::to_string_pretty(&v).unwrap());
        assert!(
            text.contains(r"\u001b[31m\u007f\u009b\u202e\udb40\udc41é✓"),
            "{text}"
        );
        assert!(!text.chars().any(|c| c != '\n' && is_unsafe(c)));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
        assert_eq!(json("{\"plain\": 1}".into()), "{\"plain\": 1}");
    }

    #[test]
    fn truncates_on_characters() {
        assert_eq!(truncate("héllo world", 6), "héllo…");
        assert_eq!(truncate("short", 10), "short");
    }
}
