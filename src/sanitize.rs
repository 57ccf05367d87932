//! Making untrusted text safe for a terminal.
//!
//! Tool names, descriptions and schemas come from third parties. Printed raw, an ANSI escape in a
//! description could rewrite the user's screen, and a bidirectional override could make
//! `delete_repo` read as something harmless. Everything third-party passes through here before
//! it reaches a terminal; stored data and JSON output keep the text byte for byte (JSON escapes
//! control characters itself).

/// Characters that are removed from terminal output: C0 and C1 controls (ESC included, which
/// kills ANSI sequences at their root), zero-width and bidirectional formatting characters,
/// the BOM, and Unicode tag characters.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}'   // zero-width space/joiners, LRM, RLM
        | '\u{202a}'..='\u{202e}'   // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'   // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'   // bidi isolates
        | '\u{feff}'                // BOM / zero-width no-break space
        | '\u{fff9}'..='\u{fffb}'   // interlinear annotations
        | '\u{e0000}'..='\u{e007f}' // tag characters
    )
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
    }

    #[test]
    fn truncates_on_characters() {
        assert_eq!(truncate("héllo world", 6), "héllo…");
        assert_eq!(truncate("short", 10), "short");
    }
}
