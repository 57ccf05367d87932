//! String literals for each output language. Tool and server names are third-party text: a
//! name with a quote, a newline or `"; permit(...)` must stay one string in every language.
//!
//! Every quoter escapes everything outside printable ASCII (so nothing invisible, no line
//! break and no bidirectional control reaches a file or a terminal raw), the language's quote
//! and its escape character. Each is tested by the real parser of its language
//! (tests/cli/policy.rs).

use std::fmt::Write as _;

fn printable(c: char) -> bool {
    (' '..='~').contains(&c)
}

/// A YAML double-quoted scalar (YAML 1.2 §7.3.1; libyaml and Go's yaml.v3 read it the same).
pub fn yaml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if printable(c) => out.push(c),
            c => push_u(&mut out, c),
        }
    }
    out.push('"');
    out
}

/// A TOML basic string, also valid as a quoted key (TOML 1.0, "Basic strings").
pub fn toml(s: &str) -> String {
    // TOML's escapes are the same as YAML's for this set: \" \\ \uXXXX \UXXXXXXXX.
    yaml(s)
}

/// A CEL string literal (cel-spec, "String and Bytes Values").
pub fn cel(s: &str) -> String {
    // CEL accepts \" \\ \uXXXX \UXXXXXXXX inside a double-quoted literal.
    yaml(s)
}

/// A Cedar string literal (Cedar grammar: STR with Rust-style escapes, `\u{…}`).
pub fn cedar(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    push_cedar_body(&mut out, s, false);
    out.push('"');
    out
}

/// A Cedar `like` pattern that matches `prefix` literally, followed by anything when `star`.
pub fn cedar_like(prefix: &str, star: bool) -> String {
    let mut out = String::with_capacity(prefix.len() + 3);
    out.push('"');
    push_cedar_body(&mut out, prefix, true);
    if star {
        out.push('*');
    }
    out.push('"');
    out
}

fn push_cedar_body(out: &mut String, s: &str, pattern: bool) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // In a `like` pattern `*` is the wildcard; `\*` is a literal star.
            '*' if pattern => out.push_str("\\*"),
            c if printable(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
}

/// `\uXXXX` for the Basic Multilingual Plane, `\UXXXXXXXX` beyond it.
fn push_u(out: &mut String, c: char) {
    let n = c as u32;
    if n <= 0xffff {
        let _ = write!(out, "\\u{n:04x}");
    } else {
        let _ = write!(out, "\\U{n:08x}");
    }
}

/// A comment's text: one sanitised line (no newline can end the comment early).
pub fn comment(s: &str) -> String {
    crate::sanitize::line(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_the_quote_the_escape_and_everything_invisible() {
        let hostile = "a\"; permit(principal, action, resource);\n\u{202e}\\x\u{1f600}";
        let y = yaml(hostile);
        assert_eq!(
            y,
            "\"a\\\"; permit(principal, action, resource);\\u000a\\u202e\\\\x\\U0001f600\""
        );
        assert!(y.chars().all(printable));
        let c = cedar(hostile);
        assert!(c.contains("\\u{a}") && c.contains("\\u{202e}") && c.contains("\\u{1f600}"));
        assert!(c.chars().all(printable));
        assert_eq!(cedar_like("/srv/a*b", true), "\"/srv/a\\*b*\"");
    }
}
