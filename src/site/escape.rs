//! Escaping for the site. Every piece of third-party text (names, descriptions, enum values,
//! parameter names, evidence, policy) reaches a page through [`html`] or a JSON file through
//! [`script_json`]; nothing else writes it.

use crate::sanitize::is_unsafe;
use std::fmt::Write as _;

/// Text for HTML element content or a quoted attribute value: `& < > " '` become entities, and
/// characters that hide or reorder text (controls, bidirectional overrides, zero-width and tag
/// characters; see [`is_unsafe`]) are shown as `[U+XXXX]` so that a reader sees them instead
/// of being fooled by them. Newlines and tabs are kept (pages show descriptions with
/// `white-space: pre-wrap`).
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    html_into(&mut out, s);
    out
}

/// [`html`], appending to `out`.
pub fn html_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let rep: Option<&str> = match c {
            '&' => Some("&amp;"),
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '"' => Some("&quot;"),
            '\'' => Some("&#39;"),
            '\n' | '\t' => None,
            '\r' => Some(""),
            c if is_unsafe(c) => Some(""),
            _ => None,
        };
        let Some(rep) = rep else { continue };
        out.push_str(&s[start..i]);
        if rep.is_empty() && c != '\r' {
            let _ = write!(out, "[U+{:04X}]", c as u32);
        } else {
            out.push_str(rep);
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
}

/// Text with the characters that hide or reorder text shown as `[U+XXXX]` (newlines and tabs
/// kept): for strings that scripts place on the page as text (the search index).
pub fn visible(s: &str) -> String {
    if !s.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c) && c != '\n' && c != '\t' {
            let _ = write!(out, "[U+{:04X}]", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// JSON text made safe to load as, or inline into, a `<script>`: `<`, `>` and `&` are written
/// as `\u003c`, `\u003e`, `\u0026` (so `</script>` and `<!--` cannot end or bend the script),
/// and U+2028/U+2029 as escapes (line terminators to older JavaScript). A JSON reader gets the
/// same values back.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            html(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(
            html("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(html("plain text, ünïcode ✓"), "plain text, ünïcode ✓");
        assert_eq!(html(""), "");
    }

    #[test]
    fn hidden_characters_are_shown() {
        assert_eq!(html("a\u{202e}b\u{200b}c"), "a[U+202E]b[U+200B]c");
        assert_eq!(html("x\u{1b}[31my"), "x[U+001B][31my");
        assert_eq!(html("\u{e0041}"), "[U+E0041]");
        assert_eq!(html("line one\r\nline two\tx"), "line one\nline two\tx");
        assert_eq!(visible("a\u{202e}b\nc"), "a[U+202E]b\nc");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = serde_json::json!({"d": "</script><script>alert(1)</script><!-- \u{2028} & x"});
        let text = script_json(&serde_json::to_string(&v).unwrap());
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert!(!text.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
